"""RewardBench outputs read into tables (``read_rewardbench`` of ``tailstat/data/readers.py``):
margins over score lists, and num_correct checked against each row's scores. The file
layouts and the analyses they give are in ``tests/test_readers.py``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.data import read_rewardbench, read_table
from tailstat.data.intake import check_sample


def test_rewardbench_margin_ignores_missing_scores_in_lists() -> None:
    """Python's max() over a list holding NaN gave a margin that depended on where the NaN
    sat (NaN first: NaN; later: ignored). Missing scores inside a list are left out, with a
    warning counting the rows; a side with no score gives NaN; several chosen: the smallest."""
    df = pd.DataFrame({"subset": ["s"] * 5,
                       "scores_chosen": [[1.0], [1.0], [2.0, None, 1.5], [None, None], 3.0],
                       "scores_rejected": [[None, 0.5, 0.7], [0.5, None, 0.7], [0.5], [0.1],
                                           None]})
    before = df.copy()
    with pytest.warns(ts.TailstatWarning, match="4 of the 5 RewardBench rows hold missing"):
        m = read_table(df, format="rewardbench", scores="margin")["margin"]
    np.testing.assert_allclose(m[:3], [0.3, 0.3, 1.0])
    assert m[3:].isna().all()  # no chosen score; no rejected score: no margin
    pd.testing.assert_frame_equal(df, before)
    with warnings.catch_warnings():  # complete lists and plain numbers: nothing to say
        warnings.simplefilter("error", ts.TailstatWarning)
        read_table(df[["subset"]].assign(scores_chosen=[[2.0, 1.0]] * 5, scores_rejected=[
            [0.5, 0.7], [0.7], np.nan, [None], 0.2]), format="rewardbench", scores="margin")


def test_a_number_in_a_scores_cell_is_one_score_for_num_correct() -> None:
    """A review: a RewardBench 2 cell holding one number is one score, but its num_correct
    was not checked against it (num_correct 3 left the rejected side silently empty)."""
    table = pd.DataFrame({"scores": [[0.5, 0.4, 0.3, 0.2], 0.1], "num_correct": [1, 3]})
    with raises_data_error("row 1 (counting from 0) has 'num_correct' 3 but 1 score(s)"):
        read_rewardbench(table, scores="rejected")
    ok = pd.DataFrame({"scores": [[0.5, 0.4, 0.3, 0.2], None], "num_correct": [1, 3]})
    assert len(read_rewardbench(ok, scores="chosen")) == 2  # a null cell: nothing to check


def test_boolean_scores_are_refused() -> None:
    """A review: JSON true/false scores were read as 1.0/0.0, where every other reader
    refuses booleans as rewards."""
    df = pd.DataFrame({"subset": ["s"] * 3, "scores_chosen": [2.5, 3.0, 1.0],
                       "scores_rejected": [True, False, [True, 0.2]]})
    with raises_data_error("holds True, not a number"):
        read_rewardbench(df, scores="rejected")


@pytest.mark.parametrize("side", ["scores_chosen", "scores_rejected"])
def test_rewardbench_margin_refuses_an_infinite_score(side: str) -> None:
    """inf - inf is NaN, which the intake dropped as a missing margin (exit 0), while the same
    file with --scores chosen was refused for its infinite reward (a review); then the whole
    run failed where --scores chosen fails only the group holding it. An infinite score beside
    finite ones (which min/max could pass over) makes the margin infinite too."""
    rows = {"subset": ["a", "a", "a", "b", "b", "b"],
            "scores_chosen": [[1.0], [2.0, 3.0], [0.5], [1.0], [2.0], [0.4]],
            "scores_rejected": [[0.0], [1.5], [0.1], [0.2], [0.3], [0.1]]}
    rows[side][1] = [np.inf, 1.0]
    df = pd.DataFrame(rows)
    if side == "scores_chosen":
        df.loc[1, "scores_rejected"] = [np.inf]
    margins = read_rewardbench(df, "margin")
    assert margins["margin"].tolist() == [1.0, np.inf, 0.4, 0.8, 1.7, 0.30000000000000004]
    with raises_data_error("position 1", "infinite"):
        check_sample(margins.loc[margins["subset"] == "a", "margin"], min_size=1)
    b = check_sample(margins.loc[margins["subset"] == "b", "margin"], min_size=1)
    assert b.n == 3  # the other group is read


def test_rewardbench_2_without_num_correct_names_the_file_once(tmp_path, capsys) -> None:
    """A review: "f20.json: in-memory table: RewardBench 2 rows need 'num_correct' ...; use
    --scores both" (the file named, then the table it was read into; and a command-line
    option in the Python API's message)."""
    import json

    from tailstat.cli import main

    rows = [{"id": i, "subset": "Focus", "scores": [0.1 * i, 1.0, -1.0, 0.5]}
            for i in range(300)]
    path = tmp_path / "f20.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ts.DataError) as err:
        ts.data.read_rewardbench(path)
    assert str(err.value).startswith(f"{path}: RewardBench 2 rows need 'num_correct'")
    assert "in-memory table" not in str(err.value) and "scores='both'" in str(err.value)
    assert main(["classify", str(path), "-q"]) == 2
    said = capsys.readouterr().err
    assert "f20.json: RewardBench 2" in said and "in-memory" not in said
    assert said.rstrip().endswith("read every score, sides unknown, with --scores both.")
    # analyze() has no scores=: the Python message names the reader that has (a review)
    assert "tailstat.data.read_table(path, scores='both')" in str(err.value)
    assert "tailstat.data" not in said


