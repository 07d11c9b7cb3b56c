"""Thresholds for peaks-over-threshold: specifications, diagnostics (as data) and automatic choice.

* :func:`resolve_threshold` -- a threshold given as a number, a percentage string (``"95%"``),
  ``"auto"`` or a :class:`ThresholdChoice`, to a value and a description of how it was chosen.
* :func:`mean_excess` -- the mean-excess (mean residual life) function with normal-theory
  intervals, as a table.
* :func:`threshold_stability` -- GPD shape ``xi`` and modified scale ``sigma* = sigma - xi u``
  across thresholds, with intervals, as a table. (Plots are made elsewhere, from these results.)
* the automatic choice (``"auto"``) is :func:`tailstat.gpd.select.select_threshold`.

Conventions: exceedances are ``x > u`` (strictly). Default grids use order statistics as
thresholds, ``u = X(n-k)``, so that (without ties) exactly ``k`` values exceed ``u``; the ``k``
are spaced geometrically from ``n/2`` (the sample median) down to 30, which spends the grid
where the tail is (from ``max(n/2, 30)``, each at most ``n - 1``: up to ``n = 61`` the grid is
the one threshold ``X(n-30)``, the sample's minimum up to ``n = 31``; a review). Each
function sorts its sample once and reads every threshold's exceedances as a slice of that
sort; sums over exceedances come from cumulative sums, so a whole mean-excess curve costs
``O(n log n)``.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Hashable
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from tailstat import _validation as v
from tailstat._blas import single_blas_thread
from tailstat._depths import held_depth
from tailstat._pow2 import pow2_scale
from tailstat._warn import user_level
from tailstat.errors import DataError, TailstatWarning, TiesWarning
from tailstat.gpd._common import (
    BADER_2018,
    MIN_EXCEEDANCES,
    TopValues,
    check_exceedances,
    check_some_exceeded,
    default_k_grid,
    grid_thresholds,
    top_values,
    upper_half,
)
from tailstat.gpd._estimate import spike_note
from tailstat.gpd._level_note import quantile_level_note
from tailstat.gpd._likelihood import relative_covariance
from tailstat.gpd._mle import mle
from tailstat.gpd._profile import profile_interval
from tailstat.gpd.select import ThresholdChoice, auto_lowest_quantile, select_sorted
from tailstat.results import Result

__all__ = [
    "BADER_2018",
    "MIN_EXCEEDANCES",
    "THRESHOLD",
    "MeanExcess",
    "ThresholdStability",
    "check_exceedances",
    "default_k_grid",
    "mean_excess",
    "quantile_level_note",
    "resolve_threshold",
    "threshold_stability",
]

class _Auto(v.Constraint):
    text = "'auto'"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str) and value.strip().lower() == "auto"


#: What a threshold may be: a number, a percentage of the sample, ``"auto"`` or a choice.
THRESHOLD: list[v.Constraint | None] = [
    v.Interval(Real, None, None, text="a finite number"), v.Percent(), _Auto(),
    v.InstanceOf(ThresholdChoice, text="a ThresholdChoice"),
]


def _resolve(values: np.ndarray | TopValues, threshold: Any, **select: Any
             ) -> tuple[float, str, ThresholdChoice | None]:
    """``(u, how, choice)`` for a threshold specification already checked against THRESHOLD.

    ``values`` is the sample's values (any order), or the :class:`TopValues` of a sketch.
    """
    v.check("threshold", threshold, THRESHOLD)
    if isinstance(threshold, ThresholdChoice):
        u = float(threshold.threshold)
        held = values.asc if isinstance(values, TopValues) else values
        k = int(np.count_nonzero(np.asarray(held) > u))
        if k != threshold.n_exceed:  # a choice made on another sample, labelled "automatic"
            raise DataError(
                f"this ThresholdChoice counted {threshold.n_exceed} values above u = {u:.6g}, "
                f"but {k} lie above it here: it was made on another sample (or a sketch "
                "holding fewer values). Run select_threshold on this sample, or pass the "
                "threshold as a number.")
        return u, f"automatic: {threshold.rule}", threshold
    if isinstance(threshold, str):
        if _Auto().accepts(threshold):
            top = values if isinstance(values, TopValues) else upper_half(values)
            if isinstance(values, TopValues):  # a sketch: from the lowest level it holds
                select["lowest_quantile"] = auto_lowest_quantile(values)
            choice = select_sorted(top, **select)
            how = f"automatic: {choice.rule}"
            lq = float(select.get("lowest_quantile", 0.5))
            if isinstance(values, TopValues) and lq > 0.5:  # (the sample's starts at 0.5)
                how += (f"; candidates from the {100 * lq:.3g}% quantile up (what the sketch "
                        "holds), not from the median as on the whole sample")
                choice = _far_from_median(choice, values, lq, select.get("warn", True))
            return choice.threshold, how, choice
        p = v.parse_percent(threshold)
        if isinstance(values, TopValues):
            u = values.quantile(p / 100.0)
        else:
            u = float(np.quantile(values, p / 100.0))
        return u, f"{p:g}% empirical quantile (numpy 'linear')", None
    try:
        return float(threshold), "fixed value", None
    except OverflowError:  # an int past the float range (10**400): bad input, not a crash
        raise DataError(f"threshold must be a number within the float range; got an integer "
                        f"of {len(str(abs(int(threshold))))} digits.") from None


#: A sketch whose automatic threshold searched from this quantile up (it holds a tenth of the
#: sample or less), and that holds fewer values than a sketch of the automatic capacity
#: would, is warned of: the whole sample's search starts at the median, and a merged sketch
#: with one small shard chose 800 excesses where the sample chose 10,488, its ξ 6 standard
#: errors off (a review). A sketch of the automatic capacity holds what the analysis reads
#: and is not warned of (past 10^6 values it holds a tenth or less: a review).
SKETCH_SEARCH_WARN = 0.9


def _far_from_median(choice: ThresholdChoice, top: TopValues, lq: float,
                     warn: bool) -> ThresholdChoice:
    """``choice``, with the caveat of a search far above the median among its warnings
    (warned when ``warn``) when ``lq`` passes :data:`SKETCH_SEARCH_WARN` and the sketch
    holds less than the automatic capacity's depth."""
    if lq < SKETCH_SEARCH_WARN or top.held >= held_depth(top.n):
        return choice
    note = (f"{top.name!r}: the sketch holds the top {top.held} of {top.n} values, so "
            f"threshold='auto' searched from the {100 * lq:.3g}% quantile up, where the whole "
            "sample's search starts at the median: its threshold, and ξ with it, can differ "
            "from the sample's by several standard errors. A sketch of larger capacity (each "
            "shard's, when merged) searches deeper; a quantile threshold it holds reads as "
            "the sample's")
    if warn:
        warnings.warn(note + ".", TailstatWarning, stacklevel=user_level())
    return dataclasses.replace(choice, warnings=(*choice.warnings, note))


