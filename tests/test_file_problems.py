"""Why a file could not be read (``tailstat/data/_file_problems.py``): compressed bytes under
a plain name, a JSON file that is no table, and the CSV that a short line made look like
one column of decimal-comma numbers (``sniff_csv`` of ``tailstat/data/_csv_lines.py``)."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.data import read_table
from tailstat.errors import DataError


def test_compressed_bytes_under_a_plain_name_are_named(tmp_path: Path) -> None:
    """A review: gzip bytes in scores.csv gave "not UTF-8 text ... Excel's CSV is
    Windows-1252"."""
    text = ("reward\n" + "\n".join(map(str, range(100))) + "\n").encode()
    (tmp_path / "g.csv").write_bytes(gzip.compress(text))
    with raises_data_error("it is gzip-compressed. Name it 'g.csv.gz'"):
        ts.check_sample(tmp_path / "g.csv")
    (tmp_path / "b.jsonl").write_bytes(bz2.compress(b'{"reward": 1}\n'))
    with raises_data_error("it is bzip2-compressed. Name it 'b.jsonl.bz2'"):
        ts.check_sample(tmp_path / "b.jsonl")
    (tmp_path / "g.csv.gz").write_bytes(gzip.compress(text))  # named so: read
    assert ts.check_sample(tmp_path / "g.csv.gz").n == 100


def test_a_json_file_of_one_value_says_so(tmp_path: Path) -> None:
    """A review: a file holding 3.5 gave pandas' "DataFrame constructor not properly
    called!"."""
    (tmp_path / "s.json").write_text("3.5")
    with raises_data_error("it holds a single value (3.5), not a table"):
        ts.check_sample(tmp_path / "s.json")


def test_a_short_line_does_not_make_a_table_one_column_of_decimals(tmp_path: Path) -> None:
    """A review: 'reward,id' over '7,1', '7,2', ... with one short last line was re-read
    split at ';' as one column of decimal-comma numbers 7.1, 7.2, ...: classified, exit 0.
    A one-column file of decimal-comma numbers is still read as such."""
    rng = np.random.default_rng(0)
    rows = ["reward,id", *(f"{v},{i}" for i, v in enumerate(rng.integers(1, 9, 59), 1)), "7"]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n")
    with pytest.warns(ts.InputWarning, match=r"line 61 \('7'\) has 1 field where the header "
                                             "names 2"):  # said since (another review)
        sample = ts.check_sample(tmp_path / "t.csv", "reward")
    assert sample.n == 60 and set(np.unique(sample.values)) <= set(range(1, 10))
    values = rng.random(60).round(3)
    (tmp_path / "d.csv").write_text("reward\n" + "\n".join(f"{v}".replace(".", ",")
                                                           for v in values) + "\n")
    assert np.array_equal(ts.check_sample(tmp_path / "d.csv").values, values)


def test_an_integer_beyond_the_float_range_in_a_rewards_list() -> None:
    """A review: {"rewards": [..., 10**400]} raised a bare OverflowError."""
    with raises_data_error("holds an integer too large for a float"):
        ts.check_sample({"rewards": [1.0, 2, 3, 4, 5, 10**400]})
    with raises_data_error("holds an integer too large for a float"):
        ts.check_sample(json.loads('{"rewards": [1.0, 2, ' + "1" * 400 + "]}"))


def test_text_that_starts_like_bzip2_and_quoted_headers_are_read(tmp_path: Path) -> None:
    """The diff review: a CSV whose header starts "BZh" was refused as bzip2 (the check read
    three bytes); a one-column decimal-comma file with the header '"score, scaled"' was no
    longer read (the comma inside quotes counted); gzip bytes named .json still got the
    encoding message."""
    (tmp_path / "t.csv").write_text("BZh col\n1\n2\n3\n")
    assert list(ts.data.read_table(tmp_path / "t.csv").columns) == ["BZh col"]
    values = np.random.default_rng(1).integers(10, 99, 80) / 10
    (tmp_path / "q.csv").write_text('"score, scaled"\n' + "\n".join(
        f"{v:.1f}".replace(".", ",") for v in values) + "\n")
    table = ts.data.read_table(tmp_path / "q.csv")
    assert list(table.columns) == ["score, scaled"]
    assert np.allclose(table.iloc[:, 0].to_numpy(), values)
    (tmp_path / "g.json").write_bytes(gzip.compress(json.dumps({"reward": [1, 2]}).encode()))
    with raises_data_error("it is gzip-compressed. Name it 'g.json.gz'"):
        ts.data.read_table(tmp_path / "g.json")


def test_json_the_parser_cannot_read_is_a_data_error(tmp_path: Path) -> None:
    """Valid JSON that Python's parser refuses -- brackets nested 100,000 deep (a
    RecursionError), an integer of 100,000 digits (a ValueError other than a syntax error) --
    ended as "unexpected RecursionError ... probably a bug in tailstat"; each is a DataError
    naming the file and the line, in every JSON reader (by shape, --format json or jsonl,
    standard input's sniffing)."""
    deep = "[" * 100_000 + "]" * 100_000
    big = "1" * 100_000
    cases = [("d.json", '{"rewards": ' + deep + "}", None, "nested too deeply"),
             ("d.json", '{"reward": [' + deep + "]}", "json", "nested too deeply"),
             ("d.jsonl", '{"reward": ' + deep + "}\n", None, "line 1 is not a record"),
             ("b.jsonl", '{"reward": ' + big + '}\n{"reward": 1}\n', None, "4300 digits"),
             ("b.json", '[{"reward": ' + big + "}]", "json", "4300 digits")]
    for name, text, fmt, words in cases:
        path = tmp_path / name
        path.write_text(text)
        with raises_data_error(str(path), words):
            ts.data.read_table(path, format=fmt)


