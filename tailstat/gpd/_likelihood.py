"""Vectorised kernels of the generalised Pareto (GPD) likelihood.

Everything here works on *excesses* ``y > 0`` (exceedances minus the threshold) as plain numpy
arrays; validation happens in the public functions (:mod:`tailstat.gpd.fit`).

Parameterisation and the one-dimensional profile
-------------------------------------------------
The GPD log-likelihood of ``k`` excesses is, with ``a_i = xi * y_i / sigma``,

    l(xi, sigma) = -k log sigma - (1 + 1/xi) * sum log(1 + a_i)      (xi != 0)
    l(0, sigma)  = -k log sigma - sum y_i / sigma.

Write ``theta = xi / sigma`` (Grimshaw 1993). For fixed ``xi > -1`` the score in ``sigma`` vanishes
where ``g(theta) = mean(theta y / (1 + theta y)) = xi / (1 + xi)``, and ``g`` is increasing, so
every ``theta`` in ``(-1/y_max, inf)`` is the profile optimum of exactly one ``xi``:

    xi(theta) = g / (1 - g),   sigma(theta) = xi / theta.

The whole profile curve ``xi -> max_sigma l(xi, sigma)`` is therefore *explicit* in ``theta``: no
inner optimisation. Its derivative is ``dl_p/dxi = k (L - xi) / xi^2`` with
``L = mean(log(1 + theta y))``; the MLE solves ``L(theta) = xi(theta)`` (Grimshaw's equation).

Numerics
--------
* Excesses are divided by their maximum, ``q = y / y_max`` (the fit is scale-equivariant), and
  the free parameter is ``eta = log(1 + theta y_max)``, which maps the admissible range of
  ``theta`` onto the real line: ``eta -> -inf`` is ``xi -> -1`` (support endpoint at the sample
  maximum), ``eta -> inf`` is ``xi -> inf``. ``1 + theta y_i`` is formed as
  ``(1 - q_i) + exp(eta) q_i`` for very negative ``eta``, so the support edge is approached
  without cancellation and ``log(0)`` never occurs.
* Near ``xi = 0`` every quantity is computed from differences that are exact to rounding
  (``log1p``, and the series of ``(log1p(a) - a/(1+a)) / a^2``), so the exponential limit is
  exact: at ``theta = 0`` the kernel returns ``xi = 0``, ``sigma = mean(y)``.
* For ``xi < -1`` the likelihood is unbounded (``sigma -> -xi y_max``); at ``xi = -1`` it equals
  ``-k log y_max`` (uniform on ``(0, y_max]``). Fits are constrained to ``xi >= -1``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = [
    "ETA_MAX",
    "ETA_MIN",
    "InformationOverflow",
    "covariance",
    "gpd_isf",
    "gpd_logcdf",
    "gpd_loglik",
    "gpd_logpdf",
    "gpd_logsf",
    "gpd_ppf",
    "gpd_rvs",
    "moments",
    "observed_information",
    "profile_terms",
    "pwm",
    "relative_covariance",
]

#: ``eta`` below which the fit is treated as the ``xi = -1`` boundary
#: (``1 + theta y_max = exp(eta) ~ 2e-22``).
ETA_MIN = -50.0
#: ``eta`` above which the search gives up (``theta y_max ~ 1e304``; reached only for
#: ``xi`` of order ``700 / log k``).
ETA_MAX = 700.0

# --- stable elementary functions -----------------------------------------------------------

# e(a) = (log1p(a) - a/(1+a)) / a^2 = sum_{j>=2} (-1)^j (j-1)/j a^(j-2)
_E_COEF = np.array([(-1) ** j * (j - 1) / j for j in range(2, 16)])
# e'(a) = sum_{j>=3} (-1)^j (j-1)(j-2)/j a^(j-3)
_EP_COEF = np.array([(-1) ** j * (j - 1) * (j - 2) / j for j in range(3, 40)])
_E_SWITCH = 1e-2
_EP_SWITCH = 0.1


def _horner(coef: np.ndarray, a: np.ndarray, amax: float | None = None) -> np.ndarray:
    """The series at ``a``, in place on one array. ``amax``: the largest ``|a|``, when known;
    the terms below ``2^-60`` of the first there are left out (at ``|a| <= 1e-4``, 5 of the
    14 terms of :func:`_e`'s series: the GPD fit of an exponential-type tail evaluates it at
    every excess of every step)."""
    if amax is not None:
        coef = coef[: _terms(coef, amax)]
    out = np.full_like(a, coef[-1])
    for c in coef[-2::-1]:
        out *= a
        out += c
    return out


def _terms(coef: np.ndarray, amax: float) -> int:
    """Fewest leading terms of a series with coefficients ``coef`` whose rest is below
    ``2^-60 |coef[0]|`` wherever ``|a| <= amax``: the rest after ``J`` terms is at most
    ``max|coef| amax^J / (1 - amax)``, for ``amax < 1/2``."""
    if not 0 < amax < 0.5:
        return coef.shape[0] if amax else 1
    bound = math.log(2.0 ** -61 * abs(float(coef[0])) / float(np.max(np.abs(coef))))
    return min(coef.shape[0], max(1, math.ceil(bound / math.log(amax))))


def _series_near_zero(a: np.ndarray, switch: float, coef: np.ndarray,
                      closed: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Power series (``coef``, Horner) where ``|a| < switch``, ``closed(a)`` elsewhere."""
    a = np.asarray(a, dtype=float)
    amax = float(np.max(np.abs(a))) if a.size else 0.0
    if amax < switch:  # all on the series: no masks, only the terms that count
        return _horner(coef, a, amax)
    small = np.abs(a) < switch
    out = np.empty_like(a)
    if small.any():
        out[small] = _horner(coef, a[small])
    big = ~small
    if big.any():
        out[big] = closed(a[big])
    return out