def test_a_polars_frame_is_read_with_the_format_and_options_given() -> None:
    """A review: read_table(polars_frame, format="rewardbench", scores="margin") returned the
    raw table (format= ignored), and an option no reader of it takes (step_bins=) was
    accepted in silence; a pandas frame of the same rows is reshaped, or refused."""
    import polars as pl

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"id": range(300), "subset": "s", "scores_chosen": rng.normal(size=300),
                       "scores_rejected": rng.normal(size=300)})
    got = read_table(pl.from_pandas(df), format="rewardbench", scores="margin")
    want = read_table(df, format="rewardbench", scores="margin")
    pd.testing.assert_frame_equal(got, want)
    with raises_data_error("step_bins= is for TRL completion logs"):
        read_table(pl.from_pandas(df), step_bins=5)


def _rb2_rows(rng: np.random.Generator) -> pd.DataFrame:
    rows = [{"id": f"{s}-{i}", "subset": s, "num_correct": 1 if s != "Ties" else 2,
             "scores": [round(float(x), 4) for x in rng.gumbel(size=5)]}
            for s in ("Math", "Ties") for i in range(200)]
    return pd.DataFrame(rows)


def test_rewardbench_2_rows_saved_as_csv_are_read_as_rewardbench(tmp_path) -> None:
    """Saved as CSV, the ``scores`` lists become text ("[-0.01, 1.15, ...]"), and
    ``num_correct``, the only numeric column, was analysed as the rewards: "num_correct
    1200 bounded (0.98)", exit 0 (a review)."""
    rows = _rb2_rows(np.random.default_rng(0))
    rows.loc[3, "scores"] = [1.0, float("nan"), 2.0, 3.0, 4.0]  # written "nan" by pandas
    path = tmp_path / "rb2.csv"
    rows.to_csv(path, index=False)
    from_csv = read_table(str(path))
    in_memory = read_rewardbench(rows)
    pd.testing.assert_frame_equal(from_csv.reset_index(drop=True)[["score", "subset"]],
                                  in_memory.reset_index(drop=True)[["score", "subset"]])
    assert from_csv.attrs["tailstat_column"] == "score"
    explicit = read_rewardbench(str(path), "rejected")  # --format rewardbench: refused before
    assert len(explicit) == 200 * 4 + 200 * 3


def test_a_bad_num_correct_is_named_once_with_the_file(tmp_path) -> None:
    """"rb2.jsonl: in-memory table: row 10 ...": the file was named twice, the second time
    as an in-memory table (a review)."""
    rows = _rb2_rows(np.random.default_rng(1))
    rows.loc[10, "num_correct"] = 7
    path = tmp_path / "rb2.jsonl"
    rows.to_json(path, orient="records", lines=True)
    with pytest.raises(ts.DataError) as err:
        read_table(str(path))
    assert "in-memory table" not in str(err.value) and "row 10" in str(err.value)


