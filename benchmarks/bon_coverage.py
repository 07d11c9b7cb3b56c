"""Coverage of best-of-n's standard errors: ``u ± z u_se`` and ``v ± z v_se`` against exact values.

On samples of ``N = 10^4`` from Pareto(3) (ξ = 1/3), t(4) (ξ = 1/4), lognormal(1), Exp(1) and
N(0, 1) (each law its own seeds), the share of samples whose interval ``u ± 1.96 u_se`` of
:func:`tailstat.best_of_n` (``tail="empirical"``: the plug-in at every ``n``, whose standard
error is given up to ``n = N/10``) holds the exact ``E[max of n]``; and, with gold scores
``V = 0.6 U + 0.8 Z`` on normal proxies ``U`` (so ``E[V | best-of-n] = 0.6 E[max of n]``),
the share whose ``v ± 1.96 v_se`` holds it, and whose ``v - mean(v) ± 1.96 v_gain_se``
holds the exact gain (the same value: ``E[V] = 0``). The mean of ``u_se`` against the sd of ``u``
over the samples says whether the jackknife measures the spread; the mean error of ``u`` in
units of that sd, how much of a shortfall is bias (the plug-in cannot pass the sample's top);
the correlation of the error with ``u_se``, whether the standard error is smallest where the
estimate is low (then the interval misses more often than its mean width says).
A standard error of coverage over ``S`` samples is about ``sqrt(0.95 · 0.05 / S)``: 0.011 at
the default 400.

Run ``python benchmarks/bon_coverage.py [--seeds 400]`` (about 10 s); writes
``reports/bon_coverage.md``.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tailstat as ts
from benchmarks._markdown import markdown_table, write_report
from benchmarks.goodhart_bias import BON, N

NS = (2, 8, 32, 128, 512, 1000)
Z = float(stats.norm.ppf(0.975))
LAWS = ("Pareto(3)", "t(4)", "lognormal(1)", "Exp(1)", "N(0,1)")
RHO = 0.6


def _row(law: str, column: str, n: int, exact: float, est: np.ndarray,
         se: np.ndarray) -> dict:
    ok = np.isfinite(se)
    e, s = est[ok], se[ok]
    spread = float(np.std(e, ddof=1)) if e.size > 1 else math.nan
    return {"law": law, "column": column, "n": n, "samples with se": int(ok.sum()),
            "coverage": float(np.mean(np.abs(e - exact) <= Z * s)) if e.size else math.nan,
            "mean se / sd": float(np.mean(s)) / spread if spread > 0 else math.nan,
            "mean error / sd": float(np.mean(e) - exact) / spread if spread > 0 else math.nan,
            "corr(error, se)": float(np.corrcoef(e - exact, s)[0, 1]) if e.size > 2
            else math.nan}


def coverage(seeds: int) -> pd.DataFrame:
    rows = []
    for i, law in enumerate(LAWS):
        draw, exact = BON[law]
        tabs, gains = [], []
        for s in range(seeds):
            rng = np.random.default_rng(70_000 + 1_000 * i + s)
            u = draw(rng)
            v = RHO * u + math.sqrt(1 - RHO * RHO) * rng.standard_normal(N) if law == "N(0,1)" \
                else None
            tabs.append(ts.best_of_n(u, v, n=[1, *NS], tail="empirical").iloc[1:])
            if v is not None:  # the gain over the sample mean (row n = 1)
                gains.append(tabs[-1]["v"].to_numpy() - float(np.mean(v)))
        for j, n in enumerate(NS):
            truth = exact(n)
            rows.append(_row(law, "u", n, truth, np.array([t["u"].iloc[j] for t in tabs]),
                             np.array([t["u_se"].iloc[j] for t in tabs])))
            if law == "N(0,1)":
                rows.append(_row(law, "v", n, RHO * truth,
                                 np.array([t["v"].iloc[j] for t in tabs]),
                                 np.array([t["v_se"].iloc[j] for t in tabs])))
                rows.append(_row(law, "v gain", n, RHO * truth,  # E[V] = 0
                                 np.array([g[j] for g in gains]),
                                 np.array([t["v_gain_se"].iloc[j] for t in tabs])))
    return pd.DataFrame(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=400)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "reports",
                    help="folder of the report (default: reports/)")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    table = coverage(args.seeds)
    lines = ["# Coverage of best-of-n's jackknife standard errors (nominal 0.95)",
             "",
             f"`python benchmarks/bon_coverage.py --seeds {args.seeds}` "
             f"({time.perf_counter() - t0:.0f} s); N = {N:,} per sample; see the script's "
             "docstring for the design.",
             "",
             markdown_table(table, float_format="{:.3g}".format)]
    write_report(lines, args.out, "bon_coverage.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
