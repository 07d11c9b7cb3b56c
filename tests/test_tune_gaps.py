"""The tuner's reliability gap of one label's probability (``benchmarks/tune.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.tune import label_gap


def test_one_labels_gap_is_seen_where_the_pooled_bins_cancel() -> None:
    """P(heavy) said 0.55 and right a fifth of the time, P(light) said 0.55 and right
    nine-tenths of the time: the same pooled bin, half and half, reads 0.55 against 0.55."""
    m = 1000
    heavy_first = np.r_[np.zeros(m // 5), np.ones(m - m // 5)]
    df = pd.DataFrame({
        "p_heavy": np.r_[np.full(m, 0.55), np.full(m, 0.05)],
        "p_light": np.r_[np.full(m, 0.40), np.full(m, 0.55)],
        "p_bounded": np.r_[np.full(m, 0.05), np.full(m, 0.40)],
        "truth": np.r_[np.where(heavy_first == 0, "heavy", "light"),
                       np.where(np.arange(m) < 0.9 * m, "light", "bounded")]})
    assert label_gap(df, "heavy") == pytest.approx(0.55 - 0.2)
    # light: said 0.55 and right 0.9 of the time, said 0.40 and right 0.8 (the larger)
    assert label_gap(df, "light") == pytest.approx(0.8 - 0.40)
    pooled_hits = np.r_[(df.truth == "heavy")[:m], (df.truth == "light")[m:]].mean()
    assert pooled_hits == pytest.approx(0.55)  # the pooled 0.5-0.6 bin: no gap
    assert np.isnan(label_gap(df.iloc[:50], "heavy"))  # no bin of 100
