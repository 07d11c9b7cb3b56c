"""Vectorised kernels over k for the semi-parametric tail estimators (public).

These are the building blocks of :func:`tailstat.hill` and friends, public so that other
stages (the classifier's features) compute the same estimators from the same code.

Every kernel takes the upper order statistics in descending order along the last axis
(``desc[..., j] = X(n-j)``) and returns the estimate for k = 1..k_max in one pass
(cumulative sums; no Python loop over k or over samples). A leading axis, when present,
holds bootstrap replicates. Conventions follow docs/science.md §4.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from tailstat.errors import DataError

__all__ = [
    "LOG2",
    "hill_path",
    "log_moments",
    "log_moments_at",
    "moment_from_m",
    "moment_path",
    "pickands_at",
    "pickands_path",
    "sd_hill",
    "sd_moment",
    "sd_pickands",
    "sd_weibull_tail",
    "weibull_tail_at",
    "weibull_tail_path",
]

LOG2 = float(np.log(2.0))


def _check_window(desc: np.ndarray, need: int, what: str, per_k: int = 1) -> None:
    """Refuse a window the kernel cannot read: fewer than ``need`` order statistics, or
    values in ascending order (review 437: an ascending array gave a path of zeros, and a
    k_max past the end numpy's broadcast or index error). The order is checked at the two
    ends read (cheap: the kernels run inside bootstrap loops). ``per_k``: order statistics
    read per unit of k beyond the first (4 for Pickands, which reads ``4 k``; else ``k + 1``)."""
    size = desc.shape[-1] if desc.ndim else 0
    if need < 2 or need > size:
        most = size - 1 if per_k == 1 else size // per_k  # the largest k the window serves
        raise DataError(f"{what} reads {need} upper order statistics but the array holds "
                        f"{size} along its last axis: pass k from 1 to {most}, or more "
                        "order statistics.")
    with np.errstate(invalid="ignore"):
        if np.any(desc[..., 0] < desc[..., need - 1]):
            raise DataError(f"{what} takes the upper order statistics in descending order "
                            "(desc[..., j] = X(n-j)): pass np.sort(x)[::-1].")


def _log_ratios(desc: np.ndarray) -> np.ndarray:
    """``log(desc / desc[..., 0])`` to rounding of each ratio.

    ``log(x) - log(X(n))`` loses the digits the two logs share: for values near 1e12 spread
    by 1, each log carries an error of about 3e-15 against spacings of about 1e-12, a relative
    error of 1e-3 in the moments. Where ``x >= X(n)/2`` the difference ``x - X(n)`` is exact
    (Sterbenz), so ``log1p((x - X(n)) / X(n))`` is accurate to rounding; below that the two
    logs differ by more than log 2 and their difference loses nothing that matters.
    Non-positive values give ``-inf`` (zero) or NaN, as ``log`` does.
    """
    top = desc[..., :1]
    out = np.empty(desc.shape, dtype=np.result_type(desc.dtype, 1.0))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        near = desc >= 0.5 * top  # each branch where it is used: not both everywhere
        far = ~near
        np.divide(desc - top, top, out=out, where=near)
        np.log1p(out, out=out, where=near)
        np.log(desc, out=out, where=far)
        np.subtract(out, np.log(top), out=out, where=far)
    return out


def log_moments(desc: np.ndarray, k_max: int, orders: int = 2) -> tuple[np.ndarray, ...]:
    """``M_r(k) = (1/k) Σ_{i<=k} (log X(n-i+1) - log X(n-k))^r`` for r = 1..orders, k = 1..k_max.

    Needs ``desc[..., k_max] > 0`` (non-positive values give NaN). The sums run over
    ``log(X / X(n))`` (:func:`_log_ratios`, exact to rounding even for large, tightly spread
    values), so the moments keep their precision there and at small k.
    """
    _check_window(desc, int(k_max) + 1, f"a path to k_max = {k_max}")
    L = _log_ratios(desc[..., : k_max + 1])
    ks = np.arange(1, k_max + 1, dtype=np.float64)
    top = L[..., :k_max]
    lk = L[..., 1 : k_max + 1]
    s1 = np.cumsum(top, axis=-1) / ks
    m1 = s1 - lk
    out = [np.maximum(m1, 0.0)]
    if orders >= 2:
        s2 = np.cumsum(top * top, axis=-1) / ks
        m2 = s2 - 2.0 * lk * s1 + lk * lk
        out.append(np.maximum(m2, 0.0))
    if orders >= 3:
        s3 = np.cumsum(top * top * top, axis=-1) / ks
        m3 = s3 - 3.0 * lk * s2 + 3.0 * lk * lk * s1 - lk * lk * lk  # (lk**3: 200x slower)
        out.append(np.maximum(m3, 0.0))
    return tuple(out)


def log_moments_at(desc: np.ndarray, ks: np.ndarray | tuple[int, ...]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """:func:`log_moments` (orders 1 and 2) at the given ``k`` only: ``(..., len(ks))``.

    ``ks``: any k in ``1 .. desc.shape[-1] - 1``, in any order, repeats allowed. The same
    arithmetic as :func:`log_moments` (bit for bit: the cumulative sums are the same), with
    the moments formed only at the requested k rather than along the whole path.
    """
    wanted = [int(k) for k in ks]
    if not wanted or min(wanted) < 1 or max(wanted) >= desc.shape[-1]:
        raise DataError(f"each k must be in 1..{desc.shape[-1] - 1}; got {wanted[:10]}")
    k_max = max(wanted)
    _check_window(desc, k_max + 1, f"the log moments at k = {k_max}")
    L = _log_ratios(desc[..., : k_max + 1])  # as in log_moments
    top = L[..., :k_max]
    at = np.array(wanted, dtype=np.intp)
    kf = at.astype(np.float64)
    s1 = np.cumsum(top, axis=-1)[..., at - 1] / kf
    s2 = np.cumsum(top * top, axis=-1)[..., at - 1] / kf
    lk = L[..., at]
    m1 = s1 - lk
    m2 = s2 - 2.0 * lk * s1 + lk * lk
    return np.maximum(m1, 0.0), np.maximum(m2, 0.0)


def hill_path(desc: np.ndarray, k_max: int) -> np.ndarray:
    """Hill estimates ξ_H(k), k = 1..k_max."""
    return log_moments(desc, k_max, orders=1)[0]


def moment_from_m(m1: np.ndarray, m2: np.ndarray) -> np.ndarray:
    """Dekkers–Einmahl–de Haan estimate from the first two log moments."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return m1 + 1.0 - 0.5 / (1.0 - m1 * m1 / m2)


def moment_path(desc: np.ndarray, k_max: int) -> np.ndarray:
    """Moment (DEdH 1989) estimates ξ_M(k), k = 1..k_max (``nan`` where M2 = 0)."""
    m1, m2 = log_moments(desc, k_max, orders=2)
    out = moment_from_m(m1, m2)
    out[..., 0] = np.nan  # k = 1: M2 = M1^2 exactly, the estimator is undefined
    return np.where(np.isfinite(out), out, np.nan)


def pickands_at(desc: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Pickands (1975) estimates at the given ``k`` (an int array, each ``>= 1``).

    ``log[(X(n-k+1) - X(n-2k+1)) / (X(n-2k+1) - X(n-4k+1))] / log 2`` from ``desc[..., k-1]``,
    ``desc[..., 2k-1]`` and ``desc[..., 4k-1]``; needs ``desc.shape[-1] >= 4 * max(k)``.
    ``nan`` where ties make a spacing zero.
    """
    k = np.asarray(k)
    if k.size == 0 or int(np.min(k)) < 1:
        raise DataError(f"Pickands' k must be integers >= 1; got {k.ravel()[:10].tolist()}.")
    _check_window(desc, 4 * int(np.max(k)), f"Pickands at k = {int(np.max(k))}", per_k=4)
    a = desc[..., k - 1]
    b = desc[..., 2 * k - 1]
    c = desc[..., 4 * k - 1]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        r = (a - b) / (b - c)
        out = np.log(r) / LOG2
    return np.where(np.isfinite(out), out, np.nan)


def pickands_path(desc: np.ndarray, k_max: int) -> np.ndarray:
    """Pickands (1975) estimates, k = 1..k_max, from X(n-k+1), X(n-2k+1), X(n-4k+1).

    Needs ``desc.shape[-1] >= 4 * k_max``; ``nan`` where ties make a spacing zero.
    """
    return pickands_at(desc, np.arange(1, k_max + 1))


def weibull_tail_at(m1: np.ndarray, k: int, n: int) -> np.ndarray:
    """Girard's θ at one ``k`` from the first log moment ``M1(k)`` (any leading shape).

    ``θ_k = k M1(k) / (Σ_{i<=k} log log(n/i) - k log log(n/(k+1)))`` (needs ``k + 1 < n``
    and ``k >= 2``, as :func:`weibull_tail_path` and the estimator do; NaN otherwise: a
    review found 10.46 at k = 1 beside the path's NaN). ``M1(k)`` takes the log-spacings
    above ``X(n-k)``, the (k+1)-th largest value, whose level is ``n/(k+1)``: numerator and
    denominator refer to the same order statistic, as in Girard (2004) with his
    ``k_n = k + 1``.
    """
    if int(k) < 2:
        return np.full(np.shape(m1), np.nan)
    return k * np.asarray(m1) / _weibull_tail_den(int(k), float(n))


@lru_cache(maxsize=1024)
def _weibull_tail_den(k: int, n: float) -> float:
    """``Σ_{i<=k} log log(n/i) - k log log(n/(k+1))``, the denominator of
    :func:`weibull_tail_at` (NaN unless ``k + 1 < n``)."""
    if not k + 1 < n:
        return math.nan
    ks = np.arange(1, k + 1, dtype=np.float64)
    ll = np.log(np.log(n / ks))
    return float(np.sum(ll) - k * math.log(math.log(n / (k + 1))))


def weibull_tail_path(desc: np.ndarray, k_max: int, n: int) -> np.ndarray:
    """Girard (2004) Weibull-tail coefficient θ_k, k = 1..k_max (:func:`weibull_tail_at`;
    NaN where ``k + 1 >= n``, and at k = 1, where the estimator refuses (a review: the path
    gave a value there beside ``weibull_tail(x, k=1)``'s error))."""
    m1 = log_moments(desc, k_max, orders=1)[0]
    ks = np.arange(1, k_max + 1, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ll = np.log(np.log(n / ks))
        level = np.log(np.log(n / (ks + 1.0)))  # the level of X(n-k): n/(k+1)
        den = np.cumsum(ll) - ks * level
        return np.where((ks + 1 < n) & (den > 0) & (ks >= 2), ks * m1 / den, np.nan)


# --- asymptotic standard deviations of sqrt(k) * (estimate - truth) -------------------------

def sd_hill(xi: np.ndarray) -> np.ndarray:
    """Hill: ξ (valid for ξ > 0)."""
    return np.abs(xi)


def sd_moment(xi: np.ndarray) -> np.ndarray:
    """Moment estimator (Dekkers, Einmahl & de Haan 1989, Theorem 3.1)."""
    xi = np.asarray(xi, dtype=np.float64)
    neg = np.minimum(xi, -1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        v_neg = ((1 - neg) ** 2 * (1 - 2 * neg) * (1 - neg + 6 * neg**2)
                 / ((1 - 3 * neg) * (1 - 4 * neg)))
    v = np.where(xi >= 0, 1 + xi**2, v_neg)
    return np.sqrt(v)


def sd_pickands(xi: np.ndarray) -> np.ndarray:
    """Pickands estimator (Dekkers & de Haan 1989), with its ξ -> 0 limit."""
    xi = np.asarray(xi, dtype=np.float64)
    small = np.abs(xi) < 1e-6
    safe = np.where(small, 1.0, xi)
    with np.errstate(over="ignore", invalid="ignore", under="ignore", divide="ignore"):
        v = safe**2 * (2 ** (2 * safe + 1) + 1) / (2 * (2**safe - 1) * LOG2) ** 2
        # for xi > 0 divided through by 2^(2 xi): 2^(2 xi + 1) overflowed from xi = 511.5
        # (inf / inf: a NaN interval without a word; a review)
        q = 2.0 ** -np.maximum(safe, 0.0)
        big = safe**2 * (2.0 + q * q) / (2.0 * (1.0 - q) * LOG2) ** 2
    v = np.where(safe > 1.0, big, v)
    v0 = 3.0 / (4.0 * LOG2**4)
    return np.sqrt(np.where(small, v0, v))


def sd_weibull_tail(theta: np.ndarray) -> np.ndarray:
    """Weibull-tail coefficient (Girard 2004): θ."""
    return np.abs(theta)
