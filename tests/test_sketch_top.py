"""Merging the descending top values of a sketch (``tailstat/_sketch_top.py``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tailstat._sketch_top import insert_descending


@pytest.mark.parametrize(("size", "m"), [(2000, 0), (2000, 1), (2000, 5), (2000, 9), (2000, 64),
                                         (2000, 65), (2000, 3000), (8192, 8192), (9, 9)])
def test_insert_descending_is_the_sorted_union(size: int, m: int) -> None:
    """Every path (a few values joined by runs, short arrays sorted together, many values by
    np.insert) gives the union sorted descending, ties included, without changing either
    input (the sketch makes every zero +0.0 before it merges, so the order of -0.0 and +0.0
    is not asked here)."""
    rng = np.random.default_rng(m)
    top = -np.sort(-np.round(rng.normal(size=size), 1))
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
    """Small batches are merged into the kept top in groups (one copy of the kept top per
    eighth of it, not one per batch: a review measured 0.27 ms a batch of 100 at 5e6,
    np.insert copying the whole top each time), and every reader sees the waiting values."""
    import tailstat._sketch_top as st
    import tailstat.sketch as sk

    folds = []
    real = st.fold_top
    monkeypatch.setattr(st, "fold_top", lambda *a: folds.append(1) or real(*a))
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
    # a value waiting to be merged: every reader sees it
    s.update([10.0])
    assert s._hold._pending and s.maximum == 10.0 and s.top[0] == 10.0
    s.update([11.0])
    assert s._hold._pending and s.exceedances(9.5).tolist() == [10.0, 11.0]
    s.update([12.0])
    assert s._hold._pending and s.upper_tail(10).desc[0] == 12.0
    s.update([13.0])
    assert s._hold._pending and sk.TailSketch.from_bytes(s.to_bytes()).maximum == 13.0
    s.update([14.0])
    assert s._hold._pending and s.merge(sk.TailSketch.from_sample([0.0, 1.0])).maximum == 14.0
    s.update([15.0])
    assert s._hold._pending and "max=15" in repr(s) and s.copy().same_as(s)
    s.update([16.0])
    assert s._hold._pending and s.to_dict()["maximum"] == 16.0 and s.n == 300_007


def test_a_fixed_capacity_stream_keeps_the_exact_top() -> None:
    """With a fixed capacity the streamed sketch holds exactly the K largest values,
    whichever batches the values came in."""
    from tailstat.sketch import TailSketch

    rng = np.random.default_rng(8)
    x = rng.standard_t(2, 100_000)
    s = TailSketch(capacity=500)
    for i in range(0, x.size, 37):
        s.update(x[i:i + 37])
    np.testing.assert_array_equal(s.top, np.sort(x)[::-1][:500])
    assert not s.complete and s.n == x.size and s.k_max == 499
    back = TailSketch.from_bytes(s.to_bytes())
    assert back.same_as(s) and back.top.shape[0] == 500


def _slow_fold(monkeypatch: pytest.MonkeyPatch, seconds: float,
               entered: Any = None) -> list[int]:
    """Make the sketch's fold take ``seconds``; ``entered`` (a threading.Event) is set as a
    fold begins."""
    import time

    import tailstat._sketch_top as st

    real, calls = st.fold_top, []

    def slow(*a: object) -> object:
        calls.append(1)
        if entered is not None:
            entered.set()
        time.sleep(seconds)
        return real(*a)

    monkeypatch.setattr(st, "fold_top", slow)
    return calls


def test_threads_reading_one_sketch_merge_its_waiting_values_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading merges the waiting values; readers in several threads must not merge them
    twice (each value would then appear twice in the top). The merge is slowed down so
    that the readers overlap in it."""
    from concurrent.futures import ThreadPoolExecutor

    import tailstat.sketch as sk

    x = np.random.default_rng(9).normal(size=50_000)
    s = sk.TailSketch.from_sample(x)
    for v in (5.0, 6.0, 7.0):
        s.update([v])
    calls = _slow_fold(monkeypatch, 0.05)
    with ThreadPoolExecutor(4) as pool:
        tops = list(pool.map(lambda _: s.top[:5].tolist(), range(8)))
    assert all(t == tops[0] for t in tops) and tops[0][:4] == [7.0, 6.0, 5.0, x.max()]
    assert s.top.shape[0] == np.unique(s.top).shape[0] == s.k_max + 1
    assert len(calls) == 1  # one reader merged; the others waited and found nothing to merge


