"""The maximum-likelihood interval of the GPD scale σ (``fit_gpd(...).sigma_ci``;
``tailstat/gpd/_profile_sigma.py``, ``sigma_interval``): the profile-likelihood interval
``{σ : 2 (l_max - max over ξ >= -1 of l(ξ, σ)) <= chi2_1(level)}``.

It was the delta method on ``log σ``, which covered σ = 1 in 76% of samples of 100 GPD(-0.4, 1)
excesses (89% of 200) at 95%, and was NaN wherever ξ_hat <= -1/2. The reference here is the
profile by brute force: ``max over ξ`` by scipy at each σ, and its crossings of the cut.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

from tailstat.gpd import GPDFit, fit_gpd
from tailstat.gpd import _likelihood as K
from tailstat.gpd import _profile_sigma as P
from tailstat.gpd._mle import mle


def _profile_of_sigma(y: np.ndarray, sigma: float, top: float) -> float:
    """``max over -1 <= ξ <= top of l(ξ, σ)``: a grid (denser towards the support's edge),
    then a bounded search between the best point's neighbours; ``ξ = -1`` itself (the
    likelihood ``-k log σ`` where ``σ >= y_max``) is a candidate too."""
    k, y_max = y.shape[0], float(y.max())
    lo = max(-1.0, -sigma / y_max)  # 1 + ξ y / σ > 0 above it
    grid = lo + (top - lo) * np.linspace(0.0, 1.0, 121)[1:] ** 2
    ll = K.gpd_loglik(y, grid, sigma)
    i = int(np.argmax(ll))
    a, b = (grid[i - 1] if i else lo), grid[min(i + 1, grid.shape[0] - 1)]
    res = optimize.minimize_scalar(lambda xi: -float(K.gpd_loglik(y, xi, sigma)),
                                   bounds=(a, b), method="bounded", options={"xatol": 1e-12})
    edge = -k * math.log(sigma) if sigma >= y_max else -math.inf
    return max(float(ll[i]), -float(res.fun), edge)


def _brute_interval(y: np.ndarray, level: float) -> tuple[float, float]:
    """The σ where the brute-force profile crosses the cut on each side of the MLE: steps
    outwards in ``log σ`` until it is below, then Brent's method."""
    sol = mle(y)
    cut = sol.loglik - 0.5 * stats.chi2.ppf(level, 1)
    top = max(3.0, sol.xi + 3.0)

    def gap(log_s: float) -> float:
        return _profile_of_sigma(y, math.exp(log_s), top) - cut

    ends = []
    for sign in (-1.0, 1.0):
        inner, step = math.log(sol.sigma), 0.05
        while gap(inner + sign * step) >= 0.0:
            inner, step = inner + sign * step, 2.0 * step
        root = optimize.brentq(gap, *sorted((inner, inner + sign * step)), xtol=1e-14,
                               rtol=1e-13)
        ends.append(math.exp(root))
    return ends[0], ends[1]


def _excesses(xi: float, k: int, seed: int) -> np.ndarray:
    return K.gpd_rvs(np.random.default_rng(seed), xi, 1.0, k)


# --- the profile, by brute force ----------------------------------------------------------------


@pytest.mark.parametrize("k", [50, 200, 2000])
@pytest.mark.parametrize("xi", [-0.4, 0.0, 0.3, 1.0])
def test_the_interval_is_the_brute_force_profile_interval(xi: float, k: int) -> None:
    """The ends are those of the profile computed by brute force, to 1e-6 (they agree to
    1e-10 on 120 samples of every shape from k = 10 to 2000; the delta method's were 1-5%
    away at k = 50)."""
    y = _excesses(xi, k, seed=1000 + k)
    fit = fit_gpd(y, 0.0, ci=0.95)
    assert fit.sigma_ci.method == "profile likelihood" and fit.sigma_ci.level == 0.95
    low, high = _brute_interval(y, 0.95)
    assert fit.sigma_ci.low == pytest.approx(low, rel=1e-6)
    assert fit.sigma_ci.high == pytest.approx(high, rel=1e-6)


