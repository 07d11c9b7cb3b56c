"""Bayesian generalised Pareto model of the exceedances over a threshold.

:func:`fit_bayes` fits ``Y = X - u | X > u ~ GPD(sigma, xi)`` by NUTS (PyMC) and returns a
:class:`BayesTailFit`: posterior means and equal-tailed credible intervals of ``xi`` and
``sigma``, the posterior probabilities ``P(xi > 0)`` (a power-law, heavy tail) and
``P(xi < 0)`` (a bounded tail), convergence diagnostics and the ArviZ ``InferenceData``.

Model (all on excesses divided by ``s = median(Y) / log 2``, so the priors are unit-free: an
exponential tail has ``sigma = 1`` in these units whatever the reward's scale)::

    xi         ~ Normal(xi_mu = 0, xi_sd = 0.5), truncated to xi > -1
    log sigma  ~ Normal(log_sigma_mu = 0, log_sigma_sd = 1)
    y_i        ~ GPD(sigma, xi),   i = 1..n_exceed,   1 + xi * y_i / sigma > 0

``sigma`` is reported in data units (multiplied back by ``s``). The median rather than the
mean sets the scale because the mean excess is ``sigma / (1 - xi)``: dominated by a few
values for heavy tails and infinite for ``xi >= 1``, which would make a fixed prior on
``log sigma`` depend on the very quantity being estimated. With the median,
``sigma / s = log 2 * xi / (2**xi - 1)`` stays within ``[0.69, 1.39]`` for ``xi`` in
``[-1, 1]``, well inside the prior.

Why these priors: ``xi ~ Normal(0, 0.5)`` puts 95% of its mass on ``|xi| < 1``, which covers
every tail met in practice (``xi = 1`` is an infinite mean) without preferring heavy or
bounded; the truncation at ``-1`` excludes shapes whose likelihood is unbounded
(``xi < -1``). ``log sigma ~ Normal(0, 1)`` allows scales from 1/7 to 7 times the
exponential-equivalent scale (95%). Both are weakly informative for ``|xi|`` below about 1,
where with 50 exceedances or more the likelihood dominates; heavier tails are pulled down
noticeably (a reviewer's grid posterior: true ``xi = 2`` with 50 exceedances has posterior
mean about 1.4 and 95% coverage 0.27; ``xi = 1``, coverage 0.85), and so, less, are shapes
near the bound (review 423: ``xi = -0.9`` with 50 exceedances, coverage 0.88 over 60
samples, 0.93 with ``priors={"xi": (0, 2)}``; no note says so there, the estimate below -1/2
being no reference). The fit warns that a prior
pulls ``xi`` when its draws, reweighted to a flat prior on ``xi``, move the posterior mean by
more than one posterior sd (and 0.1), or when that mean lies more than two posterior sds
(and 0.1) from the maximum-likelihood estimate (unless that estimate is below -0.5, where
with few exceedances it sits on the bound -1 whatever the tail); and when most of the
posterior sits against the bound ``xi = -1``. The interval is equal-tailed, so its lower
end stays above -1 even when the posterior density is highest at -1 (a uniform tail,
``xi = -1`` exactly): a note says so when the interval starts within 0.05 of -1, and to
read ``xi`` as about -1 when most of the posterior lies there. Pass other
priors with ``priors=`` (a :class:`GPDPriors` or a mapping such as
``{"xi": (0.0, 2.0), "log_sigma": (0.0, 2.0)}``).

The sampler is PyMC's NUTS through ``pm.sample`` (chains in sequence on one core,
deterministic for a given ``seed``) on a model that is built once per process and reused
with new data; see :mod:`tailstat.bayes._models` for the parameterisation that keeps the
sampler inside the GPD support, and :mod:`tailstat.bayes._loglik` for the treatment of
``xi -> 0``.

Convergence: a :class:`tailstat.errors.ConvergenceWarning` is issued (and recorded in
``warnings``) when the largest rank-normalised split R-hat exceeds 1.01, when the smallest
bulk effective sample size is below ``min(400, 0.1 * chains * draws)`` (400 is the
recommendation of Vehtari et al. 2021 for 4 chains; short exploratory runs are held to a
10% sampling efficiency instead of a count they cannot reach), when any post-warm-up
transition diverged, or when a single chain leaves R-hat undefined. Fewer than 100 draws
per chain is a :class:`~tailstat.errors.DataError` (no diagnostic is meaningful there).

``target_accept`` defaults to 0.95, as the hierarchical model's does, not to PyMC's 0.8: near
a bounded tail's end point the posterior of ``xi`` is curved steeply and NUTS with larger
steps diverged (and warned) in 12 of 20 fits of 50 GPD(-0.7) exceedances, 9 of 20 at
``xi = -0.9``, 2 of 20 at ``-0.3``, 1 of 10 of 200 GPD(-0.5) exceedances (seeds 5000-5019;
review 423 had met 6 of 30 at -0.9); at 0.95 none did, the intervals covering as often. It
costs 8-60% more time a fit (4 chains of 1000 draws, seeds 5000-: 4.60 -> 4.97 s for 1,000
exceedances at ``xi = 0``, 2.95 -> 3.48 s for 200 at 0.3, 2.96 -> 3.71 s for 50 at -0.7,
3.08 -> 5.00 s at -0.9).
"""
from __future__ import annotations

