"""The report's page: ``tailstat/reporting/_build.py`` (the headline, the input's provenance).

Browser-level checks of the page are in ``tests/test_report.py``.
"""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts


def _text(page: str) -> str:
    body = re.sub(r"<(style|script).*?</\1>|</?bdi>", "", page, flags=re.S)  # (inline)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_confident_heavy_groups_the_flags_leave_out_are_named_in_the_headline(
        tmp_path: Path) -> None:
    """Among 30 groups the false-discovery rule need not flag a group the classifier calls
    heavy with P >= 0.8; the headline ("0 of 30 flagged") then names such groups instead of
    reading as "nothing is heavy"."""
    rng = np.random.default_rng(5)
    frames = [pd.DataFrame({"cat": f"c{i:02d}", "reward": rng.normal(size=300)})
              for i in range(28)]
    frames.append(pd.DataFrame({"cat": "heavyA", "reward": np.r_[rng.normal(size=294),
                                                                 rng.pareto(1, 6) * 5 + 3]}))
    frames.append(pd.DataFrame({"cat": "heavyB", "reward": rng.standard_t(2, 300)}))
    df = pd.concat(frames, ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", by="cat")
        calm = ts.analyze(df[df.cat.str.startswith("c")], "reward", by="cat")
    t = a.table.set_index("group")
    named = [k for k in ("heavyA", "heavyB") if a.classifications[k].label == "heavy"
             and a.classifications[k].confident and not t.loc[k, "heavy_flag"]]
    assert named  # the situation this test is about
    text = _text(ts.report(a, tmp_path / "r.html", figures="none",
                           progress=False).read_text(encoding="utf-8"))
    assert f"{int(t['heavy_flag'].sum())} of 30 groups flagged" in text
    line = text[text.index("Not flagged, but called heavy with confidence"):]
    assert all(k in line[:200] for k in named)
    # with no such group, no such line
    text = _text(ts.report(calm, tmp_path / "calm.html", figures="none",
                           progress=False).read_text(encoding="utf-8"))
    assert "Not flagged, but called heavy" not in text
    # the same groups as sketches: the same summary (a review: a report of sketches, with no
    # by= column, left out the flags' count and the groups named)
    sketches = {k: ts.TailSketch.from_sample(g["reward"].to_numpy())
                for k, g in df.groupby("cat")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        text = _text(ts.report(ts.analyze(sketches), tmp_path / "s.html", figures="none",
                               progress=False).read_text(encoding="utf-8"))
    assert f"{int(t['heavy_flag'].sum())} of 30 groups flagged" in text
    line = text[text.index("Not flagged, but called heavy with confidence"):]
    assert all(k in line[:200] for k in named)


def test_the_settings_of_a_report_of_sketches_say_what_was_analysed(tmp_path: Path) -> None:
    # a dict of sketches is one group per sketch, not "one sample" of "the only numeric
    # column"
    rng = np.random.default_rng(3)
    sketches = {k: ts.TailSketch.from_sample(rng.normal(size=5000)) for k in ("a", "b")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        page = ts.report(sketches, tmp_path / "s.html", progress=False,
                         figures="none").read_text(encoding="utf-8")
    assert "(one group per sketch: 2)" in page and "(the sketched values)" in page
    assert "(none: one sample)" not in page and "the only numeric column" not in page
    # the advice for the Goodhart sections is one a sketch can follow (a review: "pass
    # goodhart=True to analyze", which refuses sketches)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        text = _text(ts.report(ts.analyze(sketches), tmp_path / "t.html", progress=False,
                               goodhart=True).read_text(encoding="utf-8"))
    assert "an analysis of TailSketches has the top order statistics" in text
    assert "pass goodhart=True to analyze" not in text


def test_how_to_read_explains_only_the_panels_drawn(tmp_path) -> None:
    """A review: a report without gold scores (and without a Bayesian fit) explained
    "Error: survival", "Tail dependence" and "Posterior of ξ", panels it never drew."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.standard_t(3, 4000), "g": np.repeat(["a", "b"], 2000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        ts.report(ts.analyze(df, "r", by="g"), tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    figures = page[page.index("<h3>The figures</h3>"):page.index("<h3>Terms</h3>")]
    helped = re.findall(r"<dt>([^<]+)</dt>", figures)
    assert "Survival function (log–log)" in helped
    assert not [t for t in helped if t.startswith("Error") or "Posterior" in t
                or "dependence" in t]


def test_a_tailanalysis_refuses_settings_it_was_not_made_with(tmp_path: Path) -> None:
    """A review: report(analysis, fdr=0.5) wrote a report that still said 'FDR 5%', and
    bayes=True / seed=3 were dropped without a word, while column=/by=/gold= raised (the
    docstring said the opposite). A value other than the default that differs from the
    analysis' own is now a DataError, as the CLI's is; the analysis' own values are fine."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"model": ["a"] * 3000 + ["b"] * 3000,
                       "score": np.r_[rng.normal(size=3000), rng.standard_t(3, 3000)]})
    res = ts.analyze(df, "score", by="model", fdr=0.1, seed=None, warn=False)
    for kw, words in ((dict(fdr=0.5), "made with fdr=0.1: it is reported as made, so fdr=0.5"),
                      (dict(bayes=True), "so method='bayes' (bayes=True) cannot apply"),
                      (dict(method="bayes"), "so method='bayes' (bayes=True) cannot apply"),
                      (dict(seed=3), "made with seed=None")):
        with raises_data_error(words, "pass the data to analyse it again"):
            ts.report(res, tmp_path / "r.html", goodhart=False, **kw)
    assert not (tmp_path / "r.html").exists()
    ts.report(res, tmp_path / "r.html", fdr=0.1, goodhart=False, figures="none")
    assert (tmp_path / "r.html").exists()


