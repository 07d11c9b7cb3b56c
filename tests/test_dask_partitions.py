"""Parquet folders partitioned by key (``key=value/``) under ``tailstat.dask.analyze`` read as
``tailstat.analyze`` reads them (``tailstat/data/shards.py``): the keys as text, whole numbers
as integers, Spark's null partition as a missing key."""

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


def _groups(f, path: Path, by: str) -> list:
    with warnings.catch_warnings(), dask.config.set(scheduler="synchronous"):
        warnings.simplefilter("ignore", ts.TailstatWarning)
        table = f(str(path), "r", by=by).to_frame()
    return list(zip(table["group"], table["n"], strict=True))


def _folders(root: Path, key: str, names: list[str], size: int = 400) -> Path:
    rng = np.random.default_rng(0)
    for name in names:
        (root / f"{key}={name}").mkdir(parents=True)
        pd.DataFrame({"r": rng.normal(size=size)}).to_parquet(
            root / f"{key}={name}" / "part.parquet")
    return root


@pytest.mark.parametrize("names", [["1", "01", "2"], ["a", "b", "__HIVE_DEFAULT_PARTITION__"],
                                   ["1", "2", "10", "__HIVE_DEFAULT_PARTITION__"]])
def test_key_folders_read_as_in_memory(tmp_path: Path, names: list[str]) -> None:
    """A review: Dask's own reading refused day=1 beside day=01 ("categories must be unique")
    and a null partition ("no non-null segments"), calling a file damaged, where the
    in-memory reader reads both."""
    root = _folders(tmp_path / "hive", "day", names)
    expected = _groups(ts.analyze, root, "day")
    assert _groups(tsd.analyze, root, "day") == expected
    kinds = {type(g).__name__ for g, _ in expected if str(g) != "<NA>"}
    assert kinds == ({"int"} if names[0] == "1" and "01" not in names else {"str"})


def test_whole_number_keys_beyond_int64_stay_text(tmp_path: Path) -> None:
    """A re-read: s=12345678901234567890 was cast to int64 lazily and failed as "a damaged
    file" under Dask (and with a raw ArrowInvalid in memory)."""
    root = _folders(tmp_path / "hive", "s", ["-3", "12345678901234567890"])
    expected = _groups(ts.analyze, root, "s")
    assert _groups(tsd.analyze, root, "s") == expected
    assert {g for g, _ in expected} == {"-3", "12345678901234567890"}


def test_a_float_maximum_is_located_by_partition_and_row(tmp_path: Path) -> None:
    """A re-read: the largest float (an infinity in disguise) failed its group with its
    position among the group's values of one partition, where an infinity is located by
    partition and row."""
    rng = np.random.default_rng(0)
    for i in range(2):
        r = rng.normal(size=2000)
        if i == 1:
            r[507] = np.finfo(np.float64).max
        pd.DataFrame({"r": r}).to_parquet(tmp_path / f"part{i}.parquet")
    with warnings.catch_warnings(), dask.config.set(scheduler="synchronous"):
        warnings.simplefilter("ignore", ts.TailstatWarning)
        # review 368: named as the rows' message names it, not "infinite ... or float maxima"
        with pytest.raises(ts.DataError, match=r"1 value\(s\) of \+/- the largest float "
                                               r"\(float64's 1.797e308 .*\(the first in "
                                               r"partition 2 of 2, at its row 507"):
            tsd.analyze(str(tmp_path), "r")
        r = rng.normal(size=2000)
        r[3] = -np.inf
        pd.DataFrame({"r": r}).to_parquet(tmp_path / "part0.parquet")
        with pytest.raises(ts.DataError, match=r"2 infinite value\(s\) or float maxima \(1 of "
                                               r"the latter\) \(the first in partition 1 of 2, "
                                               r"at its row 3"):
            tsd.analyze(str(tmp_path), "r")
        (tmp_path / "part1.parquet").unlink()
        with pytest.raises(ts.DataError, match=r"1 infinite value\(s\) \(the first in "):
            tsd.analyze(str(tmp_path), "r")


def test_a_glob_of_key_folder_files_reads_the_keys_as_the_folder(tmp_path: Path) -> None:
    """A review: the files of day=1/ and day=01/ given by a glob were left to Dask's own
    reading ("categories must be unique"); a glob of a null partition's files was "damaged"."""
    for names in (["1", "01", "2"], ["a", "__HIVE_DEFAULT_PARTITION__"]):
        root = _folders(tmp_path / names[1], "day", names)
        expected = _groups(ts.analyze, root, "day")
        assert _groups(tsd.analyze, root / "*" / "*.parquet", "day") == expected


