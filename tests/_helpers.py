"""Helpers shared by the test modules (not a test module itself)."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

import tailstat


@contextmanager
def raises_data_error(*words: str):
    """``pytest.raises(DataError)`` whose message contains every word (case-insensitive)."""
    with pytest.raises(tailstat.DataError) as info:
        yield info
    err = info.value
    assert isinstance(err, ValueError), "DataError must also be a ValueError"
    assert isinstance(err, tailstat.TailstatError)
    msg = str(err).lower()
    missing = [w for w in words if w.lower() not in msg]
    assert not missing, f"message {str(err)!r} lacks {missing}"


def write_table(tmp_path: Path, kind: str, df: pd.DataFrame) -> Path:
    """Write ``df`` as ``rewards.<kind>`` (parquet, csv or exactly round-tripping jsonl)."""
    path = tmp_path / f"rewards.{kind}"
    if kind == "parquet":
        df.to_parquet(path)
    elif kind == "csv":
        df.to_csv(path, index=False)
    elif kind == "jsonl":
        # json.dumps writes the shortest repr that round-trips a float64 exactly
        with path.open("w") as fh:
            for rec in df.to_dict("records"):
                fh.write(json.dumps({k: (float(v) if isinstance(v, float) else v)
                                     for k, v in rec.items()}) + "\n")
    return path
