"""Plain-words verdicts for the report (pure text, no HTML); its numbers are formatted by
:mod:`._numbers`."""

from __future__ import annotations

import math
import re
from typing import Any

from tailstat._display import page_name, resolved_digits, significant, visible
from tailstat.classification import TailClassification
from tailstat.classification.levels import (
    LONE_MAXIMUM,
    exponential_share,
    penalty_case,
    subtype_split,
)
from tailstat.dependence import MIN_CHI_EXCEED
from tailstat.goodhart.bon import policy_kl
from tailstat.goodhart.gold import ERROR_WITH_GOLD_CHI
from tailstat.goodhart.summary import end_resolution
from tailstat.reporting._numbers import ci, estimate, fmt, prob, pvalue, sig

__all__ = ["ci", "dependence_text", "estimate", "fmt", "headline", "page_name", "prob", "pvalue",
           "short_label", "sig", "true_minus", "verdict", "visible"]

HEADLINES = {"heavy": "Heavy-tailed", "light": "Light-tailed", "bounded": "Bounded"}
SUBTYPE_WORDS = {
    "power-law": "power law",
    "subexponential": "subexponential, lognormal-like",
    "exponential-type": "exponential-type, the boundary case",
    "lighter-than-exponential": "lighter than exponential",
    "bounded": "the scores have a ceiling",
}
CONSEQUENCE = {
    "heavy": "A KL penalty will not stop optimisation from exploiting this reward's tail: "
             "a policy can gain a lot of reward at almost no KL cost (catastrophic Goodhart "
             "is possible).",
    "light": "A KL penalty limits how far optimisation can push this reward.",
    "exponential-type": "A KL budget limits how far optimisation can push this reward; a KL "
                        "penalty does only with a coefficient above the tail's scale (an "
                        "exponential tail's mean excess).",
    "bounded": "Optimisation cannot push this reward past its ceiling.",
}
#: A provisional heavy verdict's other reading, as the Goodhart verdict words it.
_LIGHT_INSTEAD = "A KL budget limits how far optimisation can push this reward."
#: An uncertain verdict with at least this P(heavy) is said not to rule a heavy tail out.
HEAVY_NOT_RULED_OUT = 0.2


#: A hyphen-minus that signs a number: at the start, or after a space, "(", "[" or "="
#: (not after a letter, a digit, a dot or a quote: "t-test", "10-20", e-notation, "/-1/").
_SIGN = re.compile(r"(?:(?<=[\s(\[=])|^)-(?=[\d.]*\d|∞)")
#: A name as repr() quotes it (the group's, a column's): left as written. Its quotes stand
#: apart from letters, unlike an apostrophe ("today's ... model's" is no quoted name).
_QUOTED = re.compile(r"(?<!\w)(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")(?!\w)")


def true_minus(text: Any) -> str:
    """``text`` with the hyphen-minus before a number made a minus sign, as the report's
    own numbers have it: verdicts written by explain() and the Goodhart summary (plain text
    for terminals too) read "ξ = -0.65" beside "ξ = −0.65 [−0.71, −0.59]" (a review). Quoted
    names (``'lr -3'``: a group's, as explain() writes it) are left as written (a review)."""
    text = str(text)
    out, at = [], 0
    for m in _QUOTED.finditer(text):
        out += [_SIGN.sub("−", text[at:m.start()]), m.group(0)]
        at = m.end()
    return "".join([*out, _SIGN.sub("−", text[at:])])


def short_label(c: TailClassification) -> str:
    """``Heavy-tailed``, or ``Uncertain — leaning light`` when the verdict is not confident."""
    if c.confident:
        return HEADLINES[c.label]
    return f"Uncertain — leaning {c.label}"


