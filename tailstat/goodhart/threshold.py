"""The Goodhart tail model's automatic threshold (:func:`tailstat.goodhart.fit_tail_model`).

* :func:`auto_threshold` -- the Bader, Yan & Zhang (2018) search with each candidate fitted on
  at most :data:`AUTO_CAP` thinned excesses (tested on all of them), and the chosen one
  refitted on all its excesses;
* :func:`exponential_threshold` -- for a tail the classifier calls light (or bounded) whose
  fit there has ``xi`` clearly above 0: the higher threshold where an exponential fits, which
  the light-tail model (``xi = 0``, the mean excess) then uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tailstat.errors import DataError
from tailstat.goodhart._common import sorted_sample

__all__ = ["AUTO_CAP", "auto_threshold", "auto_threshold_possible", "exponential_threshold"]

#: The automatic threshold search tests and fits each candidate on at most this many excesses
#: (evenly spaced order statistics of its excesses when it has more).
AUTO_CAP = 5_000


@dataclass(frozen=True)
class _AutoFit:
    """What :func:`fit_tail_model` reads from a GPD fit (the result of :func:`auto_threshold`),
    with the values above the threshold themselves, sorted (``top``): the search's sort, which
    :func:`exponential_threshold` reads again."""

    xi: float
    sigma: float
    threshold: float
    n_exceed: int
    top: np.ndarray
    threshold_method: str
    warnings: tuple[str, ...] = ()

    @property
    def excesses(self) -> np.ndarray:
        """The values above the threshold, less it."""
        return self.top - self.threshold


def auto_threshold_possible(n: int, n_candidates: int = 20) -> bool:
    """Whether a sample of ``n`` values is large enough for :func:`auto_threshold` (the
    candidates, from the median up, must each leave 30 values above them: 62 at least)."""
    from tailstat.gpd.threshold import default_k_grid

    return bool(default_k_grid(n, n_candidates, k_min=30, lowest_quantile=0.5).size >= 2)


def auto_threshold(sample: Any, *, n_candidates: int = 20, alpha: float = 0.05,
                   cap: int = AUTO_CAP, warn: bool = True) -> Any:
    """Bader, Yan & Zhang (2018) threshold search, each candidate on at most ``cap`` excesses.

    The candidates are those of :func:`tailstat.select_threshold` (``n_candidates`` order
    statistics ``X(n-k)``, ``k`` geometric from ``n/2`` down to 30). At each candidate the GPD is
    fitted by maximum likelihood -- when it has more than ``cap`` excesses, to ``cap`` evenly
    spaced order statistics of them (always including the largest), which follow the same
    quantiles, so the estimate barely moves -- and tested with the Anderson–Darling statistic
    (asymptotic p-value) on *all* its excesses (one cheap pass: the test keeps its full
    power); ForwardStop at ``alpha`` chooses the threshold
    (:func:`tailstat.gpd.select.select_sorted` with ``cap``), and the GPD is refitted there on
    all its excesses (the thinned points' ``xi`` reads a little high: their largest is the
    sample's). The maximum-likelihood iterations over hundreds of thousands of excesses at
    low thresholds, at every candidate, are what made the full search slow.

    Parameters
    ----------
    sample : Sample
        A validated sample (:func:`tailstat.data.check_sample`).
    n_candidates : int
    alpha : float
    cap : int
    warn : bool
        Issue the caveats as warnings (default); they are always in the result's ``warnings``.

    Returns
    -------
    object
        With ``xi``, ``sigma``, ``threshold``, ``n_exceed``, ``excesses`` (all of them),
        ``threshold_method`` and ``warnings``, fitted to all the excesses of the chosen
        threshold; a :class:`tailstat.GPDFit` when no candidate needs thinning or the chosen
        one has at most ``cap`` excesses.
    """
    from tailstat.gpd import fit_gpd
    from tailstat.gpd.select import REFIT_FAILED, select_sorted
    from tailstat.gpd.threshold import default_k_grid

    n = int(sample.n)
    ks = default_k_grid(n, n_candidates, k_min=30, lowest_quantile=0.5)
    if ks.size < 2 or int(ks[0]) <= cap:
        return fit_gpd(sample, "auto", ci=None, warn=warn)  # nothing to thin: the full search
    srt = sorted_sample(sample.values)  # best-of-n's: sorted once in a summary
    choice = select_sorted(srt, n_candidates=n_candidates, alpha=alpha, min_exceed=30,
                           name=sample.name, cap=cap, refit_chosen=True, warn=warn)
    idx = choice.index
    if not math.isfinite(float(choice.xi[idx])):
        return fit_gpd(sample, "auto", ci=None, warn=warn)
    how = (f"bader2018 ForwardStop (alpha = {alpha:g}) over {choice.candidates.shape[0]} "
           f"candidates, each fitted on at most {cap} evenly spaced order statistics of its "
           "excesses and tested on all of them")
    if choice.n_exceed <= cap or choice.settings["chosen_fit"] == REFIT_FAILED:
        # refitted on all its excesses (the threshold is still chosen), here when the search
        # did not: fit_gpd starts afresh
        fit = fit_gpd(sample, choice.threshold, ci=None, warn=warn)
        return replace(fit, threshold_method=how + "; the chosen one refitted on all of them",
                       warnings=choice.warnings + fit.warnings)
    # the search refitted the chosen one on all its excesses, from its thinned estimate (the
    # thinned points' xi reads high; fit_gpd would sort the sample again and start afresh:
    # twice the time and 40% more memory at n = 10^7 on bounded scores)
    return _AutoFit(xi=float(choice.xi[idx]), sigma=float(choice.sigma[idx]),
                    threshold=choice.threshold, n_exceed=choice.n_exceed,
                    top=srt[n - choice.n_exceed:],
                    threshold_method=how + "; the chosen one " + choice.settings["chosen_fit"],
                    warnings=choice.warnings)


def exponential_threshold(s: Any, fit: Any, label: str) -> Any:
    """For a light or bounded tail whose GPD fit at the automatic threshold has ``xi`` clearly
    above 0: the fit at the lowest higher threshold ``X(n-k')`` (``k'`` shrinking by 0.8 from
    the chosen ``k``, not below ``max(30, sqrt(n))``) whose ``xi`` is not above 0 by more
    than 1.96 of its asymptotic standard error ``(1 + xi) / sqrt(k')``; ``None`` when the
    chosen threshold's own ``xi`` is not clearly positive, or when no higher one passes (the
    test would then pass by losing its power, on too few values to measure a scale).

    The light-tail model replaces a positive ``xi`` by an exponential with the mean excess,
    which keeps the mean but not the spread of excesses whose ``xi`` is clearly positive (a
    gamma tail with shape below 1, above its median): the frontier of gamma(0.5) samples of
    10^4 read 7% above the sample's own rate at 0.5 sd, inside the sample (a review).
    The search reads the values above the chosen threshold, sorted (the automatic search's
    sort), and ``xi`` alone at each step; only the threshold it ends at is fitted again
    (:func:`tailstat.fit_gpd`).
    """
    from tailstat.gpd import fit_gpd, xi_of_excesses

    k = int(fit.n_exceed)
    if float(fit.xi) * math.sqrt(k) <= 1.96 * (1.0 + float(fit.xi)):
        return None
    top = getattr(fit, "top", None)  # the values themselves: each threshold is one of them
    if top is None:  # a GPDFit (small samples): its excesses, not its values
        top = np.sort(s.values[s.values > fit.threshold])
    floor = max(30, math.ceil(math.sqrt(s.n)))
    kk = top.size
    while True:
        kk = int(kk * 0.8)
        if kk < floor:
            return None
        cut = float(top[top.size - kk - 1])  # the new threshold, above the old one
        y = top[int(np.searchsorted(top, cut, side="right")):] - cut  # x > u, as fit_gpd
        if y.size < floor:
            return None
        got = xi_of_excesses(y)
        if got is None:  # the GPD cannot be fitted there (ties)
            return None
        if got[0] * math.sqrt(y.size) <= 1.96 * (1.0 + got[0]):
            try:
                f = fit_gpd(s, cut, ci=None, warn=False)
            except DataError:
                return None
            return replace(f, threshold_method=str(fit.threshold_method) + "; moved up to the "
                           f"lowest threshold where the exponential is not rejected ({label} "
                           "tail)")
