"""TailAnalysis.explain() (tailstat/analysis_explain.py): every group that may be heavy is
named, and the sentences agree in number."""

from __future__ import annotations

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
    assert "1 group reads 316 scores or fewer: read its verdict as leans." in text


def test_gold_on_another_scale_concludes_nothing_from_the_error() -> None:
    """Gold independent of a heavy reward and 10 times as wide: the error's 'light' tail
    was read as 'what optimisation gains is real' (the catastrophic case); the group's own
    gold_note says the gold is on another scale."""
    rng = np.random.default_rng(0)
    n = 20_000
    df = pd.DataFrame({"r": rng.standard_t(3, n), "gold": 10 * rng.normal(size=n), "g": "rm-a"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r", by="g", gold="gold")
    assert "another scale" in a.table.loc[0, "gold_note"]
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
