"""A rating scale of a few levels whose top rating is rare (stop 63, a review of the Goodhart
numbers): its top level has a probability ``p``, reached by conditioning on it at ``-log p``;
a GPD ending there had spread it over the last step, so the frontier called the top rating
unreachable, or charged 40 nats for it, while best-of-n reached it at 7."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat.goodhart import kl_frontier
from tailstat.goodhart.bon import policy_kl


def _ratings(n: int, seed: int = 103, mu: float = 5.0) -> np.ndarray:
    return np.clip(np.round(np.random.default_rng(seed).normal(mu, 1.4, size=n)), 1, 10)


@pytest.mark.parametrize(("n", "seed"), [(20_000, 103), (20_000, 7), (10_000, 5)])
def test_the_top_rating_costs_minus_log_its_share(n: int, seed: int) -> None:
    x = _ratings(n, seed)
    share = float(np.mean(x == x.max()))
    assert 0 < share < 0.01  # a rare top rating: not read as a saturated ceiling
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        f = kl_frontier(x, target=[x.max() - 0.5, x.max(), x.max() + 0.5])
    rate = f.table["rate"].to_numpy()
    assert rate[1] == pytest.approx(-np.log(share), rel=1e-6)
    assert rate[0] < rate[1] and np.isinf(rate[2])  # nothing above the top of the scale
    assert any("levels near the top" in w for w in f.warnings)


def test_no_policy_costs_more_than_best_of_n_reaching_the_same_mean() -> None:
    """The rate is the least KL of any policy of that mean; best-of-n is one (its KL at most
    log n - (n - 1)/n, and on a scale at most -log of the top rating's share)."""
    x = _ratings(20_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        g = ts.goodhart_summary(x)  # its best-of-n table (n up to 65,536) and tail model
        kl = policy_kl(g.best_of_n, g.tail)
        rate = kl_frontier(x, target=g.best_of_n["u"].to_numpy()).table["rate"].to_numpy()
    assert np.all(rate <= kl + 1e-9), (rate, kl)
    assert np.all(kl <= -np.log(np.mean(x == x.max())) + 1e-9)
