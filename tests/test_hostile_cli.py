"""Hostile inputs on the command line (issue 11): every failure is exit status 2, one line
on stderr, no traceback; hostile files, titles and keys give a report or that one line.

The function-level half of the suite, and the rules both halves follow, are in
``tests/test_hostile.py``.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _hostile import NORMAL

from tailstat import TailstatWarning
from tailstat.cli import main

# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile-cli")
    out: dict[str, Path] = {"dir": d}

    def put(name: str, text: str | bytes) -> None:
        p = d / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        out[name] = p

    x = NORMAL[:600]
    put("ok.csv", "model,reward\n" + "".join(f"{'ab'[i % 2]},{v!r}\n"
                                             for i, v in enumerate(x.tolist())))
    put("eu.csv", "model;reward\n" + "".join(f"{'ab'[i % 2]};{v!r}\n".replace(".", ",")
                                             for i, v in enumerate(x.tolist())))
    put("header.csv", "model;reward\na;1;2\nb;3\n" * 3)
    put("split.csv", "reward,gold\n" + "".join(f"{i},{i % 7:02d}\n" for i in range(1, 200)))
    put("empty.csv", "")
    put("header-only.csv", "model,reward\n")
    put("binary.csv", bytes(range(256)) * 20)
    put("nan.csv", "reward\n" + "nan\n" * 100)
    put("inf.csv", "reward\n" + "".join(f"{v!r}\n" for v in x.tolist()) + "inf\n")
    put("huge.csv", "reward\n" + "".join(f"{v!r}\n" for v in x.tolist()) + "1e120\n")
    put("words.csv", "a,b\nx,y\n" * 50)
    put("dup.csv", "r,r\n" + "".join(f"{v!r},{v!r}\n" for v in x.tolist()))
    put("nullkey.csv", "model,reward\n" + "".join(
        f"{'a' if i % 2 else ''},{v!r}\n" for i, v in enumerate(x.tolist())))
    put("scores.txt.gz", b"\x1f\x8b\x08")
    put("scores.rar", b"Rar!\x1a\x07\x00")
    (d / "folder.html").mkdir()
    out["folder.html"] = d / "folder.html"
    out["missing"] = d / "nowhere.csv"
    return out


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TailstatWarning)
            rc = main(argv)
    except SystemExit as exc:  # argparse usage errors and --help
        rc = int(exc.code or 0)
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def _assert_one_line_error(rc: int, err: str, *needles: str) -> None:
    """Exit 2; stderr ends with the one error line; any line before it is progress."""
    assert rc == 2, err
    lines = err.strip().splitlines()
    errors = [ln for ln in lines if ln.startswith("tailstat: error:")]
    assert len(errors) == 1 and lines[-1] == errors[0], lines
    assert all(ln.startswith("tailstat: ") for ln in lines), lines
    assert "Traceback" not in err
    for n in needles:
        assert n.lower() in errors[0].lower(), (n, errors[0])


#: (id, argv with {name} for files and {out} for a fresh output path, needles in the error)
CLI_ERRORS: list[tuple[str, list[str], tuple[str, ...]]] = [
    ("missing file", ["report", "{missing}", "-o", "{out}"], ("nowhere.csv", "not found")),
    ("empty file", ["report", "{empty.csv}", "-o", "{out}"], ("empty.csv",)),
    ("header only", ["report", "{header-only.csv}", "-o", "{out}"], ("header-only.csv",)),
    ("binary file", ["classify", "{binary.csv}"], ("binary.csv",)),
    ("folder as input", ["classify", "{dir}"], ("directory",)),
    ("all NaN", ["classify", "{nan.csv}"], ("nan.csv",)),
    ("inf", ["classify", "{inf.csv}"], ("inf.csv", "infinite")),
    ("words", ["report", "{words.csv}", "-o", "{out}"], ("words.csv", "no numeric column")),
    ("duplicate columns", ["classify", "{dup.csv}"], ("dup.csv", "duplicate column names")),
    ("misread header", ["classify", "{header.csv}"], ("header.csv", "misread")),
    ("split decimals", ["classify", "{split.csv}"], ("split.csv", "misread")),
    ("damaged gzip", ["classify", "{scores.txt.gz}"], ("scores.txt.gz", "gzip-compressed",
                                                       "could not be decompressed")),
    ("unknown extension", ["classify", "{scores.rar}"], ("unknown file type",)),
    ("unknown column", ["classify", "{ok.csv}", "--column", "nope"], ("'nope'",)),
    ("unknown by", ["classify", "{ok.csv}", "--by", "nope"], ("'nope'",)),
    ("by twice", ["classify", "{ok.csv}", "--by", "model", "--by", "model"], ("twice",)),
    ("unknown gold", ["classify", "{ok.csv}", "--gold", "nope"], ("'nope'",)),
    ("column is by", ["classify", "{ok.csv}", "--column", "model", "--by", "model"], ("--by",)),
    ("fdr -1", ["report", "{ok.csv}", "--fdr", "-1"], ("--fdr",)),
    ("fdr nan", ["report", "{ok.csv}", "--fdr", "nan"], ("--fdr",)),
    ("fdr 2", ["classify", "{ok.csv}", "--fdr", "2"], ("--fdr",)),
    ("fdr x", ["report", "{ok.csv}", "--fdr", "x"], ("--fdr",)),
    ("seed -1", ["demo", "--seed", "-1"], ("--seed",)),
    ("seed 1e3", ["classify", "{ok.csv}", "--seed", "1e3"], ("--seed",)),
    ("unknown option", ["classify", "{ok.csv}", "--nope"], ("--nope",)),
    ("no command", [], ("command",)),
    ("unknown command", ["explode"], ("explode",)),
    ("output is not html", ["report", "{ok.csv}", "-o", "{dir}"], (".html",)),
    ("output is a folder", ["report", "{ok.csv}", "-o", "{folder.html}"], ("cannot write",)),
    ("output not html", ["report", "{ok.csv}", "-o", "{dir}/r.txt"], (".html",)),
    ("classify output is a folder", ["classify", "{ok.csv}", "-o", "{dir}"], ("cannot write",)),
    ("output under a file", ["report", "{ok.csv}", "-o", "{ok.csv}/r.html"],
     ("cannot write", "not a folder")),
]


def _fill(argv: list[str], files: dict[str, Path], out: Path) -> list[str]:
    names = {k: str(v) for k, v in files.items()} | {"out": str(out)}
    filled = []
    for a in argv:
        for k, v in names.items():
            a = a.replace("{" + k + "}", v)
        filled.append(a)
    return filled


@pytest.mark.parametrize(("argv", "needles"), [pytest.param(a, n, id=i)
                                               for i, a, n in CLI_ERRORS])
def test_cli_errors_are_one_line_exit_2(files: dict[str, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str], argv: list[str],
                                        needles: tuple[str, ...]) -> None:
    out = tmp_path / "new" / "r.html"
    rc, _, err = _cli(_fill(argv, files, out), capsys)
    _assert_one_line_error(rc, err, *needles)
    assert not out.parent.exists()


def test_cli_reads_semicolon_decimal_comma_files_right(files: dict[str, Path],
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    rc, out, err = _cli(["classify", str(files["eu.csv"]), "--by", "model", "--json"], capsys)
    assert rc == 0, err
    eu = json.loads(out)
    rc, out, _ = _cli(["classify", str(files["ok.csv"]), "--by", "model", "--json"], capsys)
    ok = json.loads(out)
    assert eu["classifications"] == ok["classifications"]


def test_cli_nan_key_group_is_kept(files: dict[str, Path],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = _cli(["classify", str(files["nullkey.csv"]), "--by", "model", "--json"],
                        capsys)
    assert rc == 0, err
    assert set(json.loads(out)["classifications"]) == {"a", "<NA>"}


def test_cli_huge_outlier_is_a_report(files: dict[str, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A report, exit 0 (the test took a one-line error alike: a review)."""
    out = tmp_path / "r.html"
    rc, _, _ = _cli(["report", str(files["huge.csv"]), "-o", str(out), "-q"], capsys)
    assert rc == 0 and out.stat().st_size > 10_000


