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


def row(name: str, seconds: float, baseline: str, baseline_seconds: float,
        target: str) -> dict[str, Any]:
    """One benchmark row in the format benchmarks/speed.py prints."""
    return {"name": name, "seconds": seconds, "baseline": baseline,
            "baseline_seconds": baseline_seconds, "target": target}
