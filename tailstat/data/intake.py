"""Validation of reward samples: the single entry point every public function goes through.

Policy (each rule has a test in ``tests/test_intake.py``):

* accepted inputs: arrays, lists, pandas / polars Series and DataFrames (``column=``),
  ``pyarrow.Table``, ``datasets.Dataset``, ``__arrow_c_stream__`` objects, ``"-"`` (stdin)
  and paths: the readers of :mod:`tailstat.data.readers` (by the file's shape or ``format=``);
* NaN, pandas' missing values and the masked entries of a numpy masked array are all
  "missing": dropped and counted (``n_nan_dropped``), or rejected with ``nan="raise"``;
* CSV files: the separator (``,`` ``;`` tab ``|``) and the decimal mark are sniffed; a file
  whose shape says it was misread is an error, never a silently wrong sample; words such as
  "NA" are missing in a column of numbers and kept as written in a column of text;
* group keys (``by=``): a missing key (NaN, None, NA, NaT) is a group of its own, keyed and
  labelled :data:`MISSING_KEY` (``"<NA>"``); keys of different types stay different groups
  (``1`` and ``"1"``; equal numbers such as ``1``, ``1.0`` and ``True`` are one key, as in
  Python and pandas), and when two keys would print alike both are renamed to a label that
  says their type (``"1 (int)"``, ``"'1' (str)"``), so every group has a distinct name;
* messages show values as the user wrote them (``row 1.25``, never ``np.float64(1.25)``);
  +/-inf is always an error: an infinite reward is a bug upstream, not an extreme value;
* empty, constant and too-small samples, tables without rows, non-numeric columns, booleans
  and unknown column names are errors that name them; the caller's data is never modified;
* a :class:`TailSummary` (a :class:`tailstat.TailSketch`) keeps no rows: what needs them says so;
* groups (``by=``) are split without a copy per group: one read-only float64 buffer in group
  order (stable), each group's values a slice of it (:mod:`tailstat.data._grouping`).

All errors are :class:`tailstat.errors.DataError` (a ``ValueError``). Groups (``by=``,
``gold=``) are :mod:`tailstat.data.groups`, on top of this module.
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._validation import InstanceOf, Interval, StrOptions, check
from tailstat._warn import user_level
from tailstat.data._defaults import TRL_NOT_REWARD, trl_reward_columns
from tailstat.data._drop import _drop_missing
from tailstat.data._files import plain_kind, read_plain_table
from tailstat.data._labels import _columns_text, _near_hint, _nested_hint, _tuple_hint
from tailstat.data._number_hints import (
    first_text_number_hint,
    text_number_hint,
    typeset_number,
)
from tailstat.data._polars import polars_to_pandas
from tailstat.data._queries import refuse_lazy
from tailstat.data._read_frames import file_fingerprint
from tailstat.data._reward_columns import numeric_columns, refuse_empty_beside
from tailstat.data._values import (
    _constant_problem,
    _show,
    _size_problem,
    _to_float_array,
    column_refused,
    not_row_numbers,
    numbers_as_text,
)
from tailstat.data.summary import MIN_SIZE, TailSummary, check_summary, refuse_summary
from tailstat.errors import DataError, InputWarning
from tailstat.results import Result

__all__ = ["ANY_INPUT", "MIN_SIZE", "PICK_COLUMN", "Sample", "TailSummary", "check_sample",
           "check_summary", "check_text", "file_fingerprint", "missing_note", "read_plain_table",
           "read_table", "refuse_summary", "sample_values", "warn_missing_note"]

PICK_COLUMN = "say which one to analyse with column= (--column on the command line)"  # (a table)
#: What the intake reads, as its refusal of anything else says.
ANY_INPUT = "pass an array, a Series, a DataFrame with column=, or a .parquet/.csv/.jsonl path"


@dataclass(frozen=True, eq=False, repr=False)
class Sample(Result):
    """A validated sample: finite float64 values, read-only, plus a record of what intake did.

    Attributes
    ----------
    values : numpy.ndarray
        The finite values, float64, read-only, in the caller's order. When the input was
        already a finite float64 array they are a read-only *view* of it (10^7 values are
        not copied): a change the caller makes to that array afterwards shows here too, and
        functions given the Sample do not validate it again. Make the Sample again after
        changing its source (or pass ``x.copy()``).
    name : str
        A label for reports (column name, group key, or ``"x"``).
    n_nan_dropped : int
        How many missing values were dropped.
    source : str
        What the data came from (type, file path, column).
    """

    values: np.ndarray
    name: str = "x"
    n_nan_dropped: int = 0
    source: str = "array"
    _checked: bool = dataclasses.field(default=False, repr=False, compare=False)

    _repr_fields = ("name", "n", "n_nan_dropped", "source")

    def __post_init__(self) -> None:
        # made by hand (public): a list, NaN or one value met wrong answers or odd errors deep
        # inside (reviews); check_sample's own samples are checked once, there
        v = self.values
        if not (isinstance(v, np.ndarray) and v.ndim == 1 and v.dtype == np.float64):
            got = (f"an array of dtype {v.dtype} and shape {v.shape}"
                   if isinstance(v, np.ndarray) else f"a {type(v).__name__}")
            raise DataError(f"Sample(values=...) takes a 1-D float64 numpy array, not {got}: "
                            "make samples with tailstat.check_sample(x), which validates them.")
        if not self._checked and v.size:
            if bad := int(np.count_nonzero(~np.isfinite(v))):
                raise DataError(f"Sample(values=...) holds {bad} missing or infinite value(s): "
                                "make samples with tailstat.check_sample(x), which drops "
                                "missing values and names infinite ones.")
            if v.size > 1 and _constant(v):  # (one value: the size check says it)
                raise _constant_problem(float(v[0]), name=self.name)
        super().__post_init__()

    @property
    def n(self) -> int:
        """Number of values."""
        return int(self.values.shape[0])

    def __len__(self) -> int:
        return self.n

    def to_dict(self) -> dict[str, Any]:
        """Metadata only (not the values): name, n, n_nan_dropped, source."""
        return {"result": "Sample", "name": self.name, "n": self.n,
                "n_nan_dropped": self.n_nan_dropped, "source": self.source}

    def to_frame(self) -> pd.DataFrame:
        """One row of metadata."""
        d = self.to_dict()
        d.pop("result")
        return pd.DataFrame([d])


def _is_polars(obj: Any) -> bool:
    return type(obj).__module__.split(".")[0] == "polars"


def read_table(
    data: Any,
    *,
    format: str | None = None,
    scores: str = "chosen",
    by: str | None = None,
    step_bins: int | None = None,
) -> Any:
    """Turn a path, ``"-"`` or an Arrow-backed / polars object into pandas; pass other
    inputs through unchanged.

    Parameters
    ----------
    data : path, str, ``"-"``, polars, pyarrow, datasets.Dataset, Arrow stream, pandas, array
        Files are read by their shape or extension (:mod:`tailstat.data.readers`):
        RewardBench outputs, TRL GRPO completion folders, a JSON object with a ``rewards``
        list, ``.parquet``/``.pq``, ``.csv``/``.tsv``/``.txt``, ``.jsonl``/``.ndjson``/
        ``.json``, Feather / Arrow IPC (``.feather``/``.arrow``/``.arrows``), a folder of
        Parquet files (hive-style ``key=value`` folders become columns); ``"-"`` is standard
        input.
    format : str, optional
        Force a format (:data:`tailstat.data.readers.FORMATS`); ``None`` sniffs.
    scores : {"chosen", "rejected", "both", "margin"}
        RewardBench outputs: which scores to analyse.
    by : {"step"}, optional
        TRL completion logs: group by training step.
    step_bins : int, optional
        TRL completion logs: group the steps into this many bins.

    Returns
    -------
    pandas.DataFrame, pandas.Series or the input unchanged
        A reader's frame names its default reward column and grouping in ``attrs``.

    Raises
    ------
    DataError
        Missing file, unknown extension, an empty or unreadable file, a file without rows
        (a table passed in without rows is returned: :func:`check_sample` and
        :func:`check_groups` refuse it), a CSV whose shape says it was misread, a file that
        is not in the ``format`` given.

    Notes
    -----
    CSV separator (``,`` ``;`` tab ``|``) and decimal mark (``.``, or ``,`` with another
    separator) are sniffed from the first 64 KiB: ``a;1,25`` is the number 1.25.
    """
    from tailstat.data.readers import read_any

    refuse_lazy(data)
    if _is_polars(data):
        table = polars_to_pandas(data)
        # then read as a pandas table is: format= reshapes it (RewardBench rows, TRL logs),
        # and an option its reader does not take is refused (a review: they were ignored)
        data = table
    table = read_any(data, format=format, scores=scores, by=by, step_bins=step_bins)
    if isinstance(data, (str, os.PathLike)):  # a file without rows; a table passed in is
        _check_rows(table, data)  # refused by the checks that need rows (an empty batch is not)
    fmt = getattr(table, "attrs", {}).get("tailstat_format") if hasattr(table, "attrs") else None
    unused = [(opt, what) for opt, what, used in (
        ("scores=", "RewardBench outputs", scores != "chosen" and fmt != "rewardbench"),
        ("by=", "TRL completion logs", by is not None and fmt != "trl"),
        ("step_bins=", "TRL completion logs", step_bins is not None and fmt != "trl"))
        if used]
    if unused:  # an option the data's reader does not take: said, never ignored
        said = " and ".join(f"{opt} is for {what}" for opt, what in unused)
        raise DataError(f"{said}, but the data was read as "
                        f"{'a ' + fmt + ' file' if fmt else 'a plain table'}: leave "
                        f"{'it' if len(unused) == 1 else 'them'} out, or name the format "
                        "with format=.")
    return table


def _check_rows(table: Any, data: Any) -> None:
    """Refuse a table without rows (``data`` as given): said as such, not as a column without
    numbers (the text columns of a CSV file of only a header line) or as several numeric
    ones; the wording of ``tailstat report``'s."""
    if not isinstance(table, pd.DataFrame) or len(table) > 0:
        return
    if isinstance(data, (str, os.PathLike)):
        where = "standard input" if str(data) == "-" else f"input file '{data}'"
        raise DataError(f"{where} has no rows: it holds no rewards. Give a file with one row "
                        "per reward (were the scores written to it?).")
    raise DataError(f"the table has no rows, only the columns {_columns_text(table)}: it is "
                    "empty and holds no rewards. Pass a table with one row per reward.")


