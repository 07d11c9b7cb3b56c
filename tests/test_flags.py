"""Heavy flags across groups: Benjamini–Hochberg on p-values of the heavy score against the
shipped null of light and bounded tails."""

from __future__ import annotations

import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.classification import heavy_flags
from tailstat.classification._flag_null import _survival, heavy_pvalue, null_table
from tailstat.classification.flags import benjamini_hochberg, heavy_pvalues, null_families
from tailstat.errors import DataError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks import tuning_suite, validation_suite


def _classify(x: np.ndarray) -> ts.TailClassification:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ts.classify(x, warn=False)


def test_benjamini_hochberg_by_hand() -> None:
    """m = 5 at q = 0.05: thresholds 0.01, 0.02, 0.03, 0.04, 0.05; the step-up rule takes
    the largest i with p_(i) <= 0.01 i, even past a p-value above its own threshold."""
    p = [0.004, 0.5, 0.025, np.nan, 0.021, 0.03]  # m = 5 (NaN not counted)
    assert benjamini_hochberg(p, 0.05).tolist() == [True, False, True, False, True, True]
    assert benjamini_hochberg([0.011, 0.5, 0.03], 0.05).tolist() == [True, False, True]
    assert benjamini_hochberg([0.02, 0.5], 0.03).tolist() == [False, False]
    assert benjamini_hochberg([], 0.05).shape == (0,)
    assert not benjamini_hochberg([np.nan, np.nan]).any()
    # a NaN is not counted in m: with m = 2 both pass (0.04 <= 0.05); counted (m = 4),
    # 0.04 would fail its threshold 0.025 (a mutation review: the example above held either way)
    assert benjamini_hochberg([0.01, 0.04, np.nan, np.nan], 0.05).tolist() == [
        True, True, False, False]
    # a lone tiny p-value among many large ones: no floor limits the number of groups
    assert benjamini_hochberg(np.r_[1e-7, np.full(9999, 0.9)], 0.05)[0]


def test_benjamini_hochberg_ties_all_or_none() -> None:
    a = benjamini_hochberg([0.01, 0.01, 0.04, 0.04, 0.9], 0.05)
    assert a.tolist() == [True, True, True, True, False]
    assert benjamini_hochberg([0.02] * 4, 0.05).all()
    assert not benjamini_hochberg([0.3] * 4, 0.05).any()
    # the order of the input does not matter
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 0.1, 200)
    perm = rng.permutation(200)
    np.testing.assert_array_equal(benjamini_hochberg(p)[perm], benjamini_hochberg(p[perm]))


def test_benjamini_hochberg_controls_fdr_under_independence() -> None:
    """Uniform null p-values and Beta(0.05, 1) alternatives: mean FDP <= q (m0/m) to the
    simulation's standard error."""
    rng = np.random.default_rng(7)
    fdp = []
    for _ in range(2000):
        truth = np.arange(100) < 10
        p = np.where(truth, rng.beta(0.05, 1, 100), rng.uniform(size=100))
        f = benjamini_hochberg(p, 0.1)
        fdp.append(np.sum(f & ~truth) / max(1, f.sum()))
    se = np.std(fdp) / np.sqrt(len(fdp))
    assert np.mean(fdp) <= 0.1 * 0.9 + 3 * se


def test_the_null_table_is_what_its_builder_documents() -> None:
    tab = null_table()
    assert set(tab.families) == {f.name for f in tuning_suite.FAMILIES if f.label != "heavy"}
    assert null_families() == tab.families
    assert not set(tab.families) & {f.name for f in validation_suite.FAMILIES}
    assert np.all(np.diff(tab.log10_n) > 0) and tab.log10_n[0] <= 1.7 and tab.log10_n[-1] >= 7
    assert np.all(np.diff(tab.quantiles, axis=1) >= 0)
    assert np.all((tab.share > 0) & (tab.share < 0.1) & (tab.sigma > 0))
    assert np.all(tab.draws >= 500)


