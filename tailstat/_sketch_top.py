"""The kept top values of a :class:`tailstat.sketch.TailSketch`: descending arrays merged."""

from __future__ import annotations

import numpy as np

__all__ = ["insert_descending"]


def insert_descending(top: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Two descending arrays as one (a new array): ``new``'s values placed after the equal
    ones of ``top``, found in ``top``'s ascending view (a search, no copy)."""
    at = top.shape[0] - np.searchsorted(top[::-1], new, side="left")
    if new.shape[0] > 64:
        return np.insert(top, at, new)
    pieces, start = [], 0  # a few values: the runs between them, joined in one copy
    for i, j in enumerate(at.tolist()):
        pieces += [top[start:j], new[i:i + 1]]
        start = j
    return np.concatenate([*pieces, top[start:]])
