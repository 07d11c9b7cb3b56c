"""Readers (tailstat.data.readers): each on files written here in the tool's real layout, and
each giving the same analysis as the equivalent hand-made frame.

Layouts (looked up in the tools' sources):
* RewardBench ``rewardbench/rewardbench.py``: ``out_dataset`` with ``subset``, ``id``,
  ``results``, ``scores_chosen``, ``scores_rejected`` saved as ``<model>_outputs.jsonl``
  rows; the hub's ``eval-set-scores/<org>/<model>.json`` holds the same as one
  column-oriented object (lists per key, plus scalar ``model`` / ``model_type`` /
  ``chat_template``). RewardBench 2 rows carry ``scores`` (the ``num_correct`` chosen
  scores first, then the rejected ones), ``num_correct``, ``num_incorrect``, ``subset``.
* TRL ``GRPOTrainer._log_completions`` (``log_completions=True``): per logging step,
  ``<output_dir>/completions/[<mode>/]completions_<step:05d>.parquet`` with columns
  ``[mode,] step, prompt, completion, <one per reward function>, advantage``.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.data import read_table

#: small groups (a few hundred scores) draw the "probabilities are rough" caveat on purpose
pytestmark = pytest.mark.filterwarnings("ignore::tailstat.errors.TailstatWarning")

ROOT = Path(__file__).resolve().parents[1]
SUBSETS = ["alpacaeval-easy", "mt-bench-hard", "refusals-dangerous"]
N = 300  # rows per subset


def _same_analysis(a: ts.analysis.TailAnalysis, b: ts.analysis.TailAnalysis) -> None:
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())


@pytest.fixture(scope="module")
def rb_rows() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = N * len(SUBSETS)
    chosen = rng.standard_t(3.0, n) + 1.0
    rejected = rng.normal(size=n)
    return pd.DataFrame({
        "prompt": [f"prompt {i}" for i in range(n)],
        "text_chosen": ["a good answer"] * n, "text_rejected": ["a bad answer"] * n,
        "subset": np.repeat(SUBSETS, N), "id": np.arange(n),
        "results": (chosen > rejected).astype(int),
        "scores_chosen": chosen, "scores_rejected": rejected,
    })


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    with path.open("w") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return path


@pytest.fixture(scope="module")
def rb_files(rb_rows: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("rewardbench")
    rows = [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in r.items()}
            for r in rb_rows.to_dict("records")]
    out = {"jsonl": _write_jsonl(d / "my-rm_outputs.jsonl", rows)}
    cols = {"model": "org/my-rm", "model_type": "Seq. Classifier", "chat_template": "tokenizer",
            **{c: [r[c] for r in rows] for c in ("id", "subset", "results", "scores_chosen",
                                                   "scores_rejected")}}
    (d / "eval-set-scores" / "org").mkdir(parents=True)
    out["columns"] = d / "eval-set-scores" / "org" / "my-rm.json"
    out["columns"].write_text(json.dumps(cols))
    return out


@pytest.mark.parametrize("layout", ["jsonl", "columns"])
@pytest.mark.parametrize("scores", ["chosen", "rejected", "both", "margin"])
def test_rewardbench_same_analysis_as_hand_made(rb_files: dict[str, Path],
                                                rb_rows: pd.DataFrame, layout: str,
                                                scores: str) -> None:
    got = ts.analyze(read_table(rb_files[layout], scores=scores))
    if scores == "margin":
        hand = pd.DataFrame({"margin": rb_rows.scores_chosen - rb_rows.scores_rejected,
                             "subset": rb_rows.subset})
        col = "margin"
    else:
        parts = {"chosen": [rb_rows.scores_chosen], "rejected": [rb_rows.scores_rejected],
                 "both": [rb_rows.scores_chosen, rb_rows.scores_rejected]}[scores]
        hand = pd.DataFrame({"score": pd.concat(parts, ignore_index=True),
                             "subset": pd.concat([rb_rows.subset] * len(parts),
                                                 ignore_index=True)})
        col = "score"
    _same_analysis(got, ts.analyze(hand, col, by="subset"))
    assert got.settings["by"] == ("subset",)


def test_rewardbench_default_by_shape(rb_files: dict[str, Path], rb_rows: pd.DataFrame) -> None:
    """A path alone: sniffed as RewardBench, chosen scores, grouped by subset."""
    got = ts.analyze(rb_files["jsonl"])
    _same_analysis(got, ts.analyze(rb_rows, "scores_chosen", by="subset"))
    assert got.settings["source"] == str(rb_files["jsonl"])
    # an explicit by= still wins: one pooled group by id parity is the user's choice
    pooled = ts.analyze(read_table(rb_files["jsonl"]), by=None)
    assert set(pooled.classifications) == set(SUBSETS)  # the default applies when by is None


def test_rewardbench_best_of_n_lists(tmp_path: Path) -> None:
    """v1 rows whose scores are lists (best-of-n subsets): flattened; margin uses max."""
    rows = [{"subset": "pref", "id": i, "scores_chosen": [float(i)],
             "scores_rejected": [float(i) - 1, float(i) - 3, float(i) + 0.5]} for i in range(60)]
    path = _write_jsonl(tmp_path / "x_outputs.jsonl", rows)
    df = read_table(path, scores="rejected")
    assert len(df) == 180 and df.attrs["tailstat_column"] == "score"
    m = read_table(path, scores="margin")
    np.testing.assert_allclose(m["margin"], -0.5)


@pytest.fixture(scope="module")
def rb2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    rng = np.random.default_rng(8)
    rows, flat = [], []
    for i in range(3 * N):
        subset = ["Factuality", "Math", "Ties"][i % 3]
        ncorr = 2 if subset == "Ties" else 1
        sc = (rng.standard_t(3.0, 4) + np.r_[np.ones(ncorr), np.zeros(4 - ncorr)]).tolist()
        rows.append({"id": str(i), "prompt": "p", "chosen": ["c"] * ncorr,
                     "rejected": ["r"] * (4 - ncorr), "num_correct": ncorr,
                     "num_incorrect": 4 - ncorr, "total_completions": 4, "subset": subset,
                     "models": ["m"] * 4, "scores": sc})
        flat += [{"subset": subset, "chosen": j < ncorr, "score": s,
                  "margin": min(sc[:ncorr]) - max(sc[ncorr:])} for j, s in enumerate(sc)]
    d = tmp_path_factory.mktemp("rb2")
    return _write_jsonl(d / "rb2_outputs.jsonl", rows), pd.DataFrame(flat)


@pytest.mark.parametrize("scores", ["chosen", "rejected", "both", "margin"])
def test_rewardbench2_same_analysis(rb2: tuple[Path, pd.DataFrame], scores: str) -> None:
    path, flat = rb2
    got = ts.analyze(read_table(path, scores=scores))
    if scores == "margin":
        hand = flat.groupby(flat.index // 4).first()[["subset", "margin"]]
        col = "margin"
    else:
        keep = {"chosen": flat.chosen, "rejected": ~flat.chosen,
                "both": np.ones(len(flat), bool)}[scores]
        hand = flat[keep]
        if scores == "both":  # the reader puts every chosen score first, then the rejected
            hand = pd.concat([flat[flat.chosen], flat[~flat.chosen]])
        col = "score"
    _same_analysis(got, ts.analyze(hand.reset_index(drop=True), col, by="subset"))


@pytest.fixture(scope="module")
def trl_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    out = tmp_path_factory.mktemp("grpo") / "completions" / "train"
    out.mkdir(parents=True)
    rng = np.random.default_rng(9)
    frames = []
    for step in range(10, 410, 10):  # 40 logging steps of 32 completions
        r = rng.standard_t(4.0, 32)
        df = pd.DataFrame({"mode": "train", "step": step, "prompt": ["What is 2+2?"] * 32,
                           "completion": ["4"] * 32, "accuracy_reward": r,
                           "advantage": (r - r.mean()) / (r.std() + 1e-4)})
        df.to_parquet(out / f"completions_{step:05d}.parquet")
        frames.append(df)
    return out.parent, pd.concat(frames, ignore_index=True)


def test_trl_folder(trl_dir: tuple[Path, pd.DataFrame]) -> None:
    folder, hand = trl_dir
    got = ts.analyze(folder)  # the one reward function is the column; pooled
    _same_analysis(got, ts.analyze(hand, "accuracy_reward"))
    by_step = read_table(folder, by="step")
    assert by_step.attrs["tailstat_by"] == ("step",)
    res = ts.analyze(folder, by="step")  # 32 per step: too few, each group says so
    assert len(res.failures) == 40
    binned = ts.analyze(read_table(folder, step_bins=4))
    # equal-width bins over 10..400, closed on the left: edges 10, 107.5, 205, 302.5, 400
    labels = np.array(["010-100", "110-200", "210-300", "310-400"])
    hand_bins = hand.assign(steps=labels[np.searchsorted([107.5, 205, 302.5], hand.step,
                                                         side="right")])
    _same_analysis(binned, ts.analyze(hand_bins, "accuracy_reward", by="steps"))


def test_trl_several_rewards_need_column(tmp_path: Path) -> None:
    d = tmp_path / "completions"
    d.mkdir()
    rng = np.random.default_rng(1)
    pd.DataFrame({"step": 1, "prompt": "p", "completion": "c", "format_reward": rng.random(100),
                  "accuracy_reward": rng.random(100), "advantage": 0.0}
                 ).to_parquet(d / "completions_00001.parquet")
    # the reward functions are named, not step and advantage among "numeric columns"
    with raises_data_error("several reward functions ['format_reward', 'accuracy_reward']",
                           "column="):
        ts.analyze(d)
    assert ts.analyze(d, "format_reward").classifications


def test_rewards_json(tmp_path: Path) -> None:
    x = np.random.default_rng(3).normal(size=500)
    for key in ("rewards", "scores"):
        p = tmp_path / f"{key}.json"
        p.write_text(json.dumps({"model": "m", key: x.tolist()}))
        # the key as written names the column, as it does when read as a table of columns
        # (review 426: 'reward', and --column rewards was an unknown column)
        _same_analysis(ts.analyze(p), ts.analyze(pd.DataFrame({key: x})))
    # other columns as long as the rewards: a table of columns, none of them dropped (the
    # "model" column was lost, and --by model was an unknown column)
    p = tmp_path / "columns.json"
    models = ["a"] * 250 + ["b"] * 250
    p.write_text(json.dumps({"rewards": x.tolist(), "model": models}))
    assert list(ts.data.read_table(p).columns) == ["rewards", "model"]
    _same_analysis(ts.analyze(p, "rewards", by="model"),
                   ts.analyze(pd.DataFrame({"rewards": x, "model": models}), "rewards",
                              by="model"))


def test_arrow_inputs(rb_rows: pd.DataFrame) -> None:
    hand = ts.analyze(rb_rows, "scores_chosen", by="subset")
    table = pa.Table.from_pandas(rb_rows, preserve_index=False)
    _same_analysis(ts.analyze(table, "scores_chosen", by="subset"), hand)

    class Stream:  # anything with the Arrow PyCapsule stream interface
        def __arrow_c_stream__(self, requested_schema=None):
            return table.__arrow_c_stream__(requested_schema)

    _same_analysis(ts.analyze(Stream(), "scores_chosen", by="subset"), hand)
    assert table.num_rows == len(rb_rows)  # untouched


def test_datasets_dataset_duck_typed(rb_rows: pd.DataFrame) -> None:
    """Recognised by the module of its class; ``datasets`` itself is never needed."""
    table = pa.Table.from_pandas(rb_rows, preserve_index=False)
    Dataset = type("Dataset", (), {"__module__": "datasets.arrow_dataset",
                                   "to_pandas": lambda self: table.to_pandas()})
    got = ts.analyze(read_table(Dataset(), format="rewardbench"))
    _same_analysis(got, ts.analyze(rb_rows, "scores_chosen", by="subset"))


def test_datasets_not_imported() -> None:
    code = ("import sys, numpy as np, pandas as pd, pyarrow as pa, tailstat as ts\n"
            "t = pa.table({'r': np.random.default_rng(0).normal(size=200)})\n"
            "ts.analyze(t); ts.analyze(pd.DataFrame({'r': np.arange(60.0)}).r.to_numpy())\n"
            "assert 'datasets' not in sys.modules, 'datasets was imported'\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet", "rewardbench"])
def test_stdin(tmp_path: Path, rb_files: dict[str, Path], rb_rows: pd.DataFrame,
               kind: str) -> None:
    if kind == "rewardbench":
        raw = rb_files["jsonl"].read_bytes()
        hand = ts.analyze(rb_rows, "scores_chosen", by="subset")
        extra: list[str] = []
    else:
        df = rb_rows[["subset", "scores_chosen"]]
        p = tmp_path / f"x.{kind}"
        if kind == "csv":
            df.to_csv(p, index=False)
        elif kind == "jsonl":
            df.to_json(p, orient="records", lines=True, double_precision=15)
        else:
            df.to_parquet(p)
        raw = p.read_bytes()
        hand = ts.analyze(p, "scores_chosen", by="subset")
        extra = ["--by", "subset", "--column", "scores_chosen"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "tailstat", "classify", "-", "--json", *extra],
                         input=raw, capture_output=True, env=env, cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr.decode()
    doc = json.loads(run.stdout)
    assert doc["settings"]["source"] == "<stdin>"
    want = hand.to_dict()["classifications"]
    assert set(doc["classifications"]) == set(want)
    for k, v in want.items():
        assert doc["classifications"][k]["probabilities"] == pytest.approx(v["probabilities"])


def test_cli_scores_and_format(rb_files: dict[str, Path], rb_rows: pd.DataFrame,
                               capsys: pytest.CaptureFixture[str]) -> None:
    from tailstat.cli import main

    assert main(["classify", str(rb_files["columns"]), "--scores", "margin", "--json",
                 "-q"]) == 0
    doc = json.loads(capsys.readouterr().out)
    hand = ts.analyze(pd.DataFrame({"m": rb_rows.scores_chosen - rb_rows.scores_rejected,
                                    "subset": rb_rows.subset}), "m", by="subset")
    assert doc["classifications"]["mt-bench-hard"]["probabilities"] == pytest.approx(
        hand.classifications["mt-bench-hard"].probabilities)
    assert main(["classify", str(rb_files["jsonl"]), "--format", "trl"]) == 2
    assert "not a TRL completion log" in capsys.readouterr().err


def test_wrong_format_names_problem(tmp_path: Path) -> None:
    p = tmp_path / "plain.jsonl"
    p.write_text('{"a": 1}\n{"a": 2}\n')
    with raises_data_error("not a rewardbench output", "scores_chosen"):
        read_table(p, format="rewardbench")
    with raises_data_error("no completions_"):
        read_table(tmp_path, format="trl")
    with raises_data_error("directory"):
        read_table(tmp_path)


def test_caller_frame_untouched(rb_rows: pd.DataFrame) -> None:
    before = rb_rows.copy()
    read_table(rb_rows, format="rewardbench", scores="both")
    read_table(rb_rows.rename(columns={"scores_chosen": "r"}).assign(
        step=1, completion="c", advantage=0.0), format="trl", step_bins=2)
    pd.testing.assert_frame_equal(rb_rows, before)
    assert rb_rows.attrs == {}


def test_txt_must_look_like_a_table(tmp_path: Path) -> None:
    prose = tmp_path / "notcsv.txt"
    prose.write_text("Dear team,\nthe scores look fine, mostly. See the attached plot\n"
                     "Cheers, 3 of us\n")
    with raises_data_error("does not look like a table", "--format csv"):
        read_table(prose)
    ok = tmp_path / "scores.txt"
    ok.write_text("reward\n" + "\n".join(str(v) for v in range(1, 60)) + "\n")
    assert read_table(ok).shape == (59, 1)


def test_bad_options_name_the_argument(rb_files: dict[str, Path]) -> None:
    with raises_data_error("scores"):
        read_table(rb_files["jsonl"], scores="best")
    with raises_data_error("format"):
        read_table(rb_files["jsonl"], format="excel")
    with raises_data_error("step_bins"):
        read_table(rb_files["jsonl"], format="trl", step_bins=0)


def test_report_of_a_trl_folder_names_the_folder(trl_dir: tuple[Path, pd.DataFrame],
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A folder of TRL logs is reported (it failed: the report tried to checksum the folder),
    named as a folder without a checksum, and with --step-bins the 'to run again' command
    repeats the option."""
    import html
    import re

    from tailstat.cli import main

    folder, _ = trl_dir
    for extra in ([], ["--step-bins", "2"]):
        out = tmp_path / f"trl{len(extra)}.html"
        assert main(["report", str(folder), "--figures", "none", "-q", "-o", str(out),
                     *extra]) == 0, capsys.readouterr().err
        page = out.read_text(encoding="utf-8")
        assert "a folder (no checksum)" in page
        call = html.unescape(re.search(r'<th scope="row">to run again</th>'
                                   r'<td class="mono">(.*?)</td>',
                                       page, re.S).group(1))
        assert call.startswith(f"tailstat report {folder}")
        assert ("--step-bins 2" in call) == bool(extra)
        assert ("read with --step-bins 2" in page) == bool(extra)


