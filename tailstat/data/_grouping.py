"""The layout of a table split into groups: one label per row, one stable order, one buffer.

:func:`tailstat.data.check_groups` splits the reward column by the ``by=`` columns without a
copy per group. The rows are labelled once, put in group order once (stably, so that each
group keeps the caller's row order), and the reward column is gathered once into one float64
array whose slices are the groups (:meth:`_Layout.gather`, :meth:`_Layout.slices`).

Labelling
---------
The keys, their order and the missing keys are those of pandas'
``groupby(by, sort=True, dropna=False, observed=True)`` (``sort=False`` when the keys cannot
be ordered), with every kind of missing value one group (:data:`_MISSING`) and numpy scalars
as Python scalars; but the keys of a column of training steps written as text (``"9"``,
``"10"``; ``"step_9"``, ``"step_10"``) are in the order of their numbers, not of their text
(:func:`_steps_in_order`). Three ways to get there, cheapest first:

* **runs**: most tables arrive grouped (a file written model after model), so adjacent keys
  are compared exactly (the bit patterns of numbers, the bytes of Arrow strings, the codes of a
  categorical) and only the first row of each run of equal keys goes through ``groupby``.
  A comparison may split one key into several runs (``NaN``, ``-0.0`` and ``0.0``): the runs
  are labelled by ``groupby`` all the same, so this costs time, never correctness.
* **categorical codes**: one categorical column is labelled through its codes and the
  categories that occur.
* **groupby**: every other table (object columns, shuffled rows) through
  ``groupby(...).ngroup()`` on the key columns.

Ordering
--------
Rows already in group order need no reordering (the reward column is copied once, so the
samples never share memory with the caller's frame). A few runs out of order are
concatenated run by run; otherwise the rows are ordered by ``np.argsort(codes,
kind="stable")`` on codes of the smallest unsigned type (a radix sort in O(n) for up to
65 536 groups).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tailstat._threads import in_background
from tailstat._warn import user_level
from tailstat.data._values import INTEGER_TEXT
from tailstat.errors import DataError, InputWarning

#: A table with more runs of equal keys than ``n_rows / _MIN_MEAN_RUN`` is labelled row by row.
_MIN_MEAN_RUN = 8

#: Rows whose runs of equal keys are looked at before every row is (:func:`_run_starts`).
_PROBE_ROWS = 1 << 14

#: Runs out of group order are concatenated one by one up to this many; beyond, sorted.
_MAX_SEGMENTS = 4096


#: The names of a column of training steps (any case; TRL logs' ``step``), whose keys written
#: as text are ordered by their numbers (:func:`_steps_in_order`).
STEP_COLUMNS = frozenset({"step", "steps", "global_step"})

#: A step written as a prefix and an integer (``"step_10"``, ``"ckpt-10"``: the prefix ends
#: with a non-digit, so the '-' is no sign); one written as an integer alone is INTEGER_TEXT.
_NUMBERED = re.compile(r"(.*[^0-9])([0-9]+)", re.DOTALL)


class _Missing:
    """A missing group key inside a tuple key, printed ``<NA>``."""

    def __repr__(self) -> str:
        return "<NA>"


#: The one object every missing key (NaN, None, NA, NaT) becomes.
_MISSING = _Missing()


def _plain(v: Any) -> Any:
    """A group-key element: numpy scalars as Python scalars, every missing value one object."""
    try:
        if pd.api.types.is_scalar(v) and bool(pd.isna(v)):
            return _MISSING
    except (TypeError, ValueError):
        pass
    if isinstance(v, np.generic):
        return v.item()
    return v


@dataclass(frozen=True)
class _Layout:
    """Where each group's rows are, and how to put a column in group order.

    Attributes
    ----------
    keys : list
        The groups' keys (plain, see :func:`_plain`), in group order.
    bounds : numpy.ndarray
        ``len(keys) + 1`` offsets: group ``g`` is ``buffer[bounds[g]:bounds[g + 1]]`` of a
        column gathered with :meth:`gather`.
    order : numpy.ndarray or None
        Row positions in group order, when the rows are reordered one by one.
    segments : numpy.ndarray or None
        ``(m, 2)`` row ranges ``[start, stop)`` in group order, when the rows are reordered
        run by run. ``order`` and ``segments`` both ``None``: the rows are in group order.
    """

    keys: list[Hashable]
    bounds: np.ndarray
    order: np.ndarray | None = None
    segments: np.ndarray | None = None

    @property
    def in_order(self) -> bool:
        """Whether the rows are already in group order (no reordering needed)."""
        return self.order is None and self.segments is None

    def gather(self, x: np.ndarray) -> np.ndarray:
        """``x`` (one value per row) in group order: a new array, or ``x`` itself when the rows
        are already in group order."""
        if self.order is not None:
            return np.take(x, self.order)
        if self.segments is not None:
            return np.concatenate([x[a:b] for a, b in self.segments.tolist()])
        return x

    def row_of(self, p: int) -> int:
        """The table row (position) of position ``p`` of a gathered column."""
        if self.order is not None:
            return int(self.order[p])
        if self.segments is not None:
            lengths = self.segments[:, 1] - self.segments[:, 0]
            i = int(np.searchsorted(np.cumsum(lengths), p, side="right"))
            return int(self.segments[i, 0] + p - int(lengths[:i].sum()))
        return int(p)

    def slices(self) -> list[slice]:
        """One slice of the gathered buffer per group, in the order of :attr:`keys`."""
        b = self.bounds.tolist()
        return [slice(b[i], b[i + 1]) for i in range(len(self.keys))]


def _native_keys(frame: pd.DataFrame, by: Sequence[Hashable]) -> pd.DataFrame:
    """``frame`` with its ``by`` columns of a big-endian numpy dtype (``'>i4'``) in the
    machine's byte order: a new frame (``frame`` itself when there is none). pandas cannot
    group them (a review: ``by=`` such a column raised "ValueError: Big-endian buffer not
    supported on little-endian compiler"; a big-endian reward column was read). A float16
    column is widened to float32, which holds each of its values exactly: pandas cannot make
    an index of float16 ("NotImplementedError: float16 indexes are not supported")."""
    swap = {}
    for b in by:
        dtype = frame[b].dtype
        if isinstance(dtype, np.dtype):
            if dtype.kind == "f" and dtype.itemsize == 2:
                swap[b] = np.dtype(np.float32)
            elif not dtype.isnative:
                swap[b] = dtype.newbyteorder("=")
    return frame.astype(swap) if swap else frame


def _group_layout(keys: pd.DataFrame) -> _Layout:
    """The layout of the groups of ``keys`` (the ``by=`` columns, distinct names).

    Raises
    ------
    DataError
        Keys that pandas cannot group (unhashable values, for instance).
    """
    keys = _native_keys(keys, list(keys.columns))
    n = len(keys)
    starts = _run_starts(keys)
    if starts is not None:
        head_codes, labels = _label_rows(keys.take(starts))
        return _layout_from_runs(starts, head_codes, n, labels)
    # no local name holds the codes: _layout_from_codes frees them once it has sorted
    if keys.shape[1] == 1 and isinstance(keys.dtypes.iloc[0], pd.CategoricalDtype):
        return _layout_from_codes(*_label_categories(keys))
    return _layout_from_codes(*_label_rows(keys))


# --------------------------------------------------------------------------------------------
# labels
# --------------------------------------------------------------------------------------------


def _label_rows(keys: pd.DataFrame) -> tuple[np.ndarray, list[Hashable]]:
    """Group code of each row of ``keys`` (0, 1, ... in group order) and the groups' keys."""
    by = list(keys.columns)
    refuse_bools_beside_numbers(keys)
    keys = _steps_in_order(keys)
    try:
        codes, index = _ngroup(keys, by, sort=True)
    except TypeError as exc:  # unhashable or unorderable keys
        try:
            codes, index = _ngroup(keys, by, sort=False)
        except TypeError:
            raise DataError(f"the by= column(s) {[str(b) for b in by]} hold values that "
                            f"cannot be group keys ({exc}); use strings or numbers.") from None
    # a MultiIndex (several by= columns, or one held as a level) has one tuple per group;
    # otherwise each entry is the key itself, which may be a tuple of the user's own
    if isinstance(index, pd.MultiIndex):
        raw = [_plain(k[0]) if len(by) == 1 else tuple(_plain(e) for e in k) for k in index]
    else:
        raw = [_plain(k) for k in index]
    if _lost_in_floats(index, keys):
        # pandas gave the groups of an object column of ints beyond 2**53 beside a missing
        # key as floats (2**60 and 2**60 + 1 one key, merged below): each group's key is
        # read from its first row instead, exactly
        rows = keys.iloc[first_rows(codes)]
        raw = [_plain(r[0]) if len(by) == 1 else tuple(_plain(e) for e in r)
               for r in rows.itertuples(index=False, name=None)]
    else:  # a column of floats: ids beyond 2**53 there cannot be told apart, only said
        _warn_float_ids(index, by)
    lut, labels = _merge_equal(raw)
    if lut is not None:
        codes = lut[codes]
    return codes, labels


def _steps_in_order(keys: pd.DataFrame) -> pd.DataFrame:
    """``keys`` with its columns of training steps written as text put in the steps' order.

    A column named in :data:`STEP_COLUMNS` (``step``, ``steps``, ``global_step``, any case)
    whose keys are all text (missing keys aside) is ordered by the number each key holds
    when they are all integers (``"9"`` before ``"10"``, ``"-1"`` before ``"0"``) or all one
    common prefix and an integer (``"step_9"`` before ``"step_10"``); keys of one number
    (``"010"``, ``"10"``) by their text. As text, "10" came before "9" (a review). The
    column becomes a categorical of the same keys in that order, which ``groupby`` orders
    by; any other column (a step column of numbers, of categories, or of other text) is
    left as it is, and so is the order of its keys. A new frame, or ``keys`` itself.
    """
    steps = {}
    for col in keys.columns:
        values = keys[col]
        if (not isinstance(col, str) or col.strip().casefold() not in STEP_COLUMNS
                or isinstance(values.dtype, pd.CategoricalDtype)
                or not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype))):
            continue
        order = _step_order(list(pd.unique(values.dropna())))
        if order is not None:
            steps[col] = pd.Categorical(values, categories=order)
    return keys.assign(**steps) if steps else keys


