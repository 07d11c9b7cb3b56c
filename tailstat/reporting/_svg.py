"""SVG panels for the report: :class:`SvgAxes` takes the part of matplotlib's ``Axes``
interface that the figure functions of :mod:`tailstat.plot` draw with, and :class:`SvgFigure`
writes what they drew as one SVG document.

The report used to draw its panels with matplotlib on Agg canvases. A group's figure of nine
panels took about half a second there, most of it in matplotlib's per-artist machinery (tick
objects, text layout, the legend's placement), and the figures were most of the time of a
report. Written as SVG text from a few numpy arrays, the same panel takes about a millisecond,
and the browser draws it sharp at any zoom. The panels stay those of :mod:`tailstat.plot`: the
same functions choose what is drawn (points, paths, bands, reference lines, limits, labels,
legends), so a notebook's figure and the report's figure show the same things; only the
drawing differs (tick placement, legend placement and text metrics are this module's own).

The calls understood are those :mod:`tailstat.plot`'s report panels make (``plot``,
``loglog``, ``scatter``, ``fill_between``, ``errorbar``, ``hist``, ``barh``, ``axhline``,
``axvline``, ``axvspan``, ``text``, ``annotate``, scales linear / log / symlog, limits,
labels, titles, ticks, grid, legend); anything else raises ``AttributeError``, so a new
drawing call in :mod:`tailstat.plot` fails the report's tests rather than drawing nothing.

Text reaches the SVG escaped (``&``, ``<``, ``>``, quotes) with the characters an XML document
may not hold, and the bidirectional controls, shown as ``�``: a figure can never carry markup
from the data or fail to parse.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from tailstat.reporting import _svg_scale as sc
from tailstat.reporting._svg_write import (
    _SIZES,
    AXES,
    BASE_PT,
    LABEL_PT,
    TICK_PT,
    TITLE_PT,
    XAXIS,
    _Artist,
    write_axes,
    xml_text,
)

__all__ = ["AXES", "LABEL_PT", "TICK_PT", "SvgAxes", "SvgFigure", "xml_text"]


def _pt_size(size: Any, base: float = BASE_PT) -> float:
    if size is None:
        return base
    if isinstance(size, str):
        return BASE_PT * _SIZES.get(size, 1.0)
    return float(size)


def _parse_fmt(fmt: str | None) -> tuple[str | None, str | None]:
    """(line style, marker) of a matplotlib format string such as ``"o-"`` or ``"--"``."""
    if not fmt:
        return "-", None
    style = next((s for s in ("--", "-.", ":", "-") if s in fmt), None)
    rest = fmt.replace(style, "", 1) if style else fmt  # the "." of "-." is not a marker
    marker = next((m for m in "o.s" if m in rest), None)
    if marker is None and style is None:
        style = "-"
    return style, marker


class _Tick:
    def __init__(self, text: str) -> None:
        self.text, self.weight = text, "normal"

    def set_fontweight(self, weight: str) -> None:
        self.weight = weight


class _Axis:
    """An axis' scale and ticks (placed by :mod:`tailstat.reporting._svg_scale`)."""

    def __init__(self) -> None:
        self.scale, self.linthresh = "linear", 1.0
        self.ticks: list[float] | None = None  # set explicitly (None: automatic)
        self.labels: list[_Tick] | None = None

    def get_scale(self) -> str:
        return self.scale


class _DataLim:
    def __init__(self, x: tuple[float, float], y: tuple[float, float]) -> None:
        self.x0, self.x1 = x
        self.y0, self.y1 = y


