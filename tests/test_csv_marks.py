"""Point (or comma) decimals with three places in a tab or ';' file, beside small whole
numbers, are decimals, not thousands (``grouping_mark`` in
``tailstat/data/_csv_grouping.py``): a review found a TSV of scores in [1, 10] read with a mean
of 4106.7 (truth 5.49), though every whole number lay among the decimals so read."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from tailstat.data import read_table


def _scores() -> np.ndarray:
    rng = np.random.default_rng(0)
    v = np.round(rng.uniform(1, 10, 2000), 3)
    v[::4] = np.round(v[::4])
    return v


@pytest.mark.parametrize(("name", "sep", "mark"), [("r4.tsv", "\t", "."),
                                                    ("r4.csv", ";", "."),
                                                    ("r4c.tsv", "\t", ","),
                                                    ("r4c.csv", ";", ",")])
def test_three_place_decimals_beside_small_whole_numbers_are_decimals(
        tmp_path: Path, name: str, sep: str, mark: str) -> None:
    v = _scores()
    text = "".join((f"{int(x)}" if x == int(x) else f"{x:.3f}".replace(".", mark))
                   + f"{sep}a\n" for x in v)
    path = tmp_path / name
    path.write_text(f"reward{sep}model\n" + text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = read_table(path)["reward"].to_numpy()
    np.testing.assert_allclose(got, v, rtol=1e-12)
    assert got.max() == 10.0


def test_thousands_with_small_counts_below_them_stay_thousands(tmp_path: Path) -> None:
    """Token counts '1.234' ... beside whole numbers of three digits (below the thousands)
    and counts grouped twice ('1.234.567'): thousands, as before."""
    rng = np.random.default_rng(1)
    big = rng.integers(1000, 99_999, 300)
    small = rng.integers(100, 999, 100)
    vals = np.r_[big, small, [1_234_567]]
    path = tmp_path / "t.csv"
    path.write_text("model;tokens\n" + "".join(f"a;{v:,}\n".replace(",", ".") for v in vals))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_table(path)["tokens"].to_numpy()
    np.testing.assert_array_equal(got, vals)
