"""Rewards near the float maximum: each group's Goodhart summary fails with the advice to
rescale, without numpy's overflow warnings, under any warning filter (review 421: raw
RuntimeWarnings, an array dump as the failure, and under "error" the whole analysis
raised)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import tailstat as ts


def test_rewards_near_the_float_maximum_fail_their_summary_with_advice() -> None:
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"g": np.repeat(["big", "ok"], 3000),
                       "x": np.r_[rng.uniform(1e307, 1.7e308, 3000), rng.normal(size=3000)]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning escapes
        a = ts.analyze(df, "x", by="g", goodhart=True, warn=False)
    why = a.goodhart_failures["big"]
    assert "pass the float maximum" in why and "rescale the rewards" in why
    assert "array(" not in why and "ok" in a.goodhart
