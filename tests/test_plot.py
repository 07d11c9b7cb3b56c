"""tailstat.plot: every function draws the result it is given and returns the Axes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import plot
from tailstat.data import upper_tail
from tailstat.gpd import fit_gpd, mean_excess, threshold_stability
from tailstat.results import Interval

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def _ax() -> Axes:
    fig = Figure(figsize=(5, 4))
    FigureCanvasAgg(fig)
    return fig.subplots()


def _drawn(ax: Axes) -> int:
    """Number of data artists on the Axes; also renders it (a drawing error would raise)."""
    ax.figure.canvas.draw()
    return len(ax.lines) + len(ax.collections) + len(ax.patches) + len(ax.images)


@pytest.fixture(scope="module")
def x() -> np.ndarray:
    return np.random.default_rng(3).standard_t(3.0, 4000)


@pytest.fixture(scope="module")
def tail(x: np.ndarray) -> ts.UpperTail:
    return upper_tail(x, 1500, median=True)


class _Posterior:
    """A stand-in with the interface posterior_xi reads from a BayesTailFit (no MCMC here)."""

    def __init__(self) -> None:
        self._xi = np.random.default_rng(0).normal(0.3, 0.08, 2000)
        self.xi_ci = Interval(0.15, 0.45, 0.95, "equal-tailed posterior")
        self.prob_heavy = float(np.mean(self._xi > 0))

    def draws(self, var: str = "xi") -> np.ndarray:
        return self._xi.copy()


def test_survival_from_tail_and_from_array(x: np.ndarray, tail: ts.UpperTail) -> None:
    fit = fit_gpd(x, float(tail.desc[200]))
    ax = plot.survival(tail, _ax(), fit=fit)
    assert isinstance(ax, Axes) and _drawn(ax) >= 2  # data and the GPD curve
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    ax2 = plot.survival(x, _ax(), shift=None, max_points=300)
    assert _drawn(ax2) >= 1
    assert len(ax2.lines[0].get_xdata()) <= 320  # thinned
    assert ax2.get_ylabel() == "P(reward > x)" and ax2.get_xlabel().startswith("x = reward ")
    # the axis labels name what is drawn, and the shift on both axes
    ax3 = plot.survival(x, _ax(), shift=1.5, quantity="error")
    assert ax3.get_xlabel() == "x = error − 1.5 (log scale)"
    assert ax3.get_ylabel() == "P(error − 1.5 > x)"


def test_survival_with_nothing_positive_draws_a_note() -> None:
    t = upper_tail(-np.arange(1.0, 101.0), 50)  # all values negative, no median
    ax = plot.survival(t, _ax(), shift=None)
    assert isinstance(ax, Axes) and ax.texts


def test_path_several_methods_with_k(tail: ts.UpperTail) -> None:
    z = ts.UpperTail(desc=tail.desc - tail.median, n=tail.n, name="z")
    paths = {m: ts.tail_path(z, m) for m in ("hill", "moment", "pickands")}
    before = {m: df.copy() for m, df in paths.items()}
    ax = plot.path(paths, _ax(), k=300)
    assert _drawn(ax) >= 5  # three lines, two bands, reference and k lines
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "ξ"
    for m, df in paths.items():
        pd.testing.assert_frame_equal(df, before[m])  # not mutated
    theta = plot.path(ts.tail_path(z, "weibull_tail"), _ax(), k=300)
    assert theta.get_ylabel() == "θ" and _drawn(theta) >= 2


def test_mean_excess_and_threshold_stability(x: np.ndarray, tail: ts.UpperTail) -> None:
    me = mean_excess(x)
    ax = plot.mean_excess(me, _ax())
    assert _drawn(ax) >= 2
    st = threshold_stability(x, tail.desc[[1000, 600, 300, 150, 80]])
    ax = plot.threshold_stability(st, _ax())
    assert _drawn(ax) >= 2
    # the y range shows the intervals, up to twice the estimates' range beyond it
    frame = pd.DataFrame({"threshold": [1.0, 2.0, 3.0], "xi": [0.1, 0.2, 0.15],
                          "ci_low": [0.0, 0.05, -0.2], "ci_high": [0.2, 0.4, 9.0]})
    y0, y1 = plot.threshold_stability(frame, _ax()).get_ylim()
    assert y0 <= -0.2 and 0.4 <= y1 < 9.0
    # a plain DataFrame with the documented columns works too
    ax = plot.mean_excess(pd.DataFrame({"threshold": [1.0, 2.0, 3.0],
                                        "mean_excess": [1.0, 1.2, 1.5]}), _ax())
    assert _drawn(ax) >= 1
    with pytest.raises(ValueError, match="mean excess"):
        plot.mean_excess(pd.DataFrame({"threshold": [1.0]}), _ax())


def test_qq_plots(x: np.ndarray, tail: ts.UpperTail) -> None:
    ax = plot.qq_exponential(tail, _ax(), k=400)
    assert _drawn(ax) >= 2
    fit = fit_gpd(x, "95%")
    ax = plot.qq_gpd(fit, ax=_ax())  # the fit carries its excesses
    assert _drawn(ax) >= 2
    ax = plot.qq_gpd(fit, x, _ax())
    assert _drawn(ax) >= 2


def test_posterior_probabilities_and_dependence() -> None:
    ax = plot.posterior_xi(_Posterior(), _ax())
    assert _drawn(ax) >= 3 and "P(ξ > 0)" in ax.get_title()
    rng = np.random.default_rng(1)
    c = ts.classify(rng.pareto(2.0, 3000) + 1.0)
    ax = plot.probabilities(c, _ax())
    assert len(ax.patches) == 3
    bold = [t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == [c.label]
    v = rng.normal(size=5000)
    dep = ts.tail_dependence(rng.normal(size=5000), v, levels=np.linspace(0.8, 0.99, 12))
    ax = plot.tail_dependence(dep, _ax())
    assert _drawn(ax) >= 3
    ax = plot.tail_dependence(ts.tail_dependence(v, v), _ax())  # two levels: error bars
    assert _drawn(ax) >= 2


def test_new_axes_when_none_given(tail: ts.UpperTail) -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    try:
        ax = plot.qq_exponential(tail)
        assert isinstance(ax, Axes) and _drawn(ax) >= 1
    finally:
        plt.close("all")


def test_importing_plot_does_not_import_matplotlib() -> None:
    code = ("import sys, tailstat.plot, tailstat.reporting; "
            "print(sorted(m for m in ('matplotlib', 'seaborn', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"



def test_survival_groups_with_seaborn(x: np.ndarray, tail: ts.UpperTail) -> None:
    other = upper_tail(np.random.default_rng(4).standard_normal(3000), 1000, median=True)
    ax = plot.survival_groups({"t3": tail, "normal": other, "raw": x[:500]}, _ax())
    assert _drawn(ax) >= 3
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["normal", "raw", "t3"]


def test_overview_heat_map() -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": np.r_[rng.standard_normal(600), rng.pareto(1.5, 600)],
                       "g": np.repeat(["normal", "pareto"], 600)})
    analysis = ts.analyze(df, "r", by="g")
    ax = plot.overview(analysis, _ax())
    assert _drawn(ax) >= 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["normal", "pareto"]
    with pytest.raises(ts.DataError, match="columns"):
        plot.overview(pd.DataFrame({"a": [1.0]}), _ax())
    # an uncertain 0.797 is written 0.79, as the report writes it (".2f" made it 0.80)
    frame = pd.DataFrame({"group": ["a", "b"], "p_heavy": [0.797, 0.9],
                          "p_light": [0.193, 0.05], "p_bounded": [0.01, 0.05]})
    ax = plot.overview(frame, _ax())
    # and marked uncertain, as the report's dashed badges mark it (a review)
    assert [t.get_text() for t in ax.texts] == ["0.79?", "0.19", "0.01", "0.90", "0.05",
                                                "0.05"]
    assert [t.get_fontstyle() for t in ax.get_yticklabels()] == ["italic", "normal"]
    assert "?, names in italics: uncertain, below 0.8" in ax.get_title()


def test_group_names_with_dollars_are_drawn_literally(tail: ts.UpperTail) -> None:
    """A "$" in a group name is text, not mathtext: an unbalanced one stopped the drawing
    (a parse error that took the whole report with it), balanced ones altered the name."""
    names = [r"bad $\frac{$ x", "cost $5 vs $10", "plain"]
    frame = pd.DataFrame({"group": names, "p_heavy": [0.9, 0.1, 0.2],
                          "p_light": [0.05, 0.8, 0.7], "p_bounded": [0.05, 0.1, 0.1]})
    ax = plot.overview(frame, _ax())
    assert _drawn(ax) >= 1
    # what matplotlib draws: the name itself, as plain text
    drawn = [t._preprocess_math(t.get_text()) for t in ax.get_yticklabels()]
    assert drawn == [(name, False) for name in names]
    ax = plot.survival_groups({n: tail for n in names}, _ax())
    assert _drawn(ax) >= 3
    legend = [t._preprocess_math(t.get_text()) for t in ax.get_legend().get_texts()]
    assert sorted(legend) == sorted((name, False) for name in names)


@pytest.mark.parametrize(("call", "match"), [
    (lambda t: plot.survival(t, ax="not an axes"), "ax must be"),
    (lambda t: plot.survival(t, max_points=0), "max_points must be"),
    (lambda t: plot.survival(t, shift="mean"), "shift must be"),
    (lambda t: plot.qq_exponential(t, k=0), "k must be"),
    (lambda t: plot.path(ts.tail_path(t), k=-3), "k must be"),
    (lambda t: plot.mean_excess(t), "mean_excess draws the result of"),
    (lambda t: plot.mean_excess(object()), "cannot draw"),
    (lambda t: plot.qq_gpd(t), "cannot find the shape"),
    (lambda t: plot.survival_groups([t]), "tails must be"),
])
def test_plot_arguments_are_validated(tail: ts.UpperTail, call, match) -> None:
    with pytest.raises(ts.DataError, match=match):
        call(tail)


# --- the GPD diagnostic panel (issue 14, item 4) ----------------------------------------------


@pytest.fixture(scope="module")
def gpd_fit(x: np.ndarray):
    return fit_gpd(x, "95%")


def test_diagnostics_draws_four_panels_with_data(gpd_fit) -> None:
    fig = Figure(figsize=(9, 7))
    FigureCanvasAgg(fig)
    out = plot.diagnostics(gpd_fit, fig=fig)
    assert out is fig
    axes = fig.axes
    assert len(axes) == 4
    for ax in axes:
        assert _drawn(ax) >= 2, ax.get_title()
        assert any(np.size(line.get_xdata()) > 1 for line in ax.lines) or ax.patches
    titles = [ax.get_title() for ax in axes]
    assert titles[0].startswith("GPD Q–Q") and titles[1].startswith("P–P")
    assert titles[2] == "Return levels" and titles[3] == "Density"
    rl_ax = axes[2]
    assert rl_ax.get_xscale() == "log" and rl_ax.collections  # the interval band
    # the fitted curve is the fit's own return levels
    curve = rl_ax.lines[0]
    t, level = curve.get_xdata(), curve.get_ydata()
    np.testing.assert_allclose(level, np.asarray(gpd_fit.return_level(t, ci=None)), rtol=1e-12)


def test_diagnostics_with_pyplot_returns_a_figure(gpd_fit) -> None:
    import matplotlib.pyplot as plt

    fig = plot.diagnostics(gpd_fit, periods=[50.0, 500.0, 5000.0], ci=None)
    try:
        assert isinstance(fig, Figure) and len(fig.axes) == 4
        assert not fig.axes[2].collections  # ci=None: no band
    finally:
        plt.close(fig)


def test_diagnostic_panels_one_by_one(gpd_fit) -> None:
    ax = plot.pp_gpd(gpd_fit, _ax())
    model = ax.lines[0].get_ydata()
    assert np.all(np.diff(model) >= 0) and 0 <= model.min() and model.max() <= 1
    ax = plot.return_levels(gpd_fit.return_level([100.0, 1000.0, 1e4], method="delta"), _ax())
    assert _drawn(ax) >= 2 and len(ax.lines) == 1  # no points without the fit
    ax = plot.return_levels(gpd_fit, _ax(), per=100, ci=None)
    assert "blocks of 100" in ax.get_xlabel()
    ax = plot.density_gpd(gpd_fit, _ax(), bins=12)
    assert len(ax.patches) == 12 and _drawn(ax) > 12
    # the histogram is a density of all excesses: its area is the share below the cut
    area = sum(p.get_height() * p.get_width() for p in ax.patches)
    assert 0.95 <= area <= 1.0 + 1e-9


@pytest.mark.parametrize("call", [
    lambda f: plot.diagnostics("not a fit"),
    lambda f: plot.diagnostics(f, ci=2.0),
    lambda f: plot.diagnostics(f, method="bogus"),
    lambda f: plot.diagnostics(f, fig="figure"),
    lambda f: plot.pp_gpd(np.arange(5.0)),
    lambda f: plot.return_levels(f.return_level(1000.0), _ax()),
    lambda f: plot.return_levels(f, _ax(), periods="100"),
    lambda f: plot.density_gpd(f, _ax(), bins=0),
], ids=["not-a-fit", "ci", "method", "fig", "pp-array", "scalar-level", "periods", "bins"])
def test_diagnostics_bad_arguments(gpd_fit, call) -> None:
    with pytest.raises(ts.TailstatError):
        call(gpd_fit)


@pytest.mark.parametrize("ci", [0.05, 0.3])
def test_an_alpha_given_as_ci_is_refused_before_anything_is_drawn(gpd_fit, ci) -> None:
    """A review: the plots' ci took any level in (0, 1), as return_level did before it
    refused levels below 1/2 (alpha, not coverage); the error then came from inside
    return_level, after diagnostics() had drawn its Q-Q and P-P panels on the caller's
    figure. Now the same check as return_level's, first."""
    fig = Figure()
    with pytest.raises(ts.DataError, match=r"^ci must be a level in \[0.5, 1\).*not its error"):
        plot.diagnostics(gpd_fit, ci=ci, fig=fig)
    assert fig.axes == []
    ax = _ax()
    with pytest.raises(ts.DataError, match=r"^ci must be a level in \[0.5, 1\)"):
        plot.return_levels(gpd_fit, ax, ci=ci)
    assert _drawn(ax) == 0