@v.validate_params({"threshold": THRESHOLD,
                    "warn": [v.InstanceOf(bool, text="True or False")]})
def resolve_threshold(values: np.ndarray | TopValues,
                      threshold: float | str | ThresholdChoice, *, warn: bool = True
                      ) -> tuple[float, str]:
    """Turn a threshold specification into a value and a description of how it was chosen.

    Parameters
    ----------
    values : numpy.ndarray or TopValues
        The (validated) sample, or the top values of a sketch (``"95%"`` and ``"auto"`` then
        need the order statistics they read to be held).
    threshold : float, str or ThresholdChoice
        A number (used as is: an absolute threshold, ``0.95`` is not ``"95%"``), a percentage
        string such as ``"95%"`` (that empirical quantile,
        numpy's default linear interpolation), ``"auto"`` (:func:`select_threshold` with its
        defaults) or a :class:`ThresholdChoice`.
    warn : bool
        Issue the caveat below as a warning (default); ``False`` leaves it to the caller
        (:func:`quantile_level_note` gives its text), as ``fit_bayes(warn=False)`` does.

    Returns
    -------
    (float, str)
        The threshold and e.g. ``"fixed value"``, ``"95% empirical quantile (numpy 'linear')"``
        or ``"automatic: bader2018 ..."``.

    Raises
    ------
    DataError
        For a malformed specification, a :class:`ThresholdChoice` made on another sample,
        or a percentage or ``"auto"`` that needs order statistics a sketch does not hold.

    Warns
    -----
    TailstatWarning
        For a number in (0, 1) that reads like a quantile level (``0.95`` for ``"95%"``):
        more than half of the sample above it and the sample's quantile at that level above 1;
        for any other number below every value. Neither when the sample reads as exceedances
        of it (none below it, the lowest value close above it, as ``x[x > u]``). The number
        is used as given.
    """
    held = values if isinstance(values, TopValues) else np.asarray(values, dtype=float)
    u, how, _ = _resolve(held, threshold)
    if warn and (note := quantile_level_note(held, threshold, u)) is not None:
        warnings.warn(note, TailstatWarning, stacklevel=user_level())
    return u, how


