"""The intake of tables split into groups: ``check_groups`` (by=, gold=)."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pytest
from _helpers import raises_data_error, write_table

import tailstat
from tailstat.data import check_groups
from tailstat.data.groups import MISSING_KEY
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
    with raises_data_error("by= needs a table"):
        check_groups(np.arange(1.0, 61.0), by="model")


# --------------------------------------------------------------------------------------------
# issue 11: missing keys, keys of different types, hostile by=, masked arrays, file path
# --------------------------------------------------------------------------------------------


def _keyed(keys: list) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    reps = 20
    return pd.DataFrame({"g": keys * reps, "reward": rng.normal(size=len(keys) * reps)})


def test_nan_key_is_its_own_group_with_a_stable_label():
    df = _keyed([1.0, 2.0, np.nan])
    g = check_groups(df, "reward", by="g")
    assert list(g.samples) == [1.0, 2.0, MISSING_KEY]
    missing = g.samples[MISSING_KEY]
    assert isinstance(missing, tailstat.Sample) and missing.name == "<NA>"
    np.testing.assert_array_equal(missing.values, df.loc[df.g.isna(), "reward"])
    again = check_groups(df, "reward", by="g")  # stable: the same key every time
    assert list(again.samples) == list(g.samples)


def test_every_kind_of_missing_key_is_one_group():
    df = pd.DataFrame({"g": pd.array(["a", None, "b", pd.NA] * 20, dtype=object),
                       "reward": np.random.default_rng(1).normal(size=80)})
    g = check_groups(df, "reward", by="g")
    assert set(g.samples) == {"a", "b", MISSING_KEY}
    assert g.samples[MISSING_KEY].n == 40


def test_keys_of_different_types_stay_apart_with_distinct_labels():
    g = check_groups(_keyed([1, "1", np.nan, "<NA>"]), "reward", by="g")
    assert len(g) == 4
    labels = [s.name for s in g.samples.values()]
    assert len(set(labels)) == 4 and len({str(k) for k in g.samples}) == 4
    assert "1 (int)" in g.samples and "'1' (str)" in g.samples
    assert "<NA> (missing)" in g.samples and "'<NA>' (str)" in g.samples


def test_a_typed_label_never_takes_another_groups_own_name():
    """Keys '1 (int)' (a string), 1 and '1': the integer was labelled "1 (int)" and the
    user's own group '1 (int)' became "1 (int) #2", in whichever order they came."""
    sizes = {"1 (int)": 30, 1: 20, "1": 25}
    for order in (["1 (int)", 1, "1"], [1, "1 (int)", "1"]):
        keys = [k for k in order for _ in range(sizes[k])]
        df = pd.DataFrame({"g": pd.array(keys, dtype=object),
                           "reward": np.random.default_rng(8).normal(size=len(keys))})
        g = check_groups(df, "reward", by="g")
        assert g.samples["1 (int)"].n == 30  # the user's own group keeps its name
        assert g.samples["1 (int) #2"].n == 20 and g.samples["'1' (str)"].n == 25


def test_numpy_scalar_keys_become_python_scalars():
    g = check_groups(_keyed([1, 2]), "reward", by="g")
    assert all(type(k) is int for k in g.samples)
    assert [s.name for s in g.samples.values()] == ["1", "2"]


def test_several_by_columns_with_missing_values():
    df = _keyed([1.0, np.nan]).assign(h=["a", None] * 20)
    g = check_groups(df, "reward", by=["g", "h"])
    assert set(g.samples) == {(1.0, "a"), (MISSING_KEY, MISSING_KEY)}


@pytest.mark.parametrize("extra", [{"by": "g"}, {"gold": "v"}, {"by": ["g", "h"]}])
def test_a_table_without_rows_is_an_error_with_by_or_gold(extra):
    # as without by=: no rows is no rewards (it once gave an analysis of no groups, and a
    # report of it failed with a KeyError)
    empty = pd.DataFrame({"reward": [], "g": [], "h": [], "v": []})
    with raises_data_error("empty", "no rows"):
        check_groups(empty, "reward", **extra)
    with raises_data_error("empty", "no rows"):
        tailstat.analyze(empty, "reward", **extra)


