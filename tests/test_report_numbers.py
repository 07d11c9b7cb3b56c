"""Intervals as the report shows them (review 432): an end that is not 0 is never shown as 0
(a ξ interval from -0.004 crosses 0, the line between heavy and light, and read [0.00, 0.20]),
nor two different ends alike ([0.00, 0.00]); otherwise two decimals, as before. Both ends and
the estimate share one rounding, so an estimate inside its interval shows inside it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat.reporting import _text as T
from tailstat.reporting._numbers import ci


@pytest.mark.parametrize(("low", "high", "shown"), [
    (-0.004, 0.2, "[−0.004, 0.200]"),  # one rounding for both ends
    (-0.004, 0.003, "[−0.004, 0.003]"),
    (0.1234, 0.1236, "[0.123, 0.124]"),
    (-1e-9, 0.3, "[−0.00000, 0.30000]"),  # three more decimals at most, the sign kept
    (0.1, 0.2, "[0.10, 0.20]"),
    (0.0, 0.04, "[0.00, 0.04]"),
    (-0.2, -0.1, "[−0.20, −0.10]"),
    (-0.0, 0.1, "[0.00, 0.10]"),
    (None, 0.3, "[–, 0.30]"),
    (math.nan, 0.001, "[–, 0.001]"),
    (None, None, "–"),
])
def test_interval_ends(low: float | None, high: float | None, shown: str) -> None:
    assert ci(low, high) == shown


def test_more_digits_asked_stay_the_least() -> None:
    assert ci(0.0001, 0.5, 3) == "[0.0001, 0.5000]"
    assert T.ci is ci  # the report's sentences and tables show the same intervals


@pytest.mark.parametrize(("level", "scale", "shown"), [
    (-0.01612, 1.3, "−0.016"),  # nearer 0 than its spread: two significant digits
    (-0.009737, 1.0, "−0.0097"),
    (4.77288, 1.0, "4.773"),  # as before: four, or enough for a hundredth of the spread
    (1000001.64, 0.9, "1,000,001.64"),
    (0.0, 1.0, "0"),
])
def test_goodhart_levels_keep_the_digits_their_spread_gives(level: float, scale: float,
                                                            shown: str) -> None:
    """Review 432: "mean true utility 1.31 (today −0.01612)"."""
    assert T._lvl(level, scale=scale) == shown


def test_an_end_point_at_the_largest_score_is_said_once() -> None:
    """Review 432: "the fitted tail ends at −1000.021 (the largest score: −1000.021)" read
    like a slip; a uniform tail's fitted end is its largest score, said so."""
    import warnings

    import numpy as np

    import tailstat as ts

    x = -1000.0 - np.random.default_rng(0).uniform(0.0, 1.0, 3000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)
    assert "the fitted tail ends at the largest score, -1000.00019, so" in g.verdict
    assert "(the largest score:" not in g.verdict


@pytest.mark.parametrize(("value", "low", "high", "shown"), [
    (0.003, 0.001, 0.01, "0.003 [0.001, 0.010]"),  # review 433: "0.00 [0.001, 0.01]"
    (0.05, -0.004, 0.2, "0.050 [−0.004, 0.200]"),
    (0.0124, -0.0015, 0.0129, "0.012 [−0.002, 0.013]"),  # review 434: "[−0.002, 0.01]"
    (0.42, 0.31, 0.55, "0.42 [0.31, 0.55]"),
    (0.42, None, None, "0.42 –"),
])
def test_an_estimate_has_its_intervals_decimals(value: float, low: float | None,
                                                high: float | None, shown: str) -> None:
    from tailstat.reporting._numbers import estimate

    assert f"{estimate(value, low, high)} {ci(low, high)}" == shown


def test_an_estimate_inside_its_interval_shows_inside_it() -> None:
    """Review 434: 1,259 of 200,000 random cases showed the estimate past an end."""
    from tailstat.reporting._numbers import estimate

    rng = np.random.default_rng(434)
    ends = np.sort(rng.uniform(-0.05, 0.05, (20_000, 2)), axis=1)
    for (lo, hi), v in zip(ends, rng.uniform(ends[:, 0], ends[:, 1]), strict=True):
        a, b = (float(t.replace("−", "-")) for t in ci(lo, hi)[1:-1].split(", "))
        assert a <= float(estimate(v, lo, hi).replace("−", "-")) <= b, (v, lo, hi)
