"""The public GPD functions (tailstat.gpd.distribution) at the ends of their range, against
scipy.stats.genpareto."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from tailstat.gpd import gpd_isf, gpd_ppf


@pytest.mark.parametrize("xi", [-0.5, 0.0, 0.2, 1.5])
def test_quantiles_at_the_ends_and_outside_match_scipy(xi: float) -> None:
    """ppf(1) and isf(0) were NaN (the upper endpoint: inf, or sigma/|xi| for xi < 0), and p
    outside [0, 1] gave a number."""
    p = np.array([0.0, 1e-300, 0.3, 1.0, -0.1, 1.5])
    for ours, theirs in ((gpd_ppf, stats.genpareto.ppf), (gpd_isf, stats.genpareto.isf)):
        got = ours(p, xi, 2.0)
        want = theirs(p, xi, scale=2.0)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0.0)
        assert np.isnan(got[-2:]).all()
    assert np.signbit(gpd_isf(1.0, xi, 2.0)) == np.False_
    assert isinstance(gpd_ppf(0.5, xi, 2.0), float)


def test_the_result_has_the_form_of_the_input() -> None:
    """A 0-d array gave a numpy float where the signatures (and the module) promise an array
    for an array: ``ndarray`` in, ``ndarray`` out, whatever its dimension; a number gives a
    number (a numpy scalar of another width too)."""
    from tailstat.gpd import gpd_logpdf, gpd_logsf

    for fn in (gpd_ppf, gpd_isf, gpd_logsf, gpd_logpdf):
        zero_d = fn(np.array(0.25), 0.2, 1.0)
        assert isinstance(zero_d, np.ndarray) and zero_d.shape == ()
        assert isinstance(fn(0.25, 0.2, 1.0), float)
        assert isinstance(fn(np.float32(0.25), 0.2, 1.0), float)
        assert fn(np.array([0.25]), 0.2, 1.0).shape == (1,)
        assert float(zero_d) == fn(0.25, 0.2, 1.0)


@pytest.mark.parametrize("bad", [["0.1"], "0.1", np.array(["0.1"]), [0.1, "0.2"], [True], True,
                                 [0.1 + 0j]])
def test_text_and_booleans_are_not_probabilities(bad) -> None:
    """``np.asarray(p, dtype=float)`` read ``["0.1"]`` as the probability 0.1 and ``True`` as
    1, and dropped an imaginary part: a DataError now, naming the argument."""
    from tailstat.errors import DataError

    with pytest.raises(DataError, match="p must be a number or an array of numbers"):
        gpd_isf(bad, 0.2, 1.0)
    with pytest.raises(DataError, match="p must be a number"):
        gpd_ppf(bad, 0.2, 1.0)
