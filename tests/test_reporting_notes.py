"""What gold changes in a group's verdict (tailstat/reporting/notes.py): one sentence for the
report and for the lines ``tailstat report`` prints."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import tailstat as ts
from tailstat.cli import main
from tailstat.reporting.notes import group_sentence

NOTE = "But its error against gold is not heavy-tailed"


def _heavy_gold(n: int = 20_000, seed: int = 400) -> pd.DataFrame:
    """A lognormal gold score and a small normal error: the reward is heavy because gold is."""
    r = np.random.default_rng(seed)
    gold = r.lognormal(0.0, 1.0, n)
    return pd.DataFrame({"model": "m", "gold": gold, "reward": gold + 0.3 * r.normal(size=n)})


def test_a_heavy_reward_of_a_heavy_gold_says_so_in_the_printed_lines(tmp_path, capsys) -> None:
    """Review 400: ``tailstat report --gold`` printed "catastrophic Goodhart is possible" for a
    heavy reward whose error against gold is light (lognormal gold, normal error), where the
    report's verdict adds that the heavy tail is the true utility's."""
    df = _heavy_gold()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", by="model", gold="gold")
    assert a.classifications["m"].label == "heavy" and a.error_classifications["m"].label == "light"
    sentence = group_sentence(a, "m")
    assert sentence.startswith(a.classifications["m"].explain()) and NOTE in sentence
    f = tmp_path / "s.csv"
    df.to_csv(f, index=False)
    out = tmp_path / "r.html"
    assert main(["report", str(f), "--column", "reward", "--by", "model", "--gold", "gold",
                 "-o", str(out)]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("  - ")]
    assert len(lines) == 1 and NOTE in lines[0] and "in the HTML report" in lines[0]
    assert NOTE in out.read_text(encoding="utf-8")


def test_without_gold_the_sentence_is_the_classification_s_own() -> None:
    df = _heavy_gold()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", by="model")
    assert group_sentence(a, "m") == a.classifications["m"].explain()


def test_the_printed_line_points_to_the_html_report_in_every_branch() -> None:
    """Review 405: the note of a light reward with a heavy error writes "see ... below" in
    lower case, which the printed line kept, pointing below a line of text."""
    r = np.random.default_rng(0)  # the reward reads light, its error heavy
    n = 5000
    gold = 2 * r.normal(size=n)
    err = 0.3 * r.normal(size=n) + 0.5 * (r.random(n) < 0.005) * r.pareto(1.0, n)
    df = pd.DataFrame({"model": "m", "gold": gold, "reward": gold + err})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(df, "reward", by="model", gold="gold")
    assert a.classifications["m"].label == "light"
    sentence = group_sentence(a, "m")
    assert "error against gold" in sentence and " below" not in sentence
    assert "in the HTML report" in sentence
