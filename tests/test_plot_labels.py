"""The plot functions' cases a stop-67 review found drawn wrong (``tailstat/plot/``): log-axis
tick labels alike at a large offset, a group of one point named in a legend but not drawn, a
mean-excess plot with one computable threshold drawn empty, errors naming a group 'x',
paths of unnamed arrays alike in the legend, and a survival plot's axes naming different
quantities at a median of 0."""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import agg_axes

import tailstat as ts
from tailstat import plot

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.axes import Axes  # noqa: E402


def _ax() -> Axes:
    return agg_axes()


def _ticks(ax: Axes) -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_xticklabels()]


@pytest.mark.parametrize("offset", [1e6, 1e12])
def test_log_axis_ticks_at_a_large_offset_read_apart(offset: float) -> None:
    """'%g' printed six significant digits: ticks at 1e6 + 0, 2, 4 all read "1e+06"."""
    x = offset + np.random.default_rng(0).normal(size=2000)
    ax = plot.survival(x, shift=None, ax=_ax())
    labels = _ticks(ax)
    assert len(set(labels)) == len(labels) > 1
    locs = ax.get_xticks()
    for text, loc in zip(labels, locs, strict=True):
        assert float(text.replace("−", "-")) == pytest.approx(loc, rel=1e-15)
    # ordinary values keep their short labels
    short = _ticks(plot.survival(np.random.default_rng(0).pareto(1.5, 2000), ax=_ax()))
    assert "0.1" in short and "10" in short


def test_a_group_of_one_point_is_drawn_with_a_marker() -> None:
    """seaborn draws lines only: a group with one point above its median was in the legend
    and nowhere on the axes."""
    rng = np.random.default_rng(0)
    ax = plot.survival_groups({"a": rng.normal(size=500), "b": [0.0] * 6 + [2.0]}, ax=_ax())
    (one,) = [ln for ln in ax.get_lines() if np.size(ln.get_xdata()) == 1]
    assert one.get_marker() == "o"
    handles = dict(zip([t.get_text() for t in ax.get_legend().get_texts()],
                       ax.get_legend().legend_handles, strict=True))
    assert handles["b"].get_marker() == "o" and handles["a"].get_marker() in ("None", "")


def test_a_group_too_small_is_named_in_the_error() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ts.DataError, match="'rm_B' has only 3 value"):
        plot.survival_groups({"rm_A": rng.normal(size=50), "rm_B": [1.0, 2.0, 3.0]}, ax=_ax())


def test_a_mean_excess_with_one_computable_threshold_draws_its_point() -> None:
    """Above the second threshold nothing exceeds: its row is NaN, and the line through one
    finite point drew nothing but a legend."""
    me = ts.gpd.mean_excess(np.random.default_rng(0).standard_t(3, size=2000),
                            thresholds=[1.0, 50.0])
    ax = plot.mean_excess(me, ax=_ax())
    (point,) = [ln for ln in ax.get_lines() if ln.get_label() == "mean excess"]
    assert point.get_marker() == "o" and np.size(point.get_xdata()) == 1


def test_paths_of_unnamed_arrays_are_numbered_in_the_legend() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.pareto(2.0, 1000), rng.pareto(2.0, 1000)
    ax = plot.path([ts.tail_path(a), ts.tail_path(b)], ax=_ax())
    # the band's level once, after the first path (review 403)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "x #1: Hill", "95% interval", "x #2: Hill"]
    both = [ts.tail_path(a), ts.tail_path(a, "moment"), ts.tail_path(b), ts.tail_path(b, "moment")]
    ax = plot.path(both, ax=_ax())  # numbered per method: a is #1 in both (a re-read)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "x #1: Hill", "95% interval", "x #1: moment (DEdH)", "x #2: Hill",
        "x #2: moment (DEdH)"]
    ax = plot.path([ts.tail_path(a), ts.tail_path(b, "moment")], ax=_ax())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Hill", "95% interval", "moment (DEdH)"]


def test_both_axes_of_a_survival_plot_name_the_same_quantity_at_a_median_of_zero() -> None:
    x = np.round(np.random.default_rng(0).normal(size=2000))  # median exactly 0
    ax = plot.survival(x, ax=_ax())
    assert "reward − median" in ax.get_xlabel() and ax.get_ylabel() == "P(reward − median > x)"
    ax = plot.survival(x + 5.0, shift=None, ax=_ax())
    assert ax.get_ylabel() == "P(reward > x)"


def test_a_bidi_override_in_a_name_is_drawn_as_an_escape() -> None:
    """A review: a group named 'שלום \\u202eevil\\u202c مرحبا' was drawn on the overview's axis
    with 'evil' reversed; names are drawn with such characters as escapes, as the report
    shows them."""
    import pandas as pd

    name = "שלום \u202eevil\u202c مرحبا"
    frame = pd.DataFrame({"group": [name, "plain"], "p_heavy": [0.9, 0.1],
                          "p_light": [0.05, 0.8], "p_bounded": [0.05, 0.1]})
    labels = [t.get_text() for t in plot.overview(frame, _ax()).get_yticklabels()]
    assert "\u202e" not in "".join(labels) and any("\\u202e" in t for t in labels)
    x = np.random.default_rng(0).standard_t(3.0, 2000)
    legend = plot.survival_groups({name: x, "plain": x}, _ax()).get_legend().get_texts()
    assert not any("\u202e" in t.get_text() for t in legend)


