"""Tied scores on a grid or on none (tailstat/data/grid.py), and the words the ties get."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat.data.grid import ties_off_grid


def _desc(x: np.ndarray) -> np.ndarray:
    return np.sort(x)[::-1]


def _some_rows_twice(seed: int = 5, n: int = 10_000, share: float = 0.3) -> np.ndarray:
    r = np.random.default_rng(seed)
    x = r.normal(size=n)
    return np.concatenate([x, r.choice(x, int(share * n), replace=False)])


def test_continuous_scores_that_tie_are_copies_and_rounded_scores_are_not() -> None:
    r = np.random.default_rng(0)
    assert ties_off_grid(_desc(_some_rows_twice()))
    assert not ties_off_grid(_desc(np.round(r.normal(size=5000), 2)))
    assert not ties_off_grid(_desc(r.poisson(5, 5000).astype(float)))
    assert not ties_off_grid(_desc(r.normal(size=5000)))  # no ties at all
    # one far value above rounded scores is not tied: it does not hide their grid
    x = np.round(r.standard_t(3, 5000), 2) + 10
    x[0] = 1e14
    assert not ties_off_grid(_desc(x))


def test_a_share_of_duplicated_rows_is_not_called_discretised_rewards() -> None:
    """Review 400: 30% of 10,000 continuous rows repeated were "24% of the top 553 order
    statistics are tied (discretised rewards)", with no word of the copies (only rows
    repeated all alike, every one twice, were said to be duplicated)."""
    x = _some_rows_twice()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        c = ts.classify(x)
    (note,) = [w for w in c.warnings if "order statistics are tied" in w]
    assert "duplicated rows? the tied values lie on no grid" in note
    assert "discretised" not in note and "drop_duplicates" in note
    with pytest.warns(ts.TiesWarning) as got:
        ts.upper_tail(x, k_max=600).warn_ties(550)
    msg = " ".join(str(w.message) for w in got)
    assert "duplicated rows? the tied values lie on no grid" in msg
    assert "discretised" not in msg
    rounded = np.round(np.random.default_rng(1).normal(size=13_000), 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        notes = " ".join(ts.classify(rounded).warnings)
    assert "tied (discretised rewards)" in notes and "duplicated" not in notes
    assert "(discretised rewards?)" in ts.upper_tail(rounded, k_max=600).ties_note(550)


def test_discrete_scores_on_no_regular_grid_are_not_called_copies() -> None:
    """Review 405: log and square roots of counts (55 levels for 20,000 rows, long runs) lie
    on no regular grid, and were told to drop their "duplicated rows"."""
    r = np.random.default_rng(0)
    for x in (np.log1p(r.poisson(50, 20_000)), np.sqrt(r.poisson(50, 20_000))):
        assert not ties_off_grid(_desc(x)[:800])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            (note,) = [w for w in ts.classify(x).warnings if "are tied" in w]
        assert "(discretised rewards)" in note and "drop_duplicates" not in note
    for share in (0.3, 0.6, 0.9):  # copies of continuous scores, some rows or most
        assert ties_off_grid(_desc(_some_rows_twice(share=share))[:700])
