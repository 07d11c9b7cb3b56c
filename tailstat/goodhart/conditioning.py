"""Conditioning on a high proxy: :func:`conditioning`, ``E[V | U > t]``.

Filtering outputs by ``U > t`` (a model of rejection sampling and of best-of-n) helps only if
high proxy scores come with high true utility. On the sample, ``E[V | U > t]`` is the mean of
``v`` over the ``k`` rows with ``u > t``, with a Student-t interval (``k - 1`` degrees of
freedom).
Past the sample, the result extrapolates under the theory's model (docs/science.md §2, point 4):
``U = V + X`` with the error ``X = U - V`` independent of ``V``, each with its own tail model
(empirical body + fitted GPD tail, :func:`fit_tail_model`; saturated scores, clipped at a
ceiling or ratings whose top level repeats, are their own sample's law, as in best-of-n: a
GPD ending at the ceiling has no mass at it; so is a gold score whose top holds fewer than
11 distinct levels, e.g. ratings 1-10, which a GPD would smooth over the gaps):

``E[V | U > t] = E[V P(X > t - V)] / E[P(X > t - V)]``,

the expectation over ``V`` taken by quadrature over its model (body in equal-count chunks,
GPD tail by Gauss–Legendre in ``z = -log P(excess > y)``). A heavy error makes this tend to
``E[V]`` as ``t`` grows when the error is subexponential and ``V``'s tail is lighter than the
error's by more than a linear factor (two independent Pareto(3) tails do not qualify: the
value grows with ``t``). An independent error lighter than exponential makes it grow
without bound if ``V`` is unbounded above (a bounded ``V`` tends to its end point); an
exponential-type one of scale ``sigma`` makes it tend to the finite ``K_V'(1 / sigma)``,
``V`` tilted by ``1 / sigma`` (a capped gain: 1.0 for an Exp(1) error and a N(0, 1)
utility).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from tailstat._validation import InstanceOf, check
from tailstat.errors import DataError
from tailstat.goodhart._common import (
    as_float_list,
    centre_of,
    check_level,
    check_pair,
    fmt_level,
    fmt_num,
    gpd_log_excess_at,
    mean_sd,
    moment_scale,
    sort_order,
    sorted_sample,
)
from tailstat.goodhart._shared import in_shared_work
from tailstat.goodhart.tail import (
    _GL_W,
    _GL_X,
    MORE_DATA_HINT,
    RESCALE_HINT,
    TailModel,
    end_point_note,
    fit_tail_model,
    gpd_excess_at,
    reads_sample,
)
from tailstat.results import Result

__all__ = ["Conditioning", "conditioning"]


def _tail_model(values: np.ndarray, threshold: float | str, name: str) -> TailModel:
    """:func:`fit_tail_model` with conditioning's advice (it has no ``tail=`` option)."""
    try:
        return fit_tail_model(values, threshold, name=name)
    except DataError as exc:
        text = str(exc).replace(MORE_DATA_HINT, "Pass more data, or another threshold= (one "
                                "rule for both tails, or a pair of numbers: X's, V's).")
        raise DataError(text.replace(RESCALE_HINT, "Rescale u and v (divide both by the same "
                                                  "constant).")) from None

def _check_gold_has_a_tail(v: np.ndarray) -> None:
    """Refuse a gold score with two values (binary preferences: True/False read as 1 and 0):
    V's tail model has no tail to fit there, and the fit's own error ("the upper tail is
    degenerate") named neither the cause nor the functions that read binary gold."""
    lo, hi = float(np.min(v)), float(np.max(v))
    if np.any((v != lo) & (v != hi)):
        return
    raise DataError(f"conditioning needs v to be a continuous gold score with a tail of its "
                    f"own (E[V | U > t] past the sample extrapolates V's tail); v takes only "
                    f"the two values {lo:.6g} and {hi:.6g} (binary gold, e.g. "
                    "True/False preferences), which have no tail. Binary gold can be used with "
                    "goodhart_summary(u, v) or analyze(df, gold=...) instead.")


#: Fewest rows above a threshold for the sample columns to count as reliable.
MIN_ABOVE = 10
#: The body of V is summarised by at most this many equal-count chunks in the model.
V_NODES = 4096


