"""The intake policy: ``check_sample``, ``check_groups``, ``read_table`` and ``upper_tail``.

One test per rule of the policy in ``tailstat/data/intake.py``. Every rejection must be a
:class:`tailstat.DataError` (which is also a ``ValueError``) whose message names the problem
and the fix; the tests check the type and the key words of the message.
"""

from __future__ import annotations

import copy
import os
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from _helpers import WithColumn, raises_data_error, unpack_column
from _helpers import write_table as _write

import tailstat
from tailstat.data import check_sample, read_table, upper_tail
from tailstat.data.intake import MIN_SIZE

RNG = np.random.default_rng(20240917)
#: A continuous, positive, heavy-tailed reward sample used throughout.
X = RNG.pareto(2.0, 60) + 1.0
#: Integer-valued rewards (distinct), for the integer dtypes.
XI = np.arange(3, 63, dtype=np.int64)





def test_data_error_is_a_value_error():
    assert issubclass(tailstat.DataError, ValueError)
    assert issubclass(tailstat.DataError, tailstat.TailstatError)
    with pytest.raises(ValueError):  # callers catching ValueError keep working
        check_sample([])


# --------------------------------------------------------------------------------------------
# accepted inputs
# --------------------------------------------------------------------------------------------


FLOAT_INPUTS = {
    "ndarray float64": lambda tmp: X.copy(),
    "list": lambda tmp: X.tolist(),
    "tuple": lambda tmp: tuple(X.tolist()),
    "object ndarray": lambda tmp: np.array(X.tolist(), dtype=object),
    "pandas Series": lambda tmp: pd.Series(X, name="reward"),
    "DataFrame column=": lambda tmp: WithColumn(pd.DataFrame({"reward": X, "gold": -X,
                                                              "model": "a"}), "reward"),
    "DataFrame one numeric column": lambda tmp: pd.DataFrame({"model": ["a"] * len(X),
                                                              "reward": X}),
    "polars Series": lambda tmp: pl.Series("reward", X),
    "polars DataFrame column=": lambda tmp: WithColumn(pl.DataFrame({"reward": X, "gold": -X}),
                                                      "reward"),
    "polars DataFrame one numeric column": lambda tmp: pl.DataFrame({"model": ["a"] * len(X),
                                                                     "reward": X}),
    "parquet column=": lambda tmp: WithColumn(_write(tmp, "parquet",
                                                     pd.DataFrame({"reward": X, "gold": -X})),
                                              "reward"),
    "parquet one numeric column": lambda tmp: _write(
        tmp, "parquet", pd.DataFrame({"model": ["a"] * len(X), "reward": X})),
    "csv column=": lambda tmp: WithColumn(
        _write(tmp, "csv", pd.DataFrame({"reward": X, "gold": -X})), "reward"),
    "csv as str path": lambda tmp: str(_write(
        tmp, "csv", pd.DataFrame({"model": ["a"] * len(X), "reward": X}))),
    "jsonl column=": lambda tmp: WithColumn(
        _write(tmp, "jsonl", pd.DataFrame({"reward": X, "gold": -X, "model": "a"})), "reward"),
}


@pytest.mark.parametrize("make", FLOAT_INPUTS.values(), ids=FLOAT_INPUTS.keys())
def test_accepted_inputs_give_identical_values(make, tmp_path):
    data, column = unpack_column(make(tmp_path))
    s = check_sample(data, column)
    assert isinstance(s, tailstat.Sample)
    assert s.values.dtype == np.float64
    np.testing.assert_array_equal(s.values, X)
    assert s.n == len(X) and s.n_nan_dropped == 0
    # upper_tail goes through the same intake and sees the same values
    t = upper_tail(data, k_max=10, column=column) if column else upper_tail(data, k_max=10)
    np.testing.assert_array_equal(t.desc, np.sort(X)[::-1][:11])
    assert t.n == len(X)


def test_jsonl_is_read_to_within_a_few_ulp(tmp_path):
    # Reading .jsonl must also work with column= naming one of several columns.
    path = _write(tmp_path, "jsonl", pd.DataFrame({"reward": X, "gold": -X, "model": "a"}))
    s = check_sample(path, column="reward")
    np.testing.assert_allclose(s.values, X, rtol=2e-15, atol=0)
    assert s.name == "reward"
    with raises_data_error("several numeric columns", "column="):
        check_sample(path)


