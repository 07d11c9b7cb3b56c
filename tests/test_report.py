"""tailstat.report: one self-contained, escaped HTML file, checked as text and in Chromium."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from _helpers import imported_by

import tailstat as ts
from tailstat.reporting import build_report, report

XSS = "<script>alert(1)</script>"
COLUMN = 'score <i>"v2"</i>'
TITLE = "Tails & <b>tales</b>"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 2500
    v = rng.normal(size=3 * n)
    err = np.concatenate([0.3 * rng.standard_t(2.0, n), rng.normal(scale=0.5, size=n),
                          rng.normal(scale=0.5, size=n)])
    df = pd.DataFrame({"model": np.repeat([XSS, "light & co", "bounded"], n),
                       COLUMN: v + err, "gold": v})
    df.loc[df.model == "bounded", COLUMN] = np.tanh(df.loc[df.model == "bounded", COLUMN])
    tiny = pd.DataFrame({"model": "tiny", COLUMN: rng.normal(size=20), "gold": 0.0})
    return pd.concat([df, tiny], ignore_index=True)


@pytest.fixture(scope="module")
def csv_file(frame: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "scores.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def html_file(csv_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "sub" / "report.html"
    written = report(csv_file, out, title=TITLE, column=COLUMN, by="model", gold="gold",
                     seed=3)
    assert written == out and out.exists()
    return out


@pytest.fixture(scope="module")
def html(html_file: Path) -> str:
    return html_file.read_text(encoding="utf-8")


# --- as text ---------------------------------------------------------------------------------


def test_self_contained_no_external_reference(html: str) -> None:
    assert not re.search(r"https?://", html, flags=re.IGNORECASE)
    assert "<script" not in html.lower()  # no script of any kind (the XSS group is escaped)
    assert "<link" not in html.lower() and "@import" not in html and "url(" not in html
    srcs = re.findall(r'src="([^"]*)"', html)
    assert srcs and all(s.startswith("data:image/svg+xml;base64,") for s in srcs)


def test_figures_are_well_formed_svg_with_nothing_outside(html: str) -> None:
    from xml.etree import ElementTree

    srcs = re.findall(r'src="data:image/svg\+xml;base64,([^"]*)"', html)
    assert len(srcs) == 7  # the overview, then per group: diagnostics and optimisation
    for s in srcs:
        text = base64.b64decode(s).decode("utf-8")
        root = ElementTree.fromstring(text)  # well-formed XML (a user string cannot break it)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert int(root.get("width")) > 400 and int(root.get("height")) > 150
        # nothing fetched, nothing run: no links, images, scripts or foreign objects
        assert not re.search(r"href|<image|<script|foreignObject|url\((?!#c\d+\))", text)


def test_user_strings_are_escaped(html: str) -> None:
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>tales</b>" not in html and "Tails &amp; &lt;b&gt;tales&lt;/b&gt;" in html
    assert "<i>" not in html and "score &lt;i&gt;" in html
    assert "light &amp; co" in html


def test_content_summary_groups_failures_gold(html: str) -> None:
    assert "At a glance" in html
    for word in ("Heavy-tailed", "Bounded", "Light-tailed"):
        assert word in html
    assert "tiny" in html and "at least 50 are needed" in html  # failure reason
    assert "Error of the reward against gold" in html and "χ(u)" in html
    assert "Benjamini" in html and "two-groups model" not in html and "KL penalty" in html
    assert "Evidence" in html and "GPD maximum likelihood" in html
    # the table's ξ is the GPD fit (schema 3.0), and the note under the table says so
    assert "ξ is the generalised Pareto maximum-likelihood fit" in html
    assert "ξ is the moment estimate" not in html


def test_reproducibility_block(html: str, csv_file: Path) -> None:
    digest = hashlib.sha256(csv_file.read_bytes()).hexdigest()
    assert digest in html
    assert csv_file.name in html
    assert f"numpy</th><td class=\"mono\">{np.__version__}" in html
    assert ts.__version__ in html and "UTC" in html
    assert "--seed 3" in html  # the command that makes it again


def test_report_from_analysis_with_and_without_data(frame: pd.DataFrame,
                                                    tmp_path: Path) -> None:
    before = frame.copy(deep=True)
    with pytest.warns(ts.TailstatWarning, match="'tiny': 'tiny' has only 20 value"):
        res = ts.analyze(frame, COLUMN, by="model", gold="gold")
    with_data = build_report(res, tmp_path / "a.html", data=frame)
    text = with_data.path.read_text(encoding="utf-8")
    assert text.count("data:image/svg+xml;base64,") == 4  # overview + one per group
    assert "were not available" not in text
    # issue 13: the analysis carries its sketches, so without the data the report draws the
    # very same figures (nothing is re-read)
    bare = build_report(res, tmp_path / "b.html")
    text_b = bare.path.read_text(encoding="utf-8")
    assert "were not available" not in text_b
    assert _images(text_b) == _images(text)
    pd.testing.assert_frame_equal(frame, before)  # the caller's data is untouched


def _images(html: str) -> list[str]:
    """The inline SVG figures of a report, in order."""
    import re

    return re.findall(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", html)


def test_report_from_array_and_top_level_name(tmp_path: Path) -> None:
    x = np.random.default_rng(0).standard_t(3.0, 3000)
    p1 = ts.report(x, tmp_path / "x1.html")
    p2 = ts.report(x, tmp_path / "x2.html", title="again")  # callable twice
    assert p1.exists() and p2.exists()
    assert "in-memory ndarray" in p1.read_text(encoding="utf-8")


def test_bad_input_raises_data_error(tmp_path: Path) -> None:
    with pytest.raises(ts.DataError, match="not found"):
        report(tmp_path / "missing.csv", tmp_path / "r.html")
    with pytest.raises(ts.DataError, match="method"):
        report(np.arange(100.0), tmp_path / "r.html", method="slow")  # type: ignore[arg-type]
    with pytest.raises(ts.DataError, match=r"has only 30 value.*at least 50 are needed"):
        build_report(np.arange(30.0), tmp_path / "r.html", require_success=True)
    small = pd.DataFrame({"g": ["a"] * 30 + ["b"] * 3, "r": np.arange(33.0)})
    with pytest.raises(ts.DataError, match="no group could be classified"):
        build_report(small, tmp_path / "r.html", column="r", by="g", require_success=True)
    assert not (tmp_path / "r.html").exists()


def test_computation_never_imports_plotting_or_templates() -> None:
    code = ("import numpy as np, tailstat\n"
            "x = np.random.default_rng(0).standard_t(3.0, 5000)\n"
            "tailstat.analyze(x)\n"
            "tailstat.fit_gpd(x, '95%')\n")
    assert imported_by(code, ("matplotlib", "seaborn", "jinja2")) == []


# --- in headless Chromium --------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="needs chromium and chromedriver (apt-get install chromium "
                           "chromium-driver)")
def test_report_in_headless_chromium(html_file: Path) -> None:
    pytest.importorskip("selenium.webdriver")
    from selenium.common.exceptions import NoAlertPresentException

    driver, profile = _chromium(1400, 1000, logs=True)
    try:
        driver.get(html_file.resolve().as_uri())
        assert driver.execute_script("return document.readyState") == "complete"
        # no alert was raised by the group named <script>alert(1)</script>
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018
        assert XSS in driver.execute_script("return document.body.innerText")
        assert TITLE in driver.title
        # every figure decoded and non-empty
        sizes = driver.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, "
            "i.naturalHeight]);")
        assert len(sizes) == 7 and all(c and w > 0 and h > 0 for c, w, h in sizes)
        # no console errors
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == []
        # no request leaves the page: the report loads only itself and inline data, and
        # nothing at all (browser start-up included) goes to the network
        page = html_file.resolve().as_uri()
        ours, everything = [], []
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                url = msg["params"]["request"]["url"]
                everything.append(url)
                if msg["params"].get("documentURL") == page:
                    ours.append(url)
        assert page in ours
        assert all(u.startswith(("file://", "data:")) for u in ours), ours
        assert not [u for u in everything if u.startswith(("http:", "https:", "ws:", "wss:"))]
        png = driver.get_screenshot_as_png()
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    from PIL import Image, ImageStat

    with Image.open(io.BytesIO(png)) as im:
        assert im.width >= 800
        assert max(ImageStat.Stat(im.convert("L")).var) > 0  # not blank


def test_report_is_a_plain_function_of_a_plain_module() -> None:
    import types

    import tailstat
    import tailstat.reporting

    assert isinstance(tailstat.reporting, types.ModuleType)
    assert type(tailstat.reporting) is types.ModuleType
    assert tailstat.report is tailstat.reporting.report
    assert isinstance(tailstat.report, types.FunctionType)


def test_report_options_are_checked_once_for_both_entry_points(tmp_path: Path) -> None:
    x = np.random.default_rng(0).standard_normal(300)
    for call in (ts.report, build_report):
        with pytest.raises(ts.DataError, match="dpi must be"):
            call(x, tmp_path / "r.html", dpi=5)
        with pytest.raises(ts.DataError, match="fdr must be"):
            call(x, tmp_path / "r.html", fdr=2.0)
    with pytest.raises(TypeError, match="unexpected"):
        build_report(x, tmp_path / "r.html", colour="red")
    assert not (tmp_path / "r.html").exists()


def _many_groups(groups: int, rows: int = 200) -> pd.DataFrame:
    import pandas as pd

    rng = np.random.default_rng(3)
    return pd.DataFrame({"g": np.repeat([f"m{i:03d}" for i in range(groups)], rows),
                         "r": rng.standard_t(4, groups * rows)})


def test_figures_auto_leaves_out_per_group_figures_beyond_50_groups(tmp_path) -> None:
    """Issue 11: many groups give a report in seconds, and the report says what it left out."""
    import warnings as _w

    with _w.catch_warnings():
        _w.simplefilter("ignore", ts.TailstatWarning)
        out = ts.report(_many_groups(51), tmp_path / "r.html", column="r", by="g")
    html = out.read_text(encoding="utf-8")
    assert "Diagnostic figures for" not in html
    assert "draws them up to 50 groups" in html
    assert html.count("data:image/svg+xml") == 1  # the overview heat map only


@pytest.mark.parametrize(("mode", "images"), [("none", 0), ("summary", 1)])
def test_figures_modes(tmp_path, mode: str, images: int) -> None:
    import warnings as _w

    with _w.catch_warnings():
        _w.simplefilter("ignore", ts.TailstatWarning)
        out = ts.report(_many_groups(3), tmp_path / "r.html", column="r", by="g",
                        figures=mode)  # type: ignore[arg-type]
    html = out.read_text(encoding="utf-8")
    assert html.count("data:image/svg+xml") == images
    assert f"Figures: {mode}" in html


def test_figures_bad_value(tmp_path) -> None:
    with pytest.raises(ts.DataError, match="figures"):
        ts.report(_many_groups(2), tmp_path / "r.html", column="r", by="g",
                  figures="some")  # type: ignore[arg-type]


# --- what optimisation would do ---------------------------------------------------------------


def test_goodhart_section_rare_exploits(tmp_path: Path) -> None:
    from markupsafe import escape

    from tailstat.goodhart import simulate
    from tailstat.reporting._text import true_minus

    light = simulate(10_000, error="normal", seed=21)
    rare = simulate(10_000, error="rare-exploit", eps=0.01, alpha=1.5, seed=22)
    df = pd.concat([light[["u", "v"]].assign(model="light error"),
                    rare[["u", "v"]].assign(model="rare exploits")], ignore_index=True)
    out = build_report(df, tmp_path / "g.html", column="u", by="model", gold="v", seed=1)
    page = out.path.read_text(encoding="utf-8")
    a = out.analysis
    assert page.count("What optimisation would do") >= 2
    for key in ("light error", "rare exploits"):
        assert str(escape(true_minus(a.goodhart[key].verdict))) in page  # the sentence, escaped
    # the figure of the section is an inline PNG
    sec = page.split("What optimisation would do</h3>")[1]
    assert re.search(r'<img src="data:image/svg\+xml;base64,', sec.split("</figure>")[0])
    g_rare, g_light = a.goodhart["rare exploits"], a.goodhart["light error"]
    # best-of-n gains little true utility against a light error, and the verdict says so
    assert g_rare.gold["v_gain_sd"] <= 0.5 * g_light.gold["v_gain_sd"]
    assert "extreme errors" in g_rare.verdict and "only" in g_rare.verdict
    assert "gives without extreme errors" in g_rare.verdict
    assert "rare exploits" not in g_light.verdict and "in line with" in g_light.verdict
    off = build_report(df, tmp_path / "n.html", column="u", by="model", gold="v",
                       goodhart=False)
    assert "What optimisation would do</h3>" not in off.path.read_text(encoding="utf-8")


def test_heavy_flag_cells_show_the_groups_pvalue(tmp_path: Path) -> None:
    """The summary says how the flags are made (Benjamini–Hochberg on p-values against light
    tails of the group's size) and each group's flag cell shows its p-value."""
    import re

    from tailstat.reporting._groups import _pvalue_text

    rng = np.random.default_rng(4)
    df = pd.DataFrame({"m": np.repeat([f"g{i:02d}" for i in range(12)], 3000),
                       "r": rng.normal(size=36_000)})
    res = ts.analyze(df, "r", by="m")
    text = build_report(res, tmp_path / "p.html", figures="none").path.read_text("utf-8")
    text = re.sub(r"\s+", " ", text)
    assert "Benjamini–Hochberg rule on each group's p-value" in text
    for value in res.table["heavy_pvalue"]:
        assert f"; {_pvalue_text(value)}</span>" in text
    # a review: "p = < 1e-12", "p = 0.8" beside "p = 0.87", and "2.2e-06" broken at its
    # hyphen across two lines of the cell
    assert _pvalue_text(0.0) == "p < 1e\u221212" and _pvalue_text(0.0344) == "p = 0.034"
    assert _pvalue_text(0.8) == "p = 0.80" and _pvalue_text(2.2e-6) == "p = 2.2e\u22126"
    assert _pvalue_text(None) is None and _pvalue_text(float("nan")) is None

def test_an_analysis_of_no_groups_is_refused_before_writing(tmp_path: Path) -> None:
    from tailstat.analysis import TailAnalysis

    empty = TailAnalysis(table=pd.DataFrame(), classifications={}, failures={},
                         error_classifications={}, dependence={}, sketches={},
                         error_sketches={}, settings={})
    out = tmp_path / "r.html"
    with pytest.raises(ts.DataError, match="no groups"):
        report(empty, out)
    assert not out.exists()


def test_data_options_with_an_analysis_are_an_error_not_ignored(tmp_path: Path) -> None:
    res = ts.analyze(np.random.default_rng(0).normal(size=2000))
    for kw, words in (({"column": "zz"}, "column= is for data"),
                      ({"column": "r", "by": "g"}, "column= and by= are for data")):
        with pytest.raises(ts.DataError, match=words):
            report(res, tmp_path / "r.html", **kw)
    assert not (tmp_path / "r.html").exists()


def test_uncertain_error_and_goodhart_verdicts_look_uncertain(tmp_path: Path) -> None:
    """An uncertain verdict on the error (or on the scores behind the Goodhart box) is shown
    as one everywhere: the summary pill, the error block and its sentence, the Goodhart box;
    the best-of-n line names the size the Goodhart verdict names."""
    import dataclasses

    from _helpers import gold_analysis

    rng = np.random.default_rng(40)
    a = gold_analysis({"m": lambda: rng.normal(size=5000), "t": lambda: rng.normal(size=5000)},
                      rng, 5000, noise=1.0)
    split = {"heavy": 0.34, "light": 0.56, "bounded": 0.10}
    err = dataclasses.replace(a.error_classifications["m"], label="light",
                              subtype="lighter-than-exponential", probabilities=split)
    c = dataclasses.replace(a.classifications["m"], label="light",
                            subtype="lighter-than-exponential", probabilities=split)
    g = a.goodhart["m"]  # the Goodhart box reads its own tail model's P(heavy)
    g = dataclasses.replace(g, tail=dataclasses.replace(g.tail, p_heavy=0.34))
    a = dataclasses.replace(a, error_classifications={**a.error_classifications, "m": err},
                            classifications={**a.classifications, "m": c},
                            goodhart={**a.goodhart, "m": g})
    assert not err.confident and not c.confident
    html = report(a, tmp_path / "r.html", figures="summary", progress=False).read_text()
    assert 'class="pill light uncertain">leaning light</span>' in html
    assert re.search(r'leaning light</span><br><span class="sub">P = [^<]*, uncertain', html)
    assert "The error (reward − gold) is uncertain — leaning light (P(light) = 0.56 against " \
           "P(heavy) = 0.34" in html
    assert "A heavy tail is not ruled out" in html
    assert '<div class="verdict light uncertain">' in html
    assert "Provisional: the tail model behind this is not sure whether the tail is heavy " \
           "(P(heavy) = 0.34). If it is heavy instead, the conclusion changes" in html
    # the confident group keeps its plain pill and no provisional line
    assert html.count("Provisional:") == 1
    assert "Uncertain — leaning light (0.56)</span>" in html  # the summary pill's probability
    n_v = a.goodhart["t"].settings["verdict_n"]
    assert f"best-of-{n_v:,}" in a.goodhart["t"].verdict and f"Best-of-{n_v:,} (KL" in html


def test_the_dependence_row_quoted_is_at_0_99(frame: pd.DataFrame) -> None:
    from tailstat.dependence import tail_dependence

    rng = np.random.default_rng(41)
    x = rng.normal(size=2000)
    dep = tail_dependence(x, x + rng.normal(size=2000), levels=(0.9, 0.99, 0.995))
    assert dep.row()["u"] == 0.99 and dep.row(0.9)["u"] == 0.9
    assert dep.row(0.999)["u"] == 0.995  # the nearest level


def test_the_command_to_run_again_keeps_every_setting(csv_file: Path, frame: pd.DataFrame,
                                                      tmp_path: Path) -> None:
    """The reproducibility block's command makes the same report: the false-discovery rate
    and the figures mode included; an analysis passed in is analysed again from its file
    when the file is there, else in Python."""
    import html as _html

    def call_of(page: str) -> str:
        m = re.search(r'<th scope="row">to run again</th><td class="mono">(.*?)</td>', page, re.S)
        assert m is not None
        return _html.unescape(m.group(1))

    out = report(csv_file, tmp_path / "a.html", column=COLUMN, by="model", seed=5, fdr=0.3,
                 figures="summary", progress=False)
    call = call_of(out.read_text(encoding="utf-8"))
    assert call.startswith(f"tailstat report {csv_file}") or str(csv_file) in call
    assert "--fdr 0.3" in call and "--figures summary" in call and "--seed 5" in call
    # an analysis of the file, passed in: the command analyses the file again
    with pytest.warns(ts.TailstatWarning, match="could not be analysed"):
        a = ts.analyze(csv_file, COLUMN, by="model", seed=5)
    page = report(a, tmp_path / "b.html", progress=False, figures="summary").read_text(
        encoding="utf-8")
    assert call_of(page).startswith("tailstat report ") and "--fdr" not in call_of(page)
    assert "an analysis (TailAnalysis), reported as it was made" in page
    # an analysis of a DataFrame: the Python call analyses the data, then reports
    a = ts.analyze(frame, COLUMN, by="model", seed=5, fdr=0.2, warn=False)
    page = report(a, tmp_path / "c.html", progress=False, figures="summary").read_text(
        encoding="utf-8")
    call = call_of(page)
    assert call.startswith("tailstat.report(tailstat.analyze(data, column=")
    assert "fdr=0.2" in call and "figures='summary'" in call and call.endswith("path=...)")


def test_the_warning_count_at_a_glance_is_the_sections_count(tmp_path: Path) -> None:
    """A small group's section warns that few scores lie above the threshold (and more): the
    summary's "⚠ n warnings" counts what the section lists."""
    rng = np.random.default_rng(15)
    df = pd.DataFrame({"m": np.repeat(["small", "big"], [300, 5000]),
                       "r": np.r_[rng.gumbel(size=300), rng.normal(size=5000)]})
    page = report(df, tmp_path / "w.html", column="r", by="m", figures="summary",
                  progress=False).read_text(encoding="utf-8")
    section = page.split('id="g')[1:]  # each group's section (ids g1, g2, ...)
    shown = re.findall(r"⚠ (\d+) warnings?", page.split('id="reproducibility"')[0])
    listed = []
    for key in ("small", "big"):
        body = next(b for b in section if f"{key}</bdi></h2>" in b)
        block = body.split('<div class="warn"><strong>Warnings</strong>')
        listed.append(block[1].split("</ul>")[0].count("<li>") if len(block) > 1 else 0)
    assert listed[0] >= 1 and "Only" in page
    assert [int(n) for n in shown] == [n for n in listed if n]


def test_an_undefined_goodness_of_fit_is_not_read_as_a_good_fit() -> None:
    """An infinite Anderson–Darling statistic (an exceedance at the fitted end) has no
    p-value: the note says the fit is not confirmed (it said "p = – — no evidence against
    the GPD")."""
    from types import SimpleNamespace

    from tailstat.reporting._groups import _gpd_notes

    gof = SimpleNamespace(ad_p_value=float("nan"))
    fit = SimpleNamespace(sigma=1.0, threshold=0.5, lr_test_xi0=None, gof_test=gof)
    notes = _gpd_notes(fit)
    assert "undefined here" in notes[-1] and "no evidence" not in " ".join(notes)
    gof.ad_p_value = 0.4
    assert "no evidence against the GPD" in _gpd_notes(fit)[-1]


def test_an_analysis_made_without_goodhart_says_the_sections_are_missing(tmp_path) -> None:
    """``report(analyze(df, ...), path)`` (the README's way) had no "What optimisation would
    do" sections and no word why."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.standard_t(3.0, 4000), "m": np.repeat(["a", "b"], 2000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        plain, with_g = ts.analyze(df, "r", by="m"), ts.analyze(df, "r", by="m", goodhart=True)
        pages = {}
        for name, res, kw in (("plain", plain, {}), ("with", with_g, {}),
                              ("off", plain, {"goodhart": False}),
                              ("with_off", with_g, {"goodhart": False})):
            report(res, tmp_path / f"{name}.html", figures="summary", **kw)
            pages[name] = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    assert "were not made: the analysis was made without goodhart=True" in pages["plain"]
    assert "were not made" not in pages["with"] and "were not made" not in pages["off"]
    # goodhart=False leaves out the sections an analysis holds (a review: it was ignored)
    assert "What optimisation would do" in pages["with"]
    assert "What optimisation would do" not in pages["with_off"]


def _chromium(width: int, height: int = 900, *, logs: bool = False) -> tuple[Any, str]:
    """A headless Chromium (selenium) with a ``width`` x ``height`` window, and its profile
    folder (remove it after ``driver.quit()``); ``logs``: keep the browser and network logs."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="tailstat-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--window-size={width},{height}",
                 f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    if logs:
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER)), profile


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="needs chromium and chromedriver (apt-get install chromium "
                           "chromium-driver)")
