"""Best-of-n: :func:`best_of_n`, exact expectations under best-of-n of the empirical law.

Draw ``n`` samples from ``pi0`` and keep the one with the largest proxy ``U``. With the ``N``
sample values sorted by ``u``, sampling with replacement picks the ``i``-th smallest with
probability ``(i/N)^n - ((i-1)/N)^n``; that gives the exact ``E[U]`` and ``E[V]`` of best-of-n
of the empirical law for any ``n``, without resampling. Ties in ``u`` form one group whose
total probability ``(c_j/N)^n - (c_{j-1}/N)^n`` (``c_j`` the cumulative count at the group's
end) is shared equally by its members, so ``E[V]`` uses the group's mean ``v``. The
differences are computed as ``exp(a_j) * -expm1(a_{j-1} - a_j)`` with ``a_j = n log(c_j/N)``,
which keeps full relative precision at every ``n``.

The plug-in can never exceed the sample maximum: once ``n`` is comparable with ``N`` it only
re-weights the top few draws. Past ``n = N / 10`` (the best of ``n`` then has fewer than about
10 sample values above its typical level) the proxy is extrapolated with the tail model,
and earlier under a power-law tail (GPD ``0 < xi < 1``). There the plug-in misses what the
quantiles above the sample's reach (``p > 1 - 1/N``) add over its maximum, ``n/N Q(1 - 1/N)
xi/(1-xi)`` for ``n << N``: a share ``(n/N)^(1-xi) xi / Gamma(2-xi)`` of ``E[max of n]``,
about the median shortfall of the plug-in on Pareto samples (simulated, 3,000 samples of
``N = 10^4``: 12% at ``n = N/100`` for ``xi = 2/3``, where the formula says 16%; 30% against
35% for ``xi = 0.8``; at ``n = N/10`` the plug-in of a review's Pareto(1.5) samples was
14-60% low). So the plug-in is
trusted only while that share is at most :data:`MISSED`
(``n <= N (MISSED Gamma(2-xi) / xi)^(1/(1-xi))``: ``N/127`` at ``xi = 1/2``, ``N/3300`` at
``2/3``); beyond,
``E[max] = sum over the body + integral of Q(p) n p^(n-1) dp`` over the fitted GPD tail
(Gauss–Legendre quadrature in ``z = -log((1-p)/zeta)``).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat._runs import tie_runs
from tailstat.errors import DataError
from tailstat.goodhart._bon_se import Jackknife, group_moments
from tailstat.goodhart._common import (
    centre_of,
    check_pair,
    check_positive,
    fmt_resolved,
    gpd_log_excess_at,
    kl_best_of_n,
    mean_sd,
    moment_scale,
    sort_order,
    sorted_sample,
)
from tailstat.goodhart._shared import in_shared_work
from tailstat.goodhart.tail import (
    _GL_W,
    _GL_X,
    TailModel,
    end_point_note,
    gpd_excess_at,
    reads_sample,
    resolve_tail,
)

__all__ = ["MISSED", "REACH", "best_of_n", "expected_max_model", "policy_kl", "reach_of"]

#: The plug-in is trusted up to n = N / REACH; beyond, the proxy comes from the tail model.
REACH = 10
#: Under a power-law tail, the largest share of ``E[max of n]`` the plug-in may miss (the
#: part above the sample's reach) before the tail model takes over.
MISSED = 0.05
#: Default ladder of n.
DEFAULT_N = 2 ** np.arange(0, 21)
#: Largest number of candidates: ``2^53``, the largest whole number every float holds exactly
#: (the table's ``n`` column is an integer).
MAX_N = 2.0**53


def _probs_at(logc: np.ndarray, gap: np.ndarray, n: float, out: np.ndarray,
              work: np.ndarray) -> np.ndarray:
    """``exp(n logc) (1 - exp(n gap))`` (``gap = prev - logc``) into ``out``, with ``work``
    left holding ``expm1(n gap)``, in [-1, 0]."""
    np.exp(np.multiply(logc, n, out=out), out=out)
    np.expm1(np.multiply(gap, n, out=work), out=work)
    with np.errstate(invalid="ignore"):
        np.multiply(out, work, out=out)
    return np.negative(out, out=out)


def expected_max_model(model: TailModel, body: float, n: float) -> float:
    """``E[max of n]`` under (empirical body + GPD tail).

    ``body``: the body's part relative to the threshold ``u0``, ``sum_j P_j (u_j - u0)`` over
    the tie groups at or below ``u0`` (the same selection probabilities as the plug-in). The
    body's and the tail's probabilities add up to one, so ``E[max] = u0 + body + E[excess
    term]``: ``u0`` is never multiplied by a quadrature's total weight, whose error of 1e-13
    moved the result by 0.14 sd at an offset of 1e12.
    """
    if model.xi >= 1.0:
        return math.inf
    zeta = model.zeta
    z_peak = max(math.log(n * zeta), 0.0)
    span = 60.0 / (1.0 - max(model.xi, 0.0))
    edges = np.arange(0.0, z_peak + span, 1.0)
    z = (edges[:, None] + 0.5 + 0.5 * _GL_X[None, :]).ravel()
    w = np.tile(0.5 * _GL_W, edges.shape[0])
    logh = (math.log(n) + math.log(zeta) - z + (n - 1.0) * np.log1p(-zeta * np.exp(-z)))
    # an E[max] beyond the float range (rewards near 1e308) is inf, said by the caller
    with np.errstate(over="ignore"):
        if model.xi > 0:
            # the excess sigma expm1(xi z) / xi overflows where its weight exp(logh) ~ e^-z
            # has long underflowed (xi near 1: 0 * inf): their product is formed in logs
            excess = w * np.exp(logh + gpd_log_excess_at(z, model.xi, model.sigma))
        else:
            excess = w * np.exp(logh) * gpd_excess_at(z, model.xi, model.sigma)
        return model.threshold + body + float(np.sum(excess))


def reach_of(model: TailModel, big_n: int) -> float:
    """The largest best-of-n size at which the plug-in is trusted: ``N / REACH``, or less under
    a power-law tail model (``0 < xi < 1``; see the module's notes; with ``xi >= 1``, where the
    model's mean is infinite, none past today's mean), but at least 1: best-of-1 is today's
    outputs, their sample mean (a review: at xi = 0.9 the model's mean made best-of-1 a
    gain)."""
    reach = big_n / REACH
    if not model.empirical and model.xi >= 1.0:
        reach = 1.0
    elif not model.empirical and 0.0 < model.xi < 1.0:
        share = (MISSED * math.gamma(2.0 - model.xi) / model.xi) ** (1.0 / (1.0 - model.xi))
        reach = min(reach, big_n * share)
    return max(reach, 1.0)


def policy_kl(table: pd.DataFrame, model: TailModel | None = None) -> np.ndarray:
    """The KL of each best-of-n policy as the diagnostics quote it: ``kl_sample`` (the exact
    KL on the sample's own law) where that law is the answer -- saturated scores, which
    :func:`tailstat.goodhart.tail.reads_sample` reads so, and scores on few levels (fewer
    tie groups than half the sample) within the sample's reach -- else ``kl``,
    ``log n - (n - 1)/n``, that of
    continuous scores, which overstates it there (clipped scores: 5.93 nats for best-of-1,024
    against 2.70, the -log of the ceiling's share; binary rewards: 12.8 against at most 1.21;
    a review).

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`best_of_n` table.
    model : TailModel, optional
        The tail model it was computed with.

    Returns
    -------
    numpy.ndarray
    """
    kl = table["kl"].to_numpy(dtype=float)
    if "kl_sample" not in table:
        return kl
    own = table["kl_sample"].to_numpy(dtype=float)
    if model is not None and reads_sample(model):
        return own
    groups, n_all = table.attrs.get("tie_groups"), table.attrs.get("n_sample")
    if groups and n_all and 2 * groups < n_all:  # within the sample's reach only: past it
        # the answer is the continuous tail model's (rounded t(4) scores: the dashed curve
        # stood still at log N while its reward rose; a review)
        past = (table["extrapolated"].to_numpy(dtype=bool) if "extrapolated" in table
                else np.zeros(len(table), dtype=bool))
        return np.where(past, kl, own)
    return kl


def check_n(n: Any) -> np.ndarray:
    """Numbers of candidates: whole, at least 1, at most :data:`MAX_N`."""
    ns = check_positive(n, "n", integer=True)
    if np.any(ns > MAX_N):
        raise DataError(f"n must be at most 2^53 = {MAX_N:.4g} (whole numbers beyond it are not "
                        f"exact), got {float(ns[ns > MAX_N][0]):g} instead; the KL of "
                        "best-of-n at n = 2^53 is already 35.7 nats.")
    return ns


#: Groups of equal values summed at a time (a block's arrays stay in the cache while every
#: n reads them: one pass over the sample for all n, not one per n).
BLOCK = 1 << 15


def _plugin_sums(us: np.ndarray, starts: np.ndarray, c: np.ndarray, all_n: list[float],
                 cut: float, centre: tuple[float, float],
                 gold: tuple[np.ndarray, Any, float, float] | None, n_body: int,
                 threshold: float, jk: Jackknife) -> np.ndarray:
    """For each ``n``, the plug-in law of the best of ``n`` (the empirical law's): ``E[U]``,
    ``E[Z]`` and ``E[Z^2]`` of ``Z = (U - cu) / su``, ``E[W]`` and ``E[W^2]`` of
    ``W = (V - cv) / sv`` (NaN without gold), the KL from the empirical law, the body's
    part ``sum P_j (u_j - threshold)`` over the groups below ``n_body``, and the first two
    moments of ``Z`` and ``W`` again, centred at the top group's (columns 7-10): deep in n
    the law sits on the top group, and ``E[Z^2] - E[Z]^2`` about the median cancelled every
    digit of the sd (a review). The moments are those of the weights normalised to sum to
    one (their sum, ``1 - 6e-13`` at ``n = 1000`` of ``10^4``, times an offset of ``1e12``
    put ``E[U]`` 9 standard errors low; a review); column 0 is ``E[U]``, the top value plus
    the mean distance below it, never above the sample maximum.

    ``us`` is the sorted sample, ``starts`` and ``c`` the starts and cumulative counts of its
    groups of equal values; ``gold`` is ``(v, order, cv, sv)``: the gold scores, the proxy's
    stable sort order, and their centre and scale. Groups with ``(c/N)^n`` below ``exp(cut)``
    are skipped. The groups are read in blocks, every ``n`` in each block; ``jk`` is given
    each block's probabilities and values (the jackknife's standard errors).
    """
    cu, su = centre
    big_n, n_groups = us.shape[0], starts.shape[0]
    log_n = math.log(big_n)
    # (an integer key: a float one made numpy convert all of c for each n)
    firsts = [max(int(np.searchsorted(c, math.ceil(big_n * math.exp(cut / ni)),
                                      side="left")) - 1, 0) for ni in all_n]
    acc = np.zeros((len(all_n), 12))  # column 11: the weights' sum
    z_top = (float(us[-1]) - cu) / su
    w_top = math.nan
    if gold is None:
        acc[:, [3, 4, 9, 10]] = np.nan
    else:  # the mean gold score of the top group (the proxy's largest value)
        w_top = float(np.mean((gold[0][gold[1][int(starts[-1]):]] - gold[2]) / gold[3]))
    p_buf, d_buf = np.empty(BLOCK), np.empty(BLOCK)
    pos_buf = np.empty(BLOCK, dtype=bool)
    ties = n_groups < big_n
    for a in range(min(firsts) // BLOCK * BLOCK, n_groups, BLOCK):
        b = min(a + BLOCK, n_groups)
        cb = c[a:b]
        prev = int(c[a - 1]) if a else 0
        logc = np.log(cb) - log_n
        counts = np.diff(cb, prepend=prev)
        # log(c_{j-1} / c_j) as log1p(-count / c_j): the difference of the two logs lost
        # log10(c) digits, which the jackknife's differences of steps then showed (v_se 2e-6
        # off at N = 10^7; a review); -inf for the first group
        with np.errstate(divide="ignore"):
            gap = np.log1p(-counts / cb)
        logw0 = np.log(counts) - log_n if ties else np.full(b - a, -log_n)
        gu = us[starts[a:b]] if ties else us[a:b]
        guc = (gu - cu) / su  # centred and scaled: the mean's deviation keeps its digits
        gu2 = guc * guc
        gut = guc - z_top
        gut2 = gut * gut
        if gold is not None:
            vv, order, cv, sv = gold
            ws = (vv[order[int(starts[a]):int(cb[-1])]] - cv) / sv
            at = starts[a:b] - starts[a]
            gw = np.add.reduceat(ws, at) / counts if ties else ws
            gv2 = np.add.reduceat(ws * ws, at) / counts if ties else ws * ws
            gwt = gw - w_top
            # a tie group's own spread of W beside its mean's distance (a group's W is its
            # rows' average only for the first moment)
            gwt2 = gwt * gwt + (np.maximum(gv2 - gw * gw, 0.0) if ties else 0.0)
        for i, ni in enumerate(all_n):
            if firsts[i] >= b:
                continue
            o = max(firsts[i] - a, 0)
            m = b - a - o
            p, d, pos = p_buf[:m], d_buf[:m], pos_buf[:m]
            _probs_at(logc[o:], gap[o:], ni, p, d)
            jk.add(i, a + o, b, p, [guc[o:]] if gold is None else [guc[o:], gw[o:]])
            row = acc[i]
            row[11] += float(np.sum(p))
            row[1] += float(p @ guc[o:])
            row[2] += float(p @ gu2[o:])
            row[7] += float(p @ gut[o:])
            row[8] += float(p @ gut2[o:])
            if gold is not None:
                # E[W] from the centred values, as E[Z] (E[V] follows from it): (E[V] - cv)
                # / sv cancelled the digits of a small sd at an offset of 1e12 (5e-4 off)
                row[3] += float(p @ gw[o:])
                row[4] += float(p @ gv2[o:])
                row[9] += float(p @ gwt[o:])
                row[10] += float(p @ gwt2[o:])
            # log(p / w0) term by term; where p = 0, d keeps a finite value (expm1 is in
            # [-1, 0]) that p multiplies to 0
            np.log(p, out=d, where=np.greater(p, 0.0, out=pos))
            row[5] += float(p @ np.subtract(d, logw0[o:], out=d))
            nb = min(n_body, b) - (a + o)
            if nb > 0:  # the body's part from its distances to the threshold (d is free
                # again): never the threshold times a total weight, whose rounding is large
                # at a large offset
                row[6] += float(p[:nb] @ np.subtract(gu[o:o + nb], threshold, out=d[:nb]))
    # a KL is >= 0; the sum of terms of both signs can round to -2e-17 (n = 1, ties)
    acc[:, 5] = np.maximum(acc[:, 5], 0.0)
    # the moments of the normalised weights; E[U] as the top value plus the mean (<= 0) of
    # the distances below it: location-equivariant, and never above the sample maximum
    moments = [1, 2, 3, 4, 7, 8, 9, 10]
    acc[:, moments] /= acc[:, 11:12]
    acc[:, 0] = float(us[-1]) + su * acc[:, 7]
    return acc[:, :11]


def _variance(m2: float, mean: float, m2_top: float, mean_top: float) -> float:
    """The variance from the moments about the median (``m2``, ``mean``) or about the top
    group (``_top``), whichever second moment is the smaller: ``m2 - mean^2`` loses the
    digits ``m2`` holds beyond the variance (deep in n, about the median, all of them: an sd
    of 1.5e-7 printed rounding, 18% off at another scale, 2^-24 at a third; a review)."""
    var = m2_top - mean_top * mean_top if m2_top < m2 else m2 - mean * mean
    return max(var, 0.0)


def _jackknife(us: np.ndarray, starts: np.ndarray, c: np.ndarray, ns: np.ndarray,
               gold: tuple[np.ndarray, Any, float, float] | None) -> Jackknife:
    """The jackknife of the plug-in's ``E[U]`` (and ``E[V]``) at each ``n`` up to ``N /
    REACH``, and at ``n = 1`` (the sample mean) whatever ``N``: beyond, the weights sit on
    the sample's top few values and the jackknife no longer measures the plug-in's error."""
    big_n = us.shape[0]
    within, means = None, None
    if gold is not None:
        vv, order, cv, sv = gold
        w = (vv - cv) / sv  # the gold scores as the plug-in reads them (scaled once)
        if starts.shape[0] < big_n:  # ties: the gold scores' own spread within each group
            within_v = group_moments(w[order][:, None], starts, np.diff(c, prepend=0))[1]
            assert within_v is not None  # (ties)
            within = np.column_stack((np.zeros(starts.shape[0]), within_v[:, 0]))
        # the gain over the mean, v(n) - v(1): its covariance with the mean (the proxy's
        # gain is not wanted: nan)
        means = (np.array([math.nan, float(np.mean(w))]),
                 np.array([math.nan, float(np.var(w, ddof=1)) / big_n if big_n > 1
                           else math.nan]))
    elif starts.shape[0] < big_n:
        within = np.zeros((starts.shape[0], 1))
    return Jackknife(c, {i: float(ni) for i, ni in enumerate(ns)
                         if ni <= max(big_n / REACH, 1.0)},  # (n = 1: the mean, always)
                     within, 1 if gold is None else 2, means)


@in_shared_work  # the sample's mean, sd, order and law, computed once
@np.errstate(under="ignore")  # underflow to 0 is meant (a caller's seterr(all="raise"))
def best_of_n(
    u: Any,
    v: Any = None,
    n: Any = None,
    *,
    tail: Literal["auto", "empirical"] | TailModel = "auto",
    threshold: float | str = "auto",
    name: str | None = None,
) -> pd.DataFrame:
    """Exact expected proxy (and true utility) under best-of-n, extrapolated past the sample.

    Parameters
    ----------
    u : array-like
        Proxy rewards of samples from the base policy ``pi0``.
    v : array-like, optional
        True utility (gold scores) of the same samples (True/False read as 1 and 0).
    n : int or sequence of int, optional
        Numbers of candidates (>= 1). Default: 1, 2, 4, ..., 2^20.
    tail : {"auto", "empirical"} or TailModel
        The tail model used past the sample's reach (see :func:`fit_tail_model`);
        ``"empirical"`` reports the plug-in everywhere.
    threshold : float or str
        GPD threshold when the tail model is fitted here; left at ``"auto"`` when ``tail``
        is a ``TailModel``, which brings its own.
    name : str, optional

    Returns
    -------
    pandas.DataFrame
        One row per ``n``: ``n``; ``kl`` (``log n - (n-1)/n``); ``u`` (the answer: the plug-in
        up to ``n = N/10``, or fewer under a power-law tail (:func:`reach_of`); beyond, the
        tail model, with a floor so that the curve never falls where the model takes over (the
        expected best of ``n`` grows with ``n``). Under a power-law tail (``xi > 0``) the
        floor is the plug-in at the reach, so ``u`` may sit below ``u_sample`` at the same
        ``n``: the larger of the two read 5-12% high on Pareto samples, where the model alone
        is unbiased (elsewhere ``u`` carries the fitted tail's own bias, which grows with
        ``n / N``: on |t(3)| samples about -1% at ``n = N/10``, -12% at ``N/2.5``; on samples
        of ``N = 10^4``, lognormal(1) +11% at ``n = 1024`` and +81% at ``2^20`` (the shape
        fitted at the threshold is heavier than the far tail's), t(4) -10% at ``n = 4096``
        and -35% at ``2^20``, N(0, 1) -12% at ``2^20``: ``reports/goodhart_bias.md``; the
        column ``extrapolated`` marks these rows). Under ``xi <= 0``, where both run low,
        the floor is the plug-in at the same ``n``. Under ``xi >= 1`` the expected best of
        ``n`` is infinite, and ``u`` is ``nan`` past the reach, as ``u_model`` is: the table
        holds no infinity);
        ``u_sample`` and ``u_sd`` (mean and sd of the
        chosen proxy under best-of-n of the empirical law); ``u_se`` (the standard error of
        ``u`` where it is the plug-in, up to ``n = N/10``: the delete-one jackknife, exact,
        ties included; ``nan`` where ``u`` comes from the tail model or the plug-in at the
        reach, and past ``N/10``; at ``n = 1``, the sample mean, it is always given. On 400
        samples of ``N = 10^4`` from each of five laws, light to Pareto(3), ``u ± 1.96 u_se``
        held the exact ``E[max of n]`` in 0.90-0.96 of them up to ``n = 128``, and in
        0.77-0.93 at ``n = 512-1000``: there the jackknife reads the spread of heavier tails
        short (0.78-0.89 of it for Pareto(3) and t(4)), and smallest on the samples whose
        estimate is low; the plug-in's own shortfall adds 0.05-0.2 sd.
        ``reports/bon_coverage.md``); ``u_model`` (empirical body + GPD
        tail; ``nan`` when ``xi >= 1``, where it is infinite, with a warning in ``attrs``);
        ``v`` and ``v_sd`` (true utility under best-of-n of the empirical law, ``nan`` without
        ``v``; never extrapolated); ``v_se`` (its jackknife standard error, as ``u_se``, up
        to ``n = N/10``; ``v ± 1.96 v_se`` held the exact value in 0.94-0.955 of 400 samples
        of normal scores, to ``n = 1000``); ``v_gain_se`` (the standard error of the gain
        ``v - v at n = 1`` (the sample mean), by the same jackknife: ``0`` at ``n = 1``, ``nan``
        without ``v`` and past ``N/10``; 0.935-0.983 coverage on those samples, 0.81-0.83
        at ``n = N/10`` on t(3) and lognormal(1) proxies of 2,000: docs/science.md);
        ``kl_sample`` (the exact KL of the plug-in law from the empirical law,
        ``<= log N``); ``p_top10`` (probability that the chosen draw is one of the sample's
        10 largest, ties broken at random);
        ``source`` (``"sample"``, ``"tail model"``, or ``"sample at reach"`` past the reach
        where a power-law model falls below the plug-in there, which then stands);
        ``extrapolated``. ``DataFrame.attrs`` holds
        ``extrapolation_starts_at_n`` (the first ``n`` past the reach), ``n_sample``,
        ``reach_rule``, ``tail`` (the tail model as a dict) and ``warnings``.

    Raises
    ------
    DataError
        Mismatched ``u``/``v`` lengths, non-finite values, ``n <= 0`` or not whole, too few
        values.

    Notes
    -----
    The ``kl`` column is the analytic value for a continuous proxy; with ties it is an upper
    bound and ``kl_sample`` shows the exact plug-in value.
    """
    x, vv, nm = check_pair(u, v)
    nm = name or nm
    ns = DEFAULT_N.astype(float) if n is None else check_n(n)
    model = resolve_tail(x, tail, threshold, nm)
    big_n = x.shape[0]
    # the gold scores follow the proxy's order; without them the sorted values are enough
    # (a plain sort is about twice as fast as a stable argsort)
    order = sort_order(x) if vv is not None else None
    us = x[order] if order is not None else sorted_sample(x)
    starts, c = tie_runs(us)
    # second moments on centred (a large common offset would cancel every digit of the
    # variance) and scaled values (no square overflows at any finite scale)
    # centred at the median, not the mean: a few values far below the rest (-1e16) moved the
    # mean by 1e11, and E[Z^2] - E[Z]^2 then cancelled every digit of u_sd (0 against 0.55
    # at n = 16: a review)
    cu = float(us[big_n // 2])
    with np.errstate(over="ignore"):
        su = max(abs(float(us[0]) - cu), abs(float(us[-1]) - cu))
    if not math.isfinite(su):  # values spanning nearly the whole float range: no centring
        cu = 0.0
        su = max(abs(float(us[0])), abs(float(us[-1])))
    su = moment_scale(su)
    if vv is not None:
        cv = centre_of(vv)
        sv = moment_scale(float(np.max(np.abs(vv - cv))))
    top10 = max(big_n - 10, 0)
    # the group holding rank N - 9 (1-based) may straddle the top 10: a tie is broken at
    # random, so its share of the top 10 is chosen in that proportion (the whole group was
    # counted in: 5 levels of 2,000 ratings gave 0.2 at n = 1, for 10/N = 0.001)
    j = int(np.searchsorted(c, top10, side="right"))
    c_top, c_under = int(c[j]), (int(c[j - 1]) if j > 0 else 0)
    share = (c_top - top10) / (c_top - c_under)
    # saturated scores too: their repeated maximum is the ceiling, which best-of-n cannot
    # pass (a GPD fitted below it took E[max] past it: 2.92 for scores clipped at 2.68)
    alone = reads_sample(model)
    # the groups at or below the threshold (the tail model's body)
    n_body = 0 if alone else int(np.searchsorted(
        starts, np.searchsorted(us, model.threshold, side="right"), side="left"))
    reach = reach_of(model, big_n)
    # under a power-law tail with rows past the reach, the plug-in at the reach (the largest
    # whole n within it) is the floor of the model's rows: one more n in the loop
    power = not alone and model.xi > 0.0
    at_reach = [float(math.floor(reach))] if power and bool(np.any(ns > reach)) else []
    # the skipped groups' mass times their distance below the top stays under 2^-53 of the
    # top's magnitude: exp(-40) of mass (4e-18) for ordinary data, lower by the ratio of the
    # range to the top (a review: values of -1e16 below scores near 1 moved E[max of 1024]
    # by 2e-3 at exp(-40)), at most exp(-76); cutting only where (c/N)^n underflowed
    # (exp(-745)) read half of 10^7 values at n = 1024, not the top 4%
    # (in halves: the range of rewards near the float limit overflows it, a review)
    half_span = float(us[-1]) / 2.0 - float(us[0]) / 2.0
    top_abs = max(abs(float(us[-1])), half_span * 2.0**-51, 1e-300)
    cut = -40.0 - max(0.0, math.log(max(half_span, 5e-301) / top_abs) + math.log(2.0))
    all_n = [*ns, *at_reach]
    gold = None if vv is None else (vv, order, cv, sv)
    jk = _jackknife(us, starts, c, ns, gold)
    sums = _plugin_sums(us, starts, c, all_n, cut, (cu, su), gold, n_body,
                        model.threshold, jk)
    se = jk.standard_errors()  # in units of su (and sv)
    se_u = np.array([su * se[i][0] if i in se else math.nan for i in range(ns.shape[0])])
    se_v = np.array([sv * se[i][1] if i in se and vv is not None else math.nan
                     for i in range(ns.shape[0])])
    gain = jk.gain_standard_errors() if vv is not None else {}
    se_gain = np.array([sv * gain[i][1] if i in gain else math.nan
                        for i in range(ns.shape[0])])
    rows = []
    for ni, (eu, dev, m2, dev_v, m2v, kl_s, body, dt, m2t, dvt, m2vt) in zip(
            all_n, sums, strict=True):
        # (E[U] - c) / su from the centred values, not from E[U] itself: at an offset of
        # 1e12 the difference lost the digits of a small sd (17% off)
        var_u = _variance(m2, dev, m2t, dt)  # in units of su^2
        ev = cv + sv * dev_v if vv is not None else math.nan
        sd_v = (sv * math.sqrt(_variance(m2v, dev_v, m2vt, dvt)) if vv is not None
                else math.nan)
        below_top = math.exp(ni * math.log(c_top / big_n))  # P(max below the group's top)
        below = math.exp(ni * math.log(c_under / big_n)) if c_under > 0 else 0.0
        p_top = (1.0 - below_top) + share * (below_top - below)
        um = math.nan if alone else expected_max_model(model, body, ni)
        rows.append((ni, eu, su * math.sqrt(var_u), um, ev, sd_v, kl_s, p_top))
    arr = np.array(rows, dtype=float).reshape(-1, 8)
    floor_u, arr = (float(arr[-1, 1]), arr[:-1]) if at_reach else (math.nan, arr)
    infinite = np.isinf(arr[:, 3])
    notes_inf = []
    if infinite.any() and model.xi >= 1.0:  # E[max] is infinite; tables hold no inf
        notes_inf = [f"the fitted tail has ξ = {model.xi:.3g} ≥ 1: E[U] under best-of-n is "
                     "infinite for every n, 1 included (the model's mean is infinite), so u_model "
                     "is NaN throughout, and so is u beyond the plug-in's reach; u_sample is the "
                     "sample's plug-in."]
    elif infinite.any():  # finite, but past the float range (a review: it read "ξ ≥ 1")
        first = arr[infinite, 0][0]
        notes_inf = [f"E[U] under the fitted tail (ξ = {model.xi:.3g}) exceeds the float "
                     f"range (about 1.8e308) from n = {first:.6g} on: u_model is NaN there, and "
                     "so is u beyond the plug-in's reach; rescale the rewards (divide them by a "
                     "power of ten: the levels scale with them) to read it."]
    arr[infinite, 3] = np.nan
    beyond = arr[:, 0] > reach
    extrap = beyond & (not alone)
    # past the reach: the tail model, unless it gives less than the sample (the model grows
    # with n, so the curve never drops where it takes over). Under a power-law tail the floor
    # is the plug-in at the reach, not at each n: the model is then unbiased and the larger of
    # it and the plug-in at the same n is not (a review: +5% on Pareto(3), +12% on
    # Pareto(1.5) at n = 1024, N = 10^4; the model alone within 0.6%). Under xi <= 0 both run
    # low (the penultimate xi < 0 of light tails, a plug-in capped at the sample maximum): the
    # larger one at each n is the nearer.
    floor = np.full(arr.shape[0], floor_u) if at_reach else arr[:, 1]
    from_model = extrap & ~(arr[:, 3] < floor)  # NaN (xi >= 1, infinite) stays NaN
    held = extrap & ~from_model & np.isfinite(arr[:, 3])  # the floor stands past the reach
    out = pd.DataFrame({
        "n": arr[:, 0].astype(np.int64), "kl": kl_best_of_n(arr[:, 0]),
        "u": np.where(from_model, arr[:, 3], np.where(held, floor, arr[:, 1])),
        "u_sample": arr[:, 1],
        "u_sd": arr[:, 2],
        "u_se": np.where(from_model | held, np.nan, se_u),
        "u_model": arr[:, 3], "v": arr[:, 4], "v_sd": arr[:, 5], "v_se": se_v,
        "v_gain_se": se_gain,
        "kl_sample": arr[:, 6],
        "p_top10": arr[:, 7], "source": np.where(from_model, "tail model", np.where(
            held & bool(at_reach), "sample at reach", "sample")),
        "extrapolated": extrap,
    })
    notes = list(model.warnings) + notes_inf
    if alone and model.settings.get("saturated") and beyond.any():
        notes.append(f"n > N/{REACH} = {big_n / REACH:g}: the plug-in reads the sample's own law, "
                     "whose repeated maximum is the scores' ceiling (saturated).")
    elif model.empirical and beyond.any():
        notes.append(f"n > N/{REACH} = {big_n / REACH:g} without a tail model: the plug-in cannot "
                     "exceed the sample maximum, so u there is a lower bound.")
    if vv is not None and np.any(arr[:, 0] > big_n / REACH):  # v's reach: its own rows
        notes.append(f"v is the plug-in at every n; past n = N/{REACH} it only re-weights the "
                     "sample's top few draws.")
    past = arr[beyond, 0]
    modelled = arr[from_model, 3]
    if np.isfinite(modelled).any():
        notes.extend(end_point_note(model, float(modelled[np.isfinite(modelled)].max()),
                                    "u past the sample's reach approaches it and is likely "
                                    "low there "
                                    "(u_model too)"))
    if extrap.any() and np.isfinite(arr[extrap, 3][0]):
        j = int(np.flatnonzero(extrap)[0])  # the first n past the reach
        # half the chosen draw's sd, but not less than 1% of the scores' spread: at a bounded
        # end point the sd vanishes (7e-6 for uniform scores) and a gap of 5e-6 raised this
        gap = arr[j, 1] - arr[j, 3]
        sd_x = mean_sd(x)[1]  # the scores' sd
        if gap > max(0.5 * arr[j, 2], 0.01 * sd_x):
            notes.append(
                f"at n = {int(arr[j, 0])}, past the sample's reach, the tail model predicts "
                f"E[U] = {fmt_resolved(arr[j, 3], 0.1 * gap)}, {gap:.3g} below the sample's own "
                f"{fmt_resolved(arr[j, 1], 0.1 * gap)}: the fitted tail is lighter than the top "
                "of the sample (rare extreme values above the fitted body?), so u keeps the "
                "sample's value where it is higher, and u_model is likely too low.")
    out.attrs.update({
        "result": "best_of_n", "name": nm, "n_sample": big_n,
        "extrapolation_starts_at_n": int(past.min()) if past.size and not alone
        else None,
        "reach_n": reach,
        "reach_rule": (f"plug-in up to n = N/{REACH}, or while it misses at most {MISSED:.0%} of "
                       "E[max] under a power-law tail; tail model beyond"),
        "model_starts_at_n": int(arr[from_model, 0].min()) if from_model.any() else None,
        "tie_groups": int(starts.shape[0]), "tail": model.to_dict(), "warnings": notes,
    })
    return out
