"""The axes and legends of the report's panels drawn with less work, to the same pixels.

matplotlib draws an axis tick by tick: every tick is five artists (grid line, two tick marks,
two labels), each drawn on its own, and the tick labels are laid out three times per draw
(twice for their extents, once to draw them). For the report's panels that was about a third
of the time of drawing a figure. :func:`lean_axes` gives the x and y axis of an Axes a
``draw`` that keeps matplotlib's own tick computation (``Axis._update_ticks``: locators,
formatters, the ticks inside the view) and its own label and offset placement, and changes
only how the pieces are put on the canvas:

- the grid lines of the ticks drawn are one line (broken between ticks), their tick marks
  one set of markers, with the properties of the first tick of each kind (major, minor);
- each tick label is laid out once for its extent, then drawn (as ``Tick.draw`` does);
- the axis label and the offset text are placed from those extents, by matplotlib's code.

An axis is drawn by matplotlib as usual whenever the bulk drawing could give other pixels:
ticks that do not share their line properties (colours, dashes, effects, clipping, extent),
hidden ticks, second tick marks or labels, labels excluded from the layout, tick marks or grid
lines that could reach a label or each other (labels inside the axes, long tick marks, grid
lines closer than their width, more than :data:`MAX_BULK` ticks), sketched lines
(``path.sketch``), an axis with a filter or rasterized, labels aligned across Axes, and any
Axis or Axes class other than the plain rectilinear ones. Major ticks are drawn before minor
ones, as matplotlib does.

A legend places itself twice per draw (once for its extent, once to draw), and with
``loc="best"`` each placement tries every candidate position against every point of the
panel. :func:`lean_legend` keeps the placement of the first for the second, within one draw
only (outside a draw it places itself as usual; the figure still pickles and copies).

The figures drawn so are pixel for pixel those matplotlib draws (the report's tests compare
them).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["lean_axes", "lean_legend"]


#: At most this many ticks of one kind are drawn in bulk (Agg stops snapping a path of more
#: than 1024 vertices; each grid line is three).
MAX_BULK = 300


def lean_axes(ax: Any) -> None:
    """Draw the x and y axis of ``ax`` in one pass each (for the life of ``ax``)."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.draw = _LeanDraw(axis)


class _LeanDraw:
    """``Axis.draw`` of one axis, drawing its ticks in bulk (:func:`_draw`)."""

    def __init__(self, axis: Any) -> None:
        self.axis = axis

    def __call__(self, renderer: Any, *args: Any, **kwargs: Any) -> None:
        axis = self.axis
        if args or kwargs or not _draw(axis, renderer):
            type(axis).draw(axis, renderer, *args, **kwargs)


def _line_props(line: Any, is_x: bool) -> tuple[Any, ...]:
    """Everything that decides how a tick mark or grid line of one tick is drawn, but its
    place along the axis (compared between ticks)."""
    from matplotlib.colors import to_rgba

    def colour(c: Any) -> Any:
        try:
            return to_rgba(c)
        except (ValueError, TypeError):
            return repr(c)

    across = np.asarray(line.get_ydata() if is_x else line.get_xdata(), dtype=float)
    return (line.get_visible(), colour(line.get_color()), line.get_alpha(),
            line.get_linewidth(), line.get_linestyle(), repr(getattr(line, "_dash_pattern", None)),
            line.get_drawstyle(), line.get_solid_capstyle(), line.get_dash_capstyle(),
            repr(line.get_marker()), line.get_markersize(), line.get_markeredgewidth(),
            colour(line.get_markeredgecolor()), colour(line.get_markerfacecolor()),
            line.get_zorder(), line.get_antialiased(), line.get_snap(), line.get_clip_on(),
            id(line.get_clip_box()), id(line.get_clip_path()), id(line.get_transform()),
            repr(line.get_path_effects()), line.get_sketch_params(), line.get_agg_filter(),
            line.get_rasterized(), line.get_gid(), line.get_url(), tuple(across.ravel()))


def _uniform(ticks: list[Any], is_x: bool) -> bool:
    """Whether every tick is visible and draws its tick mark and grid line as the first one
    does, with no second tick mark or label, and no label left out of the layout."""
    ref = None
    for tick in ticks:
        if (not tick.get_visible() or tick.tick2line.get_visible()
                or tick.label2.get_visible() or not tick.label1.get_in_layout()):
            return False
        props = (_line_props(tick.tick1line, is_x), _line_props(tick.gridline, is_x))
        if ref is None:
            ref = props
        elif props != ref:
            return False
    return True


def _apart(axis: Any, tick: Any, locs: np.ndarray, is_x: bool) -> bool:
    """Whether the tick marks and grid lines at ``locs`` stay clear of the labels and of each
    other: labels outside the axes beyond the tick marks, grid lines at least their width
    (plus antialiasing) apart, no sketched lines, at most :data:`MAX_BULK` ticks."""
    if locs.size > MAX_BULK:
        return False
    grid, mark = tick.gridline, tick.tick1line
    if grid.get_sketch_params() is not None or mark.get_sketch_params() is not None:
        return False
    pad, size = getattr(tick, "_pad", None), getattr(tick, "_size", None)
    tickdir = getattr(tick, "_tickdir", None)
    if pad is None or size is None or tickdir not in ("in", "out", "inout"):
        return False
    outward = {"in": 0.0, "inout": size / 2.0, "out": float(size)}[tickdir]
    if tick.label1.get_visible() and not pad > outward:  # labels clear of the marks
        return False
    if grid.get_visible() and locs.size > 1:
        ax, zeros = axis.axes, np.zeros(locs.size)
        if is_x:  # display positions (data along the axis, axes coordinates across)
            pos = ax.get_xaxis_transform().transform(np.column_stack([locs, zeros]))[:, 0]
        else:
            pos = ax.get_yaxis_transform().transform(np.column_stack([zeros, locs]))[:, 1]
        gaps = np.diff(np.sort(pos))
        width = grid.get_linewidth() * ax.figure.dpi / 72.0
        if not (np.all(np.isfinite(gaps)) and gaps.min() >= width + 2.0):
            return False
    return True


