"""Odd but plausible files, from a review of the intake (stop 61): JSON keys that are two
texts of one number, missing words in numbers written as text, a headerless file whose first
score is 'inf' or 'nan', zero-padded row ids beside whole-number rewards, and quoted cells
that span lines in a file longer than the separator's sample."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import check_sample, read_table


@pytest.mark.parametrize("keys", [("1.1", "1.10"), ("1", "1.0"), ("1e3", "1000")])
@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_json_keys_that_are_two_texts_of_one_number_stay_apart(
        tmp_path: Path, keys: tuple[str, str], suffix: str) -> None:
    """Read as numbers, "1.1" and "1.10" were one group of 600, without a word (a Parquet
    file of the same table kept them apart)."""
    rng = np.random.default_rng(0)
    rows = [{"version": keys[i // 300], "reward": float(v)}
            for i, v in enumerate(rng.standard_t(3, 600))]
    path = tmp_path / f"versions{suffix}"
    if suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    else:
        path.write_text(json.dumps(rows))
    groups = ts.check_groups(str(path), "reward", by="version")
    assert sorted(groups.sizes.items()) == sorted((k, 300) for k in keys)


def test_rewards_written_as_text_with_two_spellings_of_one_number(tmp_path: Path) -> None:
    """Such a column stays text in the file's table and is read as numbers when analysed."""
    rng = np.random.default_rng(1)
    texts = [repr(float(v)) for v in rng.standard_t(3, 500)]
    texts[5], texts[6] = "1", "1.0"
    path = tmp_path / "scores.jsonl"
    path.write_text("".join(json.dumps({"reward": t}) + "\n" for t in texts))
    sample = check_sample(str(path))
    assert sample.n == 500
    np.testing.assert_array_equal(np.sort(sample.values), np.sort([float(t) for t in texts]))


@pytest.mark.parametrize("word", ["nan", "", "NA"])
def test_missing_words_among_numbers_as_text_without_column(tmp_path: Path, word: str) -> None:
    """Refused as "'nan' is not a number" without column=, read with it."""
    rng = np.random.default_rng(2)
    texts = [repr(float(v)) for v in rng.standard_t(3, 100)] + [word]
    frame = pd.DataFrame({"reward": texts})
    before = frame.copy()
    for data in (frame, str(_jsonl(tmp_path / "t.jsonl", texts))):
        sample = check_sample(data)
        assert (sample.n, sample.n_nan_dropped) == (100, 1)
        assert check_sample(data, "reward").n == 100
    pd.testing.assert_frame_equal(frame, before)


def _jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"reward": t}) + "\n" for t in texts))
    return path


def test_a_repeated_header_and_a_missing_word_in_one_column_csv(tmp_path: Path) -> None:
    path = tmp_path / "rep.csv"
    path.write_text("reward\n1.5\nNA\n2.5\n3.1\n4.2\n5.5\n6.1\nreward\n7.7\n8.1\n")
    with pytest.warns(ts.InputWarning, match="repeats its header"):
        sample = check_sample(str(path))
    assert (sample.n, sample.n_nan_dropped) == (8, 1)


def test_a_headerless_file_whose_first_score_is_not_finite(tmp_path: Path) -> None:
    """The first line became the column's name: an 'inf' escaped its error, a NaN was not
    counted."""
    x = np.random.default_rng(3).standard_t(3, 300)
    path = tmp_path / "scores.csv"
    np.savetxt(path, np.r_[np.inf, x])
    with pytest.raises(ts.DataError, match="infinite value"), pytest.warns(
            ts.InputWarning, match="no header line"):
        check_sample(str(path))
    for first in ("nan", "NA"):
        path.write_text(first + "\n" + "".join(f"{v!r}\n" for v in x.tolist()))
        with pytest.warns(ts.InputWarning, match="no header line"):
            sample = check_sample(str(path))
        assert (sample.n, sample.n_nan_dropped) == (300, 1)
    # a header named as a word above numbers is still a header when a field of it is text
    path.write_text("reward,nan\n" + "".join(f"{v!r},{v!r}\n" for v in x.tolist()))
    assert list(read_table(str(path)).columns) == ["reward", "nan"]


