"""Each excess's log-density at every posterior draw, for ArviZ's loo and waic:
``tailstat/bayes/_pointwise.py`` (:meth:`BayesResult.log_likelihood`)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats

import tailstat as ts
from tailstat.errors import ConvergenceWarning


def test_the_log_likelihood_is_scipys_density_at_each_draw_and_loo_reads_it() -> None:
    """A review: the InferenceData had no log_likelihood group, so arviz.loo could not
    compare thresholds or priors."""
    import arviz as az

    x = stats.genpareto(0.3).rvs(2000, random_state=np.random.default_rng(0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fit = ts.fit_bayes(x, draws=200, chains=2, seed=1)
    idata = fit.log_likelihood()
    ll = idata.log_likelihood["excess"].values
    y = fit.idata.observed_data["excess"].values
    assert ll.shape == (2, 200, fit.n_exceed) == (2, 200, y.size)
    post = fit.idata.posterior
    for c, d in [(0, 0), (1, 199), (0, 57)]:
        xi, sigma = float(post["xi"].values[c, d]), float(post["sigma"].values[c, d])
        want = stats.genpareto(xi, scale=sigma).logpdf(y)
        assert np.max(np.abs(ll[c, d] - want)) < 1e-9 * np.max(np.abs(want))
    loo = az.loo(idata)
    assert np.isfinite(loo.elpd_loo) and loo.p_loo < 5  # two parameters
    assert "log_likelihood" not in fit.idata.groups()  # a copy: the fit is unchanged
    # a fit read back keeps its posterior only: said, not a KeyError
    back = type(fit)._from_saved_state(fit._saved_state())
    with pytest.raises(ts.DataError, match="holds no excesses"):
        back.log_likelihood()