def _e(a: np.ndarray) -> np.ndarray:
    """``(log1p(a) - a/(1+a)) / a**2``, accurate to ~1e-14 for every ``a > -1`` (0.5 at 0)."""
    return _series_near_zero(a, _E_SWITCH, _E_COEF,
                             lambda ab: (np.log1p(ab) - ab / (1.0 + ab)) / (ab * ab))


def _e_prime(a: np.ndarray) -> np.ndarray:
    """Derivative of :func:`_e` (``-2/3`` at 0), accurate to ~1e-13 for ``a > -1``."""
    return _series_near_zero(a, _EP_SWITCH, _EP_COEF,
                             lambda ab: (1.0 / (1.0 + ab) ** 2 - 2.0 * _e(ab)) / ab)


def _limit_one_at_zero(f: Callable[[np.ndarray], np.ndarray], a: np.ndarray) -> np.ndarray:
    """``f(a) / a``, with its limit 1 at ``a = 0`` (``f`` is ``log1p`` or ``expm1``)."""
    a = np.asarray(a, dtype=float)
    nz = a != 0
    if a.ndim and nz.all():  # the usual case, without the masked copies (the same numbers)
        out = f(a)
        out /= a
        return out
    out = np.ones_like(a)
    out[nz] = f(a[nz]) / a[nz]
    return out


def _log1p_ratio(a: np.ndarray) -> np.ndarray:
    """``log1p(a) / a`` with the limit 1 at ``a = 0``."""
    return _limit_one_at_zero(np.log1p, a)


def _expm1_ratio(x: np.ndarray) -> np.ndarray:
    """``expm1(x) / x`` with the limit 1 at ``x = 0``."""
    return _limit_one_at_zero(np.expm1, x)


# --- distribution functions ----------------------------------------------------------------