X = np.random.default_rng(12).normal(size=400)


def test_a_json_list_of_rewards_is_one_column(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps([float(v) for v in X]))
    assert ts.classify(str(path), warn=False).n == len(X)  # was KeyError: '0'


def test_a_pipe_is_read_once_whole(tmp_path: Path) -> None:
    # <(cat rewards.csv) is a pipe: it was named an unknown file type, or read as empty
    # after a peek had consumed its start
    import threading

    from tailstat.saved import is_saved_analysis

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    text = "reward\n" + "\n".join(map(str, X)) + "\n"
    writer = threading.Thread(target=fifo.write_text, args=(text,))
    writer.start()
    try:
        table = ts.data.read_table(str(fifo))
    finally:
        writer.join(timeout=10)
    assert list(table.columns) == ["reward"] and len(table) == len(X)
    assert table.attrs["tailstat_source"] == str(fifo)
    assert not is_saved_analysis(fifo)


@pytest.mark.parametrize(("raw", "words"), [
    # mtime=0: the bytes (the test's id) must not depend on the second each worker collects in
    (gzip.compress(b"reward\n1.5\n2.5\n", mtime=0)[:-9],
     "standard input is gzip-compressed but could not be decompressed"),
    (b"reward;model\n1,5;a\n2,5;b;c\n", "standard input looks misread"),
])
def test_errors_on_standard_input_name_it(tmp_path: Path, raw: bytes, words: str) -> None:
    """They named the temporary file standard input was copied to, gone by then; a gzip
    stream was "'utf-8' codec can't decode byte 0x8b" (a whole one is now read: below)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "tailstat", "classify", "-", "-q"],
                         input=raw, capture_output=True, env=env, cwd=tmp_path, timeout=300)
    err = run.stderr.decode()
    assert run.returncode == 2 and words in err and "tailstat-stdin" not in err, err


def test_trl_logs_of_two_runs_are_not_pooled(tmp_path: Path) -> None:
    """Two runs' completion folders under one root, with the same step files: read together,
    every step group held both runs (n = 800, all heavy) without a word. Refused, naming the
    folders; each folder alone still reads."""
    rng = np.random.default_rng(2)
    for run, draw in (("runA", lambda: rng.normal(size=400)),
                      ("runB", lambda: 100 + 5 * rng.standard_t(1.5, 400))):
        d = tmp_path / run / "completions"
        d.mkdir(parents=True)
        for step in (10, 20):
            pd.DataFrame({"step": step, "prompt": "p", "completion": "c",
                          "accuracy_reward": draw(), "advantage": 0.0}
                         ).to_parquet(d / f"completions_{step:05d}.parquet")
    with raises_data_error("in 2 folders", "runA", "runB", "point at one"):
        read_table(tmp_path, by="step")
    one = read_table(tmp_path / "runA" / "completions", by="step")
    assert len(one) == 800 and sorted(one["step"].unique()) == [10, 20]


@pytest.mark.parametrize(("row", "words"), [
    ({"num_correct": None}, ["row 1 (counting from 0) has no 'num_correct'", "fill it in"]),
    ({"num_correct": 1.5}, ["'num_correct' 1.5, not a count", "drop the row"]),
    # more correct completions than scores: the rejected side was silently empty
    ({"num_correct": 3}, ["row 1 (counting from 0) has 'num_correct' 3 but 2 score(s)"]),
    ({"scores": [1.0, "abc"]}, ["'scores' list holds 'abc', not a number", "fix that row"]),
])
@pytest.mark.parametrize("scores", ["margin", "chosen"])
def test_rewardbench_bad_cells_are_data_errors(tmp_path: Path, row: dict, words: list[str],
                                               scores: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A null num_correct ("cannot convert float NaN to integer") and a string in a score
    list ("could not convert string to float") crashed as 'probably a bug in tailstat'."""
    from tailstat.cli import main

    rows = [{"subset": "Math", "scores": [1.0, 0.5], "num_correct": 1}] * 2
    path = _write_jsonl(tmp_path / "rb2_outputs.jsonl", [rows[0], {**rows[1], **row}])
    with raises_data_error(*words):
        read_table(path, scores=scores)
    assert main(["classify", str(path), "--scores", scores, "-q"]) == 2
    err = capsys.readouterr().err
    assert words[0] in err and "probably a bug" not in err, err