def test_zero_padded_row_ids_beside_whole_number_rewards(tmp_path: Path) -> None:
    """Refused as decimals written with a comma and split ('124,00000'), though the header
    names both columns and the ids count up."""
    rng = np.random.default_rng(4)
    r = (np.abs(rng.standard_t(2, 300)) * 1000).astype(int)
    path = tmp_path / "ids.csv"
    path.write_text("reward,prompt_id\n" + "".join(f"{v},{i:05d}\n" for i, v in enumerate(r)))
    table = read_table(str(path))
    assert table["reward"].tolist() == r.tolist()
    # the halves of decimals written with a comma, without a header, are still refused
    halves = tmp_path / "halves.csv"
    halves.write_text("".join(f"{int(abs(v))},{int(abs(v) * 100) % 100:02d}\n"
                              for v in rng.normal(size=300) * 10))
    with pytest.raises(ts.DataError, match="misread"):
        read_table(str(halves))


@pytest.mark.parametrize("sep", [";", "\t"])
def test_quoted_cells_over_several_lines_past_the_sample(tmp_path: Path, sep: str) -> None:
    """The separator's sample (200 lines) ended inside a quoted prompt: no separator split
    every line alike, and the file was read as one column."""
    rng = np.random.default_rng(5)
    lines = [f"prompt{sep}model{sep}reward"]
    for i, v in enumerate(rng.normal(size=150)):
        lines.append(f'"first line\nsecond line"{sep}m{i % 3}{sep}{v!r}')
    path = tmp_path / "prompts.csv"
    path.write_text("\n".join(lines) + "\n")
    table = read_table(str(path))
    assert list(table.columns) == ["prompt", "model", "reward"]
    assert table.shape == (150, 3)


def test_rows_keyed_by_ids_that_are_not_numbers(tmp_path: Path) -> None:
    """pandas' orient="index" with prompt ids as keys was read on its side: a column per
    row ('ex0', 'ex1', ...)."""
    rng = np.random.default_rng(6)
    frame = pd.DataFrame({"model": ["a", "b"] * 100, "reward": rng.standard_t(3, 200)},
                         index=[f"ex{i}" for i in range(200)])
    path = tmp_path / "rows.json"
    frame.to_json(path, orient="index", double_precision=15)
    table = read_table(str(path))
    assert list(table.columns) == ["id", "model", "reward"]
    assert table["id"].tolist() == list(frame.index)
    np.testing.assert_allclose(table["reward"].to_numpy(), frame["reward"].to_numpy(),
                               rtol=1e-13)



def test_a_column_that_holds_no_value_is_not_a_candidate(tmp_path: Path) -> None:
    """'several numeric columns ['reward', 'Unnamed: 2']' for a trailing comma on every line,
    and beside an all-null Parquet column."""
    x = np.random.default_rng(8).standard_t(3, 300)
    trail = tmp_path / "trail.csv"
    trail.write_text("model,reward,\n" + "".join(f"m,{v!r},\n" for v in x.tolist()))
    null_id = tmp_path / "null_id.parquet"
    pd.DataFrame({"reward": x, "id": pd.array([None] * 300, dtype="Int64")}).to_parquet(null_id)
    for path in (trail, null_id):
        sample = check_sample(str(path))
        assert sample.n == 300 and sample.name == "reward"
    # two columns that both hold values are still two candidates
    both = pd.DataFrame({"a": x, "b": x + 1.0, "c": np.nan})
    with pytest.raises(ts.DataError, match=r"several numeric columns \['a', 'b'\]"):
        check_sample(both)


def test_a_column_of_a_rewardbench_file_names_the_reader(tmp_path: Path) -> None:
    """'unknown column 'scores_chosen'; the data has columns ['score', 'subset']': a column
    the file has, denied beside columns it does not have, with no word of the reshaping."""
    rng = np.random.default_rng(9)
    path = tmp_path / "rb.jsonl"
    path.write_text("".join(json.dumps({"subset": "s", "scores_chosen": float(c),
                                        "scores_rejected": float(r), "results": int(c > r)})
                            + "\n" for c, r in zip(rng.normal(1, 1, 200),
                                                   rng.normal(0, 1, 200), strict=True)))
    with pytest.raises(ts.DataError, match=r"read as RewardBench outputs.*--format jsonl"):
        check_sample(str(path), "scores_chosen")
    assert check_sample(read_table(str(path), format="jsonl"), "scores_chosen").n == 200


