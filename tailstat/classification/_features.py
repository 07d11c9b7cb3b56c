"""Location- and scale-invariant tail features used by the classifier, at five depths.

All features are computed from the top ``c + 1`` order statistics only (``desc`` may carry a
leading axis of replicates), on ``Z = X - X(n - c)``, centred at the order statistic of depth
``c = min((n - 1) // 2, 4 k2)`` (:func:`centre_depth`; the median's order statistic for
``n`` below about 80, an order statistic inside the tail beyond). Centring inside the kept
tail rather than at the sample median is what lets a mergeable :class:`tailstat.TailSketch` of
a stream (which keeps the top order statistics exactly but cannot keep an exact median in
bounded memory) give exactly the classification of the whole sample:

* at a deep level ``k1 = c / 2`` (precise, reaches into the shoulder of the distribution):
  ``xi_moment_deep`` (moment estimator of Dekkers, Einmahl & de Haan) and ``log_theta_deep``
  (log of Girard's Weibull-tail coefficient);
* at the tail level ``k2`` (``≈ n^(2/3)``, at most n/10): ``xi_moment`` and ``log_theta``;
* at a high level ``k3 = k2 / 4``: ``xi_moment_high``, and a Pickands estimate averaged over
  ``k`` from ``k2/8`` to ``k2/4`` (location-scale invariant without centring);
* at the top of the sample, ``k4 = n^0.4`` and ``k5 = k4 / 4`` (at least 10 and 5):
  ``xi_moment_top`` and ``xi_moment_extreme``. A fixed fraction of the sample cannot see a
  heavy component of small weight ε (rare exploitable errors of a reward model): only the
  most extreme order statistics do, and these two features let them overrule the deeper
  levels. Conversely a bump of a light mixture at moderate depth bends the deep features
  towards "bounded" while the top stays light.

Looking at several depths lets the classifier see a heavy tail hiding behind a light body
(and the converse), and the drift between depths is what separates penultimate behaviour
(normal, lognormal) from a true power law or endpoint. Subtracting an order statistic makes
every feature location-invariant; each estimator is scale-invariant.
"""

from __future__ import annotations

from functools import lru_cache
from numbers import Integral
from typing import Any

import numpy as np

from tailstat import _validation as v
from tailstat._depths import MIN_HELD as MIN_HELD  # (re-exported: the classifier's names)
from tailstat._depths import held_depth as held_depth
from tailstat._depths import tail_level
from tailstat.estimators import kernels

FEATURES = ("xi_moment_deep", "log_theta_deep", "xi_moment", "log_theta", "xi_moment_high",
            "xi_pickands", "xi_moment_top", "xi_moment_extreme")

#: Location-free features of the top of the sample (see :func:`local_features`).
LOCAL_FEATURES = ("xi_local_top", "xi_local_extreme")

#: The span feature (see :func:`span_feature`): how the spacing scale grows from the body to
#: the top of the sample.
SPAN_FEATURE = "xi_span"

#: Features are clipped to this range: the moment estimator at a handful of order statistics
#: can be arbitrarily large when the top values are nearly tied, and beyond |ξ| = 4 the value
#: carries no further information about the class.
FEATURE_CLIP = 4.0


@lru_cache(maxsize=256)
def _theta_level(k: int, n: int) -> float:
    ks = np.arange(1, k + 1, dtype=np.float64)
    ll = np.log(np.log(n / ks))
    return float(np.sum(ll) - k * ll[-1])


def _theta_statistic(m1: np.ndarray, k: int, n: int) -> np.ndarray:
    """The ``log_theta`` features' statistic: ``k M1(k) / (Σ_{i<=k} log log(n/i) -
    k log log(n/k))``.

    It is Girard's θ with the level ``n/k`` in the denominator where the log-spacings
    start at ``X(n-k)`` (level ``n/(k+1)``): about ``θ/k`` above θ. The public estimator
    (:func:`tailstat.estimators.kernels.weibull_tail_at`) uses the matching level; the
    feature keeps this form because the reference tables were simulated with it, and a
    feature only has to be the statistic its table describes.
    """
    return k * np.asarray(m1) / _theta_level(int(k), int(n))


_k2 = tail_level


