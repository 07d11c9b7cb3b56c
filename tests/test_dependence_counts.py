"""Review 436: chi_interval refuses counts that are not a proportion's, and a monitor reset
says again that its window holds fewer than min_n rewards."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat.dependence import chi_interval


@pytest.mark.parametrize(("count", "m"), [(3, 2), (-1, 10), (1, 0), (5, -10), (np.nan, 10),
                                          (1, np.inf), ([1, 12], [10, 10])])
def test_chi_interval_refuses_what_is_not_a_count_of_trials(count: object, m: object) -> None:
    """Before, these gave NaN bounds, or (-0.5, 0.0) for 5 of -10, without a word."""
    with pytest.raises(ts.DataError, match=r"needs a count 0 <= count <= m of m > 0 trials"):
        chi_interval(count, m, 0.95)


def test_chi_interval_takes_a_count_rounded_just_past_m() -> None:
    m = np.array([7.0, 30.0, 3.0])
    chi = np.array([7.0, 29.3, 3.0]) / m
    lo, hi = chi_interval(chi * m, m, 0.95)  # chi * m is m(1 + 1e-16) at worst
    assert np.all((lo <= chi) & (chi <= hi)) and hi[0] == 1.0 and hi[2] == 1.0


def test_a_reset_monitor_says_again_that_its_window_is_short() -> None:
    rng = np.random.default_rng(0)
    monitor = ts.TailMonitor(every=1, min_n=100, window=2)

    def said() -> int:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for _ in range(3):
                monitor.update(rng.normal(size=10))
        return sum("fewer than" in str(w.message) and "min_n" in str(w.message)
                   for w in caught)

    assert said() == 1
    monitor.reset()
    assert said() == 1
