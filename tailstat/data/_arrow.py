"""In-memory tables as pandas: Arrow tables and columns (losing nothing pyarrow's default
conversion loses), Hugging Face datasets, objects with an Arrow stream, xarray arrays."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from tailstat.data._json_layouts import NESTED
from tailstat.errors import DataError

__all__ = ["arrow_to_pandas", "pandas_metadata_for", "to_pandas"]


def arrow_to_pandas(data: Any) -> Any:
    """A pyarrow table or column as pandas, integers with nulls as pandas' nullable integers
    (pyarrow makes them floats: the ids 2**53 and 2**53 + 1 beside a missing one became one
    group, and 1 became 1.0, where a polars table of the same data kept them)."""
    import pyarrow as pa

    data = _decimals_as_numbers(data)
    data, nested = _flat(data)
    types = [data.type] if hasattr(data, "chunks") else list(data.schema.types)
    nulls = [data.null_count] if hasattr(data, "chunks") else [
        c.null_count for c in data.columns]
    if not any(pa.types.is_integer(t) and n for t, n in zip(types, nulls, strict=True)):
        out = _named_index_as_columns(data.to_pandas())
    else:
        out = _named_index_as_columns(data.to_pandas(types_mapper=nullable_integers().get))
    if nested and isinstance(out, pd.DataFrame):
        out.attrs[NESTED] = nested
    return out


def pandas_metadata_for(schema: Any, schemas: list[Any]) -> Any:
    """``schema`` (the unified schema of Parquet files, ``schemas``) with pandas' stored
    metadata made to agree with its columns' types. The unified schema keeps the first file's
    metadata, whose record of a column (``Int64`` where one file held nullable integers and
    another floats, unified as ``double``) pandas then casts to: review 443, "ArrowInvalid:
    Float value 0.125730 was truncated converting to int64" (exit 70). A column's record is
    that of a file whose own type of it is the unified one; else its type's."""
    meta = dict(schema.metadata or {})
    if b"pandas" not in meta:
        return schema
    info = json.loads(meta[b"pandas"])
    fields = {f.name: f.type for f in schema}
    records = {}
    for one in schemas:
        if one.metadata and b"pandas" in one.metadata:
            for col in json.loads(one.metadata[b"pandas"]).get("columns", []):
                name = col.get("field_name")
                if (name in fields and name in one.names and name not in records
                        and one.field(name).type == fields[name]):
                    records[name] = col
    for i, col in enumerate(info.get("columns", [])):
        name = col.get("field_name")
        if name in fields and name in records:
            info["columns"][i] = records[name]
        elif name in fields:
            try:
                dtype = str(np.dtype(fields[name].to_pandas_dtype()))
            except (NotImplementedError, TypeError):
                dtype = "object"
            info["columns"][i] = {**col, "pandas_type": dtype, "numpy_type": dtype}
    meta[b"pandas"] = json.dumps(info).encode()
    return schema.with_metadata(meta)


def _flat(data: Any) -> tuple[Any, list[str]]:
    """A table's struct columns spread into a column per field (``scores.reward``), with
    Arrow's own flatten, and the names of the columns that made (none for a column): the
    same data as a ``pyarrow.Table`` was refused ("'scores' is not numeric"; a review),
    and pandas' ``json_normalize`` of the records took 11 s a million rows."""
    import pyarrow as pa

    if hasattr(data, "chunks") or not any(pa.types.is_struct(t) for t in data.schema.types):
        return data, []
    if not hasattr(data, "flatten"):  # a RecordBatch: its table (a re-read)
        data = pa.Table.from_batches([data])
    before = set(data.schema.names)
    while any(pa.types.is_struct(t) for t in data.schema.types):
        data = data.flatten()
    return data, [n for n in data.schema.names if n not in before]


def nullable_integers() -> dict[Any, Any]:
    """Arrow's integer types mapped to pandas' nullable integers (a ``types_mapper``)."""
    import pyarrow as pa

    return {getattr(pa, name)(): pd.api.types.pandas_dtype(name.capitalize().replace(
        "Uint", "UInt")) for name in ("int8", "int16", "int32", "int64", "uint8", "uint16",
                                      "uint32", "uint64")}


def _named_index_as_columns(df: Any) -> Any:
    """A frame whose index pandas restored from the file's metadata (``df.set_index("group")
    .to_parquet``, a ``groupby`` result saved as it is) with its named levels as columns, as
    a CSV of the frame has them: in the index, no ``by=`` or ``column=`` could name them
    ("unknown by= column 'group'"). Unnamed levels (row numbers) are left out, as before."""
    if not isinstance(df, pd.DataFrame) or isinstance(df.index, pd.RangeIndex):
        return df
    names = [n for n in df.index.names if n is not None]
    if not names or any(n in df.columns for n in names):
        return df
    return df.reset_index(level=names, drop=False).reset_index(drop=True)


