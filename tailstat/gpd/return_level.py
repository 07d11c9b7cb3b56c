"""Return levels of a peaks-over-threshold fit, with profile-likelihood or delta-method intervals.

Convention (Coles 2001, *An Introduction to Statistical Modeling of Extreme Values*, §4.3.3)
-------------------------------------------------------------------------------------------
With threshold ``u``, exceedance rate ``zeta_u = P(X > u)`` (estimated by ``k / n``) and
GPD(``xi``, ``sigma``) excesses, the level ``x_m`` exceeded on average once every ``m``
*observations*, ``P(X > x_m) = 1/m``, is

    x_m = u + sigma / xi * [(m zeta_u)^xi - 1]        (xi != 0)
    x_m = u + sigma * log(m zeta_u)                   (xi = 0)

defined for ``m zeta_u > 1`` (a level above the threshold). A return *period* is counted in
observations (``per=1``) or in blocks of ``per`` observations -- e.g. ``per=1000`` with one
score per prompt and 1000 prompts per evaluation run gives the level exceeded once every
``period`` runs -- so ``m = period * per``.

Intervals
---------
* ``"profile"`` (default): ``sigma`` is written in terms of the return level,
  ``sigma = (x_m - u) / c(xi)`` with ``c(xi) = [(m zeta_u)^xi - 1] / xi`` (``log(m zeta_u)`` at
  ``xi = 0``), the log-likelihood is maximised over ``xi`` for each ``x_m`` and the interval is
  ``{x_m : 2 [l_max - l_p(x_m)] <= chi2_1(level)}``. From ``m zeta_u`` =
  :data:`SHORT_PERIOD` on, ``zeta_u`` is held at its estimate, as in Coles' own
  ``gpd.prof``: its binomial error, ``zeta (1 - zeta) / n``, is small there next to the tail
  fit's. Not at short periods, where it is most of the level's error: held fixed, 95%
  intervals covered 0.65, 0.80 and 0.92 at ``m zeta_u`` = 1.5, 2 and 5 (800 samples of
  GPD(0.2) above its 90% quantile, ``benchmarks/return_level_short.py``; review 437). Below
  :data:`SHORT_PERIOD` an estimated ``zeta_u`` is profiled too -- the binomial
  log-likelihood ``k log zeta + (n - k) log(1 - zeta)`` joins the GPD's and the profile is
  maximised over ``zeta`` as well -- not a ``rate`` given, which has no error. On the same
  samples the intervals then covered 0.94, 0.95, 0.95 and 0.95 at ``m zeta_u`` = 1.5, 2, 5
  and 20 (s.e. 0.008), the delta method's 0.94, 0.95, 0.95 and 0.94; with about 30
  exceedances, at ``m zeta_u = 1.5``, 0.89 and 0.92 at ``xi`` = 0.2 and -0.3 (held: 0.63,
  0.64; review 440, 200 samples). Where a rate of ``1/m`` is within the binomial
  likelihood's reach, the lower end is the threshold itself, with a note. At ``m zeta_u =
  20`` the interval steps as the rate stops being profiled (the upper end fell 0.5% in fits
  of 30 and 300 exceedances, 9% in one of 20). Such an interval takes 0.1-0.3 s at 300
  exceedances, 2-3 s at 10^5 (ten times one with the rate held): ``plot.diagnostics``,
  whose return-level panel starts just above the threshold, takes 3-4 s. The interval
  is asymmetric, as return levels are; an upper end that never crosses the cut-off is
  ``inf``.
* ``"delta"``: ``x_m +/- z sd`` with the variance from the gradient of ``x_m`` in
  ``(zeta_u, sigma, xi)`` and the observed information of the fit, plus the binomial variance
  of ``zeta_u`` when it is estimated (Coles 2001, eq. 4.15). Symmetric, so it under-covers for
  long periods; it needs a regular MLE (``xi > -1/2``) or a PWM fit with ``xi < 1/2``: other
  fits have no standard error (at the constraint ``xi = -1`` the endpoint's error is
  one-sided, of order ``1/k``), so their ends are ``nan`` and a note says why.

Both are asymptotic: from 20 exceedances of GPD(xi, 1), 95% intervals for ``x_m`` with
``m = 100 k`` covered 82%, 91%, 91% and 92% (profile) at ``xi = -1/2, 0, 0.5, 1.2``, and the
delta method's 78%, 67% and 66% at ``xi = 0, 0.5, 1.2``, whose lower end lay below the
threshold, where no return level is, in 66%, 92% and 99% of those fits
(``benchmarks/level_coverage.py``; ``reports/return_level_coverage.md`` has k = 200).

All computations are done on excesses divided by a power of two near their maximum; levels
are reported in the user's units, where a level or interval end beyond the float range (about
1.8e308) is ``inf`` (``-inf`` below), with a warning and a note that say so and advise
rescaling the rewards (return levels scale with the data): the rest of the answer, an
interval's finite end included, is kept.
"""