def test_trl_step_bins_with_missing_steps(trl_dir: tuple[Path, pd.DataFrame]) -> None:
    """A NaN step crashed step_bins ("cannot convert float NaN to integer"): rows without a
    step are a group of their own, as with by="step"; the bins are those of the other rows.
    Steps that are not finite numbers, or no step at all, are errors naming the column."""
    _, hand = trl_dir
    rng = np.random.default_rng(4)
    extra = hand.iloc[:60].assign(step=np.nan, accuracy_reward=rng.standard_t(4.0, 60))
    logs = pd.concat([hand, extra], ignore_index=True)
    got = read_table(logs, format="trl", step_bins=4)
    want = read_table(hand, format="trl", step_bins=4)
    assert got["steps"].iloc[len(hand):].isna().all()
    assert got["steps"].iloc[:len(hand)].tolist() == want["steps"].tolist()
    assert set(ts.analyze(got).classifications) == set(want["steps"]) | {"<NA>"}
    for steps, words in (("ten", "'step' column holds 'ten'"), (np.inf, "holds inf"),
                         (np.nan, "holds no step at all")):
        with raises_data_error(words, "leave step_bins out"):
            read_table(hand.assign(step=steps), format="trl", step_bins=2)


@pytest.mark.parametrize("suffix", [".csv.gz", ".csv.bz2", ".jsonl.xz", ".parquet.gz", ".gz"])
def test_compressed_files_read_as_what_they_hold(tmp_path: Path, suffix: str) -> None:
    """rewards.csv.gz was 'unknown file type .gz': gzip, bzip2 and xz files (and streams on
    standard input) are read as the table they hold, named as given; the same values as
    the plain file, and the analysis of the path is the plain file's."""
    import bz2
    import lzma

    rewards = np.random.default_rng(13).standard_t(3.0, 3000)
    df = pd.DataFrame({"reward": rewards, "model": np.repeat(["a", "b", "c"], 1000)})
    inner = suffix.rsplit(".", 1)[0] or ".csv"
    plain = tmp_path / f"plain{inner}"
    {".csv": lambda: df.to_csv(plain, index=False),
     ".jsonl": lambda: df.to_json(plain, orient="records", lines=True),
     ".parquet": lambda: df.to_parquet(plain)}[inner]()
    pack = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}
    path = tmp_path / f"rewards{suffix}"
    path.write_bytes(pack["." + suffix.rsplit(".", 1)[1]](plain.read_bytes()))
    table = ts.data.read_table(str(path))
    pd.testing.assert_frame_equal(table.reset_index(drop=True), df, check_dtype=False)
    assert table.attrs["tailstat_source"] == str(path)
    got = ts.analyze(path, column="reward", by="model").table
    want = ts.analyze(plain, column="reward", by="model").table
    pd.testing.assert_series_equal(got["p_heavy"], want["p_heavy"])


