"""The report's SVG panels (tailstat.reporting._svg, _svg_scale, _svg_write): scales and
ticks, the mapping of data to pixels, escaping, thinning, legends, and every panel of
tailstat.plot that the report draws."""

from __future__ import annotations

import itertools
import warnings
from xml.etree import ElementTree

import numpy as np
import pytest

import tailstat as ts
from tailstat import plot
from tailstat.reporting import _svg_scale as sc
from tailstat.reporting._svg import SvgFigure, xml_text

SVG = "{http://www.w3.org/2000/svg}"


def _panel(width: float = 300.0, height: float = 200.0):  # type: ignore[no-untyped-def]
    fig = SvgFigure(width + 100, height + 100, 96)
    return fig, fig.add_axes((50.0, 50.0, width, height))


def _parse(fig: SvgFigure) -> ElementTree.Element:
    return ElementTree.fromstring(fig.to_svg())


# --- scales and ticks --------------------------------------------------------------------------


def test_linear_ticks_are_round_steps_inside_the_limits() -> None:
    t = sc.ticks(-0.37, 1.24, "linear", 300)
    steps = np.diff(t)
    assert np.allclose(steps, steps[0]) and steps[0] in (0.2, 0.25, 0.5)
    assert -0.37 <= t[0] and t[-1] <= 1.24 and 3 <= len(t) <= 8
    assert sc.tick_labels([-0.5, -0.25, 0.0, 0.25], "linear") == (
        ["−0.50", "−0.25", "0.00", "0.25"], "")
    assert sc.tick_labels([0.0, 2e6, 4e6], "linear") == (["0", "2", "4"], "×1e+6")


@pytest.mark.parametrize(("lo", "hi"), [(1e6, 1e6 + 3), (99_990, 100_010), (1e-4, 1.0003e-4),
                                        (-50_000.0, -49_990.0), (-4e299, -1e299),
                                        (100.0, 100.001), (1234567.2, 1234567.8),
                                        (-50_000.0, -49_999.99)])
def test_distinct_ticks_get_distinct_short_labels(lo: float, hi: float) -> None:
    """Ticks agreeing in their leading digits (rewards offset by 10^6, a spread of 10^-3
    around 100) are written from an offset, as matplotlib does: never one label repeated."""
    t = sc.ticks(lo, hi, "linear", 250)
    labels, offset = sc.tick_labels(t, "linear")
    assert len(set(labels)) == len(labels) >= 2
    assert max(len(s) for s in labels) <= 7
    # the labels and the offset give back the ticks
    add = float(offset.split(" ")[0].replace("−", "-")) if offset[:1] in "+−" else 0.0
    power = int(offset.split("×1e")[1].replace("−", "-")) if "×1e" in offset else 0
    got = [add + float(s.replace("−", "-")) * 10.0 ** power for s in labels]
    assert np.allclose(got, t, rtol=0, atol=(t[1] - t[0]) * 1e-6)


def test_log_ticks_follow_the_plot_rules() -> None:
    # under two decades: 1, 2, 5 steps; beyond: powers of ten
    assert sc.ticks(0.15, 4.0, "log", 300) == [0.2, 0.5, 1.0, 2.0]
    assert sc.ticks(1e-4, 1.0, "log", 300) == [1e-4, 1e-3, 1e-2, 1e-1, 1.0]
    assert sc.tick_labels([1e-4, 0.01, 1.0], "log") == (["0.0001", "0.01", "1"], "")
    # many decades on a short axis: every second one or fewer, never crowded
    assert len(sc.ticks(1e-30, 1.0, "log", 150, gap=50)) <= 4
    # a fraction of a decade: round linear steps (no empty axis), labelled as linear ones
    assert len(sc.ticks(3.28, 4.3, "log", 182)) >= 3
    t = sc.ticks(1234570.0, 1234590.0, "log", 300)
    labels, offset = sc.tick_labels(t, "log")
    assert len(set(labels)) == len(labels) >= 2 and offset
    # the top of the float range: ticks up to 1e308, never 10^309 (an OverflowError)
    assert sc.ticks(1e307, 1.5e308, "log", 300)[-1] <= 1.5e308
    assert 1e250 < sc.ticks(1e-3, 1.7e308, "log", 300)[-1] <= 1e308


