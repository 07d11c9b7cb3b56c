"""A Sample made with a smaller min_size or by hand (tailstat/data/intake.py: Sample and
check_sample): every function still holds it to its own size, and a Sample holds a 1-D float64
array."""

from __future__ import annotations

import numpy as np
import pytest

import tailstat as ts
from tailstat.data import check_sample
from tailstat.errors import DataError


def test_a_sample_made_smaller_or_by_hand_meets_each_functions_size() -> None:
    """check_sample(..., min_size=1) and Sample(...) reached the estimators unchecked: hill
    of 2 values met a ZeroDivisionError, a list an AttributeError (a review)."""
    small = check_sample([1.0, 2.0], min_size=1)
    for fn in (ts.hill, ts.moment, ts.pickands, ts.choose_k):
        with pytest.raises(DataError, match="has only 2 value"):
            fn(small)
    with pytest.raises(DataError, match="has only 2 value"):
        ts.hill(ts.Sample(values=np.array([1.0, 2.0])))
    for bad, what in (([1.0, 2.0, 3.0, 4.0, 5.0], "not a list"),
                      (np.arange(6), "dtype int64"), (np.ones((3, 2)), "shape")):
        with pytest.raises(DataError, match=what) as err:
            ts.Sample(values=bad)
        assert "check_sample" in str(err.value)


def test_a_sample_made_by_hand_holds_finite_varying_values() -> None:
    """A NaN moved fit_gpd's ξ from 0.53 to 1.02 without a word, and a constant sample read
    "n must be a sample size ... got 0" (a review): refused where the Sample is made."""
    x = np.random.default_rng(0).pareto(2.0, 1000) + 1.0
    for bad in (np.r_[x, np.nan], np.r_[x, np.inf]):
        with pytest.raises(DataError, match="1 missing or infinite value"):
            ts.Sample(values=bad)
    with pytest.raises(DataError, match="is constant"):
        ts.Sample(values=np.ones(1000))
    made = ts.Sample(values=x, name="rm")
    assert ts.hill(made).n == 1000 and check_sample(x).n == 1000