def test_gzip_on_standard_input_is_read(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    raw = gzip.compress(("reward\n" + "\n".join(map(repr, X.tolist())) + "\n").encode())
    run = subprocess.run([sys.executable, "-m", "tailstat", "classify", "-", "--json", "-q"],
                         input=raw, capture_output=True, env=env, cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr.decode()
    assert '"n": 400' in run.stdout.decode()


def test_a_compressed_files_warnings_and_errors_name_it(tmp_path: Path) -> None:
    """The temporary copy was 'stdin.csv' whatever the file, and the no-header warning of
    h.csv.gz said "'stdin.csv' has no header line"; errors name the file as given."""
    path = tmp_path / "h.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(map(repr, X.tolist())) + "\n").encode()))
    with pytest.warns(ts.InputWarning, match=r"^'h\.csv' has no header line"):
        table = ts.data.read_table(str(path))
    assert len(table) == X.size
    bad = tmp_path / "bad.csv.gz"
    bad.write_bytes(gzip.compress(b"reward;model\n1,5;a\n2,5;b;c\n"))
    with pytest.raises(ts.DataError, match=rf"^'{re.escape(str(bad))}' looks misread"):
        ts.data.read_table(str(bad))


def test_a_null_score_counts_as_missing_whatever_the_columns_type(tmp_path: Path) -> None:
    """A review: a null score beside best-of-n lists was dropped without a count (the
    column held lists, and a null read as no score), while the same null among plain numbers
    was a counted NaN."""
    path = tmp_path / "m1_outputs.jsonl"
    path.write_text('{"subset":"a","scores_chosen":0.3,"scores_rejected":null}\n'
                    '{"subset":"a","scores_chosen":0.5,"scores_rejected":0.1}\n'
                    '{"subset":"b","scores_chosen":[1.0],"scores_rejected":[0.1,0.2]}\n')
    rejected = read_table(path, scores="rejected")
    assert rejected["score"].isna().sum() == 1 and len(rejected) == 4
    assert read_table(path, scores="margin")["margin"].isna().tolist() == [True, False, False]


def test_json_with_a_byte_order_mark_and_plain_score_columns(tmp_path: Path) -> None:
    """A review: JSON lines starting with a UTF-8 byte-order mark were not read (as a file:
    'Expected object or value'; on standard input: taken for CSV); a column-oriented object
    whose 'scores' list holds numbers was taken for RewardBench 2; RewardBench 2 rows whose
    first 'scores' is null were not recognised."""
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b'\xef\xbb\xbf{"reward": 1.5}\n{"reward": 2.5}\n')
    assert read_table(bom)["reward"].tolist() == [1.5, 2.5]
    cols = tmp_path / "cols.json"
    cols.write_text('{"scores": [0.1, 0.2, 0.3], "model": ["a", "a", "b"]}')
    table = read_table(cols)
    assert table["scores"].tolist() == [0.1, 0.2, 0.3] and table["model"].tolist() == ["a",
                                                                                      "a", "b"]
    rb2 = tmp_path / "rb2.jsonl"
    rb2.write_text('{"id":1,"subset":"Math","num_correct":1,"scores":null}\n'
                   '{"id":2,"subset":"Math","num_correct":1,"scores":[0.5,0.1,0.2]}\n')
    chosen = read_table(rb2)
    assert chosen["score"].tolist()[1:] == [0.5] and chosen["score"].isna().tolist()[0]


def test_a_reward_function_that_returned_none_for_a_whole_step_stays_a_reward(
        tmp_path: Path) -> None:
    """A review: TRL reward functions may return None; a step file whose column is all None
    made the folder's column objects, no longer a reward column (with two functions the
    other was analysed without a word; with one, "several numeric columns")."""
    out = tmp_path / "completions"
    out.mkdir()
    rng = np.random.default_rng(0)
    for step in (10, 20, 30):
        r = [None] * 200 if step == 20 else rng.normal(size=200).tolist()
        pd.DataFrame({"step": step, "prompt": "p", "completion": "c", "length_reward": r,
                      "advantage": 0.0}).to_parquet(out / f"completions_{step:05d}.parquet")
    table = read_table(out)
    assert table.attrs["tailstat_reward_columns"] == ("length_reward",)
    assert table["length_reward"].dtype == float and table["length_reward"].isna().sum() == 200
    assert ts.analyze(out).table["n_missing"].tolist() == [200]


def test_feather_is_read_from_a_stream_and_a_compressed_file(tmp_path: Path, monkeypatch) -> None:
    """A review: Feather from standard input, a pipe or a .gz was refused with advice that
    could not be followed ("give --format arrow", not a choice; "Name it 'stdin.arrow'")."""
    df = pd.DataFrame({"reward": np.random.default_rng(0).normal(size=300)})
    df.to_feather(tmp_path / "s.feather")
    raw = (tmp_path / "s.feather").read_bytes()
    (tmp_path / "s.feather.gz").write_bytes(gzip.compress(raw, mtime=0))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    for got in (read_table(tmp_path / "s.feather.gz"), read_table("-"),
                read_table(tmp_path / "s.feather", format="arrow")):
        np.testing.assert_array_equal(got["reward"].to_numpy(), df["reward"].to_numpy())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    with pytest.raises(ts.DataError, match=r"Arrow IPC \(Feather\) file\. Give --format arrow"):
        read_table("-", format="csv")
