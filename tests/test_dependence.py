"""Tail dependence χ(u) of error and gold: ``tailstat/dependence.py``."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.dependence import MIN_CHI_EXCEED
from tailstat.reporting._text import dependence_text


def test_row_quotes_the_level_nearest_099_at_which_chi_exists() -> None:
    """With 61 pairs no error lies above its 99% quantile (χ(0.99) is NaN): the quoted row is
    the nearest level whose χ rests on at least MIN_CHI_EXCEED errors, and the report's
    sentence then speaks of that level; where no level has enough, the report says so."""
    rng = np.random.default_rng(3)
    x, v = rng.normal(size=61), rng.normal(size=61)
    dep = ts.tail_dependence(x, v, (0.8, 0.9, 0.99))
    chi = dict(zip(dep.table["u"], dep.table["chi"], strict=True))
    assert math.isnan(chi[0.99]) and math.isfinite(chi[0.9])
    assert float(dep.row()["u"]) == 0.9 and float(dep.row(0.85)["u"]) in (0.8, 0.9)
    big = ts.tail_dependence(rng.normal(size=5000), rng.normal(size=5000))
    assert float(big.row()["u"]) == 0.99  # finite there: the level asked for
    row = dep.row()
    text = dependence_text(None, {"u": float(row["u"]), "chi": float(row["chi"]),
                                  "ci_low": float(row["ci_low"]),
                                  "ci_high": float(row["ci_high"]),
                                  "n_exceed": int(row["n_exceed"])})
    assert "Among the 10% largest errors" in text and "–" not in text
    none = dependence_text(None, {"u": 0.99, "chi": math.nan, "ci_low": math.nan,
                                  "ci_high": math.nan})
    assert none.startswith("Too few errors") and "independence" not in none
    # a chi from fewer than MIN_CHI_EXCEED errors is not read either (one pair said
    # "consistent with independence")
    few = dependence_text(None, {"u": 0.98, "chi": 0.0, "ci_low": 0.0, "ci_high": 0.79,
                                 "n_exceed": 1})
    assert few.startswith("Too few errors")
    assert int(dep.row()["n_exceed"]) >= MIN_CHI_EXCEED


def test_the_interval_level_is_recorded_and_drawn() -> None:
    """A TailDependence says the level of its intervals, and its figure labels them so (it
    said 95% whatever the level)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tailstat import plot

    rng = np.random.default_rng(0)
    x, v = rng.normal(size=3000), rng.normal(size=3000)
    d90 = ts.tail_dependence(x, v, np.linspace(0.8, 0.99, 10), ci=0.9)
    d95 = ts.tail_dependence(x, v, np.linspace(0.8, 0.99, 10))
    assert (d90.level, d95.level) == (0.9, 0.95)
    assert np.all(d90.table["ci_high"] - d90.table["ci_low"]
                  < d95.table["ci_high"] - d95.table["ci_low"])
    ax = plot.tail_dependence(d90)
    assert "90% interval" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(ax.figure)


def test_tied_gold_scores_keep_the_independence_baseline() -> None:
    """A review's case: gold on a 1-5 scale. With average ranks a block of ties lay wholly
    above or below a level: chi(0.95) = 0 [0, 0.015] whether or not the error depended on
    gold, an interval that excluded 1 - u. Ties are now counted as if ordered at random."""
    rng = np.random.default_rng(8)
    n = 5000
    v = rng.integers(1, 6, n).astype(float)
    independent = ts.tail_dependence(rng.normal(size=n), v, [0.85, 0.95]).table
    for r in independent.itertuples():  # 1 - u inside the interval, as independence says
        assert r.ci_low <= 1 - r.u <= r.ci_high, r
        assert r.n_exceed == round(n * (1 - r.u))
    dependent = ts.tail_dependence(2 * v + 0.3 * rng.normal(size=n), v, [0.85, 0.95]).table
    assert (dependent["ci_low"] > dependent["independence"]).all()
    # without ties the ranks are the usual ones: the same table as before
    x, w = rng.normal(size=2000), rng.normal(size=2000)
    t = ts.tail_dependence(x, x + w, [0.9]).table.iloc[0]
    rx, rw = np.argsort(np.argsort(x)), np.argsort(np.argsort(x + w))
    above = rx >= 0.9 * 2001 - 1
    assert t.chi == np.mean(rw[above] >= 0.9 * 2001 - 1)


