"""Rows repeated m times (a table joined to itself, logs read twice): what ``tailstat.classify``
calls samples whose every row appears m times, against the same samples read once.

For each family and m, each seed draws one sample x of n = 10^4 and classifies ``x`` and
``np.tile(x, m)``. Since stop 67 the classifier tells such samples apart (nearly every top value
appearing exactly m times, :func:`tailstat.data.tail.row_copies`) and gives a lean (no
probability above 0.75) with the advice to drop the duplicates: before, their ties distorted
the features and some read confidently wrong (Weibull(0.5) and lognormal scores light).
Columns: right labels, confident verdicts and confident wrong verdicts, per m (m = 1: x).

Run: ``python benchmarks/repeated_rows.py [--seeds 20] [--seed 200] [--out reports]`` (writes
``reports/repeated_rows.md``; a few seconds).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks._markdown import markdown_table, seeded_run, write_report  # noqa: E402

N = 10_000
FAMILIES = {
    "weibull(0.5)": ("heavy", lambda r: r.weibull(0.5, N)),
    "lognormal(0, 1)": ("heavy", lambda r: r.lognormal(0.0, 1.0, N)),
    "t(3)": ("heavy", lambda r: r.standard_t(3.0, N)),
    "normal": ("light", lambda r: r.normal(size=N)),
    "exponential": ("light", lambda r: r.exponential(size=N)),
}


def run(seeds: int, seed: int) -> pd.DataFrame:
    rows = []
    for name, (truth, draw) in FAMILIES.items():
        for m in (1, 2, 5):
            right = confident = wrong = 0
            for s in range(seeds):
                x = np.tile(draw(np.random.default_rng(seed + s)), m)
                c = ts.classify(x, warn=False)
                right += c.label == truth
                confident += c.confident
                wrong += c.confident and c.label != truth
            rows.append({"family": name, "truth": truth, "m": m, "seeds": seeds,
                         "right": right, "confident": confident, "confident wrong": wrong})
    return pd.DataFrame(rows)


def main() -> int:
    args, df, seconds = seeded_run(__doc__, run, 200, ROOT / "reports")
    write_report(["# Rows repeated m times: what classify calls them", "",
                  f"Reproduce: `python benchmarks/repeated_rows.py --seeds {args.seeds} --seed "
                  f"{args.seed}` (module doc). n = {N} per sample before repetition; run time "
                  f"{seconds:.0f} s.", "", markdown_table(df)],
                 args.out, "repeated_rows.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
