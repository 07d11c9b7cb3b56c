"""The Goodhart tail model (``tailstat/goodhart/tail.py``): its caveats, its argument errors
and its exponential reading (the diagnostics built on it are in tests/test_goodhart.py)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import filter_changes, raises_data_error

import tailstat as ts
from tailstat.errors import DataError
from tailstat.goodhart import best_of_n, conditioning, fit_tail_model, goodhart_summary, kl_tilt


def test_the_exponential_reading_stays_finite_near_the_float_maximum() -> None:
    """A review: 2 k m overflowed before m did (rewards near 1e305): sigma_ci was [inf, inf]
    and every beta was unsettled."""
    x = np.random.default_rng(0).exponential(size=5000) * 5e304
    res = kl_tilt(x, tail=fit_tail_model(x))
    low, high = res.tail.settings["exponential_reading"]["sigma_ci"]
    assert math.isfinite(low) and math.isfinite(high) and low < high
    assert res.table["exists_settled"].iloc[0]  # beta = 10 sd is far above the scale


def test_the_tail_model_reads_its_caveats_from_its_fits_not_from_warning_filters():
    """The tail model's notes come from its classification's and fit's own ``warnings``: it
    caught warnings with ``catch_warnings`` (process-wide), so a summary made while another
    thread classified a sample named "OTHER" carried "'OTHER': small sample ..." among its
    notes (30 of 30 summaries), and that thread lost about half its warnings."""
    rng = np.random.default_rng(0)
    small = rng.normal(size=200)
    clipped = np.minimum(rng.standard_t(3, 5000), 1.0)  # every threshold rejected
    with filter_changes() as calls, warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is warned either: the caveats are notes
        m_small = fit_tail_model(small, name="mine")
        m_clip = fit_tail_model(clipped, name="clipped")
    assert calls == []
    assert "'mine': small sample (n = 200): the probabilities are rough" in m_small.warnings
    (rejected,) = [w for w in m_clip.warnings if w.startswith("every one of the")]
    assert rejected.count("'clipped'") == 1  # the fit's notes name the sample already


def test_tail_model_errors_say_the_argument_and_the_callers_own_options() -> None:
    # (error-message audit) threshold='95' was reported as the data's failure ("cannot fit
    # the tail model ... Pass more data"); conditioning, which has no tail=, advised
    # tail='empirical'; a classifier message named the sample twice
    rng = np.random.default_rng(11)
    u, v = rng.normal(size=2000), rng.normal(size=2000)
    for call in (lambda: kl_tilt(u, threshold="95"), lambda: best_of_n(u, n=[2], threshold=None),
                 lambda: conditioning(u, v, threshold="95")):
        with pytest.raises(DataError) as info:
            call()
        assert str(info.value).startswith("threshold must be") and "cannot fit" not in str(
            info.value)
    with pytest.raises(DataError) as info:
        conditioning(u, v, threshold=(1e9, 1e9))
    assert "tail='empirical'" not in str(info.value) and "threshold=" in str(info.value)
    with pytest.raises(DataError) as info:
        kl_tilt(np.r_[np.ones(1999), 2.0])
    assert "'u': 'u'" not in str(info.value)
    with raises_data_error("conditioning needs v"):
        conditioning(u, None)  # was a bare AssertionError


def test_the_tail_models_threshold_is_read_as_fit_gpd_reads_it():
    """The argument check added to the tail model refused " Auto", which fit_gpd and
    select_threshold read as "auto" (and every Goodhart function with it)."""
    x = np.random.default_rng(2).standard_t(3, 3000)
    assert fit_tail_model(x, " Auto").threshold == fit_tail_model(x, "auto").threshold
    assert fit_tail_model(x, "FAST").threshold == fit_tail_model(x, "fast").threshold


def test_the_model_mean_and_the_verdict_do_not_overflow_for_rewards_near_1e304():
    """The body's share of the model mean was ``mean * count / n``: the product overflowed for
    50,000 rewards near 1e304 (model mean ``inf``, so every target read as already reached:
    the verdict said "no KL at all"). The KL is dimensionless: the same at any scale."""
    import tailstat as ts

    x = np.random.default_rng(1).pareto(3, 50_000) + 1
    a, b = ts.goodhart_summary(x), ts.goodhart_summary(x * 1e304)
    assert b.tail.model_mean == pytest.approx(a.tail.model_mean * 1e304, rel=1e-12)
    assert b.verdict_kl == pytest.approx(a.verdict_kl, rel=1e-9)
    assert a.verdict_kl > 0


def test_the_model_mean_of_ordinary_rewards_keeps_its_bits():
    """The overflow fix above reordered ``mean * count / n`` as ``mean * (count / n)`` for
    every sample: the model mean (and what is built on it) moved in its last bits for ordinary
    rewards (N(0, 1), seed 3: -0.018358469406521194 instead of -0.01835846940652125). The
    reordering is kept for the overflow only."""
    from tailstat.goodhart._common import mean_sd

    u = np.random.default_rng(3).standard_normal(3000)
    m = fit_tail_model(u)
    body = u[u <= m.threshold]
    assert m.model_mean == (mean_sd(body)[0] * body.shape[0] / u.shape[0]
                            + m.zeta * (m.threshold + m.sigma / (1.0 - m.xi)))


def test_the_tail_models_accessors_check_their_argument_as_the_gpds_do() -> None:
    """A review: TailModel.sf, .isf and .mean_above (KLTilt.tail) read a masked entry's
    hidden value, text and booleans as numbers (sf(["3"]), sf(True) = sf(1)); they refuse
    them now, as GPDFit's accessors do (tailstat._validation.as_numbers)."""
    model = fit_tail_model(np.random.default_rng(3).normal(size=3000))
    bad = (np.ma.masked_array([1.0, 2.0], mask=[0, 1]), ["3"], "3", True, [1.0, True],
           [1 + 2j])
    for method, word in (("sf", "x"), ("isf", "q"), ("mean_above", "x")):
        for value in bad:
            with pytest.raises(DataError, match=f"^{word} (has masked|must be a number)"):
                getattr(model, method)(value)
    assert model.sf(model.threshold) == pytest.approx(model.zeta)
    assert isinstance(model.sf(2.0), float) and model.isf(np.array([0.01])).shape == (1,)
    assert model.isf(model.sf(2.5)) == pytest.approx(2.5)
    assert model.mean_above(np.ma.masked_array([2.0])) == model.mean_above(2.0)


