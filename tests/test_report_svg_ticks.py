"""Tick positions of the report's SVG panels (``tailstat.reporting._svg_scale.ticks``) on
short axes: a linear axis under about 144 px got a single tick for spans such as 0.2 to
1.73 (a round step up to twice the span / 3 fits once), which cannot be read."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat.reporting import _svg_scale as sc
from tailstat.reporting._svg import SvgFigure
from tailstat.reporting._svg_write import _axis_ticks, _Frame


@pytest.mark.parametrize("length", [20.0, 60.0, 100.0, 143.0])
def test_a_short_linear_axis_gets_two_ticks_at_least(length: float) -> None:
    """0.2 to 1.73 had one tick, 1.0, on every axis shorter than 144 px."""
    t = sc.ticks(0.2, 1.73, "linear", length)
    assert len(set(t)) >= 2
    assert all(0.2 <= v <= 1.73 for v in t)
    # round steps still: 0.5, 1, 1.5
    assert np.allclose(np.diff(t), t[1] - t[0])


def test_any_length_and_span_gets_two_ticks() -> None:
    """A sweep of spans (10^-6 to 10^6 times their start) and axis lengths (5 to 400 px):
    about one in nine had a single tick below 144 px."""
    rng = np.random.default_rng(0)
    for length in (5.0, 36.0, 71.0, 107.0, 143.0, 144.0, 400.0):
        for _ in range(2000):
            lo = rng.uniform(-5.0, 5.0) * 10.0 ** rng.uniform(-6, 6)
            hi = lo + abs(lo) * 10.0 ** rng.uniform(-6, 6)
            t = sc.ticks(lo, hi, "linear", length)
            assert len(set(t)) >= 2, (lo, hi, length, t)
            assert all(lo - 1e-9 * abs(lo) <= v <= hi + 1e-9 * abs(hi) for v in t)


def test_a_log_axis_over_a_fraction_of_a_decade_falls_back_to_two_linear_ticks() -> None:
    """The log rule hands an axis under half a decade to the linear one, which gave 1.06
    to 2.58 one tick, 2."""
    assert sc.ticks(1.06, 2.58, "log", 100.0) == [1.5, 2.0, 2.5]


def test_a_short_panel_labels_two_y_ticks() -> None:
    """A panel 100 px high drew a y axis from 0.2 to 1.73 with the single label '1.0'."""
    fig = SvgFigure(400.0, 200.0, 96.0)
    ax = fig.add_axes((50.0, 50.0, 300.0, 100.0))
    ax.plot([0.0, 1.0], [0.2, 1.73])
    ax.set_ylim(0.2, 1.73)
    ticks = _axis_ticks(_Frame(ax), "y")
    assert len(ticks.labels) >= 2 and len(set(ticks.labels)) == len(ticks.labels)
    assert ticks.labels == ["0.5", "1.0", "1.5"]


@pytest.mark.parametrize(("lo", "hi", "px"), [(15, 5000, 60), (2, 900, 80), (1.5, 1500, 60)])
def test_a_short_log_axis_over_decades_gets_two_ticks(lo: float, hi: float, px: float) -> None:
    """A review: every stride-th power of ten anchored at 10^0 left one inside (100 alone
    for 15 to 5 000 at 60 px); another phase or a shorter stride gives two."""
    t = sc.ticks(lo, hi, "log", px)
    assert len(t) >= 2 and all(lo <= v <= hi for v in t)


def test_an_axis_across_the_float_range_gets_ticks() -> None:
    """-1.5e308 to 1.5e308: the span overflows, and the axis had one tick."""
    t = sc.ticks(-1.5e308, 1.5e308, "linear", 200)
    assert len(t) >= 2 and all(abs(v) <= 1.5e308 for v in t)
