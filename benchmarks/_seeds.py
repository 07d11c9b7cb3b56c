"""Random streams of the benchmarks: one per purpose, never shared between suites.

``np.random.default_rng([seed, i, n])`` in two scripts gives the same draws to the i-th
family of each (a review found the tuning suite's families reading the validation suite's
streams: 98% of the values of one validation draw were a tuning draw's), and numpy drops
trailing zeros of the entropy (``[a, b, 0]`` seeds as ``[a, b]``), so rep 0 of one script
was another's whole stream. :func:`stream` leads the entropy with the purpose's CRC-32 and
ends it with a 1.
"""

from __future__ import annotations

import zlib

import numpy as np

__all__ = ["stream"]


def stream(purpose: str, *keys: int) -> np.random.Generator:
    """The generator of ``purpose`` (``"validation"``, ``"tuning"``, ...) and the integer
    ``keys`` (seed, family, n, rep): no two purposes or key tuples share one."""
    if any(int(k) < 0 for k in keys):
        raise ValueError(f"keys must be non-negative integers; got {keys}")
    return np.random.default_rng([zlib.crc32(purpose.encode()), *(int(k) for k in keys), 1])
