"""Numbers grouped in threes with no whole number below 1000 beside them
(``tailstat/data/_csv_grouping.py``): '85,210' alone may be 85.21 or 85210, and is said."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from tailstat.data import read_table
from tailstat.errors import InputWarning

COUNTS = np.random.default_rng(0).integers(1000, 99_999, 300)


@pytest.mark.parametrize(("name", "head", "line"), [
    ("r2.tsv", "tokens", "{v:,}"),
    ("r2.csv", "id;tokens", "{i};{d}"),
])
def test_grouped_numbers_without_whole_ones_are_said(tmp_path: Path, name: str, head: str,
                                                     line: str) -> None:
    """Review 443: token counts of 1,000 and more, written '85,210' in a TSV (or '85.210' in a
    ';' file), were read as 85.21 without a word, 1000 times too small: the rule that tells
    thousands asked for whole numbers below 1000 beside them, and with none said nothing.
    They are read as decimals (the file's mark), with the warning that names the other
    reading and how to get it."""
    path = tmp_path / name
    path.write_text(head + "\n" + "\n".join(
        line.format(i=i, v=v, d=f"{v:,}".replace(",", ".")) for i, v in enumerate(COUNTS))
        + "\n")
    with pytest.warns(InputWarning, match=r"numbers such as '\d+[.,]\d{3}' \(and no whole "
                      r"number below 1000 beside them\) are read as decimals .* may separate "
                      r"thousands .* thousands="):
        got = read_table(path)["tokens"].to_numpy()
    np.testing.assert_allclose(got, COUNTS / 1000, rtol=1e-12)


def test_a_number_grouped_twice_makes_thousands_certain(tmp_path: Path) -> None:
    """'1,234,567' can only be thousands: read so, without the warning."""
    big = np.random.default_rng(1).integers(1000, 99_999_999, 300)
    path = tmp_path / "r.tsv"
    path.write_text("tokens\n" + "\n".join(f"{v:,}" for v in big) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_table(path)["tokens"].to_numpy()
    np.testing.assert_array_equal(got, big)


def test_a_number_grouped_twice_is_thousands_in_a_comma_file_too(tmp_path: Path) -> None:
    """A quoted '1,234,567' in a comma-separated file was left as text (refused as not
    numeric) when no whole number stood beside it; it can only be thousands."""
    big = np.random.default_rng(1).integers(1_000_000, 99_999_999, 300)
    path = tmp_path / "q.csv"
    path.write_text("id,tokens\n" + "\n".join(f'{i},"{v:,}"' for i, v in enumerate(big))
                    + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_table(path)["tokens"].to_numpy()
    np.testing.assert_array_equal(got, big)