def headline(c: TailClassification) -> str:
    """E.g. ``Heavy-tailed (power law, ξ = 0.42 [0.31, 0.55]); P(heavy) = 0.98.``, or
    ``Uncertain — leaning light (...); P(light) = 0.66.`` below the confidence level."""
    xi = (f", ξ = {estimate(c.xi, c.xi_ci.low, c.xi_ci.high)} {ci(c.xi_ci.low, c.xi_ci.high)}"
          if "ξ" in c.estimable()
          else ", ξ not estimable")
    return (f"{short_label(c)} ({subtype_words(c)}{xi}); "
            f"P({c.label}) = {prob(c.probability, c.confident)}.")


def subtype_words(c: TailClassification) -> str:
    """The subtype in words; a subexponential tail whose ξ interval lies well above 0 is
    said to be as heavy as a power law at the observed scores, one whose interval lies above
    0 to be lognormal-like or a power law; a lighter-than-exponential subtype beside a θ
    interval above 1 is not named."""
    if c.power_law_like:
        return "subexponential, as heavy as a power law at these scores"
    if c.power_law_possible:
        return "subexponential: lognormal-like, or a power law"
    if c.subtype_in_doubt and c.subtype == "power-law":
        return "which heavy tail is not settled: ξ not above 0"
    if c.subtype_in_doubt:
        return "how light is not settled: θ above 1"
    split = subtype_split(c)
    if split is not None:  # as explain() says it (levels.subtype_split: 60%, 80% exp.)
        return " or ".join(f"{SUBTYPE_WORDS[s].split(',')[0]} {p:.0%}" for s, p in split.items())
    return SUBTYPE_WORDS[c.subtype]


def _runner_up(c: TailClassification) -> tuple[str, float]:
    """The most probable label other than the verdict's, and its probability."""
    p, label = max((v, k) for k, v in c.probabilities.items() if k != c.label)
    return label, p


def certainty(c: TailClassification) -> str:
    """A sentence on how sure the classification is."""
    p = c.probability
    runner = _runner_up(c)[::-1]
    if p >= 0.95 and any(LONE_MAXIMUM in w for w in c.warnings):
        # (the note beside it says the verdict rests on one score: not "clear", a re-read)
        return f"P({c.label}) = {prob(p)}, resting on the largest score."
    if p >= 0.95:
        return f"The evidence is clear: P({c.label}) = {prob(p)}."
    if p >= 0.8:
        return (f"The evidence favours {c.label} (P = {prob(p)}), but {runner[1]} is not "
                f"ruled out (P = {prob(runner[0])}).")
    # the explanation beside it (explain()) says what would settle it, in words that fit
    # the case (more data, the largest scores, or noise for coarse scores): a "More samples
    # would settle it." here repeated it, or contradicted it (a review)
    return (f"The evidence is not conclusive: P({c.label}) = {prob(p, c.confident)} against "
            f"P({runner[1]}) = {prob(runner[0])}, so the verdict is shown as uncertain.")


def goodhart_provisional(g: Any) -> str:
    """The caveat of a Goodhart verdict whose tail model is not sure whether the tail is
    heavy, or whose label the fits dispute (``""`` when neither, or without a tail model).
    The verdict turns on heavy or not (a KL penalty works for light and bounded tails
    alike), so the split is P(heavy)."""
    model = g.tail
    p = float(model.p_heavy)
    if not g.provisional:
        return ""
    other = "light (or bounded)" if model.label == "heavy" else "heavy"
    # as the verdict beside it: a light tail may be exponential-type, which a KL budget
    # limits but a weak KL penalty does not (it said "a KL penalty limits ...")
    then = _LIGHT_INSTEAD if model.label == "heavy" else CONSEQUENCE["heavy"]
    # not for scores on too few levels or a repeated maximum, where more samples do not
    more = (" More samples would settle it."
            if model.settings.get("more_samples_settle", True) else "")
    why = (f"the tail model behind this is not sure whether the tail is heavy (P(heavy) = "
           f"{prob(p)})" if not model.disputed else
           f"the tail model behind this calls the tail {model.label} (P(heavy) = {prob(p)}), "
           f"but {model.disputed}")
    return (f"Provisional: {why}. If it is {other} instead, the conclusion changes: "
            f"{then[0].lower()}{then[1:]}{more}")


