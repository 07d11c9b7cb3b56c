"""Tests of threshold specifications, diagnostics and automatic choice (tailstat.gpd.threshold)."""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.errors import DataError, TailstatWarning
from tailstat.gpd import (
    MeanExcess,
    ThresholdChoice,
    ThresholdStability,
    check_exceedances,
    fit_gpd,
    mean_excess,
    resolve_threshold,
    select_threshold,
    threshold_stability,
)
from tailstat.gpd._likelihood import gpd_rvs
from tailstat.gpd.select import forward_stop
from tailstat.gpd.threshold import default_k_grid

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def danish() -> np.ndarray:
    return pd.read_csv(ROOT / "datasets" / "danish.csv")["loss_mDKK"].to_numpy()


@pytest.fixture(scope="module")
def spliced() -> tuple[np.ndarray, float]:
    """Uniform body below 2 (70%), 2 + GPD(0.3, 1) tail (30%): the GPD holds from u = 2 only."""
    rng = np.random.default_rng(99)
    n = 4000
    body = rng.uniform(0.0, 2.0, int(0.7 * n))
    tail = 2.0 + gpd_rvs(rng, 0.3, 1.0, n - body.size)
    return rng.permutation(np.concatenate([body, tail])), 2.0


# --- resolve_threshold ---------------------------------------------------------------------


def test_resolve_threshold_forms(danish):
    assert resolve_threshold(danish, 10) == (10.0, "fixed value")
    assert resolve_threshold(danish, np.float32(2.5))[0] == 2.5
    u, how = resolve_threshold(danish, " 90% ")
    assert u == pytest.approx(np.quantile(danish, 0.9)) and how.startswith("90% empirical")
    choice = select_threshold(danish, n_candidates=8)
    u2, how2 = resolve_threshold(danish, choice)
    assert u2 == choice.threshold and "bader2018" in how2


@pytest.mark.parametrize("bad", ["", "ninety", "150%", "-5%", "95 percent", False, {"u": 1}])
def test_resolve_threshold_errors(danish, bad):
    with pytest.raises(DataError, match="threshold"):
        resolve_threshold(danish, bad)


# --- mean excess ---------------------------------------------------------------------------


def test_mean_excess_matches_brute_force(danish):
    us = np.array([1.0, 5.0, 10.0, 20.0, 100.0])
    me = mean_excess(danish, us, ci=0.9)
    assert isinstance(me, MeanExcess)
    for j, u in enumerate(us):
        y = danish[danish > u] - u
        assert me.n_exceed[j] == y.size
        assert me.mean_excess[j] == pytest.approx(y.mean(), rel=1e-12)
        half = 1.6448536269514722 * y.std(ddof=1) / math.sqrt(y.size)
        assert me.ci_high[j] - me.mean_excess[j] == pytest.approx(half, rel=1e-9)
    t = me.table
    assert list(t.columns) == ["threshold", "mean_excess", "ci_low", "ci_high", "n_exceed"]
    assert me.to_frame().drop(columns="level").equals(t)
    json.dumps(me.to_dict())


