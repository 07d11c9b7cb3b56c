"""Column labels of tables whose columns are a :class:`pandas.MultiIndex`.

A column of such a table is named by a tuple, one entry per level (``("x", "r")``). Two rules
of the intake read such labels: a ``by=`` tuple that is itself one column label is that one
column (pandas' reading, ``df.groupby(("x", "g"))``), not a list of several columns; and an
unknown column name says how a column of a MultiIndex is spelt, or which column it nearly
is. A suggestion for one role (the reward column, ``gold=``, ``by=``) leaves out the columns
another role already holds (``gold="rewrd"`` is never told of the reward column).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd

__all__: list[str] = []


def _columns_text(df: pd.DataFrame) -> str:
    """The column names of ``df`` for a message (the first 20)."""
    names = [str(c) for c in df.columns]
    shown = names[:20] + ([f"... ({len(names) - 20} more)"] if len(names) > 20 else [])
    return str(shown)


def _is_label(columns: pd.Index, label: tuple[Any, ...]) -> bool:
    """``label`` is one whole column label (not a partial key of a MultiIndex level)."""
    if isinstance(columns, pd.MultiIndex) and len(label) != columns.nlevels:
        return False
    try:
        return any(c == label for c in columns if isinstance(c, tuple))
    except (TypeError, ValueError):
        return False


def _by_as_label(data: Any, by: Any) -> Any:
    """``by`` as :func:`tailstat.data.check_groups` reads it: a tuple that is one column
    label of the table ``data`` becomes a list of that one label; otherwise ``by`` as given
    (a tuple of several column names stays so)."""
    if isinstance(by, tuple) and isinstance(data, pd.DataFrame) and by \
            and _is_label(data.columns, by):
        return [by]
    return by


def _free(columns: pd.Index, taken: Sequence[Hashable]) -> list[Any]:
    """The labels of ``columns`` but those in ``taken`` (the columns of other roles)."""
    def held(c: Any) -> bool:
        try:
            return any(bool(c == t) for t in taken)
        except (TypeError, ValueError):
            return False
    return [c for c in columns if not held(c)] if taken else list(columns)


def _tuple_hint(columns: pd.Index, label: Any, what: str,
                taken: Sequence[Hashable] = ()) -> str:
    """Advice for an unknown ``label`` (the ``what`` of the message: ``"column"``, ``"by=
    column"``) of a table whose columns are a MultiIndex: name the column by its tuple (the
    columns whose tuple holds ``label``, when some do, but those in ``taken``, the columns of
    other roles); ``""`` for other tables."""
    if not isinstance(columns, pd.MultiIndex) or len(columns) == 0:
        return ""
    free = _free(columns, taken) or list(columns)  # (an example of the spelling, at least)
    option = what.split()[0].rstrip("=") + "="
    try:
        near = [c for c in free if label in c]
    except (TypeError, ValueError):
        near = []
    if near:
        said = " or ".join(f"{option}{c!r}" for c in near[:3])
        return (f" The columns are a MultiIndex, so a column is named by a tuple with one "
                f"entry per level: did you mean {said}?")
    return (f" The columns are a MultiIndex, so a column is named by a tuple with one entry "
            f"per level, e.g. {option}{free[0]!r}.")


def _near_hint(columns: pd.Index, label: Any, index: pd.Index | None = None,
               taken: Sequence[Hashable] = ()) -> str:
    """Advice for an unknown ``label`` that names a level of the table's ``index``
    (``df.set_index("model")``), or that is a column's name but for spaces at its ends or
    its case (a header ``group, reward`` names `` reward``), or the last part of a nested
    field's name (``scores.reward`` of JSON lines), or that is a typo of one (difflib);
    ``""`` when no column is. Columns in ``taken`` (held by another role: the reward
    column, ``gold=``, ``by=``) are never suggested."""
    try:
        in_index = index is not None and label is not None and label in index.names
    except (TypeError, ValueError):
        in_index = False
    if in_index:
        return (f" {label!r} names the table's index, not a column: pass df.reset_index() "
                "to have it as a column.")
    if not isinstance(label, str) or isinstance(columns, pd.MultiIndex):
        return ""
    free = _free(columns, taken)
    # the same letters in another Unicode form ('é' as e + a combining accent, as files from
    # macOS often spell them): they print alike, so a "did you mean" would show the name
    # given (a review)
    form = [c for c in free if isinstance(c, str) and c != label
            and unicodedata.normalize("NFC", c) == unicodedata.normalize("NFC", label)]
    if form:
        i = next(j for j, c in enumerate(columns) if isinstance(c, str) and c == form[0])
        return (f" The column {form[0]!a} is the name given, {label!a}, spelt in "
                "another Unicode form (accents as separate combining characters, as files "
                "from macOS often spell them): pass the column's own name (in Python "
                f"df.columns[{i}]; on the command line, copied from the file's header), or "
                "normalise the names first: df.columns = [unicodedata.normalize('NFC', c) "
                "for c in df.columns].")
    key = label.strip().casefold()
    near = [c for c in free if isinstance(c, str) and c != label and (
        c.strip().casefold() == key or c.rsplit(".", 1)[-1].strip().casefold() == key
        # np.savetxt(header=...) writes its header as a comment: '# reward' (a review)
        or c.lstrip("#").strip().casefold() == key
        # one 's' apart: a {"rewards": [...]} file's column is 'reward' (a review)
        or key + "s" == c.strip().casefold() or key == c.strip().casefold() + "s")]
    if not near:  # a typo ('rewrad', 'modle'; a review: no hint)
        texts = [c for c in free if isinstance(c, str)]
        near = difflib.get_close_matches(label, texts, n=3, cutoff=0.75)
    near = list(dict.fromkeys(near))  # a name the table has twice is suggested once
    return (" Did you mean " + " or ".join(repr(c) for c in near[:3]) + "?") if near else ""


def _nested_hint(df: pd.DataFrame, column: Any) -> str:
    """A hint for ``"scores.reward"`` where ``scores`` is a column of objects (records, or an
    empty frame's, as the Dask engine's is) or of Arrow structs: a nested column, whose
    fields the in-memory readers spread into columns of such names and a table given as it
    is (the Dask engine's) does not (a review: "unknown column 'scores.reward'")."""
    if not isinstance(column, str) or "." not in column:
        return ""
    head = column.split(".", 1)[0]
    hits = [j for j, c in enumerate(df.columns) if str(c) == head]
    if len(hits) != 1:
        return ""
    col = df.iloc[:, hits[0]]
    kind = str(col.dtype)
    filled = col.dropna()
    nested = kind.startswith("struct") or (col.dtype == object and (
        filled.empty or isinstance(filled.iloc[0], dict)))
    if not nested:
        return ""
    return (f" {head!r} is a nested (struct) column here, read as it is: its fields are "
            "columns of their own only when tailstat reads the file into memory. Flatten it "
            "first (pyarrow: table.flatten(); polars: df.unnest(...)), or leave out the Dask "
            "engine.")
