"""``-o run.csv`` of an analysis by several columns (``tailstat/_table_rows.py``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tailstat.cli import main


def test_a_csv_of_groups_by_several_columns_has_one_column_each(tmp_path, capsys) -> None:
    """Review 426: the CSV held only the key's text, "('a', 0)", which a spreadsheet cannot
    split back; each --by column now has its own column beside the key (a name the table
    has already is prefixed by_)."""
    rng = np.random.default_rng(0)
    path = tmp_path / "t.csv"
    pd.DataFrame({"model": np.repeat(["a", "b"], 2000), "n": np.tile([0, 1], 2000),
                  "reward": rng.normal(size=4000)}).to_csv(path, index=False)
    out = tmp_path / "out.csv"
    assert main(["classify", str(path), "--column", "reward", "--by", "model", "--by", "n",
                 "-q", "--no-goodhart", "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:4]) == ["group", "model", "by_n", "n"]
    assert list(table["group"]) == ["('a', 0)", "('a', 1)", "('b', 0)", "('b', 1)"]
    assert list(table["model"]) == ["a", "a", "b", "b"] and list(table["by_n"]) == [0, 1, 0, 1]
    assert list(table["n"]) == [1000] * 4
    one = tmp_path / "one.csv"
    assert main(["classify", str(path), "--column", "reward", "--by", "model", "-q",
                 "--no-goodhart", "-o", str(one)]) == 0
    assert list(pd.read_csv(one).columns[:2]) == ["group", "n"]
