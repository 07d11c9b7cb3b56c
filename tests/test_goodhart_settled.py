"""Whether the data settle that the KL-tilted optimum exists (``tailstat/goodhart/tail.py``,
``tailstat/goodhart/exponential.py``)."""

from __future__ import annotations

import numpy as np

from tailstat.goodhart import goodhart_summary, kl_tilt, simulate


def test_a_share_of_p_light_that_gives_explains_caveat_leaves_the_tilt_unsettled() -> None:
    """Review 427: gamma(5) scores (exponential-type, scale 1: no optimum at beta <= 1) with
    P(exponential-type) = 0.44, below the 1/2 the reading asked, and a GPD fit clearly below
    0: beta = 0.6 was settled to exist, its KL 9.1 nats. A share of P(light) of at least
    MAYBE_EXPONENTIAL (1/3), where explain() gives the exponential tail's caveat, now leaves
    it unsettled."""
    kt = kl_tilt(np.random.default_rng([26, 9]).gamma(5, size=20_000), beta=[2.0, 0.6])
    reading = kt.tail.settings["exponential_reading"]
    assert reading["p_exponential_type"] < 0.5 and reading["plausible"]
    assert list(kt.table["exists_settled"]) == [True, False]


def test_the_verdict_words_a_kl_penalty_as_explain_does() -> None:
    """A normal error's tail read with a 40% exponential-type share of P(light): the verdict
    said "a KL penalty limits how far ..." flatly beside explain()'s caveat; now the same
    caveat (review 427)."""
    d = simulate(200_000, error="normal", seed=31)
    light = goodhart_summary(d.u, d.v, threshold="fast")
    assert "a KL budget limits" in light.verdict and "KL penalty limits" not in light.verdict
    assert "only above the tail's scale if it is exponential-type (a 40% share" in light.verdict
