"""The Bayesian GPD fit that ``classify(method="bayes")`` adds to a classification.

The fit reads the classifier's own exceedances (over ``X(n-k)``); its posterior mean and
interval of ξ replace the GPD maximum-likelihood estimate as the reported ξ, and the fit
joins the evidence.
The label probabilities stay those of the calibrated likelihood: the GPD posterior uses the
same exceedances, so multiplying it in would count them twice, and on its own it cannot tell
a subexponential tail from an exponential one (both have ξ = 0).

Tied scores are read as the fast method's ξ reads them (:func:`headline_xi`): values tied
with ``X(n - k)`` are not excesses, and the others are measured from halfway to the next
value above it (measured from ``X(n - k)``, normal scores rounded to 0.5 gave ξ = -0.46
[-0.61, -0.29] against -0.24 [-0.41, -0.04] corrected: a review).

A fit that cannot be made on those exceedances (clipped scores whose top values are one
ceiling, ties at the threshold) leaves the classification as the fast method makes it, with
a note saying why; so does a fit whose chains did not mix (R-hat above 1.01, one chain, or
too small an effective sample size: its mean and interval are not the posterior's; with 100
draws an interval's upper end was off by 0.79 against a grid posterior), which stays in the
evidence. A fit with divergences alone is kept, with its note: on small samples a few
divergent transitions are common and moved ξ's mean and interval by Monte Carlo noise only.
The fit's own caveats (convergence, ties) become the classification's, named after the
sample, instead of escaping as warnings that name no group.
"""

from __future__ import annotations

import inspect
from dataclasses import replace
from typing import Any

import pandas as pd

from tailstat import errors
from tailstat._validation import boot_needed, check
from tailstat.data import UpperTail
from tailstat.errors import ConvergenceWarning, DataError, FitError, TailstatWarning
from tailstat.results import Interval

__all__ = ["BAYES_KEYS", "bayes_update", "check_bayes_kwargs"]


#: A note for the classification and the warning category it is issued with.
Note = tuple[str, type[Warning]]


def bayes_update(tail: UpperTail, k: int, evidence: dict[str, Any], seed: int | None,
                 kwargs: dict[str, Any], name: str
                 ) -> tuple[float, Interval, list[Note]] | tuple[None, None, list[Note]]:
    """Fit the PyMC GPD model to the exceedances over ``X(n-k)``.

    Returns the posterior mean and interval of ξ and the notes for the classification, each
    with its warning category (``(None, None, notes)`` when the fit cannot be made: the
    fast method's ξ stays).
    """
    from tailstat.bayes import fit_bayes

    top = tail.desc[:k + 1]  # descending
    above = top[top > top[k]]
    threshold = float(top[k])
    if above.size and (top[:k] == top[k]).any():  # ties at X(n - k): excesses measured from
        threshold += (float(above[-1]) - threshold) / 2  # halfway to the next value, as
        # headline_xi measures them; the fit is handed the exceedances alone (the same fit)
        top = above
    try:
        # named, so that its messages name the sample; its caveats are collected from the
        # result (warn=False), not caught with the process-wide warning filters, which
        # would swallow what other threads issue meanwhile
        fit = fit_bayes(pd.Series(top, name=name), threshold=threshold, seed=seed,
                        **{**kwargs, "warn": False})
    except (DataError, FitError) as exc:
        why = (f"the Bayesian GPD fit could not be made on the classifier's top {k} "
               f"values ({exc}); ξ is the fast method's (settings['xi_method'] says which), "
               "and the label and probabilities are those of the fast method")
        failed: list[Note] = [(why, TailstatWarning)]
        return None, None, failed
    # fitted to the top k + 1 values: the sample has n (the exceedance rate is k / n)
    fit = replace(fit, n=int(tail.n))
    evidence["bayes"] = fit
    kinds = fit.settings["warning_categories"]
    # the caveats on a threshold given as a number ("pass threshold='75%'") are for a user
    # who gave one: classify chose it, and takes none (a review: tied scores were told so)
    notes: list[Note] = [(f"Bayesian GPD fit: {text}", _category(kind))
                         for text, kind in zip(fit.warnings, kinds, strict=True)
                         if not text.startswith("threshold=")]
    if fit.settings.get("mixing_warnings", 0):
        # one chain: R-hat unchecked, and more draws would not check it (a review)
        one = int(fit.settings.get("chains", 2)) < 2
        why, fix = (("with one chain, whether it mixed was not checked", "{'chains': 4}")
                    if one else ("its chains did not mix (above)",
                                 "{'draws': 4000, 'tune': 2000}"))
        notes.append((f"Bayesian GPD fit: {why}, so its ξ may not be the posterior's: ξ is "
                      "the fast method's (settings['xi_method'] says which), and the fit stays "
                      "in the evidence; "
                      f"fit again with bayes_kwargs={fix}", ConvergenceWarning))
        return None, None, notes
    return float(fit.xi_mean), fit.xi_ci, notes


#: The fit_bayes keywords ``classify(bayes_kwargs=...)`` passes on.
BAYES_KEYS = ("draws", "tune", "chains", "priors", "level", "target_accept", "min_exceed")


def check_bayes_kwargs(bayes_kwargs: Any, method: str) -> None:
    """``classify``'s ``bayes_kwargs``: keys of :data:`BAYES_KEYS`, and for ``method="bayes"``
    values checked as :func:`tailstat.fit_bayes` checks them, before any fit: inside the fit
    a bad value was caught with the data's failures, and the fast ξ came back under method
    "bayes" with a note that blamed the exceedances (a review: draws=10, a negative prior sd,
    level=0.05)."""
    unknown = sorted(set(bayes_kwargs) - set(BAYES_KEYS))
    if unknown:
        raise DataError(f"bayes_kwargs must hold fit_bayes keywords ({', '.join(BAYES_KEYS)}); "
                        f"got {', '.join(map(repr, unknown))} instead.")
    if method != "bayes":
        if bayes_kwargs:  # (a review: draws=10 with the default method was taken, unread)
            raise DataError(f"bayes_kwargs ({', '.join(map(repr, bayes_kwargs))}) are read by "
                            f"method='bayes' only; with method={method!r} nothing is fitted: "
                            "pass method='bayes', or leave bayes_kwargs out.")
        return
    from tailstat.bayes import fit_bayes
    from tailstat.bayes.priors import one_sample_priors

    constraints = fit_bayes.__tailstat_constraints__  # type: ignore[attr-defined]
    for key, value in bayes_kwargs.items():
        if key == "priors":
            one_sample_priors(value)
        else:
            check(f"bayes_kwargs[{key!r}]", value, constraints[key])
    # the draws and the level together, as fit_bayes refuses them (a review: draws=100,
    # chains=2, level=0.999 came back as a fit that "could not be made on the top values")
    given = {**{k: p.default for k, p in inspect.signature(fit_bayes).parameters.items()
                if k in ("draws", "chains", "level")}, **bayes_kwargs}
    total, need = int(given["draws"]) * int(given["chains"]), boot_needed(float(given["level"]))
    if total < need:
        raise DataError(f"bayes_kwargs: level={given['level']:g} needs at least {need} "
                        f"posterior draws in all, {given['chains']} chains x {given['draws']} "
                        f"draws give {total}: pass draws >= {-(-need // int(given['chains']))}"
                        ", more chains, or a lower level.")


def _category(name: str) -> type[Warning]:
    """The tailstat warning category called ``name`` (``TailstatWarning`` if none is)."""
    category = getattr(errors, name, None)
    if isinstance(category, type) and issubclass(category, Warning):
        return category
    return TailstatWarning
