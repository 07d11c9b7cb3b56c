"""A fixed threshold equal to a grid value of the scores up to rounding (``3 * 0.1`` against
``0.3``, float32 ``0.3`` against float64 ``0.3``) leaves a block of tied excesses near 0 that
rules the fit; the fit says so, with the excesses in the user's units (review 419: 556 tied
excesses, a third of them, went unsaid, and ξ = 26.8 came with the generic tie note alone)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from tailstat import fit_gpd
from tailstat.errors import TiesWarning


def _said(x: np.ndarray, u: float) -> list[str]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fit_gpd(x, u)
    return [str(w.message) for w in seen if issubclass(w.category, TiesWarning)]


@pytest.mark.parametrize("float32", [False, True])
def test_a_grid_value_at_the_threshold_up_to_rounding_is_named(float32: bool) -> None:
    rng = np.random.default_rng(0)
    if float32:
        x = np.round(rng.exponential(0.5, 5000), 1).astype(np.float32)
        tiny = float(np.float32(0.3)) - 0.3
    else:
        x = np.minimum(rng.geometric(0.3, 5000) - 1, 20) * 0.1
        tiny = 3 * 0.1 - 0.3
    at = int(np.count_nonzero(x == x.dtype.type(3 * 0.1 if not float32 else 0.3)))
    assert at > 500
    said = [s for s in _said(x, 0.3) if "ruled by the smallest excess" in s]
    assert len(said) == 1
    assert f"({at} of them, up to {tiny:.3g}, against 0.1 for the next)" in said[0]
    assert "equals the threshold up to rounding" in said[0]
    # a threshold clear of the grid value: an ordinary fit, no such note
    assert not [s for s in _said(x, 0.35) if "ruled by the smallest excess" in s]
