"""An all-empty column beside the one numeric column (tailstat/data/_reward_columns.py)."""

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
    empty = [None] * 2000
    # the empty column a trailing delimiter leaves (or a re-read one's), an empty optional
    # column beside any reward column, and empty reward-like columns beside a column named
    # as rewards (a review: 'value' beside an empty 'notes', 'reward' beside an empty
    # 'return_code' or 'judge_score', 'proxy_score' beside gold not labelled yet)
    for df in (pd.DataFrame({"r": x, "Unnamed: 1": np.nan}),
               pd.DataFrame({"r": x, "Unnamed: 0.1": np.nan}),
               pd.DataFrame({"value": x, "notes": empty}),
               pd.DataFrame({"y": x, "error": empty}),
               pd.DataFrame({"reward": x, "return_code": empty, "scorer_notes": empty}),
               pd.DataFrame({"reward": x, "judge_score": empty, "reward_std": empty}),
               pd.DataFrame({"proxy_score": x, "gold_score": empty})):
        assert ts.classify(df).n == 2000


def test_blank_text_rewards_are_empty_too(tmp_path) -> None:
    # a review: JSON lines with "reward": "" had the latencies classified, exit 0
    path = tmp_path / "e.jsonl"
    pd.DataFrame({"reward": [""] * 2000, "latency_ms": _latency()}).to_json(
        path, orient="records", lines=True)
    with pytest.raises(DataError, match="'reward' holds no value at all"):
        ts.classify(str(path))


def test_the_dask_engine_s_frame_of_column_types_is_not_empty_data(tmp_path) -> None:
    # a review: the Dask engine reads the column to analyse from a frame without rows, in
    # which every column is "empty": every table whose rewards were not named as rewards
    # was refused
    import warnings

    import tailstat.dask as tdask

    path = tmp_path / "dk.parquet"
    x = np.random.default_rng(2).standard_normal(4000)
    pd.DataFrame({"prompt": ["p"] * 4000, "value": x}).to_parquet(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (dask's own under pandas 3)
        got = tdask.analyze(str(path)).to_frame()
    assert got["n"].tolist() == [4000]
