"""Semi-parametric tail estimators over the upper order statistics, their paths and k choice."""

from tailstat.estimators.choose_k import KChoice, choose_k
from tailstat.estimators.paths import tail_path
from tailstat.estimators.semiparametric import (
    ESTIMATORS,
    TailIndexEstimate,
    hill,
    moment,
    pickands,
    weibull_tail,
)

__all__ = [
    "ESTIMATORS",
    "KChoice",
    "TailIndexEstimate",
    "choose_k",
    "hill",
    "moment",
    "pickands",
    "tail_path",
    "weibull_tail",
]
