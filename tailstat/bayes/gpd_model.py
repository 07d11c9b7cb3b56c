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
exponential-equivalent scale (95%). Both are weakly informative: with 50 exceedances or
more the likelihood dominates. Pass others with ``priors=`` (a :class:`GPDPriors` or a
mapping such as ``{"xi": (0.0, 0.3), "log_sigma": (0.0, 2.0)}``).

The sampler is PyMC's NUTS driven sequentially (one core, deterministic for a given
``seed``) around a compiled log-density that is cached and reused across fits; see
:mod:`tailstat.bayes._compile` for the parameterisation that keeps the sampler inside the
GPD support and the treatment of ``xi -> 0``.

Convergence: a :class:`tailstat.errors.ConvergenceWarning` is issued (and recorded in
``warnings``) when the largest rank-normalised split R-hat exceeds 1.01, when the smallest
bulk effective sample size is below ``min(400, 0.1 * chains * draws)`` (400 is the
recommendation of Vehtari et al. 2021 for 4 chains; short exploratory runs are held to a
10% sampling efficiency instead of a count they cannot reach), or when any post-warm-up
transition diverged.
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tailstat.data import Sample, check_sample
from tailstat.data.tail import TIE_WARN_FRACTION
from tailstat.errors import ConvergenceWarning, DataError, FitError, TiesWarning
from tailstat.results import Interval, Result, jsonable

__all__ = ["BayesTailFit", "GPDPriors", "fit_bayes"]

#: Fewest exceedances :func:`fit_bayes` accepts by default.
MIN_EXCEED = 10

#: R-hat above this triggers a :class:`ConvergenceWarning`.
RHAT_MAX = 1.01

#: Bulk ESS target (capped at 10% of the retained draws, see the module docstring).
ESS_TARGET = 400

_INTERVAL_METHOD = "equal-tailed posterior"
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*%\s*$")


# --------------------------------------------------------------------------------------------
# priors
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GPDPriors:
    """Priors of the Bayesian GPD models (on excesses scaled by ``median / log 2``).

    Attributes
    ----------
    xi_mu, xi_sd : float
        ``xi ~ Normal(xi_mu, xi_sd)`` truncated to ``xi > -1`` (single sample); in the
        hierarchical model the prior of the population mean ``mu_xi`` (not truncated).
    log_sigma_mu, log_sigma_sd : float
        ``log sigma ~ Normal(log_sigma_mu, log_sigma_sd)`` (each group's, hierarchically).
    tau_sd : float
        Hierarchical model only: ``tau ~ HalfNormal(tau_sd)``, the spread of the groups'
        ``xi`` around ``mu_xi``. The default 0.3 lets shapes differ by about ±0.6 between
        groups while pulling groups with little data towards the population.
    """

    xi_mu: float = 0.0
    xi_sd: float = 0.5
    log_sigma_mu: float = 0.0
    log_sigma_sd: float = 1.0
    tau_sd: float = 0.3

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
                raise DataError(f"prior {f.name} must be a number, got {v!r} instead.")
            v = float(v)
            if not math.isfinite(v):
                raise DataError(f"prior {f.name} must be finite, got {v!r} instead.")
            if f.name.endswith("_sd") and v <= 0:
                raise DataError(f"prior {f.name} must be > 0, got {v!r} instead.")
            object.__setattr__(self, f.name, v)

    def to_dict(self) -> dict[str, float]:
        """The five numbers, JSON-safe."""
        return dataclasses.asdict(self)


def as_priors(priors: GPDPriors | Mapping[str, Any] | None) -> GPDPriors:
    """Turn ``priors=`` into :class:`GPDPriors`.

    Accepts ``None`` (defaults), a :class:`GPDPriors`, or a mapping with any of the keys
    ``"xi": (mu, sd)``, ``"log_sigma": (mu, sd)``, ``"tau": sd`` (or the field names of
    :class:`GPDPriors`).
    """
    if priors is None:
        return GPDPriors()
    if isinstance(priors, GPDPriors):
        return priors
    if not isinstance(priors, Mapping):
        raise DataError("priors must be None, a GPDPriors or a mapping like "
                        f"{{'xi': (0.0, 0.5), 'log_sigma': (0.0, 1.0)}}; got {priors!r} instead.")
    kwargs: dict[str, Any] = {}
    fields_ = {f.name for f in dataclasses.fields(GPDPriors)}
    for key, value in priors.items():
        if key in ("xi", "log_sigma"):
            if not (isinstance(value, (tuple, list)) and len(value) == 2):
                raise DataError(f"priors[{key!r}] must be a pair (mu, sd), got {value!r} instead.")
            kwargs[f"{key}_mu"], kwargs[f"{key}_sd"] = value
        elif key == "tau":
            kwargs["tau_sd"] = value
        elif key in fields_:
            kwargs[key] = value
        else:
            raise DataError(f"unknown prior {key!r}; use 'xi', 'log_sigma', 'tau' or one of "
                            f"{sorted(fields_)}.")
    return GPDPriors(**kwargs)


