"""All speed benchmarks in one run, side by side with their baselines and peers, as ratios.

Run: ``python benchmarks/speed.py`` (all sections), ``python benchmarks/speed.py analyze
report`` (some), ``python benchmarks/speed.py --help`` (what each section measures);
``--markdown reports/speed.md`` also writes the table, with the machine and the command.

Each section is a module ``benchmarks/_speed_<name>.py`` whose ``run()`` returns rows::

    {"name", "seconds", "baseline", "baseline_seconds", "target"}

or, for a quantity other than time, ``"value"``, ``"baseline_value"`` and ``"unit"`` (for
instance ``"MB"``) instead of the two ``seconds``. The ratio is ``value / baseline``: for
times, below 1 means tailstat is faster.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import platform
import re
import shlex
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

# Put the repository first and drop this script's folder from the path: benchmarks/coverage.py
# would otherwise shadow the `coverage` package that numba (imported by PyMC) looks for.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

#: Section name -> what it measures (shown by ``--help``).
SECTIONS: dict[str, str] = {
    "estimators": "Hill path (k_max = 1e5) and single-k estimates at n = 1e7 against one "
                  "np.partition of the same array (ratio <= 2 and <= 1.5); the powerlaw "
                  "package at n = 1e5.",
    "gpd": "fit_gpd on 1e4 exceedances, with and without the profile-likelihood interval, "
           "against scipy.stats.genpareto.fit and pyextremes' POT MLE (>= 10x faster; >= 3x "
           "with the interval against scipy); pyextremes' whole POT step and its return "
           "levels (information).",
    "bayes": "fit_bayes on the Danish fire losses, cold against warm (warm <= 5 s), a "
             "2000-exceedance fit and the hierarchical model (PyMC: slow).",
    "classify": "classify (fast) at n = 1e5 (<= 0.3 s) and n = 1e7 against one np.partition "
                "(ratio <= 1.5); analyze on 20 groups x 1e5 rows (<= 10 s).",
    "analyze": "analyze on 20 groups x 5e5 rows (string keys) against one np.partition per "
               "group (ratio <= 2 on one thread each; on all cores for information), the "
               "intake's share, and the peak memory analyze adds as a ratio to the input "
               "frame's bytes (<= 1.5), measured in a fresh process.",
    "report": "whole-process time of 'tailstat report FILE -o out.html' on a Parquet file of "
              "20 groups x 1e5 rows against a process that imports tailstat and runs analyze "
              "on the same file (ratio <= 3 on one core each; as a user runs them for "
              "information).",
}


def _measure(r: dict[str, Any]) -> tuple[float, float, str]:
    """A row's value, baseline value and unit."""
    if "value" in r:
        return float(r["value"]), float(r["baseline_value"]), str(r.get("unit", ""))
    return float(r["seconds"]), float(r["baseline_seconds"]), "s"


def _ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline and not math.isnan(baseline) else float("nan")


def _met(r: dict[str, Any]) -> str:
    """``"yes"`` / ``"no"`` for targets of the forms ``ratio <= X``, ``<= X s absolute``,
    ``>= Xx faster`` and ``warm <= X s``; ``""`` for the others (information)."""
    value, baseline, unit = _measure(r)
    ratio = _ratio(value, baseline)
    target = str(r["target"])
    if m := re.fullmatch(r"ratio <= ([\d.]+)", target):
        ok = ratio <= float(m.group(1))
    elif m := re.fullmatch(r"(?:warm )?<= ([\d.]+) s(?: absolute)?", target):
        ok = unit == "s" and value <= float(m.group(1))
    elif m := re.fullmatch(r">= ([\d.]+)x faster", target):
        ok = ratio > 0 and 1.0 / ratio >= float(m.group(1))
    else:
        return ""
    return "yes" if ok else "no"


def _show(x: float, unit: str) -> str:
    if math.isnan(x):
        return "-"
    return f"{x:.1f} {unit}" if unit == "MB" else f"{x:.4f} {unit}".rstrip()


