"""How strong is the classifier's evidence for "heavy", family by family (tuning suite)?

The heavy flags (until stop 49, :mod:`benchmarks._eb_flags`) worked on each group's Bayes
factor for heavy against not heavy, recovered from the calibrated ``P(heavy)`` (the uniform
part of the calibration removed, the classifier's 1/3 prior divided out). How well they can
separate a few heavy groups from many light ones is decided by these Bayes factors: a heavy
group is flagged among a thousand light ones only when its Bayes factor is beyond what the
light groups reach by chance. This script lists, per family of the tuning suite
(``benchmarks/tuning_suite.py``, never the validation suite) and size, the median, 95% quantile
and maximum of ``log BF`` over the cached draws of ``benchmarks/tune.py`` (built here when
missing; about 2-3 minutes on one core).

Run: ``python benchmarks/bayes_factors.py [--cache /tmp/tailstat_tune_cache.npz]``
(writes ``reports/bayes_factors.md``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import _tune_cache as tune  # noqa: E402
from benchmarks._eb_flags import _log_bayes_factor  # noqa: E402
from benchmarks._markdown import markdown_table  # noqa: E402
from benchmarks.tuning_suite import FAMILIES  # noqa: E402


def table(cache: dict[str, np.ndarray]) -> pd.DataFrame:
    """One row per family and size: truth, hard, and quantiles of log BF(heavy : not)."""
    probs, _ = tune.label_probabilities(cache)
    lbf = _log_bayes_factor(probs[:, 0])
    keep = ~cache["failed"]
    rows = []
    for n in sorted({int(v) for v in cache["n"]}):
        for fi, fam in enumerate(FAMILIES):
            sel = keep & (cache["n"] == n) & (cache["fam"] == fi)
            if not sel.any():
                continue
            v = np.clip(lbf[sel], -40, 40)
            rows.append({"n": n, "family": fam.name, "truth": fam.label, "hard": fam.hard(n),
                         "draws": int(sel.sum()), "median": float(np.median(v)),
                         "q95": float(np.quantile(v, 0.95)), "max": float(v.max())})
    df = pd.DataFrame(rows)
    return df.sort_values(["n", "truth", "median"], ascending=[True, True, False])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=tune.DEFAULT_CACHE)
    ap.add_argument("--reps", type=int, default=tune.DEFAULT_REPS)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "reports")
    args = ap.parse_args()
    cache = tune.build_cache(args.cache, list(tune.DEFAULT_SIZES), args.reps, args.seed,
                             args.jobs, False)
    df = table(cache)
    light = df[df["truth"] != "heavy"]
    heavy = df[(df["truth"] == "heavy") & ~df["hard"]]
    lines = ["# The classifier's log Bayes factor for heavy, by tuning family", "",
             "log BF(heavy : not heavy) recovered from the calibrated P(heavy) as "
             "`heavy_flags` does (clipped to ±40; saturated samples count as bounded). "
             f"Tuning suite, {args.reps} draws per family and size, seed {args.seed}.", "",
             "| n | light/bounded: largest q95 | light/bounded: largest max | non-hard heavy: "
             "median of the medians | non-hard heavy: smallest median |", "|---|---|---|---|---|"]
    for n in sorted(df["n"].unique()):
        lo, hv = light[light["n"] == n], heavy[heavy["n"] == n]
        lines.append(f"| {n} | {lo['q95'].max():.1f} | {lo['max'].max():.1f} | "
                     f"{hv['median'].median():.1f} | {hv['median'].min():.1f} |")
    lines += ["", markdown_table(df.round(2))]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bayes_factors.md").write_text(text)
    print("\n".join(lines[:10]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
