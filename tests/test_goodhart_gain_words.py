"""Best-of-n's gain in gold is said "raises true utility" only where its interval stays
above 0 (review 432: "raises true utility by only 0.33 sd (95% interval −0.27 to +0.92)");
otherwise the change is given with its sign, in both the shortfall and the in-line clause."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat.goodhart import goodhart_summary
from tailstat.goodhart.gold import gain_clause


@pytest.fixture(scope="module")
def gold() -> dict:
    rng = np.random.default_rng(5)
    v = rng.normal(size=5000)
    s = goodhart_summary(v + rng.pareto(1.2, size=v.size) * (rng.random(v.size) < 0.02), v)
    assert s.gold is not None and s.gold["ratio"] < 0.5
    return dict(s.gold)


def _with_gain(g: dict, got: float, se: float, ratio: float) -> dict:
    return {**g, "v_gain_sd": got, "v_gain_se_sd": se, "ratio": ratio,
            "v_gain_predicted_sd": got / ratio}


@pytest.mark.parametrize(("got", "ratio", "changed", "raised"), [
    # a shortfall (under half the prediction)
    (0.33, 0.11, "changes true utility by only +0.33 sd (95% interval -0.26 to +0.92)",
     "raises true utility by only 0.33 sd (95% interval 0.13 to 0.53)"),
    # a gain in line with it
    (0.5, 0.9, "changes true utility by +0.50 sd (95% interval -0.09 to +1.09), in line",
     "raises true utility by 0.50 sd (95% interval 0.30 to 0.70), in line"),
])
def test_a_gain_whose_interval_reaches_zero_is_a_change(gold: dict, got: float, ratio: float,
                                                        changed: str, raised: str) -> None:
    clause = gain_clause(_with_gain(gold, got, 0.3, ratio))
    assert changed in clause
    assert "raises" not in clause
    clear = gain_clause(_with_gain(gold, got, 0.1, ratio))
    assert raised in clear


def test_an_unmeasured_interval_keeps_the_plain_words(gold: dict) -> None:
    clause = gain_clause(_with_gain(gold, 0.5, float("nan"), 0.9))
    assert "raises true utility by 0.50 sd, in line" in clause