def test_tuple_keys_stay_whole_and_apart():
    # keys that are tuples of the user's own: ('t', 1) and ('t', 2) are two groups (they were
    # once cut to their first element, 't', and merged)
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"reward": rng.normal(size=400),
                       "g": pd.Series([("t", 1)] * 200 + [("t", 2)] * 200, dtype=object)})
    g = check_groups(df, "reward", by="g")
    assert set(g.samples) == {("t", 1), ("t", 2)}
    assert all(s.n == 200 for s in g.samples.values())
    both = check_groups(df.assign(h="a"), "reward", by=["g", "h"])
    assert set(both.samples) == {(("t", 1), "a"), (("t", 2), "a")}


@pytest.mark.parametrize(("by", "words"), [
    ([], ("by= is empty",)),
    (["g", "g"], ("twice",)),
    ([["g"]], ("one column name",)),
    ("nope", ("unknown by= column", "'nope'")),
])
def test_hostile_by_is_a_data_error(by, words):
    with raises_data_error(*words):
        check_groups(_keyed([1, 2]), "reward", by=by)


def test_duplicate_group_column_and_reward_as_by():
    df = _keyed([1, 2])
    dup = pd.concat([df, df[["g"]]], axis=1)
    with raises_data_error("'g'", "appears 2 times"):
        check_groups(dup, "reward", by="g")
    with raises_data_error("also the by="):
        check_groups(df, "g", by="g")


def test_masked_array_through_check_groups():
    x = np.random.default_rng(2).normal(size=100)
    m = np.ma.masked_greater(x, 1.0)
    (s,) = check_groups(m).samples.values()
    assert s.n == m.count() and s.n_nan_dropped == int(m.mask.sum())


def test_groups_record_the_file_path_only_for_files(tmp_path, monkeypatch):
    df = _group_table()
    path = write_table(tmp_path, "csv", df)
    assert check_groups(str(path), "reward", by="model").path == str(path.resolve())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "DataFrame").write_text("model,reward\n")
    g = check_groups(df, "reward", by="model")
    assert g.path is None and g.source == "in-memory DataFrame"


# --------------------------------------------------------------------------------------------
# issue 13: one buffer in group order, the groups its read-only slices
# --------------------------------------------------------------------------------------------


def _arranged(keys: list, arrangement: str, seed: int = 3) -> pd.DataFrame:
    """A frame of ``keys`` (each 40 times) in group order, in runs out of order, or shuffled;
    the rewards are the row numbers, so a group's values show its row order."""
    rng = np.random.default_rng(seed)
    col = np.repeat(np.array(keys, dtype=object), 40)
    if arrangement == "runs":  # blocks of 10 rows, blocks shuffled
        blocks = col.reshape(-1, 10)
        col = blocks[rng.permutation(len(blocks))].reshape(-1)
    elif arrangement == "shuffled":
        col = col[rng.permutation(col.size)]
    return pd.DataFrame({"g": col, "reward": np.arange(col.size, dtype=float) ** 1.1})


def _expected(df: pd.DataFrame, by: list[str]) -> dict[tuple, list[float]]:
    """Rewards per key in row order, every missing key as MISSING_KEY (a plain loop)."""
    out: dict[tuple, list[float]] = {}
    for rec in df[[*by, "reward"]].itertuples(index=False):
        key = tuple(MISSING_KEY if pd.isna(v) else v for v in rec[:-1])
        out.setdefault(key, []).append(rec[-1])
    return out


_DTYPES = {
    "str": lambda keys: pd.array(keys, dtype="str"),
    "object": lambda keys: pd.array(keys, dtype=object),
    "string[python]": lambda keys: pd.array(keys, dtype=pd.StringDtype("python")),
    "category": lambda keys: pd.Categorical(keys),
    "int": lambda keys: np.array([ord(k[-1]) for k in keys]),
    "float": lambda keys: np.array([float(ord(k[-1])) if isinstance(k, str) else np.nan
                                    for k in keys]),
}


