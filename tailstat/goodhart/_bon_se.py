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
within-group sum of squares: exact (no resampling), ties included, and computed beside the
plug-in's own sums, block by block, from the probabilities it forms anyway. Groups the
plug-in skips (their probability under best-of-``n`` below ``exp(-40)`` or less) are read
as one block whose deletions all move ``T`` by the same amount (their own terms vanish).

The jackknife measures the plug-in's spread while the weights spread over many order
statistics, ``n`` well below ``N``. Towards ``n = N / 10`` (:data:`tailstat.goodhart.bon.REACH`)
it reads the spread of heavier tails short, and smallest on the samples whose estimate is
low (the sample's top few values set both), so an interval of ``± 1.96`` standard errors
covers less often; the plug-in's own shortfall (it cannot pass the sample's top) adds a
little. ``benchmarks/bon_coverage.py`` (``reports/bon_coverage.md``) measures both on
samples of ``10^4``.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["Jackknife", "group_moments"]



class Jackknife:
    """The delete-one jackknife of ``T = sum_j P_j m_j`` for several ``n`` and sets of values,
    fed block by block with the probabilities ``P_j`` best-of-n's plug-in computes anyway.

    Parameters
    ----------
    c : numpy.ndarray
        Cumulative count (exclusive end) of each group of equal proxy values.
    ns : dict
        The plug-in's index of each ``n`` whose standard error is wanted, to that ``n``.
    within : numpy.ndarray or None
        ``(groups, q)``: each group's sum of squared deviations of each set of values from
        the group's mean (with ties; ``None`` without).
    q : int
        Sets of values (the proxy; the gold scores).
    means : tuple of numpy.ndarray, optional
        Each set's mean over all rows and the jackknife variance of that mean (``s^2 / N``;
        ``nan`` for a set whose gain is not wanted): with them, each ``n``'s jackknife
        covariance with the sample mean (``n = 1``) is kept too, for the standard error of
        the gain ``T(n) - T(1)`` (:meth:`gain_standard_errors`).

    Notes
    -----
    With ``h(C) = G(C/N)``, ``rho = (N/M)^n``, ``s(C) = h(C) - h(C - 1)`` (one row's step,
    ``-h(C) expm1(n log1p(-1/C))``; ``P_j`` itself for a group of one row): ``Q_j = rho P_j``,
    ``Q''_j = rho (P_j - s(C_j) + s(C_{j-1}))`` and ``Q'_g = rho (P_g - s(C_g))``. Deleting
    a row of group ``g`` then moves ``T`` by ``rho (E_g - (P_g - s(C_g)) (x_r - m_g) /
    (c_g - 1))`` plus a constant, with ``E_g = sum_{j<=g} (s(C_j) - s(C_{j-1})) m_j -
    s(C_g) m_g``: one cumulative sum per ``n``, of terms known to full relative precision.
    A group below every group read (whose probability is below the plug-in's cut) has
    ``E = 0``: its deletion moves ``T`` by the constant alone.

    The sample mean's deletion values are ``(S - x_r) / M``, so the jackknife covariance of
    ``T`` with it is ``-(rho / N) sum_g (c_g E_g (m_g - xbar) - o_g W_g)``, with ``o_g`` the
    within-group coefficient above and ``W_g`` the group's sum of squared deviations; the
    skipped groups add nothing (``E = 0``, no within-group term).
    """

    def __init__(self, c: np.ndarray, ns: dict[int, float], within: np.ndarray | None,
                 q: int, means: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.c, self.ns, self.within, self.q = c, ns, within, q
        self.centres: np.ndarray | None = None if means is None else means[0]
        self.mean_var: np.ndarray | None = None if means is None else means[1]
        self.cross = {i: np.zeros(q) for i in ns}
        self.big_n = int(c[-1])
        self.cnt = np.diff(c, prepend=0)
        self.carry = {i: np.zeros(q) for i in ns}
        self.acc = {i: np.zeros((q, 3)) for i in ns}
        self.s_last: dict[int, float] = {}

    def _steps(self, n: float, lo: int, hi: int) -> np.ndarray:
        """``s(C_j)`` for the groups ``lo`` to ``hi``."""
        cb = self.c[lo:hi].astype(float)
        with np.errstate(divide="ignore"):
            s = np.expm1(n * np.log1p(-1.0 / cb))  # -1 for C = 1
        s *= -np.exp(n * (np.log(cb) - math.log(self.big_n)))
        return s

    def add(self, i: int, lo: int, hi: int, p: np.ndarray, values: list[np.ndarray]) -> None:
        """The groups ``lo`` to ``hi`` (in order, after those added before) at the plug-in's
        ``i``-th ``n``: their probabilities ``p`` and each set's group means ``values``."""
        if i not in self.ns or hi <= lo:
            return
        n = self.ns[i]
        within = self.within
        ties = within is not None
        s = self._steps(n, lo, hi) if ties else p
        if i in self.s_last:
            prev = self.s_last[i]
        else:  # the first group read: the step from the group below it
            prev = float(self._steps(n, lo - 1, lo)[0]) if lo > 0 else 0.0
        step = np.diff(s, prepend=prev)
        self.s_last[i] = float(s[-1])
        if ties:
            k = self.cnt[lo:hi].astype(float)
            own = np.where(k > 1, (p - s) / np.maximum(k - 1.0, 1.0), 0.0)
        for col, m in enumerate(values):
            e = np.cumsum(step * m)
            e += self.carry[i][col]
            self.carry[i][col] = e[-1]
            e -= s * m
            if self.centres is not None and math.isfinite(self.centres[col]):  # (before e is
                # centred on the block's mean; nan: a set whose gain is not wanted)
                dm = m - self.centres[col]
                self.cross[i][col] += (float((k * e) @ dm)
                                       - float(own @ within[lo:hi, col])
                                       if within is not None else float(e @ dm))
            if within is not None:
                cnt_b = float(k.sum())
                mean_b = float(k @ e) / cnt_b
                e -= mean_b
                m2_b = float(k @ (e * e)) + float((own * own) @ within[lo:hi, col])
            else:
                cnt_b = float(hi - lo)
                mean_b = float(e.sum()) / cnt_b
                e -= mean_b
                m2_b = float(e @ e)
            self.acc[i][col] = _combine(self.acc[i][col], (cnt_b, mean_b, m2_b))

    def standard_errors(self) -> dict[int, np.ndarray]:
        """Each ``n``'s standard errors, one per set of values (``nan`` below two rows)."""
        big_n, out = self.big_n, {}
        for i, n in self.ns.items():
            rho = math.exp(-n * math.log1p(-1.0 / big_n)) if big_n > 1 else math.nan
            se = np.full(self.q, math.nan)
            for col in range(self.q):
                total = _combine(self.acc[i][col], (big_n - self.acc[i][col][0], 0.0, 0.0))
                if big_n > 1:
                    se[col] = rho * math.sqrt((big_n - 1) / big_n * total[2])
            out[i] = se
        return out

    def gain_standard_errors(self) -> dict[int, np.ndarray]:
        """Each ``n``'s standard errors of the gain ``T(n) - T(1)``, one per set of values
        (given ``means``; ``0`` at ``n = 1``, whose gain is nought whatever the sample)."""
        if self.mean_var is None:
            raise ValueError("the gain's standard errors need the sets' means")
        big_n, out, mean_var = self.big_n, {}, self.mean_var
        for (i, n), se in zip(self.ns.items(), self.standard_errors().values(), strict=True):
            rho = math.exp(-n * math.log1p(-1.0 / big_n)) if big_n > 1 else math.nan
            var = se * se + mean_var + 2.0 * rho / big_n * self.cross[i]
            out[i] = np.zeros(self.q) if n == 1.0 else np.sqrt(np.maximum(var, 0.0))
        return out


def group_moments(values: np.ndarray, starts: np.ndarray, cnt: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray | None]:
    """Each group's mean of each column of ``values``, and (with ties) its sum of squared
    deviations from that mean (``None`` without ties)."""
    if starts.shape[0] == values.shape[0]:
        return values, None
    means = np.add.reduceat(values, starts, axis=0) / cnt[:, None]
    dev = values - np.repeat(means, cnt, axis=0)
    return means, np.add.reduceat(dev * dev, starts, axis=0)


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
