"""The file an analysis read, as the report names it (``tailstat/reporting/_provenance.py``):
as its caller named it, not as an absolute path."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

import tailstat as ts


def test_a_relative_path_is_reported_as_given(tmp_path, monkeypatch) -> None:
    """Review 441: ``report(analyze("tiny.csv", ...))`` showed ``/home/.../tiny.csv`` as the
    source and in the "to run again" command (the reader's folders in a page meant to be
    shared), where the command line's report of the same file says ``tiny.csv``. From
    another folder the relative name no longer finds the file: the absolute one is shown."""
    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(0)
    pd.DataFrame({"reward": rng.normal(size=4000),
                  "m": np.repeat(["a", "b"], 2000)}).to_csv("tiny.csv", index=False)
    analysis = ts.analyze("tiny.csv", "reward", by="m")
    ts.report(analysis, "here.html")
    page = html.unescape((tmp_path / "here.html").read_text(encoding="utf-8"))
    assert str(tmp_path) not in page
    assert "tailstat report tiny.csv --column reward --by m" in page
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    ts.report(analysis, "there.html")
    page = html.unescape((elsewhere / "there.html").read_text(encoding="utf-8"))
    assert f"tailstat report {tmp_path / 'tiny.csv'} --column reward" in page
