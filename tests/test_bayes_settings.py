"""The Bayesian fits' settings (tailstat.bayes._common): ``level=`` refused below 1/2 as
fit_gpd refuses ``ci=``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _helpers import BAYES_SHORT_RUN
from _helpers import gpd_draws as _gpd

from tailstat.errors import DataError

pytest.importorskip("pymc")

from tailstat import classify
from tailstat.bayes import GPDPriors, fit_bayes, fit_bayes_hierarchical


@pytest.mark.parametrize("level", [0.05, 0.1, 0.3])
def test_a_level_below_one_half_is_refused_as_fit_gpd_refuses_it(level: float) -> None:
    """A review: fit_gpd and the estimators refuse ci=0.05 (alpha, not coverage), while the
    Bayesian fits' level=0.05 gave a 5% credible interval without a word."""
    x = _gpd(0.2, 300, seed=4)
    match = r"^level must be a level in \[0.5, 1\).*for alpha = 0.05 pass level=0.95"
    with pytest.raises(DataError, match=match):
        fit_bayes(x, 0.0, level=level)
    frame = pd.DataFrame({"r": np.r_[x, x], "g": np.repeat(["a", "b"], 300)})
    with pytest.raises(DataError, match=match):
        fit_bayes_hierarchical(frame, "r", by="g", level=level)


def test_an_integer_grouping_column_is_taken_as_analyze_takes_it() -> None:
    """A review: ``analyze(df, 0, by=1)`` groups by the column labelled 1, but
    ``fit_bayes_hierarchical(df, 0, by=1)`` said "by must be the grouping column(s), a name
    or a list of names" (``by=[1]`` worked). It groups by it now: here the threshold mapping
    names the group it lacks, which only a grouped table can."""
    x = _gpd(0.2, 300, seed=4)
    frame = pd.DataFrame({0: np.r_[x, x], 1: np.repeat([10, 20], 300)})
    with pytest.raises(DataError, match=r"^threshold mapping has no entry for group\(s\) \['20'\]"):
        fit_bayes_hierarchical(frame, 0, by=1, threshold={10: 0.0})
    for bad in (True, None, 1.5):
        with pytest.raises(DataError, match=r"^by must be the grouping column"):
            fit_bayes_hierarchical(frame, 0, by=bad)


def test_a_prior_given_twice_or_one_fit_bayes_has_not_is_refused() -> None:
    """A review: priors={'xi': (0, 0.5), 'xi_mu': 1.0} let the last key win without a word,
    and fit_bayes took {'tau': 0.1}, a prior of the hierarchical model it does not have, and
    ignored it. Both are refused before any sampling; the hierarchical fit keeps 'tau'."""
    from tailstat.bayes._common import as_priors

    x = _gpd(0.2, 200, 3)
    with pytest.raises(DataError, match=r"twice"):
        fit_bayes(x, 0.0, priors={"xi": (0.0, 0.5), "xi_mu": 1.0})
    with pytest.raises(DataError, match=r"no tau prior.*fit_bayes_hierarchical"):
        fit_bayes(x, 0.0, priors={"tau": 0.1})
    # the same setting as a GPDPriors object was taken, recorded in the settings and unused
    with pytest.raises(DataError, match=r"no tau prior.*tau_sd=0\.1"):
        fit_bayes(x, 0.0, priors=GPDPriors(tau_sd=0.1))
    with pytest.raises(DataError, match=r"no tau prior"):
        classify(x, method="bayes", bayes_kwargs={"priors": GPDPriors(tau_sd=2.0)})
    assert as_priors({"tau": 0.1, "xi": (0.0, 0.4)}).tau_sd == 0.1


