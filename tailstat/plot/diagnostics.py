"""Diagnostic panel of a GPD fit, as in ismev's ``gpd.diag`` / pyextremes' ``plot_diagnostic``.

* :func:`pp_gpd` -- P–P plot: fitted against empirical probabilities of the excesses;
* :func:`return_levels` -- return level against return period (log scale) with the interval
  band from :meth:`tailstat.gpd.GPDFit.return_level` and the exceedances at their empirical
  periods;
* :func:`density_gpd` -- histogram of the excesses with the fitted GPD density;
* :func:`diagnostics` -- the three above and :func:`tailstat.plot.qq_gpd` in one 2 x 2 figure.

Nothing is estimated here: the fit, its quantiles and its return levels come from
:mod:`tailstat.gpd`; matplotlib is imported lazily.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from tailstat import _validation as v
from tailstat._display import level_percent
from tailstat.errors import DataError
from tailstat.plot._style import (
    AX,
    DATA_COLOR,
    GREY,
    METHOD_COLORS,
    SPREAD_LOG,
    closes_on_error,
    finish,
    get_ax,
    huge_power,
    level_text,
    literal,
    log_indices,
    power_text,
)
from tailstat.plot.figures import qq_gpd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from tailstat.gpd import GPDFit, ReturnLevel


class _Fit(v.Constraint):
    """A :class:`tailstat.gpd.GPDFit` (imported lazily)."""

    text = "a GPDFit (from tailstat.fit_gpd)"

    def accepts(self, value: Any) -> bool:
        from tailstat.gpd import GPDFit

        return isinstance(value, GPDFit)


class _FitOrLevels(_Fit):
    text = "a GPDFit or the ReturnLevel of several periods (GPDFit.return_level([...]))"

    def accepts(self, value: Any) -> bool:
        from tailstat.gpd import ReturnLevel

        return super().accepts(value) or (isinstance(value, ReturnLevel)
                                          and np.ndim(value.estimate) == 1)


FIT: list[v.Constraint | None] = [_Fit()]
_PERIODS: list[v.Constraint | None] = [v.InstanceOf(list, tuple, np.ndarray, pd.Series, range),
                                       None]
#: As ``GPDFit.return_level``'s ``ci`` (at least 1/2), checked before anything is drawn:
#: ``ci=0.05`` passed the check of any level and failed in ``return_level``, once
#: ``diagnostics`` had drawn half its panels on the caller's figure.
_CI: list[v.Constraint | None] = v.CI_OR_NONE
_METHOD: list[v.Constraint | None] = [v.StrOptions({"auto", "profile", "delta"})]


def _label(fit: GPDFit) -> str:
    return f"ξ = {fit.xi:.2f}, σ = {fit.sigma:.3g}"


@closes_on_error
@v.validate_params({"fit": FIT, "ax": AX})
def pp_gpd(fit: GPDFit, ax: Axes | None = None) -> Axes:
    """P–P plot: fitted GPD probabilities of the sorted excesses against ``i / (k + 1)``;
    returns the Axes (a new pyplot one with ``ax=None``).

    Parameters
    ----------
    fit : GPDFit
        A fit from :func:`tailstat.fit_gpd`.
    ax : matplotlib Axes, optional
        Where to draw; a new pyplot figure's without it.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from tailstat.gpd import gpd_logsf

    ax, y, k = get_ax(ax), fit.excesses, fit.n_exceed
    emp = np.arange(1, k + 1) / (k + 1.0)
    model = -np.expm1(gpd_logsf(y, fit.xi, fit.sigma))
    ax.plot(emp, model, ".", ms=3, color=DATA_COLOR, alpha=0.8, label="excesses")
    ax.plot([0, 1], [0, 1], "--", color=METHOD_COLORS["gpd"], lw=1.2, label="y = x")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    return finish(ax, "empirical probability i / (k + 1)",
                   f"GPD probability ({_label(fit)})", f"P–P plot, k = {k}", "upper left")


