"""The ``classify --fail-on heavy`` gate of :mod:`tailstat._cli_output` with ``--min-n``:
which groups the false-discovery rule reads, and what ``-q`` still prints."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.cli import main


def _frame(small: int) -> pd.DataFrame:
    """A t(4) group of 5,000 scores (P(heavy) about 0.87, p about 0.008), a lognormal group
    and ``small`` exponential groups, each of 2,000 scores."""
    parts = [pd.DataFrame({"g": "t4a", "reward": np.random.default_rng(0).standard_t(4, 5000)}),
             pd.DataFrame({"g": "ln1", "reward": np.random.default_rng(1).lognormal(0, 1, 2000)})]
    r = np.random.default_rng(99)
    parts += [pd.DataFrame({"g": f"exp{i:02d}", "reward": r.exponential(size=2000)})
              for i in range(small)]
    return pd.concat(parts)


def test_fdr_reads_the_gated_groups_alone(tmp_path: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    """A review: the groups --min-n left out stayed in the Benjamini–Hochberg family, so the
    same gated group passed beside 40 small groups and failed without them."""
    codes, gates = [], []
    for small in (40, 0):
        path = tmp_path / f"g{small}.csv"
        _frame(small).to_csv(path, index=False)
        codes.append(main(["classify", str(path), "--column", "reward", "--by", "g",
                           "--fail-on", "heavy", "--fdr", "0.05", "--min-n", "2001",
                           "--no-goodhart", "--json"]))
        doc = json.loads(capsys.readouterr().out)
        gates.append(doc["gate"])
        row = next(r for r in doc["table"] if r["group"] == "t4a")
        assert row["heavy_pvalue"] < 0.05  # alone among the gated groups: flagged
    assert codes == [1, 1]
    assert [g["tripped"] for g in gates] == [["t4a"], ["t4a"]]
    assert all("among the 1 gated group with a p-value" in g["rule"] for g in gates)
    assert len(gates[0]["not_gated"]) == 41


def test_quiet_pass_still_names_the_groups_left_out(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    """A review: with -q a passing gate printed nothing, so a heavy group --min-n left out
    stood in the table unexplained; a pass that names no group stays silent."""
    r = np.random.default_rng(5)
    path = tmp_path / "two.csv"
    pd.concat([pd.DataFrame({"g": "normal", "reward": r.normal(size=20000)}),
               pd.DataFrame({"g": "pareto", "reward": r.pareto(1.0, 2000) + 1})]
              ).to_csv(path, index=False)
    args = ["classify", str(path), "--column", "reward", "--by", "g", "--fail-on", "heavy",
            "-q"]
    assert main([*args, "--min-n", "3000"]) == 0
    err = capsys.readouterr().err
    assert "pass: no gated group reaches that level" in err
    assert "left out, fewer than 3,000 scores (--min-n): pareto" in err
    only = tmp_path / "normal.csv"
    pd.read_csv(path).query("g == 'normal'").to_csv(only, index=False)
    assert main(["classify", str(only), "--column", "reward", "--by", "g", "--fail-on",
                 "heavy", "-q"]) == 0
    assert "gate" not in capsys.readouterr().err
