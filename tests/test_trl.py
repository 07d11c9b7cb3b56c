"""TRL GRPOTrainer completion logs (``tailstat/data/trl.py``, ``read_trl_completions``):
the cases of a log that holds no rewards, and of a step that logged nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.cli import main


def _step(folder: Path, step: int, rewards: list | None = None, *, rows: int = 8,
          column: str = "reward", mode: str | None = None) -> None:
    """One ``completions_<step>.parquet`` as GRPOTrainer writes it: ``rewards`` in
    ``column`` with an advantage beside them, or no reward column (``rows`` rows); a
    ``mode`` column first when given."""
    rows = rows if rewards is None else len(rewards)
    frame = pd.DataFrame({"step": [step] * rows, "prompt": ["q"] * rows,
                          "completion": ["a"] * rows})
    if mode is not None:
        frame.insert(0, "mode", mode)
    if rewards is not None:
        frame[column] = rewards
        frame["advantage"] = [0.0] * rows
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(folder / f"completions_{step:05d}.parquet")


def test_logs_without_a_reward_column_are_refused(tmp_path: Path) -> None:
    """Logs of step, prompt and completion only: the steps were analysed as the rewards
    ("step: bounded (0.98)", exit 0; a review)."""
    for s in range(1, 40):
        _step(tmp_path / "completions", s)
    with raises_data_error("no column of numeric rewards", "GRPOTrainer writes", "column="):
        ts.analyze(str(tmp_path))
    assert main(["classify", str(tmp_path), "-q"]) == 2
    table = ts.analyze(str(tmp_path), column="step", warn=False).table  # asked for: read
    assert table["n"].iloc[0] == 39 * 8


def test_a_step_that_logged_nothing_leaves_the_steps_integers(tmp_path: Path) -> None:
    """GRPOTrainer writes a step with nothing logged as a file of no rows, whose columns
    have no type: every step key became a float (1.0, 2.0, 3.0; a review)."""
    rng = np.random.default_rng(1)
    for s in (1, 2, 3):
        _step(tmp_path / "completions", s, list(rng.standard_t(4.0, 256)))
    pd.DataFrame({"step": [], "prompt": [], "completion": [], "reward": [],
                  "advantage": []}).to_parquet(tmp_path / "completions" /
                                               "completions_00004.parquet")
    df = ts.data.read_trl_completions(str(tmp_path), by="step")
    assert df["step"].dtype == np.int64 and len(df) == 3 * 256
    a = ts.analyze(df, warn=False)
    assert list(a.table["group"]) == [1, 2, 3]


def test_a_reward_column_of_mixed_numbers_and_text_is_named(tmp_path: Path) -> None:
    """A step file that stored the rewards as text: the column is no numeric reward, and the
    message names it (it blamed "a type numpy does not", then "no reward column")."""
    rng = np.random.default_rng(2)
    for s in range(1, 5):
        r = rng.standard_t(4.0, 256)
        _step(tmp_path / "completions", s, list(r) if s < 4 else [str(x) for x in r],
              column="reward_model")
    with raises_data_error("['reward_model'] hold other values than numbers", "column="):
        ts.analyze(str(tmp_path), by="step")
    a = ts.analyze(str(tmp_path), column="reward_model", by="step", warn=False)
    assert list(a.table["n"]) == [256] * 4


def test_a_frame_whose_reward_column_was_converted_is_analysed(tmp_path: Path) -> None:
    """The reader's attrs (no reward column: it held text) stayed on the frame after the
    user converted the column, as the error had told them to, and the frame was refused
    still (a review)."""
    rng = np.random.default_rng(3)
    for s in range(1, 4):
        _step(tmp_path / "completions", s, [str(x) for x in rng.standard_t(4.0, 256)])
    df = ts.data.read_table(str(tmp_path))
    df["reward"] = pd.to_numeric(df["reward"])
    a = ts.analyze(df, by="step", warn=False)
    assert a.settings["column"] is None or a.settings["column"] == "reward"
    assert list(a.table["n"]) == [256] * 3


def test_a_step_bin_of_one_step_is_named_by_it(tmp_path: Path) -> None:
    """A review: a bin that holds one step was labelled "20-20"."""
    from tailstat.data.trl import read_trl_completions

    rng = np.random.default_rng(0)
    for step in (10, 20, 30, 31, 40):
        _step(tmp_path / "completions", step, rng.normal(size=8).tolist())
    bins = read_trl_completions(tmp_path / "completions", step_bins=3)["steps"]
    assert sorted(set(bins)) == ["10", "20", "30-40"]  # edges 10, 20, 30, 40


def test_train_and_eval_logs_are_not_pooled(tmp_path: Path, capsys) -> None:
    """A review: train and eval logs at different steps were pooled into the same step bins
    (eval rewards 100 times the train ones: heavy 0.85), refused only when a step matched."""
    from tailstat.data.trl import read_trl_completions

    rng = np.random.default_rng(1)
    for mode, steps, scale in (("train", (10, 20, 30, 40), 1.0), ("eval", (15, 35), 100.0)):
        for step in steps:
            folder = tmp_path / "completions" / mode
            folder.mkdir(parents=True, exist_ok=True)
            pd.DataFrame({"step": step, "prompt": "q", "completion": "a", "mode": mode,
                          "reward": scale * rng.normal(size=40), "advantage": 0.0}
                         ).to_parquet(folder / f"completions_{step:05d}.parquet")
    logs = tmp_path / "completions"
    import warnings

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        a = ts.analyze(read_trl_completions(logs, step_bins=2))
        by_step = ts.analyze(str(logs), by="step")
    said = [str(w.message) for w in seen if w.category is ts.InputWarning]
    assert sum("2 modes" in m and "grouped by 'mode' as well" in m for m in said) == 2
    assert a.settings["by"] == ["mode", "steps"] or tuple(a.settings["by"]) == ("mode", "steps")
    assert {k: int(n) for k, n in zip(a.table["group"], a.table["n"], strict=True)} == {
        ("eval", "10-20"): 40, ("eval", "30-40"): 40, ("train", "10-20"): 80,
        ("train", "30-40"): 80}
    # a by= of the caller's is grouped by mode too (a re-read: --by step pooled them again)
    assert sorted(by_step.table["group"])[0] == ("eval", 15)
    # grouped by mode alone on the command line (a re-read: a refusal had broke --by mode)
    assert main(["classify", str(logs), "--by", "mode", "-q"]) == 0
    assert "2 modes" not in capsys.readouterr().err
    assert len(read_trl_completions(tmp_path / "completions" / "train")) == 160


def test_a_merged_file_beside_the_step_files_is_left_out(tmp_path: Path) -> None:
    """A review: completions_all.parquet (the steps' concatenation) matched the pattern and
    every row was counted twice."""
    import pytest

    from tailstat.data.trl import read_trl_completions

    rng = np.random.default_rng(2)
    folder = tmp_path / "completions"
    for step in (10, 20, 30, 40):
        _step(folder, step, rng.normal(size=64).tolist())
    pd.concat([pd.read_parquet(f) for f in sorted(folder.glob("completions_*.parquet"))]
              ).to_parquet(folder / "completions_all.parquet")
    with pytest.warns(ts.InputWarning, match="'completions_all.parquet'"):
        assert len(read_trl_completions(folder, by="step")) == 256
    import warnings

    with warnings.catch_warnings(record=True) as seen:  # said once (sniffing asks too)
        warnings.simplefilter("always")
        ts.data.read_table(str(folder))
    assert sum("completions_all" in str(w.message) for w in seen) == 1


def test_a_reward_function_that_logged_nothing_is_no_candidate() -> None:
    """A review: a function whose column is all None beside the one real reward made the
    reader ask which column to read; it is left out, and said."""
    from tailstat.data.trl import read_trl_completions

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"step": np.repeat([10, 20], 3000), "prompt": "p", "completion": "c",
                       "reward_a": rng.normal(size=6000), "reward_b": [None] * 6000})
    with pytest.warns(ts.InputWarning, match="'reward_b' holds no value"):
        out = read_trl_completions(df)
    assert out.attrs["tailstat_column"] == "reward_a"
    assert list(ts.analyze(out, warn=False).table.group) == ["reward_a"]


def test_steps_of_a_log_with_a_missing_step_are_named_as_integers() -> None:
    """A review: a missing step makes pandas read the column as floats (or objects holding
    floats), and the groups of ``by="step"`` were named "1.0", "2.0", with the rows without a
    step first. Whole steps are read as integers; other steps are left as they are."""
    import warnings

    from tailstat.data import read_trl_completions

    rng = np.random.default_rng(0)
    for dtype in (float, object):
        step = np.repeat([1.0, 2.0, 3.0], 400).astype(dtype)
        step[:5] = np.nan if dtype is float else None
        df = pd.DataFrame({"step": step, "prompt": "p", "completion": "c",
                           "reward": rng.normal(size=1200)})
        before = df.copy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ts.TailstatWarning)  # (the rows without a step)
            a = ts.analyze(read_trl_completions(df, by="step"))
        assert [str(k) for k in a.table.iloc[:, 0]] == ["1", "2", "3", "<NA>"]
        pd.testing.assert_frame_equal(df, before)  # the caller's table is left as it was
    half = pd.DataFrame({"step": np.repeat([0.5, 1.5], 300), "prompt": "p", "completion": "c",
                         "reward": rng.normal(size=600)})
    assert read_trl_completions(half, by="step")["step"].dtype == np.float64
    # concatenated logs, one written with text steps: the same step is one group (a review:
    # 2 and '2' were two)
    mixed = pd.DataFrame({"step": pd.Series([1] * 300 + [2] * 300 + ["2"] * 300, dtype=object),
                          "prompt": "p", "completion": "c", "reward": rng.normal(size=900)})
    assert read_trl_completions(mixed, by="step")["step"].tolist() == [1] * 300 + [2] * 600


def read_bins(df: pd.DataFrame) -> pd.Series:
    return ts.data.read_trl_completions(df, step_bins=3)["steps"]


def test_step_bins_of_steps_that_are_not_whole_numbers_stay_apart() -> None:
    """A review: bins were named int(first)-int(last), so steps 0.1, 0.5 and 0.9 in three
    bins were all "0": one group of 900 rows, without a word."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"step": [0.1] * 300 + [0.5] * 300 + [0.9] * 300,
                       "reward": rng.normal(size=900), "prompt": "p", "completion": "c"})
    steps = ts.data.read_trl_completions(df, step_bins=3)["steps"]
    assert steps.value_counts().to_dict() == {"0.1": 300, "0.5": 300, "0.9": 300}
    fine = df.assign(step=np.repeat(5.0 + np.arange(100) * 1e-9, 9))
    names = sorted(ts.data.read_trl_completions(fine, step_bins=3)["steps"].unique())
    assert names == ["5.000000000-5.000000032", "5.000000033-5.000000065",
                     "5.000000066-5.000000099"]
    halves = df.assign(step=np.repeat(np.arange(5.5, 20.5), 60))  # in training order as text
    names = ts.data.read_trl_completions(halves, step_bins=3)["steps"].unique().tolist()
    assert names == sorted(names) == ["05.5-09.5", "10.5-14.5", "15.5-19.5"]
    tiny = df.assign(step=np.repeat(np.arange(1.0, 4.0) * 1e-20, 300))  # no decimals tell
    assert read_bins(tiny).nunique() == 3
    whole = df.assign(step=np.repeat(np.arange(100), 9))  # whole steps: as before
    assert sorted(ts.data.read_trl_completions(whole, step_bins=3)["steps"].unique()) == [
        "00-32", "33-65", "66-99"]


