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


@pytest.mark.parametrize("scale", [1e306, 1e200, 1e-160, 1e-300, 1e-310])
def test_the_standard_deviation_has_the_same_relative_precision_at_any_scale(scale):
    """A review: the sum of squared deviations was a plain float, so ``std`` was ``inf`` for
    rewards near 1e306 (and from about 1e154 on) and 0 for subnormal ones (digits lost from
    1e-146 down): it is kept with an exponent of its own, one pass or merged from shards,
    and through ``to_bytes``."""
    x = np.random.default_rng(0).standard_t(3, 20_000) * scale
    top = float(np.max(np.abs(x)))
    expected = float(np.std(x / top, ddof=1)) * top  # np.std on an exactly rescaled sample
    one = TailSketch.from_sample(x)
    merged = TailSketch.from_sample(x[:7000]).merge(TailSketch.from_sample(x[7000:]))
    back = TailSketch.from_bytes(merged.to_bytes())
    rel = 1e-12 if scale > 1e-300 else 1e-9  # subnormals carry fewer digits
    for s in (one, merged, back):
        assert s.std == pytest.approx(expected, rel=rel, abs=0)
        assert s.mean == pytest.approx(float(np.mean(x / top)) * top, rel=1e-9, abs=0)
    assert one.same_as(merged)


def test_the_usual_bytes_do_not_change_and_a_huge_variance_is_inf_not_an_error():
    """Ordinary values keep a plain sum of squares (no exponent in the header); a variance
    beyond the float range is ``inf`` (as its float is) while ``std`` stays finite."""
    x = np.random.default_rng(1).normal(size=1000)
    assert b"m2_exp" not in TailSketch.from_sample(x).to_bytes()
    big = TailSketch.from_sample(x * 1e300)
    assert big.var == math.inf and math.isfinite(big.std)
    assert big.to_dict()["std"] == pytest.approx(big.std)


def test_a_constant_batch_keeps_the_bits_it_had():
    """A constant batch's mean was taken as its value (0.1 for seven 0.1s) where it had been
    ``np.mean`` (0.09999999999999999): the moments and bytes of such a stream changed
    (mean 0.16 for seven 0.1s and three 0.3s, it was 0.15999999999999998)."""
    s = TailSketch()
    s.update(np.full(7, 0.1))
    assert s.mean == float(np.mean(np.full(7, 0.1))) != 0.1
    s.update(np.full(3, 0.3))
    assert (s.mean, s.var) == (0.15999999999999998, 0.009333333333333336)
    assert b'"mean":"0.15999999999999998","m2":"0.08400000000000002"' in s.to_bytes()
