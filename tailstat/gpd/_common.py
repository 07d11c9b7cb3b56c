"""What every peaks-over-threshold function of :mod:`tailstat.gpd` shares: the minimum number
of exceedances and its check, the default threshold grids, and :class:`TopValues`, the part
of a sample (or of a :class:`tailstat.TailSketch`) that they read.

A leaf module (it imports nothing from :mod:`tailstat.gpd`), so that :mod:`.threshold`,
:mod:`.select` and :mod:`.fit` all build on it without importing each other in a circle.

Peaks over a threshold need the values above it and the sample size, nothing else (the
default grids and percentage thresholds also need the order statistic at their depth). A
:class:`TopValues` holds the largest values ascending, ``n`` and the minimum (for the units
of the fits): all the values of a sample, or the top order statistics a sketch keeps. Every
function reads it through :meth:`TopValues.order_stats`, :meth:`TopValues.n_above` and
:meth:`TopValues.quantile`, which give the sample's own numbers bit for bit, and raise a
:class:`~tailstat.errors.DataError` for a threshold or depth below what a sketch holds.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np

from tailstat import _validation as v
from tailstat.data.intake import (
    Sample,
    TailSummary,
    check_sample,
    check_summary,
    warn_missing_note,
)
from tailstat.data.tail import UpperTail, refuse_column
from tailstat.errors import DataError

__all__ = [
    "BADER_2018",
    "MIN_EXCEEDANCES",
    "TopValues",
    "check_exceedances",
    "check_some_exceeded",
    "default_k_grid",
    "excesses_over",
    "grid_thresholds",
    "peaks_input",
    "shaped",
    "top_values",
]

#: Fewest exceedances a GPD fit accepts.
MIN_EXCEEDANCES = 10

BADER_2018 = ("Bader, Yan & Zhang (2018), Annals of Applied Statistics 12:310-329: sequential "
              "Anderson-Darling tests over ordered thresholds with the ForwardStop rule of "
              "G'Sell et al. (2016, JRSS-B 78:423-444)")


def shaped(out: Any, given: Any) -> float | np.ndarray:
    """``out`` in the form of the input ``given``: an array for an ``ndarray`` (a 0-d one
    too: the typed signatures say ``ndarray in, ndarray out``, and a type checker cannot tell
    a 0-d array from others), a numpy float for a number."""
    out = np.asarray(out)
    return out if isinstance(given, np.ndarray) else out[()]


@v.validate_params({"n": [v.Interval(Integral, 1, None)], "m": [v.Interval(Integral, 1, None)],
                    "k_min": [v.Interval(Integral, 1, None)],
                    "lowest_quantile": [v.Interval(Real, 0, 1, closed="neither")]})
def default_k_grid(n: int, m: int, *, k_min: int = 30, lowest_quantile: float = 0.5,
                   k_max: int | None = None) -> np.ndarray:
    """Numbers of exceedances for a default threshold grid, descending (increasing threshold).

    ``m`` values spaced geometrically from ``floor(n (1 - lowest_quantile))`` down to ``k_min``
    (both clipped to ``[MIN_EXCEEDANCES, n - 1]``, and to ``k_max`` if given: the deepest
    ``k`` whose threshold ``X(n - k)`` is known, e.g. ``held - 1`` for a sketch), unique.
    """
    k_top = n - 1 if k_max is None else min(n - 1, k_max)
    k_hi = int(min(k_top, max(math.floor(n * (1.0 - lowest_quantile)), k_min)))
    k_lo = int(min(max(k_min, MIN_EXCEEDANCES), k_hi))
    if k_hi < MIN_EXCEEDANCES:
        return np.array([], dtype=int)
    ks = np.unique(np.round(np.geomspace(k_hi, k_lo, max(int(m), 1))).astype(int))
    return ks[::-1]


@v.validate_params({"min_exceed": [v.Interval(Integral, 1, None)]})
def check_exceedances(values: np.ndarray, u: float, *, name: str = "x",
                      min_exceed: int = MIN_EXCEEDANCES, n: int | None = None) -> int:
    """Number of values above ``u``; a :class:`DataError` if below ``min_exceed`` (``n``: the
    whole sample's size when ``values`` are a sketch's top values, for the suggestion).

    Parameters
    ----------
    values : numpy.ndarray
        The sample's values (or a sketch's top values).
    u : float
        The threshold; exceedances are ``values > u``.
    name : str
        The sample's label, for the message.
    min_exceed : int
        Fewest exceedances accepted.
    n : int, optional
        The whole sample's size, when ``values`` are a sketch's top values.

    Returns
    -------
    int
        The number of exceedances.

    Raises
    ------
    DataError
        Fewer than ``min_exceed`` exceedances (the message suggests a threshold).
    """
    xmax = float(np.max(values))
    asc = None  # the values sorted, once (the advice below reads them too)
    if u >= xmax:
        # the advice to try '95%' was circular when '95%' was what landed on the maximum
        # (scores on a scale of few values: ratings, counts)
        asc = np.sort(values)
        levels = asc[np.r_[True, asc[1:] != asc[:-1]]]
        few = (f" {name!r} takes only {levels.size} distinct values and "
               f"{int(np.count_nonzero(values == xmax))} equal the maximum: a GPD is a law for "
               "continuous scores, not for ratings or counts (compare the share of top scores "
               "instead)." if levels.size <= 20 else "")
        head = (f"threshold u = {u:.6g} is at or above the maximum of {name!r} ({xmax:.6g}): "
                f"there are no exceedances.{few}")
        if levels.size == 1:
            raise DataError(f"{head} A fit needs more than one distinct value.")
        # the advice of the case below: the second-largest value advised before left one
        # value, or only the tied maximum, above it (a review: the next error every time)
        k = 0
    else:
        head = ""
        k = int(np.count_nonzero(values > u))
    if k < min_exceed:
        # a threshold that leaves enough: 50 values where the sample allows (the fixed
        # '90%' suggested before could be the very threshold that left too few)
        whole = n is None or int(n) == values.shape[0]  # not a sketch's top values
        n = int(values.shape[0]) if n is None else int(n)
        # (at least min_exceed: below it every quantile advised was 'tied', a review)
        # (below n: with min_exceed = n, only a threshold below the smallest value leaves
        # enough, which the search below says)
        target = min(max(min_exceed, min(50, n // 2)), n - 1)
        lower = (f"e.g. threshold='{_level_text(100.0 * (1.0 - target / n))}%' (about "
                 f"{target} values above it)" if target < n else "or use a larger sample")
        asc = ((np.sort(values) if asc is None else asc) if whole and target < n
               else values[:0])

        def count_above(t: Any) -> Any:  # values strictly above t, from the sorted sample
            return asc.shape[0] - np.searchsorted(asc, t, side="right")

        if asc.size and count_above(asc[max(asc.size - 1 - target, 0)]) < min_exceed:
            # tied values at that quantile: it would leave too few again (a review: '28.6%'
            # advised, and '28.6%' met the same error and advice); a value that leaves
            # enough, or why none does
            levels = asc[np.r_[True, asc[1:] != asc[:-1]]]  # the distinct values
            above = count_above(levels)
            # and two distinct values or more above it: excesses all equal (an atom at the
            # top, clipped scores) cannot be fitted either
            fits = levels[(above >= min_exceed) & (np.arange(levels.size) < levels.size - 2)]
            if not fits.size and values.shape[0] >= min_exceed:
                # only a threshold below the smallest value leaves enough: the tied smallest
                # ones are then excesses too (a review: "no threshold leaves" was false)
                tied = int(values.shape[0] - above[0])
                why = (f": its {tied} tied values would be excesses too, a point mass the "
                       "continuous GPD does not describe (too few distinct large values for "
                       "a GPD fit)" if tied > 1 else
                       f" (all {values.shape[0]} values: a threshold just below it)")
                raise DataError(
                    (f"{head} A GPD fit" if head else f"only {k} value(s) of {name!r} exceed "
                     f"the threshold u = {u:.6g}; a GPD fit") +
                    f" needs at least {min_exceed}, not all equal, and only a threshold below "
                    f"the smallest value, {float(levels[0]):.6g}, leaves that many{why}.")
            if not fits.size:
                raise DataError(
                    (f"{head} The" if head else f"only {k} value(s) of {name!r} exceed the "
                     f"threshold u = {u:.6g}; the") +
                    f" {values.shape[0]} values are fewer than the {min_exceed} a GPD fit "
                    "needs.")
            best = fits[count_above(fits) >= target]
            pick = float(best.max() if best.size else fits.max())
            # a short number between that value and the next (any leaves as many above it)
            nxt = float(levels[np.searchsorted(levels, pick, side="right")])
            text = f"{(pick + nxt) / 2:.6g}"
            text = text if pick <= float(text) < nxt else repr(pick)
            lower = (f"e.g. threshold={text} ("
                     f"{int(count_above(pick))} values above it; many values "
                     "are tied, so a quantile can leave fewer than it says)")
        needs = (f"least {min_exceed}{' (and 50 or more for useful intervals)' * (min_exceed < 50)}"
                 f". Lower the threshold, {lower}.")
        raise DataError(f"{head} A GPD fit needs at {needs}" if head else
                        f"only {k} value(s) of {name!r} exceed the threshold u = {u:.6g}; a GPD "
                        f"fit needs at {needs}")
    return k


def _level_text(q: float) -> str:
    """A quantile level in percent, with three significant digits or as many more as keep it
    at or below ``q``: rounded up, it leaves fewer values above it than the advice says (a
    review: '66.7%' for 66.671% left 2,331 of the 2,333 asked, and the same advice again)."""
    for digits in range(3, 10):
        text = f"{q:.{digits}g}"
        if float(text) <= q:
            return text
    return repr(q)


@dataclass(frozen=True, eq=False)
class TopValues:
    """The largest values of a sample, ascending, with the sample's size and minimum.

    Attributes
    ----------
    asc : numpy.ndarray
        The values held, ascending: the whole sample (``complete``), or the top
        ``asc.shape[0]`` order statistics a :class:`tailstat.TailSketch` keeps.
    n : int
        Size of the whole sample.
    name : str
        The sample's label.
    minimum : float
        The smallest value of the whole sample.
    complete : bool
        Whether ``asc`` is the whole sample.
    """

    asc: np.ndarray
    n: int
    name: str
    minimum: float
    complete: bool

    @property
    def held(self) -> int:
        """How many of the top order statistics are held."""
        return int(self.asc.shape[0])

    @property
    def maximum(self) -> float:
        """The largest value."""
        return float(self.asc[-1])

    def _short(self, need: str, advice: str) -> DataError:
        return DataError(
            f"{need}, but the sketch {self.name!r} holds only the top {self.held} of its "
            f"{self.n} values (those >= {self.asc[0]:.6g}). {advice}".rstrip())

    def order_stats(self, ks: np.ndarray, *, advice: str = "") -> np.ndarray:
        """``X(n-k)`` for each ``k`` (an array): the threshold leaving ``k`` values above it."""
        ks = np.asarray(ks, dtype=np.intp)
        deepest = int(ks.max()) if ks.size else 0
        if deepest > self.held - 1:
            raise self._short(f"X(n-{deepest}) (the threshold leaving {deepest} values above "
                              "it) is needed", advice)
        return self.asc[self.held - 1 - ks]

    def covers(self, u: float | np.ndarray) -> None:
        """Raise unless every value above each threshold ``u`` is held."""
        low = float(np.min(u))
        if not self.complete and low < self.asc[0]:
            raise self._short(
                f"a threshold of {low:.6g} needs every value above it",
                f"Use thresholds of at least {self.asc[0]:.6g}, or a sketch with a larger "
                "capacity.")

    def n_above(self, u: np.ndarray) -> np.ndarray:
        """Number of values strictly above each threshold (which the values held must cover)."""
        self.covers(u)
        return self.held - np.searchsorted(self.asc, u, side="right")

    def largest(self, k: int) -> np.ndarray:
        """The ``k`` largest values, ascending (``k`` at most :attr:`held`)."""
        return self.asc[self.held - k:]

    def quantile(self, q: float) -> float:
        """``np.quantile(sample, q)`` (numpy's default, ``"linear"``), to the last bit.

        It interpolates between the order statistics ``X(lo)`` and ``X(lo + 1)``
        (0-based, ascending) at ``lo + g = (n - 1) q``; numpy's own interpolation of the two
        values at ``g`` gives the same number as on the whole sample.
        """
        if self.complete:
            return float(np.quantile(self.asc, q))
        n = self.n
        h = (n - 1) * q
        if h >= n - 1:
            return self.maximum
        lo = math.floor(h)
        at = self.held - n + lo  # index of X(lo) in asc
        if at < 0:
            raise self._short(
                f"the {100 * q:g}% quantile needs the order statistic X({lo + 1})",
                f"Use a threshold of at least {_lowest_percent(n, self.held)}, or a sketch "
                "with a larger capacity.")
        return float(np.quantile(self.asc[at:at + 2], h - lo))


def _lowest_percent(n: int, held: int) -> str:
    """The lowest percentage ``p`` whose quantile a sketch holding the top ``held`` of ``n``
    values serves (``(n - 1) p / 100 >= n - held``), to the first decimal that leaves it
    below 100% (a review: a sketch of 1,000 of 10^6 values advised "at least 100%", the
    maximum, where 99.91% is served)."""
    for digits in range(1, 16):
        unit = 10.0 ** -digits
        p = math.ceil((n - held) / (n - 1) * 100.0 / unit) * unit
        while p < 100 and math.floor((n - 1) * (p / 100.0)) < n - held:
            p = round(p + unit, digits)
        if p < 100:
            return f"{p:.{digits}f}%"
    return "100%"


def top_values(x: Any, column: Hashable | None = None, *, name: str | None = None,
               upper: bool = False, warn: bool = True) -> TopValues:
    """A validated sample (sorted once) or a :class:`tailstat.TailSketch` as :class:`TopValues`;
    with ``upper``, a sample's :func:`upper_half` only (what a default grid from the median
    reads: a partition, not a sort of the whole sample)."""
    if isinstance(x, TailSummary):
        top = _sketch_values(x, column, name)
        if warn:
            warn_missing_note(x, top)  # what the sketch dropped, said as for a sample
        return top
    sample = check_sample(x, column, name=name)
    if warn:
        warn_missing_note(x, sample)  # said, as fit_gpd and hill say it
    if upper:
        return upper_half(sample.values, name=sample.name)
    return sorted_values(np.sort(sample.values), name=sample.name)


def upper_half(values: np.ndarray, *, name: str = "x") -> TopValues:
    """The largest ``floor(n/2) + 1`` values of a validated sample (all of a small one) as
    :class:`TopValues`: what the default candidates of the automatic threshold choice read
    (from ``X(n - floor(n/2))``, the median, up), without sorting, or keeping, the lower half.
    """
    n = int(values.shape[0])
    m = n // 2 + 1
    if n < 64:  # tiny: the whole sample (a too-small one's error may quote its lowest value)
        return sorted_values(np.sort(values), name=name)
    part = np.partition(values, n - m)  # a copy; only its top block is kept
    minimum = float(part[: n - m].min())
    top = part[n - m:].copy()
    del part
    top.sort()
    return TopValues(asc=top, n=n, name=name, minimum=minimum, complete=False)


def _sketch_values(x: TailSummary, column: Hashable | None, name: str | None) -> TopValues:
    """A sketch's top values as :class:`TopValues` (an empty, tiny or constant one refused)."""
    refuse_column(x, column)
    if x.n == 0:
        raise DataError(f"the sketch {x.name!r} is empty: update() it with rewards first.")
    check_summary(x)  # tiny or constant: refused as the sample is
    return TopValues(asc=x.top[::-1], n=x.n, name=name or x.name, minimum=x.minimum,
                     complete=x.complete)


