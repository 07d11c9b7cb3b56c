"""Quiet logging during a fit (``tailstat/bayes/_quiet.py``): PyMC's and ArviZ's chatter held
back, every level restored, nothing else touched."""

from __future__ import annotations

import logging
import threading
import warnings

import numpy as np
import pytest
from _helpers import BAYES_SHORT_RUN, gpd_draws

pytest.importorskip("pymc")

from tailstat.bayes import fit_bayes
from tailstat.bayes._quiet import QUIET_LOGGERS, quiet_logging

SHORT = {"draws": 400, "tune": 400, "chains": 2}
short_run = BAYES_SHORT_RUN


@short_run
def test_fit_leaves_global_state_as_it_found_it() -> None:
    """Logger levels, warning filters and numpy's global random state are untouched.

    (PyMC before 5.18 seeded numpy's global generator inside ``pm.sample``: the reason
    for the lower bound ``pymc>=5.18``.)
    """
    x = gpd_draws(0.2, 300, seed=15)
    fit_bayes(x, 0.0, seed=1, **SHORT)  # first imports may add filters of their own
    loggers = [logging.getLogger(n) for n in ("pymc", "arviz")]
    before = [lg.level for lg in loggers]
    filters = list(warnings.filters)
    # numpy's legacy global generator is what is checked here, hence the noqa
    before_rng = np.random.get_state()  # noqa: NPY002
    fit_bayes(x, 0.0, seed=2, **SHORT)
    after_rng = np.random.get_state()  # noqa: NPY002
    assert np.array_equal(after_rng[1], before_rng[1]) and after_rng[2] == before_rng[2]
    assert [lg.level for lg in loggers] == before
    assert warnings.filters == filters


def test_nested_and_concurrent_quiet_blocks_restore_the_levels_once_all_have_left() -> None:
    """Within a block the loggers stand at ERROR (or higher, if set so); nested blocks and
    blocks in other threads share one saved state, which the last to leave restores -- a
    level set before is kept, and an INFO message inside is held back."""
    loggers = [logging.getLogger(n) for n in QUIET_LOGGERS]
    before = [lg.level for lg in loggers]
    loggers[0].setLevel(logging.DEBUG)
    try:
        inside, outer_left = threading.Event(), threading.Event()
        seen: list[list[int]] = []

        def other() -> None:
            with quiet_logging():
                inside.set()
                outer_left.wait(5)
                seen.append([lg.level for lg in loggers])  # the outer block has left

        with quiet_logging():
            assert all(lg.getEffectiveLevel() >= logging.ERROR for lg in loggers)
            assert not loggers[0].isEnabledFor(logging.INFO)
            with quiet_logging():
                assert loggers[0].level == logging.ERROR
            assert loggers[0].level == logging.ERROR  # the inner block left, the outer holds
            t = threading.Thread(target=other)
            t.start()
            assert inside.wait(5)
        outer_left.set()
        t.join(5)
        assert seen and all(level >= logging.ERROR for level in seen[0])
        assert loggers[0].level == logging.DEBUG  # restored when the last block left
    finally:
        for lg, level in zip(loggers, before, strict=True):
            lg.setLevel(level)


def test_the_samplers_overflows_stay_inside_with_warn_false() -> None:
    """A review: a heavy GPD sample (xi = 0.8) whose warm-up diverged let numpy's "overflow
    encountered in dot" out of PyMC's sampler with warn=False, in no fit warning; the
    divergences are counted and said, the arithmetic's warnings are not raised."""
    from scipy import stats

    y = stats.genpareto.rvs(0.8, scale=2, size=3000, random_state=np.random.default_rng(123))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (the overflow raised here before)
        # (target_accept as when the run was found: the warm-up at 0.8 overflows)
        fit = fit_bayes(y, threshold=0.0, draws=300, tune=300, chains=2, seed=1, warn=False,
                        target_accept=0.8)
    # and the fit is the sample's: converged, its 95% interval holding the true 0.8
    assert fit.converged and fit.xi_ci.contains(0.8)


def test_a_prior_with_no_starting_point_is_named_without_pymcs_dump() -> None:
    """A review: priors={'log_sigma': (0, 1e-300)} raised a FitError holding PyMC's dump of
    starting values and "the data may be degenerate"; the prior is named."""
    from tailstat.errors import FitError

    y = np.random.default_rng(0).exponential(size=500)
    with pytest.raises(FitError, match=r"the prior of log sigma \(priors\['log_sigma'\]\) is not "
                                       r"finite; check priors=") as info:
        fit_bayes(y, threshold=0.0, priors={"log_sigma": (0, 1e-300)}, seed=0, draws=300,
                  tune=300, chains=2)
    assert "Starting values" not in str(info.value) and "Logp" not in str(info.value)


