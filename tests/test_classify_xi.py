"""The classification's reported ξ (its GPD fit above the classifier's threshold, the moment
estimate without one, none for saturated scores, tied values left out); the rest of
``classify`` is in tests/test_classify.py."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import tailstat as ts


def test_reported_xi_interval_covers_a_power_law_at_large_n() -> None:
    # the reported ξ is the GPD fit to the k excesses above X(n - k): exact for a Pareto
    # tail, so its 95% interval covers ξ = 1/2 about 95% of the time. The moment estimate
    # above the classifier's centre (a feature) reads 0.59 at any n, and its interval
    # covered 3 of these 20 samples at n = 10^5.
    n, reps, hits, est = 100_000, 20, 0, []
    for seed in range(reps):
        c = ts.classify(np.random.default_rng(seed).pareto(2.0, n) + 1.0, warn=False)
        hits += c.xi_ci.low <= 0.5 <= c.xi_ci.high
        est.append(c.xi)
        assert c.xi_ci.method == "profile likelihood"
        assert c.settings["xi_method"].startswith("GPD maximum likelihood")
    assert hits >= 17  # P(binomial(20, 0.95) < 17) = 0.016
    se = 1.5 / math.sqrt(c.k)  # the GPD MLE's asymptotic sd at xi = 1/2, per sample
    assert abs(np.mean(est) - 0.5) < 3 * se / math.sqrt(reps)


def test_reported_xi_falls_back_to_the_moment_estimate_without_a_gpd_fit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # where the GPD fit fails the moment reading above the centre is reported, and the
    # settings say so
    from tailstat.classification import _headline

    monkeypatch.setattr(_headline, "xi_of_excesses", lambda y: None)
    c = ts.classify(np.random.default_rng(0).normal(size=10_000), warn=False)
    assert c.xi_ci.method == "asymptotic normal"
    assert c.settings["xi_method"].startswith("moment estimator")
    assert c.xi == c.evidence["moment"].xi


def test_saturated_scores_get_no_xi() -> None:
    """A review: a saturated sample (an atom at the maximum) is bounded by construction, yet
    showed the GPD's xi = 0.56 [0.16, 1.03] of the excesses piled on the ceiling beside
    'bounded'; and a ceiling of clipped normals showed the moment reading."""
    rng = np.random.default_rng(2)
    # the review's draws: 30 values of 5.0 above 1,000 normal scores. Since stop 44 the
    # values below reading heavy make it a "repeated-max" (a ceiling or one output repeated:
    # tests/test_explain.py), whose ξ is estimated; a ceiling over a light body stays one
    rng.normal(size=1000)
    repeated = ts.classify(np.r_[rng.normal(size=1000), np.full(30, 5.0)], warn=False)
    assert repeated.pattern == "repeated-max" and math.isfinite(repeated.xi)
    for x in (np.r_[rng.normal(size=1000), np.full(30, 2.0)],
              np.minimum(np.random.default_rng(0).normal(size=10_000), 1.5)):
        c = ts.classify(np.minimum(x, 2.0), warn=False)
        assert c.pattern == "saturated" and c.label == "bounded"
        assert math.isnan(c.xi) and math.isnan(c.xi_ci.low) and math.isnan(c.xi_ci.high)
        assert c.settings["xi_method"].startswith("none: the scores are saturated")
        assert re.search(r"ξ (and θ )?not estimable", c.explain())


def test_reported_xi_leaves_out_values_tied_with_the_threshold() -> None:
    """A review: on scores rounded to 0.5, 502 of the 737 values above X(n - k) were tied
    with it; their zero excesses drove the GPD fit to a boundary, and 'bounded' was shown
    beside xi = 0.47 [0.47, inf]. Left out, the others measured from X(n - k) start at the
    grid step h, not h/2, and xi fell far below the unrounded sample's (a second review);
    measured from halfway to the next value (fit_gpd at X(n - k) + h/2), the rounded and the
    unrounded samples' intervals overlap."""
    x = np.round(2 * np.random.default_rng(0).normal(size=20_000)) / 2
    c = ts.classify(x, warn=False)
    desc = np.sort(x)[::-1]
    thr = desc[c.k]
    assert (desc[:c.k] == thr).sum() > 400  # the review's case: many ties
    h = desc[desc > thr].min() - thr
    ref = ts.fit_gpd(x, threshold=thr + h / 2, warn=False)  # its tie caveat: classify has one
    assert c.xi == pytest.approx(ref.xi, rel=1e-9)
    assert math.isfinite(c.xi_ci.high)
    assert "halfway to the next value" in c.settings["xi_method"]
    z = np.random.default_rng(2).normal(size=3000)  # the second review's case
    rounded, raw = (ts.classify(v, warn=False) for v in (np.round(2 * z) / 2, z))
    assert rounded.xi_ci.low <= raw.xi_ci.high and raw.xi_ci.low <= rounded.xi_ci.high