def test_a_low_tail_ess_is_said_where_the_bulk_ess_is_enough(monkeypatch) -> None:
    """A review: only the bulk ESS was checked, while the intervals and P(xi > 0) read the
    posterior's tails; with 2 chains of 100 draws the target is 20."""
    import arviz as az

    from tailstat.bayes._common import diagnose

    rng = np.random.default_rng(0)
    idata = az.from_dict(posterior={"xi": rng.normal(size=(2, 500))},
                         sample_stats={"diverging": np.zeros((2, 500), dtype=bool)})
    real = az.summary

    def summary(*args, **kwargs):  # ArviZ's summary, with the tail ESS set low
        out = real(*args, **kwargs)
        out["ess_tail"] = 31.0
        return out

    assert diagnose(idata, ["xi"], 500, 2, "test").messages == ()
    monkeypatch.setattr(az, "summary", summary)
    diag = diagnose(idata, ["xi"], 500, 2, "test")
    assert diag.messages == ("test: tail effective sample size 31 < 100; the intervals' ends "
                             "and tail probabilities are imprecise. Increase draws.",)


@BAYES_SHORT_RUN
def test_the_divergence_advice_names_what_was_not_tried(monkeypatch) -> None:
    """A review: fit_bayes advised "increase target_accept (e.g. 0.95)" whatever it was."""
    from tailstat.bayes import _common, gpd_model

    said = []

    def diagnose(*args, divergence_advice="", **kwargs):
        said.append(divergence_advice)
        return real(*args, divergence_advice=divergence_advice, **kwargs)

    real = _common.diagnose
    monkeypatch.setattr(gpd_model, "diagnose", diagnose)
    x = _gpd(0.2, 300, seed=4)
    for accept in (0.8, 0.95, 0.99):
        fit_bayes(x, 0.0, target_accept=accept, draws=100, tune=100, chains=2, seed=1)
    assert said[0].startswith("Raise target_accept above 0.8 (e.g. 0.95)")
    assert said[1].startswith("Raise target_accept above 0.95 (e.g. 0.99)")
    assert said[2] == "target_accept is already 0.99: use a higher threshold."
    from tailstat.bayes._common import accept_advice  # the hierarchical fit's, the same rule

    assert accept_advice(0.99, "x") == "target_accept is already 0.99: x."
    assert accept_advice(0.95, "x") == "Raise target_accept above 0.95 (e.g. 0.99) or x."


@BAYES_SHORT_RUN
def test_the_draws_are_read_only_and_the_seed_defaults_to_zero() -> None:
    """A review (stop 60): ``fit.idata.posterior["xi"][...] = 5`` made ``draws("xi")`` say 5
    while ``xi_mean`` kept the fitted value; and ``seed=None`` was the default, so two
    identical calls gave different draws (every other seed= defaults to 0)."""
    import copy
    import pickle

    x = _gpd(0.2, 400, seed=5)
    fit = fit_bayes(x, 0.0, draws=100, tune=100, chains=2)
    assert fit.settings["seed"] == 0
    again = fit_bayes(x, 0.0, draws=100, tune=100, chains=2)
    np.testing.assert_array_equal(fit.draws("xi"), again.draws("xi"))
    import dataclasses

    mine = again.idata.copy()
    replaced = dataclasses.replace(fit, idata=mine)
    assert mine.posterior["xi"].values.flags.writeable  # the caller's own stays writeable
    for made in (fit, copy.deepcopy(fit), pickle.loads(pickle.dumps(fit)), replaced):
        with pytest.raises(ValueError, match="read-only"):
            made.idata.posterior["xi"].values[...] = 5.0
        assert made.draws("xi").mean() == pytest.approx(fit.xi_mean)


