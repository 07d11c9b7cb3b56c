"""Which frames tailstat read from a file (or standard input): :func:`frame_source`; and what
an analysis records of the file it read, to tell later that it changed: :func:`file_fingerprint`.

pandas carries a frame's ``attrs`` through selections, copies and arithmetic, so a frame
*derived* from one tailstat read (filtered, a column scaled) still named its file in
``attrs["tailstat_source"]``, and a report said "to run again: tailstat report FILE", which
gives another analysis (a review). The readers register the frames they return by identity
(weakly: a frame its user dropped is gone from here too); only those name their file.
"""

from __future__ import annotations

import os
import weakref
from typing import Any

import pandas as pd

from tailstat._validation import InstanceOf, validate_params

__all__ = ["file_fingerprint", "frame_source", "register_read"]

_READ: weakref.WeakValueDictionary[int, pd.DataFrame] = weakref.WeakValueDictionary()


def register_read(table: Any) -> Any:
    """Record ``table`` (a frame a reader made from a file or standard input) and return it."""
    if isinstance(table, pd.DataFrame):
        _READ[id(table)] = table
    return table


def frame_source(df: Any) -> str | None:
    """The file (or ``"<stdin>"``) ``df`` was read from, if ``df`` is the very frame a reader
    returned (:func:`tailstat.data.read_table`); None otherwise (a frame made from it, or
    any other object). Changes made to the returned frame itself, in place, are not seen.

    Parameters
    ----------
    df : object
        A frame (anything else: None).

    Returns
    -------
    str or None
    """
    read = _READ.get(id(df))
    if read is None or read is not df:
        return None
    source = read.attrs.get("tailstat_source")
    return str(source) if source else None


@validate_params({"path": [InstanceOf(str, os.PathLike, text="a file path")]})
def file_fingerprint(path: str | os.PathLike[str]) -> tuple[int, int]:
    """``(size in bytes, modification time in ns)`` of a file: what an analysis records of
    its source, so a report that re-reads the file can tell that it changed.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    (int, int)
    """
    st = os.stat(path)
    return int(st.st_size), int(st.st_mtime_ns)
