"""``tailstat classify`` and ``report`` as a power user with many groups meets them (review
414, ``tailstat/cli.py`` and ``tailstat/_cli_output.py``): a summary after the table, output
names of other formats refused, failures' reasons cut in the table, and advice that fits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.cli import main


def _table(tmp_path: Path, groups: int = 6, n: int = 2_000, heavy: bool = True) -> Path:
    rng = np.random.default_rng(8)
    parts = [pd.DataFrame({"m": f"rm-{i:02d}", "r": rng.pareto(1.0, n) if i == 0 and heavy
                           else rng.normal(size=n)}) for i in range(groups)]
    parts.append(pd.DataFrame({"m": "flat", "r": np.ones(n)}))  # constant: not classified
    path = tmp_path / "many.csv"
    pd.concat(parts).to_csv(path, index=False)
    return path


def test_classify_ends_with_a_summary_unless_quiet(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    """5,000 rows of a table and nothing after them: the heavy groups were to be grepped for.
    The analysis' summary (explain) follows on stderr, naming the heavy group; -q leaves it
    out, and stdout keeps the table alone."""
    path = _table(tmp_path)
    assert main(["classify", str(path), "--column", "r", "--by", "m"]) == 0
    out, err = capsys.readouterr()
    line = next(x for x in err.splitlines() if x.startswith("tailstat: summary: "))
    assert "7 groups, of which 1 could not be analysed ('flat')" in line
    assert "'rm-00'" in line and "flagged" in line
    assert "summary" not in out
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-q"]) == 0
    assert "summary" not in capsys.readouterr().err


def test_a_failed_groups_reason_is_cut_in_the_text_table(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    """One failed group padded every row of the table to 280 characters: its reason is cut in
    the table and said whole on stderr."""
    from tailstat._cli_output import ERROR_CHARS

    path = _table(tmp_path)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-q"]) == 0
    out, err = capsys.readouterr()
    row = next(x for x in out.splitlines() if x.startswith("flat "))
    assert "constant" in row and "…" in row
    assert max(len(x.rstrip()) for x in out.splitlines()) <= len(row.rstrip())
    assert len(row.rstrip()) <= len(out.splitlines()[0].split("error")[0]) + ERROR_CHARS
    assert "a constant sample has no tail" in err  # whole on stderr


@pytest.mark.parametrize("name", ["x.csv.zst", "x.zip", "x.xlsx", "x.md", "x.json", "x.html"])
def test_a_text_output_named_as_another_format_is_refused(tmp_path: Path, name: str,
                                                          capsys: pytest.CaptureFixture) -> None:
    """Only some other formats were refused: -o x.csv.zst, x.zip, x.xlsx or x.md received the
    aligned text table, uncompressed, with exit 0."""
    path = _table(tmp_path, groups=2)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-q", "-o",
                 str(tmp_path / name)]) == 2
    assert "without --json the table is written as text" in capsys.readouterr().err
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("name", ["t.txt", "t.csv.gz", "table", "run.v2", "t.log", "out.tmp",
                                  "a.bak", "res.gotUbk", "results.final", "OUT.CSV"])
def test_text_names_are_written(tmp_path: Path, name: str) -> None:
    """Names of no format are no other format (review 417: an allow-list refused out.tmp and
    a third of mktemp's names)."""
    path = _table(tmp_path, groups=2)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-q", "-o",
                 str(tmp_path / name)]) == 0
    assert (tmp_path / name).stat().st_size > 0


@pytest.mark.parametrize(("option", "name"), [("-o", "j.zip"), ("-o", "j.json.zst"),
                                              ("-o", "j.csv"),
                                              ("--save-analysis", "s.json.zst"),
                                              ("--save-analysis", "s.xlsx")])
def test_json_outputs_named_as_another_format_are_refused(
        tmp_path: Path, option: str, name: str, capsys: pytest.CaptureFixture) -> None:
    path = _table(tmp_path, groups=2)
    args = ["classify", str(path), "--column", "r", "--by", "m", "-q", "--no-goodhart",
            option, str(tmp_path / name)] + (["--json"] if option == "-o" else [])
    assert main(args) == 2
    assert ".json" in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_dev_stdout_is_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """-o /dev/stdout was refused ("not a regular file") where -o - printed the table."""
    path = _table(tmp_path, groups=2)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-q", "-o",
                 "/dev/stdout"]) == 0
    assert capsys.readouterr().out.startswith("group ")


def test_the_gate_does_not_ask_a_constant_group_for_more_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _table(tmp_path, groups=2, heavy=False)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-q",
                 "--fail-on", "heavy"]) == 2
    err = capsys.readouterr().err
    assert "more rows" not in err and "fix what its reason above names" in err


def test_report_notes_the_goodhart_sections_it_leaves_out_by_default(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Above 50 groups the report's default figures leave out the sections 'What optimisation
    would do', which --help says are on: said as a note (a warning with --goodhart)."""
    from tailstat.reporting import AUTO_FIGURES_MAX_GROUPS

    path = _table(tmp_path, groups=AUTO_FIGURES_MAX_GROUPS + 1, n=120)
    assert main(["report", str(path), "--column", "r", "--by", "m", "-q", "-o",
                 str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert "tailstat: note: the sections 'What optimisation would do'" in err
    assert "--figures all" in err


def test_what_was_written_is_said_last_with_the_prefix(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    """Review 414: 'wrote FILE' came before the failures and notes, without the 'tailstat:'
    of the other status lines."""
    path = _table(tmp_path, groups=2)
    out = tmp_path / "t.csv"
    assert main(["classify", str(path), "--column", "r", "--by", "m", "-o", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"tailstat: wrote {out}"
    assert any(line.startswith("tailstat: ! flat") for line in err[:-1])
