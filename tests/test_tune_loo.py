"""The leave-one-member-out instrument of the tuner (``benchmarks/_loo.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _loo
from benchmarks._tune_cache import posterior_batch
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


def _draws(j: int) -> dict:
    """Three exact draws of member ``j`` at each of two sizes; one draw has an unusable
    feature and one an undefined ``xi_span`` (their own groups in the batched posterior)."""
    parts = []
    for n, seed in ((10_000, 1), (100_000, 2)):
        desc = simulate_top(LIBRARY[j][3], n, k_for(n) + 1, 3, np.random.default_rng(seed))
        parts.append((features(desc, n), local_features(desc, n), span_feature(desc, n),
                      np.full(3, n)))
    f, t, s, n = (np.concatenate(p) for p in zip(*parts, strict=True))
    f[1, 2] = np.nan
    s[4] = np.nan
    return {"f": f, "t": t, "s": s, "n": n, "member": np.full(n.size, j)}


def _clear() -> None:
    L.clear_caches()


def test_loo_probabilities_equal_the_scalar_posterior_without_the_member(
        monkeypatch: pytest.MonkeyPatch) -> None:
    j = 3
    cache = _draws(j)
    probs = _loo.loo_probabilities(cache)
    assert np.all(np.isfinite(probs))
    # the reference: the scalar posterior with the member taken out of everything it enters
    # (its prior weight, its label's xi_span mixture, the pooled "any tail" law)
    w = np.exp(_loo._prior_without(j))
    span, broad = L.span_loglik, L._broad_factors
    monkeypatch.setattr(L, "prior_weights", lambda: w)
    monkeypatch.setattr(L, "span_loglik", lambda s, n: span(s, n, j))
    monkeypatch.setattr(L, "_broad_factors", lambda ok, local: broad(ok, local, j))
    for i in range(cache["n"].size):
        with np.errstate(divide="ignore"):  # log of the member's zero weight
            post = L.posterior(cache["f"][i], int(cache["n"][i]), cache["t"][i],
                               s=float(cache["s"][i]))
        assert probs[i] == pytest.approx([post.labels[lab] for lab in L.LABELS], abs=1e-10)
    scores = _loo.loo_scores(cache, probs, min_bin=1)
    assert 0 <= scores["loo_three_1e4"] <= 1 and 0 <= scores["loo_three_1e5"] <= 1
    assert 0 <= scores["loo_relgap_max"] <= 1


def test_the_held_out_member_cannot_move_its_own_probabilities() -> None:
    """Left out means left out: moving the member's own reference entries (its feature laws
    in all three tables) leaves its leave-one-out probabilities exactly as they were."""
    j = 3
    cache = _draws(j)
    before = _loo.loo_probabilities(cache)
    args = (cache["f"], cache["t"], cache["n"], cache["s"])
    kept_before = posterior_batch(*args)[1][:, j]  # the member's weight, not left out
    tabs = (L.table().mean, L.local_table().mean, L.span_table().mean)
    saved = [a[j].copy() for a in tabs]
    try:
        for a in tabs:
            a[j] += 0.7
        _clear()
        after = _loo.loo_probabilities(cache)
        kept_after = posterior_batch(*args)[1][:, j]
    finally:
        for a, old in zip(tabs, saved, strict=True):
            a[j] = old
        _clear()
    np.testing.assert_allclose(after, before, rtol=0, atol=1e-12)
    # ...while in the ordinary posterior, which keeps the member, its weight moves
    assert np.max(np.abs(kept_after - kept_before)) > 0.05


def test_clear_caches_forgets_the_uniform_share_of_the_subtypes() -> None:
    """A patched UNIFORM_MIX reaches the subtype probabilities (whose uniform share is cached),
    and an undone patch leaves no trace: labels and subtypes each sum to 1."""
    import tailstat as ts

    x = np.random.default_rng(0).pareto(2.0, 5000)
    before = ts.classify(x, warn=False)
    old = L.UNIFORM_MIX
    try:
        L.UNIFORM_MIX = 0.3
        L.clear_caches()
        c = ts.classify(x, warn=False)
        assert sum(c.subtype_probabilities.values()) == pytest.approx(1.0, abs=1e-12)
        assert sum(c.probabilities.values()) == pytest.approx(1.0, abs=1e-12)
    finally:
        L.UNIFORM_MIX = old
        L.clear_caches()
    after = ts.classify(x, warn=False)
    assert after.subtype_probabilities == before.subtype_probabilities
