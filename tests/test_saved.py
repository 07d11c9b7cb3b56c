"""tailstat.saved: TailAnalysis.to_json / tailstat.read_analysis round trips exactly.

Every analysis below is saved and read back; the copy must equal the original in every field,
type and bit (``_assert_same``), its table must pass ``assert_frame_equal`` exactly, and saving
the copy must give the identical text. Bad files are clear ``DataError``s.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
import struct
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat import saved
from tailstat.analysis_goodhart import goodhart_numbers
from tailstat.classification.flags import benjamini_hochberg, heavy_pvalues

N = 2000


# --------------------------------------------------------------------------------------------
# a deep, exact comparison
# --------------------------------------------------------------------------------------------

def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def _assert_same(a: Any, b: Any, where: str = "analysis") -> None:
    """``a`` and ``b`` are equal in value, type, order and float bits (NaN equals NaN)."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_index_type=True,
                                      check_column_type=True, obj=where)
        for j in range(a.shape[1]):
            ca, cb = a.iloc[:, j], b.iloc[:, j]
            if ca.dtype == object:  # assert_frame_equal lets 1 == 1.0 == True pass here
                _assert_same(ca.tolist(), cb.tolist(), f"{where}[{a.columns[j]!r}]")
            elif ca.dtype.kind == "f":
                assert np.array_equal(np.signbit(ca.to_numpy()), np.signbit(cb.to_numpy()))
        _assert_same(a.attrs, b.attrs, f"{where}.attrs")
    elif isinstance(a, pd.Index):
        pd.testing.assert_index_equal(a, b, exact=True, check_exact=True, obj=where)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, where
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), where
        assert a.flags.writeable == b.flags.writeable, where
    elif isinstance(a, dict):
        _assert_same(list(a), list(b), f"{where} keys")
        for k in a:
            _assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _assert_same(x, y, f"{where}[{i}]")
    elif callable(getattr(a, "to_bytes", None)) and not isinstance(a, int):  # a sketch
        assert a.to_bytes() == b.to_bytes(), where
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, (float, np.floating)):
        assert (math.isnan(a) and math.isnan(b)) or _bits(float(a)) == _bits(float(b)), \
            f"{where}: {a!r} != {b!r}"
    elif a is pd.NA or b is pd.NA:
        assert a is b, f"{where}: {a!r} != {b!r}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def _round_trip(a: ts.TailAnalysis) -> ts.TailAnalysis:
    text = a.to_json()
    b = ts.read_analysis(text)
    _assert_same(a, b)
    assert b.to_json() == text  # idempotent
    return b


# --------------------------------------------------------------------------------------------
# the analyses
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(13)
    v = rng.normal(size=3 * N)
    err = np.concatenate([rng.normal(scale=0.5, size=N), 0.3 * rng.standard_t(2.0, N),
                          rng.normal(scale=0.5, size=N)])
    df = pd.DataFrame({"model": np.repeat(["light", "heavy", "bounded"], N),
                       "step": np.repeat([1, 2, 3], N), "reward": v + err, "gold": v})
    df.loc[df.model == "bounded", "reward"] = np.tanh(df.loc[df.model == "bounded", "reward"])
    tiny = pd.DataFrame({"model": "tiny", "step": 4, "reward": rng.normal(size=10),
                         "gold": 0.0})  # too few values: a failed group
    lost = pd.DataFrame({"model": None, "step": 5, "reward": rng.normal(size=400),
                         "gold": rng.normal(size=400)})  # the missing key "<NA>"
    return pd.concat([df, tiny, lost], ignore_index=True)


CASES = ("one sample", "string keys", "int keys", "tuple keys", "gold", "goodhart",
         "mixed-type keys")


