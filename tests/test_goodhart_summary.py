"""goodhart_summary (the building block of issue 12, item 7) and its figure."""

from __future__ import annotations

import json
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.goodhart import (
    GoodhartSummary,
    best_of_n,
    fit_tail_model,
    goodhart_summary,
    simulate,
    with_gold_comparison,
)
from tailstat.goodhart._common import fmt_bound, fmt_num
from tailstat.goodhart.tail import exponential_bound


@pytest.fixture(scope="module")
def light() -> GoodhartSummary:
    d = simulate(200_000, error="normal", seed=31)
    return goodhart_summary(d.u, d.v, threshold="fast")


@pytest.fixture(scope="module")
def rare() -> GoodhartSummary:
    d = simulate(10**6, error="rare-exploit", eps=0.01, alpha=1.5, seed=32)
    return goodhart_summary(d.u, d.v, threshold="fast")


def test_light_summary(light: GoodhartSummary) -> None:
    assert light.label == "light"
    # the fitted GPD has xi < 0 (normal tails' penultimate behaviour), so its cost is an
    # estimate, and the bound for tails whose mean excess does not grow is said beside it
    assert light.tail.xi < 0
    assert "costs about" in light.verdict and "a KL budget limits" in light.verdict
    floor = light.settings["verdict_kl_floor"]
    assert f"at least {fmt_bound(floor, up=False)} if its mean excess never rises above" \
        in light.verdict
    assert "any light tail" not in light.verdict
    assert 0 < floor <= 4.5 and floor < light.verdict_kl
    assert "in line with" in light.verdict
    assert light.verdict.count(".") >= 1 and light.verdict.endswith(".")
    # 3 sd of N(0, 2): the rate is 4.5 nats
    assert light.verdict_kl == pytest.approx(4.5, rel=0.05)
    assert light.gold is not None and light.gold["ratio"] == pytest.approx(1.0, abs=0.1)
    assert light.sample_stops["bon_n"] == 2**15  # first power of 2 past N/10
    assert light.sample_stops["threshold"] < light.sample_stops["sample_max"]
    assert 10_000 in set(light.best_of_n["n"])


def test_rare_exploit_verdict_says_so(rare: GoodhartSummary) -> None:
    assert rare.label == "heavy"
    v = rare.verdict
    assert "heavy tail" in v and "almost free" in v
    assert "KL penalty will not stop" in v
    assert "extreme errors (exploits)" in v and "under half" in v
    assert rare.gold is not None and rare.gold["ratio"] < 0.5
    assert rare.verdict_kl <= 0.01
    # the policy's threshold (4,041) lies past the sample's largest score (755): said so
    assert "past the sample's largest score, 755: the tail model extrapolates" in v


def test_gold_sentences_follow_the_numbers() -> None:
    rng = np.random.default_rng(33)
    u = rng.normal(size=50_000)
    # gold independent of the proxy: no relation is detectable, and the verdict says so
    # instead of blaming rare exploits
    s = goodhart_summary(u, rng.normal(size=u.size), threshold="fast")
    assert s.gold is not None and abs(s.gold["v_gain_predicted_sd"]) < 0.1
    assert s.gold["rank_p_value"] > 0.05
    assert "show no detectable relation" in s.verdict and "rare exploits" not in s.verdict
    # a weak relation the 50,000 pairs do detect: the proxy barely tracks the gold score
    s = goodhart_summary(u, 0.02 * u + rng.normal(size=u.size), threshold="fast")
    assert s.gold["rank_p_value"] < 0.05 and 0 < s.gold["v_gain_predicted_sd"] < 0.1
    assert "barely tracks the gold score" in s.verdict and "rare exploits" not in s.verdict
    # gold = -proxy + noise: optimising the proxy lowers true utility, and it says so
    s = goodhart_summary(u, -u + 0.3 * rng.normal(size=u.size), threshold="fast")
    assert s.gold["v_gain_predicted_sd"] < -0.1
    assert "runs against the gold score" in s.verdict and "lowers true utility" in s.verdict
    # gold = 2 * proxy + noise: the gain is what the bulk predicts
    s = goodhart_summary(u, 2 * u + rng.normal(size=u.size), threshold="fast")
    assert 0.8 <= s.gold["ratio"] <= 1.25
    assert "in line with what a proxy this correlated with the gold score" in s.verdict


