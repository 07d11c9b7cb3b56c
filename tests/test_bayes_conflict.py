"""tailstat.bayes._conflict: what is said of a posterior of ξ against the bound -1."""

from __future__ import annotations

import numpy as np

from tailstat.bayes._conflict import at_bound_note


def test_an_interval_that_starts_near_minus_one_is_said() -> None:
    """Review 383: a uniform tail (ξ = -1) of 50-200 exceedances had 20-29% of its posterior
    within 0.05 of -1, so the note (more than half there) never fired, and its interval
    [-0.994, -0.657] left out the true -1 without a word."""
    rng = np.random.default_rng(0)
    # a posterior like those: its density highest at the bound, a fifth within 0.05 of it
    xi = -1.0 + rng.gamma(1.2, 0.12, 4000)
    assert 0.15 < np.mean(xi < -0.95) < 0.5
    note = at_bound_note(xi, level=0.95)
    assert note is not None and "95% interval of xi starts at -0.99" in note
    assert "is not ruled out" in note
    # piled against the bound: the stronger note, as before
    piled = -1.0 + rng.gamma(1.0, 0.03, 4000)
    assert "read xi as about -1 or below" in at_bound_note(piled, "g")  # type: ignore[operator]
    # an interval that starts above -0.95 says nothing
    assert at_bound_note(rng.normal(-0.6, 0.1, 4000)) is None
    # the level is the fit's: a 50% interval starts far from the bound
    assert at_bound_note(xi, level=0.5) is None