def test_the_tail_models_isf_refuses_what_the_gpds_refuses_and_is_nan_below_its_threshold():
    """A review: TailModel.isf(2.0) returned -0.57, a level below the threshold read off the
    GPD where the model does not hold, and isf(0) or isf(-0.1) a RuntimeWarning; GPDFit.isf
    refuses a probability outside (0, 1] and gives NaN above zeta (below its threshold). The
    tail model does the same now."""
    model = fit_tail_model(np.random.default_rng(3).normal(size=3000))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for bad in (2.0, 0.0, -0.1, math.nan, [0.01, 1.5]):
            with pytest.raises(DataError, match=r"^q must be probabilities in \(0, 1\]"):
                model.isf(bad)
        assert math.isnan(model.isf(min(1.0, 2 * model.zeta)))
        both = model.isf(np.array([model.zeta / 2, min(1.0, 2 * model.zeta)]))
        assert both[0] > model.threshold and math.isnan(both[1])
    assert model.isf(model.zeta) == pytest.approx(model.threshold)


def test_the_exponential_scale_of_a_light_tail_does_not_overflow_near_the_float_maximum() -> None:
    """A review: gamma(0.5) scores scaled to 1.5e307 are light with a GPD xi > 0, so the model
    is an exponential with the mean excess -- which overflowed (sigma = inf, model mean inf)
    and made every KL cost 0 nats. The mean is taken without overflow."""
    g = np.random.default_rng(0).gamma(0.5, size=100_000)
    x = g * (1.5e307 / g.max())
    model = fit_tail_model(x)
    assert model.label == "light" and model.xi == 0.0
    assert math.isfinite(model.sigma) and math.isfinite(model.model_mean)
    scaled = fit_tail_model(g)  # the same sample at scale 1: the same model, rescaled
    assert model.sigma == pytest.approx(scaled.sigma * 1.5e307 / g.max(), rel=1e-9)


