"""The likelihood's power between the small sizes and n = 10^4, on the tuning suite.

The classifier tempers its likelihood (``_likelihood.temper``): 0.4 up to n = 200 (chosen at
n = 50-500, ``reports/tuning_small_n.md``) and 1.4 from 10^4 on (chosen at 10^4 and 10^5,
``reports/tuning.md``). Between them no size had been tuned. This script scores, on the
tuning suite only (``benchmarks/tuning_suite.py``; never the validation suite):

1. a constant power at each of n = 500, 1000, 2000 and 5000: the largest reliability gap
   (every label's probability pooled, bins with at least 100 predictions) and the Brier
   score, per size;
2. schedules of the power over n: the rule before stop 36 (full power from n = 1000), and
   the shipped one (``TEMPER_STEPS``, full power from ``TEMPER_FULL_N``), with the
   accuracies per size.

Run: ``python benchmarks/temper_mid_n.py [--reps 60] [--jobs 2]`` (writes
``reports/tuning_mid_n.md``; the draws are cached like ``benchmarks/tune.py``'s, about a
minute to build).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import _tune_cache as tune  # noqa: E402
from benchmarks._markdown import write_report  # noqa: E402
from benchmarks.tune import Scorer, _max_gap  # noqa: E402
from tailstat.classification import _likelihood as L  # noqa: E402

SIZES = [500, 1000, 2000, 5000]
POWERS = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.4]
LABELS = ("heavy", "light", "bounded")


def _scores(sc: Scorer, probs: np.ndarray) -> dict[int, dict[str, float]]:
    """Per size: largest reliability gap, Brier score, heavy-vs-not and three-way accuracy
    (the accuracies and the Brier score on the non-hard draws, the gap on all)."""
    df = sc.frame(probs)
    out = {}
    for n in sc.sizes:
        g = df[df.n == n]
        ok = g[~g.hard]
        brier = sum((ok[f"p_{lab}"] - (ok.truth == lab)) ** 2 for lab in LABELS).mean()
        out[n] = {"gap": _max_gap(g), "brier": float(brier),
                  "heavy": float(((ok.label == "heavy") == (ok.truth == "heavy")).mean()),
                  "three": float((ok.label == ok.truth).mean())}
    return out


def _with_temper(cache: dict[str, np.ndarray], f: Callable[[int], float]) -> np.ndarray:
    """The label probabilities of the cached draws with the power ``f(n)``."""
    orig = L.temper
    L.temper = f  # label_probabilities reads it from the module at call time
    try:
        return tune.label_probabilities(cache)[0]
    finally:
        L.temper = orig


def _before(n: int) -> float:
    """The rule before stop 36: 0.4 up to 200, linear in log n to 1.4 at n = 1000."""
    lo, hi = np.log10(L.TEMPER_SMALL_N), 3.0
    x = min(max(float(np.log10(n)), lo), hi)
    return L.TEMPER_SMALL + (x - lo) / (hi - lo) * (L.TEMPER - L.TEMPER_SMALL)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/tailstat_tune_mid_n.npz"))
    ap.add_argument("--out", type=Path, default=ROOT / "reports")
    args = ap.parse_args()
    t0 = time.perf_counter()
    cache = tune.build_cache(args.cache, SIZES, args.reps, args.seed, args.jobs, False)
    sc = Scorer(cache, args.seed, fdr_reps=0)
    lines = ["# The likelihood's power between n = 500 and 10^4 (tuning suite)", "",
             f"`python benchmarks/temper_mid_n.py` ({len(tune.FAMILIES)} tuning families, "
             f"{args.reps} draws each per size, seed {args.seed}; never the validation "
             "suite). Gap = the largest |mean predicted - observed| over bins with >= 100 "
             "predictions (every label's probability pooled); Brier and accuracies on the "
             "non-hard draws.", "",
             "## A constant power at each size: largest gap / Brier score", "",
             "| power | " + " | ".join(f"n = {n}" for n in SIZES) + " |",
             "|---|" + "---|" * len(SIZES)]
    for pw in POWERS:
        s = _scores(sc, _with_temper(cache, lambda n, pw=pw: pw))
        lines.append(f"| {pw:g} | " + " | ".join(
            f"{s[n]['gap']:.3f} / {s[n]['brier']:.3f}" for n in SIZES) + " |")
    lines += ["", "## Schedules: power, largest gap, Brier, heavy-vs-not / three-way accuracy",
              "", "| schedule | " + " | ".join(f"n = {n}" for n in SIZES) + " |",
              "|---|" + "---|" * len(SIZES)]
    for name, f in (("before stop 36: full power from n = 1000", _before),
                    (f"shipped: steps {L.TEMPER_STEPS}, full power from n = "
                     f"{L.TEMPER_FULL_N:,}", L.temper)):
        s = _scores(sc, _with_temper(cache, f))
        lines.append(f"| {name} | " + " | ".join(
            f"{f(n):.2f}: {s[n]['gap']:.3f}, {s[n]['brier']:.3f}, {s[n]['heavy']:.3f} / "
            f"{s[n]['three']:.3f}" for n in SIZES) + " |")
    lines += ["", f"Run time {time.perf_counter() - t0:.0f} s."]
    write_report(lines, args.out, "tuning_mid_n.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
