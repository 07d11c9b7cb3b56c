"""The caveats of a number given as a GPD threshold (tailstat.gpd.threshold's notes): one
below every value of a sample that is not its exceedances."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tailstat.errors import DataError, TailstatWarning, TiesWarning
from tailstat.gpd import fit_gpd, mean_excess


def test_a_threshold_below_every_value_says_the_fit_is_of_the_whole_sample() -> None:
    """A review: fit_gpd(x, 0.0) on Pareto(3) scores (all above 1) gave xi = -0.05 with a
    narrow interval (true 1/3), and threshold=-1e9 xi = -1, without a word. Excesses given as
    they are (their lowest value at the threshold) and a small sample's low threshold with
    values below it are not flagged."""
    x = np.random.default_rng(0).pareto(3.0, 3000) + 1.0
    for u in (0.0, -1e9):
        with pytest.warns(TailstatWarning, match=r"below every value of 'x' \(the smallest is "
                                                 r"1\.0\d*\): the fit describes the whole"):
            fit = fit_gpd(x, u)
        assert "threshold='auto'" in fit.warnings[0]
        quiet = fit_gpd(x, u, warn=False)
        assert quiet.warnings == fit.warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_gpd(x - 1.0, 0.0)  # excesses of 0
        fit_gpd(np.r_[-1.0, x - 1.0], 0.0)  # one value below: not the whole sample
        fit_gpd(x, "auto")
    # excesses of rounded scores tie at their lowest values: read by their distinct levels
    # (a review: the mean gap of the 11 lowest was 0, and the warning fired)
    r = np.round(x, 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", TiesWarning)  # (said: 0.1 steps)
        fit_gpd(r[r > 2] - 2, 0.0)
    # in (0, 1) too, when the quantile reading does not apply (a review: 0.2 below scores
    # from 0.5 was silent, 0.0 and -0.2 said)
    z = np.random.default_rng(1).uniform(0.5, 1.0, 3000)
    for u in (0.2, 0.0, -0.2):
        with pytest.warns(TailstatWarning, match="below every value"):
            fit_gpd(z, u)


def test_excesses_whose_lowest_value_stands_a_little_apart_are_still_excesses() -> None:
    """A review: GPD excesses of 0 whose lowest value stood 15 gaps above 0 (the first gap
    exponential: about one sample in a thousand, 2 of 6,000 in benchmarks/gpd_coverage.py)
    were told their threshold was below the sample's body. The lowest value's distance is
    read against 30 of the ten gaps above it (a miss about once in a million); a sample far
    above its threshold is still told."""
    gaps = np.full(10, 0.01)  # the ten gaps above the lowest value: mean 0.01
    rest = 0.3 + np.random.default_rng(2).exponential(size=189)
    for lowest, said in ((0.15, False), (0.29, False), (0.5, True)):
        y = np.r_[lowest, lowest + np.cumsum(gaps), rest + lowest]
        if said:
            with pytest.warns(TailstatWarning, match="below every value"):
                fit_gpd(y, 0.0)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                fit_gpd(y, 0.0)


def test_ratings_given_a_level_as_threshold_are_still_told_of_the_quantile_reading() -> None:
    """A re-read: reading the lowest values by their distinct levels (for rounded excesses)
    made ratings 1-10 read as the excesses of any threshold up to ten steps below them, and
    fit_gpd(ratings, 0.95) lost its caveat. Ties at the lowest value keep the caveat of a
    level, and are spared only the below-every-value one (rounded excesses look the same)."""
    x = np.random.default_rng(0).integers(1, 11, 1000).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TiesWarning)
        with pytest.warns(TailstatWarning, match="If you meant the 95% quantile"):
            fit_gpd(x, 0.95)


def test_the_advised_threshold_leaves_min_exceed_values() -> None:
    """A review: with min_exceed=100 the advice aimed at 50 values, found the quantile
    "tied" on continuous scores, and said 50 or more were needed for useful intervals."""
    from tailstat.gpd._common import check_exceedances

    x = np.random.default_rng(0).standard_t(4, 250)
    u = float(np.quantile(x, 0.95))
    with pytest.raises(DataError, match=r"needs at least 100\. Lower the threshold, e\.g\. "
                                        r"threshold='60%' \(about 100 values above it\)\.$"):
        check_exceedances(x, u, name="x", min_exceed=100)


def test_the_advised_level_is_rounded_down() -> None:
    """A review: '66.7%' for 66.671% left 2,331 of the 2,333 asked, and gave the same advice
    again; the level is written with the digits that keep it at or below the exact one."""
    from tailstat.gpd._common import check_exceedances

    x = np.random.default_rng(0).standard_t(4, 7000)
    with pytest.raises(DataError, match=r"threshold='66\.67%' \(about 2333 values"):
        check_exceedances(x, float(np.quantile(x, 0.99)), name="x", min_exceed=2333)
    assert np.count_nonzero(x > np.quantile(x, 0.6667)) >= 2333


@pytest.mark.parametrize("mu", [5.0, 6.0, 8.0])
def test_normal_scores_above_a_level_are_not_read_as_its_exceedances(mu: float) -> None:
    """A review: fit_gpd(x, 0.95) on N(mu, 1) scores (reward logits around 5) gave xi = -0.89,
    a fit of the body, without the quantile caveat in 19 of 20 samples at mu = 5: the lowest
    values lay within 30 of their own (wide) gaps of 0.95 and read as its exceedances. The
    lowest gaps of exceedances are no wider than the middle's (their density is highest at
    the threshold); a normal sample's are about 100 times wider. Exceedances of 0.95 of
    every shape stay unflagged."""
    from scipy import stats

    for seed in range(5):
        x = np.random.default_rng(seed).normal(mu, 1.0, 5000)
        with pytest.warns(TailstatWarning, match="quantile"):
            fit_gpd(x, 0.95)
    for xi in (-0.5, 0.0, 0.5):
        y = 0.95 + stats.genpareto(xi, scale=2.0).rvs(3000, random_state=np.random.default_rng(9))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fit_gpd(y, 0.95)
    body = np.random.default_rng(3).normal(0.0, 2.0, 20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_gpd(body[body > 0.95], 0.95)  # x[x > u] of a normal sample: exceedances


def test_few_heavy_exceedances_are_still_exceedances() -> None:
    """A review: with 10-13 values the lowest eleven are most of the sample, and a heavy
    sample's range is wide beside its middle: GPD(0.5) exceedances of 0.95, 0 and 5 were
    told they were no excesses in 37-45 of 100 fits at n = 10 and 11. The gap test needs
    the lowest values apart from the middle quartiles (44 values); below, the distance
    test alone, which such samples pass."""
    from scipy import stats

    from tailstat.gpd._level_note import _exceedances_of

    rng = np.random.default_rng(5)
    for n in (10, 11, 12, 13, 20, 43):
        for _ in range(50):
            y = stats.genpareto.rvs(0.5, size=n, random_state=rng)
            assert _exceedances_of(5.0 + y, 5.0) and _exceedances_of(0.95 + y, 0.95)
    y = stats.genpareto.rvs(0.5, size=11, random_state=np.random.default_rng(5))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (this sample drew the caveat before)
        fit_gpd(0.95 + y, 0.95)



def test_the_default_grid_of_a_small_sample_is_the_one_the_docstring_names() -> None:
    """Review 369: the docs said k from n/2 down to 30, where up to n = 61 the grid is one
    threshold, X(n-30), and up to n = 31 the sample's minimum (review 370: not "below 60")."""
    for n, k in ((20, 19), (31, 30), (40, 30), (61, 30)):
        y = np.random.default_rng(n).normal(size=n)
        table = mean_excess(y).table
        assert table["n_exceed"].tolist() == [k] and table["threshold"].iloc[0] == np.sort(y)[
            n - k - 1]
    assert len(mean_excess(np.random.default_rng(0).normal(size=62)).table) > 1
