"""Speed of ``tailstat.classify`` (fast method) and ``tailstat.analyze``.

Targets: classify at n = 10^5 in at most 0.3 s (issue 5); at n = 10^7 at most 1.5x a bare
``np.partition`` of the same array, measured in the same run, the two timed in turn
(``best_of_pair``: a drift in a shared machine's speed touches both alike; issue 13; it was
3x in issue 5); analyze on a frame with 20 groups x 10^5 rows in at most 10 s (issue 5; the
larger analyze benchmark is ``benchmarks/_speed_analyze.py``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

try:
    from benchmarks._timing import best_of, best_of_pair, row
except ImportError:  # run as a script from benchmarks/
    from _timing import best_of, best_of_pair, row  # type: ignore[no-redef]

import tailstat as ts
from tailstat.classification import k_for


def run() -> list[dict]:
    rng = np.random.default_rng(0)
    rows = []
    x5 = rng.standard_t(3, 10**5)
    t5, p5 = best_of_pair(lambda: ts.classify(x5),
                          lambda: np.partition(x5, x5.size - k_for(x5.size) - 1), repeats=5)
    rows.append(row("classify fast, n=1e5", t5, "np.partition (same kth)", p5,
                    "<= 0.3 s absolute"))
    x7 = rng.standard_t(3, 10**7)
    t7, p7 = best_of_pair(lambda: ts.classify(x7),
                          lambda: np.partition(x7, x7.size - k_for(x7.size) - 1), repeats=3)
    rows.append(row("classify fast, n=1e7", t7, "np.partition (same kth)", p7, "ratio <= 1.5"))
    groups = 20
    frame = pd.DataFrame({
        "model": np.repeat([f"rm-{i:02d}" for i in range(groups)], 10**5),
        "reward": np.concatenate([rng.standard_t(2 + i, 10**5) for i in range(groups)]),
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        ta = best_of(lambda: ts.analyze(frame, "reward", by="model"), repeats=2)
    pa = best_of(lambda: [np.partition(g, g.size // 2) for g in
                          np.split(frame.reward.to_numpy(), groups)], repeats=2)
    rows.append(row("analyze, 20 groups x 1e5 rows", ta, "np.partition per group", pa,
                    "<= 10 s absolute"))
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
