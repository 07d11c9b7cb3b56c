"""Heavy-tail flags across many groups: an empirical-Bayes false-discovery rule.

**The rule.** Each group's calibrated ``P(heavy)`` is a posterior under the classifier's
prior, which gives every label the same weight (1/3 heavy). Among many groups that prior is
wrong: in a thousand reward models perhaps one in a hundred is heavy, and a posterior made
with 1/3 overstates every group's ``P(heavy)`` (a group with a Bayes factor of 20 for heavy
gets ``P(heavy)`` = 0.89 under the 1/3 prior, but 0.16 when one group in a hundred is heavy).
So the flags use the *two-groups model* (Efron 2008; Newton, Noueiry, Sarkar & Ahlquist
2004): the groups share an unknown prevalence π of heavy tails, estimated from the groups
themselves by maximum a posteriori (a weak Beta prior centred on the classifier's 1/3,
worth ``PRIOR_GROUPS`` groups), capped at 1/3 (the estimate only ever lowers ``P(heavy)``:
a population rich in heavy tails keeps the classifier's calibrated probabilities, and one
or two groups cannot raise their own), and each group's ``P(heavy)`` is recomputed with π
in place of 1/3:

* the classifier's model posterior is recovered from the calibrated probability
  (``P = (1 - u) post + u/3``, ``u`` = ``UNIFORM_MIX``, the part of the calibration that says
  "the model may be wrong"), its Bayes factor is ``odds(post) / odds(1/3)``;
* ``P_π = (1 - u) · π BF / (π BF + 1 - π) + u π``.

Groups are then flagged in decreasing ``P_π`` while the mean of ``1 - P_π`` (the local
false-discovery rates) over the flagged groups stays at most ``q``, each flagged group being
more probably heavy than not (``P_π > 1/2``; without that, a set of certain groups could
carry one improbable group under the mean): the posterior expected
false-discovery proportion of the flagged set is at most ``q`` (Müller, Parmigiani, Robert &
Rousseau 2004), and so is the frequentist FDR to the extent that the probabilities are
calibrated over the population of groups. ``prevalence=`` fixes π instead (e.g. 1/3: the
calibrated probabilities as they are).

**Why not p-values**: the null "not heavy" is composite (every light and bounded tail), its
least-favourable member changes with n (an exponential tail with a decreasing polynomial
factor looks like a power law up to any given depth), and a Monte-Carlo p-value has a floor
of ``1/(draws + 1)`` that makes Benjamini–Hochberg powerless beyond a few hundred groups. The
empirical-Bayes rule has no such floor and no simulation and scales to any number of groups;
its control is measured directly on out-of-sample groups: ``benchmarks/heavy_flags.py`` and
``tests/test_flags.py``. It has one limit of its own: every calibrated probability keeps a
share ``u`` for "the model may be wrong", so no group's local false-discovery rate is below
``u (1 - π)`` (2–3%), and at a rate ``q`` below that nothing can be flagged (at it, only
groups at the ceiling of ``P(heavy)``; :func:`heavy_flags` warns when none is there).

Probabilities outside the range classify returns, ``[u/3, 1 - 2u/3]``, are read as its
ends (a Bayes factor of 0 or infinity); the recomputed probabilities are never above the
given ones.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize, special

from tailstat._warn import user_level
from tailstat.classification._likelihood import LABELS, UNIFORM_MIX
from tailstat.errors import DataError, TailstatWarning

__all__ = ["PRIOR_GROUPS", "heavy_flags", "lfdr_floor", "prevalence_posterior"]

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
    if isinstance(p_heavy, Mapping):  # np.asarray(dict) fails, list(dict) is its keys
        raise DataError("p_heavy must be a sequence of probabilities (one per group), not a "
                        "dict: pass pd.Series(d) (its order is kept) or list(d.values()).")
    try:
        p = np.asarray(p_heavy, dtype=float)
    except (TypeError, ValueError):
        try:  # pd.NA in a list (a group that could not be analysed), as NaN
            p = pd.array(list(p_heavy), dtype="Float64").to_numpy(dtype=float,
                                                                   na_value=np.nan)
        except (TypeError, ValueError):
            raise DataError("p_heavy must hold numbers (probabilities in [0, 1], one per "
                            f"group); got {type(p_heavy).__name__} holding something else."
                            ) from None
    if p.ndim != 1:
        raise DataError(f"p_heavy must be one-dimensional; got shape {p.shape} instead.")
    if np.any((p < 0) | (p > 1)):
        raise DataError("p_heavy must hold probabilities in [0, 1].")
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
