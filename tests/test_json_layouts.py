"""JSON tables as other tools write them (``tailstat/data/_json_layouts.py``): a Weights &
Biases table, pandas' ``orient="split"``, ``"table"`` and ``"index"``, and JSON lines (and
Parquet struct columns) with nested fields. Each was refused with a message about something
else, or read on its side."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import check_groups, read_table

X = np.round(np.random.default_rng(11).pareto(3.0, 200) + 0.1, 6)
TRUTH = pd.DataFrame({"group": np.where(np.arange(200) % 3 == 0, "a", "b"), "reward": X})


def test_a_weights_and_biases_table(tmp_path):
    """``wandb.Table`` JSON (``{"_type": "table", "columns": [...], "data": [[...]]}``): it
    was refused as "its columns have different lengths ('columns' 2, 'data' 200)"."""
    path = tmp_path / "scores.table.json"
    doc = {"_type": "table", "columns": ["group", "reward"], "data": TRUTH.values.tolist(),
           "ncols": 2, "nrows": 200}
    path.write_text(json.dumps(doc))
    pd.testing.assert_frame_equal(read_table(path), TRUTH, check_dtype=False)
    two = tmp_path / "two.json"  # as many rows as columns: read as columns 'columns', 'data'
    path.write_text(json.dumps({**doc, "data": doc["data"][:2], "nrows": 2}))
    two.write_bytes(path.read_bytes())
    pd.testing.assert_frame_equal(read_table(two), TRUTH.head(2), check_dtype=False)


@pytest.mark.parametrize("orient", ["split", "table", "index"])
def test_pandas_json_orientations(tmp_path, orient):
    """``df.to_json(orient=...)``: "split" and "table" were refused ("Mixing dicts with
    non-Series may lead to ambiguous ordering"), "index" read on its side (a column per
    row, "unknown column 'reward'")."""
    path = tmp_path / f"{orient}.json"
    TRUTH.to_json(path, orient=orient)
    pd.testing.assert_frame_equal(read_table(path), TRUTH, check_dtype=False)
    TRUTH.to_json(path, orient="columns")  # pandas' default, keyed by row number inside
    pd.testing.assert_frame_equal(read_table(path), TRUTH, check_dtype=False)


def test_nested_json_lines_are_spread_into_columns(tmp_path):
    """Records with nested fields (``{"meta": {"group": ...}, "scores": {"reward": ...}}``):
    the objects were kept whole, and no reward column could be named."""
    path = tmp_path / "nested.jsonl"
    with path.open("w") as fh:
        for i, (g, v) in enumerate(zip(TRUTH["group"], X, strict=True)):
            scores = {"reward": v} if i != 5 else {}  # one record without a score
            fh.write(json.dumps({"id": i, "meta": {"group": g}, "scores": scores}) + "\n")
    df = read_table(path)
    assert list(df.columns) == ["id", "meta.group", "scores.reward"]
    np.testing.assert_array_equal(np.delete(df["scores.reward"].to_numpy(), 5),
                                  np.delete(X, 5))
    assert np.isnan(df["scores.reward"].iloc[5])
    groups = ts.data.check_groups(path, "scores.reward", by="meta.group")
    assert {k: s.n for k, s in groups} == {"a": 67, "b": 132}
    # the same nesting in Parquet (struct columns, as Hugging Face datasets write features)
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"meta": [{"group": g} for g in TRUTH["group"]],
                             "scores": [{"reward": v} for v in X]}), tmp_path / "n.parquet")
    df = read_table(tmp_path / "n.parquet")
    assert list(df.columns) == ["meta.group", "scores.reward"]
    np.testing.assert_array_equal(df["scores.reward"].to_numpy(), X)


def test_rewards_some_written_as_text_in_json_lines(tmp_path):
    """``{"reward": "0.52"}`` on some lines and ``{"reward": 0.31}`` on others: the column
    was refused as the default, "numbers of a type numpy does not (e.g. Decimal)". Whole
    numbers beside strings stay as written (keys 1 and "1" are two in JSON)."""
    path = tmp_path / "mixed.jsonl"
    with path.open("w") as fh:
        for i, v in enumerate(X):
            fh.write(json.dumps({"id": i if i % 2 else str(i), "reward": str(v) if i % 3 == 0
                                 else v}) + "\n")
    df = read_table(path)
    np.testing.assert_array_equal(df["reward"].to_numpy(), X)
    assert df["id"].map(type).tolist()[:2] == [str, int]
    assert ts.data.check_sample(path, "reward").n == X.size
    with pytest.raises(ts.DataError, match=r"several numeric columns|not numeric"):
        ts.data.check_sample(path)  # 'id' is not silently chosen either


def test_numbered_columns_of_named_rows_are_not_turned(tmp_path):
    """``df.to_json()`` (orient="columns") of rewards with numbered columns (one per sample)
    and named rows (prompts) is ``{"0": {"p0": ...}, "1": ...}``, as "index" writes a table
    of records: it was turned on its side (a column per prompt). Told apart by shape: a
    table of records has more rows than columns, so "index" JSON has more keys outside
    than names inside; this one has fewer."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame(rng.normal(size=(60, 3)), index=[f"p{i}" for i in range(60)])
    path = tmp_path / "samples.json"
    df.to_json(path)
    got = read_table(path)
    assert [str(c) for c in got.columns] == ["0", "1", "2"] and got.shape == (60, 3)
    # (to_json writes 10 decimals)
    np.testing.assert_allclose(got.to_numpy(dtype=float), df.to_numpy(), atol=1e-10)


def test_nested_json_integer_keys_beside_a_missing_one_stay_integers(tmp_path) -> None:
    """A review: a nested key ({"meta": {"id": ...}}) of two ids beyond 2**53 beside a null
    was flattened to floats and pooled into one group; small ids read 1.0, 2.0 (flat records
    were read exactly). A key holding a '.' keeps its name."""
    rng = np.random.default_rng(0)
    ids = [2**60, 2**60 + 1]
    with (tmp_path / "n.jsonl").open("w") as fh:
        for i in range(400):
            fh.write(json.dumps({"meta": {"id": None if i == 7 else ids[i % 2], "a.b": 3},
                                 "reward": float(rng.normal())}) + "\n")
    df = read_table(tmp_path / "n.jsonl")
    assert str(df["meta.id"].dtype) == "Int64" and "meta.a.b" in df.columns
    assert sorted(df["meta.id"].dropna().tolist()) == [ids[0]] * 200 + [ids[1]] * 199
    groups = check_groups(df, "reward", by="meta.id")
    assert sorted(k for k in groups.samples if isinstance(k, int)) == ids


def test_a_column_of_lists_is_told_to_be_exploded(tmp_path) -> None:
    """A review: a column holding several rewards per row (JSON lists, a Parquet list column)
    was told only to be converted to numbers."""
    rng = np.random.default_rng(0)
    with (tmp_path / "l.jsonl").open("w") as fh:
        for i in range(200):
            fh.write(json.dumps({"prompt": f"p{i}", "rewards": list(rng.normal(size=4))}) + "\n")
    pd.DataFrame({"rewards": [list(rng.normal(size=3)) for _ in range(200)]}).to_parquet(
        tmp_path / "l.parquet")
    for name in ("l.jsonl", "l.parquet"):
        with pytest.raises(ts.DataError, match=r"holds lists of values \(e\.g\. \[-?0\.\d+, .*\), "
                                               r"not one reward per row: .*df\.explode"):
            ts.classify(read_table(tmp_path / name))
