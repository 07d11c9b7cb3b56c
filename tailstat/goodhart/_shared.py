"""Work shared by the functions one Goodhart summary calls on the same sample.

:func:`tailstat.goodhart.goodhart_summary` runs the frontier (twice, with the exponential
bound), the tilt and best-of-n on one sample; each computed the sample's mean and sd and
built the same semi-parametric law again (five laws and fifteen passes over the sample for
the mean and sd: 40% of a summary of 10^7 rewards). Inside :func:`shared_work` such results
are computed once per object and reused; outside it (every function called on its own)
nothing is kept, so a caller's array changed between two calls is never read stale.

The results are keyed by the identity of the objects they were made from, which the scope
holds alive (an identity is never reused while its object lives), and are dropped when it
ends.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from tailstat._blas import one_blas_thread

__all__ = ["in_shared_work", "shared", "shared_work"]

T = TypeVar("T")
P = ParamSpec("P")

_MEMO: ContextVar[dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] | None] = ContextVar(
    "tailstat_goodhart_shared", default=None)


@contextlib.contextmanager
def shared_work() -> Iterator[None]:
    """A scope in which :func:`shared` results are kept (nested scopes share the outer one)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def shared(tag: str, objs: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()``, computed once per ``tag`` and identity of ``objs`` inside
    :func:`shared_work` (every call outside it computes)."""
    memo = _MEMO.get()
    if memo is None:
        return make()
    key = (tag, *map(id, objs))
    hit = memo.get(key)
    if hit is not None:
        return hit[1]  # type: ignore[no-any-return]
    value = make()
    memo[key] = (objs, value)  # the objects held: their identities stay theirs
    return value


def in_shared_work(fn: Callable[P, T]) -> Callable[P, T]:
    """Decorate a public Goodhart function to run inside :func:`shared_work`, on one BLAS
    thread (:func:`tailstat._blas.one_blas_thread`, as every public function that computes;
    the two had been stacked on each such function)."""
    @functools.wraps(fn)
    def inner(*args: P.args, **kwargs: P.kwargs) -> T:
        with one_blas_thread(), shared_work():
            return fn(*args, **kwargs)
    return inner
