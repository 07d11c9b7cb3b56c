"""TailSketch running moments: mean and variance exact to rounding, whatever the offset
and however the values cancel (the one-pass sums about a shift, and the two-pass fallback)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat.sketch import TailSketch


@pytest.mark.parametrize("offset", [0.0, 3.0, 1e4, 1e9])
def test_moments_of_a_large_sample_are_exact_to_rounding_whatever_the_offset(offset):
    """The one-pass moments (sum and sum of squares, read with the top values) are kept only
    while the subtraction loses few bits; far from zero the deviations are summed again:
    the variance is right to 1e-12 either way."""
    rng = np.random.default_rng(7)
    x = rng.gamma(2.0, 1.0, 200_000) + offset
    s = TailSketch.from_sample(x)
    assert s.mean == pytest.approx(math.fsum(x) / x.size, rel=1e-13)
    exact = math.fsum((x - math.fsum(x) / x.size) ** 2) / (x.size - 1)
    assert s.var == pytest.approx(exact, rel=1e-12)


def test_moments_of_two_close_values_keep_their_precision():
    """A review's case: two close values (most of the squares cancel about the mean if the
    sums are taken about zero) give the variance to 1e-13 (exact rational arithmetic)."""
    from fractions import Fraction

    a, b, n, k = 1.000765115947033, 1.0677229131172514, 65537, 29857
    x = np.concatenate([np.full(n - k, b), np.full(k, a)])
    fa, fb = Fraction(a), Fraction(b)
    mu = (k * fa + (n - k) * fb) / n
    exact = float((k * (fa - mu) ** 2 + (n - k) * (fb - mu) ** 2) / (n - 1))
    assert TailSketch.from_sample(x).var == pytest.approx(exact, rel=1e-13)


def test_the_moments_of_tiny_values_do_not_fail_when_the_caller_raises_on_underflow():
    """The squares of values near 1e-300 underflow to 0 (their spread is still read, by the
    rescaled pass): under ``np.seterr(all="raise")`` classifying such a sketch failed."""
    x = np.random.default_rng(0).normal(size=20_000) * 1e-300
    s = TailSketch.from_sample(x)
    plain = (s.mean, s.std)
    with np.errstate(all="raise"):
        s2 = TailSketch.from_sample(x)
        assert (s2.mean, s2.std) == plain
