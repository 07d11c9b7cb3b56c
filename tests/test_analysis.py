"""tailstat.analyze: per-group pipeline, failures as rows, FDR flags, gold-vs-proxy error."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 20_000  # large enough that the normal group's label is not a coin toss
    v = rng.normal(size=3 * n)
    err = np.concatenate([rng.normal(scale=0.5, size=n), 0.3 * rng.standard_t(2.0, n),
                          rng.normal(scale=0.5, size=n)])
    df = pd.DataFrame({"model": np.repeat(["light", "heavy", "bounded"], n),
                       "reward": v + err, "gold": v})
    df.loc[df.model == "bounded", "reward"] = np.tanh(df.loc[df.model == "bounded", "reward"])
    bad = pd.DataFrame({"model": "constant", "reward": np.ones(100), "gold": 0.0})
    return pd.concat([df, bad], ignore_index=True)


def _analyze_failing(*args, **kwargs) -> ts.TailAnalysis:
    """analyze() of data with a group that fails: one warning names it (and why)."""
    with pytest.warns(ts.TailstatWarning, match="could not be analysed") as rec:
        res = ts.analyze(*args, **kwargs)
    assert sum("could not be analysed" in str(w.message) for w in rec) == 1
    return res


def test_analyze_rows_labels_and_failure(frame: pd.DataFrame) -> None:
    before = frame.copy(deep=True)
    res = _analyze_failing(frame, "reward", by="model")
    pd.testing.assert_frame_equal(frame, before)
    t = res.to_frame().set_index("group")
    assert t.loc["heavy", "label"] == "heavy"
    assert t.loc["light", "label"] == "light"
    assert t.loc["bounded", "label"] == "bounded"
    assert "constant" in t.loc["constant", "error"] and pd.isna(t.loc["constant", "label"])
    assert "constant" in res.failures
    for col in ("n", "p_heavy", "p_light", "p_bounded", "xi", "xi_low", "xi_high", "xi_level",
                "theta", "theta_low", "theta_high", "theta_level", "threshold", "k", "warnings",
                "heavy_flag"):
        assert col in t.columns
    assert t.loc["heavy", "xi_level"] == 0.95 and pd.isna(t.loc["constant", "xi_level"])
    assert bool(t.loc["heavy", "heavy_flag"]) and not bool(t.loc["light", "heavy_flag"])
    json.dumps(res.to_dict())


def test_analyze_with_gold_classifies_the_error(frame: pd.DataFrame) -> None:
    res = _analyze_failing(frame, "reward", by="model", gold="gold")
    t = res.to_frame().set_index("group")
    assert t.loc["heavy", "error_label"] == "heavy"
    assert t.loc["light", "error_label"] == "light"
    for g in ("heavy", "light"):  # its confidence too (a review: "heavy" beside "uncertain")
        assert t.loc[g, "error_confident"] == res.error_classifications[g].confident
    dep = res.dependence["light"]
    tab = dep.to_frame()
    # measured on the report's grid of levels (0.80 ... 0.995); the table shows 0.95, 0.99
    assert tab.u.iloc[0] == 0.8 and tab.u.iloc[-1] == 0.995 and len(tab) == 40
    assert {0.95, 0.99} <= set(tab.u)
    assert [c for c in t.columns if c.startswith("chi_")] == ["chi_0.95", "chi_0.99"]
    assert (tab.ci_low <= tab.chi).all() and (tab.chi <= tab.ci_high).all()


def test_threshold_is_in_data_units(frame: pd.DataFrame) -> None:
    res = _analyze_failing(frame, "reward", by="model")
    t = res.to_frame().set_index("group")
    x = frame.loc[frame.model == "heavy", "reward"].to_numpy()
    k = int(t.loc["heavy", "k"])
    assert t.loc["heavy", "threshold"] == pytest.approx(np.sort(x)[::-1][k], rel=1e-9)


def test_tail_dependence_independent_vs_comonotone() -> None:
    rng = np.random.default_rng(1)
    x, v = rng.normal(size=20_000), rng.normal(size=20_000)
    ind = ts.tail_dependence(x, v).to_frame()
    assert (ind.ci_low <= ind.independence).all() and (ind.independence <= ind.ci_high).all()
    same = ts.tail_dependence(x, x).to_frame()
    assert np.allclose(same.chi, 1.0)


def test_analyze_rejects_bad_method_and_fdr(frame: pd.DataFrame) -> None:
    with pytest.raises(ts.DataError, match="method"):
        ts.analyze(frame, "reward", by="model", method="bogus")  # type: ignore[arg-type]
    for bad in (2, -1, 0, 1, float("nan"), "x", True):
        with pytest.raises(ts.DataError, match="fdr"):
            ts.analyze(frame, "reward", by="model", fdr=bad)  # type: ignore[arg-type]


def test_verdict_columns(frame: pd.DataFrame) -> None:
    t = _analyze_failing(frame, "reward", by="model").to_frame().set_index("group")
    assert t.loc["heavy", "confident"] and t.loc["heavy", "verdict"].startswith("heavy (")


def test_analyze_single_array() -> None:
    x = np.random.default_rng(0).pareto(2.0, 3000) + 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(x)
    assert len(res.to_frame()) == 1 and res.to_frame().label.iloc[0] == "heavy"


def test_analyze_goodhart_columns_json_and_failures() -> None:
    rng = np.random.default_rng(5)
    n = 3000
    v = rng.normal(size=2 * n)
    err = np.concatenate([rng.normal(size=n), rng.pareto(1.5, size=n) + 1.0])
    df = pd.DataFrame({"model": np.repeat(["light", "heavy"], n), "reward": v + err,
                       "gold": v})
    few = pd.DataFrame({"model": "few-gold", "reward": rng.normal(size=300), "gold": np.nan})
    few.loc[:3, "gold"] = few.loc[:3, "reward"]  # 4 gold rows: too few to compare with
    const = pd.DataFrame({"model": "constant", "reward": np.ones(80), "gold": 0.0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ts.analyze(pd.concat([df, few, const], ignore_index=True), "reward", by="model",
                         gold="gold", goodhart=True)
    t = res.table.set_index("group")
    for col in ("goodhart_verdict", "goodhart_kl_3sd", "goodhart_bon_u_1024",
                "goodhart_bon_v_1024", "goodhart_error"):
        assert col in t.columns
    assert set(res.goodhart) == {"light", "heavy", "few-gold"}
    assert t.loc["light", "goodhart_verdict"].startswith("Reaching a mean reward 3 sd")
    assert t.loc["light", "goodhart_kl_3sd"] > 1.0 > t.loc["heavy", "goodhart_kl_3sd"]
    # 3,000 gold rows: best-of-1024 lies past their reach (n <= rows / 10)
    assert pd.isna(t.loc["heavy", "goodhart_bon_v_1024"])
    assert res.goodhart["heavy"].true_utility_curve()["n"].max() <= 300
    # too few gold rows: the summary of the reward alone, which says so (not a failure)
    few_g = res.goodhart["few-gold"]
    assert few_g.gold is None and few_g.tail.n == 300
    assert "4 row(s) with a gold score, too few" in few_g.settings["gold_note"]
    assert few_g.warnings[0] == few_g.settings["gold_note"]
    # a group whose summary cannot be made records why
    assert set(res.goodhart_failures) == {"constant"}
    assert t.loc["constant", "goodhart_error"] == res.goodhart_failures["constant"]
    assert "no classification" in res.goodhart_failures["constant"]
    d = json.loads(json.dumps(res.to_dict(), allow_nan=False))
    assert d["goodhart"]["heavy"]["label"] == "heavy"
    assert d["goodhart"]["light"]["bon_n"] == 1024 and d["goodhart"]["light"]["bon_v"] is None
    assert set(d["goodhart_failures"]) == {"constant"}
    # off by default: no columns, no summaries
    plain = ts.analyze(df, "reward", by="model")
    assert not plain.goodhart and "goodhart_verdict" not in plain.table.columns
    with pytest.raises(ts.DataError):
        ts.analyze(df, "reward", by="model", goodhart="yes")  # type: ignore[arg-type]


def test_groups_too_small_for_the_automatic_threshold_get_a_rough_summary_that_says_so(
) -> None:
    """50 rewards are too few for the tail model's automatic threshold (62 at least): the
    tail model is fitted above the "fast" threshold (the top 10 values), with the group's
    classification; with gold scores on 10 of a group's rows the reward side still reads all
    of them and the gold comparison the 10. Each says so in its tail model, its warnings and
    the report's line under the verdict (before, these groups had no summary, and the advice
    named an option analyze does not take)."""
    from tailstat.reporting._text import goodhart_details

    rng = np.random.default_rng(8)
    df = pd.DataFrame({"model": np.repeat(["a", "b"], [50, 300]),
                       "reward": rng.normal(size=350), "gold": np.nan})
    df.loc[df.index[-150:], "gold"] = df.loc[df.index[-150:], "reward"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(df, "reward", by="model", goodhart=True)
        with_gold = ts.analyze(df[df.model == "b"], "reward", by="model", gold="gold",
                               goodhart=True)
    assert not res.goodhart_failures and not with_gold.goodhart_failures
    g = res.goodhart["a"]
    assert not g.tail.empirical and g.tail.n_exceed == 10
    assert g.tail.label == res.classifications["a"].label  # the group's own classification
    assert g.tail.settings["why"] == "too few values: fast threshold"
    assert "has 50 values, too few for the automatic threshold" in g.warnings[0]
    assert "fitted to the top 10 values only" in goodhart_details(g)[0]
    # 150 rows with a gold score of 300: the reward side reads all 300 (a tail model), the
    # gold comparison the 150, and the summary says so
    g = with_gold.goodhart["b"]
    assert g.tail.n == 300 and not g.tail.empirical and g.gold is not None
    assert "rests on the 150 of its 300 rows" in goodhart_details(g)[0]
    # a group large enough keeps the automatic threshold
    assert "why" not in res.goodhart["b"].tail.settings


def test_heavy_flags_are_benjamini_hochberg_on_the_heavy_pvalues() -> None:
    """Among many light groups the clear power law is flagged and the light groups are not;
    the table's heavy_pvalue is heavy_pvalues of the classifications and the flags are
    heavy_flags of them."""
    rng = np.random.default_rng(11)
    n, m = 5000, 30
    parts = [pd.DataFrame({"model": f"light-{i:02d}", "reward": rng.normal(size=n)})
             for i in range(m)]
    parts.append(pd.DataFrame({"model": "pareto", "reward": 1.0 + rng.pareto(1.0, n)}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(pd.concat(parts, ignore_index=True), "reward", by="model")
    t = res.to_frame().set_index("group")
    cs = [res.classifications[g] for g in t.index]
    np.testing.assert_array_equal(t["heavy_pvalue"].to_numpy(float),
                                  ts.classification.flags.heavy_pvalues(cs))
    np.testing.assert_array_equal(t["heavy_flag"].to_numpy(bool),
                                  ts.classification.heavy_flags(cs, res.settings["fdr"]))
    assert bool(t.loc["pareto", "heavy_flag"]) and t.loc["pareto", "heavy_pvalue"] < 1e-4
    assert not t["heavy_flag"].drop("pareto").any()
    assert list(t.columns).index("heavy_pvalue") + 1 == list(t.columns).index("heavy_flag")


def test_repr_counts_failed_groups_once_not_as_a_label() -> None:
    rng = np.random.default_rng(13)
    r = rng.standard_t(3.0, 6000)
    r[4000] = np.inf  # group b fails on it
    res = _analyze_failing(pd.DataFrame({"m": np.repeat(["a", "b", "c"], 2000), "r": r}), "r",
                           by="m")
    text = repr(res)
    assert "failed=1" in text and "nan" not in text and "None" not in text


def test_missing_rewards_are_counted_and_failed_groups_keep_their_size() -> None:
    """Dropped rewards are said (n_missing), and a group that fails still shows its size."""
    rng = np.random.default_rng(14)
    r = rng.standard_t(3.0, 9000)
    r[:3000:3] = np.nan  # a third of group a is missing
    r[3000:6000] = 2.5  # group b is constant
    r[3000] = np.nan
    r[7000] = np.inf  # group c has an infinite value
    # and one warning names the groups that lost rewards (the failed one too: its rows)
    with pytest.warns(ts.InputWarning, match=r"^2 of 3 groups had missing rewards \(NaN\), "
                      r"dropped: 'a' \(1,000\), 'b' \(1\);"):
        res = _analyze_failing(pd.DataFrame({"m": np.repeat(["a", "b", "c"], 3000), "r": r}),
                               "r", by="m")
    t = res.table.set_index("group")
    assert t.loc["a", "n"] == 2000 and t.loc["a", "n_missing"] == 1000
    assert pd.isna(t.loc["b", "label"]) and t.loc["b", "n"] == 2999 and t.loc["b", "n_missing"] == 1
    assert t.loc["c", "n"] == 3000 and t.loc["c", "n_missing"] == 0
    assert t["n"].dtype.kind == "i" and list(t.columns[:2]) == ["n", "n_missing"]


def test_constant_gold_scores_are_no_gold_and_are_named() -> None:
    """A constant gold score carries no information about the reward's errors: the error
    (the reward shifted) was classified -- a heavy reward's "error" then read as the
    catastrophic-Goodhart case -- and the group's whole Goodhart summary failed. Now the
    error is not analysed, and the Goodhart summary is the reward's alone, with the note."""
    rng = np.random.default_rng(18)
    df = pd.DataFrame({"m": "h", "r": rng.standard_t(2.5, 3000), "g": 0.0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(df, "r", by="m", gold="g", goodhart=True)
    row = res.table.iloc[0]
    assert row["label"] == "heavy"
    assert row["error_label"] is None and "h" not in res.error_classifications
    assert "h" not in res.dependence
    note = row["gold_note"]
    assert "gold scores of 'h' are all equal" in note and "no information" in note
    assert "x and v" not in note
    g = res.goodhart["h"]
    assert "h" not in res.goodhart_failures and g.gold is None and g.tail.n == 3000
    assert "all equal" in g.settings["gold_note"]


def test_goodhart_verdicts_that_may_turn_are_marked_provisional_in_the_table() -> None:
    """A verdict whose tail model is unsure whether the tail is heavy (0.2 < P(heavy) <
    0.8) is provisional: the table, to_dict and the report's caveat say so alike."""
    from tailstat.reporting._text import goodhart_provisional

    rng = np.random.default_rng(3)
    df = pd.DataFrame({"m": np.repeat(["p1", "p2", "n1", "n2"], 55),
                       "r": np.r_[rng.pareto(1.0, 55), rng.pareto(1.0, 55),
                                  rng.normal(size=55), rng.normal(size=55)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(df, "r", by="m", goodhart=True)
    t = res.table.set_index("group")
    d = res.to_dict()["goodhart"]
    seen = set()
    for key, g in res.goodhart.items():
        want = 0.2 < g.tail.p_heavy < 0.8
        assert g.provisional == want == bool(t.loc[key, "goodhart_provisional"])
        assert d[key]["provisional"] == want
        assert bool(goodhart_provisional(g)) == want
        seen.add(want)
    assert seen == {True, False}


def test_explain_gives_the_analysis_in_plain_sentences() -> None:
    """One paragraph a user can act on: the confidently heavy groups by name (and whether
    the false-discovery rule flags them), the leaning ones, the counts of light and bounded
    groups, the failures and the small samples; consistent with the table."""
    rng = np.random.default_rng(4)
    frames = [pd.DataFrame({"g": f"n{i}", "r": rng.normal(size=2000)}) for i in range(6)]
    frames += [pd.DataFrame({"g": "pareto", "r": rng.pareto(1.0, 2000)}),
               pd.DataFrame({"g": "uniform", "r": rng.uniform(size=2000)}),
               pd.DataFrame({"g": "tiny", "r": rng.normal(size=20)}),
               pd.DataFrame({"g": "small", "r": rng.normal(size=120)})]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(pd.concat(frames, ignore_index=True), "r", by="g")
    text = res.explain()
    assert text.startswith("10 groups, of which 1 could not be analysed ('tiny').")
    c = res.classifications["pareto"]
    assert c.label == "heavy" and c.confident
    assert f"'pareto' (P(heavy) = {c.probability:.2f})" in text
    flagged = bool(res.table.set_index("group").loc["pareto", "heavy_flag"])
    assert ("1 flagged at a 5% false-discovery rate" in text) == flagged
    labels = [x.label for x in res.classifications.values()]
    n_light = labels.count("light")
    assert f"Light: {n_light} groups" in text
    assert "1 group reads 316 scores or fewer" in text
    calm = ts.analyze(pd.concat(frames[:6], ignore_index=True), "r", by="g")
    assert "No group is heavy-tailed with confidence." in calm.explain()
    # with gold: the groups whose error is heavy, by name
    demo = ts.analyze(ts.datasets.load("reward_models"), "reward", by="model", gold="gold")
    heavy_err = [k for k, e in demo.error_classifications.items()
                 if e.label == "heavy" and e.confident]
    assert heavy_err and all(f"{k!r} (" in demo.explain() for k in heavy_err)
    assert "The error (reward − gold) is heavy-tailed with confidence" in demo.explain()


def test_gold_on_another_scale_is_named_once() -> None:
    # gold 10x the reward's units: the error reward - gold mixes two scales; one warning
    # names the groups and each row says it (gold on the reward's own scale: no warning)
    rng = np.random.default_rng(3)
    v = rng.normal(size=8000)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 4000), "u": v + 0.3 * rng.normal(size=8000),
                       "v": v})
    with warnings.catch_warnings():
        warnings.simplefilter("error", ts.TailstatWarning)
        ts.analyze(df, "u", by="m", gold="v")  # the same scale: silent
        # a noisy proxy spreads wider than its gold score on the same scale: silent too
        ts.analyze(df.assign(u=df.v + 4 * rng.normal(size=8000)), "u", by="m", gold="v")
    with pytest.warns(ts.TailstatWarning, match=r"In 2 groups the gold scores spread") as rec:
        res = ts.analyze(df.assign(v=10 * df.v), "u", by="m", gold="v")
    assert sum("another scale" in str(w.message) for w in rec) == 1
    t = res.to_frame().set_index("group")
    assert all("another scale" in t.loc[g, "gold_note"] for g in ("a", "b"))
    # warn=False: recorded in the rows only
    with warnings.catch_warnings():
        warnings.simplefilter("error", ts.TailstatWarning)
        quiet = ts.analyze(df.assign(v=10 * df.v), "u", by="m", gold="v", warn=False)
    assert "another scale" in quiet.to_frame().set_index("group").loc["a", "gold_note"]


def test_nan_raise_raises_for_any_group() -> None:
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 3000), "r": rng.normal(size=6000)})
    df.loc[4000, "r"] = np.nan
    with pytest.raises(ts.MissingValuesError, match="'b'"):
        ts.analyze(df, "r", by="m", nan="raise")
    with pytest.warns(ts.InputWarning, match=r"1 of 2 groups .* dropped: 'b' \(1\)"):
        res = ts.analyze(df, "r", by="m")  # the default drops and counts it, and says so
    assert res.to_frame().set_index("group").loc["b", "n_missing"] == 1


