"""What every peaks-over-threshold function of :mod:`tailstat.gpd` shares: the minimum number
of exceedances and its check, and the default threshold grids.

A leaf module (it imports nothing from :mod:`tailstat.gpd`), so that :mod:`.threshold`,
:mod:`.select` and :mod:`.fit` all build on it without importing each other in a circle.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np

from tailstat import _validation as v
from tailstat.errors import DataError

__all__ = [
    "BADER_2018",
    "MIN_EXCEEDANCES",
    "check_exceedances",
    "default_k_grid",
    "grid_thresholds",
]

#: Fewest exceedances a GPD fit accepts.
MIN_EXCEEDANCES = 10

BADER_2018 = ("Bader, Yan & Zhang (2018), Annals of Applied Statistics 12:310-329: sequential "
              "Anderson-Darling tests over ordered thresholds with the ForwardStop rule of "
              "G'Sell et al. (2016, JRSS-B 78:423-444)")


@v.validate_params({"n": [v.Interval(Integral, 1, None)], "m": [v.Interval(Integral, 1, None)],
                    "k_min": [v.Interval(Integral, 1, None)],
                    "lowest_quantile": [v.Interval(Real, 0, 1, closed="neither")]})
def default_k_grid(n: int, m: int, *, k_min: int = 30, lowest_quantile: float = 0.5
                   ) -> np.ndarray:
    """Numbers of exceedances for a default threshold grid, descending (increasing threshold).

    ``m`` values spaced geometrically from ``floor(n (1 - lowest_quantile))`` down to ``k_min``
    (both clipped to ``[MIN_EXCEEDANCES, n - 1]``), unique.
    """
    k_hi = int(min(n - 1, max(math.floor(n * (1.0 - lowest_quantile)), k_min)))
    k_lo = int(min(max(k_min, MIN_EXCEEDANCES), k_hi))
    if k_hi < MIN_EXCEEDANCES:
        return np.array([], dtype=int)
    ks = np.unique(np.round(np.geomspace(k_hi, k_lo, max(int(m), 1))).astype(int))
    return ks[::-1]


@v.validate_params({"min_exceed": [v.Interval(Integral, 1, None)]})
def check_exceedances(values: np.ndarray, u: float, *, name: str = "x",
                      min_exceed: int = MIN_EXCEEDANCES) -> int:
    """Number of values above ``u``; a :class:`DataError` if below ``min_exceed``."""
    xmax = float(np.max(values))
    if u >= xmax:
        raise DataError(
            f"threshold u = {u:.6g} is at or above the maximum of {name!r} ({xmax:.6g}): there "
            "are no exceedances. Choose a lower threshold, e.g. threshold='95%' or 'auto'.")
    k = int(np.count_nonzero(values > u))
    if k < min_exceed:
        raise DataError(
            f"only {k} value(s) of {name!r} exceed the threshold u = {u:.6g}; a GPD fit needs at "
            f"least {min_exceed} (and 50 or more for useful intervals). Lower the threshold, "
            "e.g. threshold='90%'.")
    return k


def grid_thresholds(srt: np.ndarray, thresholds: Any, m: int) -> tuple[np.ndarray, str]:
    """Thresholds (ascending) and how they were made: ``thresholds`` as given, or ``m`` order
    statistics of the ascending sample ``srt`` from :func:`default_k_grid`."""
    n = srt.shape[0]
    if thresholds is None:
        ks = default_k_grid(n, m)
        if ks.size == 0:
            raise DataError(f"the sample has {n} values; threshold diagnostics need at least "
                            f"{MIN_EXCEEDANCES + 1}.")
        return srt[n - 1 - ks], (f"default: {ks.size} order statistics X(n-k), k geometric "
                                 f"from {ks[0]} to {ks[-1]}")
    try:
        u = np.atleast_1d(np.asarray(thresholds, dtype=float))
    except (TypeError, ValueError):
        u = np.empty(0)
    if u.ndim != 1 or u.size == 0 or not np.isfinite(u).all():
        raise DataError("thresholds must be a non-empty 1-d sequence of finite numbers, got "
                        f"{thresholds!r}.")
    return np.sort(u), "given"
