"""How the heavy flags' p-values behave on light groups unlike the null's population.

The flags' null is the tuning suite's light and bounded tails (``flag_null.json``). This
script measures, on the out-of-sample validation suite at one n:

* the pooled null rates ``P(p <= 0.05 / 0.01 / 0.001)`` over ``--draws`` light or bounded
  draws (random family, location and scale);
* the rate ``P(p <= 0.05)`` for single light families that look heavier than the null's
  population (``--family``, repeatable; default the two the README names);
* the mean false-discovery proportion of Benjamini–Hochberg at q = 0.05 when a share of the
  ``--light`` light groups comes from the first such family and the rest from the whole
  suite, beside 10 heavy groups, over ``--reps`` repetitions.

Run: ``python benchmarks/flag_population.py [--n 10000] [--draws 20000] [--reps 20]``
(writes ``reports/flag_population.md``; about three minutes on two cores).
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks import validation_suite  # noqa: E402
from benchmarks._seeds import stream  # noqa: E402
from benchmarks.heavy_flags import _p_heavy  # noqa: E402

FAMILIES = ("0.7 exponential + 0.3 N(3,0.5)", "inverse gaussian(1)")
SHARES = (0.1, 0.3, 1.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--draws", type=int, default=20_000)
    ap.add_argument("--family-draws", type=int, default=1000)
    ap.add_argument("--family", action="append", help="a light validation family's name")
    ap.add_argument("--light", type=int, default=1000)
    ap.add_argument("--heavy", type=int, default=10)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "reports" / "flag_population.md")
    args = ap.parse_args()
    t0 = time.perf_counter()
    fams = validation_suite.FAMILIES
    light = [f for f in fams if f.label != "heavy"]
    heavy = [f for f in fams if f.label == "heavy" and not f.hard(args.n)]
    chosen = args.family or list(FAMILIES)
    by_name = {f.name: f for f in light}
    unknown = [c for c in chosen if c not in by_name]
    if unknown:
        raise SystemExit(f"not a light validation family: {unknown}")
    rng = stream("flag-population", args.seed, 1)
    pv = _p_heavy(light, args.draws, rng, args.n)[1]
    pv = pv[~np.isnan(pv)]
    lines = ["# Heavy flags on light groups unlike the null's population", "",
             f"Validation suite, n = {args.n}, random location and scale; "
             f"`python benchmarks/flag_population.py --n {args.n} --draws {args.draws} "
             f"--reps {args.reps} --seed {args.seed}`.", "",
             f"Pooled over {pv.size} light or bounded draws: "
             + ", ".join(f"P(p <= {a:g}) = {np.mean(pv <= a):.4f}" for a in (0.05, 0.01, 0.001))
             + ".", "", "| family | draws | P(p <= 0.05) |", "|---|---|---|"]
    for name in chosen:
        rng = stream("flag-population-family", args.seed, zlib.crc32(name.encode()))
        p = _p_heavy([by_name[name]], args.family_draws, rng, args.n)[1]
        lines.append(f"| {name} | {args.family_draws} | {np.mean(p <= 0.05):.3f} |")
    lines += ["", f"Benjamini–Hochberg at q = 0.05, {args.light} light groups of which a share "
              f"from '{chosen[0]}', plus {args.heavy} heavy ones, {args.reps} repetitions:", "",
              "| share | mean false-discovery proportion | mean power |", "|---|---|---|"]
    bh = ts.classification.flags.benjamini_hochberg
    for share in SHARES:
        fdp, power = [], []
        for rep in range(args.reps):
            rng = stream("flag-population-share", args.seed, int(share * 1000), rep)
            m = round(share * args.light)
            pv_fam = _p_heavy([by_name[chosen[0]]], m, rng, args.n)[1]
            pv_rest = _p_heavy(light, args.light - m, rng, args.n)[1]
            pv_heavy = _p_heavy(heavy, args.heavy, rng, args.n)[1]
            f = bh(np.concatenate([pv_fam, pv_rest, pv_heavy]), 0.05)
            false = int(f[:args.light].sum())
            fdp.append(false / max(1, int(f.sum())))
            power.append(float(f[args.light:].mean()))
        lines.append(f"| {share:.0%} | {np.mean(fdp):.3f} | {np.mean(power):.3f} |")
    lines += ["", f"Run time {time.perf_counter() - t0:.0f} s."]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
