"""TRL ``GRPOTrainer`` completion logs (``log_completions=True``) as one table: a folder of
``completions_<step>.parquet`` files (``step, prompt, completion, <one column per reward
function>, advantage``), or one such file, grouped by step or by bins of steps (module doc of
:mod:`tailstat.data.readers`, which chooses this reader by the files' shape).

References
----------
TRL ``GRPOTrainer`` documentation (``log_completions``).
"""

from __future__ import annotations

import os
import re
import warnings
from numbers import Integral
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._validation import Interval, StrOptions, validate_params
from tailstat._warn import user_level
from tailstat.data import _files
from tailstat.data._arrow import to_pandas
from tailstat.data._defaults import TRL_NOT_REWARD, trl_reward_columns
from tailstat.data._defaults import tag as _tag
from tailstat.data._files import read_plain_table
from tailstat.data._values import PANDAS_VERSION
from tailstat.data.shards import parquet_files
from tailstat.errors import DataError, InputWarning

__all__ = ["TRL_FIXED", "read_trl_completions", "refuse_mixed_folder", "trl_files",
           "with_modes"]

#: The columns every TRL completion log holds besides its reward functions'.
TRL_FIXED = ("step", "prompt", "completion", "advantage")


def refuse_mixed_folder(path: Path) -> None:
    """Refuse a folder whose format was to be read from its shape when it holds TRL
    completion logs beside other Parquet files: it had been read as the logs alone, without
    a word, so a table of 10,000 rows with a log of 300 somewhere below it gave the log's
    verdict (a review)."""
    logs = set(trl_files(path, warn=False))
    others = [f for f in parquet_files(path)
              if f not in logs and not f.name.startswith("completions_")]
    if logs and others:
        where = sorted({str(f.parent.relative_to(path)) or "." for f in logs})
        raise DataError(
            f"input '{path}' holds TRL completion logs ({len(logs)} completions_<step>.parquet "
            f"file(s), in {', '.join(repr(w) for w in where[:3])}) and {len(others)} other "
            f"Parquet file(s) ({', '.join(repr(f.name) for f in others[:3])}): give the folder "
            "or file you mean, or read the logs alone with tailstat.data.read_table(path, "
            "format='trl') (--format trl on the command line).")


def trl_files(path: Path, warn: bool = True) -> list[Path]:
    """The completion logs under ``path``. GRPOTrainer writes one file per logging step into
    one folder per run (and mode): :func:`read_trl_completions` refuses logs in several
    folders that no ``mode`` tells apart (:func:`_one_run`). Files named like
    completion logs but not ``completions_<step>.parquet`` are left out, with a warning
    unless ``warn`` is False."""
    found = sorted(path.rglob("completions_*.parquet"), key=lambda p: (str(p.parent), p.name))
    # a step file is completions_<step>.parquet: another name (a merged completions_all)
    # would count its rows twice (a review)
    files = [f for f in found if re.fullmatch(r"completions_\d+\.parquet", f.name)]
    others = [f.name for f in found if f not in files]
    if others and files:
        if warn:  # (once: the format's sniffing asks too)
            warnings.warn(f"'{path}': {len(others)} file(s) named like completion logs but "
                          f"not completions_<step>.parquet ({', '.join(map(repr, others[:3]))})"
                          " are left out: GRPOTrainer writes one file per step, and a merged "
                          "file would count its rows twice.", InputWarning,
                          stacklevel=user_level())
    elif others:
        files = found  # no step files at all: the files as they are named
    return files


