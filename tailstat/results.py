"""Result objects shared by every stage: an :class:`Interval` and the frozen :class:`Result` base.

Results are ``@dataclass(frozen=True, eq=False)`` subclasses of :class:`Result`. The base
class makes every numpy array field read-only (a writeable array is copied first, so the
caller's array is never frozen) and every dictionary field (``settings``, a
classification's ``probabilities``, ...) an unchangeable copy, a ``dict`` that raises
``TypeError`` on any change (``dict(result.settings)`` gives one to change), and gives each
result

* ``to_dict()`` -- a JSON-safe dictionary (numpy scalars become Python numbers, arrays
  become lists, nested results and intervals become dictionaries, non-finite floats
  become ``None``);
* ``to_frame()`` -- a one-row :class:`pandas.DataFrame` of the scalar fields, an interval
  ``ci`` as columns ``ci_low``, ``ci_high``, ``ci_level`` and ``ci_method`` (results that
  hold a path or a table override it);
* a short ``repr`` naming the estimate and its interval, and ``_repr_html_`` for notebooks.

Results compare and hash by identity (``eq=False``: their fields hold arrays and tables, which
have no single truth value); a copy or an unpickled result is not ``==`` its original, so compare
``to_dict()`` or ``to_frame()`` to check a round trip. Subclasses list the fields shown in the
repr in ``_repr_fields``.
"""

from __future__ import annotations

import dataclasses
import html
import inspect
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from tailstat._display import below_confident, level_percent
from tailstat.errors import DataError

__all__ = ["Interval", "Result", "json_key", "jsonable", "table_json"]


@dataclass(frozen=True)
class Interval:
    """A confidence or credible interval.

    Attributes
    ----------
    low, high : float
        The bounds (``nan`` where a bound could not be computed, ``inf`` where it is open).
    level : float
        Nominal coverage, e.g. 0.95.
    method : str
        How it was made, e.g. ``"asymptotic normal"``, ``"profile likelihood"``,
        ``"percentile bootstrap"``.

    Notes
    -----
    An interval unpacks and compares like the tuple of its bounds (``lo, hi = r.ci``;
    ``r.ci == (lo, hi)``, as floats compare: a NaN bound equals no number), so its hash is
    that of ``(low, high)``: equal objects hash equally, as sets and dictionaries need. Two
    intervals are equal when all four fields are, a NaN (not computed) matching a NaN, so a
    copy or an unpickled interval equals its original.
    """

    low: float
    high: float
    level: float
    method: str

    def __post_init__(self) -> None:
        # a public constructor: "a" bounds, a level of 2 or a method of 5 were taken, and the
        # repr failed later (a review); bounds real (NaN: not computed, inf: open), low <= high
        def real(v: Any) -> bool:
            return isinstance(v, Real) and not isinstance(v, (bool, np.bool_))

        problem = ("bounds must be numbers (NaN where not computed, inf where open)"
                   if not (real(self.low) and real(self.high)) else
                   "low must not exceed high" if float(self.low) > float(self.high) else
                   "level must be a number in (0, 1), e.g. 0.95"
                   if not (real(self.level) and (0.0 < float(self.level) < 1.0
                                                 or math.isnan(float(self.level)))) else
                   "method must be text, e.g. 'profile likelihood'"
                   if not isinstance(self.method, str) else None)
        if problem is not None:
            raise DataError(f"Interval({self.low!r}, {self.high!r}, {self.level!r}, "
                            f"{self.method!r}): {problem}.")

    def __iter__(self) -> Iterator[float]:  # lets ``lo, hi = result.ci`` work
        return iter((self.low, self.high))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, i: int) -> float:
        return (self.low, self.high)[i]

    def __eq__(self, other: object) -> bool:
        # never by identity (tuple comparison equates the same NaN object with itself): an
        # interval with a NaN bound equalled itself but not its unpickled copy
        if isinstance(other, Interval):
            return (_same(self.low, other.low) and _same(self.high, other.high)
                    and _same(self.level, other.level) and self.method == other.method)
        if isinstance(other, tuple) and len(other) == 2:
            return bool(self.low == other[0] and self.high == other[1])
        return NotImplemented

    def __hash__(self) -> int:
        # consistent with __eq__, which also equates an Interval with the tuple (low, high);
        # a NaN bound (equal to any NaN, never to a tuple's) hashes as None, whatever object
        return hash(tuple(None if _is_nan(b) else b for b in (self.low, self.high)))

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies inside the closed interval.

        Parameters
        ----------
        value : float

        Returns
        -------
        bool
        """
        return bool(self.low <= value <= self.high)

    @property
    def width(self) -> float:
        """``high - low``."""
        return float(self.high - self.low)

    def __repr__(self) -> str:
        # six digits: a level of 0.99999 read "100%"
        return f"[{_fmt(self.low)}, {_fmt(self.high)}] ({level_percent(self.level)} {self.method})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary."""
        return {"low": jsonable(self.low), "high": jsonable(self.high),
                "level": jsonable(self.level), "method": self.method}


