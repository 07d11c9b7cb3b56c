"""CSV data lines with fewer fields than the header names, said (pandas fills the fields a
line lacks with NaN, without a word). Used by :mod:`tailstat.data._files`."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from tailstat._warn import user_level
from tailstat.errors import InputWarning

__all__ = ["warn_short_rows"]

#: Bytes read at a time (8 MiB).
_BLOCK = 1 << 23
#: Bytes that are not blank space (tab, newline, carriage return, space).
_SOLID = np.ones(256, dtype=bool)
_SOLID[[9, 10, 13, 32]] = False


def _per_line(mask: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many bytes of each line ``[start, end)`` ``mask`` marks (running counts with a
    leading 0: a line that starts the block counts from it, a review found an empty one
    there read the block's end)."""
    counts = np.zeros(mask.size + 1, dtype=np.int32)
    np.cumsum(mask, dtype=np.int32, out=counts[1:])
    return counts[ends] - counts[starts]


def _short_lines(path: Path, sep: str, fields: int, header: bool) -> tuple[int, int, bytes]:
    """``(count, line, text)``: how many data lines of a CSV have fewer than ``fields``
    fields, the first one's line number (1-based) and text; blank lines, ``#`` lines and
    lines with a quote (a quoted field may hold the separator, or a line break) are left
    alone. Read in blocks, counted with numpy (a second parse by pandas cost 3.3 s of a
    4.1 s read of 2·10^6 rows)."""
    count, first, text, carry, lineno = 0, 0, b"", b"", 0
    with path.open("rb") as f:
        while True:
            block = f.read(_BLOCK)
            data = carry + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            data, carry = data[:cut], data[cut:]
            if data:
                a = np.frombuffer(data, np.uint8)
                ends = np.flatnonzero(a == 10)
                if ends.size == 0 or ends[-1] != a.size - 1:
                    ends = np.append(ends, a.size)
                starts = np.r_[0, ends[:-1] + 1]
                hits = np.flatnonzero(_per_line(a == ord(sep), starts, ends) < fields - 1)
                if header and lineno == 0:
                    hits = hits[hits > 0]
                if hits.size:  # the few short ones: unless blank, a comment or quoted
                    solid = _per_line(_SOLID[a], starts, ends)[hits]
                    quoted = _per_line(a == ord('"'), starts, ends)[hits]
                    lead = a[np.minimum(starts[hits], a.size - 1)]
                    hits = hits[(solid > 0) & (quoted == 0) & (lead != ord("#"))]
                if hits.size and not count:
                    j = int(hits[0])
                    first = lineno + j + 1
                    text = bytes(data[starts[j]:ends[j]]).rstrip(b"\r")
                count += int(hits.size)
                lineno += int(ends.size)
            if not block:
                return count, first, text


def warn_short_rows(df: pd.DataFrame, path: Path, sep: str, header: bool) -> None:
    """Warn of CSV data lines with fewer fields than the header names: pandas fills the
    missing ones with NaN, so a lone score under ``model,score`` became a group named by the
    score, its value "missing", without a word (a review; a line with too many fields is
    refused by pandas). Said, not refused: a writer that leaves out trailing empty fields
    (``7`` under ``reward,id``) makes such lines whose values stand where they belong.
    Looked for only when some row's last field is missing, in the lines without a quote (a
    quoted field may hold the separator); an empty field written out (``a,``) is a missing
    value, not a short line."""
    if df.shape[1] < 2 or not df.iloc[:, -1].isna().to_numpy().any():
        return
    count, line, text = _short_lines(path, sep, df.shape[1], header)
    if count:
        shown = text.decode("utf-8", "replace")
        n_fields = shown.count(sep) + 1
        warnings.warn(
            f"'{path.name}': line {line} ({shown[:60]!r}) has {n_fields} field"
            f"{'s' if n_fields != 1 else ''} where the header names {df.shape[1]} ({count} "
            f"such line{'s' if count != 1 else ''} in all): its fields were read from the "
            "left and the rest as missing values, so a value may stand in the wrong column. "
            f"Fill the missing fields (an empty field, as in 'a{sep}', is a missing value) "
            "or remove the line.", InputWarning, stacklevel=user_level())
