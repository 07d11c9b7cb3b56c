"""The plot functions' cases a stop-43 review found drawn wrong (``tailstat/plot/``): periods
out of order or alone, a Q–Q plot of part of the exceedances, a k past the paths, a KL axis
cut short, an analysis whose every group failed, levels lost with ``to_frame()``, and group
names that print alike."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import plot

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def _ax() -> Axes:
    fig = Figure(figsize=(5, 4))
    FigureCanvasAgg(fig)
    return fig.subplots()


@pytest.fixture(scope="module")
def x() -> np.ndarray:
    return np.random.default_rng(0).standard_t(3.0, 4000)


def test_return_levels_in_any_order_and_alone(x) -> None:
    """Unsorted periods drew a zig-zag and a self-crossing band; one period drew nothing
    visible beside a legend naming a curve and a band; a ReturnLevel ignored periods= and
    the other settings; a Series or range of periods was refused."""
    fit = ts.fit_gpd(x)
    ax = plot.return_levels(fit, _ax(), periods=[10000, 20, 1000, 100])
    assert np.all(np.diff(ax.lines[0].get_xdata()) > 0)
    ax = plot.return_levels(fit, _ax(), periods=[100])
    assert ax.lines[0].get_marker() == "o" and ax.containers  # a point with its error bar
    plot.return_levels(fit, _ax(), periods=pd.Series([20, 100, 1000]))
    plot.return_levels(fit, _ax(), periods=range(20, 1000, 100))
    with pytest.raises(ts.DataError, match="periods apply to a GPDFit"):
        plot.return_levels(fit.return_level([20, 100]), _ax(), periods=[25])


def test_qq_gpd_refuses_part_of_the_exceedances_and_reads_a_sketch(x) -> None:
    """upper_tail(x, k_max=50) was read as every exceedance (plotting positions over 51 of
    341: a good fit drawn far off y = x); a table of two columns was flattened into one; a
    sketch the fit was made from was refused."""
    fit = ts.fit_gpd(x)
    with pytest.raises(ts.DataError, match="holds the top 51 of 4000 values"):
        plot.qq_gpd(fit, ts.upper_tail(x, k_max=50), _ax())
    with pytest.raises(ts.DataError, match="pass the column itself"):
        plot.qq_gpd(fit, pd.DataFrame({"a": x, "b": 100 * x}), _ax())
    sketch = ts.TailSketch.from_sample(x)
    ax = plot.qq_gpd(ts.fit_gpd(sketch), sketch, _ax())
    assert ax.get_title() == f"GPD Q–Q plot, k = {fit.n_exceed}"


def test_a_k_past_the_paths_is_refused(x) -> None:
    with pytest.raises(ts.DataError, match="k = 10000000 lies outside the paths' k") as err:
        plot.path(ts.tail_path(x, "hill"), _ax(), k=10**7)
    assert "k_max" not in str(err.value)  # past the sample: no path reaches it
    # a k past the paths' depth that a path can reach is told how (a review: Hill's own
    # chosen k of 9,318 at n = 20,000 past the default 5,000)
    y = np.random.default_rng(0).pareto(2.0, 20_000) + 1.0
    with pytest.raises(ts.DataError, match=r"tail_path\(x, k_max=9318\)"):
        plot.path(ts.tail_path(y, "hill"), _ax(), k=9318)
    with pytest.raises(ts.DataError) as err:  # Pickands reads 4k values: 6,000 is past it
        plot.path(ts.tail_path(y, "pickands"), _ax(), k=6000)
    assert "k_max" not in str(err.value)


def test_goodhart_with_a_short_kl_axis() -> None:
    """max_kl below the sample's stop put its label outside the Axes (the layout collapsed,
    with a warning) and kept the y range of the points cut off."""
    rng = np.random.default_rng(0)
    u = rng.standard_t(3, 20_000)
    gs = ts.goodhart_summary(u, 0.5 * u + rng.normal(size=20_000))
    fig = Figure(figsize=(6, 4.2), layout="constrained")
    FigureCanvasAgg(fig)
    ax = plot.goodhart(gs, fig.subplots(), max_kl=2.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    assert not any("sample stops" in t.get_text() for t in ax.texts)
    assert ax.get_ylim()[1] < 10


def test_overview_of_an_analysis_whose_every_group_failed() -> None:
    rng = np.random.default_rng(0)
    an = ts.analyze(pd.DataFrame({"g": ["tiny"] * 10, "r": rng.normal(size=10)}), "r", by="g",
                    warn=False)
    ax = plot.overview(an, _ax())
    assert any("no group was analysed (1 failed" in t.get_text() for t in ax.texts)


def test_levels_survive_to_frame(x) -> None:
    me = ts.mean_excess(x, ci=0.5)
    ax = plot.mean_excess(me.to_frame(), _ax())
    assert "50% band" in [t.get_text() for t in ax.get_legend().get_texts()]
    st = ts.threshold_stability(x, ci=0.8)
    ax = plot.threshold_stability(st.to_frame(), _ax())
    assert "80% interval" in [t.get_text() for t in ax.get_legend().get_texts()]
    bare = pd.DataFrame(me.table)  # a table without the level: no percentage claimed
    ax = plot.mean_excess(bare, _ax())
    assert "band" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_a_table_that_lost_its_attrs_keeps_its_level_in_a_column(x) -> None:
    """``attrs`` do not survive every table operation (a concatenation of frames at
    different levels drops them): the level column of ``to_frame()`` is read instead; a
    frame's ``level`` attribute (its column) is not mistaken for the level."""
    me = ts.mean_excess(x, ci=0.5).to_frame()
    me.attrs.clear()
    ax = plot.mean_excess(me, _ax())
    assert "50% band" in [t.get_text() for t in ax.get_legend().get_texts()]
    rng = np.random.default_rng(0)
    dep = ts.tail_dependence(rng.normal(size=3000), rng.normal(size=3000),
                             np.linspace(0.8, 0.99, 12), ci=0.8)
    frame = dep.to_frame()
    frame.attrs.clear()
    ax = plot.tail_dependence(frame, _ax())
    assert "80% interval" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_survival_groups_keeps_names_that_print_alike_apart() -> None:
    rng = np.random.default_rng(0)
    ax = plot.survival_groups({1: rng.standard_t(3, 2000), "1": 0.1 * rng.normal(size=2000)},
                              _ax())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["1", "1 (str)"]


