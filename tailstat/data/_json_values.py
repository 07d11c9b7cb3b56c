"""Values of a JSON table as the file means them: numbers written as strings read as numbers
where that loses nothing (:func:`numbers_from_text`), and integers kept exact where pandas
made them floats (:func:`big_whole_floats`, :func:`json_lines_exactly`). Used by
:mod:`tailstat.data._files`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tailstat.data._values import numbers_from_words
from tailstat.errors import DataError

__all__ = ["big_whole_floats", "exact_integers", "exact_records", "json_lines_exactly",
           "json_records_exactly", "not_a_record_line", "numbers_from_text", "records_of_lines",
           "refuse_duplicate_keys", "whole_floats_with_missing"]


def numbers_from_text(df: pd.DataFrame) -> pd.DataFrame:
    """A JSON table read with its own types, with each column of strings that all read as
    numbers converted to numbers (rewards written as "0.53"), unless some are written with
    a leading zero: identifiers such as "01" and "1" stay apart (pandas' own inference
    merged them into one group). A column of strings and numbers is converted so when some
    entry is a fraction (rewards, some written as text: it was refused as "numbers of a type
    numpy does not"); whole numbers beside strings may be keys, and stay as they are."""
    for col in df.columns:
        values = df[col]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        text = values.dropna()
        kinds = text.map(lambda v: 1 if isinstance(v, str) else 2 if isinstance(
            v, float) or type(v) is int else 0)
        if text.empty or not kinds.all() or ((kinds == 2).any() and not any(
                isinstance(v, float) and not v.is_integer() for v in text[kinds == 2])):
            continue  # text, or whole numbers beside strings (keys, maybe)
        number = numbers_from_words(values)
        if (number is not None and _one_text_per_number(values, number)
                and not _zero_that_counts(text[kinds == 1])):
            df[col] = number
    return df


def _zero_that_counts(text: pd.Series) -> bool:
    """Whether some string of ``text`` ends its decimals with a zero ("1.10") while the
    strings do not all write as many decimals (rewards written "0.1520" beside "0.1234" have
    a fixed width; "1.10" beside "1.9" is a version, or a label): a number would not keep
    that text (review 443: the JSON keys "1.10" and "1.9" were grouped as 1.1 and 1.9)."""
    if not text.str.match(_TRAILING_ZERO).any():
        return False
    places = text.str.extract(r"\.(\d+)", expand=False).str.len()
    return bool(places.nunique(dropna=False) > 1)


#: A decimal written with a zero at its end after another digit ("1.10", "2.00"; not "2.0",
#: which a float writes back alike) (:func:`_zero_that_counts`).
_TRAILING_ZERO = re.compile(r"^\s*[+-]?\d*\.\d+0\s*$")


def big_whole_floats(df: pd.DataFrame) -> bool:
    """Whether a float column holds whole numbers beyond 2**53: integers (ids) that pandas
    read as floats beside a missing value, where two of them may have become one."""
    for j in range(df.shape[1]):
        col = df.iloc[:, j]
        if col.dtype.kind == "f":
            v = col.to_numpy()
            big = v[np.isfinite(v) & (np.abs(v) >= 2.0**53)]
            if big.size and np.array_equal(big, np.floor(big)):
                return True
    return False


def whole_floats_with_missing(df: pd.DataFrame) -> bool:
    """Whether a float column holds whole numbers only, beside a missing value: integers
    (group keys, steps) that pandas read as floats because one is missing, which the file
    may write as integers (``1``, not ``1.0``): :func:`exact_records` reads them back."""
    for j in range(df.shape[1]):
        col = df.iloc[:, j]
        if col.dtype.kind == "f" and col.isna().any():
            v = col.to_numpy()
            present = v[~np.isnan(v)]
            if present.size and np.isfinite(present).all() and np.array_equal(
                    present, np.floor(present)):
                return True
    return False


#: Records read again to look for a key written twice (:func:`refuse_duplicate_keys`).
DUPLICATE_PROBE = 1000


def refuse_duplicate_keys(path: Path, kind: str) -> None:
    """Refuse a JSON (lines) file whose records write a key twice: pandas and the json module
    keep the last value without a word, so rows were regrouped or re-valued, where a CSV or
    Parquet file with a duplicate column is refused (a review). The first
    :data:`DUPLICATE_PROBE` records are read (of a JSON array, those in its first megabyte)."""
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        if len(set(keys)) < len(keys) and not found:
            found.append(next(k for i, k in enumerate(keys) if k in keys[:i]))
        return dict(items)

    decoder = json.JSONDecoder(object_pairs_hook=pairs)
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        if kind == "jsonl":
            for i, line in enumerate(fh):
                if i >= DUPLICATE_PROBE or found:
                    break
                try:
                    decoder.decode(line) if line.strip() else None
                except ValueError:
                    return  # not JSON lines: the reader says so
        else:
            text = fh.read(1 << 20)
            at = text.find("{")
            for _ in range(DUPLICATE_PROBE):
                if at < 0 or found:
                    break
                try:
                    _, end = decoder.raw_decode(text, at)
                except ValueError:
                    break  # the end of the prefix, or another layout
                at = text.find("{", end)
    if found:
        raise DataError(f"'{path.name}' has records with the key {found[0]!r} twice; a JSON "
                        "reader keeps the last value without a word. Rename or drop the "
                        "duplicates, then read the file again.")


def json_lines_exactly(path: Path) -> pd.DataFrame:
    """A JSON-lines file of records read by the json module, its integers exact: a column of
    integers beside a missing value stays integers (pandas made them floats, so the ids 2**60
    and 2**60 + 1 were one group), and one beyond 64 bits is read (pandas refused the whole
    file: "Value is too big!"; a review). Other columns take the types pandas infers."""
    out = records_of_lines(path)
    if out is None:
        raise DataError(f"could not read '{path}' as jsonl: not every line is a JSON object "
                        "(a record of named fields).")
    return out


def records_of_lines(path: Path) -> pd.DataFrame | None:
    """:func:`json_lines_exactly`, or None when not every line is an object (arrays, which
    pandas reads as rows: the table as pandas read it stands; a review found such a file
    refused when a whole number beside a missing one sent it here)."""
    with path.open(encoding="utf-8-sig") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    if not all(isinstance(r, dict) for r in records):
        return None
    return exact_records(records)


def json_records_exactly(path: Path) -> pd.DataFrame | None:
    """:func:`json_lines_exactly` of a JSON array of records (``to_json(orient="records")``;
    None for another layout): the same integers were merged there (a review of the first)."""
    with path.open(encoding="utf-8-sig") as fh:
        doc = json.load(fh)
    if not (isinstance(doc, list) and doc and all(isinstance(r, dict) for r in doc)):
        return None
    return exact_records(doc)


def exact_records(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as a table whose integer columns stay integers: nullable Int64 (a number,
    grouped exactly) within 64 bits, beside a missing value too (the keys 1 and 2 were 1.0
    and 2.0, where a CSV or Parquet file of the same table gave 1 and 2: a review), Python
    integers beyond; every other column as pandas infers it (integers kept as objects were
    'numbers of a type numpy does not')."""
    keys = list(dict.fromkeys(k for r in records for k in r))
    columns = {}
    for key in keys:
        values = [r.get(key) for r in records]
        exact = exact_integers(values)
        columns[key] = (exact if exact is not None
                        else pd.Series(values, dtype=object).infer_objects())
    return pd.DataFrame(columns)


def exact_integers(values: list[Any]) -> pd.Series | None:
    """A field's values as integers when the file writes them all as integers and floats
    would lose them (beyond 2**53, or beside a missing value, where they read 1.0): nullable
    Int64 within 64 bits, Python integers beyond; else None (pandas' reading stands)."""
    present = [v for v in values if v is not None]
    if not (present and all(type(v) is int for v in present)
            and (len(present) < len(values) or any(abs(v) >= 2**53 for v in present))):
        return None
    if all(-(2**63) <= v < 2**63 for v in present):
        return pd.Series(pd.array(values, dtype="Int64"))
    return pd.Series(values, dtype=object)


def _one_text_per_number(text: pd.Series, number: pd.Series) -> bool:
    """Whether no two texts of ``text`` read as one number of ``number``: "1.1" and "1.10"
    (versions), "1" and "1.0", are two keys in a JSON file, which stays text; read as
    numbers they were one group, without a word (a review). A column of rewards stays text
    too then, and is read as numbers when it is analysed."""
    known = number.notna()
    return bool(text[known].nunique() == number[known].nunique())


#: How a JSON value that is not an object is named in an error.
_JSON_KINDS = {type(None): "null", bool: "true or false", int: "a number", float: "a number",
               str: "a string", list: "an array"}


def not_a_record_line(path: Path) -> str | None:
    """Why the JSON-lines file ``path`` is no table, when a line of it is JSON but not an
    object (``null``, ``3.5``, ``[1, 2]``: pandas' errors named no line, "'NoneType' object
    is not iterable", a review), in the words of a broken line's error; None otherwise.

    Parameters
    ----------
    path : Path
        The file (UTF-8, maybe with a byte-order mark).

    Returns
    -------
    str or None
    """
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except (ValueError, RecursionError):
                    return None  # a broken line: json_problem names it
                if not isinstance(value, dict):
                    shown = line.strip()
                    shown = shown if len(shown) <= 40 else shown[:39] + "…"
                    kind = _JSON_KINDS.get(type(value), "another value")
                    said = shown if value is None or isinstance(value, bool) else (
                        f"{kind}: {shown}")
                    return (f"line {number} is not a JSON object (it is {said}); "
                            "each line must be one record such as {\"reward\": 0.5}: fix "
                            "or remove it")
    except (OSError, UnicodeDecodeError):
        return None
    return None