def _make(case: str, df: pd.DataFrame) -> ts.TailAnalysis:
    kw: dict[str, Any] = {"warn": False}
    if case == "one sample":
        return ts.analyze(df["reward"].to_numpy()[:N], **kw)
    if case == "string keys":
        return ts.analyze(df, "reward", by="model", **kw)
    if case == "int keys":
        return ts.analyze(df, "reward", by="step", **kw)
    if case == "tuple keys":
        return ts.analyze(df, "reward", by=["model", "step"], **kw)
    if case == "gold":
        return ts.analyze(df, "reward", by="model", gold="gold", **kw)
    if case == "goodhart":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ts.analyze(df, "reward", by="model", gold="gold", goodhart=True, **kw)
    assert case == "mixed-type keys"
    mixed = pd.DataFrame({"key": pd.Series([1] * N + ["1"] * N, dtype=object),
                          "reward": df["reward"].to_numpy()[: 2 * N]})
    return ts.analyze(mixed, "reward", by="key", **kw)


@pytest.fixture(scope="module")
def analyses(frame: pd.DataFrame) -> dict[str, ts.TailAnalysis]:
    return {case: _make(case, frame) for case in CASES}


@pytest.mark.parametrize("case", CASES)
def test_round_trip_is_exact(analyses: dict[str, ts.TailAnalysis], case: str) -> None:
    a = analyses[case]
    b = _round_trip(a)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame(), check_exact=True)
    assert list(a.classifications) == list(b.classifications)
    for k, c in a.classifications.items():
        assert b.classifications[k].to_dict() == c.to_dict()
        assert b.classifications[k].explain() == c.explain()
    for k, c in a.error_classifications.items():
        assert b.error_classifications[k].to_dict() == c.to_dict()
    for k, d in a.dependence.items():
        pd.testing.assert_frame_equal(d.to_frame(), b.dependence[k].to_frame(),
                                      check_exact=True)
    for k, g in a.goodhart.items():
        assert goodhart_numbers(b.goodhart[k]) == goodhart_numbers(g)
        for part in ("best_of_n",):
            pd.testing.assert_frame_equal(getattr(g, part), getattr(b.goodhart[k], part),
                                          check_exact=True)
        pd.testing.assert_frame_equal(g.frontier.table, b.goodhart[k].frontier.table,
                                      check_exact=True)
        pd.testing.assert_frame_equal(g.tilt.table, b.goodhart[k].tilt.table, check_exact=True)
    assert b.failures == a.failures and b.goodhart_failures == a.goodhart_failures
    assert b.settings == a.settings
    assert json.dumps(b.to_dict(), allow_nan=False) == json.dumps(a.to_dict(), allow_nan=False)


def test_the_cases_cover_what_they_claim(analyses: dict[str, ts.TailAnalysis]) -> None:
    assert list(analyses["one sample"].classifications) == ["x"]
    keys = analyses["string keys"].table["group"].tolist()
    assert "<NA>" in keys and "tiny" in analyses["string keys"].failures
    assert all(type(k) is int for k in analyses["int keys"].classifications)
    assert 4 in analyses["int keys"].failures
    assert all(type(k) is tuple for k in analyses["tuple keys"].classifications)
    assert analyses["gold"].error_classifications and analyses["gold"].dependence
    assert analyses["goodhart"].goodhart and analyses["goodhart"].goodhart_failures
    assert set(analyses["mixed-type keys"].classifications) == {"1 (int)", "'1' (str)"}


def test_keys_keep_their_types(analyses: dict[str, ts.TailAnalysis]) -> None:
    a = analyses["int keys"]
    one, two = a.classifications[1], a.classifications[2]
    table = a.table.iloc[:2].astype({"group": object})
    table.loc[1, "group"] = "1"
    mixed = dataclasses.replace(a, table=table, classifications={1: one, "1": two},
                                sketches={1: a.sketches[1], "1": a.sketches[2]},
                                failures={4: "four", "4": "vier", None: "none", 4.5: "float"})
    b = _round_trip(mixed)
    assert [(type(k), k) for k in b.classifications] == [(int, 1), (str, "1")]
    assert b.classifications[1].n == one.n and b.classifications["1"] is not None
    assert [type(k) for k in b.failures] == [int, str, type(None), float]
    assert [type(k) for k in b.table["group"]] == [int, str]
    t = ts.read_analysis(analyses["tuple keys"].to_json())
    assert t.table["group"].dtype == object
    assert all(isinstance(k, tuple) for k in t.table["group"])
    assert t.table["group"].tolist() == analyses["tuple keys"].table["group"].tolist()
    i = ts.read_analysis(analyses["int keys"].to_json())
    assert i.table["group"].dtype == np.int64


