"""Tests of the GPD likelihood kernels (tailstat.gpd._likelihood): the explicit profile, the
observed information and the distribution functions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

import tailstat as ts
from tailstat.gpd import _likelihood as K


def test_profile_kernel_is_exact_at_xi_zero():
    rng = np.random.default_rng(3)
    y = rng.standard_exponential(500)
    q = y / y.max()
    t = K.profile_terms(np.array([0.0, 1e-14, -1e-14, 1e-7]), q)
    assert t["xi"][0] == 0.0
    assert t["sigma"][0] * y.max() == pytest.approx(y.mean(), rel=1e-14)
    # exponential limit of the log-likelihood: -k log(mean) - k
    assert t["ll"][0] - 500 * math.log(y.max()) == pytest.approx(
        -500 * math.log(y.mean()) - 500, rel=1e-13)
    # continuity through 0, no cancellation
    np.testing.assert_allclose(t["ll"][:3], t["ll"][0], rtol=1e-13)
    np.testing.assert_allclose(t["score"][:3], t["score"][0], rtol=1e-9)
    # score at xi = 0 equals mu2 / (2 mu1^2) - 1
    assert t["score"][0] == pytest.approx(np.mean(q**2) / (2 * np.mean(q) ** 2) - 1, rel=1e-12)


def test_profile_matches_brute_force_likelihood():
    rng = np.random.default_rng(4)
    y = K.gpd_rvs(rng, 0.3, 2.0, 300)
    q = y / y.max()
    etas = np.linspace(-3, 3, 13)
    t = K.profile_terms(etas, q, slope=True)
    ll = t["ll"] - y.size * math.log(y.max())
    for xi, lp in zip(t["xi"], ll, strict=True):
        # maximise over sigma numerically (sigma above the support bound -xi y_max when xi < 0)
        s_min = max(-xi * y.max(), 0.0)

        def nll(ls: float, xi: float = xi, s_min: float = s_min) -> float:
            return -float(K.gpd_loglik(y, xi, s_min + math.exp(ls)))

        res = optimize.minimize_scalar(nll, bounds=(-15, 5), method="bounded",
                                       options={"xatol": 1e-11})
        assert lp == pytest.approx(-res.fun, abs=1e-7 * abs(res.fun))
        assert lp >= -res.fun - 1e-9 * abs(res.fun)
    # analytic slope vs central differences
    h = 1e-6
    up = K.profile_terms(etas + h, q)["ll"]
    dn = K.profile_terms(etas - h, q)["ll"]
    np.testing.assert_allclose(t["dll"], (up - dn) / (2 * h), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("xi", [-0.3, -1e-9, 0.0, 1e-9, 0.02, 0.7])
def test_observed_information_matches_numerical_hessian(xi):
    rng = np.random.default_rng(8)
    y = K.gpd_rvs(rng, xi, 1.5, 400)
    sigma = 1.5
    info = K.observed_information(y, xi, sigma)
    h = 1e-4

    def ll(a, b):
        return float(K.gpd_loglik(y, a, b))

    hxx = (ll(xi + h, sigma) - 2 * ll(xi, sigma) + ll(xi - h, sigma)) / h**2
    hss = (ll(xi, sigma + h) - 2 * ll(xi, sigma) + ll(xi, sigma - h)) / h**2
    hxs = (ll(xi + h, sigma + h) - ll(xi + h, sigma - h) - ll(xi - h, sigma + h)
           + ll(xi - h, sigma - h)) / (4 * h * h)
    np.testing.assert_allclose(-info, [[hxx, hxs], [hxs, hss]], rtol=2e-4, atol=1e-3)


def test_distribution_functions_round_trip():
    p = np.array([1e-12, 0.01, 0.5, 0.99])
    for xi in (-0.5, 0.0, 1e-12, 0.4):
        y = K.gpd_isf(p, xi, 2.0)
        # near the endpoint (xi < 0, p = 1e-12) the round trip is ill-conditioned: rtol 1e-9
        np.testing.assert_allclose(np.exp(K.gpd_logsf(y, xi, 2.0)), p, rtol=1e-9)
        # (1 - 1e-12 is not representable exactly, so the ppf check starts at p = 0.01)
        np.testing.assert_allclose(K.gpd_ppf(1 - p[1:], xi, 2.0), y[1:], rtol=1e-10)
    # scipy agrees on the density
    yy = np.linspace(0.01, 3, 7)
    np.testing.assert_allclose(K.gpd_logpdf(yy, 0.3, 2.0), stats.genpareto.logpdf(yy, 0.3,
                                                                                   scale=2.0))
    # outside the support: -inf, never a log(0) warning
    assert K.gpd_logpdf(np.array([5.0]), -0.5, 2.0)[0] == -np.inf


def test_the_density_at_xi_minus_one_is_uniform_with_its_end_point() -> None:
    """A review: at xi = -1 (uniform on [0, sigma]) the density at sigma was -inf, so the
    log-density of a boundary fit's excesses (its sigma is the largest) summed to -inf beside
    the fit's finite log-likelihood."""
    y = np.array([-0.1, 0.0, 0.3, 1.0, 2.0, 2.0 + 1e-9])
    got = K.gpd_logpdf(y, -1.0, 2.0)
    np.testing.assert_allclose(got[1:5], -np.log(2.0))
    assert got[0] == -np.inf and got[5] == -np.inf
    np.testing.assert_allclose(got[1:5], stats.uniform.logpdf(y[1:5], scale=2.0))
    u = np.random.default_rng(9).uniform(size=50)
    fit = ts.fit_gpd(np.r_[-1.0, u], 0.0)
    assert fit.xi == -1.0
    assert K.gpd_logpdf(fit.excesses, fit.xi, fit.sigma).sum() == pytest.approx(fit.loglik)


