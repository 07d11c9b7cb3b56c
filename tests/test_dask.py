"""tailstat.dask.analyze on a real two-process Dask cluster: identical to tailstat.analyze.

Parquet shards of a table with a heavy (Cauchy), a light and a bounded group (2·10^4 rows
each, a few NaN), a group too small and a constant one, shuffled over 6 files; the Dask
analysis must give the in-memory analysis of the concatenated table exactly: same groups in the same
order, labels, probabilities (bit for bit), n, estimates, heavy flags and failure reasons.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="needs Dask: pip install 'tailstat[dask]'")
distributed = pytest.importorskip("dask.distributed",
                                  reason="needs dask.distributed: pip install 'tailstat[dask]'")

from _helpers import raises_data_error  # noqa: E402

import tailstat as ts  # noqa: E402
import tailstat.dask as tsd  # noqa: E402
from tailstat.cli import main  # noqa: E402
from tailstat.sketch import TailSketch  # noqa: E402

N = 20_000
SHARDS = 6


def _table(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = {"heavy": rng.standard_cauchy(N), "light": rng.normal(size=N),
             "bounded": rng.beta(2, 2, N), "tiny": np.array([1.0, 2.0, 3.0]),
             "flat": np.full(200, 0.5)}
    df = pd.DataFrame({"model": np.repeat(list(parts), [len(v) for v in parts.values()]),
                       "reward": np.concatenate(list(parts.values())),
                       "other": rng.normal(size=sum(len(v) for v in parts.values()))})
    df.loc[rng.choice(3 * N, 25, replace=False), "reward"] = np.nan
    return df.sample(frac=1.0, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("shards")
    df = _table()
    for i, chunk in enumerate(np.array_split(np.arange(len(df)), SHARDS)):
        df.iloc[chunk].to_parquet(folder / f"part-{i:02d}.parquet", index=False)
    return folder, df


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module")
def expected(data: tuple[Path, pd.DataFrame]) -> ts.TailAnalysis:
    return ts.analyze(data[1], "reward", by="model", warn=False)


def _same(got: ts.TailAnalysis, want: ts.TailAnalysis) -> None:
    """The Dask analysis is the in-memory one: every column of its table, exactly."""
    cols = list(want.table.columns)
    pd.testing.assert_frame_equal(got.table[cols], want.table[cols], check_exact=True)
    assert list(got.classifications) == list(want.classifications)
    for key, c in want.classifications.items():
        d = got.classifications[key]
        assert (d.label, d.subtype, d.n, d.k) == (c.label, c.subtype, c.n, c.k)
        for lab, p in c.probabilities.items():
            assert abs(d.probabilities[lab] - p) <= 1e-12
            assert d.probabilities[lab] == p  # exactly: the same order statistics
        assert d.xi == c.xi and d.theta == c.theta
    assert got.failures == want.failures
    assert list(got.sketches) == list(want.sketches)  # the report draws from these
    for key, w in want.sketches.items():
        g = got.sketches[key]
        assert (g.n, g.n_nan_dropped, g.minimum, g.maximum) == (w.n, w.n_nan_dropped,
                                                               w.minimum, w.maximum)
        assert g.k_max >= w.k_max and np.array_equal(g.top[: w.k_max + 1], w.top)


def test_glob_on_a_cluster_is_identical_to_in_memory(data, client, expected) -> None:
    folder, df = data
    res = tsd.analyze(str(folder / "*.parquet"), "reward", by="model", client=client,
                      warn=False)
    _same(res, expected)
    t = res.table.set_index("group")
    assert t.loc["heavy", "label"] == "heavy"  # Cauchy
    assert "constant" in t.loc["flat", "error"] and "only 3 value" in t.loc["tiny", "error"]
    nan = df["reward"].isna().groupby(df["model"]).sum()
    assert {k: t.loc[k, "n_missing"] for k in nan.index} == nan.to_dict()
    assert res.settings["engine"] == "dask" and res.settings["path"] is None
    assert res.settings["partitions"] == SHARDS
    json.dumps(res.to_dict(), allow_nan=False)


def test_list_of_paths_and_scheduler_address(data, client, expected) -> None:
    folder, _ = data
    paths = sorted(folder.glob("*.parquet"))
    res = tsd.analyze([str(p) for p in paths], "reward", by=["model"],
                      client=client.scheduler.address, warn=False)
    _same(res, expected)
    assert res.settings["paths"] == tuple(str(p) for p in paths)  # to read them again
    # the settings' keys are those of an analysis of rows (a review: no read_options)
    assert set(expected.settings) <= set(res.settings) and res.settings["read_options"] is None


def test_dask_dataframe_with_the_active_scheduler(data, expected) -> None:
    """A Dask DataFrame (no client: Dask's default local scheduler), other partitioning."""
    ddf = dd.from_pandas(data[1], npartitions=5)
    res = tsd.analyze(ddf, "reward", by="model", warn=False)
    _same(res, expected)
    assert res.settings["paths"] is None


def test_merged_sketches_hold_the_exact_top(data, client) -> None:
    folder, df = data
    sk = tsd.sketch_groups(str(folder), "reward", by="model", capacity=500, client=client,
                           split_every=2)
    for key in ("heavy", "light", "bounded"):
        s = sk.items[key]
        assert isinstance(s, TailSketch)
        values = df.loc[df.model == key, "reward"].dropna().to_numpy()
        assert s.n == values.size and s.capacity == 500
        assert np.array_equal(s.top, np.sort(values)[::-1][:500])
    assert isinstance(sk.items["flat"], ts.DataError)


def test_no_by(tmp_path: Path, client) -> None:
    rng = np.random.default_rng(3)
    x = rng.pareto(2.5, 3 * N)
    x[[5, 700]] = np.nan
    for i in range(3):
        pd.DataFrame({"reward": x[i * N:(i + 1) * N]}).to_parquet(tmp_path / f"{i}.parquet")
    res = tsd.analyze(str(tmp_path / "*.parquet"), client=client, warn=False)
    want = ts.analyze(pd.DataFrame({"reward": x}), warn=False)
    _same(res, want)
    assert list(res.table["group"]) == ["reward"] and res.table["n_missing"].iloc[0] == 2
    assert res.settings["column"] == want.settings["column"] == "reward"
    assert res.settings["by"] is None


def test_an_empty_list_of_paths_is_said_to_be_empty() -> None:
    """It read "reads ... a list of them; got a list" (a review)."""
    with raises_data_error("list of paths is empty"):
        tsd.analyze([])


def test_a_categorical_reward_column_is_read_as_in_memory(tmp_path: Path) -> None:
    """Dask validates its empty meta frame, on which a categorical column's map stayed
    categorical: pandas' TypeError, and the command line's exit 70 (a review)."""
    rng = np.random.default_rng(6)
    df = pd.DataFrame({"reward": pd.Categorical(rng.standard_normal(900).round(1)),
                       "model": np.repeat(["a", "b", "c"], 300)})
    df.to_parquet(tmp_path / "cat.parquet")
    res = tsd.analyze(tmp_path / "cat.parquet", "reward", by="model", warn=False)
    want = ts.analyze(df, "reward", by="model", warn=False)
    assert list(res.table["label"]) == list(want.table["label"])
    assert np.allclose(res.table["p_heavy"], want.table["p_heavy"])


def test_no_by_constant_column_raises_as_in_memory(tmp_path: Path) -> None:
    pd.DataFrame({"reward": np.ones(100)}).to_parquet(tmp_path / "c.parquet")
    with raises_data_error("constant"):
        tsd.analyze(tmp_path / "c.parquet")


def test_input_errors(data, tmp_path: Path) -> None:
    folder, _ = data
    with raises_data_error("unknown column", "nope", "reward"):
        tsd.analyze(str(folder / "*.parquet"), "nope", by="model")
    with raises_data_error("unknown by= column", "team"):
        tsd.analyze(str(folder / "*.parquet"), "reward", by="team")
    with raises_data_error("several numeric columns"):
        tsd.analyze(str(folder / "*.parquet"), by="model")
    with raises_data_error("no file matches"):
        tsd.analyze(str(tmp_path / "none-*.parquet"), "reward")
    (tmp_path / "r.csv").write_text("reward\n1\n2\n")
    with raises_data_error("not a parquet file", "read_csv"):
        tsd.analyze(tmp_path / "r.csv")
    with raises_data_error("tailstat.analyze"):
        tsd.analyze(pd.DataFrame({"reward": [1.0, 2.0]}))
    with raises_data_error("client must be"):
        tsd.analyze(str(folder / "*.parquet"), "reward", by="model", client=42)
    text = pd.DataFrame({"model": ["a"] * 60, "reward": ["1.5"] * 59 + ["oops"]})
    with raises_data_error("not numeric", "oops"):
        tsd.analyze(dd.from_pandas(text, npartitions=2), "reward", by="model")
    with raises_data_error("booleans"):
        tsd.analyze(dd.from_pandas(text.assign(reward=True), npartitions=2), "reward")
    # what needs every row is named with the way out (it was a bare TypeError)
    with raises_data_error("gold= needs every row", "in-memory tailstat.analyze"):
        tsd.analyze(str(folder / "*.parquet"), "reward", gold="other")
    with raises_data_error("goodhart=True needs every row"):
        tsd.analyze(str(folder / "*.parquet"), "reward", goodhart=True)


def test_shards_with_different_columns_are_named_before_any_work(tmp_path: Path) -> None:
    """A shard without the reward column failed inside a worker (a traceback, then 'probably
    a bug', naming the good file); its footer says so before anything runs."""
    rng = np.random.default_rng(0)
    pd.DataFrame({"model": "a", "reward": rng.normal(size=100)}).to_parquet(
        tmp_path / "part-0.parquet")
    pd.DataFrame({"model": "a", "score": rng.normal(size=100)}).to_parquet(
        tmp_path / "part-1.parquet", index=True)  # a stored pandas index is no column
    for source in (str(tmp_path / "*.parquet"), str(tmp_path)):
        with raises_data_error("part-1.parquet", "lacks 'reward'", "every shard must hold"):
            tsd.analyze(source, "reward", by="model")


def test_shards_that_differ_only_in_a_named_index_are_read(tmp_path: Path) -> None:
    """A review: a shard written by ``df.set_index('step').to_parquet()`` beside one with a
    default index was refused as lacking a column 'step', which it does not. Dask cannot read
    the two as one dataset (a KeyError in a worker): the refusal says what differs and what
    to do."""
    rng = np.random.default_rng(0)
    pd.DataFrame({"r": rng.normal(size=300)}, index=pd.Index(np.arange(300), name="step")
                 ).to_parquet(tmp_path / "a.parquet")
    pd.DataFrame({"r": rng.normal(size=200)}).to_parquet(tmp_path / "b.parquet")
    for source in (str(tmp_path / "*.parquet"), str(tmp_path)):
        with raises_data_error("store different index columns", "index=False"):
            tsd.analyze(source, "r", warn=False)
    # pandas' unnamed stored index (a filtered frame's) is read beside a range index, as
    # Dask reads it (a review of the check: it was refused too)
    (tmp_path / "a.parquet").unlink()
    b = pd.read_parquet(tmp_path / "b.parquet")
    b[b["r"] > 0].to_parquet(tmp_path / "c.parquet")
    got = tsd.analyze(str(tmp_path / "*.parquet"), "r", warn=False)
    assert got.table["n"].tolist() == [200 + int((b["r"] > 0).sum())]


def test_a_list_of_folders_is_read_and_a_file_inside_one_is_refused(tmp_path: Path) -> None:
    """A review: the docstring takes "a list of those" (files, folders, globs), but a list
    holding a folder failed inside dd.read_parquet (IsADirectoryError)."""
    rng = np.random.default_rng(1)
    for day in ("day1", "day2"):
        (tmp_path / day).mkdir()
        pd.DataFrame({"r": rng.normal(size=1500)}).to_parquet(tmp_path / day / "part0.parquet")
    got = tsd.analyze([str(tmp_path / "day1"), str(tmp_path / "day2")], "r", warn=False)
    assert got.table["n"].tolist() == [3000]
    with raises_data_error("lies in the folder", "counted twice"):
        tsd.analyze([str(tmp_path / "day1"), str(tmp_path / "day1" / "part0.parquet")], "r")
    (tmp_path / "hive" / "day=3").mkdir(parents=True)
    pd.DataFrame({"r": rng.normal(size=100)}).to_parquet(tmp_path / "hive" / "day=3" / "p.parquet")
    with raises_data_error("partitioned by key", "give one folder"):
        tsd.analyze([str(tmp_path / "day1"), str(tmp_path / "hive")], "r")


def test_a_listed_folder_leaves_out_hidden_and_underscore_files_as_one_folder_does(
        tmp_path: Path) -> None:
    """A folder in a list was searched by another rule than one folder alone (pyarrow's, and
    tailstat.read's): a Spark job's leftover ``_temporary/`` part was counted in the list."""
    rng = np.random.default_rng(3)
    for day in ("day1", "day2"):
        (tmp_path / day / "_temporary").mkdir(parents=True)
        pd.DataFrame({"r": rng.normal(size=1500)}).to_parquet(tmp_path / day / "part0.parquet")
        pd.DataFrame({"r": rng.normal(size=99)}).to_parquet(
            tmp_path / day / "_temporary" / "part0.parquet")
        pd.DataFrame({"r": rng.normal(size=7)}).to_parquet(tmp_path / day / ".part1.parquet")
    alone = tsd.analyze(str(tmp_path / "day1"), "r", warn=False)
    assert alone.table["n"].tolist() == [1500]
    got = tsd.analyze([str(tmp_path / "day1"), str(tmp_path / "day2")], "r", warn=False)
    assert got.table["n"].tolist() == [3000]
    # a folder partitioned by key, alone, is still read whole: its key is a column
    for day, size in (("day=1", 1200), ("day=2", 1300)):
        (tmp_path / "hive" / day).mkdir(parents=True)
        pd.DataFrame({"r": rng.normal(size=size)}).to_parquet(tmp_path / "hive" / day / "p.parquet")
    got = tsd.analyze(str(tmp_path / "hive"), "r", by="day", warn=False)
    assert sorted(got.table["n"].tolist()) == [1200, 1300]


def test_a_file_name_with_brackets_is_the_file_not_a_pattern(tmp_path: Path) -> None:
    """A review: 'scores[v2].parquet' was read as a glob: 'no file matches', and once a
    'scores2.parquet' lay beside it, that other file was analysed without a word."""
    rng = np.random.default_rng(2)
    pd.DataFrame({"r": rng.normal(size=1200)}).to_parquet(tmp_path / "scores[v2].parquet")
    pd.DataFrame({"r": rng.normal(size=700)}).to_parquet(tmp_path / "scores2.parquet")
    got = tsd.analyze(str(tmp_path / "scores[v2].parquet"), "r", warn=False)
    assert got.table["n"].tolist() == [1200]


def test_too_small_capacity_is_a_failure_row(data, client) -> None:
    folder, _ = data
    res = tsd.analyze(str(folder / "*.parquet"), "reward", by="model", capacity=50,
                      client=client, warn=False)
    t = res.table.set_index("group")
    assert "capacity=" in t.loc["heavy", "error"] and not res.classifications


def test_without_dask_the_message_says_how_to_install(monkeypatch) -> None:
    for name in ("dask", "dask.dataframe"):
        monkeypatch.setitem(sys.modules, name, None)  # 'import dask' now fails
    with pytest.raises(ImportError, match=r'pip install "tailstat\[dask\]"'):
        tsd.analyze("x.parquet")


def test_import_tailstat_does_not_import_dask() -> None:
    code = "import sys, tailstat; assert 'dask' not in sys.modules, 'dask imported'"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr


def test_cli_report_and_classify_on_a_cluster(data, client, expected, tmp_path: Path,
                                              capsys) -> None:
    folder, _ = data
    shards = sorted(str(p) for p in folder.glob("*.parquet"))
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        code = main(["report", *shards, "--column", "reward", "--by", "model", "-q",
                     "--dask", client.scheduler.address, "-o", str(out)])
    assert code == 0 and out.stat().st_size > 0
    page = out.read_text()
    assert "heavy" in page and page.count("data:image/svg+xml") > 3  # per-group figures too
    capsys.readouterr()
    code = main(["classify", str(folder / "*.parquet"), "--column", "reward", "--by",
                 "model", "--json", f"--dask={client.scheduler.address}"])
    assert code == 0
    cap = capsys.readouterr()
    assert "--dask leaves the Goodhart summaries out" in cap.err  # said, not silent
    # what reading found is said as without --dask (a review: --dask dropped it)
    assert "tailstat: warning: " in cap.err and "missing rewards (NaN), dropped" in cap.err
    doc = json.loads(cap.out)
    want = [lab if isinstance(lab, str) else None for lab in expected.table["label"]]
    assert [r["label"] for r in doc["table"]] == want


def test_cli_dask_errors(data, capsys) -> None:
    folder, _ = data
    shards = sorted(str(p) for p in folder.glob("*.parquet"))
    from tailstat.data.shards import expand_paths

    # a shard given twice (a glob beside an explicit name) counted its rows twice, silently
    with raises_data_error("given twice", "counted twice"):
        expand_paths([str(folder / "*.parquet"), shards[0]])
    assert main(["classify", *shards[:2], "--column", "reward"]) == 2
    assert "only --dask" in capsys.readouterr().err
    assert main(["classify", shards[0], "--dask", "--gold", "other"]) == 2
    assert "--gold" in capsys.readouterr().err
    # --dask before the files no longer takes the first one as its address (a review:
    # "the following arguments are required: input"); here --gold stops the run
    assert main(["classify", "--dask", *shards, "--column", "reward", "--gold", "g"]) == 2
    err = capsys.readouterr().err
    assert "--gold" in err and "required" not in err
    # options for other formats than Parquet: not "they need every row"
    assert main(["classify", shards[0], "--format", "csv", "--dask"]) == 2
    err = capsys.readouterr().err
    assert "Parquet tables only" in err and "so --format" in err and "every row" not in err


def test_cli_without_address_uses_a_local_cluster(data, client, monkeypatch, capsys) -> None:
    """``--dask`` alone runs on :func:`tailstat.dask.local_client` (here the test's cluster,
    to spare a second start-up)."""
    import contextlib

    used = []

    @contextlib.contextmanager
    def local_client():
        used.append(True)
        yield client

    monkeypatch.setattr(tsd, "local_client", local_client)
    folder, _ = data
    code = main(["classify", str(folder / "*.parquet"), "--column", "reward", "--by",
                 "model", "--dask"])
    assert code == 0 and used
    captured = capsys.readouterr()
    assert "heavy" in captured.out and "local Dask cluster" in captured.err


def test_a_group_stopped_by_an_infinite_value_keeps_its_size(tmp_path: Path, client) -> None:
    """A group that fails in one partition on an infinite value fails as in memory, with its
    size and missing values counted over every partition (the table's n stays integer)."""
    rng = np.random.default_rng(22)
    df = pd.DataFrame({"model": np.tile(np.repeat(["a", "b"], 500), 3),
                       "reward": rng.standard_t(3.0, 3000)})
    df.loc[[10, 1600, 2700], "reward"] = np.nan
    df.loc[[1700, 2600, 2650], "reward"] = np.inf  # group b, second and third files
    for i in range(3):
        df.iloc[i * 1000:(i + 1) * 1000].to_parquet(tmp_path / f"{i}.parquet")
    res = tsd.analyze(str(tmp_path / "*.parquet"), "reward", by="model", client=client,
                      warn=False)
    want = ts.analyze(df, "reward", by="model", warn=False)
    got, exp = res.table.set_index("group"), want.table.set_index("group")
    assert "infinite" in got.loc["b", "error"] and "infinite" in exp.loc["b", "error"]
    # located by partition and row: row 1700 is the second file's row 700 (a review: "the
    # group's row 200 there" named no row anyone can look up)
    # and counted over every partition, as in memory (a review, stop 44: the count was the
    # first failing partition's alone, 1 of 3)
    assert "'b' contains 3 infinite value(s) (the first in partition 2 of 3, at its row 700, " \
        "counting from 0" in got.loc["b", "error"]
    assert "'b' contains 3 infinite value(s)" in exp.loc["b", "error"]
    for col in ("n", "n_missing"):
        assert got[col].tolist() == exp[col].tolist() and got[col].dtype.kind == "i"


@pytest.mark.parametrize("address", ["notaurl", "tcp://host", "http://127.0.0.1:8787",
                                     "tcp://:8786"])
def test_a_mistyped_scheduler_address_is_named_at_once(data, address: str) -> None:
    # refused before any Client exists (a failed Client took 60 s to close) and not called
    # a bug in tailstat
    with raises_data_error("is not the address of a Dask scheduler"):
        tsd.analyze(str(data[0] / "*.parquet"), "reward", by="model", client=address)


def test_an_empty_table_with_by_is_a_data_error() -> None:
    """A review: a Dask table without rows, grouped, crashed with KeyError: 'group' (the
    CLI: 'probably a bug'); the in-memory analyze says the table has no rows."""
    df = pd.DataFrame({"g": ["a", "b"] * 50, "r": np.arange(100.0)})
    ddf = dd.from_pandas(df, npartitions=2)
    with raises_data_error("the table has no rows", "only the columns ['g', 'r']"):
        tsd.analyze(ddf[ddf.r > 1e9], "r", by="g")


def test_a_dask_collection_given_to_the_in_memory_functions_points_to_tailstat_dask() -> None:
    """A review: ts.analyze(ddf) computed the whole Dask frame, then said it was 'not a
    table' or to pass 'a DataFrame with column='; a Dask collection is now refused before
    anything is computed, with the function that reads it where it lies."""
    import dask.array as da

    df = pd.DataFrame({"model": ["a", "b"] * 500, "reward": np.arange(1000.0)})
    ddf = dd.from_pandas(df, npartitions=4)
    for call in (lambda: ts.analyze(ddf), lambda: ts.analyze(ddf, "reward", by="model"),
                 lambda: ts.classify(ddf["reward"]),
                 lambda: ts.TailSketch.from_sample(ddf, "reward")):
        with raises_data_error("is not read into memory here", "tailstat.dask.analyze(ddf"):
            call()
    with raises_data_error("a Dask Array", "from_dask_array"):
        ts.classify(da.from_array(np.arange(1000.0), chunks=100))


def test_rows_without_a_group_key_are_said_on_the_dask_path_too(tmp_path: Path) -> None:
    """A review: the '<NA>' group of rows without a by= value was said by analyze() of rows
    but not by tailstat.dask.analyze; a Delayed was sent to tailstat.dask.analyze, which
    refuses it."""
    import dask

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": ["a", "b", None] * 400, "r": rng.normal(size=1200)})
    with pytest.warns(ts.InputWarning, match=r"400 rows have no value in 'm' \(missing\)"):
        res = tsd.analyze(dd.from_pandas(df, npartitions=2), "r", by="m")
    assert res.table["group"].tolist() == ["a", "b", "<NA>"]
    # and the report made from the analysis says it (report --dask had no such note)
    assert res.settings["missing_keys"] == {"<NA>": 400}
    page = ts.report(res, tmp_path / "r.html", figures="none").read_text(encoding="utf-8")
    assert "400 rows have no value in &#39;m&#39; (missing)" in page
    # a review: it blamed goodhart=True, and its input and command were those of rows
    assert "they need every row, and an analysis made with Dask keeps" in page
    assert "an analysis made with Dask (tailstat.dask.analyze) of Dask DataFrame" in page
    assert "tailstat.report(tailstat.dask.analyze(shards, column=" in page
    with warnings.catch_warnings():
        warnings.simplefilter("error", ts.InputWarning)
        tsd.analyze(dd.from_pandas(df.dropna(), npartitions=2), "r", by="m")
    with raises_data_error("cannot read rewards from a Delayed"):
        ts.classify(dask.delayed(lambda: np.arange(100.0))())


def test_a_partition_reads_its_groups_from_the_whole_tables_labels() -> None:
    """A review: each partition concatenated every key of the whole table (11 s per 10^4-row
    partition at 10^6 groups). With the table's labels it reads its own keys only, and gives
    the same keys, labels and rows, typed labels and missing keys included."""
    from tailstat.data.partitions import keyed_groups

    table = pd.DataFrame({"a": [1, None, "1", np.nan, False, 1.0, "z", 2, 2],
                          "b": ["x", None, "y", "x", "x", "x", "q", "y", "y"]})
    for by in (("a",), ("a", "b"), ("b",)):
        whole = keyed_groups(table, by)
        labels = {key: label for key, label, _ in whole}
        keys = table[list(by)]
        for rows in ([0, 4, 5], [2, 6], [1, 3, 7, 8], [6], list(range(9))):
            part = table.iloc[rows].reset_index(drop=True)
            slow = keyed_groups(part, by, keys)
            fast = keyed_groups(part, by, keys, labels)
            assert [(k, lab, i.tolist()) for k, lab, i in fast] == \
                [(k, lab, i.tolist()) for k, lab, i in slow], (by, rows)


def test_a_value_that_is_no_number_is_located_by_partition(tmp_path: Path, client) -> None:
    """A review: "value 'oops' at row 5" named a row of the third file without saying which
    partition it was counted in."""
    for i in range(3):
        # stored indexes that do not start at 0 (slices of one table): the row is still the
        # partition's own (a review: 'row 2005' for the sixth row of the third file)
        d = pd.DataFrame({"m": "a", "r": [str(float(v)) for v in range(1000)]},
                         index=pd.RangeIndex(1000 * i, 1000 * (i + 1)))
        if i == 2:
            d.loc[2005, "r"] = "oops"
        d.to_parquet(tmp_path / f"s{i}.parquet")
    with raises_data_error("value 'oops' at row 5", "within partition 3 of 3, from 0"):
        tsd.analyze(str(tmp_path / "*.parquet"), "r", by="m", warn=False, client=client)


def test_categorical_groups_keep_their_order_past_an_empty_shard(tmp_path: Path) -> None:
    """A review (stop 44): an empty Parquet shard reads back with no categories, the key
    column of the partitions became object, and the groups came out sorted ('alpha',
    'zeta') where pandas keeps the categories' order ('zeta', 'alpha')."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": pd.Categorical(rng.choice(["zeta", "alpha"], 2000),
                                           categories=["zeta", "alpha"]),
                       "r": rng.standard_t(3.0, 2000)})
    df.iloc[:1000].to_parquet(tmp_path / "0.parquet")
    df.iloc[1000:].to_parquet(tmp_path / "1.parquet")
    df.iloc[:0].to_parquet(tmp_path / "2.parquet")
    want = ts.analyze(pd.read_parquet(tmp_path), "r", by="m", warn=False).table
    got = tsd.analyze(str(tmp_path / "*.parquet"), "r", by="m", warn=False).table
    assert list(want["group"]) == ["zeta", "alpha"]
    assert list(got["group"]) == list(want["group"])
    assert got["p_heavy"].tolist() == want["p_heavy"].tolist()


def test_categorical_keys_of_different_types_across_shards_are_read(tmp_path: Path) -> None:
    """The diff's review (stop 44): shards whose categories differ in type (text in one,
    numbers in the other) made the categories' union raise a raw TypeError; they are
    concatenated as objects, as before."""
    rng = np.random.default_rng(1)
    for i, cats in enumerate((["a", "b"], [1.5, 2.5])):
        pd.DataFrame({"m": pd.Categorical(rng.choice(cats, 600)),
                      "r": rng.standard_t(3.0, 600)}).to_parquet(tmp_path / f"{i}.parquet")
    got = tsd.analyze(str(tmp_path / "*.parquet"), "r", by="m", warn=False).table
    assert sorted(map(str, got["group"])) == ["1.5", "2.5", "a", "b"]


def test_integers_a_float64_rounds_are_said_once_not_once_per_partition() -> None:
    """The intake warns of integer rewards beyond 2**53 (a float64 rounds them; a review:
    they merged without a word); on Dask that warning comes once for the column, not from
    each of the 8 partitions."""
    rng = np.random.default_rng(0)
    big = np.round(rng.normal(size=8000) * 1000).astype(np.int64) + 2 ** 53
    ddf = dd.from_pandas(pd.DataFrame({"r": big, "g": np.arange(8000) % 2}), npartitions=8)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        tsd.analyze(ddf, "r", by="g")
    said = [w for w in seen if "2**53" in str(w.message)]
    assert len(said) == 1 and issubclass(said[0].category, ts.InputWarning)
    assert "x - x.min()" in str(said[0].message)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        tsd.analyze(dd.from_pandas(pd.DataFrame({"r": big - 2 ** 53}), npartitions=8), "r")
    assert not [w for w in seen if "2**53" in str(w.message)]


def test_an_integer_just_past_2_53_is_said_on_dask_too() -> None:
    """A review: the Dask path reads the column's range from its sketches' float extremes,
    where 2**53 + 1 is already 2**53 (and was compared with > 2**53): one reward rounded
    from 2**53 + 1 passed without the warning the in-memory path gives."""
    x = np.r_[np.round(np.random.default_rng(1).pareto(3.0, 2000) * 1000), 0.0]
    big = (x.astype(np.int64) + 2 ** 53 - int(x.max()))  # the largest is 2**53 ...
    big[-1] = 2 ** 53 + 1  # ... and one just past it, which a float64 rounds
    with pytest.warns(ts.InputWarning, match=r"2\*\*53"):
        ts.analyze(pd.DataFrame({"r": big}), "r")  # in memory
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        tsd.analyze(dd.from_pandas(pd.DataFrame({"r": big}), npartitions=4), "r")
    assert [w for w in seen if "2**53" in str(w.message)]


def test_int_column_labels_are_taken_as_analyze_takes_them(data) -> None:
    """A review: tailstat.dask typed column (and by, gold) as str while tailstat.analyze
    takes any column label (Hashable: a table made from an array has int labels). The
    signatures now say what is taken, and int labels on a Dask DataFrame give the in-memory
    analysis of the same table, with and without by=."""
    import typing

    for fn in (tsd.analyze, tsd.sketch_groups):
        hints = typing.get_type_hints(fn)
        assert hints["column"] == typing.get_type_hints(ts.analyze)["column"]
        assert hints["by"] == typing.get_type_hints(ts.analyze)["by"]
    df = data[1].rename(columns={"model": 1, "reward": 0, "other": 2})
    ddf = dd.from_pandas(df, npartitions=4)
    _same(tsd.analyze(ddf, 0, by=1, warn=False), ts.analyze(df, 0, by=1, warn=False))
    _same(tsd.analyze(ddf, 0, by=[1], warn=False), ts.analyze(df, 0, by=[1], warn=False))
    alone = df.loc[df[1] == "heavy", [0]]
    got = tsd.analyze(dd.from_pandas(alone, npartitions=3), 0, warn=False)
    want = ts.analyze(alone, 0, warn=False)
    _same(got, want)
    assert got.settings["column"] == want.settings["column"] == 0


def test_local_client_leaves_the_environment_as_it_was(monkeypatch) -> None:
    """A review: Dask's worker launcher wrote OMP_NUM_THREADS=1, PYTHONHASHSEED, ... into
    this process's environment, which every later subprocess inherited."""
    import os

    for key in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "MALLOC_TRIM_THRESHOLD_", "PYTHONHASHSEED"):
        monkeypatch.delenv(key, raising=False)
    before = dict(os.environ)
    with tsd.local_client(n_workers=1) as c:
        assert c.submit(sum, [1, 2]).result() == 3
    assert dict(os.environ) == before
