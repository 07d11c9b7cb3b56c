"""tailstat: extreme-value analysis of reward distributions.

How heavy is the upper tail of a reward model's scores, how sure are we, and what does that
mean for KL-regularised optimisation and best-of-n? See ``README.md`` and ``docs/science.md``.
"""

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The public names, by the module that defines them, imported on first use (PEP 562, as
# scientific Python's SPEC 1): ``import tailstat`` and ``tailstat --help`` need neither pandas
# nor scipy, and ``tailstat.hill`` loads the estimators alone. Type checkers and IDEs read the
# imports below.
_LAZY: dict[str, str] = {
    **dict.fromkeys(["TailAnalysis", "analyze"], "tailstat.analysis"),
    **dict.fromkeys(["BayesHierarchicalFit", "BayesTailFit", "fit_bayes",
                     "fit_bayes_hierarchical"], "tailstat.bayes"),
    **dict.fromkeys(["TailClassification", "classify"], "tailstat.classification"),
    **dict.fromkeys(["Sample", "UpperTail", "check_groups", "check_sample", "upper_tail"],
                    "tailstat.data"),
    **dict.fromkeys(["TailDependence", "tail_dependence"], "tailstat.dependence"),
    **dict.fromkeys(["ConvergenceWarning", "DataError", "DegenerateDataWarning", "FitError",
                     "HeavyTailWarning", "InputWarning", "MissingValuesError", "OutputError",
                     "TailstatError", "TailstatWarning", "TiesWarning"], "tailstat.errors"),
    **dict.fromkeys(["KChoice", "TailIndexEstimate", "choose_k", "hill", "moment", "pickands",
                     "tail_path", "weibull_tail"], "tailstat.estimators"),
    **dict.fromkeys(["Conditioning", "GoodhartSummary", "KLFrontier", "KLTilt",
                     "OverOptimizationFit", "best_of_n", "conditioning", "fit_overoptimization",
                     "goodhart_summary", "kl_frontier", "kl_tilt"], "tailstat.goodhart"),
    **dict.fromkeys(["GPDFit", "ThresholdChoice", "fit_gpd", "mean_excess", "select_threshold",
                     "threshold_stability"], "tailstat.gpd"),
    "TailMonitor": "tailstat.monitor",
    "report": "tailstat.reporting",
    "Interval": "tailstat.results",
    "read_analysis": "tailstat.saved",
    **dict.fromkeys(["TailSketch", "merge_sketches"], "tailstat.sketch"),
}

#: The subpackages and modules ``dir(tailstat)`` lists (``tailstat.plot``, ...); any public
#: module is reached as an attribute, as the eager imports had made them (a review:
#: ``tailstat.errors.DataError`` after ``import tailstat`` raised AttributeError).
_SUBMODULES = ("analysis", "bayes", "classification", "dask", "data", "datasets",
               "dependence", "errors", "estimators", "goodhart", "gpd", "monitor", "plot",
               "reporting", "results", "saved", "sketch")

# For type checkers (choose_k and conditioning from their own modules: under TYPE_CHECKING,
# mypy took the package's name for the submodule of that name).
if TYPE_CHECKING:
    from tailstat import datasets
    from tailstat import plot as plot
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
        hill,
        moment,
        pickands,
        tail_path,
        weibull_tail,
    )
    from tailstat.estimators.choose_k import choose_k
    from tailstat.goodhart import (
        Conditioning,
        GoodhartSummary,
        KLFrontier,
        KLTilt,
        OverOptimizationFit,
        best_of_n,
        fit_overoptimization,
        goodhart_summary,
        kl_frontier,
        kl_tilt,
    )
    from tailstat.goodhart.conditioning import conditioning
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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif not name.startswith("_"):  # a module (the plotting package imports matplotlib now)
        try:
            value = importlib.import_module(f"tailstat.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tailstat.{name}":
                raise  # a module it needs is missing: said as such
            raise AttributeError(f"module 'tailstat' has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module 'tailstat' has no attribute {name!r}")
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    """The public names and the subpackages (a review: ``dir(tailstat)`` listed ``Any`` and
    ``TYPE_CHECKING``, which tab completion offered)."""
    return sorted({*__all__, *_SUBMODULES, "__version__"})

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
