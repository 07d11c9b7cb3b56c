"""Saved analyses keep their group keys and scalars of every type: dates, times, time zones,
durations, decimals, NaN (``TailAnalysis.to_json`` / ``read_analysis``; the rest of the
format is in tests/test_saved.py)."""

from __future__ import annotations

import json
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat import saved


def _dateutil_keys() -> Any:
    """Keys in a dateutil time zone; ``None`` where pandas cannot make them (pandas < 3 with
    python-dateutil >= 4: ``AttributeError`` inside pandas, its bug, not tailstat's)."""
    try:
        return pd.to_datetime(["2020-01-01", "2020-07-01"]).tz_localize("dateutil/Europe/Paris")
    except AttributeError:
        return None


@pytest.mark.parametrize("keys", [
    pd.to_datetime(["2020-01-01 00:00:00", "2021-06-30 12:00:00.000001"], format="ISO8601"),
    pd.to_datetime(["2020-01-01", "2020-07-01"]).tz_localize("Europe/Paris"),
    _dateutil_keys(),
    pd.to_timedelta([1, 90], unit="min"),
    [__import__("datetime").date(2020, 1, 1), __import__("datetime").date(2021, 1, 1)],
    [__import__("decimal").Decimal("1.10"), __import__("decimal").Decimal("2.5")],
    np.array(["2020-01-01", "NaT"], dtype="datetime64[s]"),
], ids=["datetime", "tz-aware", "dateutil-tz", "timedelta", "date", "decimal",
        "datetime64-with-NaT"])
