"""The RewardBench reader (``format="rewardbench"``): rows of ``*_outputs.jsonl`` with
``scores_chosen`` / ``scores_rejected`` (numbers or lists), the column-oriented
``eval-set-scores`` object, and RewardBench 2 rows with a ``scores`` list and ``num_correct``;
the layouts and ``scores=`` are described in :mod:`tailstat.data.readers`.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._formats import SCORES
from tailstat._validation import StrOptions, validate_params
from tailstat._warn import user_level
from tailstat.data._arrow import to_pandas
from tailstat.data._defaults import tag as _tag
from tailstat.data._files import read_plain_table
from tailstat.errors import DataError, InputWarning

__all__ = ["SCORES", "lists_from_text", "read_rewardbench"]


#: The name of the returned table's index: each score's row of the file (0-based), which the
#: intake's errors name (a row of the file holds several scores).
FILE_ROW = "file_row"


#: The advice for RewardBench 2 rows without ``num_correct`` (the command line words it as
#: its option: ``tailstat._cli_output``). ``analyze()`` has no ``scores=`` (a review).
READ_BOTH = ("read every score, sides unknown, with tailstat.data.read_table(path, "
             "scores='both') and analyze that table (--scores both on the command line)")

def _as_list(v: Any, column: str, row: int, where: str) -> list[float]:
    """A score cell of ``column`` (at ``row`` of the file, 0-based) as a list of floats (a
    number, a list, or missing)."""
    listed = isinstance(v, (list, tuple, np.ndarray))
    if v is None or (listed and len(v) == 0):
        # a null cell, or an empty list: one missing score, counted as a NaN cell is (not
        # none: review 384, the row vanished)
        return [np.nan]
    out: list[float] = []
    for e in np.asarray(v, dtype=object).ravel() if listed else [v]:
        try:
            if isinstance(e, (bool, np.bool_)):  # JSON true/false: refused, as everywhere
                raise TypeError
            out.append(np.nan if e is None or pd.isna(e) else float(e))
        except (TypeError, ValueError, OverflowError):
            raise DataError(f"{where}row {row} (counting from 0): its RewardBench '{column}' "
                            f"{'list' if listed else 'cell'} holds {e!r}, not a number; scores "
                            "must be numbers (null when missing): check the file is a "
                            "RewardBench output, or fix that row.") from None
    return out


def _num_correct(values: pd.Series, where: str, cells: pd.Series, lists: list) -> list[int]:
    """``num_correct`` as counts, each at most its row's list of scores (a null cell has no
    length to check); a DataError names the first that is not."""
    # (an empty list, like a null cell, has no length to check: review 389)
    lengths = [(len(s) if len(v) else np.inf) if isinstance(v, (list, tuple, np.ndarray))
               else np.inf if pd.isna(v) else 1
               for v, s in zip(cells, lists, strict=True)]  # a number: one score
    k = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    bad = ~((k >= 0) & (k == np.floor(k)) & np.isfinite(k) & (k <= np.asarray(lengths)))
    if bad.any():
        i = int(np.argmax(bad))
        what = ("no 'num_correct'" if values.isna().iloc[i] else f"'num_correct' "
                f"{values.tolist()[i]!r}" + (f" but {lengths[i]:g} score(s)" if k[i] > lengths[i]
                                             else ", not a count"))
        raise DataError(f"{where}row {i} (counting from 0) has {what}; it counts the row's "
                        "correct completions, which tells its chosen scores from the rejected "
                        "ones: fill it in, or drop the row.")
    return k.astype(int).tolist()


def _rewardbench_kind(df: pd.DataFrame) -> str | None:
    cols = set(map(str, df.columns))
    return "v1" if {"scores_chosen", "scores_rejected"} <= cols else (
        "v2" if "scores" in cols else None)


def _rewardbench_rows(df: Any, lists_only: bool = False) -> bool:
    """Whether a table holds RewardBench rows: version 1's chosen and rejected scores (not
    with ``lists_only``), or version 2's lists of scores (with ``lists_only``, only beside
    ``num_correct`` and ``subset``, as RewardBench 2 writes them: a table of the caller's
    with a column of lists named "scores" is not one; a review)."""
    if not isinstance(df, pd.DataFrame):
        return False
    kind = _rewardbench_kind(df)
    if lists_only and not {"num_correct", "subset"} <= set(map(str, df.columns)):
        return False
    return (kind == "v1" and not lists_only) or (kind == "v2" and any(
        isinstance(v, (list, np.ndarray)) for v in df["scores"].head(1000)))


def lists_from_text(values: pd.Series, where: str = "") -> pd.Series | None:
    """A column of lists written as text, as lists of floats (RewardBench 2's ``scores``
    saved as CSV, whose ``num_correct`` was then read as the rewards: a review); None when
    the cells are not text that starts with ``[`` (missing ones stay missing).

    Read as pandas, numpy and Arrow write lists: ``[0.1, 1.15, nan]``, ``[ 0.34  0.82
    -1.3 ]`` (an array), ``[np.float64(0.49), None]``; ``nan``, ``None`` and ``null`` are
    missing scores. A cell that starts with ``[`` but holds something else is a DataError
    naming its row (``where`` names the file), not a column read as something else.
    """
    present = values.dropna()
    listed = [isinstance(v, str) and v.lstrip()[:1] == "[" for v in present]
    if not any(listed) or not all(ok or _number_text(v) for ok, v in zip(listed, present,
                                                                          strict=True)):
        return None
    out: list[Any] = []
    for row, v in enumerate(values):
        if not isinstance(v, str):
            out.append(v)
            continue
        if v.lstrip()[:1] != "[":  # a single score beside lists (best-of-n subsets among
            out.append([float(v)])  # one-score ones, saved as CSV: a review)
            continue
        inner = _NUMPY_SCALAR.sub(r"\1", v.strip())
        parsed = None
        if inner.endswith("]") and "[" not in inner[1:]:
            words = [w for w in re.split(r"[,\s]+", inner[1:-1]) if w]
            try:
                parsed = [None if w.lower() in _MISSING_WORDS else float(w) for w in words]
            except ValueError:
                parsed = None
        if parsed is None:  # (named by its own column: a re-read, RewardBench 1's too)
            raise DataError(f"{where}row {row} (counting from 0): its {values.name!r} cell "
                            f"{v[:60]!r} is no list of numbers; save RewardBench outputs as "
                            "JSONL or Parquet, whose lists stay lists.")
        out.append([np.nan if x is None else x for x in parsed])
    return pd.Series(out, index=values.index, name=values.name, dtype=object)


def _number_text(v: Any) -> bool:
    """Whether a cell is a number, or text that is one (a CSV column mixing lists and single
    scores is read as text)."""
    if not isinstance(v, str):
        return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
    try:
        float(v)
    except ValueError:
        return False
    return True


#: ``np.float64(0.49)`` as numpy 2 writes a scalar inside a list: its number.
_NUMPY_SCALAR = re.compile(r"np\.(?:float|int)\d*\(([^()]*)\)")
#: Words for a missing score inside a list written as text (``float`` reads the others,
#: ``inf`` and ``nan`` included).
_MISSING_WORDS = frozenset({"none", "null", "nan", "<na>"})


@validate_params({"scores": [StrOptions(set(SCORES))]})
def read_rewardbench(data: Any, scores: Literal["chosen", "rejected", "both", "margin"]
                     = "chosen") -> pd.DataFrame:
    """RewardBench outputs as one row per score, grouped by ``subset`` by default.

    Parameters
    ----------
    data : path or DataFrame-like
        ``*_outputs.jsonl`` rows, a column-oriented ``eval-set-scores/*.json`` object, or
        RewardBench 2 rows with a ``scores`` list (and ``num_correct``); or the same as an
        in-memory table.
    scores : {"chosen", "rejected", "both", "margin"}
        Which scores to analyse: of the chosen responses, of the rejected ones, both pooled (with a
        ``which`` column saying which; missing for RewardBench 2 rows without ``num_correct``,
        which do not say), or the margin ``chosen - max(rejected)`` of each row (the
        plain difference when each side has one score; the smallest chosen score when there are
        several). Missing scores inside a list are left out of the margin, with a warning counting
        their rows; a side with no score gives NaN, and a row holding an infinite score an
        infinite margin (which the analysis refuses for that row's group, as it refuses the
        infinite score itself with the other choices).

    Returns
    -------
    pandas.DataFrame
        Columns ``score`` (or ``margin``), ``model`` (when the input holds several models),
        ``subset`` (when the input has it), ``id`` (when it has it) and, with
        ``scores="both"``, ``which``; indexed by ``file_row``, each score's row of the input
        (0-based; a row holding several scores repeats it), which the analysis's errors name;
        ``attrs`` name the default column and ``by=("subset",)`` (``("model", "subset")``
        with several models).

    Raises
    ------
    DataError
        When the input has neither ``scores_chosen`` / ``scores_rejected`` nor ``scores``, a
        score is not a number, or a ``num_correct`` is not a count.
    """
    source = str(data) if isinstance(data, (str, os.PathLike)) else "in-memory table"
    # a file's messages start with its name; a table's, read from a file by the caller, with
    # nothing (the caller names the file: it read "f20.json: in-memory table: ...")
    where = "" if source == "in-memory table" else f"{source}: "
    df = read_plain_table(data) if isinstance(data, (str, os.PathLike)) else to_pandas(data)
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"RewardBench outputs must be a table or a file, got a "
                        f"{type(df).__name__}.")
    kind = _rewardbench_kind(df)
    if kind is None:
        raise DataError(f"{source} is not a RewardBench output: it has neither "
                        "'scores_chosen' and 'scores_rejected' nor a 'scores' list; it has "
                        f"columns {[str(c) for c in df.columns][:20]}. Use another --format.")
    sides_known = True  # which scores are chosen (False: RewardBench 2 without num_correct)
    if kind == "v1":
        # lists saved as CSV are text, as for RewardBench 2 (a review: refused as no number)
        chosen, rejected = (_side_lists(df[col], col, where)
                            for col in ("scores_chosen", "scores_rejected"))
    else:
        lists = lists_from_text(df["scores"], where)  # saved as CSV: lists written as text
        cells = df["scores"] if lists is None else lists
        all_scores = [_as_list(v, "scores", i, where) for i, v in enumerate(cells)]
        if "num_correct" in df.columns:
            ncorr = _num_correct(df["num_correct"], where, cells, all_scores)
        elif scores == "both":  # every score, which side unknown (a review: all were
            ncorr, sides_known = [0] * len(all_scores), False  # labelled "rejected")
        else:
            raise DataError(f"{where}RewardBench 2 rows need 'num_correct' to tell the "
                            "chosen scores from the rejected ones; " + READ_BOTH + ".")
        chosen = [s[:k] for s, k in zip(all_scores, ncorr, strict=True)]
        rejected = [s[k:] for s, k in zip(all_scores, ncorr, strict=True)]
    # several models' rows in one file are kept apart by their model (a review: a normal
    # reward model and a Cauchy one were pooled into each subset without a word); a model
    # column of one value, as RewardBench writes it, adds nothing
    several = "model" in df.columns and df["model"].nunique(dropna=False) > 1
    meta = ["model"] * several + [c for c in ("subset", "id") if c in df.columns]
    parts: list[pd.DataFrame] = []
    if scores == "margin":
        holes = sum(any(len(s) > 1 and np.isnan(s).any() for s in pair)
                    for pair in zip(chosen, rejected, strict=True))
        if holes:  # said at the caller's line
            warnings.warn(f"{holes} of the {len(df)} RewardBench rows hold missing scores "
                          "inside their score lists: their margins leave them out (a side "
                          "with no score at all gives no margin); fill or drop them if each "
                          "margin should use every score.", InputWarning,
                          stacklevel=user_level())
        real = [([e for e in c if e == e], [e for e in r if e == e])  # NaN != NaN: left out
                for c, r in zip(chosen, rejected, strict=True)]
        # a row holding an infinite score gets an infinite margin, which the intake refuses
        # for that row's group alone, as the other --scores refuse the score itself (inf - inf
        # is NaN, which it would drop as missing, and min/max could pass over it: reviews)
        vals = [math.inf if any(map(math.isinf, c + r)) else min(c) - max(r) if c and r
                else np.nan for c, r in real]
        out = pd.DataFrame({"margin": np.asarray(vals, dtype=float)},
                           index=pd.RangeIndex(len(vals), name=FILE_ROW))
        for m in meta:
            out[m] = df[m].to_numpy()
        column = "margin"
    else:
        sides = {"chosen": [chosen], "rejected": [rejected], "both": [chosen, rejected]}[scores]
        names = ["chosen", "rejected"] if scores == "both" else [scores]
        for side, name in zip(sides, names, strict=True):
            lens = np.array([len(s) for s in side], dtype=int)
            rows = np.repeat(np.arange(len(side)), lens)
            flat = np.array([e for s in side for e in s], dtype=float)
            part = pd.DataFrame({"score": flat}, index=pd.Index(rows, name=FILE_ROW))
            for m in meta:
                part[m] = df[m].to_numpy()[rows]
            if scores == "both":
                part["which"] = name if sides_known else None
            parts.append(part)
        out = pd.concat(parts)
        column = "score"
    by = tuple(c for c in ("model", "subset") if c in meta)
    return _tag(out, column=column, by=by or None, fmt="rewardbench", source=source)


def _side_lists(cells: pd.Series, col: str, where: str) -> list[list[float]]:
    """A RewardBench 1 column of scores as lists (lists written as text in a CSV read)."""
    text = lists_from_text(cells, where)
    return [_as_list(v, col, i, where) for i, v in enumerate(cells if text is None else text)]


def _rewardbench_columns(obj: dict[str, Any]) -> pd.DataFrame | None:
    """A column-oriented RewardBench object (eval-set-scores) as rows; None if it is not one."""
    rows_of_lists = isinstance(obj.get("scores"), list) and any(  # RewardBench 2, not a
        isinstance(e, list) for e in obj["scores"])  # plain {"scores": [0.1, ...]} column
    if not ({"scores_chosen", "scores_rejected"} <= set(obj) or rows_of_lists):
        return None
    cols = {k: v for k, v in obj.items() if isinstance(v, list)}
    lengths = {len(v) for v in cols.values()}
    if len(lengths) != 1:
        # scalar metadata (model, chat_template) is dropped; lists must line up
        raise DataError("the RewardBench object's lists have different lengths "
                        f"{sorted(lengths)}; it is not a column-oriented RewardBench output.")
    return pd.DataFrame(cols)
