"""Tagged JSON read back: the value each tree :func:`tailstat._tagged_json.encode` writes stands
for (the layout is described in :mod:`tailstat._tagged_json`).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import importlib
import math
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from tailstat._field_types import field_problem
from tailstat.errors import DataError
from tailstat.results import Interval, Result

__all__ = ["SKETCH_READERS", "decode"]

SKETCH_READERS: dict[str, Callable[[bytes], Any]] = {}

_SPECIAL = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class _DamagedError(Exception):
    """A node that no tailstat writes (turned into a :class:`DataError` by the reader)."""


# --------------------------------------------------------------------------------------------
# the types: results by class name, sketches by class name
# --------------------------------------------------------------------------------------------

def _result_types() -> dict[str, type | None]:
    """Every result class of tailstat by name (``None`` for a name two classes share)."""
    out: dict[str, type | None] = {"Interval": Interval}
    stack: list[type] = [Result]
    while stack:
        sub: type
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if not sub.__module__.startswith("tailstat.") or not dataclasses.is_dataclass(sub):
                continue
            name = sub.__name__
            out[name] = sub if out.get(name, sub) is sub else None
    return out


_TYPES: dict[str, type | None] = {}


#: The modules that define result classes (``tests/test_architecture.py`` holds the list to
#: every ``Result`` subclass). tailstat loads its modules when they are first used, so a
#: fresh process reading a saved analysis had none of them: "a type 'TailAnalysis' that this
#: version does not know" (a review).
RESULT_MODULES = (
    "tailstat.analysis", "tailstat.bayes.gpd_model", "tailstat.bayes.hierarchical",
    "tailstat.classification.classifier", "tailstat.data.intake", "tailstat.data.tail",
    "tailstat.dependence", "tailstat.estimators.choose_k", "tailstat.estimators.semiparametric",
    "tailstat.goodhart.conditioning", "tailstat.goodhart.frontier", "tailstat.goodhart.overopt",
    "tailstat.goodhart.summary", "tailstat.goodhart.tail", "tailstat.goodhart.tilt",
    "tailstat.gpd._estimate", "tailstat.gpd.fit", "tailstat.gpd.gof",
    "tailstat.gpd.return_level", "tailstat.gpd.select", "tailstat.gpd.threshold",
    "tailstat.reporting._build")


def _result_type(name: str) -> type | None:
    """The result class called ``name`` (the table is rebuilt when a name is not in it, after
    importing the modules that define result classes)."""
    if name not in _TYPES:
        for module in RESULT_MODULES:
            importlib.import_module(module)
        _TYPES.clear()
        _TYPES.update(_result_types())
    return _TYPES.get(name)


def _sketch_readers() -> dict[str, Callable[[bytes], Any]]:
    # here: tailstat.sketch imports this package's data. A saved analysis' sketches are its
    # own: read as the read-only sketches it holds (TailAnalysis would copy them otherwise)
    from tailstat.analysis_sketches import sealed_from_bytes

    readers = dict(SKETCH_READERS)
    readers.setdefault("TailSketch", sealed_from_bytes)
    return readers



_MASKED = ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
           "Float32", "Float64", "boolean")


# -- decoding --------------------------------------------------------------------------------

def decode(node: Any) -> Any:
    """The value a tree made by :func:`encode` stands for.

    Parameters
    ----------
    node : a tree of dicts, lists, strings, numbers and None, as :func:`encode` returns it

    Raises
    ------
    DataError
        A node :func:`encode` never writes, or a sketch this tailstat cannot read.
    """
    try:
        return _decode(node, "analysis")
    except _DamagedError as exc:
        raise DataError(f"damaged content: {exc}") from None
    except RecursionError:  # a few frames per level of nesting: no encode() output is so deep
        raise DataError("damaged content: nested too deeply") from None


def _decode(node: Any, where: str) -> Any:
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_decode(v, f"{where}[{i}]") for i, v in enumerate(node)]
    if not isinstance(node, dict):
        raise _DamagedError(f"{where}: unexpected {type(node).__name__}")
    tags = [k for k in node if k.startswith("$")]
    if not tags:
        return {k: _decode(v, f"{where}[{k!r}]") for k, v in node.items()}
    tag = tags[0]
    if len(tags) > 1 or tag not in _DECODERS:
        raise _DamagedError(f"{where}: unknown tag {', '.join(tags)}")
    body = node[tag]
    try:
        return _DECODERS[tag](node, body, where)
    except _DamagedError:
        raise
    except DataError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as exc:
        raise _DamagedError(f"{where}: a {tag} node that cannot be read "
                            f"({type(exc).__name__}: {exc})") from None


def _special(x: Any) -> float:
    if isinstance(x, str):
        return _SPECIAL[x]
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"{x!r} is not a float")
    return float(x)


def _dec_float(node: dict[str, Any], body: Any, where: str) -> float:
    return _SPECIAL[body]


def _dec_timestamp(node: dict[str, Any], body: Any, where: str) -> pd.Timestamp:
    ts = pd.Timestamp(str(body)).as_unit(str(node["unit"]))
    tz = node.get("tz")
    return ts if tz is None else ts.tz_localize("UTC").tz_convert(str(tz))


def _dec_timedelta(node: dict[str, Any], body: Any, where: str) -> pd.Timedelta:
    if isinstance(body, bool) or not isinstance(body, int):
        raise TypeError(f"{body!r} is not a whole number")
    return pd.Timedelta(body, unit=str(node["unit"])).as_unit(str(node["unit"]))


def _dec_time64(node: dict[str, Any], body: Any, where: str) -> np.generic:
    dtype = np.dtype(str(node["dtype"]))
    if dtype.kind not in "mM" or (dtype.kind == "M") != ("$datetime64" in node):
        raise TypeError(f"dtype {dtype}")
    if body is None:
        return np.array("NaT", dtype=dtype)[()]  # type: ignore[return-value]
    if isinstance(body, bool) or not isinstance(body, int):
        raise TypeError(f"{body!r} is not a whole number")
    return np.array(body, dtype=np.int64).view(dtype)[()]  # type: ignore[return-value]


def _dec_interval(node: dict[str, Any], body: Any, where: str) -> pd.Interval:
    left, right = (_decode(v, f"{where}[{i}]") for i, v in enumerate(body))
    return pd.Interval(left, right, closed=str(node["closed"]))  # type: ignore[arg-type]


def _dec_period(node: dict[str, Any], body: Any, where: str) -> pd.Period:
    return pd.Period(str(body), freq=str(node["freq"]))


def _dec_date(node: dict[str, Any], body: Any, where: str) -> dt.date:
    return dt.date.fromisoformat(str(body))


def _dec_datetime(node: dict[str, Any], body: Any, where: str) -> dt.datetime:
    return dt.datetime.fromisoformat(str(body))


def _dec_time(node: dict[str, Any], body: Any, where: str) -> dt.time:
    return dt.time.fromisoformat(str(body))


def _dec_uuid(node: dict[str, Any], body: Any, where: str) -> uuid.UUID:
    return uuid.UUID(str(body))


def _dec_decimal(node: dict[str, Any], body: Any, where: str) -> decimal.Decimal:
    try:
        return decimal.Decimal(str(body))
    except decimal.InvalidOperation:
        raise ValueError(f"{body!r} is not a decimal number") from None


def _dec_numpy(node: dict[str, Any], body: Any, where: str) -> np.generic:
    dtype = np.dtype(body)
    value = node["value"]
    if dtype.kind == "f":
        return dtype.type(_special(value))  # type: ignore[no-any-return]
    if dtype.kind not in "biu":
        raise TypeError(f"numpy scalar of dtype {dtype}")
    # the value the encoder writes, and no other (a review: "x" read as True, 2.5 as 2)
    if dtype.kind == "b" and not isinstance(value, bool):
        raise TypeError(f"a numpy bool holds true or false, not {value!r}")
    if dtype.kind in "iu" and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"a numpy {dtype} holds an integer, not {value!r}")
    return dtype.type(value)  # type: ignore[no-any-return]


def _dec_frozenset(node: dict[str, Any], body: Any, where: str) -> frozenset[Any]:
    if not isinstance(body, list):
        raise TypeError("a $frozenset holds a list")
    return frozenset(_decode(v, f"{where}[{i}]") for i, v in enumerate(body))


def _dec_missing(node: dict[str, Any], body: Any, where: str) -> Any:
    return {"NA": pd.NA, "NaT": pd.NaT}[body]


def _dec_tuple(node: dict[str, Any], body: Any, where: str) -> tuple[Any, ...]:
    if not isinstance(body, list):
        raise TypeError("a $tuple holds a list")
    return tuple(_decode(v, f"{where}[{i}]") for i, v in enumerate(body))


def _dec_dict(node: dict[str, Any], body: Any, where: str) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key, value in body:
        k = _decode(key, f"{where} key")
        out[k] = _decode(value, f"{where}[{k!r}]")
    return out


def _dec_result(node: dict[str, Any], body: Any, where: str) -> Any:
    cls = _result_type(body) if isinstance(body, str) else None
    if cls is None:
        raise _DamagedError(f"{where}: a result of type {body!r} that this version of "
                            "tailstat does not know")  # (the reader names the versions)
    saved = node["fields"]
    if not isinstance(saved, dict):
        raise TypeError("fields must be an object")
    init = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(saved) - set(init))
    if unknown:
        raise _DamagedError(f"{where}: {body} has no field(s) {', '.join(unknown)}")
    kwargs = {name: _decode(v, f"{where}.{name}") for name, v in saved.items()}
    # every field: the writer writes them all, and one filled in by its default was read
    # as a finding (review 420: no settings read as fdr = 0.05, no sketches as no figures)
    missing = [name for name in init if name not in kwargs]
    if missing:
        raise _DamagedError(f"{where}: {body} lacks the field(s) {', '.join(missing)}")
    hook = getattr(cls, "_from_saved_state", None)
    unchecked = getattr(cls, "_saved_unchecked", ())  # rebuilt by the hook, or duck-typed
    problem = next((p for name, value in kwargs.items() if name not in unchecked
                    for p in [field_problem(cls, name, value)] if p is not None), None)
    if problem is not None:
        raise _DamagedError(f"{where}: {problem}")
    try:
        return hook(kwargs) if callable(hook) else cls(**kwargs)
    except DataError as exc:  # a result that refuses its own fields (Interval's low > high):
        raise _DamagedError(f"{where}: {exc}") from None  # damage, said with where (a review)


def _string_dtype(storage: str, na: Any) -> Any:
    """``pd.StringDtype(storage, na_value=na)``; before pandas 2.3 (no ``na_value``), the NA
    variant, or Arrow's NaN variant "pyarrow_numpy" (pyarrow is a dependency)."""
    try:
        return pd.StringDtype(storage, na_value=na)
    except TypeError:
        if na is pd.NA:
            return pd.StringDtype(storage)
        return pd.StringDtype("pyarrow_numpy")


