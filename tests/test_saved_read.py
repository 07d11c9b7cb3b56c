"""What ``read_analysis`` refuses: files, text and bytes that are not a saved analysis (the
format's round trips are in tests/test_saved.py). Each refusal is a DataError naming the
input and what to do."""

from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _helpers import default_recursion_limit, raises_data_error

import tailstat as ts


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("reward,model\n1.0,a\n", encoding="utf-8")
    with raises_data_error("notes.json", "not valid JSON", "to_json"):
        ts.read_analysis(path)
    with raises_data_error("the text", "not valid JSON"):
        ts.read_analysis('{"format": "tailstat.analysis", ')
    with raises_data_error("not valid JSON", "NaN"):
        ts.read_analysis('{"format": "tailstat.analysis", "version": NaN}')
    binary = tmp_path / "data.parquet"
    binary.write_bytes(b"PAR1\x00\xff\xfe\x80")
    with raises_data_error("data.parquet", "not UTF-8"):
        ts.read_analysis(binary)


def test_no_such_file(tmp_path: Path) -> None:
    with raises_data_error("no file", "missing.json"):
        ts.read_analysis(tmp_path / "missing.json")
    with raises_data_error("file path or the JSON text"):
        ts.read_analysis(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "words"), [
    ('{"format": "tailstat.report", "version": 1}', ("not a saved tailstat analysis",
                                                      "'tailstat.report'")),
    ('{"rewards": [1, 2, 3]}', ("not a saved tailstat analysis", "without a tailstat format")),
    ("[1, 2, 3]", ("not a saved tailstat analysis", "list")),
])
def test_json_of_another_kind(text: str, words: tuple[str, ...]) -> None:
    with raises_data_error(*words, "to_json"):
        ts.read_analysis(text)


@pytest.mark.parametrize("depth", [400, 100_000])
def test_deep_nesting_is_damage_not_a_recursion_error(depth: int) -> None:
    """A review's case: 400 nested tagged tuples (5 KB) exhausted the decoder's recursion,
    100 000 nested lists the JSON parser's: both escaped as a raw RecursionError."""
    body = ('{"$tuple":[' * depth + "]}" * depth) if depth < 1000 else "[" * depth + "]" * depth
    text = '{"format":"tailstat.analysis","version":1,"analysis":' + body + "}"
    with default_recursion_limit(), raises_data_error("nested too deeply"):
        ts.read_analysis(text)


def test_bytes_that_are_not_utf8_are_refused_like_a_file() -> None:
    """JSON bytes were decoded with errors="replace": a damaged byte became U+FFFD in a group
    key and the analysis loaded, while the same bytes in a file were refused."""
    a = ts.analyze(pd.DataFrame({"g": ["caf\u00e9"] * 400 + ["b"] * 400,
                                 "r": np.random.default_rng(4).normal(size=800)}), "r", by="g")
    raw = a.to_json().encode().replace("caf\u00e9".encode(), b"caf\xe9")
    assert raw != a.to_json().encode()
    with raises_data_error("not UTF-8 text"):
        ts.read_analysis(raw)


