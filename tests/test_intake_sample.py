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
