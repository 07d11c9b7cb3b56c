"""The analysis table of ``tailstat/analysis.py`` (``TailAnalysis.to_frame``): its columns,
whatever the groups' fates."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import tailstat as ts


def test_the_table_has_its_columns_in_one_order_whichever_groups_failed() -> None:
    """A review: a failed first group put 'error' fifth, and with every group failed the
    table had 6 columns (to_frame()["p_heavy"], ["heavy_pvalue"]: KeyError)."""
    ok = np.random.default_rng(0).standard_normal(500)
    frames = {"all": (500, 500), "first failed": (30, 500), "none": (30, 30)}
    cols = []
    for sizes in frames.values():
        df = pd.DataFrame({"g": np.repeat(["a", "b"], sizes),
                           "r": np.r_[ok[:sizes[0]], ok[:sizes[1]]]})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            cols.append(ts.analyze(df, "r", by="g").to_frame().columns.tolist())
    assert cols[0] == cols[1] == cols[2]
    assert cols[0][-2:] == ["heavy_pvalue", "heavy_flag"] and "p_heavy" in cols[0]
    assert cols[0].index("error") == cols[0].index("verdict") + 1
