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
