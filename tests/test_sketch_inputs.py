"""What a sketch is given (``tailstat/sketch.py``): tables of several columns and lists of
sketches get advice that names what to pass."""

from __future__ import annotations

import numpy as np
import pandas as pd
from _helpers import raises_data_error

import tailstat as ts
from tailstat.sketch import TailSketch


def test_tables_of_several_columns_and_lists_of_sketches_get_the_right_advice() -> None:
    """A review: update() of a polars or pyarrow table of two columns advised column=,
    which update() does not take; analyze([sketch]) said a value 'is not a number'."""
    import polars as pl
    import pyarrow as pa

    cols = {"a": np.arange(100.0), "b": np.arange(100.0)}
    for table in (pd.DataFrame(cols), pl.DataFrame(cols), pa.table(cols)):
        with raises_data_error("takes one column of rewards", "table.column(name)"):
            TailSketch().update(table)
    assert TailSketch().update(pa.table({"a": np.arange(100.0)})).n == 100
    assert TailSketch().update(pl.DataFrame({"a": np.arange(100.0)})).n == 100
    sk = TailSketch.from_sample(np.random.default_rng(0).normal(size=1000))
    with raises_data_error("a list of TailSketches: pass a dict", "merge_sketches"):
        ts.analyze([sk])
