"""Whether tied scores lie on a grid (counts, rounded rewards) or on none (repeated rows).

:func:`lattice_step` is the rule the classifier spreads tied scores by
(:mod:`tailstat.classification._lattice`, whose notes say why the tolerance is what it is),
and the rule by which ties are said to be rounding or copies of rows: continuous scores
that tie lie on no grid, so their ties are repeats (a table joined to another, several gold
ratings of one response), not discretisation (a review: 30% of rows duplicated were said
to be "discretised rewards").
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["STEP_TOLERANCE", "copies_advice", "lattice_step", "run_lengths", "ties_off_grid"]

#: How far (in units of the step) a gap between levels may be from a whole number of steps
#: (continuous scores with ties, from resampling, say, come nowhere near: their gaps are
#: arbitrary multiples of the smallest).
STEP_TOLERANCE = 1e-3


def lattice_step(desc: np.ndarray) -> float | None:
    """The grid step of the descending values ``desc`` (the mean step, when every gap between
    distinct values is a whole multiple of the smallest one, to rounding), or None when
    they lie on no grid or take fewer than two values."""
    change = np.flatnonzero(desc[1:] != desc[:-1])
    if change.size == 0:
        return None
    gaps = desc[change] - desc[change + 1]
    step = float(np.min(gaps))
    # each value is the grid's level rounded to a float: on a grid far from 0 a gap is off
    # by up to a float step of the values' magnitude (a review: counts times 1e-5 plus 1e9,
    # a step of 84 float steps, were off by 1/84 of it, read as no grid, and the verdict
    # changed from light to bounded); the check measures the gaps against the mean step,
    # whose rounding errors do not add up
    ulp = float(np.spacing(max(abs(float(desc[0])), abs(float(desc[-1])))))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # a subnormal step:
        whole = np.round(gaps / step)  # gaps / step overflows (numpy's warnings escaped
        mean = float(np.sum(gaps) / np.sum(whole))  # before the caller's error; a review)
    if not (math.isfinite(mean) and mean > 0):
        return None
    # (at most 5% of the step: a step of a few float steps is no grid of its own)
    slack = STEP_TOLERANCE * mean + min(2.0 * ulp, 0.05 * mean)
    if not np.all(np.abs(gaps - whole * mean) <= slack):
        return None
    return mean  # (spread_ties keeps within the smallest gap: a re-read)


def run_lengths(desc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values of the sorted ``desc`` starts, and how long it is."""
    starts = np.r_[0, np.flatnonzero(desc[1:] != desc[:-1]) + 1]
    return starts, np.diff(np.r_[starts, desc.shape[0]])


def ties_off_grid(desc: np.ndarray) -> bool:
    """Whether the ties of the descending values ``desc`` are copies of continuous scores,
    not discretisation: the tied levels (values that occur more than once) lie on no grid,
    and at least as many values occur once or the runs are mostly pairs (copies of
    continuous scores; a review: log or square roots of counts, 55 levels for 20,000 rows,
    on no regular grid, long runs, were told to drop their "duplicated rows"). Needs at
    least three tied levels (else False). Only tied levels are read for the grid, so that
    one far value above rounded scores (not tied) does not hide it."""
    starts, runs = run_lengths(desc)
    levels = desc[starts[runs > 1]]
    tied = runs[runs > 1]
    copies = int(np.count_nonzero(runs == 1)) >= levels.shape[0] or float(np.median(tied)) <= 2
    return levels.shape[0] >= 3 and copies and lattice_step(levels) is None


def copies_advice(verb: str) -> str:
    """What to do about ties off any grid (:func:`ties_off_grid`), copied rows or real repeats:
    drop whole rows that are copies, never equal scores of distinct records (review 419: the
    Danish losses' real repeats were to be dropped, and ``Series.drop_duplicates`` took 519
    of 2,167 losses). ``verb``: "analyse", "classify", ... again."""
    return ("; if whole rows were copied, drop the copies (DataFrame.drop_duplicates on the "
            "table, not on the scores: equal scores of distinct records are data, to keep) "
            f"and {verb} again")
