"""Independent NumPy-heavy tasks on the usable cores.

Validating a group's values, comparing a column of keys and sketching a group are a few
passes of NumPy over large arrays; NumPy releases the GIL inside those passes, so threads
run them side by side (on the project's 2-core virtual machine the passes over memory ran
1.5-1.8x faster two at a time, and 1.4x *slower* while the host took about 45% of the second
core's time: ``TAILSTAT_THREADS=1`` keeps everything on one thread). Every task is
independent and pure, so its result is the one a single thread makes, bit for bit; only
small tasks stay on the calling thread, where a thread would cost more than it saves.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from tailstat.errors import DataError

__all__ = ["MAX_THREADS", "MIN_ROWS", "BackgroundTask", "in_background", "thread_limit",
           "thread_map", "usable_cores"]

#: Most threads a call uses (memory bandwidth, not cores, bounds these passes beyond that).
MAX_THREADS = 4
#: Fewest values a task reads for it to go to a thread.
MIN_ROWS = 1 << 16

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform says)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def thread_limit() -> int:
    """Most threads a call may use: ``min(MAX_THREADS, usable_cores())``, or the environment
    variable ``TAILSTAT_THREADS`` when set (a positive integer; ``1`` keeps all the work on
    the calling thread, e.g. on a virtual machine whose second core is often taken by others).

    Raises
    ------
    ValueError
        If ``TAILSTAT_THREADS`` is set to anything but a positive integer.
    """
    raw = os.environ.get("TAILSTAT_THREADS", "").strip()
    if not raw:
        return min(MAX_THREADS, usable_cores())
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise DataError(f"TAILSTAT_THREADS must be a positive integer (1 keeps tailstat on one "
                         f"thread); got {raw!r}. Set it to a number or unset it.")
    return value


def thread_map(fn: Callable[[T], R], items: Sequence[T], sizes: Sequence[int], *,
               min_size: int = MIN_ROWS, name: str = "tailstat") -> list[R]:
    """``[fn(x) for x in items]``, in order: the items of ``size >= min_size`` on up to
    :func:`thread_limit` threads, the others on the calling thread.

    ``fn`` must be pure (no shared state, no warnings: the warning filters are process-wide).
    Each item is computed once. An exception of ``fn`` propagates once the threads are done
    (the first in item order among those raised; the threads take no new item after one).
    Where no thread can be started, the items run here. Calls from several threads at once
    each start their own threads.
    """
    big = [i for i, size in enumerate(sizes) if size >= min_size]
    workers = min(len(big), thread_limit())
    done: dict[int, R] = {}
    if workers >= 2:
        errors = _run_on_threads(fn, items, big, workers, name, done)
        if errors:
            raise errors[min(errors)]
    return [done[i] if i in done else fn(x) for i, x in enumerate(items)]


def _run_on_threads(fn: Callable[[T], R], items: Sequence[T], todo: list[int], workers: int,
                    name: str, done: dict[int, R]) -> dict[int, BaseException]:
    """``done[i] = fn(items[i])`` for the ``todo`` items on up to ``workers`` threads, each
    taking the next item when free (none, if no thread can be started); the errors raised."""
    queue = iter(todo)
    lock = threading.Lock()
    failed = threading.Event()
    errors: dict[int, BaseException] = {}

    def work() -> None:
        while not failed.is_set():
            with lock:
                i = next(queue, None)
            if i is None:
                return
            try:
                done[i] = fn(items[i])
            except BaseException as exc:  # raised by the caller, once all threads are done
                errors[i] = exc
                failed.set()

    threads = []
    for k in range(workers):
        thread = threading.Thread(target=work, name=f"{name}-{k}", daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no more threads to be had: those started take every item
            break
        threads.append(thread)
    for thread in threads:
        thread.join()
    return errors


class BackgroundTask(Generic[R]):
    """A task running on a thread of its own; :meth:`result` waits for it (the thread has
    ended when it returns) and gives its value or raises its exception."""

    def __init__(self, fn: Callable[..., R], args: tuple[Any, ...], name: str) -> None:
        self._value: R | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), name=name,
                                        daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[..., R], args: tuple[Any, ...]) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> R:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def in_background(fn: Callable[..., R], *args: Any,
                  name: str = "tailstat") -> BackgroundTask[R] | None:
    """Start ``fn(*args)`` on a thread of its own when there is a second core (``None``
    otherwise: the caller runs it itself). Call ``result()`` on every path: it joins the
    thread."""
    if thread_limit() < 2:
        return None
    try:
        return BackgroundTask(fn, args, name)
    except RuntimeError:  # no thread to be had: the caller runs it itself
        return None