def _level_curve(fit: GPDFit, periods: Any, per: float, ci: float | None,
                 method: Literal["auto", "profile", "delta"]) -> ReturnLevel:
    if method == "auto":  # profile likelihood needs the MLE; a PWM fit has the delta method
        method = "profile" if fit.method == "mle" else "delta"
    if periods is None:
        lo = 1.05 / (fit.zeta * per)  # just above the threshold
        hi = max(10.0 * fit.n, 100.0 / fit.zeta) / per
        periods = np.geomspace(lo, hi, 25)
    return fit.return_level(np.asarray(periods, dtype=float), per=per, ci=ci, method=method)


@closes_on_error
@v.validate_params({"fit": [_FitOrLevels()], "ax": AX, "periods": _PERIODS,
                    "per": [v.Interval(Real, 0, None, closed="neither")], "ci": _CI,
                    "method": _METHOD})
def return_levels(fit: GPDFit | ReturnLevel, ax: Axes | None = None, *,
                  periods: Any = None, per: float = 1, ci: float | None = 0.95,
                  method: Literal["auto", "profile", "delta"] = "auto") -> Axes:
    """Return level plot: the level exceeded once every ``period`` blocks of ``per``
    observations, with its interval band, and the exceedances at their empirical periods.

    Parameters
    ----------
    fit : GPDFit or ReturnLevel
        A fit (its return levels are computed at ``periods``) or the result of
        ``GPDFit.return_level([...])`` for several periods (drawn as given; no points then).
    ax : matplotlib Axes, optional
    periods : sequence of float, optional
        Default: 25 periods, log-spaced from just above the threshold to ``10 n`` observations.
    per, ci
        As in :meth:`tailstat.gpd.GPDFit.return_level`.
    method : {"auto", "profile", "delta"}
        The interval of :meth:`tailstat.gpd.GPDFit.return_level`; ``"auto"``: the profile
        likelihood for a maximum-likelihood fit, the delta method for a PWM fit (which has
        no likelihood to profile).

    Returns
    -------
    matplotlib.axes.Axes
        The empirical period of the ``i``-th largest of ``n`` values is ``(n + 1) / i``
        observations (Weibull plotting position), divided by ``per``. Where the interval
        has no upper end (``high = inf``), its lower end is drawn dashed with upward
        triangles, named "(no upper end)" in the legend. Levels of 1e306 and more are drawn
        in units of their power of ten, which the axis label gives (``(×1e+307)``). The
        level axis is logarithmic where every level drawn is positive and the largest passes
        :data:`tailstat.plot._style.SPREAD_LOG` times the median one (a heavy tail).
    """
    from tailstat.gpd import GPDFit

    if not isinstance(fit, GPDFit):  # a ReturnLevel is drawn as it was computed
        given = [name for name, changed in (
            ("periods", periods is not None), ("per", per != 1), ("ci", ci != 0.95),
            ("method", method != "auto")) if changed]
        if given:
            raise DataError(f"{', '.join(given)} apply to a GPDFit; a ReturnLevel is drawn as "
                            "computed: pass the fit, or compute the levels with those "
                            "settings (fit.return_level(...)).")
    ax = get_ax(ax)
    rl = _level_curve(fit, periods, per, ci, method) if isinstance(fit, GPDFit) else fit
    t = np.asarray(rl.period, dtype=float).ravel()
    order = np.argsort(t, kind="stable")  # periods in any order: one curve, one band
    t = t[order]
    est = np.asarray(rl.estimate, dtype=float).ravel()[order]
    lo = np.asarray(rl.low, dtype=float).ravel()[order]
    hi = np.asarray(rl.high, dtype=float).ravel()[order]
    points = None
    if isinstance(fit, GPDFit):
        y = fit.excesses[::-1] + fit.threshold  # descending
        i = np.arange(1, y.shape[0] + 1)
        keep = log_indices(y.shape[0], 400)
        points = ((fit.n + 1.0) / i / rl.per)[keep], y[keep]
    # rewards near 1e303 have levels near the float maximum, where matplotlib's ticks
    # overflow (a review): drawn in units of their power of ten, which the label gives
    power = huge_power(est, lo, hi, None if points is None else points[1])
    est, lo, hi = (a / 10.0 ** power for a in (est, lo, hi))
    one = t.size < 2  # a single period: a point with its interval, not an invisible line
    ax.plot(t, est, "o" if one else "-", color=METHOD_COLORS["gpd"], lw=1.5, ms=5,
            label="fitted GPD")
    if rl.level is not None:
        _interval(ax, t, est, lo, hi, f"{level_percent(rl.level)} {rl.method}")
    if points is not None:
        ax.plot(points[0], points[1] / 10.0 ** power, ".", ms=3, color=DATA_COLOR, alpha=0.8,
                label="exceedances")
    ax.set_xscale("log")
    # a log level axis where the levels span far (a heavy tail: the exceedances sat in the
    # bottom 5% of a linear one, a review), when every level drawn is positive
    drawn = np.concatenate([est, lo[np.isfinite(lo)], hi[np.isfinite(hi)],
                            [] if points is None else points[1] / 10.0 ** power])
    drawn = drawn[np.isfinite(drawn)]
    if drawn.size and drawn.min() > 0 and drawn.max() > SPREAD_LOG * np.median(drawn):
        ax.set_yscale("log")
    unit = "observations" if rl.per == 1 else f"blocks of {rl.per:g} observations"
    # "best": a fixed upper left covered half the exceedances of a bounded tail
    return finish(ax, f"return period ({unit})", "return level" + power_text(power),
                  "Return levels", "best")


