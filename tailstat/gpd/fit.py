"""Peaks-over-threshold fits of the generalised Pareto distribution: :func:`fit_gpd`.

The excesses ``y = x - u`` of the values above a threshold ``u`` (strictly) are modelled as
GPD(``xi``, ``sigma``), ``P(Y > y) = (1 + xi y / sigma)^(-1/xi)`` (``exp(-y/sigma)`` at
``xi = 0``).

* ``method="mle"`` (default): maximum likelihood, one-dimensional over the profile in ``xi``
  (:mod:`tailstat.gpd._likelihood`), started from PWM, constrained to ``xi >= -1``; standard
  errors from the observed information where the MLE is regular (``xi > -1/2``, Smith 1985);
  profile-likelihood intervals for ``xi`` and ``sigma``; a likelihood-ratio test of ``xi = 0``.
* ``method="pwm"``: probability-weighted moments (Hosking & Wallis 1987), plotting position
  ``(i - 0.35)/k``; Wald intervals from their asymptotic variances where ``xi_hat < 1/2``. A
  true ``xi >= 1/2`` still gets one in 61-67% of fits at 1/2 (covering 91-94%; at ``xi = 1``
  0-2% of fits, covering 0-33%; ``benchmarks/gpd_coverage.py``): for heavy tails read the MLE.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Hashable
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Literal, TypeAlias, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from tailstat import _validation as v
from tailstat._blas import single_blas_thread
from tailstat._warn import user_level
from tailstat.data import Sample
from tailstat.data.intake import missing_note
from tailstat.errors import (
    ConvergenceWarning,
    DataError,
    InputWarning,
    TailstatWarning,
    TiesWarning,
)
from tailstat.gpd import _likelihood as lik
from tailstat.gpd._common import TopValues, excesses_over, peaks_input, shaped
from tailstat.gpd._estimate import SPIKE_NOTE, LRTest, _fit_scaled
from tailstat.gpd._level_note import _percent_reading, quantile_level_note
from tailstat.gpd._mle import MLESolution
from tailstat.gpd._profile import profile_curve
from tailstat.gpd._summary import Summary, fit_summary
from tailstat.gpd._ties import tied_excesses
from tailstat.gpd.gof import GPDGoF, gof_test
from tailstat.gpd.return_level import ReturnLevel
from tailstat.gpd.return_level import return_level as _return_level
from tailstat.gpd.select import ThresholdChoice
from tailstat.gpd.threshold import MIN_EXCEEDANCES, THRESHOLD, _resolve
from tailstat.results import Interval, Result

__all__ = ["GPDFit", "LRTest", "Summary", "fit_gpd"]

#: The scalars that give a scalar (a numpy float); any other array-like gives an array (a
#: 0-d ``ndarray`` a 0-d array: a type checker cannot tell it from other arrays).
_Scalar: TypeAlias = float | np.floating[Any] | np.integer[Any]


@dataclass(frozen=True, eq=False, repr=False)
class GPDFit(Result):
    """A GPD fit to the excesses over a threshold.

    Attributes
    ----------
    xi : float
        Shape (extreme-value index). ``xi > 0`` power-law tail, ``0`` exponential, ``< 0``
        bounded.
    sigma : float
        Scale, in the units of the data.
    ci : Interval or None
        Interval for ``xi`` (profile likelihood for MLE, Wald for PWM); ``None`` with
        ``ci=None``.
    sigma_ci : Interval or None
        Interval for ``sigma``: profile likelihood for MLE (``sigma`` whose profile over
        ``xi >= -1`` is within ``chi2_1(level) / 2`` of the maximum; its lower end 0 where
        ``xi`` is unbounded, as a note says), delta method on ``log sigma`` for PWM.
    threshold : float
        The threshold ``u``; exceedances are ``x > u``.
    n_exceed : int
        Number of exceedances ``k``.
    n : int
        Size of the whole sample.
    loglik : float
        Log-likelihood of the excesses at the estimates.
    method : str
        ``"mle"`` or ``"pwm"``.
    converged : bool
        Whether the optimiser converged.
    message : str
        Why not, or why the fit is non-regular (empty when all is well).
    se_xi, se_sigma : float
        Standard errors (observed information for MLE; ``nan`` where not valid).
    cov : numpy.ndarray or None
        Covariance matrix of ``(xi, sigma)`` (2 x 2).
    lr_test_xi0 : LRTest or None
        Likelihood-ratio test of ``xi = 0`` (MLE only).
    gof_test : GPDGoF or None
        Anderson–Darling / Cramér–von Mises tests, when requested (``gof=True``).
    threshold_method : str
        How the threshold was chosen.
    threshold_choice : ThresholdChoice or None
        The automatic choice, for ``threshold="auto"``.
    tie_fraction : float
        Fraction of excesses equal to their neighbour.
    name : str
        The sample's label.
    settings : dict
        Every choice made.
    warnings : tuple of str
        Caveats (also shown by :meth:`summary`).
    """

    xi: float
    sigma: float
    ci: Interval | None
    sigma_ci: Interval | None
    threshold: float
    n_exceed: int
    n: int
    loglik: float
    method: str
    converged: bool
    message: str
    se_xi: float
    se_sigma: float
    cov: np.ndarray | None
    lr_test_xi0: LRTest | None
    gof_test: GPDGoF | None
    threshold_method: str
    threshold_choice: ThresholdChoice | None
    tie_fraction: float
    name: str = "x"
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    _excesses: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False)

    _repr_fields = ("xi", "ci", "sigma", "threshold", "n_exceed", "method")

    # --- accessors -----------------------------------------------------------------------

    @property
    def excesses(self) -> np.ndarray:
        """The excesses ``x - u`` over the threshold, ascending (read-only)."""
        return self._excesses

    @property
    def zeta(self) -> float:
        """Fraction of the sample above the threshold, ``k / n``."""
        return self.n_exceed / self.n

    def conf_int(self) -> pd.DataFrame:
        """Intervals as a DataFrame (rows ``xi``, ``sigma``; columns ``low``, ``high``...)."""
        rows = []
        for p, iv in (("xi", self.ci), ("sigma", self.sigma_ci)):
            if iv is None:
                rows.append({"param": p, "low": np.nan, "high": np.nan, "level": np.nan,
                             "method": ""})
            else:
                rows.append({"param": p, "low": iv.low, "high": iv.high, "level": iv.level,
                             "method": iv.method})
        return pd.DataFrame(rows).set_index("param")

    def to_frame(self) -> pd.DataFrame:
        """One row: estimates, errors, intervals, threshold, counts, tests (with the
        goodness-of-fit test's ``gof_method``; None where no test was made)."""
        row = self._scalar_items()
        # the same columns whatever was computed (NaN for a test not made): fits stack
        for key in ("lr_test_xi0", "gof_test", "threshold_choice"):
            row.pop(key, None)  # None here; the tests' numbers follow
        lr, gof = self.lr_test_xi0, self.gof_test
        row["lr_statistic"] = lr.statistic if lr is not None else math.nan
        row["lr_p_value"] = lr.p_value if lr is not None else math.nan
        for col in ("ad_statistic", "ad_p_value", "cvm_statistic", "cvm_p_value"):
            row[col] = getattr(gof, col) if gof is not None else math.nan
        # how the p-values were made (asymptotic table or parametric bootstrap)
        row["gof_method"] = gof.method if gof is not None else None
        return pd.DataFrame([row])

    # --- the fitted tail -----------------------------------------------------------------

    @overload
    def isf(self, p: _Scalar) -> float: ...
    @overload
    def isf(self, p: ArrayLike) -> np.ndarray: ...
    def isf(self, p: ArrayLike) -> float | np.ndarray:
        """The reward level exceeded with unconditional probability ``p`` (inverse of :meth:`sf`).

        ``u + sigma/xi [(p / zeta)^-xi - 1]``, the return level of ``1/p`` observations; ``nan``
        for ``p > zeta`` (below the threshold, as :meth:`sf`). :meth:`excess_isf`: given one.

        Parameters
        ----------
        p : float or array-like
            Probabilities in (0, 1].

        Returns
        -------
        float or numpy.ndarray
            A number for a number, an array for an array (a 0-d one too).

        Raises
        ------
        DataError
            A probability outside (0, 1] (NaN included), or text such as ``"0.01"``.
        """
        q = _probabilities(p)
        given = q / self.zeta
        out = self.threshold + lik.gpd_isf(np.minimum(given, 1.0), self.xi, self.sigma)
        return shaped(np.where(given <= 1.0, out, np.nan), p)

    @overload
    def excess_isf(self, p: _Scalar) -> float: ...
    @overload
    def excess_isf(self, p: ArrayLike) -> np.ndarray: ...
    def excess_isf(self, p: ArrayLike) -> float | np.ndarray:
        """The excess over the threshold exceeded with probability ``p`` *given* an
        exceedance: the fitted GPD's own quantile (:meth:`isf` is the unconditional level).
        Takes, returns and refuses what :meth:`isf` does.

        Parameters
        ----------
        p : float or array-like
            Conditional probabilities in (0, 1].
        """
        return shaped(lik.gpd_isf(_probabilities(p), self.xi, self.sigma), p)

    @overload
    def sf(self, x: _Scalar) -> float: ...
    @overload
    def sf(self, x: ArrayLike) -> np.ndarray: ...
    def sf(self, x: ArrayLike) -> float | np.ndarray:
        """Unconditional tail probability ``P(X > x) ~ (k/n) (1 + xi (x-u)/sigma)^(-1/xi)``.

        Valid for ``x >= u``; ``nan`` below the threshold. A number for a number, an array
        for an array (a 0-d one too); text such as ``"3.0"`` is a :class:`DataError`.

        Parameters
        ----------
        x : float or array-like
            Reward levels.
        """
        y = v.as_numbers(x, "x") - self.threshold
        with np.errstate(invalid="ignore", over="ignore"):
            out = self.zeta * np.exp(lik.gpd_logsf(np.maximum(y, 0.0), self.xi, self.sigma))
        far = np.isnan(out) & (y > 0)
        if self.xi > 0 and far.any():
            # xi (x - u) / sigma past the float range (x = inf, or near 1e308): log(1 + a) is
            # log(xi y / sigma) there, from logs (a review: NaN, and sf(isf(p)) failed)
            with np.errstate(divide="ignore"):
                ly = np.log(np.broadcast_to(y, out.shape)[far]) - math.log(self.sigma)
            out = np.array(out, dtype=float)
            out[far] = self.zeta * np.exp(-(ly + math.log(self.xi)) / self.xi)
        return shaped(np.where(y >= 0, out, np.nan), x)  # in the form of x, as isf

    @v.validate_params({
        "per": [v.Interval(Real, 0, None, closed="neither", text="a positive number")],
        "rate": [v.Interval(Real, 0, 1, closed="right", text="a probability in (0, 1]"), None],
        "ci": v.CI_OR_NONE, "method": [v.StrOptions({"profile", "delta"})]})
    def return_level(self, period: ArrayLike, *, per: float = 1,
                     rate: float | None = None, ci: float | None = 0.95,
                     method: Literal["profile", "delta"] = "profile") -> ReturnLevel:
        """The level exceeded on average once every ``period`` blocks of ``per`` observations.

        ``x_m = u + sigma/xi [(m zeta_u)^xi - 1]`` (``u + sigma log(m zeta_u)`` at ``xi = 0``)
        with ``m = period * per`` observations and ``zeta_u`` the exceedance rate of the
        threshold (Coles 2001, §4.3.3): ``P(X > x_m) = 1/m``. See
        :mod:`tailstat.gpd.return_level`.

        Parameters
        ----------
        period : float or sequence of float
            Return period(s), in blocks of ``per`` observations; ``m zeta_u`` must exceed 1.
            With ``per=1``, each number below 1 is read as the exceedance probability per
            observation, ``p = 1/period`` (the form of earlier versions), in a list too.
        per : float
            Observations per block: 1 (default) counts periods in observations; e.g. 1000 with
            evaluation runs of 1000 scores gives the level exceeded once every ``period`` runs.
        rate : float, optional
            ``zeta_u = P(X > u)`` per observation. Default: ``n_exceed / n`` of the fit (for a
            fit of exceedances only, give the known rate).
        ci : float or None
            Level of the interval, in [0.5, 1) (0.95, not 0.05); ``None`` skips it.
        method : {"profile", "delta"}
            Profile likelihood over ``xi`` with ``sigma`` written in terms of the return level
            (default; MLE fits; below ``m zeta_u = 20`` over an estimated ``zeta_u`` too,
            with a step at 20: :mod:`tailstat.gpd.return_level`), or the delta method
            (symmetric Wald interval, including the binomial variance of an estimated
            ``zeta_u``).

        Returns
        -------
        ReturnLevel
            Scalars for one period, arrays for several; ``np.asarray(result)`` is the level.

        Raises
        ------
        DataError
            Periods at or below ``1/zeta_u`` observations (the level would be below the
            threshold); periods that are not positive finite numbers (text such as ``"100"``
            included); ``method="profile"`` with an interval on a PWM fit; ``per``, ``rate``
            or ``ci`` out of range.

        Warns
        -----
        TailstatWarning
            A return level or interval end beyond the float range (about 1.8e308): it is
            ``inf`` (``-inf`` below), as the note in ``warnings`` says; rescale the rewards
            to read it. A fit with no delta-method interval (``xi <= -1/2`` for the MLE, at
            the constraint ``xi = -1`` included; ``xi >= 1/2`` for PWM) gives ``nan`` ends
            with a note saying why, not a warning.
        """
        return _return_level(self, period, per=per, rate=rate, ci=ci, method=method)

    def profile(self, xi: ArrayLike | None = None) -> pd.DataFrame:
        """Profile log-likelihood of ``xi`` (MLE fits): columns ``xi``, ``loglik``, ``deviance``.

        Without ``xi`` a default grid around the estimate is used; with ``xi`` the profile is
        computed at each given value (exact: ``max over sigma`` of the log-likelihood). ``xi``
        below -1 (where the likelihood is unbounded) gives NaN. ``deviance`` is
        ``2 (l_max - l_p(xi))`` (compare with ``chi2_1`` quantiles): it is 0 at the estimate,
        the ``lr_test_xi0`` statistic at 0, and the ``chi2_1`` quantile of ``level`` at the
        ends of the profile interval.

        Parameters
        ----------
        xi : float or array-like, optional
            Shape values to profile at (any shape, in order); a grid around the estimate else.

        Raises
        ------
        DataError
            On a PWM fit (``method="pwm"``): it has no likelihood maximum to profile; refit
            with ``method="mle"``. Also for ``xi`` that is not numbers (text, say).
        """
        at = None if xi is None else v.as_numbers(xi, "xi").ravel()  # (2-D failed in pandas)
        xs, ll = profile_curve(self._excesses, self._solution(), at)
        return pd.DataFrame({"xi": xs, "loglik": ll, "deviance": 2.0 * (self.loglik - ll)})

    def gof(self, method: Literal["auto", "asymptotic", "bootstrap"] = "auto", *,
            n_boot: int | None = None, seed: int | np.random.Generator | None = 0
            ) -> GPDGoF:
        """Anderson–Darling and Cramér–von Mises tests of this maximum-likelihood fit.

        Parameters
        ----------
        method : {"auto", "asymptotic", "bootstrap"}
            p-values from the asymptotic null distribution of Choulakian & Stephens (2001) at
            the fitted ``xi`` (valid for ``-1/2 <= xi <= 30``), or from a parametric
            bootstrap; ``"auto"``: the asymptotic one where it is valid, else the bootstrap
            (``AUTO_N_BOOT`` replicates); at ``xi = -1``, below the largest excess.
        n_boot : int, optional
            Bootstrap replicates (:mod:`tailstat.gpd.gof`; default 499, or
            ``AUTO_N_BOOT`` where ``"auto"`` takes the bootstrap).
        seed : int, Generator or None, default 0
            Randomness of the bootstrap: the same call gives the same p-values, as
            :func:`fit_gpd` does; ``None`` draws a seed, recorded in ``settings``.

        Returns
        -------
        GPDGoF

        Raises
        ------
        DataError
            On a PWM fit (``method="pwm"``): the p-values assume maximum-likelihood estimates.
        """
        if self.method != "mle":
            raise DataError("goodness-of-fit p-values assume maximum-likelihood estimates; refit "
                            "with method='mle'.")
        return gof_test(self._excesses, self.xi, self.sigma, method=method, n_boot=n_boot,
                        seed=seed)

    def _solution(self) -> MLESolution:
        if self.method != "mle":
            raise DataError(f"the profile likelihood needs an MLE fit; this is a "
                            f"{self.method.upper()} fit: refit with fit_gpd(..., method='mle').")
        y = self._excesses
        scale = float(y[-1])
        boundary = self.xi <= -1.0
        eta = -math.inf if boundary else math.log1p(self.xi / self.sigma * scale)
        return MLESolution(self.xi, self.sigma, self.loglik, eta, self.converged, boundary,
                             self.message, 0, scale)

    # --- reporting -----------------------------------------------------------------------

    def summary(self) -> Summary:
        """A text table of estimates, errors, intervals, tests and caveats."""
        return fit_summary(self)


# --- the public function ---------------------------------------------------------------------


@single_blas_thread
@v.validate_params({
    "threshold": THRESHOLD, "method": [v.StrOptions({"mle", "pwm"})], "ci": v.CI_OR_NONE,
    "gof": [v.InstanceOf(bool, text="True or False"),
            v.StrOptions({"auto", "asymptotic", "bootstrap"})], "column": v.COLUMN,
    "name": [v.InstanceOf(str), None], "warn": [v.InstanceOf(bool, text="True or False")],
    "seed": v.SEED})
def fit_gpd(
    x: Any,
    threshold: float | str | ThresholdChoice = "auto",
    *,
    method: Literal["mle", "pwm"] = "mle",
    ci: float | None = 0.95,
    gof: bool | Literal["auto", "asymptotic", "bootstrap"] = False,
    column: Hashable | None = None,
    name: str | None = None,
    warn: bool = True,
    seed: int | None = 0,
) -> GPDFit:
    """Fit a generalised Pareto distribution to the excesses over a threshold.

    Parameters
    ----------
    x : anything :func:`tailstat.data.check_sample` accepts, or a :class:`tailstat.TailSketch`
        The whole sample (not only the exceedances). A sketch gives the fit of the whole
        sample exactly when it holds every value above the threshold; a percentage or
        ``"auto"`` also needs the order statistics at their depth (``"auto"``'s candidates
        start at the median, or at the lowest quantile a sketch holds: the rule in
        ``settings`` says which). The error says what the sketch holds.
    threshold : float, str or ThresholdChoice
        A number (absolute threshold, in the units of the data; exceedances are ``x > u``:
        ``0.95`` is the value 0.95, not the 95th percentile), a percentage such as ``"95%"``
        (that empirical quantile), ``"auto"`` (Bader, Yan & Zhang 2018 sequential
        Anderson–Darling tests with ForwardStop, see :func:`select_threshold`; the rule is
        named in ``settings``), or the result of :func:`select_threshold`.
    method : {"mle", "pwm"}
        Maximum likelihood (default) or Hosking & Wallis (1987) probability-weighted moments.
    ci : float or None
        Level of the intervals, in [0.5, 1) (0.95 for 95%, not the error rate 0.05);
        ``None`` skips them. Conditional on the threshold (t(3), n = 2·10^4, seeds 0-19:
        the 95% interval of ξ covered 1/3 in 30% of samples at ``"auto"``, 90% at "99%").
    gof : bool or {"auto", "asymptotic", "bootstrap"}
        Also run the Anderson–Darling and Cramér–von Mises tests (``True``: ``"auto"``,
        asymptotic p-values where their null holds, ``-1/2 <= xi <= 30`` (and at ``-1``),
        a parametric bootstrap's elsewhere; a method name: as :meth:`GPDFit.gof` takes it).
    column : str or int, optional
        Column of a table input.
    name : str, optional
        Label for reports.
    warn : bool
        Issue the caveats below as warnings (default). They are always recorded in the
        result's ``warnings``; ``warn=False`` lets a caller (e.g. the report) collect them
        from there without touching the process-wide warning filters.
    seed : int or None
        Of the parametric bootstrap of ``gof`` when it draws one (default 0, so the same call
        gives the same p-values; ``None``: a fresh seed where the test takes the bootstrap,
        with ``gof="bootstrap"`` or where ``gof=True`` falls back to it, recorded in the
        test's settings).
        Nothing else is random.

    Returns
    -------
    GPDFit

    Raises
    ------
    DataError
        Invalid input or argument, a threshold at or above the sample maximum, fewer than 10
        exceedances, excesses that are all equal (or that overflow), ``gof=True`` with
        ``method="pwm"``, a :class:`ThresholdChoice` made on another sample, or a sketch that
        does not hold every value above the threshold.

    Warns
    -----
    ConvergenceWarning
        If the optimiser did not converge (the estimate is returned with ``converged=False``).
    TiesWarning
        If tied excesses (a point mass, or a resolution coarse against the scale) make the
        continuous model doubtful.
    InputWarning
        If missing rewards were dropped.
    TailstatWarning
        If a numeric threshold in (0, 1) reads like a quantile level: more than half of the
        sample lies above it while its own quantile at that level exceeds 1 (e.g.
        ``fit_gpd(x, 0.95)`` on rewards above 1), and the sample is not a set of
        exceedances of it (``x[x > u]``: none below it, the lowest close above it); or if
        any numeric threshold lies below every value of a sample that is not its exceedances
        (a fit of the whole sample). The value is used as given; for the 95th percentile
        pass ``"95%"``. Also :func:`select_threshold`'s caveats for ``"auto"``.

    Notes
    -----
    The MLE is computed in units of the largest excess and maximised over ``xi`` alone (the
    scale solved analytically for each ``xi``), so it needs no starting scale and does not stop
    early on unscaled data. For ``-1 < xi < -1/2`` the MLE exists but is not regular: the
    standard errors are reported as ``nan`` and ``message`` says so; the profile interval is
    still given but its chi-square calibration is not guaranteed. For ``xi < -1`` the
    likelihood is unbounded, so ``xi`` is constrained to ``>= -1``; at ``xi = -1`` the fit is
    uniform on ``(0, max excess]``.

    The intervals are asymptotic, and few exceedances leave the profile interval short of
    its level: of GPD(0, 1) excesses, 95% intervals covered 79% at k = 10 (a third of those
    fits sit at the constraint ``xi = -1``: ten exponential excesses are often likelier
    uniform), 89% at k = 20 and 95% at k = 100; at ``xi = -1/2`` (the edge of regularity) 81%,
    83% and 91% (0.912 ± 0.003 over 8,000 fits at k = 100); at ``xi = 0.5`` and ``1.2``,
    85-88% at k = 10 and 92-93% at k = 20. The PWM
    Wald interval errs the other way at k = 10 where it exists (95% ones covered 100% of the
    fits with an interval, for ``xi`` from -1/2 to 1/4; ``benchmarks/level_coverage.py``),
    but a PWM estimate of ``xi >= 1/2`` has no interval (NaN): 1.5% of fits at ``xi = 0``
    and 11% at ``xi = 1/4``, so counting those as misses it covers 98.5% and 89%.
    """
    if gof and method != "mle":
        raise DataError("gof=True needs method='mle' (the goodness-of-fit p-values assume the "
                        "maximum-likelihood estimates).")
    sample = peaks_input(x, column, name=name)
    values = sample if isinstance(sample, TopValues) else sample.values
    u, how, choice = _resolve(values, threshold, name=sample.name, warn=warn)
    try:
        y = excesses_over(sample, u)
    except DataError as exc:
        largest = values.maximum if isinstance(values, TopValues) else float(np.max(values))
        if (hint := _percent_reading(threshold, u, largest)) is None:
            raise
        raise DataError(f"{exc} {hint}") from None
    fit_kw = _fit_scaled(y, ci, method)
    missing = missing_note(x, sample)  # of a sketch too: what it dropped
    res = _wrap(sample, y, u, fit_kw, how=how, choice=choice, warn=warn, missing=missing,
                settings=_settings(threshold, how, choice, method, ci, gof))
    if (note := quantile_level_note(values, threshold, u, sample.name)) is not None:
        if warn:
            warnings.warn(note, TailstatWarning, stacklevel=user_level())
        res = _replace(res, warnings=(note, *res.warnings))
    if gof:
        g = res.gof("auto" if gof is True else gof, seed=seed)
        res = _replace(res, gof_test=g, warnings=res.warnings + g.warnings)
    return res


def _settings(threshold: Any, how: str, choice: ThresholdChoice | None, method: str,
              ci: float | None, gof: bool | str) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "threshold": threshold if not isinstance(threshold, ThresholdChoice) else "choice",
        "threshold_method": how, "method": method, "ci": ci,
        "gof": ("auto" if gof is True else gof) if gof else False,
        "exceedances": "x > u (strict)", "min_exceedances": MIN_EXCEEDANCES,
    }
    if choice is not None:
        settings["threshold_rule"] = choice.rule
        settings["threshold_citation"] = choice.citation
    if method == "mle":
        settings.update(optimizer="profile likelihood over xi in eta = log(1 + xi/sigma * y_max)"
                        ", Newton's method from the PWM start (bracketing and Brent's method where "
                        "it does not settle); excesses scaled by their maximum",
                        interval="profile likelihood" if ci is not None else None)
    else:
        settings.update(plotting_position="(i - 0.35)/k (Hosking & Wallis 1987)",
                        interval="Wald, Hosking & Wallis (1987) asymptotic variance"
                        if ci is not None else None)
    return settings


