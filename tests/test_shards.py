"""Parquet shards read by ``tailstat.dask`` whose columns differ (``tailstat/data/shards.py``):
columns the analysis does not read may differ, as in memory; a column it reads must be in
every shard, and the error names the shard and says what to do."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

dask = pytest.importorskip("dask", reason="needs Dask: pip install 'tailstat[dask]'")

import tailstat as ts  # noqa: E402
import tailstat.dask as tsd  # noqa: E402


def _folder(root: Path, first_has_extra: bool) -> Path:
    rng = np.random.default_rng(5)
    root.mkdir()
    a = pd.DataFrame({"g": "a", "r": rng.normal(size=400)})
    b = pd.DataFrame({"g": "b", "r": rng.gamma(2.0, size=400)})
    (a if first_has_extra else b)["extra"] = 2.0
    a.to_parquet(root / "a.parquet")
    b.to_parquet(root / "b.parquet")
    return root


@pytest.mark.parametrize("first_has_extra", [True, False])
def test_a_column_not_read_may_differ_between_shards(tmp_path: Path,
                                                     first_has_extra: bool) -> None:
    """Review 410: a shard with a column the others lack was refused under Dask ("every shard
    must hold the same columns") though the analysis does not read it, where tailstat.analyze
    reads the folder with a warning."""
    root = _folder(tmp_path / "f", first_has_extra)
    with pytest.warns(ts.InputWarning, match=r"columns of its Parquet files differ.*reads "
                                             r"\['g', 'r'\], which every file has"):
        with dask.config.set(scheduler="synchronous"):
            got = tsd.analyze(str(root), "r", by="g").table
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.InputWarning)
        want = ts.analyze(str(root), "r", by="g").table
    cols = ["group", "n", "label", "p_heavy"]
    pd.testing.assert_frame_equal(got[cols], want[cols])


@pytest.mark.parametrize("first_has_extra", [True, False])
def test_a_column_read_that_a_shard_lacks_is_named(tmp_path: Path, first_has_extra: bool) -> None:
    """Asked for the column one shard lacks: the shard and the column are named, with what to
    do, whichever shard comes first (when the first lacks it, Dask's own reading had said
    "unknown column", which another shard holds)."""
    root = _folder(tmp_path / "f", first_has_extra)
    lacking = "b.parquet" if first_has_extra else "a.parquet"
    with dask.config.set(scheduler="synchronous"), warnings.catch_warnings():
        warnings.simplefilter("error")  # and no warning about the other columns before it
        with raises_data_error(lacking, "lacks 'extra'", "every shard must hold",
                               "tailstat.analyze"):
            tsd.analyze(str(root), "extra", by="g")


def test_shards_lacking_different_read_columns_are_each_named(tmp_path: Path) -> None:
    """A re-read: when the first shard lacked one column read and another shard another, the
    message said the first lacked both."""
    rng = np.random.default_rng(6)
    root = tmp_path / "f"
    root.mkdir()
    pd.DataFrame({"g": "a", "x": rng.normal(size=300)}).to_parquet(root / "a.parquet")
    pd.DataFrame({"r": rng.normal(size=300), "x": 1.0}).to_parquet(root / "b.parquet")
    with dask.config.set(scheduler="synchronous"):
        with raises_data_error("b.parquet' lacks 'g'", "a.parquet' lacks 'r', which"):
            tsd.analyze(str(root), "r", by="g")
