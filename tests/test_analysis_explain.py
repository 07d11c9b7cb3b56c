"""TailAnalysis.explain() (tailstat/analysis_explain.py): every group that may be heavy is
named, and the sentences agree in number."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import tailstat as ts


def _analyze(frames: list[pd.DataFrame]) -> ts.TailAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return ts.analyze(pd.concat(frames, ignore_index=True), "r", by="g")


def test_a_light_verdict_with_a_real_chance_of_heavy_is_named() -> None:
    """0.5% t(2) errors in a normal body: light with P(heavy) = 0.40, only counted among the
    light groups before."""
    r = np.random.default_rng(31)
    x = r.normal(size=20_000)
    hit = r.random(20_000) < 0.005
    x[hit] = r.standard_t(2.0, int(hit.sum()))
    frames = [pd.DataFrame({"r": x, "g": "exploit"})]
    frames += [pd.DataFrame({"r": np.random.default_rng(i).normal(size=20_000), "g": f"n{i}"})
               for i in range(4)]
    a = _analyze(frames)
    c = a.classifications["exploit"]
    assert c.label != "heavy" and 0.2 <= c.probabilities["heavy"]
    text = a.explain()
    assert f"'exploit' (P(heavy) = {c.probabilities['heavy']:.2f})" in text
    assert "'n0'" not in text  # the plainly light groups are only counted


def test_one_small_group_reads_its_verdict() -> None:
    frames = [pd.DataFrame({"r": np.random.default_rng(0).normal(size=200), "g": "small"}),
              pd.DataFrame({"r": np.random.default_rng(1).normal(size=5000), "g": "big"})]
    text = _analyze(frames).explain()
    assert "1 group has 316 values or fewer: read its verdict as leans." in text
