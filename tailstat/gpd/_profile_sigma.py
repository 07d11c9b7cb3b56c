"""The profile-likelihood interval of the GPD scale σ: the projection onto ``sigma`` of the
likelihood region ``{l(xi, sigma) >= cut, xi >= -1}``, also explicit in ``eta``: in units
of the largest excess, at fixed ``theta = xi / sigma`` (``alpha = expm1(eta)``,
``L = mean(log1p(alpha q))``), the log-likelihood of ``t = 1 / sigma`` is
``k log t - k L - (k L / alpha) t``, concave, largest at ``sigma* = L / alpha`` (``xi = L``) with
the value ``l_theta = -k (log sigma* + 1 + L)``. Its level set ``{l >= cut}`` at that ``theta`` is
the slice ``sigma* e^-v`` for ``v`` between the two roots of ``expm1(v) - v = (l_theta - cut)/k``
(Lambert's W in closed form); ``xi >= -1`` caps it at ``-1 / alpha`` where ``alpha < 0``. The
interval is the lowest and highest point of those slices over the stretch of ``eta`` around the
MLE where they are not empty: the best points of a grid there, refined by Newton's method on the
ridge where ``l`` is largest over ``theta`` at fixed ``sigma`` (the region's top and bottom).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tailstat.gpd import _likelihood as lik
from tailstat.gpd._likelihood import ETA_MAX, ETA_MIN
from tailstat.gpd._mle import MLESolution
from tailstat.gpd._profile import ProfileInterval

__all__ = ["SigmaInterval", "sigma_interval"]


@dataclass(frozen=True)
class SigmaInterval:
    """Internal result of :func:`sigma_interval`, in the units of the excesses."""

    low: float
    high: float
    open_low: bool  # the region reaches the search limit ETA_MAX: ``low`` is 0


#: Cells (``eta`` values x excesses) evaluated at once (16 MB a work array).
_CELLS = 1 << 21
#: Points of the grid on each side of the MLE; beyond :data:`_FEW` excesses, where each
#: costs more than a call and the region is smooth, :data:`_SIDE_POINTS_MANY`.
_SIDE_POINTS = 16
_FEW = 500
_SIDE_POINTS_MANY = 6
#: The grid reaches this many times as far from the MLE as the ends of ``xi``'s interval
#: (the region's ends lie 1-1.5 times as far in ``eta``, up to 4.4 on the side of
#: ``xi = -1``), and three times as far again while a side stays in the region; on a side
#: open to a search limit, uniform up to :data:`_REACH` and geometric beyond.
_WIDEN = 2.5
_REACH = 8.0
#: A Newton step on the ridge shorter than this (in ``eta``) is its last, not evaluated.
_LAST_RIDGE_STEP = 1e-5


def _log_rows(eta: np.ndarray, q: np.ndarray, a: np.ndarray, lp: np.ndarray) -> np.ndarray:
    """``lp = log(1 + a)``, ``a = alpha q`` a row per ``eta``, formed as
    ``log((1 - q) + exp(eta) q)`` below ``eta = -1`` (as :func:`~._likelihood._rows` does: no
    cancellation near the support edge)."""
    low = (eta < -1.0)[:, None]
    if not low.any():
        return np.log1p(a, out=lp)
    np.multiply(np.exp(eta)[:, None], q, out=lp, where=low)
    np.add(lp, 1.0 - q, out=lp, where=low)
    np.log(lp, out=lp, where=low)
    return np.log1p(a, out=lp, where=~low)


def _level_roots(eps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The roots ``v- <= 0 <= v+`` of ``expm1(v) - v = eps >= 0`` (``u = e^v`` is
    ``-W(-exp(-1 - eps))`` on the two real branches of Lambert's W, whose ``W_-1`` in scipy
    returns 1 within 1e-10 of the branch point): Newton's method on the convex function from
    ``-s - s^2/3`` below the lower root (``-1 - eps`` from ``eps = 10``) and
    ``min(s, log1p(eps + s))`` above the upper one, ``s = sqrt(2 eps)``."""
    s = np.sqrt(2.0 * eps)
    v = np.concatenate([np.where(eps < 10.0, -s - s * s / 3.0, -1.0 - eps),
                        np.minimum(s, np.log1p(eps + s))])
    target = np.concatenate([eps, eps])
    live = np.flatnonzero(target > 0.0)  # eps = 0: both roots are 0
    for _ in range(60):
        if live.size == 0:
            break
        x = v[live]
        step = (np.expm1(x) - x - target[live]) / np.expm1(x)
        v[live] = x - step
        live = live[np.abs(step) > 1e-14]  # v to 1e-14: sigma is sigma* e^-v
    return v[:eps.shape[0]], v[eps.shape[0]:]


