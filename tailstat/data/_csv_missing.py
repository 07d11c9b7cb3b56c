"""A CSV's columns of numbers that pandas left as text: missing values written as words
("NA", "null", a blank, "none") read as missing, and, in a file whose decimal mark is a
comma, numbers written with it ("0,0254") spelled with a point beside text that is no number
("-", "#DIV/0!"), so that the error names that text, not a valid number (a review: a ';'
file with one blank field was refused at its first value, '0,0254', with advice to save it
with ';' between fields, which it had)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tailstat.data._values import LEADING_ZERO, NA_WORDS, _missing_text, numbers_from_words

__all__ = ["missing_words"]


def missing_words(df: pd.DataFrame, decimal: str, thousands: str | None = None
                  ) -> pd.DataFrame:
    """``df`` (a CSV's rows, read with the decimal mark ``decimal`` and the thousands
    separator ``thousands``) with its columns of numbers that hold missing values written as
    words as numbers, NaN there.

    A column of numbers with missing values written as words ("NA", "null", "nan", a blank
    or spaces, "none": what :func:`~tailstat.data._values._missing_text` reads as missing)
    becomes numbers with NaN there, as pandas reads it by default; a column of text keeps
    those words as written (a review: the group keys "NA" and "null", North America and a
    literal label, were read as missing and merged into one '<NA>' group; a JSON or Parquet
    file kept them). An empty field is missing in both. Where ``decimal`` is not a point,
    a column of numbers with other text among them keeps that text and has its numbers
    written with a point (:func:`_with_points`), as a comma-separated file's column reads.

    Parameters
    ----------
    df : pandas.DataFrame
        The rows as read (changed in place: the reader's own frame).
    decimal : str
        The file's decimal mark.
    thousands : str, optional
        Its thousands separator, taken out of the numbers first.

    Returns
    -------
    pandas.DataFrame
        ``df``.
    """
    for col in df.columns:
        values = df[col]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue  # numbers with no words among them, or all empty
        numbers = _mostly_numbers(values, decimal)  # (text columns: no call per cell, 418)
        # (NA_WORDS are among what _missing_text reads as missing: one mask, read once)
        words = values.map(_missing_text).astype(bool) if numbers else values.isin(NA_WORDS)
        number = _read_with_words(values, words, decimal, thousands) if words.any() else None
        if number is not None:
            df[col] = number
        elif decimal != "." and numbers:
            pointed = _with_points(values, words, decimal, thousands)
            if pointed is not None:
                df[col] = pointed
    return df


def _mostly_numbers(values: pd.Series, decimal: str) -> bool:
    """Whether at least half of the first 1,000 present entries of ``values`` are numbers
    (written with ``decimal``): a column of numbers with some text among them, where words
    may stand for missing values; a column of text (prompts, names) is not read cell by cell
    for them (review 418: 2.2 s per 5·10^6 rows of each text column)."""
    head = values.dropna().iloc[:1000].astype(str).str.strip()
    if decimal != ".":
        head = head.str.replace(decimal, ".", regex=False)
    return bool(len(head)) and float(pd.to_numeric(head, errors="coerce").notna().mean()) >= 0.5


def _read_with_words(values: pd.Series, words: pd.Series, decimal: str,
                     thousands: str | None) -> pd.Series | None:
    """``values`` as numbers with ``words`` missing; booleans where the rest are "true" and
    "false"; None where the rest are not all numbers, or the words are labels."""
    rest = values.where(~words)
    text = rest.dropna().astype(str)
    if not len(text) and values[words].nunique() + bool(values.isna().any()) > 1:
        # no number among them, and the words differ ("NA" beside "nan", or beside empty
        # fields): labels, kept as written (a review: group keys "NA" and "nan" were read
        # as missing and merged into one '<NA>' group); one word alone stays missing
        return None
    if len(text) and text.str.lower().isin({"true", "false"}).all():
        # booleans with missing words (gold preferences on some rows): as pandas reads a
        # column of True and False, with the words missing
        return pd.Series(pd.array([None if pd.isna(v) else str(v).lower() == "true"
                                   for v in rest], dtype="boolean"), index=values.index)
    if thousands is not None:  # '1,234,567' beside 'NA' (pandas groups only numbers)
        rest = rest.where(rest.isna(), rest.astype(str).str.replace(thousands, "",
                                                                    regex=False))
    return numbers_from_words(rest, decimal)


#: A number grouped in thousands with points, as a decimal-comma spreadsheet writes it
#: ("1.234,5", "1.234.567").
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$")


def _with_points(values: pd.Series, words: pd.Series, decimal: str, thousands: str | None
                 ) -> pd.Series | None:
    """``values`` (text of a file whose decimal mark is ``decimal``, not a point) with each
    number written with ``decimal`` ("0,0254", "1.234,5") written with a point ("0.0254",
    "1234.5") and the rest as it is, when at least half of them are such numbers and some
    are text that is no number and no missing value ("-", "#DIV/0!"): read as numbers
    later, that text is the value named (the comma numbers were named, with advice for a
    comma-separated file); ``words``: which of ``values`` are missing values written as
    words. None for other columns: text, identifiers with a leading zero,
    numbers alone (read later as :func:`~tailstat.data._csv_lines.spreadsheet_numbers`
    says)."""
    at = np.flatnonzero(values.notna().to_numpy())
    present = values.iloc[at]
    if present.empty or not all(isinstance(v, str) for v in present.iloc[:1000]):
        return None
    text = pd.Series(present.to_numpy(dtype=object), dtype=object).astype(str).str.strip()
    marked = text.str.contains(decimal, regex=False)
    if text.str.match(LEADING_ZERO).any() or not marked.any():
        return None
    plain = (text.str.replace(thousands, "", regex=False) if thousands is not None
             else text.where(~text.str.match(_GROUPED), text.str.replace(".", "", regex=False)))
    plain = plain.str.replace(decimal, ".", regex=False)
    number = pd.to_numeric(plain, errors="coerce").notna()
    stray = ~number.to_numpy() & ~words.to_numpy(dtype=bool)[at]
    if not stray.any() or float(number.mean()) < 0.5 or not (number & marked).any():
        return None
    out = values.to_numpy(dtype=object, copy=True)
    out[at[number.to_numpy()]] = plain.to_numpy(dtype=object)[number.to_numpy()]
    return pd.Series(out, index=values.index, name=values.name)