def test_pvalue_is_a_survival_function_of_the_score() -> None:
    s = np.linspace(-60, 40, 2001)
    for n in (50, 120, 1000, 3163, 10**4, 54_321, 10**6, 10**8):
        p = heavy_pvalue(s, n)
        assert np.all((p >= 0) & (p <= 1))
        assert np.all(np.diff(p) <= 1e-15)  # non-increasing in the score
        assert p[0] == 1.0
    # continuous where the body meets the fitted tail
    tab = null_table()
    for i in range(tab.log10_n.size):
        u = tab.threshold[i]
        np.testing.assert_allclose(_survival(np.array([u - 1e-9, u + 1e-9]), i),
                                   tab.share[i], rtol=1e-6)


def test_a_score_at_an_atom_of_the_null_counts_the_whole_atom() -> None:
    """Saturated samples all score the ceiling's log odds, an atom of the null (tied body
    quantiles at most sizes). P(score' >= s) at the atom counts all of it: a review found
    clipped samples given p = 0.946 at n = 3162, where no null score is lower, so at a
    false-discovery rate of 0.95 every clipped group was flagged heavy."""
    tab = null_table()
    atoms = 0
    for i in range(tab.log10_n.size):
        q = tab.quantiles[i][tab.quantiles[i] <= tab.threshold[i]]
        values, first, counts = np.unique(q, return_index=True, return_counts=True)
        for v, j, c in zip(values, first, counts, strict=True):
            if c > 1:
                atoms += 1
                # at it (to the table's rounding, 6 decimals) the whole atom counts; past
                # it, only the levels above it
                at = _survival(np.array([v, v + 4e-7, v - 4e-7, v + 1e-5]), i)
                np.testing.assert_allclose(at[:3], 1.0 - tab.levels[j], atol=1e-12)
                assert at[3] == pytest.approx(1.0 - tab.levels[j + c - 1], abs=1e-4)
    assert atoms >= 10
    clipped = [_classify(np.minimum(np.random.default_rng(s).standard_normal(3000), 1.5))
               for s in range(5)]
    assert all(c.pattern == "saturated" for c in clipped)
    np.testing.assert_array_equal(heavy_pvalues(clipped), 1.0)
    assert not heavy_flags(clipped, 0.95).any()


def test_the_null_has_no_end_point_past_its_largest_draw() -> None:
    """A review: the null's GPD tail, fitted with a shape below 0 at 10 of 12 sizes on 40-400
    exceedances, ended at end points that jumped between neighbouring sizes (4.6 to 15.6):
    p = 0 past them, so a score of 6 had p = 1e-7 at n = 50 and exactly 0 at n = 100 and
    137. Past the largest draw (survival 1 / draws) the hazard there is held: p > 0 for
    every finite score, continuous, and equal to the fit up to that draw."""
    tab = null_table()
    for n in (50, 100, 137, 10**4, 10**6.5, 10**7):
        p = heavy_pvalue(np.array([6.0, 12.0, 40.0]), n)  # (past ~100, p underflows)
        assert np.all(p > 0) and np.all(np.diff(p) < 0)
    for i in range(tab.log10_n.size):
        share, xi, sigma = tab.share[i], tab.xi[i], tab.sigma[i]
        m = share * tab.draws[i]
        y0 = sigma * np.log(m) if abs(xi) < 1e-12 else sigma / xi * (m**xi - 1)
        x0 = tab.threshold[i] + y0
        # the switch: continuous, the fitted GPD below it
        np.testing.assert_allclose(_survival(np.array([x0 - 1e-9, x0 + 1e-9]), i),
                                   1 / tab.draws[i], rtol=1e-6)
        # past it, with a shape below 0, the hazard at the largest draw is held: an
        # exponential of that rate (a mutation review: a hazard of 1 / sigma passed the
        # continuity checks); with a shape >= 0 the fitted GPD, heavier, goes on
        far = (np.exp(-1.0 / (sigma + xi * y0)) / tab.draws[i] if xi < 0
               else share * (1 + xi * (y0 + 1.0) / sigma) ** (-1 / xi))
        np.testing.assert_allclose(_survival(np.array([x0 + 1.0]), i), far, rtol=1e-9)
        below = np.array([tab.threshold[i] + 0.5 * y0])
        gpd = share * (1 + xi * 0.5 * y0 / sigma) ** (-1 / xi)
        np.testing.assert_allclose(_survival(below, i), gpd, rtol=1e-9)
    # infinite scores are p = 0 and 1 (not missing, which would leave them out of the count)
    np.testing.assert_array_equal(heavy_pvalue([np.inf, -np.inf], 1000), [0.0, 1.0])


