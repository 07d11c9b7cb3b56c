"""fit_overoptimization: the Gao, Schulman & Hilton (2022) gold-reward curves fitted in closed
form, with BCa intervals."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest

from tailstat.goodhart import fit_overoptimization


@pytest.mark.parametrize(("kind", "alpha", "beta"), [("bon", 1.0, 0.25), ("rl", 0.8, 0.2)])
def test_overoptimization_recovers_parameters(kind: str, alpha: float, beta: float) -> None:
    rng = np.random.default_rng(99)
    kl = np.repeat(np.log(2.0 ** np.arange(13)) - (1 - 2.0 ** -np.arange(13)), 4)
    kl = kl if kind == "bon" else np.repeat(np.linspace(0.5, 80, 13), 4)
    d = np.sqrt(kl)
    clean = d * (alpha - beta * d) if kind == "bon" else d * (alpha - beta * np.log(d))
    gold = clean + rng.normal(0, 0.03, kl.size)
    fit = fit_overoptimization(kl, gold, kind, seed=4)
    assert fit.alpha == pytest.approx(alpha, rel=0.05)
    assert fit.beta == pytest.approx(beta, rel=0.05)
    assert fit.alpha_ci.contains(alpha) and fit.beta_ci.contains(beta)
    if kind == "bon":
        assert fit.kl_peak == pytest.approx((alpha / (2 * beta)) ** 2, rel=0.1)
        assert fit.gold_peak == pytest.approx(alpha**2 / (4 * beta), rel=0.05)
    else:
        assert fit.kl_peak == pytest.approx(math.exp(2 * (alpha / beta - 1)), rel=0.3)
    assert fit.seed == 4 and fit.settings["seed"] == 4
    json.dumps(fit.to_dict())
    assert fit.predict([0.0])[0] == 0.0


def test_overoptimization_seed_recorded_and_reproducible() -> None:
    rng = np.random.default_rng(0)
    kl = np.linspace(0.1, 10, 20)
    gold = np.sqrt(kl) * (1 - 0.2 * np.sqrt(kl)) + rng.normal(0, 0.05, 20)
    a = fit_overoptimization(kl, gold, seed=None)
    assert isinstance(a.seed, int)
    b = fit_overoptimization(kl, gold, seed=a.seed)
    assert (a.alpha_ci.low, a.beta_ci.high) == (b.alpha_ci.low, b.beta_ci.high)
    # intercept for gold scores not measured relative to pi0
    c = fit_overoptimization(kl, gold + 3.0, intercept=True, seed=1)
    assert c.intercept == pytest.approx(3.0, abs=0.1)
    assert c.alpha == pytest.approx(a.alpha, rel=0.2)


def test_overoptimization_no_peak_is_reported() -> None:
    kl = np.linspace(0.1, 5, 10)
    fit = fit_overoptimization(kl, np.sqrt(kl) + 0.1 * kl, seed=0)
    assert fit.beta < 0 and fit.kl_peak == math.inf and any("no peak" in w for w in fit.warnings)



def test_overoptimization_falling_from_the_start_peaks_at_kl_zero() -> None:
    # gold falls from the first step (alpha < 0 < beta): the highest point over KL >= 0 is
    # KL = 0, not "no peak"
    kl = np.log(2.0 ** np.arange(11)) - (1 - 2.0 ** -np.arange(11))
    d = np.sqrt(kl)
    gold = -0.5 * d - 0.2 * d**2 + np.random.default_rng(3).normal(0, 0.01, kl.size)
    fit = fit_overoptimization(kl, gold, "bon", seed=0)
    assert fit.alpha < 0 < fit.beta
    assert fit.kl_peak == 0.0 and fit.gold_peak == 0.0
    assert any("falls from the first step" in w for w in fit.warnings)
    assert not any("extrapolation" in w for w in fit.warnings)


@pytest.mark.parametrize("kind", ["bon", "rl"])
def test_overoptimization_gold_peak_includes_the_intercept(kind: str) -> None:
    kl = np.linspace(0.2, 12.0, 15)
    d = np.sqrt(kl)
    curve = d * (1.0 - 0.25 * d) if kind == "bon" else d * (1.0 - 0.5 * np.log(d))
    plain = fit_overoptimization(kl, curve, kind, seed=0)
    shifted = fit_overoptimization(kl, curve + 5.0, kind, intercept=True, seed=0)
    assert shifted.intercept == pytest.approx(5.0, abs=1e-9)
    assert shifted.kl_peak == pytest.approx(plain.kl_peak, rel=1e-9)
    # the gold score at the peak is the curve's value there: the intercept included
    assert shifted.gold_peak == pytest.approx(plain.gold_peak + 5.0, rel=1e-9)
    assert shifted.gold_peak == pytest.approx(float(shifted.predict([shifted.kl_peak])[0]),
                                              rel=1e-9)
    assert shifted.gold_peak_ci.contains(shifted.gold_peak)

# --------------------------------------------------------------------------------------------
# 6. simulate and the rare-exploit case
# --------------------------------------------------------------------------------------------


def test_overoptimisation_fit_is_scale_equivariant_up_to_the_float_maximum() -> None:
    """Gold scores of 1e150 overflowed the BCa acceleration (OverflowError), of 1e200 gave
    "Quantiles must be in the range [0, 1]"; the fit is exact in every unit."""
    n = 2.0 ** np.arange(12)
    kl = np.log(n) - (n - 1) / n
    d = np.sqrt(kl)
    gold = d * (1 - 0.2 * d) + np.random.default_rng(18).normal(0, 0.02, 12)
    base = fit_overoptimization(kl, gold, seed=0)
    for s in (1e150, 1e200):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            f = fit_overoptimization(kl, gold * s, seed=0)
        for got, want in ((f.alpha, base.alpha), (f.alpha_ci.low, base.alpha_ci.low),
                          (f.alpha_ci.high, base.alpha_ci.high), (f.rmse, base.rmse)):
            assert got / s == pytest.approx(want, rel=1e-12)


def test_a_curve_falling_from_the_start_is_not_called_free_of_overoptimisation() -> None:
    """alpha < 0 and beta < 0: the gold score falls from the first step; the note said "no
    overoptimisation seen in this KL range"."""
    kl = np.linspace(0, 100, 11)
    d = np.sqrt(kl)
    res = fit_overoptimization(kl, -0.1 * d + 0.01 * kl, "bon", seed=0)
    assert res.alpha < 0 and res.beta < 0
    text = " ".join(res.warnings)
    assert "falls from the first step" in text and "no overoptimisation seen" not in text


def test_few_points_say_the_intervals_are_rough() -> None:
    kl = np.linspace(1, 50, 5)
    d = np.sqrt(kl)
    g = d * (1.0 - 0.1 * d) + np.random.default_rng(0).normal(0, 0.05, 5)
    assert any("only 5 points" in w for w in fit_overoptimization(kl, g, "bon", seed=0).warnings)
    kl = np.linspace(1, 50, 8)
    d = np.sqrt(kl)
    g = d * (1.0 - 0.1 * d) + np.random.default_rng(0).normal(0, 0.05, 8)
    assert not any("points:" in w for w in fit_overoptimization(kl, g, "bon", seed=0).warnings)
