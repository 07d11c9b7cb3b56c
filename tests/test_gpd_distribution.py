"""The public GPD functions (tailstat.gpd.distribution) at the ends of their range, against
scipy.stats.genpareto."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from tailstat.gpd import gpd_isf, gpd_ppf


@pytest.mark.parametrize("xi", [-0.5, 0.0, 0.2, 1.5])
def test_quantiles_at_the_ends_and_outside_match_scipy(xi: float) -> None:
    """ppf(1) and isf(0) were NaN (the upper endpoint: inf, or sigma/|xi| for xi < 0), and p
    outside [0, 1] gave a number."""
    p = np.array([0.0, 1e-300, 0.3, 1.0, -0.1, 1.5])
    for ours, theirs in ((gpd_ppf, stats.genpareto.ppf), (gpd_isf, stats.genpareto.isf)):
        got = ours(p, xi, 2.0)
        want = theirs(p, xi, scale=2.0)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0.0)
        assert np.isnan(got[-2:]).all()
    assert np.signbit(gpd_isf(1.0, xi, 2.0)) == np.False_
    assert isinstance(gpd_ppf(0.5, xi, 2.0), float)
