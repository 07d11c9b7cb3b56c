"""Missing and non-finite values of a numeric array: NaN dropped (or refused), infinite values
refused, and the largest floats that stand in for an overflow refused with them."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from tailstat._validation import InstanceOf, validate_params
from tailstat.data._values import INFINITE_HINT, NAN_DROP_HINT
from tailstat.errors import DataError, MissingValuesError

__all__ = ["FLOAT_MAXIMA", "_drop_missing", "_refuse_float_maxima", "refused_at", "refused_words"]

#: The largest float64 and float32: what ``numpy.nan_to_num`` puts for infinity, and where a
#: cast that overflows the float32 range ends when clipped. Read as a value, one of them made
#: a normal sample's tail "heavy, P = 0.98" with a shape of 0.002 (a review).
FLOAT_MAXIMA = (float(np.finfo(np.float64).max), float(np.finfo(np.float32).max))


def _drop_missing(arr: np.ndarray, *, name: str, nan: str,
                  row: Callable[[int], str] | None = None) -> tuple[np.ndarray, int]:
    """``arr`` without its NaN (and how many were dropped); infinite values, and the largest
    floats that stand in for them, are an error (``row``: where position ``p`` of ``arr`` is
    in the caller's table, for the message)."""
    # Two cheap passes: a finite maximum and minimum prove there is no NaN and no inf (NaN
    # propagates through both), and are what the float-maximum check reads; only otherwise
    # is the array checked element-wise.
    if arr.shape[0] == 0:
        return arr, 0
    hi, lo = float(np.max(arr)), float(np.min(arr))
    if math.isfinite(hi) and math.isfinite(lo):
        _refuse_float_maxima(arr, name, row, ends=(hi, lo))
        return arr, 0
    _refuse_float_maxima(arr, name, row)  # (NaN left out; positions in the caller's array)
    inf = np.flatnonzero(np.isinf(arr))
    if inf.size:
        where = int(inf[0])
        raise DataError(
            f"{name!r} contains {inf.size} infinite value(s) (first at "
            f"{row(where) if row is not None else f'position {where}, 0-based'}). "
            f"{INFINITE_HINT}")
    # one boolean mask at a time: the copy below is the peak (1.125x the array)
    isnan = np.isnan(arr)
    n_dropped = int(isnan.sum())
    if nan == "raise":
        raise MissingValuesError(name, n_dropped, NAN_DROP_HINT)
    np.logical_not(isnan, out=isnan)  # the mask of the values kept, in place
    return arr[isnan], n_dropped


def _refuse_float_maxima(arr: np.ndarray, name: str,
                         row: Callable[[int], str] | None = None,
                         ends: tuple[float, float] | None = None) -> None:
    """A :class:`DataError` when ``arr`` holds +/- the largest float64 or float32 (an
    infinity or an overflow in disguise). ``ends``: its maximum and minimum, when known.
    Only the extremes are read: a float32 maximum among larger values is not seen."""
    if not arr.shape[0]:
        return
    if ends is None:  # NaN left out
        ends = (float(np.fmax.reduce(arr)), float(np.fmin.reduce(arr)))
    for end in (ends[0], -ends[1]):
        if end in FLOAT_MAXIMA:
            at = np.flatnonzero(np.abs(arr) == end)
            which = "float64" if end == FLOAT_MAXIMA[0] else "float32"
            where = row(int(at[0])) if row is not None else f"position {int(at[0])}, 0-based"
            raise DataError(
                f"{name!r} contains {at.size} value(s) of +/-{end!r}, the largest {which} "
                f"(first at {where}): numpy.nan_to_num puts it for an infinity, and an "
                f"overflow clipped to the float range ends there. {INFINITE_HINT}")


@validate_params({"values": [InstanceOf(np.ndarray, text="a numpy array")]})
def refused_at(values: np.ndarray) -> np.ndarray:
    """Where ``values`` hold what the intake refuses as infinite: +/-inf, or +/- the largest
    float64 or float32 (:data:`FLOAT_MAXIMA`), by position (the gold column and the Dask
    partitions locate them so).

    Parameters
    ----------
    values : numpy.ndarray

    Returns
    -------
    numpy.ndarray
        The positions, ascending.
    """
    try:
        values = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"refused_at reads numbers; got values of dtype {np.asarray(values).dtype}"
                        " that are not all numbers (check_sample reads and names them).") from None
    return np.flatnonzero(np.isinf(values) | np.isin(np.abs(values), FLOAT_MAXIMA))


@validate_params({"exc": [InstanceOf(BaseException, text="an exception")]})
def refused_words(exc: BaseException) -> str:
    """What a group's values refused as infinite are called in a summary of ``exc``, the
    refusal of its first part: "infinite value(s)", or with the float maximum named when that
    was what ``exc`` refused (a review: Dask said "infinite" of 1.8e308).

    Parameters
    ----------
    exc : BaseException
        The refusal.

    Returns
    -------
    str
    """
    return ("infinite value(s) or float maxima" if "the largest float" in str(exc)
            else "infinite value(s)")
