"""The labels of the groups of a hierarchical fit: a group's key as text, and back.

The model names its groups by label (the parts of a tuple key joined with '/'); a caller may
name a group by its key as the data have it (:meth:`BayesHierarchicalFit.label_of`).
"""
from __future__ import annotations

import decimal
import math
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["label", "label_matches", "same_key"]


def label(key: Hashable) -> str:
    """A group's label: its key, the parts of a tuple joined with '/'."""
    if isinstance(key, tuple):
        return "/".join(str(k) for k in key)
    return str(key)


def same_key(written: str, key: Any) -> bool:
    """Whether a part of a group's label is the key ``key`` written as text: an integer by its
    exact value (1 and '1.0'; 2**53 + 1 is not '9007199254740992'), a float as the text reads
    in its type ('0.7' is 0.7), a missing key '<NA>'."""
    if key is None or key is pd.NA or (isinstance(key, float) and math.isnan(key)):
        return written == "<NA>"
    if isinstance(key, (float, np.floating)):
        # the text read in the key's own type: '0.7' is the double 0.7 (its exact decimal
        # value is not 0.7: groups keyed by a temperature of 0.7 were not found; a review)
        try:
            return bool(type(key)(written.strip()) == key)
        except (ValueError, OverflowError):
            return False
    if isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_)):
        try:
            value = decimal.Decimal(written)
        except decimal.InvalidOperation:
            return False
        return value.is_finite() and value == decimal.Decimal(int(key))
    return written == str(key)


def label_matches(label: str, parts: tuple[Any, ...]) -> bool:
    """Whether ``label`` is the parts of a key joined with '/' (a part may hold '/' itself:
    "meta/llama/1.0" is ("meta/llama", 1)), each part as :func:`same_key` reads it."""
    if len(parts) == 1:
        return same_key(label, parts[0])
    cut = label.find("/")
    while cut >= 0:
        if same_key(label[:cut], parts[0]) and label_matches(label[cut + 1:], parts[1:]):
            return True
        cut = label.find("/", cut + 1)
    return False
