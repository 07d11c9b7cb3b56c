"""The jackknife standard errors of best-of-n (``u_se``, ``v_se``; tailstat/goodhart/_bon_se.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _helpers import bon_deletion_se
from scipy import integrate, stats

from tailstat.goodhart.bon import best_of_n


def _brute(u: np.ndarray, v: np.ndarray | None, ns: list[int]) -> tuple[np.ndarray, ...]:
    """The delete-one jackknife by deleting each row and recomputing the plug-in."""
    return tuple(bon_deletion_se(u, v, ns, lambda t, _, c=col: t[c].to_numpy())
                 for col in (("u", "v") if v is not None else ("u",)))


@pytest.mark.parametrize("ties", [False, True])
def test_equals_the_jackknife_by_deletion(ties: bool) -> None:
    rng = np.random.default_rng(4)
    u = rng.standard_normal(80)
    if ties:  # groups of equal proxy values, whose gold scores the plug-in averages
        u = np.round(u * 2) / 2
    v = u + rng.standard_normal(80)
    ns = [1, 2, 5, 8]
    got = best_of_n(u, v, n=ns, tail="empirical")
    want_u, want_v = _brute(u, v, ns)
    np.testing.assert_allclose(got["u_se"], want_u, rtol=1e-10)
    np.testing.assert_allclose(got["v_se"], want_v, rtol=1e-10)
    # without gold the proxy's is the same, and v_se is absent
    alone = best_of_n(u, n=ns, tail="empirical")
    np.testing.assert_allclose(alone["u_se"], want_u, rtol=1e-10)
    assert alone["v_se"].isna().all()


def test_best_of_one_is_the_mean_s_standard_error_at_ten_million() -> None:
    # n = 1: the sample mean, whose jackknife standard error is sd / sqrt(N) exactly (the
    # moves of T are differences of weights of order 1/N^2, summed over 10^7 rows)
    rng = np.random.default_rng(5)
    x = rng.standard_normal(10**7)
    v = 0.6 * x + 0.8 * rng.standard_normal(10**7)
    got = best_of_n(x, v, n=[1, 2], tail="empirical")
    assert float(got["u_se"].iloc[0]) == pytest.approx(x.std(ddof=1) / math.sqrt(x.size),
                                                       rel=1e-10)
    # the gold scores in the proxy's order: the steps' errors add up rather than cancel (a
    # review: 2.3e-6 off, from log(c_{j-1}) - log(c_j) in place of log1p(-1/c_j))
    assert float(got["v_se"].iloc[0]) == pytest.approx(v.std(ddof=1) / math.sqrt(v.size),
                                                       rel=1e-10)


def test_location_and_scale() -> None:
    rng = np.random.default_rng(6)
    u, v = rng.standard_normal(3000), rng.standard_normal(3000)
    for loc, scale in ((1e12, 1.0), (0.0, 1e-200), (-3.0, 1e150)):
        mu, mv = loc + scale * u, loc + scale * (v + u)
        # (against the values as stored: at 1e12 they are rounded to 1.2e-4)
        base = best_of_n((mu - loc) / scale, (mv - loc) / scale, n=[1, 16, 128],
                         tail="empirical")
        moved = best_of_n(mu, mv, n=[1, 16, 128], tail="empirical")
        np.testing.assert_allclose(moved["u_se"] / scale, base["u_se"], rtol=1e-6)
        np.testing.assert_allclose(moved["v_se"] / scale, base["v_se"], rtol=1e-6)


def test_given_only_where_u_is_the_plug_in_within_a_tenth_of_the_sample() -> None:
    x = np.random.default_rng(7).pareto(1.5, 10_000)  # xi = 2/3: the reach is N/3300
    t = best_of_n(x, x + 1.0, n=[1, 2, 64, 999, 1000, 1001, 4096])
    plug = (t["source"] == "sample").to_numpy() & (t["n"] <= 1000).to_numpy()
    assert np.isfinite(t["u_se"][plug]).all() and t["u_se"][~plug].isna().all()
    assert not plug.all()  # the tail model's rows have none
    inside = (t["n"] <= 1000).to_numpy()
    assert np.isfinite(t["v_se"][inside]).all() and t["v_se"][~inside].isna().all()


def _emax_normal(n: int) -> float:
    def f(x: float) -> float:
        return n * x * math.exp(stats.norm.logpdf(x) + (n - 1) * stats.norm.logcdf(x))
    return float(integrate.quad(f, -10, 12, limit=200)[0])


def test_coverage_on_normal_proxies_and_gold() -> None:
    # V = 0.6 U + 0.8 Z: E[V | best of n] = 0.6 E[max of n]; 300 samples of N = 2,000 at
    # n <= N/40, where the plug-in's bias is small beside its spread. Coverage of a 95%
    # interval over 300 samples has sd 0.0126: the bounds are 3 sd from 0.95
    ns, reps, rho = [2, 8, 50], 300, 0.6
    truth = np.array([_emax_normal(n) for n in ns])
    hit_u, hit_v = np.zeros(len(ns)), np.zeros(len(ns))
    for s in range(reps):
        rng = np.random.default_rng(10_000 + s)
        u = rng.standard_normal(2000)
        v = rho * u + 0.8 * rng.standard_normal(2000)
        t = best_of_n(u, v, n=ns, tail="empirical")
        hit_u += np.abs(t["u"].to_numpy() - truth) <= 1.96 * t["u_se"].to_numpy()
        hit_v += np.abs(t["v"].to_numpy() - rho * truth) <= 1.96 * t["v_se"].to_numpy()
    assert np.all(np.abs(hit_u / reps - 0.95) <= 3 * math.sqrt(0.95 * 0.05 / reps))
    assert np.all(np.abs(hit_v / reps - 0.95) <= 3 * math.sqrt(0.95 * 0.05 / reps))


def test_best_of_one_has_its_standard_error_below_ten_rows() -> None:
    # a review: with N < 10, n = 1 (the sample mean, the plug-in at every N) had none
    x = np.random.default_rng(8).standard_normal(9)
    t = best_of_n(x, n=[1, 2], tail="empirical")
    assert float(t["u_se"].iloc[0]) == pytest.approx(x.std(ddof=1) / 3.0, rel=1e-12)
    assert math.isnan(float(t["u_se"].iloc[1]))
