"""The named cases of the verdict issue: rare exploits, light mixtures, the boundary.

Each case is drawn with fixed seeds and classified; the table gives how often each label
was chosen and the mean probability of the true label. Targets (from the issue):

* rare heavy errors -- 99% N(0,1) + 1% t(2) at n = 5·10^4, and N(0,1) with 0.1% Pareto(1.5)
  errors at n = 10^5: heavy in >= 9 of 10 seeds;
* light mixtures -- 0.9 N(0,1) + 0.1 N(2,1) and 0.98 N(0,1) + 0.02 N(3, 0.5) at n = 10^5:
  light in >= 9 of 10 seeds;
* the light boundary -- normal, exponential, gamma(2), logistic and the two mixtures at
  n = 10^4 and 10^5: heavy in <= 2% of 100 seeds.

These cases were published with the issue, so they are development cases (the classifier
was built knowing them); the out-of-sample figures are those of ``accuracy.py``. The last
column is the share the target counts (heavy, or light for the "light in" targets) with its
exact 95% binomial interval: with 10 or 100 seeds the targets are counts on these seeds, not
rates (9 of 10 is 0.56-1.00; 0 of 100 allows up to 3.6%).

Run: ``python benchmarks/verdict_cases.py [--seeds 100] [--seed 0]`` (writes
``reports/verdict_cases.md``); ``--case NAME`` and ``--n N`` (repeatable) run some cases only
and print the table, e.g. ``--case exponential --n 10000 --seeds 2000 --seed 50``. Exits 1
when a case misses its target (one does today: the 0.98/0.02 normal mixture at 10^5).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks._seeds import stream  # noqa: E402

Draw = Callable[[np.random.Generator, int], np.ndarray]


def _contaminated(heavy: Draw, eps: float) -> Draw:
    def draw(r: np.random.Generator, n: int) -> np.ndarray:
        x = r.normal(size=n)
        hit = r.random(n) < eps
        x[hit] = heavy(r, int(hit.sum()))
        return x
    return draw


def _two_normals(w: float, mu: float, sd: float) -> Draw:
    return lambda r, n: np.where(r.random(n) < w, r.normal(mu, sd, n), r.normal(size=n))


# (case, truth, sizes, seeds: "few" (10) or "many" (--seeds), target)
CASES: list[tuple[str, str, Draw, list[int], str, str]] = [
    ("99% N(0,1) + 1% t(2)", "heavy", _contaminated(lambda r, m: r.standard_t(2.0, m), 0.01),
     [50_000], "few", "heavy in >= 9 of 10"),
    ("N(0,1) + 0.1% pareto(1.5)", "heavy",
     _contaminated(lambda r, m: r.pareto(1.5, m) + 1.0, 0.001), [100_000], "few",
     "heavy in >= 9 of 10"),
    ("0.9 N(0,1) + 0.1 N(2,1)", "light", _two_normals(0.1, 2.0, 1.0), [100_000], "few",
     "light in >= 9 of 10"),
    ("0.98 N(0,1) + 0.02 N(3,0.5)", "light", _two_normals(0.02, 3.0, 0.5), [100_000], "few",
     "light in >= 9 of 10"),
    ("normal", "light", lambda r, n: r.normal(size=n), [10_000, 100_000], "many",
     "heavy <= 2%"),
    ("exponential", "light", lambda r, n: r.exponential(size=n), [10_000, 100_000], "many",
     "heavy <= 2%"),
    ("gamma(2)", "light", lambda r, n: r.gamma(2.0, size=n), [10_000, 100_000], "many",
     "heavy <= 2%"),
    ("logistic", "light", lambda r, n: r.logistic(size=n), [10_000, 100_000], "many",
     "heavy <= 2%"),
    ("0.9 N(0,1) + 0.1 N(2,1) ", "light", _two_normals(0.1, 2.0, 1.0), [10_000, 100_000],
     "many", "heavy <= 2%"),
    ("0.98 N(0,1) + 0.02 N(3,0.5) ", "light", _two_normals(0.02, 3.0, 0.5),
     [10_000, 100_000], "many", "heavy <= 2%"),
]


def run(many: int, seed: int, only: list[str] | None = None, n_only: list[int] | None = None
        ) -> pd.DataFrame:
    rows = []
    for ci, (case, truth, draw, sizes, kind, target) in enumerate(CASES):
        if only and not any(o == case.strip() for o in only):
            continue
        for n in sizes:
            if n_only and n not in n_only:
                continue
            # (a case picked with --case gets --seeds whatever its kind: a rate, not a count)
            reps = many if (kind == "many" or only) else 10
            labels, p_true = [], []
            for rep in range(reps):
                rng = stream("verdict-cases", seed, ci, n, rep)
                x = draw(rng, n) * 10 ** rng.uniform(-2, 2) + rng.uniform(-50, 50)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ts.TailstatWarning)
                    c = ts.classify(x)
                labels.append(c.label)
                p_true.append(c.probabilities[truth])
            lab = np.array(labels)
            heavy, light = int(np.sum(lab == "heavy")), int(np.sum(lab == "light"))
            ok = (heavy >= 0.9 * reps if target.startswith("heavy in") else
                  light >= 0.9 * reps if target.startswith("light in") else
                  heavy <= 0.02 * reps)
            counted = light if target.startswith("light in") else heavy
            lo, hi = stats.binomtest(counted, reps).proportion_ci(0.95, method="exact")
            rows.append({"case": case.strip(), "n": n, "seeds": reps, "heavy": heavy,
                         "light": light, "bounded": int(np.sum(lab == "bounded")),
                         "mean_p_true": float(np.mean(p_true)), "target": target,
                         "met": bool(ok),
                         # the Monte-Carlo error of the share the target counts: 9 of 10
                         # is 0.56-1.00, 0 of 100 up to 0.036 (a count, not a rate)
                         "share_95ci": f"{counted / reps:.2f} [{lo:.3f}, {hi:.3f}]"})
    return pd.DataFrame(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=100,
                    help="seeds of the boundary cases (of every case picked with --case)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "reports")
    ap.add_argument("--case", action="append", metavar="NAME",
                    help="only this case (its name as in the table; repeatable): the table "
                         "is printed, not written")
    ap.add_argument("--n", type=int, action="append", help="only this size (repeatable)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    df = run(args.seeds, args.seed, args.case, args.n)
    from benchmarks.accuracy import _md

    text = ("# tailstat.classify on the verdict issue's named cases (development cases)\n\n"
            f"Random location and scale per seed; run time {time.perf_counter() - t0:.0f} s.\n\n"
            f"Reproduce: `python benchmarks/verdict_cases.py --seeds {args.seeds} --seed "
            f"{args.seed}"
            + "".join(f" --case {c!r}" for c in args.case or [])
            + "".join(f" --n {m}" for m in args.n or []) + "`.\n\n" + _md(df) + "\n")
    if not args.case and not args.n:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "verdict_cases.md").write_text(text)
    print(text)
    return 0 if df.met.all() else 1


if __name__ == "__main__":
    raise SystemExit(main())