def test_pvalue_interpolates_between_reference_sizes() -> None:
    tab = null_table()
    s = np.array([tab.threshold[5]])
    at = [heavy_pvalue(s, 10 ** tab.log10_n[i])[0] for i in (5, 6)]
    assert heavy_pvalue(s, 10 ** tab.log10_n[5])[0] == pytest.approx(_survival(s, 5)[0])
    mid = heavy_pvalue(s, 10 ** ((tab.log10_n[5] + tab.log10_n[6]) / 2))[0]
    assert mid == pytest.approx((at[0] + at[1]) / 2, rel=1e-12)
    # beyond the table: its nearest size
    assert heavy_pvalue(s, 10**9)[0] == pytest.approx(_survival(s, tab.log10_n.size - 1)[0])
    assert np.isnan(heavy_pvalue([np.nan, 1.0], 1000)[0])


@pytest.mark.parametrize("n", [700, 20_000])
def test_pvalues_of_the_nulls_own_population_are_uniform(n: int) -> None:
    """Fresh draws from the tuning suite's light and bounded families (the null's population,
    at sizes between its reference sizes, new seeds): P(p <= a) is a within three standard
    errors."""
    fams = [f for f in tuning_suite.FAMILIES if f.label != "heavy"]
    rng = np.random.default_rng([91, n])
    count = 400 if n < 10**4 else 150
    cs = []
    for _ in range(count):
        fam = fams[rng.integers(len(fams))]
        x = fam.draw(rng, n) * 10 ** rng.uniform(-2, 2) + rng.uniform(-50, 50)
        try:
            cs.append(_classify(x))
        except DataError:
            continue
    assert len(cs) >= 0.95 * count  # a skipped draw is a degenerate tail, not a failure hidden
    p = heavy_pvalues(cs)
    for a in (0.05, 0.2, 0.5):
        se = np.sqrt(a * (1 - a) / p.size)
        assert abs(np.mean(p <= a) - a) <= 3 * se, (a, np.mean(p <= a))


def test_out_of_sample_light_tails_are_not_flagged_more_than_q() -> None:
    """The validation suite's light and bounded families (never used to build the null) at
    n = 3000: P(p <= 0.05) at most 0.05 to three standard errors."""
    fams = [f for f in validation_suite.FAMILIES if f.label != "heavy"]
    rng = np.random.default_rng(5)
    cs = []
    for _ in range(300):
        fam = fams[rng.integers(len(fams))]
        x = fam.draw(rng, 3000) * 10 ** rng.uniform(-2, 2) + rng.uniform(-50, 50)
        try:
            cs.append(_classify(x))
        except DataError:
            continue
    assert len(cs) >= 285  # (95% of the draws) a skip is a degenerate tail, not a failure hidden
    p = heavy_pvalues(cs)
    assert np.mean(p <= 0.05) <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / p.size)


