"""``--scores`` given as its default value (``tailstat/_cli_input.py``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tailstat.cli import main


def _outputs(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "rb_outputs.jsonl"
    pd.DataFrame({"id": range(400), "subset": np.repeat(["a", "b"], 200),
                  "scores_chosen": rng.normal(size=400), "scores_rejected": rng.normal(size=400)}
                 ).to_json(path, orient="records", lines=True)
    return path


def test_scores_chosen_given_is_refused_where_the_other_values_are(tmp_path, capsys) -> None:
    """Review 426: the default was "chosen", so a "--scores chosen" typed out read as not
    given: a plain table took it in silence, and a saved analysis of margins was shown as
    the chosen scores asked for."""
    table = tmp_path / "t.csv"
    pd.DataFrame({"reward": np.random.default_rng(1).normal(size=500)}).to_csv(table)
    assert main(["classify", str(table), "--column", "reward", "--scores", "chosen", "-q"]) == 2
    assert "--scores is for RewardBench outputs" in capsys.readouterr().err

    path, saved = _outputs(tmp_path), tmp_path / "a.json"
    assert main(["classify", str(path), "--scores", "margin", "-q", "--no-goodhart",
                 "--save-analysis", str(saved)]) == 0
    capsys.readouterr()
    assert main(["classify", str(saved), "--scores", "chosen", "-q"]) == 2
    err = capsys.readouterr().err
    assert "--scores chosen (made with margin) cannot apply" in err

    assert main(["classify", str(saved), "--scores", "margin", "-q"]) == 0  # as it was made
    assert main(["classify", str(path), "--scores", "chosen", "-q", "--no-goodhart",
                 "--save-analysis", str(saved)]) == 0
    capsys.readouterr()
    for given in ([], ["--scores", "chosen"]):  # made with the default: chosen either way
        assert main(["classify", str(saved), *given, "-q"]) == 0, given
    assert main(["classify", str(saved), "--scores", "margin", "-q"]) == 2
    assert "--scores margin (made without it)" in capsys.readouterr().err
