"""TailAnalysis.explain() (tailstat/analysis_explain.py): every group that may be heavy is
named, and the sentences agree in number."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts


def _analyze(frames: list[pd.DataFrame]) -> ts.TailAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return ts.analyze(pd.concat(frames, ignore_index=True), "r", by="g")


def test_a_light_verdict_with_a_real_chance_of_heavy_is_named() -> None:
    """0.5% t(2) errors in a normal body: light with P(heavy) = 0.40, only counted among the
    light groups before."""
    r = np.random.default_rng(31)
    x = r.normal(size=20_000)
    hit = r.random(20_000) < 0.005
    x[hit] = r.standard_t(2.0, int(hit.sum()))
    frames = [pd.DataFrame({"r": x, "g": "exploit"})]
    frames += [pd.DataFrame({"r": np.random.default_rng(i).normal(size=20_000), "g": f"n{i}"})
               for i in range(4)]
    a = _analyze(frames)
    c = a.classifications["exploit"]
    assert c.label != "heavy" and 0.2 <= c.probabilities["heavy"]
    text = a.explain()
    assert f"'exploit' (P(heavy) = {c.probabilities['heavy']:.2f})" in text
    assert "'n0'" not in text  # the plainly light groups are only counted


def test_one_small_group_reads_its_verdict() -> None:
    frames = [pd.DataFrame({"r": np.random.default_rng(0).normal(size=200), "g": "small"}),
              pd.DataFrame({"r": np.random.default_rng(1).normal(size=5000), "g": "big"})]
    text = _analyze(frames).explain()
    assert ("1 group reads 316 scores or fewer: at that size even a confident probability can "
            "mislead, so read its verdict as a lean.") in text


def test_small_groups_called_heavy_with_confidence_are_read_as_leans() -> None:
    """A review: two groups of 60 read "Heavy-tailed with confidence: 'a'", then "2 groups read
    316 scores or fewer: read their verdicts as leans", which seemed to contradict it; the
    sentence now says that a confident probability can mislead at that size. Keys of several
    by= columns are written as tuples, not quoted twice ("('a', 1)" in double quotes), and
    failed groups' reasons are joined without ".;"."""
    r = np.random.default_rng(0)
    frames = [pd.DataFrame({"r": r.pareto(1.5, 60), "g": g, "h": 1}) for g in ("a", "b")]
    frames.append(pd.DataFrame({"r": r.normal(size=30), "g": "c", "h": 1}))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        a = ts.analyze(pd.concat(frames, ignore_index=True), "r", by=["g", "h"])
    text = a.explain()
    assert "of which 1 could not be analysed (('c', 1))" in text
    assert "\"('a', 1)\"" not in text and "\"('b', 1)\"" not in text
    assert re.search(r"\('[ab]', 1\) \(P\(", text)
    assert ("2 groups read 316 scores or fewer: at that size even a confident probability can "
            "mislead, so read their verdicts as leans.") in text
    failed = [str(w.message) for w in seen if "could not be analysed" in str(w.message)]
    assert len(failed) == 1 and ".;" not in failed[0] and failed[0].endswith("tail estimate).")


def test_gold_on_another_scale_concludes_nothing_from_the_error() -> None:
    """Gold independent of a heavy reward and 10 times as wide: the error's 'light' tail
    was read as 'what optimisation gains is real' (the catastrophic case); the group's own
    gold_note says the gold is on another scale."""
    rng = np.random.default_rng(0)
    n = 20_000
    df = pd.DataFrame({"r": rng.standard_t(3, n), "gold": 10 * rng.normal(size=n), "g": "rm-a"})
    with pytest.warns(ts.TailstatWarning) as caught:
        a = ts.analyze(df, "r", by="g", gold="gold")
    assert "another scale" in a.table.loc[0, "gold_note"]
    # the name quoted, in the note and the warning (a review: "The gold scores of scale
    # spread..." for a group named 'scale')
    assert a.table.loc[0, "gold_note"].startswith("the gold scores of 'rm-a' spread")
    assert any(str(w.message).startswith("The gold scores of 'rm-a' spread") for w in caught)
    text = a.explain()
    assert "gains is real" not in text and "No error (reward − gold)" not in text
    assert ("The gold scores of 'rm-a' seem to be on another scale than the rewards: their "
            "error (reward − gold) mixes two units, and nothing is concluded from its tail."
            ) in text


