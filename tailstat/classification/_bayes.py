"""The Bayesian GPD fit that ``classify(method="bayes")`` adds to a classification.

The fit reads the classifier's own exceedances (over ``X(n-k)``); its posterior mean and
interval of ξ replace the GPD maximum-likelihood estimate as the reported ξ, and the fit
joins the evidence.
The label probabilities stay those of the calibrated likelihood: the GPD posterior uses the
same exceedances, so multiplying it in would count them twice, and on its own it cannot tell
a subexponential tail from an exponential one (both have ξ = 0).

A fit that cannot be made on those exceedances (clipped scores whose top values are one
ceiling, ties at the threshold) leaves the classification as the fast method makes it, with
a note saying why; the fit's own caveats (convergence, ties) become the classification's,
named after the sample, instead of escaping as warnings that name no group.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from tailstat import errors
from tailstat.data import UpperTail
from tailstat.errors import DataError, FitError, TailstatWarning
from tailstat.results import Interval

__all__ = ["bayes_update"]


#: A note for the classification and the warning category it is issued with.
Note = tuple[str, type[Warning]]


def bayes_update(tail: UpperTail, k: int, evidence: dict[str, Any], seed: int | None,
                 kwargs: dict[str, Any], name: str
                 ) -> tuple[float, Interval, list[Note]] | tuple[None, None, list[Note]]:
    """Fit the PyMC GPD model to the exceedances over ``X(n-k)``.

    Returns the posterior mean and interval of ξ and the notes for the classification, each
    with its warning category (``(None, None, notes)`` when the fit cannot be made: the
    fast method's ξ, the GPD maximum-likelihood estimate, stays).
    """
    from tailstat.bayes import fit_bayes

    try:
        # named, so that its messages name the sample; its caveats are collected from the
        # result (warn=False), not caught with the process-wide warning filters, which
        # would swallow what other threads issue meanwhile
        fit = fit_bayes(pd.Series(tail.desc[:k + 1], name=name),
                        threshold=float(tail.desc[k]), seed=seed, **{**kwargs, "warn": False})
    except (DataError, FitError) as exc:
        why = (f"the Bayesian GPD fit could not be made on the classifier's {k} "
               f"exceedances ({exc}); ξ is the GPD maximum-likelihood estimate, and the "
               "label and probabilities are those of the fast method")
        failed: list[Note] = [(why, TailstatWarning)]
        return None, None, failed
    # fitted to the top k + 1 values: the sample has n (the exceedance rate is k / n)
    fit = replace(fit, n=int(tail.n))
    evidence["bayes"] = fit
    kinds = fit.settings["warning_categories"]
    notes: list[Note] = [(f"Bayesian GPD fit: {text}", _category(kind))
                         for text, kind in zip(fit.warnings, kinds, strict=True)]
    return float(fit.xi_mean), fit.xi_ci, notes


def _category(name: str) -> type[Warning]:
    """The tailstat warning category called ``name`` (``TailstatWarning`` if none is)."""
    category = getattr(errors, name, None)
    if isinstance(category, type) and issubclass(category, Warning):
        return category
    return TailstatWarning
