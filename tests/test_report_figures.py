"""The report's figures (tailstat.reporting._figures): panels that cannot be drawn, group
names on the overview, names outside the font."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from _helpers import wcag_contrast

import tailstat as ts
from tailstat.reporting import build_report


def test_rewards_near_the_float_maximum_are_drawn_in_every_panel(tmp_path: Path) -> None:
    """One reward of 1.7e308 once failed the whole report (in matplotlib's tick placement,
    when the report drew with it); then the panels whose axes it reached were left empty
    with a note. The figures now draw values near the float maximum in units of their power
    of ten (the axis label says so), so every panel is drawn: one such reward, one at each
    end, and rewards near 1e303 (a panel whose axes cannot be placed is still blanked:
    ``tests/test_report_svg.py``)."""
    import warnings

    from tailstat.reporting import _figures

    blanked: list[str] = []
    real = _figures._blank

    def spy(ax: object) -> None:
        blanked.append(ax.get_title(loc="left") or "?")  # type: ignore[attr-defined]
        real(ax)

    out = tmp_path / "r.html"
    normal = np.random.default_rng(2).normal(size=3000)
    for x in (np.r_[normal, 1.7e308], np.r_[normal, 1.7e308, -1.7e308],
              np.random.default_rng(2).standard_t(3, 3000) * 1e303):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)
            _figures._blank = spy
            try:
                res = build_report(x, out, figures="all")
            finally:
                _figures._blank = real
        assert out.exists() and res.analysis.classifications
        assert blanked == []
        assert out.read_text().count("data:image/svg+xml") >= 1


def test_long_group_names_are_cut_with_an_ellipsis_to_fit_the_overview() -> None:
    import base64
    from xml.etree import ElementTree

    from tailstat.reporting._figures import LABEL_CHARS, _short, overview_task
    from tailstat.reporting._svg import TICK_PT
    from tailstat.reporting._svg_write import text_width

    assert _short("short") == "short"
    long = "model-checkpoint-2024-11-30-step-120000-lr-3e-6"
    cut = _short(long)
    head, tail = cut.split("…")
    assert len(cut) == LABEL_CHARS and long.startswith(head) and long.endswith(tail)
    assert len(head) >= len(tail) >= len(head) - 1  # the middle goes: start and end stay
    wide = "W" * 26  # 26 characters, but twice as wide as digits
    frame = pd.DataFrame({"group": [long, "group_name_very_long_group_name", wide],
                          "p_heavy": [0.9, 0.1, 0.0], "p_light": [0.05, 0.8, 0.5],
                          "p_bounded": [0.05, 0.1, 0.5], "label": ["heavy", "light", "light"]})
    fig = overview_task((frame, 3, 96, 40))
    assert fig is not None
    svg = ElementTree.fromstring(base64.b64decode(fig.uri.split(",", 1)[1]))
    names = [t for t in svg.iter("{http://www.w3.org/2000/svg}text")
             if t.get("text-anchor") == "end"]
    assert [t.text for t in names][:2] == [cut, _short("group_name_very_long_group_name")]
    assert names[2].text.startswith("WWW") and names[2].text.endswith("W")
    assert "…" in names[2].text
    # right-aligned left of the heat map, and (at the widest average letter) inside the figure
    for t in names:
        assert float(t.get("x")) - text_width(t.text, TICK_PT * 96 / 72) >= 0


def test_group_names_outside_ascii_draw_without_warnings(tmp_path) -> None:
    """A group named in CJK: no warning at all (matplotlib warned once per missing glyph, on
    stderr through -q); the page and the overview figure show the name in full."""
    import base64
    import re

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": np.repeat(["奖励模型", "b"], 2000), "r": rng.normal(size=4000)})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        ts.report(df, tmp_path / "cjk.html", column="r", by="m")
    assert [str(w.message) for w in seen] == []
    page = (tmp_path / "cjk.html").read_text(encoding="utf-8")
    assert "奖励模型" in page
    overview = re.search(r'src="data:image/svg\+xml;base64,([^"]*)"', page)
    assert overview is not None
    assert "奖励模型" in base64.b64decode(overview.group(1)).decode("utf-8")


def test_names_that_share_a_long_prefix_stay_distinct_in_the_overview() -> None:
    """A review's case: three checkpoints 'reward_model_checkpoint_step_1000/2000/3000' were
    all drawn 'reward_model_checkpoint_s…', and the rows are sorted by P(heavy), not in the
    table's order: the heat map's numbers could not be told apart by group."""
    from tailstat.reporting._figures import _short

    names = [f"reward_model_checkpoint_step_{k}000" for k in (1, 2, 3)]
    cut = [_short(n) for n in names]
    assert len(set(cut)) == 3
    assert all(c.endswith(f"{k}000") for c, k in zip(cut, (1, 2, 3), strict=True))
    narrow = [_short(n, 12.0) for n in names]
    assert len(set(narrow)) == 3


def test_the_overviews_numbers_contrast_with_their_cells() -> None:
    """White numbers on the cells above P = 0.6 had a contrast of 2.1:1 to 4.7:1 (2.4:1 on
    heavy at P = 0.66); every number now reaches WCAG AA's 4.5:1 with its cell's shade."""
    import base64
    import itertools
    from xml.etree import ElementTree

    from tailstat.reporting._figures import overview_task

    ps = np.linspace(0.0, 1.0, 21)
    frame = pd.DataFrame({"group": [f"g{i}" for i in range(ps.size)], "label": "heavy",
                          "p_heavy": ps, "p_light": ps, "p_bounded": ps})
    fig = overview_task((frame, ps.size, 96, 50))
    assert fig is not None
    svg = ElementTree.fromstring(base64.b64decode(fig.uri.split(",", 1)[1]))
    named = {"white": (1.0, 1.0, 1.0), "black": (0.0, 0.0, 0.0)}
    worst, cells = np.inf, 0
    elements = list(svg)
    for rect, text in itertools.pairwise(elements):
        if not (rect.tag.endswith("rect") and rect.get("fill-opacity")):
            continue
        op, fill = float(rect.get("fill-opacity", 1)), rect.get("fill", "#000000")
        shade = tuple(1 - op + op * int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))
        ink = text.get("fill", "black")
        ink_rgb = named.get(ink) or tuple(int(ink[i:i + 2], 16) / 255 for i in (1, 3, 5))
        worst = min(worst, wcag_contrast(shade, ink_rgb))  # type: ignore[arg-type]
        cells += 1
    assert cells == 3 * ps.size
    assert worst >= 4.5, worst


def test_overview_heat_map_reads_an_uncertain_lean_as_the_tables_do() -> None:
    """The heat map of the class probabilities wrote P(heavy) = 0.7995 as 0.80, beside the
    At-a-glance table's 0.79 and the verdict "leaning heavy (0.79)"; it reads 0.79."""
    import base64
    import re

    from tailstat.reporting._figures import overview_task

    frame = pd.DataFrame({"group": ["a", "b"], "label": ["heavy", "light"],
                          "p_heavy": [0.7995, 0.02], "p_light": [0.19, 0.96],
                          "p_bounded": [0.0105, 0.02]})
    fig = overview_task((frame, 2, 96, 50))
    assert fig is not None
    svg = base64.b64decode(fig.uri.split(",", 1)[1]).decode("utf-8")
    cells = re.findall(r">(\d\.\d\d)\??<", svg)  # (an uncertain verdict's marked "?")
    assert "0.79" in cells and "0.80" not in cells, cells


