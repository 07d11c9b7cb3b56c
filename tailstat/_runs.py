"""Runs of equal values in a sorted array (the tie groups of order statistics)."""

from __future__ import annotations

import numpy as np

__all__ = ["tie_runs"]


def tie_runs(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start indices and end indices (exclusive: cumulative counts) of the runs of equal
    values in the sorted, non-empty array ``s``."""
    new = np.empty(s.shape[0], dtype=bool)
    new[0] = True
    np.not_equal(s[1:], s[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    return starts, np.append(starts[1:], s.shape[0])
