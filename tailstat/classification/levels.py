"""When a calibrated probability reaches a level: the gate of ``classify --fail-on heavy
--level`` and :class:`tailstat.TailMonitor`'s warning.

The classifier's calibration keeps ``UNIFORM_MIX`` of every probability spread over the
three labels, so no probability exceeds :data:`MAX_PROBABILITY` (0.98), and clear heavy tails
only approach it.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np

from tailstat.classification._likelihood import UNIFORM_MIX, label_of_subtype
from tailstat.errors import DataError

__all__ = ["CAP_MARGIN", "CLEAR_SUBTYPE", "CONFIDENT", "LEVEL_SLACK", "LONE_MAXIMUM",
           "MAX_PROBABILITY", "MAYBE_EXPONENTIAL", "MIN_PROBABILITY", "applied_level",
           "exponential_share", "penalty_case", "reaches_level", "shown_probability",
           "subtype_split"]

#: A verdict whose largest probability is below this is shown as uncertain.
CONFIDENT = 0.8

#: The words of a classification's note when its confident verdict rests on the maximum
#: (``_patterns.lone_maximum``): the report finds the note by them.
LONE_MAXIMUM = "the verdict rests on"

#: Below this share of its label's probability a subtype is not named flatly (the label is,
#: with the split between its subtypes: :func:`subtype_split`).
CLEAR_SUBTYPE = 0.6

#: The largest probability the classifier gives any label (its calibration keeps
#: ``UNIFORM_MIX`` spread over the labels), reached only up to rounding: a level at it is
#: held as :func:`applied_level` says.
MAX_PROBABILITY = 1 - 2 * UNIFORM_MIX / 3
#: The smallest probability it gives any label (its share of ``UNIFORM_MIX``): a gate or a
#: monitor level at or below it is reached by every sample.
MIN_PROBABILITY = UNIFORM_MIX / 3
#: A level given within this above ``MAX_PROBABILITY`` is taken as it (``MAX_PROBABILITY``
#: as a level read back from text or computed may differ from it by rounding).
LEVEL_SLACK = 1e-6
#: A level closer than this to ``MAX_PROBABILITY`` is read as ``MAX_PROBABILITY - CAP_MARGIN``:
#: clear heavy tails approach the cap only to within about 1e-4 (t(2) at n = 2·10^4 to
#: 2·10^5: 0.98 - 3e-5 at worst; t(1.5) at n = 2000: 0.98 - 1.5e-4), so a level of 0.98
#: would otherwise almost never be reached.
CAP_MARGIN = 1e-3


def applied_level(level: float) -> float:
    """The level a probability is held to: ``level``, or ``MAX_PROBABILITY - CAP_MARGIN``
    (0.979) for a level above that up to ``MAX_PROBABILITY`` (0.98), which clear heavy tails
    only approach. A level past ``MAX_PROBABILITY`` is refused: no probability reaches it.

    Parameters
    ----------
    level : float
        The level asked for, in (0, 1).

    Returns
    -------
    float

    Raises
    ------
    DataError
        A level outside (0, 1), or above ``MAX_PROBABILITY``.
    """
    if isinstance(level, (bool, np.bool_)) or not isinstance(level, (Real, np.floating)) \
            or not 0.0 < float(level) < 1.0:
        raise DataError(f"level must be a probability in (0, 1), e.g. 0.8; got {level!r} "
                        "instead.")
    if float(level) > MAX_PROBABILITY + LEVEL_SLACK:  # never reached: refused, as the CLI's
        # --level and TailMonitor refuse it (a review: 0.9795 "reached" 0.999)
        raise DataError(f"level must be at most {MAX_PROBABILITY:.2f}, got {level!r} instead: "
                        f"the classifier's probabilities never exceed {MAX_PROBABILITY:.2f} "
                        "(its calibration keeps a share for the unexpected). Pass a level of "
                        f"at most {MAX_PROBABILITY:.2f}.")
    return min(float(level), MAX_PROBABILITY - CAP_MARGIN)


def reaches_level(p: float, level: float) -> bool:
    """Whether a probability ``p`` reaches ``level`` (the gate of ``--fail-on heavy
    --level`` and :class:`tailstat.TailMonitor`): ``p >= applied_level(level)``, exactly, as
    a verdict is confident (0.7999995 reached a level of 0.8 within a slack, beside a verdict
    shown as uncertain, 0.79); the applied level is below the cap, which needs no slack.

    Parameters
    ----------
    p : float
        A probability (a verdict's P(heavy), say).
    level : float
        The level, in (0, 1).

    Returns
    -------
    bool
    """
    return bool(p >= applied_level(level))


def shown_probability(p: float, confident: bool | None = None, decimals: int = 2,
                      cut: bool = True) -> str:
    """``p`` with two decimals, except that an uncertain verdict's 0.797 reads 0.79, not the
    confident level's 0.80 (``confident=None``: judged by ``p`` itself, below
    :data:`CONFIDENT` never reads as it), and that a P(heavy) next to ``1 - CONFIDENT``
    (0.2, where a heavy tail stops being ruled out) takes a third decimal rounded away from
    it: 0.1984 reads 0.198 and 0.2006 reads 0.201.

    Parameters
    ----------
    p : float
        A probability, in [0, 1].
    confident : bool, optional
        Whether the verdict it belongs to is confident (None: judged by ``p``).
    decimals : int
        Decimals shown (two by default).
    cut : bool
        Whether ``p`` is a P(heavy), read against ``1 - CONFIDENT`` (the third decimal near
        0.2); False for P(light) and P(bounded), which no rule reads there.

    Returns
    -------
    str
    """
    text = f"{p:.{decimals}f}"
    if not (p >= CONFIDENT if confident is None else confident) and float(text) >= CONFIDENT:
        text = f"{math.floor(p * 10 ** decimals) / 10 ** decimals:.{decimals}f}"
    low = 1.0 - CONFIDENT  # where a heavy tail stops being ruled out
    if cut and float(text) == round(low, decimals) and p != low:
        # one more decimal, rounded away from the cut: 0.1984 and 0.2006 both read 0.20,
        # beside "a light tail" and "not ruled out" (a review)
        scale = 10 ** (decimals + 1)
        away = (math.floor(p * scale) if p < low else math.ceil(p * scale)) / scale
        text = f"{away:.{decimals + 1}f}"
    return text


def _label_subtypes(c: Any, label: str) -> dict[str, float]:
    """The probabilities of ``label``'s subtypes in a classification."""
    return {s: float(p) for s, p in c.subtype_probabilities.items()
            if label_of_subtype(s) == label}