def sorted_values(srt: np.ndarray, *, name: str = "x") -> TopValues:
    """A whole sample already sorted ascending, as :class:`TopValues`."""
    return TopValues(asc=srt, n=int(srt.shape[0]), name=name, minimum=float(srt[0]),
                     complete=True)


def peaks_input(x: Any, column: Hashable | None = None, *, name: str | None = None
                ) -> Sample | TopValues:
    """What :func:`tailstat.fit_gpd` reads: a validated :class:`Sample` (not sorted: a fixed
    threshold only needs its exceedances), or a sketch's :class:`TopValues`.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts, or a sketch
    column : hashable, optional
        The column of a table.
    name : str, optional
        The sample's label.

    Returns
    -------
    Sample or TopValues
    """
    if isinstance(x, TailSummary):  # fit_gpd says what it dropped in its own warnings
        return _sketch_values(x, column, name)
    if isinstance(x, UpperTail):  # (a review: "cannot read rewards from a UpperTail", where
        # the estimators take one, named no way on)
        raise DataError(f"fit_gpd reads a sample or a TailSketch, not an UpperTail (given "
                        f"for {x.name!r}): pass the sample itself, or "
                        "tailstat.TailSketch.from_sample(sample) to fit from its top values.")
    return check_sample(x, column, name=name)