def test_a_folder_of_a_table_and_a_log_below_it_is_refused_not_read_as_the_log(
        tmp_path: Path, capsys) -> None:
    """A review: a folder of two Parquet parts (10,000 rows) with a TRL log in logs/run1 was
    read as the log's 300 rows, exit 0, and ``--by model`` was told the data had no such
    column."""
    rng = np.random.default_rng(0)
    for part in range(2):
        pd.DataFrame({"model": ["a"] * 5000, "reward": rng.standard_t(3, 5000)}).to_parquet(
            tmp_path / f"part-{part}.parquet")
    _step(tmp_path / "logs" / "run1", 10, list(rng.normal(size=300)), column="fmt_reward")
    with raises_data_error("TRL completion logs", "'logs/run1'", "2 other Parquet",
                           "'part-0.parquet'", "format='trl'"):
        ts.analyze(str(tmp_path))
    assert main(["classify", str(tmp_path), "--column", "reward", "--by", "model", "-q"]) == 2
    assert "--format trl" in capsys.readouterr().err
    logs = ts.data.read_table(str(tmp_path), format="trl")
    assert ts.analyze(logs, warn=False).table["n"].iloc[0] == 300
    assert ts.analyze(str(tmp_path / "part-0.parquet"), column="reward",
                      warn=False).table["n"].iloc[0] == 5000


