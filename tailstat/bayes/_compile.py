"""PyMC models of GPD exceedances, a cache of their compiled log-density, and a NUTS driver.

This module is imported only by :mod:`tailstat.bayes.gpd_model` and
:mod:`tailstat.bayes.hierarchical`, inside the fit functions, so that ``import tailstat``
(and even ``import tailstat.bayes``) never imports PyMC, PyTensor or ArviZ.

Why a cache and a driver of our own
-----------------------------------
``pm.sample`` recompiles the model's log-density and gradient (and a trace function) on
every call: on this project's 2-core machine that is 5-10 s before the first draw. The
models here keep their data in ``pm.Data`` containers (PyTensor shared variables), so the
compiled function of a model is valid for any data set of the same kind. We compile it once
per *(model kind, priors, number of groups)*, keep it in a small LRU cache, and for each fit
only swap the data in and build fresh, cheap PyMC ``NUTS`` step objects around the cached
function (``logp_dlogp_func=``). :func:`run_nuts` then drives PyMC's own NUTS one iteration
at a time, exactly as ``pm.sample`` does for sequential chains (same warm-up: dual-averaging
step size and an adaptive diagonal mass matrix), but without the per-call compilation.

Determinism: chain ``c`` uses ``numpy.random.default_rng(SeedSequence(seed).spawn(chains)[c])``
for its jittered start, its momentum draws and its tree directions; chains run one after the
other in this process, so the same seed gives bit-identical draws.

The GPD log-density
-------------------
For excesses ``y > 0`` and ``z = xi*y/sigma`` the log-density is
``-log(sigma) - (1 + 1/xi) * log1p(z)`` (``-log(sigma) - y/sigma`` at ``xi = 0``), on the
support ``1 + z > 0``. The term ``log1p(z)/xi`` is ``0/0`` at ``xi = 0`` and its derivative
with respect to ``xi`` cancels catastrophically near 0, so where ``|z| < 1e-3`` it is replaced
by its series ``(y/sigma) * (1 - z/2 + z^2/3 - z^3/4)`` (relative error below ``z^4/5``).
The arguments of ``log1p`` and of the division are made safe inside ``switch`` so that the
branch not taken never produces ``nan`` (whose gradient would poison the selected branch),
and points outside the support get ``-inf`` with finite gradients. The models are
parameterised so that the sampler never leaves the support (see the model builders).
"""

from __future__ import annotations

import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pymc as pm
import pytensor.tensor as pt
from pymc.blocking import DictToArrayBijection
from pymc.exceptions import SamplingError
from pymc.step_methods.hmc.quadpotential import QuadPotentialDiagAdapt

from tailstat.errors import FitError

__all__ = [
    "CompiledModel",
    "NutsRun",
    "build_gpd_model",
    "build_hierarchical_model",
    "clear_model_cache",
    "get_compiled",
    "gpd_loglik_elemwise",
    "gpd_loglik_sum",
    "model_cache_info",
    "run_nuts",
]

#: Where ``|xi * y / sigma|`` is below this, ``log1p(z)/z`` is evaluated by its series.
SERIES_CUTOFF = 1e-3

#: Most compiled models kept (least recently used ones are dropped).
MAX_CACHED_MODELS = 16

_LOG_2PI = float(np.log(2.0 * np.pi))


# --------------------------------------------------------------------------------------------
# log-density pieces (PyTensor)
# --------------------------------------------------------------------------------------------

def _normal_logpdf(x: Any, mu: float, sd: float) -> Any:
    return -0.5 * ((x - mu) / sd) ** 2 - np.log(sd) - 0.5 * _LOG_2PI


