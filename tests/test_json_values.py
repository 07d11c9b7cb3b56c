"""Values of JSON tables as the file means them (``tailstat/data/_json_values.py``): keys
written twice in a record are refused (integers beside a missing key: tests/test_grouping.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tailstat as ts
from tailstat.data import _json_values


def _records(n: int = 600) -> list[dict]:
    r = np.random.default_rng(2).standard_t(3, n)
    return [{"g": "ab"[i % 2], "reward": float(v)} for i, v in enumerate(r)]


def test_a_key_written_twice_is_refused_in_json_lines_and_records(tmp_path: Path) -> None:
    """A review: {"g": "a", "reward": 1.2, "g": "b"} on every line was read as one group 'b'
    without a word (pandas and json keep the last value); a duplicate "reward" analysed the
    second value. CSV and Parquet refuse a duplicate column."""
    rows = _records()
    lines = tmp_path / "d.jsonl"
    lines.write_text("".join(json.dumps(r)[:-1] + ', "g": "b"}\n' for r in rows),
                     encoding="utf-8")
    with pytest.raises(ts.DataError, match="records with the key 'g' twice"):
        ts.analyze(lines, "reward", by="g")
    array = tmp_path / "d.json"
    array.write_text("[" + ",".join(json.dumps(r)[:-1] + ', "reward": 0}' for r in rows) + "]",
                     encoding="utf-8")
    with pytest.raises(ts.DataError, match="records with the key 'reward' twice"):
        ts.analyze(array, "reward")
    # the same records without the duplicates are read as they were
    clean = tmp_path / "c.jsonl"
    clean.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    table = ts.analyze(clean, "reward", by="g", warn=False).table
    assert table["group"].tolist() == ["a", "b"] and table["n"].tolist() == [300, 300]
    nested = tmp_path / "n.json"  # nested objects, each key once: read
    nested.write_text(json.dumps([{"meta": {"g": r["g"]}, "reward": r["reward"]}
                                  for r in rows]), encoding="utf-8")
    _json_values.refuse_duplicate_keys(nested, "json")


def test_only_the_first_records_are_read_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The check reads the first DUPLICATE_PROBE records, not the whole file again."""
    monkeypatch.setattr(_json_values, "DUPLICATE_PROBE", 10)
    rows = _records(40)
    path = tmp_path / "late.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:20])
                    + '{"g": "a", "g": "b", "reward": 1.0}\n', encoding="utf-8")
    _json_values.refuse_duplicate_keys(path, "jsonl")  # past the probe: not read
    monkeypatch.setattr(_json_values, "DUPLICATE_PROBE", 100)
    with pytest.raises(ts.DataError, match="the key 'g' twice"):
        _json_values.refuse_duplicate_keys(path, "jsonl")


def test_json_lines_of_arrays_with_a_missing_whole_number_are_read(tmp_path: Path) -> None:
    """A review: lines such as [1, 0.53] ... [null, 0.3] were read before, then refused ("not
    every line is a JSON object") once a whole number beside a missing one sent the file to
    be read again as records: arrays stand as pandas reads them."""
    r = np.random.default_rng(3).standard_t(3, 600)
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps([1 + i % 2, float(v)]) + "\n" for i, v in enumerate(r))
                    + json.dumps([None, 0.3]) + "\n", encoding="utf-8")
    table = ts.analyze(path, 1, by=0, warn=False).table
    assert table["n"].tolist() == [300, 300, 1]
    assert _json_values.records_of_lines(path) is None
    # and with a whole number beyond 2**53 (the other branch that reads records again)
    big = tmp_path / "b.jsonl"
    big.write_text("".join(json.dumps([1 + i % 2, float(v)]) + "\n" for i, v in enumerate(r))
                   + json.dumps([1, 1e17]) + "\n", encoding="utf-8")
    assert ts.analyze(big, 1, by=0, warn=False).table["n"].tolist() == [301, 300]
