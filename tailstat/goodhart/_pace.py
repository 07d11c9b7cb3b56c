"""Whether a heavy gold score keeps pace with a heavy error: the reading of
:func:`tailstat.goodhart.gold.error_tail` that tells the catastrophic-Goodhart case from a true
utility whose gains go on (docs/science.md §2)."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["GOLD_KEEPS_PACE", "keeps_pace", "number", "pace", "pace_words", "xi_interval"]

#: A heavy error beside a confidently heavy gold score is no catastrophic case only while
#: gold's tail keeps pace: 1/xi_gold - 1/xi_error below this (for regularly varying tails
#: E[V | U > t] grows as t^(1 - (1/xi_V - 1/xi_X)), which stops at 1), and best-of-n's gain
#: in gold at least EXPLOIT_RATIO of a prediction that was made and means something.
GOLD_KEEPS_PACE = 1.0


def number(gold: dict[str, Any], key: str) -> float:
    """``gold[key]`` as a float; NaN when it is missing or null (a saved file's)."""
    value = gold.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(
        value, bool) else math.nan


def xi_interval(name: str, c: Any) -> dict[str, float]:
    """``{name}_xi_low`` and ``{name}_xi_high``: the 95% interval of a classification's ξ
    (NaN where it has none), which :func:`keeps_pace` reads."""
    lo, hi = (c.xi_ci if c.xi_ci is not None else (math.nan, math.nan))
    return {f"{name}_xi_low": float(lo), f"{name}_xi_high": float(hi)}


def keeps_pace(gold: dict[str, Any]) -> bool:
    """Whether a heavy gold score may keep pace with a heavy error (:data:`GOLD_KEEPS_PACE`):
    their shapes known and close enough (strictly: at the bound the gain stops growing), or,
    where only the point estimates say it does not, their 95% intervals allow it; the caller
    asks too that best-of-n's gain in gold be at least
    :data:`tailstat.goodhart.gold.EXPLOIT_RATIO` of the prediction. Review 427: at n = 10^4
    the point estimates' ``1/ξ_V − 1/ξ_X`` of two independent t(3) tails (0) spread from
    -1.65 to 2.4 over 40 samples, and samples with gold confidently heavy and its gain in
    line were called the catastrophic case; with the intervals, 15 of 20 such pairs read as
    gold keeping pace (13 before), and V t(4) or t(10) beside X t(2), and t(6) beside
    Pareto(2), are still the catastrophic case in 20 of 20 each (seeds 7000-7019)."""
    return pace(gold) != "behind"


def pace(gold: dict[str, Any]) -> str:
    """``"keeps"`` (the point estimates: ``1/ξ_gold − 1/ξ_error`` below 1), ``"may keep"``
    (only their 95% intervals allow it) or ``"behind"``."""
    xv, xx = number(gold, "gold_xi"), number(gold, "error_xi")
    if xv > 0 and xx > 0 and 1.0 / xv - 1.0 / xx < GOLD_KEEPS_PACE:
        return "keeps"
    v_hi, x_lo = number(gold, "gold_xi_high"), number(gold, "error_xi_low")
    if not (v_hi > 0 and math.isfinite(x_lo)):  # (a file saved before the intervals)
        return "behind"
    least = 1.0 / v_hi - (1.0 / x_lo if x_lo > 0 else math.inf)  # the least the intervals allow
    return "may keep" if least < GOLD_KEEPS_PACE else "behind"


def pace_words(gold: dict[str, Any]) -> str:
    """How gold keeps pace with the error, in words, for a gold summary that
    :func:`keeps_pace` passes."""
    if pace(gold) == "keeps":
        return ("its tail keeps pace with the error's (1/ξ_gold − 1/ξ_error below 1, and "
                "best-of-n's gain in gold at least half the prediction)")
    xv, xx = number(gold, "gold_xi"), number(gold, "error_xi")
    point = (f"is {1.0 / xv - 1.0 / xx:.2f}" if xv > 0 and xx > 0 else
             "is not below 1 at the point estimates")
    return ("its tail may keep pace with the error's (1/ξ_gold − 1/ξ_error "
            f"{point}, but the 95% intervals of ξ, [{number(gold, 'gold_xi_low'):.2f}, "
            f"{number(gold, 'gold_xi_high'):.2f}] for gold and [{number(gold, 'error_xi_low'):.2f}"
            f", {number(gold, 'error_xi_high'):.2f}] for the error, allow a difference below 1, "
            "and best-of-n's gain in gold is at least half the prediction)")
