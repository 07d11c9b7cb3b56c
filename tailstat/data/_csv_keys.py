"""CSV columns that write one number two ways ("1" and "01", "1.1" and "1.10"): as numbers
such keys are one group, where a DataFrame, Parquet or JSON file keeps them apart (a review).
Such a column is read again as text, unless its two spellings are one whole number ("3" and
"3.0", as joined parts of a file write an integer column with and without a missing value),
which stays a number, with a warning that says how to read it as text.

The whole column is looked at, not its first rows (a review: 120,000 rows with "1.10" only
in the last 12,000, or "01" only past row 100,000, were one group without a word), and a
column of decimals however many keys it holds, as long as its values repeat (a review: 51
versions "1.1" ... "1.51" made 46 groups). The texts are read with pyarrow (a fraction of
the time of pandas), and only of columns whose values repeat: a column of scores, nearly
every value its own, is not read twice."""

from __future__ import annotations

import mmap
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tailstat._warn import user_level
from tailstat.data._file_problems import COMPRESSIONS
from tailstat.data._values import LEADING_ZERO
from tailstat.errors import InputWarning

__all__ = ["keys_as_text"]

#: A numeric column of at most _EXACT values is looked at whole (integers always, decimals
#: where their values repeat: at most half as many values as rows); a longer one only when
#: _SAMPLE of its values, spread over the column, repeat so (a column of scores or of row
#: ids, nearly every value its own, is not read again: it tripled the time of reading a
#: large CSV). (A first cap of 50 values for decimals split 51 versions into 46 groups.)
_EXACT, _SAMPLE = 100_000, 20_000

#: The distinct texts of a column (stripped) and each row's index into them (-1: missing).
_Texts = tuple[np.ndarray, np.ndarray]


def keys_as_text(df: pd.DataFrame, path: Path, sep: str, header: bool, decimal: str = "."
                 ) -> pd.DataFrame:
    """``df`` (the rows of the CSV ``path``, whose decimal mark is ``decimal``) with each
    column that holds, anywhere in the file, one number written two ways read again as
    text, with a warning: an integer column with a leading zero beside the same number
    written otherwise, or a column of repeated decimals (keys, not scores) with two texts of
    one non-whole number (versions ``"1.1"``, ``"1.10"``). Codes that stay distinct ("00"
    ... "09") stay numbers; text numbers are still read as scores. Other spellings of one
    whole number (``"+1"`` and ``"1"``, ``"3"`` and ``"3.0"``) stay numbers, with a warning.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read; changed in place (it is the reader's own, not a caller's).
    path : Path
        The CSV file.
    sep, decimal : str
        Its field separator and decimal mark.
    header : bool
        Whether its first line is a header of names.

    Returns
    -------
    pandas.DataFrame
        ``df``. Only numeric columns whose values repeat are looked at, and a column is
        replaced only where its text, read again, gives the numbers of ``df`` row by row (a
        repeated header the reader dropped, a footer: left as numbers, and said so).
    """
    cand = [i for i in range(df.shape[1]) if _may_be_keys(df.iloc[:, i])]
    if not cand:
        return df
    texts = _texts(path, sep, header, df.shape[1], cand)
    for i in cand:
        col = df.columns[i]
        codes, distinct = texts[i]
        words = pd.Series(distinct, dtype=object)
        # '-0.0' beside '0.0' is one number written as pandas writes it, no clash of keys
        words = words[~words.str.match(r"^\s*-0*\.?0*\s*$")].reset_index(drop=True)
        # read with the file's decimal mark (a review: "1,1" and "1,10" of a ';' file read
        # as no numbers, so their clash was never seen)
        words = words[_numbers(words, decimal).notna()].reset_index(drop=True)
        num = _numbers(words, decimal)  # of numbers alone: ids past 2**53 stay exact integers
        clash = num.duplicated(keep=False)
        if not pd.api.types.is_integer_dtype(df[col]):
            # versions as keys ('1.1' and '1.10'): a column whose values repeat, not scores
            # (an integer column's two texts of one number differ in spelling alone: "01",
            # "+1"; a review: "+1" beside "1" was one group without a word)
            clash &= bool(num.size <= 0.5 * df[col].notna().sum())
        if not clash.any():  # zero-padded codes that stay distinct ("00" ... "09"): no loss
            continue
        same = words[num == num[clash].iloc[0]].tolist()
        lead = bool(words[clash].str.match(LEADING_ZERO).any())
        whole = bool((num[clash] == np.floor(num[clash])).all())
        said = f"{' and '.join(map(repr, same[:3]))}"
        how = ("a leading zero" if lead else "a leading '+'" if bool(
            words[clash].str.match(r"^\s*\+").any()) else "an exponent" if bool(
            words[clash].str.contains(r"[eE]").any()) else "trailing zeros")
        if (lead or not whole) and (_put_text(df, i, codes, distinct, decimal)
                                    or _read_as_text(df, i, path, sep, header, decimal)):
            warnings.warn(
                f"column {str(col)!r} of '{path.name}' holds {said}, one number written two "
                f"ways ({how}): read as text, so that as keys they stay apart (as in a "
                "DataFrame, Parquet or JSON file); as scores, text numbers are still read as "
                "numbers.", InputWarning, stacklevel=user_level())
            continue
        warnings.warn(
            f"column {str(col)!r} of '{path.name}' is read as numbers, which makes {said} one "
            f"value ({how}): if it names groups, read the file yourself with "
            f"pandas.read_csv(path, dtype={{{str(col)!r}: str}}) and pass the DataFrame (on "
            "the command line: save the table as Parquet or JSON lines with that column as "
            "text).", InputWarning, stacklevel=user_level())
    return df


