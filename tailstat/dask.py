"""``tailstat.dask.analyze``: the per-group tail analysis of a table too large for one machine.

The analysis of a group reads its size and its top order statistics only (the classifier
reads the top ``k_for(n) + 1``), so a table sharded over Parquet files or Dask partitions is
analysed without ever being gathered:

1. **count** -- the rows of each group (``by=``), one pass over the ``by`` columns only,
   merged by a tree reduction as the sketches are (no ``by``: from the Parquet metadata);
2. **sketch** -- in each partition, a :class:`tailstat.sketch.TailSketch` per group with the fixed
   capacity ``K_g = capacity or capacity_for(rows_g)`` (missing rewards are dropped and
   counted; ``rows_g`` counts them, so ``K_g`` is at least what the group's values need);
3. **merge** -- the sketches of each group by a tree reduction (``split_every`` at a time):
   with a fixed capacity every merged sketch holds exactly the top ``K_g`` values of the
   group, whatever the partitioning;
4. **analyse** -- on the driver, the same per-group rows as :func:`tailstat.analyze`
   (validation, classification, the heavy flags across groups), from the merged sketches.

The result is identical to :func:`tailstat.analyze` on the whole table (same groups, order,
labels, probabilities, estimates and flags; checked on a real two-worker cluster) -- of the
table Dask holds: ``dd.from_pandas`` turns an object column into strings (Dask's
``dataframe.convert-string``, on by default), so keys ``1`` and ``"1"`` of a pandas column
become one group there (set that option to ``False`` to keep the keys' types; Parquet files
keep them). What needs every row is not available here: ``gold=`` and ``goodhart=``; use
the in-memory :func:`tailstat.analyze` for those.
``method="bayes"`` fits each group's GPD on the driver, to the exceedances its sketch holds.

Dask is an optional dependency: ``pip install "tailstat[dask]"``. ``import tailstat`` never
imports Dask, and this module imports it only when called.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from numbers import Integral
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._dask_address import check_address, no_scheduler, probe_scheduler
from tailstat._group_sketches import GroupSketches
from tailstat._group_warnings import keyless_rows, warn_missing_keys
from tailstat._run_args import check_run_args
from tailstat._validation import Interval, IsCallable, check
from tailstat.analysis import TailAnalysis, analyze_summaries
from tailstat.analysis_sketches import _seal
from tailstat.classification.classifier import MIN_N
from tailstat.data import INFINITE_HINT, refused_at
from tailstat.data.partitions import (
    ROWS,
    group_problem,
    key_rows,
    keyed_groups,
    merge_key_rows,
    resolve_columns,
    reward_values,
    warn_if_rounded,
)
from tailstat.data.shards import check_read_columns, read_shards, unreadable_shards
from tailstat.errors import DataError
from tailstat.sketch import TailSketch, capacity_for, merge_sketches

__all__ = ["INSTALL", "LOCAL_WORKERS", "SPLIT_EVERY", "GroupSketches", "analyze",
           "analyze_sketches", "local_client", "sketch_groups"]

#: What to run when Dask is missing.
INSTALL = 'pip install "tailstat[dask]"'

#: Sketches merged per task of the tree reduction.
SPLIT_EVERY = 8
#: Workers of the local cluster :func:`local_client` (``--dask`` without an address) starts.
LOCAL_WORKERS = 2
#: Seconds to connect to a scheduler given by its address.
CONNECT_TIMEOUT = 10


def _dask() -> Any:
    """``dask.dataframe``, or an ImportError that says how to install it."""
    try:
        import dask.dataframe as dd
    except ImportError as exc:
        raise ImportError(f"tailstat.dask needs Dask with its DataFrame support: {INSTALL}"
                          ) from exc
    return dd


def _distributed() -> Any:
    """``dask.distributed``, or an ImportError that says how to install it."""
    try:
        import dask.distributed as distributed
    except ImportError as exc:
        raise ImportError(f"a Dask cluster needs dask.distributed: {INSTALL}") from exc
    return distributed


def analyze(
    source: Any,
    column: Hashable | None = None,
    *,
    by: Hashable | Sequence[Hashable] | None = None,
    method: Literal["fast", "bayes"] = "fast",
    fdr: float = 0.05,
    seed: int | None = 0,
    capacity: int | None = None,
    client: Any = None,
    progress: Callable[[str], None] | None = None,
    warn: bool = True,
    gold: Hashable | None = None,
    goodhart: bool = False,
) -> TailAnalysis:
    """Classify the upper tail of every group of a sharded table, on a Dask cluster.

    Each partition is reduced to a :class:`tailstat.sketch.TailSketch` per group, the sketches are
    merged by a tree reduction, and the merged sketches are analysed as
    :func:`tailstat.analyze` analyses the whole groups: the result is the same (see the
    module notes). Only the reward and ``by`` columns are read.

    Parameters
    ----------
    source : dask.dataframe.DataFrame, path, glob or list of paths
        A Dask DataFrame, or Parquet files: a file, a folder (a Parquet dataset: its files at
        any depth, leaving out those whose name or folder starts with ``.`` or ``_``, such as
        Spark's ``_temporary/``), a glob (``"shards/*.parquet"``), a list of those, or remote
        URLs (``"s3://..."``, read by Dask with fsspec).
    column : str or int, optional
        The reward column's label, as :func:`tailstat.analyze` takes it (an int for a table
        made from an array); optional when there is one numeric column besides ``by``.
    by : str, int or list of them, optional
        Grouping columns' labels.
    method : {"fast", "bayes"}
        As for :func:`tailstat.analyze`: ``"bayes"`` fits each group's GPD (PyMC) to the
        exceedances its merged sketch holds, on this machine, after the cluster's work.
    fdr : float in (0, 1)
        False-discovery rate of the heavy-tail flags, as for :func:`tailstat.analyze`.
    seed : int, optional
        Seed of the Bayesian fits (``method="bayes"``; ``None`` draws one, recorded in the
        settings); the fast classification draws no random numbers.
    capacity : int, optional
        Top order statistics kept per group (at least 2). Default: ``capacity_for(rows)``
        of each group, what the classifier and the report read at that size (about
        1.7 million values for a group of 2·10^8 rows). A smaller capacity saves memory; a
        group that needs more fails, or its ties past it are estimated, saying so.
    client : dask.distributed.Client or str, optional
        The cluster: a ``Client``, or the address of a running scheduler
        (``"tcp://10.0.0.5:8786"``; a client is opened for the call and closed after).
        ``None`` (default) uses whatever scheduler is active: the default ``Client`` if one
        was made, else Dask's local threads.
    progress : callable, optional
        Called with one line per step (counting, sketching, then each group classified).
    warn : bool
        Issue each group's caveats as warnings (default), or only record them.
    gold, goodhart
        Not supported (they need every row): given, a :class:`~tailstat.DataError` says to
        use the in-memory :func:`tailstat.analyze` (not a ``TypeError``).

    Returns
    -------
    TailAnalysis
        The table of :func:`tailstat.analyze` (same columns, ``n_missing`` among them, and
        row order); ``sketches`` holds each group's merged sketch (:func:`tailstat.report`
        draws the same figures from it); ``settings`` also record ``engine="dask"``,
        ``capacity`` and ``partitions``, and ``settings["path"]`` is ``None``.

    Raises
    ------
    ImportError
        When Dask is not installed (the message says ``pip install "tailstat[dask]"``).
    DataError
        No file matches, a file that is not Parquet, an unknown or ambiguous column, a
        reward column that is not numeric; with no ``by``, a column that is empty, constant
        or too small (with ``by`` such a group gets a row with the reason instead).

    Notes
    -----
    Every worker must be able to import tailstat (the per-partition step runs there) and,
    for file inputs, read the paths given.

    Examples
    --------
    >>> from dask.distributed import Client                         # doctest: +SKIP
    >>> import tailstat.dask
    >>> res = tailstat.dask.analyze("shards/*.parquet", "reward", by="model",
    ...                             client="tcp://scheduler:8786")  # doctest: +SKIP
    """
    given = [name for name, used in (("gold=", gold is not None), ("goodhart=True", goodhart))
             if used]
    if given:
        raise DataError(f"{' and '.join(given)} need{'s' if len(given) == 1 else ''} every "
                        f"row (the gold scores of each "
                        "reward, the whole sample for the Goodhart summaries), which the "
                        "sketches of a sharded table do not keep: use the in-memory "
                        "tailstat.analyze for them (read the shards with pandas).")
    seed = check_run_args(method, fdr, seed, progress, warn)  # before any work
    groups = sketch_groups(source, column, by=by, capacity=capacity, client=client,
                           progress=progress)
    return analyze_sketches(groups, method=method, fdr=fdr, seed=seed, progress=progress,
                            warn=warn)


def analyze_sketches(groups: GroupSketches, *, method: Literal["fast", "bayes"] = "fast",
                     fdr: float = 0.05, seed: int | None = 0,
                     progress: Callable[[str], None] | None = None, warn: bool = True
                     ) -> TailAnalysis:
    """Step 4 of :func:`analyze`: the per-group analysis of merged sketches (on this machine).

    Parameters
    ----------
    groups : GroupSketches
        From :func:`sketch_groups`.
    method, fdr, seed, progress, warn
        As for :func:`analyze`.

    Returns
    -------
    TailAnalysis
        What :func:`analyze` returns.
    """
    if not isinstance(groups, GroupSketches):
        raise DataError("analyze_sketches takes the GroupSketches of sketch_groups(); got a "
                        f"{type(groups).__name__}.")
    seed = check_run_args(method, fdr, seed, progress, warn)
    if warn:  # as analyze() of rows says it
        warn_missing_keys(groups.missing_keys, groups.by)
    # the column read, also when inferred (as analyze() records it since stop 60)
    column_setting = groups.column if groups.by is not None or groups.column_given is None \
        else groups.column_given
    settings = {"column": column_setting, "by": groups.by, "gold": None, "goodhart": False,
                "method": method, "fdr": fdr, "seed": seed, "source": groups.source,
                "path": None, "path_fingerprint": None, "engine": "dask",
                "capacity": groups.capacity, "partitions": groups.partitions,
                "missing_keys": keyless_rows(groups.missing_keys), "paths": groups.paths,
                "read_options": None}  # (Parquet only: no reader options; the key as elsewhere)
    return analyze_summaries(groups.items, sizes=groups.sizes, missing=groups.missing,
                             method=method, fdr=fdr, seed=seed, progress=progress, warn=warn,
                             settings=settings, refuse_hint=False)  # (no nan= here)


def sketch_groups(
    source: Any,
    column: Hashable | None = None,
    *,
    by: Hashable | Sequence[Hashable] | None = None,
    capacity: int | None = None,
    client: Any = None,
    progress: Callable[[str], None] | None = None,
    split_every: int = SPLIT_EVERY,
) -> GroupSketches:
    """The merged :class:`tailstat.sketch.TailSketch` of each group (steps 1-3 of
    :func:`analyze`, on the cluster).

    Parameters
    ----------
    source, column, by, capacity, client, progress
        As for :func:`analyze`.
    split_every : int
        Sketches merged per task of the tree reduction (at least 2).

    Returns
    -------
    GroupSketches
        A group that fails validation (empty, too small, constant, infinite values) holds
        its :class:`DataError`; with no ``by`` that error is raised instead, as
        :func:`tailstat.analyze` does.
    """
    check("capacity", capacity, [Interval(Integral, 2, None), None])
    check("progress", progress, [IsCallable(), None])
    check("split_every", split_every, [Interval(Integral, 2, None)])
    dd = _dask()
    import dask

    say = progress if progress is not None else _silent
    ddf, where, paths, shard_columns = read_shards(source, dd)
    try:
        label, by_cols = resolve_columns(ddf._meta, column, by=by)
    except DataError:  # a column asked for that a shard has but the first lacks: said so
        asked = [column, *(by if isinstance(by, (list, tuple)) else [by])]
        check_read_columns(shard_columns, [str(c) for c in asked if c is not None], where,
                           warn=False)
        raise
    name = str(label)
    check_read_columns(shard_columns, [str(c) for c in (*(by_cols or ()), label)], where)
    ddf = ddf[[*(by_cols or ()), label]]  # only the columns needed are read
    npart = int(ddf.npartitions)
    with _scheduler(client) as sched, unreadable_shards(
            where, paths, [str(c) for c in ddf.columns]):
        say(f"counting the rows of each group ({npart} partition(s))")
        keyless: dict[Hashable, int] = {}  # the groups whose by= value is missing
        if by_cols is None:
            (n_rows,) = dask.compute(ddf.shape[0], **sched)  # Parquet: from the metadata
            keys: pd.DataFrame | None = None
            labels: dict[Hashable, str] = {name: name}
            rows: dict[Hashable, int] = {name: int(n_rows)}
        else:
            counted = [dask.delayed(key_rows)(p, by_cols)
                       for p in ddf[list(by_cols)].to_delayed()]
            while len(counted) > 1:  # a tree: the driver gets one row per group
                counted = [dask.delayed(merge_key_rows, pure=True)(counted[i:i + split_every],
                                                                   by_cols)
                           for i in range(0, len(counted), split_every)]
            keys, labels, rows = _key_table(list(dask.compute(*counted, **sched)), by_cols)
            keyless = {key: rows[key] for key, miss in
                       zip(labels, keys.isna().any(axis=1).to_numpy(), strict=True) if miss}
            if not rows:  # no group at all: no row (a missing key is a group, "<NA>")
                raise DataError(f"the table has no rows ({where}), only the columns "
                                f"{[str(c) for c in ddf.columns]}: it is empty and holds no "
                                "rewards. Pass a table with one row per reward.")
        caps = {k: int(capacity) if capacity is not None else max(2, capacity_for(r))
                for k, r in rows.items()}
        say(f"sketching the top order statistics of {len(caps)} group(s) in {npart} "
            "partition(s)")
        spec = dask.delayed((label, by_cols, keys, labels, caps), pure=True)
        level = [dask.delayed(_sketch_partition, pure=True)(p, spec, (i, npart))
                 for i, p in enumerate(ddf.to_delayed())]
        while len(level) > 1:
            level = [dask.delayed(_merge_parts, pure=True)(level[i:i + split_every])
                     for i in range(0, len(level), split_every)]
        (merged,) = dask.compute(level[0], **sched) if level else ({},)
        warn_if_rounded(ddf[label], [e for s in merged.values() if isinstance(s, TailSketch)
                                     for e in (s.minimum, s.maximum)], name, sched)
    items: dict[Hashable, TailSketch | DataError] = {}
    missing: dict[Hashable, int | None] = {}
    sizes: dict[Hashable, int | None] = {}
    for key, group_name in labels.items():
        found = merged.get(key, TailSketch(caps[key], name=group_name))
        sizes[key], missing[key] = (
            (found.n, found.n_nan_dropped) if isinstance(found, TailSketch)
            else (found.n, found.n_missing))
        got: TailSketch | DataError = (found if isinstance(found, TailSketch)
                                       else found.error)
        if isinstance(got, TailSketch):
            problem = group_problem(name=group_name, n=got.n, n_missing=got.n_nan_dropped,
                                    minimum=got.minimum, maximum=got.maximum, min_size=MIN_N)
            if problem is not None:
                got = problem
        if by_cols is None and isinstance(got, DataError):
            raise got
        # the merged sketches are this call's own: made read-only in place, not copied again
        items[key] = _seal(got) if isinstance(got, TailSketch) else got
    return GroupSketches(items=items, missing=missing, sizes=sizes, column=name, by=by_cols,
                         column_given=column, source=where, partitions=npart,
                         capacity=capacity, missing_keys=keyless, paths=paths)


def _silent(msg: str) -> None:
    return None


def _key_table(counted: list[pd.DataFrame], by: tuple[Any, ...]
               ) -> tuple[pd.DataFrame, dict[Hashable, str], dict[Hashable, int]]:
    """One key row per group of the whole table, each group's label and row count."""
    if not counted:
        return pd.DataFrame(columns=list(by)), {}, {}
    (every,) = counted  # the tree's root (merged already: a review timed a second merge)
    groups = keyed_groups(every, by)
    first = [int(idx[0]) for _, _, idx in groups]
    keys = every[list(by)].iloc[first].reset_index(drop=True)
    counts = every[ROWS].to_numpy()
    labels = {key: label for key, label, _ in groups}
    rows = {key: int(counts[idx].sum()) for key, _, idx in groups}
    return keys, labels, rows


