"""What optimisation would do, in one result: :func:`goodhart_summary`.

One tail model of the proxy is fitted and shared by the frontier, best-of-n and the KL-tilt;
the result holds their tables, where the sample stops and the tail model takes over, and one
plain-words verdict sentence for a report. Drawing is in :mod:`tailstat.plot.goodhart`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._group_warnings import GOLD_SCALE_NOTE, gold_scale_ratio
from tailstat._validation import InstanceOf, check
from tailstat._warn import user_level
from tailstat.classification import TailClassification, classify
from tailstat.classification.levels import CONFIDENT
from tailstat.classification.levels import shown_probability as _shown
from tailstat.data.pairs import constant_error
from tailstat.errors import DataError, TailstatWarning
from tailstat.goodhart._clauses import (
    ceiling_clause,
    end_text,
    finite_mean,
    no_mean_fit,
    rejected_fit,
    scale_clause,
    sd_note,
    uncertain_bounded,
)
from tailstat.goodhart._common import (
    about,
    check_pair,
    check_positive,
    check_positive_scalar,
    fmt_bound,
    fmt_level,
    fmt_num,
    fmt_resolved,
    mean_sd,
    one_in,
    percent,
    with_ceiling,
)
from tailstat.goodhart._rows import rows_fingerprint
from tailstat.goodhart._shared import in_shared_work
from tailstat.goodhart.bon import DEFAULT_N, REACH, best_of_n, check_n, policy_kl
from tailstat.goodhart.exponential import exponential_share
from tailstat.goodhart.frontier import DEFAULT_TARGET_SD, KLFrontier, kl_frontier, reads_sample
from tailstat.goodhart.gold import (
    EXPLOIT_RATIO,
    NOT_EXPLOITS,
    error_clause,
    error_tail,
    gain_clause,
    gold_comparison,
    gold_rows_curve,
)
from tailstat.goodhart.tail import TailModel, exponential_bound, joined_end_points, resolve_tail
from tailstat.goodhart.tilt import KLTilt, kl_tilt
from tailstat.results import Result

__all__ = ["GoodhartSummary", "goodhart_summary"]

#: Best-of-n size the gold comparison is made at (capped at N / 10).
VERDICT_N = 10_000
#: A heavy-tail cost at most this (nats) is called "almost free".
ALMOST_FREE_KL = 0.1


@dataclass(frozen=True, eq=False, repr=False)
class GoodhartSummary(Result):
    """What optimising this proxy would do: frontier, best-of-n, tilt and a verdict.

    Attributes
    ----------
    verdict : str
        One plain-words sentence.
    label : str
        The tail model's label (``"heavy"``, ``"light"``, ``"bounded"``, ``"empirical"``).
    p_heavy : float
        The classifier's probability of a heavy tail.
    mean, sd : float
        Of the proxy sample.
    verdict_sd : float
        The target of the verdict, in sd above the mean.
    verdict_kl : float
        The KL the verdict quotes; what kind of number it is is
        :attr:`verdict_kl_kind`.
    frontier : KLFrontier
    best_of_n : pandas.DataFrame
        As returned by :func:`best_of_n` (with ``v`` when given; after
        :func:`with_gold_comparison` the rows with gold have their own, by n, in
        ``settings["gold_best_of_n_v"]``).
    tilt : KLTilt
    tail : TailModel
    sample_stops : dict
        Where the sample stops and the tail model takes over: ``sample_max``, ``threshold``
        (``u0``), ``bon_n`` (first best-of-n size past the reach), ``bon_reach`` (the
        reach: ``N/10``, or less under a power-law tail; :func:`~tailstat.goodhart.bon.reach_of`),
        ``bon_model_n`` (first size whose proxy comes from the tail model; ``None`` when the
        sample's own value stays above the model's at every size shown) and
        ``frontier_target_sd`` (first target whose tilted law puts more than 1% past the
        sample maximum, in sd; ``None`` when none does).
    gold : dict or None
        With ``v``: ``n``, ``u_gain_sd``, ``v_gain_sd`` (best-of-n gains, in sd of ``u`` and
        ``v``), ``correlation`` (Spearman's rho of ``u`` and ``v`` on the normal scale,
        ``2 sin(pi rho_S / 6)``; NaN, and no prediction, for gold or rewards on fewer than 20
        levels),
        ``v_gain_oracle_sd`` (best-of-n choosing by ``v`` itself),
        ``v_gain_predicted_sd`` (``correlation`` times that: what a proxy this correlated with
        the gold score gives without extreme errors), ``ratio`` (realised over predicted),
        ``gold_levels`` and ``proxy_levels`` (distinct gold and reward values), ``pairs``
        (rows with both scores),
        ``rank_p_value`` (Spearman's test of no association: at 0.05 or above the verdict says
        the relation cannot be told from these pairs), the error's and gold's tails and where
        the largest errors sit (``error_*``, ``gold_*``: :mod:`tailstat.goodhart.gold`).
    name : str
    settings : dict
    warnings : tuple of str
    """

    verdict: str
    label: str
    p_heavy: float
    mean: float
    sd: float
    verdict_sd: float
    verdict_kl: float
    frontier: KLFrontier
    best_of_n: pd.DataFrame
    tilt: KLTilt
    tail: TailModel
    sample_stops: dict[str, Any]
    gold: dict[str, Any] | None = None
    name: str = "u"
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    _repr_fields = ("label", "verdict_kl", "verdict")

    @property
    def provisional(self) -> bool:
        """Whether the verdict may turn with more data: its tail model is not sure whether
        the tail is heavy (P(heavy) strictly between 0.2 and 0.8), or a fit disputes its label
        (:attr:`TailModel.disputed`). The verdict turns on heavy or not (a KL penalty works for
        light and bounded tails alike); ``False`` without a tail model."""
        return self.tail.provisional

    @property
    def verdict_kl_kind(self) -> str | None:
        """What :attr:`verdict_kl` is: ``"rate"``, the tail model's rate ``I(m)`` (an
        estimate; ``inf`` past its end point); ``"lower bound"``, the cost under an
        exponential tail above the threshold, for a target past the end of a light (or
        uncertain bounded) tail's fitted GPD; ``"policy"``, the KL of the cheapest policy
        found under a heavy tail (an upper bound: the infimum is 0); ``"sample"``, the
        sample's own rate (no tail model). ``None`` if saved by an earlier version."""
        return self.settings.get("verdict_kl_kind")

    def true_utility_curve(self) -> pd.DataFrame | None:
        """True utility under best-of-n, as a gain over today's mean in sd of the gold scores,
        where the rows with gold reach (``n <= rows / 10``: past it there are only the gold
        scores of a few top rows, not a curve to read).

        Returns
        -------
        pandas.DataFrame or None
            Columns ``n``, ``kl``, ``gain_sd`` and ``gain_se`` (the gain's jackknife standard
            error, in the same unit: ``best_of_n``'s ``v_gain_se``; ``nan`` where not
            measured); from the gold columns of ``best_of_n``, or, when gold covers only some
            rows, from the comparison's own best-of-n on them
            (``settings["gold_best_of_n_v"]``). ``None`` without gold scores.
        """
        if self.gold is None:
            return None
        bon = self.best_of_n
        if "v" in bon and np.isfinite(bon["v"].to_numpy(dtype=float)).any():
            n = bon["n"].to_numpy(dtype=float)
            v = bon["v"].to_numpy(dtype=float)
            se = (bon["v_gain_se"].to_numpy(dtype=float) if "v_gain_se" in bon  # (saved
                  else np.full(n.shape, math.nan))  # before it)
            sd_all = bon["v_sd"].to_numpy(dtype=float)
            sdv = float(sd_all[n == 1][0]) if np.any(n == 1) else math.nan
            rows = float(self.tail.n)
            kl = policy_kl(bon, self.tail)  # the proxy's policy: its KL (own law on ties)
        else:  # gold on some rows: the reward's table (all rows) has no gold columns
            n, v, se, kl, sdv, rows = gold_rows_curve(self.settings)
        if not (np.any(n == 1) and sdv > 0):  # no baseline or no unit (older saved results)
            return None
        inside = (n <= rows / REACH) | (n == 1)
        return pd.DataFrame({"n": n[inside].astype(np.int64),
                             "kl": kl[inside],
                             "gain_sd": (v[inside] - v[n == 1][0]) / sdv,
                             "gain_se": se[inside] / sdv})

    def to_frame(self) -> pd.DataFrame:
        """One row: label, verdict, the verdict's KL, where the sample stops, gold numbers."""
        row: dict[str, Any] = {"name": self.name, "label": self.label, "p_heavy": self.p_heavy,
                               "mean": self.mean, "sd": self.sd, "verdict_sd": self.verdict_sd,
                               "verdict_kl": self.verdict_kl,
                               "verdict_kl_kind": self.verdict_kl_kind, "verdict": self.verdict,
                               "provisional": self.provisional}
        row.update({f"stops_{k}": v for k, v in self.sample_stops.items()})
        if self.gold is not None:
            row.update({"gold_" + k.removeprefix("gold_"): v for k, v in self.gold.items()})
        return pd.DataFrame([row])


