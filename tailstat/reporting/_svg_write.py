"""Write what an :class:`~tailstat.reporting._svg.SvgAxes` recorded as SVG elements: the
data (clipped to the panel), grid, spines, ticks and their labels, axis labels, titles and the
legend.

Points (markers) that fall on the same half pixel are written once, and a line's vertex that
repeats the previous one to a tenth of a pixel is dropped: what the page shows is unchanged,
and a panel of 2000 points stays a few kilobytes.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tailstat.reporting import _svg_scale as sc

__all__ = ["AXES", "XAXIS", "text_svg", "text_width", "write_axes", "xml_text"]

#: Transform of text placed in axes fractions (``ax.transAxes``).
AXES = "axes"
#: Transform of text placed at an x in data units and a y in axes fractions.
XAXIS = "xaxis"

#: matplotlib's relative font sizes (of ``font.size``).
_SIZES = {"xx-small": 0.579, "x-small": 0.694, "small": 0.833, "medium": 1.0,
          "large": 1.2, "x-large": 1.44}
#: Point sizes of the report's text (its matplotlib style, for the same look).
BASE_PT, TITLE_PT, LABEL_PT, TICK_PT = 10.0, 10.5, 9.5, 8.5
_DASHES = {"-": None, "--": (3.7, 1.6), ":": (1.0, 1.65), "-.": (6.4, 1.6, 1.0, 1.6)}
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                        "\ufffe\uffff\ud800-\udfff]")


def xml_text(text: Any) -> str:
    """``text`` as SVG character data: escaped, with characters XML forbids and bidi
    controls replaced by U+FFFD."""
    return html.escape(_BAD_CHARS.sub("\ufffd", str(text)), quote=True)


@dataclass
class _Artist:
    """One drawn thing: its kind, data (x, y, and more), style, label and layering."""

    kind: str  # line, band, bars, span, hline, vline, text, errorbar
    x: np.ndarray
    y: np.ndarray
    style: dict[str, Any]
    label: str | None = None
    scale_x: bool = True  # whether x and y take part in autoscaling
    scale_y: bool = True
    extra: dict[str, Any] = field(default_factory=dict)



GRID = 'stroke="#b0b0b0" stroke-opacity="0.3"'
#: Advance widths of the printable ASCII characters (space to ``~``), in ems, of DejaVu Sans
#: (the figures' first font; Verdana's are close): for placing text, never drawn.
_ASCII_EM = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838,
    0.318, 0.361, 0.318, 0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636,
    0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531, 1, 0.684, 0.686, 0.698,
    0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
    0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39,
    0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635,
    0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521,
    0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
)
#: Advance of other characters, in ems: wide (CJK, full-width) and the rest.
WIDE_EM, OTHER_EM = 1.0, 0.65
TICK_LEN = 3.5  # points
#: Legend positions tried by loc="best", in matplotlib's order.
_BEST = ("upper right", "upper left", "lower left", "lower right", "right", "center left",
         "center right", "lower center", "upper center", "center")


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".") if math.isfinite(v) else "0"


def _pairs(x: np.ndarray, y: np.ndarray) -> str:
    """``"x y x y ..."`` of finite pixel positions, to a tenth of a pixel."""
    return " ".join(map(str, np.column_stack([x, y]).round(1).ravel().tolist()))


def text_width(text: str, px: float) -> float:
    """Estimated width in pixels of ``text`` (its longest line) at font size ``px``, from
    the advance widths of its characters."""
    return max((sum(_em(ch) for ch in line) for line in text.split("\n")), default=0.0) * px


def _em(ch: str) -> float:
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_EM[code - 32]
    if ch in _WIDE_SIGNS:
        return _WIDE_SIGNS[ch]
    return WIDE_EM if unicodedata.east_asian_width(ch) in ("W", "F") else OTHER_EM


#: Signs wider than OTHER_EM in DejaVu Sans (a review: the minus of tick labels, 0.838 em,
#: was counted 0.65, and a rotated "ξ" label nearly touched "−0.5").
_WIDE_SIGNS = {"\u2212": 0.838, "\u00d7": 0.838, "\u2264": 0.838, "\u2265": 0.838}


class _Frame:
    """The mapping of one panel's data to pixels."""

    def __init__(self, ax: Any) -> None:
        self.ax = ax
        self.left, self.top, self.width, self.height = ax.box
        self.xlim, self.ylim = ax.limits("x"), ax.limits("y")
        xa, ya = ax.xaxis, ax.yaxis
        with np.errstate(all="ignore"):
            self.tx = sc.forward(np.array(self.xlim), xa.scale, xa.linthresh)
            self.ty = sc.forward(np.array(self.ylim), ya.scale, ya.linthresh)

    def x(self, v: Any) -> np.ndarray:
        return self.left + _fraction(v, self.ax.xaxis, self.tx) * self.width

    def y(self, v: Any) -> np.ndarray:
        return self.top + (1.0 - _fraction(v, self.ax.yaxis, self.ty)) * self.height

    def point(self, a: _Artist, x: float, y: float) -> tuple[float, float]:
        coords = a.extra.get("coords", "data")
        px = (self.left + x * self.width if coords == AXES else float(self.x(x)))
        py = (float(self.y(y)) if coords == "data" else self.top + (1 - y) * self.height)
        off = a.extra.get("offset")
        if off is not None:
            px, py = px + self.ax.figure.px(off[0]), py - self.ax.figure.px(off[1])
        return px, py


