"""What may be wrong with the parts of a decoded saved analysis that its field types do not
pin down (:mod:`tailstat.saved`): a classification's verdict fields and evidence, a Goodhart
summary's ``gold`` and ``sample_stops``. A file can be valid tagged JSON and each field of
the declared kind, and still hold, say, text where a number is read: such a file was read,
and ``explain()``, the report or the command line failed later with a TypeError (exit 70; a
review fuzzed 3,000 files)."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from tailstat.results import Result

__all__ = ["classification_problem", "goodhart_problem"]

#: The keys of ``GoodhartSummary.gold`` that hold text, and true/false; every other one holds
#: a number or null.
_GOLD_TEXT = frozenset({"error_label", "gold_label"})
_GOLD_FLAGS = frozenset({"error_confident", "gold_confident", "error_constant"})
#: The keys of ``GoodhartSummary.gold`` that hold a probability, a share or a quantile, in
#: [0, 1] (a P(heavy) of 7 was read back and written on the page: a review), and the labels.
_GOLD_UNIT = frozenset({"error_p_heavy", "gold_p_heavy", "error_gold_chi",
                        "error_gold_chi_level", "error_top_gold_share", "error_top_gold_quantile",
                        "error_top_reward_quantile", "error_top_reward_share",
                        "reward_top_error_share", "reward_top_extreme_share"})
_GOLD_LABELS = frozenset({"error_label", "gold_label"})
#: The largest integer a saved number may be: what a float holds exactly (a count's bound;
#: a value of 10**20 read back as an integer failed in the figures).
_EXACT = 2**53


def _count(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 1


def _real(v: Any) -> bool:  # NaN allowed: an index that could not be estimated
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def classification_problem(c: Any) -> str | None:
    """What is wrong with a decoded classification's verdict fields (a label the classifier
    does not give, probabilities that are not probabilities), or None."""
    from tailstat.classification import LABELS, SUBTYPES

    if c.label not in LABELS:
        return f"has the label {c.label!r}, not one of {', '.join(LABELS)}"
    if c.subtype not in SUBTYPES:
        return f"has the subtype {c.subtype!r}, not one of {', '.join(SUBTYPES)}"
    probs = c.probabilities
    if not isinstance(probs, dict) or set(probs) != set(LABELS):
        return f"has probabilities for {sorted(probs) if isinstance(probs, dict) else probs!r}"
    values = list(probs.values())
    if not all(isinstance(p, (int, float)) and not isinstance(p, bool) and 0.0 <= p <= 1.0
               for p in values):
        return f"has probabilities that are not numbers in [0, 1] ({probs!r})"
    if abs(sum(values) - 1.0) > 1e-6:
        return f"has probabilities that do not sum to 1 ({probs!r})"
    if not (_count(c.n) and _count(c.k) and c.k < c.n):
        return f"has n = {c.n!r} and k = {c.k!r}, not counts with 1 <= k < n"
    n_read = c.settings.get("n_read") if isinstance(c.settings, dict) else None
    if n_read is not None and not (isinstance(n_read, numbers.Integral) and not isinstance(
            n_read, (bool, np.bool_)) and 1 <= int(n_read) <= c.n):
        return f"has settings['n_read'] = {n_read!r}, not a count up to n"
    for name in ("xi", "theta"):
        value, ci = getattr(c, name), getattr(c, f"{name}_ci")
        if not (_real(value) and _real(getattr(ci, "low", None))
                and _real(getattr(ci, "high", None))):
            return f"has {name} = {value!r} with interval {ci!r}: not numbers"
    evidence = c.evidence
    if not isinstance(evidence, dict):
        return f"has evidence of type {type(evidence).__name__}, not a mapping"
    bad = next((k for k, e in evidence.items() if not isinstance(e, Result)), None)
    if bad is not None:
        return f"has evidence[{bad!r}] = {evidence[bad]!r}, not an estimate"
    return None


def _number(v: Any) -> bool:
    """A number as the encoder writes one: a float (NaN, inf included), or an integer a float
    holds exactly; not true/false."""
    if isinstance(v, (bool, np.bool_)):
        return False
    if isinstance(v, (float, np.floating)):
        return True
    return isinstance(v, numbers.Integral) and abs(int(v)) <= _EXACT


def goodhart_problem(g: Any) -> str | None:
    """What is wrong with a decoded Goodhart summary's ``gold`` and ``sample_stops`` (text,
    true/false and numbers where each is read), or None."""
    for name, text, flags in (("gold", _GOLD_TEXT, _GOLD_FLAGS),
                              ("sample_stops", frozenset(), frozenset())):
        values = getattr(g, name)
        if values is None and name == "gold":
            continue
        if not isinstance(values, dict):
            return f"has {name} of type {type(values).__name__}, not a mapping"
        for key, v in values.items():
            if key in text:
                ok, what = v is None or isinstance(v, str), "text"
            elif key in flags:
                ok, what = v is None or isinstance(v, (bool, np.bool_)), "true/false"
            else:
                ok, what = v is None or _number(v), "a number"
            if ok and v is not None and key in _GOLD_UNIT and name == "gold":
                ok, what = not float(v) > 1.0 and not float(v) < 0.0, "a number in [0, 1]"
            if ok and v is not None and key in _GOLD_LABELS and name == "gold":
                ok, what = v in ("heavy", "light", "bounded"), "heavy, light or bounded"
            if not ok:
                return f"has {name}[{key!r}] = {v!r}, not {what}"
    return None
