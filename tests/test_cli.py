"""The ``tailstat`` command: exit codes, one-line errors, --help, report and demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _helpers import two_model_scores

from tailstat.cli import build_parser, main


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    ok = two_model_scores(d / "scores.csv", seed=11)
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


def test_output_that_is_the_input_is_refused(tmp_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    """`classify data.csv -o data.csv` replaced the data with the text table (exit 0)."""
    data = tmp_path / "victim.csv"
    data.write_text("reward\n" + "\n".join(map(str, range(200))) + "\n")
    before = data.read_bytes()
    assert main(["classify", str(data), "-o", str(tmp_path / "." / "victim.csv")]) == 2
    assert "is the input file" in _one_error_line(capsys)
    assert data.read_bytes() == before


@pytest.mark.parametrize("figures", ["none", "summary"])
def test_an_explicit_goodhart_without_figures_has_its_sections_as_text(
        files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture,
        figures: str) -> None:
    """--goodhart with --figures none exited 0 without the sections it asked for; then it was
    refused, while an analysis made with goodhart=True showed them as text (review 422):
    now they are made and shown as text."""
    out = tmp_path / "r.html"
    assert main(["report", str(files["ok"]), "--by", "model", "--figures", figures,
                 "--goodhart", "-o", str(out), "-q"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("What optimisation would do") >= 2
    assert "left out with the per-group figures" not in page


def test_the_output_of_classify_json_is_named_when_given_as_data(
        files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The README's verdicts.json fed back as input: 'Mixing dicts with non-Series may lead
    to ambiguous ordering' before."""
    verdicts = tmp_path / "verdicts.json"
    assert main(["classify", str(files["ok"]), "--by", "model", "--json", "-o", str(verdicts),
                 "-q"]) == 0
    capsys.readouterr()
    assert main(["report", str(verdicts), "-o", str(tmp_path / "r.html"), "-q"]) == 2
    assert "output of 'tailstat classify --json'" in _one_error_line(capsys)


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
    assert f"wrote {out}" in cap.err and "wrote" not in cap.out  # status on stderr (review 401)
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
    printed = capsys.readouterr()
    assert "rm-heavy" in printed.out and str(out.resolve()) not in printed.out
    assert f"tailstat: wrote {out.resolve()} — open it in a browser" in printed.err


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
    assert "verdict" in ok.stdout.splitlines()[0]


# --------------------------------------------------------------------------------------------
# issue 11: argument checks, one line for every failure, atomic outputs that name the file
# --------------------------------------------------------------------------------------------


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tailstat: error:"), err
    return err[0]


@pytest.mark.parametrize("command", ["report", "classify"])
@pytest.mark.parametrize("fdr", ["-1", "nan", "2", "x", "0", "1", "inf", ""])
def test_fdr_must_be_in_0_1(files: dict[str, Path], capsys: pytest.CaptureFixture,
                            command: str, fdr: str) -> None:
    line = _usage_error([command, str(files["ok"]), f"--fdr={fdr}"], capsys)
    assert "--fdr" in line and "between 0 and 1" in line


@pytest.mark.parametrize("seed", ["-3", "x", "1.5"])
def test_seed_must_be_a_non_negative_integer(files: dict[str, Path],
                                             capsys: pytest.CaptureFixture, seed: str) -> None:
    assert "--seed" in _usage_error(["classify", str(files["ok"]), f"--seed={seed}"], capsys)


def test_unknown_option_is_one_line(capsys: pytest.CaptureFixture) -> None:
    assert "--nope" in _usage_error(["report", "x.csv", "--nope"], capsys)