_SIZEOF_TOLD = False


def _tell_dask_sizes() -> None:
    """Tell Dask what a sketch weighs (:attr:`TailSketch.nbytes`), in this process (a worker
    calls it in its tasks). Its generic guess was about 185 bytes a sketch whatever it held:
    a partition of 10^4 groups' sketches, 18 MB, was 2 MB to Dask, which could neither spill
    nor plan for the rest, and a run on 1 GB workers stalled (review 410)."""
    global _SIZEOF_TOLD
    if not _SIZEOF_TOLD:
        from dask.sizeof import sizeof

        sizeof.register(TailSketch)(lambda sketch: sketch.nbytes)
        _SIZEOF_TOLD = True


def _sketch_partition(frame: pd.DataFrame, spec: tuple[Any, ...],
                      where: tuple[int, int] = (0, 1)) -> dict[Hashable, TailSketch | _Failed]:
    """One partition: a fixed-capacity sketch per group (a worker's task); ``where``: the
    partition's index and the number of partitions (for the messages)."""
    _tell_dask_sizes()
    column, by, keys, labels, caps = spec
    try:
        values = reward_values(frame, column)
    except DataError:  # its row is the partition's: say which partition
        # read again by position (the message names index labels, which a partition need not
        # number from 0); only on this path, so the usual one makes no copy
        try:
            reward_values(frame.reset_index(drop=True), column)
        except DataError as exc:
            raise DataError(f"{exc} (The row is counted within partition {where[0] + 1} of "
                            f"{where[1]}, from 0; with Parquet files read in order, partition "
                            "i is usually the i-th file or row group.)") from None
        raise
    if by is None:
        name = str(column)
        groups: list[tuple[Hashable, str, np.ndarray | None]] = [(name, name, None)]
    else:
        groups = list(keyed_groups(frame, by, keys, labels))
    # what the intake refuses, found once for the partition: a group without any is sketched
    # without a check per group (which had been half of its time); one with some goes the
    # checked way, to its error
    refused = np.zeros(values.shape[0], dtype=bool)
    refused[refused_at(values)] = True
    missing = np.isnan(values)
    out: dict[Hashable, TailSketch | _Failed] = {}
    for key, label, idx in groups:
        part = values if idx is None else values[idx]
        if not (refused if idx is None else refused[idx]).any():
            gone = missing if idx is None else missing[idx]
            n_nan = int(np.count_nonzero(gone))
            out[key] = TailSketch._of(caps[key], label, part[~gone] if n_nan else part, n_nan)
            continue
        try:
            out[key] = TailSketch(caps[key], name=label).update(part)
        except DataError as exc:  # infinite values: the group fails, the others go on
            out[key] = _located(exc, part, idx, label, where)
    return out


