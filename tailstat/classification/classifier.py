"""Tail classification in the moment-generating-function sense, with calibrated probabilities.

Labels (DESIGN.md §2): **heavy** when E[exp(tY)] = ∞ for every t > 0 (power laws, lognormal,
Weibull with shape < 1), **light** otherwise with unbounded support, **bounded** with a finite
upper endpoint. Subtypes: power-law (ξ > 0), subexponential (ξ = 0, Weibull-tail coefficient
θ > 1), exponential-type (θ = 1), lighter-than-exponential (θ < 1), bounded (ξ < 0).

How the probabilities are made (``method="fast"``)
---------------------------------------------------
Finite samples fall into two classic traps: at practical thresholds the normal has a
negative GPD/moment shape (it looks bounded) and the lognormal a positive one (it looks like
a power law). Rather than thresholding ξ̂, tailstat compares what *this* sample's estimates
look like with what each kind of tail produces *at the same n and k*:

1. One ``np.partition`` gives the top order statistics and the median. Six location- and
   scale-invariant features are computed on ``Z = X - median`` at three depths: the moment
   estimator and the log Weibull-tail coefficient log θ at a deep level ``4k`` and at the
   tail level ``k ≈ n^(2/3)`` (at most n/10), the moment estimator at ``k/4``, and an
   averaged Pickands estimate (:mod:`tailstat.classification._features`). The drift between
   depths separates penultimate behaviour from a true power law or endpoint, and shows a
   heavy tail hiding behind a light body.
2. A reference table (``calibration.json``, built by :mod:`tailstat.classification.calibrate`
   from the exact joint law of the top order statistics) holds the mean and covariance of
   those features for a library of ~60 distributions spanning the five subtypes (including
   light bodies with spliced heavy, exponential or bounded tails), on a grid of n.
3. Each library member's feature law is approximated by a multivariate Student-t (ν = 5:
   heavier than Gaussian, so an unusual sample produces doubt rather than certainty), with
   mean and covariance interpolated in log n. The prior puts 1/3 on each label, split
   equally over the label's subtypes and then over the subtype's members; Bayes' rule gives
   the probabilities. The subtype is the most probable subtype within the label.
4. The log-likelihoods are tempered by η = 0.8 (a "power likelihood", as in Bissiri, Holmes
   & Walker 2016 or Grünwald's SafeBayes): the six features are correlated estimates from
   overlapping order statistics, the library is a discrete grid of a continuum and the
   Student-t is an approximation, so the raw likelihood overstates the evidence. With η = 0.8
   the pooled reliability table of ``benchmarks/accuracy.py`` is within 0.05 in every bin.
5. No probability is ever exactly 0 or 1, and none is below 1%: the posterior is mixed with
   3% of the uniform distribution (ε-contamination: with probability ε the sample comes from
   a tail outside the library, about which the features say nothing). In the accuracy
   benchmark the most confident bin is right about 97% of the time, which is what this
   ε allows.

The exponential-type tail (ξ = 0, θ = 1: exponential, gamma, Gumbel, logistic) is the
boundary case of the theory: its MGF is finite only near 0, so a KL penalty bounds what can
be gained from it, up to a constant that depends on the scale. It is labelled light, with its
own subtype, and ``explain()`` says so.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import special

from tailstat.classification._features import (
    FEATURES,
    features,
    k_for,
    k_levels,
    theta_from_m1,
)
from tailstat.data.intake import check_sample
from tailstat.data.tail import TIE_WARN_FRACTION, UpperTail, upper_tail
from tailstat.errors import DataError, DegenerateDataWarning
from tailstat.estimators import _kernels as K
from tailstat.estimators.semiparametric import (
    TailIndexEstimate,
    asymptotic_estimate,
    pickands,
)
from tailstat.results import Interval, Result

__all__ = ["LABELS", "SUBTYPES", "TailClassification", "classify", "heavy_pvalue"]

LABELS = ("heavy", "light", "bounded")
SUBTYPES = ("power-law", "subexponential", "exponential-type", "lighter-than-exponential",
            "bounded")
MIN_N = 50
_NU = 5.0
_UNIFORM_MIX = 0.03
_TEMPER = 0.8


@dataclass(frozen=True)
class _Table:
    log10_n: np.ndarray
    labels: np.ndarray
    subtypes: np.ndarray
    names: tuple[str, ...]
    mean: np.ndarray  # (members, grid, d)
    cov: np.ndarray  # (members, grid, d, d)


@lru_cache(maxsize=1)
def _table() -> _Table:
    path = Path(__file__).with_name("calibration.json")
    raw = json.loads(path.read_text())
    if list(raw["features"]) != list(FEATURES):
        raise RuntimeError("calibration.json does not match the feature list; rebuild it with "
                           "python -m tailstat.classification.calibrate")
    members = raw["members"]
    return _Table(
        log10_n=np.asarray(raw["log10_n"], dtype=float),
        labels=np.array([m["label"] for m in members]),
        subtypes=np.array([m["subtype"] for m in members]),
        names=tuple(m["name"] for m in members),
        mean=np.asarray([m["mean"] for m in members], dtype=float),
        cov=np.asarray([m["cov"] for m in members], dtype=float),
    )


def _at_n(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature means and covariances of every member, interpolated in log10 n."""
    tab = _table()
    g = float(np.clip(math.log10(n), tab.log10_n[0], tab.log10_n[-1]))
    j = int(np.clip(np.searchsorted(tab.log10_n, g) - 1, 0, len(tab.log10_n) - 2))
    w = (g - tab.log10_n[j]) / (tab.log10_n[j + 1] - tab.log10_n[j])
    mean = (1 - w) * tab.mean[:, j] + w * tab.mean[:, j + 1]
    cov = (1 - w) * tab.cov[:, j] + w * tab.cov[:, j + 1]
    return mean, cov