def test_a_leaning_group_never_shows_the_confident_level() -> None:
    """P(heavy) = 0.7977 was listed as 'Leaning heavy, uncertain: ... (P(heavy) = 0.80)'."""
    x = np.random.default_rng(80).standard_t(3.0, 2000)
    a = _analyze([pd.DataFrame({"r": x, "g": "rm-t3"})])
    text = a.explain()
    assert "Leaning heavy, uncertain: 'rm-t3' (P(heavy) = 0.79)" in text and "0.80" not in text


def test_a_flagged_uncertain_group_and_every_failure_are_accounted_for() -> None:
    """A review: at fdr = 0.5 a group of P(heavy) = 0.66 was flagged (repr: heavy_flagged=1)
    but explain() never said so; and ten failed groups were listed as six names with no
    "and 4 more". (Its p-value is 0.049: flagged at 5%, not at 1%.)"""
    x = np.random.default_rng(0).standard_t(3, 2000)
    frame = pd.DataFrame({"r": x, "g": "m"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        flagged = ts.analyze(frame, "r", by="g", fdr=0.5)
        plain = ts.analyze(frame, "r", by="g", fdr=0.01)
    assert flagged.table["heavy_flag"].tolist() == [True]
    assert "(P(heavy) = 0.66); 1 flagged at a 50% false-discovery rate." in flagged.explain()
    assert "flagged" not in plain.explain()
    rows = pd.DataFrame({"r": np.r_[x, np.arange(30.0)],
                         "g": ["big"] * 2000 + [f"f{i}" for i in range(10)] * 3})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        failed = ts.analyze(rows, "r", by="g")
    assert len(failed.failures) == 10 and "'f5' and 4 more)" in failed.explain()


def test_gold_on_another_scale_in_a_group_whose_error_fails_is_still_said() -> None:
    """A review: 30 gold scores 100 times wider than the rewards were warned as on another
    scale, then the error's failure (too few values) replaced the note, and explain() left
    the group out."""
    rng = np.random.default_rng(0)
    r = rng.normal(size=800)
    g = np.full(800, np.nan)
    g[:30] = 100 * r[:30] + rng.normal(size=30)
    g[400:] = r[400:] + 0.3 * rng.normal(size=400)
    df = pd.DataFrame({"m": np.repeat(["few", "ok"], 400), "r": r, "g": g})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.InputWarning)  # the missing gold scores
        with pytest.warns(ts.TailstatWarning, match="another scale"), \
                pytest.warns(ts.TailstatWarning, match=r"The error \(reward − gold\) of"):
            a = ts.analyze(df, "r", by="m", gold="g")
    note = a.table.set_index("group").loc["few", "gold_note"]
    assert "another scale" in note and "has 30 values" in note
    assert "few" in a.explain() and "another scale" in a.explain()


def _lone_heavy_explained(fdr: float) -> str:
    """The explanation of an analysis of one Pareto(1.5) sample at false-discovery rate fdr."""
    x = np.random.default_rng(4).pareto(1.5, 5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return ts.analyze(x, fdr=fdr).explain()


def test_a_lone_heavy_group_is_flagged_at_any_rate() -> None:
    """Benjamini–Hochberg on p-values has no floor: a lone Pareto(1.5) group is flagged at
    fdr = 0.01 and 0.001 (the empirical-Bayes rule before could flag nothing below 0.02)."""
    for fdr in (0.01, 0.001):
        text = _lone_heavy_explained(fdr)
        assert "1 flagged" in text and "floor" not in text, text


def test_a_flag_on_a_group_not_called_heavy_is_said() -> None:
    """A review: t(8) at n = 10^5 reads light (0.80) yet its heavy score stands out at a 10%
    false-discovery rate: repr() counted heavy_flagged=1 and the command line's gate failed,
    while explain() said only "No group is heavy-tailed with confidence. Light: 1 group"."""
    x = np.random.default_rng(0).standard_t(8, 100_000)
    a = ts.analyze(pd.DataFrame({"model": "rm", "reward": x}), "reward", by="model",
                   fdr=0.1, warn=False)
    row = a.table.iloc[0]
    assert row["label"] != "heavy" and bool(row["heavy_flag"])
    text = a.explain()
    assert "Flagged heavy at a 10% false-discovery rate, though not called heavy: 'rm'" in text
    calm = ts.analyze(pd.DataFrame({"model": "rm", "reward": x}), "reward", by="model",
                      warn=False)
    if not calm.table["heavy_flag"].iloc[0]:
        assert "Flagged heavy" not in calm.explain()


def test_an_error_whose_heavy_tail_is_not_ruled_out_is_named() -> None:
    """A review: rare Pareto(1.5) exploits in the error, gold on 2,000 of 50,000 rows: the
    error read P(heavy) = 0.40 and explain() said only "no error is heavy-tailed with
    confidence", where the report warns not to count on the KL penalty."""
    r = np.random.default_rng(1)
    n = 50_000
    v = r.normal(size=n)
    err = r.normal(0.0, 0.5, n)
    hit = r.random(n) < 0.005
    err[hit] += r.pareto(1.5, int(hit.sum())) + 1.0
    gold = np.full(n, np.nan)
    rows = r.choice(n, 2_000, replace=False)
    gold[rows] = v[rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"reward": v + err, "gold": gold}), "reward", gold="gold")
    e = a.error_classifications["reward"]
    assert not (e.label == "heavy" and e.confident) and 0.2 < e.probabilities["heavy"] < 0.8
    text = a.explain()
    assert "(of the 1 group with gold scores on the rewards' scale)" in text
    p = f"{e.probabilities['heavy']:.2f}"
    assert f"A heavy-tailed error is not ruled out in 'reward' (P(heavy) = {p})" in text


