"""Upper order statistics: the one partial sort per sample that every estimator shares.

:func:`upper_tail` keeps the ``k_max + 1`` largest values of a sample in descending order,
``desc[0] = X(n) >= desc[1] = X(n-1) >= ... >= desc[k_max] = X(n-k_max)``, found with one
``np.partition`` (a full sort only when the whole sample is needed). With the convention of
``docs/science.md`` §4, the top ``k`` values are ``desc[:k]`` and the threshold ``X(n-k)``
is ``desc[k]``. An :class:`UpperTail` (top order statistics plus ``n``) is all the
semi-parametric estimators need, which is also what lets tailstat work on streams and on
Dask arrays.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace
from numbers import Integral
from typing import Any, NamedTuple

import numpy as np

from tailstat import _validation as v
from tailstat._warn import user_level
from tailstat.data._tail_checks import checked_desc, checked_floor, checked_median
from tailstat.data._values import column_refused
from tailstat.data.grid import copies_advice, ties_off_grid
from tailstat.data.intake import TailSummary, check_sample
from tailstat.errors import DataError, TiesWarning
from tailstat.results import Result

__all__ = [
    "TIE_WARN_FRACTION",
    "UpperTail",
    "as_upper_tail",
    "default_k_max",
    "float_rounding",
    "float_rounding_step",
    "from_sketch",
    "midpoint",
    "refuse_column",
    "row_copies",
    "tie_fraction",
    "upper_tail",
]

#: Fraction of tied neighbours among the top order statistics above which a
#: :class:`TiesWarning` is issued: each tie is a zero log-spacing, which biases Hill-type
#: estimators downwards and makes Pickands undefined at some k.
TIE_WARN_FRACTION = 0.05


def float_rounding_step(desc: np.ndarray) -> float | None:
    """The float type's step where the descending values ``desc`` lie when a positive gap is
    within four of the step at its magnitude (ties that are float rounding: a common offset
    far larger than their spread), else None (:func:`float_rounding` names the type too).

    Parameters
    ----------
    desc : numpy.ndarray

    Returns
    -------
    float or None
    """
    found = float_rounding(desc)
    return None if found is None else found[0]


def float_rounding(desc: np.ndarray) -> tuple[float, str] | None:
    """``(step, "float64")`` (or ``"float32"``) when the ties of the descending values
    ``desc`` are the float type's own rounding (see :func:`float_rounding_step`), else None.

    Each gap is measured against the step at its own pair (one value far above the rest does
    not make the others' gaps look like rounding: a review). Values that are all float32
    numbers, not all integers, are measured against float32's steps too (a review: float32
    scores with an offset of 1e5 were "discretised rewards").

    Parameters
    ----------
    desc : numpy.ndarray

    Returns
    -------
    (float, str) or None
    """
    gaps = desc[:-1] - desc[1:]
    pos = gaps > 0
    if not np.any(pos):
        return None
    big = np.maximum(np.abs(desc[:-1]), np.abs(desc[1:]))[pos]
    kinds = [("float64", np.spacing(big))]
    with np.errstate(over="ignore"):
        narrow = desc.astype(np.float32)
    # every value a float32 number, not all integers (counts near 1e7 tie on integers float32
    # holds exactly, with a step of 1 there)
    if np.array_equal(narrow.astype(np.float64), desc) and not np.array_equal(
            np.round(desc), desc):
        kinds.append(("float32", np.spacing(big.astype(np.float32)).astype(np.float64)))
    for name, steps in kinds:
        ratio = gaps[pos] / steps
        at = int(np.argmin(ratio))
        if ratio[at] <= 4.0:
            return float(steps[at]), name
    return None


@v.validate_params({"sorted_values": [v.InstanceOf(np.ndarray, text="a sorted numpy array")]})
def tie_fraction(sorted_values: np.ndarray) -> float:
    """Fraction of neighbours that are equal in a sorted array (ascending or descending).

    The one definition of "tied" used everywhere (order statistics, GPD excesses, Bayesian
    fits): ``#{i : v[i] == v[i+1]} / (len(v) - 1)``, and 0 for fewer than two values. The
    array must already be sorted (sorting is the caller's one sort, not repeated here).

    Parameters
    ----------
    sorted_values : numpy.ndarray

    Returns
    -------
    float
    """
    s = np.asarray(sorted_values)
    if s.shape[0] < 2:
        return 0.0
    return float(np.count_nonzero(s[1:] == s[:-1]) / (s.shape[0] - 1))


#: Share of the distinct values among the top order statistics that must each appear exactly
#: ``m >= 2`` times for the scores to read as rows repeated ``m`` times, and the fewest
#: distinct values (below the last, which the window may cut) to judge from.
ROW_COPIES_SHARE = 0.9
ROW_COPIES_LEVELS = 10


def row_copies(desc: np.ndarray) -> int | None:
    """``m`` when nearly every distinct value of the sorted ``desc`` appears exactly ``m >= 2``
    times (:data:`ROW_COPIES_SHARE`): rows repeated ``m`` times (a table joined to itself,
    logs read twice), not rounding, whose ties vary in number from value to value; else
    ``None``. The last run is left out (the window may cut it)."""
    starts = np.r_[0, np.flatnonzero(desc[1:] != desc[:-1]) + 1]
    runs = np.diff(starts)  # every run but the last
    if runs.shape[0] < ROW_COPIES_LEVELS:
        return None
    m = int(np.bincount(runs).argmax())
    share = np.count_nonzero(runs == m) / runs.shape[0]
    return m if m >= 2 and share >= ROW_COPIES_SHARE else None


@v.validate_params({"n": [v.Interval(Integral, 1, None)]})
def default_k_max(n: int) -> int:
    """Largest k a path covers by default: all of a small sample, at least 5000 values, and
    the top 20% of a large one.

    ``n - 1`` for ``n <= 5000``; otherwise ``n // 5`` but at least 5000 and at most 200 000.
    """
    if n <= 5000:
        return n - 1
    return int(min(n - 1, max(5000, min(n // 5, 200_000))))


@dataclass(frozen=True, eq=False, repr=False)
class UpperTail(Result):
    """The largest order statistics of a sample, in descending order, and the sample size.

    Attributes
    ----------
    desc : numpy.ndarray
        ``desc[j] = X(n-j)``, j = 0..k_max (read-only).
    n : int
        Size of the whole sample.
    name : str
        The sample's label.
    median : float or None
        The sample median, when it was asked for (``upper_tail(x, median=True)``).
    n_at_max : int or None
        How many of the ``n`` values equal the maximum, when known beyond ``desc`` (a
        :class:`tailstat.TailSketch`'s upper tail: its count goes on past what it keeps).
    floor : (float, int) or None
        The sample's minimum and how many of the ``n`` values equal it, when known (a
        sketch counts them): a floor given to refused outputs, which the classifier reads
        the tail above.
    """

    desc: np.ndarray
    n: int
    name: str = "x"
    median: float | None = None
    n_at_max: int | None = None
    floor: tuple[float, int] | None = None

    _repr_fields = ("name", "n", "k_max")

    def __post_init__(self) -> None:
        if isinstance(self.n, (float, np.floating, np.integer)) and not isinstance(
                self.n, (bool, np.bool_)) and float(self.n).is_integer():
            # a size computed as a float (len(df) * share) is the integer it is: the
            # estimators refused "n = 5000.0", a parameter the caller never passed (a review)
            object.__setattr__(self, "n", int(self.n))
        object.__setattr__(self, "desc", checked_desc(self.desc, self.n))
        if self.n_at_max is not None:  # (a review: 10**9, -5 and "x" were taken and said)
            d, count = self.desc, self.n_at_max
            run = int(np.count_nonzero(d == d[0]))
            ok = isinstance(count, Integral) and not isinstance(count, (bool, np.bool_))
            if not (ok and run <= count <= self.n and (count == run or run == d.size)):
                raise DataError(f"UpperTail.n_at_max must count the values equal to the "
                                f"maximum: an integer from {run:,} (those desc holds) to "
                                f"{self.n:,} (n), and {run:,} when desc holds a smaller "
                                f"value too; got {count!r}.")
            object.__setattr__(self, "n_at_max", int(count))
        if self.floor is not None:
            object.__setattr__(self, "floor", checked_floor(self.floor, self.desc, self.n))
        object.__setattr__(self, "median", checked_median(self.median, self.desc, self.n))
        super().__post_init__()

    @property
    def k_max(self) -> int:
        """Largest k available (the threshold X(n-k_max) is the last stored value)."""
        return int(self.desc.shape[0] - 1)

    def tie_fraction(self, k: int) -> float:
        """Fraction of equal neighbours among ``X(n-k), ..., X(n)``.

        Parameters
        ----------
        k : int

        Returns
        -------
        float
        """
        return tie_fraction(self.desc[: self._checked_k(k) + 1])

    def row_copies(self, k: int) -> int | None:
        """``m`` when nearly every distinct value among ``X(n-k), ..., X(n)`` appears exactly
        ``m >= 2`` times: the rows repeated (:func:`row_copies`); else ``None``.

        Parameters
        ----------
        k : int

        Returns
        -------
        int or None
        """
        return row_copies(self.desc[: self._checked_k(k) + 1])

    def _checked_k(self, k: Any) -> int:
        """``k`` when it is a whole number from 0 (the maximum alone) to :attr:`k_max` (a
        review: -1 read 0.0 of a tail all tied, 10**6 was cut to k_max without a word, 2.5
        raised a TypeError)."""
        v.check("k", k, [v.Interval(Integral, 0, None)])
        if k > self.k_max:
            raise DataError(f"k = {k} is beyond the {self.k_max + 1} order statistics this upper "
                            f"tail of {self.name!r} holds (k at most {self.k_max}); rebuild it "
                            f"with upper_tail(x, k_max={k}).")
        return int(k)

    def warn_ties(self, k: int, stacklevel: int | None = None) -> float:
        """Issue a :class:`TiesWarning` when the tie fraction of the top ``k`` is large
        (:meth:`ties_note`).

        Parameters
        ----------
        k : int
        stacklevel : int, optional
            Of the warning; by default the first frame outside tailstat.

        Returns
        -------
        float
            The tie fraction (:meth:`tie_fraction`).
        """
        note = self.ties_note(k)
        if note is not None:
            warnings.warn(note, TiesWarning,
                          stacklevel=user_level() if stacklevel is None else stacklevel)
        return self.tie_fraction(k)

    def ties_note(self, k: int) -> str | None:
        """The text of :meth:`warn_ties`'s warning, or None when the top ``k`` are not tied
        enough to warn.

        Parameters
        ----------
        k : int
            How many of the top order statistics (with ``X(n - k)``) to read.

        Returns
        -------
        str or None
        """
        frac = self.tie_fraction(k)
        if frac <= TIE_WARN_FRACTION:
            return None
        top = self.desc[: k + 1]
        found = float_rounding(top)
        if found is not None:
            # the levels are the float type's own steps, not a rounding of the scores (a
            # review: exponential scores + 1e15 read heavy under "discretised rewards?")
            step, kind = found
            why = (f"{kind} rounding: the scores carry a common offset (about "
                   f"{float(np.median(top)):.3g}) far larger than their spread, and {kind} "
                   f"keeps steps of {step:g} there. Subtract a typical value (e.g. the "
                   f"median) where the scores are made, before they are stored as {kind}: "
                   "the offset does not change the tail, its rounding does")
            what = "."
        elif (copies := row_copies(top)) is not None:
            why = f"duplicated rows? nearly every one of these values appears {copies} times"
            what = ("; drop the duplicated rows (e.g. DataFrame.drop_duplicates) and "
                    "analyse again.")
        elif ties_off_grid(top):  # continuous scores tie only as copies (a review)
            why = "duplicated rows? the tied values lie on no grid, so they are not rounding"
            what = copies_advice("analyse") + "."
        else:
            why = "discretised rewards?"
            what = "; jitter below the resolution, use a larger k, or prefer the GPD fit."
        return (f"{frac:.0%} of the top {k} order statistics of {self.name!r} are tied with a "
                f"neighbour ({why}). Ties bias Hill-type estimators (zero spacings pull them "
                "down, a threshold on a much-tied value can push them up) and can make "
                f"Pickands undefined{what}")

    def _scalar_items(self) -> dict[str, Any]:
        # to_frame's and the notebook's row: k_max as the repr and to_dict give it, and the
        # floor as two columns, present whether it is known or not, NaN when not, as a
        # fit's missing numbers (a review: no k_max, and a floor's column vanished when it
        # was set, a tuple not being a scalar)
        low, count = self.floor if self.floor is not None else (math.nan, None)
        return {"name": self.name, "n": self.n, "k_max": self.k_max, "median": self.median,
                "n_at_max": self.n_at_max, "floor": low, "floor_count": count}

    def to_dict(self) -> dict[str, Any]:
        """Metadata and the stored order statistics."""
        return {"result": "UpperTail", "name": self.name, "n": self.n, "k_max": self.k_max,
                "median": self.median, "n_at_max": self.n_at_max,
                "floor": None if self.floor is None else list(self.floor),
                "desc": self.desc.tolist()}


@v.validate_params({"k_max": [v.Interval(Integral, 1, None), None],
                    "median": [v.InstanceOf(bool, text="True or False")]})
def upper_tail(x: Any, k_max: int | None = None, *, median: bool = False,
               **intake: Any) -> UpperTail:
    """Validate ``x`` and keep its ``k_max + 1`` largest values, descending.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts
    k_max : int, optional
        Largest k needed (at least 1); default :func:`default_k_max`. Clipped to ``n - 1``.
    median : bool
        Also find the sample median, in the same ``np.partition`` call (the plots centre
        the data there; the classifier centres at an upper order statistic instead).
    **intake
        Passed to :func:`check_sample` (``column=``, ``nan=``, ``name=``).

    Returns
    -------
    UpperTail
    """
    _known_intake(intake, "upper_tail")
    x = from_sketch(x, intake.get("column"))
    if isinstance(x, UpperTail):  # a TailSketch: what it holds, exactly
        k_max = v.check_k_max(k_max, x.n, default=min(default_k_max(x.n), x.k_max))
        held = as_upper_tail(x, k_max)  # raises when the sketch holds too few
        return UpperTail(desc=held.desc[: k_max + 1], n=x.n, name=_held_name(x, intake),
                         median=x.median, n_at_max=x.n_at_max, floor=x.floor)  # its counts
    sample = check_sample(x, **intake)
    n = sample.n
    k_max = v.check_k_max(k_max, n, default=default_k_max(n))
    m = k_max + 1
    values = sample.values
    med: float | None = None
    if m >= n:
        full = np.sort(values)
        desc = full[::-1]
        if median:
            med = _median_of_sorted_block(full, 0)
    elif median:
        part = np.partition(values, n - m)  # a new array: ours to reorder in place
        part[n - m:].sort()
        desc = part[n - m:][::-1]
        med = _median_of_sorted_block(part, n - m)
    else:
        desc = top_values(values, m)[::-1]
    desc = np.ascontiguousarray(desc)
    desc.setflags(write=False)  # ours: the result need not copy it
    # every value kept is the maximum: its count in the whole sample, which the kept values
    # cannot give (a review: "at least 8,001 scores" of a sample that has them all)
    count = int(np.count_nonzero(values == desc[0])) if desc[-1] == desc[0] else None
    return UpperTail(desc=desc, n=n, name=sample.name, median=med, n_at_max=count)


#: Size of the systematic subsample :func:`top_values` guesses its cut from.
_PILOT = 4096
#: Values per block of the one pass of :func:`top_values` (512 KiB: the block, and its mask,
#: are read again from the cache, not from memory).
_BLOCK = 65536


class TopScan(NamedTuple):
    """What :func:`scan_top` reads in one pass: the ``m`` largest values (ascending, a new
    array), a shift ``c`` near the centre of the values, the sum of ``x - c`` and of
    ``(x - c)^2`` over all values, and the smallest value."""

    top: np.ndarray
    shift: float
    total: float
    squares: float
    minimum: float


def top_values(values: np.ndarray, m: int) -> np.ndarray:
    """The ``m`` largest of ``values``, ascending, in a new array (``values`` untouched).

    A selection that reads the sample about once: a cut ``t`` is guessed from a systematic
    subsample (every ``n / 4096``-th value) a little below the ``m``-th largest, the values
    above ``t`` are gathered (one vectorised comparison) and only those are partitioned.
    When fewer than ``m`` values lie above the guess (it can only be too high by chance or
    on adversarial orderings) the whole sample is partitioned instead, so the result is
    always exact; it costs a fraction of ``np.partition``, which copies and reorders the
    whole array.
    """
    return _scan(values, m, sums=False).top


def scan_top(values: np.ndarray, m: int) -> TopScan:
    """:func:`top_values`, and the sums of deviations from a shift, of their squares, and the
    minimum of the finite ``values``, read in the same pass (block by block, so that memory
    is read once).

    The shift is the mean (small samples, two passes) or the median of the systematic
    subsample the cut is guessed from, so the sum of squares carries little cancellation
    (``sum (x - c)^2 - n (mean - c)^2`` with ``c`` within about a spread of the mean). The
    sums are plain float sums (einsum, not BLAS: no threads, the same bits on every
    machine); they may overflow to ``inf`` for values near the float maximum (the caller
    decides what to do then).
    """
    return _scan(values, m, sums=True)


def _scan(values: np.ndarray, m: int, *, sums: bool) -> TopScan:
    n = values.shape[0]
    nan = float("nan")
    if m >= n or n < 16 * _PILOT or m > n // 8:
        top = np.sort(values) if m >= n else _partitioned_top(values, m)
        if not sums:
            return TopScan(top, nan, nan, nan, nan)
        with np.errstate(over="ignore", invalid="ignore"):
            shift = float(np.add.reduce(values)) / n
            dev = values - shift
            return TopScan(top, shift, float(np.add.reduce(dev)),
                           float(np.einsum("i,i->", dev, dev)), float(values.min()))
    step = n // _PILOT
    pilot = np.sort(values[::step])
    shift = float(pilot[pilot.shape[0] // 2])
    # expected pilot values above the m-th largest, plus 6 sd of the binomial count
    above = m / step
    j = int(min(pilot.shape[0] - 1, above + 6.0 * np.sqrt(above + 1.0) + 2.0))
    cut = pilot[pilot.shape[0] - 1 - j]
    parts = []
    total = squares = 0.0
    minimum = float("inf")
    mask = np.empty(min(n, _BLOCK), dtype=bool)
    dev = np.empty(min(n, _BLOCK)) if sums else mask
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(0, n, _BLOCK):
            block = values[i:i + _BLOCK]
            keep = np.greater(block, cut, out=mask[: block.shape[0]])
            parts.append(np.compress(keep, block))
            if sums:
                d = np.subtract(block, shift, out=dev[: block.shape[0]])
                total += float(np.add.reduce(d))
                squares += float(np.einsum("i,i->", d, d))
                minimum = min(minimum, float(block.min()))
    cand = np.concatenate(parts)
    if cand.shape[0] >= m:
        if cand.shape[0] > m:
            cand.partition(cand.shape[0] - m)
        top = cand[cand.shape[0] - m:]
        top.sort()
    else:
        top = _partitioned_top(values, m)
    return (TopScan(top, shift, total, squares, minimum) if sums
            else TopScan(top, nan, nan, nan, nan))


def _partitioned_top(values: np.ndarray, m: int) -> np.ndarray:
    """The ``m < n`` largest of ``values``, ascending, through one ``np.partition`` (a copy)."""
    part = np.partition(values, values.shape[0] - m)
    top = part[values.shape[0] - m:]
    top.sort()
    return top


def _median_of_sorted_block(part: np.ndarray, start: int) -> float:
    """Median of ``part``, whose block ``part[start:]`` is sorted and holds its largest values.

    ``part[:start]`` is unordered (every value there is ``<= part[start]``); order statistics
    that fall in it are found by partitioning that block in place.
    """
    n = part.shape[0]
    lo_mid, hi_mid = (n - 1) // 2, n // 2
    if hi_mid >= start:  # X(hi_mid) is in the sorted top block
        hi = float(part[hi_mid])
        if lo_mid == hi_mid:
            return hi
        # X(lo_mid) is in the top block too, or it is the largest value of the lower block
        lo = float(part[lo_mid]) if lo_mid >= start else float(part[:start].max())
    else:  # both in the lower block: partition it in place
        lower = part[:start]
        lower.partition(hi_mid)
        hi = float(lower[hi_mid])
        lo = hi if lo_mid == hi_mid else float(lower[:hi_mid].max())
    return midpoint(lo, hi)


def midpoint(lo: float, hi: float) -> float:
    """``(lo + hi) / 2``, as :func:`numpy.median` forms it, and without its overflow for
    values near the float range's end (two of 1.6e308 and 1.7e308 gave ``inf``)."""
    mid = 0.5 * (lo + hi)
    return mid if math.isfinite(mid) else 0.5 * lo + 0.5 * hi


def from_sketch(x: Any, column: Any = None) -> Any:
    """A :class:`tailstat.TailSketch` becomes the :class:`UpperTail` of all it holds.

    Anything else is returned unchanged: the entry points of the tail estimators call this
    first, so a sketch is accepted wherever a sample is and read exactly for every ``k`` it
    holds. (A sketch is recognised as a :class:`tailstat.data.intake.TailSummary`, so this
    module does not import the one that builds sketches on it.) ``column``, the entry
    point's ``column=``, is refused for a sketch or an upper tail (:func:`refuse_column`).
    """
    refuse_column(x, column)
    return x.upper_tail() if isinstance(x, TailSummary) else x


def _held_name(x: UpperTail, intake: dict[str, Any]) -> str:
    """The ``name=`` given with a sketch or an upper tail, checked as :func:`check_sample`
    checks a sample's (a review: name=[1] was kept, and name='' dropped), else its own."""
    name = intake.get("name")
    v.check("name", name, [v.InstanceOf(str, text="a string"), None])
    return x.name if name is None else name


def refuse_column(x: Any, column: Any) -> None:
    """A ``column=`` given with a sketch or an upper tail, which hold one sample's values:
    a :class:`DataError` (it would be ignored, and a user who named another column would
    read the sketched one's estimate as that column's)."""
    if column is not None and isinstance(x, (TailSummary, UpperTail)):
        raise column_refused(column, type(x).__name__)


def _known_intake(intake: dict[str, Any], function: str) -> None:
    """A TypeError naming ``function`` for a keyword :func:`check_sample` does not take (it
    named check_sample, which the caller never called; a review)."""
    unknown = sorted(set(intake) - {"column", "nan", "name", "min_size"})
    if unknown:
        raise TypeError(f"{function}() got an unexpected keyword argument {unknown[0]!r} (of "
                        "check_sample's, it takes column, nan, name and min_size)")


@v.validate_params({"k_needed": [v.Interval(Integral, 1, None)]})
def as_upper_tail(x: Any, k_needed: int, **intake: Any) -> UpperTail:
    """Reuse ``x`` if it is an :class:`UpperTail` holding ``k_needed``; else compute one.

    Parameters
    ----------
    x : UpperTail, or anything :func:`upper_tail` accepts
    k_needed : int
        The depth needed (``X(n - k_needed)`` the deepest value read).
    **intake
        Passed to :func:`upper_tail`.

    Returns
    -------
    UpperTail

    Raises
    ------
    DataError
        If an :class:`UpperTail` is too short, or the sample has fewer than ``k_needed + 1``
        values.
    """
    _known_intake(intake, "as_upper_tail")
    x = from_sketch(x, intake.get("column"))  # (column= was ignored for these: a review)
    if isinstance(x, UpperTail):
        if x.k_max < k_needed:
            raise DataError(
                f"the upper tail of {x.name!r} holds {x.k_max + 1} order statistics but "
                f"{k_needed + 1} are needed; recompute it with upper_tail(x, k_max={k_needed})"
                f" (for a TailSketch: TailSketch(capacity={k_needed + 1}))."
            )
        return x if intake.get("name") is None else replace(x, name=_held_name(x, intake))
    sample = check_sample(x, **intake)
    v.check_min_size(sample.n, k_needed + 1, what="values", name=sample.name,
                     advice=f"k = {k_needed} needs them; use a smaller k.")
    return upper_tail(sample, k_max=k_needed)
