"""Paired sequences and one-column inputs: ``check_pairs`` reads two paired sequences (an
error and a gold score) as one sample is read; ``binary_gold`` reads True/False gold scores as
1 and 0; ``without_column_option`` words the intake's errors for functions that take a column,
not a table.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from tailstat._validation import Constraint, validate_params
from tailstat._warn import user_level
from tailstat.data._drop import _drop_missing
from tailstat.data._values import BOOLEAN_REWARDS, TABLE_HINT, _is_bool
from tailstat.data.intake import ANY_INPUT, PICK_COLUMN, _read_values
from tailstat.errors import DataError, InputWarning

__all__ = ["BOOLEAN_REWARDS", "binary_gold", "check_pairs", "check_same_index",
           "constant_error", "without_column_option"]


class _TwoNames(Constraint):
    """A tuple of two strings (a third name met a bare zip error: a review)."""

    text = "a tuple of the two names, e.g. ('reward', 'gold')"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, tuple) and len(value) == 2 and all(
            isinstance(v, str) for v in value)


@validate_params({"names": [_TwoNames()]})
def check_pairs(a: Any, b: Any, names: tuple[str, str], *, warn: str | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Two paired sequences as float64 arrays without the pairs that miss a value on either
    side.

    Each is read as :func:`~tailstat.data.check_sample` reads a sample (lists holding
    ``None`` or ``"NA"``, Series of any dtype, polars, masked arrays, fractions); infinite
    values, unequal lengths and pandas Series with different indexes are refused. No size or
    constancy check: the caller knows what its statistic needs.

    Parameters
    ----------
    a, b : array-like
        The two sequences, of equal length.
    names : tuple of str
        Their names, for the errors.
    warn : str, optional
        The caller's name: when given, dropped pairs are said in an :class:`InputWarning`
        (how many, of how many), as the estimators say the missing values they drop.

    Returns
    -------
    tuple of numpy.ndarray
        The complete pairs, in order.
    """
    check_same_index(a, b, names)
    out = []
    for obj, name in zip((a, b), names, strict=True):
        try:
            arr, _, _ = _read_values(obj, None, name)
        except DataError as exc:
            raise without_column_option(exc) from None
        _drop_missing(arr, name=name, nan="drop")  # refuses infinite values, by position
        out.append(arr)
    if out[0].shape != out[1].shape:
        raise DataError(f"{names[0]} and {names[1]} must have equal lengths (pairs); got "
                        f"{out[0].size} and {out[1].size} instead.")
    keep = ~(np.isnan(out[0]) | np.isnan(out[1]))
    dropped = int(keep.size - np.count_nonzero(keep))
    if warn is not None and dropped:
        warnings.warn(f"{warn}: {dropped} of the {keep.size} ({names[0]}, {names[1]}) pairs "
                      "had a missing value (NaN, NA, None or masked) on one side or both and "
                      f"{'was' if dropped == 1 else 'were'} dropped; n counts the other pairs.",
                      InputWarning, stacklevel=user_level())
    return out[0][keep], out[1][keep]


def binary_gold(values: Any) -> Any:
    """Gold scores that are booleans (binary preferences: True the preferred answer) as 1.0
    and 0.0, a missing one as NaN; any other ``values`` as they are.

    The one reading of binary gold, for ``analyze(gold=<bool column>)`` and for the Goodhart
    functions' ``v`` alike: rewards that are booleans are refused, but a gold score of True or
    False is a label (a review: ``goodhart_summary(u, v > 1)`` refused what ``analyze``
    accepts). A pandas Series keeps its name and index; a masked array its mask.
    """
    if isinstance(values, np.ma.MaskedArray) and values.dtype.kind == "b":
        return np.ma.masked_array(np.ma.getdata(values).astype(np.float64),
                                  mask=np.ma.getmaskarray(values))
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        return values.astype(np.float64)
    if isinstance(values, (list, tuple)):
        given = [v for v in values if not (v is np.ma.masked or _missing(v))]
        if not given or not all(map(_is_bool, given)):
            return values
        values = pd.Series(list(values), dtype=object)
    if not isinstance(values, pd.Series):
        return values
    if pd.api.types.is_bool_dtype(values.dtype):
        return pd.Series(values.to_numpy(dtype=np.float64, na_value=np.nan),
                         index=values.index, name=values.name)
    if pd.api.types.is_object_dtype(values.dtype):
        given = values[~values.map(lambda v: v is np.ma.masked)].dropna()
        if len(given) and given.map(_is_bool).all():  # True / False with None or NaN
            return values.map(lambda v: np.nan if v is np.ma.masked or pd.isna(v)
                              else float(v)).astype(np.float64)
    return values


