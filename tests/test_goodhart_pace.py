"""A heavy error beside a heavy gold score (review 431, ``tailstat/goodhart/_pace.py``): the
catastrophic case wherever the error's tail is measurably the heavier (ξ_X > ξ_V: reward
bought at almost no KL buys ever less true utility), even where E[V | U > t] still grows,
which ``1/ξ_V − 1/ξ_X < 1``, the rule before, read as keeping pace."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat.goodhart import goodhart_summary
from tailstat.goodhart._pace import PACE_Z, error_outruns_gold, keeps_pace
from tailstat.goodhart.gold import error_clause, error_not_catastrophic, error_tail

N = 10_000


def _gold(xv: float, xx: float, half: float = 0.14) -> dict:
    return {"gold_xi": xv, "gold_xi_low": xv - half, "gold_xi_high": xv + half,
            "error_xi": xx, "error_xi_low": xx - half, "error_xi_high": xx + half}


def test_the_test_is_the_difference_in_standard_errors() -> None:
    se = math.hypot(0.28, 0.28) / (2 * 1.959963984540054)
    assert error_outruns_gold(_gold(0.4, 0.4 + PACE_Z * se * 1.01)) is True
    assert error_outruns_gold(_gold(0.4, 0.4 + PACE_Z * se * 0.99)) is False
    assert error_outruns_gold(_gold(0.5, 0.3)) is False
    assert error_outruns_gold({"gold_xi": 0.4, "error_xi": 0.5}) is None  # saved before 3.15


def test_a_summary_saved_before_the_intervals_keeps_its_rule() -> None:
    # 1/0.4 - 1/0.6 = 0.83 < 1: kept pace as read then; measurably heavier by the new test
    assert keeps_pace({"gold_xi": 0.4, "error_xi": 0.6})
    assert not keeps_pace(_gold(0.4, 0.6, half=0.05))
    assert keeps_pace(_gold(0.4, 0.6, half=0.3))
    assert not keeps_pace({"gold_xi": 0.25, "error_xi": 0.5})  # 4 - 2 = 2


def _pairs(kind: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    r = np.random.default_rng(seed)
    if kind == "squared":  # U = V + V^2 + noise, V Pareto(3): ξ_X = 2 ξ_V
        v = r.pareto(3.0, N) + 1.0
        return v, v ** 2 + r.standard_normal(N)
    if kind == "multiple":  # U = 1.5 V + noise, V Pareto(2.5): ξ_X = ξ_V
        v = r.pareto(2.5, N) + 1.0
        return v, 0.5 * v + r.standard_normal(N)
    return r.standard_t(3, N), r.standard_t(3, N)


@pytest.mark.parametrize("seed", range(3000, 3006))
def test_an_error_that_stretches_gold_faster_is_the_catastrophic_case(seed: int) -> None:
    v, x = _pairs("squared", seed)
    g = goodhart_summary(v + x, v, warn=False).gold
    assert error_tail(g) == "heavy" and error_outruns_gold(g)
    clause = error_clause("heavy", g, heavy=True)
    assert "the catastrophic-Goodhart case" in clause
    assert "gold's own tail is heavy too, but the error's is the heavier: ξ = " in clause


@pytest.mark.parametrize("seed", range(3000, 3006))
def test_an_error_as_heavy_as_gold_still_stretches_it(seed: int) -> None:
    v, x = _pairs("multiple", seed)
    g = goodhart_summary(v + x, v, warn=False).gold
    assert error_tail(g) in ("with gold", "uncertain") and not error_outruns_gold(g)


def test_equal_tails_clear_and_say_the_test() -> None:
    cleared = []
    for seed in range(3000, 3010):
        v, x = _pairs("t3", seed)
        g = goodhart_summary(v + x, v, warn=False).gold
        if error_tail(g) == "gold heavy":
            cleared.append(error_not_catastrophic(g))
    assert len(cleared) >= 6  # 75 of 100 on seeds 5000-5099 (benchmarks/gold_pace.py)
    assert all("the error's ξ not measurably the larger" in c and "] against the error's " in c
               for c in cleared)


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
