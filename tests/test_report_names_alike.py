"""Distinct group keys that the page would show alike (a NUL byte, shown as ``\\u0000``, and
the text ``\\u0000`` itself) are numbered wherever the page names them, the key itself their
tooltip (review 422: two rows and two headings read ``nul\\u0000byte``, one of them flagged)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat.reporting._names import table_names


def test_keys_shown_alike_are_numbered_with_the_key_as_tooltip() -> None:
    rows = table_names(["nul\x00byte", "nul\\u0000byte", "x"])
    assert [r["name"] for r in rows] == ["nul\\u0000byte [1]", "nul\\u0000byte [2]", "x"]
    assert [r["full_name"] for r in rows] == [ascii("nul\x00byte"), ascii("nul\\u0000byte"),
                                              None]


def test_the_page_tells_them_apart(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": np.repeat(["nul\x00byte", "nul\\u0000byte"], 4000),
                       "r": np.r_[rng.pareto(1.0, 4000), rng.normal(size=4000)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        out = ts.report(df, tmp_path / "r.html", column="r", by="m", figures="summary",
                        goodhart=False)
    html = out.read_text(encoding="utf-8")
    assert "Flagged: <bdi>nul\\u0000byte [1]</bdi>." in html
    assert re.search(r"<h2[^>]*><bdi>nul\\u0000byte \[1\]</bdi></h2>", html)
    assert re.search(r"<h2[^>]*><bdi>nul\\u0000byte \[2\]</bdi></h2>", html)
    assert not re.search(r"<bdi>nul\\u0000byte</bdi>", html)  # never shown unnumbered