def consequence_words(c: TailClassification) -> str:
    """:data:`CONSEQUENCE` of a verdict, by the rule :meth:`TailClassification.explain`
    follows (:func:`~tailstat.classification.levels.penalty_case`)."""
    case = penalty_case(c)
    if case == "maybe-exponential":
        return ("A KL budget limits how far optimisation can push this reward; a KL penalty "
                "does too unless the tail is exponential-type (a "
                f"{100 * exponential_share(c):.0f}% share of P(light)), when it does only "
                "with a coefficient above the tail's scale (an exponential tail's mean excess).")
    return CONSEQUENCE[case]


def sign_caveat(c: TailClassification) -> str:
    """A sentence when ξ's interval seems to contradict the label (penultimate behaviour)."""
    lo, hi = float(c.xi_ci.low), float(c.xi_ci.high)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return ""
    if c.label in ("light", "bounded") and lo > 0:
        side = "above"
    elif c.label in ("heavy", "light") and hi < 0:
        side = "below"
    else:
        return ""
    return (f"ξ's interval lies {side} 0, yet the verdict is {c.label}: at this sample size "
            f"{c.label} tails often show ξ {side} 0 (penultimate behaviour), so the classifier "
            "compares all its estimates with reference tails at the same n instead of reading "
            "the sign of ξ.")


def verdict(c: TailClassification, err: TailClassification | None = None, *,
            moves_with_gold: bool = False, not_catastrophic: str | None = None
            ) -> dict[str, str]:
    """Headline with the numbers, the classifier's explanation, how sure it is, and a note
    when the error against gold is heavy although the reward does not look heavy, light
    although the reward is heavy, heavy but moving with gold (``moves_with_gold``:
    :func:`tailstat.goodhart.gold.error_moves_with_gold`), or heavy but not the
    catastrophic case for another reason (``not_catastrophic``: the clause of
    :func:`tailstat.goodhart.gold.error_not_catastrophic`)."""
    note = ""
    if not_catastrophic and err is not None and err.label == "heavy":
        note = (f"Its error against gold is heavy-tailed (P(heavy) = {prob(err.probability)}), "
                f"but {not_catastrophic}. See “Error of the reward against gold” below.")
    elif moves_with_gold and err is not None and err.label == "heavy" and c.label == "heavy":
        # the consequence above is the scores' alone; gold reads it otherwise (a review: the
        # headline said "catastrophic Goodhart is possible" above a Goodhart verdict saying
        # the reward stretches true utility)
        note = ("But its error against gold, though heavy-tailed, moves with gold: its largest "
                "values come with the largest gold scores, gold's own tail is heavy, and "
                "best-of-n's gains in gold track the reward's, so the reward stretches a "
                "heavy-tailed true utility. Catastrophic Goodhart, which needs a true utility "
                "whose tail falls behind the error's, is not what the gold scores show. See "
                "“Error of the reward against gold” below.")
    elif err is not None and err.label == "heavy" and c.label != "heavy":
        what = ("heavy-tailed" if err.confident
                else "uncertain, leaning towards a heavy tail")
        note = (f"But its error against gold is {what} (P(heavy) = "
                f"{prob(err.probability, err.confident)}): at this sample size the light-tailed "
                "true utility "
                "hides the error's heavy tail in the reward's own scores. The theory applies to "
                "the error: see “Error of the reward against gold” below.")
    elif (err is not None and err.confident and err.label != "heavy"
          and c.label == "heavy" and c.confident):
        note = (f"But its error against gold is not heavy-tailed ({err.label}, P(heavy) = "
                f"{prob(err.probabilities['heavy'])}): the heavy tail is the true utility's, so "
                "catastrophic Goodhart, which needs a heavy-tailed error, is not expected here; "
                "optimisation that chases the extreme scores raises true utility too. See "
                "“Error of the reward against gold” below.")
    return {"headline": headline(c), "consequence": consequence_words(c),
            "certainty": certainty(c), "explain": c.explain(), "note": note,
            "caveat": sign_caveat(c)}


