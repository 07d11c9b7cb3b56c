"""What ``tailstat classify`` prints (``tailstat/cli.py``'s table and
``tailstat/_cli_output.py``): verdicts in words, uncertain ones marked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.cli import main


def test_the_table_shows_an_uncertain_error_verdict_as_uncertain(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """A review: the text table's error_label read 'bounded' for an error with P(bounded) =
    0.55, while the report says 'leaning bounded'; it now holds the error's verdict words."""
    rng = np.random.default_rng(0)
    n = 3000
    g = rng.normal(size=2 * n)
    u = g + np.r_[rng.normal(size=n), rng.uniform(-1, 1, size=n)]
    path = tmp_path / "eg.csv"
    pd.DataFrame({"m": np.repeat(["a", "b"], n), "r": u, "g": g}).to_csv(path, index=False)
    assert main(["classify", str(path), "--column", "r", "--by", "m", "--gold", "g"]) == 0
    out = capsys.readouterr().out
    res = ts.analyze(pd.read_csv(path), "r", by="m", gold="g", warn=False)
    for key, c in res.error_classifications.items():
        row = next(line for line in out.splitlines() if line.startswith(str(key) + " "))
        assert c.verdict in row
    assert any(not c.confident for c in res.error_classifications.values())  # the case
    assert "uncertain — leaning" in out


def test_a_warning_that_holds_a_semicolon_stays_one_string() -> None:
    """The table row's warnings were its '; '-joined cell split again: a prior-pull or a
    convergence note (which hold '; ') became two strings, while the classification kept one."""
    from dataclasses import replace

    from tailstat._cli_output import classify_document

    a = ts.analyze(pd.DataFrame({"g": "a", "r": np.random.default_rng(0).standard_t(3, 2000)}),
                   "r", by="g")
    note = "R-hat 1.02 > 1.01 (worst: xi); the chains disagree"
    c = replace(a.classifications["a"], warnings=(note, "small sample"))
    table = a.table.assign(warnings=[f"{note}; small sample"])
    doc = classify_document(replace(a, classifications={"a": c}, table=table))
    assert doc["table"][0]["warnings"] == [note, "small sample"]
    assert doc["classifications"]["a"]["warnings"] == [note, "small sample"]
