"""tailstat.dask.analyze's arguments as tailstat.analyze takes them (``tailstat/dask.py``):
the name of an unnamed Series, and ``method``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="needs Dask: pip install 'tailstat[dask]'")
dask = pytest.importorskip("dask")

import tailstat as ts  # noqa: E402
import tailstat.dask as tsd  # noqa: E402


def _quiet(f, *args, **kwargs):
    with warnings.catch_warnings(), dask.config.set(scheduler="synchronous"):
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return f(*args, **kwargs)


def test_an_unnamed_series_is_the_group_analyze_names() -> None:
    """A review: tailstat.analyze names an unnamed Series' group 'x'; under Dask it was '0'
    (``to_frame()`` names the column 0), against the promise of the same table."""
    x = pd.Series(np.random.default_rng(0).standard_t(3, 5000))
    here = _quiet(ts.analyze, x).to_frame()
    there = _quiet(tsd.analyze, dd.from_pandas(x, npartitions=3)).to_frame()
    assert there["group"].tolist() == here["group"].tolist() == ["x"]
    named = _quiet(tsd.analyze, dd.from_pandas(x.rename("reward"), npartitions=3))
    assert named.to_frame()["group"].tolist() == ["reward"]


def test_method_is_taken_as_analyze_takes_it() -> None:
    """A review: ``method=`` was a TypeError (gold= and goodhart= are parameters so that they
    fail with a message). The Bayesian fit of a merged sketch equals that of the sketch in
    memory; an unknown method is refused before any work."""
    x = pd.Series(np.random.default_rng(1).pareto(2.0, 3000))
    there = _quiet(tsd.analyze, dd.from_pandas(x, npartitions=2), method="bayes", seed=1)
    here = _quiet(ts.analyze, {"x": ts.TailSketch.from_sample(x, name="x")}, method="bayes",
                  seed=1)
    assert there.settings["method"] == "bayes"
    cols = ["label", "xi", "xi_low", "xi_high", "p_heavy"]
    pd.testing.assert_frame_equal(there.table[cols], here.table[cols])
    with pytest.raises(ts.DataError, match="method must be 'fast' or 'bayes'"):
        tsd.analyze(dd.from_pandas(x, npartitions=2), method="slow")
