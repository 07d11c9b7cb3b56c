"""Group names on the report's page (``tailstat/reporting/_names.py``): isolated for
bidirectional text, their spaces kept in sentences, cut alike everywhere, all of the flagged
ones listed, and told apart in the overview heat map (a review of the HTML report)."""

from __future__ import annotations

import base64
import html
import re
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.reporting import build_report

BIDI = ["שלום", "42", "rm-b", "מודל 7"]


def _page(tmp_path: Path, names: list[str], heavy: list[bool], n: int = 1000, *,
          figures: str = "none") -> tuple[str, ts.TailAnalysis]:
    """A report of one group per name (Pareto scores where ``heavy``, else normal)."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": np.repeat(names, n),
                       "r": np.concatenate([rng.pareto(1.0, n) + 1 if h else rng.normal(size=n)
                                            for h in heavy])})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        out = build_report(df, tmp_path / "r.html", column="r", by="m", goodhart=False,
                           figures=figures)
    return out.path.read_text(encoding="utf-8"), out.analysis


def _shown(fragment: str) -> str:
    """What a browser shows of an HTML fragment: tags out, entities read, runs of spaces
    collapsed (a no-break space is kept)."""
    return re.sub(r"[ \t\n\r\f]+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _section(page: str, name: str) -> str:
    """The section whose heading shows ``name``."""
    for body in page.split("<section ")[1:]:
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", body, re.S)
        if heading and _shown(heading.group(1)) == name:
            return body
    raise AssertionError(name)


def test_every_name_the_page_writes_in_text_is_isolated(tmp_path: Path) -> None:
    """A review: "Flagged: 42, rm-b, שלום, מודל 7." was drawn with the "7" of "מודל 7"
    beside another name: the bidi algorithm ran the names and the commas together. Each name
    in the lists, the headings, the table's cells and the verdict is in its own <bdi>."""
    page, analysis = _page(tmp_path, BIDI, [True] * 4)
    assert bool(analysis.table["heavy_flag"].astype(bool).all())
    flagged = re.search(r"<p>Flagged: (.*?)\.</p>", page, re.S)
    assert flagged is not None
    items = flagged.group(1).split(", ")
    assert len(items) == 4 and all(re.fullmatch(r"<bdi>[^<]+</bdi>", i) for i in items), items
    assert sorted(i[5:-6] for i in items) == sorted(BIDI)
    for name in BIDI:
        assert re.search(rf'<th scope="row" class="gname"><a href="#g\d"><bdi>{name}</bdi></a>'
                         "</th>", page), name
        section = _section(page, name)  # its heading
        assert f"The scores of &#39;<bdi>{name}</bdi>&#39; show" in section, name


