"""A heavy error beside a heavy gold score (reviews 431, 433; ``tailstat/goodhart/_pace.py``):
gold keeps pace while 1/ξ_gold − 1/ξ_error is below 1, and the same line now keeps an error
whose extremes are gold's from reading as a reward that stretches true utility when gold's
tail falls far behind (U = V + V² + noise read "with gold" in 100 of 100 samples). A test of
ξ_error > ξ_gold on the estimates was tried and withdrawn: it read 1.5 V + noise as
catastrophic at 2·10^5 rows (the error's estimate biased up by the noise)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat.goodhart import goodhart_summary
from tailstat.goodhart._pace import GOLD_KEEPS_PACE, keeps_pace, pace_gap
from tailstat.goodhart.gold import error_clause, error_not_catastrophic, error_tail

N = 10_000


def test_the_line_is_the_gap_of_the_point_estimates() -> None:
    assert pace_gap({"gold_xi": 0.25, "error_xi": 0.5}) == pytest.approx(2.0)
    assert not keeps_pace({"gold_xi": 0.25, "error_xi": 0.5})
    assert keeps_pace({"gold_xi": 0.4, "error_xi": 0.6})  # 2.5 - 1.67 = 0.83
    assert keeps_pace({"gold_xi": 0.5, "error_xi": 0.3})  # gold the heavier
    assert math.isnan(pace_gap({"gold_xi": -0.1, "error_xi": 0.5}))
    assert not keeps_pace({"gold_xi": -0.1, "error_xi": 0.5}) and GOLD_KEEPS_PACE == 1.0


def _pairs(kind: str, seed: int, n: int = N) -> tuple[np.ndarray, np.ndarray]:
    r = np.random.default_rng(seed)
    if kind == "squared":  # U = V + V^2 + noise, V Pareto(3): 1/ξ_V - 1/ξ_X = 1.5
        v = r.pareto(3.0, n) + 1.0
        return v, v ** 2 + r.standard_normal(n)
    if kind == "multiple":  # U = 1.5 V + noise, V Pareto(2.5): ξ_X = ξ_V
        v = r.pareto(2.5, n) + 1.0
        return v, 0.5 * v + r.standard_normal(n)
    if kind == "between":  # independent Pareto(2) gold, Pareto(1.5) error: 0.5
        return r.pareto(2.0, n) + 1.0, r.pareto(1.5, n) + 1.0
    return r.standard_t(3, n), r.standard_t(3, n)


@pytest.mark.parametrize("seed", range(3000, 3006))
def test_an_error_that_stretches_gold_far_faster_is_the_catastrophic_case(seed: int) -> None:
    v, x = _pairs("squared", seed)
    g = goodhart_summary(v + x, v, warn=False).gold
    assert error_tail(g) == "heavy" and pace_gap(g) >= 1.0
    clause = error_clause("heavy", g, heavy=True)
    assert "the catastrophic-Goodhart case" in clause
    assert "gold's own tail is heavy too, but falls behind the error's: ξ = " in clause


@pytest.mark.parametrize("n", [N, 200_000])
def test_an_error_as_heavy_as_gold_still_stretches_it_at_any_size(n: int) -> None:
    """Review 433: a test of ξ_error > ξ_gold read this catastrophic in 20 of 20 samples at
    2·10^5 rows; the reward is 1.5 V + noise, the case of a reward stretching true utility."""
    for seed in range(7000, 7003):
        v, x = _pairs("multiple", seed, n)
        g = goodhart_summary(v + x, v, warn=False).gold
        assert error_tail(g) in ("with gold", "uncertain"), (seed, g["gold_xi"], g["error_xi"])


def test_a_cleared_error_heavier_than_gold_says_what_a_kl_cheap_policy_gets() -> None:
    said = []
    for seed in range(3000, 3010):
        v, x = _pairs("between", seed)
        g = goodhart_summary(v + x, v, warn=False).gold
        if error_tail(g) == "gold heavy" and 0 < pace_gap(g) < 1:
            said.append(error_not_catastrophic(g))
    assert said  # 39 of 100 cleared on seeds 5000-5099 (benchmarks/gold_pace.py)
    assert all("gets less and less true utility for it, though best-of-n's gains go on" in c
               and "] against the error's " in c for c in said)


def test_equal_tails_clear_without_the_kl_caveat_when_gold_reads_heavier() -> None:
    for seed in range(3000, 3010):
        v, x = _pairs("t3", seed)
        g = goodhart_summary(v + x, v, warn=False).gold
        if error_tail(g) == "gold heavy" and pace_gap(g) <= 0:
            assert "less and less" not in error_not_catastrophic(g)
            return
    pytest.fail("no t(3) sample read gold as the heavier")


def test_error_must_be_the_classification_of_u_minus_v() -> None:
    """Review 431: error=classify(u), the reward's own classification, of the pairs' size,
    turned a light error heavy and the verdict declared the catastrophic case."""
    from tailstat.classification import classify
    from tailstat.errors import DataError

    r = np.random.default_rng(8)
    v = r.standard_normal(5000)
    u = v + 0.5 * r.standard_normal(5000)
    right = goodhart_summary(u, v, error=classify(u - v, warn=False), warn=False)
    assert error_tail(right.gold) == error_tail(goodhart_summary(u, v, warn=False).gold)
    with pytest.raises(DataError, match=r"error= is not the classification of u - v: its "
                                        r"centre, X\(n - \d+\), is .* where u - v's is"):
        goodhart_summary(u, v, error=classify(u, warn=False), warn=False)
