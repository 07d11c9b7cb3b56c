"""Arrow tables and columns as pandas, losing nothing pyarrow's default conversion loses."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["arrow_to_pandas"]


def arrow_to_pandas(data: Any) -> Any:
    """A pyarrow table or column as pandas, integers with nulls as pandas' nullable integers
    (pyarrow makes them floats: the ids 2**53 and 2**53 + 1 beside a missing one became one
    group, and 1 became 1.0, where a polars table of the same data kept them)."""
    import pyarrow as pa

    types = [data.type] if hasattr(data, "chunks") else list(data.schema.types)
    nulls = [data.null_count] if hasattr(data, "chunks") else [
        c.null_count for c in data.columns]
    if not any(pa.types.is_integer(t) and n for t, n in zip(types, nulls, strict=True)):
        return data.to_pandas()
    nullable = {getattr(pa, name)(): pd.api.types.pandas_dtype(name.capitalize().replace(
        "Uint", "UInt")) for name in ("int8", "int16", "int32", "int64", "uint8", "uint16",
                                      "uint32", "uint64")}
    return data.to_pandas(types_mapper=nullable.get)