def _check_label(value: Any, what: str) -> None:
    """A column argument must be one hashable label (a str, usually)."""
    try:
        hash(value)
    except TypeError:
        raise DataError(f"{what} must be one column name (a str), got a "
                        f"{type(value).__name__} instead.") from None
    if isinstance(value, str):  # written into saved analyses and reports (to_json failed)
        check_text(value, f"{what} {value!r}", "rename the column")


def check_text(text: str, named: str, advice: str) -> None:
    """Refuse ``text`` that is not valid text: a lone surrogate (bytes that were not UTF-8,
    kept by ``os.fsdecode`` or ``errors="surrogateescape"``), which no table, report or saved
    analysis can hold (a review: pyarrow's traceback). ``named`` says what it is ("the group
    key 'a'"), ``advice`` what to do."""
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DataError(f"{named} is not valid text: it holds {text[exc.start]!r}, a lone "
                        "surrogate (a byte that was not UTF-8, kept by os.fsdecode or "
                        "errors='surrogateescape'), which no table, report or saved analysis "
                        f"can hold; {advice}.") from None


def _unique_column(df: pd.DataFrame, column: Any, what: str, *, reward: Hashable | None = None,
                   others: Sequence[Hashable] | None = None) -> None:
    """``column`` is in ``df`` exactly once, or a DataError that says which is wrong; an
    unknown one is told of the column it nearly is, never of one that ``reward`` (the reward
    column as given) or ``others`` (``gold=``, ``by=``) hold (:func:`_taken_columns`; a
    review: ``gold='rewrd'`` was asked "did you mean 'reward'?" of the reward column)."""
    _check_label(column, what)
    try:
        count = int((df.columns == column).sum()) if column in df.columns else 0
    except (TypeError, ValueError):
        count = 0
    if count == 0:
        layout = df.attrs.get("tailstat_format") if isinstance(df, pd.DataFrame) else None
        # a reader's reshaped table: its columns are not the file's (a review: a column of
        # the file called unknown, beside columns the file does not have)
        plain = plain_kind(str(df.attrs.get("tailstat_source") or "")) or "json"
        read_as = (" The file was read as RewardBench outputs, whose scores the reader puts "
                   "in these columns, keeping only 'subset', 'id' and a 'model' of several "
                   "values of the file's others: "
                   "choose the scores with scores= (--scores on the command line: chosen, "
                   "rejected, both or margin), or read the file as a plain table with "
                   f"format='{plain}' (--format {plain})." if layout == "rewardbench"
                   else "")
        taken = _taken_columns(df, reward, others)
        raise DataError(f"unknown {what} {_show(column)}; the data has columns "
                        f"{_columns_text(df)}.{_tuple_hint(df.columns, column, what, taken)}"
                        f"{_near_hint(df.columns, column, df.index, taken)}{read_as}"
                        + _nested_hint(df, column))
    if count > 1:
        raise DataError(f"{what} {_show(column)} appears {count} times in the data; column "
                        "names must be unique. Rename or drop the duplicates.")


