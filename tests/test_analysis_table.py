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


def test_the_python_rows_are_the_json_rows() -> None:
    """A review: to_dict()'s table rows joined each group's warnings with '; ' (which the
    warnings themselves hold) and had no ``key`` for several by= columns, while the rows of
    ``classify --json`` had a list and a key."""
    from tailstat._cli_output import classify_document

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 2000), "c": np.tile(["x", "y"], 2000),
                       "reward": np.round(rng.normal(size=4000), 1)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", by=["m", "c"])
    rows = a.to_dict()["table"]
    assert rows == classify_document(a)["table"]
    for row in rows:
        assert isinstance(row["warnings"], list) and row["warnings"]
        key = row["key"]
        assert key in a.to_dict()["classifications"]
        assert row["warnings"] == list(a.classifications[tuple(row["group"])].warnings)
