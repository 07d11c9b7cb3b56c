"""The classifier's probability model: reference table, member likelihoods, posterior.

The reference table (``calibration.json``, built offline by
:mod:`tailstat.classification.calibrate`) holds, for every library member and every size on
a grid of n, the mean and covariance of the feature vector. A sample's features are scored
under each member's law (a multivariate Student-t with that mean and covariance,
interpolated in log n), the log-likelihoods are tempered, and Bayes' rule with a prior that
is equal over labels, then over subtypes, then over members gives the posterior. The module
doc of :mod:`tailstat.classification.classifier` explains the choices.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import special

from tailstat.classification._features import FEATURES

LABELS = ("heavy", "light", "bounded")
SUBTYPES = ("power-law", "subexponential", "exponential-type", "lighter-than-exponential",
            "bounded")
#: Degrees of freedom of the Student-t approximation of each member's feature law.
NU = 5.0
#: Weight of the uniform distribution mixed into the label posterior (ε-contamination).
UNIFORM_MIX = 0.03
#: Power of the likelihood (a tempered or "power" posterior).
TEMPER = 0.8

#: The features read at the deep and tail levels, and at the top of the sample: the
#: posterior on each group alone shows when the depths disagree.
DEEP = ("xi_moment_deep", "log_theta_deep", "xi_moment", "log_theta")
TOP = ("xi_moment_high", "xi_pickands", "xi_moment_top", "xi_moment_extreme")


@dataclass(frozen=True)
class _Table:
    log10_n: np.ndarray
    labels: np.ndarray
    subtypes: np.ndarray
    names: tuple[str, ...]
    mean: np.ndarray  # (members, grid, d)
    cov: np.ndarray  # (members, grid, d, d)


@lru_cache(maxsize=1)
def table() -> _Table:
    """The reference table shipped with the package (read once)."""
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


def _n_key(n: int) -> int:
    """n rounded to 0.02 in log10 (about 5%): the feature laws change slowly with n, so the
    cached factors serve groups of similar size."""
    return round(10 ** (round(math.log10(n) / 0.02) * 0.02))


def _at_n(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature means and covariances of every member, interpolated in log10 n."""
    tab = table()
    g = float(np.clip(math.log10(n), tab.log10_n[0], tab.log10_n[-1]))
    j = int(np.clip(np.searchsorted(tab.log10_n, g) - 1, 0, len(tab.log10_n) - 2))
    w = (g - tab.log10_n[j]) / (tab.log10_n[j + 1] - tab.log10_n[j])
    mean = (1 - w) * tab.mean[:, j] + w * tab.mean[:, j + 1]
    cov = (1 - w) * tab.cov[:, j] + w * tab.cov[:, j + 1]
    return mean, cov


@lru_cache(maxsize=256)
def _factors(n: int, ok: tuple[bool, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Member means, inverse Cholesky factors of the t scale matrices and their log-dets."""
    mask = np.asarray(ok)
    mean, cov = _at_n(n)
    mean, cov = mean[:, mask], cov[:, mask][:, :, mask]
    d = int(mask.sum())
    chol = np.linalg.cholesky(cov * ((NU - 2) / NU) + 1e-9 * np.eye(d))
    inv_chol = np.linalg.inv(chol)
    logdet = 2 * np.sum(np.log(np.diagonal(chol, axis1=-2, axis2=-1)), axis=-1)
    return mean, inv_chol, logdet


def member_loglik(F: np.ndarray, n: int, ok: np.ndarray) -> np.ndarray:
    """Log-likelihood of feature rows ``F (N, d_ok)`` under every member: ``(N, members)``.

    ``ok`` selects the features present in ``F`` (the others are marginalised out, which
    for a multivariate t means dropping their rows and columns).
    """
    mean, inv_chol, logdet = _factors(_n_key(n), tuple(bool(v) for v in ok))
    d = int(ok.sum())
    diff = F[None, :, :] - mean[:, None, :]  # (M, N, d)
    sol = diff @ np.swapaxes(inv_chol, 1, 2)  # rows times L^-T: (M, N, d)
    maha = np.sum(sol * sol, axis=-1).T  # (N, M)
    return (special.gammaln((NU + d) / 2) - special.gammaln(NU / 2)
            - 0.5 * d * math.log(NU * math.pi) - 0.5 * logdet
            - 0.5 * (NU + d) * np.log1p(maha / NU))


@lru_cache(maxsize=1)
def prior_weights() -> np.ndarray:
    """Prior weight of each member: 1/3 per label, equal over its subtypes, then members."""
    tab = table()
    w = np.zeros(len(tab.names))
    for lab in LABELS:
        subs = sorted({str(s) for s in tab.subtypes[tab.labels == lab]})
        for sub in subs:
            sel = tab.subtypes == sub
            w[sel] = 1.0 / 3.0 / len(subs) / sel.sum()
    return w


@dataclass(frozen=True)
class Posterior:
    """Label, subtype and member probabilities from one feature vector."""

    labels: dict[str, float]
    subtypes: dict[str, float]
    nearest: dict[str, float]


def posterior(f: np.ndarray, n: int, use: tuple[str, ...] = FEATURES) -> Posterior:
    """Posterior over the library from the features ``f`` (ordered as ``FEATURES``).

    Only the features named in ``use`` that are finite enter the likelihood. The label
    probabilities are mixed with ``UNIFORM_MIX`` of the uniform distribution.
    """
    tab = table()
    ok = np.isfinite(f) & np.isin(np.array(FEATURES), np.array(use))
    if ok.any():
        lw = TEMPER * member_loglik(f[ok][None, :], n, ok)[0] + np.log(prior_weights())
    else:
        lw = np.log(prior_weights())
    post = np.exp(lw - special.logsumexp(lw))
    subs = {sub: float(post[tab.subtypes == sub].sum()) for sub in SUBTYPES}
    probs = {lab: (1 - UNIFORM_MIX) * float(post[tab.labels == lab].sum()) + UNIFORM_MIX / 3
             for lab in LABELS}
    nearest = {tab.names[i]: float(post[i]) for i in np.argsort(-post)[:5]}
    return Posterior(labels=probs, subtypes=subs, nearest=nearest)


def label_of_subtype(subtype: str) -> str:
    """The label a subtype belongs to."""
    return "heavy" if subtype in ("power-law", "subexponential") else (
        "bounded" if subtype == "bounded" else "light")
