"""Goodhart diagnostics: what optimising a proxy reward with a KL penalty or best-of-n would do.

``U = V + X`` (proxy = true utility + reward-model error), docs/science.md §2.

* :func:`best_of_n` -- exact E[U] (and E[V]) under best-of-n of the empirical law, with
  KL = log n - (n-1)/n, extrapolated past the sample with the fitted tail;
* :func:`kl_tilt` -- the KL-regularised optimum pi_beta ∝ pi0 exp(U/beta), or the report that
  it does not exist (heavy tail);
* :func:`kl_frontier` -- the minimum KL to reach each mean reward (Cramér rate function), or
  under a heavy tail the explicit cheap policy;
* :func:`conditioning` -- E[V | U > t], and its extrapolation when X and V are independent;
* :func:`fit_overoptimization` -- Gao, Schulman & Hilton (2022) curves with Student-t,
  Fieller and Working--Hotelling intervals (a paired bootstrap on request);
* :func:`simulate` -- synthetic U = V + X for the canonical experiments;
* :func:`goodhart_summary` -- all of it for one sample, with a plain-words verdict;
* :func:`fit_tail_model` -- the shared tail model (classifier label + GPD above a threshold).

Nothing here imports a plotting library (see :mod:`tailstat.plot.goodhart`).
"""

from tailstat.goodhart.bon import best_of_n
from tailstat.goodhart.conditioning import Conditioning, conditioning
from tailstat.goodhart.frontier import KLFrontier, kl_frontier
from tailstat.goodhart.overopt import OverOptimizationFit, fit_overoptimization
from tailstat.goodhart.simulate import simulate
from tailstat.goodhart.summary import GoodhartSummary, goodhart_summary
from tailstat.goodhart.tail import TailModel, fit_tail_model
from tailstat.goodhart.tilt import KLTilt, kl_tilt
from tailstat.goodhart.with_gold import with_gold_comparison

__all__ = [
    "Conditioning",
    "GoodhartSummary",
    "KLFrontier",
    "KLTilt",
    "OverOptimizationFit",
    "TailModel",
    "best_of_n",
    "conditioning",
    "fit_overoptimization",
    "fit_tail_model",
    "goodhart_summary",
    "kl_frontier",
    "kl_tilt",
    "simulate",
    "with_gold_comparison",
]
