"""Exact rescaling by a power of two: data divided by one lose no bits, so a computation done
in those units and scaled back gives the same bits as one done in the user's units wherever
the latter does not overflow (the GPD fits, the overoptimisation curves)."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["pow2_scale"]


def pow2_scale(*values: float | np.ndarray) -> float:
    """The power of two ``2^e <= m < 2^(e+1)``, ``m`` the largest magnitude among ``values``
    (1 where that is zero or not finite).

    Dividing data by it is exact (no rounding), so a computation done in those units and scaled
    back gives the same bits as one done in the user's units wherever the latter does not
    overflow, and stays finite where it would.
    """
    m = max(float(np.max(np.abs(np.asarray(x, dtype=float)))) for x in values)
    if m == 0.0 or not math.isfinite(m):
        return 1.0
    return math.ldexp(1.0, math.frexp(m)[1] - 1)
