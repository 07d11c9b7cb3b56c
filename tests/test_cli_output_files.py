"""What ``-o`` writes and where the notes go (tailstat/_cli_output.py: ``write_output``,
``check_output``, ``say_notes``; review 401)."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.cli import main


@pytest.fixture(scope="module")
def rounded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two models, one with scores rounded to integers (a tie note)."""
    r = np.random.default_rng(3)
    path = tmp_path_factory.mktemp("cli_files") / "r.csv"
    pd.DataFrame({"m": np.repeat(["a", "b"], 3000),
                  "reward": np.r_[r.normal(size=3000), np.round(r.standard_t(6, 3000))]}
                 ).to_csv(path, index=False)
    return path


def test_report_says_the_groups_notes_on_stderr_with_q_too(rounded: Path, tmp_path: Path,
                                                             capsys) -> None:
    """``report -q`` printed none of the notes its help promises (``classify -q`` did), and
    without -q it printed them on stdout, unlike classify."""
    assert main(["classify", str(rounded), "--by", "m", "-q"]) == 0
    classify_err = capsys.readouterr().err
    notes = [ln for ln in classify_err.splitlines() if ln.startswith("tailstat: note: b:")]
    assert notes
    for quiet in (["-q"], []):
        assert main(["report", str(rounded), "--by", "m", "--figures", "none", *quiet,
                     "-o", str(tmp_path / "r.html")]) == 0
        cap = capsys.readouterr()
        assert all(n in cap.err for n in notes)
        assert "tailstat: note" not in cap.out and "  * b:" not in cap.out
        assert (cap.out == "") == bool(quiet)


def test_o_writes_by_the_name_compressed_csv_or_nothing(rounded: Path, tmp_path: Path,
                                                        capsys) -> None:
    """``-o run.json.gz`` held plain JSON, ``-o t.csv`` the space-aligned text table, and
    ``-o /dev/null`` was refused as a device."""
    packed = tmp_path / "c.json.gz"
    assert main(["classify", str(rounded), "--by", "m", "--json", "-q", "-o", str(packed)]) == 0
    doc = json.loads(gzip.decompress(packed.read_bytes()))
    assert doc["result"] == "TailAnalysis"
    table = tmp_path / "t.csv"
    assert main(["classify", str(rounded), "--by", "m", "-q", "-o", str(table)]) == 0
    got = pd.read_csv(table)
    assert list(got["group"]) == ["a", "b"] and {"label", "p_heavy", "xi"} <= set(got.columns)
    capsys.readouterr()
    assert main(["classify", str(rounded), "--by", "m", "-o", os.devnull]) == 0
    cap = capsys.readouterr()
    assert cap.out == "" and "wrote" not in cap.err
    assert main(["classify", str(rounded), "--by", "m", "--json", "-o",
                 str(tmp_path / "x.csv")]) == 2
    assert "--json writes JSON" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_notes_of_many_groups_are_counted_past_twenty(tmp_path: Path, capsys) -> None:
    """1,500 small groups printed 2,126 note lines on stderr; the failures were capped."""
    r = np.random.default_rng(0)
    path = tmp_path / "many.csv"
    pd.DataFrame({"g": np.repeat([f"g{i:02d}" for i in range(30)], 200),
                  "reward": np.round(r.normal(size=6000), 1)}).to_csv(path, index=False)
    assert main(["classify", str(path), "--by", "g", "-q"]) == 0
    err = capsys.readouterr().err.splitlines()
    named = {ln.split(":")[2].strip() for ln in err if ln.startswith("tailstat: note: g")}
    assert len(named) == 20
    assert err[-1] == ("tailstat: note: ... and 10 more groups with notes (each group's in "
                       "--json)")


def test_a_gate_level_below_one_half_names_the_level_not_a_heavy_tail(rounded: Path,
                                                                        capsys) -> None:
    """Review 401: ``--level 1e-9`` was accepted (every group fails: no P(heavy) is below
    0.01) and the gate line said "heavy upper tail in" of groups the table calls light."""
    with pytest.raises(SystemExit) as usage:  # a usage error, as every bad option value
        main(["classify", str(rounded), "--by", "m", "--fail-on", "heavy", "--level", "1e-9"])
    assert usage.value.code == 2
    assert "must be above 0.010001 (the smallest P(heavy)" in capsys.readouterr().err
    assert main(["classify", str(rounded), "--by", "m", "--fail-on", "heavy", "--level",
                 "0.02", "-q"]) == 1
    err = capsys.readouterr().err
    assert "FAIL: P(heavy) at least 0.02 in a" in err and "heavy upper tail" not in err


def test_a_saved_analysis_named_as_a_table_is_refused(rounded: Path, tmp_path: Path,
                                                      capsys) -> None:
    """Review 401: ``--save-analysis out.csv`` wrote JSON into a file named as a table."""
    assert main(["classify", str(rounded), "--by", "m", "-q", "--save-analysis",
                 str(tmp_path / "out.csv")]) == 2
    assert "give a name ending in .json" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()
    assert main(["classify", str(rounded), "--by", "m", "-q", "--no-goodhart",
                 "--save-analysis", str(tmp_path / "out.json.gz")]) == 0


def test_a_text_table_is_not_written_under_the_name_of_another_format(rounded: Path,
                                                                       tmp_path: Path,
                                                                       capsys) -> None:
    """Review 405: ``-o out.parquet`` (or .json, .html) without --json wrote the aligned text
    table, which no reader of that format reads."""
    for name in ("out.parquet", "out.json", "out.html.gz"):
        assert main(["classify", str(rounded), "--by", "m", "-o", str(tmp_path / name)]) == 2
        assert "without --json the table is written as text" in capsys.readouterr().err
    assert main(["classify", str(rounded), "--by", "m", "-q", "-o",
                 str(tmp_path / "out.txt")]) == 0
    assert (tmp_path / "out.txt").read_text().startswith("group")
