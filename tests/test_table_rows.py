"""The table of rows whose column types do not depend on which rows are missing."""

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat._table_rows import rows_frame


def test_missing_entries_keep_the_column_kind():
    rows = [{"group": "a", "k": np.int64(292), "ok": True, "pattern": None, "xi": 0.1},
            {"group": "b", "xi": float("nan")}]
    table = rows_frame(rows, ["group", "k", "ok", "pattern", "xi"])
    assert str(table["k"].dtype) == "Int64" and table["k"][0] == 292
    assert table["k"].isna()[1]
    assert str(table["ok"].dtype) == "boolean" and bool(table["ok"][0]) is True
    assert table["pattern"].dtype == object and table["pattern"].tolist() == [None, None]
    assert table["xi"].dtype == np.float64 and np.isnan(table["xi"][1])


def test_complete_columns_are_left_as_pandas_makes_them():
    rows = [{"group": 1, "k": 3, "ok": False}, {"group": 2, "k": 4, "ok": True}]
    table = rows_frame(rows)
    assert table["k"].dtype == np.int64 and table["ok"].dtype == bool


def test_a_failed_group_does_not_change_the_analysis_columns_types(recwarn):
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": ["a"] * 5000 + ["b"] * 5,
                       "r": np.r_[rng.normal(size=5000), rng.normal(size=5)]})
    table = ts.analyze(df, column="r", by="g", goodhart=True).table
    assert str(table["k"].dtype) == "Int64" and table["k"][0] > 0 and table["k"].isna()[1]
    assert str(table["confident"].dtype) == "boolean"
    assert str(table["goodhart_tilt_exists"].dtype) == "boolean"
    assert str(table["goodhart_tilt_settled"].dtype) == "boolean"
    assert table["pattern"].tolist() == [None, None]


def test_a_float_column_of_nan_stays_float():
    """The diff's full run (stop 44): one saturated group's xi (NaN) became an object column
    of None."""
    table = rows_frame([{"group": "a", "xi": float("nan")}, {"group": "b"}])
    assert table["xi"].dtype == np.float64 and table["xi"].isna().all()