@pytest.mark.parametrize(
    "data",
    [XI, XI.astype(np.int32), XI.astype(np.uint16), XI.tolist(), pd.Series(XI),
     pd.Series(XI, dtype="Int64"), pl.Series("r", XI), np.array(XI.tolist(), dtype=object)],
    ids=["int64", "int32", "uint16", "list of int", "Series int", "Series Int64", "polars int",
         "object ints"],
)
def test_integer_inputs_become_float64(data):
    s = check_sample(data)
    assert s.values.dtype == np.float64
    np.testing.assert_array_equal(s.values, XI.astype(np.float64))


def test_pandas_nullable_float_with_na_is_dropped_and_counted():
    ser = pd.Series(X, dtype="Float64")
    ser[[3, 17]] = pd.NA
    s = check_sample(ser)
    np.testing.assert_array_equal(s.values, np.delete(X, [3, 17]))
    assert s.n_nan_dropped == 2


def test_pandas_nullable_int_with_na_is_dropped_and_counted():
    ser = pd.Series(XI, dtype="Int64")
    ser[0] = pd.NA
    s = check_sample(ser)
    np.testing.assert_array_equal(s.values, XI[1:].astype(np.float64))
    assert s.n_nan_dropped == 1


def test_object_array_of_numbers_with_none():
    data = np.array([*X.tolist(), None], dtype=object)
    s = check_sample(data)
    np.testing.assert_array_equal(s.values, X)
    assert s.n_nan_dropped == 1


def test_name_and_source_are_recorded(tmp_path):
    s = check_sample(pd.DataFrame({"reward": X, "gold": -X}), "reward")
    assert s.name == "reward" and "reward" in s.source
    path = _write(tmp_path, "parquet", pd.DataFrame({"reward": X}))
    s = check_sample(path)
    assert str(path) in s.source
    assert check_sample(X).name == "x"
    assert check_sample(X, name="policy A").name == "policy A"


# --------------------------------------------------------------------------------------------
# missing and infinite values
# --------------------------------------------------------------------------------------------


def test_nan_is_dropped_and_counted():
    x = X.copy()
    x[[0, 5, 9]] = np.nan
    s = check_sample(x)
    np.testing.assert_array_equal(s.values, np.delete(X, [0, 5, 9]))
    assert s.n_nan_dropped == 3
    assert s.to_dict()["n_nan_dropped"] == 3


def test_nan_raise_names_the_count():
    x = X.copy()
    x[[0, 5, 9]] = np.nan
    with raises_data_error("3 missing", "nan", "nan='drop'"):
        check_sample(x, nan="raise")
    # its own subclass of DataError, with the count and the message without the advice
    with pytest.raises(tailstat.MissingValuesError) as info:
        check_sample(x, nan="raise", name="reward")
    assert info.value.count == 3 and info.value.name == "reward"
    assert str(info.value).startswith(info.value.problem + "; ")
    # it pickles and copies (errors cross process pools)
    import copy
    import pickle

    for back in (pickle.loads(pickle.dumps(info.value)), copy.copy(info.value)):
        assert type(back) is tailstat.MissingValuesError and str(back) == str(info.value)
        assert (back.name, back.count) == ("reward", 3)
    # without NaN, nan="raise" accepts
    assert check_sample(X, nan="raise").n == len(X)


def test_unknown_nan_policy():
    with raises_data_error("nan", "'drop'", "'raise'", "'keep'"):
        check_sample(X, nan="keep")


@pytest.mark.parametrize("bad", [np.inf, -np.inf], ids=["+inf", "-inf"])
def test_infinite_values_are_errors(bad):
    x = X.copy()
    x[7] = bad
    with raises_data_error("infinite", "position 7", "bug upstream", "fix or remove"):
        check_sample(x)
    # also when NaN would be dropped, and in a Series / through upper_tail
    x[8] = np.nan
    with raises_data_error("infinite", "bug upstream"):
        check_sample(pd.Series(x))
    with raises_data_error("infinite"):
        upper_tail(x)


# --------------------------------------------------------------------------------------------
# degenerate samples
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [[], np.array([]), pd.Series([], dtype=float), ()],
                         ids=["list", "ndarray", "Series", "tuple"])
def test_empty_input(empty):
    with raises_data_error("empty", "no rewards"):
        check_sample(empty)


def test_all_nan_input():
    with raises_data_error("empty", f"all {len(X)} values were nan"):
        check_sample(np.full(len(X), np.nan))


@pytest.mark.parametrize("empty", [[], [np.nan] * 8], ids=["empty", "all-NaN"])
def test_empty_and_all_nan_messages_name_the_minimum(empty):
    with raises_data_error("empty", f"at least {MIN_SIZE}"):
        check_sample(empty)


