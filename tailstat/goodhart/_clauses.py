"""Clauses of the Goodhart verdict that read the tail model (and, for the ceiling, the gold
comparison beside it); :mod:`summary` builds the sentence around them."""

from __future__ import annotations

import math

import numpy as np

from tailstat.classification import CONFIDENT
from tailstat.goodhart._common import fmt_resolved
from tailstat.goodhart.gold import IN_LINE
from tailstat.goodhart.tail import TailModel

__all__ = ["ceiling_clause", "end_text", "finite_mean", "no_mean_fit", "rejected_fit",
           "scale_clause", "sd_note", "uncertain_bounded"]


def uncertain_bounded(model: TailModel) -> bool:
    """A bounded label whose probability is below ``CONFIDENT`` (an unbounded light tail is
    then about as plausible, and "impossible" would overstate it)."""
    return model.label == "bounded" and float(
        model.settings.get("label_probability", 1.0)) < CONFIDENT


def finite_mean(model: TailModel) -> str:
    """A clause when the classifier's interval for xi (from more of the tail) lies below 1,
    where the GPD fitted above the tail model's threshold has xi >= 1."""
    xi, lo, hi = model.settings.get("classifier_xi") or (math.nan,) * 3
    if not hi < 1.0:
        return ""
    return (f" (the classifier's estimate from more of the tail, ξ = {xi:.2f} "
            f"[{lo:.2f}, {hi:.2f}], has a finite mean: then the target costs little KL rather "
            "than none)")


def no_mean_fit(model: TailModel, threshold: str) -> str:
    """The fitted GPD of a tail model with ``xi >= 1`` and its words "has no finite mean",
    with the 95% half-width of ``xi`` (asymptotic, ``1.96 (1 + xi) / sqrt(k)``) and whether a
    finite mean (``xi < 1``) lies within it: a point estimate above 1 from a few dozen scores
    said "no finite mean" as a fact (rare Pareto(1.5) errors in a normal body, true ξ = 0.67,
    fit ξ = 1.06-1.40 in 7 of 8 seeds at n = 5,000: the excesses over a threshold inside the
    body's top mix two scales, which reads as a heavier tail). ``threshold``: as written."""
    k, xi = int(model.n_exceed), float(model.xi_fit)
    half = 1.96 * (1.0 + xi) / math.sqrt(k) if k > 0 else math.nan
    maybe = (" at its estimate, though ξ < 1 (a finite mean) lies within that range"
             if xi - half < 1.0 else "")
    return (f"(ξ = {xi:.2f} ± {half:.2f}, from the {k:,} scores above {threshold}"
            f"{rejected_fit(model)}) has no finite mean{maybe}")


def rejected_fit(model: TailModel) -> str:
    """A clause when the tail model's threshold is the highest candidate of a goodness-of-fit
    search that rejected a GPD at every one (a review: "whose fitted GPD (ξ = 1.30 ≥ 1, from
    the 30 scores above 2.6) has no finite mean" led the verdict on such a fit, while only
    the report's details said the fit had been rejected)."""
    if not model.fit_rejected:
        return ""
    return (", where goodness-of-fit tests rejected the GPD, as at every lower threshold "
            "tried")


#: An sd at least this many times the middle half's spread (IQR / 1.349), set mostly by values
#: below the median, is said to set the targets' unit from the lower tail.
WIDE_SD = 3.0


def sd_note(model: TailModel, sd: float, name: str, x: np.ndarray | None = None
            ) -> tuple[str, ...]:
    """A note when the fitted tail has no finite variance (ξ >= 1/2): the targets' unit, the
    sample's sd, is then a statistic of this sample that grows with its size; and one when
    the sd is :data:`WIDE_SD` times the middle half's spread or more, mostly from values below
    the median (a review: 1% of scores far below a normal body made the sd 6.3 times the
    body's, and "3 sd above today's" a target past the sample's maximum, unsaid)."""
    return _no_variance_note(model, sd, name) + (_low_spread_note(x, sd, name)
                                                 if x is not None else ())


