"""Independent NumPy-heavy tasks on the usable cores.

Validating a group's values, comparing a column of keys and sketching a group are a few
passes of NumPy over large arrays; NumPy releases the GIL inside those passes, so threads
run them side by side (on a 2-core machine the passes over memory run 1.5-1.8x faster two at
a time). Every task is independent and pure, so its result is the one a single thread makes,
bit for bit; only small tasks stay on the calling thread, where a thread would cost more
than it saves.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

__all__ = ["MAX_THREADS", "MIN_ROWS", "Pending", "in_background", "thread_map", "usable_cores"]

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


def thread_map(fn: Callable[[T], R], items: Sequence[T], sizes: Sequence[int], *,
               min_size: int = MIN_ROWS, name: str = "tailstat") -> list[R]:
    """``[fn(x) for x in items]``, in order: the items of ``size >= min_size`` on up to
    ``min(MAX_THREADS, usable_cores())`` threads, the others on the calling thread.

    ``fn`` must be pure (no shared state, no warnings: the warning filters are process-wide).
    An exception of ``fn`` propagates, as in the loop. Where no thread can be started, the
    items run here.
    """
    big = [i for i, size in enumerate(sizes) if size >= min_size]
    workers = min(len(big), MAX_THREADS, usable_cores())
    done: dict[int, R] = {}
    if workers >= 2:
        with ThreadPoolExecutor(workers, thread_name_prefix=name) as pool:
            futures = {}
            try:
                for i in big:
                    futures[i] = pool.submit(fn, items[i])
            except RuntimeError:  # no thread to be had (a limit, a shutdown): the rest here
                pass
            done = {i: f.result() for i, f in futures.items()}
    return [done[i] if i in done else fn(x) for i, x in enumerate(items)]


class Pending(Generic[R]):
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


def in_background(fn: Callable[..., R], *args: Any, name: str = "tailstat") -> Pending[R] | None:
    """Start ``fn(*args)`` on a thread of its own when there is a second core (``None``
    otherwise: the caller runs it itself). Call ``result()`` on every path: it joins the
    thread."""
    if usable_cores() < 2:
        return None
    try:
        return Pending(fn, args, name)
    except RuntimeError:  # no thread to be had: the caller runs it itself
        return None