@pytest.mark.parametrize("column", [None, "reward"])
@pytest.mark.parametrize("table", [
    {"reward": pd.Series([], dtype=object), "g": pd.Series([], dtype=object)},
    {"reward": pd.Series([], dtype=float), "g": pd.Series([], dtype=float)}])
def test_a_table_without_rows_says_so(table, column):
    """An empty table was "no numeric column" (text columns, as a header-only CSV's; with by=
    listing only the other columns) or "several numeric columns"; it is "no rows", as
    ``tailstat report`` says of a file of only a header."""
    df = pd.DataFrame(table)
    words = ("no rows", "the columns ['reward', 'g']", "empty", "no rewards")
    with raises_data_error(*words):
        check_sample(df, column)
    with raises_data_error(*words):
        tailstat.analyze(df, column, by="g")
    with raises_data_error(*words):
        tailstat.data.check_groups(pl.from_pandas(df), column, by="g")
    assert read_table(df) is df  # passed through: an empty batch is no error
    # an empty batch of a sketch is still no values, not an error, whatever its library
    sketch = tailstat.TailSketch.from_sample(X)
    assert sketch.update(df[["reward"]]).n == len(X)
    if df["reward"].dtype == float:  # (an empty column of text is no column of rewards)
        for batch in (pl.from_pandas(df[["reward"]]), pa.Table.from_pandas(df[["reward"]])):
            assert sketch.update(batch).n == len(X)


def test_constant_input():
    with raises_data_error("constant", "2.5", "no tail"):
        check_sample(np.full(100, 2.5))


def test_constant_after_dropping_nan():
    with raises_data_error("constant"):
        check_sample([1.0, np.nan, 1.0, 1.0, 1.0, 1.0, np.nan])


def test_too_small_names_the_minimum():
    x = X[: MIN_SIZE - 1]
    with raises_data_error(f"only {MIN_SIZE - 1} value", f"at least {MIN_SIZE}"):
        check_sample(x)
    assert check_sample(X[:MIN_SIZE]).n == MIN_SIZE  # exactly the minimum is accepted


def test_too_small_after_dropping_nan():
    x = np.r_[X[:3], [np.nan] * 10]
    with raises_data_error("only 3", f"at least {MIN_SIZE}"):
        check_sample(x)


# --------------------------------------------------------------------------------------------
# ties
# --------------------------------------------------------------------------------------------


def _scores(n=2000):
    return np.random.default_rng(11).normal(10.0, 1.0, n)


def test_discretised_rewards_warn_about_ties():
    rounded = _scores().round(1)
    with pytest.warns(tailstat.TiesWarning, match="tied") as rec:
        r = tailstat.hill(rounded, k=200)
    assert np.isfinite(r.estimate)
    assert any("tied" in w for w in r.warnings)
    # the warning points at the caller, not at tailstat's internals
    ties = [w for w in rec if issubclass(w.category, tailstat.TiesWarning)]
    assert ties[0].filename == __file__
    assert issubclass(tailstat.TiesWarning, tailstat.TailstatWarning)


def test_continuous_rewards_do_not_warn_about_ties():
    with warnings.catch_warnings():
        warnings.simplefilter("error", tailstat.TailstatWarning)
        r = tailstat.hill(_scores(), k=200)
    assert r.warnings == ()
    assert upper_tail(_scores(), k_max=200).tie_fraction(200) == 0.0


# --------------------------------------------------------------------------------------------
# the caller's data is never modified; samples are read-only
# --------------------------------------------------------------------------------------------


def _calls():
    return [
        ("check_sample", lambda d, c: check_sample(d, c)),
        ("upper_tail", lambda d, c: upper_tail(d, column=c) if c else upper_tail(d)),
        ("hill", lambda d, c: tailstat.hill(d, k=20, column=c)),
        ("moment", lambda d, c: tailstat.moment(d, k=20, column=c)),
        ("pickands", lambda d, c: tailstat.pickands(d, k=10, column=c)),
        ("weibull_tail", lambda d, c: tailstat.weibull_tail(d, k=20, column=c)),
        ("hill bootstrap", lambda d, c: tailstat.hill(d, k=20, column=c, ci_method="bootstrap",
                                                      n_boot=50, seed=1)),
        ("tail_path", lambda d, c: tailstat.tail_path(d, "moment", column=c)),
        ("tail_path pickands", lambda d, c: tailstat.tail_path(d, "pickands", column=c)),
    ]