def test_mixed_key_layouts_are_refused_by_name(tmp_path: Path) -> None:
    """A review: files under model=a/ beside a file at the top, or year=/ beside month=/,
    failed with a raw KeyError from inside a worker ("a bug in tailstat" on the CLI)."""
    root = _folders(tmp_path / "mixed", "model", ["a", "b"])
    pd.DataFrame({"r": np.ones(5)}).to_parquet(root / "top.parquet")
    other = _folders(tmp_path / "ym", "year", ["2024"])
    _folders(other, "month", ["5"])
    for path, words in ((root, r"'.*top.parquet' under no key folder"),
                        (other, r"under the key folders month=...")):
        with pytest.raises(ts.DataError, match=r"lie in different key=value folders.*" + words
                           + r".*tailstat.analyze reads a key a file lacks as missing"):
            _groups(tsd.analyze, path, "model")
    order = tmp_path / "order"  # the same keys in another order: one layout
    for a, b in (("year=1", "month=2"), ("month=3", "year=4")):
        (order / a / b).mkdir(parents=True)
        pd.DataFrame({"r": np.random.default_rng(1).normal(size=300)}).to_parquet(
            order / a / b / "p.parquet")
    assert _groups(tsd.analyze, order, "year") == _groups(ts.analyze, order, "year")


@pytest.mark.parametrize("reader", [ts.analyze, tsd.analyze])
def test_a_key_that_is_also_a_column_is_refused(tmp_path: Path, reader) -> None:
    """A review: a file with a model column in model=a/ had its column overwritten by the
    folder's value in memory (8,900 rows relabelled), and failed with a raw ArrowTypeError
    under Dask."""
    root = tmp_path / "dup"
    for name in ("a", "b"):
        (root / f"model={name}").mkdir(parents=True)
        pd.DataFrame({"r": np.arange(300.0), "model": ["x", "y", "z"] * 100}).to_parquet(
            root / f"model={name}" / "p.parquet")
    with pytest.raises(ts.DataError, match=r"has a column 'model' and lies in a key=value "
                                           r"folder model=\.\.\..*Drop the column"):
        _groups(reader, root, "model")


def test_the_driver_gets_one_key_row_per_group(tmp_path: Path, monkeypatch) -> None:
    """A review: every partition's key rows were concatenated on the driver (40 partitions of
    5,000 groups: 196,282 rows); a tree of merges hands it one row per group, in the same
    order and with the same counts as the table in memory."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"r": rng.normal(size=24 * 300),
                       "g": pd.Categorical(rng.choice(list("abcdefghij"), size=24 * 300),
                                           categories=list("jihgfedcba"))})
    seen: list[int] = []
    real = tsd._key_table

    def spy(counted, by):
        seen.append(sum(len(f) for f in counted))
        return real(counted, by)

    monkeypatch.setattr(tsd, "_key_table", spy)
    with warnings.catch_warnings(), dask.config.set(scheduler="synchronous"):
        warnings.simplefilter("ignore", ts.TailstatWarning)
        got = tsd.analyze(dd.from_pandas(df, npartitions=24), "r", by="g").to_frame()
        want = ts.analyze(df, "r", by="g").to_frame()
    assert seen == [10]
    assert got[["group", "n"]].values.tolist() == want[["group", "n"]].values.tolist()


def test_a_damaged_shard_of_a_key_folder_is_named(tmp_path: Path) -> None:
    """A review: the key folders' column check read the footers outside any guard, and a
    damaged first shard raised a raw ArrowInvalid."""
    root = _folders(tmp_path / "bad", "day", ["1", "2"])
    (root / "day=1" / "part.parquet").write_bytes(b"not parquet")
    for path in (root, root / "*" / "*.parquet"):
        with pytest.raises(ts.DataError, match=r"could not read the Parquet shard .*day=1"):
            _groups(tsd.analyze, path, "day")


def test_a_file_in_a_key_folder_keeps_its_own_column(tmp_path: Path) -> None:
    """A review: a lone file in model=a/, or the folder model=a/ given itself, had Dask read
    the key from the whole path and fail on the file's own model column (ArrowTypeError),
    where the in-memory reader reads the file's column."""
    folder = tmp_path / "model=a"
    folder.mkdir()
    pd.DataFrame({"r": np.random.default_rng(0).normal(size=600),
                  "model": ["x", "y"] * 300}).to_parquet(folder / "p.parquet")
    for path in (folder / "p.parquet", folder):
        assert _groups(tsd.analyze, path, "model") == _groups(ts.analyze, path, "model")
        assert [g for g, _ in _groups(tsd.analyze, path, "model")] == ["x", "y"]


def test_every_path_counts_a_ceiling_alike(tmp_path: Path) -> None:
    """A review: binary rewards (half at 1, a fifth missing) read "at least 14,731 scores
    (9%) equal the maximum" in analyze, 17,101 by Dask, 29,462 from a sketch and 79,898 (the
    truth) by classify: each path counted what it held. Sketches count the maximum exactly."""
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 200_000).astype(float)
    y[rng.random(y.size) < 0.2] = np.nan
    frame = pd.DataFrame({"g": "bin", "r": y})
    frame.to_parquet(tmp_path / "p.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        said = [ts.analyze(frame, "r", by="g").to_frame()["warnings"][0],
                tsd.analyze(str(tmp_path), "r", by="g").to_frame()["warnings"][0],
                ts.analyze({"bin": ts.TailSketch.from_sample(y)}).to_frame()["warnings"][0]]
        said.append(" | ".join(ts.classify(y, warn=False).warnings))
    true = int(np.count_nonzero(y == 1.0))
    for text in said:
        assert f"{true:,} scores (50%) equal the maximum 1, all " in text
        assert "at least" not in text