def _step_order(texts: list[Any]) -> list[str] | None:
    """``texts`` (distinct keys) in the order of :func:`_steps_in_order`, or ``None`` when
    that rule does not hold (or changes nothing: fewer than two keys)."""
    if len(texts) < 2 or not all(isinstance(t, str) for t in texts):
        return None
    if all(INTEGER_TEXT.match(t) for t in texts):
        numbers = {t: t for t in texts}
    else:
        parts = [_NUMBERED.fullmatch(t) for t in texts]
        if not all(parts) or len({m.group(1) for m in parts if m}) > 1:
            return None
        numbers = {m.group(0): m.group(2) for m in parts if m}
    try:
        return sorted(numbers, key=lambda t: (int(numbers[t]), t))
    except ValueError:  # (more digits than Python converts: left as text)
        return None


def first_rows(codes: np.ndarray) -> np.ndarray:
    """The position of each group's first row, by group code (0, 1, ...).

    Codes numbered in order of first appearance (``groupby(sort=False).ngroup()``,
    ``pd.factorize``) are read in one pass: a group's first row is where the running maximum
    of the codes steps up, by one each time. Other codes are sorted (``np.unique``: 0.7 s at
    10^7 rows, against 0.05 s; review 410)."""
    if codes.size == 0:
        return np.empty(0, dtype=np.intp)
    top = np.maximum.accumulate(codes)
    steps = np.diff(top, prepend=codes.dtype.type(-1) if codes.dtype.kind == "i" else -1)
    first = np.flatnonzero(steps)
    if codes[0] == 0 and np.all(steps[first] == 1) and codes.min() >= 0:  # (a -1 sentinel
        return first  # later on would be missed by the running maximum)
    return np.unique(codes, return_index=True)[1]


