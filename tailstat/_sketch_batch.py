"""One batch of rewards for :meth:`tailstat.TailSketch.update` and :class:`tailstat.TailMonitor`:
checked, its missing values dropped and counted, as finite float64 values."""

from __future__ import annotations

import os
from typing import Any, Literal

import numpy as np
import pandas as pd

from tailstat.data.intake import TailSummary, sample_values
from tailstat.data.pairs import without_column_option
from tailstat.errors import DataError

__all__: list[str] = []


def batch_values(batch: Any, *, nan: Literal["drop", "raise"], name: str
                 ) -> tuple[np.ndarray, int]:
    """The finite values of ``batch`` (float64; may share the caller's memory, never written)
    and how many missing values were dropped; a :class:`DataError` for what
    :meth:`tailstat.TailSketch.update` refuses (its Raises section)."""
    obj = batch
    if isinstance(obj, TailSummary):  # a sketch
        raise DataError("update() takes rewards, not a sketch: merge sketches with "
                        "TailSketch.merge() or tailstat.merge_sketches().")
    if obj is None or (np.isscalar(obj) and not isinstance(obj, (str, bytes, memoryview))):
        raise DataError(f"update() takes a batch of rewards, not {obj!r}: pass one reward "
                        "as a list, update([reward]).")
    if isinstance(obj, (str, bytes, os.PathLike)):
        raise DataError(f"update() takes rewards, not a file name ({obj!r}); sketch a "
                        "file with TailSketch.from_sample(path, column=...) and merge().")
    names = (list(obj.columns) if isinstance(obj, pd.DataFrame) or (
        type(obj).__module__.startswith("polars") and type(obj).__name__ == "DataFrame")
        else getattr(obj, "column_names", None))  # pyarrow tables and record batches
    if names is not None and len(names) != 1:
        raise DataError(f"update() takes one column of rewards; got a table with "
                        f"columns {list(map(str, names))}. Pass one column: df[column] "
                        "(pandas, polars) or table.column(name) (pyarrow).")
    if isinstance(obj, pd.DataFrame):
        obj = obj.iloc[:, 0]
    try:
        arr, dropped, _ = sample_values(obj, nan=nan, name=name)
    except DataError as exc:  # update() has no column= (a review: its advice said so)
        raise without_column_option(exc) from None
    return arr, dropped
