"""Tail dependence χ(u) of error and gold: ``tailstat/dependence.py``."""

from __future__ import annotations

import math

import numpy as np

import tailstat as ts
from tailstat.reporting._text import dependence_text


def test_row_quotes_the_level_nearest_099_at_which_chi_exists() -> None:
    """With 61 pairs no error lies above its 99% quantile (χ(0.99) is NaN): the quoted row is
    the nearest level with a finite χ, and the report's sentence then speaks of that level;
    where χ is nowhere finite, the report says too few pairs lie in the joint tail."""
    rng = np.random.default_rng(3)
    x, v = rng.normal(size=61), rng.normal(size=61)
    dep = ts.tail_dependence(x, v, (0.8, 0.9, 0.99))
    chi = dict(zip(dep.table["u"], dep.table["chi"], strict=True))
    assert math.isnan(chi[0.99]) and math.isfinite(chi[0.9])
    assert float(dep.row()["u"]) == 0.9 and float(dep.row(0.85)["u"]) in (0.8, 0.9)
    big = ts.tail_dependence(rng.normal(size=5000), rng.normal(size=5000))
    assert float(big.row()["u"]) == 0.99  # finite there: the level asked for
    row = dep.row()
    text = dependence_text(None, {"u": float(row["u"]), "chi": float(row["chi"]),
                                  "ci_low": float(row["ci_low"]),
                                  "ci_high": float(row["ci_high"])})
    assert "Among the 10% largest errors" in text and "–" not in text
    none = dependence_text(None, {"u": 0.99, "chi": math.nan, "ci_low": math.nan,
                                  "ci_high": math.nan})
    assert none.startswith("Too few pairs") and "independence" not in none
