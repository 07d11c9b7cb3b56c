"""TailSketch.median: the sample's median, exactly, when the sketch holds the top half."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat.sketch import TailSketch


@pytest.mark.parametrize("n", [5, 6, 200, 201, 5000, 5001])
def test_median_is_numpys_for_even_and_odd_sizes(n: int) -> None:
    """A mutation review (stop 44): for an even size the sketch gave the upper of the two
    middle values, not their mean, and no test saw it. With the top half held it is
    np.median of the sample, exactly (the same two values, the same mean)."""
    x = np.random.default_rng(n).gamma(2.0, 1.0, n)
    s = TailSketch.from_sample(x)
    assert s.median == np.median(x)
    if n % 2 == 0:  # two middle values that differ: their mean is neither
        mid = np.sort(x)[n // 2 - 1: n // 2 + 1]
        assert mid[0] < s.median < mid[1]


def test_median_of_integers_with_an_even_count() -> None:
    """1..10: the median is 5.5 (the mean of 5 and 6), by the definition."""
    s = TailSketch.from_sample(np.arange(1.0, 11.0))
    assert s.median == 5.5
