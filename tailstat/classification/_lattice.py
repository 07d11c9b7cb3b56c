"""Tied scores on a lattice (counts, rounded rewards) read as the continuous scores they round.

Counts and rounded scores tie in runs at every level of a grid of step ``d``. Their spacings
are then zeros inside a run and a whole step between runs, which the features read as a
power law's (Poisson(5) counts at n = 10^4 leaned heavy in 145 of 200 samples) or a ceiling.
The usual remedy is to add uniform noise narrower than the step (jittering, as for the
randomised probability integral transform of discrete data): the tail of ``X + U`` has the
decay of ``X`` across levels and a continuous shape within them. :func:`spread_ties` does it
without drawing: the ``m`` values of a run at level ``L`` are placed at ``L + d(1/2 - (j +
1/2)/m)``, ``j = 0 .. m - 1``, the midpoints of ``m`` equal parts of the step centred on
``L`` (noise puts one value in each part on average). The result is deterministic and
depends on the values alone (not on their order), as every other reading of the classifier
does.

The window's lowest run is cut by its edge: of the ``M`` values at that level in the sample
it holds the top ``m``, which noise would put in the upper ``m / M`` of the step, so they are
placed at the top ``m`` of ``M`` such midpoints (``last_total = M``). Spread over the whole
step instead, they put the centre the features measure from up to half a step too low, and
every excess read larger: a lighter tail (t(4) rounded to 1 read light in 14 of 20 samples
that noise reads heavy in 18; a review). Where ``M`` is not known (an upper tail or a sketch
that holds no more of that level than the window), or the run goes on past the top
``held_depth(n)`` values (what every path of an analysis holds: counted from the rows there,
it had given the rows one verdict and their sketch another), :func:`estimated_total`
extrapolates it from the two runs above, as the runs of a smooth law grow from one level to
the next.

Only a window whose distinct values all lie on one grid is spread: every gap between them a
whole multiple of the smallest, to :data:`STEP_TOLERANCE` of it (loose enough for scores
stored as float32, or on a grid far from 0, whose gaps are the step only to a few float
steps: Poisson counts times 0.1 in float32 were off by 2e-6 of the step; a review); anything
else is left as it is. Far from 0 a gap may also be off by a float step of the values'
magnitude (the levels are rounded to floats), which the tolerance allows for.
"""

from __future__ import annotations

import numpy as np

from tailstat.data.grid import STEP_TOLERANCE, lattice_step, run_lengths

__all__ = ["STEP_TOLERANCE", "estimated_total", "lattice_step", "run_lengths", "spread_ties"]


def spread_ties(desc: np.ndarray, step: float, last_total: int | None = None) -> np.ndarray:
    """``desc`` (descending) with each run of equal values spread evenly over the step
    centred on it (module doc), the step no wider than the smallest gap between runs; a new
    array, still descending. ``last_total``: how many
    values the sample holds at the level of the last run, of which ``desc`` ends with the top
    ones (default: the run is whole)."""
    n = desc.shape[0]
    starts, counts = run_lengths(desc)
    # no wider than the smallest gap between runs: the grid's levels are rounded to floats,
    # and runs spread over a step wider than a gap would overlap (a re-read: counts times
    # 1e-5 plus 1e9 failed as "not in descending order")
    gaps = desc[starts[:-1]] - desc[starts[1:]]
    step = min(step, float(gaps.min())) if gaps.size else step
    total = counts.copy()
    if last_total is not None:
        total[-1] = max(int(last_total), int(counts[-1]))
    rank = np.arange(n) - np.repeat(starts, counts)  # 0 at the top of its run
    m = np.repeat(total, counts)
    return desc + step * (0.5 - (rank + 0.5) / m)


def estimated_total(desc: np.ndarray) -> int:
    """The number of values at the level of the last run of ``desc`` (descending) when only
    its top ones are known: the length of the run above it times the growth from the one
    above that (``r1^2 / r2``), at least the run's own length; the run's length when fewer
    than two whole runs lie above it (the maximum's run included)."""
    counts = run_lengths(desc)[1]
    if counts.shape[0] < 3:
        return int(counts[-1])
    r1, r2 = float(counts[-2]), float(counts[-3])
    return max(int(counts[-1]), round(r1 * r1 / r2))
