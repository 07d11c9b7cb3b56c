"""The checks of the fields of :class:`tailstat.data.tail.UpperTail` built by hand (the
class's module is at its size limit): each returns the field as the class keeps it or
raises a :class:`tailstat.errors.DataError` that says how to build one."""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np

from tailstat.errors import DataError

__all__ = ["checked_desc", "checked_floor", "checked_median"]


def checked_desc(desc: Any, n: Any) -> np.ndarray:
    """``desc`` as float64, when it is what an :class:`UpperTail` holds: finite numbers in
    one dimension, descending, no more of them than ``n`` (an integer). A review: one built
    by hand with a NaN was classified without a word, one of 1 858 values with n = 500
    accepted, and a list or a column raised AttributeError or ValueError."""
    how = "build it with tailstat.upper_tail(x, k_max=...) from the sample"
    try:
        d = np.asarray(desc, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"UpperTail.desc must hold numbers (the largest values, descending); "
                        f"got {type(desc).__name__}: {how}.") from None
    if not d.flags.writeable and _writeable_base(d):
        # its own copy, checked: a read-only view of memory the caller can still write (a
        # review wrote NaN into values already checked as finite, through their base)
        d = d.copy()
        d.setflags(write=False)
    if d.ndim != 1 or d.size == 0:
        raise DataError(f"UpperTail.desc must be one non-empty row of values; got shape "
                        f"{d.shape}: {how}.")
    if not np.isfinite(d).all():
        raise DataError(f"UpperTail.desc holds {int(np.count_nonzero(~np.isfinite(d)))} "
                        f"missing or infinite value(s): {how} (it drops missing values).")
    if not np.all(d[1:] <= d[:-1]):
        raise DataError(f"UpperTail.desc must be in descending order (desc[0] the largest "
                        f"value): {how}.")
    if not isinstance(n, Integral) or isinstance(n, (bool, np.bool_)) or n < d.size:
        raise DataError(f"UpperTail.n must be the whole sample's size, an integer at least "
                        f"the {d.size:,} values desc holds; got {n!r}.")
    return d


def checked_floor(floor: Any, desc: np.ndarray, n: int) -> tuple[float, int]:
    """``UpperTail.floor`` checked (the error says how)."""
    try:
        value, count = floor
        ok = (isinstance(count, Integral) and not isinstance(count, (bool, np.bool_))
              and 1 <= int(count) <= n - int(np.count_nonzero(desc > float(value)))
              and math.isfinite(float(value)) and float(value) <= desc[-1])  # (n holds both)
        if ok and desc.size == n:
            ok = float(value) == desc[-1] and count == int(np.count_nonzero(desc == desc[-1]))
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise DataError(f"UpperTail.floor must be (the sample's minimum, how many values equal "
                        f"it): a finite value at most the smallest held "
                        f"({float(desc[-1])!r}) and an integer from 1 to n = {n:,}; got "
                        f"{floor!r}.")
    return float(value), int(count)


def checked_median(median: Any, desc: np.ndarray, n: int) -> float | None:
    """``UpperTail.median`` checked: None, or a finite number at most the smallest value
    ``desc`` holds, or between the two middle order statistics when it holds them. A review:
    "a" and NaN were taken, to fail later in a plot's centring or be drawn as "x - median";
    then any value up to the maximum with the middle values held."""
    if median is None:
        return None
    # between the two middle order statistics where desc holds them (descending: the upper
    # at (n - 1) // 2, the lower at n // 2), else at most the smallest value held
    upper = float(desc[min((n - 1) // 2, desc.size - 1)])
    lower = float(desc[n // 2]) if n // 2 < desc.size else -math.inf
    ok = isinstance(median, Real) and not isinstance(median, (bool, np.bool_))
    if not (ok and math.isfinite(float(median)) and lower <= float(median) <= upper):
        where = (f"from {lower!r} to {upper!r}, the middle values desc holds"
                 if lower > -math.inf else f"at most {upper!r}, the smallest value desc holds")
        raise DataError(f"UpperTail.median must be None or the sample's median, a finite "
                        f"number {where}; got {median!r}: build it with "
                        f"tailstat.upper_tail(x, median=True).")
    return float(median)


def _writeable_base(a: np.ndarray) -> bool:
    """Whether a read-only array is a view of memory that can still be written: an ndarray
    base that is writeable, or a buffer that is not read-only (a bytearray)."""
    b = a.base
    while isinstance(b, np.ndarray):
        if b.flags.writeable:
            return True
        b = b.base
    if b is None:
        return False
    try:
        return not memoryview(b).readonly
    except TypeError:  # a base with no buffer of its own (e.g. an mmap's wrapper): copied
        return True
