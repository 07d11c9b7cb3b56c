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
