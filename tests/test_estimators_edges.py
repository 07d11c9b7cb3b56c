"""Review 437: edge inputs of the estimators' building blocks -- non-finite excesses, a long
argument in a message, 0/1 rewards, and the public kernels' windows."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat.estimators import kernels
from tailstat.gpd import xi_of_excesses

EXCESSES = np.sort(np.random.default_rng(1).pareto(3.0, 100))


@pytest.mark.parametrize("bad", [np.r_[EXCESSES, np.inf], np.r_[np.nan, EXCESSES],
                                 np.r_[EXCESSES[:50], np.nan, EXCESSES[50:]]])
def test_xi_of_excesses_refuses_values_that_are_not_finite(bad: np.ndarray) -> None:
    """Before, NaN passed the order check and xi = -1 [-1, inf] came back as a fit."""
    with pytest.raises(ts.DataError, match="takes finite excesses"):
        xi_of_excesses(bad)


def test_a_long_argument_is_shown_short_in_the_message() -> None:
    with pytest.raises(ts.DataError) as info:
        xi_of_excesses(list(EXCESSES) * 50)  # a list, not an array: 160,400 characters before
    said = str(info.value)
    assert len(said) < 400 and "(list of 5,000 items)" in said


@pytest.mark.filterwarnings("ignore::tailstat.errors.TiesWarning")
@pytest.mark.parametrize("method", ["hill", "moment", "weibull_tail"])
def test_zero_one_rewards_are_not_sent_to_a_larger_k(method: str) -> None:
    """0/1 rewards were told to pass a larger k, and at a larger k that X(n-k) = 0 <= 0 asked
    for a smaller one; no k gives these estimators an estimate there."""
    b = np.r_[np.ones(476), np.zeros(524)]
    with pytest.raises(ts.DataError, match=r"the next is 0\), where .* no k gives an estimate"
                       ) as info:
        getattr(ts, method)(b, k=10)
    assert "larger k" not in str(info.value)
    with pytest.raises(ts.DataError, match="Pass a larger k"):  # a positive level below: it can
        ts.hill(np.r_[np.ones(476), np.full(524, 0.5)], k=10)


def test_the_kernels_refuse_a_window_they_cannot_read() -> None:
    desc = np.sort(np.random.default_rng(0).pareto(2.0, 100))[::-1]
    with pytest.raises(ts.DataError, match="descending order"):
        kernels.hill_path(desc[::-1], 5)  # a path of zeros before
    with pytest.raises(ts.DataError, match="pass k from 1 to 99"):
        kernels.hill_path(desc, 100)  # numpy's broadcast error before
    with pytest.raises(ts.DataError, match="pass k from 1 to 25"):
        kernels.pickands_path(desc, 30)  # an IndexError before
    with pytest.raises(ts.DataError, match=r"each k must be in 1\.\.99"):
        kernels.log_moments_at(desc, [0])  # a plain ValueError before
    np.testing.assert_array_equal(kernels.hill_path(desc, 99)[:5], kernels.hill_path(desc, 5))


@pytest.mark.filterwarnings("ignore::tailstat.errors.TiesWarning")
@pytest.mark.parametrize("method", ["hill", "moment"])
def test_zero_one_rewards_as_a_sketch_are_told_no_k_serves(method: str) -> None:
    """Review 440: 0/1 rewards given as a sketch, k chosen by the double bootstrap, were told
    to keep more order statistics or pass k=, which no k could be (every k reads only the
    tied ones, or X(n-k) = 0). A sketch of positive levels may still be sent to more values."""
    b = np.r_[np.ones(1476), np.zeros(3524)]
    sketch = ts.TailSketch.from_sample(b)
    with pytest.raises(ts.DataError, match=r"the 1476 largest values .* every k up to 1475 "
                       r"reads only them\. .*the next is 0\).* no k gives an estimate") as info:
        getattr(ts, method)(sketch)
    assert "keep more" not in str(info.value) and "larger k" not in str(info.value)
    with pytest.raises(ts.DataError, match="keep more order statistics"):
        getattr(ts, method)(ts.TailSketch.from_sample(b + 1.0))


@pytest.mark.parametrize("method", ["hill", "moment", "weibull_tail", "pickands"])
def test_a_refusal_of_tied_values_comes_without_a_ties_warning(method: str) -> None:
    """Review 437: the ties warning was given, then the refusal that makes it moot (with
    warnings as errors, the warning was what the caller got)."""
    b = np.r_[np.ones(476), np.zeros(524)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ts.DataError, match="are all equal"):
            getattr(ts, method)(b, k=10)
        with pytest.raises(ts.DataError, match="are all equal"):
            getattr(ts, method)(b)
