"""The report as a new user met it (a review, stop 61): names that differ only in their
spaces or in the middle of a long name look different; user strings wrap; the command "to run
again" runs again; a report of an analysis lists its groups' warnings; and the error of a
reward that is gold plus a constant is said to be constant."""

from __future__ import annotations

import html
import re
import shlex
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat._display import page_name, visible_name
from tailstat.reporting import build_report


def _text(fragment: str) -> str:
    """What a page shows of an HTML fragment (tags out, entities read, spaces collapsed as a
    browser collapses them; a no-break space is kept)."""
    return re.sub(r"[ \t\n\r\f]+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


@pytest.mark.parametrize("names", [["rm-a", "rm-a "], ["r m", "r  m", "r\u00a0m"],
                                   [" x", "x"], ["a\u2009b", "a b"]])
def test_names_that_differ_in_their_spaces_look_different(names: list[str]) -> None:
    shown = [_text(html.escape(page_name(n))) for n in names]
    assert len(set(shown)) == len(names), shown
    # in a terminal the spaces stay ASCII (a name copied back names its group; a review)
    assert all("\u00a0" not in visible_name(n) for n in names if "\u00a0" not in n)


def test_ordinary_names_are_shown_as_they_are() -> None:
    for name in ("rm-a", "r m", "model 7 (final)", "é x"):
        assert visible_name(name) == name
    assert visible_name("") == "''" and visible_name("  ") == "'  '"


def _groups(tmp_path: Path, names: list[str], n: int = 600) -> tuple[Path, str]:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"model": np.repeat(names, n),
                       "reward": rng.standard_t(3, n * len(names))})
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        build_report(df, out, column="reward", by="model", goodhart=False, figures="none")
    return out, out.read_text()


def _glance_names(page: str) -> list[str]:
    start = page.index('class="glance')
    table = page[start:page.index("</table>", start)]
    cells = re.findall(r'<th scope="row" class="gname[^"]*"[^>]*>(.*?)</th>', table, re.S)
    return [_text(cell) for cell in cells]


def test_the_table_at_a_glance_tells_spaced_names_apart(tmp_path: Path) -> None:
    _, page = _groups(tmp_path, ["rm-a", "rm-a ", "r m", "r  m"])
    shown = _glance_names(page)
    assert len(shown) == 4 and len(set(shown)) == 4, shown


def test_long_names_that_differ_in_the_middle_stay_distinct_at_a_glance(tmp_path: Path
                                                                         ) -> None:
    names = [f"sweep/{'a' * 70}_lr{lr}_{'b' * 70}" for lr in ("1e-5", "3e-4", "1e-3")]
    _, page = _groups(tmp_path, names)
    shown = _glance_names(page)
    assert len(set(shown)) == 3, shown
    for lr in ("1e-5", "3e-4", "1e-3"):
        assert sum(f"_lr{lr}_" in text for text in shown) == 1
    assert all(len(text) < len(names[0]) for text in shown)


def test_user_strings_wrap_and_commands_keep_their_spaces(tmp_path: Path) -> None:
    _, page = _groups(tmp_path, ["a", "b"])
    style = page[page.index("<style"):page.index("</style>")]
    style = re.sub(r"/\*.*?\*/", "", style, flags=re.S)  # (a comment is no selector)
    wrapping = [rule for rule in re.findall(r"([^{}]+)\{([^}]*)\}", style)
                if "overflow-wrap: anywhere" in rule[1]]
    selectors = {s.strip() for sel, _ in wrapping for s in sel.split(",")}
    assert {"h1", "td", "th.gname"} <= selectors
    # the at-a-glance table's other cells (it scrolls) break a word only when it cannot fit
    # whole (a review: "Heavy-tailed" broke mid-word in a narrow window)
    assert re.search(r"table\.glance td\s*\{[^}]*overflow-wrap:\s*break-word", style)
    assert re.search(r"\.mono\s*\{[^}]*white-space:\s*pre-wrap", style)


@pytest.mark.parametrize("value", ["-reward", "reward", "-"])
def test_an_option_value_that_starts_with_a_dash(value: str) -> None:
    from tailstat.reporting._provenance import option

    assert option("--column", value) == (["--column", value] if not value.startswith("-")
                                         else [f"--column={value}"])


