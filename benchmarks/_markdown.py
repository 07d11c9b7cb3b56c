"""One GitHub markdown table writer for the benchmark reports (no tabulate dependency), the
reports' writer, and the command line of the seeded report scripts."""

from __future__ import annotations

import argparse
import re
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tailstat.errors import TailstatWarning


def markdown_table(df: pd.DataFrame, float_format: Callable[[float], str] = "{:.3f}".format,
                   bool_words: bool = False) -> str:
    """``df`` as a markdown table; floats through ``float_format``, booleans as yes/no when
    ``bool_words``, everything else through ``str``."""
    def cell(v: Any) -> str:
        if bool_words and isinstance(v, (bool, np.bool_)):
            return "yes" if v else "no"
        if isinstance(v, (float, np.floating)):
            return float_format(float(v))
        return str(v)

    head = "| " + " | ".join(map(str, df.columns)) + " |"
    sep = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([head, sep, *body])


_SECTION = re.compile(r"<!-- (\w+):begin -->.*?<!-- \1:end -->", re.DOTALL)


def with_kept_sections(text: str, path: Path) -> str:
    """``text`` followed by the marked sections (``<!-- name:begin -->`` ... ``<!-- name:end
    -->``) of the file at ``path``, which other scripts maintain (e.g. the Dask section of
    ``reports/speed.md``, written by ``benchmarks/dask_scale.py``)."""
    if not path.exists():
        return text
    kept = [m.group(0) for m in _SECTION.finditer(path.read_text(encoding="utf-8"))
            if m.group(0) not in text]
    return "\n\n".join([text.rstrip("\n"), *kept]) + "\n" if kept else text


def write_report(lines: list[str], out: Path, name: str) -> str:
    """The report ``lines`` as one text, written to ``out / name`` (the folder made when
    missing) and printed; returns the text."""
    text = "\n".join(lines) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_text(text)
    print(text)
    return text


def seeded_run(doc: str, run: Callable[[int, int], pd.DataFrame], seed: int,
               out: Path) -> tuple[argparse.Namespace, pd.DataFrame, float]:
    """The command line of a seeded report script (``--seeds``, ``--seed`` default ``seed``,
    ``--out`` default ``out``; ``doc`` its help), ``run(seeds, seed)`` with tailstat's
    caveats silenced, and its time in seconds."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument("--out", type=Path, default=out)
    args = ap.parse_args()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        df = run(args.seeds, args.seed)
    return args, df, time.perf_counter() - t0
