"""Each excess's GPD log-density at every posterior draw of a Bayesian tail fit: the
``log_likelihood`` group ArviZ's ``loo`` and ``waic`` read (:meth:`BayesResult.log_likelihood`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from tailstat.errors import DataError

__all__ = ["with_log_likelihood"]


def with_log_likelihood(idata: Any, posterior: Any) -> Any:
    """A copy of ``idata`` with a ``log_likelihood`` group ``excess`` (chain, draw, excess):
    ``-log sigma - (1 + 1/xi) log(1 + xi y / sigma)`` of each excess ``y`` (data units, as
    the posterior's ``sigma``) under the draw's shape and scale (its group's, for a
    hierarchical fit), ``-inf`` off the support. ``posterior``: the fit's own draws."""

    if idata is None or "observed_data" not in idata.groups():
        raise DataError("this fit holds no excesses (a fit read from a file keeps its "
                        "posterior draws only): fit again to get the log-likelihood.")
    y = np.asarray(idata.observed_data["excess"].values, dtype=float)
    xi = np.asarray(posterior["xi"].values, dtype=float)
    sigma = np.asarray(posterior["sigma"].values, dtype=float)
    if xi.ndim == 3:  # chain, draw, group: each excess under its group's draws
        g = np.asarray(idata.constant_data["group_index"].values, dtype=np.intp)
        xi, sigma = xi[:, :, g], sigma[:, :, g]
    else:
        xi, sigma = xi[..., None], sigma[..., None]
    w = y / sigma
    a = xi * w
    sigma = np.broadcast_to(sigma, a.shape)
    w = np.broadcast_to(w, a.shape)
    out = np.full(a.shape, -np.inf)
    ok = a > -1.0
    # (1 + 1/xi) log1p(a) = log1p(a) + w log1p(a) / a, the ratio safe at xi = 0
    a_ok = a[ok]
    lp = np.log1p(a_ok)
    ratio = np.ones_like(a_ok)
    nz = a_ok != 0.0  # log1p(a) / a, accurate for small a too; 1 at a = 0
    ratio[nz] = lp[nz] / a_ok[nz]
    out[ok] = -np.log(sigma[ok]) - lp - w[ok] * ratio
    copy = idata.copy()
    copy.add_groups({"log_likelihood": {"excess": out}},
                    dims={"excess": ["excess_dim_0"]},
                    coords={"excess_dim_0": np.arange(y.shape[0])})
    return copy
