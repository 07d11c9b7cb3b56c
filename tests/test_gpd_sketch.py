"""Peaks over threshold on a TailSketch (tailstat.gpd): the sample's numbers, bit for bit, for
every threshold the sketch covers, and a DataError that says what it holds otherwise."""

from __future__ import annotations

import math
import re
import warnings
from typing import Any

import numpy as np
import pytest
from _helpers import raises_data_error
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tailstat as ts
from tailstat.gpd._common import TopValues, top_values
from tailstat.gpd.select import auto_lowest_quantile
from tailstat.sketch import TailSketch, merge_sketches


def _sample(seed: int, n: int, ties: bool = False) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_t(4, n) * 3.0 + 1.0
    return np.round(x, 1) if ties else x


def _sharded(x: np.ndarray, m: int = 3, capacity: int | None = None) -> TailSketch:
    return merge_sketches(TailSketch.from_sample(c, capacity=capacity)
                          for c in np.array_split(x, m))


def _same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN, through dicts, sequences and arrays."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(u, v) for u, v in zip(a, b, strict=True))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return bool(a == b)


def _quiet(f: Any, *args: Any, **kwargs: Any) -> Any:
    """``f(...)`` with its caveat warnings silenced, or the message of its DataError."""
    with warnings.catch_warnings():  # test-local: the caveats are not under test here
        warnings.simplefilter("ignore")
        try:
            return f(*args, **kwargs)
        except ts.DataError as err:
            return f"DataError: {err}"


def _same_fit(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return (_same(a.to_dict(), b.to_dict()) and a.excesses.tobytes() == b.excesses.tobytes()
            and a.warnings == b.warnings and a.n == b.n)


# --- the order statistics and quantiles a sketch serves ------------------------------------


@settings(max_examples=150, deadline=None)
@given(n=st.integers(5, 20_000), seed=st.integers(0, 2**32 - 1), ties=st.booleans(),
       capacity=st.integers(2, 5000), p=st.floats(0.0, 100.0))
def test_percent_quantile_of_a_sketch_is_numpys_on_the_sample(n, seed, ties, capacity, p):
    x = _sample(seed, n, ties)
    assume(x.max() > x.min())  # a constant sample (or its sketch) is refused
    s = TailSketch.from_sample(x, capacity=capacity)
    top = top_values(s)
    q = p / 100.0
    h = (n - 1) * q
    if s.complete or math.floor(h) >= n - s.top.shape[0] or h >= n - 1:
        got = top.quantile(q)
        assert got == float(np.quantile(x, q))
    else:
        with raises_data_error("quantile", "holds only the top", "at least"):
            top.quantile(q)


def test_the_lowest_percentage_in_the_message_is_served():
    x = _sample(1, 50_000)
    s = TailSketch.from_sample(x, capacity=3000)
    with pytest.raises(ts.DataError) as info:
        ts.fit_gpd(s, "90%")
    p_min = float(str(info.value).split("at least ")[1].split("%")[0])
    fit = _quiet(ts.fit_gpd, s, f"{p_min:g}%")
    assert _same_fit(fit, _quiet(ts.fit_gpd, x, f"{p_min:g}%"))


def test_top_values_of_a_sample_and_of_sketches():
    x = _sample(2, 500)
    a = top_values(x)
    assert isinstance(a, TopValues) and a.complete and a.n == 500 and a.minimum == x.min()
    np.testing.assert_array_equal(a.asc, np.sort(x))
    b = top_values(TailSketch.from_sample(x))  # kept whole: the same
    assert b.complete and b.asc.tobytes() == (np.sort(x) + 0.0).tobytes()
    with raises_data_error("empty"):
        top_values(TailSketch())
    with raises_data_error("column", "sketch"):
        ts.fit_gpd(TailSketch.from_sample(x), 1.0, column="r")


# --- fit_gpd ----------------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(n=st.integers(300, 60_000), seed=st.integers(0, 2**32 - 1), ties=st.booleans(),
       m=st.integers(1, 6), depth=st.floats(0.0, 1.0), method=st.sampled_from(["mle", "pwm"]))
