"""The window of order statistics the classifier reads, and what rules a sample out.

:func:`tail_for` validates the input and keeps its top ``k_for(n) + 1`` values;
:func:`above_floor` reads a sample whose window reaches an atom (a floor such as 0, given to
refused or failed outputs) from the values above it; :func:`centred` subtracts the centre
``X(n - c)`` and refuses a window without a continuous tail.

**An atom in the window.** The features read the spacings of the window's order statistics
down to the centre ``X(n - c)`` (``c`` up to ``(n - 1) / 2``). When many scores share one
value there -- 70% of 3,000 scores exactly 0, say -- the spacings below the last score above
it are zeros, and the body reads like a power law's: such normal samples were called heavy
with P(heavy) = 0.95 in 25 of 40 seeds, and named "rare exploits". The scores above an atom
are a sample of the law above it, whose tail is the law's own (the conditional law
``P(X > x | X > a)`` is ``P(X > x) / P(X > a)``), so they are read as a sample of their own,
with a note. Rounded scores and counts tie at every level, in runs of like length from
one level to the next, and are left alone (a floor below rounded scores is read around).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from dataclasses import replace
from typing import Any, Protocol

import numpy as np

from tailstat._display import apart
from tailstat._group_warnings import defer_small, say_or_defer
from tailstat._sketch_short import held_short
from tailstat._warn import user_level
from tailstat.classification._features import held_depth, k_for, k_levels, top_levels
from tailstat.classification._lattice import (
    estimated_total,
    lattice_step,
    run_lengths,
    spread_ties,
)
from tailstat.classification._patterns import (
    ATOM_MIN,
    COARSE_LEVELS,
    FEW_LEVELS,
    distinct_count,
)
from tailstat.data.grid import copies_advice, ties_off_grid
from tailstat.data.intake import TailSummary, check_sample, missing_note
from tailstat.data.summary import check_summary
from tailstat.data.tail import (
    TIE_WARN_FRACTION,
    UpperTail,
    float_rounding,
    refuse_column,
    tie_fraction,
    upper_tail,
)
from tailstat.errors import DataError, DegenerateDataWarning, TailstatWarning

__all__ = ["FLOOR_ABOVE", "FLOOR_LEVELS", "FLOOR_MIN", "FLOOR_RATIO", "FLOOR_SHARE", "MIN_N",
           "MIN_TAIL_LEVELS", "SMALL_N", "SPREAD_TIES", "above_floor", "centred", "tail_for"]

#: What the note of scores on a grid says they were read as (the report finds it by this).
SPREAD_TIES = "each run of ties is read spread evenly over its step"

#: Fewest values classify reads.
MIN_N = 50
#: Below this size (316 values or fewer) a classification carries the "small sample" caveat.
SMALL_N = 10**2.5
#: Fewer distinct values than this among the order statistics the classifier reads: no
#: continuous tail (ratings on a fixed scale, binary rewards); classify refuses.
MIN_TAIL_LEVELS = 5
#: A tied run inside the window (below its maximum) is an atom, whose scores above are read
#: as a sample of their own (module doc), when it holds at least this share of the window's
#: values ...
FLOOR_SHARE = 0.05
#: ... and at least this many values (a tied pair is no floor, even in a window of 30) ...
FLOOR_MIN = 10
#: ... and at least this many times as many as the longest run above it: rounded scores and
#: counts tie at every level, with runs of like length from one level to the next (2 to 1
#: for a geometric law), a floor stands out of them ...
FLOOR_RATIO = 5.0
#: ... with at least this many scores above it (the few above the first long run of coarsely
#: rounded scores are no sample) ...
FLOOR_ABOVE = 20
#: ... taking at least this many distinct values: at the top of counts on a few levels the
#: runs grow fast from one level to the next ((k + 1)/λ for a Poisson law: 3 to 5 at the top
#: of a Poisson(3)), and their coarseness has its own caveat (at as few levels).
FLOOR_LEVELS = COARSE_LEVELS
#: A floor below the window -- the sample's minimum, held by at least this share of the values
#: -- is read around too: the depths set for n reached into the body of the few scores above
#: it (a review: t(4) scores above 85% zeros at n = 2·10^4 read "light (0.89)", above 86%,
#: where the zeros entered the window, "leaning heavy (0.78)", as the scores alone).
FLOOR_MAJORITY = 0.5


class CountAt(Protocol):
    """How many values of the sample equal ``value`` (:func:`tail_for`)."""

    def __call__(self, value: float, whole: bool = False, bound: bool = False
                 ) -> int | None: ...


def tail_for(x: Any, column: Hashable | None, name: str | None
             ) -> tuple[UpperTail, str | None, CountAt]:
    """The validated upper tail classify needs, the note on missing values dropped, and a
    count of the values equal to a given one (``count_at(value, whole, bound)``): within the
    top ``held_depth(n)``, or with ``whole`` in the whole sample or all a sketch or an upper
    tail holds (None where their run reaches past that: not known; with ``bound``, the count
    held then, a lower bound)."""
    missing = None
    refuse_column(x, column)
    sketch: Any = None  # what the count reads, for a sketch: all it holds (read when asked)
    if isinstance(x, TailSummary):  # a TailSketch: its dropped missing values said as for rows
        missing = missing_note(x, x)
        if x.n == 0 and not getattr(x, "n_nan_dropped", 0):  # never fed: its own words
            x.upper_tail(name=name)  # ("empty: update() it"; all NaN: check_summary's)
        check_summary(x, min_size=MIN_N)  # too few: classify's minimum, as for rows
        sketch, cap = x, held_depth(x.n)
        need, held = min(k_for(x.n), x.n - 1) + 1, int(x.top.shape[0])
        if held < need:  # the capacity that counts tied runs as the rows do (a review:
            # k_for(n) + 1 estimates a run of ties past it) is the only one advised (review
            # 425), and what is needed is said by it alone (review 429)
            holds, why = held_short(x.name, held, x.n, getattr(x, "capacity", None), need,
                                    cap)
            raise DataError(f"{holds}, fewer than classify reads{why}; build it (and its "
                            f"shards) with TailSketch(capacity={cap}) (tailstat.sketch."
                            f"capacity_for(n); with tailstat.dask.analyze: capacity={cap} or "
                            "more, or no capacity): it holds what an analysis of the rows "
                            "reads, where a run of tied scores going on past fewer values is "
                            "estimated, not counted.")
        x = x.upper_tail(k_for(x.n), name=name)
    if isinstance(x, UpperTail):
        tail = x
        values: np.ndarray | None = None if sketch is not None else tail.desc
    else:
        sample = check_sample(x, column, name=name, min_size=MIN_N)  # classify's minimum
        missing = missing_note(x, sample)
        tail = upper_tail(sample, k_max=k_for(sample.n))
        values = sample.values
        low = float(values.min()) + 0.0  # the floor, counted (and -0.0 said) as a sketch
        tail = replace(tail, floor=(low, int(np.count_nonzero(values == low))))
    n = tail.n
    if n < MIN_N:
        raise DataError(f"{tail.name!r} has {n} values; classification needs at least {MIN_N}.")
    k_need = k_for(n)
    if tail.k_max < k_need:
        raise DataError(f"the upper tail holds {tail.k_max} order statistics; classify needs "
                        f"{k_need} (k_for(n)). Recompute with upper_tail(x, {k_need}), or "
                        f"upper_tail(x, {min(held_depth(n), n) - 1}) to hold what an analysis "
                        "of the rows reads (a run of tied scores going on past fewer values is "
                        "estimated, not counted).")

    depth = held_depth(n)

    def count_at(value: float, whole: bool = False, bound: bool = False) -> int | None:
        """The sample's count of ``value``: within the top :func:`held_depth` only (what the
        rows, ``analyze``'s sketch of them and Dask all hold: a run that went on past a
        sketch's capacity had been counted whole from the rows and estimated from the sketch,
        and rounded t(6) rewards read heavy 0.54 in ``analyze`` and light 0.46 in
        ``classify``; a review), or with ``whole`` in all that is held (a note's count, which
        moves no probability); None when the run goes on below that depth, or below what a
        sketch holds, unless ``bound``: then the count held, a lower bound (a note's "at
        least": the window's count had been said, 2,949 where the sketch held 3,686)."""
        if values is None or values is tail.desc:  # held values, descending
            held = tail.desc if values is not None else sketch.upper_tail(name=name).desc
            above = int(np.searchsorted(-held, -value, side="left"))
            end = int(np.searchsorted(-held, -value, side="right"))
            at = end - above
            if above == 0 and at and tail.n_at_max is not None:  # (a sketch's tail has it)
                at = tail.n_at_max  # the maximum's run, counted whole (a review: four
                # counts on four paths, "at least 9%" of binary rewards, half at the maximum)
            elif end == held.shape[0] < n:  # a held run that may go on below
                return at if bound else None
        else:  # the rows: one pass (every larger value is in the window)
            above = int(np.searchsorted(-tail.desc, -value, side="left"))
            at = int(np.count_nonzero(values == value))
        # a run reaching rank held_depth(n) is where a sketch of that capacity ends (a
        # review: ending there, it was counted from the rows and not from the sketch)
        if not whole and depth < n and above + at >= depth:
            return None
        return at

    return tail, missing, count_at


def above_floor(tail: UpperTail, label_name: str, warn: bool = True
                ) -> tuple[UpperTail, str | None]:
    """``tail``, or the scores above an atom inside its window read as a sample of their own
    (module doc), and the note that says so."""
    c = k_for(tail.n)
    window = tail.desc[: c + 1]
    starts, runs = run_lengths(window)
    if runs.shape[0] == window.shape[0]:  # no tie: every run one value long, none an atom
        return _below_window(tail, label_name, warn)
    # the run at the maximum is a ceiling's (max_atom), not a floor's
    need = max(float(FLOOR_MIN), FLOOR_SHARE * window.shape[0])
    longest_above = np.maximum.accumulate(np.r_[0, runs[:-1]])  # before each run
    big = np.flatnonzero((runs >= need) & (starts >= FLOOR_ABOVE)
                         & (runs >= FLOOR_RATIO * np.maximum(longest_above, 1)))
    if big.size == 0:
        return _below_window(tail, label_name, warn)
    above = int(starts[big[0]])
    if big[0] < FLOOR_LEVELS:  # the runs above it: its distinct values
        return tail, None
    value, tied = float(window[above]), int(runs[big[0]])
    if above < MIN_N:
        raise DataError(
            f"{label_name!r}: {tied:,} of the top {c + 1:,} scores, which the classifier "
            f"reads, equal {value:.6g} (an atom, such as a floor given to refused or failed "
            f"outputs), and only {above} scores lie above it; classification needs at least "
            f"{MIN_N} there. Drop the atom's scores and classify the rest if they are what "
            "matters, or gather more scores.")
    note = (f"{tied:,} of the top {c + 1:,} scores equal {value:.6g} (an atom, such as a "
            "floor given to refused or failed outputs), inside the window the classifier "
            f"reads: the tail was read from the {above:,} scores above it, as a sample of "
            f"their own (of the {tail.n:,})")
    if warn:
        warnings.warn(f"{label_name!r}: {note}.", TailstatWarning, stacklevel=user_level())
    return UpperTail(desc=tail.desc[:above], n=above, name=tail.name), note


def _below_window(tail: UpperTail, label_name: str, warn: bool
                  ) -> tuple[UpperTail, str | None]:
    """``tail``, or the scores above a floor below its window (:data:`FLOOR_MAJORITY`; the
    tail's ``floor``, when known: rows, sketches) read as a sample of their own, and the note
    that says so."""
    if tail.floor is None or tail.floor[1] < FLOOR_MAJORITY * tail.n:
        return tail, None
    (value, count), m = tail.floor, tail.n - tail.floor[1]
    # (also where a few of the floor's values enter the window, fewer than FLOOR_SHARE of it)
    top = tail.desc[: min(m, k_for(m) + 1)]
    # counts, rounded scores, binary rewards (ties above, or few levels): their lowest level
    # is no floor (zipf(2.2) counts, two thirds of them 1, were said to have one)
    if (distinct_count(top) < FLOOR_LEVELS
            or tie_fraction(top[: k_levels(m)[1] + 1]) > TIE_WARN_FRACTION):
        return tail, None
    if m < MIN_N:
        raise DataError(
            f"{label_name!r}: {count:,} of the {tail.n:,} scores equal the minimum {value:.6g} "
            f"(a floor, such as one given to refused or failed outputs), and only {m} lie "
            f"above it; classification needs at least {MIN_N} there. Drop the floor's scores "
            "and classify the rest if they are what matters, or gather more scores.")
    above = UpperTail(desc=tail.desc[:m], n=m, name=tail.name, n_at_max=tail.n_at_max)
    note = (f"{count:,} of the {tail.n:,} scores equal the minimum {value:.6g} (a floor, such "
            f"as one given to refused or failed outputs): the tail was read from the {m:,} "
            "scores above it, as a sample of their own (read among all of them, its depths "
            "would reach into the body of those few)")
    if warn:
        warnings.warn(f"{label_name!r}: {note}.", TailstatWarning, stacklevel=user_level())
    return above, note


def _flat(z: UpperTail) -> UpperTail:
    """A window with no shape to read: every feature and estimate of it is NaN."""
    return UpperTail(desc=np.zeros_like(z.desc), n=z.n, name=z.name)


def centred(tail: UpperTail, label_name: str, atom: int | None = None,
            copies: int | None = None, warn: bool = True,
            count_at: CountAt | None = None, rows: int | None = None
            ) -> tuple[UpperTail, list[str], bool]:
    """The top ``k_for(n) + 1`` order statistics minus ``X(n - c)``, the warnings so far, and
    whether a ceiling hides the shape (``blind``). Tied scores on a grid (counts, rounded
    rewards) are returned spread over their step and measured from the spread centre
    (:mod:`._lattice`); ``count_at``: how many values of the sample equal a given one
    (:func:`tail_for`), for the run of ties the window's edge cuts; ``rows``: the copies of
    each row when the rows are repeated (``UpperTail.row_copies``), which the ties note says.

    ``atom``, ``copies``: the values tied at the maximum when they form a ceiling (a
    saturated sample), or stand far above the rest (``_patterns.max_atom``). The atom's tie
    warning is left out: its ties are the atom, which gets its own warning. ``blind``: the
    ceiling fills the window the classifier reads (clipped or binary scores, with at least
    ``k_for(n) / n`` of them at the maximum: 19% at n = 10^4, 9% at 10^5, 4% at 10^6), or a
    scale of a few levels with its maximum repeated (ratings, binary rewards): no feature can
    be read (the window returned is flat), and the sample is bounded by construction.
    """
    saturated = atom is not None
    n = tail.n
    k_need = k_for(n)
    k = k_levels(n)[1]
    notes: list[str] = []
    # copies of one output at the top are said on their own, not as discretised rewards (a
    # review: 5 copies above 400 normal scores were "10% of the top 40 order statistics are
    # tied"): the ties counted from the last copy down
    frac = (tail.tie_fraction(k) if copies is None or copies < 2
            else tie_fraction(tail.desc[copies - 1: k + 1]))
    top = tail.desc[: k_need + 1]
    tied = frac > TIE_WARN_FRACTION and not saturated
    # ties on a grid are read spread over their step (below), once the window is known to
    # hold a tail to read; until then, and wherever it does not, they are said as ties
    grid = lattice_step(top) if tied and copies is None else None
    if tied:
        # (explain() finds the caveat by "order statistics are tied": the copies are said
        # after it; a re-read found explain() dropping it)
        below = ", below the copies at the maximum," if copies is not None else ""
        off_grid = rows is None and ties_off_grid(top)  # ties of continuous
        # scores are copies of rows, not rounding (a review: 30% of rows duplicated)
        why = (f"duplicated rows: nearly every one of them appears {rows} times"
               if rows is not None else "duplicated rows? the tied values lie on no grid, "
               "so they are not rounding" if off_grid else "discretised rewards")
        notes.append(f"{frac:.0%} of the top {k} order statistics are tied{below} "
                     f"({why}): the features are distorted (ties can read as a "
                     "ceiling, and counts on few levels as a power law's spacings)"
                     + ("; drop the duplicated rows (e.g. DataFrame.drop_duplicates) and "
                        "classify again" if rows is not None else
                        copies_advice("classify") if off_grid else ""))
        # the warning says what the note says (a re-read: with copies at the top the
        # upper tail's own count, 72% with the copies, was warned beside the note's 69%)
        said = tail.ties_note(k) if copies is None else f"{label_name!r}: {notes[-1]}."
        if warn and grid is None:
            say_or_defer("ties", label_name, said)

    def ties_said() -> None:  # a refusal or a flat window: the ties were not spread
        if warn and grid is not None:
            say_or_defer("ties", label_name, said)

    with np.errstate(over="ignore"):
        centred = tail.desc[: k_need + 1] - tail.desc[k_need]
    if not np.isfinite(centred[0]):
        # the differences overflow float64: every feature would be NaN, and the
        # probabilities the prior's (a review: 1/3 each, at |x| up to 1.5e308)
        raise DataError(
            f"{label_name!r}: the top scores span more than the largest float64 "
            f"({tail.desc[0]:.6g} down to {tail.desc[k_need]:.6g}); divide the scores by a "
            "power of ten (the verdict does not depend on their scale) and classify again.")
    z = UpperTail(desc=centred, n=n, name=label_name)
    k_deep = k_levels(n)[0]
    levels = distinct_count(top)
    if atom is not None and (levels < MIN_TAIL_LEVELS or z.desc[k_deep] <= 0):
        # an atom at the maximum that fills the window (clipped scores, or binary ones):
        # bounded by construction, with no shape to read. It was refused, so that a clipped
        # reward read "bounded" at n = 10^4 and failed at 10^5, where the same 10% at the
        # ceiling fills the (relatively smaller) window (a review)
        # (the window holds the repeated maximum alone: clipped continuous scores and binary
        # ones look the same in it; the advice holds for the first and says so, in words for
        # the command line too: it printed "(x[x < x.max()])", which for binary rewards left
        # a constant; a review)
        # counted in the whole sample where it is at hand (a review: "6,786 of the top
        # 5,429", and three counts for one sample on three paths)
        total = count_at(float(tail.desc[0]), True) if count_at is not None else None
        if total is not None:
            many = f"{total:,} scores ({total / n:.0%})"
        else:  # all that is held: a lower bound
            held = count_at(float(tail.desc[0]), True, True) if count_at is not None else None
            least = max(atom, held or 0)
            many = f"at least {least:,} scores ({least / n:.0%})"
        reads = (f"all {k_need + 1:,}" if atom > k_need
                 else f"{atom:,} of the {k_need + 1:,}")
        notes.append(f"{many} equal the maximum {tail.desc[0]:.6g}, {reads} values the "
                     "classifier reads, so no shape can be read below it: if the scores are "
                     "continuous "
                     "below that ceiling, drop the scores at the maximum first (in Python, "
                     "x[x < x.max()]) to classify the tail below it")
        return _flat(z), notes, True
    scale = levels < MIN_TAIL_LEVELS and int(np.count_nonzero(top == top[0])) >= ATOM_MIN
    if copies is not None and 2 * copies >= top_levels(n)[0] and not scale:
        # the top-of-the-sample reading would read the copies alone (a review: 200 copies of
        # 10 above 1,000 N(0, 1) scores were "bounded (0.97)", explained as a ceiling beside
        # "not a ceiling"; 16 to 25 copies flipped between heavy and light with confidence,
        # and from half the top reading's depth its verdicts turned on the copies alone)
        big, nxt = apart(tail.desc[0], tail.desc[copies])
        raise DataError(
            f"{label_name!r}: {copies:,} values equal the maximum {big}, far above the next "
            f"score ({nxt}): one output scored {copies:,} "
            f"times, at least half of the top {top_levels(n)[0]:,} values the classifier's "
            "top-of-the-sample reading takes, so that reading would be the copies'. Look at "
            "that output; to classify the tail below it, drop its copies first (in "
            "Python, x[x < x.max()]).")
    if levels < MIN_TAIL_LEVELS:
        ties_said()
        uniq = np.unique(top)[::-1]
        texts = [f"{v:.6g}" for v in uniq]
        if len(set(texts)) < len(texts):  # levels that print alike: every digit they have
            texts = [repr(float(v)) for v in uniq]
        shown = ", ".join(texts)
        peak = float(np.max(np.abs(uniq)))
        kind, step = "float64", float(np.spacing(peak))
        with np.errstate(over="ignore"):  # float32 numbers, not integers: float32's steps (a
            narrow = uniq.astype(np.float32)  # review: they read "a scale of a few levels")
        if np.array_equal(narrow, uniq) and not np.array_equal(np.round(uniq), uniq):
            kind, step = "float32", float(np.spacing(np.float32(peak)))
        if uniq.size > 1 and float(uniq[0] - uniq[-1]) <= 64 * (uniq.size - 1) * step:
            # not rounded scores: a few float steps apart (N(0, 1) + 1e16 has 3 levels)
            raise DataError(
                f"{label_name!r}: the upper tail is degenerate: the top {k_need + 1} values "
                f"take only {levels} distinct values ({shown}), a few {kind} steps apart "
                f"(the step near {peak:.3g} is {step:g}). The scores carry a common offset far "
                f"larger than their spread, and {kind} keeps too few of their digits; "
                "subtract a typical value (e.g. the median) where the scores are made, before "
                f"they are stored as {kind}.")
        few = (f"the top {k_need + 1} values, which the classifier reads, take only {levels} "
               f"distinct value{'s' if levels != 1 else ''} ({shown})")
        if scale:  # its maximum repeated: a ceiling, whatever its share (a review: binary
            # rewards with 10% ones were refused at n = 10^4 and bounded at 10^5)
            notes.append(f"{few}: {FEW_LEVELS}, with no continuous tail to read a shape "
                         "from; for rounded scores classify the raw scores, or add uniform "
                         "noise narrower than the rounding step")
            return _flat(z), notes, True
        raise DataError(
            f"{label_name!r}: the upper tail is degenerate: {few}. Scores on "
            "a few levels (ratings on a fixed scale, binary or coarsely rounded rewards) have "
            "no continuous tail to classify, and such a scale is bounded by construction; for "
            "rounded scores analyse the raw scores, or add uniform noise narrower than the "
            "rounding step.")
    if z.desc[k_deep] <= 0 and grid is None:
        # (scores on a grid are read spread over their step below, which parts the run at
        # the centre: refused here, rounded scores were refused or read as the window's edge
        # fell, np.round(2 z) at n = 10^5 and 10^6 but not at 10^4, 3 10^4 or 2 10^5)
        ties_said()
        centre = float(top[-1])
        raise DataError(
            f"{label_name!r}: the upper tail is degenerate: the classifier centres it at "
            f"value number {k_need + 1:,} from the top ({centre:.6g}) and needs "
            f"{k_deep + 1:,} values above "
            f"that, but {int(np.count_nonzero(top == centre)):,} of the top {k_need + 1:,} equal "
            f"it ({levels} distinct value(s) among them). A value repeated that often (binary "
            "or coarsely rounded rewards, or a floor such as 0) leaves no continuous tail to "
            "classify. Rewards on a few levels are bounded by construction; for rounded "
            "scores analyse the raw scores, or add uniform noise narrower than the rounding "
            "step; a floor can be dropped before the analysis."
        )
    if grid is not None:
        # counts or rounded scores: read as the continuous scores they round (_lattice), the
        # run the window's edge cuts as the top of what the sample holds at its level (an
        # estimate where that is not known); spread from the centre, so that the offsets are
        # not lost to float64's steps at a large common offset (a review: + 1e15)
        total = count_at(float(top[-1]), False) if count_at is not None else None
        spread = spread_ties(z.desc, grid, last_total=estimated_total(top) if total is None
                             else total)
        # the run at the window's edge not counted (going on past a sketch's values, or past
        # the top held_depth(n) on every path): its length estimated, said (a review: a
        # sketch of k_for(n) + 1 rounded t(5) scores read heavy 0.50 where the rows, which
        # count it, read light 0.57, without a word; another: said from analyze's sketch and
        # not from the rows, where both estimated it alike)
        cut = total is None and count_at is not None
        z = UpperTail(desc=spread - spread[-1], n=n, name=label_name)
        rounding = float_rounding(top)
        offset = (f" ({rounding[1]}'s own steps at these values: a common offset far larger "
                  "than their spread; subtract a typical value, e.g. the median, where the "
                  "scores are made)" if rounding is not None else "")
        # the warning says what the note says (the general advice to jitter would repeat the
        # reading: a review)
        notes[0] = (f"{frac:.0%} of the top {k} order statistics are tied (discretised "
                    f"rewards): on steps of {grid:.6g}{offset}, {SPREAD_TIES}, as uniform "
                    "noise narrower than the step would spread it" + (
                        "; the run at the window's edge goes on past the values counted, so "
                        "its length is estimated from the runs above (it is counted when it "
                        f"ends within the top {min(held_depth(n), n):,} and these are held: "
                        "by the rows, or a sketch of that capacity)" if cut else ""))
        if warn:
            say_or_defer("ties", label_name, f"{label_name!r}: {notes[0]}.")
    if n < SMALL_N:
        notes.append(f"small sample (n = {n}): the probabilities are rough")
        # (within analyze, the caveats of all groups become one warning: _group_warnings)
        if warn and not defer_small(label_name, n):
            warnings.warn(f"{label_name!r}: small sample (n = {n}); classification "
                          "probabilities are rough", DegenerateDataWarning, stacklevel=user_level())
    return z, notes, False
