"""Tail classification (heavy / light / bounded in the MGF sense) with calibrated probabilities."""

from tailstat.classification._features import k_for, k_levels
from tailstat.classification.classifier import (
    CONFIDENT,
    LABELS,
    LEVEL_SLACK,
    MAX_PROBABILITY,
    SMALL_N,
    SUBTYPES,
    TailClassification,
    classify,
    reaches_level,
)
from tailstat.classification.flags import heavy_flags

__all__ = ["CONFIDENT", "LABELS", "LEVEL_SLACK", "MAX_PROBABILITY", "SMALL_N", "SUBTYPES",
           "TailClassification", "classify", "heavy_flags", "k_for", "k_levels", "reaches_level"]