def _column(spec: str, values: list[Any], where: str) -> Any:
    """A numpy or pandas array of dtype ``spec`` from its JSON values."""
    if not isinstance(values, list):
        raise TypeError("values must be a list")
    for kind in ("str", "string"):
        if spec.startswith(f"{kind}[") and spec.endswith("]"):
            na = np.nan if kind == "str" else pd.NA
            try:
                dtype = _string_dtype(spec[len(kind) + 1:-1], na)
            except ImportError:  # saved with pyarrow, read without it: same values
                dtype = _string_dtype("python", na)
            return pd.array([_decode(v, f"{where}[{i}]") for i, v in enumerate(values)],
                            dtype=dtype)
    if spec in _MASKED or spec.startswith(("interval[", "period[")):
        return pd.array([_decode(v, f"{where}[{i}]") for i, v in enumerate(values)], dtype=spec)
    if spec.startswith("datetime64[") and "," in spec:  # time zone aware
        unit, tz = spec[len("datetime64["):-1].split(", ", 1)
        tz_dtype = pd.DatetimeTZDtype(unit=unit, tz=tz)
        naive = _column(f"datetime64[{tz_dtype.unit}]", values, where)
        return pd.array(pd.DatetimeIndex(naive).tz_localize("UTC").tz_convert(tz_dtype.tz))
    dtype = np.dtype(spec)
    if dtype.kind in "mM":
        if not all(v is None or (isinstance(v, int) and not isinstance(v, bool))
                   for v in values):
            raise TypeError("a date-time column holds a value that is not a whole number")
        nat = np.iinfo(np.int64).min  # numpy's NaT
        return np.array([nat if v is None else v for v in values], dtype=np.int64).view(dtype)
    if dtype.kind == "O":
        out = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            out[i] = _decode(v, f"{where}[{i}]")
        return out
    if dtype.kind == "f":
        return np.array([_special(v) for v in values], dtype=dtype)
    if dtype.kind == "b" and not all(isinstance(v, bool) for v in values):
        raise TypeError("a bool column holds a value that is not true or false")
    if dtype.kind in "iu" and not all(isinstance(v, int) and not isinstance(v, bool)
                                      for v in values):
        raise TypeError("an integer column holds a value that is not an integer")
    if dtype.kind not in "biuU":
        raise TypeError(f"dtype {spec}")
    if dtype.kind == "U":
        _check_width(dtype, values, where)
    return np.array(values, dtype=dtype).reshape(len(values))


