"""One partition's sketches in ``tailstat.dask`` (``_sketch_partition``): the groups without
a refused value are sketched without a check per group, and must equal what the checked
``TailSketch(...).update(values)`` makes of them, value for value and byte for byte."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("dask", reason="needs Dask: pip install 'tailstat[dask]'")

import tailstat.dask as tsd
from tailstat.data.partitions import key_rows
from tailstat.sketch import TailSketch, capacity_for

F64_MAX = float(np.finfo(np.float64).max)
F32_MAX = float(np.finfo(np.float32).max)


def _partition() -> pd.DataFrame:
    """Groups of every kind a partition meets, rows interleaved (no group contiguous)."""
    rng = np.random.default_rng(11)
    parts = {
        "normal": rng.normal(size=300),
        "ties": np.round(rng.gamma(2.0, size=200), 1),
        "nan": np.where(rng.random(250) < 0.2, np.nan, rng.standard_t(3, size=250)),
        "all-nan": np.full(7, np.nan),
        "zeros": np.array([0.0, -0.0, 1.0, -0.0, 2.0, 0.0, -1.0]),
        "one": np.array([4.25]),
        "inf": np.r_[rng.normal(size=50), np.inf, np.nan, -np.inf],
        "f64max": np.r_[rng.normal(size=40), F64_MAX],
        "f32max-inside": np.r_[rng.normal(size=40), F32_MAX, 1e300],  # accepted: not an end
        "large": rng.pareto(1.5, size=5_000),
    }
    g = np.concatenate([[k] * v.shape[0] for k, v in parts.items()])
    r = np.concatenate(list(parts.values()))
    order = np.random.default_rng(12).permutation(r.shape[0])
    return pd.DataFrame({"g": g[order], "r": r[order]}, index=np.arange(r.shape[0]) + 1000)


@pytest.mark.parametrize("capacity", [None, 16])
def test_a_partitions_sketches_equal_the_checked_ones(capacity: int | None) -> None:
    frame = _partition()
    by = ("g",)
    keys, labels, rows = tsd._key_table([key_rows(frame[["g"]], by)], by)
    caps = {k: capacity if capacity is not None else max(2, capacity_for(r))
            for k, r in rows.items()}
    got = tsd._sketch_partition(frame, ("r", by, keys, labels, caps), (2, 5))
    assert set(got) == set(labels)
    values = frame["r"].to_numpy()
    for key, label in labels.items():
        mine = values[(frame["g"] == label).to_numpy()]
        item = got[key]
        if key in ("inf", "f64max"):  # refused: the group's error, located
            assert not isinstance(item, TailSketch)
            assert "partition 3 of 5" in str(item.error)
            continue
        want = TailSketch(caps[key], name=label).update(mine)
        assert isinstance(item, TailSketch), key
        assert item.name == label
        assert (item.n, item.n_nan_dropped) == (want.n, want.n_nan_dropped)
        assert item.to_bytes() == want.to_bytes(), key
        assert item.same_as(want, rtol=0.0)
        assert (item.n_at_max, item.n_at_min) == (want.n_at_max, want.n_at_min)
        assert not np.any((item.top == 0) & np.signbit(item.top))  # no -0.0 kept
    assert got["all-nan"].n == 0 and got["all-nan"].n_nan_dropped == 7
    assert got["nan"].n_nan_dropped == int(np.isnan(values[(frame["g"] == "nan").to_numpy()]
                                                     ).sum()) > 0
    assert got["f32max-inside"].maximum == 1e300


def test_a_partition_without_groups_is_one_sketch() -> None:
    frame = _partition().query("g != 'inf' and g != 'f64max'")
    got = tsd._sketch_partition(frame, ("r", None, None, None, {"r": 64}))
    want = TailSketch(64, name="r").update(frame["r"].to_numpy())
    assert got["r"].to_bytes() == want.to_bytes()
