"""One BLAS thread for a stretch of many small linear-algebra calls.

The Goodhart summaries, the GPD fits' goodness-of-fit spectra and the report's figure numbers
make thousands of dot products, matrix-vector products and small eigenvalue problems. A
multithreaded BLAS (OpenBLAS) splits each one over its threads, and on a busy machine
(another process, or the report's worker processes, on the other cores) every call then
waits for a thread to be scheduled: a 120 × 120 ``eigvalsh`` took 8 ms on two threads and
0.4 ms on one (2 cores, a loaded machine), ``best_of_n`` at 10^7 scores 4-8 s against
1.6-1.9 s (a review). One thread also makes the sums' order, hence the last bits of the
results, independent of the number of cores.

:func:`one_blas_thread` is the context, :func:`single_blas_thread` the same around a
function (the public entry points that compute). Nested uses, and uses from several
threads at once, share one limit: it is set by the first to enter and lifted by the last to
leave (the limit is the process's, not a thread's; OpenBLAS built on OpenMP, whose limit
is a thread's, is limited in each thread for its own contexts). A user's own
``threadpool_limits`` block in another thread that overlaps a call is not shared: entered
while the call's limit is on, it restores that limit when it leaves after the call.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["one_blas_thread", "single_blas_thread"]

F = TypeVar("F", bound=Callable[..., Any])

#: What importing threadpoolctl sets in the environment (``setdefault``, for Intel's OpenMP).
_KMP = "KMP_DUPLICATE_LIB_OK"

_LOCK = threading.Lock()
#: Contexts open, by thread (its ident): the shared limit is set by the first to enter and
#: lifted by the last to leave.
_OPEN: dict[int, int] = {}
#: [the shared limit open or None, the controllers (shared, per-thread) or None]
_STATE: list[Any] = [None, None]


def _after_fork_in_child() -> None:
    """The child keeps only the forking thread's open contexts (the others' threads are not
    in it, and would never leave): with none, the limit inherited is lifted (a review: a
    child forked while another thread was inside a call kept BLAS on one thread for life).
    Then the lock, taken before the fork, is released."""
    try:
        mine = _OPEN.get(threading.get_ident(), 0)
        _OPEN.clear()
        if mine:
            _OPEN[threading.get_ident()] = mine
        elif _STATE[0] is not None:
            _lift()
    finally:
        _LOCK.release()


# a fork while another thread holds the lock (it is held across the library calls, which
# release the GIL) left the child's lock held for good: its first call hung (a review)
os.register_at_fork(before=_LOCK.acquire, after_in_parent=_LOCK.release,
                    after_in_child=_after_fork_in_child)


def _controllers() -> tuple[Any, Any] | None:
    """The BLAS libraries' :class:`threadpoolctl.ThreadpoolController` s, made once (a scan of
    the loaded libraries costs about 1 ms; limiting through a kept controller 25 µs): those
    whose limit is the process's, and OpenBLAS built on OpenMP, whose limit is the calling
    thread's (there a limit shared across threads would be set in one thread's and lifted
    in another's: the first left on one thread, a review). ``None`` without threadpoolctl.
    The BLAS libraries numpy and scipy load are loaded by the time tailstat is imported,
    so the one scan sees them."""
    if _STATE[1] is None:
        before = os.environ.get(_KMP)
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # pragma: no cover - PyMC requires threadpoolctl
            return None
        finally:
            if before is None:
                os.environ.pop(_KMP, None)
            else:
                os.environ[_KMP] = before
        blas = ThreadpoolController().select(user_api="blas")
        per_thread = [lib.filepath for lib in blas.lib_controllers
                      if lib.internal_api == "openblas"
                      and getattr(lib, "threading_layer", None) == "openmp"]
        shared = [lib.filepath for lib in blas.lib_controllers
                  if lib.filepath not in per_thread]
        _STATE[1] = (blas.select(filepath=shared) if shared else None,
                     blas.select(filepath=per_thread) if per_thread else None)
    return _STATE[1]


def _free_openblas() -> None:
    """Let no thread own OpenBLAS's limit. threadpoolctl (3.8) lets only the first thread to
    set OpenBLAS's process-wide thread count change it until that thread lets go, which a
    ``with threadpool_limits`` block does on leaving and a kept limit does not: the limit
    set here by one thread could not be lifted by another leaving last, and a user's own
    ``threadpool_limits`` in another thread was then ignored (a review). Set and lifted under
    :data:`_LOCK`, ours is owned only while it is being set or lifted."""
    try:
        from threadpoolctl import OpenBLASController
    except ImportError:  # pragma: no cover - older threadpoolctl: no owner to free
        return
    clear = getattr(OpenBLASController, "clear_controlling_thread", None)
    if clear is not None:
        clear(force=True)


def _limit() -> None:
    """Set the shared limit (under :data:`_LOCK`)."""
    ctls = _controllers()
    if ctls is not None and ctls[0] is not None:
        _free_openblas()
        _STATE[0] = ctls[0].limit(limits=1, user_api="blas")
        _free_openblas()


def _lift() -> None:
    """Lift the shared limit (under :data:`_LOCK`)."""
    limit, _STATE[0] = _STATE[0], None
    _free_openblas()
    limit.restore_original_limits()
    _free_openblas()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """A context manager limiting BLAS to one thread inside it (restored on exit).

    Uses :mod:`threadpoolctl` (a dependency of PyMC); without it, a context that does nothing.
    The ``KMP_DUPLICATE_LIB_OK`` its import sets is taken back (a review: it stayed set for
    the rest of the process, where the package promises no process-wide change).
    """
    me = threading.get_ident()
    entered = False
    own = None
    try:
        with _LOCK:
            first = not _OPEN
            _OPEN[me] = _OPEN.get(me, 0) + 1
            entered = True  # (counted before the limit: an interrupt setting it is undone)
            if first:
                _limit()
        ctls = _controllers()
        if ctls is not None and ctls[1] is not None:  # this thread's own limit, nested
            own = ctls[1].limit(limits=1, user_api="blas")
        yield
    finally:
        if own is not None:
            own.restore_original_limits()
        if entered:
            with _LOCK:
                left = _OPEN.pop(me, 1) - 1
                if left:
                    _OPEN[me] = left
                if not _OPEN and _STATE[0] is not None:
                    _lift()


def single_blas_thread(func: F) -> F:
    """Decorate ``func`` to run inside :func:`one_blas_thread`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with one_blas_thread():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
