"""``policy_kl``: which KL of best-of-n the diagnostics quote for tied scores -- the exact KL
on the sample's own law for scores on few levels (fewer tie groups than half the sample),
else ``log n - (n - 1)/n`` -- against the exact KL of the maximum of ``n`` draws from a
discrete law, computed in the test in exact rational arithmetic."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from tailstat.goodhart import best_of_n, fit_tail_model
from tailstat.goodhart.bon import policy_kl
from tailstat.goodhart.tail import reads_sample

#: Numbers of candidates, all within the plug-in's reach (n <= N / 10 for N = 2,000).
NS = [1, 2, 4, 16, 64, 200]


def _exact_kl_of_max(x: np.ndarray, n: int) -> float:
    """KL(best-of-n || pi0) for ``pi0`` the empirical law of ``x`` (ties included), from
    first principles: the largest of ``n`` draws lands on level ``j`` with probability
    ``q_j = F_j^n - F_{j-1}^n`` (``F`` the law's distribution function), shared equally by
    the level's ``c_j`` copies as ``p_j = c_j / N`` is, so the KL is ``sum q_j log(q_j /
    p_j)``. ``q_j`` is formed exactly in integers (``(C_j^n - C_{j-1}^n) / N^n``) and only
    then rounded; a level whose ``q_j`` underflows adds nothing."""
    _, counts = np.unique(x, return_counts=True)
    big_n = int(x.size)
    cum = np.cumsum(counts).tolist()
    denom = big_n**n
    terms = []
    prev = 0
    for c_j, k in zip(cum, counts.tolist(), strict=True):
        q = float(Fraction(c_j**n - prev**n, denom))
        prev = c_j
        if q > 0.0:
            terms.append(q * math.log(q * big_n / k))
    return max(math.fsum(terms), 0.0)


def _continuous_kl(n: int) -> float:
    """KL of best-of-n of a continuous proxy, ``log n - (n - 1)/n``."""
    return math.log(n) - (n - 1) / n


def _table(x: np.ndarray):  # type: ignore[no-untyped-def]
    """The best-of-n table of ``x`` and its tail model (fitted; not one read as the sample's
    own law, so that the number of tie groups decides)."""
    model = fit_tail_model(x)
    assert not reads_sample(model)
    table = best_of_n(x, n=NS, tail=model)
    assert not table["extrapolated"].any()  # every row within the sample's reach
    return table, model


def test_scores_on_many_levels_quote_the_continuous_kl() -> None:
    """Guards ``policy_kl``'s few-levels rule (``2 * groups < N``): N(0, 1) scores rounded to
    0.001 (2,000 of them on 1,569 levels, between N/2 and N) quote ``log n - (n - 1)/n``,
    the KL of the continuous proxy they approximate, not the exact KL on their own law
    (``kl_sample``, 4.2e-4 nats lower at n = 200). A mutation review: the rule read as
    ``groups < N`` (any tie at all) quoted ``kl_sample`` here and no test noticed. The
    references are exact (rational arithmetic, closed form): tolerances of rounding."""
    x = np.round(np.random.default_rng(0).normal(size=2000), 3)
    table, model = _table(x)
    groups, big_n = table.attrs["tie_groups"], table.attrs["n_sample"]
    assert groups == np.unique(x).size and big_n == x.size
    assert big_n / 2 <= groups < big_n  # tied, but on more levels than half the sample
    exact = np.array([_exact_kl_of_max(x, n) for n in NS])
    continuous = np.array([_continuous_kl(n) for n in NS])
    # the table's own columns: kl the closed form, kl_sample the exact KL of the ties
    np.testing.assert_allclose(table["kl"].to_numpy(), continuous, rtol=1e-14, atol=0.0)
    np.testing.assert_allclose(table["kl_sample"].to_numpy(), exact, rtol=1e-12, atol=1e-14)
    # the two answers differ by far more than rounding from n = 16 on (ties cost KL)
    assert np.all(continuous[3:] - exact[3:] > 1e-6)
    quoted = policy_kl(table, model)
    np.testing.assert_allclose(quoted, continuous, rtol=1e-14, atol=0.0)


def test_scores_on_few_levels_quote_the_exact_kl_of_their_ties() -> None:
    """Guards the other side of ``policy_kl``'s rule: N(0, 1) scores rounded to 0.01 (2,000
    on 446 levels, fewer than N/2) quote the exact KL of best-of-n on their own law (within
    the sample's reach), which the test computes from first principles, not ``log n -
    (n - 1)/n``."""
    x = np.round(np.random.default_rng(0).normal(size=2000), 2)
    table, model = _table(x)
    assert 2 * table.attrs["tie_groups"] < table.attrs["n_sample"]
    exact = np.array([_exact_kl_of_max(x, n) for n in NS])
    continuous = np.array([_continuous_kl(n) for n in NS])
    assert np.all(continuous[3:] - exact[3:] > 1e-5)
    np.testing.assert_allclose(policy_kl(table, model), exact, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(("levels", "few"), [(999, True), (1000, False), (1001, False)])
def test_the_few_levels_rule_switches_at_half_the_sample(levels: int, few: bool) -> None:
    """Guards the edge of ``policy_kl``'s rule, ``2 * groups < N``: 2,000 scores on 999
    levels quote the exact KL of their ties; on 1,000 (exactly N/2) and 1,001 the
    continuous one. Each level holds one score and 1,001 to 999 copies are drawn from the
    levels below the top ten (the maximum stays single: no saturated ceiling)."""
    rng = np.random.default_rng(5)
    pool = np.unique(np.round(rng.normal(size=20_000), 4))
    lv = np.sort(rng.choice(pool, levels, replace=False))
    x = np.concatenate([lv, rng.choice(lv[:-10], 2000 - levels)])
    rng.shuffle(x)
    table, model = _table(x)
    assert table.attrs["tie_groups"] == levels and table.attrs["n_sample"] == 2000
    exact = np.array([_exact_kl_of_max(x, n) for n in NS])
    continuous = np.array([_continuous_kl(n) for n in NS])
    assert np.all(continuous[3:] - exact[3:] > 1e-5)  # the two answers are told apart
    want = exact if few else continuous
    np.testing.assert_allclose(policy_kl(table, model), want, rtol=1e-12, atol=1e-14)
