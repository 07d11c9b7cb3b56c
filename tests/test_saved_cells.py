"""Review 439: a saved analysis whose table cells disagree with its classifications, or whose
columns hold text where numbers are read, is refused as damaged when it is read; before, an
error put on a heavy group's row passed the command line's gate (exit 0 beside P(heavy)
0.98), and text in a column was read and failed later with exit 70."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.cli import main


@pytest.fixture(scope="module")
def saved() -> dict[str, Any]:
    rng = np.random.default_rng(0)
    n = 3000
    v = rng.normal(size=2 * n)
    df = pd.DataFrame({"g": np.repeat(["heavy", "light"], n), "v": v,
                       "r": v + np.r_[rng.pareto(1.0, n), rng.normal(size=n)]})
    doc: dict[str, Any] = json.loads(ts.analyze(df, "r", by="g", gold="v", warn=False,
                                                goodhart=True).to_json())
    return doc


def _frame(doc: dict[str, Any], *path: str) -> dict[str, Any]:
    node: Any = doc["analysis"]["fields"]
    for step in path:
        node = node[step]
    return node["$frame"]  # type: ignore[no-any-return]


def _edit(doc: dict[str, Any], path: tuple[str, ...], col: str, row: int | None,
          value: Any) -> str:
    """The text of ``doc`` with one cell (or, for ``row=None``, a whole column: text in an
    object column) of a saved frame changed."""
    doc = copy.deepcopy(doc)
    frame = _frame(doc, *path)
    j = frame["columns"]["$index"]["values"].index(col)
    if row is None:
        size = len(frame["data"][j]["values"])
        frame["data"][j] = {"dtype": "object", "values": [value] * size}
    else:
        frame["data"][j]["values"][row] = value
    return json.dumps(doc)


def test_the_saved_analysis_reads_back(saved: dict[str, Any]) -> None:
    back = ts.read_analysis(json.dumps(saved))
    assert back.table["label"].tolist() == ["heavy", "light"] and back.table["heavy_flag"][0]


@pytest.mark.parametrize(("col", "value", "said"), [
    ("error", "edited", "the classified group 'heavy' the error 'edited'"),
    ("p_light", 7.0, "disagree on p_light (7.0 against"),
    ("xi", -0.5, "disagree on xi (-0.5 against"),
    ("confident", False, "disagree on confident (False against True)"),
    ("heavy_pvalue", 7.0, "heavy_pvalue of 'heavy' is 7.0, not a p-value"),
    ("heavy_flag", False, "heavy_flag of 'heavy' is False, where its p-value"),
])
def test_a_cell_that_its_classification_contradicts_is_damage(
        saved: dict[str, Any], col: str, value: Any, said: str) -> None:
    with raises_data_error("damaged", said):
        ts.read_analysis(_edit(saved, ("table",), col, 0, value))


@pytest.mark.parametrize(("path", "col"), [
    (("table",), "threshold"), (("table",), "n_missing"), (("table",), "warnings"),
    (("table",), "goodhart_kl_3sd"), (("table",), "goodhart_bon_u_1024"),
    (("dependence", "heavy", "fields", "table"), "chi"),
    (("dependence", "heavy", "fields", "table"), "n_exceed"),
    (("goodhart", "heavy", "fields", "best_of_n"), "kl"),
    (("goodhart", "heavy", "fields", "frontier", "fields", "table"), "policy_kl"),
    (("goodhart", "heavy", "fields", "tilt", "fields", "table"), "exists_settled"),
])
def test_text_or_numbers_where_the_other_is_read_is_damage(
        saved: dict[str, Any], path: tuple[str, ...], col: str) -> None:
    value = 7 if col == "warnings" else "zz"
    with raises_data_error("damaged", f"column {col!r} holds {value!r}"):
        ts.read_analysis(_edit(saved, path, col, None, value))


def test_a_classified_group_without_a_heavy_pvalue_saves_and_reads() -> None:
    """A classification whose score has no p-value (rounded t(6) scores: NaN, flagged False)
    was refused as 'not a p-value' by the first form of this check."""
    r = np.random.default_rng(3)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 3000),
                       "reward": np.r_[r.normal(size=3000), np.round(r.standard_t(6, 3000))]})
    a = ts.analyze(df, "reward", by="m", warn=False)
    assert np.isnan(a.table["heavy_pvalue"][1]) and not a.table["heavy_flag"][1]
    assert ts.read_analysis(a.to_json()).to_json() == a.to_json()


def test_a_file_of_an_earlier_calibration_reads(saved: dict[str, Any]) -> None:
    """Review 440: the p-values were recomputed with this build's null, and a file saved
    before a recalibration (every p-value a little different, the flags as they gave) was
    called damaged; the flags are now checked against the table's own p-values."""
    doc = copy.deepcopy(saved)
    frame = _frame(doc, "table")
    j = frame["columns"]["$index"]["values"].index("heavy_pvalue")
    frame["data"][j]["values"] = [p * 1.4 for p in frame["data"][j]["values"]]
    assert ts.read_analysis(json.dumps(doc)).table["heavy_flag"].tolist() == [True, False]


def test_the_gate_refuses_an_edited_file(saved: dict[str, Any], tmp_path,
                                         capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "edited.json"
    path.write_text(_edit(saved, ("table",), "error", 0, "edited"))
    assert main(["classify", str(path), "--fail-on", "heavy", "-q"]) == 2
    assert "damaged saved analysis" in capsys.readouterr().err
