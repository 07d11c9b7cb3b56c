"""Whole-process time of the ``tailstat report`` command against a bare ``analyze``.

Target (issue 13): ``tailstat report FILE --column reward --by model -o out.html`` (run as
``python -m tailstat``, the same command, so that it is the tailstat of this tree) takes at
most 3x a process that imports tailstat and runs ``tailstat.analyze`` on the same file. Both
are whole processes (interpreter start, imports, reading the file); the report adds the
figures (one per group), the Goodhart sections and the HTML.

The file: the 20 reward models x 10^5 rows of ``benchmarks/report_speed.py``'s ``make_data``
(eight tail shapes in turn, seeded), as Parquet. Each command runs once untimed (file and
bytecode caches), then three times, the two commands in turn, and the best of each counts.

Run: ``python benchmarks/_speed_report.py`` (or ``python benchmarks/speed.py report``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

try:
    from benchmarks._timing import best_of, row
    from benchmarks.report_speed import make_data
except ImportError:  # run as a script from benchmarks/
    from _timing import best_of, row  # type: ignore[no-redef]
    from report_speed import make_data  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
GROUPS = 20
ROWS = 100_000
#: Timed runs of each command (interleaved; the best counts).
REPEATS = 3

_ANALYZE = ("import sys, warnings, tailstat; warnings.simplefilter('ignore', "
            "tailstat.TailstatWarning); tailstat.analyze(sys.argv[1], 'reward', by='model')")


def _runner(cmd: list[str], env: dict[str, str]) -> Any:
    def call() -> None:
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return call


def run() -> list[dict[str, Any]]:
    """Time the report command and the bare analysis, each as a whole process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "rewards.parquet"
        make_data(GROUPS, ROWS).to_parquet(data, index=False)
        out = Path(tmp) / "out.html"
        report = [sys.executable, "-m", "tailstat", "report", str(data), "--column", "reward",
                  "--by", "model", "-o", str(out), "-q"]
        analyze = [sys.executable, "-c", _ANALYZE, str(data)]
        # interleaved, best of three each: this VM's speed drifts by tens of percent over a
        # minute, and two blocks timed one after the other would measure the drift
        run_report, run_analyze = _runner(report, env), _runner(analyze, env)
        t_report, t_analyze = float("inf"), float("inf")
        for i in range(REPEATS):
            t_report = min(t_report, best_of(run_report, repeats=1, warmup=int(i == 0)))
            t_analyze = min(t_analyze, best_of(run_analyze, repeats=1, warmup=int(i == 0)))
        mb = out.stat().st_size / 1e6
    return [row(f"tailstat report, {GROUPS} groups x 1e5 rows parquet ({mb:.1f} MB html)",
                t_report, "python -c 'import tailstat; analyze(FILE)'", t_analyze,
                "ratio <= 3")]


if __name__ == "__main__":
    for r in run():
        print(r)
