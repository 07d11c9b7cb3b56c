"""The machine interface of ``tailstat classify``: the JSON document against the schema in
the repository, and the CI gate's exit codes (``--fail-on heavy``)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest

import tailstat
from tailstat.cli import SCHEMA_VERSION, main

SCHEMA = Path(tailstat.__file__).resolve().parent / "schema" / "classify.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict:
    doc = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(doc)
    return doc


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("gate")
    rng = np.random.default_rng(2024)
    out = {}
    out["heavy"] = d / "heavy.csv"
    pd.DataFrame({"reward": rng.pareto(1.5, 3000) + 1.0}).to_csv(out["heavy"], index=False)
    out["light"] = d / "light.csv"
    pd.DataFrame({"reward": rng.normal(size=3000)}).to_csv(out["light"], index=False)
    out["short"] = d / "short.csv"
    pd.DataFrame({"reward": rng.normal(size=30)}).to_csv(out["short"], index=False)
    out["malformed"] = d / "malformed.csv"
    out["malformed"].write_text('reward\n1.0\n"2.0\n3,4,5\n')
    out["mixed"] = d / "mixed.csv"
    pd.DataFrame({"model": ["big"] * 3000 + ["tiny"] * 30,
                  "reward": np.concatenate([rng.normal(size=3000), rng.normal(size=30)])
                  }).to_csv(out["mixed"], index=False)
    out["clipped"] = d / "clipped.csv"  # every top score equal: no xi (null in the JSON)
    pd.DataFrame({"model": np.repeat(["clip", "light"], 3000),
                  "reward": np.concatenate([np.minimum(rng.normal(size=3000), 1.0),
                                            rng.normal(size=3000)])}).to_csv(
        out["clipped"], index=False)
    out["two"] = d / "two.csv"
    pd.DataFrame({"model": np.repeat(["heavy", "light"], 3000),
                  "reward": np.concatenate([rng.standard_t(1.5, 3000), rng.normal(size=3000)])
                  }).to_csv(out["two"], index=False)
    return out


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.mark.parametrize(("case", "expected"), [
    ("heavy", 1), ("light", 0), ("short", 2), ("malformed", 2),
])
def test_gate_exit_codes(inputs: dict[str, Path], capsys: pytest.CaptureFixture[str],
                         case: str, expected: int) -> None:
    code, _, err = _run(capsys, "classify", str(inputs[case]), "--fail-on", "heavy")
    assert code == expected, err
    assert "Traceback" not in err
    if expected == 2:
        assert "tailstat: error:" in err


def test_without_gate_heavy_is_success(inputs: dict[str, Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "classify", str(inputs["heavy"]))[0] == 0


def test_too_short_is_bad_input_for_every_subcommand(inputs: dict[str, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """One policy: a file whose only group cannot be classified exits 2 everywhere."""
    assert _run(capsys, "classify", str(inputs["short"]), "--json")[0] == 2
    out = tmp_path / "r.html"
    assert _run(capsys, "report", str(inputs["short"]), "-o", str(out), "-q")[0] == 2
    assert not out.exists()


def test_level_and_fdr(inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "classify", str(inputs["two"]), "--by", "model", "--json",
                        "--fail-on", "heavy", "--level", "0.5")
    doc = json.loads(out)
    assert code == 1 and doc["gate"]["tripped"] == ["heavy"]
    p = doc["classifications"]["heavy"]["probabilities"]["heavy"]
    # a level at the classifier's cap (0.98) is read as 0.979, which clear heavy tails reach
    # (levels above the cap are refused: tests/test_cli.py); a level above P(heavy) below
    # that passes
    at_cap = _run(capsys, "classify", str(inputs["two"]), "--by", "model", "--fail-on",
                  "heavy", "--level", "0.98")[0]
    assert at_cap == (1 if p >= 0.979 - 1e-6 else 0)
    below_cap = min(p, 0.97)
    above = f"{below_cap + (0.979 - below_cap) / 2:.7f}"
    level_code = _run(capsys, "classify", str(inputs["two"]), "--by", "model", "--fail-on",
                      "heavy", "--level", above)[0]
    assert level_code == (1 if p >= float(above) - 1e-6 else 0)
    code, out, _ = _run(capsys, "classify", str(inputs["two"]), "--by", "model", "--json",
                        "--fail-on", "heavy", "--fdr", "0.05")
    doc = json.loads(out)
    flagged = [r["group"] for r in doc["table"] if r["heavy_flag"]]
    assert doc["gate"]["tripped"] == flagged and code == (1 if flagged else 0)
    assert doc["gate"]["fdr"] == 0.05 and doc["gate"]["level"] is None


def test_gate_at_a_small_fdr_still_trips_on_a_heavy_sample(inputs: dict[str, Path],
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """Benjamini–Hochberg on p-values has no floor: at --fdr 0.01 a heavy sample is flagged
    and the gate trips (the rule before could flag nothing below 0.02 and refused the gate),
    and a light one passes."""
    code, out, err = _run(capsys, "classify", str(inputs["heavy"]), "--fail-on", "heavy",
                          "--fdr", "0.01")
    assert code == 1 and "heavy" in out and "no group can be flagged" not in err
    assert _run(capsys, "classify", str(inputs["light"]), "--fail-on", "heavy",
                "--fdr", "0.01")[0] == 0


def test_bad_level_is_a_usage_error(inputs: dict[str, Path]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["classify", str(inputs["light"]), "--fail-on", "heavy", "--level", "1.5"])
    assert info.value.code == 2


def test_partial_failure(inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """One group too short, the other fine: reported, 0 without the gate; the gate cannot
    vouch for the short group, so 2 unless another group is heavy."""
    code, out, err = _run(capsys, "classify", str(inputs["mixed"]), "--by", "model")
    assert code == 0 and "tiny" in err and "nan" not in out
    code, _, err = _run(capsys, "classify", str(inputs["mixed"]), "--by", "model",
                        "--fail-on", "heavy")
    assert code == 2
    # exit 2 comes with one error line, as every other bad-input exit (README)
    errors = [line for line in err.splitlines() if line.startswith("tailstat: error:")]
    assert len(errors) == 1 and "tiny" in errors[0]


@pytest.mark.parametrize("case", ["two", "mixed", "clipped"])
def test_json_validates_against_schema(inputs: dict[str, Path], schema: dict,
                                       capsys: pytest.CaptureFixture[str], case: str) -> None:
    code, out, _ = _run(capsys, "classify", str(inputs[case]), "--by", "model", "--json",
                        "--fail-on", "heavy")
    doc = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["tailstat_version"] == tailstat.__version__
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["gate"]["exit_code"] == code
    for row in doc["table"]:
        assert isinstance(row["warnings"], list)
    for c in doc["classifications"].values():
        assert isinstance(c["warnings"], list)


def test_readme_documents_every_top_level_key(schema: dict) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for key in schema["properties"]:
        assert f"`{key}`" in readme, f"README does not document the JSON key {key!r}"


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["classify", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit status" in text and "--fail-on" in text and "2 bad input" in text


def test_gate_options_that_would_be_ignored_are_refused_and_failures_show_under_q(
        inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--level without --fail-on, or beside --fdr, did nothing (silently): one line, exit 2.
    A failing gate says why on stderr even with -q (the line a CI log needs)."""
    code, _, err = _run(capsys, "classify", str(inputs["heavy"]), "--level", "0.5")
    assert code == 2 and "add --fail-on heavy" in err
    code, _, err = _run(capsys, "classify", str(inputs["heavy"]), "--fail-on", "heavy",
                        "--level", "0.5", "--fdr", "0.05")
    assert code == 2 and "give one" in err
    code, _, err = _run(capsys, "classify", str(inputs["heavy"]), "--fail-on", "heavy", "-q")
    assert code == 1 and "FAIL: heavy upper tail in" in err
    code, _, err = _run(capsys, "classify", str(inputs["light"]), "--fail-on", "heavy", "-q")
    assert code == 0 and "gate" not in err


