"""Public semi-parametric tail estimators: Hill, Pickands, moment and Weibull-tail coefficient
(their paths over k: :mod:`tailstat.estimators.paths`).

Each public function is *validate -> kernel -> wrap*: the input goes through
:func:`tailstat.data.check_sample` once, one ``np.partition`` keeps the upper order statistics
(:func:`tailstat.data.upper_tail`), a vectorised kernel from :mod:`tailstat.estimators.kernels`
computes the estimate, and a frozen :class:`TailIndexEstimate` carries it with its interval.

Conventions (docs/science.md §4): X(1) <= ... <= X(n); the top k are X(n-k+1..n); the threshold
is X(n-k).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from numbers import Integral
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from tailstat import _validation as v
from tailstat._warn import user_level
from tailstat.data.intake import Sample, check_sample, warn_missing_note
from tailstat.data.tail import (
    TIE_WARN_FRACTION,
    UpperTail,
    as_upper_tail,
    from_sketch,
    upper_tail,
)
from tailstat.errors import DataError, TailstatWarning
from tailstat.estimators import kernels
from tailstat.estimators._resample import (
    check_boot_level,
    resample_top_blocks,
    tail_pool_size,
)
from tailstat.estimators._tied import all_tied, no_positive_k
from tailstat.estimators.choose_k import (
    RULES,
    KChoice,
    choose_k,
    choose_on_sample,
    deepest_k,
    doubt,
)
from tailstat.results import Interval, Result

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ESTIMATORS",
    "TailIndexEstimate",
    "asymptotic_estimate",
    "hill",
    "moment",
    "pickands",
    "weibull_tail",
]

CIMethod = Literal["asymptotic", "bootstrap"]


@dataclass(frozen=True)
class _Spec:
    name: str
    parameter: str  # "xi" or "theta"
    needs_positive: bool
    span: int  # order statistics used per unit of k (Pickands uses 4k)
    label: str


ESTIMATORS: dict[str, _Spec] = {
    "hill": _Spec("hill", "xi", True, 1, "Hill (1975)"),
    "pickands": _Spec("pickands", "xi", False, 4, "Pickands (1975)"),
    "moment": _Spec("moment", "xi", True, 1, "moment, Dekkers, Einmahl & de Haan (1989)"),
    "weibull_tail": _Spec("weibull_tail", "theta", True, 1,
                          "Weibull-tail coefficient, Girard (2004)"),
}


@dataclass(frozen=True, eq=False, repr=False)
class TailIndexEstimate(Result):
    """A semi-parametric tail estimate at one k.

    Attributes
    ----------
    estimate : float
        ξ (Hill, Pickands, moment) or θ (Weibull-tail coefficient); also available as
        ``.xi`` or ``.theta``.
    ci : Interval
        Confidence interval for the estimate (``ci.low``, ``ci.high``; unpacks as a tuple).
    se : float
        Asymptotic standard error at the estimate (``nan`` where not defined).
    k : int
        Number of upper order statistics used.
    threshold : float
        The threshold order statistic X(n-k) (X(n-4k+1) for Pickands: the lowest value used).
    n : int
        Sample size.
    method : str
        ``"hill"``, ``"pickands"``, ``"moment"`` or ``"weibull_tail"``.
    parameter : str
        ``"xi"`` or ``"theta"``.
    k_rule : str
        ``"user"`` or the name of the rule that chose k.
    settings : dict
        Everything needed to reproduce the result.
    warnings : tuple of str
    bootstrap_distribution : numpy.ndarray or None
        The bootstrap replicates when ``ci_method="bootstrap"``.
    name : str
        The sample's label (a Series' name, ``column=``, or ``"x"``), as :class:`GPDFit`
        keeps it.
    """

    estimate: float
    ci: Interval
    se: float
    k: int
    threshold: float
    n: int
    method: str
    parameter: str
    k_rule: str = "user"
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    bootstrap_distribution: np.ndarray | None = None
    name: str = "x"

    _repr_fields = ("method", "estimate", "ci", "k", "n")

    @property
    def xi(self) -> float:
        """The extreme-value index ξ (not defined for the Weibull-tail coefficient)."""
        if self.parameter != "xi":
            raise AttributeError(f"{self.method} estimates θ, not ξ; use .theta")
        return self.estimate

    @property
    def theta(self) -> float:
        """The Weibull-tail coefficient θ (only for ``weibull_tail``)."""
        if self.parameter != "theta":
            raise AttributeError(f"{self.method} estimates ξ, not θ; use .xi")
        return self.estimate

    @property
    def alpha(self) -> float:
        """Tail index α = 1/ξ (``inf`` for ξ <= 0)."""
        xi = self.xi
        return 1.0 / xi if xi > 0 else math.inf

    def __repr__(self) -> str:
        return (f"TailIndexEstimate(method={self.method!r}, {self.parameter}={self.estimate:.4g}, "
                f"ci={self.ci!r}, k={self.k}, n={self.n}, k_rule={self.k_rule!r})")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary; the estimate also appears under its parameter name."""
        d = super().to_dict()
        d[self.parameter] = d["estimate"]
        return d

    def to_frame(self) -> pd.DataFrame:
        """One row of the scalar fields, the estimate also under its parameter name (as
        :meth:`to_dict`, and as ``GPDFit.to_frame`` names ξ: a review found the rows of a
        Hill estimate and a GPD fit concatenated with ξ in two half-empty columns)."""
        df = super().to_frame()
        df.insert(int(df.columns.get_loc("estimate")) + 1, self.parameter, self.estimate)
        return df


