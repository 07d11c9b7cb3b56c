"""The Goodhart functions check their arguments before they fit a tail model
(``tailstat/goodhart/tilt.py``, ``frontier.py``, ``summary.py``, ``conditioning.py``)."""

from __future__ import annotations

import numpy as np
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.errors import DataError
from tailstat.goodhart import (
    conditioning,
    fit_overoptimization,
    goodhart_summary,
    kl_frontier,
    kl_tilt,
)

#: 60 values: too few for the automatic threshold (62), so a fit fails with its own error.
_U = np.random.default_rng(0).normal(size=60)


@pytest.mark.parametrize(("call", "words"), [
    (lambda: kl_tilt(_U, beta=-1.0), ("beta must be > 0",)),
    (lambda: kl_tilt(_U, beta="a"), ("beta must be numeric",)),
    (lambda: kl_frontier(_U, "x"), ("target must be",)),
    (lambda: goodhart_summary(_U, n=0), ("n must be > 0",)),
    (lambda: goodhart_summary(_U, target_sd=-1), ("target_sd must be > 0",)),
    (lambda: goodhart_summary(_U, kl_budget=-1), ("kl_budget must be > 0",)),
    (lambda: goodhart_summary(_U, warn="no"), ("warn must be True or False",)),
    (lambda: conditioning(_U, _U + 1.0, "a"), ("thresholds must be",)),
    # a review: [True, 2] was n = 1 and 2; 2^53 + 1 as an integer was read as 2^53; a
    # fraction of a large n was shown without it ("1e+12")
    (lambda: goodhart_summary(_U, n=[True, 2]), ("n must be numeric",)),
    (lambda: goodhart_summary(_U, n=np.array([2**53 + 1], dtype=np.uint64)),
     ("at most 2^53", "9007199254740993")),
    (lambda: goodhart_summary(_U, n=[1e12 + 0.5]), ("whole numbers", "1000000000000.5")),
], ids=["beta<0", "beta-text", "target", "n", "target_sd", "kl_budget", "warn", "thresholds",
        "n-bool", "n-beyond-2^53", "n-fraction"])
def test_a_bad_argument_is_named_before_the_tail_is_fitted(call, words) -> None:
    """A review: kl_tilt(60 values, beta=-1) reported the tail fit's "needs at least 62
    values" (the same for a bad target, target_sd, n, kl_budget or thresholds): the
    arguments are checked first, at the entry point."""
    with raises_data_error(*words) as info:
        call()
    assert "tail model" not in str(info.value) and "62" not in str(info.value)


@pytest.mark.parametrize("level", [0.05, 0.1, 0.3, 1.0])
def test_a_level_below_one_half_is_refused_as_ci_is_everywhere_else(level: float) -> None:
    """A review: fit_gpd, the estimators, tail_dependence and the Bayesian fits refuse a level
    below 0.5 (``0.05`` is alpha, not the coverage), while conditioning(level=0.05) and
    fit_overoptimization(level=0.05) gave 5% intervals without a word."""
    rng = np.random.default_rng(1)
    u = rng.normal(size=2000)
    kl = np.linspace(0.1, 5.0, 20)
    gold = np.sqrt(kl) * (1 - 0.2 * np.sqrt(kl)) + rng.normal(0, 0.01, 20)
    match = r"^level must be a level in \[0.5, 1\).*for alpha = 0.05 pass level=0.95"
    with pytest.raises(DataError, match=match):
        conditioning(u, u + rng.normal(size=2000), level=level)
    with pytest.raises(DataError, match=match):
        fit_overoptimization(kl, gold, level=level)
    assert fit_overoptimization(kl, gold, level=0.5).alpha_ci.level == 0.5