@pytest.mark.parametrize("arrangement", ["in order", "runs", "shuffled"])
@pytest.mark.parametrize("dtype", list(_DTYPES))
def test_groups_are_stable_whatever_the_row_order_and_key_dtype(arrangement, dtype):
    keys = ["rm-a", "rm-b", None, "rm-c"] if dtype != "int" else ["rm-a", "rm-b", "rm-c"]
    df = _arranged(keys, arrangement)
    df["g"] = _DTYPES[dtype]([k if isinstance(k, str) else None for k in df["g"]])
    before = copy.deepcopy(df)
    g = check_groups(df, "reward", by="g")
    expected = _expected(df, ["g"])
    got = {(k,): s.values.tolist() for k, s in g.samples.items()}
    assert got == expected  # every row, in the caller's order within each group
    keys_seen = [k for k in g.samples if k != MISSING_KEY]
    assert keys_seen == sorted(keys_seen)  # sorted keys, the missing key last
    assert list(g.samples)[-1] == MISSING_KEY or MISSING_KEY not in g.samples
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize("arrangement", ["in order", "runs", "shuffled"])
def test_group_values_are_slices_of_one_read_only_buffer(arrangement):
    df = _arranged(["a", "b", "c"], arrangement)
    g = check_groups(df, "reward", by="g")
    values = [s.values for s in g.samples.values()]
    base = values[0].base
    assert base is not None and all(v.base is base for v in values)
    assert not base.flags.writeable and not any(v.flags.writeable for v in values)
    assert sum(v.size for v in values) == base.size == len(df)
    starts = [v.__array_interface__["data"][0] for v in values]
    ends = [a + v.nbytes for a, v in zip(starts, values, strict=True)]
    assert starts[1:] == ends[:-1]  # contiguous, in group order
    assert not np.shares_memory(base, df["reward"].to_numpy())  # never the caller's memory
    with pytest.raises(ValueError, match="read-only"):
        values[0][0] = 1.0


def test_groups_in_runs_out_of_order_and_many_runs(monkeypatch):
    """The three ways of reordering give the same groups (few runs, many runs, row codes)."""
    from tailstat.data import _grouping

    df = _arranged(["x", "y", "z"], "runs")
    expected = _expected(df, ["g"])
    for max_segments in (4096, 1):
        monkeypatch.setattr(_grouping, "_MAX_SEGMENTS", max_segments)
        g = check_groups(df, "reward", by="g")
        assert {(k,): s.values.tolist() for k, s in g.samples.items()} == expected


def test_arrow_keys_in_chunks_with_missing_values():
    import pyarrow as pa

    keys = ["a"] * 30 + [None] * 25 + ["b"] * 20 + [None] * 10 + ["a"] * 15
    chunks = [keys[:27], keys[27:52], keys[52:71], keys[71:]]
    col = pd.arrays.ArrowExtensionArray(pa.chunked_array([pa.array(c) for c in chunks]))
    df = pd.DataFrame({"g": col, "reward": np.arange(len(keys)) ** 1.5})
    g = check_groups(df, "reward", by="g")
    assert list(g.samples) == ["a", "b", MISSING_KEY]
    assert {(k,): s.values.tolist() for k, s in g.samples.items()} == _expected(df, ["g"])


def test_several_by_columns_in_runs():
    df = _arranged(["a", "b"], "in order").assign(h=lambda d: np.arange(len(d)) // 20 % 2)
    g = check_groups(df, "reward", by=["g", "h"])
    assert list(g.samples) == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]
    assert {k: s.values.tolist() for k, s in g.samples.items()} == _expected(df, ["g", "h"])


def test_categorical_missing_key_is_a_group_in_category_order():
    df = _arranged(["q", None, "p"], "shuffled")
    df["g"] = pd.Categorical(df["g"], categories=["q", "unused", "p"])
    g = check_groups(df, "reward", by="g")
    assert list(g.samples) == ["q", "p", MISSING_KEY]  # observed categories, in their order
    assert sum(s.n for s in g.samples.values()) == len(df)


def test_gold_pairs_and_nan_counts_per_group_after_reordering():
    df = _arranged(["a", "b"], "shuffled").assign(gold=lambda d: -d.reward)
    df.loc[[0, 5, 7], "reward"] = np.nan
    df.loc[[1, 5], "gold"] = np.nan
    g = check_groups(df, "reward", by="g", gold="gold")
    assert g.gold is not None
    for key, s in g.samples.items():
        rows = df[df.g == key]
        assert s.n_nan_dropped == int(rows.reward.isna().sum())
        np.testing.assert_array_equal(s.values, rows.reward.dropna())
        both = rows[rows.reward.notna() & rows.gold.notna()]
        np.testing.assert_array_equal(g.gold[key][0], both.reward)
        np.testing.assert_array_equal(g.gold[key][1], both.gold)


