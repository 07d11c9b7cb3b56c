"""Why a file could not be read (``tailstat/data/_file_problems.py``): compressed bytes under
a plain name, a JSON file that is no table, and the CSV that a short line made look like
one column of decimal-comma numbers (``_sniff_csv`` of ``tailstat/data/_files.py``)."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import numpy as np
from _helpers import raises_data_error

import tailstat as ts


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
