"""The empirical-Bayes heavy-flag rule the package used until stop 49 (2026-12-04).

Kept here, outside the package, so that the scripts whose reports were made with it
(``tune.py``'s FDP objective, ``flag_share.py``, ``bayes_factors.py``) still run and
reproduce them. The package's rule is now Benjamini–Hochberg on p-values
(:mod:`tailstat.classification.flags`). The rule: each calibrated P(heavy) is recomputed
with the share of heavy groups estimated from the groups (MAP, at most 1/3), and groups are
flagged in decreasing P(heavy) while the mean of 1 - P(heavy) over them stays at most q.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy import optimize, special

from tailstat._warn import user_level
from tailstat.classification._likelihood import LABELS, UNIFORM_MIX
from tailstat.errors import DataError, TailstatWarning

__all__ = ["CLASSIFIER_PRIOR", "PRIOR_GROUPS", "heavy_flags", "lfdr_floor", "prevalence_posterior"]

#: The classifier's prior probability of a heavy tail (equal over the labels).
CLASSIFIER_PRIOR = 1.0 / len(LABELS)
#: Weight, in groups, of the Beta prior on the prevalence (centred on ``CLASSIFIER_PRIOR``).
PRIOR_GROUPS = 2.0


def _log_bayes_factor(p: np.ndarray) -> np.ndarray:
    """log BF(heavy : not heavy) of each calibrated ``P(heavy)`` (the uniform part removed)."""
    u = UNIFORM_MIX
    post = np.clip((p - u * CLASSIFIER_PRIOR) / (1.0 - u), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        log_odds = np.log(post) - np.log1p(-post)
    prior_odds = np.log(CLASSIFIER_PRIOR) - np.log1p(-CLASSIFIER_PRIOR)
    return log_odds - prior_odds


def _prevalence(lbf: np.ndarray) -> float:
    """The MAP prevalence of heavy tails given the groups' log Bayes factors.

    The log posterior ``sum log(pi BF_i + 1 - pi) + a log pi + b log(1 - pi)`` (a Beta prior
    of ``PRIOR_GROUPS`` groups centred on ``CLASSIFIER_PRIOR``) is concave in pi; its maximum
    solves ``sum r_i(pi) + a = pi (m + a + b)`` with ``r_i`` the posterior of group i (the
    fixed point of EM), found by Brent's method: the left side minus the right is ``a > 0``
    at 0 and at most ``a - (a + b) < 0`` at 1.
    """
    a = PRIOR_GROUPS * CLASSIFIER_PRIOR

    def excess(pi: float) -> float:
        r = special.expit(special.logit(pi) + lbf)
        return float(r.sum() + a - pi * (lbf.size + PRIOR_GROUPS))

    lo, hi = 1e-15, 1.0 - 1e-15
    if excess(lo) <= 0:  # pragma: no cover - a > 0 makes the excess positive at 0
        return lo
    return float(optimize.brentq(excess, lo, hi, xtol=1e-14, rtol=1e-12))


def prevalence_posterior(p_heavy: Sequence[float] | np.ndarray,
                         prevalence: float | Literal["estimate"] = "estimate"
                         ) -> tuple[np.ndarray, float]:
    """``P(heavy)`` of each group under a shared prevalence π of heavy tails, and π.

    Parameters
    ----------
    p_heavy : sequence of float in [0, 1]
        Calibrated ``P(heavy)`` per group (from :func:`tailstat.classify`); NaN stays NaN.
    prevalence : float in (0, 1) or "estimate"
        π; ``"estimate"`` (default): estimated from the groups, at most 1/3 (module doc).

    Returns
    -------
    (numpy.ndarray, float)
        The probabilities under π, and π.
    """
    p = _probabilities(p_heavy)
    ok = np.isfinite(p)
    lbf = _log_bayes_factor(p[ok])
    if isinstance(prevalence, str):
        if prevalence != "estimate":
            raise DataError(f"prevalence must be a number in (0, 1) or 'estimate'; got "
                            f"{prevalence!r} instead.")
        pi = min(_prevalence(lbf), CLASSIFIER_PRIOR) if lbf.size else CLASSIFIER_PRIOR
    elif isinstance(prevalence, bool) or not isinstance(prevalence, (int, float, np.floating)) \
            or not 0 < float(prevalence) < 1:
        raise DataError(f"prevalence must be a number in (0, 1) or 'estimate'; got "
                        f"{prevalence!r} instead.")
    else:
        pi = float(prevalence)
    out = p.copy()
    if pi != CLASSIFIER_PRIOR:  # at the classifier's own prior: the probabilities as given
        u = UNIFORM_MIX
        out[ok] = np.minimum((1.0 - u) * special.expit(special.logit(pi) + lbf) + u * pi,
                             p[ok])
    return out, pi


def _probabilities(p_heavy: Sequence[float] | np.ndarray) -> np.ndarray:
    """The probabilities as a float array (the scripts pass arrays of them)."""
    p = np.asarray(p_heavy, dtype=float)
    if p.ndim != 1 or np.any((p < 0) | (p > 1)):
        raise DataError("p_heavy must be a one-dimensional array of probabilities.")
    return p


def lfdr_floor(prevalence: float) -> float:
    """The smallest local false-discovery rate a calibrated ``P(heavy)`` allows at this
    prevalence of heavy tails: ``UNIFORM_MIX (1 - prevalence)`` (module doc). At an ``fdr``
    below it nothing can be flagged (at it, only a group at the ceiling); the estimated
    prevalence is at most 1/3, so ``lfdr_floor(1/3)`` holds whatever the groups."""
    return UNIFORM_MIX * (1.0 - float(prevalence))


def heavy_flags(p_heavy: Sequence[float] | np.ndarray, fdr: float = 0.05, *,
                prevalence: float | Literal["estimate"] = "estimate") -> np.ndarray:
    """Which groups to flag as heavy-tailed, controlling the false-discovery rate at ``fdr``.

    Parameters
    ----------
    p_heavy : sequence of float in [0, 1]
        Calibrated ``P(heavy)`` per group (``classify(...).probabilities["heavy"]``, the
        ``p_heavy`` column of an analysis); NaN (a group that could not be analysed) is never
        flagged.
    fdr : float in (0, 1)
        Target expected proportion of false discoveries among the flagged groups.
    prevalence : float in (0, 1) or "estimate"
        The share of heavy-tailed groups the probabilities are recomputed with (module doc);
        ``"estimate"`` (default) estimates it from the groups; ``1/3`` uses ``p_heavy`` as
        it is.

    Returns
    -------
    numpy.ndarray of bool
        ``True`` for the flagged groups: the largest set, taken in decreasing ``P(heavy)``
        under the prevalence, whose mean local false-discovery rate ``1 - P(heavy)`` is at
        most ``fdr`` and whose every member has ``P(heavy) > 1/2``. Groups of equal
        ``P(heavy)`` are flagged all or none (none when all of them would exceed ``fdr``).

    Warns
    -----
    TailstatWarning
        When ``fdr`` is at or below the smallest local false-discovery rate a calibrated
        probability allows (module doc): nothing can be flagged.
    """
    if isinstance(fdr, bool) or not isinstance(fdr, (int, float, np.floating)) \
            or not 0 < float(fdr) < 1:
        raise DataError(f"fdr must be a number in (0, 1); got {fdr!r} instead.")
    p, pi = prevalence_posterior(p_heavy, prevalence)
    out = np.zeros(p.shape, dtype=bool)
    ok = np.flatnonzero(np.isfinite(p))
    if ok.size == 0:
        return out
    floor = lfdr_floor(pi)
    # the slack the flagging test allows (1 - 0.98 is 0.020000000000000018): no warning
    # that nothing can be flagged beside a flag
    if float(fdr) <= floor and 1.0 - float(np.max(p[ok])) > float(fdr) + 1e-12:
        warnings.warn(
            f"no group can be flagged at fdr={float(fdr):g}: every calibrated P(heavy) keeps "
            f"a share {UNIFORM_MIX:g} for 'the model may be wrong', so no group's local "
            f"false-discovery rate is below {floor:.3f} here; use an fdr above it.",
            TailstatWarning, stacklevel=user_level())
    order = ok[np.argsort(-p[ok], kind="stable")]
    ps = p[order]
    mean_lfdr = np.cumsum(1 - ps) / np.arange(1, order.size + 1)
    # a cut only at the end of a run of equal P(heavy): identical groups are flagged all or
    # none (a cut inside a run flagged some of them by their place in the input), and the
    # comparison allows rounding (1 - 0.85 is 0.15000000000000002)
    run_end = np.r_[ps[1:] != ps[:-1], True]
    good = np.flatnonzero((mean_lfdr <= fdr + 1e-12) & (ps > 0.5) & run_end)
    if good.size:
        out[order[: good.max() + 1]] = True
    return out
