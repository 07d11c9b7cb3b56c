"""The report's per-group work (Goodhart summaries, figures) in worker processes, in order.

A report of many groups spends most of its time on per-group work that needs nothing from the
other groups: :class:`Workers` runs it in a small process pool (two workers at most: the
machines this runs on often have two cores), returns the results in the order of the tasks
(:meth:`Workers.map`) or queues single tasks as soon as their input exists
(:meth:`Workers.submit`: each group's Goodhart summary and figure while the next group is
classified, then the overview and every group's figure, queued at once so that the workers
go from one task to the next without waiting for this process), and falls back to running
them here, one after the other, when the pool cannot be used (no ``fork`` start method, too
few tasks, a worker that dies, an input that does not pickle).
The results are the same either way: the task functions are the same, the workers are forks
of this process (same settings), and both paths run BLAS on one thread
(:mod:`tailstat._blas`), so that even the last bits of the numbers, and hence the SVG bytes,
agree.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

from tailstat._blas import one_blas_thread
from tailstat._threads import thread_limit, usable_cores

__all__ = ["MAX_WORKERS", "MIN_TASKS", "Pending", "Workers"]

T = TypeVar("T")
R = TypeVar("R")

#: At most this many worker processes.
MAX_WORKERS = 2
#: Fewer tasks than this run here: starting workers costs more than it saves.
MIN_TASKS = 4


#: A worker's BLAS limit, held for its life.
_WORKER_LIMIT: list[Any] = []


def _init_worker() -> None:
    """Import the drawing code once per worker and keep BLAS on one thread (as here)."""
    from tailstat import plot  # noqa: F401
    from tailstat.reporting import _svg, _svg_write  # noqa: F401

    # entered and never left, and held (a context dropped is closed, and restores): the
    # limit is kept for the worker's life (the bare call did nothing once one_blas_thread
    # became a context of its own: a review)
    limit = one_blas_thread()
    limit.__enter__()
    _WORKER_LIMIT.append(limit)
    # the command line turns SIGTERM into Ctrl-C in its own process; a worker ends on it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _ready() -> bool:
    return True


def worker_count() -> int:
    """How many workers the pool would use here: ``min(2, usable cores)``, and no more than
    ``TAILSTAT_THREADS`` allows (``1``: no worker, everything in this process)."""
    return max(1, min(MAX_WORKERS, usable_cores(), thread_limit()))


class Workers:
    """A process pool started on demand; :meth:`map` runs tasks there or, failing that, here.

    Use as a context manager (the pool is shut down on exit). :meth:`start` forks the workers
    (they import the drawing code while this process goes on with the analysis); without it, or with
    fewer than :data:`MIN_TASKS` tasks, or on one core, everything runs here.
    """

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, n_tasks: int) -> None:
        """Start the workers when ``n_tasks`` tasks are worth it (no-op otherwise)."""
        n = worker_count()
        if (self.pool is not None or n_tasks < MIN_TASKS or n < 2
                or "fork" not in multiprocessing.get_all_start_methods()):
            return
        pool = None
        try:
            # Python >= 3.12 warns about fork() in a process with threads (BLAS keeps some);
            # the workers only compute and draw, they take none of this process's locks
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pool = ProcessPoolExecutor(max_workers=n, initializer=_init_worker,
                                           mp_context=multiprocessing.get_context("fork"))
                for _ in range(n):  # fork the workers now: they warm up during the analysis
                    pool.submit(_ready)
        except Exception:  # pragma: no cover - no processes to be had: run here
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            return
        self.pool = pool

    def close(self, failed: bool = False) -> None:
        """Shut the pool down (if started); ``failed``: without waiting, ending the workers
        (a pool in trouble may never finish its pending work)."""
        pool, self.pool = self.pool, None
        if pool is None:
            return
        if not failed:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:  # our own workers, by their process objects
            if proc.is_alive():
                proc.terminate()

    def submit(self, fn: Callable[[T], R], task: T) -> Pending[R]:
        """``fn(task)`` queued in the workers when started (run here by :meth:`Pending.result`
        otherwise, or when the pool fails); ``fn`` module-level, ``task`` picklable."""
        if self.pool is None:
            return Pending(fn, task, None)
        try:
            pickle.dumps((fn, task), protocol=pickle.HIGHEST_PROTOCOL)
            return Pending(fn, task, self.pool.submit(fn, task))
        except Exception:  # does not pickle, or the pool is shut down: run it here, later
            return Pending(fn, task, None)

    def map(self, fn: Callable[[T], R], tasks: Sequence[T],
            on_result: Callable[[int], None] | None = None) -> list[R]:
        """``[fn(t) for t in tasks]``, in the workers when started, else here.

        ``fn`` must be a module-level function and the tasks picklable. ``on_result(i)`` is
        called as result ``i`` (0-based) becomes available, in order. If the pool fails in
        any way, the tasks without a result yet are run here instead (an exception raised by
        ``fn`` itself is then raised here, as without the pool).
        """
        if self.pool is not None and len(tasks) >= MIN_TASKS:
            try:  # what does not pickle stays here (failing inside the pool can hang it)
                pickle.dumps((fn, tasks), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                self.close()
        out: list[R] = []
        if self.pool is not None and len(tasks) >= MIN_TASKS:
            try:
                futures: list[Future[R]] = [self.pool.submit(fn, t) for t in tasks]
                for i, fut in enumerate(futures):
                    out.append(fut.result())
                    if on_result is not None:
                        on_result(i)
                return out
            except Exception:  # any failure: the rest runs here (the results so far stand)
                self.close(failed=True)
        with one_blas_thread():
            for i in range(len(out), len(tasks)):
                out.append(fn(tasks[i]))
                if on_result is not None:
                    on_result(i)
        return out


class Pending(Generic[R]):
    """The result of a task given to :meth:`Workers.submit`, available with :meth:`result`."""

    def __init__(self, fn: Callable[[T], R], task: T, future: Future[R] | None) -> None:
        self._run: Callable[[], R] = lambda: fn(task)
        self._future = future

    def result(self) -> R:
        """The worker's result; the task run here when it had no worker or the pool failed
        (an exception raised by the task itself is then raised here, as without the pool)."""
        if self._future is not None:
            try:
                return self._future.result()
            except Exception:  # any failure, the task's own included: run it here
                self._future = None
        with one_blas_thread():
            return self._run()