def test_fit_gpd_on_a_sketch_is_the_fit_on_the_sample(n, seed, ties, m, depth, method):
    x = _sample(seed, n, ties)
    s = _sharded(x, m)
    held = s.top.shape[0]
    # a threshold the sketch covers: an order statistic it holds, or a number above it
    u = float(s.top[min(held - 1, max(10, int(depth * (held - 1))))])
    for thr in (u, u + 0.05):
        a = _quiet(ts.fit_gpd, x, thr, method=method, gof=method == "mle")
        b = _quiet(ts.fit_gpd, s, thr, method=method, gof=method == "mle")
        assert _same_fit(a, b)
    # a percentage it covers: (n - 1) q reaches no deeper than the values it holds
    q_min = 0.0 if s.complete else (n - held) / (n - 1)
    p = min(99.99, math.ceil(1e6 * (q_min + (1.0 - q_min) * (1.0 - depth))) / 1e4)
    pct = f"{max(p, 0.01):.4f}%"
    assert _same_fit(_quiet(ts.fit_gpd, x, pct, method=method),
                     _quiet(ts.fit_gpd, s, pct, method=method))


def test_fit_gpd_products_on_a_sketch():
    x = _sample(3, 40_000)
    s = _sharded(x, 4)
    a, b = _quiet(ts.fit_gpd, x, "97%"), _quiet(ts.fit_gpd, s, "97%")
    assert _same_fit(a, b)
    assert _same(a.return_level([1e4, 1e5]).to_frame().to_dict(),
                 b.return_level([1e4, 1e5]).to_frame().to_dict())
    ga, gb = a.gof("bootstrap", n_boot=30, seed=1), b.gof("bootstrap", n_boot=30, seed=1)
    assert _same(ga.to_dict(), gb.to_dict())
    assert a.profile().equals(b.profile())


def test_fit_gpd_auto_on_a_sketch():
    small = _sample(4, 1500)  # kept whole: "auto" as on the sample
    assert _same_fit(_quiet(ts.fit_gpd, small), _quiet(ts.fit_gpd, TailSketch.from_sample(small)))
    x = _sample(5, 100_000)
    s = _sharded(x)
    # the median-up candidates are not held: asked for, the error names the level that is
    with raises_data_error("holds only the top", "lowest_quantile=", "select_threshold",
                           "fit_gpd a fixed threshold at or above") as info:
        ts.select_threshold(s, lowest_quantile=0.5)
    lq = float(str(info.value).split("lowest_quantile=")[1].split(" ")[0])
    assert 0.5 < lq < 1 and lq == auto_lowest_quantile(top_values(s))
    # by default "auto" (fit_gpd, fit_bayes, select_threshold) starts there, as the sample's
    # choice from that level (a review: all three failed on a default sketch of 20,000)
    ca = _quiet(ts.select_threshold, x, lowest_quantile=lq)
    cb = _quiet(ts.select_threshold, s)
    assert _same(ca.to_dict(), cb.to_dict())
    assert f"from the {100 * lq:g}% quantile up" in cb.settings["candidates"]
    fa, fb = _quiet(ts.fit_gpd, x, ca), _quiet(ts.fit_gpd, s)
    assert _same_fit(fa, _quiet(ts.fit_gpd, s, cb))
    assert (fb.xi, fb.sigma, fb.threshold, fb.n_exceed) == (fa.xi, fa.sigma, fa.threshold,
                                                            fa.n_exceed)
    d = TailSketch.from_sample(_sample(6, 20_000))
    assert not top_values(d).complete
    assert _quiet(ts.fit_bayes, d, draws=200, chains=1, seed=0).threshold == _quiet(
        ts.fit_gpd, d).threshold