def test_heavy_utility_with_light_error_is_no_exploit() -> None:
    # a heavy-tailed true utility and a light error: the proxy is heavy, but what optimisation
    # gains is true utility; the verdict must not call it an exploit
    rng = np.random.default_rng(11)
    v = rng.standard_t(3.0, 20_000)
    s = goodhart_summary(v + rng.normal(0.0, 0.5, v.size), v)
    assert s.label == "heavy" and s.gold is not None
    assert s.gold["error_label"] == "light" and s.gold["error_confident"]
    assert "not catastrophic Goodhart" in s.verdict and "exploiting" not in s.verdict
    assert "rare exploits" not in s.verdict


def test_predicted_gain_never_exceeds_choosing_by_gold() -> None:
    # rare heavy errors make the proxy's own best-of-n gain huge; the prediction of a
    # well-behaved proxy is the rank correlation times the gain of choosing by gold itself
    # (a few sd for a normal gold score), never the proxy's gain times a slope
    rng = np.random.default_rng(7)
    v = rng.normal(size=20_000)
    x = rng.normal(0.0, 0.5, v.size)
    hit = rng.random(v.size) < 0.005
    x[hit] += rng.pareto(1.2, hit.sum()) * 2 + 1
    s = goodhart_summary(v + x, v)
    g = s.gold
    assert g is not None and g["n"] == 2000
    # E[max of 2000 N(0,1)] = 3.4; the empirical oracle of 20 000 draws is close to it
    assert 3.0 < g["v_gain_oracle_sd"] < 3.9
    # the body's correlation is 1 / sqrt(1.25) = 0.894 (0.5% of rows are exploits): a
    # well-behaved proxy gains about 0.894 * 3.4 = 3.0 sd
    assert g["correlation"] == pytest.approx(0.894, abs=0.02)
    assert 2.7 < g["v_gain_predicted_sd"] < 3.4
    assert g["error_label"] == "heavy" and "catastrophic-Goodhart case" in s.verdict
    assert g["ratio"] < 0.5 and "extreme errors (exploits)" in s.verdict


def test_normal_pair_prediction_is_exact() -> None:
    # jointly normal proxy and gold: the realised gain is rho times choosing by gold
    rng = np.random.default_rng(5)
    v = rng.normal(size=200_000)
    u = 0.6 * v + 0.8 * rng.normal(size=v.size)
    s = goodhart_summary(u, v, threshold="fast")
    g = s.gold
    # the sample correlation's s.e. is (1 - rho^2) / sqrt(n) = 0.0014; four of them
    assert g is not None and g["correlation"] == pytest.approx(0.6, abs=4 * 0.64 / math.sqrt(
        v.size))
    # best-of-10^4 of the sample: both gains are exact plug-ins; their sampling sd at n =
    # 10^4 of 2*10^5 draws is about 0.1 sd, so the ratio is 1 within 0.1
    assert g["ratio"] == pytest.approx(1.0, abs=0.1)


def test_heavy_verdict_calls_only_a_small_cost_almost_free(rare: GoodhartSummary) -> None:
    # the rare-exploit sample reaches 3 sd for at most 0.01 nats: almost free
    assert rare.verdict_kl <= 0.1 and "almost free" in rare.verdict
    # 200 values of t(3), classified heavy, but the GPD fitted above the threshold bends down
    # (ξ < 0): the target costs nats, not "almost" nothing; the heavy tail's lack of a KL
    # floor is still said
    x = np.random.default_rng(0).standard_t(3.0, 200)
    s = goodhart_summary(x, threshold="fast")
    assert s.label == "heavy" and s.verdict_kl > 0.1
    assert "almost free" not in s.verdict and "ever less KL" in s.verdict


def test_summary_result_contract(light: GoodhartSummary) -> None:
    d = light.to_dict()
    json.dumps(d)
    assert d["verdict"] == light.verdict
    row = light.to_frame()
    assert isinstance(row, pd.DataFrame) and len(row) == 1
    assert {"verdict", "verdict_kl", "stops_bon_n", "gold_ratio"} <= set(row.columns)
    # the verdict's start, not its 800 characters (a review: a repr of 826 characters)
    assert "GoodhartSummary" in repr(light) and len(light.verdict) > 120
    assert len(repr(light)) < 250 and repr(light)[-3:-1] in {"…'", '…"'}
    with pytest.raises(AttributeError):
        light.verdict = "x"  # type: ignore[misc]


