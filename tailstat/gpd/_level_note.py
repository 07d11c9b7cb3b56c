"""The caveat for a number given as a GPD threshold that leaves most of the sample above it.

``fit_gpd(x, 0.95)`` meant as the 95th percentile, or ``fit_gpd(x, 0.0)`` on scores above 1:
a fit of the whole sample, whose shape is the body's. :func:`quantile_level_note` says so,
unless the sample reads as the exceedances of the threshold (:func:`_exceedances_of`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tailstat.errors import DataError
from tailstat.gpd._common import MIN_EXCEEDANCES, TopValues
from tailstat.gpd.select import ThresholdChoice

__all__ = ["quantile_level_note"]


def _percent_reading(threshold: Any, u: float, maximum: float) -> str | None:
    """The hint for a number in [50, 100) (the levels of an upper quantile) given as the
    threshold that left too few exceedances (``fit_gpd(x, 95)`` meant as the 95th
    percentile) of a sample whose ``maximum`` lies below half of it, else ``None`` (a
    review: the largest of scores up to 58.9 given as the threshold was read as a level)."""
    if isinstance(threshold, (str, ThresholdChoice)) or not 50.0 <= u < 100.0 \
            or not maximum < 0.5 * u:
        return None
    return (f"(threshold={u:g} is an absolute value; for the {u:g}% quantile pass "
            f"threshold='{u:g}%'.)")


def quantile_level_note(values: np.ndarray | TopValues, threshold: Any, u: float,
                        name: str | None = None) -> str | None:
    """The caveat for a number given as the threshold that leaves most of the sample above
    it: one in (0, 1) that reads like a quantile level (``fit_gpd(x, 0.95)`` meant as the
    95th percentile), or any other below every value (``fit_gpd(x, 0.0)`` on scores above
    1), else ``None``.

    ``values`` is the validated sample (or a sketch's :class:`TopValues`), ``threshold`` the
    specification given and ``u`` the threshold it resolved to; ``name`` labels the text.

    A number is an absolute threshold. It is flagged only when both readings are plausible
    and far apart: more than half of the sample lies above ``u`` (a peaks-over-threshold fit of
    most of the sample, not of its tail) and the sample's own ``u``-quantile exceeds 1 (the
    data are not on the probability scale there, where the two readings nearly agree). An
    ordinary absolute threshold leaves a minority of the sample above it; one in (0, 1) on
    rewards in [0, 1] has a quantile reading of at most 1. Nor is a sample of exceedances
    of ``u`` flagged: none of it below ``u``, its lowest value within :data:`_EDGE_SPACINGS`
    typical gaps of ``u``, and those gaps no wider than :data:`_LOW_GAP_RATIO` times the
    middle's (a density highest at ``u``; ``x[x > u]``, or the top ``k + 1`` values
    with ``u`` the lowest, as ``classify(method="bayes")`` hands them to ``fit_bayes``; with
    ties at the lowest, the values above ``u`` alone).

    Any other number below every value, the sample not its exceedances (its lowest value
    far above it), gets the plain caveat: a fit of the whole sample, whose shape is the
    body's (a review: ``fit_gpd(x, 0.0)`` on Pareto(3) scores, all above 1, gave
    ξ = -0.05 [-0.055, -0.040] without a word, and ``threshold=-1e9`` ξ = -1).
    """
    if isinstance(threshold, str):
        return _low_percent_note(values, threshold, u, name)
    if isinstance(threshold, ThresholdChoice):
        return None
    level = _quantile_level_note(values, u, name) if 0.0 < u < 1.0 else None
    # (in (0, 1) too when the quantile reading does not apply: 0.2 below scores from 0.5
    # was silent where 0.0 and -0.2 were said, a review)
    return level if level is not None else _most_of_sample_note(values, u, name)


def _low_percent_note(values: np.ndarray | TopValues, threshold: str, u: float,
                      name: str | None) -> str | None:
    """The caveat for a percentage below 50 (``"0.95%"``, the typo for ``"95%"``): a fit of
    the sample's body, not its tail (a review: a t(3) sample fitted at its 0.95%
    quantile read ξ = -0.18, "bounded", without a word, where ``0.95`` is said)."""
    from tailstat._validation import parse_percent

    try:
        p = parse_percent(threshold)
    except (DataError, ValueError, TypeError):  # "auto", or malformed (said elsewhere)
        return None
    if p >= 50.0:
        return None
    n = values.n if isinstance(values, TopValues) else int(values.shape[0])
    k = (int(values.n_above(np.array([u]))[0]) if isinstance(values, TopValues)
         else int(np.count_nonzero(values > u)))
    if k <= 3 * MIN_EXCEEDANCES:  # a small sample, whose tail is most of it (the advice
        # for too few exceedances leaves 10 of 12 values above its percentage)
        return None
    of = f" of {name!r}" if name is not None else ""
    meant = (f" If you meant the {100 * p:g}% quantile, pass threshold='{100 * p:g}%'."
             if 0.5 <= p < 1.0 else "")
    return (f"threshold={threshold!r} is the {p:g}% quantile ({u:.6g}): {k} of the {n} "
            f"values{of} ({k / n:.0%}) lie above it: a fit of the sample's body, not of its "
            f"tail.{meant} The threshold is used as given.")


def _quantile_level_note(values: np.ndarray | TopValues, u: float, name: str | None
                         ) -> str | None:
    """The caveat for a number in (0, 1) that reads like a quantile level (see
    :func:`quantile_level_note`)."""
    try:
        if isinstance(values, TopValues):
            n, k = values.n, int(values.n_above(np.array([u]))[0])
            q = values.quantile(u)
        else:
            n, k = int(values.shape[0]), int(np.count_nonzero(values > u))
            q = float(np.quantile(values, u))
    except DataError:  # a sketch that does not hold them: the fit says so itself
        return None
    # strictly more than half: a threshold chosen at the median (select_threshold's lowest
    # candidate, passed on as a number) leaves at most half above it
    if 2 * k <= n or not q > 1.0 or _exceedances_of(values, u):
        return None
    of = f" of {name!r}" if name is not None else ""
    return (f"threshold={u:g} is an absolute value (exceedances x > {u:g}), and {k} of the "
            f"{n} values{of} ({k / n:.0%}) lie above it: most of the sample, not its tail. If "
            f"you meant the {100 * u:g}% quantile ({q:.6g} here), pass threshold="
            f"'{100 * u:g}%'; the value {u:g} is used as given.")


def _most_of_sample_note(values: np.ndarray | TopValues, u: float, name: str | None
                         ) -> str | None:
    """The caveat for a number below every value of a sample that is not its exceedances
    (see :func:`quantile_level_note`)."""
    if isinstance(values, TopValues):
        if not values.complete:  # a sketch holds its top: a low threshold is refused there
            return None
        held = values.asc
    else:
        held = values
    # every value above u, the lowest far from it: the whole sample, not excesses of u (a
    # small sample's tail may be most of it: tailstat's own advice for too few exceedances
    # can leave 60% above, so only the whole sample is said). Not when the lowest values
    # tie: the excesses of rounded scores start one step above u, as ratings on a scale
    # start one step above 0, and the two cannot be told apart (a re-read: reading distinct
    # levels silenced the quantile reading's caveat for ratings 1-10)
    lowest = np.partition(held, 1)[:2] if held.shape[0] > 1 else held  # the two smallest
    if float(lowest[0]) <= u or lowest[0] == lowest[-1] or _exceedances_of(held, u):
        return None
    of = f" of {name!r}" if name is not None else ""
    return (f"threshold={u:g} is below every value{of} (the smallest is "
            f"{float(lowest[0]):.6g}): the fit describes the whole sample, its body, not "
            "its upper tail, and the values do not read as excesses of it. For the tail pass "
            "a high threshold: threshold='auto' (chosen from the data) or a quantile such "
            "as '95%'; the value is used as given.")


#: A sample with no value below ``u`` whose lowest value lies within this many of its lowest
#: values' mean gaps above ``u`` reads as exceedances of ``u`` (for ``x[x > u]`` from a
#: continuous law the distance is about one gap; ``fit_gpd(x, 0.95)`` on values above 1 puts
#: ``u`` hundreds of gaps below them). Exceedances with a density at ``u`` miss it with
#: probability about ``(1 / (1 + c/10))^10`` for ``c`` this number (the first gap exponential,
#: the ten after it a Gamma(10) sum): at 10, one fit in a thousand of GPD excesses was told
#: its threshold was below the sample's body (``benchmarks/gpd_coverage.py``: 2 of 6,000);
#: at 30, about one in a million.
_EDGE_SPACINGS = 30.0
#: How much wider than the middle's the lowest gaps of a sample of exceedances may be, from
#: 44 values (below, the lowest eleven reach into the middle quartiles). Uniform exceedances,
#: the flattest (xi = -1), fail it in 21, 9, 3 and 0 of 20,000 samples of 44, 60, 100 and 200
#: (the middle's gap estimated from few values; at large n the mean of ten gaps 3 times its
#: expectation, about 1e-6); exponential and GPD(+-0.5) ones in at most 1 of 20,000.
_LOW_GAP_RATIO = 3.0


def _exceedances_of(values: np.ndarray | TopValues, u: float) -> bool:
    """Whether the sample reads as the exceedances of ``u`` (see :func:`quantile_level_note`)."""
    if isinstance(values, TopValues):
        if not values.complete:  # its lowest values are not held
            return False
        whole = values.asc
        low = whole[:11]
    else:
        whole = values
        low = np.sort(np.partition(values, min(10, values.shape[0] - 1))[:11])
    if low[0] < u or low.shape[0] < 2:
        return False
    gap = (low[-1] - low[0]) / (low.shape[0] - 1)
    if not low[0] - u <= _EDGE_SPACINGS * gap:
        return False
    # exceedances are densest just above u (a GPD's density falls from its threshold for
    # every xi > -1): their lowest gaps are no wider than the middle's. A normal sample's
    # lowest values are far sparser (N(5, 1), n = 5,000: about 100 times; it read as the
    # exceedances of 0.95, and fit_gpd(x, 0.95) fitted its body without a word: a review)
    if whole.shape[0] < 4 * low.shape[0]:
        # the lowest values reach into the middle quartiles: the two gaps are not apart, and
        # a heavy sample's range is wide beside its middle (GPD(0.5) excesses, n = 10-11:
        # 40% read as not excesses, a review); the test of the distance alone, as before
        return True
    q25, q75 = np.quantile(whole, [0.25, 0.75])
    middle = (q75 - q25) / (0.5 * whole.shape[0])
    return bool(middle == 0 or gap <= _LOW_GAP_RATIO * middle)
