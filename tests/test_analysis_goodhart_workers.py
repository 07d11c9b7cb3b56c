"""``analyze(..., goodhart=True)`` summarises the groups in worker processes (two at most),
with the same summaries, progress and warnings as here, and here on ``TAILSTAT_THREADS=1``."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import _workers

pytestmark = pytest.mark.usefixtures("two_workers")  # (tests/conftest.py)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    n = 1500
    parts = [pd.DataFrame({"g": f"n{i}", "r": rng.normal(size=n)}) for i in range(4)]
    parts.append(pd.DataFrame({"g": "t2", "r": rng.standard_t(2.0, n)}))
    parts.append(pd.DataFrame({"g": "few", "r": rng.normal(size=30)}))  # fails: too few
    return pd.concat(parts, ignore_index=True)


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each ``Workers.map`` ran with a started pool."""
    pooled: list[bool] = []
    plain = _workers.Workers.map

    def map_(self: Any, *args: Any, **kwargs: Any) -> Any:
        pooled.append(self.pool is not None)
        return plain(self, *args, **kwargs)

    monkeypatch.setattr(_workers.Workers, "map", map_)
    return pooled


def _analyze(frame: pd.DataFrame, said: list[str] | None = None) -> ts.TailAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return ts.analyze(frame, "r", by="g", goodhart=True, warn=False,
                          progress=None if said is None else said.append)


def test_the_summaries_are_made_in_workers_and_equal_those_made_here(
        frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    pooled = _spy(monkeypatch)
    said_pool: list[str] = []
    a = _analyze(frame, said_pool)
    assert pooled == [True]  # the default: the pool (five groups, two workers)
    monkeypatch.setenv("TAILSTAT_THREADS", "1")  # one thread: everything here
    said_here: list[str] = []
    b = _analyze(frame, said_here)
    assert pooled == [True, False]
    pd.testing.assert_frame_equal(a.table, b.table, check_exact=True)
    assert list(a.goodhart) == list(b.goodhart) == ["n0", "n1", "n2", "n3", "t2"]
    assert a.goodhart_failures == b.goodhart_failures
    for key, g in a.goodhart.items():
        h = b.goodhart[key]
        assert g.verdict == h.verdict
        pd.testing.assert_frame_equal(g.best_of_n, h.best_of_n, check_exact=True)
        pd.testing.assert_frame_equal(g.frontier.table, h.frontier.table, check_exact=True)
    # the progress lines, in the groups' order, either way
    assert [s for s in said_pool if "Goodhart" in s] == [s for s in said_here if "Goodhart" in s]
    assert sum("Goodhart summary of" in s for s in said_pool) == len(a.table)


def test_a_warning_given_in_a_worker_is_given_here_once(
        frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    pooled = _spy(monkeypatch)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        ts.analyze(frame, "r", by="g", goodhart=True, warn=False)
    assert pooled == [True]
    monkeypatch.setenv("TAILSTAT_THREADS", "1")
    with warnings.catch_warnings(record=True) as here:
        warnings.simplefilter("always")
        ts.analyze(frame, "r", by="g", goodhart=True, warn=False)
    assert pooled == [True, False]
    assert sorted(str(w.message) for w in seen) == sorted(str(w.message) for w in here)