def _taken_columns(df: pd.DataFrame, reward: Hashable | None,
                   others: Sequence[Hashable] | None) -> list[Hashable]:
    """The columns of ``df`` that ``reward`` and ``others`` name; with ``others`` but no
    ``reward``, also the column the reading picks for the rewards beside them, if it does."""
    taken: list[Hashable] = []
    for c in [reward, *(others or ())]:
        try:
            taken += [c] if c is not None and c in df.columns else []
        except (TypeError, ValueError):  # (a label pandas cannot look up)
            pass
    if reward is None and others is not None:
        try:
            taken.append(_pick_column(df.drop(columns=taken), None).name)
        except DataError:
            pass
    return taken


def _resolve_label(df: pd.DataFrame, label: Any) -> Any:
    """``label`` as the table spells it: a name given as text (``--column 1`` on the
    command line) matches the one column whose label reads so (the int 1 of a JSON file's
    keys); otherwise ``label`` itself."""
    try:
        if label in df.columns or not isinstance(label, str):
            return label
    except (TypeError, ValueError):
        return label
    same = [c for c in df.columns if not isinstance(c, str) and str(c) == label]
    return same[0] if len(same) == 1 else label


def _pick_column(df: pd.DataFrame, column: Hashable | None, what: str = "column",
                 others: Sequence[Hashable] = ()) -> pd.Series:
    """The reward column of ``df`` (``others``: the gold= and by= columns, never suggested)."""
    if column is not None:
        column = _resolve_label(df, column)
        _unique_column(df, column, what, reward=column, others=others)
        return df[column]
    if df.columns.has_duplicates:
        dup = [str(c) for c in df.columns[df.columns.duplicated()].unique()]
        raise DataError(f"the data has duplicate column names {dup}; column names must be "
                        "unique. Rename or drop the duplicates, or say which column with "
                        "column= (--column on the command line).")
    rewards = df.attrs.get("tailstat_reward_columns")
    if rewards is not None:  # a TRL frame: its reward columns as they are now (a frame
        # derived from it keeps the reader's attrs, from before a column was converted)
        rewards = trl_reward_columns(df)
    if rewards is not None and not rewards:  # TRL logs of no reward function: the steps
        # were read as the rewards ("step: bounded (0.98)", exit 0; a review)
        kept = [str(c) for c in df.columns
                if str(c) not in TRL_NOT_REWARD | {"prompt", "completion"}]
        raise DataError(
            f"the TRL completion logs hold no column of numeric rewards (columns "
            f"{[str(c) for c in df.columns][:10]}): " + (
                f"{kept[:5]} hold other values than numbers (text, booleans, or numbers "
                "mixed with text in some step files); convert the one to analyse "
                "(pandas.to_numeric), or name it with column= (--column on the command "
                "line), which reads numbers written as text." if kept else
                "log the rewards (GRPOTrainer writes one column per reward function), or "
                "name the column to analyse with column= (--column on the command line)."))
    if rewards is not None and len(rewards) == 1:  # (a frame converted since it was read)
        return df[rewards[0]]
    if rewards is not None and len(rewards) > 1:  # TRL logs of several reward functions
        raise DataError(f"the logs hold several reward functions {list(rewards)}; say which "
                        "one to analyse with column= (--column on the command line).")
    numeric = numeric_columns(df)
    stray = numbers_as_text(df)
    only = df.iloc[:, 0] if df.shape[1] == 1 else None
    if only is not None and not numeric and (
            (stray is not None and (stray[2] is None or typeset_number(stray[2]) is not None))
            or (stray is None and bool(first_text_number_hint(df)))
            or pd.api.types.is_bool_dtype(only)
            or (isinstance(only.dtype, pd.CategoricalDtype)
                and pd.api.types.is_numeric_dtype(only.dtype.categories))):
        # one column of numbers as text (typeset too), Decimals, booleans or categories: as
        # column= reads it, whose error names what is no number ("none holds numbers" had
        # been said of typeset numbers and booleans; a review)
        return only
    if stray is not None and len(numeric) <= 1:
        # the reward column read as text (a stray '#DIV/0!', Decimals from a database):
        # the one numeric column left (an id, a step) would be analysed without a word
        label, row, value = stray
        first = df[label].dropna().iloc[0]
        where = (f"{_show(value)} at {row} is not a number" if value is not None
                 else f"it holds numbers written as text ({_show(first)}, ...)"
                 if isinstance(first, str)  # (an id column of digits; a review)
                 else "it holds numbers of a type numpy does not (e.g. Decimal)")
        other = (f"; the only numeric column is {numeric[0]!r}" if numeric else "")
        raise DataError(
            f"column {_show(label)} holds numbers but is not numeric: {where}{other}. Say "
            f"which column to analyse with column= (--column on the command line), and clean "
            "or drop the entries that are not numbers." + text_number_hint(value, label))
    if len(numeric) == 1:  # by position: the label may be a number (a JSON list's column 0)
        picked = not_row_numbers(df, numeric[0])  # not a row id beside unread rewards
        refuse_empty_beside(df, picked.name)
        return picked
    if not numeric:
        raise DataError(
            f"no numeric column to analyse; the data has columns {_columns_text(df)} "
            "and none holds numbers. Convert the reward column to numbers."
            + first_text_number_hint(df))
    if len(df) == 1 and len(numeric) > 2:  # (a review: 4,000 names of one line's values)
        raise DataError(f"the table has one row of {len(numeric)} numeric values: the rewards "
                        "are one per row (one per line in a file). Write them so, or pass "
                        "them as an array.")
    shown = numeric[:20] + ([f"... ({len(numeric) - 20} more)"] if len(numeric) > 20 else [])
    raise DataError(f"several numeric columns {shown}; {PICK_COLUMN}.")