# --------------------------------------------------------------------------------------------
# thresholds and exceedances
# --------------------------------------------------------------------------------------------

def _percent_threshold(values: np.ndarray, spec: str) -> tuple[float, str] | None:
    m = _PERCENT.match(spec)
    if m is None:
        return None
    p = float(m.group(1))
    if not 0.0 < p < 100.0:
        raise DataError(f"threshold {spec!r}: a percentage must lie strictly between 0% and "
                        "100%.")
    return float(np.quantile(values, p / 100.0)), f"{p:g}% empirical quantile (numpy 'linear')"


def resolve_threshold(values: np.ndarray, threshold: Any) -> tuple[float, str]:
    """The absolute threshold for ``threshold=`` and how it was chosen.

    Delegates to :func:`tailstat.gpd.threshold.resolve_threshold` when that module is
    available (so ``"auto"`` uses its published rule and the descriptions match the GPD
    fits); without it, numbers and percentages such as ``"95%"`` (the empirical quantile,
    ``numpy.quantile`` with linear interpolation) still work.

    Raises
    ------
    DataError
        Non-finite or unknown specifications.
    FitError
        ``"auto"`` when :mod:`tailstat.gpd` is not available.
    """
    if isinstance(threshold, (bool, np.bool_)):
        raise DataError(f"threshold must be a number or a string like '95%' or 'auto', got "
                        f"{threshold!r} instead.")
    is_number = isinstance(threshold, (int, float, np.integer, np.floating))
    if is_number and not math.isfinite(float(threshold)):
        raise DataError(f"threshold must be finite, got {threshold!r} instead.")
    gpd_resolve: Callable[[np.ndarray, Any], tuple[float, str]] | None
    try:
        from tailstat.gpd.threshold import resolve_threshold as gpd_resolve
    except ImportError:
        gpd_resolve = None
    if gpd_resolve is not None:
        u, method = gpd_resolve(values, threshold)
        return float(u), str(method)
    if is_number:
        return float(threshold), "fixed value"
    if not isinstance(threshold, str):
        raise DataError(f"threshold must be a number or a string like '95%' or 'auto', got "
                        f"{type(threshold).__name__} {threshold!r} instead.")
    out = _percent_threshold(values, threshold)
    if out is not None:
        return out
    if threshold.strip().lower() == "auto":
        raise FitError("threshold='auto' needs tailstat.gpd (its automatic threshold rule), which "
                       "is not available; pass a number or a percentage such as '95%'.")
    raise DataError(f"unknown threshold {threshold!r}; pass a number, a percentage such as "
                    "'95%', or 'auto'.")


def exceedances(values: np.ndarray, u: float, name: str, min_exceed: int) -> np.ndarray:
    """The excesses ``x - u`` of the values strictly above ``u`` (a new array).

    Raises
    ------
    DataError
        No value above ``u``, fewer than ``min_exceed`` exceedances, or all excesses equal.
    """
    vmax = float(values.max())
    if u >= vmax:
        raise DataError(
            f"threshold u = {u:.6g} is at or above the largest value of {name!r} "
            f"({vmax:.6g}): there are no exceedances. Lower the threshold, e.g. "
            "threshold='95%'.")
    excess = values[values > u] - u
    k = int(excess.shape[0])
    if k < min_exceed:
        raise DataError(
            f"{name!r} has only {k} value(s) above the threshold u = {u:.6g}; the Bayesian GPD "
            f"fit needs at least {min_exceed}. Lower the threshold (e.g. threshold='90%') or "
            "collect more samples.")
    if float(excess.min()) == float(excess.max()):
        raise DataError(
            f"all {k} exceedances of {name!r} over u = {u:.6g} are equal; a GPD cannot be "
            "fitted to a single repeated value. Lower the threshold.")
    return excess


