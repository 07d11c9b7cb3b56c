"""Report scale (issue 11): 1 000 groups x 200 rows with the default settings.

Target: at most 60 s and 10 MB for the whole report (``figures="auto"`` draws the overview
only beyond 50 groups). Also times 50 groups x 200 rows, where every group gets its figure.

Run: ``python benchmarks/report_scale.py [--groups 1000] [--rows 200]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402


def frame(groups: int, rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kinds = [lambda n: rng.normal(size=n), lambda n: rng.standard_t(3, n),
             lambda n: rng.beta(2, 2, n), lambda n: rng.exponential(size=n)]
    values = np.concatenate([kinds[i % 4](rows) for i in range(groups)])
    return pd.DataFrame({"model": np.repeat([f"rm-{i:04d}" for i in range(groups)], rows),
                         "reward": values})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--groups", type=int, default=1000)
    ap.add_argument("--rows", type=int, default=200)
    args = ap.parse_args()
    ok = True
    for groups in (args.groups, 50):
        df = frame(groups, args.rows)
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            out = Path(tmp) / "r.html"
            t0 = time.perf_counter()
            ts.report(df, out, column="reward", by="model")
            seconds = time.perf_counter() - t0
            size = out.stat().st_size / 1e6
        target = groups != args.groups or (seconds <= 60 and size <= 10)
        ok = ok and target
        print(f"{groups} groups x {args.rows} rows: {seconds:.1f} s, {size:.2f} MB"
              + ("  (target <= 60 s, <= 10 MB)" if groups == args.groups else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
