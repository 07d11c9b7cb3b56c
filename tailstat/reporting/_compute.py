"""The numbers behind the report's figures, per group (no plotting, no templates here).

Everything the figures draw is computed here from the validated sample of a group and its
classification: the upper order statistics (one ``np.partition``), estimator paths over k
(:func:`tailstat.tail_path`), the mean excess and threshold stability
(:mod:`tailstat.gpd`), a GPD fit at the classifier's threshold, and with gold scores the
error's upper tail and χ(u) on a grid of levels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from tailstat import gpd
from tailstat.analysis import TailDependence, tail_dependence
from tailstat.classification import TailClassification
from tailstat.data import Sample, UpperTail, upper_tail
from tailstat.errors import DataError, FitError
from tailstat.estimators import tail_path

__all__ = ["GroupNumbers", "compute_group", "path_k_max"]

#: Levels u at which χ(u) is drawn.
CHI_LEVELS = tuple(float(u) for u in np.round(np.linspace(0.80, 0.995, 40), 4))


def path_k_max(n: int, k: int) -> int:
    """Largest k drawn in the paths: five times the classifier's k, at most half the sample."""
    return int(max(min(n // 2, 5 * k), min(k, n - 1), 2))


@dataclass
class GroupNumbers:
    """What the figures of one group need (all computed; the plot functions only draw)."""

    tail: UpperTail | None = None  # raw upper order statistics with the median
    k: int = 0  # the classifier's k
    paths: dict[str, pd.DataFrame] = field(default_factory=dict)  # ξ paths
    theta_path: pd.DataFrame | None = None
    mean_excess: Any = None
    stability: Any = None
    gpd: Any = None
    error_tail: UpperTail | None = None
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
        msg = f"{what}: {w}"
        if msg not in numbers.warnings:
            numbers.warnings.append(msg)
    return out


def compute_group(sample: Sample | None, c: TailClassification,
                  gold: tuple[np.ndarray, np.ndarray] | None) -> GroupNumbers:
    """All figure data of one group.

    Parameters
    ----------
    sample : Sample or None
        The group's validated rewards (``None`` when the report has no data: only the
        result-based figures are drawn).
    c : TailClassification
        The group's classification (its ``k`` sets the paths' range and the GPD threshold).
    gold : (proxy, gold) arrays or None
        Rows of the group where both scores are present.
    """
    out = GroupNumbers(k=int(c.k))
    if sample is None:
        return out
    n, k = sample.n, int(c.k)
    k_max = path_k_max(n, k)
    tail = _attempt(out, "upper tail",
                    lambda: upper_tail(sample, k_max=min(n - 1, k_max), median=True))
    if tail is None:
        return out
    out.tail = tail
    med = float(tail.median) if tail.median is not None else 0.0
    # the classifier's centring: the log-based estimators need positive values, and the
    # reward's offset is arbitrary
    z = UpperTail(desc=tail.desc - med, n=n, name=tail.name)
    for method in ("hill", "moment", "pickands"):
        df = _attempt(out, f"{method} path", partial(tail_path, z, method))
        if df is not None and np.isfinite(df["estimate"].to_numpy()).any():
            out.paths[method] = df
    out.theta_path = _attempt(out, "Weibull-tail path", lambda: tail_path(z, "weibull_tail"))
    # peaks over threshold: mean excess, threshold stability, the GPD at the classifier's k
    top = min(k_max, n - 1)
    ks_me = np.unique(np.geomspace(min(10, top), top, 200).astype(int))
    out.mean_excess = _attempt(out, "mean excess",
                               lambda: gpd.mean_excess(sample, tail.desc[ks_me]))
    lo = max(gpd.MIN_EXCEEDANCES * 3, min(30, top))
    ks_st = np.unique(np.geomspace(min(lo, top), top, 20).astype(int))
    out.stability = _attempt(out, "threshold stability",
                             lambda: gpd.threshold_stability(sample, tail.desc[ks_st]))
    u = float(tail.desc[k])
    out.gpd = _attempt(out, "GPD fit", lambda: gpd.fit_gpd(sample, u, gof=True, name=sample.name,
                                                           warn=False))
    if out.gpd is not None and not out.gpd.converged:
        out.warnings.append(f"GPD fit: the fit at u = {u:.6g} did not converge: "
                            f"{out.gpd.message}")
    if gold is not None and gold[0].size >= 50:
        err = gold[0] - gold[1]
        out.error_tail = _attempt(
            out, "error tail",
            lambda: upper_tail(err, k_max=min(err.size - 1, k_max), median=True,
                               name=f"{sample.name} error"))
        out.chi = _attempt(out, "tail dependence",
                           lambda: tail_dependence(err, gold[1], CHI_LEVELS))
    return out
