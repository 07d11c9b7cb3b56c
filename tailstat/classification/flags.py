"""Heavy-tail flags across many groups with a Bayesian false-discovery rule.

With calibrated posterior probabilities ``P(heavy)`` per group, the local false-discovery
rate of a group is ``1 - P(heavy)``, and the posterior expected proportion of false
discoveries among a set of flagged groups is the mean of their ``1 - P(heavy)``. Flagging
groups in decreasing ``P(heavy)`` while that mean stays at most ``q`` therefore controls
the (posterior) expected false-discovery proportion at ``q`` (Newton, Noueiry, Sarkar &
Ahlquist 2004; Müller, Parmigiani, Robert & Rousseau 2004), and, to the extent that the
probabilities are calibrated over the population of groups, the frequentist FDR too.

Why not p-values: the null "not heavy" is composite (every light and bounded tail), its
least-favourable member changes with n, and a Monte-Carlo p-value has a floor of
``1/(draws + 1)`` that makes Benjamini–Hochberg powerless beyond a few hundred groups. The
Bayesian rule has no floor and no simulation, scales to any number of groups, and its
control is measured directly: ``benchmarks/heavy_flags.py`` (1 000 light groups from the
validation suite plus 10 heavy ones) and ``tests/test_flags.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tailstat.errors import DataError

__all__ = ["heavy_flags"]


def heavy_flags(p_heavy: Sequence[float] | np.ndarray, fdr: float = 0.05) -> np.ndarray:
    """Which groups to flag as heavy-tailed, controlling the false-discovery rate at ``fdr``.

    Parameters
    ----------
    p_heavy : sequence of float in [0, 1]
        Calibrated ``P(heavy)`` per group; NaN (a group that could not be analysed) is never
        flagged.
    fdr : float in (0, 1)
        Target expected proportion of false discoveries among the flagged groups.

    Returns
    -------
    numpy.ndarray of bool
        ``True`` for the flagged groups: the largest set, taken in decreasing ``P(heavy)``,
        whose mean local false-discovery rate ``1 - P(heavy)`` is at most ``fdr``.
    """
    if isinstance(fdr, bool) or not isinstance(fdr, (int, float, np.floating)) \
            or not 0 < float(fdr) < 1:
        raise DataError(f"fdr must be a number in (0, 1); got {fdr!r} instead.")
    p = np.asarray(p_heavy, dtype=float)
    if p.ndim != 1:
        raise DataError(f"p_heavy must be one-dimensional; got shape {p.shape} instead.")
    if np.any((p < 0) | (p > 1)):
        raise DataError("p_heavy must hold probabilities in [0, 1].")
    out = np.zeros(p.shape, dtype=bool)
    ok = np.flatnonzero(np.isfinite(p))
    if ok.size == 0:
        return out
    order = ok[np.argsort(-p[ok], kind="stable")]
    mean_lfdr = np.cumsum(1 - p[order]) / np.arange(1, order.size + 1)
    good = np.flatnonzero(mean_lfdr <= fdr)
    if good.size:
        out[order[: good.max() + 1]] = True
    return out
