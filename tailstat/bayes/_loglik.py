"""The GPD log-density in PyTensor, stable at ``xi = 0`` and at the edge of the support.

For excesses ``y > 0`` and ``z = xi*y/sigma`` the log-density is
``-log(sigma) - (1 + 1/xi) * log1p(z)`` (``-log(sigma) - y/sigma`` at ``xi = 0``), on the
support ``1 + z > 0``. The term ``log1p(z)/xi`` is ``0/0`` at ``xi = 0`` and its derivative
with respect to ``xi`` cancels catastrophically near 0, so where ``|z| < 1e-3`` it is replaced
by its series ``(y/sigma) * (1 - z/2 + z^2/3 - z^3/4)`` (relative error below ``z^4/5``).
The arguments of ``log1p`` and of the division are made safe inside ``switch`` so that the
branch not taken never produces ``nan`` (whose gradient would poison the selected branch),
and points outside the support get ``-inf`` with finite gradients. The models of
:mod:`tailstat.bayes._models` are parameterised so that the sampler never leaves the support.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytensor.tensor as pt

__all__ = ["SERIES_CUTOFF", "gpd_loglik_elemwise", "gpd_loglik_sum", "normal_logpdf"]

#: Where ``|xi * y / sigma|`` is below this, ``log1p(z)/z`` is evaluated by its series.
SERIES_CUTOFF = 1e-3

_LOG_2PI = float(np.log(2.0 * np.pi))


def normal_logpdf(x: Any, mu: Any, sd: Any) -> Any:
    """Normal log-density of ``x`` (PyTensor), with its normalising constant."""
    return -0.5 * ((x - mu) / sd) ** 2 - pt.log(sd) - 0.5 * _LOG_2PI


def gpd_loglik_elemwise(y: Any, xi: Any, sigma: Any, log_sigma: Any) -> Any:
    """Element-wise GPD log-density of excesses ``y`` (PyTensor), safe at ``xi = 0`` and the edge.

    Parameters
    ----------
    y : tensor
        Excesses over the threshold (all ``> 0``).
    xi, sigma, log_sigma : tensors
        Shape, scale and ``log(scale)``, broadcastable to ``y`` (e.g. gathered per group).

    Returns
    -------
    tensor
        ``log f(y_i)``; ``-inf`` where ``1 + xi*y/sigma <= 0``, with finite gradients.
    """
    a = y / sigma
    z = xi * a
    valid = (1.0 + z) > 0.0
    small = pt.abs(z) < SERIES_CUTOFF
    lz = pt.log1p(pt.switch(valid, z, 0.0))
    z_div = pt.switch(small, 1.0, z)
    ratio = pt.switch(small, 1.0 - z / 2.0 + z**2 / 3.0 - z**3 / 4.0, lz / z_div)
    lp = -log_sigma - lz - a * ratio
    return pt.switch(valid, lp, -np.inf)


def gpd_loglik_sum(y: Any, power_sums: Any, y_max: Any, xi: Any, sigma: Any,
                   log_sigma: Any) -> Any:
    """Total GPD log-likelihood of excesses ``y`` for one scalar ``(xi, sigma)`` (PyTensor).

    Faster than summing :func:`gpd_loglik_elemwise`: one ``log1p`` per excess, and the
    ``xi -> 0`` branch decided once, from ``|xi| * y_max / sigma`` (the largest ``|z|``),
    using the power sums ``S_k = sum(q**k)`` of ``q = y / y_max``, k = 1..4:
    ``sum(log1p(z_i))/xi = y_max (S1 - a S2/2 + a^2 S3/3 - a^3 S4/4)/sigma`` with
    ``a = xi y_max / sigma`` (relative to ``y_max`` the sums cannot overflow).

    Parameters
    ----------
    y : tensor (n,)
        Excesses.
    power_sums : tensor (4,)
        ``[sum(q), sum(q**2), sum(q**3), sum(q**4)]``, ``q = y / y_max``.
    y_max : scalar tensor
        ``max(y)``.
    xi, sigma, log_sigma : scalar tensors

    Returns
    -------
    scalar tensor
        The log-likelihood, ``-inf`` outside the support (finite gradients).
    """
    n = pt.cast(y.shape[0], "float64")
    c = xi / sigma
    valid = (1.0 + c * y_max) > 0.0
    c_safe = pt.switch(valid, c, 0.0)
    sum_log1p = pt.sum(pt.log1p(c_safe * y))
    small = pt.abs(c_safe) * y_max < SERIES_CUTOFF
    xi_div = pt.switch(small, 1.0, xi)
    s1, s2, s3, s4 = power_sums[0], power_sums[1], power_sums[2], power_sums[3]
    a = c_safe * y_max
    series = y_max * (s1 - a * s2 / 2.0 + a**2 * s3 / 3.0 - a**3 * s4 / 4.0) / sigma
    over_xi = pt.switch(small, series, sum_log1p / xi_div)
    ll = -n * log_sigma - sum_log1p - over_xi
    return pt.switch(valid, ll, -np.inf)
