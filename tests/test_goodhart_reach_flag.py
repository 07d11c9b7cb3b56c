"""``goodhart_bon_u_1024_extrapolated`` (tailstat/analysis_goodhart.py): whether best-of-1024
lies past the sample's reach (``1024 > rows / 10``, README schema 3.13), whatever stands
there. A group read from the sample alone (too few rows for a tail model, or saturated
scores) has no row the tail model extrapolates, and the flag was False: 58 rows' maximum was
shown as best-of-1024 without the text table's ``*`` (a review)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import tailstat as ts


def _row(reward: np.ndarray) -> pd.Series:
    with warnings.catch_warnings():  # (small or few-level samples: warned, and meant)
        warnings.simplefilter("ignore", ts.DegenerateDataWarning)
        warnings.simplefilter("ignore", ts.TiesWarning)
        res = ts.analyze(pd.DataFrame({"g": "a", "reward": reward}), "reward", by="g",
                         goodhart=True)
    return res.to_frame().iloc[0]


def test_a_sample_read_alone_past_its_reach_is_flagged() -> None:
    x = np.round(np.random.default_rng(2).standard_normal(58) * 2) / 2  # N/10 = 5.8
    row = _row(x)
    # the sample's own, a lower bound: its maximum but for (57/58)^1024 = 2e-8 of mass below
    assert x.max() - 1e-7 < row["goodhart_bon_u_1024"] <= x.max()
    assert row["goodhart_bon_u_1024_extrapolated"] == True  # noqa: E712 (a numpy bool)


def test_saturated_scores_past_their_reach_are_flagged() -> None:
    # binary rewards: the repeated maximum is their ceiling, and best-of-1024 of 500 rows
    # (N/10 = 50) reads it; past the reach all the same, as the schema defines the flag
    b = (np.random.default_rng(0).uniform(size=500) < 0.3).astype(float)
    row = _row(b)
    assert row["goodhart_bon_u_1024"] == 1.0
    assert row["goodhart_bon_u_1024_extrapolated"] == True  # noqa: E712 (a numpy bool)


def test_within_the_reach_it_is_not_flagged() -> None:
    u = np.random.default_rng(3).uniform(size=20_000)  # N/10 = 2,000 >= 1024, bounded tail
    row = _row(u)
    assert row["goodhart_bon_u_1024_extrapolated"] == False  # noqa: E712 (a numpy bool)
    assert row["goodhart_bon_u_1024"] <= u.max()
