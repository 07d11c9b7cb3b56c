"""PyMC models of GPD exceedances, kept per process, and sampled with ``pm.sample``.

This module is imported only inside the fit functions of :mod:`tailstat.bayes`, so that
``import tailstat`` (and even ``import tailstat.bayes``) never imports PyMC, PyTensor or
ArviZ.

Everything here goes through PyMC's public API: models are ``pm.Model`` objects whose data
live in ``pm.Data`` containers, new data go in with ``pm.set_data`` and the posterior comes
from ``pm.sample`` (PyMC's own NUTS with its default ``init="jitter+adapt_diag"`` around a
starting point we choose, chains run one after the other with ``cores=1``).

Why a cache of models
---------------------
A model's graph is built once per *(model kind, priors, numbers of groups)* and kept in a
small LRU cache; each fit swaps its data in with ``pm.set_data`` (under the model's lock)
and calls ``pm.sample``. PyMC compiles the log-density again on every ``pm.sample`` call,
which on this project's 2-core machine costs about half a second once PyTensor's on-disk
cache holds the compiled C modules (the first fit of a process pays several seconds).

Why sequential chains (``cores=1``)
-----------------------------------
Measured on the 2-core machine (2026-12-03, warm, with other work beside it): 4 chains of
the Danish fit (threshold 10, 109 excesses, 1000 draws and 1000 tuning steps each) took
7.3-7.7 s with ``cores=1`` and 6.5-7.0 s with ``cores=2`` (alone, ``reports/speed.md`` has
2.9 s warm with ``cores=1``; review 404 measured 2.4-3.8 s of sampling): a second core
saves about a tenth (starting worker processes
and sending them the model costs most of what it gains for models this small; an earlier
build measured 1.9-2.1 s and 2.3-2.4 s). Sequential chains keep every fit inside the
caller's process: no worker processes from notebooks, servers, or the report's own
per-group workers.

Determinism: ``pm.sample(random_seed=seed)`` spawns one generator per chain from ``seed``,
which also draws each chain's jitter of the starting point. The same seed gives
bit-identical draws (for a given PyMC version and platform).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pymc as pm
import pytensor.tensor as pt

from tailstat.bayes._loglik import gpd_loglik_elemwise, gpd_loglik_sum, normal_logpdf
from tailstat.bayes._quiet import quiet_logging
from tailstat.bayes._truncated import truncated_z
from tailstat.errors import FitError


def _read_blas_flags() -> None:
    """Read PyTensor's BLAS setting once, here, without its warning. PyTensor looks for a
    BLAS library the first time a graph rewrite asks for it and, installed from PyPI, warns
    ("could not link to a BLAS installation ... install via conda") from whichever fit
    happens to compile such a graph first (the truncated hierarchical model does). These
    models are vectors of a few thousand values and make no matrix products, so the message
    is noise; it is silenced for this one read, at import, and the value is then cached by
    PyTensor."""
    import warnings

    import pytensor

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PyTensor could not link to a BLAS")
        _ = pytensor.config.blas__ldflags


_read_blas_flags()

__all__ = [
    "CachedModel",
    "PosteriorDraws",
    "build_gpd_model",
    "build_hierarchical_model",
    "clear_model_cache",
    "get_model",
    "model_cache_info",
    "run_sampler",
    "sample_posterior",
]

#: Most models kept (least recently used ones are dropped).
MAX_CACHED_MODELS = 16

#: Sampler statistics kept in the result (ArviZ names, as ``pm.sample`` returns them);
#: timing statistics are left out because they differ between runs of the same seed.
SAMPLE_STATS = ("diverging", "energy", "energy_error", "tree_depth", "n_steps",
                "acceptance_rate", "step_size", "lp", "reached_max_treedepth")


# --------------------------------------------------------------------------------------------
# models
# --------------------------------------------------------------------------------------------

def _placeholder_excesses() -> np.ndarray:
    return np.linspace(0.05, 3.0, 16)


def power_sums(y: np.ndarray) -> np.ndarray:
    """``[sum(q), sum(q**2), sum(q**3), sum(q**4)]`` with ``q = y / max(y)``, the data summary
    of the GPD model. Relative to the largest excess, every sum lies in ``[0, len(y)]``:
    ``sum(y**4)`` itself overflowed once ``max(y)`` passed about 1e77 (``y`` are the excesses
    over ``median / log 2``, so one huge value among ordinary ones does it), and a NaN from
    ``inf * 0`` reached the sampler's gradient."""
    q = y / y.max()
    return np.array([np.sum(q**k) for k in range(1, 5)])


