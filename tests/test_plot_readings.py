"""What a plot lets its reader see (``tailstat/plot/``), from a review of the plotting API
(stop 73): a heat map of two groups that collapsed, a band cut off, a flat Q–Q plot of tied
scores, ξ and θ on one axis, failed groups left out unsaid, heavy tails squeezed into a corner
of linear axes, and the third decimal on the wrong probability."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import plot

matplotlib = pytest.importorskip("matplotlib")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def _close() -> object:
    yield
    plt.close("all")


@pytest.mark.parametrize("n_groups", [1, 2, 3])
@pytest.mark.parametrize("dpi", [72, 80, 150])
def test_overview_of_few_groups_with_an_uncertain_one_keeps_its_names(
        n_groups: int, dpi: int) -> None:
    """The note on uncertain verdicts was added after the figure was sized, and the wrapped
    title collapsed the map (constrained_layout 'axes sizes collapsed to zero', names gone)."""
    table = pd.DataFrame({"group": ["rm_v1", "rm_v2", "rm_v3"], "p_heavy": [0.36, 0.09, 0.5],
                          "p_light": [0.57, 0.88, 0.3], "p_bounded": [0.07, 0.03, 0.2]})
    ax = plot.overview(table.head(n_groups))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the collapse is a UserWarning at drawing
        ax.figure.savefig(io.BytesIO(), dpi=dpi)
    assert "uncertain" in ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["rm_v1", "rm_v2", "rm_v3"][:n_groups]
    box = ax.get_window_extent()
    assert box.height > 20 * n_groups  # rows drawn, not collapsed


def test_overview_gives_the_third_decimal_to_p_heavy_alone() -> None:
    """P(light) = 0.2034 read 0.204 (the rule near 0.2 is P(heavy)'s, as in the report)."""
    table = pd.DataFrame({"group": ["a"], "p_heavy": [0.1984], "p_light": [0.2034],
                          "p_bounded": [0.5982]})
    texts = [t.get_text() for t in plot.overview(table).texts]
    assert texts[:3] == ["0.198", "0.20", "0.60?"]
    bars = [t.get_text() for t in plot.probabilities(
        {"heavy": 0.1984, "light": 0.2034, "bounded": 0.5982}).texts]
    assert "0.198" in bars and "0.20" in bars and "0.203" not in bars


def test_mean_excess_shows_its_band() -> None:
    """The y limits came from the estimates alone: the band was cut for 18 of 100 thresholds."""
    me = ts.mean_excess(np.random.default_rng(0).standard_t(3, 20_000))
    ax = plot.mean_excess(me)
    top = float(np.nanmax(me.to_frame()["ci_high"]))
    assert ax.get_ylim()[1] >= top


def test_exponential_qq_of_tied_top_scores_says_so() -> None:
    """Clipped scores: every excess over the tied threshold was 0, on a flat line, unsaid."""
    x = np.clip(np.random.default_rng(1).normal(size=5000), None, 1.0)
    ax = plot.qq_exponential(x)
    assert not ax.get_lines()
    assert "largest values are all equal" in " ".join(t.get_text() for t in ax.texts)
    assert len(plot.qq_exponential(x, k=2000).get_lines()) == 2  # deeper: drawn


def test_path_refuses_xi_and_theta_on_one_axes() -> None:
    x = np.random.default_rng(7).normal(size=20_000)
    with pytest.raises(ts.DataError, match="different scales"):
        plot.path([ts.tail_path(x, "weibull_tail"), ts.tail_path(x, "hill")])


def test_survival_groups_of_an_analysis_counts_its_failed_groups() -> None:
    r = np.random.default_rng(3)
    df = pd.DataFrame({"m": ["t3"] * 3000 + ["tiny"] * 3,
                       "r": np.r_[r.standard_t(3, 3000), [1.0, 2.0, 3.0]]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r", by="m")
    assert "(1 not analysed: not drawn)" in plot.survival_groups(a).get_title()


def test_heavy_tails_are_drawn_on_log_axes_and_light_ones_on_linear() -> None:
    """A t(1.5) fit: 95% of the Q–Q points sat in one corner and the exceedances in the
    bottom 5% of the return levels' linear axis."""
    heavy = ts.fit_gpd(np.random.default_rng(11).standard_t(1.5, 5000))
    light = ts.fit_gpd(np.random.default_rng(11).normal(size=5000))
    q_heavy, q_light = plot.qq_gpd(heavy), plot.qq_gpd(light)
    assert (q_heavy.get_xscale(), q_heavy.get_yscale()) == ("log", "log")
    assert (q_light.get_xscale(), q_light.get_yscale()) == ("linear", "linear")
    assert plot.return_levels(heavy, method="delta").get_yscale() == "log"
    assert plot.return_levels(light, method="delta").get_yscale() == "linear"
    # negative levels stay on a linear axis
    assert plot.return_levels(ts.fit_gpd(np.random.default_rng(2).standard_t(1.5, 5000) - 1e3),
                              method="delta").get_yscale() == "linear"



def test_survival_groups_on_scales_far_apart_are_both_drawn() -> None:
    """A group near 1e300 beside an ordinary one was not drawn (the log axis's margins
    overflowed), yet named in the legend: drawn in units of the largest's power of ten."""
    r = np.random.default_rng(1)
    ax = plot.survival_groups({"a": r.pareto(2.0, 5000) * 1e300, "b": r.normal(size=500)})
    ax.figure.savefig(io.BytesIO(), dpi=60)
    assert [len(line.get_xdata()) > 0 for line in ax.get_lines()[:2]] == [True, True]
    assert ax.get_xlabel().endswith("(×1e+302)")


def test_the_best_of_n_curve_carries_its_jackknife_interval() -> None:
    # best_of_n's u_se drawn as a band around the proxy's curve where it is given (n <= N/10)
    rng = np.random.default_rng(3)
    u = rng.standard_normal(5000)
    g = ts.goodhart_summary(u, u + rng.standard_normal(5000))
    ax = plot.goodhart(g)
    bands = [c for c in ax.collections if "proxy, 95% interval" in str(c.get_label())]
    assert len(bands) == 1
    lo, hi = bands[0].get_paths()[0].vertices[:, 1].min(), bands[0].get_paths()[0].vertices[
        :, 1].max()
    bon = g.best_of_n
    inside = np.isfinite(bon["u_se"].to_numpy())
    curve = ((bon["u"] - g.mean) / g.sd).to_numpy()[inside]
    half = 1.96 * bon["u_se"].to_numpy()[inside] / g.sd
    assert lo == pytest.approx(float(np.min(curve - half)), abs=1e-9)
    assert hi == pytest.approx(float(np.max(curve + half)), abs=1e-9)


def test_survival_groups_draws_ties_as_survival_does() -> None:
    """Review 403: survival_groups drew tied scores as columns of points, and the last run
    its upper tail held down to the held share (0.108-0.200 at x = 2, where the sample's
    share at or above is 0.227); survival() draws each tie once at its share and leaves out
    the run whose share is unknown."""
    from matplotlib.figure import Figure

    r = np.round(np.random.default_rng(0).normal(size=200_000) * 2)  # integer scores
    t = ts.upper_tail(r, median=True)
    ax = plot.survival_groups({"ints": r}, ax=Figure().subplots())
    xy = ax.lines[0].get_xydata()
    assert np.unique(xy[:, 0]).size == xy.shape[0]  # one point per tie
    # (x read back from seaborn's log axes: to rounding)
    assert not np.isclose(xy[:, 0], t.desc[-1] - t.median).any()  # its share is unknown
    for x, p in xy:
        assert p == pytest.approx(np.count_nonzero(r - t.median >= x - 1e-9) / (r.size + 1))
    single = plot.survival(r, ax=Figure().subplots())
    np.testing.assert_allclose(single.lines[0].get_xydata(), xy, rtol=1e-12)


@pytest.mark.parametrize("k", [50, 100])
def test_density_gpd_is_not_emptied_by_one_far_excess(k: int) -> None:
    """Review 403: with one excess of 1e6 among excesses below 3, the histogram ran to the
    interpolated 99% point (1e4; the largest itself below k = 100): one bin held 99 of 100."""
    from matplotlib.figure import Figure

    x = np.random.default_rng(3).pareto(2.0, 20 * k)
    x[0] = 1e6
    fit = ts.fit_gpd(x, threshold=f"{100 * (1 - k / x.size):g}%")
    assert fit.n_exceed == k
    ax = plot.density_gpd(fit, ax=Figure().subplots())
    heights = np.array([p.get_height() for p in ax.patches])
    right = max(p.get_x() + p.get_width() for p in ax.patches)
    assert right == pytest.approx(np.sort(fit.excesses)[-2] if k < 100
                                  else np.sort(fit.excesses)[98])
    assert np.count_nonzero(heights) >= 4
    (label, _) = [t.get_text() for t in ax.get_legend().get_texts()]
    assert label == ("excesses (without the largest)" if k < 100
                     else "excesses (to the 99% point)")


def test_qq_exponential_of_one_far_score_is_drawn_on_log_axes() -> None:
    """Review 403: linear axes put 158 of 159 points within 1e-5 of the axis span."""
    from matplotlib.figure import Figure

    x = np.random.default_rng(0).normal(size=5000)
    x[0] = 1e6
    ax = plot.qq_exponential(x, ax=Figure().subplots(), k=158)
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    ax = plot.qq_exponential(x[1:], ax=Figure().subplots(), k=158)
    assert (ax.get_xscale(), ax.get_yscale()) == ("linear", "linear")


def test_one_threshold_says_why_it_is_one() -> None:
    """Review 403: at n <= 61 mean_excess and threshold_stability drew one point, without a
    word."""
    from matplotlib.figure import Figure

    x = np.random.default_rng(0).normal(size=50)
    for ax in (plot.mean_excess(ts.gpd.mean_excess(x), ax=Figure().subplots()),
               plot.threshold_stability(ts.gpd.threshold_stability(x), ax=Figure().subplots())):
        assert any("pass thresholds= for a range" in t.get_text() for t in ax.texts)


def test_survival_groups_says_why_a_group_held_as_one_tie_is_not_drawn() -> None:
    """Review 405: a sketch holding one tie (every value 5) was said to have "no value above
    0"; survival() says its share is unknown."""
    from matplotlib.figure import Figure

    x = np.r_[np.full(100_000, 5.0), np.random.default_rng(0).normal(size=100_000)]
    sketch = ts.TailSketch(capacity=200)
    sketch.update(x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        ax = plot.survival_groups({"tied": sketch, "t3": np.random.default_rng(1).standard_t(
            3, 5000)}, ax=Figure().subplots())
    assert "tied: the values held are all equal, their share unknown" in ax.get_title()
    assert "no value above" not in ax.get_title()