def test_a_folder_is_analysed_again_in_the_same_process(tmp_path: Path) -> None:
    """A review: the second tailstat.dask.analyze(..., by=...) of a folder of 34 or more files
    with a column it does not read failed with Dask's TokenizationError (a plan Dask cached
    in the first call), and every later one; a notebook or a service calls it many times."""
    rng = np.random.default_rng(0)
    for i in range(34):
        pd.DataFrame({"model": rng.choice(["a", "b"], 300), "reward": rng.normal(size=300),
                      "pad": rng.normal(size=300)}).to_parquet(tmp_path / f"p{i:02d}.parquet",
                                                               index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        first = tsd.analyze(str(tmp_path), "reward", by="model")
        again = tsd.analyze(str(tmp_path), "reward", by="model")
    pd.testing.assert_frame_equal(first.table, again.table)


def test_a_column_of_text_in_one_shard_and_numbers_in_another_is_refused(
        tmp_path: Path) -> None:
    """A review: one shard writing the models '1', '2' as text and three as integers made
    four groups, 1 and '1' apart, without a word (the in-memory reader refuses the folder).
    Widths may differ (int32 beside int64, float32 beside float64)."""
    rng = np.random.default_rng(0)
    for i in range(4):
        m = rng.choice([1, 2], 500)
        pd.DataFrame({"model": m.astype(str) if i == 0 else m,
                      "reward": rng.normal(size=500)}).to_parquet(tmp_path / f"p{i}.parquet",
                                                                 index=False)
    with pytest.raises(ts.DataError, match=r"column 'model' holds numbers \(int64\) in the "
                                           r"Parquet shard .*p1\.parquet' and text in"):
        tsd.analyze(str(tmp_path), "reward", by="model")
    wide = tmp_path / "wide"
    wide.mkdir()
    for i, (key, val) in enumerate([("int32", "float32"), ("int64", "float64")]):
        pd.DataFrame({"model": rng.choice([1, 2], 500).astype(key),
                      "reward": rng.normal(size=500).astype(val)}).to_parquet(
                          wide / f"p{i}.parquet", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        assert set(tsd.analyze(str(wide), "reward", by="model").table["group"]) == {1, 2}


def test_group_sketches_are_read_only_and_hold_sketches_or_errors() -> None:
    """A review: GroupSketches is a frozen result, yet gs.items['zz'] = 1 was taken (then
    analyze_sketches crashed with an AttributeError) and its sketches could be updated in
    place, behind its sizes. Its mappings refuse changes, its sketches are read-only copies
    (the caller's stays as it was), and an item that is neither a sketch nor the DataError
    ruling its group out is refused up front."""
    rng = np.random.default_rng(0)
    mine = ts.TailSketch.from_sample(rng.standard_normal(2000))
    gs = tsd.GroupSketches(items={"a": mine, "b": ts.DataError("too few")},
                           sizes={"a": 2000, "b": 3})
    with pytest.raises(TypeError):
        gs.items["zz"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        gs.sizes["a"] = 5  # type: ignore[index]
    held = gs.items["a"]
    assert held is not mine and held.n == mine.n == 2000
    with pytest.raises(ts.DataError, match=r"belongs to a result .an analysis, whose table.* "
                       r"or sketch_groups' GroupSketches. and is read-only"):
        held.update(rng.standard_normal(10))
    mine.update(rng.standard_normal(10))  # the caller's sketch is still theirs
    assert mine.n == 2010 and gs.items["a"].n == 2000
    with pytest.warns(ts.TailstatWarning, match="1 of 2 groups could not be analysed"):
        table = tsd.analyze_sketches(gs).table
    assert list(table["group"]) == ["a", "b"] and table["n"].iloc[0] == 2000
    with pytest.raises(ts.DataError, match="maps to neither"):
        tsd.GroupSketches(items={"a": "not a sketch"})
    with pytest.raises(ts.DataError, match=r"must map each group key .* got a list"):
        tsd.GroupSketches(items=[mine])  # type: ignore[arg-type]


def test_dask_is_told_what_a_partitions_sketches_weigh() -> None:
    """Review 410: Dask's generic guess was about 185 bytes a sketch, whatever it held (a
    partition of 10^4 groups' sketches, 18 MB, read 2 MB), so it could neither spill them
    nor plan; a run of 10^4 groups on 1 GB workers stalled. A worker's task now registers
    TailSketch.nbytes: its values and its bookkeeping."""
    from dask.sizeof import sizeof

    from tailstat.dask import _tell_dask_sizes

    rng = np.random.default_rng(0)
    sketches = {g: ts.TailSketch(capacity=2000).update(rng.normal(size=5000))
                for g in range(200)}
    _tell_dask_sizes()
    one = sketches[0]
    assert one.nbytes >= 2000 * 8 + 1000
    assert sizeof(one) == one.nbytes
    assert sizeof(sketches) >= 200 * 2000 * 8
