"""fit_bayes' posterior against a brute-force posterior on a grid (tailstat/bayes/gpd_model.py):
the location *and the width*, which no other test pins (a test audit: a likelihood tempered
by 0.7, posterior sds about 20% too wide, passed every Bayesian test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _helpers import gpd_draws
from scipy import stats

pytest.importorskip("pymc")

from tailstat.bayes import fit_bayes


def _grid_posterior_of_xi(excess: np.ndarray) -> tuple[float, float]:
    """Mean and sd of xi under the model's posterior, by quadrature on a fine grid: the
    excesses scaled by median / log 2, log sigma ~ N(0, 1), xi ~ N(0, 0.5) restricted to
    xi > -1 and to the support (xi > -sigma / max)."""
    y = excess / (np.median(excess) / math.log(2.0))
    xi = np.linspace(-0.99, 2.0, 1200)[:, None]
    log_s = np.linspace(-4.0, 4.0, 1000)[None, :]
    s = np.exp(log_s)
    t = 1.0 + xi[..., None] * y[None, None, :] / s[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        ll = np.where((t > 0).all(axis=-1),
                      -y.size * log_s - (1.0 / xi + 1.0) * np.log(np.where(t > 0, t, 1)).sum(-1),
                      -np.inf)
    logp = ll + stats.norm.logpdf(log_s, 0, 1) + stats.norm.logpdf(xi, 0, 0.5)
    w = np.exp(logp - logp.max())
    w_xi = w.sum(axis=1) / w.sum()
    mean = float((w_xi * xi[:, 0]).sum())
    return mean, float(math.sqrt((w_xi * (xi[:, 0] - mean) ** 2).sum()))


@pytest.mark.parametrize(("xi", "seed"), [(0.2, 3), (-0.3, 5)])
def test_posterior_mean_and_sd_of_xi_match_the_grid(xi: float, seed: int) -> None:
    """120 GPD excesses: the sampler's mean and sd of xi against the grid's. Their Monte
    Carlo errors, from 2 chains of 2,000 draws (effective size >= 1,000, the fit's own
    check): sd / sqrt(1000) = 3.2% of the sd for the mean, 1 / sqrt(2 * 1000) = 2.2% for the
    sd; four of them each (the grid's own error is far smaller)."""
    y = gpd_draws(xi, 120, seed=seed)
    fit = fit_bayes(y, 0.0, draws=2000, tune=1000, chains=2, seed=1, warn=False)
    assert fit.ess_bulk_min >= 1000 and fit.rhat_max <= 1.01
    mean, sd = _grid_posterior_of_xi(y[y > 0])
    assert abs(fit.xi_mean - mean) < 4 * 0.032 * sd, (fit.xi_mean, mean, sd)
    assert abs(fit.xi_sd / sd - 1.0) < 4 * 0.022, (fit.xi_sd, sd)