#: Why a bootstrap replicate of each estimator can have no value (the note of its interval).
_WHY_FAILED = {
    "hill": "a resampled threshold at or below 0, where the logs of Hill are undefined, or "
            "the values read all one repeated value",
    "moment": "a resampled threshold at or below 0, or tied resampled values that leave the "
              "log spacings degenerate",
    "pickands": "tied resampled order statistics: the spacings Pickands divides by are 0",
    "weibull_tail": "a resampled threshold at or below 0, where its logs are undefined, or "
                    "tied resampled values",
}
#: Why the replicates of Hill, the moment estimator and weibull_tail fail on a sample above 0.
_TIES_FAILED = ("tied resampled values: a bootstrap sample repeats values, and at a small k "
                "its top ones are often all one value")


def _path(method: str, desc: np.ndarray, k_max: int, n: int) -> np.ndarray:
    if method == "hill":
        return kernels.hill_path(desc, k_max)
    if method == "moment":
        return kernels.moment_path(desc, k_max)
    if method == "pickands":
        return kernels.pickands_path(desc, k_max)
    return kernels.weibull_tail_path(desc, k_max, n)


def _sd(method: str, est: np.ndarray) -> np.ndarray:
    fn: Callable[[np.ndarray], np.ndarray] = {
        "hill": kernels.sd_hill, "moment": kernels.sd_moment, "pickands": kernels.sd_pickands,
        "weibull_tail": kernels.sd_weibull_tail}[method]
    return fn(est)


def _check_k(spec: _Spec, k: int, n: int, name: str, what: str = "k") -> int:
    """``k`` (type already checked by the constraints) within what ``n`` values allow
    (``what``: the argument's name in the message, ``k_max`` for a path)."""
    k = int(k)
    lo = 2 if spec.name in ("moment", "weibull_tail") else 1
    # Girard's θ reads X(n-k) at the level n/(k+1), which must exceed 1: k + 1 < n
    extra = 2 if spec.name == "weibull_tail" else 1
    hi = deepest_k(spec.name, n)
    if k < lo:
        raise DataError(f"{what} must be at least {lo} for {spec.name}, got {k}.")
    need = spec.span * k if spec.span > 1 else k + extra
    v.check_min_size(n, need, what="values", name=name,
                     advice=f"{spec.name} with {what} = {k} needs them; use {what} <= {hi}.")
    return k


def _check_positive(spec: _Spec, tail: UpperTail, k: int) -> None:
    if spec.needs_positive and tail.desc[k] <= 0:
        npos = int(np.count_nonzero(tail.desc > 0))
        lo = 2 if spec.name in ("moment", "weibull_tail") else 1  # as in _check_k
        smaller = (f"use a smaller k (X(n-k) is positive up to k = {npos - 1}), "
                   if npos - 1 >= lo else "")
        raise DataError(
            f"{spec.name} needs a positive threshold, but X(n-k) = {tail.desc[k]:.6g} <= 0 at "
            f"k = {k} for {tail.name!r}. It works on logarithms of the values, so it is not "
            "location-invariant and rewards have an arbitrary offset: shift the rewards (e.g. "
            f"subtract their minimum or median), {smaller}or use pickands / fit_gpd, "
            "which do not depend on the location."
        )