def test_the_command_to_run_again_runs_again(tmp_path: Path) -> None:
    """--column -reward exited with status 2 (argparse took -reward for an option)."""
    from tailstat.cli import main

    rng = np.random.default_rng(1)
    data = tmp_path / "two  spaces.csv"
    pd.DataFrame({"-model": np.repeat(["a", "b"], 600),
                  "-reward": rng.standard_t(3, 1200)}).to_csv(data, index=False)
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        assert main(["report", str(data), "--column=-reward", "--by=-model",
                     "--no-goodhart", "--figures", "none", "-o", str(out)]) == 0
    page = out.read_text()
    row = re.search(r"to run again</th><td class=\"mono\">(.*?)</td>", page, re.S)
    assert row is not None
    command = shlex.split(html.unescape(row.group(1)))
    assert "--column=-reward" in command and "--by=-model" in command
    assert str(data) in command  # the two spaces kept (a pre-wrap cell shows them)
    again = tmp_path / "again.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        assert main([*command[1:], "-o", str(again)]) == 0


def test_a_report_of_an_analysis_lists_its_groups_warnings(tmp_path: Path) -> None:
    """The same analysis gave "1 warning issued during the analysis" only when the report
    analysed the rows itself."""
    x = np.random.default_rng(0).integers(0, 2, 3000).astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        from_data = build_report(x, tmp_path / "d.html", goodhart=False, figures="none")
        analysis = ts.analyze(x)
        from_analysis = build_report(analysis, tmp_path / "a.html", goodhart=False,
                                     figures="none")
        saved = tmp_path / "a.json"
        analysis.to_json(saved)
        from_saved = build_report(str(saved), tmp_path / "s.html", goodhart=False,
                                  figures="none")
    assert from_data.warnings
    assert from_analysis.warnings == from_data.warnings == from_saved.warnings


def test_an_error_that_is_constant_up_to_rounding_is_said_to_be(tmp_path: Path) -> None:
    """Reward = gold + 1: blamed on 'a common offset far larger than the spread', with advice
    to subtract the median."""
    r = np.random.default_rng(0).standard_t(3, 2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        analysis = ts.analyze(pd.DataFrame({"reward": r, "gold": r - 1.0}), "reward",
                              gold="gold")
    note = analysis.table["gold_note"].iloc[0]
    assert "is constant (about 1) up to float64 rounding" in note
    assert "offset" not in note
    # a real error a few float steps wide is still analysed
    rng = np.random.default_rng(1)
    g = rng.normal(size=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        fine = ts.analyze(pd.DataFrame({"reward": g + 1e-9 * rng.standard_t(3, 5000),
                                        "gold": g}), "reward", gold="gold")
    assert fine.table["error_label"].iloc[0] is not None


def test_rows_without_a_key_are_told_how_to_drop_them_on_the_command_line() -> None:
    from tailstat._group_warnings import missing_keys_note

    note = missing_keys_note({"<NA>": 5}, ["model"])
    assert note is not None
    assert "df.dropna(subset=['model']) in pandas" in note and "command line" in note
    assert "df.drop_nulls(['model'])" in note  # polars' own method (a review)


def test_a_group_name_with_a_signed_number_is_written_as_given(tmp_path: Path) -> None:
    """Review 370: the report's minus sign for the numbers of explain() and the Goodhart
    verdict turned the groups 'lr -3' and 'run x=-0.5' into 'lr −3' and 'run x=−0.5' inside
    explain()'s paragraph, while the rest of the page wrote them as given."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(["lr -3", "run x=-0.5"], 2000),
                       "r": rng.normal(size=4000)})
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        ts.report(df, out, column="r", by="g", figures="none")
    page = html.unescape(re.sub(r"</?bdi>", "", re.sub(r"<(?!/?bdi>)[^>]+>", " ", out.read_text(
        encoding="utf-8"))))  # (a name's <bdi> is inline: no space)
    assert "lr −3" not in page and "x=−0.5" not in page
    assert "'lr -3'" in page and "'run x=-0.5'" in page
    assert "ξ = −" in page  # (the numbers' signs are still true minus signs)
