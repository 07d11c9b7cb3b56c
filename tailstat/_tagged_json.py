"""Tagged JSON: every value an analysis holds as a JSON tree, and back, exactly.

The value layer of :mod:`tailstat.saved` (which adds the file format around it).

Values are JSON values where JSON has them (``null``, ``true``/``false``, strings, lists,
integers, finite floats written with the shortest ``repr`` that reads back exactly), and
objects tagged by one key starting with ``$`` where it has not:

* ``{"$float": "NaN"}``: a non-finite float (also ``"Infinity"``, ``"-Infinity"``);
* ``{"$numpy": "int64", "value": 3}``: a numpy scalar (its type is kept);
* ``{"$missing": "NA"}``: ``pandas.NA`` (``"NaT"``: ``pandas.NaT``);
* ``{"$tuple": [...]}``: a tuple (a list is a JSON list); ``{"$frozenset": [...]}``: a
  frozenset (a group key), its members in the order of their JSON text;
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
  ``{"$datetime": "2024-01-31T12:00:00+02:00"}``, ``{"$time": "12:00:00"}``: a Python
  ``datetime.datetime`` (its UTC offset kept, not its zone's name) or ``datetime.time``;
  ``{"$uuid": "..."}``: a ``uuid.UUID``;
  ``{"$decimal": "1.10"}``: a ``decimal.Decimal`` (group keys of these kinds);
* ``{"$interval": [left, right], "closed": "right"}``: a pandas Interval (a ``pd.cut`` bin);
  ``{"$period": "2024-01", "freq": "M"}``: a pandas Period (group keys of these kinds);
* ``{"$sketch": "TailSketch", "bytes": "<base64>"}``: an object with ``to_bytes()`` (the
  per-group sketches), read back with its class's ``from_bytes`` (:data:`SKETCH_READERS`).

A typed column (and an array, and an index) is ``{"dtype": ..., "values": [...]}``: numpy
dtypes by name (``"float64"``, ``"int64"``, ``"bool"``, ``"object"``...), pandas string
dtypes as ``"str[pyarrow]"``, ``"str[python]"`` (missing value NaN) or ``"string[pyarrow]"``,
``"string[python]"`` (missing value NA), nullable dtypes by name (``"Int64"``, ``"boolean"``),
date-times and durations as ``"datetime64[us]"``, ``"timedelta64[ns]"`` or
``"datetime64[ns, UTC]"`` (time zone aware) with integer counts of the unit (null for NaT);
pandas interval and period dtypes by their names (``"interval[float64, right]"``,
``"period[M]"``), each element written as a value above.
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
import json
import math
import uuid
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from tailstat._tagged_decode import _MASKED, SKETCH_READERS, _result_type, decode

__all__ = ["SKETCH_READERS", "decode", "encode"]


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
    if isinstance(value, dt.datetime):  # a Python datetime (a dict of sketches' key: the
        # same keys of a by= column were Timestamps, and saved; these were refused: a review)
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, uuid.UUID):  # a run id
        return {"$uuid": str(value)}
    if isinstance(value, pd.Timedelta):
        return {"$timedelta": int(value.asm8.astype(np.int64)), "unit": value.unit}
    if isinstance(value, pd.Interval):  # a pd.cut bin, grouped by (a review)
        return {"$interval": [encode(value.left, f"{where}.left"),
                              encode(value.right, f"{where}.right")], "closed": value.closed}
    if isinstance(value, pd.Period):
        return {"$period": str(value), "freq": value.freqstr}
    if isinstance(value, dt.date) and type(value) is dt.date:
        return {"$date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, frozenset):  # a group key (a review: refused on saving); its
        # members in the order of their text, so that one set is always written alike
        members = [encode(v, f"{where}{{}}") for v in value]
        return {"$frozenset": sorted(members, key=lambda m: json.dumps(m, sort_keys=True))}
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
        # by the class that reads it back (an analysis' read-only sketch is a TailSketch)
        return {"$sketch": getattr(value, "saved_as", type(value).__name__),
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
    if isinstance(dtype, (pd.IntervalDtype, pd.PeriodDtype)):
        return str(dtype)  # "interval[float64, right]", "period[M]": pandas reads them back
    if isinstance(dtype, np.dtype):
        if dtype.kind in "biufOmM":
            return dtype.name
        if dtype.kind == "U":
            return dtype.str
    elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.name in _MASKED:
        return dtype.name
    raise TypeError(f"{where}: cannot save values of dtype {dtype}")



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
