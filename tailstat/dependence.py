"""Upper-tail dependence of the error and the true utility: χ(u), with modified Wilson intervals.

The theory's good case (a light-tailed error does no harm under a KL penalty) needs the error
``X = U - V`` to be independent of the true utility ``V`` in the tail. ``tail_dependence``
measures the empirical χ(u) = P(V > q_V(u) | X > q_X(u)) from ranks at several levels
(independence gives about 1 - u, exactly ``n_exceed / n``); :func:`tailstat.analyze`
measures it with gold scores at ``CHI_LEVELS`` and puts ``TABLE_CHI_LEVELS`` in its table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tailstat._blas import single_blas_thread
from tailstat._display import table_html
from tailstat._runs import tie_runs
from tailstat._validation import CI, LEVEL, check, validate_params, z_value
from tailstat.data import check_pairs
from tailstat.errors import DataError
from tailstat.results import Result

__all__ = ["CHI_LEVELS", "MIN_CHI_EXCEED", "TABLE_CHI_LEVELS", "TailDependence",
           "chi_interval", "tail_dependence"]

#: Fewest errors above a level for its χ to be quoted (:meth:`TailDependence.row`).
MIN_CHI_EXCEED = 5

#: Levels a repr shows (the table holds them all).
_REPR_ROWS = 4

#: How :func:`tail_dependence` makes χ(u) and its intervals (a result's ``method``).
METHOD = ("empirical chi(u) = P(V > q_V(u) | X > q_X(u)), tied ranks shared out by "
          "expectation; Wilson score interval of the conditional proportion, its bound "
          "by 0 or 1 from Poisson's law for the 1-3 counts nearest it (Brown, Cai & "
          "DasGupta 2001)")


@dataclass(frozen=True, eq=False, repr=False)
class TailDependence(Result):
    """Empirical upper-tail dependence χ(u) = P(V > q_V(u) | X > q_X(u)) at several levels.

    Under independence χ(u) = 1 - u (the estimate's expectation is ``n_exceed / n``, the
    ``independence`` column); asymptotic tail dependence shows as χ(u) staying well
    above 1 - u as u -> 1. Intervals are modified Wilson score intervals for the conditional
    proportion (:func:`chi_interval`), at the level ``level``.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per level: ``u``, ``chi``, ``ci_low``, ``ci_high``, ``independence`` (χ's
        expectation under independence, ``n_exceed / n``: ``1 - u`` up to the rounding of
        ``u n``, 0.033 for 0.05 at 30 pairs), ``n_exceed`` (the rank places above the level,
        ``n - floor(u (n + 1))``: the pairs whose ``x`` lies above it, where ``x`` ties across
        the level the number expected with its ties broken at random, of which ``chi_max``
        speaks), ``chi_max`` (the largest χ the ties of the two variables allow at that
        level: 1 without ties, about ``(1 - u) / P(top level)`` for a discrete score whose
        top level holds more than ``1 - u`` of the rows, e.g. 0.05 at u = 0.99 on a 5-point
        scale), and
        ``chibar`` with ``chibar_low`` and ``chibar_high``: χ̄(u) = 2 log(1 - u) /
        log P(both above u) - 1 (Coles, Heffernan & Tawn 1999), the strength of dependence
        *within* asymptotic independence: 0 for independent variables, ρ in the limit for a
        normal pair of correlation ρ, tending to 1 when χ(u) stays above 0 (asymptotic
        dependence) and -1 with no pair above u; its interval is χ's mapped through this
        increasing function of χ. Where χ(u) falls towards 0 as u -> 1, χ̄ says whether
        the extremes still move together (χ̄ > 0).
    n : int
        Pairs used (those with a missing value on either side dropped).
    x_name, v_name : str
        Labels of the two variables (``names`` of :func:`tail_dependence`: ``"error"`` and
        ``"gold"`` in an analysis).
    level : float
        Level of the intervals (the ``ci`` of :func:`tail_dependence`).
    method : str
        How χ and its intervals are made (:data:`METHOD`).
    """

    table: pd.DataFrame
    n: int
    x_name: str = "error"
    v_name: str = "gold"
    level: float = 0.95
    method: str = METHOD

    _repr_fields = ("n",)

    def __repr__(self) -> str:
        # the first rows only (500 levels made a repr of 17,961 characters), as KLFrontier's
        shown = self.table.head(_REPR_ROWS)
        parts = [f"n={self.n}", *(f"chi({r.u:g})={r.chi:.3f} [{r.ci_low:.3f}, {r.ci_high:.3f}]"
                                  for r in shown.itertuples())]
        if len(self.table) > len(shown):
            parts.append(f"... ({len(self.table)} levels)")
        return f"TailDependence({', '.join(parts)}, level={self.level:g})"

    def _repr_html_(self) -> str:
        """A notebook's view: the summary line and the table (the base class showed the
        scalar fields alone, and no χ; a review)."""
        levels = self.table.assign(u=self.table["u"].map("{:.6g}".format))  # (not to 3 digits:
        return table_html(repr(self), levels, ("u", "chi", "ci_low", "ci_high",  # 0.9995 is 1)
                                               "independence", "n_exceed", "chibar"))

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy) with the interval level and the method, as columns and in
        ``attrs``.

        Returns
        -------
        pandas.DataFrame
            The columns of :attr:`table` (u, chi, ci_low, ci_high, independence = n_exceed / n,
            n_exceed, chi_max, chibar, chibar_low, chibar_high), level and method.
        """
        out = self.table.copy()
        out["level"] = float(self.level)  # a concatenation of frames keeps it
        out["method"] = self.method
        out.attrs.update(level=float(self.level), method=self.method)
        return out

    def row(self, level: float = 0.99) -> pd.Series:
        """The table's row at the level nearest ``level`` at which χ rests on at least
        :data:`MIN_CHI_EXCEED` rank places above the level (``n_exceed``; the one the report
        and the command line quote: χ(0.99) by default; a lower level when too few errors lie
        above 0.99; the nearest level when no level has enough).

        Parameters
        ----------
        level : float
            The level wanted.

        Returns
        -------
        pandas.Series
            That row of :attr:`table`.
        """
        if isinstance(level, np.ndarray) and level.ndim == 0:
            level = level.item()  # (a 0-d array is one number)
        check("level", level, [LEVEL])  # (a review: "0.99" and None raised numpy's errors)
        u = self.table["u"].to_numpy(float)
        dist = np.abs(u - level)
        ok = (np.isfinite(self.table["chi"].to_numpy(float))
              & (self.table["n_exceed"].to_numpy() >= MIN_CHI_EXCEED))
        if ok.any():
            dist = np.where(ok, dist, np.inf)
        return self.table.iloc[int(np.argmin(dist))]


