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
from scipy import optimize, special, stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

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
    with classifier_limits.discrepancy(np.diag(np.full(L.DISCREPANCY.size, 0.5**2))):
        other, _ = _tune_cache.posterior_batch(d["f"], d["t"], d["n"], d["s"])
    assert L._factors is factors
    np.testing.assert_allclose(same, base, rtol=0, atol=1e-12)
    assert np.max(np.abs(other - base)) > 0.01  # the matrix is what the posterior reads
    again, _ = _tune_cache.posterior_batch(d["f"], d["t"], d["n"], d["s"])
    np.testing.assert_array_equal(again, base)


def test_discrepancy_matrix_off_diagonal_reaches_the_member_laws() -> None:
    # a member's law is a multivariate t with scale (cov + D) (nu - 2) / nu: checked against
    # scipy with a D whose off-diagonal entries matter (the structured experiment)
    n = L._n_key(10_000)
    f = _draws("gumbel", 10_000, 1)["f"][0]
    xi = classifier_limits.XI
    mat = 0.05**2 * np.eye(xi.size) + 0.1**2 * (np.outer(xi, xi) + np.outer(~xi, ~xi))
    mean, cov = L._at_n(n)
    with classifier_limits.discrepancy(mat):
        got = L.member_loglik(f, n, np.ones(xi.size, dtype=bool))
    for m in (0, 17, len(mean) - 1):
        ref = stats.multivariate_t(loc=mean[m], shape=(cov[m] + mat) * (L.NU - 2) / L.NU,
                                   df=L.NU).logpdf(f)
        assert got[m] == pytest.approx(ref, abs=1e-5)


def test_spacing_profile_is_free_of_location_and_scale() -> None:
    n = 10_000
    desc = np.sort(np.random.default_rng(0).standard_t(3, n))[::-1][: k_for(n) + 1]
    a = classifier_limits.spacing_profile(desc, n)
    b = classifier_limits.spacing_profile(-7.5 + 1e-3 * desc, n)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    assert a.shape == (int(math.log2(k_for(n))),)


def test_spacing_profile_blocks_by_hand() -> None:
    n = 10_000
    c = k_for(n)
    desc = np.sort(np.random.default_rng(5).lognormal(size=n))[::-1][: c + 1]
    d = np.arange(1, c + 1) * (desc[:c] - desc[1:])
    edges = [2**j for j in range(int(math.log2(c)) + 1)] + [c + 1]  # blocks [1], [2, 3], ...
    logm = [math.log(d[a - 1:b - 1].mean() / d.mean() + 1e-6)
            for a, b in itertools.pairwise(edges)]
    np.testing.assert_allclose(classifier_limits.spacing_profile(desc, n), np.diff(logm),
                               rtol=0, atol=1e-12)


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


def _evidence_by_hand(f: np.ndarray, t: np.ndarray, s: float, n: int,
                      exclude: int | None = None) -> float:
    """The log evidence from the scalar functions of ``_likelihood``, power 1."""
    prior = np.log(L.prior_weights()) if exclude is None else \
        classifier_limits._prior_without(exclude)
    ok, okt = np.isfinite(f), np.isfinite(t)
    broad_t = L._t_loglik(t[okt], L._broad_factors(tuple(okt.tolist()), True, exclude))[0]
    broad_f = L._t_loglik(f[ok], L._broad_factors(tuple(ok.tolist()), False, exclude))[0]
    log_a = math.log(1 - L.P_TOP_COMPONENT) + L.member_loglik(f, n, ok) + prior + broad_t
    sizes = L.effective_sizes(n)
    top = np.stack([L.member_loglik(t, int(m), okt, local=True) for m in sizes])
    log_b = (math.log(L.P_TOP_COMPONENT) + top + prior - math.log(sizes.size)
             + L.span_loglik(s, n, exclude) + broad_f)
    return float(special.logsumexp(np.logaddexp(log_a, special.logsumexp(log_b, axis=0))))


@pytest.mark.parametrize(("name", "exclude"), [("gumbel", None), ("t(df=3.0)", 5)])
def test_log_evidence_equals_the_scalar_computation(name: str, exclude: int | None) -> None:
    n = 10_000
    d = _draws(name, n, 3)
    prior = None if exclude is None else classifier_limits._prior_without(exclude)
    ev = classifier_limits.log_evidence(d["f"], d["t"], d["n"], d["s"], prior=prior,
                                        exclude=exclude)
    for i in range(3):
        ref = _evidence_by_hand(d["f"][i], d["t"][i], float(d["s"][i]), n, exclude)
        assert ev[i] == pytest.approx(ref, abs=1e-9)


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


def test_library_draws_weigh_each_label_a_third_and_follow_the_seed() -> None:
    x, y, w = classifier_limits.library_draws(10_000, 2, seed=0)
    for j in range(3):
        assert w[y == j].sum() == pytest.approx(1 / 3, abs=1e-12)
    again, _, _ = classifier_limits.library_draws(10_000, 2, seed=0)
    other, _, _ = classifier_limits.library_draws(10_000, 2, seed=1)
    np.testing.assert_array_equal(again, x)
    assert np.mean(np.isclose(other, x)) < 0.05  # fresh draws are other samples


def test_accuracy_by_hand() -> None:
    p = np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.5, 0.1, 0.4]])
    y = np.array([0, 2, 2, 1])  # right, light-for-bounded, right, heavy-for-light
    assert classifier_limits._accuracy(p, y) == (0.75, 0.5)
    heavy, three = classifier_limits._accuracy(p, y, np.array([1.0, 1.0, 1.0, 3.0]))
    assert (heavy, three) == (pytest.approx(3 / 6), pytest.approx(2 / 6))
