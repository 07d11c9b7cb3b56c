"""Whether a heavy gold score keeps pace with a heavy error (``tailstat/goodhart/_pace.py``)."""

from __future__ import annotations

import math

import numpy as np

from tailstat.goodhart import goodhart_summary
from tailstat.goodhart._pace import keeps_pace, pace
from tailstat.goodhart.gold import error_tail

_GOLD = {"gold_xi": 0.26, "error_xi": 0.35, "gold_xi_low": 0.16, "gold_xi_high": 0.38,
         "error_xi_low": 0.24, "error_xi_high": 0.48}


def test_intervals_that_allow_the_pace_let_gold_keep_it() -> None:
    """1/0.26 - 1/0.35 = 0.99 keeps pace; 1/0.25 - 1/0.35 = 1.14 does not at the point
    estimates, but 1/0.38 - 1/0.24 < 1 within the intervals; intervals that exclude it, or
    none (a file saved before them), leave the point estimates to decide."""
    assert pace(_GOLD) == "keeps"
    behind = {**_GOLD, "gold_xi": 0.25}
    assert pace(behind) == "may keep" and keeps_pace(behind)
    far = {**behind, "gold_xi_high": 0.2, "error_xi_low": 0.3}  # 5 - 3.3 > 1
    assert pace(far) == "behind" and not keeps_pace(far)
    for key in ("gold_xi_high", "error_xi_low"):
        assert pace({**behind, key: math.nan}) == "behind"
        assert pace({k: v for k, v in behind.items() if k != key}) == "behind"
    assert pace({**behind, "error_xi_low": -0.1}) == "may keep"  # the error's 1/ξ unbounded


def _pair(seed: int, df_v: float, df_x: float) -> dict:
    rng = np.random.default_rng(seed)
    v = rng.standard_t(df_v, 10_000)
    return goodhart_summary(v + rng.standard_t(df_x, 10_000), v, warn=False)


def test_equal_heavy_tails_are_no_catastrophe_where_the_intervals_allow_the_pace() -> None:
    """Review 427: V and X independent t(3) (1/ξ_V − 1/ξ_X = 0), gold confidently heavy and
    best-of-n's gain in gold in line with the prediction: the point estimates' 1.03 called
    it the catastrophic case; a gold score far lighter than the error (t(10) beside t(2))
    still is."""
    s = _pair(7004, 3, 3)
    assert pace(s.gold) == "may keep" and error_tail(s.gold) == "gold heavy"
    assert "may keep pace with the error's" in s.verdict
    assert "the catastrophic-Goodhart case" not in s.verdict
    assert error_tail(_pair(7000, 10, 2).gold) == "heavy"