from __future__ import annotations

import math
import sys
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from tailstat import _validation as v
from tailstat._blas import single_blas_thread
from tailstat._pow2 import pow2_scale
from tailstat._warn import user_level
from tailstat.errors import DataError, TailstatWarning
from tailstat.gpd._likelihood import _expm1_ratio, gpd_loglik
from tailstat.results import Interval, Result, _fmt

if TYPE_CHECKING:
    from tailstat.gpd.fit import GPDFit

__all__ = ["COLES_2001", "ReturnLevel", "growth", "growth_slope", "return_level"]

COLES_2001 = ("Coles (2001), An Introduction to Statistical Modeling of Extreme Values, "
              "Springer, section 4.3.3: x_m = u + sigma/xi [(m zeta_u)^xi - 1]")

#: Exceedances per return period (``m zeta_u``) below which the profile interval profiles an
#: estimated ``zeta_u`` too (held fixed, its coverage fell to 0.92 at 5 and 0.65 at 1.5).
SHORT_PERIOD = 20.0

#: The profile interval searches the float range of the return excess (in log, less a margin
#: of e^10 where the profile's own arithmetic stays exact) before calling an end open; it
#: stopped at exp(+-60) times the estimate and then reported the threshold as the lower end
#: of intervals much wider than that.
_T_LO = math.log(sys.float_info.min) + 10.0
_T_HI = math.log(sys.float_info.max) - 10.0


def growth(xi: float | np.ndarray, log_mz: float) -> np.ndarray:
    """``c(xi) = [(m zeta)^xi - 1] / xi`` from ``log_mz = log(m zeta)`` (``log_mz`` at 0)."""
    t = np.asarray(xi, dtype=float) * log_mz
    return log_mz * _expm1_ratio(np.atleast_1d(t)).reshape(t.shape)


def growth_slope(xi: float, log_mz: float) -> float:
    """``dc/dxi = L^2 h(xi L)``, ``h(t) = (t e^t - e^t + 1) / t^2`` (``1/2`` at ``t = 0``)."""
    t = xi * log_mz
    if abs(t) < 1e-3:
        h = 0.5 + t / 3.0 + t * t / 8.0 + t**3 / 30.0
    else:
        h = (t * math.exp(t) - math.expm1(t)) / (t * t)
    return log_mz * log_mz * h


