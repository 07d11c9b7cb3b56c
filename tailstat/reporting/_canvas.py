"""Agg figures of the report's panel layouts, kept and reused from one group to the next.

Drawing a group's figure on a new ``Figure`` spends about half its time on things that do not
depend on the group: creating the Axes, creating their tick objects (about a millisecond
each, a hundred per figure), and measuring text on a new renderer (matplotlib caches text
metrics per renderer). :func:`layout_axes` keeps one figure per layout (the panel keys by row,
dpi and size) with its canvas, renderer and Axes, and hands its Axes back *reset*: every
artist the panels drew removed, scales, limits, data limits, locators, formatters, labels,
titles, legend, property cycle and tick properties as on a new Axes. The tick objects and
the renderer survive.

A reset Axes draws the same pixels as a new one (the tests compare the PNG bytes of groups
drawn on reused and on new figures). The reset knows the tick parameters the plotting
functions of :mod:`tailstat.plot` set (``grid``) and the tick-label property they change
(font weight); an axis whose tick parameters hold anything else gets new tick objects, as a
new Axes would. A figure is rebuilt when the matplotlib settings (rcParams) differ from those
it was made under. Each thread keeps its own figures.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

__all__ = ["clear_artists", "clear_cache", "layout_axes"]

#: Figures kept (one per layout, least recently used dropped first).
MAX_LAYOUTS = 4
#: Tick parameters (matplotlib's translated names) that a reset undoes on the kept ticks.
_RESETTABLE_TICK_KW = frozenset({"gridOn", "grid_alpha"})


@dataclass
class _TickState:
    """What a reset restores on every kept tick of one axis (one kind: major or minor)."""

    kw: dict[str, Any]  # the axis' tick parameters of a new Axes
    grid_visible: bool
    grid_alpha: float | None
    weights: tuple[Any, Any]  # font weights of label1 and label2


@dataclass
class _Layout:
    """A figure (with its Agg canvas) and its Axes, one per panel cell, in drawing order."""

    fig: Any
    axes: list[Any]
    rc: dict[str, Any]
    ticks: dict[tuple[int, str, bool], _TickState] = field(default_factory=dict)


#: The kept figures, per thread (a figure is never drawn by two threads at once).
_LOCAL = threading.local()


def _layouts() -> OrderedDict[tuple[Any, ...], _Layout]:
    """This thread's kept figures, by layout."""
    kept: OrderedDict[tuple[Any, ...], _Layout] | None = getattr(_LOCAL, "layouts", None)
    if kept is None:
        kept = _LOCAL.layouts = OrderedDict()
    return kept


def clear_cache() -> None:
    """Forget this thread's kept figures (the next figure of each layout is made anew)."""
    _layouts().clear()


def layout_axes(rows: list[list[str]], dpi: int, size: tuple[float, float],
                margins: dict[str, float]) -> tuple[Any, list[Any]]:
    """The figure of this layout and its Axes (one per key of ``rows``, row by row), reset.

    Must be called inside the report's ``matplotlib.rc_context``.

    Parameters
    ----------
    rows : list of list of str
        Panel keys by row (only the key count per row and the row count shape the figure;
        the keys are part of the cache key so that each panel kind keeps its own Axes).
    dpi : int
    size : (float, float)
        Figure width and height in inches.
    margins : dict
        Keyword arguments of ``Figure.subplots_adjust``.

    Returns
    -------
    (Figure, list of Axes)
    """
    import matplotlib

    key = (tuple(tuple(r) for r in rows), dpi, size, tuple(sorted(margins.items())))
    # the stored values (dict's own items): reading rcParams["backend"] through the mapping
    # resolves the backend, which imports pyplot (0.3 s in a fresh worker)
    rc: dict[str, Any] = {str(k): v for k, v in dict.items(matplotlib.rcParams)}
    kept = _layouts()
    lay = kept.get(key)
    if lay is not None and lay.rc == rc:
        kept.move_to_end(key)
        for i, ax in enumerate(lay.axes):
            _reset_axes(ax, lay, i)
        return lay.fig, lay.axes
    lay = _new_layout(rows, dpi, size, margins, rc)
    kept[key] = lay
    kept.move_to_end(key)
    while len(kept) > MAX_LAYOUTS:
        kept.popitem(last=False)
    return lay.fig, lay.axes


