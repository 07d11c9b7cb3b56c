"""The classifier's span feature ``xi_span`` and its label-pooled likelihood.

``tailstat/classification/_features.py`` (``span_feature``) and
``tailstat/classification/_likelihood.py`` (``span_loglik``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

import tailstat as ts
from tailstat.classification import _likelihood as L
from tailstat.classification._features import (
    FEATURE_CLIP,
    SPAN_FEATURE,
    centre_depth,
    k_for,
    span_feature,
    top_levels,
)


def _exact_top(isf, n: int, reps: int, rng: np.random.Generator) -> np.ndarray:
    """Exact top ``k_for(n) + 1`` order statistics (Rényi), descending, ``(reps, k + 1)``."""
    m = k_for(n) + 1
    gam = np.cumsum(rng.exponential(size=(reps, m)), axis=1)
    total = gam[:, -1] + rng.gamma(n + 1 - m, size=reps)
    return isf(gam / total[:, None])


def _blocks(n: int) -> tuple[int, int, float]:
    c, k4 = centre_depth(n), top_levels(n)[0]
    i = np.arange(1, c + 1)
    gap = np.mean(np.log(i[c // 2:])) - np.mean(np.log(i[:k4]))
    return k4, c - c // 2, float(gap)


@pytest.mark.parametrize("n", [200, 10_000, 1_000_000])
def test_exponential_tail_matches_its_closed_form(n: int) -> None:
    # For an exponential sample the normalised spacings are exactly iid Exp(1) (Rényi), so
    # xi_span = log(mean of k4 / mean of m Exp(1)) / gap, with E log(mean of m) = ψ(m) - log m
    # and Var log(mean of m) = ψ'(m).
    rng = np.random.default_rng(11)
    reps = 4000
    # in chunks of 500 draws: at n = 10^6 one (4000, k + 1) block took 4 GB of memory
    s = np.concatenate([span_feature(_exact_top(lambda p: -np.log(p), n, 500, rng), n)
                        for _ in range(reps // 500)])
    k4, m, gap = _blocks(n)
    mean = (special.digamma(k4) - math.log(k4) - special.digamma(m) + math.log(m)) / gap
    sd = math.sqrt(special.polygamma(1, k4) + special.polygamma(1, m)) / gap
    assert abs(s.mean() - mean) < 4 * sd / math.sqrt(reps)
    assert s.std() == pytest.approx(sd, rel=4 / math.sqrt(2 * reps))


@pytest.mark.parametrize("xi", [0.25, 0.5, 1.0])
def test_power_law_reads_its_shape(xi: float) -> None:
    # GPD(ξ): E D_i ∝ (n/i)^ξ, so xi_span estimates ξ up to a small Jensen bias of the top
    # block (computed here from the exact block means of i^-ξ).
    n, reps = 100_000, 400
    rng = np.random.default_rng(3)
    s = span_feature(_exact_top(lambda p: (p ** -xi - 1) / xi, n, reps, rng), n)
    k4, _, gap = _blocks(n)
    c = centre_depth(n)
    i = np.arange(1, c + 1, dtype=float)
    expected = (math.log(np.mean(i[:k4] ** -xi)) - math.log(np.mean(i[c // 2:] ** -xi))) / gap
    assert abs(np.median(s) - expected) < 4 * 1.25 * s.std() / math.sqrt(reps)
    # the bias is upward and small where the label is at stake (0.13 at ξ = 1)
    assert 0 < expected - xi < (0.05 if xi <= 0.5 else 0.15)


def test_location_scale_and_sign() -> None:
    rng = np.random.default_rng(5)
    n = 20_000
    desc = np.sort(rng.pareto(1.5, n))[::-1][: k_for(n) + 1]
    base = span_feature(desc, n)
    assert span_feature(-40.0 + 1e-3 * desc, n) == pytest.approx(base, abs=1e-9)
    assert base > 0.3
    # a light mixture with a narrow upper component: power-law-like at moderate depth, but
    # the top spacings return to the component's (light) scale
    x = np.where(rng.random(n) < 0.03, rng.normal(3.5, 0.4, n), rng.normal(size=n))
    assert span_feature(np.sort(x)[::-1][: k_for(n) + 1], n) < 0


def test_ties_clip_and_constant_body_is_nan() -> None:
    n = 1000
    c = k_for(n)
    tied_top = np.concatenate([np.full(20, 5.0), np.linspace(4.0, 0.0, c + 1 - 20)])
    assert span_feature(tied_top, n) == -FEATURE_CLIP
    flat_body = np.concatenate([np.linspace(9.0, 5.0, 10), np.full(c + 1 - 10, 1.0)])
    assert np.isnan(span_feature(flat_body, n))


def test_label_law_ratios_average_to_one() -> None:
    # span_loglik is log(label law / mean of the three label laws): exp averages to 1 over
    # the labels, and a NaN feature is ignored (zeros).
    labels = L.table().labels
    for n in (300, 10_000, 3_000_000):
        for s in (-1.0, -0.1, 0.0, 0.3, 1.2, FEATURE_CLIP):
            r = L.span_loglik(s, n)
            per = [r[labels == lab][0] for lab in L.LABELS]
            assert np.all(r[labels == "heavy"] == per[0])
            assert special.logsumexp(per) - math.log(3) == pytest.approx(0.0, abs=1e-12)
    assert np.all(L.span_loglik(math.nan, 10_000) == 0)
    # the sign follows the label: a clearly positive span favours heavy, a negative one not
    pos, neg = L.span_loglik(0.6, 10_000), L.span_loglik(-0.4, 10_000)
    assert pos[labels == "heavy"][0] > max(pos[labels == "light"][0], pos[labels == "bounded"][0])
    assert neg[labels == "heavy"][0] < min(neg[labels == "light"][0], neg[labels == "bounded"][0])


@pytest.mark.parametrize(("n", "s"), [(23_456, 0.1), (3_000_000, -0.4), (777, 0.9)])
def test_span_loglik_is_the_label_mixture_of_student_t_laws(n: int, s: float) -> None:
    """An independent computation of what ``span_loglik`` documents: at n (rounded to 0.02
    in log10 n, clamped to the grid), each member's law is a Student t (nu = NU) with the
    member's mean and variance interpolated linearly in log10 n, plus SPAN_DISCREPANCY^2 of
    variance; a label's law is the equal mixture over its members; the value is the log of
    the label's density over the mean of the three label densities."""
    from scipy import stats

    tab = L.span_table()
    n_eff = round(10 ** (round(math.log10(n) / 0.02) * 0.02))
    g = min(max(math.log10(n_eff), tab.log10_n[0]), tab.log10_n[-1])
    mean = np.array([np.interp(g, tab.log10_n, row) for row in tab.mean])
    var = np.array([np.interp(g, tab.log10_n, row) for row in tab.var])
    scale = np.sqrt((var + L.SPAN_DISCREPANCY ** 2) * (L.NU - 2) / L.NU)  # sd = the law's sd
    dens = stats.t.pdf(s, df=L.NU, loc=mean, scale=scale)
    label_dens = {lab: dens[tab.labels == lab].mean() for lab in L.LABELS}
    ref = np.mean(list(label_dens.values()))
    expected = np.log([label_dens[lab] / ref for lab in tab.labels])
    np.testing.assert_allclose(L.span_loglik(s, n), expected, rtol=0, atol=1e-10)


