"""The ``tailstat`` command: exit codes, one-line errors, --help, report and demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.cli import build_parser, main


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    rng = np.random.default_rng(11)
    ok = d / "scores.csv"
    pd.DataFrame({"model": np.repeat(["a", "b"], 1500),
                  "reward": np.concatenate([rng.standard_t(3.0, 1500), rng.normal(size=1500)])
                  }).to_csv(ok, index=False)
    text = d / "words.csv"
    pd.DataFrame({"name": ["x", "y", "z"], "note": ["p", "q", "r"]}).to_csv(text, index=False)
    empty = d / "empty.csv"
    empty.write_bytes(b"")
    return {"ok": ok, "text": text, "empty": empty, "missing": d / "nowhere.csv", "dir": d}


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    errors = [line for line in err if line.startswith("tailstat: error:")]
    assert len(errors) == 1, err
    assert "Traceback" not in "\n".join(err)
    return errors[0]


@pytest.mark.parametrize("command", ["report", "classify"])
@pytest.mark.parametrize(("case", "extra", "needle"), [
    ("missing", [], "not found"),
    ("empty", [], "empty"),
    ("text", [], "no numeric column"),
    ("ok", ["--column", "nope"], "unknown column 'nope'"),
])
def test_bad_input_exits_2_with_one_line(files: dict[str, Path], capsys: pytest.CaptureFixture,
                                         command: str, case: str, extra: list[str],
                                         needle: str) -> None:
    out = files["dir"] / "never.html"
    args = [command, str(files[case]), *extra] + (["-o", str(out), "-q"]
                                                  if command == "report" else [])
    assert main(args) == 2
    line = _one_error_line(capsys)
    assert needle in line
    if case != "ok":
        assert files[case].name in line  # names the file
    assert not out.exists()


def test_report_output_must_be_html(files: dict[str, Path], capsys: pytest.CaptureFixture
                                    ) -> None:
    assert main(["report", str(files["ok"]), "-o", str(files["dir"] / "r.txt")]) == 2
    assert ".html" in _one_error_line(capsys)


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["classify", "--help"],
                                  ["demo", "--help"]])
def test_help_everywhere(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 0
    assert "usage: tailstat" in capsys.readouterr().out


def test_parser_lists_every_command() -> None:
    text = build_parser().format_help()
    for cmd in ("report", "classify", "demo"):
        assert cmd in text


def test_report_command_writes_html(files: dict[str, Path], capsys: pytest.CaptureFixture
                                    ) -> None:
    out = files["dir"] / "made" / "r.html"
    rc = main(["report", str(files["ok"]), "--by", "model", "-o", str(out), "--title",
               "CLI <run>", "--seed", "5"])
    cap = capsys.readouterr()
    assert rc == 0 and out.exists()
    assert f"wrote {out}" in cap.out
    assert "[1/2]" in cap.err and "[2/2]" in cap.err  # progress, one line per group
    html = out.read_text(encoding="utf-8")
    assert "CLI &lt;run&gt;" in html and "--seed 5" in html


def test_classify_json(files: dict[str, Path], capsys: pytest.CaptureFixture) -> None:
    assert main(["classify", str(files["ok"]), "--by", "model", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["result"] == "TailAnalysis" and set(data["classifications"]) == {"a", "b"}


def test_demo_writes_reports_demo_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = tmp_path / "reports" / "demo.html"
    assert out.exists() and out.stat().st_size > 10_000
    printed = capsys.readouterr().out
    assert str(out.resolve()) in printed and "rm-heavy" in printed


def _entry_point() -> list[str]:
    script = Path(sys.executable).with_name("tailstat")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tailstat.cli"]


def test_entry_point_subprocess(files: dict[str, Path]) -> None:
    bad = subprocess.run([*_entry_point(), "report", str(files["missing"])],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tailstat: error: input file not found")
    ok = subprocess.run([*_entry_point(), "classify", str(files["ok"]), "--by", "model"],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "label" in ok.stdout.splitlines()[0]
