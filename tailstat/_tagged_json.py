"""Tagged JSON: every value an analysis holds as a JSON tree, and back, exactly.

The value layer of :mod:`tailstat.saved` (which adds the file format around it).

Values are JSON values where JSON has them (``null``, ``true``/``false``, strings, lists,
integers, finite floats written with the shortest ``repr`` that reads back exactly), and
objects tagged by one key starting with ``$`` where it has not:

* ``{"$float": "NaN"}``: a non-finite float (also ``"Infinity"``, ``"-Infinity"``);
* ``{"$numpy": "int64", "value": 3}``: a numpy scalar (its type is kept);
* ``{"$missing": "NA"}``: ``pandas.NA`` (``"NaT"``: ``pandas.NaT``);
* ``{"$tuple": [...]}``: a tuple (a list is a JSON list);
* ``{"$dict": [[key, value], ...]}``: a dict with a key that is not a string, or a string key
  starting with ``$`` (a dict of other string keys is a JSON object);
* ``{"$result": "TailClassification", "fields": {...}}``: a tailstat result (any ``Result``
  dataclass of tailstat, and ``Interval``), field by field;
* ``{"$frame": {"index", "columns", "data", "attrs"}}``: a DataFrame, with its index and its
  column labels as indexes and one typed column per entry of ``data``;
* ``{"$index": {"dtype", "values", "name"}}``: a pandas Index (``{"$range": {"start", "stop",
  "step", "name"}}``: a RangeIndex);
* ``{"$array": {"dtype", "shape", "values"}}``: a numpy array (values flattened, C order);
* ``{"$bytes": "<base64>"}``: bytes;
* ``{"$timestamp": "<ISO 8601>", "unit": "ns", "tz": "Europe/Paris"}``: a pandas Timestamp
  (``tz`` null when naive); ``{"$timedelta": <count>, "unit": "ns"}``: a pandas Timedelta;
  ``{"$datetime64": <count>, "dtype": "datetime64[s]"}`` (also ``"$timedelta64"``): a numpy
  scalar (count null for NaT); ``{"$date": "2024-01-31"}``: a ``datetime.date``;
  ``{"$decimal": "1.10"}``: a ``decimal.Decimal`` (group keys of these kinds);
* ``{"$sketch": "TailSketch", "bytes": "<base64>"}``: an object with ``to_bytes()`` (the
  per-group sketches), read back with its class's ``from_bytes`` (:data:`SKETCH_READERS`).

A typed column (and an array, and an index) is ``{"dtype": ..., "values": [...]}``: numpy
dtypes by name (``"float64"``, ``"int64"``, ``"bool"``, ``"object"``...), pandas string
dtypes as ``"str[pyarrow]"``, ``"str[python]"`` (missing value NaN) or ``"string[pyarrow]"``,
``"string[python]"`` (missing value NA), nullable dtypes by name (``"Int64"``, ``"boolean"``),
date-times and durations as ``"datetime64[us]"``, ``"timedelta64[ns]"`` or
``"datetime64[ns, UTC]"`` (time zone aware) with integer counts of the unit (null for NaT).
In a float column a non-finite value is the bare string ``"NaN"``, ``"Infinity"`` or
``"-Infinity"`` (no other string can occur there); in an ``object`` column every element is
written as a value above.

(A string column saved with pyarrow storage and read where pyarrow is missing comes back with
Python storage: the same values, another storage.)

A result class may define ``_saved_state()`` (the fields to write, as values of the kinds
above) and the classmethod ``_from_saved_state(fields)`` (the result from them); by default
every field is written and the class is called with them. The Bayesian results use the hooks
to write ``idata`` as its posterior draws.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from tailstat._field_types import field_problem
from tailstat.errors import DataError
from tailstat.results import Interval, Result

__all__ = ["SKETCH_READERS", "decode", "encode"]

#: How an object with ``to_bytes()`` is read back: class name -> ``from_bytes``. The
#: ``TailSketch`` of :mod:`tailstat.sketch` is added when that module exists.
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


def _result_type(name: str) -> type | None:
    """The result class called ``name`` (the table is rebuilt when a name is not in it: a
    module imported since may have added the class)."""
    if name not in _TYPES:
        _TYPES.clear()
        _TYPES.update(_result_types())
    return _TYPES.get(name)


def _sketch_readers() -> dict[str, Callable[[bytes], Any]]:
    from tailstat.sketch import TailSketch  # here: tailstat.sketch imports this package's data

    readers = dict(SKETCH_READERS)
    readers.setdefault("TailSketch", TailSketch.from_bytes)
    return readers


# --------------------------------------------------------------------------------------------
# encoding
# --------------------------------------------------------------------------------------------

def _float(x: float) -> float | str:
    """A float as JSON inside a typed column: itself, or ``"NaN"``/``"Infinity"``/...."""
    if math.isfinite(x):
        return x
    return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")


def encode(value: Any, where: str = "value") -> Any:
    """``value`` as a JSON-ready tree (see the module docstring for the layout).

    Parameters
    ----------
    value : object
    where : str
        Where ``value`` sits (for the error message).

    Returns
    -------
    object
        Built of dicts, lists, strings, ints, finite floats, bools and ``None``.

    Raises
    ------
    TypeError
        A value of a type that cannot be saved (the message says where it sits).
    """
    if value is None or isinstance(value, (bool, str)):
        return str(value) if isinstance(value, np.str_) else value
    if isinstance(value, np.generic):
        return _encode_numpy(value, where)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        f = float(value)
        return f if math.isfinite(f) else {"$float": _float(f)}
    if value is pd.NA:
        return {"$missing": "NA"}
    if value is pd.NaT:
        return {"$missing": "NaT"}
    if isinstance(value, pd.Timestamp):
        naive = value if value.tz is None else value.tz_convert("UTC").tz_localize(None)
        return {"$timestamp": naive.isoformat(), "unit": value.unit,  # UTC when aware
                "tz": None if value.tz is None else _tz_name(value.tz, where)}
    if isinstance(value, pd.Timedelta):
        return {"$timedelta": int(value.asm8.astype(np.int64)), "unit": value.unit}
    if isinstance(value, dt.date) and type(value) is dt.date:
        return {"$date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, list):
        return [encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        return _encode_dict(value, where)
    if isinstance(value, pd.DataFrame):
        return _encode_frame(value, where)
    if isinstance(value, pd.Index):
        return _encode_index(value, where)
    if isinstance(value, np.ndarray):
        spec, values = _encode_column(value.ravel(), where)
        return {"$array": {"dtype": spec, "shape": list(value.shape), "values": values}}
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if callable(getattr(value, "to_bytes", None)):  # a sketch (ints are handled above)
        blob = value.to_bytes()
        return {"$sketch": type(value).__name__,
                "bytes": base64.b64encode(bytes(blob)).decode("ascii")}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encode_result(value, where)
    raise TypeError(f"{where}: cannot save a value of type {type(value).__name__} "
                    f"({value!r:.80})")


def _tz_name(tz: Any, where: str) -> str:
    """A name pandas reads back as the time zone ``tz`` (``"Europe/Paris"``, ``"UTC"``,
    ``"dateutil/Europe/Paris"``); a ``TypeError`` for a zone without one (nothing is written
    that cannot be read)."""
    name = str(tz)
    filename = getattr(tz, "_filename", None)  # dateutil's zone files
    if type(tz).__module__.startswith("dateutil") and isinstance(filename, str):
        name = "dateutil/" + filename.split("zoneinfo/", 1)[-1].lstrip("/")
    try:
        same = pd.Timestamp("2000-01-01", tz=name).utcoffset() == pd.Timestamp(
            "2000-01-01", tz=tz).utcoffset()
    except Exception:
        same = False
    if not same:
        raise TypeError(f"{where}: cannot save the time zone {tz!r} (it has no name pandas can "
                        "read back); convert the dates to a named zone first, e.g. "
                        ".dt.tz_convert('UTC')")
    return name


def _longdouble(dtype: np.dtype, where: str) -> None:
    """Refuse floats wider than 64 bits: JSON's numbers are float64, so a long double came
    back rounded (a scalar) or failed in json.dumps without saying where (an array)."""
    if dtype.kind in "fc" and dtype.itemsize > (8 if dtype.kind == "f" else 16):
        raise TypeError(f"{where}: cannot save a numpy {dtype} exactly (saved numbers are "
                        "64-bit floats); convert it with float() or .astype(float) first")


def _encode_numpy(value: np.generic, where: str) -> Any:
    _longdouble(value.dtype, where)
    kind = value.dtype.kind
    if kind == "b":
        inner: Any = bool(value)
    elif kind in "iu":
        inner = int(value)
    elif kind == "f":
        inner = _float(float(value))
    elif kind in "mM":
        tag = "$datetime64" if kind == "M" else "$timedelta64"
        return {tag: None if np.isnat(value) else int(value.astype(np.int64)),
                "dtype": value.dtype.name}
    else:
        raise TypeError(f"{where}: cannot save a numpy {value.dtype} scalar ({value!r})")
    return {"$numpy": value.dtype.name, "value": inner}


def _encode_dict(value: Mapping[Any, Any], where: str) -> Any:
    if all(type(k) is str and not k.startswith("$") for k in value):
        return {k: encode(v, f"{where}[{k!r}]") for k, v in value.items()}
    return {"$dict": [[encode(k, f"{where} key"), encode(v, f"{where}[{k!r}]")]
                      for k, v in value.items()]}


def _encode_result(value: Any, where: str) -> dict[str, Any]:
    cls = type(value)
    if _result_type(cls.__name__) is not cls:
        raise TypeError(f"{where}: cannot save a {cls.__module__}.{cls.__qualname__}: only "
                        "tailstat results (Result dataclasses with a unique class name) and "
                        "Interval can be saved")
    hook = getattr(value, "_saved_state", None)
    state = hook() if callable(hook) else {f.name: getattr(value, f.name)
                                           for f in dataclasses.fields(value) if f.init}
    fields = {name: encode(v, f"{where}.{name}") for name, v in state.items()}
    return {"$result": cls.__name__, "fields": fields}


def _dtype_spec(dtype: Any, where: str) -> str:
    if isinstance(dtype, pd.StringDtype):
        kind = "str" if dtype.na_value is not pd.NA else "string"
        # pandas < 2.3 names its NaN-variant Arrow storage "pyarrow_numpy"
        storage = "pyarrow" if dtype.storage == "pyarrow_numpy" else dtype.storage
        return f"{kind}[{storage}]"
    if isinstance(dtype, pd.DatetimeTZDtype):
        return f"datetime64[{dtype.unit}, {_tz_name(dtype.tz, where)}]"
    if isinstance(dtype, np.dtype):
        if dtype.kind in "biufOmM":
            return dtype.name
        if dtype.kind == "U":
            return dtype.str
    elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.name in _MASKED:
        return dtype.name
    raise TypeError(f"{where}: cannot save values of dtype {dtype}")


_MASKED = ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
           "Float32", "Float64", "boolean")


def _encode_column(values: Any, where: str) -> tuple[str, list[Any]]:
    """The dtype and the JSON values of a one-dimensional array (numpy or pandas)."""
    if isinstance(values.dtype, np.dtype):
        _longdouble(values.dtype, where)
    spec = _dtype_spec(values.dtype, where)
    if isinstance(values, np.ndarray) and values.dtype.kind in "biuU":
        return spec, values.tolist()
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return spec, [_float(v) for v in values.tolist()]
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.tz_convert("UTC").tz_localize(None).to_numpy()
    if isinstance(values, np.ndarray) and values.dtype.kind in "mM":
        counts = values.view(np.int64).tolist()
        return spec, [None if nat else c for c, nat in zip(counts, np.isnat(values).tolist(),
                                                           strict=True)]
    items = np.asarray(values, dtype=object).tolist()
    return spec, [encode(v, f"{where}[{i}]") for i, v in enumerate(items)]


def _values_of(obj: pd.Index | pd.Series) -> Any:
    """The values of an index or column: a numpy array for a numpy dtype, else pandas'."""
    return obj.to_numpy() if isinstance(obj.dtype, np.dtype) else obj.array


