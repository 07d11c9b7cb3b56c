"""tailstat.data.pairs: paired sequences (reward and gold) read as one sample each, with the
pairs missing a value on either side dropped together."""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import raises_data_error

from tailstat.data import check_pairs


def test_pairs_missing_a_value_on_either_side_are_dropped_together() -> None:
    a = np.array([1.0, 2.0, np.nan, 4.0, 5.0])
    b = [1.0, np.nan, 3.0, 4.0, 6.0]
    before = a.copy()
    with pytest.warns(UserWarning, match="2 of the 5 .* pairs"):
        x, y = check_pairs(a, b, ("reward", "gold"), warn="pairs")
    assert x.tolist() == [1.0, 4.0, 5.0] and y.tolist() == [1.0, 4.0, 6.0]
    assert np.array_equal(a, before, equal_nan=True)  # the caller's array as it was


@pytest.mark.parametrize("names", [("a", "b", "c"), ["a", "b"], ("a", 1)])
def test_names_must_be_two_strings(names: object) -> None:
    """A review: a third name met a bare zip ValueError; a list passed."""
    with raises_data_error("names must be a tuple of the two names"):
        check_pairs([1.0, 2.0], [1.0, 2.0], names)  # type: ignore[arg-type]


def test_unequal_lengths_are_named() -> None:
    with raises_data_error("reward and gold must have equal lengths"):
        check_pairs([1.0, 2.0, 3.0], [1.0, 2.0], ("reward", "gold"))


def test_a_dataframe_beside_a_series_with_another_index_is_refused() -> None:
    # a review: a one-column DataFrame beside a Series was paired by position (beta 0.238
    # against 0.203; chi 0 against 0.6), where two Series are refused
    import pandas as pd

    import tailstat as ts

    kl = np.array([0, .5, 1, 2, 3, 4, 6, 8.])
    g = np.sqrt(kl) * (1 - 0.2 * np.sqrt(kl)) + np.array([0, .01, -.02, .03, 0, -.01, .02, -.01])
    p = np.random.default_rng(1).permutation(8)
    frame, series = pd.DataFrame({"kl": kl[p]}, index=p), pd.Series(g)
    for call in (lambda: ts.fit_overoptimization(frame, series),
                 lambda: ts.tail_dependence(frame, series),
                 lambda: ts.goodhart_summary(series, frame)):
        with raises_data_error("(a pandas DataFrame)", "different indexes", "axis=0"):
            call()
    # aligned, it is read by label
    a, b = frame.align(series, join="inner", axis=0)
    assert ts.fit_overoptimization(a, b).beta == pytest.approx(
        ts.fit_overoptimization(kl, g).beta, rel=1e-12)


def test_series_of_unequal_lengths_are_said_to_differ_in_length() -> None:
    """A review: Series of 500 and 499 values were told "different indexes ... align them",
    where the plain length mismatch is the problem."""
    import pandas as pd

    import tailstat as ts

    with pytest.raises(ts.DataError, match=r"same length.*got 500 and 499"):
        ts.best_of_n(pd.Series(np.arange(500.0)), pd.Series(np.arange(499.0)))