def test_no_levels_is_a_clear_error() -> None:
    import pytest

    rng = np.random.default_rng(0)
    with pytest.raises(ts.DataError, match="at least one quantile level"):
        ts.tail_dependence(rng.normal(size=100), rng.normal(size=100), [])


def test_series_with_different_indexes_are_refused_not_paired_by_position() -> None:
    """The same scores under a reversed index: paired by position, chi(0.9) was 0 where the
    rows (by label) are identical and chi is 1. Refused, with the way to align them."""
    import pandas as pd
    import pytest

    from tailstat.goodhart import best_of_n

    x = pd.Series(np.arange(100.0), index=np.arange(100))
    v = pd.Series(np.arange(100.0)[::-1], index=np.arange(100)[::-1])
    for call in (lambda: ts.tail_dependence(x, v, [0.9]), lambda: best_of_n(x, v),
                 lambda: ts.fit_overoptimization(x, v)):
        with pytest.raises(ts.DataError, match="different indexes"):
            call()
    assert ts.tail_dependence(*x.align(v, join="inner"), [0.9]).table["chi"].iloc[0] == 1.0
    # the same index in the same order, or arrays: read as before
    assert ts.tail_dependence(x, x.copy(), [0.9]).table["chi"].iloc[0] == 1.0


def test_ties_count_by_their_expected_share_whatever_the_row_order() -> None:
    """A review: ties were broken by one seeded random draw per variable, so chi changed
    when the rows were permuted (0.458 against 0.472 on rounded normal scores). The count is
    now the expectation over the random orders: exactly invariant, and the share a tied
    block straddling the level contributes is computed by hand here."""
    rng = np.random.default_rng(3)
    z = np.round(rng.normal(size=5000))
    w = np.round(z + rng.normal(size=5000))
    p = rng.permutation(5000)
    for a, b in ((z, z), (z, w)):
        t1 = ts.tail_dependence(a, b, [0.8, 0.9, 0.95]).table
        t2 = ts.tail_dependence(a[p], b[p], [0.8, 0.9, 0.95]).table
        pd.testing.assert_frame_equal(t1, t2)
    # identical scores: rows above the straddling block count fully, the block's rows by
    # the square of its share above the level (each variable's places are shared out alone)
    u, n = 0.9, z.size
    above = n - int(np.floor(u * (n + 1)))  # places above the level
    level = np.sort(z)[n - above]  # the value at the first of them
    strictly, block = int(np.sum(z > level)), int(np.sum(z == level))
    share = (above - strictly) / block  # of the block's places, those above the level
    assert 0 < share < 1
    expect = (strictly + block * share**2) / above
    got = ts.tail_dependence(z, z, [u]).table.chi.iloc[0]
    assert got == pytest.approx(expect, rel=1e-12) and got < 1


def test_missing_values_of_any_kind_drop_their_pairs() -> None:
    """A review: None in a list (or an object Series) was refused as 'not real numbers',
    though the docstring drops pairs with a missing value, as every other function reads
    None; fractions are numbers."""
    from fractions import Fraction

    rng = np.random.default_rng(1)
    x, g = rng.normal(size=500), list(rng.normal(size=500))
    g[3] = None
    for gold in (g, pd.Series(g, dtype=object), ["NA" if e is None else e for e in g]):
        # said, as the estimators say what they drop (a review, stop 60: silently before)
        said = r"1 of the 500 .* pairs had a missing value .* was dropped"
        with pytest.warns(ts.InputWarning, match=said):
            assert ts.tail_dependence(x, gold).n == 499
    fr = [Fraction(i, 7) for i in range(500)]
    np.testing.assert_array_equal(ts.tail_dependence(fr, x).table,
                                  ts.tail_dependence(np.arange(500) / 7, x).table)


