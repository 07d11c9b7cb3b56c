"""Which rows a Goodhart summary was made from: a small fingerprint, and the check that one
summary's rewards are the rows of another or a subset of them.

:func:`tailstat.goodhart.with_gold_comparison` joins the summary of a reward over all its rows
with the gold comparison of the rows that have a gold score; made from unrelated samples, it
wrote a verdict about a reward from another sample's gold (a review: a heavy reward with no
gold was called "the true utility's"). The summaries do not keep their rows, so each keeps a
fingerprint of them (:func:`rows_fingerprint`, in ``settings["rows_fingerprint"]``):

- ``n``, ``min`` and ``max`` of the rewards;
- ``hash``: the sum modulo 2^64 of a 64-bit hash of each reward (a multiset hash: it does not
  depend on the rows' order), which equal sets of rows share;
- ``sketch``: the :data:`SKETCH` smallest distinct hashes (a bottom-k sketch). If the paired
  rewards are among the reward's rows, every hash of theirs no larger than the largest in the
  reward's sketch is in that sketch; an unrelated sample of ``m`` rewards beside ``N`` has
  about ``SKETCH m / N`` hashes there, each of which exposes it (all of them below
  :data:`SKETCH` distinct values: the check of the distinct values is then exact).

:func:`check_rows_within` never refuses rows that are the reward's or a subset of them; it
refuses for sure a paired sample with more rows, values outside the reward's range or, with as
many rows, other values, and otherwise an unrelated sample with probability about
``1 - exp(-SKETCH m / N)`` (3,000 rows beside 50,000: 1 - 5e-4).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tailstat.errors import DataError

__all__ = ["SKETCH", "check_rows_within", "rows_fingerprint"]

#: The number of smallest distinct hashes a fingerprint keeps.
SKETCH = 128

_MASK = (1 << 64) - 1


def _hashes(x: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each value (splitmix64's finaliser on its float64 bits; -0.0 as 0.0)."""
    bits = (np.asarray(x, dtype=np.float64) + 0.0).view(np.uint64)  # (a copy: x is kept)
    z = bits + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))  # type: ignore[no-any-return]


def _smallest_distinct(h: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` smallest distinct values of ``h`` (all of them when fewer), sorted."""
    some = 4 * k
    if h.shape[0] > some:
        low = np.unique(np.partition(h, some - 1)[:some])
        if low.shape[0] >= k:  # the smallest distinct values are all among the smallest
            return low[:k]
    return np.unique(h)[:k]


def rows_fingerprint(x: np.ndarray) -> dict[str, Any]:
    """The fingerprint of a sample of rewards (see the module's notes).

    Parameters
    ----------
    x : numpy.ndarray
        The checked rewards (finite floats); not changed.

    Returns
    -------
    dict
        ``n``, ``min``, ``max``, ``hash`` (an integer) and ``sketch`` (a list of at most
        :data:`SKETCH` integers): JSON-safe.
    """
    h = _hashes(x)
    total = int(np.sum(h, dtype=np.uint64)) & _MASK  # (unsigned sums wrap modulo 2^64)
    return {"n": int(x.shape[0]), "min": float(np.min(x)), "max": float(np.max(x)),
            "hash": total, "sketch": [int(s) for s in _smallest_distinct(h, SKETCH)]}


def _not_within(reward: dict[str, Any], paired: dict[str, Any]) -> str | None:
    """Why the rows of ``paired`` cannot be those of ``reward`` or a subset of them (None: they
    may be)."""
    n_r, n_p = int(reward["n"]), int(paired["n"])
    if n_p > n_r:
        return f"it has {n_p:,} rewards, more than the reward summary's {n_r:,}"
    if n_p == n_r and int(paired["hash"]) != int(reward["hash"]):
        return f"it has as many rewards ({n_p:,}) as the reward summary, but other values"
    if float(paired["min"]) < float(reward["min"]) or float(paired["max"]) > float(reward["max"]):
        return (f"its rewards span [{float(paired['min']):.6g}, {float(paired['max']):.6g}], "
                f"past the reward summary's [{float(reward['min']):.6g}, "
                f"{float(reward['max']):.6g}]")
    own = set(map(int, reward["sketch"]))
    # the reward's sketch holds every hash up to its largest (all of them when it is short)
    top = max(own) if len(own) >= SKETCH else math.inf
    foreign = [h for h in map(int, paired["sketch"]) if h <= top and h not in own]
    if foreign:
        return (f"at least {len(foreign)} of its rewards are not among the reward summary's "
                f"{n_r:,} rows")
    return None


def check_rows_within(reward: dict[str, Any] | None, paired: dict[str, Any] | None) -> None:
    """Refuse a paired summary whose rewards are not the reward summary's rows or a subset of
    them (their fingerprints, :func:`rows_fingerprint`; either missing, from a summary saved
    before they were kept: nothing is checked).

    Raises
    ------
    DataError
        Naming what differs, and what to pass instead.
    """
    if reward is None or paired is None:
        return
    why = _not_within(reward, paired)
    if why is not None:
        raise DataError(
            "with_gold_comparison: the paired summary is not of the reward summary's rows or "
            f"a subset of them ({why}), so its gold comparison says nothing about this reward. "
            "Make both from the same rewards: goodhart_summary(u) over all the rows and "
            "goodhart_summary(u[has_gold], v[has_gold]) over those with a gold score.")