def _missing(v: Any) -> bool:
    """A missing scalar (None, NaN, pd.NA, NaT)."""
    return v is None or (pd.api.types.is_scalar(v) and bool(pd.isna(v)))


def without_column_option(exc: DataError) -> DataError:
    """The intake's error reworded for a function that takes columns, not tables (it has no
    ``column=`` and reads no path, which the intake's messages advise): a table of several
    numeric columns (pass the column itself), a 2-D array, and what it cannot read at all
    (pass an array or a Series). Any other error is returned as it is."""
    text = str(exc)
    if TABLE_HINT in text:  # a 2-D array: no DataFrame with column= either
        # every entry a reward (a batch of prompts x generations): all of them, not one
        # column, which had been the only advice and kept 1 of 8 rewards (a review)
        return DataError(text.replace(TABLE_HINT, "(arr.ravel() when every entry is a reward, "
                                                  "e.g. prompts x generations; one column, "
                                                  "arr[:, 0] or df['reward'], when the "
                                                  "columns are different things)"))
    if ANY_INPUT in text:  # (a review: update() was advised column= and a path it refuses)
        return DataError(text.replace(ANY_INPUT, "pass an array or a Series of rewards (a "
                                                 "generator or a set: make it a list first)"))
    if PICK_COLUMN not in text:
        return exc
    return DataError(text.replace(PICK_COLUMN, "pass the column itself (e.g. df['reward']), "
                                               "not the table"))


def constant_error(u: np.ndarray, v: np.ndarray) -> bool:
    """Whether the error ``u - v`` is constant up to the rounding of the scores: its range
    within four float steps of the largest score (a reward that is gold plus a constant,
    whose error read as a tail of a few float steps; a review)."""
    with np.errstate(over="ignore", invalid="ignore"):
        x = u - v
    return bool(x.size > 1 and np.isfinite(x).all() and np.ptp(x) <= 4 * np.spacing(
        max(float(np.abs(u).max()), float(np.abs(v).max()))))


def check_same_index(a: Any, b: Any, names: tuple[str, str]) -> None:
    """Refuse two pandas objects (Series, or one-column DataFrames) whose indexes differ:
    paired values are read by position, so ``tail_dependence(err, gold)`` on Series indexed
    in different orders paired the wrong rows without a word (pandas users expect alignment
    by label; a review found a DataFrame beside a Series still paired so)."""
    kinds = (pd.Series, pd.DataFrame)
    if isinstance(a, kinds) and isinstance(b, kinds) and len(a) != len(b):
        return  # unequal lengths: said as such where the lengths are checked (a review)
    if isinstance(a, kinds) and isinstance(b, kinds) and not a.index.equals(b.index):
        axis = ", axis=0" if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame) else ""
        said = (f"{names[0]} and {names[1]} are pandas Series" if not axis else
                f"{names[0]} (a pandas {type(a).__name__}) and {names[1]} (a pandas "
                f"{type(b).__name__}) come")
        raise DataError(f"{said} with different indexes, "
                        "but their values are paired by position; align them first "
                        f"({names[0]}, {names[1]} = {names[0]}.align({names[1]}, join='inner'"
                        f"{axis})) or pass arrays in the same row order.")