def test_plots_of_a_sketch_draw_what_it_holds(x: np.ndarray) -> None:
    from tailstat.classification import k_levels

    small = ts.TailSketch.from_sample(x, capacity=300)  # not the median, nor 5000 values
    ax = plot.qq_exponential(small, _ax())  # default k: the classifier's, held here
    assert _drawn(ax) >= 2 and f"k = {k_levels(x.size)[1]:,}" in ax.get_title()
    smaller = ts.TailSketch.from_sample(x, capacity=100)  # holds less: what it holds
    assert "k = 99" in plot.qq_exponential(smaller, _ax()).get_title()
    with pytest.raises(ts.DataError, match="capacity"):
        plot.qq_exponential(small, _ax(), k=1000)  # an explicit k must be held
    ax = plot.survival(small, _ax())
    assert "not shifted" in ax.get_xlabel()
    whole = ts.TailSketch.from_sample(x)  # holds the top half: the median is known
    assert plot.survival(whole, _ax()).get_xlabel() == plot.survival(x, _ax()).get_xlabel()


def test_qq_exponential_default_k_is_the_classifiers() -> None:
    """The default was every stored value (the whole sample up to 5000): a t(3) sample of
    2000 flattened like a bounded one. Now the classifier's k, min(n/10, n^(2/3)), and the
    heavy tail bends above the exponential line."""
    from tailstat.classification import k_levels

    x = np.random.default_rng(5).standard_t(3.0, 2000)
    ax = plot.qq_exponential(x, _ax())
    k = k_levels(2000)[1]
    assert ax.get_title().endswith(f"k = {k:,}")
    data, line = ax.lines[0], ax.lines[1]
    top_excess = float(np.max(data.get_ydata()))
    assert top_excess > float(np.max(line.get_ydata()))  # heavier than exponential


