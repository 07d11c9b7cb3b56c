"""Coverage of tailstat's intervals at levels other than 95% and at few order statistics.

The other coverage benchmarks measure 95% intervals at moderate k; this one reads the levels
0.5, 0.8, 0.95, 0.99 and 0.999 at small k, where asymptotic intervals are not expected to hold
their level (the figures the docstrings of ``hill`` & co., ``fit_gpd`` and
``tailstat.gpd.return_level`` quote):

* ``hill``, ``moment``, ``pickands`` on exact Pareto(ξ = 1/2) samples of 1000 and
  ``weibull_tail`` on exponential (θ = 1) and squared-exponential (θ = 2) samples, at
  k = 5, 10, 20, 100 (asymptotic intervals); Hill's exact coverage beside it (``k ξ̂/ξ`` is
  Gamma(k, 1) for a Pareto sample);
* ``fit_gpd`` on k = 10, 20, 100 GPD(ξ, 1) excesses of 0: the profile interval of ξ (and
  how often the MLE sits at the constraint ξ = -1) and the PWM Wald interval;
* 95% return-level intervals (profile, delta) for ``m = 100 k`` from k = 20 excesses;
* Hill's percentile-bootstrap interval at k = 10, 20, 100.

Each cell is a fraction of replications (fixed seeds) whose interval holds the truth; its
Monte-Carlo standard error is ``sqrt(c (1 - c) / reps)``. Run ``python
benchmarks/level_coverage.py`` (about five minutes on one core).
"""

from __future__ import annotations

import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tailstat as ts

LEVELS = (0.5, 0.8, 0.95, 0.99, 0.999)
KS = (5, 10, 20, 100)
SEED = 20261204


def _gpd(rng: np.random.Generator, xi: float, k: int) -> np.ndarray:
    u = rng.random(k)
    return -np.log(u) if xi == 0 else (u ** -xi - 1.0) / xi


def _row(label: str, hits: np.ndarray, reps: int) -> str:
    return f"{label:<34}" + " ".join(f"{h / reps:>6.3f}" for h in hits) + f"   ({reps})"


def semiparametric() -> None:
    rng = np.random.default_rng(SEED)
    cases = [("hill", 0.5, 2000, lambda n: rng.pareto(2.0, n) + 1.0),
             ("moment", 0.5, 800, lambda n: rng.pareto(2.0, n) + 1.0),
             ("pickands", 0.5, 800, lambda n: rng.pareto(2.0, n) + 1.0),
             ("weibull_tail", 1.0, 600, lambda n: rng.exponential(size=n)),
             ("weibull_tail", 2.0, 600, lambda n: rng.exponential(size=n) ** 2)]
    for method, truth, reps, draw in cases:
        hits = {k: np.zeros(len(LEVELS)) for k in KS}
        for _ in range(reps):
            x = draw(1000)
            for k in KS:
                for j, level in enumerate(LEVELS):
                    hits[k][j] += getattr(ts, method)(x, k, ci=level).ci.contains(truth)
        for k in KS:
            print(_row(f"{method} (truth {truth:g}) k={k}", hits[k], reps))
    for k in KS:  # Hill's exact coverage: est (1 -/+ z / sqrt(k)) holds xi
        g = stats.gamma(k, scale=1.0 / k)
        exact = []
        for level in LEVELS:
            c = stats.norm.ppf(0.5 + level / 2) / math.sqrt(k)
            exact.append((g.cdf(1 / (1 - c)) if c < 1 else 1.0) - g.cdf(1 / (1 + c)))
        print(f"{'hill exact (Gamma(k, 1)) k=' + str(k):<34}"
              + " ".join(f"{e:>6.3f}" for e in exact))


def gpd_xi(reps: int = 1000) -> None:
    rng = np.random.default_rng(SEED + 1)
    for method, xis in (("mle", (-0.5, 0.0, 0.5, 1.2)), ("pwm", (-0.5, 0.0, 0.25))):
        for xi in xis:
            for k in (10, 20, 100):
                hits, edge, usable = np.zeros(len(LEVELS)), 0, 0
                for _ in range(reps):
                    y = _gpd(rng, xi, k)
                    fits = [ts.fit_gpd(y, 0.0, ci=level, method=method, warn=False)
                            for level in LEVELS]
                    if not math.isfinite(fits[0].ci.low):  # PWM: none for xi_hat >= 1/2
                        continue
                    usable += 1
                    hits += [f.ci.contains(xi) for f in fits]
                    edge += fits[0].xi <= -1.0
                note = f"   MLE at xi = -1: {edge / reps:.2f}" if method == "mle" else ""
                print(_row(f"fit_gpd {method} xi={xi:g} k={k}", hits, usable) + note)


def return_levels(reps: int = 300, k: int = 20) -> None:
    rng = np.random.default_rng(SEED + 2)
    m = 100 * k
    for xi in (-0.5, 0.0, 0.5, 1.2):
        truth = math.log(m) if xi == 0 else (m ** xi - 1.0) / xi
        hits = {"profile": 0, "delta": 0}
        usable = {"profile": 0, "delta": 0}
        under = 0  # delta intervals whose lower end lies below the threshold
        for _ in range(reps):
            fit = ts.fit_gpd(_gpd(rng, xi, k), 0.0, ci=None, warn=False)
            for how in hits:
                rl = fit.return_level(m, ci=0.95, method=how)
                if math.isfinite(rl.low):  # the delta method has none for xi_hat <= -1/2
                    usable[how] += 1
                    hits[how] += rl.low <= truth <= rl.high
                    under += how == "delta" and rl.low < fit.threshold
        print(f"return level m={m} k={k} xi={xi:g}: 95% profile "
              f"{hits['profile'] / usable['profile']:.3f} ({usable['profile']}), delta "
              f"{hits['delta'] / max(usable['delta'], 1):.3f} ({usable['delta']}; lower end "
              f"below the threshold in {under / max(usable['delta'], 1):.2f})")


def bootstrap_hill(reps: int = 600) -> None:
    """Hill's percentile bootstrap (1999 resamples, the fewest a 99.9% interval takes) at
    small k, and how often its interval leaves out the estimate itself."""
    for k in (10, 20, 100):
        rng = np.random.default_rng(77 + k)
        hits, without = np.zeros(len(LEVELS)), 0
        for r in range(reps):
            x = rng.pareto(2.0, 1000) + 1.0
            for j, level in enumerate(LEVELS):
                e = ts.hill(x, k, ci=level, ci_method="bootstrap", n_boot=1999, seed=r)
                hits[j] += e.ci.contains(0.5)
                without += not e.ci.contains(e.estimate)
        print(_row(f"hill bootstrap k={k}", hits, reps)
              + f"   estimate outside: {without} of {reps * len(LEVELS)}")


def main() -> int:
    import argparse

    # (a review: with no options read, --help started the whole run of about five minutes)
    argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0]).parse_args()
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    print(f"{'levels':<34}" + " ".join(f"{lv:>6g}" for lv in LEVELS))
    semiparametric()
    bootstrap_hill()
    gpd_xi()
    return_levels()
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
