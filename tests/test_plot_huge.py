"""Figures of rewards near the float maximum (1.8e308): matplotlib's tick placement and
margins overflow there ("arange: cannot compute length", "cannot convert float infinity to
integer"), so linear axes draw such values in units of their power of ten, which the label
gives (``tailstat.plot._style.huge_power``), and log axes are set before seaborn reads them.
Return levels: ``tests/test_plot_return_levels.py``."""

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


@pytest.fixture(scope="module")
def pareto() -> np.ndarray:
    """4,000 draws of a Pareto tail of index 1 scaled to a largest of 1e307."""
    x = np.random.default_rng(0).pareto(1.0, 4000)
    return x / x.max() * 1e307


def test_the_gpd_qq_plot_of_huge_rewards_is_drawn(pareto) -> None:  # type: ignore[no-untyped-def]
    """It raised matplotlib's OverflowError when drawn (so did ``diagnostics``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        fit = ts.fit_gpd(pareto)
    ax = plot.qq_gpd(fit, pareto, _ax())
    ax.figure.canvas.draw()
    power = int(ax.get_ylabel().rsplit("1e", 1)[1].rstrip(")"))
    assert power >= 306 and ax.get_xlabel().endswith(f"(×1e+{power})")
    y = np.sort(pareto[pareto > fit.threshold] - fit.threshold)
    drawn = np.asarray(ax.lines[0].get_ydata(), dtype=float) * 10.0**power
    assert np.isin(drawn.max(), y * (1 + 1e-12)) or drawn.max() == pytest.approx(y[-1],
                                                                                 rel=1e-12)
    assert _ticks(ax.xaxis) >= 2 and _ticks(ax.yaxis) >= 2
    with pytest.warns(ts.TailstatWarning, match="beyond the largest floating-point number"):
        figure = plot.diagnostics(fit)  # its return levels reach past 1.8e308 (said)
    figure.canvas.draw()


def test_mean_excess_and_threshold_stability_of_huge_rewards_are_drawn(pareto) -> None:  # type: ignore[no-untyped-def]
    x = pareto * 10  # thresholds and mean excesses near 1e307
    me = ts.mean_excess(x)
    ax = plot.mean_excess(me, _ax())
    ax.figure.canvas.draw()
    assert ax.get_xlabel().endswith("(×1e+307)") or ax.get_xlabel().endswith("(×1e+306)")
    frame = me.to_frame()
    power = int(ax.get_xlabel().rsplit("1e", 1)[1].rstrip(")"))
    assert np.asarray(ax.lines[0].get_xdata()).max() * 10.0**power == pytest.approx(
        frame["threshold"].max(), rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        st = ts.threshold_stability(x)
    ax = plot.threshold_stability(st, _ax())
    ax.figure.canvas.draw()
    assert "(×1e+30" in ax.get_xlabel() and _ticks(ax.xaxis) >= 2


def test_survival_curves_of_huge_rewards_are_drawn(pareto) -> None:  # type: ignore[no-untyped-def]
    """seaborn read the ticks of the still linear axes, which overflowed at 1e306."""
    ax = plot.survival_groups({"a": pareto * 10, "b": pareto}, ax=_ax())
    ax.figure.canvas.draw()
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(ax.get_lines()) >= 2 and _ticks(ax.xaxis) >= 2
    assert ax.get_xlabel().endswith("(×1e+307)")
    drawn = max(np.nanmax(np.asarray(ln.get_xdata(), dtype=float)) for ln in ax.get_lines()
                if len(ln.get_xdata()))
    assert drawn * 1e307 == pytest.approx(1e308 - np.median(pareto * 10), rel=1e-9)
    small = plot.survival_groups({"a": pareto / 1e300}, ax=_ax())
    assert "×1e" not in small.get_xlabel()


def test_ordinary_rewards_are_drawn_in_their_own_units() -> None:
    x = np.random.default_rng(1).standard_t(3, 2000)
    ax = plot.mean_excess(ts.mean_excess(x), _ax())
    assert ax.get_xlabel() == "threshold u (reward units)"
    assert ax.get_ylabel() == "mean excess E[X − u | X > u]"
    fit = ts.fit_gpd(x)
    ax = plot.qq_gpd(fit, x, _ax())
    assert "×1e" not in ax.get_xlabel() + ax.get_ylabel()
