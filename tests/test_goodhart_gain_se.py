"""The standard error of best-of-n's gain in true utility, ``v(n) - v(1)`` (``v_gain_se``;
tailstat/goodhart/_bon_se.py), and where it is carried: the summary's true-utility curve,
the gold comparison, the figure."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import bon_deletion_se

import tailstat as ts
from tailstat.goodhart import goodhart_summary, with_gold_comparison
from tailstat.goodhart.bon import best_of_n


def _brute_gain(u: np.ndarray, v: np.ndarray, ns: list[int]) -> np.ndarray:
    """The delete-one jackknife of v(n) - mean(v), by deleting each row and recomputing."""
    return bon_deletion_se(u, v, ns, lambda t, kept: t["v"].to_numpy() - kept.mean())


@pytest.mark.parametrize("ties", [False, True])
def test_equals_the_jackknife_by_deletion(ties: bool) -> None:
    rng = np.random.default_rng(11)
    u = rng.standard_normal(90)
    if ties:  # groups of equal proxy values, whose gold scores the plug-in averages
        u = np.round(u * 2) / 2
    v = 0.5 * u + rng.standard_normal(90)
    ns = [1, 2, 3, 9]
    got = best_of_n(u, v, n=ns, tail="empirical")["v_gain_se"].to_numpy()
    want = _brute_gain(u, v, ns)
    assert got[0] == 0.0  # best-of-1 gains nothing, whatever the sample
    np.testing.assert_allclose(got[1:], want[1:], rtol=1e-9)
    # the gain moves with the mean, which takes part of v(2)'s error away: not v_se
    v_se = best_of_n(u, v, n=ns, tail="empirical")["v_se"].to_numpy()
    assert got[1] < 0.8 * v_se[1]


def test_absent_without_gold_and_past_a_tenth_of_the_sample() -> None:
    rng = np.random.default_rng(12)
    u = rng.standard_normal(2000)
    assert best_of_n(u, n=[1, 8], tail="empirical")["v_gain_se"].isna().all()
    t = best_of_n(u, u + rng.standard_normal(2000), n=[1, 8, 200, 201, 4096])
    inside = (t["n"] <= 200).to_numpy()
    assert np.isfinite(t["v_gain_se"][inside]).all() and t["v_gain_se"][~inside].isna().all()


def test_covers_the_exact_gain() -> None:
    # V = 0.6 U + 0.8 Z on normal U: E[V | best of n] - E[V] = 0.6 E[max of n normals],
    # 0.6 * 1.4236 at n = 8. 300 samples: the coverage's standard error is 0.0126, and
    # 0.95 +- 3 of them is asked
    hit = 0
    for s in range(300):
        rng = np.random.default_rng(1_000 + s)
        u = rng.standard_normal(2000)
        v = 0.6 * u + 0.8 * rng.standard_normal(2000)
        row = best_of_n(u, v, n=[8], tail="empirical").iloc[0]
        hit += abs(row["v"] - v.mean() - 0.6 * 1.4236003) <= 1.96 * row["v_gain_se"]
    assert abs(hit / 300 - 0.95) <= 3 * math.sqrt(0.95 * 0.05 / 300)


def test_the_true_utility_curve_carries_it_in_sd_of_gold() -> None:
    rng = np.random.default_rng(13)
    u = rng.standard_normal(5000)
    v = u + rng.standard_normal(5000)
    g = goodhart_summary(u, v)
    curve = g.true_utility_curve()
    bon = g.best_of_n.set_index("n")
    sd_v = float(bon.loc[1, "v_sd"])
    np.testing.assert_allclose(curve["gain_se"], bon.loc[curve["n"], "v_gain_se"] / sd_v)
    assert curve["gain_se"].iloc[0] == 0.0 and np.isfinite(curve["gain_se"]).all()
    assert g.gold["v_gain_se_sd"] == pytest.approx(
        float(bon.loc[g.gold["n"], "v_gain_se"]) / float(np.std(v)), rel=1e-9)  # (its sd: ddof 0)


def test_gold_on_some_rows_keeps_the_gain_s_standard_error_through_a_saved_analysis() -> None:
    rng = np.random.default_rng(14)
    v = rng.normal(size=20_000)
    u = v + 0.5 * rng.normal(size=20_000)
    paired = goodhart_summary(u[1:], v[1:])
    both = with_gold_comparison(goodhart_summary(u), paired)
    curve = both.true_utility_curve()
    want = paired.true_utility_curve()
    np.testing.assert_allclose(curve["gain_se"], want["gain_se"], rtol=1e-12)
    # through a saved analysis (settings keys become text; nan past the reach, null)
    frame = pd.DataFrame({"g": "a", "r": u, "gold": v})
    frame.loc[0, "gold"] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(frame, "r", by="g", gold="gold", goodhart=True)
    back = ts.read_analysis(a.to_json())
    got = back.goodhart["a"].true_utility_curve()
    np.testing.assert_allclose(got["gain_se"], want["gain_se"], rtol=1e-12)
    np.testing.assert_allclose(got["kl"], want["kl"], rtol=1e-12)


def test_the_figure_draws_the_true_utility_interval() -> None:
    from tailstat import plot

    rng = np.random.default_rng(15)
    u = rng.standard_normal(5000)
    g = goodhart_summary(u, u + rng.standard_normal(5000))
    ax = plot.goodhart(g)
    band = [c for c in ax.collections if "true utility, 95%" in str(c.get_label())]
    assert len(band) == 1
    ys = band[0].get_paths()[0].vertices[:, 1]
    curve = g.true_utility_curve()
    half = 1.96 * curve["gain_se"].to_numpy()
    assert ys.max() == pytest.approx(float(np.max(curve["gain_sd"] + half)), abs=1e-9)


def test_a_shortfall_within_the_gain_s_noise_is_not_called_exploits() -> None:
    """A review: clean bivariate-normal pairs (600 rows) read "raises true utility by only
    0.39 sd (95% interval -0.05 to +0.83), under half of the 0.88 sd ... rare exploits"."""
    r = np.random.default_rng(9)
    u = r.normal(size=600)
    v = 0.35 * u + r.normal(size=600) * math.sqrt(1 - 0.35**2)
    verdict = goodhart_summary(u, v, warn=False).verdict
    assert "within the noise of these 600 pairs" in verdict
    assert "(exploits)" not in verdict