import math
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tailstat import _validation as v
from tailstat.bayes._common import (
    SAMPLER_CONSTRAINTS,
    BayesResult,
    Diagnostics,
    Exceedances,
    GPDPriors,
    accept_advice,
    check_finite,
    credible_interval,
    diagnose,
    exceedances,
    sampler_settings,
    warn_all,
)
from tailstat.bayes._conflict import at_bound_note, flat_prior_mean, mle_fit, scale_held
from tailstat.bayes.priors import one_sample_priors
from tailstat.data.intake import missing_note
from tailstat.errors import (
    ConvergenceWarning,
    DataError,
    InputWarning,
    TailstatWarning,
    TiesWarning,
)
from tailstat.gpd import MIN_EXCEEDANCES, TopValues, peaks_input
from tailstat.gpd.threshold import quantile_level_note
from tailstat.results import Interval

__all__ = ["BayesTailFit", "GPDPriors", "fit_bayes"]

# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False, repr=False)
class BayesTailFit(BayesResult):
    """Posterior summary of a Bayesian GPD fit to the exceedances of one sample.

    Attributes
    ----------
    name : str
        The sample's label.
    xi_mean, xi_sd : float
        Posterior mean and standard deviation of the shape ``xi``.
    xi_ci : Interval
        Equal-tailed credible interval of ``xi`` at ``settings["level"]``.
    sigma_mean, sigma_sd : float
        Posterior mean and s.d. of the scale ``sigma`` (data units).
    sigma_ci : Interval
        Equal-tailed credible interval of ``sigma``.
    prob_heavy, prob_bounded : float
        Posterior probabilities ``P(xi > 0)`` and ``P(xi < 0)``: the shares of all the draws
        (chains x draws), so 1 means every draw: more than ``1 - 1/(chains x draws)`` (review
        404; :func:`tailstat.plot.posterior_xi` writes such a share as "> 0.99").
    threshold : float
        The threshold ``u`` (exceedances are ``x > u``).
    threshold_method : str
        How ``u`` was chosen.
    n_exceed, n : int
        Number of exceedances; size of the sample.
    rhat_max, ess_bulk_min : float
        Worst rank-normalised split R-hat and bulk ESS over ``xi`` and ``sigma``.
    divergences : int
        Divergent transitions after warm-up.
    settings : dict
        Seed, draws, tune, chains, target_accept, level, priors, threshold specification,
        excess scale, whether the model came from the cache, PyMC version, timings.
    warnings : tuple of str
        Every warning issued by the fit.
    method : str
    idata : arviz.InferenceData
        Posterior (``xi``, ``sigma``), sample statistics, the excesses (``observed_data``,
        in descending order) and the threshold and scale (``constant_data``).
    """

    name: str
    xi_mean: float
    xi_sd: float
    xi_ci: Interval
    sigma_mean: float
    sigma_sd: float
    sigma_ci: Interval
    prob_heavy: float
    prob_bounded: float
    threshold: float
    threshold_method: str
    n_exceed: int
    n: int

    _repr_fields = ("name", "xi_mean", "xi_ci", "prob_heavy", "prob_bounded", "threshold",
                    "n_exceed", "rhat_max", "divergences")

    @property
    def xi(self) -> float:
        """Posterior mean of ``xi`` (same as ``xi_mean``)."""
        return self.xi_mean

    @property
    def sigma(self) -> float:
        """Posterior mean of ``sigma`` (same as ``sigma_mean``)."""
        return self.sigma_mean

    def draws(self, var: str = "xi") -> np.ndarray:
        """Posterior draws of ``var``, chains concatenated (a copy).

        Parameters
        ----------
        var : {"xi", "sigma"}
            The parameter.
        """
        if var not in ("xi", "sigma"):
            raise DataError(f"var must be 'xi' or 'sigma'; got {var!r} instead.")
        return np.asarray(self._posterior(var)).reshape(-1).copy()


