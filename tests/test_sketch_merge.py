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
