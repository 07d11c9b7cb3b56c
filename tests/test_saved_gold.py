"""Saved analyses with gold scores: the table and the gold parts must agree (review 388)."""

from __future__ import annotations

import copy
import json
import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts


@pytest.fixture(scope="module")
def doc() -> dict:
    rng = np.random.default_rng(3)
    n = 1200
    v = rng.normal(size=2 * n)
    u = v + np.r_[rng.standard_t(2, n), rng.normal(size=n)]
    df = pd.DataFrame({"k": np.repeat(["a", "b"], n), "reward": u, "gold": v})
    v2 = df["gold"].to_numpy().copy()
    v2[n + 1000:] = np.nan  # group b: 1,000 rows with gold, a: 1,200
    df["gold"] = v2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", by="k", gold="gold", goodhart=True)
    out = json.loads(a.to_json())
    ts.read_analysis(json.dumps(out))  # as written, it reads
    return out


def _fields(doc: dict) -> dict:
    return doc["analysis"]["fields"]


def test_a_gold_key_cut_out_is_named_at_read_time(doc: dict) -> None:
    """explain() failed with KeyError: 'error_confident', the report with KeyError 'n'."""
    for key in ("error_confident", "n"):
        bad = copy.deepcopy(doc)
        del _fields(bad)["goodhart"]["a"]["fields"]["gold"][key]
        with raises_data_error("damaged saved analysis", f"gold[{key!r}]"):
            ts.read_analysis(json.dumps(bad))


def test_swapped_dependence_and_edited_error_columns_are_refused(doc: dict) -> None:
    bad = copy.deepcopy(doc)
    dep = _fields(bad)["dependence"]
    dep["a"], dep["b"] = dep["b"], dep["a"]  # the report showed the other group's χ
    with raises_data_error("damaged saved analysis", "rows with gold"):
        ts.read_analysis(json.dumps(bad))
    bad = copy.deepcopy(doc)
    frame = _fields(bad)["table"]["$frame"]
    names = frame["columns"]["$index"]["values"]
    column = frame["data"][names.index("error_label")]["values"]
    assert column[0] == "heavy"
    column[0] = "light"  # explain() then disagreed with the table
    with raises_data_error("damaged saved analysis", "error classification of 'a' disagree"):
        ts.read_analysis(json.dumps(bad))


def test_a_dependence_level_out_of_range_is_refused(doc: dict) -> None:
    bad = copy.deepcopy(doc)
    _fields(bad)["dependence"]["a"]["fields"]["level"] = 95.0
    with raises_data_error("damaged saved analysis", "level 95.0"):
        ts.read_analysis(json.dumps(bad))


@pytest.mark.parametrize("field", ["dependence", "error_classifications"])
def test_a_gold_field_cut_out_is_refused(doc: dict, field: str) -> None:
    """They have defaults, so a file without them read as one with none: the report lost
    its χ sections and explain() said the error could not be analysed, while the table
    gave it a label. Every field is required (review 420); emptied, they disagree with the
    table."""
    bad = copy.deepcopy(doc)
    del _fields(bad)[field]
    with raises_data_error("damaged saved analysis", f"lacks the field(s) {field}"):
        ts.read_analysis(json.dumps(bad))
    _fields(bad)[field] = {}
    with raises_data_error("damaged saved analysis", "gives the error of"):
        ts.read_analysis(json.dumps(bad))


def test_chi_tables_swapped_between_groups_of_one_count_are_refused() -> None:
    """Review 389: with gold on every row the groups' counts agree, and a swap of their χ
    tables read unseen; the table's chi_0.95 / chi_0.99 are read off each group's own."""
    rng = np.random.default_rng(4)
    n = 3000
    v = rng.normal(size=2 * n)
    u = v + np.r_[rng.standard_t(2, n), rng.normal(size=n)]
    df = pd.DataFrame({"k": np.repeat(["a", "b"], n), "reward": u, "gold": v})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        doc = json.loads(ts.analyze(df, "reward", by="k", gold="gold").to_json())
    dep = _fields(doc)["dependence"]
    dep["a"], dep["b"] = dep["b"], dep["a"]
    with raises_data_error("damaged saved analysis", "chi_0.9", "tail dependence's"):
        ts.read_analysis(json.dumps(doc))
