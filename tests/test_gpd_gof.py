"""Tests of the GPD goodness-of-fit tests (tailstat.gpd.gof)."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tailstat.errors import DataError
from tailstat.gpd import GPDGoF, fit_gpd
from tailstat.gpd import gof as G
from tailstat.gpd._likelihood import gpd_rvs
from tailstat.gpd._mle import mle

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def danish() -> np.ndarray:
    return pd.read_csv(ROOT / "datasets" / "danish.csv")["loss_mDKK"].to_numpy()


def test_spectral_null_reproduces_the_fully_specified_case():
    # without estimated parameters the A2 and W2 limits are classical: 5% points 2.492, 0.461
    b = G._basis()
    assert G._imhof_sf(2.492, b["lam_ad"], float(b["tail_ad"])) == pytest.approx(0.05, abs=2e-4)
    assert G._imhof_sf(0.461, b["lam_cvm"], float(b["tail_cvm"])) == pytest.approx(0.05,
                                                                                   abs=2e-4)


def test_null_with_estimated_parameters_is_lighter_and_monotone():
    # estimating (xi, sigma) shrinks the statistic: the 5% point drops well below 2.492
    p = [G.null_sf(a, 0.2, "ad") for a in (0.3, 0.6, 0.9, 1.5, 3.0, 8.0)]
    assert all(x > y for x, y in itertools.pairwise(p))
    assert 0.03 < G.null_sf(0.9, 0.2, "ad") < 0.08
    assert G.null_sf(8.0, 0.2, "ad") < 1e-8  # far tail: saddlepoint branch, still positive
    assert G.null_sf(8.0, 0.2, "ad") > 0.0
    # the null depends on xi only through the fitted value: clipped outside [-0.5, 30]
    assert G.null_sf(0.7, -0.9, "ad") == G.null_sf(0.7, -0.5, "ad")


def test_statistics_match_direct_formulas():
    rng = np.random.default_rng(3)
    y = np.sort(gpd_rvs(rng, 0.3, 2.0, 150))
    sol = mle(y, y_is_sorted=True)
    a2, w2 = G._statistics(y, sol.xi, sol.sigma)
    z = stats.genpareto.cdf(y, sol.xi, scale=sol.sigma)
    k = y.size
    i = np.arange(1, k + 1)
    a2_direct = -k - np.mean((2 * i - 1) * (np.log(z) + np.log1p(-z[::-1])))
    assert a2 == pytest.approx(a2_direct, rel=1e-9)
    w2_scipy = stats.cramervonmises(y, stats.genpareto(sol.xi, scale=sol.sigma).cdf).statistic
    assert w2 == pytest.approx(w2_scipy, rel=1e-9)


def test_asymptotic_p_values_are_calibrated():
    # 120 GPD samples of k = 100: p-values roughly uniform (fixed seed)
    rng = np.random.default_rng(17)
    p_ad, p_cvm = [], []
    for _ in range(120):
        y = np.sort(gpd_rvs(rng, 0.2, 1.0, 100))
        sol = mle(y, y_is_sorted=True)
        g = G.gof_test(y, sol.xi, sol.sigma)
        p_ad.append(g.ad_p_value)
        p_cvm.append(g.cvm_p_value)
    for p in (np.array(p_ad), np.array(p_cvm)):
        assert 0.02 <= np.mean(p < 0.1) <= 0.2
        assert stats.kstest(p, "uniform").pvalue > 0.01


def test_power_against_a_bimodal_tail():
    # excesses over the median of a two-component normal mixture are not GPD.
    # (A lognormal body is *not* a good power check: its excesses over the median are close
    # to a GPD with xi ~ 0.25 -- the penultimate approximation -- and AD rightly accepts.)
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.normal(0.0, 1.0, 3000), rng.normal(4.0, 0.5, 3000)])
    fit = fit_gpd(x, "50%", gof=True)  # xi = -0.70: the bootstrap's (no replicate as far)
    floor = 1 / (1 + G.AUTO_N_BOOT)
    assert fit.gof_test.ad_p_value == floor and fit.gof_test.cvm_p_value == floor
    assert fit.gof("asymptotic").ad_p_value < 1e-3


def test_danish_fits_and_bootstrap_agrees(danish):
    fit = fit_gpd(danish, 10.0, gof=True)
    g = fit.gof_test
    assert isinstance(g, GPDGoF) and g.method == "asymptotic"
    assert g.ad_p_value > 0.2 and g.cvm_p_value > 0.2  # the GPD fits above u = 10
    gb = fit.gof("bootstrap", n_boot=199, seed=1)
    assert gb.method == "parametric bootstrap" and gb.n_boot == 199 and gb.n_failed == 0
    assert gb.ad_statistic == g.ad_statistic
    # within 3 Monte-Carlo standard errors of 199 draws, sqrt(p (1 - p) / 199) (0.031 and
    # 0.030 here: 0.094 and 0.089); the asymptotic p's own error is small beside it (1,999
    # draws give 0.741 for an asymptotic 0.730)
    for boot, asym in ((gb.ad_p_value, g.ad_p_value), (gb.cvm_p_value, g.cvm_p_value)):
        assert boot == pytest.approx(asym, abs=3 * math.sqrt(asym * (1 - asym) / 199))
    # reproducible, and the seed is recorded
    assert fit.gof("bootstrap", n_boot=49, seed=5).ad_p_value == fit.gof(
        "bootstrap", n_boot=49, seed=5).ad_p_value
    assert gb.settings["seed"] == 1


def test_gof_result_contract(danish):
    g = fit_gpd(danish, 10.0).gof()
    r = repr(g)
    assert r.startswith("GPDGoF(ad_statistic=") and "asymptotic" in r
    json.dumps(g.to_dict())
    assert "Choulakian" in g.summary_line()


def test_gof_caveats_and_errors(danish):
    y = np.sort(gpd_rvs(np.random.default_rng(2), -0.8, 1.0, 200))
    sol = mle(y, y_is_sorted=True)
    g = G.gof_test(y, sol.xi, sol.sigma, method="asymptotic")
    assert sol.xi < -0.5 and any("not valid" in w for w in g.warnings)
    auto = G.gof_test(y, sol.xi, sol.sigma)  # the bootstrap there, said
    assert auto.method == "parametric bootstrap" and any("outside [-0.5" in w for w in
                                                         auto.warnings)
    assert math.isfinite(g.ad_p_value)
    with pytest.raises(DataError, match="maximum-likelihood"):
        fit_gpd(danish, 10.0, method="pwm").gof()
    with pytest.raises(DataError, match="method must"):
        fit_gpd(danish, 10.0).gof("exact")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="n_boot"):
        fit_gpd(danish, 10.0).gof("bootstrap", n_boot=0)


def _lumped(x: float, lam: np.ndarray, tail: float) -> tuple[float, np.ndarray, np.ndarray]:
    """The (x, lams, h) that _imhof_sf integrates (the small eigenvalues lumped)."""
    keep = lam > lam[0] * 1e-2
    rest = lam[~keep]
    mean_r, var_r = float(rest.sum()) + tail, float(2.0 * np.sum(rest**2))
    return (x, np.append(lam[keep], var_r / (2.0 * mean_r)),
            np.append(np.ones(int(keep.sum())), 2.0 * mean_r**2 / var_r))


def test_fixed_imhof_rule_agrees_with_adaptive_quadrature():
    # the vectorised rule against scipy's adaptive quad (epsabs 1e-11) over both null
    # distributions, the whole xi range and statistics from p ~ 1 to the saddlepoint switch
    worst = 0.0
    n = 0
    for which in ("ad", "cvm"):
        for xi in (-0.5, -0.2, 0.0, 0.137, 0.5, 1.3, 5.0):
            lam, tail = G._spectrum(xi, which)
            for stat in np.geomspace(0.01, 10.0, 25):
                x, lams, h = _lumped(float(stat), lam, tail)
                sd = math.sqrt(2.0 * float(np.dot(h, lams * lams)))
                if x > float(np.dot(h, lams)) + 6.0 * sd:
                    continue
                fixed = 0.5 + G._imhof_integral(x, lams, h) / math.pi
                quad = G._imhof_sf_quad(x, lams, h, float(np.dot(h, lams)))
                worst = max(worst, abs(fixed - quad))
                n += 1
    assert n > 200
    assert worst < 1e-8


def test_imhof_matches_exact_chi_square_laws():
    # 4 equal eigenvalues: 2 * lam * chi2_4 (fixed rule); one eigenvalue: lam * chi2_1 (the
    # slowly decaying integrand goes to adaptive quadrature, accurate to about 1e-4 there)
    lam = np.full(4, 0.25)
    for x in (0.1, 0.5, 1.0, 2.5, 4.0):
        assert G._imhof_sf(x, lam, 0.0) == pytest.approx(stats.chi2.sf(x / 0.25, 4), abs=1e-9)
    one = np.array([0.3])
    for x in (0.05, 0.3, 1.0):
        assert G._imhof_sf(x, one, 0.0) == pytest.approx(stats.chi2.sf(x / 0.3, 1), abs=2e-4)


def test_imhof_falls_back_to_quadrature_when_the_fixed_rule_would_need_too_many_panels():
    # one large eigenvalue beside tiny ones pushes the truncation point U out to ~1e10 while
    # the panels stay short: the fixed rule declines (None) instead of allocating billions of
    # nodes, and the p-value comes from adaptive quadrature, or the saddlepoint where that
    # does not settle (~ 1 * chi2_1, the tiny terms add a mean of 3e-6; that path is accurate
    # to about 1e-3, against 1e-8 for the fixed rule)
    lam = np.array([1.0, 1e-6, 1e-6, 1e-6])
    x, lams, h = _lumped(0.5, lam, 0.0)
    assert G._imhof_integral(x, lams, h) is None
    for x in (0.1, 0.5, 2.0):
        assert G._imhof_sf(x, lam, 0.0) == pytest.approx(stats.chi2.sf(x, 1), abs=2e-3)


def test_heavy_fits_use_the_null_at_their_own_xi_up_to_30() -> None:
    """The null was taken at xi = 5 for every fit above 5, without a caveat: at xi = 15 its
    p-values were about half the true ones (a 5% test rejected 10%, a review's simulation).
    The spectrum at xi = 15 is calibrated: 600 GPD samples of 400, the share of A2 above its
    5% point within 3 binomial standard errors of 0.05 (0.023-0.077)."""
    rng = np.random.default_rng(15)
    lam, tail = G._spectrum(15.0, "ad")
    crit = float(stats.chi2.isf(0.05, 1))  # a start; the 5% point of the spectrum's law:
    from scipy import optimize

    crit = optimize.brentq(lambda a: G._imhof_sf(a, lam, tail) - 0.05, 0.2, crit)
    rejected = 0
    for _ in range(600):
        y = np.sort(gpd_rvs(rng, 15.0, 1.0, 400))
        sol = mle(y, y_is_sorted=True)
        rejected += G._statistics(y, sol.xi, sol.sigma)[0] > crit
    assert abs(rejected / 600 - 0.05) <= 3 * math.sqrt(0.05 * 0.95 / 600)
    y = gpd_rvs(np.random.default_rng(3), 15.0, 1.0, 400)
    fit = fit_gpd(np.r_[-1.0, y], 0.0, gof=True)
    g = fit.gof_test
    assert fit.xi > 10 and g.xi_null == pytest.approx(fit.xi, abs=1e-3) and not g.warnings
    y = gpd_rvs(np.random.default_rng(3), 45.0, 1.0, 400)
    fit = fit_gpd(np.r_[-1.0, y], 0.0, gof=True)
    g = fit.gof("asymptotic")
    assert g.xi_null == 30.0 and any("taken at xi = 30" in w for w in g.warnings)
    # gof=True takes the bootstrap beyond 30 instead (method "auto")
    assert fit.gof_test.method == "parametric bootstrap" and fit.gof_test.n_boot == G.AUTO_N_BOOT


def test_a_fit_at_the_boundary_gets_p_values_that_hold_their_level():
    """A review: with the asymptotic null taken at xi = -1/2, fits at the xi = -1 boundary
    (uniform excesses, k = 100) were rejected by W2 in 18.7% of samples at the 5% level.
    fit_gpd(gof=True) tests them below the largest excess (before: a bootstrap); the
    rejection rate of the boundary fits among 100 samples stays within 2.5 standard errors
    of 5%."""
    rejected, fits = 0, 0
    for s in range(100):
        f = fit_gpd(np.random.default_rng(1000 + s).random(100), 0.0, gof=True)
        if f.xi > -1.0:
            continue
        assert f.gof_test is not None and f.gof_test.method == "uniform below the largest"
        rejected += f.gof_test.cvm_p_value < 0.05
        fits += 1
    assert fits > 60
    assert rejected / fits <= 0.05 + 2.5 * math.sqrt(0.05 * 0.95 / fits)
    inside = fit_gpd(np.random.default_rng(0).exponential(size=200), 0.0, gof=True)
    assert inside.gof_test is not None and inside.gof_test.method == "asymptotic"


def test_boundary_replicates_are_not_counted_as_failed_refits():
    """A review: n_failed counted the replicates whose refit landed at xi = -1 (A2 infinite,
    W2 used) as failed refits, and the summary line gave too few replicates."""
    y = stats.genpareto.rvs(0.0, size=12, random_state=np.random.default_rng(5))
    g = fit_gpd(y, 0.0).gof("bootstrap", n_boot=199, seed=1)
    assert g.n_failed == 0 and g.n_boundary > 0
    assert f"199 replicates, {g.n_boundary} with an infinite A2" in g.summary_line()


def test_auto_honours_an_explicit_number_of_replicates():
    """A review: method="auto" took 199 replicates whatever n_boot said (a fit with
    -1 < xi < -1/2, outside the asymptotic null: "auto" takes the bootstrap)."""
    fit = fit_gpd(np.r_[-1.0, gpd_rvs(np.random.default_rng(1), -0.75, 1.0, 200)], 0.0)
    assert -1.0 < fit.xi < -0.5
    assert fit.gof(n_boot=99, seed=3).n_boot == 99 and fit.gof().n_boot == G.AUTO_N_BOOT
    assert fit.gof("bootstrap", n_boot=None, seed=1).n_boot == 499


def test_fit_gpd_with_a_bootstrap_gof_is_reproducible_and_takes_a_seed() -> None:
    """A review: ``fit_gpd(x, gof="bootstrap")`` drew a fresh seed on every call (p-values
    0.236 and 0.226 for one input) and had no ``seed=`` to give it back."""
    x = np.random.default_rng(1).standard_t(3, 5000)
    a, b = (fit_gpd(x, threshold="95%", gof="bootstrap") for _ in range(2))
    assert a.gof_test.ad_p_value == b.gof_test.ad_p_value
    assert a.gof_test.settings["seed"] == 0
    fresh = fit_gpd(x, threshold="95%", gof="bootstrap", seed=None)
    again = fit_gpd(x, threshold="95%").gof("bootstrap", seed=fresh.gof_test.settings["seed"])
    assert again.ad_p_value == fresh.gof_test.ad_p_value


def test_the_fully_specified_null_has_the_classical_percentage_points() -> None:
    """Asymptotic upper points of A2 and W2 with no parameter estimated (Stephens 1974;
    Marsaglia & Marsaglia 2004 for A2 to four decimals)."""
    for a2, p in ((1.9329, 0.10), (2.4924, 0.05), (3.0775, 0.025), (3.8781, 0.01)):
        assert G.specified_sf(a2) == pytest.approx(p, abs=2e-4)
    assert G.specified_sf(0.461, "cvm") == pytest.approx(0.05, abs=3e-4)
    assert G.specified_sf(0.743, "cvm") == pytest.approx(0.01, abs=1e-4)
    assert G.specified_sf(np.inf) == 0.0


def test_a_fit_at_the_uniform_boundary_is_tested_below_its_largest_excess() -> None:
    """A fit at xi = -1 ends at the largest excess, where A2 is infinite: its p-value was
    NaN (and "auto" ran a bootstrap for it). Given the largest, a uniform tail's other
    excesses are uniform below it: tested against that law, the p-value is exact in the
    limit, and at the level asked over the uniform samples fitted there (3 binomial
    standard errors).
    A tied largest value (rounded or clipped scores) is tested as before."""
    p = []
    for s in range(200):
        fit = fit_gpd(np.random.default_rng(s).random(300), 0.0)
        if fit.xi > -1.0:  # (41 of the 200 fit just inside the boundary: not this test)
            continue
        g = fit.gof()
        assert g.method == "uniform below the largest" and g.xi_null == -1.0
        assert "uniform below the largest" in g.summary_line()
        p.append(g.ad_p_value)
    p_arr = np.array(p)
    assert p_arr.size > 100 and np.isfinite(p_arr).all()
    assert abs(np.mean(p_arr <= 0.1) - 0.1) < 3 * np.sqrt(0.1 * 0.9 / p_arr.size)
    # a tied largest (rounded or clipped scores) keeps the rules before: a bootstrap
    y = np.sort(np.r_[np.random.default_rng(0).random(100), 1.0, 1.0])
    assert G.gof_test(y, -1.0, 1.0, n_boot=20).method == "parametric bootstrap"
    # and a bootstrap asked for is one
    assert G.gof_test(y[:-1], -1.0, 1.0, method="bootstrap", n_boot=20).method == \
        "parametric bootstrap"
