"""Validation of reward samples: the single entry point every public function goes through.

Policy (each rule has a test in ``tests/test_intake.py``):

* accepted inputs: numpy arrays, lists and tuples, pandas Series / DataFrame (``column=``),
  polars Series / DataFrame, and paths to ``.parquet``, ``.csv``, ``.tsv``, ``.jsonl``;
* NaN (and pandas' missing values) are dropped and counted, or rejected with ``nan="raise"``;
* +/-inf is always an error: an infinite reward is a bug upstream, not an extreme value;
* empty, constant and too-small samples are errors that name the minimum;
* non-numeric columns, booleans and unknown column names are errors that name them;
* the caller's data is never modified (the sample holds a read-only view or a copy).

All errors are :class:`tailstat.errors.DataError` (a ``ValueError``).
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat.errors import DataError
from tailstat.results import Result

__all__ = ["MIN_SIZE", "Groups", "Sample", "check_groups", "check_sample", "read_table"]

#: Smallest sample the intake accepts (estimators may need more for a given ``k``).
MIN_SIZE = 5

_READERS = {
    ".parquet": "parquet", ".pq": "parquet",
    ".csv": "csv", ".tsv": "tsv", ".txt": "csv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
}


@dataclass(frozen=True, eq=False, repr=False)
class Sample(Result):
    """A validated sample: finite float64 values, read-only, plus a record of what intake did.

    Attributes
    ----------
    values : numpy.ndarray
        The finite values, float64, read-only, in the caller's order.
    name : str
        A label for reports (column name, group key, or ``"x"``).
    n_nan_dropped : int
        How many missing values were dropped.
    source : str
        What the data came from (type, file path, column).
    """

    values: np.ndarray
    name: str = "x"
    n_nan_dropped: int = 0
    source: str = "array"

    _repr_fields = ("name", "n", "n_nan_dropped", "source")

    @property
    def n(self) -> int:
        """Number of values."""
        return int(self.values.shape[0])

    def __len__(self) -> int:
        return self.n

    def to_dict(self) -> dict[str, Any]:
        """Metadata only (not the values): name, n, n_nan_dropped, source."""
        return {"result": "Sample", "name": self.name, "n": self.n,
                "n_nan_dropped": self.n_nan_dropped, "source": self.source}

    def to_frame(self) -> pd.DataFrame:
        """One row of metadata."""
        d = self.to_dict()
        d.pop("result")
        return pd.DataFrame([d])


@dataclass(frozen=True, eq=False, repr=False)
class Groups:
    """Validated groups of one table.

    Attributes
    ----------
    samples : dict
        Group key -> :class:`Sample`, or the :class:`DataError` that group failed with.
    gold : dict or None
        Group key -> ``(proxy, gold)`` float64 arrays of the rows where both are present,
        when ``gold=`` was given.
    column, by, gold_column : str or None
        What was analysed.
    source : str
        Where the table came from.
    """

    samples: dict[Hashable, Sample | DataError]
    gold: dict[Hashable, tuple[np.ndarray, np.ndarray]] | None = None
    column: str | None = None
    by: tuple[str, ...] | None = None
    gold_column: str | None = None
    source: str = "table"

    def __len__(self) -> int:
        return len(self.samples)

    def __repr__(self) -> str:
        failed = sum(isinstance(v, DataError) for v in self.samples.values())
        return (f"Groups(n_groups={len(self.samples)}, failed={failed}, column={self.column!r}, "
                f"by={self.by!r}, gold={self.gold_column!r})")

    def __iter__(self):
        return iter(self.samples.items())


def _is_polars(obj: Any) -> bool:
    return type(obj).__module__.split(".")[0] == "polars"


def read_table(data: Any) -> Any:
    """Turn a path or a polars object into pandas; pass other inputs through unchanged.

    Parameters
    ----------
    data : path, str, polars DataFrame/Series, pandas object, array-like
        ``.parquet``/``.pq``, ``.csv``/``.tsv``/``.txt``, ``.jsonl``/``.ndjson``/``.json`` files
        are read with pandas.

    Returns
    -------
    pandas.DataFrame, pandas.Series or the input unchanged.

    Raises
    ------
    DataError
        Missing file, unknown extension, an empty or unreadable file.
    """
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        if not path.exists():
            raise DataError(f"input file not found: '{path}'. Check the path.")
        if path.is_dir():
            raise DataError(f"input '{path}' is a directory; pass a .parquet, .csv or .jsonl file.")
        kind = _READERS.get(path.suffix.lower())
        if kind is None:
            raise DataError(
                f"cannot read '{path.name}': unknown file type '{path.suffix}'. "
                f"Use one of {', '.join(sorted(_READERS))}, or load it yourself and pass a "
                "DataFrame."
            )
        if path.stat().st_size == 0:
            raise DataError(f"input file '{path}' is empty: it holds no rewards.")
        try:
            if kind == "parquet":
                df = pd.read_parquet(path)
            elif kind in ("csv", "tsv"):
                df = pd.read_csv(path, sep="\t" if kind == "tsv" else ",")
            elif kind == "jsonl":
                df = pd.read_json(path, lines=True, precise_float=True)
            else:
                df = pd.read_json(path, precise_float=True)
        except pd.errors.EmptyDataError:
            raise DataError(f"input file '{path}' is empty: it holds no rewards.") from None
        except Exception as exc:
            raise DataError(f"could not read '{path}' as {kind}: {exc}") from None
        if isinstance(df, pd.Series):
            df = df.to_frame()
        df.attrs["tailstat_source"] = str(path)
        return df
    if _is_polars(data):
        try:
            return data.to_pandas()
        except Exception as exc:
            raise DataError(f"could not convert the polars object to pandas: {exc}") from None
    return data


def _numeric_columns(df: pd.DataFrame) -> list[str]:
    return [str(c) for c in df.columns
            if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]


def _pick_column(df: pd.DataFrame, column: str | None, what: str = "column") -> pd.Series:
    if column is not None:
        if column not in df.columns:
            raise DataError(
                f"unknown {what} {column!r}; the data has columns {[str(c) for c in df.columns]}."
            )
        return df[column]
    numeric = _numeric_columns(df)
    if len(numeric) == 1:
        return df[numeric[0]]
    if not numeric:
        raise DataError(
            f"no numeric column to analyse; the data has columns {[str(c) for c in df.columns]} "
            "and none holds numbers. Convert the reward column to numbers."
        )
    raise DataError(f"several numeric columns {numeric}; say which one to analyse with column=.")


def _to_float_array(obj: Any, name: str) -> np.ndarray:
    """A 1-D float64 array (a view where possible), or a DataError naming the problem."""
    if isinstance(obj, pd.Series):
        dtype = obj.dtype
        if pd.api.types.is_bool_dtype(dtype):
            raise DataError(f"{name!r} holds booleans, not rewards; pass a numeric column.")
        if pd.api.types.is_complex_dtype(dtype):
            raise DataError(f"{name!r} holds complex numbers; rewards must be real.")
        if (pd.api.types.is_datetime64_any_dtype(dtype)
                or pd.api.types.is_timedelta64_dtype(dtype)
                or isinstance(dtype, pd.PeriodDtype)):
            raise DataError(f"{name!r} holds dates or durations (dtype {dtype}), not rewards; "
                            "pass the numeric reward column.")
        if pd.api.types.is_numeric_dtype(dtype):
            return obj.to_numpy(dtype=np.float64, na_value=np.nan)
        if obj.map(lambda v: isinstance(v, (bool, np.bool_))).any():
            raise DataError(f"{name!r} holds booleans, not rewards; pass numeric values.")
        converted = pd.to_numeric(obj, errors="coerce")
        bad = converted.isna() & obj.notna()
        if bad.any():
            first = obj[bad].iloc[0]
            raise DataError(
                f"{name!r} is not numeric (dtype {dtype}): value {first!r} at row "
                f"{obj.index[bad.to_numpy()][0]!r} is not a number. Convert or clean the column."
            )
        return converted.to_numpy(dtype=np.float64, na_value=np.nan)
    arr = np.asarray(obj)
    if arr.ndim == 0:
        raise DataError(f"{name!r} is a single value ({arr!r}); pass a one-dimensional sample.")
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise DataError(
            f"{name!r} has shape {arr.shape}; pass a one-dimensional sample (or a DataFrame with "
            "column=)."
        )
    kind = arr.dtype.kind
    if kind == "f" and arr.dtype == np.float64:
        return arr
    if kind in "iuf":
        return arr.astype(np.float64)
    if kind == "b":
        raise DataError(f"{name!r} holds booleans, not rewards; pass numeric values.")
    if kind == "c":
        raise DataError(f"{name!r} holds complex numbers; rewards must be real.")
    if kind == "O":
        return _to_float_array(pd.Series(arr, dtype=object), name)
    raise DataError(
        f"{name!r} has dtype {arr.dtype}, not numbers; pass numeric rewards (float or int)."
    )


def check_sample(
    x: Any,
    column: str | None = None,
    *,
    nan: Literal["drop", "raise"] = "drop",
    name: str | None = None,
    min_size: int = MIN_SIZE,
) -> Sample:
    """Validate one reward sample: the ``check_array`` of tailstat.

    Parameters
    ----------
    x : array-like, pandas/polars Series or DataFrame, path, or Sample
        The rewards. A DataFrame (or file) needs ``column=`` unless it has exactly one
        numeric column.
    column : str, optional
        Column to analyse.
    nan : {"drop", "raise"}
        Drop missing values (counted in ``n_nan_dropped``) or raise.
    name : str, optional
        Label for reports; defaults to the column name or ``"x"``.
    min_size : int
        Smallest accepted number of values after dropping NaN.

    Returns
    -------
    Sample

    Raises
    ------
    DataError
        On any input that cannot be analysed; the message says what to do.
    """
    if isinstance(x, Sample):
        return x
    if nan not in ("drop", "raise"):
        raise DataError(f"nan must be 'drop' or 'raise', got {nan!r} instead.")
    source = type(x).__name__
    if isinstance(x, (str, os.PathLike)):
        source = str(x)
    obj = read_table(x)
    if isinstance(obj, pd.DataFrame):
        series = _pick_column(obj, column)
        name = name if name is not None else str(series.name)
        source = f"{source}[{series.name!s}]"
        obj = series
    elif column is not None:
        if isinstance(obj, pd.Series) and obj.name == column:
            pass
        else:
            raise DataError(
                f"column={column!r} was given but the input is a {type(obj).__name__}, not a table."
            )
    if isinstance(obj, pd.Series) and name is None and obj.name is not None:
        name = str(obj.name)
    name = name if name is not None else "x"
    if isinstance(obj, (Sequence, np.ndarray, pd.Series)) or hasattr(obj, "__array__"):
        arr = _to_float_array(obj, name)
    elif isinstance(obj, Mapping):
        raise DataError(f"{name!r} is a mapping; pass a DataFrame or an array of rewards.")
    else:
        raise DataError(
            f"cannot read rewards from a {type(obj).__name__}; pass an array, a Series, a "
            "DataFrame with column=, or a .parquet/.csv/.jsonl path."
        )
    return _validate_values(arr, name=name, nan=nan, min_size=min_size, source=source)


def _validate_values(arr: np.ndarray, *, name: str, nan: str, min_size: int,
                     source: str) -> Sample:
    n_dropped = 0
    # One cheap pass: a finite sum proves there is no NaN and no inf (either would propagate);
    # only a non-finite sum (or an overflow) needs the element-wise check.
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.add.reduce(arr) if arr.shape[0] else 0.0
    finite = np.isfinite(arr) if not np.isfinite(total) else None
    if finite is not None and not finite.all():
        isnan = np.isnan(arr)
        n_inf = int((~finite & ~isnan).sum())
        if n_inf:
            where = int(np.flatnonzero(~finite & ~isnan)[0])
            raise DataError(
                f"{name!r} contains {n_inf} infinite value(s) (first at position {where}). "
                "An infinite reward is a bug upstream (overflow, a division by zero, a log of 0): "
                "fix or remove those rows before the tail analysis."
            )
        n_dropped = int(isnan.sum())
        if nan == "raise":
            raise DataError(
                f"{name!r} contains {n_dropped} missing value(s) (NaN); drop them first or use "
                "nan='drop'."
            )
        arr = arr[~isnan]
    if arr.shape[0] == 0:
        what = f" (all {n_dropped} values were NaN)" if n_dropped else ""
        raise DataError(f"{name!r} is empty{what}: there are no rewards to analyse; at least "
                        f"{min_size} values are needed.")
    if arr.shape[0] < min_size:
        raise DataError(
            f"{name!r} has only {arr.shape[0]} value(s); at least {min_size} are needed "
            "(and far more for a useful tail estimate)."
        )
    # constant? the first values almost always settle it; otherwise one full pass
    head = arr[:1024]
    if not (head != head[0]).any() and arr.min() == arr.max():
        raise DataError(
            f"{name!r} is constant (every value is {float(arr[0])!r}): a constant sample has no "
            "tail to analyse."
        )
    if arr.flags.writeable:
        arr = arr.view()
        arr.setflags(write=False)
    return Sample(values=arr, name=name, n_nan_dropped=n_dropped, source=source)


def check_groups(
    data: Any,
    column: str | None = None,
    *,
    by: str | Sequence[str] | None = None,
    gold: str | None = None,
    nan: Literal["drop", "raise"] = "drop",
    min_size: int = MIN_SIZE,
) -> Groups:
    """Validate a table split into groups (``by=``), with an optional gold-utility column.

    A group that fails validation is kept as its :class:`DataError` so that one bad group
    does not stop the analysis of the others.

    Parameters
    ----------
    data : DataFrame, polars DataFrame, path, or anything :func:`check_sample` accepts
    column : str, optional
        The proxy-reward column.
    by : str or list of str, optional
        Grouping column(s).
    gold : str, optional
        True-utility (gold) column; rows with both values give the error ``proxy - gold``.
    nan, min_size
        As in :func:`check_sample`.

    Returns
    -------
    Groups
    """
    source = str(data) if isinstance(data, (str, os.PathLike)) else type(data).__name__
    obj = read_table(data)
    if by is None and gold is None:
        s = check_sample(obj, column, nan=nan, min_size=min_size)
        return Groups(samples={s.name: s}, column=column, source=source)
    if not isinstance(obj, pd.DataFrame):
        raise DataError("by= and gold= need a table (DataFrame, polars DataFrame or file), "
                        f"got a {type(obj).__name__}.")
    not_proxy = [c for c in [gold, *([by] if isinstance(by, str) else (by or []))]
                 if c is not None and c in obj.columns]
    series = _pick_column(obj.drop(columns=not_proxy) if column is None else obj, column)
    column = str(series.name)
    by_cols: tuple[str, ...] | None = None
    if by is not None:
        by_cols = (by,) if isinstance(by, str) else tuple(by)
        missing = [b for b in by_cols if b not in obj.columns]
        if missing:
            raise DataError(f"unknown by= column(s) {missing}; the data has columns "
                            f"{[str(c) for c in obj.columns]}.")
    if gold is not None and gold not in obj.columns:
        raise DataError(f"unknown gold= column {gold!r}; the data has columns "
                        f"{[str(c) for c in obj.columns]}.")
    proxy_all = _to_float_array(series, column)
    gold_all = _to_float_array(obj[gold], gold) if gold is not None else None
    if by_cols is None:
        index_groups: dict[Hashable, np.ndarray] = {column: np.arange(len(obj))}
    else:
        grouped = obj.groupby(list(by_cols), sort=True, dropna=False, observed=True)
        index_groups = {(k[0] if len(by_cols) == 1 and isinstance(k, tuple) else k):
                        np.asarray(v) for k, v in grouped.indices.items()}
    samples: dict[Hashable, Sample | DataError] = {}
    golds: dict[Hashable, tuple[np.ndarray, np.ndarray]] | None = {} if gold else None
    for key, idx in index_groups.items():
        label = str(key)
        try:
            samples[key] = _validate_values(proxy_all[idx], name=label, nan=nan,
                                            min_size=min_size, source=f"{source}[{column}]")
        except DataError as err:
            samples[key] = err
        if golds is not None and gold_all is not None:
            u, v = proxy_all[idx], gold_all[idx]
            both = np.isfinite(u) & np.isfinite(v)
            golds[key] = (u[both], v[both])
    return Groups(samples=samples, gold=golds, column=column, by=by_cols, gold_column=gold,
                  source=source)
