"""Scale equivariance of the GPD fit and its diagnostics at any finite magnitude (issue 11).

A fit on ``c x`` must be the fit on ``x`` with ``sigma``, the threshold and every interval of
``sigma`` multiplied by ``c`` and ``xi`` (a scale-free number) unchanged, for ``c`` from
``1e-200`` to ``1e200``: the computation works on rescaled excesses and reports in the user's
units.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tailstat.gpd import fit_gpd, mean_excess, threshold_stability

RTOL = 1e-9

_SAMPLES = {
    "pareto": lambda rng: rng.pareto(2.0, 800) + 1.0,
    "normal": lambda rng: rng.standard_normal(800),
    "uniform": lambda rng: rng.uniform(size=800),
    "outlier": lambda rng: np.r_[rng.standard_normal(800), 1e80],
}

scales = st.floats(min_value=-200.0, max_value=200.0).map(lambda e: 10.0 ** e)


def _close(a: float, b: float, rtol: float = RTOL) -> None:
    if math.isfinite(a) or math.isfinite(b):
        assert a == pytest.approx(b, rel=rtol, abs=0.0), (a, b)
    else:
        assert a == b or (math.isnan(a) and math.isnan(b))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=scales, kind=st.sampled_from(sorted(_SAMPLES)), seed=st.integers(0, 2**16),
       method=st.sampled_from(["mle", "pwm"]))
def test_fit_on_c_x_is_the_fit_on_x_in_units_of_c(c: float, kind: str, seed: int,
                                                  method: str) -> None:
    x = _SAMPLES[kind](np.random.default_rng(seed))
    ref = fit_gpd(x, "90%", method=method, warn=False)
    fit = fit_gpd(x * c, "90%", method=method, warn=False)
    assert fit.n_exceed == ref.n_exceed
    _close(fit.xi, ref.xi)
    _close(fit.sigma, ref.sigma * c)
    _close(fit.threshold, ref.threshold * c)
    _close(fit.se_xi, ref.se_xi, 1e-7)
    _close(fit.se_sigma, ref.se_sigma * c, 1e-7)
    assert fit.ci is not None and ref.ci is not None
    assert fit.sigma_ci is not None and ref.sigma_ci is not None
    _close(fit.ci.low, ref.ci.low, 1e-7)
    _close(fit.ci.high, ref.ci.high, 1e-7)
    _close(fit.sigma_ci.low, ref.sigma_ci.low * c, 1e-7)
    _close(fit.sigma_ci.high, ref.sigma_ci.high * c, 1e-7)
    # the log-likelihood is a density: it moves by -k log c
    _close(fit.loglik, ref.loglik - ref.n_exceed * math.log(c), 1e-9)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(c=scales, seed=st.integers(0, 2**16))
def test_diagnostics_on_c_x_are_those_on_x_in_units_of_c(c: float, seed: int) -> None:
    x = np.random.default_rng(seed).pareto(2.0, 600) + 1.0
    me0, me1 = mean_excess(x), mean_excess(x * c)
    np.testing.assert_allclose(me1.threshold, me0.threshold * c, rtol=RTOL)
    np.testing.assert_allclose(me1.mean_excess, me0.mean_excess * c, rtol=1e-8)
    np.testing.assert_allclose(me1.ci_high, me0.ci_high * c, rtol=1e-8)
    ts0, ts1 = threshold_stability(x, n_thresholds=6), threshold_stability(x * c, n_thresholds=6)
    np.testing.assert_allclose(ts1.xi, ts0.xi, rtol=1e-8)
    np.testing.assert_allclose(ts1.xi_high, ts0.xi_high, rtol=1e-7)
    np.testing.assert_allclose(ts1.sigma, ts0.sigma * c, rtol=1e-8)
    np.testing.assert_allclose(ts1.modified_scale_low, ts0.modified_scale_low * c, rtol=1e-6)


@pytest.mark.parametrize("e", [-900, -300, 0, 300, 900])
def test_powers_of_two_give_the_same_bits(e: int) -> None:
    """Scaling by an exact power of two changes no digit of xi (the data are rescaled exactly)."""
    x = np.random.default_rng(1).pareto(1.5, 1000) + 1.0
    c = math.ldexp(1.0, e)
    ref, fit = fit_gpd(x, "90%"), fit_gpd(x * c, "90%")
    assert fit.xi == ref.xi
    assert fit.sigma == ref.sigma * c


@pytest.mark.parametrize("big", [1e120, 1e250, 1e300])
def test_one_huge_finite_outlier_gives_a_finite_fit(big: float) -> None:
    x = np.r_[np.random.default_rng(2).standard_normal(1000), big]
    fit = fit_gpd(x, "95%", warn=False)
    assert math.isfinite(fit.xi) and 0 < fit.xi < 1e3
    assert math.isfinite(fit.se_xi) and fit.ci is not None and fit.ci.low < fit.xi < fit.ci.high
    me = mean_excess(x)
    assert np.isfinite(me.mean_excess).all() and np.isfinite(me.ci_high).all()