@single_blas_thread
@validate_params({"ci": [CI]})
def tail_dependence(x: Any, v: Any,
                    levels: Sequence[float] | np.ndarray | pd.Series = (0.95, 0.99), *,
                    ci: float = 0.95, names: tuple[str, str] | None = None) -> TailDependence:
    """Empirical χ(u) of the pair (x, v) at quantile levels ``u`` (ranks, so scale-free).

    Parameters
    ----------
    x, v : array-like of equal length
        E.g. the reward model's error and the gold utility. A pair with a missing (NaN or
        masked) value on either side is dropped, with an :class:`~tailstat.InputWarning`
        saying how many; infinite values are an error.
    levels : 1-D array-like of float in (0, 1)
        Quantile levels ``u`` at which χ is estimated: a list, tuple, NumPy array or pandas
        Series (its values) of at least one level; a bare number, a string, a set and a
        table are refused.
    ci : float in [0.5, 1)
        Level (coverage) of the intervals (:func:`chi_interval`).
    names : (str, str), optional
        Labels of ``x`` and ``v`` in the result. Default: a named Series' name, else ``"x"``
        and ``"v"`` (:func:`tailstat.analyze` passes ``("error", "gold")``).

    Returns
    -------
    TailDependence
        χ(u) with its interval at each level. A level that leaves no pair above it
        (``u >= 1 - 1/(n + 1)`` for ``n`` complete pairs: from 0.997506 on for 400) has
        ``n_exceed`` 0 and χ and its interval NaN.

    Raises
    ------
    DataError
        Lengths that differ, an infinite value, too few complete pairs, or ``levels`` empty,
        not one-dimensional, or holding anything but levels in (0, 1) (a boolean, a string,
        NaN).

    Notes
    -----
    Ranks are taken with ties (discretised rewards, a 1-5 gold rating) broken at random,
    independently for each variable, so that exactly a share ``1 - u`` of each lies above its
    level and independence still gives ``1 - u``; χ is the expected count over those random
    orders, not one draw of them, so it depends neither on a seed nor on the order of the
    rows: a row of a tied block that straddles the level counts as the share of the block's
    places above the level. Ranked together (average ranks), a block of ties lay wholly above
    or below a level: on a 5-point gold scale χ(0.95) was 0 whether or not the error
    depended on gold, with an interval that excluded ``1 - u``. Two identical discretised
    variables therefore give χ(u) below 1 at a level that cuts a tied block (its places above
    the level are shared out independently for each). Without ties the ranks are the usual
    ones.
    """
    levels = _levels(levels)
    labels = _names(names, x, v)
    x, v = _paired(x, v)
    n = x.size
    rows = []
    places = [min(n, max(0, math.floor(u * (n + 1) + 1e-9))) for u in levels]  # at or below u
    # only pairs with a chance of a place above the lowest level on both sides can count: the
    # levels are read on those alone (a share 1 - u of the rows, not all of them per level)
    low = min(places)
    (rx, fx, sx, steps_x), (rv, fv, sv, steps_v) = _blocks(x, low), _blocks(v, low)
    _, ix, iv = np.intersect1d(rx, rv, assume_unique=True, return_indices=True)
    bx, bv = (fx[ix], sx[ix]), (fv[iv], sv[iv])
    for u, below in zip(levels, places, strict=True):
        wx, wv = _share_above(*bx, below), _share_above(*bv, below)
        m = n - below
        whole = (wx == 1.0) & (wv == 1.0)
        part = wx * wv
        # the whole pairs counted, the shared ones summed exactly: no dependence on row order
        both: float = int(np.count_nonzero(whole)) + math.fsum(part[~whole & (part > 0)])
        lo, hi = chi_interval(both, m, ci) if m else (math.nan, math.nan)
        best = _most_both(steps_x.at(below), steps_v.at(below))
        chi = both / m if m else math.nan
        rows.append({"u": u, "chi": chi, "ci_low": lo, "ci_high": hi,
                     "independence": m / n, "n_exceed": m,
                     "chi_max": min(1.0, best / m) if m else math.nan,
                     **dict(zip(("chibar", "chibar_low", "chibar_high"),
                                _chibar(np.array([chi, lo, hi]), m / n), strict=True))})
    return TailDependence(table=pd.DataFrame(rows), n=n, x_name=labels[0], v_name=labels[1],
                          level=float(ci))