def _one_run(path: Path, files: list[Path], frames: list[pd.DataFrame]) -> None:
    """Refuse logs in several folders unless each folder holds one ``mode`` of its own (the
    train and eval logs of one run, which the reader then groups by mode): several runs under
    one root, or a run resumed into another folder, would pool their completions. A review:
    only the same step file in two folders was refused, so runs logged at other steps (15,
    25, 35 beside 10, 20, 30) were pooled without a word, and train and eval folders were
    refused or grouped by whether their steps happened to coincide."""
    folders = list(dict.fromkeys(f.parent for f in files))
    if len(folders) < 2:
        return
    modes: dict[Path, set[Any]] = {}
    for f, df in zip(files, frames, strict=True):
        got = set(df["mode"].dropna().unique().tolist()) if "mode" in df.columns else {None}
        modes.setdefault(f.parent, set()).update(got or {None})
    alone = [next(iter(m)) for m in modes.values() if len(m) == 1]
    if len(alone) == len(folders) and None not in alone and len(set(alone)) == len(alone):
        return  # one mode per folder, each its own
    shown = ", ".join(f"'{g.relative_to(path) if g != path else '.'}'" for g in folders[:4]) + (
        f" and {len(folders) - 4} more" if len(folders) > 4 else "")
    raise DataError(
        f"'{path}' holds completion logs in {len(folders)} folders ({shown}) that no 'mode' "
        "column tells apart: separate runs, or one run resumed into another folder. Reading "
        "them together would pool their completions; point at one of the folders, or read "
        "each with tailstat.data.read_trl_completions and concatenate them with a column "
        "naming the run to group by.")


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The step files as one frame. pandas 2 leaves a file whose column is all None (object)
    out of the result's dtype, with a FutureWarning that pandas 3 ends (object); the reader's
    ``nulls_as_numbers`` makes such a column float either way, so the warning is silenced,
    with a (process-wide) filter only where pandas issues it. A file of no rows is left out
    (its columns of no type made every step a float: keys 1.0, 2.0, ...; a review)."""
    frames = [f for f in frames if len(f)] or frames[:1]
    if PANDAS_VERSION >= (3, 0):
        return pd.concat(frames, ignore_index=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation with empty "
                                "or all-NA", FutureWarning)
        return pd.concat(frames, ignore_index=True)


@validate_params({"by": [StrOptions({"step"}), None],
                  "step_bins": [Interval(Integral, 1, None), None]})
def read_trl_completions(
    data: Any,
    *,
    by: Literal["step"] | None = None,
    step_bins: int | None = None,
) -> pd.DataFrame:
    """TRL GRPO completion logs (``completions_*.parquet``) as one table.

    Parameters
    ----------
    data : path or DataFrame-like
        A folder (searched recursively, e.g. ``output_dir/completions``) of
        ``completions_<step>.parquet`` files written by ``GRPOTrainer`` with
        ``log_completions=True``, one such file, or the same table in memory.
    by : {"step"}, optional
        Group by training step.
    step_bins : int, optional
        Group the steps into this many consecutive bins of equal width over the logged
        range, each closed on the left (the last on both sides), in a ``steps`` column
        labelled ``"first-last"`` by the first and last step each holds (``"first"`` for a
        bin of one step; missing for a row
        without a step: a group of its own, as with ``by="step"``). Groups of a few
        completions each are rarely enough for a tail estimate; a few bins usually are.

    Returns
    -------
    pandas.DataFrame
        The logged columns (``step, prompt, completion``, one column per reward function,
        ``advantage``, and ``mode`` in newer TRL; ``step`` as nullable integers, ``Int64``,
        when every logged step is a whole number), plus ``steps`` with ``step_bins``. The
        default reward column is the only reward function's column; with several, pass
        ``column=`` (``--column``).

    Raises
    ------
    DataError
        A folder without completion logs, a table without ``step``, both ``by`` and
        ``step_bins``, or ``step_bins`` with a non-numeric, infinite or empty ``step``.
    """
    if by is not None and step_bins is not None:
        raise DataError("give either by='step' or step_bins=, not both.")
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        source = str(path)
        if path.is_dir():
            files = trl_files(path)
            if not files:
                raise DataError(f"'{path}' holds no completions_*.parquet files; point at "
                                "the folder GRPOTrainer writes with log_completions=True.")
            try:
                frames = [pd.read_parquet(f) for f in files]
            except Exception as exc:
                raise DataError(f"could not read the TRL completion logs in '{path}': "
                                f"{exc}") from None
            _one_run(path, files, frames)
            df = _concat(frames)
        else:
            df = read_plain_table(path)
    else:
        source = "in-memory table"
        df = to_pandas(data)
        if not isinstance(df, pd.DataFrame):
            raise DataError(f"TRL completion logs must be a table or a folder, got a "
                            f"{type(df).__name__}.")
        df = df.copy()
    if "step" not in df.columns:
        raise DataError(f"{source} is not a TRL completion log: it has no 'step' column "
                        f"(columns {[str(c) for c in df.columns][:20]}).")
    _files.nulls_as_numbers(df, TRL_NOT_REWARD)  # a reward function's all-None step
    rewards = trl_reward_columns(df)
    empty = [c for c in rewards if not df[c].notna().any()]
    if empty and len(empty) < len(rewards):  # a function that logged nothing is no candidate
        # (a review: an all-None function beside the one reward made the reader ask which)
        rewards = [c for c in rewards if c not in empty]
        warnings.warn(f"{source}: the reward function column{'s' * (len(empty) > 1)} "
                      f"{', '.join(repr(c) for c in empty)} hold{'s' * (len(empty) == 1)} no "
                      f"value in these logs (all None) and {'are' if len(empty) > 1 else 'is'} "
                      "left out.", InputWarning, stacklevel=user_level())
    group: tuple[str, ...] | None = None
    # whole steps as integers whoever groups by them (a review: by="step" given to analyze or
    # the CLI, not to this reader, named the groups "1.0", "2.0")
    df["step"] = _whole_steps(df["step"])
    if by == "step":
        group = ("step",)
    elif step_bins is not None:
        df["steps"] = _step_labels(df["step"], step_bins, source)
        group = ("steps",)
    out = _tag(df, column=rewards[0] if len(rewards) == 1 else None, by=group, fmt="trl",
               source=source)
    out.attrs["tailstat_reward_columns"] = tuple(rewards)  # the candidates, for the error
    return out


def _whole_steps(step: pd.Series) -> pd.Series:
    """The training steps as integers (nullable ``Int64``) when every step given is a whole
    number: a log with a missing step reads its column as floats, and the groups were
    named "1.0", "2.0" (a review); other columns are returned as they are."""
    if pd.api.types.is_integer_dtype(step.dtype) or pd.api.types.is_bool_dtype(step.dtype):
        return step
    given = step.dropna()
    if not pd.api.types.is_float_dtype(step.dtype) and (  # (per row: text only; a review
            given.size and given.map(lambda v: isinstance(v, (str, bytes))).all()):  # timed it)
        return step  # (steps all written as text keep their text, ordered by their numbers;
        # text beside numbers, as concatenated logs may hold, is read as the numbers)
    num = pd.to_numeric(step, errors="coerce")
    given = step.notna().to_numpy()
    if not given.any() or num.isna().to_numpy()[given].any():  # text that is not a number
        return step
    values = num.to_numpy(dtype=float, na_value=np.nan)[given]
    if not (np.all(np.isfinite(values)) and np.all(values == np.round(values))
            and np.all(np.abs(values) < 2.0**53)):
        return step
    return num.astype("Int64")


def _step_labels(step: pd.Series, bins: int, source: str) -> np.ndarray:
    """Each row's step bin, ``"first-last"`` (``"first"`` for a bin of one step); None (a
    group of its own) without a step."""
    missing = step.isna().to_numpy()
    steps = np.where(missing, np.nan, pd.to_numeric(step, errors="coerce").to_numpy(dtype=float))
    bad = ~missing & ~np.isfinite(steps)
    if bad.any() or missing.all():
        what = f"holds {step[bad].tolist()[0]!r}" if bad.any() else "holds no step at all"
        raise DataError(f"{source}: the 'step' column {what}; step_bins= needs the training "
                        "step of the logged rows as finite numbers: fix the log, or leave "
                        "step_bins out.")
    hi = float(steps[~missing].max())
    edges = np.linspace(float(steps[~missing].min()), hi, bins + 1)
    idx = np.clip(np.searchsorted(edges, steps, side="right") - 1, 0, bins - 1)
    whole = bool(np.all(steps[~missing] == np.round(steps[~missing])))
    width = len(str(int(hi)))
    ends = []
    for i in range(bins):  # a bin is named after the first and last step it holds
        inside = steps[(idx == i) & ~missing]
        ends.append((inside.min(), inside.max()) if inside.size else (edges[i], edges[i]))
    # steps that are not whole numbers keep the decimals that tell the bins apart (a review:
    # steps 0.1, 0.5 and 0.9 in three bins were all named "0", one group), zero-padded as
    # whole ones are, so that the bins sort as text in training order (a re-read)
    specs = [f"0{width}d"] if whole else [*(f"0{width + 1 + d}.{d}f" for d in range(1, 18)),
                                          ".17g"]  # (steps of 1e-20 apart: no decimals tell)
    labels = next(names for spec in specs
                  if (names := _bin_names(ends, spec, spec == specs[-1])) is not None)
    out = np.asarray(labels, dtype=object)[idx]
    out[missing] = None
    return out


def _bin_names(ends: list[tuple[float, float]], spec: str, final: bool = True
               ) -> list[str] | None:
    """``"first-last"`` per bin (``"first"`` for a bin of one step: not "20-20"), each step
    formatted by ``spec`` (zero-padded, to sort as text: ``"0{width}d"`` for whole steps);
    None when ``spec`` shows two different steps alike, unless it is the ``final`` one."""
    def text(v: float) -> str:
        return format(int(v) if spec.endswith("d") else v, spec)
    steps = {float(v) for pair in ends for v in pair}
    if len({text(v) for v in steps}) < len(steps) and not final:
        return None
    return [text(a) if a == b else f"{text(a)}-{text(b)}" for a, b in ends]


def with_modes(df: pd.DataFrame, by: Any, source: str) -> Any:
    """``by``, with ``"mode"`` first when the TRL logs ``df`` hold several modes and ``by``
    does not group by it: the train and eval completions (at steps of their own) were pooled
    into the same groups (a review), and so they were under a by= given by the caller (a
    re-read), so :func:`tailstat.data.check_groups` calls this where the caller's grouping
    and the reader's meet."""
    modes = df["mode"].dropna().unique().tolist() if "mode" in df.columns else []
    given = list(by) if isinstance(by, (list, tuple)) else ([] if by is None else [by])
    if len(modes) < 2 or "mode" in given:
        return by
    warnings.warn(f"{source} holds completion logs of {len(modes)} modes "
                  f"({', '.join(map(repr, modes[:4]))}): they are grouped by 'mode'"
                  f"{' as well' if given else ''}, not pooled.", InputWarning,
                  stacklevel=user_level())
    return ("mode", *given)
