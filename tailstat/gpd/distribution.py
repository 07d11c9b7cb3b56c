"""The generalised Pareto distribution of the excesses, as public functions with checked
arguments (the fits call the same kernels in :mod:`tailstat.gpd._likelihood` directly).

All are exact at ``xi = 0`` (the exponential limit) and vectorised over their first argument:
a number (a Python or numpy scalar) gives a number (a numpy float), any other array-like an
array -- a 0-d ``ndarray`` a 0-d array, as the signatures say (a type checker cannot tell a
0-d array from others; it gave a numpy float). The first argument must hold numbers: text
such as ``"0.1"`` (which numpy converts) and booleans are a :class:`~tailstat.errors.DataError`.
Probabilities outside ``[0, 1]`` give NaN, as scipy's do.
"""

from __future__ import annotations

from numbers import Real
from typing import Any, TypeAlias, overload

import numpy as np
from numpy.typing import ArrayLike

from tailstat import _validation as v
from tailstat.gpd import _likelihood as lik
from tailstat.gpd._common import shaped

__all__ = ["gpd_isf", "gpd_logpdf", "gpd_logsf", "gpd_ppf"]

_PARAMS: dict[str, list[v.Constraint | None]] = {
    "xi": [v.Interval(Real, None, None, text="a finite shape")],
    "sigma": [v.Interval(Real, 0, None, closed="neither", text="a scale > 0")],
}


#: The scalars that give a scalar (a numpy float): Python numbers and numpy's number scalars.
_Scalar: TypeAlias = float | np.floating[Any] | np.integer[Any]


@overload
def gpd_ppf(p: _Scalar, xi: float, sigma: float) -> float: ...
@overload
def gpd_ppf(p: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_ppf(p: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """Quantile function: the excess ``y`` with ``P(Y <= y) = p``."""
    return shaped(lik.gpd_ppf(v.as_numbers(p, "p"), xi, sigma), p)


@overload
def gpd_isf(p: _Scalar, xi: float, sigma: float) -> float: ...
@overload
def gpd_isf(p: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_isf(p: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """Inverse survival function: the excess ``y`` with ``P(Y > y) = p``."""
    return shaped(lik.gpd_isf(v.as_numbers(p, "p"), xi, sigma), p)


@overload
def gpd_logsf(y: _Scalar, xi: float, sigma: float) -> float: ...
@overload
def gpd_logsf(y: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_logsf(y: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """``log P(Y > y)``: ``0`` below zero, ``-inf`` beyond the upper endpoint when ``xi < 0``."""
    return shaped(lik.gpd_logsf(v.as_numbers(y, "y"), xi, sigma), y)


@overload
def gpd_logpdf(y: _Scalar, xi: float, sigma: float) -> float: ...
@overload
def gpd_logpdf(y: ArrayLike, xi: float, sigma: float) -> np.ndarray: ...
@v.validate_params(_PARAMS)
def gpd_logpdf(y: ArrayLike, xi: float, sigma: float) -> float | np.ndarray:
    """Log-density of the excesses: ``-inf`` below zero and beyond the upper endpoint."""
    return shaped(lik.gpd_logpdf(v.as_numbers(y, "y"), xi, sigma), y)


#: The numpydoc sections the four functions share (their first argument, what it holds and
#: what they return told apart).
_SECTIONS = """

    Parameters
    ----------
    {arg} : float or array-like
        {desc}
    xi, sigma : float
        Shape and scale (``sigma > 0``).

    Returns
    -------
    float or numpy.ndarray
        {ret}, shaped as ``{arg}``.
    """
for _fn, (_arg, _desc, _ret) in {
        gpd_ppf: ("p", "Probabilities in [0, 1) (outside: NaN).", "The excesses"),
        gpd_isf: ("p", "Survival probabilities in (0, 1] (outside: NaN).", "The excesses"),
        gpd_logsf: ("y", "Excesses over the threshold.", "The log-survival"),
        gpd_logpdf: ("y", "Excesses over the threshold.", "The log-density")}.items():
    _fn.__doc__ = (_fn.__doc__ or "") + _SECTIONS.format(arg=_arg, desc=_desc, ret=_ret)