def test_a_device_is_not_read_as_a_saved_analysis() -> None:
    """``read_analysis('/dev/zero')`` read until memory ran out (the command line refused it
    already: it requires a regular file)."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(ts.DataError, match="'/dev/zero' is a device, not a saved tailstat"):
        ts.read_analysis("/dev/zero")


def test_a_gzip_compressed_saved_analysis_is_read(tmp_path: Path) -> None:
    """analysis.json.gz: read_analysis said "not UTF-8 text (a binary file?)" and the command
    line read the file's keys as a table of rewards ("'version' has only 2 values") (a
    review)."""
    import gzip

    from tailstat.cli import main
    from tailstat.saved import is_saved_analysis

    rng = np.random.default_rng(5)
    a = ts.analyze(pd.DataFrame({"r": rng.standard_t(3.0, 2000)}), "r", warn=False)
    path = tmp_path / "analysis.json.gz"
    path.write_bytes(gzip.compress(a.to_json().encode()))
    b = ts.read_analysis(path)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert is_saved_analysis(path)
    assert main(["classify", str(path), "-q", "--json"]) == 0
    (tmp_path / "bad.json.gz").write_bytes(gzip.compress(a.to_json().encode())[:-20])
    with pytest.raises(ts.DataError, match="damaged gzip file"):
        ts.read_analysis(tmp_path / "bad.json.gz")
    # as bytes (it was a bare ValueError: embedded null byte), and a corrupt deflate stream,
    # which is_saved_analysis let through as zlib.error: the command line exited 70 (a review)
    pd.testing.assert_frame_equal(ts.read_analysis(path.read_bytes()).table, a.table)
    bad = bytearray(path.read_bytes())
    bad[20:60] = bytes(b ^ 0xFF for b in bad[20:60])
    (tmp_path / "corrupt.json.gz").write_bytes(bytes(bad))
    assert not is_saved_analysis(tmp_path / "corrupt.json.gz")
    assert main(["classify", str(tmp_path / "corrupt.json.gz"), "-q"]) == 2


def test_bzip2_xz_and_a_byte_order_mark_are_read_as_gzip_is(tmp_path: Path) -> None:
    """Data files may be .bz2 or .xz, and an editor may write a byte-order mark; a saved
    analysis so written was read as a table of rewards by the command line ("'version' has
    only 2 value(s)": a review)."""
    import bz2
    import lzma

    from tailstat.cli import main
    from tailstat.saved import is_saved_analysis

    rng = np.random.default_rng(5)
    a = ts.analyze(pd.DataFrame({"r": rng.standard_t(3.0, 2000)}), "r", warn=False)
    text = a.to_json().encode()
    for name, raw in (("a.json.bz2", bz2.compress(text)), ("a.json.xz", lzma.compress(text)),
                      ("bom.json", b"\xef\xbb\xbf" + text)):
        path = tmp_path / name
        path.write_bytes(raw)
        assert is_saved_analysis(path)
        pd.testing.assert_frame_equal(ts.read_analysis(path).table, a.table)
        pd.testing.assert_frame_equal(ts.read_analysis(raw).table, a.table)
        assert main(["classify", str(path), "-q", "--json"]) == 0
    (tmp_path / "bad.json.xz").write_bytes(lzma.compress(text)[:-30])
    with pytest.raises(ts.DataError, match="damaged xz file"):
        ts.read_analysis(tmp_path / "bad.json.xz")


def test_content_of_another_version_names_the_versions_not_damage() -> None:
    """A field added by a newer tailstat (or one an older file lacks) was called "damaged ...
    save the analysis again", though the file says which version wrote it (a review)."""
    import json

    rng = np.random.default_rng(6)
    doc = json.loads(ts.analyze(pd.DataFrame({"r": rng.normal(size=600)}), "r",
                                warn=False).to_json())
    fields = next(iter(doc["analysis"]["fields"]["classifications"].values()))["fields"]
    fields["tail_weight"] = 0.5
    doc["written_by"] = "tailstat 9.9.0"
    with raises_data_error("saved by tailstat 9.9.0", "tail_weight", "upgrade tailstat"):
        ts.read_analysis(json.dumps(doc))
    doc["written_by"] = json.loads(ts.analyze(pd.DataFrame({"r": rng.normal(size=600)}), "r",
                                              warn=False).to_json())["written_by"]
    with raises_data_error("damaged saved analysis", "tail_weight"):
        ts.read_analysis(json.dumps(doc))


def test_an_analysis_whose_table_was_changed_is_not_saved(tmp_path: Path) -> None:
    """A table that no longer matches the classifications (made with dataclasses.replace:
    the table a result hands out is a copy, whose edits never reach it, stop 60) is refused
    by to_json rather than written to a file read_analysis refuses (a review: the file was
    written, and could never be read)."""
    import dataclasses

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.standard_t(3, 4000), "m": np.repeat(["a", "b"], 2000)})
    res = ts.analyze(df, "r", by="m")
    with warnings.catch_warnings():  # pandas 3: a write to a copy (ChainedAssignmentError)
        warnings.simplefilter("ignore")
        res.table["p_heavy"] = res.table["p_heavy"].round(2)  # a copy's: res keeps its own
    assert res.to_json() == ts.analyze(df, "r", by="m").to_json()
    edited = res.table
    edited["p_heavy"] = edited["p_heavy"].round(2)
    path = tmp_path / "run.json"
    with raises_data_error("cannot be saved", "disagree on P(heavy)", "table.copy()"):
        dataclasses.replace(res, table=edited).to_json(path)
    assert not path.exists()


def test_bytes_of_no_format_read_are_a_data_error() -> None:
    """Bytes that are no saved analysis (an .lzma file of the old format, binary data) were
    taken for a file name, and open() raised a bare ValueError: embedded null byte."""
    import lzma

    for source in (b"\x00abc", lzma.compress(b"{}", format=lzma.FORMAT_ALONE), "a\x00b"):
        with raises_data_error("file path or the JSON text", "NUL byte"):
            ts.read_analysis(source)


