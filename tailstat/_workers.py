"""Per-group work (Goodhart summaries, the report's figures) in worker processes, in order.

An analysis or a report of many groups spends most of its time on per-group work that needs
nothing from the other groups: :class:`Workers` runs it in a small process pool (two workers at
most: the machines this runs on often have two cores), returns the results in the order of the
tasks (:meth:`Workers.map`) or queues single tasks as soon as their input exists
(:meth:`Workers.submit`: the report queues each group's Goodhart summary and figure while the
next group is classified, then the overview and every group's figure, so that the workers go
from one task to the next without waiting for this process), and falls back to running them
here, one after the other, when the pool cannot be used (no ``fork`` start method, too few
tasks, a worker that dies, an input that does not pickle, a daemonic process).
The results are the same either way: the task functions are the same, the workers are forks
of this process (same settings), and both paths run BLAS on one thread
(:mod:`tailstat._blas`), so that even the last bits of the numbers, and hence the report's SVG
bytes, agree. So are the warnings and errors: a worker runs its task under this process's
warning filters of the moment and sends back the warnings it gave, which are given again here,
once (they went to the worker's stderr, past a ``catch_warnings(record=True)`` here, and twice
when the task then failed and was run again here), and the task's own error, raised here
without running the task again. An error in the ``with`` block (Ctrl-C, SIGTERM turned into
KeyboardInterrupt by the command line) ends the workers at once instead of waiting for their
tasks.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import pickle
import signal
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from tailstat._blas import one_blas_thread
from tailstat._threads import thread_limit, usable_cores
from tailstat._warn import user_level

__all__ = ["MAX_WORKERS", "MIN_TASKS", "Pending", "Workers"]

T = TypeVar("T")
R = TypeVar("R")

#: At most this many worker processes.
MAX_WORKERS = 2
#: Fewer tasks than this run here: starting workers costs more than it saves.
MIN_TASKS = 4


#: A worker's BLAS limit, held for its life.
_WORKER_LIMIT: list[Any] = []


def _init_worker(warm: tuple[str, ...] = ()) -> None:
    """Import the ``warm`` modules once per worker (the report's drawing code) and keep BLAS on
    one thread (as here)."""
    # the command line turns SIGTERM into Ctrl-C in its own process; a worker ends on it, and
    # first of all (ended while importing, it printed the KeyboardInterrupt's traceback)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for module in warm:
        importlib.import_module(module)

    # entered and never left, and held (a context dropped is closed, and restores): the
    # limit is kept for the worker's life (the bare call did nothing once one_blas_thread
    # became a context of its own: a review)
    limit = one_blas_thread()
    limit.__enter__()
    _WORKER_LIMIT.append(limit)


def _ready() -> bool:
    return True


def worker_count() -> int:
    """How many workers the pool would use here: ``min(2, usable cores)``, and no more than
    ``TAILSTAT_THREADS`` allows (``1``: no worker, everything in this process)."""
    return max(1, min(MAX_WORKERS, usable_cores(), thread_limit()))


class Workers:
    """A process pool started on demand; :meth:`map` runs tasks there or, failing that, here.

    Use as a context manager: on leaving the block the pool is shut down, its tasks done, or,
    when the block raised (Ctrl-C included), its workers ended at once. :meth:`start` forks
    the workers (they import the ``warm`` modules, e.g. the drawing code, while this process
    goes on with the analysis); without it, or with fewer than :data:`MIN_TASKS` tasks, or
    on one core, everything runs here.
    """

    def __init__(self, warm: tuple[str, ...] = ()) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.warm = tuple(warm)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # an error in the block (Ctrl-C, SIGTERM as KeyboardInterrupt, a failed analysis): the
        # workers are ended, not waited for (a review: an interrupt reached the caller after
        # the running tasks ended and queued ones ran, 6 s for a 3 s task; 24-36 s by CLI)
        self.close(failed=exc_type is not None)

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
                                           initargs=(self.warm,),
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
        manager = getattr(pool, "_executor_manager_thread", None)
        results = getattr(pool, "_result_queue", None)
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:  # our own workers, by their process objects
            if proc.is_alive():
                proc.terminate()
        for proc in procs:  # reaped: gone when this returns (SIGTERM ends a worker at once)
            proc.join(_REAP_SECONDS)
            if proc.is_alive():  # pragma: no cover - a worker that ignored SIGTERM
                proc.kill()
                proc.join(_REAP_SECONDS)
        # a worker ended while sending its result left the pool's thread reading the rest of
        # that message, which never comes while this process holds the pipe's other end: the
        # thread (and with it the exit, which joins it) waited for ever (review 441: SIGTERM
        # during a report, "tailstat: interrupted" then a hang, in 2 of 45 runs). Closed, the
        # read ends, and the thread with it (the pool is broken, as it is)
        with contextlib.suppress(Exception):
            results._writer.close()  # type: ignore[union-attr]
        if manager is not None:  # the pool's own thread reaps the workers too: until it has
            # ended, a worker it reaped first could still read as alive (a flaky CI run)
            manager.join(_REAP_SECONDS)

    def submit(self, fn: Callable[[T], R], task: T) -> Pending[R]:
        """``fn(task)`` queued in the workers when started (run here by :meth:`Pending.result`
        otherwise, or when the pool fails); ``fn`` module-level, ``task`` picklable."""
        if self.pool is None:
            return Pending(fn, task, None)
        try:
            job = (fn, task, list(warnings.filters))
            pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
            return Pending(fn, task, self.pool.submit(_in_worker, job))
        except Exception:  # does not pickle, or the pool is shut down: run it here, later
            return Pending(fn, task, None)

    def map(self, fn: Callable[[T], R], tasks: Sequence[T],
            on_result: Callable[[int], None] | None = None) -> list[R]:
        """``[fn(t) for t in tasks]``, in the workers when started, else here.

        ``fn`` must be a module-level function and the tasks picklable. ``on_result(i)`` is
        called as result ``i`` (0-based) becomes available, in order. A task's warnings are
        given here as it is taken, and an exception raised by ``fn`` itself is raised here,
        as without the pool. If the pool fails in any other way, the tasks without a result
        yet are run here instead.
        """
        filters = list(warnings.filters)
        if self.pool is not None and len(tasks) >= MIN_TASKS:
            try:  # what does not pickle stays here (failing inside the pool can hang it)
                pickle.dumps((fn, tasks, filters), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                self.close()
        out: list[R] = []
        if self.pool is not None and len(tasks) >= MIN_TASKS:
            try:
                futures: list[Future[_Outcome[R]]] | None = [
                    self.pool.submit(_in_worker, (fn, t, filters)) for t in tasks]
            except Exception:  # the pool is broken or shut down: all of them here
                futures = None
            failed = futures is None
            for i, fut in enumerate(futures or ()):
                outcome = _outcome(fut)
                if outcome is None:  # the pool failed: the rest runs here (the results so
                    failed = True  # far stand)
                    break
                out.append(outcome.take())  # the task's own error: raised, not run again
                if on_result is not None:
                    on_result(i)
            if not failed:
                return out
            self.close(failed=True)
        with one_blas_thread():
            for i in range(len(out), len(tasks)):
                out.append(fn(tasks[i]))
                if on_result is not None:
                    on_result(i)
        return out


#: Seconds to wait for an ended worker to go (it goes at once).
_REAP_SECONDS = 5.0


class _InWorkerError(Exception):
    """The traceback of a task's error in the worker (its cause, as concurrent.futures does)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f"\n\"\"\"\n{self.text}\"\"\""


class _Outcome(Generic[R]):
    """What a worker sends back: the task's result or its error, and the warnings it gave
    (message, category, file, line), to be given again in the caller."""

    def __init__(self, value: R | None, error: Exception | None, trace: str,
                 warned: list[tuple[Any, type[Warning], str, int]]) -> None:
        self.value, self.error, self.trace, self.warned = value, error, trace, warned

    def take(self) -> R:
        """Give the warnings here (once, however often it is called), then return the result
        or raise the task's error."""
        warned, self.warned = self.warned, []
        for message, category, filename, lineno in warned:
            if _in_pool(filename):
                # a tailstat warning points at the first frame outside tailstat, which in a
                # worker is the pool's own: here it is the caller's (a re-read: filters by
                # module differed with and without the pool)
                warnings.warn(message, category, stacklevel=user_level())
                continue
            module, registry = _module_of(filename)
            warnings.warn_explicit(message, category, filename, lineno, module=module,
                                   registry=registry)
        if self.error is not None:
            raise self.error from _InWorkerError(self.trace)
        return self.value  # type: ignore[return-value]


def _in_pool(filename: str) -> bool:
    """Whether a warning's location is the worker pool's code (concurrent.futures,
    multiprocessing), where a warning pointing past tailstat lands in a worker."""
    parts = Path(filename).parts
    return ("concurrent" in parts and "futures" in parts) or "multiprocessing" in parts


#: The warnings registries of worker modules not loaded here, by file.
_REGISTRIES: dict[str, dict[Any, Any]] = {}


def _module_of(filename: str) -> tuple[str, dict[Any, Any]]:
    """The name and warnings registry of the module loaded from ``filename`` here (so that
    a warning given again is filtered, and shown once, as the one of that module would be);
    for a module not loaded here (``matplotlib.pyplot``, which only the workers import), the
    file's name and a registry of its own: ``module=None`` had the warning dropped without
    a word (a review)."""
    for name, mod in list(sys.modules.items()):
        if getattr(mod, "__file__", None) == filename:
            registry: dict[Any, Any] = vars(mod).setdefault("__warningregistry__", {})
            return name, registry
    stem = os.path.splitext(os.path.basename(filename))[0] or "<unknown>"
    return stem, _REGISTRIES.setdefault(filename, {})


def _in_worker(job: tuple[Callable[[Any], R], Any, list[Any]]) -> _Outcome[R]:
    """Run ``fn(task)`` in a worker under the caller's warning ``filters`` (of the moment the
    task was queued), keeping its warnings and its error for the caller."""
    fn, task, filters = job
    value: R | None = None
    error: Exception | None = None
    trace = ""
    with warnings.catch_warnings(record=True) as caught:
        # the block's own list, restored on leaving it
        cast("list[Any]", warnings.filters)[:] = filters
        try:
            value = fn(task)
        except Exception as exc:
            error, trace = exc, "".join(traceback.format_exception(exc))
    return _Outcome(value, error, trace, [(w.message, w.category, w.filename, w.lineno)
                                          for w in caught])


def _outcome(future: Future[_Outcome[R]]) -> _Outcome[R] | None:
    """The worker's outcome of a task, or ``None`` when the pool failed to give one (a worker
    died, or the outcome did not pickle)."""
    try:
        return future.result()
    except Exception:
        return None


class Pending(Generic[R]):
    """The result of a task given to :meth:`Workers.submit`, available with :meth:`result`."""

    def __init__(self, fn: Callable[[T], R], task: T,
                 future: Future[_Outcome[R]] | None) -> None:
        self._run: Callable[[], R] = lambda: fn(task)
        self._future = future

    def result(self) -> R:
        """The worker's result, its warnings given here; the task run here when it had no
        worker or the pool failed (a worker died, the result did not pickle). An exception
        raised by the task itself is raised here, as without the pool (the task is not run
        again)."""
        if self._future is not None:
            outcome = _outcome(self._future)
            if outcome is not None:
                return outcome.take()
            self._future = None
        with one_blas_thread():
            return self._run()
