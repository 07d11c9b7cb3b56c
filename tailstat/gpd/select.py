"""Automatic threshold choice: the sequential goodness-of-fit rule of Bader, Yan & Zhang (2018).

Anderson–Darling p-values of the GPD fit at ordered candidate thresholds, and the ForwardStop
rule of G'Sell, Wager, Chouldechova & Tibshirani (2016) to choose among them; see
:func:`select_threshold`. Threshold specifications and the diagnostics are in
:mod:`tailstat.gpd.threshold`.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Hashable
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from tailstat import _validation as v
from tailstat._blas import single_blas_thread
from tailstat._pow2 import pow2_scale
from tailstat._warn import user_level
from tailstat.data.tail import row_copies
from tailstat.errors import DataError, TailstatWarning
from tailstat.gpd._common import (
    BADER_2018,
    MIN_EXCEEDANCES,
    TopValues,
    default_k_grid,
    grid_thresholds,
    sorted_values,
    top_values,
)
from tailstat.gpd._mle import mle
from tailstat.gpd.gof import _statistics, null_sf, specified_sf
from tailstat.results import Result

__all__ = ["ALL_REJECTED", "LOWEST_QUANTILE_DEFAULT", "MIN_EXCEED_DEFAULT",
           "N_CANDIDATES_DEFAULT", "REFIT_FAILED", "SELECT_CONSTRAINTS", "ThresholdChoice",
           "auto_lowest_quantile", "forward_stop", "lowest_quantile_for", "select_sorted",
           "select_threshold"]

#: How the note that every candidate was rejected begins (the report reads it in a tail
#: model's warnings).
ALL_REJECTED = "every one of the"


#: ``settings["chosen_fit"]`` of a :func:`select_sorted` whose refit of the chosen (thinned)
#: candidate on all its excesses did not converge: its thinned estimate stands.
REFIT_FAILED = "thinned (the refit on all excesses did not converge)"


@dataclass(frozen=True, eq=False, repr=False)
class ThresholdChoice(Result):
    """An automatically chosen threshold and the evidence behind it.

    Attributes
    ----------
    threshold : float
        The chosen threshold ``u``.
    n_exceed : int
        Values above it.
    rule : str
        ``"bader2018"`` and the level, e.g. ``"bader2018 ForwardStop (alpha = 0.05)"``.
    citation : str
        The published rule.
    alpha : float
        ForwardStop level (false discovery rate among rejected thresholds).
    index : int
        Position of the chosen threshold among the candidates (ascending).
    candidates, candidate_n_exceed, xi, sigma, ad_statistic, p_value, forward_stop
        Per candidate (ascending thresholds): the fit, the Anderson–Darling statistic and
        asymptotic p-value, and the ForwardStop statistic
        ``-(1/j) sum_{i<=j} log(1 - p_i)``.
    all_rejected : bool
        Every candidate was rejected; the highest is returned (with a warning).
    n : int
        Sample size.
    settings : dict
        Grid and test choices.
    warnings : tuple of str
        Caveats.
    """

    threshold: float
    n_exceed: int
    rule: str
    citation: str
    alpha: float
    index: int
    candidates: np.ndarray
    candidate_n_exceed: np.ndarray
    xi: np.ndarray
    sigma: np.ndarray
    ad_statistic: np.ndarray
    p_value: np.ndarray
    forward_stop: np.ndarray
    all_rejected: bool
    n: int
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    _repr_fields = ("threshold", "n_exceed", "rule")

    @property
    def table(self) -> pd.DataFrame:
        """One row per candidate threshold (ascending), with ``rejected`` (ForwardStop's
        rejections: the first ``k_hat``, all of them when :attr:`all_rejected`) and ``chosen``
        (the returned one, which is the first not rejected in the ordinary case only: the
        highest candidate when all are rejected, a lower one for clipped scores)."""
        idx = np.arange(self.candidates.shape[0])
        # from the statistic itself: ``index`` is k_hat only in the ordinary case (a review:
        # every candidate rejected, and the table said the returned one was not)
        k_hat, _ = forward_stop_count(self.forward_stop, self.alpha)
        return pd.DataFrame({
            "threshold": self.candidates, "n_exceed": self.candidate_n_exceed, "xi": self.xi,
            "sigma": self.sigma, "ad_statistic": self.ad_statistic, "p_value": self.p_value,
            "forward_stop": self.forward_stop, "rejected": idx < k_hat,
            "chosen": idx == self.index})

    def to_frame(self) -> pd.DataFrame:
        """The per-candidate :attr:`table`."""
        return self.table


#: The defaults of :func:`select_threshold`'s ``min_exceed`` and ``lowest_quantile``.
MIN_EXCEED_DEFAULT, LOWEST_QUANTILE_DEFAULT = 30, 0.5
#: The default number of candidate thresholds.
N_CANDIDATES_DEFAULT = 20

#: Argument constraints of :func:`select_threshold` (and of :func:`select_sorted`).
SELECT_CONSTRAINTS: dict[str, list[v.Constraint | None]] = {
    "rule": [v.StrOptions({"bader2018"})],
    "n_candidates": [v.Interval(Integral, 2, 200)],
    "alpha": [v.Interval(Real, 0, 1, closed="neither")],
    "lowest_quantile": [v.Interval(Real, 0, 1, closed="neither"), None],
    "min_exceed": [v.Interval(Integral, 1, None)],
    "column": v.COLUMN,
}


def forward_stop_count(stat: np.ndarray, alpha: float) -> tuple[int, np.ndarray]:
    """``(k_hat, stat)``: the number of leading hypotheses ForwardStop rejects, from its
    statistic ``stat`` (:func:`forward_stop`)."""
    below = np.flatnonzero(stat <= alpha)
    return (int(below[-1]) + 1 if below.size else 0), stat


@v.validate_params({"alpha": SELECT_CONSTRAINTS["alpha"]})
def forward_stop(p_values: np.ndarray, alpha: float) -> tuple[int, np.ndarray]:
    """ForwardStop (G'Sell et al. 2016): number of leading hypotheses to reject.

    Returns ``(k_hat, stat)`` with ``stat_j = -(1/j) sum_{i<=j} log(1 - p_i)`` and
    ``k_hat = max{j : stat_j <= alpha}`` (0 if none).
    """
    p = np.clip(np.asarray(p_values, dtype=float), 0.0, 1.0)
    y = -np.log1p(-np.minimum(p, 1.0 - 1e-16))
    return forward_stop_count(np.cumsum(y) / np.arange(1, p.shape[0] + 1), alpha)


def lowest_quantile_for(top: TopValues, n_candidates: int, min_exceed: int
                        ) -> float | None:
    """The smallest ``lowest_quantile`` (to 0.001) whose default grid a sketch holds and
    that still leaves two candidates with ``min_exceed`` exceedances.

    Parameters
    ----------
    top : TopValues
        The top values a sketch holds.
    n_candidates, min_exceed : int
        As :func:`select_threshold`'s.

    Returns
    -------
    float or None
        None when no level does.
    """
    n, held = top.n, top.held
    lq = math.ceil(1000.0 * (1.0 - (held - 1) / n)) / 1000.0
    while lq < 1.0 and math.floor(n * (1.0 - lq)) > held - 1:
        lq = round(lq + 0.001, 3)
    if lq >= 1.0 or default_k_grid(n, n_candidates, k_min=min_exceed,
                                   lowest_quantile=lq).size < 2:
        return None
    return lq


def _fixed_threshold_advice(n: int) -> str:
    """What to give instead of automatic selection: a quantile threshold that leaves the
    :data:`MIN_EXCEEDANCES` a fit needs (the advice "'90%'" left 6 of 60 values), or, for a
    sample too small for that, more data."""
    if n <= MIN_EXCEEDANCES:
        return (f"A fit needs at least {MIN_EXCEEDANCES} values above the threshold and a "
                "value at it: collect more data.")
    q = math.floor(100 * (n - MIN_EXCEEDANCES) / n)  # leaves at least MIN_EXCEEDANCES
    return (f"Give a threshold that leaves at least {MIN_EXCEEDANCES} values above it instead "
            f"(e.g. '{q}%').")


def _too_small_advice(n: int, min_exceed: int, lowest_quantile: float) -> str:
    """:func:`_fixed_threshold_advice`, or, when ``min_exceed`` or ``lowest_quantile`` (which
    only :func:`select_threshold` takes) differ from their defaults, to lower them."""
    if (min_exceed, lowest_quantile) == (MIN_EXCEED_DEFAULT, LOWEST_QUANTILE_DEFAULT):
        return _fixed_threshold_advice(n)
    return ("Lower min_exceed= or lowest_quantile= (their defaults are "
            f"{MIN_EXCEED_DEFAULT} and {LOWEST_QUANTILE_DEFAULT:g}), or give thresholds=.")


def _min_size(min_exceed: int, lowest_quantile: float) -> int:
    """The smallest ``n`` for which :func:`default_k_grid` gives two candidates: the lowest
    one must leave more than ``min_exceed`` exceedances, ``floor(n (1 - q)) > min_exceed``."""
    k = max(min_exceed, MIN_EXCEEDANCES) + 1
    n = max(k + 1, math.ceil(k / (1.0 - lowest_quantile)) - 2)  # a little low: float rounding
    while math.floor(n * (1.0 - lowest_quantile)) < k:  # the same product default_k_grid forms
        n += 1
    return n


def select_sorted(srt: np.ndarray | TopValues, *, rule: str = "bader2018",
                  thresholds: Any = None, n_candidates: int = 20, alpha: float = 0.05,
                  lowest_quantile: float = 0.5, min_exceed: int = 30, name: str | None = None,
                  cap: int | None = None, refit_chosen: bool = False,
                  warn: bool = True) -> ThresholdChoice:
    """:func:`select_threshold` on an already validated, ascending sample ``srt``.

    ``srt`` may also be the :class:`~tailstat.gpd._common.TopValues` of a sample or sketch.
    The arguments are those of :func:`select_threshold`, assumed checked against
    :data:`SELECT_CONSTRAINTS` (the defaults are).

    ``cap``: fit each candidate to at most ``cap`` evenly spaced order statistics of its
    excesses (always the largest), which follow the same quantiles, so that the estimate
    barely moves while the maximum-likelihood iterations stay cheap at low thresholds; the
    Anderson–Darling test still reads every excess (its power is kept). ``None``: every
    excess (the default). ``refit_chosen=True`` (with ``cap``): the chosen candidate's ``xi``
    and ``sigma`` are then refitted on all its excesses, from the thinned estimate: the
    thinned points always hold the largest excess, whose rank among them is far more extreme
    than among all, and their ``xi`` reads high (+0.005 at ``n = 10^6`` for Pareto(3) and
    Exp(1) samples, about two standard errors). A thinned fit at ``xi = -1`` (the end point
    at the largest excess, which the thinned points hold) is kept: the full fit may lie just
    inside the boundary (``xi`` within about 0.003 of -1 in a review's uniform samples, the
    end point the same to about 1e-9). ``settings["chosen_fit"]`` says which happened.
    ``warn=False``: a caveat is only recorded in ``warnings``.
    """
    top = srt if isinstance(srt, TopValues) else sorted_values(srt, name=name or "x")
    name = name or top.name
    n = top.n
    if thresholds is None:
        ks = default_k_grid(n, n_candidates, k_min=min_exceed, lowest_quantile=lowest_quantile)
        if ks.size < 2:
            raise DataError(
                f"{name!r} has {n} values; automatic threshold selection needs at least "
                f"{_min_size(min_exceed, lowest_quantile)} so that several candidate "
                f"thresholds above its {100 * lowest_quantile:g}% quantile each leave "
                f"{min_exceed} or more exceedances. "
                + _too_small_advice(n, min_exceed, lowest_quantile))
        lq = lowest_quantile_for(top, n_candidates, min_exceed) if not top.complete else None
        u = top.order_stats(ks, advice=(
            f"The candidates start at the {lowest_quantile:.1%} quantile; "
            + (f"use lowest_quantile={lq:g} (select_threshold, then pass its result to "
               "fit_gpd)" if lq is not None else "the sketch holds too few for this")
            + f"; or give select_threshold thresholds= at or above {top.asc[0]:.6g}, or "
              f"fit_gpd a fixed threshold at or above it."))
        how = (f"{ks.size} order statistics X(n-k), k geometric from {ks[0]} to {ks[-1]} "
               f"(from the {100 * lowest_quantile:g}% quantile up)")
    else:
        u, how = grid_thresholds(top, thresholds, n_candidates)
    u = np.unique(u)
    k = top.n_above(u)
    # tied scores: X(n-k) of several k is one value and leaves fewer than k values above it;
    # the default grid keeps its promise of min_exceed exceedances at every candidate
    least = MIN_EXCEEDANCES if thresholds is not None else min_exceed
    keep = k >= least
    if thresholds is None and (u.size < ks.size or not keep.all()):
        how += (f"; with ties, {int(keep.sum())} distinct thresholds leaving at least "
                f"{min_exceed} values above")
    if not keep.any():
        raise DataError(f"no candidate threshold leaves {least} or more exceedances of "
                        f"{name!r}" + (" (its scores are tied: give thresholds=, or fit_gpd "
                                       "a fixed threshold)." if thresholds is None else
                                       f": the lowest, {u[0]:.6g}, leaves {int(k[0])}. Give "
                                       "lower thresholds= (each must leave at least "
                                       f"{least} values above it)."))
    dropped = u[~keep] if thresholds is not None else u[:0]
    u, k = u[keep], k[keep]
    m = u.shape[0]
    xi = np.full(m, np.nan)
    sig = np.full(m, np.nan)
    a2 = np.full(m, np.nan)
    pv = np.zeros(m)
    at_bound = np.zeros(m, dtype=bool)  # fitted at the xi = -1 boundary
    exact = np.zeros(m, dtype=bool)  # ... and tested below an untied largest excess
    repeated = np.zeros(m, dtype=bool)  # every excess one value: no GPD there
    notes: list[str] = []
    if dropped.size:  # given candidates left out (a review: 5 given, 3 in the table, silent)
        notes.append(f"{dropped.size} of the given thresholds leave fewer than {least} "
                     f"exceedances and are left out: "
                     + ", ".join(f"{t:.6g}" for t in dropped[:5]) + (" ..." if dropped.size > 5
                                                                   else ""))
    # fitted in units of (a power of two near) the largest magnitude: exact, and no overflow
    scale = pow2_scale(top.minimum, top.maximum, u)

    def step_of(size: int) -> int:  # every step-th excess is fitted (1: all of them)
        return 1 if cap is None else max(1, -(-size // cap))

    def excesses(j: int) -> np.ndarray:  # candidate j's excesses, ascending, in scaled units
        y = np.divide(top.largest(int(k[j])), scale)
        y -= u[j] / scale
        return y

    for j in range(m):  # bounded: one fit and one test per candidate
        y = excesses(j)
        step = step_of(y.shape[0])
        yt = y if step == 1 else y[(y.shape[0] - 1) % step::step]
        if yt[-1] <= yt[0] or yt.shape[0] < MIN_EXCEEDANCES:
            repeated[j] = bool(y[-1] <= y[0])
            continue
        sol = mle(yt, y_is_sorted=True)
        xi[j], sig[j] = sol.xi, sol.sigma * scale
        at_bound[j] = sol.boundary
        if not sol.converged:
            continue  # p = 0: the GPD cannot be fitted there
        xi_t, sig_t = sol.xi, sol.sigma
        if sol.boundary and y[-2] < y[-1]:
            # xi = -1: a uniform tail, whose maximum-likelihood end point is the largest
            # excess. Given it, the other excesses of a uniform tail are uniform below it:
            # they are tested against U(0, y_max) with the null of a fully specified law
            # (valid, a little conservative: gof's module doc). The statistic of all of them
            # against an estimated end point, with the table's null at xi = -0.5, rejected
            # 13.5% of uniform samples of 2,000 at alpha = 0.05 (5% at xi = -0.3 to -0.8).
            a2[j], _ = _statistics(y[:-1], -1.0, float(y[-1]))
            pv[j] = specified_sf(a2[j], "ad") if np.isfinite(a2[j]) else 0.0
            exact[j] = True
            continue
        if sol.boundary:
            # a tied largest excess (rounded scores, or an atom at a ceiling): the unbiased
            # end point y_max (k + 1) / k instead, where the statistic stays finite for a
            # few ties and a clipped atom still fails the test
            xi_t, sig_t = -1.0, float(y[-1]) * (y.shape[0] + 1) / y.shape[0]
        a2[j], _ = _statistics(y, xi_t, sig_t)
        pv[j] = null_sf(a2[j], xi_t, "ad") if np.isfinite(a2[j]) else 0.0
    k_hat, fs = forward_stop(pv, alpha)
    all_rejected = k_hat >= m
    idx = min(k_hat, m - 1)
    if repeated[idx]:
        # every candidate from here up leaves only the repeated top value (clipped scores at
        # a ceiling): the highest candidate below them is returned, never one no GPD can fit
        # (a review: 223 clipped scores, a candidate count, failed fit_gpd(x) and the whole
        # Goodhart summary; 222 or 224 did not)
        below = np.flatnonzero(~repeated[:idx])
        if below.size == 0:
            raise DataError(f"every candidate threshold of {name!r} leaves only one repeated "
                            f"value above it ({top.maximum:.6g}: clipped scores at a ceiling?): "
                            "a GPD cannot be fitted to a single value. Give a lower threshold.")
        idx = int(below[-1])
        notes.append(f"the candidates above u = {u[idx]:.6g} leave only the repeated top value "
                     f"{top.maximum:.6g} (clipped scores?): the highest candidate below them is "
                     "returned.")
    if step_of(int(k[idx])) == 1:
        chosen_fit = "all excesses"
    elif at_bound[idx]:
        chosen_fit = "thinned (at xi = -1)"
    elif refit_chosen and np.isfinite(xi[idx]):
        full = mle(excesses(idx), start=(float(xi[idx]), float(sig[idx]) / scale), y_is_sorted=True)
        chosen_fit = REFIT_FAILED
        if full.converged and math.isfinite(full.xi) and math.isfinite(full.sigma):
            xi[idx], sig[idx] = full.xi, full.sigma * scale
            chosen_fit = "refitted on all excesses"
    else:
        chosen_fit = "thinned"
    if np.any((xi[idx:] < -0.5) & ~exact[idx:]):  # (not those tested below the largest)
        notes.append("some candidates have xi < -0.5, where the asymptotic Anderson-Darling "
                     "null distribution is not valid (taken at xi = -0.5).")
    if all_rejected:
        msg = (f"{ALL_REJECTED} {m} candidate thresholds of {name!r} was rejected by the "
               f"Anderson-Darling tests (ForwardStop, alpha = {alpha}); the highest candidate "
               f"that can be fitted, u = {u[idx]:.6g} ({int(k[idx])} exceedances), is "
               "returned. The GPD may not fit "
               "this tail at any tested threshold: inspect threshold_stability() and the "
               "candidate table.")
        notes.append(msg)
        if warn:
            warnings.warn(msg, TailstatWarning, stacklevel=user_level())
    return ThresholdChoice(
        threshold=float(u[idx]), n_exceed=int(k[idx]),
        rule=f"bader2018 ForwardStop (alpha = {alpha:g})", citation=BADER_2018,
        alpha=float(alpha), index=int(idx), candidates=u, candidate_n_exceed=k.astype(np.int64),
        xi=xi, sigma=sig, ad_statistic=a2, p_value=pv, forward_stop=fs,
        all_rejected=bool(all_rejected), n=int(n),
        settings={"candidates": how, "test": "Anderson-Darling, asymptotic p-values "
                  "(Choulakian & Stephens 2001; a fit at the xi = -1 boundary with its "
                  "largest excess untied: the others against the uniform law below it, "
                  "Anderson & Darling 1952)", "alpha": float(alpha),
                  "n_candidates": int(m),
                  **({"fitted_on": f"at most {cap} evenly spaced order statistics of the "
                                   "excesses (the test on all of them)",
                      "chosen_fit": chosen_fit}
                     if cap is not None else {})},
        warnings=tuple(notes))


@single_blas_thread
@v.validate_params(SELECT_CONSTRAINTS)
def select_threshold(x: Any, *, rule: str = "bader2018", thresholds: Any = None,
                     n_candidates: int = 20, alpha: float = 0.05,
                     lowest_quantile: float | None = None, min_exceed: int = 30,
                     column: Hashable | None = None) -> ThresholdChoice:
    """Choose a GPD threshold by sequential goodness-of-fit testing (Bader, Yan & Zhang 2018).

    At each candidate ``u_1 < ... < u_l`` the GPD is fitted by maximum likelihood and tested
    with the Anderson–Darling statistic (asymptotic p-value ``p_i``, Choulakian & Stephens
    2001). ForwardStop rejects the first ``k_hat = max{j : -(1/j) sum_{i<=j} log(1 - p_i) <=
    alpha}`` thresholds, controlling the false discovery rate among them at ``alpha``; the
    chosen threshold is ``u_{k_hat + 1}``. Run time is bounded: one fit and one test per
    candidate.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts, or a :class:`tailstat.TailSketch`
        A sketch gives the sample's choice exactly when it holds every candidate's
        exceedances: the default candidates start at the median (``lowest_quantile``), or,
        for a sketch that holds less than its upper half, at the lowest quantile it holds
        (the choice's ``settings["candidates"]`` says which).
    rule : {"bader2018"}
        The rule (only one is implemented).
    thresholds : sequence of float, optional
        Candidate thresholds; those leaving fewer than 10 exceedances are left out, named in
        ``warnings``. Default: ``n_candidates`` order statistics ``X(n-k)`` with ``k``
        geometric from ``n (1 - lowest_quantile)`` down to ``min_exceed``.
    n_candidates : int
        Size of the default grid (2..200).
    alpha : float
        ForwardStop level.
    lowest_quantile : float, optional
        Quantile level of the lowest default candidate. Default: 0.5, or, for a sketch
        holding less than its upper half, the lowest level (to 0.001) whose candidates it
        holds (:func:`auto_lowest_quantile`).
    min_exceed : int
        Exceedances left above the highest default candidate.
    column : str or int, optional
        Column of a table input.

    Returns
    -------
    ThresholdChoice
        If every candidate is rejected, the highest is returned, ``all_rejected`` is set and a
        :class:`~tailstat.errors.TailstatWarning` is issued; another when nearly every value
        above the chosen threshold appears the same number of times (duplicated rows, which
        the tests count as observations).
    """
    top = top_values(x, column)
    if lowest_quantile is None:
        lowest_quantile = auto_lowest_quantile(top, n_candidates, min_exceed)
    choice = select_sorted(top, rule=rule, thresholds=thresholds, n_candidates=n_candidates,
                           alpha=alpha, lowest_quantile=lowest_quantile, min_exceed=min_exceed)
    return _duplicated_rows_noted(choice, top)


def _duplicated_rows_noted(choice: ThresholdChoice, top: TopValues) -> ThresholdChoice:
    """``choice``, with a warning when nearly every value above its threshold appears
    ``m >= 2`` times: rows repeated, which the tests count as observations (a review: t(3)
    rows read twice had every candidate rejected, said as a GPD that fits no threshold;
    fit_gpd names the copies itself)."""
    # over the lowest candidate's exceedances, the most values tested (above the highest,
    # 30 values of rows read 3 times held too few distinct levels to tell: a review)
    j = int(np.argmax(choice.candidate_n_exceed))
    copies = row_copies(top.largest(int(choice.candidate_n_exceed[j]))[::-1])
    if copies is None:
        return choice
    msg = (f"duplicated rows? nearly every value of {top.name!r} above u = "
           f"{float(choice.candidates[j]):.6g} appears {copies} times: the tests count each "
           "copy as an observation, so they reject sooner and choose on the copies. Drop the "
           "duplicated rows (e.g. DataFrame.drop_duplicates) and choose again.")
    warnings.warn(msg, TailstatWarning, stacklevel=user_level())
    return dataclasses.replace(choice, warnings=(*choice.warnings, msg))


def auto_lowest_quantile(top: TopValues, n_candidates: int = N_CANDIDATES_DEFAULT,
                         min_exceed: int = MIN_EXCEED_DEFAULT) -> float:
    """The quantile level the default candidate thresholds start at: the median
    (:data:`LOWEST_QUANTILE_DEFAULT`), or, for a sketch holding less than its upper half,
    the lowest level whose candidates it holds (:func:`lowest_quantile_for`; the median when
    none leaves two candidates, whose error then says what the sketch holds). ``"auto"``
    thresholds and :func:`select_threshold` without ``lowest_quantile`` use it (both failed
    on a default sketch of 20,000 values, which holds the top 37%: a review).

    Parameters
    ----------
    top : TopValues
        The top values of a sample or sketch.
    n_candidates, min_exceed : int
        As :func:`select_threshold`'s.

    Returns
    -------
    float
    """
    lq = None if top.complete else lowest_quantile_for(top, n_candidates, min_exceed)
    return max(LOWEST_QUANTILE_DEFAULT, lq) if lq is not None else LOWEST_QUANTILE_DEFAULT
