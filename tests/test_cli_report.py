"""``tailstat report`` and the command's process handling: warnings said in one line,
``-q``, outputs that are not regular files, SIGTERM, an optional extra that is missing, and
``--goodhart`` beyond the groups whose figures are drawn (a stop-41 review of the CLI)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _helpers import two_model_scores

import tailstat as ts
from tailstat.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return two_model_scores(tmp_path_factory.mktemp("cli_report") / "scores.csv", seed=4)


def test_report_says_input_warnings_in_one_line_with_or_without_q(tmp_path, capsys) -> None:
    """A CSV without a header line: report printed Python's two-line warning (the file and
    'raise SystemExit(main())'), even with -q; classify said it in one line."""
    f = tmp_path / "nohdr.csv"
    f.write_text("\n".join(f"{v:.6f}" for v in np.random.default_rng(0).normal(size=3000)) + "\n")
    assert main(["report", str(f), "-o", str(tmp_path / "a.html")]) == 0
    cap = capsys.readouterr()
    lines = cap.err.splitlines()
    assert any(ln.startswith("tailstat: warning: 'nohdr.csv' has no header line") for ln in lines)
    assert not any("InputWarning" in ln or "SystemExit" in ln for ln in lines)
    assert main(["report", str(f), "-q", "-o", str(tmp_path / "b.html")]) == 0
    cap = capsys.readouterr()
    # -q: not even "wrote ...", but what reading changed is still said (a review: a quiet
    # CI run kept no record of dropped rows or merged groups)
    assert cap.out == "" and "tailstat: warning: 'nohdr.csv' has no header line" in cap.err
    assert (tmp_path / "b.html").stat().st_size > 0


@pytest.mark.parametrize("quiet", [[], ["-q"]])
def test_report_names_the_groups_not_classified_on_stderr(tmp_path, capsys, quiet) -> None:
    """A review: `report -q` said nothing of a group that could not be classified (classify
    -q does), and without -q it was said on stdout only."""
    rng = np.random.default_rng(0)
    f = tmp_path / "inf.csv"
    pd.DataFrame({"g": ["a"] * 500 + ["b"] * 501,
                  "r": np.r_[rng.normal(size=1000), np.inf]}).to_csv(f, index=False)
    assert main(["report", str(f), "--by", "g", *quiet, "-o", str(tmp_path / "r.html")]) == 0
    cap = capsys.readouterr()
    said = [ln for ln in cap.err.splitlines() if ln.startswith("tailstat: ! b: not classified")]
    assert len(said) == 1 and "infinite value" in said[0] and "not classified" not in cap.out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", ["classify", "report"])
def test_an_output_that_is_not_a_regular_file_is_refused(scores, tmp_path, capsys,
                                                         command) -> None:
    """-o onto a device replaced it with a regular file (as root, /dev/null itself)."""
    pipe = tmp_path / ("out.html" if command == "report" else "out.txt")
    os.mkfifo(pipe)
    code = main([command, str(scores), "--column", "reward", "--by", "model", "-q", "-o",
                 str(pipe)])
    assert code == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and "Traceback" not in err
    assert pipe.is_fifo()


def test_a_missing_optional_extra_is_an_error_not_a_bug(scores, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails
    code = main(["classify", str(scores), "--column", "reward", "--dask", "-q"])
    assert code == 2
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("tailstat: error")]
    assert len(err) == 1 and "dask.distributed" in err[0] and "probably a bug" not in err[0]


def test_sigterm_is_an_interrupt_that_leaves_nothing_behind(tmp_path) -> None:
    """Killed with SIGTERM (kill, timeout), report left its forked workers running and its
    temporary file behind; Ctrl-C did not."""
    rng = np.random.default_rng(0)
    data = tmp_path / "g.csv"
    pd.DataFrame({"reward": rng.standard_t(3.0, 40 * 3000),
                  "model": np.repeat([f"m{i}" for i in range(40)], 3000)}).to_csv(data,
                                                                              index=False)
    out = tmp_path / "r.html"
    out.write_text("the old report")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "tailstat", "report", str(data), "--column",
                             "reward", "--by", "model", "-o", str(out)], cwd=tmp_path, env=env,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:  # the analysis has started (and the workers are forked)
        if "classifying m1" in line:
            break
    proc.send_signal(signal.SIGTERM)
    rest = proc.communicate(timeout=120)[1]
    assert proc.returncode == 130, rest
    assert "tailstat: interrupted" in rest and "Traceback" not in rest
    time.sleep(0.5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.csv", "r.html"]
    assert out.read_text() == "the old report"


def test_goodhart_beyond_the_drawn_groups_is_made_when_asked_and_said_when_not(
        tmp_path, capsys) -> None:
    """--goodhart with 51 groups and --figures auto: exit 0 without the sections, said only
    inside the report; then said on stderr, with advice (--figures all) that a saved
    analysis of the run could not follow (review 422). Now --goodhart makes them (as text),
    and the default says how to have them."""
    rng = np.random.default_rng(1)
    data = tmp_path / "g51.csv"
    pd.DataFrame({"reward": rng.normal(size=51 * 300),
                  "model": np.repeat([f"m{i:02d}" for i in range(51)], 300)}).to_csv(
        data, index=False)
    out = tmp_path / "r.html"
    assert main(["report", str(data), "--column", "reward", "--by", "model", "--goodhart",
                 "-q", "-o", str(out), "--save-analysis", str(tmp_path / "a.json")]) == 0
    assert "What optimisation would do" not in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").count("What optimisation would do") >= 51
    assert len(ts.read_analysis(tmp_path / "a.json").goodhart) == 51
    assert main(["report", str(data), "--column", "reward", "--by", "model", "-q",
                 "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "tailstat: note: the sections 'What optimisation would do' are left out" in err
    assert "give --goodhart to have them (as text)" in err


def test_options_a_saved_analysis_or_trl_logs_cannot_take(tmp_path: Path, capsys,
                                                           monkeypatch) -> None:
    """A stop-43 review of the CLI: --no-goodhart on an analysis saved with its Goodhart
    summaries was accepted and ignored (--goodhart was refused); the "to run again" line of
    a report of TRL logs with --step-bins added --by steps, which the command refuses; -o -
    wrote a file named '-'."""
    import tailstat as ts

    rng = np.random.default_rng(2)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 3000), "r": rng.normal(size=6000)})
    saved = tmp_path / "saved.json"
    ts.analyze(df, "r", by="m", goodhart=True).to_json(saved)
    assert main(["classify", str(saved), "--no-goodhart", "-q"]) == 2
    assert "--no-goodhart cannot apply" in capsys.readouterr().err
    # a flag that says how it was made is accepted, as --fdr and --seed are (a review:
    # scripts that pass --goodhart to every call failed on the saved analysis)
    assert main(["classify", str(saved), "--goodhart", "-q"]) == 0
    assert main(["classify", str(saved), "--bayes"]) == 2
    err = capsys.readouterr().err
    # refused before any work is announced (it said "(Bayesian GPD fits: slow)" first)
    assert "--bayes cannot apply" in err and "Bayesian GPD fits" not in err
    plain = tmp_path / "plain.json"
    ts.analyze(df, "r", by="m").to_json(plain)
    assert main(["classify", str(plain), "--goodhart", "-q"]) == 2
    assert "--goodhart cannot apply" in capsys.readouterr().err
    # the diff review: made with goodhart=True but every summary failed (none kept)
    import dataclasses

    none_kept = tmp_path / "none_kept.json"
    every = ts.read_analysis(saved)  # (each failed group keeps its reason: review 420)
    dataclasses.replace(every, goodhart={}, goodhart_failures={k: "failed" for k in every.goodhart}
                        ).to_json(none_kept)
    assert main(["classify", str(none_kept), "--no-goodhart", "-q"]) == 2
    assert "--no-goodhart cannot apply" in capsys.readouterr().err
    logs = tmp_path / "completions"
    logs.mkdir()
    for step in range(10, 110, 10):
        pd.DataFrame({"step": step, "prompt": "p", "completion": "c",
                      "reward_fn": rng.normal(size=300)}).to_parquet(
            logs / f"completions_{step:05d}.parquet")
    out = tmp_path / "trl.html"
    assert main(["report", str(logs), "--step-bins", "2", "-q", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "--step-bins 2" in page and "--by steps" not in page
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    assert main(["classify", str(saved), "-o", "-", "-q"]) == 0
    assert "group" in capsys.readouterr().out and not (tmp_path / "-").exists()


def test_save_analysis_writes_what_report_renders_again(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    """A new user's review: only Python could write the saved analysis that 'tailstat report
    FILE.json' renders, so a CI job could not keep one. --save-analysis writes it, from
    classify (its JSON on stdout stays JSON) and from report; it is checked before any
    work, like -o."""
    import json

    from tailstat.saved import read_analysis

    data = tmp_path / "rm.csv"
    rng = np.random.default_rng(0)
    pd.DataFrame({"m": np.repeat(["a", "b"], 2000),
                  "r": np.r_[rng.standard_t(3, 2000), rng.normal(size=2000)]}).to_csv(
        data, index=False)
    saved = tmp_path / "a.json"
    assert main(["classify", str(data), "--column", "r", "--by", "m", "--json",
                 "--save-analysis", str(saved)]) == 0
    out = capsys.readouterr()
    doc = json.loads(out.out)  # stdout: the document alone
    assert f"wrote {saved}" in out.err
    back = read_analysis(saved)
    assert set(back.classifications) == {"a", "b"}
    assert back.classifications["a"].probabilities == pytest.approx(
        doc["classifications"]["a"]["probabilities"])
    html_path = tmp_path / "r.html"
    assert main(["report", str(saved), "-o", str(html_path), "-q"]) == 0
    assert html_path.stat().st_size > 10_000
    gz = tmp_path / "b.json.gz"
    assert main(["report", str(data), "--column", "r", "--by", "m", "-o",
                 str(tmp_path / "s.html"), "-q", "--save-analysis", str(gz)]) == 0
    assert set(read_analysis(gz).classifications) == {"a", "b"}
    for bad, words in [([str(data)], "--save-analysis '"), ([""], "needs a file name"),
                       ([str(tmp_path / "same.json"), "-o", str(tmp_path / "same.json"),
                         "--json"], "both name")]:
        capsys.readouterr()
        assert main(["classify", str(data), "--column", "r", "--save-analysis", *bad]) == 2
        assert words in capsys.readouterr().err
    assert data.stat().st_size > 1000 and not (tmp_path / "same.json").exists()


def test_an_output_named_by_a_symbolic_link_loop_is_refused_and_the_links_kept(
        scores: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Review 365: -o or --save-analysis naming a link to itself ended as "unexpected
    RuntimeError: Symlink loop ... (probably a bug)", exit 70, blaming the input. Review 366:
    written in the link's place, two links leading to each other let -o overwrite the saved
    analysis. A loop is refused, naming the option."""
    html, saved = tmp_path / "loop.html", tmp_path / "loop.json"
    html.symlink_to(html.name)
    assert main(["report", str(scores), "--by", "model", "-q", "-o", str(html)]) == 2
    assert f"-o '{html}' is a symbolic link that leads back to itself" in capsys.readouterr().err
    one, two = tmp_path / "l1", tmp_path / "l2"
    one.symlink_to(two.name)
    two.symlink_to(one.name)
    assert main(["classify", str(scores), "--by", "model", "-q", "-o", str(one), "--json",
                 "--save-analysis", str(two)]) == 2
    assert "a symbolic link that leads back to itself (a loop)" in capsys.readouterr().err
    assert html.is_symlink() and one.is_symlink() and two.is_symlink()
    assert not saved.exists()


def test_report_into_the_null_device_builds_and_discards(scores, capsys) -> None:
    """``report -o /dev/null`` was refused as "not an .html name", where ``classify -o
    /dev/null`` discards its table; the report is now built (its checks and notes said) and
    discarded, and the device is left a device."""
    code = main(["report", str(scores), "--column", "reward", "--by", "model",
                 "--figures", "none", "-o", os.devnull])
    assert code == 0
    err = capsys.readouterr().err
    assert f"discarded {os.devnull}" in err and "Traceback" not in err
    assert not Path(os.devnull).is_file()