def dependence_text(err: TailClassification | None, chi_row: dict[str, float] | None,
                    below: dict[str, float] | None = None, *,
                    moves_with_gold: bool = False, other_scale: bool = False,
                    maybe_with_gold: tuple[float, float] | None = None,
                    not_catastrophic: str | None = None) -> str:
    """What the error's tail and its dependence with the gold score mean for optimisation.

    ``below``: a level whose χ interval lies below independence (``u``, ``chi``), if any:
    large errors then come with low gold scores. ``moves_with_gold``: the Goodhart summary
    reads a heavy error as the reward stretching true utility
    (:func:`tailstat.goodhart.gold.error_moves_with_gold`). ``other_scale``: the gold
    scores are on another scale than the rewards, so the error mixes two units: its label is
    given as a reading, and nothing is concluded from it (as in the verdict and the table).
    ``maybe_with_gold``: ``(u, χ(u))`` of the error with gold when no Goodhart summary was
    made (:func:`tailstat.goodhart.gold.error_chi`): a heavy error whose χ reaches
    ``ERROR_WITH_GOLD_CHI`` is then said to be undecided between the two cases.
    ``not_catastrophic``: the Goodhart summary's clause saying why a heavy error is not the
    catastrophic case (:func:`tailstat.goodhart.gold.error_not_catastrophic`).
    """
    parts: list[str] = []
    # (no "ξ = –" of a saturated error, whose ξ is not estimated: review 432)
    err_xi = f", ξ = {fmt(err.xi)}" if err is not None and math.isfinite(err.xi) else ""
    if err is not None and other_scale:
        parts.append(f"The error (reward − gold) reads {err.label} "
                     f"(P({err.label}) = {prob(err.probability, False)}), but the gold scores "
                     "are on another scale than the rewards, so the error mixes two units and "
                     "its tail says little about the reward model: nothing is concluded from "
                     "it (see the note below).")
    elif err is not None and err.confident:
        parts.append(f"The error (reward − gold) is {err.label}-tailed "
                     f"(P({err.label}) = {prob(err.probability)}{err_xi}).")
    elif err is not None:
        runner, p_runner = _runner_up(err)
        parts.append(f"The error (reward − gold) is uncertain — leaning {err.label} "
                     f"(P({err.label}) = {prob(err.probability, False)} against P({runner}) = "
                     f"{prob(p_runner)}{err_xi}).")
    dependent = False
    if chi_row is not None and (not math.isfinite(chi_row["chi"])
                                or chi_row.get("n_exceed", MIN_CHI_EXCEED) < MIN_CHI_EXCEED):
        parts.append("Too few errors lie in the upper tail to estimate χ, the tail dependence "
                     "of error and gold: more gold labels would show it.")
    elif chi_row is not None:
        u, chi, lo, hi = (chi_row["u"], chi_row["chi"], chi_row["ci_low"], chi_row["ci_high"])
        indep = float(chi_row.get("independence", 1 - u))  # m / n: 1 - u up to rounding
        dependent = _more_than_independence(chi_row)
        parts.append(
            f"Among the {1 - u:.0%} largest errors, {fmt(100 * chi, 1)}% also have a gold score "
            f"in its top {1 - u:.0%} (χ({u:g}) = {fmt(chi)} {ci(lo, hi)}; "
            f"{fmt(indep)} if error and gold were independent)"
            + (": more than independence gives, so their extremes may be dependent."
               if dependent else ", consistent with independence"
               + (" at this level." if below is not None else ".")))
        cap = float(chi_row.get("chi_max", 1.0))
        if math.isfinite(cap) and cap < 0.995:  # a discrete score: its top level is wide
            parts.append(f"The scores' ties (a discrete scale) allow at most χ({u:g}) = "
                         f"{fmt(cap)} here, even if error and gold moved together: read χ "
                         "against that, not against 1.")
        if below is not None:
            parts.append(
                f"At u = {below['u']:g}, though, χ = {fmt(below['chi'], 3)} against "
                f"{fmt(below.get('independence', 1 - below['u']))} if independent: the "
                "largest errors avoid the highest "
                "gold scores, as when the reward stops rising (a ceiling) where gold goes on, "
                "when the gold scores are on another scale than the reward, or when the reward "
                "model scores its worst responses highest.")
    if err is None or other_scale:
        return " ".join(parts)
    if not err.confident and err.probabilities["heavy"] >= HEAVY_NOT_RULED_OUT:
        parts.append("A heavy tail is not ruled out, and a heavy-tailed error is the "
                     "catastrophic-Goodhart case (optimisation can buy large reward at almost no "
                     "KL cost with no gain in true utility): do not count on the KL penalty "
                     "until more gold labels settle it.")
    elif err.label == "heavy" and not_catastrophic:
        parts.append(f"The error is heavy-tailed, but {not_catastrophic}.")
    elif err.label == "heavy" and moves_with_gold:
        parts.append("The error is heavy-tailed, but its largest values come with the largest "
                     "gold scores, gold's own tail is heavy, and best-of-n's gains track the "
                     "gold score (see 'What optimisation would do'): the reward stretches true "
                     "utility rather than adding an error whose tail outruns it, which "
                     "catastrophic Goodhart needs (a reading of the sample: an error somewhat "
                     "heavier than gold, which would still be that case, these estimates cannot "
                     "tell apart).")
    elif (err.label == "heavy" and maybe_with_gold is not None
          and maybe_with_gold[1] >= ERROR_WITH_GOLD_CHI):
        parts.append(f"The error is heavy-tailed, but its largest values come with large gold "
                     f"scores (χ({maybe_with_gold[0]:g}) = {fmt(maybe_with_gold[1])}): it may "
                     "be the reward stretching a heavy-tailed true utility rather than the "
                     "catastrophic case, which it is all the same if gold's own tail is light. "
                     "The Goodhart summary (analyze(..., goodhart=True), the CLI's --goodhart) "
                     "reads gold's tail and weighs best-of-n's gains in gold to tell the two "
                     "apart.")
    elif err.label == "heavy":
        parts.append("A heavy-tailed error is the catastrophic-Goodhart case: if the true "
                     "utility is light-tailed, or heavy with a tail far behind the error's, "
                     "optimising this reward (with a KL penalty or by best-of-n) can buy large "
                     "reward at almost no KL cost with no gain in true utility.")
    elif not dependent and penalty_case(err) == "exponential-type":
        # the capped gain of docs/science.md §2.3 (a review: "the theory's good case ... do
        # raise it" beside a Goodhart verdict saying the gain stops near the error's scale)
        parts.append("An exponential-type error (the boundary case of a light tail), "
                     "independent of the true utility, is the mild-Goodhart case: optimisation "
                     "raises the true utility, but only up to a cap set by the error's scale, "
                     "however far it pushes the reward (and a KL penalty has an optimum only "
                     "with a coefficient above that scale).")
    elif not dependent and penalty_case(err) == "maybe-exponential":
        parts.append("An error with a light tail, independent of the true utility, is the "
                     "theory's good case if it is lighter than exponential: if the true utility "
                     "is light-tailed too, KL-regularised optimisation and best-of-n do raise "
                     "it. If the error is exponential-type (a "
                     f"{100 * exponential_share(err):.0f}% share of P(light)), the gain in true "
                     "utility stops at a cap set by the error's scale (mild Goodhart).")
    elif not dependent:
        parts.append("An error with a light (or bounded) tail, independent of the true "
                     "utility, is the theory's good case: if the true utility is light-tailed "
                     "too, KL-regularised optimisation and best-of-n do raise it.")
    else:
        parts.append("The error is light, but the theory's good case also needs it to be "
                     "independent of the true utility in the tail, which is in doubt here; "
                     "treat optimisation gains with care.")
    return " ".join(parts)