@pytest.mark.parametrize("layout", ["sorted", "runs", "shuffled", "labelled"])
def test_an_infinite_value_is_located_in_the_callers_table(layout):
    """The error names the row of the caller's table, not a position inside the group."""
    import tailstat as ts

    rng = np.random.default_rng(20)
    keys = {"sorted": np.repeat(["a", "b"], 3000),
            "runs": np.tile(np.repeat(["a", "b"], 500), 6),
            "shuffled": rng.permutation(np.repeat(["a", "b"], 3000)),
            "labelled": np.repeat(["a", "b"], 3000)}[layout]
    df = pd.DataFrame({"m": keys, "r": rng.standard_t(3.0, 6000)})
    if layout == "labelled":
        df.index = [f"id{i}" for i in range(6000)]
    bad = int(np.flatnonzero(keys == "b")[700])
    df.iloc[bad, 1] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        msg = ts.analyze(df, "r", by="m").failures["b"]
    where = (f"row {bad} of the table (0-based; index label 'id{bad}')"
             if layout == "labelled" else f"row {bad} of the table (0-based)")
    assert where in msg, msg


def test_an_infinite_value_under_a_multiindex_is_located_readably():
    import tailstat as ts

    rng = np.random.default_rng(21)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 1000), "r": rng.standard_t(3.0, 2000)},
                      index=pd.MultiIndex.from_product([np.arange(20), np.arange(100)]))
    df.iloc[1500, 1] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        msg = ts.analyze(df, "r", by="m").failures["b"]
    assert "row 1500 of the table (0-based; index label (15, 0))" in msg, msg


def test_a_gold_column_with_no_values_is_an_error():
    """Every gold score missing is a mistake (a wrong column, a failed join): it passed
    silently, each group noting that no row had a gold score."""
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 100), "r": np.arange(200.0),
                       "g": np.nan})
    with raises_data_error("holds no values"):
        check_groups(df, "r", by="m", gold="g")


def test_by_given_the_group_of_each_row_is_refused_in_a_line() -> None:
    """``by=df["model"]`` (the pandas habit) was read as 10^5 column names: a 500 KB
    "names a column twice" error. Now one line, naming the column to pass."""
    df = pd.DataFrame({"r": np.random.default_rng(0).normal(size=100_000),
                       "model": np.repeat(["a", "b"], 50_000)})
    for by in (df["model"], df["model"].to_numpy(), df["model"].tolist()):
        with pytest.raises(tailstat.DataError, match="by= takes column names") as err:
            check_groups(df, "r", by=by)
        assert len(str(err.value)) < 300
    with pytest.raises(tailstat.DataError, match="by='model'"):
        check_groups(df, "r", by=df["model"])
    assert len(check_groups(df, "r", by=["model"])) == 2


