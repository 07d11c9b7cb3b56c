"""GPDFit.return_level: closed form, profile likelihood against an independent brute force,
the delta method, the xi = 0 branch, validation and the result object."""

from __future__ import annotations

import dataclasses
import json
import math
import warnings
from dataclasses import FrozenInstanceError

import numpy as np
import pytest
from scipy import optimize, stats

from tailstat import _validation as v
from tailstat.errors import DataError, TailstatWarning
from tailstat.gpd import ReturnLevel, fit_gpd
from tailstat.gpd._likelihood import gpd_rvs
from tailstat.gpd.return_level import _delta_sd

N, K = 2000, 200


def _sample(xi: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.r_[np.full(N - K, -1.0), gpd_rvs(rng, xi, 2.0, K) + 0.0]


@pytest.fixture(scope="module", params=[-0.2, 0.0, 0.3], ids=["xi-0.2", "xi0", "xi0.3"])
def fit(request: pytest.FixtureRequest):
    return fit_gpd(_sample(request.param, 11), 0.0)


def _closed_form(u: float, xi: float, sigma: float, m: float, zeta: float) -> float:
    if xi == 0.0:
        return u + sigma * math.log(m * zeta)
    return u + sigma / xi * ((m * zeta) ** xi - 1.0)


# --- point estimates --------------------------------------------------------------------------


@pytest.mark.parametrize("period", [50.0, 1000.0, 1e6])
def test_point_estimate_is_the_closed_form(fit, period: float) -> None:
    r = fit.return_level(period, ci=None)
    assert r.estimate == pytest.approx(
        _closed_form(fit.threshold, fit.xi, fit.sigma, period, fit.n_exceed / fit.n), rel=1e-12)
    # per observation: P(X > x_m) = 1 / m
    assert float(fit.sf(r.estimate)) == pytest.approx(1.0 / period, rel=1e-10)


def test_per_blocks_and_rate(fit) -> None:
    a = fit.return_level(20.0, per=500, ci=None)
    b = fit.return_level(10_000.0, ci=None)
    assert a.estimate == pytest.approx(b.estimate, rel=1e-14)
    assert a.observations == 10_000.0 and a.period == 20.0
    c = fit.return_level(1000.0, rate=0.05, ci=None)
    assert c.estimate == pytest.approx(
        _closed_form(fit.threshold, fit.xi, fit.sigma, 1000.0, 0.05), rel=1e-12)
    assert c.rate == 0.05 and c.settings["rate_estimated"] is False


def test_xi_zero_branch_is_the_exponential_level(fit) -> None:
    exp_fit = dataclasses.replace(fit, xi=0.0)
    r = exp_fit.return_level(1000.0, ci=None)
    zeta = fit.n_exceed / fit.n
    assert r.estimate == pytest.approx(fit.threshold + fit.sigma * math.log(1000.0 * zeta),
                                       rel=1e-14)
    for tiny in (1e-9, -1e-9):
        near = dataclasses.replace(fit, xi=tiny).return_level(1000.0, ci=None)
        assert near.estimate == pytest.approx(r.estimate, rel=1e-8)


def test_periods_below_the_threshold_are_refused(fit) -> None:
    with pytest.raises(DataError, match="k/n"):
        fit.return_level(5.0)  # m zeta = 0.5: below the threshold
    for bad in (0.0, -3.0, float("nan"), float("inf"), "1000", True, [[1000.0]], [],
                [1000.0, -1.0], object()):
        with pytest.raises(DataError, match="period must be"):
            fit.return_level(bad)
    for kw, said in (({"per": 0}, "per must be a positive number"),
                     ({"per": -1.0}, "per must be a positive number"),
                     ({"rate": 1.5}, r"rate must be a probability in \(0, 1\]"),
                     ({"rate": 0.0}, r"rate must be a probability in \(0, 1\]"),
                     ({"ci": 1.0}, r"ci must be a level in \[0.5, 1\)"),
                     ({"method": "bogus"}, "method must be one of 'delta', 'profile'")):
        with pytest.raises(DataError, match=said):  # (each its own reason: a test audit)
            fit.return_level(100.0, **kw)


# --- the profile-likelihood interval against an independent brute force ------------------------


def _brute_profile(y: np.ndarray, r: float, mz: float) -> float:
    """max over xi of the GPD log-likelihood (scipy.stats.genpareto) with
    sigma = r xi / ((m zeta)^xi - 1): a dense grid, then a bounded scalar search."""
    def ll(xi: float) -> float:
        c = math.log(mz) if abs(xi) < 1e-12 else ((mz ** xi) - 1.0) / xi
        val = float(np.sum(stats.genpareto.logpdf(y, xi, scale=r / c)))
        return val if math.isfinite(val) else -1e300

    grid = np.linspace(-0.999, 3.0, 2001)
    grid = grid[np.abs(grid) > 1e-9]
    c = (mz ** grid - 1.0) / grid
    with np.errstate(divide="ignore", invalid="ignore"):
        vals = stats.genpareto.logpdf(y[:, None], grid[None, :], scale=r / c).sum(axis=0)
    vals = np.where(np.isfinite(vals), vals, -1e300)
    i = int(np.argmax(vals))
    res = optimize.minimize_scalar(lambda t: -ll(t), bounds=(grid[max(i - 1, 0)],
                                                             grid[min(i + 1, grid.size - 1)]),
                                   method="bounded", options={"xatol": 1e-12})
    return max(vals[i], -res.fun)


def _brute_interval(fit, m: float, level: float) -> tuple[float, float]:
    y = fit.excesses
    mz = m * fit.n_exceed / fit.n
    l_max = float(np.sum(stats.genpareto.logpdf(y, fit.xi, scale=fit.sigma)))
    cut = l_max - 0.5 * stats.chi2.ppf(level, 1)
    r_hat = _closed_form(0.0, fit.xi, fit.sigma, m, fit.n_exceed / fit.n)

    def g(log_r: float) -> float:
        return _brute_profile(y, math.exp(log_r), mz) - cut

    # grid in log r, then root finding between the last inside and first outside points
    t0 = math.log(r_hat)
    grid = t0 + np.linspace(0.0, 2.5, 11)
    ends = []
    for sign in (-1.0, 1.0):
        pts = t0 + sign * (grid - t0)
        vals = [g(t) for t in pts]
        j = next(i for i, val in enumerate(vals) if val < 0)
        ends.append(math.exp(optimize.brentq(g, min(pts[j - 1], pts[j]),
                                             max(pts[j - 1], pts[j]), xtol=1e-12)))
    return fit.threshold + ends[0], fit.threshold + ends[1]


@pytest.mark.parametrize("m", [1000.0, 20_000.0])
def test_profile_interval_matches_a_brute_force_profile(fit, m: float) -> None:
    r = fit.return_level(m)
    lo, hi = _brute_interval(fit, m, 0.95)
    assert r.method == "profile likelihood" and r.ci is not None
    assert r.low == pytest.approx(lo, rel=1e-3)
    assert r.high == pytest.approx(hi, rel=1e-3)
    assert r.low < r.estimate < r.high


def test_profile_interval_deviance_at_the_ends_is_the_chi2_point(fit) -> None:
    """At each end the brute-force deviance equals chi2_1(0.95) (a second, direct check)."""
    r = fit.return_level(1000.0, ci=0.9)
    y = fit.excesses
    mz = 1000.0 * fit.n_exceed / fit.n
    l_max = float(np.sum(stats.genpareto.logpdf(y, fit.xi, scale=fit.sigma)))
    for end in (r.low, r.high):
        dev = 2.0 * (l_max - _brute_profile(y, end - fit.threshold, mz))
        assert dev == pytest.approx(stats.chi2.ppf(0.9, 1), abs=2e-4)


# --- the delta method -------------------------------------------------------------------------


def test_delta_method_matches_a_numerical_gradient(fit) -> None:
    m, zeta, n = 1000.0, fit.n_exceed / fit.n, fit.n

    def level(p: np.ndarray) -> float:
        z, s, x = p
        return _closed_form(0.0, x, s, m, z)

    p0 = np.array([zeta, fit.sigma, fit.xi])
    grad = np.array([(level(p0 + h) - level(p0 - h)) / (2 * h[i])
                     for i, h in enumerate(np.diag([1e-7, 1e-6, 1e-6]))])
    cov = np.zeros((3, 3))
    cov[0, 0] = zeta * (1 - zeta) / n
    cov[1:, 1:] = fit.cov[::-1, ::-1]  # (sigma, xi)
    sd = math.sqrt(grad @ cov @ grad)
    r = fit.return_level(m, method="delta")
    zq = stats.norm.ppf(0.975)
    assert r.method == "delta method"
    assert r.high - r.estimate == pytest.approx(zq * sd, rel=1e-5)
    assert r.estimate - r.low == pytest.approx(zq * sd, rel=1e-5)


def test_delta_ends_within_the_float_range_keep_their_bits() -> None:
    """A review: computing the delta interval in units of sigma (for ends near the float
    maximum) moved ordinary ends by an ulp (12.442611128298275 -> ...273 at period 100 of a
    Pareto(2) sample); within the range they are ``estimate -/+ z (sigma sd)`` as before."""
    x = np.random.default_rng(0).pareto(2.0, 3000) + 1.0
    fit = fit_gpd(x)
    periods = np.array([10.0, 100.0, 1e4])
    r = fit.return_level(periods, method="delta")
    zq = v.z_value(0.95)
    for j, p in enumerate(periods):
        sd = fit.sigma * _delta_sd(fit, math.log(p * fit.zeta), fit.zeta, True)
        assert r.low[j] == r.estimate[j] - zq * sd
        assert r.high[j] == r.estimate[j] + zq * sd


def test_pwm_fit_needs_the_delta_method() -> None:
    pw = fit_gpd(_sample(0.1, 3), 0.0, method="pwm")
    with pytest.raises(DataError, match="delta"):
        pw.return_level(1000.0)
    r = pw.return_level(1000.0, method="delta")
    assert r.low < r.estimate < r.high
    assert pw.return_level(1000.0, ci=None).method == "none"


# --- the result -------------------------------------------------------------------------------


def test_result_object(fit) -> None:
    one = fit.return_level(1000.0)
    assert isinstance(one, ReturnLevel)
    assert isinstance(one.estimate, float) and one.ci is not None and one.ci.level == 0.95
    with pytest.raises(FrozenInstanceError):
        one.estimate = 0.0  # type: ignore[misc]
    text = repr(one)
    assert text.startswith("ReturnLevel(") and "np.float64(" not in text
    json.dumps(one.to_dict(), allow_nan=False)
    assert one.settings["convention"].startswith("Coles (2001)")
    many = fit.return_level([100.0, 1000.0, 1e4])
    assert many.ci is None and np.asarray(many).shape == (3,)
    frame = many.to_frame()
    assert list(frame.columns) == ["period", "observations", "estimate", "low", "high", "level",
                                   "method"]
    assert np.all(np.diff(frame["estimate"]) > 0) and np.all(frame["low"] < frame["high"])
    with pytest.raises(ValueError):
        many.estimate[0] = 0.0
    assert "np.float64(" not in repr(many)


@pytest.mark.parametrize("c", [1e-200, 1e200])
def test_return_levels_are_scale_equivariant(c: float) -> None:
    x = _sample(0.3, 5)
    a = fit_gpd(x, 0.0).return_level([1000.0, 1e5])
    b = fit_gpd(x * c, 0.0).return_level([1000.0, 1e5])
    np.testing.assert_allclose(b.estimate, np.asarray(a.estimate) * c, rtol=1e-9)
    np.testing.assert_allclose(b.low, np.asarray(a.low) * c, rtol=1e-6)
    np.testing.assert_allclose(b.high, np.asarray(a.high) * c, rtol=1e-6)


def test_heavy_tail_with_little_data_may_have_an_open_upper_bound() -> None:
    """12 excesses of a GPD with xi = 1.2: the 10^6 level's interval is wide but closed; at
    10^300 the profile likelihood never drops below the cut-off: an open upper bound, said
    (a review: the test read "finite or inf", and the open case never ran)."""
    x = np.r_[np.full(100, -1.0), gpd_rvs(np.random.default_rng(8), 1.2, 1.0, 12)]
    fit = fit_gpd(x, 0.0, warn=False)
    r = fit.return_level(1e6)
    assert r.low < r.estimate < r.high < math.inf and not r.warnings
    far = fit.return_level(1e300)
    assert far.low < far.estimate < math.inf and math.isinf(far.high)
    assert any("upper bound is infinite" in w for w in far.warnings)


def test_one_huge_outlier_gives_finite_return_levels() -> None:
    """Issue 11 for return levels: the profile runs in units of the fitted scale."""
    x = np.r_[np.random.default_rng(0).standard_normal(1000), 1e250]
    fit = fit_gpd(x, "95%", warn=False)
    for method in ("profile", "delta"):
        r = fit.return_level([100.0, 1e4], method=method)
        assert np.isfinite(r.estimate).all() and np.isfinite(r.high).all()
    r = fit.return_level([100.0, 1e4])
    assert np.all(r.low < r.estimate) and np.all(r.estimate < r.high)


def test_levels_beyond_the_float_range_are_inf_with_a_note() -> None:
    x = (np.random.default_rng(0).pareto(1.5, 3000) + 1.0) * 1e305
    fit = fit_gpd(x, "95%", warn=False)
    with pytest.warns(TailstatWarning, match=r"at period\(s\) 1e\+06 .* floating-point"):
        r = fit.return_level([100.0, 1e6])
    assert math.isfinite(r.estimate[0]) and math.isinf(r.estimate[1])
    assert any("floating-point" in w for w in r.warnings)
    json.dumps(r.to_dict(), allow_nan=False)


def test_profile_interval_searches_the_whole_float_range() -> None:
    """A review's case (xi_hat = 24): the search stopped at exp(+-60) times the estimate and
    then gave the threshold as the lower end (the profile was still 1.6 above the cut-off
    there; a brute-force profile in log space puts the end at 1.29e180), and a level
    beyond the float range crashed in brentq ("f(a) and f(b) must have different signs")."""
    y = np.expm1(20 * np.random.default_rng(0).standard_exponential(50)) / 20
    fit = fit_gpd(np.r_[-1.0, y], 0.0)
    assert fit.xi > 20
    r = fit.return_level(1e10)
    assert r.low == pytest.approx(1.29e180, rel=0.01) and r.low < r.estimate
    with pytest.warns(TailstatWarning, match="beyond the largest floating-point number"):
        far = fit.return_level(1e15)  # the estimate overflows: inf, with its lower end
    assert far.estimate == math.inf and far.high == math.inf
    assert 1e200 < far.low < 1e308
    assert any("beyond the largest floating-point number" in w for w in far.warnings)


def test_a_list_may_mix_probabilities_and_periods() -> None:
    """A review: [0.001, 1000] was read as two periods (probabilities only when every entry
    was below 1), so 0.001 became a period of 0.001 observations and the call failed; each
    number below 1 is a probability, as the docstring says."""
    x = np.random.default_rng(0).pareto(2, 3000) + 1
    fit = fit_gpd(x, threshold="90%")
    both = fit.return_level([0.001, 1000])
    assert both.estimate[0] == both.estimate[1] == fit.return_level(1000).estimate
    np.testing.assert_array_equal(both.period, [1000.0, 1000.0])
    assert both.settings["period_read_as_probability"] == [True, False]
    assert fit.return_level([0.001, 0.01]).settings["period_read_as_probability"] is True
    assert fit.return_level([10.0, 1e4], per=10).settings["period_read_as_probability"] is False


def test_a_fit_that_did_not_converge_gives_no_interval_not_a_scipy_error() -> None:
    """Excesses spanning 1e320: the MLE stops short (converged=False, said); return_level
    raised scipy's 'f(a) and f(b) must have different signs'."""
    import warnings

    z = 10.0 ** np.random.default_rng(0).uniform(-160, 160, 100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = fit_gpd(z, 0.0)
        assert not f.converged
        rl = f.return_level(1e3)
    assert np.isnan(rl.low) or np.isnan(rl.high)


@pytest.mark.parametrize("bad", [["100"], np.array(["100", "1000"]), [100, "1000"], [True]])
def test_periods_given_as_text_are_refused(bad) -> None:
    """``return_level(["100"])`` read the text as the period 100 (only a lone string was
    refused), so a column of periods read from a file as text passed unnoticed."""
    fit = fit_gpd(np.random.default_rng(8).pareto(2.0, 2000) + 1.0, "90%")
    with pytest.raises(DataError, match="period must be a positive number"):
        fit.return_level(bad)


def test_a_level_beyond_the_float_range_is_warned_with_what_to_do() -> None:
    """A review: fit_gpd(t3 * 1e306).return_level([1e8]) gave inf for the estimate and the
    upper end with no warning (a note that said neither which period nor what to do), and
    the delta method's lower end was nan (inf - inf) though it lies within the float range:
    now a warning naming the period and the remedy (rescale), the ends in range kept, and
    the same numbers as the rescaled data's."""
    t3 = np.random.default_rng(0).standard_t(3, 5000)
    fit = fit_gpd(t3 * 1e306, warn=False)
    small = fit_gpd(t3 * 1e300, warn=False)
    for method in ("profile", "delta"):
        with pytest.warns(TailstatWarning, match=r"period\(s\) 1e\+08 .*Rescale the rewards"):
            r = fit.return_level([1e4, 1e8], method=method)
        ref = small.return_level([1e4, 1e8], method=method)
        assert r.estimate[1] == math.inf and any("Rescale" in w for w in r.warnings)
        np.testing.assert_allclose(r.estimate[0], ref.estimate[0] * 1e6, rtol=1e-9)
        # the lower end: within range (profile), or below -1.8e308 (delta, as the data say)
        assert not np.isnan(r.low).any() and not np.isnan(r.high).any()
        expected_low = float(ref.low[1]) * 1e6  # a Python float: inf where it overflows
        if math.isfinite(expected_low):
            assert r.low[1] == pytest.approx(expected_low, rel=1e-6)
        else:
            assert r.low[1] == math.copysign(math.inf, expected_low)
    with pytest.warns(TailstatWarning, match="Rescale"):
        assert fit.return_level(1e8, ci=None).estimate == math.inf


def test_no_delta_interval_at_the_constraint_says_why() -> None:
    """A review: at xi_hat = -1 (the constraint) the delta-method interval was nan with a
    note listing three possible causes (non-regular MLE, xi <= -1/2, or PWM): it names this
    fit's, why no standard error exists there and what gives an interval."""
    x = -(np.abs(np.random.default_rng(2).standard_t(3, 5000)) + 1.0)
    fit = fit_gpd(x, warn=False)
    assert fit.xi == -1.0 and fit.cov is None
    r = fit.return_level([100.0], method="delta")
    assert np.isnan(r.low).all() and np.isnan(r.high).all()
    (note,) = r.warnings
    assert "constraint xi = -1" in note and "one-sided" in note
    assert "method='profile'" in note
    prof = fit.return_level(100.0)  # the interval the note points to exists
    assert prof.low < prof.estimate < prof.high
    # a PWM fit beyond xi = 1/2 says its own reason
    heavy = fit_gpd(np.random.default_rng(1).pareto(1.2, 3000) + 1, "90%", method="pwm",
                    warn=False)
    assert heavy.xi >= 0.5
    (note,) = heavy.return_level(1e4, method="delta").warnings
    assert "PWM estimator has no finite asymptotic variance" in note and "method='mle'" in note


def test_a_fit_at_xi_minus_one_cuts_its_interval_from_its_own_likelihood() -> None:
    """A review: at the constraint xi = -1 the fit's log-likelihood is -k log(max excess)
    (uniform on [0, max]), but the interval's cut-off was taken from gpd_loglik at the fit,
    -inf there (the largest excess outside an open support), so from a lower point: both ends
    had a deviance of 3.925 from the fit instead of chi2_1(0.95) = 3.841."""
    from tailstat.gpd.return_level import _profile_max

    y = np.array([1.3546915056539233, 0.13220383829945698, 1.060974873116806,
                  0.5576887672397824, 0.29790228188412493, 0.9332719324209833,
                  0.4689917573473472, 0.5236066569625003, 0.3666738108392299,
                  0.34014593244347646, 0.10161245268262384, 0.8371716571578228])
    f = fit_gpd(np.r_[np.zeros(12), y], 0.0)
    assert f.xi == -1.0 and f.loglik == pytest.approx(-12 * math.log(y.max()), rel=1e-12)
    rl = f.return_level(50)
    log_mz = math.log(50 * f.zeta)
    cut = stats.chi2.ppf(0.95, 1)
    for end in (rl.low, rl.high):
        deviance = 2 * (f.loglik - _profile_max(f.excesses, end - f.threshold, log_mz, 2.0)[0])
        assert deviance == pytest.approx(cut, abs=2e-3)


def test_array_protocol_copies_when_asked() -> None:
    """``np.array(rl)`` (copy=True) is a new, writeable array; ``np.asarray`` may share the
    result's own read-only estimate (a review: ``a = np.array(rl); a *= 2`` raised)."""
    x = np.random.default_rng(0).pareto(2, size=5000)
    rl = fit_gpd(x, "auto", warn=False).return_level([10, 100])
    a = np.array(rl)
    a *= 2
    assert np.array_equal(a, 2 * np.asarray(rl)) and a.flags.writeable
    assert np.array_equal(np.array(rl, dtype=np.float32), rl.estimate.astype(np.float32))


def test_levels_past_the_float_range_say_what_they_lack() -> None:
    """A review: the delta method's lower end was NaN (inf - inf) with numpy's overflow
    warning escaping; the profile's upper end at a period of 1e250 was NaN without a note."""
    g = fit_gpd(np.random.default_rng(0).pareto(0.5, 500) + 1, "90%", warn=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("ignore", TailstatWarning)
        r = g.return_level(1e200, method="delta")
    assert r.estimate == math.inf and (r.low, r.high) == (-math.inf, math.inf)
    g = fit_gpd(np.random.default_rng(0).pareto(2.0, 500) + 1, "90%", warn=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        r = g.return_level(1e250)
    assert math.isnan(r.high) and any("was not found" in w for w in r.warnings)