def _decimals_as_numbers(data: Any) -> Any:
    """``data`` with its decimal columns (Spark writes sums and averages as DECIMAL) as
    numbers pandas reads: whole decimals of at most 18 digits as int64 (exact); others as
    float64, each the float nearest its decimal (through its text: Arrow's own cast is off
    by a unit in the last place), unless distinct decimals would become one float, which
    keeps the column as its exact text. pandas made them Decimal objects, which no default
    column is chosen among ("holds numbers but is not numeric"). A decimal column may be a
    group key: ids of 20 digits 2**60 and 2**60 + 1 cast to floats had become one group
    (a review; the Dask engine kept them apart)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def numbers(col: Any) -> Any:
        kind = col.type
        if kind.scale == 0 and kind.precision <= 18:
            return pc.cast(col, pa.int64())
        text = pc.cast(col, pa.string())
        floats = pc.cast(text, pa.float64())
        return text if _shares_floats(text, floats) else floats

    if hasattr(data, "chunks"):
        return numbers(data) if pa.types.is_decimal(data.type) else data
    for i, field in enumerate(data.schema):
        if pa.types.is_decimal(field.type):
            data = data.set_column(i, field.name, numbers(data.column(i)))
    return data


def _shares_floats(text: Any, floats: Any) -> bool:
    """Whether two different decimals (as their ``text``) became one of ``floats``: the
    floats sorted, each pair of equal neighbours' texts compared (counting the distinct
    decimals and floats took ten times the conversion itself; a review)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = floats.to_numpy(zero_copy_only=False)
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    same = np.flatnonzero(ranked[1:] == ranked[:-1])  # (NaN, a missing value, never equal)
    if not same.size:
        return False
    words = pc.take(text, pa.array(order))
    left, right = pc.take(words, pa.array(same)), pc.take(words, pa.array(same + 1))
    return not bool(pc.all(pc.equal(left, right)).as_py())


def _arrow_rows(data: Any) -> Any:
    """A Hugging Face ``Dataset``'s rows as a ``pyarrow.Table`` (``with_format("arrow")[:]``),
    or None where it has no such view (an iterable dataset)."""
    try:
        table = data.with_format("arrow")[:]
    except Exception:  # any failure: its own to_pandas is the way left
        return None
    return table if type(table).__module__.split(".")[0] == "pyarrow" and hasattr(
        table, "schema") else None


def to_pandas(data: Any) -> Any:
    """Arrow-backed in-memory tables as pandas; any other object unchanged.

    Parameters
    ----------
    data : object
        A ``pyarrow.Table`` / ``RecordBatch`` / ``ChunkedArray`` (a table's column), a
        ``datasets.Dataset``, an object with ``__arrow_c_stream__``, or anything else.

    Returns
    -------
    pandas.DataFrame or Series, or the input unchanged.
    """
    if isinstance(data, (pd.DataFrame, pd.Series, np.ndarray, list, tuple)):
        return data
    root = type(data).__module__.split(".")[0]
    try:
        if root == "pyarrow" and hasattr(data, "to_pandas") and (
                hasattr(data, "schema") or hasattr(data, "chunks")):
            return arrow_to_pandas(data)  # a table, or a column (ChunkedArray): a Series
        if root == "pyarrow" and hasattr(data, "to_pandas") and hasattr(data, "type"):
            # an Array, as its ChunkedArray is (a review: its integers beside a null became
            # floats, past 2**53 rounded without the warning)
            import pyarrow as pa

            return arrow_to_pandas(pa.chunked_array([data]))
        if root == "datasets" and hasattr(data, "to_pandas"):
            # Hugging Face datasets: recognised by the module of the class, never imported here.
            # Its rows as an Arrow table (selections and shuffles applied), converted as any
            # Arrow table is: its to_pandas made integer ids with a missing one floats, and
            # 2**60 and 2**60 + 1 one group (a review; datasets 5.2)
            table = _arrow_rows(data)
            if table is not None:
                return arrow_to_pandas(table)
            out = data.to_pandas()
            if not isinstance(out, pd.DataFrame):  # batched=True returns an iterator
                out = pd.concat(list(out), ignore_index=True)
            return out
        if root == "xarray":  # its Arrow stream flattens a 2-D array into one sample
            return _from_xarray(data)
        if hasattr(data, "__arrow_c_stream__") and root != "polars":
            import pyarrow as pa

            return arrow_to_pandas(pa.RecordBatchReader.from_stream(data).read_all())
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"could not convert the {type(data).__name__} to a table: {exc}. "
                        "Convert it to a pandas DataFrame yourself and pass that.") from None
    return data


def _from_xarray(data: Any) -> Any:
    """A 1-D xarray DataArray as a Series (its name kept); a DataError for anything else."""
    if not hasattr(data, "dims") or not hasattr(data, "values") or hasattr(data, "data_vars"):
        raise DataError(f"an xarray {type(data).__name__} holds several variables: pass one "
                        "of them (a DataArray, e.g. ds['reward']) or ds.to_dataframe().")
    shape = tuple(data.shape)
    if len(shape) != 1 and not (len(shape) == 2 and 1 in shape):
        raise DataError(f"the xarray DataArray has shape {shape} (dims {tuple(data.dims)}); "
                        "pass a one-dimensional sample (da.sel(...)), or for several "
                        "da.to_dataframe(name='reward').reset_index() with by=.")
    name = data.name if isinstance(data.name, str) else None
    return pd.Series(np.asarray(data.values).reshape(-1), name=name)