@dataclass(frozen=True, eq=False, repr=False)
class ReturnLevel(Result):
    """Return level(s) of a GPD fit with their interval (see the module docstring).

    Scalars when one period was asked for, arrays (one entry per period) otherwise;
    ``np.asarray(result)`` gives the level(s).

    Attributes
    ----------
    period : float or numpy.ndarray
        The return period(s), in blocks of ``per`` observations.
    estimate : float or numpy.ndarray
        The return level(s) ``x_m``, in the units of the data (``inf`` beyond the float
        range, with a warning).
    low, high : float or numpy.ndarray
        Interval bounds (``nan`` with ``ci=None`` and for a delta-method interval the fit
        has no standard error for; ``high = inf`` where the profile likelihood never drops
        below the cut-off, or beyond the float range).
    level : float or None
        Nominal coverage of the interval.
    method : str
        ``"profile likelihood"``, ``"delta method"`` or ``"none"``.
    per : float
        Observations per block.
    observations : float or numpy.ndarray
        ``m = period * per``: observations per exceedance of the level on average.
    rate : float
        Exceedance rate of the threshold per observation, ``zeta_u``.
    threshold, xi, sigma : float
        The fit the levels come from.
    name : str
        The sample's label.
    settings : dict
        Convention, interval method, whether ``rate`` was estimated.
    warnings : tuple of str
        Caveats.
    """

    period: float | np.ndarray
    estimate: float | np.ndarray
    low: float | np.ndarray
    high: float | np.ndarray
    level: float | None
    method: str
    per: float
    observations: float | np.ndarray
    rate: float
    threshold: float
    xi: float
    sigma: float
    name: str = "x"
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    _repr_fields = ("period", "estimate", "ci", "method")

    @property
    def ci(self) -> Interval | None:
        """The interval as an :class:`~tailstat.results.Interval` (one period only)."""
        if np.ndim(self.estimate) != 0 or self.level is None:
            return None
        return Interval(float(self.low), float(self.high), self.level, self.method)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        # NumPy 2's protocol: copy=True asks for a new array (``np.array(rl)`` returned the
        # result's own read-only estimate, and ``a *= 2`` on it failed; a review)
        out = np.asarray(self.estimate, dtype=dtype)
        return out.copy() if copy else out

    def to_frame(self) -> pd.DataFrame:
        """One row per period: period, observations, estimate, low, high, level, method."""
        return pd.DataFrame({
            "period": np.atleast_1d(self.period), "observations": np.atleast_1d(self.observations),
            "estimate": np.atleast_1d(self.estimate), "low": np.atleast_1d(self.low),
            "high": np.atleast_1d(self.high),
            "level": np.nan if self.level is None else self.level, "method": self.method})

    def __repr__(self) -> str:
        if np.ndim(self.estimate) == 0:
            return super().__repr__()
        return (f"ReturnLevel(periods={np.size(self.period)}, per={_fmt(float(self.per))}, "
                f"method={self.method!r}, level={self.level!r})")


# --- the profile likelihood of the return level ----------------------------------------------