def gpd_loglik_elemwise(y: Any, xi: Any, sigma: Any, log_sigma: Any) -> Any:
    """Element-wise GPD log-density of excesses ``y`` (PyTensor), safe at ``xi = 0`` and the edge.

    Parameters
    ----------
    y : tensor
        Excesses over the threshold (all ``> 0``).
    xi, sigma, log_sigma : tensors
        Shape, scale and ``log(scale)``, broadcastable to ``y`` (e.g. gathered per group).

    Returns
    -------
    tensor
        ``log f(y_i)``; ``-inf`` where ``1 + xi*y/sigma <= 0``, with finite gradients.
    """
    a = y / sigma
    z = xi * a
    valid = (1.0 + z) > 0.0
    small = pt.abs(z) < SERIES_CUTOFF
    lz = pt.log1p(pt.switch(valid, z, 0.0))
    z_div = pt.switch(small, 1.0, z)
    ratio = pt.switch(small, 1.0 - z / 2.0 + z**2 / 3.0 - z**3 / 4.0, lz / z_div)
    lp = -log_sigma - lz - a * ratio
    return pt.switch(valid, lp, -np.inf)


def gpd_loglik_sum(y: Any, power_sums: Any, y_max: Any, xi: Any, sigma: Any,
                   log_sigma: Any) -> Any:
    """Total GPD log-likelihood of excesses ``y`` for one scalar ``(xi, sigma)`` (PyTensor).

    Faster than summing :func:`gpd_loglik_elemwise`: one ``log1p`` per excess, and the
    ``xi -> 0`` branch decided once, from ``|xi| * y_max / sigma`` (the largest ``|z|``),
    using the power sums ``S_k = sum(y**k)``, k = 1..4:
    ``sum(log1p(z_i))/xi = (S1 - c S2/2 + c^2 S3/3 - c^3 S4/4)/sigma`` with ``c = xi/sigma``.

    Parameters
    ----------
    y : tensor (n,)
        Excesses.
    power_sums : tensor (4,)
        ``[sum(y), sum(y**2), sum(y**3), sum(y**4)]``.
    y_max : scalar tensor
        ``max(y)``.
    xi, sigma, log_sigma : scalar tensors

    Returns
    -------
    scalar tensor
        The log-likelihood, ``-inf`` outside the support (finite gradients).
    """
    n = pt.cast(y.shape[0], "float64")
    c = xi / sigma
    valid = (1.0 + c * y_max) > 0.0
    c_safe = pt.switch(valid, c, 0.0)
    sum_log1p = pt.sum(pt.log1p(c_safe * y))
    small = pt.abs(c_safe) * y_max < SERIES_CUTOFF
    xi_div = pt.switch(small, 1.0, xi)
    s1, s2, s3, s4 = power_sums[0], power_sums[1], power_sums[2], power_sums[3]
    series = (s1 - c_safe * s2 / 2.0 + c_safe**2 * s3 / 3.0 - c_safe**3 * s4 / 4.0) / sigma
    over_xi = pt.switch(small, series, sum_log1p / xi_div)
    ll = -n * log_sigma - sum_log1p - over_xi
    return pt.switch(valid, ll, -np.inf)


# --------------------------------------------------------------------------------------------
# models
# --------------------------------------------------------------------------------------------

def _placeholder_excesses() -> np.ndarray:
    return np.linspace(0.05, 3.0, 16)