def test_the_span_is_scale_free_to_the_float_maximum() -> None:
    """Near the float maximum (t(3) times 1e306: top values about 1e308) the spacings and
    their sums once overflowed, the classifier's probabilities drifted (0.975 to 0.948) and
    numpy warned; the feature is computed in units of a power of two, which is exact."""
    import warnings

    x = np.random.default_rng(0).standard_t(3, 10_000)
    ref = ts.classify(x)
    for scale in (1e306, 1e-300):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            c = ts.classify(x * scale)
        assert c.features["xi_span"] == pytest.approx(ref.features["xi_span"], rel=1e-14)
        for lab in ("heavy", "light", "bounded"):
            assert c.probabilities[lab] == pytest.approx(ref.probabilities[lab], rel=1e-9)


def test_classify_reports_the_span_and_a_sketch_gives_the_same() -> None:
    rng = np.random.default_rng(9)
    x = rng.standard_t(3, 30_000)
    c = ts.classify(x)
    assert c.features[SPAN_FEATURE] == pytest.approx(
        float(span_feature(np.sort(x)[::-1][: k_for(x.size) + 1], x.size)), abs=1e-12)
    sketch = ts.TailSketch(capacity=k_for(x.size) + 1).update(x)
    assert ts.classify(sketch).features[SPAN_FEATURE] == c.features[SPAN_FEATURE]


