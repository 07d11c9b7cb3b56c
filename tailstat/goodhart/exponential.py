"""The exponential reading of a light tail: whether it may be exponential-type although its
GPD fit says otherwise, and the exponential scale the data allow (its interval, the scale
nearest the top, and the limit the mean excess tends to). :func:`tailstat.goodhart.kl_tilt`
leaves a penalty unsettled where that scale could make the penalised optimum infinite."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import special

from tailstat._validation import z_value
from tailstat.classification.levels import penalty_case
from tailstat.goodhart._common import mean_sd

#: The fewest top excesses :func:`exponential_reading` reads a scale from.
TOP_EXCESSES_MIN = 50


def exponential_reading(xi_fit: float, excesses: np.ndarray, k: int, p_exponential: float,
                        n: int | None = None, *, named_exponential: bool = False
                        ) -> dict[str, Any]:
    """Whether the tail may be exponential-type although the GPD fit says otherwise, and the
    exponential's scale with its 95% interval; ``excesses`` ascending, as
    :attr:`tailstat.gpd.GPDFit.excesses` holds them.

    ``plausible``: ``xi_fit`` is not below 0 by more than 1.96 of its asymptotic standard error
    ``(1 + xi) / sqrt(k)`` (Smith 1985; a positive ``xi_fit`` of a light tail is modelled as
    exponential anyway), or the classifier gives the exponential-type subtype
    ``p_exponential`` >= 1/2 or names it (``named_exponential``: its largest subtype
    probability; gamma(2) at 0.475 against 0.474 for lighter-than-exponential had the
    verdict's "at or below it the penalised optimum does not exist" beside a tilt settled to
    exist at every beta, a review; :func:`names_exponential` says it too where the subtype's
    share of P(light) reaches 1/3: review 427, gamma(5) at 20,000 scores with P = 0.44
    had beta = 0.6 settled to exist in 6 of 60 samples, 1 of 60 since): a gamma tail
    ``x^(a-1) e^(-x)`` (a > 1) is exponential-type, yet
    its GPD fit at a moderate threshold has ``xi`` clearly below 0 (-0.035 +- 0.013 for
    gamma(2) at k = 5425), the penultimate shape. The scale is the exponential MLE, the mean
    excess ``m``; as ``2 k m / sigma`` is chi-square with ``2k`` degrees of freedom, the
    interval is ``2 k m / chi2(0.975 / 0.025; 2k)``.

    The mean excess at a finite threshold is the tail's scale there, not its limit. Where the
    hazard rises to its limit (gamma with shape above 1) it lies above the limit: on the safe
    side. Where it falls to its limit (gamma with shape below 1, the inverse Gaussian: a
    factor ``x^-a`` before ``e^(-x/sigma)``) it lies below, and grows towards the top:
    gamma(0.5)'s interval was [0.88, 0.95] at n = 10^5 and [0.89, 0.93] at 10^6 for a limit
    of 1, so penalties in (0.95, 1] were called settled with an optimum that does not exist
    (a review). ``sigma_upper`` is the largest upper end over the top ``k/2, k/4, ...,
    k/16`` excesses too (each measured from the next value below, at least 50 of them): the
    mean excess nearest the top, where it is closest to the limit. It covered the limit in
    6-7 of 8 samples of gamma(0.5) and gamma(0.3) at n = 10^4-10^6 (0-2 of 8 before), and
    widens the band of an exponential tail from 1.01-1.02 to 1.03-1.11 times its scale.

    Given ``n`` (the sample's size), the limit itself is estimated too, and ``sigma_upper``
    is at least the upper end of its 95% interval (``sigma_limit``, ``sigma_limit_ci``): for
    a tail ``x^-a e^(-x/sigma)`` the mean excess at level ``p`` is ``sigma (1 - a / log(1/p)
    + ...)`` (the threshold, in units of sigma, is ``log(1/p)`` to first order, whatever
    the location), so the means over the top ``k, k/2, ...`` excesses (at least 50) are
    regressed on ``1 / log(n / k_j)`` and the intercept is the limit; by Rényi's
    representation these means are means of nested sets of the same independent
    exponentials under an exponential tail, with covariance ``sigma^2 / max(k_i, k_j)``,
    which the generalised least squares uses (no constant was tuned). A review found beta =
    1 called settled for gamma(0.5) at n = 10^6 in 8 of 10 samples (seeds 100-109; none
    now). Over 40
    samples each (``benchmarks/exponential_scale.py``, ``reports/exponential_scale.md``),
    ``sigma_upper`` now reaches the limit at n = 10^4 / 10^5 for gamma(0.3) in 32 / 35
    (28 / 26 before), gamma(0.5) 32 / 34 (31 / 27), gamma(0.8) 38 / 35 (38 / 30) and the
    inverse Gaussian (a = 3/2) 11 / 26 (3 / 14): still short of 95%, the expansion's next
    terms being left out; an exponential tail's band is as before, Gumbel and logistic ones
    a little wider (90% points 1.14 -> 1.18 and 1.24 -> 1.27 times the scale at n = 10^5,
    1.41 -> 1.46 for the logistic at 10^4). ``sigma_limit_ci`` is the interval of the
    first-order intercept, the expansion's bias not in it: it covered an exponential tail's
    scale at its level (0.95-0.97 over 400 samples at n = 10^3 and 10^4; a review),
    gamma(0.5)'s limit in 0.59 / 0.76 of them (the limit above it), gamma(2)'s in 0.82 /
    0.28 (below it: the safe side); ``sigma_upper`` reached gamma(0.5)'s limit in 0.85 /
    0.92. Where ``beta`` lies at or below ``sigma_upper``, an exponential tail the data allow
    makes ``E exp(U/beta)`` infinite (:func:`kl_tilt`)."""
    m = mean_sd(excesses)[0]  # excesses near the float maximum overflow a plain sum
    se = (1.0 + max(xi_fit, -0.99)) / math.sqrt(max(k, 1))
    lo, hi = (m * (2 * k / _chi2_ppf(q, 2 * k)) for q in (0.975, 0.025))  # m first: no
    # overflow of 2 k m near the float maximum
    plausible = math.isfinite(m) and (xi_fit >= -1.96 * se or p_exponential >= 0.5
                                      or named_exponential)
    upper, depth = float(hi), int(k)
    desc = np.asarray(excesses, dtype=float)[::-1]  # GPDFit.excesses: ascending
    ks, ms = _nested_means(desc) if math.isfinite(m) else ([], [])
    for kj, mj in zip(ks[1:], ms[1:], strict=True):  # the top k/2, k/4, ..., k/16
        if kj < desc.size // 16:
            break
        hj = float(mj * (2 * kj / _chi2_ppf(0.025, 2 * kj)))
        if hj > upper:
            upper, depth = hj, kj
    limit = _scale_limit(ks, ms, n) if n is not None and math.isfinite(m) else None
    source = "threshold" if depth == int(k) else "top"
    if limit is not None and limit[2] > upper:
        upper, source = limit[2], "limit"
    return {"plausible": bool(plausible), "sigma": m, "sigma_ci": [float(lo), float(hi)],
            "sigma_upper": upper, "sigma_upper_excesses": depth, "sigma_upper_from": source,
            "sigma_limit": None if limit is None else limit[0],
            "sigma_limit_ci": None if limit is None else [limit[1], limit[2]],
            "rule": "xi_hat >= -1.96 (1 + xi_hat) / sqrt(k), or P(exponential-type) >= 1/2, "
                    "or the classifier's subtype exponential-type",
            "p_exponential_type": p_exponential}


def _nested_means(desc: np.ndarray) -> tuple[list[int], list[float]]:
    """The depths ``k, k/2, k/4, ...`` (at least :data:`TOP_EXCESSES_MIN`) of the excesses
    ``desc`` (descending) and the mean excess of each top set over the next value below
    (over the threshold for all ``k``)."""
    ks: list[int] = []
    ms: list[float] = []
    kj = desc.size
    while kj >= TOP_EXCESSES_MIN:
        ms.append(mean_sd(desc[:kj] - (desc[kj] if kj < desc.size else 0.0))[0])
        ks.append(kj)
        kj //= 2
    return ks, ms


def _scale_limit(ks: list[int], ms: list[float], n: int
                 ) -> tuple[float, float, float] | None:
    """The limit of the mean excess as the level goes to the top, and its 95% interval, from
    the :func:`_nested_means` of the excesses of a sample of ``n``
    (:func:`exponential_reading`). None with fewer than three depths."""
    if len(ks) < 3 or not 0 < max(ks) < n:
        return None
    k_arr, m_arr = np.asarray(ks, dtype=float), np.asarray(ms, dtype=float)
    design = np.c_[np.ones(k_arr.size), 1.0 / np.log(n / k_arr)]
    # nested means of the same exponentials (Rényi): covariance sigma^2 / max(k_i, k_j), in
    # units of the deepest mean (no overflow near the float maximum)
    unit = m_arr[0]
    if not (math.isfinite(unit) and unit > 0):
        return None
    inv = np.linalg.inv(1.0 / np.maximum.outer(k_arr, k_arr))
    info = design.T @ inv @ design
    coef = np.linalg.solve(info, design.T @ inv @ (m_arr / unit))
    se = math.sqrt(float(np.linalg.inv(info)[0, 0]))
    z = z_value(0.95)
    return (float(coef[0] * unit), float((coef[0] - z * se) * unit),
            float((coef[0] + z * se) * unit))


def names_exponential(c: Any) -> bool:
    """Whether a classification gives an exponential-type tail the weight that makes
    :func:`exponential_reading` plausible whatever the GPD fit: where ``explain()`` and the
    report word a KL penalty with the exponential tail's caveat or name that subtype
    (:func:`tailstat.classification.levels.penalty_case`: a share of P(light) of at least
    1/3; review 427)."""
    return penalty_case(c) in ("exponential-type", "maybe-exponential")


def exponential_share(model: Any) -> float:
    """The exponential-type subtype's share of P(light) behind a tail model (1 for a tail
    modelled as exponential without a light classification to weigh it, 0 for other
    labels): what decides whether "at or below the scale the penalised optimum does not
    exist" is said as a fact or as a doubt."""
    reading = model.settings.get("exponential_reading") or {}
    p_light = model.settings.get("label_probability")
    p_exp = reading.get("p_exponential_type")
    if model.label != "light" or p_exp is None or not p_light:
        return 1.0 if model.xi == 0.0 else 0.0
    return min(1.0, float(p_exp) / float(p_light))


def _chi2_ppf(q: float, df: float) -> float:
    """``scipy.stats.chi2.ppf(q, df)``, as it computes it (``2 gammaincinv(df / 2, q)``) without
    importing scipy.stats (0.4 s in each process that makes a Goodhart summary)."""
    return 2.0 * float(special.gammaincinv(df / 2.0, q))