def test_an_infinite_gold_score_is_an_error_as_an_infinite_reward_is() -> None:
    """Infinite gold scores were dropped as missing without a word (2000 of 4000 pairs
    gone), and all-infinite gold was "every row is missing"."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=4000), "gold": rng.normal(size=4000),
                       "g": np.repeat(["a", "b"], 2000)})
    df.loc[5, "gold"] = -np.inf
    # it fails its own group, as an infinite reward does (stop 60: it stopped every group)
    groups = check_groups(df, "r", by="g", gold="gold")
    assert isinstance(groups.samples["b"], tailstat.Sample)
    assert "of the group 'a' holds an infinite value (-inf, first at row 5 of the table" in str(
        groups.samples["a"])
    df["gold"] = np.inf
    groups = check_groups(df, "r", by="g", gold="gold")
    assert all("infinite" in str(s) for s in groups.samples.values())


def test_check_groups_without_a_copy_reads_the_callers_column_read_only():
    """copy=False (what analyze uses): the groups are read-only views of the caller's reward
    column when it is float64 and in group order; the caller's frame stays writeable and
    unchanged, and the groups are the same."""
    df = _arranged(["a", "b", "c"], "in order")
    before = df.copy()
    g = check_groups(df, "reward", by="g", copy=False)
    column = df["reward"].to_numpy()
    values = [s.values for s in g.samples.values()]
    assert all(np.shares_memory(v, column) for v in values)
    assert not any(v.flags.writeable for v in values)
    assert {k: s.values.tolist() for k, s in g.samples.items()} == \
        {k: s.values.tolist() for k, s in check_groups(df, "reward", by="g").samples.items()}
    pd.testing.assert_frame_equal(df, before)
    shuffled = _arranged(["a", "b", "c"], "shuffled")  # reordered: a buffer of its own
    g = check_groups(shuffled, "reward", by="g", copy=False)
    assert not any(np.shares_memory(s.values, shuffled["reward"].to_numpy())
                   for s in g.samples.values())


@pytest.mark.parametrize("kind", ["str", "large_string", "binary", "sliced", "chunks",
                                  "nulls", "mixed widths", "empty strings", "small blocks",
                                  "background", "background mixed widths"])
def test_fixed_width_arrow_keys_give_the_runs_arrow_compares(kind, monkeypatch):
    """The word-wise comparison of keys of one width finds exactly the run boundaries of
    Arrow's element-wise comparison (also when keys straddle words and blocks, and for keys
    longer than a word), and hands every other array to it (None)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from tailstat.data import _grouping
    from tailstat.data._grouping import _fixed_width_changes

    if kind == "small blocks":
        monkeypatch.setattr(_grouping, "_KEY_BLOCK", 3)
    if kind.startswith("background"):  # the lengths checked on a second thread
        import tailstat._threads as th

        monkeypatch.setattr(_grouping, "_BACKGROUND_KEYS", 2)
        monkeypatch.setattr(th, "usable_cores", lambda: 2)
    rng = np.random.default_rng(len(kind))
    for _ in range(40):
        n = int(rng.integers(2, 400))
        width = 0 if kind == "empty strings" else int(rng.integers(1, 13))
        alphabet = ["".join(rng.choice(list("abc"), width)) for _ in range(3)]
        keys = [alphabet[int(i)] for i in np.repeat(rng.integers(0, 3, n // 7 + 1), 7)[:n]]
        if kind.endswith("mixed widths"):  # one key longer and (mostly) one shorter: the
            i, j = rng.choice(n, 2, replace=False)  # total length alone cannot tell
            keys[i] += "z"
            if width >= 1:
                keys[j] = keys[j][:-1]
        if kind == "nulls":
            keys[int(rng.integers(n))] = None
        typ = {"large_string": pa.large_string(), "binary": pa.binary()}.get(kind, pa.string())
        arr = pa.array([k.encode() if typ == pa.binary() and k is not None else k
                        for k in keys], type=typ)
        if kind == "sliced":
            arr = arr.slice(1)
        data = pa.chunked_array([arr[:n // 2], arr[n // 2:]]) if kind == "chunks" else \
            pa.chunked_array([arr])
        got = _fixed_width_changes(data)
        if kind in ("chunks", "nulls", "mixed widths", "background mixed widths"):
            assert got is None
            continue
        whole = data.combine_chunks()
        want = np.asarray(pc.indices_nonzero(pc.not_equal(whole.slice(1),
                                                          whole.slice(0, len(whole) - 1))))
        np.testing.assert_array_equal(got, want)


def test_run_detection_of_an_empty_or_single_arrow_column():
    import pyarrow as pa

    from tailstat.data._grouping import _arrow_changes

    for keys in ([], ["a"]):
        s = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array([pa.array(keys,
                                                                                pa.string())])))
        assert _arrow_changes(s).size == 0


def test_unsorted_fixed_width_keys_stop_the_comparison_early():
    """Keys in no order (runs far too short to be worth a layout) stop the byte comparison
    after a block or so, with more changes than the limit (all of them genuine), instead of
    collecting every differing byte of the column."""
    import tracemalloc

    import pyarrow as pa
    import pyarrow.compute as pc

    from tailstat.data._grouping import _KEY_BLOCK, _fixed_width_changes

    rng = np.random.default_rng(3)
    names = np.array(["".join(rng.choice(list("abcdefghij"), 20)) for _ in range(20)])
    n = 300_000
    keys = names[rng.integers(0, 20, n)].tolist()  # pyarrow < 16: no numpy str -> large_string
    data = pa.chunked_array([pa.array(keys, type=pa.large_string())])
    limit = n // 100
    tracemalloc.start()
    got = _fixed_width_changes(data, limit)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    whole = data.combine_chunks()
    want = np.asarray(pc.indices_nonzero(pc.not_equal(whole.slice(1), whole.slice(0, n - 1))))
    assert got is not None and limit < got.size < want.size
    assert np.isin(got, want).all()
    assert got.size <= 2 * _KEY_BLOCK * 8 // 20 + 1  # the keys of the first two blocks at most
    assert peak < 40 * _KEY_BLOCK * 8  # a few block-sized arrays, not one per differing byte
    # without a limit: every change, exactly
    np.testing.assert_array_equal(_fixed_width_changes(data), want)


def test_unsorted_fixed_width_keys_give_the_groups_groupby_gives():
    rng = np.random.default_rng(4)
    names = np.array([f"model-{i:03d}" for i in range(30)])
    df = pd.DataFrame({"m": pd.Series(names[rng.integers(0, 30, 20_000)], dtype="str"),
                       "r": rng.normal(size=20_000)})
    g = check_groups(df, "r", by="m")
    for key, sample in g.samples.items():
        np.testing.assert_array_equal(sample.values, df.loc[df.m == key, "r"].to_numpy())
    assert sorted(g.samples) == sorted(set(df.m))


def test_polars_integer_keys_with_nulls_stay_integers() -> None:
    """A review: a polars integer by= column with a null gave float keys (1.0, 2.0) where the
    same column as pandas' Int64 gives 1, 2."""
    rng = np.random.default_rng(0)
    frame = pl.DataFrame({"r": rng.normal(size=3000), "g": [1, 2, None] * 1000})
    groups = check_groups(frame, "r", by="g")
    assert list(groups.samples) == [1, 2, "<NA>"]
    assert [type(k) for k in groups.samples][:2] == [int, int]


def test_a_boolean_gold_column_is_read_as_one_and_zero() -> None:
    """A review: binary-preference gold (True / False, the README's "gold scores on 2 levels")
    was refused as "holds booleans, not rewards"; as 0/1 integers it was read. A boolean
    reward column is still refused."""
    rng = np.random.default_rng(0)
    pref = rng.random(400) < 0.5
    df = pd.DataFrame({"r": rng.normal(size=400), "g": pref,
                       "gn": pd.array([*pref[:-1], None], dtype="boolean")})
    as_int = check_groups(df.assign(g=df["g"].astype(int)), "r", gold="g").gold
    assert np.array_equal(check_groups(df, "r", gold="g").gold["r"][1], as_int["r"][1])
    proxy, gold = check_groups(df, "r", gold="gn").gold["r"]
    assert proxy.size == gold.size == 399 and set(np.unique(gold)) <= {0.0, 1.0}
    # True / False with None (a JSON file's nulls): an object column, read the same way
    df["go"] = pd.Series([*pref[:-1], None], dtype=object)
    assert np.array_equal(check_groups(df, "r", gold="go").gold["r"][1], gold)
    with raises_data_error("holds booleans"):
        check_groups(df, "g", gold="r")


def test_polars_categorical_groups_come_in_the_order_of_pandas_ones() -> None:
    """A review: a polars Categorical listed its groups in the order of first appearance
    (zeta, alpha, mid) where pandas strings and categories sort them; an Enum keeps its own."""
    g = np.repeat(["zeta", "alpha", "mid"], 100)
    r = np.random.default_rng(0).normal(size=300)
    cat = pl.DataFrame({"g": pl.Series(g, dtype=pl.Categorical), "r": r})
    assert list(check_groups(cat, "r", by="g").samples) == ["alpha", "mid", "zeta"]
    enum = pl.DataFrame({"g": pl.Series(g, dtype=pl.Enum(["zeta", "alpha", "mid"])), "r": r})
    assert list(check_groups(enum, "r", by="g").samples) == ["zeta", "alpha", "mid"]

