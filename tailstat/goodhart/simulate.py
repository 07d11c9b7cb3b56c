"""Synthetic proxy rewards for the canonical Goodhart experiments: :func:`simulate`.

``U = V + X``: ``V`` the true utility, ``X`` the reward model's error, drawn under the base
policy. The experiments of docs/science.md §2:

* light error: ``error="normal"`` (``X ~ N(0, scale^2)``);
* heavy error: ``error="t"`` (Student-t, ``df``), ``error="pareto"`` (classical Pareto with
  minimum ``scale`` and index ``alpha``), ``error="lognormal"``;
* rare exploits: ``error="rare-exploit"``: with probability ``1 - eps`` a normal error, with
  probability ``eps`` a Pareto(``alpha``) one (a light body plus a heavy component of weight
  ``eps``; its tail is heavy at every ``eps > 0``);
* dependence: ``dependence=rho`` adds ``rho * (V - E V)`` to the error (``X = rho (V - E V) +
  X0``), so the error grows with the utility (``rho > 0``) or against it (``rho < 0``).
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat.errors import DataError
from tailstat.goodhart._common import resolve_seed

__all__ = ["simulate"]

_UTILITIES = ("normal", "exponential", "uniform", "t")
_ERRORS = ("normal", "t", "pareto", "lognormal", "exponential", "rare-exploit", "none")


def _real(x: Any, what: str, *, positive: bool = True, upper: float | None = None) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(float(x)):
        raise DataError(f"{what} must be a finite number, got {x!r} instead.")
    f = float(x)
    if positive and f <= 0:
        raise DataError(f"{what} must be > 0, got {x!r} instead.")
    if upper is not None and f > upper:
        raise DataError(f"{what} must be <= {upper:g}, got {x!r} instead.")
    return f


def simulate(
    n: int,
    utility: Literal["normal", "exponential", "uniform", "t"] = "normal",
    error: Literal["normal", "t", "pareto", "lognormal", "exponential", "rare-exploit",
                   "none"] = "normal",
    *,
    scale: float = 1.0,
    df: float = 2.0,
    alpha: float = 1.5,
    eps: float = 0.01,
    dependence: float = 0.0,
    seed: int | np.random.Generator | None = 0,
) -> pd.DataFrame:
    """Draw ``n`` synthetic ``(u, v, x)`` with ``U = V + X``.

    Parameters
    ----------
    n : int
        Number of samples (>= 1).
    utility : {"normal", "exponential", "uniform", "t"}
        Law of ``V``: standard normal, Exp(1), Uniform(0, 1) or Student-t with ``df``.
    error : {"normal", "t", "pareto", "lognormal", "exponential", "rare-exploit", "none"}
        Law of the independent part of the error ``X0`` (see the module docstring), scaled by
        ``scale``.
    scale : float
        Scale of the error (sd of the normal, scale of t, minimum of the Pareto, ...).
    df : float
        Degrees of freedom of the Student-t (utility or error).
    alpha : float
        Tail index of the Pareto error (``xi = 1/alpha``).
    eps : float
        Weight of the heavy component for ``error="rare-exploit"`` (0 < eps <= 1).
    dependence : float
        ``rho`` in ``X = rho (V - E V) + X0`` (0: independent).
    seed : int, Generator or None, default 0
        Randomness (the same call gives the same table; ``None`` draws a seed); the seed
        used is in ``DataFrame.attrs["seed"]``.

    Returns
    -------
    pandas.DataFrame
        Columns ``u``, ``v``, ``x`` and ``exploit`` (True where the error came from the heavy
        component of ``"rare-exploit"``; False otherwise). ``attrs`` records every setting.

    Raises
    ------
    DataError
        ``n < 1``, an unknown law, a non-positive ``scale``/``df``/``alpha``, ``eps`` outside
        ``(0, 1]``.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise DataError(f"n must be a positive integer, got {n!r} instead.")
    if utility not in _UTILITIES:
        raise DataError(f"utility must be one of {_UTILITIES}, got {utility!r} instead.")
    if error not in _ERRORS:
        raise DataError(f"error must be one of {_ERRORS}, got {error!r} instead.")
    sc = _real(scale, "scale")
    dff = _real(df, "df")
    al = _real(alpha, "alpha")
    ep = _real(eps, "eps", upper=1.0)
    rho = _real(dependence, "dependence", positive=False)
    rng, used = resolve_seed(seed)
    n = int(n)
    if utility == "normal":
        v, ev = rng.standard_normal(n), 0.0
    elif utility == "exponential":
        v, ev = rng.exponential(size=n), 1.0
    elif utility == "uniform":
        v, ev = rng.random(n), 0.5
    else:
        v, ev = rng.standard_t(dff, size=n), 0.0
    exploit = np.zeros(n, dtype=bool)
    if error == "normal":
        x0 = sc * rng.standard_normal(n)
    elif error == "t":
        x0 = sc * rng.standard_t(dff, size=n)
    elif error == "pareto":
        x0 = sc * (rng.pareto(al, size=n) + 1.0)
    elif error == "lognormal":
        x0 = sc * rng.lognormal(size=n)
    elif error == "exponential":
        x0 = sc * rng.exponential(size=n)
    elif error == "rare-exploit":
        exploit = rng.random(n) < ep
        x0 = sc * rng.standard_normal(n)
        x0[exploit] = sc * (rng.pareto(al, size=int(exploit.sum())) + 1.0)
    else:
        x0 = np.zeros(n)
    x = x0 + rho * (v - ev) if rho != 0.0 else x0
    out = pd.DataFrame({"u": v + x, "v": v, "x": x, "exploit": exploit})
    out.attrs.update({"utility": utility, "error": error, "scale": sc, "df": dff, "alpha": al,
                      "eps": ep, "dependence": rho, "seed": used, "n": n})
    return out
