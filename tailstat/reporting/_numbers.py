"""Numbers as the report shows them (pure text, no HTML): decimals, significant digits,
intervals, probabilities and p-values, with a true minus sign."""

from __future__ import annotations

import math
from typing import Any

from tailstat._display import significant
from tailstat.classification.levels import shown_probability

__all__ = ["ci", "estimate", "fmt", "prob", "pvalue", "sig"]


def fmt(v: Any, digits: int = 2) -> str:
    """A number with ``digits`` decimals; an en dash for missing or non-finite values."""
    if v is None:
        return "–"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not math.isfinite(f):
        return "∞" if f == math.inf else ("−∞" if f == -math.inf else "–")
    s = f"{f:.{digits}f}"
    if s.startswith("-"):
        s = "−" + s[1:]
        if float(s[1:]) == 0:
            s = s[1:]
    return s


def sig(v: Any, digits: int = 4, scale: Any = None) -> str:
    """A number with ``digits`` significant digits (thresholds, scales); with ``scale`` (the
    spread of the values it stands among, e.g. the tail's σ), at least enough that a hundredth
    of it shows: scores near 10^6 with σ = 0.9 gave every threshold as ``1e+06``, where the
    saved analysis has 1000001.64."""
    if v is None or not math.isfinite(float(v)):
        return "–"
    return significant(v, digits, scale)


def _ends(low: Any, high: Any, digits: int) -> tuple[list[str], int]:
    """The two ends as :func:`ci` shows them, both with the same decimals, and how many."""
    ends = [float(v) if v is not None else math.nan for v in (low, high)]
    d = digits  # as many decimals as tell the ends apart ...
    while d < digits + 3 and ends[0] != ends[1] and fmt(ends[0], d) == fmt(ends[1], d):
        d += 1
    for v in ends:  # ... and show neither as 0 when it is not
        while d < digits + 3 and math.isfinite(v) and v != 0 and float(f"{v:.{d}f}") == 0:
            d += 1
    shown = [fmt(v, d) for v in ends]  # (one rounding for both: an estimate shown with it
    # lies between them, review 434: 0.0124 beside [−0.002, 0.01])
    return [("−" + t if v < 0 and not t.startswith("−") else t)
            for t, v in zip(shown, ends, strict=True)], d


def ci(low: Any, high: Any, digits: int = 2) -> str:
    """``[low, high]``, or an en dash when neither bound is known. Both ends get up to three
    more decimals where ``digits`` show one that is not 0 as 0 (and its sign), or two
    different ends alike (review 432: ``[0.00, 0.20]`` of a ξ interval from -0.004,
    which crosses 0, the line between heavy and light; ``[0.00, 0.00]``)."""
    if (low is None or not math.isfinite(float(low))) and \
            (high is None or not math.isfinite(float(high))):
        return "–"
    shown, _ = _ends(low, high, digits)
    return f"[{shown[0]}, {shown[1]}]"


def estimate(v: Any, low: Any, high: Any, digits: int = 2) -> str:
    """``v`` with the decimals :func:`ci` gives its interval, so that it shows between its
    ends when it lies between them (review 433: "ξ = 0.00 [0.001, 0.01]")."""
    if (low is None or not math.isfinite(float(low))) and \
            (high is None or not math.isfinite(float(high))):
        return fmt(v, digits)
    return fmt(v, _ends(low, high, digits)[1])


def _finite(p: Any) -> float | None:
    """``p`` as a float, or ``None`` when it is missing or not finite."""
    if p is None:
        return None
    f = float(p)
    return f if math.isfinite(f) else None


def prob(p: Any, confident: bool | None = None, cut: bool = True) -> str:
    """A probability: two decimals, ``<0.01`` / ``>0.99`` at the ends; below the confident
    level (or with ``confident=False``) 0.797 reads 0.79, as the classifier shows it, not the
    confident level's 0.80 (the report said "Uncertain — leaning light (0.80)", and a
    P(heavy) of 0.7953 read 0.79 in a verdict beside 0.80 in its flag); ``cut``: a P(heavy),
    with a third decimal near 0.2 (:func:`shown_probability`)."""
    f = _finite(p)
    if f is None:
        return "–"
    if f < 0.01:
        return "<0.01"
    if f > 0.99:
        return ">0.99"
    return shown_probability(f, confident, cut=cut)


def pvalue(p: Any) -> str:
    """``p = 0.034``, ``p = 0.52``, ``p < 0.001`` (two significant digits, at most)."""
    f = _finite(p)
    if f is None:
        return "p = –"
    if f < 0.001:
        return "p < 0.001"
    return f"p = {f:.2f}" if f >= 0.01 else f"p = {f:.3f}"
