"""``TailSketch``: a mergeable summary of a reward sample or stream that the analysis runs on.

Everything tailstat computes about an upper tail reads the largest order statistics and the sample
size only: the estimators, the GPD fit above a threshold inside the tail, the classifier
(:mod:`tailstat.classification._features`) and the report's figures. A sketch keeps exactly those:

* ``n`` (and how many missing values were dropped);
* the top order statistics, **exactly**: the ``K`` largest values seen, in descending order,
  with ``K`` chosen from ``n`` by :func:`capacity_for` (what the classifier and the report's
  paths need at that ``n``) or set with ``capacity=`` (ties among them, which the ties
  warnings and the saturation check count, are read from these exact values);
* the running mean and sum of squared deviations (Chan et al.'s pairwise update, in
  :mod:`tailstat._sketch_moments`), the minimum and how many values equal it (a floor).

Merging is exact where it matters: ``a.merge(b)`` keeps the top order statistics of the union, so
shards sketched separately and merged in any order (or a stream fed batch by batch) hold the same
top values as a sketch of the whole sample; every estimator, ``classify``, ``fit_gpd``,
``mean_excess``, ``threshold_stability`` and ``select_threshold`` then give identical results for
every ``k`` (and threshold) the sketch holds (beyond it a DataError says so; the default grids of
``mean_excess``, ``threshold_stability`` and ``threshold="auto"`` start at its lowest value when
it holds less than the upper half, so their choice may differ, as ``settings`` say; ``classify``
estimates a run of ties going on past fewer than ``capacity_for(n)`` values, where the rows count
it: review 402); ``analyze`` and ``report`` take a sketch or a dict of sketches (one group each);
``method="bayes"`` and ``fit_bayes`` fit their GPD to the exceedances the sketch holds. What needs
the rows (``gold=``, ``goodhart=True``, the Goodhart functions, ``tail_dependence``) refuses a
sketch and says why. The mean and variance are merged in floating point, to rounding error
(:mod:`tailstat._sketch_moments` says how much, at what scale).

Exactness under truncation: every value a sketch dropped is at most its smallest kept value ``t``.
Two sketches merged keep the values of the union at or above the larger of their two ``t`` (at
most its capacity): exactly the union's top. With a fixed capacity ``K`` that is ``K`` values.
With the automatic capacity each shard keeps :data:`HEADROOM` times what its own ``n`` needs,
which leaves enough for the total ``n`` unless the shards are very unequal, or unlike one another:
a shard (or a late batch of a stream) holding most of the union's top values, e.g. shards by
training step while the rewards drift, leaves about ``HEADROOM · capacity_for(n/m)`` values for
``m`` shards, fewer than ``capacity_for(n)`` from ``m = 3`` on. The merged sketch then holds fewer
values, and a request beyond them raises rather than reading wrong values; a fixed ``capacity=``
(e.g. ``capacity_for`` of the expected total) avoids it. For the same reason merging is
associative only in this weaker sense with the automatic capacity, and with fixed capacities that
differ between the sketches: different merge trees keep top arrays of different lengths, each
exactly the top of the union (one a prefix of the other). With one fixed capacity for all the
sketches merging is associative exactly in the top values kept, ``n``, the missing count and
the minimum; the mean and second moment agree to rounding (a few units in the last place), so
two merge trees need not give the same bytes; two merged either way round do, but for a name.

Zero is kept as ``+0.0`` (not ``-0.0``, equal but sorted in no order): a sketch's bytes should
not depend on how its sample was split.

A sketch is not safe to update from several threads at once: its top values are kept under
a lock, but the mean and variance are not (four threads feeding one sketch kept ``n`` and the
top exact and lost up to 4% of the variance: review 407). Give each thread its own sketch and
merge them.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any, Literal

import numpy as np

from tailstat import _sketch_moments as mom
from tailstat import _validation as v
from tailstat._sketch_batch import batch_values
from tailstat._sketch_bytes import SKETCH_VERSION, decode, encode  # the binary form
from tailstat._sketch_names import DEFAULT_NAME, union_name
from tailstat._sketch_short import HEADROOM, held_short
from tailstat._sketch_top import KeptTop, at_max, fold_at_max, fold_at_min
from tailstat.classification import held_depth
from tailstat.data.intake import TailSummary, check_summary, check_text, sample_values
from tailstat.data.tail import UpperTail, midpoint, scan_top
from tailstat.errors import DataError
from tailstat.results import jsonable

__all__ = ["HEADROOM", "SKETCH_VERSION", "TailSketch", "capacity_for",
           "merge_sketches"]

#: Bytes of a sketch's objects besides its values (its slots, tuples, lock, list, name),
#: as measured: about 1.7 kB live per small sketch with the allocator's overhead (review 410).
_BOOKKEEPING_BYTES = 1700


@v.validate_params({"n": [v.Interval(Integral, 0, None)]})
def capacity_for(n: int) -> int:
    """Top order statistics the analysis of ``n`` values reads: ``min(n, max(1000, 5 k + 1))``.

    ``k = min(n/10, n^(2/3))`` is the classifier's tail level; ``5 k`` is the deepest point of
    the report's estimator paths (:func:`tailstat.reporting._compute.path_k_max`), deeper
    than the classifier's centre ``4 k``. About 1.7 million values at ``n = 2·10^8``.

    Parameters
    ----------
    n : int (the sample size, >= 0)
    """
    return held_depth(n)


class TailSketch(TailSummary):
    """A mergeable summary of a reward sample or stream: n and its exact top order statistics.

    Parameters
    ----------
    capacity : int, optional
        How many top order statistics to keep. Default: automatic, :data:`HEADROOM` times
        :func:`capacity_for` of the current ``n`` (so it grows as ``n^(2/3)``).
    name : str
        A label (group key, column) for messages and reports.

    Examples
    --------
    >>> import numpy as np, tailstat as ts
    >>> rng = np.random.default_rng(0)
    >>> s = ts.TailSketch(name="rm")
    >>> for _ in range(10):
    ...     _ = s.update(rng.standard_t(3, size=10_000))
    >>> s.n
    100000
    >>> ts.classify(s).label
    'heavy'
    """

    __slots__ = ("_at_max", "_at_min", "_capacity", "_hold", "_m2", "_mean", "_n", "_n_nan",
                 "_name")

    def __init__(self, capacity: int | None = None, *, name: str = DEFAULT_NAME) -> None:
        v.check("capacity", capacity, [v.Interval(Integral, 2, None), None])
        self.name = name  # checked by the property
        self._clear(None if capacity is None else int(capacity))

    @classmethod
    def _of(cls, capacity: int | None, name: str, values: np.ndarray | None = None,
            n_nan: int = 0) -> TailSketch:
        """A sketch of arguments checked already: empty, or of finite float64 ``values``,
        ``n_nan`` missing dropped (checks cost a third of a small merge, made by millions)."""
        out = cls.__new__(cls)
        out._name = name
        out._clear(capacity)
        if values is not None and values.shape[0]:
            out._add(values)
        out._n_nan = n_nan
        return out

    def _clear(self, capacity: int | None) -> None:  # (the name is set by the caller)
        self._capacity = capacity
        self._n = 0
        self._n_nan = 0
        self._hold = KeptTop()  # the exact top values (descending)
        self._mean = math.nan
        self._m2: tuple[float, int] = (0.0, 0)  # f * 2**e (see _sketch_moments)
        self._at_min: tuple[float, int | None] = (math.inf, 0)  # min, count (n_at_min)
        self._at_max: tuple[float, int | None] = (-math.inf, 0)  # max, count (n_at_max)

    @classmethod
    def from_sample(cls, x: Any, column: Hashable | None = None, *, capacity: int | None = None,
                    name: str | None = None, nan: Literal["drop", "raise"] = "drop"
                    ) -> TailSketch:
        """Sketch a whole sample (or one shard of it) in one pass (one ``np.partition``).

        Parameters
        ----------
        x : array-like, Series, DataFrame, path or Sample
            The rewards, as :func:`tailstat.check_sample` reads them (with the rest).
        column : str, optional
        capacity : int, optional
        name : str, optional
        nan : {"drop", "raise"}

        Returns
        -------
        TailSketch

        Raises
        ------
        DataError
            As :func:`tailstat.check_sample`, except that a shard may be small or constant
            (the union of the shards may not be); an empty sample (or all missing) is an
            error: use ``TailSketch()`` for an empty sketch.
        """
        if isinstance(x, TailSketch):
            raise DataError(f"{x.name!r} is already a TailSketch; use its copy() or merge().")
        values, dropped, label = sample_values(x, column, nan=nan, name=name)
        if values.shape[0] == 0:
            what = f" (all {dropped} values were missing)" if dropped else ""
            raise DataError(f"{label!r} is empty{what}: no rewards to sketch. TailSketch() is "
                            "an empty sketch, if that is what is meant.")
        out = cls(capacity, name=label)
        out._add(values)
        out._n_nan = dropped
        return out

    def update(self, batch: Any, *, nan: Literal["drop", "raise"] = "drop") -> TailSketch:
        """Add a batch of rewards (array-like, Series, one-column table); returns ``self``.

        Missing values are dropped and counted (``nan="raise"`` rejects them); an infinite
        value is an error. An empty batch changes nothing. The batch is never modified.

        Parameters
        ----------
        batch : array-like, Series or one-column table
        nan : {"drop", "raise"}
            Drop and count missing values, or reject the batch.

        Raises
        ------
        DataError
            Non-numeric or boolean values (numbers written as text, ``"1.5"``, are read as
            numbers, as everywhere in tailstat), an infinite value, missing values with
            ``nan="raise"``, a single number (pass ``[reward]``), a table of several columns,
            a file path (:meth:`from_sample` it) or a sketch (:meth:`merge` it). Nothing is
            added when the batch is rejected.
        """
        v.check("nan", nan, [v.StrOptions({"drop", "raise"})])
        arr, dropped = batch_values(batch, nan=nan, name=self.name)
        self._n_nan += dropped
        if arr.shape[0]:
            self._add(arr)
        return self

    def _add(self, arr: np.ndarray) -> None:
        """Fold finite float64 values into the sketch (never modifies ``arr``)."""
        m = arr.shape[0]
        n = self._n + m
        keep = min(self._target(n), m)
        scan = scan_top(arr, keep)  # one pass: the top values, sums and minimum
        batch_top, batch_complete = scan.top[::-1], keep >= m  # a new array
        np.add(batch_top, 0.0, out=batch_top)  # -0.0 -> +0.0: zeros' signs sort in no order
        self._at_max = fold_at_max(self._at_max, at_max(batch_top, batch_complete, arr))
        mean_b, f, e = mom.batch_moments(arr, scan.shift, scan.total, scan.squares)
        low = (scan.minimum + 0.0, int(np.count_nonzero(arr == scan.minimum)))  # a floor's
        if not (batch_complete and self._n):
            return self._combine(n=m, top=batch_top, complete=batch_complete, mean=mean_b,
                                 m2=(f, e), at_min=low)
        self._fold_moments(m, mean_b, (f, e), low)  # a whole batch: its top values wait
        self._hold.add_whole(batch_top)
        self._hold.trim(self._target(self._n))

    @property
    def _top(self) -> np.ndarray:
        """The kept top order statistics, descending and exact (the top ``_target(n)``)."""
        return self._hold.view(self._target(self._n))[0]

    @property
    def _complete(self) -> bool:  # whether the kept top holds every value seen
        return self._hold.view(self._target(self._n))[1]

    def _target(self, n: int) -> int:
        """How many top values to keep at total size ``n``."""
        if self._capacity is not None:
            return self._capacity
        return HEADROOM * held_depth(n)

    def _fold_moments(self, n: int, mean: float, m2: tuple[float, int],
                      at_min: tuple[float, int | None], n_nan: int = 0) -> None:
        """Fold another summary's size, moments, minimum and count at it into this one's."""
        if self._n == 0:
            self._mean, self._m2 = mean, m2
        elif n:
            self._mean, self._m2 = mom.combine(self._n, self._mean, self._m2, n, mean, m2)
        self._n += n
        self._n_nan += n_nan
        self._at_min = fold_at_min(self._at_min, at_min)

    def _combine(self, *, n: int, top: np.ndarray, complete: bool, mean: float,
                 m2: tuple[float, int],
                 at_min: tuple[float, int | None], n_nan: int = 0, size: int | None = None
                 ) -> None:
        """Fold another summary (its top values descending and exact) into this one, keeping
        what size ``size`` allows (default: this one's size after the fold)."""
        self._fold_moments(n, mean, m2, at_min, n_nan)
        self._hold.fold(top, complete, self._target(self._n if size is None else size))

    def merge(self, other: TailSketch) -> TailSketch:
        """A new sketch of the union of both samples (neither input changes). The capacity
        is automatic when a sketch with it holds values and keeps at least what a fixed one
        with values held, else the larger fixed one. The name is the one given, the default
        "x" yielding to another; of two names, the first, with an InputWarning. Commutative
        to the bit but for that name; associative exactly when every sketch has the same fixed
        capacity, else up to how many of the union's exact top values are kept (module
        notes).

        Parameters
        ----------
        other : TailSketch
        """
        if not isinstance(other, TailSketch):
            raise DataError(f"merge() takes a TailSketch; got {type(other).__name__}. Use "
                            "update() for raw values.")
        return TailSketch._merged((self, other), union_name(self.name, other.name))

    @staticmethod
    def _merged(items: Sequence[TailSketch], name: str) -> TailSketch:
        """:meth:`merge` of ``items`` at once, named by the caller (who warns once, unfiltered)."""
        caps = [s._capacity for s in items if s._capacity is not None]
        held = [s._capacity for s in items if s._capacity is not None and s._n > 0]
        size = sum(s._n for s in items)  # every fold keeps what the union allows: commutative
        auto = any(s._capacity is None and s._n > 0 for s in items) and (
            not held or HEADROOM * capacity_for(size) >= max(held))
        out = TailSketch._of(None if auto or not caps else max(caps), name)
        keep = out._target(size)
        for s in items:  # the tops one by one; the moments as a pairwise tree (review 417)
            out._hold.fold(s._top, s._complete, keep)
            out._at_min, out._at_max = (fold_at_min(out._at_min, s._at_min),
                                        fold_at_max(out._at_max, s._at_max))
        out._n, out._mean, out._m2 = mom.combine_tree([(s._n, s._mean, s._m2) for s in items])
        out._n_nan = sum(s._n_nan for s in items)
        return out

    __or__ = merge

    def copy(self) -> TailSketch:
        """An independent copy."""
        return TailSketch.from_bytes(self.to_bytes())

    @property
    def n(self) -> int:
        """Number of values seen (missing values excluded)."""
        return self._n

    @property
    def nbytes(self) -> int:
        """About the memory the sketch takes: its held values and about 1 kB of bookkeeping
        (what Dask is told a sketch weighs: :mod:`tailstat.dask`)."""
        return _BOOKKEEPING_BYTES + self._hold.nbytes()

    @property
    def n_nan_dropped(self) -> int:
        """Number of missing values dropped."""
        return self._n_nan

    @property
    def capacity(self) -> int | None:
        """The fixed capacity, or ``None`` for the automatic one."""
        return self._capacity

    @property
    def top(self) -> np.ndarray:
        """The kept top order statistics, descending (read-only): ``top[j] = X(n-j)``."""
        return self._top

    @property
    def k_max(self) -> int:
        """Largest ``k`` the sketch can serve (the threshold ``X(n-k)`` is its last value)."""
        return int(self._top.shape[0] - 1)

    @property
    def complete(self) -> bool:
        """Whether the sketch holds every value seen (then it is the whole sample, sorted)."""
        return self._complete

    @property
    def mean(self) -> float:
        """Running mean (NaN when empty)."""
        return float(self._mean)

    @property
    def var(self) -> float:
        """Running variance with ``n - 1`` in the denominator (NaN below two values)."""
        return mom.variance(self._m2, self._n)

    @property
    def std(self) -> float:
        """Running standard deviation (finite, to rounding, whenever the sample's is)."""
        return mom.std(self._m2, self._n)

    @property
    def minimum(self) -> float:
        """Smallest value seen (NaN when empty)."""
        return float(self._at_min[0]) if self._n else math.nan

    @property
    def maximum(self) -> float:
        """Largest value seen (NaN when empty)."""
        return float(self._top[0]) if self._n else math.nan

    @property
    def n_at_max(self) -> int | None:
        """How many values equal the maximum, exactly, past the capacity too (0 when empty;
        ``None`` for bytes of an older tailstat whose kept values all equal the maximum)."""
        return self._at_max[1]

    @property
    def n_at_min(self) -> int | None:
        """How many values equal the minimum (a floor), exactly; as :attr:`n_at_max`."""
        return self._at_min[1]

    @property
    def median(self) -> float | None:
        """The exact median when the sketch holds the top half of the sample, else ``None``."""
        n = self._n
        if n == 0 or self._top.shape[0] <= n // 2:
            return None
        hi = float(self._top[(n - 1) // 2])
        return hi if n % 2 else midpoint(float(self._top[n // 2]), hi)

    def upper_tail(self, k_max: int | None = None, *, name: str | None = None) -> UpperTail:
        """The top ``k_max + 1`` order statistics as an :class:`tailstat.UpperTail`.

        Parameters
        ----------
        k_max : int, optional
            Default: all the sketch holds (``self.k_max``); any value is clipped to ``n - 1``.
        name : str, optional

        Raises
        ------
        DataError
            When the sketch is empty, of fewer than 5 values or constant (as ``check_sample``
            refuses such a sample), or holds fewer than ``k_max + 1`` values."""
        if self._n == 0:
            raise DataError(f"the sketch {self.name!r} is empty: update() it with rewards first.")
        check_summary(self)
        if k_max is None:
            k_max = min(self.k_max, self._n - 1)
        v.check("k_max", k_max, [v.Interval(Integral, 1, None)])
        k_max = min(int(k_max), self._n - 1)
        if k_max > self.k_max:
            depth = capacity_for(self._n)
            dask_one = min(depth, self._n)  # what Dask's default capacity holds
            holds, why = held_short(self.name, self.k_max + 1, self._n, self._capacity,
                                    k_max + 1, depth)
            raise DataError(  # (no capacity where Dask's default, capacity_for(n), holds it)
                f"{holds} but {k_max + 1} are needed (k = {k_max}){why}; build it (and its "
                f"shards) with TailSketch(capacity={k_max + 1}) (with tailstat.dask.analyze: "
                f"capacity={k_max + 1} or more{', or no capacity' if dask_one > k_max else ''}).")
        if k_max < 1:
            raise DataError(f"the sketch {self.name!r} holds {self._n} value(s), fewer than 2.")
        return UpperTail(desc=self._top[: k_max + 1], n=self._n, name=name or self.name,
                         median=self.median, n_at_max=self._at_max[1],
                         floor=(self._at_min[0], self._at_min[1]) if self._at_min[1] else None)

    def exceedances(self, threshold: float) -> np.ndarray:
        """The values strictly above ``threshold``, ascending (read-only).

        Parameters
        ----------
        threshold : float

        Raises
        ------
        DataError
            When some values above the threshold may have been dropped (the threshold is
            below the smallest kept value of a truncated sketch).
        """
        bad = isinstance(threshold, (bool, np.bool_, str, bytes)) or threshold is None
        try:
            t = float(threshold)
        except (TypeError, ValueError):
            bad = True
        if bad:
            raise DataError(f"exceedances() of the sketch {self.name!r}: the threshold must be "
                            f"a number, got {type(threshold).__name__} instead.")
        if math.isnan(t):
            raise DataError(f"exceedances() of the sketch {self.name!r}: the threshold is NaN; "
                            "pass a number.")
        if not self._complete and self._top.shape[0] and t < self._top[-1]:
            raise DataError(
                f"the sketch {self.name!r} holds the values above {self._top[-1]:.6g} only; a "
                f"threshold of {t:.6g} needs more (use a higher threshold, or a sketch with a "
                "larger capacity).")
        above = self._top[: int(np.searchsorted(-self._top, -t, side="left"))]
        return above[::-1]

    def same_as(self, other: TailSketch, *, rtol: float = 1e-12) -> bool:
        """Equal top order statistics, ``n`` and minimum, and moments equal to ``rtol``.

        The moments are compared on their own scale: the mean against the standard deviation
        as well as itself, the sum of squared deviations against ``n (mean^2 + var)`` (the
        rounding of a nearly constant sample is relative to its values, not to its spread).

        Parameters
        ----------
        other : TailSketch
            Anything else gives ``False``.
        rtol : float
            Relative tolerance of the moments, in [0, 1) (0: the moments bit for bit).
        """
        v.check("rtol", rtol, [v.Interval(Real, 0, 1, closed="left")])
        if not isinstance(other, TailSketch):
            return False
        return (self._n == other._n and self._n_nan == other._n_nan
                and self._complete == other._complete
                and np.array_equal(self._top, other._top) and self._at_min == other._at_min
                and mom.moments_close((self._mean, *self._m2), (other._mean, *other._m2),
                                      self._n, rtol))

    def to_dict(self) -> dict[str, Any]:
        """Summary numbers (not the order statistics) for tables and JSON."""
        return {"result": "TailSketch", "name": self.name, "n": self._n,
                "n_nan_dropped": self._n_nan, "capacity": self._capacity,
                "kept": int(self._top.shape[0]), "complete": self._complete,
                "mean": jsonable(self.mean), "std": jsonable(self.std),
                "minimum": jsonable(self.minimum), "maximum": jsonable(self.maximum),
                "median": self.median}

    @property
    def name(self) -> str:
        """The label of the sketched rewards (a string: it is written by :meth:`to_bytes`)."""
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        v.check("name", value, [v.InstanceOf(str, text="a string")])  # (written: to_bytes)
        check_text(value, f"the sketch's name {value!r}",
                   "decode it with errors='replace' or 'backslashreplace'")
        self._name = value

    def to_bytes(self) -> bytes:
        """A versioned binary form (:meth:`from_bytes` reads it back exactly: with the
        automatic capacity every value held, so that a copy goes on as the sketch would)."""
        top, complete = self._hold.view(self._capacity)
        return encode({"name": self.name, "n": self._n, "n_nan": self._n_nan,
                       "capacity": self._capacity, "complete": complete,
                       "mean": self._mean, "m2": self._m2[0], "m2_exp": self._m2[1],
                       "min": self._at_min[0], "n_max": self._at_max[1],
                       "n_min": self._at_min[1]}, top)

    @classmethod
    def from_bytes(cls, data: bytes) -> TailSketch:
        """Read a sketch written by :meth:`to_bytes`.

        Parameters
        ----------
        data : bytes

        Raises
        ------
        DataError
            Not a tailstat sketch, written by a newer tailstat, truncated or damaged (the
            header and the order statistics are checked for consistency).
        """
        meta, top = decode(data)
        out = cls(meta["capacity"], name=meta["name"])
        out._n, out._n_nan = meta["n"], meta["n_nan"]
        low = meta.get("n_min", int(np.count_nonzero(top == top[-1])) if meta["complete"] and
                  top.size else 0 if not out._n else None)  # (older bytes: what they keep)
        out._mean, out._at_min = meta["mean"], (meta["min"], low)
        out._m2 = mom.normal_pair(meta["m2"], meta["m2_exp"])
        out._hold = KeptTop(top, meta["complete"])
        count = meta.get("n_max")  # written where the kept values cannot count it
        out._at_max = (float(top[0]), count) if count is not None else at_max(top,
                                                                             meta["complete"])
        return out

    def __repr__(self) -> str:
        cap = "auto" if self._capacity is None else str(self._capacity)
        kept = "all" if self._complete else f"top {self._top.shape[0]}"
        name = self.name if len(self.name) <= 80 else self.name[:79] + "…"  # a repr's name
        return (f"TailSketch(name={name!r}, n={self._n}, kept={kept}, capacity={cap}, "
                f"mean={self.mean:.4g}, std={self.std:.4g}, max={self.maximum:.4g})")

    def __len__(self) -> int:
        return self._n

    def __reduce__(self) -> tuple[Any, ...]:  # pickling: Dask ships sketches between processes
        return (TailSketch.from_bytes, (self.to_bytes(),))


def merge_sketches(sketches: TailSketch | Iterable[TailSketch]) -> TailSketch:
    """Merge many sketches (at once when they have one fixed capacity, else by a pairwise
    tree; ``O(K)`` per sketch either way).

    Parameters
    ----------
    sketches : TailSketch or iterable of TailSketch
        At least one (a single sketch is read as one).

    Returns
    -------
    TailSketch
        A new sketch (a copy when given one).

    Raises
    ------
    DataError
        No sketch, or something that is not one.
    """
    items = list(sketches) if isinstance(sketches, Iterable) else [sketches]  # or one sketch
    if not items:
        raise DataError("merge_sketches needs at least one sketch.")
    bad = [type(s).__name__ for s in items if not isinstance(s, TailSketch)]
    if bad:
        hint = " A dict iterates over its keys: pass its .values()." * isinstance(sketches, Mapping)
        raise DataError(f"merge_sketches takes TailSketch objects; got {', '.join(bad[:3])}."
                        f"{hint} Sketch raw values with TailSketch.from_sample() or update().")
    if len(items) == 1:
        return items[0].copy()
    name = union_name(*(s.name for s in items))  # one warning, not one per merge of the tree
    if len(caps := {s.capacity for s in items}) == 1 and None not in caps:  # one fixed one: at
        return TailSketch._merged(items, name)  # once, any tree's top values, half the folds
    while len(items) > 1:
        items = [TailSketch._merged(items[i:i + 2], name) if i + 1 < len(items) else items[i]
                 for i in range(0, len(items), 2)]
    return items[0]
