"""What the command line says of reading the input (``tailstat/_cli_input.py``): the
warnings of the intake (a file without a header line, missing rewards dropped) as
``tailstat: warning:`` lines, with ``-q`` too, and the counts in the text table."""

from __future__ import annotations

import gzip
import json
import os
import re
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat
from tailstat.cli import main
from tailstat.data import check_sample


def test_what_reading_the_input_found_is_said(tmp_path: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    """A file of scores without a header line is read as data with a warning; the command
    line dropped the warning with the groups' (it showed nothing, the JSON neither)."""
    path = tmp_path / "scores.csv"
    np.savetxt(path, np.random.default_rng(1).normal(size=2000))
    assert main(["classify", str(path)]) == 0
    err = capsys.readouterr().err
    assert "tailstat: warning: 'scores.csv' has no header line" in err
    assert main(["classify", str(path), "--json"]) == 0
    assert "no header line" in capsys.readouterr().err
    assert main(["classify", str(path), "-q"]) == 0  # said with -q too: rows may be lost
    assert "no header line" in capsys.readouterr().err
    assert main(["classify", str(path), "--json", "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert any("no header line" in w for w in doc["input_warnings"])


def test_missing_rewards_are_said_and_counted_in_the_table(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    """Rewards dropped as missing showed nowhere in the text table (n alone, 9,950 of
    10,000 rows) nor on stderr: now a column n_missing when any group lost some, and the
    analysis' warning as a 'tailstat: warning:' line (none with -q)."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=4000)
    x[:50] = np.nan
    path = tmp_path / "r.csv"
    pd.DataFrame({"r": x, "m": np.repeat(["a", "b"], 2000)}).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "r", "--by", "m"]) == 0
    out, err = capsys.readouterr()
    header, row_a, row_b = out.splitlines()[:3]
    assert header.split()[:3] == ["group", "n", "n_missing"]
    assert row_a.split()[:3] == ["a", "1950", "50"] and row_b.split()[:3] == ["b", "2000", "0"]
    assert "tailstat: warning: 1 of 2 groups had missing rewards (NaN), dropped: 'a' (50)" in err
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-q"]) == 0
    assert "1 of 2 groups had missing rewards" in capsys.readouterr().err  # -q too
    clean = tmp_path / "clean.csv"
    pd.DataFrame({"r": np.nan_to_num(x), "m": np.repeat(["a", "b"], 2000)}).to_csv(clean,
                                                                                   index=False)
    assert main(["classify", str(clean), "--column", "r", "--by", "m"]) == 0
    out, err = capsys.readouterr()
    assert "n_missing" not in out and "missing" not in err


def test_errors_name_the_command_lines_options(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    """A review (stop 43): the command line said "unknown by= column 'nosuch'" and
    "column='model' is also the by= or gold= column", naming the Python API's options."""
    path = tmp_path / "r.csv"
    rng = np.random.default_rng(0)
    pd.DataFrame({"reward": rng.normal(size=2000),
                  "model": np.repeat(["a", "b"], 1000)}).to_csv(path, index=False)
    assert main(["classify", str(path), "--by", "nosuch", "-q"]) == 2
    assert "unknown --by column 'nosuch'" in capsys.readouterr().err
    assert main(["classify", str(path), "--column", "model", "--by", "model", "-q"]) == 2
    assert "--column 'model' is also the --by or --gold column" in capsys.readouterr().err


def test_an_interrupted_dask_run_ends_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Ctrl-C during ``classify --dask``: the local cluster's shutdown logged tracebacks
    ("Task exception was never retrieved ... AllExit") and "still alive ... killing" warnings
    after 'tailstat: interrupted', and its exit handler's failure ("Exception ignored in
    atexit callback"); now the one line (exit 130). The cluster is mocked: its closing logs."""
    import contextlib
    import logging
    import sys

    import tailstat.dask as tsd

    @contextlib.contextmanager
    def cluster(*args: object, **kw: object):  # type: ignore[no-untyped-def]
        try:
            yield "client"
        finally:
            logging.getLogger("distributed.nanny").warning("Worker process still alive, killing")

    def interrupted(*args: object, **kw: object) -> None:
        raise KeyboardInterrupt

    path = tmp_path / "s.parquet"
    pd.DataFrame({"reward": np.arange(10.0)}).to_parquet(path)
    monkeypatch.setattr(tsd, "local_client", cluster)
    monkeypatch.setattr(tsd, "analyze", interrupted)
    before = sys.unraisablehook
    monkeypatch.setattr(sys, "unraisablehook", before)  # restored after
    try:
        assert main(["classify", str(path), "--dask", "-q"]) == 130
        assert not caplog.records
        assert sys.unraisablehook is not before  # atexit's failures unsaid
    finally:
        logging.disable(logging.NOTSET)
    assert capsys.readouterr().err == "tailstat: interrupted\n"


def test_when_no_group_can_be_classified_every_group_is_named(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    """A review: of five groups that failed, the error named the first three (small and ties
    never appeared), and a long reason was cut at 500 characters mid-word."""
    rng = np.random.default_rng(0)
    parts = {"allnan": np.full(60, np.nan), "const": np.ones(60), "const2": np.full(60, 2.0),
             "small": rng.normal(size=10), "ties": np.round(rng.normal(size=400))}
    df = pd.concat([pd.DataFrame({"model": k, "reward": v}) for k, v in parts.items()])
    df.to_csv(tmp_path / "f.csv", index=False)
    assert main(["classify", str(tmp_path / "f.csv"), "--column", "reward", "--by", "model",
                 "-q"]) == 2
    err = capsys.readouterr().err
    assert "no group could be classified (5 groups: allnan, const, const2, small, ties)." in err
    assert ".;" not in err
    assert "small: " in err and "ties: " in err


def test_many_groups_not_classified_are_counted_not_listed(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    """A review: with -q, 97,000 tiny groups wrote one 'not classified' line each to stderr;
    twenty are named, the rest counted, their reasons in the JSON document."""
    rng = np.random.default_rng(0)
    df = pd.concat([pd.DataFrame({"g": "big", "r": rng.normal(size=2000)}),
                    pd.DataFrame({"g": [f"t{i}" for i in range(300)], "r": 1.0})])
    df.to_csv(tmp_path / "f.csv", index=False)
    assert main(["classify", str(tmp_path / "f.csv"), "--column", "r", "--by", "g", "-q"]) == 0
    err = capsys.readouterr().err
    assert err.count("not classified:") == 20
    assert "and 280 more groups not classified" in err
    assert main(["classify", str(tmp_path / "f.csv"), "--column", "r", "--by", "g", "-q",
                 "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["failures"]) == 300


def test_the_fdr_gate_on_counts_is_not_a_crash(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    """The diff's own review: a count group, whose heavy flag is not tested, made
    --fail-on heavy --fdr stop with 'unexpected TypeError: boolean value of NA'."""
    pd.DataFrame({"reward": np.random.default_rng(4).poisson(5, 10_000)}).to_csv(
        tmp_path / "c.csv", index=False)
    assert main(["classify", str(tmp_path / "c.csv"), "--column", "reward", "--fail-on",
                 "heavy", "--fdr", "0.05", "-q"]) == 0
    assert "unexpected" not in capsys.readouterr().err


def _through_a_pipe(path: Path, raw: bytes) -> threading.Thread:
    """A named pipe at ``path`` that a thread fills with ``raw`` (as ``<(zcat ...)`` is)."""
    os.mkfifo(path)

    def write() -> None:
        with open(path, "wb") as fh:
            fh.write(raw)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def test_a_file_in_a_folder_given_is_not_renamed_as_the_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A review: a folder 'runs' of Parquet shards beside a 'runs.csv' warned that the table
    file '/…/runs' was not read: the renaming meant for a pipe's copy applied to folders."""
    runs = tmp_path / "runs"
    runs.mkdir()
    r = np.random.default_rng(1).standard_t(3, 4000)
    for i in range(2):
        pd.DataFrame({"r": r[i::2]}).to_parquet(runs / f"{'ab'[i]}.parquet")
    pd.DataFrame({"r": r[:10]}).to_csv(runs / "runs.csv", index=False)
    main(["classify", str(runs), "-q"])
    err = capsys.readouterr().err
    assert "'runs.csv'" in err and f"{str(runs)!r}) are not read" not in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_warnings_about_a_pipe_name_the_pipe(tmp_path: Path,
                                             capsys: pytest.CaptureFixture) -> None:
    """A review: ``tailstat classify <(cat a.csv b.csv)`` warned "'63.csv' repeats its header
    line", naming the reader's copy of /dev/fd/63, a file that does not exist (and so did
    --json's input_warnings); standard input was named, pipes were not."""
    x = np.random.default_rng(0).standard_t(3, 1000)
    block = "r\n" + "".join(f"{v!r}\n" for v in x.tolist())
    pipe = tmp_path / "63"
    writer = _through_a_pipe(pipe, (block + block).encode())
    assert main(["classify", str(pipe), "-q", "--json"]) == 0
    writer.join(10)
    out = capsys.readouterr()
    said = json.loads(out.out)["input_warnings"]
    assert any(f"{str(pipe)!r} repeats its header line" in w for w in said)
    assert "'63.csv'" not in out.err and f"{str(pipe)!r} repeats" in out.err
    # a group named as the pipe is not renamed (a review: '63' became '/dev/fd/63')
    rows = "g,r\n" + "".join(f"{63 + i % 2},{v!r}\n" for i, v in enumerate(x.tolist()))
    pipe63 = tmp_path / "p" / "63"
    pipe63.parent.mkdir()
    writer = _through_a_pipe(pipe63, (rows + "63,\n").encode())
    assert main(["classify", str(pipe63), "--column", "r", "--by", "g", "-q"]) in (0, 1)
    writer.join(10)
    err = capsys.readouterr().err
    assert "'63'" in err and f"{str(pipe63)!r}" not in err, err
    # a pipe whose name has a suffix, a quote, or a compression's (reviews)
    for name, raw in (("r.pipe", (block + block).encode()), ("it's", (block + block).encode()),
                      ("h.csv.gz", gzip.compress((block + block).encode()))):
        writer = _through_a_pipe(tmp_path / name, raw)
        assert main(["classify", str(tmp_path / name), "-q"]) == 0
        writer.join(10)
        err = capsys.readouterr().err
        assert f"{str(tmp_path / name)!r} repeats its header line" in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_saved_analysis_through_a_pipe_is_read_as_its_file(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """``tailstat classify <(zcat run.json.gz)``: a pipe cannot be peeked, so it was read as a
    table of rewards and failed on a column ("'version' has only 2 value(s)")."""
    import tailstat as ts

    rng = np.random.default_rng(7)
    a = ts.analyze(pd.DataFrame({"r": rng.standard_t(3.0, 3000),
                                 "g": np.repeat(["a", "b"], 1500)}), "r", by="g", warn=False)
    saved = tmp_path / "a.json"
    a.to_json(saved)
    assert main(["classify", str(saved), "--json", "-q"]) == 0
    from_file = capsys.readouterr().out
    for i, raw in enumerate((saved.read_bytes(), gzip.compress(saved.read_bytes()))):
        writer = _through_a_pipe(tmp_path / f"pipe{i}", raw)
        assert main(["classify", str(tmp_path / f"pipe{i}"), "--json", "-q"]) == 0
        writer.join(10)
        assert capsys.readouterr().out == from_file
    writer = _through_a_pipe(tmp_path / "pipe_r", saved.read_bytes())
    assert main(["report", str(tmp_path / "pipe_r"), "-q", "-o", str(tmp_path / "r.html")]) == 0
    writer.join(10)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "reported as it was made" in page and "version" not in capsys.readouterr().err
    # data through a pipe is read once, as before
    data = tmp_path / "d.csv"
    pd.DataFrame({"r": rng.standard_t(3.0, 2000)}).to_csv(data, index=False)
    assert main(["classify", str(data), "--json", "-q"]) == 0
    direct = json.loads(capsys.readouterr().out)
    writer = _through_a_pipe(tmp_path / "pipe_d", data.read_bytes())
    assert main(["classify", str(tmp_path / "pipe_d"), "--json", "-q"]) == 0
    writer.join(10)
    piped = json.loads(capsys.readouterr().out)
    assert piped["table"] == direct["table"]


def test_a_file_after_dask_is_the_input_not_its_address(tmp_path: Path) -> None:
    """``tailstat classify --dask one.parquet``: --dask took the file as the scheduler's
    address, and the command said only "the following arguments are required: input"."""
    from tailstat._dask_address import dask_address_last

    shard = tmp_path / "one.parquet"
    shard.write_bytes(b"PAR1")
    assert dask_address_last(["classify", "--dask", str(shard), "--column", "r"]) == [
        "classify", str(shard), "--column", "r", "--dask"]
    assert dask_address_last(["report", "--dask", "s/*.parquet", "-q"]) == [
        "report", "s/*.parquet", "-q", "--dask"]
    # a bare IPv6 address is an address; --dask goes before a "--" (a review)
    assert dask_address_last(["classify", "--dask", str(shard), "--", "-odd.parquet"]) == [
        "classify", str(shard), "--dask", "--", "-odd.parquet"]
    for kept in (["classify", "x.csv", "--dask", "tcp://h:8786"],
                 ["classify", "x.parquet", "--dask", "[::1]:8786"],
                 ["classify", "x.csv", "--dask", "--column", "r"],
                 ["classify", "x.csv", "--dask"]):
        assert dask_address_last(kept) == kept


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_report_of_data_through_a_pipe_names_no_empty_reader_options(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The provenance of data through a pipe ended in a dangling "read with " (the stream is
    read here now, with no reader option; a review)."""
    rng = np.random.default_rng(3)
    data = tmp_path / "d.csv"
    pd.DataFrame({"reward": rng.normal(size=600), "m": np.repeat(["a", "b"], 300)}).to_csv(
        data, index=False)
    writer = _through_a_pipe(tmp_path / "pipe", data.read_bytes())
    out = tmp_path / "r.html"
    assert main(["report", str(tmp_path / "pipe"), "--column", "reward", "--by", "m", "-q",
                 "--figures", "none", "-o", str(out)]) == 0
    writer.join(10)
    page = out.read_text(encoding="utf-8")
    assert "read with <" not in page and "read with ;" not in page
    assert not re.search(r"read with\s*[<;]", page)


def test_shards_expanded_by_the_shell_are_told_their_folder_reads_as_one_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new user's walkthrough: ``classify shards/*.parquet`` was told only that --dask
    reads several files as one table, though the folder itself does, without it."""
    rng = np.random.default_rng(0)
    (tmp_path / "shards").mkdir()
    for i in range(2):
        pd.DataFrame({"r": rng.normal(size=3000)}).to_parquet(
            tmp_path / "shards" / f"part-{i}.parquet")
    parts = sorted(str(p) for p in (tmp_path / "shards").glob("*.parquet"))
    assert main(["classify", *parts, "--column", "r"]) == 2
    said = capsys.readouterr().err
    assert (f"their folder ({tmp_path / 'shards'}) is read as one table of its Parquet files "
            "without it") in said
    assert main(["classify", str(tmp_path / "shards"), "--column", "r", "-q"]) == 0
    # CSV files: a folder of them is no table (a re-read)
    for i in range(2):
        pd.DataFrame({"r": rng.normal(size=3000)}).to_csv(tmp_path / f"p{i}.csv", index=False)
    assert main(["classify", str(tmp_path / "p0.csv"), str(tmp_path / "p1.csv"),
                 "--column", "r"]) == 2
    assert "their folder" not in capsys.readouterr().err


def test_a_row_is_said_to_count_from_0_without_the_header(tmp_path) -> None:
    """A review: "value 'abc' at row 50" was on line 52 of the file; the count from 0 and the
    header were unsaid. Messages say so, and name a non-default index label beside it."""
    import subprocess
    import sys

    path = tmp_path / "b.csv"
    path.write_text("reward\n" + "".join(f"{i / 100}\n" for i in range(50)) + "abc\n"
                    + "1\n" * 50)
    out = subprocess.run([sys.executable, "-m", "tailstat", "classify", str(path), "-q"],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "'abc' at row 50 (0-based, counting data rows only: not a file's header" in out.stderr
    assert path.read_text().splitlines()[50 + 1] == "abc"  # the header is line 1
    with pytest.raises(tailstat.DataError, match=r"'x' at row 2 \(0-based; index label 'c'\)"):
        check_sample(pd.Series([1.0, 2.0, "x"], index=list("abc"), dtype=object))
    with pytest.raises(tailstat.DataError, match=r"\(3\+1j\) at row 2 \(0-based; index label "
                                                  r"30\)"):
        check_sample(pd.Series([1.0, 2.0, 3 + 1j, 3.0], index=[10, 20, 30, 40], dtype=object))
    # a comment, a blank line and a repeated header are not rows: the count says so (a
    # review: "row 199, a file's header not counted" of the value on line 204)
    odd = tmp_path / "c.csv"
    odd.write_text("# scores\n\nreward\n" + "0.5\n" * 100 + "reward\n" + "0.25\n" * 99
                   + "oops\n")
    with pytest.raises(tailstat.DataError, match=r"'oops' at row 199 \(0-based, counting data "
                                                  r"rows only: not .*comment lines, blank "), \
            pytest.warns(tailstat.InputWarning, match="comment line|repeats its header"):
        check_sample(str(odd))


def test_a_file_read_with_reader_options_is_recorded_with_them(tmp_path, capsys) -> None:
    """A review: with --scores (or --step-bins) the command read the file itself, and the
    analysis recorded no path and no fingerprint, so a report of it could not tell the file
    had changed; re-read, it must be read with those options (margins, not chosen scores)."""
    from tailstat.reporting._provenance import _read

    rng = np.random.default_rng(0)
    path = tmp_path / "rb_outputs.jsonl"
    pd.DataFrame({"id": range(400), "subset": np.repeat(["a", "b"], 200),
                  "scores_chosen": rng.normal(size=400), "scores_rejected": rng.normal(size=400)}
                 ).to_json(path, orient="records", lines=True)
    assert main(["classify", str(path), "--scores", "margin", "--json", "-q"]) == 0
    settings = json.loads(capsys.readouterr().out)["settings"]
    assert settings["path"] == str(path.resolve()) and settings["path_fingerprint"]
    assert settings["read_options"] == {"scores": "margin"}
    table, info = _read(str(path), settings["read_options"])
    assert "margin" in table.columns and info.read_options == {"scores": "margin"}


def test_dask_with_a_readers_option_names_the_reader(tmp_path, capsys) -> None:
    """A review: --dask with --scores on a Parquet input said "give Parquet files"; the limit
    is that --dask has no RewardBench or TRL reader."""
    path = tmp_path / "part.parquet"
    pd.DataFrame({"reward": np.random.default_rng(0).normal(size=500)}).to_parquet(path)
    assert main(["classify", str(path), "--scores", "margin", "--dask"]) == 2
    err = capsys.readouterr().err
    assert "no RewardBench or TRL reader" in err and "give Parquet files" not in err


def test_dask_option_errors_name_the_option_not_the_input(tmp_path, capsys) -> None:
    """Review 401: "shards: --dask reads Parquet files ..." and "shards: 'http://...' is not
    the address of a Dask scheduler" blamed the input; a saved analysis given --dask was told
    to pass a Dask DataFrame."""
    path = tmp_path / "part.parquet"
    pd.DataFrame({"reward": np.random.default_rng(0).normal(size=500),
                  "gold": np.random.default_rng(1).normal(size=500)}).to_parquet(path)
    assert main(["classify", str(path), "--column", "reward", "--dask", "--gold", "gold"]) == 2
    assert "\ntailstat: error: --dask reads Parquet files" in capsys.readouterr().err
    assert main(["classify", str(path), "--column", "reward", "--dask",
                 "http://localhost:8787"]) == 2
    assert "\ntailstat: error: --dask: 'http://localhost" in capsys.readouterr().err
    saved = tmp_path / "a.json"
    assert main(["classify", str(path), "--column", "reward", "-q", "--no-goodhart",
                 "--save-analysis", str(saved)]) == 0
    capsys.readouterr()
    assert main(["classify", str(saved), "--dask"]) == 2
    assert "--dask: a saved analysis is read as it was saved" in capsys.readouterr().err