def build_gpd_model(priors: Any) -> pm.Model:
    """The single-sample GPD model on excesses scaled to unit-free size.

    Free variables (what NUTS sees): ``log_sigma`` (the log scale, with its Normal prior) and
    ``zeta``, where ``xi = -min(1, sigma / y_max) + exp(zeta)``. This maps the real line
    one-to-one onto the admissible shapes ``xi > max(-1, -sigma/y_max)``: the prior
    truncation ``xi > -1`` *and* the support constraint ``1 + xi*y_max/sigma > 0`` hold by
    construction, so the sampler never proposes an impossible point (no boundary
    divergences for bounded tails). The prior of ``xi`` (Normal, truncated to ``xi > -1``)
    is added with the Jacobian ``exp(zeta)``; the posterior is exactly that of the
    textbook model with priors on ``(xi, log sigma)``.

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
        power_sums = pm.Data("power_sums", np.array([np.sum(y0**k) for k in range(1, 5)]))
        y_max = pm.Data("y_max", float(y0.max()))
        log_sigma = pm.Normal("log_sigma", mu=priors.log_sigma_mu, sigma=priors.log_sigma_sd)
        zeta = pm.Flat("zeta")
        sigma = pt.exp(log_sigma)
        xi = -pt.minimum(1.0, sigma / y_max) + pt.exp(zeta)
        pm.Potential("xi_prior", _normal_logpdf(xi, priors.xi_mu, priors.xi_sd) + zeta)
        pm.Potential("loglik", gpd_loglik_sum(y, power_sums, y_max, xi, sigma, log_sigma))
    return model


def build_hierarchical_model(priors: Any, n_centred: int, n_noncentred: int) -> pm.Model:
    """The hierarchical GPD model: shapes partially pooled across groups.

    Population: ``xi_g ~ Normal(mu_xi, tau)`` with ``mu_xi ~ Normal(xi_mu, xi_sd)`` and
    ``tau ~ HalfNormal(tau_sd)``; each group has its own ``log sigma_g ~ Normal(log_sigma_mu,
    log_sigma_sd)``. The first ``n_centred`` groups are parameterised *centred*, the other
    ``n_noncentred`` *non-centred* (Papaspiliopoulos, Roberts & Sköld 2007: centring suits
    groups whose data pin ``xi_g`` down, non-centring those whose data are weak, where the
    centred form has a funnel as ``tau -> 0``):

    * centred: free ``log_sigma_c`` and ``zeta_c`` with
      ``xi_g = -sigma_g / y_max_g + exp(zeta_g)`` (the support constraint holds by
      construction) and the population density of ``xi_g`` plus the Jacobian ``zeta_g``;
    * non-centred: free ``z_nc ~ Normal(0, 1)`` and ``eta_nc`` with ``xi_g = mu_xi + tau z_g``
      and ``sigma_g = max(0, -xi_g) * y_max_g + exp(eta_g)`` (one-to-one onto the admissible
      scales), the prior of ``log sigma_g`` plus its Jacobian ``eta_g - log sigma_g``.

    Both give exactly the posterior of the same model; ``xi_g`` is not truncated at -1.

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
        xis, sigmas, log_sigmas = [], [], []
        if n_centred:
            ym = y_max[:n_centred]
            log_sigma_c = pm.Normal("log_sigma_c", mu=priors.log_sigma_mu,
                                    sigma=priors.log_sigma_sd, shape=n_centred)
            zeta_c = pm.Flat("zeta_c", shape=n_centred)
            sigma_c = pt.exp(log_sigma_c)
            xi_c = -sigma_c / ym + pt.exp(zeta_c)
            pm.Potential("xi_c_prior", pt.sum(_normal_logpdf(xi_c, mu_xi, tau) + zeta_c))
            xis.append(xi_c)
            sigmas.append(sigma_c)
            log_sigmas.append(log_sigma_c)
        if n_noncentred:
            ym = y_max[n_centred:]
            z_nc = pm.Normal("z_nc", 0.0, 1.0, shape=n_noncentred)
            eta_nc = pm.Flat("eta_nc", shape=n_noncentred)
            xi_nc = mu_xi + tau * z_nc
            sigma_nc = pt.maximum(-xi_nc, 0.0) * ym + pt.exp(eta_nc)
            log_sigma_nc = pt.log(sigma_nc)
            pm.Potential("sigma_nc_prior", pt.sum(
                _normal_logpdf(log_sigma_nc, priors.log_sigma_mu, priors.log_sigma_sd)
                + eta_nc - log_sigma_nc))
            xis.append(xi_nc)
            sigmas.append(sigma_nc)
            log_sigmas.append(log_sigma_nc)
        xi = pt.concatenate(xis)
        sigma = pt.concatenate(sigmas)
        log_sigma = pt.concatenate(log_sigmas)
        pm.Potential("loglik", pt.sum(gpd_loglik_elemwise(
            y, xi[group], sigma[group], log_sigma[group])))
    return model


# --------------------------------------------------------------------------------------------
# cache
# --------------------------------------------------------------------------------------------

