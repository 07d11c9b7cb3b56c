"""TailSketch: exactness of sharded and merged sketches (property tests), the estimators and
the classifier on a sketch, and the contract of ``update`` (serialisation:
``tests/test_sketch_bytes.py``).

The exactness claims under test (``tailstat/sketch.py``):

* with a fixed capacity, shards sketched in any way (``from_sample`` or ``update`` batch by
  batch) and merged in any tree and order give the one-pass sketch: bit-identical ``top``,
  equal ``n``, ``n_nan_dropped``, ``minimum``, and moments to rounding (``same_as``);
* with the automatic capacity, the merged ``top`` is exactly the top of the union (a prefix
  of its descending sort), and holds at least ``capacity_for(n)`` values for shards of
  similar size drawn from one sample;
* ties (discretised rewards) do not break either: the truncation keeps every value at or
  above the largest cut, which is a prefix of the union's sort even when the cut value is
  tied across shards.
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error
from _helpers import same_bits as _same_bits
from _sketch_laws import LAWS, TIES, samples
from _sketch_laws import draw_sample as _draw_sample
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tailstat as ts
from tailstat.sketch import HEADROOM, TailSketch, capacity_for, merge_sketches


def _splits(data: Any, n: int, max_parts: int) -> list[slice]:
    """Contiguous parts of ``range(n)`` cut at drawn points (parts may be empty)."""
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=max_parts - 1)))
    bounds = [0, *cuts, n]
    return [slice(a, b) for a, b in itertools.pairwise(bounds)]


def _sketch_shard(data: Any, shard: np.ndarray, capacity: int | None) -> TailSketch:
    """A shard sketched with ``from_sample`` or fed to ``update`` in drawn batches."""
    has_values = bool(np.isfinite(shard).any())
    if has_values and data.draw(st.booleans(), label="from_sample"):
        return TailSketch.from_sample(shard, capacity=capacity)
    s = TailSketch(capacity)
    for part in _splits(data, shard.shape[0], 5):
        out = s.update(shard[part])
        assert out is s
    return s


def _merge_in_a_drawn_tree(data: Any, sketches: list[TailSketch]) -> TailSketch:
    """Merge by repeatedly taking two drawn sketches, in a drawn order: every binary tree."""
    items = list(sketches)
    while len(items) > 1:
        a = items.pop(data.draw(st.integers(0, len(items) - 1), label="left"))
        b = items.pop(data.draw(st.integers(0, len(items) - 1), label="right"))
        items.append(a.merge(b) if data.draw(st.booleans(), label="method") else a | b)
    return items[0]


def _descending_top(x: np.ndarray, k: int | None = None) -> np.ndarray:
    """The true top ``k`` of the finite values, descending, zeros as +0.0 (as a sketch)."""
    finite = x[np.isfinite(x)]
    return np.sort(finite)[::-1][:k] + 0.0


# --------------------------------------------------------------------------------------------
# exactness of shards and merges
# --------------------------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(data=st.data(), x=samples(), capacity=st.integers(2, 300))
def test_fixed_capacity_shards_merged_in_any_tree_equal_the_one_pass_sketch(data, x, capacity):
    assume(np.isfinite(x).any())
    whole = TailSketch.from_sample(x, capacity=capacity)
    parts = [_sketch_shard(data, x[s], capacity) for s in _splits(data, x.shape[0], 8)]
    merged = _merge_in_a_drawn_tree(data, parts)
    finite = x[np.isfinite(x)]
    assert _same_bits(merged.top, whole.top)
    assert _same_bits(whole.top, _descending_top(x, capacity))
    assert merged.n == whole.n == finite.shape[0]
    assert merged.n_nan_dropped == whole.n_nan_dropped == x.shape[0] - finite.shape[0]
    assert merged.minimum == whole.minimum == finite.min()
    assert merged.complete == whole.complete == (finite.shape[0] <= capacity)
    assert merged.same_as(whole) and whole.same_as(merged)
    scale = max(abs(float(finite.mean())), float(finite.std()), 1e-300)
    assert abs(merged.mean - finite.mean()) <= 1e-12 * scale
    if finite.shape[0] > 1:
        assert merged.var == pytest.approx(finite.var(ddof=1), rel=1e-10, abs=1e-300)


@settings(max_examples=300, deadline=None)
@given(data=st.data(),
       values=st.lists(st.sampled_from([-1.0, -0.0, 0.0, 1.0, 2.0, 3.0, np.nan]), max_size=40),
       capacity=st.integers(2, 6))
def test_few_distinct_values_and_small_capacities(data, values, capacity):
    """Where the truncation is subtle: the cut value is tied within and across shards."""
    x = np.array(values, dtype=float)
    assume(np.isfinite(x).any())
    whole = TailSketch.from_sample(x, capacity=capacity)
    merged = _merge_in_a_drawn_tree(
        data, [_sketch_shard(data, x[s], capacity) for s in _splits(data, x.shape[0], 10)])
    assert _same_bits(merged.top, whole.top)
    assert _same_bits(whole.top, _descending_top(x, capacity))
    assert merged.same_as(whole)


@settings(max_examples=25, deadline=None)
@given(data=st.data(), law=st.sampled_from(sorted(LAWS)), ties=st.sampled_from(sorted(TIES)),
       n=st.integers(1000, 60_000), m=st.integers(1, 8), seed=st.integers(0, 2**32 - 1))
def test_automatic_capacity_merged_top_is_the_exact_top_and_large_enough(data, law, ties, n, m,
                                                                         seed):
    rng = np.random.default_rng(seed)
    x = _draw_sample(rng, law, ties, n)
    shards = np.array_split(x, m)  # similar sizes, exchangeable (one sample, cut in pieces)
    merged = _merge_in_a_drawn_tree(data, [_sketch_shard(data, s, None) for s in shards])
    assert merged.n == n
    assert _same_bits(merged.top, _descending_top(x, merged.top.shape[0]))
    assert merged.top.shape[0] >= capacity_for(n)
    assert merged.top.shape[0] <= HEADROOM * capacity_for(n)
    assert merged.complete == (merged.top.shape[0] == n)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), law=st.sampled_from(sorted(LAWS)), ties=st.sampled_from(sorted(TIES)),
       n=st.integers(1, 12_000), order=st.sampled_from(["random", "ascending", "descending"]),
       seed=st.integers(0, 2**32 - 1))
def test_any_shards_and_capacities_keep_an_exact_top(data, law, ties, n, order, seed):
    """Unequal or unlike shards (sorted data cut anywhere), each with its own capacity (fixed
    or automatic): the merged top may be short, but it is always the union's exact top."""
    x = _draw_sample(np.random.default_rng(seed), law, ties, n)
    if order != "random":
        x = np.sort(x) if order == "ascending" else np.sort(x)[::-1].copy()
    caps = st.one_of(st.none(), st.integers(2, 3000))
    parts = [_sketch_shard(data, x[s], data.draw(caps, label="capacity"))
             for s in _splits(data, n, 8)]
    merged = _merge_in_a_drawn_tree(data, parts)
    assert merged.n == n
    assert _same_bits(merged.top, _descending_top(x, merged.top.shape[0]))
    assert merged.top.shape[0] >= min(n, 2)  # every capacity is at least 2
    if merged.top.shape[0] > 1 and n >= 5 and np.ptp(x) > 0:
        k = merged.top.shape[0] - 1
        np.testing.assert_array_equal(ts.upper_tail(merged, k_max=k).desc,
                                      ts.upper_tail(x, k_max=k).desc)


