"""Speed of the semi-parametric estimators against a bare ``np.partition`` of the same array.

Targets (issue 3): the Hill path for n = 10^7 with k_max = 10^5 at most 2x a bare partition;
a single-k estimate at n = 10^7 at most 1.5x. Also a powerlaw (peer) comparison at n = 10^5.
"""

from __future__ import annotations

import warnings

import numpy as np

try:
    from benchmarks._timing import best_of, row
except ImportError:  # run as a script from benchmarks/
    from _timing import best_of, row  # type: ignore[no-redef]

import tailstat as ts


def run() -> list[dict]:
    rng = np.random.default_rng(0)
    n = 10**7
    x = rng.pareto(2.0, n) + 1.0
    rows = []
    k_max = 10**5
    part = best_of(lambda: np.partition(x, n - k_max - 1))
    path = best_of(lambda: ts.tail_path(x, "hill", k_max=k_max))
    rows.append(row("Hill path, n=1e7, k_max=1e5", path, "np.partition (same kth)", part,
                    "ratio <= 2"))
    for method in ("moment", "weibull_tail"):
        t = best_of(lambda m=method: ts.tail_path(x, m, k_max=k_max))
        rows.append(row(f"{method} path, n=1e7, k_max=1e5", t, "np.partition (same kth)", part,
                        "(info)"))
    k = 1000
    part1 = best_of(lambda: np.partition(x, n - k - 1))
    single = best_of(lambda: ts.hill(x, k))
    rows.append(row("Hill single k=1000, n=1e7", single, "np.partition (same kth)", part1,
                    "ratio <= 1.5"))
    single_m = best_of(lambda: ts.moment(x, k))
    rows.append(row("moment single k=1000, n=1e7", single_m, "np.partition (same kth)", part1,
                    "(info)"))
    # automatic k (double bootstrap) at n = 1e5 and 1e7
    y = x[: 10**5].copy()
    auto = best_of(lambda: ts.hill(y), repeats=3)
    part_y = best_of(lambda: np.partition(y, y.size - 1001))
    rows.append(row("Hill auto k (double bootstrap), n=1e5", auto, "np.partition", part_y,
                    "(info)"))
    auto7 = best_of(lambda: ts.hill(x), repeats=1)
    rows.append(row("Hill auto k (double bootstrap), n=1e7", auto7, "np.partition", part1,
                    "(info)"))
    try:
        import powerlaw  # peer: fixed xmin fit (no xmin scan)

        xmin = float(np.partition(y, y.size - 1001)[y.size - 1001])
        warnings.simplefilter("ignore", UserWarning)  # powerlaw's parameter-range chatter
        peer = best_of(lambda: powerlaw.Fit(y, xmin=xmin, verbose=False).power_law.alpha, repeats=3)
        ours = best_of(lambda: ts.hill(y, 1000), repeats=3)
        rows.append(row("Hill k=1000, n=1e5", ours,
                        "powerlaw.Fit(xmin fixed).power_law.alpha", peer,
                        "(info) faster than peer"))
    except ImportError:
        pass
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
