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

An axis whose ticks use anything else (second tick marks or labels, ticks that do not share
their line properties, another Axis class) is drawn by matplotlib as usual.

A legend places itself twice per draw (once for its extent, once to draw), and with
``loc="best"`` each placement tries every candidate position against every point of the
panel. :func:`lean_legend` keeps the placement of the first for the second, within one draw.

The figures drawn so are pixel for pixel those matplotlib draws (the report's tests compare
them).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["lean_axes", "lean_legend"]


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


def _line_props(line: Any) -> tuple[Any, ...]:
    """What a tick mark or grid line of one tick looks like (compared between ticks)."""
    return (line.get_visible(), line.get_color(), line.get_alpha(), line.get_linewidth(),
            line.get_linestyle(), line.get_marker(), line.get_markersize(),
            line.get_markeredgewidth(), line.get_markeredgecolor(), line.get_zorder())


def _uniform(ticks: list[Any]) -> bool:
    """Whether every tick draws its tick marks and grid line as the first one does, and none
    draws a second tick mark or label."""
    first = ticks[0]
    ref = (_line_props(first.tick1line), _line_props(first.gridline))
    for tick in ticks:
        if tick.tick2line.get_visible() or tick.label2.get_visible():
            return False
        if tick is not first and (_line_props(tick.tick1line),
                                  _line_props(tick.gridline)) != ref:
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
    from matplotlib.axis import XAxis, YAxis

    if not axis.get_visible():
        return True
    if "_get_tick_boxes_siblings" in vars(axis):  # already replaced by someone else
        return False
    is_x = isinstance(axis, XAxis)
    if not (is_x or isinstance(axis, YAxis)):
        return False
    if not all(hasattr(axis, name) for name in _AXIS_API) or _aligned(axis):
        return False
    ticks = axis._update_ticks()
    major_ids = {id(t) for t in axis.majorTicks}
    kinds = [[t for t in ticks if id(t) in major_ids], [t for t in ticks if id(t) not in major_ids]]
    if not all(_uniform(kind) for kind in kinds if kind):
        return False
    renderer.open_group("axis", gid=axis.get_gid())
    for kind in kinds:
        if kind:
            locs = np.array([t.get_loc() for t in kind], dtype=float)
            _bulk(kind[0].gridline, locs, is_x, renderer, grid=True)
            _bulk(kind[0].tick1line, locs, is_x, renderer, grid=False)
    boxes = []
    for tick in ticks:
        label = tick.label1
        if label.get_visible():
            if label.get_in_layout():
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
    renderer.close_group("axis")
    axis.stale = False
    return True


def lean_legend(legend: Any) -> None:
    """Place ``legend`` once per draw (not twice); a legend without the matplotlib internals
    this relies on is left as it is."""
    box = getattr(legend, "_legend_box", None)
    find = getattr(legend, "_findoffset", None)
    if box is None or find is None or not hasattr(box, "set_offset"):
        return
    memo: dict[tuple[Any, ...], Any] = {}

    def findoffset(width: float, height: float, xdescent: float, ydescent: float,
                   renderer: Any) -> Any:
        key = (width, height, xdescent, ydescent, id(renderer))
        if key not in memo:
            memo[key] = find(width, height, xdescent, ydescent, renderer)
        return memo[key]

    def draw(renderer: Any, *args: Any, **kwargs: Any) -> None:
        memo.clear()  # a new draw: the panel may have changed since the last one
        try:
            type(legend).draw(legend, renderer, *args, **kwargs)
        finally:
            memo.clear()

    box.set_offset(findoffset)
    legend.draw = draw
