"""Tail classification (heavy / light / bounded in the MGF sense) with calibrated probabilities."""

from tailstat.classification._features import MIN_HELD, held_depth, k_for, k_levels
from tailstat.classification._window import SPREAD_TIES
from tailstat.classification.classifier import (
    CONFIDENT,
    LABELS,
    SMALL_N,
    SUBTYPES,
    TailClassification,
    classify,
)
from tailstat.classification.flags import benjamini_hochberg, heavy_flags, heavy_pvalues
from tailstat.classification.levels import (
    LEVEL_SLACK,
    MAX_PROBABILITY,
    MIN_PROBABILITY,
    applied_level,
    reaches_level,
    shown_probability,
)

__all__ = ["CONFIDENT", "LABELS", "LEVEL_SLACK", "MAX_PROBABILITY", "MIN_HELD",
           "MIN_PROBABILITY", "SMALL_N",
           "SPREAD_TIES", "SUBTYPES", "TailClassification", "applied_level",
           "benjamini_hochberg", "classify", "heavy_flags", "heavy_pvalues", "held_depth",
           "k_for", "k_levels", "reaches_level", "shown_probability"]
