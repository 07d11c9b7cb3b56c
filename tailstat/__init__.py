"""tailstat: extreme-value analysis of reward distributions.

How heavy is the upper tail of a reward model's scores, how sure are we, and what does that
mean for KL-regularised optimisation and best-of-n? See ``README.md`` and ``DESIGN.md``.
"""

from tailstat import datasets
from tailstat.analysis import TailAnalysis, TailDependence, analyze, tail_dependence
from tailstat.classify import TailClassification, classify
from tailstat.data import Sample, UpperTail, check_groups, check_sample, upper_tail
from tailstat.errors import (
    ConvergenceWarning,
    DataError,
    DegenerateDataWarning,
    FitError,
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
from tailstat.results import Interval

__version__ = "0.1.0"

__all__ = [
    "ConvergenceWarning",
    "DataError",
    "DegenerateDataWarning",
    "FitError",
    "Interval",
    "KChoice",
    "TailAnalysis",
    "TailClassification",
    "TailDependence",
    "TailIndexEstimate",
    "Sample",
    "TailstatError",
    "TailstatWarning",
    "TiesWarning",
    "UpperTail",
    "__version__",
    "analyze",
    "classify",
    "datasets",
    "tail_dependence",
    "check_groups",
    "check_sample",
    "choose_k",
    "hill",
    "moment",
    "pickands",
    "tail_path",
    "weibull_tail",
    "upper_tail",
]