def check_some_exceeded(top: TopValues, u: np.ndarray, k: np.ndarray, need: int) -> None:
    """A DataError when no threshold given leaves ``need`` values above it: the result would
    be NaN in every row, without a word (``fit_gpd`` and ``select_threshold`` refuse such
    thresholds; a review)."""
    if k.size and int(k.max()) < need:
        raise DataError(
            f"no threshold given leaves {need} value(s) of {top.name!r} above it (the lowest, "
            f"{float(u[0]):g}, leaves {int(k[0])}; the largest score is {top.maximum:g}): give "
            "lower thresholds= (scores, not quantile levels: 95 is a score of 95).")


def grid_thresholds(top: TopValues, thresholds: Any, m: int) -> tuple[np.ndarray, str]:
    """Thresholds (ascending) and how they were made: ``thresholds`` as given, or ``m`` order
    statistics of the sample from :func:`default_k_grid`."""
    n = top.n
    if thresholds is None:
        # from the median; a sketch that dropped values: from the lowest value it holds
        # (X(n - k) with k = held - 1) where that lies above the median
        ks = default_k_grid(n, m, k_max=None if top.complete else top.held - 1)
        if ks.size == 0:
            raise DataError(f"the sample has {n} values; threshold diagnostics need at least "
                            f"{MIN_EXCEEDANCES + 1}." if top.complete else
                            f"the sketch {top.name!r} holds only the top {top.held} of its "
                            f"{n} values; threshold diagnostics need at least "
                            f"{MIN_EXCEEDANCES + 1} (a sketch of larger capacity holds more).")
        start = (" (from the lowest value the sketch holds)"
                 if not top.complete and ks[0] == top.held - 1 < math.floor(n / 2) else "")
        how = f"default: {ks.size} order statistics X(n-k), k geometric from {ks[0]} to {ks[-1]}"
        u = np.unique(top.order_stats(ks))
        # tied scores: X(n-k) of several k is one value (94 of 100 rows repeated on counts),
        # and a tied threshold leaves fewer than k values above it: each threshold once,
        # those that leave at least the grid's smallest k
        above = top.asc.size - np.searchsorted(top.asc, u, side="right")
        keep = above >= ks[-1]
        if u.size < ks.size or not keep.all():
            if not keep.any():
                raise DataError(f"the scores of {top.name!r} are tied so much that no threshold "
                                f"above the median leaves {ks[-1]} values above it; threshold "
                                "diagnostics need a continuous tail (give thresholds=).")
            u = u[keep]
            how += (f"; with ties, {u.size} distinct thresholds leaving at least {ks[-1]} "
                    "values above")
        return u, how + start
    try:
        u = np.atleast_1d(v.as_numbers(thresholds, "thresholds"))
    except DataError:
        u = np.empty(0)
    if u.ndim != 1 or u.size == 0 or not np.isfinite(u).all():
        raise DataError("thresholds must be a non-empty 1-d sequence of finite numbers, got "
                        f"{thresholds!r}.")
    return np.sort(u), "given"


