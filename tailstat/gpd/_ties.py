"""Tied excesses in a GPD fit: when ties are a point mass or coarse beside the scale.

The continuous GPD describes neither an atom (clipped or saturated scores) nor a resolution
that is a sizeable part of the fitted scale (discretised scores), and rows repeated count each
value twice; :func:`tied_excesses` names each, for :func:`tailstat.fit_gpd` to record and warn.
"""

from __future__ import annotations

import math

import numpy as np

from tailstat.data import tie_fraction
from tailstat.data.tail import TIE_WARN_FRACTION, row_copies

__all__ = ["POINT_MASS_FRACTION", "RESOLUTION_WARN", "tied_excesses"]

#: A TiesWarning is issued when tied excesses are frequent *and* their resolution (smallest gap
#: between distinct excesses) exceeds this fraction of the fitted scale, or when one value holds
#: more than :data:`POINT_MASS_FRACTION` of the excesses.
RESOLUTION_WARN = 0.05
POINT_MASS_FRACTION = 0.10


def _ordinary_level(count: int, at: float, k: int, resolution: float, sigma: float) -> bool:
    """Whether ``count`` excesses on the value ``at`` is what a lattice of step ``resolution``
    gives a smooth tail of scale ``sigma``: at most that step's expected share under an
    exponential tail, ``k exp(-at / sigma) (1 - exp(-resolution / sigma))`` (an atom far out
    holds far more: a review), plus four Poisson sds and two, on a lattice finer than half
    the scale (a review: counts with sigma = 12 put 5 of 48 excesses on one value in 19 of 20
    samples, called a point mass, "raise the threshold above the tied value or model the
    atom")."""
    if not (sigma > 0 and math.isfinite(resolution) and resolution <= 0.5 * sigma):
        return False  # (a step as wide as the fitted scale: that scale is the atom's own)
    expected = k * math.exp(-max(at, 0.0) / sigma) * -math.expm1(-resolution / sigma)
    return count <= expected + 4.0 * math.sqrt(expected) + 2.0


def tied_excesses(y: np.ndarray, sigma: float, name: str) -> tuple[float, list[str]]:
    """The tie fraction of the excesses ``y`` (sorted, as :func:`excesses_over` gives them)
    and the caveats it calls for: rows repeated, a point mass, or ties coarse beside the
    fitted scale ``sigma`` (warned by the caller)."""
    k = y.shape[0]
    frac = tie_fraction(y)
    notes: list[str] = []
    if frac <= TIE_WARN_FRACTION:
        return frac, notes
    distinct, counts = np.unique(y, return_counts=True)
    gaps = np.diff(distinct)
    resolution = float(gaps.min()) if gaps.size else math.inf
    biggest = int(counts.max())
    copies = row_copies(y[::-1])  # (y sorted: excesses_over's, descending as a view)
    if copies is not None and biggest < POINT_MASS_FRACTION * k:
        # every value m times: rows repeated, not a rounding (a review: t(3) rows read twice
        # moved the automatic threshold and xi by 6 standard errors, without a word, where
        # hill, moment and classify said it)
        notes.append(
            f"duplicated rows? nearly every excess of {name!r} appears {copies} times "
            f"({frac:.0%} of neighbours tied): the fit counts each copy as an observation, "
            f"so its intervals are about {math.sqrt(copies):.2g} times too narrow (and "
            "threshold='auto' chooses on the copies). Drop the duplicated rows (e.g. "
            "DataFrame.drop_duplicates) and fit again.")
    elif biggest >= max(3, POINT_MASS_FRACTION * k) and not _ordinary_level(
            biggest, float(distinct[int(np.argmax(counts))]), k, resolution, sigma):
        notes.append(
            f"{biggest} of the {k} excesses of {name!r} share one value ({frac:.0%} of neighbours "
            "tied): a point mass (clipped or discretised scores?) that the continuous GPD does "
            "not describe; the fit and its tests are unreliable. Raise the threshold above the "
            "tied value or model the atom separately.")
    elif sigma > 0 and resolution > RESOLUTION_WARN * sigma:
        notes.append(
            f"{frac:.0%} of the excesses of {name!r} are tied with a neighbour and the data "
            f"resolution ({resolution:.3g}) is "
            # (a review: "13800892459110410% of the fitted scale", sigma shrunk to ~1e-23)
            + (f"{resolution / sigma:.0%} of" if resolution <= 10.0 * sigma else
               f"{resolution / sigma:.2g} times") + " the fitted scale: "
            "discretisation can bias the GPD fit and its tests. Consider jittering within the "
            "resolution or a higher threshold.")
    return frac, notes