def test_symlog_is_linear_then_logarithmic() -> None:
    v = np.array([-30.0, -3.0, 0.0, 1.5, 3.0, 30.0, 300.0])
    t = sc.forward(v, "symlog", 3.0)
    assert np.allclose(t, [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0, 3.0])
    assert sc.inverse(2.0, "symlog", 3.0) == pytest.approx(30.0)
    assert sc.ticks(-1.0, 500.0, "symlog", 300, 3.0) == [0.0, 3.0, 10.0, 100.0]
    # never closer than the gap asked for (here 80 px of 300: 10 is too close to 3)
    assert sc.ticks(-1.0, 500.0, "symlog", 300, 3.0, gap=80) == [0.0, 3.0, 100.0]


def test_autoscale_adds_five_percent_in_the_axis_scale() -> None:
    assert sc.autoscale(0.0, 10.0, "linear") == pytest.approx((-0.5, 10.5))
    lo, hi = sc.autoscale(1.0, 100.0, "log")
    assert (np.log10(lo), np.log10(hi)) == pytest.approx((-0.1, 2.1))
    assert sc.autoscale(0.0, 10.0, "linear", sticky_zero=True) == pytest.approx((0.0, 10.5))
    assert sc.autoscale(5.0, 5.0, "linear") == pytest.approx((4.75, 5.25))
    assert sc.autoscale(np.nan, np.nan, "log") == (1.0, 10.0)
    assert sc.inverse(400.0, "log") == np.inf  # beyond the float range, not an error
    # a log axis keeps finite limits: no margin where it would overflow
    assert sc.autoscale(1e-3, 1.6e302, "log")[1] == 1.6e302
    assert sc.autoscale(1e-3, 1.7e308, "log") == pytest.approx((1e-3 / 10 ** 15.55, 1.7e308))


# --- drawing --------------------------------------------------------------------------------


def test_data_land_on_the_expected_pixels() -> None:
    fig, ax = _panel()
    ax.plot([0.0, 10.0], [0.0, 1.0], "-", color="#123456")
    ax.set_xlim(0.0, 10.0)
    ax.set_ylim(0.0, 1.0)
    path = next(p for p in _parse(fig).iter(f"{SVG}path") if p.get("stroke") == "#123456")
    assert path.get("d") == "M50.0 250.0 350.0 50.0"  # (left, bottom) to (right, top)


def test_a_line_breaks_at_missing_values_and_log_axes_drop_non_positive_ones() -> None:
    fig, ax = _panel()
    ax.plot([1.0, 2.0, np.nan, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0], color="#111111")
    fig2, ax2 = _panel()
    ax2.loglog([-1.0, 1.0, 10.0, 100.0], [1.0, 1.0, 2.0, 3.0], color="#111111")
    for f, subpaths in ((fig, 2), (fig2, 1)):
        d = next(p for p in _parse(f).iter(f"{SVG}path") if p.get("stroke") == "#111111")
        assert d.get("d").count("M") == subpaths


def test_dense_lines_keep_their_peaks() -> None:
    fig, ax = _panel()
    x = np.linspace(0.0, 1.0, 3000)
    ax.plot(x, np.sin(2 * np.pi * x), color="#444444")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(-1.1, 1.1)
    d = next(p for p in _parse(fig).iter(f"{SVG}path") if p.get("stroke") == "#444444")
    y = np.array(d.get("d")[1:].split(), dtype=float)[1::2]
    top, bottom = 50 + 200 * 0.1 / 2.2, 50 + 200 * 2.1 / 2.2  # y = 1 and y = -1
    assert y.min() == pytest.approx(top, abs=0.2) and y.max() == pytest.approx(bottom, abs=0.2)


def test_x_tick_labels_never_overlap() -> None:
    from tailstat.reporting._svg_write import text_width

    for lo, hi in ((-50_000.0, -49_990.0), (-4e299, -1e299), (0.000123, 0.000987),
                   (1e-9, 1e9)):
        fig, ax = _panel(width=180.0)
        ax.plot([lo, hi], [0.0, 1.0])
        if hi / lo > 1e6:
            ax.set_xscale("log")
        root = _parse(fig)
        row = [t for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "middle"
               and float(t.get("y")) > 250]
        xs = sorted((float(t.get("x")), text_width(t.text, 8.5 * 96 / 72)) for t in row)
        assert len(xs) >= 2
        for (x0, w0), (x1, w1) in itertools.pairwise(xs):
            assert x0 + w0 / 2 < x1 - w1 / 2, (lo, hi, [t.text for t in row])