CALLS = dict(_calls())


@pytest.mark.parametrize("with_nan", [False, True], ids=["finite", "with NaN"])
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_caller_array_is_not_modified(call, with_nan):
    x = np.random.default_rng(3).pareto(2.0, 200) + 1.0
    if with_nan:
        x[[4, 50]] = np.nan
    before = x.copy()
    assert x.flags.writeable
    with warnings.catch_warnings():  # the dropped NaN are said (a TailstatWarning)
        warnings.simplefilter("ignore", tailstat.TailstatWarning)
        call(x, None)
    np.testing.assert_array_equal(x, before)  # NaN compare equal here
    assert x.flags.writeable
    x[0] = 1.0  # and it is still the caller's to change


@pytest.mark.parametrize("with_nan", [False, True], ids=["finite", "with NaN"])
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_caller_dataframe_is_not_modified(call, with_nan):
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"reward": rng.pareto(2.0, 200) + 1.0, "gold": rng.normal(size=200),
                       "model": rng.choice(["a", "b"], 200)})
    if with_nan:
        df.loc[[4, 50], "reward"] = np.nan
    before = copy.deepcopy(df)
    with warnings.catch_warnings():  # the dropped NaN are said (a TailstatWarning)
        warnings.simplefilter("ignore", tailstat.TailstatWarning)
        call(df, "reward")
    pd.testing.assert_frame_equal(df, before)


def test_read_only_input_is_accepted_and_stays_read_only():
    x = X.copy()
    x.setflags(write=False)
    s = check_sample(x)
    np.testing.assert_array_equal(s.values, X)
    assert not x.flags.writeable


@pytest.mark.parametrize(
    "data",
    [X.copy(), X.tolist(), pd.Series(X), np.r_[X, np.nan], X.astype(np.float32)],
    ids=["ndarray", "list", "Series", "with NaN", "float32"],
)
def test_sample_values_are_read_only(data):
    s = check_sample(data)
    assert not s.values.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        s.values[0] = 0.0


def test_upper_tail_is_read_only_and_descending():
    t = upper_tail(X, k_max=10)
    assert not t.desc.flags.writeable
    assert t.k_max == 10 and t.n == len(X)
    np.testing.assert_array_equal(t.desc, np.sort(X)[::-1][:11])
    # k_max is clipped to n - 1
    assert upper_tail(X, k_max=10_000).k_max == len(X) - 1


def test_upper_tail_applies_the_intake_policy():
    with raises_data_error("constant"):
        upper_tail(np.ones(20))
    with raises_data_error("unknown column", "'reward'"):
        upper_tail(pd.DataFrame({"reward": X}), column="rewards")
    x = np.r_[X, np.nan]
    with raises_data_error("1 missing"):
        upper_tail(x, nan="raise")


# --------------------------------------------------------------------------------------------
# issue 11: masked arrays, CSV dialects, messages, in-memory sources, hostile shapes
# --------------------------------------------------------------------------------------------


def test_masked_array_entries_are_missing():
    x = X.copy()
    m = np.ma.masked_array(x, mask=x > np.quantile(x, 0.8))
    m.data[m.mask.nonzero()[0][0]] = np.inf  # what hides under the mask does not matter
    mask_before, data_before = m.mask.copy(), m.data.copy()
    s = check_sample(m)
    assert s.n == m.count() and s.n_nan_dropped == int(m.mask.sum())
    np.testing.assert_array_equal(s.values, m.compressed())
    np.testing.assert_array_equal(m.mask, mask_before)
    np.testing.assert_array_equal(m.data, data_before)
    with raises_data_error("missing", "masked", "nan='drop'"):
        check_sample(m, nan="raise")


def test_masked_integer_array_and_list_with_masked_constant():
    m = np.ma.masked_array(XI, mask=XI % 7 == 0)
    s = check_sample(m)
    assert s.values.dtype == np.float64 and s.n == m.count()
    s2 = check_sample([*X[:10].tolist(), np.ma.masked, *X[10:].tolist()])
    assert s2.n == len(X) and s2.n_nan_dropped == 1


def test_masked_array_without_masked_entries_is_a_plain_array():
    s = check_sample(np.ma.masked_array(X))
    np.testing.assert_array_equal(s.values, X)
    assert s.n_nan_dropped == 0