@pytest.mark.parametrize(("call", "match"), [
    (lambda x, fit, an: plot.path(fit), "path draws the output of tailstat.tail_path"),
    (lambda x, fit, an: plot.path(x), "path draws the output"),
    (lambda x, fit, an: plot.path([]), "nothing to draw"),
    (lambda x, fit, an: plot.path(ts.tail_path(x, "hill").iloc[:0]), "no rows"),
    (lambda x, fit, an: plot.probabilities(fit), "got a GPDFit"),
    (lambda x, fit, an: plot.probabilities(an), "plot.overview"),
    (lambda x, fit, an: plot.probabilities({"heavy": np.nan, "light": 0.5}), "not a probability"),
    (lambda x, fit, an: plot.posterior_xi(fit), "posterior_xi draws a Bayesian fit"),
    (lambda x, fit, an: plot.qq_gpd(fit, object()), "cannot read rewards from a object"),
    (lambda x, fit, an: plot.threshold_stability(fit), "got a GPDFit"),
    (lambda x, fit, an: plot.mean_excess(ts.tail_path(x, "hill")), "draw it with"),
    (lambda x, fit, an: plot.mean_excess(ts.gpd.mean_excess(x).to_frame().iloc[:0]),
     "no thresholds"),
])
def test_the_result_of_another_function_is_a_data_error(call, match) -> None:
    """They drew a wrong plot (Hill's path as a mean excess, one point as a stability plot)
    or raised AttributeError / TypeError / IndexError from inside."""
    x = np.random.default_rng(0).standard_t(3.0, 500)
    fit = fit_gpd(x, "90%")
    an = ts.analyze(pd.DataFrame({"r": x, "m": "a"}), "r", by="m", warn=False)
    with pytest.raises(ts.DataError, match=match):
        call(x, fit, an)


