"""A JSON-lines file with a line that is JSON but no object (``null``, ``3.5``, ``[1, 2]``)
is refused naming that line (``not_a_record_line`` in ``tailstat/data/_json_values.py``):
a review found pandas' own words, "'NoneType' object is not iterable", with no line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tailstat as ts
from tailstat.data import read_table


@pytest.mark.parametrize(("line", "said"), [("null", "(it is null)"),
                                            ("3.5", "(it is a number: 3.5)"),
                                            ("[1, 2]", "(it is an array: [1, 2])"),
                                            ('"x"', "(it is a string: \"x\")")])
def test_a_line_that_is_no_object_is_named(tmp_path: Path, line: str, said: str) -> None:
    rows = [json.dumps({"reward": i * 0.5}) for i in range(600)]
    rows.insert(500, line)
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(ts.DataError) as got:
        read_table(path)
    assert f"line 501 is not a JSON object {said}" in str(got.value)
    assert "fix or remove it" in str(got.value)