def test_a_pull_from_the_scales_prior_is_not_blamed_on_xis() -> None:
    """A review: log sigma ~ Normal(30, 0.1) pulled xi from 0.8 to 0.09, and the note named
    xi's prior (widening it would change nothing)."""
    from scipy import stats

    y = stats.genpareto.rvs(0.8, scale=2, size=3000, random_state=np.random.default_rng(123))
    fit = fit_bayes(y, threshold=0.0, priors={"log_sigma": (30, 0.1)}, seed=0, warn=False,
                    draws=300, tune=300, chains=2)
    (note,) = [w for w in fit.warnings if "log sigma ~" in w]
    # (sigma held far from the data's: said as the scale prior's, stop 69; it had read "the
    # priors pull the posterior of xi ... the prior of log sigma ~ Normal(30, 0.1) ...")
    assert note.startswith("the prior log sigma ~ Normal(30, 0.1) (on the excesses' scale")
    assert "that prior, not the data, sets sigma" in note and "xi ~ Normal" not in note
    assert not [w for w in fit.warnings if "xi ~ Normal" in w]
    # a later review: log sigma ~ Normal(50, 0.01) held sigma at 1e21 over excesses of order
    # 1, and the note advised a wider prior of xi
    y = 10.0 + np.random.default_rng(3).pareto(5, 200)
    fit = fit_bayes(y, threshold=10.0, priors={"log_sigma": (50, 0.01)}, seed=0, warn=False,
                    draws=300, tune=300, chains=2)
    assert [w for w in fit.warnings if w.startswith("the prior log sigma ~ Normal(50, 0.01)")]
    assert not [w for w in fit.warnings if "xi ~ Normal" in w or "'xi': (0.0, 2.0)" in w]


def test_a_prior_of_xi_far_from_its_posterior_is_named() -> None:
    """A review: xi ~ Normal(-5, 0.01) pinned xi at -1 (its bound) on t(4) scores, and the
    note said a flat prior on xi would move it little and blamed the prior of log sigma."""
    y = np.random.default_rng(0).standard_t(4, 2000)
    fit = fit_bayes(y, "95%", priors={"xi": (-5, 0.01)}, seed=0, warn=False, draws=300,
                    tune=300, chains=2)
    (note,) = [w for w in fit.warnings if "pull" in w]
    assert note.startswith("the prior xi ~ Normal(-5, 0.01) pulls the posterior of xi to -1")
    # a pull away from xi's prior's centre is not that prior's (a review: log sigma ~
    # Normal(-8, 0.1) pulled xi from 0.8 to 1.5, and the note named xi ~ Normal(0, 0.5))
    from scipy import stats

    y = stats.genpareto.rvs(0.8, scale=2, size=3000, random_state=np.random.default_rng(123))
    away = fit_bayes(y, 0.0, priors={"log_sigma": (-8, 0.1)}, seed=0, warn=False, draws=300,
                     tune=300, chains=2)
    (note,) = [w for w in away.warnings if "pull" in w]
    assert "the prior of log sigma ~ Normal(-8, 0.1)" in note and "xi ~ Normal" not in note


def test_excesses_beyond_the_models_arithmetic_are_a_data_error() -> None:
    """A review: excesses from 1e-300 to 1e10, or over a threshold of -1e308, failed as "the
    prior of xi" or "the likelihood is not finite" (FitError), with numpy's overflow
    warnings, where the data are at fault."""
    from tailstat.errors import DataError

    wide = np.r_[np.zeros(10), 1e-300 * (1 + np.arange(20)), 1e10 * (1 + np.arange(10))]
    huge = np.r_[-1.7e308, np.linspace(0.7e308, 1.7e308, 50)]
    every = np.r_[-1.7e308, np.linspace(1e308, 1.7e308, 50)]  # each excess overflows: not
    for x, u in ((wide, 0.0), (huge, -1e308), (every, -1e308)):  # "all equal" (a review)
        with pytest.raises(DataError, match=r"span too wide a range for the model's "
                                            r"arithmetic.*a ratio beyond the float range"):
            fit_bayes(x, u, draws=200, tune=200, chains=2)


def test_a_hierarchical_prior_with_no_starting_point_is_named() -> None:
    """A re-read: the hierarchical model's terms (tau) were not among the names the message
    knew, and the failure lost them with PyMC's dump."""
    import pandas as pd

    from tailstat.bayes import fit_bayes_hierarchical
    from tailstat.errors import FitError

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(["a", "b", "c"], 300), "r": rng.pareto(2, 900) + 1})
    with pytest.raises(FitError, match="the term 'tau' is not finite; check priors="):
        fit_bayes_hierarchical(df, "r", by="g", threshold=1.0, priors={"tau": 1e-300},
                               draws=200, tune=200, chains=2)


def test_a_small_samples_biased_estimate_is_no_prior_pull() -> None:
    """A review: 15 exponential excesses (seed 5) had their maximum-likelihood ξ at -0.47,
    1.3 posterior sds below a posterior mean of -0.06 that a flat prior leaves in place (a
    grid posterior under flat priors: -0.05), and the note blamed ξ's prior ("pass a wider
    prior"), whose advice moved nothing. The estimate is a reference only where the draws
    cannot reach it; the tight prior of the Danish test above is still named."""
    from scipy import stats

    x = stats.expon.rvs(size=15, random_state=5)
    fit = fit_bayes(x, -1e-12, seed=0, warn=False)
    assert not [w for w in fit.warnings if "pull" in w]
