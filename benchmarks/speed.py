"""All speed benchmarks in one run, side by side with their baselines and peers, as ratios.

Run: ``python benchmarks/speed.py`` (add section names to run only some: ``estimators``,
``gpd``, ``bayes``, ``classify``). Each section module exposes ``run() -> list[dict]``.
A ratio is ``seconds / baseline_seconds``: below 1 means tailstat is faster.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
from pathlib import Path

# Put the repository first and drop this script's folder from the path: benchmarks/coverage.py
# would otherwise shadow the `coverage` package that numba (imported by PyMC) looks for.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

SECTIONS = ["estimators", "gpd", "bayes", "classify"]


def main(argv: list[str]) -> int:
    wanted = argv or SECTIONS
    print(f"tailstat speed benchmarks; python {platform.python_version()}, "
          f"{os.cpu_count()} cores, {platform.machine()}")
    print(f"{'case':<48} {'tailstat s':>11} {'baseline s':>11} {'ratio':>8}  baseline / target")
    for name in wanted:
        try:
            mod = importlib.import_module(f"benchmarks._speed_{name}")
        except ImportError as exc:
            print(f"-- section {name}: not available ({exc})")
            continue
        print(f"-- {name}")
        for r in mod.run():
            ratio = r["seconds"] / r["baseline_seconds"] if r["baseline_seconds"] else float("nan")
            print(f"{r['name']:<48} {r['seconds']:>11.4f} {r['baseline_seconds']:>11.4f} "
                  f"{ratio:>8.3f}  {r['baseline']} / {r['target']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
