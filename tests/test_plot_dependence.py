"""tailstat.plot.dependence: χ(u) against the level u."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tailstat import plot

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def test_points_at_chi_zero_are_drawn_above_the_axis_line() -> None:
    """A review: with the y axis starting at 0, χ = 0 (no joint exceedance at the highest
    levels) was drawn on the axis line itself and could not be seen. The axis now starts a
    little below 0, and the upper limit is still matplotlib's."""
    u = np.linspace(0.8, 0.99, 12)
    chi = np.where(u > 0.95, 0.0, 0.3 * (1 - u) / 0.2)
    table = pd.DataFrame({"u": u, "chi": chi, "ci_low": np.maximum(chi - 0.05, 0.0),
                          "ci_high": chi + 0.05})
    fig = Figure(figsize=(5, 3.5))
    FigureCanvasAgg(fig)
    ax = plot.tail_dependence(table, fig.subplots())
    bottom, top = ax.get_ylim()
    assert bottom < 0 and bottom == pytest.approx(-0.04 * top)
    assert top > 0.3


def test_the_independence_line_is_the_tables_expectation() -> None:
    """Review 403: the dotted line was 1 - u (0.05 at u = 0.95) where the table's
    independence column, n_exceed / n, says 0.033 for 30 pairs, and independent samples
    average that."""
    import tailstat as ts

    r = np.random.default_rng(0)
    dep = ts.tail_dependence(r.normal(size=30), r.normal(size=30), [0.8, 0.9, 0.95])
    fig = Figure(figsize=(5, 3.5))
    FigureCanvasAgg(fig)
    ax = plot.tail_dependence(dep, fig.subplots())
    (line,) = [ln for ln in ax.lines if ln.get_label().startswith("independence")]
    assert line.get_label() == "independence (n_exceed / n)"
    np.testing.assert_array_equal(line.get_ydata(), dep.table["independence"].to_numpy())
    table = dep.table.drop(columns="independence")  # a table without it: 1 - u
    ax = plot.tail_dependence(table, Figure().subplots())
    assert any(ln.get_label() == "independence (1 − u)" for ln in ax.lines)
