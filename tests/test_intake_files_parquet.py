"""Parquet files and folders of them (``tailstat/data/_files.py``, continued from
tests/test_intake_files.py): every file's columns, hive keys as written, duplicate names."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tailstat as ts
from tailstat.data import read_table


def test_a_parquet_folder_has_every_files_columns_and_its_keys_as_written(tmp_path):
    """A review: the folder took its columns from the first file (a gold column in the later
    parts was "unknown"; an int64 reward in one part beside floats was refused), and hive
    keys were read as integers, so day=1 and day=01 became one group without a word."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    y = np.random.default_rng(4).normal(size=900)
    parts = tmp_path / "parts"
    parts.mkdir()
    pq.write_table(pa.table({"reward": y[:300], "model": ["a"] * 300}), parts / "p0.parquet")
    pq.write_table(pa.table({"reward": y[300:600], "model": ["b"] * 300, "gold": y[:300]}),
                   parts / "p1.parquet")
    pq.write_table(pa.table({"reward": np.arange(300), "model": ["c"] * 300}),
                   parts / "p2.parquet")
    with pytest.warns(ts.InputWarning, match=r"columns of its Parquet files differ \(2 of 3 "
                      r"lack some, e.g. 'p0.parquet' lacks \['gold'\]\)"):
        df = read_table(parts)
    assert sorted(df.columns) == ["gold", "model", "reward"] and len(df) == 900
    assert df["gold"].notna().sum() == 300 and df["reward"].dtype == np.float64
    hive = tmp_path / "hive"
    for day, chunk in zip(("1", "01", "12"), np.array_split(y, 3), strict=True):
        (hive / f"day={day}").mkdir(parents=True)
        pq.write_table(pa.table({"reward": chunk}), hive / f"day={day}" / "p.parquet")
    days = read_table(hive)["day"]
    assert sorted(days.unique()) == ["01", "1", "12"]  # text: nothing merged
    (hive / "day=01").rename(hive / "day=3")  # every key an integer as written: numbers
    assert sorted(read_table(hive)["day"].unique()) == [1, 3, 12]


def test_duplicate_column_names_in_parquet_are_named(tmp_path: Path) -> None:
    """A review: a Parquet file with two 'reward' columns gave pyarrow's "Multiple matches
    for FieldRef.Name(reward) ... __fragment_index", where a Feather file gets the intake's
    duplicate-names message; in a folder, "Can't unify schema"."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    x = pa.array(np.random.default_rng(0).normal(size=300))
    pq.write_table(pa.Table.from_arrays([x, x], names=["reward", "reward"]),
                   tmp_path / "dup.parquet")
    with pytest.raises(ts.DataError, match=r"duplicate column names \['reward'\]"):
        ts.analyze(tmp_path / "dup.parquet")
    (tmp_path / "parts").mkdir()
    (tmp_path / "dup.parquet").rename(tmp_path / "parts" / "p.parquet")
    with pytest.raises(ts.DataError, match=r"p.parquet' has duplicate column names"):
        read_table(tmp_path / "parts")


def test_integer_hive_keys_with_a_missing_one_stay_integers(tmp_path):
    """A review: one null partition (Spark's __HIVE_DEFAULT_PARTITION__) made the integer keys
    floats (100.0); a key that is a digit but no decimal (lvl=²) raised a bare ValueError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    y = np.random.default_rng(5).normal(size=300)
    for root, keys in (("steps", ("100", "200", "__HIVE_DEFAULT_PARTITION__")),
                       ("levels", ("1", "²"))):
        for key in keys:
            folder = tmp_path / root / f"k={key}"
            folder.mkdir(parents=True)
            pq.write_table(pa.table({"reward": y}), folder / "p.parquet")
    steps = read_table(tmp_path / "steps")["k"]
    assert str(steps.dtype) == "Int64" and steps.dropna().unique().tolist() == [100, 200]
    assert int(steps.isna().sum()) == 300
    assert sorted(read_table(tmp_path / "levels")["k"].unique()) == ["1", "²"]


def test_a_column_categorical_in_one_part_and_text_in_another_is_read(tmp_path):
    """A review: shards written from frames whose key was categorical in one and text in the
    other were refused ("incompatible types: dictionary vs large_string"), which the Dask
    engine reads; categorical in every part, it stays categorical."""
    import pandas as pd

    r = np.random.default_rng(0).standard_t(3, 4000)
    parts = tmp_path / "d"
    parts.mkdir()
    pd.DataFrame({"reward": r[:2000], "model": pd.Categorical(["a"] * 2000),
                  "tag": pd.Categorical(["x"] * 2000)}).to_parquet(parts / "p0.parquet")
    pd.DataFrame({"reward": r[2000:], "model": ["b"] * 2000,
                  "tag": pd.Categorical(["y"] * 2000)}).to_parquet(parts / "p1.parquet")
    table = ts.analyze(str(parts), "reward", by="model").to_frame()
    assert list(table["n"]) == [2000, 2000]
    # only the column that differs loses its categories (a review: 'tag' had too)
    assert isinstance(read_table(parts)["tag"].dtype, pd.CategoricalDtype)
    assert table["label"].tolist() == [ts.classify(r[:2000]).label, ts.classify(r[2000:]).label]
    pd.DataFrame({"reward": r[2000:], "model": pd.Categorical(["b"] * 2000),
                  "tag": pd.Categorical(["y"] * 2000)}).to_parquet(parts / "p1.parquet")
    assert isinstance(read_table(parts)["model"].dtype, pd.CategoricalDtype)