def test_a_dict_mixing_sketches_and_arrays_names_the_odd_one() -> None:
    s = ts.TailSketch.from_sample(np.random.default_rng(0).normal(size=5000))
    with pytest.raises(ts.DataError, match="'b' holds a ndarray: sketch it too"):
        ts.analyze({"a": s, "b": np.ones(10)})


def test_goodhart_compares_with_gold_only_when_best_of_ten_is_within_reach() -> None:
    """19 gold rows of 3000 gave "best-of-1 changes true utility by +0.00 sd": no
    optimisation at all. Below MIN_GOLD_ROWS (best-of-10 within the sample's reach, N/10)
    the summary is of the reward alone, and says so."""
    from tailstat.analysis_goodhart import MIN_GOLD_ROWS

    rng = np.random.default_rng(8)
    frames = []
    for name, n_gold in (("few", MIN_GOLD_ROWS - 1), ("enough", MIN_GOLD_ROWS)):
        v = rng.normal(size=3000)
        gold = np.full(3000, np.nan)
        gold[:n_gold] = v[:n_gold]
        frames.append(pd.DataFrame({"model": name, "reward": v + rng.normal(size=3000),
                                    "gold": gold}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ts.analyze(pd.concat(frames, ignore_index=True), "reward", by="model",
                         gold="gold", goodhart=True)
    few, enough = res.goodhart["few"], res.goodhart["enough"]
    assert few.gold is None and f"{MIN_GOLD_ROWS - 1} row(s) with a gold score" in \
        few.settings["gold_note"]
    assert enough.gold is not None and enough.gold["n"] >= 10


def test_groups_beyond_one_batch_keep_their_order_rows_and_progress():
    """analyze sketches groups a batch at a time before classifying them: with more groups
    than a batch (and a failed group inside), the rows, the failures and the progress lines
    are in group order, one each, as a group-by-group loop gives them."""
    from tailstat.analysis import _BATCH

    rng = np.random.default_rng(11)
    keys = [f"g{i:02d}" for i in range(_BATCH + 5)]
    sizes = [30 if i == _BATCH else 400 for i in range(len(keys))]  # one too small
    df = pd.DataFrame({"g": np.repeat(keys, sizes),
                       "r": np.concatenate([rng.normal(size=m) for m in sizes])})
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r", by="g", progress=seen.append)
    assert a.table["group"].tolist() == keys
    assert [line.split("]")[0] for line in seen] == [f"[{i}/{len(keys)}" for i in
                                                    range(1, len(keys) + 1)]
    assert list(a.failures) == [keys[_BATCH]] and a.table["label"].isna().sum() == 1
    assert a.table.loc[_BATCH, "n"] == 30
    for key in keys[:3] + keys[-2:]:
        one = ts.classify(df.loc[df.g == key, "r"].to_numpy())
        assert a.classifications[key].probabilities == pytest.approx(one.probabilities,
                                                                     abs=1e-12)


def test_sketches_made_on_threads_equal_those_made_in_turn(monkeypatch):
    """Large groups are sketched on threads (one per usable core): the analysis, its
    sketches and its failures are exactly those of sketching one group after another, and
    the threads were used."""
    import threading

    import tailstat._threads as th
    import tailstat.analysis as an

    rng = np.random.default_rng(5)
    sizes = [th.MIN_ROWS, 300, 30, th.MIN_ROWS + 7, 2 * th.MIN_ROWS]
    keys = [f"m{i}" for i in range(len(sizes))]
    df = pd.DataFrame({"g": np.repeat(keys, sizes),
                       "r": np.concatenate([rng.standard_t(3, size=m) for m in sizes])})
    made_on: list[str] = []
    plain = an._sketched

    def recorded(item):
        made_on.append(threading.current_thread().name)
        return plain(item)

    monkeypatch.setattr(an, "_sketched", recorded)
    results = {}
    for cores in (1, 3):
        monkeypatch.setattr(th, "usable_cores", lambda c=cores: c)
        made_on.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            results[cores] = ts.analyze(df, "r", by="g")
        threaded = sum(name.startswith("tailstat-sketch") for name in made_on)
        assert threaded == (3 if cores == 3 else 0)  # the three groups of 65,536 rows or more
    one, many = results[1], results[3]
    pd.testing.assert_frame_equal(one.table, many.table)
    assert list(one.failures) == list(many.failures) == ["m2"]
    for key in keys:
        if key in one.sketches:
            assert one.sketches[key].to_bytes() == many.sketches[key].to_bytes()
    assert set(one.sketches) == set(many.sketches) == set(keys) - {"m2"}  # m2: too few


def test_too_small_groups_are_refused_in_the_same_words_whatever_their_size():
    """A group too small to classify (or empty) fails with the classifier's minimum, 50, in
    one wording: rows and sketches alike (it used to say "at least 5" below 5 values)."""
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"g": ["a"] * 200 + ["b"] * 30 + ["c"] * 3 + ["d"] * 2,
                       "r": np.r_[rng.normal(size=233), np.nan, np.nan]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        rows = ts.analyze(df, "r", by="g")
        sketched = ts.analyze({k: ts.TailSketch.from_sample(df.loc[df.g == k, "r"], name=k)
                               for k in "abc"})
    assert list(rows.failures) == ["b", "c", "d"]
    for key in "bcd":
        assert "at least 50" in rows.failures[key]
    assert rows.failures["b"].startswith("'b' has only 30 value(s); at least 50 are needed")
    for key in "bc":
        assert sketched.failures[key] == rows.failures[key]


def test_progress_covers_the_goodhart_summaries() -> None:
    """With goodhart=True most of the time goes to the summaries, after the last
    'classifying' line: each group now gets a second line as its summary is made."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"g": np.repeat(["a", "b", "c"], 2000), "r": rng.normal(size=6000)})
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        ts.analyze(df, "r", by="g", goodhart=True, progress=seen.append)
    assert [s for s in seen if "classifying" in s] == [
        f"[{i}/3] classifying {k}" for i, k in enumerate("abc", 1)]
    assert [s for s in seen if "Goodhart" in s] == [
        f"[{i}/3] Goodhart summary of {k}" for i, k in enumerate("abc", 1)]


def test_a_group_that_could_not_be_classified_is_neither_flagged_nor_cleared(
        tmp_path: Path) -> None:
    """A failed group's heavy_flag was False, which reads as 'checked, not heavy'. It is NA
    (a nullable boolean) in the table, null in the JSON, and survives a save and read."""
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"g": ["ok"] * 3000 + ["tiny"] * 20,
                       "r": np.r_[1.0 + rng.pareto(1.0, 3000), rng.normal(size=20)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r", by="g")
    t = a.table.set_index("group")
    assert str(t["heavy_flag"].dtype) == "boolean"
    assert t.loc["tiny", "heavy_flag"] is pd.NA and bool(t.loc["ok", "heavy_flag"])
    assert int(a.table["heavy_flag"].sum()) == 1 and "heavy_flagged=1" in repr(a)
    rows = {r["group"]: r for r in a.to_dict()["table"]}
    assert rows["tiny"]["heavy_flag"] is None and rows["ok"]["heavy_flag"] is True
    json.dumps(a.to_dict(), allow_nan=False)
    back = ts.read_analysis(a.to_json(tmp_path / "a.json"))
    pd.testing.assert_frame_equal(back.table, a.table)


def test_sketch_keys_keep_their_values_in_the_table() -> None:
    """A mapping of sketches keyed None and 1 gave a float group column [nan, 1.0]: the
    None group's row no longer named its failure, and 1 became 1.0. A missing key is
    "<NA>", as in a by= column."""
    rng = np.random.default_rng(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze({None: ts.TailSketch.from_sample(rng.normal(size=10)),
                        1: ts.TailSketch.from_sample(rng.standard_t(3, 5000))})
        b = ts.analyze({2.5: ts.TailSketch.from_sample(rng.normal(size=3000)),
                        1: ts.TailSketch.from_sample(rng.standard_t(3, 5000))})
        c = ts.analyze({1: ts.TailSketch.from_sample(rng.normal(size=3000)),
                        2: ts.TailSketch.from_sample(rng.standard_t(3, 5000))})
    assert a.table["group"].tolist() == ["<NA>", 1] and "<NA>" in a.failures
    assert 1 in a.classifications
    assert [type(k) for k in b.table["group"]] == [float, int]
    assert str(c.table["group"].dtype) == "int64"  # plain keys keep their dtype


def test_threshold_column_is_the_order_statistic_itself() -> None:
    """(X(n-k) - centre) + centre was 1 ulp off X(n-k) for about 7% of groups (a review:
    21 of 300), and x > threshold then counted k + 1 exceedances."""
    rng = np.random.default_rng(13)
    sizes = rng.integers(50, 150, 120)
    df = pd.DataFrame({"g": np.repeat(np.arange(120), sizes),
                       "r": np.concatenate([rng.pareto(1 + (i % 5), s) * (i + 1)
                                            for i, s in enumerate(sizes)])})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = ts.analyze(df, "r", by="g").to_frame()
    for row in table.itertuples():
        vals = df.loc[df["g"] == row.group, "r"].to_numpy()
        assert row.threshold == np.sort(vals)[-row.k - 1]
        assert int((vals > row.threshold).sum()) == row.k


def test_rows_without_a_group_key_are_said_to_form_their_own_group() -> None:
    """A review: rows whose by= value is missing became a group '<NA>' without a word, and
    the verdict named it as a heavy reward model; missing rewards are counted, missing keys
    now are too (once, naming the groups they form; as groupby(dropna=False))."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"model": np.repeat(["rm-a", "rm-b"], 2000),
                       "score": rng.normal(size=4000)})
    df.loc[df.sample(n=400, random_state=0).index, "model"] = None
    with pytest.warns(ts.InputWarning, match=r"400 rows have no value in 'model' \(missing\): "
                      r"analysed as the group\(s\) '<NA>'.*dropna\(subset=\['model'\]\)"):
        res = ts.analyze(df, "score", by="model")
    assert "<NA>" in res.table["group"].tolist()
    with warnings.catch_warnings():  # keys all present: nothing to say
        warnings.simplefilter("error", ts.InputWarning)
        ts.analyze(df.dropna(subset=["model"]), "score", by="model")


def test_a_notebook_shows_the_table() -> None:
    """_repr_html_ was the base class's: an empty table (no scalar fields)."""
    frame = pd.DataFrame({"g": np.repeat(["<b>a</b>", "b"], 2000),
                          "r": np.random.default_rng(0).standard_t(3, 4000)})
    page = ts.analyze(frame, "r", by="g")._repr_html_()
    assert "<table" in page and "&lt;b&gt;a&lt;/b&gt;" in page and "<b>a</b>" not in page
    assert page.count("<tr") == 3 and "verdict" in page  # the header and two groups