def _log(folder: Path, steps: range | tuple, draw, mode: str | None = None) -> None:
    """:func:`_step` files of 50 completions each in ``folder``."""
    for s in steps:
        _step(folder, s, draw(size=50).tolist(), mode=mode)


def test_runs_logged_at_other_steps_are_not_pooled(tmp_path: Path) -> None:
    """A review: two runs under one root, logged at steps 10, 20, 30 and 15, 25, 35 (no step
    file in common), were read as one run (a heavy verdict from the exploit run's values
    pooled with the baseline's) without a word."""
    rng = np.random.default_rng(4)
    _log(tmp_path / "baseline" / "completions", (10, 20, 30), rng.normal)
    _log(tmp_path / "exploit" / "completions", (15, 25, 35), rng.standard_cauchy)
    with raises_data_error("in 2 folders", "baseline", "exploit", "no 'mode' column",
                           "point at one"):
        ts.data.read_table(tmp_path)
    assert main(["classify", str(tmp_path), "-q"]) == 2
    assert len(ts.data.read_table(tmp_path / "baseline" / "completions")) == 150


@pytest.mark.parametrize("evals", [(50, 100), (55, 105)])
def test_train_and_eval_folders_are_grouped_by_mode_whatever_their_steps(
        tmp_path: Path, evals: tuple) -> None:
    """A review: train and eval folders whose files carry their mode were refused when an
    eval step coincided with a train step, and grouped by mode when none did."""
    rng = np.random.default_rng(1)
    _log(tmp_path / "completions" / "train", range(10, 101, 10), rng.normal, "train")
    _log(tmp_path / "completions" / "eval", evals, rng.normal, "eval")
    with pytest.warns(ts.InputWarning, match="grouped by 'mode'"):
        a = ts.analyze(tmp_path, warn=False)
    assert dict(zip(a.table["group"], a.table["n"], strict=True)) == {"eval": 100, "train": 500}


def test_whole_steps_are_integers_whoever_groups_by_them(tmp_path: Path) -> None:
    """A review: one completion logged without its step made the column float, and by="step"
    given to analyze (or --by step to the CLI) named the groups 1.0, 2.0, 3.0."""
    rng = np.random.default_rng(6)
    for s in (1, 2, 3):
        steps = np.full(60, float(s))
        if s == 2:
            steps[0] = np.nan
        pd.DataFrame({"step": steps, "prompt": "p", "completion": "c",
                      "reward": rng.normal(size=60), "advantage": 0.0}
                     ).to_parquet(tmp_path / f"completions_{s:05d}.parquet")
    a = ts.analyze(tmp_path, by="step", warn=False)
    assert [str(g) for g in a.table["group"]] == ["1", "2", "3", "<NA>"]