def _loglik_at(z: np.ndarray, r: float, log_mz: float, xi: np.ndarray) -> np.ndarray:
    """Log-likelihood at ``(xi, sigma = r / c(xi))`` for each ``xi`` (``-inf`` where that
    scale leaves the float range or the support excludes an excess)."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore", under="ignore"):
        return gpd_loglik(z, xi, r / growth(xi, log_mz))


def profile_loglik(z: np.ndarray, r: float, log_mz: float, xi_top: float = 2.0,
                   xi_hint: float | None = None) -> float:
    """``max_xi l(xi, r / c(xi))`` over ``xi >= -1`` (:func:`_profile_max`)."""
    return _profile_max(z, r, log_mz, xi_top, xi_hint)[0]


#: Points of the grid over ``[-1, top]`` the profile starts from: 97 alone; 13 beside six
#: points close to a hint (the optimum at a nearby return level, which moves little between
#: the root finder's steps): the profile interval at 10^5 excesses took 10 s with 97 for
#: every evaluation, all but 0.6 s of it in the grids.
_GRID, _COARSE = 97, 13
_NEAR = np.array([-0.1, -0.03, -0.01, 0.0, 0.01, 0.03, 0.1])
#: Excesses from which the points near the hint are read alone when their best lies inside.
_NEAR_ONLY = 1000


def _profile_max(z: np.ndarray, r: float, log_mz: float, xi_top: float = 2.0,
                 xi_hint: float | None = None) -> tuple[float, float]:
    """``(max_xi l(xi, r / c(xi)), its xi)`` over ``xi >= -1``: a grid (with points near
    ``xi_hint`` when given), widened while its maximum is at the top, then Brent's method
    between the grid neighbours of the best point."""
    top = max(xi_top, 1.0)
    grid = np.empty(0)
    if xi_hint is not None and z.size >= _NEAR_ONLY:
        # the points near the hint alone where their best is inside them, the profile rising
        # to it from both sides (the coarse grid's 13 points besides cost half the time of
        # an interval at 10^4 excesses and more, for the same optimum); not for a few
        # excesses, whose profile can have two modes (12 excesses: a bound 1.2e-7 apart, a
        # review) and whose grid costs nothing
        grid = np.unique(np.clip(xi_hint + _NEAR, -1.0, top))
        ll = _loglik_at(z, r, log_mz, grid)
        i = int(np.argmax(ll))
        if not (0 < i < grid.size - 1 and math.isfinite(ll[i])):
            grid = np.empty(0)
    for _ in range(8 if grid.size == 0 else 0):
        grid = np.linspace(-1.0, top, _GRID if xi_hint is None else _COARSE)
        if xi_hint is not None:
            grid = np.unique(np.r_[grid, np.clip(xi_hint + _NEAR, -1.0, top)])
        ll = _loglik_at(z, r, log_mz, grid)
        i = int(np.argmax(ll))
        if i < grid.size - 1:
            break
        top *= 2.0
    if not math.isfinite(ll[i]):
        return -math.inf, math.nan
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]

    def neg(xi: float) -> float:
        val = float(_loglik_at(z, r, log_mz, np.array([xi]))[0])
        return -val if math.isfinite(val) else 1e300

    res = optimize.minimize_scalar(neg, bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-10})
    if -float(res.fun) >= float(ll[i]):
        return -float(res.fun), float(res.x)
    return float(ll[i]), float(grid[i])


def _binomial_gain(lam: float, log_mz: float, k: int, n: int) -> float:
    """The binomial log-likelihood of ``k`` exceedances of ``n`` at the rate that gives
    ``log(m zeta) = lam``, less its maximum (at ``k / n``, where ``log(m zeta) = log_mz``)."""
    zeta = k / n
    q = zeta * math.exp(lam - log_mz)
    return k * (lam - log_mz) + (n - k) * (math.log1p(-q) - math.log1p(-zeta))


def _over_rate(z: np.ndarray, r: float, log_mz: float, top: float, xi_hint: float | None,
               k: int, n: int) -> tuple[float, float]:
    """``max over zeta`` of the GPD profile at return excess ``r`` plus the binomial
    log-likelihood of ``zeta`` (``k`` exceedances of ``n``, relative to its maximum at
    ``k / n``), and the optimum ``xi``. ``log(m zeta)`` moves with ``zeta``: searched within
    six standard deviations of ``log(k / n)`` (``sqrt((1 - zeta) / k)``), beyond which the
    binomial term alone is below -10 (-18 for many exceedances), past any cut-off used."""
    zeta = k / n
    sd = math.sqrt((1.0 - zeta) / k)
    lo = max(log_mz - 6.0 * sd, 1e-9)  # (m zeta > 1: a level above the threshold)
    hi = log_mz + min(6.0 * sd, -math.log(zeta) - 1e-12)  # (zeta < 1)
    best: dict[float, float] = {}  # the optimum xi at each log(m zeta) tried

    def neg(lam: float) -> float:
        ll, at = _profile_max(z, r, lam, top, xi_hint)
        if not math.isfinite(ll):
            return 1e300
        best[lam] = at
        return -(ll + _binomial_gain(lam, log_mz, k, n))

    res = optimize.minimize_scalar(neg, bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-7})
    at_fixed = neg(log_mz)  # the rate's estimate itself, which the search may step past
    if at_fixed <= float(res.fun) or not math.isfinite(float(res.fun)):
        return (-at_fixed if at_fixed < 1e300 else -math.inf), best.get(log_mz, math.nan)
    return -float(res.fun), best.get(float(res.x), math.nan)


def profile_interval(z: np.ndarray, xi: float, sigma: float, log_mz: float, level: float,
                     binom: tuple[int, int] | None = None) -> tuple[float, float]:
    """``(low, high)`` of the return *excess* ``x_m - u`` (units of ``z``); ``high = inf`` and
    ``low = 0`` where the profile stays above the cut-off to the end of the float range (an
    estimate beyond that range, reported as inf, has ``high = inf``). With ``binom = (k, n)``
    the exceedance rate, estimated as ``k / n``, is profiled too: its binomial
    log-likelihood joins the GPD's and the profile is maximised over it as well
    (:func:`_over_rate`)."""
    with np.errstate(over="ignore"):
        r_hat = float(sigma * growth(xi, log_mz))
    top = max(2.0, xi + 2.0)
    finite = math.isfinite(r_hat)
    ll_hat = float(gpd_loglik(z, xi, sigma))
    if xi <= -1.0 and sigma > 0 and float(np.max(z)) <= sigma:
        # the fit at the constraint: uniform on [0, sigma], its end point the largest excess,
        # which gpd_loglik leaves outside the support (-inf); the cut-off came from a lower
        # point (an interval a review found 0.04 units of log-likelihood too wide)
        ll_hat = max(ll_hat, -z.size * math.log(sigma))
    if finite:
        ll_hat = max(ll_hat, profile_loglik(z, r_hat, log_mz, top))
    cut = ll_hat - float(special.gammaincinv(0.5, level))  # chi2(1).ppf(level) / 2
    t0 = math.log(r_hat) if finite else _T_HI
    # the optimum xi at each log return excess evaluated (at the estimate: the MLE's)
    hint: dict[float, float] = {t0: xi} if finite and math.isfinite(xi) else {}

    def g(t: float) -> float:
        near = min(hint, key=lambda s: abs(s - t)) if hint else None
        start = None if near is None else hint[near]
        if binom is None:
            ll, at = _profile_max(z, math.exp(t), log_mz, top, start)
        else:
            ll, at = _over_rate(z, math.exp(t), log_mz, top, start, *binom)
        if math.isfinite(at):
            hint[t] = at
        return ll - cut

    if not finite and g(t0) <= 0:  # even the largest float is below the interval
        return math.inf, math.inf
    floor_inside = False  # the lower end is the threshold itself (review 440)
    if binom is not None:
        # as the return excess falls to 0, a rate of 1/m (log(m zeta) -> 0) reaches it with
        # the GPD at its maximum: the profile there tends to ll_hat plus the binomial term
        # at 1/m, and where that stays above the cut-off so does every level down to the
        # threshold (the search crept down to u + 1e-7 sigma at great cost before)
        floor_inside = ll_hat + _binomial_gain(0.0, log_mz, *binom) > cut
    ends = []
    for side in (-1.0, 1.0):
        if side > 0 and not finite:
            ends.append(math.inf)
            continue
        if side < 0 and floor_inside:
            ends.append(0.0)
            continue
        bound = _T_LO if side < 0 else _T_HI
        inner, step = t0, 0.05
        while True:
            outer = t0 + side * step
            if (outer - bound) * side >= 0:  # the end of the float range
                outer = bound if g(bound) <= 0 else math.nan
                break
            if g(outer) <= 0:
                break
            inner, step = outer, step * 2.0
        if math.isnan(outer):
            ends.append(0.0 if side < 0 else math.inf)
            continue
        try:
            ends.append(math.exp(optimize.brentq(g, min(inner, outer), max(inner, outer),
                                                 xtol=1e-12, rtol=1e-12)))
        except ValueError:  # no sign change: the fit is no maximum (it did not converge,
            ends.append(math.nan)  # and says so); an end not found, not scipy's error
    return ends[0], ends[1]


# --- the delta method --------------------------------------------------------------------


def _delta_sd(fit: GPDFit, log_mz: float, zeta: float, zeta_estimated: bool) -> float:
    """Standard deviation of ``x_m`` by the delta method, in units of ``sigma`` (``nan``
    without a covariance): ``sd / sigma``, which stays in range where ``sd`` itself would
    not (a ``sigma`` near the float maximum)."""
    if fit.cov is None or not (math.isfinite(fit.se_xi) and math.isfinite(fit.se_sigma)):
        return math.nan
    xi, sigma = fit.xi, fit.sigma
    # relative to sigma: var(x_m) / sigma^2, with the covariance of (xi, sigma / sigma_hat)
    v_xx = fit.se_xi**2
    v_ss = (fit.se_sigma / sigma) ** 2
    v_xs = float(fit.cov[0, 1]) / sigma
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # (a level past the float range:
            c = float(growth(xi, log_mz))  # a numpy warning escaped; a review)
            dc = growth_slope(xi, log_mz)
        if not (math.isfinite(c) and math.isfinite(dc)):
            return math.inf
        var = c * c * v_ss + 2.0 * c * dc * v_xs + dc * dc * v_xx
        if zeta_estimated:
            # d x_m / d zeta = (sigma / zeta) (m zeta)^xi; var(zeta_hat) = zeta (1 - zeta) / n
            g = math.exp(xi * log_mz) / zeta
            var += g * g * zeta * (1.0 - zeta) / fit.n
    except OverflowError:  # (m zeta)^xi beyond the float range: an unbounded interval
        return math.inf
    if math.isnan(var):
        return math.inf
    return math.sqrt(var) if var > 0 else math.nan


def _no_delta_note(fit: GPDFit) -> str:
    """Why a fit has no delta-method interval, and what gives one."""
    why = fit.message.rstrip(". ") or "the fit has no covariance matrix"
    if fit.method == "mle" and fit.xi <= -1.0:
        why += (" (the excesses are fitted as uniform up to the largest one, which is the "
                "estimate of the endpoint u + sigma: its error is one-sided and of order "
                "1/n_exceed, not normal, so there is no standard error to build "
                "x_m +/- z sd from)")
    fix = ("use method='profile' (given without a chi-square guarantee below xi = -1/2)"
           if fit.method == "mle" else
           "fit with method='mle' and use method='profile'")
    return f"no delta-method interval for this fit (low and high are nan): {why}; {fix}."


def _overflow_note(period: np.ndarray, over: np.ndarray) -> str:
    """The caveat for return levels or interval ends beyond the float range (``over``: at
    which periods)."""
    shown = ", ".join(f"{p:g}" for p in period[over][:5]) + (", ..." if over.sum() > 5 else "")
    return (f"at period(s) {shown} the return level or its interval reaches beyond the largest "
            "floating-point number (about 1.8e308): what lies beyond is reported as inf "
            "(-inf below -1.8e308). Rescale the rewards (divide them by a power of ten and "
            "refit: return levels scale with the data) to read it.")


# --- the public function -------------------------------------------------------------------


def _observations(fit: GPDFit, period: Any, per: float
                  ) -> tuple[np.ndarray, bool, bool | list[bool]]:
    """``(m, scalar, as_probability)``: observations per exceedance for each period. With
    ``per = 1`` each number below 1 is read as a probability (a period of less than one
    observation has no return level), each of the others as a period, so that
    ``[0.001, 1000]`` gives one level twice (the list was read as probabilities only when
    every entry was below 1: 0.001 became a period of 0.001 observations and the call
    failed); ``as_probability`` is one bool when the entries agree, else one per entry."""
    period = v.check_unmasked(period, "period")
    try:
        p = v.as_numbers(period, "period")  # text ("100", read as 100 before) and booleans too
    except DataError:
        p = np.array(np.nan)
    if p.ndim > 1 or p.size == 0 or not np.isfinite(p).all() or np.any(p <= 0):
        raise DataError(f"period must be a positive number or a 1-d sequence of them; got "
                        f"{period!r} instead.")
    prob = (p < 1.0) & (per == 1)
    m = np.where(prob, 1.0 / p, p * per)
    flags = np.atleast_1d(prob)
    return m, p.ndim == 0, bool(flags[0]) if flags.all() or not flags.any() else flags.tolist()


def _profile_bounds(fit: GPDFit, log_mz: np.ndarray, level: float, rate_estimated: bool,
                    per: float = 1.0) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """Profile-likelihood bounds at each ``log(m zeta)``, computed on excesses divided by a
    power of two near the fitted scale (so that the scales the profile visits stay in range
    whatever the spread of the excesses) and reported in the user's units; the notes, and
    which bounds are beyond the float range in those units (finite in the scaled ones)."""
    scale = pow2_scale(fit.sigma)
    z = fit.excesses / scale
    low, high, opened = np.empty(log_mz.shape), np.empty(log_mz.shape), False
    floor: list[float] = []  # the periods (of ``per`` observations) whose lower end is u
    over = np.zeros(log_mz.shape, dtype=bool)
    for j, lm in enumerate(log_mz):
        binom = ((fit.n_exceed, fit.n) if rate_estimated and math.exp(lm) < SHORT_PERIOD
                 and fit.n_exceed < fit.n else None)
        lo, hi = profile_interval(z, fit.xi, fit.sigma / scale, float(lm), level, binom)
        if binom is not None and lo == 0.0:
            floor.append(math.exp(lm) / fit.zeta / per)
        opened |= math.isinf(hi)
        with np.errstate(over="ignore"):  # a level beyond the float range is inf
            low[j], high[j] = fit.threshold + lo * scale, fit.threshold + hi * scale
        over[j] = math.isinf(high[j]) and math.isfinite(hi)
    notes = ["the profile likelihood stays above the cut-off for arbitrarily high levels: the "
             "upper bound is infinite."] if opened else []
    if floor:
        notes.append(f"at period(s) {', '.join(f'{p:g}' for p in floor[:5])} the interval's "
                     "lower end is the threshold: the exceedance rate's own uncertainty "
                     "reaches one exceedance per period, so the level may lie at the "
                     "threshold (a short period, or few exceedances).")
    lost = np.isnan(low) | np.isnan(high)
    if lost.any():  # (a review: the upper end at a period of 1e250 was NaN without a word)
        notes.append(f"the profile-likelihood interval has an end that was not found at "
                     f"{int(lost.sum())} of the {lost.size} levels (NaN there): its root search "
                     "lost its bracket, as it can far past the data or when the fit did not "
                     "converge; method='delta' gives an interval there.")
    return low, high, notes, over


@single_blas_thread
def return_level(fit: GPDFit, period: Any, *, per: float = 1, rate: float | None = None,
                 ci: float | None = 0.95, method: str = "profile") -> ReturnLevel:
    """The level exceeded on average once every ``period`` blocks of ``per`` observations.

    See :meth:`tailstat.gpd.GPDFit.return_level` (the public entry point) for the parameters.
    """
    m, scalar, as_probability = _observations(fit, period, per)
    zeta = fit.zeta if rate is None else float(rate)
    log_mz = np.log(m * zeta)
    if np.any(log_mz <= 0):
        lowest = 1.0 / zeta
        raise DataError(
            f"a return level needs m zeta_u > 1, i.e. more than 1/zeta_u = {lowest:.4g} "
            f"observations per exceedance (per-observation probabilities in (0, k/n) = "
            f"(0, {zeta:.4g})): shorter periods fall below the threshold, where the fitted tail "
            "says nothing.")
    if ci is not None and method == "profile" and fit.method != "mle":
        raise DataError("profile-likelihood intervals need an MLE fit (method='mle'); use "
                        "method='delta' for this PWM fit, or ci=None.")
    lms = np.atleast_1d(log_mz)
    with np.errstate(over="ignore"):  # a level beyond the float range is inf (noted below)
        est = fit.threshold + fit.sigma * np.array([float(growth(fit.xi, lm)) for lm in lms])
    over = ~np.isfinite(est)  # beyond the float range, in the estimate or an interval end
    if ci is None:
        low = high = np.full(est.shape, np.nan)
        notes: list[str] = []
    elif method == "profile":
        low, high, notes, ends_over = _profile_bounds(fit, lms, float(ci), rate is None, per)
        over |= ends_over
    else:
        # in units of sigma, then in the user's: an end within the float range stays finite
        # beside an estimate beyond it (est - z sd was inf - inf = nan there)
        sd = np.array([_delta_sd(fit, float(lm), zeta, rate is None) for lm in lms])
        zq = v.z_value(ci)
        with np.errstate(over="ignore", invalid="ignore"):
            c = np.array([float(growth(fit.xi, lm)) for lm in lms])
            low = fit.threshold + fit.sigma * (c - zq * sd)
            high = fit.threshold + fit.sigma * (c + zq * sd)
            # within the float range, the ends in the user's units as before (est -/+ z sd):
            # the same bits as before the sigma units (they differed by an ulp)
            sd_user = fit.sigma * sd
            plain = np.isfinite(est) & np.isfinite(sd_user)
            low = np.where(plain, est - zq * sd_user, low)
            high = np.where(plain, est + zq * sd_user, high)
            # an infinite sd: the interval is unbounded both ways (est - z sd was inf - inf,
            # a NaN lower end; a review)
            low = np.where(np.isinf(sd), -np.inf, low)
            high = np.where(np.isinf(sd), np.inf, high)
        notes = [] if not np.isnan(sd).any() else [_no_delta_note(fit)]
        over |= (np.isinf(low) | np.isinf(high)) & np.isfinite(sd)
    if over.any():
        notes.append(_overflow_note(np.atleast_1d(m) / per, over))
        warnings.warn(notes[-1], TailstatWarning, stacklevel=user_level())
    how = "none" if ci is None else ("profile likelihood" if method == "profile"
                                     else "delta method")
    settings = {"convention": COLES_2001, "per": float(per), "rate": zeta,
                "rate_estimated": rate is None, "interval": how, "level": ci,
                "rate_profiled_below": (SHORT_PERIOD if rate is None and how ==
                                        "profile likelihood" else None),
                "period_read_as_probability": as_probability}

    def out(a: np.ndarray) -> float | np.ndarray:
        return float(a[0]) if scalar else a

    return ReturnLevel(
        period=out(np.atleast_1d(m) / per), estimate=out(est),
        low=out(low), high=out(high), level=None if ci is None else float(ci), method=how,
        per=float(per), observations=out(np.atleast_1d(m)), rate=zeta,
        threshold=fit.threshold, xi=fit.xi, sigma=fit.sigma, name=fit.name,
        settings=settings, warnings=tuple(notes))
