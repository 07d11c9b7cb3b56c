"""The heavy flags' share for "the model may be wrong" (``flags.FLAG_MIX``), measured.

The classifier mixes ``UNIFORM_MIX`` (3%) of the uniform distribution into every label
probability; the flags recompute each group's P(heavy) with their own share ``FLAG_MIX``.
This script gives the figures behind the choice, on the two instruments the classifier may be
tuned on (never the validation suite):

1. **The share at the top of P(heavy).** Of the draws of the tuning suite
   (``benchmarks/tuning_suite.py``) and of the library with each member left out of its own
   reading (``benchmarks/_loo.py``), at n = 10^4 and 10^5, how many with a heavy log Bayes
   factor above 5 and above 7 are light or bounded, and the 95% upper bound on the share
   that leaves (zero events: 3 / draws; ``FLAG_MIX`` is that bound times 3/2, the share a
   uniform mix puts on the two other labels).
2. **Flags on the tuning suite** for several shares, and for Bayes factors raised to a power:
   mean false-discovery proportion and power of ``heavy_flags(P(heavy), 0.05)`` over
   ``--reps`` resamplings of 1000 non-heavy and 10 non-hard heavy draws at n = 10^4.
3. **The best fixed threshold** on P(heavy) on the same resamplings, chosen with the truth
   known: what P(heavy) itself allows, whatever the rule.

Run: ``python benchmarks/flag_share.py [--reps 200]`` (writes ``reports/flag_share.md``;
builds the tuning and leave-one-out caches when missing, about 3 and 10 minutes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy import special

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import _tune_cache as tune  # noqa: E402
from benchmarks._loo import build_loo, loo_probabilities  # noqa: E402
from benchmarks.tune import DEFAULT_LOO, Scorer  # noqa: E402
from tailstat.classification import flags  # noqa: E402
from tailstat.classification._likelihood import UNIFORM_MIX  # noqa: E402
from tailstat.classification.calibrate import LIBRARY  # noqa: E402


def _top_counts(lbf: np.ndarray, heavy: np.ndarray, level: float) -> tuple[int, int]:
    """(heavy draws, light or bounded draws) with log BF above ``level``."""
    above = np.isfinite(lbf) & (lbf > level) | np.isposinf(lbf)
    return int(np.sum(above & heavy)), int(np.sum(above & ~heavy))


def _sharpened(p: np.ndarray, power: float) -> np.ndarray:
    """P(heavy) as classify would give it with every log Bayes factor times ``power``."""
    lbf = flags._log_bayes_factor(p) * power
    return (1 - UNIFORM_MIX) * special.expit(lbf + np.log(0.5)) + UNIFORM_MIX / 3


def _flag_rates(sets: list[tuple[np.ndarray, np.ndarray]], p: np.ndarray, share: float
                ) -> tuple[float, float]:
    """Mean FDP and power of the flags at q = 0.05 with ``FLAG_MIX = share``."""
    shipped = flags.FLAG_MIX
    fdp, power = [], []
    try:
        flags.FLAG_MIX = share
        for light, heavy in sets:
            f = flags.heavy_flags(np.concatenate([p[light], p[heavy]]), 0.05)
            false = int(f[: light.size].sum())
            fdp.append(false / max(1, int(f.sum())))
            power.append(float(f[light.size:].mean()))
    finally:
        flags.FLAG_MIX = shipped
    return float(np.mean(fdp)), float(np.mean(power))


def _best_threshold(sets: list[tuple[np.ndarray, np.ndarray]], p: np.ndarray
                    ) -> tuple[float, float, float]:
    """(threshold, power, FDP): the most power at mean FDP <= 0.05, the truth known."""
    best = (np.nan, 0.0, 0.0)
    for thr in np.unique(np.concatenate([p[h] for _, h in sets])):
        fdp = np.mean([np.sum(p[lt] >= thr) / max(1, np.sum(p[lt] >= thr) + np.sum(p[h] >= thr))
                       for lt, h in sets])
        power = np.mean([np.mean(p[h] >= thr) for _, h in sets])
        if fdp <= 0.05 and power > best[1]:
            best = (float(thr), float(power), float(fdp))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=tune.DEFAULT_CACHE)
    ap.add_argument("--loo-cache", type=Path, default=DEFAULT_LOO)
    ap.add_argument("--reps", type=int, default=200, help="flag resamplings")
    ap.add_argument("--out", type=Path, default=ROOT / "reports")
    args = ap.parse_args()
    sizes = list(tune.DEFAULT_SIZES)
    cache = tune.build_cache(args.cache, sizes, tune.DEFAULT_REPS, 0, 1, False)
    loo = build_loo(args.loo_cache, sizes)
    p_tune = tune.label_probabilities(cache)[0][:, 0]
    keep = ~cache["failed"]
    p_loo = loo_probabilities(loo)[:, 0]
    ok = np.isfinite(p_loo)
    lbf = np.concatenate([flags._log_bayes_factor(p_tune[keep]),
                          flags._log_bayes_factor(p_loo[ok])])
    heavy = np.concatenate([cache["truth"][keep] == 0,
                            np.array([LIBRARY[int(m)][0] == "heavy"
                                      for m in loo["member"][ok]])])
    lines = ["# The heavy flags' share for \"the model may be wrong\"", "",
             f"Tuning suite ({tune.DEFAULT_REPS} draws per family and size) and the library "
             "with each member left out, n = 10^4 and 10^5; never the validation suite. "
             f"Shipped: `FLAG_MIX` = {flags.FLAG_MIX:g}, classifier `UNIFORM_MIX` = "
             f"{UNIFORM_MIX:g}.", "",
             "## 1. Light or bounded draws at the top of P(heavy)", "",
             "| log BF above | heavy draws | light or bounded | 95% upper bound on their share "
             "| share x 3/2 |", "|---|---|---|---|---|"]
    for level in (5.0, 7.0):
        h, lb = _top_counts(lbf, heavy, level)
        bound = 3.0 / (h + lb) if lb == 0 else np.nan
        lines.append(f"| {level:g} | {h} | {lb} | {bound:.5f} | {1.5 * bound:.5f} |")
    sc = Scorer(cache, seed=0, fdr_reps=args.reps)
    lines += ["", f"## 2. Flags on the tuning suite, n = 10^4, {args.reps} resamplings", "",
              "| Bayes factors | share | mean FDP | mean power |", "|---|---|---|---|"]
    for power, shares in ((1.0, (UNIFORM_MIX, 0.01, 0.005, flags.FLAG_MIX, 0.0)),
                          (1.25, (UNIFORM_MIX,))):
        p = p_tune if power == 1.0 else _sharpened(p_tune, power)
        for share in shares:
            fdp, pw = _flag_rates(sc.fdr_sets, p, share)
            lines.append(f"| as given{'' if power == 1.0 else f', to the power {power:g}'} | "
                         f"{share:g} | {fdp:.4f} | {pw:.3f} |")
    thr, pw, fdp = _best_threshold(sc.fdr_sets, p_tune)
    lines += ["", "## 3. Best fixed threshold on P(heavy), the truth known", "",
              f"Threshold {thr:.4f}: power {pw:.3f} at mean FDP {fdp:.4f} (same resamplings)."]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "flag_share.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
