"""Merging sketches of different capacities (``tailstat/sketch.py``): what the merge keeps."""

from __future__ import annotations

import numpy as np
from _helpers import raises_data_error, same_bits

from tailstat import classify
from tailstat.sketch import HEADROOM, TailSketch, capacity_for, merge_sketches


def test_merging_an_empty_or_complete_fixed_sketch_keeps_what_an_automatic_one_holds():
    """A review: merging an empty TailSketch(capacity=100) cut a sketch of 2e5 values to its
    top 100, too few to classify; a complete small one did the same."""
    rng = np.random.default_rng(11)
    big = TailSketch.from_sample(rng.standard_t(3, 200_000))
    assert big.merge(TailSketch(capacity=100)).same_as(big)
    small = TailSketch(capacity=1000).update(rng.standard_t(3, 10))
    both = big.merge(small)
    assert both.capacity is None and both.n == 200_010
    assert both.top.shape[0] >= big.top.shape[0]
    assert classify(both).label == classify(big).label


def test_batches_below_the_truncation_point_leave_the_kept_top_as_it_is() -> None:
    """Batches whose values all lie below the kept top's end are folded in without merging
    (a review: each one copied and sorted the whole kept top); the sketch stays that of the
    whole stream, counts and moments included."""
    rng = np.random.default_rng(12)
    first = rng.normal(size=100_000)
    later = [rng.uniform(-3.0, 0.0, size=64) for _ in range(200)]
    sk = TailSketch.from_sample(first)
    kept = sk.top
    for batch in later:
        sk.update(batch)
    assert sk.top is kept and kept[-1] > 0.0  # not merged: the same array (batches <= 0)
    whole = np.concatenate([first, *later])
    assert sk.n == whole.size and np.array_equal(sk.top, np.sort(whole)[::-1][: sk.top.size])
    assert np.isclose(sk.mean, whole.mean(), rtol=1e-12, atol=1e-12)


def test_an_automatic_sketch_merged_in_keeps_what_a_fixed_one_held() -> None:
    """A review of the rule above: a sketch of 10 values with the automatic capacity cut a
    fixed capacity of 500,000 to 100,002 values, and made a complete sketch incomplete."""
    rng = np.random.default_rng(13)
    big = TailSketch.from_sample(rng.standard_t(3, 1_000_000), capacity=500_000)
    m = big.merge(TailSketch.from_sample(rng.standard_t(3, 10)))
    assert m.capacity == 500_000 and m.top.size == 500_000
    whole = TailSketch.from_sample(rng.normal(size=3000), capacity=5000)
    both = whole.merge(TailSketch.from_sample(rng.normal(size=100)))
    assert both.complete and both.top.size == 3100 and both.capacity == 5000


def test_merging_an_automatic_sketch_with_a_larger_fixed_one_is_commutative() -> None:
    """A review (stop 44): a fixed-capacity sketch merged with an automatic one kept 5,992
    values one way and 6,617 the other -- the first fold trimmed to what the first sketch's
    size alone allows. Both orders now keep the union's exact top, the same values."""
    rng = np.random.default_rng(0)
    a = TailSketch.from_sample(rng.normal(size=10_000) + 1.0, capacity=5000)
    b = TailSketch.from_sample(rng.normal(size=10_000))
    ab, ba = a.merge(b), b.merge(a)
    assert ab.to_bytes() == ba.to_bytes()
    union = np.sort(np.r_[a.top, b.top])[::-1]
    # exact top values of the union: at and above the larger truncation point
    assert np.array_equal(ab.top, union[:ab.top.size])
    assert ab.top.size == min(HEADROOM * capacity_for(20_000),
                              int(np.count_nonzero(union >= max(a.top[-1], b.top[-1]))))


def test_merge_sketches_takes_one_sketch_and_names_what_is_not_one() -> None:
    # (error-message audit) one sketch for the list raised "'TailSketch' object is not
    # iterable" from inside list(); None and numbers the same
    x = np.random.default_rng(7).pareto(2.0, 500)
    sketch = TailSketch.from_sample(x)
    merged = merge_sketches(sketch)
    assert merged is not sketch and same_bits(merged.top, sketch.top) and merged.n == sketch.n
    for bad in (None, 5):
        with raises_data_error("merge_sketches takes TailSketch objects", type(bad).__name__):
            merge_sketches(bad)  # type: ignore[arg-type]
    # a dict of sketches (as analyze takes) iterates over its keys: the error says so
    with raises_data_error("got str", "pass its .values()"):
        merge_sketches({"a": sketch})  # type: ignore[arg-type]
    assert merge_sketches({"a": sketch}.values()).n == sketch.n


