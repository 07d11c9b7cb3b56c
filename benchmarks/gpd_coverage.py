"""Coverage of the GPD fit's 95% intervals for the shape and the scale, by simulation.

For xi in {-0.4, 0, 0.3, 0.5, 1} and k in {100, 200, 1000} exceedances, ``REPS`` samples of
GPD(xi, 1) excesses are drawn with a fixed seed and fitted with ``fit_gpd(x, threshold=0.0)``;
the table reports the fraction of the shape's profile-likelihood intervals that contain the
true xi, the mean interval width, the number of failed fits (an exception, ``converged=False``
or a non-finite bound), the coverage of the scale's interval (``sigma_ci``), at xi = 0 how
often the likelihood-ratio test of xi = 0 (``lr_test_xi0``) rejects at 5%, the coverage of the
PWM fit's Wald interval of xi on the same samples (over the fits that get one: none where its
estimate is 1/2 or more) with the share that get one, and the run time.

Target: the shape's coverage within 92-98% everywhere, no failures (the scale's coverage and
the test's size are reported, not targets). Run with
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

XIS = (-0.4, 0.0, 0.3, 0.5, 1.0)
SIZES = (100, 200, 1000)
REPS = 400
SEED = 20240917
LEVEL = 0.95


def run(reps: int = REPS, seed: int = SEED) -> list[dict[str, float]]:
    """One row per (xi, k): coverage, low/high misses, mean width, failures, seconds."""
    rows = []
    rng = np.random.default_rng(seed)
    for xi in XIS:
        for k in SIZES:
            hit = miss_lo = miss_hi = fail = s_hit = reject = p_hit = p_some = 0
            widths = []
            t0 = time.perf_counter()
            for _ in range(reps):
                # a sample whose k values all exceed the threshold 0
                y = gpd_rvs(rng, xi, 1.0, k)
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("error")
                        fit = fit_gpd(y, 0.0, ci=LEVEL)
                        pwm = fit_gpd(y, 0.0, ci=LEVEL, method="pwm")
                except Exception:
                    fail += 1
                    continue
                lo, hi = fit.ci.low, fit.ci.high
                if not fit.converged or not (np.isfinite(lo) and np.isfinite(hi)):
                    fail += 1
                    continue
                widths.append(hi - lo)
                s_hit += fit.sigma_ci.low <= 1.0 <= fit.sigma_ci.high
                if pwm.ci is not None and np.isfinite(pwm.ci.low):
                    p_some += 1
                    p_hit += pwm.ci.low <= xi <= pwm.ci.high
                reject += fit.lr_test_xi0.p_value <= 0.05
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
                         "failed": fail, "sigma_coverage": s_hit / max(n_ok, 1),
                         "lr_size": reject / max(n_ok, 1) if xi == 0 else float("nan"),
                         "pwm_coverage": p_hit / p_some if p_some else float("nan"),
                         "pwm_share": p_some / max(n_ok, 1),
                         "seconds": time.perf_counter() - t0})
    return rows


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    rows = run()
    print(f"GPD 95% intervals: coverage over {REPS} replications (seed {SEED})")
    print(f"{'xi':>6} {'k':>6} {'coverage':>9} {'true<low':>9} {'true>high':>10} "
          f"{'width':>8} {'failed':>7} {'sigma cov':>10} {'LR size':>8} {'PWM cov':>8} "
          f"{'(share)':>8} {'seconds':>8}")
    ok = True
    for r in rows:
        print(f"{r['xi']:>6.2f} {r['k']:>6d} {r['coverage']:>9.3f} {r['below_low']:>9.3f} "
              f"{r['above_high']:>10.3f} {r['mean_width']:>8.3f} {r['failed']:>7d} "
              f"{r['sigma_coverage']:>10.3f} {r['lr_size']:>8.3f} {r['pwm_coverage']:>8.3f} "
              f"{r['pwm_share']:>8.3f} {r['seconds']:>8.2f}")
        ok &= 0.92 <= r["coverage"] <= 0.98 and r["failed"] == 0
    print("target (shape 92-98%, no failures):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
