"""The semi-parametric law (empirical body + GPD tail) under an exponential tilt, against
closed forms computed in the test from the fitted model's own threshold, scale and mass
(exact up to rounding, so the tolerances are of rounding, not of sampling)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tailstat.goodhart import fit_tail_model, kl_tilt


def _exponential_tilt(x: np.ndarray, u0: float, sigma: float, zeta: float,
                      beta: float) -> tuple[float, float]:
    """Mass beyond ``max(x)`` and mean of the law (``x <= u0`` with weight ``1/N`` each, an
    exponential tail of scale ``sigma`` and mass ``zeta`` above ``u0``) tilted by
    ``exp(x / beta)``, ``beta > sigma``: the tilted tail is exponential with scale
    ``sigma beta / (beta - sigma)`` and total weight ``zeta exp(u0 / beta) beta / (beta -
    sigma)``."""
    body = x[x <= u0]
    w_body = math.fsum(np.exp(body / beta)) / x.size
    m_body = math.fsum(body * np.exp(body / beta)) / x.size / w_body
    w_tail = zeta * math.exp(u0 / beta) * beta / (beta - sigma)
    scale = sigma * beta / (beta - sigma)
    beyond = w_tail * math.exp(-(float(x.max()) - u0) / scale) / (w_body + w_tail)
    mean = (w_body * m_body + w_tail * (u0 + scale)) / (w_body + w_tail)
    return beyond, mean


def test_exponential_tail_tilted_mass_beyond_the_sample_is_the_closed_form() -> None:
    """Guards ``SemiParametric.stats``' exponential (xi = 0) branch, through
    :func:`kl_tilt`'s ``beyond_sample``: tilting an exponential tail of scale sigma by
    ``exp(x / beta)`` gives one of scale ``sigma beta / (beta - sigma)``, and the tilted
    mass past the sample maximum is that tail's survival there times the tail's share of
    the tilted law. A mutation review: the survival taken with the untilted scale sigma
    (0.0003 for 0.0166 at beta = 2) went unnoticed. Exp(1) data of 5,000 values (the body
    stays exact, unbinned, below 8,192); the classifier calls the tail light and the fitted
    xi > 0 is modelled as xi = 0. The reference is exact, so the tolerance is of rounding
    (1e-12 relative; the module works in standardised units, the test in raw ones)."""
    x = np.random.default_rng(0).exponential(size=5000)
    model = fit_tail_model(x)
    assert model.label == "light" and model.xi == 0.0 < model.xi_fit  # the branch under test
    assert model.threshold < float(x.max())
    betas = np.array([1.5, 2.0, 4.0])
    assert np.all(betas > model.sigma)  # where the tilted law exists
    table = kl_tilt(x, beta=betas, tail=model).table
    assert table["exists"].all()
    for row, beta in zip(table.itertuples(), betas, strict=True):
        beyond, mean = _exponential_tilt(x, model.threshold, model.sigma, model.zeta,
                                         float(beta))
        assert row.beyond_sample == pytest.approx(beyond, rel=1e-12, abs=0.0)
        assert row.u == pytest.approx(mean, rel=1e-12, abs=0.0)
    # the tilt moves mass out: more of it past the sample maximum at a stronger tilt
    assert np.all(np.diff(table["beyond_sample"].to_numpy()) < 0)
