"""The note on a targets' unit (the sd) set by a few scores far below the rest
(tailstat/goodhart/_clauses.py, ``sd_note``)."""

from __future__ import annotations

import warnings

import numpy as np

from tailstat.goodhart import goodhart_summary


def _notes(x: np.ndarray) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [w for w in goodhart_summary(x).warnings if "middle half" in w]


def test_an_sd_set_by_low_outliers_is_said() -> None:
    """A review: 1% of scores far below a normal body made the sd 6.3 times the body's, and
    the verdict's "3 sd above today's" a target of 18.5, past the sample's maximum 3.67,
    without a word."""
    rng = np.random.default_rng(29)
    x = rng.standard_normal(20_000)
    bad = rng.random(20_000) < 0.01
    x[bad] -= rng.pareto(1.2, int(bad.sum())) * 10
    (note,) = _notes(x)
    assert "6.3 times the spread of its middle half" in note and "far below" in note
    # scaled far up, the same (no square overflows)
    assert len(_notes(x * 1e300)) == 1


def test_ordinary_and_symmetric_heavy_scores_are_not_noted() -> None:
    rng = np.random.default_rng(3)
    for x in (rng.normal(size=20_000), -rng.exponential(size=20_000),
              rng.standard_t(2, 20_000), rng.lognormal(0, 2, 20_000)):
        assert _notes(x) == []
