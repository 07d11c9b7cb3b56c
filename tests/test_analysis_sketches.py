"""The sketches an analysis keeps and reads its groups from: ``tailstat/analysis_sketches.py``."""

from __future__ import annotations

import warnings

import numpy as np

import tailstat as ts


def test_a_dict_of_sketches_gets_the_keys_a_by_column_gets() -> None:
    """A review: a NaN key of a dict of sketches (groupby(dropna=False)) did not equal the
    table's NaN, so its flagged group fell out of heavy_unflagged(), explain() and the
    report; and keys 1 and "1" were one entry of to_dict()["classifications"]. The keys are
    made as for a by= column: "<NA>" for a missing key, typed labels for keys that print
    alike."""
    rng = np.random.default_rng(19)
    sk = {1.0: ts.TailSketch.from_sample(rng.normal(size=3000)),
          float("nan"): ts.TailSketch.from_sample(rng.pareto(1, 3000)),
          2.0: ts.TailSketch.from_sample(rng.pareto(1, 3000))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        r = ts.analyze(sk)
    assert r.table["group"].tolist() == [1.0, "<NA>", 2.0]
    assert r.table["heavy_flag"].tolist() == [False, True, True] and r.heavy_unflagged() == []
    assert "'<NA>' (P(heavy) = 0.98)" in r.explain()
    assert list(r.to_dict()["classifications"]) == ["1.0", "<NA>", "2.0"]
    both = {1: ts.TailSketch.from_sample(rng.normal(size=2000)),
            "1": ts.TailSketch.from_sample(rng.pareto(1, 2000))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        r2 = ts.analyze(both)
    assert list(r2.to_dict()["classifications"]) == ["1 (int)", "'1' (str)"]
    assert r2.table["group"].tolist() == ["1 (int)", "'1' (str)"]
