"""The plot functions' cases a stop-62 review found drawn wrong (``tailstat/plot/``): the GPD
line of a survival plot that began right of most exceedances, an interval named in a legend
but not drawn, names that broke a figure or its legend, a Q–Q plot shallower than the
classifier, a narrow log axis with one tick, and error bars missing from an SVG legend."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import agg_axes

import tailstat as ts
from tailstat import plot

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.axes import Axes  # noqa: E402


def _ax() -> Axes:
    return agg_axes()


def _legend(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_the_gpd_line_of_a_survival_plot_starts_at_the_threshold() -> None:
    """Drawn on an evenly spaced grid, the line's first point (at the threshold, zero after
    the median shift) was dropped and its second lay right of 97% of the exceedances."""
    x = np.abs(np.random.default_rng(0).standard_cauchy(5000))
    fit = ts.fit_gpd(x)
    ax = plot.survival(x, fit=fit, ax=_ax())
    (line,) = [ln for ln in ax.get_lines() if ln.get_label().startswith("GPD")]
    drawn = line.get_xdata()
    shifted = np.sort(x)[::-1][: fit.n_exceed] - np.median(x)
    assert np.mean(shifted[shifted > 0] < drawn.min()) < 0.01
    assert np.all(np.diff(np.log(drawn)) > 0)


@pytest.mark.parametrize("periods", [None, [1e6]])
def test_an_interval_that_is_not_there_is_not_named_as_drawn(periods: list[float] | None
                                                              ) -> None:
    """A PWM fit with ξ >= 1/2 has no delta-method interval: the legend named one beside
    nothing drawn, and for one period said "no upper end" (the lower one was missing too)."""
    x = np.random.default_rng(0).pareto(2, 2000) + 1
    fit = ts.fit_gpd(x, method="pwm")
    assert np.isnan(fit.return_level(1e6, method="delta").low).all()
    ax = plot.return_levels(fit, periods=periods, ax=_ax())
    said = _legend(ax)
    assert "95% delta method: not available" in said
    assert not any("no upper end" in s for s in said)
    assert not ax.collections or not ax.collections[0].get_paths()


def test_names_of_k_marks_are_drawn_literally() -> None:
    """The path's lines named a run literally, its k marks did not: '$x_$' failed when the
    figure was drawn (mathtext), after the call had returned."""
    df = ts.tail_path(np.random.default_rng(0).pareto(2, 3000) + 1, "hill")
    ax = plot.path({"run $x_$": df}, k={"run $x_$": 100}, ax=_ax())
    ax.figure.canvas.draw()
    assert _legend(ax) == ["run \\$x_\\$: Hill", "95% interval", "run \\$x_\\$: k = 100"]


def test_a_list_of_paths_of_one_method_names_their_samples() -> None:
    x = np.random.default_rng(1).pareto(2, 3000) + 1
    paths = [ts.tail_path(pd.Series(x, name="rm_A"), "hill"),
             ts.tail_path(pd.Series(2 * x, name="rm_B"), "hill")]
    assert _legend(plot.path(paths, ax=_ax())) == ["rm_A: Hill", "95% interval", "rm_B: Hill"]


def test_long_group_names_are_cut_in_the_middle_in_the_legend() -> None:
    """Sweep runs 200 characters long ran the legend off the figure (constrained layout
    collapsed) and lost the ends that tell them apart."""
    rng = np.random.default_rng(0)
    base = ("reward_model_checkpoint_with_a_rather_long_descriptive_name_from_a_sweep_" * 3)
    tails = {base[:200] + f"_{i}": rng.normal(size=500) for i in range(3)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot.survival_groups(tails, ax=_ax())
        ax.figure.canvas.draw()
    said = _legend(ax)
    assert len(set(said)) == 3 and all(len(s) <= 32 for s in said)
    assert [s[-2:] for s in said] == ["_0", "_1", "_2"]


def test_the_exponential_qq_plot_reads_as_deep_as_the_classifier() -> None:
    """Its default k is the classifier's, as documented; it was capped at 5 000 (10 000 at
    n = 10^6)."""
    x = np.random.default_rng(0).pareto(2, 1_000_000) + 1
    k = ts.classify(x, warn=False).k
    assert k > 5000
    assert plot.qq_exponential(x, ax=_ax()).get_title().endswith(f"k = {k:,}")


@pytest.mark.parametrize(("lo", "hi"), [(1.0, 1.9), (0.9, 1.0)])
def test_a_log_axis_over_a_fraction_of_a_decade_has_several_ticks(lo: float, hi: float) -> None:
    x = np.random.default_rng(0).uniform(lo, hi, 2000)
    ax = plot.survival(x, shift=None, ax=_ax())
    ax.figure.canvas.draw()
    a, b = ax.get_xlim()
    shown = [t for t in ax.get_xticks() if a <= t <= b]
    assert len(shown) >= 3


def test_error_bars_keep_their_label_in_an_svg_legend() -> None:
    from xml.etree import ElementTree

    from tailstat.reporting._svg import SvgFigure

    fig = SvgFigure(400, 300, 96)
    ax = fig.add_axes((50.0, 50.0, 300.0, 200.0))
    ax.plot([1.0, 2.0], [1.0, 2.0], label="estimate")
    ax.errorbar([1.0, 2.0], [1.0, 2.0], yerr=[[0.2, 0.2], [0.3, 0.3]], capsize=3,
                label="95% interval")
    ax.legend()
    texts = "".join(ElementTree.fromstring(fig.to_svg()).itertext())
    assert "estimate" in texts and "95% interval" in texts


def test_a_long_name_with_a_dollar_is_cut_without_a_stray_backslash() -> None:
    rng = np.random.default_rng(0)
    tails = {"r" * 14 + "$" + "r" * 45 + str(i): rng.normal(size=300) for i in range(3)}
    ax = plot.survival_groups(tails, ax=_ax())
    ax.figure.canvas.draw()
    for text in _legend(ax):
        assert text.replace("\\$", "") .count("\\") == 0 and "…" in text


def test_a_log_axis_with_fewer_than_two_round_ticks_gets_linear_ones() -> None:
    """A re-read: an axis from 2.1 to 6.65 (half a decade and a little more) held one of the
    1, 2, 5 ticks, '5', in the report's SVG panels and in matplotlib."""
    from tailstat.reporting import _svg_scale as sc

    assert sc.ticks(2.1, 6.65, "log", 400) == [3.0, 4.0, 5.0, 6.0]
    assert sc.ticks(1.0, 100.0, "log", 400) == [1.0, 10.0, 100.0]
    ax = _ax()
    ax.set_xscale("log")
    ax.set_xlim(2.1, 6.65)
    from tailstat.plot._style import tidy_log_axes

    tidy_log_axes(ax)
    ax.figure.canvas.draw()
    shown = [t for t in ax.get_xticks() if 2.1 <= t <= 6.65]
    assert len(shown) >= 3
