"""Figures of threshold choice for peaks over threshold: the mean excess and the GPD shape
against the threshold (the results of :mod:`tailstat.gpd.threshold`; matplotlib, lazily)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from tailstat import _validation as v
from tailstat._display import level_percent
from tailstat.errors import DataError
from tailstat.plot._style import (
    AX,
    DATA_COLOR,
    GREY,
    MAX_POINTS,
    METHOD_COLORS,
    as_frame,
    closes_on_error,
    finish,
    get_ax,
    huge_power,
    interval_level,
    need,
    pick,
    power_text,
    robust_ylim,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

# the public names are listed once, in tailstat/plot/__init__.py


def _threshold_frame(result: Any, ax: Axes | None, kind: str
                     ) -> tuple[Axes, Any, np.ndarray, float | None, int]:
    """The Axes, the result as a frame, its thresholds (in units of ``10^power``), its
    interval level and ``power`` (mean excess, stability); a DataError for the result of
    another function or an empty one. Thresholds near 1e308 overflowed matplotlib's ticks;
    they are drawn in units of their power of ten, which the axis label gives."""
    theirs = {"mean_excess": "MeanExcess", "threshold_stability": "ThresholdStability"}[kind]
    is_frame = type(result).__name__ == "DataFrame"
    if not is_frame and type(result).__name__ != theirs and hasattr(result, "to_frame"):
        raise DataError(f"{kind} draws the result of tailstat.gpd.{kind} (a {theirs}) or a "
                        f"table of its columns; got a {type(result).__name__}.")
    df = as_frame(result)
    if is_frame and df.attrs.get("method") is not None:  # a tail_path: k, not thresholds
        raise DataError(f"{kind} draws the result of tailstat.gpd.{kind}; this table is the "
                        f"{df.attrs['method']} path of tailstat.tail_path (draw it with "
                        "tailstat.plot.path).")
    if len(df) == 0:
        raise DataError(f"{kind}: the result has no thresholds to draw.")
    level = interval_level(result, df)  # unknown: not said
    u = need(df, ("threshold", "u"), "threshold")
    power = huge_power(u)
    return get_ax(ax), df, u / 10.0**power, level, power


@closes_on_error
@v.validate_params({"ax": AX, "max_points": MAX_POINTS})
def mean_excess(result: Any, ax: Axes | None = None, *, max_points: int = 400) -> Axes:
    """Mean excess ``e(u) = E[X - u | X > u]`` against the threshold u, with its band.

    Rising linearly: a power law (slope ``ξ/(1-ξ)``; lognormal and other subexponential
    tails rise more slowly); flat: exponential-type; falling: lighter than exponential, to
    zero at a finite end point for a bounded tail (a normal's falls like ``1/u`` without
    reaching zero).

    Parameters
    ----------
    result : mean-excess result or DataFrame
        E.g. from :func:`tailstat.gpd.mean_excess`; columns ``threshold`` (or ``u``),
        ``mean_excess`` (or ``estimate``), optionally ``ci_low`` / ``ci_high`` and
        ``n_exceed``.
    ax : matplotlib Axes, optional
    max_points : int
        Thresholds drawn at most (evenly thinned).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax, df, u, level, power = _threshold_frame(result, ax, "mean_excess")
    e = need(df, ("mean_excess", "estimate", "e"), "mean excess")
    lo, hi = pick(df, ("ci_low", "low"), "ci"), pick(df, ("ci_high", "high"), "ci")
    e_power = huge_power(e, lo, hi)  # (as the thresholds: units of 10^e_power)
    e = e / 10.0**e_power
    lo, hi = (None if a is None else a / 10.0**e_power for a in (lo, hi))
    order = np.argsort(u)
    u, e = u[order], e[order]
    # evenly thinned over the thresholds, as documented (log-spaced ranks drew a quarter of
    # the points in the first quarter of the range and 2% in the last)
    idx = np.unique(np.linspace(0, u.shape[0] - 1, min(u.shape[0], max_points)).round()
                    .astype(np.intp))
    band = "band" if level is None else f"{level_percent(level)} band"
    finite = np.flatnonzero(np.isfinite(e))
    if finite.shape[0] == 1:  # one threshold (or one with exceedances, a review): a point
        i = finite  # and its interval (a line of one point and a band drew nothing)
        _one_point(ax, u[i], e[i], None if lo is None else lo[order][i],
                   None if hi is None else hi[order][i], DATA_COLOR, "mean excess", band)
    else:
        ax.plot(u[idx], e[idx], "-", color=DATA_COLOR, lw=1.3, label="mean excess")
        if lo is not None and hi is not None:
            ax.fill_between(u[idx], lo[order][idx], hi[order][idx], color=DATA_COLOR,
                            alpha=0.15, lw=0, label=band)
    # its band shown too, as threshold_stability's (a review: cut for 18 of 100 thresholds)
    robust_ylim(ax, [e], include=(0.0,),
                bands=[lo, hi] if lo is not None and hi is not None else [])
    return finish(ax, f"threshold u (reward units){power_text(power)}",
                   f"mean excess E[X − u | X > u]{power_text(e_power)}", "Mean excess")