def test_long_names_and_narrow_screens_do_not_widen_the_page(tmp_path: Path) -> None:
    """A 300-character name without spaces ran out of its box and made the page 2602 px
    wide; at a phone's width the evidence and classification tables were cut off."""
    rng = np.random.default_rng(4)
    long = "x" * 300
    df = pd.DataFrame({"m": np.repeat([long, "normal"], 3000),
                       "r": np.r_[rng.pareto(1.0, 3000), rng.normal(size=3000)]})
    out = tmp_path / "wide.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        report(df, out, column="r", by="m", figures="summary", fdr=0.001)
    assert long in out.read_text(encoding="utf-8")
    for width in (1300, 500):
        driver, profile = _chromium(width)
        try:
            driver.get(out.resolve().as_uri())
            inner, scroll = driver.execute_script(
                "return [window.innerWidth, document.documentElement.scrollWidth];")
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
        assert scroll <= inner, (width, inner, scroll)


def test_the_intro_does_not_promise_that_any_kl_penalty_limits_an_exponential_tail(
        html: str) -> None:
    """Under an exponential tail of scale sigma, E exp(U/beta) is infinite for beta <= sigma:
    no penalised optimum exists (kl_tilt), as the verdicts say; the intro said a KL penalty
    limits how far optimisation can push any light tail, exponential included."""
    text = " ".join(html.split())
    assert "(exponential or lighter): a KL penalty limits" not in text
    assert "only one whose coefficient is above the tail's scale" in text


