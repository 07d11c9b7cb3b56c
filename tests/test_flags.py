"""Heavy flags across groups: the empirical-Bayes false-discovery rule on calibrated P(heavy)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import special

import tailstat as ts
from tailstat.classification import heavy_flags
from tailstat.classification._likelihood import UNIFORM_MIX
from tailstat.classification.flags import prevalence_posterior
from tailstat.errors import DataError

U = UNIFORM_MIX


def _calibrated(lbf: np.ndarray) -> np.ndarray:
    """What classify reports for a log Bayes factor (heavy : not): prior 1/3, uniform mix."""
    return (1 - U) * special.expit(np.log(0.5) + lbf) + U / 3


def test_rule_by_hand_at_the_classifiers_prior() -> None:
    """prevalence=1/3 leaves the probabilities exactly as they are: the plain rule."""
    p = np.array([0.98, 0.2, 0.97, np.nan, 0.9, 0.5])
    q, pi = prevalence_posterior(p, 1 / 3)
    np.testing.assert_array_equal(q, p)
    assert pi == 1 / 3
    # probabilities from elsewhere, beyond classify's range, are used as given too
    assert heavy_flags([0.999, 0.2], 0.015, prevalence=1 / 3).tolist() == [True, False]
    # sorted: 0.98, 0.97, 0.9, 0.5, 0.2 -> running mean of 1 - p: 0.02, 0.025, 0.05 - ...
    assert heavy_flags(p, 0.0501, prevalence=1 / 3).tolist() == [
        True, False, True, False, True, False]
    assert heavy_flags(p, 0.021, prevalence=1 / 3).tolist() == [
        True, False, False, False, False, False]
    assert not heavy_flags([0.5, 0.6], 0.05).any()
    assert not heavy_flags([np.nan]).any()
    assert heavy_flags([]).shape == (0,)


def test_prevalence_by_hand() -> None:
    """P(heavy) under prevalence pi: (1 - u) pi BF / (pi BF + 1 - pi) + u pi."""
    lbf = np.array([4.0, -1.0])
    q, pi = prevalence_posterior(_calibrated(lbf), 0.01)
    bf = np.exp(lbf)
    np.testing.assert_allclose(q, (1 - U) * 0.01 * bf / (0.01 * bf + 0.99) + U * 0.01,
                               rtol=1e-9)
    assert pi == 0.01


def test_prevalence_estimate_is_the_em_fixed_point() -> None:
    """The estimate solves pi = (sum of posteriors + 2/3) / (m + 2) (MAP, Beta prior of two
    groups centred on 1/3)."""
    rng = np.random.default_rng(3)
    lbf = np.where(rng.random(400) < 0.1, rng.normal(6, 2, 400), rng.normal(-4, 2, 400))
    _, pi = prevalence_posterior(_calibrated(lbf))
    r = special.expit(special.logit(pi) + lbf)
    assert abs(pi - (r.sum() + 2 / 3) / (lbf.size + 2)) < 1e-9


def test_the_estimate_only_lowers_p_heavy() -> None:
    """The prevalence is capped at the classifier's 1/3: one group, or a population of heavy
    groups, keeps the calibrated probabilities (a group cannot raise its own P(heavy))."""
    assert heavy_flags([0.98]).tolist() == [True]
    assert not heavy_flags([0.9]).any()
    q, pi = prevalence_posterior([0.9])
    assert pi == 1 / 3 and abs(q[0] - 0.9) < 1e-12
    p = np.array([0.97, 0.95, 0.9, 0.8, 0.2])
    q, pi = prevalence_posterior(p)
    assert pi == 1 / 3
    np.testing.assert_allclose(q, p, rtol=1e-12)
    q, pi = prevalence_posterior(np.r_[p, np.full(100, 0.02)])
    assert pi < 0.1 and np.all(q[:5] < p)


def test_no_floor_one_heavy_group_among_many() -> None:
    """No p-value floor: a lone group with overwhelming evidence (log BF 40, P(heavy) at the
    calibrated ceiling) is flagged among 10 000 light ones; one with log BF 5 is not (among
    10 000 groups, about one in 10 000 heavy, a Bayes factor of 150 leaves it improbable)."""
    rng = np.random.default_rng(0)
    lbf = rng.normal(-4, 2, 10_000)
    lbf[1234] = 40.0
    flags = heavy_flags(_calibrated(lbf), 0.05)
    assert flags.sum() == 1 and flags[1234]
    lbf[1234] = 5.0
    assert not heavy_flags(_calibrated(lbf), 0.05).any()


def test_posterior_expected_fdp_is_controlled() -> None:
    rng = np.random.default_rng(0)
    p = rng.beta(0.3, 0.3, size=5000) * (1 - U) + U / 3
    post, _ = prevalence_posterior(p)
    for q in (0.04, 0.05, 0.2):
        f = heavy_flags(p, q)
        assert f.any() and np.mean(1 - post[f]) <= q + 1e-12
        assert np.all(post[f] > 0.5)
        # maximal: adding the next most probable group would break a bound
        nxt = np.max(post[~f])
        assert np.mean(np.append(1 - post[f], 1 - nxt)) > q or nxt <= 0.5


@pytest.mark.parametrize("prevalence", [0.01, 0.05, 0.3])
def test_frequentist_fdr_under_the_two_groups_model(prevalence: float) -> None:
    """Groups heavy with probability pi, their log Bayes factors exact (log-likelihood ratios
    of N(+-mu, 2 mu)): the realised FDP averages <= q with the estimated prevalence. The
    classifier's own prior (1/3) overstates P(heavy) when heavy groups are rare, and fails."""
    rng = np.random.default_rng(1)
    mu, m = 6.0, 1000
    fdp, fdp_fixed, power = [], [], []
    for _ in range(100):
        truth = rng.random(m) < prevalence
        lbf = rng.normal(np.where(truth, mu, -mu), np.sqrt(2 * mu))
        p = _calibrated(lbf)
        f = heavy_flags(p, 0.05)
        fdp.append(np.sum(f & ~truth) / max(1, f.sum()))
        power.append(np.sum(f & truth) / max(1, truth.sum()))
        g = heavy_flags(p, 0.05, prevalence=1 / 3)
        fdp_fixed.append(np.sum(g & ~truth) / max(1, g.sum()))
    se = np.std(fdp) / np.sqrt(len(fdp))
    assert np.mean(fdp) <= 0.05 + 3 * se
    assert np.mean(power) > 0.05  # not vacuous: some heavy groups are found
    if prevalence <= 0.05:
        assert np.mean(fdp_fixed) > 0.1