def test_summary_without_gold_and_bounded() -> None:
    x = np.random.default_rng(4).random(20_000)
    s = goodhart_summary(x, threshold="fast")
    assert s.gold is None
    assert "impossible" in s.verdict and "bounded" in s.verdict
    model = fit_tail_model(x, "fast")
    s2 = goodhart_summary(x, tail=model, verdict_sd=1.0)
    assert s2.tail is model and "costs about" in s2.verdict


def test_plot_goodhart(light: GoodhartSummary, rare: GoodhartSummary) -> None:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg", force=True)
    from matplotlib.figure import Figure

    from tailstat.plot.goodhart import goodhart

    fig = Figure(figsize=(10, 4))
    axs = fig.subplots(1, 2)
    for ax, res in zip(axs, (light, rare), strict=True):
        out = goodhart(res, ax)
        assert out is ax
        assert len(ax.get_lines()) >= 3
        assert ax.get_xlabel().startswith("KL")
    with pytest.raises(ts.DataError, match="GoodhartSummary"):
        goodhart(object(), axs[0])
    # the true-utility curve stops where the sample stops (past it there is no model of it)
    line = next(ln for ln in axs[0].get_lines() if "true utility" in str(ln.get_label()))
    bon = light.best_of_n
    inside = ~bon["extrapolated"].to_numpy(bool)
    assert bon["extrapolated"].any() and len(line.get_xdata()) == int(inside.sum())
    np.testing.assert_array_equal(line.get_xdata(), bon["kl"].to_numpy(float)[inside])


def test_tail_model_reuses_a_classification_and_a_fit() -> None:
    import tailstat as ts
    from tailstat.errors import DataError

    x = np.random.default_rng(8).standard_normal(5000)
    cls = ts.classify(x)
    fit = ts.fit_gpd(x, "95%", ci=None)
    model = fit_tail_model(x, classification=cls, gpd=fit)
    assert model.threshold == fit.threshold and model.label == cls.label
    assert model.settings["reused"] == ["classification", "gpd"]
    with pytest.raises(DataError, match="made from"):
        fit_tail_model(x[:4000], gpd=fit)


def test_empirical_summary_says_the_sample_cannot_judge() -> None:
    x = np.random.default_rng(1).standard_normal(30)
    s = goodhart_summary(x, tail="empirical")
    assert "cannot be judged from the sample alone" in s.verdict
    assert s.sample_stops["bon_n"] is None
    # a target inside the sample: its cost under the sample alone is no lower bound (a tail
    # past the maximum could make it cheaper), and the verdict does not promise protection
    y = np.random.default_rng(2).pareto(1.0, 2000)
    s = goodhart_summary(y, tail="empirical")
    assert "if the scores go no higher than this sample's" in s.verdict
    assert "at least" not in s.verdict and "penalty limits how far" not in s.verdict


def test_a_light_tail_fitted_with_an_end_is_not_called_impossible() -> None:
    """A light label with a fitted xi < 0 ends in the model only (the light-tail rule keeps
    xi_hat when negative): a target past that end is out of the model's reach, not
    impossible, which only a bounded tail can say."""
    x = np.random.default_rng(0).normal(size=2000)
    g = goodhart_summary(x, verdict_sd=6)
    assert g.label == "light" and g.tail.xi < 0
    assert "lies past the end of the fitted tail model" in g.verdict
    assert "impossible" not in g.verdict


def test_gold_on_a_few_levels_gets_no_prediction() -> None:
    # binary gold: ties shrink Spearman's rho and the normal-scale formula under-predicts
    # (ratios of 2-4 for a light error); the gain is reported without a prediction
    rng = np.random.default_rng(0)
    v = (rng.random(20_000) < 0.3).astype(float)
    s = goodhart_summary(v + rng.normal(size=v.size), v)
    assert s.gold is not None and s.gold["gold_levels"] == 2
    assert np.isnan(s.gold["v_gain_predicted_sd"]) and np.isnan(s.gold["ratio"])
    assert "gold scores on 2 levels" in s.verdict and "rare exploits" not in s.verdict