def test_a_stream_holding_a_saved_analysis_is_told_from_data() -> None:
    """What the command line reads from standard input or a pipe (one read: it cannot peek)
    is a saved analysis when a file of the same bytes would be."""
    import bz2

    from tailstat.saved import holds_saved_analysis

    a = ts.analyze(pd.DataFrame({"r": np.random.default_rng(2).normal(size=600)}), "r",
                   warn=False)
    text = a.to_json().encode()
    resorted = json.dumps(json.loads(text), sort_keys=True, indent=1).encode()  # key last
    for raw in (text, gzip.compress(text), bz2.compress(text), b"\xef\xbb\xbf \n" + text,
                resorted):
        assert holds_saved_analysis(raw)
    for raw in (b"reward\n1.0\n2.0\n", b'{"rewards": [1, 2, 3]}', gzip.compress(b"r\n1\n"),
                gzip.compress(text)[:-20], b"", b'["tailstat.analysis"]'):
        assert not holds_saved_analysis(raw)


def test_a_saved_analysis_given_as_data_says_what_it_is(tmp_path: Path) -> None:
    """``analyze("run.json")`` on a saved analysis failed on one of its keys read as a
    column ("'version' has only 2 value(s); at least 50 are needed")."""
    a = ts.analyze(pd.DataFrame({"r": np.random.default_rng(3).normal(size=600)}), "r",
                   warn=False)
    path = tmp_path / "run.json"
    a.to_json(path)
    pretty = tmp_path / "pretty.json"  # several lines: read as one JSON object, not as lines
    pretty.write_text(json.dumps(json.loads(path.read_text()), indent=2), encoding="utf-8")
    for p in (path, pretty):
        for read in (ts.analyze, ts.classify, ts.data.read_table):
            with raises_data_error(p.name, "saved tailstat analysis", "tailstat.read_analysis"):
                read(str(p))


def test_a_name_ending_in_gz_bz2_or_xz_is_written_compressed(tmp_path: Path) -> None:
    """``to_json("run.json.gz")`` wrote plain text under a .gz name: ``zcat run.json.gz |
    tailstat report -`` failed ("not in gzip format"), as the README shows it (a review)."""
    import bz2
    import lzma

    a = ts.analyze(pd.DataFrame({"r": np.random.default_rng(4).normal(size=600)}), "r",
                   warn=False)
    text = a.to_json()
    for name, unpack in (("a.json.gz", gzip.decompress), ("a.json.bz2", bz2.decompress),
                         ("a.json.xz", lzma.decompress), ("a.json", bytes)):
        path = tmp_path / name
        assert a.to_json(path) == text
        assert unpack(path.read_bytes()).decode("utf-8") == text
        pd.testing.assert_frame_equal(ts.read_analysis(path).table, a.table)
    a.to_json(tmp_path / "b.json.gz")  # the same analysis, the same bytes
    assert (tmp_path / "b.json.gz").read_bytes() == (tmp_path / "a.json.gz").read_bytes()


def test_a_saved_analysis_on_standard_input_read_as_data_says_how_to_read_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """analyze("-") of a saved analysis advised "tailstat.read_analysis(standard input)"
    (a review)."""
    import io
    import sys

    a = ts.analyze(pd.DataFrame({"r": np.random.default_rng(5).normal(size=600)}), "r",
                   warn=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(a.to_json().encode())))
    with raises_data_error("standard input holds a saved tailstat analysis",
                           "read_analysis(sys.stdin.buffer.read())", "| tailstat report -"):
        ts.analyze("-", "r")


@pytest.mark.parametrize(("where", "value"), [
    (("settings", "fdr"), None), (("settings", "fdr"), ["0.05"]),
    (("settings", "fdr"), {"$float": "NaN"}), (("settings", "seed"), "0"),
    (("classification", "n_read"), {"$float": "NaN"})])
def test_settings_that_explain_reads_are_checked_when_read(where: tuple[str, str],
                                                           value: object) -> None:
    """A review (1,500 single edits of a saved file): fdr = null, a list, or a classification's
    n_read = NaN were read back, and explain() then failed with a TypeError (the command
    line's report with exit 70, 'probably a bug in tailstat')."""
    x = np.random.default_rng(0).standard_t(3, 2000)
    doc = json.loads(ts.analyze(x, warn=False).to_json())
    fields = doc["analysis"]["fields"]
    if where[0] == "settings":
        fields["settings"][where[1]] = value
    else:
        (c,) = fields["classifications"].values()
        c["fields"]["settings"][where[1]] = value
    with pytest.raises(ts.DataError, match="damaged saved analysis"):
        ts.read_analysis(json.dumps(doc))


