"""The report's cases a stop-67 review found: a group whose error reward − gold could not be
read was shown as one without gold (a dash at a glance, nothing at the top of its section),
and its section said the error "is analysed on the 30 rows" before saying it could not be."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat.reporting import build_report


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def test_a_group_whose_error_was_not_read_says_so_at_a_glance_and_at_the_top(
        tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(["ok", "const", "few"], 2000),
                       "r": rng.normal(size=6000)})
    df["gold"] = df["r"] - 0.3 * rng.normal(size=6000)
    df.loc[df["g"] == "const", "gold"] = 3.0
    few = (df["g"] == "few") & (np.arange(6000) % 2000 >= 30)
    df.loc[few, "gold"] = np.nan
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        build_report(df, out, column="r", by="g", gold="gold", goodhart=False, figures="none")
    page = out.read_text()
    start = page.index('class="glance')
    glance = _text(page[start:page.index("</table>", start)])
    assert glance.count("not analysed ⚠") == 2
    text = _text(page)
    assert "could not be analysed" in text
    assert "The error is analysed on the 30 of the 2,000 rows" not in text
    assert "The gold scores of 'const' are all equal" in text
