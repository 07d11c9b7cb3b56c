"""The hint "for the 95% quantile pass threshold='95%'" is for a number that reads as a
percentage: not for the sample's own maximum given as the threshold (review 419)."""

from __future__ import annotations

import numpy as np
import pytest

from tailstat import fit_gpd
from tailstat.errors import DataError


@pytest.mark.parametrize("seed", [0, 1])
def test_the_maximum_given_as_the_threshold_gets_no_percentage_hint(seed: int) -> None:
    x = np.random.default_rng(seed).pareto(2.0, 5000) + 1.0
    x = x * (75.0 / x.max())  # the maximum in [50, 100)
    for u in (float(x.max()), 80.0):
        with pytest.raises(DataError, match="at or above the maximum") as err:
            fit_gpd(x, u)
        assert "quantile pass" not in str(err.value)
    with pytest.raises(DataError, match="for the 95% quantile pass threshold='95%'"):
        fit_gpd(x / 2.0, 95)  # scores up to 37.5: 95 reads as a percentage