@dataclass
class CompiledModel:
    """A PyMC model and its compiled log-density + gradient, ready for new data.

    Attributes
    ----------
    key : tuple
        ``(kind, priors, n_groups)``.
    model : pymc.Model
    fn : pymc.model.core.ValueGradFunction
        ``fn(q) -> (logp, dlogp)`` over the raveled free variables.
    var_names : tuple of str
        The free (value) variables in the order of the raveled vector.
    lock : threading.Lock
        Held while the data are swapped in and the chains run.
    uses : int
        How many fits have used it.
    """

    key: tuple[Hashable, ...]
    model: Any
    fn: Any
    var_names: tuple[str, ...]
    lock: threading.Lock = field(default_factory=threading.Lock)
    uses: int = 0

    def set_data(self, **values: Any) -> None:
        """Put new data into the model's ``pm.Data`` containers (no recompilation)."""
        for name, value in values.items():
            self.model.set_data(name, value)


_CACHE: OrderedDict[tuple[Hashable, ...], CompiledModel] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def get_compiled(kind: str, priors: Any,
                 n_groups: tuple[int, int] | None = None) -> tuple[CompiledModel, bool]:
    """The compiled model for ``(kind, priors, n_groups)``, built on first use.

    Parameters
    ----------
    kind : {"gpd", "hierarchical"}
    priors : GPDPriors (hashable)
    n_groups : (int, int), optional
        Hierarchical model only: numbers of centred and non-centred groups.

    Returns
    -------
    (CompiledModel, bool)
        The model and whether it came from the cache.
    """
    key = (kind, priors, n_groups)
    with _CACHE_LOCK:
        cm = _CACHE.get(key)
        if cm is not None:
            _CACHE.move_to_end(key)
            return cm, True
    if kind == "gpd":
        model = build_gpd_model(priors)
    elif kind == "hierarchical":
        if n_groups is None:
            raise ValueError("n_groups is needed for the hierarchical model")
        model = build_hierarchical_model(priors, *n_groups)
    else:  # pragma: no cover - internal
        raise ValueError(f"unknown model kind {kind!r}")
    with warnings.catch_warnings():
        # PyTensor's notice that it found no BLAS to link: these models are element-wise
        # and use no BLAS operation, so the notice does not apply.
        warnings.filterwarnings("ignore", message="PyTensor could not link to a BLAS",
                                category=UserWarning)
        fn = model.logp_dlogp_function(ravel_inputs=True)
    fn.trust_input = True
    fn.set_extra_values({})
    var_names = tuple(v.name for v in model.continuous_value_vars)
    cm = CompiledModel(key=key, model=model, fn=fn, var_names=var_names)
    with _CACHE_LOCK:
        existing = _CACHE.get(key)
        if existing is not None:  # another thread won the race
            return existing, True
        _CACHE[key] = cm
        while len(_CACHE) > MAX_CACHED_MODELS:
            _CACHE.popitem(last=False)
    return cm, False


