"""Whole-number columns of a CSV with empty fields stay integers
(``tailstat/data/_csv_whole.py``)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat.errors import InputWarning


def _csv(path: Path, keys: list[str], rewards: np.ndarray, per: int) -> Path:
    lines = ["g,reward"] + [f"{k},{float(v)!r}" for i, k in enumerate(keys)
                            for v in rewards[i * per:(i + 1) * per]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_integer_keys_beside_a_missing_one_stay_integers(tmp_path: Path) -> None:
    """Keys 1 and 10 with one row missing its key became 1.0 and 10.0 (a join on "1"
    found nothing); as Parquet's Int64 keeps them, they stay 1 and 10 (a review)."""
    rng = np.random.default_rng(0)
    path = _csv(tmp_path / "k.csv", ["1", "10", ""], rng.normal(size=300), 100)
    df = ts.data.read_table(str(path))
    assert str(df["g"].dtype) == "Int64" and df["reward"].dtype == np.float64
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(str(path), "reward", by="g")
    assert [k for k in a.table["group"] if k != "<NA>"] == [1, 10]
    assert all(type(k) is int for k in a.classifications if k != "<NA>")


def test_ids_beyond_2_53_beside_a_missing_one_stay_apart(tmp_path: Path) -> None:
    """Two ids beyond 2**53 and a blank key were read as floats and merged into one group
    (with a warning whose only fix was pandas; the command line had none)."""
    rng = np.random.default_rng(1)
    keys = [str(2**53), str(2**53 + 1), ""]
    path = _csv(tmp_path / "ids.csv", keys, rng.normal(size=300), 100)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)  # nothing merged: nothing to say
        df = ts.data.read_table(str(path))
    assert sorted(df["g"].dropna().unique().tolist()) == [2**53, 2**53 + 1]
    assert df["g"].isna().sum() == 100


def test_what_the_file_writes_as_decimals_stays_floats(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    path = _csv(tmp_path / "d.csv", ["1.0", "10.0", ""], rng.normal(size=300), 100)
    assert ts.data.read_table(str(path))["g"].dtype == np.float64
    full = _csv(tmp_path / "f.csv", ["1", "10", "11"], rng.normal(size=300), 100)
    assert ts.data.read_table(str(full))["g"].dtype == np.int64  # no missing: as pandas


def test_integer_rewards_with_a_missing_one_are_analysed_as_before(tmp_path: Path) -> None:
    """Ratings 1-5 with an empty field: Int64 now, the same analysis as the floats gave."""
    rng = np.random.default_rng(3)
    ratings = [str(v) for v in rng.integers(1, 6, 999)] + [""]
    path = tmp_path / "r.csv"
    path.write_text("reward\n" + "\n".join(ratings) + "\n", encoding="utf-8")
    df = ts.data.read_table(str(path))
    assert str(df["reward"].dtype) == "Int64"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(str(path), "reward")
        b = ts.analyze(pd.DataFrame({"reward": df["reward"].astype("float64")}), "reward")
    assert a.table["n_missing"].tolist() == [1]
    pd.testing.assert_frame_equal(a.table, b.table)