def missing_note(given: Any, sample: Any) -> str | None:
    """The caveat a result carries when intake dropped missing values from the raw data
    ``given`` (None when it dropped none, or when ``given`` was already a validated
    :class:`Sample`, whose maker counts them: ``analyze``'s ``n_missing``); of a sketch (also
    read as its top values), the missing values it dropped."""
    held = given if isinstance(given, TailSummary) else sample
    m = 0 if isinstance(given, Sample) else int(getattr(held, "n_nan_dropped", 0) or 0)
    if not m:
        return None
    return (f"{m} missing value{'s' * (m > 1)} (NaN) {'were' if m > 1 else 'was'} dropped; "
            f"n = {sample.n} counts the rest")


def warn_missing_note(given: Any, sample: Any) -> str | None:
    """:func:`missing_note`, also issued as an :class:`~tailstat.errors.InputWarning` naming
    the sample (what every entry point that drops missing values says)."""
    note = missing_note(given, sample)
    if note is not None:
        warnings.warn(f"{sample.name!r}: {note}.", InputWarning, stacklevel=user_level())
    return note


def check_sample(
    x: Any,
    column: Hashable | None = None,
    *,
    nan: Literal["drop", "raise"] = "drop",
    name: str | None = None,
    min_size: int = MIN_SIZE,
) -> Sample:
    """Validate one reward sample: the ``check_array`` of tailstat.

    Parameters
    ----------
    x : array-like, pandas/polars Series or DataFrame, path, or Sample
        The rewards. A DataFrame (or file) needs ``column=`` unless it has exactly one
        numeric column.
    column : str or int, optional
        Column to analyse.
    nan : {"drop", "raise"}
        Drop missing values (counted in ``n_nan_dropped``) or raise.
    name : str, optional
        Label for reports; defaults to the column name or ``"x"``.
    min_size : int
        Smallest accepted number of values after dropping NaN.

    Returns
    -------
    Sample

    Raises
    ------
    DataError
        On any input that cannot be analysed; the message says what to do. A
        :class:`TailSummary` (:class:`tailstat.TailSketch`) is one: it keeps the top order
        statistics, not the rows a sample is made of.
    """
    _check_options(nan, min_size)
    check("name", name, [InstanceOf(str, text="a string"), None])  # (name=[1] was kept)
    if isinstance(x, Sample):
        # made with a smaller min_size, or by hand: this call's size still holds (hill of 2
        # values met a ZeroDivisionError); column= refused, name= kept (both were ignored)
        problem = _size_problem(x.n, x.n_nan_dropped, name=x.name, min_size=min_size)
        if problem is not None or column is not None:
            raise problem or column_refused(column, "Sample")
        return x if name is None else dataclasses.replace(x, name=name, _checked=True)
    arr, name, source = _read_values(x, column, name, rows=True)
    return _validate_values(arr, name=name, nan=nan, min_size=min_size, source=source)


