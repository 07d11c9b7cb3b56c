"""The intake's types and shapes: what counts as a one-dimensional sample of numbers.

Numbers (any numeric dtype, numbers written as text) are read; booleans, complex numbers,
dates, text that is not a number, scalars, mappings, tables without a numeric column and
arrays of more than one dimension are refused with a :class:`tailstat.DataError` that names
the problem and the fix. (The rest of the intake policy: ``tests/test_intake.py``.)
"""

from __future__ import annotations

import datetime
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from _helpers import WithColumn, raises_data_error, unpack_column

import tailstat
from tailstat.data import check_sample

#: A continuous, positive, heavy-tailed reward sample.
X = np.random.default_rng(20240917).pareto(2.0, 60) + 1.0


def test_non_numeric_column():
    df = pd.DataFrame({"reward": ["good", "bad"] * 30, "n_tokens": np.arange(60)})
    with raises_data_error("'reward'", "not numeric", "'good'", "convert"):
        check_sample(df, "reward")


def test_string_array():
    with raises_data_error("not numeric", "'a'", "row 0"):
        check_sample(np.array(["a", "b", "c", "d", "e", "f"]))


def test_numbers_written_as_text_are_read_alike_from_every_container():
    """One rule: numbers written as text are numbers, from a numpy string array, a list, an
    object array or a Series alike (they were refused from the first two only)."""
    text = X.astype(str)  # shortest repr: reads back exactly
    for container in (text, list(text), text.astype(object), pd.Series(text),
                      [*X[:-1].tolist(), str(X[-1])]):
        np.testing.assert_array_equal(check_sample(container).values, X)
    with raises_data_error("not numeric", "'x'", "row 1"):
        check_sample(np.array(["1.5", "x", "2"]))
    with raises_data_error("dates", "not numbers"):
        check_sample(np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[D]"))


def test_object_array_with_a_string():
    data = np.array([*X.tolist()[:10], "abc"], dtype=object)
    with raises_data_error("not numeric", "'abc'", "row 10"):
        check_sample(data)


def test_text_that_reads_as_missing_is_missing_as_in_a_csv_file(tmp_path):
    """"nan", "NA", "n/a", "null", "" in text are missing values, as pandas' CSV reader reads
    them from a file: counted and dropped (or refused with nan='raise'), not "not a number"
    (a review: 'nan' was refused while 'inf' was read as infinity)."""
    words = ["nan", " NA ", "n/a", "null", "", "None"]
    text = [*X.astype(str)[:50].tolist(), *words]
    for container in (text, np.array(text, dtype=object), pd.Series(text, dtype=object)):
        s = check_sample(container)
        assert s.n_nan_dropped == len(words)
        np.testing.assert_array_equal(s.values, X[:50])
    path = tmp_path / "r.csv"
    path.write_text("reward\n" + "\n".join(text) + "\n")
    # the same from a file, "" included: an empty line of a one-column file is a missing
    # score (pandas writes a one-column frame's NaN so), as it is in a file of two columns
    assert check_sample(path, column="reward").n_nan_dropped == len(words)
    two = tmp_path / "r2.csv"
    two.write_text("reward,g\n" + "\n".join(f"{t},0" for t in text) + "\n\n")
    assert check_sample(two, column="reward").n_nan_dropped == len(words)  # "" -> ",0"
    with raises_data_error("missing value"):
        check_sample(text, nan="raise")


def test_table_without_numeric_columns():
    df = pd.DataFrame({"text": list("abcdefgh"), "model": "a"})
    with raises_data_error("no numeric column", "'text'", "'model'"):
        check_sample(df)


@pytest.mark.parametrize(
    "data",
    [np.array([True, False] * 10), [True, False] * 10, pd.Series([True, False] * 10),
     pd.Series([True, False] * 10, dtype="boolean"), pl.Series("ok", [True, False] * 10),
     WithColumn(pd.DataFrame({"reward": [True, False] * 10}), "reward")],
    ids=["ndarray", "list", "Series", "nullable boolean", "polars", "DataFrame column="],
)
def test_boolean_values_are_rejected(data):
    data, column = unpack_column(data)
    with raises_data_error("booleans", "numeric"):
        check_sample(data, column)


def test_boolean_object_column_is_rejected():
    with raises_data_error("booleans"):
        check_sample(pd.Series([True, False, None, True, False, True, True, False]))


def test_boolean_column_is_not_picked_as_the_numeric_column():
    df = pd.DataFrame({"flag": [True, False] * 30, "reward": X})
    np.testing.assert_array_equal(check_sample(df).values, X)


def test_complex_array_is_rejected():
    with raises_data_error("complex", "real"):
        check_sample(X + 1j)


@pytest.mark.parametrize("as_frame", [False, True], ids=["Series", "DataFrame"])
def test_complex_series_is_rejected(as_frame):
    ser = pd.Series(X + 1j, name="reward")
    with warnings.catch_warnings():
        # numpy's ComplexWarning is not the point: without it the call silently succeeds
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        with raises_data_error("complex"):
            check_sample(ser.to_frame() if as_frame else ser)


def test_datetime_series_is_rejected():
    with raises_data_error("dates", "numeric"):
        check_sample(pd.Series(pd.date_range("2024-01-01", periods=20)))


def test_datetime_array_is_rejected():
    with raises_data_error("datetime64", "numeric"):
        check_sample(np.arange(20).astype("datetime64[D]"))


@pytest.mark.parametrize("shape", [(20, 3), (3, 20), (4, 5, 6)])
def test_multidimensional_array(shape):
    with raises_data_error(f"shape {shape}", "one-dimensional", "column="):
        check_sample(np.ones(shape))


@pytest.mark.parametrize("scalar", [np.float64(3.0), np.array(3.0)], ids=["np.float64", "0-d"])
def test_numpy_scalar(scalar):
    with raises_data_error("single value", "one-dimensional"):
        check_sample(scalar)


@pytest.mark.parametrize("scalar", [3.0, 3, None], ids=["float", "int", "None"])
def test_python_scalar(scalar):
    with raises_data_error("cannot read rewards", "array"):
        check_sample(scalar)


def test_mapping_is_rejected():
    with raises_data_error("mapping", "dataframe"):
        check_sample({"reward": X.tolist()})


def test_unknown_column_lists_the_available_columns():
    df = pd.DataFrame({"reward": X, "gold": -X, "model": "a"})
    with raises_data_error("unknown column 'rewards'", "'reward'", "'gold'", "'model'"):
        check_sample(df, "rewards")
    with raises_data_error("unknown column", "'reward'"):
        check_sample(pl.DataFrame({"reward": X}), "rewards")


def test_several_numeric_columns_need_column():
    df = pd.DataFrame({"reward": X, "gold": -X, "model": "a"})
    with raises_data_error("several numeric columns", "'reward'", "'gold'", "column="):
        check_sample(df)


def test_column_given_for_an_array():
    with raises_data_error("column='reward'", "not a table"):
        check_sample(X, "reward")


def test_arrow_dates_times_and_durations_are_refused_as_numpy_ones_are() -> None:
    """Arrow-backed durations were read as nanosecond counts (or, in seconds, as "all 3000
    values were NaN"), times as all missing."""
    import pyarrow as pa

    s = pd.Series(pd.to_timedelta(np.arange(1, 3001) * 7.3, "s"))
    cases = [s.astype("duration[ns][pyarrow]"), s.astype("duration[s][pyarrow]"),
             pd.Series(pa.array(np.arange(3000, dtype="int64"), type=pa.time64("us")),
                       dtype=pd.ArrowDtype(pa.time64("us")))]
    for series in cases:
        with raises_data_error("holds dates or durations", "not rewards"):
            tailstat.classify(series)


def test_xarray_two_dimensional_and_datasets_are_refused() -> None:
    """A 2-D DataArray went through its Arrow stream and was flattened into one sample (two
    models pooled, numpy's 2-D array of the same numbers is refused); a Dataset raised a
    TypeError."""
    xr = pytest.importorskip("xarray")
    rng = np.random.default_rng(0)
    arr = np.stack([rng.normal(size=3000), rng.standard_t(2.0, 3000)])
    with raises_data_error("shape (2, 3000)", "one-dimensional"):
        tailstat.classify(xr.DataArray(arr, dims=("model", "sample")))
    with raises_data_error("Dataset holds several variables"):
        tailstat.classify(xr.Dataset({"r": ("i", arr[0])}))
    one = tailstat.classify(xr.DataArray(arr[0], dims=("i",), name="reward"))
    assert one.name == "reward" and one.probabilities == tailstat.classify(arr[0]).probabilities


def test_arrow_integers_with_nulls_stay_integers(tmp_path) -> None:
    """A review: pyarrow made an int64 column with a null float64, so the ids 2**53 and
    2**53 + 1 became one group (and 1 became 1.0) from a pyarrow table or a Parquet file,
    while a polars table of the same data kept them apart."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from tailstat.data import check_groups

    rewards = np.random.default_rng(0).normal(size=300)
    table = pa.table({"reward": rewards,
                      "user": pa.array([2**53, 2**53 + 1, None] * 100, pa.int64())})
    pq.write_table(table, tmp_path / "t.parquet")
    for source in (table, tmp_path / "t.parquet"):
        groups = check_groups(source, "reward", by="user")
        assert {k: s.n for k, s in groups.samples.items()} == {
            2**53: 100, 2**53 + 1: 100, "<NA>": 100}


def test_a_sample_whose_first_values_are_equal_is_not_constant() -> None:
    """A mutation review (stop 44): the constant-sample check read only the first 1024 values
    and no test saw it. 2000 zeros then 1..100: the head is constant, the sample is not."""
    x = np.r_[np.zeros(2000), np.arange(1, 101.0)]
    s = check_sample(x)
    assert s.n == 2100
    np.testing.assert_array_equal(s.values, x)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint64, np.uint32])
def test_integers_above_2_to_the_24_are_read_exactly(dtype) -> None:
    """A mutation review (stop 44): integers were read through float32 (24 bits of mantissa)
    and no test saw it. 2**24 + 1 is the first integer float32 cannot hold; float64 holds
    every integer up to 2**53, so these come through exactly."""
    ints = [2**24 + 1, 2**24 + 3, 2**25 + 1, 2**31 - 1, 123_456_789]
    s = check_sample(np.array(ints, dtype=dtype))
    assert s.values.dtype == np.float64
    assert s.values.tolist() == [float(i) for i in ints]
    assert float(np.float32(2**24 + 1)) != 2**24 + 1  # they would not survive float32


#: A sample large enough for the tail fits of the Goodhart diagnostics and the classifier.
LARGE = np.random.default_rng(0).pareto(3.0, 2000) + 1.0
#: An argument with one masked entry, whose hidden value is what ``np.asarray`` reads.
_MASKED_ARGS = {
    "best_of_n n": lambda fit: tailstat.best_of_n(
        LARGE, n=np.ma.masked_array([1, 4, 16], mask=[0, 1, 0])),
    "kl_tilt beta": lambda fit: tailstat.kl_tilt(
        LARGE, beta=np.ma.masked_array([0.5, 99.0], mask=[0, 1])),
    "goodhart_summary target_sd": lambda fit: tailstat.goodhart_summary(
        LARGE, target_sd=np.ma.masked),
    "GPDFit.sf": lambda fit: fit.sf(np.ma.masked_array([3.0, 1e9], mask=[0, 1])),
    "GPDFit.isf": lambda fit: fit.isf(np.ma.masked_array([0.01, 0.5], mask=[0, 1])),
    "GPDFit.profile": lambda fit: fit.profile(np.ma.masked_array([0.1, 5.0], mask=[0, 1])),
    "GPDFit.return_level": lambda fit: fit.return_level(
        np.ma.masked_array([100.0, 1e9], mask=[0, 1])),
}


@pytest.mark.parametrize("call", list(_MASKED_ARGS.values()), ids=list(_MASKED_ARGS))
def test_a_masked_entry_of_an_argument_is_refused_not_read(call) -> None:
    """A review (interop): a masked array's masks were honoured for the rewards but not for
    the other array arguments: np.asarray kept the hidden values, so best-of-4 was computed
    for n=[1, --, 16], beta=99 was tilted, target_sd=np.ma.masked read as 0 ("must be > 0")
    and GPDFit.sf gave the tail probability of the hidden 1e9."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = tailstat.fit_gpd(LARGE)
        with raises_data_error("masked entries", "compressed()"):
            call(fit)


def test_an_unnamed_polars_series_is_named_x_as_an_unnamed_pandas_one() -> None:
    """A review (interop): polars names an unnamed Series "", so the analysis table's group
    was '' and errors read "'' holds booleans"; an unnamed pandas Series is 'x'."""
    assert tailstat.analyze(pl.Series(LARGE)).table["group"].tolist() == ["x"]
    assert tailstat.classify(pl.Series(LARGE)).name == "x"
    assert tailstat.classify(pl.Series("reward", LARGE)).name == "reward"
    with raises_data_error("'x' holds booleans"):
        tailstat.hill(pl.Series(LARGE > 2))


#: Integer rewards offset by 2**53, where a float64 no longer holds every integer.
_BIG = (np.random.default_rng(5).pareto(3.0, 400) * 1000).astype(np.int64) + 2 ** 53


@pytest.mark.parametrize("make", [
    lambda: _BIG, lambda: _BIG.astype(np.uint64), lambda: list(map(int, _BIG)),
    lambda: [*map(int, _BIG), 0.5],  # Python ints beside a float: numpy rounds them itself
    lambda: pd.Series(_BIG), lambda: pd.Series(_BIG, dtype="int64[pyarrow]"),
    lambda: pd.array([*map(int, _BIG), None], dtype="Int64"),
    lambda: pd.Series([str(v) for v in _BIG], dtype=object),
    lambda: pd.Series([*map(str, _BIG), None], dtype=object),  # (a review: these two
    lambda: pd.Series([*map(str, _BIG), None], dtype="string"),  # went unsaid)
    lambda: pd.Series([*map(str, _BIG), "0.5"], dtype=object),
    lambda: pd.Series([str(v).encode() for v in _BIG], dtype=object),
    lambda: pl.Series("x", _BIG),
], ids=["int64", "uint64", "list", "list-with-float", "Series", "arrow", "Int64-array", "text",
        "text-with-missing", "string-with-missing", "text-with-float", "bytes", "polars"])
def test_integers_a_float64_rounds_are_said_to_be_rounded(make) -> None:
    """A review: integer rewards above 2**53 became float64 without a word, distinct ones
    merging (goodhart_summary's verdict KL 0.0076 at an offset of 2**53 against 0.0097 at
    0; fit_gpd silent, classify and hill a TiesWarning that did not say why). The intake,
    the one point every entry passes, now says so, with the fix."""
    with pytest.warns(tailstat.InputWarning, match=r"2\*\*53.*Subtract an offset.*float"):
        check_sample(make())


def test_integers_a_float64_holds_exactly_pass_in_silence_and_every_entry_warns() -> None:
    """No warning when no integer is rounded (small ones, or large multiples of 2**11, exact
    floats); the warning reaches the entry points that said nothing (fit_gpd,
    goodhart_summary) and analyze's grouped path."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_sample(_BIG - 2 ** 53)
        check_sample((_BIG - 2 ** 53) * 2 ** 11 + 2 ** 60)
        check_sample([-(2 ** 63), 2 ** 62, 5, 7, 9])
    x = np.random.default_rng(6).normal(size=3000)
    big = np.round(x * 1000).astype(np.int64) + 2 ** 53
    for call in (lambda: tailstat.fit_gpd(big), lambda: tailstat.goodhart_summary(big),
                 lambda: tailstat.analyze(pd.DataFrame({"r": big, "g": np.arange(3000) % 2}),
                                          "r", by="g")):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            call()
        said = [w for w in seen if issubclass(w.category, tailstat.InputWarning)
                and "2**53" in str(w.message)]
        assert len(said) == 1, [str(w.message) for w in seen]


def test_a_row_id_is_not_analysed_in_place_of_rewards_that_are_not_numbers(tmp_path) -> None:
    """A review: with rewards written '1.23%', '0.152 pts' or True/False beside a row id, the
    id (the one numeric column) was analysed without a word: 'id 2000 bounded (0.98)'."""
    r = np.random.default_rng(0).standard_t(3, 500)
    for cells in ([f"{v:.2f}%" for v in r], [f"{v:.3f} pts" for v in r], list(r > 0)):
        df = pd.DataFrame({"id": np.arange(1, 501), "reward": cells})
        # (rewards with a unit are named as such; True/False, an id as row numbers)
        with raises_data_error("'id'", "Convert"):
            tailstat.analyze(df)
        with raises_data_error("'id'", "Convert"):
            check_sample(df.sample(frac=1.0, random_state=0))  # in any order
    lines = "".join(f"{i},{v:.2f}%\n" for i, v in enumerate(r))
    (tmp_path / "f.csv").write_text("id,reward\n" + lines, encoding="utf-8")
    with raises_data_error("Convert"):
        tailstat.analyze(tmp_path / "f.csv")
    # an id beside numeric rewards is left alone, and a numeric column of repeated steps
    # (not distinct) or with gaps is read as asked
    ok = pd.DataFrame({"id": np.arange(500), "reward": r})
    assert tailstat.analyze(ok, "reward").table["n"].iloc[0] == 500
    for values in (np.repeat(np.arange(250), 2), np.r_[np.arange(499), 1000]):
        got = check_sample(pd.DataFrame({"model": "a", "score": values.astype(float)}))
        assert got.n == 500


def test_a_step_column_is_not_analysed_in_place_of_rewards_written_with_a_unit() -> None:
    """The diff's review: rewards written '1.23%' beside a step column (0, 1, 2 repeated:
    no row id) were passed over, and the steps analysed; names such as '7b' beside integer
    rewards are no such case."""
    r = np.random.default_rng(0).standard_t(3, 600)
    for cells in ([f"{v:.2f}%" for v in r], [f"{v:.3f} pts" for v in r]):
        df = pd.DataFrame({"step": np.repeat([0, 1, 2], 200), "reward": cells})
        with raises_data_error("column 'reward' holds numbers written with a unit"):
            tailstat.analyze(df)
    sizes = pd.DataFrame({"size": ["7b", "13b", "70b"] * 200,
                          "reward": np.random.default_rng(1).integers(1, 100, 600)})
    assert check_sample(sizes).n == 600


def test_a_complex_value_among_objects_is_refused_not_cut_to_its_real_part() -> None:
    """An object Series with one complex value was read with numpy's ComplexWarning and its
    imaginary part dropped; a list or array of the same values is refused (a review)."""
    s = pd.Series([*X[:-1].tolist(), 5 + 2j], dtype=object)
    with raises_data_error("complex", "(5+2j)", "row 59"):
        check_sample(s)


def test_categorical_rewards_are_read_as_the_values_they_hold() -> None:
    """A map over one category (or none, as Dask's empty meta frame) stays categorical, and
    pandas raised a TypeError on it; now the usual errors, and the values otherwise."""
    with raises_data_error("constant"):
        check_sample(pd.Series(pd.Categorical([3.0] * 100)))
    with raises_data_error("empty"):
        check_sample(pd.Series(pd.Categorical([])))
    got = check_sample(pd.Series(pd.Categorical(X)))
    assert np.array_equal(got.values, X)


def test_a_long_double_beyond_the_float64_range_is_too_large_not_infinite() -> None:
    """1e400 as a long double was cast to inf (numpy's overflow warning leaked) and called
    "an infinite value, a bug upstream"; a Python int that large is "too large" (a review)."""
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("long double is float64 on this platform")
    x = np.r_[X.astype(np.longdouble), np.longdouble("1e400")]
    for given in (x, pd.Series(x), pd.DataFrame({"r": x})):  # a column too (a review)
        with raises_data_error("too large for a float64", "position 60 (0-based)"):
            check_sample(given, "r" if isinstance(given, pd.DataFrame) else None)
    assert np.array_equal(check_sample(X.astype(np.longdouble)).values, X)


def test_an_id_column_of_digits_is_named_as_text_not_as_decimals() -> None:
    """A review: a column of digit strings beside the numeric rewards was refused with "it
    holds numbers of a type numpy does not (e.g. Decimal)"; it holds text. (It is still
    refused: the rewards might be the column read as text.)"""
    df = pd.DataFrame({"id": [str(i) for i in range(200)], "reward": np.arange(200.0)})
    with pytest.raises(tailstat.DataError, match=r"numbers written as text \('0', \.\.\.\); "
                       r"the only numeric column is 'reward'"):
        tailstat.analyze(df, warn=False)
    assert tailstat.analyze(df, "reward", warn=False).classifications["reward"].n == 200


def test_an_empty_reward_column_beside_row_numbers_is_called_empty(tmp_path) -> None:
    """A review: a CSV whose reward column holds no value at all, beside a row-number column,
    read "the other columns are not numbers: 'reward' (e.g. nan) ... strip '%' or units";
    the column is empty, and the advice is to look for the rewards."""
    path = tmp_path / "a.csv"
    path.write_text("reward,x\n" + "".join(f",{i}\n" for i in range(100)))
    with raises_data_error("'reward' is empty (all 100 values missing)",
                           "The rewards are missing from the file") as info:
        tailstat.classify(tailstat.data.read_table(path))
    assert "not numbers" not in str(info.value) and "strip" not in str(info.value)
    path.write_text("reward,x,name\n" + "".join(f",{i},bob\n" for i in range(100)))
    with raises_data_error("not numbers: 'name' (e.g. 'bob'); and 'reward' is empty"):
        tailstat.classify(tailstat.data.read_table(path))


@pytest.mark.parametrize("values", [
    np.array([np.timedelta64(5, "s"), np.timedelta64(7, "s")] * 50, dtype=object),
    np.array([datetime.timedelta(seconds=s) for s in range(100)], dtype=object),
    np.array([np.datetime64("2020-01-01") + i for i in range(100)], dtype=object)])
def test_dates_and_durations_as_objects_are_named(values: np.ndarray) -> None:
    """A numpy duration is a numpy integer: an object array of them met a TypeError from int()
    at every entry point (a review); now the DataError names it and the conversion."""
    with pytest.raises(tailstat.DataError, match=r"It is a (date|duration)") as err:
        tailstat.hill(values)
    # the advice works as given, on the array itself (a review: .dt failed on an array)
    advice = str(err.value).split("first (")[1]
    code = advice.split(": ", 1)[1].rsplit(").", 1)[0].replace("column", "values")
    numbers = eval(code, {"pandas": pd, "values": values})  # (its advice, run as given)
    assert tailstat.check_sample(numbers.to_numpy(), min_size=1).n == values.size


def test_a_pandas_groupby_is_refused_with_the_table_and_by_to_pass_instead() -> None:
    """A review: analyze(df.groupby("model"), "reward") advised leaving column= out, which
    then gave "cannot read rewards from a DataFrameGroupBy ('x')"; neither named by=."""
    import tailstat as ts

    df = pd.DataFrame({"model": ["a", "b"] * 300, "k": 1,
                       "reward": np.random.default_rng(0).normal(size=600)})
    with raises_data_error("DataFrameGroupBy is a grouping", "by='model'",
                           "tailstat.analyze(df, column, by='model')"):
        ts.analyze(df.groupby("model"), "reward")
    with raises_data_error("by=['model', 'k']"):
        ts.classify(df.groupby(["model", "k"]))
    with raises_data_error("SeriesGroupBy", "tailstat.analyze(df, 'reward', by='model')"):
        ts.hill(df.groupby("model")["reward"])
    with raises_data_error("SeriesGroupBy", "holds the rewards and the group keys as columns",
                           "by="):
        ts.fit_gpd(df.groupby(df["model"])["reward"])
    # review 366: a key among the index levels, and polars' group_by
    with raises_data_error("with its index as columns",
                           "tailstat.analyze(df.reset_index(), column, by='model')"):
        ts.analyze(df.set_index("model").groupby("model"), "reward")
    with raises_data_error("a polars GroupBy is a grouping", "by='model'"):
        ts.analyze(pl.from_pandas(df).group_by("model"), "reward")
    assert ts.analyze(df, "reward", by="model", warn=False).table["n"].tolist() == [300, 300]
