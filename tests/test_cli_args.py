"""The command line's argparse pieces: ``tailstat/_cli_args.py``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tailstat.cli import build_parser, main


@pytest.fixture
def scores(tmp_path: Path) -> Path:
    path = tmp_path / "scores.csv"
    rng = np.random.default_rng(0)
    pd.DataFrame({"score": rng.standard_t(4, 600), "gold": rng.normal(size=600),
                  "m": ["a", "b"] * 300}).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("twice", [["--column", "score", "--column", "gold"],
                                   ["--format", "csv", "--format", "json"],
                                   ["--json", "-o", "a.json", "--output", "b.json"],
                                   ["--gold", "gold", "--gold", "score"],
                                   ["--seed", "1", "--seed", "2"],
                                   ["--goodhart", "--no-goodhart"]])
def test_an_option_given_twice_is_refused(scores: Path, twice: list[str], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: argparse kept the last of a repeated option, so ``--column score --column
    gold`` analysed 'gold' alone with exit 0, and ``-o a.json -o b.json`` wrote b.json."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(scores), "-q", *twice])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "was given twice; give it once" in err and twice[-2] in err
    assert ("use --by for several group columns" in err) == (twice[0] == "--column")
    assert not list(tmp_path.glob("*.json"))


def test_by_may_repeat_and_options_given_once_pass(scores: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", str(scores), "-q", "--column", "score", "--by", "m"]) == 0
    out = capsys.readouterr().out
    assert "a" in out and "b" in out
    # one parser, parsed twice: each command line is its own
    p = build_parser()
    for _ in range(2):
        args = p.parse_args(["classify", str(scores), "--column", "score", "--by", "m",
                             "--by", "gold"])
        assert args.column == "score" and args.by == ["m", "gold"]


@pytest.mark.parametrize(("option", "bad", "words"), [
    ("--fdr", "1", "strictly between 0 and 1"), ("--seed", "-1", "non-negative integer"),
    ("--level", "0.999", "at most"), ("--step-bins", "0", "positive integer")])
def test_checked_option_values(scores: Path, option: str, bad: str, words: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["classify", str(scores), option, bad])
    assert exc.value.code == 2 and words in capsys.readouterr().err


def test_demo_refuses_a_seed_given_twice(capsys: pytest.CaptureFixture[str]) -> None:
    """The diff's review: demo, which does not share the data options, kept the last."""
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--seed", "1", "--seed", "2"])
    assert exc.value.code == 2 and "--seed was given twice" in capsys.readouterr().err


def test_options_are_not_abbreviated() -> None:
    """Review 401: ``--col`` read as ``--column`` and ``--no-good`` as ``--no-goodhart``; a
    later option starting alike would have broken such scripts (``--go`` already was)."""
    with pytest.raises(SystemExit) as usage:
        main(["classify", "x.csv", "--col", "reward"])
    assert usage.value.code == 2