def machine_line() -> str:
    """Python, NumPy, pandas; cores, CPU and the load when the run started."""
    import numpy as np
    import pandas as pd

    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")),
                       cpu)
    except OSError:
        pass
    # the peers' versions too (a review: powerlaw's time differed threefold between two
    # hosts, and nothing said which release each had run)
    from importlib.metadata import PackageNotFoundError, version

    peers = []
    for name in ("scipy", "pyextremes", "powerlaw"):
        try:
            peers.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            peers.append(f"{name} not installed")
    return (f"python {platform.python_version()}, numpy {np.__version__}, pandas "
            f"{pd.__version__}, {', '.join(peers)}; {os.cpu_count()} cores ({cpu}), "
            f"{platform.system()}{load}")


def _markdown(results: list[dict[str, Any]], machine: str, command: str,
              seconds: float) -> str:
    import pandas as pd

    from benchmarks._markdown import markdown_table

    table = pd.DataFrame([{
        "section": r["section"], "case": r["name"].strip(),
        "tailstat": _show(v, u), "baseline": _show(b, u), "ratio": _ratio(v, b),
        "baseline is": r["baseline"], "target": r["target"], "met": _met(r) or "-",
    } for r in results for v, b, u in [_measure(r)]])
    return "\n".join([
        "# tailstat speed benchmarks", "",
        f"Machine: {machine}.  ",
        f"Command: `{command}` ({seconds:.0f} s).", "",
        "Ratio = tailstat / baseline: for times, below 1 means tailstat is faster. Times are "
        "the best of several runs (wall clock) on a machine that may be shared with other "
        "jobs; memory is the peak a call adds, against the input's bytes.", "",
        markdown_table(table, "{:.3f}".format), "",
    ])


def _parser() -> argparse.ArgumentParser:
    sections = "\n".join(textwrap.fill(text, 90, initial_indent=f"  {name:<11} ",
                                        subsequent_indent=" " * 14)
                          for name, text in SECTIONS.items())
    p = argparse.ArgumentParser(
        prog="python benchmarks/speed.py",
        description="Run tailstat's speed benchmarks and print each case beside its baseline "
                    "and target. The ratio is tailstat / baseline (below 1: tailstat is "
                    "faster).",
        epilog=f"sections:\n{sections}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sections", nargs="*", metavar="SECTION",
                   help=f"sections to run (default: all): {', '.join(SECTIONS)}")
    p.add_argument("--markdown", metavar="FILE", type=Path,
                   help="also write the results as a markdown table (e.g. reports/speed.md)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        _parser().error(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    wanted = args.sections or list(SECTIONS)
    machine = machine_line()
    start = time.perf_counter()
    print(f"tailstat speed benchmarks; {machine}")
    print(f"{'case':<56} {'tailstat':>12} {'baseline':>12} {'ratio':>8}  met  "
          "baseline / target")
    results: list[dict[str, Any]] = []
    for name in wanted:
        try:
            mod = importlib.import_module(f"benchmarks._speed_{name}")
        except ImportError as exc:
            print(f"-- section {name}: not available ({exc})")
            continue
        print(f"-- {name}", flush=True)
        for r in mod.run():
            value, baseline, unit = _measure(r)
            print(f"{r['name']:<56} {_show(value, unit):>12} {_show(baseline, unit):>12} "
                  f"{_ratio(value, baseline):>8.3f}  {_met(r) or '-':<4} {r['baseline']} / "
                  f"{r['target']}", flush=True)
            results.append({"section": name, **r})
    if args.markdown is not None:
        command = shlex.join(["python", "benchmarks/speed.py", *(argv if argv is not None
                                                                 else sys.argv[1:])])
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        from benchmarks._markdown import with_kept_sections

        # the load at the end too: other jobs that start during a run slow it (a review: a run
        # begun at load 2.3 ended at 8.1, and the page said only the first)
        end = ("; load at the end {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
               if hasattr(os, "getloadavg") else "")
        text = _markdown(results, machine + end, command, time.perf_counter() - start)
        args.markdown.write_text(with_kept_sections(text, args.markdown), encoding="utf-8")
        print(f"wrote {args.markdown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
