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


def test_threshold_stability_names_the_thresholds_equal_to_scores_up_to_rounding() -> None:
    from tailstat import threshold_stability

    x = np.minimum(np.random.default_rng(0).geometric(0.3, 5000) - 1, 20) * 0.1
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        st = threshold_stability(x, [0.2, 0.3, 0.4, 0.5])
    said = [str(w.message) for w in seen if issubclass(w.category, TiesWarning)]
    assert len(said) == 1 and "at u = 0.3, scores equal to the threshold up to rounding" in said[0]
    assert st.xi[1] > 10  # the artefact stays in the table, said
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # off the grid values, or on the data's own: no word
        threshold_stability(x, [0.25, 0.35, 0.45])
        threshold_stability(x, warn=False)


@pytest.mark.parametrize("draw", ["pareto", "normal", "exponential", "uniform"])
def test_continuous_scores_never_read_as_ruled_by_their_smallest_excess(draw: str) -> None:
    from tailstat import threshold_stability

    for seed in range(25):
        x = getattr(np.random.default_rng(seed), draw)(
            *((1.5, 4000) if draw == "pareto" else ()), **({} if draw == "pareto" else
                                                            {"size": 4000}))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            threshold_stability(x)
            threshold_stability(x, np.quantile(x, [0.5, 0.8, 0.9, 0.95]))


@pytest.mark.parametrize("copies", [900, 1100, 1900])
def test_the_rounded_copies_are_named_whatever_their_share(copies: int) -> None:
    """Review 421: past half of the excesses (1,100 of 2,000) the note went unsaid."""
    rng = np.random.default_rng(0)
    x = np.r_[rng.uniform(0, 0.3, 3000), np.full(copies, 0.1 + 0.2),
              0.4 + np.round(rng.exponential(size=2000 - copies), 1)]
    said = [s for s in _said(x, 0.3) if "ruled by the smallest excess" in s]
    assert len(said) == 1 and f"({copies} of them, up to" in said[0]


def test_a_very_heavy_tails_wide_spacings_are_not_read_as_rounding() -> None:
    for seed in range(60):  # xi = 5: gaps of a factor 1e6 among the largest few are common
        x = np.random.default_rng(seed).pareto(0.2, 3000)
        assert not [s for s in _said(x, float(np.median(x))) if "ruled by the smallest" in s]


def test_a_resolution_far_beyond_the_fitted_scale_is_said_as_a_ratio() -> None:
    """Review 421: "the data resolution (1e-07) is 13800892459110410% of the fitted scale"."""
    rng = np.random.default_rng(2)
    x = np.round(rng.exponential(size=5000), 1)
    x[x == 0.3] = 0.1 + 0.2
    said = [s for s in _said(x * 1e-6, 0.3 * 1e-6) if "data resolution" in s]
    assert said and all("times the fitted scale" in s and "%" not in s.split("resolution")[1]
                        for s in said)