def test_a_sampler_that_returns_fewer_chains_than_asked_is_an_interrupt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: PyMC catches a Ctrl-C (or the command line's SIGTERM) between chains run one
    after another and returns the chains it has; fit_bayes returned them as a fit of the
    chains asked for (converged, no warning), and the command line exited 0 with its output
    written."""
    from tailstat.bayes import _models

    real = _models.pm.sample

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        return real(*args, **{**kwargs, "chains": kwargs["chains"] - 1})

    monkeypatch.setattr(_models.pm, "sample", interrupted)
    x = _gpd(0.2, 300, seed=4)
    with pytest.raises(KeyboardInterrupt, match=r"1 chain\(s\) of 100 draws, of 2 of 100"):
        fit_bayes(x, 0.0, draws=100, tune=100, chains=2)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"draws": 10}, r"bayes_kwargs\['draws'\] must be an integer >= 100"),
    ({"chains": 0}, r"bayes_kwargs\['chains'\] must be an integer >= 1"),
    ({"level": 0.05}, r"bayes_kwargs\['level'\] must be a level"),
    ({"target_accept": 2}, r"bayes_kwargs\['target_accept'\]"),
    ({"priors": {"xi": (0, -1)}}, "prior xi_sd must be a finite number > 0"),
    ({"priors": {"tau": 1}}, "fit_bayes has no tau prior"),
])
def test_classify_refuses_bad_bayes_settings(kwargs: dict[str, object], match: str) -> None:
    """A review: a bad value was caught with the data's failures inside the fit, and the fast
    ξ came back under method 'bayes' with a note blaming the exceedances."""
    import tailstat as ts

    x = np.random.default_rng(0).standard_t(3, 3000)
    with pytest.raises(DataError, match=match):
        ts.classify(x, method="bayes", bayes_kwargs=kwargs)


def test_a_variable_replaced_in_idata_leaves_the_fit_as_fitted() -> None:
    """A review: writing into the draws was refused, but replacing a variable of the
    posterior was not, and draws(), the plot and a saved analysis then disagreed with
    xi_mean and prob_heavy."""
    import copy
    import pickle

    x = _gpd(0.2, 300, seed=4)
    fit = fit_bayes(x, 0.0, draws=100, tune=100, chains=2, warn=False)
    before = fit.draws("xi")
    fit.idata.posterior["xi"] = fit.idata.posterior["xi"] * 0 + 9.0
    np.testing.assert_array_equal(fit.draws("xi"), before)
    for other in (pickle.loads(pickle.dumps(fit)), copy.deepcopy(fit)):
        np.testing.assert_array_equal(other.draws("xi"), before)
    saved = fit._saved_state()["idata"]["posterior"]["xi"]["values"]
    np.testing.assert_array_equal(np.asarray(saved).ravel(), before)


def test_classify_refuses_draws_too_few_for_the_level_before_any_fit() -> None:
    """A review: classify(method="bayes") with draws=100, chains=2, level=0.999 came back
    with the fast ξ and a note that the fit "could not be made on the top values", a
    setting's error said as the data's; fit_bayes refuses it (its defaults count too)."""
    x = np.random.default_rng(0).standard_t(3, 3000)
    with pytest.raises(DataError, match=r"level=0\.999 needs at least 1999 posterior draws in "
                                        r"all, 2 chains x 100 draws give 200"):
        classify(x, method="bayes", bayes_kwargs={"draws": 100, "chains": 2, "level": 0.999})
    with pytest.raises(DataError, match=r"4 chains x 1000 draws give 4000"):
        classify(x, method="bayes", bayes_kwargs={"level": 0.9999})


@BAYES_SHORT_RUN
def test_a_prior_pair_may_be_an_array_and_a_one_sample_fit_records_no_tau() -> None:
    """A review: priors={'xi': np.array([0., 1.])} was refused as not a pair, and fit_bayes
    recorded tau_sd, a prior of the hierarchical model only."""
    from tailstat.bayes._common import as_priors

    assert as_priors({"xi": np.array([0.0, 1.0])}).xi_sd == 1.0
    fit = fit_bayes(_gpd(0.2, 200, 3), 0.0, priors={"xi": np.array([0.0, 1.0])},
                    draws=200, tune=200, chains=2, seed=1)
    assert "tau_sd" not in fit.settings["priors"] and fit.settings["priors"]["xi_sd"] == 1.0
