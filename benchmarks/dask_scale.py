"""Dask scale (issue 13): 2·10^8 rewards in 20 Parquet shards, analysed on two workers.

Writes ``--rows`` float32 rewards of ``--groups`` reward models (a mix of heavy, light and
bounded tails) into ``--shards`` Parquet files, in chunks of 10^6 rows so the writer stays
small; then runs :func:`tailstat.dask.analyze` on a ``LocalCluster`` of ``--workers`` worker
processes with ``memory_limit=--memory-limit`` each (one thread each), and reports:

* the wall time of the analysis (target: at most 180 s at full size), split into counting
  and sketching (on the cluster) and classifying (on this machine);
* the peak resident memory of each worker process (``getrusage`` in the worker) and of this
  process during the analysis, the CPU seconds the workers spent and the machine's load
  average (on a shared machine the wall time is longer than the CPU time per worker);
* whether the merged sketch of every group equals the one-pass sketch: the shards streamed
  batch by batch through ``TailSketch.update`` with the same fixed capacity, compared with
  ``np.array_equal`` on the top order statistics and equality of ``n`` (and the missing
  count).

``--markdown`` writes the figures into the "Dask" section of ``reports/speed.md`` (between its
``<!-- dask:begin -->`` and ``<!-- dask:end -->`` markers; other sections are left alone).
The shards need about 8 bytes per row of disk (1.6 GB at full size) in ``--dir`` (default: a
temporary folder, deleted afterwards unless ``--keep``).

Run: ``python benchmarks/dask_scale.py`` (full size, a few minutes on 2 cores), or
``python benchmarks/dask_scale.py --rows 2e6 --shards 4`` for a quick check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tailstat as ts  # noqa: E402
from tailstat.sketch import TailSketch  # noqa: E402

TARGET_SECONDS = 180.0
CHUNK = 1_000_000
BEGIN, END = "<!-- dask:begin -->", "<!-- dask:end -->"

#: The reward models' tails, cycled over the groups: (name, sampler).
FAMILIES = (
    ("t3", lambda rng, n: rng.standard_t(3, n)),
    ("normal", lambda rng, n: rng.normal(size=n)),
    ("beta", lambda rng, n: rng.beta(2.0, 2.0, n)),
    ("lognormal", lambda rng, n: rng.lognormal(0.0, 0.5, n)),
    ("gumbel", lambda rng, n: rng.gumbel(size=n)),
)


def _group_names(groups: int) -> list[str]:
    return [f"rm-{i:02d}-{FAMILIES[i % len(FAMILIES)][0]}" for i in range(groups)]


def write_shards(folder: Path, rows: int, shards: int, groups: int, seed: int = 0,
                 nan_every: int = 100_003) -> float:
    """Write the shards (one row group per chunk); returns the seconds taken."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    t0 = time.perf_counter()
    names = _group_names(groups)
    fields = [("reward", pa.float32())]
    if groups > 1:
        # (int8 codes as before up to 127 groups; int32 beyond, for runs of many groups)
        code_type = (pa.int8(), np.int8) if groups <= 127 else (pa.int32(), np.int32)
        fields.insert(0, ("model", pa.dictionary(code_type[0], pa.string())))
    schema = pa.schema(fields)
    rng = np.random.default_rng(seed)
    bounds = np.linspace(0, rows, shards + 1).astype(np.int64)
    dictionary = pa.array(names, type=pa.string())
    for s in range(shards):
        with pq.ParquetWriter(folder / f"shard-{s:03d}.parquet", schema) as writer:
            for start in range(int(bounds[s]), int(bounds[s + 1]), CHUNK):
                m = min(CHUNK, int(bounds[s + 1]) - start)
                code = rng.integers(0, max(groups, 1), m).astype(
                    np.int8 if groups <= 127 else np.int32)
                values = np.empty(m, dtype=np.float32)
                # one draw per group up to 127 groups (as the published figures were made);
                # beyond, one per family (group g has family g mod the families' number)
                for g in range(max(groups, 1) if groups <= 127 else len(FAMILIES)):
                    mask = code == g if groups <= 127 else code % len(FAMILIES) == g
                    values[mask] = FAMILIES[g % len(FAMILIES)][1](rng, int(mask.sum()))
                values[(start + np.arange(m)) % nan_every == 0] = np.nan  # a few missing
                cols: dict[str, Any] = {"reward": values}
                if groups > 1:
                    cols = {"model": pa.DictionaryArray.from_arrays(pa.array(code), dictionary),
                            "reward": values}
                writer.write_table(pa.table(cols, schema=schema))
    return time.perf_counter() - t0


