"""``classify(method="bayes")``: when the Bayesian GPD fit replaces the reported ξ
(``tailstat/classification/_bayes.py``)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts


def _quiet_classify(x: np.ndarray, **kw: object) -> ts.TailClassification:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return ts.classify(x, **kw)  # type: ignore[arg-type]


def test_a_fit_whose_chains_did_not_mix_leaves_the_ml_xi() -> None:
    """With 100 draws and no warm-up (R-hat 1.03, ESS 53) the posterior mean and interval
    were reported as ξ: an interval's upper end was off by 0.79 against a grid posterior
    (a review). The fit stays in the evidence, and the note says why."""
    x = np.random.default_rng(0).uniform(size=200)
    fast = _quiet_classify(x)
    # (the sampler's acceptance target as it was when these runs were chosen: 0.95, the
    # default since, mixes them)
    for kw in ({"draws": 200, "tune": 200, "chains": 1, "target_accept": 0.8},  # R-hat not
               # checked
               {"draws": 100, "tune": 10, "chains": 2, "target_accept": 0.8}):  # too few
        # draws, no warm-up
        c = _quiet_classify(x, method="bayes", seed=1, bayes_kwargs=kw)
        fit = c.evidence["bayes"]
        assert fit.settings["mixing_warnings"] >= 1 and not fit.converged
        assert c.xi == fast.xi and c.xi_ci == fast.xi_ci
        assert c.settings["xi_method"] == fast.settings["xi_method"]
        said = ("with one chain, whether it mixed was not checked" if kw["chains"] == 1
                else "its chains did not mix")
        fix = "{'chains': 4}" if kw["chains"] == 1 else "'draws': 4000"  # (a review: the
        # advice for one chain was more draws, which left the same note)
        assert any(w.startswith(f"Bayesian GPD fit: {said}") and "the fast method's" in w
                   and fix in w for w in c.warnings)


def test_a_mixed_fit_is_reported() -> None:
    x = np.random.default_rng(8).pareto(1.5, 5000)
    c = _quiet_classify(x, method="bayes", seed=3,
                        bayes_kwargs={"draws": 1000, "tune": 1000, "chains": 2})
    fit = c.evidence["bayes"]
    assert fit.settings["mixing_warnings"] == 0
    assert c.xi == pytest.approx(fit.xi_mean) and c.xi_ci == fit.xi_ci


def test_tied_scores_are_measured_as_the_fast_xi_measures_them() -> None:
    """Scores on a grid: the fit read the excesses from X(n - k) itself, so they started at
    one step h, not h/2, and ξ came out far below the fast method's (normal scores rounded
    to 0.5: -0.46 [-0.61, -0.29] against -0.24 [-0.41, -0.04] for the grid posterior of the
    corrected excesses; a review)."""
    x = np.round(np.random.default_rng(0).normal(size=2000) * 2) / 2
    fast = _quiet_classify(x)
    c = _quiet_classify(x, method="bayes", seed=1,
                        bayes_kwargs={"draws": 1000, "tune": 1000, "chains": 2})
    fit = c.evidence["bayes"]
    desc = np.sort(x)[::-1]
    step = np.min(desc[:c.k][desc[:c.k] > desc[c.k]]) - desc[c.k]
    assert fit.threshold == pytest.approx(desc[c.k] + step / 2)
    assert fit.n_exceed == int(np.sum(desc[:c.k] > desc[c.k]))
    # the same excesses as the fast ξ: the posterior mean within its sd of the ML estimate
    assert abs(fit.xi_mean - fast.xi) < fit.xi_sd


def test_a_failed_bayes_fit_names_the_fast_xi_it_leaves() -> None:
    """A review: the note said "ξ is the GPD maximum-likelihood estimate" whatever the fast
    method had reported (here none: a clip with one score above it)."""
    x = np.minimum(np.random.default_rng(0).standard_normal(10_000), 1.5)
    x[np.argmin(x)] = 1.5001
    c = _quiet_classify(x, method="bayes", seed=1,
                        bayes_kwargs={"draws": 200, "tune": 200, "chains": 2})
    (note,) = [w for w in c.warnings if "Bayesian GPD fit could not be made" in w]
    assert "the fast method's (settings['xi_method'] says which)" in note
    assert "maximum-likelihood" not in note
    assert c.settings["xi_method"].startswith("none: fewer than 10")


def test_tied_scores_get_no_advice_about_a_threshold_classify_chose() -> None:
    """A review: rounded scores tied at X(n - k) had the Bayesian fit's threshold moved halfway
    up with the tied values still handed over, so the fit read as a quantile level given by
    the user ("pass threshold='75%'"), which classify does not take; notes ended in "..".
    """
    x = np.round(np.random.default_rng(5).exponential(size=2000) * 2) / 2 - 2.0
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        c = ts.classify(x, method="bayes", seed=1,
                        bayes_kwargs={"draws": 300, "tune": 300, "chains": 2})
    said = [str(w.message) for w in got]
    assert not any("absolute value" in s or "threshold='" in s for s in said + list(c.warnings))
    assert not any(s.endswith("..") for s in said)
    assert "bayes" in c.evidence


def test_bayes_kwargs_without_the_bayes_method_are_refused() -> None:
    """A review: classify(x, bayes_kwargs={"draws": 10}) with the default method took the
    keywords and fitted nothing; they are read by method="bayes" only, and say so."""
    x = np.random.default_rng(0).normal(size=500)
    with pytest.raises(ts.DataError, match="read by method='bayes' only"):
        ts.classify(x, bayes_kwargs={"draws": 10})
    assert ts.classify(x, bayes_kwargs={}, warn=False).label == ts.classify(x, warn=False).label


def test_saturated_scores_say_that_no_bayesian_fit_is_made() -> None:
    """Review 404: method="bayes" on clipped scores returned no Bayesian evidence and no
    word of it, with settings["seed"] None though seed=0 was passed."""
    x = np.minimum(np.random.default_rng(0).standard_t(3, 5000), 2.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        c = ts.classify(x, method="bayes", seed=0)
    assert c.pattern == "saturated" and "bayes" not in c.evidence
    assert any(w.startswith("no Bayesian GPD fit: the scores are saturated") for w in c.warnings)
    assert c.settings["seed"] == 0
