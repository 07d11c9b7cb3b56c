"""The intake policy for files: ``read_table`` and the CSV dialects ``check_sample`` reads.

The rules are in ``tailstat/data/intake.py`` and ``tailstat/data/readers.py``; the in-memory
half of the policy is in ``tests/test_intake.py``. Every rejection is a
:class:`tailstat.DataError` whose message names the problem and the fix.
"""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
from _helpers import raises_data_error
from _helpers import write_table as _write

import tailstat as ts
from tailstat.data import check_sample, read_table

#: A continuous, positive, heavy-tailed reward sample (the same as tests/test_intake.py's X).
X = np.random.default_rng(20240917).pareto(2.0, 60) + 1.0


# --------------------------------------------------------------------------------------------
# read_table
# --------------------------------------------------------------------------------------------


def test_read_table_reads_files_and_polars(tmp_path):
    df = pd.DataFrame({"reward": X, "model": "a"})
    for kind in ("parquet", "csv"):
        out = read_table(_write(tmp_path, kind, df))
        assert isinstance(out, pd.DataFrame)
        np.testing.assert_array_equal(out["reward"].to_numpy(), X)
    out = read_table(pl.DataFrame({"reward": X}))
    assert isinstance(out, pd.DataFrame)
    np.testing.assert_array_equal(out["reward"].to_numpy(), X)
    # anything else passes through untouched (same object)
    assert read_table(X) is X
    assert read_table(df) is df


def test_missing_file(tmp_path):
    path = tmp_path / "nope.parquet"
    with raises_data_error("not found", "nope.parquet", "check the path"):
        read_table(path)
    with raises_data_error("not found"):
        check_sample(str(path))


def test_a_name_too_long_for_a_path_is_a_data_error_not_an_os_error(tmp_path):
    # text passed where a path was expected: [Errno 36] File name too long, bare
    text = "x" * 5000
    with raises_data_error("5000 characters", "not a file name", "rewards themselves"):
        ts.analyze(text)
    with raises_data_error("not a file name"):
        read_table(str(tmp_path / ("r" * 300 + ".csv")))


def test_unknown_file_extension(tmp_path):
    path = tmp_path / "rewards.xlsx"
    path.write_text("reward\n1\n")
    with raises_data_error("unknown file type", ".xlsx", ".parquet", ".csv", ".jsonl",
                           "dataframe"):
        check_sample(path)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"rewards{suffix}"
    path.touch()
    with raises_data_error("empty", "no rewards"):
        check_sample(path)


@pytest.mark.parametrize(("header", "by"), [("reward", None), ("reward,g", "g"),
                                           ("reward\tg", None)])
def test_a_csv_of_only_a_header_has_no_rows(tmp_path, header, by):
    """It was "no numeric column to analyse; the data has columns ['reward'] and none holds
    numbers" (with by= naming only the other columns); ``tailstat report`` said "no rows"."""
    path = tmp_path / ("h.tsv" if "\t" in header else "h.csv")
    path.write_text(header + "\n", encoding="utf-8")
    words = ("has no rows (only a header?)", "holds no rewards", path.name)
    with raises_data_error(*words):
        read_table(path)
    with raises_data_error(*words):
        ts.data.check_groups(path, by=by)
    with raises_data_error(*words):
        check_sample(path, "reward")
    parquet = tmp_path / "h.parquet"  # any file: the rows are what is missing
    pd.DataFrame({"reward": pd.Series([], dtype=float), "g": "a"}).to_parquet(parquet)
    with raises_data_error("input file", "has no rows", "h.parquet"):
        ts.analyze(parquet, by="g")


def test_directory_is_not_a_file(tmp_path):
    with raises_data_error("directory", ".parquet"):
        check_sample(tmp_path)


# --------------------------------------------------------------------------------------------
# CSV dialects (issue 11)
# --------------------------------------------------------------------------------------------

