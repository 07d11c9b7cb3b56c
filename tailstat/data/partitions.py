"""Intake of a table that arrives in partitions (Dask partitions, Parquet shards).

:func:`tailstat.dask.analyze` never holds the whole table, yet must pick the same reward
column, form the same groups (same keys, labels and order) and reject the same groups as
:func:`tailstat.data.check_groups` does on the whole table. These functions are the pieces of
:func:`check_groups` that work on one partition, or on a summary of all of them, with its
messages; they use pandas and numpy only (nothing here imports Dask).

* :func:`resolve_columns` -- on the (empty) metadata frame: the reward column and ``by=``;
* :func:`key_rows` -- on each partition: one row per distinct group key and its row count;
* :func:`merge_key_rows` -- the key rows of several partitions as one table of the same kind
  (a tree of them: the driver never holds one row per partition and group);
* :func:`keyed_groups` -- the groups' keys and labels, on the key rows of all partitions
  (the driver) or on one partition plus those key rows (a worker: the keys and labels are
  then those of the whole table, whatever keys the partition happens to hold);
* :func:`group_problem` -- whether a group, summarised by its count, missing values,
  minimum and maximum, is empty, too small or constant.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from tailstat.data._grouping import _native_keys, first_rows, refuse_bools_beside_numbers
from tailstat.data._labels import _by_as_label
from tailstat.data._values import (
    EXACT_INTEGER,
    _constant_problem,
    _size_problem,
    _to_float_array,
    rounded_text,
    warn_rounded,
)
from tailstat.data.groups import _check_by, _keyed_groups, _proxy_column
from tailstat.data.intake import MIN_SIZE, _unique_column
from tailstat.errors import DataError

__all__ = ["ROWS", "group_problem", "key_rows", "keyed_groups", "merge_key_rows",
           "resolve_columns", "reward_values", "warn_if_rounded"]

#: Name of the row-count column of :func:`key_rows` (not a plausible column of a reward table).
ROWS = "__tailstat_rows__"


def resolve_columns(frame: pd.DataFrame, column: Any = None, *,
                    by: Hashable | Sequence[Hashable] | None = None
                    ) -> tuple[Any, tuple[Any, ...] | None]:
    """The reward column and the grouping columns, checked as :func:`check_groups` does.

    Parameters
    ----------
    frame : pandas.DataFrame
        A partition, or the empty frame that describes them all (a Dask DataFrame's
        ``_meta``): only its column names and dtypes are read.
    column : str or int, optional
        The reward column's label; default: the only numeric column that is not a ``by=``
        column.
    by : str, int or list of them, optional

    Returns
    -------
    (label, tuple or None)
        The reward column's label in ``frame`` (its name is ``str(label)``) and ``by=`` as a
        tuple (``None`` without grouping).

    Raises
    ------
    DataError
        Unknown, duplicate or ambiguous columns, ``column`` also in ``by``, a reward column
        of booleans, dates or complex numbers.
    """
    by_cols = _check_by(_by_as_label(frame, by))
    for b in by_cols or ():
        _unique_column(frame, b, "by= column", reward=column, others=list(by_cols or ()))
    series = _proxy_column(frame, column, not_proxy=list(by_cols or ()))
    if not pd.api.types.is_string_dtype(series.dtype):  # text is checked value by value
        _to_float_array(series.iloc[:0], str(series.name))  # booleans, dates... fail here
    return series.name, by_cols


def key_rows(frame: pd.DataFrame, by: tuple[Any, ...]) -> pd.DataFrame:
    """One row per group key of ``frame`` (its ``by`` values as they are stored) and the
    number of rows of that group (missing rewards included) in column :data:`ROWS`.

    Raises
    ------
    DataError
        When the ``by`` columns hold values that cannot be group keys.
    """
    frame = _native_keys(frame, by)
    refuse_bools_beside_numbers(frame[list(by)])  # one key row would hide the other
    try:  # the raw keys: keyed_groups() of all partitions' key rows gives the final ones
        if len(by) == 1:  # what groupby does inside, without its 1.5 s on 10^7 categorical
            # keys (review 410: the counting pass had become 6-14 times slower)
            codes = pd.Series(pd.factorize(frame[by[0]], sort=False,
                                           use_na_sentinel=False)[0])
        else:
            codes = frame.groupby(list(by), sort=False, dropna=False, observed=True).ngroup()
    except TypeError:  # unhashable keys
        _keyed_groups(frame, by)  # raises the DataError of check_groups
        raise
    # each group's key is read from its first row, as stored: the index of a groupby result
    # makes an object column of integers beside a missing key floats (1 read as 1.0, and
    # the ids 2**60 and 2**60 + 1 as one float, which no worker's key then matched: a review)
    codes = codes.to_numpy()
    first = first_rows(codes)
    rows = frame.iloc[first][list(by)].reset_index(drop=True)
    rows[ROWS] = np.bincount(codes, minlength=len(first)).astype(np.int64)
    return rows


def merge_key_rows(frames: list[pd.DataFrame], by: tuple[Any, ...]) -> pd.DataFrame:
    """The :func:`key_rows` of several partitions (in order) as one such table: one row per
    group key, the first as stored, with the rows of that group summed. Merged in a tree,
    the driver holds one row per group, not one per partition and group (a review: 40
    partitions of 5,000 groups were 196,282 key rows on the driver)."""
    every = pd.concat(_same_categories(frames, by), ignore_index=True)
    groups = keyed_groups(every, by)
    out = every.iloc[[int(idx[0]) for _, _, idx in groups]].reset_index(drop=True)
    counts = every[ROWS].to_numpy()
    out[ROWS] = np.array([counts[idx].sum() for _, _, idx in groups], dtype=np.int64)
    return out


def _same_categories(frames: list[pd.DataFrame], by: tuple[Any, ...]) -> list[pd.DataFrame]:
    """The partitions' key rows, without the empty ones, each categorical key column with
    the categories of all of them (in the order they first appear): concatenated otherwise,
    pandas makes the column object and the groups come out sorted, not in the categories'
    order (a review: an empty Parquet shard, whose categories read back empty)."""
    frames = [f for f in frames if len(f)] or frames[:1]
    for col in by:
        kinds = [f[col] for f in frames if isinstance(f[col].dtype, pd.CategoricalDtype)]
        if len(kinds) == len(frames) and len({tuple(c.cat.categories) for c in kinds}) > 1:
            try:
                union = union_categoricals(kinds, ignore_order=True)
            except TypeError:  # categories of different types: concatenated as objects
                continue
            frames = [f.astype({col: pd.CategoricalDtype(union.categories)}) for f in frames]
    return frames


def keyed_groups(frame: pd.DataFrame, by: tuple[Any, ...], keys: pd.DataFrame | None = None,
                 labels: dict[Hashable, str] | None = None
                 ) -> list[tuple[Hashable, str, np.ndarray]]:
    """``(key, label, row positions)`` of each group of ``frame``, in :func:`check_groups`'
    order.

    Parameters
    ----------
    frame : pandas.DataFrame
    by : tuple
        The grouping columns.
    keys : pandas.DataFrame, optional
        Key rows of the whole table (:func:`key_rows` of every partition, concatenated).
        With them, the keys and labels are those of the whole table: two keys that print
        alike anywhere in it (``1`` and ``"1"``) get their typed labels in every partition.
        Groups with no row in ``frame`` are left out.
    labels : dict, optional
        Key -> label of the whole table (the groups of ``keys``). When every group of
        ``frame`` alone is one of them, they are read from there, in time that grows with
        the rows of ``frame`` only; else (a key renamed for its type in the whole table)
        from ``keys`` (a review: every partition read all the table's keys, 11 s per
        partition of 10^4 rows at 10^6 groups).
    """
    own = _keyed_groups(frame, by)
    if keys is None:
        return own
    if labels is not None and all(key in labels for key, _, _ in own):
        order = {key: i for i, key in enumerate(labels)}  # the whole table's order
        return sorted(((key, labels[key], idx) for key, _, idx in own),
                      key=lambda g: order[g[0]])
    m = len(keys)
    both = pd.concat([keys[list(by)], frame[list(by)]], ignore_index=True)
    out = []
    for key, label, idx in _keyed_groups(both, by):
        mine = idx[int(np.searchsorted(idx, m)):] - m  # positions are ascending
        if mine.shape[0]:
            out.append((key, label, mine))
    return out


def reward_values(frame: pd.DataFrame, column: Any) -> np.ndarray:
    """The reward column of one partition as float64 (missing values as NaN).

    Raises
    ------
    DataError
        When the column holds something other than numbers (the message names the value).
    """
    return _to_float_array(frame[column], str(column), rounding=False)  # see warn_if_rounded


def warn_if_rounded(column: Any, extremes: Sequence[float], name: str,
                    sched: dict[str, Any] | None = None) -> None:
    """Once for the whole column (not once per partition): the intake's warning of integers
    a float64 rounds, when the column (a Dask Series, or its dtype) is an integer
    one and its ``extremes`` (the groups' minima and maxima, as floats) reach beyond 2**53;
    or when it holds text and some of it is an integer beyond 2**53 that a float64 rounds,
    as the intake reads text (a review: it went unsaid on this path and was said in memory;
    a pass over the column on the caller's scheduler ``sched``, made only when the extremes
    reach that far)."""
    dtype = getattr(column, "dtype", column)
    text = pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
    if not (pd.api.types.is_integer_dtype(dtype) or text) or not any(
            abs(e) >= EXACT_INTEGER for e in extremes if math.isfinite(e)):
        return
    if text and hasattr(column, "map_partitions"):
        import dask

        (found,) = dask.compute(column.map_partitions(rounded_text, meta=(name, bool)).any(),
                                **(sched or {}))
        if not found:
            return
    # (>=: the extremes are floats already, 2**53 + 1 read as 2**53; only the range is known
    # of an integer column, so the warning says "may be")
    warn_rounded(name, might=True)


def group_problem(*, name: str, n: int, n_missing: int, minimum: float, maximum: float,
                  min_size: int = MIN_SIZE) -> DataError | None:
    """Why a group summarised by these numbers cannot be analysed, or ``None``.

    The same rules and messages as :func:`check_groups` on the whole group: empty (every
    value missing), fewer than ``min_size`` values, constant.
    """
    problem = _size_problem(n, n_missing, name=name, min_size=min_size)
    if problem is None and minimum == maximum:
        problem = _constant_problem(minimum, name=name)
    return problem
