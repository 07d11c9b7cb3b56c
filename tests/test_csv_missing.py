"""Missing values and stray text in ';' and tab files with a decimal comma
(``tailstat/data/_csv_missing.py``): a review found a blank field refused, and a '-' named
as a valid number ('0,0254' at row 0) with advice to use the separator the file had."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import tailstat as ts
from tailstat.data import check_sample, read_table

WORDS = [" ", "NaN ", "none", "1.#QNAN", "NA", ""]
STRAY = ["-", "?", "#DIV/0!", "#VALUE!", "#NUM!", "missing", "nil", "\u2014"]


def _file(path: Path, sep: str, odd: str) -> Path:
    rows = ["a;0,0254", "b;1,5", "b;2,5", "b;3,5", "a;1,25", f"a;{odd}", "b;2,25"]
    rows += [f"a;{i},5" for i in range(60)]
    path.write_text(f"model{sep}reward\n" + "".join(r.replace(";", sep) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("sep", [";", "\t"])
@pytest.mark.parametrize("word", WORDS)
def test_missing_words_among_decimal_commas_are_missing(tmp_path: Path, sep: str,
                                                        word: str) -> None:
    df = read_table(_file(tmp_path / "e.csv", sep, word))
    assert df["reward"].dtype.kind == "f"
    assert df["reward"].iloc[:2].tolist() == [0.0254, 1.5] and np.isnan(df["reward"].iloc[5])
    sample = check_sample(df, "reward")
    assert (sample.n, sample.n_nan_dropped) == (66, 1)


@pytest.mark.parametrize("sep", [";", "\t"])
@pytest.mark.parametrize("word", STRAY)
def test_stray_text_among_decimal_commas_is_the_value_named(tmp_path: Path, sep: str,
                                                            word: str) -> None:
    path = _file(tmp_path / "e.csv", sep, word)
    with pytest.raises(ts.DataError, match=r"not numeric: value ") as got:
        check_sample(read_table(path), "reward")
    said = str(got.value)
    assert f"value {word!r} at row 5" in said and "0,0254" not in said
    assert "';' between fields" not in said


def test_keys_and_text_with_decimal_commas_stay_as_written(tmp_path: Path) -> None:
    """Only columns of numbers are spelled with a point: names, and codes with a leading
    zero, stay as written."""
    path = tmp_path / "k.csv"
    path.write_text("name;code;reward\n" + "".join(
        f"{n};{c};{i},5\n" for i, (n, c) in enumerate(
            [("x,y", "01,5"), ("a b", "-"), ("1,5", "02,5")] * 20)))
    df = read_table(path)
    assert df["name"].tolist()[:3] == ["x,y", "a b", "1,5"]
    assert df["code"].tolist()[:3] == ["01,5", "-", "02,5"]
    assert df["reward"].iloc[1] == 1.5


def test_text_columns_are_not_read_cell_by_cell_for_missing_words(tmp_path, monkeypatch) -> None:
    """Review 418: every text column (prompts, names) was read cell by cell for words that
    stand for missing values, 2.2 s per 5·10^6 rows; only columns mostly of numbers are."""
    import tailstat.data._csv_missing as cm
    from tailstat.data import read_table

    calls = []

    def counted(v: object) -> bool:
        calls.append(v)
        return False

    monkeypatch.setattr(cm, "_missing_text", counted)
    rows = "".join(f"prompt number {i};{i % 7},5\n" for i in range(3000))
    (tmp_path / "t.csv").write_text("prompt;reward\n" + rows + "NA;1,5\nx;-\n")
    df = read_table(tmp_path / "t.csv")
    assert df.shape == (3002, 2)
    assert calls and not any(str(v).startswith("prompt") for v in calls)  # reward cells only
