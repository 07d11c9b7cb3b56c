"""Parquet shards as tailstat.dask reads them: paths, folders and globs expanded and checked,
and the columns of local shards compared from their footers before any work.

Dask itself is imported by the caller (:mod:`tailstat.dask`), which passes
``dask.dataframe`` in; this module imports only pyarrow's Parquet footer reader, and only
when it compares shards.
"""

from __future__ import annotations

import glob
import os
from typing import Any

import pandas as pd

from tailstat.errors import DataError

__all__ = ["PARQUET_SUFFIXES", "check_same_columns", "expand_paths", "read_shards"]

#: File endings read as Parquet.
PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")


def read_shards(source: Any, dd: Any) -> tuple[Any, str]:
    """A Dask DataFrame of the source, and what it is for people."""
    if isinstance(source, dd.Series):
        source = source.to_frame()
    if isinstance(source, dd.DataFrame):
        return source, f"Dask DataFrame ({source.npartitions} partitions)"
    if isinstance(source, (str, os.PathLike)):
        given = [os.fspath(source)]
    elif (isinstance(source, (list, tuple)) and source
          and all(isinstance(p, (str, os.PathLike)) for p in source)):
        given = [os.fspath(p) for p in source]
    else:
        hint = (" (an in-memory table: use tailstat.analyze, or dask.dataframe.from_pandas)"
                if isinstance(source, pd.DataFrame) else "")
        raise DataError("tailstat.dask.analyze reads a Dask DataFrame or Parquet files (a "
                        "path, a folder, a glob or a list of them); got a "
                        f"{type(source).__name__}{hint}.")
    files = expand_paths(given)
    where = given[0] if len(given) == 1 else (
        f"{len(files)} Parquet files ({given[0]}, ...)")
    check_same_columns(files)
    try:
        return dd.read_parquet(files if len(files) > 1 else files[0]), where
    except (OSError, ValueError) as exc:
        raise DataError(f"could not read {where!r} as Parquet ({type(exc).__name__}: "
                        f"{exc}).") from None


def check_same_columns(files: list[str]) -> None:
    """Local Parquet shards (files, or the files of a folder) must hold the same columns: a
    shard without the reward column failed inside a worker, with a traceback naming another
    file. Read from each file's footer (no data)."""
    import pyarrow.parquet as pq

    local: list[str] = []
    for f in files:
        if "://" in f:
            continue
        if os.path.isdir(f):
            local.extend(sorted(h for h in glob.glob(os.path.join(f, "**", "*"), recursive=True)
                                if h.lower().endswith(PARQUET_SUFFIXES) and os.path.isfile(h)))
        else:
            local.append(f)
    if len(local) < 2:
        return
    def names_of(path: str) -> set[str]:  # pandas' stored index is no column of the table
        return {c for c in pq.read_schema(path).names if not c.startswith("__index_level_")}

    try:
        first = names_of(local[0])
    except (OSError, ValueError):
        return  # dask's own reading names the problem
    for f in local[1:]:
        try:
            names = names_of(f)
        except (OSError, ValueError) as exc:
            raise DataError(f"could not read the Parquet shard {f!r} ({type(exc).__name__}: "
                            f"{exc}).") from None
        if names != first:
            missing, extra = sorted(first - names), sorted(names - first)
            parts = ([f"lacks {', '.join(map(repr, missing))}"] if missing else []) + (
                [f"has {', '.join(map(repr, extra))} besides"] if extra else [])
            raise DataError(f"the Parquet shard {f!r} {' and '.join(parts)} (compared with "
                            f"{local[0]!r}): every shard must hold the same columns.")


def expand_paths(given: list[str]) -> list[str]:
    """Local globs expanded, local paths checked; remote URLs (``s3://...``) left to Dask."""
    files: list[str] = []
    for p in given:
        if "://" in p:
            files.append(p)
            continue
        hits = sorted(glob.glob(p)) if any(c in p for c in "*?[") else [p]
        if not hits:
            raise DataError(f"no file matches {p!r}.")
        for hit in hits:
            if not os.path.exists(hit):
                raise DataError(f"input file {hit!r} does not exist.")
            if os.path.isfile(hit) and not hit.lower().endswith(PARQUET_SUFFIXES):
                raise DataError(
                    f"{hit!r} is not a Parquet file: tailstat.dask reads Parquet (.parquet, "
                    ".pq). For CSV or JSON lines, read it with dask.dataframe.read_csv / "
                    "read_json and pass the Dask DataFrame.")
            files.append(hit)
    # the same file given twice (an overlapping glob beside an explicit name) would count
    # its rows twice, silently: refuse it (a folder holding a file given too is Dask's to read)
    seen: dict[str, str] = {}
    for f in files:
        key = f if "://" in f else os.path.realpath(f)
        if key in seen:
            also = "" if seen[key] == f else f" (as {seen[key]!r} too)"
            raise DataError(f"the input {f!r} is given twice{also}: its rows would be counted "
                            "twice. Give each file once.")
        seen[key] = f
    return files
