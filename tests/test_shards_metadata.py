"""A Parquet folder whose files store one column with different pandas types
(``tailstat/data/shards.py``, ``tailstat/data/_arrow.py``): read as the unified type."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data.readers import read_any


@pytest.mark.parametrize("first", ["Int64", "float64"])
def test_nullable_integers_beside_floats_are_read_as_floats(tmp_path, first: str) -> None:
    """Review 443: a file of nullable Int64 rewards beside one of floats raised pyarrow's
    "ArrowInvalid: Float value 0.125730 was truncated converting to int64" (CLI exit 70):
    the unified schema (double) kept the first file's pandas record of Int64. Either order
    reads every value, the missing one as missing."""
    ints = pd.DataFrame({"reward": pd.array([*range(99), None], dtype="Int64"),
                         "g": ["a"] * 100})
    floats = pd.DataFrame({"reward": np.random.default_rng(0).normal(size=100),
                           "g": ["b"] * 100})
    parts = [ints, floats] if first == "Int64" else [floats, ints]
    for i, part in enumerate(parts):
        part.to_parquet(tmp_path / f"part{i}.parquet")
    got = read_any(tmp_path)
    assert got["reward"].dtype == np.float64
    want = pd.concat(parts, ignore_index=True)["reward"].astype("Float64").astype(float)
    np.testing.assert_array_equal(np.sort(got["reward"].dropna().to_numpy()),
                                  np.sort(want.dropna().to_numpy()))
    assert int(got["reward"].isna().sum()) == 1
    table = ts.analyze(tmp_path, "reward", by="g", warn=False).table
    assert table["n"].tolist() == [99, 100] and table["n_missing"].tolist() == [1, 0]