@closes_on_error
@v.validate_params({"ax": AX})
def threshold_stability(result: Any, ax: Axes | None = None) -> Axes:
    """GPD shape ξ fitted above a range of thresholds, with intervals.

    Above a threshold high enough for the GPD to hold, the estimates stay level (within
    their intervals); the lowest such threshold is a sensible choice.

    Parameters
    ----------
    result : threshold-stability result or DataFrame
        E.g. from :func:`tailstat.gpd.threshold_stability`; columns ``threshold`` (or
        ``u``), ``xi`` (or ``estimate``), optionally ``ci_low`` / ``ci_high`` (or
        ``xi_low`` / ``xi_high``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax, df, u, level, power = _threshold_frame(result, ax, "threshold_stability")
    xi = need(df, ("xi", "estimate", "shape"), "ξ")
    lo = pick(df, ("xi_low", "ci_low", "low"), "ci")
    hi = pick(df, ("xi_high", "ci_high", "high"), "ci")
    order = np.argsort(u)
    interval = "interval" if level is None else f"{level_percent(level)} interval"
    if u.shape[0] == 1:
        _one_point(ax, u, xi, lo, hi, METHOD_COLORS["gpd"], "GPD ξ (MLE)", interval)
    else:
        ax.plot(u[order], xi[order], "o-", ms=3, lw=1.2, color=METHOD_COLORS["gpd"],
                label="GPD ξ (MLE)")
        if lo is not None and hi is not None:
            ax.fill_between(u[order], lo[order], hi[order], color=METHOD_COLORS["gpd"],
                            alpha=0.15, lw=0, label=interval)
    ax.axhline(0.0, color=GREY, lw=0.8, ls=":")
    robust_ylim(ax, [xi], include=(0.0,),
                bands=[lo, hi] if lo is not None and hi is not None else [])
    return finish(ax, f"threshold u (reward units){power_text(power)}", "ξ",
                   "Threshold stability (GPD ξ)")


def _one_point(ax: Axes, u: np.ndarray, y: np.ndarray, lo: np.ndarray | None,
               hi: np.ndarray | None, color: str, label: str, interval: str) -> None:
    """One threshold's estimate as a point with its interval as an error bar, and a word on
    why there is one (review 403: n <= 61 drew one point without a word)."""
    ax.plot(u, y, "o", ms=5, color=color, label=label)
    ax.text(0.5, 0.04, "one threshold (the default for small samples):\npass "
            "thresholds= for a range of them", transform=ax.transAxes, ha="center", va="bottom",
            color=GREY, fontsize="x-small")
    if lo is not None and hi is not None and np.isfinite([lo[0], hi[0]]).all():
        ax.errorbar(u, y, yerr=[[y[0] - lo[0]], [hi[0] - y[0]]], fmt="none", ecolor=color,
                    capsize=4, label=interval)