def refuse_bools_beside_numbers(keys: pd.DataFrame) -> None:
    """A DataError when an object key column holds ``True`` (``False``) beside the number 1
    (0): Python takes them for one key, so pandas made one group of both, named after
    whichever came first (a review: 200 rows of ``"flag": true`` and 200 of ``"flag": 1``
    were one group of 400, without a word). Only the rows equal to 0 or 1 are looked at."""
    for col in keys.columns:
        values = keys[col]
        if values.dtype != object:
            continue
        near = values[values.isin([0, 1])].to_numpy(dtype=object)
        if not near.size or pd.api.types.infer_dtype(near, skipna=True) in (
                "boolean", "integer", "floating", "mixed-integer-float"):
            continue  # all booleans, or none (in C: a column of 0/1 ints costs no loop)
        is_bool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in near), bool,
                              near.size)
        clash = {bool(v) for v in near[is_bool]} & {bool(v == 1) for v in near[~is_bool]}
        if clash:
            both = sorted({repr(bool(v)) if b else repr(v) for v, b in zip(
                near, is_bool, strict=True) if bool(v == 1) in clash})
            raise DataError(
                f"the by= column {str(col)!r} holds booleans beside numbers equal to them "
                f"({', '.join(both)}), which Python takes for the same key: they would "
                "become one group. Give the column one type first, e.g. "
                f"df[{str(col)!r}] = df[{str(col)!r}].astype(str) (True and 1 then differ).")


