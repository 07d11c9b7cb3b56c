"""What an analysis says of missing and infinite values (``tailstat/analysis.py`` and the
intake's messages it passes on): a review of the package's missing-value policy (stop 60)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts


def test_a_refused_missing_reward_names_its_group_and_column() -> None:
    """``analyze(nan="raise")`` said "'a' contains 1 missing value(s)": not that 'a' is a
    group, of which column, nor how to drop the rows."""
    df = pd.DataFrame({"model": ["a"] * 100 + ["b"] * 100,
                       "reward": np.r_[np.nan, np.arange(199.0)]})
    with pytest.raises(ts.MissingValuesError) as info:
        ts.analyze(df, "reward", by="model", nan="raise")
    msg = str(info.value)
    assert "it is a group of 'model', in column 'reward'" in msg, msg
    assert "df.dropna(subset=['reward'])" in msg and info.value.count == 1
    assert msg.endswith("nan='drop'."), msg
    with pytest.raises(ts.MissingValuesError, match=r"^'reward' contains 1 missing"):
        ts.analyze(df, "reward", nan="raise")  # one sample: its name is the column's


def test_an_infinite_value_is_not_called_a_reward_where_it_is_not_one() -> None:
    """A KL value of fit_overoptimization (or a gold score) that is infinite was "an infinite
    reward ... before the tail analysis"."""
    with raises_data_error("'kl' contains 1 infinite value", "an infinite value is a bug"):
        ts.fit_overoptimization(np.array([0.1, 0.2, np.inf, 1.0, 2.0, 3.0]), np.arange(6.0))
    with raises_data_error("infinite value"):
        ts.hill(np.r_[np.arange(1.0, 100.0), np.inf])


def test_one_sample_with_gold_raises_its_problem_as_without_gold() -> None:
    """A review (stop 60): with no by=, an infinite reward raised without gold= but became a
    failed row with it; an infinite gold score, made a group's own failure this stop, no
    longer raised at all. One sample's problem is the call's, gold or not."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=2000)})
    df["g"] = df["r"] + rng.normal(size=2000)
    for column, words in (("g", "gold= column 'g' holds an infinite value"),
                          ("r", "'r' contains 1 infinite value")):
        bad = df.copy()
        bad.loc[5, column] = np.inf
        with raises_data_error(words, "row 5"):
            ts.analyze(bad, "r", gold="g")
    assert ts.analyze(df, "r", gold="g", warn=False).failures == {}