def test_the_report_notes_rows_without_a_group_key(tmp_path: Path) -> None:
    """A review: report() formed the '<NA>' group of rows without a by= value in silence
    (analyze warns it); and it dropped missing rewards without a word on the page or on
    stderr, where a group's note said "GPD fit: 300 missing values ..." as if the fit had
    dropped them. Both are warned, as analyze warns them, and noted on the page."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": ["a", "b", None] * 300, "r": rng.normal(size=900)})
    df.loc[df.m == "a", "r"] = np.r_[np.full(20, np.nan), rng.normal(size=280)]
    with pytest.warns(ts.InputWarning) as said:
        out = ts.report(df, tmp_path / "r.html", column="r", by="m", goodhart=False)
    page = _text(out.read_text(encoding="utf-8"))
    assert "300 rows have no value in 'm' (missing)" in page
    missing = "1 of 3 groups had missing rewards (NaN), dropped: 'a' (20)"
    assert missing in page and "nan='raise'" not in page
    assert "column n_missing" not in page  # (no such column on the page: review 422)
    assert sum(missing in str(w.message) for w in said) == 1
    assert sum("no value in 'm'" in str(w.message) for w in said) == 1
    assert "GPD fit: 20 missing" not in page and "20 missing values (NaN) were dropped" in page


def test_a_saved_analysis_keeps_the_note_of_rows_without_a_group_key(tmp_path: Path) -> None:
    """A review: a report made from an analysis (saved, or made with Dask) lost the note on
    rows without a by= value; the analysis keeps their count in its settings."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": ["a", "b", None] * 300, "r": rng.normal(size=900)})
    res = ts.analyze(df, "r", by="m", warn=False)
    assert res.settings["missing_keys"] == {"<NA>": 300}
    back = ts.read_analysis(res.to_json(tmp_path / "a.json"))
    for made in (res, back):
        out = ts.report(made, tmp_path / "r.html", goodhart=False, figures="none")
        assert "300 rows have no value in 'm' (missing)" in _text(out.read_text(encoding="utf-8"))
    full = ts.analyze(df.dropna(), "r", by="m", warn=False)
    out = ts.report(full, tmp_path / "r.html", goodhart=False, figures="none")
    assert "no value in" not in _text(out.read_text(encoding="utf-8"))


