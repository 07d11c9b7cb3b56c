"""False alarms of ``TailMonitor`` on light-tailed streams: per check and per run.

``level`` is a threshold for each check, not for a whole run: a light-tailed stream checked
many times reaches a low level at some check far more often than at any one check. This
feeds 20 streams per law (batches of 256 rewards, a check every 5 updates, 600 updates:
120 checks, 153,600 rewards each) and prints, per level, the share of checks whose P(heavy)
reaches it and the share of runs in which one check did (the monitor warns at the first).

Run: ``python benchmarks/monitor_alarms.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np

import tailstat as ts
from tailstat.classification import reaches_level

LAWS = {
    "gamma(0.5)": lambda rng, n: rng.gamma(0.5, size=n),
    "exponential": lambda rng, n: rng.exponential(size=n),
    "normal": lambda rng, n: rng.normal(size=n),
}
LEVELS = (0.5, 0.8, 0.9)


def run(law: str, seed: int, updates: int, batch: int, every: int) -> np.ndarray:
    """P(heavy) at each check of one stream."""
    rng = np.random.default_rng(seed)
    monitor = ts.TailMonitor(level=0.9, every=every)
    probs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.errors.TailstatWarning)
        for _ in range(updates):
            out = monitor.update(LAWS[law](rng, batch))
            if out:
                probs.append(out["tail/prob_heavy"])
    return np.asarray(probs, float)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--updates", type=int, default=600)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--every", type=int, default=5)
    args = ap.parse_args()
    print(f"{args.runs} runs per law, {args.updates} updates of {args.batch}, a check every "
          f"{args.every} (seeds 0-{args.runs - 1})")
    print(f"{'law':<12} {'level':>5} {'checks reaching it':>19} {'runs warned':>12}")
    for law in LAWS:
        probs = [run(law, seed, args.updates, args.batch, args.every)
                 for seed in range(args.runs)]
        for level in LEVELS:
            hit = [np.array([reaches_level(p, level) for p in run_p]) for run_p in probs]
            checks = float(np.mean(np.concatenate(hit)))
            runs = sum(bool(h.any()) for h in hit)
            print(f"{law:<12} {level:>5} {checks:>19.4f} {runs:>7}/{args.runs}")


if __name__ == "__main__":
    main()
