"""Diagnostic figures: each function draws a result it is given on an Axes and returns the Axes.

No function here estimates anything: paths, GPD fits, posteriors and classifications are
computed elsewhere (the estimators, :mod:`tailstat.gpd`, :mod:`tailstat.bayes`,
:func:`tailstat.analyze`, :func:`tailstat.report`) and passed in.
The only arithmetic done here is what drawing needs: plotting positions, evaluating a fitted
GPD's quantiles or survival function, thinning points. The figures of threshold choice
(mean excess, threshold stability) are in :mod:`tailstat.plot.threshold`.

matplotlib is imported lazily, inside the functions, so ``import tailstat.plot`` stays cheap.
With ``ax=None`` a new figure is made with :mod:`matplotlib.pyplot` (the user's backend);
:func:`tailstat.report` passes the Axes-like panels of :mod:`tailstat.reporting._svg`, which
write SVG (no matplotlib).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np

from tailstat import _validation as v
from tailstat.classification.levels import shown_probability
from tailstat.errors import DataError
from tailstat.estimators.choose_k import deepest_k
from tailstat.plot._style import (
    AX,
    DATA_COLOR,
    GREY,
    LABEL_COLORS,
    MAX_POINTS,
    METHOD_COLORS,
    METHOD_LABELS,
    METHOD_STYLES,
    SPREAD_LOG,
    TEXT,
    TEXT_OR_NONE,
    closes_on_error,
    finish,
    get_ax,
    huge_power,
    ink_on,
    level_text,
    literal,
    log_indices,
    minus_text,
    need,
    note,
    pick,
    power_text,
    robust_ylim,
    tidy_log_axes,
    tie_positions,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

_LABELS = ("heavy", "light", "bounded")  # (the public names: in tailstat/plot/__init__.py)


def _is_axes(value: Any) -> bool:
    """Whether ``value`` is a matplotlib Axes (recognised without importing matplotlib)."""
    return value is not None and AX[0] is not None and AX[0].accepts(value)


def _tail(x: Any, k_max: int | None) -> Any:
    """An :class:`~tailstat.data.UpperTail` (with the median) for ``x``; reused if it is one."""
    from tailstat.data import UpperTail, upper_tail

    if isinstance(x, UpperTail):
        return x
    return upper_tail(x, k_max=k_max, median=True)


def _held(x: Any, depth: int) -> int:
    """``depth``, or less for a sketch that holds fewer order statistics (a default depth
    reads what is held; an explicit one must be held)."""
    from tailstat.data.intake import TailSummary

    return min(depth, x.top.shape[0] - 1) if isinstance(x, TailSummary) else depth


def _param(fit: Any, names: tuple[str, ...], what: str) -> float:
    for name in names:
        v = getattr(fit, name, None)
        if v is not None and not callable(v):
            try:
                return float(v)
            except (TypeError, ValueError):
                continue
    raise DataError(f"cannot find the {what} of a {type(fit).__name__}; expected an attribute "
                    f"among {list(names)}.")


def _gpd_params(fit: Any) -> tuple[float, float, float]:
    """(ξ, σ, threshold) of a GPD fit (any object with those attributes)."""
    xi = _param(fit, ("xi", "shape", "xi_mean"), "shape ξ")
    sigma = _param(fit, ("sigma", "scale", "sigma_mean"), "scale σ")
    u = _param(fit, ("threshold", "u"), "threshold")
    return xi, sigma, u


# --------------------------------------------------------------------------------------------
# the data
# --------------------------------------------------------------------------------------------

@closes_on_error
@v.validate_params({"ax": AX, "max_points": MAX_POINTS, "color": TEXT, "label": TEXT_OR_NONE,
                    "title": TEXT, "quantity": TEXT,
                    "shift": [v.StrOptions({"median"}), v.Interval(Real, None, None), None]})
def survival(
    sample_or_tail: Any,
    ax: Axes | None = None,
    *,
    shift: str | float | None = "median",
    max_points: int = 2000,
    fit: Any = None,
    color: str = DATA_COLOR,
    label: str | None = None,
    title: str = "Survival function (log–log)",
    quantity: str = "reward",
) -> Axes:
    """Empirical survival function of the upper tail on log–log axes.

    A power-law tail is a straight line (slope ``-1/ξ``); an exponential-type or lighter tail
    bends down; a bounded tail drops vertically at its endpoint.

    Parameters
    ----------
    sample_or_tail : UpperTail, Sample or array-like
        The rewards, or their upper order statistics (:func:`tailstat.upper_tail`). Only the
        stored order statistics are drawn, thinned to about ``max_points`` (all of the top 200,
        then log-spaced ranks). Tied values are one point, at the share of values at or above
        them; the last value held is left out when the tail does not hold every value.
    ax : matplotlib Axes, optional
    shift : {"median"}, float or None
        Subtract the sample median (default: it makes the plot independent of the reward's
        arbitrary offset), a given number (e.g. the classifier's centre,
        ``classification.settings["centre"]``, as the report does), or nothing. Values
        that are not positive after the shift cannot be drawn on a log axis and are left out.
        A sketch that does not hold the top half of the sample has no median: its values are
        then drawn unshifted, and the axis label says so (pass the centre instead).
    max_points : int
    fit : GPD fit, optional
        An object with ``xi``, ``sigma`` and ``threshold`` (in data units, e.g. a
        :class:`tailstat.gpd.GPDFit`): its tail ``P(X > u)·S_GPD(x - u)`` is overlaid.
    color, label, title : str, optional
    quantity : str
        What the values are, for the axis labels (``"reward"``; the report's error panel
        says ``"error"``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    params = _gpd_params(fit) if fit is not None else None  # refused before drawing
    tail = _tail(sample_or_tail, None)
    ax = get_ax(ax)
    desc = np.asarray(tail.desc, dtype=float)
    if shift == "median":
        s = float(tail.median) if tail.median is not None else 0.0
        # a sketch that does not hold the top half of the sample has no median: unshifted
        xlabel = (f"{quantity} − median" if tail.median is not None
                  else f"{quantity} (not shifted: the median is not held)")
        drawn_as = xlabel if tail.median is not None else quantity
    elif shift is None:
        s, xlabel, drawn_as = 0.0, quantity, quantity
    else:
        s = float(shift)
        drawn_as = xlabel = minus_text(quantity, s, spread=float(desc[0] - desc[-1])
                                       if desc.size else None)
    idx = tie_positions(desc, tail.n, log_indices(desc.shape[0], max_points))
    if idx.size == 0:  # every value held is one tie, which may go on past them
        note(ax, f"the {desc.shape[0]:,} largest values held are all equal "
                 f"({desc[0]:.6g}):\nhow many more values equal it is not held,\nso its "
                 "share is unknown")
        return ax
    x = desc[idx] - s
    p = (idx + 1.0) / (tail.n + 1.0)  # plotting position of the (i+1)-th largest
    ok = x > 0
    if not ok.any():
        note(ax, "no value above the shift:\nnothing to draw on log axes")
        return ax
    ax.loglog(x[ok], p[ok], ".", ms=2.5, color=color, label=label or "data", alpha=0.8)
    if (few := int(np.count_nonzero(ok))) < 3:  # a staircase of a few values: no shape
        ax.text(0.5, 0.5, f"{few} distinct value{'s' if few > 1 else ''} above the shift:\ntoo "
                "few to show a tail's shape", transform=ax.transAxes, ha="center",
                va="center", color=GREY, fontsize="small")
    if params is not None:
        xi, sigma, u = params
        above = float(getattr(fit, "n_exceed", np.count_nonzero(desc > u)) or 0) / tail.n
        top = float(desc[0])
        hi = top if xi >= 0 or not math.isfinite(-sigma / xi) else min(top, u - sigma / xi)
        # evenly spaced on the log axis from the threshold, or from the smallest value drawn
        # when the shift is above it (a review: evenly spaced in x, the line began at the
        # grid's second point, to the right of 97% of a Cauchy's exceedances)
        start = max(u, s + float(np.min(x[ok])))
        grid = s + np.geomspace(start - s, max(hi, start) - s, 200)
        from tailstat.gpd import gpd_logsf

        sf = above * np.exp(gpd_logsf(np.maximum(grid - u, 0.0), xi, sigma))
        good = (grid - s > 0) & (sf > 0)
        if good.any():
            ax.loglog(grid[good] - s, sf[good], "-", color=METHOD_COLORS["gpd"], lw=1.4,
                      label=f"GPD fit (ξ = {xi:.2f})".replace("-", "−"))  # the ticks' minus
    ax.set_xlabel(f"x = {xlabel} (log scale)")
    ax.set_ylabel(f"P({drawn_as} > x)")  # as the x axis names it, whatever the shift (a review)
    tidy_log_axes(ax)
    ax.set_title(title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize="small", loc="lower left")
    return ax


@closes_on_error
@v.validate_params({"ax": AX, "k": [v.Interval(Integral, 1, None), None],
                    "max_points": MAX_POINTS})
def qq_exponential(
    sample_or_tail: Any,
    ax: Axes | None = None,
    *,
    k: int | None = None,
    max_points: int = 2000,
) -> Axes:
    """Exponential Q–Q plot of the excesses over the threshold ``X(n-k)``.

    Points on the line: an exponential-type tail (light, the boundary case). Bending upwards:
    heavier than exponential. Flattening: lighter than exponential or bounded.

    Parameters
    ----------
    sample_or_tail : UpperTail, Sample or array-like
    ax : matplotlib Axes, optional
    k : int, optional
        Number of upper order statistics. Default: the classifier's, ``min(n/10, n^(2/3))``
        (:func:`tailstat.classification.k_levels`; 464 at n = 10^4), or what a tail or
        sketch holds if less. (The whole sample, the default before, flattens every tail's
        plot like a bounded one's: the body's curvature outweighs the tail.)
    max_points : int

    Returns
    -------
    matplotlib.axes.Axes
        On log–log axes where the largest excess passes ``SPREAD_LOG`` times the median
        one, as :func:`qq_gpd`, else on linear ones.
    """
    from tailstat.classification import k_levels

    ax = get_ax(ax)
    # by default as deep as the classifier reads (a review: 5 000 at most, where its k is
    # 10 000 at n = 10^6); upper_tail's default depth holds it up to n = 10^8
    tail = _tail(sample_or_tail, k if k is not None else _held(sample_or_tail, 200_000))
    desc = np.asarray(tail.desc, dtype=float)
    default = k_levels(int(tail.n))[1] if int(tail.n) >= 2 else 1
    k = int(min(k if k is not None else default, desc.shape[0] - 1))
    if k < 2:
        note(ax, "too few order statistics")
        return ax
    if desc[0] == desc[k]:  # (a review: clipped scores drew excesses of 0 on a flat line)
        note(ax, f"the {k + 1} largest values are all equal ({desc[0]:.6g}):\nclipped or "
                 "discretised scores, whose excesses\ncarry no tail shape (a larger k "
                 "reads\nbelow them)")
        return ax
    excess = desc[:k] - desc[k]  # descending
    power = huge_power(excess)  # near 1e308 matplotlib's ticks overflow: units of 10^power
    excess = excess / 10.0**power
    i = np.arange(1, k + 1)
    theo = -np.log(i / (k + 1.0))  # exponential quantile of the i-th largest of k
    idx = log_indices(k, max_points)
    ax.plot(theo[idx], excess[idx], ".", ms=2.5, color=DATA_COLOR, alpha=0.8, label="data")
    slope = float(np.mean(excess))  # (in units of 10^power: no overflow near 1e308)
    # log-log where the top dwarfs the typical excess, as qq_gpd (review 403: one far score)
    wide = bool(excess[0] > SPREAD_LOG * float(np.median(excess)) > 0.0)
    t = np.array([float(theo[-1]) if wide else 0.0, float(theo[0])])
    ax.plot(t, slope * t, "--", color=GREY, lw=1.2, label="exponential (same mean)")
    if wide:
        ax.set_xscale("log")
        ax.set_yscale("log")
    # k in the title: with a unit (×1e−300) the rotated label ran past the panel's top (a
    # review)
    return finish(ax, "exponential quantile", f"excess over X(n−k){power_text(power)}",
                  f"Exponential Q–Q plot, k = {k:,}", "best")


# --------------------------------------------------------------------------------------------
# estimator paths and threshold diagnostics
# --------------------------------------------------------------------------------------------

@closes_on_error
@v.validate_params({"ax": AX, "max_points": MAX_POINTS,
                    "k": [v.Interval(Integral, 1, None), v.InstanceOf(Mapping), None],
                    "band": [v.InstanceOf(bool, text="True or False")],
                    "k_min": [v.Interval(Integral, 1, None)]})
def path(
    df_from_tail_path: pd.DataFrame | Mapping[str, pd.DataFrame] | Sequence[pd.DataFrame],
    ax: Axes | None = None,
    k: int | Mapping[str, int] | None = None,
    *,
    max_points: int = 400,
    band: bool = True,
    k_min: int = 5,
) -> Axes:
    """Estimator paths over k (from :func:`tailstat.tail_path`) with interval bands.

    Parameters
    ----------
    df_from_tail_path : DataFrame, or a mapping / sequence of them
        One or several outputs of :func:`tailstat.tail_path` (Hill, moment, Pickands, or the
        Weibull-tail coefficient θ; ξ and θ on one Axes are refused: two scales).
    ax : matplotlib Axes, optional
    k : int or mapping, optional
        The chosen k, marked with a vertical line (one value, or one per method).
    max_points : int
        Ks drawn per path (log-spaced).
    band : bool
        Shade the pointwise interval (``ci_low``–``ci_high``; its level in the legend). Pickands'
        interval, usually far wider than the others, is left out beside other paths.
    k_min : int
        Smallest k drawn (the first few estimates are dominated by noise).

    Returns
    -------
    matplotlib.axes.Axes
    """
    if isinstance(df_from_tail_path, Mapping):
        frames = list(df_from_tail_path.values())
        names: list[Any] = list(df_from_tail_path.keys())
    else:
        frames = (list(df_from_tail_path) if isinstance(df_from_tail_path, Sequence)
                  else [df_from_tail_path])
        names = [None] * len(frames)
    if not frames:
        raise DataError("path: nothing to draw (an empty mapping or list of tail_path tables).")
    for df in frames:
        if type(df).__name__ != "DataFrame" or not hasattr(df, "attrs"):
            raise DataError(f"path draws the output of tailstat.tail_path (a DataFrame with "
                            f"columns k, estimate, ci_low, ci_high), or a mapping or list of "
                            f"them; got a {type(df).__name__}.")
        if len(df) == 0:
            raise DataError("path: a tail_path table with no rows: nothing to draw.")
    if len({str(df.attrs.get("parameter", "xi")) for df in frames}) > 1:  # (a review)
        raise DataError("path: ξ (hill, moment, pickands) and the Weibull-tail θ are on "
                        "different scales (ξ = 0 against θ = 1 for an exponential tail): "
                        "draw them on two Axes.")
    marks = _k_marks(k, max(float(need(df, ("k",), "k")[-1]) for df in frames),
                     max(_deepest_k(df) for df in frames))
    ax = get_ax(ax)  # after the checks: a refused call leaves the caller's Axes as it was
    methods = [str(df.attrs.get("method", "estimate")) for df in frames]
    repeated = len(set(methods)) < len(methods)  # the same method twice: told apart by name
    if repeated and all(name is None for name in names):  # a list: the samples' own names
        names = [df.attrs.get("name") for df in frames]
        pairs = list(zip(names, methods, strict=True))  # unnamed arrays are all "x": numbered
        names = [f"{nm} #{pairs[:i].count(pair) + 1}" if pairs.count(pair) > 1 else nm
                 for i, (nm, pair) in enumerate(zip(names, pairs, strict=True))]  # per method
    params, named = set(), set[str | None]([None])
    shown: list[np.ndarray] = []
    k_range: list[float] = []
    drawn = False
    for i, (df, name, method) in enumerate(zip(frames, names, methods, strict=True)):
        params.add(str(df.attrs.get("parameter", "xi")))
        ks, est = need(df, ("k",), "k"), need(df, ("estimate",), "estimate")
        first = int(np.searchsorted(ks, k_min)) if ks[-1] >= k_min else 0
        idx = first + log_indices(ks.shape[0] - first, max_points, dense=30)
        k_range += [float(ks[idx].min()), float(ks[idx].max())]
        finite = bool(np.isfinite(est[idx]).any())
        drawn, color = drawn or finite, (f"C{i % 10}" if repeated
                                         else METHOD_COLORS.get(method, DATA_COLOR))
        # (a review: "Pickands" listed over rounded rewards, where no line is drawn)
        label = METHOD_LABELS.get(method, method) + ("" if finite else " (no finite value)")
        ax.plot(ks[idx], est[idx], METHOD_STYLES.get(method, "-"),
                lw=1.3 if method != "pickands" else 1.0, color=color,
                # a name that only repeats the method ("hill: Hill") is left out (a review)
                label=label if name is None or str(name).lower() in (method.lower(),
                                                                     label.lower())
                else f"{literal(name)}: {label}")
        lo, hi = pick(df, ("ci_low",), "ci"), pick(df, ("ci_high",), "ci")
        if band and lo is not None and hi is not None and not (method == "pickands"
                                                               and len(frames) > 1):
            level = df.attrs.get("ci")  # each level named once (reviews 403, 405)
            text = None if level is None else f"{100 * level:g}% interval"
            ax.fill_between(ks[idx], lo[idx], hi[idx], color=color, alpha=0.15, lw=0,
                            label=None if text in named else text)
            named.add(text)
        # y-limits from the part of the path past its noisiest start
        start = np.searchsorted(ks[idx], max(10, ks[-1] // 100))
        shown.append(est[idx][start:])
    param = params.pop() if len(params) == 1 else "estimate"
    if not drawn:  # e.g. Hill on negative rewards: no line gives the x limits
        ax.set_xlim(max(min(k_range), 1.0), max(max(k_range), 2.0))
        note(ax, f"no finite estimate at k >= {k_min}:\nnothing to draw")
    ref = 1.0 if param == "theta" else 0.0
    ax.axhline(ref, color=GREY, lw=0.8, ls=":")
    robust_ylim(ax, shown, include=(ref,))
    for name, kv in marks.items():  # each marked k named in the legend (a review)
        ax.axvline(kv, color=METHOD_COLORS.get(name, GREY), lw=1.0, ls="--",
                   label=f"k = {int(kv)}" if not name else f"{literal(name)}: k = {int(kv)}")
    ax.set_xscale("log")
    tidy_log_axes(ax)
    ax.set_xlabel("k, number of largest scores used")
    ax.set_ylabel({"xi": "ξ", "theta": "θ"}.get(param, "estimate"))
    ax.set_title({"xi": "Extreme-value index ξ over k",
                  "theta": "Weibull-tail coefficient θ"}.get(param, "Paths over k"))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", loc="best")
    return ax


def _deepest_k(df: Any) -> int:
    """The largest k :func:`tailstat.tail_path` reaches for the table's method and n (its
    attrs; 0 when they are not there)."""
    n, method = df.attrs.get("n"), df.attrs.get("method")
    return deepest_k(str(method), int(n)) if isinstance(n, (int, np.integer)) else 0


def _k_marks(k: Any, k_top: float, deepest: int = 0) -> dict[str, float]:
    """The k values :func:`path` marks, by name (``""`` for one k), checked before anything
    is drawn: numbers within the paths' k (a k past them stretched the axis, the paths in a
    corner; ``{"hill": "a"}`` failed with a bare ValueError after drawing)."""
    if k is None:
        return {}
    given = dict(k) if isinstance(k, Mapping) else {"": k}
    marks = {}
    for name, kv in given.items():
        try:
            value = float(kv)
        except (TypeError, ValueError):
            raise DataError(f"path: k must be a number (or a mapping of names to numbers); "
                            f"got {kv!r}.") from None
        if not 1 <= value <= k_top:
            # (a review: Hill's own k past the default), where tail_path can reach it
            deeper = (f", or make the paths reach it (tail_path(x, k_max={math.ceil(value)}))"
                      if k_top < value <= deepest else "")
            raise DataError(f"path: k = {kv} lies outside the paths' k (1 to {int(k_top)}); "
                            f"mark a k the paths reach{deeper}.")
        marks[str(name)] = value
    return marks


@closes_on_error
@v.validate_params({"ax": AX, "max_points": MAX_POINTS})
def qq_gpd(gpd_fit: Any, data: Any = None, ax: Axes | None = None, *,
           max_points: int = 2000) -> Axes:
    """Q–Q plot of the exceedances against the fitted generalised Pareto distribution.

    Parameters
    ----------
    gpd_fit : GPD fit
        An object with ``xi``, ``sigma`` and ``threshold`` (e.g. :class:`tailstat.gpd.GPDFit`).
    data : array-like, Sample or UpperTail, optional
        The values (or upper order statistics) the fit was made from; the exceedances over the
        threshold are drawn. Without it, the fit's own ``excesses`` / ``exceedances`` are used.
    ax : matplotlib Axes, optional
    max_points : int
        Points drawn at most (every extreme one, the body thinned).

    Returns
    -------
    matplotlib.axes.Axes
        On log–log axes where the largest excess passes
        :data:`tailstat.plot._style.SPREAD_LOG` times the median one (a heavy tail), else on
        linear ones.
    """
    if ax is None and _is_axes(data):  # qq_gpd(fit, ax), as every other plot is called
        data, ax = None, data
    ax = get_ax(ax)
    xi, sigma, u = _gpd_params(gpd_fit)
    if data is None:
        for name in ("excesses", "excess", "exceedances", "y"):
            v = getattr(gpd_fit, name, None)
            if v is not None:
                y = np.sort(np.asarray(v, dtype=float))
                if name == "exceedances" and y.size and y.min() > u:
                    y = y - u
                break
        else:
            raise DataError("pass data=: the GPD fit does not carry its excesses.")
    else:
        from tailstat.data import UpperTail, check_sample
        from tailstat.data.intake import TailSummary

        if isinstance(data, TailSummary):  # a sketch: the top values it holds
            data = _tail(data, None)
        if isinstance(data, UpperTail):
            vals = np.asarray(data.desc, dtype=float)
            if vals.size < data.n and vals.size and vals[-1] > u:
                # the values held are all above u: the exceedances are more than these, and
                # plotting positions i/(k+1) over the few held drew a good fit as a bad one
                raise DataError(f"qq_gpd: data= holds the top {vals.size} of {data.n} values, "
                                f"all above the threshold u = {u:.6g}, not every exceedance; "
                                "pass the whole sample (or leave data= out to use the fit's "
                                "own excesses).")
        else:  # one column of numbers, validated as every sample is
            from tailstat.data.pairs import without_column_option

            try:
                vals = check_sample(data, min_size=2).values
            except DataError as exc:
                raise without_column_option(exc) from None
        y = np.sort(vals[vals > u] - u)
    k = y.shape[0]
    if k < 2:
        note(ax, "too few exceedances")
        return ax
    p = np.arange(1, k + 1) / (k + 1.0)
    from tailstat.gpd import gpd_ppf

    model = gpd_ppf(p, xi, sigma)
    power = huge_power(model, y)  # near 1e308 matplotlib's ticks overflow: units of 10^power
    model, y = model / 10.0**power, y / 10.0**power
    idx = k - 1 - log_indices(k, max_points, dense=max_points // 2)  # keep the extremes
    ax.plot(model[idx], y[idx], ".", ms=2.5, color=DATA_COLOR, alpha=0.8, label="exceedances")
    top = float(max(model[-1], y[-1]))
    # log axes where the largest excesses dwarf the typical one (a heavy tail: 95% of the
    # points sat in one corner, a review); the line y = x is the diagonal there too
    wide = bool(top > SPREAD_LOG * float(np.median(y)) > 0.0)
    bottom = float(min(model[model > 0].min(), y[y > 0].min())) if wide else 0.0
    ax.plot([bottom, top], [bottom, top], "--", color=METHOD_COLORS["gpd"], lw=1.2,
            label="y = x")
    if wide:
        ax.set_xscale("log")
        ax.set_yscale("log")
    return finish(ax, f"GPD quantile (ξ = {xi:.2f}, σ = {sigma:.3g})".replace("-", "−")
                  + power_text(power),
                   f"excess over u = {level_text(u, sigma)}{power_text(power)}",
                   f"GPD Q–Q plot, k = {k}", "best")


# --------------------------------------------------------------------------------------------
# summaries
# --------------------------------------------------------------------------------------------

@closes_on_error
@v.validate_params({"ax": AX, "title": TEXT})
def probabilities(classification: Any, ax: Axes | None = None, *,
                  title: str = "Tail class probabilities") -> Axes:
    """Horizontal bars of P(heavy), P(light), P(bounded) of a classification.

    Parameters
    ----------
    classification : TailClassification
        Anything with a ``probabilities`` mapping (and optionally ``label``).
    ax : matplotlib Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    probs = _probabilities_of(classification)
    ax = get_ax(ax, figsize=(4.0, 2.2))
    labels = [lab for lab in _LABELS if lab in probs] + [lab for lab in probs if lab not in _LABELS]
    vals = [float(probs[lab]) for lab in labels]
    chosen = getattr(classification, "label", None)
    y = np.arange(len(labels))[::-1]
    ax.barh(y, vals, color=[LABEL_COLORS.get(lab, GREY) for lab in labels], height=0.6)
    for yi, val, lab in zip(y, vals, labels, strict=True):
        # as the report's tables show it: an uncertain verdict's 0.797 reads 0.79, not 0.80
        txt = "<0.01" if val < 0.01 else (">0.99" if val > 0.99 else shown_probability(
            val, cut=lab == "heavy"))  # (the third decimal near 0.2: P(heavy)'s alone)
        inside = val > 0.75  # (the ink with the most contrast on the bar: review 432)
        ax.text(val - 0.02 if inside else val + 0.02, yi, txt, va="center", fontsize="medium",
                ha="right" if inside else "left", fontweight="bold" if lab == chosen else "normal",
                color=ink_on(LABEL_COLORS.get(lab, GREY)) if inside else "black")
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    for tick, lab in zip(ax.get_yticklabels(), labels, strict=True):
        if lab == chosen:
            tick.set_fontweight("bold")
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability")
    ax.set_title(title)
    ax.grid(True, axis="x", alpha=0.3)
    return ax


def _probabilities_of(classification: Any) -> dict[str, float]:
    """The label probabilities of a classification (or a mapping of them), checked: the
    result of another function (an analysis, a GPD fit) or a mapping with a missing or
    non-numeric value is a DataError, never an empty or "nan" bar."""
    probs = getattr(classification, "probabilities", classification)
    if not isinstance(probs, Mapping) or not probs:
        hint = (" (an analysis: draw its groups with tailstat.plot.overview)"
                if hasattr(classification, "classifications") else "")
        raise DataError(f"probabilities draws a TailClassification (or a mapping label -> "
                        f"probability); got a {type(classification).__name__}{hint}.")
    out: dict[str, float] = {}
    for lab, val in probs.items():
        try:
            out[str(lab)] = float(val)
        except (TypeError, ValueError):
            out[str(lab)] = math.nan
        if not 0.0 <= out[str(lab)] <= 1.0:
            raise DataError(f"probabilities: P({lab}) = {val!r} is not a probability in "
                            "[0, 1].")
    return out
