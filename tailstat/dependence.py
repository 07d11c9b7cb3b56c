"""Upper-tail dependence of the error and the true utility: χ(u), with Wilson intervals.

The theory's good case (a light-tailed error does no harm under a KL penalty) needs the error
``X = U - V`` to be independent of the true utility ``V`` in the tail. ``tail_dependence``
measures the empirical χ(u) = P(V > q_V(u) | X > q_X(u)) from ranks at several levels
(independence gives 1 - u); :func:`tailstat.analyze` measures it with gold scores at
``CHI_LEVELS`` and puts ``TABLE_CHI_LEVELS`` in its table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tailstat._validation import LEVEL, InstanceOf, check, validate_params
from tailstat.data.intake import check_same_index, refuse_summary
from tailstat.errors import DataError
from tailstat.results import Result

__all__ = ["CHI_LEVELS", "MIN_CHI_EXCEED", "TABLE_CHI_LEVELS", "TailDependence",
           "tail_dependence"]

#: Fewest errors above a level for its χ to be quoted (:meth:`TailDependence.row`).
MIN_CHI_EXCEED = 5


@dataclass(frozen=True, eq=False, repr=False)
class TailDependence(Result):
    """Empirical upper-tail dependence χ(u) = P(V > q_V(u) | X > q_X(u)) at several levels.

    Under independence χ(u) = 1 - u; asymptotic tail dependence shows as χ(u) staying well
    above 1 - u as u -> 1. Intervals are Wilson score intervals for the conditional proportion,
    at the level ``level``.
    """

    table: pd.DataFrame
    n: int
    x_name: str = "error"
    v_name: str = "gold"
    level: float = 0.95

    _repr_fields = ("n",)

    def __repr__(self) -> str:
        parts = ", ".join(f"chi({r.u:g})={r.chi:.3f} [{r.ci_low:.3f}, {r.ci_high:.3f}]"
                          for r in self.table.itertuples())
        return f"TailDependence(n={self.n}, {parts})"

    def to_frame(self) -> pd.DataFrame:
        """The table: u, chi, ci_low, ci_high, independence (= 1 - u), n_exceed."""
        return self.table.copy()

    def row(self, level: float = 0.99) -> pd.Series:
        """The table's row at the level nearest ``level`` at which χ rests on at least
        :data:`MIN_CHI_EXCEED` errors above the level (the one the report and the command
        line quote: χ(0.99) by default; a lower level when too few errors lie above 0.99;
        the nearest level when no level has enough)."""
        u = self.table["u"].to_numpy(float)
        dist = np.abs(u - level)
        ok = (np.isfinite(self.table["chi"].to_numpy(float))
              & (self.table["n_exceed"].to_numpy() >= MIN_CHI_EXCEED))
        if ok.any():
            dist = np.where(ok, dist, np.inf)
        return self.table.iloc[int(np.argmin(dist))]


@validate_params({"levels": [InstanceOf(tuple, list, np.ndarray,
                                         text="a sequence of levels in (0, 1)")],
                  "ci": [LEVEL]})
def tail_dependence(x: Any, v: Any, levels: Sequence[float] = (0.95, 0.99),
                    *, ci: float = 0.95) -> TailDependence:
    """Empirical χ(u) of the pair (x, v) at quantile levels ``u`` (ranks, so scale-free).

    Parameters
    ----------
    x, v : array-like of equal length
        E.g. the reward model's error and the gold utility. A pair with a missing (NaN or
        masked) value on either side is dropped; infinite values are an error.
    levels : sequence of float in (0, 1)
    ci : float
        Level of the Wilson intervals.

    Notes
    -----
    Tied values (discretised rewards, a 1-5 gold rating) are ranked in a random order drawn
    with a fixed seed, so that exactly a share ``1 - u`` of each variable lies above its level
    and independence still gives ``1 - u``. Ranked together (average ranks), a block of ties
    lies wholly above or below a level: on a 5-point gold scale χ(0.95) was 0 whether or not
    the error depended on gold, with an interval that excluded ``1 - u``. Without ties the
    ranks are the usual ones.
    """
    from statsmodels.stats.proportion import proportion_confint  # heavy import, used here only

    if len(levels) == 0:
        raise DataError("levels must hold at least one quantile level in (0, 1), e.g. "
                        "(0.95, 0.99); got none.")
    for u in levels:
        check("levels", u, [LEVEL])
    check_same_index(x, v, ("x", "v"))
    x, v = _paired(x, v)
    n = x.size
    rx = _ranks(x, 0) / (n + 1)
    rv = _ranks(v, 1) / (n + 1)
    rows = []
    for u in levels:
        ex = rx > u
        m = int(ex.sum())
        both = int(np.count_nonzero(ex & (rv > u)))
        lo, hi = (proportion_confint(both, m, alpha=1 - ci, method="wilson") if m
                  else (math.nan, math.nan))
        if m:  # the Wilson bounds at 0 and 1 are off by rounding (3e-18 above 0)
            lo, hi = min(lo, both / m), max(hi, both / m)
        rows.append({"u": u, "chi": both / m if m else math.nan, "ci_low": lo, "ci_high": hi,
                     "independence": 1 - u, "n_exceed": m})
    return TailDependence(table=pd.DataFrame(rows), n=n, level=float(ci))


_MIN_PAIRS = 20

#: Levels u at which :func:`analyze` measures χ(u) of the error and the gold score (the
#: report draws them all), and those that get a column of the table.
CHI_LEVELS = tuple(float(u) for u in np.round(np.linspace(0.80, 0.995, 40), 4))
TABLE_CHI_LEVELS = (0.95, 0.99)


def _ranks(a: np.ndarray, seed: int) -> np.ndarray:
    """Ranks 1..n of ``a``, ties in a random order fixed by ``seed`` (the usual ranks when
    there are none)."""
    order = np.lexsort((np.random.default_rng(seed).random(a.size), a))
    out = np.empty(a.size)
    out[order] = np.arange(1, a.size + 1)
    return out


def _paired(x: Any, v: Any) -> tuple[np.ndarray, np.ndarray]:
    """Two equal-length float vectors with the pairs that miss a value on either side dropped."""
    out = []
    for name, a in (("x", x), ("v", v)):
        refuse_summary(a)
        if isinstance(a, np.ma.MaskedArray):
            a = np.ma.filled(a.astype(float), np.nan)
        try:
            raw = np.asarray(a)
        except ValueError:  # ragged nested lists
            raise DataError(f"{name} must be a flat sequence of numbers; got a ragged "
                            "sequence instead.") from None
        if raw.dtype.kind not in "iufO" or (raw.dtype.kind == "O" and not all(
                isinstance(e, (int, float, np.integer, np.floating))
                and not isinstance(e, (bool, np.bool_)) for e in raw.ravel())):
            raise DataError(f"{name} must hold real numbers; got values of type {raw.dtype} "
                            "instead.")
        arr = raw.astype(float)
        if arr.ndim != 1:
            raise DataError(f"{name} must be one-dimensional; got shape {arr.shape} instead.")
        if np.isinf(arr).any():
            raise DataError(f"{name} holds infinite values (a bug upstream?); remove or fix "
                            "them first.")
        out.append(arr)
    if out[0].shape != out[1].shape:
        raise DataError(f"x and v must have equal lengths; got {out[0].size} and "
                        f"{out[1].size} instead.")
    keep = ~(np.isnan(out[0]) | np.isnan(out[1]))
    x, v = out[0][keep], out[1][keep]
    if x.size < _MIN_PAIRS:
        raise DataError(f"tail dependence needs at least {_MIN_PAIRS} complete (x, v) pairs; "
                        f"got {x.size}.")
    if np.ptp(x) == 0 or np.ptp(v) == 0:
        raise DataError("x and v must not be constant: ranks of a constant say nothing about "
                        "tail dependence.")
    return x, v
