"""Review 438: classify's -o run.csv quotes text that a spreadsheet would run as a formula
(prompts and model names are text from outside), and --format json on a file of JSON Lines
says to read it as JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat._table_rows import csv_frame
from tailstat.cli import main

GROUPS = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2", "plain"]


def test_csv_cells_that_would_be_formulas_are_quoted(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    data = tmp_path / "p.csv"
    pd.DataFrame({"g": np.repeat(GROUPS, 600), "r": rng.normal(size=3000)}).to_csv(
        data, index=False)
    out = tmp_path / "t.csv"
    assert main(["classify", str(data), "--column", "r", "--by", "g", "-q", "-o",
                 str(out)]) == 0
    back = pd.read_csv(out, keep_default_na=False)
    assert sorted(back["group"]) == sorted(
        "'" + g if g[0] in "=+-@" else g for g in GROUPS)
    assert back["n"].tolist() == [600] * 5  # numbers stay numbers


def test_the_guard_leaves_numbers_and_the_callers_frame_alone() -> None:
    frame = pd.DataFrame({"group": pd.array(["=a", "b"], dtype="string"), "-x": [-1.5, 2.0],
                          "t": ["\tq", "\rr"]})
    kept = frame.copy()
    out = csv_frame(frame, None)
    assert list(out.columns) == ["group", "'-x", "t"]
    assert out["group"].tolist() == ["'=a", "b"] and out["'-x"].tolist() == [-1.5, 2.0]
    assert out["t"].tolist() == ["'\tq", "'\rr"]
    pd.testing.assert_frame_equal(frame, kept)


def test_json_lines_read_as_json_are_told_to_read_them_as_lines(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "o.json"
    rng = np.random.default_rng(3)
    path.write_text("".join(json.dumps({"reward": float(v)}) + "\n"
                            for v in rng.normal(size=200)))
    assert main(["classify", str(path), "--column", "reward", "-q"]) == 0  # auto: lines
    capsys.readouterr()
    assert main(["classify", str(path), "--format", "json", "--column", "reward", "-q"]) == 2
    err = capsys.readouterr().err
    assert "one JSON record per line (JSON Lines)" in err and "--format jsonl" in err