def test_the_vectorised_loglik_at_xi_minus_one_counts_the_end_point() -> None:
    """The vectorised log-likelihood agrees with the density at xi = -1: uniform on [0, sigma],
    so finite when the largest excess is sigma (it was -inf there) and -inf beyond it, also
    beside other parameter pairs on one grid."""
    y = np.array([0.0, 0.3, 1.0, 2.0])
    got = K.gpd_loglik(y, np.array([-1.0, -1.0, -1.0, -0.5]), np.array([2.0, 3.0, 1.9, 2.0]))
    assert got[0] == pytest.approx(-4 * math.log(2.0), rel=1e-15)
    assert got[1] == pytest.approx(-4 * math.log(3.0), rel=1e-15)
    assert got[2] == -np.inf
    assert got[3] == pytest.approx(K.gpd_logpdf(y, -0.5, 2.0).sum(), rel=1e-14)
    u = np.random.default_rng(9).uniform(size=50)
    fit = ts.fit_gpd(np.r_[-1.0, u], 0.0)
    assert float(K.gpd_loglik(fit.excesses, fit.xi, fit.sigma)) == pytest.approx(fit.loglik)


def test_a_large_grid_is_evaluated_in_blocks_with_the_same_sums(monkeypatch) -> None:
    """A 97-point profile grid over 3e5 excesses held 1.8 GB in temporaries (the return
    level's profile interval at k = 3e5): blocks of rows give the same values, in bounded
    memory."""
    import tracemalloc

    rng = np.random.default_rng(0)
    y = rng.pareto(3.0, 2000)
    xi = np.linspace(-0.4, 1.5, 97)
    sig = np.linspace(0.5, 2.0, 97)
    whole = K.gpd_loglik(y, xi, sig)
    monkeypatch.setattr(K, "_LOGLIK_CELLS", 5 * 2000)  # 5 rows a block
    np.testing.assert_array_equal(K.gpd_loglik(y, xi, sig), whole)
    np.testing.assert_array_equal(K.gpd_loglik(y, xi.reshape(1, 97), sig), whole.reshape(1, 97))
    monkeypatch.undo()
    big = rng.pareto(3.0, 300_000)
    tracemalloc.start()
    K.gpd_loglik(big, xi, 1.0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 150e6  # unblocked: about 1.1 GB


def test_the_public_gpd_functions_give_a_number_for_a_number() -> None:
    """``gpd_logsf`` and ``gpd_logpdf`` gave a 0-d array for a number, where ``gpd_ppf`` and
    ``gpd_isf`` gave a number; all four now give a number for a number, an array for a list."""
    from tailstat.gpd import gpd_isf, gpd_logpdf, gpd_logsf, gpd_ppf

    for f, arg in ((gpd_ppf, 0.5), (gpd_isf, 0.5), (gpd_logsf, 1.5), (gpd_logpdf, 1.5)):
        one, many = f(arg, 0.2, 1.0), f([arg, arg], 0.2, 1.0)
        assert isinstance(one, float) and np.ndim(one) == 0, f.__name__
        assert isinstance(many, np.ndarray) and many.shape == (2,)
        assert one == many[0]


def test_isf_of_a_small_scale_does_not_overflow_before_the_scale_applies() -> None:
    """A review: ``fit_gpd(a * 1e-300).isf(1e-250)`` was inf, the true level about 1e32:
    ``expm1(-xi log p)`` overflowed before sigma scaled it back."""
    gpd_isf = K.gpd_isf
    # sigma expm1(-xi log p) / xi, with expm1 ~ exp here: in logs, exactly
    want = math.exp(math.log(1e-300) - math.log(1.5) - 1.5 * math.log(1e-250))
    got = gpd_isf(np.array([1e-250, 0.5, 0.0]), 1.5, 1e-300)
    np.testing.assert_allclose(got[0], want, rtol=1e-12)
    assert got[1] == gpd_isf(0.5, 1.5, 1e-300) and np.isinf(got[2])  # the others as before
    assert np.isinf(gpd_isf(1e-250, 1.5, 1.0))  # a level past the float range stays inf


def test_the_density_below_xi_minus_one_is_infinite_at_its_end_point() -> None:
    """A review: for xi < -1 the density grows without bound at the end point sigma/|xi|,
    which read as off the support (-inf), where scipy says +inf."""
    y = np.array([0.0, 0.1, 0.25, 0.25 + 1e-9])
    got = K.gpd_logpdf(y, -2.0, 0.5)
    np.testing.assert_allclose(got[:2], stats.genpareto.logpdf(y[:2], -2.0, scale=0.5))
    assert got[2] == np.inf == stats.genpareto.logpdf(0.25, -2.0, scale=0.5)
    assert got[3] == -np.inf
    # between -1 and 0 the density falls to 0 there: -inf, as before
    assert K.gpd_logpdf(np.array([4.0]), -0.5, 2.0)[0] == -np.inf


def test_an_excess_at_the_end_point_is_outside_the_support() -> None:
    """For -1 < ξ < 0 the density is 0 at the end point σ/|ξ| (exponent -1/ξ - 1 > 0): the
    log-likelihood is -inf, as scipy's (a review: 'a <= -1' weakened to 'a < -1' counted it
    inside, -2.69, and no test saw it)."""
    for xi, y in ((-0.5, np.array([1.0, 2.0])), (-0.25, np.array([0.5, 4.0, 1.0]))):
        sigma = -xi * y.max()
        want = stats.genpareto.logpdf(y, xi, scale=sigma).sum()
        assert want == -np.inf
        assert float(K.gpd_loglik(y, xi, sigma)) == -np.inf
        # just inside, finite and equal to scipy's
        inside = float(K.gpd_loglik(y, xi, sigma * (1 + 1e-9)))
        assert inside == pytest.approx(
            stats.genpareto.logpdf(y, xi, scale=sigma * (1 + 1e-9)).sum(), rel=1e-9)


def test_the_loglik_equals_the_sum_of_scipys_log_densities_on_a_grid() -> None:
    """The row sums (one log1p per excess, the support read from the extreme excesses) equal
    scipy's per-excess log-densities, across xi = 0, +-1e-12, the support's edge and scales
    that put excesses outside it."""
    y = np.random.default_rng(3).pareto(3.0, 500)
    xis = np.r_[np.linspace(-0.9, 2.0, 59), 0.0, 1e-12, -1e-12, 1e-8, -0.5]
    sigmas = np.r_[0.05, 0.3, 1.0, 4.0, 0.5 * y.max()]
    xi, sigma = np.meshgrid(xis, sigmas)
    got = K.gpd_loglik(y, xi, sigma)
    with np.errstate(divide="ignore"):
        want = np.array([[stats.genpareto.logpdf(y, c=a, scale=s).sum() for a in xis]
                         for s in sigmas])
    assert np.array_equal(np.isfinite(got), np.isfinite(want))
    assert (got[~np.isfinite(want)] == -np.inf).all()
    fin = np.isfinite(want)
    assert got[fin] == pytest.approx(want[fin], rel=1e-12)


def test_the_loglik_of_nan_parameters_is_nan() -> None:
    """A NaN xi read as xi = 0 (where(a > -1, a, 0) kept the row): -6.0 for three excesses."""
    y = np.array([1.0, 2.0, 3.0])
    got = K.gpd_loglik(y, np.array([np.nan, 0.1, 0.1]), np.array([1.0, np.nan, 1.0]))
    assert np.isnan(got[:2]).all() and np.isfinite(got[2])