def test_plot_labels_say_what_was_drawn() -> None:
    """qq_gpd(fit, ax) put the Axes in data=; interval bands were always '95%'; survival
    by group labelled a sketch drawn unshifted, and a numeric shift, as 'reward − median'
    and 'reward'."""
    x = np.random.default_rng(0).standard_t(3.0, 100_000)
    fit = fit_gpd(x, "99%")
    ax = _ax()
    assert plot.qq_gpd(fit, ax) is ax and len(ax.lines) == 2
    legend = plot.mean_excess(mean_excess(x, ci=0.5), _ax()).get_legend().get_texts()
    assert "50% band" in [t.get_text() for t in legend]
    ax = plot.survival_groups({"sk": ts.TailSketch.from_sample(x + 10, capacity=1000),
                               "raw": x + 10}, _ax())
    # said above the axes (in the x label it ran past both ends of the figure: a review)
    assert "(sk: not shifted, no median held)" in ax.get_title()
    assert ax.get_xlabel().startswith("x = reward − median, or reward where not shifted")
    assert ax.get_ylabel() == "P(X > x)"
    assert "reward − 0.5" in plot.survival_groups({"a": x}, _ax(), shift=0.5).get_xlabel()
    # an analysis' sketches, all unshifted: the axes name the reward itself (a review: read
    # "P(reward − median > x)"); the analysis itself is taken
    a = ts.analyze(pd.DataFrame({"r": np.r_[x[:3000], x[3000:6000] * 2],
                                 "m": ["a"] * 3000 + ["b"] * 3000}), "r", by="m")
    for given in (a, a.sketches):
        ax = plot.survival_groups(given, _ax())
        assert ax.get_xlabel().startswith("x = reward (log scale)")
        assert ax.get_ylabel() == "P(reward > x)" and "no median held" in ax.get_title()