class SvgAxes:
    """One panel: records the drawing calls of :mod:`tailstat.plot`, written by
    :meth:`svg` into the box ``(left, top, width, height)`` (pixels) of ``figure``."""

    transAxes = AXES  # noqa: N815 - matplotlib's name
    #: Log-axis ticks are placed by this module's rules (:mod:`tailstat.reporting._svg_scale`),
    #: those :func:`tailstat.plot._style.tidy_log_axes` asks of matplotlib.
    places_log_ticks = True

    def __init__(self, figure: SvgFigure, box: tuple[float, float, float, float]) -> None:
        self.figure, self.box = figure, box
        self.xaxis, self.yaxis = _Axis(), _Axis()
        self.artists: list[_Artist] = []
        self.lims: dict[str, list[float | None]] = {"x": [None, None], "y": [None, None]}
        self.labels = {"x": "", "y": ""}
        self.titles = {"left": "", "center": "", "right": ""}
        self.title_pt = TITLE_PT
        self.grid_axes: str | None = None
        self.legend_: dict[str, Any] | None = None
        self.frame_on = True  # the left and bottom spines

    # ---- artists --------------------------------------------------------------------------
    def _add(self, kind: str, x: Any, y: Any, style: dict[str, Any], label: Any = None,
             **kw: Any) -> None:
        self.artists.append(_Artist(kind, np.asarray(x, dtype=float).ravel(),
                                    np.asarray(y, dtype=float).ravel(), style,
                                    None if label is None else str(label), **kw))

    def plot(self, x: Any, y: Any, fmt: str | None = None, *, color: str = "#1f77b4",
             lw: float = 1.5, ls: str | None = None, marker: str | None = None,
             ms: float = 6.0, alpha: float = 1.0, label: Any = None, zorder: float = 2,
             scalex: bool = True, scaley: bool = True, **_: Any) -> None:
        style, mk = _parse_fmt(fmt)
        if fmt is None and marker is not None:
            mk = marker
        if ls is not None:
            style = ls
        # scalex / scaley as matplotlib's: a line kept out of the autoscaling (a review: the
        # heavy frontier drawn to the top raised the top by another margin)
        self._add("line", x, y, {"color": color, "lw": lw, "ls": style, "marker": mk,
                                 "ms": ms, "alpha": alpha, "z": zorder}, label,
                  scale_x=scalex, scale_y=scaley)

    def loglog(self, x: Any, y: Any, fmt: str | None = None, **kw: Any) -> None:
        self.xaxis.scale = self.yaxis.scale = "log"
        self.plot(x, y, fmt, **kw)

    def scatter(self, x: Any, y: Any, *, color: str = "#1f77b4", s: float = 36.0,
                zorder: float = 1, label: Any = None, **_: Any) -> None:
        self._add("line", x, y, {"color": color, "lw": 0, "ls": None, "marker": "o",
                                 "ms": math.sqrt(s), "alpha": 1.0, "z": zorder}, label)

    def fill_between(self, x: Any, y1: Any, y2: Any = 0.0, *, color: str = "#1f77b4",
                     alpha: float = 1.0, label: Any = None, **_: Any) -> None:
        x = np.asarray(x, dtype=float).ravel()
        lo = np.broadcast_to(np.asarray(y1, dtype=float), x.shape)
        hi = np.broadcast_to(np.asarray(y2, dtype=float), x.shape)
        self._add("band", np.r_[x, x], np.r_[lo, hi], {"color": color, "alpha": alpha, "z": 1},
                  label)

    def errorbar(self, x: Any, y: Any, yerr: Any, *, ecolor: str = "#1f77b4",
                 capsize: float = 0.0, label: Any = None, **_: Any) -> None:
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        err = np.broadcast_to(np.asarray(yerr, dtype=float), (2, x.shape[0]))
        self._add("errorbar", np.r_[x, x], np.r_[y - err[0], y + err[1]],
                  {"color": ecolor, "cap": capsize, "z": 2}, label)  # (a review: its label
        # was dropped, so an interval drawn as bars was missing from the legend)

    def hist(self, data: Any, bins: int = 10, *, density: bool = False, color: str = "#1f77b4",
             alpha: float = 1.0, label: Any = None, range: Any = None, weights: Any = None,
             **_: Any) -> tuple[np.ndarray, np.ndarray, None]:
        heights, edges = np.histogram(np.asarray(data, dtype=float), bins=bins, range=range,
                                      density=density, weights=weights)
        self._add("bars", np.r_[edges[:-1], edges[1:]], np.r_[np.zeros_like(heights), heights],
                  {"color": color, "alpha": alpha, "z": 1, "horizontal": False}, label)
        return heights, edges, None  # matplotlib's (heights, edges, patches), patches aside

    def barh(self, y: Any, width: Any, *, color: Any = "#1f77b4", height: float = 0.8,
             **_: Any) -> None:
        y, w = np.asarray(y, dtype=float), np.asarray(width, dtype=float)
        colors = [color] * y.shape[0] if isinstance(color, str) else list(color)
        self._add("bars", np.r_[np.zeros_like(w), w], np.r_[y - height / 2, y + height / 2],
                  {"color": colors, "alpha": 1.0, "z": 1, "horizontal": True})

    def axhline(self, y: float, *, color: str = "black", lw: float = 1.5, ls: str = "-",
                label: Any = None, **_: Any) -> None:
        self._add("hline", [math.nan], [y], {"color": color, "lw": lw, "ls": ls, "z": 2},
                  label, scale_x=False)

    def axvline(self, x: float, *, color: str = "black", lw: float = 1.5, ls: str = "-",
                label: Any = None, **_: Any) -> None:
        self._add("vline", [x], [math.nan], {"color": color, "lw": lw, "ls": ls, "z": 2},
                  label, scale_y=False)

    def axvspan(self, x0: float, x1: float, *, color: str = "#1f77b4", alpha: float = 1.0,
                label: Any = None, **_: Any) -> None:
        self._add("span", [x0, x1], [math.nan, math.nan],
                  {"color": color, "alpha": alpha, "z": 1}, label, scale_y=False)

    def text(self, x: float, y: float, s: Any, *, ha: str = "left", va: str = "baseline",
             fontsize: Any = None, color: str = "black", fontweight: str = "normal",
             transform: str | None = None, **_: Any) -> None:
        self._text(x, y, s, ha=ha, va=va, fontsize=fontsize, color=color,
                   weight=fontweight, coords=transform or "data")

    def _text(self, x: float, y: float, s: Any, *, ha: str, va: str, fontsize: Any,
              color: str, weight: str, coords: str,
              offset: tuple[float, float] | None = None) -> None:
        """A text at (x, y) in ``coords`` (data, axes fractions, or x data and y axes),
        moved by ``offset`` points; it takes no part in autoscaling."""
        extra: dict[str, Any] = {"coords": coords}
        if offset is not None:
            extra["offset"] = offset
        self._add("text", [x], [y], {"text": str(s), "ha": ha, "va": va,
                                     "pt": _pt_size(fontsize), "color": color,
                                     "weight": weight, "z": 3},
                  scale_x=False, scale_y=False, extra=extra)

    def annotate(self, s: Any, xy: tuple[float, float], xycoords: Any = "data",
                 xytext: tuple[float, float] = (0.0, 0.0), textcoords: str = "offset points",
                 *, fontsize: Any = None, color: str = "black", **_: Any) -> None:
        coords = (xycoords, xycoords) if isinstance(xycoords, str) else tuple(xycoords)
        if textcoords != "offset points" or any(c not in ("data", "axes fraction")
                                                for c in coords):
            raise AttributeError(f"annotate with {xycoords!r} / {textcoords!r} is not drawn "
                                 "in SVG")
        self._text(xy[0], xy[1], s, ha="left", va="baseline", fontsize=fontsize, color=color,
                   weight="normal", offset=xytext,
                   coords=(XAXIS if coords == ("data", "axes fraction") else
                           AXES if coords[0] == "axes fraction" else "data"))

    def get_xaxis_transform(self) -> str:
        return XAXIS

    # ---- scales, limits, labels -------------------------------------------------------------
    def set_xscale(self, scale: str, **kw: Any) -> None:
        self.xaxis.scale, self.xaxis.linthresh = scale, float(kw.get("linthresh", 1.0))

    def set_yscale(self, scale: str, **kw: Any) -> None:
        self.yaxis.scale, self.yaxis.linthresh = scale, float(kw.get("linthresh", 1.0))

    def _set_lim(self, which: str, lo: Any, hi: Any) -> None:
        if isinstance(lo, Sequence) and not isinstance(lo, str):
            lo, hi = lo
        cur = self.lims[which]
        self.lims[which] = [cur[0] if lo is None else float(lo),
                            cur[1] if hi is None else float(hi)]

    def set_xlim(self, left: Any = None, right: Any = None) -> None:
        self._set_lim("x", left, right)

    def set_ylim(self, bottom: Any = None, top: Any = None) -> None:
        self._set_lim("y", bottom, top)

    def get_xlim(self) -> tuple[float, float]:
        return self.limits("x")

    def get_ylim(self) -> tuple[float, float]:
        return self.limits("y")

    @property
    def dataLim(self) -> _DataLim:  # noqa: N802 - matplotlib's name
        return _DataLim(self._data_range("x"), self._data_range("y"))

    def set_xlabel(self, text: Any) -> None:
        self.labels["x"] = str(text)

    def set_ylabel(self, text: Any) -> None:
        self.labels["y"] = str(text)

    def set_title(self, text: Any, loc: str = "center", fontsize: Any = None) -> None:
        self.titles[loc] = str(text)
        if fontsize is not None:
            self.title_pt = _pt_size(fontsize)

    def get_title(self, loc: str = "center") -> str:
        return self.titles[loc]

    def grid(self, visible: bool = True, which: str = "major", axis: str = "both",
             **_: Any) -> None:
        self.grid_axes = axis if visible else None

    def legend(self, *, fontsize: Any = "small", loc: str = "best", bbox_to_anchor: Any = None,
               frameon: bool = True, **_: Any) -> None:
        self.legend_ = {"pt": _pt_size(fontsize), "loc": loc, "anchor": bbox_to_anchor,
                        "frame": frameon}

    def set_xticks(self, ticks: Any) -> None:
        self.xaxis.ticks = [float(t) for t in ticks]

    def set_yticks(self, ticks: Any) -> None:
        self.yaxis.ticks = [float(t) for t in ticks]

    def set_yticklabels(self, labels: Any) -> None:
        self.yaxis.labels = [_Tick(str(t)) for t in labels]

    def get_yticklabels(self) -> list[_Tick]:
        return list(self.yaxis.labels or [])

    # ---- geometry ---------------------------------------------------------------------------
    def _axis(self, which: str) -> _Axis:
        return self.xaxis if which == "x" else self.yaxis

    def _data_range(self, which: str) -> tuple[float, float]:
        """The range of the data (of what takes part in autoscaling) on one axis, in data
        units; values a log axis cannot show are left out."""
        axis = self._axis(which)
        parts = [a.x if which == "x" else a.y for a in self.artists
                 if (a.scale_x if which == "x" else a.scale_y)]
        v = np.concatenate(parts) if parts else np.zeros(0)
        with np.errstate(invalid="ignore"):
            v = v[np.isfinite(v) & ((v > 0) if axis.scale == "log" else True)]
        if v.size == 0:
            return (math.nan, math.nan)
        return float(v.min()), float(v.max())

    def limits(self, which: str) -> tuple[float, float]:
        """The axis' limits: those set, else the data's range with matplotlib's margins (5%
        of the span, in the axis' scale; none below the bars of a histogram or bar chart)."""
        axis = self._axis(which)
        lo_set, hi_set = self.lims[which]
        if lo_set is not None and hi_set is not None:
            return lo_set, hi_set
        lo, hi = self._data_range(which)
        sticky = any(a.kind == "bars" and (a.style["horizontal"] == (which == "x"))
                     for a in self.artists)
        lo, hi = sc.autoscale(lo, hi, axis.scale, axis.linthresh, sticky_zero=sticky)
        return (lo if lo_set is None else lo_set), (hi if hi_set is None else hi_set)

    def drawable(self) -> bool:
        """Whether the limits are finite and map to finite positions (rewards near the float
        maximum overflow the spans of an axis)."""
        with np.errstate(all="ignore"):
            for which in ("x", "y"):
                axis = self._axis(which)
                lo, hi = self.limits(which)
                t = sc.forward(np.array([lo, hi]), axis.scale, axis.linthresh)
                if not (np.all(np.isfinite(t)) and np.isfinite(t[1] - t[0])):
                    return False
                try:  # the ticks and their labels can be placed
                    pos = sc.ticks(lo, hi, axis.scale, 300.0, axis.linthresh)
                    sc.tick_labels(pos, axis.scale)
                except (OverflowError, ValueError, ZeroDivisionError):
                    return False
        return True

    def blank(self, message: str) -> None:
        """Replace what was drawn with a centred grey ``message``."""
        self.artists, self.legend_, self.grid_axes = [], None, None
        self.xaxis, self.yaxis = _Axis(), _Axis()
        self.set_xlim(0.0, 1.0)
        self.set_ylim(0.0, 1.0)
        self.set_xticks([])
        self.set_yticks([])
        self.labels = {"x": "", "y": ""}
        self.frame_on = False
        self.text(0.5, 0.5, message, ha="center", va="center", transform=AXES,
                  fontsize="small", color="#555555")

    def svg(self) -> str:
        """The panel's SVG elements."""
        return write_axes(self)


class SvgFigure:
    """A figure of ``width`` x ``height`` pixels at ``dpi`` (points are ``dpi / 72`` px)."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        self.width, self.height, self.dpi = width, height, dpi
        self.axes: list[SvgAxes] = []

    def px(self, points: float) -> float:
        """``points`` in pixels."""
        return points * self.dpi / 72.0

    def add_axes(self, box: tuple[float, float, float, float]) -> SvgAxes:
        """A new panel in the pixel box ``(left, top, width, height)``."""
        ax = SvgAxes(self, box)
        self.axes.append(ax)
        return ax

    def to_svg(self, extra: str = "") -> str:
        """The whole figure as an SVG document (``extra``: SVG elements drawn last)."""
        w, h = round(self.width), round(self.height)
        body = "".join(f'<g id="p{i}">{ax.svg()}</g>' for i, ax in enumerate(self.axes)) + extra
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
                f'viewBox="0 0 {w} {h}" font-family="DejaVu Sans, Verdana, Arial, sans-serif">'
                f'<rect width="100%" height="100%" fill="white"/>{body}</svg>')
