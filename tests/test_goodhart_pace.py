"""A heavy error beside a heavy gold score (reviews 431, 433, 434; ``tailstat/goodhart/_pace.py``):
gold keeps pace while 1/ξ_gold − 1/ξ_error of the point estimates is below 1. Two stricter
readings were tried and withdrawn: a test of ξ_error > ξ_gold read 1.5 V + noise (a reward
that stretches true utility) as catastrophic at 2·10^5 rows, and the δ line applied to errors
whose extremes are gold's read it so beside a lognormal gold in 9 of 20 samples; the cases
here keep both from coming back. The verdict now gives each ξ with its interval."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat.goodhart import goodhart_summary
from tailstat.goodhart._pace import GOLD_KEEPS_PACE, UNTOLD, keeps_pace, pace_gap
from tailstat.goodhart.gold import error_clause, error_not_catastrophic, error_tail

N = 10_000


def test_the_line_is_the_gap_of_the_point_estimates() -> None:
    assert pace_gap({"gold_xi": 0.25, "error_xi": 0.5}) == pytest.approx(2.0)
    assert not keeps_pace({"gold_xi": 0.25, "error_xi": 0.5})
    assert keeps_pace({"gold_xi": 0.4, "error_xi": 0.6})  # 2.5 - 1.67 = 0.83
    assert keeps_pace({"gold_xi": 0.5, "error_xi": 0.3})  # gold the heavier
    assert math.isnan(pace_gap({"gold_xi": -0.1, "error_xi": 0.5}))
    assert not keeps_pace({"gold_xi": -0.1, "error_xi": 0.5}) and GOLD_KEEPS_PACE == 1.0


@pytest.mark.parametrize(("gold", "n"), [("pareto", N), ("pareto", 200_000),
                                         ("lognormal", N)])
def test_a_reward_that_stretches_gold_reads_so(gold: str, n: int) -> None:
    """U = 1.5 V + noise: read catastrophic at 2·10^5 rows by the test of review 431, and
    beside a lognormal gold by the δ line on errors that move with gold (review 434)."""
    for seed in range(7000, 7003) if n > N else range(1000, 1006):
        r = np.random.default_rng(seed)
        v = r.pareto(2.5, n) + 1.0 if gold == "pareto" else r.lognormal(0.0, 1.0, n)
        g = goodhart_summary(1.5 * v + r.standard_normal(n), v, warn=False).gold
        assert error_tail(g) in ("with gold", "uncertain"), (seed, g["gold_xi"], g["error_xi"])


@pytest.mark.parametrize("seed", [3000, 3001, 3004, 3005])  # gold confidently heavy there
def test_gold_far_behind_an_independent_error_says_both_xi(seed: int) -> None:
    r = np.random.default_rng(seed)
    v, x = r.standard_t(4, N), 0.3 * r.standard_t(2, N)  # 1/ξ: 4 - 2 = 2
    g = goodhart_summary(v + x, v, warn=False).gold
    assert error_tail(g) == "heavy" and pace_gap(g) >= 1.0
    clause = error_clause("heavy", g, heavy=True)
    assert "the catastrophic-Goodhart case" in clause
    assert "gold's own tail is heavy too, but falls behind the error's: ξ = " in clause


def test_a_cleared_error_gives_each_xi_with_its_interval() -> None:
    said = []
    for seed in range(3000, 3010):
        r = np.random.default_rng(seed)
        v, x = r.standard_t(3, N), r.standard_t(3, N)
        g = goodhart_summary(v + x, v, warn=False).gold
        if error_tail(g) == "gold heavy":
            said.append(error_not_catastrophic(g))
    assert said and all("] against the error's " in c and "1/ξ_gold − 1/ξ_error below 1" in c
                        and c.endswith(UNTOLD) for c in said)  # (review 435: as fact)


def test_a_reward_read_as_stretching_gold_says_what_is_not_told() -> None:
    """Review 435: U = V + V² + noise reads "with gold"; the verdict said the reward
    stretches true utility as fact, where the docs call it the theory's catastrophic case."""
    r = np.random.default_rng(3)
    v = r.pareto(3.0, N) + 1.0
    g = goodhart_summary(v + v ** 2 + r.standard_normal(N), v, warn=False).gold
    assert error_tail(g) == "with gold"
    clause = error_clause("with gold", g, heavy=True)
    assert f"{UNTOLD} (ξ = 0.69 [" in clause and "against gold's 0.33 [" in clause


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


def test_a_float32_classification_of_u_minus_v_is_accepted() -> None:
    """Review 434: float32 scores subtract in float32 in classify(u - v) and in float64 in
    the summary; the check refused it ("0.81495 where u - v's is 0.81495")."""
    from tailstat.classification import classify

    r = np.random.default_rng(0)
    v = r.standard_normal(5000).astype(np.float32)
    u = (v + 0.5 * r.standard_normal(5000)).astype(np.float32)
    g = goodhart_summary(u, v, error=classify(u - v, warn=False), warn=False)
    assert g.gold is not None