def test_score_lists_written_as_numpy_and_arrow_write_them_are_read(tmp_path) -> None:
    """Lists saved through Arrow or datasets become arrays, written "[ 0.34  0.82 -1.3 ]";
    numpy 2 writes a float in a list as "np.float64(0.49)"; a missing score is "None".
    Any of them made the whole column fall back to a plain table, and num_correct was
    analysed again (a review). A cell that is no list of numbers is an error naming its row."""
    rows = _rb2_rows(np.random.default_rng(2))
    expected = read_rewardbench(rows)
    forms = {
        "array": rows.assign(scores=[np.array(v) for v in rows["scores"]]),
        "np_float": rows.assign(scores=[[np.float64(x) for x in v] for v in rows["scores"]]),
    }
    for name, frame in forms.items():
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        got = read_table(str(path))
        np.testing.assert_allclose(got["score"].to_numpy(), expected["score"].to_numpy(),
                                   rtol=1e-12)
    holes = rows.copy()
    holes.at[5, "scores"] = [0.1, None, 0.2, 0.3, 0.4]
    holes.to_csv(tmp_path / "none.csv", index=False)
    got = read_table(str(tmp_path / "none.csv"), scores="both")
    assert got["score"].isna().sum() == 1
    bad = rows.copy()
    bad.at[7, "scores"] = "[0.1, oops]"
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with raises_data_error("bad.csv", "row 7", "no list of numbers", "JSONL or Parquet"):
        read_table(str(tmp_path / "bad.csv"))


def test_errors_name_the_row_of_the_file_not_of_the_reshaped_table(tmp_path) -> None:
    """A review (noticed in stop 58): with --scores both (or several scores in a row) the
    analysis named an infinite score by its row in the reshaped table (row 3009 of a file of
    3,000 rows), and a score that is not a number by no row at all. The table is indexed by
    the file's row, which both errors name."""
    rows = {"subset": ["a"] * 40, "scores_chosen": [[float(i)] for i in range(40)],
            "scores_rejected": [[float(i) / 2, 0.1] for i in range(40)]}
    rows["scores_rejected"][9] = [np.inf, 0.5]
    table = read_rewardbench(pd.DataFrame(rows), "both")
    assert table.index.name == "file_row"
    assert table.index[table["score"] == np.inf].tolist() == [9]
    err = str(ts.check_groups(table).samples["a"])
    assert "row 58 of the table (0-based; file_row 9)" in err, err
    rows["scores_chosen"][7] = ["abc"]
    with raises_data_error("row 7 (counting from 0)", "'abc'", "scores_chosen"):
        read_rewardbench(pd.DataFrame(rows), "chosen")
    margins = read_rewardbench(pd.DataFrame({**rows, "scores_chosen": [[1.0]] * 40}), "margin")
    assert margins.index.name == "file_row" and margins.index.equals(pd.RangeIndex(40))


def test_a_detected_rewardbench_file_is_named_in_its_errors(tmp_path) -> None:
    """A review (stop 60): detected as RewardBench (no format=), a bad score's error named
    its row but not the file."""
    import json

    path = tmp_path / "out.jsonl"
    rows = [{"subset": "s", "scores_chosen": [1.0], "scores_rejected": [0.5]}] * 30
    rows = [*rows[:7], {**rows[7], "scores_rejected": ["abc"]}, *rows[8:]]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    for fmt in (None, "rewardbench"):
        with raises_data_error(f"{path}: row 7 (counting from 0)", "'abc'"):
            read_table(path, format=fmt, scores="both")


def test_rewardbench_2_without_num_correct_does_not_label_its_scores() -> None:
    """A review: every score, the chosen ones too, was labelled 'rejected'."""
    df = pd.DataFrame({"subset": ["Focus"] * 2,
                       "scores": [[2.0, 0.1, 0.2, 0.3], [1.5, 0.4, 0.0, -1.0]]})
    both = read_rewardbench(df, "both")
    assert len(both) == 8 and both["which"].isna().all()