def test_to_json_writes_the_file(analyses: dict[str, ts.TailAnalysis], tmp_path: Path) -> None:
    a = analyses["gold"]
    path = tmp_path / "out" / "run.json"
    text = a.to_json(path)
    assert path.read_text(encoding="utf-8") == text
    for source in (path, str(path), text, text.encode("utf-8")):
        _assert_same(a, ts.read_analysis(source))
    doc = json.loads(text)
    assert (doc["format"], doc["version"]) == ("tailstat.analysis", 1)
    assert list(doc)[:2] == ["format", "version"]


def test_json_has_no_nan_literals(analyses: dict[str, ts.TailAnalysis]) -> None:
    text = analyses["goodhart"].to_json()
    assert analyses["goodhart"].table.isna().any().any()  # there are missing values to encode

    def refuse(name: str) -> float:
        raise AssertionError(f"{name} in the JSON")

    json.loads(text, parse_constant=refuse)


# --------------------------------------------------------------------------------------------
# values that JSON does not have
# --------------------------------------------------------------------------------------------

def test_awkward_values_round_trip_exactly(analyses: dict[str, ts.TailAnalysis]) -> None:
    a = analyses["string keys"]
    n = len(a.table)
    table = a.table.copy()
    table["floats"] = [math.inf, -math.inf, -0.0, 5e-324, 1.7976931348623157e308][:n] + \
        [0.1] * max(0, n - 5)
    table["nullable"] = pd.array([1, None] + [3] * (n - 2), dtype="Int64")
    table["anything"] = pd.Series([None, math.nan, pd.NA, ("a", 1), np.float32(0.1)][:n]
                                  + [True] * max(0, n - 5), dtype=object)
    table["f32"] = np.arange(n, dtype=np.float32) / 3
    table["strings"] = pd.array(["x", None] + ["y"] * (n - 2), dtype="string[python]")
    table.attrs["note"] = {"nested": (1, 2.5, "3")}
    settings = {**a.settings, "inf": math.inf, "neg": -math.inf, "nan": math.nan,
                "zero": -0.0, 1: "an int key", (2, "b"): [1, (2, 3)], "$dollar": "kept",
                "np": [np.float64(0.1), np.int64(7), np.bool_(True), np.float32(1e-3)],
                "bytes": b"\x00\xff", "array": np.array([[1.0, math.nan], [math.inf, -0.0]]),
                "ints": np.arange(3, dtype=np.uint8), "empty": {}, "frame": pd.DataFrame(),
                "indexed": pd.DataFrame({"v": [1.5, 2.5]}, index=pd.Index(["p", "q"],
                                                                          name="who"))}
    key = next(iter(a.classifications))
    c = a.classifications[key]
    boot = dataclasses.replace(c.evidence["moment"],
                               bootstrap_distribution=np.array([0.1, math.nan, -0.0]))
    c2 = dataclasses.replace(c, evidence={**c.evidence, "moment": boot})
    odd = dataclasses.replace(a, table=table, settings=settings,
                              classifications={**a.classifications, key: c2})
    b = _round_trip(odd)
    assert math.copysign(1.0, b.settings["zero"]) == -1.0
    assert type(b.settings["np"][1]) is np.int64
    assert not b.classifications[key].evidence["moment"].bootstrap_distribution.flags.writeable