def _located(exc: DataError, part: np.ndarray, idx: np.ndarray | None, label: str,
             where: tuple[int, int]) -> _Failed:
    """The failure of a group's values in one partition: its error, and where the infinite
    values are (by partition and by row within it: a position among the group's values alone
    named no row), counted so that partitions merged add up (:meth:`_Failed.plus`)."""
    n_nan = int(np.count_nonzero(np.isnan(part)))
    # (the largest float64 or float32 counted as one: an infinity in disguise, refused alike)
    inf = refused_at(part)
    first = None
    if inf.size:
        first = (where[0], int(inf[0]) if idx is None else int(idx[inf[0]]))
    return _Failed(exc, int(part.shape[0]) - n_nan, n_nan, label, int(inf.size), first,
                   where[1], int(inf.size - np.count_nonzero(np.isinf(part[inf]))))


@dataclass(frozen=True)
class _Failed:
    """A group that failed in some partition: the error, and its values, missing and
    infinite values counted over the partitions merged so far (the table keeps a failed
    group's size); ``first``: the partition and row of the first infinite value seen."""

    exc: DataError
    n: int
    n_missing: int
    label: str = ""
    n_inf: int = 0
    first: tuple[int, int] | None = None
    partitions: int = 1
    n_fmax: int = 0  # of n_inf, the float maxima (+/- the largest float64 or float32)

    @property
    def error(self) -> DataError:
        """The group's error: its infinite values counted over every partition, the first
        located (a review: the count was the first failing partition's alone)."""
        if self.first is None:
            return self.exc
        part, row = self.first
        # what they are, counted over the partitions (a review: "infinite value(s) or float
        # maxima" of float maxima alone, which the rows' message names as such)
        words = ("value(s) of +/- the largest float (float64's 1.797e308 or float32's "
                 "3.403e38: numpy.nan_to_num puts it for an infinity)"
                 if self.n_fmax == self.n_inf else "infinite value(s)" if self.n_fmax == 0
                 else f"infinite value(s) or float maxima ({self.n_fmax} of the latter)")
        return DataError(
            f"{self.label!r} contains {self.n_inf} {words} (the first in "
            f"partition {part + 1} of {self.partitions}, at its row {row}, counting from 0; with "
            "Parquet files read in order, partition i is usually the i-th file or row "
            f"group). {INFINITE_HINT}")

    def plus(self, other: TailSketch | _Failed) -> _Failed:
        """This failure with ``other``'s counts added (its first infinite value the
        earlier partition's)."""
        if isinstance(other, TailSketch):
            return replace(self, n=self.n + other.n,
                           n_missing=self.n_missing + other.n_nan_dropped)
        firsts = [f for f in (self.first, other.first) if f is not None]
        # (exc is read only when no partition had an infinite value: then it is self's)
        return replace(self, n=self.n + other.n, n_missing=self.n_missing + other.n_missing,
                       n_inf=self.n_inf + other.n_inf, n_fmax=self.n_fmax + other.n_fmax,
                       first=min(firsts) if firsts else None)