def _more_than_independence(chi_row: dict[str, float]) -> bool:
    """Whether the errors above ``u`` share more of gold's top than independence allows, by
    the exact one-sided test at 2.5% (the 95% interval's side): under independence of the
    ranks the count of joint exceedances of the top ``m`` of ``n`` is hypergeometric. (A
    review: the interval's lower bound above ``m / n`` said so for 6 in 100 independent
    pairs, the modified Wilson bound being anti-conservative at counts of 4 to 6.)"""
    indep = float(chi_row.get("independence", 1 - chi_row["u"]))  # m / n
    m, chi, lo = int(chi_row.get("n_exceed", 0)), chi_row["chi"], chi_row["ci_low"]
    if not (m > 0 and indep > 0 and math.isfinite(chi)):  # no count: the interval decides
        return bool(math.isfinite(lo) and lo > indep)
    from scipy.stats import hypergeom

    n = round(m / indep)
    count = math.floor(chi * m + 1e-9)  # tied ranks shared out: the whole part, conservative
    return bool(count > 0 and hypergeom.sf(count - 1, n, m, m) < 0.025)


def _grouped(text: str) -> str:
    """A level as :func:`sig` writes it, in the verdict's style: thousands separated and no
    exponent below 10^15 (review 386: one block read "996226", "2.968e+05" and "721,852")."""
    try:
        v = float(text.replace("−", "-"))
    except ValueError:
        return text
    if not 1e4 <= abs(v) < 1e15:
        return text
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return f"{v:,.{decimals}f}".replace("-", "−")