#: Longest text a repr shows whole (a verdict of 800 characters made a repr of 826; the
#: whole text is the field itself).
_REPR_TEXT = 120


def _is_nan(x: Any) -> bool:
    return bool(x != x)


def _same(a: Any, b: Any) -> bool:
    """``a == b``, with NaN equal to NaN."""
    return bool(a == b) or (_is_nan(a) and _is_nan(b))


def _fmt(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(v):
            return str(float(v))
        return f"{float(v):.4g}"
    return repr(v)


def _cell(name: str, v: Any) -> str:
    """A field's value in a notebook's view: missing values as "–" (a review: "pattern: None"),
    numbers as in the repr, a probability below the confident 0.8 never reading 0.8 (beside
    ``confident False``; :func:`tailstat._display.three_digits` at four digits)."""
    if v is None or v is pd.NA or (isinstance(v, (float, np.floating)) and math.isnan(v)):
        return "–"  # (a saturated sample's xi and theta, not estimated)
    if isinstance(v, (float, np.floating)):
        return _fmt(below_confident(float(v), 4) if name.startswith("p_") else v)
    return str(v)


def jsonable(value: Any) -> Any:
    """Convert ``value`` to something :func:`json.dumps` accepts (non-finite floats to ``None``).

    Parameters
    ----------
    value : object
        A number, string, array, DataFrame, Series, mapping, sequence or result (anything
        with ``to_dict``); anything else becomes its ``str``.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if value is pd.NA:  # a nullable column's missing value (e.g. an unclassified group's flag)
        return None
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        return f if math.isfinite(f) else None
    if hasattr(value, "to_dict") and not isinstance(value, (pd.DataFrame, pd.Series)):
        return value.to_dict()
    if isinstance(value, pd.DataFrame):
        return [{str(k): jsonable(v) for k, v in row.items()} for row in value.to_dict("records")]
    if isinstance(value, pd.Series):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


def json_key(key: Any) -> Any:
    """A group key as JSON writes it: a tuple as the list of its parts, a non-finite float as
    its text (``"inf"``, ``"nan"``: :func:`jsonable` makes it null, and two groups ``inf`` and
    ``-inf`` became one), anything else as :func:`jsonable` writes it.

    Parameters
    ----------
    key : object
        A group key (a tuple for several ``by`` columns).
    """
    if isinstance(key, tuple):
        return [json_key(part) for part in key]
    if isinstance(key, (float, np.floating)) and not math.isfinite(key):
        return str(float(key))
    return jsonable(key)


def table_json(table: pd.DataFrame) -> list[dict[str, Any]]:
    """:func:`jsonable` of an analysis table, its ``group`` cells as :func:`json_key` writes
    them (as the classifications are keyed: the rows join them again; a review).

    Parameters
    ----------
    table : pandas.DataFrame
        An analysis table (:attr:`tailstat.TailAnalysis.table`).
    """
    rows: list[dict[str, Any]] = jsonable(table)
    if "group" in table:
        for row, key in zip(rows, table["group"], strict=True):
            row["group"] = json_key(key)
    return rows


#: Field names per result class, filled on first use (``dataclasses.fields`` is slow to call
#: for every result made).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


class _FrozenDict(dict):  # type: ignore[type-arg]
    """A dictionary that refuses changes: the mappings a frozen result holds (its
    ``settings``, a classification's ``probabilities``, ...).

    Reading is a ``dict``'s (it is one: ``isinstance(d, dict)``, JSON and pandas take it);
    setting, deleting or updating a key raises ``TypeError``. ``dict(d)`` or ``d.copy()``
    gives a plain dictionary to change.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("this mapping belongs to a frozen tailstat result and cannot be "
                        "changed; make a copy to change (dict(result.settings)), or a new "
                        "result with dataclasses.replace.")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:  # pickle rebuilds it whole, never key by key
        return (_FrozenDict, (dict(self),))

    def __copy__(self) -> _FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _FrozenDict:
        import copy

        return _FrozenDict({k: copy.deepcopy(v, memo) for k, v in self.items()})


class _FrozenList(list):  # type: ignore[type-arg]
    """A list that refuses changes: the lists a frozen result's mappings hold (a review:
    ``result.settings["reused"].append(...)`` changed ``to_dict`` and the report, and
    ``dict(settings)`` shared the list). Reading, comparing (``== [1, 2]``) and JSON are a
    list's; ``list(x)`` gives one to change."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("this list belongs to a frozen tailstat result and cannot be changed; "
                        "make a copy to change (list(value)).")

    __setitem__ = __delitem__ = append = extend = insert = remove = pop = clear = _refuse
    sort = reverse = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (_FrozenList, (list(self),))

    def __copy__(self) -> _FrozenList:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _FrozenList:
        import copy

        return _FrozenList(copy.deepcopy(v, memo) for v in self)


def _frozen_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose numpy-typed columns (numbers, booleans, dates) are read-only;
    columns of pandas' own types (strings, categories) are copied as they are. What a result
    holds; it hands out a copy of it (:func:`_handing_out_tables`), whose edits never reach
    it, whatever the dtype."""
    cols: dict[Any, Any] = {}
    src = df.copy(deep=False)  # without attrs: pandas deep-copies them into every column
    src.attrs = {}  # taken out (5% of a report's time, a review)
    for i, (_, col) in enumerate(src.items()):  # by position (names may repeat), and a
        # third faster than .iloc[:, i]
        if isinstance(col.dtype, np.dtype) and col.dtype != object:
            a = col.to_numpy(copy=True)
            a.setflags(write=False)
            cols[i] = a
        else:  # (an object column given as an array would be read as strings, None as NaN)
            cols[i] = col.copy()
    out = pd.DataFrame(cols, index=df.index.copy(), copy=False)
    out.columns = df.columns.copy()
    out.attrs = dict(df.attrs)
    return out


def _frozen(value: Any) -> Any:
    """``value`` with every plain dictionary in it a :class:`_FrozenDict` and every list a
    :class:`_FrozenList` (nested in dictionaries, lists and tuples); anything else as it is.

    A list in a result's ``settings`` could be changed in place, and ``dict(settings)``, the
    documented way to a changeable copy, shares it: an edit changed ``to_dict`` and the report
    (a review, stop 60)."""
    if isinstance(value, dict) and not isinstance(value, _FrozenDict):
        return _FrozenDict({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, (_FrozenDict, _FrozenList)):
        return value
    if type(value) is list:
        return _FrozenList(_frozen(v) for v in value)
    if type(value) is tuple:
        return tuple(_frozen(v) for v in value)
    return value


def _copy_on_write() -> bool:
    """Whether pandas copies on write (always from pandas 3; an option in pandas 2), when a
    shallow copy of a frame isolates every edit of it."""
    return _PANDAS_3 or pd.options.mode.copy_on_write is True


_PANDAS_3 = int(pd.__version__.split(".", 1)[0]) >= 3


def _handing_out_tables(self: Any, name: str) -> Any:
    """``__getattribute__`` of the results that hold a public table: the table is handed out
    as a copy (shallow where pandas copies on write), so editing a cell of any dtype, adding a
    column or sorting in place never reaches the result (a review: an analysis's heavy_flag
    and text columns took ``.loc`` writes, and its repr, explain() and saved file followed).
    """
    value = object.__getattribute__(self, name)
    if type(value) is pd.DataFrame and name[0] != "_":
        return value.copy(deep=not _copy_on_write())
    return value


@dataclass(frozen=True, eq=False, repr=False)
class Result:
    """Base of every tailstat result: frozen, arrays read-only, mappings and lists
    unchangeable (:class:`_FrozenDict`, :class:`_FrozenList`), tables handed out as copies,
    JSON-safe ``to_dict``."""

    _repr_fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # only the classes with a public table field pay for handing it out as a copy
        tables = {name for klass in cls.__mro__ for name, kind in
                  inspect.get_annotations(klass).items()
                  if "DataFrame" in str(kind) and not name.startswith("_")}
        if tables:
            cls.__getattribute__ = _handing_out_tables  # type: ignore[method-assign]

    def __post_init__(self) -> None:
        for name in _field_names(type(self)):
            v = getattr(self, name)
            if isinstance(v, np.ndarray) and v.flags.writeable:
                # a copy: the array may be the caller's, which must stay writeable
                v = v.copy()
                v.setflags(write=False)
                object.__setattr__(self, name, v)
            elif isinstance(v, dict) and not isinstance(v, _FrozenDict):
                # a frozen copy (the caller's dictionary stays its own): a result whose
                # probabilities or settings could be changed in place no longer matched
                # its label, repr or saved form
                object.__setattr__(self, name, _frozen(v))
            elif isinstance(v, pd.DataFrame):
                object.__setattr__(self, name, _frozen_frame(v))

    def __setstate__(self, state: dict[str, Any]) -> None:
        # pickle (protocols < 5) and copy.deepcopy rebuild numpy arrays writeable: the copy
        # of a result would otherwise lose the read-only arrays __post_init__ promises
        self.__dict__.update(state)
        for name, v in state.items():
            if isinstance(v, np.ndarray) and v.flags.writeable:
                v.setflags(write=False)  # the copy's own array (never the original's)
            elif isinstance(v, dict) and not isinstance(v, _FrozenDict):
                self.__dict__[name] = _frozen(v)
            elif isinstance(v, pd.DataFrame):
                self.__dict__[name] = _frozen_frame(v)

    def to_dict(self) -> dict[str, Any]:
        """All fields as a JSON-safe dictionary (plus ``"result": <class name>``)."""
        out: dict[str, Any] = {"result": type(self).__name__}
        for f in dataclasses.fields(self):
            if f.repr is False and f.name.startswith("_"):
                continue
            out[f.name] = jsonable(getattr(self, f.name))
        return out

    def _scalar_items(self) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if v is None and "ndarray" in str(f.type):
                continue  # an array field left empty: no column, as when it holds an array
            if isinstance(v, Interval):
                row[f"{f.name}_low"] = v.low
                row[f"{f.name}_high"] = v.high
                # the level too: rows of results made at 90% and 95% stack into one table,
                # whose ends would otherwise not say which level each row is at
                row[f"{f.name}_level"] = v.level
                # and its method: rows of an asymptotic and a bootstrap interval stacked read
                # alike (a review)
                row[f"{f.name}_method"] = v.method
            elif v is None and "Interval" in str(f.type):
                # an interval not computed (ci=None): the same columns, empty, so that rows of
                # results made with and without intervals stack into one table
                row[f"{f.name}_low"] = row[f"{f.name}_high"] = math.nan
                row[f"{f.name}_level"] = math.nan
                row[f"{f.name}_method"] = None
            elif isinstance(v, (int, float, str, bool, np.integer, np.floating)) or v is None:
                row[f.name] = v
        return row

    def to_frame(self) -> pd.DataFrame:
        """A one-row DataFrame of the scalar fields (intervals split into ``_low``, ``_high``,
        ``_level`` and ``_method``)."""
        return pd.DataFrame([self._scalar_items()])

    def __repr__(self) -> str:
        parts = []
        for name in self._repr_fields:
            v = getattr(self, name)
            if isinstance(v, str) and len(v) > _REPR_TEXT:  # a verdict sentence: its start
                v = v[: _REPR_TEXT - 1].rstrip() + "…"
            parts.append(f"{name}={v!r}" if not isinstance(v, (float, np.floating))
                         else f"{name}={_fmt(v)}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
            f"<td>{html.escape(_cell(k, v))}</td></tr>"
            for k, v in self._scalar_items().items()
        )
        return (f"<div><strong>{html.escape(type(self).__name__)}</strong>"
                f"<table>{rows}</table></div>")
