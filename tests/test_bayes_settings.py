"""The Bayesian fits' settings (tailstat.bayes._common): ``level=`` refused below 1/2 as
fit_gpd refuses ``ci=``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _helpers import gpd_draws as _gpd

from tailstat.errors import DataError

pytest.importorskip("pymc")

from tailstat.bayes import fit_bayes, fit_bayes_hierarchical


@pytest.mark.parametrize("level", [0.05, 0.1, 0.3])
def test_a_level_below_one_half_is_refused_as_fit_gpd_refuses_it(level: float) -> None:
    """A review: fit_gpd and the estimators refuse ci=0.05 (alpha, not coverage), while the
    Bayesian fits' level=0.05 gave a 5% credible interval without a word."""
    x = _gpd(0.2, 300, seed=4)
    match = r"^level must be a level in \[0.5, 1\).*for alpha = 0.05 pass level=0.95"
    with pytest.raises(DataError, match=match):
        fit_bayes(x, 0.0, level=level)
    frame = pd.DataFrame({"r": np.r_[x, x], "g": np.repeat(["a", "b"], 300)})
    with pytest.raises(DataError, match=match):
        fit_bayes_hierarchical(frame, "r", by="g", level=level)


def test_an_integer_grouping_column_is_taken_as_analyze_takes_it() -> None:
    """A review: ``analyze(df, 0, by=1)`` groups by the column labelled 1, but
    ``fit_bayes_hierarchical(df, 0, by=1)`` said "by must be the grouping column(s), a name
    or a list of names" (``by=[1]`` worked). It groups by it now: here the threshold mapping
    names the group it lacks, which only a grouped table can."""
    x = _gpd(0.2, 300, seed=4)
    frame = pd.DataFrame({0: np.r_[x, x], 1: np.repeat([10, 20], 300)})
    with pytest.raises(DataError, match=r"^threshold mapping has no entry for group\(s\) \['20'\]"):
        fit_bayes_hierarchical(frame, 0, by=1, threshold={10: 0.0})
    for bad in (True, None, 1.5):
        with pytest.raises(DataError, match=r"^by must be the grouping column"):
            fit_bayes_hierarchical(frame, 0, by=bad)


def test_a_prior_given_twice_or_one_fit_bayes_has_not_is_refused() -> None:
    """A review: priors={'xi': (0, 0.5), 'xi_mu': 1.0} let the last key win without a word,
    and fit_bayes took {'tau': 0.1}, a prior of the hierarchical model it does not have, and
    ignored it. Both are refused before any sampling; the hierarchical fit keeps 'tau'."""
    from tailstat.bayes._common import as_priors

    x = _gpd(0.2, 200, 3)
    with pytest.raises(DataError, match=r"twice"):
        fit_bayes(x, 0.0, priors={"xi": (0.0, 0.5), "xi_mu": 1.0})
    with pytest.raises(DataError, match=r"no tau prior.*fit_bayes_hierarchical"):
        fit_bayes(x, 0.0, priors={"tau": 0.1})
    assert as_priors({"tau": 0.1, "xi": (0.0, 0.4)}).tau_sd == 0.1
