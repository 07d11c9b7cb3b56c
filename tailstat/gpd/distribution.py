"""The generalised Pareto distribution of the excesses, as public functions with checked
arguments (the fits call the same kernels in :mod:`tailstat.gpd._likelihood` directly).

All are exact at ``xi = 0`` (the exponential limit) and vectorised over their first argument:
a number gives a number (a numpy float), an array-like an array.
"""

from __future__ import annotations

from numbers import Real
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from tailstat import _validation as v
from tailstat.gpd import _likelihood as lik

__all__ = ["gpd_isf", "gpd_logpdf", "gpd_logsf", "gpd_ppf"]

_PARAMS: dict[str, list[v.Constraint | None]] = {
    "xi": [v.Interval(Real, None, None, text="a finite shape")],
    "sigma": [v.Interval(Real, 0, None, closed="neither", text="a scale > 0")],
}


@overload
def gpd_ppf(p: float, xi: float, sigma: float) -> float: ...
@overload
def gpd_ppf(p: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_ppf(p: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """Quantile function: the excess ``y`` with ``P(Y <= y) = p``."""
    return lik.gpd_ppf(np.asarray(p, dtype=float), xi, sigma)[()]


@overload
def gpd_isf(p: float, xi: float, sigma: float) -> float: ...
@overload
def gpd_isf(p: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_isf(p: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """Inverse survival function: the excess ``y`` with ``P(Y > y) = p``."""
    return lik.gpd_isf(np.asarray(p, dtype=float), xi, sigma)[()]


@overload
def gpd_logsf(y: float, xi: float, sigma: float) -> float: ...
@overload
def gpd_logsf(y: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_logsf(y: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """``log P(Y > y)``: ``0`` below zero, ``-inf`` beyond the upper endpoint when ``xi < 0``."""
    return lik.gpd_logsf(np.asarray(y, dtype=float), xi, sigma)[()]


@overload
def gpd_logpdf(y: float, xi: float, sigma: float) -> float: ...
@overload
def gpd_logpdf(y: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_logpdf(y: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """Log-density of the excesses: ``-inf`` below zero and beyond the upper endpoint."""
    return lik.gpd_logpdf(np.asarray(y, dtype=float), xi, sigma)[()]