def _merge_parts(parts: list[dict[Hashable, TailSketch | _Failed]]
                 ) -> dict[Hashable, TailSketch | _Failed]:
    """Merge the per-group sketches of several partitions (a node of the tree reduction); a
    group that failed anywhere stays failed (its first error), with its counts summed."""
    _tell_dask_sizes()
    gathered: dict[Hashable, list[TailSketch | _Failed]] = {}
    for part in parts:
        for key, item in part.items():
            gathered.setdefault(key, []).append(item)
    out: dict[Hashable, TailSketch | _Failed] = {}
    for key, items in gathered.items():
        failed = [x for x in items if isinstance(x, _Failed)]
        if not failed:
            out[key] = merge_sketches([x for x in items if isinstance(x, TailSketch)])
            continue
        total = failed[0]
        for x in items:
            if x is not failed[0]:
                total = total.plus(x)
        out[key] = total
    return out


@contextlib.contextmanager
def _scheduler(client: Any) -> Iterator[dict[str, Any]]:
    """The keyword arguments of ``dask.compute`` that run on ``client``."""
    if client is None:
        yield {}
        return
    if isinstance(client, str):
        distributed = _distributed()
        check_address(client)  # before a Client exists (a failed one hangs on closing)
        why = probe_scheduler(client, CONNECT_TIMEOUT)
        if why is not None:
            raise no_scheduler(client, why)
        try:  # 10 s, not Dask's 30: a typo in the address took 31.6 s to fail (a review)
            c = distributed.Client(client, set_as_default=False, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise no_scheduler(client, f"{type(exc).__name__}: {exc}") from None
        try:
            yield {"scheduler": c}
        finally:
            c.close()
        return
    if "Client" not in type(client).__name__ or not hasattr(client, "get"):
        raise DataError("client must be a dask.distributed.Client, the address of a Dask "
                        "scheduler (e.g. 'tcp://10.0.0.5:8786') or None; got a "
                        f"{type(client).__name__}.")
    yield {"scheduler": client}


@contextlib.contextmanager
def local_client(n_workers: int = LOCAL_WORKERS, *, threads_per_worker: int = 1,
                 memory_limit: str | int | None = "auto") -> Iterator[Any]:
    """A ``dask.distributed.Client`` of a local cluster of worker processes, closed on exit.

    What the command line's ``--dask`` without an address starts. No dashboard is served.

    Parameters
    ----------
    n_workers : int
        Worker processes (default :data:`LOCAL_WORKERS`).
    threads_per_worker : int
    memory_limit : str or int, optional
        Per worker, as ``dask.distributed.LocalCluster`` takes it (``"2GB"``; ``"auto"``
        shares the machine's memory between the workers).

    Yields
    ------
    dask.distributed.Client
    """
    check("n_workers", n_workers, [Interval(Integral, 1, None)])
    check("threads_per_worker", threads_per_worker, [Interval(Integral, 1, None)])
    distributed = _distributed()
    # Dask's worker launcher writes thread limits and a hash seed into this process's
    # environment (OMP_NUM_THREADS=1, PYTHONHASHSEED, ...), which later subprocesses would
    # inherit: taken back on exit (a review), and only those: what the caller sets or
    # changes inside the block stays (review 425)
    saved = dict(os.environ)
    launched = saved  # until the cluster has started (or failed to)
    try:
        try:
            try:
                cluster = distributed.LocalCluster(
                    n_workers=n_workers, threads_per_worker=threads_per_worker,
                    processes=True, dashboard_address=":0", memory_limit=memory_limit)
            finally:
                launched = dict(os.environ)
        except (RuntimeError, AssertionError) as exc:
            # Dask's own words ("Nanny failed to start") name no cause; the usual one is a
            # script without a main guard, which each worker process imports again (a review)
            raise RuntimeError(
                f"the local Dask workers did not start ({type(exc).__name__}: "
                f"{str(exc).rstrip('.')}). In a "
                "script, call local_client() under 'if __name__ == \"__main__\":' (each "
                "worker process imports the script again, and would start workers of its "
                "own); see the messages above for another cause.") from exc
        with cluster, distributed.Client(cluster, set_as_default=False) as c:
            yield c
    finally:
        _take_back(saved, launched)


def _take_back(before: dict[str, str], launched: dict[str, str]) -> None:
    """Undo what starting the cluster wrote into ``os.environ`` (``before`` -> ``launched``),
    where the variable still holds the value written; the caller's own changes stay."""
    for key in set(before) | set(launched):
        if before.get(key) == launched.get(key) or os.environ.get(key) != launched.get(key):
            continue
        if key in before:
            os.environ[key] = before[key]
        else:
            del os.environ[key]
