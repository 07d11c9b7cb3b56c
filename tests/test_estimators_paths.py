"""tail_path agrees with the estimators at each k where the order statistics are tied
(tailstat/estimators/paths.py; the rest of the path tests are in test_estimators.py)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import check_sample
from tailstat.errors import DataError


@pytest.mark.parametrize("method", ["hill", "weibull_tail", "moment"])
def test_a_path_is_undefined_where_the_estimator_is(method: str) -> None:
    """50 values tied at the maximum: hill(x, 30) refuses ('all equal'), but the path gave
    Hill 0 with a zero-width '95%' interval at k = 1..49 (Weibull-tail θ = 0 alike)."""
    x = np.r_[np.full(50, 5.0), np.random.default_rng(0).uniform(1, 4, 950)]
    with pytest.warns(ts.TiesWarning):  # as the estimators warn at these k
        p = ts.tail_path(x, method, k_max=60)
    tied = p[p["k"] < 50]
    assert tied[["estimate", "se", "ci_low", "ci_high"]].isna().all().all()
    with pytest.raises(DataError, match="all equal"):  # (no ties warning: review 437)
        getattr(ts, method)(x, 30)
    row = p[p["k"] == 55].iloc[0]
    with pytest.warns(ts.TiesWarning):
        at = getattr(ts, method)(x, 55).estimate
    assert row["estimate"] == pytest.approx(at, rel=1e-12)


@pytest.mark.parametrize("method", ["weibull_tail", "moment"])
def test_a_path_is_undefined_at_a_k_the_estimator_refuses(method: str) -> None:
    """A review: the Weibull-tail path held a value and an interval at k = 1, where
    weibull_tail(x, k=1) refuses ("k must be at least 2"), as the moment path does not."""
    x = np.random.default_rng(4).pareto(2.0, 400) + 1
    p = ts.tail_path(x, method, k_max=20)
    assert p.loc[p["k"] == 1, ["estimate", "se", "ci_low", "ci_high"]].isna().all().all()
    with pytest.raises(DataError, match="at least 2"):
        getattr(ts, method)(x, 1)
    assert p.loc[p["k"] == 2, "estimate"].iloc[0] == pytest.approx(
        getattr(ts, method)(x, 2).estimate, rel=1e-12)


def test_discretised_rewards_are_said_by_the_path_and_refused_by_the_rule() -> None:
    """A review: on 0/1 rewards tail_path gave 4,999 rows and not one estimate, and on
    ratings 1-10 choose_k returned k = 5, which hill itself refuses ('all equal'), both
    without a word."""
    rng = np.random.default_rng(12)
    binary = rng.integers(0, 2, 5000).astype(float)
    rating = rng.integers(1, 11, 5000).astype(float)
    with pytest.raises(DataError, match="largest values of 'x' are all equal"):
        ts.tail_path(binary, "hill")  # (no ties warning before the refusal: review 437)
    with pytest.warns(ts.TiesWarning):
        p = ts.tail_path(rating, "hill")
    assert np.isfinite(p["estimate"]).any()
    with pytest.raises(DataError, match=r"all equal .* chose k = "):
        ts.choose_k(rating, "hill")


def test_path_over_mixed_sign_rewards_is_nan_below_zero_threshold_and_says_so() -> None:
    """The rows past the last positive threshold are NaN; asked for with k_max, they are said
    in a warning (a review: 10 NaN rows of the README's example, in silence, where hill() at
    such a k refuses it), and the default k_max (past 0 for any scores centred there) is
    not."""
    x = np.random.default_rng(0).normal(size=1000)
    last = int(np.count_nonzero(x > 0)) - 1
    with pytest.warns(ts.TailstatWarning, match=rf"positive up to k = {last} only, so the "
                                                rf"hill path holds NaN for k = {last + 1} to 900"):
        df = ts.tail_path(x, "hill", k_max=900)
    assert df.estimate.iloc[:last].notna().all() and df.estimate.iloc[last:].isna().all()
    assert df.loc[df.threshold <= 0, "estimate"].isna().all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ts.tail_path(x, "hill").estimate.isna().any()  # the default: no warning


def test_nan_rows_past_the_last_positive_threshold_are_recorded_with_warn_false() -> None:
    """A review: with ``warn=False`` the caveat for the NaN rows (X(n-k) <= 0) was dropped
    and recorded nowhere; ``attrs["warnings"]`` keeps it, said or not."""
    x = np.random.default_rng(0).standard_t(3, 20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = ts.tail_path(x, "hill", k_max=15_000, warn=False)
    (note,) = quiet.attrs["warnings"]
    last = int(np.count_nonzero(x > 0)) - 1
    assert f"positive up to k = {last} only" in note and quiet["estimate"].iloc[last:].isna().all()
    with pytest.warns(ts.TailstatWarning, match="positive up to k"):
        said = ts.tail_path(x, "hill", k_max=15_000)
    assert said.attrs["warnings"] == (note,)
    assert ts.tail_path(x, "pickands", k_max=1000).attrs["warnings"] == ()


def test_missing_values_are_said_with_warn_and_recorded_either_way() -> None:
    """A review: ``tail_path(x, warn=False)`` still issued the InputWarning for dropped NaN,
    the one warning warn=False did not silence (classify, fit_gpd, analyze are quiet)."""
    x = np.r_[np.random.default_rng(3).pareto(2.0, 3000) + 1.0, np.nan, np.nan]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = ts.tail_path(x, warn=False)
    with pytest.warns(ts.InputWarning, match="2 missing values"):
        loud = ts.tail_path(x)
    for df in (quiet, loud):
        assert df.attrs["warnings"][0] == "'x': 2 missing values (NaN) were dropped; n = 3000 " \
                                          "counts the rest."
    assert quiet["estimate"].equals(loud["estimate"])


def test_a_weibull_tail_path_on_an_upper_tail_stops_where_the_sample_path_does() -> None:
    """A review: on an UpperTail holding every value, the weibull_tail path's last row
    (k = n - 1) was NaN without a word, where the same path on the sample stops at n - 2
    and asking for k_max = n - 1 is refused."""
    x = np.random.default_rng(0).pareto(2.0, 50) + 1.0
    tail = ts.upper_tail(check_sample(x), k_max=49)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = ts.tail_path(tail, "weibull_tail")
    pd.testing.assert_frame_equal(got, ts.tail_path(x, "weibull_tail"), check_like=True)
    assert got["k"].max() == 48 and got["estimate"].iloc[1:].notna().all()  # k >= 2
    for src in (tail, x):
        with pytest.raises(ts.DataError,  # (review 369: k, not k_max, had been named)
                           match="weibull_tail with k_max = 49 needs them; use k_max <= 48"):
            ts.tail_path(src, "weibull_tail", k_max=49)
        for method in ("weibull_tail", "moment"):  # (a re-read: one NaN row from the tail)
            with pytest.raises(ts.DataError, match=f"k_max must be at least 2 for {method}"):
                ts.tail_path(src, method, k_max=1)
