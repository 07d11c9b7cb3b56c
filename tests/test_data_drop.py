"""tailstat.data._drop (refused_at, exported by tailstat.data): where values hold what the
intake refuses as infinite."""

from __future__ import annotations

import numpy as np
from _helpers import raises_data_error

from tailstat.data import refused_at


def test_refused_at_finds_infinities_and_float_maxima_by_position() -> None:
    f32 = np.finfo(np.float32).max
    assert refused_at(np.array([1.0, np.inf, 2.0, -np.inf])).tolist() == [1, 3]
    assert refused_at(np.array([1.0, f32, 2.0], dtype=np.float32)).tolist() == [1]
    assert refused_at(np.array([np.finfo(float).max, -1.0])).tolist() == [0]
    assert refused_at(np.array([1, 2, 3], dtype=object)).tolist() == []


def test_refused_at_names_values_that_are_not_numbers() -> None:
    """A review: an object array of text met numpy's bare TypeError."""
    with raises_data_error("refused_at reads numbers", "dtype object"):
        refused_at(np.array(["a", 1.0], dtype=object))