@pytest.mark.parametrize("level", [0.8, 0.99])
def test_the_interval_follows_the_level(level: float) -> None:
    """At other levels too, and nested: a wider level, a wider interval."""
    y = _excesses(0.2, 150, seed=7)
    fit = fit_gpd(y, 0.0, ci=level)
    low, high = _brute_interval(y, level)
    assert (fit.sigma_ci.low, fit.sigma_ci.high) == pytest.approx((low, high), rel=1e-6)
    mid = fit_gpd(y, 0.0, ci=0.9).sigma_ci
    assert (fit.sigma_ci.low < mid.low) == (level > 0.9)
    assert (fit.sigma_ci.high > mid.high) == (level > 0.9)


# --- equivariance -------------------------------------------------------------------------------


@pytest.mark.parametrize("c", [1e-6, 0.37, 2.0**20, 3.3e5])
def test_the_interval_scales_with_the_data(c: float) -> None:
    """Multiplying the data (and the threshold) by ``c`` multiplies the interval by ``c``."""
    x = 5.0 + _excesses(-0.3, 120, seed=3)
    ref = fit_gpd(x, 5.0).sigma_ci
    got = fit_gpd(x * c, 5.0 * c).sigma_ci
    assert got.method == "profile likelihood"
    assert (got.low, got.high) == pytest.approx((ref.low * c, ref.high * c), rel=1e-9)


@pytest.mark.parametrize("shift", [-40.0, 3.0, 1e4])
def test_the_interval_is_the_same_at_any_location(shift: float) -> None:
    """Shifting data and threshold together leaves the excesses, and so the interval of the
    excesses' scale, as they were (to the rounding of the shifted values)."""
    x = 1.0 + _excesses(0.4, 90, seed=5)
    ref = fit_gpd(x, 1.0).sigma_ci
    got = fit_gpd(x + shift, 1.0 + shift).sigma_ci
    assert got.method == "profile likelihood"
    assert (got.low, got.high) == pytest.approx((ref.low, ref.high), rel=1e-9)


# --- coverage -----------------------------------------------------------------------------------


def test_the_interval_covers_at_its_level_on_a_bounded_tail() -> None:
    """300 samples of 100 GPD(-0.4, 1) excesses: the 95% interval covers σ = 1 within three
    binomial standard errors of 95% (the delta method's covered 76%: the profile of σ is
    skewed there, and ξ_hat <= -1/2 in some samples left it NaN)."""
    rng = np.random.default_rng(20250101)
    n = 300
    hits = 0
    for _ in range(n):
        ci = fit_gpd(K.gpd_rvs(rng, -0.4, 1.0, 100), 0.0, ci=0.95).sigma_ci
        hits += ci.low <= 1.0 <= ci.high
    se = math.sqrt(0.95 * 0.05 / n)
    assert abs(hits / n - 0.95) <= 3.0 * se, hits / n


# --- edges --------------------------------------------------------------------------------------


def _check(fit: GPDFit) -> None:
    """A finite interval, of the profile, around the estimate."""
    ci = fit.sigma_ci
    assert ci.method == "profile likelihood"
    assert math.isfinite(ci.low) and math.isfinite(ci.high)
    assert 0.0 <= ci.low <= fit.sigma <= ci.high


def test_a_fit_at_the_constraint_has_an_interval() -> None:
    """At ξ_hat = -1 (the boundary: no information-based errors) the interval is finite, and
    includes the segment ξ = -1, ``y_max <= σ <= y_max exp(-cut / k)`` where the boundary's
    likelihood is above the cut (here it is the maximum)."""
    x = np.r_[-1.0, np.random.default_rng(2).uniform(size=10)]
    fit = fit_gpd(x, 0.0, ci=0.95)
    assert fit.xi == -1.0 and math.isnan(fit.se_sigma)
    _check(fit)
    y = x[x > 0]
    cut = fit.loglik - 0.5 * stats.chi2.ppf(0.95, 1)
    assert fit.sigma_ci.high >= float(y.max()) * math.exp(-cut / y.size) * (1 - 1e-12)
    assert (fit.sigma_ci.low, fit.sigma_ci.high) == pytest.approx(_brute_interval(y, 0.95),
                                                                  rel=1e-6)


