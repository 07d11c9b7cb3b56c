"""The report's reproducibility block (tailstat.reporting._provenance): what the input was and
the command that makes the report again."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.reporting import report


def test_the_command_to_run_again_adds_no_goodhart_only_when_asked(tmp_path: Path) -> None:
    """Beyond 50 groups figures="auto" leaves the Goodhart sections out by itself: the
    command to run again added --no-goodhart, which was never passed."""

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=60 * 300),
                       "m": np.repeat([f"g{i}" for i in range(60)], 300)})
    data = tmp_path / "many.csv"
    df.to_csv(data, index=False)
    calls = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        for g in (None, True, False):
            out = tmp_path / f"{g}.html"
            report(data, out, column="r", by="m", goodhart=g)
            page = out.read_text(encoding="utf-8")
            calls[g] = html_lib.unescape(
                re.search(r'to run again</th><td class="mono">(.*?)</td>', page).group(1))
    assert "goodhart" not in calls[None] and calls[None].startswith("tailstat report")
    assert "--no-goodhart" in calls[False]
    # goodhart=True: the sections beyond the figures too (as text), said in the command
    assert calls[True].endswith("--goodhart") or " --goodhart " in calls[True]
    page = (tmp_path / "True.html").read_text(encoding="utf-8")
    assert page.count("What optimisation would do") >= 60
    # what the default left out is said in the open, not among the groups' 60 warnings
    page = (tmp_path / "None.html").read_text(encoding="utf-8")
    notes = page[page.index("About this report"):page.index("warnings issued during")]
    assert "left out with the per-group figures" in notes and "small sample" not in notes
    assert "goodhart=True (CLI: --goodhart)" in notes


def test_a_saved_analysis_is_named_with_its_checksum(tmp_path: Path) -> None:
    """``tailstat report results.json``: the page said "an analysis (TailAnalysis)" from an
    "in-memory DataFrame", without the file or its checksum, and gave a Python call to run
    it again instead of the command."""

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.standard_t(3.0, 4000), "m": np.repeat(["a", "b"], 2000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        saved = tmp_path / "results.json"
        ts.analyze(df, "r", by="m", goodhart=True).to_json(saved)
        out = tmp_path / "r.html"
        report(saved, out, figures="summary")
    page = html_lib.unescape(out.read_text(encoding="utf-8"))
    assert "a saved analysis (results.json" in page
    assert hashlib.sha256(saved.read_bytes()).hexdigest() in page
    assert f"tailstat report {saved} --figures summary" in page


def test_the_software_row_names_the_running_tailstat() -> None:
    """Run from a source tree the report said 'tailstat ?' (the installed metadata, which
    may also be another version's)."""
    import tailstat
    from tailstat.reporting._provenance import _versions

    assert _versions()[0] == ("tailstat", tailstat.__version__)


def test_a_file_name_that_is_not_utf8_is_shown_escaped() -> None:
    """'r\\xe9w.csv' reaches Python as 'r\\udce9w.csv': the report could not be written."""
    from tailstat._display import on_page, visible

    assert visible("r\udce9w.csv") == "r\\udce9w.csv" == on_page("r\udce9w.csv")
    assert visible("café.csv") == "café.csv"


def test_the_call_that_makes_a_dask_analysis_again() -> None:
    """The diff review: a report of an analysis made with Dask from one Parquet file gave a
    command line without --dask (the rows analysed in memory), and dropped capacity=."""
    from tailstat.reporting._provenance import _Input, call_text

    settings = {"engine": "dask", "source": "/data/d.parquet", "column": "reward",
                "by": ("model",), "seed": 0, "capacity": 500, "fdr": 0.05, "goodhart": False}
    text = call_text(_Input(label="x", path=None), settings, None, "auto", True)
    assert text == ("tailstat.report(tailstat.dask.analyze('/data/d.parquet', column='reward', "
                    "by='model', seed=0, capacity=500), path=...)")


def _saved_without_sketches(tmp_path: Path) -> tuple[Path, Path, pd.DataFrame]:
    """A CSV of two groups, and its analysis saved with its sketches emptied (as an analysis
    that carries none): the report's per-group figures then need the rows."""
    import dataclasses

    rng = np.random.default_rng(1)
    df = pd.DataFrame({"r": rng.standard_t(3.0, 600), "m": np.repeat(["a", "b"], 300)})
    src = tmp_path / "d.csv"
    df.to_csv(src, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(src, "r", by="m")
    saved = tmp_path / "s.json"
    dataclasses.replace(res, sketches={}, error_sketches={}).to_json(saved)
    return src, saved, df


def _same_stat_other_rows(src: Path) -> None:
    """Rewrite ``src`` with other rows, keeping its size and modification time."""
    import os

    st = src.stat()
    text = src.read_text()
    other = text.replace("a\n", "b\n", 10)
    assert len(other) == len(text) and other != text
    src.write_text(other)
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_saved_analysis_never_draws_figures_of_a_file_changed_since(tmp_path: Path) -> None:
    """The file analysed rewritten with other rows but the same size and modification time:
    the report of the saved analysis drew its figures from the new rows, without a word."""
    from tailstat.reporting import build_report

    src, saved, _ = _saved_without_sketches(tmp_path)
    _same_stat_other_rows(src)
    out = build_report(saved, tmp_path / "r.html")
    assert not out.analysis.sketches  # no figure of other data
    note = next(w for w in out.warnings if "has changed since the analysis" in w)
    assert str(src) in note and "group 'a' has 290 values, 300 were analysed" in note
    page = html_lib.unescape(out.path.read_text(encoding="utf-8"))
    assert note in page and "were not available" in page


def test_a_saved_analysis_reads_its_file_only_for_the_figures(tmp_path: Path) -> None:
    """Without per-group figures no data are needed: a changed file (the same report with
    figures='summary') stopped the report with a DataError; a file gone is named."""
    from tailstat.reporting import build_report

    src, saved, _ = _saved_without_sketches(tmp_path)
    src.write_text(src.read_text() + "1.0,a\n")
    for figures in ("summary", "none"):
        assert not any("changed" in w
                       for w in build_report(saved, tmp_path / "s.html",
                                             figures=figures).warnings)
    # data= given then: said to be unneeded (and not read), not silently dropped
    page = build_report(saved, tmp_path / "d.html", figures="summary",
                        data=tmp_path / "no such file.csv").path.read_text(encoding="utf-8")
    assert "data= was not needed: no figure per group is drawn" in html_lib.unescape(page)
    src.unlink()
    out = build_report(saved, tmp_path / "r.html")
    assert any(f"the file analysed, {src}, is no longer there" in w for w in out.warnings)


def test_a_saved_analysis_stays_the_input_when_its_file_is_read(tmp_path: Path) -> None:
    """The figures drawn from the (unchanged) file analysed: the page named the CSV as the
    input, gave a command that analyses it again (with the Goodhart sections this report did
    not have) and dropped the note that they were not made."""
    from tailstat.reporting import build_report

    src, saved, df = _saved_without_sketches(tmp_path)
    out = build_report(saved, tmp_path / "r.html")
    assert set(out.analysis.sketches) == {"a", "b"}
    page = html_lib.unescape(out.path.read_text(encoding="utf-8"))
    assert "a saved analysis (s.json" in page and f"tailstat report {saved}<" in page
    assert hashlib.sha256(src.read_bytes()).hexdigest() in page  # where the figures came from
    assert any("were not made" in w for w in out.warnings)
    # data= given that are not the data analysed: an error, not figures of other rows
    with pytest.raises(ts.DataError, match="data= does not hold the data that was analysed"):
        build_report(saved, tmp_path / "x.html", data=df.iloc[1:])
    assert build_report(saved, tmp_path / "y.html", data=df).analysis.sketches


def test_line_breaks_and_tabs_in_names_are_shown_not_turned_into_spaces(tmp_path: Path) -> None:
    """A review: a file named 'a\\nb.csv' and a column 're\\tward' were written raw, so the page
    showed 'a b.csv' and 're ward' (the command to run again named another file), and a
    group 'l1\\nl2' read 'l1 l2' in its verdict sentence though its heading showed the escape."""
    import shlex

    from tailstat.reporting._provenance import _shell_word

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": ["x"] * 400 + ["l1\nl2"] * 400, "re\tward": rng.normal(size=800)})
    path = tmp_path / "a\nb.csv"
    df.rename(columns={"re\tward": "reward"}).to_csv(path, index=False)
    pages = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        for data, column in ((path, "reward"), (df, "re\tward")):
            out = report(data, tmp_path / "r.html", column=column, by="g", goodhart=False,
                         figures="none")
            pages.append(html_lib.unescape(out.read_text(encoding="utf-8")))
    assert "a\\u000ab.csv" in pages[0] and "a\nb.csv" not in pages[0]
    assert "$'" in pages[0]  # the command names the file with its line break escaped
    assert "re\\u0009ward" in pages[1] and "re\tward" not in pages[1]
    for page in pages:
        assert "scores of '<bdi>l1\\u000al2</bdi>'" in page and "l1\nl2" not in page
    assert _shell_word("a\nb.csv") == "$'a\\nb.csv'" and _shell_word("a b") == shlex.quote("a b")


def test_the_call_names_the_shards_and_the_method_of_a_dask_analysis() -> None:
    """Several Parquet files gave ``tailstat.dask.analyze(shards, ...)`` with ``shards``
    never defined, and ``method="bayes"`` was dropped, so the call made another report (a
    review)."""
    from tailstat.reporting._provenance import _Input, call_text

    settings = {"engine": "dask", "source": "2 Parquet files (a.parquet, ...)",
                "paths": ("a.parquet", "b.parquet"), "column": "r", "by": ("g",), "seed": 0,
                "method": "bayes", "fdr": 0.05, "goodhart": False}
    text = call_text(_Input(label="x", path=None), settings, None, "auto", True)
    assert text == ("tailstat.report(tailstat.dask.analyze(['a.parquet', 'b.parquet'], "
                    "column='r', by='g', method='bayes', seed=0), path=...)")


def test_the_command_to_run_again_repeats_every_by_column(tmp_path: Path) -> None:
    """Two --by columns gave a Python call with a relative path instead of the command."""
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"r": rng.normal(size=1200), "m": np.repeat(["a", "b"], 600),
                       "s": np.tile(np.repeat(["x", "y"], 300), 2)})
    data = tmp_path / "two.csv"
    df.to_csv(data, index=False)
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        report(data, out, column="r", by=["m", "s"], figures="none")
    page = out.read_text(encoding="utf-8")
    call = html_lib.unescape(re.search(r'to run again</th><td class="mono">(.*?)</td>',
                                       page).group(1))
    assert call.startswith(f"tailstat report {data} --column r --by m --by s")


