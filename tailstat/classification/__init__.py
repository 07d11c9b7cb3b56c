"""Tail classification (heavy / light / bounded in the MGF sense) with calibrated probabilities."""

from tailstat.classification._features import k_for
from tailstat.classification.classifier import (
    LABELS,
    SUBTYPES,
    TailClassification,
    classify,
    heavy_pvalue,
)

__all__ = ["LABELS", "SUBTYPES", "TailClassification", "classify", "heavy_pvalue", "k_for"]