def test_goodhart_figure_keeps_its_labels_inside_and_refuses_other_results() -> None:
    """With an extrapolated heavy tail the y-label ran past the bottom of the default figure
    ('n reward gain...'); a wrong input raised TypeError, not DataError."""
    import matplotlib

    matplotlib.use("Agg")
    rng = np.random.default_rng(0)
    gold = rng.normal(size=5000)
    g = ts.goodhart_summary(gold + rng.standard_t(2.0, 5000), gold)
    ax = plot.goodhart(g)
    fig = ax.figure
    fig.canvas.draw()
    box = ax.yaxis.label.get_window_extent(fig.canvas.get_renderer())
    assert box.y0 >= 0 and box.y1 <= fig.bbox.height
    # the true utility is drawn on this axis: its label says so (a review)
    assert ax.get_ylabel() == "gain of reward or true utility,\nsd above today"
    assert "y: linear to 3, then log" in [t.get_text() for t in ax.texts]
    # ticks inside the linear part, where the true utility's curve lies (0, 3 and 10 alone
    # before: a review), and the heavy frontier drawn from today's mean up, not below it
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[labels.index("0"):][:5] == ["0", "1", "2", "3", "10"]
    (front,) = [ln for ln in ax.get_lines() if ln.get_label().startswith("frontier")]
    assert min(front.get_ydata()) == 0.0 and max(front.get_ydata()) == ax.get_ylim()[1]
    assert "mean reward gain" in plot.goodhart(ts.goodhart_summary(gold)).get_ylabel()
    with pytest.raises(ts.DataError, match="GoodhartSummary"):
        plot.goodhart(fit_gpd(gold, "90%"))
    import matplotlib.pyplot as plt

    plt.close(fig)
    # a review: the bounded frontier and best-of-n's true utility were the same green
    b = ts.goodhart_summary(rng.beta(2.0, 2.0, 5000) + gold / 20, gold / 20)
    ax = plot.goodhart(b)
    handles, names = ax.get_legend_handles_labels()
    colours = {n.split(" (past")[0]: matplotlib.colors.to_hex(h.get_color())
               for h, n in zip(handles, names, strict=True) if hasattr(h, "get_color")}
    assert b.label == "bounded" and len(colours) >= 3
    assert len(set(colours.values())) == len(colours), colours
    plt.close(ax.figure)


