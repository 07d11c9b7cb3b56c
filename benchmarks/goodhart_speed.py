"""Time of one Goodhart summary and of best-of-n on large samples, against one sort.

``goodhart_summary`` runs the KL frontier (and its exponential bound), the KL tilt and
best-of-n on one sample. Prints, for normal samples of 10^6 and 10^7 rewards (each timed
warm, best of three), the time of ``goodhart_summary``, of ``goodhart_summary(u, v)`` with
gold scores (``v`` normal, ``u = v`` plus Student-t(3) errors), of ``best_of_n`` alone (21
sizes of n, given the fitted tail model) and of one ``np.sort`` of the sample (the least any
exact best-of-n must do), with the ratios to the sort.

Run: ``python benchmarks/goodhart_speed.py [--sizes 1e6 1e7]``.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from benchmarks._timing import best_of  # noqa: E402
from tailstat.goodhart.bon import best_of_n  # noqa: E402
from tailstat.goodhart.tail import fit_tail_model  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1e6, 1e7])
    sizes = [int(s) for s in ap.parse_args().sizes]
    print("| n | goodhart_summary s | with gold s | best_of_n s | np.sort s | summary / sort "
          "| best_of_n / sort |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        rng = np.random.default_rng(0)
        x = rng.normal(size=n)
        gold = rng.normal(size=n)
        proxy = gold + rng.standard_t(3.0, size=n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            model = fit_tail_model(x)
            t_sum = best_of(lambda x=x: ts.goodhart_summary(x), repeats=3)
            t_gold = best_of(lambda u=proxy, v=gold: ts.goodhart_summary(u, v), repeats=3)
            t_bon = best_of(lambda x=x, m=model: best_of_n(x, tail=m), repeats=3)
        t_sort = best_of(lambda x=x: np.sort(x), repeats=3)
        print(f"| {n:,} | {t_sum:.2f} | {t_gold:.2f} | {t_bon:.2f} | {t_sort:.3f} | "
              f"{t_sum / t_sort:.0f} "
              f"| {t_bon / t_sort:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
