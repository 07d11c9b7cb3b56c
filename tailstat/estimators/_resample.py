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

import numpy as np


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
    pool = desc.shape[0]
    if pool >= n:
        counts = np.full(n_rep, m, dtype=np.int64)
    else:
        counts = rng.binomial(m, pool / n, size=n_rep)
    width = int(max(counts.max(), need))
    idx = rng.integers(0, pool, size=(n_rep, width))
    idx[np.arange(width)[None, :] >= counts[:, None]] = pool  # sentinel: below the pool
    if width > need:
        idx = np.partition(idx, need - 1, axis=1)[:, :need]
    idx.sort(axis=1)
    ext = np.append(desc, desc[-1])
    return ext[idx]