def _bulk(line: Any, locs: np.ndarray, is_x: bool, renderer: Any, *, grid: bool) -> None:
    """Draw ``line`` (a tick's mark or grid line) at every tick location ``locs`` at once."""
    if not line.get_visible() or locs.size == 0:
        return
    old_x, old_y = line.get_xdata(), line.get_ydata()
    across = np.asarray(old_y if is_x else old_x, dtype=float)  # axes coordinates
    if grid:  # one segment per tick, broken by NaN
        along = np.repeat(locs, 3)
        along[2::3] = np.nan
        other = np.tile(np.append(across[:2], np.nan), locs.size)
    else:
        along, other = locs, np.full(locs.size, float(across[0]))
    line.set_data((along, other) if is_x else (other, along))
    try:
        line.draw(renderer)
    finally:
        line.set_data(old_x, old_y)


#: The matplotlib internals :func:`_draw` relies on (matplotlib 3.8 to 3.11 have them).
_AXIS_API = ("_update_ticks", "_update_label_position", "_update_offset_text_position",
             "_get_tick_boxes_siblings", "_get_axis_name", "majorTicks")


def _aligned(axis: Any) -> bool:
    """Whether the label of ``axis`` is aligned with other Axes' (``Figure.align_labels``):
    its place then depends on their tick labels too."""
    groups = getattr(axis.axes.figure, "_align_label_groups", None)
    grouper = groups.get(axis._get_axis_name()) if groups else None
    return grouper is not None and any(ax is not axis.axes
                                       for ax in grouper.get_siblings(axis.axes))


def _draw(axis: Any, renderer: Any) -> bool:
    """Draw ``axis`` in bulk; False (nothing drawn) when it needs matplotlib's own draw."""
    from matplotlib.axes import Axes
    from matplotlib.axis import XAxis, YAxis

    if not axis.get_visible():
        return True
    if (type(axis) not in (XAxis, YAxis) or type(axis.axes) is not Axes
            or "_get_tick_boxes_siblings" in vars(axis)  # already replaced by someone else
            or axis.get_agg_filter() is not None or axis.get_rasterized()
            or not all(hasattr(axis, name) for name in _AXIS_API) or _aligned(axis)):
        return False
    is_x = type(axis) is XAxis
    ticks = axis._update_ticks()
    major_ids = {id(t) for t in axis.majorTicks}
    kinds = [[t for t in ticks if id(t) in major_ids], [t for t in ticks if id(t) not in major_ids]]
    plan = []
    for kind in kinds:
        if kind:
            locs = np.array([t.get_loc() for t in kind], dtype=float)
            if not (_uniform(kind, is_x) and _apart(axis, kind[0], locs, is_x)):
                return False
            plan.append((kind, locs))
    renderer.open_group("matplotlib.axis", gid=axis.get_gid())
    boxes = []
    for kind, locs in plan:  # the major ticks, then the minor ones (as matplotlib)
        _bulk(kind[0].gridline, locs, is_x, renderer, grid=True)
        _bulk(kind[0].tick1line, locs, is_x, renderer, grid=False)
        for tick in kind:
            label = tick.label1
            if label.get_visible():
                boxes.append(label.get_window_extent(renderer))
                label.draw(renderer)
    # matplotlib's placement of the axis label and offset text, from the extents just made
    # (its own would lay every tick label out again)
    axis._get_tick_boxes_siblings = lambda renderer: (boxes, [])
    try:
        axis._update_label_position(renderer)
    finally:
        del axis._get_tick_boxes_siblings  # the class's method again
    axis.label.draw(renderer)
    axis._update_offset_text_position(boxes, [])
    axis.offsetText.set_text(axis.major.formatter.get_offset())
    axis.offsetText.draw(renderer)
    renderer.close_group("matplotlib.axis")
    axis.stale = False
    return True


def lean_legend(legend: Any) -> None:
    """Place ``legend`` once per draw (not twice); a legend without the matplotlib internals
    this relies on is left as it is."""
    box = getattr(legend, "_legend_box", None)
    if box is None or not hasattr(legend, "_findoffset") or not hasattr(box, "set_offset"):
        return
    placement = _PlacedOnce(legend)
    box.set_offset(placement)
    legend.draw = _LegendDraw(legend, placement)


class _PlacedOnce:
    """The legend's ``_findoffset``, computed once per draw while a draw is on (picklable,
    and copied with its legend)."""

    def __init__(self, legend: Any) -> None:
        self.legend = legend
        self.memo: dict[tuple[Any, ...], Any] | None = None  # None: not drawing

    def __call__(self, width: float, height: float, xdescent: float, ydescent: float,
                 renderer: Any) -> Any:
        find = self.legend._findoffset
        if self.memo is None:
            return find(width, height, xdescent, ydescent, renderer)
        key = (width, height, xdescent, ydescent, id(renderer))
        if key not in self.memo:
            self.memo[key] = find(width, height, xdescent, ydescent, renderer)
        return self.memo[key]


class _LegendDraw:
    """``Legend.draw`` with the placement kept for the duration of the draw."""

    def __init__(self, legend: Any, placement: _PlacedOnce) -> None:
        self.legend = legend
        self.placement = placement

    def __call__(self, renderer: Any, *args: Any, **kwargs: Any) -> None:
        self.placement.memo = {}
        try:
            type(self.legend).draw(self.legend, renderer, *args, **kwargs)
        finally:
            self.placement.memo = None
