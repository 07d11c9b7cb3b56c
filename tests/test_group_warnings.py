"""The caveats of many groups issued once: ``tailstat/_group_warnings.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import tailstat as ts


def test_small_groups_give_one_warning_at_the_callers_line() -> None:
    """12 groups of 150 values: one small-sample warning naming 8 of them and "4 more", at
    this file's line (30 small groups gave 30 warnings pointing inside tailstat); other
    caveats still come, once each."""
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"m": np.repeat([f"c{i:02d}" for i in range(12)], 150),
                       "r": rng.normal(size=1800)})
    df.loc[df.m == "c03", "r"] = np.round(df.loc[df.m == "c03", "r"], 1)  # ties: own caveat
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ts.analyze(df, "r", by="m")
    small = [w for w in caught if "small sample" in str(w.message)]
    assert len(small) == 1
    text = str(small[0].message)
    assert text.startswith("12 groups are small samples") and text.endswith("and 4 more.")
    assert "'c00' (n = 150)" in text and small[0].filename == __file__
    assert issubclass(small[0].category, ts.TailstatWarning)
    others = [str(w.message) for w in caught if w not in small]
    assert any("c03" in m and "tied" in m for m in others)
    assert len(others) == len(set(others))
    assert all(w.filename == __file__ for w in caught)
    # one small group: the classifier's own words
    with warnings.catch_warnings(record=True) as one:
        warnings.simplefilter("always")
        ts.analyze(df[df.m == "c00"], "r", by="m")
    assert [str(w.message) for w in one] == [
        "'c00': small sample (n = 150); classification probabilities are rough"]
