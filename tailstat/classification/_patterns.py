"""Named shapes of a sample's upper tail, and their plain-words description.

* ``"saturated"``: an atom at the maximum (clipped scores);
* ``"rare-exploits"``: the top order statistics follow a power law while the deeper tail is
  light -- a light body with a small fraction of heavy values, the shape of a reward model
  that is right almost everywhere and badly wrong on a few outputs;
* ``"mixture"``: the tail bends at moderate depth towards an endpoint while its top is
  light -- a bump, as when scores mix several kinds of prompt, not a ceiling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tailstat.classification._features import top_levels

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


def atom_at_max(desc: np.ndarray) -> int | None:
    """Number of values tied at the maximum when they form an atom, else ``None``.

    ``desc`` holds the largest values in descending order.
    """
    top = desc[0]
    at_max = int(np.count_nonzero(desc == top))
    if at_max < ATOM_MIN or at_max >= desc.shape[0]:
        return at_max if at_max >= ATOM_MIN and at_max == desc.shape[0] else None
    below = desc[at_max:]
    nxt = int(np.count_nonzero(below == below[0]))
    return at_max if at_max >= ATOM_RATIO * nxt else None


def find_pattern(c: TailClassification) -> str | None:
    """The named pattern the depth posteriors of ``c`` show, if any."""
    deep, top = c.depth_probabilities.get("deep"), c.depth_probabilities.get("top")
    if not deep or not top:
        return None
    if c.label == "heavy" and deep["heavy"] < 0.5 and top["heavy"] - deep["heavy"] >= _GAP:
        return "rare-exploits"
    if c.label != "bounded" and deep["bounded"] >= _STRONG and c.probabilities["bounded"] <= _WEAK:
        return "mixture"
    return None


def describe_pattern(c: TailClassification) -> str:
    """One or two sentences on the pattern of ``c`` (empty when there is none)."""
    if c.pattern == "saturated":
        return ("The largest score repeats many times: the scores are saturated (clipped at a "
                "ceiling), so they are bounded by construction; the tail below the ceiling is "
                "hidden by the clipping.")
    if c.pattern == "rare-exploits":
        share = top_levels(c.n)[0] / c.n
        return (f"The top {share:.2%} of scores follow a power law while the rest of the tail "
                "is light: the pattern of rare exploitable errors (a reward model right almost "
                "everywhere and badly wrong on a few outputs). Read the highest-scoring "
                "samples.")
    if c.pattern == "mixture":
        return ("The tail bends at moderate depth as if towards a ceiling, but its top is "
                "light: a bump of a mixture (scores from several kinds of prompt?), not a "
                "ceiling.")
    return ""
