"""What a reader records of its table for the analysis: ``DataFrame.attrs`` keys
``"tailstat_column"`` (the reward column), ``"tailstat_by"`` (the grouping columns),
``"tailstat_format"`` and ``"tailstat_source"``, which :func:`tailstat.data.check_groups`
honours when ``column=`` / ``by=`` are not given (:mod:`tailstat.data.readers`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tailstat.data._read_frames import register_read

__all__ = ["TRL_NOT_REWARD", "tag", "trl_reward_columns"]

#: The numeric columns of TRL completion logs that are no reward function's.
TRL_NOT_REWARD = frozenset({"step", "advantage", "mode"})


def tag(df: pd.DataFrame, *, column: str | None, by: Sequence[str] | None, fmt: str,
        source: str) -> pd.DataFrame:
    """``df`` with the reader's defaults recorded in its ``attrs`` (module doc); a table read
    from a file (``source`` not "in-memory ...") is registered as read from it
    (:func:`tailstat.data.frame_source`), as the public readers return it."""
    df.attrs.update(tailstat_column=column, tailstat_by=tuple(by) if by else None,
                    tailstat_format=fmt, tailstat_source=source)
    return df if source.startswith("in-memory") else register_read(df)


def trl_reward_columns(df: pd.DataFrame) -> list[str]:
    """The reward-function columns of TRL completion logs: the numeric ones (not booleans)
    but :data:`TRL_NOT_REWARD`, as the frame holds them now."""
    return [str(c) for c in df.columns if str(c) not in TRL_NOT_REWARD
            and pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