def test_rewardbench_1_lists_saved_as_csv_are_read(tmp_path) -> None:
    """A review: RewardBench 2 lists written as text were parsed, RewardBench 1 ones refused
    ("holds '[0.34]', not a number")."""
    rng = np.random.default_rng(0)
    rows = pd.DataFrame({"subset": ["a"] * 100,
                         "scores_chosen": [[x] for x in rng.normal(size=100)],
                         "scores_rejected": [list(rng.normal(size=3)) for _ in range(100)]})
    path = tmp_path / "rb1.csv"
    rows.to_csv(path, index=False)
    margin = read_rewardbench(str(path), "margin")["margin"].to_numpy()
    expected = [c[0] - max(r) for c, r in zip(rows["scores_chosen"], rows["scores_rejected"],
                                              strict=True)]
    np.testing.assert_allclose(margin, expected, rtol=1e-12)


def test_a_bad_rewardbench_1_list_is_named_by_its_column(tmp_path) -> None:
    rows = pd.DataFrame({"subset": ["a"] * 60,
                         "scores_chosen": [f"[{0.1 * i}]" for i in range(60)],
                         "scores_rejected": ["[0.5, 0.2]"] * 60})
    rows.loc[3, "scores_chosen"] = "[0.5, abc]"
    path = tmp_path / "v1bad.csv"
    rows.to_csv(path, index=False)
    with raises_data_error("'scores_chosen' cell", "rewardbench outputs as jsonl"):
        read_rewardbench(str(path), "margin")


@pytest.mark.parametrize("scores", ["chosen", "rejected", "both"])
def test_an_empty_score_list_is_one_missing_score_not_a_lost_row(scores: str) -> None:
    """Review 384: a RewardBench 1 row whose score list was empty vanished from the table
    with chosen, rejected and both (a null cell was counted as missing, and the margin
    counted it); RewardBench 2's empty list lost the row on both sides."""
    rng = np.random.default_rng(20)
    v1 = pd.DataFrame({"subset": ["s"] * 6,
                       "scores_chosen": [[float(x)] for x in rng.normal(size=6)],
                       "scores_rejected": [[float(x)] for x in rng.normal(size=6)]})
    v1.at[3, "scores_chosen"] = []
    v1.at[4, "scores_rejected"] = []
    t = read_rewardbench(v1, scores=scores)
    per_side = 2 if scores == "both" else 1
    assert len(t) == 6 * per_side  # every row of every side read, an empty one as missing
    assert int(t["score"].isna().sum()) == (2 if scores == "both" else 1)
    # RewardBench 2: an empty list reads as a null cell does, whatever num_correct says
    # (review 389: with num_correct = 1 it was refused, without it counted twice)
    for ncorr in ([1, 1, 1], [1, 0, 1], None):
        frames = []
        for empty in ([], None):
            v2 = pd.DataFrame({"subset": ["s"] * 3,
                               "scores": [[0.5, 0.1], empty, [0.7, 0.2, 0.3]]})
            if ncorr is not None:
                v2["num_correct"] = ncorr
            elif scores != "both":
                continue
            frames.append(read_rewardbench(v2, scores=scores))
        if frames:
            pd.testing.assert_frame_equal(frames[0], frames[1])
            assert frames[0]["score"].isna().sum() <= 1


def test_rewardbench_2_rows_in_memory_are_read_as_a_file_of_them() -> None:
    """A review: RewardBench 2 rows passed as a frame (as pd.read_json(lines=True), pyarrow or
    polars give them) were analysed as their only numeric column, num_correct ("bounded
    (0.98)"), while the same rows in a file were read by subset."""
    rng = np.random.default_rng(0)
    rows = []
    for s in ("Factuality", "Math"):
        for j in range(200):
            rows.append({"id": f"{s}-{j}", "subset": s, "num_correct": 1,
                         "scores": rng.normal(size=4).tolist()})
    df = pd.DataFrame(rows)
    before = df.copy()
    got = ts.analyze(df, warn=False).table
    assert dict(zip(got["group"], got["n"], strict=True)) == {"Factuality": 200, "Math": 200}
    pd.testing.assert_frame_equal(df, before)
    import pyarrow as pa

    arrow = ts.analyze(pa.Table.from_pandas(df), warn=False).table
    assert arrow["n"].tolist() == got["n"].tolist()
    # a table of the caller's with a column of lists named "scores" is not one (a review of
    # the change: it was read as RewardBench 2 and refused for want of num_correct)
    own = pd.DataFrame({"g": np.repeat(["a", "b"], 200), "reward": rng.standard_t(3, 400),
                        "scores": [rng.normal(size=3).tolist() for _ in range(400)]})
    mine = ts.analyze(own, column="reward", by="g", warn=False).table
    assert mine["n"].tolist() == [200, 200]


