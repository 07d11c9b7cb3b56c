"""Bayesian tail models (PyMC + ArviZ): posterior probabilities that a tail is heavy or bounded.

* :func:`fit_bayes` -- a generalised Pareto model of one sample's exceedances over a
  threshold; returns a :class:`BayesTailFit` with credible intervals of ``xi`` and
  ``sigma``, ``P(xi > 0)``, ``P(xi < 0)``, convergence diagnostics and the InferenceData.
* :func:`fit_bayes_hierarchical` -- the same model for several groups (reward models,
  prompt sets) at once, with the shapes ``xi_g`` partially pooled around a population mean;
  returns a :class:`BayesHierarchicalFit` with a per-group table.

Both sample with PyMC's public API (``pm.sample``). Importing this package is cheap: PyMC,
PyTensor and ArviZ are imported by the fit functions on first use. Models are built once
per process and reused with new data (see :func:`clear_model_cache`).
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
    """Forget every cached model (the next fit of each kind builds its model again).

    Returns
    -------
    None
    """
    from tailstat.bayes._models import clear_model_cache as _clear

    _clear()
