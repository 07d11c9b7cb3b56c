"""When the default xi prior holds a very heavy tail's xi far below the data's, the fit says
so, also when the scale prior is then held away from the data's scale too (review 423: 15
GPD(8) excesses read xi = 2.4 against an estimate of 10.1, and only the scale prior, whose
widening changed nothing, was named; widening xi's prior gives 9.1)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from _helpers import BAYES_SHORT_RUN
from scipy import stats

import tailstat as ts

pytestmark = pytest.mark.slow


@BAYES_SHORT_RUN
def test_the_xi_prior_is_named_beside_the_scale_prior() -> None:
    e = stats.genpareto.rvs(8.0, size=15, random_state=np.random.default_rng(15))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        fit = ts.fit_bayes(e, threshold=0.0, seed=1)
    assert fit.xi < 4.0  # held by the N(0, 0.5) prior
    said = " ".join(fit.warnings)
    assert "the prior xi ~ Normal(0, 0.5) pulls the posterior of xi" in said
    assert "priors={'xi': (0.0, 2.0)}" in said