def clear_model_cache() -> None:
    """Forget every compiled model (the next fit of each kind compiles again)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def model_cache_info() -> list[dict[str, Any]]:
    """What the cache holds: one ``{"kind", "priors", "n_groups", "uses"}`` per model."""
    with _CACHE_LOCK:
        return [{"kind": k[0], "priors": k[1], "n_groups": k[2], "uses": cm.uses}
                for k, cm in _CACHE.items()]


# --------------------------------------------------------------------------------------------
# NUTS driver
# --------------------------------------------------------------------------------------------

_STAT_NAMES = {
    # ArviZ name: PyMC NUTS stat name
    "diverging": "diverging",
    "energy": "energy",
    "energy_error": "energy_error",
    "tree_depth": "depth",
    "n_steps": "tree_size",
    "acceptance_rate": "mean_tree_accept",
    "step_size": "step_size",
    "lp": "model_logp",
    "reached_max_treedepth": "reached_max_treedepth",
}


@dataclass
class NutsRun:
    """Raw output of :func:`run_nuts`.

    Attributes
    ----------
    draws : dict
        Free-variable name -> array ``(chains, draws, *shape)`` of the retained draws.
    stats : dict
        ArviZ-named sampler statistics, each ``(chains, draws)``.
    tuning_divergences : int
        Divergent transitions during warm-up (not counted as a problem by themselves).
    """

    draws: dict[str, np.ndarray]
    stats: dict[str, np.ndarray]
    tuning_divergences: int


def run_nuts(
    cm: CompiledModel,
    init: Callable[[np.random.Generator], dict[str, np.ndarray]],
    *,
    draws: int,
    tune: int,
    chains: int,
    seed: int,
    target_accept: float,
    max_treedepth: int = 10,
) -> NutsRun:
    """Run ``chains`` sequential NUTS chains on the model's current data.

    Parameters
    ----------
    cm : CompiledModel
        With its data already set (the caller holds ``cm.lock``).
    init : callable
        ``init(rng) -> {var_name: value}``: a (jittered) starting point for one chain.
    draws, tune, chains : int
        Retained draws and warm-up iterations per chain; number of chains.
    seed : int
        Root of the per-chain ``SeedSequence``.
    target_accept : float
        NUTS dual-averaging target.
    max_treedepth : int

    Returns
    -------
    NutsRun

    Raises
    ------
    FitError
        When a chain cannot start (non-finite log-density at its starting point).
    """
    sizes: list[tuple[str, tuple[int, ...], int]] = []
    out_draws: dict[str, np.ndarray] = {}
    out_stats = {name: np.zeros((chains, draws), dtype=bool if name in (
        "diverging", "reached_max_treedepth") else (np.int64 if name in (
            "tree_depth", "n_steps") else np.float64)) for name in _STAT_NAMES}
    tuning_divergences = 0
    children = np.random.SeedSequence(seed).spawn(chains)
    for c, child in enumerate(children):
        rng = np.random.default_rng(child)
        point = {k: np.asarray(v, dtype=np.float64) for k, v in init(rng).items()}
        point = {name: point[name] for name in cm.var_names}
        if not sizes:
            for name, v in point.items():
                sizes.append((name, v.shape, v.size))
                out_draws[name] = np.empty((chains, draws, *v.shape))
        q = DictToArrayBijection.map(point)
        logp0, _ = cm.fn(q.data)
        if not np.isfinite(logp0):
            raise FitError(
                "the GPD model has a non-finite log-density at its starting point "
                f"({point}); the data may be degenerate (all excesses nearly equal?)."
            )
        d = q.data.shape[0]
        potential = QuadPotentialDiagAdapt(
            d, q.data.copy(), np.ones(d), 10,
            rng=np.random.default_rng(rng.integers(2**63)))
        step = pm.NUTS(
            model=cm.model, logp_dlogp_func=cm.fn, potential=potential,
            target_accept=target_accept, max_treedepth=max_treedepth,
            rng=rng, initial_point=point,
        )
        step.reset_tuning()
        step.iter_count = 0
        try:
            for i in range(tune + draws):
                if i == tune:
                    step.stop_tuning()
                q, stats_list = step.astep(q)
                st = stats_list[0]
                if i < tune:
                    tuning_divergences += bool(st["diverging"])
                    continue
                j = i - tune
                offset = 0
                for name, shape, size in sizes:
                    out_draws[name][c, j] = q.data[offset:offset + size].reshape(shape)
                    offset += size
                for name, pymc_name in _STAT_NAMES.items():
                    out_stats[name][c, j] = st.get(pymc_name, np.nan)
        except SamplingError as exc:  # pragma: no cover - guarded by the start check
            raise FitError(f"NUTS failed in chain {c}: {exc}") from None
    return NutsRun(draws=out_draws, stats=out_stats, tuning_divergences=tuning_divergences)


def equal_tailed(draws: np.ndarray, level: float, axis: int | Sequence[int] = 0) -> np.ndarray:
    """Equal-tailed interval bounds ``[(1-level)/2, (1+level)/2]`` quantiles along ``axis``."""
    alpha = (1.0 - level) / 2.0
    return np.quantile(draws, [alpha, 1.0 - alpha], axis=axis)
