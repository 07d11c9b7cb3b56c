"""The minimum-KL frontier: :func:`kl_frontier`, the Cramér rate function of the proxy.

To raise the mean proxy reward from ``E[U]`` to at least ``m`` a policy needs
``KL(pi || pi0) >= I(m) = sup_t [t m - log E exp(t U)]`` (the convex conjugate of the cumulant
generating function), reached by the exponential tilt ``pi_t ∝ pi0 exp(t U)`` with tilted mean
``m``. The expectation is taken under the tail model (:mod:`tailstat.goodhart.tail`): the
empirical body plus the fitted GPD tail, which is what lets the frontier reach means whose
tilted law puts mass past the sample's maximum.

For a heavy tail ``E exp(tU) = ∞`` for every ``t > 0`` and ``I(m) = 0`` for every ``m`` above the
mean: no KL budget limits the proxy. The infimum is not attained, so the result gives the
explicit cheap policy of Kwa, Thomas & Garriga-Alonso (2024, theorem 1): move a probability
``p`` onto the outcomes with ``U > tau`` (``pi = (1 - p) pi0 + p pi0(. | U > tau)``), with ``tau``
chosen in the fitted tail to minimise the KL; the table reports ``tau``, ``p``,
``P(U > tau)``, the KL it costs and the mean it reaches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from numbers import Real
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._validation import InstanceOf, check
from tailstat.goodhart._common import (
    as_float_list,
    check_pair,
    check_positive_scalar,
    fmt_level,
    mean_sd,
)
from tailstat.goodhart._shared import in_shared_work
from tailstat.goodhart.semiparametric import SemiParametric, law_of
from tailstat.goodhart.tail import TailModel, end_point_note, reads_sample, resolve_tail
from tailstat.results import Result

__all__ = ["KLFrontier", "cheap_policy", "kl_frontier", "mixture_kl", "reads_sample",
           "sample_law"]

#: The tilted law is called extrapolated when it puts more than this mass past the sample max.
BEYOND_SAMPLE = 0.01
#: Default targets: the mean plus these many standard deviations.
DEFAULT_TARGET_SD = np.round(np.arange(0.25, 5.01, 0.25), 2)


@dataclass(frozen=True, eq=False, repr=False)
class KLFrontier(Result):
    """The minimum KL needed to raise the mean proxy reward to each target.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per target: ``target``, ``target_sd`` (in sd above the mean, ddof = 0), ``rate``
        (``I(m)``, nats; ``0`` under a heavy tail, ``inf`` past the support), ``tilt`` (the
        optimal ``t``), ``rate_sample`` (the rate from the sample alone, which cannot look past
        its maximum), ``beyond_sample`` (mass the tilted law puts past the sample maximum),
        ``extrapolated`` (``beyond_sample > 1%``, a target the fitted tail puts past its end,
        or the policy uses the tail past the sample),
        and, under a heavy tail, the cheap policy: ``policy_threshold`` (``tau``),
        ``policy_prob`` (``p`` moved), ``policy_exceed_prob`` (``P(U > tau)``), ``policy_kl``
        and ``policy_mean``.
    label : str
        The tail model's label.
    heavy : bool
    mean, sd : float
        Of the sample (targets in sd are relative to these).
    kl_budget : float
        The KL the cheap policies aim to stay under.
    tail : TailModel
    name : str
    settings : dict
    warnings : tuple of str
    """

    table: pd.DataFrame
    label: str
    heavy: bool
    mean: float
    sd: float
    kl_budget: float
    tail: TailModel
    name: str = "u"
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    _repr_fields = ("label", "heavy", "mean", "sd")

    def __repr__(self) -> str:
        t = self.table
        # levels keep their digits at an offset: I(1,000,001.4), not four times I(1e+06)
        lv = partial(fmt_level, centre=self.mean, sd=self.sd)
        rows = ", ".join(f"I({lv(m)})={r:.3g}" for m, r in zip(t["target"].head(4),
                                                               t["rate"].head(4), strict=True))
        return (f"KLFrontier(label={self.label!r}, heavy={self.heavy}, mean={lv(self.mean)}, "
                f"sd={self.sd:.4g}, {rows}{', ...' if len(t) > 4 else ''})")

    def to_frame(self) -> pd.DataFrame:
        """The frontier table (a copy)."""
        return self.table.copy()

    def rate_at(self, target: float) -> float:
        """``I(m)`` at one of the targets.

        Parameters
        ----------
        target : float
            One of the targets the frontier was computed at (matched to within 1e-9 of the
            targets' spread and the rounding of their magnitude, not :func:`numpy.isclose`'s
            absolute 1e-8, which took targets 1e-9 apart for one).

        Returns
        -------
        float

        Raises
        ------
        KeyError
            When ``target`` is not one of them.
        DataError
            When ``target`` is not one number (a list raised a bare TypeError: a review).
        """
        if isinstance(target, np.ndarray) and target.ndim == 0:
            target = target.item()  # (a 0-d array is one number)
        check("target", target, [InstanceOf(Real, text="one number, a target")])
        t = self.table["target"].to_numpy(dtype=float)
        err = np.abs(t - float(target))
        tol = (1e-9 * float(np.ptp(t)) + 8.0 * np.finfo(float).eps
               * max(float(np.max(np.abs(t))), abs(float(target)))) if t.size else 0.0
        hit = (err <= tol) & (err == err.min()) if t.size else np.zeros(0, dtype=bool)
        if not hit.any():
            raise KeyError(f"{target!r} is not one of the targets")
        return float(self.table["rate"].to_numpy()[hit][0])


def mixture_kl(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``KL((1-p) pi0 + p pi0(.|A) || pi0)`` for an event ``A`` of probability ``q``."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    above = (1.0 - p) * q + p
    with np.errstate(divide="ignore", invalid="ignore"):
        r_above = np.log1p(p * (1.0 - q) / q)  # log((1-p) + p/q)
        out = above * r_above + (1.0 - p) * (1.0 - q) * np.log1p(-p)
    return np.where(p <= 0, 0.0, np.where(p >= 1, -np.log(q), out))


def cheap_policy(model: TailModel, target: np.ndarray, budget: float = 0.01, *,
                 n_grid: int = 600) -> dict[str, np.ndarray]:
    """A cheap "move ``p`` onto ``U > tau``" policy reaching each target mean.

    ``tau`` runs over the model's tail (``P(U > tau)`` from ``zeta`` down to ``1e-300``); for
    each target, ``p = (m - mu) / (E[U | U > tau] - mu)``. The least extreme ``tau`` whose KL is
    within ``budget`` is kept (the KL keeps falling as ``tau`` grows, so a more extreme policy
    is always cheaper still); when none is, the cheapest on the grid. With ``xi >= 1`` the
    model's mean is already infinite: the policy is ``pi0`` itself (``p = 0``, mean ``inf``).
    """
    target = np.asarray(target, dtype=float)
    mu = model.model_mean
    nt = target.shape[0]
    out = {k: np.full(nt, np.nan) for k in ("threshold", "prob", "exceed_prob", "kl", "mean")}
    below = target <= mu
    out["prob"][below] = 0.0
    out["kl"][below] = 0.0
    out["mean"][below] = mu
    if not math.isfinite(mu):  # xi >= 1: the mean is already infinite
        out.update(threshold=np.full(nt, model.threshold), prob=np.zeros(nt),
                   exceed_prob=np.full(nt, model.zeta), kl=np.zeros(nt), mean=np.full(nt, np.inf))
        return out
    logq = np.linspace(math.log(model.zeta), math.log(1e-300), n_grid)
    q = np.exp(logq)
    with np.errstate(over="ignore", invalid="ignore"):  # thresholds past the float maximum
        tau = model.isf(q)
        e = model.mean_above(tau)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = (target[:, None] - mu) / (e[None, :] - mu)
    ok = np.isfinite(p) & (p > 0) & (p <= 1)
    kl = np.where(ok, mixture_kl(np.clip(p, 0, 1), q[None, :]), np.inf)
    # the least extreme threshold (largest P(U > tau)) within the budget, else the cheapest
    within = kl <= budget
    first = np.argmax(within, axis=1)
    best = np.where(within.any(axis=1), first, np.argmin(kl, axis=1))
    rows = np.arange(nt)
    found = np.isfinite(kl[rows, best]) & ~below
    out["threshold"][found] = tau[best[found]]
    out["prob"][found] = p[rows, best][found]
    out["exceed_prob"][found] = q[best[found]]
    out["kl"][found] = kl[rows, best][found]
    pf = out["prob"][found]
    with np.errstate(over="ignore", invalid="ignore"):
        out["mean"][found] = (1 - pf) * mu + pf * e[best[found]]
    return out


@in_shared_work  # the sample's mean, sd, order and law, computed once
@np.errstate(under="ignore")  # underflow to 0 is meant (a caller's seterr(all="raise"))
def kl_frontier(
    u: Any,
    target: Any = None,
    *,
    tail: Literal["auto", "empirical"] | TailModel = "auto",
    threshold: float | str = "auto",
    kl_budget: float = 0.01,
    name: str | None = None,
) -> KLFrontier:
    """Minimum KL to raise the mean proxy reward to each target: the Cramér rate function.

    Parameters
    ----------
    u : array-like
        Proxy rewards of samples from the base policy ``pi0``.
    target : float or sequence of float, optional
        Target mean rewards (absolute). Default: the sample mean plus 0.25, 0.5, ..., 5 sample
        standard deviations.
    tail : {"auto", "empirical"} or TailModel
        The tail model (see :func:`fit_tail_model`); pass a fitted model to reuse it.
    threshold : float or str
        GPD threshold when the tail model is fitted here (see :func:`fit_tail_model`);
        left at ``"auto"`` when ``tail`` is a ``TailModel``, which brings its own.
    kl_budget : float
        Under a heavy tail, the policy reported for each target is the least extreme one
        (largest ``P(U > tau)``) that costs at most this many nats; a more extreme threshold is
        cheaper still.
    name : str, optional

    Returns
    -------
    KLFrontier

    Raises
    ------
    DataError
        Invalid input (non-finite values, fewer than 5 values, non-finite targets); with
        the default automatic threshold, fewer than 62 values (see :func:`fit_tail_model`).

    Notes
    -----
    Light tails: ``I(m) = t m - log M(t)`` where ``t`` solves ``M'(t)/M(t) = m`` (safeguarded
    Newton, vectorised over targets), ``M`` the moment generating function of the empirical
    body (binned into 8192 equal-width bins beyond 8192 values; bin means keep the first
    moment exact, the relative error of ``M`` is about ``t^2 h^2 / 24`` for bin width ``h``) plus
    the GPD tail (closed form for ``xi = 0``, where only ``t < 1/sigma`` is allowed;
    Gauss–Legendre quadrature for ``xi < 0``). Targets at or below the model's mean need no KL
    (rate 0): that of the body and the fitted tail, which differs from the sample mean (from
    which ``target_sd`` counts) by the tail fit's error in the mean excess (0.0013 sd on 3,000
    normal scores, where the sample mean itself costs a rate of 8e-7 nats);
    targets beyond the upper end of the support are unreachable (rate ``inf``), and so is its
    end itself under a GPD tail (no mass there); the sample alone (``tail="empirical"``) ends
    at its maximum, which a policy reaches by putting all its mass there, at
    ``-log P(U = max)``.
    """
    x, _, nm = check_pair(u, None)
    nm = name or nm
    budget = check_positive_scalar(kl_budget, "kl_budget")
    mean, sd = mean_sd(x)
    tg = (mean + DEFAULT_TARGET_SD * sd) if target is None else as_float_list(target, "target")
    model = resolve_tail(x, tail, threshold, nm)  # after the arguments' checks
    notes: list[str] = list(model.warnings)
    emp = _own_law(x, model)
    rate_sample, _, _ = _rates(emp, tg)
    cols: dict[str, Any] = {"target": tg, "target_sd": (tg - mean) / sd if sd > 0 else np.nan}
    if model.heavy:
        pol = cheap_policy(model, tg, budget)
        base = model.model_mean
        none = np.isnan(pol["kl"]) & (tg > base)  # no policy found for a target above the mean
        rate = np.zeros(tg.shape)
        cols.update(rate=rate, tilt=np.full(tg.shape, np.nan), rate_sample=rate_sample,
                    beyond_sample=np.full(tg.shape, np.nan),
                    # no policy found (NaN) for a target above the mean: the rate of 0 is the
                    # theory's word alone (a review: it said False)
                    extrapolated=(np.nan_to_num(pol["exceed_prob"], nan=1.0) < 10.0 / model.n)
                    | none
                    # a fitted shape at or above 1: the base law's infinite mean, which
                    # makes every target free, is the fitted tail's word alone (a review:
                    # False on every row of a Cauchy sample, whose own law charges them)
                    | (not math.isfinite(base)),
                    policy_threshold=pol["threshold"], policy_prob=pol["prob"],
                    policy_exceed_prob=pol["exceed_prob"], policy_kl=pol["kl"],
                    policy_mean=pol["mean"])
        if np.any(none):
            notes.append(f"for {int(np.sum(none))} target(s) no policy of the form \"move p "
                         "onto U > τ\" reaches the target with P(U > τ) down to 1e-300 under the "
                         "fitted GPD: their policy columns are NaN; the theory's infimum is "
                         "still 0 for a heavy tail.")
        over = pol["kl"] > budget  # (False where none was found)
        if np.any(over & (tg > base)):
            with np.errstate(over="ignore"):
                capped = not math.isfinite(float(model.isf(1e-300)))
            why = (" The thresholds of the cheaper policies lie beyond the float maximum "
                   "(1.8e308), where no policy can be written: rescale the rewards (divide "
                   "them by a power of ten) to see them." if capped else "")
            notes.append(f"for {int(np.sum(over & (tg > base)))} target(s) the cheapest policy "
                         f"found costs more than kl_budget = {budget:g} nats under the fitted "
                         f"GPD; the theory's infimum is still 0 for a heavy tail.{why}")
    else:
        # saturated scores: the sample is exact at the ceiling, whose atom a policy can move
        # onto at -log P(U = max); the GPD ending there has no mass at it (a review: targets
        # 6.6% of today's outputs reach were "unreachable")
        saturated = bool(model.settings.get("saturated"))
        sp = emp if reads_sample(model) else law_of(x, model)
        if saturated:
            notes.append("the scores are saturated (an atom at their maximum): the frontier is "
                         "the sample's own, which holds the ceiling's mass exactly.")
        rate, t, beyond = _rates(sp, tg)
        # a target past the fitted tail's end is "unreachable" on the model's word alone:
        # extrapolated (a review: those rows, inf against a normal's true 18 at 6 sd, said
        # False, as NaN > 0.01 is)
        cols.update(rate=rate, tilt=t, rate_sample=rate_sample, beyond_sample=beyond,
                    extrapolated=(beyond > BEYOND_SAMPLE)
                    | (np.isinf(rate) & (sp.tail_kind != "none")))
        for c in ("policy_threshold", "policy_prob", "policy_exceed_prob", "policy_kl",
                  "policy_mean"):
            cols[c] = np.full(tg.shape, np.nan)
        if not (model.empirical or saturated):  # a light tail's GPD ending where it does not
            notes.extend(end_point_note(model, float(np.max(tg)),
                                        "rates of targets near that end are likely too high"))
        if np.any(np.isinf(rate)):
            where = "above" if sp.tail_kind == "none" else "at or above"
            end = fmt_level(sp.c + sp.s * sp.m_sup, mean, sd)  # 1e12 + 0.5 is no 1e+12
            notes.append(f"targets {where} {end} (the upper end of the "
                         "model's support, or where its survival falls below e^-700) are "
                         "unreachable: rate = inf.")
    if model.provisional:
        # (kl_tilt and the summary say so; the frontier alone read "rate = 0" as a finding:
        # a review, gamma(0.5) at P(heavy) = 0.54, whose true rate at 3 sd is 1.29 nats)
        notes.append(
            f"{model.doubt}: under a heavy tail every target costs 0 "
            "nats (the infimum), under a light one about what the sample's own law charges "
            f"(column rate_sample); the table follows the more probable label ({model.label}).")
    table = pd.DataFrame(cols)
    settings = {"tail": model.label, "provisional": bool(model.provisional),
                "threshold": model.settings.get("threshold", threshold), "kl_budget": budget,
                "target": "mean + k sd" if target is None else "given",
                "body_binning": "exact up to 8192 values, else 8192 equal-width bins (bin means)",
                "extrapolated_when": f"tilted mass past the sample max > {BEYOND_SAMPLE:g}, "
                                     "or a rate inf only by the fitted tail's end "
                                     "(heavy: policy's P(U > tau) < 10/n, or a fitted "
                                     "shape >= 1, whose infinite mean is the model's alone)"}
    return KLFrontier(table=table, label=model.label, heavy=model.heavy, mean=mean, sd=sd,
                      kl_budget=budget, tail=model, name=nm, settings=settings,
                      warnings=tuple(dict.fromkeys(notes)))


def _own_law(x: np.ndarray, model: TailModel) -> SemiParametric:
    """The sample's own law (its empirical distribution, whatever the tail model)."""
    return law_of(x, model, own=True)


