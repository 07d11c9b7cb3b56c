"""Coverage of :func:`tailstat.fit_overoptimization`'s 95% intervals, by simulation.

Gold curves ``R(d) = alpha d - beta d^2`` (best-of-n, KL of best-of-2^j for j = 1..m) and
``R(d) = alpha d - beta d log d`` (RL, m KL values evenly spaced) are drawn with a known
``(alpha, beta)``, a peak inside or beyond the measured KL range, and three kinds of error:
normal of one variance, normal with a standard deviation growing with ``d`` (0.2 + d), and
Student-t(3) (heavy, one variance). Each curve is fitted with ``interval="t"`` (Student-t,
Fieller, Working-Hotelling band) and ``interval="bootstrap"`` (paired BCa, 2000 resamples);
the table reports the share of the ``REPS`` intervals that contain the true ``alpha``,
``beta``, peak KL and peak gold score. Fixed seed.

Run with ``python benchmarks/overopt_coverage.py [--reps 200] [--out FILE.md]`` (about eight
minutes at 200 repetitions: 504 s for ``reports/overopt_coverage.md``).
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np
import pandas as pd

from benchmarks._markdown import markdown_table
from tailstat.goodhart import fit_overoptimization

SEED = 20261202
REPS = 200
POINTS = (4, 6, 8, 12, 20)
#: (name, kind, alpha, beta, noise sd, intercept)
CURVES = (
    ("best-of-n, peak beyond the data", "bon", 1.0, 0.1, 0.1, False),
    ("best-of-n, peak inside", "bon", 1.0, 0.4, 0.05, False),
    ("best-of-n, peak inside, intercept", "bon", 1.0, 0.4, 0.05, True),
    ("RL, peak beyond the data", "rl", 0.8, 0.2, 0.1, False),
    ("RL, peak inside", "rl", 0.6, 0.3, 0.05, False),
)
ERRORS = ("normal", "normal, sd grows with d", "t(3)")


def _kl(kind: str, m: int) -> np.ndarray:
    if kind == "bon":
        n = 2.0 ** np.arange(1, m + 1)
        return np.log(n) - (n - 1) / n
    return np.linspace(0.5, 20.0, m)


def _truth(kind: str, a: float, b: float) -> tuple[float, float]:
    """The true peak KL and gold score (intercept excluded)."""
    if kind == "bon":
        return (a / (2 * b)) ** 2, a * a / (4 * b)
    d = math.exp(a / b - 1)
    return d * d, b * d


def run(reps: int = REPS, seed: int = SEED) -> pd.DataFrame:
    """One row per curve, error, number of points and interval method: the coverages."""
    rng = np.random.default_rng(seed)
    rows = []
    for name, kind, a, b, sd, icpt in CURVES:
        kl_true, gold_true = _truth(kind, a, b)
        c0 = 2.0 if icpt else 0.0
        for err in ERRORS:
            for m in POINTS:
                kl = _kl(kind, m)
                d = np.sqrt(kl)
                curve = c0 + a * d - b * (d * d if kind == "bon" else d * np.log(d))
                hits = {how: np.zeros(4) for how in ("t", "bootstrap")}
                for r in range(reps):
                    if err == "t(3)":
                        e = sd * rng.standard_t(3, m) / math.sqrt(3.0)
                    else:
                        e = rng.normal(0.0, 1.0, m) * (sd * (0.2 + d) if "grows" in err else sd)
                    for how in hits:
                        f = fit_overoptimization(kl, curve + e, kind, intercept=icpt,
                                                 interval=how, seed=r)  # type: ignore[arg-type]
                        hits[how] += [f.alpha_ci.contains(a), f.beta_ci.contains(b),
                                      f.kl_peak_ci.contains(kl_true),
                                      f.gold_peak_ci.contains(gold_true + c0)]
                for how, h in hits.items():
                    rows.append({"curve": name, "errors": err, "points": m, "interval": how,
                                 "alpha": h[0] / reps, "beta": h[1] / reps,
                                 "kl_peak": h[2] / reps, "gold_peak": h[3] / reps})
    return pd.DataFrame(rows)


def summary(df: pd.DataFrame) -> pd.DataFrame:
    """Coverage by interval method and number of points: the mean and the lowest over the
    curves and errors."""
    g = df.groupby(["interval", "points"])[["alpha", "beta", "kl_peak", "gold_peak"]]
    out = g.mean().add_suffix(" mean").join(g.min().add_suffix(" lowest"))
    cols = [c for q in ("alpha", "beta", "kl_peak", "gold_peak") for c in
            (f"{q} mean", f"{q} lowest")]
    return out[cols].reset_index()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=REPS)
    ap.add_argument("--out", default=None, help="write the markdown report here")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    df = run(args.reps)
    secs = time.perf_counter() - t0
    text = "\n\n".join([
        "# Coverage of fit_overoptimization's 95% intervals (benchmarks/overopt_coverage.py)",
        f"{args.reps} simulated curves per row, seed {SEED}; run time {secs:.0f} s. Target: "
        "0.95. `t` = Student-t (alpha, beta), Fieller (peak KL), Working-Hotelling band "
        "(peak gold score, coverage at least 0.95 by construction); `bootstrap` = paired BCa. "
        f"Each row's coverage is a share of {args.reps} curves: its Monte-Carlo standard error "
        f"at 0.95 is {math.sqrt(0.95 * 0.05 / args.reps):.3f}, so a row 2-3 standard errors "
        "below 0.95 is not evidence of under-coverage, and the lowest of 15 rows is biased low.",
        "## By number of points (mean and lowest over the 15 curve x error rows)",
        markdown_table(summary(df)),
        "## Every row",
        markdown_table(df),
    ])
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
