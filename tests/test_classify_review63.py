"""Stop 63: the coarse cap held exactly."""

from __future__ import annotations

import numpy as np

from tailstat.classification._patterns import COARSE_CAP, coarse_shrink


def test_the_coarse_cap_is_never_passed_by_rounding() -> None:
    """A probability moved to the cap of 0.75 could read 0.7500000000000001 (Poisson(5)
    counts at n = 10^4, seen under a prior tried and withdrawn in stop 63, 08103d2; the cap
    must hold under any prior: 6,529 of these rows passed it)."""
    p = np.random.default_rng(0).dirichlet([0.3] * 3, size=100_000)
    q = coarse_shrink(p)
    assert q.max() <= COARSE_CAP
    assert np.all(np.argmax(q, axis=1) == np.argmax(p, axis=1))
    assert np.abs(q.sum(axis=1) - 1.0).max() <= 1e-15
    within = p.max(axis=1) <= COARSE_CAP
    assert np.array_equal(q[within], p[within])
