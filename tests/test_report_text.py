"""The report's texts (tailstat.reporting._text): what the verdicts say in words."""

from __future__ import annotations

import dataclasses
import re
import warnings

import numpy as np
import pandas as pd
from _helpers import rare_power_law_errors

import tailstat as ts
from tailstat.reporting import _text as T


def test_an_uncertain_heavy_error_is_not_called_heavy_tailed_in_the_verdict_note() -> None:
    rng = np.random.default_rng(42)
    c = ts.classify(rng.normal(size=5000))
    err = dataclasses.replace(c, label="heavy", subtype="power-law",
                              probabilities={"heavy": 0.55, "light": 0.40, "bounded": 0.05})
    note = T.verdict(c, err)["note"]
    assert "uncertain, leaning towards a heavy tail (P(heavy) = 0.55)" in note
    assert "is heavy-tailed" not in note


def test_a_heavy_reward_with_a_light_error_is_not_called_catastrophic() -> None:
    # heavy true utility, light error: the reward is heavy, but the heavy tail is the true
    # utility's; the group's verdict note says catastrophic Goodhart is not expected
    rng = np.random.default_rng(11)
    v = rng.standard_t(3.0, 20_000)
    e = rng.normal(0.0, 0.5, v.size)
    c, err = ts.classify(v + e), ts.classify(e)
    assert c.label == "heavy" and err.label == "light" and err.confident
    note = T.verdict(c, err)["note"]
    assert "heavy tail is the true utility's" in note and "not expected" in note
    # an uncertain error says nothing of the kind (the reward's own verdict stands)
    unsure = dataclasses.replace(err, probabilities={"heavy": 0.3, "light": 0.6, "bounded": 0.1})
    assert not unsure.confident and T.verdict(c, unsure)["note"] == ""


def test_chi_far_below_independence_at_a_lower_level_is_said() -> None:
    row = {"u": 0.99, "chi": 0.0, "ci_low": 0.0, "ci_high": 0.02, "n_exceed": 200}
    plain = T.dependence_text(None, row)
    assert plain.endswith("consistent with independence.")
    text = T.dependence_text(None, row, {"u": 0.8, "chi": 0.0})
    assert "consistent with independence at this level." in text
    assert "At u = 0.8, though, χ = 0.000 against 0.20" in text
    # χ below 1 - u says the largest errors rarely have top gold scores, not that their gold
    # scores are low (a new-user review: in the demo they sat above the gold median)
    assert "the largest errors avoid the highest gold scores" in text
    assert "a ceiling" in text and "low gold scores" not in text


def test_a_power_law_like_subexponential_is_named_so_in_the_headline() -> None:
    c = ts.classify(rare_power_law_errors(), warn=False)
    assert c.subtype == "subexponential" and c.power_law_like
    assert "as heavy as a power law at these scores" in T.headline(c)
    # explain() too: not "(lognormal-like)" first and a power law after
    assert "(lognormal-like)" not in c.explain()
    assert "as heavy as a power law at these scores" in c.explain()
    ln = ts.classify(np.random.default_rng(0).lognormal(0.0, 1.0, 3000), warn=False)
    assert ln.subtype == "subexponential" and not ln.power_law_like
    assert "lognormal-like" in T.headline(ln)


