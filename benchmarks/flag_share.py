"""A smaller share for "the model may be wrong" in the heavy flags: measured, not adopted.

The classifier mixes ``UNIFORM_MIX`` (3%) of the uniform distribution into every label
probability, and the heavy flags (:func:`tailstat.classification.heavy_flags`) keep it when
they recompute each group's P(heavy) under the estimated share of heavy groups, so no local
false-discovery rate falls below about 0.03. This script measures the variant that
recomputes them with a smaller share ``f`` (no cap at the given probability), on the two
instruments the classifier may be tuned on (never the validation suite):

1. **The share at the top of P(heavy).** Of the draws of the tuning suite
   (``benchmarks/tuning_suite.py``) and of the library with each member left out of its own
   reading (``benchmarks/_loo.py``), at n = 10^4 and 10^5, how many with a heavy log Bayes
   factor above 5 and above 7 are light or bounded, and the 95% upper bound on the share
   that leaves (zero events: 3 / draws; times 3/2, the share a uniform mix puts on the two
   other labels).
2. **Flags on the tuning suite**, the shipped rule and the variant for several ``f``, and
   Bayes factors raised to a power: mean false-discovery proportion and power at q = 0.05
   over ``--reps`` resamplings of 1000 non-heavy and 10 non-hard heavy draws at n = 10^4.
3. **The best fixed threshold** on P(heavy) on the same resamplings, chosen with the truth
   known: what P(heavy) itself allows, whatever the rule.
4. **Calibrated probabilities.** 200 sets of 500 probabilities from Beta(0.2, 0.5), each
   group heavy with its probability, flagged at the classifier's prior (1/3): the shipped
   rule keeps the mean FDP at q; the variant lifts every probability above 1/3 (0.94 becomes
   0.958) and does not. This is why the variant was not adopted (stop 31).

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

from benchmarks import _eb_flags as flags  # noqa: E402
from benchmarks import _tune_cache as tune  # noqa: E402
from benchmarks._loo import build_loo, loo_probabilities  # noqa: E402
from benchmarks._markdown import write_report  # noqa: E402
from benchmarks.heavy_flags import best_threshold  # noqa: E402
from benchmarks.tune import DEFAULT_LOO, Scorer  # noqa: E402
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


def _variant(p: np.ndarray, fdr: float, share: float, prevalence: float | None = None
             ) -> np.ndarray:
    """The flags with the share ``share`` in place of ``UNIFORM_MIX`` when P(heavy) is
    recomputed (``(1 - f) pi BF / (pi BF + 1 - pi) + f pi``, uncapped), then the shipped
    rule on those probabilities (mean of ``1 - q`` over the flagged at most ``fdr``, each
    ``q > 1/2``)."""
    lbf = flags._log_bayes_factor(p)
    pi = (min(flags._prevalence(lbf), flags.CLASSIFIER_PRIOR) if prevalence is None
          else prevalence)
    q = (1 - share) * special.expit(special.logit(pi) + lbf) + share * pi
    # at the classifier's own prior the shipped rule takes the probabilities as given
    return flags.heavy_flags(q, fdr, prevalence=flags.CLASSIFIER_PRIOR)


def _flag_rates(sets: list[tuple[np.ndarray, np.ndarray]], p: np.ndarray,
                share: float | None) -> tuple[float, float]:
    """Mean FDP and power at q = 0.05: the shipped rule (``share=None``) or the variant."""
    fdp, power = [], []
    for light, heavy in sets:
        both = np.concatenate([p[light], p[heavy]])
        f = flags.heavy_flags(both, 0.05) if share is None else _variant(both, 0.05, share)
        false = int(f[: light.size].sum())
        fdp.append(false / max(1, int(f.sum())))
        power.append(float(f[light.size:].mean()))
    return float(np.mean(fdp)), float(np.mean(power))


def _calibrated_fdp(share: float | None, reps: int = 200) -> float:
    """Mean FDP at q = 0.05 and prevalence 1/3 when each group is heavy with its stated
    probability (Beta(0.2, 0.5) draws): the shipped rule or the variant."""
    rng = np.random.default_rng(1)
    fdp = []
    for _ in range(reps):
        p = rng.beta(0.2, 0.5, size=500)
        truth = rng.random(500) < p
        f = (flags.heavy_flags(p, 0.05, prevalence=1 / 3) if share is None else
             _variant(p, 0.05, share, prevalence=1 / 3))
        fdp.append(np.sum(f & ~truth) / max(1, f.sum()))
    return float(np.mean(fdp))


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
    lines = ["# A smaller share for \"the model may be wrong\" in the heavy flags", "",
             f"Tuning suite ({tune.DEFAULT_REPS} draws per family and size) and the library "
             "with each member left out, n = 10^4 and 10^5; never the validation suite. "
             f"The shipped flags keep the classifier's share `UNIFORM_MIX` = {UNIFORM_MIX:g}; "
             "the variant recomputes P(heavy) with a share f (module doc).", "",
             "## 1. Light or bounded draws at the top of P(heavy)", "",
             "| log BF above | heavy draws | light or bounded | 95% upper bound on their share "
             "| share x 3/2 |", "|---|---|---|---|---|"]
    for level in (5.0, 7.0):
        h, lb = _top_counts(lbf, heavy, level)
        bound = 3.0 / (h + lb) if lb == 0 else np.nan
        lines.append(f"| {level:g} | {h} | {lb} | {bound:.5f} | {1.5 * bound:.5f} |")
    sc = Scorer(cache, seed=0, fdr_reps=args.reps)
    lines += ["", f"## 2. Flags on the tuning suite, n = 10^4, {args.reps} resamplings", "",
              "| Bayes factors | rule | mean FDP | mean power |", "|---|---|---|---|"]
    variants: list[tuple[float, float | None]] = [(1.0, None), (1.0, 0.01), (1.0, 0.005),
                                                  (1.0, 0.0005), (1.0, 0.0), (1.25, None)]
    for power, share in variants:
        p = p_tune if power == 1.0 else _sharpened(p_tune, power)
        fdp, pw = _flag_rates(sc.fdr_sets, p, share)
        rule = "shipped (share 0.03)" if share is None else f"variant, f = {share:g}"
        lines.append(f"| as given{'' if power == 1.0 else f', to the power {power:g}'} | "
                     f"{rule} | {fdp:.4f} | {pw:.3f} |")
    thr, pw, fdp = best_threshold(
        [(np.concatenate([p_tune[lt], p_tune[h]]), np.arange(lt.size + h.size) >= lt.size)
         for lt, h in sc.fdr_sets], 0.05)
    lines += ["", "## 3. Best fixed threshold on P(heavy), the truth known", "",
              f"Threshold {thr:.4f}: power {pw:.3f} at mean FDP {fdp:.4f} (same resamplings).",
              "", "## 4. Probabilities that are calibrated (prevalence 1/3, q = 0.05)", "",
              f"Mean FDP: shipped rule {_calibrated_fdp(None):.4f}; variant with f = 0.0005 "
              f"{_calibrated_fdp(0.0005):.4f}. One group with P(heavy) = 0.94: shipped rule "
              f"{'flags' if flags.heavy_flags([0.94])[0] else 'does not flag'} it, the variant "
              f"{'flags' if _variant(np.array([0.94]), 0.05, 0.0005)[0] else 'does not'}."]
    write_report(lines, args.out, "flag_share.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
