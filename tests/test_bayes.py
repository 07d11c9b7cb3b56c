"""Tests of tailstat.bayes: the Bayesian GPD model and the hierarchical model.

Sampling is the slow part, so fits are shared through module-scoped fixtures and most use
short chains; the Danish test uses the acceptance settings (4 chains x 1000 draws). Every
fit has a fixed seed, so each test is deterministic on a given platform.

Where a short run may legitimately trigger a ConvergenceWarning, the test filters that
warning on purpose and checks the diagnostics itself (pytest runs with warnings as errors).
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _helpers import BAYES_SHORT_RUN, gpd_draws
from scipy import stats

from tailstat.errors import ConvergenceWarning, DataError, TailstatWarning, TiesWarning
from tailstat.results import Interval
from tailstat.sketch import TailSketch

pytest.importorskip("pymc")

from tailstat.bayes import (
    BayesTailFit,
    GPDPriors,
    fit_bayes,
    fit_bayes_hierarchical,
)
from tailstat.bayes._common import sampler_settings

ROOT = Path(__file__).resolve().parents[1]
DANISH = ROOT / "datasets" / "danish.csv"
REFERENCE = ROOT / "tests" / "reference_values.json"

# McNeil (1997) / R evd::fpot consensus at u = 10: tests/reference_values.json,
# danish/gpd_mle_consensus (xi 0.496988, sigma 6.97545), read by _mle_reference

SHORT = {"draws": 400, "tune": 400, "chains": 2}

#: Short runs (SHORT): ConvergenceWarning ignored on purpose (tests/_helpers.py).
short_run = BAYES_SHORT_RUN


def _mle_reference() -> tuple[float, float]:
    # the vendored reference (a missing or changed file fails here, not falls back)
    entry = json.loads(REFERENCE.read_text())["danish"]["gpd_mle_consensus"]
    entry = entry.get("u=10", entry)
    return float(entry["xi"]), float(entry.get("sigma", entry.get("beta")))


_gpd = gpd_draws


@pytest.fixture(scope="module")
def danish() -> pd.Series:
    return pd.read_csv(DANISH)["loss_mDKK"]


@pytest.fixture(scope="module")
def danish_fit(danish: pd.Series) -> BayesTailFit:
    return fit_bayes(danish, 10.0, draws=1000, tune=1000, chains=4, seed=2024)


# ------------------------------------------------------------------------------------------
# the log-density
# ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loglik_fn():
    """Both log-likelihood graphs and their gradients in (xi, sigma), compiled once."""
    import pytensor
    import pytensor.tensor as pt

    from tailstat.bayes._loglik import gpd_loglik_elemwise, gpd_loglik_sum

    xv, sv, yv = pt.dscalar("xi"), pt.dscalar("sigma"), pt.dvector("y")
    sums = pt.stack([pt.sum((yv / pt.max(yv))**k) for k in range(1, 5)])
    total = gpd_loglik_sum(yv, sums, pt.max(yv), xv, sv, pt.log(sv))
    elem = pt.sum(gpd_loglik_elemwise(yv, xv, sv, pt.log(sv)))
    return pytensor.function([yv, xv, sv], [total, elem, *pt.grad(total, [xv, sv]),
                                            *pt.grad(elem, [xv, sv])])


@pytest.mark.parametrize("xi", [-0.45, -1e-7, 0.0, 1e-9, 1e-5, 0.3, 1.5])
def test_loglik_matches_scipy_and_has_finite_gradients(loglik_fn, xi: float) -> None:
    sigma = 1.3
    y = _gpd(xi, 200, seed=3, scale=sigma)
    y = y[y > 0]
    t, e, gx, gs, ex, es = loglik_fn(y, xi, sigma)
    ref = stats.genpareto.logpdf(y, xi, scale=sigma).sum()
    assert t == pytest.approx(ref, rel=1e-10)
    assert e == pytest.approx(ref, rel=1e-10)
    assert np.isfinite([gx, gs, ex, es]).all()
    assert gx == pytest.approx(ex, rel=1e-7, abs=1e-8)
    assert gs == pytest.approx(es, rel=1e-9)
    # gradients against central differences of scipy's log-density
    h = 1e-6

    def ll(x: float, s: float) -> float:
        return float(stats.genpareto.logpdf(y, x, scale=s).sum())

    assert gx == pytest.approx((ll(xi + h, sigma) - ll(xi - h, sigma)) / (2 * h), rel=1e-5,
                               abs=1e-5)
    assert gs == pytest.approx((ll(xi, sigma + h) - ll(xi, sigma - h)) / (2 * h), rel=1e-5,
                               abs=1e-5)


def test_loglik_outside_support_is_minus_inf_with_finite_gradient(loglik_fn) -> None:
    y = np.array([0.5, 1.0, 4.0])
    t, e, *grads = loglik_fn(y, -0.5, 1.0)  # endpoint sigma/|xi| = 2 < 4
    assert t == -np.inf and e == -np.inf
    assert np.isfinite(grads).all()


def test_power_sums_of_a_huge_excess_stay_finite(loglik_fn) -> None:
    """One excess 1e80 times the others: sum(y**4) overflowed (past about 1e77) and the sum
    graph gave NaN (and NaN gradients) near xi = 0, where the elementwise one is finite. The
    sums are taken relative to the largest excess now, and the two graphs agree."""
    from tailstat.bayes._models import power_sums

    y = np.r_[np.linspace(0.01, 2.0, 50), 1e80]
    sums = power_sums(y)
    assert np.isfinite(sums).all() and sums[0] <= y.size
    assert power_sums(y * 1e-300) == pytest.approx(sums, rel=1e-12)  # scale-free
    for xi in (0.0, 1e-250, 1e-70, 2.0):
        t, e, gx, gs, ex, es = loglik_fn(y, xi, 1.0)
        assert np.isfinite([t, gx, gs]).all()
        assert t == pytest.approx(e, rel=1e-12)
        assert gx == pytest.approx(ex, rel=1e-9) and gs == pytest.approx(es, rel=1e-9)


# ------------------------------------------------------------------------------------------
# Danish fire losses against the MLE
# ------------------------------------------------------------------------------------------

def test_danish_posterior_agrees_with_mle(danish_fit: BayesTailFit) -> None:
    xi_mle, sigma_mle = _mle_reference()
    fit = danish_fit
    assert fit.n_exceed == 109 and fit.threshold == 10.0 and fit.n == 2167
    # skew, about sd / sqrt(k) (3 allowed), plus Monte-Carlo error, 4 sd / sqrt(ESS) (a review:
    # 2 sd let a posterior 1.5 sd off pass)
    for m, mle, sd in ((fit.xi_mean, xi_mle, fit.xi_sd), (fit.sigma_mean, sigma_mle, fit.sigma_sd)):
        assert abs(m - mle) < sd * (3 / fit.n_exceed**0.5 + 4 / fit.ess_bulk_min**0.5)
    assert fit.xi_ci.contains(xi_mle) and fit.sigma_ci.contains(sigma_mle)
    assert fit.rhat_max <= 1.01
    assert fit.ess_bulk_min >= 400
    assert fit.divergences == 0
    assert fit.warnings == () and fit.converged
    assert fit.prob_heavy > 0.99 and fit.prob_bounded == pytest.approx(1 - fit.prob_heavy)


def test_result_contract(danish_fit: BayesTailFit) -> None:
    fit = danish_fit
    assert isinstance(fit.xi_ci, Interval) and fit.xi_ci.level == 0.95
    assert fit.xi_ci.method == "equal-tailed posterior"
    d = fit.to_dict()
    text = json.dumps(d)  # JSON-safe
    assert "idata" not in d and "_summary" not in d
    assert len(text) < 20_000  # no draws embedded
    assert {r["variable"] for r in d["summary"]} == {"xi", "sigma"}
    assert d["settings"]["seed"] == 2024 and d["settings"]["chains"] == 4
    assert d["settings"]["priors"] == {k: v for k, v in GPDPriors().to_dict().items()
                                       if k != "tau_sd"}  # (not this model's prior)
    frame = fit.to_frame()
    assert frame.shape[0] == 1 and frame.loc[0, "xi_mean"] == fit.xi_mean
    assert frame.loc[0, "converged"] == d["converged"] == fit.converged  # (a review)
    # the interval's level beside its ends (it was not in the frame at all)
    assert list(frame.columns)[3:7] == ["xi_ci_low", "xi_ci_high", "xi_ci_level", "xi_ci_method"]
    summary = fit.summary()
    assert list(summary.index) == ["xi", "sigma"] and "r_hat" in summary.columns
    # its HDI at the fit's level (ArviZ's own default, 94%, sat beside a 95% interval)
    assert {"hdi_2.5%", "hdi_97.5%"} <= set(summary.columns)
    summary.loc["xi", "mean"] = 99.0  # a copy: the result is unchanged
    assert fit.summary().loc["xi", "mean"] == pytest.approx(fit.xi_mean)
    assert "BayesTailFit(" in repr(fit) and "xi_mean=" in repr(fit)
    assert "<table>" in fit._repr_html_()
    draws = fit.draws("xi")
    assert draws.shape == (4000,) and draws.mean() == pytest.approx(fit.xi_mean)
    assert set(fit.idata.groups()) >= {"posterior", "sample_stats", "observed_data",
                                       "constant_data"}
    assert float(fit.idata.observed_data["excess"].min()) > 0
    assert fit.xi == fit.xi_mean and fit.sigma == fit.sigma_mean
    with pytest.raises(AttributeError):
        fit.xi_mean = 0.0  # type: ignore[misc]


@short_run
# ------------------------------------------------------------------------------------------
# reproducibility and the model cache
# ------------------------------------------------------------------------------------------

def test_same_seed_gives_identical_draws() -> None:
    x = _gpd(0.2, 500, seed=11)
    a = fit_bayes(x, 0.0, seed=7, **SHORT)
    b = fit_bayes(x, 0.0, seed=7, **SHORT)
    c = fit_bayes(x, 0.0, seed=8, **SHORT)
    for var in ("xi", "sigma"):
        assert np.array_equal(a.idata.posterior[var].values, b.idata.posterior[var].values)
    assert np.array_equal(a.idata.sample_stats["energy"].values,
                          b.idata.sample_stats["energy"].values)
    assert not np.array_equal(a.draws("xi"), c.draws("xi"))
    assert b.settings["model_cached"]


def test_seed_none_is_drawn_and_recorded() -> None:
    x = _gpd(0.1, 300, seed=12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # short run, unknown seed
        fit = fit_bayes(x, 0.0, draws=100, tune=100, chains=1)
    seed = fit.settings["seed"]
    assert isinstance(seed, int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        again = fit_bayes(x, 0.0, draws=100, tune=100, chains=1, seed=seed)
    assert np.array_equal(fit.draws("xi"), again.draws("xi"))


@short_run
def test_cached_model_is_reused_on_new_data_of_another_size() -> None:
    from tailstat.bayes import clear_model_cache
    from tailstat.bayes._models import model_cache_info
    clear_model_cache()  # (alone, the test had relied on an earlier test's model: a review)
    small = fit_bayes(_gpd(0.3, 150, seed=21), 0.0, seed=1, **SHORT)
    large = fit_bayes(_gpd(0.3, 3000, seed=22), "90%", seed=1, **SHORT)
    assert not small.settings["model_cached"] and large.settings["model_cached"]
    assert large.n_exceed == 300
    info = [m for m in model_cache_info() if m["kind"] == "gpd" and m["priors"] == GPDPriors()]
    assert info and info[0]["uses"] >= 2
    assert large.xi_ci.contains(0.3) and small.xi_ci.contains(0.3)


@short_run
def test_caller_data_not_mutated() -> None:
    x = _gpd(0.2, 400, seed=13)
    before = x.copy()
    fit_bayes(x, 1.0, seed=3, **SHORT)
    assert np.array_equal(x, before) and x.flags.writeable


@short_run
# ------------------------------------------------------------------------------------------
# simulated GPD tails with known shape
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("xi", "seed"), [(0.3, 101), (-0.3, 102)])
def test_simulated_gpd_interval_covers_truth(xi: float, seed: int) -> None:
    # threshold 0 on pure GPD data: every value is an exceedance of a GPD(2, xi)
    x = _gpd(xi, 400, seed=seed, scale=2.0, loc=5.0)
    fit = fit_bayes(x, 5.0, seed=seed, level=0.9, draws=600, tune=600, chains=2)
    assert fit.xi_ci.level == 0.9
    assert fit.xi_ci.contains(xi)
    assert fit.sigma_ci.contains(2.0)
    if xi > 0:
        assert fit.prob_heavy > 0.95 and fit.prob_bounded < 0.05
    else:
        assert fit.prob_bounded > 0.95 and fit.prob_heavy < 0.05
    assert fit.divergences == 0 and fit.rhat_max < 1.05


@short_run
def test_scale_and_location_equivariance() -> None:
    x = _gpd(0.2, 300, seed=31)
    a = fit_bayes(x, 0.0, seed=4, **SHORT)
    # a power-of-two scale keeps the scaled excesses bit-identical: the same draws
    b = fit_bayes(x * 2.0**-7, 0.0, seed=4, **SHORT)
    assert np.array_equal(b.draws("xi"), a.draws("xi"))
    assert b.sigma_mean == pytest.approx(2.0**-7 * a.sigma_mean, rel=1e-12)
    # a location shift changes the excesses by rounding only: same posterior, other chain
    c = fit_bayes(1000.0 + x, 1000.0, seed=4, **SHORT)
    assert abs(c.xi_mean - a.xi_mean) < 0.5 * a.xi_sd
    assert c.n_exceed == a.n_exceed


@short_run
def test_custom_priors_are_used_and_recorded(danish: pd.Series) -> None:
    # the tight prior at 0 dominates 109 exceedances, and the fit says so
    with pytest.warns(TailstatWarning, match=r"prior xi ~ Normal\(0, 0.02\) pulls the posterior"):
        fit = fit_bayes(danish, 10.0, seed=5, priors={"xi": (0.0, 0.02)}, **SHORT)
    assert fit.settings["priors"]["xi_sd"] == 0.02
    assert abs(fit.xi_mean) < 0.1
    assert any("the prior, not the data, sets it" in w for w in fit.warnings)
    with pytest.raises(DataError, match="xi_sd"):
        fit_bayes(danish, 10.0, priors={"xi": (0.0, -1.0)})
    with pytest.raises(DataError, match="unknown prior"):
        fit_bayes(danish, 10.0, priors={"alpha": 1.0})


@short_run
def test_percentage_threshold(danish: pd.Series) -> None:
    from tailstat.gpd import resolve_threshold

    fit = fit_bayes(danish, "95%", seed=6, **SHORT)
    u, method = resolve_threshold(danish.to_numpy(), "95%")
    assert fit.threshold == u and fit.threshold_method == method
    assert fit.n_exceed == int((danish > u).sum())


@short_run
def test_auto_threshold_delegates_to_gpd_module(danish: pd.Series) -> None:
    from tailstat.gpd import threshold  # (the package's own: a broken import fails)

    u, method = threshold.resolve_threshold(danish.to_numpy(), "auto")
    with warnings.catch_warnings():
        # the automatic threshold may reach the low, rounded Danish losses: ties expected
        warnings.simplefilter("ignore", TiesWarning)
        fit = fit_bayes(danish, "auto", seed=6, **SHORT)
    assert fit.threshold == u and fit.threshold_method == method


# ------------------------------------------------------------------------------------------
# diagnostics
# ------------------------------------------------------------------------------------------

def test_diagnostics_flag_disagreeing_chains_and_divergences() -> None:
    import arviz as az

    from tailstat.bayes._common import diagnose

    rng = np.random.default_rng(0)
    xi = rng.normal(size=(2, 500)) + np.array([[0.0], [3.0]])  # two chains, two places
    idata = az.from_dict(
        posterior={"xi": xi, "sigma": rng.normal(size=(2, 500))},
        sample_stats={"diverging": np.zeros((2, 500), dtype=bool)})
    diag = diagnose(idata, ["xi", "sigma"], 500, 2, "test")
    assert diag.rhat_max > 1.01 and diag.ess_min < 100 and diag.divergences == 0
    assert any("R-hat" in m for m in diag.messages)
    assert any("effective sample size" in m for m in diag.messages)
    good = az.from_dict(posterior={"sigma": rng.normal(size=(2, 500))},
                        sample_stats={"diverging": np.zeros((2, 500), dtype=bool)})
    good.sample_stats["diverging"][0, 3] = True
    diag = diagnose(good, ["sigma"], 500, 2, "test")
    assert diag.divergences == 1 and len(diag.messages) == 1
    assert "1 divergent" in diag.messages[0]


def test_one_chain_says_rhat_was_not_checked(capfd: pytest.CaptureFixture[str]) -> None:
    """... in its warning, once: ArviZ's own "Shape validation failed" log line (its logger
    lives outside the logging registry) no longer reaches stderr."""
    x = _gpd(0.2, 300, seed=14)
    with pytest.warns(ConvergenceWarning, match="R-hat needs two chains") as record:
        fit = fit_bayes(x, 0.0, draws=200, tune=200, chains=1, seed=3)
    assert "Shape validation failed" not in capfd.readouterr().err
    ours = [w for w in record if issubclass(w.category, ConvergenceWarning)]
    assert ours and all(w.filename == __file__ for w in ours)  # attributed to the caller
    assert np.isnan(fit.rhat_max) and not fit.converged
    assert np.isfinite(fit.ess_bulk_min)


def test_sampling_uses_only_public_pymc_api() -> None:
    """No PyMC internals (issue 10): the package samples through ``pm.sample``."""
    internals = ("astep", "QuadPotential", "DictToArrayBijection", "logp_dlogp_function",
                 "logp_dlogp_func", "pymc.blocking", "pymc.step_methods")
    source = "\n".join(p.read_text() for p in (ROOT / "tailstat" / "bayes").glob("*.py"))
    assert "pm.sample(" in source
    assert [name for name in internals if name in source] == []


# ------------------------------------------------------------------------------------------
# bad input
# ------------------------------------------------------------------------------------------

def test_too_few_exceedances_is_a_data_error() -> None:
    x = _gpd(0.2, 200, seed=41)
    u = float(np.sort(x)[-5])  # 4 values strictly above
    with pytest.raises(DataError, match="only 4 value"):
        fit_bayes(x, u)


def test_threshold_above_max_is_a_data_error() -> None:
    x = _gpd(0.2, 200, seed=42)
    with pytest.raises(DataError, match="no exceedances"):
        fit_bayes(x, float(x.max()) + 1.0)
    with pytest.raises(DataError, match="no exceedances"):
        fit_bayes(x, float(x.max()))


@pytest.mark.parametrize("kwargs", [{"draws": 0}, {"draws": 1}, {"draws": 99},
                                    {"chains": 1.5}, {"chains": 0}, {"tune": -1},
                                    {"seed": -3}, {"seed": True}, {"level": 1.0},
                                    {"target_accept": 0.0}, {"min_exceed": 1}])
def test_bad_settings_are_data_errors(kwargs: dict) -> None:
    (name, value), = kwargs.items()
    with pytest.raises(DataError, match=f"^{name} must be .* got {value!r} instead"):
        fit_bayes(_gpd(0.2, 200, seed=43), 0.0, **kwargs)


def test_one_draw_is_a_clear_data_error_not_a_nan_diagnostic() -> None:
    with pytest.raises(DataError, match=r"draws must be an integer >= 100 .*R-hat"):
        fit_bayes(_gpd(0.2, 200, seed=43), 0.0, draws=1)


def test_threshold_and_exceedance_rules_are_those_of_the_gpd_fit() -> None:
    """One implementation (tailstat.gpd): the same thresholds and the same messages."""
    from tailstat.gpd import fit_gpd, resolve_threshold

    x = _gpd(0.2, 200, seed=44)
    u = float(np.sort(x)[-5])
    msgs = []
    for fit in (fit_bayes, fit_gpd):
        with pytest.raises(DataError) as err:
            fit(x, u)
        msgs.append(str(err.value))
    assert msgs[0] == msgs[1]
    for bad in ("150%", "95", float("nan"), True):
        errs = []
        for fn in (lambda t: fit_bayes(x, t), lambda t: resolve_threshold(x, t)):
            with pytest.raises(DataError) as err:
                fn(bad)
            errs.append(str(err.value))
        assert errs[0] == errs[1]


def test_bad_inputs_go_through_intake() -> None:
    with pytest.raises(DataError, match="infinite"):
        fit_bayes(np.array([1.0, 2.0, np.inf, 3.0, 4.0, 5.0]), 0.0)
    with pytest.raises(DataError):
        fit_bayes(np.arange(20.0), "150%")
    with pytest.raises(DataError):
        fit_bayes(np.arange(20.0), float("nan"))


def test_import_is_light() -> None:
    code = ("import sys, tailstat, tailstat.bayes; "
            "bad = [m for m in ('pymc', 'pytensor', 'arviz') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_fit_bayes_on_a_sketch_is_the_samples() -> None:
    x = _gpd(0.3, 5000, seed=31, loc=-1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        whole = fit_bayes(x, "95%", seed=5, **SHORT)
        sketch = fit_bayes(TailSketch.from_sample(x, capacity=400), "95%", seed=5, **SHORT)
    for f in ("xi_mean", "xi_sd", "xi_ci", "sigma_mean", "sigma_ci", "prob_heavy", "threshold",
              "threshold_method", "n_exceed", "n"):
        assert getattr(sketch, f) == getattr(whole, f), f
    with pytest.raises(DataError, match="holds"):  # the 80% quantile is not held
        fit_bayes(TailSketch.from_sample(x, capacity=400), "80%", seed=5, **SHORT)


def test_a_bayes_fit_that_cannot_be_made_keeps_the_classification() -> None:
    """Scores clipped at a ceiling: the classifier's exceedances are all one value, the GPD
    fit refuses them, and analyze(method="bayes") turned the group into a failure ("'x' is
    constant") where the fast method calls it bounded -- and the CLI gate failed with it."""
    import tailstat as ts

    z = np.random.default_rng(0).normal(size=3000)
    df = pd.DataFrame({"m": "clip", "r": np.minimum(z, 1.0)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        fast = ts.analyze(df, "r", by="m").to_frame().iloc[0]
        bayes = ts.analyze(df, "r", by="m", method="bayes")
    row = bayes.to_frame().iloc[0]
    assert row["label"] == fast["label"] == "bounded" and row["error"] is None
    c = bayes.classifications["clip"]
    assert "bayes" not in c.evidence and np.array_equal(c.xi, fast["xi"], equal_nan=True)
    # a ceiling's ξ is not estimated: no fit is attempted (a PyMC run's failure had warned)
    assert c.settings["xi_method"].startswith("none: the scores are saturated")
    assert [w for w in c.warnings if "Bayesian" in w] == [  # its one word (review 404)
        "no Bayesian GPD fit: the scores are saturated, bounded by construction"]
    assert "'x'" not in " ".join(c.warnings)


@short_run
def test_the_bayes_fits_caveats_are_the_classifications() -> None:
    """A fit that did not converge (here: one chain, R-hat not checked) warned under the
    name fit_bayes('x') even with warn=False, and left no trace in the classification,
    whose ξ interval it had replaced."""
    import tailstat as ts

    x = np.random.default_rng(0).standard_t(3.0, 5000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TailstatWarning)  # warn=False: none escapes
        c = ts.classify(x, name="rm-a", method="bayes", warn=False,
                        bayes_kwargs={"chains": 1, "draws": 100, "tune": 100})
    assert any(w.startswith("Bayesian GPD fit:") and "R-hat needs two chains" in w
               for w in c.warnings)
    assert "fit_bayes('x')" not in " ".join(c.warnings)
    with pytest.warns(ConvergenceWarning, match="'rm-a': Bayesian GPD fit"):
        ts.classify(x, name="rm-a", method="bayes",
                    bayes_kwargs={"chains": 1, "draws": 100, "tune": 100})


@short_run
def test_warn_false_records_the_caveats_and_their_categories() -> None:
    x = 1 - np.random.default_rng(0).uniform(size=2000) ** 2  # piled against xi = -1
    with warnings.catch_warnings():
        warnings.simplefilter("error", TailstatWarning)  # warn=False: none is issued
        fit = fit_bayes(x, "90%", seed=1, chains=1, draws=100, tune=100, warn=False)
    kinds = fit.settings["warning_categories"]
    assert len(kinds) == len(fit.warnings) and kinds[-1] == "ConvergenceWarning"
    assert "TailstatWarning" in kinds  # the note on the model's lower bound


@short_run
def test_warn_false_records_the_quantile_level_caveat_too() -> None:
    """``fit_bayes(x, 0.95, warn=False)`` on values above 1 issued the threshold's
    quantile-level caveat anyway (its threshold rule warned by itself) and left it out of
    ``warnings``; it is now one of the fit's caveats."""
    x = np.random.default_rng(1).pareto(2.0, 2000) + 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = fit_bayes(x, 0.95, seed=1, chains=1, draws=100, tune=100, warn=False)
    assert fit.warnings[0].startswith("threshold=0.95 is an absolute value")
    assert fit.settings["warning_categories"][0] == "TailstatWarning"


@short_run
def test_a_posterior_piled_against_minus_one_says_so() -> None:
    """A tail cut off more abruptly than any GPD with xi > -1 (true xi = -2) gave xi = -0.99
    [-0.9995, -0.971], a tight interval at the model's bound, without a word."""
    x = 1 - np.random.default_rng(0).uniform(size=2000) ** 2
    with pytest.warns(TailstatWarning, match="within 0.05 of -1, the model's lower bound"):
        fit = fit_bayes(x, "90%", seed=1, **SHORT)
    assert fit.xi_ci.high < -0.9


# --------------------------------------------------------------------------------------------
# a review of the Bayes module (each case failed before its fix)
# --------------------------------------------------------------------------------------------


@short_run
def test_a_bounded_tail_is_not_said_to_be_pulled_by_the_prior() -> None:
    """The maximum-likelihood xi of a bounded tail sits at -1 while any posterior mean lies
    inside: the note "the prior, not the data, sets it" fired on 34 of 40 samples of 50
    GPD(-0.8) excesses, and again under the wider prior it advised. The pull is now read
    from the draws reweighted to a flat prior; a heavy tail with few exceedances, which the
    N(0, 0.5) prior does shrink (xi = 2 to about 1.4), still says so."""
    y = stats.genpareto.rvs(-0.8, size=50, random_state=np.random.default_rng(1))
    for priors in (None, {"xi": (0.0, 2.0)}):
        with pytest.warns(TailstatWarning, match="interval of xi starts at"):  # near -1
            fit = fit_bayes(y, 0.0, seed=1, priors=priors, **SHORT)
        assert not any("pulls the posterior" in w for w in fit.warnings), fit.warnings
    heavy = stats.genpareto.rvs(2.0, size=50, random_state=np.random.default_rng(0))
    with pytest.warns(TailstatWarning, match="pulls the posterior"):
        fit = fit_bayes(heavy, 0.0, seed=1, **SHORT)
    assert any("under a flat prior its mean would be" in w for w in fit.warnings)


@short_run
def test_missing_values_are_said_and_converged_reads_the_diagnostics() -> None:
    x = stats.genpareto.rvs(0.1, size=400, random_state=np.random.default_rng(0))
    x[5] = np.nan
    with pytest.warns(TailstatWarning, match="1 missing value"):
        fit = fit_bayes(pd.Series(x, name="rm"), "90%", seed=1, **SHORT)
    assert fit.n == 399 and any("missing value" in w for w in fit.warnings)
    assert "99.5%" in repr(fit_bayes(x[~np.isnan(x)], "90%", seed=1, level=0.995,
                                     **SHORT).xi_ci)


def test_a_level_the_draws_cannot_resolve_is_refused_before_sampling() -> None:
    """Two chains of 400 draws leave 0.4 draws beyond each end of a 99.9% interval: its ends
    would be the extreme draws. Refused with what to change, before any sampling."""
    x = stats.genpareto.rvs(0.1, size=400, random_state=np.random.default_rng(0))
    with pytest.raises(DataError, match=r"level=0.999 needs more posterior draws: 2 chains x "
                       r"400 draws leave 0.4 .*draws >= 1000 \(per chain\).*at most 0.9975"):
        fit_bayes(x, "90%", seed=1, level=0.999, **SHORT)
    with pytest.raises(DataError, match="needs more posterior draws"):
        fit_bayes_hierarchical(pd.DataFrame({"g": ["a", "b"] * 200, "r": x}), "r", by="g",
                               level=0.999, **SHORT)
    # the rule's edge: one draw expected beyond each end is enough
    ok = sampler_settings(seed=1, draws=1000, tune=0, chains=2, target_accept=0.9,
                          level=0.999, priors=GPDPriors(), threshold="90%", min_exceed=10)
    assert ok["level"] == 0.999
    with pytest.raises(DataError, match=r"at most 0\.998999 with these draws"):
        sampler_settings(seed=1, draws=999, tune=0, chains=2, target_accept=0.9,
                         level=0.999, priors=GPDPriors(), threshold="90%", min_exceed=10)


@short_run
def test_converged_reads_the_diagnostics_not_the_sample_name() -> None:
    """A review's case: rounded rewards get a ties note that quotes the sample's name, and a
    name holding "divergent" made converged False with R-hat 1.004, ESS 303, no divergence."""
    x = np.round(stats.genpareto.rvs(0.1, size=400, random_state=np.random.default_rng(0)), 1)
    with pytest.warns(TiesWarning):
        fit = fit_bayes(pd.Series(x, name="rm-divergent"), "90%", seed=1, **SHORT)
    with pytest.warns(TiesWarning):
        other = fit_bayes(pd.Series(x, name="rm-a"), "90%", seed=1, **SHORT)
    assert any("rm-divergent" in w for w in fit.warnings)  # the note the old rule misread
    assert np.array_equal(other.draws("xi"), fit.draws("xi"))
    assert fit.converged == other.converged == (fit.settings["convergence_warnings"] == 0)
    assert fit.converged  # this run has no convergence warning: the diagnostics say so


@short_run
def test_sigma_summaries_do_not_overflow_at_huge_scales() -> None:
    x = stats.genpareto.rvs(0.2, size=300, random_state=np.random.default_rng(2))
    a = fit_bayes(x, "90%", seed=3, **SHORT)
    b = fit_bayes(x * 2.0**990, "90%", seed=3, **SHORT)  # ~1e298: the sd overflowed to inf
    assert b.sigma_sd == pytest.approx(a.sigma_sd * 2.0**990, rel=1e-9)
