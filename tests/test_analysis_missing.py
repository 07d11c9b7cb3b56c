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
    assert "the group 'a' of 'model', in column 'reward'" in msg, msg
    assert "df.dropna(subset=['reward'])" in msg and info.value.count == 1
    with pytest.raises(ts.MissingValuesError, match=r"^'reward' contains 1 missing"):
        ts.analyze(df, "reward", nan="raise")  # one sample: its name is the column's


def test_an_infinite_value_is_not_called_a_reward_where_it_is_not_one() -> None:
    """A KL value of fit_overoptimization (or a gold score) that is infinite was "an infinite
    reward ... before the tail analysis"."""
    with raises_data_error("'kl' contains 1 infinite value", "an infinite value is a bug"):
        ts.fit_overoptimization(np.array([0.1, 0.2, np.inf, 1.0, 2.0, 3.0]), np.arange(6.0))
    with raises_data_error("infinite value"):
        ts.hill(np.r_[np.arange(1.0, 100.0), np.inf])