def test_the_frame_keeps_its_interval_level_in_a_column() -> None:
    """The level of ``ci_low``/``ci_high`` was only in ``attrs``, which ``pd.concat`` of
    frames at different levels drops."""
    rng = np.random.default_rng(4)
    x, v = rng.normal(size=2000), rng.normal(size=2000)
    frames = [ts.tail_dependence(x, v, (0.9, 0.95), ci=ci).to_frame() for ci in (0.8, 0.95)]
    assert [f.attrs["level"] for f in frames] == [0.8, 0.95]
    assert list(pd.concat(frames)["level"]) == [0.8, 0.8, 0.95, 0.95]


def test_the_result_names_its_method() -> None:
    """Like every result, the dependence says how its estimate and intervals were made: in
    the dictionary, the frame (a column and attrs) and a saved copy."""
    rng = np.random.default_rng(4)
    dep = ts.tail_dependence(rng.normal(size=500), rng.normal(size=500), (0.9,))
    assert "Wilson score interval" in dep.method and "tied ranks" in dep.method
    assert dep.to_dict()["method"] == dep.method
    frame = dep.to_frame()
    assert list(frame["method"]) == [dep.method] and frame.attrs["method"] == dep.method


def test_the_repr_is_one_short_line_whatever_the_number_of_levels() -> None:
    """Every level went into the repr: 500 levels made a repr of 17,961 characters."""
    rng = np.random.default_rng(0)
    x, v = rng.normal(size=5000), rng.normal(size=5000)
    many = ts.tail_dependence(x, v, np.linspace(0.5, 0.99, 500), ci=0.9)
    text = repr(many)
    assert len(text) < 250 and "\n" not in text and "(500 levels)" in text
    assert text.endswith("level=0.9)")
    two = repr(ts.tail_dependence(x, v))
    assert two.count("chi(") == 2 and "..." not in two


def _chi_by_definition(x: np.ndarray, v: np.ndarray, u: float) -> float:
    """χ(u) written out: each value's chance of a place above the floor(u (n + 1)) lowest when
    its tied block is ordered at random, multiplied over the pair and summed."""
    n = x.size
    below = min(n, math.floor(u * (n + 1) + 1e-9))

    def share(a: np.ndarray) -> np.ndarray:
        s = np.sort(a)
        first = np.searchsorted(s, a, side="left")
        size = np.searchsorted(s, a, side="right") - first
        return np.clip(first + size - below, 0, size) / size

    return float(np.sum(share(x) * share(v))) / (n - below)


def test_chi_equals_its_definition_at_every_level_with_and_without_ties() -> None:
    """The ranks are taken from the upper part of each variable only (a review: a search of
    the whole sorted sample for every value cost 12 s per variable at 10^7); every level,
    from 0.01 up, is still the definition's, ties straddling a level included."""
    rng = np.random.default_rng(8)
    levels = (0.01, 0.5, 0.8, 0.9, 0.95, 0.99)
    for case in range(6):
        n = int(rng.integers(50, 3000))
        x = rng.normal(size=n)
        v = 0.6 * x + rng.normal(size=n)
        if case % 3 == 1:
            x, v = np.round(x, 1), rng.integers(1, 6, n).astype(float)
        elif case % 3 == 2:
            x = rng.integers(0, 3, n).astype(float)
        got = ts.tail_dependence(x, v, levels=levels).table["chi"].to_numpy()
        want = [_chi_by_definition(x, v, u) for u in levels]
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("ci", [0.8, 0.95])
def test_the_interval_is_wilsons_at_the_level_asked(ci: float) -> None:
    """A mutation review: nothing checked the bounds against their formula (a fixed 95%
    passed). Wilson's interval for chi * m of m exceedances, at z = Phi^-1(1/2 + ci/2), away
    from the counts next to 0 and m."""
    from scipy import special

    rng = np.random.default_rng(0)
    x, v = rng.normal(size=2000), rng.normal(size=2000)
    row = ts.tail_dependence(x, v, levels=[0.9], ci=ci).table.iloc[0]
    m, p = int(row["n_exceed"]), float(row["chi"])
    z = special.ndtri(0.5 + ci / 2)
    centre = (p + z * z / (2 * m)) / (1 + z * z / m)
    half = z / (1 + z * z / m) * math.sqrt(p * (1 - p) / m + z * z / (4 * m * m))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((centre - half, centre + half),
                                                            rel=1e-12)


