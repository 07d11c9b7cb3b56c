"""Where a file's text stops being UTF-8 (``tailstat/data/_file_problems.py``)."""

from __future__ import annotations

import gzip

import pytest

from tailstat.data import read_table
from tailstat.errors import DataError


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz"])
def test_the_first_byte_that_is_not_utf8_is_named_with_its_line(tmp_path, suffix) -> None:
    """Review 426: "can't decode byte 0xe9 in position 3", a position counted from the start
    of a chunk of the file, and no line: in a large file the byte could not be found. A
    letter of two bytes cut by the 1 MiB chunks read is no error."""
    head = "reward,name\n" + "".join(f"{i}.5,x\n" for i in range(200_000))
    pad = (1 << 20) - len(head.encode()) - 1  # "é" (two bytes) across the first chunk's end
    text = head.encode() + b"1," + b"a" * (pad - 2) + "é\n".encode()
    line = text.count(b"\n") + 2  # the second line below
    text += b"2.5,y\n3.5,caf\xe9\n"
    path = tmp_path / f"t{suffix}"
    path.write_bytes(gzip.compress(text) if suffix.endswith(".gz") else text)
    with pytest.raises(DataError, match=rf"line {line} holds the byte 0xe9, which is not "
                                        r"UTF-8; Excel's plain 'CSV' is Windows-1252\)"):
        read_table(str(path))


def test_a_csv_read_as_json_by_its_format_is_not_told_to_be_named_csv(tmp_path) -> None:
    """Review 426: ``--format rewards-json`` on ``base.csv`` was told "name it .csv"; a
    table named .json still is."""
    text = "g,reward\n" + "".join(f"a,{i}.5\n" for i in range(50))
    for name, fix in (("t.csv", r", as its name says: leave --format out \(in Python: "
                                r"format=None\)$"),
                      ("t.json", r": name it .csv, or give --format csv")):
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(DataError, match=rf"looks like a delimited table{fix}"):
            read_table(str(path), format="rewards-json")
    with pytest.raises(DataError) as info:  # read as JSON: the caller's note gives the fix,
        read_table(str(tmp_path / "t.csv"), format="json")  # once (review 429)
    assert str(info.value).count("leave --format out") == 1