def test_several_models_in_one_file_are_kept_apart(tmp_path) -> None:
    """A review: a file holding two models' outputs (a model column) was read by subset
    alone, the models pooled, and --by model was an unknown column; one model's column (as
    RewardBench writes a file) adds no group."""
    rng = np.random.default_rng(5)
    rows = [{"model": m, "id": i, "subset": s, "scores_chosen": float(d()),
             "scores_rejected": float(d())}
            for m, d in (("rm-light", rng.normal), ("rm-heavy", rng.standard_cauchy))
            for s in ("chat", "safety") for i in range(200)]
    path = tmp_path / "all_outputs.jsonl"
    pd.DataFrame(rows).to_json(path, orient="records", lines=True)
    got = ts.analyze(path, warn=False).table
    assert sorted(map(tuple, got["group"])) == [("rm-heavy", "chat"), ("rm-heavy", "safety"),
                                               ("rm-light", "chat"), ("rm-light", "safety")]
    assert got["n"].tolist() == [200] * 4
    one = tmp_path / "one_outputs.jsonl"
    pd.DataFrame(rows[:400]).to_json(one, orient="records", lines=True)
    assert list(read_table(one).columns) == ["score", "subset", "id"]


def test_json_lines_in_a_json_file_read_under_the_named_format(tmp_path) -> None:
    """A review: RewardBench (or TRL) rows written as JSON lines into a .json file were read
    when the format was sniffed, and refused as "not valid JSON (Extra data)" with
    format='rewardbench' (--format rewardbench)."""
    rng = np.random.default_rng(0)
    path = tmp_path / "rb_lines.json"
    pd.DataFrame({"id": range(400), "subset": np.repeat(["a", "b"], 200),
                  "scores_chosen": rng.normal(size=400), "scores_rejected": rng.normal(size=400)}
                 ).to_json(path, orient="records", lines=True)
    sniffed = read_table(path, scores="margin")
    named = read_table(path, format="rewardbench", scores="margin")
    pd.testing.assert_frame_equal(named, sniffed)
    trl = tmp_path / "trl_lines.json"
    pd.DataFrame({"step": np.repeat([1, 2], 50), "prompt": "p", "completion": "c",
                  "reward": rng.normal(size=100), "advantage": 0.0}
                 ).to_json(trl, orient="records", lines=True)
    assert len(read_table(trl, format="trl", by="step")) == 100


def test_a_csv_mixing_single_scores_and_lists_reads_as_its_jsonl(tmp_path) -> None:
    """A review: a RewardBench CSV whose score column holds single scores (one subset) and
    lists (a best-of-n subset) was refused ("holds '[0.16…]', not a number"); the same rows
    as JSON lines were read."""
    rng = np.random.default_rng(9)
    rows = [{"id": i, "subset": "a" if i < 100 else "bon", "scores_chosen": float(rng.normal()),
             "scores_rejected": float(rng.normal()) if i < 100 else rng.normal(size=3).tolist()}
            for i in range(200)]
    pd.DataFrame(rows).to_json(tmp_path / "m_outputs.jsonl", orient="records", lines=True)
    pd.DataFrame(rows).to_csv(tmp_path / "m_outputs.csv", index=False)
    for scores in ("rejected", "margin", "both"):
        lines = read_table(tmp_path / "m_outputs.jsonl", scores=scores)
        csv = read_table(tmp_path / "m_outputs.csv", scores=scores)
        column = "margin" if scores == "margin" else "score"
        assert np.allclose(csv[column].to_numpy(), lines[column].to_numpy(), rtol=1e-12)
        assert csv["subset"].tolist() == lines["subset"].tolist()