def test_the_reader_refuses_to_guess_types() -> None:
    with pytest.raises(TypeError, match=r"settings\['thing'\].*object"):
        saved.encode({"thing": object()}, "settings")


# --------------------------------------------------------------------------------------------
# a Bayesian fit keeps its summary; sketches are stored as bytes
# --------------------------------------------------------------------------------------------

def _same_report(a: ts.TailAnalysis, b: ts.TailAnalysis, folder: Path) -> None:
    """The reports of ``a`` and ``b`` are the same HTML, figures included, but for the time."""
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d UTC")
    html_a = ts.report(a, folder / "a.html").read_text(encoding="utf-8")
    html_b = ts.report(b, folder / "b.html").read_text(encoding="utf-8")
    assert stamp.search(html_a)
    assert stamp.sub("", html_a) == stamp.sub("", html_b)


@pytest.mark.slow
def test_a_saved_analysis_renders_the_same_report(analyses: dict[str, ts.TailAnalysis],
                                                  tmp_path: Path) -> None:
    a = analyses["goodhart"]
    assert a.sketches and a.error_sketches and a.goodhart
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _same_report(a, ts.read_analysis(a.to_json()), tmp_path)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::tailstat.errors.ConvergenceWarning")
def test_bayes_fit_keeps_its_posterior_draws(tmp_path: Path) -> None:
    pytest.importorskip("pymc")
    x = np.random.default_rng(3).standard_t(3.0, N)
    c = ts.classify(x, method="bayes", warn=False,
                    bayes_kwargs={"draws": 100, "tune": 100, "chains": 2})
    a = ts.analyze(x, warn=False)
    table = a.table.copy()  # the row as the Bayesian classification gives it (review 439:
    row = {k: v for k, v in c.to_row().items() if k != "name"}  # a table that disagrees
    row.update(verdict=c.verdict, heavy_pvalue=float(heavy_pvalues([c])[0]))  # is damage)
    row["heavy_flag"] = bool(benjamini_hochberg([row["heavy_pvalue"]], a.settings["fdr"])[0])
    for col, value in row.items():
        table[col] = pd.Series([value], dtype=table[col].dtype)
    a = dataclasses.replace(a, table=table, classifications={"x": c})
    b = ts.read_analysis(a.to_json())
    assert b.to_json() == a.to_json()
    fit, back = c.evidence["bayes"], b.classifications["x"].evidence["bayes"]
    _assert_same(dataclasses.replace(fit, idata=None), dataclasses.replace(back, idata=None))
    for var in ("xi", "sigma"):
        assert fit.draws(var).tobytes() == back.draws(var).tobytes()
    assert list(back.idata.groups()) == ["posterior"]
    pd.testing.assert_frame_equal(fit.summary(), back.summary(), check_exact=True)
    assert b.classifications["x"].to_dict() == c.to_dict()
    # posterior draws that are not numbers are damage (a review: read, then the report
    # failed converting them), as is an interval of the fit that is not one
    doc = json.loads(a.to_json())
    bayes = doc["analysis"]["fields"]["classifications"]["x"]["fields"]["evidence"]["bayes"]
    bayes["fields"]["idata"]["posterior"]["xi"]["values"] = "abc"
    with raises_data_error("damaged"):
        ts.read_analysis(json.dumps(doc))
    doc = json.loads(a.to_json())
    bayes = doc["analysis"]["fields"]["classifications"]["x"]["fields"]["evidence"]["bayes"]
    bayes["fields"]["xi_ci"] = "hello"
    with raises_data_error("damaged", "xi_ci is 'hello'"):
        ts.read_analysis(json.dumps(doc))
    # a review: three draws of xi beside 2 x 100 of sigma, or no sigma, loaded (NaN draws)
    for cut, words in (("short", "have the shape (3,)"), ("sigma", "lacks the draws")):
        doc = json.loads(a.to_json())
        post = doc["analysis"]["fields"]["classifications"]["x"]["fields"]["evidence"][
            "bayes"]["fields"]["idata"]["posterior"]
        if cut == "sigma":
            del post["sigma"]
        else:
            post["xi"] = {"values": [1.0, 2.0, 3.0], "dims": ["chain", "draw"]}
        with raises_data_error("damaged", words):
            ts.read_analysis(json.dumps(doc))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _same_report(a, b, tmp_path)  # the posterior figure included


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::tailstat.errors.ConvergenceWarning")
def test_hierarchical_fit_keeps_its_group_coordinates() -> None:
    pytest.importorskip("pymc")
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"r": rng.standard_t(3.0, 2 * N), "g": np.repeat(["p", "q"], N)})
    h = ts.fit_bayes_hierarchical(df, "r", by="g", draws=100, tune=100, chains=1, seed=0)
    back = saved.decode(json.loads(json.dumps(saved.encode(h), allow_nan=False)))
    _assert_same(dataclasses.replace(h, idata=None), dataclasses.replace(back, idata=None))
    for var, group in (("xi", "q"), ("sigma", "p"), ("mu_xi", None), ("tau", None)):
        assert h.draws(var, group).tobytes() == back.draws(var, group).tobytes()
    assert back.draws("xi").shape == h.draws("xi").shape


