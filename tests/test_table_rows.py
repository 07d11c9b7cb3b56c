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


def test_the_analysis_columns_have_one_dtype_whatever_fails(recwarn):
    """Review 439: ``k`` was int64, Int64 or object, ``confident`` bool, boolean or object,
    the probabilities float64 or object, and ``error`` None or NaN, as no group, one group or
    every group failed. Each column now has one dtype in all three."""
    rng = np.random.default_rng(0)

    def table(sizes):
        df = pd.DataFrame({"r": np.concatenate([rng.normal(size=s) for s in sizes]),
                           "g": np.repeat(np.arange(len(sizes)), sizes)})
        return ts.analyze(df, column="r", by="g").table

    tables = [table([3000, 3000]), table([3000, 5]), table([5, 5])]
    dtypes = [t.dtypes.astype(str).to_dict() for t in tables]
    assert dtypes[0] == dtypes[1] == dtypes[2]
    assert dtypes[0]["k"] == "Int64" and dtypes[0]["confident"] == "boolean"
    assert dtypes[0]["p_heavy"] == dtypes[0]["xi"] == "float64"
    assert dtypes[0]["n"] == "int64"
    assert dtypes[0]["error"] == dtypes[0]["pattern"] == "object"
    for t in tables:  # a classified row's error is None, a failed row's label missing
        assert [e is None for e in t["error"]] == t["label"].notna().tolist()


def test_a_float_column_of_nan_stays_float():
    """The diff's full run (stop 44): one saturated group's xi (NaN) became an object column
    of None."""
    table = rows_frame([{"group": "a", "xi": float("nan")}, {"group": "b"}])
    assert table["xi"].dtype == np.float64 and table["xi"].isna().all()
