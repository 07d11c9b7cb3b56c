"""From whatever holds the rewards to finite float64 values: the conversions and checks of
values that :mod:`tailstat.data.intake` applies to a sample, a group or a Dask partition.

Every function here turns one problem into one :class:`tailstat.errors.DataError` whose
message names it and the fix (booleans, complex numbers, dates, text that is not a number,
infinite values, missing values under ``nan="raise"``, empty, too small or constant samples).
"""

from __future__ import annotations

import decimal
import numbers
import operator
import re
import warnings
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from tailstat._warn import user_level
from tailstat.data._number_hints import text_number_hint, typeset_number
from tailstat.errors import DataError, InputWarning

#: How a missing-value error ends when the caller can pass ``nan="drop"`` (callers without
#: that option replace it with their own advice).
NAN_DROP_HINT = "drop them first or use nan='drop'."
#: What a boolean reward column is told (a new user's walkthrough: a verifier's pass / fail
#: stored as bool was refused with no word of how binary rewards are read).
BOOLEAN_REWARDS = ("holds booleans, not rewards; pass numeric values: binary rewards (a "
                   "verifier's pass / fail) as 0 / 1 (in Python, x.astype(float)).")
#: What the error of a 2-D array advises, for functions that take ``column=``; those that
#: take one column replace it (:func:`tailstat.data.pairs.without_column_option`).
TABLE_HINT = "(or a DataFrame with column=)"
#: How an error on infinite values ends (in memory and on the Dask path alike; rewards, gold
#: scores and KL values: a review found it saying "reward" of a KL value).
INFINITE_HINT = ("An infinite value is a bug upstream (overflow, a division by zero, a log of "
                 "0): fix or remove those rows first.")


def column_refused(column: Any, kind: str) -> DataError:
    """The error for ``column=`` given with one sample's values held (a ``kind``: a Sample,
    a TailSketch, an UpperTail), which it would otherwise ignore."""
    article = "an" if kind[0] in "AEIOU" else "a"
    return DataError(f"column={column!r} is for a table; {article} {kind} holds one sample's "
                     "values already: leave column= out.")


def row_words(column: pd.Series, pos: int) -> str:
    """Where position ``pos`` of ``column`` is, for messages: "row 50 (0-based)", with the
    index label when the index is not the plain row count, and, for a column tailstat read
    from a file (``attrs["tailstat_source"]``), what the count leaves out (a review: "at row
    50" for the value on line 52 of a CSV file, the count from 0 and the header unsaid)."""
    label = column.index[pos]
    plain = label.item() if isinstance(label, np.generic) else label
    if type(plain) is not int or plain != pos:
        return f"row {pos} (0-based; index label {_show(plain)})"
    if column.attrs.get("tailstat_source") is None:  # in memory: no file's words (review 426)
        return f"row {pos} (0-based)"
    # (a review: a file with a comment, a blank line and a repeated header said 'row 199,
    # a file's header not counted' of the value on line 204)
    return (f"row {pos} (0-based, counting data rows only: not a file's header, comment "
            "lines, blank lines or repeated headers)")


