"""Arrow-backed tables as pandas (``tailstat/data/_arrow.py``): a Hugging Face ``Dataset`` is
read through its Arrow rows, so its integer keys survive a missing one as every Arrow table's
do. ``datasets`` is not a dependency: the stand-ins below behave as its ``Dataset`` (5.2) and
``IterableDataset`` do where tailstat touches them."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import tailstat as ts
from tailstat.data import check_sample
from tailstat.errors import DataError


def _table() -> pa.Table:
    ids = [None] * 5 + [2**60 + i % 3 for i in range(300)]
    return pa.table({"g": pa.array(ids, pa.int64()),
                     "r": np.random.default_rng(0).normal(size=305)})


class _Rows:
    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def __getitem__(self, key: slice) -> pa.Table:
        return self.table.slice(3)[key.start:key.stop]  # rows 3.. as a selection


def _groups(data: object) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        table = ts.analyze(data, "r", by="g").to_frame()
    return list(zip(table["group"], table["n"], strict=True))


def test_a_dataset_keeps_integer_ids_beside_a_missing_one() -> None:
    """A review (datasets 5.2): Dataset.to_pandas() made the ids floats, so 2**60 and
    2**60 + 1 were one group, and 1, 2 read 1.0, 2.0."""
    table = _table()
    dataset = type("Dataset", (), {"__module__": "datasets.arrow_dataset",
                                   "to_pandas": lambda self: table.slice(3).to_pandas(),
                                   "with_format": lambda self, kind: _Rows(table)})
    got = _groups(dataset())
    assert got == _groups(table.slice(3))  # the selection's rows, as Arrow reads them
    assert got == [(2**60, 100), (2**60 + 1, 100), (2**60 + 2, 100), ("<NA>", 2)]


def test_an_iterable_dataset_without_arrow_rows_is_read_by_its_own_to_pandas() -> None:
    table = _table().drop_columns(["g"]).append_column("g", pa.array([1] * 305))

    def no_rows(self: object, kind: str) -> object:
        raise TypeError("'IterableDataset' object is not subscriptable")

    dataset = type("IterableDataset", (), {"__module__": "datasets.iterable_dataset",
                                           "to_pandas": lambda self: table.to_pandas(),
                                           "with_format": no_rows})
    assert _groups(dataset()) == [(1, 305)]
    assert isinstance(ts.data.read_table(pd.DataFrame({"r": [1.0]})), pd.DataFrame)


def test_big_integers_beside_a_null_warn_in_every_container() -> None:
    """A polars Series and a pyarrow Array of integers past 2**53 with a null were read as
    floats, rounded without the warning the same data got in a DataFrame (a review)."""
    v = (np.random.default_rng(0).pareto(2.0, 500) * 1e6).astype(np.int64) + 2**54
    values = [*v.tolist(), None]
    for obj in (pl.Series(values), pa.array(values), pl.Series(values).cast(pl.UInt64)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sample = check_sample(obj)
        assert any("beyond 2**53" in str(w.message) for w in caught), type(obj)
        assert sample.n == 500 and sample.n_nan_dropped == 1


def test_a_polars_column_pandas_cannot_hold_is_named() -> None:
    """A 128-bit integer id column stopped every analysis of the frame with 'Invalid or
    unsupported format string', naming neither the column nor a fix (a review)."""
    x = np.random.default_rng(1).pareto(2.0, 500)
    df = pl.DataFrame({"reward": x, "id": pl.Series(range(500)).cast(pl.Int128)})
    with pytest.raises(DataError, match="'id' hold 128-bit integers") as err:
        check_sample(df, "reward")
    assert "cast(pl.Int64)" in str(err.value)
    assert check_sample(df.with_columns(pl.col("id").cast(pl.Int64)), "reward").n == 500
    wide = pl.Series("id", range(500)).cast(pl.Int128)
    with pytest.raises(DataError, match=r"Series 'id' holds 128-bit .*\(s\.cast\(pl\.Int64\)"):
        check_sample(wide)
    assert check_sample(wide.cast(pl.Int64)).n == 500


