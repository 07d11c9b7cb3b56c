"""Groups of training steps (``by="step"``, ``--by step``): steps written as text are in the
order of their numbers, while every other column keeps the order of its keys' text
(:func:`tailstat.data._grouping._steps_in_order`)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import check_groups, read_trl_completions
from tailstat.data.groups import MISSING_KEY

STEPS = ["1", "10", "100", "2", "20", "9"]  # in the order of their text
IN_ORDER = ["1", "2", "9", "10", "20", "100"]


def _table(keys: list[str | None], name: str = "step", shuffled: bool = False,
           rows: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    df = pd.DataFrame({name: np.repeat(np.asarray(keys, dtype=object), rows),
                       "r": rng.normal(size=rows * len(keys))})
    return df.sample(frac=1.0, random_state=2).reset_index(drop=True) if shuffled else df


@pytest.mark.parametrize("shuffled", [False, True])  # runs of equal keys, or row by row
def test_steps_written_as_text_are_in_the_order_of_their_numbers(shuffled: bool) -> None:
    """A review: ``--by step`` of steps written as text ordered them as text, "10" before
    "9". Integers are ordered as numbers, and so is one common prefix and an integer
    ("step_9" before "step_10"); the missing step is last, as before."""
    assert list(check_groups(_table(STEPS, shuffled=shuffled), "r", by="step").samples) == \
        IN_ORDER
    named = [f"step_{s}" for s in STEPS]
    assert list(check_groups(_table(named, shuffled=shuffled), "r", by="step").samples) == \
        [f"step_{s}" for s in IN_ORDER]
    signed = _table(["-1", "10", "+5", "0", None, "9"], name="Step", shuffled=shuffled)
    assert list(check_groups(signed, "r", by="Step").samples) == [
        "-1", "0", "+5", "9", "10", MISSING_KEY]
    two = _table(STEPS, shuffled=shuffled)  # beside another column: within each mode
    two["mode"] = np.where(np.arange(len(two)) % 2 == 0, "train", "eval")
    keys = list(check_groups(two, "r", by=["mode", "step"]).samples)
    assert keys == [(m, s) for m in ("eval", "train") for s in IN_ORDER]


def test_trl_logs_and_the_analysis_order_text_steps_by_number() -> None:
    """The TRL reader's ``by="step"`` and the analysis' table (a string dtype column)."""
    rng = np.random.default_rng(6)
    logs = pd.DataFrame({"step": np.repeat(STEPS, 60), "prompt": "p", "completion": "c",
                         "reward_fn": rng.normal(size=360), "advantage": 0.0})
    logs["step"] = logs["step"].astype("string")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        table = ts.analyze(read_trl_completions(logs, by="step")).to_frame()
    assert list(table["group"]) == IN_ORDER


def test_other_groups_keep_the_order_of_their_text() -> None:
    """Only a step column's keys are reordered, and only when they are all numbers (with
    one prefix): a model column of the same keys, steps of several prefixes or with other
    text, and a categorical step column (its categories' order) are as before."""
    assert list(check_groups(_table(STEPS, name="model"), "r", by="model").samples) == STEPS
    mixed = ["a", "b10", "b9"]
    assert list(check_groups(_table(mixed), "r", by="step").samples) == mixed
    texts = ["10", "9", "x"]
    assert list(check_groups(_table(texts), "r", by="step").samples) == texts
    cats = _table(STEPS)
    cats["step"] = pd.Categorical(cats["step"], categories=["9", "100", "20", "10", "2", "1"])
    assert list(check_groups(cats, "r", by="step").samples) == [
        "9", "100", "20", "10", "2", "1"]
    numbers = _table(STEPS)
    numbers["step"] = numbers["step"].astype(int)
    assert list(check_groups(numbers, "r", by="step").samples) == [int(s) for s in IN_ORDER]
