"""A CSV's column of decimals named as the groups (``by=``) that the check of spellings
(``tailstat/data/_csv_keys.py``) did not read whole is said: as numbers, '1.1' and '1.10' are
one key (review 413: 51 versions read as 46 groups, without a word)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts


def _versions(path: Path, count: int) -> Path:
    names = [f"1.{i}" for i in range(1, count + 1)]
    rng = np.random.default_rng(0)
    pd.DataFrame({"version": np.repeat(names, 200),
                  "reward": rng.standard_t(3, count * 200)}).to_csv(path, index=False)
    return path


def test_many_versions_as_keys_are_said(tmp_path: Path) -> None:
    path = _versions(tmp_path / "v.csv", 51)
    with pytest.warns(ts.InputWarning, match=r"by= column 'version' of a CSV holds decimals "
                                             r"read as numbers .*'1\.1' and '1\.10' are one "
                                             r"key.*dtype=\{'version': str\}"):
        res = ts.analyze(path, "reward", by="version", warn=False)
    assert len(res.table) == 46  # (what the warning is about)


def test_few_versions_are_read_as_text_and_scores_are_not_warned_of(tmp_path: Path) -> None:
    path = _versions(tmp_path / "v.csv", 30)  # checked: read as text, with its own warning
    with pytest.warns(ts.InputWarning, match="one number written two ways"):
        res = ts.analyze(path, "reward", by="version", warn=False)
    assert len(res.table) == 30
    rng = np.random.default_rng(1)
    pd.DataFrame({"step": np.repeat(np.arange(60), 100),
                  "reward": rng.normal(size=6000)}).to_csv(tmp_path / "s.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ts.InputWarning)  # whole-number keys, float scores
        ts.analyze(tmp_path / "s.csv", "reward", by="step", warn=False)
