"""A review of saved analyses (stop 63): a file of an earlier build read and then failing
(exit 70), a crafted file that had the report read any local file into the page, decompression
bombs and string widths that allocate gigabytes, the version that computed an analysis, a
compressed file whose keys were sorted, long file names, and command-line options that match
how a saved analysis was made."""

from __future__ import annotations

import bz2
import dataclasses
import gzip
import json
import lzma
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.cli import main
from tailstat.data import _files
from tailstat.saved import file_bytes, holds_saved_analysis, is_saved_analysis

SECRET = "sk-live-0123456789"
#: A file of other groups, read as the analysis was made (column, by, gold): its groups
#: are a secret.
GROUPS = "model,reward,gold\n" + "".join(f"API_KEY={SECRET},{i},{i}\n" for i in range(80))


@pytest.fixture(scope="module")
def analysis() -> ts.TailAnalysis:
    """Two groups with gold scores and the Goodhart summaries: every table a file holds."""
    rng = np.random.default_rng(63)
    n = 1500
    u = np.r_[rng.standard_t(3, n), rng.normal(size=n)]
    df = pd.DataFrame({"model": ["heavy"] * n + ["light"] * n, "reward": u,
                       "gold": u + rng.normal(size=2 * n)})
    return ts.analyze(df, "reward", by="model", gold="gold", goodhart=True, warn=False)


@pytest.fixture
def doc(analysis: ts.TailAnalysis) -> dict[str, Any]:
    return json.loads(analysis.to_json())  # type: ignore[no-any-return]


