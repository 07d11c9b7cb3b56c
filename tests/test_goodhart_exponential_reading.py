"""``goodhart.exponential``: its chi-square quantiles are scipy.stats' to the bit, without
importing scipy.stats (0.3-0.4 s in each process, and each of a pool's workers, that makes a
Goodhart summary: ``classify --json`` paid it)."""

from __future__ import annotations

import pytest
from _helpers import imported_by
from scipy import stats

from tailstat.goodhart.exponential import _chi2_ppf


@pytest.mark.parametrize("df", [2, 3.0, 60, 61.0, 2_000, 123_457.0, 2 * 10**6])
@pytest.mark.parametrize("q", [0.025, 0.5, 0.975])
def test_chi2_quantiles_are_scipy_stats(q: float, df: float) -> None:
    assert _chi2_ppf(q, df) == stats.chi2.ppf(q, df)


def test_a_groups_goodhart_summary_does_not_import_scipy_stats() -> None:
    code = ("import numpy as np, pandas as pd, tailstat as ts\n"
            "rng = np.random.default_rng(3)\n"
            "df = pd.DataFrame({'g': np.repeat(['a', 'b'], 3000),\n"
            "                   'r': np.r_[rng.normal(size=3000), rng.gamma(0.5, size=3000)]})\n"
            "a = ts.analyze(df, 'r', by='g', goodhart=True, warn=False)\n"
            "assert len(a.goodhart) == 2, a.goodhart_failures\n")
    assert imported_by(code, ("scipy.stats",)) == []
