"""tailstat: extreme-value analysis of reward distributions.

How heavy is the upper tail of a reward model's scores, how sure are we, and what does that
mean for KL-regularised optimisation and best-of-n? See ``README.md`` and ``docs/science.md``.
"""

from typing import TYPE_CHECKING, Any

from tailstat import datasets
from tailstat.analysis import TailAnalysis, analyze
from tailstat.bayes import BayesHierarchicalFit, BayesTailFit, fit_bayes, fit_bayes_hierarchical
from tailstat.classification import TailClassification, classify
from tailstat.data import Sample, UpperTail, check_groups, check_sample, upper_tail
from tailstat.dependence import TailDependence, tail_dependence
from tailstat.errors import (
    ConvergenceWarning,
    DataError,
    DegenerateDataWarning,
    FitError,
    HeavyTailWarning,
    InputWarning,
    MissingValuesError,
    OutputError,
    TailstatError,
    TailstatWarning,
    TiesWarning,
)
from tailstat.estimators import (
    KChoice,
    TailIndexEstimate,
    choose_k,
    hill,
    moment,
    pickands,
    tail_path,
    weibull_tail,
)
from tailstat.goodhart import (
    Conditioning,
    GoodhartSummary,
    KLFrontier,
    KLTilt,
    OverOptimizationFit,
    best_of_n,
    conditioning,
    fit_overoptimization,
    goodhart_summary,
    kl_frontier,
    kl_tilt,
)
from tailstat.gpd import (
    GPDFit,
    ThresholdChoice,
    fit_gpd,
    mean_excess,
    select_threshold,
    threshold_stability,
)
from tailstat.monitor import TailMonitor
from tailstat.reporting import report
from tailstat.results import Interval
from tailstat.saved import read_analysis
from tailstat.sketch import TailSketch, merge_sketches

__version__ = "0.1.0"

if TYPE_CHECKING:  # lazy at run time (below); typed for type checkers
    from tailstat import plot as plot


def __getattr__(name: str) -> Any:
    if name == "plot":  # lazy: the plotting package imports matplotlib
        import importlib

        return importlib.import_module("tailstat.plot")
    raise AttributeError(f"module 'tailstat' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names and the subpackages (a review: ``dir(tailstat)`` listed ``Any`` and
    ``TYPE_CHECKING``, which tab completion offered)."""
    subpackages = ["bayes", "classification", "dask", "data", "datasets", "dependence",
                   "estimators", "goodhart", "gpd", "monitor", "plot", "reporting", "saved",
                   "sketch"]
    return sorted({*__all__, *subpackages, "__version__"})

__all__ = [
    "BayesHierarchicalFit",
    "BayesTailFit",
    "Conditioning",
    "ConvergenceWarning",
    "DataError",
    "DegenerateDataWarning",
    "FitError",
    "GPDFit",
    "GoodhartSummary",
    "HeavyTailWarning",
    "InputWarning",
    "Interval",
    "KChoice",
    "KLFrontier",
    "KLTilt",
    "MissingValuesError",
    "OutputError",
    "OverOptimizationFit",
    "Sample",
    "TailAnalysis",
    "TailClassification",
    "TailDependence",
    "TailIndexEstimate",
    "TailMonitor",
    "TailSketch",
    "TailstatError",
    "TailstatWarning",
    "ThresholdChoice",
    "TiesWarning",
    "UpperTail",
    "__version__",
    "analyze",
    "best_of_n",
    "check_groups",
    "check_sample",
    "choose_k",
    "classify",
    "conditioning",
    "datasets",
    "fit_bayes",
    "fit_bayes_hierarchical",
    "fit_gpd",
    "fit_overoptimization",
    "goodhart_summary",
    "hill",
    "kl_frontier",
    "kl_tilt",
    "mean_excess",
    "merge_sketches",
    "moment",
    "pickands",
    "plot",
    "read_analysis",
    "report",
    "select_threshold",
    "tail_dependence",
    "tail_path",
    "threshold_stability",
    "upper_tail",
    "weibull_tail",
]
