"""Stop 63: the heavy label's prior by sample size, and the coarse cap held exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest

import tailstat.classification._likelihood as L
from tailstat.classification._patterns import COARSE_CAP, coarse_shrink


def test_the_heavy_prior_is_a_third_for_small_samples_and_0_2_from_10_4() -> None:
    assert L.heavy_prior(50) == L.heavy_prior(2000) == pytest.approx(1 / 3, abs=1e-15)
    assert L.heavy_prior(10_000) == L.heavy_prior(10**7) == L.HEAVY_PRIOR == 0.2
    mid = math.sqrt(2000 * 10_000)  # linear in log n between
    assert L.heavy_prior(mid) == pytest.approx((1 / 3 + 0.2) / 2, rel=1e-12)
    for n in (100, mid, 10**5):
        h = L.heavy_prior(n)
        w = np.exp(np.log(L.prior_weights()) + L.label_prior_offset(n))
        heavy = L.table().labels == "heavy"
        # the labels' masses; light and bounded keep their equal shares
        assert w[heavy].sum() == pytest.approx(h, rel=1e-12)
        assert w[L.table().labels == "light"].sum() == pytest.approx((1 - h) / 2, rel=1e-12)
        assert L.prior_log_odds_shift(n) == pytest.approx(
            math.log(h / (1 - h)) - math.log(0.5), abs=1e-12)


def test_the_coarse_cap_is_never_passed_by_rounding() -> None:
    """Poisson(5) counts at n = 10^4 read 0.7500000000000001 under the cap of 0.75."""
    p = np.random.default_rng(0).dirichlet([0.3] * 3, size=100_000)
    q = coarse_shrink(p)
    assert q.max() <= COARSE_CAP
    assert np.all(np.argmax(q, axis=1) == np.argmax(p, axis=1))
    assert np.allclose(q.sum(axis=1), 1.0, atol=1e-15)
    within = p.max(axis=1) <= COARSE_CAP
    assert np.array_equal(q[within], p[within])
