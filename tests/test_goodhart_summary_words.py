"""The Goodhart verdict's words against its numbers (tailstat/goodhart/summary.py): the
shares, rarities and costs it writes, checked against the policy they describe."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.goodhart import goodhart_summary
from tailstat.goodhart._common import fmt_num
from tailstat.goodhart._common import one_in as _one_in
from tailstat.goodhart._common import percent as _pct


def test_numbers_that_round_to_100_are_not_written_in_e_notation() -> None:
    """Two significant digits of 99.7 are "1e+02": a sample maximum of 99.7 on a 0-100
    scale read "past the sample's largest score, 1e+02", a rarity of 1 in 99.6 "1 output in
    1e+02", a share of 99.8% "1e+02%"."""
    assert fmt_num(99.7) == "100"
    assert fmt_num(-99.8) == "-100"
    assert fmt_num(99.4) == "99" and fmt_num(0.0123) == "0.012"  # unchanged below
    assert _one_in(1 / 99.6) == "1 output in 100"
    assert _pct(0.998) == "100%"
    assert _pct(0.0005) == "0.05%" and _pct(0.123) == "12%"


def test_the_policys_share_above_tau_counts_the_outputs_already_there() -> None:
    """The policy (1 - p) pi0 + p pi0(. | U > tau) puts p + (1 - p) q of its outputs above
    tau (q = P(U > tau) today), not p: with a KL budget of 1 nat on Lomax(2.5) scores the
    verdict said "sends 67% of its outputs above 1.1, where today only 1 output in 6.3
    lands" for a policy with 73% above it."""
    x = np.random.default_rng(11).pareto(2.5, 20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        s = goodhart_summary(x, kl_budget=1.0, verdict_sd=1.0)
    assert s.label == "heavy"
    t = s.frontier.table
    row = t.iloc[int(np.argmin(np.abs(t["target_sd"] - 1.0)))]
    p, q = float(row["policy_prob"]), float(row["policy_exceed_prob"])
    share = p + (1 - p) * q  # the policy's own P(U > tau), by its definition
    assert share - p > 0.03  # the case: q is not negligible
    (shown,) = re.findall(r"sends ([\d.]+)% of its outputs above", s.verdict)
    assert abs(float(shown) / 100 - share) <= 0.005  # two significant digits of 73%
    # the share, simulated from the policy itself on the fitted tail model: a draw above
    # tau with probability p, else a draw of today's law (above tau with probability q)
    rng = np.random.default_rng(0)
    m = 200_000
    above = (rng.random(m) < p) | (rng.random(m) < q)
    se = np.sqrt(share * (1 - share) / m)
    assert abs(above.mean() - share) < 5 * se
    assert abs(float(shown) / 100 - above.mean()) < 0.005 + 5 * se


def test_bounds_are_rounded_the_way_their_words_allow() -> None:
    """ "at least" a number rounded up, or "at most" one rounded down, claims a bound the
    computation does not give: N(0, 1) scores (seed 5) had a floor of 3.159 nats written
    "at least 3.2"."""
    from tailstat.goodhart._common import fmt_bound

    assert fmt_bound(3.159, up=False) == "3.1" and fmt_bound(3.159, up=True) == "3.2"
    assert fmt_bound(0.00824, up=True) == "0.0083" and fmt_bound(0.00824, up=False) == "0.0082"
    assert fmt_bound(3.1, up=False) == "3.1" == fmt_bound(3.1, up=True)  # shown exactly
    assert fmt_bound(99.7, up=True) == "100" and fmt_bound(99.7, up=False) == "99"
    assert fmt_bound(1234.5, up=True) == "1,235" and fmt_bound(2.51e9, up=False) == "2.5e+09"
    assert fmt_bound(0.0, up=True) == "0" and fmt_bound(float("inf"), up=False) == "infinite"
    x = np.random.default_rng(5).normal(size=20_000)
    s = goodhart_summary(x)
    floor = s.settings["verdict_kl_floor"]
    assert s.label == "light" and 3.15 < floor < 3.2  # the case: fmt_num rounds it up
    (shown,) = re.findall(r"and at least ([\d.]+) if its mean excess", s.verdict)
    assert float(shown) <= floor and floor - float(shown) < 0.1
    # a heavy tail's "at most": the policy's KL is not understated
    h = goodhart_summary(np.random.default_rng(11).pareto(2.5, 20_000))
    (most,) = re.findall(r"costs at most ([\d.]+) nats", h.verdict)
    assert h.label == "heavy" and float(most) >= h.verdict_kl


def test_bounds_at_the_ends_of_the_float_range_are_written() -> None:
    """A subnormal bound divided by zero (its shown digit's step underflows), and the
    largest floats rounded up read "infinite"."""
    from tailstat.goodhart._common import fmt_bound

    assert fmt_bound(5e-324, up=True) == fmt_bound(5e-324, up=False) == "4.9e-324"
    assert fmt_bound(1.79e308, up=True) == "1.8e+308"
    assert fmt_bound(1.79e308, up=False) == "1.7e+308"


def test_a_tail_without_variance_says_its_sd_is_the_samples() -> None:
    """With ξ >= 1/2 the targets' unit, the sample sd, grows with the sample (Pareto(1.5):
    about 7.7 at 10^4 and 20 at 10^6), so "3 sd" is not a property of the reward model; a
    tail with a variance (Pareto(3), ξ = 1/3) gets no such note."""
    rng = np.random.default_rng(5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wide = goodhart_summary(rng.pareto(1.5, 10_000), name="wide")
        narrow = goodhart_summary(rng.pareto(3.0, 10_000), name="narrow")
    assert wide.tail.xi >= 0.5 and narrow.tail.xi < 0.5
    note = [w for w in wide.warnings if "no finite variance" in w]
    assert len(note) == 1 and "'wide'" in note[0] and f"{wide.sd:.4g}" in note[0]
    assert not any("no finite variance" in w for w in narrow.warnings)


def test_the_verdicts_kl_says_what_kind_of_number_it_is() -> None:
    """A review: ``verdict_kl`` (and the analysis' ``goodhart_kl_3sd``) was documented as the
    rate I(m), but past the end of a light tail's fitted GPD it holds the exponential lower
    bound (1.98 for normal scores of 1,000, whose true cost at 3 sd is 4.5), with nothing
    but the sentence's "at least" to say so."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        past_end = goodhart_summary(np.random.default_rng(4).normal(size=1000))
        light = goodhart_summary(np.random.default_rng(1).gumbel(size=20_000))
        heavy = goodhart_summary(np.random.default_rng(2).pareto(1.5, 20_000))
        sample = goodhart_summary(np.random.default_rng(3).normal(size=2000), tail="empirical")
        clipped = goodhart_summary(np.minimum(np.random.default_rng(5).normal(size=20_000), 1.5))
    assert past_end.verdict_kl_kind == "lower bound" and "at least" in past_end.verdict
    assert past_end.verdict_kl == past_end.settings["verdict_kl_floor"]
    assert light.verdict_kl_kind == "rate" and light.label == "light"
    assert heavy.verdict_kl_kind == "policy" and heavy.label == "heavy"
    assert sample.verdict_kl_kind == "sample"
    assert clipped.verdict_kl_kind == "sample"  # saturated: the frontier reads the sample
    assert past_end.to_frame()["verdict_kl_kind"].tolist() == ["lower bound"]
    frame = ts.analyze(pd.DataFrame({"r": np.random.default_rng(4).normal(size=1000)}), "r",
                       goodhart=True, warn=False).to_frame()
    assert frame["goodhart_kl_3sd_kind"].tolist() == ["lower bound"]


def test_the_floor_names_the_threshold_and_the_scale_apart() -> None:
    """The floor's condition quoted the threshold as "(1.3; an exponential tail with that
    scale)", which read as the scale (a review: the mean excess there was 0.58; a negative
    threshold read as a negative scale). The threshold is named as such, and the scale is
    the mean excess at it."""
    x = np.random.default_rng(5).normal(size=20_000)
    s = goodhart_summary(x)
    (at,) = re.findall(r"its value at the tail model's threshold (-?[\d.]+) \(the bound is the "
                       r"exponential tail whose scale is that mean excess\)", s.verdict)
    assert float(at) == pytest.approx(s.tail.threshold, abs=0.06)
    assert "with that scale" not in s.verdict


def test_rarities_are_not_printed_to_nine_digits_but_locations_keep_theirs() -> None:
    from tailstat.goodhart._common import fmt_num

    assert _one_in(1 / 598_898_152.0) == "1 output in 600 million"
    assert _one_in(1 / 123_456.0) == "1 output in 120,000"  # was 123,456: false precision
    assert _one_in(1 / 637_799.0) == "1 output in 640,000"
    assert [_one_in(1 / q)[12:] for q in (2.5e9, 6.4e12, 3e16)] == [
        "2.5 billion", "6.4 trillion", "3 × 10¹⁶"]  # (not "3e+16", nor a caret: reviews)
    assert _one_in(1 / 3.6e24) == "1 output in 3.6 × 10²⁴"
    assert _one_in(1 / 6.3) == "1 output in 6.3" and _one_in(1 / 999.4) == "1 output in 999"
    assert fmt_num(2_000_348.0) == "2,000,348"  # a threshold or end point near 2e6


def test_a_target_past_the_top_of_a_rating_scale_is_said_impossible_if_it_is_the_top() -> None:
    """A review: a 1-10 rubric of 2,000 rows (10 given 3 times), target 10.1: "a light tail
    may reach further, at a KL cost of at least 2.8 nats", with no word that a rating
    scale ends at its top. Continuous scores get no such clause."""
    r = np.random.default_rng(5)
    v = r.normal(size=2000)
    x = np.clip(np.round(5 + 1.5 * (v + r.normal(0.0, 0.5, 2000))), 1, 10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = goodhart_summary(x)
        plain = goodhart_summary(r.normal(size=2000))
    assert x.mean() + 3 * x.std() > x.max() == 10
    assert "levels near the top, as a rating scale does: if 10 is the top of the scale, no " \
           "policy reaches this target at any KL" in g.verdict
    assert "rating scale" not in plain.verdict


def test_a_saturated_rewards_shortfall_in_gold_names_the_ceiling() -> None:
    """A review: rewards clipped so that 3% tie at the top; best-of-5,000 gained 2.02 sd of
    gold of the 3.30 its correlation predicts, and the verdict left the shortfall to be read
    as the errors'. Past best-of-1/share, best-of-n picks among the tied maxima at random."""
    r = np.random.default_rng(1)
    v = r.normal(size=50_000)
    reward = v + r.normal(0.0, 0.5, v.size)
    clipped = np.minimum(reward, np.quantile(reward, 0.97))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = goodhart_summary(clipped, v)
        free = goodhart_summary(reward, v)
    assert g.tail.settings["saturated"] and g.gold["ratio"] < 0.8
    share = np.mean(clipped == clipped.max())
    assert (f"the reward's ceiling limits it: {share:.1%} of the rewards tie at their maximum, "
            f"and from about best-of-{1 / share:,.0f} on") in g.verdict
    assert "ceiling limits" not in free.verdict