def build_gpd_model(priors: Any) -> pm.Model:
    """The single-sample GPD model on excesses scaled to unit-free size.

    Free variables: ``log_sigma`` (the log scale, with its Normal prior) and ``zeta``, where
    ``xi = -min(1, sigma / y_max) + exp(zeta)``. This maps the real line one-to-one onto the
    admissible shapes ``xi > max(-1, -sigma/y_max)``: the prior truncation ``xi > -1`` *and*
    the support constraint ``1 + xi*y_max/sigma > 0`` hold by construction, so the sampler
    never proposes an impossible point. (Small bounded samples still show a few divergent
    transitions: uniform and beta tails with 10-20 exceedances had 1-13 in 4,000 draws, at
    ξ between -0.6 and 0.4, plausibly from the kink of ``min(1, sigma/y_max)`` at
    ``sigma = y_max``; their posterior matched a grid's to Monte Carlo noise.) The
    prior of ``xi`` (Normal, truncated to ``xi > -1``) is added with the Jacobian
    ``exp(zeta)``; the posterior is exactly that of the textbook model with priors on
    ``(xi, log sigma)``.

    Parameters
    ----------
    priors : GPDPriors

    Returns
    -------
    pymc.Model
        With data containers ``y`` (scaled excesses), ``power_sums`` and ``y_max``.
    """
    y0 = _placeholder_excesses()
    with pm.Model() as model:
        y = pm.Data("y", y0)
        sums = pm.Data("power_sums", power_sums(y0))
        y_max = pm.Data("y_max", float(y0.max()))
        log_sigma = pm.Normal("log_sigma", mu=priors.log_sigma_mu, sigma=priors.log_sigma_sd)
        zeta = pm.Flat("zeta")
        sigma = pt.exp(log_sigma)
        xi = -pt.minimum(1.0, sigma / y_max) + pt.exp(zeta)
        pm.Potential("xi_prior", normal_logpdf(xi, priors.xi_mu, priors.xi_sd) + zeta)
        pm.Potential("loglik", gpd_loglik_sum(y, sums, y_max, xi, sigma, log_sigma))
    return model


def _log_mass_above_minus_one(mu_xi: Any, tau: Any) -> Any:
    """``log P(xi > -1)`` under ``Normal(mu_xi, tau)``: the truncated population's
    normaliser (it depends on ``mu_xi`` and ``tau``, so it is part of their posterior)."""
    return pm.logcdf(pm.Normal.dist(0.0, 1.0), (mu_xi + 1.0) / tau)


def _centred_block(priors: Any, mu_xi: Any, tau: Any, y_max: Any, n: int
                   ) -> tuple[Any, Any, Any]:
    """Centred groups: free ``log_sigma_c`` and ``zeta_c``; returns ``(xi, sigma, log_sigma)``."""
    log_sigma = pm.Normal("log_sigma_c", mu=priors.log_sigma_mu, sigma=priors.log_sigma_sd,
                          shape=n)
    zeta = pm.Flat("zeta_c", shape=n)
    sigma = pt.exp(log_sigma)
    xi = -pt.minimum(1.0, sigma / y_max) + pt.exp(zeta)  # xi > max(-1, -sigma / y_max)
    pm.Potential("xi_c_prior", pt.sum(normal_logpdf(xi, mu_xi, tau) + zeta)
                 - n * _log_mass_above_minus_one(mu_xi, tau))
    return xi, sigma, log_sigma


