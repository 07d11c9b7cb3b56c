"""The stop-34 classifier experiments (``benchmarks/classifier_limits.py``): the patched
discrepancy reproduces the shipped posterior and is undone, the spacing profile is free of
location and scale and centred on exponential spacings, the log evidence is low for
features no member explains, and the softmax fit has the gradient it claims."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, special

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _tune_cache, classifier_limits
from tailstat.classification import _likelihood as L
from tailstat.classification._features import features, k_for, local_features, span_feature
from tailstat.classification.calibrate import LIBRARY, simulate_top


def _draws(name: str, n: int, reps: int, seed: int = 3) -> dict[str, np.ndarray]:
    dist = next(m[3] for m in LIBRARY if m[2] == name)
    desc = simulate_top(dist, n, k_for(n) + 1, reps, np.random.default_rng(seed))
    return {"f": features(desc, n), "t": local_features(desc, n), "s": span_feature(desc, n),
            "n": np.full(reps, n)}


def test_shipped_discrepancy_matrix_reproduces_the_posterior_and_is_undone() -> None:
    d = _draws("normal", 10_000, 8)
    base, _ = _tune_cache.posterior_batch(d["f"], d["t"], d["n"], d["s"])
    factors = L._factors
    with classifier_limits.discrepancy(np.diag(L.DISCREPANCY**2)):
        same, _ = _tune_cache.posterior_batch(d["f"], d["t"], d["n"], d["s"])
        wide = np.diag(np.full(L.DISCREPANCY.size, 0.5**2))
    with classifier_limits.discrepancy(wide):
        other, _ = _tune_cache.posterior_batch(d["f"], d["t"], d["n"], d["s"])
    assert L._factors is factors
    np.testing.assert_allclose(same, base, rtol=0, atol=1e-12)
    assert np.max(np.abs(other - base)) > 0.01  # the matrix is what the posterior reads
    again, _ = _tune_cache.posterior_batch(d["f"], d["t"], d["n"], d["s"])
    np.testing.assert_array_equal(again, base)  # nothing cached from the patched laws


def test_spacing_profile_is_free_of_location_and_scale() -> None:
    n = 10_000
    desc = np.sort(np.random.default_rng(0).standard_t(3, n))[::-1][: k_for(n) + 1]
    a = classifier_limits.spacing_profile(desc, n)
    b = classifier_limits.spacing_profile(-7.5 + 1e-3 * desc, n)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    assert a.shape == (int(math.log2(k_for(n))),)


def test_spacing_profile_of_exponential_tails_is_flat() -> None:
    # Normalised spacings of exponential order statistics are i.i.d. Exp(1) (Renyi), so each
    # block's log mean estimates 0 up to a bias of order 1/(block size); the deep blocks, of
    # hundreds of spacings, must sit at 0 within four standard errors over 400 draws.
    n, reps = 10_000, 400
    dist = next(m[3] for m in LIBRARY if m[2] == "exponential")
    desc = simulate_top(dist, n, k_for(n) + 1, reps, np.random.default_rng(1))
    prof = classifier_limits.spacing_profile(desc, n)
    mean, se = prof.mean(axis=0), prof.std(axis=0, ddof=1) / math.sqrt(reps)
    deep = slice(5, None)  # blocks of 32 spacings and more
    assert np.all(np.abs(mean[deep]) < 4 * se[deep] + 1e-3)
    gpd = next(m[3] for m in LIBRARY if m[2] == "gpd(xi=0.5)")
    heavy = classifier_limits.spacing_profile(
        simulate_top(gpd, n, k_for(n) + 1, reps, np.random.default_rng(2)), n).mean(axis=0)
    # E D_i grows like i^(-xi): each dyadic step lowers the log mean by about xi log 2
    np.testing.assert_allclose(heavy[deep], -0.5 * math.log(2), atol=0.06)


def test_log_evidence_is_low_for_features_no_member_explains() -> None:
    d = _draws("normal", 10_000, 20)
    ev = classifier_limits.log_evidence(d["f"], d["t"], d["n"], d["s"])
    far = classifier_limits.log_evidence(d["f"] + 2.0, d["t"] + 2.0, d["n"], d["s"] + 2.0)
    assert np.all(np.isfinite(ev))
    assert np.all(far < ev - 20)


def test_log_evidence_normalises_the_untempered_member_posterior() -> None:
    d = _draws("gumbel", 10_000, 5)
    ev = classifier_limits.log_evidence(d["f"], d["t"], d["n"], d["s"])
    # at power 1 the posterior's weights are exp(lw - evidence): the whole-sample reading's
    # share of the best member is bounded by exp(its joint log density - evidence)
    prior = np.log(L.prior_weights())
    whole = _tune_cache._member_batch(d["f"], 10_000, np.ones(d["f"].shape[1], bool), False)
    broad = _tune_cache._broad_batch(d["t"], np.ones(d["t"].shape[1], bool), True)
    part = math.log(1 - L.P_TOP_COMPONENT) + whole + prior + broad[:, None]
    assert np.all(special.logsumexp(part, axis=1) <= ev + 1e-9)


def test_softmax_gradient_and_fit() -> None:
    rng = np.random.default_rng(4)
    a = np.column_stack([np.ones(60), rng.normal(size=(60, 3))])
    y = rng.integers(3, size=60)
    onehot, w = np.eye(3)[y], np.full(60, 1 / 60)
    theta = rng.normal(size=12)
    err = optimize.check_grad(lambda t: classifier_limits.softmax_loss(t, a, onehot, w, 2.0)[0],
                              lambda t: classifier_limits.softmax_loss(t, a, onehot, w, 2.0)[1],
                              theta)
    assert err < 1e-6
    # three separated clusters are learned
    centres = np.array([[3, 0], [0, 3], [-3, -3]])
    lab = rng.integers(3, size=600)
    x = centres[lab] + rng.normal(size=(600, 2))
    design = np.column_stack([np.ones(600), x])
    coef = classifier_limits.fit_softmax(design, lab, np.ones(600), 1.0)
    assert np.mean((design @ coef).argmax(axis=1) == lab) > 0.97


@pytest.mark.parametrize("n", [10_000])
def test_library_draws_weigh_each_label_a_third(n: int) -> None:
    _, y, w = classifier_limits.library_draws(n, 2, seed=0)
    for j in range(3):
        assert w[y == j].sum() == pytest.approx(1 / 3, abs=1e-12)