def _encode_index(index: pd.Index, where: str) -> dict[str, Any]:
    name = encode(index.name, f"{where}.name")
    if isinstance(index, pd.MultiIndex):
        raise TypeError(f"{where}: cannot save a MultiIndex")
    if isinstance(index, pd.RangeIndex):
        return {"$range": {"start": index.start, "stop": index.stop, "step": index.step,
                           "name": name}}
    spec, values = _encode_column(_values_of(index), where)
    return {"$index": {"dtype": spec, "values": values, "name": name}}


def _encode_frame(frame: pd.DataFrame, where: str) -> dict[str, Any]:
    data = []
    for j in range(frame.shape[1]):
        col = frame.iloc[:, j]
        spec, values = _encode_column(_values_of(col), f"{where}[{col.name!r}]")
        data.append({"dtype": spec, "values": values})
    return {"$frame": {"index": _encode_index(frame.index, f"{where}.index"),
                       "columns": _encode_index(frame.columns, f"{where}.columns"),
                       "data": data, "attrs": encode(dict(frame.attrs), f"{where}.attrs")}}


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


def _dec_date(node: dict[str, Any], body: Any, where: str) -> dt.date:
    return dt.date.fromisoformat(str(body))


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
    return dtype.type(value)  # type: ignore[no-any-return]


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
                            "tailstat does not know (saved by a newer tailstat? upgrade "
                            "tailstat)")
    saved = node["fields"]
    if not isinstance(saved, dict):
        raise TypeError("fields must be an object")
    init = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(saved) - set(init))
    if unknown:
        raise _DamagedError(f"{where}: {body} has no field(s) {', '.join(unknown)}")
    kwargs = {name: _decode(v, f"{where}.{name}") for name, v in saved.items()}
    missing = [name for name, f in init.items() if name not in kwargs
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise _DamagedError(f"{where}: {body} lacks the field(s) {', '.join(missing)}")
    hook = getattr(cls, "_from_saved_state", None)
    unchecked = getattr(cls, "_saved_unchecked", ())  # rebuilt by the hook, or duck-typed
    problem = next((p for name, value in kwargs.items() if name not in unchecked
                    for p in [field_problem(cls, name, value)] if p is not None), None)
    if problem is not None:
        raise _DamagedError(f"{where}: {problem}")
    return hook(kwargs) if callable(hook) else cls(**kwargs)


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
    if spec in _MASKED:
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
    return np.array(values, dtype=dtype).reshape(len(values))


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
    "$dict": _dec_dict, "$result": _dec_result, "$frame": _dec_frame, "$index": _dec_index,
    "$range": _dec_range, "$array": _dec_array, "$bytes": _dec_bytes, "$sketch": _dec_sketch,
    "$timestamp": _dec_timestamp, "$timedelta": _dec_timedelta, "$datetime64": _dec_time64,
    "$timedelta64": _dec_time64, "$date": _dec_date, "$decimal": _dec_decimal,
}
