"""Quiet logging during a Bayesian fit: PyMC's and ArviZ's chatter held back, the levels
restored afterwards."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["QUIET_LOGGERS", "quiet_logging"]

#: Loggers whose INFO/WARNING chatter (``Auto-assigning NUTS sampler...``, ArviZ's shape
#: notes) is held back during a fit; errors still get through.
QUIET_LOGGERS = ("pymc", "arviz")

_QUIET_LOCK = threading.Lock()
_quiet_depth = 0
_saved_levels: dict[logging.Logger, int] = {}


def _quiet_loggers() -> list[logging.Logger]:
    """The registered loggers of :data:`QUIET_LOGGERS`, and ArviZ's own: ``arviz._log`` is a
    ``Logger`` made outside the logging registry (``logging.getLogger("arviz")`` is another
    object), which printed "Shape validation failed" for every one-chain fit."""
    out = [logging.getLogger(name) for name in QUIET_LOGGERS]
    own = getattr(sys.modules.get("arviz"), "_log", None)
    if isinstance(own, logging.Logger) and all(own is not lg for lg in out):
        out.append(own)
    return out


@contextmanager
def quiet_logging() -> Iterator[None]:
    """Raise the PyMC and ArviZ loggers to level ERROR for the duration of a fit.

    The levels in force before are restored on exit. Nested and concurrent uses (fits from
    several threads) are counted: each entry saves the levels of loggers not saved yet (ArviZ's
    own logger exists only once it is imported), the last to leave restores them. No warning
    filter is touched.
    """
    global _quiet_depth
    with _QUIET_LOCK:
        for logger in _quiet_loggers():  # ArviZ's own may appear once a fit imported it
            if logger not in _saved_levels:
                _saved_levels[logger] = logger.level
                logger.setLevel(max(logging.ERROR, logger.getEffectiveLevel()))
        _quiet_depth += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for logger, level in _saved_levels.items():
                    logger.setLevel(level)
                _saved_levels.clear()
