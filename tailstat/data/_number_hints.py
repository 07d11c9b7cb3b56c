"""What a message that refuses text as no number adds when the text is a number written
another way: with a decimal comma, or with a typeset minus sign or a no-break space (exports
from spreadsheets and papers)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import numpy as np

#: A number written with a decimal comma (or a comma between thousands): '0,5', '-1,25e3'.
_COMMA_NUMBER = re.compile(r"\s*[-+]?\d*,\d+(?:[eE][-+]?\d+)?\s*")
#: A number as Python writes it.
_NUMBER_TEXT = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


#: Characters of typeset or spreadsheet numbers that are not a number's: the minus sign
#: U+2212 and the no-break, narrow no-break and thin spaces.
_TYPESET = {"\u2212": "a minus sign U+2212 ('\u2212'), not '-'",
            "\u00a0": "a no-break space (U+00A0)", "\u202f": "a narrow no-break space (U+202F)",
            "\u2009": "a thin space (U+2009)"}


def typeset_number(value: object) -> str | None:
    """``value`` as a number Python reads, when it is one written with a typeset minus sign
    or a no-break space (``"\u22121.5"`` -> ``"-1.5"``); else None."""
    if not (isinstance(value, str) and any(c in value for c in _TYPESET)):
        return None
    plain = value
    for c in _TYPESET:
        plain = plain.replace(c, "-" if c == "\u2212" else "")
    plain = plain.strip()
    return plain if _NUMBER_TEXT.fullmatch(plain) else None


def text_number_hint(value: object, column: object = None) -> str:
    """A sentence for a message that refuses ``value`` (of ``column``, named when given) as
    no number when it is one written with a decimal comma ('0,1257': a quoted field of a
    comma-separated file, which the separator's own comma cannot be read from), or with a
    typeset minus sign or a no-break space (exports from spreadsheets and papers; a
    review), or is a list of values (several rewards in a row), else ''."""
    if isinstance(value, (list, tuple)) or getattr(value, "ndim", 0) == 1:
        # (a review: a column of lists was told to be converted to numbers)
        col = f"Column {column!r}" if column is not None else "The column"
        name = str(column) if column is not None else "COLUMN"
        first = np.asarray(value, dtype=object)[:3].tolist()  # (plain floats, not np.float64)
        # (a review: the advice was Python's alone; a command-line user has a one-line one)
        return (f" {col} holds lists of values (e.g. {first!r}), not one reward per row: "
                "make a row per reward first (df.explode(column), in pandas and polars alike) "
                "and analyse that; on the command line, python -c \"import pandas as pd; "
                f"pd.read_json('IN.jsonl', lines=True).explode({name!r})"
                ".to_parquet('OUT.parquet')\" makes one (explode(['texts', "
                f"{name!r}]) keeps a list of texts beside it paired), then analyse "
                "OUT.parquet.")
    if isinstance(value, (datetime.timedelta, np.timedelta64)):
        # (a review: a column of durations as objects met a TypeError, then this message;
        # the advice works on an array as on a Series)
        return (" It is a duration: turn the column into numbers first (in seconds: "
                "pandas.Series(pandas.to_timedelta(column)).dt.total_seconds()).")
    if isinstance(value, (datetime.date, np.datetime64)):  # a datetime is a date
        return (" It is a date: turn the column into numbers first (days since a reference "
                "date: (pandas.to_datetime(pandas.Series(column)) - pandas.Timestamp("
                "'2020-01-01')) / pandas.Timedelta(days=1)).")
    plain = typeset_number(value)
    if plain is not None:
        found = [c for c in _TYPESET if c in str(value)]
        of = f" (column {column!r})" if column is not None else ""
        what = " and ".join(_TYPESET[c] for c in found)
        fix = "".join(f".str.replace({c!r}, {'-' if c == chr(0x2212) else ''!r})"
                      for c in found)
        return (f" {value!r}{of} is the number {plain} written with {what}: replace "
                f"{'it' if len(found) == 1 else 'them'} in the column (in Python, {fix}) and "
                "pass the data again.")
    if not (isinstance(value, str) and _COMMA_NUMBER.fullmatch(value)):
        return ""
    point = value.strip().replace(",", ".")
    of = f" (column {column!r})" if column is not None else ""
    return (f" {value.strip()!r}{of} looks like a number written with a decimal comma "
            f"({point}): convert the column in Python (.str.replace(',', '.').astype(float)) "
            "and pass the data; from a CSV file, save it with ';' between fields, or read it "
            "with pandas.read_csv(path, decimal=',') (thousands=',' if the comma separates "
            "thousands).")


def first_text_number_hint(df: Any, probe: int = 100) -> str:
    """:func:`text_number_hint` of the first value that has one among the first ``probe``
    values of each column of a table, in order ('' if none has: a column of numbers with a
    typeset minus starts with its positive ones as often as not)."""
    lists = [c for c in df.columns if any(_numbers_list(v) for v in df[c].head(probe))]
    # a column of lists of numbers first (a review: the rewards' lists were passed over for
    # the responses' lists of texts beside them)
    for col in [*lists, *(c for c in df.columns if c not in lists)]:
        for value in df[col].head(probe).dropna():
            hint = text_number_hint(value, col)
            if hint:
                return hint
    return ""


def _numbers_list(value: object) -> bool:
    """Whether ``value`` is a list (or 1-D array) of numbers, not empty."""
    if not (isinstance(value, (list, tuple)) or getattr(value, "ndim", 0) == 1):
        return False
    items = list(np.asarray(value, dtype=object).ravel()[:20])
    return bool(items) and all(isinstance(v, (int, float, np.number))
                               and not isinstance(v, bool) for v in items)