def _stretched(seed: int, *, independent: bool) -> pd.DataFrame:
    """A reward that stretches a heavy true utility (1.5 V + noise: error 0.5 V, its extremes
    gold's), or a light gold plus an independent t(2) error."""
    r = np.random.default_rng(seed)
    n = 10_000
    if independent:
        v = r.normal(size=n)
        return pd.DataFrame({"m": "a", "r": v + r.standard_t(2.0, n), "gold": v})
    v = np.exp(r.normal(size=n))
    return pd.DataFrame({"m": "a", "r": 1.5 * v + 0.1 * r.normal(size=n), "gold": v})


def test_a_heavy_error_with_gold_is_undecided_without_the_goodhart_summary() -> None:
    """A review: the error of a reward stretching a heavy true utility (χ(0.99) = 0.96 in the
    table) was "the catastrophic-Goodhart case" with goodhart=False and "the reward stretches
    true utility" with goodhart=True; without the summary it is now said to be undecided."""
    df = _stretched(1, independent=False)
    a = ts.analyze(df, "r", by="m", gold="gold")
    assert a.error_classifications["a"].label == "heavy"
    text = a.explain()
    assert "catastrophic-Goodhart case." not in text
    assert "it may be the reward stretching true utility" in text
    assert "goodhart=True" in text
    chi = a.dependence["a"].row(0.99)["chi"]
    assert f"(χ(0.99) = {chi:.2f})" in text
    summed = ts.analyze(df, "r", by="m", gold="gold", goodhart=True).explain()
    assert "the reward stretches true utility" in summed and "it may be" not in summed


