"""The tuner (``benchmarks/tune.py``) and the accuracy report (``benchmarks/accuracy.py``)."""

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


def test_only_the_default_grid_writes_the_published_report() -> None:
    """A quick look (``--grid none``, ``--set``) goes to /tmp, never over reports/tuning.md."""
    from benchmarks.tune import ROOT, out_dir

    assert out_dir(None, "default", []) == ROOT / "reports"
    assert out_dir(None, "none", []) == Path("/tmp/tailstat_tune")
    assert out_dir(None, "default", ["TEMPER=1.6"]) == Path("/tmp/tailstat_tune")
    assert out_dir(Path("elsewhere"), "none", []) == Path("elsewhere")


def test_accuracy_report_says_how_to_reproduce_it() -> None:
    """The report names its seed, sizes and replications (an earlier one did not)."""
    from benchmarks.accuracy import summarise

    rows = [{"case": "c", "truth": "light", "hard": False, "n": n, "rep": r, "label": "light",
             "subtype": "exponential-type", "p_heavy": 0.1, "p_light": 0.8, "p_bounded": 0.1,
             "p_true": 0.8, "seconds": 0.001} for n in (1000, 10_000) for r in range(3)]
    text = summarise(pd.DataFrame(rows), 1.0, "validation", seed=7)
    assert ("`python benchmarks/accuracy.py --suite validation --reps 3 --sizes 1000 10000 "
            "--seed 7`") in text
