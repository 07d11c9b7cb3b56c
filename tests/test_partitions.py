"""Group keys of a table read in partitions (``tailstat/data/partitions.py``,
``tailstat/data/shards.py``): the Dask path keeps the keys' types and values as the in-memory
path does (integers with a missing key, ids beyond 2**53), and refuses the keys that Python
cannot tell apart (``True`` and ``1``) as the in-memory path does."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="needs Dask: pip install 'tailstat[dask]'")
dask = pytest.importorskip("dask")

import tailstat as ts  # noqa: E402
import tailstat.dask as tsd  # noqa: E402
from tailstat.data.partitions import key_rows, warn_if_rounded  # noqa: E402
from tailstat.errors import InputWarning  # noqa: E402

BIG = 2**60

# Dask's Parquet reader calls reset_index(inplace=True), which pandas 3.1 deprecates; in a
# synchronous run its warning reaches the test (on a cluster it stays in the workers)
pytestmark = pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")


def _groups(result: ts.TailAnalysis) -> list[list[object]]:
    """Each group's key (its repr: 1.0 == 1, but it is not the key 1) and size."""
    return [[repr(g), n] for g, n in result.to_frame()[["group", "n"]].values.tolist()]


@pytest.fixture(autouse=True)
def _synchronous() -> object:
    with dask.config.set(scheduler="synchronous"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        yield


@pytest.mark.parametrize("first", [1, BIG])
def test_parquet_integer_keys_beside_a_missing_one_stay_integers(tmp_path: Path,
                                                                   first: int) -> None:
    """A review: pandas' default conversion read an int64 column with a null as floats, so
    the keys 1, 2 came out 1.0, 2.0, and the ids 2**60 and 2**60 + 1 one group of 1,200."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rng = np.random.default_rng(0)
    n = 600
    path = tmp_path / "steps.parquet"
    pq.write_table(pa.table({"step": pa.array([first] * n + [first + 1] * n + [None] * n,
                                              pa.int64()),
                             "reward": rng.standard_t(3, 3 * n)}), path)
    in_memory = _groups(ts.analyze(str(path), "reward", by="step"))
    assert in_memory == [[repr(first), n], [repr(first + 1), n], ["'<NA>'", n]]
    assert _groups(tsd.analyze(str(path), "reward", by="step")) == in_memory


@pytest.mark.parametrize("partitions", [1, 3])
@pytest.mark.parametrize("first", [1, BIG])
def test_object_integer_keys_beside_a_missing_one(partitions: int, first: int) -> None:
    """A review: key_rows' groupby index made an object column of ints beside None floats:
    1 read 1.0, and an id beyond 2**53 matched no worker's key (a bare KeyError)."""
    rng = np.random.default_rng(1)
    n = 300
    df = pd.DataFrame({"g": pd.Series([first] * n + [first + 1] * n + [None] * n,
                                      dtype=object), "r": rng.standard_t(3, 3 * n)})
    in_memory = _groups(ts.analyze(df, "r", by="g"))
    assert in_memory == [[repr(first), n], [repr(first + 1), n], ["'<NA>'", n]]
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(df, npartitions=partitions)
        assert _groups(tsd.analyze(ddf, "r", by="g")) == in_memory


def test_key_rows_keep_each_key_as_stored() -> None:
    frame = pd.DataFrame({"g": pd.Series([BIG + 1, None, BIG, BIG + 1], dtype=object),
                          "r": [1.0, 2.0, 3.0, 4.0]})
    rows = key_rows(frame, ("g",))
    assert rows["g"].dtype == object
    assert rows["g"].tolist()[0] == BIG + 1 and type(rows["g"].tolist()[0]) is int
    assert rows["g"].tolist()[2] == BIG
    assert rows.iloc[:, -1].tolist() == [2, 1, 1]


@pytest.mark.parametrize("keys", [[True] * 300 + [1] * 300, [0.0] * 300 + [False] * 300,
                                  [np.True_] * 300 + [1] * 300])
def test_a_boolean_beside_an_equal_number_is_refused(keys: list[object]) -> None:
    """A review: True and 1 (False and 0) hash alike, so pandas made one group of both, named
    after whichever came first, without a word; in memory and under Dask alike."""
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"flag": pd.Series(keys, dtype=object), "r": rng.standard_t(3, 600)})
    before = df.copy()
    with pytest.raises(ts.DataError, match="booleans beside numbers equal to them"):
        ts.analyze(df, "r", by="flag")
    with dask.config.set({"dataframe.convert-string": False}), pytest.raises(
            ts.DataError, match="booleans beside numbers equal to them"):
        tsd.analyze(dd.from_pandas(df, npartitions=1), "r", by="flag")
    pd.testing.assert_frame_equal(df, before)


