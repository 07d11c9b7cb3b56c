"""The leave-one-member-out instrument of the tuner (``benchmarks/_loo.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _loo
from tailstat.classification import _likelihood as L
from tailstat.classification._features import (
    features,
    k_for,
    local_features,
    span_feature,
)
from tailstat.classification.calibrate import LIBRARY, simulate_top


@pytest.mark.parametrize("j", [0, 30, len(LIBRARY) - 1])
def test_prior_without_a_member_keeps_the_label_and_subtype_masses(j: int) -> None:
    tab = L.table()
    w = np.exp(_loo._prior_without(j))
    assert w[j] == 0
    assert w.sum() == pytest.approx(1.0)
    base = L.prior_weights()
    for sub in set(tab.subtypes):
        sel = tab.subtypes == sub
        assert w[sel].sum() == pytest.approx(base[sel].sum())


def test_loo_probabilities_equal_the_scalar_posterior_without_the_member(
        monkeypatch: pytest.MonkeyPatch) -> None:
    j, n = 3, 10_000
    desc = simulate_top(LIBRARY[j][3], n, k_for(n) + 1, 4, np.random.default_rng(1))
    cache = {"f": features(desc, n), "t": local_features(desc, n), "s": span_feature(desc, n),
             "n": np.full(4, n), "member": np.full(4, j)}
    probs = _loo.loo_probabilities(cache)
    w = np.exp(_loo._prior_without(j))
    monkeypatch.setattr(L, "prior_weights", lambda: w)
    for i in range(4):
        with np.errstate(divide="ignore"):  # log of the member's zero weight
            post = L.posterior(cache["f"][i], n, cache["t"][i], s=float(cache["s"][i]))
        assert probs[i] == pytest.approx([post.labels[lab] for lab in L.LABELS], abs=1e-10)
    scores = _loo.loo_scores(cache, probs, min_bin=1)
    assert 0 <= scores["loo_three_1e4"] <= 1
    assert 0 <= scores["loo_relgap_max"] <= 1
