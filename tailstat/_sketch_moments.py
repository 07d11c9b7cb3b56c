"""The running moments of a :class:`tailstat.TailSketch`: mean and sum of squared deviations.

The sum of squared deviations ``m2`` is kept as a pair ``(f, e)`` meaning ``f * 2**e`` (``e``
even), so that it neither overflows for values near the float maximum (``m2`` of values near
1e306 is about 1e612) nor underflows for values near the smallest floats (about 1e-620 for
subnormal values): the standard deviation, which is representable, comes out with the same
relative precision as ``np.std`` at any scale. The pair is canonical: ``e = 0`` (``f`` the plain
float, as before the pair was introduced) whenever ``f`` lies in ``[2**-1000, 2**1000)`` or is
0, so that ordinary samples give the same bits (and the same serialised sketch) as a plain
float would; outside that range ``1 <= f < 4``.

Batches are summed about a shift (one pass, read with the top values) when that loses few
bits, else the deviations from the mean are summed in a second pass; values whose squared
deviations leave the safe range are summed in units of a power of two near their largest
magnitude (an exact rescaling). Merging uses Chan et al.'s pairwise update on the pairs.

The mean and variance are merged in floating point and agree with one pass to rounding error, not
bit for bit: about 1e-15 relative for the mean, and for the variance too when the values are not
far from 0 compared with their spread. Far from 0 each batch's mean is rounded at the values'
magnitude, and the variance carries that rounding, which grows with magnitude / spread (20 to 500
times for each factor of 100, not as its square) and is larger for small shards (reviews 425 and
429, unit spread, relative: 5e-14 near 10^6, 2e-11 near 10^8 and 2e-9 near 10^10 over 1,000 shards
of 1,000 values; 1e-9 to 7e-9 near 10^8 over 8 shards of 5 values), 4e-8
when the shards' means drift apart (by 0.001 a batch, as rewards do in training), 1% for two
shards near 10^10 spread by 10^-5. An exact
sum of 10^8 floats costs more than the partial sort itself, and nothing tailstat decides depends
on those two numbers. The sum of squared deviations has an exponent of its own, so the standard
deviation has the same relative precision at any scale (values near 1e306 or subnormal ones); the
variance is ``inf`` only for spreads above about 1e154."""

from __future__ import annotations

import math

import numpy as np

__all__: list[str] = []

#: Smallest ``m2 / sum of squares`` at which the one-pass moments are kept (``2**-10``: at
#: most 10 of the 53 bits lost, a relative error below about ``1e-13``).
_CANCELLATION = 2.0 ** -10
#: A plain float ``m2`` is read directly within ``[_SAFE_LO, _SAFE_HI]``: there every squared
#: deviation that matters is a normal float (deviations below ``1e-154`` square to subnormals
#: only when ``m2`` is far below ``_SAFE_LO``) and no square overflows.
_SAFE_LO, _SAFE_HI = 2.0 ** -600, 2.0 ** 600
#: The canonical pair keeps ``e = 0`` for ``f`` within ``[2**-1000, 2**1000)``.
_PLAIN_LO, _PLAIN_HI = 2.0 ** -1000, 2.0 ** 1000


def _ldexp(f: float, e: int) -> float:
    """``f * 2**e`` as a float: ``inf`` beyond the range, 0 below it (no exception)."""
    try:
        return math.ldexp(f, e)
    except OverflowError:
        return math.copysign(math.inf, f)


def normal_pair(f: float, e: int = 0) -> tuple[float, int]:
    """The canonical pair for ``f * 2**e`` (``f >= 0`` finite)."""
    if f == 0.0 or not math.isfinite(f):
        return f, 0
    plain = _ldexp(f, e)
    if _PLAIN_LO <= plain < _PLAIN_HI:
        return plain, 0
    m, x = math.frexp(f)  # f = m 2^x, 0.5 <= m < 1
    total = x + e
    if total % 2:
        return math.ldexp(m, 1), total - 1  # [1, 2) times an even power of two
    return math.ldexp(m, 2), total - 2  # [2, 4)


def batch_moments(arr: np.ndarray, shift: float, total: float, squares: float
                  ) -> tuple[float, float, int]:
    """Mean and sum of squared deviations ``(mean, f, e)`` of finite values, without warnings.

    ``total`` and ``squares`` are the sums of ``arr - shift`` and of its squares. They give
    the moments directly (``squares - total^2 / n``) unless that subtraction would lose more
    than 10 of the 53 bits (a shift far from the mean), a sum overflowed or the result left
    the safe range; then the deviations from the mean are summed in a second pass, and
    where those squares leave the safe range, in units of a power of two near the values'
    largest magnitude.
    """
    n = arr.shape[0]
    if math.isfinite(total) and math.isfinite(squares):
        d = total / n
        m2 = squares - total * d
        if (m2 > squares * _CANCELLATION and math.isfinite(shift + d)
                and _SAFE_LO <= m2 <= _SAFE_HI):
            return shift + d, m2, 0
    lo, hi = float(arr.min()), float(arr.max())
    # (a constant batch too: its mean is np.mean's, as it always was, not ``lo``, which
    # changed the bits of ordinary sketches; its m2, 0 or a rounding residue, is summed below)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        mean = float(np.mean(arr))
        if math.isfinite(mean):
            dev = arr - mean
            m2 = float(np.dot(dev, dev))  # one BLAS pass, no array of squares
            if _SAFE_LO <= m2 <= _SAFE_HI:
                return mean, m2, 0
        ex = math.frexp(max(abs(lo), abs(hi)))[1] - 1
        z = arr / math.ldexp(1.0, ex)  # exact: a power of two (|z| < 2)
        mean_z = float(np.mean(z))
        dz = z - mean_z
        m2_z = float(np.dot(dz, dz))
    f, e = normal_pair(m2_z, 2 * ex)
    return _ldexp(mean_z, ex), f, e


