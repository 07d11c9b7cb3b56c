"""Group keys of half precision (``tailstat/data/_grouping.py``): pandas makes no index of
float16, so such a ``by=`` column is grouped as the same keys in float32."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import check_groups


@pytest.mark.parametrize("dtype", ["<f2", ">f2"])
def test_float16_keys_are_grouped_as_their_values(dtype: str) -> None:
    """A review (439): ``by=`` a float16 column raised pandas' "NotImplementedError: float16
    indexes are not supported" from ``analyze``. Every float16 value is a float32 value, so
    the groups, their keys and their rows are those of the same keys widened, and the
    caller's frame keeps its dtype."""
    rng = np.random.default_rng(0)
    keys = np.array([1.5, -0.25, 2.0])[np.arange(900) % 3]
    df = pd.DataFrame({"r": rng.pareto(3.0, 900) + 1.0, "g": keys.astype(dtype),
                       "h": np.arange(900) % 2})
    wide = df.assign(g=keys)
    for by in ("g", ["g", "h"]):
        got, want = check_groups(df, "r", by=by), check_groups(wide, "r", by=by)
        assert list(got.samples) == list(want.samples)
        for key, sample in want.samples.items():
            assert np.array_equal(got.samples[key].values, sample.values)
    table = ts.analyze(df, "r", by="g", warn=False).table
    assert table["group"].tolist() == [-0.25, 1.5, 2.0]
    assert table["n"].tolist() == [300, 300, 300]
    assert df["g"].dtype == np.dtype(dtype)
    dd = pytest.importorskip("dask.dataframe")
    import tailstat.dask

    got_table = tailstat.dask.analyze(dd.from_pandas(df, npartitions=2), "r", by="g",
                                      warn=False).table
    assert got_table["group"].tolist() == [-0.25, 1.5, 2.0]
    assert got_table["n"].tolist() == [300, 300, 300]
