"""CPU time of the report's per-group tasks, in one process (where the report's time goes).

The report hands each group to a worker twice: its Goodhart summary and figure
(``reporting._build.goodhart_report_task``) and its diagnostic figure
(``reporting._groups._figures_task``: the numbers from the group's sketch, then 8 panels).
This script analyses the 20 groups x 10^5 rows of ``report_speed.make_data``, then runs each
task for every group in this process, after the workers' start-up (imports, BLAS on one
thread), and prints the CPU seconds of that start-up and per group: the first group (cold:
fonts, figure layouts and text images made, caches filled) and the mean of the others
(warm), for the goodhart and the figure tasks.

Run: ``python benchmarks/report_tasks.py [--groups 20] [--rows 100000]``.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    from benchmarks.report_speed import make_data
except ImportError:  # run as a script from benchmarks/
    from report_speed import make_data  # type: ignore[no-redef]


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, run the tasks, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--groups", type=int, default=20)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args(argv)

    import tailstat as ts
    from tailstat._workers import _init_worker
    from tailstat.analysis_goodhart import goodhart_task
    from tailstat.data import check_groups
    from tailstat.reporting._build import WORKER_MODULES, goodhart_report_task
    from tailstat.reporting._groups import _figures_task

    frame = make_data(args.groups, args.rows)
    groups = check_groups(frame, "reward", by="model")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        analysis = ts.analyze(frame, "reward", by="model", warn=False)
    keys = [k for k in analysis.table["group"] if k in analysis.classifications]
    cpu: dict[str, list[float]] = {"goodhart summary + figure": [], "figure (8 panels)": []}
    t = time.process_time()
    _init_worker(WORKER_MODULES)  # what a worker does first: imports, BLAS on one thread
    init = time.process_time() - t
    for key in keys:
        c = analysis.classifications[key]
        task = goodhart_task(groups, key, c, None)
        t = time.process_time()
        goodhart_report_task((task, 96))
        cpu["goodhart summary + figure"].append(time.process_time() - t)
        t = time.process_time()
        _figures_task((analysis.sketches.get(key), c, None, None, None, 96, 2000))
        cpu["figure (8 panels)"].append(time.process_time() - t)
    print(f"{len(keys)} groups x {args.rows} rows; worker start-up {init:.3f} CPU s; "
          "CPU seconds per group:")
    print(f"{'task':<28}{'first (cold)':>14}{'others (mean)':>15}")
    for name, times in cpu.items():
        rest = times[1:] or times
        print(f"{name:<28}{times[0]:>14.3f}{sum(rest) / len(rest):>15.3f}")


if __name__ == "__main__":
    main()
