"""The depths every path of an analysis reads, by sample size: the classifier's tail level
and what a sketch of the automatic capacity holds. Here, below every package that uses them
(the classifier, sketches, and the GPD fit of a sketch, which the classifier imports)."""

from __future__ import annotations

__all__ = ["MIN_HELD", "held_depth", "tail_level"]

#: Samples up to this size are held whole by every path of an analysis.
MIN_HELD = 1000


def tail_level(n: int) -> int:
    """The classifier's tail level ``k2 = max(10, min(n // 10, round(n^(2/3))))``."""
    return int(max(10, min(n // 10, round(n ** (2.0 / 3.0)))))


def held_depth(n: int) -> int:
    """The top order statistics every path of an analysis of ``n`` values holds:
    ``min(n, max(1000, 5 k + 1))`` with ``k`` the tail level (:func:`tail_level`), the deepest
    point of the report's estimator paths; the automatic capacity of a sketch
    (:func:`tailstat.sketch.capacity_for`), and so what ``analyze`` keeps of each group and
    Dask of each partition. A tied run the classifier spreads over its step is counted within
    this depth only, so that the rows, a sketch of them and Dask give one verdict.

    Parameters
    ----------
    n : int
        The sample size.

    Returns
    -------
    int
    """
    if n <= 0:
        return 0
    return int(min(n, max(MIN_HELD, 5 * tail_level(n) + 1)))
