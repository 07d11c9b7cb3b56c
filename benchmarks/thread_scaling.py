"""Do threads pay here? The sketches of ``analyze`` on one thread against the usable cores.

``analyze`` sketches (and checks) large groups on one thread per usable core, up to 4
(``tailstat/_threads.py``). On a machine with cores of its own that is faster; on a shared
virtual machine whose host often takes the second core ("steal time") it can be slower.
This script times the sketches of 20 groups x 5 x 10^5 rows (``TailSketch.from_sample`` at
``analyze``'s capacity) on the calling thread and through ``thread_map``, in turn, best of 7
each, and prints the CPU steal time the kernel counted meanwhile (Linux ``/proc/stat``),
so that a slow threaded figure can be told from a busy host. ``TAILSTAT_THREADS=1`` turns
the threads off in tailstat when they do not pay.

Run: ``python benchmarks/thread_scaling.py [--groups 20] [--rows 500000]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tailstat._threads import thread_limit, thread_map
from tailstat.analysis_sketches import group_sketch


def _cpu_times() -> list[int] | None:
    """The machine's CPU time counters (user, nice, system, idle, iowait, irq, softirq, steal)."""
    try:
        with open("/proc/stat") as fh:
            return [int(v) for v in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return None


def _steal_share(before: list[int] | None, after: list[int] | None) -> float:
    if before is None or after is None:
        return float("nan")
    d = [b - a for a, b in zip(before, after, strict=True)]
    return d[7] / max(1, sum(d))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--groups", type=int, default=20)
    ap.add_argument("--rows", type=int, default=500_000)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    groups = [rng.normal(size=args.rows) for _ in range(args.groups)]
    sizes = [g.size for g in groups]
    runs = {"one thread": lambda: [group_sketch(g) for g in groups],
            f"thread_map ({thread_limit()} threads at most)":
                lambda: thread_map(group_sketch, groups, sizes)}
    times: dict[str, list[float]] = {k: [] for k in runs}
    steal: dict[str, list[float]] = {k: [] for k in runs}
    for fn in runs.values():
        fn()  # warm
    for _ in range(args.repeats):
        for name, fn in runs.items():
            before = _cpu_times()
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
            steal[name].append(_steal_share(before, _cpu_times()))
    print(f"sketches of {args.groups} groups x {args.rows} rows, best of {args.repeats} "
          "(in turn)")
    print(f"{'':<36} {'best s':>8} {'median s':>9} {'steal %':>8}")
    for name in runs:
        print(f"{name:<36} {min(times[name]):>8.4f} {np.median(times[name]):>9.4f} "
              f"{100 * np.nanmean(steal[name]):>8.1f}")
    one, many = (min(t) for t in times.values())
    print(f"threads: {one / many:.2f}x the speed of one thread"
          + ("" if many < one else "  (slower: consider TAILSTAT_THREADS=1 here)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