@pytest.mark.parametrize("escaped", [1, 3, 9])
def test_a_clip_with_a_few_scores_above_it_gets_no_xi(escaped: int) -> None:
    """A review: N(0, 1) clipped at 1.5 with one score above the clip (so no atom at the
    maximum) reported the moment estimate of the top k values, nearly all tied: ξ = 0.50
    [0.40, 0.60] and θ = 0.0007 beside "bounded", where the clip alone gives none."""
    rng = np.random.default_rng(0)
    x = np.minimum(rng.standard_normal(10_000), 1.5)
    x[:escaped] = rng.uniform(1.6, 6.0, escaped)
    c = ts.classify(x, warn=False)
    assert c.label == "bounded"
    assert math.isnan(c.xi) and math.isnan(c.xi_ci.low) and math.isnan(c.theta)
    assert c.xi_ci.method == "not estimated"
    # θ's interval says so too (a review: "asymptotic normal" beside null bounds)
    assert c.theta_ci.method == "not estimated" == c.to_dict()["theta_ci"]["method"]
    assert c.settings["xi_method"].startswith("none: fewer than 10 of the top k")
    assert "ξ and θ not estimable" in c.explain()


def test_a_xi_at_the_fits_constraint_is_said_so() -> None:
    """A review: at n = 100 the GPD fit to the top 10 values sat at its constraint ξ = -1 in
    about a third of exponential samples, and explain() printed "ξ = -1.00" beside a
    power-law lean (Pareto scores), with no word."""
    x = np.random.default_rng(31).pareto(2, size=100)
    with pytest.warns(ts.TailstatWarning) as said:
        c = ts.classify(x)
    assert any("sits at its constraint ξ = -1" in str(w.message) for w in said)
    assert c.xi == -1.0 and c.xi_ci.method == "profile likelihood"
    assert "ξ" not in c.estimable() and "ξ not estimable" in c.explain()
    assert "sits at its constraint ξ = -1" in c.explain()
    inside = ts.classify(np.random.default_rng(0).pareto(2, size=10_000), warn=False)
    assert "ξ" in inside.estimable() and not any("constraint" in w for w in inside.warnings)
    # a uniform tail's -1 with a narrow interval is an estimate (ξ = -1 is its truth)
    uniform = ts.classify(np.random.default_rng(0).uniform(size=10_000), warn=False)
    assert uniform.xi == -1.0 and uniform.xi_ci.high < -0.5 and "ξ" in uniform.estimable()
    assert not any("constraint" in w for w in uniform.warnings)


def test_reported_theta_interval_covers_one_for_exponential_tails() -> None:
    """A test audit: the θ interval's one check could not fail (an "or" that held on its
    own), and a θ interval five times too narrow passed. Girard's θ of an exponential tail
    is 1; its 95% interval must cover 1 in 200 samples at n = 10^4 as often as 95% allows:
    within 3 binomial sd, sqrt(0.95 * 0.05 / 200) = 1.5% (measured: 95.5%)."""
    cover = 0
    for seed in range(200):
        c = ts.classify(np.random.default_rng(1000 + seed).exponential(size=10_000), warn=False)
        cover += c.theta_ci.low < 1.0 < c.theta_ci.high
    assert abs(cover / 200 - 0.95) < 3 * math.sqrt(0.95 * 0.05 / 200)


def test_the_evidence_carries_the_samples_name() -> None:
    """A review: every estimate in ``evidence`` was named 'x', whatever the sample's name."""
    import pandas as pd

    c = ts.classify(pd.Series(np.random.default_rng(0).normal(size=2000), name="score"),
                    warn=False)
    assert c.name == "score" and {ev.name for ev in c.evidence.values()} == {"score"}
    named = ts.classify(np.random.default_rng(0).normal(size=2000), name="rm-1", warn=False)
    assert {ev.name for ev in named.evidence.values()} == {"rm-1"}


def test_one_value_of_1e306_gives_no_collapsed_xi() -> None:
    """A review: t(3) scores with one value of 1e306 (or 1e308) read "heavy, ξ = 0.02
    [0.02, inf]", where 1e300 gave 10.2: the GPD fit found no finite maximum (its
    information overflows) and the point it stopped at was reported. Such a fit is no
    estimate: the moment estimate stands in, as where the fit fails."""
    s = np.random.default_rng(1).standard_t(3, 1000)
    ref = ts.classify(np.r_[s, 1e300])
    assert ref.xi_ci.method == "profile likelihood" and ref.xi > 5
    for big in (1e306, 1e308):
        c = ts.classify(np.r_[s, big])
        assert c.label == "heavy" and c.xi > 5 and math.isfinite(c.xi_ci.high), big
        assert c.xi_ci.method != "profile likelihood"
