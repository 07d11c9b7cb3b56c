"""The sketches an analysis keeps and reads its groups from: ``tailstat/analysis_sketches.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

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


def test_the_sketches_an_analysis_holds_are_read_only_and_the_callers_are_not() -> None:
    """A review: ``res.sketches[k].update(...)`` grew the analysis' own sketch in place: the
    table still said n = 9983 and light while the saved form and the report's figures read
    n = 59983. The caller's sketch stays theirs, and a copy can be carried on."""
    import pickle

    import pytest

    rng = np.random.default_rng(0)
    mine = ts.TailSketch(name="a").update(rng.normal(size=5000))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze({"a": mine})
        rows = ts.analyze(rng.normal(size=3000))
    for held in (res.sketches["a"], rows.sketches["x"],
                 pickle.loads(pickle.dumps(res)).sketches["a"],
                 ts.read_analysis(res.to_json()).sketches["a"]):
        with pytest.raises(ts.DataError, match=r"read-only.*copy\(\)"):
            held.update([1.0])
        with pytest.raises(ts.DataError, match=r"read-only.*copy\(\)"):
            held.name = "renamed"
        assert held.n in (5000, 3000)
        grown = held.copy().update([1.0])
        assert grown.n == held.n + 1
    assert mine.update([2.0]).n == 5001  # the caller's own sketch, untouched by analyze
    assert res.sketches["a"].n == 5000


@pytest.mark.parametrize("seed", [15, 16, 17])
def test_rounded_scores_classify_in_an_analysis_as_classify_does(seed: int) -> None:
    """A review: N(0, 1) rounded to 0.5 read "uncertain — leaning light (0.62)" in analyze
    and "uncertain — leaning bounded (0.55)" by classify: the analysis gave the classifier
    the top k_for(n) values only, so the run of ties its window cuts was estimated."""
    x = np.round(np.random.default_rng(seed).normal(size=1000) * 2) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        alone = ts.classify(x)
        grouped = ts.analyze(pd.DataFrame({"m": "m", "r": x}), "r", by="m").classifications["m"]
    assert grouped.probabilities == alone.probabilities
    assert grouped.theta == alone.theta and grouped.verdict == alone.verdict
