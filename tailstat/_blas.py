"""One BLAS thread for a stretch of many small linear-algebra calls.

The Goodhart summaries and the report's figure numbers make thousands of dot products and
matrix-vector products of 10^3 to 10^5 values. A multithreaded BLAS (OpenBLAS) splits each one
over its threads, and on a busy machine (another process, or the report's worker processes, on
the other cores) every call then waits for a thread to be scheduled: the same work took three
times as long in a test on 2 cores. One thread also makes the sums' order, hence the last
bits of the results, independent of the number of cores.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["one_blas_thread"]


#: What importing threadpoolctl sets in the environment (``setdefault``, for Intel's OpenMP).
_KMP = "KMP_DUPLICATE_LIB_OK"


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """A context manager limiting BLAS to one thread inside it (restored on exit).

    Uses :mod:`threadpoolctl` (a dependency of PyMC); without it, a context that does nothing.
    The ``KMP_DUPLICATE_LIB_OK`` its import sets is taken back on exit (a review: it stayed
    set for the rest of the process, where the package promises no process-wide change).
    """
    before = os.environ.get(_KMP)
    try:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # pragma: no cover - PyMC requires threadpoolctl
            yield
            return
        with threadpool_limits(limits=1, user_api="blas"):
            yield
    finally:
        if before is None:
            os.environ.pop(_KMP, None)
        else:
            os.environ[_KMP] = before