# --------------------------------------------------------------------------------------------
# fit: validate -> compute -> wrap
# --------------------------------------------------------------------------------------------

@v.validate_params({**SAMPLER_CONSTRAINTS, "warn": [v.InstanceOf(bool, text="True or False")]})
def fit_bayes(
    x: Any,
    threshold: Any = "auto",
    *,
    column: Hashable | None = None,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 4,
    seed: int | None = 0,
    priors: GPDPriors | Mapping[str, Any] | None = None,
    level: float = 0.95,
    target_accept: float = 0.95,
    min_exceed: int = MIN_EXCEEDANCES,
    warn: bool = True,
) -> BayesTailFit:
    """Bayesian GPD fit to the exceedances of ``x`` over a threshold.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts, or a :class:`tailstat.TailSketch`
        The rewards (a sketch: the fit reads the values it holds above the threshold, the
        same as the sample's when it holds them all, else an error).
    threshold : float, str or tailstat.gpd.ThresholdChoice
        A number (absolute threshold; exceedances are ``x > threshold``), a percentage such
        as ``"95%"`` (empirical quantile), ``"auto"`` (the automatic rule of
        :func:`tailstat.gpd.resolve_threshold`, named in ``threshold_method``), or a
        threshold choice made by :mod:`tailstat.gpd`.
    column : str, optional
        Column of a table or file.
    draws, tune, chains : int
        Retained draws (at least 100) and warm-up iterations per chain; number of chains
        (run one after the other on one core).
    seed : int or None, default 0
        Seed of all randomness (the same call gives the same draws); ``None`` draws one,
        recorded in ``settings["seed"]``.
    priors : tailstat.bayes.GPDPriors or mapping, optional
        See :class:`GPDPriors` and the module docstring for the defaults.
    level : float
        Credible level of ``xi_ci`` and ``sigma_ci``, in [0.5, 1) (0.95, not 0.05). The
        draws must resolve it: ``chains * draws >= (1 + level) / (1 - level)``, the rule of
        the bootstrap intervals (up to 0.9995 with the defaults), else DataError.
    target_accept : float, default 0.95
        NUTS target acceptance rate (0.99 if divergences are still reported). Not PyMC's 0.8:
        with 50 exceedances of a bounded tail, 0.8 diverged in 12 of 20 fits at ``xi = -0.7``,
        9 of 20 at ``-0.9`` and 2 of 20 at ``-0.3``; 0.95 in none of them, for 8-60% more
        time a fit (module docstring).
    min_exceed : int
        Fewest exceedances accepted (default :data:`tailstat.gpd.MIN_EXCEEDANCES`).
    warn : bool
        Issue the caveats below as warnings (default). They are always recorded in the
        result's ``warnings``, each one's category in ``settings["warning_categories"]``
        (e.g. ``"ConvergenceWarning"``); ``warn=False`` lets a caller (e.g.
        ``classify(method="bayes")``) collect them from there without touching the
        process-wide warning filters, which would lose other threads' warnings.

    Returns
    -------
    BayesTailFit

    Raises
    ------
    DataError
        Invalid input or settings (e.g. ``draws < 100``), a threshold at or above the
        maximum, too few exceedances.
    FitError
        The sampler could not start, or its draws are not finite.

    Warns
    -----
    ConvergenceWarning
        R-hat > 1.01 (or one chain), bulk or tail ESS below target, or divergences (see the
        module docstring).
    TiesWarning
        Many tied exceedances (discretised rewards).
    TailstatWarning
        A number in (0, 1) given as ``threshold`` that reads like a quantile level, or a
        number below every value of a sample that is not its exceedances (as
        :func:`tailstat.gpd.resolve_threshold` says), or a prior that sets ``xi``, or a
        posterior of ``xi`` piled against its lower bound -1.
    InputWarning
        Missing values were dropped.

    Examples
    --------
    The Danish fire losses (bundled; `reports/speed.md`: 2.9 s warm, 4.1 s as a process's
    first fit):

    >>> from tailstat import datasets
    >>> losses = datasets.load("danish")["loss_mDKK"]
    >>> fit = fit_bayes(losses, threshold=10.0, seed=1)   # doctest: +SKIP
    >>> fit.xi_ci, fit.prob_heavy                          # doctest: +SKIP
    """
    t_start = time.perf_counter()
    sample = peaks_input(x, column)  # a sample, or the top values of a sketch
    pri = one_sample_priors(priors)
    settings = sampler_settings(seed=seed, draws=draws, tune=tune, chains=chains,
                                target_accept=target_accept, level=level, priors=pri,
                                threshold=threshold, min_exceed=min_exceed)
    del settings["priors"]["tau_sd"]  # the hierarchical model's: not this one's (a review)
    # the quantile-level caveat of a number in (0, 1) is one of the fit's caveats (with
    # warn=False it escaped as a warning and was not recorded)
    exc = exceedances(sample, threshold, int(min_exceed), warn=False)
    kinds: list[str] = []  # each caveat's category, in the order of the result's warnings

    def caveat(messages: Sequence[str], category: type[Warning]) -> None:
        kinds.extend(category.__name__ for _ in messages)
        if warn:
            warn_all(messages, category)

    level_note = quantile_level_note(sample if isinstance(sample, TopValues) else sample.values,
                                     threshold, exc.threshold, sample.name)
    caveat([level_note] if level_note else [], TailstatWarning)

    missing = missing_note(x, sample)  # of a sketch too: what it dropped
    if missing:  # as fit_gpd and the estimators say it
        caveat([f"{sample.name!r}: {missing}."], InputWarning)
    notes = [m for m in (exc.tie_message(),) if m]
    caveat(notes, TiesWarning)
    notes = [missing, *notes] if missing else notes
    notes = [level_note, *notes] if level_note else notes
    xi, sigma, stats = _posterior(exc, pri, settings)
    shape_notes = _prior_notes(exc, xi, pri, sigma, settings["level"])
    caveat(shape_notes, TailstatWarning)
    notes += shape_notes
    idata = _inference_data(exc, xi, sigma, stats)
    advice = accept_advice(settings["target_accept"], "use a higher threshold")
    diag = diagnose(idata, ["xi", "sigma"], settings["draws"], settings["chains"],
                    f"fit_bayes({sample.name!r})", divergence_advice=advice,
                    level=settings["level"], scales={"sigma": exc.scale})
    caveat(diag.messages, ConvergenceWarning)
    # decided from the diagnostics, not by searching texts that quote the sample's name
    settings["convergence_warnings"] = len(diag.messages)
    settings["mixing_warnings"] = diag.mixing_problems
    settings["warning_categories"] = kinds
    settings["seconds"]["total"] = time.perf_counter() - t_start
    return _wrap(exc, xi, sigma, idata, diag, settings, notes)


