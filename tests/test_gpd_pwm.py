"""The probability-weighted-moment GPD fit's standard errors and intervals
(``tailstat/gpd/_estimate.py``, ``_fit_pwm``) against the closed forms of Hosking & Wallis
(1987). (The estimates themselves, against fExtremes and simulation: ``tests/test_gpd.py``.)"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from tailstat.gpd import GPDFit, fit_gpd
from tailstat.gpd import _likelihood as K


def _hosking_wallis(xi: float, k: int) -> tuple[float, float, float]:
    """Asymptotic s.e. of the PWM ξ, of σ_hat / σ, and their correlation, from Hosking &
    Wallis (1987) in their shape k_HW = -ξ:
    ``k var(k_HW) = (1+k_HW)(2+k_HW)²(1+k_HW+2k_HW²) / ((1+2k_HW)(3+2k_HW))``,
    ``k var(σ)/σ² = (7+18k_HW+11k_HW²+2k_HW³) / (...)``,
    ``k cov(σ, k_HW)/σ = (2+k_HW)(2+6k_HW+7k_HW²+2k_HW³) / (...)``; cov(σ, ξ) = -cov(σ, k_HW).
    """
    kh = -xi
    den = (1 + 2 * kh) * (3 + 2 * kh)
    v_xi = (1 + kh) * (2 + kh) ** 2 * (1 + kh + 2 * kh**2) / den / k
    v_s = (7 + 18 * kh + 11 * kh**2 + 2 * kh**3) / den / k
    c_xs = -(2 + kh) * (2 + 6 * kh + 7 * kh**2 + 2 * kh**3) / den / k
    return math.sqrt(v_xi), math.sqrt(v_s), c_xs / math.sqrt(v_xi * v_s)


def _fit(xi: float, ci: float = 0.95) -> GPDFit:
    """A PWM fit to 2000 GPD(ξ, σ = 2) excesses over the threshold 0 (one value below it)."""
    x = np.concatenate([[-1.0], K.gpd_rvs(np.random.default_rng(4), xi, 2.0, 2000)])
    return fit_gpd(x, 0.0, method="pwm", ci=ci)


def test_the_closed_form_at_xi_zero() -> None:
    """At ξ = 0: k var(ξ) = 4/3, k var(σ)/σ² = 7/3 and the correlation is -(4/3)/sqrt(28/9)
    = -2/sqrt(7) (the exponential case of Hosking & Wallis' Table)."""
    se_xi, se_s, corr = _hosking_wallis(0.0, 1)
    assert se_xi == pytest.approx(math.sqrt(4 / 3), rel=1e-15)
    assert se_s == pytest.approx(math.sqrt(7 / 3), rel=1e-15)
    assert corr == pytest.approx(-2 / math.sqrt(7), rel=1e-15)


@pytest.mark.parametrize("xi", [-0.3, 0.0, 0.2])
def test_pwm_standard_errors_are_hosking_and_wallis_at_the_estimate(xi: float) -> None:
    """A mutation review (stop 44): the factor (1 - ξ + 2ξ²) of var(ξ_hat) read (1 + ξ + 2ξ²)
    and no test saw it (the simulation check allows 12%). The standard errors and the
    correlation are the closed forms at the fitted ξ, to rounding."""
    fit = _fit(xi)
    k = fit.n_exceed
    assert k == 2000 and fit.method == "pwm"
    se_xi, se_s, corr = _hosking_wallis(fit.xi, k)
    assert fit.se_xi == pytest.approx(se_xi, rel=1e-12)
    assert fit.se_sigma / fit.sigma == pytest.approx(se_s, rel=1e-12)
    assert fit.cov is not None
    assert fit.cov[0, 0] == pytest.approx(fit.se_xi**2, rel=1e-12)
    assert fit.cov[1, 1] == pytest.approx(fit.se_sigma**2, rel=1e-12)
    assert fit.cov[0, 1] == fit.cov[1, 0]
    assert fit.cov[0, 1] / (fit.se_xi * fit.se_sigma) == pytest.approx(corr, rel=1e-12)


@pytest.mark.parametrize("ci", [0.95, 0.9])
def test_pwm_intervals_use_the_normal_quantile_of_the_level(ci: float) -> None:
    """A mutation review (stop 44): the PWM intervals used z = 1.645 whatever the level, and
    no test saw it. The ξ interval is the Wald one, ξ ∓ z se(ξ), and the σ interval the delta
    method on log σ, σ exp(∓ z se(σ)/σ), with z the normal quantile 1/2 + ci/2."""
    fit = _fit(0.2, ci)
    z = stats.norm.ppf(0.5 + ci / 2)
    assert fit.ci is not None and fit.sigma_ci is not None
    assert fit.ci.level == ci and fit.sigma_ci.level == ci
    assert (fit.ci.low, fit.ci.high) == pytest.approx(
        (fit.xi - z * fit.se_xi, fit.xi + z * fit.se_xi), rel=1e-12)
    f = math.exp(z * fit.se_sigma / fit.sigma)
    assert (fit.sigma_ci.low, fit.sigma_ci.high) == pytest.approx(
        (fit.sigma / f, fit.sigma * f), rel=1e-12)


def test_pwm_endpoint_below_the_largest_excess_is_said() -> None:
    """Review 409: the note of a PWM fit whose upper endpoint sigma / -xi falls below the
    largest excess (the likelihood is zero there) was never checked. Uniform excesses above
    the 90% quantile: xi near -1, and the PWM endpoint short of the data for this seed."""
    x = np.random.default_rng(1).uniform(size=2000)
    fit = fit_gpd(x, threshold="90%", method="pwm")
    y_max = x.max() - fit.threshold
    assert fit.xi < 0 and fit.sigma / -fit.xi < y_max
    assert fit.loglik == -np.inf
    said = [w for w in fit.warnings if "below the largest excess" in w]
    assert len(said) == 1 and f"({fit.sigma / -fit.xi:.4g})" in said[0]
    # where the endpoint holds the data, no such note
    ok = fit_gpd(np.random.default_rng(0).uniform(size=2000), threshold="90%", method="pwm")
    assert np.isfinite(ok.loglik) and not any("largest excess" in w for w in ok.warnings)
