"""Exponential moments of the semi-parametric law of a sample: its empirical body plus the
GPD tail of its :class:`~tailstat.goodhart.tail.TailModel`, vectorised over tilts (what the
KL frontier and the KL-tilted policy are computed from).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from tailstat.goodhart._common import mean_sd
from tailstat.goodhart._shared import shared
from tailstat.goodhart.tail import _GL_W, _GL_X, TailModel, gpd_excess_at

__all__ = ["SemiParametric", "law_of"]

#: The body is represented exactly up to this many values, binned beyond.
BODY_EXACT_MAX = 1 << 13
#: Number of equal-width bins for a large body (bin means keep the first moment exact; the
#: relative error of the MGF is about t^2 h^2 / 24 for bin width h).
BODY_BINS = 1 << 13
#: The tail quadrature runs to z = -log(survival) = Z_MAX, 8 nodes per panel.
Z_MAX = 700.0
#: Panel length of the tail quadrature for the MGF (the tilted integrand's width in z is at
#: least 1 / sqrt(|xi|) >= 1).
Z_PANEL = 2.0


def _body_nodes(x: np.ndarray, n_total: int) -> tuple[np.ndarray, np.ndarray]:
    """Locations and log-weights of the body: exact, or bin means of equal-width bins.

    The far lower and upper tails (0.1% each) stay exact: a bin mean below the body's
    maximum would make targets between the two reachable in name only (the tilt that
    reaches them is infinite).
    """
    m = x.shape[0]
    if m == 0:
        return np.empty(0), np.empty(0)
    if m <= BODY_EXACT_MAX:
        return x.astype(float, copy=True), np.full(m, -math.log(n_total))
    lo_q, hi_q = (float(v) for v in np.quantile(x, [1e-3, 1.0 - 1e-3]))
    exact = x[(x < lo_q) | (x > hi_q)]  # the far lower and upper tails stay exact
    mid = x[(x >= lo_q) & (x <= hi_q)]
    width = (hi_q - lo_q) / BODY_BINS
    if width <= 0:
        locs, counts = np.array([hi_q]), np.array([float(mid.shape[0])])
    else:
        idx = np.minimum(((mid - lo_q) / width).astype(np.int64), BODY_BINS - 1)
        counts = np.bincount(idx, minlength=BODY_BINS).astype(float)
        sums = np.bincount(idx, weights=mid, minlength=BODY_BINS)
        keep = counts > 0
        # a bin of equal values (ratings) has their mean up to rounding: clipped to the values
        # binned, so that the top bin never lies a few ULPs above the sample maximum (every
        # frontier row of 1-5 ratings was then "extrapolated": a review)
        locs = np.clip(sums[keep] / counts[keep], float(mid.min()), float(mid.max()))
        counts = counts[keep]
    loc = np.concatenate([exact, locs])
    logw = np.concatenate([np.full(exact.shape[0], 0.0), np.log(counts)]) - math.log(n_total)
    return loc, logw


class SemiParametric:
    """Exponential moments of (empirical body + GPD tail), vectorised over tilts ``t >= 0``.

    Everything here is in standardised units ``z = (x - c) / s`` (``c``, ``s`` the sample mean
    and sd), so that no product or square overflows whatever the scale of the rewards: a tilt
    ``t`` of ``U`` is ``t * s`` of ``Z``, a mean ``m`` of ``U`` is ``(m - c) / s``, and the KL
    (a rate) is the same in both.

    Parameters
    ----------
    x : numpy.ndarray
        The sample.
    model : TailModel
        Its tail model (``"empirical"`` uses the whole sample as the body).
    """

    def __init__(self, x: np.ndarray, model: TailModel) -> None:
        self.model = model
        c, s = mean_sd(x)
        self.c, self.s = c, (s if s > 0 else 1.0)
        xz = (x - self.c) / self.s
        self.sample_max = float(xz.max())
        #: log P(U = sample max): the cost of a target at the sample maximum when the law
        #: ends there (the sample alone) -- a policy that puts all its mass on the largest score
        self.log_p_max = math.log(np.count_nonzero(xz == self.sample_max) / x.shape[0])
        empirical = model.empirical or model.heavy
        u0 = self.sample_max if empirical else (model.threshold - self.c) / self.s
        body = xz if empirical else xz[x <= model.threshold]
        self.loc, self.logw = _body_nodes(body, x.shape[0])
        self.tail_kind = "none" if empirical else ("exp" if model.xi == 0.0 else "nodes")
        self.u0 = u0
        self.sigma = model.sigma / self.s if not empirical else math.nan
        if self.tail_kind == "nodes":
            edges = np.arange(0.0, Z_MAX, Z_PANEL)
            z = (edges[:, None] + Z_PANEL / 2 * (1.0 + _GL_X[None, :])).ravel()
            w = np.tile(Z_PANEL / 2 * _GL_W, edges.shape[0])
            tl = u0 + gpd_excess_at(z, model.xi, self.sigma)
            tw = math.log(model.zeta) - z + np.log(w)
            self.loc = np.concatenate([self.loc, tl])
            self.logw = np.concatenate([self.logw, tw])
        self.is_beyond = self.loc > self.sample_max
        #: supremum of the (standardised) tilt parameter (MGF finite below it)
        self.t_sup = (1.0 / self.sigma) if self.tail_kind == "exp" else math.inf
        #: supremum of the reachable (standardised) means
        if self.tail_kind == "exp":
            self.m_sup = math.inf
        elif self.tail_kind == "nodes":
            # the last node, where the model's survival is e^-Z_MAX (below double precision):
            # no tilt puts its mean past it. With xi near 0 the end point u0 + sigma / -xi lies
            # far beyond (hundreds of sigma at xi = -0.004), and a target in between would
            # drive the tilt to infinity; its cost in the model exceeds Z_MAX nats
            self.m_sup = float(tl[-1])
        else:
            self.m_sup = self.sample_max

    def stats(self, t: np.ndarray) -> dict[str, np.ndarray]:
        """``log M(t)``, tilted mean and variance, tilted mass beyond the sample maximum, and the
        KL of the tilted law from the base law.

        ``t`` must satisfy ``0 <= t < t_sup``.
        """
        t = np.asarray(t, dtype=float)
        out = {k: np.empty(t.shape) for k in ("logm", "mean", "var", "beyond", "kl")}
        chunk = max(1, 4_000_000 // max(self.loc.shape[0], 1))
        for s in range(0, t.shape[0], chunk):  # loop over chunks of tilts, not over samples
            tt = t[s:s + chunk]
            if self.loc.size:
                logb, m1, var, kl, beyond = self._body_stats(tt)
            else:  # no body (a threshold at or below the sample's minimum): the tail alone
                # (a review: "zero-size array to reduction operation maximum")
                logb = np.full(tt.shape, -np.inf)
                m1, var, kl, beyond = (np.zeros(tt.shape) for _ in range(4))
            if self.tail_kind == "exp":
                mdl = self.model
                r = 1.0 - tt * self.sigma
                logt = math.log(mdl.zeta) + tt * self.u0 - np.log(r)
                sig = self.sigma / r
                mt, vt = self.u0 + sig, sig**2
                logm = np.logaddexp(logb, logt)
                wb, wt = np.exp(logb - logm), np.exp(logt - logm)
                mean = wb * m1 + wt * mt
                var = wb * var + wt * vt + wb * wt * (m1 - mt) ** 2
                bt = np.exp(-(self.sample_max - self.u0) / sig)
                beyond = wb * beyond + wt * bt
                logb, m1 = logm, mean
                kl = tt * mean - logm  # t < 1/sigma: no cancellation
            out["logm"][s:s + chunk] = logb
            out["mean"][s:s + chunk] = m1
            out["var"][s:s + chunk] = var
            out["beyond"][s:s + chunk] = beyond
            out["kl"][s:s + chunk] = np.maximum(kl, 0.0)
        return out

    def _body_stats(self, tt: np.ndarray) -> tuple[np.ndarray, ...]:
        """``log M``, mean, variance, KL and mass beyond the sample maximum of the nodes
        (the body, and the GPD tail's nodes) tilted by each of ``tt``."""
        a = tt[:, None] * self.loc[None, :] + self.logw[None, :]
        amax = a.max(axis=1, keepdims=True)
        e = np.exp(a - amax)
        s0 = e.sum(axis=1)
        m1 = (e @ self.loc) / s0
        d = self.loc[None, :] - m1[:, None]
        var = np.einsum("ij,ij->i", e, d * d) / s0
        logb = np.log(s0) + amax[:, 0]
        # KL(tilted || base) = E[a - amax] - E[log w] - log s0 under the tilted weights:
        # every term of moderate size (t * mean - log M cancels all its digits at a large t)
        kl = (np.einsum("ij,ij->i", e, a - amax) - e @ self.logw) / s0 - np.log(s0)
        beyond = (e[:, self.is_beyond].sum(axis=1) / s0) if self.is_beyond.any() \
            else np.zeros(tt.shape)
        return logb, m1, var, kl, beyond

    def solve(self, target: np.ndarray, *, tol: float = 1e-10, max_iter: int = 200
              ) -> np.ndarray:
        """The tilt ``t`` with tilted mean equal to each target (``mean0 < target < m_sup``).

        Safeguarded Newton with a bracket, vectorised over targets: it starts from the first
        Newton step out of ``t = 0`` (exact for a normal law), a bisection replaces any step
        that leaves the bracket, and each iteration evaluates only the targets not yet
        converged.
        """
        target = np.asarray(target, dtype=float)
        st0 = self.stats(np.zeros(1))
        m0, v0 = float(st0["mean"][0]), max(float(st0["var"][0]), 1e-300)
        lo = np.zeros_like(target)
        with np.errstate(over="ignore"):
            guess = np.maximum((target - m0) / v0, 0.0)
        if math.isfinite(self.t_sup):
            hi = np.full_like(target, self.t_sup * (1.0 - 1e-12))
        else:
            # grow an upper bracket from the first Newton step: double until the tilted mean
            # passes the target (the targets still short are the only ones evaluated)
            hi = np.maximum(guess, 1.0 / math.sqrt(v0))
            short = np.ones(target.shape, dtype=bool)
            for _ in range(200):
                idx = np.flatnonzero(short)
                m = self.stats(hi[idx])["mean"]
                still = m < target[idx]
                lo[idx[still]] = hi[idx[still]]
                hi[idx[still]] *= 2.0
                short[idx[~still]] = False
                if not short.any():
                    break
        t = np.where((guess > lo) & (guess < hi), guess, 0.5 * (lo + hi))
        active = np.ones(target.shape, dtype=bool)
        for _ in range(max_iter):
            idx = np.flatnonzero(active)
            ti, lo_i, hi_i = t[idx], lo[idx], hi[idx]
            st = self.stats(ti)
            f = st["mean"] - target[idx]
            lo_i = np.where(f < 0, ti, lo_i)
            hi_i = np.where(f > 0, ti, hi_i)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                step = ti - f / st["var"]  # (a tiny variance: inf, refused just below)
            bad = ~np.isfinite(step) | (step <= lo_i) | (step >= hi_i)
            t_new = np.where(bad, 0.5 * (lo_i + hi_i), step)
            done = np.abs(t_new - ti) <= tol * np.maximum(1.0, np.abs(ti))
            t[idx], lo[idx], hi[idx] = t_new, lo_i, hi_i
            active[idx[done]] = False
            if not active.any():
                break
        return t


def law_of(x: np.ndarray, model: TailModel, *, own: bool = False) -> SemiParametric:
    """``SemiParametric(x, model)``, or with ``own`` the sample's own law (its empirical
    distribution, whatever the model), built once per sample and model inside
    :func:`tailstat.goodhart._shared.shared_work`."""
    if own:
        emp = model if model.empirical else dataclasses.replace(model, label="empirical")
        return shared("own law", (x,), lambda: SemiParametric(x, emp))
    return shared("law", (x, model), lambda: SemiParametric(x, model))