def test_a_single_return_level_without_an_upper_end_is_not_drawn_exact(x) -> None:
    """The diff review: a single period whose interval has no upper end got a zero-length
    upper bar with a cap at the point, which reads as "exact"."""
    import dataclasses

    fit = ts.fit_gpd(x)
    level = dataclasses.replace(fit.return_level([100]), high=np.array([np.inf]))
    ax = plot.return_levels(level, _ax())
    assert not ax.containers  # no error bar with caps
    assert any("(no upper end)" in t.get_text() for t in ax.get_legend().get_texts())


def _points_under_legend(ax: Axes) -> int:
    """Data points of ``ax``'s lines drawn inside its legend's box."""
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    count = 0
    for line in ax.lines:
        xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if xy.size:
            d = ax.transData.transform(xy)
            count += int(np.count_nonzero((d[:, 0] >= box.x0) & (d[:, 0] <= box.x1)
                                          & (d[:, 1] >= box.y0) & (d[:, 1] <= box.y1)))
    return count


def test_legends_sit_where_the_data_are_not() -> None:
    """A review (stop 52): legends in fixed corners covered 226 of 400 exceedances in the
    return-level plot of a bounded tail, the histogram in the density panel, and both χ
    points of a strong tail dependence in tail_dependence (the case that figure is for)."""
    rng = np.random.default_rng(0)
    fit = ts.fit_gpd(rng.uniform(size=4000))
    assert _points_under_legend(plot.return_levels(fit, _ax())) == 0
    err = rng.standard_t(3, 20_000)
    dep = ts.tail_dependence(err, err + rng.normal(scale=0.3, size=err.size))
    ax = plot.tail_dependence(dep, _ax())
    assert _points_under_legend(ax) == 0
    # with few levels the error bars say their level too (a dense χ band already did)
    assert "95% interval" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_overview_keeps_long_names_readable_and_says_what_it_leaves_out() -> None:
    """A review (stop 52): two groups, one named with 32 or more characters, collapsed the
    heat map (seaborn wrote the names vertically, taking the figure's height; matplotlib
    warned that constrained layout gave up); groups that failed were left out without a
    word."""
    name = "reward_model_checkpoint_step_120000_lr3e-6_seed1"
    table = pd.DataFrame({"group": [name, "b", "c"], "p_heavy": [0.8, 0.9, np.nan],
                          "p_light": [0.1, 0.05, np.nan], "p_bounded": [0.1, 0.05, np.nan],
                          "error": [None, None, "too few values"]})
    ax = plot.overview(table)  # warnings are errors in the tests: no collapse
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1] == "b" and len(labels[0]) <= 32 and labels[0].endswith("seed1")
    assert all(t.get_rotation() == 0 for t in ax.get_yticklabels())
    assert ax.get_position().height > 0.3
    assert "1 not analysed: not drawn" in ax.get_title()


