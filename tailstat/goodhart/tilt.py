"""The KL-regularised optimum: :func:`kl_tilt`, ``pi_beta ∝ pi0 exp(U / beta)``.

On the sample the tilt reweights each draw by ``exp(u_i / beta)`` (log-sum-exp stable); under
the tail model (:mod:`tailstat.goodhart.tail`) it is the exponential tilt of the empirical body
plus the fitted GPD tail with ``t = 1/beta``. The sample numbers can never exceed the sample
maximum and, once the effective sample size collapses, describe one or two draws; the model
numbers extrapolate. When the tail is heavy, ``E exp(U/beta) = ∞`` for every ``beta``: the
optimum does not exist and the result says so instead of reporting the sample's numbers as if
they were an answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._pow2 import pow2_scale
from tailstat.classification.levels import shown_probability
from tailstat.errors import DataError
from tailstat.goodhart._common import check_pair, check_positive, mean_sd
from tailstat.goodhart._shared import in_shared_work
from tailstat.goodhart.frontier import BEYOND_SAMPLE, sample_law, tilt_stats
from tailstat.goodhart.semiparametric import law_of
from tailstat.goodhart.tail import TailModel, end_point_note, reads_sample, resolve_tail
from tailstat.results import Result

__all__ = ["KLTilt", "kl_tilt"]

#: Default beta, in standard deviations of ``u`` (ddof = 0).
DEFAULT_BETA_SD = np.array([10.0, 5.0, 3.0, 2.0, 1.5, 1.0, 0.75, 0.5, 0.4, 0.3, 0.25, 0.2])
#: Below this effective sample size the sample columns are flagged as unreliable.
MIN_ESS = 100.0


@dataclass(frozen=True, eq=False, repr=False)
class KLTilt(Result):
    """The KL-regularised optimum ``pi_beta ∝ pi0 exp(U/beta)`` at each ``beta``.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per ``beta``: ``beta``, ``tilt`` (``1/beta``), ``exists`` (whether
        ``E exp(U/beta)`` is finite under the tail model), ``u`` and ``kl`` (mean proxy and
        ``KL(pi_beta || pi0)`` under the tail model; ``nan`` where the optimum does not exist),
        ``exists_settled`` (False where the data do not settle ``exists``: at every ``beta``
        when the classifier is unsure whether the tail is heavy, P(heavy) between 0.2 and
        0.8; for a light tail, where it may be exponential-type -- the fitted shape cannot
        be told from 0, or the classifier reads it so -- whose optimum is infinite for
        ``beta`` at or below its scale, and ``beta`` is at or below the largest scale the
        data allow (``settings["exponential_reading"]["sigma_upper"]``: the upper 95% bounds of
        the scale at the threshold, nearer the top, and of the limit the mean excess tends
        to; where the hazard falls slowly to its limit, as for gamma with shape below 1 or
        the inverse Gaussian, it can still fall short of that limit: it reached it in 34 and
        26 of 40 samples of gamma(0.5) and the inverse Gaussian at n = 10^5,
        ``reports/exponential_scale.md``); ``exists``, ``u`` and ``kl`` are then the fitted
        model's point verdict),
        ``beyond_sample`` (mass of ``pi_beta`` past the sample maximum), ``extrapolated``;
        the plug-in on the sample: ``u_sample`` (and ``u_sample_se``, its standard error as a
        self-normalised weighted mean: ``± 1.96`` of it held the exact tilted mean of N(0, 1)
        in 0.95, 0.93 and 0.90 of samples of 2,000 at ``beta = 2, 1, 0.7``, ``ess`` 1,560,
        751 and 306, and in 0.74 at ``beta = 0.5``, ``ess`` 90: read it where ``reliable``),
        ``v_sample`` (with ``v``), ``kl_sample``,
        ``ess`` (effective sample size ``1 / sum w_i^2``), ``ess_fraction``, ``reliable``
        (``ess >= 100``).
    exists : bool
        Whether the optimum exists at every ``beta`` asked for, under the fitted tail model
        (:attr:`settled` says whether the data settle it).
    reason : str
        Why not, or why it may not where the data do not settle it (empty when it exists
        at every ``beta`` and that is settled).
    label : str
        The tail model's label.
    tail : TailModel
    name : str
    settings : dict
    warnings : tuple of str
    """

    table: pd.DataFrame
    exists: bool
    reason: str
    label: str
    tail: TailModel
    name: str = "u"
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    _repr_fields = ("label", "exists", "reason")

    @property
    def settled(self) -> bool:
        """Whether the data settle :attr:`exists` at every ``beta`` (column
        ``exists_settled``): a Gumbel sample's fitted model says the optimum exists, while
        at ``beta`` at or below its scale it does not for the true tail (a review)."""
        return bool(self.table["exists_settled"].all())

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy)."""
        return self.table.copy()


def _unsettled(model: TailModel, beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The ``beta`` at which the data do not settle whether the optimum exists: every one
    when the tail may be heavy or not (:attr:`TailModel.provisional`: under a heavy tail the
    optimum exists at no beta, under a light one at some or all); otherwise, for a light
    tail, those at which an exponential tail the data allow would make the optimum infinite
    (:func:`tailstat.goodhart.exponential.exponential_reading`): at or below the largest
    exponential scale the data allow (``sigma_upper``). Without a tail model
    (``tail="empirical"``, scores without a ceiling) none is settled."""
    if model.provisional:
        return np.ones(beta.shape, dtype=bool)
    if model.empirical and not model.settings.get("saturated") and not _ceiling(x):
        # no tail model: the sample's own tilt exists at every beta whatever the tail, so
        # existence is not read (a review: a Pareto(1.5) sample's tilt, "settled", at the
        # sample maximum and log N); a ceiling of repeated maxima settles it either way
        return np.ones(beta.shape, dtype=bool)
    reading = model.settings.get("exponential_reading")
    if model.heavy or reads_sample(model) or not reading or not reading["plausible"]:
        return np.zeros(beta.shape, dtype=bool)  # (saturated: E exp(U/beta) is finite)
    return beta <= reading.get("sigma_upper", reading["sigma_ci"][1])  # (saved before it)


def _ceiling(x: np.ndarray) -> bool:
    """Whether the sample's maximum is repeated as a ceiling is (binary rewards, a clip): in
    at least 1% of the rows and 5 of them (a review: binary rewards read with
    tail='empirical' were unsettled, where tail='auto' reads them alone as saturated)."""
    at_max = int(np.count_nonzero(x == x.max()))
    return at_max >= max(5, 0.01 * x.shape[0])


#: A tilt's KL under the exponential reading more than this share away from the fitted
#: model's is said (on the extrapolated rows, which lean on the fitted shape).
EXPONENTIAL_SWING = 0.1


def _exponential_swing(x: np.ndarray, model: TailModel, t: np.ndarray, kl: np.ndarray
                       ) -> tuple[np.ndarray, np.ndarray] | None:
    """Where a light tail fitted with ``ξ < 0`` but read as plausibly exponential
    (:func:`tailstat.goodhart.exponential.exponential_reading`) gives a KL more than
    :data:`EXPONENTIAL_SWING` away from the exponential's (``ξ = 0``, its scale), and the
    relative gaps (inf where that optimum does not exist); None when there is no such
    reading. (A review: Exp(1) samples
    whose ξ̂ fell 0.004 below 0 gave KL 25-30% low at beta = 1.2 on rows called settled.)"""
    reading = model.settings.get("exponential_reading")
    if (model.heavy or model.empirical or reads_sample(model) or model.xi >= 0.0
            or not reading or not reading.get("plausible")
            or not math.isfinite(float(reading.get("sigma", math.nan)))):
        return None
    scale = float(reading["sigma"])
    alt = replace(model, xi=0.0, sigma=scale, endpoint=math.inf,
                  model_mean=model.model_mean - model.zeta * (
                      model.sigma / (1.0 - model.xi) - scale))
    st = tilt_stats(law_of(x, alt), t)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel = np.where(st["exists"], np.abs(st["kl"] - kl) / np.maximum(np.abs(kl), 1e-300),
                       np.inf)
    rel = np.where(np.isnan(rel), 0.0, rel)  # (inf kept: no optimum under the exponential)
    return rel > EXPONENTIAL_SWING, rel


#: Within the sample (no extrapolation, ``ess >= MIN_ESS``) the model's tilted mean more than
#: this many of the sample's standard errors (``u_sample_se``), and a tenth of the gain, from
#: the sample's is said: with the automatic threshold, never in 20 samples each of nine light
#: and bounded laws at 2,000 and 20,000 (360 summaries: goodhart_summary's default betas);
#: a threshold at the 10% quantile of 2,000 normal scores read 6.5 (a review: 1.26 against the
#: sample's 1.03, the truth 1.0).
MISFIT_Z = 5.0


def _misfit(beta: np.ndarray, um: np.ndarray, smp: dict[str, np.ndarray], beyond: np.ndarray,
            x: np.ndarray, nm: str, model: TailModel) -> list[str]:
    """A note where the tail model's tilt misses the sample's own inside the sample (the
    fitted tail does not describe the sample there: a threshold given too low, say)."""
    inside = (np.nan_to_num(beyond, nan=1.0) <= BEYOND_SAMPLE) & (smp["ess"] >= MIN_ESS)
    gap = np.abs(um - smp["u"])
    with np.errstate(invalid="ignore", divide="ignore"):
        bad = (inside & np.isfinite(um) & (gap > MISFIT_Z * smp["se"])
               & (gap > 0.1 * np.abs(smp["u"] - mean_sd(x)[0])))
    if not bad.any():
        return []
    j = int(np.flatnonzero(bad)[0])
    return [f"inside the sample the tail model's tilt misses the sample's own at "
            f"{int(bad.sum())} of the beta values (at beta = {float(beta[j]):.4g}, u = "
            f"{um[j]:.4g} against the sample's {smp['u'][j]:.4g} ± {smp['se'][j]:.2g}): the GPD "
            f"above {model.threshold:.4g} does not describe {nm!r} there (a threshold too "
            "low?); read u_sample there, or let the threshold be chosen (threshold='auto')."]


def _sample_tilt(x: np.ndarray, v: np.ndarray | None, beta: np.ndarray
                 ) -> dict[str, np.ndarray]:
    nb = beta.shape[0]
    out = {k: np.full(nb, np.nan) for k in ("u", "v", "kl", "ess", "se")}
    logn = math.log(x.shape[0])
    xmax = float(x.max())
    with np.errstate(over="ignore"):
        gap = x - xmax  # exact where the values are close (a review: dividing by max|x|
    if np.isfinite(gap.min()):  # first lost digits at offset 1e15; gaps are <= 0)
        sx = pow2_scale(gap)
        d = gap / sx  # scaled gaps to the maximum (<= 0): sums cannot overflow
    else:  # a span beyond the float range: the gaps of halves
        sx = float(np.max(np.abs(x))) or 1.0
        d = x / sx - xmax / sx
    sv = (float(np.max(np.abs(v))) or 1.0) if v is not None else 1.0
    vs = v / sv if v is not None else None
    e = np.empty_like(d)
    for j, b in enumerate(beta):  # a loop over beta values; each step is vectorised over x
        with np.errstate(over="ignore"):
            np.multiply(d, sx / b, out=e)
            np.exp(e, out=e)  # log-sum-exp: the largest term is 1
        s0 = float(e.sum())
        mu_gap = float(e @ d) / s0  # (E[U] - max) / sx, <= 0
        out["u"][j] = xmax + sx * mu_gap
        if vs is not None:
            out["v"][j] = float(e @ vs) / s0 * sv
        # KL = E_w[U]/b - log mean exp(U/b) = (E_w[U] - max)/b - log(s0 / n)
        out["kl"][j] = max(sx * mu_gap / b - math.log(s0) + logn, 0.0)
        out["ess"][j] = s0 * s0 / float(e @ e)
        # the self-normalised weighted mean's standard error (delta method): sum of
        # w^2 (x - mean)^2 over (sum w)^2
        dev = e * (d - mu_gap)
        out["se"][j] = sx * math.sqrt(float(dev @ dev)) / s0
    return out


@in_shared_work  # the sample's mean, sd, order and law, computed once
@np.errstate(under="ignore")  # underflow to 0 is meant (a caller's seterr(all="raise"))
def kl_tilt(
    u: Any,
    v: Any = None,
    beta: Any = None,
    *,
    tail: Literal["auto", "empirical"] | TailModel = "auto",
    threshold: float | str = "auto",
    name: str | None = None,
) -> KLTilt:
    """The KL-regularised optimum ``pi_beta ∝ pi0 exp(U/beta)``: E[U], E[V], KL and ESS.

    Parameters
    ----------
    u : array-like
        Proxy rewards of samples from the base policy ``pi0``.
    v : array-like, optional
        True utility (gold scores) of the same samples (True/False read as 1 and 0).
    beta : float or sequence of float, optional
        KL coefficients (> 0). Default: the standard deviation of ``u`` (ddof = 0) times 10, 5, 3,
        2, 1.5, 1, 0.75, 0.5, 0.4, 0.3, 0.25, 0.2.
    tail : {"auto", "empirical"} or TailModel
        The tail model (see :func:`fit_tail_model`).
    threshold : float or str
        GPD threshold when the tail model is fitted here; left at ``"auto"`` when ``tail``
        is a ``TailModel``, which brings its own.
    name : str, optional

    Returns
    -------
    KLTilt

    Raises
    ------
    DataError
        Mismatched ``u``/``v`` lengths, non-finite values, ``beta <= 0`` or so small that
        ``U / beta`` overflows, too few values.

    Notes
    -----
    ``E[V]`` is given only on the sample (the tail model is fitted to the proxy alone). Under a
    heavy tail the table keeps the sample's plug-in numbers for reference, but ``exists`` is
    False and ``u``/``kl`` are ``nan``: a finite number there would only reflect the sample
    maximum. Under an exponential-type tail (``xi = 0``, scale ``sigma``) the optimum exists
    only for ``beta > sigma``; ``exists`` is the verdict of the fitted model, and where the
    tail may be exponential-type, the rows with ``beta`` within reach of its scale
    have ``exists_settled`` False (with a warning note): there the existence of the optimum,
    and ``u`` and ``kl``, hang on a shape the data do not settle.

    Above that reach the model still runs low on an exponential tail, a fitted shape below 0
    being kept (a lighter tail) and one above 0 modelled as 0: on Exp(1) samples of 10^4
    the KL is 2.0% (± 0.7%) low at ``beta = 3``, where no row is extrapolated, 3.9% at 2,
    8.3% at 1.5 and 20% at 1.2, and the tilted mean 0.01, 0.03, 0.12 and 0.70 low (of 1.5,
    2, 3 and 6); on N(0, 1) samples it is within 0.4% at ``beta = 1``, 1.9% low at 0.5 and
    16% low at 1/3, where the tilt reaches past the sample (50 samples each,
    ``reports/goodhart_bias.md``, ``benchmarks/goodhart_bias.py``; reviews).
    """
    x, vv, nm = check_pair(u, v)
    nm = name or nm
    given = None if beta is None else check_positive(beta, "beta")  # before the tail's fit
    model = resolve_tail(x, tail, threshold, nm)
    sd = mean_sd(x)[1]
    with np.errstate(over="ignore"):  # (a re-read: sd 3e307 leaked an overflow warning)
        b = DEFAULT_BETA_SD * (sd if sd > 0 else 1.0) if given is None else given
    defaults = (f"the default betas ({DEFAULT_BETA_SD.min():g} to {DEFAULT_BETA_SD.max():g} "
                "sd)")
    if given is None and not np.all(np.isfinite(b)):
        raise DataError(f"the rewards of {nm!r} are too large for the tilt (sd {sd:.3g}): "
                        f"{defaults} pass the float range. Rescale the rewards (divide them "
                        "by a power of ten).")
    notes = list(model.warnings)
    sx = float(np.max(np.abs(x)))
    with np.errstate(over="ignore"):  # a subnormal beta: the tilt is infinite
        t = 1.0 / b
        overflow = ~np.isfinite(t) | ~np.isfinite(sx / b)
    if overflow.any() and given is None:  # the default, a share of the sd: subnormal rewards
        raise DataError(f"the rewards of {nm!r} are too small for the tilt (sd {sd:.3g}, largest "
                        f"{sx:.3g}): U / beta overflows at {defaults}. Rescale the rewards "
                        "(multiply them by a power of ten).")
    if overflow.any():  # the tilt exp(U / beta) is beyond the float range at every reward
        raise DataError(f"beta = {float(b[overflow][0]):.3g} is too small for rewards as large "
                        f"as {sx:.3g}: U / beta overflows, so the tilted law cannot be "
                        "computed. Give beta above "
                        f"{max(sx, 1.0) / 1e307:.3g}, or rescale the rewards.")
    smp = _sample_tilt(x, vv, b)
    swing = None  # (a light tail's exponential reading, below)
    if model.heavy:
        exists = np.zeros(b.shape, dtype=bool)
        um = klm = beyond = np.full(b.shape, np.nan)
        reason = (f"the upper tail of {nm!r} is heavy (P(heavy) = "
                  f"{shown_probability(model.p_heavy)}, GPD ξ = {model.xi_fit:.2f}): "
                  "E exp(U/beta) is infinite for every beta > 0, so the KL-regularised "
                  "optimum does not exist (a KL penalty does not stop the proxy from being "
                  "pushed arbitrarily far); the *_sample columns only reflect the sample "
                  "maximum.")
    else:
        # saturated scores: the sample's law, as the frontier's (a GPD ending at the ceiling
        # has no mass at it: the tilt cost 3.86 nats where the frontier said 2.44; a review)
        own = sample_law(x, model)
        sp = law_of(x, model) if own is None else own
        st = tilt_stats(sp, t)
        exists, um, klm, beyond = st["exists"], st["mean"], st["kl"], st["beyond"]
        swing = _exponential_swing(x, model, t, klm) if own is None else None
        reason = ""
        if not exists.all():
            reason = (f"the tail of {nm!r} is modelled as exponential-type (ξ = 0, sigma = "
                      f"{model.sigma:.4g}): E exp(U/beta) is infinite for beta <= sigma, so the "
                      f"optimum does not exist at {int((~exists).sum())} of the beta values.")
    ess_frac = smp["ess"] / x.shape[0]
    if not model.heavy and own is None:
        notes.extend(_misfit(b, um, smp, beyond, x, nm, model))
    near = _unsettled(model, b, x)
    far_out = np.nan_to_num(beyond, nan=0.0) > BEYOND_SAMPLE
    if swing is not None and (swing[0] & far_out).any():
        off = swing[0] & far_out
        gaps = swing[1][off]
        most = (f"by up to {100 * float(gaps[np.isfinite(gaps)].max()):.0f}%"
                if np.isfinite(gaps).any() else "")
        none = (f"{'; ' if most else ''}at {int(np.isinf(gaps).sum())} of them the exponential "
                "tail has no optimum" if np.isinf(gaps).any() else "")
        notes.append(
            f"the data allow an exponential tail (ξ = 0 within the fitted ξ = "
            f"{model.xi_fit:.3g}'s interval, or the classifier's exponential-type reading): "
            f"under it kl differs by more than {100 * EXPONENTIAL_SWING:.0f}% at "
            f"{int(off.sum())} of the extrapolated beta values ({most}{none}): there u and kl "
            "turn on the fitted shape, which its noise does not settle.")
    table = pd.DataFrame({
        "beta": b, "tilt": t, "exists": exists, "exists_settled": ~near, "u": um, "kl": klm,
        "beyond_sample": beyond,
        "extrapolated": np.nan_to_num(beyond, nan=0.0) > BEYOND_SAMPLE,
        "u_sample": smp["u"], "u_sample_se": smp["se"], "v_sample": smp["v"],
        "kl_sample": smp["kl"], "ess": smp["ess"],
        "ess_fraction": ess_frac, "reliable": smp["ess"] >= MIN_ESS,
    })
    if not reason and near.all() and model.empirical:
        reason = ("without a tail model (tail='empirical') whether the optimum exists is not "
                  "read: the sample's own tilt exists at every beta whatever the tail, and its u "
                  "and kl cannot pass the sample's maximum and log N (column exists_settled "
                  "False); fit a tail model (tail='auto') to read it.")
    elif not reason and near.any():  # the headline says what the column does (a review)
        reason = (f"the fitted model's optimum exists at every beta, but at {int(near.sum())} "
                  "of them the data do not settle it (column exists_settled False): a "
                  "tail as heavy as the data allow (exponential-type, or heavier, which has no "
                  "optimum at any beta) has none there.")
    if reason:
        notes.insert(0, reason)
    # (a saturated sample read alone, as binary rewards are, is one too: a review)
    saturated = not model.heavy and bool(model.settings.get("saturated"))
    if saturated:
        notes.append("the scores are saturated (an atom at their maximum): u and kl are the "
                     "sample's own tilt, which holds the ceiling's mass exactly.")
    far = (np.nan_to_num(beyond, nan=0.0) > BEYOND_SAMPLE) & np.isfinite(um)
    if far.any():
        notes.extend(end_point_note(model, float(np.max(um[far])),
                                    "where the tilted law puts mass past the sample "
                                    "(extrapolated rows) u and kl are likely low at that "
                                    "beta (the mean costs more KL than the true tail "
                                    "asks: see kl_frontier)"))
    if near.any() and model.provisional:
        notes.append(
            f"{model.doubt}: under a heavy tail the optimum exists at no "
            "beta, under a light one it may; 'exists', u and kl follow the more probable label "
            f"({model.label}), and no row is settled (column exists_settled False).")
    elif near.any() and not model.empirical:
        reading = model.settings["exponential_reading"]
        upper = reading.get("sigma_upper", reading["sigma_ci"][1])
        where = (f"read from the top {reading['sigma_upper_excesses']}"
                 if reading.get("sigma_upper_from", "top") == "top" else
                 "the upper end of the scale the mean excess tends to at the top")
        top = (f", up to {upper:.4g} {where} (the mean excess grows towards the top where the "
               "hazard falls to its limit, as for gamma with shape below 1)"
               if upper > reading["sigma_ci"][1] else "")
        notes.append(
            f"at {int(near.sum())} beta value(s) (beta <= {upper:.4g}) the data "
            f"do not settle whether the optimum exists: the tail may be exponential-type (GPD "
            f"ξ = {model.xi_fit:.3g} on {model.n_exceed} excesses; the classifier's P("
            f"exponential-type) = {reading['p_exponential_type']:.2f}), with a scale sigma in "
            f"[{reading['sigma_ci'][0]:.4g}, {reading['sigma_ci'][1]:.4g}] (95%){top}, and then "
            "E exp(U/beta) is infinite for beta <= sigma; there 'exists', u "
            "and kl are the fitted model's point verdict (column exists_settled False), and a "
            "slightly heavier tail than fitted sends u and kl to infinity.")
    if not model.heavy and np.any(smp["ess"] < MIN_ESS):
        # without a tail model u and kl are the sample's own: no column to fall back on
        use = ("; u and kl are those same numbers (saturated scores: the sample's law)."
               if saturated else
               "; with tail='empirical' u and kl are those same numbers: fit a tail model "
               "(tail='auto') to look past them." if model.empirical else
               "; use the model columns (u, kl)"
               + (", except where exists_settled is False." if near.any() else "."))
        notes.append(f"the effective sample size falls below {MIN_ESS:g} at "
                     f"{int(np.sum(smp['ess'] < MIN_ESS))} beta value(s): the *_sample columns "
                     f"there rest on a handful of draws{use}")
    settings = {"tail": model.label, "threshold": model.settings.get("threshold", threshold),
                "beta": "sd * grid" if beta is None else "given",
                "reliable_when": f"ess >= {MIN_ESS:g}"}
    return KLTilt(table=table, exists=bool(np.all(exists)), reason=reason, label=model.label,
                  tail=model, name=nm, settings=settings, warnings=tuple(dict.fromkeys(notes)))