def _frames(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``$frame`` body of a saved document, with where it is."""
    if isinstance(node, dict):
        if "$frame" in node:
            yield path, node["$frame"]
        for key, value in node.items():
            yield from _frames(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _frames(value, f"{path}[{i}]")


def _drop(doc: dict[str, Any], where: str, column: str, rename: str | None = None) -> int:
    """Drop (or rename) ``column`` of every frame whose path ends in ``where``."""
    done = 0
    for path, body in _frames(doc):
        names = body["columns"]["$index"]["values"]
        if path.endswith(where) and column in names:
            j = names.index(column)
            if rename is None:
                del names[j], body["data"][j]
            else:
                names[j] = rename
            done += 1
    return done


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "run.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# -- 1. an earlier build's file: refused when read, naming the columns ----------------------

def test_a_file_lacking_columns_the_code_reads_is_refused_when_read(
        tmp_path: Path, doc: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """A file of tailstat 0.1.0 (an earlier build) without the table's heavy_pvalue and the
    tilt's exists_settled was read, then the report failed with KeyError 'heavy_pvalue',
    classify --json and to_dict() with KeyError 'exists_settled' (exit 70)."""
    assert _drop(doc, ".analysis.fields.table", "heavy_pvalue") == 1
    assert _drop(doc, ".tilt.fields.table", "exists_settled") == 2
    path = _write(tmp_path, doc)
    with raises_data_error("heavy_pvalue", "exists_settled", "tilt table",
                           "analyse the data again with this tailstat", "not guessed"):
        ts.read_analysis(path)
    for argv in (["classify", str(path), "--json"],
                 ["report", str(path), "-o", str(tmp_path / "r.html")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "heavy_pvalue" in err and "unexpected" not in err


@pytest.mark.parametrize(("where", "column", "words"), [
    (".best_of_n", "n", ("best-of-n table", "'n'")),
    (".frontier.fields.table", "target_sd", ("frontier table", "'target_sd'")),
    (".dependence.heavy.fields.table", "n_exceed", ("tail dependence table", "'heavy'")),
    (".analysis.fields.table", "p_light", ("its table", "'p_light'")),
])
def test_a_damaged_table_is_refused_when_read(tmp_path: Path, doc: dict[str, Any],
                                              where: str, column: str,
                                              words: tuple[str, ...]) -> None:
    """A best-of-n table whose column n was renamed passed the checks, then to_dict() and the
    report failed with KeyError 'n'; so with the frontier's, the tail dependence's and the
    analysis table's columns that are read by name."""
    assert _drop(doc, where, column, rename=column.upper()) >= 1
    with raises_data_error(*words, "analyse the data again"):
        ts.read_analysis(_write(tmp_path, doc))


def test_a_file_lacking_only_columns_read_with_a_fallback_still_reads(
        tmp_path: Path, doc: dict[str, Any]) -> None:
    """What older files lack and the code reads with a fallback (the intervals' levels, chi's
    largest possible value) is no reason to refuse them."""
    for where, column in ((".analysis.fields.table", "xi_level"),
                          (".analysis.fields.table", "error_confident"),
                          (".fields.table", "chi_max")):
        assert _drop(doc, where, column) >= 1
    a = ts.read_analysis(_write(tmp_path, doc))
    assert "xi_level" not in a.table and a.to_dict()["result"] == "TailAnalysis"


# -- 2. a crafted file never has the report read a file it cannot tell is the one analysed --

def _crafted(doc: dict[str, Any], path: Path, fingerprint: Any) -> dict[str, Any]:
    fields = doc["analysis"]["fields"]
    fields["sketches"], fields["error_sketches"] = {}, {}
    fields["settings"].update(path=str(path), path_fingerprint=fingerprint)
    return doc


def _report_text(source: Any, out: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (what reading a file says, if it is read)
        ts.report(source, out, figures="all")
    return out.read_text(encoding="utf-8")


def test_a_file_without_a_recorded_fingerprint_is_not_read(tmp_path: Path,
                                                           doc: dict[str, Any]) -> None:
    """sketches={} and settings.path naming any file, path_fingerprint=null: the report read
    the file and put its group names into the page."""
    secret = tmp_path / "secret.csv"
    secret.write_text(GROUPS)
    evil = _write(tmp_path, _crafted(doc, secret, None), "evil.json")
    html = _report_text(evil, tmp_path / "evil.html")
    assert SECRET not in html
    assert "does not record the size and modification time" in html


@pytest.mark.parametrize("content", [
    GROUPS, f"{SECRET},other\n1.0,2.0\n3.0,4.0\n",  # (the reader's error names its columns)
])
def test_a_file_read_again_is_never_echoed(tmp_path: Path, doc: dict[str, Any],
                                           content: str) -> None:
    """A file read again (its fingerprint as recorded) that does not hold the analysed groups:
    its other groups were named in the page, and the reader's error, naming its columns,
    was quoted there."""
    secret = tmp_path / "secret.csv"
    secret.write_text(content)
    from tailstat.data import file_fingerprint

    evil = _write(tmp_path, _crafted(doc, secret, list(file_fingerprint(secret))), "evil.json")
    html = _report_text(evil, tmp_path / "evil.html")
    assert SECRET not in html
    assert "they are not drawn" in html  # (said, without the file's words)


# -- 3. decompression bombs and string widths ------------------------------------------------

@pytest.fixture
def small_bomb_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The readers' bomb limit at 1 MiB (200 times the size of what is read still holds)."""
    monkeypatch.setattr(_files, "BOMB_BYTES", 1 << 20)


def _bomb(doc: dict[str, Any]) -> bytes:
    """A saved analysis' head, then 40 MB of white space: 40 KB of gzip."""
    head = json.dumps({k: doc[k] for k in ("format", "version", "written_by")})[:-1]
    return gzip.compress(head.encode() + b', "analysis": ' + b" " * (40 << 20) + b"null}")


def test_a_compressed_saved_analysis_is_read_under_the_readers_bomb_limit(
        tmp_path: Path, doc: dict[str, Any], small_bomb_limit: None) -> None:
    """read_analysis decompressed any .json.gz whole into memory (the data readers refuse
    one past 1 GiB and 200 times its size)."""
    raw = _bomb(doc)
    (tmp_path / "bomb.json.gz").write_bytes(raw)
    for source in (tmp_path / "bomb.json.gz", raw):
        with raises_data_error("decompression bomb", "MiB"):
            ts.read_analysis(source)


def test_standard_input_is_told_a_saved_analysis_under_the_bomb_limit(
        doc: dict[str, Any], small_bomb_limit: None) -> None:
    """holds_saved_analysis decompressed all of standard input before the readers' guard:
    a bomb is now read as data, which the guard refuses."""
    assert not holds_saved_analysis(_bomb(doc))


@pytest.mark.parametrize("width", ["<U5000000", "<U300000"])
def test_a_string_width_no_value_needs_is_refused(doc: dict[str, Any], width: str) -> None:
    """A column of dtype "<U250000000" (80 bytes of a file) allocated a gigabyte."""
    doc["analysis"]["fields"]["settings"]["x"] = {
        "$array": {"dtype": width, "shape": [1], "values": ["a"]}}
    with raises_data_error("damaged", width, "characters"):
        ts.read_analysis(json.dumps(doc))


def test_a_slice_of_a_wider_string_array_reads_back(analysis: ts.TailAnalysis) -> None:
    """A re-read: numpy keeps a slice's width (<U100 holding "b"), which the encoder writes;
    the width check refused the file it had just saved, and saving again could not help."""
    names = np.array(["a" * 100, "b"])[1:]
    a = dataclasses.replace(analysis, settings={**analysis.settings, "names": names})
    back = ts.read_analysis(a.to_json()).settings["names"]
    assert back.dtype == names.dtype and list(back) == ["b"]


def test_string_arrays_as_numpy_makes_them_read_back(analysis: ts.TailAnalysis) -> None:
    a = ts.TailAnalysis(**{**{f: getattr(analysis, f) for f in (
        "table", "classifications", "failures", "error_classifications", "dependence",
        "sketches", "error_sketches", "goodhart", "goodhart_failures")},
        "settings": {**analysis.settings, "names": np.array(["a", "bcd"]),
                     "padded": np.array(["a"], dtype="U40")}})
    b = ts.read_analysis(a.to_json())
    for key in ("names", "padded"):
        assert b.settings[key].dtype == a.settings[key].dtype
        assert list(b.settings[key]) == list(a.settings[key])


# -- 4. the version that computed a saved analysis -------------------------------------------

def test_the_version_that_computed_a_saved_analysis_is_kept_and_reported(
        tmp_path: Path, doc: dict[str, Any]) -> None:
    """read_analysis dropped written_by; a report of the file named the reporting version
    alone."""
    from tailstat.saved import computed_by

    doc["written_by"] = "tailstat 0.0.9"
    path = _write(tmp_path, doc)
    a = ts.read_analysis(path)
    assert computed_by(a) == "tailstat 0.0.9"
    copy = tmp_path / "copy.json.gz"
    text = a.to_json(copy)
    assert json.loads(text)["computed_by"] == "tailstat 0.0.9"  # (written_by: this one)
    b = ts.read_analysis(copy)
    assert computed_by(b) == "tailstat 0.0.9" and b.to_json() == text
    assert computed_by(ts.read_analysis(ts.analyze(
        np.random.default_rng(1).normal(size=600), warn=False).to_json())) is not None
    for source in (path, copy):
        html = _report_text(source, tmp_path / "r.html")
        assert (f"analysis computed by tailstat 0.0.9 (saved file); report made by tailstat "
                f"{ts.__version__}") in html
    # the analysis read and passed in, not its file: said too, data= beside it or not (a
    # re-read: the data= note had replaced it)
    said = (f"analysis computed by tailstat 0.0.9 (read from a saved file); report made by "
            f"tailstat {ts.__version__}")
    assert said in _report_text(a, tmp_path / "r.html")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ts.report(a, tmp_path / "d.html", data=np.random.default_rng(2).normal(size=600))
    html = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert said in html and "data= was not needed" in html


# -- 5. a compressed file whose keys were sorted ---------------------------------------------

@pytest.mark.parametrize("pack", [gzip.compress, bz2.compress, lzma.compress])
def test_a_compressed_file_with_sorted_keys_is_a_saved_analysis(
        tmp_path: Path, doc: dict[str, Any], pack: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``jq -S . run.json | gzip``: read_analysis read it, the command line refused it as
    data, advising the command that had just failed."""
    path = tmp_path / "sorted.json.gz"
    path.write_bytes(pack(json.dumps(doc, sort_keys=True, indent=2).encode()))
    assert is_saved_analysis(path)
    assert main(["classify", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["table"]


# -- 6. long file names ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["x" * 245 + ".json", "é" * 125 + ".json",
                                  "y" * 250 + ".json"])
def test_any_name_the_file_system_takes_can_be_written(tmp_path: Path, name: str,
                                                       analysis: ts.TailAnalysis) -> None:
    """The temporary name (``.{name}.{8 hex}.tmp``) adds 14 characters: a name of 242 to 255
    bytes failed with "File name too long"."""
    if len(os.fsencode(name)) > os.pathconf(tmp_path, "PC_NAME_MAX"):
        pytest.skip("a name longer than this file system takes")
    analysis.to_json(tmp_path / name)
    assert ts.read_analysis(tmp_path / name).to_json() == analysis.to_json()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


# -- 7. the command line's options as the analysis was made ----------------------------------

def test_options_as_the_analysis_was_made_are_accepted(
        tmp_path: Path, analysis: ts.TailAnalysis, capsys: pytest.CaptureFixture[str]) -> None:
    """``classify saved.json --column reward --by model --gold gold`` was refused although
    the analysis was made with exactly those."""
    path = tmp_path / "run.json"
    analysis.to_json(path)
    same = ["--column", "reward", "--by", "model", "--gold", "gold"]
    assert main(["classify", str(path), *same, "--json"]) == 0
    assert main(["report", str(path), *same, "-q", "-o", str(tmp_path / "r.html")]) == 0
    capsys.readouterr()
    assert main(["classify", str(path), "--column", "score", "--by", "model", "--by", "x",
                 "--gold", "gold"]) == 2
    err = capsys.readouterr().err
    assert "--column score (made with reward)" in err and "--by model x (made with model)" in err
    assert "--gold" not in err


def test_a_bytes_path_is_taken_for_its_suffix_and_refused_to_write(
        tmp_path: Path, analysis: ts.TailAnalysis) -> None:
    """file_bytes said bytes paths work, to_json(b"...") refused them: the writer's refusal
    stands (every writer of tailstat takes a str or a path-like), file_bytes says so."""
    text = analysis.to_json()
    assert gzip.decompress(file_bytes(text, b"a.json.gz")).decode() == text
    with pytest.raises(ts.DataError, match="path must be a file name"):
        analysis.to_json(os.fsencode(tmp_path / "a.json"))
    assert "refuses a bytes path" in " ".join((file_bytes.__doc__ or "").split())


def test_the_end_of_compressed_json_data_is_not_read(tmp_path: Path) -> None:
    """A review: telling a saved analysis from data decompressed every compressed JSON file
    to its end (an 18 MB .jsonl.gz, twice per report); only a head whose first key is a
    sorted saved analysis's ("analysis") is read on. A truncated stream shows it: its end
    cannot be read."""
    from tailstat.data.readers import saved_file_ends

    rows = b"".join(b'{"reward": %d, "model": "a"}\n' % i for i in range(50_000))
    path = tmp_path / "scores.jsonl.gz"
    path.write_bytes(gzip.compress(rows)[:-2000])  # its end damaged
    assert saved_file_ends(path) == (rows[:4096], b"")
    assert not ts.saved.is_saved_analysis(path)


# -- contents the field types do not pin down (a review fuzzed 3,000 files: 12 read, then
# -- failed in explain(), the report or the command line with exit 70) ---------------------
def _flag_null(doc: dict[str, Any]) -> None:
    table = doc["analysis"]["fields"]["table"]["$frame"]
    j = table["columns"]["$index"]["values"].index("heavy_flag")
    table["data"][j]["values"][0] = None


def _set(*path: str, value: Any) -> Any:
    def change(doc: dict[str, Any]) -> None:
        node = doc["analysis"]["fields"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


@pytest.mark.parametrize(("damage", "words"), [
    (_flag_null, ("heavy_flag", "classified group")),
    (_set("classifications", "heavy", "fields", "evidence", "pickands", value=0),
     ("evidence['pickands']", "not an estimate")),
    (_set("goodhart", "heavy", "fields", "gold", "n", value="x"), ("gold['n']", "a number")),
    (_set("goodhart", "heavy", "fields", "gold", "error_gold_chi", value={}),
     ("gold['error_gold_chi']", "a number")),
    (_set("goodhart", "heavy", "fields", "gold", "error_label", value=3),
     ("gold['error_label']", "text")),
    (_set("goodhart", "heavy", "fields", "sample_stops", "bon_reach", value=10**20),
     ("sample_stops['bon_reach']", "a number")),
], ids=["null-flag", "evidence", "gold-text", "gold-dict", "gold-label", "huge-int"])
def test_damaged_contents_are_refused_when_read(tmp_path: Path, doc: dict[str, Any],
                                                damage: Any, words: tuple[str, ...],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    damage(doc)
    path = _write(tmp_path, doc)
    with raises_data_error(*words):
        ts.read_analysis(path)
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "unexpected" not in err and words[0] in err


def test_an_interval_that_refuses_its_fields_is_damage(tmp_path: Path,
                                                      doc: dict[str, Any]) -> None:
    """A review: a saved xi_ci with low above high was refused with Interval's own words and
    no word of the file being damaged or where."""
    ci = doc["analysis"]["fields"]["classifications"]["heavy"]["fields"]["xi_ci"]["fields"]
    ci["low"] = ci["high"] + 1.0
    with raises_data_error("damaged", "xi_ci", "low must not exceed high"):
        ts.read_analysis(_write(tmp_path, doc))