def _names(names: Any, x: Any, v: Any) -> tuple[str, str]:
    """:func:`tail_dependence`'s labels: given, else a named Series' own, else "x" and "v"
    (a review: a call on Series named "reward" and "judge" was labelled "error" and "gold")."""
    if names is None:
        return tuple(  # type: ignore[return-value]
            s.name if isinstance(s, pd.Series) and isinstance(s.name, str) and s.name else d
            for s, d in ((x, "x"), (v, "v")))
    if (not isinstance(names, (tuple, list)) or len(names) != 2
            or not all(isinstance(a, str) for a in names)):
        raise DataError(f"names must be two strings, the labels of x and v (e.g. "
                        f"('error', 'gold')); got {names!r}.")
    return str(names[0]), str(names[1])


def _levels(levels: Any) -> list[Any]:
    """The quantile levels of :func:`tail_dependence`, checked: any one-dimensional array-like
    (a pandas Series of levels was refused as not "a sequence": a review), each a level in
    (0, 1)."""
    try:
        shape = np.shape(levels)
    except ValueError:  # a ragged list: no shape
        shape = None
    if shape is None or len(shape) != 1:
        # a bare number, a 0-d array (np.array(0.95)), a string, a set, a table of levels
        kind = type(levels).__name__
        got = (f"an array of shape {shape}" if isinstance(levels, np.ndarray)
               else f"a ragged {kind}" if shape is None
               else f"a {kind} of shape {shape}" if shape else f"a {kind}")
        raise DataError("levels must be a sequence of quantile levels in (0, 1), e.g. "
                        f"(0.95, 0.99); got {got}.")
    out = list(levels)
    if not out:
        raise DataError("levels must hold at least one quantile level in (0, 1), e.g. "
                        "(0.95, 0.99); got none.")
    for u in out:
        check("levels", u, [LEVEL])
    # a level of a narrower float read as the decimal it prints as (a review: float32 0.95 is
    # 0.94999999, and the same levels counted one pair fewer in an array than in a Series)
    narrow = np.asarray(levels)  # (a Series of float32 lists Python floats: read its array)
    if narrow.dtype in (np.float32, np.float16):
        return [float(str(u)) for u in narrow]
    # every level a Python float (a review: a Fraction level gave an object column of
    # Fractions and a longdouble one a float128 column, which an analysis could not save)
    return [float(str(u)) if isinstance(u, (np.float32, np.float16)) else float(u) for u in out]


