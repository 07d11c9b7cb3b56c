"""The report's per-group sections (tailstat.reporting._groups)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts


def test_sections_with_gold_keep_their_own_ids_and_a_short_chi_table(tmp_path: Path) -> None:
    # with gold, each group's section has its own id (the summary table links to it), and
    # the chi table shows six of the measured levels
    rng = np.random.default_rng(8)
    n = 4000
    v = rng.normal(size=3 * n)
    df = pd.DataFrame({"m": np.repeat(["a", "b", "c"], n), "v": v,
                       "u": v + 0.5 * rng.normal(size=3 * n)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        res = ts.analyze(df, "u", by="m", gold="v")
    page = ts.report(res, tmp_path / "r.html", progress=False,
                     figures="summary").read_text(encoding="utf-8")
    ids = re.findall(r'<section[^>]* id="(g\d+)"', page)
    assert len(ids) == 3 and len(set(ids)) == 3
    for target in re.findall(r'href="#(g\d+)"', page):
        assert target in ids
    assert page.count("6 of the 40 levels measured") == 3
