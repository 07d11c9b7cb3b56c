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


def test_the_result_has_the_form_of_the_input() -> None:
    """A 0-d array gave a numpy float where the signatures (and the module) promise an array
    for an array: ``ndarray`` in, ``ndarray`` out, whatever its dimension; a number gives a
    number (a numpy scalar of another width too)."""
    from tailstat.gpd import gpd_logpdf, gpd_logsf

    for fn in (gpd_ppf, gpd_isf, gpd_logsf, gpd_logpdf):
        zero_d = fn(np.array(0.25), 0.2, 1.0)
        assert isinstance(zero_d, np.ndarray) and zero_d.shape == ()
        assert isinstance(fn(0.25, 0.2, 1.0), float)
        assert isinstance(fn(np.float32(0.25), 0.2, 1.0), float)
        assert fn(np.array([0.25]), 0.2, 1.0).shape == (1,)
        assert float(zero_d) == fn(0.25, 0.2, 1.0)


@pytest.mark.parametrize("bad", [["0.1"], "0.1", np.array(["0.1"]), [0.1, "0.2"], [True], True,
                                 [0.1 + 0j]])
def test_text_and_booleans_are_not_probabilities(bad) -> None:
    """``np.asarray(p, dtype=float)`` read ``["0.1"]`` as the probability 0.1 and ``True`` as
    1, and dropped an imaginary part: a DataError now, naming the argument."""
    from tailstat.errors import DataError

    with pytest.raises(DataError, match="p must be a number or an array of numbers"):
        gpd_isf(bad, 0.2, 1.0)
    with pytest.raises(DataError, match="p must be a number"):
        gpd_ppf(bad, 0.2, 1.0)


def test_sf_far_past_the_float_range_is_a_probability() -> None:
    """A review (stop 60): on a fit with xi > 0, sf(inf) and sf(x) where xi (x - u) / sigma
    overflows were NaN (with RuntimeWarnings), so sf(isf(p)) failed where isf(p) is finite
    or inf. There log(1 + a) = log(xi y / sigma), computed from logs."""
    import dataclasses
    import math

    import tailstat as ts

    x = np.random.default_rng(0).pareto(1.5, 5000) + 1.0
    fit = ts.fit_gpd(x, "95%")
    assert fit.xi > 0
    np.testing.assert_array_equal(fit.sf([np.inf, 1e308]), [0.0, 0.0])
    p = 1e-250
    assert fit.sf(fit.isf(p)) == pytest.approx(p, rel=1e-9)
    heavy = dataclasses.replace(fit, xi=30.0)  # (1e308)^(-1/30): far from 0
    y = 1e308 - heavy.threshold
    want = heavy.zeta * math.exp(-(math.log(30.0) + math.log(y) - math.log(heavy.sigma)) / 30)
    assert heavy.sf(1e308) == pytest.approx(want, rel=1e-9) and heavy.sf(1e308) > 1e-12

