"""Merging the descending top values of a sketch (``tailstat/_sketch_top.py``)."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat._sketch_top import insert_descending


@pytest.mark.parametrize("m", [0, 1, 5, 64, 65, 3000])
def test_insert_descending_is_the_sorted_union(m: int) -> None:
    """Both paths (a few values joined by runs, many by np.insert) give the union sorted
    descending, ties included, without changing either input (the sketch makes every zero
    +0.0 before it merges, so the order of -0.0 and +0.0 is not asked here)."""
    rng = np.random.default_rng(m)
    top = -np.sort(-np.round(rng.normal(size=2000), 1))
    new = -np.sort(-np.round(rng.normal(size=m), 1))
    if m:
        new[0] = top[0] + 1.0  # above every kept value
        new[-1] = top[-1] - 1.0  # below every kept value
        new = -np.sort(-new)
    top.setflags(write=False)
    before = (top.copy(), new.copy())
    got = insert_descending(top, new)
    np.testing.assert_array_equal(got, -np.sort(-np.concatenate([top, new])))
    assert got.flags.c_contiguous and got.flags.writeable
    np.testing.assert_array_equal(top, before[0])
    np.testing.assert_array_equal(new, before[1])


def test_a_stream_of_small_batches_keeps_the_one_shot_top() -> None:
    """The streamed sketch (every batch merged by insertion) equals the one made from the
    whole sample at once: a review found each batch re-sorting the whole kept top."""
    from tailstat.sketch import TailSketch

    rng = np.random.default_rng(3)
    x = np.round(rng.standard_t(3, 60_000), 2)
    s = TailSketch()
    for i in range(0, x.size, 97):
        s.update(x[i:i + 97])
    assert s.same_as(TailSketch.from_sample(x))
    np.testing.assert_array_equal(s.top, TailSketch.from_sample(x).top)


def test_small_batches_wait_and_every_reader_sees_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small batches are folded into the kept top in groups (one copy of the kept top per
    eighth of it, not one per batch: a review measured 0.27 ms a batch of 100 at 5e6,
    np.insert copying the whole top each time), and every reader sees the waiting values."""
    import tailstat.sketch as sk

    folds = []
    real = sk.fold_top
    monkeypatch.setattr(sk, "fold_top", lambda *a: folds.append(1) or real(*a))
    rng = np.random.default_rng(5)
    x = rng.normal(size=300_000)
    s = sk.TailSketch()
    s.update(x[:200_000])
    folds.clear()
    for i in range(200_000, 300_000, 100):
        s.update(x[i:i + 100])
    assert len(folds) < 20  # against 1000 before, one per batch
    one = sk.TailSketch.from_sample(x)
    m = min(one.top.shape[0], s.top.shape[0])
    np.testing.assert_array_equal(s.top[:m], one.top[:m])
    # a value waiting to be folded: every reader sees it
    s.update([10.0])
    assert s._pending and s.maximum == 10.0 and s.top[0] == 10.0
    s.update([11.0])
    assert s._pending and s.exceedances(9.5).tolist() == [10.0, 11.0]
    s.update([12.0])
    assert s._pending and s.upper_tail(10).desc[0] == 12.0
    s.update([13.0])
    assert s._pending and sk.TailSketch.from_bytes(s.to_bytes()).maximum == 13.0
    s.update([14.0])
    assert s._pending and s.merge(sk.TailSketch.from_sample([0.0, 1.0])).maximum == 14.0
    s.update([15.0])
    assert s._pending and "max=15" in repr(s) and s.copy().same_as(s)
    s.update([16.0])
    assert s._pending and s.to_dict()["maximum"] == 16.0 and s.n == 300_007


def test_a_fixed_capacity_stream_keeps_the_exact_top() -> None:
    """With a fixed capacity the streamed sketch holds exactly the K largest values,
    whichever batches the values came in (the waiting values are folded at that size)."""
    from tailstat.sketch import TailSketch

    rng = np.random.default_rng(8)
    x = rng.standard_t(2, 100_000)
    s = TailSketch(capacity=500)
    for i in range(0, x.size, 37):
        s.update(x[i:i + 37])
    np.testing.assert_array_equal(s.top, np.sort(x)[::-1][:500])
    assert not s.complete and s.n == x.size and s.k_max == 499


def test_threads_reading_one_sketch_fold_its_pending_values_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading folds the waiting values; readers in several threads must not fold them
    twice (each value would then appear twice in the top). The fold is slowed down so that
    the readers overlap in it."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    import tailstat.sketch as sk

    real, calls = sk.fold_top, []

    def slow(*a: object) -> object:
        calls.append(1)
        time.sleep(0.05)
        return real(*a)

    monkeypatch.setattr(sk, "fold_top", slow)
    x = np.random.default_rng(9).normal(size=50_000)
    s = sk.TailSketch.from_sample(x)
    for v in (5.0, 6.0, 7.0):
        s.update([v])
    calls.clear()
    with ThreadPoolExecutor(4) as pool:
        tops = list(pool.map(lambda _: s.top[:5].tolist(), range(8)))
    assert all(t == tops[0] for t in tops) and tops[0][:4] == [7.0, 6.0, 5.0, x.max()]
    assert s.top.shape[0] == np.unique(s.top).shape[0] == s.k_max + 1
    assert len(calls) == 1  # one reader folded; the others waited and found nothing to fold