def _member_loglik(F: np.ndarray, n: int, ok: np.ndarray) -> np.ndarray:
    """Log-likelihood of feature rows ``F (N, d_ok)`` under every member: ``(N, members)``.

    Each member's features follow a multivariate Student-t (ν = 5) whose covariance is the
    member's; ``ok`` selects the finite features (the others are marginalised out).
    """
    mean, inv_chol, logdet = _factors(_n_key(n), tuple(bool(v) for v in ok))
    d = int(ok.sum())
    diff = F[None, :, :] - mean[:, None, :]  # (M, N, d)
    sol = diff @ np.swapaxes(inv_chol, 1, 2)  # rows times L^-T: (M, N, d)
    maha = np.sum(sol * sol, axis=-1).T  # (N, M)
    return (special.gammaln((_NU + d) / 2) - special.gammaln(_NU / 2)
            - 0.5 * d * math.log(_NU * math.pi) - 0.5 * logdet
            - 0.5 * (_NU + d) * np.log1p(maha / _NU))


@lru_cache(maxsize=64)
def _factors(n: int, ok: tuple[bool, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Member means, inverse Cholesky factors of the t scale matrices and their log-dets."""
    mask = np.asarray(ok)
    mean, cov = _at_n(n)
    mean, cov = mean[:, mask], cov[:, mask][:, :, mask]
    d = int(mask.sum())
    chol = np.linalg.cholesky(cov * ((_NU - 2) / _NU) + 1e-12 * np.eye(d))
    inv_chol = np.linalg.inv(chol)
    logdet = 2 * np.sum(np.log(np.diagonal(chol, axis1=-2, axis2=-1)), axis=-1)
    return mean, inv_chol, logdet


@lru_cache(maxsize=1)
def _prior_weights() -> np.ndarray:
    """Prior weight of each member: 1/3 per label, equal over its subtypes, then members."""
    tab = _table()
    w = np.zeros(len(tab.names))
    for lab in LABELS:
        subs = sorted({str(s) for s in tab.subtypes[tab.labels == lab]})
        for sub in subs:
            sel = tab.subtypes == sub
            w[sel] = 1.0 / 3.0 / len(subs) / sel.sum()
    return w


def _weighted(F: np.ndarray, n: int, ok: np.ndarray) -> np.ndarray:
    """Tempered posterior weight of every member, unnormalised in log space: ``(N, M)``."""
    ll = _TEMPER * _member_loglik(F, n, ok)
    return ll + np.log(_prior_weights())[None, :]


def _log_heavy_odds(F: np.ndarray, n: int, ok: np.ndarray) -> np.ndarray:
    """log P(heavy | f) - log P(not heavy | f) for feature rows ``F``."""
    lw = _weighted(F, n, ok)
    heavy = _table().labels == "heavy"
    return special.logsumexp(lw[:, heavy], axis=1) - special.logsumexp(lw[:, ~heavy], axis=1)


@lru_cache(maxsize=64)
def _null_odds(n: int, ok: tuple[bool, ...], draws: int = 2000) -> np.ndarray:
    """Monte-Carlo law of the heavy log-odds under each non-heavy member: ``(members, draws)``.

    Feature vectors are drawn from each light or bounded member's Student-t approximation at
    this n (fixed seed: the p-values are deterministic) and scored like real data.
    """
    tab = _table()
    mask = np.asarray(ok)
    mean, cov = _at_n(n)
    mean, cov = mean[:, mask], cov[:, mask][:, :, mask]
    rng = np.random.default_rng(20261126)
    null = np.flatnonzero(tab.labels != "heavy")
    out = np.empty((null.size, draws))
    for row, m in enumerate(null):
        z = rng.multivariate_normal(np.zeros(mask.sum()), cov[m] * (_NU - 2) / _NU, size=draws)
        g = rng.chisquare(_NU, size=draws) / _NU
        out[row] = _log_heavy_odds(mean[m] + z / np.sqrt(g)[:, None], n, mask)
    out.sort(axis=1)
    return out


def heavy_pvalue(f: np.ndarray, n: int) -> float:
    """p-value of the null "the tail is not heavy", valid for the library's whole null.

    The statistic is the classifier's own heavy log-odds. Its law under every light or
    bounded reference distribution is simulated from that member's feature distribution at
    this n (2 000 draws each, fixed seed, cached per n); the p-value is the largest tail
    probability over those null members (conservative for the composite null), and never
    below 1/2001. Used for Benjamini–Hochberg control across groups in
    :func:`tailstat.analyze`.
    """
    f = np.asarray(f, dtype=float)
    ok = np.isfinite(f)
    if not ok.any():
        return math.nan
    obs = float(_log_heavy_odds(f[ok][None, :], n, ok)[0])
    null = _null_odds(_n_key(n), tuple(bool(v) for v in ok))
    draws = null.shape[1]
    exceed = draws - np.array([np.searchsorted(row, obs, side="left") for row in null])
    return float(np.max((1 + exceed) / (draws + 1)))


def _n_key(n: int) -> int:
    """n rounded to 0.02 in log10 (about 5%): the feature laws change slowly with n, so the
    cached reference factors and null laws serve groups of similar size."""
    return round(10 ** (round(math.log10(n) / 0.02) * 0.02))


def _posterior(f: np.ndarray, n: int
               ) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    tab = _table()
    ok = np.isfinite(f)
    if not ok.any():
        lw = np.log(_prior_weights())
    else:
        lw = _weighted(f[ok][None, :], n, ok)[0]
    post = np.exp(lw - special.logsumexp(lw))
    subs = {sub: float(post[tab.subtypes == sub].sum()) for sub in SUBTYPES}
    probs = {lab: (1 - _UNIFORM_MIX) * float(post[tab.labels == lab].sum()) + _UNIFORM_MIX / 3
             for lab in LABELS}
    member = {tab.names[i]: float(post[i]) for i in np.argsort(-post)[:5]}
    return probs, subs, member


@dataclass(frozen=True, eq=False, repr=False)
class TailClassification(Result):
    """The tail class of one sample, with calibrated probabilities and the evidence.

    Attributes
    ----------
    label : str
        ``"heavy"``, ``"light"`` or ``"bounded"`` (MGF sense; DESIGN.md §2).
    subtype : str
        ``"power-law"``, ``"subexponential"``, ``"exponential-type"``,
        ``"lighter-than-exponential"`` or ``"bounded"``.
    probabilities : dict
        Probability of each label; they sum to 1 and are never exactly 0 or 1.
    subtype_probabilities : dict
        Probability of each subtype.
    xi, xi_ci : float, Interval
        The moment estimate of ξ (on the median-centred sample) at ``k`` and its interval.
    theta, theta_ci : float, Interval
        The Weibull-tail coefficient θ at ``k`` and its interval.
    n, k : int
        Sample size and number of upper order statistics used.
    method : str
    features : dict
        The feature values the decision used.
    nearest : dict
        The five library distributions the sample resembles most, with their weights.
    evidence : dict
        The estimator results (``moment``, ``moment_high``, ``moment_deep``, ``weibull_tail``,
        ``pickands``) on the median-centred sample: the decision uses the features, the
        evidence shows them as estimates with intervals. (The GPD fit at the classifier's
        threshold is in the HTML report; it is left out here to keep the fast path within
        3x a partial sort at n = 10^7.)
    warnings : tuple of str
    settings : dict
    name : str
    """

    label: str
    subtype: str
    probabilities: dict[str, float]
    subtype_probabilities: dict[str, float]
    xi: float
    xi_ci: Interval
    theta: float
    theta_ci: Interval
    n: int
    k: int
    method: str
    features: dict[str, float]
    nearest: dict[str, float]
    evidence: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    name: str = "x"

    def __repr__(self) -> str:
        p = ", ".join(f"{k}={v:.3f}" for k, v in self.probabilities.items())
        return (f"TailClassification(label={self.label!r}, subtype={self.subtype!r}, {p}, "
                f"xi={self.xi:.3g}, theta={self.theta:.3g}, n={self.n}, k={self.k})")

    @property
    def probability(self) -> float:
        """Probability of the chosen label."""
        return self.probabilities[self.label]

    def _scalar_items(self) -> dict[str, Any]:
        row: dict[str, Any] = {"name": self.name, "n": self.n, "k": self.k, "label": self.label,
                               "subtype": self.subtype}
        for lab in LABELS:
            row[f"p_{lab}"] = self.probabilities[lab]
        row.update(xi=self.xi, xi_low=self.xi_ci.low, xi_high=self.xi_ci.high,
                   theta=self.theta, theta_low=self.theta_ci.low, theta_high=self.theta_ci.high,
                   method=self.method, warnings="; ".join(self.warnings))
        return row

    def to_frame(self) -> pd.DataFrame:
        """One tidy row: label, subtype, probabilities, ξ and θ with intervals, n, k."""
        return pd.DataFrame([self._scalar_items()])

    def explain(self) -> str:
        """One plain-words sentence for a non-statistician."""
        p = self.probability
        what = {
            "power-law": "a power-law (heavy) upper tail",
            "subexponential": "a heavy upper tail that decays slower than any exponential "
                              "(lognormal-like)",
            "exponential-type": "an exponential-type upper tail, the boundary case: light, "
                                "but a KL penalty only bounds the gain up to a constant that "
                                "depends on the reward's scale",
            "lighter-than-exponential": "a light upper tail (lighter than exponential)",
            "bounded": "a bounded upper tail (the scores have a ceiling)",
        }[self.subtype]
        consequence = {
            "heavy": "so a KL penalty will not stop optimisation from exploiting extreme scores "
                     "(catastrophic Goodhart is possible).",
            "light": "so a KL penalty limits how far optimisation can push these scores.",
            "bounded": "so optimisation cannot push these scores past that ceiling.",
        }[self.label]
        return (f"The scores of {self.name!r} show {what} (P({self.label}) = {p:.2f}, "
                f"ξ = {self.xi:.2f}, θ = {self.theta:.2f}), {consequence}")


def classify(
    x: Any,
    *,
    method: Literal["fast", "bayes"] = "fast",
    column: str | None = None,
    name: str | None = None,
    seed: int | None = 0,
    bayes_kwargs: dict[str, Any] | None = None,
) -> TailClassification:
    """Classify the upper tail of a reward sample as heavy, light or bounded.

    Parameters
    ----------
    x : array-like, Series, DataFrame (+ ``column=``), path, Sample or UpperTail
        The rewards. An :class:`UpperTail` must hold ``k_for(n) + 1`` order statistics and the
        median (``upper_tail(x, k_max, median=True)``).
    method : {"fast", "bayes"}
        ``"fast"``: the calibrated feature likelihood described in the module docstring, no
        MCMC. ``"bayes"``: also fits the PyMC GPD model to the exceedances over the same
        threshold; ξ and its interval become the posterior mean and credible interval, and
        the fit joins the evidence (the label probabilities stay the calibrated ones).
    column, name : str, optional
    seed : int, optional
        Seed for the Bayesian fit (``method="bayes"``).
    bayes_kwargs : dict, optional
        Passed to :func:`tailstat.fit_bayes`.

    Returns
    -------
    TailClassification

    Raises
    ------
    DataError
        Fewer than 50 values, or too few distinct values above the median.
    """
    if method not in ("fast", "bayes"):
        raise DataError(f"method must be 'fast' or 'bayes', got {method!r} instead.")
    if isinstance(x, UpperTail):
        tail = x
        if tail.median is None:
            raise DataError("classify needs the median: pass upper_tail(x, k_max, median=True).")
    else:
        sample = check_sample(x, column, name=name)
        if sample.n < MIN_N:
            raise DataError(f"{sample.name!r} has {sample.n} values; classification needs at "
                            f"least {MIN_N} (and is rough below ~300).")
        tail = upper_tail(sample, k_max=k_for(sample.n), median=True)
    n = tail.n
    if n < MIN_N:
        raise DataError(f"{tail.name!r} has {n} values; classification needs at least {MIN_N}.")
    k_need = k_for(n)
    if tail.k_max < k_need:
        raise DataError(f"the upper tail holds {tail.k_max} order statistics; classify needs "
                        f"{k_need} (k_for(n)). Recompute with upper_tail(x, {k_need}, "
                        "median=True).")
    k_deep, k, k_high = k_levels(n)
    label_name = name or tail.name
    warn: list[str] = []
    frac = tail.warn_ties(k, stacklevel=3)
    if frac > TIE_WARN_FRACTION:
        warn.append(f"{frac:.0%} of the top {k} order statistics are tied (discretised "
                    "rewards): features are biased towards a bounded tail")
    assert tail.median is not None
    z = UpperTail(desc=tail.desc[: k_need + 1] - tail.median, n=n, name=label_name)
    if z.desc[k_need] <= 0:
        raise DataError(
            f"{label_name!r}: fewer than {k_need + 1} values lie above the median; the upper "
            "tail is degenerate (mostly tied values?). Nothing to classify."
        )
    if n < 10**2.5:
        warn.append(f"small sample (n = {n}): the probabilities are rough")
        warnings.warn(f"{label_name!r}: small sample (n = {n}); classification probabilities "
                      "are rough", DegenerateDataWarning, stacklevel=2)
    # one vectorised pass: the log moments at every k <= k_deep, shared by the features and
    # the evidence
    m1, m2 = K.log_moments(z.desc, k_deep, orders=2)
    f = features(z.desc, n, 0.0, moments=(m1, m2))
    probs, subs, nearest = _posterior(f, n)
    settings: dict[str, Any] = {"method": method, "k_levels": {"deep": k_deep, "tail": k,
                                                                "high": k_high},
                                "k_rule": "k = min(n/10, n^(2/3)); deep 4k (<= n/4); high k/4",
                                "prior": "equal over labels", "nu": _NU,
                                "uniform_mix": _UNIFORM_MIX, "median": tail.median}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev_m, ev_hi, ev_deep = (
            asymptotic_estimate("moment", float(K.moment_from_m(m1[j - 1], m2[j - 1])), j, n,
                                float(z.desc[j]))
            for j in (k, k_high, k_deep))
        ev_t = asymptotic_estimate("weibull_tail", float(theta_from_m1(m1[k - 1], k, n)), k, n,
                                   float(z.desc[k]))
        try:
            ev_p: TailIndexEstimate | None = pickands(z, max(1, k // 4))
        except DataError:
            ev_p = None
    evidence: dict[str, Any] = {"moment": ev_m, "moment_high": ev_hi, "moment_deep": ev_deep,
                                "weibull_tail": ev_t}
    if ev_p is not None:
        evidence["pickands"] = ev_p
    xi, xi_ci = ev_m.xi, ev_m.ci
    if method == "bayes":
        probs, xi, xi_ci = _bayes_update(tail, k, probs, evidence, seed, bayes_kwargs or {})
        settings["seed"] = seed
    label = max(probs, key=lambda lab: probs[lab])
    in_label = {s: p for s, p in subs.items()
                if _table().labels[_table().subtypes == s][0] == label}
    subtype = max(in_label, key=lambda s: in_label[s])
    return TailClassification(
        label=label, subtype=subtype, probabilities=probs, subtype_probabilities=subs,
        xi=float(xi), xi_ci=xi_ci, theta=ev_t.theta, theta_ci=ev_t.ci, n=n, k=k,
        method=method, features=dict(zip(FEATURES, map(float, f), strict=True)),
        nearest=nearest, evidence=evidence, warnings=tuple(warn), settings=settings,
        name=label_name,
    )


def _bayes_update(tail: UpperTail, k: int, probs: dict[str, float], evidence: dict[str, Any],
                  seed: int | None, kwargs: dict[str, Any]
                  ) -> tuple[dict[str, float], float, Interval]:
    """Fit the PyMC GPD model to the exceedances over X(n-k) and report its posterior of ξ.

    The posterior mean and equal-tailed interval of ξ replace the moment estimate as the
    reported ξ, and the fit (with P(ξ > 0), P(ξ < 0) and its diagnostics) joins the evidence.
    The label probabilities stay those of the calibrated likelihood: the GPD posterior uses
    the same exceedances, so multiplying it in would count them twice, and on its own it
    cannot tell a subexponential tail from an exponential one (both have ξ = 0).
    """
    from tailstat.bayes import fit_bayes

    fit = fit_bayes(tail.desc[:k + 1], threshold=float(tail.desc[k]), seed=seed, **kwargs)
    evidence["bayes"] = fit
    return probs, float(fit.xi_mean), fit.xi_ci