def _warn_float_ids(index: pd.Index, by: list[Hashable]) -> None:
    """An InputWarning when a by= column of floats holds whole numbers beyond 2**53: ids
    read as floats (a CSV or JSON column of 64-bit ids with a missing value), where two ids
    can have become one number, and so one group."""
    levels = index.levels if isinstance(index, pd.MultiIndex) else [index]
    for lev, col in zip(levels, by, strict=False):
        v = lev.to_numpy() if lev.dtype.kind == "f" else np.zeros(0)
        big = v[np.isfinite(v) & (np.abs(v) >= 2.0**53)]
        if big.size and np.array_equal(big, np.floor(big)):
            warnings.warn(f"the by= column {str(col)!r} holds whole numbers beyond 2**53 as "
                          f"floats (e.g. {big[0]:.17g}): ids that differ in their last digits "
                          "may have become one group. Read the column as text or as Int64 "
                          "(pandas.read_csv(path, dtype={column: str}), or polars/pyarrow) "
                          "and pass the DataFrame.", InputWarning, stacklevel=user_level())
            return


def _lost_in_floats(index: pd.Index, keys: pd.DataFrame) -> bool:
    """Whether the groups' index holds floats for a by= column that does not (object: a
    Python int beyond 2**53 does not round-trip through a float)."""
    levels = index.levels if isinstance(index, pd.MultiIndex) else [index]
    return any(lev.dtype.kind == "f" and keys[col].dtype.kind == "O"
               for lev, col in zip(levels, keys.columns, strict=False))


def _ngroup(keys: pd.DataFrame, by: list[Hashable], sort: bool) -> tuple[np.ndarray, pd.Index]:
    grouped = keys.groupby(by, sort=sort, dropna=False, observed=True)
    return grouped.ngroup().to_numpy(dtype=np.intp), grouped.size().index


def _merge_equal(raw: Sequence[Hashable]) -> tuple[np.ndarray | None, list[Hashable]]:
    """Keys that became equal (several kinds of missing value) as one group, placed where the
    first of them was: the map old code -> new code (``None`` when nothing merged), the keys."""
    first: dict[Hashable, int] = {}
    lut = np.empty(len(raw), dtype=np.intp)
    for i, k in enumerate(raw):
        lut[i] = first.setdefault(k, len(first))
    labels = list(first)
    return (None if len(labels) == len(raw) else lut), labels


