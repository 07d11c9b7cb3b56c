"""A threshold that leaves too few exceedances (tailstat/gpd/_common.py, check_exceedances):
the error names the problem, and the threshold it advises works as given."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.errors import DataError
from tailstat.gpd import fit_gpd

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def danish() -> np.ndarray:
    return pd.read_csv(ROOT / "datasets" / "danish.csv")["loss_mDKK"].to_numpy()


def test_threshold_at_or_above_the_maximum(danish):
    mx = danish.max()
    for u in (mx, mx + 1.0):
        with pytest.raises(DataError, match="at or above the maximum") as err:
            fit_gpd(danish, u)
        msg = str(err.value)
        assert f"{u:.6g}" in msg and f"{mx:.6g}" in msg
        assert "distinct values" not in msg  # continuous losses: no word about ratings
        # the advice leaves about 50 values (the second-largest value advised before left
        # one, and the next error: a review), and works as given
        pct = msg.split("threshold='")[1].split("'")[0]
        assert fit_gpd(danish, pct).n_exceed >= 50


def test_threshold_at_the_maximum_of_ratings_names_the_scale() -> None:
    # '95%' of 1-10 ratings is the top rating: the advice used to be "e.g. threshold='95%'",
    # the very threshold that failed
    x = np.random.default_rng(0).integers(1, 11, 5000)
    with pytest.raises(DataError, match="at or above the maximum") as err:
        fit_gpd(x, "95%")
    msg = str(err.value)
    assert "'95%'" not in msg and "takes only 10 distinct values" in msg
    assert "not for ratings or counts" in msg and "e.g. threshold=" in msg
    advised = float(msg.split("e.g. threshold=")[1].split(" ")[0])
    assert np.unique(x[x > advised]).size >= 2  # excesses not all tied
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (ratings: the fit warns of its ties)
        assert fit_gpd(x, advised).n_exceed >= 50


def test_threshold_advice_at_an_atom_leaves_more_than_the_atom() -> None:
    """Clipped scores: the advice for a threshold at the atom was the largest value below it,
    above which every excess is the atom, and the next error (a review)."""
    r = np.random.default_rng(0)
    y = np.r_[r.normal(size=1900), np.full(100, 10.0)]
    with pytest.raises(DataError, match="at or above the maximum") as err:
        fit_gpd(y, "96%")
    advised = float(str(err.value).split("e.g. threshold=")[1].split(" ")[0])
    assert np.unique(y[y > advised]).size >= 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert fit_gpd(y, advised).n_exceed >= 50


def test_a_threshold_far_below_the_data_is_not_called_a_repeated_value() -> None:
    """At u = -1e308 every excess x - u rounds to the same number: 'all 2000 exceedances are
    equal (0)' named a repeated value the data do not have (a review)."""
    x = np.random.default_rng(0).normal(size=2000)
    for u in (-1e308, -1e17):
        with pytest.raises(DataError, match="lose every digit") as err:
            fit_gpd(x, threshold=u)
        assert "repeated value" not in str(err.value)


def test_two_level_scores_are_told_why_no_threshold_above_the_lowest_fits() -> None:
    """A threshold of 0.5 leaves 100 values, all equal: 'only a threshold below the smallest
    value leaves that many' read as false without 'not all equal' (a review)."""
    x = np.r_[np.zeros(1000), np.ones(100)]
    with pytest.raises(DataError, match="needs at least 10, not all equal, and only a "
                                        "threshold below the smallest value, 0"):
        fit_gpd(x, threshold=1.0)
