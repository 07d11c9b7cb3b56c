"""Standard errors of best-of-n's plug-in expectations: the delete-one jackknife, exact.

Best-of-n of the empirical law gives the ``j``-th group of equal proxy values (cumulative
count ``C_j`` of ``N``) the probability ``P_j = G(C_j/N) - G(C_{j-1}/N)``, ``G(t) = t^n``, and
its members the mean ``m_j`` of their values ``x`` (the proxy itself, or the gold scores in
the proxy's order), so ``T = sum_j P_j m_j``. Deleting one row of group ``g`` (``M = N - 1``
rows left) lowers every cumulative count from ``g`` on by one:

    T_(r) = sum_{j<g} Q_j m_j + Q'_g (S_g - x_r) / (c_g - 1) + sum_{j>g} Q''_j m_j,

with ``Q_j = G(C_j/M) - G(C_{j-1}/M)``, ``Q''_j = G((C_j - 1)/M) - G((C_{j-1} - 1)/M)``,
``Q'_g = G((C_g - 1)/M) - G(C_{g-1}/M)`` (0 for a group of one) and ``S_g``, ``c_g`` the
group's sum and count. Within a group ``T_(r) - T`` is linear in ``x_r``, so the jackknife's
sum of squares ``(N - 1)/N sum_r (T_(r) - mean)^2`` needs only each group's count, mean and
within-group sum of squares: one pass over the groups per ``n``, exact (no resampling), ties
included. Groups whose probability under best-of-``n`` is below ``exp(cut)`` are read as one
block whose deletions all move ``T`` by the same amount (their own terms vanish).

The jackknife measures the plug-in's spread while the weights spread over many order
statistics, ``n`` well below ``N``; near ``n = N / 10`` (:data:`tailstat.goodhart.bon.REACH`)
the plug-in's own shortfall (it cannot pass the sample's top) adds to its error, and an
interval of ``± 1.96`` standard errors covers less often. ``benchmarks/bon_coverage.py``
(``reports/bon_coverage.md``) measures both on samples of ``10^4``.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["jackknife_se"]

#: Groups of equal values read at a time (their arrays stay in the cache for every n).
BLOCK = 1 << 15


def jackknife_se(values: np.ndarray, starts: np.ndarray, c: np.ndarray, ns: list[float],
                 cut: float) -> np.ndarray:
    """The delete-one jackknife standard error of ``T = sum_j P_j m_j`` for each ``n``.

    Parameters
    ----------
    values : numpy.ndarray
        ``(N, q)``: ``q`` sets of values to average (the proxy, the gold scores), in the
        proxy's sorted (stable) order, centred and scaled so that their squares neither
        overflow nor lose their digits.
    starts, c : numpy.ndarray
        Start index and cumulative count (exclusive end) of each group of equal proxy values.
    ns : list of float
        Numbers of candidates.
    cut : float
        Groups with ``(C_j / N)^n`` below ``exp(cut)`` move ``T`` by nothing of their own.

    Returns
    -------
    numpy.ndarray
        ``(len(ns), q)`` standard errors, in the units of ``values``; ``nan`` with fewer
        than two rows.

    Notes
    -----
    With ``h(C) = G(C/N)``, ``rho = (N/M)^n = 1 + kappa``, ``s(C) = h(C) - h(C - 1)`` (one
    row's step, formed as ``-h(C) expm1(n log1p(-1/C))``): ``Q_j = rho P_j``, ``Q''_j =
    rho (P_j - s(C_j) + s(C_{j-1}))`` and ``Q'_g = rho (P_g - s(C_g))``. Deleting a row of
    group ``g`` then moves ``T`` by ``rho (E_g - (P_g - s(C_g)) (x_r - m_g) / (c_g - 1))``
    plus a constant, with ``E_g = sum_{j<=g} (s(C_j) - s(C_{j-1})) m_j - s(C_g) m_g``: one
    cumulative sum per ``n``, of terms known to full relative precision.
    """
    big_n = int(values.shape[0])
    q = int(values.shape[1])
    out = np.full((len(ns), q), math.nan)
    if big_n < 2:
        return out
    n_groups = starts.shape[0]
    ties = n_groups < big_n
    cnt = np.diff(c, prepend=0)
    if ties:
        means = np.add.reduceat(values, starts, axis=0) / cnt[:, None]
        dev = values - np.repeat(means, cnt, axis=0)
        within = np.add.reduceat(dev * dev, starts, axis=0)  # each group's squared deviations
    else:
        means = values
    log_n = math.log(big_n)
    firsts = [max(int(np.searchsorted(c, math.ceil(big_n * math.exp(cut / n)),
                                      side="left")) - 1, 0) for n in ns]
    rhos = [math.exp(-n * math.log1p(-1.0 / big_n)) for n in ns]
    # per n and set of values: the running sum of E, and the count, mean and sum of squares
    # (Chan et al.'s pairwise update) of E over the rows read so far (a row below every
    # group read has E = 0: its deletion moves T by the constant)
    carry = np.zeros((len(ns), q))
    acc = np.zeros((len(ns), q, 3))
    for a0 in range(min(firsts) // BLOCK * BLOCK, n_groups, BLOCK):
        b0 = min(a0 + BLOCK, n_groups)
        lo = max(a0 - 1, 0)  # one group more below: its step is s(C_{j-1}) of the block's first
        cb = c[lo:b0].astype(float)
        lc = np.log(cb) - log_n
        with np.errstate(divide="ignore"):
            l1c = np.log1p(-1.0 / cb)  # log((C - 1) / C): -inf for C = 1
            if ties:
                gap = np.log(cb - cnt[lo:b0]) - log_n - lc  # log(C_{j-1} / C_j)
        kf = cnt[a0:b0].astype(float)
        for i, n in enumerate(ns):
            if firsts[i] >= b0:
                continue
            o = max(firsts[i], a0)  # the first group read in this block
            h = np.exp(n * lc)
            s = np.expm1(n * l1c)
            s *= -h
            step = np.diff(s, prepend=0.0) if lo == a0 else np.diff(s)  # s(C_j) - s(C_{j-1})
            at = o - a0
            step, s_b = step[at:], s[s.shape[0] - step.shape[0] + at:]
            if ties:
                with np.errstate(invalid="ignore"):  # (-inf - -inf: a first group of one row)
                    p = np.expm1(n * gap[gap.shape[0] - s_b.shape[0]:])
                p = np.where(np.isnan(p), -1.0, p)
                p *= -h[h.shape[0] - s_b.shape[0]:]
                k = kf[at:]
                own = np.where(k > 1, (p - s_b) / np.maximum(k - 1.0, 1.0), 0.0)
            for col in range(q):
                m = means[o:b0, col]
                e = np.cumsum(step * m)
                e += carry[i, col]
                carry[i, col] = e[-1]
                e -= s_b * m
                if ties:
                    cnt_b = float(k.sum())
                    mean_b = float(k @ e) / cnt_b
                    e -= mean_b
                    m2_b = float(k @ (e * e)) + float((own * own) @ within[o:b0, col])
                else:
                    cnt_b = float(b0 - o)
                    mean_b = float(e.sum()) / cnt_b
                    e -= mean_b
                    m2_b = float(e @ e)
                acc[i, col] = _combine(acc[i, col], (cnt_b, mean_b, m2_b))
    for i in range(len(ns)):
        for col in range(q):
            total = _combine(acc[i, col], (big_n - acc[i, col, 0], 0.0, 0.0))
            out[i, col] = rhos[i] * math.sqrt((big_n - 1) / big_n * total[2])
    return out


def _combine(x: np.ndarray | tuple[float, float, float],
             y: tuple[float, float, float]) -> np.ndarray:
    """Count, mean and sum of squared deviations of two sets of values together."""
    n1, m1, s1 = (float(v) for v in x)
    n2, m2, s2 = y
    n = n1 + n2
    if n2 == 0.0:
        return np.array([n1, m1, s1])
    if n1 == 0.0:
        return np.array([n2, m2, s2])
    delta = m2 - m1
    return np.array([n, m1 + delta * n2 / n, s1 + s2 + delta * delta * n1 * n2 / n])
