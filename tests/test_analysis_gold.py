"""The error reward − gold of each group (``tailstat/analysis_gold.py`` and its use in
``tailstat.analyze``): a group whose error cannot be read is named in a warning and in
``explain()``, not only in its row's ``gold_note``."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.analysis_gold import gold_error


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"g": np.repeat(["a", "b", "c"], 600), "r": rng.normal(size=1800)})
    df["gold"] = df["r"] - 0.3 * rng.normal(size=1800)
    df.loc[df["g"] == "b", "gold"] = 3.0  # constant gold: no information
    few = (df["g"] == "c") & (np.arange(1800) % 600 >= 30)
    df.loc[few, "gold"] = np.nan  # 30 rows with a gold score
    return df


def test_groups_whose_error_is_not_read_are_warned_and_explained() -> None:
    """A review: a constant gold score, or too few gold rows, left the error unread with no
    warning, explain() silent, and the reason "'c error' has 30 values" naming a sample the
    user never made."""
    with pytest.warns(ts.TailstatWarning, match=r"The error \(reward − gold\) of 2 of 3 "
                                                r"groups could not be analysed") as rec:
        a = ts.analyze(_frame(), "r", by="g", gold="gold")
    said = " ".join(str(w.message) for w in rec)
    assert "'b': the gold scores of 'b' are all equal" in said
    notes = dict(zip(a.table["group"], a.table["gold_note"], strict=True))
    assert notes["c"].startswith("the error reward − gold of 'c', read from the 30 rows with "
                                 "a gold score, could not be analysed")
    assert set(a.error_classifications) == {"a"}
    text = a.explain()
    assert "The error (reward − gold) could not be analysed for 'b', 'c'" in text
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = ts.analyze(_frame(), "r", by="g", gold="gold", warn=False)
    assert quiet.explain() == text


@pytest.mark.parametrize(("u", "v", "words"), [
    (np.array([]), np.array([]), "no row of 'k' has both"),
    (np.arange(5.0), np.full(5, 2.0), "the gold scores of 'k' are all equal"),
    (np.array([1e308, -1e308]), np.array([-1e308, 1e308]), "overflows"),
    (np.arange(5.0) + 1.0, np.arange(5.0), "is constant (about 1)"),
])
def test_an_error_without_a_tail_is_refused_naming_the_group(u, v, words) -> None:
    with pytest.raises(ts.DataError, match=words.replace("(", r"\(").replace(")", r"\)")):
        gold_error("k", u, v)
    x = gold_error("k", np.array([1.0, 3.0, 2.0]), np.array([0.5, 1.0, 2.0]))
    np.testing.assert_array_equal(x, [0.5, 2.0, 0.0])


def test_a_group_without_gold_rows_says_so_in_the_users_words() -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"r": rng.normal(size=2000), "g": ["a"] * 1000 + ["b"] * 1000,
                       "v": np.r_[rng.normal(size=1000), [np.nan] * 1000]})
    with pytest.warns(ts.TailstatWarning, match=r"The error \(reward − gold\) of 1 of 2"):
        res = ts.analyze(df, "r", by="g", gold="v")
    row = res.table.set_index("group").loc["b"]
    assert row["n_gold"] == 0 and row["label"] in ("heavy", "light", "bounded")
    # the group named inside the sentence: capitalising the note cannot change its name
    assert "no row of 'b' has both a reward and a gold score" in row["gold_note"]
    assert "TailSketch" not in row["gold_note"]  # not the internals the user never made
    # one pair: the usual "too few values", not the capacity of a sketch the user never made
    df.loc[1000, "v"] = 0.5
    with pytest.warns(ts.TailstatWarning, match=r"The error \(reward − gold\) of 1 of 2"):
        res = ts.analyze(df, "r", by="g", gold="v")
    note = res.table.set_index("group").loc["b", "gold_note"]
    assert "has only 1 value" in note and "capacity" not in note


def test_an_error_that_overflows_is_refused_and_not_explained() -> None:
    """Scores near the float maximum: reward - gold = inf. The error was classified anyway
    (from a vector holding inf), tail_dependence then refused it, and explain() described
    the classification the table had refused."""
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"r": rng.normal(size=2000), "gold": rng.normal(size=2000)})
    df.loc[3, "r"], df.loc[3, "gold"] = 1.7e308, -1.7e308
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = ts.analyze(df, "r", gold="gold")
    row = a.to_frame().iloc[0]
    assert row["error_label"] is None and "overflows" in row["gold_note"]
    assert not a.error_classifications
    # explain() describes no error reading, and says why there is none (stop 67)
    text = a.explain()
    assert "the error (reward − gold) could not be analysed for 'r'" in text.lower()
    assert "heavy-tailed error" not in text and "error (reward − gold) is" not in text


def test_a_group_named_after_the_reward_keeps_the_words_of_its_failure() -> None:
    """A re-read: the failure was told apart by the word "reward" in its message, which a
    group named reward_v2 also put there: its note fell back to "'reward_v2 error' has 30
    values"."""
    df = _frame().replace({"g": {"c": "reward_v2"}})
    with pytest.warns(ts.TailstatWarning):
        a = ts.analyze(df, "r", by="g", gold="gold")
    note = a.table.set_index("group").loc["reward_v2", "gold_note"]
    assert note.startswith("the error reward − gold of 'reward_v2', read from the 30 rows")
    assert not note.endswith(".")


def test_the_tables_chi_is_null_on_fewer_than_five_errors_above_its_level() -> None:
    """A review: 150 pairs of an error independent of gold showed chi_0.99 = 1.0 (perfect
    tail dependence) from one error above the level, while the report and the text quote a
    lower level there; the table's cell is now null below MIN_CHI_EXCEED errors."""
    from tailstat.dependence import MIN_CHI_EXCEED

    r = np.random.default_rng(92)
    v = r.normal(size=150)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        a = ts.analyze(pd.DataFrame({"r": v + r.normal(size=150), "g": v}), "r", gold="g")
    rows = next(iter(a.dependence.values())).table.set_index("u")
    assert rows.loc[0.99, "n_exceed"] < MIN_CHI_EXCEED <= rows.loc[0.95, "n_exceed"]
    assert np.isnan(a.table["chi_0.99"].iloc[0])
    assert a.table["chi_0.95"].iloc[0] == rows.loc[0.95, "chi"]