# --- mean excess -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False, kw_only=True)
class _PerThreshold(Result):
    """What the per-threshold diagnostics share: thresholds, level, sample size, name, and a
    :attr:`table` that is also their ``to_frame()`` (with a ``level`` column)."""

    threshold: np.ndarray
    n_exceed: np.ndarray
    level: float
    n: int
    name: str = "x"
    settings: dict[str, Any] = field(default_factory=dict)

    _repr_fields = ("name", "n", "n_thresholds", "level")

    @property
    def n_thresholds(self) -> int:
        """Number of thresholds."""
        return int(self.threshold.shape[0])

    @property
    def table(self) -> pd.DataFrame:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def to_frame(self) -> pd.DataFrame:
        """The :attr:`table` (a new DataFrame) and a column ``level``, the intervals' level
        (a concatenation of frames keeps it), also in ``attrs["level"]`` (the plots read it
        there: a frame was labelled a 95% band whatever its level)."""
        out = self.table
        out["level"] = float(self.level)
        out.attrs["level"] = float(self.level)
        return out


@dataclass(frozen=True, eq=False, repr=False, kw_only=True)
class MeanExcess(_PerThreshold):
    """The mean-excess function ``e(u) = E[X - u | X > u]`` at several thresholds.

    For a GPD tail ``e(u)`` is linear in ``u`` with slope ``xi / (1 - xi)`` (``xi < 1``).

    Attributes
    ----------
    threshold, mean_excess, ci_low, ci_high : numpy.ndarray
        Per threshold; the interval is ``e(u) +/- z s / sqrt(k)`` (normal theory). A heavy
        tail's excesses are skewed, and their mean is more often below ``e(u)`` than above:
        the interval misses high, already for ``xi`` well below the infinite variance at
        ``xi >= 1/2`` (two reviews, GPD samples at 95%: 0.95-0.96 at ``xi = 0``; 0.91-0.94
        at ``xi = 0.2``; at ``xi = 0.4`` 0.92 with about 1,000 excesses and 0.86 with about
        100). The interval is ``nan`` where fewer than two values exceed ``u`` (the mean
        excess of one is that value's excess).
    n_exceed : numpy.ndarray
        Number of values above each threshold.
    level : float
        Nominal coverage of the intervals.
    n : int
        Sample size.
    name : str
        The sample's label.
    settings : dict
        How the grid was made.
    """

    mean_excess: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray

    @property
    def table(self) -> pd.DataFrame:
        """One row per threshold: threshold, mean_excess, ci_low, ci_high, n_exceed."""
        return pd.DataFrame({"threshold": self.threshold, "mean_excess": self.mean_excess,
                             "ci_low": self.ci_low, "ci_high": self.ci_high,
                             "n_exceed": self.n_exceed})


#: Constraints of the two diagnostics (thresholds themselves are checked when converted).
_DIAGNOSTIC: dict[str, list[v.Constraint | None]] = {
    "ci": [v.CI], "column": v.COLUMN,
    "n_thresholds": [v.Interval(Integral, 1, None)],
    "warn": [v.InstanceOf(bool, text="True or False")]}


@v.validate_params(_DIAGNOSTIC)
def mean_excess(x: Any, thresholds: Any = None, *, ci: float = 0.95, column: Hashable | None = None,
                n_thresholds: int = 100, warn: bool = True) -> MeanExcess:
    """Mean excess over each threshold, with normal-theory intervals, as data.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts, or a :class:`tailstat.TailSketch`
        A sketch gives the sample's numbers exactly for the thresholds it covers (at or above
        its smallest kept value, or any when it kept every value); the default grid of a
        sketch that dropped values starts at the lowest value it holds.
    thresholds : sequence of float, optional
        Default: ``n_thresholds`` order statistics ``X(n-k)`` with ``k`` geometric from ``n/2``
        (from the sketch's lowest value, for a sketch that dropped values) down to 30 (see the
        module docstring).
    ci : float
        Level of the pointwise intervals, in [0.5, 1) (0.95, not 0.05).
    column : str or int, optional
        Column of a table input.
    n_thresholds : int
        Size of the default grid.
    warn : bool
        Issue the :class:`~tailstat.InputWarning` about missing values dropped (a report,
        whose analysis said it, passes False).

    Returns
    -------
    MeanExcess
    """
    tv = top_values(x, column, upper=thresholds is None, warn=warn)  # a default grid: from
    # the median
    n, name = tv.n, tv.name
    u, how = grid_thresholds(tv, thresholds, n_thresholds)
    k = tv.n_above(u)
    check_some_exceeded(tv, u, k, 1)
    # in units of (a power of two near) the largest magnitude: exact for ordinary data, and
    # neither the sums nor the squares overflow at any finite magnitude
    scale = pow2_scale(tv.minimum, tv.maximum, u)
    zs, zu = tv.asc / scale, u / scale
    # sums of the top-k values, shifted by the maximum to keep the variance accurate
    top = zs[-1]
    d = zs[::-1][: int(k.max())] - top  # only the top max(k) values are summed
    s1 = np.concatenate([[0.0], np.cumsum(d)])
    s2 = np.concatenate([[0.0], np.cumsum(d * d)])
    with np.errstate(invalid="ignore", divide="ignore"):
        kf = k.astype(float)
        m1 = s1[k] / kf
        me = m1 + (top - zu)
        var = (s2[k] - kf * m1 * m1) / (kf - 1.0)
        half = v.z_value(ci) * np.sqrt(np.maximum(var, 0.0) / kf)
    with np.errstate(over="ignore"):  # a mean excess beyond the float range is honestly inf
        me = np.where(k >= 1, me * scale, np.nan)
        half = np.where(k >= 2, half * scale, np.nan)
    return MeanExcess(threshold=u, mean_excess=me, ci_low=me - half, ci_high=me + half,
                      n_exceed=k.astype(np.int64), level=float(ci), n=int(n), name=name,
                      settings={"thresholds": how, "interval": "normal theory, z * sd / sqrt(k)"})