def test_numpy_numbers_in_the_settings_are_saved() -> None:
    """A review: the settings check also runs when saving, and refused seed=np.int64(3) and
    fdr=np.float32(0.1) (blaming 'an edited table')."""
    x = np.random.default_rng(0).standard_t(3, 2000)
    a = ts.analyze(x, seed=np.int64(3), fdr=np.float32(0.1), warn=False)
    back = ts.read_analysis(a.to_json())
    assert back.settings["seed"] == 3 and back.settings["fdr"] == np.float32(0.1)


def test_a_sketch_that_is_not_its_groups_is_refused() -> None:
    """A review: a sketch of 100 values put in the place of a group of 3,000 was read back,
    and the report then failed with a raw IndexError (exit 70 on the command line)."""
    import base64
    import json

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(["a", "b"], 3000),
                       "r": np.r_[rng.standard_t(3, 3000), rng.normal(size=3000)]})
    saved = json.loads(ts.analyze(df, "r", by="g").to_json())
    assert ts.read_analysis(json.dumps(saved)).table["n"].tolist() == [3000, 3000]
    saved["analysis"]["fields"]["sketches"]["a"]["bytes"] = base64.b64encode(
        ts.TailSketch.from_sample(rng.normal(size=100)).to_bytes()).decode()
    with pytest.raises(ts.DataError, match=r"damaged saved analysis \(its sketch of 'a' holds "
                                           r"100 values where its table counts 3000\)"):
        ts.read_analysis(json.dumps(saved))
    # review 368: a sketch of the group's size holding fewer top values than its
    # classification read (the report's IndexError), and two groups' sketches swapped (one
    # group's figures drawn from the other's data)
    fields = json.loads(ts.analyze(df, "r", by="g").to_json())["analysis"]["fields"]
    short = json.loads(json.dumps(saved))
    short["analysis"]["fields"] = json.loads(json.dumps(fields))
    short["analysis"]["fields"]["sketches"]["a"]["bytes"] = base64.b64encode(
        ts.TailSketch.from_sample(df["r"][:3000], capacity=10, name="a").to_bytes()).decode()
    with pytest.raises(ts.DataError, match=r"its sketch of 'a' holds 10 top values, fewer "
                                           r"than the \d+ its classification read"):
        ts.read_analysis(json.dumps(short))
    c = ts.analyze(df, "r", by="g").classifications["a"]  # review 370: c.k + 1 passed, and
    edge = json.loads(json.dumps(short))  # the report's paths then failed
    edge["analysis"]["fields"]["sketches"]["a"]["bytes"] = base64.b64encode(
        ts.TailSketch.from_sample(df["r"][:3000], capacity=c.k + 1, name="a").to_bytes()
    ).decode()
    with pytest.raises(ts.DataError, match=r"fewer than the \d+ its classification read"):
        ts.read_analysis(json.dumps(edge))
    swapped = json.loads(json.dumps(short))
    sketches = json.loads(json.dumps(fields))["sketches"]
    swapped["analysis"]["fields"]["sketches"] = {"a": sketches["b"], "b": sketches["a"]}
    with pytest.raises(ts.DataError, match=r"its sketch of 'a' is named 'b', not 'a'"):
        ts.read_analysis(json.dumps(swapped))
    other = json.loads(json.dumps(short))
    other["analysis"]["fields"]["sketches"]["a"]["bytes"] = base64.b64encode(
        ts.TailSketch.from_sample(rng.standard_t(3, 3000), name="a").to_bytes()).decode()
    with pytest.raises(ts.DataError, match=r"where its table's threshold is .*: not the "
                                           r"sample its classification read"):
        ts.read_analysis(json.dumps(other))


def test_to_json_refuses_a_path_that_is_not_one() -> None:
    """A review: to_json(5) raised a raw TypeError from the file system layer."""
    rng = np.random.default_rng(0)
    a = ts.analyze(pd.DataFrame({"r": rng.normal(size=500)}), "r", warn=False)
    for bad in (5, 2.5, ["a.json"]):
        with pytest.raises(ts.DataError, match="path must be a file name"):
            a.to_json(bad)  # type: ignore[arg-type]