def test_a_fit_without_draws_says_so() -> None:
    fit = ts.BayesTailFit(
        name="x", xi_mean=0.1, xi_sd=0.05, xi_ci=ts.Interval(0.0, 0.2, 0.95, "equal-tailed"),
        sigma_mean=1.0, sigma_sd=0.1, sigma_ci=ts.Interval(0.8, 1.2, 0.95, "equal-tailed"),
        prob_heavy=0.9, prob_bounded=0.01, threshold=1.0, threshold_method="fixed value",
        n_exceed=100, n=1000, rhat_max=1.0, ess_bulk_min=400.0, divergences=0, settings={},
        warnings=(), method="Bayesian GPD (PyMC NUTS)", idata=None,
        _summary=pd.DataFrame({"mean": [0.1]}, index=["xi"]))
    back = saved.decode(json.loads(json.dumps(saved.encode(fit))))
    _assert_same(fit, back)
    with raises_data_error("no posterior draws"):
        back.draws("xi")


class _Sketch:
    """Stands in for ``tailstat.sketch.TailSketch``: ``to_bytes`` / ``from_bytes``."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def to_bytes(self) -> bytes:
        return self.blob

    @classmethod
    def from_bytes(cls, blob: bytes) -> _Sketch:
        return cls(blob)


def test_sketches_are_saved_as_bytes(analyses: dict[str, ts.TailAnalysis],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(saved.SKETCH_READERS, "_Sketch", _Sketch.from_bytes)
    a = analyses["int keys"]
    others = {k: _Sketch(b"k") for k in a.classifications if k != 1}  # (each group has one)
    a = dataclasses.replace(a, sketches={1: _Sketch(b"\x00one\xff"), "1": _Sketch(b""),
                                         **others},
                            error_sketches={1: _Sketch(bytes(range(256)))})
    text = a.to_json()
    doc = json.loads(text)["analysis"]["fields"]
    assert doc["sketches"]["$dict"][0] == [1, {"$sketch": "_Sketch", "bytes": "AG9uZf8="}]
    b = ts.read_analysis(text)
    assert {k: (type(k), s.blob) for k, s in b.sketches.items()} == {
        k: (type(k), s.blob) for k, s in a.sketches.items()}
    assert b.error_sketches[1].blob == bytes(range(256))
    assert b.to_json() == text


def test_a_sketch_this_tailstat_cannot_read(analyses: dict[str, ts.TailAnalysis]) -> None:
    a = dataclasses.replace(analyses["one sample"], sketches={"x": _Sketch(b"abc")})
    with raises_data_error("sketch", "cannot read", "upgrade"):
        ts.read_analysis(a.to_json())


# --------------------------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------------------------

def _doc(analyses: dict[str, ts.TailAnalysis]) -> dict[str, Any]:
    return json.loads(analyses["one sample"].to_json())  # type: ignore[no-any-return]


def test_to_dict_output_is_not_a_saved_analysis(analyses: dict[str, ts.TailAnalysis],
                                                tmp_path: Path) -> None:
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(analyses["gold"].to_dict()), encoding="utf-8")
    with raises_data_error("to_dict()", "cannot be read back", "to_json"):
        ts.read_analysis(path)
    # a review: the CLI's JSON was named a to_dict() summary, a call the user never made
    from tailstat._cli_output import classify_document

    path.write_text(json.dumps(classify_document(analyses["gold"])), encoding="utf-8")
    with raises_data_error("the output of 'tailstat classify --json'", "cannot be read back"):
        ts.read_analysis(path)


def test_future_version(analyses: dict[str, ts.TailAnalysis]) -> None:
    doc = _doc(analyses)
    doc["version"] = 2
    with raises_data_error("newer tailstat", "version 2", "reads version 1", "upgrade"):
        ts.read_analysis(json.dumps(doc))


@pytest.mark.parametrize("version", [0, "1", 1.0, None, True])
def test_impossible_version(analyses: dict[str, ts.TailAnalysis], version: Any) -> None:
    doc = _doc(analyses)
    doc["version"] = version
    with raises_data_error("version"):
        ts.read_analysis(json.dumps(doc))


def test_damaged_content(analyses: dict[str, ts.TailAnalysis]) -> None:
    text = analyses["one sample"].to_json()
    with raises_data_error("damaged", "'Nonsense'", "does not know"):
        ts.read_analysis(text.replace('"$result":"TailIndexEstimate"',
                                      '"$result":"Nonsense"', 1))
    doc = _doc(analyses)
    doc["analysis"]["fields"]["bogus"] = 1
    with raises_data_error("damaged", "no field", "bogus"):
        ts.read_analysis(json.dumps(doc))
    doc = _doc(analyses)
    del doc["analysis"]["fields"]["table"]
    with raises_data_error("damaged", "lacks", "table"):
        ts.read_analysis(json.dumps(doc))
    doc = _doc(analyses)
    doc["analysis"]["fields"]["table"]["$frame"]["data"][1]["values"] = ["many"]
    with raises_data_error("damaged", "table"):
        ts.read_analysis(json.dumps(doc))
    doc = _doc(analyses)
    doc["analysis"] = {"$tuple": [1, 2]}
    with raises_data_error("damaged", "tuple", "not a TailAnalysis"):
        ts.read_analysis(json.dumps(doc))
    doc = _doc(analyses)
    doc["analysis"]["fields"]["settings"] = {"$what": 1}
    with raises_data_error("damaged", "unknown tag $what"):
        ts.read_analysis(json.dumps(doc))


def test_content_of_the_wrong_kind_is_damage_not_a_later_crash(
        analyses: dict[str, ts.TailAnalysis]) -> None:
    """Valid tagged JSON that is not an analysis is refused when read, not when used."""
    doc = _doc(analyses)
    doc["analysis"]["fields"]["table"] = 3
    with raises_data_error("damaged", "TailAnalysis.table is 3, not a DataFrame"):
        ts.read_analysis(json.dumps(doc))
    doc = _doc(analyses)
    doc["analysis"]["fields"]["classifications"] = {"$dict": [["a", 5]]}
    with raises_data_error("damaged", "TailAnalysis.classifications is {'a': 5}",
                           "TailClassification"):
        ts.read_analysis(json.dumps(doc))
    doc = _doc(analyses)
    doc["analysis"]["fields"]["sketches"] = [1]
    with raises_data_error("damaged", "sketches are a list"):
        ts.read_analysis(json.dumps(doc))
    # an integer column value past int64 is damage too (it was an OverflowError)
    doc = _doc(analyses)
    col = next(c for c in doc["analysis"]["fields"]["table"]["$frame"]["data"]
               if c["dtype"] == "int64")
    col["values"][0] = 10**30
    with raises_data_error("damaged", "table"):
        ts.read_analysis(json.dumps(doc))


def test_a_hand_edited_verdict_is_damage_not_a_later_crash(
        analyses: dict[str, ts.TailAnalysis]) -> None:
    """A probability edited into a string, a label the classifier does not give, or a
    classification that disagrees with the table: read without error, then 'probably a bug'
    (TypeError, KeyError) in the report, or a gate reading the table's other number."""
    def edited(change: Any) -> str:
        doc = _doc(analyses)
        classes = doc["analysis"]["fields"]["classifications"]
        fields = next(iter(classes.values()))["fields"]
        change(fields)
        return json.dumps(doc)

    def set_heavy(value: Any) -> Any:
        return lambda f: f["probabilities"].__setitem__("heavy", value)

    with raises_data_error("damaged", "TailClassification.probabilities is {'heavy': '0.9'",
                           "dict[str, float]"):
        ts.read_analysis(edited(set_heavy("0.9")))
    with raises_data_error("damaged", "not numbers in [0, 1]"):
        ts.read_analysis(edited(set_heavy(1.5)))
    with raises_data_error("damaged", "the label 'huge'"):
        ts.read_analysis(edited(lambda f: f.__setitem__("label", "huge")))
    with raises_data_error("damaged", "do not sum to 1"):
        ts.read_analysis(edited(set_heavy(0.5)))


