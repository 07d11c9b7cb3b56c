"""Work shared inside one Goodhart summary (``tailstat/goodhart/_shared.py``)."""

from __future__ import annotations

import numpy as np
import pytest

import tailstat as ts
from tailstat.goodhart import _common, semiparametric
from tailstat.goodhart._shared import shared, shared_work


def _count_laws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    built: list[int] = []
    real = semiparametric.SemiParametric.__init__

    def init(self: semiparametric.SemiParametric, *a: object) -> None:
        built.append(1)
        real(self, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(semiparametric.SemiParametric, "__init__", init)
    return built


def test_a_summary_builds_each_law_once_and_reads_the_sample_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The frontier, its exponential bound and the tilt share the sample's laws: three laws
    (the sample's own, the fitted model's, the bound's), not five, and one pass for the
    sample's mean and sd, not one per part (40% of a summary at 10^7: a review)."""
    built = _count_laws(monkeypatch)
    passes: list[int] = []
    real_mean_sd = _common._mean_sd
    monkeypatch.setattr(_common, "_mean_sd",
                        lambda x: passes.append(x.shape[0]) or real_mean_sd(x))
    x = np.random.default_rng(0).normal(size=20_000)
    g = ts.goodhart_summary(x)
    assert g.tail.label == "light" and g.tail.xi < 0  # the bound's frontier is made too
    assert len(built) == 3
    assert passes.count(x.shape[0]) == 1


def test_outside_a_summary_nothing_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each function called on its own builds its law again, so a caller's array changed
    between two calls is read as it is now."""
    built = _count_laws(monkeypatch)
    x = np.random.default_rng(1).gamma(2.0, size=5_000)
    first = ts.goodhart.kl_frontier(x, [8.0], tail="empirical").table["rate"].iloc[0]
    x *= 0.5  # the caller's own array, changed in place
    again = ts.goodhart.kl_frontier(x, [8.0], tail="empirical").table["rate"].iloc[0]
    fresh = ts.goodhart.kl_frontier(x.copy(), [8.0], tail="empirical").table["rate"].iloc[0]
    assert again == fresh and again != first
    assert len(built) == 3


def test_shared_keys_on_identity_within_the_scope_only() -> None:
    calls: list[int] = []
    a, b = np.zeros(3), np.zeros(3)
    with shared_work():
        assert shared("t", (a,), lambda: calls.append(1) or 1) == 1
        assert shared("t", (a,), lambda: calls.append(1) or 2) == 1  # kept
        assert shared("t", (b,), lambda: calls.append(1) or 3) == 3  # another object
        with shared_work():  # a nested scope shares the outer one
            assert shared("t", (a,), lambda: 4) == 1
    assert shared("t", (a,), lambda: 5) == 5  # outside: computed
    assert len(calls) == 2


def test_mean_and_sd_keep_their_digits_at_a_large_offset() -> None:
    """A review: the sd (which sets the frontier's default targets and the tilt's beta grid)
    was taken of x / max|x|, and lost its third digit at an offset of 1e15."""
    y = np.round(np.random.default_rng(0).gamma(2.0, size=20_000) * 8) / 8
    mean, sd = _common._mean_sd(y + 1e15)
    assert sd == pytest.approx(y.std(), rel=1e-12)
    assert mean - 1e15 == pytest.approx(y.mean(), abs=0.125)  # the offset's float spacing
    # values spanning the float range stay finite, where numpy's sd overflows
    assert np.isfinite(_common._mean_sd(np.array([-1e200, 1.0, 1.5]))).all()
    # float32 values are read as float64 (a re-read: y / m overflowed in float32)
    z = (1e6 + np.random.default_rng(1).normal(size=1000)).astype(np.float32)
    np.testing.assert_allclose(_common._mean_sd(z), (z.astype(float).mean(),
                                                     z.astype(float).std()), rtol=1e-12)
