"""A saved analysis is told compressed, and decompressed, as the data readers tell and
decompress a data file (one test of the magic bytes: bzip2's is ``BZh``, the block size digit
and the block header's magic), in its own words."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest
from _helpers import raises_data_error

import tailstat as ts


@pytest.mark.parametrize("head", [b"BZh not bzip2\n", b"BZh9 text, no block header\n"])
def test_text_that_starts_like_bzip2_is_not_read_as_bzip2(tmp_path: Path, head: bytes) -> None:
    """read_analysis took any file starting with "BZh" for bzip2 (three bytes, where the data
    readers read ten), and called text "a damaged bzip2 file"; it is now read as the text it
    is: not JSON."""
    path = tmp_path / "run.json"
    path.write_bytes(head)
    with raises_data_error("is not a saved tailstat analysis", "not valid JSON") as info:
        ts.read_analysis(path)
    assert "bzip2" not in str(info.value)
    assert not ts.saved.is_saved_analysis(path)
    assert not ts.saved.holds_saved_analysis(head)


def test_damaged_bzip2_is_still_said_in_a_saved_analysis_words(tmp_path: Path) -> None:
    """bzip2 (its magic whole) cut short: a damaged bzip2 file, as before, for a file and for
    bytes."""
    raw = bz2.compress(b'{"format": "tailstat.analysis", "version": 1}' * 50)[:-10]
    path = tmp_path / "run.json.bz2"
    path.write_bytes(raw)
    for source, subject in ((path, "run.json.bz2' is"), (raw, "the bytes are")):
        with raises_data_error(f"{subject} a damaged bzip2 file", "to_json(path)"):
            ts.read_analysis(source)