def chi_interval(count: Any, m: Any, level: float) -> tuple[Any, Any]:
    """Modified Wilson interval of a proportion ``count / m`` (Brown, Cai & DasGupta 2001,
    section 4.1.1): Wilson's score interval, whose bound by 0 is replaced, for the counts
    ``1 .. c`` (``c`` = 2 for ``m <= 50``, else 3), by the one-sided Poisson bound
    ``chi2_{2 count}(1 - level) / (2 m)`` where that is lower (and the bound by 1 likewise
    for ``m - c .. m - 1``).

    Parameters
    ----------
    count : float or array of float
        Successes; may be fractional (tied ranks shared out by expectation).
    m : float or array of float
        Trials (> 0), at least ``count``.
    level : float in [0.5, 1)
        Coverage (an error rate such as 0.05 is refused: pass 0.95).

    Returns
    -------
    tuple
        ``(low, high)``, floats or arrays as the inputs, always holding ``count / m``.

    Raises
    ------
    DataError
        A count below 0 or above ``m``, ``m <= 0``, or either not finite.

    Notes
    -----
    Near independence χ(u) is the small proportion ``1 - u``, where Wilson's interval falls
    short: at 10 errors above u = 0.99 it covered 0.90 of 400 independent normal pairs, and
    at 100 above u = 0.995 also 0.90 (one joint exceedance already puts its lower bound above
    ``1 - u``); with the Poisson bound, 1.00 and 0.99. Elsewhere the interval is Wilson's.
    """
    from scipy import special  # chi2.ppf(q, 2x) / 2 = gammaincinv(x, q): no scipy.stats

    # a level checked as tail_dependence's ci= is (an alpha of 0.05 gave a 5% interval that
    # read as a precise 95% one, and 95 gave NaN: a review)
    check("level", level, [CI])

    x, n = np.asarray(count, float), np.asarray(m, float)
    # (review 436: a count above m, a negative one or m <= 0 gave NaN, or an "interval"
    # outside [0, 1], without a word)
    with np.errstate(invalid="ignore"):
        fits = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0) & (x <= n * (1 + 1e-12))
    if not np.all(fits):
        bad = np.broadcast_arrays(x, n)
        i = np.flatnonzero(~np.broadcast_to(fits, bad[0].shape))[0]
        raise DataError(f"chi_interval needs a count 0 <= count <= m of m > 0 trials; got "
                        f"count {bad[0].flat[i]:g} of m {bad[1].flat[i]:g}. Pass the pairs "
                        "above the level on both sides and the pairs above it on x's.")
    x = np.minimum(x, n)  # (chi * m may exceed m by a rounding)
    lo, hi = _wilson(x, n, level)
    c = np.where(n <= 50, 2.0, 3.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        near0 = (x > 0) & (x <= c)
        near1 = (n - x > 0) & (n - x <= c)
        lo = np.where(near0, np.minimum(lo, special.gammaincinv(
            np.where(near0, x, 1.0), 1 - level) / n), lo)
        hi = np.where(near1, np.maximum(hi, 1 - special.gammaincinv(
            np.where(near1, n - x, 1.0), 1 - level) / n), hi)
        p = x / n
    # (the Wilson bounds at 0 and 1 are off by rounding: 3e-18 above 0)
    lo, hi = np.minimum(lo, p), np.maximum(hi, p)
    if lo.ndim == 0:
        return float(lo), float(hi)
    return lo, hi


def _wilson(x: np.ndarray, n: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score interval of the proportions ``x / n`` at coverage ``level``, clipped to
    [0, 1]: statsmodels' ``proportion_confint(x, n, 1 - level, method="wilson")`` to the bit,
    computed here (importing statsmodels imports polars, which sets an environment variable,
    ``_RJEM_MALLOC_CONF``, in the caller's process: a review)."""
    crit = z_value(level, "level")  # the normal quantile, as norm.isf(alpha / 2), to the bit
    crit2 = crit**2
    with np.errstate(invalid="ignore", divide="ignore"):
        q = x / n
        denom = 1 + crit2 / n
        center = (q + crit2 / (2 * n)) / denom
        dist = crit * np.sqrt(q * (1.0 - q) / n + crit2 / (4.0 * n**2))
        dist /= denom
    return np.clip(center - dist, 0, 1), np.clip(center + dist, 0, 1)


def _chibar(chi: np.ndarray, p: float) -> list[float]:
    """χ̄ = 2 log p / log(χ p) - 1 (Coles, Heffernan & Tawn 1999) of each χ, where ``p`` is
    the share of each variable above the level: the joint share above it is ``χ p``. It is
    increasing in χ (-1 at χ = 0, 1 at χ = 1), so an interval of χ maps to one of χ̄."""
    if not 0.0 < p < 1.0:
        return [math.nan] * chi.size
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(chi > 0, 2.0 * math.log(p) / np.log(chi * p) - 1.0, -1.0)
    return [float(c) for c in np.where(np.isfinite(chi), out, math.nan)]


_MIN_PAIRS = 20

#: Levels u at which :func:`analyze` measures χ(u) of the error and the gold score (the
#: report draws them all), and those that get a column of the table.
CHI_LEVELS = tuple(float(u) for u in np.round(np.linspace(0.80, 0.995, 40), 4))
TABLE_CHI_LEVELS = (0.95, 0.99)


def _blocks(a: np.ndarray, low: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Steps]:
    """The rows that may hold a place above the ``low`` lowest (ascending), for each the
    number of values below it and the size of its tied block, and the blocks themselves
    (:class:`_Steps`). Only the values from the
    ``low``-th smallest up are sorted and kept (searching the sorted values for every value
    in row order was a random access over the whole array: 12 s at 10^7)."""
    low = min(low, a.size - 1)
    cut = np.partition(a, low)[low]  # a value below it has all its block's places <= low
    rows = np.flatnonzero(a >= cut)
    top = a[rows]
    order = np.argsort(top, kind="stable")
    starts, ends = tie_runs(top[order])
    sizes = ends - starts
    first = np.empty(rows.size, dtype=np.int64)
    first[order] = (a.size - rows.size) + np.repeat(starts, sizes)
    size = np.empty(rows.size, dtype=np.int64)
    size[order] = np.repeat(sizes, sizes)
    return rows, first, size, _Steps((a.size - rows.size) + starts, sizes)


class _Steps:
    """A variable's shares above a level (:func:`_share_above`) as counts: ``a`` rows wholly
    above, and the ``B`` rows of the tied block that straddles it, each above with chance
    ``p`` (read in O(log n) per level from the tied blocks, not from every row)."""

    def __init__(self, first: np.ndarray, size: np.ndarray) -> None:
        self.first, self.size = first, size  # one per tied block, ascending
        self.above = np.r_[np.cumsum(size[::-1])[::-1], 0]  # rows in blocks i, i+1, ...

    def at(self, below: int) -> tuple[int, int, float]:
        i = int(np.searchsorted(self.first, below, side="left"))  # blocks from i: above
        a = int(self.above[i])
        if i and self.first[i - 1] + self.size[i - 1] > below:  # block i - 1 straddles
            f, b = int(self.first[i - 1]), int(self.size[i - 1])
            return a, b, (f + b - below) / b
        return a, 0, 0.0


def _most_both(x: tuple[int, int, float], v: tuple[int, int, float]) -> float:
    """The largest expected count of pairs above both levels that any pairing of the rows
    allows, given each variable's :class:`_Steps` at its level: the sorted shares multiplied
    in order (the rearrangement inequality). Each sorted sequence is ``a`` ones then ``B``
    times ``p``: the product is read from the overlaps."""
    (ax, bx, px), (av, bv, pv) = x, v
    ones = min(ax, av)  # both 1
    # past the shorter run of ones, that side's block meets the other side's ones, then
    # the two blocks meet each other
    if ax <= av:
        cross = min(bx, av - ax) * px
        rest = min(bx - min(bx, av - ax), bv) * px * pv
    else:
        cross = min(bv, ax - av) * pv
        rest = min(bv - min(bv, ax - av), bx) * px * pv
    return ones + cross + rest


def _share_above(first: np.ndarray, size: np.ndarray, below: int) -> np.ndarray:
    """Each value's chance of a place above the ``below`` lowest when ties are ordered at
    random: 1 or 0, and for the tied block that straddles the level, the share of its places
    above it."""
    return np.clip(first + size - below, 0, size) / size


def _paired(x: Any, v: Any) -> tuple[np.ndarray, np.ndarray]:
    """Two equal-length float vectors with the pairs that miss a value on either side dropped
    (the package's intake: ``None`` or ``"NA"`` in a list is missing, as for every sample)."""
    x, v = check_pairs(x, v, ("x", "v"), warn="tail_dependence")
    if x.size < _MIN_PAIRS:
        raise DataError(f"tail dependence needs at least {_MIN_PAIRS} complete (x, v) pairs; "
                        f"got {x.size}.")
    if np.ptp(x) == 0 or np.ptp(v) == 0:
        raise DataError("x and v must not be constant: ranks of a constant say nothing about "
                        "tail dependence.")
    return x, v