def test_chi_max_is_the_most_the_ties_allow() -> None:
    """A review: with a 5-point gold score that rises with the error, χ(0.99) was 0.06, where
    a continuous gold gives 1: the ties cap χ at (1 - u) / P(top level), and nothing said so
    (the report's reading of χ against 1 / 2 can then never fire)."""
    rng = np.random.default_rng(0)
    e = rng.normal(size=20_000)
    five = np.digitize(e, [-1.0, 0.0, 0.5, 1.0]) + 1.0  # the top level: e > 1
    t = ts.tail_dependence(e, five, levels=(0.95, 0.99)).table
    top = float(np.mean(e > 1.0))
    np.testing.assert_allclose(t["chi_max"], [0.05 / top, 0.01 / top], rtol=0.03)
    np.testing.assert_allclose(t["chi"], t["chi_max"], rtol=1e-12)  # moving together: the cap
    assert ts.tail_dependence(e, e, levels=(0.99,)).table["chi_max"].tolist() == [1.0]
    free = ts.tail_dependence(e, rng.normal(size=e.size), levels=(0.99,)).table
    assert free["chi_max"].tolist() == [1.0] and free["chi"].iloc[0] < 0.05
    # shuffled rows: the same cap (it depends on the ties, not on the pairing)
    perm = rng.permutation(e.size)
    again = ts.tail_dependence(e[perm], five[perm], levels=(0.95, 0.99)).table
    np.testing.assert_allclose(again["chi_max"], t["chi_max"], rtol=1e-12)
    row = {**t.iloc[1].to_dict()}
    text = dependence_text(None, row)
    assert f"allow at most χ(0.99) = {row['chi_max']:.2f}" in text
    assert "allow at most" not in dependence_text(None, {**row, "chi_max": 1.0})


def test_the_bound_by_zero_is_poissons_for_the_smallest_counts() -> None:
    """Brown, Cai & DasGupta (2001), 4.1.1: for 1..2 successes of m <= 50 (1..3 above) the
    lower bound is chi2_{2x}(alpha) / (2m) where that is lower than Wilson's; by symmetry the
    upper bound next to m; Wilson's elsewhere."""
    from scipy import stats

    chi_interval = ts.dependence.chi_interval
    for x, m in [(1, 10), (2, 10), (3, 60), (0.5, 20)]:
        assert chi_interval(x, m, 0.95)[0] == pytest.approx(stats.chi2.ppf(0.05, 2 * x) / (2 * m),
                                                            rel=1e-12)
        lo, hi = chi_interval(m - x, m, 0.95)
        assert hi == pytest.approx(1 - stats.chi2.ppf(0.05, 2 * x) / (2 * m), rel=1e-12)
    assert chi_interval(3, 10, 0.95)[0] > chi_interval(2, 10, 0.95)[0]  # Wilson's again
    assert chi_interval(0, 10, 0.95)[0] == 0.0 and chi_interval(10, 10, 0.95)[1] == 1.0
    lo, hi = chi_interval(np.array([1.0, 5.0]), np.array([10.0, 10.0]), 0.95)
    assert (lo[0], hi[1]) == (chi_interval(1, 10, 0.95)[0], chi_interval(5, 10, 0.95)[1])