# --------------------------------------------------------------------------------------------
# a review of the figures (each case failed before its fix)
# --------------------------------------------------------------------------------------------


def test_survival_groups_y_label_says_what_is_drawn() -> None:
    """The y label read "P(reward > x)" while the points are P(reward - median > x): off by a
    factor of 30 at the review's point."""
    a = np.random.default_rng(0).pareto(2, 2000) + 5
    ax = plot.survival_groups({"a": a}, ax=_ax())
    assert ax.get_ylabel() == "P(reward − median > x)"
    xs, ps = ax.lines[0].get_data()
    assert ps[50] == pytest.approx(np.mean(a - np.median(a) > xs[50]), abs=1.5 / a.size)
    ax = plot.survival_groups({"a": a}, ax=_ax(), shift=None)
    assert ax.get_ylabel() == "P(reward > x)"


def test_survival_groups_beyond_ten_groups_keep_colours_apart() -> None:
    rng = np.random.default_rng(1)
    tails = {f"g{i}": upper_tail(rng.pareto(1 + i / 10, 500), median=True) for i in range(30)}
    ax = plot.survival_groups(tails, ax=_ax())
    assert len({tuple(line.get_color()) for line in ax.lines[:30]}) == 30
    legend = ax.get_legend()
    assert legend is not None and legend.get_bbox_to_anchor().x0 > ax.bbox.x1 - 1  # beside
    many = {f"g{i}": upper_tail(rng.pareto(2, 300), median=True) for i in range(60)}
    ax = plot.survival_groups(many, ax=_ax())
    assert ax.get_legend() is None and any("60 groups" in t.get_text() for t in ax.texts)
    assert _drawn(ax) >= 60