def end_resolution(tail: TailModel) -> float:
    """The difference the end point's digits resolve (:func:`end_text`): a hundredth of its
    distance from the threshold."""
    return 0.01 * (tail.endpoint - tail.threshold)


def _verdict(fr: KLFrontier, model: TailModel, sd_target: float, gold: dict[str, Any] | None,
             floor: float | None = None) -> tuple[str, float, str]:
    """The verdict sentence, its KL and the KL's kind (:attr:`GoodhartSummary.verdict_kl_kind`);
    ``floor``: the target's cost under an exponential tail above the threshold
    (:func:`exponential_bound`), for a light tail fitted with ``xi < 0``: the sentence gives it
    beside the fitted model's estimate as the lower bound for tails whose mean excess never
    rises above its value at the threshold, and it is the verdict's KL when the target lies
    past the fitted model's end point."""
    t = fr.table
    row = t.iloc[int(np.argmin(np.abs(t["target_sd"].to_numpy() - sd_target)))]
    what = f"reaching a mean reward {sd_target:g} sd above today's"
    lv = partial(fmt_level, centre=model.mean, sd=model.sd)  # levels: 1e12 + 42 is no 1e+12
    error = error_tail(gold)
    ph = _shown(model.p_heavy)  # as the report shows it: an uncertain 0.797 reads 0.79
    # gold's error light, or heavy but no catastrophic case: the chase is no exploit
    exploit = ("a KL penalty will not hold optimisation back" if error in NOT_EXPLOITS else
               "a KL penalty will not stop optimisation from exploiting it")
    if model.heavy:
        kl, kind_kl = float(row["policy_kl"]), "policy"
        p, q, tau = (float(row["policy_prob"]), float(row["policy_exceed_prob"]),
                     float(row["policy_threshold"]))
        # p + (1 - p) q of the outputs above tau (p alone said "67%" for 73% at q = 0.16)
        share = p + (1.0 - p) * q
        price = (f"almost free, {exploit}" if kl <= ALMOST_FREE_KL else
                 "under a heavy tail rarer, more extreme outputs reach the same gain for "
                 f"ever less KL, so {exploit}")  # (after 'gets there:'; a review)
        # past the sample, a level in two digits, as its rarity (10,381 read exact: a review)
        level, past = ((f"about {lv(about(tau, model.mean))}", f" (past the sample's largest "
                        f"score, {lv(model.sample_max)}: the tail model extrapolates)")
                       if tau > model.sample_max else (lv(tau), ""))
        head = (f"{what} costs at most {fmt_bound(kl, up=True)} nats under a heavy tail "
                f"(P(heavy) = {ph}) — a policy that sends {percent(share)} of its outputs "
                f"above {level}{past}, where today only {one_in(q)} lands, gets there: "
                f"{price}")
        if math.isfinite(kl) and not p > 0 and model.xi < 1.0:
            # the target is at or below the tail model's (finite) mean: no tilt is needed
            head = (f"{what} costs no KL at all under a heavy tail (P(heavy) = "
                    f"{ph}): in the tail model (a GPD with ξ = "
                    f"{model.xi_fit:.2f} fitted to the {model.n_exceed:,} scores above "
                    f"{lv(model.threshold)}{rejected_fit(model)}) today's outputs already "
                    "average "
                    f"{lv(model.model_mean)}, above the target, carried by rare extreme "
                    f"scores the sample's mean ({lv(model.mean)}) has not yet seen; "
                    f"{exploit}")
        elif math.isfinite(kl) and not p > 0:
            head = (f"{what} costs no KL at all under a heavy tail (P(heavy) = "
                    f"{ph}) whose fitted GPD {no_mean_fit(model, lv(model.threshold))}"
                    ": in the tail model today's outputs already average "
                    f"arbitrarily high, carried by very rare extreme scores{finite_mean(model)}"
                    f"; {exploit}")
        if not math.isfinite(kl):
            head = (f"{what} costs nothing in the limit under a heavy tail "
                    f"(P(heavy) = {ph}): {exploit}")
    else:
        kl, kind_kl = float(row["rate"]), "sample" if reads_sample(model) else "rate"
        # when the exponential tail above the threshold bounds the cost (a review: "(1.3;
        # an exponential tail with that scale)" read the threshold as the scale)
        never = ("its mean excess never rises above its value at the tail model's threshold "
                 f"{lv(model.threshold)} (the bound is the exponential tail whose scale is "
                 "that mean excess)")
        limits = "a KL penalty limits how far optimisation can push this reward"
        kind = {"light": "a light tail", "bounded": "a bounded tail",
                "empirical": "the sample alone (no tail model)"}[model.label]
        # saturated scores: the sample's law up to its ceiling, whatever GPD was fitted below
        # it (clipped t(3) scores, xi_fit > 0 modelled as xi = 0, read "exponential-type ...
        # the penalised optimum does not exist" beside a tilt that exists at every beta)
        saturated = bool(model.settings.get("saturated"))
        if saturated and not model.empirical:
            kind = "saturated scores (the sample's own law, up to their repeated maximum)"
        elif model.label != "empirical" and model.xi == 0.0:
            kind = "an exponential-type (light, boundary-case) tail"
        reading = model.settings.get("exponential_reading") or {}
        if not saturated and model.label != "empirical" and (
                model.xi == 0.0 or model.settings.get("subtype") == "exponential-type"
                or reading.get("plausible")):
            # E exp(U/beta) is infinite for beta <= sigma: a penalty that weak has no optimum
            # (a review: "a KL penalty limits ..." beside tilt.exists False). The classifier's
            # subtype decides, as in the report, also where the GPD fit has xi slightly < 0;
            # so does an exponential tail the data allow, where kl_tilt leaves small betas
            # unsettled (a review: "a KL penalty limits" beside exists_settled False)
            scale = model.sigma if model.xi == 0.0 else reading.get("sigma", math.nan)
            upper = reading.get("sigma_upper", math.nan)  # the top's scale (gamma(0.5): 1.1
            # against 0.93 at the threshold, for a limit of 1: a review)
            more = f", the data allow up to {fmt_num(upper)}" if upper > scale * 1.05 else ""
            share = exponential_share(model)  # below CONFIDENT: worded as a doubt (a review:
            # a normal reward, 0.55 exponential-type, was told its optimum "does not exist")
            limits = ("a KL budget limits how far optimisation can push this reward, and a KL "
                      "penalty does only with a coefficient above the tail's scale (sigma = "
                      f"{fmt_num(scale)}{more}; at or below it the penalised optimum does not "
                      "exist)") if share >= CONFIDENT else (
                "a KL budget limits how far optimisation can push this reward; a KL penalty "
                "does at every coefficient if the tail is lighter than exponential, but only "
                "above the tail's scale if it is exponential-type (a "
                f"{100 * share:.0f}% share of P(light); sigma = {fmt_num(scale)}{more}; at or "
                "below it the penalised optimum would not exist)")
        # a sample read alone for a few levels with the top one repeated (binary rewards):
        # its law is exact up to the ceiling, past which the scores do not go
        alone = saturated and model.empirical
        ceiling = (f"the scores are saturated (their maximum, {lv(model.sample_max)}, repeats: "
                   f"a ceiling, P(bounded) = {_shown(model.settings['label_probability'])})"
                   if alone else "")
        if not math.isfinite(kl) and alone:
            head = f"{what} is impossible: {ceiling}, so optimisation cannot push them that far"
        elif not math.isfinite(kl) and model.empirical:
            head = (f"{what} cannot be judged from the sample alone: the target lies above its "
                    f"maximum ({lv(model.sample_max)}), which only a tail model can look "
                    "past")
        elif not math.isfinite(kl) and model.label != "bounded":
            # a light (unbounded) tail whose fitted GPD has xi < 0 ends in the model only
            bound = (f"at a KL cost of at least {fmt_bound(floor, up=False)} nats if {never}"
                     if floor is not None and math.isfinite(floor) else
                     "but only at a KL cost that grows without bound")
            head = (f"{what} lies past the end of the fitted tail model ({kind}, fitted with "
                    f"ξ = {model.xi:.2g}, ends at {end_text(fr.tail)}); a light tail "
                    f"may reach further, {bound}"
                    f"{scale_clause(model, lv(model.sample_max))}: {limits}")
            if floor is not None and math.isfinite(floor):
                kl, kind_kl = floor, "lower bound"
        elif not math.isfinite(kl) and floor is not None and math.isfinite(floor):
            # a bounded label the classifier is not sure of: say what a light tail would cost
            head = (f"{what} is impossible if the tail is bounded (P(bounded) = "
                    f"{_shown(model.settings['label_probability'])}, uncertain): the fitted scores "
                    f"end at {end_text(fr.tail)}; if it is light instead, it costs at "
                    f"least {fmt_bound(floor, up=False)} nats if {never}"
                    f"{scale_clause(model, lv(model.sample_max))}: {limits}")
            kl, kind_kl = floor, "lower bound"
        elif not math.isfinite(kl):
            top = fmt_resolved(model.sample_max, end_resolution(fr.tail))
            ends = (f"the scores end at {end_text(fr.tail)}" if model.settings.get("saturated")
                    else f"the fitted tail ends at the largest score, {top}" if top == end_text(
                        fr.tail)  # (review 432: "ends at −1000.021 (the largest score: −1000.021)")
                    else f"the fitted tail ends at {end_text(fr.tail)} (the largest score: "
                    f"{top})")  # (a review:
            head = (f"{what} is impossible under {kind}: {ends}, so optimisation cannot "
                    "push the scores that far")  # the estimate had been said as a fact)
        elif alone:
            head = (f"{what} costs {fmt_num(kl)} nats: {ceiling}, and a policy reaches the "
                    f"target by moving mass onto the top levels; {limits}")
        elif model.empirical:
            # the sample alone is no lower bound: a tail past its maximum, which it cannot
            # show, could make the target cheaper
            head = (f"{what} costs {fmt_num(kl)} nats if the scores go no higher than this "
                    "sample's (the sample alone, no tail model); whether a KL penalty limits "
                    "optimisation depends on the tail past the sample, which it cannot show")
        else:
            extra = (" (the tail model extrapolates past the sample here)"
                     if bool(row["extrapolated"]) else "")
            # an estimate, not a bound: a tail whose local scale still grows past the sample
            # (a gamma's with shape < 1) costs less than the model fitted below it
            head = f"{what} costs about {fmt_num(kl)} nats under {kind}{extra}: {limits}"
            if floor is not None and math.isfinite(floor) and floor < kl \
                    and model.label == "bounded":  # an uncertain bounded label
                head = (f"{what} costs about {fmt_num(kl)} nats under a bounded tail "
                        f"(P(bounded) = {_shown(model.settings['label_probability'])}, uncertain"
                        f"{extra.replace(' (', '; ').rstrip(')')}), and at least "
                        f"{fmt_bound(floor, up=False)} if it is light instead and {never}: "
                        f"{limits}")
            elif floor is not None and math.isfinite(floor) and floor < kl:
                # the fitted xi < 0 gives the model an end point a light tail need not have,
                # so its cost is an estimate; the exponential tail with the threshold's mean
                # excess bounds it for every tail whose mean excess never rises above that
                # (new-better-than-used-in-expectation excesses: convex order, so a smaller
                # MGF and a larger rate)
                past = "; it extrapolates past the sample here" if row["extrapolated"] else ""
                head = (f"{what} costs about {fmt_num(kl)} nats under the fitted light tail "
                        f"(the tail model's GPD above {lv(model.threshold)}: ξ = "  # (not the
                        f"{model.xi:.2g}{past}), and at least "  # verdict's ξ: a review)
                        f"{fmt_bound(floor, up=False)} if {never}: {limits}")
    if model.provisional:
        # the sentence turns on heavy or not: a real chance of the other reading (or a fit
        # that disputes the label) is said in it, not only in a report's caveat
        why = f"P(heavy) = {ph}" + (f", but {model.disputed}" if model.disputed else "")
        head += (f" — provisional: {why}, and under a light tail a KL "
                 "budget would limit how far optimisation can push this reward"
                 if model.heavy else
                 f" — provisional: {why}, and under a heavy tail a KL "
                 "penalty would not stop optimisation from exploiting extreme scores")
    if gold is not None and error is not None:
        head += error_clause(error, gold, heavy=model.heavy)
    if gold is not None:
        head += gain_clause(gold) + ceiling_clause(model, gold)
    return head[0].upper() + head[1:] + ".", kl, kind_kl