def subtype_split(c: Any) -> dict[str, float] | None:
    """The shares of the label's probability of its subtypes (largest first, those of at
    least 5%) when the named subtype holds less than :data:`CLEAR_SUBTYPE` of it, or, for the
    exponential-type subtype, less than :data:`CONFIDENT` (as :func:`penalty_case` asks
    before a KL penalty's sentence names it: review 428, "show an exponential-type upper
    tail ..., and a KL penalty does too unless the tail is exponential-type (a 73% share of
    P(light))" in 40 of 100 exponential samples at 10^4); None when the subtype is clear (or
    the label has none to split).

    Parameters
    ----------
    c : TailClassification
        A classification.

    Returns
    -------
    dict or None
        Subtype -> its share of the label's probability.
    """
    subs = _label_subtypes(c, c.label)
    total = sum(subs.values())
    clear = CONFIDENT if c.subtype == "exponential-type" else CLEAR_SUBTYPE
    if total <= 0 or len(subs) < 2 or subs.get(c.subtype, 0.0) / total >= clear:
        return None
    return {s: p / total for s, p in sorted(subs.items(), key=lambda kv: -kv[1])
            if p / total >= 0.05}


#: A light tail whose exponential-type subtype holds at least this share of P(light) may be
#: exponential-type: what a KL penalty does is then said with that caveat.
MAYBE_EXPONENTIAL = 1 / 3


def exponential_share(c: Any) -> float:
    """The exponential-type subtype's share of a light verdict's probability (0 for other
    labels): at :data:`MAYBE_EXPONENTIAL` or more, a KL penalty's protection is worded with
    the exponential tail's caveat (a review: "a KL penalty limits how far ..." for a light
    tail 45% exponential-type, beside a Goodhart verdict that said it does only with a
    coefficient above the tail's scale)."""
    if c.label != "light":
        return 0.0
    subs = _label_subtypes(c, "light")
    total = sum(subs.values())
    return subs.get("exponential-type", 0.0) / total if total > 0 else 0.0


def penalty_case(c: Any) -> str:
    """Which sentence on a KL penalty a confident verdict takes: its label, or
    ``"exponential-type"`` (a light tail of that subtype, with at least :data:`CONFIDENT` of
    P(light)), or ``"maybe-exponential"`` (a light tail whose exponential-type share of
    P(light) is at least :data:`MAYBE_EXPONENTIAL`): one rule for ``explain()`` and the
    report. (A review: a normal reward, exponential-type 0.55 against 0.42, was told "at or
    below it the penalised optimum does not exist" as a fact; a normal's exists at every
    beta.)"""
    if (c.label == "light" and c.subtype == "exponential-type"
            and exponential_share(c) >= CONFIDENT):
        return "exponential-type"
    if exponential_share(c) >= MAYBE_EXPONENTIAL:
        return "maybe-exponential"
    return str(c.label)