#: The width (in characters) a fixed-width string column may always be declared with, the
#: bytes below which any width is taken (numpy's own width of a sliced array may exceed its
#: values': a re-read), and the most bytes such a column may take: numpy allocates the width
#: for every value, and 80 bytes of a file declaring "<U250000000" allocated a gigabyte (a
#: review).
_WIDTH_SLACK = 64
_SMALL_BYTES = 1 << 20
_WIDE_BYTES = 1 << 30


def _check_width(dtype: np.dtype[Any], values: list[Any], where: str) -> None:
    """Refuse a fixed-width string dtype wider than its values need, past a small size (the
    encoder writes numpy's own width: that of the longest value, or more for an array made
    so, e.g. a slice of a wider one)."""
    longest = max((len(v if isinstance(v, str) else str(v)) for v in values), default=0)
    chars = dtype.itemsize // np.dtype("U1").itemsize
    size = dtype.itemsize * len(values)
    if (chars > max(longest, _WIDTH_SLACK) and size > _SMALL_BYTES) or size > _WIDE_BYTES:
        raise _DamagedError(f"{where}: a column of dtype {dtype.str} ({chars:,} characters "
                            f"for values of at most {longest:,}), which no analysis holds")


def _dec_array(node: dict[str, Any], body: Any, where: str) -> np.ndarray:
    arr = _column(body["dtype"], body["values"], where)
    if not isinstance(arr, np.ndarray):
        raise TypeError(f"an array of dtype {body['dtype']}")
    return arr.reshape(tuple(body["shape"]))