def test_pairs_of_different_lengths_are_named_before_their_sizes() -> None:
    """A review: the second array's size was checked before the lengths were compared, so
    ``best_of_n(u, u[:3])`` said "'v' has only 3 value(s); at least 5 are needed" and
    ``fit_overoptimization`` said "'gold' has 3 value(s)" for a length mismatch."""
    from tailstat.goodhart import best_of_n, fit_tail_model

    u = np.random.default_rng(2).normal(size=100)
    for call in (lambda: best_of_n(u, u[:3], tail="empirical"),
                 lambda: conditioning(u, u[:3])):
        with raises_data_error("'u' and 'v' must have the same length", "100 and 3"):
            call()
    with raises_data_error("'kl' and 'gold' must have the same length", "5 and 3"):
        fit_overoptimization([0, 1, 2, 3, 4], [0, 1, 2])
    # the sample is 'u' in fit_tail_model too, as in every other Goodhart function
    with raises_data_error("'u' is constant"):
        fit_tail_model(np.ones(100))


def test_rows_and_columns_of_pairs_are_read_as_before() -> None:
    """A review of the length check: it compared len(), so a (1, n) row, a list holding one
    list or a 1-tuple of an array (read as n values by the intake) was refused as 'got 1
    and 300'."""
    rng = np.random.default_rng(4)
    u, v = rng.normal(size=300), rng.normal(size=300)
    for a, b in ((u[None, :], v), (u, v[None, :]), ([list(u)], list(v)), ((u,), v),
                 (u[:, None], v)):
        assert conditioning(a, b, threshold="fast").table["n_above"].iloc[0] > 0
    kl = np.linspace(0.1, 5.0, 8)
    gold = np.sqrt(kl) * (1 - 0.2 * np.sqrt(kl))
    assert fit_overoptimization(kl[None, :], gold).alpha == pytest.approx(1.0)


def test_missing_values_of_a_masked_array_are_told_to_compress() -> None:
    """The advice u[~np.isnan(u)] keeps a masked entry, and the same error followed (a
    review): a masked array is told u.compressed(), which the function then takes."""
    u = np.random.default_rng(0).normal(size=3000)
    masked = np.ma.masked_array(u, mask=np.r_[np.zeros(2999), 1])
    with pytest.raises(DataError, match=r"for a masked array u: u\.compressed\(\)"):
        kl_frontier(masked)
    assert kl_frontier(masked.compressed()).mean == pytest.approx(u[:-1].mean())


def test_boolean_kl_values_are_not_called_rewards() -> None:
    """'kl holds booleans, not rewards ... binary rewards as 0 / 1' called a KL a reward (a
    review)."""
    with pytest.raises(DataError, match="'kl' holds booleans; KL values are non-negative") as err:
        fit_overoptimization(np.arange(8) > 3, np.linspace(0.0, 1.0, 8))
    assert "reward" not in str(err.value)


@pytest.mark.parametrize("name", [5, ["a"]])
def test_a_name_that_is_no_text_is_refused_by_every_curve(name: object) -> None:
    """Review 367: conditioning kept name=5 and name=["a"] in its field of text, where
    best_of_n, kl_tilt and kl_frontier refuse them; goodhart_summary keeps a group key's
    text, as analyze passes keys (its docstring says so)."""
    rng = np.random.default_rng(0)
    v = rng.standard_normal(2000)
    u = v + rng.standard_normal(2000)
    for call in (lambda: ts.best_of_n(u, name=name), lambda: ts.kl_tilt(u, name=name),
                 lambda: ts.kl_frontier(u, name=name), lambda: ts.conditioning(u, v, name=name)):
        with pytest.raises(ts.DataError, match="name must be a string or None"):
            call()
    assert ts.goodhart_summary(u, name=7).name == "7"


def test_a_single_kl_value_is_told_in_kl_words() -> None:
    """Review 431: one number for kl read "cannot read rewards from a float ('kl')"."""
    from tailstat.goodhart import fit_overoptimization

    with pytest.raises(DataError, match=r"cannot read KL values from a float \('kl'\); pass "
                                        r"an array or a Series of them, one per policy"):
        fit_overoptimization(3.0, np.arange(6.0))
