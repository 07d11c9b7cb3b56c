"""What a sketch is given (``tailstat/sketch.py``): tables of several columns and lists of
sketches get advice that names what to pass."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.errors import DataError
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


def test_estimators_on_a_sketch_say_what_it_dropped() -> None:
    """A review: hill() of a sketch that dropped 40 NaN carried no note and no warning, while
    hill() of the array and classify() of the sketch said it."""
    import warnings

    x = np.random.default_rng(3).pareto(2.0, 5000) + 1
    x[:40] = np.nan
    sk = TailSketch.from_sample(x)
    for fn in (ts.hill, ts.moment):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            est = fn(sk, k=100)
        assert est.warnings[0].startswith("40 missing values (NaN) were dropped")
        assert any(issubclass(w.category, ts.InputWarning) for w in caught)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = ts.fit_gpd(sk, threshold=float(np.nanquantile(x, 0.95)))
    assert any("40 missing values" in w for w in fit.warnings)
    assert any(issubclass(w.category, ts.InputWarning) for w in caught)


def test_missing_values_dropped_with_one_mask_at_a_time() -> None:
    """A review (stop 44): one NaN in the array made from_sample hold two boolean masks
    beside the NaN-free copy (8 bytes a value): a peak of 1.375 times the array at 2e7
    values. One mask now: beyond the peak of the same array without NaN, about 8 bytes a
    value, was 9 (tracemalloc's peaks, compared at 2e6 values)."""
    import tracemalloc

    def peak(x: np.ndarray) -> int:
        tracemalloc.start()
        try:
            TailSketch.from_sample(x)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    x = np.random.default_rng(0).standard_normal(2_000_000)
    clean = peak(x)
    x[123] = np.nan
    assert (peak(x) - clean) / x.size < 8.5  # bytes a value: 8.07, was 8.98


def test_a_two_dimensional_batch_is_not_told_to_use_column() -> None:
    """A review: update(np.c_[x, x]) advised "(or a DataFrame with column=)", an option
    update() does not have (nor do the Goodhart functions, which said the same)."""
    x = np.arange(100.0)
    for call in (lambda: TailSketch().update(np.c_[x, x]),
                 lambda: ts.goodhart_summary(np.c_[x, x])):
        with raises_data_error("has shape (100, 2)", "arr[:, 0]") as info:
            call()
        assert "column=" not in str(info.value)
    with raises_data_error("(or a DataFrame with column=)"):  # check_sample has column=
        ts.check_sample(np.c_[x, x])


@pytest.mark.parametrize("rtol", [-1e-12, float("nan"), 1.0, "1e-9", True, None])
def test_same_as_refuses_a_tolerance_that_is_not_one(rtol: object) -> None:
    """``same_as(rtol=-1)`` said two identical-but-reordered sketches differ, ``rtol=nan``
    likewise, and ``rtol='1e-9'`` raised a bare TypeError from inside the comparison."""
    x = np.random.default_rng(2).normal(size=500)
    a, b = TailSketch.from_sample(x), TailSketch.from_sample(x[::-1])
    assert a.same_as(b) and a.same_as(b, rtol=0.5)
    with pytest.raises(DataError, match="rtol"):
        a.same_as(b, rtol=rtol)  # type: ignore[arg-type]


def test_the_repr_shortens_a_long_name_and_keeps_it_whole_elsewhere() -> None:
    """A name of 300 characters made a repr of 390; the repr now shows its first 79 and an
    ellipsis, while the sketch, its dictionary and its bytes keep it whole."""
    long = "m" * 300
    s = ts.TailSketch.from_sample(np.arange(100.0), name=long)
    text = repr(s)
    assert f"name='{'m' * 79}…'" in text and len(text) < 200
    assert s.name == long and s.to_dict()["name"] == long
    assert ts.TailSketch.from_bytes(s.to_bytes()).name == long
    assert "name='short'" in repr(ts.TailSketch(name="short"))
    # the summary's missing numbers are None in the dictionary, as before
    empty = ts.TailSketch(name="e").to_dict()
    assert empty["mean"] is None and empty["maximum"] is None


def test_one_reward_is_refused_with_the_way_to_pass_it() -> None:
    """A review: ``update(0.73)`` (one reward a step, as a monitor is fed) said "pass ... a
    DataFrame with column=, or a .parquet path", which update() refuses in turn."""
    s = ts.TailSketch(name="r")
    for one in (0.73, np.float64(0.73), 3, None):
        with pytest.raises(ts.DataError, match=r"update\(\[reward\]\)") as err:
            s.update(one)
        assert "column=" not in str(err.value) and ".parquet" not in str(err.value)
    assert s.n == 0 and s.update([0.73]).n == 1


def test_every_estimator_says_the_missing_values_a_sketch_dropped_once() -> None:
    """A review: hill, fit_gpd and classify said them for a sketch, but tail_path,
    mean_excess, threshold_stability, select_threshold and choose_k only for an array (and
    fit_gpd, once they were said, must not say them twice)."""
    import warnings

    x = np.random.default_rng(0).standard_t(3, 5000)
    x[:37] = np.nan
    sketch = ts.TailSketch.from_sample(x, capacity=5000)  # holds every value
    calls = {"hill": lambda d: ts.hill(d, k=100), "fit_gpd": lambda d: ts.fit_gpd(d),
             "tail_path": lambda d: ts.tail_path(d, "hill", k_max=100),
             "mean_excess": ts.mean_excess, "threshold_stability": ts.threshold_stability,
             "select_threshold": ts.select_threshold,
             "choose_k": lambda d: ts.choose_k(d, "hill"), "classify": ts.classify}
    for name, call in calls.items():
        said = []
        for data in (x, sketch):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                call(data)
            said.append(sum("37 missing values (NaN) were dropped" in str(w.message)
                            for w in caught))
        assert said == [1, 1], name


def test_a_memoryview_of_rewards_is_a_batch() -> None:
    """A review: update(memoryview(arr)) was refused as a scalar ("pass one reward as a
    list"), np.isscalar being True for a memoryview."""
    arr = np.random.default_rng(0).normal(size=1000)
    s = ts.TailSketch()
    s.update(memoryview(arr))
    assert s.same_as(ts.TailSketch.from_sample(arr))


def test_what_update_cannot_read_is_answered_with_what_it_takes() -> None:
    """Review 368: TailSketch.update and TailMonitor.update, given a generator or a set,
    were advised "a DataFrame with column=, or a .parquet/.csv/.jsonl path", which they
    refuse; the estimators keep the intake's full advice."""
    for update in (ts.TailSketch().update, ts.TailMonitor().update):
        for batch in ((x for x in [1.0, 2.0]), {1.0, 2.0}):
            with raises_data_error("pass an array or a Series of rewards",
                                   "make it a list first") as info:
                update(batch)
            assert "column=" not in str(info.value) and ".parquet" not in str(info.value)
    with raises_data_error("a DataFrame with column=, or a .parquet/.csv/.jsonl path"):
        ts.hill(x for x in [1.0, 2.0])