def test_a_report_with_no_group_analysed_does_not_ask_for_the_data(tmp_path: Path) -> None:
    """Every group too small: the page said "The data were not available to the report ...
    Pass the data (data=)", though the data had been passed and there was nothing to draw."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=60), "m": np.repeat(["a", "b", "c"], 20)})
    out = ts.report(df, tmp_path / "r.html", column="r", by="m")
    text = _text(out.read_text(encoding="utf-8"))
    assert "3 groups (0 analysed, 3 not analysed, each with its reason)" in text
    assert "'a' has only 20 value(s)" in text
    assert "were not available" not in text and "Pass the data" not in text
    # nor does it count flags among no groups (a review: "0 of 0 groups flagged ... at most
    # 5% are expected to be false alarms")
    assert "No group could be analysed: the table below gives each one's reason." in text
    assert "0 of 0 groups" not in text


def test_report_outcome_documents_its_attributes() -> None:
    """ReportOutcome's fields (path, analysis, seconds, size, warnings) were undocumented."""
    import dataclasses
    import inspect

    from tailstat.reporting import ReportOutcome

    doc = inspect.getdoc(ReportOutcome) or ""
    assert "Attributes\n----------" in doc
    section = doc.split("Attributes\n----------", 1)[1]
    for f in dataclasses.fields(ReportOutcome):
        entry = re.search(rf"^{f.name} : (.+)\n((?:    .+\n?)+)", section, flags=re.M)
        assert entry is not None, f.name


def test_report_outcome_is_a_result(tmp_path: Path) -> None:
    """A frozen result with a short repr and a JSON-safe to_dict (its repr held the path object
    and every warning, 344 characters, and it had neither to_dict nor to_frame: a review)."""
    import dataclasses
    import json

    from tailstat.reporting import build_report

    x = np.random.default_rng(4).normal(size=2000)
    out = build_report(pd.DataFrame({"r": x, "g": np.repeat(["a", "b"], 1000)}),
                       tmp_path / "r.html", column="r", by="g", figures="none")
    assert repr(out) == (f"ReportOutcome(path={str(tmp_path / 'r.html')!r}, size={out.size}, "
                         f"seconds={out.seconds:.3g}, warnings={len(out.warnings)})")
    d = json.loads(json.dumps(out.to_dict(), allow_nan=False))
    page = tmp_path / "r.html"
    assert d["path"] == str(page) and d["size"] == page.stat().st_size
    assert set(d["analysis"]["classifications"]) == {"a", "b"}
    row = out.to_frame()
    assert row.loc[0, "path"] == d["path"] and row.loc[0, "n_warnings"] == len(out.warnings)
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.size = 0  # type: ignore[misc]


def test_what_reading_the_file_changed_is_on_the_page_and_still_warned(tmp_path: Path) -> None:
    """A review: reading a CSV whose keys '1' and '01' became one group warned the caller
    (and the command line's JSON listed it) but the page did not say so. (They are read as
    text since, and stay two groups: what reading did is still said on the page.)"""
    rng = np.random.default_rng(2)
    rows = [f"{k},{x:.17g}" for k in ("1", "01", "2") for x in rng.normal(size=400)]
    path = tmp_path / "keys.csv"
    path.write_text("model,reward\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = ts.report(path, tmp_path / "r.html", column="reward", by="model",
                        goodhart=False, figures="none")
    said = [str(w.message) for w in caught if issubclass(w.category, ts.InputWarning)]
    assert len(said) == 1 and "holds '1' and '01', one number written two ways" in said[0]
    page = _text(out.read_text(encoding="utf-8"))
    assert "holds '1' and '01', one number written two ways" in page