def test_path_tells_models_apart_names_every_k_and_draws_nothing_when_refused() -> None:
    """A review (stop 52): path({"model A": ..., "model B": ...}) drew two lines of one colour
    both labelled 'Hill'; only the first of several marked k was named; a bad k (past the
    paths, or not a number: a bare ValueError) was refused after the paths were drawn on the
    caller's Axes."""
    rng = np.random.default_rng(0)
    a = ts.tail_path(rng.pareto(2.0, 5000), "hill")
    b = ts.tail_path(rng.pareto(3.0, 5000), "hill")
    ax = plot.path({"model A": a, "model B": b}, _ax(), k={"hill": 100, "moment": 200})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "model A: Hill" in labels and "model B: Hill" in labels
    assert "hill: k = 100" in labels and "moment: k = 200" in labels
    colours = {line.get_color() for line in ax.lines if line.get_label().startswith("model")}
    assert len(colours) == 2
    for bad in (10**6, {"hill": "a"}):
        fresh = _ax()
        with pytest.raises(ts.DataError, match="path: k"):
            plot.path(a, fresh, k=bad)
        assert not fresh.lines and not fresh.collections


def test_the_best_of_n_curve_is_dashed_past_the_samples_reach_for_a_bounded_tail() -> None:
    """A review (stop 52): for a uniform sample of 20,000 the proxy's best-of-n was one solid
    line to n = 1,048,576, though its rows past n = 2,048 are extrapolated (the module says
    dashed past the reach): past the reach a floor from the sample stands, source 'sample'."""
    g = ts.goodhart_summary(np.random.default_rng(0).uniform(size=20_000))
    ext = g.best_of_n["extrapolated"].to_numpy(dtype=bool)
    assert ext.any() and not (g.best_of_n["source"] == "tail model").all()
    ax = plot.goodhart(g, _ax())
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"
              and line.get_label().startswith("best-of-n: proxy")]
    assert dashed and len(dashed[0].get_xdata()) >= int(ext.sum())


def test_one_threshold_is_a_point_with_its_interval() -> None:
    """A review (stop 52): mean_excess of one threshold (or any 30-value sample) drew an
    empty Axes whose legend listed a curve and a band; threshold_stability drew the point
    but no interval."""
    x = np.random.default_rng(0).pareto(3.0, 5000)
    ax = plot.mean_excess(ts.gpd.mean_excess(x, thresholds=[0.2]), _ax())
    assert any(line.get_marker() == "o" and len(line.get_xdata()) == 1 for line in ax.lines)
    assert ax.containers  # the interval, as an error bar
    ax = plot.threshold_stability(ts.gpd.threshold_stability(x, [0.2]), _ax())
    assert ax.containers


