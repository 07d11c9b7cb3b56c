"""The report's lean axes and legends (tailstat.reporting._lean): the same pixels as
matplotlib's own drawing, with less work (ticks in bulk, one legend placement per draw)."""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pytest
from _helpers import gold_analysis, report_tails
from matplotlib.figure import Figure
from matplotlib.legend import Legend

import tailstat as ts
from tailstat.reporting import _canvas, _lean
from tailstat.reporting._agg import ReportCanvas
from tailstat.reporting._compute import compute_group
from tailstat.reporting._figures import goodhart_figure, group_figure


@pytest.fixture(scope="module")
def analysis() -> ts.TailAnalysis:
    # heavy, bounded, lognormal and small-valued tails (log axes, offsets, symlog), with gold
    rng = np.random.default_rng(11)
    n = 3000
    makers = report_tails(rng, n, ("offset", lambda: 1e6 + 1e-3 * rng.beta(2.0, 5.0, n)))
    return gold_analysis(makers, rng, n, noise=1e-4)


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A switch to matplotlib's own drawing of axes and legends (and fresh figures)."""
    def switch() -> None:
        monkeypatch.setattr(_lean, "lean_axes", lambda ax: None)
        monkeypatch.setattr(_lean, "lean_legend", lambda legend: None)
        _canvas.clear_cache()
    return switch


@pytest.fixture
def lean_calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The outcomes of the lean axis draws (True: drawn in bulk; False: matplotlib's)."""
    calls: list[bool] = []
    draw = _lean._draw

    def counting(axis: Any, renderer: Any) -> bool:
        calls.append(draw(axis, renderer))
        return calls[-1]

    monkeypatch.setattr(_lean, "_draw", counting)
    return calls


def _figures(analysis: ts.TailAnalysis) -> list[str]:
    out = []
    for key in analysis.classifications:
        c = analysis.classifications[key]
        err, dep = analysis.error_classifications.get(key), analysis.dependence.get(key)
        numbers = compute_group(analysis.sketches[key], c, analysis.error_sketches.get(key),
                                err, dep)
        out.append(group_figure(c, numbers, error_c=err, dependence=dep, dpi=60,
                                max_points=400).uri)
        out.append(goodhart_figure(analysis.goodhart[key], dpi=60).uri)
    return out


def test_report_figures_equal_matplotlibs_drawing(analysis: ts.TailAnalysis, plain: Any,
                                                  lean_calls: list[bool]) -> None:
    _canvas.clear_cache()
    lean = _figures(analysis)
    # every axis of every panel went through the bulk drawing
    assert len(lean_calls) >= 2 * 10 * len(analysis.classifications)
    assert all(lean_calls)
    plain()
    lean_calls.clear()
    assert _figures(analysis) == lean  # the same PNG bytes
    assert not lean_calls


#: Per case: matplotlib settings and the projection of the Axes (default: none).
_RC: dict[str, dict[str, Any]] = {"_sketched": {"path.sketch": (1.0, 100.0, 2.0)}}
_PROJECTION = {"_polar": "polar"}


def _canvas_pixels(build: Any, lean: bool) -> np.ndarray:
    """Draw ``build(ax)`` on a new report canvas (lean or not) and return its pixels."""
    rc = {"axes.spines.top": False, "axes.spines.right": False,
          **_RC.get(build.__name__, {})}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(4.0, 3.0), dpi=80)
        ReportCanvas(fig)
        ax = fig.add_subplot(projection=_PROJECTION.get(build.__name__))
        build(ax)
        if lean:
            _lean.lean_axes(ax)
            if ax.legend_ is not None:
                _lean.lean_legend(ax.legend_)
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()


def _offset_text(ax: Any) -> None:  # a ScalarFormatter offset ("+1e6") on both axes
    x = 1e6 + np.linspace(0.0, 1e-2, 50)
    ax.plot(x, x, "o-", label="data")
    ax.grid(True, alpha=0.3)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="best")


def _log_minor(ax: Any) -> None:  # log axes over a decade and a half: minor ticks drawn
    x = np.geomspace(2.0, 60.0, 200)
    ax.loglog(x, 1.0 / x, label="1/x")
    ax.grid(True, which="both", alpha=0.3)
    ax.set_xlabel("x")
    ax.legend(loc="best")


def _bold_label(ax: Any) -> None:  # one tick label in bold (as the probabilities panel)
    ax.barh([0, 1, 2], [0.2, 0.7, 0.1])
    ax.set_yticks([0, 1, 2], ["heavy", "light", "bounded"])
    ax.get_yticklabels()[1].set_fontweight("bold")


def _mathtext(ax: Any) -> None:  # mathtext tick labels and axis label, a dashed grid
    ax.plot([1e-3, 1e3], [0.0, 1.0], label=r"$\xi$")
    ax.set_xscale("log")
    ax.grid(True, ls="--")
    ax.set_xlabel(r"$k$ (log)")
    ax.legend(loc="upper left")


def _top_ticks(ax: Any) -> None:  # second tick marks and labels: matplotlib's own draw
    ax.plot([0.0, 1.0], [0.0, 2.0])
    ax.tick_params(top=True, labeltop=True, right=True)


# cases the bulk drawing would draw otherwise than matplotlib: handed back to it


def _coloured_ticks(ax: Any) -> None:  # one colour per tick mark, given as arrays
    ax.plot([0.0, 1.0], [0.0, 1.0])
    for line, c in zip(ax.xaxis.get_ticklines()[::2], np.eye(4)[[0, 1, 2, 0, 1, 2]],
                       strict=False):
        line.set_color(c)