def _prepare(method: str, x: Any, k: int | None, column: Hashable | None, seed: int
             ) -> tuple[UpperTail, Sample | None, int, KChoice | None]:
    """The upper tail holding what ``method`` needs at ``k`` (chosen by its rule if ``None``,
    with ``seed`` for the double bootstrap)."""
    spec = ESTIMATORS[method]
    x = from_sketch(x, column)
    if isinstance(x, UpperTail):
        tail: UpperTail | None = x
        sample: Sample | None = None
        n, name = x.n, x.name
    else:
        sample = check_sample(x, column)
        tail, n, name = None, sample.n, sample.name
    choice: KChoice | None = None
    if k is None:
        # the rule on what was given: the whole sample (the bootstrap's upper tail is then
        # reused below), or an upper tail / sketch (the same choice, or a clear error)
        if tail is None and RULES[method] != "sqrt(n)":
            assert sample is not None
            choice, tail = choose_on_sample(sample, method, seed=seed)
        elif (tail is not None and spec.needs_positive and RULES[method] != "sqrt(n)"
              and (why := no_positive_k(method, tail))):
            raise DataError(why)  # (before the double bootstrap asks for more values)
        else:
            choice = choose_k(tail if tail is not None else sample, method, seed=seed)
        k = choice.k
    k = _check_k(spec, k, n, name)
    # reuse the upper tail when it holds enough order statistics; else partition the sample
    last = spec.span * k - 1 if spec.span > 1 else k  # index of the lowest order statistic used
    reusable = tail is not None and (tail.k_max >= last or sample is None)
    tail = as_upper_tail(tail if reusable else sample, last)
    _check_positive(spec, tail, k)
    return tail, sample, k, choice


#: The order statistics of the bootstrap replicates held at a time (``n_boot`` of them read
#: ``need + 1`` each): 2^19 values, 4 MB, and the estimators' paths of them (about 8 times
#: that for the moment estimator).
_BOOT_BLOCK_VALUES = 2**19


