"""Exact bootstrap of the upper order statistics from the upper tail alone.

Draw a resample of size ``m`` with replacement from a sample of size ``n``. Only its top
``need`` order statistics matter to a tail estimator. The number of draws that land among
the ``K`` largest original values is Binomial(m, K/n) and, given that number, the draws are
uniform over those ``K`` values. So when the count is at least ``need``, the resample's top
``need`` order statistics are the top ``need`` of those draws: the bootstrap is exact while
touching only ``K`` values instead of ``n`` (``K`` is chosen so that a shortfall has
probability below about 1e-9; on a shortfall the missing entries repeat the K-th value).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from tailstat import _validation as v
from tailstat.errors import DataError


def tail_pool_size(n: int, m: int, need: int) -> int:
    """How many top order statistics of the sample a size-``m`` resample's top ``need`` needs."""
    if m >= n and need >= n:
        return n
    # expected draws in the pool must exceed `need` by ~7 standard deviations
    target = need + 7.0 * math.sqrt(need) + 30.0
    k = math.ceil(target * n / m)
    return int(min(n, max(k, need)))


def resample_top(
    desc: np.ndarray, n: int, m: int, need: int, n_rep: int, rng: np.random.Generator
) -> np.ndarray:
    """Top ``need`` order statistics (descending) of ``n_rep`` resamples of size ``m``.

    Parameters
    ----------
    desc : numpy.ndarray
        The original sample's top ``K`` order statistics, descending (``K`` from
        :func:`tail_pool_size` or the whole sorted sample).
    n : int
        Original sample size.
    m : int
        Resample size (``m = n`` for the ordinary bootstrap).
    need : int
        How many top order statistics of each resample to return.
    n_rep : int
        Number of resamples.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of shape (n_rep, need)
    """
    counts, width = _counts(desc.shape[0], n, m, need, n_rep, rng)
    return _top_of(np.append(desc, desc[-1]), counts, width, need, rng)


def resample_top_blocks(
    desc: np.ndarray, n: int, m: int, need: int, n_rep: int, rng: np.random.Generator,
    rows: int
) -> Iterator[np.ndarray]:
    """:func:`resample_top` in blocks of at most ``rows`` resamples, each ``(rows, need)``.

    The blocks, stacked, are :func:`resample_top`'s array to the bit: the same draws in the
    same order (the counts of all the resamples first, then each resample's indices, row
    after row, as one call draws them), so that a caller that reduces the resamples one
    block at a time holds ``rows / n_rep`` of the memory. Consume the iterator before drawing
    anything else from ``rng``.
    """
    counts, width = _counts(desc.shape[0], n, m, need, n_rep, rng)
    ext = np.append(desc, desc[-1])
    step = max(int(rows), 1)
    for start in range(0, n_rep, step):
        yield _top_of(ext, counts[start:start + step], width, need, rng)


def _counts(pool: int, n: int, m: int, need: int, n_rep: int, rng: np.random.Generator
            ) -> tuple[np.ndarray, int]:
    """Draws of each resample that land in the pool, and the width of the index draws."""
    if pool >= n:
        counts = np.full(n_rep, m, dtype=np.int64)
    else:
        counts = rng.binomial(m, pool / n, size=n_rep)
    return counts, int(max(counts.max(), need))


def _top_of(ext: np.ndarray, counts: np.ndarray, width: int, need: int,
            rng: np.random.Generator) -> np.ndarray:
    """The top ``need`` of the resamples whose pool counts are ``counts`` (one row each);
    ``ext``: the pool, descending, then its last value again (where a sentinel points)."""
    pool = ext.shape[0] - 1
    idx = rng.integers(0, pool, size=(counts.shape[0], width))
    idx[np.arange(width)[None, :] >= counts[:, None]] = pool  # sentinel: below the pool
    if width > need:
        idx = np.partition(idx, need - 1, axis=1)[:, :need]
    idx.sort(axis=1)
    return ext[idx]


def check_boot_level(ci: float, n_boot: int) -> None:
    """Refuse a level the ``n_boot`` replicates cannot resolve. The widest percentile interval
    they give runs from the smallest replicate to the largest, which holds a new draw with
    probability ``(n_boot - 1) / (n_boot + 1)`` only; quantiles further out are the extreme
    replicates again: 20 replicates gave ``ci=0.999`` intervals that covered the true ξ of
    exact Pareto samples 91% of the time (Hill, k = 100), as their 0.9 intervals did."""
    need = v.boot_needed(ci)
    if n_boot < need:
        reach = (n_boot - 1) / (n_boot + 1)
        raise DataError(
            f"a {ci:.4g} percentile-bootstrap interval needs n_boot >= {need} replicates "
            f"((1 + ci) / (1 - ci)); from n_boot = {n_boot} its quantiles "
            f"{0.5 - ci / 2:.4g} and {0.5 + ci / 2:.4g} are the smallest and largest "
            f"replicates, whose range covers only about {reach:.1%}. Pass n_boot={need} or "
            "more, a lower ci, or ci_method='asymptotic'.")