def _low_spread_note(x: np.ndarray, sd: float, name: str) -> tuple[str, ...]:
    q25, med, q75 = (float(q) for q in np.quantile(x, [0.25, 0.5, 0.75]))
    robust = (q75 - q25) / 1.349
    if not (robust > 0 and sd >= WIDE_SD * robust):
        return ()
    d = (x - med) / sd  # (in units of the sd: no square overflows at any scale)
    below, above = float(np.sum(d[x < med] ** 2)), float(np.sum(d[x > med] ** 2))
    if not below > 3.0 * above:
        return ()
    return (f"the sd of {name!r} ({sd:.4g}), the unit of the targets, is {sd / robust:.1f} "
            f"times the spread of its middle half (IQR / 1.349 = {robust:.4g}), set mostly by "
            "a few scores far below the rest: a target 'k sd above today's' lies far out in "
            "the scores' own units; give targets in reward units "
            "(kl_frontier(u, target=[...])), or drop the low outliers if they are errors.",)


def _no_variance_note(model: TailModel, sd: float, name: str) -> tuple[str, ...]:
    if not (model.label == "heavy" and model.xi >= 0.5):
        return ()
    return (f"the tail of {name!r} is fitted with ξ = {model.xi:.2f} >= 1/2: the reward has no "
            f"finite variance, so the sd that sets the targets ({sd:.4g}) is this sample's and "
            "grows with its size; targets in sd compare within this sample, not across "
            "samples of other sizes (absolute targets: kl_frontier(u, target=[...])).",)


def scale_clause(model: TailModel, shown_max: str) -> str:
    """For scores on too few levels to read a shape from (a rating scale, counts), whose
    target lies past the fitted tail's end: a clause saying the target is impossible if the
    largest score is the top of the scale (a review: a 1-10 rubric of 2,000 rows got "a light
    tail may reach further, at a KL cost of at least 2.8 nats" for a target of 10.1).
    ``shown_max``: the largest score as the verdict writes it."""
    levels = model.settings.get("coarse_levels")
    if not levels:
        return ""
    return (f" (the scores take only {levels} levels near the top, as a rating scale does: if "
            f"{shown_max} is the top of the scale, no policy reaches this target at any KL)")


def ceiling_clause(model: TailModel, gold: dict[str, object]) -> str:
    """For saturated rewards whose best-of-n gain in gold falls short of what their
    correlation predicts: the ceiling as the limit (a review: 3% of the rewards tied at a
    clip, best-of-5,000 gained 2.02 sd of the 3.30 predicted, and the verdict left the
    shortfall to be read as the errors'). Best-of-n takes one of the tied maxima at random as
    soon as one is among the n, about from ``n = 1 / share`` on."""
    share = model.settings.get("atom_share")
    ratio = gold.get("ratio", math.nan)
    if not (isinstance(share, float) and share > 0.0 and isinstance(ratio, float)
            and ratio < IN_LINE[0]):
        return ""
    return (f"; the reward's ceiling limits it: {share:.1%} of the rewards tie at their "
            f"maximum, and from about best-of-{1.0 / share:,.0f} on best-of-n picks one of "
            "them at random, whatever its gold score")


def end_text(tail: TailModel) -> str:
    """The fitted model's end point, with the digits that resolve it from its threshold (at
    an offset of 1e6 an end 6.2 above the threshold read "1,000,006" or "1e+06"); of saturated
    scores, their repeated maximum, the ceiling (a review: "the scores end at 3.17679", the
    GPD's end, of scores clipped at 2.679)."""
    if tail.settings.get("saturated"):
        gap = tail.sample_max - tail.threshold
        return fmt_resolved(tail.sample_max, 0.01 * (gap if gap > 0 else tail.sd))
    return fmt_resolved(tail.endpoint, 0.01 * (tail.endpoint - tail.threshold))
