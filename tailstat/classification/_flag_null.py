"""The null law of the heavy flags' score: how high the log odds of a heavy tail run when the
tail is light or bounded.

The table (``flag_null.json``, built offline by ``benchmarks/flag_null.py`` from the
classifier's tuning suite, never from the validation suite) holds, at each reference size,
quantiles of the score ``settings["heavy_log_odds"]`` of light and bounded samples and a
generalised Pareto tail above its 0.98 quantile. :func:`heavy_pvalue` reads the survival
function off it: interpolated between the quantiles in the body, the GPD beyond (with the
upper end of the shape's 95% interval: the extrapolation errs towards larger p-values;
past the largest draw a tail with a shape below 0 keeps its hazard there, so the null has no
end point), and
linearly in ``log10 n`` between two reference sizes (sizes outside the table read its
nearest size). Nothing is simulated at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tailstat.gpd import gpd_logsf

__all__ = ["heavy_pvalue", "null_table"]


@dataclass(frozen=True)
class NullTable:
    """The null law of the score at each reference size (module doc)."""

    log10_n: np.ndarray  # (S,)
    levels: np.ndarray  # (L,) quantile levels of the body
    quantiles: np.ndarray  # (S, L)
    threshold: np.ndarray  # (S,) where the GPD tail starts
    share: np.ndarray  # (S,) the null's probability above the threshold
    xi: np.ndarray  # (S,) the upper end of the fitted shape's 95% interval (conservative)
    sigma: np.ndarray  # (S,)
    draws: np.ndarray  # (S,)
    families: tuple[str, ...]


@lru_cache(maxsize=1)
def null_table() -> NullTable:
    """The shipped table (read once)."""
    raw = json.loads(Path(__file__).with_name("flag_null.json").read_text())
    sizes = raw["sizes"]
    out = NullTable(
        log10_n=np.asarray(raw["log10_n"], dtype=float),
        levels=np.asarray(raw["levels"], dtype=float),
        quantiles=np.asarray([s["quantiles"] for s in sizes], dtype=float),
        threshold=np.asarray([s["tail"]["threshold"] for s in sizes], dtype=float),
        share=np.asarray([s["tail"]["share"] for s in sizes], dtype=float),
        xi=np.asarray([s["tail"]["xi_upper"] for s in sizes], dtype=float),
        sigma=np.asarray([s["tail"]["sigma"] for s in sizes], dtype=float),
        draws=np.asarray([s["draws"] for s in sizes], dtype=int),
        families=tuple(raw["families"]))
    for a in (out.log10_n, out.levels, out.quantiles, out.threshold, out.share, out.xi,
              out.sigma, out.draws):
        a.setflags(write=False)
    return out


#: Half the unit the shipped quantiles are rounded to (benchmarks/flag_null.py: 6 decimals).
_ROUNDING = 5e-7


def _survival(score: np.ndarray, i: int) -> np.ndarray:
    """P(score' >= score) under the null at reference size ``i``."""
    tab = null_table()
    u, share, xi, sigma = (float(tab.threshold[i]), float(tab.share[i]), float(tab.xi[i]),
                           float(tab.sigma[i]))
    q = tab.quantiles[i]
    body = q <= u
    # the body: survival 1 - level between the quantiles, joined to the tail at (u, share)
    xp = np.r_[q[body], u]
    fp = np.r_[1.0 - tab.levels[body], share]
    out = np.interp(score, xp, fp, left=1.0)
    # a score at quantiles that tie (an atom of the null: saturated samples all score the
    # ceiling's log odds, at 3-19 levels of a size) has the whole atom at or above it, so
    # its survival is the first tied level's; np.interp took the last one (a review: a
    # clipped sample's p was 0.946 at n = 3162, where it is the null's least score). "At"
    # is within the table's rounding of its quantiles.
    first = np.searchsorted(xp, score - _ROUNDING, side="left")
    at = first < xp.size
    at[at] = np.abs(xp[first[at]] - score[at]) <= _ROUNDING
    out[at] = fp[first[at]]
    above = score > u
    if np.any(above):
        out[above] = share * np.exp(gpd_logsf(score[above] - u, xi, sigma))
    # past the largest draw (survival 1 / draws) the table knows only the trend: the GPD's
    # hazard there is held (an exponential tail). A fitted shape below 0 -- its upper bound
    # was, at 11 of 12 sizes, on 40-400 exceedances -- would otherwise end the null at an end
    # point that jumped between neighbouring sizes (4.6 to 15.6), with p = 0 past it (a review)
    # (with a shape >= 0 the GPD already has no end point, and holding its hazard would make
    # the tail lighter than fitted: it is kept)
    y0, hazard = _last_draw(share * float(tab.draws[i]), xi, sigma)
    far = score > u + y0
    if xi < 0 and np.any(far):
        out[far] = np.exp(-(score[far] - u - y0) * hazard) / float(tab.draws[i])
    return out


def _last_draw(exceedances: float, xi: float, sigma: float) -> tuple[float, float]:
    """Where a GPD tail of ``exceedances`` draws has survival ``1 / exceedances`` (the excess
    of the largest draw, in expectation) and its hazard there."""
    if exceedances <= 1.0:
        return 0.0, 1.0 / sigma
    if abs(xi) < 1e-12:
        return sigma * float(np.log(exceedances)), 1.0 / sigma
    y0 = sigma / xi * (exceedances ** xi - 1.0)
    return y0, 1.0 / (sigma + xi * y0)


def heavy_pvalue(score: float | np.ndarray, n: int | np.ndarray) -> np.ndarray:
    """The p-value of each score: the share of light and bounded samples of the same size
    (the tuning suite's, module doc) whose score is at least as high. NaN stays NaN.

    Parameters
    ----------
    score : float or array of float
        ``settings["heavy_log_odds"]`` of each classification.
    n : int or array of int
        The number of values each classification read (``settings["n_read"]``).

    Returns
    -------
    numpy.ndarray
        p-values in [0, 1]: above 0 for every finite score until the exponential tail
        underflows (at most sizes, scores past about 175 to 300), since the null is never
        given an end point.
    """
    s = np.atleast_1d(np.asarray(score, dtype=float))
    x = np.broadcast_to(np.log10(np.asarray(n, dtype=float)), s.shape)
    tab = null_table()
    grid = tab.log10_n
    ok = np.isfinite(s) & np.isfinite(x)
    pos = np.clip(np.interp(np.where(ok, x, grid[0]), grid, np.arange(grid.size)), 0,
                  grid.size - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, grid.size - 1)
    w = pos - lo
    ends = []
    for idx in (lo, hi):
        p = np.full(s.shape, np.nan)
        for i in np.unique(idx[ok]):
            at = ok & (idx == i)
            p[at] = _survival(s[at], int(i))
        ends.append(p)
    out = (1 - w) * ends[0] + w * ends[1]
    # a score of +-inf is p = 0 or 1, not "missing" (which would also leave it out of m)
    infinite = np.isinf(s) & np.isfinite(x)
    out[infinite] = (s[infinite] < 0).astype(float)
    return out
