"""Group labels of the hierarchical fit (``tailstat/bayes/_labels.py``): a key given back to
``draws`` / ``label_of`` finds the group its label was written from."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat.bayes._labels import label, label_matches, same_key


@pytest.mark.parametrize("key", [0.7, 0.1, 1 / 3, np.float32(0.7), np.float64(2.675), -0.3,
                                 1e-300, 1.0, 3, np.int64(2**53 + 1)])
def test_a_key_finds_the_label_written_from_it(key) -> None:
    """A review: groups keyed by a sampling temperature of 0.7 (or any float32) were not
    found ("unknown group 0.7; the fitted groups are ['0.7', '1.0']"): the label's text was
    compared with the float's exact decimal value, 0.6999999999999999555910790149937..."""
    assert same_key(label(key), key)
    assert label_matches(f"{label(key)}/a", (key, "a"))


def test_a_key_does_not_find_another_label() -> None:
    assert not same_key("0.7", 0.70000001)
    assert not same_key("0.7", np.float32(0.71))
    assert not same_key("9007199254740992", 2**53 + 1)  # integers stay exact
    assert not same_key("x", 0.5) and not same_key("", 0.5)
    assert same_key("1.0", 1) and same_key("1", 1.0)