def _fraction(v: Any, axis: Any, t: np.ndarray) -> np.ndarray:
    """Where data values ``v`` fall between the axis' limits (``t``: in its scale's space),
    as fractions (0 at the lower limit, 1 at the upper; NaN where the scale cannot show
    them)."""
    with np.errstate(all="ignore"):
        return (sc.forward(np.asarray(v, dtype=float), axis.scale, axis.linthresh) - t[0]) \
            / (t[1] - t[0])


def _runs(ok: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of the runs of True in ``ok``."""
    d = np.diff(np.r_[0, ok.astype(np.int8), 0])
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(),
                    strict=True))


def _polyline(px: np.ndarray, py: np.ndarray) -> str:
    """Path data of a line, broken where a position is not finite."""
    ok = np.isfinite(px) & np.isfinite(py)
    out = []
    for a, b in _runs(ok):
        xy = np.column_stack([px[a:b], py[a:b]]).round(1)
        keep = np.ones(xy.shape[0], dtype=bool)
        keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)  # a vertex repeating the previous one
        out.append("M" + _pairs(xy[keep, 0], xy[keep, 1]))
    return "".join(out)


def _markers(px: np.ndarray, py: np.ndarray) -> str:
    """Path data of zero-length strokes (dots with round caps), one per half pixel."""
    ok = np.isfinite(px) & np.isfinite(py)
    if not ok.any():
        return ""
    cells = np.unique(np.round(np.column_stack([px[ok], py[ok]]) * 2.0), axis=0) / 2.0
    return "M" + "h0M".join(map(" ".join, np.char.mod("%g", cells.round(1)).tolist())) + "h0"


def _dash(style: str | None, lw_px: float) -> str:
    pattern = _DASHES.get(style or "-")
    if not pattern:
        return ""
    return ' stroke-dasharray="' + ",".join(_f(p * lw_px) for p in pattern) + '"'


def _line(f: _Frame, a: _Artist) -> str:
    s, fig = a.style, f.ax.figure
    px, py = f.x(a.x), f.y(a.y)
    out = ""
    color, alpha = s["color"], s.get("alpha", 1.0)
    op = f' stroke-opacity="{alpha:g}"' if alpha < 1 else ""
    if s.get("ls") and s["lw"] > 0 and px.shape[0] > 1:
        lw = fig.px(s["lw"])
        out += (f'<path d="{_polyline(px, py)}" fill="none" stroke="{color}" '
                f'stroke-width="{_f(lw)}"{_dash(s["ls"], lw)}{op} stroke-linejoin="round"/>')
    if s.get("marker"):
        out += f'<path d="{_markers(px, py)}" stroke="{color}"{_marker_stroke(fig, s)}{op}/>'
    return out


def _marker_stroke(fig: Any, style: dict[str, Any]) -> str:
    """The stroke attributes that draw a marker as a zero-length stroke: its width (the
    marker's size, a "." half of it, plus matplotlib's 1 pt edge) and cap (square for "s")."""
    ms = style["ms"] * (0.5 if style["marker"] == "." else 1.0) + 1.0
    cap = "square" if style["marker"] == "s" else "round"
    return f' stroke-width="{_f(fig.px(ms))}" stroke-linecap="{cap}"'


def _band(f: _Frame, a: _Artist) -> str:
    n = a.x.shape[0] // 2
    px, lo, hi = f.x(a.x[:n]), f.y(a.y[:n]), f.y(a.y[n:])
    ok = np.isfinite(px) & np.isfinite(lo) & np.isfinite(hi)
    d = ""
    for s, e in _runs(ok):
        xs = np.r_[px[s:e], px[s:e][::-1]]
        ys = np.r_[lo[s:e], hi[s:e][::-1]]
        d += "M" + _pairs(xs, ys) + "Z"
    return (f'<path d="{d}" fill="{a.style["color"]}" fill-opacity="{a.style["alpha"]:g}"/>'
            if d else "")


def _bars(f: _Frame, a: _Artist) -> str:
    n = a.x.shape[0] // 2
    x0, x1, y0, y1 = f.x(a.x[:n]), f.x(a.x[n:]), f.y(a.y[:n]), f.y(a.y[n:])
    colors = a.style["color"] if isinstance(a.style["color"], list) else [a.style["color"]] * n
    op = a.style["alpha"]
    out = []
    for i in range(n):
        vals = (x0[i], x1[i], y0[i], y1[i])
        if not all(np.isfinite(vals)):
            continue
        out.append(f'<path d="M{_f(x0[i])} {_f(y0[i])}H{_f(x1[i])}V{_f(y1[i])}H{_f(x0[i])}Z" '
                   f'fill="{colors[i]}"' + (f' fill-opacity="{op:g}"/>' if op < 1 else "/>"))
    return "".join(out)


def _rule(f: _Frame, a: _Artist) -> str:
    s, fig = a.style, f.ax.figure
    lw = fig.px(s["lw"])
    at = float(f.y(a.y[0]) if a.kind == "hline" else f.x(a.x[0]))
    if not math.isfinite(at):  # e.g. x = 0 on a log axis: nothing to draw
        return ""
    d = (f"M{_f(f.left)} {_f(at)}H{_f(f.left + f.width)}" if a.kind == "hline"
         else f"M{_f(at)} {_f(f.top)}V{_f(f.top + f.height)}")
    return f'<path d="{d}" stroke="{s["color"]}" stroke-width="{_f(lw)}"{_dash(s["ls"], lw)}/>'


def _span(f: _Frame, a: _Artist) -> str:
    x0, x1 = (float(v) for v in f.x(a.x))
    if not (math.isfinite(x0) and math.isfinite(x1)):
        return ""
    return (f'<rect x="{_f(min(x0, x1))}" y="{_f(f.top)}" width="{_f(abs(x1 - x0))}" '
            f'height="{_f(f.height)}" fill="{a.style["color"]}" '
            f'fill-opacity="{a.style["alpha"]:g}"/>')


def _errorbar(f: _Frame, a: _Artist) -> str:
    n = a.x.shape[0] // 2
    px, lo, hi = f.x(a.x[:n]), f.y(a.y[:n]), f.y(a.y[n:])
    cap = f.ax.figure.px(a.style["cap"])
    d = "".join(f"M{_f(x)} {_f(y0)}V{_f(y1)}M{_f(x - cap)} {_f(y0)}h{_f(2 * cap)}"
                f"M{_f(x - cap)} {_f(y1)}h{_f(2 * cap)}"
                for x, y0, y1 in zip(px, lo, hi, strict=True)
                if np.isfinite(x) and np.isfinite(y0) and np.isfinite(y1))
    return f'<path d="{d}" stroke="{a.style["color"]}" stroke-width="1.3"/>' if d else ""


def text_svg(x: float, y: float, text: str, px: float, *, ha: str = "left",
             va: str = "baseline", color: str = "black", weight: str = "normal",
             rotate: bool = False, italic: bool = False) -> str:
    """A (multi-line) text element: ``ha`` / ``va`` as matplotlib's, at ``px`` pixels."""
    lines = text.split("\n")
    lh = 1.2 * px
    block = len(lines) * lh
    top = {"center": y - block / 2, "center_baseline": y - block / 2, "bottom": y - block,
           "top": y}.get(va)
    first = y if top is None else top + 0.93 * px
    anchor = {"center": "middle", "right": "end"}.get(ha, "start")
    attrs = (f'font-size="{_f(px)}" fill="{color}"'
             + (' font-weight="bold"' if weight == "bold" else "")
             + (' font-style="italic"' if italic else "")
             + (f' text-anchor="{anchor}"' if anchor != "start" else ""))
    if rotate:
        attrs += f' transform="rotate(-90 {_f(x)} {_f(y)})"'
        first = y - block / 2 + 0.93 * px if va == "center" else first
    if len(lines) == 1:
        return f'<text x="{_f(x)}" y="{_f(first)}" {attrs}>{xml_text(text)}</text>'
    spans = "".join(f'<tspan x="{_f(x)}" dy="{_f(0 if i == 0 else lh)}">{xml_text(s)}</tspan>'
                    for i, s in enumerate(lines))
    return f'<text x="{_f(x)}" y="{_f(first)}" {attrs}>{spans}</text>'


def _text(f: _Frame, a: _Artist) -> str:
    s = a.style
    x, y = f.point(a, float(a.x[0]), float(a.y[0]))
    if not (math.isfinite(x) and math.isfinite(y)):
        return ""
    return text_svg(x, y, s["text"], f.ax.figure.px(s["pt"]), ha=s["ha"], va=s["va"],
                    color=s["color"], weight=s["weight"])


_DRAW = {"line": _line, "band": _band, "bars": _bars, "hline": _rule, "vline": _rule,
         "span": _span, "errorbar": _errorbar, "text": _text}


@dataclass
class _Ticks:
    """One axis' ticks: positions (data units), labels, label weights and offset text."""

    pos: list[float]
    labels: list[str]
    weights: list[str]
    offset: str = ""


def _axis_ticks(f: _Frame, which: str) -> _Ticks:
    """The ticks of one axis. On an x axis, as many as their labels leave room for (side by
    side, a label needs its width and a gap); on a y axis, about one per 36 px (28 px on a
    log axis)."""
    ax = f.ax
    axis = ax.xaxis if which == "x" else ax.yaxis
    lo, hi = f.xlim if which == "x" else f.ylim
    if axis.ticks is not None:
        pos = list(axis.ticks)
        given = axis.labels is not None and len(axis.labels) == len(pos)
        labels = [t.text for t in axis.labels] if given else sc.tick_labels(pos, axis.scale)[0]
        weights = [t.weight for t in axis.labels] if given else ["normal"] * len(pos)
        return _Ticks(pos, labels, weights)
    length = f.width if which == "x" else f.height
    px = f.ax.figure.px(TICK_PT)
    out = _Ticks([], [], [])
    for shrink in ((1.0, 0.75, 0.5, 0.35, 0.25, 0.15) if which == "x" else (1.0,)):
        pos = sc.ticks(lo, hi, axis.scale, length * shrink, axis.linthresh,
                       gap=28.0 / shrink)
        labels, offset = sc.tick_labels(pos, axis.scale)
        out = _Ticks(pos, labels, ["normal"] * len(pos), offset)
        if which == "y" or sum(text_width(s, px) + 0.8 * px for s in labels) <= length:
            break
    return out


def write_axes(ax: Any) -> str:
    """The SVG of one panel."""
    f = _Frame(ax)
    fig = ax.figure
    L, T, W, H = f.left, f.top, f.width, f.height
    cid = f"c{fig.axes.index(ax)}"
    out = [f'<clipPath id="{cid}"><rect x="{_f(L)}" y="{_f(T)}" width="{_f(W)}" '
           f'height="{_f(H)}"/></clipPath>']
    xt, yt = _axis_ticks(f, "x"), _axis_ticks(f, "y")
    xp = [float(v) for v in f.x(xt.pos)]
    yp = [float(v) for v in f.y(yt.pos)]
    lw = _f(fig.px(0.8))
    if ax.grid_axes in ("both", "x"):
        out.append(f'<path d="{"".join(f"M{_f(x)} {_f(T)}V{_f(T + H)}" for x in xp)}" '
                   f'{GRID} stroke-width="{lw}"/>')
    if ax.grid_axes in ("both", "y"):
        out.append(f'<path d="{"".join(f"M{_f(L)} {_f(y)}H{_f(L + W)}" for y in yp)}" '
                   f'{GRID} stroke-width="{lw}"/>')
    data = [a for a in sorted(ax.artists, key=lambda a: a.style.get("z", 2)) if a.kind != "text"]
    out.append(f'<g clip-path="url(#{cid})">' + "".join(_DRAW[a.kind](f, a) for a in data)
               + "</g>")
    # spines, ticks, tick labels
    tl = fig.px(TICK_LEN)
    if ax.frame_on:
        out.append(f'<path d="M{_f(L)} {_f(T)}V{_f(T + H)}H{_f(L + W)}" fill="none" '
                   f'stroke="black" stroke-width="{lw}"/>')
    marks = "".join(f"M{_f(x)} {_f(T + H)}v{_f(tl)}" for x in xp) + \
        "".join(f"M{_f(L)} {_f(y)}h{_f(-tl)}" for y in yp)
    if marks:
        out.append(f'<path d="{marks}" stroke="black" stroke-width="{lw}"/>')
    tpx = fig.px(TICK_PT)
    row = T + H + tl + fig.px(3.5)  # top of the x tick labels
    for x, lab in zip(xp, xt.labels, strict=True):
        out.append(text_svg(x, row, lab, tpx, ha="center", va="top"))
    for y, lab, w in zip(yp, yt.labels, yt.weights, strict=True):
        out.append(text_svg(L - tl - fig.px(3.5), y, lab, tpx, ha="right", va="center",
                            weight=w))
    below = row + (1.2 * tpx if xp else 0)
    if xt.offset:  # right-aligned under the tick labels; the axis label goes below it
        out.append(text_svg(L + W, below, xt.offset, tpx, ha="right", va="top"))
        below += 1.2 * tpx
    if yt.offset and not ax.labels["y"]:  # above the top of the axis, left of the panel
        out.append(text_svg(L, T - fig.px(2), yt.offset, tpx, ha="right", va="bottom"))
    lpx = fig.px(LABEL_PT)
    if ax.labels["x"]:
        out.append(text_svg(L + W / 2, below + fig.px(4), ax.labels["x"], lpx, ha="center",
                            va="top"))
    if ax.labels["y"]:
        # the offset ("×1e−10") ends the label: above the axis it met the label's end and
        # the panel's title
        x0 = L - _ylabel_offset(ax, yt.labels)
        text = ax.labels["y"] + (f" ({yt.offset})" if yt.offset else "")
        out.append(text_svg(x0, T + H / 2, text, lpx, ha="center", va="center", rotate=True))
    # titles: their baseline 2% of the height above the panel, plus matplotlib's 6 pt pad
    title_px = fig.px(ax.title_pt)
    base = T - 0.02 * H - fig.px(6.0)
    for loc, x, ha in (("left", L, "left"), ("center", L + W / 2, "center"),
                       ("right", L + W, "right")):
        if ax.titles[loc]:
            n = ax.titles[loc].count("\n")
            out.append(text_svg(x, base - n * 1.2 * title_px, ax.titles[loc], title_px,
                                ha=ha, weight="bold"))
    out.extend(_text(f, a) for a in ax.artists if a.kind == "text")
    if ax.legend_ is not None:
        out.append(_legend(f))
    return "".join(out)


def _ytick_reach(fig: Any, y_labels: list[str]) -> float:
    """How far (pixels) left of the box the y tick marks and their labels reach."""
    width = max((text_width(s, fig.px(TICK_PT)) for s in y_labels), default=0.0)
    return fig.px(TICK_LEN) + fig.px(3.5) + width


def _ylabel_offset(ax: Any, y_labels: list[str]) -> float:
    """Distance (pixels) left of the box of the baseline of the y label's first line: clear
    of the y tick labels (their descent towards them included)."""
    fig = ax.figure
    lpx = fig.px(LABEL_PT)
    lines = ax.labels["y"].count("\n") + 1
    return _ytick_reach(fig, y_labels) + fig.px(5) + 0.3 * lpx + (lines - 1) * 1.2 * lpx


def bottom_extent(ax: Any) -> float:
    """How far (pixels) below its box a panel's x tick labels, offset and x label reach."""
    fig = ax.figure
    ticks = _axis_ticks(_Frame(ax), "x")
    tpx, lpx = fig.px(TICK_PT), fig.px(LABEL_PT)
    out = fig.px(TICK_LEN) + fig.px(3.5) + (1.2 * tpx if ticks.pos else 0.0)
    out += 1.2 * tpx if ticks.offset else 0.0
    if ax.labels["x"]:
        out += fig.px(4) + (ax.labels["x"].count("\n") + 1) * 1.2 * lpx
    return out


def left_extent(ax: Any) -> float:
    """How far (pixels) left of its box a panel's y tick labels and y label reach."""
    fig = ax.figure
    y_labels = _axis_ticks(_Frame(ax), "y").labels
    if ax.labels["y"]:
        return _ylabel_offset(ax, y_labels) + 0.8 * fig.px(LABEL_PT)  # + the ascent
    return _ytick_reach(fig, y_labels)


def _entries(ax: Any) -> list[_Artist]:
    return [a for a in ax.artists if a.label and not a.label.startswith("_")
            and a.kind in ("line", "band", "bars", "span", "hline", "vline", "errorbar")]


def _legend(f: _Frame) -> str:
    ax, fig = f.ax, f.ax.figure
    entries = _entries(ax)
    if not entries:
        return ""
    spec = ax.legend_ or {}
    fs = fig.px(spec["pt"])
    pad, handle, gap, row, space = 0.4 * fs, 2.0 * fs, 0.8 * fs, 1.0 * fs, 0.5 * fs
    if any(a.style.get("marker") and a.style.get("ls") not in (None, "", "-")
           for a in entries):
        # a dashed line with a marker: at 2 font sizes its one gap sat under the marker and
        # the entry looked solid (a review: "proxy" and "proxy (past the sample's reach)"
        # drew alike); at 3 two gaps show either side of it
        handle = 3.0 * fs
    bw = 2 * pad + handle + gap + max(text_width(str(a.label), fs) for a in entries)
    bh = 2 * pad + len(entries) * row + (len(entries) - 1) * space
    x, y = _legend_place(f, spec, bw, bh, 0.5 * fs)
    out = []
    if spec.get("frame", True):
        out.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(bw)}" height="{_f(bh)}" '
                   f'rx="{_f(0.2 * fs)}" fill="white" fill-opacity="0.8" stroke="#cccccc" '
                   f'stroke-width="{_f(fig.px(0.8))}"/>')
    for i, a in enumerate(entries):
        cy = y + pad + i * (row + space) + row / 2
        hx = x + pad
        s = a.style
        if a.kind in ("band", "bars", "span"):
            color = s["color"][0] if isinstance(s["color"], list) else s["color"]
            out.append(f'<rect x="{_f(hx)}" y="{_f(cy - 0.35 * fs)}" width="{_f(handle)}" '
                       f'height="{_f(0.7 * fs)}" fill="{color}" '
                       f'fill-opacity="{s.get("alpha", 1.0):g}"/>')
        elif a.kind == "errorbar":  # a bar with its caps
            mid, half, cap = hx + handle / 2, 0.4 * fs, 0.25 * fs if s.get("cap") else 0.0
            out.append(f'<path d="M{_f(mid)} {_f(cy - half)}V{_f(cy + half)}'
                       + (f"M{_f(mid - cap)} {_f(cy - half)}h{_f(2 * cap)}M{_f(mid - cap)} "
                          f"{_f(cy + half)}h{_f(2 * cap)}" if cap else "")
                       + f'" stroke="{s["color"]}" stroke-width="{_f(fig.px(1.0))}" '
                       'fill="none"/>')
        else:
            out.append(_legend_handle(fig, s, hx, cy, handle))
        out.append(text_svg(hx + handle + gap, cy, str(a.label), fs, va="center"))
    return "".join(out)