def test_integers_of_a_json_lines_file_stay_exact(tmp_path: Path) -> None:
    """Ids beyond 2**53 beside a missing one were read as floats (four ids, three groups);
    ids beyond 64 bits made the whole file unreadable ('Value is too big!')."""
    x = np.random.default_rng(10).standard_t(3, 200)
    keys: list[int | None] = [2**53 + 2 * (i % 4) + 1 for i in range(200)]
    keys[0] = None
    ids = tmp_path / "ids.jsonl"
    ids.write_text("".join(json.dumps({"user": k, "reward": float(v)}) + "\n"
                           for k, v in zip(keys, x, strict=True)))
    groups = ts.check_groups(str(ids), "reward", by="user")
    assert sorted(map(str, groups.sizes)) == sorted(
        [*(str(2**53 + 2 * j + 1) for j in range(4)), "<NA>"])
    hashes = tmp_path / "hash.jsonl"
    hashes.write_text("".join(json.dumps({"id": 2**64 + i, "reward": float(v)}) + "\n"
                              for i, v in enumerate(x)))
    table = read_table(str(hashes))
    assert table["id"].tolist() == [2**64 + i for i in range(200)]
    np.testing.assert_array_equal(table["reward"].to_numpy(), x)


def test_a_csv_key_column_with_a_missing_word_stays_integers(tmp_path: Path) -> None:
    x = np.random.default_rng(11).standard_t(3, 300)
    path = tmp_path / "na.csv"
    path.write_text("k,reward\n" + "".join(f"{['1', '2', 'NA'][i % 3]},{v!r}\n"
                                           for i, v in enumerate(x.tolist())))
    keys = list(ts.check_groups(str(path), "reward", by="k").sizes)
    assert [repr(k) for k in keys] == ["1", "2", "'<NA>'"]


def test_np_savetxt_headers_and_footers(tmp_path: Path) -> None:
    """np.savetxt writes its header as '# reward' (the column was named so: "unknown column
    'reward'") and its footer as a last line '# ...' (a group of its own, or a one-column
    file's rewards 'not numeric')."""
    rng = np.random.default_rng(12)
    x = rng.standard_t(3, 300)
    one = tmp_path / "one.csv"
    np.savetxt(one, x, header="reward", footer="end of data")
    with pytest.raises(ts.DataError, match=r"Did you mean '# reward'\?"), pytest.warns(
            ts.InputWarning, match="comments"):
        check_sample(str(one), "reward")
    with pytest.warns(ts.InputWarning, match="comments .*'# end of data'.*skipped"):
        sample = check_sample(str(one), "# reward")
    np.testing.assert_array_equal(np.sort(sample.values), np.sort(x))
    two = tmp_path / "two.csv"
    np.savetxt(two, np.c_[np.arange(300) % 2, x], delimiter=",", header="model,reward",
               footer="end", fmt="%.17g")
    with pytest.warns(ts.InputWarning, match="comments"):
        groups = ts.check_groups(str(two), "reward", by="# model")
    assert sorted(groups.sizes.items()) == [(0, 150), (1, 150)]
    # spreadsheet values that start with '#' are no comments (nor is a row with values)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("model,reward\n" + "".join(f"m,{v!r}\n" for v in x.tolist())
                     + "".join(f"#N/A,{v!r}\n" for v in x[:40].tolist()))
    assert read_table(str(sheet))["model"].value_counts().to_dict() == {"m": 300, "#N/A": 40}
    spaced = tmp_path / "spaced.txt"
    np.savetxt(spaced, np.c_[np.arange(300) % 2, x], header="model reward",
               footer="end of data", fmt="%.17g")
    with pytest.warns(ts.InputWarning, match="comments"):
        groups = ts.check_groups(str(spaced), "reward", by="model")
    assert sorted(groups.sizes.items()) == [(0, 150), (1, 150)]


def test_a_series_saved_by_pandas_keeps_its_header(tmp_path: Path) -> None:
    """A review: the header ',0' that Series.to_csv writes was read as data once empty
    fields counted as missing words (a row of 0.0 added, the columns renamed)."""
    x = np.random.default_rng(13).standard_t(3, 300)
    path = tmp_path / "s.csv"
    pd.Series(x).to_csv(path)
    table = read_table(str(path))
    assert table.shape == (300, 2) and list(table.columns)[1] == "0"