def test_a_group_with_nothing_to_draw_is_said() -> None:
    """A review (stop 52): survival_groups({"pos": ..., "neg": ...}, shift=None) drew 'pos'
    alone, with no word of 'neg' (all its values at or below 0: nothing on log axes)."""
    x = np.random.default_rng(0).pareto(2.0, 3000)
    ax = plot.survival_groups({"pos": x + 10, "neg": -x}, _ax(), shift=None)
    # nothing shifted: above 0 (a later review: 'the shift' where none was made)
    assert "neg: no value above 0, not drawn" in ax.get_title()
    ax = plot.survival_groups({"pos": x + 10, "neg": -x}, _ax(), shift=50.0)
    assert "neg: no value above the shift, not drawn" in ax.get_title()


def test_a_refused_call_leaves_the_callers_figure_and_axes_as_they_were() -> None:
    """A review (stop 52): diagnostics(fit, fig=f, periods=[0.5]) refused the periods after
    adding four Axes (two drawn) to the caller's figure; survival(x, ax, fit=hill(x)) refused
    the fit after drawing the data."""
    x = np.random.default_rng(0).pareto(3.0, 4000)
    fig = Figure()
    FigureCanvasAgg(fig)
    with pytest.raises(ts.DataError):
        plot.diagnostics(ts.fit_gpd(x), fig=fig, periods=[0.5])
    assert fig.axes == []
    ax = _ax()
    with pytest.raises(ts.DataError):
        plot.survival(x, ax, fit=ts.hill(x))
    assert not ax.lines


def test_the_goodhart_figure_draws_best_of_n_at_the_kl_of_the_scores_own_law() -> None:
    """Binary rewards: best-of-n was drawn at the continuous KL (best-of-1,024 at 5.93, up
    to 12.8) though the largest KL on their law is -log 0.3 = 1.2 (a review)."""
    x = (np.random.default_rng(4).random(20_000) < 0.3).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)
        ax = plot.goodhart(g)
    xs = np.concatenate([np.asarray(line.get_xdata(), dtype=float) for line in ax.get_lines()
                         if "best-of-n" in str(line.get_label())])
    assert xs.size and np.nanmax(xs) <= -np.log(0.3) * 1.05
    ax.figure.clf()


def test_cheap_policies_dearer_than_the_budget_are_not_labelled_cheap() -> None:
    """t(3), n = 300, read heavy with a GPD of ξ < 0: the points labelled "cheap policies
    (KL ≤ 0.01)" sat at up to 6.3 nats (a review); the legend gives their KL."""
    x = np.random.default_rng(7).standard_t(3.0, 300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)
        assert g.frontier.heavy and g.tail.xi_fit <= 0  # the situation of this test
        ax = plot.goodhart(g)
    most = float(np.nanmax(g.frontier.table["policy_kl"]))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert most > g.frontier.kl_budget and "cheap policies (KL ≤ 0.01)" not in labels
    assert f"cheapest policies under the fitted GPD (KL up to {most:.2g})" in labels
    ax.figure.clf()


def test_goodhart_draws_no_stop_at_a_reach_of_one() -> None:
    """A review: under a power law with ξ near 1 the plug-in's reach is 1 (it misses E[max]
    from n = 2 on), and "sample stops (n = 1)" sat at KL = 0 over the frontier, beside the
    true-utility curve drawn from the sample up to N/10. A reach above 1 is still marked."""
    rng = np.random.default_rng(1)
    v = rng.normal(size=8000)
    gs = ts.goodhart_summary(v + 0.3 * rng.standard_t(1.5, size=v.size), v)
    assert gs.sample_stops["bon_reach"] == 1.0
    ax = plot.goodhart(gs, _ax())
    assert not any("sample stops" in t.get_text() for t in ax.texts)
    light = ts.goodhart_summary(rng.normal(size=8000))
    assert light.sample_stops["bon_reach"] > 1
    assert any("sample stops" in t.get_text() for t in plot.goodhart(light, _ax()).texts)


