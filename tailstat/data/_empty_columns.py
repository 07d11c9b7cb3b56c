"""A column with no value beside the one numeric column the intake would read as the rewards.

Without ``column=``, a table's one numeric column is its rewards. A column in which every
entry is missing is no candidate (the empty column a trailing delimiter leaves, ``Unnamed:
2``), but it may be the rewards a run failed to score: an all-empty ``reward`` beside a
filled ``latency_ms`` had the latencies analysed as the rewards without a word (a review:
"heavy (0.90)", exit 0, and a gate deciding on latency). Such a table is refused unless the
column read is named as rewards are and no empty one is.
"""

from __future__ import annotations

import re
from collections.abc import Hashable

import pandas as pd

from tailstat.errors import DataError

__all__ = ["refuse_empty_beside"]

#: Words of a column name that say it holds rewards.
_REWARD_WORDS = ("reward", "score", "rating", "return", "margin", "logit", "preference")
#: pandas' name of a column without a header (a trailing delimiter's), and no name at all.
_UNNAMED = re.compile(r"^(Unnamed: \d+(_level_\d+)?|\s*)$")


def _rewardish(label: Hashable) -> bool:
    text = str(label).lower()
    return any(word in text for word in _REWARD_WORDS)


def refuse_empty_beside(df: pd.DataFrame, chosen: Hashable) -> None:
    """Refuse ``df`` when a named column other than ``chosen`` holds no value at all, unless
    ``chosen`` is named as rewards are and no such empty column is."""
    empty = [c for c in df.columns if c is not chosen and c != chosen
             and not _UNNAMED.match(str(c)) and not bool(df[c].notna().any())]
    if not empty or (_rewardish(chosen) and not any(map(_rewardish, empty))):
        return
    shown = ", ".join(repr(str(c)) for c in empty[:5]) + (
        f" and {len(empty) - 5} more" if len(empty) > 5 else "")
    raise DataError(
        f"column{'s' * (len(empty) > 1)} {shown} hold{'s' * (len(empty) == 1)} no value at all "
        f"(every entry is missing), and the one numeric column left is {str(chosen)!r}: "
        "tailstat will not guess that it is the rewards. If it is, name it with "
        f"column={str(chosen)!r} (--column {str(chosen)!r} on the command line); if the "
        "rewards are the empty column, score the rows first.")