@settings(max_examples=15, deadline=None)
@given(law=st.sampled_from(sorted(LAWS)), ties=st.sampled_from(sorted(TIES)),
       n=st.integers(1000, 80_000), batch=st.integers(1, 5000), seed=st.integers(0, 2**32 - 1))
def test_automatic_capacity_stream_holds_the_exact_top(law, ties, n, batch, seed):
    x = _draw_sample(np.random.default_rng(seed), law, ties, n)
    s = TailSketch()
    for start in range(0, n, batch):
        s.update(x[start:start + batch])
    assert s.n == n
    assert _same_bits(s.top, _descending_top(x, s.top.shape[0]))
    assert s.top.shape[0] >= capacity_for(n)


def test_shards_that_hold_the_whole_top_leave_fewer_values_but_exact_ones():
    """The documented limit of the automatic capacity: unlike shards (sorted here, as a
    drifting reward by training step would be) keep about HEADROOM capacity_for(n/m) values."""
    x = np.sort(np.random.default_rng(0).standard_normal(200_000))
    merged = merge_sketches(TailSketch.from_sample(c) for c in np.array_split(x, 10))
    held = merged.top.shape[0]
    assert held < capacity_for(x.size)
    assert _same_bits(merged.top, _descending_top(x, held))
    with raises_data_error("capacity", str(held)):
        ts.hill(merged, k=held)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with raises_data_error("holds the top", "automatic capacity", "capacity="):
            ts.classify(merged)
    # a fixed capacity sized for the total avoids it
    cap = capacity_for(x.size)
    fixed = merge_sketches(TailSketch.from_sample(c, capacity=cap)
                           for c in np.array_split(x, 10))
    assert _same_bits(fixed.top, _descending_top(x, cap))