def test_a_light_reward_with_a_heavy_error_is_not_called_safe_without_a_caveat() -> None:
    rng = np.random.default_rng(0)
    v = rng.normal(size=20_000)
    s = goodhart_summary(v + 0.3 * rng.standard_t(3.0, v.size), v)
    assert s.label != "heavy" and s.gold is not None and s.gold["error_label"] == "heavy"
    assert "hides the error's" in s.verdict and "catastrophic-Goodhart case" in s.verdict


def test_gold_on_another_scale_is_warned_about_by_the_summary_itself() -> None:
    """Called directly (not through analyze), a summary whose gold scores spread far wider
    than the rewards says so: the error reward − gold then mixes two units."""
    rng = np.random.default_rng(0)
    v = rng.standard_t(3, 5000)
    x = v + rng.normal(size=5000)
    with pytest.warns(ts.TailstatWarning, match="spread .* times as wide as the rewards"):
        g = ts.goodhart_summary(x, v * 1000)
    assert any("another scale" in w for w in g.warnings)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        same = ts.goodhart_summary(x, v)  # same scale: no such warning
    assert not any("another scale" in str(w.message) for w in seen)
    assert not any("another scale" in w for w in same.warnings)
    # the verdict draws no conclusion from the error's tail (it said "what optimisation
    # gains is real" for a light-looking error of mixed units)
    assert "cannot tell whether this is catastrophic Goodhart" in g.verdict
    assert "gains is real" not in g.verdict and "catastrophic-Goodhart case" not in g.verdict
    assert g.gold["gold_scale_ratio"] > 100  # IQR(gold) / IQR(reward)
    assert same.gold["gold_scale_ratio"] is None
    assert "cannot tell" not in same.verdict
    # warn=False (how analyze, which warns once for all groups, calls it): the caveat is
    # kept in the result and not warned (analyze silenced it with a process-wide filter)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = ts.goodhart_summary(x, v * 1000, warn=False)
    assert quiet.warnings == g.warnings and quiet.verdict == g.verdict


def test_a_target_past_the_fitted_light_tails_end_gets_the_exponential_bound() -> None:
    """A light tail fitted with xi < 0 ends in the model only: a target past that end is not
    'impossible' but costs at least what an exponential tail with the threshold's mean excess
    costs, if the mean excess never rises above that."""
    x = np.random.default_rng(0).normal(size=20_000)
    g = goodhart_summary(x, verdict_sd=8.0)
    assert g.tail.label == "light" and g.tail.xi < 0 and g.tail.endpoint < x.mean() + 8 * x.std()
    assert "lies past the end of the fitted tail model" in g.verdict
    assert math.isfinite(g.verdict_kl) and g.verdict_kl == g.settings["verdict_kl_floor"]
    assert 0 < g.verdict_kl <= 8.0**2 / 2  # below the normal's own cost, m^2 / 2
    with pytest.raises(ts.DataError, match="light tail model"):
        exponential_bound(fit_tail_model(np.random.default_rng(1).pareto(1.5, 5000)),
                          np.random.default_rng(1).pareto(1.5, 5000))


def test_gold_on_some_rows_keeps_the_reward_side_on_all_of_them() -> None:
    """analyze with gold scores on 3% of the rows: the Goodhart verdict reads the group's own
    tail (heavy) and says which rows the gold comparison rests on (it used to refit the tail
    to the gold rows alone and call the reward light while the table said heavy)."""
    rng = np.random.default_rng(0)
    n = 20_000
    reward = rng.standard_t(3, n)
    gold = reward + rng.normal(size=n)
    gold[rng.random(n) > 0.03] = np.nan
    frame = pd.DataFrame({"model": "a", "reward": reward, "gold": gold})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(frame, "reward", by="model", gold="gold", goodhart=True)
    row = a.table.iloc[0]
    g = a.goodhart["a"]
    assert row["label"] == "heavy" and g.label == "heavy" and g.tail.n == n
    assert g.sample_stops["sample_max"] == pytest.approx(float(reward.max()))
    assert "under a heavy tail" in g.verdict and g.gold is not None
    paired = int(np.isfinite(gold).sum())
    assert g.settings["gold_rows"] == paired
    assert f"rests on the {paired:,} of its {n:,} rows" in g.settings["gold_note"]
    with pytest.raises(ts.DataError, match="without gold scores and one with them"):
        with_gold_comparison(g, g)