def _threshold_setting(threshold: Any) -> Any:
    if isinstance(threshold, str):
        return threshold
    if isinstance(threshold, (int, float, np.integer, np.floating)):
        return float(threshold)
    return repr(threshold)


def tie_fraction(excess: np.ndarray) -> float:
    """Fraction of equal neighbours among the sorted excesses."""
    s = np.sort(excess)
    return float(np.count_nonzero(s[1:] == s[:-1]) / max(s.shape[0] - 1, 1))


def excess_scale(excess: np.ndarray) -> float:
    """``median(excess) / log 2``: the scale that makes an exponential tail's sigma 1."""
    med = float(np.median(excess))
    if med <= 0.0:  # more than half the excesses tied just above u
        med = float(np.mean(excess))
    return med / math.log(2.0)


# --------------------------------------------------------------------------------------------
# shared checks and diagnostics
# --------------------------------------------------------------------------------------------

def check_sampler_args(draws: int, tune: int, chains: int, seed: int | None, level: float,
                       target_accept: float) -> int:
    """Validate the sampler settings; return the seed to use (drawn and recorded if None)."""
    for name, v, lo in (("draws", draws, 1), ("tune", tune, 0), ("chains", chains, 1)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < lo:
            raise DataError(f"{name} must be an integer >= {lo}, got {v!r} instead.")
    if not (isinstance(level, (float, int)) and 0.0 < float(level) < 1.0):
        raise DataError(f"level must lie strictly between 0 and 1, got {level!r} instead.")
    if not (isinstance(target_accept, (float, int)) and 0.0 < float(target_accept) < 1.0):
        raise DataError(f"target_accept must lie strictly between 0 and 1, got "
                        f"{target_accept!r} instead.")
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise DataError(f"seed must be a non-negative integer or None, got {seed!r} instead.")
    return int(seed)


def ess_target(draws: int, chains: int) -> float:
    """Bulk-ESS target: ``min(400, 0.1 * chains * draws)``."""
    return float(min(ESS_TARGET, 0.1 * chains * draws))


def diagnose(idata: Any, var_names: list[str], draws: int, chains: int,
             what: str) -> tuple[pd.DataFrame, float, float, int, list[str]]:
    """ArviZ summary, worst R-hat and bulk ESS, divergences and the warnings they call for.

    Issues a :class:`ConvergenceWarning` per problem found (and returns their messages).
    """
    import arviz as az

    with warnings.catch_warnings():
        # R-hat of a single short chain, constant draws etc.: judged below, not here.
        warnings.simplefilter("ignore", RuntimeWarning)
        summary = az.summary(idata, var_names=var_names, round_to="none")
    rhat = np.asarray(summary["r_hat"], dtype=float)
    ess = np.asarray(summary["ess_bulk"], dtype=float)
    rhat_max = float(np.nanmax(rhat)) if np.isfinite(rhat).any() else float("nan")
    ess_min = float(np.nanmin(ess)) if np.isfinite(ess).any() else float("nan")
    divergences = int(np.asarray(idata.sample_stats["diverging"]).sum())
    msgs: list[str] = []
    if not math.isfinite(rhat_max) or rhat_max > RHAT_MAX:
        worst = str(summary.index[int(np.nanargmax(rhat))]) if np.isfinite(rhat).any() else "?"
        msgs.append(
            f"{what}: R-hat {rhat_max:.3f} > {RHAT_MAX} (worst: {worst}); the chains disagree. "
            "Run longer (e.g. draws=2000, tune=2000) or check the threshold.")
    target = ess_target(draws, chains)
    if not math.isfinite(ess_min) or ess_min < target:
        msgs.append(
            f"{what}: bulk effective sample size {ess_min:.0f} < {target:.0f}; posterior "
            "means and intervals are imprecise. Increase draws.")
    if divergences:
        msgs.append(
            f"{what}: {divergences} divergent transition(s) after warm-up; the posterior may "
            "be biased. Increase target_accept (e.g. 0.95) or use a higher threshold.")
    for m in msgs:
        warnings.warn(m, ConvergenceWarning, stacklevel=3)
    return summary, rhat_max, ess_min, divergences, msgs


def summary_records(summary: pd.DataFrame) -> list[dict[str, Any]]:
    """A summary DataFrame as JSON-safe records with a ``"variable"`` column."""
    frame = summary.reset_index().rename(columns={"index": "variable"})
    return jsonable(frame)


def pymc_version() -> str:
    import pymc

    return str(pymc.__version__)


# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False, repr=False)
class BayesTailFit(Result):
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
        Posterior probabilities ``P(xi > 0)`` and ``P(xi < 0)``.
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
        excess scale, whether a cached compiled model was reused, timings.
    warnings : tuple of str
        Every warning issued by the fit.
    method : str
    idata : arviz.InferenceData
        Posterior (``xi``, ``sigma``), sample statistics, the excesses (``observed_data``)
        and the threshold and scale (``constant_data``).
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
    rhat_max: float
    ess_bulk_min: float
    divergences: int
    settings: dict[str, Any]
    warnings: tuple[str, ...]
    method: str
    idata: Any = field(repr=False)
    _summary: pd.DataFrame = field(repr=False)

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

    @property
    def converged(self) -> bool:
        """True when no convergence warning was issued."""
        return not any("R-hat" in w or "effective sample" in w or "divergent" in w
                       for w in self.warnings)

    def draws(self, var: str = "xi") -> np.ndarray:
        """Posterior draws of ``var`` (``"xi"`` or ``"sigma"``), chains concatenated (a copy)."""
        if var not in ("xi", "sigma"):
            raise DataError(f"var must be 'xi' or 'sigma', got {var!r} instead.")
        return np.asarray(self.idata.posterior[var]).reshape(-1).copy()

    def summary(self) -> pd.DataFrame:
        """The ArviZ summary of ``xi`` and ``sigma`` (``arviz.summary``), as a new DataFrame."""
        return self._summary.copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary of the scalar results, settings, warnings and the summary table.

        The InferenceData is not included (use ``idata.to_netcdf`` to keep the draws).
        """
        out: dict[str, Any] = {"result": type(self).__name__}
        for f in dataclasses.fields(self):
            if f.name in ("idata", "_summary"):
                continue
            out[f.name] = jsonable(getattr(self, f.name))
        out["summary"] = summary_records(self._summary)
        return out


# --------------------------------------------------------------------------------------------
# fit
# --------------------------------------------------------------------------------------------

def fit_bayes(
    x: Any,
    threshold: Any = "auto",
    *,
    column: str | None = None,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 4,
    seed: int | None = None,
    priors: GPDPriors | Mapping[str, Any] | None = None,
    level: float = 0.95,
    target_accept: float = 0.8,
    min_exceed: int = MIN_EXCEED,
) -> BayesTailFit:
    """Bayesian GPD fit to the exceedances of ``x`` over a threshold.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts
        The rewards.
    threshold : float, str or tailstat.gpd.ThresholdChoice
        A number (absolute threshold; exceedances are ``x > threshold``), a percentage such
        as ``"95%"`` (empirical quantile), ``"auto"`` (the automatic rule of
        :func:`tailstat.gpd.threshold.resolve_threshold`, named in ``threshold_method``), or
        a threshold choice made by :mod:`tailstat.gpd`.
    column : str, optional
        Column of a table or file.
    draws, tune, chains : int
        Retained draws and warm-up iterations per chain; number of chains (run one after
        the other on one core).
    seed : int, optional
        Seed of all randomness; ``None`` draws one, recorded in ``settings["seed"]``.
    priors : GPDPriors or mapping, optional
        See :class:`GPDPriors` and the module docstring for the defaults.
    level : float
        Credible level of ``xi_ci`` and ``sigma_ci``.
    target_accept : float
        NUTS target acceptance rate (raise it towards 0.95 if divergences are reported).
    min_exceed : int
        Fewest exceedances accepted.

    Returns
    -------
    BayesTailFit

    Raises
    ------
    DataError
        Invalid input or settings, a threshold at or above the maximum, too few
        exceedances.
    FitError
        The sampler could not start.

    Warns
    -----
    ConvergenceWarning
        R-hat > 1.01, bulk ESS below target, or divergences (see the module docstring).
    TiesWarning
        Many tied exceedances (discretised rewards).

    Examples
    --------
    >>> fit = fit_bayes(losses, threshold=10.0, seed=1)   # doctest: +SKIP
    >>> fit.xi_ci, fit.prob_heavy                          # doctest: +SKIP
    """
    t_start = time.perf_counter()
    sample: Sample = check_sample(x, column)
    seed = check_sampler_args(draws, tune, chains, seed, level, target_accept)
    pri = as_priors(priors)
    if isinstance(min_exceed, bool) or not isinstance(min_exceed, (int, np.integer)) \
            or min_exceed < 3:
        raise DataError(f"min_exceed must be an integer >= 3, got {min_exceed!r} instead.")
    values = sample.values
    u, u_method = resolve_threshold(values, threshold)
    excess = exceedances(values, u, sample.name, int(min_exceed))
    msgs: list[str] = []
    ties = tie_fraction(excess)
    if ties > TIE_WARN_FRACTION:
        m = (f"{ties:.0%} of the {excess.shape[0]} exceedances of {sample.name!r} are tied "
             "(discretised rewards?); the GPD likelihood treats them as continuous, which "
             "biases xi. Jitter below the resolution or use a higher threshold.")
        warnings.warn(m, TiesWarning, stacklevel=2)
        msgs.append(m)

    from tailstat.bayes import _compile

    scale = excess_scale(excess)
    y = excess / scale
    y_max = float(y.max())
    cm, reused = _compile.get_compiled("gpd", pri)
    t_compiled = time.perf_counter()

    def init(rng: np.random.Generator) -> dict[str, np.ndarray]:
        log_sigma = rng.uniform(-0.5, 0.5)
        lower = min(1.0, math.exp(log_sigma) / y_max)
        zeta = math.log(0.1 + lower) + rng.uniform(-0.5, 0.5)
        return {"log_sigma": np.array(log_sigma), "zeta": np.array(zeta)}

    with cm.lock:
        cm.set_data(y=y, power_sums=np.array([np.sum(y**k) for k in range(1, 5)]),
                    y_max=y_max)
        run = _compile.run_nuts(cm, init, draws=int(draws), tune=int(tune), chains=int(chains),
                                seed=seed, target_accept=float(target_accept))
        cm.uses += 1
    t_sampled = time.perf_counter()

    sigma_s = np.exp(run.draws["log_sigma"])
    xi = -np.minimum(1.0, sigma_s / y_max) + np.exp(run.draws["zeta"])
    sigma = sigma_s * scale
    if not (np.isfinite(xi).all() and np.isfinite(sigma).all()):
        raise FitError("the sampler produced non-finite draws of xi or sigma; check the data "
                       "(extreme outliers?) or use a higher threshold.")

    import arviz as az

    idata = az.from_dict(
        posterior={"xi": xi, "sigma": sigma},
        sample_stats=run.stats,
        observed_data={"excess": excess},
        constant_data={"threshold": np.array([u]), "excess_scale": np.array([scale])},
    )
    summary, rhat_max, ess_min, divergences, conv = diagnose(
        idata, ["xi", "sigma"], int(draws), int(chains), f"fit_bayes({sample.name!r})")
    msgs.extend(conv)

    lo_xi, hi_xi = _compile.equal_tailed(xi.reshape(-1), level)
    lo_s, hi_s = _compile.equal_tailed(sigma.reshape(-1), level)
    t_end = time.perf_counter()
    settings = {
        "seed": seed, "draws": int(draws), "tune": int(tune), "chains": int(chains),
        "target_accept": float(target_accept), "level": float(level),
        "priors": pri.to_dict(), "threshold": _threshold_setting(threshold),
        "min_exceed": int(min_exceed), "excess_scale": scale,
        "ess_target": ess_target(int(draws), int(chains)),
        "tuning_divergences": run.tuning_divergences,
        "sampler": "PyMC NUTS, sequential chains, cached compiled model",
        "compiled_model_reused": reused, "pymc": pymc_version(),
        "seconds": {"compile": t_compiled - t_start, "sample": t_sampled - t_compiled,
                    "total": t_end - t_start},
    }
    return BayesTailFit(
        name=sample.name,
        xi_mean=float(xi.mean()), xi_sd=float(xi.std(ddof=1)),
        xi_ci=Interval(float(lo_xi), float(hi_xi), float(level), _INTERVAL_METHOD),
        sigma_mean=float(sigma.mean()), sigma_sd=float(sigma.std(ddof=1)),
        sigma_ci=Interval(float(lo_s), float(hi_s), float(level), _INTERVAL_METHOD),
        prob_heavy=float(np.mean(xi > 0)), prob_bounded=float(np.mean(xi < 0)),
        threshold=u, threshold_method=u_method, n_exceed=int(excess.shape[0]), n=sample.n,
        rhat_max=rhat_max, ess_bulk_min=ess_min, divergences=divergences,
        settings=settings, warnings=tuple(msgs),
        method="Bayesian GPD (PyMC NUTS)", idata=idata, _summary=summary,
    )
