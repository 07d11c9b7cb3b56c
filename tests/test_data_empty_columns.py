"""An all-empty column beside the one numeric column (tailstat/data/_empty_columns.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.errors import DataError


def _latency() -> np.ndarray:
    return np.random.default_rng(0).lognormal(3.0, 1.0, 2000)


def test_an_empty_reward_column_is_not_replaced_by_another(tmp_path) -> None:
    # a review: the latencies were classified as the rewards, "heavy (0.90)", without a word
    df = pd.DataFrame({"reward": [None] * 2000, "latency_ms": _latency(), "model": "a"})
    kept = df.copy()
    with pytest.raises(DataError, match=r"'reward' holds no value at all.*'latency_ms'.*"
                                        r"column='latency_ms'"):
        ts.classify(df)
    with pytest.raises(DataError, match="'reward' holds no value"):
        ts.analyze(df, by="model")
    pd.testing.assert_frame_equal(df, kept)
    path = tmp_path / "e.jsonl"
    df[["reward", "latency_ms"]].to_json(path, orient="records", lines=True)
    with pytest.raises(DataError, match="'reward' holds no value"):
        ts.classify(str(path))
    # named, it is read
    assert ts.classify(df, column="latency_ms").n == 2000


def test_empty_columns_that_are_not_the_rewards_are_left_alone() -> None:
    x = np.random.default_rng(1).standard_normal(2000)
    # the empty column a trailing delimiter leaves, and an empty note beside rewards so named
    for df in (pd.DataFrame({"r": x, "Unnamed: 1": np.nan}),
               pd.DataFrame({"reward": x, "notes": [None] * 2000})):
        assert ts.classify(df).n == 2000
    # but an empty note beside a column not named as rewards is: which is which is unknown
    with pytest.raises(DataError, match="'notes' holds no value"):
        ts.classify(pd.DataFrame({"x": x, "notes": [None] * 2000}))