class _SliceEval:
    """The ``sigma`` slice of the likelihood region at each ``eta``, and the ridge, in
    ``q``-units."""

    def __init__(self, q: np.ndarray, cut: float) -> None:
        self.q, self.cut = q, cut
        self.k = q.shape[0]
        self.mean = float(q.mean())
        self._work = np.empty((2, 0, self.k))

    def _rows(self, etas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``alpha``, ``a = alpha q`` and ``log(1 + a)``, in work arrays kept between calls
        (fresh temporaries of many excesses cost more than the sums)."""
        n = etas.shape[0]
        if self._work.shape[1] < n:
            self._work = np.empty((2, n, self.k))
        a, lp = self._work[0, :n], self._work[1, :n]
        alpha = np.expm1(etas)
        np.multiply.outer(alpha, self.q, out=a)
        return alpha, a, _log_rows(etas, self.q, a, lp)

    def _sums(self, fn: Callable[[np.ndarray], np.ndarray], etas: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``alpha``, ``sigma* = L / alpha`` (``mean(q)`` at 0) and the sums ``fn`` gives
        (rows of a 2-d array, ``L`` first), on blocks of at most :data:`_CELLS` cells."""
        rows = max(1, _CELLS // self.k)
        sums = fn(etas) if etas.shape[0] <= rows else np.concatenate(
            [fn(etas[i:i + rows]) for i in range(0, etas.shape[0], rows)], axis=1)
        alpha = np.expm1(etas)
        with np.errstate(divide="ignore", invalid="ignore"):
            return alpha, np.where(alpha == 0.0, self.mean, sums[0] / alpha), sums

    def _ridge_sums(self, etas: np.ndarray) -> np.ndarray:
        """``L``, ``G = mean(a r)`` and ``H = mean((a r)^2)`` (``a = alpha q``,
        ``r = 1 / (1 + a)``; of order 1 at any ``alpha``), and where ``|alpha| < 0.01``
        ``L1 = mean(q r)``, ``L2 = mean((q r)^2)`` and the series ``E = mean(q^2 e(a))``,
        ``E1 = mean(q^3 e'(a))`` (:func:`~._likelihood._e`; NaN elsewhere)."""
        q = self.q
        alpha, a, lp = self._rows(etas)
        out = np.full((7, etas.shape[0]), np.nan)
        small = np.abs(alpha) < 0.01
        if small.any():
            qr = q / (1.0 + a[small])
            out[3, small], out[4, small] = qr.sum(axis=1), np.einsum("ij,ij->i", qr, qr)
            out[5, small] = lik._rowdot(lik._e(a[small]), q * q)
            out[6, small] = lik._rowdot(lik._e_prime(a[small]), q * q * q)
        out[0] = lp.sum(axis=1)
        ar = np.divide(a, np.exp(lp, out=lp), out=lp)  # a / (1 + a)
        out[1], out[2] = ar.sum(axis=1), np.einsum("ij,ij->i", ar, ar)
        return out / self.k

    def __call__(self, etas: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(gap, low, high)``: the largest log-likelihood at ``theta`` with ``xi >= -1``
        minus the cut, and the ends of the slice (NaN where it is empty, ``gap < 0``)."""
        k = self.k
        alpha, best, (L,) = self._sums(lambda e: self._rows(e)[2].sum(axis=1)[None] / k, etas)
        ll = -k * (np.log(best) + 1.0 + L)
        bind = L < -1.0  # xi = L < -1 at sigma*: the best allowed is xi = -1, sigma = -1/alpha
        with np.errstate(divide="ignore"):
            cap = np.where(alpha < 0.0, -1.0 / alpha, np.inf)
            gap = np.where(bind, k * np.log(np.where(bind, -alpha, 1.0)), ll) - self.cut
        v_low, v_high = _level_roots(np.maximum(ll - self.cut, 0.0) / k)
        inside = gap >= 0.0
        return (gap, np.where(inside, best * np.exp(-v_high), np.nan),
                np.where(inside, np.minimum(best * np.exp(-v_low), cap), np.nan))

    def ridge(self, etas: np.ndarray) -> tuple[np.ndarray, ...]:
        """On the ridge where ``l`` is largest over ``theta`` at fixed ``sigma``:
        ``(xi, sigma_r, dsigma_r/deta, l - cut, dl/deta)``.

        ``dl/dalpha = 0`` at ``sigma_r = (L - G) / (alpha G)``, where
        ``l = -k (log sigma_r + L + sigma* / sigma_r)``, ``dl/deta = dl/dsigma dsigma_r/deta``
        and ``dlog(sigma_r)/deta = (1 + alpha) ((H - 2 (L - G)) G + (L - G) H) /
        (alpha G (L - G))``; near ``alpha = 0``, with ``L - G = alpha^2 E``, ``G = alpha L1``,
        ``H = alpha^2 L2``: ``sigma_r = E / L1`` and ``(1 + alpha) (E1 L1 + E L2) / (E L1)``.
        """
        alpha, best, (L, G, H, L1, L2, E, E1) = self._sums(self._ridge_sums, etas)
        series = ~np.isnan(E)
        with np.errstate(divide="ignore", invalid="ignore"):
            LG = L - G
            sr = np.where(series, E / L1, LG / (alpha * G))
            dlog = (1.0 + alpha) * np.where(series, (E1 * L1 + E * L2) / (E * L1),
                                            ((H - 2.0 * LG) * G + LG * H) / (alpha * G * LG))
        ratio = best / sr
        return (alpha * sr, sr, sr * dlog, -self.k * (np.log(sr) + L + ratio) - self.cut,
                self.k * (ratio - 1.0) * dlog)


def _side_grid(start: float, end: float, opened: bool, n: int) -> np.ndarray:
    """``n`` grid points from ``start`` (excluded) to ``end``, in order outwards (on an open
    side, up to :data:`_REACH` from ``start``, and 6 geometric ones beyond)."""
    d, sign = abs(end - start), (1.0 if end >= start else -1.0)
    if d == 0.0:
        return np.empty(0)
    if not opened or d <= _REACH:
        return start + sign * d * np.arange(1, n + 1) / n
    near = _REACH * np.arange(1, n + 1) / n
    return start + sign * np.concatenate([near, np.geomspace(_REACH, d, 7)[1:]])


def _region_grid(f: _SliceEval, centre: float, ends: tuple[float, float],
                 opened: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The slices on a grid over the region's stretch around ``centre``: ``(x, low, high,
    opened)``, ``x`` ascending, the ends NaN from the first point outside the region on each
    side, and which sides reach the search limit. ``ends``: points of the region (the ends
    of ``xi``'s interval in ``eta``), which the grid reaches :data:`_WIDEN` times over."""
    limit, sign = (ETA_MIN, ETA_MAX), (-1.0, 1.0)
    n = _SIDE_POINTS if f.k <= _FEW else _SIDE_POINTS_MANY
    opened, start = opened.copy(), [centre, centre]
    reach = [limit[s] if opened[s] else centre + sign[s] * (
        max(_WIDEN * abs(ends[s] - centre), 0.05) if math.isfinite(ends[s]) else 0.5)
        for s in (0, 1)]
    pts: list[list[np.ndarray]] = [[], []]
    vals: list[list[tuple[np.ndarray, ...]]] = [[], []]
    todo, mid = [0, 1], [math.nan, math.nan]
    while todo:
        for s in todo:
            reach[s] = min(max(reach[s], ETA_MIN), ETA_MAX)
        new = [_side_grid(start[s], reach[s], bool(opened[s]) or reach[s] == limit[s], n)
               if s in todo else np.empty(0) for s in (0, 1)]
        first = not pts[0] and not pts[1]
        ev = f(np.concatenate([*new, [centre]] if first else new))
        if first:  # the centre: NaN unless in the region
            mid = [float(ev[1][-1]), float(ev[2][-1])]
        cuts = np.cumsum([0, new[0].shape[0], new[1].shape[0]])
        for s in todo:
            pts[s].append(new[s])
            vals[s].append(tuple(v[cuts[s]:cuts[s + 1]] for v in ev))
        crossed = [s for s in todo if (vals[s][-1][0] < 0.0).any()]
        opened |= np.array([s in todo and s not in crossed and reach[s] == limit[s]
                            for s in (0, 1)])
        todo = [s for s in todo if s not in crossed and not opened[s]]
        for s in todo:  # still in the region: three times as far
            start[s], reach[s] = reach[s], centre + 3.0 * (reach[s] - centre)
    out = []
    for s in (0, 1):  # the first stretch from the centre on each side
        gap, low, high = (np.concatenate([v[j] for v in vals[s]]) for j in range(3))
        below = np.flatnonzero(gap < 0.0)
        keep = np.arange(gap.shape[0]) < (below[0] if below.size else gap.shape[0])
        out.append((np.concatenate(pts[s]), np.where(keep, low, np.nan),
                    np.where(keep, high, np.nan)))
    x, low, high = (np.concatenate([out[0][j][::-1], [c], out[1][j]])
                    for j, c in enumerate((centre, *mid)))
    return x, low, high, opened


def _extremes(f: _SliceEval, x: np.ndarray, vals: list[np.ndarray]) -> list[float]:
    """The highest of ``vals`` (``-low`` and ``high`` of the slices on the grid ``x``; NaN
    outside the region or where not sought), refined by Newton's method on the ridge for
    ``l = cut`` from the top of the parabola through the best point and its neighbours,
    between those: the top and bottom of the region lie on the ridge. Where that fails
    (it leaves them, or ends below ``xi = -1``), the grid's best (an inner bound)."""
    found, ts = [math.nan, math.nan], [t for t in (0, 1) if np.isfinite(vals[t]).any()]
    i = [int(np.nanargmax(vals[t])) for t in ts]
    lo = np.array([x[max(j - 1, 0)] for j in i])
    hi = np.array([x[min(j + 1, x.shape[0] - 1)] for j in i])
    eta = np.array([x[j] for j in i])
    for m, (t, j) in enumerate(zip(ts, i, strict=True)):
        if 0 < j < x.shape[0] - 1 and np.isfinite(vals[t][j - 1:j + 2]).all():
            (d0, d1), (w0, w1) = np.diff(x[j - 1:j + 2]), np.diff(vals[t][j - 1:j + 2])
            s0, s1 = w0 / d0, w1 / d1  # the slopes at the two midpoints
            if s1 < s0:  # concave
                eta[m] = x[j] - 0.5 * d0 - 0.5 * s0 * (d0 + d1) / (s1 - s0)
    live = list(range(len(ts)))
    for _ in range(12):
        if not live:
            break
        xi, sr, dsr, h, dh = f.ridge(eta[live])
        for j, m in enumerate(list(live)):
            step = -h[j] / dh[j] if dh[j] != 0.0 else math.nan
            if not lo[m] <= eta[m] + step <= hi[m]:
                live.remove(m)
            elif abs(step) < _LAST_RIDGE_STEP:  # the last, unevaluated: its error is its square
                live.remove(m)
                if xi[j] + 1.0 > 0.0:
                    found[ts[m]] = (sr[j] + dsr[j] * step) * (1.0 if ts[m] else -1.0)
            else:
                eta[m] += step
    for t, j in zip(ts, i, strict=True):
        found[t] = float(np.fmax(found[t], vals[t][j]))
    return found


def sigma_interval(y: np.ndarray, sol: MLESolution, xi_interval: ProfileInterval
                   ) -> SigmaInterval:
    """Profile-likelihood interval ``{sigma : 2 (l_max - l_p(sigma)) <= chi2_1(level)}`` with
    ``l_p(sigma) = max over xi >= -1 of l(xi, sigma)``: the projection of the likelihood region
    onto ``sigma`` (module doc) over the stretch of ``eta`` around the MLE where its slices are
    not empty (to the first crossing of the cut on each side, as for ``xi``).

    ``xi_interval``: :func:`profile_interval` of the same fit at the same level (its cut is
    this region's); the ends of ``xi``'s interval
    lie in the region (the profile of ``xi`` at an ``eta`` is a point of its slice), and a side
    open for ``xi`` is open here. Where the cut is below the likelihood of ``xi = -1`` at the
    sample maximum and the region reaches ``ETA_MIN``, the segment ``xi = -1``,
    ``y_max <= sigma <= y_max e^(-cut/k)`` is in it. Where the region reaches the search limit
    ``ETA_MAX`` (``theta y_max = e^700``, ``sigma`` near 1e-300 ``y_max``), nothing bounds
    ``sigma`` away from 0: ``low`` is 0 (``open_low``).
    """
    y = np.asarray(y, dtype=float)
    k = y.shape[0]
    cut = xi_interval.cut  # the same level's, in q-units
    f = _SliceEval(y / sol.scale, cut)
    ends = xi_interval.eta_ends
    opened = np.array([sol.boundary or xi_interval.open_low, xi_interval.open_high])
    if sol.boundary:  # the region runs down to xi = -1: centred on the end of xi's interval
        centre, ends = (ends[1] if math.isfinite(ends[1]) else ETA_MIN), (math.nan, math.nan)
    else:
        centre = min(max(sol.eta, ETA_MIN), ETA_MAX)
    x, lows, highs, opened = _region_grid(f, centre, ends, opened)
    neg_low, high = _extremes(f, x, [np.full_like(x, np.nan) if opened[1] else -lows, highs])
    low = -neg_low
    if cut <= 0.0 and opened[0]:  # the segment xi = -1, 1 <= sigma <= exp(-cut / k)
        low, high = float(np.fmin(low, 1.0)), float(np.fmax(high, math.exp(-cut / k)))
    if opened[1]:
        low = 0.0
    return SigmaInterval(low * sol.scale, high * sol.scale, bool(opened[1]))