def test_y_labels_stay_inside_the_figure() -> None:
    """Wide tick labels (10000) and a two-line label: the figure's margin grows."""
    import base64

    import pandas as pd

    import tailstat as ts
    from tailstat.goodhart import simulate
    from tailstat.reporting._figures import goodhart_figure

    d = simulate(20_000, "uniform", "rare-exploit", seed=3)
    d["model"] = "m"
    a = ts.analyze(pd.DataFrame(d), column="u", by="model", gold="v", goodhart=True)
    svg = ElementTree.fromstring(base64.b64decode(goodhart_figure(a.goodhart["m"]).uri[26:]))
    label = next(t for t in svg.iter(f"{SVG}text") if "rotate" in (t.get("transform") or ""))
    assert float(label.get("x")) - 10 * 96 / 72 > 0  # its first line's ascent inside too


def test_points_on_the_same_half_pixel_are_written_once() -> None:
    fig, ax = _panel()
    rng = np.random.default_rng(0)
    ax.plot(rng.normal(size=200_000), rng.normal(size=200_000), ".", color="#222222")
    d = next(p for p in _parse(fig).iter(f"{SVG}path") if p.get("stroke") == "#222222")
    dots = d.get("d").count("h0")
    assert 1000 < dots <= 600 * 400  # at most one per half pixel of the 300 x 200 panel
    assert len(fig.to_svg()) < 2_000_000


def test_text_is_escaped_and_cannot_break_the_document() -> None:
    evil = 'a <script>alert(1)</script> & "q" \x00\x1b \u202e reversed'
    assert "<" not in xml_text(evil) and "\x00" not in xml_text(evil)
    assert "\u202e" not in xml_text(evil) and "\ufffd" in xml_text(evil)
    fig, ax = _panel()
    ax.plot([0, 1], [0, 1], label=evil)
    ax.set_title(evil)
    ax.set_xlabel("line one\nline two")
    ax.legend()
    root = _parse(fig)  # well formed
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any("<script>" in t for t in texts)  # shown as text, not markup
    assert not list(root.iter(f"{SVG}script"))
    label = next(t for t in root.iter(f"{SVG}text") if "line one" in "".join(t.itertext()))
    assert [s.text for s in label.iter(f"{SVG}tspan")] == ["line one", "line two"]


def test_the_best_legend_place_avoids_lines_between_far_vertices() -> None:
    fig, ax = _panel()
    ax.plot([0.0, 1.0], [1.0, 0.0], color="#333333", label="a falling line")  # two vertices
    ax.axhline(0.95, color="#777777")  # along the top
    ax.legend(loc="best")
    rect = next(r for r in _parse(fig).iter(f"{SVG}rect") if r.get("stroke") == "#cccccc")
    # not on the diagonal's upper left nor the top line: the lower left corner
    assert float(rect.get("x")) < 120 and float(rect.get("y")) > 150


def test_the_best_legend_place_avoids_the_data() -> None:
    fig, ax = _panel()
    x = np.linspace(0.0, 1.0, 200)
    ax.plot(x, x ** 4, color="#333333", label="rising late")  # empty upper-left corner
    ax.legend(loc="best")
    rect = next(r for r in _parse(fig).iter(f"{SVG}rect") if r.get("stroke") == "#cccccc")
    assert float(rect.get("x")) < 50.0 + 150.0 and float(rect.get("y")) < 50.0 + 100.0


def test_unknown_drawing_calls_fail_loudly() -> None:
    _, ax = _panel()
    with pytest.raises(AttributeError):
        ax.imshow(np.zeros((2, 2)))  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="not drawn"):
        ax.annotate("x", (0.0, 0.0), xycoords="figure pixels")


