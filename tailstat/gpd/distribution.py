"""The generalised Pareto distribution of the excesses, as public functions with checked
arguments (the fits call the same kernels in :mod:`tailstat.gpd._likelihood` directly).

All are exact at ``xi = 0`` (the exponential limit) and vectorised over their first argument.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from tailstat import _validation as v
from tailstat.gpd import _likelihood as lik

__all__ = ["gpd_isf", "gpd_logpdf", "gpd_logsf", "gpd_ppf"]

_PARAMS: dict[str, list[v.Constraint | None]] = {
    "xi": [v.Interval(Real, None, None, text="a finite shape")],
    "sigma": [v.Interval(Real, 0, None, closed="neither", text="a scale > 0")],
}


@v.validate_params(_PARAMS)
def gpd_ppf(p: np.ndarray | float, xi: float, sigma: float) -> np.ndarray:
    """Quantile function: the excess ``y`` with ``P(Y <= y) = p``."""
    return lik.gpd_ppf(p, xi, sigma)


@v.validate_params(_PARAMS)
def gpd_isf(p: np.ndarray | float, xi: float, sigma: float) -> np.ndarray:
    """Inverse survival function: the excess ``y`` with ``P(Y > y) = p``."""
    return lik.gpd_isf(p, xi, sigma)


@v.validate_params(_PARAMS)
def gpd_logsf(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """``log P(Y > y)``: ``0`` below zero, ``-inf`` beyond the upper endpoint when ``xi < 0``."""
    return lik.gpd_logsf(y, xi, sigma)


@v.validate_params(_PARAMS)
def gpd_logpdf(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """Log-density of the excesses: ``-inf`` below zero and beyond the upper endpoint."""
    return lik.gpd_logpdf(y, xi, sigma)