def test_messages_show_values_not_numpy_reprs():
    df = pd.DataFrame({"r": ["1", "a", "2"] * 3}, index=np.arange(9) * 1.25)
    with pytest.raises(tailstat.DataError) as info:
        check_sample(df, "r")
    msg = str(info.value)
    assert "value 'a' at row 1 (0-based; index label 1.25)" in msg and "np." not in msg
    with pytest.raises(tailstat.DataError) as info:
        check_sample(np.float64(1.5))
    assert "np." not in str(info.value) and "1.5" in str(info.value)


def test_in_memory_source_is_not_a_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for word in ("DataFrame", "ndarray", "list", "Series"):
        (tmp_path / word).write_text("not data")
    s = check_sample(pd.DataFrame({"reward": X}))
    assert s.source.startswith("in-memory DataFrame")
    assert check_sample(X).source == "in-memory ndarray"
    assert not os.path.exists(check_sample(X.tolist()).source)


@pytest.mark.parametrize(("data", "kwargs", "words"), [
    ([[1.0, 2.0], [3.0]], {}, ("ragged",)),
    (pd.DataFrame(np.c_[X, X], columns=["r", "r"]), {"column": "r"}, ("'r'", "appears 2 times")),
    (pd.DataFrame(np.c_[X, X], columns=["r", "r"]), {}, ("duplicate column", "'r'")),
    (pd.DataFrame({"r": X}), {"column": ["r"]}, ("column must be one column name",)),
    (X, {"min_size": 0}, ("min_size",)),
    (X, {"min_size": True}, ("min_size",)),
    (X, {"nan": ["drop"]}, ("nan must be",)),
])
def test_hostile_shapes_and_arguments_are_data_errors(data, kwargs, words):
    with raises_data_error(*words):
        check_sample(data, **kwargs)


def test_a_sketch_is_not_a_sample():
    """A TailSummary (TailSketch) keeps the top order statistics, not the rows."""
    sketch = tailstat.TailSketch.from_sample(X, name="rm")
    for call in (lambda: check_sample(sketch), lambda: tailstat.check_groups(sketch),
                 lambda: read_table(check_sample(sketch))):
        with raises_data_error("needs the rows", "top order statistics", "'rm'", "n = 60"):
            call()
    np.testing.assert_array_equal(upper_tail(sketch, k_max=10).desc, upper_tail(X, 10).desc)


def test_a_refused_sketch_names_the_function_the_user_called():
    sketch = tailstat.TailSketch.from_sample(X, name="rm")
    calls = {"best_of_n()": lambda: tailstat.goodhart.best_of_n(sketch),
             "tail_dependence()": lambda: tailstat.tail_dependence(sketch, X),
             "check_sample()": lambda: check_sample(sketch),
             "check_groups()": lambda: tailstat.check_groups(sketch)}
    for name, call in calls.items():
        with raises_data_error(f"{name} needs the rows"):
            call()


def test_sample_values_skips_the_size_and_constancy_checks():
    from tailstat.data.intake import sample_values

    values, dropped, name = sample_values(pd.Series([2.0, np.nan, 2.0], name="r"))
    assert values.tolist() == [2.0, 2.0] and dropped == 1 and name == "r"
    assert not values.flags.writeable
    assert sample_values([])[0].shape == (0,)
    with raises_data_error("infinite"):
        sample_values([1.0, np.inf])
    # a plain float64 array (a stream's batch) is read as any other input: the caller's
    # array stays writeable, NaN and inf are handled, strided and big-endian ones read alike
    x = np.array([1.5, -0.0, 3.0, 2.0])
    for arr in (x, x[::2], x.astype(">f8"), np.r_[x, np.nan]):
        got, dropped, name = sample_values(arr, name="b")
        assert got.tolist() == arr[~np.isnan(arr)].tolist() and name == "b"
        assert dropped == int(np.isnan(arr).sum()) and not got.flags.writeable
    assert x.flags.writeable and sample_values(x)[2] == "x"
    with raises_data_error("infinite"):
        sample_values(np.r_[x, -np.inf])
    with raises_data_error("missing"):
        sample_values(np.r_[x, np.nan], nan="raise")


@pytest.mark.parametrize("as_", ["series", "list", "object array"])
def test_an_integer_beyond_the_float_range_is_a_data_error(as_: str) -> None:
    values = [1.5] * 60 + [2**1024 - 1]  # the largest int that still overflows a float
    x = {"series": pd.Series(values, dtype=object), "list": values,
         "object array": np.array(values, dtype=object)}[as_]
    with raises_data_error("too large for a float", "row 60"):
        tailstat.check_sample(x)


