"""The columns a table's rewards may be, without ``column=``: its numeric ones (fields of
nested records only when no other is), and a column with no value beside the one numeric
column the intake would read as the rewards.

Without ``column=``, a table's one numeric column is its rewards. A column in which every
entry is missing is no candidate (the empty column a trailing delimiter leaves, ``Unnamed:
2``), but it may be the rewards a run failed to score: an all-empty ``reward`` beside a
filled ``latency_ms`` had the latencies analysed as the rewards without a word (a review:
"heavy (0.90)", exit 0, and a gate deciding on latency). Such a table is refused when the
empty column is named as rewards are and the column read is not; an optional column that
happens to be empty (``notes``, ``error``) is no sign.
"""

from __future__ import annotations

import re
from collections.abc import Hashable

import pandas as pd

from tailstat.data._json_layouts import NESTED
from tailstat.errors import DataError

__all__ = ["numeric_columns", "refuse_empty_beside"]

#: Words of a column name that say it holds rewards (whole words of the name: "score" in
#: "judge_score", not in "scorer_notes"; "return" not in "return_code").
_REWARD_WORDS = frozenset({"reward", "rewards", "score", "scores", "rating", "ratings",
                           "return", "returns", "margin", "margins", "logit", "logits",
                           "preference", "preferences"})
#: Other words beside a reward word that make a name something else than rewards.
_NOT_REWARDS = frozenset({"code", "codes", "std", "sd", "var", "notes", "note", "count",
                          "id", "ids", "model", "name", "type", "time", "version"})
#: pandas' name of a column without a header (a trailing delimiter's, "Unnamed: 2", or a
#: re-read one's "Unnamed: 0.1"), and no name at all.
_UNNAMED = re.compile(r"^(Unnamed: \d+(\.\d+)?(_level_\d+)?|\s*)$")


def _rewardish(label: Hashable) -> bool:
    words = set(re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", str(label)).lower()))
    return bool(words & _REWARD_WORDS) and not words & _NOT_REWARDS


def _empty(col: pd.Series) -> bool:
    """Every entry missing, or blank text (a JSON "" where no score was written)."""
    filled = col.dropna()
    if filled.empty:
        return True
    if col.dtype != object and not pd.api.types.is_string_dtype(col.dtype):
        return False
    return bool(filled.map(lambda v: isinstance(v, str) and not v.strip()).all())


def refuse_empty_beside(df: pd.DataFrame, chosen: Hashable) -> None:
    """Refuse ``df`` when a column named as rewards are (``reward``, ``judge_score``) holds
    no value at all while ``chosen``, the one numeric column, is not named so. A table
    without rows (the Dask engine's frame of column types) is left to its caller."""
    if len(df) == 0 or _rewardish(chosen):
        return
    empty = [c for c in df.columns if c is not chosen and c != chosen
             and not _UNNAMED.match(str(c)) and _rewardish(c) and _empty(df[c])]
    if not empty:
        return
    shown = ", ".join(repr(str(c)) for c in empty[:5]) + (
        f" and {len(empty) - 5} more" if len(empty) > 5 else "")
    raise DataError(
        f"column{'s' * (len(empty) > 1)} {shown} hold{'s' * (len(empty) == 1)} no value at all "
        f"(every entry is missing or blank), and the one numeric column left is "
        f"{str(chosen)!r}: tailstat will not guess that it is the rewards. If it is, name it "
        f"with column={str(chosen)!r} (--column {str(chosen)!r} on the command line); if the "
        "rewards are the empty column, score the rows first.")


def numeric_columns(df: pd.DataFrame) -> list[str]:
    """The numeric columns that may be the rewards; one that holds no value at all (a
    trailing delimiter's empty column, an all-null Parquet column) is none when another one
    holds values (a review: "several numeric columns ['reward', 'Unnamed: 2']")."""
    numeric = [c for c in df.columns
               if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
    inner = set(df.attrs.get(NESTED) or ())  # fields of nested records: chosen only alone
    numeric = [c for c in numeric if str(c) not in inner] or numeric
    filled = [c for c in numeric if bool(df[c].notna().any())] if len(numeric) > 1 else numeric
    return [str(c) for c in (filled or numeric)]