@pytest.mark.parametrize("capacity", [2, 3, 7])
def test_ties_at_the_cut_across_shards(capacity):
    """The cut value repeated in several truncated and complete shards, in every order."""
    shards = [np.array([5.0] * 9 + [1.0]), np.array([5.0, 5.0, 4.0]), np.array([6.0, 5.0]),
              np.array([5.0] * 4), np.array([4.0, 4.0, 3.0]), np.array([-0.0, 0.0, 5.0])]
    x = np.concatenate(shards)
    whole = TailSketch.from_sample(x, capacity=capacity)
    rng = np.random.default_rng(capacity)
    for _ in range(30):
        order = rng.permutation(len(shards))
        sketches = [TailSketch.from_sample(shards[i], capacity=capacity) for i in order]
        left = sketches[0]
        for s in sketches[1:]:
            left = left.merge(s)
        assert _same_bits(left.top, whole.top)
        assert _same_bits(merge_sketches(sketches).top, whole.top)
        assert left.same_as(whole)


def test_signed_zeros_are_stored_as_plus_zero():
    x = np.array([-0.0, 0.0, -0.0, -1.0, 0.0, -0.0])
    a = TailSketch.from_sample(x)
    b = TailSketch.from_sample(x[::-1])
    assert not np.signbit(a.top[a.top == 0]).any() and a.minimum == -1.0
    # the kept values are bit-identical whatever the order (the moments agree to rounding)
    assert a.top.tobytes() == b.top.tobytes() and a.same_as(b)


@settings(max_examples=60, deadline=None)
@given(xs=st.lists(samples(n_max=400), min_size=3, max_size=3),
       capacity=st.one_of(st.none(), st.integers(2, 100)))
def test_merge_is_commutative_and_associative(xs, capacity):
    a, b, c = (TailSketch(capacity).update(x) for x in xs)
    before = [s.to_bytes() for s in (a, b, c)]
    assert (a | b).same_as(b | a)
    left, right = (a | b) | c, a | (b | c)
    assert left.n == right.n and left.n_nan_dropped == right.n_nan_dropped
    assert left.minimum == right.minimum
    if capacity is not None:
        assert left.same_as(right)
    else:  # automatic: each is the exact top of the union; one is a prefix of the other
        k = min(left.top.shape[0], right.top.shape[0])
        assert _same_bits(left.top[:k], right.top[:k])
        truth = _descending_top(np.concatenate(xs))
        assert _same_bits(left.top, truth[: left.top.shape[0]])
    assert [s.to_bytes() for s in (a, b, c)] == before  # the inputs are unchanged


def test_merge_leaves_its_inputs_alone_and_keeps_the_larger_capacity():
    rng = np.random.default_rng(1)
    a = TailSketch.from_sample(rng.standard_normal(500), capacity=10, name="a")
    b = TailSketch.from_sample(rng.standard_normal(700), name="a")  # (names: test_sketch_names)
    c = TailSketch.from_sample(rng.standard_normal(300), capacity=20)
    before = (a.to_bytes(), b.to_bytes())
    m = a.merge(b)
    assert (a.to_bytes(), b.to_bytes()) == before and m.name == "a" and m.n == 1200
    # automatic when b holds values: the union's exact top, down to a's cut (its 10th of 500)
    union = np.sort(np.concatenate([a.top, b.top]))[::-1]  # (a | c: fixed, the larger)
    assert m.capacity is None and np.array_equal(m.top, union[: m.top.shape[0]])
    assert m.top.shape[0] >= 10 and m.top[-1] >= a.top[-1]
    assert (TailSketch(5) | TailSketch(8)).capacity == 8 and (a | c).capacity == 20
    with raises_data_error("TailSketch", "update"):
        a.merge(np.ones(3))  # type: ignore[arg-type]


