"""Group keys that are not valid text (``tailstat/data/groups.py``; the other group intake
tests are in tests/test_intake_groups.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from _helpers import raises_data_error

import tailstat as ts


def test_a_key_with_a_lone_surrogate_is_refused_by_name() -> None:
    """Names decoded with os.fsdecode keep bytes that are not UTF-8 as lone surrogates; no
    table, report or saved analysis can hold them. A review: a traceback from pyarrow."""
    x = np.random.default_rng(0).normal(size=2000)
    bad = "run-\udcff"
    with raises_data_error(repr(bad), "lone surrogate", "errors='replace'"):
        ts.analyze({bad: ts.TailSketch.from_sample(x), "ok": ts.TailSketch.from_sample(x)})
    with raises_data_error(repr(bad), "lone surrogate"):
        ts.analyze(pd.Series(x, name=bad))
    with raises_data_error(repr(bad), "lone surrogate"):
        ts.TailSketch(name=bad)
    # text that is valid, ASCII or not, is a key as before
    sketch = ts.TailSketch.from_sample(x)
    res = ts.analyze({"é-run": sketch, ("a", "ü"): sketch.copy()})
    assert list(res.table["group"]) == ["é-run", ("a", "ü")]


def test_a_by_column_or_a_column_name_with_a_lone_surrogate_is_refused_by_name() -> None:
    """The keys of a by= column (file names read with os.fsdecode, say) failed inside the
    grouping with pyarrow's UnicodeEncodeError; a column name so made passed analyze and
    failed in to_json (a review)."""
    bad = "r\udcff"
    x = np.random.default_rng(1).normal(size=600)
    df = pd.DataFrame({"r": x, "g": pd.Series(np.repeat(["a", bad], 300), dtype=object)})
    with raises_data_error("group key", repr(bad), "lone surrogate"):
        ts.analyze(df, "r", by="g")
    named = pd.DataFrame({"r": x, "g": pd.Series(np.repeat(["a", "b"], 300), dtype=object)})
    named.columns = pd.Index([bad, "g"], dtype=object)
    with raises_data_error("column=", repr(bad), "rename the column"):
        ts.analyze(named, bad, by="g")