def excesses_over(sample: Any, u: float) -> np.ndarray:
    """The excesses over ``u`` of a :class:`~tailstat.data.Sample` or :class:`TopValues`,
    ascending; errors for too few, overflowing or all-equal excesses (:func:`fit_gpd`'s)."""
    if isinstance(sample, TopValues):
        sample.covers(u)  # then the values held above u are all the sample's
        values = sample.asc
    else:
        values = sample.values
    check_exceedances(values, u, name=sample.name, min_exceed=MIN_EXCEEDANCES,
                      n=sample.n if isinstance(sample, TopValues) else None)
    with np.errstate(over="ignore"):
        y = values[values > u] - u
    if not np.isfinite(y).all():
        # values near the float maximum on both sides of u: the differences overflow (they
        # read as a run of tied infinite excesses)
        raise DataError(f"the excesses of {sample.name!r} over u = {u:.6g} overflow (values "
                        f"as large as {float(np.max(values)):.3g} with u = {u:.3g}): rescale "
                        "the rewards (divide by a constant), the fit is the same in any unit.")
    y.sort()
    if y[-1] <= y[0]:
        above = values[values > u]
        if above.max() > above.min():  # distinct values, equal excesses: x - u rounded away
            raise DataError(
                f"the threshold u = {u:.6g} is so far below the values of {sample.name!r} "
                f"({float(above.min()):.6g} to {float(above.max()):.6g}) that their excesses "
                "x - u lose every digit and read as equal: use a threshold near the data "
                "(e.g. '90%').")
        raise DataError(
            f"all {y.shape[0]} exceedances of {sample.name!r} over u = {u:.6g} are equal "
            f"({y[0] + u:.6g}): a GPD cannot be fitted to a single repeated value. Lower the "
            "threshold or check for clipped scores.")
    return y
