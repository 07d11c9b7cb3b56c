"""Coverage of ``fit_overoptimization``'s t intervals when the base policy's gold score is
subtracted although it was measured with the same noise as the other points (review 400).

Best-of-n (alpha 1, beta 0.25, n = 1 ... 1024, so KL = log n - (n - 1)/n) and RL (alpha 1,
beta 0.3, KL 0 ... 200), gold = curve + N(0, 0.05^2) at every point, the base point included;
fitted (a) on ``gold - gold[0]`` (the base's measured score subtracted) and (b) on the raw
scores with ``intercept=True``. Prints the share of 95% intervals that hold the true alpha,
beta and peak KL over ``--reps`` curves (seeds 0, 1, ...).

Run: ``python benchmarks/overopt_base.py [--reps 1000]`` (about 10 s).
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tailstat.goodhart import fit_overoptimization

DESIGNS = {
    "bon": (1.0, 0.25, np.array([math.log(n) - (n - 1) / n for n in 2 ** np.arange(11)])),
    "rl": (1.0, 0.3, np.array([0, 0.5, 1, 2, 5, 10, 20, 40, 80, 120, 160, 200.0])),
}


def coverage(kind: str, mode: str, reps: int, sd: float = 0.05) -> dict[str, float]:
    """Share of 95% t intervals holding alpha, beta and the peak KL."""
    a, b, kl = DESIGNS[kind]
    d = np.sqrt(kl)
    mean = d * (a - b * d) if kind == "bon" else d * (a - b * np.log(np.where(d > 0, d, 1.0)))
    peak = (a / (2 * b)) ** 2 if kind == "bon" else math.exp(a / b - 1) ** 2
    hits = {"alpha": 0, "beta": 0, "kl_peak": 0}
    for seed in range(reps):
        g = mean + sd * np.random.default_rng(seed).normal(size=kl.size)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = (fit_overoptimization(kl, g - g[0], kind) if mode == "subtract" else
                   fit_overoptimization(kl, g, kind, intercept=True))
        for name, truth in (("alpha", a), ("beta", b), ("kl_peak", peak)):
            ci = getattr(fit, name + "_ci")
            hits[name] += bool(ci.low <= truth <= ci.high)
    return {k: v / reps for k, v in hits.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=1000)
    args = parser.parse_args(argv)
    print("| form | fit | alpha | beta | peak KL |")
    print("|---|---|---|---|---|")
    for kind in DESIGNS:
        for mode, words in (("subtract", "measured base subtracted"),
                            ("intercept", "raw, intercept=True")):
            c = coverage(kind, mode, args.reps)
            print(f"| {kind} | {words} | {c['alpha']:.3f} | {c['beta']:.3f} | "
                  f"{c['kl_peak']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