def one_pass_sketches(folder: Path, capacities: dict[Any, int], groups: int
                      ) -> dict[Any, TailSketch]:
    """Stream the shards batch by batch through ``TailSketch.update`` (no Dask)."""
    import pyarrow.parquet as pq

    out = {key: TailSketch(cap, name=str(key)) for key, cap in capacities.items()}
    for path in sorted(folder.glob("*.parquet")):
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=CHUNK):
            values = batch.column("reward").to_numpy(zero_copy_only=False).astype(np.float64)
            if groups <= 1:
                out["reward"].update(values)
                continue
            model = batch.column("model")
            codes = model.indices.to_numpy(zero_copy_only=False)
            names = model.dictionary.to_pylist()
            order = np.argsort(codes, kind="stable")
            cuts = np.searchsorted(codes[order], np.arange(len(names) + 1))
            for g, name in enumerate(names):
                idx = order[cuts[g]:cuts[g + 1]]
                if idx.size:
                    out[name].update(values[idx])
    return out


def _usage() -> tuple[float, float]:
    """Peak resident memory (MB) and CPU seconds of the calling process (a worker)."""
    import resource as r

    u = r.getrusage(r.RUSAGE_SELF)
    return u.ru_maxrss / 1024.0, u.ru_utime + u.ru_stime  # Linux: ru_maxrss in kB