@dataclass(frozen=True, eq=False, repr=False)
class Conditioning(Result):
    """``E[V | U > t]`` on the sample and under the independence model.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per threshold: ``threshold``, ``n_above``, ``p_above`` (sample fraction),
        ``v_mean``, ``v_sd``, ``v_low``, ``v_high`` (Student-t interval at ``level``; ``nan``
        with fewer than 2 rows; it misses high when V's tail is heavy, which ``warnings``
        then says), ``p_model`` and ``v_model`` (``P(U > t)`` and
        ``E[V | U > t]`` when ``X = U - V`` and ``V`` are independent, from their tail models),
        ``extrapolated`` (fewer than 10 rows above ``t``: only the model speaks).
    level : float
    v_mean0 : float
        ``E[V]`` under the base policy (the sample mean of ``v``).
    corr_xv : float
        Spearman correlation of ``X = U - V`` and ``V`` (the model assumes 0).
    tail_x, tail_v : TailModel
        Tail models of the error and of the utility.
    name : str
    settings : dict
    warnings : tuple of str
    """

    table: pd.DataFrame
    level: float
    v_mean0: float
    corr_xv: float
    tail_x: TailModel
    tail_v: TailModel
    name: str = "u"
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    _repr_fields = ("v_mean0", "corr_xv", "level")

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy) and a column ``level``, that of ``v_low``/``v_high`` (also in
        ``attrs["level"]``)."""
        out = self.table.copy()
        out["level"] = out.attrs["level"] = float(self.level)
        return out


def _v_nodes(v: np.ndarray, model: TailModel
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Locations and weights of V's model: body chunk means, then GPD quadrature nodes; and
    each node's weight times its location.

    The locations are in units of ``c`` (the fourth value), a power of two near the largest
    ``|v|`` (an exact rescaling): for values near the float maximum the chunk sums and the
    far quadrature nodes would overflow, and the nodes' share of ``E[V | U > t]`` is finite
    even where a node itself is beyond the float range. That share (the third value) is
    formed in logs for a tail with ``xi > 0``: near ``xi = 1`` the far nodes' excess
    overflows where their weight ``e^-z`` has underflowed (``0 * inf``: v_model was NaN at
    a fitted ``xi`` of 0.94; a review).
    """
    big_n = v.shape[0]
    c = math.ldexp(1.0, math.frexp(float(np.max(np.abs(v))) if big_n else 0.0)[1])
    own = _v_own_law(model)
    body = (np.sort(v[v <= model.threshold]) if not own else sorted_sample(v)) / c
    m = body.shape[0]
    if m > V_NODES:
        starts = np.linspace(0, m, V_NODES, endpoint=False).astype(np.int64)
        counts = np.diff(np.append(starts, m)).astype(float)
        loc = np.add.reduceat(body, starts) / counts
        w = counts / big_n
    else:
        loc, w = body, np.full(m, 1.0 / big_n)
    if own:
        return loc, w, w * loc, c
    span = 60.0 / (1.0 - max(model.xi, 0.0))
    edges = np.arange(0.0, span, 1.0)
    z = (edges[:, None] + 0.5 + 0.5 * _GL_X[None, :]).ravel()
    log_wz = np.log(np.tile(0.5 * _GL_W, edges.shape[0])) - z + math.log(model.zeta)
    wz = np.exp(log_wz)
    tl = model.threshold / c + gpd_excess_at(z, model.xi, model.sigma / c)
    if model.xi > 0.0:  # the excess's product with its weight in logs
        wtl = wz * (model.threshold / c) + np.exp(
            log_wz + gpd_log_excess_at(z, model.xi, model.sigma / c))
    else:
        wtl = wz * tl
    return (np.concatenate([loc, tl]), np.concatenate([w, wz]),
            np.concatenate([w * loc, wtl]), c)


def _v_own_law(model: TailModel) -> bool:
    """Whether V is read from its sample: saturated scores (a GPD ending at their ceiling has
    no mass at it: clipped gold spread its atom below the ceiling, v_model 0.80 against an
    exact 0.85; ratings 1-5, 3.67 against 4.04; a review), and scores whose top holds fewer
    than 11 distinct levels (the tail model's ``coarse_levels``, the classifier's), which a
    GPD smooths over the gaps between them (ratings 1-10 not read as saturated: v_model 0.12
    below the exact value, outside the sample's own interval in 23 of 25 seeds; a review)."""
    return reads_sample(model) or model.settings.get("coarse_levels") is not None


def _sf_x(y: np.ndarray, xs: np.ndarray, model: TailModel) -> np.ndarray:
    """``P(X > y)``: empirical up to the threshold, the GPD tail beyond."""
    big_n = xs.shape[0]
    emp = (big_n - np.searchsorted(xs, y, side="right")) / big_n
    if reads_sample(model):
        return emp
    return np.where(y > model.threshold, model.sf(np.maximum(y, model.threshold)), emp)


