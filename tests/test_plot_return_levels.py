"""The return level plot (``tailstat.plot.return_levels``) where its interval has no upper
end at the long periods only (the band stopped there and read as finite), and for rewards
near 1e303, whose levels come near the float maximum (matplotlib's ticks overflowed)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import tailstat as ts
from tailstat import plot
from tailstat.errors import TailstatWarning

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

NO_UPPER = "95% profile likelihood (no upper end)"


def _ax(layout: str | None = None) -> Axes:
    fig = Figure(figsize=(5, 4), layout=layout)
    FigureCanvasAgg(fig)
    return fig.subplots()


def _legend(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _open_line(ax: Axes):  # type: ignore[no-untyped-def]
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == NO_UPPER]
    return line


# --- an interval without an upper end at the long periods ---------------------------------


@pytest.fixture(scope="module")
def level():  # type: ignore[no-untyped-def]
    fit = ts.fit_gpd(np.random.default_rng(0).standard_t(3.0, 4000))
    return fit.return_level(np.geomspace(20, 1e5, 10))


def test_a_band_open_at_long_periods_says_so(level) -> None:  # type: ignore[no-untyped-def]
    """The upper ends of the four longest periods infinite: the band stopped at the sixth
    period under the legend "95% profile likelihood" alone, which reads as a finite band."""
    opened = level.period > 3000
    ax = plot.return_levels(dataclasses.replace(level, high=np.where(opened, np.inf,
                                                                     level.high)), _ax())
    said = _legend(ax)
    assert "95% profile likelihood" in said and NO_UPPER in said
    line = _open_line(ax)
    # the lower end drawn on from the band's last period, with a mark at each open one
    y = np.asarray(line.get_ydata(), dtype=float)
    shown = np.isfinite(y)
    assert np.array_equal(shown, opened | np.r_[opened[1:], False])
    assert np.allclose(y[shown], level.low[shown])
    assert line.get_marker() == "^" and list(line.get_markevery()) == opened.tolist()
    # the band keeps the periods that have an upper end
    band = ax.collections[0].get_paths()[0].vertices
    assert band[:, 0].max() == pytest.approx(level.period[~opened].max())
    ax.figure.canvas.draw()


def test_a_band_open_at_every_period_is_not_named_as_drawn(level) -> None:  # type: ignore[no-untyped-def]
    """No upper end anywhere: an empty band was named "95% profile likelihood"."""
    ax = plot.return_levels(dataclasses.replace(level, high=np.full(10, np.inf)), _ax())
    assert _legend(ax) == ["fitted GPD", NO_UPPER]
    assert np.allclose(_open_line(ax).get_ydata(), level.low)


def test_a_heavy_tails_profile_interval_opens_at_long_periods() -> None:
    """The case as fitted: 40 values of a Pareto tail of index 1/2, whose profile likelihood
    never falls below the cut-off above the level of the longest periods."""
    x = np.random.default_rng(0).pareto(0.5, 40) + 1
    fit = ts.fit_gpd(x, threshold="75%")
    periods = np.geomspace(1.05 / fit.zeta, 1e60, 12)
    rl = fit.return_level(periods)
    opened = np.isinf(rl.high)
    assert opened.any() and not opened.all()
    ax = plot.return_levels(fit, _ax(), periods=periods)
    assert NO_UPPER in _legend(ax)
    assert np.array_equal(_open_line(ax).get_markevery(), opened.tolist())


def test_bands_with_every_upper_end_are_drawn_as_before(level) -> None:  # type: ignore[no-untyped-def]
    ax = plot.return_levels(level, _ax())
    assert _legend(ax) == ["fitted GPD", "95% profile likelihood"]
    assert ax.get_ylabel() == "return level"


# --- rewards near 1e303 ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def near_max() -> ts.gpd.GPDFit:
    x = np.random.default_rng(0).standard_cauchy(4000)
    return ts.fit_gpd(x / np.median(np.abs(x)) * 1e303)


def test_levels_near_the_float_maximum_are_drawn(near_max) -> None:  # type: ignore[no-untyped-def]
    """Levels to 1.2e307, interval to 9.3e307: matplotlib's tick steps overflowed (and, with
    the overflow warnings ignored, the axis collapsed to ±1e-12 and showed nothing)."""
    periods = np.geomspace(40, 2e4, 20)
    rl = near_max.return_level(periods)
    ax = plot.return_levels(near_max, _ax("constrained"), periods=periods)
    ax.figure.canvas.draw()
    lo, hi = ax.get_ylim()
    # a heavy tail's levels on a log axis (they span four decades), the band's top, 9.34,
    # within it
    assert ax.get_yscale() == "log" and 0 < lo < 1e-3 and 9.3 < hi < 20
    assert ax.get_ylabel() == "return level (×1e+307)"
    assert len([t for t in ax.get_yticklabels() if t.get_text()]) >= 2
    curve = ax.get_lines()[0].get_ydata()
    assert np.allclose(np.asarray(curve) * 1e307, rl.estimate)


def test_levels_beyond_the_float_maximum_are_drawn(near_max) -> None:  # type: ignore[no-untyped-def]
    """The default periods reach a level beyond 1.8e308 (inf, with tailstat's warning):
    drawing the figure raised numpy's "arange: cannot compute length"."""
    ax = _ax("constrained")
    with pytest.warns(TailstatWarning, match="beyond the largest floating-point number"):
        plot.return_levels(near_max, ax)
    ax.figure.canvas.draw()
    assert ax.get_ylabel() == "return level (×1e+308)"
    assert NO_UPPER in _legend(ax)
    assert all(np.isfinite(ax.get_ylim()))


def test_the_power_of_ten_of_huge_values() -> None:
    from tailstat.plot._style import huge_power, power_text

    assert huge_power(np.array([1.0, 9e305]), None) == 0
    assert huge_power(np.array([np.inf, np.nan, 1.7e308])) == 308
    assert huge_power(np.array([-2e306, 1.0])) == 306
    assert power_text(0) == "" and power_text(307) == " (×1e+307)"