def _write_text(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_semicolons_and_decimal_commas_is_read_right(tmp_path):
    lines = ["model;reward;gold"] + [f"m{i % 2};{v:.6f};{-v:.6f}".replace(".", ",")
                                     for i, v in enumerate(X)]
    path = _write_text(tmp_path, "eu.csv", "\n".join(lines) + "\n")
    s = check_sample(path, "reward")
    np.testing.assert_allclose(s.values, X, atol=1e-6)
    df = read_table(path)
    assert list(df.columns) == ["model", "reward", "gold"]
    assert isinstance(df.index, pd.RangeIndex)


def test_csv_single_column_with_decimal_commas(tmp_path):
    path = _write_text(tmp_path, "one.csv",
                       "reward\n" + "\n".join(f"{v:.4f}".replace(".", ",") for v in X) + "\n")
    np.testing.assert_allclose(check_sample(path).values, X, atol=1e-4)


def test_tab_and_pipe_separated_csv(tmp_path):
    for sep in ("\t", "|"):
        path = _write_text(tmp_path, "t.csv", "model" + sep + "reward\n"
                           + "\n".join(f"a{sep}{v!r}" for v in X.tolist()) + "\n")
        np.testing.assert_array_equal(check_sample(path, "reward").values, X)


def test_csv_header_with_a_separator_is_refused(tmp_path):
    path = _write_text(tmp_path, "bad.csv", "a;b\n1;2\n3;4;5\n6;7\n8;9\n10;11\n")
    with raises_data_error("misread", "header", "'a;b'", "bad.csv"):
        read_table(path)
    # ';' in a name and in every data line: the file may be split at either
    path = _write_text(tmp_path, "both.csv", "a;b,c\n" + "1;x,y\n" * 20)
    with raises_data_error("misread", "header", "'a;b'", "every line of data"):
        read_table(path)


@pytest.mark.parametrize(("name", "frame"), [
    ("comma.csv", {"log p(y|x)": X, "model": "a"}),
    ("one.csv", {"log p(y|x)": X}),
    ("texts.csv", {"log p(y|x)": X, "prompt": ["a|b", "c"] * 30}),
    ("pipe.csv", {"log p(y,x)": X, "model": "a"}),
    ("tab.tsv", {"reward (a; b)": X, "model": "a"}),
    ("eu.csv", {"reward (a, b)": X, "model": "a"}),  # ';' and decimal commas
    ("eu-pipe.csv", {"log p(y,x)": X, "model": "a"}),  # '|' and decimal commas
])
def test_a_separator_inside_a_header_name_is_part_of_the_name(tmp_path, name, frame):
    """``df.to_csv(index=False)`` of a column named 'log p(y|x)' was refused as misread
    ("contains the separator '|'"): a separator in a name is a sign of a misread only when
    it splits every data line too."""
    df = pd.DataFrame(frame)
    sep = {"pipe.csv": "|", "tab.tsv": "\t", "eu.csv": ";", "eu-pipe.csv": "|"}.get(name, ",")
    path = tmp_path / name
    df.to_csv(path, index=False, sep=sep, decimal="," if name.startswith("eu") else ".")
    out = read_table(path)
    assert list(out.columns) == list(df.columns)
    np.testing.assert_array_equal(out[df.columns[0]].to_numpy(), X)
    assert check_sample(path, str(df.columns[0])).n == len(X)


def test_csv_decimals_split_at_commas_are_refused(tmp_path):
    text = "reward,gold\n" + "\n".join(f"{i},{(7 * i) % 100:02d}" for i in range(1, 60)) + "\n"
    path = _write_text(tmp_path, "split.csv", text)
    with raises_data_error("misread", "decimal comma", "'reward'", "'gold'", "split.csv"):
        check_sample(path, "reward")
    # the file that reaches the check for real: scores with decimal commas, no header line
    # (its first line is numbers, split like the rest): refused, whatever the integer parts
    text = "\n".join(f"{v:.2f}".replace(".", ",") for v in X) + "\n"
    path = _write_text(tmp_path, "noheader.csv", text)
    with raises_data_error("misread", "decimal comma", "'column_1'", "'column_2'"):
        check_sample(path, "column_1")  # refused before the "no header line" warning


@pytest.mark.parametrize("codes", ["groups", "ids"])
def test_whole_number_scores_next_to_zero_padded_codes_are_read(tmp_path, codes):
    """``df.to_csv(index=False)`` of integer rewards beside zero-padded codes was refused as
    decimals split at a comma, the message suggesting that very command: a header naming
    both columns is overruled only when the whole numbers are nearly all different."""
    n = 6000
    reward = np.random.default_rng(5).integers(1, 6, n)
    key = [f"{i % 10:02d}" if codes == "groups" else f"{i:05d}" for i in range(n)]
    path = tmp_path / "zp.csv"
    pd.DataFrame({"reward": reward, "group": key}).to_csv(path, index=False)
    out = read_table(path)
    np.testing.assert_array_equal(out["reward"].to_numpy(), reward)
    assert check_sample(path, "reward").n == n
    if codes == "groups":
        assert len(ts.data.check_groups(path, "reward", by="group").samples) == 10


def test_decimal_commas_under_a_header_of_two_names_are_still_refused(tmp_path):
    """Rewards in [0, 6) with two decimals written "1,04" under a header "a,b": the integer
    parts repeat (as scores beside codes do), but the zero-padded halves are dense digits
    (most of 00-99 present), which codes are not. The rule that let codes through read these
    silently as two integer columns."""
    v = np.random.default_rng(0).uniform(0, 6, 500)
    path = tmp_path / "dc.csv"
    path.write_text("a,b\n" + "".join(f"{x:.2f}".replace(".", ",") + "\n" for x in v),
                    encoding="utf-8")
    with raises_data_error("looks misread", "'a' and 'b'"):
        read_table(path)


@pytest.mark.parametrize(("suffix", "cols"), [(".txt", 1), (".csv", 1), (".csv", 2)])
def test_a_file_of_scores_without_a_header_line_keeps_its_first_row(tmp_path, suffix, cols):
    """One score per line (np.savetxt): the first score was taken as the column name, and
    lost (n - 1 rows, a group named after a number)."""
    x = np.random.default_rng(0).normal(size=(500, cols))
    path = tmp_path / f"scores{suffix}"
    np.savetxt(path, x, delimiter=",")
    with pytest.warns(ts.TailstatWarning, match="no header line"):
        df = read_table(path)
    assert df.shape == (500, cols)
    assert list(df.columns) == (["reward"] if cols == 1 else ["column_1", "column_2"])
    np.testing.assert_array_equal(df.to_numpy(), x)


def test_the_header_pandas_writes_for_an_unnamed_series_is_a_header(tmp_path):
    """``pd.Series(x).to_csv(index=False)`` writes the header "0": read as a score it became
    the maximum of negative scores (P(heavy) 0.03 -> 0.29). Scores on a whole-number scale
    whose first line is 0 stay data (with the warning), as a line of scores must."""
    x = -3 + 0.5 * np.random.default_rng(0).normal(size=5000)
    path = tmp_path / "neg.csv"
    pd.Series(x).to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "no header line" warning either
        sample = check_sample(path)
    assert sample.n == 5000 and sample.name == "0"
    np.testing.assert_array_equal(sample.values, x)
    frame = tmp_path / "two.csv"
    pd.DataFrame(np.c_[x, x + 1]).to_csv(frame, index=False)  # header "0,1"
    assert list(read_table(frame).columns) == ["0", "1"] and len(read_table(frame)) == 5000
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("0\n" + "\n".join(str(v % 10) for v in range(300)) + "\n")
    with pytest.warns(ts.TailstatWarning, match="no header line"):
        assert check_sample(ratings).n == 301


def test_csv_with_leading_zero_codes_and_decimal_points_is_fine(tmp_path):
    text = "zip,id,reward\n" + "\n".join(f"{i},{i:05d},{v!r}"
                                          for i, v in enumerate(X.tolist())) + "\n"
    path = _write_text(tmp_path, "codes.csv", text)
    np.testing.assert_array_equal(check_sample(path, "reward").values, X)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_a_repeated_header_name_in_a_csv_is_the_dataframe_error(tmp_path, sep):
    """pandas renames a repeated name (reward, reward.1): the file must not then analyse the
    first of them silently, nor accept a column name it does not have."""
    import tailstat as ts

    rng = np.random.default_rng(17)
    lines = [sep.join(["model", "reward", "reward"])]
    lines += [sep.join([m, f"{a:.6f}", f"{b:.6f}"])
              for m, a, b in zip(np.repeat(["a", "b"], 300), rng.normal(size=600),
                                 rng.normal(size=600), strict=True)]
    path = tmp_path / ("dup.tsv" if sep == "\t" else "dup.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with raises_data_error("'reward' appears 2 times"):
        ts.analyze(path, "reward", by="model")
    with raises_data_error("unknown column 'reward.1'"):
        ts.analyze(path, "reward.1", by="model")
    # a header without repeats keeps pandas' names (an empty name is still 'Unnamed: 0')
    ok = tmp_path / "ok.csv"
    ok.write_text(",r\n0,1.5\n1,2.5\n", encoding="utf-8")
    assert list(read_table(ok).columns) == ["Unnamed: 0", "r"]


@pytest.mark.parametrize(("name", "text", "words"), [
    ("one.json", '{"a": 1, "b": "x"}', ("one object of single values", "list of records")),
    ("ragged.json", '{"chosen": [1, 2, 3], "rejected": [1, 2]}',
     ("different lengths", "'chosen' 3", "'rejected' 2")),
    ("broken.json", '[{"reward": 1.0}, {"reward": ', ("Expecting value", "line 1 column 30")),
    ("cut.jsonl", '{"reward": 1.0}\n{"reward": 2.0}\n{"reward": 3.0',
     ("line 3 is not a complete JSON record",)),
])
def test_json_files_that_are_not_tables_say_why_in_the_users_terms(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with raises_data_error(*words):
        read_table(path)


def test_read_table_refuses_reader_options_the_file_does_not_take(tmp_path):
    """``read_table("g.csv", scores="margin")`` returned the plain table: the caller believed
    they had margins (the command line refused the same options)."""
    path = tmp_path / "g.csv"
    pd.DataFrame({"reward": np.arange(100.0)}).to_csv(path, index=False)
    with raises_data_error("scores= is for RewardBench outputs", "plain table"):
        read_table(path, scores="margin")
    with raises_data_error("step_bins= is for TRL completion logs"):
        read_table(path, step_bins=3)
    with raises_data_error("by= is for TRL completion logs"):
        read_table(path, by="step")
    assert read_table(path).shape == (100, 1)


@pytest.mark.parametrize(("name", "encoding", "words"), [
    ("cp.csv", "cp1252", "not UTF-8 text"),
    ("u16.csv", "utf-16", "UTF-16 text"),
    ("u16.txt", "utf-16", "UTF-16 text"),
])
def test_excel_encodings_are_named_with_the_fix(tmp_path, name, encoding, words):
    """Excel's plain CSV (Windows-1252) gave the codec's raw message; its 'Unicode Text'
    (UTF-16, tab-separated .txt) "does not look like a table of scores"."""
    rng = np.random.default_rng(0)
    sep = "\t" if name.endswith(".txt") else ";"
    text = f"Modèle{sep}Récompense\n" + "\n".join(
        f"a{sep}{v:.4f}".replace(".", ",") for v in rng.normal(size=200)) + "\n"
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    with raises_data_error(words, "Save it as UTF-8", "CSV UTF-8"):
        check_sample(path, "Récompense")


def test_a_one_column_files_empty_lines_are_missing_scores(tmp_path):
    """An empty line of a one-column file is an empty field, as pandas before 3 (and writers
    that print a missing value as nothing) write a NaN. Skipped, the file read back had fewer
    missing values than the same scores beside a second column (a review: n_missing 1 and
    2), and a position named in a message was off by the lines skipped."""
    x = np.random.default_rng(0).standard_normal(300)
    x[[5, 6, 200]] = np.nan
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    text = ["" if np.isnan(v) else repr(float(v)) for v in x]
    one.write_text("reward\n" + "\n".join(text) + "\n")
    two.write_text("reward,g\n" + "\n".join(f"{t},0" for t in text) + "\n")
    for path in (one, two):
        s = check_sample(path, column="reward")
        assert s.n_nan_dropped == 3 and s.n == 297
    text[250] = "inf"
    one.write_text("reward\n" + "\n".join(text) + "\n")
    with raises_data_error("position 250"):
        check_sample(one, column="reward")


def test_a_json_file_that_is_not_utf8_is_not_told_about_excel(tmp_path):
    """A review: a Latin-1 .jsonl got the CSV advice (Excel's 'CSV UTF-8',
    pandas.read_csv)."""
    path = tmp_path / "l1.jsonl"
    path.write_bytes(b'{"reward": 1.0}\n{"reward": 2.0, "name": "caf\xe9"}\n')
    with raises_data_error("not UTF-8 text", "read_json(path, lines=True, encoding=...)"):
        check_sample(path, column="reward")
    try:
        check_sample(path, column="reward")
    except ts.DataError as exc:
        assert "Excel" not in str(exc) and "read_csv" not in str(exc)


def test_csv_group_keys_that_are_missing_words_stay_groups(tmp_path) -> None:
    """A review: the region keys "NA" (North America) and "null" were read as missing and
    merged into one '<NA>' group (a JSON-lines file kept three groups). A column of text keeps
    such words as written; a column of numbers still reads them as missing; an empty field
    is missing in both."""
    from tailstat.data import read_table

    rng = np.random.default_rng(0)
    rows = [f"{k},{rng.normal():.6f}" for _ in range(100) for k in ("NA", "EU", "null")]
    rows += ["NA,NA", "EU,null", ",1.5", "EU,nan"]
    path = tmp_path / "regions.csv"
    path.write_text("region,reward\n" + "\n".join(rows) + "\n")
    t = read_table(path)
    assert t["reward"].dtype == np.float64 and int(t["reward"].isna().sum()) == 3
    assert t["region"].value_counts(dropna=False).to_dict() == {"NA": 101, "EU": 102,
                                                                "null": 100, np.nan: 1}
    eu = tmp_path / "eu.csv"  # a decimal comma, with a missing word among the numbers
    eu.write_text("g;r\nNA;1,5\nEU;NA\nEU;-2,25\n")
    t = read_table(eu)
    assert t["r"].tolist()[0] == 1.5 and np.isnan(t["r"].tolist()[1])
    assert t["r"].tolist()[2] == -2.25 and t["g"].tolist() == ["NA", "EU", "EU"]
    # identifiers with a leading zero stay text ('01' and '1' two keys); True / False with a
    # missing word are booleans with a missing value (gold preferences on some rows)
    ids = tmp_path / "ids.csv"
    ids.write_text("k,r,pref\n01,1.0,True\n1,2.0,NA\nNA,3.0,False\n")
    t = read_table(ids)
    assert t["k"].tolist() == ["01", "1", "NA"]
    assert str(t["pref"].dtype) == "boolean" and t["pref"].isna().tolist() == [False, True, False]


def test_the_empty_row_check_is_pandas_all_then_any() -> None:
    """A performance review (stop 44): ``df.isna().all(axis=1).any()`` over a whole 10^7-row
    file took 0.4 s of 1.9 s; the check now stops at the first column with no missing
    value, with the same answer (random frames of 0-5 rows, 2-3 columns, 40% missing)."""
    from tailstat.data._files import _some_row_empty

    rng = np.random.default_rng(0)
    for _ in range(500):
        a = rng.random((int(rng.integers(0, 6)), int(rng.integers(2, 4))))
        a[a < 0.4] = np.nan
        df = pd.DataFrame(a)
        df[0] = df[0].astype(object)
        assert _some_row_empty(df) == bool(df.isna().all(axis=1).any())


@pytest.mark.parametrize("suffix", [".csv.gz", ".csv.bz2", ".csv.xz"])
def test_a_decompression_bomb_is_refused_before_memory_runs_out(
        tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """rewards.csv.gz was decompressed whole in memory: 4 MB of gzip took 4 GB, and under a
    memory limit ended as "unexpected MemoryError ... probably a bug in tailstat". It is read
    a chunk at a time and refused once it expands past BOMB_BYTES (here 2 MiB) and
    BOMB_RATIO times its size; a file that compresses less is read whatever its size."""
    import bz2
    import lzma
    import tracemalloc

    from tailstat.data import _files

    monkeypatch.setattr(_files, "BOMB_BYTES", 2 << 20)
    pack = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}[
        "." + suffix.rsplit(".", 1)[1]]
    path = tmp_path / f"bomb{suffix}"
    path.write_bytes(pack(b"reward\n1" + b"0" * (64 << 20)))  # 64 MiB of one byte
    limit = max(2 << 20, _files.BOMB_RATIO * path.stat().st_size)  # 2-13 MiB
    tracemalloc.start()
    try:
        with raises_data_error(f"{path} is", "-compressed and expands to more than",
                               "decompress it yourself"):
            read_table(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < limit + (12 << 20), (peak >> 20, limit >> 20)  # (and xz's decoder)
    rewards = np.random.default_rng(0).normal(size=200_000)  # 4 MB of text, compressed ~2x
    real = tmp_path / f"real{suffix}"
    real.write_bytes(pack(pd.DataFrame({"reward": rewards}).to_csv(index=False).encode()))
    np.testing.assert_array_equal(read_table(str(real))["reward"].to_numpy(), rewards)


def test_a_device_is_refused_rather_than_read_without_end() -> None:
    """/dev/zero (or /dev/urandom) was read until memory ran out (5.5 GB, then "unexpected
    MemoryError"; the machine's memory without a limit): a device is not a file of rewards."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with raises_data_error("input '/dev/zero' is a device", "save the scores to a file"):
        read_table("/dev/zero")


def test_a_folder_of_parquet_files_written_in_parts(tmp_path):
    """A dataset written in parts (pyarrow's ``write_to_dataset`` with hive-style
    ``group=.../`` folders; Spark's ``part-*.parquet`` beside ``_SUCCESS``) was refused as "a
    directory without TRL completion logs"; its folder names are its group column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    groups = np.where(np.arange(X.size) % 2 == 0, "Café", "b=1")
    pq.write_to_dataset(pa.table({"reward": X, "group": groups}), tmp_path / "hive",
                        partition_cols=["group"])
    df = read_table(tmp_path / "hive")
    assert sorted(df.columns) == ["group", "reward"] and len(df) == X.size
    for g in ("Café", "b=1"):
        np.testing.assert_array_equal(np.sort(df.loc[df["group"] == g, "reward"]),
                                      np.sort(X[groups == g]))
    spark = tmp_path / "spark"
    spark.mkdir()
    (spark / "_SUCCESS").write_bytes(b"")
    for i, part in enumerate(np.array_split(X, 3)):
        pq.write_table(pa.table({"reward": part}), spark / f"part-{i:05d}.snappy.parquet")
    np.testing.assert_array_equal(read_table(spark)["reward"].to_numpy(), X)
    (tmp_path / "empty").mkdir()
    with raises_data_error("directory without Parquet files"):
        read_table(tmp_path / "empty")
    # a review: '.pq' parts were left out without a word (half the rows read), and a format
    # given for a folder was ignored
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    half = X.size // 2
    pq.write_table(pa.table({"reward": X[:half]}), mixed / "part-0.parquet")
    pq.write_table(pa.table({"reward": X[half:half + 10]}), mixed / "part-1.pq")
    pq.write_table(pa.table({"reward": X[half + 10:]}), mixed / "part-2.parq")
    np.testing.assert_array_equal(read_table(mixed)["reward"].to_numpy(), X)
    with raises_data_error("is a directory, read as a Parquet dataset", "format='csv'"):
        read_table(mixed, format="csv")


def test_feather_and_arrow_ipc_files(tmp_path):
    """``df.to_feather`` (Arrow IPC), ``.arrow`` files and ``.arrows`` streams were refused as
    of an unknown file type."""
    import pyarrow as pa
    import pyarrow.feather as feather

    table = pa.table({"reward": X, "model": ["a"] * X.size})
    feather.write_feather(table, tmp_path / "s.feather")
    feather.write_feather(table, tmp_path / "s.arrow")
    with pa.OSFile(str(tmp_path / "s.arrows"), "wb") as sink, pa.ipc.new_stream(
            sink, table.schema) as writer:
        writer.write_table(table)
    for name in ("s.feather", "s.arrow", "s.arrows"):
        out = read_table(tmp_path / name)
        assert list(out.columns) == ["reward", "model"]
        np.testing.assert_array_equal(out["reward"].to_numpy(), X)


def test_a_parquet_decimal_column_is_read_as_the_floats_it_writes(tmp_path):
    """Spark writes sums and averages as DECIMAL: read as Decimal objects, the column was
    refused as the default ("holds numbers but is not numeric"). Each value is the float
    nearest its decimal (Arrow's own cast is one unit in the last place off for 1.2345)."""
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    x = np.round(X, 4)
    cells = [None if i == 3 else decimal.Decimal(f"{v:.4f}") for i, v in enumerate(x)]
    pq.write_table(pa.table({"model": ["a"] * x.size,
                             "reward": pa.array(cells, pa.decimal128(12, 4))}),
                   tmp_path / "d.parquet")
    sample = check_sample(tmp_path / "d.parquet")  # the only numeric column, by default
    assert sample.n == x.size - 1 and sample.n_nan_dropped == 1
    np.testing.assert_array_equal(sample.values, np.delete(x, 3))
    one = read_table(pa.table({"r": pa.array([decimal.Decimal("1.2345")])}))["r"]
    assert one.dtype == np.float64 and one[0] == 1.2345


def test_json_lines_in_a_json_file(tmp_path):
    """Hugging Face ``Dataset.to_json`` (and ``DataFrame.to_json(lines=True)``) write JSON
    lines to a ``.json`` file: it was refused ("Extra data: line 2 column 1")."""
    path = tmp_path / "export.json"
    x = np.round(X, 6)  # pandas writes 10 significant digits
    pd.DataFrame({"reward": x, "model": "a"}).to_json(path, orient="records", lines=True)
    np.testing.assert_array_equal(read_table(path)["reward"].to_numpy(), x)


def test_a_named_index_saved_in_parquet_is_a_column(tmp_path):
    """``df.set_index("model").to_parquet`` (or a groupby result saved as it is): pandas
    restores the index, so ``by="model"`` was refused ("unknown by= column 'model'; the data
    has columns ['reward']"); an unnamed index (row numbers) stays out."""
    models = np.where(np.arange(X.size) % 2 == 0, "a", "b")
    frame = pd.DataFrame({"model": models, "reward": X})
    frame.set_index("model").to_parquet(tmp_path / "i.parquet")
    out = read_table(tmp_path / "i.parquet")
    assert list(out.columns) == ["model", "reward"] and isinstance(out.index, pd.RangeIndex)
    np.testing.assert_array_equal(out["reward"].to_numpy(), X)
    assert (out["model"] == models).all()
    frame[frame["reward"] > 1.5].to_parquet(tmp_path / "f.parquet")  # index 0, 3, ...
    assert list(read_table(tmp_path / "f.parquet").columns) == ["model", "reward"]


@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_path_is_refused_not_read_as_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str) -> None:
    """``Path("")`` is ``"."``: an empty shell variable (``tailstat classify "$INPUT"``) read
    every Parquet file of the working folder as the rewards (a review)."""
    pd.DataFrame({"reward": X}).to_parquet(tmp_path / "unrelated.parquet")
    monkeypatch.chdir(tmp_path)
    for call in (lambda: check_sample(given), lambda: ts.classify(given),
                 lambda: read_table(given)):
        with raises_data_error("the input path is empty"):
            call()
    pytest.importorskip("dask")
    import tailstat.dask as tsd

    with raises_data_error("the input path is empty"):
        tsd.analyze(given)



def test_csv_group_keys_made_only_of_missing_words_stay_groups(tmp_path) -> None:
    """A review: a key column holding only "NA" and "nan" (or "NA" and empty fields) had no
    other label to show it was text, and was read as all missing: one '<NA>' group of 600
    rows. Words that differ, with no number among them, are labels; one word alone (a reward
    or gold column written all "NA") is still missing."""
    from tailstat.data import read_table

    rng = np.random.default_rng(0)
    path = tmp_path / "keys.csv"
    path.write_text("g,r,gold\n" + "\n".join(
        f"{'NA' if i < 3 else 'nan'},{rng.normal():.6f},NA" for i in range(6)) + "\n")
    t = read_table(path)
    assert t["g"].tolist() == ["NA"] * 3 + ["nan"] * 3
    assert t["gold"].isna().all()  # one word throughout: missing, as pandas reads it
    blank = tmp_path / "blank.csv"
    blank.write_text("g,r\nNA,1.0\n,2.0\nNA,3.0\n")
    assert read_table(blank)["g"].tolist()[::2] == ["NA", "NA"]
    assert pd.isna(read_table(blank)["g"].tolist()[1])