def test_a_non_regular_fit_has_an_interval() -> None:
    """ξ_hat <= -1/2: the delta method's interval was NaN; the profile's is finite (given
    without a chi-square guarantee, as the message says)."""
    for seed in range(50):
        x = np.r_[-1.0, _excesses(-0.8, 30, seed)]
        fit = fit_gpd(x, 0.0)
        if -1.0 < fit.xi <= -0.5:
            break
    assert -1.0 < fit.xi <= -0.5 and "chi-square guarantee" in fit.message
    _check(fit)


def test_ties_small_samples_and_extreme_magnitudes_give_an_interval() -> None:
    """Heavily tied excesses, ten excesses of a heavy tail, and data near the ends of the
    float range."""
    rng = np.random.default_rng(9)
    tied = np.r_[-1.0, np.repeat([0.1, 0.5, 1.0, 2.0], [40, 30, 20, 10])]
    for x in (tied, np.r_[-1.0, rng.pareto(0.5, 10)], rng.exponential(size=60) * 1e-300,
              rng.exponential(size=60) * 1e300):
        _check(fit_gpd(x, 0.0 if x.min() < 0 else float(np.min(x)) / 2, warn=False))


def test_an_unbounded_region_gives_a_lower_end_of_zero_and_says_so() -> None:
    """Excesses spread over 300 decades: the likelihood region reaches the search limit
    (``theta y_max = e^700``, σ near 1e-300 y_max), where nothing bounds σ away from 0. The
    lower end is 0, the upper one finite, and a note says why."""
    x = np.r_[-1.0, 1e-300 * np.arange(1, 6), np.geomspace(1e-150, 1.0, 6)]
    fit = fit_gpd(x, 0.0, warn=False)
    assert fit.sigma_ci.low == 0.0 and 0.0 < fit.sigma_ci.high < 1e-290
    assert fit.sigma_ci.high >= fit.sigma
    assert any("lower bound of sigma is 0" in w for w in fit.warnings)


def test_the_ridge_is_continuous_through_theta_zero() -> None:
    """The refinement's ridge (where l is largest over θ at fixed σ) switches from its
    closed form to a series within |α| < 0.01 of α = θ y_max = 0, where the closed form
    cancels: both agree across the switch, and the series is finite at α = 0 itself."""
    q = np.sort(np.random.default_rng(4).exponential(size=300))
    q /= q[-1]
    f = P._SliceEval(q, cut=-100.0)
    etas = np.log1p(np.array([-0.0101, -0.0099, -1e-9, 0.0, 1e-9, 0.0099, 0.0101]))
    xi, sr, dsr, h, dh = f.ridge(etas)
    assert np.isfinite(np.c_[xi, sr, dsr, h, dh]).all()
    for i, j in ((0, 1), (2, 3), (3, 4), (5, 6)):
        step = etas[j] - etas[i]
        assert sr[j] == pytest.approx(sr[i] + 0.5 * (dsr[i] + dsr[j]) * step, rel=1e-9)
        assert h[j] == pytest.approx(h[i] + 0.5 * (dh[i] + dh[j]) * step, rel=1e-9)


def test_the_pwm_interval_is_still_the_delta_method() -> None:
    """Only the maximum-likelihood interval changed."""
    fit = fit_gpd(_excesses(0.1, 500, seed=8), 0.0, method="pwm")
    f = math.exp(stats.norm.ppf(0.975) * fit.se_sigma / fit.sigma)
    assert fit.sigma_ci.method == "delta method (log scale)"
    assert (fit.sigma_ci.low, fit.sigma_ci.high) == pytest.approx(
        (fit.sigma / f, fit.sigma * f), rel=1e-12)