def test_decimal_group_keys_stay_apart() -> None:
    # a review: DECIMAL(20, 0) ids 2**60 and 2**60 + 1 were cast to floats and became one
    # group of 4,000 (the Dask engine kept two); DECIMAL(30, 20) 0.1 and 0.1 + 1e-20 too,
    # without a warning
    import decimal

    import pyarrow as pa

    import tailstat as ts

    r = np.random.default_rng(0).standard_t(3, 4000)
    for keys, kind in (([2**60, 2**60 + 1], pa.decimal128(20, 0)),
                       (["0.1", "0.10000000000000000001"], pa.decimal128(30, 20))):
        ids = pa.array([decimal.Decimal(keys[0])] * 2000 + [decimal.Decimal(keys[1])] * 2000,
                       kind)
        table = ts.analyze(pa.table({"reward": r, "id": ids}), "reward", by="id").to_frame()
        assert list(table["n"]) == [2000, 2000]
    # decimal rewards are still numbers a default column is chosen among, whole or not
    for kind, values in ((pa.decimal128(12, 4), [f"{x:.4f}" for x in r]),
                         (pa.decimal128(10, 0), [str(int(x * 1e6)) for x in r])):
        col = pa.array([decimal.Decimal(v) for v in values], kind)
        got = ts.classify(pa.table({"reward": col, "g": ["a"] * 4000}))
        assert got.n == 4000 and got.label == ts.classify(
            np.array(values, dtype=float)).label


def test_struct_columns_are_spread_in_memory_as_from_a_file(tmp_path) -> None:
    # a review: a Parquet path's struct column was flattened to 'scores.reward', the same data
    # as a pyarrow.Table or polars DataFrame was refused ("'scores' is not numeric")
    import pyarrow.parquet as pq

    r = np.random.default_rng(0).standard_t(3, 3000)
    table = pa.table({"scores": pa.StructArray.from_arrays(
        [pa.array(r), pa.array(["a"] * 1500 + ["b"] * 1500)], ["reward", "model"])})
    path = tmp_path / "nest.parquet"
    pq.write_table(table, path)
    want = ts.classify(str(path), column="scores.reward").probabilities
    for given in (table, pl.from_arrow(table), table.to_batches()[0]):
        assert ts.classify(given, column="scores.reward").probabilities == want
    assert list(ts.analyze(table, "scores.reward", by="scores.model").to_frame()["n"]) == [
        1500, 1500]


def test_the_dask_engine_names_a_nested_column(tmp_path) -> None:
    import pyarrow.parquet as pq

    import tailstat.dask as tdask

    r = np.random.default_rng(1).standard_normal(3000)
    path = tmp_path / "nest.parquet"
    pq.write_table(pa.table({"scores": pa.StructArray.from_arrays([pa.array(r)], ["reward"])}),
                   path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (dask's own under pandas 3)
        with pytest.raises(DataError, match=r"'scores' is a nested \(struct\) column.*flatten"):
            tdask.analyze(str(path), "scores.reward")


def test_a_struct_of_numbers_beside_the_rewards_leaves_them_the_default(tmp_path) -> None:
    # a review: spreading a struct made 'meta.length' a second numeric column, and a table
    # whose 'reward' had been the default was refused ("several numeric columns")
    import json

    import pyarrow.parquet as pq

    r = np.random.default_rng(0).standard_t(3, 3000)
    meta = pa.StructArray.from_arrays([pa.array(np.arange(3000)), pa.array(["s"] * 3000)],
                                      ["length", "source"])
    table = pa.table({"reward": r, "meta": meta})
    pq.write_table(table, tmp_path / "m.parquet")
    lines = tmp_path / "m.jsonl"
    lines.write_text("\n".join(json.dumps({"reward": float(x), "meta": {"length": i}})
                               for i, x in enumerate(r)))
    for given in (table, pl.from_arrow(table), str(tmp_path / "m.parquet"), str(lines)):
        got = ts.classify(given)
        assert (got.name, got.n) == ("reward", 3000)
