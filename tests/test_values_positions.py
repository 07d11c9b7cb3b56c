"""Where a bad value sits, said in the words that fit where the data came from (review 426):
a list with one boolean among its numbers is placed as a Series of them is, and a value's row
in memory is not told a file's words (header, comment lines), which a file's row still is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.errors import DataError

BODY = list(np.random.default_rng(0).standard_normal(300))


@pytest.mark.parametrize("x", [[1.0, 2.0, True, *BODY], (1.0, 2.0, np.True_, *BODY)])
def test_a_boolean_among_numbers_in_a_list_is_placed(x: list) -> None:
    with pytest.raises(DataError, match=r"booleans among its numbers: the first, True at "
                                        r"row 2 \(0-based\)\. Rewards are numbers"):
        ts.classify(x)


def test_a_list_of_booleans_is_told_how_binary_rewards_are_read() -> None:
    with pytest.raises(DataError, match=r"holds booleans, not rewards.*as 0 / 1"):
        ts.classify([True, False] * 200)


def test_in_memory_rows_are_not_told_file_words() -> None:
    s = pd.Series(["1.0", "x", *map(str, BODY)])
    with pytest.raises(DataError, match=r"value 'x' at row 1 \(0-based\) is not a number") as e:
        ts.classify(s)
    assert "header" not in str(e.value)
    moved = pd.Series(s.to_numpy(), index=range(5, 5 + s.size))
    with pytest.raises(DataError, match=r"row 1 \(0-based; index label 6\)"):
        ts.classify(moved)


def test_a_files_rows_keep_what_the_count_leaves_out(tmp_path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("reward\n1\n2\nabc\n" + "\n".join(map(str, BODY)) + "\n")
    with pytest.raises(DataError, match=r"'abc' at row 2 \(0-based, counting data rows only: "
                                        r"not a file's header, comment lines"):
        ts.classify(str(path))