def test_an_analysis_of_a_frame_read_with_options_is_made_again_with_them(
        tmp_path: Path) -> None:
    """``analyze(read_table(f, scores="rejected"))``: the report's command to run again read
    the file without --scores rejected, and gave another verdict (a review); the settings
    now record how the file was read."""
    rng = np.random.default_rng(4)
    rows = pd.DataFrame({"scores_chosen": rng.normal(size=600),
                         "scores_rejected": rng.standard_t(2.0, 600),
                         "subset": np.repeat(["a", "b"], 300)})
    path = tmp_path / "rm_outputs.jsonl"
    rows.to_json(path, orient="records", lines=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(ts.data.read_table(str(path), scores="rejected"))
        assert res.settings["read_options"] == {"scores": "rejected"}
        out = report(res, tmp_path / "r.html", figures="none", progress=False)
    call = html_lib.unescape(re.search(r'to run again</th><td class="mono">(.*?)</td>',
                                       out.read_text(encoding="utf-8")).group(1))
    assert call.startswith(f"tailstat report {path} --scores rejected")
    assert ts.analyze(str(path), warn=False).settings["read_options"] is None


def test_step_bins_read_but_grouped_by_step_are_not_repeated(tmp_path: Path) -> None:
    """read_table(f, step_bins=2) analysed by="step": the command read the file in step bins
    and grouped by them (two groups for eight; a review)."""
    from tailstat.reporting._provenance import _Input, call_text

    settings = {"column": "reward", "by": ("step",), "seed": 0, "fdr": 0.05,
                "read_options": {"step_bins": 2}, "goodhart": False}
    data = tmp_path / "trl.csv"
    data.write_text("step,reward\n1,0.5\n", encoding="utf-8")
    text = call_text(_Input(label="x", path=data), settings, None, "auto", True)
    assert "--step-bins" not in text and "--by step" in text
    binned = call_text(_Input(label="x", path=data), {**settings, "by": ("steps",)}, None,
                       "auto", True)
    assert "--step-bins 2" in binned and "--by" not in binned


def test_an_array_for_an_analysis_of_a_table_is_said_not_to_hold_its_data(tmp_path) -> None:
    """A review (stop 60): once an analysis recorded its inferred column, report(a,
    data=array) advised leaving out column=, which report() has none of for an analysis."""
    import dataclasses

    x = np.random.default_rng(0).standard_t(3, 800)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = dataclasses.replace(ts.analyze(pd.DataFrame({"reward": x})), sketches={})
    assert a.settings["column"] == "reward"
    with pytest.raises(ts.DataError, match="data= does not hold the data that was analysed"):
        ts.report(a, tmp_path / "r.html", data=x, figures="all")


def test_no_seed_is_said_and_kept_in_the_call_to_run_again(tmp_path: Path) -> None:
    """A review: seed=None (a fresh seed each run) showed as "seed | None", and the call to
    run again left it out, so it ran with the default seed 0."""
    x = np.random.default_rng(0).normal(size=3000)
    rows = {}
    for seed in (None, 3):
        out = tmp_path / f"{seed}.html"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            report(x, out, seed=seed, goodhart=False)
        page = html_lib.unescape(out.read_text(encoding="utf-8"))
        rows[seed] = (re.search(r"<th[^>]*>seed</th><td>(.*?)</td>", page).group(1),
                      re.search(r"(tailstat\.report\(.*?\))", page).group(1))
    from tailstat.reporting._provenance import _dask_call

    assert "seed=None" in _dask_call({"paths": ["a.parquet"], "column": "r", "seed": None,
                                      "fdr": 0.05}, None, "auto", 0.05)
    assert rows[None][0].startswith("none (a fresh seed each run")
    assert "seed=None" in rows[None][1] and "None" not in rows[None][0]
    assert rows[3] == ("3", rows[3][1]) and "seed=3" in rows[3][1]


def test_the_versions_name_pymc_and_arviz_for_a_bayesian_analysis_only() -> None:
    # a review: their rows followed what the process had imported before the report, not
    # what the analysis used
    import sys

    from tailstat.reporting._provenance import _versions

    pytest.importorskip("pymc")
    import pymc  # noqa: F401 (imported: it must not bring its row)

    assert "pymc" in sys.modules
    plain = dict(_versions(False))
    assert "pymc" not in plain and "arviz" not in plain and "numpy" in plain
    bayes = dict(_versions(True))
    assert bayes["pymc"] and bayes["arviz"]


def test_the_analysed_file_is_read_again_with_its_reader_options(tmp_path) -> None:
    """A review of the change that records a file read with reader options: a report that
    re-reads it for the figures must read it as it was analysed (the margins, not the chosen
    scores), else the figures are of other data or not drawn."""
    import dataclasses

    from tailstat.data import read_table

    rng = np.random.default_rng(0)
    path = tmp_path / "rb_outputs.jsonl"
    pd.DataFrame({"id": range(400), "subset": np.repeat(["a", "b"], 200),
                  "scores_chosen": rng.normal(size=400), "scores_rejected": rng.normal(size=400)}
                 ).to_json(path, orient="records", lines=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(read_table(path, scores="margin"))
        assert a.settings["read_options"] == {"scores": "margin"} and a.settings["path"]
        bare = dataclasses.replace(a, sketches={}, error_sketches={})  # figures need the file
        page = ts.report(bare, tmp_path / "r.html", figures="all").read_text(encoding="utf-8")
    assert "re-read" in page and "has changed" not in page and "not drawn" not in page