def test_a_merge_that_kept_fewer_than_its_capacity_says_why() -> None:
    """A review: a sketch of capacity 2000 merged with one of capacity 1000 (holding the top
    of the union) kept 1010 values, and asking for 2000 told the user to build it with
    TailSketch(capacity=2000), the capacity it had; the message says a merged sketch kept
    fewer, and the kept top is exact."""
    rng = np.random.default_rng(13)
    x, y = rng.normal(size=5000) + 2, rng.normal(size=5000)
    both = TailSketch(capacity=1000).update(x).merge(TailSketch(capacity=2000).update(y))
    truth = np.sort(np.concatenate([x, y]))[::-1]
    assert both.capacity == 2000 and 1000 <= both.top.size < 2000
    assert np.array_equal(both.top, truth[: both.top.size])
    with raises_data_error("(its capacity is 2000, but a sketch merged into it had a smaller "
                           "one and kept fewer); build it (and its shards) with "
                           "TailSketch(capacity=2000)"):
        both.upper_tail(k_max=1999)
    with raises_data_error("2501 are needed (k = 2500); build it"):  # beyond its capacity
        both.upper_tail(k_max=2500)


def test_a_one_pass_sketch_short_of_k_is_not_blamed_on_shards() -> None:
    """Review 368: a one-pass sketch of 10^5 values asked for 50,001 was told that shards or
    batches holding most of the top values had left it short, and advised no capacity,
    which keeps the same 21,542; merged shards that hold fewer are still told so."""
    x = np.random.default_rng(0).normal(size=100_000)
    one = TailSketch.from_sample(x)
    assert one.k_max + 1 == HEADROOM * capacity_for(100_000)
    with raises_data_error("holds the top 21542 of 100000", "capacity=50001 or more)") as info:
        one.upper_tail(50_000)
    assert "shards or batches" not in str(info.value) and "no capacity" not in str(info.value)
    parts = [TailSketch.from_sample(part) for part in np.array_split(np.sort(x), 10)]
    merged = merge_sketches(parts)
    assert merged.k_max + 1 < one.k_max + 1
    with raises_data_error("shards or batches that hold most of the top values leave fewer "
                           "than the 21542 of a one-pass sketch", "or no capacity"):
        merged.upper_tail(merged.k_max + 1)
    dask_default = TailSketch.from_sample(x, capacity=capacity_for(100_000))  # review 370:
    with raises_data_error("capacity=15001 or more)") as info:  # Dask's default keeps 10771
        dask_default.upper_tail(15_000)
    assert "no capacity" not in str(info.value)


def test_sketches_of_one_fixed_capacity_merged_at_once_equal_the_pairwise_tree() -> None:
    """merge_sketches folds sketches of one fixed capacity into one at once (half the folds
    of the pairwise tree: a Dask run merges millions); it must keep what the tree and one
    pass keep: the same top values, counts, ends and counts at them; moments to rounding."""
    rng = np.random.default_rng(14)
    shards = [np.round(rng.standard_t(3, size=m), 1) for m in (0, 3, 40, 500, 2_000, 7)]
    shards[2][:5] = np.nan
    shards[3][:10] = shards[3].max()  # a run of ties at the top of one shard
    for capacity in (2, 50, 600, 5_000):
        parts = [TailSketch(capacity, name="rm").update(s) for s in shards]
        at_once = merge_sketches(parts)
        tree = parts[0]
        for p in parts[1:]:
            tree = tree.merge(p)
        whole = TailSketch(capacity, name="rm").update(np.concatenate(shards))
        for other in (tree, whole):
            assert same_bits(at_once.top, other.top)
            assert (at_once.n, at_once.n_nan_dropped, at_once.complete, at_once.minimum,
                    at_once.n_at_max, at_once.n_at_min, at_once.capacity) == (
                other.n, other.n_nan_dropped, other.complete, other.minimum, other.n_at_max,
                other.n_at_min, other.capacity)
            assert at_once.same_as(other, rtol=1e-12)
        assert all(p.n == s.shape[0] - np.isnan(s).sum() for p, s in zip(parts, shards,
                                                                          strict=True))
        level = parts  # the pairwise tree of levels merge_sketches had made: the same bytes
        while len(level) > 1:
            level = [level[i].merge(level[i + 1]) if i + 1 < len(level) else level[i]
                     for i in range(0, len(level), 2)]
        assert at_once.to_bytes() == level[0].to_bytes()


def test_merging_many_sketches_at_once_keeps_the_trees_precision() -> None:
    """Review 417: folded one by one, the moments of 1,000 shards near 10^8 lost 20 times more
    of the variance than the pairwise tree; they are now combined as that tree."""
    rng = np.random.default_rng(15)
    shards = [1e8 + 0.001 * i + rng.normal(size=200) for i in range(1_000)]
    merged = merge_sketches([TailSketch(64).update(s) for s in shards])
    whole = np.concatenate(shards)
    exact_var = float(np.var(whole.astype(np.longdouble) - np.longdouble(1e8), ddof=1))
    assert abs(merged.var - exact_var) / exact_var < 1e-8