def _wrap(sample: Sample | TopValues, y: np.ndarray, u: float, fit_kw: dict[str, Any], *, how: str,
          choice: ThresholdChoice | None, settings: dict[str, Any], warn: bool,
          missing: str | None = None) -> GPDFit:
    """The :class:`GPDFit`, with the missing-value, tie and convergence caveats (warned at
    the caller)."""
    notes: list[str] = [missing] if missing is not None else []
    if missing is not None and warn:
        warnings.warn(f"{sample.name!r}: {missing}.", InputWarning, stacklevel=user_level())
    notes.extend(choice.warnings if choice is not None else ())
    fit_notes = fit_kw.pop("notes")
    for msg in fit_notes if warn else ():  # an excess at the threshold up to rounding: a tie
        if msg.startswith(SPIKE_NOTE):
            warnings.warn(f"GPD fit of {sample.name!r} at u = {u:.6g}: {msg}", TiesWarning,
                          stacklevel=user_level())
    notes.extend(fit_notes)
    tie_frac, tie_notes = tied_excesses(y, fit_kw["sigma"], sample.name)
    for msg in tie_notes if warn else ():
        warnings.warn(msg, TiesWarning, stacklevel=user_level())
    notes.extend(tie_notes)
    if warn and not fit_kw["converged"]:
        warnings.warn(f"GPD fit of {sample.name!r} at u = {u:.6g} did not converge: "
                      f"{fit_kw['message']}", ConvergenceWarning, stacklevel=user_level())
    return GPDFit(threshold=float(u), n_exceed=int(y.shape[0]), n=sample.n, threshold_method=how,
                  threshold_choice=choice, tie_fraction=tie_frac, name=sample.name,
                  settings=settings, warnings=tuple(notes), _excesses=y, gof_test=None,
                  **fit_kw)


def _replace(res: GPDFit, **changes: Any) -> GPDFit:
    return dataclasses.replace(res, **changes)


def _probabilities(p: Any) -> np.ndarray:
    """``p`` as a float array of probabilities in ``(0, 1]``, or a DataError."""
    p = v.as_numbers(p, "p")
    if np.any(~((p > 0) & (p <= 1))):  # NaN included
        raise DataError("p must lie in (0, 1].")
    return p