def test_path_without_a_finite_estimate_draws_a_note_not_an_error() -> None:
    """Hill on rewards that are (almost) all negative: no finite estimate past k_min, no
    x limits from the lines, and the log axis raised when the figure was drawn."""
    rng = np.random.default_rng(0)
    x = np.r_[-rng.lognormal(size=500) - 3, [0.5, 1.0, 2.0]]
    ax = plot.path(ts.tail_path(x, "hill"), ax=_ax())
    _drawn(ax)
    assert any("no finite estimate" in t.get_text() for t in ax.texts)


def test_diagnostics_title_shows_a_dollar_name_literally() -> None:
    x = pd.Series(np.random.default_rng(2).pareto(2, 2000), name="reward_$\\frac$")
    fig = Figure(figsize=(8, 6))
    FigureCanvasAgg(fig)
    plot.diagnostics(fit_gpd(x, threshold=float(np.quantile(x, 0.9))), fig=fig)
    fig.canvas.draw()  # a mathtext parse error stopped the figure here
    assert "reward_\\$\\frac\\$" in fig.get_suptitle()


def test_tail_dependence_draws_no_bar_for_a_missing_interval() -> None:
    df = pd.DataFrame({"u": [0.9, 0.95, 0.99], "chi": [0.3, 0.2, 0.1],
                       "ci_low": [0.2, np.nan, 0.0], "ci_high": [0.4, np.nan, 0.5]})
    ax = plot.tail_dependence(df, ax=_ax())
    bars = [seg[0][0] for seg in ax.containers[0].lines[2][0].get_segments()]
    assert bars == [0.9, 0.99]  # none at 0.95, where it drew caps at the point ("exact")


def test_a_pwm_fit_gets_its_return_levels_and_a_failed_call_leaves_no_figure() -> None:
    """A review: diagnostics() and return_levels() of a PWM fit failed by default (profile
    intervals need the MLE) and left their figures open; eight plot functions left an empty
    figure open on bad input."""
    import matplotlib.pyplot as plt

    x = np.random.default_rng(0).pareto(2.0, 3000) + 1
    pwm = fit_gpd(x, method="pwm")
    before = set(plt.get_fignums())
    fig = plot.diagnostics(pwm)
    assert any("delta" in t for t in fig.axes[2].get_legend_handles_labels()[1])
    plt.close(fig)
    plt.close(plot.return_levels(pwm).figure)
    with pytest.raises(ts.DataError):
        plot.return_levels(pwm, method="profile")
    for bad in (lambda: plot.survival(np.ones(50)), lambda: plot.qq_exponential(np.ones(50)),
                lambda: plot.path(np.ones(50))):
        with pytest.raises(ts.DataError):
            bad()
    assert set(plt.get_fignums()) == before


def test_overview_says_when_it_leaves_groups_out() -> None:
    """A review: 80 groups drew 60 rows under "Tail class probabilities by group"."""
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"group": [f"g{i}" for i in range(80)],
                          **{c: rng.random(80) for c in ("p_heavy", "p_light", "p_bounded")}})
    ax = plot.overview(frame)
    assert "the first 60 of 80 groups" in ax.get_title()
    plt.close(ax.figure)
    ax = plot.overview(frame.head(10))
    assert ax.get_title().startswith("Tail class probabilities by group")
    assert "the first" not in ax.get_title()
    plt.close(ax.figure)


