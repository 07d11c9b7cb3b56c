"""Ties off any grid may be copied rows or real repeats: the advice drops copied rows, never
equal scores of distinct records (review 419: the Danish losses' real repeats were to be
dropped, and ``Series.drop_duplicates`` on the scores took 519 of 2,167 losses)."""

from __future__ import annotations

import warnings

import numpy as np

import tailstat as ts
from tailstat import datasets


def test_the_danish_losses_repeats_are_not_to_be_dropped_as_scores() -> None:
    loss = datasets.load("danish")["loss_mDKK"]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        ts.hill(loss, k=300)
    said = [str(w.message) for w in seen if issubclass(w.category, ts.TiesWarning)]
    assert len(said) == 1 and "lie on no grid" in said[0]
    assert "not on the scores" in said[0] and "distinct records are data" in said[0]
    assert "drop the duplicated rows (e.g." not in said[0]


def test_classify_says_the_same_of_ties_off_any_grid() -> None:
    rng = np.random.default_rng(7)
    x = rng.standard_normal(20_000)
    x = np.concatenate([x, rng.choice(x, 6_000, replace=False)])  # 30% of rows twice
    c = ts.classify(x, warn=False)
    note = next(w for w in c.warnings if "order statistics are tied" in w)
    assert "lie on no grid" in note and "not on the scores" in note


def test_rows_repeated_whole_are_still_told_to_drop_the_duplicates() -> None:
    x = np.random.default_rng(201).weibull(0.5, 10_000)
    c = ts.classify(np.tile(x, 5), warn=False)
    assert any(w.endswith("drop the duplicated rows (e.g. DataFrame.drop_duplicates) and "
                          "classify again") for w in c.warnings)
