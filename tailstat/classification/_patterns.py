"""Named shapes of a sample's upper tail, and their plain-words description.

* ``"saturated"``: an atom at the maximum (clipped scores);
* ``"rare-exploits"``: the top-of-the-sample reading (the top order statistics, with how
  the spacings grow above the body) is a power law's while the deeper tail is light -- a
  light body with a small fraction of heavy values, the shape of a reward model that is
  right almost everywhere and badly wrong on a few outputs;
* ``"mixture"``: the tail bends at moderate depth towards an endpoint while its top is
  light -- a bump, as when scores mix several kinds of prompt, not a ceiling;
* ``"heavy-top"``: the verdict is not heavy, but the top-of-the-sample reading leans heavy
  while the deeper tail reads light -- the depths disagree, as they do when a few heavy
  values (rare exploits) sit among the body's extremes, too few to carry the verdict;
* ``"repeated-max"``: an atom at the maximum (as ``"saturated"``) while the values below it
  read heavy, or of a few copies (:func:`few_copies`): a ceiling, or one output scored
  many times -- the data cannot tell them apart, and the verdict weighs both readings
  (leaning heavy above a heavy tail);
* ``"cut-off"``: the converse of ``"rare-exploits"``: the deep features read a heavy tail
  clearly while the top reading leans light or bounded and the verdict is split between
  them (no label reaches the confident level) -- a power law that stops at a cut-off or a
  cap (a Pareto truncated at its 99.9% quantile, n = 10^5: the deep reading
  P(heavy) = 0.98, the top about 0.5, the verdict split).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tailstat._display import apart
from tailstat.classification._features import depths, top_levels
from tailstat.classification._likelihood import label_of_subtype, read_window
from tailstat.classification.levels import (
    CONFIDENT,
    LONE_MAXIMUM,
    MAX_PROBABILITY,
    shown_probability,
)

if TYPE_CHECKING:
    from tailstat.classification.classifier import TailClassification

#: An atom at the maximum: at least this many values equal the largest one ...
ATOM_MIN = 5
#: ... and at least this many times as many as equal the next distinct value below it
#: (discretised rewards have fewer values at the top of their grid than just below it).
ATOM_RATIO = 3

#: The depths disagree when the deep features alone give a label at least ``_STRONG`` while
#: the whole posterior gives it at most ``_WEAK`` ...
_STRONG, _WEAK = 0.8, 0.2
#: ... or the top component's reading gives heavy this much more than the deep features.
_GAP = 0.3


#: An atom whose gap to the next value below is more than this many times the mean spacing
#: of the :data:`GAP_LEVELS` distinct values below that is *detached*: not a ceiling the
#: scores run into (values pile up right below a clip), but identical outliers far above the
#: rest -- duplicated outputs that exploit the reward model. Below a clip the spacings are
#: about exchangeable, so the ratio is about an Exp(1) variable over the mean of ten: a clip
#: reads as detached with probability about (1 + 20/10)^-10 = 2e-5 (clipped normal and
#: exponential samples, 3000 seeds: none; 5 copies of 8 above 10^4 normal scores: 94).
GAP_RATIO = 20.0
#: Distinct values below the atom whose mean spacing the gap is compared with.
GAP_LEVELS = 10


def _repeated_max(desc: np.ndarray) -> int | None:
    """Number of values tied at the maximum when they form an atom (at least
    :data:`ATOM_MIN`, and :data:`ATOM_RATIO` times the next level), else ``None``."""
    top = desc[0]
    at_max = int(np.count_nonzero(desc == top))
    if at_max < ATOM_MIN or at_max >= desc.shape[0]:
        return at_max if at_max >= ATOM_MIN and at_max == desc.shape[0] else None
    below = desc[at_max:]
    nxt = int(np.count_nonzero(below == below[0]))
    return at_max if at_max >= ATOM_RATIO * nxt else None


#: An atom at the maximum is read as a ceiling alone (``"saturated"``) unless the values
#: below it read heavy with at least this probability: then it may as well be one output
#: scored many times above a heavy tail (a review: 4 copies of the maximum added to 10^4
#: t(3), Pareto(1) or lognormal scores were called bounded, 0.98, in 25-29 of 30 seeds). A
#: few copies at the top leave the features below much as they are, whether they are a
#: clip's or duplicates' (t(3) at 10^4, 5 copies: the features read heavy for all 20
#: duplicated samples and for 18 of the 20 clipped ones); from about 20-50 copies the
#: features themselves see a clip as a bend (bounded or light).
REPEAT_HEAVY = 0.5
#: Fewer copies of the maximum than this are weighed as either reading whatever the values
#: below read: a clip at the 99.99% quantile and one output scored four more times look
#: alike (a review: 4 copies of the largest of 10^5 normal scores made them "bounded, 0.98,
#: saturated", in 9-10 of 10 seeds). From about 20 copies at 10^4 a duplicated light tail's
#: features begin to see the copies as a bend, and a clip is the likelier reading ...
ATOM_CEILING = 20
#: ... and so it is from this share of the scores on: a clip that catches 0.1% of them or
#: more is a ceiling (t(4) clipped at 4 with 4 copies among 500 read "bounded, 0.98" and
#: should), where fewer are as likely one output scored several times.
ATOM_SHARE = 1e-3


def few_copies(atom: int, n: int) -> bool:
    """Whether ``atom`` copies of the maximum among ``n`` scores are too few to be read as a
    ceiling alone (:data:`ATOM_CEILING`, :data:`ATOM_SHARE`). An atom has at least
    :data:`ATOM_MIN` copies, so below 5,000 scores it never is: a repeated maximum there is
    read as a ceiling alone above a tail that does not read heavy, as before stop 67."""
    return atom < min(ATOM_CEILING, ATOM_SHARE * n)


#: The weight of the ceiling's reading in a ``"repeated-max"`` verdict (the features' is the
#: rest). The scores cannot tell the two apart; an even split left the label to rounding
#: (0.4949 heavy against 0.4950 bounded), and "bounded" made the Goodhart summary model the
#: tail as exponential. Below one half, the verdict leans to the heavy tail, the costlier
#: reading to miss, while staying uncertain (about 0.54 against 0.45), when the features'
#: lean is clear (its P(heavy) above its P(bounded) by 0.794: P(heavy) above 0.80 to 0.89,
#: as P(bounded) or P(light) is at its floor); below that the ceiling's reading prevails and
#: the label is bounded (:func:`describe_pattern` says which).
CEILING_WEIGHT = 0.45


#: The warning of a ``"repeated-max"`` tail whose values below the maximum read heavy ...
REPEAT_NOTE = ("{atom} values equal the maximum {top:.6g}, and the scores below read heavy: a "
               "ceiling, or one output scored many times above a heavy tail; the verdict "
               "weighs both")
#: ... and of one with a few copies (:func:`few_copies`) above values that do not.
FEW_COPIES_NOTE = ("{atom} values equal the maximum {top:.6g}: a ceiling, or one output scored "
                   "several times (duplicated rows); the verdict weighs both")


def repeat_note(atom: int, top: float, heavy: bool) -> str:
    """The warning of a ``"repeated-max"`` tail (``heavy``: the values below read heavy)."""
    return (REPEAT_NOTE if heavy else FEW_COPIES_NOTE).format(atom=atom, top=top)


#: The probability of each label other than "bounded" in the ceiling's reading: the
#: classifier's floor, as "bounded" takes the largest probability it gives.
CEILING_FLOOR = (1 - MAX_PROBABILITY) / 2


def ceiling_reading(probs: dict[str, float], subs: dict[str, float]
                    ) -> tuple[dict[str, float], dict[str, float]]:
    """Label and subtype probabilities of a sample with an atom at its maximum (a ceiling):
    bounded by construction; the other subtypes keep their shares of their label."""
    new = {lab: (MAX_PROBABILITY if lab == "bounded" else CEILING_FLOOR) for lab in probs}
    new_subs = {s: (v * CEILING_FLOOR / probs[label_of_subtype(s)] if s != "bounded"
                    else MAX_PROBABILITY) for s, v in subs.items()}
    return new, new_subs


def deduplicated_window(z: np.ndarray, atom: int, n: int) -> np.ndarray | None:
    """The centred window ``z`` with ``atom`` copies of its maximum read as one: the maximum
    once, the values below it shifted up, the bottom padded with the centre (``n`` kept, so
    no depth moves: the copies are a few of ``n``); None when the copies reach so deep that
    the shifted window's deepest depth would read the centre or below (:func:`reading_below`;
    ``benchmarks/_tune_cache.py`` reads it too)."""
    deep = atom - 1 + depths(n)[0]
    if deep >= z.shape[0] - 1 or not z[deep] > 0:
        return None
    return np.r_[z[:1], z[atom:], np.repeat(z[-1], atom - 1)]


def reading_below(z: np.ndarray, atom: int, n: int
                  ) -> tuple[dict[str, float], dict[str, float]] | None:
    """Label and subtype probabilities of the scores with ``atom`` copies of the maximum read
    as one (:func:`deduplicated_window`): the reading of one output scored ``atom`` times,
    which a ``"repeated-max"`` verdict weighs against the ceiling's. Read with the copies,
    their zero spacings bent the tail (a review: the best of 1,000 Pareto(1.5) scores
    repeated 20 times read "bounded, 0.98", while the scores without the repeats read heavy,
    0.98); without the maximum at all, the tail read lighter than it is (t(3) at n = 2,000
    less its top 5 leaned light in 7 of 7 seeds). None where that window cannot be read."""
    window = deduplicated_window(z, atom, n)
    if window is None:
        return None
    post = read_window(window, n).post
    return post.labels, post.subtypes


def either_reading(probs: dict[str, float], subs: dict[str, float]
                   ) -> tuple[dict[str, float], dict[str, float]]:
    """The label and subtype probabilities of a ``"repeated-max"`` tail: the ceiling's
    reading (:func:`ceiling_reading`) and the features' (``probs``, ``subs``), weighted
    :data:`CEILING_WEIGHT` and the rest."""
    w = CEILING_WEIGHT
    ceiling = ceiling_reading(probs, subs)
    return ({lab: (1 - w) * p + w * ceiling[0][lab] for lab, p in probs.items()},
            {s: (1 - w) * p + w * ceiling[1][s] for s, p in subs.items()})


def distinct_count(desc: np.ndarray) -> int:
    """Number of distinct values of ``desc``, a sorted array (``np.unique(desc).size`` without
    the sort: one comparison of neighbours)."""
    if desc.shape[0] == 0:
        return 0
    return 1 + int(np.count_nonzero(desc[1:] != desc[:-1]))


def detached_gap(desc: np.ndarray, at_max: int) -> float:
    """The gap between the repeated maximum and the next value below, in units of the mean
    spacing of the :data:`GAP_LEVELS` distinct values below that (``nan`` when there are too
    few of them)."""
    below = desc[at_max:]
    head = 8 * (GAP_LEVELS + 1)  # distinct values are read from the head of the descending
    while True:  # values, widened as ties need (np.unique of a 185,664-value window at
        levels = np.unique(below[:head])[::-1][: GAP_LEVELS + 1]  # n = 10^7 took 10 ms)
        if levels.shape[0] > GAP_LEVELS or head >= below.shape[0]:
            break
        head *= 8
    if levels.shape[0] < 3:
        return float("nan")
    ref = float(levels[0] - levels[-1]) / (levels.shape[0] - 1)
    gap = float(desc[0] - levels[0])
    return gap / ref if ref > 0 else float("inf")


def lone_maximum(top: np.ndarray, z: np.ndarray, n: int,
                 probs: dict[str, float]) -> str | None:
    """A note when a confident verdict rests on the maximum: fewer than :data:`ATOM_MIN`
    copies of it stand far above the next score (:data:`GAP_RATIO`), and the features read
    without them (the window ``z``, centred, shifted up past them; ``n`` kept, so no depth
    moves) give another label. ``top``: the window's values, descending (a review: one score
    1e6 above 1,000 normal ones made them "heavy, 0.98", and one above 10^5 uniform ones
    "light, 0.98, a mixture's bump", without a word).

    On the validation suite's families (seeds of their own, 20 draws each at 10^3 and 10^4,
    5 at 10^5) it spoke for 1.9%, 1.4% and 0% of the draws, nearly all of them contamination
    by a heavy component called heavy: rare exploits, whose heavy verdict does rest on the
    few scores at the top, as the note says; it changes no probability."""
    m = int(np.count_nonzero(top == top[0]))
    label = max(probs, key=probs.__getitem__)
    if m >= ATOM_MIN or probs[label] < CONFIDENT or not detached_gap(top, m) > GAP_RATIO:
        return None
    other = read_window(np.r_[z[m:], np.repeat(z[-1], m)], n).post.labels
    alt = max(other, key=other.__getitem__)
    if alt == label:
        return None
    one = m == 1
    what = "the largest score" if one else f"the {m} copies of the largest score"
    big, nxt = apart(top[0], top[m])
    return (f"{what} ({big}) {'lies' if one else 'lie'} far above the next score "
            f"({nxt}), and without {'it' if one else 'them'} the tail "
            f"{'reads' if other[alt] >= CONFIDENT else 'leans'} {alt} "
            f"({shown_probability(other[alt])}): {LONE_MAXIMUM} "
            f"{'that one score' if one else 'those scores'}. Rare exploits look like this, "
            f"and so does a data error: read {'it' if one else 'them'}")


def max_atom(desc: np.ndarray) -> tuple[int | None, int | None]:
    """The values tied at the maximum, read once: ``(atom, copies)``.

    ``atom``: their number when they form an atom *at a ceiling*; ``copies``: their number
    when they stand far above the rest instead (:data:`GAP_RATIO`: no ceiling, duplicated
    outputs, say). At most one is not ``None``. ``desc`` holds the largest values in
    descending order.
    """
    at_max = _repeated_max(desc)
    if at_max is None or at_max >= desc.shape[0]:
        return at_max, None
    if detached_gap(desc, at_max) > GAP_RATIO:
        return None, at_max
    return at_max, None


def find_pattern(c: TailClassification) -> str | None:
    """The named pattern the depth posteriors of ``c`` show, if any."""
    deep, top = c.depth_probabilities.get("deep"), c.depth_probabilities.get("top")
    if not deep or not top:
        return None
    # each name says what both readings show: the deep one clearly (at least _STRONG), and
    # the top one more likely than not ("the rest of the tail is light", "its top is light")
    if (c.label == "heavy" and deep["heavy"] <= 1.0 - _STRONG and top["heavy"] > 0.5
            and top["heavy"] - deep["heavy"] >= _GAP):
        return "rare-exploits"
    if (c.label != "bounded" and deep["bounded"] >= _STRONG
            and c.probabilities["bounded"] <= _WEAK and top["light"] > 0.5):
        return "mixture"
    # the converse of "rare-exploits": the top leans heavy (more likely than not) where the
    # deep features read not heavy, but the verdict did not follow it (on the tuning suite,
    # 0.7% of light and bounded draws and 3 of the 54 heavy draws called light or bounded)
    if c.label != "heavy" and top["heavy"] >= 0.5 and deep["heavy"] <= _WEAK:
        return "heavy-top"
    # the deep features clearly heavy, the top more likely not, and the verdict split between
    # them: the heavy tail stops (a review: truncated Pareto samples were explained as "more
    # data would settle it" and nothing more). A confident verdict is not split: without
    # that condition (a later review) plain Weibull(0.5) samples at 10^5, heavy 0.87, were
    # told their tail stops (6 of 20 seeds), and a normal body with 2% N(4, 0.2) on top,
    # light 0.98, that "optimisation meets a heavy tail"
    if (deep["heavy"] >= _STRONG and top["heavy"] < 0.5
            and max(c.probabilities.values()) < CONFIDENT):
        return "cut-off"
    return None


#: A depth's reading is stated flatly from this probability on (below it: "leans").
CLEAR = 0.8


def _deep_reading(c: TailClassification) -> str:
    """What the deep features read where the top reads heavy: light, bounded (their larger
    probability), or "light or bounded" when neither is clear."""
    deep = c.depth_probabilities["deep"]
    lab = "light" if deep["light"] >= deep["bounded"] else "bounded"
    return lab if deep[lab] >= CLEAR else f"light or bounded ({_split(deep)})"


def _split(p: dict[str, float]) -> str:
    # a reading below CLEAR never shows as it (0.7986 read "light 0.80" beside "light or
    # bounded": a review)
    return ", ".join(f"{lab} {shown_probability(p[lab])}" for lab in ("light", "bounded"))


#: What the classifier's note on scores of a few levels says (:mod:`._window`), and what
#: :func:`describe_pattern` reads to tell them from clipped continuous scores.
FEW_LEVELS = "a scale of a few levels (ratings, binary rewards) is bounded by construction"


def describe_pattern(c: TailClassification) -> str:
    """One or two sentences on the pattern of ``c`` (empty when there is none)."""
    if c.pattern == "saturated" and any(FEW_LEVELS in w for w in c.warnings):
        # (binary rewards were "clipped at a ceiling", their tail "hidden by the clipping":
        # a review; nothing was clipped, and there is no tail below the top level)
        return ("The scores take a few values and the top one repeats: " + FEW_LEVELS
                + ", with no continuous tail to read a shape from.")
    if c.pattern == "saturated":
        return ("The largest score repeats many times: the scores are saturated (clipped at a "
                "ceiling, or on a scale of a few levels such as binary rewards), so they are "
                "bounded by construction.")
    if c.pattern == "repeated-max":
        w = CEILING_WEIGHT  # the features' P(heavy), from either_reading's weighted mean
        p_heavy = (c.probabilities["heavy"] - w * CEILING_FLOOR) / (1.0 - w)
        if p_heavy < REPEAT_HEAVY:  # a few copies above a tail that does not read heavy
            own = {"heavy": p_heavy,  # (the largest of the three: heavy may lead, below 0.5)
                   "light": (c.probabilities["light"] - w * CEILING_FLOOR) / (1.0 - w),
                   "bounded": (c.probabilities["bounded"] - w * MAX_PROBABILITY) / (1.0 - w)}
            lab = max(own, key=lambda k: own[k])
            return ("The largest score repeats a few times: either a ceiling (clipped "
                    "scores, bounded by construction) or one output scored several times "
                    "(duplicated rows), while the scores below it read "
                    f"{lab} (P({lab}) = {shown_probability(own[lab])} in their own reading). The "
                    "scores cannot tell these apart, and the verdict weighs both: drop "
                    "duplicated rows, or look at the outputs with the largest score.")
        lean = ("leaning to the heavy tail, the costlier to miss" if c.label == "heavy" else
                "and the ceiling's reading prevails: the features' lean to a heavy tail "
                f"({shown_probability(p_heavy)}) does not outweigh it")
        return ("The largest score repeats, and the scores below it read heavy (P(heavy) = "
                f"{shown_probability(p_heavy)} in the features' own reading, before the "
                "ceiling's): either a "
                "ceiling (clipped scores, bounded by construction) or one output scored many "
                "times above a heavy tail (an exploit found again and again). The scores "
                f"cannot tell these apart; the verdict weighs both, {lean}: look at the "
                "outputs with the largest score.")
    if c.pattern == "rare-exploits":
        share = top_levels(c.n_read)[0] / c.n
        p_top = c.depth_probabilities["top"]["heavy"]
        top = ("follow a power law" if p_top >= CLEAR else
               f"lean towards a power law (P(heavy) = {shown_probability(p_top)} in that "
               "reading)")
        return (f"The top {share:.2%} of scores, read with how their spacings grow above the "
                f"body, {top} while the rest of the tail reads {_deep_reading(c)}: the "
                "pattern of rare exploitable errors (a reward model right almost "
                "everywhere and badly wrong on a few outputs), or of a heavy-tailed part of "
                "every score that shows only at the very top. Read the highest-scoring "
                "samples.")
    if c.pattern == "heavy-top":
        share = top_levels(c.n_read)[0] / c.n
        p_top = c.depth_probabilities["top"]["heavy"]
        return (f"The top {share:.2%} of scores, read with how their spacings grow above the "
                f"body, lean heavy (P(heavy) = {shown_probability(p_top)} in that reading) "
                "while the rest of "
                f"the tail reads {_deep_reading(c)}: the depths disagree, and the "
                "verdict weighs both. A few heavy values (outputs that exploit the reward "
                "model, say) show this way before they carry the verdict: read the "
                "highest-scoring samples.")
    if c.pattern == "cut-off":
        share = top_levels(c.n_read)[0] / c.n
        p_deep, p_top = (c.depth_probabilities[d]["heavy"] for d in ("deep", "top"))
        return (f"Most of the tail reads heavy (P(heavy) = {shown_probability(p_deep)} in the "
                f"deep reading), but the top {share:.2%} of scores grow more slowly than a "
                f"heavy tail's (P(heavy) = {shown_probability(p_top)} in that reading): a heavy "
                "tail that stops, as a power law with a cut-off, or capped scores. Up to the "
                "cut-off, optimisation meets a heavy tail; read the highest-scoring samples to "
                "see where it stops.")
    if c.pattern == "mixture":
        return ("The tail bends at moderate depth as if towards a ceiling, but its top is "
                "light: a bump of a mixture (scores from several kinds of prompt?), not a "
                "ceiling.")
    return ""


#: Fewer distinct values than this among the order statistics the classifier reads (and at
#: least :data:`tailstat.classification._window.MIN_TAIL_LEVELS`, below which classify
#: refuses): counts or coarsely rounded scores, whose tail shape the spacings cannot show.
COARSE_LEVELS = 11
#: The largest probability a verdict on so few levels is given: below the confident level,
#: so it reads as a lean ("uncertain -- leaning ..."), never as a verdict to act on.
COARSE_CAP = 0.75


def coarse_shrink(p: np.ndarray) -> np.ndarray:
    """Label probabilities ``(..., 3)`` moved towards uniform just enough that none exceeds
    :data:`COARSE_CAP` (the ranking stays; rows already within it are unchanged). The
    largest is at most the cap exactly (the arithmetic could leave 0.7500000000000001)."""
    top = np.max(p, axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        lam = np.where(top > COARSE_CAP, (top - COARSE_CAP) / (top - 1.0 / 3.0), 0.0)
    out = (1.0 - lam) * p + lam / 3.0
    return np.where(top > COARSE_CAP, np.minimum(out, COARSE_CAP), out)


def coarse_cap(probs: dict[str, float], subs: dict[str, float], levels: int, read: int
               ) -> tuple[dict[str, float], dict[str, float], str | None]:
    """Label and subtype probabilities moved towards uniform so that none exceeds
    :data:`COARSE_CAP` when the ``read`` top values take fewer than :data:`COARSE_LEVELS`
    distinct values (the ranking, and so the label, stays), and the note that says so.

    Poisson(2) and Poisson(5) counts at n = 10^4 (the top 1857 on 7-9 levels) were called
    heavy with P = 0.97 in half the seeds: ties of whole numbers make spacings that a power
    law's resemble; adding noise narrower than the step made them light. Of the tuning,
    validation and audit suites' families only the audit suite's Poisson(8) counts come
    under the cap, now and then (4 of 40 draws at n = 10^4 have 10 levels, the rest 11-13;
    the label stays, so accuracy figures do not move); the next fewest are a normal rounded
    to 0.25 (11) and Poisson(20) (15).
    """
    if levels >= COARSE_LEVELS or max(probs.values()) <= COARSE_CAP:
        return probs, subs, None
    new = dict(zip(probs, coarse_shrink(np.array(list(probs.values()))).tolist(), strict=True))
    scale = {lab: new[lab] / probs[lab] if probs[lab] > 0 else 1.0 for lab in probs}
    new_subs = {s: p * scale[label_of_subtype(s)] for s, p in subs.items()}
    note = (f"the top {read} values take only {levels} distinct values (counts or coarsely "
            "rounded scores): the tail's shape cannot be read from so few levels, so the "
            f"verdict is a lean (no probability above {COARSE_CAP:g}); analyse the raw scores, "
            "or add uniform noise narrower than the step")
    return new, new_subs, note
