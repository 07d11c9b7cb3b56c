"""Priors of the Bayesian GPD models (:class:`GPDPriors`) and the ``priors=`` argument read
as them (:func:`as_priors`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from tailstat import _validation as v
from tailstat.errors import DataError

__all__ = ["GPDPriors", "as_priors"]

_FINITE = v.Interval(Real, None, None, text="a finite number")
_POSITIVE = v.Interval(Real, 0, None, closed="neither", text="a finite number > 0")


@dataclass(frozen=True)
class GPDPriors:
    """Priors of the Bayesian GPD models (on excesses scaled by ``median / log 2``).

    Attributes
    ----------
    xi_mu, xi_sd : float
        ``xi ~ Normal(xi_mu, xi_sd)`` truncated to ``xi > -1`` (single sample); in the
        hierarchical model the prior of the shapes' location ``mu_xi`` (not truncated).
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
            value = getattr(self, f.name)
            v.check(f"prior {f.name}", value, [_POSITIVE if f.name.endswith("_sd") else _FINITE])
            object.__setattr__(self, f.name, float(value))

    def to_dict(self) -> dict[str, float]:
        """The five numbers, JSON-safe."""
        return dataclasses.asdict(self)


def as_priors(priors: GPDPriors | Mapping[str, Any] | None) -> GPDPriors:
    """Turn ``priors=`` into :class:`GPDPriors`.

    Accepts ``None`` (defaults), a :class:`GPDPriors`, or a mapping with any of the keys
    ``"xi": (mu, sd)``, ``"log_sigma": (mu, sd)``, ``"tau": sd`` (or the field names of
    :class:`GPDPriors`), each setting given once."""
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
            if isinstance(value, np.ndarray) and value.ndim == 1:  # (a review: refused)
                value = tuple(value.tolist())
            if not (isinstance(value, (tuple, list)) and len(value) == 2):
                raise DataError(f"priors[{key!r}] must be a pair (mu, sd); got {value!r} instead.")
            new = {f"{key}_mu": value[0], f"{key}_sd": value[1]}
        elif key == "tau" or key in fields_:
            new = {"tau_sd" if key == "tau" else key: value}
        else:
            raise DataError(f"unknown prior {key!r}; use 'xi', 'log_sigma', 'tau' or one of "
                            f"{sorted(fields_)}.")
        if twice := sorted(set(new) & set(kwargs)):  # 'xi' and 'xi_mu': neither may win silently
            raise DataError(f"priors set {twice} twice ({key!r} and another key); give each once.")
        kwargs.update(new)
    return GPDPriors(**kwargs)


def one_sample_priors(priors: GPDPriors | Mapping[str, Any] | None) -> GPDPriors:
    """:func:`as_priors` for a fit of one sample (``fit_bayes``, ``classify(method="bayes")``),
    which has no ``tau`` prior: a DataError names it, given as a key or as a
    :class:`GPDPriors` whose ``tau_sd`` is not the default (it would be recorded, unused)."""
    if isinstance(priors, Mapping) and {"tau", "tau_sd"} & set(priors):
        raise DataError("fit_bayes has no tau prior (tau is the spread of xi across groups): "
                        "pass it to fit_bayes_hierarchical, or leave it out.")
    pri = as_priors(priors)
    if pri.tau_sd != GPDPriors.tau_sd:  # a GPDPriors object: the same setting, not ignored
        raise DataError(f"fit_bayes has no tau prior, but priors sets tau_sd={pri.tau_sd:g} "
                        "(tau is the spread of xi across groups, a setting of "
                        "fit_bayes_hierarchical): leave tau_sd at its default "
                        f"{GPDPriors.tau_sd:g} for a one-sample fit.")
    return pri
