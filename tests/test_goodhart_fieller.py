"""Fieller's interval for the peak KL (tailstat/goodhart/_fieller.py) and the overoptimisation
fit's notes and messages around it."""

from __future__ import annotations

import math

import numpy as np
import pytest

import tailstat as ts
from tailstat.errors import DataError


def _rl(alpha: float, beta: float, kl: np.ndarray, sd: float, seed: int) -> np.ndarray:
    d = np.sqrt(kl)
    noise = np.random.default_rng(seed).normal(0.0, sd, kl.size) * (d > 0)
    return d * (alpha - beta * np.log(np.where(d > 0, d, 1.0))) + noise


def test_a_curve_with_no_peak_has_no_finite_peak_interval() -> None:
    # a review: an RL curve clearly rising without bound (beta = -0.3 +- 0.004) had the
    # interval [0.000155, inf], its lower end the KL of the fitted curve's lowest point
    kl = np.array([0, .5, 1, 2, 4, 8, 16, 32.])
    fit = ts.fit_overoptimization(kl, _rl(1.0, -0.3, kl, 0.01, 0), "rl")
    assert fit.beta_ci.high < 0 and fit.kl_peak == math.inf
    assert (fit.kl_peak_ci.low, fit.kl_peak_ci.high) == (math.inf, math.inf)
    boot = ts.fit_overoptimization(kl, _rl(1.0, -0.3, kl, 0.01, 0), "rl", interval="bootstrap")
    assert (boot.kl_peak_ci.low, boot.kl_peak_ci.high) == (math.inf, math.inf)
    # best-of-n rising without bound from the start: no peak either
    d = np.sqrt(kl)
    bon = ts.fit_overoptimization(kl, 0.5 * d + 0.3 * d * d + 0.001 * np.sin(7 * d))
    assert (bon.kl_peak_ci.low, bon.kl_peak_ci.high) == (math.inf, math.inf)
    # falling first, then rising: it may fall from the start, so KL = 0 stays (a review:
    # [inf, inf] read as "no overoptimisation" of gold falling over the whole range)
    bon = ts.fit_overoptimization(kl, -0.5 * d + 0.3 * d * d + 0.001 * np.sin(7 * d))
    assert (bon.kl_peak_ci.low, bon.kl_peak_ci.high) == (0.0, math.inf)


def test_a_peak_where_beta_is_unsure_keeps_both_ends() -> None:
    # beta > 0 not rejected: the interval is Fieller's set, up to inf when beta <= 0 is not
    # rejected either
    kl = np.array([.5, 1, 2, 4, 8, 16.])
    fit = ts.fit_overoptimization(kl, _rl(1.0, 0.05, kl, 0.3, 3), "rl")
    assert fit.beta_ci.low < 0 < fit.beta_ci.high
    assert fit.kl_peak_ci.high == math.inf and fit.kl_peak_ci.low < math.inf


def test_a_peak_below_the_smallest_kl_is_said() -> None:
    # a review: an RL curve with alpha < 0 peaks at KL ~ 0.001, below every point measured,
    # without a note (best-of-n's counterpart says the curve falls from the first step)
    kl = np.array([0, .5, 1, 2, 4, 8.])
    fit = ts.fit_overoptimization(kl, _rl(-0.5, 0.2, kl, 0.02, 0), "rl")
    assert 0 < fit.kl_peak < 0.5
    assert any("below the smallest positive KL measured (0.5)" in w for w in fit.warnings)


def test_with_an_intercept_kl_zero_counts_among_the_distinct_values() -> None:
    # a review: the message asked for 3 distinct positive KL values where two and a zero fit
    assert ts.fit_overoptimization([0, 0, 1, 4, 1], [2.0, 2.1, 2.8, 3.0, 2.9],
                                   intercept=True).n_points == 5
    with pytest.raises(DataError, match=r"3 distinct KL values \(with an intercept, 0 counts\)"):
        ts.fit_overoptimization([0, 0, 1, 1, 1], [2.0, 2.1, 2.8, 3.0, 2.9], intercept=True)
    with pytest.raises(DataError, match=r"3 distinct values \(with an intercept, 0 counts\)"):
        ts.fit_overoptimization([1, 1, 1, 1], [2.0, 2.1, 2.8, 3.0], intercept=True)
