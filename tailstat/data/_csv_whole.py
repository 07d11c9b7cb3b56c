"""Whole-number columns of a CSV with empty fields, read back as integers.

pandas reads a column of integers with an empty field as floats: the group keys ``1`` and
``10`` of a file with one row missing its key became ``1.0`` and ``10.0`` (a join on the key
then finds nothing), and two ids beyond 2**53 became one group (a review; the same keys from
Parquet, as Int64, stay apart). A column of floats with a missing value, whose first
:data:`PROBE` rows are all written as whole numbers (``12``, ``-3``; never ``1.0`` or
``1e3``), becomes pandas' nullable ``Int64``: exactly, from the floats below 2**53, and from
its text beyond, where floats cannot hold them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tailstat.data._values import NA_WORDS

__all__ = ["whole_number_columns"]

#: Rows read again as text to see how a candidate column is written.
PROBE = 100_000
_WHOLE = r"^\s*[-+]?\d+\s*$"
#: Integers beyond this are not all floats.
_EXACT = 2.0**53
_INT64 = 2**63


def _candidates(df: pd.DataFrame) -> list[int]:
    """Positions of the float columns with a missing value and whole numbers elsewhere."""
    out = []
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        if not pd.api.types.is_float_dtype(col) or not col.isna().any():
            continue
        values = col.to_numpy(dtype=float)
        present = values[~np.isnan(values)]
        if present.size and np.isfinite(present).all() and (present == np.round(present)).all():
            out.append(i)
    return out


def whole_number_columns(df: pd.DataFrame, path: Path, sep: str, header: bool) -> pd.DataFrame:
    """``df`` (read from the CSV ``path``) with each float column that the file writes as
    whole numbers with empty fields converted to ``Int64`` (see the module docstring).

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read.
    path : Path
        The file (read again, as text, for the candidate columns only).
    sep : str
    header : bool
        Whether the file's first line is a header.

    Returns
    -------
    pandas.DataFrame
        ``df``, changed in place.
    """
    cand = _candidates(df)
    if not cand:
        return df
    # the words pandas reads as missing too: a key column '1, 2, NA' read 1.0, 2.0 (a review)
    read = {"sep": sep, "header": 0 if header else None, "dtype": str,
            "keep_default_na": False, "na_values": ["", *sorted(NA_WORDS)]}
    text = pd.read_csv(path, usecols=cand, nrows=PROBE, **read)
    for j, i in enumerate(cand):
        words = text.iloc[:, j].dropna()
        if words.empty or not words.str.match(_WHOLE).all():
            continue  # written as decimals somewhere: floats, as read
        col = df.iloc[:, i]
        if float(np.nanmax(np.abs(col.to_numpy(dtype=float)))) < _EXACT:
            df.isetitem(i, col.astype("Int64"))
            continue
        full = pd.read_csv(path, usecols=[i], **read).iloc[:, 0]
        if len(full) != len(df) or not np.array_equal(full.isna().to_numpy(),
                                                      col.isna().to_numpy()):
            continue  # rows skipped on reading (repeated headers): not aligned, left as read
        present = full.dropna()
        if not present.str.match(_WHOLE).all():
            continue
        ints = [int(w) for w in present]
        if any(not -_INT64 <= v < _INT64 for v in ints):
            continue
        out = pd.array([pd.NA] * len(full), dtype="Int64")
        out[np.flatnonzero(full.notna().to_numpy())] = ints
        df.isetitem(i, pd.Series(out, index=df.index, name=df.columns[i]))
    return df

