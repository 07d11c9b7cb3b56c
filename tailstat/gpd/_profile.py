"""The profile-likelihood interval of the GPD shape ξ and the profile curve, on the explicit
one-dimensional profile of :mod:`tailstat.gpd._likelihood` (its module doc explains the
parameterisation in ``eta``): steps outwards from the MLE until the profile drops below the
chi-square cut on each side, then refines both ends. The interval of the scale σ, which starts
from this one's ends, is in :mod:`tailstat.gpd._profile_sigma`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tailstat._validation import z_value
from tailstat.gpd._likelihood import ETA_MAX, ETA_MIN, moments, profile_terms
from tailstat.gpd._mle import MLESolution

__all__ = ["ProfileInterval", "profile_curve", "profile_interval"]


@dataclass(frozen=True)
class ProfileInterval:
    """Internal result of :func:`profile_interval`."""

    low: float
    high: float
    open_low: bool
    open_high: bool
    better_eta: float  # nan, or an eta whose profile likelihood beats the MLE
    #: the cut of the likelihood region, ``l_max - chi2_1(level) / 2``, in units of the
    #: excesses over ``sol.scale`` (the region of ``sigma`` is cut there too)
    cut: float
    #: ``eta`` at the two ends (nan at an open end or one not solved): points of the
    #: likelihood region, where :func:`~._profile_sigma.sigma_interval` starts its search
    eta_ends: tuple[float, float] = (math.nan, math.nan)


class _ProfileEval:
    """Evaluates the profile likelihood on ``eta`` points, remembering any point that beats the
    MLE (a second local maximum)."""

    def __init__(self, q: np.ndarray, best: float) -> None:
        self.q, self.best, self.better = q, best, math.nan
        self.mu = moments(q)

    def __call__(self, etas: np.ndarray, slope: bool = False) -> dict[str, np.ndarray]:
        t = profile_terms(etas, self.q, slope=slope, mu=self.mu)
        i = int(np.argmax(t["ll"]))
        if t["ll"][i] > self.best + 1e-7 * max(1.0, abs(self.best)):
            self.best = float(t["ll"][i])
            self.better = float(etas[i])
        return t


def _dip(f: _ProfileEval, a: float, b: float, target: float) -> tuple[float, float] | None:
    """A point below ``target`` between ``a`` and ``b``, where the profile falls from ``a``
    and rises into ``b`` (a local minimum lies between): golden-section search for the
    minimum, stopping at the first point below the cut; ``None`` if the dip stays above it
    down to 1/1000 of the stretch (a dip below the cut narrower than that is not sought;
    on a common profile that falls and rises again towards ``xi = -1`` while staying above
    the cut, the search costs 15 evaluations, not 45)."""
    lo, hi = min(a, b), max(a, b)
    width = hi - lo
    g = 0.5 * (math.sqrt(5.0) - 1.0)
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    v1, v2 = (float(v) for v in f(np.array([x1, x2]))["ll"])
    for _ in range(60):
        if min(v1, v2) < target:
            return (x1, v1 - target) if v1 < v2 else (x2, v2 - target)
        if hi - lo < 1e-3 * width:
            break
        if v1 < v2:
            hi, x2, v2 = x2, x1, v1
            x1 = hi - g * (hi - lo)
            v1 = float(f(np.array([x1]))["ll"][0])
        else:
            lo, x1, v1 = x1, x2, v2
            x2 = lo + g * (hi - lo)
            v2 = float(f(np.array([x2]))["ll"][0])
    return None


def _bracket(f: _ProfileEval, eta_hat: float, d0: float, sides: list[int], target: float,
             half: float) -> tuple[np.ndarray, ...]:
    """Step outwards from ``eta_hat`` until the profile drops below ``target`` on each side,
    or the search limit is reached (``opened``): Newton's steps where the profile's slope
    points the way, geometric ones elsewhere.

    The interval is the stretch around the MLE where the profile stays above the cut (its
    first crossing on each side). A long step can pass over a dip below the cut on a profile
    with a second hump; a point above the cut where the profile rises outwards after falling
    reveals such a dip, and the minimum between the two points is searched (:func:`_dip`).
    """
    inner = np.array([eta_hat, eta_hat])
    f_inner = np.array([half, half])
    falling = np.array([True, True])  # the profile falls outwards at `inner` (true at the MLE)
    outer = np.array([eta_hat - d0, eta_hat + d0])
    f_outer = np.full(2, np.nan)
    d_outer = np.full(2, np.nan)  # the profile's slope there (the refinement's first step)
    step = np.array([d0, d0])
    done = np.array([0 not in sides, False])
    opened = np.array([False, False])
    for _ in range(100):
        act = np.flatnonzero(~done)
        if act.size == 0:
            break
        outer[0] = max(outer[0], ETA_MIN)
        outer[1] = min(outer[1], ETA_MAX)
        t = f(outer[act], slope=True)
        vals = t["ll"] - target
        for j, side in enumerate(act):
            sign, slope = (1.0 if side == 1 else -1.0), float(t["dll"][j])
            rise = slope * sign * abs(outer[side] - inner[side])  # along the step, linear
            if vals[j] >= 0 and falling[side] and rise > 1e-6 * max(1.0, half):
                dip = _dip(f, inner[side], outer[side], target)
                if dip is not None:  # the first crossing lies before the dip's low point
                    outer[side], vals[j], slope = dip[0], dip[1], math.nan
            if vals[j] < 0:
                f_outer[side] = vals[j]
                d_outer[side] = slope
                done[side] = True
            else:
                lim = ETA_MIN if side == 0 else ETA_MAX
                if outer[side] == lim:
                    opened[side] = True
                    done[side] = True
                    continue
                inner[side] = outer[side]
                f_inner[side] = vals[j]
                falling[side] = slope * sign < 0
                # Newton's step towards the cut, 5% beyond it: where the profile is concave
                # its tangent lies above it, so the step lands past the cut; else 1.6x
                newton = -1.05 * vals[j] / slope * sign if slope * sign < 0 else math.inf
                step[side] = newton if newton < step[side] * 8.0 else step[side] * 1.6
                outer[side] = inner[side] + sign * step[side]
    return inner, f_inner, outer, f_outer, d_outer, opened


#: Up to this many excesses, the stretch from the MLE to each bracket is checked on a grid.
_GRID_K = 200
_GRID_POINTS = 48


def _first_crossing(f: _ProfileEval, eta_hat: float, brackets: tuple[np.ndarray, ...],
                    target: float, half: float) -> tuple[np.ndarray, ...]:
    """Narrow each bracket to the first grid point below the cut between the MLE and it.

    A profile with a second hump (a small sample of two clusters of excesses) can dip below
    the cut, rise above it and fall again within one step of the bracketing; the interval
    ends at the first crossing. On few excesses a grid over the whole stretch is one more
    vectorised call (96 points; 25-40% of an interval's time at k = 30-200), so it is checked
    there (a dip narrower than the grid's spacing can still be missed)."""
    inner, f_inner, outer, f_outer, d_outer, opened = (a.copy() for a in brackets)
    solve = [s for s in (0, 1) if not opened[s] and math.isfinite(f_outer[s])]
    if not solve:
        return inner, f_inner, outer, f_outer, d_outer, opened
    grids = [np.linspace(eta_hat, outer[s], _GRID_POINTS + 2)[1:-1] for s in solve]
    t = f(np.concatenate(grids), slope=True)
    for j, s in enumerate(solve):
        part = slice(j * _GRID_POINTS, (j + 1) * _GRID_POINTS)
        vals = t["ll"][part] - target
        below = np.flatnonzero(vals < 0)
        if below.size == 0:
            continue
        i = int(below[0])
        outer[s], f_outer[s], d_outer[s] = grids[j][i], vals[i], t["dll"][part][i]
        if i > 0:
            inner[s], f_inner[s] = grids[j][i - 1], vals[i - 1]
        else:
            inner[s], f_inner[s] = eta_hat, half  # the MLE: the cut is half below it
    return inner, f_inner, outer, f_outer, d_outer, opened


#: A Newton step of the refinement shorter than this (in ``eta``) is its last.
_LAST_STEP = 1e-7


def _refine(f: _ProfileEval, brackets: tuple[np.ndarray, ...], sides: list[int],
            target: float, half: float) -> tuple[np.ndarray, np.ndarray]:
    """Safeguarded Newton on each bracketed side (vectorised over the two ends): ``xi`` and
    ``eta`` at the roots of ``l_p(eta) - target`` (``nan`` for a side not solved)."""
    inner, f_inner, outer, f_outer, d_outer, opened = brackets
    lo_b = np.minimum(inner, outer)
    hi_b = np.maximum(inner, outer)
    f_lo = np.where(inner <= outer, f_inner, f_outer)
    f_hi = np.where(inner <= outer, f_outer, f_inner)
    solve = np.array([(s in sides) and not opened[s] and math.isfinite(f_outer[s])
                      for s in (0, 1)])
    # start from Newton's step from the outer end (the first bracket point is usually just
    # beyond the root, where the profile is nearly linear), else from the secant point
    with np.errstate(divide="ignore", invalid="ignore"):
        x = outer - f_outer / d_outer
    secant = lo_b - f_lo * (hi_b - lo_b) / np.where(f_hi != f_lo, f_hi - f_lo, 1.0)
    x = np.where(solve, np.where((lo_b < x) & (x < hi_b), x, secant), np.nan)
    root = np.full(2, np.nan)
    xi_root = np.full(2, np.nan)
    for _ in range(100):
        act = np.flatnonzero(solve & np.isnan(root))
        if act.size == 0:
            break
        t = f(x[act], slope=True)
        fv = t["ll"] - target
        dv = t["dll"]
        for j, s in enumerate(act):
            if abs(fv[j]) < 1e-10 * max(1.0, half) or (hi_b[s] - lo_b[s]) < 1e-13 * max(
                    1.0, abs(x[s])):
                root[s] = x[s]
                xi_root[s] = t["xi"][j]
                continue
            if (fv[j] > 0) == (f_lo[s] > 0):
                lo_b[s], f_lo[s] = x[s], fv[j]
            else:
                hi_b[s], f_hi[s] = x[s], fv[j]
            newton = x[s] - fv[j] / dv[j] if (dv[j] != 0 and math.isfinite(dv[j])) else np.nan
            if not (lo_b[s] <= newton <= hi_b[s]):
                newton = 0.5 * (lo_b[s] + hi_b[s])
            elif abs(newton - x[s]) < _LAST_STEP:
                # the last step, taken without evaluating the profile again: Newton's error
                # after it is of order step^2 (1e-14), and xi moves along its slope
                root[s] = newton
                xi_root[s] = t["xi"][j] + t["dxi"][j] * (newton - x[s])
                continue
            x[s] = newton
    return xi_root, root


def profile_interval(y: np.ndarray, sol: MLESolution, level: float,
                     se_hint: float | None = None) -> ProfileInterval:
    """Profile-likelihood interval ``{xi : 2 (l_max - l_p(xi)) <= chi2_1(level)}``.

    Both ends are found together: geometric bracketing outwards from the MLE (starting near the
    Wald end points), then a safeguarded Newton iteration on ``l_p(eta) - cut`` with the analytic
    slope, vectorised over the two ends. An end that reaches ``xi = -1`` is reported as ``-1``
    (``open_low``); the profile is cut there because ``xi >= -1`` is the constraint of the fit.
    """
    y = np.asarray(y, dtype=float)
    k = y.shape[0]
    q = y / sol.scale
    log_scale = math.log(sol.scale)
    half = 0.5 * z_value(level) ** 2  # chi2_1's quantile at level: the normal's, squared
    target = sol.loglik + k * log_scale - half  # in q-units
    f = _ProfileEval(q, best=sol.loglik + k * log_scale)
    eta_hat, sides = (ETA_MIN, [1]) if sol.boundary else (sol.eta, [0, 1])
    # initial offset in eta from the Wald half-width
    se = se_hint if (se_hint is not None and math.isfinite(se_hint) and se_hint > 0) else (
        (1.0 + max(sol.xi, -0.5)) / math.sqrt(k))
    t_hat = profile_terms(eta_hat, q, slope=True, mu=f.mu)
    dxi = float(t_hat["dxi"][0])
    d0 = 2.0 * se / dxi if (math.isfinite(dxi) and dxi > 0) else 0.5
    d0 = min(max(d0, 1e-3), 5.0)
    brackets = _bracket(f, eta_hat, d0, sides, target, half)
    if k <= _GRID_K:
        brackets = _first_crossing(f, eta_hat, brackets, target, half)
    opened = brackets[-1]
    xi_root, eta_root = _refine(f, brackets, sides, target, half)
    low = -1.0 if (opened[0] or sol.boundary) else float(xi_root[0])
    high = math.inf if opened[1] else float(xi_root[1])
    return ProfileInterval(low, high, bool(opened[0] or sol.boundary), bool(opened[1]),
                           f.better, target, (float(eta_root[0]), float(eta_root[1])))


def profile_curve(y: np.ndarray, sol: MLESolution, xi_grid: np.ndarray | None = None,
                  n: int = 101) -> tuple[np.ndarray, np.ndarray]:
    """Profile log-likelihood on an ``eta`` grid around the MLE: returns ``(xi, loglik)``.

    With ``xi_grid`` the profile is evaluated *at* those values: ``xi(eta)`` is increasing, so
    each requested ``xi`` has exactly one ``eta``, found by bisection inside the bracket the
    grid gives (the profile is explicit in ``eta``: exact to rounding, no interpolation).
    Values below ``xi(ETA_MIN)`` (about -1: the likelihood is unbounded for ``xi < -1``) or
    above ``xi(ETA_MAX)`` get NaN.
    """
    y = np.asarray(y, dtype=float)
    k = y.shape[0]
    q = y / sol.scale
    centre = sol.eta if not sol.boundary else ETA_MIN / 4
    etas = np.concatenate([centre - np.geomspace(8.0, 1e-3, n // 2), [centre],
                           centre + np.geomspace(1e-3, 8.0, n // 2)])
    etas = np.clip(etas, ETA_MIN, ETA_MAX)
    t = profile_terms(etas, q)
    xi = t["xi"]
    ll = t["ll"] - k * math.log(sol.scale)
    if xi_grid is None:
        return xi, ll
    xg = np.atleast_1d(np.asarray(xi_grid, dtype=float))
    # the grid, widened to the whole admissible range, brackets every reachable xi
    ends = profile_terms(np.array([ETA_MIN, ETA_MAX]), q)["xi"]
    grid_eta = np.unique(np.concatenate([[ETA_MIN], etas, [ETA_MAX]]))
    grid_xi = np.maximum.accumulate(np.concatenate([[ends[0]], profile_terms(
        grid_eta[1:-1], q)["xi"], [ends[1]]]))
    out = np.full(xg.shape, np.nan)
    ok = np.isfinite(xg) & (xg >= grid_xi[0]) & (xg <= grid_xi[-1])
    if ok.any():
        j = np.clip(np.searchsorted(grid_xi, xg[ok], side="left"), 1, grid_eta.size - 1)
        lo, hi = grid_eta[j - 1], grid_eta[j]
        target = xg[ok]
        for _ in range(60):  # bisection in eta: the bracket shrinks below rounding
            mid = 0.5 * (lo + hi)
            up = profile_terms(mid, q)["xi"] < target
            lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
        out[ok] = profile_terms(0.5 * (lo + hi), q)["ll"] - k * math.log(sol.scale)
    return xg, out