@in_shared_work  # each sample sorted once (the tail models' and this function's)
def conditioning(
    u: Any,
    v: Any,
    thresholds: Any = None,
    *,
    level: float = 0.95,
    threshold: str | tuple[float, float] = "auto",
    name: str | None = None,
) -> Conditioning:
    """``E[V | U > t]`` with intervals, and its extrapolation when ``X = U - V`` ⟂ ``V``.

    Parameters
    ----------
    u, v : array-like
        Proxy and true utility of the same samples from the base policy.
    thresholds : float or sequence of float, optional
        Values of ``t``. Default: the sample quantiles of ``u`` at 0.5, 0.9, 0.99, ... (while
        at least 10 rows lie above), then the sample maximum plus 0, 1, 2 and 4 sd of ``u``
        (model only).
    level : float
        Level of the intervals, in [0.5, 1) (0.95, not 0.05).
    threshold : str or (float, float)
        GPD threshold of the tail models of ``X`` and ``V`` (see :func:`fit_tail_model`): one
        rule for both (``"auto"``, ``"fast"``, a quantile such as ``"95%"``), or a pair of
        numbers, one for ``X`` and one for ``V`` (they live on different scales: one number
        for both put V's below every value, a review).
    name : str, optional

    Returns
    -------
    Conditioning

    Raises
    ------
    DataError
        Mismatched lengths, non-finite values, fewer than 62 values with the automatic
        threshold (its candidates from the median up must each leave 30 values above them;
        50, the classifier's minimum, with a given threshold), a bad level, a binary
        (two-valued) ``v`` such as True/False preferences (no tail to model: use
        :func:`goodhart_summary` or ``analyze(gold=...)`` for those).
    """
    lev = check_level(level)
    if v is None:
        raise DataError("conditioning needs v, the gold (true) scores of the same outputs as u; "
                        "for the proxy alone use kl_frontier(u) or goodhart_summary(u).")
    check("name", name, [InstanceOf(str, text="a string"), None])  # (5 and ["a"] were kept,
    # in a field of text, where best_of_n, kl_tilt and kl_frontier refuse them: a review)
    x, vv, nm = check_pair(u, v)
    assert vv is not None
    _check_gold_has_a_tail(vv)
    nm = name or nm
    big_n = x.shape[0]
    with np.errstate(over="ignore"):
        err = x - vv
    if not np.all(np.isfinite(err)):
        raise DataError("u - v overflows (values near the float maximum); rescale u and v by the "
                        "same constant.")
    err.setflags(write=False)  # read once in the call's shared work: sorted once, not thrice
    thr_x: float | str
    thr_v: float | str
    if isinstance(threshold, (tuple, list)) and len(threshold) == 2:
        thr_x, thr_v = threshold
    elif isinstance(threshold, str):
        thr_x = thr_v = threshold
    else:
        raise DataError(f"threshold must be a rule for both tails ('auto', 'fast', a quantile "
                        f"such as '95%') or a pair of numbers (X's, V's); got {threshold!r} "
                        "instead: X = U - V and V live on different scales.")
    given = None if thresholds is None else as_float_list(thresholds, "thresholds")
    # (checked before the tail models are fitted: a bad one was reported as the fit's error)
    tail_x, tail_v = _tail_model(err, thr_x, "x = u - v"), _tail_model(vv, thr_v, "v")
    sd = mean_sd(x)[1]
    order = sort_order(x)
    us = x[order]
    if given is None:
        lv = np.concatenate([[0.5], 1.0 - 10.0 ** -np.arange(1.0, 13.0)])
        # counts rounded: 100 * (1 - 0.9) is 9.999999999999998 in floating point
        lv = lv[np.round(big_n * (1.0 - lv)) >= MIN_ABOVE]
        t = np.concatenate([np.quantile(x, lv), us[-1] + sd * np.array([0.0, 1.0, 2.0, 4.0])])
        t = np.unique(t)  # (a rating scale's high quantiles are its maximum: once, not thrice)
    else:
        t = given
    # centred (a large common offset would cancel every digit of the variance) and scaled
    # (no square overflows)
    cv = centre_of(vv)
    vc = vv - cv
    sv = moment_scale(float(np.max(np.abs(vc))))
    vs = vc[order] / sv
    # suffix sums from the top: rows with u > t are the last k of the sorted sample
    s1 = np.concatenate([np.cumsum(vs[::-1])[::-1], [0.0]])
    s2 = np.concatenate([np.cumsum((vs * vs)[::-1])[::-1], [0.0]])
    first = np.searchsorted(us, t, side="right")
    k = big_n - first
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1[first] / k
        var = (s2[first] - k * mean * mean) / (k - 1)
        sd_v = np.sqrt(np.maximum(var, 0.0)) * sv
        # Student-t (k - 1 df): the normal quantile under-covered on rows of 10-20 values
        half = special.stdtrit(np.maximum(k - 1, 1), 0.5 + lev / 2) * sd_v / np.sqrt(k)
        mean = mean * sv + cv
    few = k < 2
    mean = np.where(k > 0, mean, np.nan)
    sd_v = np.where(few, np.nan, sd_v)
    half = np.where(few, np.nan, half)
    # the independence model
    loc_c, w, wloc_c, c = _v_nodes(vv, tail_v)
    xs = sorted_sample(err)
    infinite_v = tail_v.xi >= 1.0 and not _v_own_law(tail_v)
    if infinite_v:
        p_model = np.full(t.shape, np.nan)
        v_model = np.full(t.shape, np.inf)
    else:
        with np.errstate(over="ignore"):  # a node past the float range: P(X > -inf) = 1
            loc = loc_c * c
        sx = _sf_x(t[:, None] - loc[None, :], xs, tail_x)
        p_model = sx @ w
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            v_model = c * ((sx @ wloc_c) / p_model)
    from scipy import stats  # here only: scipy.stats costs 0.6 s of import

    beyond = k < MIN_ABOVE  # the thresholds past the sample's reach, where the model answers
    corr = float(stats.spearmanr(err, vv).statistic) if big_n <= 2_000_000 else \
        float(stats.spearmanr(err[:: big_n // 1_000_000], vv[:: big_n // 1_000_000]).statistic)
    table = pd.DataFrame({
        "threshold": t, "n_above": k.astype(np.int64), "p_above": k / big_n, "v_mean": mean,
        "v_sd": sd_v, "v_low": mean - half, "v_high": mean + half, "p_model": p_model,
        "v_model": v_model, "extrapolated": beyond,
    })
    notes = [f"X: {w_}" for w_ in tail_x.warnings] + [f"V: {w_}" for w_ in tail_v.warnings]
    if infinite_v:  # (a review: NaN and inf without a word)
        notes.append(f"V's fitted tail has ξ = {tail_v.xi:.3g} ≥ 1, an infinite mean: the "
                     "independence model's E[V | U > t] is infinite (v_model inf), and its "
                     "P(U > t) is not computed (p_model NaN): its quadrature over V's law "
                     "does not hold for such a tail; p_above is the sample's.")
    past = t[np.asarray(p_model == 0.0)]
    if past.size:
        ends = [f"{which} at {fmt_level(m.endpoint, m.mean, m.sd)}" for which, m in
                (("X", tail_x), ("V", tail_v)) if math.isfinite(m.endpoint)]
        why = (f"the fitted tails end ({'; '.join(ends)})" if len(ends) == 2 else
               "its probability of exceeding them underflows")
        at = ", ".join(fmt_level(t_, mean_sd(x)[0], sd) for t_ in past)  # 1e12 + 5: no 1e+12
        notes.append(f"no model value (v_model is NaN) at threshold(s) "
                     f"{at}: the independence model gives "
                     f"U = X + V no mass above them, as {why}. For light but unbounded tails "
                     "(a fitted end point is only the GPD's) E[V | U > t] keeps growing there.")
    v_mean0 = mean_sd(vv)[0]
    far = t[beyond]  # where the model answers: a fitted end point biases it low
    if far.size:
        # an end point of X's tail leaves large U to V: v_model comes out high there, not low
        # (a review: an exponential error fitted with a shape just below 0 gave v_model 42%
        # high beside "likely low"); one of V's tail leaves it low
        for which, m, other, effect in (
                ("X", tail_x, v_mean0, "past the sample p_model is likely low there and "
                 "v_model high (a large U is left to V)"),
                ("V", tail_v, mean_sd(err)[0], "p_model and v_model past the sample are "
                 "likely low there")):
            notes.extend(f"{which}: {note}" for note in end_point_note(
                m, float(far.max()) - other, effect))
    reading = tail_x.settings.get("exponential_reading") or {}
    if (far.size and not infinite_v and not reads_sample(tail_x) and tail_x.xi < 0
            and reading.get("plausible") and math.isfinite(reading.get("sigma", math.nan))):
        # X's shape just below 0, within noise of an exponential: its end point gives X a
        # hazard rising towards it, and v_model rises with it (a review: an Exp(1) error,
        # xi = -0.02, read 1.69 against an exact 1.00 at the fourth default threshold)
        expo = replace(tail_x, xi=0.0, sigma=float(reading["sigma"]), endpoint=math.inf)
        sx0 = _sf_x(far[:, None] - loc[None, :], xs, expo)  # (only where it is read)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            v0 = c * ((sx0 @ wloc_c) / (sx0 @ w))
        ratio = v_model[beyond] / v0
        if np.any(np.isfinite(ratio)) and np.nanmax(np.abs(ratio - 1.0)) > 0.1:
            notes.append(
                f"X's fitted tail (ξ = {tail_x.xi:.2g}) is within noise of an exponential "
                f"one (ξ = 0 is not ruled out): under that reading v_model past the sample "
                f"would be {', '.join(fmt_num(float(v)) for v in v0)} instead of "
                f"{', '.join(fmt_num(float(v)) for v in v_model[beyond])} (the fitted shape's "
                "end point gives X a hazard rising towards it, which leaves more of a large "
                "U to V); read v_model there as a range between the two.")
    if tail_v.label == "heavy" and np.any(k >= 2):  # (the label, not the noisy xi: t(3)'s
        # fitted xi was under 1/4 in 38% of samples at n = 20,000, a review)
        notes.append(f"V's tail is heavy (ξ = {tail_v.xi:.2g}): the mean of V over the rows "
                     "above t is skewed by its few largest values, and the Student-t interval "
                     "(v_low, v_high) misses high more often than its level says (reviews, t(3) "
                     "utility at 95%: 0.90-0.92 with about 100 rows above t, 0.85 with 10); "
                     "read v_high as low.")
    if abs(corr) > 0.1:
        notes.append(f"X = U - V and V are correlated (Spearman {corr:.2f}): the independence "
                     "model behind v_model does not hold; trust the sample columns.")
    else:  # the model's P(U > t) against the sample's, in the sample's range (a review: a
        # proxy rounded to whole numbers, 0.497 against 0.360 at t = 0 with no word)
        notes.extend(_misfit_note(t, k / big_n, p_model, us, beyond, mean_sd(x)[0], sd))
    settings = {"level": lev, "interval": "Student-t (k - 1 df) over the rows above t",
                "model": "X = U - V independent of V; each: empirical body + GPD tail",
                "threshold": threshold, "min_above": MIN_ABOVE,
                "thresholds": "default" if thresholds is None else "given"}
    return Conditioning(table=table, level=lev, v_mean0=v_mean0, corr_xv=corr,
                        tail_x=tail_x, tail_v=tail_v, name=nm, settings=settings,
                        warnings=tuple(notes))


def _misfit_note(t: np.ndarray, p_above: np.ndarray, p_model: np.ndarray, us: np.ndarray,
                 beyond: np.ndarray, centre: float, sd: float) -> list[str]:
    """A note where the independence model's P(U > t) misses the sample's by more than 5 of
    their standard errors (each ``sqrt(p (1 - p) / n)``) and a tenth of it, inside the
    sample's reach: the model's v_model is not to be read there. On a continuous proxy
    with independent X and V this does not arise by chance (z = 5); it names a lattice of
    few values, the usual cause (the model smooths it). ``us``: the proxy, sorted."""
    n = us.shape[0]
    inside = ~beyond & np.isfinite(p_model)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.abs(p_model - p_above) / np.sqrt(2.0 * p_above * (1.0 - p_above) / n)
    bad = inside & (z > 5.0) & (np.abs(p_model - p_above) > 0.1 * p_above)
    if not bad.any():
        return []
    distinct = int(np.count_nonzero(np.diff(us))) + 1  # (sorted: no second sort)
    lattice = (f" (U takes {distinct:,} distinct values over {n:,} rows: a lattice that the "
               "model, continuous, smooths)" if distinct <= n / 10 else "")
    at = "; ".join(f"t = {fmt_level(float(t_) + 0.0, centre, sd)}: {float(m):.3g} against "
                   f"{float(p):.3g}" for t_, m, p in
                   zip(t[bad][:3], p_model[bad][:3], p_above[bad][:3], strict=True))
    return [f"the independence model does not reproduce the sample's P(U > t) ({at}, model "
            f"against sample){lattice}: its v_model does not hold there; trust the sample "
            "columns (v_mean, v_low, v_high)."]