def _noncentred_block(priors: Any, mu_xi: Any, tau: Any, y_max: Any, n: int
                      ) -> tuple[Any, Any, Any]:
    """Non-centred groups: free ``u_nc`` and ``eta_nc``; returns ``(xi, sigma, log_sigma)``."""
    u = pm.Uniform("u_nc", 0.0, 1.0, shape=n)
    eta = pm.Flat("eta_nc", shape=n)
    xi = mu_xi + tau * truncated_z(u, (mu_xi + 1.0) / tau, pt)
    sigma = pt.maximum(-xi, 0.0) * y_max + pt.exp(eta)
    log_sigma = pt.log(sigma)
    pm.Potential("sigma_nc_prior", pt.sum(
        normal_logpdf(log_sigma, priors.log_sigma_mu, priors.log_sigma_sd) + eta - log_sigma))
    return xi, sigma, log_sigma


def build_hierarchical_model(priors: Any, n_centred: int, n_noncentred: int) -> pm.Model:
    """The hierarchical GPD model: shapes partially pooled across groups.

    Population: ``xi_g ~ Normal(mu_xi, tau)`` with ``mu_xi ~ Normal(xi_mu, xi_sd)`` and
    ``tau ~ HalfNormal(tau_sd)``; each group has its own ``log sigma_g ~ Normal(log_sigma_mu,
    log_sigma_sd)``. The first ``n_centred`` groups are parameterised *centred*, the other
    ``n_noncentred`` *non-centred* (Papaspiliopoulos, Roberts & Sköld 2007: centring suits
    groups whose data pin ``xi_g`` down, non-centring those whose data are weak, where the
    centred form has a funnel as ``tau -> 0``):

    * centred: free ``log_sigma_c`` and ``zeta_c`` with
      ``xi_g = -min(1, sigma_g / y_max_g) + exp(zeta_g)`` (the support constraint and
      ``xi_g > -1`` hold by construction) and the population density of ``xi_g``, truncated
      to ``xi_g > -1`` (its normaliser ``Phi((mu_xi + 1) / tau)`` included), plus the Jacobian
      ``zeta_g``;
    * non-centred: free ``u_nc ~ Uniform(0, 1)`` and ``eta_nc`` with ``xi_g = mu_xi + tau z_g``,
      ``z_g`` the normal truncated to ``xi_g > -1`` as a transform of ``u_g``
      (:func:`truncated_z`), and ``sigma_g = max(0, -xi_g) * y_max_g + exp(eta_g)`` (one-to-one
      onto the admissible scales), the prior of ``log sigma_g`` plus its Jacobian
      ``eta_g - log sigma_g``.

    Both give exactly the posterior of the same model, in which ``xi_g > -1`` as in the
    single-sample model: without the truncation a group whose largest excess is tied (clipped
    scores) made the posterior improper (its scale integral diverges for
    ``xi_g <= -m / (m - 1)``, ``m`` the ties), and the sampler ran to ``xi_g = -14``.

    Parameters
    ----------
    priors : GPDPriors
    n_centred, n_noncentred : int
        Group counts (groups ordered centred first).

    Returns
    -------
    pymc.Model
        With data containers ``y`` (scaled excesses, all groups concatenated), ``group``
        (group index of each excess) and ``y_max`` (per group).
    """
    n_groups = n_centred + n_noncentred
    y0 = _placeholder_excesses()
    g0 = np.arange(y0.shape[0]) % n_groups
    with pm.Model() as model:
        y = pm.Data("y", y0)
        group = pm.Data("group", g0.astype(np.int64))
        y_max = pm.Data("y_max", np.full(n_groups, float(y0.max())))
        mu_xi = pm.Normal("mu_xi", mu=priors.xi_mu, sigma=priors.xi_sd)
        tau = pm.HalfNormal("tau", sigma=priors.tau_sd)
        blocks = []
        if n_centred:
            blocks.append(_centred_block(priors, mu_xi, tau, y_max[:n_centred], n_centred))
        if n_noncentred:
            blocks.append(_noncentred_block(priors, mu_xi, tau, y_max[n_centred:],
                                            n_noncentred))
        xi, sigma, log_sigma = (pt.concatenate(list(parts)) for parts in zip(*blocks,
                                                                             strict=True))
        pm.Potential("loglik", pt.sum(gpd_loglik_elemwise(
            y, xi[group], sigma[group], log_sigma[group])))
    return model


# --------------------------------------------------------------------------------------------
# cache
# --------------------------------------------------------------------------------------------

