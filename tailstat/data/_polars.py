"""A polars DataFrame or Series as pandas, for :func:`tailstat.data.read_table`: integers with
nulls as pandas' nullable integers (not floats, which round them past 2**53 and read 1 as
1.0), categories in sorted order (a pandas categorical's, not first appearance), and a
column pandas cannot hold (128-bit integers) named with the fix."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tailstat.data._json_layouts import NESTED
from tailstat.errors import DataError

__all__ = ["polars_to_pandas"]


def polars_to_pandas(data: Any) -> Any:
    """``data`` (a polars DataFrame or Series) as a pandas DataFrame or Series; a
    :class:`DataError` when it cannot be converted, naming the columns at fault."""
    data, nested = _unnest(data)
    try:  # integers with nulls as pandas' nullable Int64 (not floats: 1 read as 1.0)
        table = data.to_pandas()
        if not hasattr(data, "columns") and data.dtype.is_integer() and data.null_count():
            # a Series too (a review: its integers past 2**53 were rounded unsaid)
            table = pd.Series(_nullable(data), name=data.name)
        for col in (getattr(data, "columns", None) or []):
            if data[col].dtype.is_integer() and data[col].null_count():
                table[col] = _nullable(data[col])
            elif type(data[col].dtype).__name__ == "Categorical":  # in the order of a
                cats = table[col].cat.categories  # pandas one, not of first appearance
                table[col] = table[col].cat.reorder_categories(sorted(cats))
    except Exception as exc:
        wide = [c for c, t in (data.schema.items() if hasattr(data, "schema") else
                               [(data.name, data.dtype)]) if str(t) in ("Int128", "UInt128")]
        if wide and not hasattr(data, "schema"):  # a Series (a review: told df.with_columns)
            raise DataError(f"the polars Series {wide[0]!r} holds 128-bit integers, which "
                            "pandas cannot hold: cast it first (s.cast(pl.Int64), or "
                            "pl.Float64 past the Int64 range).") from None
        if wide:  # (a review: an id column of them stopped every analysis, unnamed)
            raise DataError(
                f"the polars column(s) {', '.join(repr(c) for c in wide)} hold 128-bit "
                "integers, which pandas cannot hold: cast them (e.g. df.with_columns("
                f"pl.col({wide[0]!r}).cast(pl.Int64))) or drop them first.") from None
        raise DataError(f"could not convert the polars object to pandas: {exc}") from None
    # struct columns spread into a column per field (``scores.reward``), as a Parquet
    # file's are (a review: the same data as a polars DataFrame was refused)
    if nested and isinstance(table, pd.DataFrame):
        table.attrs[NESTED] = nested
    return table


def _unnest(data: Any) -> tuple[Any, list[str]]:
    """A polars DataFrame's struct columns spread into a column per field, named by their
    path (``scores.reward``), and the names of the columns that made."""
    import polars as pl

    if not hasattr(data, "columns"):
        return data, []
    before = set(data.columns)
    while any(isinstance(t, pl.Struct) for t in data.dtypes):
        data = data.select([pl.col(c).struct.unnest().name.prefix(f"{c}.")
                            if isinstance(t, pl.Struct) else pl.col(c)
                            for c, t in zip(data.columns, data.dtypes, strict=True)])
    return data, [c for c in data.columns if c not in before]


def _nullable(series: Any) -> Any:
    """A polars integer Series with nulls as pandas' nullable integers (UInt64 or Int64)."""
    return pd.array(series.to_list(),
                    dtype="UInt64" if series.dtype.is_unsigned_integer() else "Int64")