def test_a_path_with_no_finite_value_says_so_in_the_legend() -> None:
    """A review: over rounded rewards the legend listed "Pickands" and no line was drawn; the
    entry now says it has nothing to draw, and the others are as they were."""
    x = np.random.default_rng(1).normal(size=5000)
    paths = [ts.tail_path(x, m) for m in ("hill", "moment", "pickands")]
    paths[2] = paths[2].assign(estimate=np.nan, ci_low=np.nan, ci_high=np.nan)
    paths[2].attrs = dict(paths[2].attrs)
    ax = plot.path(paths, ax=_ax())
    assert ax.get_legend_handles_labels()[1] == [
        "Hill", "95% interval", "moment (DEdH)", "Pickands (no finite value)"]


def test_a_negative_shape_is_written_with_the_ticks_minus() -> None:
    """Review 386: "GPD fit (ξ = -0.65)" and "GPD quantile (ξ = -1.00, …)" used an ASCII
    hyphen beside tick labels and text that write "−"."""
    x = np.random.default_rng(4).beta(2.0, 2.0, 4000)
    fit = ts.fit_gpd(x, "90%")
    assert fit.xi < 0
    ax = plot.survival(ts.data.upper_tail(x, 1000), _ax(), fit=fit)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("GPD fit (ξ = −") for t in labels), labels
    ax = plot.qq_gpd(fit, x, _ax())
    assert ax.get_xlabel().startswith("GPD quantile (ξ = −") and "-" not in ax.get_xlabel()


def test_tied_scores_are_one_point_each_on_the_survival_plot() -> None:
    """Review 386: integer rewards 1..5 drew the 1,000 tied 5s as a vertical column at one
    value, survival 0.2 down to 0.0002. Each distinct value is now one point, at the share
    of values at or above it, and a plot of so few values says why it has no shape."""
    x = np.random.default_rng(6).integers(1, 6, 5000).astype(float)
    ax = plot.survival(x, _ax(), shift=4.0)
    xs, ps = ax.lines[0].get_data()
    assert list(xs) == [1.0]
    assert ps[0] == pytest.approx(np.mean(x >= 5) * 5000 / 5001)
    assert any("too few to show a tail" in t.get_text() for t in ax.texts)
    cont = np.random.default_rng(6).standard_t(3, 5000)  # no ties: every stored point, no note
    ax = plot.survival(cont, _ax())
    assert len(ax.lines[0].get_xdata()) > 1000 and not ax.texts


def test_a_tie_running_past_the_values_held_is_not_drawn_at_the_held_share() -> None:
    """Review 389: a sketch's last held value, tied with values it does not hold, was drawn
    at the share of the values held (0.020 where the sample's is 0.031): left out, so that
    the sketch's points are the sample's."""
    x = np.minimum(np.random.default_rng(8).geometric(0.5, 100_000), 30).astype(float)
    sk = ts.TailSketch.from_sample(x, capacity=2000)
    whole = dict(zip(*plot.survival(x, _ax(), shift=0.0).lines[0].get_data(), strict=True))
    xs, ps = plot.survival(sk, _ax(), shift=0.0).lines[0].get_data()
    assert len(xs) >= 2
    for a, b in zip(xs, ps, strict=True):
        assert whole[a] == pytest.approx(b)


def test_a_tail_held_as_one_tie_says_its_share_is_unknown() -> None:
    """Review 390: when every value held was one tie (90% ones, the top 20% held), the point
    was drawn at the held share, 0.2 for a true 0.9, and a sketch at 0.02."""
    x = (np.random.default_rng(0).random(100_000) < 0.9).astype(float)
    for what in (x, ts.TailSketch.from_sample(x, capacity=2000)):
        ax = plot.survival(what, _ax(), shift=0.0)
        assert not ax.lines
        assert any("share is unknown" in t.get_text() for t in ax.texts)


def test_a_paths_band_names_its_level_once() -> None:
    """Review 403: the path's interval band had no legend entry and no level (mean_excess
    names its "95% band")."""
    x = np.random.default_rng(0).pareto(2.0, 5000)
    hill = ts.tail_path(x, "hill", ci=0.9)
    ax = plot.path({"a": hill, "b": ts.tail_path(2 * x, "hill", ci=0.9)},
                   ax=_ax())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels.count("90% interval") == 1


def test_each_band_level_drawn_is_named_once() -> None:
    """Review 405: the band's level was named only for the first path: Pickands first (its
    band left out beside others) left the Hill band unnamed, and a second level went
    unnamed."""
    x = np.random.default_rng(0).pareto(2.0, 5000)
    ax = plot.path({"p": ts.tail_path(x, "pickands"), "h": ts.tail_path(x, "hill")}, ax=_ax())
    assert [t.get_text() for t in ax.get_legend().get_texts()].count("95% interval") == 1
    ax = plot.path([ts.tail_path(x, "hill", ci=0.9), ts.tail_path(x, "moment", ci=0.99)],
                   ax=_ax())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "90% interval" in labels and "99% interval" in labels