@dataclass
class CachedModel:
    """A PyMC model kept for reuse with new data.

    Attributes
    ----------
    key : tuple
        ``(kind, priors, n_groups)``.
    model : pymc.Model
    lock : threading.Lock
        Held while the data are swapped in and the chains run.
    uses : int
        How many fits have used it.
    """

    key: tuple[Hashable, ...]
    model: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    uses: int = 0


_CACHE: OrderedDict[tuple[Hashable, ...], CachedModel] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def get_model(kind: str, priors: Any,
              n_groups: tuple[int, int] | None = None) -> tuple[CachedModel, bool]:
    """The model for ``(kind, priors, n_groups)``, built on first use.

    Parameters
    ----------
    kind : {"gpd", "hierarchical"}
    priors : GPDPriors (hashable)
    n_groups : (int, int), optional
        Hierarchical model only: numbers of centred and non-centred groups.

    Returns
    -------
    (CachedModel, bool)
        The model and whether it came from the cache.
    """
    key = (kind, priors, n_groups)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached, True
    if kind == "gpd":
        model = build_gpd_model(priors)
    elif kind == "hierarchical" and n_groups is not None:
        model = build_hierarchical_model(priors, *n_groups)
    else:  # pragma: no cover - internal
        raise ValueError(f"unknown model kind {kind!r} (or n_groups missing)")
    with _CACHE_LOCK:
        existing = _CACHE.get(key)
        if existing is not None:  # another thread won the race
            return existing, True
        cached = _CACHE[key] = CachedModel(key=key, model=model)
        while len(_CACHE) > MAX_CACHED_MODELS:
            _CACHE.popitem(last=False)
    return cached, False


