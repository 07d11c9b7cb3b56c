"""Overoptimisation curves: :func:`fit_overoptimization` (Gao, Schulman & Hilton 2022).

With ``d = sqrt(KL(pi || pi0))`` the gold (true) reward, relative to the base policy, follows

* best-of-n: ``R_bon(d) = d (alpha - beta d) = alpha d - beta d^2``;
* RL:        ``R_rl(d)  = d (alpha - beta log d) = alpha d - beta d log d``.

Both are linear in ``(alpha, beta)``, so least squares is closed form (a 2 x 2 system; with
``intercept=True`` a free constant joins them).

Intervals (``interval="t"``, the default) are the normal-theory ones of linear regression,
with ``m - p`` degrees of freedom (``m`` points, ``p`` coefficients):

* ``alpha``, ``beta``: Student-t intervals, exact when the gold scores' errors are
  independent, normal and of one variance.
* ``kl_peak``: Fieller's interval (Fieller 1954), also exact under those errors. The peak is
  where the slope ``R'(d)`` is zero, a linear combination of ``(alpha, beta)`` for each
  candidate ``d``; the interval holds every ``d`` that a t-test of ``R'(d) = 0`` does not
  reject, plus ``KL = 0`` when ``alpha <= 0`` is not rejected and ``inf`` when ``beta <= 0``
  is not. It may be unbounded: a peak beyond the data is not located by the data. When
  ``beta > 0`` is rejected the curve has no peak (where its slope is zero it bottoms out)
  and the interval is ``[inf, inf]``, or ``[0, inf]`` for a best-of-n curve that may fall
  from the start.
* ``gold_peak``: the highest point of the Working--Hotelling band (Scheffé's simultaneous
  band for the whole curve). When the true curve lies in the band, which it does with
  probability ``level``, its maximum lies between the band's two maxima, so the coverage is
  at least ``level``.

``interval="bootstrap"`` gives paired-bootstrap BCa intervals (Efron 1987; the jackknife
gives the acceleration). They allow errors of unequal variance but under-cover with the
few points such curves have. In ``benchmarks/overopt_coverage.py`` (``reports/
overopt_coverage.md``: 15 curve and error kinds, 200 curves each), 95% bootstrap intervals
covered ``alpha`` 79% of the time on average at 4 points and 90-92% at 6-20, ``kl_peak``
83% at 4 points (64% for the hardest curve) and 90-93% at 6-20, and ``gold_peak``, the worst
of the four, 75% at 4 points (50% for the hardest curve) and 88-91% at 6-20 (resamples whose design
cannot identify the curve are left out; the simulated curves have no point at KL = 0,
which carries no information without an intercept); the t intervals
covered 94-96% on average at every number of points (``gold_peak``: 98%); the lowest row
was 0.875 (the peak KL, errors whose spread grows with ``d``), every other at least 0.905.
The peak: best-of-n ``d* = alpha / (2 beta)``, ``R* = alpha^2 / (4 beta)``; RL
``d* = exp(alpha / beta - 1)``, ``R* = beta d*``; ``KL* = d*^2`` (the intercept, when
fitted, is added to ``R*``). A best-of-n curve that falls from the start (``alpha <= 0 <
beta``) peaks at ``KL = 0``; one that rises without bound (``beta < 0``, or ``beta = 0 <
alpha``) has no peak: its peak KL is ``inf``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import optimize, special

from tailstat._blas import single_blas_thread
from tailstat._validation import InstanceOf, as_numbers, boot_needed, check
from tailstat.data.pairs import check_same_index
from tailstat.errors import DataError
from tailstat.goodhart._common import (
    _same_length,
    _without_missing,
    check_level,
    resolve_seed,
)
from tailstat.goodhart._curves import (
    curve_design,
    curve_peak,
    lstsq,
    unit_columns,
    with_intercept,
)
from tailstat.goodhart._fieller import fieller_peak
from tailstat.results import Interval, Result

__all__ = ["OverOptimizationFit", "fit_overoptimization"]

MIN_POINTS = 4
#: Below this many points the bootstrap intervals are flagged as rough (see the notes).
FEW_POINTS = 8


@dataclass(frozen=True, eq=False, repr=False)
class OverOptimizationFit(Result):
    """A Gao–Schulman–Hilton overoptimisation curve fitted to (KL, gold) points.

    Attributes
    ----------
    kind : str
        ``"bon"`` or ``"rl"``.
    alpha, beta : float
        The coefficients of ``R(d)``, ``d = sqrt(KL)``.
    alpha_ci, beta_ci : Interval
        Their intervals (Student-t, or bootstrap BCa with ``interval="bootstrap"``).
    intercept : float
        The fitted constant (0 unless ``intercept=True``).
    kl_peak, gold_peak : float
        KL at the peak of the fitted curve over ``KL >= 0`` and the gold score there, intercept
        included (``0`` and the intercept when the curve falls from the start; ``inf``/``nan``
        when it rises without bound).
    kl_peak_ci, gold_peak_ci : Interval
        Their intervals (Fieller's and the Working-Hotelling band's, or bootstrap BCa).
    rmse : float
        Root mean square residual (of the points with KL > 0 without an intercept: the
        curve passes through the base policy's point).
    n_points : int
    n_boot : int
        Bootstrap resamples (0 with ``interval="t"``).
    seed : Any
        The bootstrap's seed actually used (a fresh 32-bit seed when ``seed=None``);
        ``None`` with ``interval="t"``, which draws nothing.
    formula : str
    settings : dict
    warnings : tuple of str
    """

    kind: str
    alpha: float
    beta: float
    alpha_ci: Interval
    beta_ci: Interval
    intercept: float
    kl_peak: float
    gold_peak: float
    kl_peak_ci: Interval
    gold_peak_ci: Interval
    rmse: float
    n_points: int
    n_boot: int
    seed: Any
    formula: str
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    _repr_fields = ("kind", "alpha", "alpha_ci", "beta", "beta_ci", "kl_peak", "gold_peak")

    @overload
    def predict(self, kl: float) -> float: ...
    @overload
    def predict(self, kl: ArrayLike) -> np.ndarray: ...
    def predict(self, kl: ArrayLike) -> float | np.ndarray:
        """The fitted gold score at the given KL values.

        Parameters
        ----------
        kl : float or array-like
            KL divergences from the initial policy, in nats: >= 0 (``inf`` gives the
            curve's limit, e.g. at a ``kl_peak`` of ``inf``: no peak).

        Returns
        -------
        float or numpy.ndarray
            A number for a number, an array for an array.

        Raises
        ------
        DataError
            A negative KL, text such as ``"1.0"``, a boolean or a masked entry (as
            :meth:`tailstat.GPDFit.sf` refuses them).
        """
        k = as_numbers(kl, "kl")
        if np.any(k < 0):
            raise DataError(f"kl must be KL divergences >= 0 (nats); got {k[k < 0][:3].tolist()}"
                            ". Pass the KL values of the policies whose gold score you want.")
        far = np.isinf(k)  # the second term dominates: -beta d^2 or -beta d log d
        d = np.sqrt(np.where(far, 0.0, k))
        out = self.intercept + curve_design(d, self.kind) @ np.array([self.alpha, self.beta])
        limit = -np.sign(self.beta) * math.inf if self.beta else np.sign(self.alpha) * math.inf
        return np.where(far, limit if self.beta or self.alpha else self.intercept, out)[()]


def _rms(r: np.ndarray) -> float:
    """Root mean square without overflow (scaled by the largest magnitude)."""
    top = float(np.max(np.abs(r))) if r.size else 0.0
    if not (top > 0 and math.isfinite(top)):
        return top if r.size else math.nan
    return top * float(np.sqrt(np.mean((r / top) ** 2)))


def _bca(theta: float, boot: np.ndarray, jack: np.ndarray, level: float) -> tuple[float, float]:
    """BCa interval from bootstrap replicates and jackknife values (nan-safe). A replicate of
    +inf (a resample whose curve has no peak) is an ordered value, not a lost one: with more
    than the tail share of them, the upper end is +inf (a review: dropping them gave a finite
    upper end to a peak that 5.7% of the resamples did not have)."""
    boot = boot[~np.isnan(boot)]
    jack = jack[np.isfinite(jack)]
    if boot.size < 10 or math.isnan(theta):
        return math.nan, math.nan
    big = np.finfo(float).max
    if math.isinf(theta):  # no peak in the fit: no bias correction, the percentile interval
        ends = np.quantile(np.clip(boot, -big, big), [(1 - level) / 2, (1 + level) / 2])
        return tuple(float(np.inf if e >= big else -np.inf if e <= -big else e)  # type: ignore
                     for e in ends)
    prop = (np.sum(boot < theta) + 0.5 * np.sum(boot == theta)) / boot.size
    prop = min(max(prop, 1.0 / (boot.size + 1)), boot.size / (boot.size + 1))
    z0 = float(special.ndtri(prop))  # scipy.stats' norm.ppf, t.ppf and f.ppf are these
    dj = jack.mean() - jack
    # scale-free: formed on dj / max|dj| (gold of 1e150 overflowed the cube, the 1.5th power)
    top = float(np.max(np.abs(dj))) if dj.size else 0.0
    dj = dj / top if top > 0 and math.isfinite(top) else dj * 0.0
    den = 6.0 * float(np.sum(dj**2)) ** 1.5
    acc = float(np.sum(dj**3)) / den if den > 0 else 0.0
    zq = special.ndtri(np.array([(1 - level) / 2, (1 + level) / 2]))
    adj = special.ndtr(z0 + (z0 + zq) / (1 - acc * (z0 + zq)))
    stand_in = np.where(np.isposinf(boot), big, np.where(np.isneginf(boot), -big, boot))
    ends = np.quantile(stand_in, adj)
    finite = boot[np.isfinite(boot)]
    hi, lo = (finite.max(), finite.min()) if finite.size else (-big, big)
    # a quantile that reads a stand-in for ±inf is that infinity
    ends = np.where(ends > hi, np.inf, np.where(ends < lo, -np.inf, ends))
    return float(ends[0]), float(ends[1])


def _band_peak(coef: np.ndarray, V: np.ndarray, w: float, kind: str, intercept: bool,
               d_data: np.ndarray) -> tuple[float, float]:
    """The maxima over ``d >= 0`` of the lower and upper Working-Hotelling band (half-width
    ``w`` standard errors): an interval for the curve's highest value."""
    a_, b_ = float(coef[0]), float(coef[1])
    sa, sb = math.sqrt(float(V[0, 0])), math.sqrt(float(V[1, 1]))
    sc = math.sqrt(float(V[2, 2])) if intercept else 0.0
    # far out the d^2 (d log d) term rules: an edge whose coefficient is >= 0 is unbounded
    hi_unbounded = b_ <= w * sb
    lo_unbounded = b_ <= -w * sb

    def edge(d: np.ndarray, sign: float) -> np.ndarray:
        X = with_intercept(curve_design(d, kind), intercept)
        # each row divided by its largest entry: x' V x of rows of size d log d near 1e300
        # overflowed (inf - inf = NaN); the edge is q (x~ coef +- w sqrt(x~' V x~))
        q = np.max(np.abs(X), axis=1)
        q = np.where(q > 0, q, 1.0)
        Xs = X / q[:, None]
        se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", Xs, V, Xs), 0.0))
        with np.errstate(over="ignore", invalid="ignore"):
            out = q * (Xs @ coef + sign * w * se)
        return np.where(np.isnan(out), -np.inf, out)

    def highest(sign: float) -> float:
        # since se(d) lies within sb q(d) -/+ (sa d + sc) (q = d^2 or d log d), both edges are
        # below their value at d = 0 beyond `reach`: the maximum is on [0, reach]
        A, B = abs(a_) + w * sa, b_ - sign * w * sb
        if kind == "bon":
            reach = (A + math.sqrt(A * A + 8.0 * w * sc * B)) / (2.0 * B)
        else:
            reach = math.exp(min(A / B + 1.0, 700.0)) * max(1.0, 2.0 * w * sc / B)
        span = max(float(d_data.max()), 1e-300)
        if not reach < 1e300:  # the edge's highest point lies past the float range
            return math.inf
        top = max(4.0 * span, 1.01 * reach)
        low = 1e-4 * span
        num = int(min(200 * max(math.log10(top / low), 1.0), 20000))
        d = np.concatenate([[0.0], np.geomspace(low, top, num), [d_hat] if d_hat else []])
        d.sort()
        vals = edge(d, sign)
        i = int(np.argmax(vals))
        best = float(vals[i])
        if 0 < i < d.size - 1:  # refine between the grid neighbours
            with np.errstate(over="ignore", invalid="ignore"):  # edges near the float maximum
                res = optimize.minimize_scalar(lambda x: -float(edge(np.array([x]), sign)[0]),
                                               bounds=(float(d[i - 1]), float(d[i + 1])),
                                               method="bounded", options={"xatol": 1e-12})
            if math.isfinite(float(res.fun)):
                best = max(best, -float(res.fun))
        return best

    # the estimate's own peak joins the grid, so an exact fit gives the estimate exactly
    d_pk = math.sqrt(float(curve_peak(np.array(a_), np.array(b_), kind)[0]))
    d_hat = d_pk if 0 < d_pk < math.inf else 0.0
    lo = math.inf if lo_unbounded else highest(-1.0)
    hi = math.inf if hi_unbounded else highest(1.0)
    return lo, hi


def _t_intervals(A: np.ndarray, g: np.ndarray, coef: np.ndarray, kind: str, intercept: bool,
                 level: float, rows: np.ndarray) -> dict[str, tuple[float, float, str]]:
    """Normal-theory intervals (module docstring), computed on gold scores divided by their
    largest magnitude so that no square overflows, then scaled back; ``rows``: the points
    that carry information (:func:`fit_overoptimization`)."""
    full, g = with_intercept(A, intercept)[rows], g[rows]
    m, p = full.shape  # (fit_overoptimization refused m <= p)
    top = float(np.max(np.abs(g)))
    scale = top if top > 0 and math.isfinite(top) else 1.0
    cs = coef / scale
    res = g / scale - full @ cs
    s2 = float(res @ res) / (m - p)
    fs, norm = unit_columns(full)  # (A'A)^-1 on unit columns, as the fit itself (lstsq)
    V = s2 * np.linalg.pinv(fs.T @ fs) / np.outer(norm, norm)
    tq = float(special.stdtrit(m - p, (1 + level) / 2))
    w = math.sqrt(p * float(special.fdtri(p, m - p, level)))
    se = np.sqrt(np.maximum(np.diag(V), 0.0))
    t_name = f"t ({m - p} df)"
    out = {nm_: (float(cs[i] - tq * se[i]) * scale, float(cs[i] + tq * se[i]) * scale, t_name)
           for i, nm_ in enumerate(("alpha", "beta"))}
    out["kl_peak"] = (*fieller_peak(cs, V, tq, kind), "Fieller")
    lo, hi = _band_peak(cs, V, w, kind, intercept, A[:, 0])
    out["gold_peak"] = (lo * scale, hi * scale, "Working-Hotelling band")
    return out


def _bootstrap_intervals(A: np.ndarray, g: np.ndarray, coef: np.ndarray, kind: str,
                         intercept: bool, level: float, n_boot: int, seed: Any,
                         estimates: tuple[float, float, float, float]
                         ) -> tuple[dict[str, Interval], np.ndarray, Any]:
    """Paired-bootstrap BCa intervals (vectorised: one batched least squares for all
    resamples, the jackknife for the acceleration); also the resamples' peak KLs and the
    seed used."""
    rng, used_seed = resolve_seed(seed)
    m = A.shape[0]
    idx = rng.integers(0, m, size=(n_boot, m))
    resampled = A[idx]
    cb = lstsq(resampled, g[idx], intercept)
    # a resample whose design is not of full rank identifies no curve: the pseudo-inverse's
    # minimum-norm answer (alpha shrunk to 0) is no estimate; left out. (Counting distinct
    # KL values is not enough: without an intercept a KL = 0 row is all zeros.)
    degenerate = np.linalg.matrix_rank(with_intercept(resampled, intercept)) < cb.shape[1]
    cb[degenerate] = np.nan
    kb, gb = curve_peak(cb[:, 0], cb[:, 1], kind, cb[:, 2] if intercept else 0.0)
    kb[degenerate] = gb[degenerate] = np.nan
    keep = ~np.eye(m, dtype=bool)
    jidx = np.nonzero(keep)[1].reshape(m, m - 1)
    cj = lstsq(A[jidx], g[jidx], intercept)
    kj, gj = curve_peak(cj[:, 0], cj[:, 1], kind, cj[:, 2] if intercept else 0.0)
    # a deletion that leaves too few distinct KL values identifies no curve either (a
    # review: the minimum-norm answer entered the acceleration); left out as above
    lost = np.linalg.matrix_rank(with_intercept(A[jidx], intercept)) < cj.shape[1]
    cj[lost] = np.nan
    kj[lost] = gj[lost] = np.nan
    # no peak: the gold score rises without bound (in a resample, and in the fit)
    gb = np.where(np.isposinf(kb), np.inf, gb)
    g_th = math.inf if math.isinf(estimates[2]) else estimates[3]
    ivs = {}
    for nm_, th, b_, j_ in (("alpha", estimates[0], cb[:, 0], cj[:, 0]),
                            ("beta", estimates[1], cb[:, 1], cj[:, 1]),
                            ("kl_peak", estimates[2], kb, kj),
                            ("gold_peak", g_th, gb, gj)):
        lo, hi = _bca(th, b_, j_, level)
        ivs[nm_] = Interval(lo, hi, level, "BCa bootstrap (paired)")
    return ivs, kb, used_seed


def _zero_words(informed: int, points: int) -> str:
    """What the count of KL values leaves out: points at KL = 0 without an intercept."""
    return "" if informed == points else (
        " with KL > 0 (without an intercept a point at KL = 0 carries no information)")


def _refuse_in_curve_words(x: Any, name: str, intercept: bool) -> np.ndarray | None:
    """Refuse too few points and constant values of a finite numeric 1-D ``x`` in the words
    of a curve fit; the intake (which runs next, and names every other problem) would call
    them a sample with no tail to analyse. Returns the values of a constant gold score that
    a curve without an intercept can fit (the intake refuses every constant), else None."""
    if np.ma.isMaskedArray(x) and np.ma.getmaskarray(x).any():
        return None  # the intake names the masked entries (review 389: a constant was fitted)
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError):
        return None
    if arr.dtype.kind not in "iuf" or arr.ndim != 1:  # the intake names the others
        return None
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        return None
    if arr.size < MIN_POINTS:
        raise DataError(f"{name!r} has {arr.size} value(s): fit_overoptimization needs at least "
                        f"{MIN_POINTS} (KL, gold) points, one per policy (e.g. best-of-n at n = "
                        "1, 2, 4, 8, ...).")
    if arr.min() == arr.max():
        value = f"{float(arr[0]):g}"
        if name == "kl":
            raise DataError(f"'kl' is constant (every value is {value}): the KL values must take "
                            + ("at least 3 distinct values (with an intercept, 0 counts)"
                               if intercept else
                               "at least 2 distinct positive values") + " to fit a curve.")
        if not intercept and arr[0] != 0:
            # without an intercept the curve passes through (0, 0): a constant gold score
            # off 0 does move from the base policy's (a review: it was refused as "does not
            # move with KL")
            return arr
        raise DataError(f"'gold' is constant (every value is {value}): the gold score does not "
                        "move with KL, so there is no overoptimisation curve to fit; pass each "
                        "policy's gold score" + ("." if intercept else
                                                 ", relative to the base policy's."))
    return None


@single_blas_thread
def fit_overoptimization(
    kl: Any,
    gold: Any,
    kind: Literal["bon", "rl"] = "bon",
    *,
    intercept: bool = False,
    level: float = 0.95,
    interval: Literal["t", "bootstrap"] = "t",
    n_boot: int = 2000,
    seed: int | np.random.Generator | None = 0,
) -> OverOptimizationFit:
    """Fit ``R_bon(d) = d (alpha - beta d)`` or ``R_rl(d) = d (alpha - beta log d)``, with
    ``d = sqrt(kl)`` (Gao, Schulman & Hilton 2022).

    The curves are in ``d``, the square root of the KL you pass, not in the KL itself.

    Parameters
    ----------
    kl : array-like
        ``KL(pi || pi0)`` of each policy (nats, >= 0), e.g. ``log n - (n-1)/n`` for best-of-n.
    gold : array-like
        Gold score of each policy, relative to the base policy (its gold score subtracted),
        unless ``intercept=True``. Subtract it only when the base policy's gold score is
        known almost without error: a base score measured with the same noise as the other
        points shifts every point by the same error, which the intervals do not allow for
        (noise sd 0.05, 1,000 curves, ``benchmarks/overopt_base.py``: 95% intervals covered
        ``alpha`` 75% and 65% of the time for best-of-n and RL); pass the raw scores with
        ``intercept=True`` instead (95% and 95%).
    kind : {"bon", "rl"}
        Best-of-n or RL functional form.
    intercept : bool
        Fit a free constant as well: for gold scores not measured relative to ``pi0``, or
        relative to a base score measured with error (see ``gold``).
    level : float
        Level of the intervals, in [0.5, 1) (0.95, not 0.05).
    interval : {"t", "bootstrap"}
        ``"t"`` (default): normal-theory intervals -- Student-t for ``alpha`` and ``beta``,
        Fieller's for ``kl_peak`` (exact under independent normal errors of one variance) and
        the Working-Hotelling band's for ``gold_peak`` (coverage at least ``level``).
        ``"bootstrap"``: paired-bootstrap BCa intervals, which allow errors of unequal
        variance but under-cover with few points (95% intervals: 75-83% at 4 points,
        88-93% at 6-20; module docstring), and with few distinct KL values: points at the
        same KL count once (a warning says so).
    n_boot : int
        Bootstrap resamples (pairs resampled with replacement); ``interval="bootstrap"`` only:
        at least 100 and at least ``(1 + level) / (1 - level)`` (1999 at ``level=0.999``).
    seed : int, Generator or None, default 0
        Randomness of the bootstrap (the same call gives the same intervals); the seed
        actually used is recorded in the result (``None`` draws one; ``None`` is recorded with
        ``interval="t"``, which draws nothing).

    Returns
    -------
    OverOptimizationFit

    Raises
    ------
    DataError
        Mismatched lengths, non-finite values, negative KL, fewer than 4 points, a bad
        ``kind``, ``level`` or ``n_boot``.
    """
    if kind not in ("bon", "rl"):
        raise DataError(f"kind must be 'bon' or 'rl', got {kind!r} instead.")
    if interval not in ("t", "bootstrap"):
        raise DataError(f"interval must be 't' or 'bootstrap', got {interval!r} instead.")
    lev = check_level(level)
    check("intercept", intercept, [InstanceOf(bool, np.bool_, text="True or False")])
    if interval == "bootstrap" and (isinstance(n_boot, bool) or not isinstance(
            n_boot, (int, np.integer)) or n_boot < 100):  # read for the bootstrap only
        raise DataError(f"n_boot must be an integer >= 100, got {n_boot!r} instead.")
    need = boot_needed(lev)  # the widest interval n_boot resolves
    if interval == "bootstrap" and n_boot < need:
        raise DataError(f"a {lev:.4g} bootstrap interval needs n_boot >= {need} resamples "
                        f"((1 + level) / (1 - level)); from {n_boot} its ends would be the "
                        f"extreme resamples. Pass n_boot={need} or more, or a lower level.")
    # the package's one intake: NaN, masked and infinite points, ragged or non-numeric input are
    # refused with a message that names the fix (pairs cannot be dropped one-sidedly)
    check_same_index(kl, gold, ("kl", "gold"))
    _same_length(kl, gold, ("kl", "gold"))
    _refuse_in_curve_words(kl, "kl", intercept)
    k = np.array(_without_missing(kl, "kl", MIN_POINTS, paired=True).values)
    if np.any(k < 0):  # before gold's checks: a negative KL is the first thing to fix
        raise DataError(f"kl must be >= 0 (a KL divergence), got {float(k.min()):g}.")
    level_gold = _refuse_in_curve_words(gold, "gold", intercept)
    g = level_gold if level_gold is not None else np.array(
        _without_missing(gold, "gold", MIN_POINTS, paired=True).values)
    if k.shape != g.shape:
        raise DataError(f"kl and gold must have the same length, got {k.shape[0]} and "
                        f"{g.shape[0]} instead.")
    d = np.sqrt(k)
    A = curve_design(d, kind)
    coef = lstsq(A, g, intercept)
    full = with_intercept(A, intercept)
    if np.linalg.matrix_rank(full) < full.shape[1]:
        raise DataError("the curve cannot be fitted to these points: it needs at least "
                        + ("3 distinct KL values (with an intercept, 0 counts)" if intercept else
                           "2 distinct positive KL values") + ", in nats and of "
                        f"moderate size; got KL from {float(k.min()):g} to {float(k.max()):g}.")
    # without an intercept a KL = 0 row is all zeros: its gold (the base policy's, 0 when
    # relative to it) fits exactly and tells nothing of the noise, so it counts for no
    # degree of freedom, nor in the rmse (a review: three such rows beside three others
    # covered 62% at 95%)
    informs = np.any(full != 0, axis=1)
    informed = int(np.count_nonzero(informs))
    if informed <= full.shape[1]:  # no residual degree of freedom: no interval of any kind
        # (re-reads: zero-width "95%" intervals from t and the bootstrap)
        raise DataError(f"only {informed} point(s){'' if intercept else ' with KL > 0'} for "
                        f"the curve's {full.shape[1]} parameters: it passes through them "
                        "exactly and no interval can be drawn; measure more KL values"
                        + ("" if intercept else " (a point at KL = 0 carries no information "
                           "without an intercept)") + ".")
    alpha, beta = float(coef[0]), float(coef[1])
    c0 = float(coef[2]) if intercept else 0.0
    resid = g - (A @ coef[:2] + c0)
    kl_pk, g_pk = curve_peak(np.array(alpha), np.array(beta), kind, c0)
    m = k.shape[0]
    if interval == "t":
        method = "normal theory (t; Fieller; Working-Hotelling band)"
        ivs = {nm_: Interval(lo, hi, lev, how) for nm_, (lo, hi, how)
               in _t_intervals(A, g, coef, kind, intercept, lev, informs).items()}
        if seed is not None:
            resolve_seed(seed)  # refused as with the bootstrap, though nothing is drawn
        used_seed = None
        kb = np.zeros(0)
    else:
        ivs, kb, used_seed = _bootstrap_intervals(A, g, coef, kind, intercept, lev, n_boot,
                                                  seed, (alpha, beta, float(kl_pk), float(g_pk)))
        method = "BCa bootstrap (paired)"
    notes: list[str] = []
    if float(kl_pk) == 0.0:
        notes.append(f"alpha = {alpha:.3g} <= 0: the fitted gold curve falls from the first "
                     "step (optimisation lowers the gold score from the start); its peak is at "
                     "KL = 0.")
    elif beta <= 0 and alpha < 0:
        notes.append(f"alpha = {alpha:.3g} < 0 and beta = {beta:.3g} <= 0: the fitted gold curve "
                     "falls from the first step (optimisation lowers the gold score from the "
                     "start); kl_peak = inf only because the fitted form turns up again far "
                     "out. This is not 'no overoptimisation'.")
    elif beta <= 0:
        notes.append(f"beta = {beta:.3g} <= 0: the fitted gold curve has no peak (no "
                     "overoptimisation seen in this KL range); kl_peak = inf.")
    elif float(kl_pk) > float(k.max()):
        notes.append(f"the fitted peak (KL = {float(kl_pk):.3g}) lies beyond the largest KL "
                     f"measured ({float(k.max()):.3g}): it is an extrapolation.")
    elif float(kl_pk) < float(k[k > 0].min()):  # (a review: an RL curve with alpha < 0)
        notes.append(f"the fitted peak (KL = {float(kl_pk):.3g}) lies below the smallest "
                     f"positive KL measured ({float(k[k > 0].min()):.3g}): the gold score "
                     "falls over the whole measured range, and the peak is an extrapolation.")
    at_zero = g[k == 0]
    if not intercept and at_zero.size and abs(float(np.mean(at_zero))) > 0.05 * float(
            np.ptp(g)):
        # gold not relative to the base policy: the forced (0, 0) bends the whole curve (a
        # review: gold + 3 moved alpha from 1.7 to 5.6 without a word)
        notes.append(f"the gold score at KL = 0 is {float(np.mean(at_zero)):.3g}, not 0: "
                     "without an intercept the curve passes through (0, 0), so gold must be "
                     "the change from the base policy's score. Subtract the base policy's gold "
                     "score, or pass intercept=True.")
    # points at one KL value are resampled as one design point: what the bootstrap sees is
    # the number of distinct KL values (a review: 8 points at 2 KL values covered 84-85%, and
    # no warning was given)
    distinct = int(np.unique(k[informs]).size)
    if interval == "bootstrap" and distinct <= full.shape[1]:
        notes.append(f"only {distinct} distinct KL values{_zero_words(informed, m)} for the "
                     f"curve's {full.shape[1]} parameters: every resample that identifies the "
                     "curve holds each of them, so a value measured once is never resampled "
                     "and its noise is missing from the intervals, which are unreliable (in a "
                     "review, 95% intervals covered alpha 14% of the time with 1 point at one "
                     "KL and 5 at another, 84% with 4 points at each of 2); use interval='t' "
                     "or measure more KL values.")
    elif interval == "bootstrap" and distinct < FEW_POINTS:
        same = "" if distinct == informed else (
            f" ({informed} points: points at the same KL are resampled as one)")
        notes.append(f"only {distinct} distinct KL values{_zero_words(informed, m)}{same}: the "
                     f"paired-bootstrap intervals are rough at fewer than {FEW_POINTS} (at 4 "
                     "points 95% intervals covered alpha 79%, the peak KL 83% and the peak gold "
                     "score 75% of the time, over 15 kinds of simulated curve); use "
                     "interval='t' or measure more KL values.")
    left_out = int(np.count_nonzero(np.isnan(kb)))
    if left_out:
        notes.append(f"{left_out} of the {int(n_boot)} bootstrap resamples held too few "
                     "distinct KL values to identify the curve (fewer than its parameters, "
                     "counting only KL > 0 without an intercept) and were left out of the "
                     "intervals.")
    if interval == "bootstrap" and np.mean(np.isposinf(kb[~np.isnan(kb)])) > 0.1 and beta > 0:
        notes.append("more than 10% of the bootstrap fits have no peak: the peak interval is "
                     "unreliable.")
    formula = ("R(d) = d (alpha - beta d)" if kind == "bon"
               else "R(d) = d (alpha - beta log d)") + ", d = sqrt(KL)"
    used_boot = int(n_boot) if interval == "bootstrap" else 0
    settings = {"kind": kind, "intercept": intercept, "level": lev, "n_boot": used_boot,
                "seed": used_seed, "fit": "closed-form least squares (linear in alpha, beta)",
                "interval": method, "reference": "Gao, Schulman & Hilton (2022), "
                "arXiv:2210.10760"}
    return OverOptimizationFit(
        kind=kind, alpha=alpha, beta=beta, alpha_ci=ivs["alpha"], beta_ci=ivs["beta"],
        intercept=c0, kl_peak=float(kl_pk), gold_peak=float(g_pk), kl_peak_ci=ivs["kl_peak"],
        gold_peak_ci=ivs["gold_peak"], rmse=_rms(resid[informs]),
        n_points=m,
        n_boot=used_boot, seed=used_seed, formula=formula, settings=settings,
        warnings=tuple(notes))


def overoptimization_frame(fit: OverOptimizationFit, kl: Any) -> pd.DataFrame:
    """The fitted curve at ``kl`` (a number or array-like, checked as
    :meth:`OverOptimizationFit.predict` checks it) as a tidy frame (``kl``, ``d``, ``gold``)."""
    gold = np.atleast_1d(fit.predict(kl))  # refuses text, booleans and negative KL first
    k = np.atleast_1d(as_numbers(kl, "kl"))
    return pd.DataFrame({"kl": k, "d": np.sqrt(k), "gold": gold})