def test_a_wide_json_table_of_scores_is_not_read_on_its_side(tmp_path: Path) -> None:
    """A review of the orient='index' reading: a table of 130 models' scores on 60 named
    prompts (pandas' default to_json) was read transposed, since it has more columns than
    twice its rows; its columns hold numbers only, no record's mixed fields."""
    rng = np.random.default_rng(14)
    wide = pd.DataFrame(rng.normal(size=(60, 130)), columns=[f"rm_{i}" for i in range(130)],
                        index=[f"p{i}" for i in range(60)])
    path = tmp_path / "wide.json"
    wide.to_json(path, double_precision=15)
    table = read_table(str(path))
    assert table.shape == (60, 130) and list(table.columns) == list(wide.columns)


def test_integers_of_a_json_array_of_records_stay_exact(tmp_path: Path) -> None:
    """A review of the JSON-lines fix: the same ids in a JSON array of records (to_json with
    orient='records') were still merged, with CSV-only advice; and small integers beside a
    missing value, kept as Python objects, read as 'numbers of a type numpy does not'."""
    rng = np.random.default_rng(15)
    records = [{"user_id": (2**60 + i % 4) if i != 5 else None,
                "reward": float(rng.standard_normal())} for i in range(4000)]
    path = tmp_path / "uid.json"
    path.write_text(json.dumps(records))
    table = ts.analyze(str(path), "reward", by="user_id", warn=False).to_frame()
    assert sorted(table["n"].tolist()) == [1, 999, 1000, 1000, 1000]
    ids = tmp_path / "ids.jsonl"
    ids.write_text("".join(json.dumps({"id": (2**60 + i) if i != 5 else None,
                                       "reward": int(rng.poisson(5)) if i != 7 else None})
                           + "\n" for i in range(2000)))
    with pytest.raises(ts.DataError, match=r"several numeric columns \['id', 'reward'\]"):
        check_sample(str(ids))


def test_second_reread_mends(tmp_path: Path) -> None:
    """A second review of this stop's mends: numeric records keyed by id were read on their
    side again; a headerless first row with an empty field became the header; a savetxt
    footer holding the separator ('# n=300, seed=0') was no longer skipped."""
    rng = np.random.default_rng(16)
    records = {f"ex{i}": {"reward": float(rng.normal()), "gold": float(rng.normal())}
               for i in range(300)}
    path = tmp_path / "rec.json"
    path.write_text(json.dumps(records))
    assert list(read_table(str(path)).columns) == ["id", "reward", "gold"]
    headerless = tmp_path / "h.csv"
    headerless.write_text("0.5,\n" + "".join(f"{v!r},{w!r}\n" for v, w in
                                                rng.normal(size=(300, 2)).tolist()))
    with pytest.warns(ts.InputWarning, match="no header line"):
        table = read_table(str(headerless))
    assert table.shape == (301, 2) and table.iloc[0, 0] == 0.5
    footer = tmp_path / "f.csv"
    np.savetxt(footer, rng.normal(size=(300, 2)), delimiter=",", header="reward,gold",
               footer="n=300, seed=0")
    with pytest.warns(ts.InputWarning, match="comments"):
        assert len(read_table(str(footer))) == 300


def test_a_format_the_files_name_contradicts_is_told_to_leave_it_out(tmp_path) -> None:
    """Review 401: ``--format parquet`` on a .csv, or ``--format json`` on a .jsonl, gave the
    parser's message alone, with nothing to do."""
    df = pd.DataFrame({"reward": np.random.default_rng(0).normal(size=50)})
    csv, jsonl = tmp_path / "s.csv", tmp_path / "s.jsonl"
    df.to_csv(csv, index=False)
    df.to_json(jsonl, orient="records", lines=True)
    with pytest.raises(ts.DataError, match=r"Its name says csv: leave --format out"):
        read_table(csv, format="parquet")
    with pytest.raises(ts.DataError, match=r"\)\. Its name says jsonl: leave --format out"):
        read_table(jsonl, format="json")
