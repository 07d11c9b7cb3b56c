"""The kept top values of a :class:`tailstat.sketch.TailSketch`: descending arrays merged."""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["PENDING_MIN", "KeptTop", "at_max", "fold_at_max", "fold_at_min", "fold_top",
           "insert_descending"]

#: A summary's maximum and how many of its values equal it (``None``: not known, a sketch read
#: from the bytes of an older tailstat whose kept values all equal its maximum).
AtMax = tuple[float, "int | None"]

#: Small batches' values wait until there are this many (or an eighth of the kept top), and
#: the writer cuts the kept top once this many (or an eighth) are held beyond it.
PENDING_MIN = 1024

#: Two descending arrays of at most this many values in all are merged by one sort (faster
#: than an insertion there, measured; slower beyond, 1.5 ms against 0.15 ms at 10^5 values).
SORT_MAX = 8192


def insert_descending(top: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Two descending arrays as one (a new array): ``new``'s values placed after the equal
    ones of ``top``, found in ``top``'s ascending view (a search, no copy); short arrays
    sorted together (``np.insert`` and the runs below cost 15-30 us whatever the size: the
    merges of a Dask run's many small groups spent most of their time there)."""
    if new.shape[0] > 8 and top.shape[0] + new.shape[0] <= SORT_MAX:
        both = np.concatenate((top, new))
        both.sort()
        return both[::-1].copy()
    at = top.shape[0] - np.searchsorted(top[::-1], new, side="left")
    if new.shape[0] > 64:
        return np.insert(top, at, new)
    pieces, start = [], 0  # a few values: the runs between them, joined in one copy
    for i, j in enumerate(at.tolist()):
        pieces += [top[start:j], new[i:i + 1]]
        start = j
    return np.concatenate([*pieces, top[start:]])


def fold_top(kept: np.ndarray, kept_complete: bool, top: np.ndarray, complete: bool,
             keep: int) -> tuple[np.ndarray, bool]:
    """The exact top of two summaries' values, at most ``keep`` of them (descending and
    read-only), and whether it holds every value of both.

    ``kept`` and ``top`` are descending and exact down to their last value; ``*_complete``
    says whether each holds all its values. Values below the larger truncation point of an
    incomplete one are not the union's exact top and are dropped.
    """
    below = (not kept_complete and kept.shape[0] > 0 and top.shape[0] > 0
             and top[0] < kept[-1])  # every new value under the cut: the kept top stays
    if kept.shape[0] == 0 or top.shape[0] == 0:  # one run: nothing to merge
        merged = top if kept.shape[0] == 0 else kept
    elif below:
        merged = kept
    else:
        # one linear copy (sorting both and copying the reversed result: 2.3x the time)
        merged = insert_descending(kept, top)
    complete_all = kept_complete and complete
    if not complete_all and not below:
        # values at or above the larger truncation point are the union's exact top
        cuts = [t[-1] for t, c in ((kept, kept_complete), (top, complete))
                if not c and t.shape[0]]
        cut = max(cuts) if cuts else -np.inf
        merged = merged[: merged.shape[0] - int(np.searchsorted(merged[::-1], cut, "left"))]
    if merged.shape[0] > keep:
        merged = merged[:keep]
        complete_all = False
    out = np.ascontiguousarray(merged)
    out.setflags(write=False)
    return out, complete_all


def at_max(top: np.ndarray, complete: bool, values: np.ndarray | None = None) -> AtMax:
    """The maximum of values whose exact top is ``top`` (descending) and how many equal it:
    counted in ``top`` unless every value kept is the maximum and some were not kept, then in
    ``values`` (all of them; ``None`` without them)."""
    if top.shape[0] == 0:
        return -np.inf, 0
    first = top[0]
    count: int | None = int(np.count_nonzero(top == first))
    if count == top.shape[0] and not complete:
        count = None if values is None else int(np.count_nonzero(values == first))
    return float(first), count


def _fold_end(a: AtMax, b: AtMax, sign: float) -> AtMax:
    """The end (``sign`` 1: the maximum, -1: the minimum) of the union of two summaries'
    values and how many equal it, from theirs (``None``: not known)."""
    if a[0] != b[0]:
        return a if sign * a[0] > sign * b[0] else b
    return a[0], None if a[1] is None or b[1] is None else a[1] + b[1]


def fold_at_max(a: AtMax, b: AtMax) -> AtMax:
    """:func:`at_max` of the union of two summaries' values, from theirs (exact: what a sketch
    counts at its maximum goes on past its capacity, which the kept values alone cannot)."""
    return _fold_end(a, b, 1.0)


def fold_at_min(a: AtMax, b: AtMax) -> AtMax:
    """The minimum of the union of two summaries' values and how many equal it, from theirs
    (exact; ``None``: not known, bytes of an older tailstat): a floor given to refused
    outputs is counted however many values share it."""
    return _fold_end(a, b, -1.0)


class KeptTop:
    """The exact top values a sketch keeps: a descending array, and the top values of small
    whole batches waiting to join it (copying the kept top once per batch cost O(K) a
    batch: 4.4 s for 10^7 values in batches of 1,000).

    The values held (``values`` and the waiting ones) are every value seen at or above the
    smallest of ``values`` -- all values seen while ``complete``. Only the writer drops values:
    :meth:`fold` (an eager merge, cut at its ``keep``) and :meth:`trim`, which cuts when more
    than :data:`PENDING_MIN` or an eighth beyond ``keep`` are held. Readers see
    :meth:`view`: the waiting values merged in (nothing dropped) and the top ``keep`` shown,
    so what a sketch keeps never depends on when it was read. A lock makes a reader's merge
    and the writer's changes one at a time.
    """

    __slots__ = ("_lock", "_pending", "_pending_n", "complete", "values")

    def __init__(self, values: np.ndarray | None = None, complete: bool = True) -> None:
        self.values = np.empty(0, dtype=np.float64) if values is None else values
        self.values.setflags(write=False)
        self.complete = complete
        self._pending: list[np.ndarray] = []
        self._pending_n = 0
        self._lock = threading.Lock()

    def nbytes(self) -> int:
        """Bytes of the values held and waiting (their arrays' buffers)."""
        return int(self.values.nbytes) + sum(int(a.nbytes) for a in self._pending)

    def add_whole(self, desc: np.ndarray) -> None:
        """Hold the values of a whole batch (``desc``: all of them, descending, an array of
        the caller's making); those below the cut of an incomplete top are not kept."""
        m = desc.shape[0]
        if not self.complete and self.values.shape[0]:
            j = m - int(np.searchsorted(desc[::-1], self.values[-1], "left"))
            if j < m:  # a copy: a slice would keep the whole batch alive while it waits
                desc = desc[:j].copy()
        if desc.shape[0] == 0:
            return
        with self._lock:
            self._pending.append(desc)
            self._pending_n += desc.shape[0]
            due = self._pending_n >= max(PENDING_MIN, self.values.shape[0] // 8)
        if due:
            self.settle()

    def settle(self) -> None:
        """Merge the waiting values into ``values`` (none is dropped)."""
        if not self._pending:
            return
        with self._lock:
            if not self._pending:
                return
            pending, self._pending, self._pending_n = self._pending, [], 0
            new = pending[0] if len(pending) == 1 else np.sort(np.concatenate(pending))[::-1]
            self.values, self.complete = fold_top(self.values, self.complete, new, True,
                                                  self.values.shape[0] + new.shape[0])

    def fold(self, top: np.ndarray, complete: bool, keep: int) -> None:
        """Merge another summary's exact top (descending), keeping at most ``keep`` values."""
        self.settle()
        with self._lock:
            self.values, self.complete = fold_top(self.values, self.complete, top, complete,
                                                  keep)

    def trim(self, keep: int) -> None:
        """Drop the values beyond the top ``keep`` once the excess passes the slack."""
        if self.values.shape[0] + self._pending_n <= keep + max(PENDING_MIN, keep // 8):
            return
        self.settle()
        with self._lock:
            if self.values.shape[0] > keep:
                self.values = self.values[:keep].copy()  # the rest of the array released
                self.values.setflags(write=False)
                self.complete = False

    def view(self, keep: int | None = None) -> tuple[np.ndarray, bool]:
        """The top ``keep`` values held (all, with ``None``; read-only) and whether they are
        every value seen."""
        self.settle()
        with self._lock:
            values, complete = self.values, self.complete
        if keep is not None and values.shape[0] > keep:
            return values[:keep], False
        return values, complete