def test_the_interval_covers_independence_with_ten_errors_above_the_level() -> None:
    """Near independence chi(u) is the small proportion 1 - u, where Wilson's interval alone
    covered 0.90 (10 errors above u = 0.99, independent normal pairs); the interval must
    cover at its level, within two standard errors of 300 seeds."""
    rng = np.random.default_rng(7)
    reps, covered = 300, 0
    for _ in range(reps):
        x, v = rng.normal(size=1000), rng.normal(size=1000)
        row = ts.tail_dependence(x, v, levels=[0.99]).table.iloc[0]
        covered += row["ci_low"] <= 0.01 <= row["ci_high"]
    assert covered / reps >= 0.95 - 2 * math.sqrt(0.95 * 0.05 / reps)


def test_chibar_is_the_exact_one_of_a_normal_pair_within_its_interval() -> None:
    """χ̄(u) = 2 log(1 - u) / log P(both above u) - 1 (Coles, Heffernan & Tawn 1999): for a
    normal pair of correlation 0.5 the exact value at u = 0.99 (bivariate normal CDF) lies in
    the interval from 200,000 pairs; χ̄ is 1 for a variable with itself and -1 with no pair
    above the level, and the interval is χ's mapped through the same increasing function."""
    from scipy import stats

    rng = np.random.default_rng(11)
    cov = [[1.0, 0.5], [0.5, 1.0]]
    z = rng.multivariate_normal([0.0, 0.0], cov, size=200_000)
    t = ts.tail_dependence(z[:, 0], z[:, 1], levels=[0.99]).table.iloc[0]
    q = stats.norm.ppf(0.99)
    both = 1 - 2 * 0.99 + stats.multivariate_normal([0.0, 0.0], cov).cdf([q, q])
    exact = 2 * math.log(0.01) / math.log(both) - 1
    assert 0.3 < exact < 0.5 and t["chibar_low"] <= exact <= t["chibar_high"]
    p = t["n_exceed"] / 200_000
    for c, cb in [("chi", "chibar"), ("ci_low", "chibar_low"), ("ci_high", "chibar_high")]:
        assert t[cb] == pytest.approx(2 * math.log(p) / math.log(t[c] * p) - 1, rel=1e-12)
    x = rng.normal(size=5000)
    same = ts.tail_dependence(x, x, levels=[0.99]).table.iloc[0]
    assert same["chibar"] == 1.0
    apart = ts.tail_dependence(x, -x, levels=[0.99]).table.iloc[0]
    assert apart["chi"] == 0.0 and apart["chibar"] == -1.0 and apart["chibar_low"] == -1.0
    free = ts.tail_dependence(x, rng.normal(size=5000), levels=[0.9]).table.iloc[0]
    assert free["chibar_low"] <= 0.0 <= free["chibar_high"]


def test_an_alpha_for_a_level_and_a_0d_array_of_levels_are_refused() -> None:
    """A review: chi_interval(1, 10, 0.05) gave a 5% interval that read as a precise 95% one
    and chi_interval(1, 10, 95) NaN; levels=np.array(0.95) escaped as a TypeError."""
    from tailstat.dependence import chi_interval

    low, high = chi_interval(1, 10, 0.95)
    assert low < 0.1 < high
    for level in (0.05, 95):
        with pytest.raises(ts.DataError, match="level must be a level in"):
            chi_interval(1, 10, level)
    x = np.random.default_rng(0).normal(size=200)
    with pytest.raises(ts.DataError, match=r"got an array of shape \(\)"):
        ts.tail_dependence(x, x, levels=np.array(0.95))


def test_row_refuses_a_level_that_is_not_one() -> None:
    """A review: row("0.99") raised numpy's UFuncTypeError and row(None) a TypeError."""
    rng = np.random.default_rng(3)
    dep = ts.tail_dependence(rng.normal(size=500), rng.normal(size=500))
    for bad in ("0.99", None, 1.0, 0.0, math.nan):
        with pytest.raises(ts.DataError, match="level must be a level in"):
            dep.row(bad)
    assert dep.row(np.float32(0.9))["u"] == dep.row(0.9)["u"] == dep.row(np.array(0.9))["u"]


