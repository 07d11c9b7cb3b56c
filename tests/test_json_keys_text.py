"""JSON strings that a number would not write back (``tailstat/data/_json_values.py``): a
column of them stays text, so keys keep their labels."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import tailstat as ts
from tailstat.data import read_table


def _write(path: Path, keys: list[str], rewards: list[object]) -> None:
    path.write_text("".join(json.dumps({"v": k, "reward": r}) + "\n"
                            for k, r in zip(keys, rewards, strict=True)), encoding="utf-8")


def test_version_keys_keep_their_text(tmp_path: Path) -> None:
    """Review 443: the JSON keys "1.10" and "1.9" were grouped and printed as 1.1 and 1.9 (the
    same frame in memory or as Parquet keeps "1.10"); JSON strings say they are text."""
    rng = np.random.default_rng(0)
    path = tmp_path / "k.jsonl"
    _write(path, ["1.10", "1.9"] * 1000, list(rng.normal(size=2000)))
    assert read_table(path)["v"].tolist()[:2] == ["1.10", "1.9"]
    table = ts.analyze(path, "reward", by="v", warn=False).table
    assert table["group"].tolist() == ["1.10", "1.9"] and table["n"].tolist() == [1000, 1000]


def test_rewards_written_so_are_still_read_as_numbers(tmp_path: Path) -> None:
    """Rewards written as text with a fixed number of places ("0.50" beside "1.23": a format,
    not a label) are read as numbers, as before."""
    x = np.round(np.random.default_rng(1).normal(size=2000) * 100, 2)  # few ties
    path = tmp_path / "r.jsonl"
    _write(path, ["a"] * 2000, [f"{v:.2f}" for v in x])
    column = read_table(path)["reward"]
    assert column.dtype.kind == "f"
    got = ts.classify(column)
    want = ts.classify(x)
    assert got.probabilities == want.probabilities and got.n == 2000