def test_mean_excess_default_grid_and_degenerate_rows(danish):
    me = mean_excess(danish)
    # the rule: 100 k geometric from floor(n/2) = 1083 down to 30, rounded and unique (the
    # ratio (1083/30)^(1/99) = 1.037 leaves neighbours more than 1 apart even at k = 30), each
    # threshold X(n-k) once and leaving at least 30 above: Danish's are distinct, all 100 stay
    ks = np.unique(np.round(np.geomspace(danish.size // 2, 30, 100)).astype(int))
    assert ks.size == 100
    us = np.sort(danish)[danish.size - 1 - ks[::-1]]  # ascending
    assert np.unique(us).size == 100
    assert me.n_thresholds == 100
    np.testing.assert_array_equal(me.threshold, us)
    assert me.n_exceed.max() == danish.size // 2 and me.n_exceed.min() == 30
    assert np.all(np.diff(me.threshold) > 0)
    # above the maximum: no exceedance -> nan, one exceedance -> no interval
    me2 = mean_excess(danish, [danish.max(), np.sort(danish)[-2]])
    assert np.isnan(me2.mean_excess[1]) and me2.n_exceed[1] == 0
    assert me2.n_exceed[0] == 1 and np.isnan(me2.ci_low[0])


def test_mean_excess_is_accurate_for_tiny_spread():
    # location -1000, scale 1e-3: the shifted cumulative sums keep full accuracy
    rng = np.random.default_rng(1)
    x = -1000.0 + 1e-3 * rng.standard_exponential(5000)
    me = mean_excess(x, [-1000.0 + 1e-3])
    y = x[x > -1000.0 + 1e-3] - (-1000.0 + 1e-3)
    assert me.mean_excess[0] == pytest.approx(y.mean(), rel=1e-9)
    assert me.ci_high[0] - me.mean_excess[0] == pytest.approx(
        1.959963984540054 * y.std(ddof=1) / math.sqrt(y.size), rel=1e-6)


def test_mean_excess_slope_of_a_gpd():
    # e(u) = (sigma + xi u) / (1 - xi) for a GPD tail: slope xi / (1 - xi) = 0.25 at xi = 0.2
    x = gpd_rvs(np.random.default_rng(6), 0.2, 1.0, 200_000)
    me = mean_excess(x, np.linspace(0.0, 3.0, 13))
    slope = np.polyfit(me.threshold, me.mean_excess, 1)[0]
    # the slope is sum_j w_j e(u_j) (least-squares weights w): its sd is at most
    # sum_j |w_j| se_j, whatever the correlation of the nested means; three of it
    t = me.threshold
    w = (t - t.mean()) / ((t - t.mean()) ** 2).sum()
    se = (me.ci_high - me.mean_excess) / 1.959963984540054
    assert slope == pytest.approx(0.25, abs=3 * float(np.abs(w) @ se))


# --- threshold stability -------------------------------------------------------------------


def test_threshold_stability_matches_fit_gpd(danish):
    us = np.array([5.0, 10.0, 20.0])
    st = threshold_stability(danish, us)
    assert isinstance(st, ThresholdStability)
    for j, u in enumerate(us):
        fit = fit_gpd(danish, u)
        assert st.xi[j] == pytest.approx(fit.xi, rel=1e-10)
        assert st.sigma[j] == pytest.approx(fit.sigma, rel=1e-10)
        assert st.xi_low[j] == pytest.approx(fit.ci.low, rel=1e-8)
        assert st.xi_high[j] == pytest.approx(fit.ci.high, rel=1e-8)
        assert st.modified_scale[j] == pytest.approx(fit.sigma - fit.xi * u, rel=1e-10)
        c = fit.cov
        sd = math.sqrt(c[1, 1] - 2 * u * c[0, 1] + u * u * c[0, 0])
        assert st.modified_scale_high[j] - st.modified_scale[j] == pytest.approx(1.96 * sd,
                                                                                 rel=1e-3)
    assert st.table.shape == (3, 10)
    json.dumps(st.to_dict())


def test_threshold_stability_default_grid_is_stable_for_a_gpd():
    x = gpd_rvs(np.random.default_rng(5), 0.25, 1.0, 5000)
    st = threshold_stability(x)
    assert st.n_thresholds == 30 and st.converged.all()
    # above a valid threshold, every interval covers the true xi up to a few misses
    assert np.mean((st.xi_low <= 0.25) & (0.25 <= st.xi_high)) >= 0.8
    # modified scale sigma* = sigma - xi u stays at sigma0 = 1: within 3 of their standard
    # errors at the five lowest thresholds, where they are narrow (0.05-0.1 here; the
    # median of all, within 0.15, read a spread of 0.05-3 se, and the coverage of the
    # wide, nested upper intervals let sigma0 = 1.3 pass: a review)
    se = (st.modified_scale_high - st.modified_scale)[:5] / 1.959963984540054
    assert np.all(np.abs(st.modified_scale[:5] - 1.0) <= 3 * se)


def test_threshold_stability_marks_too_few_exceedances(danish):
    st = threshold_stability(danish, [10.0, np.sort(danish)[-5]])
    assert np.isfinite(st.xi[0]) and np.isnan(st.xi[1]) and not st.converged[1]


# --- select_threshold (Bader, Yan & Zhang 2018) ---------------------------------------------


def test_forward_stop_rule():
    p = np.array([0.001, 0.002, 0.2, 0.5, 0.8])
    k_hat, stat = forward_stop(p, 0.05)
    np.testing.assert_allclose(stat, np.cumsum(-np.log1p(-p)) / np.arange(1, 6))
    assert k_hat == 2  # stat = [0.001, 0.0015, 0.075, ...]
    assert forward_stop(np.array([0.9, 0.9]), 0.05)[0] == 0
    assert forward_stop(np.zeros(4), 0.05)[0] == 4
    # the largest j with stat_j <= alpha, not the first j above it (review 409: a rule that
    # stopped there passed every test): stat = 0.0619, 0.0314, 0.0213, 0.592
    k_hat, stat = forward_stop(np.array([0.06, 0.001, 0.001, 0.9]), 0.05)
    assert stat[0] > 0.05 >= stat[2] and k_hat == 3
    with pytest.raises(DataError, match="alpha must be"):  # checked first (a review, stop 60)
        forward_stop(["a", "b"], 2.0)  # type: ignore[arg-type]


def test_select_threshold_finds_the_splice(spliced):
    x, u0 = spliced
    choice = select_threshold(x)
    assert u0 == 2.0
    assert isinstance(choice, ThresholdChoice)
    assert "bader2018" in choice.rule and "Bader, Yan & Zhang (2018)" in choice.citation
    # candidates below the splice (the uniform body) are rejected ...
    t = choice.table
    assert t["rejected"].sum() == choice.index >= 1
    assert t.loc[t["threshold"] < 1.5, "p_value"].max() < 1e-3
    # ... and the chosen threshold is at or just below the splice point
    assert 1.8 <= choice.threshold <= 3.0
    assert choice.n_exceed == int(np.sum(x > choice.threshold))
    assert not choice.all_rejected
    json.dumps(choice.to_dict())


def test_auto_threshold_in_fit_gpd(spliced):
    x, _ = spliced
    fit = fit_gpd(x, "auto")
    choice = select_threshold(x)
    assert fit.threshold == choice.threshold
    assert fit.settings["threshold_rule"] == choice.rule
    assert "Bader" in fit.settings["threshold_citation"]
    assert fit.threshold_choice is not None and fit.threshold_method.startswith("automatic")
    assert fit.ci.contains(0.3)


def test_select_threshold_all_rejected_warns():
    # integer scores repeated 50 times: massive ties, the AD test rejects every candidate
    x = np.repeat(np.arange(200.0), 50)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        choice = select_threshold(x, n_candidates=10)
    # every value exactly 50 times reads as rows repeated too, as fit_gpd and classify say
    said = [str(w.message) for w in seen if issubclass(w.category, TailstatWarning)]
    assert [w[:16] for w in said] == ["every one of the", "duplicated rows?"]
    assert "appears 50 times" in said[1]
    # the highest candidate that a GPD can be fitted to: above 198 only the repeated top
    # value 199 is left (returned before stop 53, where fit_gpd then failed)
    assert choice.all_rejected and choice.index == choice.candidates.size - 2
    assert choice.threshold == choice.candidates[-2] == 196.0
    assert any("only the repeated top value" in w for w in choice.warnings)
    # the table says so: every candidate rejected, the returned one too (a review: it said
    # the returned one and the one above it were not, which all_rejected and the warning
    # pointing at this table contradict)
    assert choice.table["rejected"].all() and choice.table["chosen"].sum() == 1


def test_select_threshold_on_a_large_sample_tests_every_candidate():
    # (its time is benchmarks/speed.py's: no unit test times code, a test audit)
    x = np.random.default_rng(0).standard_normal(100_000)
    choice = select_threshold(x, n_candidates=20)
    assert choice.candidates.size == 20 and choice.table.shape[0] == 20


def test_select_threshold_input_errors():
    with pytest.raises(DataError, match="automatic threshold selection needs at least"):
        select_threshold(np.arange(40.0))
    # the minimum it states is the true one: one value fewer fails, that many succeed
    x = np.random.default_rng(0).standard_normal(400)
    for q, k in ((0.5, 30), (0.8, 40)):
        with pytest.raises(DataError) as info:
            select_threshold(x[:20], lowest_quantile=q, min_exceed=k)
        need = int(re.search(r"needs at least (\d+)", str(info.value)).group(1))
        with pytest.raises(DataError, match=f"needs at least {need} "):
            select_threshold(x[:need - 1], lowest_quantile=q, min_exceed=k)
        assert select_threshold(x[:need], lowest_quantile=q, min_exceed=k).candidates.size >= 2
    with pytest.raises(DataError, match="alpha"):
        select_threshold(np.arange(400.0), alpha=1.5)
    with pytest.raises(DataError, match="rule"):
        select_threshold(np.arange(400.0), rule="dupuis")


def test_default_k_grid():
    ks = default_k_grid(2167, 20)
    assert ks[0] == 1083 and ks[-1] == 30 and np.all(np.diff(ks) < 0)
    assert default_k_grid(8, 5).size == 0
    small = default_k_grid(50, 5)
    assert small.max() <= 49 and small.min() >= 10


def test_select_with_a_cap_fits_thinned_excesses_and_tests_them_all() -> None:
    from tailstat.gpd.gof import _statistics, null_sf
    from tailstat.gpd.select import select_sorted

    xi = 0.2
    srt = np.sort(gpd_rvs(np.random.default_rng(4), xi, 1.0, 20_000))
    full = select_sorted(srt)
    # a cap above every candidate's excess count changes nothing
    same = select_sorted(srt, cap=srt.size)
    np.testing.assert_array_equal(same.xi, full.xi)
    np.testing.assert_array_equal(same.p_value, full.p_value)
    cap = 500
    thin = select_sorted(srt, cap=cap)
    assert "fitted_on" in thin.settings and "fitted_on" not in full.settings
    np.testing.assert_array_equal(thin.candidates, full.candidates)
    small = full.candidate_n_exceed <= cap
    assert small.any() and (~small).any()
    np.testing.assert_array_equal(thin.xi[small], full.xi[small])  # not thinned
    # thinned: the estimate from `cap` order statistics is within 3 of its standard errors
    # ((1 + xi) / sqrt(cap)) of the fit to all the excesses
    assert np.all(np.abs(thin.xi[~small] - full.xi[~small]) <= 3 * (1 + xi) / math.sqrt(cap))
    assert np.all(thin.xi[~small] != full.xi[~small])  # fitted to other values
    # the test reads every excess, at the thinned estimate
    for j in np.flatnonzero(~small):
        u, k = thin.candidates[j], int(thin.candidate_n_exceed[j])
        y = srt[-k:] - u
        a2, _ = _statistics(y, float(thin.xi[j]), float(thin.sigma[j]))
        assert thin.ad_statistic[j] == pytest.approx(a2, rel=1e-9)
        assert thin.p_value[j] == pytest.approx(float(null_sf(a2, float(thin.xi[j]), "ad")),
                                                rel=1e-9, abs=1e-15)
    # refit_chosen: the chosen candidate (thinned) is refitted on all its excesses, so it is
    # the full fit's to the solver's tolerance; the others and the choice stay as thinned
    refit = select_sorted(srt, cap=cap, refit_chosen=True)
    i = refit.index
    assert i == thin.index and not small[i]
    assert refit.xi[i] == pytest.approx(full.xi[i], abs=1e-9) and refit.xi[i] != thin.xi[i]
    assert refit.sigma[i] == pytest.approx(full.sigma[i], rel=1e-8)
    others = np.arange(refit.xi.size) != i
    np.testing.assert_array_equal(refit.xi[others], thin.xi[others])
    assert refit.settings["chosen_fit"] == "refitted on all excesses"
    assert thin.settings["chosen_fit"] == "thinned" and "chosen_fit" not in full.settings


def test_a_uniform_tail_is_a_gpd_at_every_threshold_not_a_rejection():
    """Uniform scores are a GPD with xi = -1 above any threshold: the search must accept the
    lowest candidate (the boundary fit used to count as a rejection: 30 exceedances and a
    'GPD may not fit' warning); clipped scores (an atom at the maximum) are still rejected."""
    u = np.random.default_rng(26).uniform(size=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TailstatWarning)
        choice = select_threshold(u)
    assert not choice.all_rejected and choice.index == 0
    assert choice.xi[0] == pytest.approx(-1.0)
    clipped = np.minimum(np.random.default_rng(1).normal(size=5000), 1.5)
    with pytest.warns(TailstatWarning, match="rejected"):
        assert select_threshold(clipped).all_rejected


def test_a_choice_made_on_another_sample_is_refused() -> None:
    """fit_gpd(x / 100, choice_made_on_x) fitted above a threshold that left no value, and
    labelled the fit "automatic": a choice is now checked against the sample it is given."""
    x = np.random.default_rng(0).standard_t(4.0, 5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        choice = select_threshold(x)
        assert fit_gpd(x, choice).n_exceed == choice.n_exceed
        with pytest.raises(DataError, match="made on another sample"):
            fit_gpd(x / 100.0, choice)


def test_default_grids_on_tied_scores_hold_each_threshold_once() -> None:
    """A review: on counts (Poisson(3) capped at 10) 94 of mean_excess's 100 default rows
    repeated a threshold (threshold_stability refitted each repeat), and the last left 19
    values above it, below the grid's smallest k of 30."""
    d = np.minimum(np.random.default_rng(2).poisson(3, 5000), 10).astype(float)
    for table in (mean_excess(d).table, threshold_stability(d).table):
        assert table["threshold"].is_unique and len(table) == 5
        assert table["n_exceed"].min() >= 30
        for u, k in zip(table["threshold"], table["n_exceed"], strict=True):
            assert k == np.count_nonzero(d > u)
    x = np.random.default_rng(0).standard_normal(5000)  # no ties: the grids as they were
    assert len(mean_excess(x).table) == 100 and len(threshold_stability(x).table) == 30
    with pytest.raises(DataError, match="tied so much"):
        mean_excess(np.r_[np.zeros(4000), np.arange(20.0)])


def test_the_advice_of_a_sample_too_small_for_automatic_selection_works() -> None:
    """'Give a threshold (e.g. '90%')' left 6 of 60 values, below the 10 a fit needs."""
    x = np.random.default_rng(0).standard_t(3, 60)
    with pytest.raises(DataError, match="automatic threshold selection") as err:
        fit_gpd(x)
    q = re.search(r"e\.g\. '(\d+%)'", str(err.value)).group(1)
    assert fit_gpd(x, q).n_exceed >= 10


@pytest.mark.parametrize("n", [12, 20, 30, 61])
def test_the_advice_holds_for_small_samples(n: int) -> None:
    """For n = 20 it said 'leaves at least 30 values above it (e.g. '5%')'."""
    x = np.random.default_rng(0).standard_t(3, n)
    with pytest.raises(DataError, match="automatic threshold selection") as err:
        fit_gpd(x)
    q = re.search(r"e\.g\. '(\d+%)'", str(err.value)).group(1)
    assert "at least 10 values above it" in str(err.value)
    assert fit_gpd(x, q).n_exceed >= 10


def test_default_candidates_keep_min_exceed_with_tied_scores() -> None:
    """A review: on rounded scores X(n-k) of several k is one value and leaves fewer than k
    values above it; the default grid gave a candidate with 24 exceedances (min_exceed = 30)
    and said "20 order statistics" of 5 candidates."""
    x = np.round(np.random.default_rng(27).pareto(3.0, 3000) + 1)
    with pytest.warns(TailstatWarning):
        c = select_threshold(x)
    assert c.candidate_n_exceed.min() >= 30
    assert list(c.candidates) == [1.0, 2.0, 3.0, 4.0]
    assert "with ties, 4 distinct thresholds leaving at least 30 values above" in \
        c.settings["candidates"]


def test_fit_gpd_auto_with_warn_false_records_the_rejection_without_warning():
    """``warn=False`` promises the caveats only in ``warnings``; the threshold search's own
    caveat (every candidate rejected) was still warned (a caller reading the notes, as the
    Goodhart tail model does, then had to catch it with a process-wide filter)."""
    x = np.minimum(np.random.default_rng(0).standard_t(3, 5000), 1.0)  # clipped: no GPD fits
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = fit_gpd(x, "auto", warn=False)
    assert any(w.startswith("every one of the") for w in fit.warnings)
    with warnings.catch_warnings(record=True) as caught:  # (the atom is warned too)
        warnings.simplefilter("always")
        fit_gpd(x, "auto")
    assert any(str(w.message).startswith("every one of the") for w in caught)


def test_select_threshold_advice_names_its_own_arguments():
    # (error-message audit) select_threshold has no threshold=, yet was told to "give a
    # threshold"; lowest_quantile=0.999 was printed as "its 100% quantile"; explicit
    # thresholds that all left too few values said nothing to do
    x = np.random.default_rng(3).pareto(2.0, 2000) + 1.0
    with pytest.raises(DataError) as info:
        select_threshold(x, lowest_quantile=0.999)
    assert "99.9% quantile" in str(info.value) and "lowest_quantile=" in str(info.value)
    with pytest.raises(DataError) as info:
        select_threshold(x, min_exceed=5000)
    assert "Lower min_exceed=" in str(info.value) and "Give a threshold" not in str(info.value)
    with pytest.raises(DataError) as info:
        select_threshold(x, thresholds=[1e9])
    assert "leaves 0" in str(info.value) and "Give lower thresholds=" in str(info.value)


def test_a_number_in_0_1_read_as_a_quantile_level_warns_naming_both_readings():
    """``fit_gpd(x, 0.95)`` meant as the 95th percentile fitted every value of a sample above
    1 (threshold 0.95, all 2000 exceedances) without a word; ``resolve_threshold`` (the
    Bayesian fits' rule) said nothing either. The number is still used as given."""
    x = np.random.default_rng(1).pareto(2.0, 2000) + 1.0
    with pytest.warns(TailstatWarning, match=r"threshold=0\.95 is an absolute value") as rec:
        fit = fit_gpd(x, 0.95)
    msg = str(rec[0].message)
    assert "2000 of the 2000 values" in msg and "threshold='95%'" in msg
    assert f"{np.quantile(x, 0.95):.6g}" in msg  # the quantile reading, in numbers
    assert rec[0].filename == __file__  # at the user's line
    assert fit.threshold == 0.95 and fit.n_exceed == 2000
    assert msg in fit.warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = fit_gpd(x, 0.95, warn=False)  # recorded, not warned
    assert msg in quiet.warnings
    with pytest.warns(TailstatWarning, match="threshold='99%'"):
        assert resolve_threshold(x, 0.99)[0] == 0.99


@pytest.mark.parametrize("data, u", [
    ("unit", 0.95),     # rewards in [0, 1]: 0.95 is a value on their scale
    ("unit", 0.2),      # ... a low one, most of the sample above it, both readings < 1
    ("normal", 0.95),   # N(0, 1) rewards: 17% above 0.95, an ordinary threshold
    ("pareto", 2.0),    # 2 is not in (0, 1), and values lie below it
])
def test_ordinary_absolute_thresholds_do_not_warn(data, u):
    rng = np.random.default_rng(2)
    x = {"unit": rng.beta(5.0, 1.0, 2000), "normal": rng.standard_normal(2000),
         "pareto": rng.pareto(2.0, 2000) + 1.0}[data]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = fit_gpd(x, u)
        resolve_threshold(x, u)
    assert not any("absolute value" in w for w in fit.warnings)
    assert fit.threshold == u


def test_a_threshold_at_the_median_passed_on_as_a_number_does_not_warn():
    """select_threshold's lowest candidate is the median order statistic; passed on as a
    number (tailstat.goodhart does) it leaves half of the sample above it, not more: no
    quantile-level reading is suggested. One value lower, more than half: it is."""
    rng = np.random.default_rng(4)
    x = np.r_[rng.uniform(0.1, 0.7, 1000), rng.pareto(2.0, 1000) + 2.0]
    srt = np.sort(x)
    at_median = float(srt[999])  # X(n - k) with k = n / 2
    assert 0 < at_median < 1 < np.quantile(x, at_median)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_gpd(x, at_median)
    with pytest.warns(TailstatWarning, match="1001 of the 2000 values"):
        fit_gpd(x, float(srt[998]))


def test_a_percentage_given_as_a_number_that_leaves_too_few_says_how_to_write_it():
    """``fit_gpd(x, 95)`` meant as the 95th percentile: the error said the threshold was at or
    above the maximum, not that '95%' is how a percentage is written."""
    x = np.random.default_rng(5).pareto(2.0, 2000) + 1.0
    assert x.max() < 95
    with pytest.raises(DataError, match=r"at or above the maximum.*for the 95% quantile pass "
                                        r"threshold='95%'"):
        fit_gpd(x, 95)
    with pytest.raises(DataError) as err:
        fit_gpd(x, 1000.0)  # not a percentage: no hint
    assert "quantile pass" not in str(err.value)


def test_the_automatic_threshold_reads_the_upper_half_in_few_copies() -> None:
    """fit_gpd's "auto" threshold sorted the whole sample and the Anderson-Darling test of
    each candidate made a dozen masked copies of its excesses: 5.6 times the sample at its
    peak (450 MB for 10^7 values). The top half it reads, and in-place arithmetic, give the
    same choice and fit in about 3 times the sample."""
    import tracemalloc

    x = np.random.default_rng(1).standard_t(3, 200_000)
    fit_gpd(x[:1000])  # the caches filled once per process (the test's null distribution)
    tracemalloc.start()
    fit = fit_gpd(x)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 4.0 * x.nbytes  # was 5.6 times
    # the same numbers as the choice made on the whole sorted sample
    whole = select_threshold(x)
    got = fit.threshold_choice
    assert got is not None and got.threshold == whole.threshold
    for name in ("candidates", "xi", "sigma", "ad_statistic", "p_value", "forward_stop"):
        np.testing.assert_array_equal(getattr(got, name), getattr(whole, name))
    assert fit.xi == fit_gpd(x, threshold=whole.threshold).xi


def test_a_sample_of_exceedances_of_the_threshold_does_not_warn():
    """The values above ``u`` fitted at ``u`` (``x[x > u]``), or the top ``k + 1`` values at
    the lowest of them (what ``classify(method="bayes")`` hands ``fit_bayes``, whose
    threshold rule is ``resolve_threshold``), have every value above ``u`` by construction: the
    quantile-level caveat fired on them (and escaped ``classify(method="bayes")`` as a warning
    naming no group) for heavy-tailed rewards whose threshold lay in (0, 1)."""
    x = np.random.default_rng(1).standard_cauchy(1000) * 0.2 - 0.1
    desc = np.sort(x)[::-1]
    u = float(desc[100])
    assert 0 < u < 1 < np.quantile(desc[:101], u)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert resolve_threshold(desc[:101], u)[0] == u
        fit = fit_gpd(x[x > 0.5], 0.5)
    assert not any("absolute value" in w for w in fit.warnings)


def test_diagnostic_frames_keep_their_level_in_a_column(danish) -> None:
    """The level of ``ci_low``/``xi_low`` was only in ``attrs``, which ``pd.concat`` of frames
    at different levels drops: the stacked table no longer said which band was which."""
    us = np.array([5.0, 10.0])
    for diag in (mean_excess, threshold_stability):
        frames = [diag(danish, us, ci=level).to_frame() for level in (0.9, 0.95)]
        assert [f.attrs["level"] for f in frames] == [0.9, 0.95]
        assert list(pd.concat(frames)["level"]) == [0.9, 0.9, 0.95, 0.95]


@pytest.mark.parametrize("clipped", [222, 223, 224, 286])
def test_clipped_scores_whose_count_is_a_candidates_are_fitted_below_them(clipped: int) -> None:
    """A new user's review: 223 normal scores clipped at one ceiling (n = 7 000), a number of
    exceedances of the candidate grid, made the search return a candidate whose excesses are
    all that one value: fit_gpd(x) and the Goodhart summary failed ("all 223 exceedances are
    equal"), while 222 or 224 clipped scores were fitted. The highest candidate below the
    repeated top value is returned, and said."""
    u0 = np.random.default_rng(0).normal(size=7000)
    x = np.minimum(u0, np.sort(u0)[-clipped])
    import tailstat as ts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)  # the atom fails every test
        choice = ts.select_threshold(x)
        fit = ts.fit_gpd(x)
        summary = ts.goodhart.goodhart_summary(x)
    assert choice.n_exceed > clipped
    assert fit.n_exceed > clipped and np.isfinite(fit.xi)
    assert summary.label == "bounded"


def test_thresholds_that_leave_nothing_above_them_are_refused() -> None:
    """Every threshold above the data gave a table of NaN without a word, where fit_gpd and
    select_threshold refuse the same thresholds (a review); one usable threshold is enough."""
    x = np.random.default_rng(3).standard_normal(500)
    with pytest.raises(DataError, match=r"no threshold given leaves 10 .*lower thresholds"):
        threshold_stability(x, thresholds=[1e6])
    with pytest.raises(DataError, match=r"no threshold given leaves 1 .*95 is a score"):
        mean_excess(x, thresholds=[1e6, 95])
    me = mean_excess(x, thresholds=[0.0, 1e6])
    assert np.isfinite(me.mean_excess[0]) and np.isnan(me.mean_excess[1])


def test_too_few_exceedances_among_ties_gives_advice_that_works() -> None:
    """A review: the suggested quantile landed in a run of tied values and left too few
    again, with the same advice ('28.6%' -> '28.6%')."""
    rng = np.random.default_rng(5)
    x = np.r_[rng.normal(size=40) - 5.0, np.ones(60), 2.0 + rng.exponential(1.0, 5)]
    with pytest.raises(DataError, match=r"threshold=(\S+) \((\d+) values above it") as info:
        fit_gpd(x, threshold=3.0)
    pick, above = re.search(r"threshold=(\S+) \((\d+) values above it",
                            str(info.value)).groups()
    assert int(above) >= 50 and int(np.count_nonzero(x > float(pick))) == int(above)
    with pytest.warns(TailstatWarning, match="share one value"):  # the ties, said
        fit_gpd(x, threshold=float(pick))  # the advice works
    # and when no threshold can leave enough, it says so instead of advising one
    tied = np.array([-1, -1, -1, 0.5, 1.2, 2.0, 3.1])
    with pytest.raises(DataError, match="only a threshold below the smallest value"):
        check_exceedances(tied, 0.0, min_exceed=5)


def test_too_few_exceedances_with_an_untied_smallest_value_is_no_point_mass() -> None:
    """A second review: with 60 distinct values and min_exceed = 60 the message spoke of
    'its 1 tied values ... a point mass'."""
    x = np.arange(1.0, 61.0)
    with pytest.raises(DataError, match=r"all 60 values: a threshold just below it"):
        check_exceedances(x, 55.0, min_exceed=60)
