"""The ξ a classification reports: the GPD fit above the classifier's threshold
(:func:`headline_xi`), apart from the features it is classified by."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tailstat.gpd import xi_of_excesses
from tailstat.results import Interval

__all__ = ["MIN_HEADLINE_EXCESSES", "headline_xi", "loose_bound"]

#: Fewest positive excesses the reported ξ is fitted to (fit_gpd's minimum); below it, none.
MIN_HEADLINE_EXCESSES = 10


def headline_xi(desc: np.ndarray, k: int, moment: Any) -> tuple[float, Interval]:
    """The reported ξ: the GPD fit to the ``k`` excesses above ``X(n - k)`` (location- and
    scale-free, exact for a Pareto tail at any ``k``), its profile interval. The moment
    estimate above the centre is a feature, biased for power laws by the fixed ratio k/c
    (0.59 for ξ = 0.5 at any n); it stays the fallback where the GPD fit fails. NaN, with
    a "not estimated" interval, when fewer than :data:`MIN_HEADLINE_EXCESSES` of the ``k``
    lie above ``X(n - k)``.

    Values tied with ``X(n - k)`` are not excesses: on rounded scores they were hundreds of
    zero excesses, whose density 1/σ drove the fit to a boundary (ξ = 0.47 [0.47, ∞] for
    normal scores rounded to 0.5). Such ties mean scores on a grid, whose values above
    ``X(n - k)`` stand for the intervals ``[h/2, 3h/2), [3h/2, 5h/2), ...`` above it (``h``
    the step to the next value): the excesses are measured from halfway to that value, a
    continuity correction (measured from ``X(n - k)`` itself they start at ``h``, not
    ``h/2``, and ξ came out far below the unrounded sample's: -0.49 [-0.61, -0.38] against
    -0.18 [-0.29, -0.04]; corrected, -0.29 [-0.41, -0.13]). This is ``fit_gpd`` at the
    threshold ``X(n - k) + h/2``."""
    y = (desc[:k] - desc[k])[::-1]  # desc is descending: ascending excesses, no sort
    tied = int(np.searchsorted(y, 0.0, side="right"))
    y = y[tied:]
    if tied and y.size:
        y = y - y[0] / 2
    if y.size < MIN_HEADLINE_EXCESSES:  # the rest tied with X(n - k), the moment estimate
        # an artefact (a review: 0.50 [0.40, 0.60] for N(0, 1) clipped at 1.5, one above)
        return math.nan, Interval(math.nan, math.nan, moment.ci.level, "not estimated")
    # numpy's error state is per thread; a warnings filter here would be process-wide and
    # swallow the warnings of analyses running in other threads
    with np.errstate(all="ignore"):
        fit = xi_of_excesses(y)
    return fit if fit is not None else (float(moment.xi), moment.ci)


#: A ξ at the fit's constraint -1 whose interval reaches above this says nothing of ξ: too
#: few excesses for an interior maximum (a uniform tail's -1 [-1, -0.95] is an estimate).
LOOSE_BOUND_HIGH = -0.5


def loose_bound(xi: float, ci: Interval) -> bool:
    """Whether the reported ξ is the GPD fit's constraint -1 with an interval that leaves
    it open (a review: "ξ = -1.00" beside a power-law lean for Pareto scores at n = 100, in
    about a third of exponential samples at that size)."""
    return (ci.method == "profile likelihood" and xi <= -1.0 + 1e-9
            and float(ci.high) > LOOSE_BOUND_HIGH)
