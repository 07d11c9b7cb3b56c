"""Coverage of 95% return-level intervals at short periods, with the exceedance rate estimated.

The rate's error is small beside the tail fit's for long periods, not for short ones, where
the profile-likelihood interval (the default) profiles an estimated exceedance rate too
(below ``m zeta_u`` = 20; held at ``k / n`` it covered 0.654, 0.799, 0.920 and 0.943 at
``m zeta_u`` = 1.5, 2, 5 and 20 in this run; review 437); the delta method adds its binomial
variance (Coles 2001, eq. 4.15). This measures both intervals where ``m zeta_u``
(exceedances per return period) is 1.5 to 20. Measured (profiled): 0.943, 0.949, 0.951,
0.948; delta: 0.938, 0.948, 0.946, 0.935.

Design: ``REPS`` samples of ``n = 3000`` values from GPD(0.2, 1) on [0, inf) (a
generalised Pareto law from its lower end), fitted above the true 90% quantile (``zeta_u =
0.1``; the number above it, hence the estimated rate, varies from sample to sample) with
``fit_gpd(x, u, ci=None)``; return levels for ``m = 15, 20, 50, 200`` observations
(``m zeta_u = 1.5, 2, 5, 20``) with the rate estimated (``rate`` not given). The true level
is the law's ``1 - 1/m`` quantile. Monte-Carlo standard error of a coverage near 0.95 with
800 replications: 0.008.

Run: ``python benchmarks/return_level_short.py [reps]`` (about 10 minutes for 800 on 2 busy cores).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

from tailstat.gpd import fit_gpd

XI, N, ZETA = 0.2, 3000, 0.1
PERIODS = (15.0, 20.0, 50.0, 200.0)
SEED = 20261207


def quantile(p: float) -> float:
    """The GPD(XI, 1) quantile of probability ``p``."""
    return float(((1.0 - p) ** -XI - 1.0) / XI)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reps", nargs="?", type=int, default=800)
    reps = ap.parse_args().reps
    rng = np.random.default_rng(SEED)
    u = quantile(1.0 - ZETA)
    hit = {(m, how): 0 for m in PERIODS for how in ("profile", "delta")}
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(reps):
            x = (rng.random(N) ** -XI - 1.0) / XI
            fit = fit_gpd(x, u, ci=None, warn=False)
            for m in PERIODS:
                truth = quantile(1.0 - 1.0 / m)
                for how in ("profile", "delta"):
                    ci = fit.return_level(m, method=how).ci
                    hit[m, how] += bool(ci is not None and ci.contains(truth))
    se = float(np.sqrt(0.95 * 0.05 / reps))
    print(f"{reps} replications, GPD({XI}, 1), n = {N}, threshold at the true "
          f"{1 - ZETA:.0%} quantile, rate estimated; seed {SEED}; MC s.e. {se:.3f}")
    print(f"{'m':>5} {'m zeta_u':>9} {'profile':>8} {'delta':>8}")
    for m in PERIODS:
        print(f"{m:>5g} {m * ZETA:>9g} {hit[m, 'profile'] / reps:>8.3f} "
              f"{hit[m, 'delta'] / reps:>8.3f}")
    print(f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