def _lvl(v: Any, scale: Any = None) -> str:
    """:func:`sig` of a reward level in the Goodhart lines, grouped as the verdict's; a level
    nearer 0 than ``scale`` with two significant digits, the further ones noise at that spread
    (review 432: "mean true utility 1.31 (today −0.01612)")."""
    f, s = float(v) if v is not None else math.nan, float(scale or math.nan)
    if math.isfinite(f) and 0 < abs(f) < s:
        return _grouped(sig(f, digits=2))
    return _grouped(sig(v, scale=scale))


def _sample_max(g: Any) -> str:
    """The sample maximum; beside a model with an end point, with the digits the end point is
    written with (the verdict's), so that the maximum never reads past it ("the scores end at
    0.999968" beside "the sample reaches 1": a review)."""
    mx, end = g.sample_stops.get("sample_max"), g.tail.endpoint
    if mx is None or not (math.isfinite(float(mx)) and math.isfinite(end)):
        return _grouped(sig(mx, scale=g.sd))
    return _grouped(significant(float(mx), resolved_digits(end, end_resolution(g.tail))))


def _tail_model_shape(model: Any) -> str:
    """The tail model's GPD shape, and why it may differ from the evidence table's ξ (its
    threshold comes from goodness-of-fit tests, the table's from the classifier's k)."""
    xi_fit, xi = float(model.xi_fit), float(model.xi)
    if not math.isfinite(xi_fit):
        return ""
    text = f" Its GPD has ξ = {fmt(xi_fit)}"
    if model.label == "heavy" and xi_fit <= 0:  # "heavy" beside ξ = -0.01 read as a slip
        text += (" although the classifier reads the tail as heavy (lognormal-like tails "
                 "have ξ = 0, and a small sample's GPD can miss a heavy tail): the costs "
                 "read from this GPD are upper bounds")
    if xi != xi_fit:
        text += f", used as ξ = {fmt(xi)} (a {model.label} tail has no power-law part)"
    ref = model.settings.get("classifier_xi")
    searched = "ForwardStop" in str(model.settings.get("threshold_method", ""))
    known = ref is not None and len(ref) == 3 and all(math.isfinite(float(r)) for r in ref)
    if searched and known and ref[1] <= xi_fit <= ref[2] and fmt(ref[0]) != fmt(xi_fit):
        # (review 432: "ξ = −0.68" here beside the verdict's −0.65, unexplained)
        text += (f" (fitted above its own threshold, within the classifier's {fmt(ref[0])} "
                 f"{ci(ref[1], ref[2])})")
    if (searched and known and not ref[1] <= xi_fit <= ref[2]):
        rejected = model.fit_rejected
        where = ("the highest candidate of a goodness-of-fit search that rejected a GPD at "
                 "every one" if rejected else
                 "the lowest at which goodness-of-fit tests accept a GPD")
        text += (f"; its threshold is {where}, "
                 f"not the classifier's, so ξ differs from the classifier's "
                 f"{fmt(ref[0])} {ci(ref[1], ref[2])}: the tail's shape changes with depth")
    return text + "."


