"""CSV columns that write one number two ways ("1" and "01", "1.1" and "1.10"): as numbers
such keys are one group, where a DataFrame, Parquet or JSON file keeps them apart (a review).
Such a column is read again as text, unless its two spellings are one whole number ("3" and
"3.0", as joined parts of a file write an integer column with and without a missing value),
which stays a number, with a warning that says how to read it as text."""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from pathlib import Path

import numpy as np
import pandas as pd

from tailstat._warn import user_level
from tailstat.data._values import LEADING_ZERO
from tailstat.errors import InputWarning

__all__ = ["keys_as_text", "warn_unchecked_keys"]

#: Rows of a CSV read again, as text, to look for such identifiers in its integer columns;
#: and a column of decimals with at most _FEW_KEYS values, each repeated (at most half as
#: many values as rows), may be keys (versions), not scores. (1,000 was tried: rounded
#: scores written "0.1" and "0.10" were then warned of as keys, and read twice: review 389.)
_KEY_PROBE, _FEW_KEYS = 100_000, 50


def keys_as_text(df: pd.DataFrame, path: Path, sep: str, header: bool, decimal: str = "."
                 ) -> pd.DataFrame:
    """``df`` (the rows of the CSV ``path``, whose decimal mark is ``decimal``) with each
    column that holds, in its first :data:`_KEY_PROBE` rows, one number written two ways
    read again as text, with a warning: an integer column with a leading zero beside the
    same number written otherwise, or a column of few decimals (keys, not scores) with two
    texts of one non-whole number (versions ``"1.1"``, ``"1.10"``). Codes that stay distinct
    ("00" ... "09") stay numbers; text numbers are still read as scores. Other spellings of
    one whole number (``"+1"`` and ``"1"``, ``"3"`` and ``"3.0"``) stay numbers, with a
    warning. Only numeric columns are probed, and a column is replaced only where its text,
    read again, gives the numbers of ``df`` row by row (a repeated header the reader dropped,
    a footer: left as numbers, and said so)."""
    # integer columns, and columns of decimals with few values (keys, not scores: a column
    # of scores is not read twice, which tripled the time of reading a large CSV)
    cand = [i for i, c in enumerate(df.columns) if pd.api.types.is_integer_dtype(df.iloc[:, i])
            or (pd.api.types.is_float_dtype(df.iloc[:, i])
                and df.iloc[:_KEY_PROBE, i].nunique() <= _FEW_KEYS)]
    # columns of decimals the check did not read whole (many values, or rows past the probe):
    # said if one of them names groups (review 413: 1.10 was folded into 1.1 without a word)
    df.attrs["tailstat_keys_unchecked"] = [
        str(c) for i, c in enumerate(df.columns) if pd.api.types.is_float_dtype(df.iloc[:, i])
        and (i not in cand or len(df) > _KEY_PROBE)]
    if not cand:
        return df
    text = pd.read_csv(path, sep=sep, header=0 if header else None, usecols=cand, dtype=str,
                       keep_default_na=True, nrows=_KEY_PROBE)
    for j, i in enumerate(cand):
        col = df.columns[i]
        present = text.iloc[:, j].dropna().str.strip()
        words = pd.Series(present.unique())
        # '-0.0' beside '0.0' is one number written as pandas writes it, no clash of keys
        words = words[~words.str.match(r"^\s*-0*\.?0*\s*$")].reset_index(drop=True)
        # read with the file's decimal mark (a review: "1,1" and "1,10" of a ';' file read
        # as no numbers, so their clash was never seen)
        num = pd.to_numeric(words if decimal == "." else words.str.replace(decimal, ".",
                                                                           regex=False),
                            errors="coerce")
        if pd.api.types.is_integer_dtype(df[col]):
            # every clash: an integer column's two texts of one number differ in spelling
            # alone ("01", "+1"; a review: "+1" beside "1" was one group without a word)
            clash = num.notna() & num.duplicated(keep=False)
        else:  # versions as keys ('1.1' and '1.10'): a column of few values, not of scores
            few = words.size <= min(_FEW_KEYS, 0.5 * present.size)
            clash = num.notna() & num.duplicated(keep=False) & few
            if not few:  # (more texts than the check reads as keys)
                df.attrs["tailstat_keys_unchecked"].append(str(col))
        if not clash.any():  # zero-padded codes that stay distinct ("00" ... "09"): no loss
            continue
        same = words[num == num[clash].iloc[0]].tolist()
        lead = bool(words[clash].str.match(LEADING_ZERO).any())
        whole = bool((num[clash] == np.floor(num[clash])).all())
        said = f"{' and '.join(map(repr, same[:3]))}"
        how = ("a leading zero" if lead else "a leading '+'" if bool(
            words[clash].str.match(r"^\s*\+").any()) else "an exponent" if bool(
            words[clash].str.contains(r"[eE]").any()) else "trailing zeros")
        if (lead or not whole) and _read_as_text(df, i, path, sep, header, decimal):
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


def _read_as_text(df: pd.DataFrame, i: int, path: Path, sep: str, header: bool,
                  decimal: str = ".") -> bool:
    """Put column ``i`` of the CSV ``path`` into ``df`` as text (stripped), if read again it
    has the numbers of ``df``'s column row by row, its missing values where ``df`` has them
    (blank lines as the reader has them: kept in a file of one column; a comment footer
    past ``df``'s rows); whether it did."""
    whole = pd.read_csv(path, sep=sep, header=0 if header else None, usecols=[i], dtype=str,
                        skip_blank_lines=df.shape[1] > 1).iloc[:, 0]
    if len(whole) < len(df):
        return False
    whole = whole.iloc[:len(df)].str.strip()
    back = pd.to_numeric(whole if decimal == "." else whole.str.replace(decimal, ".",
                                                                       regex=False),
                         errors="coerce").to_numpy(dtype=float)
    have = pd.to_numeric(df.iloc[:, i], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    gaps = np.isnan(have)
    if not (np.array_equal(gaps, np.isnan(back))
            and np.allclose(back[~gaps], have[~gaps], rtol=1e-12, atol=0.0)):
        return False
    # '-0.0' beside '0.0': one number as pandas writes it, one key (a review: two groups)
    df.isetitem(i, whole.str.replace(r"^-(?=0*\.?0*$)", "", regex=True).to_numpy(dtype=object))
    return True


def warn_unchecked_keys(frame: pd.DataFrame, by: tuple[Hashable, ...] | None) -> None:
    """A warning for each ``by=`` column of a CSV's ``frame`` that holds decimals the check
    of :func:`keys_as_text` did not read whole: as numbers, "1.1" and "1.10" are one key."""
    unchecked = set(frame.attrs.get("tailstat_keys_unchecked") or ())
    for b in by or ():
        keys = (frame[b].dropna() if str(b) in unchecked
                and pd.api.types.is_float_dtype(frame[b]) else None)
        if keys is not None and len(keys) and not bool((keys == np.floor(keys)).all()):
            warnings.warn(
                f"the by= column {str(b)!r} of a CSV holds decimals read as numbers "
                f"({', '.join(f'{v:g}' for v in keys.unique()[:3])}, ...), past the check of "
                f"their spellings (its first {_KEY_PROBE:,} rows, columns of at most "
                f"{_FEW_KEYS} values): as numbers '1.1' and '1.10' are one key. If they are "
                f"names, read the file with pandas.read_csv(path, dtype={{{str(b)!r}: str}}) "
                "and pass the DataFrame (on the command line: save the table as Parquet or "
                "JSON lines with that column as text).", InputWarning, stacklevel=user_level())