def _tampered(edit: Any) -> str:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": ["a"] * 3000 + ["b"] * 3000,
                       "reward": np.r_[rng.normal(size=3000), rng.standard_t(3, 3000)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        doc = json.loads(ts.analyze(df, "reward", by="g").to_json())
    fields = doc["analysis"]["fields"]
    edit(fields["classifications"]["a"]["fields"], fields["table"]["$frame"])
    return json.dumps(doc)


def _column(frame: dict, name: str) -> list:
    names = frame["columns"]["$index"]["values"]
    return frame["data"][names.index(name)]["values"]


@pytest.mark.parametrize("edit, words", [
    (lambda c, t: c.update(xi="hello"), ("TailClassification.xi is 'hello', not a number",)),
    (lambda c, t: c.update(n=-5), ("n = -5", "not counts")),
    (lambda c, t: _column(t, "label").__setitem__(0, "bounded"), ("disagree on label",)),
    (lambda c, t: _column(t, "n").__setitem__(0, 7), ("disagree on n", "7")),
    (lambda c, t: _column(t, "group").__setitem__(0, "zzz"), ("'a' has no row",)),
])
def test_content_that_contradicts_itself_is_refused(edit: Any, words: tuple[str, ...]) -> None:
    """Read without complaint before, and the report then failed with a TypeError (or showed
    a label the classification did not give): a string for xi, a negative n, a table whose
    label, n or group disagrees with the group's classification."""
    with raises_data_error(*words):
        ts.read_analysis(_tampered(edit))


def test_bytes_with_a_byte_order_mark_read_back() -> None:
    """UTF-8 bytes starting with a byte-order mark were taken for a file name ("there is no
    file '\\ufeff{...'"), though the same content read from a path loads."""
    a = ts.analyze(np.random.default_rng(3).standard_t(3.0, 500))
    b = ts.read_analysis(b"\xef\xbb\xbf" + a.to_json().encode())
    _assert_same(a, b)


def test_a_bytes_path_to_write_is_a_clear_error(tmp_path: Path) -> None:
    """A review: to_json(b"path") raised a bare TypeError from the suffix test."""
    a = ts.analyze(np.random.default_rng(0).standard_t(3, 2000), warn=False)
    with pytest.raises(ts.DataError, match="path must be a file name"):
        a.to_json(os.fsencode(tmp_path / "a.json"))