def gpd_logsf(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """``log P(Y > y)`` for the GPD; ``-inf`` beyond the upper endpoint when ``xi < 0``.

    Uses ``-(y/sigma) * log1p(a)/a`` with ``a = xi y / sigma``, exact at ``xi = 0``.
    """
    w = np.asarray(y, dtype=float) / sigma
    a = xi * w
    ok = a > -1.0
    if w.ndim and xi != 0 and ok.all() and not (w < 0).any():
        # every y in the support (excesses): the same numbers as below, computed in place
        # rather than through masked copies (a sample's worth of excesses each)
        r = _log1p_ratio(a)
        del a
        np.negative(w, out=w)
        w *= r
        return w
    out = np.full_like(w, -np.inf)
    out[ok] = -w[ok] * _log1p_ratio(a[ok]) if xi != 0 else -w[ok]
    return np.where(w < 0, 0.0, out)


def gpd_logcdf(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """``log P(Y <= y)`` computed as ``log(-expm1(log sf))``."""
    ls = gpd_logsf(y, xi, sigma)
    with np.errstate(divide="ignore"):
        return np.log(-np.expm1(ls))


def gpd_logpdf(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """Log-density ``-log sigma - (1 + 1/xi) log(1 + xi y / sigma)`` (``-inf`` off the support).

    At ``xi = -1`` the law is uniform on ``[0, sigma]``, end point included: ``-log sigma``
    there too (a review: ``-inf`` at the largest excess of a boundary fit, whose ``sigma`` is
    that excess, while the fit's log-likelihood counted it). Below ``xi = -1`` the density
    grows without bound towards the end point ``sigma / |xi|``: ``+inf`` there, as
    ``scipy.stats.genpareto`` says (it had read as off the support)."""
    w = np.asarray(y, dtype=float) / sigma
    a = xi * w
    out = np.full_like(w, -np.inf)
    if xi == -1.0:
        out[(w >= 0) & (w <= 1.0)] = -math.log(sigma)
        return out
    if xi < -1.0:
        out[(a == -1.0) & (w >= 0)] = np.inf
    ok = (a > -1.0) & (w >= 0)
    # (1 + 1/xi) log1p(a) = log1p(a) + w * log1p(a)/a
    lp = np.log1p(a[ok])
    out[ok] = -math.log(sigma) - lp - w[ok] * _log1p_ratio(a[ok])
    return out


#: Cells (parameter pairs x excesses) :func:`gpd_loglik` evaluates at once (16 MB a temporary).
_LOGLIK_CELLS = 1 << 21
#: ``|a|`` at the largest excess from which a row is summed as ``(1 + 1/xi) sum log1p(a_i)``
#: (one ``log1p`` per excess); below it, where ``xi / sigma`` nears underflow, per excess as
#: ``log1p(a) + w log1p(a)/a`` (exact as ``a -> 0``).
_SMALL_A = 1e-200


def gpd_loglik(y: np.ndarray, xi: np.ndarray | float, sigma: np.ndarray | float) -> np.ndarray:
    """Log-likelihood of excesses ``y`` at every ``(xi, sigma)`` pair (broadcast; vectorised).

    Returns ``-inf`` where an excess lies outside the support or ``sigma <= 0``, NaN where
    ``xi`` or ``sigma`` is NaN or ``xi y / sigma`` overflows. At ``xi = -1`` the law is
    uniform on ``[0, sigma]``, end point included, as in :func:`gpd_logpdf` (it had been
    ``-inf`` when the largest excess was ``sigma``, the boundary fit's own scale).

    The support is read from the smallest and largest excess (``a`` is linear in ``y``) and
    a row's sum takes one ``log1p`` per excess: 4-9 times faster than the per-excess form it
    replaced (a profile interval evaluates it some 250 times), equal to it within 4e-15
    relative on grids of ``(xi, sigma)`` that include ``xi = 0``, ``+-1e-12``, ``1e-250``,
    ``-1`` and the support's edge.
    """
    y = np.asarray(y, dtype=float)
    xi_b, sig_b = np.broadcast_arrays(np.asarray(xi, dtype=float), np.asarray(sigma, dtype=float))
    shape = xi_b.shape
    rows = max(1, _LOGLIK_CELLS // max(y.shape[0], 1))
    if xi_b.size > rows:  # a grid over many excesses: in blocks of rows (a 97-point profile
        # grid over 3e5 excesses held 1.8 GB in temporaries; the sums are the same)
        xi_r, sig_r = xi_b.reshape(-1), sig_b.reshape(-1)
        return np.concatenate([gpd_loglik(y, xi_r[i:i + rows], sig_r[i:i + rows])
                               for i in range(0, xi_r.size, rows)]).reshape(shape)
    xi_f, sig_f = xi_b.reshape(-1), sig_b.reshape(-1)
    k = y.shape[0]
    y_lo, y_hi = (float(y.min()), float(y.max())) if k else (0.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        a_lo, a_hi = xi_f * (y_lo / sig_f), xi_f * (y_hi / sig_f)  # as a_i is formed below
        uniform = xi_f == -1.0  # (1 + 1/xi) log1p(a) is 0 on the whole support, its end too
        inside = (sig_f > 0) & np.where(uniform, (y_hi / sig_f <= 1.0) & (y_lo >= 0),
                                        np.minimum(a_lo, a_hi) > -1.0)
        big = np.maximum(np.abs(a_lo), np.abs(a_hi)) >= _SMALL_A
        term = np.zeros(xi_f.shape)
        fast = inside & big & ~uniform
        if fast.any():
            a = y[None, :] / sig_f[fast, None]
            a *= xi_f[fast, None]
            term[fast] = (1.0 + 1.0 / xi_f[fast]) * np.log1p(a, out=a).sum(axis=1)
        small = inside & ~big & ~uniform  # xi = 0 among them: sum y / sigma
        if small.any():
            w = y[None, :] / sig_f[small, None]
            a = xi_f[small, None] * w
            term[small] = (np.log1p(a) + w * _log1p_ratio(a)).sum(axis=1)
        ll = np.where(inside, -k * np.log(sig_f) - term, -np.inf)
    # NaN where a parameter is NaN, or where xi y / sigma overflows (the per-excess form's
    # inf / inf: the profile interval reads it as no end found rather than as an impossible
    # point, which gave intervals around fits that had not converged)
    overflow = inside & ~uniform & (np.maximum(a_lo, a_hi) == np.inf)
    ll[np.isnan(xi_f) | np.isnan(sig_f) | overflow] = np.nan
    return ll.reshape(shape)


def gpd_isf(p: np.ndarray | float, xi: float, sigma: float) -> np.ndarray:
    """Excess ``y`` with ``P(Y > y) = p``: ``sigma * expm1(-xi log p) / xi`` (exact at xi = 0);
    the upper endpoint (``inf`` when ``xi >= 0``) at ``p = 0``, NaN outside ``[0, 1]``."""
    q = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _excess_at(np.log(q), q, q == 0, xi, sigma)


def gpd_ppf(p: np.ndarray | float, xi: float, sigma: float) -> np.ndarray:
    """Quantile function: excess ``y`` with ``P(Y <= y) = p``; the upper endpoint at
    ``p = 1``, NaN outside ``[0, 1]``."""
    q = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _excess_at(np.log1p(-q), q, q == 1, xi, sigma)


def _excess_at(log_sf: np.ndarray, q: np.ndarray, at_end: np.ndarray, xi: float, sigma: float
               ) -> np.ndarray:
    """The excess whose ``log P(Y > y)`` is ``log_sf``: the upper endpoint (``inf`` when
    ``xi >= 0``) where ``at_end``, NaN where the probability ``q`` is outside ``[0, 1]``."""
    with np.errstate(invalid="ignore", over="ignore"):  # a far quantile: inf
        y = sigma * (-log_sf) * _expm1_ratio(-xi * log_sf)
        far = np.isinf(y) & np.isfinite(log_sf)
        if xi > 0 and sigma > 0 and np.any(far):
            # expm1 overflowed before a small sigma scaled it back (a review: sigma 1e-300,
            # p = 1e-250 gave inf for about 1e74): sigma expm1(x) / xi formed in logs
            x = -xi * log_sf
            in_logs = np.exp(math.log(sigma) - math.log(xi) + x + np.log1p(-np.exp(-x)))
            y = np.where(far, in_logs, y)
    end = math.inf if xi >= 0 else sigma / -xi
    return np.where(at_end, end, np.where((q >= 0) & (q <= 1), y + 0.0, np.nan))[()]


def gpd_rvs(rng: np.random.Generator, xi: float, sigma: float, size: int | tuple[int, ...]
            ) -> np.ndarray:
    """Draw GPD excesses by inversion (``-log U`` is standard exponential)."""
    e = rng.standard_exponential(size)
    return sigma * e * _expm1_ratio(xi * e)


# --- probability weighted moments ----------------------------------------------------------


def pwm(y_sorted: np.ndarray) -> tuple[float, float]:
    """Hosking & Wallis (1987) probability-weighted-moment estimates ``(xi, sigma)``.

    ``a0 = mean(y)``, ``a1 = mean((1 - p_i) y_(i))`` with the plotting position
    ``p_i = (i - 0.35) / k`` (ascending ``y``), ``xi = 2 - a0 / (a0 - 2 a1)``,
    ``sigma = 2 a0 a1 / (a0 - 2 a1)``. Always ``xi < 1``.
    """
    k = y_sorted.shape[0]
    scale = float(y_sorted[-1])  # computed in units of the maximum: no under/overflow
    z = y_sorted / scale
    a0 = float(z.mean())
    w = (k + 0.35 - np.arange(1, k + 1)) / k  # 1 - p_i
    a1 = float(_rowdot(w, z)) / k
    den = a0 - 2.0 * a1
    return 2.0 - a0 / den, 2.0 * a0 * a1 / den * scale


# --- the profile kernel --------------------------------------------------------------------


def _rows(eta: np.ndarray, q: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``alpha = theta y_max``, ``a = alpha q``, ``log(1 + a)``, ``1/(1 + a)``; a row per eta."""
    alpha = np.expm1(eta)
    a = alpha[:, None] * q[None, :]
    low = eta < -1.0
    if low.any():
        lp = np.empty_like(a)
        r = np.empty_like(a)
        hi = ~low
        if hi.any():
            lp[hi] = np.log1p(a[hi])
            r[hi] = 1.0 / (1.0 + a[hi])
        # 1 + alpha q without cancellation near the support edge
        t = (1.0 - q)[None, :] + np.exp(eta[low])[:, None] * q[None, :]
        lp[low] = np.log(t)
        r[low] = 1.0 / t
    else:
        lp = np.log1p(a)
        r = np.add(a, 1.0)
        np.divide(1.0, r, out=r)
    return alpha, a, lp, r


#: Longest vectors whose products go to BLAS: OpenBLAS computes a dot product of up to
#: 10,000 values on one thread (a third of einsum's time), longer ones on all its threads.
_BLAS_MAX = 10_000


def _rowdot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b``, by BLAS up to :data:`_BLAS_MAX` values a row and by einsum beyond: a
    multithreaded BLAS splits each longer product over its threads, and on a busy machine
    every one of the fit's dozen products then waits for a thread to be scheduled (the
    reported xi of a 10^7 sample, 46,000 excesses, took 56 ms instead of 38 ms beside one
    other busy process; one product 1.6 ms instead of 7 us)."""
    if a.shape[-1] <= _BLAS_MAX:
        return a @ b
    return np.einsum("...i,i->...", a, b)


def moments(q: np.ndarray) -> tuple[float, float]:
    """``(mean(q), mean(q^2))``: what :func:`profile_terms` needs of ``q`` beyond the rows
    (computed once per fit, not at every ``eta``)."""
    k = q.shape[0]
    return float(q.sum()) / k, float(_rowdot(q, q)) / k


def profile_terms(eta: np.ndarray | float, q: np.ndarray, *, slope: bool = False,
                  mu: tuple[float, float] | None = None) -> dict[str, np.ndarray]:
    """Profile quantities at each ``eta`` (vectorised), for excesses scaled as ``q = y/y_max``.

    Returns a dict of arrays (one value per eta): ``xi``; ``sigma`` (in units of ``y_max``);
    ``ll`` (profile log-likelihood in those units, i.e. add ``-k log y_max`` for the original
    units); ``score`` ``= (L - xi)/xi^2 = k^-1 dl_p/dxi`` (finite at ``xi = 0``); with
    ``slope=True`` also ``dll`` ``= dl_p/deta`` and ``dxi`` ``= dxi/deta``. ``mu``:
    :func:`moments` of ``q``, when the caller holds them.
    """
    eta = np.atleast_1d(np.asarray(eta, dtype=float))
    k = q.shape[0]
    alpha, a, lp, r = _rows(eta, q)
    L = lp.sum(axis=1) / k
    R = r.sum(axis=1) / k
    S1 = _rowdot(r, q) / k
    # G = alpha S1 = mean(a / (1 + a)) and L are O(1) whatever the spread of q, so the score
    # R^2 (L - G) / G^2 - R is formed from them (S1^2 underflows when q spans ~1e150).
    # L - G = alpha^2 mean(q^2 e(a)) loses about log10(mu1 / (|alpha| mu2)) digits, so it is
    # used only while that is below 4; closer to alpha = 0 the series of e(a) is summed.
    mu1, mu2 = moments(q) if mu is None else mu
    near0 = np.abs(alpha) * (mu2 / mu1) < 1e-4
    G = alpha * S1
    # (L / alpha) R / S1 = L R / G; the rows near alpha = 0 are replaced below (a fit
    # evaluates this a dozen times: no masks in the common case)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = R * R * ((L - G) / G) / G - R
        lr_term = L * R / G
    if near0.any():
        E = _rowdot(_e(a[near0]), q * q) / k
        score[near0] = R[near0] * R[near0] * E / (S1[near0] * S1[near0]) - R[near0]
        zero = alpha == 0  # the limit of L R / G there
        lr_term[zero] = mu1 * R[zero] / S1[zero]
    xi = G / R
    sigma = S1 / R
    ll = k * (-np.log(sigma) - L - lr_term)
    out = {"eta": eta, "xi": xi, "sigma": sigma, "ll": ll, "score": score}
    if slope:
        S2 = _rowdot(r * r, q) / k
        dxi = S2 / (R * R) * np.exp(eta)
        out["dxi"] = dxi
        out["dll"] = k * score * dxi
    return out


def observed_information(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """Observed information ``-Hessian`` of the log-likelihood in ``(xi, sigma)`` (2 x 2).

    Analytic second derivatives, with the ``xi -> 0`` cancellations removed through the series
    of :func:`_e_prime`:

    * ``d2l/dsigma2 = sigma^-2 [k - (1+xi) sum w(2+a)/(1+a)^2]``
    * ``d2l/dxi dsigma = sigma^-1 sum w(1-w)/(1+a)^2``
    * ``d2l/dxi2 = sum w^3 e'(a) + sum w^2/(1+a)^2``

    with ``w = y / sigma`` and ``a = xi w``.
    """
    y = np.asarray(y, dtype=float)
    k = y.shape[0]
    w = y / sigma
    a = xi * w
    inv = 1.0 / (1.0 + a)
    winv = w * inv
    winv2 = winv * inv
    h_ss = (k - (1.0 + xi) * (2.0 * winv2.sum() + _rowdot(a, winv2))) / sigma**2
    h_xs = (winv2.sum() - _rowdot(w, winv2)) / sigma
    w2inv2 = _rowdot(winv, winv)
    if abs(xi) > 0.05:
        # direct form; its cancellation costs ~eps/xi^2, harmless here
        h_xx = (-2.0 * np.log1p(a).sum() / xi**3 + 2.0 * winv.sum() / xi**2
                + (1.0 + 1.0 / xi) * w2inv2)
    else:
        h_xx = _rowdot(w**3, _e_prime(a)) + w2inv2
    return -np.array([[h_xx, h_xs], [h_xs, h_ss]])


class InformationOverflow(np.linalg.LinAlgError):
    """The observed information is beyond the float range (no finite interval exists)."""


def relative_covariance(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """Inverse observed information of ``(xi, sigma / sigma_hat)`` at ``(xi, sigma)`` (2 x 2).

    Computed in units of ``sigma``, where every term of the information is bounded by powers
    of ``1/xi`` (``y/sigma`` enters only as ``w / (1 + xi w)``): finite for data of any
    magnitude (``1e-300`` or ``1e300``) and any spread (one excess ``1e250`` times the
    others), unless an excess is so far beyond the scale that the information itself
    overflows: :class:`InformationOverflow` then (a :class:`numpy.linalg.LinAlgError`, as
    when the information is singular).
    """
    y = np.asarray(y, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        info = observed_information(y / sigma, xi, 1.0)
    if not np.all(np.isfinite(info)):
        # an excess some 1e100 times the fitted scale with xi near 0: w^3 overflows, and the
        # information is beyond the float range (no finite interval to report)
        raise InformationOverflow("the observed information overflows the float range")
    return np.linalg.inv(info)


def covariance(y: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    """Inverse observed information of ``(xi, sigma)``: :func:`relative_covariance` with its
    ``sigma`` row and column multiplied by ``sigma``."""
    c = relative_covariance(y, xi, sigma)
    return c * np.array([[1.0, sigma], [sigma, sigma * sigma]])
