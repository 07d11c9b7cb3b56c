"""Group keys as ``tailstat/data/_grouping.py`` forms them: ids beyond 2**53."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd

import tailstat as ts


def test_ids_beyond_2_53_stay_apart_or_are_said_to_be_at_risk(tmp_path) -> None:
    """A review: the ids 2**60 and 2**60 + 1 beside a missing id became one group without a
    word, in an object column (pandas gives the groups' index as floats) and in a JSON lines
    file (read as floats). The object column keeps them apart now; a column read as floats
    cannot, and says so."""
    r = np.random.default_rng(0).standard_t(3, 3000)
    keys = [[2**60, 2**60 + 1, None][i % 3] for i in range(3000)]
    df = pd.DataFrame({"model_id": pd.Series(keys, dtype=object), "reward": r})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.InputWarning)  # the rows without an id
        table = ts.analyze(df, "reward", by="model_id").table
    assert table["group"].tolist() == [2**60, 2**60 + 1, "<NA>"]
    assert table["n"].tolist() == [1000, 1000, 1000]
    path = tmp_path / "ids.jsonl"
    path.write_text("".join(json.dumps({"model_id": k, "reward": v}) + "\n"
                            for k, v in zip(keys, r, strict=True)), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ts.analyze(path, "reward", by="model_id")
    assert any("beyond 2**53 as floats" in str(w.message) for w in caught)
