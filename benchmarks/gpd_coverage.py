"""Coverage of the 95% profile-likelihood interval for the GPD shape, by simulation.

For xi in {-0.4, 0, 0.3, 1} and k in {100, 1000} exceedances, ``REPS`` samples of GPD(xi, 1)
excesses are drawn with a fixed seed and fitted with ``fit_gpd(x, threshold=0.0)``; the table
reports the fraction of intervals that contain the true xi, the mean interval width, the
number of failed fits (an exception, ``converged=False`` or a non-finite bound) and the run time.

Target: coverage within 92-98% everywhere, no failures. Run with
``python benchmarks/gpd_coverage.py`` (about 5 s of CPU time).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings

import numpy as np

from tailstat.gpd import fit_gpd
from tailstat.gpd._likelihood import gpd_rvs

XIS = (-0.4, 0.0, 0.3, 1.0)
SIZES = (100, 1000)
REPS = 400
SEED = 20240917
LEVEL = 0.95


def run(reps: int = REPS, seed: int = SEED) -> list[dict[str, float]]:
    """One row per (xi, k): coverage, low/high misses, mean width, failures, seconds."""
    rows = []
    rng = np.random.default_rng(seed)
    for xi in XIS:
        for k in SIZES:
            hit = miss_lo = miss_hi = fail = 0
            widths = []
            t0 = time.perf_counter()
            for _ in range(reps):
                # a sample whose k values all exceed the threshold 0
                y = gpd_rvs(rng, xi, 1.0, k)
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("error")
                        fit = fit_gpd(y, 0.0, ci=LEVEL)
                except Exception:
                    fail += 1
                    continue
                lo, hi = fit.ci.low, fit.ci.high
                if not fit.converged or not (np.isfinite(lo) and np.isfinite(hi)):
                    fail += 1
                    continue
                widths.append(hi - lo)
                if lo <= xi <= hi:
                    hit += 1
                elif xi < lo:
                    miss_lo += 1
                else:
                    miss_hi += 1
            n_ok = reps - fail
            rows.append({"xi": xi, "k": k, "reps": reps, "coverage": hit / max(n_ok, 1),
                         "below_low": miss_lo / max(n_ok, 1),
                         "above_high": miss_hi / max(n_ok, 1),
                         "mean_width": float(np.mean(widths)) if widths else float("nan"),
                         "failed": fail, "seconds": time.perf_counter() - t0})
    return rows


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    rows = run()
    print(f"GPD 95% profile-likelihood interval for xi: coverage over {REPS} replications "
          f"(seed {SEED})")
    print(f"{'xi':>6} {'k':>6} {'coverage':>9} {'true<low':>9} {'true>high':>10} "
          f"{'width':>8} {'failed':>7} {'seconds':>8}")
    ok = True
    for r in rows:
        print(f"{r['xi']:>6.2f} {r['k']:>6d} {r['coverage']:>9.3f} {r['below_low']:>9.3f} "
              f"{r['above_high']:>10.3f} {r['mean_width']:>8.3f} {r['failed']:>7d} "
              f"{r['seconds']:>8.2f}")
        ok &= 0.92 <= r["coverage"] <= 0.98 and r["failed"] == 0
    print("target (92-98%, no failures):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