@pytest.mark.parametrize("p", [0.02, 0.05, 0.5])
def test_binary_rewards_read_the_sample_as_a_ceiling(p: float) -> None:
    """Binary rewards (a verifier's pass / fail) have no continuous tail to fit: the summary
    failed with "Give a lower threshold ... tail='empirical'" (a review: the report's
    Goodhart section said it) though the classifier calls them saturated, bounded. The
    sample's law is then exact: moving the mean 3 sd up costs the Bernoulli KL
    D(q || p) with q = p + 3 sqrt(p (1 - p)), or is impossible when q > 1."""
    x = (np.random.default_rng(0).random(3000) < p).astype(float)
    model = fit_tail_model(x)
    assert model.empirical and model.settings["saturated"] and model.p_heavy < 0.05
    s = goodhart_summary(x)
    q0 = x.mean()
    q = q0 + 3 * x.std()
    if q < 1:
        exact = q * math.log(q / q0) + (1 - q) * math.log((1 - q) / (1 - q0))
        assert s.verdict_kl == pytest.approx(exact, rel=1e-6)
        assert "saturated" in s.verdict and "limits how far" in s.verdict
    else:
        assert s.verdict_kl == math.inf and "is impossible" in s.verdict
    # (p = 0.02: the tilt's effective sample size falls below 100, where its note advised
    # tail='auto'; a review)
    said = " ".join(s.warnings + s.tilt.warnings)
    assert "tail='empirical'" not in said and "tail='auto'" not in said
    assert "saturated" in " ".join(s.tilt.warnings)
    with pytest.raises(DataError, match="tail model"):  # no ceiling read: still refused
        fit_tail_model(np.r_[np.zeros(50), np.ones(2)], threshold=0.5)
    with pytest.raises(DataError, match="made from 500 values"):  # another sample's: refused
        fit_tail_model(x, classification=ts.classify(x[:500], warn=False))
    small = ts.analyze(pd.DataFrame({"r": x[:55]}), "r", goodhart=True, warn=False)
    assert not any("top 0 values" in w for g in small.goodhart.values() for w in g.warnings)