def sample_law(x: np.ndarray, model: TailModel) -> SemiParametric | None:
    """The sample's own law where :func:`reads_sample`, else ``None``."""
    return _own_law(x, model) if reads_sample(model) else None


def _rates(sp: SemiParametric, target: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rate, tilt (of U) and tilted mass beyond the sample max for each target mean of U."""
    tg = (target - sp.c) / sp.s  # standardised
    m0 = float(sp.stats(np.zeros(1))["mean"][0])
    rate = np.zeros(tg.shape)
    t = np.zeros(tg.shape)
    beyond = np.full(tg.shape, np.nan)
    st0 = sp.stats(np.zeros(1))
    beyond[:] = st0["beyond"][0]
    inside = (tg > m0) & (tg < sp.m_sup)
    rate[tg >= sp.m_sup] = np.inf
    t[tg >= sp.m_sup] = np.inf
    beyond[tg >= sp.m_sup] = np.nan
    if sp.tail_kind == "none":
        # the sample alone ends at its maximum, which carries mass: a target there is reached
        # by putting all the mass on it, at KL = -log P(U = max) (the tilt's limit t -> inf)
        at_max = (tg == sp.m_sup) & (tg > m0)
        rate[at_max] = -sp.log_p_max
        beyond[at_max] = 0.0
    if inside.any():
        ti = sp.solve(tg[inside])
        st = sp.stats(ti)
        rate[inside] = np.maximum(ti * tg[inside] - st["logm"], 0.0)
        with np.errstate(over="ignore"):  # a subnormal scale: the tilt of U is huge
            t[inside] = ti / sp.s
        beyond[inside] = st["beyond"]
    return rate, t, beyond


def tilt_stats(sp: SemiParametric, t: np.ndarray) -> dict[str, np.ndarray]:
    """Tilted mean, KL and mass beyond the sample at tilts ``t`` (``inf``/nan past ``t_sup``)."""
    tz = np.asarray(t, dtype=float) * sp.s  # tilt of the standardised variable
    ok = tz < sp.t_sup
    mean = np.full(tz.shape, np.nan)
    kl = np.full(tz.shape, np.nan)
    beyond = np.full(tz.shape, np.nan)
    if ok.any():
        st = sp.stats(tz[ok])
        mean[ok] = sp.c + sp.s * st["mean"]
        kl[ok] = st["kl"]
        beyond[ok] = st["beyond"]
    return {"mean": mean, "kl": kl, "beyond": beyond, "exists": ok}