def test_date_time_and_decimal_group_keys_round_trip(keys: Any) -> None:
    if keys is None:
        pytest.skip("this pandas cannot read python-dateutil's time zones (pandas < 3)")
    rng = np.random.default_rng(9)
    g = np.repeat(np.asarray(keys, dtype=object) if isinstance(keys, list) else keys, 300)
    frame = pd.DataFrame({"g": g, "r": rng.standard_t(3.0, 600)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(frame, "r", by="g")
    b = ts.read_analysis(a.to_json())
    pd.testing.assert_frame_equal(a.table, b.table)
    assert list(a.classifications) == list(b.classifications)
    assert [type(k) for k in a.classifications] == [type(k) for k in b.classifications]
    assert b.table["group"].dtype == a.table["group"].dtype


def test_date_time_scalars_round_trip_with_their_types() -> None:
    import datetime
    import decimal

    values = [np.datetime64("2020-01-02T03:04:05", "s"), np.datetime64("NaT", "ns"),
              np.timedelta64(90, "m"), pd.Timestamp("2020-01-01 12:00", tz="UTC"),
              pd.Timedelta(5, unit="ms"), datetime.date(1999, 12, 31), decimal.Decimal("-0.10")]
    back = saved.decode(json.loads(json.dumps(saved.encode(values))))
    assert [type(v) for v in back] == [type(v) for v in values]
    assert np.isnat(back[1]) and back[1].dtype == values[1].dtype
    assert all(b == v for i, (b, v) in enumerate(zip(back, values, strict=True)) if i != 1)
    assert back[0].dtype == values[0].dtype and str(back[6]) == "-0.10"


def test_a_nan_group_key_reads_back() -> None:
    """The check that every classification has a table row refused an analysis with a NaN
    key, written by the package itself (no NaN equals another after a round trip)."""
    rng = np.random.default_rng(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze({float("nan"): ts.TailSketch.from_sample(rng.normal(size=3000)),
                        1.0: ts.TailSketch.from_sample(rng.standard_t(3, 3000))})
    back = ts.read_analysis(a.to_json())
    assert back.table["group"].tolist() == ["<NA>", 1.0]  # a missing key is "<NA>"


def _small_analysis() -> Any:
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"g": np.repeat(["a", "b"], 1500), "r": rng.standard_t(3.0, 3000)})
    return ts.analyze(frame, "r", by="g")


def test_a_saved_file_whose_name_starts_like_json_is_read(tmp_path, monkeypatch) -> None:
    """'[v1] run.json' was parsed as JSON text ('not valid JSON')."""
    a = _small_analysis()
    monkeypatch.chdir(tmp_path)
    a.to_json("[v1] run.json")
    b = ts.read_analysis("[v1] run.json")
    pd.testing.assert_frame_equal(a.table, b.table)
    assert ts.read_analysis(a.to_json()).table.shape == a.table.shape  # JSON text still is


@pytest.mark.parametrize("cut", ["heavy_flag", "label", "classification"])
def test_a_file_missing_what_the_analysis_reads_is_damaged(cut: str) -> None:
    """A table without heavy_flag or label, or a group's classification removed, was read;
    repr, explain() and the report then failed with a KeyError ('probably a bug')."""
    doc = json.loads(_small_analysis().to_json())
    fields = doc["analysis"]["fields"]
    if cut == "classification":
        fields["classifications"].pop("b")
        match = "its table row 'b' has neither a classification nor a failure"
    else:
        frame = fields["table"]["$frame"]  # columns: their names, and one list each
        col = frame["columns"]["$index"]["values"].index(cut)
        frame["columns"]["$index"]["values"].pop(col)
        frame["data"].pop(col)
        match = f"its table has no '{cut}' column"
    with pytest.raises(ts.errors.DataError, match=match):
        ts.read_analysis(json.dumps(doc))


def test_an_analysis_whose_every_group_failed_reads_back(tmp_path) -> None:
    """Its table has no p_heavy column: the first version of the damage check refused it."""
    frame = pd.DataFrame({"g": ["a"] * 5 + ["b"] * 5,
                          "r": np.random.default_rng(0).normal(size=10)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(frame, "r", by="g")
    assert not a.classifications and len(a.failures) == 2
    a.to_json(tmp_path / "a.json")
    b = ts.read_analysis(tmp_path / "a.json")
    pd.testing.assert_frame_equal(a.table, b.table)


def test_a_saved_analysis_cut_short_is_called_damaged() -> None:
    """A review: a saved analysis missing its last character was "not a saved tailstat
    analysis ... save an analysis with TailAnalysis.to_json", though its head says it is
    one."""
    x = np.random.default_rng(0).normal(size=2000)
    text = ts.analyze(x, warn=False).to_json()
    with pytest.raises(ts.DataError, match=r"is a damaged saved analysis: it is not valid "
                                           r"JSON .* was it cut short"):
        ts.read_analysis(text[:-1])
    with pytest.raises(ts.DataError, match="is not a saved tailstat analysis"):
        ts.read_analysis('{"rewards": [1, 2,')


def test_long_doubles_are_refused_where_they_sit() -> None:
    """A review: a long double scalar came back rounded to float64 and an array of them
    failed in json.dumps without saying where; both are refused, naming the place."""
    if np.dtype(np.longdouble).itemsize <= 8:
        pytest.skip("long double is float64 on this platform")
    for value in (np.longdouble(1) / 3, {"a": np.arange(3, dtype=np.longdouble)}):
        with pytest.raises(TypeError, match=r"cannot save a numpy float\d+ exactly"):
            saved.encode(value)
    assert saved.encode(np.float32(1.5)) == {"$numpy": "float32", "value": 1.5}


@pytest.mark.parametrize("kind", ["interval", "period"])
def test_bins_and_periods_as_group_keys_round_trip(kind: str) -> None:
    """Grouped by pd.cut bins of the training step or by a Period column, an analysis could
    not be saved ("cannot save values of dtype interval[float64, right]"; a review)."""
    rng = np.random.default_rng(0)
    step = np.arange(1800)
    if kind == "interval":
        g = pd.cut(step, 3)
    else:
        g = (pd.Timestamp("2024-01-01") + pd.to_timedelta(step // 600 * 31, unit="D")
             ).to_period("M")
    frame = pd.DataFrame({"g": g, "r": rng.standard_t(3.0, 1800)})
    a = ts.analyze(frame, "r", by="g", warn=False)
    b = ts.read_analysis(a.to_json())
    pd.testing.assert_frame_equal(a.table, b.table)
    assert list(a.classifications) == list(b.classifications)
    assert [type(k) for k in b.classifications] == [type(k) for k in a.classifications]
    one = saved.decode(json.loads(json.dumps(saved.encode([g[0], pd.NaT]))))
    assert one[0] == g[0] and type(one[0]) is type(g[0]) and one[1] is pd.NaT


def test_python_datetimes_times_and_uuids_as_keys_are_saved() -> None:
    """A review: analyze() and report() took these keys (a dict of sketches keyed by
    datetime, a by= column of UUIDs or times), and to_json then raised a TypeError."""
    import datetime
    import uuid

    rng = np.random.default_rng(0)
    aware = datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    by_time = ts.analyze({datetime.datetime(2024, 5, 1, 12): ts.TailSketch.from_sample(
        rng.standard_t(3, 2000)), aware: ts.TailSketch.from_sample(rng.normal(size=2000))},
        warn=False)
    frame = pd.DataFrame({"run": [uuid.UUID(int=1)] * 1000 + [uuid.UUID(int=2)] * 1000,
                          "at": [datetime.time(1)] * 1000 + [datetime.time(2, 30)] * 1000,
                          "r": rng.normal(size=2000)})
    analyses = [by_time, ts.analyze(frame, "r", by="run", warn=False),
                ts.analyze(frame, "r", by="at", warn=False)]
    for a in analyses:
        back = ts.read_analysis(a.to_json())
        assert [(k, type(k)) for k in back.classifications] == [
            (k, type(k)) for k in a.classifications]
        assert [k.utcoffset() if isinstance(k, datetime.datetime) else None
                for k in back.classifications] == [
            k.utcoffset() if isinstance(k, datetime.datetime) else None
            for k in a.classifications]


def test_frozenset_group_keys_round_trip() -> None:
    """A review: analyze took frozenset keys, but to_json() refused them ("cannot save a
    value of type frozenset"), though every group key is saved with its type; one set is
    written alike whatever its iteration order."""
    rng = np.random.default_rng(3)
    keys = [frozenset({1, "a"}), frozenset({2})]
    frame = pd.DataFrame({"g": np.repeat(np.asarray(keys, dtype=object), 300),
                          "r": rng.standard_t(3.0, 600)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(frame, "r", by="g")
    b = ts.read_analysis(a.to_json())
    assert list(b.classifications) == keys
    assert [type(k) for k in b.classifications] == [frozenset, frozenset]
    pd.testing.assert_frame_equal(a.table, b.table)
    assert saved.encode(frozenset({"b", "a", 3})) == saved.encode(frozenset({3, "a", "b"}))


@pytest.mark.parametrize("node", [{"$numpy": "bool", "value": "x"},
                                  {"$numpy": "bool", "value": 1},
                                  {"$numpy": "int64", "value": 2.5},
                                  {"$numpy": "int64", "value": True},
                                  {"$numpy": "uint8", "value": "3"}])
def test_a_numpy_scalar_holding_another_kind_of_value_is_damage(node: dict[str, Any]) -> None:
    """A review: the decoder read {"$numpy": "bool", "value": "x"} as True and an int64 of 2.5
    as 2; the encoder never writes either."""
    with pytest.raises((TypeError, ValueError, ts.DataError)):
        saved.decode(node)
    assert saved.decode({"$numpy": "int64", "value": 7}) == np.int64(7)
    assert saved.decode({"$numpy": "bool", "value": False}) is np.False_
