"""Inputs that describe data rather than hold it: a polars LazyFrame, a Dask collection, a
pandas or polars GroupBy. Each is refused at intake (:func:`refuse_lazy`) with what to pass
instead."""

from __future__ import annotations

from typing import Any

from tailstat.errors import DataError

__all__ = ["refuse_lazy"]


def refuse_lazy(data: Any) -> None:
    """A DataError for a query rather than data: a polars LazyFrame, a pandas or polars
    GroupBy, or a Dask collection (read into memory whole, it may not fit:
    ``tailstat.dask.analyze`` sketches it where it lies; before, it was computed whole, then
    refused as "not a table")."""
    root, kind = type(data).__module__.split(".")[0], type(data).__name__
    if root == "polars" and kind == "LazyFrame":
        raise DataError("a polars LazyFrame is a query, not data: collect it first "
                        "(lazy_frame.collect()) and pass the DataFrame.")
    # a frame, a series or an array (a Delayed answers every hasattr; a Bag or a Scalar is
    # refused as any other object that holds no rewards)
    if root in ("dask", "dask_expr") and kind in ("DataFrame", "Series", "Array"):
        frame = hasattr(data, "columns") or hasattr(data, "to_frame")
        raise DataError(
            f"a Dask {kind} is not read into memory here: "
            + ("pass it" if frame else "make it a Dask DataFrame (dask.dataframe."
               "from_dask_array(arr, columns=['reward'])) and pass that")
            + " to tailstat.dask.analyze(ddf, column, by=...), which sketches each group's "
            "upper tail partition by partition where the data lies; or call .compute() "
            "first if it fits in memory.")
    if (root == "pandas" and kind in ("DataFrameGroupBy", "SeriesGroupBy")) or (
            root == "polars" and kind == "GroupBy"):
        raise DataError(_grouped_problem(data, f"a {root} {kind}"))


def _grouped_problem(grouped: Any, what: str) -> str:
    """What to pass instead of a GroupBy: its table with ``by=`` its keys (tailstat groups
    the rows itself; a review found the advice to leave ``column=`` out, then "cannot read
    rewards from a DataFrameGroupBy ('x')")."""
    keys = getattr(grouped, "keys", None)  # pandas: a label, a list, a Series, a function...
    if what.startswith("a polars"):
        keys = list(getattr(grouped, "by", ()))
    labels = keys if isinstance(keys, list) and all(isinstance(k, str) for k in keys) else (
        [keys] if isinstance(keys, str) else None)
    table: Any = getattr(grouped, "obj", getattr(grouped, "df", None))
    name = getattr(table, "name", None) if what.endswith("SeriesGroupBy") else None
    column = repr(name) if isinstance(name, str) else "column"
    start = f"{what} is a grouping, not data: tailstat groups the table itself, so pass "
    if not labels:  # keys that are no column labels (an array, a Series, a function)
        return (start + "a DataFrame that holds the rewards and the group keys as columns, "
                f"naming the keys with by= (e.g. tailstat.analyze(df, {column}, by='model')).")
    # keys among the index levels (pandas): the columns of df.reset_index()
    in_index = hasattr(table, "columns") and any(k not in table.columns for k in labels)
    by = repr(labels[0]) if len(labels) == 1 else repr(labels)
    frame = "df.reset_index()" if in_index else "df"
    return (start + f"the DataFrame{' with its index as columns,' if in_index else ''} with "
            f"by={by}: tailstat.analyze({frame}, {column}, by={by}).")
