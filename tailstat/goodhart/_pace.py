"""Whether a heavy error's tail outruns a heavy gold score's: the line between catastrophic
Goodhart and a reward that stretches a heavy true utility (review 431).

With V (gold) and X (the error) regularly varying with indices ξ_V and ξ_X, a policy that
moves a share p of its outputs to U > t raises the mean reward by about p E[U | U > t] ~ p t
at a KL of about p log(1 / P(U > t)), and the mean of V by p E[V | U > t]. For a fixed gain
in reward, p ~ 1/t: the KL falls to 0 as t grows, and the gain in V goes as
E[V | U > t] / t ~ t^(-(1/ξ_V - 1/ξ_X)). It vanishes whenever ξ_X > ξ_V, however the two
move together: reward bought at almost no KL buys almost no true utility, the catastrophic
case. ``1/ξ_V - 1/ξ_X < 1``, the rule before, only says that E[V | U > t] still grows (what
best-of-n sees), not that the KL-cheap exploit is absent (independent Pareto(2) gold beside
a Pareto(1.5) error: +10 of reward for 0.0125 nats gains 0.21 of V at t = 10^3, 0.0007 for
3.1e-7 nats at t = 10^8, by quadrature; it had read "gold heavy" in 15 of 40 samples). At
ξ_X = ξ_V the share of V in the gain tends to a constant: no catastrophe.

So a heavy error beside a heavy gold score is cleared only where its ξ is not measurably the
larger: ξ_X - ξ_V at most :data:`PACE_Z` standard errors of the difference, each read from
its classifier's 95% interval (half its width over 1.96), the two taken as independent (for
an error that moves with gold the estimates move together and the difference varies less:
the test then clears a little more often than its level says). Summaries saved before the
intervals were recorded (schema 3.15) keep the rule they were read with.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["PACE_Z", "error_outruns_gold", "gold_xi_words", "heavier_error_words",
           "keeps_pace"]

#: The error's ξ less gold's, in standard errors of the difference, above which the error's
#: tail outruns gold's: a one-sided test at 5%.
PACE_Z = 1.645
#: The rule of summaries saved before schema 3.15: 1/ξ_gold - 1/ξ_error below this.
_SAVED_PACE = 1.0


def _number(gold: dict[str, Any], key: str) -> float:
    """``gold[key]`` as a float; NaN when it is missing or null (a saved file's)."""
    value = gold.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(
        value, bool) else math.nan


def error_outruns_gold(gold: dict[str, Any]) -> bool | None:
    """Whether the error's ξ exceeds gold's by more than :data:`PACE_Z` standard errors of
    the difference (module doc); None where either interval is unknown (a summary saved
    before schema 3.15, a gold score the classifier could not read).

    Parameters
    ----------
    gold : dict
        A :attr:`tailstat.goodhart.GoodhartSummary.gold`.

    Returns
    -------
    bool or None
    """
    keys = ("gold_xi", "gold_xi_low", "gold_xi_high", "error_xi", "error_xi_low",
            "error_xi_high")
    xv, lv, hv, xx, lx, hx = (_number(gold, k) for k in keys)
    if not all(map(math.isfinite, (xv, lv, hv, xx, lx, hx))):
        return None
    se = math.hypot(hv - lv, hx - lx) / (2.0 * 1.959963984540054)
    return bool(xx - xv > PACE_Z * se)


def keeps_pace(gold: dict[str, Any]) -> bool:
    """Whether a heavy gold score's tail keeps pace with a heavy error's: both ξ positive and
    the error's not measurably the larger (:func:`error_outruns_gold`); in a summary saved
    before the intervals were recorded, ``1/ξ_gold - 1/ξ_error`` below 1, as it was read."""
    xv, xx = _number(gold, "gold_xi"), _number(gold, "error_xi")
    outruns = error_outruns_gold(gold)
    if outruns is None:
        return bool(xv > 0 and xx > 0 and 1.0 / xv - 1.0 / xx < _SAVED_PACE)
    return bool(xv > 0 and xx > 0 and not outruns)


def gold_xi_words(gold: dict[str, Any], which: str) -> str:
    """``0.53 [0.41, 0.66]``: ``which`` ("gold" or "error") ξ with its interval where known."""
    x, lo, hi = (_number(gold, f"{which}_xi{s}") for s in ("", "_low", "_high"))
    return f"{x:.2f}" + (f" [{lo:.2f}, {hi:.2f}]" if math.isfinite(lo) and math.isfinite(hi)
                         else "")


def heavier_error_words(gold: dict[str, Any]) -> str:
    """Why a heavy error beside a confidently heavy gold score is still the catastrophic case
    when its tail outruns gold's (:func:`error_outruns_gold`); empty otherwise."""
    if not (gold.get("gold_label") == "heavy" and gold.get("gold_confident") is True
            and error_outruns_gold(gold)):
        return ""
    return (f" (gold's own tail is heavy too, but the error's is the heavier: ξ = "
            f"{gold_xi_words(gold, 'error')} against gold's {gold_xi_words(gold, 'gold')}; "
            "reward bought at almost no KL cost buys ever less true utility)")