def _new_layout(rows: list[list[str]], dpi: int, size: tuple[float, float],
                margins: dict[str, float], rc: dict[str, Any]) -> _Layout:
    from matplotlib.figure import Figure

    from tailstat.reporting._agg import ReportCanvas
    from tailstat.reporting._lean import lean_axes

    fig = Figure(figsize=size, dpi=dpi)
    ReportCanvas(fig)
    fig.subplots_adjust(**margins)
    grid = fig.add_gridspec(len(rows), max(len(row) for row in rows))
    axes = [fig.add_subplot(grid[r, j]) for r, row in enumerate(rows) for j in range(len(row))]
    lay = _Layout(fig=fig, axes=axes, rc=rc)
    for i, ax in enumerate(axes):
        lean_axes(ax)
        pairs: tuple[tuple[str, Any], ...] = (("x", ax.xaxis), ("y", ax.yaxis))
        for name, axis in pairs:
            for major in (True, False):
                # the first tick, made now as a new Axes makes it: the reference of a reset
                tick = (axis.majorTicks if major else axis.minorTicks)[0]
                kw = axis._major_tick_kw if major else axis._minor_tick_kw
                lay.ticks[i, name, major] = _TickState(
                    kw=dict(kw), grid_visible=tick.gridline.get_visible(),
                    grid_alpha=tick.gridline.get_alpha(),
                    weights=(tick.label1.get_fontweight(), tick.label2.get_fontweight()))
    return lay


def _reset_axes(ax: Any, lay: _Layout, i: int) -> None:
    """Return ``ax`` (Axes ``i`` of ``lay``) to the state of a new Axes, keeping its ticks."""
    from matplotlib.transforms import Bbox

    clear_artists(ax)
    ax.containers.clear()
    for loc in ("left", "center", "right"):
        if ax.get_title(loc):  # (an empty one is as new: set_title costs 0.1 ms)
            ax.set_title("", loc=loc)
    if ax.get_xlabel():
        ax.set_xlabel("")
    if ax.get_ylabel():
        ax.set_ylabel("")
    ax.set_prop_cycle(None)
    for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
        _reset_ticks(axis, lay.ticks[i, name, True], lay.ticks[i, name, False])
    # linear scales with their default locators and formatters, limits (0, 1), autoscaling
    # on, no data limits: as Axes.clear() leaves them
    ax.set_xscale("linear")
    ax.set_yscale("linear")
    ax.set_xlim(0.0, 1.0, auto=True)
    ax.set_ylim(0.0, 1.0, auto=True)
    ax.dataLim = Bbox.null()
    ax.ignore_existing_data_limits = True


def clear_artists(ax: Any) -> None:
    """Remove every artist a panel drew on ``ax`` (lines, collections, patches, texts,
    images, tables) and its legend."""
    for group in (ax.lines, ax.collections, ax.patches, ax.texts, ax.images, ax.tables,
                  ax.artists):
        for artist in list(group):
            artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()


def _reset_ticks(axis: Any, major: _TickState, minor: _TickState) -> None:
    """The tick parameters and the kept ticks of ``axis`` as on a new axis (new ticks when
    its parameters hold something the reset does not know how to undo)."""
    resettable = all(
        set(kw) <= _RESETTABLE_TICK_KW | set(state.kw)
        and all(kw.get(k) == v for k, v in state.kw.items() if k not in _RESETTABLE_TICK_KW)
        for kw, state in ((axis._major_tick_kw, major), (axis._minor_tick_kw, minor)))
    axis._major_tick_kw = dict(major.kw)
    axis._minor_tick_kw = dict(minor.kw)
    if not resettable:
        axis.reset_ticks()  # new tick objects, made from the parameters just restored
        return
    for attr, state in (("majorTicks", major), ("minorTicks", minor)):
        for tick in axis.__dict__.get(attr) or ():  # only the ticks already made
            tick.gridline.set_visible(state.grid_visible)
            tick.gridline.set_alpha(state.grid_alpha)
            tick.label1.set_fontweight(state.weights[0])
            tick.label2.set_fontweight(state.weights[1])
