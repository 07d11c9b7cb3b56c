"""When a calibrated probability reaches a level (``tailstat/classification/levels.py``): the
gate of ``classify --fail-on heavy --level`` and TailMonitor's warning."""

from __future__ import annotations

import pytest

from tailstat.classification.levels import (
    CONFIDENT,
    MAX_PROBABILITY,
    applied_level,
    reaches_level,
    shown_probability,
)
from tailstat.errors import DataError


def test_a_level_is_reached_exactly_as_a_verdict_is_confident() -> None:
    """A review: reaches_level(0.7999995, 0.8) was True (a slack of 1e-6) while the verdict
    was not confident and read 0.79; the CLI suggests --level 0.8 to catch the groups called
    heavy with confidence."""
    p = 0.7999995
    assert not reaches_level(p, CONFIDENT) and shown_probability(p) == "0.79"
    assert reaches_level(CONFIDENT, CONFIDENT) and reaches_level(0.9, CONFIDENT)
    # a level at the cap is held a little below it, which clear heavy tails reach
    assert applied_level(0.98) == applied_level(MAX_PROBABILITY) < MAX_PROBABILITY
    assert reaches_level(MAX_PROBABILITY - 3e-5, 0.98)
    assert not reaches_level(0.97, 0.98)


@pytest.mark.parametrize("level", ["abc", "95%", 1.5, 0.0, float("nan"), True, None])
def test_a_level_that_is_no_probability_is_refused(level: object) -> None:
    """'abc' raised float()'s ValueError, 1.5 was read as 0.979 and NaN passed (a review)."""
    with pytest.raises(DataError, match="level must be a probability in"):
        applied_level(level)  # type: ignore[arg-type]
    with pytest.raises(DataError, match="level must be a probability in"):
        reaches_level(0.5, level)  # type: ignore[arg-type]


@pytest.mark.parametrize(("p", "text"), [
    (0.1984, "0.198"), (0.2006, "0.201"), (0.19999, "0.199"), (0.20004, "0.201"),
    (0.2, "0.200"), (0.195, "0.195"), (0.2049, "0.205"), (0.21, "0.21"), (0.19, "0.19")])
def test_a_probability_beside_the_heavy_cut_shows_its_side(p: float, text: str) -> None:
    """A review: 0.1984 and 0.2006 both read 0.20, one beside "the error has a light tail",
    the other beside "a heavy-tailed error is not ruled out"."""
    assert shown_probability(p) == text
    # P(light) and P(bounded) are read against no cut: two decimals (a review: the report's
    # "0.30 · 0.50 · 0.197" gave P(bounded) the heavy cut's third decimal)
    assert shown_probability(p, cut=False) == f"{p:.2f}"


def test_a_level_no_probability_reaches_is_refused() -> None:
    """A review: reaches_level(0.9795, 0.999) was True, the level silently lowered to 0.979,
    where the CLI's --level and TailMonitor refuse a level above 0.98."""
    with pytest.raises(DataError, match=r"level must be at most 0\.98"):
        reaches_level(0.9795, 0.999)
    with pytest.raises(DataError, match=r"at most 0\.98"):
        applied_level(0.99)
    assert applied_level(MAX_PROBABILITY + 5e-7) == applied_level(0.98)  # rounding: held