def test_a_correlation_within_the_noise_is_not_read_as_running_against_gold() -> None:
    """Independent proxy and gold scores (500 pairs) gave 'optimising this reward lowers true
    utility' whenever noise made the rank correlation slightly negative; Spearman's test now
    has to find a relation first."""
    said = []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        g = goodhart_summary(rng.normal(size=500), rng.normal(size=500))
        assert g.gold is not None and g.gold["pairs"] == 500
        said.append("runs against" in g.verdict)
        if g.gold["rank_p_value"] >= 0.05:
            assert "show no detectable relation" in g.verdict
    assert sum(said) <= 2  # the test's 5% level, not the sign of the noise
    rng = np.random.default_rng(1)
    u = rng.normal(size=5000)
    against = goodhart_summary(u, -u + rng.normal(size=5000))
    assert "runs against the gold score" in against.verdict


def test_the_light_tail_bound_keeps_its_value_near_the_float_maximum() -> None:
    """The exponential bound's scale was the plain mean of the excesses, which overflowed at
    scale 1e306: "at least 0 nats under any light tail", with three RuntimeWarnings."""
    u = np.random.default_rng(0).normal(size=20_000)
    floors = []
    for s in (1.0, 1e306):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            floors.append(ts.goodhart_summary(u * s).settings["verdict_kl_floor"])
    assert floors[0] > 1 and floors[1] == pytest.approx(floors[0], rel=1e-9)


