"""Upper order statistics: the one partial sort per sample that every estimator shares.

:func:`upper_tail` keeps the ``k_max + 1`` largest values of a sample in descending order,
``desc[0] = X(n) >= desc[1] = X(n-1) >= ... >= desc[k_max] = X(n-k_max)``, found with one
``np.partition`` (a full sort only when the whole sample is needed). With the DESIGN.md
convention, the top ``k`` values are ``desc[:k]`` and the threshold ``X(n-k)`` is ``desc[k]``.
An :class:`UpperTail` (top order statistics plus ``n``) is all the semi-parametric
estimators need, which is also what lets tailstat work on streams and on Dask arrays.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from tailstat.data.intake import Sample, check_sample
from tailstat.errors import DataError, TiesWarning
from tailstat.results import Result

__all__ = ["TIE_WARN_FRACTION", "UpperTail", "as_upper_tail", "default_k_max", "upper_tail"]

#: Fraction of tied neighbours among the top order statistics above which a
#: :class:`TiesWarning` is issued: each tie is a zero log-spacing, which biases Hill-type
#: estimators downwards and makes Pickands undefined at some k.
TIE_WARN_FRACTION = 0.05


def default_k_max(n: int) -> int:
    """Largest k a path covers by default: all of a small sample, the top 20% of a large one.

    ``n - 1`` for ``n <= 5000``; otherwise ``n // 5`` but at least 5000 and at most 200 000.
    """
    if n <= 5000:
        return n - 1
    return int(min(n - 1, max(5000, min(n // 5, 200_000))))


@dataclass(frozen=True, eq=False, repr=False)
class UpperTail(Result):
    """The largest order statistics of a sample, in descending order, and the sample size.

    Attributes
    ----------
    desc : numpy.ndarray
        ``desc[j] = X(n-j)``, j = 0..k_max (read-only).
    n : int
        Size of the whole sample.
    name : str
        The sample's label.
    """

    desc: np.ndarray
    n: int
    name: str = "x"
    median: float | None = None

    _repr_fields = ("name", "n", "k_max")

    @property
    def k_max(self) -> int:
        """Largest k available (the threshold X(n-k_max) is the last stored value)."""
        return int(self.desc.shape[0] - 1)

    def tie_fraction(self, k: int) -> float:
        """Fraction of equal neighbours among ``X(n-k), ..., X(n)``."""
        top = self.desc[: k + 1]
        if top.shape[0] < 2:
            return 0.0
        return float(np.count_nonzero(top[:-1] == top[1:]) / (top.shape[0] - 1))

    def warn_ties(self, k: int, stacklevel: int = 3) -> float:
        """Issue a :class:`TiesWarning` when the tie fraction of the top ``k`` is large."""
        frac = self.tie_fraction(k)
        if frac > TIE_WARN_FRACTION:
            warnings.warn(
                f"{frac:.0%} of the top {k} order statistics of {self.name!r} are tied with a "
                "neighbour (discretised rewards?). Ties bias Hill-type estimators low and can make "
                "Pickands undefined; jitter below the resolution, use a larger k, or prefer the "
                "GPD fit.",
                TiesWarning,
                stacklevel=stacklevel,
            )
        return frac

    def to_dict(self) -> dict[str, Any]:
        """Metadata and the stored order statistics."""
        return {"result": "UpperTail", "name": self.name, "n": self.n, "k_max": self.k_max,
                "median": self.median, "desc": self.desc.tolist()}


def upper_tail(x: Any, k_max: int | None = None, *, median: bool = False,
               **intake: Any) -> UpperTail:
    """Validate ``x`` and keep its ``k_max + 1`` largest values, descending.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts
    k_max : int, optional
        Largest k needed; default :func:`default_k_max`. Clipped to ``n - 1``.
    median : bool
        Also find the sample median, in the same ``np.partition`` call (the classifier
        centres the data there to make its features location-invariant).
    **intake
        Passed to :func:`check_sample` (``column=``, ``nan=``, ``name=``).

    Returns
    -------
    UpperTail
    """
    sample = check_sample(x, **intake)
    n = sample.n
    if k_max is None:
        k_max = default_k_max(n)
    k_max = int(min(max(int(k_max), 1), n - 1))
    m = k_max + 1
    values = sample.values
    lo_mid, hi_mid = (n - 1) // 2, n // 2
    med: float | None = None
    if m >= n:
        full = np.sort(values)
        desc = full[::-1]
        if median:
            med = float(0.5 * (full[lo_mid] + full[hi_mid]))
    else:
        part = np.partition(values, n - m)
        top = part[n - m:]
        top.sort()
        desc = top[::-1]
        if median:
            lower = part[: n - m]  # our own copy: partition it in place for the median
            if hi_mid < n - m:
                lower.partition(hi_mid)
                med_hi = lower[hi_mid]
                med_lo = lower[:hi_mid].max() if lo_mid != hi_mid else med_hi
            else:  # the median lies in the top block (m >= n/2)
                med_hi, med_lo = part[hi_mid], part[lo_mid]
            med = float(0.5 * (med_lo + med_hi))
    return UpperTail(desc=np.ascontiguousarray(desc), n=n, name=sample.name, median=med)


def as_upper_tail(x: Any, k_needed: int, **intake: Any) -> UpperTail:
    """Reuse ``x`` if it is an :class:`UpperTail` holding ``k_needed``; else compute one.

    Raises
    ------
    DataError
        If an :class:`UpperTail` is too short, or the sample has fewer than ``k_needed + 1``
        values.
    """
    if isinstance(x, UpperTail):
        if x.k_max < k_needed:
            raise DataError(
                f"the upper tail of {x.name!r} holds {x.k_max + 1} order statistics but "
                f"{k_needed + 1} are needed; recompute it with upper_tail(x, k_max={k_needed})."
            )
        return x
    sample = x if isinstance(x, Sample) else check_sample(x, **intake)
    if k_needed > sample.n - 1:
        raise DataError(
            f"{sample.name!r} has {sample.n} values; k = {k_needed} needs at least "
            f"{k_needed + 1}. Use a smaller k."
        )
    return upper_tail(sample, k_max=k_needed)