def test_the_goodhart_tail_model_states_its_xi_and_why_it_differs_from_the_classifiers() -> None:
    x = np.random.default_rng(0).standard_t(3, 20_000)
    g = ts.goodhart_summary(x)
    model = g.tail
    assert model.label == "heavy"
    # chosen by the search, refitted on all its excesses: still said to be the search's
    assert "ForwardStop" in model.settings["threshold_method"]
    first = T.goodhart_details(g)[0]
    assert f"Its GPD has ξ = {T.fmt(model.xi_fit)}" in first
    lo, hi = model.xi_fit - 0.2, model.xi_fit + 0.2  # an interval around the GPD's own ξ
    inside = dataclasses.replace(model, settings={**model.settings,
                                                  "classifier_xi": [model.xi_fit, lo, hi]})
    assert "goodness-of-fit" not in T.goodhart_details(dataclasses.replace(g, tail=inside))[0]
    outside = dataclasses.replace(model, settings={
        **model.settings, "classifier_xi": [model.xi_fit + 0.5, model.xi_fit + 0.4,
                                            model.xi_fit + 0.6]})
    text = T.goodhart_details(dataclasses.replace(g, tail=outside))[0]
    assert "goodness-of-fit tests accept a GPD, not the classifier's" in text
    assert T.ci(model.xi_fit + 0.4, model.xi_fit + 0.6) in text
    # a light tail fitted with xi > 0 says which xi it uses
    clipped = dataclasses.replace(model, label="light", xi=0.0)
    assert "used as ξ = 0" in T.goodhart_details(dataclasses.replace(g, tail=clipped))[0]