Moments = tuple[int, float, tuple[float, int]]  # (n, mean, m2 pair) of a summary


def combine_tree(parts: list[Moments]) -> Moments:
    """``(n, mean, m2)`` of the union of several summaries (an empty one, ``n = 0``, adds
    nothing), combined in pairs, then pairs of pairs: the order of a pairwise merge tree,
    whose rounding grows with the log of their number, not with it (review 417: folded one
    by one, 1,000 shards near 10^8 lost 20 times more of the variance). Each pair is taken
    in one order whatever the order given, so that two summaries combine to the same bits
    either way round (review 425: ``a.merge(b)`` and ``b.merge(a)`` differed in the mean's
    last bit in 9 of 1,000 pairs)."""
    def pair(a: Moments, b: Moments) -> Moments:
        if (b[0], b[1], b[2][1], b[2][0]) < (a[0], a[1], a[2][1], a[2][0]):
            a, b = b, a
        return b if not a[0] else a if not b[0] else (a[0] + b[0], *combine(*a, *b))

    while len(parts) > 1:
        parts = [pair(a, b) for a, b in zip(parts[::2], parts[1::2], strict=False)] + (
            parts[-1:] if len(parts) % 2 else [])
    return parts[0] if parts else (0, math.nan, (0.0, 0))


def combine(n_a: int, mean_a: float, m2_a: tuple[float, int], n_b: int, mean_b: float,
            m2_b: tuple[float, int]) -> tuple[float, tuple[float, int]]:
    """The mean and ``m2`` pair of the union of two summaries (both non-empty)."""
    total = n_a + n_b
    w = n_a * n_b / total
    with np.errstate(over="ignore", invalid="ignore"):
        delta = mean_b - mean_a
        new_mean = mean_a + delta * (n_b / total)
        if not math.isfinite(new_mean):  # delta overflowed: the weighted mean does not
            new_mean = mean_a * (n_a / total) + mean_b * (n_b / total)
    (fa, ea), (fb, eb) = m2_a, m2_b
    if ea == eb == 0 and math.isfinite(delta):
        with np.errstate(over="ignore"):  # (numpy scalars from a caller): inf is read below
            plain = float(fa + fb + delta * delta * w)
        if _SAFE_LO <= plain <= _SAFE_HI:
            return new_mean, (plain, 0)  # what a plain float gives (the same bits)
    if max(abs(mean_a), abs(mean_b)) >= 1.0:  # halves: no overflow
        dm, de = math.frexp(mean_b * 0.5 - mean_a * 0.5)
        de += 1
    else:  # differences of small (even subnormal) floats are exact
        dm, de = math.frexp(mean_b - mean_a)
    terms = [(f, e) for f, e in ((fa, ea), (fb, eb), (dm * dm * w, 2 * de)) if f != 0.0]
    if not terms:
        return new_mean, (0.0, 0)
    top = max(math.frexp(f)[1] + e for f, e in terms)
    s = math.fsum(math.ldexp(f, e - top) for f, e in terms)
    return new_mean, normal_pair(s, top)


def variance(m2: tuple[float, int], n: int) -> float:
    """``m2 / (n - 1)`` as a float (``inf`` beyond the range; NaN below two values)."""
    if n < 2:
        return math.nan
    return _ldexp(m2[0] / (n - 1), m2[1])


def std(m2: tuple[float, int], n: int) -> float:
    """``sqrt(m2 / (n - 1))``: finite whenever the standard deviation is."""
    if n < 2:
        return math.nan
    return _ldexp(math.sqrt(m2[0] / (n - 1)), m2[1] // 2)


def moments_close(a: tuple[float, float, int], b: tuple[float, float, int], n: int,
                  rtol: float) -> bool:
    """Whether two summaries' ``(mean, f, e)`` agree to ``rtol`` on their own scale: the means
    against the standard deviation as well as themselves, the ``m2`` against
    ``n (mean^2 + m2 / n)`` (the rounding of a nearly constant sample is relative to its
    values, not to its spread)."""
    (mean_a, fa, ea), (mean_b, fb, eb) = a, b
    n = max(n, 1)
    spread_sd = _ldexp(math.sqrt(abs(fa) / n), ea // 2)
    if not _close(mean_a, mean_b, rtol, scale=spread_sd):
        return False
    top = max(ea, eb)  # compare in units of 2**top (even)
    xa, xb = math.ldexp(fa, ea - top), math.ldexp(fb, eb - top)
    mean_u = _ldexp(mean_a, -(top // 2))
    with np.errstate(over="ignore"):
        scale = n * (mean_u * mean_u + abs(xa) / n)
    return _close(xa, xb, rtol, scale=scale)


def _close(a: float, b: float, rtol: float, scale: float = 0.0) -> bool:
    if a == b or (math.isnan(a) and math.isnan(b)):
        return True
    return abs(a - b) <= rtol * max(abs(a), abs(b), scale)