def test_an_independent_heavy_error_stays_the_catastrophic_case() -> None:
    """χ near independence: the undecided sentence is not said."""
    a = ts.analyze(_stretched(2, independent=True), "r", by="m", gold="gold")
    assert a.error_classifications["a"].label == "heavy"
    assert a.dependence["a"].row(0.99)["chi"] < 0.5
    text = a.explain()
    assert "heavy-tailed with confidence in 'a' (P(heavy) = " in text
    # without the Goodhart summary, said with its conditions (a review: cleared with it)
    assert ("the catastrophic-Goodhart case if the true utility's tail is lighter and these "
            "errors come with the top rewards" in text and "it may be" not in text)
    summed = ts.analyze(_stretched(2, independent=True), "r", by="m", gold="gold",
                        goodhart=True).explain()
    assert "the catastrophic-Goodhart case." in summed
    # and no sentence after it says the opposite (the demo read "... 'rm-heavy' (P(heavy) =
    # 0.97): the catastrophic-Goodhart case. No error (reward − gold) is heavy-tailed with
    # confidence", a fresh-clone run of README's first command caught it)
    assert "No error (reward − gold) is heavy-tailed" not in summed
    demo = ts.datasets.load("reward_models")
    text = ts.analyze(demo, "reward", by="model", gold="gold", goodhart=True).explain()
    assert "'rm-heavy' (P(heavy) = 0.97): the catastrophic-Goodhart case." in text
    assert "No error (reward − gold) is heavy-tailed" not in text


def test_a_reward_that_is_gold_plus_a_constant_is_said_so() -> None:
    """A review: explain() said 'nothing is concluded about their error' of a reward that is
    its gold score plus a constant, the best proxy there is."""
    v = np.random.default_rng(22).standard_t(3, 5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"r": v + 0.5, "gold": v}), "r", gold="gold")
    text = a.explain()
    assert "In 'r' the reward is the gold score plus a constant" in text
    assert "nothing is concluded about their error" not in text


def test_an_analysis_with_no_group_classified_concludes_nothing() -> None:
    """A review: every group too small, and explain() still said 'No group is heavy-tailed
    with confidence', which reads as reassurance."""
    df = pd.DataFrame({"g": ["a"] * 10 + ["b"] * 30, "r": np.arange(40.0)})
    text = _analyze([df]).explain()
    assert "could not be analysed ('a', 'b')" in text
    assert "No group could be classified" in text and "No group is heavy" not in text


def test_an_error_read_on_fewer_rows_than_its_reward_says_so() -> None:
    """Gold scores on a subset of the rows (the usual case: labels are dear): the error is
    read on those rows only, which the table's n_gold alone said."""
    r = np.random.default_rng(5)
    frames = []
    for g, share in (("part", 0.4), ("all", 1.0)):
        v = r.normal(size=20_000)
        gold = np.where(r.random(20_000) < share, v, np.nan)
        frames.append(pd.DataFrame({"r": v + r.normal(0, 0.5, 20_000), "gold": gold, "g": g}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.concat(frames, ignore_index=True), "r", by="g", gold="gold")
    n_gold = int(a.table.set_index("group").loc["part", "n_gold"])
    assert 7_000 < n_gold < 9_000
    text = a.explain()
    assert (f"The error (reward − gold) of 'part' is read on the {n_gold:,} of its 20,000 "
            "rewards that have a gold score") in text
    assert "'all'" not in text  # its error is read on every row


def test_a_goodhart_summary_without_gold_leaves_the_heavy_error_conditional() -> None:
    """Review 388: with 90 gold rows (too few to compare, at least 100) goodhart=True made a
    summary of the reward alone, and explain() turned "the catastrophic-Goodhart case if the
    true utility's tail is lighter ..." into a flat "the catastrophic-Goodhart case", though
    nothing of gold's tail was read."""
    rng = np.random.default_rng(1)
    n = 2000
    v = rng.standard_normal(n)
    u = v + rng.standard_t(1, n)
    v[90:] = np.nan
    df = pd.DataFrame({"reward": u, "gold": v})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", gold="gold", goodhart=True)
    assert a.goodhart["reward"].gold is None
    text = a.explain()
    assert "the catastrophic-Goodhart case if the true utility's tail is lighter" in text
    assert "the Goodhart summary compared no gold scores (it needs at least 100 rows" in text
    assert "read on the 90 of its 2,000 rewards that have a gold score" in text
    assert "the catastrophic-Goodhart case." not in text
