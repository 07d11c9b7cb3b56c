"""JSON lines whose rewards are lists (several responses to one prompt): the error names the
list of numbers, not the texts beside it, and gives a fix that runs from the command line
too (``tailstat/data/_number_hints.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tailstat as ts


def _file(path: Path) -> Path:
    path.write_text("".join(json.dumps({"prompt": "p", "responses": ["a", "b"],
                                        "rewards": [0.1 * i, 0.2]}) + "\n"
                            for i in range(100)))
    return path


@pytest.mark.parametrize("column", [None, "rewards"])
def test_a_column_of_reward_lists_is_named_with_a_command_line_fix(
        tmp_path: Path, column: str | None) -> None:
    with pytest.raises(ts.DataError) as got:
        ts.check_sample(str(_file(tmp_path / "l.jsonl")), column)
    said = str(got.value)
    assert "'rewards' holds lists of values" in said and "'responses' holds" not in said
    assert "on the command line, python -c" in said and ".explode('rewards')" in said
