"""Intake defects found by the stop-41 review (tailstat/data: _files.py, _values.py,
groups.py, intake.py), each with the reviewer's case."""

from __future__ import annotations

import warnings
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.data import check_groups, check_sample, read_table
from tailstat.errors import DataError, InputWarning

X = np.random.default_rng(0).standard_t(3, 1200)


def _groups(data: object) -> dict[object, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        t = ts.analyze(data, "reward", by="checkpoint").to_frame()
    return dict(zip(t["group"], t["n"], strict=True))


def _groups_by(data: object, by: str) -> dict[object, int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        t = ts.analyze(data, by=by).to_frame()
    return dict(zip(t["group"], t["n"], strict=True))


def test_json_and_csv_keys_keep_their_text(tmp_path) -> None:
    """'1', '01' and '007' were three groups in a DataFrame or Parquet file, two (1 and 7)
    read from CSV or JSON lines, without a word; then CSV warned and still merged them, with
    no way on the command line to keep them apart (a review)."""
    df = pd.DataFrame({"reward": X, "checkpoint": ["1", "01", "007"] * 400})
    want = {"007": 400, "01": 400, "1": 400}
    assert _groups(df) == want
    df.to_json(tmp_path / "c.jsonl", orient="records", lines=True)
    df.to_json(tmp_path / "c.json", orient="records")
    assert _groups(tmp_path / "c.jsonl") == want
    assert _groups(tmp_path / "c.json") == want
    df.to_csv(tmp_path / "c.csv", index=False)
    with pytest.warns(InputWarning, match=r"column 'checkpoint' of 'c.csv' holds '1' and "
                                          r"'01', one number written two ways"):
        read_table(tmp_path / "c.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        assert _groups(tmp_path / "c.csv") == want
    # the whole column, past the rows probed, and scores written so are still scores
    many = pd.DataFrame({"reward": np.tile(X, 101)[:120_500],
                         "checkpoint": ["01"] * 500 + ["1"] * 120_000})
    many.to_csv(tmp_path / "m.csv", index=False)
    (tmp_path / "s.csv").write_text("reward\n" + "".join(
        f"{'0' if i % 2 else ''}{i % 10}\n" for i in range(600)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        assert _groups(tmp_path / "m.csv") == {"1": 120_000, "01": 500}
        assert read_table(tmp_path / "m.csv")["reward"].dtype.kind == "f"
        assert check_sample(read_table(tmp_path / "s.csv")).values.size == 600
        # a blank line and a comment footer: the text read again keeps to the rows read
        rows = ["k,reward", *(f"{'0' if i % 2 else ''}{i % 3},{x}" for i, x in enumerate(X))]
        (tmp_path / "f.csv").write_text("\n".join([*rows[:10], "", *rows[10:], "# end"]))
        f = read_table(tmp_path / "f.csv")
        assert f["k"].tolist() == [f"{'0' if i % 2 else ''}{i % 3}" for i in range(X.size)]
    # integer keys without leading zeros, and rewards written as 0.0 and -0.0 or 0.00 and
    # 0.0 (a review: the first version warned on the reward column): no warning
    r = np.round(X, 1)
    r[:2] = 0.0, -0.0
    pd.DataFrame({"reward": r, "checkpoint": [1, 2, 3] * 400}).to_csv(tmp_path / "d.csv",
                                                                      index=False)
    read_table(tmp_path / "d.csv")
    (tmp_path / "e.csv").write_text("reward,step\n" + "".join(
        f"{'0.00' if i % 2 else '0.0'},{i}\n" for i in range(50)) + "".join(
        f"{v},{i}\n" for i, v in enumerate(X)))
    read_table(tmp_path / "e.csv")
    # rewards written as strings in JSON are numbers (the first version refused them)
    strings = pd.DataFrame({"group": ["a", "b"] * 600, "reward": [f"{v:.4f}" for v in X]})
    strings.to_json(tmp_path / "s.jsonl", orient="records", lines=True)
    assert read_table(tmp_path / "s.jsonl")["reward"].dtype.kind == "f"
    assert _groups_by(tmp_path / "s.jsonl", "group") == {"a": 600, "b": 600}


def test_booleans_in_a_list_are_refused_as_in_a_series() -> None:
    with pytest.raises(DataError, match="holds booleans"):
        check_sample([*X, True, True])
    with pytest.raises(DataError, match="holds booleans"):
        check_sample(pd.Series([*X, True]))
    with pytest.raises(DataError, match="holds booleans"):
        check_sample((1, 2, np.True_))


def test_numbers_beyond_float_and_signalling_nans_get_data_errors() -> None:
    """OverflowError and 'TypeError: Cannot hash a signaling NaN value' escaped."""
    big = pd.DataFrame({"r": pd.Series([10**400, *X[1:]], dtype=object)})
    with pytest.raises(DataError):
        ts.classify(big)
    with pytest.raises(DataError, match="too large for a float"):
        ts.classify(big, column="r")
    with pytest.warns(InputWarning, match="1 missing value"):
        c = ts.classify([Decimal(str(v)) for v in X] + [Decimal("sNaN")])
    assert c.n == X.size


def test_an_unsigned_polars_column_with_nulls_does_not_stop_the_table() -> None:
    pl = pytest.importorskip("polars")
    p = pl.DataFrame({"reward": X, "hash": pl.Series([None] + [2**63 + i for i in range(
        X.size - 1)], dtype=pl.UInt64)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        assert ts.classify(p, column="reward").n == X.size


@pytest.mark.parametrize("fn", [ts.mean_excess, ts.tail_path, ts.threshold_stability,
                                ts.select_threshold])
def test_every_entry_point_says_it_dropped_missing_values(fn) -> None:
    """hill, fit_gpd and classify warned; these four dropped 300 NaN without a word."""
    x = X.copy()
    x[::4] = np.nan
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        fn(x)
    said = [str(w.message) for w in got if issubclass(w.category, InputWarning)]
    assert said == ["'x': 300 missing values (NaN) were dropped; n = 900 counts the rest."]


def test_format_advice_names_what_python_takes(tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("some words\nand more words here\n")
    with pytest.raises(DataError, match=r"read_table\(path, format='csv'\)"):
        ts.analyze(notes)
    odd = tmp_path / "scores.xyz"
    odd.write_text("reward\n1\n2\n")
    with pytest.raises(DataError, match=r"read_table\(path, format=\.\.\.\)"):
        ts.analyze(odd)
    assert read_table(odd, format="csv")["reward"].tolist() == [1, 2]


def test_a_readers_defaults_apply_only_to_columns_still_there(tmp_path) -> None:
    """A RewardBench frame cut to its score column said "unknown by= column 'subset'" (by=
    was never given), renamed it said "unknown column 'score'"."""
    rows = [{"id": i, "subset": ["chat", "code"][i % 2], "scores_chosen": [float(v)],
             "scores_rejected": [float(v) - 1]} for i, v in enumerate(X[:600])]
    path = tmp_path / "rb.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True)
    df = read_table(path)
    assert df.attrs.get("tailstat_by")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        grouped = ts.analyze(df)
        assert len(grouped.to_frame()) == 2  # the default grouping, while its column is there
        one = df[[df.attrs["tailstat_column"]]]
        assert len(ts.analyze(one).to_frame()) == 1
        renamed = df.rename(columns={df.attrs["tailstat_column"]: "s"})
        assert ts.classify(renamed[["s"]]).n == len(df)
    with pytest.raises(DataError, match="classify"):
        ts.analyze(path, by=[])


def test_a_single_column_of_numbers_in_another_type_is_picked_as_column_takes_it() -> None:
    """One categorical-of-floats column: 'none holds numbers'; one column of numbers as text:
    'clean or drop the entries that are not numbers' (there were none); column= read both."""
    cat = pd.DataFrame({"r": pd.Categorical(np.round(X, 3))})
    text = pd.DataFrame({"r": [f"{v:.6f}" for v in X]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        for frame in (cat, text):
            assert ts.classify(frame).n == ts.classify(frame, column="r").n == X.size
    with pytest.raises(DataError, match="no numeric column"):  # words stay refused
        ts.classify(pd.DataFrame({"a": list("xyz") * 400}))


def test_by_and_gold_taking_every_column_are_named() -> None:
    """A review (stop 43): with by= and gold= naming the only columns the message was "no
    numeric column to analyse; the data has columns [] and none holds numbers"."""
    x = np.random.default_rng(0).normal(size=400)
    df = pd.DataFrame({"reward": x, "model": ["a", "b"] * 200})
    with pytest.raises(DataError, match=r"every column of the data \(\['reward', 'model'\]\) "
                                        r"is a by= or gold= column"):
        check_groups(df, by="model", gold="reward")
    with pytest.raises(DataError, match=r"every column of the data \(\['reward'\]\)"):
        check_groups(df[["reward"]], by="reward")


def test_a_gold_column_named_zero_is_read() -> None:
    """A review (stop 43): gold=0 (a frame built without column names) or gold="" was taken
    for no gold: no error analysis, while settings recorded gold=0."""
    rng = np.random.default_rng(0)
    g = rng.normal(size=600)
    df = pd.DataFrame({0: g, 1: g + rng.standard_t(2, size=600), 2: np.repeat(["a", "b"], 300)})
    groups = check_groups(df, 1, by=2, gold=0)
    assert groups.gold is not None and set(groups.gold) == {"a", "b"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ts.analyze(df.rename(columns={0: ""}), 1, by=2, gold="")
    assert set(res.dependence) == {"a", "b"} and "n_gold" in res.table


def test_gold_that_is_also_the_group_column_is_named() -> None:
    """A later review (stop 51): ``analyze(df, "r", by="g", gold="g")`` said "'g' is not
    numeric: value 'a'...", of the group names, not that gold= and by= are one column."""
    df = pd.DataFrame({"g": ["a"] * 60 + ["b"] * 60,
                       "r": np.random.default_rng(0).normal(size=120)})
    with pytest.raises(DataError, match=r"the gold= column 'g' is also a by= column"):
        check_groups(df, "r", by="g", gold="g")
    with pytest.raises(DataError, match=r"the gold= column 'g' is also a by= column"):
        check_groups(df.assign(h=1), "r", by=["h", "g"], gold="g")


@pytest.mark.parametrize("bad", [[1], {"a": 1}, 5, 2.5])
def test_a_samples_name_is_text(bad: object) -> None:
    """A review: check_sample(x, name=[1]) gave Sample(name=[1]), printed in messages and
    reports, where fit_gpd and TailSketch refused such a name; so do kl_tilt and the other
    functions that read their sample through it."""
    x = np.random.default_rng(0).normal(size=200)
    with raises_data_error("name", "a string"):
        check_sample(x, name=bad)  # type: ignore[arg-type]
    with raises_data_error("name", "a string"):
        ts.kl_tilt(x, name=bad)  # type: ignore[arg-type]
    assert check_sample(x, name="rm-1").name == "rm-1"