def _legend_handle(fig: Any, s: dict[str, Any], x: float, y: float, length: float) -> str:
    """A legend's sample of a line (style ``s``) and its marker, ``length`` px wide at
    (x, y)."""
    out = ""
    if s.get("ls") and s.get("lw", 0) > 0:
        lw = fig.px(s["lw"])
        out += (f'<path d="M{_f(x)} {_f(y)}h{_f(length)}" stroke="{s["color"]}" '
                f'stroke-width="{_f(lw)}"{_dash(s["ls"], lw)}/>')
    if s.get("marker"):
        out += (f'<path d="M{_f(x + length / 2)} {_f(y)}h0" stroke="{s["color"]}"'
                f'{_marker_stroke(fig, s)}/>')
    return out


def _trace(f: _Frame, a: _Artist) -> np.ndarray:
    """Pixel points along what an artist draws, about every 3 px along its lines (a band:
    its edges; a reference line: its whole length), for placing a legend off it."""
    if a.kind == "hline":
        y = float(f.y(a.y[0]))
        return np.column_stack([np.linspace(f.left, f.left + f.width, 60), np.full(60, y)])
    if a.kind == "vline":
        x = float(f.x(a.x[0]))
        return np.column_stack([np.full(60, x), np.linspace(f.top, f.top + f.height, 60)])
    xy = np.column_stack([f.x(a.x), f.y(a.y)])
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    if a.kind == "band" or not a.style.get("ls") or xy.shape[0] < 2:
        return xy
    # points along the segments: a few vertices far apart still cover the line between them
    seg = np.hypot(*np.diff(xy, axis=0).T)
    s = np.r_[0.0, np.cumsum(seg)]
    at = np.linspace(0.0, s[-1], int(min(2000, s[-1] // 3 + 2)))
    return np.column_stack([np.interp(at, s, xy[:, 0]), np.interp(at, s, xy[:, 1])])


def _text_points(f: _Frame, a: _Artist) -> np.ndarray:
    """Points spread over a text's (estimated) extent, each counted 100 times."""
    x, y = f.point(a, float(a.x[0]), float(a.y[0]))
    px = f.ax.figure.px(a.style["pt"])
    w = text_width(a.style["text"], px)
    x0 = {"center": x - w / 2, "right": x - w}.get(a.style["ha"], x)
    y0 = {"center": y, "top": y + 0.5 * px, "bottom": y - 0.5 * px}.get(a.style["va"],
                                                                          y - 0.35 * px)
    xs = np.linspace(x0, x0 + w, 5)
    return np.repeat(np.column_stack([xs, np.full(5, y0)]), 100, axis=0)


def _legend_place(f: _Frame, spec: dict[str, Any], bw: float, bh: float,
                  pad: float) -> tuple[float, float]:
    """Top-left corner of the legend box for its ``loc`` (``"best"``: the first of matplotlib's
    candidate places that covers the fewest data points)."""
    L, T, W, H = f.left, f.top, f.width, f.height
    anchor = spec.get("anchor")
    if anchor is not None:
        L, T = L + anchor[0] * W, T + (1 - anchor[1]) * H
        W, H = W * (1 - anchor[0]), H * anchor[1]

    def place(loc: str) -> tuple[float, float]:
        vert, _, horiz = loc.partition(" ") if " " in loc else ("center", "", loc)
        if loc == "center":
            vert = horiz = "center"
        x = {"left": L + pad, "right": L + W - pad - bw}.get(horiz, L + (W - bw) / 2)
        y = {"upper": T + pad, "lower": T + H - pad - bh}.get(vert, T + (H - bh) / 2)
        return x, y

    loc = spec.get("loc", "best")
    if loc != "best":
        return place(loc)
    pts = [_trace(f, a) for a in f.ax.artists if a.kind in ("line", "band", "hline", "vline")]
    # a text (e.g. the "k = ..." of a path) counts as many points: never hidden by the legend
    pts += [_text_points(f, a) for a in f.ax.artists if a.kind == "text"]
    xy = np.concatenate(pts) if pts else np.zeros((0, 2))
    def covered(x: float, y: float) -> int:
        return int(np.count_nonzero((xy[:, 0] >= x) & (xy[:, 0] <= x + bw)
                                    & (xy[:, 1] >= y) & (xy[:, 1] <= y + bh)))

    best, fewest = place(_BEST[0]), math.inf
    for cand in _BEST:
        x, y = place(cand)
        inside = covered(x, y)
        if inside < fewest:
            best, fewest = (x, y), inside
        if inside == 0:
            return best
    # every one of matplotlib's places covers data: a grid of places between them, the
    # upper ones first (a review: the legend of a path panel hid the Hill spike and the
    # end of the Pickands plateau, where a place between two corners covered nothing)
    xs = np.linspace(L + pad, max(L + pad, L + W - pad - bw), 9)
    ys = np.linspace(T + pad, max(T + pad, T + H - pad - bh), 7)
    for y in ys:
        for x in xs:
            inside = covered(float(x), float(y))
            if inside < fewest:
                best, fewest = (float(x), float(y)), inside
    return best