def _label_categories(keys: pd.DataFrame) -> tuple[np.ndarray, list[Hashable]]:
    """:func:`_label_rows` of one categorical column through its codes: only the categories
    that occur (and the missing value) go through ``groupby``."""
    cat = keys.iloc[:, 0]
    dtype = cat.dtype
    n_categories = len(dtype.categories)
    shifted = cat.cat.codes.to_numpy().astype(np.int32 if n_categories < 2**31 - 1
                                              else np.int64)
    shifted += 1  # -1 (missing) becomes 0
    present = np.flatnonzero(np.bincount(shifted, minlength=n_categories + 1))
    heads = pd.DataFrame({keys.columns[0]: pd.Categorical.from_codes(present - 1, dtype=dtype)})
    head_codes, labels = _label_rows(heads)
    lut = np.zeros(n_categories + 1, dtype=_code_type(len(labels)))
    lut[present] = head_codes
    return np.take(lut, shifted), labels


# --------------------------------------------------------------------------------------------
# runs of equal keys
# --------------------------------------------------------------------------------------------


def _run_starts(keys: pd.DataFrame) -> np.ndarray | None:
    """First row of each run of equal keys (row 0 included), or ``None`` when a column cannot
    be compared cheaply and exactly, or when the runs are too short to be worth it."""
    n = len(keys)
    if n < 2 * _MIN_MEAN_RUN:
        return None
    if n > 4 * _PROBE_ROWS:
        # shuffled rows: the first rows' runs say so at once (reading every key up to the
        # n / _MIN_MEAN_RUN changes first took 1 s of a 1.5 s intake at 10^7 shuffled rows);
        # a head of runs 4 times shorter than worth it is taken for the whole table (only
        # the fast path is at stake, never the result)
        for j in range(keys.shape[1]):
            head = _changes(keys.iloc[:_PROBE_ROWS, j])
            if head is not None and (head.size + 1) * _MIN_MEAN_RUN > 4 * _PROBE_ROWS:
                return None
    boundaries: np.ndarray | None = None
    for j in range(keys.shape[1]):
        changes = _changes(keys.iloc[:, j], limit=n // _MIN_MEAN_RUN)
        if changes is None or (changes.size + 1) * _MIN_MEAN_RUN > n:
            return None
        boundaries = changes if boundaries is None else np.union1d(boundaries, changes)
    if boundaries is None or (boundaries.size + 1) * _MIN_MEAN_RUN > n:
        return None
    return np.concatenate([np.zeros(1, dtype=np.intp), boundaries.astype(np.intp) + 1])


def _changes(col: pd.Series, limit: int | None = None) -> np.ndarray | None:
    """The sorted positions ``i`` where ``col[i + 1]`` differs from ``col[i]``; ``None`` for
    dtypes without a cheap exact comparison. With ``limit``, a comparison may stop early
    once more than ``limit`` changes are found (it then returns more than ``limit`` of them,
    not all: the runs are too short to be worth it).

    Never says "equal" of two keys that ``groupby`` keeps apart; it may say "differs" of two
    keys that ``groupby`` puts together (two NaN with different bits, ``-0.0`` and ``0.0``).
    """
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = col.cat.codes.to_numpy()
        return np.flatnonzero(codes[1:] != codes[:-1])
    if isinstance(dtype, np.dtype):
        if dtype.kind in "biu":
            a = col.to_numpy()
        elif dtype.kind in "fmM" and dtype.itemsize in (2, 4, 8):
            a = col.to_numpy().view(f"u{dtype.itemsize}")  # bit patterns: exact
        elif dtype.kind == "O" and pd.api.types.infer_dtype(col, skipna=False) in (
                "string", "bytes"):
            # Python strings only (no missing value, no mixed types): compared as groupby
            # compares them (read_csv(dtype=object) keys took 1.9 s, not 0.09 s, at 10^7)
            a = col.to_numpy()
        else:
            return None  # object, complex, ...: no cheap exact comparison
        return np.flatnonzero(a[1:] != a[:-1])
    if isinstance(dtype, pd.ArrowDtype) or getattr(dtype, "storage", None) in (
            "pyarrow", "pyarrow_numpy"):
        return _arrow_changes(col, limit)
    return None


def _arrow_changes(col: pd.Series, limit: int | None = None) -> np.ndarray | None:
    """:func:`_changes` of an Arrow-backed column of strings, bytes, integers or booleans
    (two missing values are equal; a missing value differs from any value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        data = col.array.__arrow_array__()
    except (AttributeError, TypeError):
        return None
    kinds = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary,
             pa.types.is_large_binary, pa.types.is_integer, pa.types.is_boolean)
    if not any(is_kind(data.type) for is_kind in kinds):
        return None
    fixed = _fixed_width_changes(data, limit)
    if fixed is not None:
        return fixed
    prev, nxt = data.slice(0, len(data) - 1), data.slice(1)
    differs = pc.not_equal(nxt, prev)
    if data.null_count:  # null != null is null: one missing, not both, is a change
        differs = pc.fill_null(differs, pc.xor(pc.is_null(prev), pc.is_null(nxt)))
    return np.asarray(pc.indices_nonzero(differs), dtype=np.intp)


#: Keys compared per block by :func:`_fixed_width_changes` (the block stays in the cache).
_KEY_BLOCK = 1 << 16
#: Fewest keys whose lengths :func:`_fixed_width_changes` checks on a second thread.
_BACKGROUND_KEYS = 1 << 20


def _fixed_width_changes(data: Any, limit: int | None = None) -> np.ndarray | None:
    """:func:`_arrow_changes` of Arrow strings (or bytes) that all have the same length and no
    missing value, read from the Arrow buffers: row ``i + 1`` differs from row ``i`` where
    their bytes differ, compared ``L`` bytes apart eight bytes at a time (as ``uint64`` words,
    refined byte by byte inside the words that differ), block by block (``None`` for any
    other array: variable lengths, missing values, several chunks, other types). ``limit``:
    as in :func:`_changes` (unsorted keys stop after a block or two)."""
    import pyarrow as pa

    chunks = getattr(data, "chunks", [data])
    if len(chunks) != 1:
        return None
    arr = chunks[0]
    if arr.null_count or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
                              or pa.types.is_binary(arr.type)
                              or pa.types.is_large_binary(arr.type)):
        return None
    n = len(arr)
    _, off_buf, data_buf = arr.buffers()
    wide = pa.types.is_large_string(arr.type) or pa.types.is_large_binary(arr.type)
    offsets = np.frombuffer(off_buf, dtype=np.int64 if wide else np.int32)
    offsets = offsets[arr.offset: arr.offset + n + 1]
    if n < 2:
        return np.empty(0, dtype=np.intp)
    width = int(offsets[1] - offsets[0])
    if int(offsets[-1] - offsets[0]) != width * n:
        return None
    # with two cores and many keys, the lengths are read on a second thread while the bytes
    # are compared here (two reads of memory side by side); the comparison stays inside the
    # buffer whatever the lengths, and its result is dropped if they differ
    pending = (in_background(_one_width, offsets, width, name="tailstat-keys")
               if n >= _BACKGROUND_KEYS else None)
    if pending is None and not _one_width(offsets, width):
        return None
    try:
        changes = (np.empty(0, dtype=np.intp) if width == 0 else
                   _byte_changes(data_buf, int(offsets[0]), width, n, limit))
    finally:
        same = pending.result() if pending is not None else True  # joined on every path
    return changes if same else None


def _one_width(offsets: np.ndarray, width: int) -> bool:
    """Whether every length ``offsets[i + 1] - offsets[i]`` is ``width`` (block by block)."""
    n = offsets.shape[0] - 1
    step = np.empty(min(n, _KEY_BLOCK), dtype=offsets.dtype)
    for i in range(0, n, _KEY_BLOCK):
        j = min(n, i + _KEY_BLOCK)
        np.subtract(offsets[i + 1: j + 1], offsets[i:j], out=step[: j - i])
        if (step[: j - i] != width).any():
            return False
    return True


def _byte_changes(buf: Any, start: int, width: int, n: int, limit: int | None) -> np.ndarray:
    """The keys ``i`` whose ``width`` bytes (key ``i`` at ``buf[start + i * width]``) differ
    from key ``i + 1``'s; past ``limit`` changes, more than ``limit`` of them (module doc)."""
    raw = np.frombuffer(buf, dtype=np.uint8)[start: start + width * n]
    span = raw.shape[0] - width  # bytes p < span are compared with byte p + width
    words = span // 8  # whole 8-byte words: compared as uint64, 8x fewer elements than bytes
    head = np.frombuffer(buf, dtype=np.uint64, count=words, offset=start)
    ahead = np.frombuffer(buf, dtype=np.uint64, count=words, offset=start + width)
    found: list[np.ndarray] = []
    count = 0
    lanes = np.arange(8)
    differs = np.empty(min(words, _KEY_BLOCK), dtype=bool)
    for a in range(0, words, _KEY_BLOCK):
        b = min(words, a + _KEY_BLOCK)
        d = np.not_equal(head[a:b], ahead[a:b], out=differs[: b - a])
        if d.any():  # some byte of word j differs: find which, byte by byte, in those words
            p = ((np.flatnonzero(d) + a)[:, None] * 8 + lanes).ravel()
            found.append(np.unique(p[raw[p] != raw[p + width]] // width))  # <= 8 per key
            count += found[-1].shape[0]
            # a key may be in two neighbouring blocks: at most one repeat per block boundary
            if limit is not None and count - (len(found) - 1) > limit:
                break
    else:
        p = np.arange(words * 8, span)  # the last few bytes, not a whole word
        found.append(p[raw[p] != raw[p + width]] // width)
    # a key's bytes may straddle two words or two blocks: unique after joining
    return np.unique(np.concatenate(found)).astype(np.intp, copy=False)


# --------------------------------------------------------------------------------------------
# layouts
# --------------------------------------------------------------------------------------------


def _layout_from_runs(starts: np.ndarray, head_codes: np.ndarray, n: int,
                      labels: list[Hashable]) -> _Layout:
    """The layout of runs of rows ``[starts[i], starts[i + 1])`` labelled ``head_codes``."""
    n_groups = len(labels)
    edges = np.append(starts, n)
    if head_codes.size < 2 or bool(np.all(head_codes[1:] >= head_codes[:-1])):
        bounds = edges[np.searchsorted(head_codes, np.arange(n_groups + 1))]
        return _Layout(keys=labels, bounds=bounds.astype(np.int64))
    lengths = np.diff(edges)
    if head_codes.size > _MAX_SEGMENTS:
        return _layout_from_codes(np.repeat(head_codes, lengths), labels)
    run_order = np.argsort(head_codes, kind="stable")
    segments = np.column_stack([edges[:-1], edges[1:]])[run_order]
    sizes = np.bincount(head_codes, weights=lengths, minlength=n_groups).astype(np.int64)
    return _Layout(keys=labels, bounds=np.concatenate([[0], np.cumsum(sizes)]),
                   segments=segments)


def _layout_from_codes(codes: np.ndarray, labels: list[Hashable]) -> _Layout:
    """The layout of rows labelled ``codes`` (one stable sort, unless already in order)."""
    n_groups = len(labels)
    sizes = np.bincount(codes, minlength=n_groups).astype(np.int64)
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    if codes.size < 2 or bool(np.all(codes[1:] >= codes[:-1])):
        return _Layout(keys=labels, bounds=bounds)
    small = codes.astype(_code_type(n_groups), copy=False)
    del codes  # the caller holds no reference: the wide codes are freed before the sort
    return _Layout(keys=labels, bounds=bounds, order=np.argsort(small, kind="stable"))


def _code_type(n_groups: int) -> np.dtype:
    """The smallest unsigned type of codes ``0 .. n_groups - 1``: a stable sort of 8- or 16-bit
    codes is a radix sort, O(n)."""
    return np.min_scalar_type(max(n_groups - 1, 0))