def _hidden_tick(ax: Any) -> None:
    ax.plot([0.0, 1.0], [0.0, 1.0])
    ax.xaxis.get_major_ticks()[2].set_visible(False)


def _dense_grid(ax: Any) -> None:  # grid lines closer than their width: they overlap
    ax.plot([0.0, 1.0], [0.0, 1.0])
    ax.set_xticks(np.linspace(0.0, 1.0, 200), [""] * 200)
    ax.grid(True, alpha=0.3, lw=1.5)


def _labels_inside(ax: Any) -> None:  # the grid lines cross the labels
    ax.plot([0.0, 1.0], [0.0, 5e6])
    ax.grid(True)
    ax.tick_params(pad=-20)


def _long_minor_ticks(ax: Any) -> None:  # minor marks reach the major labels (drawn after)
    ax.plot([0.0, 1.0], [0.0, 5e6])
    ax.minorticks_on()
    ax.tick_params(which="minor", length=14, width=1.5)


def _sketched(ax: Any) -> None:  # path.sketch (plt.xkcd): each path wiggles its own way
    ax.plot(np.linspace(0, 6, 50), np.sin(np.linspace(0, 6, 50)))
    ax.grid(True)


def _polar(ax: Any) -> None:  # another Axes and Axis class
    ax.plot(np.linspace(0, 6, 50), np.linspace(0, 1, 50))


_FALLBACK = (_top_ticks, _coloured_ticks, _hidden_tick, _dense_grid, _labels_inside,
             _sketched, _polar)


@pytest.mark.parametrize("build", [_offset_text, _log_minor, _bold_label, _mathtext,
                                   _long_minor_ticks, *_FALLBACK])
def test_lean_drawing_equals_matplotlib_pixel_for_pixel(build: Any,
                                                        lean_calls: list[bool]) -> None:
    lean = _canvas_pixels(build, lean=True)
    assert lean_calls  # the lean draw was asked for
    if build in _FALLBACK:
        assert False in lean_calls  # handed back to matplotlib
    else:
        assert all(lean_calls)
    assert np.array_equal(lean, _canvas_pixels(build, lean=False))


def test_legend_is_placed_once_per_draw_and_anew_for_each_draw(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    find = Legend._find_best_position

    def counting(self: Legend, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return find(self, *args, **kwargs)

    monkeypatch.setattr(Legend, "_find_best_position", counting)

    def pixels(lean: bool) -> tuple[np.ndarray, np.ndarray, int]:
        calls.clear()
        fig = Figure(figsize=(4.0, 3.0), dpi=80)
        ReportCanvas(fig)
        ax = fig.add_subplot()
        line, = ax.plot(np.linspace(0, 1, 100), np.linspace(0, 1, 100) ** 2, label="a")
        legend = ax.legend(loc="best")
        if lean:
            _lean.lean_legend(legend)
        fig.canvas.draw()
        first = np.asarray(fig.canvas.buffer_rgba()).copy()
        # the data move to where the legend was: the next draw places it elsewhere
        line.set_ydata(1.0 - np.linspace(0, 1, 100) ** 2)
        fig.canvas.draw()
        return first, np.asarray(fig.canvas.buffer_rgba()).copy(), len(calls)

    lean_first, lean_second, lean_calls = pixels(True)
    plain_first, plain_second, plain_calls = pixels(False)
    assert np.array_equal(lean_first, plain_first)
    assert np.array_equal(lean_second, plain_second)
    assert not np.array_equal(lean_first, lean_second)  # the legend did move
    assert (lean_calls, plain_calls) == (2, 4)


def test_aligned_labels_are_left_to_matplotlib(lean_calls: list[bool]) -> None:
    def pixels(lean: bool) -> np.ndarray:
        fig = Figure(figsize=(4.0, 5.0), dpi=80)
        ReportCanvas(fig)
        top, bottom = fig.subplots(2, 1)  # one column: their y labels are aligned
        top.plot([0, 1], [0, 1e4])  # wide tick labels on the top Axes only
        bottom.plot([0, 1], [0, 1])
        for ax in (top, bottom):
            ax.set_ylabel("y")
            if lean:
                _lean.lean_axes(ax)
        fig.align_ylabels()
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()

    lean = pixels(True)
    assert lean_calls.count(False) == 2  # both y axes: their labels are aligned
    assert np.array_equal(lean, pixels(False))


def test_lean_figures_pickle_and_copy() -> None:
    import copy
    import pickle

    def build(lean: bool) -> Figure:
        fig = Figure(figsize=(4.0, 3.0), dpi=80)
        ReportCanvas(fig)
        ax = fig.add_subplot()
        ax.plot(np.linspace(0, 1, 50), np.linspace(0, 1, 50) ** 2, label="a")
        legend = ax.legend(loc="best")
        if lean:
            _lean.lean_axes(ax)
            _lean.lean_legend(legend)
        return fig

    def pixels(fig: Figure) -> np.ndarray:
        ReportCanvas(fig)
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()

    reference = pixels(build(False))
    fig = build(True)
    pixels(fig)
    for other in (pickle.loads(pickle.dumps(fig)), copy.deepcopy(fig)):
        line = other.axes[0].lines[0]
        assert np.array_equal(pixels(other), reference)
        # the copy's legend follows the copy's data (not the original's)
        line.set_ydata(1.0 - np.linspace(0, 1, 50) ** 2)
        moved = pixels(other)
        plain = build(False)
        plain.axes[0].lines[0].set_ydata(1.0 - np.linspace(0, 1, 50) ** 2)
        assert np.array_equal(moved, pixels(plain))
