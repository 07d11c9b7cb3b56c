"""The "What optimisation would do" figure names only the lines it draws
(``tailstat/plot/goodhart.py``'s ``lines_drawn``, ``tailstat/reporting/_groups.py``)."""

from __future__ import annotations

import html
import re
import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.goodhart import goodhart_summary
from tailstat.plot.goodhart import lines_drawn

RNG = np.random.default_rng(0)
CASES = {"normal": RNG.normal(size=5000), "binary": (RNG.random(5000) < 0.3).astype(float),
         "pareto": RNG.pareto(1.2, 5000) + 1.0}


def _summary(name: str):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return goodhart_summary(CASES[name])


@pytest.mark.parametrize(("name", "want"), [
    ("normal", {"solid": True, "dashed": True, "stop": True}),
    ("binary", {"solid": True, "dashed": False, "stop": False}),  # saturated: its own law
    ("pareto", {"solid": False, "dashed": True, "stop": False}),  # reach n = 1
])
def test_the_lines_drawn_are_known(name: str, want: dict[str, bool]) -> None:
    assert lines_drawn(_summary(name)) == want


def test_a_reach_of_one_has_no_solid_proxy_line_in_the_legend() -> None:
    """Review 441: with the sample's reach at n = 1 the legend listed a solid "best-of-n:
    proxy" that was the point (0, 0) alone; the curve is dashed from there."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from tailstat import plot

    ax = plot.goodhart(_summary("pareto"), show_verdict=False)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "best-of-n: proxy" not in labels
    assert "best-of-n: proxy (past the sample's reach)" in labels
    matplotlib.pyplot.close(ax.figure)


def test_the_caption_names_only_the_lines_drawn(tmp_path) -> None:
    """Review 441: the caption always said "Solid: ...; dashed: past it ...; dotted line:
    where the sample stops", under figures of saturated scores (neither dashed nor dotted)
    and of power laws whose reach is n = 1 (no dotted line, no solid proxy)."""
    df = pd.DataFrame({"r": np.concatenate(list(CASES.values())),
                       "g": np.repeat(list(CASES), 5000)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ts.report(df, tmp_path / "r.html", column="r", by="g", goodhart=True)
    page = html.unescape((tmp_path / "r.html").read_text(encoding="utf-8"))
    captions = re.findall(r"<figcaption>The minimum KL needed.*?</figcaption>", page, re.S)
    assert len(captions) == 3
    binary, normal, pareto = captions  # sections in the groups' order
    assert "Solid: within" in normal and "dashed: past it" in normal and "dotted" in normal
    assert "Solid: within" in binary and "ashed" not in binary and "dotted" not in binary
    assert "Solid" not in pareto and "Dashed: past the sample's reach" in pareto
    assert "dotted" not in pareto
