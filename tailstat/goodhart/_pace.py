"""Whether a heavy gold score's tail keeps pace with a heavy error's (reviews 431, 433, 434).

The theory. With V (gold) and X (the error) regularly varying and independent, with indices
ξ_V and ξ_X, a policy that moves a share p of its outputs above t raises the mean reward by
about p E[U | U > t] ~ p t at a KL of order p log(1 / P(U > t)); for a fixed gain in reward
p ~ 1/t, the KL falls as log(t) / t, and the gain in V goes as E[V | U > t] / t ~ t^(-δ),
δ = 1/ξ_V - 1/ξ_X. Reward bought at almost no KL buys almost no true utility whenever δ > 0
(independent Pareto(2) gold beside a Pareto(1.5) error, δ = 0.5: +10 of reward for 0.0125
nats gains 0.21 of V at t = 10^3, 0.0007 for 3.1e-7 nats at t = 10^8, by quadrature), while
E[V | U > t] itself, what best-of-n sees, still grows while δ < 1. For an error that is a
function of gold (X = g(V)) the KL-cheap gain falls as t^(ξ_V/ξ_X - 1): again whenever
ξ_X > ξ_V, and δ has no meaning there.

What the data can tell. The ξ of both come from the classifier, at its depth k ~ n^(2/3),
where an error made of gold plus noise reads heavier than gold (X = 0.5 V + N(0, 1), V
Pareto(2.5), both ξ = 0.4: 0.51 against 0.40 at 2·10^5 rows), a bias that stays as n grows
while the standard errors shrink; a small ξ_gold makes δ swing with it (lognormal gold, U =
1.5 V + noise: δ >= 1 in 9 of 20 samples at 10^4). A significance test of ξ_X > ξ_V read
1.5 V + noise as catastrophic in 20 of 20 samples at 2·10^5 rows (review 433); applying
δ >= 1 to an error whose extremes are gold's read the lognormal case so in 9 of 20 (review
434). Both were withdrawn.

So the line tailstat draws is the one it drew before: beside an independent-looking heavy
error, gold keeps pace while δ < 1 of the point estimates, with best-of-n's gain in gold in
line with the prediction (:func:`tailstat.goodhart.gold.error_tail`); an error whose extremes
are gold's is read as a reward that stretches true utility whatever the two ξ
(:func:`tailstat.goodhart.gold.error_moves_with_gold`). Errors heavier than gold that these
readings clear (Pareto(2) gold beside a Pareto(1.5) error, δ = 0.5; U = V + V² + noise with
V Pareto(3)) are the theory's catastrophic case that the estimates cannot tell from equal
tails: docs/science.md §2 says so.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["GOLD_KEEPS_PACE", "UNTOLD", "gold_xi_words", "heavier_error_words", "keeps_pace",
           "pace_gap"]

#: Gold's tail keeps pace with the error's while 1/ξ_gold - 1/ξ_error is below this (module
#: doc: E[V | U > t] grows as t^(1 - δ)).
GOLD_KEEPS_PACE = 1.0


#: What a cleared heavy error beside a heavy gold score leaves open (review 435: the verdict
#: stated the clearance as fact where the docs call it a reading of the sample).
UNTOLD = ("whether the error's tail is nonetheless the heavier (the theory's catastrophic case: "
          "a policy that buys reward at almost no KL gets less and less true utility), these "
          "estimates cannot reliably tell: this is a reading of the sample, not a bound")


def _number(gold: dict[str, Any], key: str) -> float:
    """``gold[key]`` as a float; NaN when it is missing or null (a saved file's)."""
    value = gold.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(
        value, bool) else math.nan


def pace_gap(gold: dict[str, Any]) -> float:
    """δ = 1/ξ_gold - 1/ξ_error of the point estimates; NaN unless both are positive.

    Parameters
    ----------
    gold : dict
        A :attr:`tailstat.goodhart.GoodhartSummary.gold`.

    Returns
    -------
    float
    """
    xv, xx = _number(gold, "gold_xi"), _number(gold, "error_xi")
    return 1.0 / xv - 1.0 / xx if xv > 0 and xx > 0 else math.nan


def keeps_pace(gold: dict[str, Any]) -> bool:
    """Whether a heavy gold score's tail keeps pace with a heavy error's: both ξ positive and
    δ = 1/ξ_gold - 1/ξ_error below :data:`GOLD_KEEPS_PACE` (module doc)."""
    return bool(pace_gap(gold) < GOLD_KEEPS_PACE)


def gold_xi_words(gold: dict[str, Any], which: str) -> str:
    """``0.53 [0.41, 0.66]``: ``which`` ("gold" or "error") ξ with its interval where known."""
    x, lo, hi = (_number(gold, f"{which}_xi{s}") for s in ("", "_low", "_high"))
    return f"{x:.2f}" + (f" [{lo:.2f}, {hi:.2f}]" if math.isfinite(lo) and math.isfinite(hi)
                         else "")


def heavier_error_words(gold: dict[str, Any]) -> str:
    """Why a heavy error beside a confidently heavy gold score is the catastrophic case when
    gold's tail falls behind it (δ at least :data:`GOLD_KEEPS_PACE`); empty otherwise."""
    if not (gold.get("gold_label") == "heavy" and gold.get("gold_confident") is True
            and pace_gap(gold) >= GOLD_KEEPS_PACE):
        return ""
    return (f" (gold's own tail is heavy too, but falls behind the error's: ξ = "
            f"{gold_xi_words(gold, 'error')} against gold's {gold_xi_words(gold, 'gold')}, "
            "1/ξ_gold − 1/ξ_error at least 1)")
