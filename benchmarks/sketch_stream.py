"""Streaming a sample through ``TailSketch.update`` in batches, against one pass over it.

A user who scores rewards as they come (a training loop, a log reader) folds small batches
into one sketch. For 10^7 normal rewards in batches of 100, 1 000 and 10 000, prints the time
per batch, the total, and its ratio to one ``TailSketch.from_sample`` of the whole array and
to one ``np.partition`` of it (what a sample held in memory costs), and checks that the
streamed sketch's top order statistics are the one-pass sketch's.

Run: ``python benchmarks/sketch_stream.py [--n 10000000]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks._timing import best_of  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, default=1e7)
    n = int(ap.parse_args().n)
    x = np.random.default_rng(0).normal(size=n)
    t_one = best_of(lambda: ts.TailSketch.from_sample(x), repeats=3)
    t_part = best_of(lambda: np.partition(x, n - 1000), repeats=3)
    one = ts.TailSketch.from_sample(x)
    print(f"n = {n:,}: one from_sample {t_one:.3f} s, one np.partition {t_part:.3f} s")
    print("| batch | batches | total s | ms per batch | x from_sample | x np.partition "
          "| same top |")
    print("|---|---|---|---|---|---|---|")
    for b in (100, 1_000, 10_000):
        s = ts.TailSketch()
        t0 = time.perf_counter()
        for i in range(0, n, b):
            s.update(x[i:i + b])
        t = time.perf_counter() - t0
        m = min(s.top.shape[0], one.top.shape[0])
        same = bool(np.array_equal(s.top[:m], one.top[:m]))
        print(f"| {b:,} | {-(-n // b):,} | {t:.2f} | {1e3 * t / -(-n // b):.3f} | "
              f"{t / t_one:.1f} | {t / t_part:.1f} | {same} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