def test_float32_levels_count_the_same_pairs_in_any_container() -> None:
    """A review: float32 0.95 is 0.94999999; in an array it stayed np.float32 and counted 4
    pairs above it, in a Series it became that float64 and counted 5."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=99)
    v = x + rng.normal(size=99)
    expected = ts.tail_dependence(x, v, [0.95]).table[["u", "n_exceed", "chi"]]
    for levels in (np.array([0.95], dtype=np.float32), pd.Series([0.95], dtype="float32"),
                   [np.float32(0.95)], np.array([0.95], dtype=np.float16)):
        got = ts.tail_dependence(x, v, levels).table[["u", "n_exceed", "chi"]]
        pd.testing.assert_frame_equal(got, expected)


def test_a_notebook_shows_the_chi_table() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=999)
    page = ts.tail_dependence(x, x + rng.normal(size=999))._repr_html_()
    assert "<th>chi</th>" in page and "<th>ci_low</th>" in page and "chi(0.95)=" in page
    assert page.count("<tr>") == 2  # one row per level
    deep = ts.tail_dependence(x, x + rng.normal(size=999), (0.9, 0.9995))._repr_html_()
    assert "<td>0.9995</td>" in deep  # (a re-read: levels to three digits showed 1)


def test_levels_of_any_real_type_are_plain_floats() -> None:
    """A review: a Fraction level gave an object column of Fractions (and independence
    Fraction(1, 20)), a longdouble one a float128 column; neither could be saved."""
    from fractions import Fraction

    rng = np.random.default_rng(4)
    v = rng.normal(size=2000)
    x = v + rng.normal(size=2000)
    plain = ts.tail_dependence(x, v, [0.95]).table
    for level in (Fraction(19, 20), np.longdouble("0.95"), np.int64(0) + 0.95):
        t = ts.tail_dependence(x, v, [level]).table
        assert t["u"].dtype == np.float64 and t["independence"].dtype == np.float64
        pd.testing.assert_frame_equal(t, plain)


def test_independence_column_is_chi_expectation_under_independence() -> None:
    """The column is E[χ̂] when x and v are independent: m / n for m pairs above each level
    (a review: it said 1 - u, 0.05, where the expectation over every order of 30 pairs at
    u = 0.95 is 1 / 30). Checked by the exact mean over random permutations of v."""
    rng = np.random.default_rng(3)
    x, v = rng.normal(size=30), rng.normal(size=30)
    t = ts.tail_dependence(x, v, (0.5, 0.9, 0.95)).table
    m = t["n_exceed"].to_numpy()
    assert t["independence"].tolist() == pytest.approx((m / 30).tolist(), abs=0, rel=1e-15)
    assert t["independence"].iloc[-1] == pytest.approx(1 / 30)
    # a naive count over 20,000 random orders of v (no ties: the top m of each are above)
    top_x = np.argsort(x)[::-1]
    perms = np.argsort(rng.random((20_000, 30)), axis=1)  # v's ranks, random
    for mi, want in zip(m, t["independence"], strict=True):
        both = np.isin(perms[:, top_x[:mi]], np.arange(30 - mi, 30)).sum(axis=1)
        chi = both / mi
        assert abs(chi.mean() - want) <= 4 * chi.std() / math.sqrt(chi.size)


def test_labels_follow_the_inputs() -> None:
    """A review: a call on Series named "reward" and "judge" was labelled "error" and
    "gold", the analysis' labels."""
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=200), rng.normal(size=200)
    d = ts.tail_dependence(pd.Series(a, name="reward"), pd.Series(b, name="judge"))
    assert (d.x_name, d.v_name) == ("reward", "judge")
    d = ts.tail_dependence(a, b)
    assert (d.x_name, d.v_name) == ("x", "v")
    d = ts.tail_dependence(a, b, names=("error", "gold"))
    assert (d.x_name, d.v_name) == ("error", "gold")
    with pytest.raises(ts.DataError, match="names must be two strings"):
        ts.tail_dependence(a, b, names=("error",))
    an = ts.analyze(pd.DataFrame({"r": a + b, "g": b}), "r", gold="g", warn=False)
    assert {(d.x_name, d.v_name) for d in an.dependence.values()} == {("error", "gold")}
