"""CSV data lines with fewer fields than the header names: ``tailstat/data/_csv_short.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import read_table


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_line_with_too_few_fields_is_said(tmp_path, end):
    """A review: a lone score on a line of a ``model,score`` file was read as model = the
    score, score = NaN: the value was dropped as "missing" or made a group of its own,
    without a word. Such a line is now said, by its number (not refused: a writer that
    leaves out trailing empty fields makes lines whose values stand where they belong)."""
    lines = ["model,score", "a,1.5", "b,2.5", "0.8427797123303887", "a,3", "b,4,"[:-1]]
    path = tmp_path / "short.csv"
    path.write_bytes(end.join(lines).encode())
    with pytest.warns(ts.InputWarning, match=r"line 4 \('0.8427797123303887'\) has 1 field "
                                             r"where the header names 2 \(1 such line in "
                                             r"all\): its fields were read from the left"):
        df = read_table(path)
    assert len(df) == 5 and df["score"].isna().sum() == 1
    three = tmp_path / "three.csv"
    three.write_text("m,r,g\na,1,\nb,2,1\na,3\nb,4\n")
    with pytest.warns(ts.InputWarning, match=r"line 4 \('a,3'\) has 2 fields where the "
                                             r"header names 3 \(2 such lines in all\)"):
        read_table(three)


def test_empty_fields_blank_lines_and_big_files_are_no_short_lines(tmp_path):
    """An empty field written out is a missing value; blank lines, a last line without its
    newline and a comment footer are no rows; nor is a quoted file looked at (a quoted field
    may hold the separator). Lines are counted across the reader's blocks (8 MiB)."""
    ok = tmp_path / "ok.csv"
    ok.write_text("model,score,gold\na,1.5,\n\nb,2.5,1\n  \na,3,\nb,4,2\n# total 4")
    df = _quiet_missing(ok)
    assert len(df) == 4 and df["gold"].isna().sum() == 2
    rng = np.random.default_rng(0)
    n = 600_000  # about 12 MB: two blocks
    g = rng.normal(size=n)
    g[::3] = np.nan
    big = tmp_path / "big.csv"
    pd.DataFrame({"m": rng.integers(0, 3, n), "r": rng.normal(size=n), "g": g}).to_csv(
        big, index=False)
    assert len(_quiet_missing(big)) == n
    with big.open("a") as f:
        f.write("1,2\n")
    with pytest.warns(ts.InputWarning, match=f"line {n + 2} "):
        read_table(big)


def _quiet_missing(path):
    """The table, with no warning of a short line (others, of missing values, pass)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_table(path)
    assert not [w for w in caught if "field" in str(w.message)]
    return df


@pytest.mark.parametrize("block", [5, 8, 9, 16, 1 << 23])
def test_lines_are_counted_alike_across_any_block_size(tmp_path, monkeypatch, block):
    """The diff's review: a block that began with a blank line read the block's end as its
    start, and the next line was called short ('3.0,4.0' has 2 fields where the header
    names 2). Every block size, the first line's number and the count are the same; quoted
    lines (a field may hold the separator or a line break) are left alone."""
    from tailstat.data import _csv_short

    monkeypatch.setattr(_csv_short, "_BLOCK", block)
    path = tmp_path / "t.csv"
    path.write_bytes(b"\n1.0,2.0\n\n\n3.0,4.0\n5.0\n\n6.0,7.0\n\"x\ny\",2\n8.0\n# 9\n  \n1,2")
    assert _csv_short._short_lines(path, ",", 2, False) == (2, 6, b"5.0")
    assert _csv_short._short_lines(path, ",", 2, True) == (2, 6, b"5.0")
    crlf = tmp_path / "c.csv"
    crlf.write_bytes(b"a,b\r\n\r\n1,2\r\n3\r\n")
    assert _csv_short._short_lines(crlf, ",", 2, True) == (1, 4, b"3")