def test_several_by_columns_give_each_row_the_key_the_other_parts_use(
        tmp_path: Path, schema: dict, capsys: pytest.CaptureFixture[str]) -> None:
    """A review: with --by a --by b, table[].group is a list while classifications and the
    gate key the group by a string; each row now carries that string as ``key``."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    path = tmp_path / "two.csv"
    pd.DataFrame({"m": np.repeat(["a", "b"], 3000), "f": np.tile(["x", "y"], 3000),
                  "r": rng.normal(size=6000)}).to_csv(path, index=False)
    code, out, _ = _run(capsys, "classify", str(path), "--column", "r", "--by", "m", "--by",
                        "f", "--json")
    doc = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert code == 0 and doc["table"][0]["group"] == ["a", "x"]
    assert [row["key"] for row in doc["table"]] == list(doc["classifications"])


def test_boolean_group_keys_validate(tmp_path: Path, schema: dict,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A review: a True/False --by column wrote true/false in the table rows, which the
    schema's group type (string, number, array) refused."""
    rng = np.random.default_rng(0)
    path = tmp_path / "b.csv"
    pd.DataFrame({"flag": np.repeat([True, False], 600),
                  "r": rng.normal(size=1200)}).to_csv(path, index=False)
    _, out, _ = _run(capsys, "classify", str(path), "--by", "flag", "--json", "-q")
    doc = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert sorted(row["group"] for row in doc["table"]) == [False, True]
    assert sorted(doc["classifications"]) == ["False", "True"]


def test_gold_json_holds_the_errors_classification_and_dependence(
        tmp_path: Path, schema: dict, capsys: pytest.CaptureFixture[str]) -> None:
    """With --gold the document holds each error's full classification and the tail
    dependence (schema 3.12): the table's error_label and chi columns alone left out the
    error's probabilities, intervals and evidence (a review)."""
    rng = np.random.default_rng(11)
    gold = rng.normal(size=4000)
    path = tmp_path / "gold.csv"
    pd.DataFrame({"model": np.repeat(["a", "b"], 2000), "gold": gold,
                  "reward": gold + rng.standard_t(3.0, 4000)}).to_csv(path, index=False)
    code, out, _ = _run(capsys, "classify", str(path), "--by", "model", "--gold", "gold",
                        "--json", "--no-goodhart")
    doc = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert code == 0 and set(doc["error_classifications"]) == set(doc["dependence"]) == {"a", "b"}
    for key, row in zip(["a", "b"], doc["table"], strict=True):
        err = doc["error_classifications"][key]
        assert err["label"] == row["error_label"] and isinstance(err["warnings"], list)
        assert err["probabilities"]["heavy"] == pytest.approx(row["error_p_heavy"])
        assert doc["dependence"][key]["result"] == "TailDependence"
