"""The intake of tables split into groups: ``check_groups`` (by=, gold=)."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import polars as pl
from _helpers import raises_data_error, write_table

import tailstat
from tailstat.data import check_groups
from tailstat.data.intake import MIN_SIZE

# --------------------------------------------------------------------------------------------
# groups
# --------------------------------------------------------------------------------------------


def _group_table():
    rng = np.random.default_rng(5)
    a = rng.pareto(2.0, 40) + 1.0
    b = rng.normal(size=30)
    df = pd.DataFrame({
        "model": ["a"] * 40 + ["b"] * 30 + ["const"] * 10 + ["tiny"] * (MIN_SIZE - 1),
        "reward": np.r_[a, b, np.full(10, 3.0), np.arange(MIN_SIZE - 1.0)],
        "gold": rng.normal(size=80 + MIN_SIZE - 1),
    })
    df.loc[[0, 1], "reward"] = np.nan
    df.loc[[1, 2, 45], "gold"] = np.nan
    return df


def test_check_groups_gives_one_sample_per_group():
    df = _group_table()
    before = copy.deepcopy(df)
    g = check_groups(df, "reward", by="model")
    assert set(g.samples) == {"a", "b", "const", "tiny"}
    assert len(g) == 4
    sa, sb = g.samples["a"], g.samples["b"]
    assert isinstance(sa, tailstat.Sample) and isinstance(sb, tailstat.Sample)
    np.testing.assert_array_equal(sa.values, df.loc[df.model == "a", "reward"].dropna())
    assert sa.n_nan_dropped == 2 and sa.name == "a"
    np.testing.assert_array_equal(sb.values, df.loc[df.model == "b", "reward"])
    assert not sa.values.flags.writeable
    assert g.column == "reward" and g.by == ("model",)
    pd.testing.assert_frame_equal(df, before)


def test_check_groups_keeps_bad_groups_as_errors():
    g = check_groups(_group_table(), "reward", by="model")
    const, tiny = g.samples["const"], g.samples["tiny"]
    assert isinstance(const, tailstat.DataError)
    assert "constant" in str(const)
    assert isinstance(tiny, tailstat.DataError)
    assert f"at least {MIN_SIZE}" in str(tiny)


def test_check_groups_unknown_by_column():
    with raises_data_error("unknown by= column", "'group'", "'model'", "'reward'"):
        check_groups(_group_table(), "reward", by="group")


def test_check_groups_unknown_gold_column():
    with raises_data_error("unknown gold= column", "'human'", "'gold'"):
        check_groups(_group_table(), "reward", by="model", gold="human")


def test_check_groups_gold_pairs_rows_where_both_are_finite():
    df = _group_table()
    g = check_groups(df, "reward", by="model", gold="gold")
    assert g.gold_column == "gold" and g.gold is not None
    assert set(g.gold) == set(g.samples)
    for key, (proxy, gold) in g.gold.items():
        rows = df[(df.model == key) & df.reward.notna() & df.gold.notna()]
        np.testing.assert_array_equal(proxy, rows.reward.to_numpy())
        np.testing.assert_array_equal(gold, rows.gold.to_numpy())
    # group "a": rows 0, 1 lack a reward and row 2 lacks gold
    assert len(g.gold["a"][0]) == 37


def test_check_groups_without_column_picks_the_proxy_not_gold_or_by():
    df = _group_table().assign(model=lambda d: d.model.map({"a": 1, "b": 2, "const": 3,
                                                            "tiny": 4}))
    g = check_groups(df, by="model", gold="gold")
    assert g.column == "reward"


def test_check_groups_reads_polars_and_files(tmp_path):
    df = _group_table()
    path = write_table(tmp_path, "parquet", df)
    for data in (pl.from_pandas(df), path):
        g = check_groups(data, "reward", by="model")
        np.testing.assert_array_equal(g.samples["b"].values,
                                      df.loc[df.model == "b", "reward"])


def test_check_groups_needs_a_table_for_by():
    with raises_data_error("need a table"):
        check_groups(np.arange(1.0, 61.0), by="model")