def test_a_pyarrow_column_is_a_sample():
    """``table["reward"]`` of a pyarrow Table is a ChunkedArray: read like an array (it was
    refused with Arrow's own message), chunks and missing values included."""
    pa = pytest.importorskip("pyarrow")
    x = np.random.default_rng(12).standard_t(3.0, 3000)
    col = pa.chunked_array([x[:1000], pa.array([None], type=pa.float64()), x[1000:]])
    s = check_sample(col)
    np.testing.assert_array_equal(s.values, x)
    assert s.n_nan_dropped == 1
    with pytest.warns(tailstat.TailstatWarning, match=r"1 missing value \(NaN\) was dropped"):
        assert tailstat.classify(col).probabilities == tailstat.classify(x).probabilities
    assert tailstat.TailSketch.from_sample(col).n == 3000


def test_a_polars_lazyframe_is_asked_to_be_collected() -> None:
    lazy = pl.DataFrame({"reward": X}).lazy()
    with pytest.raises(tailstat.DataError, match=r"collect it first \(lazy_frame.collect\(\)\)"):
        tailstat.classify(lazy, column="reward")
    assert tailstat.classify(lazy.collect(), column="reward", warn=False).n == len(X)



def test_a_reward_column_read_as_text_is_named_not_passed_over(tmp_path):
    """Without column=, a reward column that became text (one stray cell) or holds Decimals
    was skipped and the one numeric column left (a step, an id) analysed instead, without a
    word: now an error names the column and its first entry that is not a number."""
    from decimal import Decimal

    rng = np.random.default_rng(0)
    reward = rng.standard_normal(3000).round(6).astype(object)
    reward[503] = "#DIV/0!"
    frame = pd.DataFrame({"step": np.arange(3000), "reward": reward})
    path = tmp_path / "stray.csv"
    frame.to_csv(path, index=False)
    for data in (frame, path):
        with pytest.raises(tailstat.DataError, match=r"'reward'.*'#DIV/0!' at row 503.*'step'"):
            check_sample(data)
        with pytest.raises(tailstat.DataError, match="'#DIV/0!' at row 503"):
            tailstat.classify(data)
    with pytest.raises(tailstat.DataError, match="'#DIV/0!' at row 503"):
        check_sample(frame[["reward"]])  # alone, it said "none holds numbers"
    decimals = pd.DataFrame({"id": np.arange(3000),
                             "reward": [Decimal(f"{v:.6f}") for v in rng.standard_normal(3000)]})
    with pytest.raises(tailstat.DataError, match=r"'reward'.*Decimal.*'id'"):
        check_sample(decimals)
    assert check_sample(decimals, column="reward").n == 3000  # named: read as numbers
    # text that is not numbers (model names, prompts) beside the rewards is no obstacle
    fine = pd.DataFrame({"model": ["7b", "13b", "70b"] * 1000, "prompt": ["a b"] * 3000,
                         "reward": rng.standard_normal(3000)})
    assert check_sample(fine).name == "reward"


def test_a_column_name_given_as_text_finds_a_number_label(tmp_path):
    """A JSON object with keys "1", "2" has int column labels after pandas reads it:
    ``--column 1`` said "unknown column '1'; the data has columns ['1', '2']"."""
    import json

    from tailstat.data import check_groups

    rng = np.random.default_rng(0)
    path = tmp_path / "numkeys.json"
    path.write_text(json.dumps({"1": rng.normal(size=300).tolist(),
                                "2": rng.standard_t(3, size=300).tolist()}))
    assert check_sample(path, column="2").n == 300
    df = pd.DataFrame({0: rng.normal(size=300), 1: np.repeat(["a", "b"], 150),
                       2: rng.normal(size=300)})
    np.testing.assert_array_equal(check_sample(df, column="0").values, df[0].to_numpy())
    groups = check_groups(df, "0", by="1", gold="2")
    assert sorted(groups.samples) == ["a", "b"]
    with pytest.raises(tailstat.DataError, match="unknown column '7'"):
        check_sample(df, column="7")


def test_column_on_a_sample_and_none_say_what_to_do():
    # (error-message audit) "column='r' was given but the input is a ndarray, not a table."
    # said nothing to do; None was "cannot read rewards from a NoneType"
    x = np.random.default_rng(2).normal(size=100)
    for data in (x, pd.Series(x, name="s")):
        with raises_data_error("column='r'", "not a table", "leave column= out"):
            check_sample(data, column="r")
    with raises_data_error("from None", "pass an array"):
        check_sample(None)
