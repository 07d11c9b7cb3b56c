"""The error ``reward − gold`` of one group of an analysis, checked before it is read: rows
with both scores, gold that varies, a difference within the float range, and an error that is
not a constant (:func:`tailstat.analyze` with ``gold=``)."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from tailstat.data.pairs import constant_error
from tailstat.errors import DataError

__all__ = ["CONSTANT_ERROR", "gold_error"]

#: The words of the note of a group whose reward is its gold score plus a constant (explain()
#: finds those groups by them).
CONSTANT_ERROR = "the reward is the gold score plus a constant"


def gold_error(key: Hashable, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The error ``u - v`` of the group ``key`` (its rewards ``u`` and gold scores ``v``, the
    rows with both), or a :class:`DataError` saying why it has no tail to read."""
    if u.size == 0:
        raise DataError(f"no row of {str(key)!r} has both a reward and a gold score, so the "
                        "error (reward - gold) cannot be analysed for this group.")
    if v.size > 1 and v.max() == v.min():  # (np.ptp overflowed across the float range)
        # a constant gold score says nothing about the reward's errors: the error
        # would be the reward shifted, and its "heavy" the catastrophic-Goodhart verdict
        raise DataError(f"the gold scores of {str(key)!r} are all equal ({v[0]:g}): they "
                        "carry no information about the reward's errors (the error "
                        "reward − gold would be the reward shifted), so the error is "
                        "not analysed for this group.")
    with np.errstate(over="ignore"):
        x = u - v
    if not np.isfinite(x).all():
        raise DataError(f"the error reward − gold of {str(key)!r} overflows (scores near the "
                        "largest float); rescale the scores (e.g. divide by a power "
                        "of 10).")
    if constant_error(u, v):
        # the reward is gold plus a constant, up to the rounding of the sums: read
        # as a tail of a few float steps, blamed on a large offset (a review)
        raise DataError(f"the error reward − gold of {str(key)!r} is constant (about "
                        f"{float(np.median(x)):g}) up to float64 rounding: "
                        f"{CONSTANT_ERROR}, so the error has no tail to analyse.")
    return x