def clear_model_cache() -> None:
    """Forget every cached model (the next fit of each kind builds its model again)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def model_cache_info() -> list[dict[str, Any]]:
    """What the cache holds: one ``{"kind", "priors", "n_groups", "uses"}`` per model."""
    with _CACHE_LOCK:
        return [{"kind": k[0], "priors": k[1], "n_groups": k[2], "uses": c.uses}
                for k, c in _CACHE.items()]


# --------------------------------------------------------------------------------------------
# sampling
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PosteriorDraws:
    """What :func:`run_sampler` keeps of ``pm.sample``'s output.

    Attributes
    ----------
    draws : dict
        Free-variable name -> array ``(chains, draws, *shape)`` of the retained draws.
    stats : dict
        ArviZ-named sampler statistics (:data:`SAMPLE_STATS`), each ``(chains, draws)``.
    tuning_divergences : int
        Divergent transitions during warm-up (not a problem by themselves).
    """

    draws: dict[str, np.ndarray]
    stats: dict[str, np.ndarray]
    tuning_divergences: int


#: What each term of the model's log-density is, for a failure at the starting point.
_TERMS = {"log_sigma": "the prior of log sigma (priors['log_sigma'])",
          "xi_prior": "the prior of xi (priors['xi'])",
          "loglik": "the likelihood of the excesses"}


def _start_failure(text: str) -> str:
    """A short message for PyMC's failure at the starting point, naming the terms of the
    log-density that are not finite there (a review: PyMC's dump of starting values, then
    "the data may be degenerate" where the cause was a prior of scale 1e-300)."""
    found = re.search(r"Logp initial evaluation results:\s*\{([^}]*)\}", text)
    bad = [name for name, value in re.findall(r"'(\w+)': (?:np\.float64\()?([-\w.+]+)",
                                               found.group(1) if found else "")
           if value in ("-inf", "inf", "nan")]
    # every term that is not finite, by its name where it is not one of the one-sample model's
    # (the hierarchical model's tau and mu_xi were dropped with the dump: a re-read)
    named = [_TERMS.get(b, f"the term {b!r}") for b in bad]
    if not named:
        first = text.strip().splitlines()[0] if text.strip() else "no reason given"
        return (f"PyMC could not sample the GPD model ({first}). The data may be degenerate "
                "(all excesses nearly equal?) or need a higher threshold.")
    fix = ("the data may be degenerate (all excesses nearly equal?) or need a higher "
           "threshold" if bad == ["loglik"] else "check priors=: a prior that puts no mass "
           "where the data are (a scale of 1e-300, a mean of 1e300) leaves no starting "
           "point; else the data may be degenerate")
    return (f"PyMC could not start sampling the GPD model: at its starting point "
            f"{' and '.join(named)} {'are' if len(named) > 1 else 'is'} not finite; {fix}.")


def run_sampler(cached: CachedModel, data: Mapping[str, Any], start: Mapping[str, Any], *,
                draws: int, tune: int, chains: int, seed: int,
                target_accept: float) -> PosteriorDraws:
    """Put ``data`` into the model and run ``pm.sample`` (PyMC NUTS).

    Parameters
    ----------
    cached : CachedModel
    data : mapping
        New values of the model's ``pm.Data`` containers.
    start : mapping
        The starting point (free variables, model space); PyMC jitters it for each chain
        (uniform within 1 on the unconstrained scale).
    draws, tune, chains : int
        Retained draws and warm-up iterations per chain; number of chains.
    seed : int
        ``random_seed`` of ``pm.sample``.
    target_accept : float
        NUTS dual-averaging target.

    Returns
    -------
    PosteriorDraws

    Raises
    ------
    FitError
        When PyMC cannot sample (e.g. a non-finite log-density at a starting point).
    """
    from pymc.exceptions import SamplingError

    with cached.lock, quiet_logging():
        pm.set_data(dict(data), model=cached.model)
        try:
            # the sampler's overflows in warm-up divergences are counted as divergences and
            # said in the fit's warnings; numpy's RuntimeWarning got out even with warn=False
            # (a review; errstate is the calling thread's, not the process's filters)
            with np.errstate(over="ignore", invalid="ignore"):
                idata = pm.sample(
                    draws=draws, tune=tune, chains=chains, cores=1,
                    init="jitter+adapt_diag", initvals=dict(start),
                    random_seed=seed, target_accept=target_accept, model=cached.model,
                    progressbar=False, compute_convergence_checks=False,
                    discard_tuned_samples=False, return_inferencedata=True,
                )
        except SamplingError as exc:
            raise FitError(_start_failure(str(exc))) from None
        cached.uses += 1
    sizes = idata.posterior.sizes
    if (sizes.get("chain"), sizes.get("draw")) != (chains, draws):
        # PyMC catches an interrupt of chains run one after another and returns the chains
        # it has, cut short: a fit of fewer draws than asked, said nowhere, and the command
        # line's exit 0 with its output written (a review). Interrupted is interrupted.
        raise KeyboardInterrupt(f"sampling was interrupted ({sizes.get('chain')} chain(s) of "
                                f"{sizes.get('draw')} draws, of {chains} of {draws} asked)")
    free = [v.name for v in cached.model.free_RVs]
    out_draws = {name: np.asarray(idata.posterior[name].values) for name in free}
    stats = {name: np.asarray(idata.sample_stats[name].values)
             for name in SAMPLE_STATS if name in idata.sample_stats}
    warm = getattr(idata, "warmup_sample_stats", None)
    tuning_div = int(np.asarray(warm["diverging"]).sum()) if warm is not None else 0
    return PosteriorDraws(draws=out_draws, stats=stats, tuning_divergences=tuning_div)


def sample_posterior(kind: str, priors: Any, n_groups: tuple[int, int] | None,
                     data: Mapping[str, Any], start: Mapping[str, Any],
                     settings: Mapping[str, Any]) -> tuple[PosteriorDraws, dict[str, Any]]:
    """Get the cached model of this kind and sample it (:func:`get_model`, :func:`run_sampler`).

    ``settings`` supplies ``draws``, ``tune``, ``chains``, ``seed`` and ``target_accept``.
    Returns the draws and what the fit records about the run: tuning divergences, whether
    the model came from the cache, the PyMC version and the seconds spent.
    """
    t0 = time.perf_counter()
    cached, reused = get_model(kind, priors, n_groups)
    t1 = time.perf_counter()
    run = run_sampler(cached, data, start, draws=settings["draws"], tune=settings["tune"],
                      chains=settings["chains"], seed=settings["seed"],
                      target_accept=settings["target_accept"])
    info = {"tuning_divergences": run.tuning_divergences, "model_cached": reused,
            "pymc": str(pm.__version__),
            "seconds": {"model": t1 - t0, "sample": time.perf_counter() - t1}}
    return run, info
