"""Build the classifier's reference table: feature distributions of a library of tails.

This module is run offline (``python -m tailstat.classification.calibrate``) and writes
``calibration.json`` beside it; the classifier only reads that file. For every member of
:data:`LIBRARY` (a distribution with a known tail class) and every sample size on
:data:`N_GRID`, it simulates the *exact* joint law of the top ``k_for(n) + 1`` order statistics
(Rényi's representation: ``1 - U(n-i+1) = Γ_i / Γ_{n+1}`` with Γ partial sums of unit
exponentials, mapped through the distribution's inverse survival function) and the sample
median (a Beta order statistic of the uniform), computes the classifier's features, and
stores their mean and covariance. Simulating only the top of the sample makes the cost
independent of ``n``.

The library spans each class with continuous families chosen from the mathematics of the
MGF taxonomy (DESIGN.md §2), not from any benchmark list:

* heavy / power-law: GPD ξ from 0.1 to 1.5, Student-t with 1 to 8 degrees of freedom,
  Fréchet, log-logistic, Burr;
* heavy / subexponential (ξ = 0, θ > 1): lognormal σ from 0.5 to 2, Weibull shape 0.3 to 0.8;
* light / exponential-type (θ = 1): exponential, gamma shapes 0.5 to 8, logistic, Gumbel;
* light / lighter-than-exponential (θ < 1): normal, half-normal, Weibull shape 1.2 to 5,
  generalised normal β = 4, Maxwell;
* bounded (finite endpoint, ξ < 0): uniform, Beta(a, b) with b from 0.5 to 8, GPD ξ from
  -0.1 to -0.8;
* spliced: a light body (normal, logistic, gamma) with a generalised Pareto tail above its
  95-99% quantile -- heavy (ξ > 0), exponential-type (ξ = 0) or bounded (ξ < 0): the tail
  decides the class, and a heavy tail can hide behind a light body.

Members closer to the light boundary than that (|ξ| < 0.1, Weibull shape > 0.8, lognormal
σ < 0.5) are left out on purpose, on both sides: at practical n they are indistinguishable
from light unbounded tails, so including them would only move prior mass onto the
boundary, not add evidence; the probabilities for such tails are honestly split instead.

Every member is simulated with its own seed (derived from the table seed and its name), so
adding or removing a member leaves the others' entries unchanged.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from tailstat.classification._features import FEATURES, features, k_for

#: log10 of the sample sizes on which the reference table is built.
N_GRID = (2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5, 7.0)

# (label, subtype, name, frozen scipy distribution)
LIBRARY: list[tuple[str, str, str, Any]] = []


def _add(label: str, subtype: str, name: str, dist: Any) -> None:
    LIBRARY.append((label, subtype, name, dist))


for xi in (0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5):
    _add("heavy", "power-law", f"gpd(xi={xi})", stats.genpareto(xi))
for df in (1.0, 1.5, 2.0, 3.0, 5.0, 8.0):
    _add("heavy", "power-law", f"t(df={df})", stats.t(df))
_add("heavy", "power-law", "frechet(2)", stats.invweibull(2.0))
_add("heavy", "power-law", "loglogistic(3)", stats.fisk(3.0))
_add("heavy", "power-law", "burr12(2,1.5)", stats.burr12(2.0, 1.5))
for s in (0.5, 0.75, 1.0, 1.5, 2.0):
    _add("heavy", "subexponential", f"lognormal(sigma={s})", stats.lognorm(s))
for c in (0.3, 0.5, 0.7, 0.8):
    _add("heavy", "subexponential", f"weibull(shape={c})", stats.weibull_min(c))
_add("light", "exponential-type", "exponential", stats.expon())
for a in (0.5, 1.5, 2.5, 4.0, 8.0):
    _add("light", "exponential-type", f"gamma({a})", stats.gamma(a))
_add("light", "exponential-type", "logistic", stats.logistic())
_add("light", "exponential-type", "gumbel", stats.gumbel_r())
_add("light", "lighter-than-exponential", "normal", stats.norm())
_add("light", "lighter-than-exponential", "half-normal", stats.halfnorm())
for c in (1.2, 1.5, 2.0, 3.0, 5.0):
    _add("light", "lighter-than-exponential", f"weibull(shape={c})", stats.weibull_min(c))
_add("light", "lighter-than-exponential", "gennorm(4)", stats.gennorm(4.0))
_add("light", "lighter-than-exponential", "maxwell", stats.maxwell())
_add("bounded", "bounded", "uniform", stats.uniform())
for a, b in ((2, 2), (1, 3), (2, 5), (2, 8), (0.5, 0.5), (3, 1.5), (1, 0.7)):
    _add("bounded", "bounded", f"beta({a},{b})", stats.beta(a, b))
for xi in (-0.1, -0.2, -0.3, -0.5, -0.8):
    _add("bounded", "bounded", f"gpd(xi={xi})", stats.genpareto(xi))


class Spliced:
    """A light body with a generalised Pareto tail spliced on above its ``1 - w`` quantile.

    The tail's scale is the body's reciprocal hazard at the splice point, so the density is
    continuous. The tail class is the tail's: ξ > 0 heavy, ξ = 0 exponential-type, ξ < 0
    bounded, whatever the body. Only ``isf`` (upper tail) and ``ppf`` (for the median, which
    lies in the body) are needed.
    """

    def __init__(self, body: Any, w: float, xi: float) -> None:
        self.body, self.w, self.xi = body, w, xi
        self.u = float(body.isf(w))
        self.sigma = float(body.sf(self.u) / body.pdf(self.u))

    def isf(self, p: np.ndarray) -> np.ndarray:
        p = np.asarray(p, dtype=float)
        r = np.minimum(p / self.w, 1.0)
        if abs(self.xi) < 1e-12:
            tail = self.u - self.sigma * np.log(r)
        else:
            tail = self.u + self.sigma / self.xi * np.expm1(-self.xi * np.log(r))
        with np.errstate(all="ignore"):
            body = self.body.isf(np.maximum(p, self.w))
        return np.where(p < self.w, tail, body)

    def ppf(self, q: np.ndarray) -> np.ndarray:
        q = np.asarray(q, dtype=float)
        return np.where(q <= 1 - self.w, self.body.ppf(np.minimum(q, 1 - self.w)),
                        self.isf(1 - q))


for w, xi in ((0.05, 0.25), (0.02, 0.5), (0.01, 1.0)):
    _add("heavy", "power-law", f"normal+gpd({xi}) above {1 - w:.0%}",
         Spliced(stats.norm(), w, xi))
_add("light", "exponential-type", "normal+exponential above 98%", Spliced(stats.norm(), 0.02, 0.0))
_add("light", "exponential-type", "logistic+exponential above 95%",
     Spliced(stats.logistic(), 0.05, 0.0))
_add("bounded", "bounded", "normal+gpd(-0.3) above 95%", Spliced(stats.norm(), 0.05, -0.3))
_add("bounded", "bounded", "gamma(2)+gpd(-0.5) above 98%", Spliced(stats.gamma(2.0), 0.02, -0.5))


def simulate_top(dist: Any, n: int, m: int, reps: int,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Exact top ``m`` order statistics (descending) and a median of ``reps`` samples of size n."""
    e = rng.exponential(size=(reps, m))
    gam = np.cumsum(e, axis=1)
    total = gam[:, -1] + rng.gamma(n + 1 - m, size=reps)
    p = gam / total[:, None]
    desc = dist.isf(p)
    half = (n + 1) // 2
    med = dist.ppf(rng.beta(half, n - half + 1, size=reps))
    return desc, med