def run(args: argparse.Namespace) -> dict[str, Any]:
    import tailstat.dask as tsd

    rows, shards, groups = int(float(args.rows)), int(args.shards), int(args.groups)
    tmp = None
    if args.dir:
        folder = Path(args.dir)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="tailstat-dask-scale-")
        folder = Path(tmp)
    out: dict[str, Any] = {"rows": rows, "shards": shards, "groups": groups,
                           "workers": args.workers, "memory_limit": args.memory_limit}
    try:
        if args.reuse and any(folder.glob("*.parquet")):
            out["write_s"] = None
            print(f"reusing the shards in {folder}")
        else:
            for old in folder.glob("*.parquet"):
                old.unlink()
            print(f"writing {rows:.3g} rewards in {shards} shards to {folder} ...", flush=True)
            out["write_s"] = write_shards(folder, rows, shards, groups)
            print(f"  written in {out['write_s']:.1f} s")
        out["disk_gb"] = sum(p.stat().st_size for p in folder.glob("*.parquet")) / 1e9
        marks: list[tuple[str, float]] = []

        def progress(msg: str) -> None:
            marks.append((msg, time.perf_counter()))

        by = "model" if groups > 1 else None
        with tsd.local_client(args.workers, memory_limit=args.memory_limit) as client:
            base = client.run(_usage)  # the workers are up before the clock starts
            load0 = os.getloadavg()[0]
            print(f"analysing on {args.workers} workers (memory_limit={args.memory_limit}) "
                  "...", flush=True)
            t0 = time.perf_counter()
            sk = tsd.sketch_groups(str(folder / "*.parquet"), "reward", by=by, client=client,
                                   progress=progress)
            t1 = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ts.TailstatWarning)
                res = tsd.analyze_sketches(sk, warn=False)
            t2 = time.perf_counter()
            after = client.run(_usage)
            load1 = os.getloadavg()[0]
        count_end = next((t for m, t in marks if m.startswith("sketching")), t1)
        out.update(seconds=t2 - t0, count_s=count_end - t0, sketch_s=t1 - count_end,
                   classify_s=t2 - t1, partitions=sk.partitions,
                   worker_base_mb=max(b[0] for b in base.values()),
                   worker_peak_mb=sorted(a[0] for a in after.values()),
                   worker_cpu_s=sum(after[w][1] - base[w][1] for w in after),
                   load=(load0, load1),
                   driver_peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        out["kept"] = {str(k): int(s.top.shape[0]) for k, s in sk.sketches.items()}
        out["table"] = res.table[["group", "n", "n_missing", "label", "p_heavy",
                                  "heavy_flag"]]
        print(f"  {out['seconds']:.1f} s (count {out['count_s']:.1f} s, sketch "
              f"{out['sketch_s']:.1f} s, classify {out['classify_s']:.1f} s); "
              f"{sk.partitions} partitions; worker peak RSS "
              f"{', '.join(f'{v:.0f}' for v in out['worker_peak_mb'])} MB; worker CPU "
              f"{out['worker_cpu_s']:.0f} s; load average {load0:.1f} -> {load1:.1f}")
        print("checking the merged sketches against one pass over the shards ...", flush=True)
        t3 = time.perf_counter()
        caps = {k: int(s.capacity) for k, s in sk.sketches.items()}  # type: ignore[arg-type]
        ref = one_pass_sketches(folder, caps, groups)
        out["one_pass_s"] = time.perf_counter() - t3
        same = {str(k): bool(np.array_equal(s.top, ref[k].top) and s.n == ref[k].n
                             and s.n_nan_dropped == ref[k].n_nan_dropped)
                for k, s in sk.sketches.items()}
        out["sketches_equal"] = all(same.values()) and len(same) == len(ref)
        out["equal_by_group"] = same
        print(f"  merged == one pass for every group: {out['sketches_equal']} "
              f"({out['one_pass_s']:.1f} s)")
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def markdown(r: dict[str, Any]) -> str:
    from benchmarks._markdown import markdown_table

    ok = r["seconds"] <= TARGET_SECONDS
    peaks = ", ".join(f"{v:.0f}" for v in r["worker_peak_mb"])
    lines = [
        BEGIN, "## Dask", "",
        f"`python benchmarks/dask_scale.py --rows {r['rows']:.0e} --shards {r['shards']} "
        f"--groups {r['groups']}` ({dt.date.today().isoformat()}, "
        f"{platform.machine()}, Python {platform.python_version()}): "
        f"{r['rows']:,} float32 rewards of {r['groups']} reward models in {r['shards']} "
        f"Parquet shards ({r['disk_gb']:.2f} GB), analysed by `tailstat.dask.analyze` on a "
        f"`LocalCluster` of {r['workers']} worker processes (1 thread each, "
        f"`memory_limit={r['memory_limit']}`).", "",
        "| measure | value |", "|---|---|",
        f"| wall time of the analysis | **{r['seconds']:.1f} s** (target ≤ "
        f"{TARGET_SECONDS:.0f} s: {'met' if ok else 'missed'}) |",
        f"| counting rows per group (cluster) | {r['count_s']:.1f} s |",
        f"| sketching + tree merge (cluster) | {r['sketch_s']:.1f} s |",
        f"| classifying the merged sketches (driver) | {r['classify_s']:.1f} s |",
        f"| CPU time of the workers (sum) | {r['worker_cpu_s']:.1f} s, i.e. "
        f"{r['worker_cpu_s'] / r['workers']:.0f} s per worker |",
        f"| load average of the machine (start, end) | {r['load'][0]:.1f}, "
        f"{r['load'][1]:.1f} on {os.cpu_count()} cores |",
        f"| partitions | {r['partitions']} |",
        f"| peak RSS per worker | {peaks} MB (idle worker: {r['worker_base_mb']:.0f} MB) |",
        f"| peak RSS of the driver | {r['driver_peak_mb']:.0f} MB |",
        f"| top order statistics kept per group | {min(r['kept'].values()):,}–"
        f"{max(r['kept'].values()):,} |",
        f"| merged sketch == one-pass sketch (top values and n, every group) | "
        f"{'yes' if r['sketches_equal'] else 'NO'} (one pass: {r['one_pass_s']:.0f} s) |",
        "",
    ]
    cores = os.cpu_count() or 1
    if max(r["load"]) > cores:
        lines += [f"The machine was shared with other jobs during this run (load average "
                  f"{max(r['load']):.1f} on {cores} cores), so the wall time is several times "
                  f"the workers' CPU time: with the cores to themselves the workers need about "
                  f"{r['worker_cpu_s'] / r['workers']:.0f} s each.", ""]
    if r.get("write_s") is not None:
        lines += [f"Writing the shards took {r['write_s']:.0f} s (not counted).", ""]
    lines += [markdown_table(r["table"], float_format="{:.3f}".format, bool_words=True), "",
              END]
    return "\n".join(lines)


def write_section(text: str, path: Path) -> None:
    """Replace the Dask section of ``path`` (or append it; create the file if needed)."""
    old = path.read_text() if path.exists() else "# Speed\n"
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + text + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="2e8", help="number of rewards (default 2e8)")
    ap.add_argument("--shards", type=int, default=20, help="Parquet files (default 20)")
    ap.add_argument("--groups", type=int, default=10,
                    help="reward models (default 10; 1 for one column, no by=)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--memory-limit", default="2GB", help="per worker (default 2GB)")
    ap.add_argument("--dir", default=None,
                    help="folder for the shards (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary shards")
    ap.add_argument("--reuse", action="store_true",
                    help="analyse the shards already in --dir instead of writing them")
    ap.add_argument("--markdown", action="store_true",
                    help="write the figures into the Dask section of reports/speed.md")
    args = ap.parse_args()
    r = run(args)
    text = markdown(r)
    print()
    print(text)
    if args.markdown:
        write_section(text, ROOT / "reports" / "speed.md")
        print(f"\nwrote the Dask section of {ROOT / 'reports' / 'speed.md'}")
    return 0 if r["sketches_equal"] and r["seconds"] <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