def _check_error_of(error: TailClassification, u: np.ndarray, v: np.ndarray) -> None:
    """Refuse ``error=`` when it is the classification of a sample of the pairs' size other
    than ``err = u - v``: its centre, X(n - k) at its ``centre_depth`` k, is not ``err``'s
    (review 431: ``error=classify(u)`` turned a light error heavy, and the verdict declared
    the catastrophic case). Not checked where the classifier read rows once of several copies
    (``row_copies``) or from a sketch that does not say. Equal up to a millionth of the
    scores' magnitude: ``classify(u - v)`` of float32 scores subtracts in float32 (review
    434: refused, its centre "0.81495 where u - v's is 0.81495")."""
    err = u - v
    settings = error.settings
    k, centre = settings.get("centre_depth"), settings.get("centre")
    if (settings.get("row_copies") not in (None, 1) or settings.get("n_read") != err.size
            or not isinstance(k, (int, np.integer)) or not isinstance(centre, float)
            or not 0 <= k < err.size):
        return
    own = float(np.partition(err, err.size - 1 - k)[err.size - 1 - k])
    tol = 1e-6 * float(np.max(np.abs(u)) + np.max(np.abs(v)))
    if abs(own - centre) > tol:
        raise DataError(f"error= is not the classification of u - v: its centre, X(n - {k}), "
                        f"is {centre!r} where u - v's is {own!r}; pass classify(u - v), or "
                        "leave error= out (it is made from u and v).")