def _interval(ax: Axes, t: np.ndarray, est: np.ndarray, lo: np.ndarray, hi: np.ndarray,
              name: str) -> None:
    """Draw the interval of the return levels ``est`` at the periods ``t`` (sorted): a band,
    an error bar for a single period; where it has no upper end (``hi`` infinite), its lower
    end and upward marks, named "(no upper end)" in the legend."""
    if not np.isfinite(lo).any():  # no interval (a PWM fit's delta method at ξ >= 1/2):
        # said so, not named beside nothing drawn (a review)
        ax.plot([], [], " ", label=f"{name}: not available")
    elif t.size < 2 and np.isfinite(hi).all():
        ax.errorbar(t, est, yerr=np.vstack([est - lo, hi - est]), fmt="none",
                    ecolor=METHOD_COLORS["gpd"], capsize=4, label=name)
    elif t.size < 2:  # no upper end: the bar up to the point and an arrow (a cap would say exact)
        ax.vlines(t, lo, est, color=METHOD_COLORS["gpd"], label=f"{name} (no upper end)")
        ax.plot(t, lo, "_", ms=8, color=METHOD_COLORS["gpd"])
        ax.annotate("↑", (float(t[0]), float(est[0])), xytext=(0, 5),
                    textcoords="offset points", ha="center", va="bottom",
                    color=METHOD_COLORS["gpd"])
        ax.plot(t, est + 0.25 * (est - lo), alpha=0.0)  # room above for the arrow
    else:
        closed = np.isfinite(hi)
        if closed.any():
            ax.fill_between(t, lo, np.where(closed, hi, np.nan), color=METHOD_COLORS["gpd"],
                            alpha=0.2, lw=0, label=name)
        # the band stopped where the upper ends became infinite (a heavy tail's profile at
        # long periods) and read as a finite band (a review): its lower end goes on, dashed
        # and joined to the band, with an upward triangle at each period without an upper end
        open_ = np.isposinf(hi) & np.isfinite(lo)
        if open_.any():
            near = open_ | np.r_[open_[1:], False] | np.r_[False, open_[:-1]]
            ax.plot(t, np.where(near, lo, np.nan), "--", color=METHOD_COLORS["gpd"], lw=1.2,
                    marker="^", ms=5, markevery=open_.tolist(),
                    label=f"{name} (no upper end)")


