"""When a calibrated probability reaches a level (``tailstat/classification/levels.py``): the
gate of ``classify --fail-on heavy --level`` and TailMonitor's warning."""

from __future__ import annotations

from tailstat.classification.levels import (
    CONFIDENT,
    MAX_PROBABILITY,
    applied_level,
    reaches_level,
    shown_probability,
)


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
