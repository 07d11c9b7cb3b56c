"""Parquet files that store a pandas index, read under Dask (``tailstat/data/shards.py``):
the same columns as the in-memory reader gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tailstat as ts

tsd = pytest.importorskip("tailstat.dask")


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"g": np.repeat(["a", "b"], 1000), "reward": rng.normal(size=2000)})


@pytest.mark.parametrize("layout", ["named index", "named range index", "dask folder"])
def test_a_stored_index_reads_as_in_memory(tmp_path, layout: str) -> None:
    """Review 443: with the groups stored as a named index (df.set_index("g").to_parquet),
    ``analyze(path, by="g")`` read two groups and ``tailstat.dask.analyze`` refused "'g'
    names the table's index ... pass df.reset_index()"; a named RangeIndex (stored as
    metadata alone) made Dask's own reading fail with "KeyError: '[nan] not in index'"."""
    df = _frame()
    path = tmp_path / "r.parquet"
    if layout == "named index":
        df.set_index("g").to_parquet(path)
    elif layout == "named range index":
        df.rename_axis("row").to_parquet(path)
    else:
        import dask.dataframe as dd

        dd.from_pandas(df.set_index("g"), npartitions=2).to_parquet(path)
    want = ts.analyze(path, "reward", by="g", warn=False).table
    got = tsd.analyze(path, "reward", by="g", warn=False).table
    assert want["group"].tolist() == got["group"].tolist() == ["a", "b"]
    cols = ["n", "n_missing", "p_heavy", "p_light", "p_bounded", "xi"]
    pd.testing.assert_frame_equal(got[cols], want[cols])