def reference_table(reps: int = 400, seed: int = 20261126, verbose: bool = True) -> dict:
    """Mean and covariance of the features for every library member and grid size."""
    out: dict[str, Any] = {"features": list(FEATURES), "log10_n": list(N_GRID), "members": [],
                           "reps": reps, "seed": seed}
    t0 = time.perf_counter()
    for label, subtype, name, dist in LIBRARY:
        rng = np.random.default_rng([seed, *name.encode()])
        means, covs, nan_frac = [], [], []
        for lg in N_GRID:
            n = round(10**lg)
            k = k_for(n)
            r = reps if n <= 10**5 else reps // 2
            desc, med = simulate_top(dist, n, k + 1, r, rng)
            f = features(desc, n, med)
            ok = np.all(np.isfinite(f), axis=1)
            nan_frac.append(float(1 - ok.mean()))
            g = f[ok]
            means.append(g.mean(axis=0).tolist())
            covs.append(np.cov(g, rowvar=False).tolist())
        out["members"].append({"label": label, "subtype": subtype, "name": name,
                               "mean": means, "cov": covs, "nan_fraction": nan_frac})
        if verbose:
            print(f"{name:<24} {label:<8} {time.perf_counter() - t0:7.1f} s", flush=True)
    return out


def main() -> None:
    table = reference_table()
    path = Path(__file__).with_name("calibration.json")
    path.write_text(json.dumps(table, separators=(",", ":"),
                               default=lambda v: None if isinstance(v, float) and
                               not math.isfinite(v) else v))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
