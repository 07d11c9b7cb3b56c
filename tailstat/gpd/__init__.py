"""Peaks over threshold: generalised Pareto fits, threshold diagnostics and automatic thresholds.

* :func:`fit_gpd` -- MLE (profile over ``xi``) or PWM fit of the excesses over a threshold, with
  a profile-likelihood interval, a likelihood-ratio test of ``xi = 0`` and goodness-of-fit tests.
* :func:`mean_excess`, :func:`threshold_stability` -- threshold diagnostics as data.
* :func:`gpd_ppf`, :func:`gpd_isf`, :func:`gpd_logsf`, :func:`gpd_logpdf` -- the distribution
  of the excesses (stable at ``xi = 0``), shared with the figures.
* :func:`check_exceedances`, :data:`MIN_EXCEEDANCES` -- the one rule for "enough exceedances".
* :func:`peaks_input`, :class:`TopValues` -- the intake of the peaks-over-threshold functions:
  a validated sample, or the top values a sketch holds (with what it can serve).
* :class:`ReturnLevel` -- :meth:`GPDFit.return_level`: return levels (Coles 2001, §4.3.3) with
  profile-likelihood or delta-method intervals.
* :func:`xi_of_excesses` -- ξ and its profile interval from excesses already in hand (the
  classifier's reported ξ).
* :func:`select_threshold` -- Bader, Yan & Zhang (2018) sequential Anderson–Darling tests with
  ForwardStop; ``fit_gpd(x, "auto")`` uses it.

A :class:`tailstat.TailSketch` is accepted wherever a sample is (:func:`fit_gpd`,
:func:`mean_excess`, :func:`threshold_stability`, :func:`select_threshold`, and
:func:`tailstat.fit_bayes`): the results are
those of the whole sample, to the bit, for every threshold the sketch covers; a threshold,
percentage or default threshold that reaches below the values it keeps is a ``DataError`` that
says what it holds. The default grids of :func:`mean_excess` and :func:`threshold_stability`,
and the candidates of ``threshold="auto"`` (:func:`select_threshold`), are the exception: on a
sketch holding less than the sample's upper half they start at the lowest value it holds
(``settings`` says so), so they, and the automatic threshold, may differ from the whole
sample's.

This package computes numbers only; it never imports a plotting library.
"""

from tailstat.gpd._common import TopValues, peaks_input
from tailstat.gpd._estimate import xi_of_excesses
from tailstat.gpd.distribution import gpd_isf, gpd_logpdf, gpd_logsf, gpd_ppf
from tailstat.gpd.fit import GPDFit, LRTest, fit_gpd
from tailstat.gpd.gof import GPDGoF
from tailstat.gpd.return_level import ReturnLevel
from tailstat.gpd.select import ThresholdChoice, select_threshold
from tailstat.gpd.threshold import (
    MIN_EXCEEDANCES,
    MeanExcess,
    ThresholdStability,
    check_exceedances,
    mean_excess,
    resolve_threshold,
    threshold_stability,
)

__all__ = [
    "MIN_EXCEEDANCES",
    "GPDFit",
    "GPDGoF",
    "LRTest",
    "MeanExcess",
    "ReturnLevel",
    "ThresholdChoice",
    "ThresholdStability",
    "TopValues",
    "check_exceedances",
    "fit_gpd",
    "gpd_isf",
    "gpd_logpdf",
    "gpd_logsf",
    "gpd_ppf",
    "mean_excess",
    "peaks_input",
    "resolve_threshold",
    "select_threshold",
    "threshold_stability",
    "xi_of_excesses",
]