def test_the_classifier_logsumexp_equals_scipys() -> None:
    """The classifier's own logsumexp (scipy's costs more in argument handling than in the
    sums at these sizes) gives scipy's values: random arrays of several scales, with -inf
    terms, all -inf and empty."""
    rng = np.random.default_rng(0)
    for _ in range(500):
        a = rng.normal(size=(int(rng.integers(1, 30)), int(rng.integers(1, 5))))
        a *= rng.choice([1.0, 100.0, 1e5])
        if rng.random() < 0.3:
            a[int(rng.integers(0, a.shape[0]))] = -np.inf
        np.testing.assert_allclose(L._logsumexp(a, axis=0), special.logsumexp(a, axis=0),
                                   rtol=1e-13)
        want = special.logsumexp(a.ravel())
        assert L._logsumexp(a.ravel()) == pytest.approx(want, rel=1e-13)
    assert L._logsumexp([]) == -math.inf
    assert L._logsumexp([-np.inf, -np.inf]) == -math.inf


def test_the_classifier_logsumexp_of_infinite_and_missing_terms() -> None:
    """The fast path (finite largest term) and the general one agree with scipy at the
    edges: an infinite term, a NaN, a single term."""
    for a in ([1.0, np.inf], [np.nan, 1.0], [3.5], [-np.inf, 2.0], [1e308, 1e308]):
        want = special.logsumexp(np.array(a))
        got = L._logsumexp(a)
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-15)


def test_the_cached_laws_are_read_only() -> None:
    """The likelihood's cached arrays cannot be changed in place by whoever reads them."""
    ok = (True,) * len(L.FEATURES)
    local_ok = (True,) * 2
    cached = [*L._factors(L._n_key(10_000), ok), *L._broad_factors(ok, False),
              *L._stacked_factors((L._n_key(10_000), L._n_key(5_000)), local_ok),
              *L._span_laws(L._n_key(10_000)), *L._indicators()]
    assert cached and not any(a.flags.writeable for a in cached)


def test_the_span_feature_keeps_no_array_per_sample_size() -> None:
    """A review: a cache of the depths 1..c per (c, k4) held 64 arrays of 4 n^(2/3) values, so
    a monitor's stream past 10^7 values (a new n at every check) kept 145 MB beyond its 7 MB
    sketch. Only the gap (a float) is cached now."""
    import gc
    import tracemalloc

    from tailstat.classification._features import k_for, span_feature

    desc = -np.sort(-np.random.default_rng(0).exponential(size=k_for(2_000_000) + 1))
    span_feature(desc, 1_000_000)  # warm
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(1_000_300, 1_006_300, 300):  # a new depth c = 4 k at each
        span_feature(desc, n)
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert kept < 200_000, kept  # 20 arrays of 40,000 depths were 6.4 MB


def test_the_top_components_share_is_a_probability_that_a_narrow_top_raises() -> None:
    """``settings["p_top_component"]``, the posterior share of the reading in which the top
    of the sample is a component of its own, is a probability; a narrow component at the top
    of a normal body (2% N(3, 0.5)) raises it above the body's own (a review: dropping its
    normalisation, 6.52 on N(0, 1), passed every test)."""
    n = 100_000
    for seed in range(3):
        r = np.random.default_rng(seed)
        top = r.random(n) < 0.02
        mixed = ts.classify(np.where(top, r.normal(3, 0.5, n), r.normal(0, 1, n)))
        plain = ts.classify(r.normal(size=n))
        p_mixed, p_plain = (mixed.settings["p_top_component"],
                            plain.settings["p_top_component"])
        assert 0.0 <= p_plain < p_mixed <= 1.0
    for x in (np.random.default_rng(0).standard_t(3, 5000),
              np.random.default_rng(0).random(5000)):
        assert 0.0 <= ts.classify(x).settings["p_top_component"] <= 1.0