def test_booleans_alone_and_numbers_alone_are_keys() -> None:
    rng = np.random.default_rng(3)
    flags = pd.DataFrame({"g": pd.Series([True] * 300 + [False] * 300, dtype=object),
                          "r": rng.standard_t(3, 600)})
    assert _groups(ts.analyze(flags, "r", by="g")) == [["False", 300], ["True", 300]]
    ints = pd.DataFrame({"g": pd.Series([1] * 300 + [0] * 300 + [None] * 3, dtype=object),
                         "r": rng.standard_t(3, 603)})
    assert [g for g, _ in _groups(ts.analyze(ints, "r", by="g"))] == ["0", "1", "'<NA>'"]
    # False beside 1 (and True beside 0) are different keys
    mixed = pd.DataFrame({"g": pd.Series([False] * 300 + [1] * 300, dtype=object),
                          "r": rng.standard_t(3, 600)})
    assert [g for g, _ in _groups(ts.analyze(mixed, "r", by="g"))] == ["False", "1"]


def test_a_jsonl_flag_written_as_true_and_as_1(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    path = tmp_path / "flags.jsonl"
    rows = [{"flag": True if i < 200 else 1, "reward": float(v)}
            for i, v in enumerate(rng.standard_t(3, 400))]
    pd.DataFrame(rows).to_json(path, orient="records", lines=True)
    text = path.read_text()
    assert '"flag":true' in text and '"flag":1' in text
    with pytest.raises(ts.DataError, match="'flag' holds booleans"):
        ts.analyze(str(path), "reward", by="flag")


def test_integer_rewards_written_as_text_beyond_2_53_are_said_rounded_once() -> None:
    """A review: the Dask path warned of integer rewards a float64 rounds only for an integer
    column; written as text (a CSV read with dtype=str) they are read as integers and the
    warning is given in memory, and was not on this path. Text of ordinary numbers is not
    warned of."""
    for dtype in (np.dtype(object), pd.StringDtype()):
        with pytest.warns(InputWarning, match=r"2\*\*53.*may be rounded"):
            warn_if_rounded(dtype, [1.0, float(2 ** 53 + 2)], "r")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warn_if_rounded(dtype, [0.5, 1e3], "r")
    # the values themselves: integers written as text are rounded, floats written as text
    # are read as the intake reads them, with no warning (a review: "1.23457e+16")
    rng = np.random.default_rng(0)
    ints = pd.DataFrame({"r": [str(2**53 + int(v)) for v in rng.integers(1, 999, 300)],
                         "g": "a"})
    floats = pd.DataFrame({"r": [f"{v:.6g}" for v in rng.standard_t(3, 300) * 1e16],
                           "g": "a"})
    with pytest.warns(InputWarning, match=r"2\*\*53"):
        tsd.analyze(dd.from_pandas(ints, npartitions=3), "r", by="g", warn=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        tsd.analyze(dd.from_pandas(floats, npartitions=3), "r", by="g", warn=False)


@pytest.mark.parametrize("values", [
    [np.nan, 1.0, None, -0.0, 0.0, 1.0, np.nan],
    ["b", None, "a", "b", np.nan, "a"],
    pd.Categorical(["y", "x", "y", None, "x"], categories=["z", "x", "y"]),
])
def test_key_rows_of_one_column_are_groupbys(values) -> None:
    """Review 410: one key column is factorized directly (groupby's ngroup took 1.5 s on 10^7
    categorical keys); the groups, their first rows and counts are groupby's."""
    from tailstat.data.partitions import ROWS, key_rows

    frame = pd.DataFrame({"g": values, "r": np.arange(len(values), dtype=float)})
    got = key_rows(frame, ("g",))
    want = frame.groupby("g", sort=False, dropna=False, observed=True).size()
    assert got[ROWS].tolist() == want.tolist()
    assert got[ROWS].sum() == len(frame)
