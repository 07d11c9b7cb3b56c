"""Maximum-likelihood fit of the generalised Pareto distribution on the explicit profile of
:mod:`tailstat.gpd._likelihood` (its module doc explains the parameterisation in ``eta``).

The maximum is the root of the profile score in ``eta``: Newton's method from the PWM start
with the analytic slope of the score (4-6 evaluations of the sums), where every step goes
downhill on a concave stretch of the profile; otherwise a bracket of a sign change of the
score, refined by Brent's method (9-12 evaluations). The boundary ``xi = -1`` (support
endpoint at the sample maximum, likelihood ``-k log y_max``) is compared with the interior
maximum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy import optimize

from tailstat.gpd._likelihood import (
    ETA_MAX,
    ETA_MIN,
    _rowdot,
    moments,
    profile_terms,
    pwm,
)

__all__ = ["MLESolution", "mle"]


def _score_scalar(eta: float, q: np.ndarray, mu: tuple[float, float]) -> float:
    """``profile_terms(eta, q)["score"]`` at one ``eta``: the same sums on one row, without
    the vectorised kernel's bookkeeping (the root search of :func:`mle` calls it about ten
    times a fit; below a few thousand excesses the bookkeeping was most of its time). Near
    the support edge and near ``alpha = 0``, the kernel itself."""
    alpha = math.expm1(eta)
    mu1, mu2 = mu
    if eta < -1.0 or not abs(alpha) * (mu2 / mu1) >= 1e-4 or not math.isfinite(alpha):
        return float(profile_terms(eta, q, mu=mu)["score"][0])
    k = q.shape[0]
    a = q * alpha
    L = float(np.log1p(a).sum()) / k
    r = np.add(a, 1.0, out=a)
    np.divide(1.0, r, out=r)
    R = float(r.sum()) / k
    G = alpha * float(_rowdot(r, q)) / k
    return _score(R, L, G)


def _score(R: float, L: float, G: float) -> float:
    """The profile score ``R^2 L / G^2 - R / G`` from the sums of one row (written so that
    it loses nothing where ``L`` and ``G`` nearly cancel)."""
    return R * R * ((L - G) / G) / G - R


def _score_slope(eta: float, q: np.ndarray, mu: tuple[float, float]
                 ) -> tuple[float, float] | None:
    """``(score, dscore/deta)`` at one ``eta`` by the direct formulas; ``None`` at the
    support edge (``eta < -20``) and within ``|alpha| mu2/mu1 < 0.01`` of ``alpha = 0``,
    where the slope's terms of order ``1/G^3`` cancel (:func:`mle` then brackets). With
    ``S2 = mean(q / (1 + a)^2)`` and ``G = 1 - R``: ``dL = S1``, ``dR = -S2``, ``dG = S2`` per
    unit of ``alpha``, and ``dalpha/deta = 1 + alpha``."""
    alpha = math.expm1(eta)
    if eta < -20.0 or not abs(alpha) * (mu[1] / mu[0]) >= 1e-2 or not math.isfinite(alpha):
        return None
    k = q.shape[0]
    if eta < -1.0:  # 1 + alpha q without cancellation near the support edge (as _rows)
        r = (1.0 - q) + math.exp(eta) * q
        L = float(np.log(r).sum()) / k
    else:
        r = q * alpha
        L = float(np.log1p(r).sum()) / k
        r += 1.0
    np.divide(1.0, r, out=r)
    R = float(r.sum()) / k
    rq = r * q
    S1 = float(rq.sum()) / k
    S2 = float(_rowdot(rq, r)) / k
    G = alpha * S1
    score = _score(R, L, G)
    slope = ((R * R * S1 - 2.0 * R * S2 * L + S2) / G - 2.0 * R * R * L * S2 / (G * G)) / G
    return score, slope * (1.0 + alpha)


def _newton_root(q: np.ndarray, eta0: float, mu: tuple[float, float]
                 ) -> tuple[float, int] | None:
    """The profile score's root by Newton's method from ``eta0``: ``(root, evaluations)``,
    or ``None`` unless every step is downhill on a concave stretch (slope < 0), at most 4 in
    ``eta``, and the steps fall below Brent's tolerance within 12 (:func:`mle` then brackets
    the root and refines it by Brent's method). From the PWM start a fit takes 4-6
    evaluations here, against 9-12 for bracketing and Brent."""
    eta = eta0
    for i in range(1, 13):
        fs = _score_slope(eta, q, mu)
        if fs is None or not (fs[1] < 0 and math.isfinite(fs[0])):
            return None
        step = -fs[0] / fs[1]
        if not abs(step) <= 4.0:
            return None
        eta += step
        if abs(step) <= 1e-13 + 4e-16 * abs(eta):  # as brentq's xtol and rtol below
            return eta, i
    return None


@dataclass(frozen=True)
class MLESolution:
    """Internal result of :func:`mle` (units of the original excesses)."""

    xi: float
    sigma: float
    loglik: float
    eta: float
    converged: bool
    boundary: bool
    message: str
    n_eval: int
    scale: float  # y_max
    #: the profile likelihood had a higher local maximum than the one the search from the
    #: start reached (:func:`mle` reports the higher)
    multimodal: bool = False


def _bracket_root(q: np.ndarray, eta0: float, mu: tuple[float, float]
                  ) -> tuple[float, float, int, str]:
    """Find ``[lo, hi]`` with ``score(lo) > 0 > score(hi)`` (a local maximum of the profile)."""
    n = 1
    g0 = _score_scalar(eta0, q, mu)
    if not math.isfinite(g0):
        eta0 = 0.0
        g0 = _score_scalar(eta0, q, mu)
        n += 1
    step = 0.25
    up = g0 > 0
    eta = eta0
    for _ in range(64):
        new = eta + step if up else eta - step
        new = min(max(new, ETA_MIN), ETA_MAX)
        gn = _score_scalar(new, q, mu)
        n += 1
        if up and gn <= 0:
            return eta, new, n, ""
        if not up and gn > 0:
            return new, eta, n, ""
        if new in (ETA_MIN, ETA_MAX):
            break
        eta = new
        step *= 2.0
    return math.nan, math.nan, n, "boundary" if not up else "upper"


def _hump_above(q: np.ndarray, eta0: float, mu: tuple[float, float], top: float
                ) -> tuple[float, float, int]:
    """``(lo, hi, evaluations)`` with ``score(lo) > 0 >= score(hi)`` above ``eta0``, where
    the score is not positive; ``lo`` and ``hi`` are NaN if doubling steps up to ``top``
    find none. The search down from ``eta0`` reached the boundary; a sample of two clusters
    of excesses (a few tiny ones, the rest near the maximum) can still have an interior
    maximum above ``eta0`` with a far higher likelihood (``xi`` of 4.8 against -1)."""
    n, step, eta, rising = 0, 0.25, eta0, False
    for _ in range(64):
        new = min(eta + step, top)
        g = _score_scalar(new, q, mu)
        n += 1
        if g > 0:
            rising = True
        elif rising and math.isfinite(g):
            return eta, new, n
        if new == top:
            break
        eta, step = new, step * 2.0
    return math.nan, math.nan, n


def _brent(q: np.ndarray, mu: tuple[float, float], lo: float, hi: float
           ) -> tuple[float, int, bool]:
    """The profile score's root in ``[lo, hi]`` by Brent's method: ``(root, evaluations,
    converged)``."""
    root, res = optimize.brentq(_score_scalar, lo, hi, args=(q, mu), xtol=1e-13, rtol=1e-14,
                                maxiter=200, full_output=True, disp=False)
    return float(root), int(res.function_calls), bool(res.converged)


def _beyond_boundary(q: np.ndarray, mu: tuple[float, float], eta_from: float,
                     sol: MLESolution, ll_boundary: float) -> MLESolution:
    """``sol`` unless it is the boundary; then the interior maximum above ``eta_from`` (the
    start, or a local maximum below the boundary's likelihood) where that likelihood is
    higher."""
    if not sol.boundary:
        return sol
    # where xi >= 0, every GPD density is at most 1 / (e y) (the largest over sigma at y is
    # (1 / y) (1 + xi)^-(1 + 1/xi)), so no point there beats the boundary's likelihood (0 in
    # units of the maximum) unless mean log(1 / q) > 1: the search stops at eta = 0 then
    with np.errstate(divide="ignore"):
        spread = -float(np.log(q).mean())
    top = ETA_MAX if spread > 1.0 else 0.0
    # above eta = -30 (xi = -1 + 5e-12; further down the score is rounding noise), hump after
    # hump until one beats the boundary (three clusters of excesses can make two humps)
    eta, n_up = max(eta_from, -30.0), 0
    while eta < top:
        lo, hi, n_hump = _hump_above(q, eta, mu, top)
        n_up += n_hump
        if math.isnan(lo):
            break
        root, calls, converged = _brent(q, mu, lo, hi)
        n_up += calls
        alt = _interior(q, mu, root, sol.n_eval + n_up, converged, sol.scale, ll_boundary)
        if not alt.boundary:
            return alt
        eta = hi
    return replace(sol, n_eval=sol.n_eval + n_up)


#: Up to this many excesses, :func:`mle` looks for a higher local maximum on a grid.
_GLOBAL_K = 200
_GLOBAL_POINTS = 48


def _cluster_below(y: np.ndarray) -> bool:
    """Whether more than 1% of the excesses (and more than 5) lie below a thousandth of
    their median: a cluster far below the rest, which gives the profile a second maximum at
    any number of excesses (a GPD sample puts about a thousandth of its excesses there). A
    review: past 200 excesses the grid was not read, and 60 such values among 201 gave
    xi = -0.92 where the likelihood's maximum, 143 units higher, is at xi = 8.3."""
    q = np.asarray(y, dtype=float)
    below = int(np.count_nonzero(q < 1e-3 * float(np.median(q))))
    return below > max(5, 0.01 * q.shape[0])


def mle(y: np.ndarray, *, start: tuple[float, float] | None = None,
        y_is_sorted: bool = False) -> MLESolution:
    """Maximum-likelihood GPD fit of excesses ``y`` (any order), constrained to ``xi >= -1``.

    One-dimensional: bracket a sign change of the profile score in ``eta`` from the start
    (PWM unless given), refine with Brent's method, and compare with the boundary value
    ``-k log y_max`` at ``xi = -1``. ``y_is_sorted=True`` (ascending) skips the sort that the
    PWM start needs.

    On at most 200 excesses, or where a cluster lies far below the rest
    (:func:`_cluster_below`), the profile can have two local maxima; the profile likelihood
    is then also read on a grid of 48 points
    in ``eta`` over the whole range the excesses allow, and the search starts again from a
    grid point above the maximum found (``multimodal``); a fit at the constraint from at most
    5,000 excesses is checked on a grid just inside it (:func:`_hump_near_boundary`). Every
    caller -- a fit with or
    without intervals, the threshold scans -- so gets the same, global, maximum (the
    interval's search had been the only one to look, so the estimate changed with ``ci``).
    """
    sol = _local_mle(y, start=start, y_is_sorted=y_is_sorted)
    k = np.shape(y)[0]
    if sol.boundary and math.isfinite(sol.loglik) and k <= _HUMP_K:
        sol = _hump_near_boundary(y, sol, y_is_sorted)
    if (k > _GLOBAL_K and not _cluster_below(y)) or not math.isfinite(sol.loglik):
        return sol
    q = np.asarray(y, dtype=float) / sol.scale
    positive = q[q > 0]
    if positive.size < 2:
        return sol
    with np.errstate(over="ignore", divide="ignore"):  # a smallest excess near 1e-308
        hi = min(math.log1p(float(np.float64(100.0) / positive.min())), ETA_MAX)
    etas = np.linspace(-8.0, max(hi, 1.0), _GLOBAL_POINTS)
    eta_best, ll_best = _grid_peak(etas, q)
    best = sol.loglik + k * math.log(sol.scale)  # in q-units
    if not ll_best > best + 1e-7 * max(1.0, abs(best)):
        return replace(sol, n_eval=sol.n_eval + _GLOBAL_POINTS)
    alt = _local_mle(y, y_is_sorted=y_is_sorted, eta_start=eta_best)
    if alt.loglik > sol.loglik:
        return replace(alt, multimodal=True, n_eval=sol.n_eval + alt.n_eval + _GLOBAL_POINTS)
    return replace(sol, n_eval=sol.n_eval + alt.n_eval + _GLOBAL_POINTS)


def _grid_peak(etas: np.ndarray, q: np.ndarray) -> tuple[float, float]:
    """The grid point in ``eta`` where the profile log-likelihood of the scaled excesses
    ``q`` is highest, and that log-likelihood (in units of ``q``; non-finite points skipped)."""
    ll = profile_terms(etas, q, mu=moments(q))["ll"]
    i = int(np.argmax(np.where(np.isfinite(ll), ll, -np.inf)))
    return float(etas[i]), float(ll[i])


#: The grid in ``eta`` read below a fit at the constraint: from ``xi = -1 + 1e-13`` up.
_NEAR_BOUNDARY = np.arange(-30.0, 0.01, 0.25)
#: Up to this many excesses (the humps a review found had 300-3000); the grid reads 121 x k
#: values, 0.3 s and 480 MB per fit at 10^5 (a review of the change), a few ms here.
_HUMP_K = 5000


def _hump_near_boundary(y: np.ndarray, sol: MLESolution, y_is_sorted: bool) -> MLESolution:
    """``sol`` (a fit at the constraint ``xi = -1``), or an interior maximum just inside it
    that the search's doubling steps jumped over: the profile read on a grid in ``eta`` and
    the search started again from its best point where that beats the constraint (a review:
    uniform excesses, 1-2% of fits at 300-3000 excesses, said "no interior maximum" where the
    profile peaks at xi = -0.993, 0.017 units higher, as scipy finds; the hump spans 6.5
    units of ``eta``, the grid's step is 0.25)."""
    q = np.asarray(y, dtype=float) / sol.scale
    eta_best, ll_best = _grid_peak(_NEAR_BOUNDARY, q)
    n = sol.n_eval + _NEAR_BOUNDARY.size
    if not ll_best > 1e-9 * q.shape[0]:  # the constraint's likelihood is 0 in these units
        return replace(sol, n_eval=n)
    alt = _local_mle(y, y_is_sorted=y_is_sorted, eta_start=eta_best)
    better = alt.loglik > sol.loglik and not alt.boundary
    return replace(alt if better else sol, n_eval=n + alt.n_eval)


def _start_eta(y: np.ndarray, q: np.ndarray, scale: float,
               start: tuple[float, float] | None, y_is_sorted: bool) -> float:
    """The search's starting ``eta``: from ``start`` (xi, sigma), or the PWM estimate."""
    xi0, s0 = start if start is not None else pwm(y if y_is_sorted else np.sort(y))
    xi0 = min(max(xi0, -0.9), 5.0) if math.isfinite(xi0) else 0.1
    s0 = s0 / scale if (math.isfinite(s0) and s0 > 0) else float(q.mean())
    alpha0 = xi0 / s0
    return math.log1p(alpha0) if alpha0 > -0.999 else math.log(1e-3)


def _local_mle(y: np.ndarray, *, start: tuple[float, float] | None = None,
               y_is_sorted: bool = False, eta_start: float | None = None) -> MLESolution:
    """The local maximum :func:`mle` reaches from ``start`` (PWM unless given), or from
    ``eta_start`` when given."""
    y = np.asarray(y, dtype=float)
    k = y.shape[0]
    scale = float(y[-1]) if y_is_sorted else float(y.max())
    q = y / scale
    eta0 = _start_eta(y, q, scale, start, y_is_sorted) if eta_start is None else eta_start
    mu = moments(q)
    ll_boundary = 0.0  # -k log(q_max) with q_max = 1
    log_scale = math.log(scale)
    newton = _newton_root(q, eta0, mu)
    if newton is not None:
        sol = _interior(q, mu, newton[0], newton[1], True, scale, ll_boundary)
        return _beyond_boundary(q, mu, newton[0], sol, ll_boundary)
    lo, hi, n_eval, why = _bracket_root(q, eta0, mu)
    if why == "upper":
        t = profile_terms(ETA_MAX, q, mu=mu)
        return MLESolution(float(t["xi"][0]), float(t["sigma"][0]) * scale,
                           float(t["ll"][0]) - k * log_scale, ETA_MAX, False, False,
                           "the profile likelihood still increases at xi = "
                           f"{float(t['xi'][0]):.3g}; no finite maximum was found", n_eval, scale)
    if why == "boundary":
        sol = MLESolution(-1.0, scale, ll_boundary - k * log_scale, -math.inf, True, True,
                          "the likelihood is largest at the constraint xi = -1 (support endpoint "
                          "at the sample maximum): no interior maximum", n_eval, scale)
        return _beyond_boundary(q, mu, eta0, sol, ll_boundary)
    root, calls, converged = _brent(q, mu, lo, hi)
    sol = _interior(q, mu, root, n_eval + calls, converged, scale, ll_boundary)
    return _beyond_boundary(q, mu, root, sol, ll_boundary)


def _interior(q: np.ndarray, mu: tuple[float, float], root: float, n_eval: int,
              converged: bool, scale: float, ll_boundary: float) -> MLESolution:
    """The fit at the profile score's root ``root`` (the boundary ``xi = -1`` where its
    likelihood ``ll_boundary``, in units of the maximum, is at least as high)."""
    k = q.shape[0]
    log_scale = math.log(scale)
    t = profile_terms(root, q, mu=mu)
    ll = float(t["ll"][0])
    # a root at xi = -1 to rounding (eta near -40: the score's rounding noise) is the
    # boundary itself, whose endpoint is the sample maximum; reported as interior its support
    # ended at the maximum to rounding, the log-likelihood there was -inf and A2 infinite
    if ll_boundary >= ll or float(t["xi"][0]) <= -1.0 + 1e-9:
        return MLESolution(-1.0, scale, ll_boundary - k * log_scale, -math.inf, True, True,
                           "the likelihood at the constraint xi = -1 (support endpoint at the "
                           "sample maximum) exceeds the interior local maximum at xi = "
                           f"{float(t['xi'][0]):.3g}", n_eval, scale)
    return MLESolution(float(t["xi"][0]), float(t["sigma"][0]) * scale, ll - k * log_scale,
                       root, converged, False,
                       "" if converged else "Brent's method did not converge", n_eval, scale)
