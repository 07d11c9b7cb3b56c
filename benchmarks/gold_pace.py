"""How a heavy error beside a heavy gold score is read, over many simulated samples.

For each case, ``n = 10^4`` pairs (gold ``V``, error ``X``, reward ``U = V + X``) are drawn
with seeds ``seed .. seed + seeds - 1`` and :func:`tailstat.goodhart.goodhart_summary` reads
the error (:func:`tailstat.goodhart.gold.error_tail`): ``"heavy"`` is the catastrophic case;
``"gold heavy"`` (gold's tail keeps pace) and ``"with gold"`` (the reward stretches true
utility) are not; ``"uncertain"``: the error's own tail is not settled.

The cases: equal tails, where the catastrophic case is absent (t(3) and t(3), Pareto(2) and
Pareto(2), an error half of a Pareto(2.5) gold plus noise); and an error whose tail is the
heavier (ξ_X > ξ_V), where reward bought at almost no KL buys ever less true utility
(``tailstat/goodhart/_pace.py``): Pareto(2) beside Pareto(1.5) (1/ξ_V − 1/ξ_X = 0.5), t(4)
beside 0.3·t(2) (2), t(3) beside t(1.5) (1.5), and U = V + V² + N(0, 1) with V Pareto(3),
an error that moves with gold. The readings tell the second and third from equal tails, not
the first, and read the fourth as a reward that stretches gold. The figures of
``docs/science.md`` come from seeds 5000-5099. Run ``python benchmarks/gold_pace.py
[--seeds 100] [--seed 5000]`` (about 40 s); prints a table of counts.
"""

from __future__ import annotations

import argparse
import collections
import warnings
from collections.abc import Callable

import numpy as np

N = 10_000

Pair = Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]]


def _pareto(rng: np.random.Generator, alpha: float) -> np.ndarray:
    return rng.pareto(alpha, N) + 1.0


CASES: dict[str, tuple[str, Pair]] = {
    "t(3), t(3)": ("equal", lambda r: (r.standard_t(3, N), r.standard_t(3, N))),
    "Pareto(2), Pareto(2)": ("equal", lambda r: (_pareto(r, 2), _pareto(r, 2))),
    "Pareto(2.5), 0.5 V + N(0, 1)": (
        "equal", lambda r: (lambda v: (v, 0.5 * v + r.standard_normal(N)))(_pareto(r, 2.5))),
    "Pareto(2), Pareto(1.5)": ("heavier", lambda r: (_pareto(r, 2), _pareto(r, 1.5))),
    "t(4), 0.3 t(2)": ("heavier", lambda r: (r.standard_t(4, N), 0.3 * r.standard_t(2, N))),
    "t(3), t(1.5)": ("heavier", lambda r: (r.standard_t(3, N), r.standard_t(1.5, N))),
    "Pareto(3), V^2 + N(0, 1)": (
        "heavier", lambda r: (lambda v: (v, v ** 2 + r.standard_normal(N)))(_pareto(r, 3))),
}


def readings(pair: Pair, seed: int, seeds: int) -> collections.Counter[str]:
    """The error's readings over ``seeds`` samples of ``pair``."""
    from tailstat.goodhart import goodhart_summary
    from tailstat.goodhart.gold import error_tail

    counts: collections.Counter[str] = collections.Counter()
    for s in range(seed, seed + seeds):
        v, x = pair(np.random.default_rng(s))
        counts[str(error_tail(goodhart_summary(v + x, v, warn=False).gold))] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--seed", type=int, default=5000)
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    kinds = ("heavy", "gold heavy", "with gold", "uncertain")
    print(f"| gold V, error X | tails | {' | '.join(kinds)} | other |")
    print("|---|---|" + "---|" * (len(kinds) + 1))
    for name, (tails, pair) in CASES.items():
        c = readings(pair, args.seed, args.seeds)
        other = sum(v for k, v in c.items() if k not in kinds)
        print(f"| {name} | {tails} | {' | '.join(str(c[k]) for k in kinds)} | {other} |",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
