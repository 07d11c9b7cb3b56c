"""The gold curves of :func:`tailstat.goodhart.fit_overoptimization`, as algebra: their design
matrices (best-of-n ``R(d) = alpha d - beta d^2``, RL ``R(d) = alpha d - beta d log d``,
``d = sqrt(KL)``), batched least squares over many resamples at once, and their peak."""

from __future__ import annotations

import numpy as np

from tailstat._pow2 import pow2_scale

__all__ = ["curve_design", "curve_peak", "lstsq", "unit_columns", "with_intercept"]


def curve_design(d: np.ndarray, kind: str) -> np.ndarray:
    """The columns ``(d, -d^2)`` (best-of-n) or ``(d, -d log d)`` (RL, 0 at ``d = 0``)."""
    if kind == "bon":
        second = -d * d
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            second = np.where(d > 0, -d * np.log(np.where(d > 0, d, 1.0)), 0.0)
    return np.stack([d, second], axis=-1)


def with_intercept(A: np.ndarray, intercept: bool) -> np.ndarray:
    """The design matrices ``A`` (..., m, p), with a column of ones when ``intercept``."""
    if intercept:
        return np.concatenate([A, np.ones((*A.shape[:-1], 1))], axis=-1)
    return A


def unit_columns(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``A`` (..., m, p) with its columns scaled to unit norm, and their norms: at KL ~ 1e-7
    (or 1e16) the columns d, d^2 and 1 differ by many orders, and the normal equations'
    squared condition number made a pseudo-inverse drop the small direction (an exact curve
    came back with beta < 0: a review, stop 60)."""
    norm = np.sqrt(np.einsum("...ij,...ij->...j", A, A))
    norm = np.where(norm > 0, norm, 1.0)
    return A / norm[..., None, :], norm


def lstsq(A: np.ndarray, y: np.ndarray, intercept: bool) -> np.ndarray:
    """Batched least squares: ``A`` (..., m, p), ``y`` (..., m) -> (..., p) [+ intercept]."""
    As, norm = unit_columns(with_intercept(A, intercept))
    # gold solved in units of a power of two (exact: the same bits where nothing overflows):
    # at 1e306 the product of the pseudo-inverse and A'y overflowed, and alpha, beta were NaN
    s = pow2_scale(y)
    ata = np.einsum("...ij,...ik->...jk", As, As)
    aty = np.einsum("...ij,...i->...j", As, y / s)
    # pseudo-inverse: a degenerate bootstrap resample gives a finite (min-norm) answer
    # instead of stopping the whole batch; the main fit's conditioning is checked by the caller
    return np.einsum("...jk,...k->...j", np.linalg.pinv(ata), aty) / norm * s



def curve_peak(alpha: np.ndarray, beta: np.ndarray, kind: str, c0: np.ndarray | float = 0.0
          ) -> tuple[np.ndarray, np.ndarray]:
    """KL at the highest point of the fitted curve over ``d >= 0`` and the gold score there
    (``c0``: the intercept): ``(inf, nan)`` when the curve rises without bound, ``(0, c0)``
    when it falls from the start (best-of-n with ``alpha <= 0 < beta``, or ``beta = 0``
    with ``alpha <= 0``)."""
    alpha = np.asarray(alpha, dtype=float)
    beta = np.asarray(beta, dtype=float)
    c0 = np.asarray(c0, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if kind == "bon":
            d = alpha / (2.0 * beta)
            r = 0.5 * alpha * d  # = alpha^2 / (4 beta), without squaring alpha (1e200 gold)
        else:
            d = np.exp(alpha / beta - 1.0)
            r = beta * d
    inside = (beta > 0) & (d > 0)
    at_zero = ~inside & (((beta > 0) & (alpha <= 0)) | ((beta == 0) & (alpha <= 0)))
    with np.errstate(over="ignore", invalid="ignore"):  # a far peak's d^2 is inf, not a warning
        kl = np.where(inside, d * d, np.where(at_zero, 0.0, np.inf))
        return kl, np.where(inside, r + c0, np.where(at_zero, c0, np.nan))
