"""Data-driven choice of k (the number of upper order statistics).

* Hill: the double bootstrap of Danielsson, de Haan, Peng & de Vries (2001, J. Multivariate
  Anal. 76:226-248). The auxiliary statistic ``M(k) = M2(k) - 2 M1(k)^2`` has mean zero and the
  same bias order as the Hill estimator; its bootstrap mean square at two resample sizes
  ``n1 = n^0.9`` and ``n2 = n1^2 / n`` gives minimisers ``k1`` and ``k2``, and
  ``k* = k1^2 / k2 * ((log k1)^2 / (2 log n1 - log k1)^2)^((log n1 - log k1) / log n1)``.
* Moment estimator: the double bootstrap of Draisma, de Haan, Peng & Pereira (1999,
  Extremes 2:367-404), valid for all real ξ. The auxiliary statistic is the difference of the
  moment estimator and ``sqrt(M2/2) + 1 - (2/3) / (1 - M1 M2 / M3)``; the same two resample
  sizes give ``k1`` and ``k2`` and ``k* = k1^2 / k2 * c(ξ, ρ)`` with the paper's constant
  ``c`` evaluated at a pilot ξ (the moment estimate at ``k = sqrt(n)``) and
  ``ρ = log k1 / (2 log k1 - 2 log n1)``.
* Pickands and the Weibull-tail coefficient have no rule here: ``k = max(5, ceil(sqrt(n)))``,
  at most what the estimator takes (``n // 4`` for Pickands, which reads ``4k`` values;
  ``n - 2`` for the Weibull-tail coefficient), named ``"sqrt(n)"`` in results, with
  ``details["k_unclipped"]`` the value before that limit.

Both bootstraps resample with replacement and run in bounded time: every resample is drawn
exactly from the upper tail (:mod:`tailstat.estimators._resample`), the search over k stops
at ``min(m/2, 5000)`` for a resample of size ``m``, and there is no retry loop: when the
procedure is degenerate (``k2 >= k1``) the result says so in ``details``. The resamples are
reduced a block at a time, in a few MB whatever ``n`` and ``n_boot``, with the numbers of all
of them at once to the bit.

The bootstrap reads the top :func:`bootstrap_pool` ``(n)`` order statistics (most of a
small sample: 94% at ``n = 10^3``, 64% at ``10^4``; about half at ``10^5``; ``5500 n^0.2``
beyond). A :class:`tailstat.TailSketch` (or an
:class:`~tailstat.data.UpperTail`) gives exactly the whole sample's choice when it holds them,
and a :class:`~tailstat.DataError` naming the capacity needed when it does not (never another
answer); so does a choice of k deeper than the sketch holds.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from numbers import Integral
from typing import Any

import numpy as np

from tailstat import _validation as v
from tailstat.data.intake import Sample, check_sample, warn_missing_note
from tailstat.data.tail import UpperTail, from_sketch, upper_tail
from tailstat.errors import DataError
from tailstat.estimators import kernels
from tailstat.estimators._resample import resample_top_blocks, tail_pool_size
from tailstat.results import Result

__all__ = ["KChoice", "choose_k", "deepest_k"]

RULES = {
    "hill": "danielsson2001",
    "moment": "draisma1999",
    "pickands": "sqrt(n)",
    "weibull_tail": "sqrt(n)",
}
_CITATIONS = {
    "danielsson2001": "double bootstrap, Danielsson, de Haan, Peng & de Vries (2001)",
    "draisma1999": "double bootstrap, Draisma, de Haan, Peng & Pereira (1999)",
    "sqrt(n)": "k = max(5, ceil(sqrt(n))), at most what the estimator takes",
}
_K_SEARCH_CAP = 5000
#: A bootstrap minimum within this share of the search's limit is said to be set by it.
_CAP_NEAR = 0.9
_MIN_K = 5


@dataclass(frozen=True, eq=False, repr=False)
class KChoice(Result):
    """The k chosen by a rule, with the rule's name and its intermediate quantities.

    Attributes
    ----------
    k : int
        The number of upper order statistics chosen.
    rule : str
        The rule's name (e.g. ``"danielsson2001"``, ``"sqrt(n)"``), the ``k_rule`` of an
        estimate made with ``k=None``.
    citation : str
        Where the rule is published.
    details : dict
        The rule's intermediate quantities (sub-sample sizes, ``seed``, the unclipped k...).
    method : str
        The estimator the k is for (``""`` for a choice made inside an estimator).
    settings : dict
        What :func:`choose_k` was asked: ``method``, ``n_boot``,
        ``seed`` (the one used; ``None`` under ``"sqrt(n)"``, which draws nothing) and
        ``k_max``. Empty for a choice made inside an estimator (its own settings hold it).
    name : str
        The sample's name.
    """

    k: int
    rule: str
    citation: str
    details: dict[str, Any] = field(default_factory=dict)
    method: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    name: str = ""

    _repr_fields = ("k", "rule", "method", "name")


def deepest_k(method: str, n: int) -> int:
    """The largest k ``method`` takes on ``n`` values: ``n // 4`` for Pickands, which reads
    ``4k`` values; ``n - 2`` for Girard's θ, whose level ``n / (k + 1)`` must exceed 1;
    ``n - 1`` for hill and moment."""
    return {"pickands": n // 4, "weibull_tail": n - 2}.get(method, n - 1)


def _sqrt_rule(n: int) -> int:
    return max(_MIN_K, math.ceil(math.sqrt(n)))


def _aux_stat(top: np.ndarray, k_max: int, estimator: str) -> np.ndarray:
    if estimator == "hill":
        m1, m2 = kernels.log_moments(top, k_max, orders=2)
        return m2 - 2.0 * m1 * m1
    m1, m2, m3 = kernels.log_moments(top, k_max, orders=3)
    with np.errstate(divide="ignore", invalid="ignore"):
        xi_m = kernels.moment_from_m(m1, m2)
        xi_3 = np.sqrt(0.5 * m2) + 1.0 - (2.0 / 3.0) / (1.0 - m1 * m2 / m3)
    return xi_m - xi_3


def _bootstrap_argmin(tail: UpperTail, m: int, estimator: str, n_boot: int,
                      rng: np.random.Generator) -> tuple[int, int]:
    """Minimiser over k of the bootstrap mean square of the auxiliary statistic."""
    n = tail.n
    k_cap = int(min(m // 2, _K_SEARCH_CAP))
    pool = tail_pool_size(n, m, k_cap + 1)
    pool = min(pool, tail.desc.shape[0])
    desc = tail.desc[:pool]
    npos = int(np.count_nonzero(desc > 0))
    if npos < pool:
        # the auxiliary statistics need logs: keep to the positive order statistics
        k_cap = min(k_cap, int(npos * m / n) // 2)
    if k_cap < _MIN_K + 2:
        raise DataError(
            f"too few positive upper order statistics in {tail.name!r} for the bootstrap choice "
            f"of k ({npos} of the top {pool} are positive; the estimator works on their "
            "logarithms): shift the rewards (e.g. subtract their minimum or median), pass k= a "
            "depth whose threshold X(n-k) is positive, or use pickands / fit_gpd, which do not "
            "depend on the location."
        )
    mse = _bootstrap_mse(desc, n, m, k_cap, estimator, n_boot, rng, _block_rows(k_cap))
    mse[: _MIN_K - 1] = np.inf
    mse[~np.isfinite(mse)] = np.inf
    return int(np.argmin(mse)) + 1, k_cap


#: Bytes of one ``(rows, k)`` array of a block of resamples. The auxiliary statistic takes
#: about a dozen such arrays at once (the resamples' indices, their values, their logs, the
#: cumulative sums...): the default-k ``hill`` / ``moment`` of 10^6 values peak at 6.9 / 8.3
#: MB, whatever ``n_boot``. All 200 resamples at once (k up to 5000) held 65 / 89 MB, 8 to
#: 11 times that sample, in about the same time.
_BLOCK_BYTES = 1 << 19


def _block_rows(k_cap: int) -> int:
    """Resamples per block: an even number (at least 2) of rows of ``k_cap + 1`` values
    within :data:`_BLOCK_BYTES`."""
    return max(2, (_BLOCK_BYTES // (8 * (k_cap + 1))) // 2 * 2)


def _bootstrap_mse(desc: np.ndarray, n: int, m: int, k_cap: int, estimator: str, n_boot: int,
                   rng: np.random.Generator, rows: int) -> np.ndarray:
    """Mean over ``n_boot`` resamples of size ``m`` of the squared auxiliary statistic at
    k = 1..k_cap (NaN resamples left out; ``inf`` where none is left), reduced ``rows``
    resamples at a time. The same numbers, to the bit, whatever ``rows``: the resamples are
    drawn as one call draws them (:func:`resample_top_blocks`), each row's statistic is its
    own, and the rows are added one after another in their order, as ``np.sum(axis=0)``
    adds the rows of one array."""
    total = np.zeros(k_cap)
    count = np.zeros(k_cap, dtype=np.int64)
    for top in resample_top_blocks(desc, n, m, k_cap + 1, n_boot, rng, rows):
        with np.errstate(all="ignore"):
            stat = _aux_stat(top, k_cap, estimator)
            sq = stat * stat
        missing = np.isnan(sq)
        count += sq.shape[0] - np.count_nonzero(missing, axis=0)
        for row in np.where(missing, 0.0, sq):
            total += row
    with np.errstate(all="ignore"):
        # nanmean by hand: columns that are all NaN at tiny k give inf, without a warning
        return total / count


def _draisma_constant(xi: float, rho: float) -> float:
    """c(ξ, ρ) of Draisma et al. (1999): ratio of the AMSE-optimal k of the two statistics."""
    v = float(kernels.sd_moment(np.array(xi))) ** 2  # the moment estimator's variance
    if xi >= 0:
        vbar = 0.25 * (1.0 + xi * xi)
    else:
        num = (1 - 8 * xi + 48 * xi**2 - 154 * xi**3 + 263 * xi**4 - 222 * xi**5 + 72 * xi**6)
        den = (1 - 2 * xi) * (1 - 3 * xi) * (1 - 4 * xi) * (1 - 5 * xi) * (1 - 6 * xi)
        vbar = 0.25 * (1 - xi) ** 2 * num / den
    if xi < rho:
        b = (1 - xi) * (1 - 2 * xi) / ((1 - rho - xi) * (1 - rho - 2 * xi))
        bbar = (-0.5 * rho * (1 - xi) ** 2
                / ((1 - xi - rho) * (1 - 2 * xi - rho) * (1 - 3 * xi - rho)))
    elif xi < 0:
        b = 1.0 / (1 - xi)
        bbar = (1 - 2 * xi - math.sqrt((1 - xi) * (1 - 2 * xi))) / ((1 - xi) * (1 - 2 * xi))
    else:
        b = xi / (rho * (1 - rho)) + 1.0 / (1 - rho) ** 2
        bbar = -(rho + xi * (1 - rho)) / (2 * (1 - rho) ** 3)
    ratio = (v * bbar * bbar) / (vbar * b * b)
    return float(ratio ** (1.0 / (1.0 - 2.0 * rho)))


@v.validate_params({"method": [v.StrOptions(RULES)], "n_boot": [v.N_BOOT], "seed": v.SEED,
                    "k_max": [v.Interval(Integral, 1, None), None]})
def choose_k(
    x: Any,
    method: str = "hill",
    *,
    n_boot: int = 200,
    seed: int | None = 0,
    k_max: int | None = None,
    column: Hashable | None = None,
) -> KChoice:
    """Choose k for ``method`` with its published data-driven rule.

    Parameters
    ----------
    x : array-like, Sample, UpperTail or TailSketch
        Anything :func:`tailstat.data.check_sample` accepts, a :class:`tailstat.TailSketch`
        or an :class:`UpperTail`.
    method : {"hill", "moment", "pickands", "weibull_tail"}
    n_boot : int
        Bootstrap resamples per resample size (double-bootstrap rules).
    seed : int or None
        Seed of the bootstrap (default 0, so that the choice is reproducible); ``None`` draws
        one, recorded in ``details["seed"]``.
    k_max : int, optional
        Largest k the answer may take (a double-bootstrap k beyond it is clipped to it, as
        asked: ``details["k_before_k_max"]`` keeps the rule's k). The rule itself never
        goes beyond half the sample (clipped there; the estimators, which use the choice,
        warn of it).
    column : str or int, optional
        Column to analyse when ``x`` is a table (as for :func:`tailstat.hill`).

    Returns
    -------
    KChoice

    Raises
    ------
    DataError
        Too few values; or an upper tail (a sketch's) that holds fewer order statistics than
        the bootstrap reads, or than the k it chooses.
    """
    rule = RULES[method]
    given = x
    x = from_sketch(x, column)  # a sketch has no columns: column= refused
    if column is not None:  # a table: its column, validated once
        x = check_sample(x, column)
    tail = x if isinstance(x, UpperTail) else None
    sample = None if tail is not None else check_sample(x)
    # its dropped missing values said, as hill says them (a sketch's too: a review)
    warn_missing_note(given, sample if sample is not None else tail)
    if rule == "sqrt(n)":  # needs n only (no partition of the sample)
        n = (sample if sample is not None else x).n  # the sample's, or the upper tail's
        k = wanted = _sqrt_rule(n)
        # the largest k each estimator takes: Pickands 4k values, Girard's θ k + 1 < n
        k = min(k, deepest_k(method, n))
        if k_max is not None:
            k = min(k, int(k_max))
        # the floor of 5 and the limit recorded (a review: k = 1 at n = 5 said only n)
        return KChoice(k=k, rule=rule, citation=_CITATIONS[rule],
                       details={"n": n, "k_unclipped": wanted},
                       method=method, settings=_asked(method, n_boot, None, k_max),
                       name=str((sample if sample is not None else x).name))
    seed = v.resolve_seed(seed)  # drawn when None, and recorded in details
    if tail is None:
        assert sample is not None
        choice, read = choose_on_sample(sample, method, n_boot=n_boot, seed=seed, k_max=k_max)
        return replace(_checked(choice, read, method), method=method,
                       settings=_asked(method, n_boot, seed, k_max), name=str(sample.name))
    # an upper tail (a sketch's): the same choice, or an error when it holds too few
    _check_holds_pool(tail)
    k_star, details = _double_bootstrap(tail, method, n_boot, seed)
    n_pos = int(np.count_nonzero(tail.desc > 0))
    k, limit = _clip(k_star, method, k_max, tail.k_max, n_pos, tail.n)
    # what the whole sample would allow: its positive values are known only when the tail
    # held reaches zero
    whole_pos = n_pos if tail.desc.size and tail.desc[-1] <= 0 else tail.n
    details["k_deepest"] = _deepest(method, tail.n - 1, whole_pos, tail.n)
    _note_k_max(details, k, k_max)
    if k > limit and limit == tail.k_max < details["k_deepest"] and (
            k_max is None or k_max > limit):
        # a sample would take a larger k (up to n - 1 or its positive values): unknown here
        raise DataError(
            f"the {_CITATIONS[rule]} chooses k = {k} for {tail.name!r}, but the upper tail "
            f"given holds its top {tail.k_max + 1} of {tail.n} values (k <= {tail.k_max}); "
            f"keep more order statistics (e.g. TailSketch(capacity={k + 1})), or pass k= "
            "explicitly.")
    return _checked(KChoice(k=int(min(k, limit)), rule=rule, citation=_CITATIONS[rule],
                            details=details, method=method,
                            settings=_asked(method, n_boot, seed, k_max),
                            name=str(tail.name)), tail, method)


def _asked(method: str, n_boot: int, seed: int | None, k_max: int | None) -> dict[str, Any]:
    """A choice's settings: what :func:`choose_k` was asked (the seed used)."""
    return {"method": method, "n_boot": n_boot, "seed": seed,
            "k_max": None if k_max is None else int(k_max)}


def _note_k_max(details: dict[str, Any], k: int, k_max: int | None) -> None:
    """Record the rule's k (within the half-sample limit) when ``k_max`` clipped it."""
    if k_max is not None and min(k, details["k_deepest"]) > k_max:
        details["k_before_k_max"] = min(k, details["k_deepest"])


def _checked(choice: KChoice, tail: UpperTail, method: str) -> KChoice:
    """``choice``; a DataError when the top values the chosen k reads are all equal (ratings,
    0/1 rewards: the estimator refuses that k, and the rule had returned it without a
    word)."""
    if tail.desc.shape[0] > choice.k and tail.desc[choice.k] == tail.desc[0]:
        raise DataError(f"the {choice.k + 1} largest values of {tail.name!r} are all equal "
                        f"({tail.desc[0]:.6g}): clipped, saturated or discretised rewards? The "
                        f"{choice.citation} chose k = {choice.k}, where {method} has no "
                        "information. Pass a larger k, or use classify() / fit_gpd(), which "
                        "read an atom at the top as a bound.")
    return choice


def choose_on_sample(sample: Sample, method: str, *, n_boot: int = 200, seed: int = 0,
                     k_max: int | None = None) -> tuple[KChoice, UpperTail]:
    """:func:`choose_k`'s double bootstrap on a validated sample, with the upper tail it read
    (the top :func:`bootstrap_pool` order statistics; an estimator at the chosen k reuses
    it). ``seed`` must be an int (resolved)."""
    rule = RULES[method]
    tail = upper_tail(sample, k_max=max(bootstrap_pool(sample.n) - 1, k_max or 0,
                                        _sqrt_rule(sample.n)))
    k_star, details = _double_bootstrap(tail, method, n_boot, seed)
    n_pos = int(np.count_nonzero(sample.values > 0))
    k, limit = _clip(k_star, method, k_max, sample.n - 1, n_pos, sample.n)
    details["k_deepest"] = _deepest(method, sample.n - 1, n_pos, sample.n)
    _note_k_max(details, k, k_max)
    return KChoice(k=int(min(k, limit)), rule=rule, citation=_CITATIONS[rule],
                   details=details), tail


def _clip(k_star: float, method: str, k_max: int | None, top: int, n_pos: int, n: int
          ) -> tuple[int, int]:
    """``(k, limit)``: ``k*`` rounded (at least the smallest k) and the largest k allowed,
    :func:`_deepest` and ``k_max``."""
    limit = _deepest(method, top, n_pos, n)
    return max(round(k_star), _MIN_K), limit if k_max is None else min(limit, k_max)


def _deepest(method: str, top: int, n_pos: int, n: int) -> int:
    """The deepest k the rule may choose: half the sample (a k* beyond it means the
    bootstrap found no bias to trade against noise, not that the body belongs to the tail:
    at k = n - 1 the moment estimator's threshold is the sample minimum, and a Burr sample
    with xi = 1/2 gave -7.4), ``top`` (``n - 1``, or what an upper tail holds), and for the
    log-based estimators the positive values."""
    limit = min(top, max(n // 2, _MIN_K))
    return min(limit, n_pos - 1) if method in ("moment", "hill") else limit

def doubt(choice: KChoice, method: str) -> str | None:
    """Why the double bootstrap's k is not to be trusted, if it is not: it chose a k below
    the smallest allowed or beyond the deepest (clipped to it), or its two resample sizes
    disagreed (``k2 >= k1``). The first and last happen on light and bounded tails, where
    the Hill estimator's bias does not follow the second-order model the rule assumes (10
    seeds of a normal sample of 5 000: 8 clipped to k = 5), and now and then on a heavy one;
    the second where there is no bias to find (a Pareto sample, or a Burr one with
    rho = -1). A minimum at the other limit of the search, half the resample (every n below
    about 10^4), is not said: it is where an exact power law's error is least, and the k it
    gives is deep (61 of 80 Pareto samples of 500 end there; a review, stop 67)."""
    d = choice.details
    clipped = d.get("k_unclipped", np.inf) < _MIN_K
    beyond = not clipped and round(d.get("k_unclipped", 0.0)) > d.get("k_deepest", np.inf)
    capped = not clipped and not beyond and "degenerate" not in d and "search_capped" in d
    if not clipped and not beyond and "degenerate" not in d and not capped:
        return None
    if capped:
        # at large n the bootstrap's error was still falling where its search stops (Frechet
        # samples of 10^6: k = 2,500-4,500 chosen, about 20,000 best; a review)
        sizes = " and ".join(f"{m:,}" for m in d["search_capped"])
        return (f"the {choice.citation} found its smallest error at or near the deepest k it "
                f"searches ({_K_SEARCH_CAP:,}, at resample size {sizes}): a deeper k may "
                f"estimate better, so k = {choice.k:,} is set by that limit, not by the data; "
                "compare the estimates along tail_path() and pass k= explicitly")
    if clipped:
        what = (f"chose k = {d['k_unclipped']:.2g}, below the smallest k ({_MIN_K}), so k = "
                f"{choice.k} is used")
    elif beyond:
        what = (f"chose k = {d['k_unclipped']:,.0f} of n = {d.get('n', 0):,}, beyond the "
                f"deepest k it may take ({d['k_deepest']:,}: half the sample, or the values "
                f"above zero for a log-based estimator), so k = {choice.k:,} is used: it found "
                "no bias to trade against noise")
    else:
        what = ("could not separate bias from noise (k2 >= k1), as happens when there is no "
                "bias to find: on an exact power law (a Pareto sample) a larger k only narrows "
                "the interval")
    hint = ("the Hill estimator assumes a heavy tail (xi > 0); if the tail may be light or "
            "bounded, use moment() or classify()" if method == "hill" else
            "the estimate may rest on too few or too many order statistics")
    return (f"the {choice.citation} {what}: {hint}, or pass k= explicitly (e.g. "
            f"k = {math.ceil(math.sqrt(d.get('n', choice.k)))}, the square root of n)")


def bootstrap_pool(n: int) -> int:
    """How many top order statistics of a sample of ``n`` the double bootstrap reads: enough
    for the deepest k searched at both resample sizes (:func:`tail_pool_size`)."""
    m1 = int(n**0.9)
    m2 = m1 * m1 // n
    return int(max(tail_pool_size(n, m, min(m // 2, _K_SEARCH_CAP) + 1) for m in (m1, m2)))


def _check_holds_pool(tail: UpperTail) -> None:
    """An upper tail (a sketch's) must hold all the bootstrap reads, or the choice of k would
    differ from the whole sample's: a clear error rather than another answer."""
    need = max(bootstrap_pool(tail.n), _sqrt_rule(tail.n) + 1)
    if tail.desc.shape[0] < min(need, tail.n):
        raise DataError(
            f"the automatic choice of k (double bootstrap) reads the top {need} of the "
            f"{tail.n} values of {tail.name!r}, but the upper tail given holds "
            f"{tail.desc.shape[0]}: keep more order statistics (TailSketch(capacity={need})), "
            "or pass k= explicitly.")


def _double_bootstrap(tail: UpperTail, method: str, n_boot: int, seed: int
                      ) -> tuple[float, dict[str, Any]]:
    """``k*`` of the Danielsson et al. (Hill) or Draisma et al. (moment) rule, and details."""
    rule = RULES[method]
    rng = np.random.default_rng(seed)
    n = tail.n
    n1 = int(n**0.9)
    n2 = int(n1 * n1 / n)
    if n2 < 4 * _MIN_K:
        raise DataError(
            f"{tail.name!r} has {n} values: too few for the {_CITATIONS[rule]}, whose second "
            f"resample size n^0.8 must reach {4 * _MIN_K} (at least 44 values; below a few "
            "hundred its choice is rough); pass k= explicitly."
        )
    k1, cap1 = _bootstrap_argmin(tail, n1, method, n_boot, rng)
    k2, cap2 = _bootstrap_argmin(tail, n2, method, n_boot, rng)
    details: dict[str, Any] = {"n": n, "n1": n1, "n2": n2, "k1": k1, "k2": k2, "n_boot": n_boot,
                               "seed": seed, "k1_search_max": cap1, "k2_search_max": cap2}
    lk1, ln1 = math.log(k1), math.log(n1)
    if method == "hill":
        factor = (lk1**2 / (2 * ln1 - lk1) ** 2) ** ((ln1 - lk1) / ln1)
    else:
        rho = lk1 / (2 * lk1 - 2 * ln1)
        pilot_k = min(_sqrt_rule(n), tail.k_max)
        with np.errstate(all="ignore"):
            pilot = float(kernels.moment_path(tail.desc, pilot_k)[pilot_k - 1])
        factor = _draisma_constant(pilot, rho) if np.isfinite(pilot) else 1.0
        details.update(rho=rho, xi_pilot=pilot)
    k_star = k1 * k1 / max(k2, 1) * factor
    details["factor"] = factor
    details["k_unclipped"] = k_star
    if k2 >= k1:
        details["degenerate"] = "k2 >= k1: the bias is too small for the bootstrap to locate"
    capped = [m for m, k, cap in ((n1, k1, cap1), (n2, k2, cap2))
              if cap == _K_SEARCH_CAP and k >= _CAP_NEAR * cap]
    if capped:  # the search's limit, not the data, set the minimum (a review)
        details["search_capped"] = capped
    return k_star, details
