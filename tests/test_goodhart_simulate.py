"""tailstat.goodhart.simulate draws the laws its docstring names (a test audit: a Pareto index
0.8 times too small and a t with 1.25 times the degrees of freedom passed every test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from tailstat.goodhart import simulate

N = 20_000
#: A Kolmogorov-Smirnov test at this level on each fixed-seed draw: a right law fails it one
#: time in 10^4 (these seeds pass); a wrong index or df of 20% is rejected at p < 1e-10.
P_MIN = 1e-4


@pytest.mark.parametrize(("utility", "law"), [
    ("normal", stats.norm()), ("exponential", stats.expon()), ("uniform", stats.uniform()),
    ("t", stats.t(2.0)),
])
def test_utility_laws(utility: str, law) -> None:
    df = simulate(N, utility, "none", seed=1)
    assert stats.kstest(df["v"], law.cdf).pvalue > P_MIN
    beyond = float(np.mean(df["v"] > law.ppf(0.99)))  # the tail, as for the errors below
    assert abs(beyond - 0.01) < 4 * math.sqrt(0.01 * 0.99 / N), beyond
    assert np.array_equal(df["u"], df["v"] + df["x"]) and not df["x"].any()


@pytest.mark.parametrize(("error", "kw", "law"), [
    ("normal", {"scale": 2.0}, stats.norm(scale=2.0)),
    ("t", {"df": 3.0, "scale": 0.5}, stats.t(3.0, scale=0.5)),
    ("pareto", {"alpha": 1.5, "scale": 2.0}, stats.pareto(1.5, scale=2.0)),
    ("lognormal", {"scale": 3.0}, stats.lognorm(1.0, scale=3.0)),
    ("exponential", {"scale": 0.5}, stats.expon(scale=0.5)),
])
def test_error_laws(error: str, kw: dict, law) -> None:
    x = simulate(N, "normal", error, seed=2, **kw)["x"]
    assert stats.kstest(x, law.cdf).pvalue > P_MIN
    # and the tail, which the KS test reads poorly: the share beyond the law's 99% quantile
    # within 4 binomial sd (a t with 1.25 times the df passes the KS test, not this)
    beyond = float(np.mean(x > law.ppf(0.99)))
    assert abs(beyond - 0.01) < 4 * math.sqrt(0.01 * 0.99 / N), beyond


def test_a_wrong_index_would_be_rejected() -> None:
    """The tests above have the power they need: Pareto(1.5) draws against index 1.2 (KS),
    and t(3.75) draws against t(3)'s 99% quantile (the share beyond it)."""
    x = simulate(N, "normal", "pareto", alpha=1.5, seed=2)["x"]
    assert stats.kstest(x, stats.pareto(1.2).cdf).pvalue < 1e-10
    y = simulate(N, "normal", "t", df=3.75, seed=2)["x"]
    beyond = float(np.mean(y > stats.t(3.0).ppf(0.99)))
    assert abs(beyond - 0.01) > 4 * math.sqrt(0.01 * 0.99 / N), beyond


def test_rare_exploits_and_dependence() -> None:
    """eps of the errors from the Pareto component (its share within 4 binomial sd; those
    errors Pareto(alpha), the rest normal), and X = rho (V - E V) + X0 exactly."""
    eps = 0.05
    df = simulate(N, "normal", "rare-exploit", eps=eps, alpha=2.0, seed=3)
    share = float(df["exploit"].mean())
    assert abs(share - eps) < 4 * math.sqrt(eps * (1 - eps) / N)
    assert stats.kstest(df.loc[df["exploit"], "x"], stats.pareto(2.0).cdf).pvalue > P_MIN
    assert stats.kstest(df.loc[~df["exploit"], "x"], stats.norm().cdf).pvalue > P_MIN
    base = simulate(N, "exponential", "normal", seed=4)
    dep = simulate(N, "exponential", "normal", dependence=0.5, seed=4)
    assert np.allclose(dep["x"], base["x"] + 0.5 * (base["v"] - 1.0), rtol=0, atol=1e-12)
