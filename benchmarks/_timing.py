"""Shared timing helper for the benchmark scripts: best of several repeats, wall clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeats: int = 5, warmup: int = 1) -> float:
    """Smallest wall time of ``repeats`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def best_of_pair(fn: Callable[[], Any], baseline: Callable[[], Any], repeats: int = 7,
                 warmup: int = 1) -> tuple[float, float]:
    """Smallest wall times of ``fn`` and of ``baseline``, timed in turn ``repeats`` times.

    On a machine whose speed drifts (a shared VM), timing the two in alternation exposes
    both to the same conditions, so their ratio is not the luck of when each was measured.
    """
    for _ in range(warmup):
        fn()
        baseline()
    t_fn, t_base = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        baseline()
        t_base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        fn()
        t_fn.append(time.perf_counter() - t0)
    return min(t_fn), min(t_base)


def row(name: str, seconds: float, baseline: str, baseline_seconds: float,
        target: str) -> dict[str, Any]:
    """One benchmark row in the format benchmarks/speed.py prints."""
    return {"name": name, "seconds": seconds, "baseline": baseline,
            "baseline_seconds": baseline_seconds, "target": target}
