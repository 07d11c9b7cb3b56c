"""The command line's standard streams in pipelines and terminals (``tailstat/_cli_streams.py``):
a reader that closes the pipe, an encoding that cannot show a group name, a closed stdout."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat._cli_streams import BROKEN_PIPE_EXIT
from tailstat.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def names(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three groups with non-ASCII names, 600 rows each."""
    rng = np.random.default_rng(3)
    path = tmp_path_factory.mktemp("streams") / "names.csv"
    pd.DataFrame({"model": np.repeat(["café", "naïve", "日本"], 600),
                  "reward": rng.standard_t(3.0, 1800)}).to_csv(path, index=False)
    return path


def _closed_pipe(args: list[str], which: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m tailstat ARGS`` with stdout or stderr a pipe its reader already closed."""
    read, write = os.pipe()
    os.close(read)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        streams = ({"stdout": write, "stderr": subprocess.PIPE} if which == "stdout"
                   else {"stdout": subprocess.PIPE, "stderr": write})
        return subprocess.run([sys.executable, "-m", "tailstat", *args], env=env,
                              timeout=120, check=False, **streams)  # type: ignore[call-overload]
    finally:
        os.close(write)


def test_a_reader_that_leaves_ends_the_command_quietly(names: Path) -> None:
    """``tailstat classify x.csv | head -1``: the closed pipe was reported as an error
    ('tailstat: error: Broken pipe', exit 2, as bad input); with stderr in the pipe too
    the command ended on an unhandled exception (exit 1). Now: nothing said, exit 141
    (128 + SIGPIPE, as a shell shows for a Unix tool ended by the closed pipe)."""
    out = _closed_pipe(["classify", str(names), "--by", "model", "-q"], "stdout")
    assert (out.returncode, out.stderr) == (BROKEN_PIPE_EXIT, b"")
    err = _closed_pipe(["classify", str(names), "--by", "model"], "stderr")
    assert (err.returncode, err.stdout) == (BROKEN_PIPE_EXIT, b"")


def test_the_exit_status_of_a_closed_pipe_is_documented() -> None:
    from tailstat.cli import build_parser

    assert f"{BROKEN_PIPE_EXIT} the output's reader closed the pipe" in build_parser().epilog
    assert "`141`" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_names_a_terminal_cannot_show_are_escaped(names: Path, tmp_path: Path, errors: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``PYTHONIOENCODING=ascii`` (or ``LC_ALL=C``: errors='surrogateescape'): the table of a
    group named 'café' failed with UnicodeEncodeError, reported as "probably a bug"
    (exit 2); the report's summary too, after the report was written. Now the name is
    escaped as Python escapes it on stderr, the columns aligned."""
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii", errors=errors)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["classify", str(names), "--by", "model", "-q"]) == 0
    assert main(["report", str(names), "--by", "model", "--figures", "none",
                 "-o", str(tmp_path / "r.html")]) == 0
    stdout.flush()
    assert stdout.errors == errors  # restored
    lines = raw.getvalue().decode("ascii").splitlines()
    assert lines[1].startswith("caf\\xe9 ") and lines[3].startswith("\\u65e5\\u672c ")
    col = lines[0].index(" n ") + 1  # the column n starts at the same place on every row
    assert all(ln[col - 2:col] == "  " and ln[col].isdigit() for ln in lines[1:4]), lines


def test_a_closed_stdout_is_one_error_line(names: Path, capsys: pytest.CaptureFixture,
                                           monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    """``tailstat classify x.csv >&-``: an AttributeError reported as "probably a bug"; now
    one line naming the closed stdout (exit 2); a report with -q needs no stdout."""
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["classify", str(names), "--by", "model", "-q"]) == 2
    assert main(["report", str(names), "--by", "model", "--figures", "none", "-q",
                 "-o", str(tmp_path / "r.html")]) == 0
    assert sys.stdout is None
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "standard output is closed" in err[0], err


def test_a_closed_stdout_stream_is_left_alone(names: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: ``main([... '-q', '-o', FILE])`` from Python with ``sys.stdout`` closed (it
    needs no stdout) ended on ``ValueError: I/O operation on closed file`` from the encoding
    set-up, before the command ran; it wrote the file before."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    stdout.close()
    monkeypatch.setattr(sys, "stdout", stdout)
    out = tmp_path / "t.txt"
    assert main(["classify", str(names), "--by", "model", "-q", "-o", str(out)]) == 0
    assert "caf" in out.read_text(encoding="utf-8") and sys.stdout is stdout


def test_a_reader_that_leaves_part_way_through_a_long_table(tmp_path: Path) -> None:
    """``tailstat classify many.parquet ... | head -1`` past 64 KiB of table: the table went
    out in one write, which a pipe whose reader exits part-way cuts short without an error,
    and the command exited 0 (a review). Now it goes out in pieces of at most PIPE_BUF bytes:
    exit 141, as when the pipe was closed before."""
    rng = np.random.default_rng(4)
    path = tmp_path / "many.csv"
    pd.DataFrame({"g": np.repeat([f"group{i:04d}" for i in range(700)], 60),
                  "r": rng.normal(size=700 * 60)}).to_csv(path, index=False)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-m", "tailstat", "classify", str(path), "--column",
                           "r", "--by", "g", "-q"], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # the reader leaves after one line, as head -1 does
        _, err = proc.communicate(timeout=120)  # fails (TimeoutExpired) if the command hangs
    assert first.startswith(b"group ")
    assert (proc.returncode, err) == (BROKEN_PIPE_EXIT, b"")


def test_a_closed_stderr_or_stdin_keeps_the_results_clean(names: Path,
                                                         capsys: pytest.CaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """A review (stop 60): started with stderr closed (``2>&-``), progress, warnings and
    errors went to stdout (``print(file=None)`` writes there), and ``--json`` was no longer
    JSON; with stdin closed (``<&-``), ``-`` ended as "probably a bug" (exit 70)."""
    import json

    monkeypatch.setattr(sys, "stderr", None)
    assert main(["classify", str(names), "--by", "model", "--json"]) == 0
    assert sys.stderr is None
    doc = json.loads(capsys.readouterr().out)  # progress went nowhere, not into the JSON
    assert doc["settings"]["by"] == ["model"]
    assert main(["classify", str(names) + ".missing"]) == 2
    assert capsys.readouterr().out == ""
    monkeypatch.undo()
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["classify", "-", "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "standard input is closed" in err[0], err


def test_error_lines_escape_the_file_name_and_blame_no_file_for_the_environment(
        names: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review (stop 60): a file name holding a newline or an escape code split the error
    line or reached the terminal raw (the prefix was not escaped); TAILSTAT_THREADS=0 was
    blamed on the input file; argparse's message read "classify the following ...";
    truncated JSON read "starting at at column"."""
    assert main(["classify", "no\nsuch\x1b[31m.csv", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err, err
    monkeypatch.setenv("TAILSTAT_THREADS", "0")
    assert main(["classify", str(names), "--by", "model", "-q"]) == 2
    assert capsys.readouterr().err.startswith("tailstat: error: TAILSTAT_THREADS must be")
    monkeypatch.delenv("TAILSTAT_THREADS")
    with pytest.raises(SystemExit):
        main(["classify"])
    assert "error: classify: the following arguments" in capsys.readouterr().err
    bad = names.parent / "cut.jsonl"
    bad.write_text('{"reward": 1.0}\n{"reward": "abc\n')
    assert main(["classify", str(bad), "-q"]) == 2
    assert "at at column" not in capsys.readouterr().err


def test_a_closed_stderr_in_an_ascii_locale_still_prints_the_results(names: Path) -> None:
    """A review (stop 60): the stand-in for a closed stderr took the locale's encoding, and
    under LANG=C a group name such as 'café' in a progress line ended the run with exit 70
    and no output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C", "LC_ALL": "C",
           "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}
    run = subprocess.run(["sh", "-c", f'"{sys.executable}" -m tailstat classify "{names}" '
                          "--by model 2>&-"], env=env, capture_output=True, timeout=120)
    assert run.returncode == 0, run
    assert b"caf\\xe9" in run.stdout and b"classifying" not in run.stdout


class _FullDisk(io.StringIO):
    """A stream every write to which fails as /dev/full does."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_a_stderr_that_cannot_be_written_leaves_the_exit_status_the_commands_own(
        names: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Review 365: with ``2>/dev/full`` a missing input exited 1 (the error line raised
    OSError, uncaught: the status ``--fail-on heavy`` gives a heavy tail), and a progress
    line that could not be written stopped the run, its report unwritten."""
    full = _FullDisk()
    monkeypatch.setattr(sys, "stderr", full)
    assert main(["classify", str(names) + ".missing"]) == 2
    assert main(["classify", str(names), "--by", "model"]) == 0
    assert "café" in capsys.readouterr().out
    out = tmp_path / "r.html"
    assert main(["report", str(names), "--by", "model", "-o", str(out)]) == 0
    assert out.stat().st_size > 0 and sys.stderr is full
    assert _closed_pipe(["classify", str(names), "--by", "model"], "stderr").returncode == (
        BROKEN_PIPE_EXIT)  # a reader that left is still one


def test_a_stdout_that_cannot_be_written_is_named_and_the_report_kept(
        names: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Review 365: ``>/dev/full`` said "No space left on device: check the path and its
    rights", of no path, also after the report had been written in full."""
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    assert main(["classify", str(names), "--by", "model", "-q"]) == 2
    err = capsys.readouterr().err
    assert "cannot write 'standard output': No space left on device" in err
    assert "check the path" not in err
    out = tmp_path / "r.html"
    assert main(["report", str(names), "--by", "model", "-o", str(out)]) == 2
    assert "(a file the command wrote before is complete and kept)" in capsys.readouterr().err
    assert out.stat().st_size > 0


def test_streams_whose_write_returns_none_are_written(
        names: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review 366: the stream wrappers returned int(write(text)), and a codecs.StreamWriter's
    write returns None: a TypeError (exit 70, or out of main) where 0 and 2 were due."""
    import codecs

    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", codecs.getwriter("utf-8")(out))
    monkeypatch.setattr(sys, "stderr", codecs.getwriter("utf-8")(err))
    assert main(["classify", str(names), "--by", "model", "-q"]) == 0
    assert "café" in out.getvalue().decode()
    assert main(["classify", str(names) + ".missing"]) == 2
    assert "tailstat: error:" in err.getvalue().decode()
