"""CSV columns that write one number two ways (``tailstat/data/_csv_keys.py``): read again as
text where the spellings are keys, left as numbers (and said) where they are one whole
number or where the text read again does not line up with the reader's rows."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from tailstat.data import read_table
from tailstat.errors import InputWarning


def _read(path: Path) -> tuple[object, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_table(path)
    return df, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


def test_one_whole_number_written_with_and_without_a_decimal_stays_a_number(tmp_path) -> None:
    """A review: parts of a file joined, one writing the checkpoints 1, 2, 3 and one 1.0, 2.0,
    3.0 (a missing value made it floats), were read as six groups once such columns became
    text; one whole number is one key, as before, with the warning that says how to split."""
    r = np.random.default_rng(0)
    rows = [f"{k},{r.normal():.5f}" for k in (1, 2, 3) for _ in range(50)]
    rows += [f"{k},{r.normal():.5f}" for k in ("1.0", "2.0", "3.0", "") for _ in range(10)]
    (tmp_path / "ab.csv").write_text("ckpt,reward\n" + "\n".join(rows) + "\n")
    df, said = _read(tmp_path / "ab.csv")
    assert df["ckpt"].dtype.kind == "f" and df["ckpt"].nunique() == 3
    assert len(said) == 1 and "is read as numbers, which makes '1' and '1.0' one value" in said[0]


def test_text_read_again_must_line_up_with_the_rows(tmp_path) -> None:
    """A review: a repeated header line, dropped by the reader, was still in the column read
    again as text, and every row after it moved by one ('v' beside a reward of 100.5). Such
    a column stays numbers, and the warning says so."""
    rows = [f"{v},{100 + i}.5" for i, v in enumerate(["1.1", "1.10", "1.2"] * 4)]
    rows += ["v,reward"] + [f"1.3,{200 + i}.5" for i in range(6)]
    (tmp_path / "rh.csv").write_text("v,reward\n" + "\n".join(rows) + "\n")
    df, said = _read(tmp_path / "rh.csv")
    assert df.shape == (18, 2) and df["v"].dtype.kind == "f"
    assert df["reward"].iloc[12] == pytest.approx(200.5) and df["v"].iloc[12] == 1.3
    assert any("is read as numbers, which makes '1.1' and '1.10' one value" in s for s in said)


def test_negative_zero_is_one_key_with_zero_in_text(tmp_path) -> None:
    """A review: '-0.0' and '0.0' (as pandas writes a negative zero) became two groups once
    the column was read as text for its '1.1' and '1.10'."""
    keys = ["0.0", "-0.0", "1.1", "1.10"] * 100
    (tmp_path / "z.csv").write_text("v,reward\n" + "".join(
        f"{k},{i}.5\n" for i, k in enumerate(keys)))
    df, said = _read(tmp_path / "z.csv")
    assert df["v"].value_counts().to_dict() == {"0.0": 200, "1.1": 100, "1.10": 100}
    assert any("read as text" in s for s in said)


@pytest.mark.parametrize("sep", [";", "\t"])
def test_versions_in_a_decimal_comma_file_stay_apart(tmp_path, sep: str) -> None:
    """Review 384: in a ';' (or tab) file with a decimal comma, versions "1,1" and "1,10" were
    one group without a word: their texts were read back with a '.' mark, as no numbers."""
    r = np.random.default_rng(1)
    rows = [f"{v}{sep}{r.normal():.4f}".replace(".", ",") for v in ("1,1", "1,10")
            for _ in range(300)]
    (tmp_path / "v.csv").write_text(f"version{sep}reward\n" + "\n".join(rows) + "\n")
    df, said = _read(tmp_path / "v.csv")
    assert sorted(df["version"].unique()) == ["1,1", "1,10"]
    assert df["reward"].dtype.kind == "f"
    assert len(said) == 1 and "'1,1' and '1,10', one number written two ways" in said[0]


def test_a_leading_plus_beside_the_plain_number_is_said(tmp_path) -> None:
    """Review 384: "+1" and "1" in a key column were one group without a word."""
    r = np.random.default_rng(2)
    rows = [f"{k},{r.normal():.4f}" for k in ("+1", "1") for _ in range(300)]
    (tmp_path / "p.csv").write_text("g,reward\n" + "\n".join(rows) + "\n")
    df, said = _read(tmp_path / "p.csv")
    assert df["g"].nunique() == 1  # one whole number: stays a number, as "3" and "3.0"
    assert len(said) == 1 and "one value (a leading '+')" in said[0]
    assert "dtype={'g': str}" in said[0]
