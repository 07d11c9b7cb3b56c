"""The bytes of a file tailstat writes as text: plain, or compressed by its name's suffix."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os

from tailstat.errors import DataError

__all__ = ["file_bytes"]

#: Suffixes of archives and compressors tailstat does not write: a name that ends in one
#: would hold plain text.
_NOT_WRITTEN = frozenset({"zip", "zst", "zstd", "7z", "tar", "tgz", "lz4", "br", "z",
                          "lzma", "lz", "sz", "snappy"})


def file_bytes(text: str, path: str | os.PathLike[str]) -> bytes:
    """The bytes :meth:`TailAnalysis.to_json` writes to ``path``: the UTF-8 text, compressed
    when the name ends in ``.gz``, ``.bz2`` or ``.xz`` (a file named ``run.json.gz`` held plain
    text, which ``zcat`` refused: a review). gzip is written without a time stamp, so the same
    analysis gives the same bytes.

    Parameters
    ----------
    text : str
        What :func:`analysis_json` returned.
    path : str, path-like or bytes
        The file's name (only its suffix is read here; :meth:`TailAnalysis.to_json` itself
        takes a str or a path-like, and refuses a bytes path in clear words, as every writer
        of tailstat does).

    Returns
    -------
    bytes

    Raises
    ------
    DataError
        A name ending in another archive's or compressor's suffix (``.zip``, ``.zst``, ...),
        which would hold plain text.
    """
    raw = text.encode("utf-8")
    name = os.fsdecode(path)
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix in _NOT_WRITTEN:  # (review 439: "x.json.zip" held plain text, as ".gz" had)
        raise DataError(f"cannot write a .{suffix} file ('{name}'): tailstat compresses for "
                        "a name ending in .gz, .bz2 or .xz; give one of those, or a plain "
                        "name (.json).")
    if suffix == "gz":
        return gzip.compress(raw, mtime=0)
    if suffix == "bz2":
        return bz2.compress(raw)
    if suffix == "xz":
        return lzma.compress(raw)
    return raw