def test_a_threshold_below_what_the_sketch_holds():
    x = _sample(6, 50_000)
    s = TailSketch.from_sample(x, capacity=2000)
    low = float(s.top[-1]) - 1e-9
    with raises_data_error("holds only the top 2000", "at least"):
        ts.fit_gpd(s, low)
    with raises_data_error("at least"):
        ts.mean_excess(s, [low, 5.0])
    with raises_data_error("at least"):
        ts.threshold_stability(s, [low])
    with raises_data_error("at least"):
        ts.select_threshold(s, thresholds=[low, 5.0])
    # at the lowest kept value itself: every value above it is held (ties included)
    assert _same_fit(_quiet(ts.fit_gpd, x, float(s.top[-1])),
                     _quiet(ts.fit_gpd, s, float(s.top[-1])))


def test_a_threshold_at_the_cut_of_tied_values():
    x = np.round(_sample(7, 30_000), 0)  # integers: the cut value is tied many times
    s = _sharded(x, 5, capacity=1500)
    cut = float(s.top[-1])
    assert np.count_nonzero(x == cut) > np.count_nonzero(s.top == cut)  # some were dropped
    assert _same_fit(_quiet(ts.fit_gpd, x, cut), _quiet(ts.fit_gpd, s, cut))
    with raises_data_error("at least"):
        ts.fit_gpd(s, cut - 0.5)


# --- mean_excess, threshold_stability, select_threshold --------------------------------------


@settings(max_examples=10, deadline=None)
@given(n=st.integers(200, 40_000), seed=st.integers(0, 2**32 - 1), ties=st.booleans(),
       m=st.integers(1, 5), n_thr=st.integers(1, 12))
def test_diagnostics_on_a_sketch_are_the_samples(n, seed, ties, m, n_thr):
    x = _sample(seed, n, ties)
    s = _sharded(x, m)
    lo, hi = float(s.top[-1]), float(s.top[0])
    u = np.linspace(lo, hi, n_thr)
    me_a, me_b = ts.mean_excess(x, u), ts.mean_excess(s, u)
    assert me_a.table.equals(me_b.table) and _same(me_a.to_dict(), me_b.to_dict())
    st_a, st_b = _quiet(ts.threshold_stability, x, u), _quiet(ts.threshold_stability, s, u)
    assert st_a.table.equals(st_b.table) and _same(st_a.to_dict(), st_b.to_dict())
    ch_a = _quiet(ts.select_threshold, x, thresholds=u)
    ch_b = _quiet(ts.select_threshold, s, thresholds=u)
    assert (ch_a == ch_b) if isinstance(ch_a, str) else _same(ch_a.to_dict(), ch_b.to_dict())


def test_default_grids_on_a_sketch():
    small = _sample(8, 2000)
    whole = TailSketch.from_sample(small)
    assert ts.mean_excess(small).table.equals(ts.mean_excess(whole).table)
    assert _quiet(ts.threshold_stability, small, n_thresholds=8).table.equals(
        _quiet(ts.threshold_stability, whole, n_thresholds=8).table)
    # a sketch that dropped values: the default grid starts at the lowest value it holds,
    # and the diagnostics there are the sample's at the same thresholds
    x = _sample(9, 100_000)
    s = _sharded(x)
    me = ts.mean_excess(s)
    assert "the lowest value the sketch holds" in me.settings["thresholds"]
    assert me.table["threshold"].min() == s.top.min()  # the lowest held, not the second
    assert ts.mean_excess(x, thresholds=me.table["threshold"].to_numpy()).table.equals(me.table)
    st_s = _quiet(ts.threshold_stability, s, n_thresholds=8)
    st_x = _quiet(ts.threshold_stability, x, thresholds=st_s.table["threshold"].to_numpy())
    assert st_x.table.equals(st_s.table)


def test_default_grids_on_a_small_sketch():
    # a sketch holding 25 values: the grid is its lowest held value (k = 24 above it); one
    # holding 10 (9 above its lowest) is too few, and the message says what the sketch holds
    x = _sample(12, 5_000)
    s25 = TailSketch.from_sample(x, capacity=25)
    me = ts.mean_excess(s25)
    assert me.table["threshold"].tolist() == [float(np.sort(x)[-25])]
    assert ts.mean_excess(x, thresholds=me.table["threshold"].to_numpy()).table.equals(me.table)
    with raises_data_error("holds only the top 10 of its 5000 values"):
        ts.mean_excess(TailSketch.from_sample(x, capacity=10))


