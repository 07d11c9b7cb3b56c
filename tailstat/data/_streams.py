"""Reading a stream whole -- standard input (``tailstat classify -``), a named pipe or a
process substitution (``<(zcat scores.csv.gz)``) -- within a bound.

The readers need the whole input at once (they sniff its format, then parse it), so a stream
is read into memory: an endless one (``yes 1.5 | tailstat classify -``) was read until the
machine ran out of memory. :func:`read_stream` stops at :func:`stream_limit` bytes with a
:class:`~tailstat.errors.DataError` that says what to do instead.
"""

from __future__ import annotations

import os
from typing import Any

from tailstat.errors import DataError

__all__ = ["read_stream", "stream_limit"]

#: A stream may hold at most this share of the machine's memory: reading it keeps the bytes
#: twice at the peak and the parsed table needs up to 4x a file of short rows ("1.5\n").
MEMORY_SHARE = 8
#: The bound when the machine's memory cannot be read.
DEFAULT_LIMIT = 2 << 30
_CHUNK = 1 << 24


def stream_limit() -> int:
    """The most bytes a stream is read to: 1/:data:`MEMORY_SHARE` of the physical memory
    (:data:`DEFAULT_LIMIT` when unknown)."""
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return DEFAULT_LIMIT
    # sysconf answers -1 for a value it does not know: two of them made a bound of 1 // 8 = 0
    # bytes, and every stream was refused
    if pages <= 0 or size <= 0 or pages * size < MEMORY_SHARE:
        return DEFAULT_LIMIT
    return pages * size // MEMORY_SHARE


def read_stream(stream: Any, what: str) -> bytes:
    """The bytes of ``stream`` (binary, or text encoded as UTF-8) to its end.

    Raises
    ------
    DataError
        When the stream goes on past :func:`stream_limit` bytes; ``what`` names it
        ("standard input", "input 'x'").
    """
    limit = stream_limit()
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise DataError(
                f"{what} goes on past {limit / 1e9:.3g} GB (1/{MEMORY_SHARE} of this "
                "machine's memory) without ending: an endless stream, such as 'yes 1.5 | "
                "tailstat classify -'? A stream is read whole into memory. Give a finite one "
                "(e.g. '... | head -n 1000000 | tailstat classify -'), or save the scores to a "
                "file (Parquet is the most compact) and give its name.")