def test_a_lone_pareto_among_thousands_is_flagged() -> None:
    """Pareto(1) at n = 10^4: a p-value below 0.05 / 10^4, so BH flags it among ten
    thousand groups whatever their p-values."""
    rng = np.random.default_rng(11)
    for _ in range(3):
        c = _classify(rng.pareto(1.0, 10_000))
        assert heavy_pvalues([c])[0] < 0.05 / 10_000
    others = np.random.default_rng(3).uniform(0.001, 1, 9_999)
    c = _classify(np.random.default_rng(12).pareto(1.0, 10_000))
    p = np.r_[heavy_pvalues([c]), others]
    assert benjamini_hochberg(p, 0.05)[0]


def test_heavy_flags_end_to_end() -> None:
    rng = np.random.default_rng(0)
    groups = [rng.standard_normal(5000) for _ in range(30)] + [rng.pareto(1.0, 5000)]
    cs = [_classify(x) for x in groups]
    flags = heavy_flags(cs)
    assert flags.tolist() == [False] * 30 + [True]
    # a mapping: its values in order; None (a failed group): never flagged
    d = {f"g{i}": c for i, c in enumerate(cs)} | {"failed": None}
    f2 = heavy_flags(d)
    assert f2[:-1].tolist() == flags.tolist() and not f2[-1]
    assert np.isnan(heavy_pvalues([None])[0])
    # a classification saved without a score (an earlier version): NaN, never flagged
    old = replace(cs[-1], settings={k: v for k, v in cs[-1].settings.items()
                                    if k != "heavy_log_odds"})
    assert np.isnan(heavy_pvalues([old])[0]) and not heavy_flags([old])[0]


def test_the_score_is_the_model_log_odds_or_the_moved_probabilitys() -> None:
    rng = np.random.default_rng(2)
    c = _classify(rng.pareto(1.0, 5000))
    # at the ceiling of P(heavy) the scores still keep their order
    assert c.probabilities["heavy"] == pytest.approx(0.98)
    assert c.settings["heavy_log_odds"] > 10
    clipped = _classify(np.minimum(rng.standard_normal(5000), 1.0))  # a ceiling: moved
    u = clipped.settings["uniform_mix"]
    q = (clipped.probabilities["heavy"] - u / 3) / (1 - u)
    assert clipped.settings["heavy_log_odds"] == pytest.approx(np.log(q / (1 - q)))


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5, "0.05", None, True, np.nan])
def test_bad_fdr(bad: object) -> None:
    with pytest.raises(DataError, match="fdr must be a number in"):
        benjamini_hochberg([0.01], bad)  # type: ignore[arg-type]
    with pytest.raises(DataError, match="fdr must be a number in"):
        heavy_flags([], bad)  # type: ignore[arg-type]


def test_probabilities_instead_of_classifications_are_a_clear_error() -> None:
    """heavy_flags took P(heavy) before: numbers now are refused with what to pass (read as
    p-values they would flag the lightest groups)."""
    with pytest.raises(DataError, match=r"TailClassification.*benjamini_hochberg"):
        heavy_flags([0.98, 0.2])  # type: ignore[list-item]
    with pytest.raises(DataError, match="TailClassification"):
        heavy_flags(np.array([0.98]))  # type: ignore[arg-type]
    with pytest.raises(DataError, match="TailClassification"):
        heavy_flags("groups")  # type: ignore[arg-type]


def test_bad_p_values() -> None:
    for bad in ([1.2], [-0.1]):
        with pytest.raises(DataError, match=r"in \[0, 1\]"):
            benjamini_hochberg(bad)
    with pytest.raises(DataError, match="one-dimensional"):
        benjamini_hochberg([[0.5]])
    with pytest.raises(DataError, match="numbers"):
        benjamini_hochberg(["a"])  # type: ignore[list-item]
    with pytest.raises(DataError, match="dict"):
        benjamini_hochberg({"a": 0.01})  # type: ignore[arg-type]
    # pd.NA and None (groups that could not be analysed): never flagged
    assert benjamini_hochberg([0.001, pd.NA]).tolist() == [True, False]
    assert benjamini_hochberg([0.001, None]).tolist() == [True, False]