#: The posterior mean of ξ this many posterior sds (or 0.1, if more) from the maximum-
#: likelihood estimate: the prior, not the data, sets the answer.
PRIOR_PULL_SDS = 1.0


def _prior_notes(exc: Exceedances, xi: np.ndarray, pri: GPDPriors,
                 sigma: np.ndarray | None = None, level: float = 0.95) -> list[str]:
    """What the prior, not the data, decided: a posterior of ξ that a flat prior would put
    elsewhere (the N(0, 0.5) default shrinks ξ = 2 with 50 exceedances to about 1.4), or
    piled against the lower bound ξ = -1 (a tail cut off more sharply than any GPD the model
    allows, e.g. clipped scores).

    Two measures of the pull: the draws reweighted to a flat prior (a lower bound, see
    ``_conflict.flat_prior_mean``: a prior much tighter than the likelihood leaves no draws
    where the flat-prior posterior lies), and the distance to the maximum-likelihood estimate where
    that estimate is regular (``xi >= -1/2``). Below -1/2 the estimate is not a reference: for
    bounded tails it sits at -1 while any posterior mean lies inside, whatever the prior (34
    of 40 samples of 50 GPD(-0.8) excesses were flagged against it, and again under the wider
    prior the note advised)."""
    mle, s_mle = mle_fit(exc)
    held = scale_held(s_mle, sigma) if sigma is not None else None
    notes = []
    if held is not None:
        notes.append(f"the prior log sigma ~ Normal({pri.log_sigma_mu:g}, "
                     f"{pri.log_sigma_sd:g}) (on the excesses' scale, median / log 2) holds "
                     f"sigma at {held:.3g}, where the data's maximum-likelihood estimate is "
                     f"{s_mle:.3g}: that prior, not the data, sets sigma, and with it xi (its "
                     "posterior is then about its prior's). Pass a log sigma prior closer to "
                     "the data (the default) or read the maximum-likelihood fit (fit_gpd).")
    mean, sd = float(xi.mean()), float(xi.std(ddof=1))
    far = max(PRIOR_PULL_SDS * sd, 0.1)
    flat = flat_prior_mean(xi, pri.xi_mu, pri.xi_sd)
    # xi's prior is the one that pulls when the reweighting shows it, or when it is about as
    # narrow as the posterior (the reweighting cannot reach past draws it holds close); a
    # posterior far narrower than it, pulled away from the estimate, is the scale prior's
    # doing (a review: log sigma ~ Normal(50, 1) was told as xi's prior)
    # (the estimate's distance only where the draws cannot reach it, past 2 posterior sds:
    # within them the reweighting says what a flat prior does; with 15 exponential excesses
    # the estimate, biased low at -0.47, was set against a posterior the reweighting left in
    # place, 1.3 sds away, and the prior blamed: a review)
    pulled = abs(flat - mean) > far or (mle >= -0.5 and abs(mle - mean) > max(far, 2 * sd))
    # (or a prior of xi centred well away from the posterior, which it holds at a bound,
    # pulled towards that centre from the estimate: a review, xi ~ Normal(-5, 0.01) pinning
    # xi at -1 was told as log sigma's prior; a pull away from it is not xi's prior's)
    start = mle if math.isfinite(mle) else flat  # where the data alone would put xi
    towards = abs(mean - pri.xi_mu) < abs(start - pri.xi_mu)
    # (with sigma held too, xi's prior is named only when it holds xi far from the estimate
    # towards its centre: review 423, 15 GPD(8) excesses read xi = 2.4 against 10.1, and only
    # the scale prior, whose widening changed nothing, was named)
    if pulled and (held is None or (abs(mean - pri.xi_mu) > 3 * pri.xi_sd and towards)) and (
            abs(flat - mean) > far or sd > 0.5 * pri.xi_sd
            or (abs(mean - pri.xi_mu) > 3 * pri.xi_sd and towards)):
        ref = (f"under a flat prior its mean would be {flat:.3g} or further"
               if abs(flat - mean) > far else f"the maximum-likelihood estimate is {mle:.3g}")
        notes.append(f"the prior xi ~ Normal({pri.xi_mu:g}, {pri.xi_sd:g}) pulls the posterior "
                     f"of xi to {mean:.3g} ({ref}; posterior sd {sd:.2g}): with "
                     f"{exc.n_exceed} exceedances the prior, not the data, sets it. Pass a "
                     "wider prior (priors={'xi': (0.0, 2.0)}) or read the maximum-likelihood "
                     "fit (fit_gpd).")
    elif pulled and held is None:  # (held: the scale prior's note says it)
        notes.append(f"the priors pull the posterior of xi to {mean:.3g} (the maximum-"
                     f"likelihood estimate is {mle:.3g}; posterior sd {sd:.2g}), though a flat "
                     "prior on xi would move it little: the prior of log sigma ~ Normal("
                     f"{pri.log_sigma_mu:g}, {pri.log_sigma_sd:g}) (on the excesses' scale, "
                     "median / log 2) sets it with xi's. Pass priors closer to the data (the "
                     "defaults) or read the maximum-likelihood fit (fit_gpd).")
    bound = at_bound_note(xi, level=level)
    return notes + ([bound] if bound else [])


