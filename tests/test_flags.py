"""Heavy flags across groups: the Bayesian false-discovery rule on calibrated P(heavy)."""

from __future__ import annotations

import numpy as np
import pytest

import tailstat as ts
from tailstat.classification import heavy_flags


def test_rule_by_hand() -> None:
    p = np.array([0.99, 0.2, 0.97, np.nan, 0.9, 0.5])
    # sorted: 0.99, 0.97, 0.9, 0.5, 0.2 -> running mean of 1 - p: 0.01, 0.02, 0.0467, 0.16
    assert heavy_flags(p, 0.05).tolist() == [True, False, True, False, True, False]
    assert heavy_flags(p, 0.015).tolist() == [True, False, False, False, False, False]
    assert not heavy_flags([0.5, 0.6], 0.05).any()
    assert not heavy_flags([np.nan]).any()
    assert heavy_flags([]).shape == (0,)


def test_no_floor_one_heavy_group_among_many() -> None:
    """No p-value floor: a lone group with P(heavy) = 0.98 is flagged among 10 000 others."""
    p = np.full(10_000, 0.01)
    p[1234] = 0.98
    flags = heavy_flags(p, 0.05)
    assert flags.sum() == 1 and flags[1234]


def test_posterior_expected_fdp_is_controlled() -> None:
    rng = np.random.default_rng(0)
    p = rng.beta(0.3, 0.3, size=5000)
    for q in (0.01, 0.05, 0.2):
        f = heavy_flags(p, q)
        assert f.any() and np.mean(1 - p[f]) <= q + 1e-12
        # maximal: adding the next most probable group would break the bound
        nxt = np.max(p[~f])
        assert np.mean(np.append(1 - p[f], 1 - nxt)) > q


def test_frequentist_fdr_when_probabilities_are_calibrated() -> None:
    """If the truth is drawn from the stated probabilities, the realised FDP averages <= q."""
    rng = np.random.default_rng(1)
    fdp = []
    for _ in range(200):
        p = rng.beta(0.2, 0.5, size=500)
        truth = rng.random(500) < p
        f = heavy_flags(p, 0.05)
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