def test_the_sample_stop_is_labelled_with_the_reach_itself() -> None:
    """Review 403: a reach of 127.9 (N/10 of 1,279 scores) read "sample stops (n = 128)", a
    size past it, which the figure draws as extrapolated."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        s = ts.goodhart_summary(np.random.default_rng(0).normal(size=1279))
    assert s.sample_stops["bon_reach"] == pytest.approx(127.9)
    ax = ts.plot.goodhart(s, ax=Figure().subplots())
    assert [t.get_text() for t in ax.texts] == [" sample stops\n (n ≈ 127.9)"]


def test_the_frontier_is_drawn_with_its_bend_between_the_targets() -> None:
    """Review 403: straight chords between targets 0.25 sd apart drew twice the minimum KL
    at 0.125 sd (the KL grows as the target's square near today's mean), and near a bounded
    tail's end the frontier right of best-of-n. Drawn through √KL by a monotone cubic, the
    curve passes through every computed target and near the KL between them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        x = np.random.default_rng(0).normal(size=20_000)
        g = ts.goodhart_summary(x)
        ax = plot.goodhart(g, ax=Figure().subplots())
        lines = [ln for ln in ax.lines if ln.get_label().startswith("frontier (min KL")]
        kl = np.concatenate([ln.get_xdata() for ln in lines])  # within and past the reach
        m = np.concatenate([ln.get_ydata() for ln in lines])
        order = np.argsort(m, kind="stable")
        kl, m = kl[order], m[order]
        table = g.frontier.table
        for target, rate in zip(table["target_sd"], table["rate"], strict=True):
            if target <= m.max():
                assert kl[np.isclose(m, target)][0] == pytest.approx(rate, rel=1e-9)
        for mid in (0.125, 0.375, 0.625):
            exact = ts.kl_frontier(x, [g.mean + mid * g.sd], tail=g.tail).table["rate"].iloc[0]
            assert np.interp(mid, m, kl) == pytest.approx(exact, rel=0.02)


def test_a_curve_of_one_point_has_no_legend_entry() -> None:
    """Review 403: with a fitted ξ >= 1 (best-of-n infinite under the model) the legend
    listed "best-of-n: proxy" for the point (0, 0) alone."""
    x = np.r_[np.random.default_rng(3).normal(size=1999), 1e6]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)
    ax = plot.goodhart(g, ax=Figure().subplots())
    named = [ln for ln in ax.lines if not ln.get_label().startswith("_")]
    assert "best-of-n: proxy" not in [ln.get_label() for ln in named]
    assert all(np.size(ln.get_xdata()) > 1 for ln in named)


def test_targets_the_tail_cannot_reach_are_not_drawn() -> None:
    """Review 405: with two finite rates the frontier's interpolation held the last one flat
    past them, drawing targets of infinite KL (a bounded tail's) at a finite KL up to 5 sd."""
    from tailstat.plot.goodhart import _between

    rate = np.array([0.0, 0.05, np.inf, np.inf])
    tsd = np.array([0.0, 0.25, 0.5, 0.75])
    r, t, _ = _between(rate, tsd, np.zeros(4, dtype=bool))
    assert np.isfinite(r[t <= 0.25]).all() and not np.isfinite(r[t > 0.25]).any()
    x = -np.random.default_rng(0).gamma(0.1, size=20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)
    finite = g.frontier.table.loc[np.isfinite(g.frontier.table["rate"]), "target_sd"]
    ax = plot.goodhart(g, ax=Figure().subplots())
    drawn = np.concatenate([ln.get_ydata() for ln in ax.lines
                            if ln.get_label().startswith("frontier (min KL")])
    assert drawn.max() <= finite.max() + 1e-12
