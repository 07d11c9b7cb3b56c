"""What a stop-62 review of the command line found said wrong: an unknown option pointed to
the main help, a closed standard output was told to check a path, a compressed input's
report kept its inner suffix, a saved analysis was "made with --seed None", and a Parquet
file named so was told to be named so."""

from __future__ import annotations

import gzip
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.cli import main


@pytest.fixture
def scores(tmp_path: Path) -> Path:
    path = tmp_path / "scores.csv"
    pd.DataFrame({"reward": np.random.default_rng(0).standard_t(4, 600)}).to_csv(path,
                                                                                 index=False)
    return path


@pytest.mark.parametrize(("command", "option"), [("classify", "--title"),
                                                 ("report", "--json")])
def test_an_option_of_another_command_points_to_this_commands_help(
        scores: Path, command: str, option: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, str(scores), option, "x"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"tailstat: error: {command}: unrecognized arguments: {option} x (see "
                   f"'tailstat {command} --help')")


def test_a_closed_standard_output_is_not_blamed_on_a_path(scores: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.txt"
    run = subprocess.run(["sh", "-c", f"{shlex.quote(sys.executable)} -m tailstat classify "
                          f"{shlex.quote(str(scores))} >&-"],
                         stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 2
    assert "standard output is closed" in run.stderr
    assert "check the path" not in run.stderr
    # with -o nothing goes to standard output: "wrote ..." is said on stderr (review 401)
    run = subprocess.run(["sh", "-c", f"{shlex.quote(sys.executable)} -m tailstat classify "
                          f"{shlex.quote(str(scores))} -o {shlex.quote(str(out))} >&-"],
                         stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 0 and out.read_text().startswith("group")
    assert f"wrote {out}" in run.stderr


def test_a_compressed_inputs_report_is_named_after_its_stem(
        scores: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tailstat._cli_output import default_output

    packed = tmp_path / "scores.csv.gz"
    packed.write_bytes(gzip.compress(scores.read_bytes()))
    assert default_output(str(packed)) == Path("scores-tail-report.html")
    assert default_output(str(scores)) == Path("scores-tail-report.html")
    assert default_output("-") == Path("stdin-tail-report.html")
    assert default_output("/dev/fd/63") == Path("stdin-tail-report.html")  # <(...): 401
    monkeypatch.chdir(tmp_path)
    assert default_output(".") == Path(f"{tmp_path.name}-tail-report.html")
    inner = tmp_path / "inner"
    inner.mkdir()
    monkeypatch.chdir(inner)
    assert default_output("..") == Path(f"{tmp_path.name}-tail-report.html")
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(packed), "-q"]) == 0
    assert (tmp_path / "scores-tail-report.html").is_file()


def test_a_saved_analysis_without_a_seed_is_said_so(scores: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "saved.json"
    ts.analyze(str(scores), "reward", seed=None).to_json(saved)
    assert main(["classify", str(saved), "-q", "--seed", "0"]) == 2
    err = capsys.readouterr().err
    assert "made without --seed (seed=None in Python)" in err and "--seed None" not in err


def test_a_parquet_file_read_as_csv_is_not_told_to_take_its_own_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "basic.parquet"
    pd.DataFrame({"reward": np.arange(100.0)}).to_parquet(path)
    assert main(["classify", str(path), "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert "it is a Parquet file" in err and "Name it" not in err
    assert "--format parquet" in err