# --- threshold stability -------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False, kw_only=True)
class ThresholdStability(_PerThreshold):
    """GPD estimates across thresholds: above a suitable ``u0`` they should be stable.

    ``xi`` is constant above a valid threshold and so is the modified scale
    ``sigma* = sigma - xi u``.

    Attributes
    ----------
    threshold, n_exceed : numpy.ndarray
        Thresholds and exceedance counts.
    xi, xi_low, xi_high : numpy.ndarray
        MLE of the shape with its profile-likelihood interval.
    sigma : numpy.ndarray
        MLE of the scale at each threshold.
    modified_scale, modified_scale_low, modified_scale_high : numpy.ndarray
        ``sigma - xi u`` with a delta-method (Wald) interval from the observed information
        (``nan`` where ``xi < -1/2``, the information is then not valid). It is first-order:
        with about 1,000 excesses it covered 0.94-0.96 at 95% (GPD samples, ``xi`` 0 to 0.4),
        with about 100 0.89-0.94 at ``xi`` 0 and 0.2 (two reviews, 400 and 1,500 samples;
        missed with the truth below the interval), and with 10 it is often ``nan``.
    converged : numpy.ndarray
        Whether each fit converged (``False`` also where too few values exceed the threshold).
    level, n, name, settings
        Nominal coverage, sample size, the sample's label and how the grid was made (as for
        :class:`MeanExcess`).
    """

    xi: np.ndarray
    xi_low: np.ndarray
    xi_high: np.ndarray
    sigma: np.ndarray
    modified_scale: np.ndarray
    modified_scale_low: np.ndarray
    modified_scale_high: np.ndarray
    converged: np.ndarray

    @property
    def table(self) -> pd.DataFrame:
        """One row per threshold."""
        return pd.DataFrame({
            "threshold": self.threshold, "n_exceed": self.n_exceed, "xi": self.xi,
            "xi_low": self.xi_low, "xi_high": self.xi_high, "sigma": self.sigma,
            "modified_scale": self.modified_scale,
            "modified_scale_low": self.modified_scale_low,
            "modified_scale_high": self.modified_scale_high, "converged": self.converged})


def _stability_row(y: np.ndarray, u: float, ci: float, z: float
                   ) -> tuple[dict[str, float], bool, str | None]:
    """One threshold of :func:`threshold_stability`: MLE, profile interval of ``xi`` and the
    modified scale with its delta-method interval, for ascending excesses ``y`` over ``u``
    (all in the same units, which the caller chose so that nothing overflows), and the note
    on a fit ruled by its smallest excesses (:func:`~tailstat.gpd._estimate.spike_note`)."""
    sol = mle(y, y_is_sorted=True)
    se = math.nan
    cov = None
    if not sol.boundary and sol.xi > -0.5:
        try:
            cov = relative_covariance(y, sol.xi, sol.sigma)
            se = math.sqrt(cov[0, 0]) if cov[0, 0] > 0 else math.nan
        except np.linalg.LinAlgError:
            cov = None
    iv = profile_interval(y, sol, ci, se)
    ms = sol.sigma - sol.xi * u
    row = {"xi": sol.xi, "sigma": sol.sigma, "lo": iv.low, "hi": iv.high, "ms": ms}
    if cov is not None:
        # var(sigma - xi u) = m^2 [a^2 c11 - 2 a b c01 + b^2 c00], a = sigma/m, b = u/m, with
        # m = max(sigma, |u|) so that no square leaves the float range
        m = max(sol.sigma, abs(u))
        a, b = sol.sigma / m, u / m
        var = a * a * cov[1, 1] - 2 * a * b * cov[0, 1] + b * b * cov[0, 0]
        if var > 0:
            half = z * math.sqrt(var) * m
            row["ms_lo"], row["ms_hi"] = ms - half, ms + half
    return row, sol.converged, spike_note(y, sol.sigma)


