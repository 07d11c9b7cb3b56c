"""Text that is a number written another way gets a message that says so
(``tailstat/data/_number_hints.py``): a decimal comma (``tests/test_intake_text_layouts.py``),
a typeset minus sign or a no-break space."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data._number_hints import text_number_hint


@pytest.mark.parametrize(("text", "number", "said"), [
    ("\u22126.857", "-6.857", "a minus sign U+2212"),
    ("0.25\u00a0", "0.25", "a no-break space (U+00A0)"),
    ("\u22121\u202f000.5", "-1000.5", "a narrow no-break space"),
])
def test_a_typeset_number_is_named_with_what_to_replace(text: str, number: str,
                                                        said: str) -> None:
    hint = text_number_hint(text, "reward")
    assert f"is the number {number} written with" in hint and said in hint
    assert "(column 'reward')" in hint and ".str.replace(" in hint
    assert text_number_hint("\u2212abc") == "" and text_number_hint("good") == ""


def test_a_column_of_typeset_numbers_is_named_not_said_to_hold_no_numbers(tmp_path) -> None:
    """A review: a CSV of one column of numbers with a Unicode minus (a spreadsheet's or a
    paper's export) was refused as "no numeric column ... none holds numbers" unless the
    column was named; so was a column of booleans. Read as column= reads it, the error names
    the first value and what to replace."""
    values = [f"{v:.3f}".replace("-", "\u2212") for v in
              np.random.default_rng(0).normal(size=300)]
    with pytest.raises(ts.DataError, match="written with a minus sign U\\+2212"):
        ts.classify(pd.DataFrame({"reward": values}))
    with pytest.raises(ts.DataError, match="holds booleans"):
        ts.classify(pd.DataFrame({"ok": [True, False] * 100}))
    # words are no numbers written another way: the message as before
    with pytest.raises(ts.DataError, match="no numeric column to analyse"):
        ts.classify(pd.DataFrame({"r": ["good", "bad"] * 100}))
    # by the command line, from a file
    path = tmp_path / "um.csv"
    path.write_text("reward\n" + "\n".join(values) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "tailstat", "classify", str(path), "-q"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 2 and "written with a minus sign U+2212" in run.stderr


def test_typeset_numbers_beside_a_numeric_column_are_named_not_passed_over() -> None:
    """A review: a reward column of numbers with a typeset minus beside a step column had the
    step column classified without a word (the rewards read as text); and a column of them
    after a run of plain ones was refused with no word of the minus."""
    values = [f"{v:.3f}".replace("-", "\u2212") for v in
              np.random.default_rng(0).normal(size=300)]
    with pytest.raises(ts.DataError, match=r"column 'reward' holds numbers but is not "
                                           r"numeric.*written with a minus sign U\+2212"):
        ts.classify(pd.DataFrame({"step": np.arange(300) * 10 + 7, "reward": values}))
    # one column: as column= reads it, not advice to choose among columns (a review)
    with pytest.raises(ts.DataError, match=r"^'reward' is not numeric: value '\u22120\.132'.*"
                                           r"written with a minus sign U\+2212") as got:
        ts.classify(pd.DataFrame({"reward": ["0.5"] * 150 + values[:150]}))
    assert "column=" not in str(got.value)
