"""The overview of an analysis in plain words (:meth:`tailstat.TailAnalysis.explain`): the
confidently heavy groups by name and whether the false-discovery rule flags them, the
leaning ones, light and bounded counts, the groups whose error against gold is heavy (or
light under a heavy reward), failures and small samples."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING

from tailstat._display import quoted
from tailstat.analysis_gold import CONSTANT_ERROR
from tailstat.analysis_goodhart import MIN_GOLD_ROWS
from tailstat.classification import CONFIDENT, SMALL_N, TailClassification
from tailstat.classification.levels import shown_probability
from tailstat.goodhart.gold import (
    ERROR_WITH_GOLD_CHI,
    error_chi,
    error_moves_with_gold,
    error_not_catastrophic,
)

if TYPE_CHECKING:
    from tailstat.analysis import TailAnalysis

__all__ = ["EXPLAIN_NAMES", "overview", "real_chance_of_heavy"]


#: Groups named per kind in :meth:`TailAnalysis.explain` before "and N more".
EXPLAIN_NAMES = 6


def real_chance_of_heavy(c: TailClassification) -> bool:
    """Whether a group not called heavy still has a real chance of a heavy tail (P(heavy) of
    at least ``1 - CONFIDENT``) or a depth of the tail that reads heavy: what :func:`overview`
    and the report name, as a KL penalty protects it only if the tail is in fact light."""
    return c.label != "heavy" and (c.probabilities["heavy"] >= 1.0 - CONFIDENT
                                   or c.pattern in ("heavy-top", "cut-off"))


def _names(items: list[tuple[Hashable, float]], label: str, confident: bool = True) -> str:
    """``'a' (P(heavy) = 0.96), 'b' (0.95) and 3 more`` (an uncertain verdict's 0.797 as
    0.79, not the confident level's 0.80)."""
    shown = [f"{quoted(k)} ({'P(' + label + ') = ' if i == 0 else ''}"
             f"{shown_probability(p, confident)})"
             for i, (k, p) in enumerate(items[:EXPLAIN_NAMES])]
    more = f" and {len(items) - EXPLAIN_NAMES} more" if len(items) > EXPLAIN_NAMES else ""
    return ", ".join(shown) + more


def _gold_short(a: TailAnalysis, read: set[Hashable]) -> list[str]:
    """The sentence on errors read on fewer rows than their rewards, gold being missing on
    the rest (a review: only the table's n_gold said so): empty when none is."""
    if "n_gold" not in a.table.columns:
        return []
    short = [(k, int(g), int(n)) for k, g, n in zip(a.table["group"], a.table["n_gold"],
                                                    a.table["n"], strict=True)
             if k in read and g == g and n == n and g < n]  # (NaN for failed groups)
    if not short:
        return []
    if len(short) == 1:
        k, g, n = short[0]
        return [f"The error (reward − gold) of {quoted(k)} is read on the {g:,} of its {n:,} "
                f"rewards that have a gold score ({g / n:.0%}); its reward's verdict on all "
                f"of them."]
    shown = ", ".join(f"{quoted(k)} ({g:,} of {n:,})" for k, g, n in short[:EXPLAIN_NAMES])
    more = f" and {len(short) - EXPLAIN_NAMES} more" if len(short) > EXPLAIN_NAMES else ""
    return [f"The error (reward − gold) is read on the rows with a gold score only, fewer "
            f"than the rewards in {len(short)} groups: {shown}{more}; their rewards' verdicts "
            "on all rows."]


def overview(a: TailAnalysis) -> str:
    """The analysis in a few sentences: :meth:`TailAnalysis.explain`."""
    n_groups = len(a.table)
    failed = list(a.failures)
    more_failed = (f" and {len(failed) - EXPLAIN_NAMES} more" if len(failed) > EXPLAIN_NAMES
                   else "")
    out = [f"{n_groups} group{'s' if n_groups != 1 else ''}"
           + (f", of which {len(failed)} could not be analysed "
              f"({', '.join(quoted(k) for k in failed[:EXPLAIN_NAMES])}{more_failed})"
              if failed else "") + "."]
    fdr = float(a.settings.get("fdr", 0.05))
    # gold on another scale (the analysis' gold_note): no sentence concludes from the error
    notes = (dict(zip(a.table["group"], a.table["gold_note"], strict=True))
             if "gold_note" in a.table.columns else {})
    off = {k for k, v in notes.items() if isinstance(v, str) and "another scale" in v}
    errors = {k: e for k, e in a.error_classifications.items() if k not in off}
    by_kind: dict[tuple[str, bool], list[tuple[Hashable, float]]] = {}
    for key, c in a.classifications.items():
        by_kind.setdefault((c.label, c.confident), []).append((key, c.probability))
    for items in by_kind.values():
        items.sort(key=lambda kp: -kp[1])
    heavy = by_kind.get(("heavy", True), [])
    if heavy:
        unflagged = len(a.heavy_unflagged())
        flagged = len(heavy) - unflagged
        why = ("among this many groups the evidence is not strong enough for the flag: "
               "light tails of this size score as high often enough")
        out.append(f"Heavy-tailed with confidence: {_names(heavy, 'heavy')}; "
                   + (f"{flagged} flagged" if flagged else "none flagged")
                   + f" at a {100 * fdr:g}% false-discovery rate"
                   + ((f" ({unflagged} not: " if flagged else " (")
                      + why
                      + (", though on its own the group is called heavy)" if unflagged == 1
                         else ", though on its own each is called heavy)")
                      if unflagged else "")
                   + ". A KL penalty does not protect against a heavy-tailed reward.")
        real = [(k, errors[k].probabilities["heavy"]) for k, _ in heavy
                if k in errors and errors[k].confident and errors[k].label != "heavy"]
        if real:
            out.append(f"The error (reward − gold) is light-tailed in {_names(real, 'heavy error')}"
                       ": there the heavy tail is the true utility's, and what optimisation "
                       "gains is real.")
    elif not a.classifications:
        # (a review: "No group is heavy-tailed with confidence" read as reassurance when no
        # group had been classified at all)
        out.append("No group could be classified, so nothing is concluded about any tail.")
    else:
        out.append("No group is heavy-tailed with confidence.")
    # the flags counted in repr() (and tripping --fail-on heavy --fdr) are said wherever they
    # fall: a group leaning heavy, or one called light or bounded whose score still stands out
    flags = dict(zip(a.table["group"], a.table["heavy_flag"], strict=True)) \
        if "heavy_flag" in a.table.columns else {}
    leaning = by_kind.get(("heavy", False), [])
    if leaning:
        n_flag = sum(1 for k, _ in leaning if bool(flags.get(k, False)))  # classified: a bool
        out.append(f"Leaning heavy, uncertain: {_names(leaning, 'heavy', confident=False)}"
                   + (f"; {n_flag} flagged at a {100 * fdr:g}% false-discovery rate" if n_flag
                      else "") + ".")
    for label, words in (("light", "Light"), ("bounded", "Bounded")):
        sure, lean = by_kind.get((label, True), []), by_kind.get((label, False), [])
        if sure or lean:
            out.append(f"{words}: {len(sure) + len(lean)} group"
                       f"{'s' if len(sure) + len(lean) != 1 else ''} ({len(sure)} with "
                       f"confidence, {len(lean)} leaning).")
    other = sorted(((k, c.probabilities["heavy"]) for k, c in a.classifications.items()
                    if c.label != "heavy" and bool(flags.get(k, False))), key=lambda kp: -kp[1])
    if other:
        out.append(f"Flagged heavy at a {100 * fdr:g}% false-discovery rate, though not called "
                   f"heavy: {_names(other, 'heavy')}; the flag tests the heavy score against "
                   "light tails of the same size, and these score above them: read the "
                   "largest scores before trusting a KL penalty.")
    # not heavy, but a real chance of it, or a depth that reads heavy: named, never only counted
    doubt = sorted(((k, c.probabilities["heavy"]) for k, c in a.classifications.items()
                    if real_chance_of_heavy(c)), key=lambda kp: -kp[1])
    if doubt:
        out.append(f"Not called heavy, but with a real chance of it or a depth of the tail that "
                   f"reads heavy: "
                   f"{_names(doubt, 'heavy')}; a KL penalty protects these only if the tail "
                   "is in fact light.")
    if errors:
        heavy_errs = sorted(((k, e.probability) for k, e in errors.items()
                             if e.label == "heavy" and e.confident), key=lambda kp: -kp[1])
        # a heavy error whose extremes are gold's, with best-of-n gains in line, is the reward
        # stretching true utility (the Goodhart summary's reading), not the catastrophic case
        moving = [(k, p) for k, p in heavy_errs if k in a.goodhart
                  and error_moves_with_gold(a.goodhart[k].gold)]
        # the groups whose Goodhart summary compared gold (one with too few gold rows has a
        # summary without it, which read nothing of gold's tail: review 388)
        compared = {k for k, _ in heavy_errs if k in a.goodhart
                    and a.goodhart[k].gold is not None}
        # without the Goodhart summary (goodhart=False) only χ is read: a heavy error whose
        # extremes come with gold's may be either case (a review: χ = 0.97 in the table beside
        # "the catastrophic-Goodhart case", which goodhart=True called the reward stretching
        # true utility); said as undecided, not as either
        chis = {k: error_chi(a.dependence.get(k)) for k, _ in heavy_errs
                if k not in compared}
        maybe = [(k, p) for k, p in heavy_errs if (chis.get(k) or (0.0, 0.0))[1]
                 >= ERROR_WITH_GOLD_CHI]
        # or not the catastrophic case for another reason (its largest values at the bottom
        # of the reward, or a heavy gold score): said with the Goodhart summary's reason
        why_not = {k: error_not_catastrophic(a.goodhart[k].gold) for k, _ in heavy_errs
                   if k in a.goodhart}
        apart = [(k, p) for k, p in heavy_errs if why_not.get(k)]
        errs = [kp for kp in heavy_errs if kp not in moving and kp not in maybe
                and kp not in apart]
        for k, p in apart[:EXPLAIN_NAMES]:
            out.append(f"The error (reward − gold) is heavy-tailed with confidence in "
                       f"{_names([(k, p)], 'heavy')}, but {why_not[k]}.")
        if len(apart) > EXPLAIN_NAMES:
            out.append(f"So are {len(apart) - EXPLAIN_NAMES} more groups' errors, each for "
                       "one of these reasons (the Goodhart summaries' verdicts say which).")
        if maybe:
            u, chi = chis[maybe[0][0]] or (math.nan, math.nan)
            out.append(f"The error (reward − gold) is heavy-tailed with confidence in "
                       f"{_names(maybe, 'heavy')}, but its largest values come with large gold "
                       f"scores (χ({u:g}) = {chi:.2f}"
                       + (" for the first named" if len(maybe) > 1 else "")
                       + "): it may be the reward stretching true utility rather than the "
                       "catastrophic-Goodhart case, which it is all the same if gold's own "
                       "tail is light; analyze(..., goodhart=True) (the CLI's --goodhart) "
                       "reads gold's tail and weighs best-of-n's gains in gold to tell them "
                       "apart.")
        # without a Goodhart summary neither gold's own tail nor where the errors sit is
        # read: said as the condition it is (a review: the same data read "the
        # catastrophic-Goodhart case" without it, and were cleared with it)
        firm = [kp for kp in errs if kp[0] in compared]
        open_ = [kp for kp in errs if kp[0] not in compared]
        if firm:
            out.append(f"The error (reward − gold) is heavy-tailed with confidence in "
                       f"{_names(firm, 'heavy')}: the catastrophic-Goodhart case.")
        if open_:
            ran = all(k in a.goodhart for k, _ in open_)  # with no gold comparison in it
            out.append(f"The error (reward − gold) is heavy-tailed with confidence in "
                       f"{_names(open_, 'heavy')}: the catastrophic-Goodhart case if the "
                       "true utility's tail is lighter and these errors come with the top "
                       "rewards; " + (f"the Goodhart summary compared no gold scores (it needs "
                                      f"at least {MIN_GOLD_ROWS} rows with one), so neither "
                                      "was read." if ran else
                                      "analyze(..., goodhart=True) (the CLI's --goodhart) "
                                      "reads both."))
        if not errs and not moving and not maybe and not apart:
            out.append(f"No error (reward − gold) is heavy-tailed with confidence (of the "
                       f"{len(errors)} group{'s' if len(errors) != 1 else ''} with gold scores "
                       "on the rewards' scale).")
        # not heavy with confidence, but not ruled out (P(heavy) above 1 - CONFIDENT = 0.2,
        # the report's HEAVY_NOT_RULED_OUT): said, as the report says it (a review: an error
        # with P(heavy) = 0.40 was left at "no error is heavy-tailed with confidence")
        unsettled = sorted(((k, e.probabilities["heavy"]) for k, e in errors.items()
                            if not (e.label == "heavy" and e.confident)
                            and e.probabilities["heavy"] > 1.0 - CONFIDENT),
                           key=lambda kp: -kp[1])
        if unsettled:
            out.append(f"A heavy-tailed error is not ruled out in "
                       f"{_names(unsettled, 'heavy', confident=False)}: more gold scores would "
                       "settle it; do not count on the KL penalty there until they do.")
        if moving:
            out.append(f"The error (reward − gold) is heavy-tailed in {_names(moving, 'heavy')}, "
                       "but its largest values come with the largest gold scores, gold's own "
                       "tail is heavy and best-of-n's gains track gold: the reward stretches "
                       "true utility, not the catastrophic-Goodhart case.")
    # groups with gold whose error could not be read (a review: only the table said so)
    unread = [k for k in a.classifications if k not in a.error_classifications
              and k not in off] if a.settings.get("gold") is not None else []
    # a reward that is gold plus a constant: the best proxy there is, not an unknown (a review:
    # "nothing is concluded" beside "gold + 0.01 noise" read as the true utility's tail)
    same = [k for k in unread if isinstance(notes.get(k), str) and CONSTANT_ERROR in notes[k]]
    unread = [k for k in unread if k not in same]
    if same:
        shown = ", ".join(quoted(k) for k in same[:EXPLAIN_NAMES])
        more = f" and {len(same) - EXPLAIN_NAMES} more" if len(same) > EXPLAIN_NAMES else ""
        out.append(f"In {shown}{more} the reward is the gold score plus a constant (the error "
                   "reward − gold is constant): it ranks responses as gold does, so what "
                   "optimising it gains is gained in true utility.")
    if unread:
        shown = ", ".join(quoted(k) for k in unread[:EXPLAIN_NAMES])
        more = f" and {len(unread) - EXPLAIN_NAMES} more" if len(unread) > EXPLAIN_NAMES else ""
        out.append(f"The error (reward − gold) could not be analysed for {shown}{more} (the "
                   "table's gold_note says why): nothing is concluded about their error.")
    if off:
        shown = ", ".join(quoted(k) for k in sorted(off, key=str)[:EXPLAIN_NAMES])
        more = f" and {len(off) - EXPLAIN_NAMES} more" if len(off) > EXPLAIN_NAMES else ""
        out.append(f"The gold scores of {shown}{more} seem to be on another scale than the "
                   "rewards: their error (reward − gold) mixes two units, and nothing is "
                   "concluded from its tail.")
    out.extend(_gold_short(a, set(errors)))
    small = [k for k, c in a.classifications.items() if c.n_read < SMALL_N]
    if small:
        floored = sum(a.classifications[k].n_read < a.classifications[k].n for k in small)
        out.append(f"{len(small)} group{'s' if len(small) != 1 else ''} "
                   + ("read" if len(small) != 1 else "reads") + " 316 scores or fewer"
                   + (f" ({floored} above a floor of tied scores)" if floored else "")
                   + ": at that size even a confident probability can mislead, so "
                   + ("read their verdicts as leans." if len(small) != 1
                      else "read its verdict as a lean."))
    return " ".join(out)
