"""Each interval's method stands beside its ends in a classification's row and in an analysis
table (review 428: the ``Result`` contract gives every interval a ``_method`` column, and ξ's
interval is made three ways: profile likelihood, the moment estimator when the GPD fit fails,
an equal-tailed posterior with ``method="bayes"``; none for saturated scores)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

import tailstat as ts


def test_classification_row_names_each_interval_method() -> None:
    rng = np.random.default_rng(3)
    c = ts.classify(rng.standard_normal(3000))
    row = c.to_frame().iloc[0]
    assert row["xi_ci_method"] == c.xi_ci.method == "profile likelihood"
    assert row["theta_ci_method"] == c.theta_ci.method == "asymptotic normal"
    cols = list(c.to_row())
    assert cols[cols.index("xi_level") + 1] == "xi_ci_method"
    assert cols[cols.index("theta_level") + 1] == "theta_ci_method"


def test_saturated_scores_say_not_estimated() -> None:
    x = np.minimum(np.random.default_rng(4).standard_normal(3000), 1.0)
    c = ts.classify(x, warn=False)
    row = c.to_row()
    assert (row["xi_ci_method"], row["theta_ci_method"]) == ("not estimated", "not estimated")


def test_analysis_table_and_json_carry_the_methods() -> None:
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"g": np.repeat(["a", "b"], 2000),
                       "r": np.r_[rng.standard_normal(2000), rng.pareto(2.0, 2000)]})
    a = ts.analyze(df, "r", by="g")
    t = a.to_frame()
    assert list(t["xi_ci_method"]) == ["profile likelihood"] * 2
    assert list(t["theta_ci_method"]) == ["asymptotic normal"] * 2
    table = pd.DataFrame(json.loads(json.dumps(a.to_dict()))["table"])
    assert list(table["xi_ci_method"]) == ["profile likelihood"] * 2
