"""Location- and scale-invariant tail features used by the classifier.

All features are computed from the top order statistics and the sample median only
(``desc`` may carry a leading axis of replicates):

* ``xi_moment``  -- the moment estimator of Dekkers, Einmahl & de Haan on ``Z = X - median``
  at ``k``;
* ``xi_pickands`` -- a smoothed Pickands-type estimate at ``k / 4`` (location-scale invariant);
* ``log_theta`` -- log of the Weibull-tail coefficient (Girard 2004) on ``Z`` at ``k``;
* ``xi_moment_hi`` -- the moment estimator at ``k / 4`` (a higher threshold), whose
  difference from ``xi_moment`` shows the drift of penultimate behaviour.

Subtracting the median makes every feature location-invariant; each estimator is
scale-invariant. ``k = k_for(n)`` grows like ``n^(2/3)`` (and never exceeds ``n / 10``).
"""

from __future__ import annotations

import math

import numpy as np

from tailstat.estimators import _kernels as K

FEATURES = ("xi_moment", "xi_moment_hi", "log_theta", "xi_pickands")


def k_for(n: int) -> int:
    """Number of upper order statistics the classifier uses for a sample of size ``n``."""
    return int(max(10, min(n // 10, round(n ** (2.0 / 3.0)))))


def features(desc: np.ndarray, n: int, median: np.ndarray | float) -> np.ndarray:
    """Feature array ``(..., 4)`` from the top ``k_for(n) + 1`` order statistics.

    Parameters
    ----------
    desc : numpy.ndarray
        Upper order statistics, descending along the last axis, at least ``k_for(n) + 1``.
    n : int
        Sample size.
    median : float or array
        The sample median (per replicate when ``desc`` has a leading axis).
    """
    k = k_for(n)
    med = np.asarray(median, dtype=np.float64)[..., None]
    z = desc[..., : k + 1] - med
    # scale by the spread of the top block so logs stay well conditioned (scale-invariant)
    z = np.where(z > 0, z, np.nan)
    m1, m2 = K.log_moments(z, k, orders=2)
    xi_m = K.moment_from_m(m1, m2)
    k_hi = max(5, k // 4)
    xi_m_hi = K.moment_from_m(m1[..., k_hi - 1], m2[..., k_hi - 1])
    ks = np.arange(1, k + 1, dtype=np.float64)
    ll = np.log(np.log(n / ks))
    den = float(np.sum(ll) - k * ll[-1])
    theta = k * m1[..., k - 1] / den
    # Pickands averaged over a few k around k/4 (its variance is large at a single k)
    kp = np.unique(np.linspace(max(2, k // 8), max(2, k // 4), 5).astype(int))
    a = desc[..., kp - 1]
    b = desc[..., 2 * kp - 1]
    c = desc[..., 4 * kp - 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        pick = np.log((a - b) / (b - c)) / math.log(2.0)
    pick = np.where(np.isfinite(pick), pick, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.stack([
            xi_m[..., k - 1], xi_m_hi, np.log(np.maximum(theta, 1e-6)),
            np.nanmean(pick, axis=-1) if pick.ndim > 1 else np.nanmean(pick),
        ], axis=-1)
    return out