def sample_values(x: Any, column: Hashable | None = None, *, nan: Literal["drop", "raise"] = "drop",
                  name: str | None = None) -> tuple[np.ndarray, int, str]:
    """The values of a sample without the size and constancy checks of :func:`check_sample`.

    What a summary of many shards or batches needs (:class:`tailstat.TailSketch`): one shard
    may be small or constant while the whole sample is not.

    Parameters
    ----------
    x : anything :func:`check_sample` accepts
    column, nan, name
        As for :func:`check_sample`.

    Returns
    -------
    (numpy.ndarray, int, str)
        The finite values as float64 (possibly empty; a read-only view of the caller's array
        or a copy, never to be written), how many missing values were dropped, and the name.

    Raises
    ------
    DataError
        As :func:`check_sample`, except for empty, too small or constant samples.
    """
    _check_options(nan, 1)
    if isinstance(x, Sample):
        return x.values, x.n_nan_dropped, x.name if name is None else name
    if column is None and type(x) is np.ndarray and x.ndim == 1 and x.dtype == np.float64:
        # the common batch of a stream (a sketch's update): what the reading below returns
        # for it, without its per-call cost (a third of a small batch's update)
        arr, dropped = _drop_missing(x, name="x" if name is None else name, nan=nan)
        arr = arr.view()  # (of x, or of the copy without its NaN)
        arr.setflags(write=False)
        return arr, dropped, "x" if name is None else name
    arr, name, _ = _read_values(x, column, name)
    arr, dropped = _drop_missing(arr, name=name, nan=nan)
    if arr.flags.writeable:
        arr = arr.view()
        arr.setflags(write=False)
    return arr, dropped, name


