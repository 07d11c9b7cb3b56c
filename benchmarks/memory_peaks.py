"""Peak memory of the entry points on a large sample, as multiples of the input's bytes.

Each case runs in a fresh interpreter (other cases' garbage does not count) on ``n`` float64
values of a Student t(3) (seed 0): ``tracemalloc``'s peak over the call (NumPy and Python
allocations; not Arrow's memory pool) and its wall time. ``--groups G`` also times
``analyze`` of a table of ``G`` groups of one row each (too small to analyse: each is
refused), with the process's resident-set high-water mark.

Run: ``python benchmarks/memory_peaks.py [--n 10000000] [--groups 1000000]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    "classify": "ts.classify(x)",
    "hill": "ts.hill(x)",
    "hill k=1000": "ts.hill(x, k=1000)",
    "moment": "ts.moment(x)",
    "moment k=1000": "ts.moment(x, k=1000)",
    "pickands": "ts.pickands(x)",
    "fit_gpd (auto threshold)": "ts.fit_gpd(x)",
    "select_threshold": "ts.select_threshold(x)",
    "analyze": "ts.analyze(x)",
    "analyze, 100 groups": "ts.analyze(pd.DataFrame({'r': x, 'g': np.arange(x.size) % 100}), "
                           "'r', by='g')",
    "TailSketch.from_sample": "ts.TailSketch.from_sample(x)",
}

_ONE = """
import time, tracemalloc, warnings
import numpy as np, pandas as pd
import tailstat as ts
warnings.simplefilter("ignore")
x = np.random.default_rng(0).standard_t(3, {n})
tracemalloc.start()
t = time.perf_counter()
{call}
print(time.perf_counter() - t, tracemalloc.get_traced_memory()[1] / x.nbytes)
"""

_GROUPS = """
import resource, time, warnings
import numpy as np, pandas as pd
import tailstat as ts
warnings.simplefilter("ignore")
df = pd.DataFrame({{"r": np.random.default_rng(0).normal(size={g}), "g": np.arange({g})}})
t = time.perf_counter()
ts.analyze(df, "r", by="g")
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _run(code: str) -> list[float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    return [float(v) for v in out[-2:]]


def main(argv: list[str] | None = None) -> int:
    """Print one line per case."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10_000_000)
    p.add_argument("--groups", type=int, default=0)
    args = p.parse_args(argv)
    print(f"n = {args.n:,} float64 ({8 * args.n / 1e6:.0f} MB)")
    for name, call in CASES.items():
        seconds, peak = _run(_ONE.format(n=args.n, call=call))
        print(f"  {name:28s} peak {peak:5.2f} x input   {seconds:6.2f} s")
    if args.groups:
        seconds, rss = _run(_GROUPS.format(g=args.groups))
        print(f"analyze, {args.groups:,} groups of one row: {seconds:.1f} s, "
              f"max RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
