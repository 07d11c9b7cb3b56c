"""JSON tables in the layouts other tools write, which pandas' default reading gets wrong:
names and rows apart (``{"columns": [...], "data": [[...], ...]}``: a Weights & Biases
table, pandas' ``orient="split"``), a schema beside records (``orient="table"``), and one
object per row keyed by row number (``orient="index"``). Used by
:mod:`tailstat.data._files`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from tailstat.data._json_values import exact_integers

__all__ = ["NESTED", "flattened", "json_layout", "json_lines", "rows_as_columns"]

#: The key of ``DataFrame.attrs`` naming the columns spread out of nested records or
#: structs (``scores.reward``): the default reward column is chosen among the others first.
NESTED = "tailstat_nested"

_ROW_ID = re.compile(r"^\d+$")


def _columns_and_rows(doc: dict[str, Any]) -> pd.DataFrame | None:
    """``{"columns": names, "data": rows}`` (W&B's table JSON, pandas' ``orient="split"``)."""
    names, rows = doc.get("columns"), doc.get("data")
    if not (isinstance(names, list) and isinstance(rows, list) and names
            and all(isinstance(r, list) and len(r) == len(names) for r in rows)):
        return None
    if not all(isinstance(n, (str, int)) and not isinstance(n, bool) for n in names):
        return None
    return pd.DataFrame(rows, columns=[str(n) for n in names])


def _schema_and_records(doc: dict[str, Any]) -> pd.DataFrame | None:
    """``{"schema": {"fields": ..., "primaryKey": ...}, "data": records}`` (pandas'
    ``orient="table"``), without the primary key pandas adds (the row number)."""
    schema, rows = doc.get("schema"), doc.get("data")
    if not (isinstance(schema, dict) and isinstance(schema.get("fields"), list)
            and isinstance(rows, list) and all(isinstance(r, dict) for r in rows)):
        return None
    names = [f.get("name") for f in schema["fields"] if isinstance(f, dict)]
    key = schema.get("primaryKey") or []
    frame = pd.DataFrame(rows, columns=[n for n in names if n is not None] or None)
    return frame.drop(columns=[k for k in key if k == "index" and k in frame.columns])


def json_layout(path: Path) -> pd.DataFrame | None:
    """The table of a JSON file in one of the layouts above (read as they are, JSON types
    kept), or None when it is in none of them (or is no JSON)."""
    try:
        with path.open("rb") as fh:
            doc = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict):
        return None
    return _columns_and_rows(doc) if "columns" in doc else _schema_and_records(doc)


def json_lines(path: Path) -> bool:
    """Whether a ``.json`` file holds JSON lines (one object per line, as Hugging Face
    ``Dataset.to_json`` and ``DataFrame.to_json(lines=True)`` write by default): its first
    two lines are each a whole JSON object. Read as one JSON document, it was refused
    ("Extra data: line 2 column 1")."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16).removeprefix(b"\xef\xbb\xbf")
    lines = [ln for ln in head.splitlines() if ln.strip()][:3]
    if len(lines) < 2 or (len(lines) == 2 and len(head) == 1 << 16):
        return False  # one line, or the second may be cut
    try:
        return all(isinstance(json.loads(ln), dict) for ln in lines[:2])
    except (ValueError, RecursionError):
        return False


def rows_as_columns(df: pd.DataFrame, path: Path) -> pd.DataFrame | None:
    """The table of a JSON object of rows keyed by row number (``{"0": {"reward": 1.2, ...},
    "1": ...}``, pandas' ``orient="index"``), which pandas reads turned on its side (a
    column per row, named "0", "1", ...); None when ``df`` is not that."""
    labels = [str(c) for c in df.columns]
    numbered = all(map(_ROW_ID.match, labels))
    if len(labels) < 2 or all(_ROW_ID.match(str(i)) for i in df.index) or not (
            numbered or (len(labels) > 2 * len(df.index) and (
                len(df.index) <= _FEW_FIELDS or _records_sideways(df)))):
        # rows keyed by other ids ('ex0', a prompt's id) when there are far more of them
        # than fields, and the fields are few or each "column" holds a record's mixed
        # fields (a review: read sideways, 200 columns 'ex0', 'ex1', ...); a wide table of
        # scores (a column of numbers per model over many prompts) is no such thing (a
        # review of that: read transposed)
        return None
    if len(labels) <= len(df.index):
        # more names inside than keys outside: pandas' default orient="columns" of a table
        # whose columns are numbered (one per sample) and whose rows are named (prompts),
        # which pandas read right; a table of records has more rows than columns
        return None
    try:
        with path.open("rb") as fh:
            doc = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None
    if not (isinstance(doc, dict) and all(isinstance(v, dict) for v in doc.values())):
        return None
    frame = pd.DataFrame.from_dict(doc, orient="index")
    if numbered or "id" in frame.columns:
        return frame.reset_index(drop=True)
    return frame.rename_axis("id").reset_index()  # the rows' ids kept, as a column


#: Records keyed by id have a few fields; a wide table of scores keyed by prompt, more rows.
_FEW_FIELDS = 20


def _records_sideways(df: pd.DataFrame) -> bool:
    """Whether most columns of ``df`` hold text beside numbers: records read on their side
    (each column one record's fields: a model's name and its reward), not columns of one
    kind of value."""
    def mixed(col: pd.Series) -> bool:
        values = col.dropna().tolist()
        text = sum(isinstance(v, str) for v in values)
        return 0 < text < len(values)

    return sum(mixed(df[c]) for c in df.columns) > df.shape[1] / 2


def flattened(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each column of JSON objects (``{"meta": {"model": ...}, "scores":
    {"reward": ...}}``, as nested features export) spread into a column per field, named by
    its path (``scores.reward``); pandas kept the objects whole, so no reward column could
    be chosen ("unknown column 'reward'; the data has columns ['meta', 'scores']")."""
    nested = [j for j in range(df.shape[1]) if df.iloc[:, j].dtype == object
              and (cells := df.iloc[:, j].dropna()).size
              and all(isinstance(v, dict) for v in cells)]
    if not nested:
        return df
    parts, spread = [], []
    for j in range(df.shape[1]):
        col = df.iloc[:, j]
        if j in nested:
            dicts = [v if isinstance(v, dict) else {} for v in col]
            inner = pd.json_normalize(dicts, sep=_PATH)
            for name in inner.columns:
                inner[name] = _exact_integers(inner[name], dicts, name.split(_PATH))
            inner.columns = [f"{df.columns[j]}.{k.replace(_PATH, '.')}" for k in inner.columns]
            spread.extend(inner.columns)
            parts.append(inner.set_axis(df.index))
        else:
            parts.append(col.to_frame())
    out = pd.concat(parts, axis=1)
    out.attrs = {**df.attrs, NESTED: [*df.attrs.get(NESTED, []), *spread]}
    return out


#: Joins a nested field's path while it is flattened (a key may hold a '.').
_PATH = "\x1f"


def _exact_integers(col: pd.Series, dicts: list[dict[str, Any]], path: list[str]
                    ) -> pd.Series:
    """A flattened field the file writes as integers beside a missing one, as integers (the
    file's own values, as :func:`exact_integers` reads flat records): pandas made it
    floats, so the keys 1, 2 read 1.0, 2.0 and two ids beyond 2**53 one group (a review)."""
    if col.dtype.kind != "f" or not col.isna().any():
        return col
    raw = []
    for d in dicts:
        v: Any = d
        for key in path:
            v = v.get(key) if isinstance(v, dict) else None
        raw.append(v)
    exact = exact_integers(raw)
    return col if exact is None else exact.set_axis(col.index).rename(col.name)