def test_the_exponential_qq_plot_draws_rewards_near_1e306():
    """The reference line's slope was ``excess.mean()``, whose sum overflowed (a
    RuntimeWarning, an error under filterwarnings) for 4,000 rewards near 1e306; it is the
    same line as on the unscaled rewards, scaled. Excesses from 1e306 are now drawn in units
    of their power of ten, which the label gives, as return levels are (the inputs whose
    drawing raised: tests/test_plot_huge.py)."""
    x = np.random.default_rng(0).standard_t(3, 4000)
    one = plot.qq_exponential(x, _ax()).lines[1].get_ydata()
    ax = plot.qq_exponential(x * 1e306, _ax())
    ax.figure.canvas.draw()
    assert ax.get_ylabel().endswith("(×1e+307)")
    np.testing.assert_allclose(ax.lines[1].get_ydata() * 1e307, one * 1e306, rtol=1e-12)
    assert len([t for t in ax.get_yticklabels() if t.get_text()]) >= 2


def test_values_too_small_for_a_linear_axis_are_said_to_be_so():
    """matplotlib draws a linear axis whose values are all below about 2e-287 over
    [-0.055, 0.055], every point at 0: rewards near 1e-300 gave a flat Q–Q plot and an empty
    mean-excess plot without a word; the figure now says why and what to do."""
    x = np.random.default_rng(0).standard_t(3, 4000)
    for make in (lambda s: plot.qq_exponential(x * s, _ax()),
                 lambda s: plot.mean_excess(mean_excess(x * s), _ax())):
        assert not make(1.0).texts
        (said,) = make(1e-300).texts
        assert "too small for matplotlib" in said.get_text() and "rescale" in said.get_text()


def test_probabilities_bar_text_reads_an_uncertain_lean_as_the_tables_do() -> None:
    """A probability of 0.7995 (an uncertain verdict, below the confident 0.8) was written
    0.80 on its bar, in the report's panel (a) beside "leaning heavy (0.79)"; it reads 0.79."""
    probs = {"heavy": 0.7995, "light": 0.19, "bounded": 0.0105}
    ax = plot.probabilities(probs, _ax())
    assert sorted(t.get_text() for t in ax.texts) == ["0.01", "0.19", "0.79"]


def test_levels_in_labels_keep_the_digits_a_large_offset_needs() -> None:
    """A review: scores of 1e8 + x were labelled 'reward − 1e+08' and 'excess over
    u = 1e+08' (the tables: 100000000.936), and a negative shift 'reward − -49.39'."""
    rng = np.random.default_rng(0)
    x = 1e8 + rng.exponential(0.01, 20_000)
    centre = float(np.median(x))
    label = plot.survival(x, _ax(), shift=centre).get_xlabel()
    assert f"reward − {centre:.10g}" in label
    fit = fit_gpd(x, "99%")
    assert f"excess over u = {fit.threshold:.10g}"[:24] in plot.qq_gpd(fit, _ax()).get_ylabel()
    assert f"{fit.threshold:.10g}"[:12] in plot.density_gpd(fit, _ax()).get_xlabel()
    assert f"reward − {centre:.10g}" in plot.survival_groups({"a": x}, _ax(),
                                                               shift=centre).get_xlabel()
    y = rng.normal(size=5000) - 60
    assert "reward + 65.25" in plot.survival(y, _ax(), shift=-65.25).get_xlabel()
    assert "− −" not in plot.survival(y, _ax(), shift=-65.25).get_xlabel()


def test_path_labels_do_not_repeat_the_method_as_a_name() -> None:
    """The report passes {method: path}: the legend read "hill: Hill", "moment: moment
    (DEdH)" (a review); names that say something else are kept."""
    x = np.random.default_rng(0).pareto(2.0, 5000) + 1.0
    ax = plot.path({m: ts.tail_path(x, m) for m in ("hill", "moment")})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["Hill", "95% interval", "moment (DEdH)"]