def centre_depth(n: int) -> int:
    """Depth ``c`` of the centring order statistic ``X(n - c)``: ``min((n - 1) // 2, 4 k2)``."""
    k2 = _k2(n)
    return int(max(k2 + 2, min((n - 1) // 2, 4 * k2)))


#: What a sample size is: the package's integer rule, in the words of k_for's error.
_SIZE = v.Interval(Integral, 1, None, text="a sample size (an integer >= 1)")


def _check_size(n: Any) -> int:
    """``n`` as a sample size (an integer >= 1), or a DataError (public helpers: ``k_for(-1)``
    raised a TypeError about complex numbers, ``k_for(0)`` answered 12)."""
    if type(n) is int and n >= 1:  # the common call (a sketch's every update): no checks
        return n
    if isinstance(n, (float, np.floating)) and float(n).is_integer():
        n = int(n)  # a size computed as a float (an UpperTail's n = len(df) * share) is one
    v.check("n", n, [_SIZE])
    return int(n)


def k_levels(n: int) -> tuple[int, int, int]:
    """The three depths ``(k1, k2, k3)`` for a sample of size ``n`` (``k1 = c / 2``).

    Parameters
    ----------
    n : int
        The sample size (at least 1; the classifier itself needs 50, and below that the
        depths can exceed ``n``).

    Returns
    -------
    (int, int, int)
    """
    n = _check_size(n)
    k2 = _k2(n)
    k1 = int(max(k2 + 1, centre_depth(n) // 2))
    k3 = int(max(5, k2 // 4))
    return k1, k2, k3


def top_levels(n: int) -> tuple[int, int]:
    """The two top depths ``(k4, k5)``: ``n^0.4`` (at least 10) and a quarter of it (at least 5)."""
    k4 = int(max(10, round(n**0.4)))
    return k4, int(max(5, k4 // 4))


def k_for(n: int) -> int:
    """Depth of the deepest order statistic the classifier reads: the centre ``c``.

    The classifier needs the top ``k_for(n) + 1`` order statistics ``X(n), ..., X(n - c)``.

    Parameters
    ----------
    n : int
        The sample size (at least 1; the classifier itself needs 50).

    Returns
    -------
    int
    """
    return centre_depth(_check_size(n))


def depths(n: int) -> tuple[int, int, int, int, int]:
    """The five depths the features read at size ``n``: ``(k1, k2, k3, k4, k5)``."""
    return (*k_levels(n), *top_levels(n))


def features(desc: np.ndarray, n: int,
             moments: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Feature array ``(..., len(FEATURES))`` from the top ``k_for(n) + 1`` order statistics.

    Parameters
    ----------
    desc : numpy.ndarray
        Upper order statistics, descending along the last axis, at least ``k_for(n) + 1``.
    n : int
        Sample size.
    moments : (M1, M2), optional
        ``kernels.log_moments_at(desc - X(n - c), depths(n))`` when the caller already has
        them.
    """
    ks = depths(n)
    k1, k2 = ks[0], ks[1]
    if moments is None:
        c = centre_depth(n)
        z = desc[..., : k1 + 1] - desc[..., c : c + 1]
        z = np.where(z > 0, z, np.nan)
        moments = kernels.log_moments_at(z, ks)  # one pass: the log moments at the depths
    m1, m2 = moments
    xi = kernels.moment_from_m(m1, m2)  # (..., 5): the moment estimator at each depth
    cols = []
    for i, k in ((0, k1), (1, k2)):
        cols.append(xi[..., i])
        with np.errstate(divide="ignore", invalid="ignore"):
            cols.append(np.log(np.maximum(_theta_statistic(m1[..., i], k, n), 1e-6)))
    cols.append(xi[..., 2])
    # Pickands averaged over a few k (its variance is large at a single k)
    pick = kernels.pickands_at(desc, _pickands_ks(k2))
    finite = np.isfinite(pick)
    count = finite.sum(axis=-1)
    total = np.where(finite, pick, 0.0).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cols.append(np.where(count > 0, total / np.maximum(count, 1), np.nan))  # NaN: all tied
    cols.extend((xi[..., 3], xi[..., 4]))
    out = np.stack(cols, axis=-1)
    return np.where(np.isnan(out), np.nan, np.clip(out, -FEATURE_CLIP, FEATURE_CLIP))


@lru_cache(maxsize=256)
def _pickands_ks(k2: int) -> np.ndarray:
    """The k of the averaged Pickands feature: five from ``k2 / 8`` to ``k2 / 4``."""
    out = np.unique(np.linspace(max(2, k2 // 8), max(2, k2 // 4), 5).astype(int))
    out.setflags(write=False)
    return out


def local_span(n: int) -> int:
    """Number of top order statistics the local features read: ``4 k4`` (plus the centre)."""
    return 4 * top_levels(n)[0]


def local_features(desc: np.ndarray, n: int) -> np.ndarray:
    """Location-free features of the top of the sample, ``(..., 2)``.

    The moment estimator at ``k4`` and ``k5`` (:func:`top_levels`) on ``X - X(n - 4 k4)``: a
    function of the top ``4 k4 + 1`` order statistics alone, so it describes the
    distribution above a high threshold whatever lies below it. The top of a mixture whose
    upper component has weight ``w`` then looks like a sample of size ``w n`` from that
    component, which is how the classifier reads it
    (:mod:`tailstat.classification._likelihood`). NaN when fewer than ``4 k4 + 1`` order
    statistics are given (samples of 80 values or fewer, whose window holds fewer).
    """
    k4, k5 = top_levels(n)
    m = local_span(n)
    if desc.shape[-1] <= m:  # tiny samples: the top component cannot be read apart
        return np.full((*desc.shape[:-1], len(LOCAL_FEATURES)), np.nan)
    z = desc[..., : m + 1] - desc[..., m : m + 1]
    z = np.where(z > 0, z, np.nan)
    out = kernels.moment_from_m(*kernels.log_moments_at(z, (k4, k5)))
    return np.where(np.isnan(out), np.nan, np.clip(out, -FEATURE_CLIP, FEATURE_CLIP))


def span_feature(desc: np.ndarray, n: int) -> np.ndarray:
    """``xi_span``: the average ξ between the body and the top of the sample, ``(...)``.

    With ``D_i = i (X(i) - X(i+1))`` the normalised spacings (``X(1)`` the maximum; under a
    tail with local shape ξ, ``E D_i`` grows like ``i^(-ξ)``)::

        xi_span = log( mean_{i <= k4} D_i / mean_{c/2 < i <= c} D_i )
                  / ( mean_{c/2 < i <= c} log i - mean_{i <= k4} log i )

    with ``c`` the centring depth (:func:`centre_depth`) and ``k4`` the top level
    (:func:`top_levels`). Location- and scale-free, read from the top ``c + 1`` order
    statistics (so a :class:`tailstat.TailSketch` gives the same value). Its sign follows
    the label where the other features are ambiguous: any heavy tail, including a light
    body with a heavy component of small weight, has a top spacing scale above the body's
    (``xi_span > 0``), while a light mixture with a narrow upper component, whose moderate
    depths look like a power law, returns at the top to the body's scale or below
    (``xi_span <= 0``). Clipped to ``±FEATURE_CLIP``; NaN when the body's spacings are all
    zero (ties).
    """
    c = centre_depth(n)
    k4 = top_levels(n)[0]
    i = np.arange(1, c + 1, dtype=float)  # (made each time: a cache of these held 64 of
    gap = _span_gap(c, k4)  # them, 145 MB for a monitor's stream past 10^7; a review)
    # in units of a power of two near the largest magnitude read: exact (the ratio is
    # scale-free), and no spacing or sum of spacings overflows near the float maximum
    top_abs = np.maximum(np.abs(desc[..., 0]), np.abs(desc[..., c]))
    z = np.ldexp(desc[..., : c + 1], -np.frexp(top_abs)[1][..., None])
    d = i * (z[..., :c] - z[..., 1 : c + 1])
    top, deep = slice(0, min(k4, c)), slice(c // 2, c)
    body = d[..., deep].mean(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(body > 0, np.log(d[..., top].mean(axis=-1) / body) / gap, np.nan)
    return np.where(np.isnan(out), np.nan, np.clip(out, -FEATURE_CLIP, FEATURE_CLIP))


@lru_cache(maxsize=64)
def _span_gap(c: int, k4: int) -> float:
    """The gap between the mean log depths of the body ``(c/2, c]`` and of the top
    ``[1, k4]`` (:func:`span_feature`)."""
    i = np.arange(1, c + 1, dtype=float)
    top, deep = slice(0, min(k4, c)), slice(c // 2, c)
    return float(np.mean(np.log(i[deep])) - np.mean(np.log(i[top])))
