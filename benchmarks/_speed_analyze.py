"""Speed and peak memory of ``tailstat.analyze`` on 20 groups x 5 x 10^5 rows.

Targets (issue 13, "speed where users wait"):

* time: ``analyze(frame, "reward", by="model")`` at most 2x the cost of one ``np.partition``
  per group (20 partitions of 5 x 10^5 float64 at index ``n - 1000``), the two timed in
  turn (best of 7 each), so that a drift in the machine's speed touches both alike, in a
  fresh process (the heap and caches earlier sections of ``speed.py`` leave behind moved
  the ratio by 0.2-0.5 on the 2-core VM); the intake (``check_groups``) is timed too, and
  its share of ``analyze`` shown. The target is read on equal cores: ``analyze`` with
  ``TAILSTAT_THREADS=1`` against the one-thread partitions (a review: it had been met by a
  wall clock on two cores against a baseline on one); a second row times it as a user's
  call runs, sketching large groups on one thread per usable core (up to 4), for
  information;
* memory: the peak memory ``analyze`` adds, at most 1.5x the input frame's bytes
  (``df.memory_usage(deep=True).sum()``). Measured in a fresh process (so that other
  sections' garbage does not count): the resident-set high-water mark over the resident set
  before the call (Linux: ``/proc/self/clear_refs`` resets the mark), and ``tracemalloc``'s
  peak (NumPy and Python allocations only, not Arrow's memory pool).

The frame: string keys ``"rm-00"`` ... ``"rm-19"`` (pandas' default string dtype), 5 x 10^5
rows each, rewards normal, Pareto(2) and gamma(2) in turn (seeded); measured twice, with the
groups in order (the intake's cheapest case: runs, no reordering) and with the rows shuffled
(a review: only the first was measured, and the targets are met only there).

Run: ``python benchmarks/_speed_analyze.py`` (or ``python benchmarks/speed.py analyze``).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

try:
    from benchmarks._timing import best_of, best_of_pair, row
except ImportError:  # run as a script from benchmarks/
    from _timing import best_of, best_of_pair, row  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
GROUPS = 20
ROWS = 500_000
TOP = 1000


def _sci(n: int) -> str:
    """``500000`` as ``5e5``."""
    mantissa, exponent = f"{n:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def make_frame(groups: int = GROUPS, rows: int = ROWS, seed: int = 0, *,
               shuffled: bool = False) -> pd.DataFrame:
    """``groups`` reward models of ``rows`` scores each: normal, Pareto(2), gamma(2) in turn;
    the groups in order (the intake's cheapest case), or the rows ``shuffled``."""
    if shuffled:
        return make_frame(groups, rows, seed).sample(frac=1.0, random_state=seed
                                                     ).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    makers = [lambda n: rng.normal(size=n), lambda n: rng.pareto(2.0, n),
              lambda n: rng.gamma(2.0, 1.0, n)]
    return pd.DataFrame({
        "model": np.repeat([f"rm-{g:02d}" for g in range(groups)], rows),
        "reward": np.concatenate([makers[g % len(makers)](rows) for g in range(groups)]),
    })


def _analyze(df: pd.DataFrame) -> Any:
    import tailstat as ts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        return ts.analyze(df, "reward", by="model")


def _status_bytes(field: str) -> int | None:
    """A ``VmRSS:`` / ``VmHWM:`` line of ``/proc/self/status`` in bytes (None off Linux)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_high_water_mark() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def _trim() -> None:
    """Return freed memory to the system, so that the baseline resident set is honest."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def memory_child(groups: int = GROUPS, rows: int = ROWS, shuffled: bool = False
                 ) -> dict[str, Any]:
    """In a fresh process: the input's bytes and the peak memory one ``analyze`` adds."""
    df = make_frame(groups, rows, shuffled=shuffled)
    out: dict[str, Any] = {"input_bytes": int(df.memory_usage(deep=True).sum())}
    _analyze(df)  # imports and caches first
    _trim()
    before = _status_bytes("VmRSS:")
    if before is not None and _reset_high_water_mark():
        _analyze(df)
        peak = _status_bytes("VmHWM:")
        out["rss_peak_bytes"] = None if peak is None else peak - before
    _trim()
    tracemalloc.start()
    _analyze(df)
    out["tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out


def _in_fresh_process(call: str, threads: int | None = None) -> Any:
    """The JSON result of ``benchmarks._speed_analyze.<call>`` run in a new interpreter
    (with ``TAILSTAT_THREADS=threads`` when given)."""
    env = dict(os.environ)
    if threads is not None:
        env["TAILSTAT_THREADS"] = str(threads)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    code = f"import json; from benchmarks import _speed_analyze as b; print(json.dumps(b.{call}))"
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _memory(shuffled: bool = False) -> dict[str, Any]:
    return _in_fresh_process(f"memory_child(shuffled={shuffled})")  # type: ignore[no-any-return]


def _memory_row(name: str, peak: float, input_bytes: int) -> dict[str, Any]:
    return {"name": name, "value": peak / 1e6, "baseline_value": input_bytes / 1e6,
            "unit": "MB", "baseline": "input frame, memory_usage(deep=True)",
            "target": "ratio <= 1.5"}


def _time_rows(shuffled: bool = False, one_thread: bool = False) -> list[dict[str, Any]]:
    """``analyze`` and ``check_groups`` against one partition per group, same frame (the
    baseline partitions each group's values, gathered beforehand when the rows are
    shuffled)."""
    from tailstat.data import check_groups

    df = make_frame(shuffled=shuffled)
    values = df["reward"].to_numpy()
    blocks = ([values[i * ROWS:(i + 1) * ROWS] for i in range(GROUPS)] if not shuffled else
              [g.to_numpy() for _, g in df.groupby("model")["reward"]])
    t_analyze, part = best_of_pair(lambda: _analyze(df),
                                   lambda: [np.partition(b, b.size - TOP) for b in blocks],
                                   repeats=7)
    rows = ", rows shuffled" if shuffled else ""
    if one_thread:  # the target's row alone (the intake's share is timed in the other run)
        return [row(f"analyze, {GROUPS} groups x {_sci(ROWS)} rows{rows}, one thread "
                    "(TAILSTAT_THREADS=1)", t_analyze,
                    f"np.partition per group ({GROUPS} x {_sci(ROWS)}, kth n-{TOP}; one thread)",
                    part, "ratio <= 2")]
    t_intake = best_of(lambda: check_groups(df, "reward", by="model", copy=False),  # as analyze
                       repeats=5)
    # (analyze sketches large groups on up to 4 threads, the baseline's partitions run on
    # one: said in the row; a review)
    from tailstat._threads import thread_limit

    threads = thread_limit()
    baseline = (f"np.partition per group ({GROUPS} x {_sci(ROWS)}, kth n-{TOP}; one thread, "
                f"analyze up to {threads})")
    return [
        row(f"analyze, {GROUPS} groups x {_sci(ROWS)} rows{rows}", t_analyze, baseline, part,
            "(info) on more cores than its baseline"),
        row(f"  of which intake (check_groups): {t_intake / t_analyze:.0%}", t_intake,
            baseline, part, "(info)"),
    ]


def run() -> list[dict[str, Any]]:
    """Time ``analyze`` and ``check_groups`` against the partitions; measure peak memory
    (each in a fresh process: what earlier sections of ``speed.py`` left in the process, its
    heap and caches, then touches neither the timings nor their baseline)."""
    rows: list[dict[str, Any]] = []
    for shuffled in (False, True):
        said = ", rows shuffled" if shuffled else ""
        # the target on equal cores: analyze on one thread against the one-thread partitions
        # (a review: the target was met on a 2-core wall clock against a 1-core baseline)
        rows += _in_fresh_process(f"_time_rows(shuffled={shuffled}, one_thread=True)",
                                  threads=1)
        rows += _in_fresh_process(f"_time_rows(shuffled={shuffled})")
        gc.collect()
        mem = _memory(shuffled)
        if mem.get("rss_peak_bytes") is not None:
            rows.append(_memory_row(f"analyze peak memory (resident-set high-water mark{said})",
                                    mem["rss_peak_bytes"], mem["input_bytes"]))
        rows.append(_memory_row(f"analyze peak memory (tracemalloc{said})",
                                mem["tracemalloc_peak_bytes"], mem["input_bytes"]))
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
