"""The caveat for a GPD threshold that leaves most of the sample above it, given as a
percentage (tailstat/gpd/_level_note.py; the numbers' caveats are tested in test_gpd.py)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat.errors import TailstatWarning


def test_a_low_percentage_is_said_as_a_fit_of_most_of_the_sample() -> None:
    """A review: "0.95%", the typo for "95%", fitted 2,971 of 3,000 values of a shifted t(3)
    and read xi = -0.18 ("bounded") without a word, where the number 0.95 is said."""
    x = np.random.default_rng(0).standard_t(3, 3000) + 5
    with pytest.warns(TailstatWarning, match=r"threshold='0\.95%' is the 0\.95% quantile"):
        fit = ts.fit_gpd(x, "0.95%")
    assert "2971 of the 3000 values" in fit.warnings[0]
    assert "pass threshold='95%'" in fit.warnings[0]
    with pytest.warns(TailstatWarning, match=r"the sample.s body, not of its tail"):
        ts.fit_gpd(ts.TailSketch.from_sample(x), "40%")  # a sketch holding it, too
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ts.fit_gpd(x, "95%").warnings == ()
        assert not any("body, not of its tail" in w for w in ts.fit_gpd(x, "50%").warnings)



def test_the_quantile_meant_is_suggested_only_where_it_is_a_tail() -> None:
    x = np.random.default_rng(0).standard_t(3, 3000) + 5
    with pytest.warns(TailstatWarning) as got:
        ts.fit_gpd(x, "0.001%")
    assert "If you meant" not in str(got[0].message)  # (0.1% is no tail either)
