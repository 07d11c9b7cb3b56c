"""The gold comparison's reading of the error: ``tailstat/goodhart/gold.py``."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat.goodhart import goodhart_summary


def test_a_heavy_error_that_moves_with_gold_is_not_called_catastrophic() -> None:
    """A review: reward = 5 (V + X) with V ~ t(3) and X normal has an error 4 V + 5 X, heavy
    from V itself; the verdict said 'the catastrophic-Goodhart case' while its own best-of-n
    ratio was 1.27. Catastrophic Goodhart needs an error independent of true utility: a
    heavy error whose extremes are gold's extremes (chi) is said to stretch true utility;
    an independent heavy error is still the catastrophic case."""
    rng = np.random.default_rng(0)
    v = rng.standard_t(3, size=20_000)
    s = goodhart_summary(5 * (v + rng.normal(size=v.size)), v)
    assert s.gold is not None and s.gold["error_label"] == "heavy"
    assert s.gold["error_gold_chi"] >= 0.5 and s.gold["error_gold_chi_level"] == 0.99
    assert "stretches true utility" in s.verdict and "catastrophic-Goodhart case" not in s.verdict
    w = rng.normal(size=20_000)
    c = goodhart_summary(w + rng.standard_t(2, size=w.size), w)
    assert c.gold is not None and c.gold["error_gold_chi"] < 0.1  # independence: about 0.01
    assert "the catastrophic-Goodhart case" in c.verdict and "stretches" not in c.verdict


def test_the_with_gold_reading_holds_at_every_size_and_not_for_exploits_at_the_top() -> None:
    """Two reviews of the rule above: (1) n (1 - level) read 19.999... for about half of the
    sizes from 200 to 2,000, chi was left out and the verdict flipped between n = 1502 and
    1501; (2) a reward over-weighting a light true utility plus 0.3% independent exploits
    has chi(0.99) = 0.5-0.6 in bulk while its top scores are the exploits: catastrophic."""
    rng = np.random.default_rng(0)
    v = rng.pareto(2.5, size=1502)
    u = 1.5 * v + 0.3 * rng.normal(size=1502)
    for n in (1502, 1501, 1500, 600, 250):
        g = goodhart_summary(u[:n], v[:n])
        assert g.gold is not None and "error_gold_chi" in g.gold, n
    assert "stretches true utility" in goodhart_summary(u[:1501], v[:1501]).verdict
    for seed in range(4):
        r = np.random.default_rng(seed)
        w = r.normal(size=2000)
        exploit = (r.random(2000) < 0.003) * 20 * (1 + r.pareto(1.0, size=2000))
        g = goodhart_summary(1.5 * w + 0.2 * r.normal(size=2000) + exploit, w)
        assert g.gold is not None and g.gold["error_top_gold_share"] < 0.8, seed
        assert "the catastrophic-Goodhart case" in g.verdict and "stretches" not in g.verdict


def test_binary_gold_is_read_as_analyze_reads_it() -> None:
    """A review: goodhart_summary(u, v > 1) refused binary gold ("'v' holds booleans ... pass
    numeric values") that analyze(gold=<bool column>) reads as 1 and 0, as the README
    describes; both read it so now (tailstat.data.pairs.binary_gold), to the same summary."""
    import pandas as pd

    from tailstat import DataError, analyze

    rng = np.random.default_rng(3)
    u = rng.normal(size=3000)
    liked = u + rng.normal(size=3000) > 1
    df = pd.DataFrame({"r": u, "g": liked})
    a = analyze(df, "r", gold="g", goodhart=True).goodhart["r"]
    as_numbers = goodhart_summary(u, liked.astype(float))
    for g in (goodhart_summary(u, liked), goodhart_summary(u, df["g"]),
              goodhart_summary(u, list(liked)), goodhart_summary(u, df["g"].astype("boolean"))):
        assert g.gold is not None and g.gold["gold_levels"] == 2
        assert g.verdict == a.verdict == as_numbers.verdict
        assert g.verdict_kl == a.verdict_kl
        assert g.gold["v_gain_sd"] == a.gold["v_gain_sd"] == as_numbers.gold["v_gain_sd"]
    # the frame's gold columns are prefixed once (a review: gold_gold_levels)
    cols = list(a.to_frame().columns)
    assert "gold_levels" in cols and "gold_scale_ratio" in cols and "gold_v_gain_sd" in cols
    assert not any(c.startswith("gold_gold_") for c in cols)
    with pytest.raises(DataError, match="missing value"):  # paired: no silent drop
        goodhart_summary(u, pd.Series(liked, dtype="boolean").where(u < 3, None))
    with pytest.raises(DataError, match="'u' holds booleans"):  # rewards are no labels
        goodhart_summary(liked, u)


def test_a_light_error_under_a_heavy_gold_score_is_not_called_rare_exploits() -> None:
    """Proxy and gold swapped (gold = proxy + a Pareto(1.5) part, the proxy normal): the
    error reward − gold is bounded above (P(heavy) = 0.01, confident), yet the verdict said
    "the top proxy scores are dominated by reward-model errors (rare exploits)". The gap to
    the prediction (0.35 sd realised, 8.9 predicted) is gold's own heavy top (13.5 sd by
    choosing on gold), which the proxy does not see; no error can be extreme here."""
    rng = np.random.default_rng(12)
    u = rng.normal(size=5000)
    s = goodhart_summary(u, u + rng.pareto(1.5, size=u.size) + 1.0)
    g = s.gold
    assert g is not None and g["error_label"] in ("light", "bounded") and g["error_confident"]
    assert g["ratio"] < 0.5
    assert "(exploits)" not in s.verdict and "extreme errors (exploits)" not in s.verdict
    assert "so these are no rare exploits" in s.verdict
    assert f"choosing by gold gains {g['v_gain_oracle_sd']:.2f} sd" in s.verdict


def test_rare_exploits_are_hedged_when_the_error_tail_is_uncertain() -> None:
    """A shortfall in the gold gain was put down to "reward-model errors (rare exploits)" as
    a fact when the error's own tail was uncertain (P(heavy) = 0.7996, no confident
    verdict); the clause now says the tail is uncertain, read as the classifier shows it."""
    from tailstat.goodhart.gold import gain_clause

    rng = np.random.default_rng(5)
    v = rng.normal(size=5000)
    s = goodhart_summary(v + rng.pareto(1.2, size=v.size) * (rng.random(v.size) < 0.02), v)
    g = s.gold
    assert g is not None and g["error_confident"] and g["ratio"] < 0.5  # the confident case
    clause = gain_clause(g)
    assert "extreme errors (exploits)" in clause and "uncertain" not in clause
    hedged = gain_clause({**g, "error_confident": False, "error_p_heavy": 0.7996})
    assert "(exploits), though the error's own tail is uncertain (P(heavy) = 0.79)" in hedged


def test_an_error_torn_between_light_and_bounded_is_not_heavy_uncertain() -> None:
    """The verdict turns on heavy or not: an error whose label is unsure between light and
    bounded but whose P(heavy) is 0.02 was read "whether the error is heavy-tailed is
    uncertain (P(heavy) = 0.02)" beside the report's "the theory's good case" (a review: a
    Pareto(2) gold score, the reward gold + 0.3 N(0, 1), n = 4,000)."""
    from tailstat.goodhart.gold import error_tail

    base = {"error_label": "light", "error_confident": False, "gold_scale_ratio": None}
    assert error_tail({**base, "error_p_heavy": 0.02}) == "light"
    assert error_tail({**base, "error_p_heavy": 0.19}) == "light"
    assert error_tail({**base, "error_p_heavy": 0.3}) == "uncertain"
    assert error_tail({**base, "error_label": "heavy", "error_p_heavy": 0.7}) == "uncertain"
    rng = np.random.default_rng(0)
    v = rng.pareto(2, 4000)
    s = goodhart_summary(v + 0.3 * rng.normal(size=v.size), v)
    assert s.label == "heavy" and s.gold is not None and s.gold["error_p_heavy"] <= 0.2
    assert not s.gold["error_confident"]  # bounded 0.6-0.7, light the rest
    assert "uncertain" not in s.verdict and "what optimisation gains is real" in s.verdict


def test_gains_are_written_without_a_negative_zero() -> None:
    """A review: "best-of-2,000 does not raise true utility (-0.00 sd)"."""
    from tailstat.goodhart.gold import _signed

    assert (_signed(-0.0048), _signed(0.0), _signed(-0.25), _signed(1.234)) == (
        "+0.00", "+0.00", "-0.25", "+1.23")


def test_a_binary_proxy_gets_its_realised_gain_without_a_prediction() -> None:
    """A review: a 0/1 proxy's best-of-n gain in gold, 0.71 sd, all a two-level proxy can
    give (E[V | U = 1] - E[V]), was set against a correlation's prediction of 2.64 sd and put
    down to "the gold score's own extremes"."""
    rng = np.random.default_rng(8)
    v = rng.normal(size=20_000)
    u = (v + 0.5 * rng.normal(size=v.size) > 0).astype(float)
    s = goodhart_summary(u, v)
    assert s.gold is not None and s.gold["proxy_levels"] == 2
    assert np.isnan(s.gold["v_gain_predicted_sd"])
    exact = (v[u == 1].mean() - v.mean()) / v.std()
    assert s.gold["v_gain_sd"] == pytest.approx(exact, rel=1e-12)  # the same arithmetic
    assert "rewards on 2 levels: too few for the prediction" in s.verdict
    assert "own extremes" not in s.verdict


def test_spearman_from_one_sort_of_each_score_equals_scipys() -> None:
    """The gold comparison ranks each score with one sort (scipy's spearmanr and two
    np.unique took 5.6 s at 10^7: a review); rho, its p-value and the levels are scipy's."""
    from scipy import stats

    from tailstat.goodhart.gold import _ranks, _spearman

    rng = np.random.default_rng(0)
    x = rng.normal(size=3000)
    cases = [(x, x + rng.normal(size=3000)),  # no ties
             (np.round(x, 1), rng.integers(0, 40, 3000).astype(float)),  # many ties
             (x, -x)]  # rho = -1
    for a, b in cases:
        (ra, la), (rb, lb) = _ranks(a), _ranks(b)
        np.testing.assert_array_equal(ra, stats.rankdata(a))
        assert (la, lb) == (np.unique(a).size, np.unique(b).size)
        want = stats.spearmanr(a, b)
        rho, p = _spearman(ra, rb)
        assert rho == pytest.approx(want.statistic, abs=1e-15)
        assert p == pytest.approx(want.pvalue, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_light_error_heavier_than_gold_is_said_to_fill_the_top(scale: float) -> None:
    """A review: V ~ N(0, 1) and X ~ Exp(scale) cap best-of-n's gain in V at 1/scale sd
    (1.00 and 0.50 by quadrature), because the top proxy scores are mostly error; the verdict
    blamed 'the gold score's own extremes' for a normal gold score."""
    from tailstat.goodhart import simulate

    d = simulate(20_000, "normal", "exponential", scale=scale, seed=2)
    s = goodhart_summary(d.u, d.v)
    g = s.gold
    assert g["error_label"] == "light" and g["ratio"] < 0.5
    assert "own extremes" not in s.verdict
    assert "the error's tail, light but heavier than gold's, fills the top" in s.verdict


def test_an_error_constant_up_to_rounding_has_no_tail_in_the_summary() -> None:
    """A review: reward = gold + 1 had its error said constant by the analysis' table while
    the Goodhart verdict read its rounding noise as 'a light tail (P(heavy) = 0.01)'."""
    v = np.random.default_rng(0).standard_t(3, 5000) * 100
    u = v + 0.1  # 13 distinct errors, a few float steps apart: a sample the classifier reads
    s = goodhart_summary(u, v)
    assert s.gold is not None and s.gold.get("error_label") is None
    assert "the error (reward − gold) has a light tail" not in s.verdict
    assert s.gold["error_constant"] is True


def test_a_reward_that_is_gold_plus_a_constant_is_the_best_case_not_an_exploit() -> None:
    """A review: reward = gold + 0.5 over a heavy gold score read 'a KL penalty will not stop
    optimisation from exploiting it' (no error to read), where gold + 0.01 noise read 'the
    heavy tail is the true utility's'."""
    v = np.random.default_rng(22).standard_t(3, 5000)
    s = goodhart_summary(v + 0.5, v)
    assert s.gold is not None and s.gold["error_constant"] is True
    assert "exploiting it" not in s.verdict and "a KL penalty will not hold" in s.verdict
    assert "the reward is the gold score plus a constant" in s.verdict
    assert "not catastrophic Goodhart" in s.verdict
    noisy = goodhart_summary(v + 0.01 * np.random.default_rng(1).normal(size=v.size), v)
    assert noisy.gold is not None and noisy.gold["error_constant"] is False
    assert "the reward is the gold score plus a constant" not in noisy.verdict


def test_a_heavy_error_at_the_bottom_of_the_reward_is_no_route_to_catastrophic_goodhart() -> None:
    """A review: a squashed reward 3 tanh(V / 3) over a gold score with a t(3) lower tail has a
    heavy error U - V whose largest values are the responses with the lowest rewards (gold far
    below a reward that stops); the verdict called it 'the catastrophic-Goodhart case' and put
    best-of-n's shortfall down to 'rare exploits'. Its 10 largest errors' rewards sit at a
    median quantile of 0.2% (independence: about a half)."""
    rng = np.random.default_rng(8)
    v = rng.standard_t(3, size=20_000)
    s = goodhart_summary(3 * np.tanh(v / 3) + 0.1 * rng.normal(size=v.size), v)
    assert s.gold is not None and s.gold["error_label"] == "heavy" and s.gold["error_confident"]
    assert s.gold["error_top_reward_quantile"] < 0.01
    assert "sit at the bottom of the reward too" in s.verdict
    assert "catastrophic-Goodhart case" not in s.verdict and "(exploits)" not in s.verdict
    # exploits at the top: the largest errors are the largest rewards
    w = rng.normal(size=20_000)
    c = goodhart_summary(w + rng.standard_t(2, size=w.size), w)
    assert c.gold is not None and c.gold["error_top_reward_quantile"] > 0.99
    assert c.gold["gold_label"] == "light" and "the catastrophic-Goodhart case" in c.verdict


def test_a_heavy_error_beside_a_heavy_gold_score_is_not_called_catastrophic() -> None:
    """A review: V and X independent t(3), U = V + X: the verdict said 'the catastrophic-
    Goodhart case' beside best-of-n gains in line with the correlation (11.6 sd against 9.9);
    catastrophic Goodhart needs a light true utility (docs/science.md §2). The gold score's
    own tail is read and said."""
    rng = np.random.default_rng(31)
    v = rng.standard_t(3, size=20_000)
    s = goodhart_summary(v + rng.standard_t(3, size=v.size), v)
    assert s.gold is not None and s.gold["gold_label"] == "heavy" and s.gold["gold_confident"]
    assert s.gold["error_label"] == "heavy" and 0.2 < s.gold["gold_xi"] < 0.5
    assert "so is the gold score" in s.verdict and "catastrophic-Goodhart case" not in s.verdict


def test_explain_and_the_report_give_the_summary_s_reason(tmp_path) -> None:
    """explain() and the report say why such a heavy error is not the catastrophic case, as
    the Goodhart summary does (they said 'the catastrophic-Goodhart case', and the report's
    note that a light true utility hid the error's tail)."""
    import pandas as pd

    from tailstat import analyze, report

    rng = np.random.default_rng(8)
    v = rng.standard_t(3, size=20_000)
    u = 3 * np.tanh(v / 3) + 0.1 * rng.normal(size=v.size)
    r2 = np.random.default_rng(31)  # the draws of the test above
    w = r2.standard_t(3, size=20_000)
    df = pd.DataFrame({"r": np.r_[u, w + r2.standard_t(3, size=w.size)], "g": np.r_[v, w],
                       "m": ["squash"] * v.size + ["both"] * w.size})
    a = analyze(df, "r", by="m", gold="g", goodhart=True)
    text = a.explain()
    assert "catastrophic-Goodhart case" not in text
    assert ("in 'squash' (P(heavy) = 0.98), but its 10 largest values come with the lowest "
            "gold scores") in text
    assert "in 'both' (P(heavy) = 0.97), but so is the gold score" in text
    report(a, tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "the light-tailed true utility hides" not in page
    assert page.count("sit at the bottom of the reward too") >= 2
    assert page.count("so is the gold score") >= 2


def test_the_readings_do_not_clear_errors_that_behave_catastrophically() -> None:
    """A review of the two readings above: V ~ t(3) beside X ~ t(1.5) (1/ξ_V - 1/ξ_X > 1:
    gains in gold fade, best-of-n's ratio about 0) was cleared as 'gold heavy'; a squashed
    reward with 0.3-1% exploits at its top, whose other top errors come from gold's lower
    tail, was cleared as 'at the bottom'. Both stay the catastrophic case; a reward blind to
    rare disasters in gold (X large where V is very low, whatever the reward) is cleared."""
    from tailstat.goodhart.gold import error_tail

    for seed in range(2):
        rng = np.random.default_rng(seed)
        v = rng.standard_t(3, size=20_000)
        g = goodhart_summary(v + rng.standard_t(1.5, size=v.size), v).gold
        assert g is not None and error_tail(g) == "heavy", seed
        for rate in (0.003, 0.01):
            w = rng.standard_t(2.5, size=5000)
            exploit = (rng.random(w.size) < rate) * (rng.pareto(1.0, size=w.size) + 1) * 3
            s = goodhart_summary(3 * np.tanh(w / 3) + 0.1 * rng.normal(size=w.size) + exploit,
                                 w)
            assert s.gold is not None and error_tail(s.gold) == "heavy", (seed, rate)
            assert s.gold["error_top_reward_share"] > 0
    # a reward blind to rare disasters: cleared where its top rewards carry no extreme error
    # (past the errors' top 5% and their body's reach; the top 5% alone was met by the noise
    # in 4 of these 6 seeds, read as the catastrophic case: a review)
    cleared = 0
    for seed in range(6):
        rng = np.random.default_rng(seed)
        z = rng.normal(size=20_000)
        d = (rng.random(z.size) < 0.02) * (rng.pareto(1.5, size=z.size) + 1) * 3
        s = goodhart_summary(z + 0.3 * rng.normal(size=z.size), z - d)
        assert s.gold is not None and s.gold["error_top_gold_quantile"] < 0.01
        assert s.gold["error_top_reward_share"] == 0
        reading = error_tail(s.gold)
        assert reading == ("at the bottom" if s.gold["reward_top_extreme_share"] <= 0.1
                           else "heavy"), seed
        assert s.gold["reward_top_extreme_share"] <= s.gold["reward_top_error_share"]
        if reading == "at the bottom":
            cleared += 1
            assert "none comes with a top reward" in s.verdict
            assert "catastrophic-Goodhart case" not in s.verdict
    assert cleared == 6  # of the 6 seeds here


def test_saved_gold_readings_out_of_range_are_damage_and_nulls_are_unknown(tmp_path) -> None:
    """A review: a saved file with the new keys null or missing crashed explain(), the report
    and the CLI (exit 70); a P(heavy) of 7 was read and written on the page."""
    import json
    import re

    import pandas as pd

    from tailstat import DataError, analyze
    from tailstat.saved import read_analysis

    rng = np.random.default_rng(8)
    v = rng.standard_t(3, size=20_000)
    a = analyze(pd.DataFrame({"r": 3 * np.tanh(v / 3) + 0.1 * rng.normal(size=v.size),
                              "g": v}), "r", gold="g", goodhart=True)
    path = tmp_path / "a.json"
    a.to_json(path)
    doc = path.read_text()
    assert json.loads(doc)
    for key, value, refused in [("gold_xi", "null", False), ("error_top_gold_quantile", "null",
                                                              False),
                                ("gold_p_heavy", "7.0", True),
                                ("error_top_reward_quantile", "-5.0", True),
                                ("gold_label", '"x"', True)]:
        damaged = re.sub(rf'("{key}":)[^,}}]+', rf"\g<1>{value}", doc, count=1)
        assert damaged != doc
        path.write_text(damaged)
        if refused:
            with pytest.raises(DataError, match=rf"damaged saved analysis.*{key}"):
                read_analysis(path)
        else:
            text = read_analysis(path).explain()
            assert "heavy-tailed with confidence" in text, key


def test_a_reading_clears_an_error_only_where_best_of_n_bears_it_out() -> None:
    """The diff's review: disasters larger than the exploits at the reward's top filled the
    10 largest errors ('at the bottom' with a best-of-n ratio of 0.08), and a reward
    unrelated to gold, or running against it, passed 'gold heavy' with no prediction to
    compare with; and a cleared error's verdict still began 'a KL penalty will not stop
    optimisation from exploiting it'."""
    from tailstat.goodhart.gold import error_tail

    for seed in range(2):
        rng = np.random.default_rng(seed)
        z = rng.normal(size=20_000)
        d = (rng.random(z.size) < 0.02) * (rng.pareto(1.5, size=z.size) + 1) * 30
        e = (rng.random(z.size) < 0.005) * (rng.pareto(1.5, size=z.size) + 1) * 3
        g = goodhart_summary(z + 0.3 * rng.normal(size=z.size) + e, z - d).gold
        assert g is not None and g["ratio"] < 0.5 and error_tail(g) == "heavy", seed
        v = rng.standard_t(3, size=20_000)
        for u in (rng.standard_t(3, size=v.size), -0.3 * v + rng.standard_t(3, size=v.size)):
            s = goodhart_summary(u, v)
            assert s.gold is not None and error_tail(s.gold) not in ("gold heavy",
                                                                     "at the bottom"), seed
            assert "keeps pace" not in s.verdict
    rng = np.random.default_rng(31)
    v = rng.standard_t(3, size=20_000)
    s = goodhart_summary(v + rng.standard_t(3, size=v.size), v)
    assert s.label == "heavy" and "so is the gold score" in s.verdict
    assert "a KL penalty will not hold optimisation back" in s.verdict
    assert "exploiting it" not in s.verdict


def test_a_file_saved_before_the_extreme_share_reads_the_stricter_share() -> None:
    """Schema 3.10 files have reward_top_error_share only: the 'at the bottom' reading then
    rests on it (stricter: every error past the top 5%), never on a missing number."""
    from tailstat.goodhart.gold import error_tail

    gold = {"error_label": "heavy", "error_p_heavy": 0.98, "error_confident": True,
            "error_top_gold_quantile": 0.001, "error_top_reward_share": 0.0,
            "reward_top_error_share": 0.0, "ratio": 1.0, "error_gold_chi": 0.0,
            "error_top_gold_share": 0.0}
    assert error_tail(gold) == "at the bottom"
    assert error_tail({**gold, "reward_top_error_share": 0.5}) == "heavy"
    assert error_tail({**gold, "reward_top_error_share": 0.5,
                       "reward_top_extreme_share": 0.0}) == "at the bottom"
