"""Figures of rewards near the float maximum (1.8e308): matplotlib's tick placement and
margins overflow there ("arange: cannot compute length", "cannot convert float infinity to
integer"), so linear axes draw such values in units of their power of ten, which the label
gives (``tailstat.plot._style.huge_power``), and log axes are set before seaborn reads them.
Each input here raised when drawn before. Return levels: ``tests/test_plot_return_levels.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat import plot

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def _ax() -> Axes:
    fig = Figure(figsize=(5, 4), layout="constrained")
    FigureCanvasAgg(fig)
    return fig.subplots()


def _ticks(axis) -> int:  # type: ignore[no-untyped-def]
    return len([t for t in axis.get_ticklabels() if t.get_text()])


def _power(label: str) -> int:
    return int(label.rsplit("1e", 1)[1].rstrip(")"))


@pytest.fixture(scope="module")
def spike() -> np.ndarray:
    """3,000 normal scores and one of 1.7e308 (the report's case: tests/test_report_figures.py)."""
    return np.r_[np.random.default_rng(2).normal(size=3000), 1.7e308]


@pytest.fixture(scope="module")
def pareto() -> np.ndarray:
    """A Pareto tail of index 1 scaled by 1e307 (the draws beyond the float range left out)."""
    with np.errstate(over="ignore"):
        x = np.random.default_rng(0).pareto(1.0, 4000) * 1e307
    return x[np.isfinite(x)]


def test_the_q_q_plots_of_a_huge_reward_are_drawn(spike) -> None:  # type: ignore[no-untyped-def]
    """Both raised numpy's "arange: cannot compute length" in matplotlib's ticks."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        fit = ts.fit_gpd(spike)
    ax = plot.qq_gpd(fit, spike, _ax())
    ax.figure.canvas.draw()
    power = _power(ax.get_ylabel())
    assert power == 308 and ax.get_xlabel().endswith("(×1e+308)")
    drawn = np.asarray(ax.lines[0].get_ydata(), dtype=float) * 10.0**power
    assert drawn.max() == pytest.approx(1.7e308 - fit.threshold, rel=1e-12)
    assert _ticks(ax.xaxis) >= 2 and _ticks(ax.yaxis) >= 2
    ax = plot.qq_exponential(spike, _ax())
    ax.figure.canvas.draw()
    assert ax.get_ylabel().endswith("(×1e+308)") and _ticks(ax.yaxis) >= 2
    # the four diagnostics panels, the density's too (a review: it raised "arange")
    ax = plot.density_gpd(fit, _ax())
    ax.figure.canvas.draw()
    # the histogram stops below the largest excess (review 403): the spike is not in it
    assert ax.get_ylabel() == "density" and max(p.get_x() + p.get_width()
                                                for p in ax.patches) < 1e300


def test_the_density_of_huge_excesses_is_drawn_in_units_of_their_power(pareto) -> None:  # type: ignore[no-untyped-def]
    """A density near 1e308 raised numpy's "arange" in matplotlib's ticks (a review)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        fit = ts.fit_gpd(pareto, threshold="90%")
    ax = plot.density_gpd(fit, _ax())
    ax.figure.canvas.draw()
    assert ax.get_ylabel().startswith("density (per 1e+3") and _ticks(ax.xaxis) >= 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)  # levels past 1.8e308: said
        plot.diagnostics(fit).canvas.draw()


def test_mean_excess_and_threshold_stability_of_huge_rewards_are_drawn(pareto) -> None:  # type: ignore[no-untyped-def]
    """Both raised matplotlib's "cannot convert float infinity to integer" when drawn."""
    me = ts.mean_excess(pareto)
    ax = plot.mean_excess(me, _ax())
    ax.figure.canvas.draw()
    power = _power(ax.get_xlabel())
    assert power >= 306
    assert np.asarray(ax.lines[0].get_xdata()).max() * 10.0**power == pytest.approx(
        me.to_frame()["threshold"].max(), rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        st = ts.threshold_stability(pareto)
    ax = plot.threshold_stability(st, _ax())
    ax.figure.canvas.draw()
    assert "(×1e+30" in ax.get_xlabel() and _ticks(ax.xaxis) >= 2


def test_survival_curves_of_a_huge_reward_are_drawn(spike) -> None:  # type: ignore[no-untyped-def]
    """seaborn read the ticks of the still linear axes: "arange: cannot compute length"."""
    ax = plot.survival_groups({"a": spike, "b": spike[::2]}, ax=_ax())
    ax.figure.canvas.draw()
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(ax.get_lines()) >= 2 and _ticks(ax.xaxis) >= 2
    assert ax.get_xlabel().endswith("(×1e+308)")
    drawn = max(np.nanmax(np.asarray(ln.get_xdata(), dtype=float)) for ln in ax.get_lines()
                if len(ln.get_xdata()))
    assert drawn * 1e308 == pytest.approx(1.7e308 - np.median(spike), rel=1e-9)
    small = plot.survival_groups({"a": spike[:-1]}, ax=_ax())
    assert "×1e" not in small.get_xlabel()


def test_ordinary_rewards_are_drawn_in_their_own_units() -> None:
    x = np.random.default_rng(1).standard_t(3, 2000)
    ax = plot.mean_excess(ts.mean_excess(x), _ax())
    assert ax.get_xlabel() == "threshold u (reward units)"
    assert ax.get_ylabel() == "mean excess E[X − u | X > u]"
    fit = ts.fit_gpd(x)
    ax = plot.qq_gpd(fit, x, _ax())
    assert "×1e" not in ax.get_xlabel() + ax.get_ylabel()
