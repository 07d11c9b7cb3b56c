"""The report's kept figures (tailstat.reporting._canvas): a group drawn on a figure reused
from another group gives the same PNG bytes as on a new figure."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import matplotlib
import numpy as np
import pytest
from _helpers import gold_analysis, report_tails

import tailstat as ts
from tailstat import plot
from tailstat.reporting import _canvas
from tailstat.reporting._compute import compute_group
from tailstat.reporting._figures import _render_png, goodhart_figure, group_figure


@pytest.fixture(scope="module")
def analysis() -> ts.TailAnalysis:
    # tails of different kinds and value ranges: heavy (t3, Pareto: log survival, symlog
    # Goodhart axis), bounded (tanh, beta: small values), lognormal; with gold scores (the
    # error and dependence panels)
    rng = np.random.default_rng(5)
    n = 4000
    makers = report_tails(rng, n, ("beta", lambda: 1e-3 * rng.beta(2.0, 5.0, n)))
    return gold_analysis(makers, rng, n, noise=0.3)


def _group_uri(analysis: ts.TailAnalysis, key: str) -> str:
    c = analysis.classifications[key]
    err, dep = analysis.error_classifications.get(key), analysis.dependence.get(key)
    numbers = compute_group(analysis.sketches[key], c, analysis.error_sketches.get(key), err,
                            dep)
    return group_figure(c, numbers, error_c=err, dependence=dep, dpi=50, max_points=300).uri


def _fresh(fn: Any, *args: Any) -> str:
    _canvas.clear_cache()
    return fn(*args)


def test_group_figure_on_a_reused_figure_is_byte_identical(analysis: ts.TailAnalysis) -> None:
    keys = ["t3", "tanh", "pareto", "beta", "lognormal"]
    fresh = {k: _fresh(_group_uri, analysis, k) for k in keys}
    _canvas.clear_cache()
    for k in keys + keys[::-1]:  # every group after another one (both orders)
        assert _group_uri(analysis, k) == fresh[k], k
    assert len(_canvas._layouts()) == 1  # one layout, reused throughout


def test_goodhart_figure_on_a_reused_figure_is_byte_identical(
        analysis: ts.TailAnalysis) -> None:
    keys = ["pareto", "tanh", "t3", "beta"]  # symlog and linear y axes in turn
    assert any(analysis.goodhart[k].frontier.heavy for k in keys)
    fresh = {k: _fresh(lambda g: goodhart_figure(g, dpi=50).uri, analysis.goodhart[k])
             for k in keys}
    _canvas.clear_cache()
    for k in keys + keys[::-1]:
        assert goodhart_figure(analysis.goodhart[k], dpi=50).uri == fresh[k], k


def _posterior(draws: np.ndarray) -> Any:
    return SimpleNamespace(draws=lambda name: draws, prob_heavy=float(np.mean(draws > 0)),
                           xi_ci=(float(np.quantile(draws, 0.025)),
                                  float(np.quantile(draws, 0.975))))


def test_panels_with_their_own_tick_settings_are_reset(analysis: ts.TailAnalysis) -> None:
    # posterior histograms (patches), bold tick labels, a grid then none (a note), tick
    # parameters the reset cannot undo on the kept ticks (new ticks are made instead), lines
    # coloured by the property cycle
    rng = np.random.default_rng(1)
    narrow, wide = _posterior(rng.normal(0.3, 0.1, 500)), _posterior(rng.normal(-2, 0.5, 900))
    c = analysis.classifications
    nothing_above = np.r_[np.zeros(99), -1.0]  # no value above the median: a note

    def odd(ax: Any) -> None:
        ax.plot([1.0, 2.0, 3.0], [3.0, 1.0, 2.0])
        ax.tick_params(labelsize=4, colors="red", grid_color="blue")
        ax.grid(True)

    def plain(ax: Any) -> None:
        ax.plot([0.0, 10.0], [5.0, -5.0])

    first = {"posterior": lambda ax: plot.posterior_xi(narrow, ax),
             "probabilities": lambda ax: plot.probabilities(c["t3"], ax),
             "survival": lambda ax: plot.survival(analysis.sketches["t3"].upper_tail(), ax),
             "qq_exp": odd}
    second = {"posterior": lambda ax: plot.posterior_xi(wide, ax),
              "probabilities": lambda ax: plot.probabilities(c["tanh"], ax),
              "survival": lambda ax: plot.survival(nothing_above, ax),
              "qq_exp": plain}
    rows = [["posterior", "probabilities"], ["survival", "qq_exp"]]
    for a, b in ((first, second), (second, first)):
        _canvas.clear_cache()
        expected = _render_png(b, rows, 50).uri
        _canvas.clear_cache()
        _render_png(a, rows, 50)
        assert _render_png(b, rows, 50).uri == expected


def _state(ax: Any) -> dict[str, Any]:
    """What a reset must restore, as far as it can be read from the Axes."""
    out: dict[str, Any] = {
        "children": len(ax.get_children()), "containers": len(ax.containers),
        "legend": ax.legend_, "titles": [ax.get_title(loc) for loc in ("left", "center",
                                                                       "right")],
        "labels": (ax.get_xlabel(), ax.get_ylabel()), "lims": (ax.get_xlim(), ax.get_ylim()),
        "auto": (ax.get_autoscalex_on(), ax.get_autoscaley_on()),
        "datalim": (ax.dataLim.get_points().tolist(), ax.dataLim.minpos.tolist()),
        "ignore": ax.ignore_existing_data_limits,
        "next_color": ax._get_lines.get_next_color()}
    for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
        out[name] = (axis.get_scale(), type(axis.get_major_locator()).__name__,
                     type(axis.get_minor_locator()).__name__,
                     type(axis.get_major_formatter()).__name__, dict(axis._major_tick_kw),
                     dict(axis._minor_tick_kw),
                     # the kept ticks (more than a new axis has) all as a new one
                     {(t.gridline.get_visible(), t.gridline.get_alpha(),
                       t.label1.get_fontweight()) for t in axis.majorTicks})
    return out


def test_a_reset_axes_is_in_the_state_of_a_new_one(analysis: ts.TailAnalysis) -> None:
    _canvas.clear_cache()
    rows = [["survival", "probabilities"]]
    with matplotlib.rc_context({"axes.grid": False}):
        _, (ax, bars) = _canvas.layout_axes(rows, 50, (6.0, 3.0), {})
        new = _state(ax), _state(bars)
        plot.survival(analysis.sketches["pareto"].upper_tail(), ax)  # log axes, grid, legend
        ax.plot([1e-3, 1e3], [1.0, 2.0])  # a colour from the property cycle
        ax.errorbar([1.0, 2.0], [1.0, 2.0], yerr=[0.1, 0.2])  # a container
        plot.probabilities(analysis.classifications["t3"], bars)
        _, (ax2, bars2) = _canvas.layout_axes(rows, 50, (6.0, 3.0), {})
        assert ax2 is ax and bars2 is bars
        for before, after in zip(new, (_state(ax), _state(bars)), strict=True):
            diff = {k: (before[k], v) for k, v in after.items() if v != before[k]}
            assert diff == {}, repr(diff)


def test_layouts_are_kept_per_layout_and_settings() -> None:
    _canvas.clear_cache()
    draw = {"survival": lambda ax: ax.plot([1, 2], [1, 2])}
    fig1, axes1 = _canvas.layout_axes([["survival"]], 50, (3.0, 2.0), {"left": 0.2})
    fig2, axes2 = _canvas.layout_axes([["survival"]], 50, (3.0, 2.0), {"left": 0.2})
    assert fig2 is fig1 and axes2 == axes1
    fig3, _ = _canvas.layout_axes([["survival"]], 60, (3.0, 2.0), {"left": 0.2})
    assert fig3 is not fig1
    with matplotlib.rc_context({"lines.linewidth": 3.0}):  # other settings: a new figure
        fig4, _ = _canvas.layout_axes([["survival"]], 50, (3.0, 2.0), {"left": 0.2})
        assert fig4 is not fig1
        thick = _render_png(draw, [["survival"]], 50).uri
        _canvas.clear_cache()
        assert _render_png(draw, [["survival"]], 50).uri == thick
    for dpi in range(40, 40 + 2 * _canvas.MAX_LAYOUTS):
        _canvas.layout_axes([["survival"]], dpi, (3.0, 2.0), {})
    assert len(_canvas._layouts()) == _canvas.MAX_LAYOUTS
    other: list[Any] = []  # another thread: its own figures
    thread = threading.Thread(target=lambda: other.append(
        _canvas.layout_axes([["survival"]], 50, (3.0, 2.0), {"left": 0.2})[0]))
    thread.start()
    thread.join()
    assert other[0] is not _canvas.layout_axes([["survival"]], 50, (3.0, 2.0),
                                               {"left": 0.2})[0]