def test_a_name_keeps_its_spaces_in_the_sentences_of_the_page(tmp_path: Path) -> None:
    """A review: the heading wrote 'rm  a' with a no-break space, but the verdict's sentence
    wrote it as given, which the browser showed as 'rm a': the name of another group. The
    failed group's reason alike. The command line's sentence is unchanged (a name copied from
    a terminal names its group)."""
    from tailstat.reporting.notes import group_sentence

    rng = np.random.default_rng(1)
    df = pd.DataFrame({"m": np.repeat(["rm  a", "rm a", "tiny  x"], [1000, 1000, 20]),
                       "r": np.r_[rng.pareto(1.0, 1000), rng.normal(size=1020)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        out = build_report(df, tmp_path / "r.html", column="r", by="m", goodhart=False,
                           figures="none")
    page = out.path.read_text(encoding="utf-8")
    two = _shown(_section(page, "'rm \u00a0a'").split('<div class="verdict', 1)[1]
                 .split("</div>", 1)[0])
    one = _shown(_section(page, "rm a").split('<div class="verdict', 1)[1].split("</div>", 1)[0])
    assert "The scores of 'rm \u00a0a'" in two and "'rm a'" not in two
    assert "The scores of 'rm a'" in one
    reason = page.split('<tr class="failed-row">', 1)[1].split("</tr>", 1)[0]
    assert "'tiny \u00a0x' has only 20 value(s)" in _shown(reason)
    text = group_sentence(out.analysis, "rm  a")
    assert "'rm  a'" in text and "\u00a0" not in text


def test_a_name_of_5000_characters_is_cut_in_its_heading_and_verdict(tmp_path: Path) -> None:
    """A review: the table, the alternative texts and the overview cut a name of 5,000
    characters to 59 … 59 characters, but its section's heading and the verdict's sentence
    printed it whole. Whole, it is only the tooltip of its cell and of its heading."""
    long = "L" * 5000
    page, _ = _page(tmp_path, [long, "b"], [True, False], n=600)
    assert page.count(long) == 2 and page.count(f'title="{long}"') == 2
    cut = "L" * 59 + "…" + "L" * 59
    assert f'<h2 title="{long}"><bdi>{cut}</bdi></h2>' in page
    assert f"The scores of &#39;<bdi>{cut}</bdi>&#39; show" in page


@pytest.fixture(scope="module")
def many_flagged(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    """45 groups, 26 of them flagged heavy: the page and the flagged names, smallest p-value
    first."""
    names = [f"h{i:02d}" for i in range(45)]
    page, analysis = _page(tmp_path_factory.mktemp("many"), names, [i < 26 for i in range(45)],
                           n=300)
    t = analysis.table
    flagged = t[t["heavy_flag"].astype(bool)].sort_values("heavy_pvalue", kind="stable")
    return page, list(flagged["group"])


def test_every_flagged_group_is_named_on_the_page(many_flagged: tuple[str, list[str]]) -> None:
    """A review: with 342 of 1,000 groups flagged the page named 20, then "and 322 more (the
    column 'Heavy flag' below)", in a table of 1,000 rows no browser sorts. The first 20 stay
    in the sentence; the others are in a collapsed list after it, in the same order."""
    page, flagged = many_flagged
    assert len(flagged) > 20  # the case this is about
    para = re.search(r"<p>Flagged: (.*?)\.</p>\s*<details class=\"names\">(.*?)</details>",
                     page, re.S)
    assert para is not None
    first = re.findall(r"<bdi>([^<]+)</bdi>", para.group(1))
    rest = re.findall(r"<bdi>([^<]+)</bdi>", para.group(2))
    assert first == flagged[:20] and rest == flagged[20:]
    assert f"and {len(flagged) - 20} more (listed below)" in _shown(para.group(1))
    summary = re.search(r"<summary>(.*?)</summary>", para.group(2))
    assert summary is not None and f"The other {len(flagged) - 20} flagged groups" in \
        summary.group(1)
    assert re.search(r"<details class=\"names\">", page) and "<details class=\"names\" open" \
        not in page  # collapsed


def _overview_names(fig: Any) -> list[str]:
    from xml.etree import ElementTree

    svg = ElementTree.fromstring(base64.b64decode(fig.uri.split(",", 1)[1]))
    return [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")
            if t.get("text-anchor") == "end"]


def test_overview_names_alike_when_cut_keep_where_they_differ() -> None:
    """A review: "A"*100 + "x" + "B"*100 and the same with "y" were drawn "1. AAAA…BBBB" and
    "2. AAAA…BBBB", numbers the page did not explain, where the table tells them apart by
    the part where they differ. The overview keeps that part too."""
    from tailstat.reporting._figures import overview_task

    a, b = "A" * 100 + "x" + "B" * 100, "A" * 100 + "y" + "B" * 100
    frame = pd.DataFrame({"group": [a, b, "c"], "label": ["heavy", "light", "light"],
                          "p_heavy": [0.9, 0.2, 0.1], "p_light": [0.05, 0.7, 0.8],
                          "p_bounded": [0.05, 0.1, 0.1]})
    fig = overview_task((frame, 3, 96, 40))
    assert fig is not None
    names = _overview_names(fig)
    assert len(set(names)) == 3 and not any(re.match(r"\d+\. ", n) for n in names), names
    assert "Ax" in names[0] and "Ay" in names[1] and names[2] == "c"
    assert names[0].startswith("A") and names[0].endswith("B") and "…" in names[0]
    assert not fig.numbered


def test_numbered_overview_names_are_explained(tmp_path: Path) -> None:
    """Names the page writes alike (a zero-width space is shown as its escape, and a name can
    hold that escape's text) can only be numbered in the overview: its caption says so."""
    from tailstat.reporting._figures import overview_task

    names = ["a\u200bb", "a\\u200bb"]
    frame = pd.DataFrame({"group": names, "label": ["heavy", "light"], "p_heavy": [0.9, 0.1],
                          "p_light": [0.05, 0.8], "p_bounded": [0.05, 0.1]})
    fig = overview_task((frame, 2, 96, 40))
    assert fig is not None
    assert [n[:3] for n in _overview_names(fig)] == ["1. ", "2. "]
    page, _ = _page(tmp_path, names, [True, False], n=600, figures="summary")
    assert "so every name is numbered" in page
    plain, _ = _page(tmp_path, ["a", "b"], [True, False], n=600, figures="summary")
    assert "are numbered" not in plain
    assert fig.numbered


def test_a_tuple_key_with_a_negative_number_is_isolated_and_left_as_written() -> None:
    """Review 411: the sentence's minus signs were made before the name was looked for, so
    the key ('rm-2', -3), unquoted in a sentence, became ('rm-2', −3), was not found, and was
    neither isolated nor left as written. The sentence's own numbers still get minus signs."""
    from tailstat.reporting._names import named

    key = ("rm-2", -3)
    out = str(named("The scores of ('rm-2', -3) read ξ = -0.65.", key, "rm-2/-3", minus=True))
    assert "<bdi>rm-2/-3</bdi>" in out and "ξ = −0.65" in out
    assert "−3" not in out.split("<bdi>")[1].split("</bdi>")[0]
