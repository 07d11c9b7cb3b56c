"""Colours, labels and small helpers shared by the plotting functions (no matplotlib import)."""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable, Sequence
from numbers import Integral
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import numpy as np

from tailstat import _validation as v
from tailstat._display import significant
from tailstat.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Okabe–Ito colours (readable with the common colour-vision deficiencies).
LABEL_COLORS = {"heavy": "#D55E00", "light": "#0072B2", "bounded": "#009E73"}
METHOD_COLORS = {"hill": "#E69F00", "moment": "#0072B2", "pickands": "#CC79A7",
                 "weibull_tail": "#009E73", "gpd": "#D55E00"}
METHOD_LABELS = {"hill": "Hill", "moment": "moment (DEdH)", "pickands": "Pickands",
                 "weibull_tail": "Weibull-tail θ"}
#: Line styles of the estimators' paths drawn together, so that they differ without colour.
METHOD_STYLES = {"hill": "-", "moment": "--", "pickands": "-."}
GREY = "#555555"
#: A Q–Q or return level plot is drawn on log axes where its largest value passes this many
#: times its median one (and every value is positive): a heavy tail's top dwarfs the rest.
SPREAD_LOG = 50.0
DATA_COLOR = "#333333"


def ink_on(color: str) -> str:
    """Black or white, whichever stands out more on ``color`` (a ``#rrggbb``): WCAG 2's
    contrast ratio of relative luminances (review 432: white on the bounded and heavy bars,
    3.42:1 and 3.87:1, below the 4.5:1 text of that size needs; black has 6.14:1 and 5.43:1
    there, white 5.19:1 on the light bar's blue)."""
    rgb = [int(color[i:i + 2], 16) / 255.0 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


class _Axes(v.Constraint):
    """A matplotlib Axes, recognised without importing matplotlib."""

    text = "a matplotlib Axes"

    def accepts(self, value: Any) -> bool:
        return all(hasattr(value, a) for a in ("plot", "set_title", "figure"))


#: Constraints shared by the plotting functions.
AX: list[v.Constraint | None] = [_Axes(), None]
MAX_POINTS: list[v.Constraint | None] = [v.Interval(Integral, 2, None)]
TEXT: list[v.Constraint | None] = [v.InstanceOf(str)]
TEXT_OR_NONE: list[v.Constraint | None] = [v.InstanceOf(str), None]


_P = ParamSpec("_P")
_R = TypeVar("_R")


def closes_on_error(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Close the pyplot figures a drawing function opened when it raises (a review: eight of
    them left an empty figure open for each bad input; a notebook then showed it)."""
    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        plt = sys.modules.get("matplotlib.pyplot")
        before = set(plt.get_fignums()) if plt is not None else set()
        try:
            return fn(*args, **kwargs)
        except BaseException:
            plt = sys.modules.get("matplotlib.pyplot")
            if plt is not None:
                for num in set(plt.get_fignums()) - before:
                    plt.close(num)
            raise
    return wrapper


def get_ax(ax: Axes | None, figsize: tuple[float, float] = (5.0, 3.6)) -> Axes:
    """``ax`` itself, or the Axes of a new pyplot figure (matplotlib imported here, lazily)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def log_indices(m: int, max_points: int, dense: int = 200) -> np.ndarray:
    """Indices ``0..m-1`` thinned for plotting: the first ``dense`` all kept, then log-spaced.

    At most about ``max_points`` unique, sorted indices; ``m - 1`` is always included.
    """
    if m <= 0:
        return np.zeros(0, dtype=int)
    if m <= max_points:
        return np.arange(m)
    dense = min(dense, max_points // 2, m)
    rest = np.geomspace(dense + 1, m, max(2, max_points - dense)).astype(int) - 1
    return np.unique(np.concatenate([np.arange(dense), rest, [m - 1]]))


def tie_positions(desc: np.ndarray, n: int, idx: np.ndarray) -> np.ndarray:
    """The ranks of ``desc`` (descending, the top of ``n`` values) an empirical survival
    function draws among ``idx``: tied values as one point, the last of their run (at the
    share of values at or above them: rewards 1..5 drew a column of 1,000 points at x = 1, a
    review), and the last value held left out when values not held may tie with it (its
    share is then unknown: reviews 389, 390, 403). Empty when nothing is left."""
    last = np.searchsorted(-desc, -desc[idx], side="right") - 1
    idx = np.unique(last)
    if idx.size and idx[-1] == desc.shape[0] - 1 and desc.shape[0] < n:
        idx = idx[:-1]
    return idx


def as_frame(result: Any) -> Any:
    """A pandas DataFrame from a DataFrame, a result with ``to_frame()`` or a mapping."""
    import pandas as pd

    if isinstance(result, pd.DataFrame):
        return result
    if hasattr(result, "to_frame"):
        frame = result.to_frame()
        if isinstance(frame, pd.DataFrame):
            return frame
    if isinstance(result, dict):
        return pd.DataFrame(result)
    raise DataError(f"cannot draw a {type(result).__name__}: pass a DataFrame or a tailstat "
                    "result with to_frame().")


def interval_level(result: Any, frame: Any) -> float | None:
    """The level of the intervals drawn: the result's ``level``; for a table, its
    ``attrs["level"]`` or else its ``level`` column when that holds one value (a concatenation
    of frames keeps the column, not the attrs); ``None`` when unknown. (A table's ``level``
    attribute is its column: read as the level, it put no percentage on a 50% band.)"""
    if not hasattr(frame, "columns") or frame is not result:
        level = getattr(result, "level", None)
    else:
        level = getattr(frame, "attrs", {}).get("level")
        if level is None and "level" in frame.columns:
            values = np.unique(np.asarray(frame["level"], dtype=float))
            level = float(values[0]) if values.size == 1 else None
    return float(level) if isinstance(level, (int, float, np.floating)) \
        and not isinstance(level, bool) else None


def pick(frame: Any, names: tuple[str, ...], what: str) -> np.ndarray | None:
    """The first column of ``frame`` among ``names`` as a float array (None if none exists)."""
    for name in names:
        if name in frame.columns:
            return np.asarray(frame[name], dtype=float)
    return None


def need(frame: Any, names: tuple[str, ...], what: str) -> np.ndarray:
    """Like :func:`pick`, but a missing column is a :class:`DataError` naming the alternatives."""
    col = pick(frame, names, what)
    if col is None:
        raise DataError(f"cannot find the {what} column; expected one of {list(names)}, got "
                         f"{[str(c) for c in frame.columns]}.")
    return col


def robust_ylim(ax: Axes, values: list[np.ndarray], pad: float = 0.15,
                include: tuple[float, ...] = (), bands: Sequence[np.ndarray] = (),
                reach: float = 2.0) -> None:
    """Set y-limits from the 2–98% range of the finite values (paths explode at small k).

    ``bands``: interval ends shown too, up to ``reach`` times the values' own range beyond
    it on each side (the widest intervals would otherwise flatten the values).
    """
    v = np.concatenate([np.asarray(a, dtype=float).ravel() for a in values] or [np.zeros(0)])
    v = v[np.isfinite(v)]
    if v.size == 0:
        return
    lo, hi = np.quantile(v, [0.02, 0.98])
    for x in include:
        lo, hi = min(lo, x), max(hi, x)
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    y0, y1 = lo - pad * span, hi + pad * span
    b = np.concatenate([np.asarray(a, dtype=float).ravel() for a in bands] or [np.zeros(0)])
    b = b[np.isfinite(b)]
    if b.size:
        far = reach * (y1 - y0)
        y0, y1 = max(min(y0, float(b.min())), y0 - far), min(max(y1, float(b.max())), y1 + far)
    ax.set_ylim(y0, y1)


def finish(ax: Axes, xlabel: str, ylabel: str, title: str, legend_loc: Any = "best") -> Axes:
    """Labels, title, a light grid and a small legend: the common end of a figure."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small", loc=legend_loc)
    _say_if_too_small(ax)
    return ax


#: matplotlib draws a linear axis whose values are all below this in size over the fixed
#: range [-0.055, 0.055] (its ``nonsingular`` rule: 1e21 times the smallest normal float).
_MPL_TINY = 1e21 * float(np.finfo(float).tiny)


def _say_if_too_small(ax: Axes) -> None:
    """Say so on the figure when its values on a linear axis are too small for matplotlib
    (rewards near 1e-300): the axis would span [-0.055, 0.055] and show them all at 0."""
    lim = getattr(ax, "dataLim", None)
    if getattr(ax, "places_log_ticks", False) or lim is None:  # the report's SVG panels
        return
    small = []
    for which, ends, scale in (("x", lim.intervalx, ax.get_xscale()),
                               ("y", lim.intervaly, ax.get_yscale())):
        size = max((abs(float(e)) for e in ends if np.isfinite(e)), default=0.0)
        if scale == "linear" and 0.0 < size < _MPL_TINY:
            small.append(f"{which} values (at most {size:.2g})")
    if small:
        ax.text(0.5, 0.5, f"{' and '.join(small)} are too small for matplotlib to draw on a "
                "linear axis (below about 2e-287): rescale the rewards (multiply them by a "
                "power of ten) and plot again.", ha="center", va="center", transform=ax.transAxes,
                color=GREY, fontsize="small", wrap=True)


#: matplotlib's linear axis fails on values within a factor of about ten of the float maximum
#: (1.8e308): its margins, tick steps and layout boxes overflow (a ``ValueError`` from
#: ``arange``, an overflow warning, an infinite span). Larger values are drawn in units of
#: their power of ten (see :func:`huge_power`).
_MPL_HUGE = 1e306


def huge_power(*values: Any, at: float = _MPL_HUGE) -> int:
    """The power of ten to divide ``values`` by before matplotlib draws them on a linear axis:
    0 when the largest finite one in size is below ``at`` (about 1e306: drawn as they are),
    else its power of ten (the values are then drawn in units of it, and the axis label says
    ``(×1e+307)``). Rewards near 1e303 have return levels and intervals near the float
    maximum, where matplotlib's tick placement overflows."""
    big = 0.0
    for value in values:
        a = np.abs(np.asarray(value, dtype=float))
        a = a[np.isfinite(a)]
        if a.size:
            big = max(big, float(a.max()))
    return math.floor(math.log10(big)) if big >= at and big > 0 else 0


def power_text(power: int) -> str:
    """``" (×1e+307)"``, the unit of values drawn in units of ``10^power`` (``""`` for 0)."""
    return f" (×1e{power:+d})".replace("-", "−") if power else ""


def tidy_log_axes(ax: Axes) -> None:
    """Plain-number tick labels on log axes: round linear steps over a fraction of a decade
    (under half of one), 1, 2, 5 steps when the axis spans under two decades, powers of ten
    otherwise; no minor ticks (cheaper to draw, easier to read).
    The report's SVG panels place their log ticks by these rules themselves."""
    if getattr(ax, "places_log_ticks", False):
        return
    from matplotlib import ticker

    for axis, lim in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        if axis.get_scale() != "log":
            continue
        lo, hi = sorted(lim)
        # (in logs: hi / lo overflowed for a huge reward drawn in units of its power of ten)
        decades = np.log10(hi) - np.log10(lo) if lo > 0 and hi > 0 else 10.0
        subs = (1.0, 2.0, 5.0) if decades < 2 else (1.0,)
        # a fraction of a decade, or a span that holds fewer than two of the 1, 2, 5 steps:
        # round linear steps, as the report's panels place them (a review: 1 to 1.9 had one
        # labelled tick, '1'; 2.1 to 6.65, '5')
        e0 = math.floor(np.log10(lo)) if lo > 0 else 0
        few = decades < 2 and sum(lo <= m * 10.0 ** e <= hi for e in range(e0, e0 + 3)
                                  for m in subs) < 2
        axis.set_major_locator(ticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])
                               if decades < 0.5 or few else
                               ticker.LogLocator(base=10.0, subs=subs,
                                                 numticks=6 if decades > 12 else 12))
        axis.set_minor_locator(ticker.NullLocator())
        # powers of ten as such past a dozen decades: plain numbers of 10^k computed in floats
        # read "9.9999e-308", overlapping (a review: groups 300 decades apart)
        axis.set_major_formatter(ticker.LogFormatterSciNotation() if decades > 12
                                 else _tick_labels()())


@functools.cache
def _tick_labels() -> Any:
    """The class of :func:`_tick_label`'s formatter (matplotlib imported when first drawn)."""
    from matplotlib import ticker

    class TickLabels(ticker.Formatter):  # type: ignore[misc]
        def __call__(self, x: float, pos: int | None = None) -> str:
            return _tick_label(x, (x,))

        def format_ticks(self, values: Any) -> list[str]:
            return [_tick_label(t, values) for t in values]

    return TickLabels


def _tick_label(v: float, locs: Sequence[float]) -> str:
    """``%g`` with as many significant digits as tell the ticks ``locs`` apart (a review: at
    1e6 + N(0, 1) three ticks read "1e+06", at 1e12 all six)."""
    shown = {t for t in locs if math.isfinite(t)}
    digits = next((d for d in range(6, 18) if len({f"{t:.{d}g}" for t in shown}) == len(shown)),
                  17)
    return f"{v:.{digits}g}".replace("-", "−")


def level_text(value: float, spread: float | None = None) -> str:
    """A level (a threshold, a shift) for a label: 4 significant digits, or enough that a
    hundredth of ``spread`` (the range of the values it stands among) shows -- scores near
    10^8 spread by 0.1 read ``1e+08`` for a threshold the tables give as 100000000.936 -- with
    a typographic minus."""
    return significant(value, 4, spread)


def minus_text(quantity: str, shift: float, spread: float | None = None) -> str:
    """``"reward − 1.5"``, or ``"reward + 49.39"`` for a negative shift (never ``− −``)."""
    sign = "+" if float(shift) < 0 else "−"
    return f"{quantity} {sign} {level_text(abs(float(shift)), spread)}"


def literal(text: Any) -> str:
    """``text`` as matplotlib draws it literally: a ``$`` escaped, so that names such as
    ``"cost $5 vs $10"`` are not read as mathtext (altered, or a parse error that stops the
    whole figure), and control and bidi-override characters shown as escapes
    (:func:`tailstat._display.visible`), as the report shows them (a review: a name holding
    U+202E drew 'evil' reversed on the overview's axis)."""
    from tailstat._display import visible

    return visible(str(text)).replace("$", r"\$")


def note(ax: Axes, text: str) -> None:
    """Write a centred grey message on an empty Axes (e.g. "not available")."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color=GREY,
            fontsize="medium", wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
