"""Merging sketches of different capacities (``tailstat/sketch.py``): what the merge keeps."""

from __future__ import annotations

import numpy as np

from tailstat import classify
from tailstat.sketch import TailSketch


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
    assert np.array_equal(sk.top, kept) and kept[-1] > 0.0  # (the batches are all <= 0)
    whole = np.concatenate([first, *later])
    assert sk.n == whole.size and np.array_equal(sk.top, np.sort(whole)[::-1][: sk.top.size])
    assert np.isclose(sk.mean, whole.mean(), rtol=1e-12, atol=1e-12)