def test_benjamini_hochberg_agrees_with_statsmodels() -> None:
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(9)
    for m in (1, 7, 100, 2000):
        p = np.where(rng.random(m) < 0.1, rng.beta(0.1, 1, m), rng.uniform(size=m))
        for q in (0.01, 0.05, 0.2):
            np.testing.assert_array_equal(benjamini_hochberg(p, q),
                                          multipletests(p, q, method="fdr_bh")[0])


def test_counts_on_too_few_levels_are_a_lean_the_flags_do_not_test() -> None:
    """A review: Poisson counts whose verdict the classifier caps as a lean (top values on
    fewer than COARSE_LEVELS levels) got a heavy score from the capped probability, whose
    p-value was below 0.05 at every size, so a lone count group was flagged (and
    ``--fail-on heavy --fdr`` failed) on a verdict "never to act on"."""
    capped = []
    for seed in range(12):
        c = ts.classify(np.random.default_rng(seed).poisson(5, 10_000).astype(float),
                        warn=False)
        if c.settings["coarse_levels"] is not None:
            capped.append(c)
    # (read with their ties spread over their step they now lean light, _lattice: the score
    # of a capped lean is left out all the same)
    assert len(capped) >= 6 and all(c.label == "light" for c in capped)
    assert all(np.isnan(c.settings["heavy_log_odds"]) for c in capped)
    assert np.isnan(heavy_pvalues(capped)).all() and not heavy_flags(capped).any()
    a = ts.analyze(pd.DataFrame({"r": np.random.default_rng(4).poisson(5, 10_000)}), "r",
                   warn=False)
    assert a.table["heavy_flag"].tolist() == [False]  # classified, not flagged (not NA)


def test_the_shipped_null_was_built_with_the_classifiers_constants() -> None:
    """The scores the null holds scale with the posterior's constants (the power above all):
    a review found the table of the power before beside a new power, small p-values 1.6-2.3
    times too frequent. ``benchmarks/flag_null.py`` records the constants; they must be the
    classifier's (else rebuild the table)."""
    import json
    from pathlib import Path

    from tailstat.classification import _likelihood

    path = Path(_likelihood.__file__).with_name("flag_null.json")
    assert json.loads(path.read_text())["posterior"] == _likelihood.constants()


def test_the_shipped_null_scores_its_fingerprint_as_the_classifier_does() -> None:
    """The constants are not all that makes a score: the reference tables, the features and
    the window's reading do too, and the table shipped in stop 64 had been made by an
    earlier state of those (body quantiles a median 0.003-0.17 apart). The null records the
    scores of six fixed samples (``benchmarks/flag_null.py``, ``FINGERPRINT``); the
    classifier must give them again (else rebuild the table)."""
    import json
    from pathlib import Path

    from tailstat.classification import _likelihood

    path = Path(_likelihood.__file__).with_name("flag_null.json")
    prints = json.loads(path.read_text())["fingerprint"]
    assert len(prints) >= 6 and len({p["n"] for p in prints}) >= 3
    for p in prints:
        x = getattr(np.random.default_rng(p["seed"]), p["method"])(*p["args"], size=p["n"])
        score = ts.classify(x, warn=False).settings["heavy_log_odds"]
        assert score == pytest.approx(p["score"], abs=1e-6), p


@pytest.mark.parametrize("bad", [["a"], "abc", 3])
def test_each_function_names_itself_when_refusing_what_it_was_given(bad: object) -> None:
    """A review: heavy_pvalues(["a"]) said "heavy_flags takes the groups' classifications"."""
    with pytest.raises(DataError, match=r"^heavy_pvalues takes"):
        heavy_pvalues(bad)  # type: ignore[arg-type]
    with pytest.raises(DataError, match=r"^heavy_flags takes"):
        heavy_flags(bad)  # type: ignore[arg-type]