def test_cli_hostile_title_is_escaped(files: dict[str, Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    rc, _, err = _cli(["report", str(files["ok.csv"]), "-o", str(out), "-q", "--title",
                       "<script>x</script>"], capsys)
    assert rc == 0, err
    assert "<script>x</script>" not in out.read_text(encoding="utf-8")


def test_demo_with_a_file_named_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("reports").write_text("not a folder")
    rc, _, err = _cli(["demo"], capsys)
    _assert_one_line_error(rc, err, "reports", "not a folder")
    assert Path("reports").read_text() == "not a folder"


def test_cli_subprocess_never_prints_a_traceback(files: dict[str, Path]) -> None:
    for argv in (["classify", str(files["binary.csv"])], ["report", str(files["ok.csv"]),
                                                          "--fdr", "nan"]):
        res = subprocess.run([sys.executable, "-m", "tailstat.cli", *argv], capture_output=True,
                             text=True, timeout=120)
        _assert_one_line_error(res.returncode, res.stderr)


def test_a_group_too_small_shows_a_dash_in_every_column(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    """The text table marks every number of an unclassified group "-", its heavy flag too
    (it was blank, unlike the other columns)."""
    p = tmp_path / "small.csv"
    p.write_text("g,r\n" + "".join(f"a,{float(v)!r}\n" for v in NORMAL[:600])
                 + "".join(f"b,{float(v)!r}\n" for v in NORMAL[:20]), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        assert main(["classify", str(p), "--column", "r", "--by", "g", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines[0].index("heavy_flag")
    row = next(line for line in lines if line.startswith("b "))
    assert row[at:at + len("heavy_flag")].strip() == "-"


def test_group_keys_print_as_written_and_control_characters_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The text table gave float keys three digits (12340.0 and 12345.0 both printed
    1.23e+04), printed inf as "-", and wrote a key's escape sequences raw to the terminal
    (table, stderr notes, the gate's line)."""
    p = tmp_path / "floats.parquet"
    pd.DataFrame({"r": np.concatenate([NORMAL[:600]] * 3),
                  "g": np.repeat([12340.0, 12345.0, math.inf], 600)}).to_parquet(p)
    rc, out, _ = _cli(["classify", str(p), "--column", "r", "--by", "g", "-q"], capsys)
    assert rc == 0
    groups = {line.split("  ")[0] for line in out.splitlines()[1:]}
    assert groups == {"12340.0", "12345.0", "inf"}
    p = tmp_path / "escapes.parquet"
    pd.DataFrame({"r": np.concatenate([NORMAL[:600], np.zeros(10)]),
                  "g": ["ok"] * 600 + ["\x1b]0;pwned\x07\x1b[2J"] * 10}).to_parquet(p)
    rc, out, err = _cli(["classify", str(p), "--column", "r", "--by", "g",
                         "--fail-on", "heavy"], capsys)
    assert rc == 2  # a group that could not be classified fails the gate
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\u001b]0;pwned" in out and "\\u001b]0;pwned" in err


def test_option_errors_do_not_name_the_input(files: dict[str, Path],
                                             capsys: pytest.CaptureFixture) -> None:
    rc, _, err = _cli(["report", str(files["ok.csv"]), "-o", "out.txt"], capsys)
    _assert_one_line_error(rc, err, "give -o a name ending in .html")
    assert "ok.csv" not in err


def test_a_seed_beyond_the_float_range_is_a_seed(files: dict[str, Path],
                                                 capsys: pytest.CaptureFixture) -> None:
    """--seed 10**400 was read through float() and reported as data too extreme."""
    rc, out, err = _cli(["classify", str(files["ok.csv"]), "--seed", str(10**400), "-q"],
                        capsys)
    assert rc == 0, err
    assert "light" in out or "normal" in out or "uncertain" in out


def test_step_bins_and_by_together_are_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    """On TRL completion logs --step-bins was silently dropped when --by step was given."""
    out = tmp_path / "completions"
    out.mkdir()
    for step in range(10, 110, 10):
        frame = pd.DataFrame({"step": step, "prompt": "p", "completion": "c",
                              "r": NORMAL[step:step + 60]})
        frame.to_parquet(out / f"completions_{step:05d}.parquet")
    rc, _, err = _cli(["classify", str(out), "--step-bins", "3", "--by", "step"], capsys)
    _assert_one_line_error(rc, err, "--step-bins", "--by groups them by 'step'")
    assert "give one of them" in err and str(out) not in err  # an option: no input prefix


def test_json_writes_non_finite_keys_as_their_classification_keys(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """An inf key was null in the table (the schema allows no null) but "inf" among the
    classifications."""
    p = tmp_path / "inf.parquet"
    pd.DataFrame({"r": np.concatenate([NORMAL[:600]] * 2),
                  "g": np.repeat([math.inf, 1.5], 600)}).to_parquet(p)
    rc, out, _ = _cli(["classify", str(p), "--column", "r", "--by", "g", "--json"], capsys)
    assert rc == 0
    doc = json.loads(out)
    assert [row["group"] for row in doc["table"]] == [1.5, "inf"] or \
        sorted(map(str, (row["group"] for row in doc["table"]))) == ["1.5", "inf"]
    assert {str(row["group"]) for row in doc["table"]} == set(doc["classifications"])


def test_report_from_standard_input_says_so_and_how_to_run_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """The reproducibility block said "in-memory DataFrame" and gave a Python call on
    ``data``; reading warnings escaped as raw Python warnings naming a temporary file. They
    are said with -q too (a review: a quiet CI run kept no record of what reading changed)."""
    import io
    import re

    text = "".join(f"{float(v)!r}\n" for v in NORMAL[:600])  # no header line: a warning
    out_html = tmp_path / "s.html"
    for quiet in (False, True):
        stdin = io.TextIOWrapper(io.BytesIO(text.encode()))
        monkeypatch.setattr(sys, "stdin", stdin)
        argv = ["report", "-", "-o", str(out_html)] + (["-q"] if quiet else [])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nothing escapes as a Python warning
            rc = main(argv)
        err = capsys.readouterr().err
        assert rc == 0
        said = [ln for ln in err.splitlines() if ln.startswith("tailstat: warning:")]
        assert said
        assert all("stdin.csv" not in ln for ln in said)
    page = re.sub(r"<[^>]+>", " ", out_html.read_text(encoding="utf-8"))
    assert "standard input" in page and "in-memory" not in page
    assert "(the same data) | tailstat report -" in page


def test_report_with_column_labels_that_are_numbers(tmp_path: Path) -> None:
    """Column labels 0, 1, 2 (a frame built without names): report() crashed joining the
    group columns, and the reward column 0 showed as "(the only numeric column)"."""
    import re

    import tailstat

    df = pd.DataFrame({0: NORMAL[:1200], 1: ["a", "b"] * 600, 2: NORMAL[1200:2400]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        tailstat.report(tailstat.analyze(df, 0, by=1, gold=2), tmp_path / "n.html")
    page = " ".join(re.sub(r"<[^>]+>", " ", (tmp_path / "n.html").read_text()).split())
    assert "reward column 0" in page and "groups by 1" in page and "gold column 2" in page


def test_a_saved_analysis_on_standard_input_is_read_as_its_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """It was read as data: "'version' has only 2 value(s); at least 50 are needed"; then
    refused ("save it and give its name"); it is now read as the file is, its options
    checked the same way."""
    import io

    import tailstat

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TailstatWarning)
        saved = tailstat.analyze(NORMAL[:600]).to_json()
    (tmp_path / "a.json").write_text(saved, encoding="utf-8")
    rc, from_file, _ = _cli(["classify", str(tmp_path / "a.json"), "--json"], capsys)
    assert rc == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(saved.encode())))
    rc, piped, _ = _cli(["classify", "-", "--json"], capsys)
    assert rc == 0 and piped == from_file
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(saved.encode())))
    rc, _, err = _cli(["classify", "-", "--column", "x"], capsys)
    _assert_one_line_error(rc, err, "standard input is a saved analysis", "--column")


def test_a_report_from_standard_input_repeats_the_read_options(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """RewardBench outputs piped in with --scores margin: the command to run again dropped
    --scores margin while keeping --column margin, so it failed ("unknown column")."""
    import io
    import re

    rows = [json.dumps({"subset": "s", "scores_chosen": [float(a)],
                        "scores_rejected": [float(b)]})
            for a, b in zip(NORMAL[:800], NORMAL[800:1600], strict=True)]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(rows).encode())))
    out_html = tmp_path / "rb.html"
    rc, _, err = _cli(["report", "-", "--scores", "margin", "-o", str(out_html), "-q"], capsys)
    assert rc == 0, err
    page = " ".join(re.sub(r"<[^>]+>", " ", out_html.read_text(encoding="utf-8")).split())
    command = page[page.index("(the same data) | tailstat report -"):][:200]
    assert "--scores margin" in command


def test_standard_input_of_only_a_header_is_called_standard_input(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"reward,g\n")))
    rc, _, err = _cli(["classify", "-"], capsys)
    _assert_one_line_error(rc, err, "standard input has no rows (only a header?)")
    assert "<stdin>" not in err