def test_frequentist_fdr_when_probabilities_are_calibrated() -> None:
    """If the truth is drawn from the stated probabilities (prevalence given), the realised
    FDP averages <= q."""
    rng = np.random.default_rng(1)
    fdp = []
    for _ in range(200):
        p = rng.beta(0.2, 0.5, size=500)
        truth = rng.random(500) < p
        f = heavy_flags(p, 0.05, prevalence=1 / 3)
        fdp.append(np.sum(f & ~truth) / max(1, f.sum()))
    # mean FDP is at most q up to Monte-Carlo error (s.e. of the mean < 0.003)
    assert np.mean(fdp) <= 0.05 + 3 * np.std(fdp) / np.sqrt(len(fdp))


@pytest.mark.parametrize("bad", [0, 1, 2, -1, float("nan"), "x", True, None])
def test_bad_fdr(bad: object) -> None:
    with pytest.raises(ts.DataError, match="fdr must be"):
        heavy_flags([0.9], bad)  # type: ignore[arg-type]


def test_bad_probabilities() -> None:
    with pytest.raises(ts.DataError, match="probabilities"):
        heavy_flags([1.2])
    with pytest.raises(ts.DataError, match="one-dimensional"):
        heavy_flags([[0.5]])


@pytest.mark.parametrize("bad", [0, 1, -0.5, float("nan"), "auto", True, None])
def test_bad_prevalence(bad: object) -> None:
    with pytest.raises(ts.DataError, match="prevalence must be"):
        heavy_flags([0.9], prevalence=bad)  # type: ignore[arg-type]