def _dec_index(node: dict[str, Any], body: Any, where: str) -> pd.Index:
    values = _column(body["dtype"], body["values"], where)
    return pd.Index(values, dtype=values.dtype, name=_decode(body["name"], f"{where}.name"),
                    copy=False)


def _dec_range(node: dict[str, Any], body: Any, where: str) -> pd.RangeIndex:
    return pd.RangeIndex(body["start"], body["stop"], body["step"],
                         name=_decode(body["name"], f"{where}.name"))


def _as_index(node: Any, where: str) -> pd.Index:
    index = _decode(node, where)
    if not isinstance(index, pd.Index):
        raise TypeError(f"{where} is not an index")
    return index


def _dec_frame(node: dict[str, Any], body: Any, where: str) -> pd.DataFrame:
    index = _as_index(body["index"], f"{where}.index")
    columns = _as_index(body["columns"], f"{where}.columns")
    data = body["data"]
    if len(data) != len(columns):
        raise ValueError(f"{len(columns)} column names for {len(data)} columns")
    rows = pd.RangeIndex(len(index))
    cols = {}
    for j, col in enumerate(data):
        arr = _column(col["dtype"], col["values"], f"{where}[{columns[j]!r}]")
        if len(arr) != len(index):
            raise ValueError(f"column {j} has {len(arr)} values for {len(index)} rows")
        cols[j] = pd.Series(arr, index=rows, dtype=arr.dtype, copy=False)
    frame = pd.DataFrame(cols, index=rows) if cols else pd.DataFrame(index=rows)
    frame.index = index
    frame.columns = columns
    attrs = _decode(body["attrs"], f"{where}.attrs")
    if not isinstance(attrs, dict):
        raise TypeError("attrs must be a dict")
    frame.attrs = attrs
    return frame


def _dec_bytes(node: dict[str, Any], body: Any, where: str) -> bytes:
    return base64.b64decode(body, validate=True)


def _dec_sketch(node: dict[str, Any], body: Any, where: str) -> Any:
    reader = _sketch_readers().get(body)
    if reader is None:
        raise DataError(f"{where}: the file holds a {body!r} sketch, which this version of "
                        "tailstat cannot read; upgrade tailstat to read the file.")
    return reader(base64.b64decode(node["bytes"], validate=True))


_DECODERS: dict[str, Callable[[dict[str, Any], Any, str], Any]] = {
    "$float": _dec_float, "$numpy": _dec_numpy, "$missing": _dec_missing, "$tuple": _dec_tuple,
    "$frozenset": _dec_frozenset,
    "$dict": _dec_dict, "$result": _dec_result, "$frame": _dec_frame, "$index": _dec_index,
    "$range": _dec_range, "$array": _dec_array, "$bytes": _dec_bytes, "$sketch": _dec_sketch,
    "$timestamp": _dec_timestamp, "$timedelta": _dec_timedelta, "$datetime64": _dec_time64,
    "$timedelta64": _dec_time64, "$date": _dec_date, "$decimal": _dec_decimal,
    "$interval": _dec_interval, "$period": _dec_period, "$datetime": _dec_datetime,
    "$time": _dec_time, "$uuid": _dec_uuid,
}
