"""What the single-sample and the hierarchical Bayesian GPD fits share.

The priors (:mod:`tailstat.bayes.priors`, re-exported), the constraints on the sampler
settings, the exceedances of one sample (threshold rule, exceedance check and tie fraction
all come from :mod:`tailstat.gpd` and :mod:`tailstat.data`: nothing is re-implemented
here), convergence diagnostics, and the ``summary`` / ``to_dict`` of the results. Importing
this module does not import PyMC.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from tailstat import _validation as v
from tailstat._warn import user_level
from tailstat.bayes._quiet import quiet_logging
from tailstat.bayes.priors import GPDPriors, as_priors
from tailstat.data import TIE_WARN_FRACTION, Sample, tie_fraction, upper_tail
from tailstat.errors import DataError, FitError
from tailstat.gpd import TopValues, check_exceedances, resolve_threshold
from tailstat.results import Interval, Result, jsonable

__all__ = [
    "ESS_TARGET",
    "INTERVAL_METHOD",
    "MIN_DRAWS",
    "RHAT_MAX",
    "SAMPLER",
    "SAMPLER_CONSTRAINTS",
    "BayesResult",
    "Diagnostics",
    "Exceedances",
    "GPDPriors",
    "accept_advice",
    "as_priors",
    "check_finite",
    "credible_interval",
    "diagnose",
    "equal_tailed",
    "ess_target",
    "exceedances",
    "sampler_settings",
    "threshold_setting",
    "warn_all",
]

#: R-hat above this triggers a :class:`ConvergenceWarning`.
RHAT_MAX = 1.01

#: Bulk ESS target (capped at 10% of the retained draws, see :func:`ess_target`).
ESS_TARGET = 400

#: Fewest retained draws per chain: below 100, PyMC itself warns that R-hat and effective
#: sample sizes are unreliable, and one draw gives none at all.
MIN_DRAWS = 100

INTERVAL_METHOD = "equal-tailed posterior"

#: How the posterior is sampled (recorded in ``settings["sampler"]``).
SAMPLER = "pm.sample: PyMC NUTS, init='jitter+adapt_diag', chains in sequence (cores=1)"

#: Constraints on the settings both fit functions take (``tailstat._validation`` format).
SAMPLER_CONSTRAINTS: dict[str, list[v.Constraint | None]] = {
    "draws": [v.Interval(Integral, MIN_DRAWS, None, text=(
        f"an integer >= {MIN_DRAWS} (retained draws per chain: R-hat and effective sample "
        "sizes need that many)"))],
    "tune": [v.Interval(Integral, 0, None, text="an integer >= 0")],
    "chains": [v.Interval(Integral, 1, None, text="an integer >= 1")],
    "seed": v.SEED,
    "level": [v.CREDIBLE],
    "target_accept": [v.Interval(Real, 0, 1, closed="neither", text="a number in (0, 1)")],
    "min_exceed": [v.Interval(Integral, 3, None, text="an integer >= 3")],
}


def warn_all(messages: Sequence[str], category: type[Warning]) -> None:
    """Issue each message as ``category``, attributed to the caller of the public function.

    Call it directly from the body of a public fit function (decorated with
    ``validate_params``).
    """
    for m in messages:
        warnings.warn(m, category, stacklevel=user_level())


# --------------------------------------------------------------------------------------------
# exceedances of one sample
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Exceedances:
    """The exceedances of one sample over its threshold, ready for the model.

    Attributes
    ----------
    name : str
        The sample's label.
    n : int
        Size of the whole sample.
    threshold : float
    threshold_method : str
        How the threshold was chosen (:func:`tailstat.gpd.resolve_threshold`).
    excess : numpy.ndarray
        ``x - u`` of the values strictly above ``u``, in descending order.
    ties : float
        Tie fraction of the exceedances (:func:`tailstat.data.tie_fraction`).
    scale : float
        ``median(excess) / log 2``: the model works on ``excess / scale``.
    """

    name: str
    n: int
    threshold: float
    threshold_method: str
    excess: np.ndarray
    ties: float
    scale: float

    @property
    def n_exceed(self) -> int:
        """Number of exceedances."""
        return int(self.excess.shape[0])

    @property
    def scaled(self) -> np.ndarray:
        """``excess / scale`` (unit-free: an exponential tail has ``sigma = 1``)."""
        return self.excess / self.scale

    def tie_message(self) -> str | None:
        """A warning text when more than ``TIE_WARN_FRACTION`` of the exceedances are tied."""
        if self.ties <= TIE_WARN_FRACTION:
            return None
        return (f"{self.ties:.0%} of the {self.n_exceed} exceedances of {self.name!r} are tied "
                "(discretised rewards?); the GPD likelihood treats them as continuous, which "
                "biases xi. Jitter below the resolution or use a higher threshold.")


#: The largest ratio of the largest excess to the median one the models take: a GPD with
#: xi = 20 reaches 1e120 over 10^6 exceedances; beyond 1e150 squares of the scaled excesses
#: overflow (a review: 1e10 over 1e-300 failed as "the prior of xi", with numpy's overflow
#: warnings).
MAX_SPREAD = 1e150


def exceedances(sample: Sample | TopValues, threshold: Any, min_exceed: int,
                name: str | None = None, warn: bool = True) -> Exceedances:
    """Resolve ``threshold`` for ``sample`` and collect its exceedances.

    The threshold rule is :func:`tailstat.gpd.resolve_threshold` (given ``warn``), the count
    check :func:`tailstat.gpd.check_exceedances`, the exceedances come from one
    :func:`tailstat.data.upper_tail` partition and their ties from
    :func:`tailstat.data.tie_fraction`.

    ``name`` (default: the sample's) labels the messages and the result. ``sample`` may be
    the :class:`~tailstat.gpd._common.TopValues` of a sketch: the exceedances are then the
    values it holds above the threshold (an error if some of them may be missing).

    Raises
    ------
    DataError
        A malformed threshold, a threshold at or above the maximum, fewer than
        ``min_exceed`` exceedances, or exceedances that are all equal.
    """
    name = sample.name if name is None else name
    if isinstance(sample, TopValues):
        u, method = resolve_threshold(sample, threshold, warn=warn)
        sample.covers(u)  # then the values held above u are all the sample's
        values = sample.asc
    else:
        values = sample.values
        u, method = resolve_threshold(values, threshold, warn=warn)
    k = check_exceedances(values, u, name=name, min_exceed=min_exceed,
                          n=sample.n if isinstance(sample, TopValues) else None)
    top = (values[::-1][:k] if isinstance(sample, TopValues)
           else upper_tail(sample, k_max=k).desc[:k])
    with np.errstate(over="ignore"):  # (an overflow is refused below, by its spread)
        excess = top - u
    if math.isfinite(float(excess[0])) and excess[0] <= excess[-1]:  # (an overflow: below)
        raise DataError(
            f"all {k} exceedances of {name!r} over u = {u:.6g} are equal; a GPD cannot "
            "be fitted to a single repeated value. Lower the threshold.")
    med = float(np.median(excess))
    if med <= 0.0:  # more than half the excesses tied just above u
        med = float(np.mean(excess))
    with np.errstate(over="ignore", invalid="ignore"):
        spread = float(excess[0]) / med if med > 0 else math.inf
    if not spread <= MAX_SPREAD:  # (inf and NaN too)
        raise DataError(
            f"the exceedances of {name!r} over u = {u:.6g} span too wide a range for the "
            f"model's arithmetic: the largest is {float(excess[0]):.6g} and the median "
            f"{med:.6g} (a ratio "
            f"{'beyond the float range' if not math.isfinite(spread) else f'of {spread:.3g}'}"
            "). Values this far apart look like overflows or data errors: fix or drop them, "
            "or raise the threshold.")
    return Exceedances(name=name, n=sample.n, threshold=float(u),
                       threshold_method=str(method), excess=excess, ties=tie_fraction(top),
                       scale=med / math.log(2.0))


def threshold_setting(threshold: Any) -> Any:
    """``threshold=`` as recorded in ``settings`` (JSON-safe)."""
    if isinstance(threshold, str):
        return threshold
    if isinstance(threshold, (int, float, np.integer, np.floating)):
        return float(threshold)
    if isinstance(threshold, Mapping):
        return {str(k): threshold_setting(t) for k, t in threshold.items()}
    return type(threshold).__name__


def sampler_settings(*, seed: int | None, draws: int, tune: int, chains: int,
                     target_accept: float, level: float, priors: GPDPriors, threshold: Any,
                     min_exceed: int) -> dict[str, Any]:
    """The settings every Bayesian fit records; ``seed=None`` is drawn here and recorded.

    Refuses a credible ``level`` that the retained draws cannot resolve, by the rule of the
    bootstrap intervals (:func:`tailstat._validation.boot_needed`): an equal-tailed
    interval's ends are the draws' ``(1 - level)/2`` quantiles, and from fewer than
    ``(1 + level) / (1 - level)`` draws they are the smallest and largest draws, whose range
    holds a new draw with probability ``(D - 1) / (D + 1)`` only (0.999 from 2 chains of 400
    draws: 0.4 draws expected beyond each end).
    """
    total, need = int(draws) * int(chains), v.boot_needed(float(level))
    if total < need:
        raise DataError(
            f"level={level:g} needs more posterior draws: {chains} chains x {draws} draws "
            f"leave {total * (1.0 - float(level)) / 2.0:.2g} expected draws beyond each end "
            f"of the equal-tailed interval, so its ends would be the extreme draws and its "
            f"level not {level:g}. Pass draws >= {math.ceil(need / int(chains))} (per chain), "
            f"more chains, or a lower level (at most {(total - 1) / (total + 1):.6g} with "
            "these draws).")
    return {
        "seed": v.resolve_seed(seed), "draws": int(draws), "tune": int(tune),
        "chains": int(chains), "target_accept": float(target_accept), "level": float(level),
        "priors": priors.to_dict(), "threshold": threshold_setting(threshold),
        "min_exceed": int(min_exceed), "ess_target": ess_target(int(draws), int(chains)),
        "sampler": SAMPLER,
    }


# --------------------------------------------------------------------------------------------
# diagnostics and summaries
# --------------------------------------------------------------------------------------------

def ess_target(draws: int, chains: int) -> float:
    """Bulk-ESS target: ``min(400, 0.1 * chains * draws)``."""
    return float(min(ESS_TARGET, 0.1 * chains * draws))


@dataclass(frozen=True)
class Diagnostics:
    """Convergence diagnostics of a fit.

    Attributes
    ----------
    summary : pandas.DataFrame
        ``arviz.summary`` of the reported variables.
    rhat_max, ess_min : float
        Worst rank-normalised split R-hat (``nan`` with one chain) and bulk ESS.
    divergences : int
        Divergent transitions after warm-up.
    messages : tuple of str
        One :class:`ConvergenceWarning` text per problem found.
    """

    summary: pd.DataFrame
    rhat_max: float
    ess_min: float
    divergences: int
    messages: tuple[str, ...]

    @property
    def mixing_problems(self) -> int:
        """How many of ``messages`` are not about divergences: R-hat (or one chain) and
        effective sample sizes, the problems whose posterior summaries cannot be used."""
        return len(self.messages) - (1 if self.divergences else 0)


def _worst(values: np.ndarray, pick: Any) -> float:
    return float(pick(values)) if np.isfinite(values).any() else float("nan")


def accept_advice(target_accept: float, other: str) -> str:
    """What to try against divergences: a ``target_accept`` above the one used, or, from
    0.99, only ``other`` (e.g. "use a higher threshold")."""
    t = float(target_accept)
    if t >= 0.99:
        return f"target_accept is already {t:g}: {other}."
    return f"Raise target_accept above {t:g} (e.g. {0.95 if t < 0.95 else 0.99:g}) or {other}."


def diagnose(idata: Any, var_names: list[str], draws: int, chains: int,
             what: str, divergence_advice: str = "Increase target_accept (e.g. 0.95) or use "
                                                 "a higher threshold.",
             level: float = 0.95, scales: Mapping[str, float | np.ndarray] | None = None
             ) -> Diagnostics:
    """ArviZ summary, worst R-hat and bulk and tail ESS, divergences, and what they call for.

    ``scales``: variables summarised in units of the given scale (one per element of the
    variable's last dimension, e.g. per group, or one for all) and reported back in data
    units (R-hat and ESS do not depend on it): the sds of scales near 1e300 overflowed.

    The summary's HDI is at the fit's credible ``level`` (ArviZ's default is 94%, which sat
    beside the fit's 95% interval).

    R-hat is checked only with two chains or more (ArviZ computes none from one chain:
    the messages say so instead). Issues no warning itself: the fit functions issue
    ``messages`` as :class:`ConvergenceWarning`.
    """
    import arviz as az

    source = idata
    if scales:
        source = idata.posterior.copy()
        for var, s in scales.items():
            source[var] = source[var] / np.asarray(s, dtype=float)  # along the last dim
    with quiet_logging(), np.errstate(divide="ignore", invalid="ignore"):
        summary = az.summary(source, var_names=var_names, round_to="none", hdi_prob=level)
    assert isinstance(summary, pd.DataFrame)  # fmt="wide", ArviZ's default
    for var, s in (scales or {}).items():
        rows = [i for i in summary.index if i == var or str(i).startswith(f"{var}[")]
        cols = [c for c in summary.columns if c in ("mean", "sd", "mcse_mean", "mcse_sd")
                or c.startswith("hdi_")]
        per_row = np.broadcast_to(np.asarray(s, dtype=float), (len(rows),))
        summary.loc[rows, cols] = summary.loc[rows, cols].mul(per_row, axis=0)
    rhat = np.asarray(summary["r_hat"], dtype=float)
    ess = np.asarray(summary["ess_bulk"], dtype=float)
    rhat_max, ess_min = _worst(rhat, np.nanmax), _worst(ess, np.nanmin)
    divergences = int(np.asarray(idata.sample_stats["diverging"]).sum())
    msgs: list[str] = []
    if chains < 2:
        msgs.append(f"{what}: R-hat needs two chains or more; with chains=1 the convergence "
                    "of the chain was not checked. Use chains=4.")
    elif not math.isfinite(rhat_max) or rhat_max > RHAT_MAX:
        worst = str(summary.index[int(np.nanargmax(rhat))]) if np.isfinite(rhat).any() else "?"
        msgs.append(
            f"{what}: R-hat {rhat_max:.4f} > {RHAT_MAX} (worst: {worst}); the chains disagree. "
            "Run longer (e.g. draws=2000, tune=2000) or check the threshold.")
    target = ess_target(draws, chains)
    # the intervals and P(xi > 0) read the posterior's tails: their ESS too (a review)
    ess_tail = _worst(np.asarray(summary["ess_tail"], dtype=float), np.nanmin)
    if not math.isfinite(ess_min) or ess_min < target:
        msgs.append(
            f"{what}: bulk effective sample size {ess_min:.0f} < {target:.0f}; posterior "
            "means and intervals are imprecise. Increase draws.")
    elif not math.isfinite(ess_tail) or ess_tail < target:
        msgs.append(
            f"{what}: tail effective sample size {ess_tail:.0f} < {target:.0f}; the "
            "intervals' ends and tail probabilities are imprecise. Increase draws.")
    if divergences:
        msgs.append(
            f"{what}: {divergences} divergent transition(s) after warm-up; the posterior may "
            f"be biased. {divergence_advice}")
    return Diagnostics(summary=summary, rhat_max=rhat_max, ess_min=ess_min,
                       divergences=divergences, messages=tuple(msgs))


def equal_tailed(draws: np.ndarray, level: float, axis: int = 0) -> np.ndarray:
    """Equal-tailed interval bounds ``[(1-level)/2, (1+level)/2]`` quantiles along ``axis``."""
    alpha = (1.0 - level) / 2.0
    return np.quantile(draws, [alpha, 1.0 - alpha], axis=axis)


def credible_interval(draws: np.ndarray, level: float) -> Interval:
    """The equal-tailed credible :class:`Interval` of the (flattened) draws."""
    low, high = equal_tailed(np.ravel(draws), level)
    return Interval(float(low), float(high), float(level), INTERVAL_METHOD)


def check_finite(*draws: np.ndarray) -> None:
    """A :class:`FitError` when any draw is not finite."""
    if not all(np.isfinite(d).all() for d in draws):
        raise FitError("the sampler produced non-finite draws; check the data (extreme "
                       "outliers?) or use a higher threshold.")


def _draw_arrays(idata: Any) -> list[np.ndarray]:
    """The numpy arrays of every group of ``idata`` (``.values`` is the array itself, not a
    copy); none for ``None``."""
    if idata is None:
        return []
    values = (var.values for group in idata.groups()
              for var in getattr(idata, group).data_vars.values())
    return [a for a in values if isinstance(a, np.ndarray)]


@dataclass(frozen=True, eq=False, repr=False)
class BayesResult(Result):
    """Base of the Bayesian results: diagnostics, settings, warnings and the InferenceData.

    Attributes
    ----------
    rhat_max, ess_bulk_min : float
        Worst rank-normalised split R-hat and bulk ESS over the reported variables.
    divergences : int
        Divergent transitions after warm-up.
    settings : dict
        Seed, sampler settings, priors, threshold specification, timings, PyMC version.
    warnings : tuple of str
        Every warning issued by the fit.
    method : str
    idata : arviz.InferenceData or None
        The posterior of the reported variables and the sampler statistics. A fit read from
        a saved analysis (:mod:`tailstat.saved`) has the posterior group only, its draws
        exact; ``None`` means no draws at all. Its draws are read-only.
    """

    rhat_max: float
    ess_bulk_min: float
    divergences: int
    settings: dict[str, Any]
    warnings: tuple[str, ...]
    method: str
    idata: Any = field(repr=False)
    _summary: pd.DataFrame = field(repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        # the draws read-only, as a result's own arrays are (a review: an edited posterior
        # changed draws() while xi_mean kept the fitted value); of a copy: the
        # InferenceData may be the caller's
        if any(a.flags.writeable for a in _draw_arrays(self.idata)):
            object.__setattr__(self, "idata", self.idata.copy())
        self._freeze_posterior()

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        # pickle and deepcopy rebuild the arrays writeable; the posterior kept aside is the
        # copy's (the fitted one, whatever idata now holds)
        self._freeze_posterior(state.get("_fitted_posterior"))

    def _freeze_posterior(self, kept: Any = None) -> None:
        """The draws read-only, and the posterior as fitted kept aside (its variables, not
        the Dataset, which takes new ones): draws(), the plots and a saved analysis read it,
        so a variable replaced in ``idata.posterior`` cannot make them disagree with
        ``xi_mean`` (a review)."""
        for a in _draw_arrays(self.idata):
            a.setflags(write=False)
        if kept is None and self.idata is not None and hasattr(self.idata, "posterior"):
            kept = self.idata.posterior.copy(deep=False)
        for da in (kept.data_vars.values() if kept is not None else ()):
            if isinstance(da.values, np.ndarray):
                da.values.setflags(write=False)
        object.__setattr__(self, "_fitted_posterior", kept)

    def _field_names(self) -> list[str]:
        """Field names with the subclass's own fields first and these shared ones last."""
        shared = [f.name for f in dataclasses.fields(BayesResult)]
        own = [f.name for f in dataclasses.fields(self) if f.name not in shared]
        return own + shared

    def _posterior(self, var: str) -> Any:
        """The posterior draws of ``var`` in ``idata`` (a clear error when there are none)."""
        if self.idata is None:
            raise DataError(f"{type(self).__name__}: this fit holds no posterior draws "
                            "(idata is None); fit again to get them.")
        return self.__dict__["_fitted_posterior"][var]

    @property
    def converged(self) -> bool:
        """True when no convergence warning was issued (R-hat, effective sample size,
        divergences, or a single chain)."""
        found = self.settings.get("convergence_warnings")
        if found is None:  # a result saved before the count was kept: read its warnings
            return not any("R-hat" in w or "effective sample" in w or "divergent" in w
                           for w in self.warnings)
        return not found

    def log_likelihood(self) -> Any:
        """A copy of ``idata`` with a ``log_likelihood`` group, ``excess``: each excess's GPD
        log-density at every posterior draw (its group's draws, for a hierarchical fit),
        which ``arviz.loo`` and ``arviz.waic`` read to compare thresholds or priors. Made
        when asked, not kept with the fit (chains x draws x exceedances numbers: 32 MB for
        4 x 1,000 draws of 1,000 exceedances).

        Returns
        -------
        arviz.InferenceData

        Raises
        ------
        DataError
            For a fit read from a file (it keeps its posterior draws only).
        """
        from tailstat.bayes._pointwise import with_log_likelihood

        return with_log_likelihood(self.idata, self.__dict__.get("_fitted_posterior"))

    def _saved_state(self) -> dict[str, Any]:
        """The fields :mod:`tailstat.saved` writes: all of them, ``idata`` reduced to its
        posterior draws (each variable's array and dimensions, and the coordinates of the
        dimensions other than chain and draw)."""
        state = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if self.idata is not None:
            post = self.__dict__["_fitted_posterior"]
            state["idata"] = {
                "posterior": {name: {"values": np.asarray(da.values), "dims": list(da.dims)}
                              for name, da in post.data_vars.items()},
                "coords": {str(d): np.asarray(post.coords[d].values) for d in post.dims
                           if d not in ("chain", "draw") and d in post.coords}}
        return state

    #: Fields :meth:`_from_saved_state` rebuilds from another kind (the reader checks the
    #: others against their annotations).
    _saved_unchecked: ClassVar[tuple[str, ...]] = ("idata",)

    @classmethod
    def _from_saved_state(cls, state: dict[str, Any]) -> BayesResult:
        """The fit from :meth:`_saved_state` (``idata`` rebuilt with its posterior only)."""
        saved = state.get("idata")
        if saved is not None:
            import arviz as az

            post = saved["posterior"]
            _check_saved_posterior(post, dict(saved["coords"]))
            state = {**state, "idata": az.from_dict(
                posterior={name: np.asarray(var["values"], dtype=float)  # numbers, or no fit
                           for name, var in post.items()},
                dims={name: list(var["dims"][2:]) for name, var in post.items()},
                coords=dict(saved["coords"]))}
        return cls(**state)

    def summary(self) -> pd.DataFrame:
        """The ArviZ summary of the reported variables (``arviz.summary``), a new DataFrame.

        Its ``hdi_`` columns are the highest-density interval at the fit's level; the
        result's own intervals (``xi_ci``, ...) are equal-tailed, so the two differ where
        the posterior is skewed (a review: 0.19996 against 0.199911)."""
        return self._summary.copy()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: the scalar results, settings, warnings and the summary table.

        The InferenceData is not included (use ``idata.to_netcdf`` to keep the draws).
        """
        out: dict[str, Any] = {"result": type(self).__name__}
        for name in self._field_names():
            if name not in ("idata", "_summary"):
                out[name] = jsonable(getattr(self, name))
        frame = self._summary.reset_index().rename(columns={"index": "variable"})
        out["summary"] = jsonable(frame)
        out["converged"] = self.converged
        return out

    def _scalar_items(self) -> dict[str, Any]:
        items = super()._scalar_items()
        order = {name: i for i, name in enumerate(self._field_names())}
        row = dict(sorted(items.items(), key=lambda kv: order.get(kv[0].removesuffix(
            "_low").removesuffix("_high").removesuffix("_level").removesuffix("_method"), -1)))
        # rows of many fits concatenated keep whether each converged (a review: only
        # rhat_max and divergences hinted at it)
        return {**row, "converged": self.converged}




def _check_saved_posterior(post: Any, coords: dict[str, Any]) -> None:
    """Refuse a saved posterior that is no fit's (ArviZ filled mismatched draws with NaN):
    a ValueError names the problem (xi or sigma missing, draws of other shapes)."""
    if not isinstance(post, dict) or not {"xi", "sigma"} <= set(post):
        raise ValueError("its posterior lacks the draws of xi or sigma")
    shape = None
    for name, var in post.items():
        values = np.asarray(var["values"])
        dims = list(var["dims"])
        if values.dtype.kind not in "fiu" or not np.isfinite(values).all():
            raise ValueError(f"the posterior draws of {name!r} are not finite numbers")
        if values.ndim != len(dims) or values.ndim < 2:
            raise ValueError(f"the posterior draws of {name!r} have the shape {values.shape}, "
                             f"not one over the dimensions {dims}")
        if shape is None:
            shape = values.shape[:2]
        if values.shape[:2] != shape:
            raise ValueError(f"the posterior draws of {name!r} have {values.shape[:2]} chains "
                             f"and draws, those of the others {shape}")
        for d, size in zip(dims[2:], values.shape[2:], strict=True):
            if d in coords and len(np.asarray(coords[d])) != size:
                raise ValueError(f"the posterior draws of {name!r} have {size} along {d!r}, "
                                 f"its coordinates {len(np.asarray(coords[d]))}")
