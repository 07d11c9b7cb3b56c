"""Time and size of the HTML report for 20 groups x 10^5 rows (target: <= 30 s, <= 5 MB).

Run: ``python benchmarks/report_speed.py [--groups 20] [--rows 100000] [--format csv|parquet]
[--gold]``. The data (20 reward models with heavy, light and bounded tails, seeded) are
written to a temporary file first; the time measured is the whole ``tailstat.report`` call on
that file: reading it, hashing it, the analysis, every figure and the HTML. Prints seconds and
megabytes, and the breakdown by step from the progress messages.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_SECONDS = 30.0
TARGET_MB = 5.0


def make_data(groups: int, rows: int, seed: int = 0, gold: bool = False) -> pd.DataFrame:
    """``groups`` reward models of ``rows`` scores each, cycling through eight tail shapes."""
    rng = np.random.default_rng(seed)
    makers = [
        lambda n: rng.normal(size=n),
        lambda n: rng.standard_t(3.0, n),
        lambda n: np.tanh(rng.normal(size=n)),
        lambda n: rng.lognormal(0.0, 1.0, n),
        lambda n: rng.gumbel(size=n),
        lambda n: rng.beta(2.0, 5.0, n),
        lambda n: rng.pareto(2.0, n),
        lambda n: rng.weibull(0.7, n),
    ]
    frames = []
    for g in range(groups):
        v = rng.normal(size=rows)
        reward = makers[g % len(makers)](rows)
        frame = {"model": f"rm-{g:02d}", "reward": reward}
        if gold:
            frame["gold"] = v
        frames.append(pd.DataFrame(frame))
    return pd.concat(frames, ignore_index=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--groups", type=int, default=20)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--format", choices=("csv", "parquet"), default="csv")
    p.add_argument("--gold", action="store_true", help="add a gold column (more panels)")
    args = p.parse_args(argv)

    import tailstat
    from tailstat.reporting import build_report

    print(f"tailstat {tailstat.__version__} report benchmark; python "
          f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}")
    df = make_data(args.groups, args.rows, gold=args.gold)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / f"rewards.{args.format}"
        if args.format == "csv":
            df.to_csv(data, index=False)
        else:
            df.to_parquet(data, index=False)
        out = Path(tmp) / "report.html"
        marks: list[tuple[float, str]] = []
        t0 = time.perf_counter()

        def progress(msg: str) -> None:
            marks.append((time.perf_counter() - t0, msg))

        outcome = build_report(data, out, column="reward", by="model",
                               gold="gold" if args.gold else None, progress=progress)
        seconds = time.perf_counter() - t0
        mb = out.stat().st_size / 1e6
    first_fig = next((t for t, m in marks if m.startswith("[1/")), seconds)
    print(f"input: {args.groups} groups x {args.rows:,} rows ({args.format}"
          f"{', with gold' if args.gold else ''})")
    print(f"read + analyse : {first_fig:8.2f} s")
    print(f"figures + HTML : {seconds - first_fig:8.2f} s "
          f"({(seconds - first_fig) / max(len(outcome.analysis.classifications), 1):.2f} s per "
          "group)")
    print(f"total          : {seconds:8.2f} s   (target <= {TARGET_SECONDS:g} s)")
    print(f"file size      : {mb:8.2f} MB  (target <= {TARGET_MB:g} MB)")
    ok = seconds <= TARGET_SECONDS and mb <= TARGET_MB
    print("OK" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