def _bootstrap(method: str, tail: UpperTail, sample: Sample | None, k: int, *, ci: float,
               n_boot: int, seed: int) -> tuple[Interval, np.ndarray]:
    """Percentile bootstrap of the whole sample at ``k``, drawn exactly from its upper tail."""
    spec = ESTIMATORS[method]
    n = tail.n
    need = spec.span * k if spec.span > 1 else k
    pool = tail_pool_size(n, n, need + 1)
    if tail.k_max + 1 < pool:
        if sample is None:
            raise DataError(
                f"the percentile bootstrap at k = {k} reads the top {pool} of the {n} values "
                f"of {tail.name!r}, but the sketch (or upper tail) given holds "
                f"{tail.k_max + 1}: keep more order statistics (TailSketch(capacity={pool})), "
                "pass the sample, or use the asymptotic interval (the default ci_method).")
        tail = upper_tail(sample, k_max=pool - 1)
    low = _lowest_read(spec, k)
    # the replicates a block at a time, as drawn at once (review 419: all at once held
    # 40-65 kB per replicate at k = 1000, 0.9-1.4 GB for n_boot = 20,000, and a MemoryError
    # for a million); each replicate's estimate is its own row's, whatever the block
    rows = max(1, _BOOT_BLOCK_VALUES // (need + 1))
    parts = []
    for tops in resample_top_blocks(tail.desc[:pool], n, n, need + 1, n_boot,
                                    np.random.default_rng(seed), rows):
        if spec.needs_positive:
            tops = np.where(tops > 0, tops, np.nan)
        # a replicate whose values read are all one (a repeated top value) has no
        # information, as the estimate refuses it: Hill's zero was kept (a review: 42% of
        # the replicates at k = 1 of a Pareto sample, the interval [0, 1.1] and no word)
        parts.append(np.where(tops[:, 0] == tops[:, low], np.nan,
                              _path(method, tops, k, n)[:, k - 1]))
    boot = np.concatenate(parts)
    ok = boot[np.isfinite(boot)]
    lo, hi = np.quantile(ok, [0.5 - ci / 2, 0.5 + ci / 2]) if ok.size else (np.nan, np.nan)
    return Interval(float(lo), float(hi), ci, "percentile bootstrap"), boot


def _estimate(method: str, x: Any, k: int | None, *, ci: float, ci_method: CIMethod,
              n_boot: int, seed: int | None, column: Hashable | None) -> TailIndexEstimate:
    """validate -> kernel -> wrap, shared by :func:`hill` and friends."""
    spec = ESTIMATORS[method]
    z = v.z_value(ci)
    if ci_method == "bootstrap":
        check_boot_level(ci, n_boot)
    # one seed for every random step (the choice of k, the bootstrap): drawn when None and
    # recorded, so the result reproduces (stop 60: the choice of k always used seed 0)
    seed = v.resolve_seed(seed) if k is None or ci_method == "bootstrap" else seed
    tail, sample, k, choice = _prepare(method, x, k, column, 0 if seed is None else seed)
    n = tail.n
    warn = []
    lowest = _lowest_read(spec, k)  # the order statistics read: X(n-k..n), X(n-4k+1..n)
    if tail.desc[0] == tail.desc[lowest]:  # (before the ties warning, which it makes moot)
        raise DataError(all_tied(method, tail, k, lowest, choice, sample))
    frac = tail.warn_ties(lowest)
    if frac > TIE_WARN_FRACTION:
        warn.append(f"{frac:.0%} of the top order statistics are tied")
    est = float(_path(method, tail.desc, k, n)[k - 1])
    if not np.isfinite(est):
        raise DataError(
            f"{method} is undefined at k = {k} for {tail.name!r} (tied order statistics make a "
            "spacing zero). Use another k or break the ties."
        )
    se = float(_sd(method, np.asarray(est)) / math.sqrt(k))
    # (not moment: its bounded-tail part does not move with the zero, and normal scores
    # centred at 50 read -0.18 against -0.15 at 0: a review)
    if method in ("hill", "weibull_tail") and (
            note := _offset_note(method, tail, k, est)) is not None:
        warn.append(note)
        warnings.warn(f"{tail.name!r}: {note}.", TailstatWarning, stacklevel=user_level())
    # of a sketch too (read as its upper tail, the count of what it dropped was lost)
    if (note := warn_missing_note(x, sample if sample is not None else tail)) is not None:
        warn.insert(0, note)
    if choice is not None and (note := doubt(choice, method)) is not None:
        warn.append(note)
        warnings.warn(f"{tail.name!r}: {note}.", TailstatWarning, stacklevel=user_level())
    boot = None
    settings: dict[str, Any] = {"k": k, "ci": ci, "ci_method": ci_method}
    if ci_method == "asymptotic":
        interval = Interval(est - z * se, est + z * se, ci, "asymptotic normal")
    else:
        assert seed is not None  # resolved above
        interval, boot = _bootstrap(method, tail, sample, k, ci=ci, n_boot=n_boot, seed=seed)
        failed = int(np.count_nonzero(~np.isfinite(boot)))
        settings.update(n_boot=n_boot, seed=seed, n_failed=failed)
        if failed:
            # the interval: the quantiles of the replicates that could be computed. With far
            # more than k + 1 positive values a resampled threshold at or below 0 is out of
            # reach: ties alone (reviews: Pareto's and normal scores' were blamed on it)
            pos = (int(np.count_nonzero(sample.values > 0)) if sample is not None else n if
                   tail.floor is not None and tail.floor[0] > 0 else int(np.sum(tail.desc > 0)))
            ties = method in ("hill", "moment", "weibull_tail") and pos >= k + 1 + 5 * pos**0.5
            why = (_TIES_FAILED if ties else _WHY_FAILED.get(method, _WHY_FAILED["moment"]))
            note = (f"{failed} of {n_boot} bootstrap replicates could not be computed at "
                    f"k = {k} ({why}); the interval uses the others")
            fix = ("a larger k" if method == "pickands" or ties else
                   "a smaller k (a threshold further above 0), or for tied values a larger one")
            warn.append(note + ("" if failed <= 0.05 * n_boot else
                                f": too many for an honest interval, use {fix}"))
            if failed > 0.05 * n_boot:
                warnings.warn(f"{tail.name!r}: {warn[-1]}.", TailstatWarning,
                              stacklevel=user_level())
    threshold = float(tail.desc[lowest])
    return TailIndexEstimate(
        estimate=est, ci=interval, se=se, k=k, threshold=threshold, n=n, method=method,
        parameter=spec.parameter, k_rule=choice.rule if choice else "user",
        settings={**settings, **({"k_choice": choice.details} if choice else {})},
        warnings=tuple(warn), bootstrap_distribution=boot, name=tail.name,
    )


#: X(n-k) past this many times the top k values' mean excess over it: the values sit so far
#: from 0 that a log-based estimator reads the offset (Hill's estimate is about the ratio's
#: inverse, whatever the tail), not the tail. A power law reaches it only for ξ below 0.01.
OFFSET_RATIO = 100.0
OFFSET_MIN_K = 10


def _offset_note(method: str, tail: UpperTail, k: int, est: float) -> str | None:
    """The caveat of a log-based estimate (hill, weibull_tail) on values far from 0
    beside their spread (a review: Hill 0.49 of Pareto scores read 0.0014 at +1000, without
    a word); None otherwise."""
    u = float(tail.desc[k])
    with np.errstate(over="ignore", invalid="ignore"):  # (values near the float maximum)
        excess = float(np.mean(tail.desc[:k] - u))
    # from 10 values on: the mean excess of two or three is noise (two close top values)
    if not (k >= OFFSET_MIN_K and u > 0 and 0 < excess < u / OFFSET_RATIO):
        return None
    return (f"its top {k} values sit far from 0 beside their spread (X(n-k) = {u:.6g}, their "
            f"mean excess over it {excess:.3g}): {method} reads logarithms of the values, so "
            f"its {est:.3g} reflects where the rewards' zero is, not the tail (a shift moves "
            "it). Subtract the rewards' median first, or use pickands, fit_gpd or classify, "
            "which do not depend on the location")


#: Argument constraints of the four estimators (checked before any work is done).
ESTIMATOR_CONSTRAINTS: dict[str, list[v.Constraint | None]] = {
    # k=0.05 meant as "the top 5%" and k=10.0 read as a count are both refused, the message
    # says which k is meant (it said "an integer in [1, inf)" only)
    "k": [v.Interval(Integral, 1, None,
                     text="an integer >= 1, the number of upper order statistics (not a "
                          "fraction: for the top 5% of n values pass k=round(0.05 * n))"), None],
    "ci": [v.CI],
    "ci_method": [v.StrOptions({"asymptotic", "bootstrap"})],
    "n_boot": [v.N_BOOT],
    "seed": v.SEED,
    "column": v.COLUMN,
}


@v.validate_params({"method": [v.StrOptions(ESTIMATORS)], "k": [v.Interval(Integral, 1, None)],
                    "n": [v.Interval(Integral, 1, None)], "ci": [v.CI],
                    "k_rule": [v.InstanceOf(str)]})
def asymptotic_estimate(method: str, estimate: float, k: int, n: int, threshold: float,
                        ci: float = 0.95, k_rule: str = "user") -> TailIndexEstimate:
    """Wrap an estimate computed elsewhere (e.g. from a shared path) as a result.

    The interval is the asymptotic normal one of :func:`hill` and friends. Used where several
    estimates come out of one vectorised pass over the order statistics (the classifier).
    """
    spec = ESTIMATORS[method]
    z = v.z_value(ci)
    se = float(_sd(method, np.asarray(estimate)) / math.sqrt(k))
    return TailIndexEstimate(
        estimate=float(estimate), ci=Interval(estimate - z * se, estimate + z * se, ci,
                                              "asymptotic normal"),
        se=se, k=k, threshold=float(threshold), n=n, method=method, parameter=spec.parameter,
        k_rule=k_rule, settings={"k": k, "ci": ci, "ci_method": "asymptotic"})


_AUTO_K_NOTE = """ The rule trades bias for noise, and the interval at its k
        holds the noise alone: 95% intervals at its k covered 90-94% of Pareto samples, but on
        |t(4)| (ξ = 1/4) 66% (Hill) and 25% (moment) at n = 5,000, 54% and 8% at 20,000;
        at ``k = ceil(sqrt(n))`` 92-96% there, yet on |t(8)| (a bias that fades slowly) Hill's
        14% and 3%, the moment estimator's 87% and 90%. On light and bounded tails the
        moment estimator's intervals at its rule's k miss too, nearly always above the truth:
        exponential + 1 (ξ = 0) 75% at n = 5,000 and 74% at 20,000, GPD(ξ = -0.2) + 1 75%
        and 70%; 94-97% at ``k = ceil(sqrt(n))`` (``benchmarks/auto_k_coverage.py``). Read
        the interval as the noise at that k; the path over k
        (:func:`~tailstat.estimators.paths.tail_path`) shows the bias."""

_DOC_PARAMS = """
    Parameters
    ----------
    x : array-like, Series, DataFrame (with ``column=``), path, Sample or UpperTail
        The rewards; validated by :func:`tailstat.data.check_sample`.
    k : int, optional
        Number of upper order statistics. ``None`` uses {rule}; the result's
        ``k_rule`` names it.{k_note}
    ci : float
        Confidence level of the interval, in [0.5, 1): 0.95 for 95% (not the error rate
        0.05, which would give a 5% interval). The asymptotic interval holds its level only
        at large k: on exact Pareto(ξ = 1/2) samples Hill's 95% intervals cover 87%, 90%,
        93% and 94.5% at k = 5, 10, 20 and 100 (exactly: k ξ̂/ξ is Gamma(k, 1) there), the
        moment estimator's covered 100%, 81%, 87% and 94% (its 80% ones 62%, 67%, 74% and
        78%); Pickands' covered 95-96% and the Weibull-tail coefficient's (θ = 1 and 2) 93-97%
        at those k (``benchmarks/level_coverage.py``).
    ci_method : {{"asymptotic", "bootstrap"}}
        Asymptotic normal interval (default) or a vectorised percentile bootstrap of the whole
        sample at this k (``n_boot`` resamples, ``seed``). The percentile bootstrap covers
        about as stated for Hill from k = 50 (not below: 95% intervals covered 91% and 93%
        at k = 10 and 20, 99% ones 95% and 97.5%), but not for the moment estimator, whose
        downward bias at moderate k it repeats while it under-states the spread (95%
        intervals covered 82-84% of exact Pareto samples at k = 50-100, 91% at k = 500), nor
        for Pickands, whose spread it over-states (98-99%); prefer the asymptotic interval
        for those two (``reports/bootstrap_coverage.md``, ``benchmarks/bootstrap_coverage.py``;
        small k: ``benchmarks/level_coverage.py``). A percentile interval need not hold the
        estimate (at k = 10, 1% of Hill's did not).
    n_boot : int
        Bootstrap resamples (``ci_method="bootstrap"`` only): at least ``(1 + ci) / (1 - ci)``
        (39 at 95%, 199 at 99%, 1999 at 99.9%), or the percentile interval is the range of
        the replicates, which covers less than ``ci`` (a :class:`DataError` says so).
    seed : int or None, default 0
        Seed of every random step: the automatic choice of ``k`` (a double bootstrap, for
        Hill and the moment estimator) and the bootstrap interval; the same call gives the
        same result. ``None`` draws one, recorded in ``settings["seed"]`` (bootstrap) and
        ``settings["k_choice"]["seed"]``.
    column : str or int, optional
        Column of a table or file.

    Returns
    -------
    TailIndexEstimate
"""


@v.validate_params(ESTIMATOR_CONSTRAINTS)
def hill(x: Any, k: int | None = None, *, ci: float = 0.95, ci_method: CIMethod = "asymptotic",
         n_boot: int = 999, seed: int | None = 0, column: Hashable | None = None
         ) -> TailIndexEstimate:
    return _estimate("hill", x, k, ci=ci, ci_method=ci_method, n_boot=n_boot, seed=seed,
                     column=column)


@v.validate_params(ESTIMATOR_CONSTRAINTS)
def pickands(x: Any, k: int | None = None, *, ci: float = 0.95,
             ci_method: CIMethod = "asymptotic", n_boot: int = 999, seed: int | None = 0,
             column: Hashable | None = None) -> TailIndexEstimate:
    return _estimate("pickands", x, k, ci=ci, ci_method=ci_method, n_boot=n_boot, seed=seed,
                     column=column)


@v.validate_params(ESTIMATOR_CONSTRAINTS)
def moment(x: Any, k: int | None = None, *, ci: float = 0.95, ci_method: CIMethod = "asymptotic",
           n_boot: int = 999, seed: int | None = 0, column: Hashable | None = None
           ) -> TailIndexEstimate:
    return _estimate("moment", x, k, ci=ci, ci_method=ci_method, n_boot=n_boot, seed=seed,
                     column=column)


@v.validate_params(ESTIMATOR_CONSTRAINTS)
def weibull_tail(x: Any, k: int | None = None, *, ci: float = 0.95,
                 ci_method: CIMethod = "asymptotic", n_boot: int = 999,
                 seed: int | None = 0, column: Hashable | None = None) -> TailIndexEstimate:
    return _estimate("weibull_tail", x, k, ci=ci, ci_method=ci_method, n_boot=n_boot, seed=seed,
                     column=column)


hill.__doc__ = """Hill (1975) estimate of the extreme-value index ξ > 0 of a power-law tail.

    ``ξ_H(k) = (1/k) Σ_{i<=k} log X(n-i+1) - log X(n-k)``; asymptotic s.e. ``ξ/√k``. Needs
    ``X(n-k) > 0`` and depends on the location of the data: a power-law diagnostic, never the
    only evidence. Values far from 0 beside their spread (``X(n-k)`` past 100 times the top
    k's mean excess over it, k >= 10) are warned of, here and in :func:`weibull_tail`: the
    estimate then reads the offset.
""" + _DOC_PARAMS.format(rule="the Danielsson et al. (2001) double bootstrap", k_note=_AUTO_K_NOTE)
pickands.__doc__ = """Pickands (1975) estimate of ξ (any real ξ; location- and scale-invariant).

    ``ξ_P(k) = log[(X(n-k+1) - X(n-2k+1)) / (X(n-2k+1) - X(n-4k+1))] / log 2``; needs 4k values.
""" + _DOC_PARAMS.format(rule="k = max(5, ceil(sqrt(n))), at most n // 4 (it reads 4k values)",
                         k_note="")
moment.__doc__ = """Moment estimate of ξ, Dekkers, Einmahl & de Haan (1989), valid for all real ξ.

    ``ξ_M = M1 + 1 - 1/2 (1 - M1²/M2)^(-1)``. Scale-invariant but not location-invariant
    (a shift changes the log-spacings: centre the data first, e.g. subtract the median, or
    use :func:`pickands`, which is both); needs ``X(n-k) > 0``.
""" + _DOC_PARAMS.format(rule="the Draisma et al. (1999) double bootstrap", k_note=_AUTO_K_NOTE)
weibull_tail.__doc__ = """Weibull-tail coefficient θ (Girard 2004): ``-log P(Y > y) ~ y^(1/θ)``.

    θ > 1: heavier than exponential (stretched exponential, lognormal); θ = 1: exponential
    type; θ < 1: lighter (normal: 1/2). Asymptotic s.e. ``θ/√k``. Needs ``X(n-k) > 0`` and is
    not location-invariant: centre the data first (e.g. subtract the median); values far from
    0 beside their spread are warned of, as in :func:`hill`.
""" + _DOC_PARAMS.format(rule="k = max(5, ceil(sqrt(n))), at most n - 2",
                         k_note=""" At that k the 95% interval
        covered 97.6% of exact Weibull tails (exponential, θ = 1, and Weibull(0.5), θ = 2;
        4,000 samples of 5,000 and of 20,000 each, s.e. 0.002;
        ``benchmarks/auto_k_coverage.py``): there the estimate's spread is below the
        asymptotic ``θ/√k``. Off exact Weibull tails the estimate is biased by the slowly
        varying factor of ``-log P(Y > y)``, a bias that falls only like ``1/log(n/k)`` and
        that the interval ignores: at n = 5,000 it covered 66% of half-normal samples
        (θ = 1/2, estimates near 0.63) and 10% of gamma(3) ones (θ = 1, estimates near
        0.71, read as lighter than exponential).""")


def _lowest_read(spec: Any, k: Any) -> Any:
    """Index in the descending tail of the lowest order statistic an estimate at ``k`` reads
    (``X(n-k)``; ``X(n-4k+1)`` for Pickands), for one ``k`` or an array of them."""
    return spec.span * k - 1 if spec.span > 1 else k