def goodhart_details(g: Any) -> list[str]:
    """Plain-words lines under the Goodhart verdict: where the sample stops, best-of-n.

    Parameters
    ----------
    g : GoodhartSummary

    Returns
    -------
    list of str
    """
    stops = g.sample_stops
    out = [g.settings["gold_note"]] if g.settings.get("gold_note") else []
    # where the model's values are used (not merely where the sample's reach ends: a light
    # tail's model can stay below the sample's own best-of-n at every size shown)
    n_stop = stops.get("bon_model_n", stops.get("bon_n"))
    reach = stops.get("bon_reach")
    within = stops.get("bon_n") is None and reach is not None  # no size past the reach
    where = (f"best-of-n from n = {int(n_stop):,}" if n_stop is not None else
             # (not "the sample's own stays above it": the model was never asked)
             f"no best-of-n size shown (every size shown is within the sample's reach, n ≤ "
             f"{float(reach):,.0f})" if within else
             "no best-of-n size shown (the sample's own best-of-n stays above it)")
    tsd = stops.get("frontier_target_sd")
    fr = (f", frontier targets from {tsd:g} sd up" if tsd is not None else "")
    if g.tail.settings.get("saturated"):
        # (with a GPD fitted below the ceiling too: it read "the fitted light tail model ...
        # takes over for no best-of-n size shown (every size ... n <= 500)" beside best-of-
        # 1,024, though no number used it; a review)
        out.append("No tail model is needed: the scores' repeated maximum "
                   f"({_lvl(stops.get('sample_max'), scale=g.sd)}) is their ceiling, and every "
                   "number reads the sample's own law.")
    elif g.tail.empirical:
        why = (f" ({g.tail.n:,} values are too few for one: its threshold is chosen among "
               "candidates that each leave 30 values above them)"
               if g.tail.settings.get("why") == "too few values" else "")
        out.append(f"No tail model{why}: every number stops at the sample maximum "
                   f"({_lvl(stops.get('sample_max'), scale=g.sd)}).")
    else:
        rough = (f" (fitted to the top {g.tail.n_exceed} values only: {g.tail.n:,} are too few "
                 "for the automatic threshold, so its numbers are rough)"
                 if g.tail.settings.get("why") == "too few values: fast threshold" else "")
        out.append(f"The sample reaches {_sample_max(g)}; above "
                   f"{_lvl(stops.get('threshold'), scale=g.sd)} the fitted {g.label} tail "
                   f"model{rough} describes the scores, and it takes over for {where}{fr}."
                   + _tail_model_shape(g.tail))
    bon = g.best_of_n
    # the size the verdict's gold comparison names (so that both lines speak of one n)
    n_show = int(g.settings.get("verdict_n") or 1024)
    row = bon.loc[bon["n"] == n_show]
    if len(row):
        r = row.iloc[0]
        u, own = float(r["u"]), float(r["u_sample"]) if "u_sample" in r else math.nan
        kl = float(r["kl"])
        kl_own = float(policy_kl(bon, g.tail)[list(bon["n"]).index(n_show)])
        if kl_own < kl and fmt(kl_own) != fmt(kl):  # ("5.92 ... less than the 5.93")
            # scores on few levels (binary, ratings) or saturated: log n - (n - 1)/n, the KL
            # of continuous scores, is an upper bound; the sample's own law gives it (a
            # review: "KL 5.93" for binary rewards whose best-of-1,024 costs 1.2 nats)
            kl_text = (f"KL {fmt(kl_own)} nats on the scores' own law, whose "
                       f"ties make it less than the {fmt(kl)} of continuous scores")
        else:
            kl_text = f"KL {fmt(kl)} nats"
        head = f"Best-of-{n_show:,} ({kl_text}): mean reward "

        def sd_above(value: float) -> str:
            return fmt((value - g.mean) / g.sd if g.sd > 0 else math.nan)

        if math.isnan(u) and math.isfinite(own):  # xi >= 1: the model's mean is infinite
            text = head + (f"unbounded under the tail model (ξ ≥ 1: no finite mean); the "
                           f"sample's own reaches {_lvl(own, scale=g.sd)}, {sd_above(own)} sd "
                           "above today's, a lower bound")
        elif math.isfinite(own) and abs(own - u) > 1e-9 * max(1.0, abs(u)):
            # the model's value beside the sample's, each named: the line read as one number
            # beside the gold comparison's other (a review). Past the reach a power-law model
            # below the plug-in there leaves that plug-in standing: not the model's number
            reach = bon.attrs.get("reach_n")
            how = (f"the sample's best-of-{int(reach):,}, kept where the tail model's "
                   f"{_lvl(float(r['u_model']), scale=g.sd)} falls below it"
                   if str(r.get("source")) == "sample at reach" and reach
                   and "u_model" in r else "under the fitted tail model")
            text = head + (f"{_lvl(u, scale=g.sd)} ({sd_above(u)} sd above today's), {how}; "
                           f"{_lvl(own, scale=g.sd)} in the sample's own scores "
                           f"({sd_above(own)} sd)")
        else:
            text = head + f"{_lvl(u, scale=g.sd)}, {sd_above(u)} sd above today's"
        if "v" in bon and math.isfinite(float(r["v"])):
            v0 = float(bon["v"].iloc[0])
            v1 = float(r["v"])  # to the resolution of its gain (gold near 10^6 too)
            text += (f"; mean true utility {_lvl(v1, scale=abs(v1 - v0))} "
                     f"(today {_lvl(v0, scale=abs(v1 - v0))})")
        out.append(text + ".")
    gold = g.gold
    if gold is not None and int(gold.get("n") or 0) != n_show:
        # the gold comparison's own best-of-n (on the rows with a gold score): the size the
        # verdict names, which the line above (the reward on all rows) does not show
        out.append(f"On the {int(gold.get('pairs') or 0):,} rows with a gold score, "
                   f"best-of-{int(gold['n']):,}: reward {fmt(gold.get('u_gain_sd'))} sd and "
                   f"true utility {fmt(gold.get('v_gain_sd'))} sd above their means.")
    ref = g.tail.settings.get("classifier_xi") or [math.nan] * 3
    if g.tail.xi_fit >= 0.5 or (len(ref) == 3 and float(ref[2]) >= 0.5):
        # sd units beside a tail that may have no variance (t(2): "11.16 sd" with nothing
        # said; a review)
        out.append("The unit, the sample's sd, may not settle: ξ may be 1/2 or more (the "
                   f"classifier's interval reaches {fmt(float(ref[2]))}; the tail model's GPD "
                   f"has ξ = {fmt(g.tail.xi_fit)}), and then the scores' variance is infinite "
                   "and their sd grows with the sample; the gains in reward units stand.")
    return out