def test_a_report_of_rounded_scores_issues_no_ties_warning(tmp_path: Path,
                                                           monkeypatch) -> None:
    """The figures' estimator paths issued four TiesWarnings to a Python caller, which the
    docstring says the page shows instead (the classification's tie note is on it; a
    review). In one process, where the figures are drawn in the caller's."""
    monkeypatch.setenv("TAILSTAT_THREADS", "1")
    x = np.round(np.random.default_rng(3).normal(size=5000), 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ts.TiesWarning)
        ts.report(pd.DataFrame({"reward": x}), tmp_path / "r.html", column="reward")
    page = (tmp_path / "r.html").read_text()
    assert "tied" in page
    with warnings.catch_warnings():  # the path itself still warns by default
        warnings.simplefilter("error", ts.TiesWarning)
        try:
            ts.tail_path(x - x.min() + 1, "hill")
        except ts.TiesWarning:
            pass
        else:
            raise AssertionError("tail_path did not warn of ties")
    ts.tail_path(x - x.min() + 1, "hill", warn=False)  # and not when asked not to


def test_chi_is_explained_only_on_pages_that_show_it(tmp_path: Path, monkeypatch) -> None:
    """The terms explained χ(u) on every page, also without gold scores, where no column,
    table or figure shows it (the figure help was already filtered; a review)."""
    monkeypatch.setenv("TAILSTAT_THREADS", "1")
    rng = np.random.default_rng(4)
    v = rng.normal(size=3000)
    df = pd.DataFrame({"reward": v + rng.normal(size=3000), "gold": v})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ts.report(df[["reward"]], tmp_path / "plain.html", column="reward")
        ts.report(df, tmp_path / "gold.html", column="reward", gold="gold")
    assert "χ(u), tail dependence" not in (tmp_path / "plain.html").read_text()
    assert "χ(u), tail dependence" in (tmp_path / "gold.html").read_text()


def test_the_flagged_groups_are_named_in_the_headline(tmp_path: Path) -> None:
    """Among 5,000 groups the page said "14 of 5000 groups flagged" and which ones only in
    the table of 5,000 rows, which a browser cannot sort (a review): the flagged groups are
    named, the smallest p-value first, 20 at most."""
    rng = np.random.default_rng(6)
    frames = [pd.DataFrame({"cat": f"c{i:02d}", "reward": rng.normal(size=2000)})
              for i in range(40)]
    frames += [pd.DataFrame({"cat": f"heavy<{i}>", "reward": rng.pareto(0.7 + i / 10, 2000)})
               for i in range(25)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.concat(frames, ignore_index=True), "reward", by="cat")
    t = a.table[a.table["heavy_flag"].astype(bool)].sort_values("heavy_pvalue", kind="stable")
    assert len(t) > 20  # the situation this test is about
    page = ts.report(a, tmp_path / "r.html", figures="none",
                     progress=False).read_text(encoding="utf-8")
    assert "heavy&lt;0&gt;" in page and "heavy<0>" not in page  # names escaped
    text = _text(page)
    line = text[text.index("Flagged: "):].split(". ")[0]
    assert line == ("Flagged: " + ", ".join(t["group"][:20])
                    + f" and {len(t) - 20} more (listed below)")


def test_a_report_of_an_analysis_says_the_missing_rewards_dropped(tmp_path: Path) -> None:
    """A report made from the rows says "1 of 2 groups had missing rewards (NaN), dropped";
    one of the analysis (a Dask one, or one made in Python) said it only under each group
    (a review)."""
    x = np.random.default_rng(0).normal(size=1000)
    x[:7] = np.nan
    df = pd.DataFrame({"g": np.repeat(["a", "b"], 500), "r": x})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r", by="g")
    page = _text(ts.report(a, tmp_path / "r.html", figures="none",
                           progress=False).read_text(encoding="utf-8"))
    assert "1 of 2 groups had missing rewards (NaN), dropped: 'a' (7)" in page


