"""A repeated maximum: copies of the largest score (one output scored several times) and a
clip (a ceiling) over the same samples, and what ``tailstat.classify`` calls them.

For each family, n and number of copies m, each seed draws one sample x and classifies

* ``copies``: x with m - 1 copies of its maximum added (m values equal the maximum);
* ``clip``: x clipped at its m-th largest value (m values equal the maximum).

A few copies leave the values below as they are, so the two look alike: above a heavy tail
the verdict should be uncertain ("repeated-max", stop 44), and so with fewer than 20 copies
above a light one (stop 67; before, the ceiling's: bounded, 0.98); from 20 copies above a
light tail, the ceiling's (bounded). The cells count the seeds per verdict: ``label`` when
confident, ``?label`` when uncertain (largest probability below 0.8), ``refused`` when
classify refuses (copies far above the next score that fill half the top-of-the-sample
reading).

Run: ``python benchmarks/repeated_max.py [--seeds 20] [--out reports]`` (writes
``reports/repeated_max.md``; 10^5 draws use a third of the seeds).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks._markdown import markdown_table, seeded_run, write_report  # noqa: E402

FAMILIES = {
    "t(3)": lambda r, n: r.standard_t(3.0, n),
    "pareto(1)": lambda r, n: r.pareto(1.0, n),
    "lognormal(1)": lambda r, n: r.lognormal(size=n),
    "normal": lambda r, n: r.normal(size=n),
    "exponential": lambda r, n: r.exponential(size=n),
}


def _verdict(x: np.ndarray) -> str:
    try:
        c = ts.classify(x, warn=False)
    except ts.DataError:  # copies far above the rest that would fill the top reading
        return "refused"
    return c.label if c.confident else f"?{c.label}"


def _counts(c: Counter) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1]))


def run(seeds: int, seed: int = 0) -> pd.DataFrame:
    rows = []
    for n in (10_000, 100_000):
        reps = seeds if n == 10_000 else max(1, seeds // 3)
        for m in (5, 20, 50):
            for name, draw in FAMILIES.items():
                rng = np.random.default_rng([seed, n, m, len(rows)])
                copies, clip = Counter(), Counter()
                for _ in range(reps):
                    x = draw(rng, n)
                    top = np.partition(x, n - m)[n - m:]
                    copies[_verdict(np.r_[x, np.full(m - 1, top.max())])] += 1
                    clip[_verdict(np.minimum(x, top.min()))] += 1
                rows.append({"n": n, "copies": m, "family": name, "seeds": reps,
                             "m copies of the maximum": _counts(copies),
                             "clipped at the m-th largest": _counts(clip)})
    return pd.DataFrame(rows)


def main() -> int:
    args, df, seconds = seeded_run(__doc__, run, 0, ROOT / "reports")
    write_report(["# A repeated maximum: copies of one output, or a ceiling", "",
                  "`python benchmarks/repeated_max.py` (module doc). Verdicts per seed: `label` "
                  "confident, `?label` uncertain, `refused` a DataError. "
                  f"Run time {seconds:.0f} s.", "", markdown_table(df)],
                 args.out, "repeated_max.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
