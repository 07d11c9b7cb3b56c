"""The window the classifier reads, and an atom inside it: ``classification/_window.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.classification._features import k_for
from tailstat.classification._window import FLOOR_SHARE, above_floor
from tailstat.data import check_sample, upper_tail


def _zeros(seed: int, n: int = 3000, share: float = 0.7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    x[rng.random(n) < share] = 0.0
    return x


def _quiet(x, **kw) -> ts.TailClassification:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ts.classify(x, **kw)


def test_a_floor_inside_the_window_is_read_from_the_scores_above_it() -> None:
    """70% of 3,000 normal scores set to 0: the centre sat on the atom, its zero spacings
    read as a power law's body, and 25 of 40 seeds were heavy (P(heavy) ~ 0.95, "rare
    exploits"). The scores above the atom are a sample of the same tail: read alone, the
    classification is theirs, bit for bit, with the note; 40 other seeds: at most 4 heavy
    (a half-normal of 430 values reads heavy 2.5% of the time)."""
    x = _zeros(0)
    with pytest.warns(ts.TailstatWarning, match=r"'rm': \d+ of the top 833 scores equal 0 "
                      r"\(an atom.*read from the \d+ scores above it"):
        c = ts.classify(x, name="rm")
    above = np.sort(x[x > 0])
    alone = _quiet(above, name="rm")
    assert c.probabilities == alone.probabilities and c.xi == alone.xi
    # n counts every score (the Goodhart tail model checks it); the reading, the scores above
    assert c.n == 3000 and c.settings["n_read"] == above.size == alone.n
    assert c.warnings[0].startswith(f"{c.warnings[0].split()[0]} of the")
    heavy = sum(_quiet(_zeros(100 + s)).label == "heavy" for s in range(40))
    assert heavy <= 4


def test_continuous_and_rounded_samples_keep_their_window() -> None:
    """No tied run in a continuous sample; rounded scores tie at every level (their ties
    caveat stands); the maximum's run is a ceiling's (saturation), not a floor."""
    rng = np.random.default_rng(3)
    samples = [rng.normal(size=5000), rng.standard_t(3.0, 3000), np.round(rng.normal(size=5000), 1),
               np.round(rng.normal(size=20_000) * 4) / 4, rng.poisson(20, 10_000).astype(float),
               np.minimum(rng.normal(size=5000), 1.5)]
    for x in samples:
        tail = upper_tail(check_sample(x), k_max=k_for(x.size))
        same, note = above_floor(tail, "x", warn=False)
        assert note is None and same is tail


def test_the_run_must_hold_a_share_of_the_window() -> None:
    """A tied run at the centre of fewer than FLOOR_SHARE of the window's values is left
    alone; one of more is an atom."""
    x = np.random.default_rng(4).normal(size=10_000)
    c = k_for(x.size)
    order = np.argsort(-x)  # descending ranks
    need = int(np.ceil(FLOOR_SHARE * (c + 1)))
    for run, found in ((need - 1, False), (need, True)):
        y = x.copy()
        y[order[c + 1 - run: c + 1]] = x[order[c]]  # the run ends at the centre X(n - c)
        tail = upper_tail(check_sample(y), k_max=c)
        assert (above_floor(tail, "x", warn=False)[1] is not None) is found, run


def test_too_few_scores_above_the_floor_is_refused() -> None:
    rng = np.random.default_rng(5)
    x = np.zeros(2000)
    x[:40] = rng.normal(size=40) ** 2 + 0.1
    x[40:700] = rng.normal(size=660) - 5.0
    with pytest.raises(ts.DataError, match=r"only 40 scores lie above it; classification "
                       r"needs at least 50 there\. Drop the atom's scores"):
        ts.classify(x, name="rm")


def test_analyze_keeps_the_group_and_its_goodhart_summary() -> None:
    """The table's n is the group's, and the Goodhart summary, whose tail model checks that
    the classification was made from the group's n, is made (it failed for a floored group
    while the classification counted only the scores above the floor); 90% zeros leave
    fewer than 317 scores to read: the overview says the verdict is a lean."""
    df = pd.DataFrame({"r": np.r_[_zeros(0), np.random.default_rng(6).normal(size=3000),
                                  _zeros(7, share=0.9)],
                       "m": np.repeat(["floor", "plain", "deep floor"], 3000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ts.analyze(df, "r", by="m", goodhart=True)
    t = res.table.set_index("group")
    assert t.loc["floor", "n"] == 3000 and res.classifications["floor"].n == 3000
    assert "an atom" in t.loc["floor", "warnings"]
    assert not res.goodhart_failures and "floor" in res.goodhart
    assert res.classifications["deep floor"].settings["n_read"] < 317
    # the group holds 3,000 scores: what it read is said, and why (a review, stop 43)
    assert "1 group reads 316 scores or fewer (1 above a floor of tied scores)" in res.explain()


def test_rounded_scores_above_a_floor_are_read_around_it() -> None:
    """Rounded to 2 or 3 decimals, the scores above a floor tie now and then, and the rule
    (it then asked for untied scores above) did not fire: 19 of 20 seeds heavy."""
    for decimals in (1, 2, 3):
        fired = heavy = 0
        for seed in range(100, 110):
            c = _quiet(np.round(_zeros(seed), decimals))
            fired += any("(an atom, such as a floor" in w for w in c.warnings)
            heavy += c.label == "heavy"
        assert fired == 10 and heavy <= 2, (decimals, fired, heavy)


def test_small_samples_with_a_tied_pair_are_classified() -> None:
    """A window of 30 made a tied pair an atom (5% of 30), and n < 125 could never have
    50 scores above it: ordinary small samples were refused."""
    x = np.sort(np.random.default_rng(9).normal(size=60))[::-1].copy()
    x[23] = x[22]
    assert _quiet(x).n == 60
    for seed in range(100):
        for n in (60, 100):
            _quiet(np.round(np.random.default_rng(seed).normal(size=n), 2))  # no DataError


def test_counts_on_few_levels_are_left_alone() -> None:
    """At the top of Poisson(3) counts the runs grow 3 to 5 times from one level to the next:
    a floor there was found in 3 of 100 seeds and refused; counts on fewer than 11 levels
    above a run are never a floor."""
    for seed in range(100):
        x = np.random.default_rng(seed).poisson(3.0, 10_000).astype(float)
        tail = upper_tail(check_sample(x), k_max=k_for(x.size))
        assert above_floor(tail, "x", warn=False)[1] is None


def test_levels_a_few_float_steps_apart_are_named_as_lost_precision() -> None:
    """A review: N(0, 1) + 1e16 takes 3 values at float64 (2 apart), printed alike as
    "1e+16, 1e+16, 1e+16" and blamed on ratings or rounding; the message now prints them
    apart and names the offset."""
    x = np.random.default_rng(14).normal(size=5000) + 1e16
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TiesWarning)  # its ties come before the refusal
        with pytest.raises(ts.DataError, match=r"1\.0000000000000004e\+16, .*a few float64 "
                                               r"steps apart .*subtract a typical value"):
            ts.classify(x)
        with pytest.raises(ts.DataError, match=r"\(4, 3, 2, 1\)\. Scores on a few levels"):
            ts.classify(np.round(np.random.default_rng(1).normal(size=5000)))


def test_a_sketch_notes_the_missing_values_it_dropped_as_rows_do() -> None:
    """A review: classify(x) noted "5 missing values (NaN) were dropped" and classify of the
    sketch of x did not (the sketch counts them); within analyze the table's n_missing says
    it, and the classification carries no second note, as for rows."""
    x = np.random.default_rng(0).standard_normal(3000)
    x[:5] = np.nan
    sketch = ts.TailSketch.from_sample(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        assert ts.classify(sketch).warnings == ts.classify(x).warnings
        assert "5 missing values" in ts.classify(sketch).warnings[0]
        a = ts.analyze({"g": sketch})
        rows = ts.analyze(pd.DataFrame({"r": x, "g": "g"}), "r", by="g")
    assert a.table["n_missing"].tolist() == [5]
    assert a.classifications["g"].warnings == rows.classifications["g"].warnings
    assert not [w for w in a.classifications["g"].warnings if "missing" in w]


def test_a_ceiling_that_fills_the_window_is_bounded_and_named() -> None:
    """A review (stop 43): 23.4% of N(0, 1) clipped at a ceiling (16% at n = 60,000) filled
    the values the classifier reads, and the error spoke of ratings and rounding. Then it was
    refused in its own words, while 23.3% was called bounded (saturated): so a clipped reward
    read bounded at n = 10^4 and failed at 10^5, where the same 10% fills the (relatively
    smaller) window (a review, stop 55). Bounded by construction, at any share: no score,
    so never flagged, and the note says how to read the tail below the ceiling."""
    x = np.random.default_rng(1).standard_normal(5000)
    filled = ts.classify(np.minimum(x, np.quantile(x, 1 - 0.234)), warn=False)
    near = ts.classify(np.minimum(x, np.quantile(x, 1 - 0.233)), warn=False)
    for c in (filled, near):
        assert (c.label, c.pattern, c.probability) == ("bounded", "saturated", 0.98)
    assert any(w.startswith("1,170 scores (23%) equal the maximum")
               and "all 1,169 values the classifier reads" in w
               and "x[x < x.max()]" in w for w in filled.warnings)
    assert np.isnan(filled.settings["heavy_log_odds"])
    assert np.isnan(ts.classification.heavy_pvalues([filled])[0])
    for n in (10**4, 10**5):  # the same 10% at the ceiling, more data: the same verdict
        y = np.minimum(np.random.default_rng(2).standard_normal(n), 1.2816)
        assert ts.classify(y, warn=False).pattern == "saturated"
    # binary rewards, whatever their share of ones and n (a review of the change: 10% ones
    # were refused at 10^4, as a scale of 2 levels, and bounded at 10^5, filling the window);
    # no shape read, so no resemblance to a reference tail either
    for share in (0.02, 0.1, 0.5):
        for n in (10**3, 10**4, 10**5):
            b = (np.random.default_rng(3).random(n) < share).astype(float)
            c = ts.classify(b, warn=False)
            assert (c.label, c.pattern, c.nearest) == ("bounded", "saturated", {})
            assert c.depth_probabilities == {"deep": {}, "top": {}}


def test_column_with_a_sketch_is_refused() -> None:
    """A review (stop 43): classify(sketch, column="r") ignored column= in silence (analyze
    refuses it)."""
    x = np.random.default_rng(0).normal(size=5000)
    with pytest.raises(ts.DataError, match="column='r' is for a table; a TailSketch holds"):
        ts.classify(ts.TailSketch.from_sample(x), column="r")


def test_scores_whose_differences_overflow_are_refused() -> None:
    """A review (stop 44): scores up to 1.5e308 of both signs made every feature NaN (the
    differences overflow), and classify returned the prior, 1/3 each, as a verdict."""
    rng = np.random.default_rng(0)
    x = np.r_[rng.uniform(-1, -0.5, 900), rng.uniform(0.5, 1, 100)]
    same = ts.classify(x * 1e308, warn=False).probabilities
    assert same == pytest.approx(ts.classify(x, warn=False).probabilities, rel=1e-9)
    with pytest.raises(ts.DataError, match=r"span more than the largest float64.*divide the "
                                           r"scores by a power of ten"):
        ts.classify(x * 1.5e308, warn=False)


@pytest.mark.parametrize(("x", "said"), [
    ([1.0, 2.0, 3.0], "'x' has only 3 value(s); at least 50 are needed"),
    ([], "'x' is empty: there are no rewards to analyse; at least 50 values"),
    (np.r_[np.arange(49.0), [np.nan] * 10],
     "'x' has only 49 value(s) (10 missing value(s) dropped); at least 50 are needed"),
])
def test_too_few_values_are_measured_against_classifys_minimum(x, said) -> None:
    """A review (stop 44): three values were told "at least 5 are needed" (the intake's
    minimum, not classify's 50), and 49 values left of 59 were not told of the 10 dropped."""
    with pytest.raises(ts.DataError) as err:
        ts.classify(x, warn=False)
    assert str(err.value).startswith(said)


def test_a_ceiling_counted_from_a_sketch_says_all_the_sketch_holds() -> None:
    """A review: binary rewards with 9,527 ones of 20,000 were said "at least 2,949 scores
    (15%) equal the maximum" by analyze and by a sketch, the window's count, though the
    sketches held 3,686 and 7,372 ones. A sketch counts its maximum exactly now (a later
    review: four paths, four counts); one that does not know it (bytes of an older tailstat)
    says the count held, a lower bound."""
    x = (np.random.default_rng(0).uniform(size=20_000) < 0.48).astype(float)
    exact = ts.classify(x, warn=False)
    assert exact.warnings[0].startswith("9,527 scores (48%) equal the maximum 1")
    sketch = ts.TailSketch.from_sample(x)
    held = int(np.sum(sketch.top == 1.0))
    assert held == 7372 and held < 9527
    c = ts.classify(sketch, warn=False)
    assert c.warnings[0].startswith("9,527 scores (48%) equal the maximum 1")
    table = ts.analyze(pd.DataFrame({"r": x}), "r", warn=False)
    note = next(iter(table.classifications.values())).warnings[0]
    assert note.startswith("9,527 scores (48%) equal the maximum 1")
    assert (c.label, c.probabilities) == (exact.label, exact.probabilities)
    sketch._at_max = (1.0, None)  # as read from bytes without the count
    unknown = ts.classify(sketch, warn=False)
    assert unknown.warnings[0].startswith(f"at least {held:,} scores (37%) equal the maximum")
    assert (unknown.label, unknown.probabilities) == (exact.label, exact.probabilities)


def test_copies_of_one_output_that_fill_the_shallow_depths_are_refused() -> None:
    """A review (stop 44): 200 copies of 10 above 1,000 N(0, 1) scores were called "bounded
    (0.97)" -- the features read the copies alone -- and explained as a ceiling beside a note
    saying "not a ceiling"."""
    rng = np.random.default_rng(2)
    body = rng.normal(size=1000)
    with pytest.raises(ts.DataError, match=r"200 values equal the maximum 10, far above the "
                                           r"next score .* one output scored 200 times"):
        ts.classify(np.r_[body, np.full(200, 10.0)], warn=False)
    # 16 to 25 copies flipped between heavy and light with confidence: from half the
    # top-of-the-sample reading's depth (16 at n = 1,000) they are refused as well
    assert ts.classify(np.r_[body, np.full(5, 10.0)], warn=False).settings["k_levels"][
        "top"] == 16
    for m in (8, 16, 20, 25):
        with pytest.raises(ts.DataError, match=f"one output scored {m} times, at least half "
                                               "of the top 16 values"):
            ts.classify(np.r_[body, np.full(m, 10.0)], warn=False)
    # a few copies: the features decide, with the note
    c = ts.classify(np.r_[body, np.full(5, 10.0)], warn=False)
    assert c.label == "heavy" and any("far above the next score" in w for w in c.warnings)


@pytest.mark.parametrize("n", [-1, 0, None, float("nan"), 10.5, True])
def test_depth_helpers_refuse_what_is_no_sample_size(n: object) -> None:
    """k_for(-1) raised a TypeError about complex numbers, k_for(0) answered 12 (a review)."""
    from tailstat.classification import k_levels

    for helper in (k_for, k_levels):
        with pytest.raises(ts.DataError, match="n must be a sample size"):
            helper(n)  # type: ignore[arg-type]


def test_an_upper_tail_of_a_float_size_is_read_as_that_integer() -> None:
    """UpperTail(desc, n=5000.0) (a size computed as len(df) * share): classify refused it
    with "n must be an integer ... got 5000.0", a parameter the caller never passed."""
    from tailstat.data.tail import UpperTail

    x = np.random.default_rng(0).pareto(2.0, 5000)
    desc = np.sort(x)[::-1][:1200].copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = ts.classify(UpperTail(desc=desc, n=5000.0))  # type: ignore[arg-type]
        b = ts.classify(UpperTail(desc=desc, n=5000))
    assert a.probabilities == b.probabilities


def test_a_sketch_too_small_to_classify_is_refused_in_the_words_rows_get() -> None:
    """A review: classify of an empty sketch said "n must be a sample size (an integer >=
    1); got 0", and of 3 values "at least 5 are needed" (the sketch's minimum, not classify's
    50)."""
    s = ts.TailSketch(name="rm")
    with pytest.raises(ts.DataError, match=r"the sketch 'rm' is empty: update\(\) it"):
        ts.classify(s)
    s.update([1.0, 2.0, 3.0])
    with pytest.raises(ts.DataError, match=r"'rm' has only 3 value.*at least 50"):
        ts.classify(s)
    nan = ts.TailSketch(name="rm").update([np.nan, np.nan])  # as rows of NaN are refused
    with pytest.raises(ts.DataError, match=r"^'rm' is empty \(all 2 values were NaN\)"):
        ts.classify(nan)


def test_a_tied_run_is_counted_alike_by_the_rows_a_sketch_and_dask() -> None:
    """A review: t(6) rewards rounded to 0.5 at n = 10^4 have a tied run at the window's
    centre from rank 1338 to 2470; analyze's sketch (capacity_for(n) = 2321) cut it, so its
    length was estimated there and counted whole from the rows: heavy 0.54 in analyze and
    light 0.46 in classify, and Dask (capacity from the rows, NaN included) as classify.
    Every path counts a run within held_depth(n) now."""
    import dask.dataframe as dd

    from tailstat.classification._features import held_depth
    from tailstat.dask import analyze as dask_analyze
    from tailstat.sketch import TailSketch, capacity_for

    x = np.round(np.random.default_rng(2).standard_t(6, 10_000) * 2) / 2
    assert held_depth(x.size) == capacity_for(x.size) == 2321
    below = np.sort(x)[::-1]
    centre = below[k_for(x.size)]
    assert np.count_nonzero(x > centre) < k_for(x.size) < 2321 < np.count_nonzero(x >= centre)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        want = ts.classify(x).probabilities["heavy"]
        got = [ts.analyze(x).table.p_heavy.iloc[0],
               ts.analyze(TailSketch.from_sample(x, name="x")).table.p_heavy.iloc[0],
               ts.classify(TailSketch.from_sample(x, capacity=capacity_for(x.size)))
               .probabilities["heavy"]]
        df = pd.DataFrame({"r": np.r_[x, np.full(2000, np.nan)]})
        got.append(dask_analyze(dd.from_pandas(df, npartitions=3), "r", warn=False)
                   .table.p_heavy.iloc[0])
    assert got == pytest.approx([want] * 4, abs=1e-12)


@pytest.mark.parametrize("end", [2320, 2321, 2322])
def test_a_tied_run_ending_at_the_held_depth_is_counted_alike(end: int) -> None:
    """A review: a run ending exactly at rank held_depth(n) (2321 at n = 10^4) was counted
    from the rows, and not from a sketch of that capacity, whose last value it is."""
    from tailstat.sketch import TailSketch, capacity_for

    x = np.round(np.random.default_rng(2).standard_t(6, 10_000) * 2) / 2
    centre = np.sort(x)[::-1][k_for(x.size)]
    ge = int(np.count_nonzero(x >= centre))
    x[np.flatnonzero(x == centre)[: ge - end]] = centre - 0.5  # the run ends at rank `end`
    assert np.count_nonzero(x >= centre) == end
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        rows = ts.classify(x).probabilities["heavy"]
        held = ts.classify(TailSketch.from_sample(x, capacity=capacity_for(x.size)))
        table = ts.analyze(x).table.p_heavy.iloc[0]
    assert rows == pytest.approx(held.probabilities["heavy"], abs=1e-12)
    assert rows == pytest.approx(table, abs=1e-12)


def test_a_short_sketch_of_tied_scores_says_its_edge_run_is_estimated() -> None:
    """A review: a sketch holding k_for(n) + 1 rounded t(5) scores read heavy 0.50 where the
    rows read light 0.57, without a word: the run of ties at the window's edge goes on past
    what it holds, and its length is estimated from the runs above (as for an UpperTail of
    the window; the rows count it). The note says so and names the capacity that counts it;
    the default capacity reads as the rows, and continuous scores are unaffected."""
    from tailstat.sketch import TailSketch

    x = np.round(np.random.default_rng(5).standard_t(5, 1000), 0)
    rows = ts.classify(x, warn=False)
    short = ts.classify(TailSketch.from_sample(x, capacity=k_for(1000) + 1), warn=False)
    said = "goes on past the values counted, so its length is estimated from the runs above"
    (note,) = [w for w in short.warnings if "order statistics are tied" in w]
    assert said in note and "it is counted when it ends within the top 1,000" in note
    assert not any(said in w for w in rows.warnings)
    held = ts.classify(upper_tail(x, k_for(1000)), warn=False)  # the same reading
    assert held.probabilities == pytest.approx(short.probabilities, abs=1e-12)
    full = ts.classify(TailSketch.from_sample(x), warn=False)
    assert full.probabilities == rows.probabilities
    assert not any(said in w for w in full.warnings)
    y = np.random.default_rng(5).standard_t(5, 1000)
    plain = ts.classify(TailSketch.from_sample(y, capacity=k_for(1000) + 1), warn=False)
    assert plain.probabilities == ts.classify(y, warn=False).probabilities


@pytest.mark.parametrize("make", [
    lambda r: r.integers(1, 11, 3000).astype(float),  # a 1-10 rating scale
    lambda r: r.integers(1, 8, 5000).astype(float),  # a 1-7 scale, more rows
])
def test_a_window_with_no_shape_keeps_its_thresholds(make) -> None:
    """A review: with a ceiling that hides the shape (ratings, clipped scores) the window the
    classifier reads is flat, and its evidence gave every k the threshold 0 above the centre:
    the report showed the centre (8) as X(n - k) for 1-10 ratings, whose X(n - k) are 10, 10
    and 9 at k = 52, 208 and 416."""
    x = make(np.random.default_rng(0))
    c = ts.classify(x, warn=False)
    desc = np.sort(x)[::-1]
    assert c.pattern == "saturated"
    for e in c.evidence.values():
        assert e.threshold + c.settings["centre"] == desc[e.k]


@pytest.mark.parametrize("share", [0.75, 0.85])
def test_a_floor_of_most_scores_below_the_window_is_read_around(share: float) -> None:
    """A review: |t(4)| scores above 85% zeros at n = 2·10^4 read "uncertain, leaning light
    (0.76)" (and t(4) + 5 "light, 0.89"): with the zeros below the window, or only a few
    inside it, the depths set for n reached into the body of the 3,000 scores above them,
    whose own reading is heavy. A floor at the minimum holding half the sample or more is
    now read around, on every path alike (rows, a sketch, an analysis), with a note."""
    from tailstat.classification._window import FLOOR_MAJORITY

    n = 20_000
    r = np.random.default_rng(0)
    x = np.where(r.random(n) < share, 0.0, np.abs(r.standard_t(4.0, n)))
    zeros = int(np.count_nonzero(x == 0.0))
    assert zeros >= FLOOR_MAJORITY * n and n - zeros > k_for(n) - FLOOR_SHARE * k_for(n)
    with pytest.warns(ts.TailstatWarning, match="equal the minimum 0 .a floor"):
        c = ts.classify(x)
    own = ts.classify(x[x > 0], warn=False)
    assert c.n == n and c.n_read == n - zeros and c.label == own.label == "heavy"
    assert c.probabilities == pytest.approx(own.probabilities, abs=1e-12)
    assert any(f"{zeros:,} of the {n:,} scores equal the minimum 0" in w for w in c.warnings)
    negative = ts.classify(np.where(x == 0.0, -0.0, x), warn=False)  # said as 0, as sketches
    assert any("equal the minimum 0 (a floor" in w for w in negative.warnings)
    sketch = ts.classify(ts.TailSketch.from_sample(x), warn=False)
    table = ts.analyze(pd.DataFrame({"r": x}), "r", warn=False).table
    assert sketch.probabilities == pytest.approx(c.probabilities, abs=1e-12)
    assert table["p_heavy"].iloc[0] == pytest.approx(c.probabilities["heavy"], abs=1e-12)


def test_the_lowest_level_of_counts_is_no_floor() -> None:
    """Zipf(2.2) counts, two thirds of them 1: the minimum holds most of the sample, but the
    ties above it say counts, whose lowest level is no floor (nothing read around, no note);
    nor is a floor with half the sample or less, nor one an upper tail does not know of."""
    z = np.random.default_rng(3).zipf(2.2, 10_000).astype(float)
    assert np.mean(z == 1.0) > 0.5
    c = ts.classify(z, warn=False)
    assert c.n_read == z.size and not any("a floor" in w for w in c.warnings)
    r = np.random.default_rng(0)
    x = np.where(r.random(20_000) < 0.4, 0.0, np.abs(r.standard_t(4.0, 20_000)))
    assert ts.classify(x, warn=False).n_read == x.size
    y = np.where(r.random(20_000) < 0.85, 0.0, r.exponential(size=20_000))
    tail = upper_tail(y, k_max=k_for(20_000))  # an upper tail: no floor known
    assert ts.classify(tail, warn=False).n_read == y.size


def test_float32_scores_on_a_few_of_its_steps_name_the_offset() -> None:
    """A review: float32 scores with an offset of 1e5 and a spread of 0.003 took two or three
    float32 steps and read "bounded (0.98), a scale of a few levels" or were refused as
    ratings, where float64 ones (+ 1e16) were refused with the offset's advice; both now."""
    for seed in (0, 1):
        r = np.random.default_rng(seed)
        with pytest.raises(ts.DataError, match=r"a few float32 steps apart .the step near "
                                               r"1e\+05 is 0\.0078125.*stored as float32"):
            ts.classify((0.003 * r.standard_normal(5000) + 1e5).astype(np.float32), warn=False)
    with pytest.raises(ts.DataError, match="a few float64 steps apart"):
        ts.classify(np.random.default_rng(0).normal(size=5000) + 1e16, warn=False)


def test_an_edge_run_estimated_on_every_path_is_said_on_every_path() -> None:
    """Review 368: half-integer t(4) scores at n = 20,000, whose run at the window's edge
    goes on past the top held_depth(n) on every path (the same P(heavy) on each), were said
    to be estimated from analyze's sketch and from Dask, not from the rows nor a sketch of
    the default capacity: the note followed what was held, not what was estimated."""
    from tailstat.sketch import TailSketch

    x = np.round(np.random.default_rng(0).standard_t(4, 20_000) * 2) / 2
    said = "goes on past the values counted, so its length is estimated"
    rows = ts.classify(x, warn=False)
    sketch = ts.classify(TailSketch.from_sample(x), warn=False)
    table = ts.analyze(x, warn=False)
    for c in (rows, sketch, next(iter(table.classifications.values()))):
        assert any(said in w for w in c.warnings)
        assert c.probabilities == pytest.approx(rows.probabilities, abs=1e-12)


def test_a_sketch_too_small_for_classify_is_told_the_capacity_that_counts_ties() -> None:
    """Review 402: the refusal advised TailSketch(capacity=k_for(n) + 1), a capacity at which
    a run of tied scores past the window is estimated rather than counted (another label than
    the rows' in 12 of 60 rounded t(6) samples); it now names capacity_for(n) too, and
    (review 425) only that capacity, where it named k_for(n) + 1 first."""
    import re

    from tailstat.sketch import capacity_for

    x = np.random.default_rng(0).normal(size=100_000)
    sketch = ts.TailSketch(capacity=100)
    sketch.update(x)
    cap = capacity_for(x.size)
    with pytest.raises(ts.DataError, match=rf"TailSketch\(capacity={cap}\) ") as info:
        ts.classify(sketch)
    assert set(re.findall(r"capacity=(\d+)", str(info.value))) == {str(capacity_for(x.size))}
    assert "fewer than classify reads" in str(info.value) and "needed" not in str(info.value)
    with pytest.raises(ts.DataError, match=rf"upper_tail\(x, {capacity_for(x.size) - 1}\)"):
        ts.classify(ts.upper_tail(x, k_max=100))
