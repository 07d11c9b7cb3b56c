"""A report of 1–10 ratings with gold (review 432): no "ξ = –" for a saturated error whose ξ
is not estimated, no "95% not estimated" interval, no "value(s)"."""

from __future__ import annotations

import re
import warnings
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat.reporting import report


def test_a_ratings_report_says_what_is_not_estimated_in_words(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    gold = np.clip(np.round(rng.normal(8.0, 1.2, 4000)), 1, 10)
    reward = np.clip(gold + rng.integers(-1, 2, gold.size), 1, 10)
    df = pd.DataFrame({"model": "rater-A", "reward": reward, "gold": gold})
    out = tmp_path / "ratings.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        report(df, out, column="reward", by="model", gold="gold")
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", out.read_text())))
    assert "ξ = –" not in text and "value(s)" not in text
    assert "95% not estimated" not in text
    assert re.search(r"Intervals: [^.]*: none \(not estimated\)", text)
    assert re.search(r"take only \d+ distinct values \(", text)
    assert re.search(r"The error \(reward − gold\) is bounded-tailed \(P\(bounded\) = "
                     r"[0-9.>]+\)\.", text)
