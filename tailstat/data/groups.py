"""Validation of grouped rewards: ``check_groups`` splits a table by ``by=`` (with optional
``gold=``) into one validated :class:`~tailstat.data.intake.Sample` per group (two paired
sequences are read by :mod:`tailstat.data.pairs`).

The policy for group keys and the per-group split is in :mod:`tailstat.data.intake`'s module
doc (each sample goes through the same checks as :func:`~tailstat.data.check_sample`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, NoReturn

import numpy as np
import pandas as pd

from tailstat._threads import thread_map
from tailstat._validation import InstanceOf, check, validate_params
from tailstat.data._csv_keys import warn_unchecked_keys
from tailstat.data._drop import refused_at
from tailstat.data._grouping import _MISSING, _group_layout, _Layout, _plain
from tailstat.data._labels import _by_as_label
from tailstat.data._read_frames import frame_source
from tailstat.data._values import _is_fresh, _show, _size_problem, _to_float_array, temporal
from tailstat.data.intake import (
    MIN_SIZE,
    Sample,
    _check_label,
    _check_options,
    _check_rows,
    _in_memory,
    _pick_column,
    _resolve_label,
    _unique_column,
    _validate_values,
    check_sample,
    check_text,
    read_table,
    refuse_summary,
)
from tailstat.data.pairs import binary_gold
from tailstat.data.trl import with_modes
from tailstat.errors import DataError
from tailstat.results import _FrozenDict

__all__ = ["MISSING_KEY", "Groups", "check_groups", "group_keys", "typed_label"]

#: Key and label of the group of rows whose ``by=`` value is missing (NaN, None, NA, NaT).
MISSING_KEY = "<NA>"


@dataclass(frozen=True, eq=False, repr=False)
class Groups:
    """Validated groups of one table.

    Attributes
    ----------
    samples : dict
        Group key -> :class:`Sample`, or the :class:`DataError` that group failed with.
    gold : dict or None
        Group key -> ``(proxy, gold)`` float64 arrays of the rows where both are present,
        when ``gold=`` was given.
    column, by, gold_column : hashable or None
        What was analysed: column labels as the table spells them, a str or (for a DataFrame
        made from an array) an int; ``by`` a tuple of them.
    missing, sizes : dict
        Group key -> the group's missing rewards (dropped) and its other values, for every
        group, the failed ones included (their size is then still known).
    source : str
        Where the table came from, for people: the file path, or ``"in-memory DataFrame"``.
    path : str or None
        The absolute path of the file the table was read from; ``None`` for in-memory data
        (whatever files happen to exist: a file named ``DataFrame`` is not the DataFrame).
    missing_keys : dict
        Group key -> its number of rows, for the groups whose ``by=`` value is missing (in
        one ``by=`` column at least): such rows form groups of their own.
    read_options : dict or None
        How a reader read the file of ``source`` (``{"scores": "rejected"}``), when the
        table is the frame it returned: what reads it again.

    Notes
    -----
    Keys are the ``by=`` values (numpy scalars as Python scalars, a tuple for several
    ``by=`` columns); a missing value is :data:`MISSING_KEY`. When two keys would print alike
    (``1`` and ``"1"``) both become strings that name their type, so ``str(key)`` is unique;
    in a tuple, a missing element beside the text ``"<NA>"`` in another key's is
    ``"<NA> (missing)"`` (the keys stay tuples).
    """

    samples: dict[Hashable, Sample | DataError]
    gold: dict[Hashable, tuple[np.ndarray, np.ndarray]] | None = None
    column: Hashable | None = None
    by: tuple[Hashable, ...] | None = None
    gold_column: Hashable | None = None
    source: str = "table"
    path: str | None = None
    missing: dict[Hashable, int] = field(default_factory=dict)
    sizes: dict[Hashable, int] = field(default_factory=dict)
    missing_keys: dict[Hashable, int] = field(default_factory=dict)
    read_options: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        # a frozen dataclass whose dictionaries could be changed in place was not frozen (a
        # review: g.samples["zzz"] = None grew len(g)); unchangeable shallow copies, as
        # results hold theirs
        for name in ("samples", "gold", "missing", "sizes", "missing_keys", "read_options"):
            value = getattr(self, name)
            if isinstance(value, dict):
                object.__setattr__(self, name, _FrozenDict(value))

    def __len__(self) -> int:
        return len(self.samples)

    def __repr__(self) -> str:
        failed = sum(isinstance(v, DataError) for v in self.samples.values())
        return (f"Groups(n_groups={len(self.samples)}, failed={failed}, column={self.column!r}, "
                f"by={self.by!r}, gold={self.gold_column!r})")

    def __iter__(self) -> Iterator[tuple[Hashable, Sample | DataError]]:
        return iter(self.samples.items())


#: More grouping columns than this in ``by=`` are read as a mistake (the group of each row).
MAX_BY_COLUMNS = 32


def _check_by(by: Any) -> tuple[Hashable, ...] | None:
    """``by=`` as a tuple of distinct column names (None for no grouping)."""
    if by is None:
        return None
    if isinstance(by, str):
        return (by,)
    if isinstance(by, pd.Series) or (isinstance(by, (np.ndarray, pd.Index, list, tuple))
                                     and len(by) > MAX_BY_COLUMNS):
        # the pandas habit df.groupby(df["model"]): the group of each row, not column names
        name = getattr(by, "name", None)
        hint = (f" (by={name!r}, the name of the Series given)" if isinstance(name, str)
                else "")
        raise DataError(f"by= takes column names{hint}; got {type(by).__name__} of "
                        f"{len(by):,} values, the group of each row. Put them in a column of "
                        "the table and pass its name.")
    if isinstance(by, (np.ndarray, pd.Index)):
        by = by.tolist()
    if not isinstance(by, (list, tuple)):
        _check_label(by, "by=")
        return (by,)  # one non-str column label (e.g. an int column name)
    if len(by) == 0:
        raise DataError("by= is empty; give one or more grouping column names, or by=None "
                        "for a single sample (a file a reader groups by default, such as "
                        "RewardBench subsets: tailstat.classify(data) pools its rows).")
    for b in by:
        _check_label(b, "each by= entry")
    if len(set(by)) < len(by):
        raise DataError(f"by= names a column twice: {[str(b) for b in by]}.")
    return tuple(by)


def _keyed_groups(obj: pd.DataFrame, by_cols: tuple[Hashable, ...]
                  ) -> list[tuple[Hashable, str, np.ndarray]]:
    """``(key, label, row positions)`` of each group, in :func:`check_groups`' order.

    The positions within a group are ascending (the layout's order is stable).
    """
    layout = _group_layout(obj[list(by_cols)])
    pos = layout.gather(np.arange(len(obj)))
    return [(k, lab, pos[sl]) for (k, lab), sl in
            zip(_keys_and_labels(layout.keys), layout.slices(), strict=True)]


def _proxy_column(obj: pd.DataFrame, column: Any, *, not_proxy: list[Any]) -> pd.Series:
    """The reward column of a table whose ``not_proxy`` columns (by=, gold=) are checked."""
    if column is not None:
        _check_label(column, "column=")
        if column in not_proxy:
            raise DataError(f"column={_show(column)} is also the by= or gold= column; the "
                            "reward column must be another one.")
    if column is None and not_proxy and obj.shape[1] > 0 and obj.shape[1] == len(
            set(not_proxy) & set(obj.columns)):
        # every column is by= or gold=: "the data has columns []" said nothing of them
        raise DataError(f"every column of the data ({[str(c) for c in obj.columns]}) is a "
                        "by= or gold= column, so none is left for the rewards: give by= and "
                        "gold= other columns, or name the reward column with column= (--column "
                        "on the command line).")
    if column is None:
        rest = obj.drop(columns=not_proxy)
        taken = [c for c in not_proxy if c in obj.columns and pd.api.types.is_numeric_dtype(
            obj[c]) and not pd.api.types.is_bool_dtype(obj[c])]
        try:
            return _pick_column(rest, column)
        except DataError as exc:
            if not taken or "no numeric column" not in str(exc):
                raise
            # "no numeric column to analyse" said nothing of the numbers the by= (gold=)
            # column took
            text = [_show(c) for c in rest.columns][:3]
            raise DataError(f"the only numeric column{'s' if len(taken) > 1 else ''} "
                            f"{', '.join(_show(c) for c in taken)} of the data "
                            f"{'are' if len(taken) > 1 else 'is'} the by= or gold= column, so "
                            "no numbers are left for the rewards: group by another column, or "
                            "name the reward column with column= (--column on the command "
                            "line)" + (f"; if the rewards are in {' or '.join(text)}, which "
                                       "holds text, convert them to numbers first (strip '%' "
                                       "or units)" if text else "") + ".") from None
    return _pick_column(obj, column, others=not_proxy)


def _has_missing(plain: Any) -> bool:
    """Whether a key read by ``_plain`` is missing, or a tuple with a missing part."""
    return plain is _MISSING or (isinstance(plain, tuple) and _MISSING in plain)


@validate_params({"keys": [InstanceOf(list, tuple, text="a list of group keys")]})
def group_keys(keys: Sequence[Hashable]) -> list[tuple[Hashable, str]]:
    """The keys of groups given as a mapping (a dict of sketches), made as :func:`check_groups`
    makes a ``by=`` column's: ``(key, label)`` per key, in order, every missing key (NaN,
    None, NA, NaT) :data:`MISSING_KEY`, and keys that print alike (``1`` and ``"1"``)
    renamed to labels that name their type, so keys and labels are distinct.

    Parameters
    ----------
    keys : sequence of hashable
        The mapping's keys, in order.

    Returns
    -------
    list of (hashable, str)

    Raises
    ------
    DataError
        Two keys that are both missing (``None`` and ``NaN``; tuples missing in the same
        places): :func:`check_groups` makes their rows one group, which two sketches cannot
        be without merging them (they were two groups both called missing, without a word).
    """
    plain = [tuple(_plain(e) for e in k) if isinstance(k, tuple) else _plain(k) for k in keys]
    missing = [(k, p) for k, p in zip(keys, plain, strict=True)
               if _has_missing(p)]
    seen: dict[Any, Hashable] = {}
    for k, p in missing:
        if p in seen:
            raise DataError(
                f"the group keys {seen[p]!r} and {k!r} are missing in the same places, and "
                "check_groups reads such keys as one group: merge their sketches "
                "(tailstat.merge_sketches) under one key, or give each a key of its own.")
        seen[p] = k
    return list(_keys_and_labels(plain))


#: What to do about a group key that is not valid text.
_KEY_ADVICE = ("decode the names with errors='replace' or 'backslashreplace', or give the "
               "groups other keys")


def typed_label(key: Hashable) -> str:
    """The label of a group whose key prints like another group's: its text and its type
    (``1 (int)``, ``'1' (str)``)."""
    return f"{repr(key) if isinstance(key, str) else str(key)} ({type(key).__name__})"


def _keys_and_labels(keys: list[Hashable]) -> Iterator[tuple[Hashable, str]]:
    """Final dict keys and report labels: distinct, and ``str(key)`` distinct too."""
    for k in keys:
        for e in (k if isinstance(k, tuple) else (k,)):
            if isinstance(e, str):
                check_text(e, f"the group key {k!r}", _KEY_ADVICE)
    def label(k: Hashable) -> str:
        return MISSING_KEY if k is _MISSING else str(k)

    def typed(k: Hashable) -> str:
        return f"{MISSING_KEY} (missing)" if k is _MISSING else typed_label(k)

    labels = [label(k) for k in keys]
    seen: dict[str, int] = {}
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
    labels = [typed(k) if seen[lab] > 1 else lab for k, lab in zip(keys, labels, strict=True)]
    # a key's own text is its label first: a typed label ("1 (int)") never takes the text of
    # another group's key ('1 (int)'); two objects of one type that print alike are numbered
    plain = [lab == label(k) for k, lab in zip(keys, labels, strict=True)]
    used = {lab for lab, own in zip(labels, plain, strict=True) if own}
    unique: list[str] = []
    for lab, own in zip(labels, plain, strict=True):
        new, i = lab, 1
        while not own and new in used:
            i += 1
            new = f"{lab} #{i}"
        used.add(new)
        unique.append(new)
    final: list[Hashable] = []
    for k, lab, orig in zip(keys, unique, [label(k) for k in keys], strict=True):
        if lab != orig or k is _MISSING:
            final.append(lab)
        elif isinstance(k, tuple) and any(e is _MISSING for e in k):
            final.append(tuple(MISSING_KEY if e is _MISSING else e for e in k))
        else:
            final.append(k)
    counts = Counter(final)
    # a tuple whose missing element meets the text '<NA>' in another: still a tuple, its
    # element "<NA> (missing)" (review 413: both became strings, a JSON row without its key)
    final = [tuple(f"{MISSING_KEY} (missing)" if e is _MISSING else e for e in k)
             if counts[f] > 1 and isinstance(k, tuple) and any(e is _MISSING for e in k)
             else f for k, f in zip(keys, final, strict=True)]
    counts = Counter(final)
    for f, lab in zip(final, unique, strict=True):
        yield (lab if counts[f] > 1 else f), lab


def _table_row(obj: pd.DataFrame, layout: _Layout, start: int, p: int) -> str:
    """Where position ``p`` of the group whose rows start at ``start`` of the gathered
    column is in the caller's table, in words: its position, and its index label when the
    index is not the plain row count (a label alone may be ambiguous)."""
    position = layout.row_of(start + p)
    label = obj.index[position]
    plain = (tuple(v.item() if isinstance(v, np.generic) else v for v in label)
             if isinstance(label, tuple) else
             label.item() if isinstance(label, np.generic) else label)
    if type(plain) is int and plain == position:
        return f"row {position} of the table (0-based)"
    names = [n for n in obj.index.names if n is not None]
    # a named index says what its labels are (a reader's file_row: the row of the file)
    what = (f"{'/'.join(map(str, names))} {_show(plain)}"
            if len(names) == obj.index.nlevels else f"index label {_show(plain)}")
    return f"row {position} of the table (0-based; {what})"


def check_groups(
    data: Any,
    column: Hashable | None = None,
    *,
    by: Hashable | Sequence[Hashable] | None = None,
    gold: Hashable | None = None,
    nan: Literal["drop", "raise"] = "drop",
    min_size: int = MIN_SIZE,
    copy: bool = True,
) -> Groups:
    """Validate a table split into groups (``by=``), with an optional gold-utility column.

    A group that fails validation is kept as its :class:`DataError` so that one bad group
    does not stop the analysis of the others.

    Parameters
    ----------
    data : DataFrame, polars DataFrame, path, or anything :func:`check_sample` accepts
    column : str or int, optional
        The proxy-reward column.
    by : str or int, or a list of them, optional
        Grouping column(s): a non-empty list of distinct column names. A tuple that is one
        column label (of a MultiIndex: ``("x", "g")``) is that column; another tuple is a
        list of column names.
    gold : str or int, optional
        True-utility (gold) column; rows with both values give the error ``proxy - gold``.
    nan, min_size
        As in :func:`check_sample`.
    copy : bool
        ``False``: when the reward column is already float64 and in group order, the groups'
        values are read-only views of the caller's column rather than of a copy (saving one
        pass over the column); for callers that finish with the groups before the caller's
        frame can change (:func:`tailstat.analyze`).

    Returns
    -------
    Groups
        Keyed by group value. Rows whose ``by=`` value is missing (NaN, None, NA, NaT) form
        one group keyed :data:`MISSING_KEY` (``"<NA>"``). Keys of different types stay apart
        (``1`` and ``"1"`` are two groups), but equal numbers are one key, as in Python and
        pandas (``1`` and ``1.0``; booleans beside the numbers equal to them are refused);
        when two keys would print alike, both are renamed
        to labels that name their type (``"1 (int)"``, ``"'1' (str)"``), so ``str(key)`` and
        each sample's ``name`` are unique. The keys of a categorical column are its observed
        categories in their order. Each group's values are a read-only slice of one float64
        buffer holding the reward column in group order (a group keeps the caller's row order),
        so the groups cost one copy of the column, not one copy each (a group with missing
        rewards holds a copy without them).

    Raises
    ------
    DataError
        Unknown, duplicate or unhashable ``column`` / ``by`` / ``gold`` names, an empty
        ``by=``, a ``column`` that is also ``by`` or ``gold``, a ``gold`` that is also ``by``,
        a ``by=`` column holding booleans beside numbers equal to them (``True`` and ``1``),
        data that is not a table when ``by`` or ``gold`` is given, and every error of
        :func:`check_sample` that concerns the whole table. A group's own problems (too
        few values, constant) are kept in :attr:`Groups.samples` instead.
    """
    _check_options(nan, min_size)
    check("copy", copy, [InstanceOf(bool, text="True or False")])  # ("x" was taken: a review)
    refuse_summary(data)
    path = None
    if isinstance(data, str) and data == "-":
        source = "<stdin>"
    elif isinstance(data, (str, os.PathLike)):
        source, path = str(data), os.path.abspath(data)
    else:
        source = _in_memory(data)
    obj = read_table(data)
    _check_rows(obj, data)
    if isinstance(obj, pd.DataFrame) and obj.attrs.get("tailstat_format"):
        # a reader's frame (RewardBench, TRL, ...): its default column and grouping
        # (only where the frame still holds those columns: a selection or a renaming of it
        # kept the defaults in attrs, and an unknown by= column was named that was never given)
        cols, dflt = set(obj.columns), obj.attrs.get("tailstat_by")
        if column is None and obj.attrs.get("tailstat_column") in cols:
            column = obj.attrs.get("tailstat_column")
        if by is None and dflt and set(dflt) <= cols:
            by = dflt
        if obj.attrs.get("tailstat_format") == "trl":  # several modes: never pooled
            by = with_modes(obj, by, str(obj.attrs.get("tailstat_source") or source))
    read_from = frame_source(obj) if path is None else None
    options = None
    if read_from is not None:  # the very frame tailstat read (e.g. stdin), not one made
        source = read_from     # from it (its attrs still name the file)
        options = (obj.attrs.get("tailstat_cli_read")  # scores=, format=, ... as read
                   or obj.attrs.get("tailstat_read_options") or None)
        if options is not None and read_from != "<stdin>" and os.path.isfile(read_from):
            path = os.path.abspath(read_from)  # the file read with those options (a review:
            # with --scores its path and fingerprint were null; a folder of TRL logs has none)
    by_cols = _check_by(_by_as_label(obj, by))  # a tuple that is one label: that column
    if gold is not None:
        _check_label(gold, "gold=")
    if by_cols is None and gold is None:
        s = check_sample(obj, column, nan=nan, min_size=min_size)
        list(_keys_and_labels([s.name]))  # its name is the group's key: valid text
        # the column analysed, also when it was inferred (a review: null in --json then)
        named = column if column is not None or not isinstance(obj, pd.DataFrame) else next(
            (c for c in obj.columns if str(c) == s.name), s.name)  # the label, not its text
        return Groups(samples={s.name: s}, column=named, source=source, path=path,
                      missing={s.name: s.n_nan_dropped}, read_options=options)
    if not isinstance(obj, pd.DataFrame):
        given = " and ".join(n for n, x in (("by=", by_cols), ("gold=", gold)) if x is not None)
        raise DataError(f"{given} need{'s' * (' and ' not in given)} a table (DataFrame, "
                        "polars DataFrame, pyarrow Table, datasets.Dataset or file), got a "
                        f"{type(obj).__name__}.")
    # names given as text match labels that only read so (an int column label)
    by_cols = (tuple(_resolve_label(obj, b) for b in by_cols)
               if by_cols is not None else None)
    gold = _resolve_label(obj, gold) if gold is not None else None
    column = _resolve_label(obj, column) if column is not None else None
    others = [gold, *(by_cols or ())]  # a misspelt one is never told of these columns
    for b in by_cols or ():
        _unique_column(obj, b, "by= column", reward=column, others=others)
    warn_unchecked_keys(obj, by_cols)  # a CSV's decimals as keys, past the check (413)
    if gold is not None:
        _unique_column(obj, gold, "gold= column", reward=column, others=others)
        if gold in (by_cols or ()):  # it said "'g' is not numeric" of the group names
            raise DataError(f"the gold= column {_show(gold)} is also a by= column: the gold "
                            "scores must be another column than the groups' names.")
    series = _proxy_column(obj, column, not_proxy=[c for c in [gold, *(by_cols or ())]
                                                   if c is not None])
    column = str(series.name)
    if len(obj) == 0:  # no rows, hence no group: as without by=, nothing to analyse
        raise DataError(f"{column!r} is empty: the table has no rows, so there are no rewards "
                        f"to analyse; each group needs at least {min_size} values.")
    proxy_all = _to_float_array(series, column)
    gold_all = _gold_values(obj[gold], str(gold)) if gold is not None else None
    if gold_all is not None and np.isnan(gold_all).all():
        raise DataError(f"the gold= column {_show(gold)} holds no values (every row is "
                        "missing): there is nothing to compare the rewards with. Check the "
                        "column, or leave gold out.")
    if by_cols is None:
        layout = _Layout(keys=[column], bounds=np.array([0, len(obj)]))
    else:
        try:
            layout = _group_layout(obj[list(by_cols)])
        except UnicodeEncodeError:  # a key pyarrow cannot hold: named, not a traceback
            for b in by_cols:
                for key in pd.unique(obj[b].to_numpy(dtype=object)):
                    if isinstance(key, str):
                        check_text(key, f"the group key {key!r}", _KEY_ADVICE)
            raise
    # one float64 buffer in group order, never the caller's memory; the groups are its slices
    buffer = layout.gather(proxy_all)
    if buffer is proxy_all and not _is_fresh(series.dtype):
        buffer = proxy_all.copy() if copy else proxy_all.view()
    buffer.setflags(write=False)
    gold_buffer = layout.gather(gold_all) if gold_all is not None else None
    samples: dict[Hashable, Sample | DataError] = {}
    missing: dict[Hashable, int] = {}
    sizes: dict[Hashable, int] = {}
    golds: dict[Hashable, tuple[np.ndarray, np.ndarray]] | None = {} if gold is not None else None
    parts = list(zip(_keys_and_labels(layout.keys), layout.slices(), strict=True))

    def validated(part: tuple[tuple[Hashable, str], slice]) -> Sample | DataError:
        (_, label), rows = part
        try:
            return _validate_values(buffer[rows], name=label, nan=nan, min_size=min_size,
                                    source=f"{source}[{column}]",
                                    row=partial(_table_row, obj, layout, rows.start))
        except DataError as err:  # kept without its traceback (and the frames it holds)
            return err.with_traceback(None)

    # groups too small to analyse are refused all at once (a million groups of one row each
    # took a minute one by one), with the errors the check of each gives
    tiny = _too_small(buffer, layout.bounds, [label for (_, label), _ in parts],
                      nan=nan, min_size=min_size)
    if by_cols is not None and len(tiny) == len(parts) > int(layout.bounds[-1]) / 2:
        _refuse_all_small(by_cols, layout.bounds, min_size)
    rest = [part for i, part in enumerate(parts) if i not in tiny]
    # each group's pass over its values is NumPy's: the large groups are checked on threads
    done = iter(thread_map(validated, rest, [rows.stop - rows.start for _, rows in rest],
                           name="tailstat-intake"))
    for i, ((key, label), rows) in enumerate(parts):
        sample: Sample | DataError
        if i in tiny:
            sample, missing[key] = tiny[i]
        else:
            sample = next(done)
            missing[key] = (sample.n_nan_dropped if isinstance(sample, Sample)
                            else int(np.count_nonzero(np.isnan(buffer[rows]))))
        gv = gold_buffer[rows] if gold_buffer is not None else None
        # (the largest float64 or float32 as well: an infinity in disguise, a review)
        infinite = refused_at(gv) if gv is not None and isinstance(
            sample, Sample) else np.empty(0, dtype=np.intp)
        if gv is not None and infinite.size:
            # as for the rewards: an infinite gold score is a bug upstream, not a missing one,
            # and it fails its own group alone (a review: one stopped every group)
            at = int(infinite[0])
            of = f" of the group {label!r}" if by_cols is not None else ""
            what = "an infinite value" if np.isinf(gv[at]) else "the largest float"
            sample = DataError(
                f"the gold= column {_show(gold)}{of} holds {what} "
                f"({gv[at]:g}, first at {_table_row(obj, layout, rows.start, at)})"
                ": a gold score is a finite number, or missing (NaN). Fix the scores upstream, "
                "or mark the rows missing.")
        samples[key] = sample
        sizes[key] = int(buffer[rows].shape[0]) - missing[key]
        if golds is not None and gold_buffer is not None:
            u, v = buffer[rows], gold_buffer[rows]
            both = np.isfinite(u) & np.isfinite(v)
            pair = (u[both], v[both])  # (boolean indexing: new arrays, the call's own)
            for a in pair:  # read-only, as each sample's values (a review: a frozen Groups'
                a.setflags(write=False)  # gold pairs could be changed in place)
            golds[key] = pair
    keyless = {key: rows.stop - rows.start for ((key, _), rows), plain in
               zip(parts, layout.keys, strict=True)
               if _has_missing(plain)}
    if by_cols is None:  # one sample (with gold=): its problem is the call's, as without gold=
        failed = next((s for s in samples.values() if isinstance(s, DataError)), None)
        if failed is not None:
            raise failed
    return Groups(samples=samples, gold=golds, column=column, by=by_cols, gold_column=gold,
                  source=source, path=path, missing=missing, sizes=sizes, missing_keys=keyless,
                  read_options=options)


def _refuse_all_small(by_cols: tuple[Hashable, ...], bounds: np.ndarray, min_size: int
                      ) -> NoReturn:
    """Refuse at once a grouping that reads like a column of values, not of names: more
    groups than half the rows, none large enough. ``by=`` a column of scores made a group of
    each row, each refused after the others (2,000 progress lines on the command line, then
    a 1,200-character error: a review). A few small groups are analysed, and fail, as such
    (their analysis is saved and reported)."""
    rows, sizes = int(bounds[-1]), np.diff(bounds)
    raise DataError(
        f"by= {', '.join(_show(b) for b in by_cols)} splits the {rows:,} rows into "
        f"{sizes.size:,} groups, none with the {min_size} values a group needs (the largest "
        f"has {int(sizes.max())}), so none could be classified. Is it a column of scores "
        "rather than of group names? Gold scores are given as gold= (the scores to analyse "
        "as column=).")


def _too_small(buffer: np.ndarray, bounds: np.ndarray, labels: list[str], *, nan: str,
               min_size: int) -> dict[int, tuple[DataError, int]]:
    """The groups (by position) with fewer rows than ``min_size``, each with the error its
    own check (:func:`_validate_values`) gives and its missing rewards, found in a few
    passes over all of them; a group holding an infinite value, or a missing one with
    ``nan="raise"``, is left to its own check (whose error says where)."""
    starts, stops = bounds[:-1], bounds[1:]
    full = np.flatnonzero(stops > starts)  # the groups with rows (all of them, in practice)
    small = np.flatnonzero(stops[full] - starts[full] < min_size)
    if small.size == 0:
        return {}
    # per group, by one reduceat over the groups' starts (contiguous slices of the buffer)
    column = buffer[: int(bounds[-1])]
    n_nan, n_inf = (np.add.reduceat(test(column), starts[full], dtype=np.intp)[small]
                    for test in (np.isnan, np.isinf))
    small = full[small]
    out: dict[int, tuple[DataError, int]] = {}
    for i, rows, nans, infs in zip(small.tolist(), (stops - starts)[small].tolist(),
                                   n_nan.tolist(), n_inf.tolist(), strict=True):
        if infs or (nans and nan == "raise"):
            continue
        problem = _size_problem(rows - nans, nans, name=labels[i], min_size=min_size)
        assert problem is not None  # fewer rows than min_size
        out[i] = (problem, nans)
    return out


def _gold_values(col: Any, name: str) -> np.ndarray:
    """The gold column as floats (:func:`binary_gold`: a boolean one as 1 and 0), a missing
    value as NaN."""
    if isinstance(col, pd.Series) and temporal(col.dtype):
        # (it said "pass the numeric reward column", of the gold column)
        raise DataError(f"the gold= column {name!r} holds dates or durations (dtype "
                        f"{col.dtype}), not gold scores; pass as gold= the column of gold "
                        "(true) scores of the same rows: numbers, or True/False preferences.")
    return _to_float_array(binary_gold(col), name)
