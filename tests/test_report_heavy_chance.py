"""The page names, as ``explain()`` does, the groups neither flagged nor called heavy with
confidence that lean heavy or have a real chance of it (review 422: 16 of 60 groups were in
the table alone, which an engineer had to scan for the groups a KL penalty may not protect)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

import tailstat as ts


def test_groups_with_a_real_chance_of_a_heavy_tail_are_named(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    parts = [pd.DataFrame({"m": f"g{i:02d}",
                           "r": rng.standard_t(6 if i % 3 == 0 else 30, 3000) if i < 9
                           else rng.gamma(0.5, size=3000)}) for i in range(12)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.concat(parts), "r", by="m", warn=False)
        html = ts.report(a, tmp_path / "r.html", figures="summary").read_text("utf-8")
    chance = sorted(((k, c.probabilities["heavy"]) for k, c in a.classifications.items()
                     if c.label != "heavy" and c.probabilities["heavy"] >= 0.2),
                    key=lambda kp: -kp[1])
    assert len(chance) >= 2 and not a.table["heavy_flag"].any()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    names = ", ".join(str(k) for k, _ in chance)
    assert f"largest P(heavy) first: {names}. A KL penalty protects" in text
    said = next(line for line in a.explain().splitlines() if "real chance" in line)
    assert all(f"'{k}'" in said for k, _ in chance)  # the same groups as explain()