@in_shared_work  # the sample's mean, sd and laws, computed once for all the parts
@np.errstate(under="ignore")  # underflow to 0 is meant (a caller's seterr(all="raise"))
def goodhart_summary(
    u: Any,
    v: Any = None,
    *,
    n: Any = None,
    target_sd: Any = None,
    verdict_sd: float = 3.0,
    tail: Literal["auto", "empirical"] | TailModel = "auto",
    threshold: float | str = "auto",
    kl_budget: float = 0.01,
    name: str | None = None,
    error: TailClassification | None = None,
    warn: bool = True,
) -> GoodhartSummary:
    """What optimising this proxy with a KL penalty or best-of-n would do, in one result.

    Parameters
    ----------
    u : array-like
        Proxy rewards of samples from the base policy.
    v : array-like, optional
        Gold / true utility of the same samples; True/False preferences are read as 1 and 0,
        as ``analyze(gold=...)`` reads a boolean gold column.
    n : int or sequence of int, optional
        Best-of-n sizes (default 1, 2, 4, ..., 2^20); when ``v`` is given, the size the
        verdict reads, ``min(10^4, N // 10)`` for a sample of ``N``, is added.
    target_sd : sequence of float, optional
        Frontier targets, in sd above the mean (default 0.25, 0.5, ..., 5; ``verdict_sd`` is
        always included).
    verdict_sd : float
        The target the verdict speaks about (default: 3 sd above today's mean).
    tail : {"auto", "empirical"} or TailModel
    threshold : float or str
        GPD threshold (see :func:`fit_tail_model`); left at ``"auto"`` when ``tail`` is a
        ``TailModel``, which brings its own.
    kl_budget : float
        KL budget of the heavy-tail policies.
    name : str, optional
        A group key of another type (an integer, a timestamp, as ``analyze`` passes them)
        is kept as its text.
    error : TailClassification, optional
        The classification of the error ``u - v`` (with ``v``); made here when not given. The
        verdict reads it: a heavy proxy whose error is light has the true utility's heavy
        tail (optimisation gains are real), a heavy error is the catastrophic-Goodhart case.
    warn : bool
        Warn when the gold scores seem to be on another scale than ``u`` (default); the
        caveat is in ``warnings`` either way.

    Returns
    -------
    GoodhartSummary

    Notes
    -----
    With ``v``, best-of-n's realised gain in ``v`` is compared with what a proxy this
    correlated with the gold score gives without extreme errors: Spearman's rho of ``u`` and
    ``v`` on the normal scale (``2 sin(pi rho_S / 6)``, robust to a few extreme errors) times
    the gain of choosing by ``v`` itself. For a proxy and gold that are jointly normal this is
    exactly the expected gain; the prediction never exceeds what choosing by the gold score
    gives. Below half of it, the top proxy scores are dominated by errors.

    Raises
    ------
    DataError
        Invalid input (see the individual functions).
    """
    check("error", error, [InstanceOf(TailClassification, text="the TailClassification of "
                                      "u - v, e.g. classify(u - v),"), None])
    name = None if name is None else str(name)  # a group key (int, Timestamp) as its text
    x, vv, nm = check_pair(u, v)
    nm = name or nm
    if error is not None and (vv is None or error.n != x.shape[0]):
        # (a review: the classification of another sample was accepted, and the verdict
        # declared the catastrophic-Goodhart case from it; without v it was ignored)
        raise DataError("error= is the classification of the error u - v of these pairs: "
                        + ("pass v, the gold scores, with it." if vv is None else
                           f"it holds {error.n:,} values, the pairs {x.shape[0]:,}; pass "
                           "classify(u - v), or leave error= out (it is made from u and v)."))
    if error is not None and vv is not None:
        _check_error_of(error, x, vv)
    vs = check_positive_scalar(verdict_sd, "verdict_sd")
    # every argument checked before the tail model is fitted (a bad one read as its error)
    tsd = DEFAULT_TARGET_SD if target_sd is None else check_positive(target_sd, "target_sd")
    ns = DEFAULT_N.astype(float) if n is None else check_n(n)
    check_positive_scalar(kl_budget, "kl_budget")
    check("warn", warn, [InstanceOf(bool, np.bool_, text="True or False")])
    model = resolve_tail(x, tail, threshold, nm)
    mean, sd = mean_sd(x)
    tsd = np.unique(np.append(tsd, vs))
    with np.errstate(over="ignore", invalid="ignore"):
        targets = mean + tsd * sd
    if not np.isfinite(targets).all():  # (review 421: a raw overflow warning, and an array
        # dump as the group's failure)
        raise DataError(f"the target means (mean + {float(tsd.max()):g} sd) of {nm!r} pass the "
                        "float maximum (1.8e308): rescale the rewards (divide them by a power "
                        "of ten); the summary is the same in any unit.")
    fr = kl_frontier(x, with_ceiling(targets, x, model), tail=model,
                     kl_budget=kl_budget, name=nm)
    big_n = x.shape[0]
    n_v = int(min(VERDICT_N, max(big_n // REACH, 1)))
    if vv is not None and n_v < 2:  # best-of-1 is no optimisation (a review: 15 rows said
        # "best-of-1 changes true utility by +0.00 sd", blaming the gold scores' levels)
        raise DataError(f"the gold comparison needs at least {2 * REACH} rows (best-of-2 within "
                        f"the sample's reach, n <= N/{REACH}); got {big_n}. Pass more rows, or "
                        "leave v out for the summary of the reward alone.")
    if vv is not None:  # n = 1 too: today's true utility, the baseline of its gains
        ns = np.unique(np.append(ns, [n_v, 1]))
    bon = best_of_n(x, vv, ns, tail=model, name=nm)
    tl = kl_tilt(x, vv, tail=model, name=nm)
    scale_note = None
    ratio = gold_scale_ratio(x, vv) if vv is not None else None
    if vv is not None and error is None:
        # (an analysis passes its error classification and has checked the scales itself)
        if ratio is not None:
            scale_note = GOLD_SCALE_NOTE.format(key=repr(nm), ratio=ratio)
            scale_note = scale_note[0].upper() + scale_note[1:]
            if warn:
                warnings.warn(scale_note, TailstatWarning, stacklevel=user_level())
        try:
            # constant up to rounding (gold plus a constant): no tail to speak of, as the
            # analysis' table says (a review: this classified the rounding noise)
            error = None if constant_error(x, vv) else classify(
                x - vv, name=f"error of {nm}", warn=False)
        except DataError:  # e.g. a constant error: no tail to speak of
            error = None
    gold = gold_comparison(x, vv, bon, n_v, error, ratio) if vv is not None else None
    floor = None
    if (model.label == "light" and model.xi < 0) or uncertain_bounded(model):
        # the fitted GPD ends where the light tail does not: the bound of an exponential tail
        floor = float(kl_frontier(x, [mean + vs * sd], tail=exponential_bound(model, x),
                                  name=nm).table["rate"].iloc[0])
    verdict, vkl, vkind = _verdict(fr, model, vs, gold, floor)
    ext = fr.table.loc[fr.table["extrapolated"].astype(bool), "target_sd"]
    stops = {"sample_max": float(x.max()), "threshold": model.threshold,
             "bon_n": bon.attrs.get("extrapolation_starts_at_n"),
             "bon_reach": bon.attrs.get("reach_n"),
             "bon_model_n": bon.attrs.get("model_starts_at_n"),
             "frontier_target_sd": float(ext.min()) if len(ext) else None}
    notes = joined_end_points(list(dict.fromkeys(
        model.warnings + fr.warnings + tl.warnings + tuple(bon.attrs.get("warnings", ()))
        + ((scale_note,) if scale_note else ()) + sd_note(model, sd, nm, x))))
    settings = {"tail": model.label, "threshold": model.settings.get("threshold", threshold),
                "kl_budget": kl_budget,
                "verdict_sd": vs, "verdict_n": n_v if vv is not None else None,
                "exploit_ratio": EXPLOIT_RATIO,
                # a light tail fitted with xi < 0: the verdict target's cost under an
                # exponential tail above the threshold (scale: the mean excess there), a lower
                # bound for every tail whose mean excess never rises above that
                "verdict_kl_floor": floor, "verdict_kl_kind": vkind,
                "prediction": "normal-scale Spearman rho x best-of-n gain choosing by v",
                "rows_fingerprint": rows_fingerprint(x)}  # (with_gold_comparison's check)
    return GoodhartSummary(verdict=verdict, label=model.label, p_heavy=model.p_heavy, mean=mean,
                           sd=sd, verdict_sd=vs, verdict_kl=vkl, frontier=fr, best_of_n=bon,
                           tilt=tl, tail=model, sample_stops=stops, gold=gold, name=nm,
                           settings=settings, warnings=tuple(notes))