def _may_be_keys(col: pd.Series) -> bool:
    """Whether the numeric ``col`` may hold group keys: integers, or decimals whose values
    repeat (at most half as many values as present ones); past :data:`_EXACT` values, judged
    by :data:`_SAMPLE` of them spread over the column (so that a column of scores costs one
    look at a sample, not a hash of every row: 1.4 s for 5·10^6 rows)."""
    integer = pd.api.types.is_integer_dtype(col)
    if not (integer or pd.api.types.is_float_dtype(col)):
        return False
    if len(col) <= _EXACT:
        values = col.dropna()
        return integer or values.nunique() <= 0.5 * values.size
    sample = col.iloc[:: len(col) // _SAMPLE].dropna()  # (no copy of the whole column)
    return bool(sample.nunique() <= 0.5 * sample.size)


def _numbers(words: pd.Series, decimal: str) -> pd.Series:
    """The numbers ``words`` (texts) spell with the decimal mark ``decimal`` (NaN: none)."""
    if decimal != ".":
        words = words.str.replace(decimal, ".", regex=False)
    return pd.to_numeric(words, errors="coerce")


def _texts(path: Path, sep: str, header: bool, width: int, cand: list[int]
           ) -> dict[int, _Texts]:
    """The texts of the columns ``cand`` of the CSV ``path`` (``width`` columns), every row:
    by pyarrow (0.4 s for two columns of 5·10^6 rows, where pandas took 2.8 s), rows it
    cannot split skipped (the rows are lined up with ``df``'s later, or not used); by pandas
    where pyarrow cannot read the file."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    names = [f"c{i}" for i in range(width)]
    try:
        table = pv.read_csv(
            path,
            read_options=pv.ReadOptions(column_names=names, skip_rows=int(header)),
            parse_options=pv.ParseOptions(delimiter=sep, newlines_in_values=_quoted(path),
                                          ignore_empty_lines=width > 1,
                                          invalid_row_handler=_skip_row),
            convert_options=pv.ConvertOptions(
                include_columns=[names[i] for i in cand],
                column_types={names[i]: pa.string() for i in cand},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
        found = {}
        for i in cand:
            coded = pc.dictionary_encode(table.column(names[i]).combine_chunks())
            found[i] = _stripped(coded.indices.to_numpy(zero_copy_only=False),
                                 coded.dictionary.to_numpy(zero_copy_only=False))
        return found
    except (pa.ArrowException, OSError, ValueError, UnicodeError):
        text = pd.read_csv(path, sep=sep, header=0 if header else None, usecols=cand,
                           dtype=str, keep_default_na=True)
        return {i: _stripped(*pd.factorize(text.iloc[:, j], use_na_sentinel=True))
                for j, i in enumerate(cand)}


def _skip_row(row: Any) -> str:
    """pyarrow's handler of a row of the wrong number of fields (a footer): skip it."""
    return "skip"


def _quoted(path: Path) -> bool:
    """Whether the file ``path`` may hold a quoted field (with a line break in it: pyarrow
    reads such files more slowly); a compressed one may."""
    if path.suffix.lower() in COMPRESSIONS:
        return True
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm.find(b'"') >= 0


def _stripped(codes: np.ndarray, words: np.ndarray) -> _Texts:
    """``(codes, words)`` with the words stripped (of spaces and a byte-order mark), those
    that become one merged (-1 in ``codes``: missing, stays so)."""
    clean = pd.Series(words, dtype=object).str.strip().str.lstrip("\ufeff")
    merged, distinct = pd.factorize(clean, use_na_sentinel=True)
    if len(distinct) == len(words) and bool((merged == np.arange(len(words))).all()):
        return codes, np.asarray(distinct, dtype=object)  # as written (most files): as is
    mapped = np.append(merged, -1)[np.where(codes < 0, len(merged), codes)]
    return mapped, np.asarray(distinct, dtype=object)


def _put_text(df: pd.DataFrame, i: int, codes: np.ndarray, words: np.ndarray,
              decimal: str) -> bool:
    """Put column ``i`` of ``df`` as text (``words[codes]``), if it has the numbers of
    ``df``'s column row by row and its missing values where ``df`` has them (rows read by
    pyarrow line up with pandas'); whether it did."""
    if len(codes) != len(df):
        return False
    at = codes if codes.size == 0 or codes.min() >= 0 else np.where(codes < 0, len(words),
                                                                      codes)
    nums = np.append(_numbers(pd.Series(words, dtype=object), decimal).to_numpy(float), np.nan)
    back = nums[at]
    have = pd.to_numeric(df.iloc[:, i], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    gaps = np.isnan(have)
    if not np.array_equal(gaps, np.isnan(back)):
        return False
    off = ~gaps & (back != have)  # the same number parsed twice: equal but in the last place
    if off.any() and not np.allclose(back[off], have[off], rtol=1e-12, atol=0.0):
        return False
    # '-0.0' beside '0.0': one number as pandas writes it, one key (a review: two groups)
    shown = pd.Series(words, dtype=object).str.replace(r"^-(?=0*\.?0*$)", "", regex=True)
    text = pd.Series([*shown, np.nan]).take(at)  # as pandas makes a column of texts
    if gaps.any():
        text[gaps] = np.nan
    df.isetitem(i, text.array)
    return True


def _read_as_text(df: pd.DataFrame, i: int, path: Path, sep: str, header: bool,
                  decimal: str = ".") -> bool:
    """Put column ``i`` of the CSV ``path`` into ``df`` as text (stripped), if read again by
    pandas it has the numbers of ``df``'s column row by row, its missing values where ``df``
    has them (blank lines as the reader has them: kept in a file of one column; a comment
    footer past ``df``'s rows); whether it did."""
    whole = pd.read_csv(path, sep=sep, header=0 if header else None, usecols=[i], dtype=str,
                        skip_blank_lines=df.shape[1] > 1).iloc[:, 0]
    if len(whole) < len(df):
        return False
    whole = whole.iloc[:len(df)].str.strip()
    back = _numbers(whole, decimal).to_numpy(dtype=float)
    have = pd.to_numeric(df.iloc[:, i], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    gaps = np.isnan(have)
    if not (np.array_equal(gaps, np.isnan(back))
            and np.allclose(back[~gaps], have[~gaps], rtol=1e-12, atol=0.0)):
        return False
    # '-0.0' beside '0.0': one number as pandas writes it, one key (a review: two groups)
    df.isetitem(i, whole.str.replace(r"^-(?=0*\.?0*$)", "", regex=True).to_numpy(dtype=object))
    return True