def test_partial_gold_details_name_the_comparisons_own_best_of_n() -> None:
    """Gold on some rows: the verdict speaks of best-of-153 on those rows while the detail
    line gave best-of-1,024 of the reward alone. The figure draws the true utility from the
    gold rows' own best-of-n (a review: one missing gold score had removed the curve)."""
    from tailstat.reporting._groups import _goodhart_context
    from tailstat.reporting._text import goodhart_details

    rng = np.random.default_rng(1)
    n = 20_000
    v = rng.normal(size=n)
    gold = np.full(n, np.nan)
    gold[:1530] = v[:1530]
    df = pd.DataFrame({"r": v + rng.standard_t(3.0, n), "g": gold, "m": "x"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r", by="m", gold="g", goodhart=True)
    g = a.goodhart["x"]
    assert g.gold["n"] == 153 and "best-of-153" in g.verdict
    lines = goodhart_details(g)
    assert any(line.startswith("On the 1,530 rows with a gold score, best-of-153:")
               for line in lines)
    assert _goodhart_context("x", a, None)["has_gold"] is True
    assert g.true_utility_curve()["n"].max() <= 153
    full = ts.analyze(df.dropna(), "r", by="m", gold="g", goodhart=True)
    assert _goodhart_context("x", full, None)["has_gold"] is True
    assert not any(line.startswith("On the") for line in goodhart_details(full.goodhart["x"]))


def test_an_uncertain_verdict_never_shows_the_confident_level() -> None:
    """A review: P(light) = 0.7954 was shown uncertain by the classifier ("leaning light
    (0.79)") but as "Uncertain — leaning light (0.80)" in the report, whose footnote puts
    the confident level at 0.8; the report's verdict numbers are the classifier's now."""
    c = ts.classify(np.random.default_rng(86).exponential(size=2000), warn=False)
    assert not c.confident and 0.795 <= c.probability < 0.8
    assert T.prob(c.probability, c.confident) == "0.79" == T.prob(c.probability)
    assert T.prob(c.probability, True) == "0.80"
    assert f"P({c.label}) = 0.79." in T.headline(c)
    assert f"P({c.label}) = 0.79 against" in T.certainty(c)
    assert "0.80" not in T.headline(c) + T.certainty(c)


def test_a_probability_below_the_confident_level_never_reads_as_it() -> None:
    """P(heavy) = 0.7953: 'leaning heavy (0.79)' beside 'P(heavy) = 0.80' in the flag column
    and the CLI summary."""
    from tailstat.reporting._text import prob

    assert prob(0.7953) == "0.79" and prob(0.7953, True) == "0.80"
    assert prob(0.8) == "0.80" and prob(0.806) == "0.81" and prob(0.42) == "0.42"


def test_best_of_n_under_an_infinite_mean_says_so_and_draws_the_samples_own() -> None:
    """With a fitted xi >= 1 the model's best-of-n is infinite (NaN in the table): the detail
    line read "mean reward –, – sd", and the figure drew no proxy curve at all. It now says
    the model's is unbounded and gives the sample's own as a lower bound, drawn dotted."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tailstat.goodhart import fit_tail_model, goodhart_summary
    from tailstat.plot import goodhart as draw

    x = np.random.default_rng(2).pareto(1.5, 20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        model = dataclasses.replace(fit_tail_model(x), xi=1.3)
        g = goodhart_summary(x, tail=model)
    assert np.isnan(g.best_of_n["u"].iloc[1:]).all()
    line = next(t for t in T.goodhart_details(g) if t.startswith("Best-of-1,024"))
    assert "unbounded under the tail model" in line and "a lower bound" in line
    ax = draw(g)
    labels = ax.get_legend_handles_labels()[1]
    assert any("the sample's own (a lower bound" in lab for lab in labels)
    plt.close(ax.figure)


def test_sig_keeps_the_digits_a_scale_needs() -> None:
    """A threshold of 1000001.94 among values spread by 0.9 read "1e+06"; with the scale it
    shows a hundredth of it. Without a scale, or where four digits suffice, nothing changes."""
    from tailstat.reporting._text import sig

    assert sig(1000001.9372, scale=0.9) == "1000001.94"
    assert sig(1000001.9372) == "1e+06"
    assert sig(2.550636, scale=0.28) == "2.551"
    assert sig(-12345.678, scale=0.5) == "−12345.68"
    assert sig(17.11612, scale=1.3) == "17.12"
    assert sig(float("nan"), scale=1.0) == "–" and sig(0.0, scale=1.0) == "0"


def test_an_uncertain_verdict_does_not_promise_what_its_explanation_denies() -> None:
    """The report shows explain() and certainty() side by side: on scores with too few
    levels explain() says no sample size settles it, and certainty() went on "More samples
    would settle it."; so it did after a repeated maximum ("more data would not settle
    it")."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        coarse = ts.classify(np.random.default_rng(0).poisson(5, 100_000).astype(float))
        x = np.random.default_rng(1).standard_t(3.0, 10_000)
        repeated = ts.classify(np.r_[x, np.full(4, x.max())])
        plain = ts.classify(np.random.default_rng(70).weibull(0.7, 3000))
    assert coarse.settings["coarse_levels"] is not None and not coarse.confident
    assert repeated.pattern == "repeated-max" and not repeated.confident
    for c in (coarse, repeated):
        assert "would not settle" in c.explain() or "too few distinct values" in c.explain()
        assert "More samples would settle it" not in T.certainty(c)
    # and where explain() does say more data would settle it, certainty() does not say it
    # again: the card read "... would settle it. ... More samples would settle it." (a review)
    assert not plain.confident and "would settle it" in plain.explain()
    assert "settle" not in T.certainty(plain)


def test_best_of_n_sizes_all_within_the_reach_are_not_said_to_stay_above_the_model() -> None:
    """With every best-of-n size within the sample's reach (n <= N/10: the sizes asked for
    here, or the default ladder up to 2^20 on 10^7 rows), the tail model is never asked; the
    details said "the sample's own best-of-n stays above it" all the same."""
    from tailstat.goodhart import goodhart_summary

    x = np.random.default_rng(0).normal(size=20_000)
    g = goodhart_summary(x, n=[1, 2, 4, 8, 1024])
    assert g.sample_stops["bon_n"] is None and g.sample_stops["bon_reach"] == 2000
    (line,) = [t for t in T.goodhart_details(g) if "takes over" in t]
    assert "stays above it" not in line
    assert "within the sample's reach, n ≤ 2,000" in line
    # past the reach the model takes over where it says so
    full = T.goodhart_details(goodhart_summary(x))
    assert "from n = " in full[0] and "within the sample's reach" not in full[0]


def test_a_provisional_heavy_goodhart_caveat_says_what_its_verdict_says() -> None:
    """The report's caveat beside a provisional heavy Goodhart verdict gives the light
    reading in the verdict's words: a KL budget limits the push (an exponential-type tail
    is not limited by a weak KL penalty); it said "a KL penalty limits" beside "a KL budget
    would limit"."""
    from tailstat.goodhart import goodhart_summary

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = goodhart_summary(np.random.default_rng(0).lognormal(0.0, 1.0, 400))
    assert g.provisional and g.tail.label == "heavy"
    assert "under a light tail a KL budget would limit" in g.verdict
    caveat = T.goodhart_provisional(g)
    assert "conclusion changes: a KL budget limits how far optimisation" in caveat
    assert "KL penalty limits" not in caveat


def test_the_goodhart_caveat_does_not_promise_more_samples_after_a_repeated_maximum() -> None:
    """As certainty(): the provisional Goodhart caveat ended "More samples would settle it."
    beside an explanation that says more data would not settle a repeated maximum."""
    from tailstat.goodhart import goodhart_summary

    x = np.random.default_rng(1).standard_t(3.0, 10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = goodhart_summary(np.r_[x, np.full(4, x.max())])
        plain = goodhart_summary(np.random.default_rng(0).lognormal(0, 1, 400))
        told = ts.classify(np.r_[x, np.full(4, x.max())]).explain()
    assert g.provisional and "would not settle" in told
    caveat = T.goodhart_provisional(g)
    assert caveat.startswith("Provisional") and "More samples" not in caveat
    assert plain.provisional and T.goodhart_provisional(plain).endswith(
        "More samples would settle it.")


def test_the_tail_models_threshold_is_not_said_accepted_when_every_test_rejected() -> None:
    """A new user's review: the Goodhart section said "its threshold is the lowest at which
    goodness-of-fit tests accept a GPD" for a group whose 20 candidates were all rejected
    (the tail model's warnings said so; the page did not)."""
    rng = np.random.default_rng(42)
    u = 1 + 1.5 * rng.normal(size=9000) + rng.normal(0, 0.7, 9000)
    hit = rng.random(9000) < 0.003
    u[hit] += 20 + 15 * rng.pareto(1.2, hit.sum())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(pd.DataFrame({"r": u, "g": "a"}), "r", by="g", goodhart=True)
    model = res.goodhart["a"].tail
    assert any("every one of the" in w for w in model.warnings)
    text = T._tail_model_shape(model)
    assert "accept a GPD" not in text and "rejected a GPD at every one" in text


def test_the_sample_maximum_never_reads_past_the_models_end_point() -> None:
    """Uniform scores: the fitted end point is written with the digits that resolve it
    ("end at 0.999557"), the sample maximum under it had four ("reaches 0.9996", and "1" for
    0.99996783): the card's two numbers said the sample passes its own end point."""
    for seed in range(4):
        x = np.random.default_rng(seed).uniform(size=3000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = ts.goodhart_summary(x)
        # ("ends at the largest score, 0.99996783" where the two print alike: review 432)
        end = float(re.search(r"ends? at (?:the largest score, )?([0-9.]+)", g.verdict).group(1))
        reach = float(re.search(r"reaches ([0-9.]+)", " ".join(T.goodhart_details(g))).group(1))
        assert reach <= end and abs(reach - x.max()) <= 1e-6


def test_best_of_n_names_the_models_reward_beside_the_samples() -> None:
    """The line gave the tail model's best-of-1000 reward (9.509) beside the sample's true
    utility, while the gold comparison and the JSON read the sample's (8.832) (a review)."""
    rng = np.random.default_rng(8)
    x = rng.standard_t(3.0, 5000)  # best-of-1024 past the sample's reach: the model's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = ts.goodhart_summary(x, n=[1024])
    row = g.best_of_n.loc[g.best_of_n["n"] == 1024].iloc[0]
    assert abs(row["u"] - row["u_sample"]) > 0.01 * g.sd  # the model has taken over
    line = next(s for s in T.goodhart_details(g) if s.startswith("Best-of-1,024"))
    assert "under the fitted tail model" in line and "in the sample's own scores" in line
    assert T.sig(row["u_sample"], scale=g.sd) in line and T.sig(row["u"], scale=g.sd) in line


def test_best_of_n_held_at_the_reach_is_not_called_the_models() -> None:
    """A review: past the reach, where a power-law model falls below the plug-in there, that
    plug-in stands (``source`` "sample at reach"); the line called it the reward "under the
    fitted tail model" (15.71, the model's being 15.02)."""
    from scipy import stats

    x = stats.t(3).rvs(20_000, random_state=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = ts.goodhart_summary(x, n=[1, 2, 1024])
    row = g.best_of_n.loc[g.best_of_n["n"] == 1024].iloc[0]
    assert row["source"] == "sample at reach"
    line = next(s for s in T.goodhart_details(g) if s.startswith("Best-of-1,024"))
    assert "under the fitted tail model" not in line
    assert f"tail model's {T.sig(row['u_model'], scale=g.sd)} falls below it" in line


def test_the_headline_names_no_subtype_that_explain_leaves_open() -> None:
    """A review: the headline said "Heavy-tailed (power law, ...)" while explain(), right
    below, gave "of which 52% power-law and 48% subexponential": below 60% of its label's
    probability a subtype is not named flatly anywhere (levels.subtype_split)."""
    from tailstat.classification.levels import CLEAR_SUBTYPE, subtype_split

    rng = np.random.default_rng(7)
    v = rng.pareto(2, 4000)
    c = ts.classify(v + 0.3 * rng.normal(size=v.size), warn=False)
    split = subtype_split(c)
    assert split is not None and max(split.values()) < CLEAR_SUBTYPE
    words = " or ".join(f"{s.replace('-', ' ')} {p:.0%}" for s, p in split.items())
    assert T.headline(c).startswith(f"Heavy-tailed ({words}, ξ = ")
    assert " and ".join(f"{p:.0%} {s}" for s, p in split.items()) in c.explain()
    clear = ts.classify(rng.pareto(1.0, 4000), warn=False)
    assert subtype_split(clear) is None and T.headline(clear).startswith("Heavy-tailed (power")


def test_clipped_scores_are_not_said_to_be_read_by_a_tail_model() -> None:
    """A review: scores clipped at a ceiling, whose numbers all read the sample's own law,
    were said to have "the fitted light tail model ... take over for no best-of-n size shown
    (every size shown is within the sample's reach, n <= 500)" beside best-of-1,024."""
    from tailstat.goodhart import goodhart_summary

    rng = np.random.default_rng(3)
    x = rng.normal(size=5000)
    lines = T.goodhart_details(goodhart_summary(np.minimum(x, np.sort(x)[-15])))
    assert lines[0].startswith("No tail model is needed: the scores' repeated maximum")
    assert not any("takes over" in line for line in lines)


def test_clipped_scores_quote_best_of_n_at_the_kl_of_their_own_law() -> None:
    """Scores clipped at 2: "Best-of-1,024 (KL 5.93 nats)" beside "every number reads the
    sample's own law", on which it costs -log P(ceiling) = 2.70 nats (a review)."""
    x = np.minimum(np.random.default_rng(1).normal(size=20_000), 1.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)
    text = " ".join(T.goodhart_details(g))
    (kl,) = re.findall(r"Best-of-1,024 \(KL ([\d.]+) nats on the scores' own law", text)
    assert abs(float(kl) + np.log(np.mean(x == 1.5))) < 0.05
    assert "every number reads the sample's own law" in text


def test_a_heavy_tail_model_with_a_negative_gpd_shape_says_why() -> None:
    """"the fitted heavy tail model ... Its GPD has ξ = -0.01" read as a slip (a review)."""
    x = np.random.default_rng(7).standard_t(3.0, 300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)
    assert g.tail.label == "heavy" and g.tail.xi_fit <= 0
    (line,) = [s for s in T.goodhart_details(g) if "Its GPD has" in s]
    assert "although the classifier reads the tail as heavy" in line
    assert "upper bounds" in line


def test_gains_in_sd_of_a_tail_that_may_have_no_variance_say_so() -> None:
    """t(2), n = 50,000: "3 sd above today's" and "11.16 sd" with ξ = 0.46 [0.39, 0.54],
    whose interval reaches 1/2 (infinite variance), and no caveat (a review)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        heavy = ts.goodhart_summary(np.random.default_rng(0).standard_t(2.0, 50_000))
        light = ts.goodhart_summary(np.random.default_rng(0).normal(size=50_000))
    said = [s for s in T.goodhart_details(heavy) if s.startswith("The unit, the sample's sd")]
    assert len(said) == 1 and "variance is infinite" in said[0]
    assert not any("may not settle" in s for s in T.goodhart_details(light))


def test_a_heavy_reward_whose_heavy_error_moves_with_gold_is_not_left_at_catastrophic(
        tmp_path) -> None:
    """A review: reward = exp(gold) + noise; the group's verdict said "catastrophic Goodhart
    is possible" above a Goodhart verdict saying the reward stretches true utility. The
    verdict now says what gold shows, wherever the summary reads the error as moving with
    gold (and only there)."""
    from tailstat.goodhart.gold import error_moves_with_gold

    r = np.random.default_rng(1)
    v = np.exp(r.normal(size=20_000))  # a heavy (lognormal) gold score, stretched
    df = pd.DataFrame({"reward": 1.5 * v + r.normal(0.0, 0.3, v.size), "gold": v})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", gold="gold", goodhart=True)
        c, e = a.classifications["reward"], a.error_classifications["reward"]
        assert c.label == e.label == "heavy" and error_moves_with_gold(a.goodhart["reward"].gold)
        ts.report(a, tmp_path / "r.html", figures="none")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "though heavy-tailed, moves with gold" in page
    assert "moves with gold" in T.verdict(c, e, moves_with_gold=True)["note"]
    assert T.verdict(c, e)["note"] == ""  # a heavy error on its own: the consequence stands


def test_a_heavy_error_moving_with_a_light_gold_score_stays_catastrophic(tmp_path) -> None:
    """A review of the science: reward = exp(gold) + noise with gold normal was said to
    stretch true utility (χ about 1), while its verdict quoted a mean reward 3 sd up for about
    0.01 nats, a gain of at most 0.13 sd of gold (Donsker–Varadhan). Beside a light gold score
    a heavy error is the catastrophic case however it moves with gold."""
    from tailstat.goodhart.gold import error_moves_with_gold

    r = np.random.default_rng(1)
    v = r.normal(size=20_000)
    df = pd.DataFrame({"reward": np.exp(v) + r.normal(0.0, 0.3, v.size), "gold": v})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", gold="gold", goodhart=True)
    g = a.goodhart["reward"].gold
    assert g["gold_label"] == "light" and g["error_gold_chi"] >= 0.5
    assert not error_moves_with_gold(g)
    verdict = a.goodhart["reward"].verdict
    assert "the catastrophic-Goodhart case" in verdict and "but gold's own tail is light" in verdict
    assert "stretches true utility" not in verdict and "stretches true utility" not in a.explain()
    page = ts.report(a, tmp_path / "r.html", figures="none").read_text(encoding="utf-8")
    assert "moves with gold" not in page


def test_a_heavy_error_with_gold_is_undecided_in_the_report_without_a_summary() -> None:
    """A review: a heavy error whose χ with gold was 0.96 was "the catastrophic-Goodhart case"
    in the report unless goodhart=True, which called it the reward stretching true utility.
    Without the summary (``maybe_with_gold`` given) the report says it is undecided; below
    ERROR_WITH_GOLD_CHI, or with the summary, the sentences are as before."""
    err = ts.classify(np.random.default_rng(3).standard_t(2.0, 10_000))
    assert err.label == "heavy" and err.confident
    row = {"u": 0.99, "chi": 0.96, "ci_low": 0.93, "ci_high": 0.98, "n_exceed": 100}
    text = T.dependence_text(err, row, maybe_with_gold=(0.99, 0.96))
    assert "it may be the reward stretching a heavy-tailed true utility" in text
    assert "(χ(0.99) = 0.96)" in text and "goodhart=True" in text
    assert "is the catastrophic-Goodhart case" not in text
    low = T.dependence_text(err, {**row, "chi": 0.3, "ci_low": 0.2, "ci_high": 0.4},
                            maybe_with_gold=(0.99, 0.3))
    assert "A heavy-tailed error is the catastrophic-Goodhart case" in low
    summed = T.dependence_text(err, row, moves_with_gold=True)
    assert "the reward stretches true utility" in summed and "it may be" not in summed


def test_goodhart_levels_are_grouped_as_the_verdict_writes_them() -> None:
    """Review 386: one Goodhart block read "996226", "2.968e+05" and "721,852"."""
    from tailstat.reporting._text import _grouped

    assert _grouped("2.968e+05") == "296,800"
    assert _grouped("996226") == "996,226"
    assert _grouped("1000001.64") == "1,000,001.64"
    assert _grouped("−2.968e+05") == "−296,800"
    for same in ("4.406", "9999", "1.2e+15", "–", "1e+300"):
        assert _grouped(same) == same


def test_an_exponential_type_error_is_read_as_the_capped_gain_not_the_good_case() -> None:
    """Review 400: for U = V + Exp(1) the error's paragraph said "the theory's good case ...
    KL-regularised optimisation and best-of-n do raise it", beside a Goodhart verdict saying
    the gain in gold stops near the error's scale (docs/science.md §2.3, mild Goodhart)."""
    row = {"u": 0.99, "chi": 0.01, "ci_low": 0.0, "ci_high": 0.03, "independence": 0.01,
           "n_exceed": 500}
    sure = ts.classify(np.random.default_rng(1).exponential(size=50_000))  # share 0.91
    text = T.dependence_text(sure, row)
    assert "is the mild-Goodhart case" in text and "good case" not in text
    maybe = ts.classify(np.random.default_rng(0).exponential(size=50_000))  # share 0.81
    maybe = dataclasses.replace(maybe, subtype_probabilities={
        **maybe.subtype_probabilities, "exponential-type": 0.5,
        "lighter-than-exponential": maybe.probabilities["light"] - 0.5})
    text = T.dependence_text(maybe, row)
    assert "good case if it is lighter than exponential" in text
    assert "If the error is exponential-type (a " in text and "(mild Goodhart)" in text
    light = ts.classify(np.random.default_rng(2).normal(size=50_000))  # share 0.23
    assert T.penalty_case(light) == "light"
    assert "is the theory's good case: if" in T.dependence_text(light, row)


def test_one_joint_exceedance_in_five_is_not_read_as_dependence() -> None:
    """Review 400: 1 of the 5 errors above u = 0.99 (500 gold rows) in gold's top 1% gave
    χ = 0.20 [0.01026, 0.62] against 0.010 under independence, read as "more than
    independence gives" (6 in 100 independent groups said so). The exact one-sided test (the
    count of joint exceedances is hypergeometric under independence) decides now."""
    from scipy.stats import hypergeom

    row = {"u": 0.99, "chi": 0.2, "ci_low": 0.01026, "ci_high": 0.62, "independence": 0.01,
           "n_exceed": 5}
    assert hypergeom.sf(0, 500, 5, 5) > 0.025  # P(one or more) = 0.049
    text = T.dependence_text(None, row)
    assert "consistent with independence" in text and "may be dependent" not in text
    row.update(chi=0.6, ci_low=0.23, ci_high=0.88)  # 3 of 5: p = 1e-5
    assert "may be dependent" in T.dependence_text(None, row)
