"""Fieller's interval for the peak of an overoptimisation curve (Fieller 1954).

The peak of ``R(d)`` is where its slope ``R'(d)`` is zero, a linear combination ``alpha - u
beta`` of the fitted coefficients for each candidate ``u`` (``u = 2 d`` for best-of-n, ``1 +
log d`` for RL). The interval holds every ``d`` that a t-test of ``R'(d) = 0`` does not
reject, plus ``KL = 0`` and ``inf`` where "falls from the start" (best-of-n) and "rises
without bound" are not rejected (:mod:`tailstat.goodhart.overopt`). Where ``beta > 0`` is
rejected the curve has no peak, only a trough where its slope is zero: the interval is then
``[inf, inf]``, or ``[0, inf]`` for a best-of-n curve that may fall from the start.
"""

from __future__ import annotations

import math

import numpy as np

from tailstat.goodhart._curves import curve_peak

__all__ = ["fieller_peak", "slope_roots"]


def slope_roots(a: float, b: float, c: float, disc: float | None = None
                 ) -> list[tuple[float, float]]:
    """Where ``a u^2 + b u + c <= 0`` on the real line, as closed intervals (ends may be
    infinite). ``disc``: the discriminant ``b^2 - 4 a c`` when the caller can form it
    without cancellation; the roots are taken in the form that loses no digits
    (``q = -(b + sign(b) sqrt(disc)) / 2``, roots ``q / a`` and ``c / q``)."""
    inf = math.inf
    if a == 0.0:
        if b == 0.0:
            return [(-inf, inf)] if c <= 0 else []
        root = -c / b
        return [(-inf, root)] if b > 0 else [(root, inf)]
    if disc is None:
        disc = b * b - 4.0 * a * c
    if disc < 0:
        return [] if a > 0 else [(-inf, inf)]
    q = -0.5 * (b + math.copysign(math.sqrt(disc), b))
    r1, r2 = (0.0, 0.0) if q == 0.0 else sorted((q / a, c / q))
    return [(r1, r2)] if a > 0 else [(-inf, r1), (r2, inf)]


def fieller_peak(coef: np.ndarray, V: np.ndarray, tq: float, kind: str
                  ) -> tuple[float, float]:
    """Fieller's interval for the peak KL: every ``d`` where a t-test of ``R'(d) = 0`` (a
    linear combination ``alpha - u beta``) is not rejected, with ``KL = 0`` and ``inf``
    joined when ``alpha <= 0`` or ``beta <= 0`` is not rejected (see the module docstring)."""
    a_, b_ = float(coef[0]), float(coef[1])
    vaa, vab, vbb = float(V[0, 0]), float(V[0, 1]), float(V[1, 1])
    falls = kind == "bon" and a_ <= tq * math.sqrt(vaa)  # "falls from the start" not rejected
    if b_ < -tq * math.sqrt(vbb):  # "beta > 0" rejected: no peak, only a trough (a review:
        # its KL had been the interval's lower end); KL = 0 where the curve may fall from
        # the start
        return (0.0 if falls else math.inf), math.inf
    t2 = tq * tq
    # (a_ - u b_)^2 - t^2 (vaa - 2 u vab + u^2 vbb) <= 0, with u = 2 d (bon), 1 + log d (rl).
    # Its discriminant, 4 t^2 (a_^2 vbb - 2 a_ b_ vab + b_^2 vaa - t^2 (vaa vbb - vab^2)), is
    # formed without the a_^2 b_^2 terms that cancel: from b^2 - 4ac a nearly exact fit
    # kept only half the digits (an interval 6e-8 wide around an exact peak).
    disc = 4.0 * t2 * (a_ * a_ * vbb - 2.0 * a_ * b_ * vab + b_ * b_ * vaa
                       - t2 * (vaa * vbb - vab * vab))
    pieces = slope_roots(b_ * b_ - t2 * vbb, -2.0 * (a_ * b_ - t2 * vab), a_ * a_ - t2 * vaa,
                          disc)
    kls: list[float] = []
    for lo, hi in pieces:
        if kind == "bon":
            lo, hi = max(lo, 0.0), hi
            if lo > hi:
                continue
            kls += [(lo / 2.0) ** 2, (hi / 2.0) ** 2]
        else:  # d = exp(u - 1), KL = exp(2 (u - 1)): inf past the float range
            kls += [math.exp(2.0 * (u - 1.0)) if 2.0 * (u - 1.0) < 709.0 else math.inf
                    for u in (lo, hi)]
    if falls:
        kls.append(0.0)
    if b_ <= tq * math.sqrt(vbb):  # "rises without bound" not rejected
        kls.append(math.inf)
    if not kls:  # only by rounding, for an exact fit: the estimate itself
        kl_hat = float(curve_peak(np.array(a_), np.array(b_), kind)[0])
        return kl_hat, kl_hat
    return min(kls), max(kls)