def _start(y_max: float) -> dict[str, float]:
    """Starting point: ``sigma = 1`` (the scaled excesses' exponential scale), ``xi = 0.1``."""
    return {"log_sigma": 0.0, "zeta": math.log(0.1 + min(1.0, 1.0 / y_max))}


def _posterior(exc: Exceedances, priors: GPDPriors, settings: dict[str, Any]
               ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Draws of ``xi`` and ``sigma`` (data units) and the sampler statistics.

    Records the run (timings, cache use, PyMC version) in ``settings``.
    """
    from tailstat.bayes import _models

    y = exc.scaled
    y_max = float(y.max())
    data = {"y": y, "power_sums": _models.power_sums(y), "y_max": y_max}
    run, info = _models.sample_posterior("gpd", priors, None, data, _start(y_max), settings)
    settings.update(info)
    sigma_s = np.exp(run.draws["log_sigma"])
    xi = -np.minimum(1.0, sigma_s / y_max) + np.exp(run.draws["zeta"])
    sigma = sigma_s * exc.scale
    check_finite(xi, sigma)
    return xi, sigma, run.stats


def _inference_data(exc: Exceedances, xi: np.ndarray, sigma: np.ndarray,
                    stats: dict[str, np.ndarray]) -> Any:
    import arviz as az

    return az.from_dict(
        posterior={"xi": xi, "sigma": sigma},
        sample_stats=stats,
        observed_data={"excess": exc.excess},
        constant_data={"threshold": np.array([exc.threshold]),
                       "excess_scale": np.array([exc.scale])},
    )


def _wrap(exc: Exceedances, xi: np.ndarray, sigma: np.ndarray, idata: Any,
          diag: Diagnostics, settings: dict[str, Any], notes: list[str]) -> BayesTailFit:
    """Posterior summaries, intervals and settings as a :class:`BayesTailFit`."""
    level = settings["level"]
    settings["excess_scale"] = exc.scale
    return BayesTailFit(
        name=exc.name,
        xi_mean=float(xi.mean()), xi_sd=float(xi.std(ddof=1)),
        xi_ci=credible_interval(xi, level),
        # on the scaled draws, then in data units: a sd of scales near 1e300 overflowed
        sigma_mean=float((sigma / exc.scale).mean()) * exc.scale,
        sigma_sd=float((sigma / exc.scale).std(ddof=1)) * exc.scale,
        sigma_ci=credible_interval(sigma, level),
        prob_heavy=float(np.mean(xi > 0)), prob_bounded=float(np.mean(xi < 0)),
        threshold=exc.threshold, threshold_method=exc.threshold_method,
        n_exceed=exc.n_exceed, n=exc.n, rhat_max=diag.rhat_max, ess_bulk_min=diag.ess_min,
        divergences=diag.divergences, settings=settings,
        warnings=(*notes, *diag.messages), method="Bayesian GPD (PyMC NUTS)", idata=idata,
        _summary=diag.summary,
    )