@closes_on_error
@v.validate_params({"fit": FIT, "ax": AX, "bins": [v.Interval(Integral, 1, None), None]})
def density_gpd(fit: GPDFit, ax: Axes | None = None, *, bins: int | None = None) -> Axes:
    """Histogram of the excesses (as a density) with the fitted GPD density.

    Parameters
    ----------
    fit : GPDFit
    ax : matplotlib Axes, optional
    bins : int, optional
        Default: ``ceil(2 k^(1/3))`` (Rice), between 5 and 60.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from tailstat.gpd import gpd_logpdf

    ax, y, k = get_ax(ax), fit.excesses, fit.n_exceed
    nb = bins if bins is not None else int(min(max(np.ceil(2 * k ** (1 / 3)), 5), 60))
    # cut at an order statistic below the largest (review 403: the interpolated 99% point,
    # or the largest itself below k = 100, sat at a far outlier and left the panel empty)
    j = min(int(np.ceil(0.99 * k)), k - 1) - 1 if k >= 20 else k - 1
    top = float(y[j])
    shown = y[y <= top]
    # excesses near 1e308 in units of their power of ten, and the density per that unit
    # (matplotlib's ticks overflowed there: a review), as the other panels draw them
    power = huge_power(top)
    unit = 10.0**power
    # heights are counts / (k * bin width): the density of all k excesses, cut at `top`
    ax.hist(shown / unit, bins=nb, range=(0.0, top / unit),
            weights=np.full(shown.shape, nb / (k * (top / unit))), color=GREY, alpha=0.45,
            label="excesses" + ("" if top == y[-1] else " (to the 99% point)" if k >= 100
                                else " (without the largest)"))
    grid = np.linspace(0.0, top, 300)
    ax.plot(grid / unit, np.exp(gpd_logpdf(grid, fit.xi, fit.sigma) + power * math.log(10.0)),
            "-", color=METHOD_COLORS["gpd"], lw=1.5, label=f"GPD ({_label(fit)})")
    return finish(ax, f"excess over u = {level_text(fit.threshold, fit.sigma)}"
                  f"{power_text(power)}", f"density{f' (per 1e{power:+d})' if power else ''}",
                  "Density", "best")


@closes_on_error
@v.validate_params({"fit": FIT, "periods": _PERIODS,
                    "per": [v.Interval(Real, 0, None, closed="neither")], "ci": _CI,
                    "method": _METHOD})
def diagnostics(fit: GPDFit, *, periods: Any = None, per: float = 1,
                ci: float | None = 0.95, method: Literal["auto", "profile", "delta"] = "auto",
                fig: Figure | None = None) -> Figure:
    """The diagnostic panel of a GPD fit in one figure: Q–Q, P–P, return levels, density.

    Parameters
    ----------
    fit : GPDFit
    periods, per, ci, method
        Of the return level plot (see :func:`return_levels`).
    fig : matplotlib Figure, optional
        Drawn on (e.g. a ``Figure`` with an Agg canvas, without pyplot); default a new pyplot
        figure, 9 x 7 inches, constrained layout.

    Returns
    -------
    matplotlib.figure.Figure
        With four Axes: Q–Q (top left), P–P (top right), return levels (bottom left), density
        (bottom right).
    """
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(9.0, 7.0), layout="constrained")
    elif not hasattr(fig, "subplots"):
        raise DataError(f"fig must be a matplotlib Figure or None; got {fig!r} instead.")
    before = list(fig.axes)
    try:
        axes = fig.subplots(2, 2)
        qq_gpd(fit, ax=axes[0, 0])
        pp_gpd(fit, axes[0, 1])
        return_levels(fit, axes[1, 0], periods=periods, per=per, ci=ci, method=method)
        density_gpd(fit, axes[1, 1])
        fig.suptitle(f"GPD diagnostics: {literal(fit.name)}, u = "
                     f"{level_text(fit.threshold, fit.sigma)}, "
                     f"k = {fit.n_exceed} of {fit.n}")
    except Exception:
        # a refused argument (periods=[0.5]) left four Axes, two of them drawn, on the
        # caller's figure: removed again
        for a in [a for a in fig.axes if a not in before]:
            fig.delaxes(a)
        raise
    return fig