def test_every_number_the_page_writes_has_a_true_minus_sign(html: str) -> None:
    """A review: the verdicts written by explain() and the Goodhart summary read "ξ = -0.65"
    and "gpd(xi=-0.8)" beside the report's own "ξ = −0.65 [−0.71, −0.59]"."""
    from tailstat.reporting._text import true_minus

    page = re.sub(r"<(svg|script|style)\b.*?</\1>", "", html, flags=re.S)
    import html as _html

    text = _html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert "−" in text
    assert re.findall(r"(?:^|[\s(\[=/])-\d", text) == []
    assert true_minus("ξ = -0.65 [-0.71, -0.59], gpd(xi=-0.8), -1/2, t-test, 10-20, "
                      "2.2e-06, '-1'") == ("ξ = −0.65 [−0.71, −0.59], gpd(xi=−0.8), −1/2, "
                                           "t-test, 10-20, 2.2e-06, '-1'")
    # review 370: a group's name as explain() quotes it is left as written, apostrophes are
    # no quotes, and a URL's path is no number
    assert true_minus("the scores of 'lr -3' and \"x=-0.5\" (ξ = -0.1); today's model's "
                      "ξ = -0.2 at http://x.org/-1/") == (
        "the scores of 'lr -3' and \"x=-0.5\" (ξ = −0.1); today's model's ξ = −0.2 at "
        "http://x.org/-1/")