def test_a_report_of_parquet_paths_names_them_in_its_title(tmp_path: Path) -> None:
    """A Dask report was titled "Tail report" alone, a report of a file by its name (a
    review): the title names the path, or how many and the first."""
    import dataclasses

    df = pd.DataFrame({"r": np.random.default_rng(1).normal(size=600)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "r")
    for paths, title in ((("d/one.parquet",), "Tail report: one.parquet"),
                         (("d/a.parquet", "d/b.parquet"), "Tail report: 2 paths (a.parquet, ...)")):
        b = dataclasses.replace(a, settings={**a.settings, "paths": paths})
        page = ts.report(b, tmp_path / "r.html", figures="none",
                         progress=False).read_text(encoding="utf-8")
        assert f"<title>{html.escape(title, quote=False)}</title>" in page


def test_a_report_says_missing_values_once(tmp_path: Path) -> None:
    """A review: a report of a group with NaN warned about them twice in different words, the
    second from the mean-excess and stability panels (re-emitted by the worker pool with its
    location); the analysis says it, the panels do not (mean_excess and threshold_stability
    take warn=False)."""
    x = np.random.default_rng(0).gumbel(size=20_000)
    x[:1000] = np.nan
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        ts.report(pd.DataFrame({"m": "g", "r": x}), tmp_path / "r.html", column="r", by="m",
                  figures="all")
    said = [str(w.message) for w in got if "missing" in str(w.message)]
    assert len(said) == 1, said
    sketch = ts.TailSketch.from_sample(x, name="g")
    for diagnostic in (ts.gpd.mean_excess, ts.gpd.threshold_stability):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            diagnostic(sketch, warn=False)
        with pytest.warns(ts.InputWarning, match="1000 missing values"):
            diagnostic(sketch)


def test_the_evidence_table_says_its_moment_rows_read_centred_scores(tmp_path: Path) -> None:
    """A review: the moment row of a t(2) group read 0.55 at k = 208 where
    tailstat.moment(x, k=208) gives 0.50 at the same threshold, with no word of why (the
    classifier reads x less its centre). The page says so, with a call that gives the row."""
    x = np.random.default_rng(0).standard_t(2, 5000) + 3.0
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        ts.report(x, out, goodhart=False)
    page = html.unescape(out.read_text(encoding="utf-8"))
    c = ts.classify(x, warn=False)
    found = re.search(r"read the scores less their centre, X\(n − ([\d,]+)\) = [^,]+, so that "
                      r"a shift of the scores moves none of them: tailstat\.moment\(x - "
                      r"([-\d.e]+), k=(\d+)\) gives the moment row at k = ([\d,]+)\.", page)
    assert found is not None
    centre = float(found.group(2))
    assert centre == c.settings["centre"]
    assert int(found.group(1).replace(",", "")) == c.settings["centre_depth"]
    row = c.evidence["moment"]
    assert int(found.group(3)) == int(found.group(4).replace(",", "")) == row.k
    assert ts.moment(x - centre, k=row.k).xi == pytest.approx(row.estimate, rel=1e-12)
    assert abs(ts.moment(x, k=row.k).xi - row.estimate) > 0.01  # why the sentence is needed


def test_a_goodhart_box_read_from_the_sample_alone_takes_the_groups_colour(tmp_path: Path
                                                                           ) -> None:
    """A review: binary rewards' "What optimisation would do" box had the class "empirical",
    which no style matches (a grey border beside the group's green "bounded")."""
    out = tmp_path / "b.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        ts.report(np.random.default_rng(0).integers(0, 2, 3000).astype(float), out)
    boxes = re.findall(r'<div class="verdict ([^"]*)"', out.read_text(encoding="utf-8"))
    assert len(boxes) == 2 and all(b.split()[0] == "bounded" for b in boxes), boxes


def test_the_centre_note_reads_to_the_tails_resolution_and_knows_a_grid() -> None:
    """A re-read: the centre of scores near 10^6 read "1e+06" (no scale given); scores on a
    grid (Poisson counts) were given a call that does not reproduce their rows (their ties are
    read spread over their step); a negative centre read "x - -29.2"."""
    from tailstat.reporting._groups import _centre_note

    t3 = np.random.default_rng(0).standard_t(3, 5000)
    far = _centre_note(ts.classify(t3 + 1e6, warn=False), 1.0)
    assert "= 1000000.82," in far and "1e+06" not in far
    below = _centre_note(ts.classify(t3 - 30.0, warn=False), 1.0)
    assert "tailstat.moment(x + 29.18" in below and "- -" not in below
    counts = np.random.default_rng(0).poisson(5, 20_000).astype(float)
    grid = _centre_note(ts.classify(counts, warn=False), None)
    assert "spread over its step (the scores lie on a grid)" in grid
    assert "tailstat.moment" not in grid


def test_the_evidence_of_saturated_scores_says_its_rows_read_the_atom() -> None:
    """A review: clipped scores' evidence table gave "Moment ξ = −31.88 [−57.14, −6.62]"
    beside the table at a glance's "–" (ξ not estimated), without a word."""
    from tailstat.reporting._groups import _centre_note

    x = np.clip(np.random.default_rng(1).normal(size=3000), -2.0, 1.5)
    c = ts.classify(x, warn=False)
    assert c.pattern == "saturated" and np.isnan(c.xi)
    note = _centre_note(c, 1.0)
    assert note.startswith("The scores are saturated (repeated at their maximum): the ")
    assert "read the scores less their centre" in note  # the centre's words follow
    assert "saturated" not in _centre_note(ts.classify(x[x < 1.5], warn=False), 1.0)


def test_a_flag_beside_an_uncertain_verdict_is_said(tmp_path: Path) -> None:
    """A review: "Flagged: small" beside "Uncertain — leaning heavy (0.78)" with no word,
    while the opposite case (heavy, not flagged) has its own box."""
    x = np.random.default_rng(1).standard_t(4, 1500)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"reward": x, "g": "small"}), "reward", by="g")
    c = a.classifications["small"]
    assert bool(a.table["heavy_flag"].iloc[0]) and not (c.label == "heavy" and c.confident)
    page = _text(ts.report(a, tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "Flagged, though not called heavy with confidence: small." in page
    sure = np.random.default_rng(0).pareto(1.0, 5000) + 1.0
    b = ts.analyze(pd.DataFrame({"reward": sure, "g": "clear"}), "reward", by="g")
    assert "Flagged, though" not in _text(ts.report(b, tmp_path / "s.html").read_text(
        encoding="utf-8"))


def test_the_help_explains_the_goodhart_figure_when_one_is_drawn(tmp_path: Path) -> None:
    """A review: "How to read this report" never explained the Goodhart figure (held apart
    from the groups' panels, its help was filtered out), nor "sd above today", I(m), the
    cheap policies, the KL coefficient's unit, subexponential or best-of-n."""
    rng = np.random.default_rng(0)
    v = rng.normal(size=20_000)
    df = pd.DataFrame({"r": v + rng.standard_t(3, v.size), "gold": v})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        on = ts.report(df, tmp_path / "on.html", column="r", gold="gold")
        off = ts.report(df, tmp_path / "off.html", column="r", goodhart=False)
    help_on = html.unescape(on.read_text(encoding="utf-8")).split("How to read this report")[1]
    assert "<dt>What optimisation would do</dt>" in help_on
    for words in ("sd above today", "I(m), the frontier, is the minimum KL", "reward units per nat",
                  "subexponentially (lognormal-like", "<dt>best-of-n</dt>"):
        assert words in help_on, words
    assert "<dt>What optimisation would do</dt>" not in off.read_text(encoding="utf-8")


def test_what_the_report_left_out_is_said_before_the_table(tmp_path: Path) -> None:
    """A review: with more than 50 groups the Goodhart sections are left out with the
    figures, said in "About this report" after the 60-row table and the heat map, 5,000 px
    down the page; the note now comes first in "At a glance"."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=51 * 400), "m": np.repeat(np.arange(51), 400)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        out = ts.report(df, tmp_path / "r.html", column="r", by="m")
    page = out.read_text(encoding="utf-8")
    glance = page[page.index("<h2>At a glance</h2>"):]
    assert "left out with the per-group figures" in glance
    assert glance.index("About this report") < glance.index("<table")
