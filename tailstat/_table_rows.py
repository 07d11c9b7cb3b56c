"""A table from rows of dicts, whose column types do not depend on which rows are missing.

An analysis' table has a row per group, and a group that failed has no ``k``, no
``confident``, no ``pattern``. Built naively, pandas turns an integer column with one
missing entry into floats (``k`` 292 becomes 292.0), a boolean one into objects, and a
column of ``None`` into float NaN: a user's ``table["k"]`` changed type with the data.
Here a column keeps its kind with pandas' nullable types (``Int64``, ``boolean``), its
missing entries ``<NA>``. The analysis table's own columns (:data:`ANALYSIS_COLUMNS`) have
one dtype each whatever its rows hold, declared here: review 439 found ``k`` int64, Int64 or
object and ``error`` None or NaN, by which groups failed.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ANALYSIS_COLUMNS", "csv_frame", "rows_frame", "table_records", "warning_list"]


#: Every analysis table's first columns, in order, and the kind of each (``None``: as its
#: values are; ``group`` holds the user's keys). Integers and booleans are pandas' nullable
#: ``Int64`` and ``boolean`` (a failed group has no ``k``), text is what pandas makes of text
#: (``str`` in pandas 3, object in pandas 2; missing NaN, or None in an object column), and
#: a note (``pattern``, ``error``: most rows have none) text or None in an object column.
#: ``n`` and ``n_missing`` are int64, Int64 only where a group was given to
#: ``analyze_summaries`` as an error without its size.
ANALYSIS_COLUMNS: dict[str, str | None] = {
    "group": None, "n": "count", "n_missing": "count", "k": "int", "label": "text",
    "subtype": "text", "confident": "bool", "p_heavy": "float", "p_light": "float",
    "p_bounded": "float", "xi": "float", "xi_low": "float", "xi_high": "float",
    "xi_level": "float", "xi_ci_method": "text", "theta": "float", "theta_low": "float",
    "theta_high": "float", "theta_level": "float", "theta_ci_method": "text",
    "pattern": "note", "method": "text", "warnings": "text", "threshold": "float",
    "verdict": "text", "error": "note"}

#: The dtype pandas gives a column of text.
_TEXT = pd.Series(["text"]).dtype


def rows_frame(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None,
               index: pd.Index | None = None, skip: tuple[Hashable, ...] = ("group",),
               kinds: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """``pd.DataFrame(rows, columns=columns, index=index)``, then each column named in
    ``kinds`` of its kind ("count": int64, or Int64 where a row has none; "int": Int64; "bool":
    boolean; "float": float64; "text": as pandas types text; "note": text or None, object)
    whatever the rows hold, and each other column (but those in ``skip``) with missing
    entries typed by its present values: integers as ``Int64``, booleans as ``boolean``; a
    column of ``None`` alone holds ``None`` (object), not NaN."""
    table = pd.DataFrame(list(rows), columns=list(columns) if columns is not None else None,
                         index=index)
    for col in table.columns:
        if col in skip:
            continue
        kind = (kinds or {}).get(col)
        if kind is not None:
            table[col] = _typed(table[col], kind)
            continue
        values: list[Any] = [row.get(col) for row in rows]
        present = [v for v in values if not _missing(v)]
        if len(present) == len(values):
            continue
        if not present:  # nothing but None (a float column of NaN stays one)
            if all(v is None for v in values):
                table[col] = pd.Series([None] * len(values), index=table.index, dtype=object)
        elif all(isinstance(v, (bool, np.bool_)) for v in present):
            table[col] = pd.array([v if _missing(v) else bool(v) for v in values],
                                  dtype="boolean")
        elif all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
                 for v in present):
            table[col] = pd.array([v if _missing(v) else int(v) for v in values],
                                  dtype="Int64")
    return table


def _typed(column: pd.Series, kind: str) -> pd.Series:
    """``column`` as the dtype of ``kind`` (see :func:`rows_frame`)."""
    if kind == "float":
        return column.astype(np.float64)
    values = [None if _missing(v) else v for v in column]
    if kind == "count" and None not in values:
        return column.astype(np.int64)
    if kind in ("int", "count"):
        return pd.Series(pd.array(values, dtype="Int64"), index=column.index)
    if kind == "bool":
        return pd.Series(pd.array(values, dtype="boolean"), index=column.index)
    # (an object column of text, pandas 2's, keeps None as a note's does)
    return pd.Series(values, index=column.index, dtype=_TEXT if kind == "text" else object)


def _missing(value: Any) -> bool:
    """None, NaN or pd.NA (a row's key that its group does not have)."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, (float, np.floating)) and bool(np.isnan(value))


def warning_list(value: Any) -> list[str]:
    """A ``warnings`` cell as a list of strings (the table joins them with '; ')."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return []
    if isinstance(value, str):
        return [w.strip() for w in value.split("; ") if w.strip()]
    return [str(w) for w in value]


def table_records(table: pd.DataFrame, classifications: Any) -> list[dict[str, Any]]:
    """The JSON rows of an analysis table (``TailAnalysis.to_dict()["table"]``, which the
    command line prints too): each row's ``warnings`` a list (its classification's own: the
    joined cell cannot be split where a warning holds '; '), and ``key``, the string the
    group is known by in the other parts, for a key of several ``by=`` columns (a review:
    the Python rows had a joined string and no key, the ``--json`` rows a list and a key)."""
    from tailstat.results import table_json

    rows = table_json(table)
    for row, key in zip(rows, table["group"] if "group" in table else [], strict=False):
        c = classifications.get(key)
        row["warnings"] = (list(c.warnings) if c is not None
                           else warning_list(row.get("warnings")))
        if isinstance(key, tuple):
            row["key"] = str(key)
    return rows


def csv_frame(table: pd.DataFrame, by: Any) -> pd.DataFrame:
    """An analysis table as ``-o run.csv`` writes it: with several ``by`` columns, one
    column each beside ``group`` (the key as the JSON's ``key`` gives it), named after them
    (``by_<name>`` where the table has that name already). Review 426: the CSV held only
    the key's text, "('a', 0)", which a spreadsheet cannot split back into its parts."""
    names = list(by) if isinstance(by, (list, tuple)) and len(by) > 1 else []
    out = table.copy()
    if names and "group" in table and all(
            isinstance(g, tuple) and len(g) == len(names) for g in table["group"]):
        out["group"] = [str(g) for g in table["group"]]
        for i, name in enumerate(names):
            col = str(name) if str(name) not in out.columns else f"by_{name}"
            out.insert(1 + i, col, [g[i] for g in table["group"]])
    return _inert(out)


#: What a spreadsheet reads as the start of a formula in a cell (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells and column names that a spreadsheet would evaluate as a formula, quoted
    with a leading ``'`` (which it shows as text, not as part of the value). Review 438: a
    group named '=HYPERLINK("http://...")' -- prompts are text from outside -- was written as
    is, a live formula in Excel or Sheets; numbers (-1.5) are numbers, not text, and stay."""
    def safe(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) \
            else value

    out = frame.rename(columns=safe)
    for col in out.select_dtypes(include=["object", "string"]).columns:
        out[col] = [safe(v) for v in out[col]]
    return out
