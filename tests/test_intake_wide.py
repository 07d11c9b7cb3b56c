"""Rewards laid out across instead of down (tailstat/data/intake.py): one line of values, a
dict of samples, many numeric columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.errors import DataError


def test_one_line_of_values_is_said_to_be_one(tmp_path) -> None:
    # a review: "several numeric columns [...]" with 4,000 generated names (60 KB), and then
    # "--column column_1 has only 1 value"
    path = tmp_path / "one.csv"
    path.write_text(",".join(f"{x:.6f}" for x in np.random.default_rng(0).random(4000)) + "\n")
    with pytest.warns(ts.InputWarning), pytest.raises(DataError) as err:
        ts.classify(str(path))
    assert "one row of 4000 numeric values" in str(err.value) and len(str(err.value)) < 300


def test_many_numeric_columns_are_named_up_to_twenty() -> None:
    df = pd.DataFrame(np.random.default_rng(1).random((100, 30)))
    with pytest.raises(DataError, match=r"'19', '\.\.\. \(10 more\)'\]; say which one"):
        ts.classify(df)


def test_a_dict_of_samples_is_told_how_to_make_one_table() -> None:
    rng = np.random.default_rng(2)
    d = {"a": rng.standard_normal(3000), "b": rng.standard_normal(2000)}
    with pytest.raises(DataError, match=r"a dict of samples, one long table") as err:
        ts.analyze(d)
    # the call it writes out works
    msg = str(err.value)
    code = msg[msg.index("pd.DataFrame({"):msg.index(", then")]
    df = eval(code, {"pd": pd, "np": np, "d": d})  # (the message of our own)
    assert list(ts.analyze(df, "reward", by="group").to_frame()["n"]) == [3000, 2000]


def test_a_boolean_among_numbers_is_named_with_its_row(tmp_path) -> None:
    # a review: one JSON true among 4,000 float rewards was "holds booleans, not rewards",
    # with no row, where a text value in its place is named with its row
    import json

    r = np.random.default_rng(0).standard_normal(4000).tolist()
    r[17] = True
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(json.dumps({"reward": x}) for x in r))
    with pytest.raises(DataError, match=r"among its numbers: the first, True at row 17"):
        ts.classify(str(path))
    with pytest.raises(DataError, match=r"holds booleans, not rewards"):  # all of them
        ts.classify(pd.Series([True, False] * 100, dtype=object))