def test_merge_sketches():
    rng = np.random.default_rng(2)
    parts = [TailSketch.from_sample(rng.standard_normal(100)) for _ in range(5)]
    assert merge_sketches(parts).same_as(parts[0] | parts[1] | parts[2] | parts[3] | parts[4])
    one = merge_sketches(parts[:1])
    assert one is not parts[0] and one.same_as(parts[0])
    with raises_data_error("at least one"):
        merge_sketches([])
    with raises_data_error("TailSketch", "ndarray"):
        merge_sketches([parts[0], np.ones(3)])  # type: ignore[list-item]


# --------------------------------------------------------------------------------------------
# estimators and the classifier read a sketch exactly
# --------------------------------------------------------------------------------------------


def _quiet(f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``f(...)``, or the message of the DataError it raised (caveat warnings silenced)."""
    with warnings.catch_warnings():  # test-local: tie and small-sample caveats are not tested
        warnings.simplefilter("ignore")
        try:
            return f(*args, **kwargs)
        except ts.DataError as err:
            return f"DataError: {err}"


_MAX_K = {"hill": lambda held: held - 1, "moment": lambda held: held - 1,
          "pickands": lambda held: held // 4, "weibull_tail": lambda held: held - 1}


@settings(max_examples=30, deadline=None)
@given(data=st.data(), law=st.sampled_from(["pareto", "student3", "exponential"]),
       ties=st.sampled_from(["none", "round1"]), n=st.integers(300, 30_000),
       m=st.integers(1, 5), seed=st.integers(0, 2**32 - 1),
       capacity=st.one_of(st.none(), st.integers(50, 2000)))
def test_estimators_on_a_sketch_equal_the_sample_for_every_k_it_holds(data, law, ties, n, m,
                                                                      seed, capacity):
    x = _draw_sample(np.random.default_rng(seed), law, ties, n) + 10.0  # a positive tail
    s = merge_sketches(TailSketch.from_sample(c, capacity=capacity)
                       for c in np.array_split(x, m))
    held = s.top.shape[0]
    for method in ("hill", "moment", "pickands", "weibull_tail"):
        f = getattr(ts, method)
        k = data.draw(st.integers(2, max(2, min(_MAX_K[method](held), n // 4 - 1))), label=method)
        a, b = _quiet(f, x, k=k), _quiet(f, s, k=k)
        if isinstance(a, str):  # e.g. undefined at k for tied spacings: the same error
            assert a == b
        else:
            assert (a.estimate, a.ci, a.se, a.k, a.threshold, a.n, a.warnings) == (
                b.estimate, b.ci, b.se, b.k, b.threshold, b.n, b.warnings)
        k_path = min(_MAX_K[method](held), 4 * k)
        pa, pb = _quiet(ts.tail_path, x, method, k_max=k_path), _quiet(ts.tail_path, s, method,
                                                                         k_max=k_path)
        pd.testing.assert_frame_equal(pa, pb, check_exact=True)
        assert pa.attrs == pb.attrs


def test_bootstrap_intervals_on_a_sketch_equal_the_sample():
    x = np.random.default_rng(4).pareto(2.0, 5000) + 1.0
    s = TailSketch.from_sample(x)
    for method in ("hill", "moment", "pickands", "weibull_tail"):
        f = getattr(ts, method)
        a = f(x, k=50, ci_method="bootstrap", n_boot=50, seed=3)
        b = f(s, k=50, ci_method="bootstrap", n_boot=50, seed=3)
        assert a.ci == b.ci
        np.testing.assert_array_equal(a.bootstrap_distribution, b.bootstrap_distribution)


@pytest.mark.parametrize("method", ["hill", "moment", "pickands", "weibull_tail"])
def test_a_k_beyond_the_sketch_names_the_capacity(method):
    x = np.random.default_rng(5).pareto(2.0, 5000) + 1.0
    s = TailSketch.from_sample(x, capacity=200)
    f = getattr(ts, method)
    k = 200 // 4 + 1 if method == "pickands" else 200
    with raises_data_error("capacity", "200"):
        f(s, k=k)
    with raises_data_error("capacity"):
        ts.tail_path(s, method, k_max=k)
    with raises_data_error("capacity"):
        ts.upper_tail(s, k_max=250)
    with raises_data_error("tailstat.dask.analyze: capacity=251 or more"):  # for Dask users
        s.upper_tail(250)


def test_upper_tail_of_a_sketch():
    x = np.random.default_rng(6).standard_normal(3000)
    s = TailSketch.from_sample(x, capacity=500)
    t = ts.upper_tail(s, k_max=100)
    np.testing.assert_array_equal(t.desc, ts.upper_tail(x, k_max=100).desc)
    assert t.n == 3000
    with raises_data_error("empty"):
        TailSketch().upper_tail()


def _flat(d: Any) -> Any:
    """A result's to_dict() with NaN made comparable."""
    if isinstance(d, dict):
        return {k: _flat(v) for k, v in d.items()}
    if isinstance(d, (list, tuple)):
        return [_flat(v) for v in d]
    if isinstance(d, float) and math.isnan(d):
        return "nan"
    return d


CLASSIFY_CASES = [(law, n) for law in ("student3", "normal", "uniform", "pareto", "exponential")
                  for n in (60, 400, 5000, 60_000)] + [("student3", 200_000),
                                                      ("uniform", 200_000)]


@pytest.mark.parametrize(("law", "n"), CLASSIFY_CASES)
def test_classify_a_sketch_as_the_sample(law, n):
    rng = np.random.default_rng(n)
    x = LAWS[law](rng, n)
    merged = merge_sketches(TailSketch.from_sample(c) for c in np.array_split(rng.permutation(x),
                                                                              4))
    streamed = TailSketch()
    for c in np.array_split(x, 9):
        streamed.update(c)
    a = ts.classify(x, warn=False)
    for s in (merged, streamed):
        b = ts.classify(s, warn=False)
        assert b.label == a.label and b.subtype == a.subtype
        for lab, p in a.probabilities.items():
            assert b.probabilities[lab] == pytest.approx(p, abs=1e-9)
        assert _flat(b.to_dict()) == _flat(a.to_dict())  # in fact identical, to the bit


def test_classify_a_discretised_sample_as_a_sketch():
    x = np.round(np.random.default_rng(8).standard_t(4, 20_000), 1)
    s = merge_sketches(TailSketch.from_sample(c) for c in np.array_split(x, 3))
    assert _flat(_quiet(ts.classify, s).to_dict()) == _flat(_quiet(ts.classify, x).to_dict())


# --------------------------------------------------------------------------------------------
# update(), from_sample() and functions that need the rows
# --------------------------------------------------------------------------------------------


def test_update_drops_and_counts_missing_values_or_raises():
    s = TailSketch(name="r")
    s.update([1.0, np.nan, 2.0])
    s.update(pd.Series([np.nan, 3.0, None], dtype="float64"))
    s.update(np.ma.masked_array([4.0, 5.0], mask=[False, True]))
    assert (s.n, s.n_nan_dropped) == (4, 4)
    before = s.to_bytes()
    with raises_data_error("missing", "nan='drop'"):
        s.update([6.0, np.nan], nan="raise")
    with raises_data_error("infinite"):
        s.update([7.0, np.inf])
    with raises_data_error("infinite"):
        s.update([-np.inf])
    assert s.to_bytes() == before  # a rejected batch adds nothing


@pytest.mark.parametrize("empty", [[], np.array([]), pd.Series([], dtype=float),
                                   pd.DataFrame({"r": []}), np.empty((0, 1))])
def test_an_empty_batch_changes_nothing(empty):
    s = TailSketch.from_sample([1.0, 2.0, 3.0])
    before = s.to_bytes()
    assert s.update(empty) is s
    assert s.to_bytes() == before


@pytest.mark.parametrize(("batch", "words"), [
    (["a", "b"], ("not numeric", "'a'")),
    (["1.5", "x"], ("not a number", "'x'")),
    (pd.Series(["1.5", "x"]), ("not a number", "'x'")),
    (np.array([True, False]), ("booleans",)),
    ([True, False], ("booleans",)),
    (pd.Series([True, False]), ("booleans",)),
    (np.array([1 + 2j]), ("complex",)),
    (np.ones((3, 2)), ("shape",)),
    (3.0, ("a batch of rewards", "update([reward])")),
    (np.float64(3.0), ("a batch of rewards", "update([reward])")),
    (pd.DataFrame({"a": [1.0], "b": [2.0]}), ("one column", "'a'", "'b'")),
    ("rewards.csv", ("file",)),
    ({"r": [1.0]}, ("mapping",)),
])
def test_update_rejects_what_is_not_rewards(batch, words):
    s = TailSketch.from_sample([1.0, 2.0])
    before = s.to_bytes()
    with raises_data_error(*words):
        s.update(batch)
    assert s.to_bytes() == before


def test_update_accepts_one_column_tables_integers_and_samples():
    s = TailSketch()
    s.update(pd.DataFrame({"reward": [1.0, 2.0]}))
    s.update(np.array([3, 4], dtype=np.int64))
    s.update(ts.check_sample([5.0, 6.0, np.nan, 7.0, 8.0, 9.0]))
    assert (s.n, s.n_nan_dropped, s.maximum) == (9, 1, 9.0)
    with raises_data_error("merge"):
        s.update(TailSketch.from_sample([1.0]))


@settings(max_examples=40, deadline=None)
@given(x=samples(n_min=1, n_max=300), readonly=st.booleans(), capacity=st.integers(2, 50))
def test_the_callers_arrays_are_never_modified(x, readonly, capacity):
    x.setflags(write=not readonly)
    before = x.copy()
    s = TailSketch(capacity)
    s.update(x)
    s.update(pd.Series(x))
    if np.isfinite(x).any():
        TailSketch.from_sample(x, capacity=capacity).merge(s)
    assert x.flags.writeable == (not readonly)
    np.testing.assert_array_equal(x, before)
    assert np.signbit(x).tolist() == np.signbit(before).tolist()  # -0.0 stays -0.0 there


def test_from_sample_takes_a_constant_or_small_shard_but_not_an_empty_one(tmp_path):
    assert TailSketch.from_sample([2.0, 2.0, 2.0]).n == 3
    assert TailSketch.from_sample([1.0], name="one").name == "one"
    path = tmp_path / "r.csv"
    pd.DataFrame({"id": ["a", "b", "c"], "r": [1.0, np.nan, 3.0]}).to_csv(path, index=False)
    s = TailSketch.from_sample(path, column="r")
    assert (s.n, s.n_nan_dropped, s.name) == (2, 1, "r")
    with raises_data_error("empty", "TailSketch()"):
        TailSketch.from_sample([np.nan, np.nan])
    with raises_data_error("empty"):
        TailSketch.from_sample([])
    with raises_data_error("already a TailSketch"):
        TailSketch.from_sample(s)


def test_capacity_for():
    assert capacity_for(0) == 0 and capacity_for(10) == 10 and capacity_for(1000) == 1000
    assert capacity_for(2000) == 1000
    n = 10**6
    assert capacity_for(n) >= ts.classification.k_for(n) + 1  # what classify reads
    assert all(capacity_for(m) <= capacity_for(m + 1) for m in range(1, 5000, 7))


ROWS_NEEDED: dict[str, Callable[[TailSketch], Any]] = {
    "check_sample": lambda s: ts.check_sample(s),
    "check_groups": lambda s: ts.check_groups(s),
    "tail_dependence": lambda s: ts.tail_dependence(s, s),
    "best_of_n": lambda s: ts.best_of_n(s, s),
    "kl_frontier": lambda s: ts.kl_frontier(s),
    "kl_tilt": lambda s: ts.kl_tilt(s, beta=1.0),
    "fit_overoptimization": lambda s: ts.fit_overoptimization(s, s),
    "report with gold": lambda s: ts.report(s, "never-written.html", gold="gold"),
    "conditioning": lambda s: ts.conditioning(s, s),
    "goodhart_summary": lambda s: ts.goodhart_summary(s),
    "analyze with gold": lambda s: ts.analyze(s, gold="gold"),
    "analyze with goodhart": lambda s: ts.analyze({"a": s}, goodhart=True),
}


@pytest.mark.parametrize("name", sorted(ROWS_NEEDED))
def test_functions_that_need_the_rows_refuse_a_sketch(name):
    s = TailSketch.from_sample(np.random.default_rng(9).standard_normal(500), name="rm")
    with raises_data_error("rows", "top order statistics", "TailSketch"):
        ROWS_NEEDED[name](s)


@pytest.mark.parametrize("values", [np.full(5000, 1.5), np.array([1.0, 2.0, 3.0])],
                         ids=["constant", "tiny"])
@pytest.mark.parametrize("call", [
    lambda s: ts.hill(s, 2), lambda s: ts.moment(s, 2), lambda s: ts.pickands(s, 1),
    lambda s: ts.weibull_tail(s, 2), lambda s: ts.fit_gpd(s, 1.0), lambda s: ts.classify(s),
    lambda s: ts.mean_excess(s), lambda s: ts.threshold_stability(s),
    lambda s: ts.tail_path(s, "hill"), lambda s: s.upper_tail(2)],
    ids=["hill", "moment", "pickands", "weibull_tail", "fit_gpd", "classify", "mean_excess",
         "threshold_stability", "tail_path", "upper_tail"])
def test_sketch_of_a_constant_or_tiny_sample_is_refused_as_the_sample(
        values: np.ndarray, call: Callable[[Any], Any], request: pytest.FixtureRequest) -> None:
    # classify's minimum is its own (50 values), for rows as for a sketch (a review: a sketch
    # of 3 values said "at least 5", the sketch's minimum)
    least = 50 if "classify" in request.node.callspec.id else 5
    with pytest.raises(ts.DataError) as on_sample:
        ts.data.check_sample(values, min_size=least)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        with pytest.raises(ts.DataError) as on_sketch:
            call(ts.TailSketch.from_sample(values))
    assert str(on_sketch.value) == str(on_sample.value)


def test_a_name_that_is_not_a_string_is_refused_when_set():
    """A sketch writes its name into its bytes: a tuple would write bytes that cannot be read
    back (and a pickled sketch could not be unpickled on a Dask worker)."""
    s = ts.TailSketch(name="a")
    with raises_data_error("name must be a string"):
        s.name = ("a", 1)  # type: ignore[assignment]
    assert s.name == "a"
    s.name = "b"
    assert ts.TailSketch.from_bytes(s.to_bytes()).name == "b"


def test_analyze_of_sketches_is_analyze_of_their_rows():
    """A dict of sketches is one group per key, a sketch one group: the table is the one the
    rows give, exactly (a constant group fails in its row as it would)."""
    rng = np.random.default_rng(16)
    xs = {"a": rng.standard_t(3.0, 20_000), "b": rng.normal(size=30_000),
          "c": np.full(100, 2.0)}
    frame = pd.concat([pd.DataFrame({"m": k, "r": v}) for k, v in xs.items()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        want = ts.analyze(frame, "r", by="m")
        sketches = {k: TailSketch.from_sample(v, name=k) for k, v in xs.items()}
        got = ts.analyze(sketches)
        one = ts.analyze(sketches["a"])
    pd.testing.assert_frame_equal(got.table[list(want.table.columns)], want.table,
                                  check_exact=True)
    assert one.table["p_heavy"].iloc[0] == want.table["p_heavy"].iloc[0]
    assert got.sketches["a"].to_bytes() == sketches["a"].to_bytes()
    sketches["a"].update(rng.normal(size=10))  # the analysis keeps its own copies
    assert got.sketches["a"].n == 20_000
    with raises_data_error("constant"):
        ts.analyze(sketches["c"])  # a bare sketch raises its problem, as one sample does
    # a dict is groups: each named after its key (not the sketches' own names), a failing
    # one a row, as with by=
    unnamed = {k: TailSketch.from_sample(v) for k, v in xs.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(unnamed)
    assert res.classifications["a"].name == "a" and "'c' is constant" in res.failures["c"]
    holed = TailSketch.from_sample(np.r_[xs["a"], np.nan])
    with raises_data_error("1 missing value"):  # nan="raise" raises, as asked
        ts.analyze({"a": holed, "b": sketches["b"]}, nan="raise")
    with raises_data_error("takes no column, by"):
        ts.analyze(sketches, "r", by="m")


def test_report_of_sketches_draws_every_figure(tmp_path):
    """report() takes what analyze() takes: the figures come from the sketches; the
    Goodhart sections, which need the rows, are left out with a warning."""
    rng = np.random.default_rng(23)
    sketches = {"a": TailSketch.from_sample(rng.standard_t(3.0, 20_000)),
                "b": TailSketch.from_sample(rng.normal(size=20_000))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        page = ts.report(sketches, tmp_path / "s.html", progress=False).read_text("utf-8")
        direct = ts.report(ts.analyze(sketches), tmp_path / "d.html",
                           progress=False).read_text("utf-8")
    images = re.findall(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", page)
    assert len(images) == 3 and images == re.findall(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+",
                                                     direct)
    assert "need the rows" in page and "were not available" not in page
    # bayes=True fits the exceedances the sketch holds, as analyze() does (it was refused:
    # tests/test_dask_arguments.py)
