"""The numbers behind the report's figures, per group (no plotting, no templates here).

Everything the figures draw is computed here from the sketch of a group (its ``n`` and top
order statistics, kept by the analysis) and its classification: estimator paths over k
(:func:`tailstat.tail_path`), the mean excess and threshold stability
(:mod:`tailstat.gpd`), a GPD fit at the classifier's threshold, and with gold scores the
error's upper tail (χ(u) on a grid of levels comes with the analysis).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from tailstat import gpd
from tailstat.classification import TailClassification
from tailstat.data import UpperTail
from tailstat.dependence import TailDependence
from tailstat.errors import DataError, FitError
from tailstat.estimators import tail_path
from tailstat.sketch import TailSketch

__all__ = ["GroupNumbers", "compute_group", "evidence_numbers", "path_k_max"]

#: Thresholds of the threshold-stability panel (each one is a GPD fit).
STABILITY_POINTS = 12


def path_k_max(n: int, k: int) -> int:
    """Largest k drawn in the paths: five times the classifier's k, at most half the sample."""
    return int(max(min(n // 2, 5 * k), min(k, n - 1), 2))


@dataclass
class GroupNumbers:
    """What the figures of one group need (all computed; the plot functions only draw)."""

    tail: UpperTail | None = None  # raw upper order statistics
    shift: float = 0.0  # the classifier's centre X(n - c): the origin of the log axes
    k: int = 0  # the classifier's k
    paths: dict[str, pd.DataFrame] = field(default_factory=dict)  # ξ paths
    theta_path: pd.DataFrame | None = None
    mean_excess: Any = None
    stability: Any = None
    gpd: Any = None
    error_tail: UpperTail | None = None
    error_shift: float = 0.0
    chi: TailDependence | None = None
    problems: list[str] = field(default_factory=list)  # computations that could not be made
    warnings: list[str] = field(default_factory=list)  # TailstatWarnings met on the way


def _attempt(numbers: GroupNumbers, what: str, fn: Callable[[], Any]) -> Any:
    """Run one computation; a DataError / FitError becomes a note instead of an exception.

    The caveats of a result (its ``warnings``) are collected into ``numbers.warnings``. The
    computations here are called so that they issue no warning (``fit_gpd(warn=False)``), so
    no process-wide warning filter is needed.
    """
    try:
        out = fn()
    except (DataError, FitError) as exc:
        numbers.problems.append(f"{what}: {exc}")
        return None
    for w in getattr(out, "warnings", ()) or ():
        # the missing values the sketch dropped are the group's, not the computation's
        # (a review: "GPD fit: 300 missing values (NaN) were dropped")
        msg = w if "missing value" in w else f"{what}: {w}"
        if msg not in numbers.warnings:
            numbers.warnings.append(msg)
    return out


#: The one "not drawn" note of a saturated group (:func:`compute_group`).
SATURATED_PANELS = ("the ξ and θ paths, the mean excess, the threshold stability and the GPD "
                    "fit, which read a continuous tail: the top of these scores is one "
                    "repeated value (a ceiling, or a scale of a few levels), which the "
                    "classifier reads as saturated (bounded)")


#: ... when the repeated value reaches the classifier's centre (binary rewards).
SATURATED_PANELS_ALL = "the survival function, the exponential Q–Q plot, " + SATURATED_PANELS


def compute_group(sketch: TailSketch | None, c: TailClassification,
                  error_sketch: TailSketch | None = None,
                  error_c: TailClassification | None = None,
                  dependence: TailDependence | None = None) -> GroupNumbers:
    """All figure data of one group, from its sketch (the analysis keeps one per group).

    Parameters
    ----------
    sketch : TailSketch or None
        The group's sketch: ``n`` and the top order statistics (``None``: only the
        result-based figures are drawn).
    c : TailClassification
        The group's classification (its ``k`` sets the paths' range and the GPD threshold,
        its centre ``X(n - c)`` the offset of the log axes).
    error_sketch, error_c : optional
        With gold scores: the error's sketch and classification.
    dependence : TailDependence, optional
        χ(u) of the error and the gold score (measured by the analysis on a grid of levels).
    """
    out = GroupNumbers(k=int(c.k), chi=dependence)
    if sketch is None:
        return out

    n, k = sketch.n, int(c.k)
    k_max = min(path_k_max(n, k), sketch.k_max, n - 1)
    tail = _attempt(out, "upper tail", lambda: sketch.upper_tail(k_max))
    if tail is None:
        return out
    out.tail = tail
    centre = float(c.settings.get("centre") or 0.0)
    out.shift = centre
    if getattr(c, "pattern", None) == "saturated":
        # the top the classifier reads is one repeated value: the estimators' panels have no
        # continuous tail to read, and their errors (centred values, thresholds at the
        # ceiling) said false things of the scores (a review); the sample's own panels, and
        # the error's (a binary reward beside a continuous gold score), stay -- unless the
        # repeated value reaches the centre: then the survival above it is empty and the
        # Q-Q plot a flat line at 0 (binary rewards: "no value above the shift"; a review)
        flat = float(tail.desc[0]) <= centre
        out.problems.append(SATURATED_PANELS_ALL if flat else SATURATED_PANELS)
        if flat:
            out.tail = None
    else:
        _estimator_panels(out, sketch, c, tail, k_max)
    if error_sketch is not None and error_sketch.n >= 50:
        out.error_tail = _attempt(
            out, "error tail",
            lambda: error_sketch.upper_tail(min(path_k_max(error_sketch.n, k),
                                                error_sketch.k_max, error_sketch.n - 1)))
        if error_c is not None:
            out.error_shift = float(error_c.settings.get("centre") or 0.0)
    return out


def _estimator_panels(out: GroupNumbers, sketch: TailSketch, c: TailClassification,
                      tail: UpperTail, k_max: int) -> None:
    """The estimators' paths, the mean excess, the threshold stability and the GPD at the
    classifier's ``k`` into ``out`` (``tail``: the top ``k_max`` values)."""
    n, k, centre = sketch.n, int(c.k), out.shift
    # the classifier's centring: the log-based estimators need positive values, and the
    # reward's offset is arbitrary
    with np.errstate(over="ignore"):
        z_desc = tail.desc - centre  # (scores near ±1e308: the deepest may overflow, dropped)
    z = UpperTail(desc=z_desc[np.isfinite(z_desc)], n=n, name=tail.name)
    for method in ("hill", "moment", "pickands"):
        df = _attempt(out, f"{method} path", partial(tail_path, z, method, warn=False))
        if df is not None and np.isfinite(df["estimate"].to_numpy()).any():
            out.paths[method] = df
    # θ of the values above the centre, read as a sample of their own (as the classifier's θ)
    depth = min(int(c.settings.get("centre_depth") or z.k_max), z.k_max)
    above = UpperTail(desc=z.desc[:depth], n=depth, name=tail.name)
    out.theta_path = _attempt(out, "Weibull-tail path",
                              lambda: tail_path(above, "weibull_tail", warn=False))
    # peaks over threshold: mean excess, threshold stability, the GPD at the classifier's k
    top = k_max
    ks_me = np.unique(np.geomspace(min(10, top), top, 200).astype(int))
    out.mean_excess = _attempt(out, "mean excess",
                               lambda: gpd.mean_excess(sketch, tail.desc[ks_me], warn=False))
    # from 30 exceedances, or from the classifier's k where that is fewer (at n = 100-200
    # its threshold, marked on the panel, lay above every point drawn: a review)
    lo = min(max(gpd.MIN_EXCEEDANCES * 3, min(30, top)), max(k, gpd.MIN_EXCEEDANCES))
    ks_st = np.unique(np.geomspace(min(lo, top), top, STABILITY_POINTS).astype(int))
    out.stability = _attempt(out, "threshold stability",
                             lambda: gpd.threshold_stability(sketch, tail.desc[ks_st],
                                                             warn=False))
    _fit_gpd(out, sketch, float(tail.desc[k]))


#: Words of the note of a GPD goodness-of-fit test read with its asymptotic law taken at the
#: edge of the range where it holds (``tailstat/gpd/gof.py``).
APPROXIMATE_NULL = "the asymptotic null distribution"


def _fit_gpd(out: GroupNumbers, sketch: TailSketch, u: float) -> None:
    """The GPD at the classifier's threshold ``u`` into ``out`` (its evidence table row)."""
    # the asymptotic test (its caveat says where it is approximate): the bootstrap the
    # default takes below xi = -1/2 cost 0.1 s a bounded group, for an A2 p-value the fit at
    # xi = -1 leaves undefined anyway (a review)
    out.gpd = _attempt(out, "GPD fit", lambda: gpd.fit_gpd(sketch, u, gof="asymptotic",
                                                           name=sketch.name, warn=False))
    # that the asymptotic law is taken at the edge of its range is this shortcut's, said in
    # the goodness-of-fit line, not a caveat of the group (a review: a confident bounded
    # group carried it, which analyze's results and the JSON do not)
    out.warnings[:] = [w for w in out.warnings if APPROXIMATE_NULL not in w]
    if out.gpd is not None and not out.gpd.converged:
        out.warnings.append(f"GPD fit: the fit at u = {u:.6g} did not converge: "
                            f"{out.gpd.message}")


def evidence_numbers(sketch: TailSketch | None, c: TailClassification) -> GroupNumbers:
    """What a group's evidence table needs when its figure is not drawn (``figures="summary"``
    or ``"none"``): the GPD fit at the classifier's ``k``, as :func:`compute_group` makes it
    (about 2 ms a group), so the table does not lose its GPD row with the figure."""
    out = GroupNumbers(k=int(c.k))
    if sketch is None or getattr(c, "pattern", None) == "saturated":  # no GPD to fit
        return out
    k = int(c.k)
    tail = _attempt(out, "upper tail", lambda: sketch.upper_tail(min(k, sketch.n - 1)))
    if tail is not None and tail.desc.size > k:
        _fit_gpd(out, sketch, float(tail.desc[k]))
    return out

