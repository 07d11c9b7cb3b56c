"""How rows are gathered into groups (``tailstat/data/_grouping.py``): the runs of equal keys
of a table in group order, shuffled rows that skip that path at once, and ids beyond 2**53."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import _grouping, check_groups


def _frame(shuffled: bool) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": np.repeat([f"rm-{g:02d}" for g in range(8)], 20_000),
                       "r": rng.normal(size=160_000)})
    df["m"] = df["m"].astype("string[pyarrow]")
    return df.sample(frac=1.0, random_state=0).reset_index(drop=True) if shuffled else df


def test_shuffled_rows_are_seen_from_the_first_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: on shuffled rows every key was compared with the next (until n / 8 changes)
    before the runs were given up: 1 s of a 1.5 s intake at 10^7 rows. The first rows say
    it; the groups are the same either way."""
    shuffled = _frame(True)

    compare = _grouping._byte_changes

    def compare_the_head_only(buf, start, width, n, limit):  # type: ignore[no-untyped-def]
        assert n <= _grouping._PROBE_ROWS, "every key was compared"
        return compare(buf, start, width, n, limit)

    monkeypatch.setattr(_grouping, "_byte_changes", compare_the_head_only)
    assert _grouping._run_starts(shuffled[["m"]]) is None
    fast = check_groups(shuffled, "r", by="m")
    monkeypatch.undo()
    monkeypatch.setattr(_grouping, "_PROBE_ROWS", 10**9)  # no probe: every key compared
    slow = check_groups(shuffled, "r", by="m")
    assert list(fast.samples) == list(slow.samples) == [f"rm-{g:02d}" for g in range(8)]
    for key, sample in fast.samples.items():
        assert np.array_equal(sample.values, slow.samples[key].values)
    in_order = _grouping._run_starts(_frame(False)[["m"]])
    assert in_order is not None and in_order.size == 8


@pytest.mark.parametrize("dtype", [">i4", ">u2", ">f8"])
def test_big_endian_keys_are_grouped_as_native_ones(dtype: str) -> None:
    """A review (interop): a by= column of a big-endian dtype (read from a FITS or a raw
    big-endian file) raised pandas' "ValueError: Big-endian buffer not supported on
    little-endian compiler" from analyze and tailstat.dask.analyze; a big-endian reward
    column was read. The groups are those of the same keys in native order, and the
    caller's frame keeps its dtype."""
    import tailstat

    rng = np.random.default_rng(0)
    keys = np.arange(600) % 3
    df = pd.DataFrame({"r": rng.pareto(3.0, 600) + 1.0, "g": keys.astype(dtype),
                       "h": np.arange(600) % 2})
    native = df.assign(g=keys.astype(np.dtype(dtype).newbyteorder("=")))
    for by in ("g", ["g", "h"]):
        got, want = check_groups(df, "r", by=by), check_groups(native, "r", by=by)
        assert list(got.samples) == list(want.samples)
        for key, sample in want.samples.items():
            assert np.array_equal(got.samples[key].values, sample.values)
    assert df["g"].dtype == np.dtype(dtype)
    dd = pytest.importorskip("dask.dataframe")
    import tailstat.dask

    ddf = dd.from_pandas(df, npartitions=2)
    got_table = tailstat.dask.analyze(ddf, "r", by="g", warn=False).table
    want_table = tailstat.analyze(native, "r", by="g", warn=False).table
    assert got_table["group"].tolist() == want_table["group"].tolist() == [0, 1, 2]
    assert got_table["n"].tolist() == want_table["n"].tolist()