def test_fdr_reaches_the_analysis(files: dict[str, Path], capsys: pytest.CaptureFixture,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import tailstat.analysis

    seen: dict[str, object] = {}
    real = tailstat.analysis.analyze

    def spy(*a: object, **k: object) -> object:
        seen.update(k)
        return real(*a, **k)

    monkeypatch.setattr(tailstat.analysis, "analyze", spy)
    assert main(["classify", str(files["ok"]), "--by", "model", "--fdr", "0.2"]) == 0
    assert seen["fdr"] == 0.2


@pytest.mark.parametrize("exc", [OverflowError(34, "Numerical result out of range"),
                                 FloatingPointError("overflow encountered in multiply"),
                                 KeyError("surprise")])
def test_numerical_and_unexpected_errors_are_one_line(
        files: dict[str, Path], capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
        exc: Exception) -> None:
    import tailstat.analysis

    def boom(*a: object, **k: object) -> None:
        raise exc

    import tailstat.reporting._obtain

    monkeypatch.setattr(tailstat.analysis, "analyze", boom)
    monkeypatch.setattr(tailstat.reporting._obtain, "analyze_groups", boom)
    monkeypatch.delenv("TAILSTAT_TRACEBACK", raising=False)
    out = files["dir"] / "fresh" / "never.html"
    # a numerical failure is the data's (2); anything else is a bug in tailstat (70,
    # EX_SOFTWARE: it was 2 as well, and a CI gate could not tell a crash from bad data)
    code = 70 if isinstance(exc, KeyError) else 2
    for argv in (["classify", str(files["ok"])], ["report", str(files["ok"]), "-o", str(out)]):
        assert main(argv) == code
        line = _one_error_line(capsys)
        assert type(exc).__name__ in line and files["ok"].name in line
        assert not out.parent.exists()  # no empty folder left behind
    # the traceback on stderr, the exit code the same (a review: the error was raised again,
    # so a crash exited 1, --fail-on's "a heavy tail"); "0" asks for none
    monkeypatch.setenv("TAILSTAT_TRACEBACK", "1")
    assert main(["classify", str(files["ok"])]) == code
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "tailstat: error:" in err
    # (review 387: the line asked for the traceback it had just printed)
    assert code == 2 or ("report it with the traceback above" in err
                         and "set TAILSTAT" not in err)
    monkeypatch.setenv("TAILSTAT_TRACEBACK", "0")
    assert main(["classify", str(files["ok"])]) == code
    assert "Traceback" not in capsys.readouterr().err


def test_outlier_1e120_is_a_report(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The GPD fit works at any magnitude: a report, exit 0 (a review: the test took a report
    or a one-line error alike, so a regression to the error would have passed)."""
    x = np.random.default_rng(3).normal(size=3000)
    x[5] = 1e120
    src = tmp_path / "huge.csv"
    pd.DataFrame({"reward": x}).to_csv(src, index=False)
    out = tmp_path / "huge.html"
    assert main(["report", str(src), "-o", str(out), "-q"]) == 0
    assert out.stat().st_size > 10_000


def _half_then_enospc(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk: Path.write_text writes half its text, then fails; os.fsync fails too
    (where a network file system reports it), whichever way the report is written."""
    import errno
    import os as _os

    def full(self: Path, data: str, *a: object, **k: object) -> int:
        with open(self, "w", encoding="utf-8") as fh:
            fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, _os.strerror(errno.ENOSPC))

    def no_sync(fd: int) -> None:
        raise OSError(errno.ENOSPC, _os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", full)
    monkeypatch.setattr(_os, "fsync", no_sync)


def test_full_disk_keeps_the_previous_report(files: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(files["ok"]), "--by", "model", "-o", str(out), "-q"]) == 0
    before = out.read_bytes()
    capsys.readouterr()
    _half_then_enospc(monkeypatch)
    assert main(["report", str(files["ok"]), "--by", "model", "-o", str(out), "-q",
                 "--seed", "9"]) == 2
    line = _one_error_line(capsys)
    assert str(out) in line and "No space left on device" in line
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_full_disk_on_a_real_tmpfs_keeps_the_previous_report(
        files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import os as _os
    import shutil

    if shutil.which("mount") is None or not hasattr(_os, "geteuid") or _os.geteuid() != 0:
        pytest.skip("needs root and mount(8); test_full_disk_keeps_the_previous_report "
                    "covers the same path by fault injection")
    disk = tmp_path / "disk"
    disk.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        out = disk / "r.html"
        assert main(["report", str(files["ok"]), "--by", "model", "-o", str(out), "-q"]) == 0
        before = out.read_bytes()
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * max(0, free - len(before) // 2))
        capsys.readouterr()
        assert main(["report", str(files["ok"]), "--by", "model", "-o", str(out), "-q"]) == 2
        line = _one_error_line(capsys)
        assert str(out) in line and "space" in line.lower()
        assert out.read_bytes() == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "r.html"]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_failed_report_leaves_no_empty_folders(files: dict[str, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "new" / "deeper" / "r.html"
    assert main(["report", str(files["text"]), "-o", str(out)]) == 2
    _one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("target", ["folder", "under a file"])
def test_unwritable_output_names_the_file(files: dict[str, Path], tmp_path: Path,
                                          capsys: pytest.CaptureFixture, target: str) -> None:
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afolder.html" if target == "folder" else tmp_path / "afile" / "r.html"
    if target == "folder":
        out.mkdir()
    assert main(["report", str(files["ok"]), "-o", str(out), "-q"]) == 2
    assert f"cannot write '{out}'" in _one_error_line(capsys)
    assert main(["classify", str(files["ok"]), "-o", str(out)]) == 2
    assert f"cannot write '{out}'" in _one_error_line(capsys)


def test_classify_output_file(files: dict[str, Path], tmp_path: Path,
                              capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "sub" / "c.json"
    assert main(["classify", str(files["ok"]), "--by", "model", "--json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["result"] == "TailAnalysis"
    assert f"wrote {out}" in capsys.readouterr().err
    txt = tmp_path / "c.txt"
    assert main(["classify", str(files["ok"]), "--by", "model", "-o", str(txt)]) == 0
    assert txt.read_text().splitlines()[0].startswith("group")


def test_report_summary_with_several_by_columns(tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    rng = np.random.default_rng(2)
    src = tmp_path / "two.csv"
    pd.DataFrame({"m": np.repeat(["a", "b"], 400), "p": np.tile(["x", "y"], 400),
                  "reward": rng.standard_t(3, 800)}).to_csv(src, index=False)
    assert main(["report", str(src), "--by", "m", "--by", "p", "-o",
                 str(tmp_path / "r.html")]) == 0
    out = capsys.readouterr().out
    assert "('a', 'x')" in out and "('b', 'y')" in out


# --- progress display (tqdm on a terminal, plain lines otherwise, nothing with --quiet) -------

def test_progress_bar_on_a_terminal(files: dict[str, Path], capsys: pytest.CaptureFixture,
                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import tailstat._cli_progress as progress

    monkeypatch.setattr(progress, "stderr_is_tty", lambda: True)
    out = tmp_path / "r.html"
    assert main(["report", str(files["ok"]), "--by", "model", "-o", str(out)]) == 0
    cap = capsys.readouterr()
    assert "\r" in cap.err and "tailstat:" in cap.err  # a tqdm bar redraws in place
    assert f"wrote {out}" in cap.err  # the one-line summary of what was written stays


def test_progress_lines_when_not_a_terminal(files: dict[str, Path],
                                            capsys: pytest.CaptureFixture,
                                            tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(files["ok"]), "--by", "model", "-o", str(out)]) == 0
    cap = capsys.readouterr()
    assert "\r" not in cap.err and "tailstat: " in cap.err
    assert f"wrote {out}" in cap.err


@pytest.mark.parametrize("command", ["report", "classify"])
def test_quiet_means_no_progress(files: dict[str, Path], capsys: pytest.CaptureFixture,
                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                 command: str) -> None:
    import tailstat._cli_progress as progress

    monkeypatch.setattr(progress, "stderr_is_tty", lambda: True)
    extra = ["-o", str(tmp_path / "r.html")] if command == "report" else []
    assert main([command, str(files["ok"]), "--by", "model", "-q", *extra]) == 0
    cap = capsys.readouterr()
    assert cap.err == ""
    if command == "report":  # not even "wrote ..." (the module doc; classify -q -o alike)
        assert cap.out == "" and (tmp_path / "r.html").stat().st_size > 0


def test_classify_json_has_goodhart_numbers(files: dict[str, Path],
                                            capsys: pytest.CaptureFixture) -> None:
    assert main(["classify", str(files["ok"]), "--by", "model", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    g = data["goodhart"]
    assert set(g) == {"a", "b"}
    for num in g.values():
        assert num["verdict"].startswith("Reaching a mean reward 3 sd")
        assert num["bon_n"] == 1024 and num["bon_u"] is not None and num["bon_kl"] > 5
    assert "goodhart_kl_3sd" in data["table"][0]
    assert main(["classify", str(files["ok"]), "--by", "model", "--json",
                 "--no-goodhart"]) == 0
    assert json.loads(capsys.readouterr().out)["goodhart"] == {}


def test_report_of_a_saved_analysis(files: dict[str, Path], capsys: pytest.CaptureFixture
                                    ) -> None:
    """Issue 13: ``tailstat report results.json`` renders a saved analysis, figures included,
    the same figures as ``tailstat.report`` of the analysis itself."""
    import re

    import tailstat as ts

    res = ts.analyze(files["ok"], "reward", by="model")
    saved = files["dir"] / "results.json"
    res.to_json(saved)
    direct = ts.report(res, files["dir"] / "direct.html")
    out = files["dir"] / "from-json.html"
    assert main(["report", str(saved), "-o", str(out), "--quiet"]) == 0
    capsys.readouterr()

    def images(path: Path) -> list[str]:
        return re.findall(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+",
                          path.read_text(encoding="utf-8"))

    assert len(images(out)) == 3  # overview + one per group
    assert images(out) == images(Path(direct))
    # options that would change the analysis cannot apply to a saved one (those it was made
    # with can: a review, stop 63)
    assert main(["report", str(saved), "--by", "other", "-o", str(out)]) == 2
    assert "saved analysis" in _one_error_line(capsys)
    # re-indented or key-sorted by a JSON tool, it is still recognised as a saved analysis
    import json

    for i, kw in enumerate(({"indent": 2}, {"sort_keys": True}, {})):
        again = files["dir"] / f"again{i}.json"
        again.write_text(json.dumps(json.loads(saved.read_text(encoding="utf-8")), **kw),
                         encoding="utf-8")
        assert main(["report", str(again), "-o", str(out), "--quiet"]) == 0
        assert images(out) == images(Path(direct))
    capsys.readouterr()


@pytest.mark.parametrize(("extra", "words"), [
    (["--step-bins", "5"], "--step-bins is for TRL completion logs"),
    (["--scores", "margin"], "--scores is for RewardBench outputs"),
])
def test_reader_options_on_a_plain_table_are_an_error(files: dict[str, Path],
                                                      capsys: pytest.CaptureFixture,
                                                      extra: list[str], words: str) -> None:
    assert main(["classify", str(files["ok"]), "--by", "model", *extra]) == 2
    line = _one_error_line(capsys)
    assert words in line and "plain table" in line


@pytest.mark.parametrize("command", ["report", "classify"])
def test_an_empty_output_name_is_an_error(files: dict[str, Path], capsys: pytest.CaptureFixture,
                                          command: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing may be written under the default name either
    assert main([command, str(files["ok"]), "--by", "model", "-o", ""]) == 2
    assert "-o is empty" in _one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_a_report_read_with_reader_options_says_how_to_read_the_file_again(
        files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """``--format`` (like ``--scores`` and ``--step-bins``) changes how the file is read: the
    report names the file (path, SHA-256) and its "to run again" command repeats the option,
    and that command makes the same verdicts. A frame read in Python and passed to report()
    stays an in-memory table (it may have been changed since it was read)."""
    import hashlib
    import html
    import re
    import shlex

    import tailstat as ts
    from tailstat.data import read_table

    src = tmp_path / "scores.txt"  # an extension the sniffer does not know
    src.write_bytes(files["ok"].read_bytes())
    out = tmp_path / "first.html"
    assert main(["report", str(src), "--format", "csv", "--column", "reward", "--by", "model",
                 "--figures", "none", "-q", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    call = html.unescape(re.search(r'<th scope="row">to run again</th>'
                                   r'<td class="mono">(.*?)</td>', page,
                                   re.S).group(1))
    assert "--format csv" in call and str(src) in call
    assert "read with --format csv" in page
    assert hashlib.sha256(src.read_bytes()).hexdigest() in page
    again = tmp_path / "again.html"
    argv = shlex.split(call)
    assert argv[:2] == ["tailstat", "report"]
    assert main([*argv[1:], "-q", "-o", str(again)]) == 0
    capsys.readouterr()

    def verdicts(p: Path) -> list[str]:
        return re.findall(r'class="pill[^"]*">([^<]*)<', p.read_text(encoding="utf-8"))

    assert verdicts(again) == verdicts(out) and verdicts(out)
    # several --by: one --by each, and the file read the same way
    both = tmp_path / "both.txt"
    table = pd.read_csv(files["ok"])
    table.assign(half=np.arange(len(table)) % 2).to_csv(both, index=False)
    two = tmp_path / "two.html"
    assert main(["report", str(both), "--format", "csv", "--column", "reward", "--by", "model",
                 "--by", "half", "--figures", "none", "-q", "-o", str(two)]) == 0
    call = html.unescape(re.search(r'<th scope="row">to run again</th>'
                                   r'<td class="mono">(.*?)</td>',
                                   two.read_text(encoding="utf-8"), re.S).group(1))
    assert call.startswith(f"tailstat report {both} --format csv --column reward --by model "
                           "--by half")
    frame = read_table(src, format="csv")
    page = ts.report(frame, tmp_path / "py.html", column="reward", by="model",
                     figures="none", progress=False).read_text(encoding="utf-8")
    assert "in-memory DataFrame" in page and "--format" not in page


def test_classify_text_shows_each_groups_caveats(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    # the text table has no room for the caveats (ties, saturation): they follow it on
    # stderr, one line each (with -q too: a CI log keeps them, a review; --json has them in
    # its "warnings" lists)
    rng = np.random.default_rng(0)
    path = tmp_path / "rm.csv"
    pd.DataFrame({"cat": np.repeat(["rounded", "clipped"], 5000),
                  "reward": np.r_[np.round(rng.normal(size=5000) * 2) / 2,
                                  np.minimum(rng.normal(size=5000), 1.2)]}).to_csv(path,
                                                                                   index=False)
    assert main(["classify", str(path), "--column", "reward", "--by", "cat"]) == 0
    err = capsys.readouterr().err
    assert "tailstat: note: rounded: " in err and "tied (discretised rewards)" in err
    assert "tailstat: note: clipped: " in err and "saturated" in err
    assert main(["classify", str(path), "--column", "reward", "--by", "cat", "-q"]) == 0
    quiet = capsys.readouterr().err
    assert "tailstat: note: rounded: " in quiet and "tailstat: note: clipped: " in quiet
    assert "classifying" not in quiet  # no progress
    assert main(["classify", str(path), "--column", "reward", "--by", "cat", "--json"]) == 0
    assert "note:" not in capsys.readouterr().err


def test_gate_level_above_the_classifiers_cap_is_refused_and_the_cap_trips(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # P(heavy) never exceeds 0.98: --level 0.99 could never fail (refused); a Pareto(1)
    # sample at the cap (0.97999999...) trips --level 0.98
    path = tmp_path / "pareto.csv"
    pd.DataFrame({"reward": np.random.default_rng(0).pareto(1.0, 20_000)}).to_csv(path,
                                                                                 index=False)
    with pytest.raises(SystemExit) as info:
        main(["classify", str(path), "--fail-on", "heavy", "--level", "0.99", "-q"])
    assert info.value.code == 2 and "must be at most 0.98" in capsys.readouterr().err
    assert main(["classify", str(path), "--fail-on", "heavy", "--level", "0.98", "-q"]) == 1


def test_classify_gates_a_saved_analysis_and_refuses_options_it_cannot_apply(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import tailstat as ts

    rng = np.random.default_rng(1)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 5000),
                       "r": np.r_[rng.pareto(1.0, 5000), rng.normal(size=5000)]})
    saved = tmp_path / "results.json"
    ts.analyze(df, "r", by="m", seed=3).to_json(saved)
    assert main(["classify", str(saved), "--fail-on", "heavy", "-q"]) == 1
    out = capsys.readouterr()
    assert "heavy" in out.out and "FAIL" in out.err
    for extra in (["--fdr", "0.2"], ["--seed", "5"], ["--seed", "0"], ["--format", "csv"]):
        assert main(["classify", str(saved), *extra]) == 2
        assert "is a saved analysis" in capsys.readouterr().err
    # as it was made, or nothing said
    for extra in (["--seed", "3"], ["--format", "auto"], []):
        assert main(["classify", str(saved), *extra, "-q"]) == 0


def test_a_quoted_glob_without_dask_gets_a_hint(capsys: pytest.CaptureFixture) -> None:
    assert main(["classify", "/nowhere/shards/*.parquet"]) == 2
    line = _one_error_line(capsys)
    assert "input file not found" in line and "--dask" in line
