"""A tail model whose label a fit disputes (``TailModel.disputed``, tailstat/goodhart/tail.py)
is provisional: the verdict, the tilt's existence column, the frontier and the report say so.
Also: without a tail model the tilt's existence is not settled."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tailstat.goodhart import fit_tail_model, goodhart_summary, kl_tilt


def _quiet(f, *a, **k):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*a, **k)


def test_a_heavy_label_beside_a_gpd_shape_not_above_zero_is_provisional() -> None:
    """A review: 90% N(0,1) + 10% Exp(scale 3), an exponential tail (the optimum exists for
    beta > 3), labelled heavy with P = 0.89 while the GPD read xi = -0.03: the verdict said
    a KL penalty will not stop optimisation, settled, not provisional."""
    rng = np.random.default_rng(500)
    x = np.where(rng.random(20_000) < 0.9, rng.standard_normal(20_000),
                 rng.exponential(3, 20_000))
    g = _quiet(goodhart_summary, x)
    assert g.tail.heavy and g.tail.p_heavy >= 0.8 and g.tail.xi_fit <= 0
    assert g.provisional and "not above 0, as a light tail's" in g.tail.disputed
    assert "provisional: P(heavy) = 0.89, but the GPD fitted above" in g.verdict
    assert not g.tilt.table["exists_settled"].any()
    assert any("the classifier calls the tail heavy (P(heavy) = 0.89), but" in w
               for w in g.frontier.warnings)


def test_a_light_label_beside_the_classifier_s_xi_interval_above_zero_is_provisional() -> None:
    """A review: t(10) (heavy: no exponential moment) called light with P(heavy) = 0.10 while
    the classifier's own xi interval [0.024, 0.18] excluded 0: "a KL budget limits ...",
    settled at every beta."""
    g = _quiet(goodhart_summary, np.random.default_rng(103).standard_t(10, 20_000))
    assert not g.tail.heavy and g.tail.settings["classifier_xi"][1] > 0
    assert g.provisional and "lies above 0, as a heavy tail's" in g.verdict
    assert "under a heavy tail a KL penalty would not stop optimisation" in g.verdict
    from tailstat.reporting._text import goodhart_provisional

    assert "calls the tail light (P(heavy) = 0.10), but the classifier's own" in \
        goodhart_provisional(g)


@pytest.mark.parametrize("draw", [lambda r: r.standard_normal(20_000),
                                  lambda r: r.exponential(size=20_000),
                                  lambda r: r.standard_t(3, 20_000)])
def test_clear_cases_are_not_disputed(draw) -> None:
    m = _quiet(fit_tail_model, draw(np.random.default_rng(3)))
    assert m.disputed == "" and not m.provisional


def test_without_a_tail_model_existence_is_not_settled() -> None:
    """A review: tail='empirical' on Pareto(1.5) scores gave an optimum that exists, settled,
    at the sample maximum and KL = log N for every beta."""
    x = np.random.default_rng(10).pareto(1.5, 20_000) + 1
    r = _quiet(kl_tilt, x, beta=[100, 10, 1], tail="empirical")
    assert not r.settled and not r.table["exists_settled"].any()
    assert "tail='empirical') whether the optimum exists is not read" in r.reason
    # saturated scores read alone (their own law is the answer) stay settled
    clipped = np.minimum(np.random.default_rng(1).normal(size=5000), 1.0)
    assert _quiet(kl_tilt, clipped, beta=[1.0, 0.5]).settled


def test_binary_rewards_read_alone_stay_settled() -> None:
    """A review: binary rewards with tail='empirical' became unsettled, where tail='auto'
    reads them alone as saturated: a ceiling of repeated maxima settles existence."""
    x = (np.random.default_rng(0).random(2000) < 0.3).astype(float)
    assert _quiet(kl_tilt, x, tail="empirical").settled