def test_sketch_inputs_leave_the_sketch_alone():
    s = _sharded(_sample(10, 20_000))
    before = s.to_bytes()
    _quiet(ts.fit_gpd, s, "95%")
    ts.mean_excess(s, [float(s.top[100])])
    assert s.to_bytes() == before and not s.top.flags.writeable


def test_exceedances_refuse_a_nan_threshold():
    s = ts.TailSketch.from_sample(np.random.default_rng(8).normal(size=300), capacity=100)
    with raises_data_error("threshold is NaN"):
        s.exceedances(float("nan"))


@pytest.mark.parametrize("bad", ["a", None, True, [1.0]])
def test_exceedances_refuse_a_threshold_that_is_not_a_number(bad):
    """A string gave a raw ValueError, None a raw TypeError (a NaN already had its message)."""
    from fractions import Fraction

    s = ts.TailSketch.from_sample(np.arange(10.0))
    with raises_data_error("must be a number"):
        s.exceedances(bad)
    # what float() reads stays accepted (a review of the fix: a 0-d array, a Fraction)
    for ok in (np.array(6.0), Fraction(13, 2), np.float32(6.5), 6):
        assert s.exceedances(ok).tolist() == [7.0, 8.0, 9.0]


def test_an_automatic_threshold_searched_far_above_the_median_is_said() -> None:
    """A merged sketch with one small shard held the top 866 of 10^5 values: threshold='auto'
    chose 800 excesses where the sample chose 10,488, ξ 6 standard errors off, without a
    word (a review). The rule's start is in threshold_method; past the 90% quantile, a
    warning."""
    x = np.random.default_rng(3).standard_t(3.0, 100_000)
    parts = np.array_split(x, 4)
    merged = ts.merge_sketches([ts.TailSketch.from_sample(parts[0], capacity=200)]
                               + [ts.TailSketch.from_sample(p) for p in parts[1:]])
    with pytest.warns(ts.TailstatWarning, match="searched from the 99.2% quantile up") as got:
        fit = ts.fit_gpd(merged)
    assert len(got) == 1 and any("holds the top 866 of 100000" in w for w in fit.warnings)
    assert "candidates from the 99.2% quantile up" in fit.threshold_method
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a default sketch: said in the method, not warned
        deeper = ts.fit_gpd(ts.TailSketch.from_sample(x))
        # (past 10^6 values a default sketch holds a tenth or less: the first version warned)
        big = ts.fit_gpd(ts.TailSketch.from_sample(
            np.random.default_rng(4).normal(5.0, 1.0, 1_000_000)))
    assert "candidates from the 78.5% quantile up" in deeper.threshold_method
    assert "candidates from the 90% quantile up" in big.threshold_method
    assert "quantile up" not in ts.fit_gpd(x).threshold_method


def test_an_upper_tail_is_refused_with_the_way_on() -> None:
    """A review: the estimators take an UpperTail, and fit_gpd said only "cannot read rewards
    from a UpperTail"."""
    x = np.random.default_rng(0).pareto(2, 5000)
    with pytest.raises(ts.DataError, match=r"not an UpperTail.*TailSketch\.from_sample"):
        ts.fit_gpd(ts.upper_tail(x), "auto")


def test_a_short_sketch_advises_a_threshold_it_serves_below_the_maximum():
    """A sketch of the top 1,000 of 10^6 values advised "at least 100%" (the maximum, no
    excesses) for a 99.9% threshold: the advice was rounded to 0.1. It now names the
    lowest percentage it serves, to the decimal that needs, and that threshold fits."""
    rng = np.random.default_rng(0)
    s = ts.TailSketch(capacity=1000)
    for _ in range(100):
        s.update(rng.normal(size=10_000))
    with pytest.raises(ts.DataError, match=r"at least 99\.91%") as info:
        ts.fit_gpd(s, threshold="99.9%")
    advised = re.search(r"at least ([0-9.]+%)", str(info.value)).group(1)
    assert ts.fit_gpd(s, threshold=advised).n_exceed > 0