def test_a_value_added_while_a_reader_merges_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A training loop updating while a logging thread reads: a value added during the
    reader's merge joins the sketch (a review: it was lost, with n counting it)."""
    import threading

    import tailstat.sketch as sk

    x = np.random.default_rng(10).normal(size=50_000)
    s = sk.TailSketch.from_sample(x)
    s.update([5.0])
    entered = threading.Event()
    _slow_fold(monkeypatch, 0.3, entered)
    reader = threading.Thread(target=lambda: s.top)
    reader.start()
    # the reader is inside its merge (an event, not a sleep: review 409)
    assert entered.wait(10.0)
    s.update([100.0])
    reader.join()
    assert s.n == 50_002 and s.top[:2].tolist() == [100.0, 5.0]


def test_waiting_values_hold_no_more_than_themselves() -> None:
    """Values above the cut wait as copies: a slice of a sorted batch of 10^5 kept the whole
    batch alive for one value (242 MB held for 299 values: a review)."""
    from tailstat.sketch import TailSketch

    rng = np.random.default_rng(11)
    s = TailSketch(capacity=100_000)
    s.update(rng.normal(size=200_000))
    for i in range(50):
        batch = rng.normal(size=50_000) - 10.0
        batch[0] = 10.0 + i  # one value above the cut
        s.update(batch)
    held = sum(p.nbytes + (p.base.nbytes if p.base is not None else 0)
               for p in s._hold._pending)
    assert s._hold._pending_n == 50 and held <= 50 * 8 * 2


def test_what_a_sketch_keeps_does_not_depend_on_when_it_was_read() -> None:
    """Two sketches fed the same batches, one read after every batch, keep the same values
    (a review: the one read kept 2,000, the other 2,132, and upper_tail(2100) worked on one
    only)."""
    from tailstat.sketch import TailSketch

    rng = np.random.default_rng(12)
    batches = [rng.normal(size=2000), rng.normal(size=100) + 10.0,
               *(rng.normal(size=100) - 10.0 for _ in range(300))]
    a, b = TailSketch(), TailSketch()
    for batch in batches:
        a.update(batch)
        repr(a)
        b.update(batch)
    assert a.same_as(b) and a.to_bytes() == b.to_bytes()
    assert a.k_max == b.k_max


def test_the_count_at_the_maximum_is_exact_past_the_capacity() -> None:
    """A review: with the maximum repeated more often than a sketch keeps, its count was lost
    (the notes said "at least" the values kept: 9% of binary rewards, half of them at 1).
    Updates in batches, merges in any tree, bytes and pickling keep the exact count."""
    import pickle

    from tailstat import TailSketch, merge_sketches

    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 200_000).astype(float)
    y[rng.random(y.size) < 0.1] = -0.0  # zeros of both signs below the maximum
    true = int(np.count_nonzero(y == 1.0))
    one = TailSketch.from_sample(y)
    assert one.top.shape[0] < true and one.n_at_max == true
    parts = [TailSketch.from_sample(p) for p in np.array_split(y, 7)]
    assert merge_sketches(parts).n_at_max == true
    assert merge_sketches(parts[::-1]).n_at_max == true
    fixed = TailSketch(capacity=50)
    for batch in np.array_split(y, 40):
        fixed.update(batch)
    assert fixed.n_at_max == true
    for s in (one, fixed):
        assert TailSketch.from_bytes(s.to_bytes()).n_at_max == true
        assert pickle.loads(pickle.dumps(s)).n_at_max == true
    # the maximum among kept values below it: counted from them, and no key is written
    x = np.r_[rng.normal(size=5000), [9.0, 9.0, 9.0]]
    s = TailSketch.from_sample(x)
    assert s.n_at_max == 3 and b"n_max" not in s.to_bytes()
    assert TailSketch.from_bytes(s.to_bytes()).n_at_max == 3
    bigger = TailSketch.from_sample([10.0, 1.0, 2.0, 3.0, 4.0])
    assert (s | bigger).n_at_max == 1 and TailSketch().n_at_max == 0
