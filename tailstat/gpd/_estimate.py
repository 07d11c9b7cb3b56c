"""The GPD estimates behind :func:`tailstat.gpd.fit_gpd`: maximum likelihood (with standard
errors from the observed information, the profile-likelihood intervals of ξ and σ and the
likelihood-ratio test of ξ = 0) and probability-weighted moments, on excesses scaled to
their maximum and returned in the user's units. :mod:`tailstat.gpd.fit` validates the input,
chooses the threshold and wraps these numbers in a :class:`~tailstat.gpd.GPDFit`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from tailstat import _validation as v
from tailstat._pow2 import pow2_scale
from tailstat.errors import DataError
from tailstat.gpd import _likelihood as lik
from tailstat.gpd._mle import MLESolution, mle
from tailstat.gpd._profile import profile_interval
from tailstat.gpd._profile_sigma import sigma_interval as _sigma_interval
from tailstat.results import Interval, Result

__all__ = ["LRTest", "spike_note", "xi_of_excesses"]


@dataclass(frozen=True, eq=False, repr=False)
class LRTest(Result):
    """Likelihood-ratio test of ``xi = 0`` (exponential tail) against ``xi != 0``.

    Attributes
    ----------
    statistic : float
        ``2 (l(xi_hat, sigma_hat) - max_sigma l(0, sigma))``.
    p_value : float
        Upper tail of chi-square with ``df`` degrees of freedom: an approximation that
        rejects a true ``xi = 0`` somewhat too often on few excesses (5.8-6.5% of
        exponential samples of k = 100-1000 excesses at 5%, ``benchmarks/gpd_coverage.py``;
        more below k = 100, where many fits sit at ``xi = -1``).
    df : int
        Degrees of freedom (1).
    null : str
        The null hypothesis.
    """

    statistic: float
    p_value: float
    df: int = 1
    null: str = "xi = 0 (exponential tail)"

    _repr_fields = ("statistic", "p_value")


#: A PWM estimate of xi at or above this is read as "xi is large", not as a value.
PWM_CEILING = 0.9


def _fit_scaled(y: np.ndarray, ci: float | None, method: str, *,
                sigma_interval: bool = True) -> dict[str, Any]:
    """The fit, made in units of (a power of two near) the largest excess -- exact, and finite
    at any magnitude -- and reported in the user's units. ``sigma_interval=False`` leaves out
    the maximum-likelihood interval of ``sigma`` (``None``; for callers that read ``xi``
    only)."""
    scale = pow2_scale(float(y[-1]))
    z = y / scale
    fit_kw = (_fit_mle(z, ci, sigma_interval=sigma_interval, unit=scale) if method == "mle"
              else _fit_pwm(z, ci, scale))
    return _in_user_units(fit_kw, scale, y.shape[0])


def _in_user_units(fit_kw: dict[str, Any], scale: float, k: int) -> dict[str, Any]:
    """A fit made on ``y / scale`` expressed for ``y`` (``xi`` is scale-free).

    ``sigma`` and its interval are multiplied by ``scale`` and the log-likelihood moves by
    ``-k log(scale)``; the fitters give the error and covariance of ``(xi, sigma / sigma_hat)``
    (``se_sigma``, ``cov``), which become those of ``(xi, sigma)`` here, so no square of a
    scale ever under- or overflows before it has to.
    """
    out = dict(fit_kw)
    sigma = fit_kw["sigma"] * scale
    out["sigma"] = sigma
    out["se_sigma"] = fit_kw["se_sigma"] * sigma
    out["loglik"] = fit_kw["loglik"] - k * math.log(scale)
    if fit_kw["cov"] is not None:
        with np.errstate(over="ignore", under="ignore"):
            out["cov"] = fit_kw["cov"] * np.array([[1.0, sigma], [sigma, sigma * sigma]])
    iv = fit_kw["sigma_ci"]
    if iv is not None:
        out["sigma_ci"] = Interval(iv.low * scale, iv.high * scale, iv.level, iv.method)
    return out


def _information(y: np.ndarray, s: MLESolution
                 ) -> tuple[float, float, np.ndarray | None, str]:
    """Standard errors of ``xi`` and of ``sigma / sigma_hat``, the covariance of those two, and
    why they are missing (empty when they are not)."""
    if s.boundary:
        return math.nan, math.nan, None, ""
    if s.xi <= -0.5:
        return math.nan, math.nan, None, (
            f"xi_hat = {s.xi:.3g} <= -0.5: the MLE is not regular (Smith 1985), so "
            "information-based standard errors are not valid (reported as nan); the profile "
            "intervals are given without a chi-square guarantee.")
    try:
        c = lik.relative_covariance(y, s.xi, s.sigma)
    except lik.InformationOverflow as exc:
        return math.nan, math.nan, None, str(exc)
    except np.linalg.LinAlgError:
        return math.nan, math.nan, None, "the observed information is singular"
    if not (c[0, 0] > 0 and c[1, 1] > 0):
        return math.nan, math.nan, None, "the observed information is not positive definite"
    return math.sqrt(c[0, 0]), math.sqrt(c[1, 1]), c, ""


#: How the note on a fit ruled by an excess near 0 begins (warned as a tie by fit_gpd).
SPIKE_NOTE = "the fit is ruled by the smallest excess"
_MULTIMODAL = "the likelihood has more than one local maximum; the global one is reported."


def spike_note(y: np.ndarray, sigma: float, unit: float = 1.0) -> str | None:
    """The note on a fit ruled by its smallest excesses, or None: the first gap of a factor
    1e6 among the ascending excesses ``y``, below which one excess or tied ones lie (a GPD
    sample puts its two smallest within a factor 1e6 of each other but once in a million),
    with ``sigma`` shrunk onto them, where the likelihood grows without bound: the
    maximum is its artefact (values equal to the threshold up to rounding). 0.1 + 0.2 twice
    against 0.3 gave xi = 31 with no word (a review); 556 scores of a 0.1 grid at 3 * 0.1
    against u = 0.3, a third of the excesses, were missed when a tenth was searched (review
    419), and 1,100 of 2,000 when half was (review 421): beyond the lower half, the values
    below the gap must lie within a factor 1e3 of each other (tied up to rounding).
    ``unit``: the user's units per unit of ``y`` and ``sigma``, for the text."""
    k = y.shape[0]
    jumps = np.flatnonzero(y[:-1] < 1e-6 * y[1:])  # (vectorised: k can be 10^6)
    if not jumps.size:
        return None
    gap = int(jumps[0]) + 1
    nearest = float(y[gap])
    if not sigma < 1e-3 * nearest:
        return None
    if gap > max(5, k // 2) and float(y[gap - 1]) > 1e3 * float(y[0]):
        # past the lower half, only values tied up to rounding (a review: 1,100 of 2,000 went
        # unsaid at half), not a heavy tail's wide spacings below its largest few
        return None
    which = (f"{float(y[0]) * unit:.3g}" if gap == 1 else
             f"{gap} of them, up to {float(y[gap - 1]) * unit:.3g}")
    return (f"{SPIKE_NOTE} ({which}, against {nearest * unit:.3g} for the next): sigma = "
            f"{sigma * unit:.3g} shrank onto it, where the likelihood grows without bound. A "
            "value that equals the threshold up to rounding (0.1 + 0.2 against 0.3) is no "
            "exceedance: round the scores, or move the threshold.")


def _fit_mle(y: np.ndarray, ci: float | None, *, sigma_interval: bool = True,
             unit: float = 1.0) -> dict[str, Any]:
    """The maximum-likelihood fit of ascending excesses ``y`` (in units near their maximum):
    the estimates, standard errors, the LR test of ``xi = 0`` and, at level ``ci``, the
    profile-likelihood intervals of ``xi`` and (with ``sigma_interval``) ``sigma``. The
    notes give excesses and ``sigma`` in the user's units, ``unit`` times those of ``y``."""
    k = y.shape[0]
    notes: list[str] = []
    sol = mle(y, y_is_sorted=True)
    if sol.multimodal:
        notes.append(_MULTIMODAL)
    message = sol.message
    se_xi, se_sigma, cov, info_msg = _information(y, sol)
    xi_ci = sigma_ci = None
    if ci is not None:
        iv = profile_interval(y, sol, ci, se_xi)
        if math.isfinite(iv.better_eta):
            # the profile found a higher likelihood than the local maximum: refit from there
            t = lik.profile_terms(iv.better_eta, y / sol.scale)
            sol2 = mle(y, start=(float(t["xi"][0]), float(t["sigma"][0]) * sol.scale),
                         y_is_sorted=True)
            if sol2.loglik > sol.loglik:
                if _MULTIMODAL not in notes:
                    notes.append(_MULTIMODAL)
                sol = sol2
                se_xi, se_sigma, cov, info_msg = _information(y, sol)
                iv = profile_interval(y, sol, ci, se_xi)
        xi_ci = Interval(iv.low, iv.high, float(ci), "profile likelihood")
        if iv.open_low and not sol.boundary:
            notes.append("the profile likelihood stays above the cut-off down to the constraint "
                         "xi = -1: the lower bound is the constraint.")
        if iv.open_high:
            notes.append("the profile likelihood stays above the cut-off up to the search limit: "
                         "the upper bound is infinite.")
        if sigma_interval:
            siv = _sigma_interval(y, sol, iv)
            sigma_ci = Interval(siv.low, siv.high, float(ci), "profile likelihood")
            if siv.open_low:
                notes.append("the profile likelihood of sigma stays above the cut-off down to "
                             "the search limit (sigma some 1e-300 times the largest excess): "
                             "the lower bound of sigma is 0.")
    if (spike := spike_note(y, sol.sigma, unit)) is not None:
        notes.append(spike)
    if sol.boundary:
        message = sol.message + ("; standard errors are not defined there" if message else "")
    if info_msg:
        message = (message + "; " if message else "") + info_msg
    # LR test of xi = 0: the exponential MLE has sigma = mean(y), l = -k log(mean y) - k
    ll0 = -k * math.log(float(y.mean())) - k
    stat = max(2.0 * (sol.loglik - ll0), 0.0)
    lr = LRTest(stat, math.erfc(math.sqrt(0.5 * stat)))  # chi2_1's survival function
    return {"xi": sol.xi, "sigma": sol.sigma, "ci": xi_ci, "sigma_ci": sigma_ci,
            "loglik": sol.loglik, "method": "mle", "converged": sol.converged,
            "message": message, "se_xi": se_xi, "se_sigma": se_sigma, "cov": cov,
            "lr_test_xi0": lr, "notes": notes}


def _fit_pwm(y: np.ndarray, ci: float | None, scale: float = 1.0) -> dict[str, Any]:
    k = y.shape[0]
    xi, sigma = lik.pwm(y)
    notes: list[str] = []
    ll = float(lik.gpd_loglik(y, xi, sigma))
    if not math.isfinite(ll):
        notes.append(f"the PWM estimates put the upper endpoint ({sigma / -xi * scale:.4g}) "
                     "below the largest excess: the log-likelihood is -inf there.")
    # Hosking & Wallis (1987), in xi = -k_HW; finite for xi < 1/2
    if xi < 0.5:
        den = (1 - 2 * xi) * (3 - 2 * xi) * k
        v_xi = (1 - xi) * (2 - xi) ** 2 * (1 - xi + 2 * xi**2) / den
        # of sigma / sigma_hat (in the user's units after _in_user_units)
        v_s = (7 - 18 * xi + 11 * xi**2 - 2 * xi**3) / den
        c_xs = -(2 - xi) * (2 - 6 * xi + 7 * xi**2 - 2 * xi**3) / den
        cov = np.array([[v_xi, c_xs], [c_xs, v_s]])
        se_xi, se_sigma = math.sqrt(v_xi), math.sqrt(v_s)
        msg = ""
    else:
        cov = None
        se_xi = se_sigma = math.nan
        msg = (f"xi_hat = {xi:.3g} >= 0.5: the PWM estimator has no finite asymptotic variance; "
               "standard errors and intervals are not available (use method='mle').")
        if xi >= PWM_CEILING:
            # the moments PWM matches are finite only for xi < 1, and its estimate never
            # reaches 1: near it, it says only that xi is large (true xi = 2 or 20 gave 0.99)
            notes.append(f"xi_hat = {xi:.3g} is near 1, which the PWM estimate cannot exceed "
                         "(it needs a finite mean): the tail may be far heavier; read the "
                         "maximum-likelihood fit (method='mle').")
    xi_ci = sigma_ci = None
    if ci is not None:
        zq = v.z_value(ci)
        xi_ci = Interval(xi - zq * se_xi, xi + zq * se_xi, float(ci), "Wald (Hosking & Wallis)")
        f = math.exp(zq * se_sigma) if math.isfinite(se_sigma) else math.nan
        sigma_ci = Interval(sigma / f, sigma * f, float(ci), "delta method (log scale)")
    return {"xi": float(xi), "sigma": float(sigma), "ci": xi_ci, "sigma_ci": sigma_ci,
            "loglik": ll, "method": "pwm", "converged": True, "message": msg,
            "se_xi": se_xi, "se_sigma": se_sigma, "cov": cov, "lr_test_xi0": None,
            "notes": notes}


@v.validate_params({"y": [v.InstanceOf(np.ndarray, text="a numpy array of excesses")],
                    "level": [v.Interval(Real, 0.5, 1, closed="left",
                                         text="a level in [0.5, 1), e.g. 0.95: the coverage "
                                              "of the interval, not its error rate (for "
                                              "alpha = 0.05 pass level=0.95)")]})
def xi_of_excesses(y: np.ndarray, level: float = 0.95) -> tuple[float, Interval] | None:
    """ξ by maximum likelihood from excesses ``y`` (sorted ascending, non-negative) and its
    profile-likelihood interval at ``level``; ``None`` where the GPD cannot be fitted (all
    excesses equal, an excess of 0 -- the likelihood then grows without bound as σ shrinks,
    so there is no maximum -- or a fit that fails or finds no finite maximum). For callers
    that hold the excesses already (the classifier's reported ξ); :func:`tailstat.fit_gpd` is
    the user's entry point.

    Parameters
    ----------
    y : numpy.ndarray
        Excesses, sorted ascending, non-negative.
    level : float
        Coverage of the profile-likelihood interval, in [0.5, 1).

    Returns
    -------
    (float, Interval) or None

    Raises
    ------
    DataError
        Excesses that are not finite, not sorted ascending or negative.
    """
    if y.ndim == 1 and not np.isfinite(y).all():  # (review 437: NaN passed the order check,
        # and xi = -1 [-1, inf] came back as a fit)
        raise DataError("xi_of_excesses takes finite excesses; drop the missing and "
                        "infinite values first (fit_gpd(x, threshold=u) says what it drops).")
    if y.ndim != 1 or (y.size and (y[0] < 0 or np.any(y[1:] < y[:-1]))):
        # the fit reads them as sorted: an unsorted array gave xi = -1 without a word
        raise DataError("xi_of_excesses takes excesses sorted ascending and non-negative "
                        "(np.sort(x[x > u] - u)); fit_gpd(x, threshold=u) takes raw data.")
    if not (y.size >= 2 and y[0] > 0 and y[0] < y[-1]):
        return None
    try:
        fit = _fit_scaled(y, level, "mle", sigma_interval=False)
    except (ArithmeticError, ValueError):
        return None
    if not math.isfinite(fit["xi"]) or fit["ci"] is None or not fit["converged"]:
        # no finite maximum (one excess 1e306 beside ones of order 1: the information
        # overflows): the point it stopped at is no estimate (a review: "heavy, ξ = 0.02
        # [0.02, inf]" from t(3) scores and one value of 1e306, where 1e300 gave 10.2)
        return None
    return float(fit["xi"]), fit["ci"]