def test_ids_beyond_2_53_stay_apart_or_are_said_to_be_at_risk(tmp_path) -> None:
    """A review: the ids 2**60 and 2**60 + 1 beside a missing id became one group without a
    word, in an object column (pandas gives the groups' index as floats) and in a JSON lines
    file (read as floats). Both keep them apart now (the JSON lines file is read again with
    its integers exact: stop 61); a column that is floats cannot, and says so."""
    r = np.random.default_rng(0).standard_t(3, 3000)
    keys = [[2**60, 2**60 + 1, None][i % 3] for i in range(3000)]
    df = pd.DataFrame({"model_id": pd.Series(keys, dtype=object), "reward": r})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = ts.analyze(df, "reward", by="model_id").table
    # kept apart, so not said to be at risk (only the rows without an id are said)
    assert not any("beyond 2**53" in str(w.message) for w in caught)
    assert table["group"].tolist() == [2**60, 2**60 + 1, "<NA>"]
    assert table["n"].tolist() == [1000, 1000, 1000]
    path = tmp_path / "ids.jsonl"
    path.write_text("".join(json.dumps({"model_id": k, "reward": v}) + "\n"
                            for k, v in zip(keys, r, strict=True)), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from_file = ts.analyze(path, "reward", by="model_id").table
    assert not any("beyond 2**53" in str(w.message) for w in caught)
    assert from_file["group"].tolist() == table["group"].tolist()
    assert from_file["n"].tolist() == [1000, 1000, 1000]
    floats = df.assign(model_id=df["model_id"].astype(float))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ts.analyze(floats, "reward", by="model_id")
    assert any("beyond 2**53 as floats" in str(w.message) for w in caught)


@pytest.mark.parametrize("layout", ["jsonl", "json", "csv", "parquet"])
def test_whole_number_keys_beside_a_missing_one_read_alike_from_every_file(
        tmp_path, layout: str) -> None:
    """A review: JSON lines and JSON records with the keys 1 and 2 and one missing key gave
    the groups 1.0 and 2.0 (pandas read the column as floats), where CSV and Parquet gave 1
    and 2: a join of --json output on the key found nothing, depending on the format."""
    r = np.random.default_rng(1).standard_t(3, 3001)
    keys = [1 + i // 1500 if i < 3000 else None for i in range(3001)]
    records = [{"step": k, "reward": float(v)} for k, v in zip(keys, r, strict=True)]
    path = tmp_path / f"k.{layout}"
    if layout == "jsonl":
        path.write_text("".join(json.dumps(rec) + "\n" for rec in records), encoding="utf-8")
    elif layout == "json":
        path.write_text(json.dumps(records), encoding="utf-8")
    elif layout == "csv":
        path.write_text("step,reward\n" + "".join(
            f"{'' if k is None else k},{float(v)!r}\n" for k, v in zip(keys, r, strict=True)))
    else:
        pd.DataFrame({"step": pd.array(keys, dtype="Int64"), "reward": r}).to_parquet(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        table = ts.analyze(path, "reward", by="step").table
    assert [str(g) for g in table["group"]] == ["1", "2", "<NA>"]
    assert table["n"].tolist() == [1500, 1500, 1]
    # written as decimals, the keys stay as the file writes them
    (tmp_path / "f.jsonl").write_text("".join(
        json.dumps({"step": None if k is None else float(k), "reward": rec["reward"]}) + "\n"
        for k, rec in zip(keys, records, strict=True)), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        floats = ts.analyze(tmp_path / "f.jsonl", "reward", by="step").table
    assert [str(g) for g in floats["group"]] == ["1.0", "2.0", "<NA>"]


def test_object_columns_of_strings_are_read_as_runs_and_mixed_ones_are_not() -> None:
    """A review: keys of object dtype (``read_csv(dtype=object)``, pandas 2's default for
    text) had no cheap comparison, so grouped rows were sorted like shuffled ones (1.9 s at
    10^7 rows, against 0.09 s for comparing neighbours). Strings and bytes are compared
    exactly; a column with a missing value or mixed types is left to groupby."""
    strings = pd.Series(np.repeat(np.array(["a", "b", "a", "ab"], dtype=object), 3))
    np.testing.assert_array_equal(_grouping._changes(strings), [2, 5, 8])
    data = pd.Series([b"x", b"x", b"y"], dtype=object)
    np.testing.assert_array_equal(_grouping._changes(data), [1])
    for mixed in (["a", None, "a"], ["1", 1, 1.0], ["a", np.nan, "a"]):
        assert _grouping._changes(pd.Series(mixed, dtype=object)) is None
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"m": pd.Series(np.repeat(np.array(["x1", "x2", "y"], dtype=object),
                                                400), dtype=object),
                       "r": rng.normal(size=1200)})
    assert _grouping._run_starts(df[["m"]]) is not None
    got = check_groups(df, "r", by="m")
    assert list(got.samples) == ["x1", "x2", "y"]
    for i, key in enumerate(["x1", "x2", "y"]):
        np.testing.assert_array_equal(got.samples[key].values,
                                      df["r"].to_numpy()[400 * i:400 * (i + 1)])


def test_first_rows_in_one_pass_and_by_sorting_codes_in_another_order() -> None:
    """Review 410: first_rows sorted every code (np.unique: 0.7 s at 10^7 rows). Codes in
    order of first appearance are read by their running maximum; others still sort."""
    from tailstat.data._grouping import first_rows

    rng = np.random.default_rng(0)
    keys = rng.integers(0, 50, 10_000)
    codes = pd.factorize(keys, sort=False)[0]
    want = np.unique(codes, return_index=True)[1]
    np.testing.assert_array_equal(first_rows(codes), want)
    shuffled = np.array([3, 1, 3, 0, 2, 1])  # not in order of appearance
    np.testing.assert_array_equal(first_rows(shuffled), [3, 1, 4, 0])
    assert first_rows(np.array([], dtype=np.int64)).size == 0
    np.testing.assert_array_equal(first_rows(np.array([0, 1, -1, 1])), [2, 0, 1])  # sorted