def test_a_panel_beyond_the_float_range_is_not_drawable() -> None:
    _, ax = _panel()
    ax.plot([0.0, 1.7e308], [0.0, 1.0])
    ax.set_xlim(-1.7e308, 1.7e308)
    assert not ax.drawable()
    ax.blank("cannot")
    assert ax.drawable() and ax.get_xlim() == (0.0, 1.0)


# --- every panel the report draws ----------------------------------------------------------------


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    import tailstat as ts
    from tailstat.gpd import fit_gpd, mean_excess, threshold_stability

    x = np.random.default_rng(3).standard_t(3.0, 5000)
    c = ts.classify(x)
    return {"x": x, "c": c, "gpd": fit_gpd(x, threshold="95%"),
            "paths": {m: ts.tail_path(x, m) for m in ("hill", "moment")},
            "me": mean_excess(x), "stab": threshold_stability(x),
            "tail": ts.upper_tail(x, k_max=2000, median=True)}


@pytest.mark.parametrize("panel", ["probabilities", "survival", "qq_exponential", "path",
                                   "mean_excess", "threshold_stability", "qq_gpd"])
def test_every_report_panel_draws_to_well_formed_svg(results, panel: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from tailstat.reporting import _svg_write

    written: list[float] = []
    real = _svg_write._f

    def spy(v: float) -> str:  # every coordinate and size written goes through _f
        written.append(v)
        return real(v)

    monkeypatch.setattr(_svg_write, "_f", spy)
    fig, ax = _panel()
    r = results
    {"probabilities": lambda: plot.probabilities(r["c"], ax),
     "survival": lambda: plot.survival(r["tail"], ax, fit=r["gpd"]),
     "qq_exponential": lambda: plot.qq_exponential(r["tail"], ax),
     "path": lambda: plot.path(r["paths"], ax, k=200),
     "mean_excess": lambda: plot.mean_excess(r["me"], ax),
     "threshold_stability": lambda: plot.threshold_stability(r["stab"], ax),
     "qq_gpd": lambda: plot.qq_gpd(r["gpd"], ax)}[panel]()
    assert ax.drawable()
    svg = fig.to_svg()
    root = ElementTree.fromstring(svg)
    assert len(list(root.iter(f"{SVG}path"))) >= 3  # data, spines, ticks at least
    # no missing or infinite position reaches the document (written as 0, it would draw a
    # point or a line in the wrong place)
    assert written and np.all(np.isfinite(written))


@pytest.mark.parametrize("shape", ["offset", "tiny", "huge"])
def test_every_text_of_a_group_figure_is_inside_the_figure(shape: str) -> None:
    """Tick labels from an offset (1e+06), wide ones (−4e+299) and the axis labels under them
    fit the figure: its margins grow instead of cutting them (checked on the labels'
    estimated extents)."""
    import base64

    import tailstat as ts
    from tailstat.reporting._compute import compute_group
    from tailstat.reporting._figures import group_figure
    from tailstat.reporting._svg_write import text_width

    rng = np.random.default_rng(5)
    x = {"offset": 1e6 + rng.standard_t(3.0, 5000),
         "tiny": -5e4 + 1e-3 * rng.exponential(size=5000),
         "huge": -1e300 * rng.exponential(size=5000)}[shape]
    a = ts.analyze(x)
    key = next(iter(a.classifications))
    c = a.classifications[key]
    fig = group_figure(c, compute_group(a.sketches[key], c))
    root = ElementTree.fromstring(base64.b64decode(fig.uri.split(",", 1)[1]))
    assert (int(root.get("width")), int(root.get("height"))) == (fig.width, fig.height)
    for t in root.iter(f"{SVG}text"):
        if "rotate" in (t.get("transform") or ""):
            continue  # the y labels: test_y_labels_stay_inside_the_figure
        lines = [s.text for s in t.iter(f"{SVG}tspan")] or [t.text]
        size = float(t.get("font-size"))
        w = max(text_width(s or "", size) for s in lines)
        x0 = float(t.get("x")) - {"middle": w / 2, "end": w}.get(t.get("text-anchor"), 0.0)
        y = float(t.get("y")) + 1.2 * size * (len(lines) - 1)
        assert x0 >= -1 and x0 + w <= fig.width + 1, (t.text, x0, w)
        assert y + 0.3 * size <= fig.height and y - size >= 0, (t.text, y)


def test_the_report_never_imports_matplotlib() -> None:
    """A whole report (its groups' figures, the Goodhart figures and the overview, drawn
    here: one worker process or none) leaves matplotlib and seaborn unimported."""
    from _helpers import imported_by

    code = ("import tempfile, os, numpy as np, pandas as pd, tailstat\n"
            "r = np.random.default_rng(0)\n"
            "df = pd.DataFrame({'g': np.repeat(['a', 'b'], 3000),\n"
            "                   'r': np.r_[r.standard_t(3.0, 3000), r.normal(size=3000)]})\n"
            "with tempfile.TemporaryDirectory() as d:\n"
            "    tailstat.report(df, os.path.join(d, 'r.html'), column='r', by='g')\n")
    assert imported_by(code, ("matplotlib", "seaborn")) == []


def test_dash_dot_is_a_line_style_not_a_point_marker() -> None:
    """``"-."`` (matplotlib's dash-dot) was read as a solid line with point markers."""
    fig, ax = _panel()
    ax.plot(np.arange(5.0), np.arange(5.0), "-.", color="#123456")
    paths = [p for p in _parse(fig).iter(f"{SVG}path") if p.get("stroke") == "#123456"]
    assert len(paths) == 1 and paths[0].get("fill") == "none"  # one line, no marker path
    assert len(paths[0].get("stroke-dasharray", "").split(",")) == 4


def test_the_estimators_paths_differ_without_colour(results) -> None:  # type: ignore[no-untyped-def]
    """Hill, moment and Pickands were three solid lines told apart by colour alone."""
    import tailstat as ts
    from tailstat.plot._style import METHOD_COLORS

    fig, ax = _panel()
    paths = {**results["paths"], "pickands": ts.tail_path(results["x"], "pickands")}
    plot.path(paths, ax, k=200)
    dashes = {}
    for p in _parse(fig).iter(f"{SVG}path"):
        for method in paths:
            if p.get("stroke") == METHOD_COLORS[method] and p.get("fill") == "none":
                dashes.setdefault(method, set()).add(p.get("stroke-dasharray"))
    assert set(dashes) == set(paths)
    styles = [frozenset(d) for d in dashes.values()]
    assert all(len(s) == 1 for s in styles) and len(set(styles)) == 3, dashes


def test_the_goodhart_legend_sits_where_no_curve_runs() -> None:
    """A review (and the demo report): the legend of 'What optimisation would do', fixed at
    the upper left without a box, had the best-of-n curve and the dotted 'sample stops' line
    running through its text."""
    import base64
    import re

    import pandas as pd

    import tailstat as ts
    from tailstat import datasets
    from tailstat.reporting._figures import goodhart_figure

    df = pd.read_csv(datasets.path("reward_models"))
    a = ts.analyze(df, "reward", by="model", gold="gold", goodhart=True, warn=False)
    for key in a.goodhart:
        svg = ElementTree.fromstring(base64.b64decode(goodhart_figure(a.goodhart[key]).uri[26:]))
        box = next(r for r in svg.iter(f"{SVG}rect") if r.get("fill-opacity") == "0.8")
        x, y, w, h = (float(box.get(c)) for c in ("x", "y", "width", "height"))
        for path in svg.iter(f"{SVG}path"):
            pts = np.array(re.findall(r"(-?[\d.]+)[ ,](-?[\d.]+)", path.get("d") or ""),
                           dtype=float).reshape(-1, 2)
            inside = (pts[:, 0] > x) & (pts[:, 0] < x + w) & (pts[:, 1] > y) & (pts[:, 1] < y + h)
            if inside.all():  # the legend's own samples of the lines
                continue
            assert not inside.any(), (key, path.get("d"))


def test_the_y_offset_ends_the_y_label_instead_of_meeting_it_and_the_title() -> None:
    """A review: at scores near 1e-8 the y axis' offset ('×1e−10'), written above the axis to
    the left of the panel, overlapped the end of the rotated label 'mean excess E[X − u | X >
    u]' and touched the panel's title."""
    fig, ax = _panel()
    ax.plot([0.0, 1.0, 2.0], [1e-10, 3e-10, 2e-10])
    ax.set_ylabel("mean excess E[X − u | X > u]")
    ax.set_title("(f) Mean excess", loc="left")
    texts = [t for t in _parse(fig).iter(f"{SVG}text")]
    label = next(t for t in texts if "rotate" in (t.get("transform") or ""))
    assert "".join(label.itertext()).endswith("(×1e−10)")
    assert not any("".join(t.itertext()) == "×1e−10" for t in texts)
    fig, ax = _panel()  # without a label, the offset stays above the axis
    ax.plot([0.0, 1.0, 2.0], [1e-10, 3e-10, 2e-10])
    assert any("".join(t.itertext()) == "×1e−10" for t in _parse(fig).iter(f"{SVG}text"))


def test_the_stability_panel_reaches_the_classifiers_threshold_at_small_n() -> None:
    """At n = 100-200 the panel's points started at 30 exceedances, above the classifier's k
    (10-20): the threshold it marks, and the fit the tables quote, were not on it (a
    review)."""
    from tailstat.reporting._compute import compute_group
    from tailstat.sketch import TailSketch

    for n in (60, 100, 200):
        x = np.random.default_rng(n).normal(size=n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c = ts.classify(x)
            st = compute_group(TailSketch.from_sample(x), c).stability
        assert st is not None and int(st.n_exceed.min()) <= c.k
        assert np.isfinite(st.xi[st.n_exceed == st.n_exceed.min()]).all()


@pytest.mark.parametrize("draw", [plot.qq_gpd, plot.qq_exponential])
def test_a_qq_plots_legend_leaves_its_largest_points_in_view(draw) -> None:
    """A review: the Q–Q plots' legend sat fixed at the upper left, where a heavy tail's
    largest exceedances lie (above the line y = x, at the plot's top): it hid them in 5 of
    the 10 heavy groups of a report. It now goes where it covers the fewest points."""
    import re

    x = np.random.default_rng(0).standard_t(2, 5000)
    fig, ax = _panel()
    draw(ts.fit_gpd(x, "auto", warn=False) if draw is plot.qq_gpd else x, ax=ax)
    svg = fig.to_svg()
    bx, by, bw, bh = map(float, re.search(
        r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="[\d.]+" '
        r'fill="white"', svg).groups())
    data = "".join(re.findall(r'<g clip-path="url\(#c\d+\)">(.*?)</g>', svg, re.S))
    points = [(float(a), float(b)) for a, b in re.findall(r"M([\d.]+) ([\d.]+)h0", data)]
    assert len(points) > 50  # the markers drawn inside the axes (not the legend's own)
    assert not [p for p in points if bx <= p[0] <= bx + bw and by <= p[1] <= by + bh]


def test_a_line_kept_out_of_autoscaling_leaves_the_limits_alone() -> None:
    """A review: plot(..., scaley=False) was swallowed, so the heavy frontier drawn to the
    top of the axis raised the top by another margin (and ended short of it)."""
    ax = SvgFigure(400, 300, 96).add_axes((50, 20, 300, 240))
    ax.plot([0.0, 1.0], [0.0, 10.0])
    before = ax.get_ylim()
    ax.plot([0.0, 0.0], [0.0, 1e6], scaley=False)
    ax.plot([-50.0, 0.0], [0.0, 1.0], scalex=False, scaley=False)
    assert ax.get_ylim() == before and ax.get_xlim()[0] > -1.0


def test_goodhart_symlog_ticks_cover_the_range_both_sides() -> None:
    """A review: the heavy figure's ticks came from the top of the shown points, not the
    axis' limits (a decade unlabelled), and below 0 only -1 was labelled."""
    from tailstat.plot.goodhart import _symlog_ticks

    ax = SvgFigure(400, 300, 96).add_axes((50, 20, 300, 240))
    _symlog_ticks(ax, -6.5, 130.0)
    assert ax.yaxis.ticks == [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 10.0, 30.0, 100.0]
    assert [t.text for t in ax.get_yticklabels()][:2] == ["−3", "−2"]
    _symlog_ticks(ax, -0.65, 2e5)  # six decades: the linear part is narrow, 2 and 3e^k left
    assert ax.yaxis.ticks == [0.0, 1.0, 3.0, 10.0, 100.0, 1e3, 1e4, 1e5]
