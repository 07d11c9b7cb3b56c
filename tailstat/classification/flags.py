"""Heavy-tail flags across many groups: Benjamini–Hochberg on p-values from a shipped null.

**The test.** Each group's classification gives a score, the log odds of a heavy tail
under the classifier's model (``settings["heavy_log_odds"]``: before the uniform mixture
and the ceiling of 0.98 that every calibrated ``P(heavy)`` carries, so that scores keep
their order where the probabilities all read 0.98). Its p-value is the probability that a
sample of the same size with a light or bounded tail scores at least as high
(:func:`heavy_pvalues`). Groups are flagged by the Benjamini–Hochberg step-up rule at
``fdr``: sort the ``m`` p-values, take the largest ``i`` with ``p_(i) <= fdr * i / m``
and flag the ``i`` smallest.

**The null.** "Not heavy" is composite, and it has no least-favourable member: an
exponentially tempered power law with a far enough cut-off scores like a power law at any
given size. So the null is a stated population of light and bounded tails, the classifier's
*tuning suite* (``benchmarks/tuning_suite.py``: mixtures of light components, saturation,
squashing, rounding, differences, contaminated bounded bodies and classical families, at
random location and scale), whose score law is precomputed at the classifier's reference
sizes and shipped (``flag_null.json``, built by ``benchmarks/flag_null.py``; a generalised
Pareto tail extrapolates it beyond the draws, so no Monte-Carlo floor limits the number of
groups). The p-values, and so the false-discovery rate, are exact for groups drawn from
that population and hold approximately for light tails like it; they are measured on groups
the null was not built from, the validation suite's light and bounded families
(``benchmarks/heavy_flags.py``, ``reports/heavy_flags.md``). A population of light tails
that look heavier than the tuning suite's (the score of a light group is then unusually
high) raises the false-discovery rate: the report and :func:`heavy_pvalues` say what the
null is. So does a plain exponential at small sizes (not one of the population's families):
P(p <= 0.05) = 0.10 at n = 50, 0.11 at 100, 0.036 at 200; P(p <= 0.01) at most 0.009
(review 428, 800 samples a size).

**Why not the calibrated probabilities.** An empirical-Bayes rule on ``P(heavy)`` (flag in
decreasing ``P(heavy)`` under an estimated share of heavy groups while the mean
``1 - P(heavy)`` stays at most ``fdr``) was the rule before: it kept the false-discovery
proportion at 0 and found 44% of heavy groups among a thousand light ones at n = 10^4,
because every calibrated probability is capped at 0.98 and so every group's local
false-discovery rate is at least 2-3%; the p-values of the scores found 67.5% on the same
draws (``benchmarks/heavy_flags.py`` then; 57.5% on today's validation-suite draws,
``reports/heavy_flags.md``; README, "Many groups").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tailstat.classification._flag_null import heavy_pvalue, null_table
from tailstat.errors import DataError

if TYPE_CHECKING:
    from tailstat.classification.classifier import TailClassification

__all__ = ["benjamini_hochberg", "heavy_flags", "heavy_pvalues", "null_families"]


def null_families() -> tuple[str, ...]:
    """The light and bounded families whose scores make the null (module doc)."""
    return null_table().families


def heavy_pvalues(classifications: Sequence[TailClassification | None]
                  | Mapping[Any, TailClassification | None]) -> np.ndarray:
    """The p-value of each group's heavy score under the null of light and bounded tails.

    Parameters
    ----------
    classifications : sequence or mapping of TailClassification or None
        One per group (a mapping: its values, in order); None (a group that could not be
        classified) gives NaN.

    Returns
    -------
    numpy.ndarray
        The share of light and bounded samples of the same size (the tuning suite's, module
        doc) whose score is at least the group's; NaN (never flagged) for None, a
        classification saved without a score (an earlier version), or one whose top values
        take too few distinct levels to read a shape from (``settings["coarse_levels"]``:
        counts, coarse ratings; its verdict is a lean, not a test result).
    """
    items = _classifications(classifications, "heavy_pvalues")
    if not items:
        return np.zeros(0)
    score = np.array([np.nan if c is None else float(c.settings.get("heavy_log_odds", np.nan))
                      for c in items])
    n = np.array([np.nan if c is None else float(c.settings.get("n_read", c.n))
                  for c in items])
    return heavy_pvalue(score, n)


def _classifications(obj: Any, caller: str = "heavy_flags") -> list[Any]:
    """The classifications given to ``caller`` (named in its messages: a review found
    heavy_pvalues' errors naming heavy_flags)."""
    from tailstat.classification.classifier import TailClassification

    values = list(obj.values()) if isinstance(obj, Mapping) else None
    if values is None:
        if isinstance(obj, (str, bytes)) or not isinstance(obj, Sequence | np.ndarray):
            raise DataError(f"{caller} takes the groups' classifications (a list or dict "
                            f"of TailClassification); got {type(obj).__name__} instead.")
        values = list(obj)
    bad = next((v for v in values if v is not None and not isinstance(v, TailClassification)),
               None)
    if bad is not None:
        raise DataError(
            f"{caller} takes the groups' classifications (TailClassification, or None for "
            f"a group that failed), not {type(bad).__name__}: the flags test each group's "
            "heavy score against light tails of its size, which P(heavy) alone does not "
            "give. For p-values you already have, use benjamini_hochberg(p_values, fdr).")
    return values


def benjamini_hochberg(p_values: Sequence[float] | np.ndarray, fdr: float = 0.05
                       ) -> np.ndarray:
    """The Benjamini–Hochberg step-up rule: which hypotheses to reject at ``fdr``.

    Parameters
    ----------
    p_values : sequence of float in [0, 1]
        NaN is never rejected and not counted among the hypotheses.
    fdr : float in (0, 1)
        The false-discovery rate controlled (for independent or positively dependent
        p-values).

    Returns
    -------
    numpy.ndarray of bool
        ``True`` for the ``i`` smallest p-values, ``i`` the largest with
        ``p_(i) <= fdr * i / m`` (m: the non-NaN p-values); equal p-values are rejected all
        or none.
    """
    _check_fdr(fdr)
    if isinstance(p_values, Mapping):  # np.asarray(dict) fails, list(dict) is its keys
        raise DataError("p_values must be a sequence of numbers, not a dict: pass "
                        "list(d.values()).")
    if isinstance(p_values, (set, frozenset)):  # no order to give the flags back in
        raise DataError("p_values must be a sequence of numbers (a list or an array), not a "
                        "set: its order is arbitrary, so the flags could not be matched to "
                        "the groups.")
    numeric = isinstance(p_values, np.ndarray) and p_values.dtype.kind in "fiu"
    if isinstance(p_values, (str, bytes)) or (not numeric and any(
            isinstance(v, (str, bytes, bool, np.bool_)) for v in np.ravel(
                np.asarray(p_values, dtype=object)))):  # (a review: True read as 1, '0.01')
        raise DataError("p_values must hold numbers in [0, 1] (not text or booleans).")
    try:
        p = np.asarray(p_values, dtype=float)
    except (TypeError, ValueError):
        try:  # pd.NA in a list (a group that could not be analysed), as NaN
            p = pd.array(list(p_values), dtype="Float64").to_numpy(dtype=float,
                                                                   na_value=np.nan)
        except (TypeError, ValueError):
            raise DataError("p_values must hold numbers in [0, 1].") from None
    if p.ndim != 1:
        raise DataError(f"p_values must be one-dimensional; got shape {p.shape} instead.")
    if np.any((p < 0) | (p > 1)):
        raise DataError("p_values must be in [0, 1].")
    out = np.zeros(p.shape, dtype=bool)
    ok = np.flatnonzero(np.isfinite(p))
    if ok.size == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    ps = p[order]
    # the comparison allows rounding (0.05 * 3 / 3 is not always 0.05)
    passed = np.flatnonzero(ps <= float(fdr) * np.arange(1, ok.size + 1) / ok.size
                            * (1 + 1e-12))
    if passed.size:
        cut = ps[passed.max()]
        out[order[ps <= cut]] = True  # ties with the cut: all of them
    return out


def _check_fdr(fdr: object) -> None:
    if isinstance(fdr, bool) or not isinstance(fdr, (int, float, np.floating)) \
            or not 0 < float(fdr) < 1:
        raise DataError(f"fdr must be a number in (0, 1); got {fdr!r} instead.")


def heavy_flags(classifications: Sequence[TailClassification | None]
                | Mapping[Any, TailClassification | None], fdr: float = 0.05) -> np.ndarray:
    """Which groups to flag as heavy-tailed, at a false-discovery rate ``fdr``.

    The rate is controlled when the light and bounded groups' tails resemble the population
    the null was built from (module doc): among many groups of one light shape that scores
    high under the classifier (a tempered power law, gamma(0.25)), flags can be false.

    Parameters
    ----------
    classifications : sequence or mapping of TailClassification or None
        One per group (``[classify(x) for x in groups]``, an analysis'
        ``classifications``); None (a group that could not be classified) is never flagged.
    fdr : float in (0, 1)
        Target expected proportion of false discoveries among the flagged groups.

    Returns
    -------
    numpy.ndarray of bool
        ``True`` for the flagged groups: Benjamini–Hochberg at ``fdr`` on
        :func:`heavy_pvalues` (module doc).

    Examples
    --------
    >>> import numpy as np, tailstat as ts
    >>> rng = np.random.default_rng(0)
    >>> groups = [rng.standard_normal(10_000) for _ in range(99)] + [rng.pareto(1.0, 10_000)]
    >>> flags = ts.classification.heavy_flags([ts.classify(x) for x in groups])
    >>> np.flatnonzero(flags).tolist()
    [99]
    """
    _check_fdr(fdr)
    _classifications(classifications)  # (its messages name heavy_flags)
    return benjamini_hochberg(heavy_pvalues(classifications), fdr)
