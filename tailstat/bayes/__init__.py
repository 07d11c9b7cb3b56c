"""Bayesian tail models (PyMC + ArviZ): posterior probabilities that a tail is heavy or bounded.

* :func:`fit_bayes` -- a generalised Pareto model of one sample's exceedances over a
  threshold; returns a :class:`BayesTailFit` with credible intervals of ``xi`` and
  ``sigma``, ``P(xi > 0)``, ``P(xi < 0)``, convergence diagnostics and the InferenceData.
* :func:`fit_bayes_hierarchical` -- the same model for several groups (reward models,
  prompt sets) at once, with the shapes ``xi_g`` partially pooled around a population mean;
  returns a :class:`BayesHierarchicalFit` with a per-group table.

Importing this package is cheap: PyMC, PyTensor and ArviZ are imported by the fit
functions on first use. Compiled models are cached per process (see
:func:`clear_model_cache`), so a second fit of the same kind skips compilation.
"""

from __future__ import annotations

from tailstat.bayes.gpd_model import BayesTailFit, GPDPriors, fit_bayes
from tailstat.bayes.hierarchical import BayesHierarchicalFit, fit_bayes_hierarchical

__all__ = [
    "BayesHierarchicalFit",
    "BayesTailFit",
    "GPDPriors",
    "clear_model_cache",
    "fit_bayes",
    "fit_bayes_hierarchical",
]


def clear_model_cache() -> None:
    """Forget every cached compiled model (the next fit of each kind compiles again)."""
    from tailstat.bayes._compile import clear_model_cache as _clear

    _clear()