def _read_values(x: Any, column: Hashable | None, name: str | None, *, rows: bool = False
                 ) -> tuple[np.ndarray, str, str]:
    """``(float64 values with NaN for missing, name, source)`` of anything check_sample reads;
    ``rows``: refuse a table without rows as such (an empty batch of a sketch is no error)."""
    refuse_summary(x)
    source = _in_memory(x)
    if isinstance(x, (str, os.PathLike)):
        source = str(x)
    obj = read_table(x)
    if rows:
        _check_rows(obj, x)
    if isinstance(obj, pd.DataFrame):
        if column is None and obj.attrs.get("tailstat_column") in set(obj.columns):
            column = obj.attrs.get("tailstat_column")  # a reader's default, when still there
        series = _pick_column(obj, column)
        name = name if name is not None else str(series.name)
        source = f"{source}[{series.name!s}]"
        obj = series
    elif column is not None:
        if isinstance(obj, pd.Series) and obj.name == column:
            pass
        else:
            raise DataError(f"column={column!r} was given but the input ({type(obj).__name__}) is "
                            "not a table: leave column= out (it holds one sample's values), or "
                            "pass the table (e.g. a DataFrame) itself.")
    if isinstance(obj, pd.Series) and name is None and obj.name not in (None, ""):
        # ("": an unnamed polars Series; it named the group '' and messages "'' holds ...")
        name = str(obj.name)
    name = name if name is not None else "x"
    if isinstance(obj, (Sequence, np.ndarray, pd.Series)) or hasattr(obj, "__array__"):
        arr = _to_float_array(obj, name)
    elif isinstance(obj, Mapping):
        raise DataError(f"{name!r} is a mapping; pass a DataFrame or an array of rewards (to "
                        "analyze, a dict of TailSketch is one group per key). A dict of "
                        "columns is pd.DataFrame(d); a dict of samples, one long table: "
                        "pd.DataFrame({'group': np.repeat(list(d), [len(v) for v in "
                        "d.values()]), 'reward': np.concatenate(list(d.values()))}), then "
                        "analyze(df, 'reward', by='group').")
    else:
        got = "None" if obj is None else f"a {type(obj).__name__}"
        raise DataError(f"cannot read rewards from {got} ({name!r}); {ANY_INPUT}.")
    return arr, name, source


def _in_memory(obj: Any) -> str:
    """The ``source`` of in-memory data: never a bare word that could name a file."""
    return f"in-memory {type(obj).__name__}"


def _check_options(nan: Any, min_size: Any) -> None:
    check("nan", nan, [StrOptions({"drop", "raise"})])
    check("min_size", min_size, [Interval(Integral, 1, None)])


def _constant(arr: np.ndarray) -> bool:
    """Whether the non-empty ``arr`` holds one value (its first values nearly always say)."""
    head = arr[:1024]
    return not (head != head[0]).any() and bool(arr.min() == arr.max())


def _validate_values(arr: np.ndarray, *, name: str, nan: str, min_size: int,
                     source: str, row: Callable[[int], str] | None = None) -> Sample:
    arr, n_dropped = _drop_missing(arr, name=name, nan=nan, row=row)
    problem = _size_problem(arr.shape[0], n_dropped, name=name, min_size=min_size)
    if problem is not None:
        raise problem
    if _constant(arr):
        raise _constant_problem(float(arr[0]), name=name)
    if arr.flags.writeable:
        arr = arr.view()
        arr.setflags(write=False)
    return Sample(values=arr, name=name, n_nan_dropped=n_dropped, source=source, _checked=True)

