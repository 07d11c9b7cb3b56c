"""Copies of one score far above the rest, filling the classifier's top depths
(``tailstat/classification/_likelihood.py``, ``read_window``)."""

from __future__ import annotations

import numpy as np
import pytest

import tailstat as ts


@pytest.mark.parametrize("seed", [0, 1])
def test_the_verdict_does_not_dip_as_the_copies_fill_the_extreme_depth(seed: int) -> None:
    """Review 428: 9 or 10 copies of 8.0 above 10^4 N(0, 1) scores (the extreme depth is 10)
    read P(heavy) = 0.56-0.60, "uncertain", where 8 and 11 copies read 0.96 and 0.98: the
    moment estimate at that depth read the copies' zero spacings as a ceiling (-4) until
    they filled it, and was left out from then on. From half of a top depth it is left out."""
    base = np.random.default_rng(seed).standard_normal(10_000)
    c = None
    for m in range(4, 20):
        c = ts.classify(np.r_[base, np.repeat(8.0, m)], warn=False)
        assert c.label == "heavy" and c.probabilities["heavy"] >= 0.95, (m, c.probabilities)
    assert c is not None and c.settings["k_levels"]["extreme"] == 10