def test_an_error_classification_of_other_data_is_refused() -> None:
    """A review: the classification of another sample (n = 500 against 2,000 pairs) was
    accepted, and the verdict declared the catastrophic-Goodhart case from it; without v it
    was ignored."""
    rng = np.random.default_rng(23)
    u = rng.normal(size=2000)
    v = u + rng.normal(size=2000)
    other = ts.classify(rng.pareto(1.0, size=500), warn=False)
    with pytest.raises(ts.DataError, match="it holds 500 values, the pairs 2,000"):
        goodhart_summary(u, v, error=other)
    with pytest.raises(ts.DataError, match="pass v, the gold scores, with it"):
        goodhart_summary(u, error=other)
    own = ts.classify(u - v, warn=False)
    assert "catastrophic" not in goodhart_summary(u, v, error=own, warn=False).verdict


def test_the_heavy_verdicts_sentence_reads() -> None:
    """A review: 'gets there: and under a heavy tail rarer, ...'."""
    x = np.random.default_rng(0).pareto(1.5, 3000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        verdict = goodhart_summary(x, kl_budget=1.0).verdict
    assert "gets there: under a heavy tail rarer, more extreme outputs" in verdict
    assert ": and " not in verdict


def test_the_end_point_caveat_is_said_once_with_its_effects() -> None:
    """A review: on N(0, 1) rewards the summary's warnings said "the tail is light but its
    fitted GPD has ξ = ..., which ends at ..." three times (frontier, tilt, best-of-n)."""
    rng = np.random.default_rng(0)
    u = rng.normal(size=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = goodhart_summary(u, u + 0.5 * rng.normal(size=5000))
    ends = [w for w in g.warnings if w.startswith("the tail is light but its fitted GPD")]
    assert len(ends) == 1
    for effect in ("rates of targets near that end", "where the tilted law puts mass",
                   "u past the sample's reach"):
        assert effect in ends[0]


@pytest.mark.parametrize("tail", ["auto", "empirical"])
def test_the_summary_frontier_reaches_an_atom_at_the_maximum(tail: str) -> None:
    """A review: for clipped scores the summary's frontier stopped at the last grid target
    below the ceiling (1.50 sd, a 0.25 sd grid) while best-of-n went on to it (1.62 sd): the
    maximum, held by an atom, is reached at a finite cost, -log P(max), where the curve ends."""
    x = np.clip(np.random.default_rng(3).normal(size=5000), -2.0, 1.5)
    t = goodhart_summary(x, tail=tail).frontier.table
    at = t.loc[t["target"] == x.max()]
    assert len(at) == 1
    assert at["rate"].iloc[0] == pytest.approx(-np.log(np.mean(x == x.max())), rel=1e-6)
    assert np.isinf(t.loc[t["target"] > x.max(), "rate"]).all()
    # a ceiling below the grid's first target (0.25 sd): 95% of binary rewards at 1 sit at
    # 0.21 sd, and every rate read inf (a review)
    b = (np.random.default_rng(0).random(5000) < 0.95).astype(float)
    t = goodhart_summary(b, tail=tail).frontier.table
    assert t["target"].iloc[0] == 1.0 and np.isfinite(t["rate"].iloc[0])


def test_a_bounded_tails_fitted_end_is_said_as_the_fit_s() -> None:
    """A review: the bundled bounded reward model read "the scores end at 2.98274", the
    fitted GPD's end point (its true ceiling is 3), said as a fact of the scores."""
    frame = ts.datasets.load("reward_models")
    x = frame.loc[frame["model"] == "rm-bounded", "reward"].to_numpy()
    v = goodhart_summary(x).verdict
    assert "the fitted tail ends at 2.98274 (the largest score: 2.98125)" in v
    assert "the scores end at" not in v


def test_the_tail_models_xi_is_said_to_be_the_tail_models() -> None:
    """A review: the verdict said 'the fitted light tail (GPD ξ = -0.16)' beside the
    analysis' ξ = -0.09 for the same group, with nothing to tell the reader they are fits at
    two thresholds."""
    x = np.random.default_rng(21).normal(size=5000)
    a = ts.analyze(pd.DataFrame({"r": x}), "r", goodhart=True)
    s = a.goodhart["r"]
    words = f"the tail model's GPD above {fmt_num(s.tail.threshold)}: ξ = {s.tail.xi:.2g}"
    assert words in s.verdict
    assert f"{s.tail.xi:.2g}" != f"{a.classifications['r'].xi:.2g}"  # why it is said


def test_an_extrapolated_level_is_rounded_away_from_the_mean() -> None:
    """A review: "above about 5.4 (past the sample's largest score, 5.4 ...)" for a level of
    5.4486 beside a maximum of 5.4126 (rounded to the nearest, it fell below the maximum it
    is past). Two digits of the distance from the mean, rounded away from it; values on the
    grid kept; the float range's ends returned as they are."""
    from tailstat.goodhart._common import about

    assert about(12_681.0, 1.6) == 13_000.0 and about(124.0, 1.6) == 130.0
    assert about(5.4486, 0.1) == pytest.approx(5.5) and about(-5.43, 3.0) == pytest.approx(-5.5)
    assert about(1e12 + 9_767.0, 1e12) == 1e12 + 9_800.0
    assert about(1.3, 0.0) == 1.3 and about(13_000.0, 1.6) == 13_000.0
    assert about(5e-324, 0.0) == 5e-324 and about(1.76e308, 0.0) == 1.76e308
    x = np.random.default_rng(172).standard_t(4, 300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        verdict = goodhart_summary(x).verdict
    (level,) = re.findall(r"above about ([\d.,]+) \(past the sample's largest score", verdict)
    assert float(level.replace(",", "")) > x.max()


def test_a_normal_reward_leaning_exponential_type_is_not_told_its_optimum_does_not_exist(
        ) -> None:
    """Review 400: normal scores the classifier reads exponential-type at a 56% share of
    P(light) (lighter-than-exponential the rest) were told, as a fact, "at or below [the
    scale] the penalised optimum does not exist" by the verdict, explain() and the report; a
    normal's optimum exists at every beta, and the tilt beside it said it may. Below a
    confident share the caveat is a doubt, in all three."""
    x = np.random.default_rng(31).normal(size=20_000)
    c = ts.classify(x)
    assert c.label == "light" and c.subtype == "exponential-type"
    share = c.subtype_probabilities["exponential-type"] / c.probabilities["light"]
    assert 0.5 < share < ts.classification.CONFIDENT
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        summary = goodhart_summary(x)
    assert not summary.tilt.settled
    assert "does not exist" not in summary.verdict
    assert ("a KL penalty does at every coefficient if the tail is lighter than exponential, "
            "but only above the tail's scale if it is exponential-type (a "
            f"{100 * share:.0f}% share of P(light)" in summary.verdict)
    assert "does not exist" not in c.explain()
    assert "unless the tail is exponential-type" in c.explain()
    from tailstat.reporting._text import consequence_words
    assert "unless the tail is exponential-type" in consequence_words(c)