def test_overview_names_stay_apart_and_its_title_stays_inside() -> None:
    """A review: four sweep runs 'sweep_rm_7b_lr{1e-5,...}_warmup100_checkpoint_final_export'
    all read 'sweep_rm_7b_l…final_export' (the learning rate cut out); past 40 groups the
    title, starting beside the names, was clipped at the figure's edge."""
    import base64
    from xml.etree import ElementTree

    from tailstat.reporting._figures import overview_task
    from tailstat.reporting._svg_write import text_width

    def texts(fig):
        svg = ElementTree.fromstring(base64.b64decode(fig.uri.split(",", 1)[1]))
        return list(svg.iter("{http://www.w3.org/2000/svg}text"))

    rates = ("1e-5", "3e-5", "1e-4", "3e-4")
    frame = pd.DataFrame({"group": [f"sweep_rm_7b_lr{r}_warmup100_checkpoint_final_export"
                                    for r in rates],
                          "p_heavy": [0.4, 0.3, 0.2, 0.1], "p_light": [0.5, 0.6, 0.7, 0.8],
                          "p_bounded": [0.1] * 4, "label": ["light"] * 4})
    names = [t.text for t in texts(overview_task((frame, 4, 96, 40)))
             if t.get("text-anchor") == "end"]
    assert len(set(names)) == 4 and all(r in n for r, n in zip(rates, names, strict=True))
    many = pd.DataFrame({"group": [f"g{i}" for i in range(60)],
                         "p_heavy": np.linspace(0, 1, 60), "p_light": 1 - np.linspace(0, 1, 60),
                         "p_bounded": 0.0, "label": "light"})
    fig = overview_task((many, 60, 96, 40))
    title = next(t for t in texts(fig) if t.text.startswith("Class probabilities"))
    assert "40 groups" in title.text
    assert float(title.get("x")) + text_width(title.text, 10.5 * 96 / 72) <= fig.width


def test_the_overview_map_marks_uncertain_verdicts_and_cuts_only_p_heavy() -> None:
    """A review: the report's heat map showed P(light) 0.2014 as 0.202 (the third decimal
    near 0.2 is P(heavy)'s alone) and an uncertain group as a confident one, where
    tailstat.plot.overview marks it "?" in italics."""
    import base64

    import pandas as pd

    from tailstat.reporting._figures import overview_task

    frame = pd.DataFrame({"group": ["a", "b"], "label": ["bounded", "light"],
                          "p_heavy": [0.01, 0.2006], "p_light": [0.2014, 0.59],
                          "p_bounded": [0.7886, 0.2094]})
    fig = overview_task((frame, 2, 100, 40))
    svg = base64.b64decode(fig.uri.split(",", 1)[1]).decode()
    assert ">0.20<" in svg and ">0.202<" not in svg  # P(light) 0.2014: two decimals
    assert ">0.201<" in svg  # P(heavy) 0.2006: the cut's third decimal
    assert ">0.79?<" in svg and ">0.59?<" in svg  # both uncertain, the largest marked
    assert svg.count('font-style="italic"') == 2
