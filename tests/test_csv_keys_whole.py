"""CSV group keys written two ways are looked for in the whole column, however many keys
(``tailstat/data/_csv_keys.py``): a review found 51 versions read as 46 groups, and keys
written two ways only past the first 100,000 rows merged, without a word."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.data import read_table
from tailstat.errors import InputWarning


def _read(path: Path) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_table(path)
    return df, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


def test_fifty_one_versions_stay_fifty_one_groups(tmp_path: Path) -> None:
    """Versions 1.1 ... 1.51: '1.10' was '1.1' (a cap of 50 values for a key column)."""
    versions = [f"1.{i}" for i in range(1, 52)]
    rewards = np.random.default_rng(0).standard_t(3, 51 * 200)
    pd.DataFrame({"version": np.repeat(versions, 200), "reward": rewards}).to_csv(
        tmp_path / "v.csv", index=False)
    df, said = _read(tmp_path / "v.csv")
    assert df["version"].nunique() == 51
    assert sorted(df["version"].unique()) == sorted(versions)
    np.testing.assert_array_equal(df["reward"].to_numpy(), rewards)
    assert len(said) == 1 and "'1.1' and '1.10', one number written two ways" in said[0]


def test_versions_written_two_ways_only_late_in_the_file(tmp_path: Path) -> None:
    """120,000 rows, '1.10' only in the last 12,000: merged with '1.1' (first rows probed)."""
    keys = np.array(["1.1", "1.2", "1.3"] * 36_000 + ["1.10"] * 12_000)
    pd.DataFrame({"version": keys, "reward": np.arange(keys.size) % 997 + 0.5}).to_csv(
        tmp_path / "late.csv", index=False)
    df, said = _read(tmp_path / "late.csv")
    assert df["version"].value_counts().to_dict() == {
        "1.1": 36_000, "1.2": 36_000, "1.3": 36_000, "1.10": 12_000}
    assert any("read as text" in s for s in said)


def test_leading_zeros_only_past_the_first_rows_stay_apart(tmp_path: Path) -> None:
    """150,000 rows whose keys '01' and '02' come only after row 100,000: one group with 1
    and 2."""
    keys = ["1", "2"] * 50_000 + ["01", "02"] * 25_000
    (tmp_path / "z.csv").write_text("g,reward\n" + "".join(
        f"{k},{i % 101}.25\n" for i, k in enumerate(keys)))
    df, said = _read(tmp_path / "z.csv")
    assert df["g"].value_counts().to_dict() == {"1": 50_000, "2": 50_000,
                                                "01": 25_000, "02": 25_000}
    assert df["reward"].dtype.kind == "f"
    assert any("'1' and '01'" in s and "read as text" in s for s in said)


@pytest.mark.parametrize("blank", [False, True])
def test_keys_in_text_line_up_with_rows_of_a_quoted_or_blank_lined_file(
        tmp_path: Path, blank: bool) -> None:
    """The texts (read by pyarrow) keep to the reader's rows: a quoted field with a line
    break in it, a blank line between rows."""
    rows = [f'"a\nb",{k},{i}.5' for i, k in enumerate(["1.1", "1.10", "1.2"] * 40)]
    if blank:
        rows.insert(7, "")
    (tmp_path / "q.csv").write_text("text,version,reward\n" + "\n".join(rows) + "\n")
    df, _ = _read(tmp_path / "q.csv")
    assert df["version"].tolist() == ["1.1", "1.10", "1.2"] * 40
    assert df["reward"].tolist() == [i + 0.5 for i in range(120)]
    assert (df["text"] == "a\nb").all()
