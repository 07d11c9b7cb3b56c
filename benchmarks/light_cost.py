"""The KL cost of a far target under a light tail: the fitted tail model against the exact.

Two figures of the README ("A light tail's cost"), over ``--seeds`` samples of ``N = 2·10^4``:

* N(0, 1) scores, a target 4.5 sd above the mean: :func:`tailstat.kl_frontier`'s rate there
  (the GPD fitted to a normal tail has ξ < 0, an end point the scores do not have) against
  the exact ``4.5^2 / 2 = 10.1`` nats: median, and the range over the seeds;
* gamma(0.3) scores, a target 3 sd up: the exact cost ``m - k - k log(m / k)`` (k = 0.3)
  against the cost the Goodhart verdict states (``verdict_kl`` of
  :func:`tailstat.goodhart.goodhart_summary`, on the seeds not called heavy) and the floor
  it quotes where it gives one (``settings["verdict_kl_floor"]``: the exponential tail above
  the threshold), which a gamma tail of shape below 1 can undercut.

Run: ``python benchmarks/light_cost.py [--seeds 20]`` (about a minute; prints a table).
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tailstat as ts
from tailstat.goodhart import goodhart_summary, kl_frontier

N = 20_000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=20)
    args = ap.parse_args()
    normal, cost, floor = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        for s in range(args.seeds):
            x = np.random.default_rng([s, 1]).normal(size=N)
            normal.append(kl_frontier(x).rate_at(float(x.mean() + 4.5 * x.std())))
            g = np.random.default_rng([s, 2]).gamma(0.3, size=N)
            r = goodhart_summary(g, target_sd=3.0)
            if r.label != "heavy":  # a heavy verdict quotes no light-tail cost
                cost.append(r.verdict_kl)
                f = r.settings.get("verdict_kl_floor")
                floor.append(np.nan if f is None else f)
    k = 0.3
    m = k + 3.0 * math.sqrt(k)
    exact_gamma = m - k - k * math.log(m / k)
    print(f"N(0,1), N = {N}, target 4.5 sd, {args.seeds} seeds: kl_frontier rate median "
          f"{np.median(normal):.1f} nats (range {np.min(normal):.1f} to {np.max(normal):.1f}); "
          f"exact {4.5**2 / 2:.1f}")
    fl = np.array(floor)
    print(f"gamma(0.3), N = {N}, target 3 sd: exact {exact_gamma:.2f} nats; of {args.seeds} "
          f"seeds {len(cost)} not called heavy: the verdict's cost median {np.median(cost):.2f} "
          f"(range {np.min(cost):.2f} to {np.max(cost):.2f}); a floor quoted in "
          f"{np.count_nonzero(~np.isnan(fl))}, median {np.nanmedian(fl):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