def _show(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it, for messages: ``1.25`` not ``np.float64(1.25)``."""
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value) if isinstance(value, (str, bytes)) else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Text read as a missing value (lower case, stripped): pandas' CSV reader's defaults.
_MISSING_TEXT = frozenset({"", "nan", "-nan", "na", "n/a", "#n/a", "#n/a n/a", "#na", "<na>",
                           "null", "none", "-1.#ind", "1.#ind", "-1.#qnan", "1.#qnan"})


def _missing_text(v: object) -> bool:
    """Whether ``v`` is text that stands for a missing value (:data:`_MISSING_TEXT`)."""
    return isinstance(v, str) and v.strip().lower() in _MISSING_TEXT


def _other_real(v: Any) -> bool:
    """A real number that is not a float, an int, a bool or a numpy scalar (a fraction)."""
    return (isinstance(v, numbers.Real)
            and not isinstance(v, (bool, int, float, np.generic)))


def _is_complex(v: Any) -> bool:
    return isinstance(v, (complex, np.complexfloating))


def _is_bool(v: Any) -> bool:
    return isinstance(v, (bool, np.bool_))


def _signalling_nan(v: Any) -> bool:
    """A ``decimal.Decimal`` signalling NaN (``pandas.to_numeric`` raises on it)."""
    return isinstance(v, decimal.Decimal) and v.is_snan()


def _overflows(v: Any) -> bool:
    """Whether ``float(v)`` overflows (a Python int or fraction beyond the float range)."""
    if not isinstance(v, numbers.Rational) or isinstance(v, bool):
        return False
    try:
        float(v)
    except OverflowError:
        return True
    return False


def _arrow_temporal(dtype: Any) -> bool:
    """An Arrow-backed column of dates, times or durations (pandas' own tests miss them:
    durations and times read as numbers or as all missing)."""
    if not isinstance(dtype, pd.ArrowDtype):
        return False
    import pyarrow as pa  # there, since the dtype is one

    return bool(pa.types.is_temporal(dtype.pyarrow_dtype))


def temporal(dtype: Any) -> bool:
    """Whether a pandas dtype holds dates, times, durations or periods (numpy or Arrow)."""
    return bool(pd.api.types.is_datetime64_any_dtype(dtype)
                or pd.api.types.is_timedelta64_dtype(dtype)
                or isinstance(dtype, pd.PeriodDtype) or _arrow_temporal(dtype))


#: The installed pandas' (major, minor) version.
PANDAS_VERSION = tuple(int(p) for p in pd.__version__.split(".")[:2])


def exact_text(obj: pd.Series, converted: pd.Series) -> pd.Series:
    """``converted`` (``pd.to_numeric(obj)``) with its text entries read exactly: pandas
    before 3.1 reads text to within a unit in the last place ("1.0664426921343553" one ulp
    off), as ``float()`` and pandas 3.1 do not (there ``converted`` is returned as it is)."""
    if PANDAS_VERSION >= (3, 1) or converted.dtype != np.float64 or obj.dtype != object:
        return converted
    text = (obj.map(lambda v: isinstance(v, str)) & converted.notna()).to_numpy(dtype=bool)
    if not text.any():
        return converted
    exact = converted.to_numpy(dtype=np.float64, copy=True)
    words = obj.to_numpy()[text]
    try:  # one pass (an .iloc loop took 23 times the conversion itself)
        exact[text] = np.fromiter(map(float, words), dtype=np.float64, count=words.size)
    except ValueError:  # a form pandas reads and float() does not ("1_000" does): pandas' value
        for i, word in zip(np.flatnonzero(text), words, strict=True):
            try:
                exact[i] = float(word)
            except ValueError:
                pass
    return pd.Series(exact, index=converted.index, name=converted.name)


def _to_float_array(obj: Any, name: str, *, rounding: bool = True) -> np.ndarray:
    """A 1-D float64 array (a view where possible), or a DataError naming the problem;
    ``rounding``: warn of integers a float64 rounds (:func:`warn_inexact_integers`; the Dask
    path, which reads a Series per partition, warns once itself)."""
    if isinstance(obj, pd.Series):
        if isinstance(obj.dtype, pd.CategoricalDtype):  # read as the values it holds: a map
            # over one category (or none: Dask's empty meta) stays categorical, and .any()
            # on it raised pandas' TypeError (a review)
            obj = obj.astype(object)
        dtype = obj.dtype
        if pd.api.types.is_bool_dtype(dtype):
            raise DataError(f"{name!r} {BOOLEAN_REWARDS}")
        if pd.api.types.is_complex_dtype(dtype):
            raise DataError(f"{name!r} holds complex numbers; rewards must be real.")
        if temporal(dtype):
            raise DataError(f"{name!r} holds dates or durations (dtype {dtype}), not rewards; "
                            "pass the numeric reward column.")
        if pd.api.types.is_numeric_dtype(dtype):
            if isinstance(dtype, np.dtype) and dtype.kind == "f" and dtype.itemsize > 8:
                _check_longdouble(obj.to_numpy(), name)  # (a Series of them, a review)
            if rounding and pd.api.types.is_integer_dtype(dtype):
                # a numpy integer column has no missing values: read as it is (no copy)
                ints = obj if isinstance(dtype, np.dtype) else obj.dropna()
                warn_inexact_integers(ints.to_numpy(), name)
            return obj.to_numpy(dtype=np.float64, na_value=np.nan)
        bools = obj.map(_is_bool).to_numpy(dtype=bool)
        if bools.any() and int(bools.sum()) < int(obj.notna().sum()):
            # among numbers: where (a review: one JSON true in 4,000 rewards, unplaced)
            at = int(np.flatnonzero(bools)[0])
            raise DataError(f"{name!r} holds booleans among its numbers: the first, "
                            f"{_show(obj.iloc[at])} at {row_words(obj, at)}. Rewards are "
                            "numbers: clean or drop them, or write pass / fail rewards as 0 / 1.")
        if bools.any():
            raise DataError(f"{name!r} {BOOLEAN_REWARDS}")
        cplx = obj.map(_is_complex).to_numpy(dtype=bool)
        if cplx.any():  # to_numeric drops the imaginary part with numpy's ComplexWarning
            raise DataError(f"{name!r} holds complex numbers ({_show(obj[cplx].iloc[0])} at "
                            f"{row_words(obj, int(np.flatnonzero(cplx)[0]))}); rewards "
                            "must be real.")
        masked = obj.map(lambda v: v is np.ma.masked or _signalling_nan(v))
        if masked.any():  # numpy.ma.masked, or a Decimal sNaN (pandas cannot hash it): missing
            obj = obj.where(~masked, np.nan)
        try:
            converted = exact_text(obj, pd.to_numeric(obj, errors="coerce"))
        except OverflowError:  # a Python int beyond the float range (errors= does not cover it)
            big = obj.map(_overflows).to_numpy()
            where = row_words(obj, int(np.flatnonzero(big)[0])) if big.any() else "?"
            raise DataError(f"{name!r} holds an integer too large for a float (beyond the "
                            f"float range, about 1.8e308) at {where}: rescale or remove "
                            "it.") from None
        if not rounding:
            pass
        elif _reaches_2_53(converted) and rounded_text(obj).any():  # integers written as
            warn_rounded(name)  # text, whatever else the column holds (a review: beside a
            # missing value they went unsaid); read only when some value is that large
        elif pd.api.types.is_integer_dtype(converted.dtype):
            warn_inexact_integers(converted.to_numpy(), name)
        elif converted.dtype == np.float64:  # Python ints beside floats: each exact or not
            warn_inexact_integers(obj[obj.map(_big_int)].to_numpy(), name)
        # real numbers pandas does not convert (fractions.Fraction) are numbers all the same
        other = converted.isna() & obj.map(_other_real)
        if other.any():
            if obj[other].map(_overflows).any():
                raise DataError(f"{name!r} holds a number too large for a float (beyond the "
                                "float range, about 1.8e308): rescale or remove it.")
            converted = converted.astype(np.float64)
            converted[other] = obj[other].map(float).astype(np.float64)
        # text that reads as missing ("nan", "NA", "null", "" ...: what pandas' CSV reader
        # reads as NaN) is missing, as a NaN is; other text that is not a number is refused
        bad = converted.isna() & obj.notna() & ~obj.map(_missing_text)
        if bad.any():
            first = obj[bad].iloc[0]
            raise DataError(
                f"{name!r} is not numeric: value {_show(first)} at "
                f"{row_words(obj, int(np.flatnonzero(bad.to_numpy())[0]))} is not a "
                "number. Convert or clean the "
                "column (text is read as a number when it is one, such as '0.5')."
                + text_number_hint(first, name if isinstance(first, (list, tuple))
                                   or getattr(first, "ndim", 0) == 1 else None))
        return converted.to_numpy(dtype=np.float64, na_value=np.nan)
    if isinstance(obj, np.ma.MaskedArray):
        return _masked_to_float(obj, name)
    if isinstance(obj, (list, tuple)) and any(map(operator.is_, obj, repeat(np.ma.masked))):
        return _to_float_array(pd.Series(list(obj), dtype=object), name)
    if isinstance(obj, (list, tuple)) and any(map(_is_bool, obj)):
        # numpy reads [0.5, True] as [0.5, 1.0]: the booleans would be rewards of 1. Read as
        # a Series of them is: refused, and one among numbers placed (review 426: "holds
        # booleans, not rewards" of one True among 300 numbers)
        return _to_float_array(pd.Series(list(obj), dtype=object), name)
    if isinstance(obj, pd.api.extensions.ExtensionArray):  # read as a Series of it is read
        return _to_float_array(pd.Series(obj, copy=False), name)  # (Int64 with NA: np.asarray
        # made float64 of it, with no word on integers it rounded)
    try:
        arr = np.asarray(obj)
    except ValueError:  # numpy refuses ragged nesting
        raise DataError(f"{name!r} is a ragged nested sequence (rows of different lengths); "
                        "pass a one-dimensional sample.") from None
    if arr.ndim == 0:
        raise DataError(f"{name!r} is a single value ({_show(arr.item())}); pass a "
                        "one-dimensional sample.")
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.reshape(-1)
    if arr.ndim != 1:
        raise DataError(f"{name!r} has shape {arr.shape}; pass a one-dimensional sample "
                        f"{TABLE_HINT}.")
    kind = arr.dtype.kind
    if kind in "iu":
        warn_inexact_integers(arr, name)
    elif kind == "f" and isinstance(obj, (list, tuple)) and arr.size \
            and float(np.nanmax(np.abs(arr), initial=0.0)) >= EXACT_INTEGER:
        # Python ints beside floats, which numpy has already rounded: the ints themselves
        warn_inexact_integers(np.array([v for v in obj if _big_int(v)], dtype=object), name)
    if kind == "f" and arr.dtype == np.float64:
        return arr
    if kind == "f" and arr.dtype.itemsize > 8:
        _check_longdouble(arr, name)
    if kind in "iuf":
        return arr.astype(np.float64)
    if kind == "b":
        raise DataError(f"{name!r} {BOOLEAN_REWARDS}")
    if kind == "c":
        raise DataError(f"{name!r} holds complex numbers; rewards must be real.")
    if kind in "OUS":  # objects, or text: numbers written as text are read as a Series' are
        return _to_float_array(pd.Series(arr, dtype=object), name)
    raise DataError(
        f"{name!r} holds {_KINDS.get(kind, 'other values')} (dtype {arr.dtype}), not numbers; "
        "pass numeric rewards (float or int)."
    )


def _check_longdouble(arr: np.ndarray, name: str) -> None:
    """A DataError for a long double beyond the float64 range: the cast made it inf with
    numpy's overflow warning, and it was then called an infinite value (a review)."""
    big = np.isfinite(arr) & (np.abs(arr) > np.finfo(np.float64).max)
    if big.any():
        raise DataError(f"{name!r} holds a number too large for a float64 (beyond about "
                        f"1.8e308) at position {int(np.flatnonzero(big)[0])} (0-based): rescale "
                        "or remove it.")


#: The largest integer below which every integer is a float64 (2**53).
EXACT_INTEGER = 2 ** 53


def _big_int(v: Any) -> bool:
    """A Python or numpy integer (not a bool) beyond :data:`EXACT_INTEGER` in size (a numpy
    duration is a numpy integer too: ``int()`` refused it with a TypeError, a review)."""
    return (isinstance(v, (int, np.integer))
            and not isinstance(v, (bool, np.bool_, np.timedelta64))
            and abs(int(v)) > EXACT_INTEGER)


def _n_inexact(ints: np.ndarray) -> int:
    """How many of the integers ``ints`` (a numpy integer or object array) float64 rounds."""
    if ints.size == 0:
        return 0
    if ints.dtype.kind == "O":  # Python ints, of any size
        return sum(1 for v in ints.tolist() if _big_int(v) and int(float(v)) != int(v))
    if -EXACT_INTEGER <= ints.min() and ints.max() <= EXACT_INTEGER:
        return 0  # the usual case: one pass each for the minimum and the maximum
    big = ints[(ints > EXACT_INTEGER) | (ints < -EXACT_INTEGER)]
    as_float = big.astype(np.float64)
    limit = 2.0 ** (8 * ints.dtype.itemsize - (ints.dtype.kind == "i"))
    fits = as_float < limit  # 2**63 (2**64) does not convert back to int64 (uint64)
    back = np.where(fits, as_float, 0.0).astype(ints.dtype)
    return int(np.count_nonzero(~fits | (back != big)))


#: An integer written as text, spaces around it allowed (what ``pd.to_numeric`` and
#: ``int`` read as one): the one pattern of the CSV sniffing, the steps' order and rounding.
INTEGER_TEXT = re.compile(r"^\s*[+-]?\d+\s*$")


def _reaches_2_53(converted: pd.Series) -> bool:
    """Whether some value of ``converted`` (the numbers text was read as) is 2**53 or more in
    size: only then can integer text have been rounded."""
    values = converted.to_numpy(dtype=np.float64, na_value=np.nan)
    return bool(values.size) and float(np.nanmax(np.abs(values), initial=0.0)) >= EXACT_INTEGER


def rounded_text(column: pd.Series) -> pd.Series:
    """Which values are integers written as text (``str`` or ``bytes``) that a float64
    rounds (beyond 2**53): the intake reads such text as the number it writes."""
    def rounded(v: Any) -> bool:
        if isinstance(v, bytes):
            try:
                v = v.decode("ascii")
            except UnicodeDecodeError:
                return False
        if not isinstance(v, str) or not INTEGER_TEXT.match(v):
            return False
        i = int(v)
        return abs(i) > EXACT_INTEGER and (abs(i) >= 2**1023 or int(float(i)) != i)

    return column.map(rounded).astype(bool)


def warn_inexact_integers(ints: np.ndarray, name: str) -> None:
    """An :class:`~tailstat.errors.InputWarning` when float64 cannot hold some of the integer
    rewards ``ints`` exactly (beyond 2**53): they are rounded, and distinct rewards may become
    equal. A review: rewards offset by 2**53 merged into ties, and ``goodhart_summary`` gave
    a verdict KL of 0.0076 nats against 0.0097 at offset 0, without a word. (No count in the
    message: the Dask path reads each partition, and one message is shown once.)"""
    if _n_inexact(ints):
        warn_rounded(name)


def warn_rounded(name: str, might: bool = False) -> None:
    """The warning of :func:`warn_inexact_integers` (``might``: when only the range of the
    integers is known, as on the Dask path)."""
    are = "may be" if might else "are"
    warnings.warn(
        f"{name!r} holds integers beyond 2**53 = {EXACT_INTEGER} that a float64 cannot "
        f"represent exactly: they {are} rounded to the nearest float, and distinct rewards may "
        "become equal (ties that bias the tail estimates). Subtract an offset first (e.g. "
        "x - x.min()), or convert to float yourself (x.astype(float)) if the rounding does "
        "not matter.", InputWarning, stacklevel=user_level())


#: What an array of a numpy kind holds, in words.
_KINDS = {"M": "dates", "m": "durations", "V": "raw records"}


def _masked_to_float(obj: np.ma.MaskedArray, name: str) -> np.ndarray:
    """A masked array as float64 with every masked entry NaN (the caller's data untouched)."""
    mask = np.ma.getmaskarray(obj)
    data = np.ma.getdata(obj)
    if data.ndim == 2 and 1 in data.shape:
        data, mask = data.reshape(-1), mask.reshape(-1)
    if data.ndim != 1:
        raise DataError(f"{name!r} has shape {data.shape}; pass a one-dimensional sample.")
    if not mask.any():
        return _to_float_array(data, name)
    out = np.full(data.shape, np.nan)
    out[~mask] = _to_float_array(data[~mask], name)  # masked slots may hold anything
    return out


def _is_fresh(dtype: Any) -> bool:
    """Whether :func:`_to_float_array` of a Series of this dtype is always a new array (a
    conversion), never a view of the Series' memory (float64 and extension dtypes may be)."""
    return isinstance(dtype, np.dtype) and dtype != np.float64


def _size_problem(n: int, n_dropped: int, *, name: str, min_size: int) -> DataError | None:
    """The error of a sample of ``n`` values (after ``n_dropped`` missing ones) that is empty
    or smaller than ``min_size``; ``None`` when its size is fine."""
    if n == 0:
        what = f" (all {n_dropped} values were NaN)" if n_dropped else ""
        return DataError(f"{name!r} is empty{what}: there are no rewards to analyse; at least "
                         f"{min_size} values are needed.")
    if n < min_size:
        dropped = f" ({n_dropped} missing value(s) dropped)" if n_dropped else ""
        return DataError(
            f"{name!r} has only {n} value(s){dropped}; at least {min_size} are needed "
            "(and far more for a useful tail estimate)."
        )
    return None


def _constant_problem(value: float, *, name: str) -> DataError:
    """The error of a sample whose every value is ``value``."""
    return DataError(
        f"{name!r} is constant (every value is {_show(value)}): a constant sample "
        "has no tail to analyse."
    )


#: Entries read to tell a column of numbers stored as text from a column of text.
_TEXT_PROBE = 1000


def _numeric(col: pd.Series) -> pd.Series:
    """``pd.to_numeric(col, errors="coerce")``, with an int beyond the float range or a
    Decimal sNaN (which ``errors=`` does not cover) read as a number: check_sample names it."""
    try:
        return pd.to_numeric(col, errors="coerce")
    except (OverflowError, TypeError, ValueError):
        return pd.Series(0.0, index=col.index)


def numbers_as_text(df: pd.DataFrame) -> tuple[Any, Any, Any] | None:
    """The first non-numeric column whose entries are mostly numbers (text that parses, or
    Decimal objects): ``(label, where, first entry that is not a number or None)``, ``where``
    in words (:func:`row_words`)."""
    for label in df.columns:
        col = df[label]
        if not isinstance(col, pd.Series) or pd.api.types.is_numeric_dtype(col) \
                or pd.api.types.is_bool_dtype(col) or not (
                    pd.api.types.is_object_dtype(col) or pd.api.types.is_string_dtype(col)):
            continue
        probe = col.dropna().iloc[:_TEXT_PROBE]
        if probe.empty:
            continue
        numbers = _numeric(probe).notna()
        if float(numbers.mean()) < 0.5:  # numbers with a typeset minus count too (a column
            # of them beside a step column had the step column analysed; a review)
            numbers |= probe.map(lambda v: typeset_number(v) is not None)
        if float(numbers.mean()) < 0.5:
            continue  # text: names, prompts, labels
        full = _numeric(col)
        bad = (full.isna() & col.notna()).to_numpy()
        # words that stand for a missing value ('nan', '', 'NA') are missing, as they are
        # with column= (a review: refused as "not a number" without it)
        for pos in np.flatnonzero(bad).tolist():
            if not _missing_text(col.iloc[pos]):
                return label, row_words(col, pos), col.iloc[pos]
        return label, None, None
    return None


#: A number written with a leading zero ("01", "007"): an identifier, not a quantity.
LEADING_ZERO = re.compile(r"^\s*[+-]?0\d")
#: The words pandas reads as missing by default ("NA", "null", "nan", ...).
NA_WORDS = frozenset({"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
                       "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a",
                       "nan", "null"})


def numbers_from_words(values: pd.Series, decimal: str = ".") -> pd.Series | None:
    """Text (missing entries NaN) as numbers, or ``None`` when an entry is no number or one is
    written with a leading zero: identifiers, "01" and "1" two keys (a JSON file keeps them
    apart; read as numbers they were one group)."""
    if values.dropna().astype(str).str.match(LEADING_ZERO).any():
        return None
    if decimal != ".":
        values = values.str.replace(decimal, ".", regex=False)
    number = pd.to_numeric(values, errors="coerce")
    return number if int(number.notna().sum()) == int(values.notna().sum()) else None


#: A number followed by a percent sign or, after a space, a unit ('1.23%', '0.152 pts'; not
#: a name such as '7b').
_NUMBER_WITH_UNIT = re.compile(r"^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
                               r"(?:\s*%|\s+[A-Za-z]{1,10}\.?)\s*$")


def not_row_numbers(df: pd.DataFrame, label: str) -> pd.Series:
    """The column ``label`` of ``df`` (taken by position: a label may be a number), its one
    numeric column; a DataError when ``df`` has other columns and one of them holds numbers
    written with a unit (``1.23%``), or ``label`` holds distinct consecutive integers
    (0..n-1, 1..n, in any order; at least 3, none missing): a row id, picked because the
    rewards beside it were not read as numbers."""
    picked = df.iloc[:, [str(c) for c in df.columns].index(label)]
    whole = pd.api.types.is_integer_dtype(picked)  # a step or an id, not scores
    for c in df.columns if df.shape[1] > 1 and whole else ():
        col = df[c]
        if str(c) == label or not (pd.api.types.is_object_dtype(col)
                                   or pd.api.types.is_string_dtype(col)):
            continue
        head = col.iloc[:1000].dropna().astype(str)
        if head.size >= 3 and head.str.match(_NUMBER_WITH_UNIT).mean() >= 0.9:
            # rewards written with a unit ('1.23%', '0.152 pts'): the numeric column beside
            # them (a step, an id) would be analysed in their place
            raise DataError(f"column {_show(c)} holds numbers written with a unit or sign "
                            f"(e.g. {_show(head.iloc[0])}), which are not read as numbers; "
                            f"the only numeric column is {_show(label)}. Convert {_show(c)} "
                            "to numbers (strip the '%' or the unit) and name the reward "
                            "column with column= (--column on the command line).")
    v = pd.to_numeric(picked, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    if df.shape[1] < 2 or v.size < 3 or not np.isfinite(v).all():
        return picked
    lo = float(v.min())
    if (float(v.max()) - lo != v.size - 1 or not np.array_equal(v, np.floor(v))
            or np.bincount((v - lo).astype(np.int64), minlength=v.size).max() != 1):
        return picked
    rest = [c for c in df.columns if str(c) != label]
    # a column with no value at all is empty, not text (a review: an all-NaN reward column
    # was "not numbers (e.g. nan)", with advice to strip units)
    empty = [c for c in rest if bool(df[c].isna().all())]
    text = [c for c in rest if c not in empty]
    said = ["the other columns are not numbers: " + ", ".join(
        f"{_show(c)} (e.g. {_show(df[c].iloc[0])})" for c in text)] if text else []
    if empty:
        said.append(f"{'and ' if text else ''}{', '.join(_show(c) for c in empty)} "
                    f"{'is' if len(empty) == 1 else 'are'} empty (all {len(df):,} values "
                    "missing)")
    raise DataError(f"the only numeric column {_show(label)} holds row numbers (distinct "
                    f"consecutive integers), not rewards; {'; '.join(said)}. "
                    + ("Convert the reward column to numbers (strip '%' or units, map "
                       "True/False) and name it with column= (--column on the command "
                       "line)." if text else "The rewards are missing from the file: check "
                       "the column that should hold them, or name another with column= "
                       "(--column on the command line)."))