@single_blas_thread
@v.validate_params(_DIAGNOSTIC)
def threshold_stability(x: Any, thresholds: Any = None, *, ci: float = 0.95,
                        column: Hashable | None = None, n_thresholds: int = 30,
                        warn: bool = True) -> ThresholdStability:
    """GPD shape and modified scale across thresholds, with intervals, as data.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts, or a :class:`tailstat.TailSketch`
        As for :func:`mean_excess`: exact for the thresholds a sketch covers.
    thresholds : sequence of float, optional
        Default: ``n_thresholds`` order statistics with ``k`` geometric from ``n/2`` to 30.
    ci : float
        Level of the intervals, in [0.5, 1) (profile likelihood for ``xi``, delta method for
        ``sigma*``).
    column : str or int, optional
        The column to read from a table or file.
    n_thresholds : int
        How many thresholds the default grid has.
    warn : bool
        Issue the :class:`~tailstat.InputWarning` about missing values dropped, and the
        :class:`~tailstat.errors.TiesWarning` naming thresholds that equal scores up to
        rounding (their fits are ruled by those scores' tiny excesses).

    Returns
    -------
    ThresholdStability
        Rows with fewer than 10 exceedances (or all excesses equal) are ``nan``.
    """
    tv = top_values(x, column, upper=thresholds is None, warn=warn)  # a default grid: from
    # the median
    n, name = tv.n, tv.name
    u, how = grid_thresholds(tv, thresholds, n_thresholds)
    k = tv.n_above(u)
    check_some_exceeded(tv, u, k, MIN_EXCEEDANCES)
    m = u.shape[0]
    held = tv.held
    # fitted in units of (a power of two near) the largest magnitude: exact, and no overflow
    scale = pow2_scale(tv.minimum, tv.maximum, u)
    zs, zu = tv.asc / scale, u / scale
    cols = {c: np.full(m, np.nan) for c in ("xi", "lo", "hi", "sigma", "ms", "ms_lo", "ms_hi")}
    conv = np.zeros(m, dtype=bool)
    z = v.z_value(ci)
    spiked = []
    for j in range(m):  # one fit per threshold; each fit is vectorised over its exceedances
        kj = int(k[j])
        if kj < MIN_EXCEEDANCES:
            continue
        y = zs[held - kj:] - zu[j]
        if y[-1] <= y[0]:
            continue
        row, conv[j], spike = _stability_row(y, float(zu[j]), ci, z)
        for c, val in row.items():
            cols[c][j] = float(val) * scale if c not in ("xi", "lo", "hi") else val
        if spike is not None:
            spiked.append(float(u[j]))
    if spiked and warn:  # (review 419: xi = 26.8 at u = 0.3 = 3 * 0.1 up to rounding, unsaid)
        where = ", ".join(f"{t:.6g}" for t in spiked[:5]) + (" ..." if len(spiked) > 5 else "")
        warnings.warn(
            f"threshold_stability of {name!r}: at u = {where}, scores equal to the threshold "
            "up to rounding (0.1 + 0.2 against 0.3) read as tiny excesses, and the fit there "
            "is ruled by them (sigma shrinks onto them, xi runs high): read those rows as "
            "artefacts, or give thresholds between the grid values of the scores.",
            TiesWarning, stacklevel=user_level())
    return ThresholdStability(
        threshold=u, n_exceed=k.astype(np.int64), xi=cols["xi"], xi_low=cols["lo"],
        xi_high=cols["hi"], sigma=cols["sigma"], modified_scale=cols["ms"],
        modified_scale_low=cols["ms_lo"], modified_scale_high=cols["ms_hi"], converged=conv,
        level=float(ci), n=int(n), name=name,
        settings={"thresholds": how, "xi_interval": "profile likelihood",
                  "modified_scale_interval": "delta method (observed information)"})
