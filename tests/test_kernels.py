"""Closed-form checks of the estimator kernels (tailstat/estimators/kernels.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat.estimators import kernels


def _weibull_quantiles(n: int, k: int, theta: float) -> np.ndarray:
    """The top ``k + 1`` order statistics of a Weibull-tail law placed exactly at their
    levels: ``X(n-i+1) = (log(n/i))^θ`` for i = 1..k+1 (so ``X(n-k)`` sits at ``n/(k+1)``)."""
    i = np.arange(1, k + 2, dtype=np.float64)
    return np.log(n / i) ** theta


@pytest.mark.parametrize(("n", "k", "theta"), [(10**5, 5, 1.0), (10**5, 10, 1.0),
                                               (5000, 100, 2.0), (10**6, 30, 0.5)])
def test_weibull_tail_is_exact_on_order_statistics_at_their_levels(n: int, k: int,
                                                                   theta: float) -> None:
    """Girard's θ is a ratio of log-spacings to log-log-level spacings; on order statistics
    that sit exactly at their levels it returns θ. Its denominator once took the level of
    X(n-k) as n/k instead of n/(k+1): +23% at k = 10 on exponential data."""
    desc = _weibull_quantiles(n, k, theta)
    m1 = kernels.log_moments(desc, k, orders=1)[0]
    assert float(kernels.weibull_tail_at(m1[k - 1], k, n)) == pytest.approx(theta, rel=1e-12)
    path = kernels.weibull_tail_path(desc, k, n)
    assert float(path[k - 1]) == pytest.approx(theta, rel=1e-12)


def test_weibull_tail_needs_a_level_above_one() -> None:
    """At k + 1 = n the level n/(k+1) is 1 and log log of it is undefined: NaN, not 0 or inf."""
    desc = np.sort(np.random.default_rng(0).exponential(size=20))[::-1] + 1.0
    m1 = kernels.log_moments(desc, 19, orders=1)[0]
    assert math.isnan(float(kernels.weibull_tail_at(m1[18], 19, 20)))
    path = kernels.weibull_tail_path(desc, 19, 20)
    # (k = 1 is NaN too: weibull_tail refuses it, tests/test_estimators_paths.py)
    assert math.isnan(path[18]) and np.isfinite(path[1:18]).all() and math.isnan(path[0])


@pytest.mark.parametrize("offset", [0.0, 1e8, 1e12])
def test_log_moments_keep_their_precision_for_large_tightly_spread_values(offset: float
                                                                         ) -> None:
    """``log X - log X(n)`` lost the digits the logs share (relative error 4e-3 at 1e12);
    the moments are now exact to rounding against ``log1p`` of the relative spacings."""
    x = np.random.default_rng(1).normal(10.0, 1.0, 5000) + offset
    desc = np.sort(x)[::-1][:501]
    m1, m2 = kernels.log_moments(desc, 500)
    for k in (1, 10, 500):
        logs = np.log1p((desc[:k] - desc[k]) / desc[k])
        assert float(m1[k - 1]) == pytest.approx(logs.mean(), rel=1e-10, abs=0)
        assert float(m2[k - 1]) == pytest.approx((logs**2).mean(), rel=1e-9, abs=0)
    at1, at2 = kernels.log_moments_at(desc, (500, 1, 10))
    assert at1.tolist() == [m1[499], m1[0], m1[9]]
    assert at2.tolist() == [m2[499], m2[0], m2[9]]


def test_log_moments_across_the_float_range() -> None:
    """Values far below the maximum (ratios beyond 1/2, down to 1e-600 apart) keep exact
    log-spacings; zero and negative values give -inf / NaN as log does."""
    desc = np.array([1e300, 1e200, 1e-300, 0.0])
    L = kernels._log_ratios(desc)
    assert L[1] == pytest.approx(-100 * math.log(10), rel=1e-14)
    assert L[2] == pytest.approx(-600 * math.log(10), rel=1e-14)
    assert L[3] == -math.inf
    assert math.isnan(kernels._log_ratios(np.array([2.0, -1.0]))[1])


def test_log_ratios_compute_each_branch_only_where_it_is_used() -> None:
    """A performance review (stop 44): both log1p and log ran over the whole array and one
    was kept; each now runs only where it is used, bit for bit the same values (NaN, zero,
    negative values and 2-D rows included)."""
    rng = np.random.default_rng(0)

    def both(desc: np.ndarray) -> np.ndarray:
        top = desc[..., :1]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(desc >= 0.5 * top, np.log1p((desc - top) / top),
                            np.log(desc) - np.log(top))

    for desc in (np.sort(rng.standard_t(3.0, 10**4))[::-1],
                 np.sort(1e12 + rng.normal(size=1000))[::-1],
                 np.sort(rng.normal(size=(7, 300)), axis=1)[:, ::-1],
                 np.array([5.0, 3.0, 0.0, 0.0, -1.0]), np.array([np.nan, 1.0, 2.0])):
        assert np.array_equal(kernels._log_ratios(desc), both(desc), equal_nan=True)


@pytest.mark.parametrize(("xi", "var"), [
    # Dekkers, Einmahl & de Haan (1989) Thm 3.1, for xi < 0 worked by hand:
    # (1 - xi)^2 (1 - 2 xi) (1 - xi + 6 xi^2) / ((1 - 3 xi)(1 - 4 xi))
    (-0.5, 1.5**2 * 2.0 * 3.0 / (2.5 * 3.0)),         # = 1.8
    (-0.25, 1.25**2 * 1.5 * 1.625 / (1.75 * 2.0)),    # = 1.08829...
    (0.5, 1.25),                                      # xi >= 0: 1 + xi^2
])
def test_moment_sd_closed_form(xi: float, var: float) -> None:
    """A test audit: the sd of the moment estimator for xi < 0 was checked at one xi only
    (a mutant 1.5 times it below -0.25 passed every estimator test)."""
    assert float(kernels.sd_moment(np.array(xi))) == pytest.approx(math.sqrt(var), rel=1e-12)


@pytest.mark.parametrize(("xi", "var"), [
    # Dekkers & de Haan (1989): xi^2 (2^(2 xi + 1) + 1) / (2 (2^xi - 1) log 2)^2, by hand
    (-0.5, 0.25 * (1.0 + 1.0) / (2 * (2**-0.5 - 1) * math.log(2)) ** 2),
    (-1.0, 1.0 * (0.5 + 1.0) / (2 * (0.5 - 1) * math.log(2)) ** 2),   # = 1.5 / log(2)^2
])
def test_pickands_sd_closed_form_below_zero(xi: float, var: float) -> None:
    assert float(kernels.sd_pickands(np.array(xi))) == pytest.approx(math.sqrt(var), rel=1e-12)


@pytest.mark.parametrize("xi", [-0.2, -0.4])
def test_reported_se_matches_the_spread_of_the_estimates_below_zero(xi: float) -> None:
    """The se the estimators report, against the spread of 400 estimates on exact GPD samples
    (n = 20,000, k = 2,000). The sd of 400 draws has a relative standard error of
    1/sqrt(2 * 399) = 3.5%, so the ratio of spread to se must lie within 3 of them (0.106) of
    its target: 1 for Pickands; for the moment estimator the asymptotic sd understates the
    spread at finite k, by 10-12% here (ratio 1.10-1.12 at xi = -0.2 and -0.4; 1.06-1.08 at
    k = 400 and 2,000 with n = 10^5 and 2*10^5), so its band is centred at 1.1."""
    import warnings

    from scipy import stats

    import tailstat as ts

    est: dict[str, list[float]] = {"pickands": [], "moment": []}
    se: dict[str, list[float]] = {"pickands": [], "moment": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (small-k advice is not what this measures)
        for seed in range(400):
            x = stats.genpareto.rvs(xi, size=20_000, random_state=np.random.default_rng(seed))
            for name in est:
                r = getattr(ts, name)(x, k=2000)
                est[name].append(r.estimate)
                se[name].append(r.se)
    band = 3 / math.sqrt(2 * 399)
    for name, target in (("pickands", 1.0), ("moment", 1.1)):
        ratio = float(np.std(est[name], ddof=1) / np.mean(se[name]))
        assert abs(ratio - target) < band, (name, ratio)


def test_pickands_sd_stays_finite_for_a_huge_shape() -> None:
    """A review: 2^(2 xi + 1) overflowed from xi = 511.5, and the interval was NaN without a
    word. The closed form (Dekkers & de Haan 1989) against mpmath-free exact arithmetic where
    it fits the float range, and its large-xi limit xi / (sqrt(2) log 2) beyond."""
    xi = np.array([0.3, 2.0, 50.0, 400.0])
    exact = [math.sqrt(x * x * (2 ** (2 * x + 1) + 1)) / (2 * (2 ** x - 1) * math.log(2))
             for x in xi]
    assert kernels.sd_pickands(xi) == pytest.approx(exact, rel=1e-12)
    big = np.array([511.5, 600.0, 1e4])
    assert kernels.sd_pickands(big) == pytest.approx(big / (math.sqrt(2) * math.log(2)),
                                                     rel=1e-12)