def test_a_file_under_another_formats_name_and_parser_errors_say_what_to_do(tmp_path) -> None:
    """A review: a Parquet file named .csv gave "Error tokenizing data. C error: Expected 3
    fields in line 9", a CSV named .json "Expecting value: line 1 column 1", and a ragged
    row, an unclosed quote and 1e999 in JSON lines the parsers' bare words."""
    import pandas as pd

    x = np.random.default_rng(0).normal(size=200)
    pd.DataFrame({"reward": x, "m": "a"}).to_parquet(tmp_path / "p.csv")
    with raises_data_error("it is a Parquet file. Name it 'p.parquet', or give --format "
                           "parquet"):
        ts.check_sample(tmp_path / "p.csv")
    # a Parquet file cut short (no footer) is still named; a .parq file is read
    raw = (tmp_path / "p.csv").read_bytes()
    (tmp_path / "cut.csv").write_bytes(raw[: len(raw) // 2])
    with raises_data_error("it is a Parquet file"):
        ts.check_sample(tmp_path / "cut.csv")
    (tmp_path / "p.parq").write_bytes(raw)
    assert ts.check_sample(tmp_path / "p.parq", "reward").n == 200
    # a text file whose header begins 'PAR1' is no Parquet file (it does not end so)
    (tmp_path / "h.csv").write_text("PAR1,reward\n" + "".join(f"a,{v}\n" for v in x))
    assert ts.check_sample(tmp_path / "h.csv", "reward").n == 200
    (tmp_path / "c.json").write_text("reward,m\n" + "".join(f"{v},a\n" for v in x))
    with raises_data_error("it looks like a delimited table: name it .csv"):
        ts.check_sample(tmp_path / "c.json")
    (tmp_path / "r.csv").write_text("reward,m\n" + "".join(f"{v},a\n" for v in x) + "1,a,b,c\n")
    with raises_data_error("a line holds more fields than the header"):
        ts.check_sample(tmp_path / "r.csv")
    (tmp_path / "q.csv").write_text('reward,m\n1,"a\n' + "".join(f"{v},a\n" for v in x))
    with raises_data_error("is never closed"):
        ts.check_sample(tmp_path / "q.csv")
    (tmp_path / "e.jsonl").write_text('{"reward": 1e999}\n' * 60)
    with raises_data_error("beyond the float range"):
        ts.check_sample(tmp_path / "e.jsonl")


@pytest.mark.parametrize("suffix", [".zst", ".zip", ".lz4"])
def test_a_compression_not_read_is_named_without_format_advice(tmp_path: Path,
                                                               suffix: str) -> None:
    """A review: 'x.csv.zst' was "unknown file type '.zst' ... give --format", and --format
    csv then failed with "it is zstd-compressed. Decompress it first": the first message
    says so now."""
    path = tmp_path / f"x.csv{suffix}"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + bytes(range(40)))
    said = "an archive" if suffix == ".zip" else "compressed, which tailstat does not read"
    with pytest.raises(DataError, match=said) as got:
        read_table(path)
    # an archive's contents are not known from its name (a review: "pass 'x.csv'" of x.zip)
    assert ("'x.csv'" in str(got.value)) == (suffix != ".zip")
    assert "--format" not in str(got.value)


def test_an_archive_is_refused_alike_with_or_without_a_format(tmp_path: Path) -> None:
    """A review: a real x.zip was "an archive ... Extract the table it holds" by its name and
    "zip-compressed. Decompress it first." with format='csv'."""
    import zipfile

    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x.csv", "r\n" + "\n".join(map(str, range(100))) + "\n")
    for fmt in (None, "csv"):
        with pytest.raises(DataError, match=r"an archive .*Extract the table it holds"):
            read_table(path, format=fmt)

    # a workbook is a zip too, but no archive of tables (a review)
    book = tmp_path / "r.xlsx"
    book.write_bytes(path.read_bytes())
    with pytest.raises(DataError, match=r"spreadsheet workbook.*pandas\.read_excel"):
        read_table(book, format="csv")


@pytest.mark.parametrize(("name", "text", "where"), [
    ("big.jsonl", '{"score": 1.5}\n{"score": 2}\n{"score": 1' + "0" * 400 + "}\n",
     "line 3: the value at ['score']"),
    ("big.json", '[{"score": 1.5}, {"score": -1' + "0" * 400 + "}]", "the value at [1]['score']"),
    ("col.json", '{"score": [1.5, 2, 1' + "0" * 400 + "]}", "the value at ['score'][2]"),
])
def test_an_integer_beyond_the_float_range_is_named(tmp_path: Path, name: str, text: str,
                                                   where: str) -> None:
    """A review: a JSON-lines score of 10**400 said only "int too large to convert to
    float" (a CSV's 1e400 is named as an infinite value, with its position)."""
    path = tmp_path / name
    path.write_text(text)
    with raises_data_error(f"{where} is an integer of 401 digits, beyond the float range",
                           "a score must be a finite number"):
        read_table(path)
