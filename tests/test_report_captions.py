"""What the report's captions and notes say of the marks they use (review 386)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts


def test_the_heat_map_caption_explains_its_question_marks_and_italics(tmp_path: Path) -> None:
    """A review: the report's heat map marked uncertain verdicts with "?" and italic names,
    which neither its title nor its caption explained (plot.overview's title does)."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": np.repeat(["A", "B", "C"], 600),
                       "r": np.r_[rng.standard_t(3, 600), rng.normal(size=600),
                                  rng.exponential(size=600)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        out = ts.report(df, tmp_path / "r.html", column="r", by="m", goodhart=False)
    page = out.read_text(encoding="utf-8")
    assert "Heat map of the class probabilities" in page
    assert "A “?” after a probability and a group's name in italics: an uncertain verdict" \
        in page
    # the maximum-likelihood table: both intervals are confidence intervals
    assert "“95% CI” is each one's confidence interval" in page


def test_the_goodhart_caption_says_where_a_light_frontier_ends(tmp_path: Path) -> None:
    """A review: the light tail's frontier stopped at 5 sd (its largest target), mid-plot,
    while best-of-n ran on; the caption now says where it ends. A heavy tail's frontier is
    the vertical axis: nothing to say."""
    rng = np.random.default_rng(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        light = ts.report(rng.normal(size=5000), tmp_path / "l.html").read_text("utf-8")
        heavy = ts.report(rng.pareto(1.5, 5000), tmp_path / "h.html").read_text("utf-8")
    said = ("The frontier is computed up to 5 sd above today's mean reward: its line ends "
            "there, or at the figure's right edge.")
    assert said in light and said not in heavy
    assert "What optimisation would do" in heavy


def test_a_bounded_frontier_is_said_to_end_where_its_line_does(tmp_path: Path) -> None:
    """Review 389: past a bounded tail's maximum the frontier's rate is infinite and its line
    ends there, but the caption named the table's largest target (5 sd)."""
    from tailstat.reporting._groups import _top_target

    table = pd.DataFrame({"target_sd": [0.5, 1.0, 1.5, 2.0],
                          "rate": [0.1, 0.4, np.inf, np.inf]})
    assert _top_target(table) == "1"
    assert _top_target(table.assign(rate=np.inf)) is None


def test_a_capped_heat_map_says_so_in_its_alt_text_and_caption(tmp_path: Path) -> None:
    """A review: past 40 groups the overview heat map draws the 40 most probably heavy, which
    only the image's own title said: its alternative text and caption read "by group", as
    if every group were drawn."""
    import re

    rng = np.random.default_rng(2)
    names = [f"g{i:02d}" for i in range(45)]
    df = pd.DataFrame({"m": np.repeat(names, 300),
                       "r": np.concatenate([rng.pareto(1.0 + i / 20, 300) for i in range(45)])})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        page = ts.report(df, tmp_path / "r.html", column="r", by="m", goodhart=False,
                         figures="summary").read_text(encoding="utf-8")
        few = ts.report(df[df["m"].isin(names[:5])], tmp_path / "few.html", column="r",
                        by="m", goodhart=False, figures="summary").read_text(encoding="utf-8")
    figure = page[page.index("<figure>"):page.index("</figure>")]
    alt = re.search(r'alt="([^"]*)"', figure)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S)
    assert alt is not None and caption is not None
    said = "the 40 groups most probably heavy, of 45"
    assert said in alt.group(1) and said in caption.group(1)
    assert "most probably heavy, of" not in few and 'alt="Heat map of the class ' \
        'probabilities by group"' in few