def test_outside_classifys_range_never_raises_p_heavy() -> None:
    """Probabilities beyond classify's range [u/3, 1 - 2u/3] are read as its ends (a Bayes
    factor of 0 or infinity); the recomputed ones are never above the given ones."""
    p = np.r_[0.0, 0.005, 0.995, 1.0, np.full(50, 0.02)]
    q, pi = prevalence_posterior(p)
    assert pi < 1 / 3 and np.all(q <= p)
    assert q[0] == 0.0 and q[1] <= 0.005
    assert q[2] == q[3] == pytest.approx((1 - U) + U * pi)


def test_certain_groups_do_not_carry_an_improbable_one() -> None:
    """The mean rule alone would let 50 certain groups carry a group with P(heavy) ~ 0:
    every flagged group must be more probably heavy than not."""
    p = np.r_[np.full(50, 0.98), np.full(5000, 0.01)]
    f = heavy_flags(p, 0.05)
    assert f[:50].all() and not f[50:].any()


def test_a_rate_below_the_calibrated_floor_warns() -> None:
    """Every calibrated P(heavy) keeps a share u for 'the model may be wrong': at fdr at or
    below u (1 - pi) nothing can be flagged, and heavy_flags says so."""
    p = np.r_[0.98, np.full(20, 0.05)]
    with pytest.warns(ts.TailstatWarning, match="no group can be flagged"):
        assert not heavy_flags(p, 0.02).any()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert heavy_flags(p, 0.05)[0]  # above the floor: flagged, no warning
        assert heavy_flags([0.999, 0.2], 0.01, prevalence=1 / 3)[0]  # not calibrated: fine


def test_equal_probabilities_are_flagged_all_or_none() -> None:
    """A review's case: the cut fell inside a run of equal P(heavy), so identical groups got
    different flags by their place in the input, and 1 - 0.85 = 0.15000000000000002 against
    fdr = 0.15 flagged 503 of 1000 identical groups."""
    a = heavy_flags([0.98, 0.98, 0.93, 0.93], 0.04, prevalence=1 / 3)
    b = heavy_flags([0.93, 0.98, 0.93, 0.98], 0.04, prevalence=1 / 3)
    assert a.tolist() == [True, True, False, False] and b.tolist() == [False, True, False, True]
    assert heavy_flags([0.85] * 1000, 0.15, prevalence=1 / 3).sum() in (0, 1000)
    assert heavy_flags([0.7] * 50, 0.3, prevalence=1 / 3).sum() in (0, 50)
    rng = np.random.default_rng(5)
    p = np.round(rng.uniform(0.6, 1.0, 500), 2)  # many ties
    flags = heavy_flags(p, 0.1, prevalence=1 / 3)
    for value in np.unique(p):
        assert len(set(flags[p == value])) == 1
    assert np.mean(1 - p[flags]) <= 0.1 + 1e-12


def test_non_numbers_are_a_clear_error() -> None:
    for bad in (["a"], {"a": 0.9}, [[0.9], [0.8, 0.7]]):
        with pytest.raises(DataError, match="p_heavy must"):
            heavy_flags(bad)


def test_no_nothing_can_be_flagged_warning_beside_a_flag() -> None:
    """A review: P(heavy) = 0.98 at fdr = 0.02 was flagged (the test allows rounding: 1 -
    0.98 is 0.020000000000000018) while the warning said no group could be flagged."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert heavy_flags([0.98, 0.5], fdr=0.02).tolist() == [True, False]


def test_a_missing_probability_as_pd_na_is_never_flagged() -> None:
    """A review (stop 43): [0.98, pd.NA] was refused as "holding something else", while
    NaN, None and a Float64 array with NA were read as a group that could not be analysed."""
    import pandas as pd

    assert heavy_flags([0.98, pd.NA]).tolist() == [True, False]
    assert heavy_flags([0.98, None]).tolist() == [True, False]


def test_a_dict_of_probabilities_is_refused_with_what_to_pass() -> None:
    """A review (stop 44): a dict of numbers was said to hold "something else"."""
    with pytest.raises(DataError, match=r"not a dict: pass pd.Series\(d\)"):
        heavy_flags({"rm-a": 0.98, "rm-b": 0.1})
    with pytest.raises(DataError, match="not a dict"):  # its keys were read as probabilities
        heavy_flags({0: 0.98, 1: 0.1})
