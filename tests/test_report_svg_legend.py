"""The report's SVG legends and text widths (``tailstat/reporting/_svg_write.py``, review 386)."""

from __future__ import annotations

from xml.etree import ElementTree

import numpy as np
import pytest

from tailstat.reporting._svg import SvgFigure
from tailstat.reporting._svg_write import text_width

SVG = "{http://www.w3.org/2000/svg}"


def test_a_dashed_entry_with_a_marker_shows_its_gaps_beside_the_marker() -> None:
    """A review: the handle was 2 font sizes long and its one gap of the dash pattern lay
    under the marker, so "proxy" and "proxy (past the sample's reach)" looked alike. The
    handle is now long enough for a gap on each side of the marker."""
    fig = SvgFigure(400, 300, 96)
    ax = fig.add_axes((50.0, 50.0, 300.0, 200.0))
    ax.plot(np.arange(5.0), np.arange(5.0), "o-", color="#aa0000", label="sample")
    ax.plot(np.arange(5.0), np.arange(5.0) + 1, "o--", color="#00aa00", label="past it")
    ax.legend(loc="lower right")
    root = ElementTree.fromstring(fig.to_svg())
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#00aa00"
              and p.get("stroke-dasharray") and p.get("d", "").count("h") == 1
              and "L" not in p.get("d", "")]
    assert len(dashed) == 1  # the legend's sample of the dashed line
    d = dashed[0].get("d", "")
    length = float(d.split("h")[1])
    dash, gap = (float(v) for v in dashed[0].get("stroke-dasharray", "").split(",")[:2])
    # the marker (its size from the figure) covers the middle; a gap must lie wholly
    # outside it on each side
    marker = float(fig.px(6.0))
    gaps = [(dash + i * (dash + gap), dash + i * (dash + gap) + gap) for i in range(5)]
    left = [g for g in gaps if g[1] <= length / 2 - marker / 2]
    right = [g for g in gaps if g[0] >= length / 2 + marker / 2 and g[1] <= length]
    assert left and right


def test_the_minus_sign_is_as_wide_as_dejavu_draws_it() -> None:
    """A review: U+2212 was counted 0.65 em where DejaVu Sans draws 0.838, so negative tick
    labels were measured 2 px short and the rotated y label nearly touched "−0.5"."""
    assert text_width("−", 10.0) == text_width("×", 10.0) == pytest.approx(8.38)
    assert text_width("−0.5", 10.0) > text_width("-0.5", 10.0)


@pytest.mark.parametrize("scale", [1e-300, 1e290])
def test_rotated_axis_labels_with_a_unit_fit_the_figure(scale: float) -> None:
    """A review: the Q–Q panel's label "excess over X(n−k), k = 292 (×1e−300)" ran past the
    figure's top; k is now in the panel's title and the label fits."""
    import base64

    import tailstat as ts
    from tailstat.reporting._compute import compute_group
    from tailstat.reporting._figures import group_figure

    a = ts.analyze(scale * np.random.default_rng(7).exponential(size=5000))
    key = next(iter(a.classifications))
    c = a.classifications[key]
    fig = group_figure(c, compute_group(a.sketches[key], c))
    root = ElementTree.fromstring(base64.b64decode(fig.uri.split(",", 1)[1]))
    rotated = [t for t in root.iter(f"{SVG}text") if "rotate" in (t.get("transform") or "")]
    assert any("excess over X(n−k) (×1e" in "".join(t.itertext()) for t in rotated)
    for t in rotated:
        w = text_width("".join(t.itertext()), float(t.get("font-size")))
        y = float(t.get("y"))
        assert t.get("text-anchor") == "middle"
        assert y - w / 2 >= 0 and y + w / 2 <= fig.height, ("".join(t.itertext()), y, w)


def test_the_legend_takes_a_free_place_between_matplotlibs_when_all_of_those_are_covered(
        ) -> None:
    """A review: where every one of matplotlib's nine places covered data, the least-bad was
    taken though a place between two of them covered nothing."""
    fig = SvgFigure(500, 300, 96)
    ax = fig.add_axes((50.0, 50.0, 400.0, 200.0))
    ax.set_xlim(0.0, 100.0)
    ax.set_ylim(0.0, 1.0)
    for x in (2.0, 50.0, 98.0):  # through the left, centre and right columns of places
        ax.plot([x, x], [0.0, 1.0], "-", color="#000000")
    ax.plot([0.0, 1.0], [0.5, 0.5], "-", color="#aa0000", label="a")
    ax.legend(loc="best")
    root = ElementTree.fromstring(fig.to_svg())
    box = next(r for r in root.iter(f"{SVG}rect") if r.get("fill") == "white"
               and r.get("stroke") == "#cccccc")
    x0, w = float(box.get("x")), float(box.get("width"))
    px = [50.0 + 4.0 * x for x in (2.0, 50.0, 98.0)]  # the vertical lines, in pixels
    assert not any(x0 <= p <= x0 + w for p in px), (x0, w, px)
