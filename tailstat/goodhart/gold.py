"""The gold comparison of :func:`tailstat.goodhart.goodhart_summary`: best-of-n's gain in the
gold score against what a well-behaved proxy would give, and how to read the error's tail.

:func:`gold_comparison` makes the numbers of :attr:`GoodhartSummary.gold`; :func:`error_tail`
reads the error ``reward − gold``: light, heavy, uncertain, unreadable (gold on another
scale), or heavy but moving with gold (:func:`error_moves_with_gold`). Catastrophic Goodhart
(docs/science.md §2) needs a heavy error beside a true utility whose tail falls behind it,
whatever their dependence; a reward that over-weights a heavy true utility has a heavy
error whose extremes are gold's, and pushing it pushes utility.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtri

from tailstat._runs import tie_runs
from tailstat.classification import CONFIDENT, TailClassification
from tailstat.classification.levels import shown_probability
from tailstat.data.pairs import constant_error
from tailstat.dependence import TailDependence, tail_dependence
from tailstat.goodhart._common import fmt_num, kl_best_of_n, mean_sd, sort_order
from tailstat.goodhart._pace import GOLD_KEEPS_PACE, UNTOLD, gold_xi_words, heavier_error_words
from tailstat.goodhart._pace import keeps_pace as _keeps_pace
from tailstat.goodhart.bon import best_of_n

__all__ = ["ERROR_AT_BOTTOM", "ERROR_CHI_TOP", "ERROR_TOP_M",
           "ERROR_TOP_REWARDS", "ERROR_TOP_SHARE", "ERROR_WITH_GOLD_CHI", "EXPLOIT_RATIO",
           "GOLD_KEEPS_PACE", "IN_LINE", "MIN_GOLD_LEVELS", "MIN_PREDICTED_SD", "NOT_EXPLOITS",
           "NO_RELATION_P", "REWARD_TOP_ERRORS", "error_chi", "error_chi_level", "error_clause",
           "error_moves_with_gold", "error_not_catastrophic", "error_tail", "gain_clause",
           "gold_comparison", "gold_rows_curve"]

#: Below this ratio of realised to bulk-predicted utility gain the verdict flags exploits.
EXPLOIT_RATIO = 0.5
#: Ratios of realised to bulk-predicted utility gain read as "in line with" the prediction.
IN_LINE = (0.8, 1.25)
#: Below this bulk-predicted utility gain in size (sd) the proxy is said not to track the gold
#: score (below minus it, to run against it).
MIN_PREDICTED_SD = 0.1
#: Spearman's test of proxy and gold at or above this p-value: no detectable relation (the
#: verdict says so instead of reading the sign of a correlation that noise could give).
NO_RELATION_P = 0.05
#: Gold scores on fewer distinct values than this get no best-of-n prediction (module doc of
#: :func:`tailstat.goodhart.goodhart_summary`).
MIN_GOLD_LEVELS = 20
#: A heavy error whose extremes are a heavy gold score's extremes this often (χ, the share of
#: the top errors whose gold score is in gold's top share alike) may be the reward
#: stretching true utility, not the catastrophic case: independence gives χ(u) = 1 - u (0.01
#: at u = 0.99), an error made of a multiple of a heavy true utility about 1 (0.97 for
#: reward = gold + exp(gold) + noise). Half: most extreme errors are extreme true utility.
#: (Beside a light gold score the error is the catastrophic case whatever χ says:
#: :func:`error_moves_with_gold`.)
ERROR_WITH_GOLD_CHI = 0.5
#: Top values (of each score) at which that χ is read: u = 1 - this / n, within [0.9, 0.99]
#: (read from 200 gold rows up).
ERROR_CHI_TOP = 20
#: The largest errors whose gold scores are read on their own: at least ERROR_TOP_SHARE of
#: these must have a gold score in gold's top 10% (independence: 1 in 10; P(8 or more of
#: 10) = 4e-7). χ in bulk is not enough: a reward over-weighting a light true utility plus a
#: few independent exploits (4-6 of the top 10 errors of 2,000) has χ(0.99) = 0.5-0.6, and
#: best-of-n ratios of 0.58-0.8 at n = N/10, from the over-weighting, while its top scores
#: are the exploits; a reward that stretches a heavy true utility has all 10 there (t(3),
#: V + exp(V), Pareto(2.5); 5 seeds each).
ERROR_TOP_M = 10
ERROR_TOP_SHARE = 0.8
#: A heavy error whose ``ERROR_TOP_M`` largest values have gold scores at a median quantile
#: below this comes from gold's lower tail (independence of error and gold puts that median
#: near 0.5; P(median < 0.1) = 0.0003 for uniform quantiles): responses far worse than the
#: reward says -- under a reward that stops (a squashed or saturating one over a gold score
#: with a heavy lower tail) or one blind to rare disasters (reviews). Not the catastrophic
#: case when they are not the top rewards too (:data:`ERROR_TOP_REWARDS`) and the top
#: rewards carry no extreme errors (:data:`REWARD_TOP_ERRORS`).
ERROR_AT_BOTTOM = 0.1
#: ... none of those errors with a reward in the reward's top share of this size
#: (independence: P(none of 10 in the top 1%) = 0.90): one there is an exploit, which
#: best-of-n picks first (a review: a squashed reward with 0.3% exploits had 3 of its top 10
#: errors at the reward's very top, the other 7 from gold's lower tail) ...
ERROR_TOP_REWARDS = 0.01
#: ... nor more than this share of the ``ERROR_TOP_M`` largest rewards with an extreme error:
#: in the errors' top 5% and past what their body reaches (``reward_top_extreme_share``: the
#: median plus the normal maximum of n draws, ``ndtri(1 - 1/n)``, in units of 1.4826 MAD):
#: exploits at the reward's top whose errors, large, are smaller than the disasters filling
#: the 10 largest (a review: best-of-n's ratio 0.08-0.38, cleared) have theirs there, all of
#: them. The top 5% alone was met by ordinary noise: for U = V + X the top rewards carry the
#: largest X (a review: noise of sd 0.5 beside 1% disasters failed it in 17 of 20 seeds, the
#: catastrophic case read where best-of-n's ratio was 1).
REWARD_TOP_ERRORS = 0.1
#: The readings of the error under which the reward's heavy tail is no exploit: the error
#: light, or heavy but not the catastrophic case (the verdict said "a KL penalty will not
#: stop optimisation from exploiting it" before "gains in true utility go on": a review).
NOT_EXPLOITS = frozenset({"light", "constant", "with gold", "at the bottom", "gold heavy"})


def _ranks(a: np.ndarray) -> tuple[np.ndarray, int]:
    """The ranks of ``a`` (1-based, ties given their average rank, as scipy's ``rankdata``)
    and its number of distinct values."""
    order = sort_order(a)  # best-of-n's with gold scores: the proxy is sorted once
    s = a[order]
    starts, ends = tie_runs(s)
    ranks = np.empty(a.shape[0])
    ranks[order] = np.repeat(0.5 * (starts + ends + 1), ends - starts)
    return ranks, int(starts.shape[0])


def _spearman(rx: np.ndarray, rv: np.ndarray) -> tuple[float, float]:
    """Spearman's rho from the two samples' ranks and its two-sided p-value (Student's t with
    ``n - 2`` degrees of freedom, as ``scipy.stats.spearmanr``)."""
    from scipy import special  # here only

    n = rx.shape[0]
    rs = float(np.clip(np.corrcoef(rx, rv)[0, 1], -1.0, 1.0))
    with np.errstate(divide="ignore"):
        t = rs * math.sqrt((n - 2) / ((1.0 - rs) * (1.0 + rs))) if abs(rs) < 1 else math.inf
    return rs, float(2.0 * special.stdtr(n - 2, -abs(t)))


def gold_comparison(x: np.ndarray, v: np.ndarray, bon: pd.DataFrame, n_v: int,
                    error: TailClassification | None, scale_ratio: float | None
                    ) -> dict[str, Any]:
    """Best-of-``n_v`` gains against what a well-behaved proxy would give (module doc of
    :func:`tailstat.goodhart.goodhart_summary`), and the tail of the error ``x - v``:
    :attr:`GoodhartSummary.gold`. ``bon``: best-of-n of ``(x, v)`` with ``n_v`` in it."""
    row = bon.loc[bon["n"] == n_v].iloc[0]
    (mu, sd_u), (mv, sd_v) = mean_sd(x), mean_sd(v)
    u_gain = float(row["u_sample"]) - mu
    v_gain = float(row["v"]) - mv
    # Spearman's rho on the normal scale: robust to the rare extreme errors it is meant to
    # expose, and to any monotone rescaling of either score
    # (not for gold on a few levels: ties shrink rho_S and the normal-scale formula, made for
    # continuous scores, then under-predicts; no prediction is made)
    # (one sort of each score gives its levels and its ranks: scipy's spearmanr and two
    # np.unique sorted each twice more, 5.6 s at 10^7: a review)
    ranks_v, levels = _ranks(v)
    # nor for a proxy on a few levels (binary verifier rewards): best-of-n then picks within
    # its top level, and a gain below the correlation's prediction is that, not the gold
    # score's extremes (a review: a 0/1 proxy's 0.71 sd, all a two-level proxy can give,
    # was set against a prediction of 2.64)
    ranks_x, proxy_levels = _ranks(x)
    if sd_u > 0 and sd_v > 0 and min(levels, proxy_levels) >= MIN_GOLD_LEVELS:
        rs, p_rank = _spearman(ranks_x, ranks_v)
    else:
        rs = p_rank = math.nan
    rho = 2.0 * math.sin(math.pi * rs / 6.0) if math.isfinite(rs) else math.nan
    # choosing by the gold score itself: best-of-n of v's own sample
    oracle = float(best_of_n(v, None, [n_v], tail="empirical")["u_sample"].iloc[0]) - mv
    pred = rho * oracle
    ratio = v_gain / pred if pred > 0 else math.nan
    out: dict[str, Any] = {"n": n_v, "u_gain_sd": u_gain / sd_u if sd_u > 0 else math.nan,
                           "v_gain_sd": v_gain / sd_v if sd_v > 0 else math.nan,
                           # its jackknife standard error (nan past n = N/10 or without it)
                           "v_gain_se_sd": (float(row["v_gain_se"]) / sd_v
                                            if sd_v > 0 and "v_gain_se" in row else math.nan),
                           "correlation": rho,
                           "v_gain_oracle_sd": oracle / sd_v if sd_v > 0 else math.nan,
                           "v_gain_predicted_sd": pred / sd_v if sd_v > 0 else math.nan,
                           "ratio": ratio, "gold_levels": levels, "proxy_levels": proxy_levels,
                           "pairs": int(x.shape[0]),
                           "rank_p_value": p_rank,
                           # gold on another scale: the error mixes two units (None: same scale)
                           "gold_scale_ratio": scale_ratio,
                           # the reward is gold plus a constant: the lightest error there is
                           # (a review: it read as no error at all, "a KL penalty will not stop
                           # optimisation from exploiting it", where gold + 0.01 noise passed)
                           "error_constant": error is None and constant_error(x, v)}
    if error is not None:
        out.update({"error_label": error.label, "error_p_heavy": error.probabilities["heavy"],
                    "error_confident": error.confident, "error_xi": error.xi,
                    "error_xi_low": error.xi_ci.low, "error_xi_high": error.xi_ci.high})
        out.update(_error_with_gold(x - v, v, ranks_x, ranks_v))
        out.update(_gold_tail(v, levels))
    return out


def _gold_tail(v: np.ndarray, levels: int) -> dict[str, Any]:
    """The gold score's own tail (catastrophic Goodhart needs it light beside a heavy error):
    its label, P(heavy), whether confident, and ξ; nothing for gold on fewer than
    ``MIN_GOLD_LEVELS`` levels or one the classifier cannot read."""
    from tailstat.classification import classify  # the classifier's entry point, here only
    from tailstat.errors import DataError

    if levels < MIN_GOLD_LEVELS:
        return {}
    try:
        c = classify(v, name="gold", warn=False)
    except DataError:
        return {}
    return {"gold_label": c.label, "gold_p_heavy": c.probabilities["heavy"],
            "gold_confident": c.confident, "gold_xi": c.xi, "gold_xi_low": c.xi_ci.low,
            "gold_xi_high": c.xi_ci.high}


def error_chi_level(n: int) -> float | None:
    """The level ``u`` at which the error's χ with gold is read from ``n`` pairs: ``1 -
    ERROR_CHI_TOP / n`` within [0.9, 0.99]; None below ``10 ERROR_CHI_TOP`` pairs (fewer than
    20 above the level)."""
    if n < 10 * ERROR_CHI_TOP:  # compared as counts: n (1 - level) read 19.999...
        return None
    return min(0.99, max(0.9, 1.0 - ERROR_CHI_TOP / n))


def error_chi(dep: TailDependence | None) -> tuple[float, float] | None:
    """``(u, χ(u))`` of an error with its gold score (``dep``: their
    :func:`tailstat.tail_dependence` at the analysis' levels) at :func:`error_chi_level` of its
    pairs, as the Goodhart summary reads it; None without a table or with too few pairs. What
    the explanation and the report read when no Goodhart summary was made."""
    level = error_chi_level(dep.n) if dep is not None and not dep.table.empty else None
    if dep is None or level is None:
        return None
    row = dep.row(level)
    return float(row["u"]), float(row["chi"])


def _error_with_gold(err: np.ndarray, v: np.ndarray, ranks_x: np.ndarray,
                     ranks_v: np.ndarray) -> dict[str, float]:
    """χ of the error with gold at ``u = 1 - ERROR_CHI_TOP / n`` (within [0.9, 0.99]), the
    share of the ``ERROR_TOP_M`` largest errors with a gold score in gold's top 10%, the
    median quantiles of their gold scores and of their rewards, the share of them with a
    reward in the reward's top 1%, and the shares of the ``ERROR_TOP_M`` largest rewards with
    an error in the errors' top 5%, and with one that is also past what the errors' body
    reaches (:data:`REWARD_TOP_ERRORS`; ``ranks_x``, ``ranks_v``: the ranks, 1-based); nothing
    below ``10 ERROR_CHI_TOP`` values (fewer than 20 above the level)."""
    n = err.shape[0]
    level = error_chi_level(n)
    if level is None:
        return {}
    chi = float(tail_dependence(err, v, [level]).table["chi"].iloc[0])
    # the very largest errors, which best-of-n picks first (independence: 1 in 10)
    top = np.argpartition(err, n - ERROR_TOP_M)[n - ERROR_TOP_M:]
    share = float(np.mean(v[top] > np.quantile(v, 0.9)))
    # where they sit: at the reward's top for exploits; at gold's bottom, and not at the
    # reward's top, for responses far worse than the reward says (ERROR_AT_BOTTOM)
    at_reward = (ranks_x[top] - 0.5) / n
    # and the errors of the largest rewards, which best-of-n picks: in the errors' top 5%?
    best = np.argpartition(ranks_x, n - ERROR_TOP_M)[n - ERROR_TOP_M:]
    high = float(np.quantile(err, 0.95))
    centre = float(np.median(err))
    spread = 1.4826 * float(np.median(np.abs(err - centre)))
    extreme = max(high, centre + spread * float(ndtri(1.0 - 1.0 / n)))
    return {"error_gold_chi": chi, "error_gold_chi_level": level, "error_top_gold_share": share,
            "error_top_gold_quantile": float(np.median((ranks_v[top] - 0.5) / n)),
            "error_top_reward_quantile": float(np.median(at_reward)),
            "error_top_reward_share": float(np.mean(at_reward >= 1.0 - ERROR_TOP_REWARDS)),
            "reward_top_error_share": float(np.mean(err[best] > high)),
            "reward_top_extreme_share": float(np.mean(err[best] > extreme))}


def error_moves_with_gold(gold: dict[str, Any] | None) -> bool:
    """Whether a heavy error reads as the reward stretching a heavy true utility rather than
    as the catastrophic case: gold's own tail is heavy (``gold_label``), its extremes are the
    error's (``error_gold_chi >= ERROR_WITH_GOLD_CHI``), ``ERROR_TOP_SHARE`` of its
    ``ERROR_TOP_M`` largest errors have a gold score in gold's top 10%
    (``error_top_gold_share``), and best-of-n's gain in gold is in line with the correlation
    (``ratio >= EXPLOIT_RATIO``). ``gold``: a :attr:`GoodhartSummary.gold`.

    Beside a light gold score a heavy error is the catastrophic case however it moves with
    gold: the reward is then heavy, so KL-regularised optimisation reaches any mean reward at
    vanishing KL, and by Donsker–Varadhan (``E_pi[V] <= (KL + K_V(t)) / t``, any joint law)
    with no gain in V (a review: reward = gold + exp(gold), gold normal, was said to stretch
    true utility while its verdict quoted +3 sd of reward for 0.009 nats, a gain of at most
    0.13 sd of gold). Independence matters only for the tilt and conditioning results."""
    if gold is None or gold.get("error_label") != "heavy" or gold.get("gold_label") != "heavy":
        return False
    chi, ratio = gold.get("error_gold_chi", math.nan), gold.get("ratio", math.nan)
    top = gold.get("error_top_gold_share", math.nan)
    return bool(chi >= ERROR_WITH_GOLD_CHI and top >= ERROR_TOP_SHARE and ratio >= EXPLOIT_RATIO)


def error_tail(gold: dict[str, Any] | None) -> str | None:
    """The error reward − gold read for the verdict: ``"light"`` (light or bounded,
    confidently: P(heavy) at most ``1 - CONFIDENT``, whether or not the classifier is sure
    which of the two), ``"heavy"`` (confidently), ``"uncertain"``, ``"with gold"`` (a heavy
    error that moves with gold, :func:`error_moves_with_gold`), ``"at the bottom"`` (a heavy
    error whose largest values come with gold's lowest scores and not with the top rewards,
    :data:`ERROR_AT_BOTTOM`), ``"gold heavy"`` (a heavy error beside a confidently heavy gold
    score whose tail keeps pace with it, :data:`GOLD_KEEPS_PACE`), ``"constant"`` (the reward is
    gold plus a constant, ``error_constant``: the lightest error there is) or ``"unreadable"``
    (gold scores on another scale: the error then mixes two units); None without it. The
    heavy readings "with gold", "at the bottom" and "gold heavy" are not the
    catastrophic-Goodhart case (:data:`NOT_EXPLOITS`, :func:`error_not_catastrophic`).

    The verdict turns on heavy or not (a KL penalty holds for light and bounded errors
    alike): an error torn between light and bounded with P(heavy) = 0.02 was called
    "uncertain whether heavy-tailed" (a review)."""
    if gold is None:
        return None
    if gold.get("error_constant") is True:
        return "constant"
    if "error_label" not in gold:
        return None
    if gold.get("gold_scale_ratio") is not None:
        return "unreadable"
    if gold["error_label"] != "heavy" and gold["error_p_heavy"] <= 1.0 - CONFIDENT:
        return "light"
    if not gold["error_confident"]:
        return "uncertain"
    if error_moves_with_gold(gold):
        return "with gold"
    if gold["error_label"] != "heavy":
        return "light"
    # neither reading clears exploits at the reward's top (a review: disasters larger than
    # they filled the 10 largest errors), nor a reward unrelated to gold (it passed with no
    # prediction to compare with)
    if (_number(gold, "error_top_gold_quantile") < ERROR_AT_BOTTOM
            and _number(gold, "error_top_reward_share") == 0.0
            and _top_extremes(gold) <= REWARD_TOP_ERRORS):
        return "at the bottom"
    if gold.get("gold_label") == "heavy" and gold.get("gold_confident") is True and (
            _keeps_pace(gold) and _gains_in_line(gold, EXPLOIT_RATIO)):
        return "gold heavy"
    return "heavy"


def _gains_in_line(gold: dict[str, Any], least: float) -> bool:
    """Whether best-of-n's gain in gold is at least ``least`` of a prediction that was made
    and means something: a relation Spearman's test sees (:data:`NO_RELATION_P`) and a
    predicted gain of at least :data:`MIN_PREDICTED_SD`."""
    return bool(_number(gold, "ratio") >= least
                and _number(gold, "rank_p_value") < NO_RELATION_P
                and _number(gold, "v_gain_predicted_sd") >= MIN_PREDICTED_SD)


def _top_extremes(gold: dict[str, Any]) -> float:
    """``reward_top_extreme_share``, or in a file saved before it (schema 3.10) the stricter
    ``reward_top_error_share``."""
    share = _number(gold, "reward_top_extreme_share")
    return share if math.isfinite(share) else _number(gold, "reward_top_error_share")


def _number(gold: dict[str, Any], key: str) -> float:
    """``gold[key]`` as a float; NaN when it is missing or null (a saved file's)."""
    value = gold.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(
        value, bool) else math.nan


def error_not_catastrophic(gold: dict[str, Any] | None) -> str | None:
    """Why a heavy error is not read as the catastrophic-Goodhart case, in words (a clause
    that follows "the error (reward − gold) is heavy-tailed, but"), or None: its largest
    values come with gold's lowest scores and not with the top rewards
    (:data:`ERROR_AT_BOTTOM`), or the gold score is heavy-tailed too and keeps pace with it
    (:data:`GOLD_KEEPS_PACE`, :mod:`._pace`; catastrophic Goodhart needs a true utility whose
    tail falls behind the error's, docs/science.md §2). (A heavy error moving
    with gold is :func:`error_moves_with_gold`'s.)

    Parameters
    ----------
    gold : dict or None
        A :attr:`GoodhartSummary.gold`.

    Returns
    -------
    str or None
    """
    reading = error_tail(gold)
    if gold is None or reading not in ("at the bottom", "gold heavy"):
        return None
    q_gold, q_reward = (_number(gold, "error_top_gold_quantile"),
                        _number(gold, "error_top_reward_quantile"))
    if reading == "at the bottom":
        where = ("sit at the bottom of the reward too (median quantile "
                 f"{q_reward:.1%}): responses the reward over-rates but still scores among its "
                 "lowest" if q_reward < ERROR_AT_BOTTOM else
                 "none comes with a top reward (the reward's top 1%): responses far worse "
                 "than the reward says, which it does not rank on top")
        return (f"its {ERROR_TOP_M} largest values come with the lowest gold scores (median "
                f"quantile {q_gold:.1%}) and {where}; optimising the reward does not select "
                "them, so this tail is no route to catastrophic Goodhart (though the reward "
                "misses how bad these responses are)")
    return (f"so is the gold score (P(heavy) = {shown_probability(_number(gold, 'gold_p_heavy'))}"
            f", ξ = {gold_xi_words(gold, 'gold')} against the error's "
            f"{gold_xi_words(gold, 'error')}), and its tail keeps pace with the error's "
            "(1/ξ_gold − 1/ξ_error below 1, and best-of-n's gain in gold at least half the "
            "prediction): catastrophic Goodhart needs a true utility whose tail falls behind "
            f"the error's, and here best-of-n's gains in true utility go on; {UNTOLD}")


def _light_gold_words(gold: dict[str, Any]) -> str:
    """Why a heavy error whose extremes are gold's is still the catastrophic case: gold's own
    tail is light (:func:`error_moves_with_gold`); empty otherwise."""
    chi = _number(gold, "error_gold_chi")
    if not (chi >= ERROR_WITH_GOLD_CHI and gold.get("gold_label") in ("light", "bounded")):
        return ""
    return (f" (its extremes are gold's, χ = {chi:.2f}, but gold's own tail is "
            f"{gold['gold_label']}: the reward's heavy tail outruns true utility's, and a "
            "policy that buys reward at almost no KL cost gains almost none of it)")


def _signed(x: float) -> str:
    """``x`` with its sign and two decimals, without a negative zero ("-0.00 sd": a review)."""
    text = f"{x:+.2f}"
    return "+0.00" if text == "-0.00" else text


def error_clause(error: str, gold: dict[str, Any], *, heavy: bool) -> str:
    """The verdict's clause on the error reward − gold (``error``: :func:`error_tail`'s
    reading; ``gold``: a :attr:`GoodhartSummary.gold`; ``heavy``: whether the reward's own
    tail is heavy), empty where it adds nothing."""
    if error == "constant":
        return ("; but the reward is the gold score plus a constant (the error reward − gold "
                "is constant): the heavy tail is the true utility's, and what optimisation "
                "gains is gained in true utility (not catastrophic Goodhart)") if heavy else ""
    p_err = gold["error_p_heavy"]
    pe = shown_probability(p_err)
    cleared = (f"; the error (reward − gold) is heavy-tailed (P(heavy) = {pe}), but "
               f"{error_not_catastrophic(gold)}")
    return {
        # "not heavy-tailed", what the reading tests: P(heavy) low, whether the error is
        # light or bounded (a review: "has a light tail" beside an error "uncertain —
        # leaning light (0.53)", P(bounded) 0.43)
        "light": ("; but the error (reward − gold) is not heavy-tailed (P(heavy) = "
                  f"{pe}): the heavy tail is the true utility's, so what optimisation "
                  "gains is real (not catastrophic Goodhart)") if heavy else "",
        "heavy": (f"; the error (reward − gold) is heavy-tailed (P(heavy) = {pe}): "
                  "the catastrophic-Goodhart case, gains in reward need not be gains in "
                  f"true utility{_light_gold_words(gold)}{heavier_error_words(gold)}") if heavy
                 else (
                  f"; yet the error (reward − gold) is heavy-tailed (P(heavy) = {pe}):"
                  " at this sample size the reward's lighter tail hides the error's, and "
                  "optimisation pushed past the sample may reach it (the catastrophic-"
                  "Goodhart case)"),
        "with gold": (f"; the error (reward − gold) is heavy-tailed (P(heavy) = {pe}), "
                      "but its extremes are the gold score's: of the top "
                      f"{fmt_num(100 * (1 - gold.get('error_gold_chi_level', 0.99)))}% of "
                      "errors, "
                      f"{gold.get('error_gold_chi', math.nan):.0%} have gold scores in "
                      "gold's top share alike (χ; independence gives that share itself), "
                      "and gold's own tail is heavy. The reward stretches true utility rather "
                      "than adding an error whose tail outruns it, which catastrophic "
                      "Goodhart needs, and best-of-n gains track true utility (below); "
                      f"{UNTOLD} (ξ = {gold_xi_words(gold, 'error')} against gold's "
                      f"{gold_xi_words(gold, 'gold')})"),
        "at the bottom": cleared,
        "gold heavy": cleared,
        "uncertain": ("; whether the error (reward − gold) is heavy-tailed is uncertain "
                      f"(P(heavy) = {pe})") if heavy else (
                      "; whether the error (reward − gold) is heavy-tailed is uncertain "
                      f"(P(heavy) = {pe}): if it is, optimisation pushed past the "
                      "sample may reach it (the catastrophic-Goodhart case)"
                      if p_err > 1.0 - CONFIDENT else ""),
        "unreadable": (f"; the gold scores spread {gold.get('gold_scale_ratio') or 0:.3g} "
                       "times as wide as the reward, so the error reward − gold mixes two "
                       "units and its tail cannot tell whether this is catastrophic "
                       "Goodhart: put the gold scores on the reward's scale first"),
    }[error]


#: A best-of-n gain of choosing by gold above this many times a normal sample's expected
#: maximum says gold has extremes of its own (a heavy gold score: 28 sd at n = 2,000, where
#: normal scores give 3.4).
ORDINARY_EXTREMES = 1.5


def _normal_max(n: int) -> float:
    """The expected largest of ``n`` standard normal scores (Blom's approximation: 3.42 at
    n = 2,000 against 3.44)."""
    return float(ndtri((n - 0.375) / (n + 0.25)))


def _gain_interval(gold: dict[str, Any], signed: bool = True) -> str:
    """"95% interval a to b" of best-of-n's gain in gold (jackknife; "" where unmeasured)."""
    got, se = gold.get("v_gain_sd", math.nan), gold.get("v_gain_se_sd", math.nan)
    if not (math.isfinite(got) and math.isfinite(se) and se > 0):
        return ""
    lo, hi = got - 1.96 * se, got + 1.96 * se
    return (f"95% interval {_signed(lo)} to {_signed(hi)}" if signed or lo < 0 else
            f"95% interval {lo:.2f} to {hi:.2f}")


def gain_clause(gold: dict[str, Any]) -> str:
    """The verdict's clause on best-of-n's gain in the gold score (``gold``: a
    :attr:`GoodhartSummary.gold`), against what a proxy this correlated with it gives without
    extreme errors. A gain under half of that is put down to extreme errors only where the
    error's tail allows them: with a confidently light (or bounded) error (:func:`error_tail`)
    the top proxy scores cannot be dominated by extreme errors; the gap is the gold score's
    own extremes, which the proxy does not rank on top (a heavy gold score over a light
    proxy: choosing by gold gains 28 sd at n = 2,000, the correlation predicts 18)."""
    if (not math.isfinite(gold.get("v_gain_predicted_sd", math.nan))
            and math.isfinite(gold.get("v_gain_sd", math.nan))):
        few = (f"gold scores on {gold.get('gold_levels', 0)} levels"
               if gold.get("gold_levels", 0) < MIN_GOLD_LEVELS else
               f"rewards on {gold.get('proxy_levels', 0)} levels")
        ci = _gain_interval(gold)
        return (f"; best-of-{gold['n']:,} changes true utility by {_signed(gold['v_gain_sd'])} "
                f"sd ({ci + '; ' if ci else ''}{few}: too few for the prediction continuous "
                "scores allow)")
    if not math.isfinite(gold.get("v_gain_predicted_sd", math.nan)):
        return ""
    n_txt = f"{gold['n']:,}"
    pred, got, ratio = gold["v_gain_predicted_sd"], gold["v_gain_sd"], gold["ratio"]
    rho = f"correlation {_signed(gold['correlation'])}, from ranks"
    ci = _gain_interval(gold)
    sd_ci = f"sd ({ci})" if ci else "sd"
    if not gold.get("rank_p_value", 0.0) < NO_RELATION_P:
        return (f"; best-of-{n_txt} changes true utility by {_signed(got)} {sd_ci}, and the "
                f"{gold.get('pairs', 0):,} pairs with a gold score show no detectable "
                f"relation between proxy and gold ({rho}, p = {gold['rank_p_value']:.2g}): "
                "whether optimising this reward raises true utility cannot be told from them")
    if pred <= -MIN_PREDICTED_SD:
        return (f"; best-of-{n_txt} changes true utility by {_signed(got)} {sd_ci}, and the "
                f"proxy runs against the gold score ({rho}, which predicts {_signed(pred)} sd): "
                "optimising this reward lowers true utility")
    if pred < MIN_PREDICTED_SD:
        return (f"; best-of-{n_txt} changes true utility by {_signed(got)} {sd_ci}, and the "
                f"proxy barely tracks the gold score ({rho}, which predicts {_signed(pred)} sd): "
                "optimising this reward is not expected to raise true utility")
    se = gold.get("v_gain_se_sd", math.nan)
    if (ratio < EXPLOIT_RATIO and error_tail(gold) not in ("light", "at the bottom")
            and math.isfinite(se) and got + 1.96 * se >= EXPLOIT_RATIO * pred):
        # a shortfall within the gain's own noise is no finding of exploits (a review: clean
        # normal pairs, 600 rows, "only 0.39 sd (95% interval -0.05 to +0.83) ... rare
        # exploits" beside a prediction of 0.88); with a light error the clause below
        # explains the shortfall and accuses no exploit, and stays
        return (f"; best-of-{n_txt} changes true utility by {_signed(got)} {sd_ci}, under half "
                f"of the {pred:.2f} sd a proxy this correlated with the gold score ({rho}) "
                "gives without extreme errors, but within the noise of these "
                f"{gold.get('pairs', 0):,} pairs (the interval reaches half of it): whether "
                "the reward model's extreme errors cost true utility cannot be told from them")
    # "raises" only where the gain's interval stays above 0 (review 432: "raises true utility
    # by only 0.33 sd (95% interval -0.27 to +0.92)"); otherwise the change, signed
    raised = got > 0 and not got - 1.96 * gold.get("v_gain_se_sd", math.nan) <= 0
    if ratio < EXPLOIT_RATIO:
        plain = _gain_interval(gold, signed=False)
        gain = (f"raises true utility by only {got:.2f} sd" + (f" ({plain})" if plain else "")
                if raised else f"changes true utility by only {_signed(got)} {sd_ci}" if got > 0
                else f"does not raise true utility ({_signed(got)} sd{', ' + ci if ci else ''})")
        tail = error_tail(gold)
        lead = (f"the error (reward − gold) is light-tailed (P(heavy) = "
                f"{shown_probability(gold['error_p_heavy'])}), so these are no rare exploits: ")
        # (a heavy error throughout, t(2) or Pareto, is no "rare" exploit: a review)
        why = ("the top proxy scores are dominated by the reward model's extreme errors "
               "(exploits)"
               + (", though the error's own tail is uncertain (P(heavy) = "
                  f"{shown_probability(gold['error_p_heavy'], False)})"
                  if tail == "uncertain" else "")
               if tail not in ("light", "at the bottom") else
               "the error's largest values come with the lowest gold scores, not with the "
               "top rewards, so these are no rare exploits: the reward stops rising where the "
               f"gold score goes on (choosing by gold gains {gold['v_gain_oracle_sd']:.2f} sd), "
               "so its top scores do not rank gold's extremes"
               if tail == "at the bottom" else
               lead + (f"the gap is the gold score's own extremes (choosing by gold gains "
                  f"{gold['v_gain_oracle_sd']:.2f} sd), which the proxy does not rank on top"
                  if gold["v_gain_oracle_sd"] > ORDINARY_EXTREMES * _normal_max(gold["n"])
                  else "the gold score's extremes are ordinary (choosing by gold gains "
                  f"{gold['v_gain_oracle_sd']:.2f} sd, about what normal scores give), so the "
                  "error's tail, light but heavier than gold's, fills the top proxy scores: "
                  "they are chosen for their errors, and the gain in gold stops near the "
                  "error's scale (the mild Goodhart of an exponential-type error, which a KL "
                  "penalty still holds)"))
        return (f"; and best-of-{n_txt} {gain}, under half of the {pred:.2f} sd a proxy "
                f"this correlated with the gold score ({rho}) gives without extreme "
                f"errors: {why}")
    how = ("more than" if ratio > IN_LINE[1] else
           "in line with" if ratio >= IN_LINE[0] else "somewhat less than")
    plain = _gain_interval(gold, signed=False)
    return (f"; best-of-{n_txt} " + (f"raises true utility by {got:.2f} sd"
                                    f"{f' ({plain})' if plain else ''}" if raised else
                                    f"changes true utility by {_signed(got)} {sd_ci}")
            + f", {how} what a "
            f"proxy this correlated with the gold score ({rho}) gives without "
            f"extreme errors ({pred:.2f} sd)")


def gold_rows_curve(settings: dict[str, Any]
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Best-of-n of the rows with a gold score, from a summary's ``settings`` (gold on some
    rows: :func:`tailstat.goodhart.with_gold_comparison`): ``n``, ``v``, the gain's
    standard error, the KL, the gold scores' sd and the rows' count. Keys may be text (a
    saved analysis); a standard error saved as ``None`` is ``nan``."""
    def by_n(key: str) -> dict[int, float]:
        return {int(k): math.nan if x is None else float(x)
                for k, x in (settings.get(key) or {}).items()}

    v_by, se_by, kl_by = (by_n("gold_best_of_n_v"), by_n("gold_best_of_n_gain_se"),
                          by_n("gold_best_of_n_kl"))  # (kl, se: none if saved before them)
    ns = sorted(v_by)
    return (np.array(ns, dtype=float), np.array([v_by[k] for k in ns], dtype=float),
            np.array([se_by.get(k, math.nan) for k in ns], dtype=float),
            np.array([kl_by.get(k, float(kl_best_of_n(np.array(k)))) for k in ns], dtype=float),
            float(settings.get("gold_v_sd") or math.nan), float(settings.get("gold_rows") or 0))
