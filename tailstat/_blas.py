"""One BLAS thread for a stretch of many small linear-algebra calls.

The Goodhart summaries and the report's figure numbers make thousands of dot products and
matrix-vector products of 10^3 to 10^5 values. A multithreaded BLAS (OpenBLAS) splits each one
over its threads, and on a busy machine (another process, or the report's worker processes, on
the other cores) every call then waits for a thread to be scheduled: the same work took three
times as long in a test on 2 cores. One thread also makes the sums' order, hence the last
bits of the results, independent of the number of cores.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

__all__ = ["one_blas_thread"]


def one_blas_thread() -> AbstractContextManager[Any]:
    """A context manager limiting BLAS to one thread inside it (restored on exit).

    Uses :mod:`threadpoolctl` (a dependency of PyMC); without it, a context that does nothing.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - PyMC requires threadpoolctl
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
