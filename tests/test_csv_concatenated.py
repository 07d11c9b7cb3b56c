"""CSV files concatenated with their comment lines and headers (``tailstat/data/_csv_lines.py``)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from tailstat.data import read_table
from tailstat.errors import InputWarning


@pytest.mark.parametrize("columns", [["g", "reward"], ["reward"]])
def test_the_next_parts_comment_lines_are_skipped_with_its_header(tmp_path, columns) -> None:
    """Review 426: the comment lines above the first header were skipped, those above a
    repeated one (``cat a.csv b.csv`` of files with a preamble) read as data: groups
    "# produced by x" of one missing reward, which failed ``--fail-on``."""
    rng = np.random.default_rng(0)
    part = pd.DataFrame({"g": ["a"] * 50, "reward": rng.normal(size=50)})[columns]
    one = tmp_path / "one.csv"
    with open(one, "w") as f:
        f.write("# produced by x, seed 3\n# another\n")
        part.to_csv(f, index=False)
    both = tmp_path / "both.csv"
    both.write_text(one.read_text() * 2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = read_table(str(both))
    assert list(table.columns) == columns and len(table) == 100
    assert table["reward"].to_numpy() == pytest.approx(np.tile(part["reward"], 2), abs=1e-15)
    if "g" in columns:
        assert set(table["g"]) == {"a"}
    said = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    assert any("first as data row 50," in m and "with the 2 comment line(s) above them "
               "('# produced by x" in m for m in said), said


@pytest.mark.parametrize("preamble", ["# seed,42\n", "sep=,\n# c\n"])
def test_a_parts_preamble_with_fields_is_skipped_above_a_repeat_as_at_the_top(
        tmp_path, preamble) -> None:
    """Review 429: above a repeated header, '# seed,42' (a number in a later field) was read
    as a reward of 42 in a group '# seed', and Excel's 'sep=,' line as a group 'sep='; at
    the top of the file both are skipped."""
    part = pd.DataFrame({"g": ["a"] * 5, "reward": np.arange(5.0)})
    one = tmp_path / "one.csv"
    with open(one, "w") as f:
        f.write(preamble)
        part.to_csv(f, index=False)
    both = tmp_path / "both.csv"
    both.write_text(one.read_text() * 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        table = read_table(str(both))
    assert set(table["g"]) == {"a"} and list(table["reward"]) == [0.0, 1, 2, 3, 4] * 2