def test_clipped_scores_are_read_up_to_their_ceiling() -> None:
    """A review: scores clipped at a ceiling (saturated) with a GPD fitted below it got
    best-of-n past the ceiling (E[max] 2.92 and 3.07 for a ceiling of 2.68), a verdict whose
    scores "end at 3.18" (the GPD's end), and, clipped t(3) scores (xi_fit > 0, modelled as
    xi = 0), "the penalised optimum does not exist" beside a tilt that exists at every beta
    and unsettled rows. E[max] of the sample's own law never passes its maximum."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=5000)
    ceiling = np.sort(x)[-15]
    u = np.minimum(x, ceiling)
    bon = best_of_n(u, n=[4096, 65536])
    assert (bon["u"] <= ceiling).all() and (bon["source"] == "sample").all()
    assert bon["u"].iloc[-1] == pytest.approx(ceiling, rel=1e-12)
    s = goodhart_summary(u)
    assert s.tail.settings["saturated"] and f"end at {ceiling:.6g}" in s.verdict
    t = rng.standard_t(3.0, 5000)
    clipped = np.minimum(t, np.sort(t)[-6])
    s = goodhart_summary(clipped)
    assert "does not exist" not in s.verdict and "saturated scores" in s.verdict
    assert s.tilt.table["exists"].all() and s.tilt.table["exists_settled"].all()


def test_a_given_tail_model_brings_its_threshold_and_must_be_of_this_sample() -> None:
    """A review: with tail=TailModel, threshold= was ignored while the result's settings
    recorded it as used (kl_tilt(x, tail=fit_tail_model(x, threshold=2.0), threshold=5.0):
    settings 5.0, model 2.0); and a model of another sample with the same n and maximum
    passed the check (only those two were compared) and changed the frontier's rate from
    10.6 to 4.4 without a word."""
    from tailstat.goodhart import kl_frontier

    x = np.random.default_rng(2).exponential(size=20_000)
    model = fit_tail_model(x, threshold=2.0)
    for call in (lambda: kl_tilt(x, beta=[2.0], tail=model, threshold=5.0),
                 lambda: kl_frontier(x, tail=model, threshold="99%"),
                 lambda: best_of_n(x, n=[4], tail=model, threshold=1.0),
                 lambda: goodhart_summary(x, tail=model, threshold="95%")):
        with pytest.raises(DataError, match=r"TailModel given as tail= starts at its own "
                                            r"threshold \(2; fitted with threshold=2\.0\)"):
            call()
    with pytest.raises(DataError, match=r"is the sample alone \(tail='empirical'\), with no"):
        kl_tilt(x, beta=[2.0], tail=fit_tail_model(x, tail="empirical"), threshold=1.0)
    # the default threshold with a model: what the model used is recorded
    assert kl_tilt(x, beta=[2.0], tail=model).settings["threshold"] == 2.0
    assert kl_frontier(x, tail=model).settings["threshold"] == 2.0
    assert kl_tilt(x, beta=[2.0], tail="empirical").settings["threshold"] is None
    assert kl_tilt(x, beta=[2.0], threshold="99%").settings["threshold"] == "99%"
    # another sample with the same n and maximum: its tail shrunk towards the threshold
    other = x.copy()
    high = other > model.threshold
    other[high] = model.threshold + (other[high] - model.threshold) * 0.2
    other[np.argmax(x)] = x.max()
    assert other.shape == x.shape and other.max() == x.max()
    with pytest.raises(DataError, match=r"fitted to another sample.*mean or standard"):
        kl_frontier(other, target=[3.0], tail=model)
    # the same values in another order are the same sample (its mean up to rounding)
    shuffled = np.random.default_rng(3).permutation(x)
    assert kl_tilt(shuffled, beta=[2.0], tail=model).tail is model


@pytest.mark.parametrize(("n", "k"), [(50, 10), (1000, 100), (40_000, 2000), (10**6, 10_000)])
def test_the_fast_threshold_leaves_the_documented_count(n: int, k: int) -> None:
    """``threshold="fast"``: X(n - k) with k = max(10, min(n/10, 10 sqrt(n))) (a review: a
    mutant with 8 sqrt(n) passed every test)."""
    x = np.random.default_rng(n).normal(size=n)
    assert fit_tail_model(x, "fast").n_exceed == k


def test_a_gpd_of_another_sample_of_the_same_size_is_refused() -> None:
    """A review: a Pareto sample's GPD fit, passed with normal rewards of the same size, was
    read as theirs (best-of-1000 47.1 against an exact 3.24) without a word."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=5000)
    other = (1 - rng.uniform(size=5000)) ** -0.7
    with pytest.raises(DataError, match="fitted to another sample"):
        fit_tail_model(x, gpd=ts.fit_gpd(other, "auto", warn=False))
    own = ts.fit_gpd(x, "auto", warn=False)  # this sample's own fit is taken as it is
    m = fit_tail_model(x, gpd=own)
    assert (m.threshold, m.n_exceed) == (own.threshold, own.n_exceed)
    xr = np.round(x, 1)  # ties at the threshold: its count is still the fit's
    m = fit_tail_model(xr, gpd=(fit := ts.fit_gpd(xr, 1.5, warn=False)))
    assert m.n_exceed == fit.n_exceed == np.count_nonzero(xr > 1.5)