def test_a_light_tails_cost_is_an_estimate_not_a_bound() -> None:
    """Gamma(0.3): the GPD fit gives xi > 0, the classifier says light, and the model is an
    exponential tail with the threshold's mean excess, below the gamma's eventual scale 1:
    its cost of 3 sd (1.29 nats) is above the exact one (m - a + a log(a/m) = 1.09). The
    verdict said "costs at least"; it says "about". The exponential bound is a bound only
    for tails whose mean excess does not grow (here it does), and the verdict says so."""
    x = np.random.default_rng(25).gamma(0.3, size=20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = goodhart_summary(x)
    m = g.mean + 3 * g.sd
    exact = m - 0.3 + 0.3 * math.log(0.3 / m)
    assert g.tail.label == "light" and g.tail.xi == 0.0 and g.tail.xi_fit > 0
    assert g.verdict_kl > exact  # the model's estimate runs high here
    assert "costs about" in g.verdict and "at least" not in g.verdict
    # a normal tail (mean excess falling): the bound holds, 4.5 nats at 3 sd
    u = np.random.default_rng(2).normal(size=20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        h = goodhart_summary(u)
    assert h.tail.xi < 0 and h.settings["verdict_kl_floor"] <= 4.5


def test_a_free_target_below_a_finite_model_mean_is_not_blamed_on_xi_above_one() -> None:
    """A heavy-tail target that costs no KL because the tail model's (finite) mean is above it
    was explained as "xi = 0.96 >= 1 ... has no finite mean"."""
    from scipy import stats

    x = stats.genpareto(0.85).rvs(size=3000, random_state=np.random.default_rng(17))
    model = fit_tail_model(x)
    assert model.heavy and model.xi < 1 and math.isfinite(model.model_mean)
    verdict = goodhart_summary(x, verdict_sd=0.25).verdict
    assert "costs no KL at all" in verdict
    assert ">= 1" not in verdict and "no finite mean" not in verdict
    assert f"already average {fmt_num(model.model_mean)}" in verdict


def test_an_uncertain_bounded_label_does_not_make_a_target_impossible() -> None:
    """100 normal scores classified bounded with P = 0.59: the verdict said the target "is
    impossible under a bounded tail" (KL inf) while N(0, 1) reaches it at 4.5 nats. It now
    says what a light tail would cost, as for a light label whose fitted GPD ends."""
    x = np.random.default_rng(0).normal(size=100)
    s = goodhart_summary(x)
    p = s.tail.settings["label_probability"]
    assert s.label == "bounded" and p < 0.8
    assert f"impossible if the tail is bounded (P(bounded) = {p:.2f}, uncertain)" in s.verdict
    assert math.isfinite(s.verdict_kl) and s.verdict_kl == s.settings["verdict_kl_floor"]
    assert f"at least {fmt_bound(s.verdict_kl, up=False)} nats" in s.verdict
    # a confident bounded label keeps "impossible"
    b = goodhart_summary(np.random.default_rng(0).uniform(size=5000))
    assert b.label == "bounded" and b.tail.settings["label_probability"] >= 0.8
    assert "is impossible under a bounded tail" in b.verdict and b.verdict_kl == math.inf


def test_gold_comparison_on_some_rows_keeps_the_gold_best_of_n() -> None:
    """With gold scores on only some rows the summary kept the reward's best-of-n table,
    whose gold columns are empty: one missing gold score made ``goodhart_bon_v_1024`` None.
    The rows with gold keep their own best-of-n gold values, by n (the reward's table keeps
    no gold column: a curve mixing two row sets would be neither's)."""
    rng = np.random.default_rng(0)
    v = rng.normal(size=20_000)
    u = v + 0.5 * rng.normal(size=20_000)
    paired = goodhart_summary(u[1:], v[1:])
    both = with_gold_comparison(goodhart_summary(u), paired)
    want = paired.best_of_n.set_index("n")["v"]
    assert both.settings["gold_best_of_n_v"] == {int(n): float(x) for n, x in want.items()}
    assert both.best_of_n["v"].isna().all()
    # the true-utility curve (figure, report) comes from the gold rows' own best-of-n: a
    # review found one missing gold score removed it from the report
    curve = both.true_utility_curve()
    sd_v = float(paired.best_of_n.set_index("n").loc[1, "v_sd"])
    assert curve["n"].max() <= (u.size - 1) / 10 and curve["n"].iloc[0] == 1
    assert np.allclose(curve["gain_sd"], (want.loc[curve["n"]] - want.loc[1]) / sd_v)
    frame = pd.DataFrame({"g": "a", "r": u, "gold": v})
    frame.loc[0, "gold"] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(frame, "r", by="g", gold="gold", goodhart=True)
    assert a.table["goodhart_bon_v_1024"].iloc[0] == pytest.approx(float(want.loc[1024]))


def test_a_light_verdict_with_a_real_chance_of_heavy_says_it_is_provisional() -> None:
    """P(heavy) = 0.40: the verdict said the KL penalty works, with the caveat only in the
    HTML report; the sentence itself (table, JSON) now says it."""
    r = np.random.default_rng(31)
    x = r.normal(size=20_000)
    hit = r.random(20_000) < 0.005
    x[hit] = r.standard_t(2.0, int(hit.sum()))
    s = goodhart_summary(x)
    assert s.label != "heavy" and s.provisional
    assert f"provisional: P(heavy) = {s.p_heavy:.2f}" in s.verdict
    sure = goodhart_summary(np.random.default_rng(0).normal(size=20_000))
    assert not sure.provisional and "provisional" not in sure.verdict


def test_a_reachable_target_under_an_uncertain_bounded_label_names_the_label() -> None:
    """beta(1, 3), bounded with P = 0.68: the floor made the sentence speak of "the fitted
    light tail" and drop the bounded label."""
    s = goodhart_summary(np.random.default_rng(2).beta(1.0, 3.0, size=3000))
    p = s.tail.settings["label_probability"]
    assert s.label == "bounded" and p < 0.8 and math.isfinite(s.verdict_kl)
    assert f"under a bounded tail (P(bounded) = {p:.2f}, uncertain" in s.verdict
    assert "fitted light tail" not in s.verdict and "if it is light instead" in s.verdict


def test_constant_gold_is_refused_in_gold_words() -> None:
    """A review: goodhart_summary(u, v) with a constant v said 'a constant sample has no
    tail to analyse', though nothing analyses the tail of v."""
    u = np.random.default_rng(0).normal(size=1000)
    for call in (goodhart_summary, best_of_n):
        with raises_data_error("'v', the true utility, is constant (1)",
                               "nothing to compare the proxy with", "leave 'v' out"):
            call(u, np.ones(1000))



def test_uncertain_readings_are_said_in_the_verdict_whichever_the_label() -> None:
    """A review: a heavy label with P(heavy) = 0.73 got no 'provisional' clause (only light
    ones did), and an uncertain heavy error under a light proxy was not mentioned."""
    for seed in range(20):  # the review's search: a provisional heavy label
        r = np.random.default_rng(seed)
        g = goodhart_summary(1 / (1 + np.exp(-r.normal(size=20_000)))
                             + 0.1 * r.standard_t(3, size=20_000))
        if g.label == "heavy" and g.provisional:
            break
    assert g.label == "heavy" and g.provisional
    assert "provisional: P(heavy)" in g.verdict and "under a light tail" in g.verdict
    # a budget, not any penalty: an exponential-type light tail escapes a small coefficient
    assert "a KL budget would limit" in g.verdict and "penalty would limit" not in g.verdict
    assert not g.tilt.table["exists_settled"].any()  # heavy or not is open: nothing settled
    rng = np.random.default_rng(11)
    v = rng.normal(size=20_000)
    rng.normal(size=20_000)
    e = goodhart_summary(v + rng.lognormal(0, 0.5, size=v.size), v)
    assert e.label != "heavy" and e.gold is not None and not e.gold["error_confident"]
    assert "whether the error (reward − gold) is heavy-tailed is uncertain" in e.verdict


def test_an_exponential_type_verdict_says_a_penalty_works_only_above_the_scale() -> None:
    """A review: "a KL penalty limits how far optimisation can push this reward" beside
    tilt.exists False (E exp(U/beta) is infinite for beta <= sigma). Also: scalar options
    given as sequences kept their first value; a gold comparison without n = 1 had no
    baseline for the true utility's gains."""
    x = np.random.default_rng(9).exponential(size=50_000)  # fitted xi >= 0, used as 0
    s = goodhart_summary(x)
    assert s.tail.xi == 0.0 and not s.tilt.exists
    assert "a KL budget limits" in s.verdict and "coefficient above the tail's scale" in s.verdict
    assert f"sigma = {fmt_num(s.tail.sigma)}" in s.verdict
    with raises_data_error("verdict_sd must be one number"):
        goodhart_summary(x, verdict_sd=[1, 5])
    v = np.random.default_rng(8).normal(size=20_000)
    g = goodhart_summary(v + 0.5 * np.random.default_rng(9).normal(size=20_000), v,
                         n=[16, 64, 256])
    assert list(g.best_of_n["n"][:2]) == [1, 16]
    curve = g.true_utility_curve()
    assert curve["gain_sd"].iloc[0] == 0.0 and curve["gain_sd"].iloc[1] > 1.0
    with raises_data_error("needs at least 20 rows"):  # best-of-1 is no comparison
        goodhart_summary(v[:15] + 1.0, v[:15], tail="empirical")
    # the classifier's subtype decides, as in the report: gamma(2) fitted with xi < 0
    gam = goodhart_summary(np.random.default_rng(4).gamma(2.0, size=20_000))
    assert gam.tail.settings["subtype"] == "exponential-type" and gam.tail.xi < 0
    assert "above the tail's scale if it is exponential-type" in gam.verdict


def test_sentences_write_xi_as_the_report_does(rare: GoodhartSummary) -> None:
    """The Goodhart sentences wrote "GPD xi = 0.66" in ASCII beside the report's ξ; every
    sentence of a summary (heavy, exponential-type, light with an end point) says ξ."""
    rng = np.random.default_rng(5)
    summaries = [rare, goodhart_summary(rng.exponential(size=50_000), threshold="fast"),
                 goodhart_summary(rng.normal(size=50_000), threshold="fast")]
    words = json.dumps([s.to_dict() for s in summaries], default=str, ensure_ascii=False)
    assert "ξ = " in words
    assert not re.search(r"\bxi (=|>=|<=) ", words)


def _levels_after(text: str, lead: str) -> list[float]:
    """The numbers written right after each ``lead`` in ``text`` (commas dropped)."""
    return [float(m.replace(",", "")) for m in re.findall(re.escape(lead) + r"(-?[\d,]+\.?\d*)",
                                                          text)]


def test_levels_in_the_verdict_keep_their_digits_at_a_large_offset() -> None:
    """A review: lognormal scores + 1e12 read "above 1e+12 (past the sample's largest score,
    1e+12 ...)", two levels 12,700 apart; a normal sample's threshold "(1e+12; ...)". The
    levels are now written to a hundredth of their distance from the mean."""
    x = np.random.default_rng(3).lognormal(size=2000)
    s = goodhart_summary(x + 1e12)
    assert s.label == "heavy"
    t = s.frontier.table
    tau = float(t["policy_threshold"].iloc[int(np.argmin(np.abs(t["target_sd"] - 3.0)))])
    (shown_tau,) = _levels_after(s.verdict, "of its outputs above about ")
    (shown_max,) = _levels_after(s.verdict, "past the sample's largest score, ")
    assert abs(shown_tau - tau) <= 0.05 * (tau - s.mean)  # past the sample: two digits
    assert abs(shown_max - (x.max() + 1e12)) <= 0.02 * (x.max() + 1e12 - s.mean)
    assert "1e+12" not in s.verdict
    # at no offset the short forms ("13,000", of 12,681, and "49", not "48.74")
    assert "about 13,000 (past the sample's largest score, 49:" in goodhart_summary(x).verdict
    n = goodhart_summary(np.random.default_rng(3).normal(size=2000) + 1e12)
    (shown_u0,) = _levels_after(n.verdict, "value at the tail model's threshold ")
    assert abs(shown_u0 - n.tail.threshold) <= 0.02 * n.sd


def test_fmt_level_resolves_a_level_only_where_the_short_form_misplaces_it() -> None:
    from tailstat.goodhart._common import fmt_level
    assert fmt_level(9767.3, 0.0, 2.0) == "9,767"  # 0.3 off, a tenth of 9,767 allowed
    assert fmt_level(1e12 + 9767.3, 1e12, 2.0) == "1,000,000,009,767"
    assert fmt_level(1e12 + 0.45, 1e12, 1.0) == "1,000,000,000,000.45"
    assert fmt_level(-999_999.5504, -1e6, 1.0) == "-999,999.55"
    assert fmt_level(math.inf, 0.0, 1.0) == "infinite"
    assert fmt_level(1e300, 0.0, 1.0) == "1e+300"  # no 301-digit strings
    assert fmt_level(1.0024e-8, 1e-8, 1e-12) == "1.0024e-08"  # a review: 0.0000000100240


def test_an_uncertain_p_heavy_reads_in_the_verdict_as_the_classifier_shows_it() -> None:
    """P(heavy) = 0.7995, an uncertain lean: the classification, the report's tables and the
    analysis' explain() say 0.79 ("uncertain — leaning heavy (0.79)"); the Goodhart verdict
    said "P(heavy) = 0.80" (twice: its head and the provisional clause), the confident
    level's reading, in the same report, and so did the KL tilt's notes among its warnings."""
    x = np.random.default_rng(70).weibull(0.7, 3000)
    c = ts.classify(x)
    assert not c.confident and 0.7995 < c.probabilities["heavy"] < 0.8  # the case
    assert c.verdict == "uncertain — leaning heavy (0.79)"
    g = goodhart_summary(x)
    found = re.findall(r"P\(heavy\) = (\d\.\d\d)", g.verdict)
    assert found and set(found) == {"0.79"}, g.verdict
    notes = re.findall(r"P\(heavy\) = (\d\.\d\d)", " ".join(g.warnings))  # the tilt's notes
    assert notes and set(notes) == {"0.79"}, g.warnings


def test_no_finite_mean_is_said_with_its_uncertainty_and_a_rejected_fit() -> None:
    """Reviews: 1% Pareto(1.5) errors in a normal body (true ξ = 0.67) got "ξ = 1.30 ≥ 1 ...
    has no finite mean" as a fact, from 30 scores where every threshold's fit was rejected."""
    r = np.random.default_rng(0)
    x, hit = r.normal(size=5000), r.random(5000) < 0.01
    x[hit] = r.pareto(1.5, hit.sum()) + 1
    v = goodhart_summary(x).verdict
    assert "(ξ = 1.30 ± 0.82, from the 30 scores above 2.6, where goodness-of-fit tests " in v
    assert "no finite mean at its estimate, though ξ < 1 (a finite mean) lies within" in v
    assert "lies within" not in goodhart_summary(r.pareto(0.5, 20000)).verdict  # ξ = 2 ± 0.06
