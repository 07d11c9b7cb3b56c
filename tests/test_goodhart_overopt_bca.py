"""fit_overoptimization's interval pieces against independent computations: the BCa
interval of ``_bca`` (Efron 1987) by hand, and the Fieller interval's ``KL = 0`` end of a
best-of-n curve that falls from the start."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from tailstat.goodhart import fit_overoptimization
from tailstat.goodhart.overopt import _bca

_PHI = NormalDist()


def _type7_quantile(values: np.ndarray, p: float) -> float:
    """The ``p`` quantile by linear interpolation between order statistics (Hyndman & Fan
    type 7, numpy's default ``"linear"``): position ``(B - 1) p`` in the sorted values."""
    y = sorted(float(v) for v in values)
    h = (len(y) - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, len(y) - 1)
    return y[lo] + (h - lo) * (y[hi] - y[lo])


def _efron_bca(theta: float, boot: np.ndarray, jack: np.ndarray, level: float, *,
               ties: bool = True, accelerate: bool = True) -> tuple[float, float]:
    """Efron's BCa interval by hand: ``z0 = Phi^-1((#{boot < theta} + 0.5 #{boot ==
    theta}) / B)``, ``a = sum(d^3) / (6 sum(d^2)^1.5)`` with ``d = mean(jack) - jack``,
    levels ``Phi(z0 + (z0 + z) / (1 - a (z0 + z)))`` at ``z = Phi^-1((1 -/+ level) / 2)``,
    read off the replicates as type-7 quantiles. ``ties`` and ``accelerate`` False drop the
    tie term and the acceleration (what a mutant computes: the test checks its cases tell
    them apart)."""
    below = sum(1 for b in boot if b < theta)
    equal = sum(1 for b in boot if b == theta)
    z0 = _PHI.inv_cdf((below + (0.5 * equal if ties else 0.0)) / len(boot))
    jm = math.fsum(jack) / len(jack)
    d = [jm - j for j in jack]
    acc = math.fsum(v**3 for v in d) / (6.0 * math.fsum(v**2 for v in d) ** 1.5)
    acc = acc if accelerate else 0.0
    ends = []
    for q in ((1.0 - level) / 2.0, (1.0 + level) / 2.0):
        z = _PHI.inv_cdf(q)
        ends.append(_type7_quantile(boot, _PHI.cdf(z0 + (z0 + z) / (1.0 - acc * (z0 + z)))))
    return ends[0], ends[1]


def test_bca_with_ties_at_the_estimate_counts_them_half() -> None:
    """Guards ``tailstat.goodhart.overopt._bca`` (the unit of the bootstrap intervals,
    tested directly): replicates equal to the estimate count half below it in the bias
    correction z0. 400 replicates, 60 of them exactly at theta (as a resampled estimate of
    a few points repeats), 340 normal ones (37.5% of all below theta, 45% with the ties'
    half); a skewed jackknife. A mutation review: dropping the tie term went
    unnoticed. The reference is computed by hand (stdlib normal quantiles, type-7
    percentiles), so the tolerance is of rounding (1e-12 relative)."""
    rng = np.random.default_rng(7)
    theta = 0.3
    boot = np.concatenate([rng.normal(0.5, 1.0, 340), np.full(60, theta)])
    rng.shuffle(boot)
    jack = rng.exponential(size=12)
    assert np.sum(boot == theta) == 60  # the ties the case is about
    got = _bca(theta, boot, jack, 0.9)
    want = _efron_bca(theta, boot, jack, 0.9)
    assert got == pytest.approx(want, rel=1e-12, abs=0.0)
    # the case tells the tie term apart: without it both ends move by far more than rounding
    without = _efron_bca(theta, boot, jack, 0.9, ties=False)
    assert min(abs(w - o) for w, o in zip(want, without, strict=True)) > 1e-3


def test_bca_acceleration_follows_the_jackknifes_skew() -> None:
    """Guards ``tailstat.goodhart.overopt._bca``'s acceleration ``a = sum(d^3) / (6
    sum(d^2)^1.5)``, ``d = mean(jack) - jack``: a jackknife with one far value (a = -0.13)
    shifts both adjusted levels, and one skewed the other way (a = +0.13) the other way. No
    ties here (continuous replicates). A mutation review: ``a = 0``
    went unnoticed. Reference by hand, tolerance of rounding (1e-12 relative)."""
    rng = np.random.default_rng(11)
    theta = 1.0
    boot = rng.gamma(4.0, 0.25, 500)  # skewed replicates, mean 1
    assert not np.any(boot == theta)
    base = rng.normal(0.0, 0.05, 15)
    for jack in (np.r_[base, 1.0], np.r_[base, -1.0]):
        got = _bca(theta, boot, jack, 0.95)
        want = _efron_bca(theta, boot, jack, 0.95)
        assert got == pytest.approx(want, rel=1e-12, abs=0.0)
        flat = _efron_bca(theta, boot, jack, 0.95, accelerate=False)
        assert min(abs(w - f) for w, f in zip(want, flat, strict=True)) > 1e-2
    # and scale-free: the jackknife times 1e150 (its cube overflowed once) gives the same
    jack = np.r_[base, 1.0]
    assert _bca(theta, boot, jack * 1e150, 0.95) == pytest.approx(
        _bca(theta, boot, jack, 0.95), rel=1e-12, abs=0.0)


def test_fieller_peak_interval_of_a_curve_falling_from_the_start_reaches_kl_zero() -> None:
    """Guards the "falls from the start" rule of ``kl_peak_ci`` (Fieller, ``kind="bon"``):
    KL = 0 is in the interval whenever ``alpha <= 0`` is not rejected. A best-of-n curve
    (n = 1 to 1,024) of gold ``-0.3 d`` plus noise (sd 0.1, seed 0): alpha is clearly
    negative (its 95% interval lies below 0) and beta near 0 (its interval holds 0), so
    the fitted peak is at KL = 0. There the slope test rejects ``R'(0) = 0`` (|alpha| > t
    se), so only the rule puts 0 in the interval; beside it the accepted peaks start at a
    positive KL and run to infinity (``beta <= 0`` is not rejected). A mutation review:
    without the rule the interval began at that positive KL, excluding the fitted peak
    itself, and no test noticed. (With an insignificant alpha the slope test accepts
    ``d = 0`` on its own, so such a curve cannot tell the rule's presence.)"""
    n = 2.0 ** np.arange(11)
    kl = np.log(n) - (n - 1.0) / n
    d = np.sqrt(kl)
    gold = -0.3 * d + np.random.default_rng(0).normal(0.0, 0.1, n.size)
    fit = fit_overoptimization(kl, gold, "bon")
    assert fit.alpha_ci.high < 0.0  # alpha <= 0 not rejected; R'(0) = alpha = 0 rejected
    assert fit.beta_ci.low < 0.0 < fit.beta < fit.beta_ci.high  # beta <= 0 not rejected
    assert fit.kl_peak == 0.0  # alpha < 0 < beta: the fitted curve falls from the start
    assert fit.kl_peak_ci.method == "Fieller"
    assert fit.kl_peak_ci.low == 0.0
    assert fit.kl_peak_ci.high == math.inf
    assert fit.kl_peak_ci.contains(fit.kl_peak)
