"""Column labels (:mod:`tailstat.data._labels`): tables whose columns are a MultiIndex, and
the column an unknown name nearly is.

A column of such a table is named by a tuple (``("x", "r")``): ``by=`` with a tuple that is
one column label is that column (as ``df.groupby(("x", "g"))`` reads it), while a tuple that
is not a label still names several columns; an unknown name says how to spell a column.
"""

from __future__ import annotations

import unicodedata
import warnings

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.data import check_groups, check_sample
from tailstat.data.partitions import resolve_columns


def _multi() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({("x", "r"): rng.pareto(3.0, 400) + 1.0,
                         ("x", "g"): np.repeat(["a", "b"], 200),
                         ("y", "gold"): rng.normal(size=400)})


def test_by_a_tuple_that_is_a_column_label_is_that_one_column():
    """``by=("x", "g")`` was read as the two columns 'x' and 'g' ("unknown by= column
    'x'") while ``by=[("x", "g")]`` worked."""
    df = _multi()
    groups = check_groups(df, ("x", "r"), by=("x", "g"))
    assert list(groups.samples) == ["a", "b"]
    assert groups.by == (("x", "g"),)
    assert resolve_columns(df, ("x", "r"), by=("x", "g"))[1] == (("x", "g"),)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        one = ts.analyze(df, ("x", "r"), by=("x", "g"), seed=1)
        listed = ts.analyze(df, ("x", "r"), by=[("x", "g")], seed=1)
    assert one.table.equals(listed.table)
    # a tuple that is not one column label still names several columns
    flat = pd.DataFrame({"a": [1, 2] * 10, "b": [1, 1, 2, 2] * 5, "r": np.arange(20.0)})
    assert set(check_groups(flat, "r", by=("a", "b"), min_size=2).samples) == {
        (1, 1), (1, 2), (2, 1), (2, 2)}


def test_an_unknown_column_of_a_multiindex_says_to_name_it_by_its_tuple():
    """``column='r'`` listed the columns but not how to name one of a MultiIndex."""
    df = _multi()
    with raises_data_error("unknown column 'r'", "MultiIndex", "column=('x', 'r')"):
        ts.analyze(df, "r")
    with raises_data_error("unknown by= column 'g'", "by=('x', 'g')"):
        check_groups(df, ("x", "r"), by="g")
    with raises_data_error("unknown gold= column", "tuple", "e.g. gold=("):
        check_groups(df, ("x", "r"), gold="nothing")
    with raises_data_error("unknown column 'r'") as err:  # other tables: no such advice
        ts.analyze(pd.DataFrame({"a": np.arange(9.0)}), "r")
    assert "MultiIndex" not in str(err.value)


def test_an_unknown_name_suggests_the_column_it_nearly_is(tmp_path):
    """A header ``group, reward`` names its column ``' reward'``, and JSON lines with nested
    fields give ``'scores.reward'``: ``column='reward'`` listed the columns with no word on
    the one meant. A name like none of them gets no suggestion."""
    path = tmp_path / "spaced.csv"
    path.write_text("group, reward\n" + "".join(f"a, {v}\n" for v in range(1, 40)))
    with pytest.raises(ts.DataError, match=r"Did you mean ' reward'\?"):
        check_sample(path, "reward")
    nested = pd.DataFrame({"meta.group": ["a"] * 40, "scores.reward": np.arange(40.0)})
    with pytest.raises(ts.DataError, match=r"Did you mean 'meta\.group'\?"):
        check_groups(nested, "scores.reward", by="group")
    with pytest.raises(ts.DataError, match=r"\['meta\.group', 'scores\.reward'\]\.$"):
        check_sample(nested, "rewrd")


def _roles() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame({"reward": rng.normal(size=60), "gold_score": rng.normal(size=60),
                         "model": np.repeat(["a", "b"], 30)})


def test_a_suggestion_leaves_out_the_columns_other_roles_hold():
    """A review: ``gold='rewrd'`` or ``by='rewards'`` beside ``column='reward'`` was asked
    "did you mean 'reward'?", the reward column itself. A misspelt column of one role (the
    reward column, gold=, by=) is never told of a column another role holds (the reward
    column the reading picks included); the others are still suggested."""
    from tailstat.data.intake import _pick_column, _unique_column

    df = _roles()
    for label, what in (("rewrd", "gold= column"), ("rewards", "by= column")):
        with raises_data_error(f"unknown {what} '{label}'") as err:
            _unique_column(df, label, what, reward="reward", others=[label])
        assert "Did you mean" not in str(err.value)
    # no column=: the reward column is the one read beside gold= ('reward', the only
    # numeric column left), so by='rewards' is not told of it either
    with raises_data_error("unknown by= column 'rewards'") as err:
        _unique_column(df, "rewards", "by= column", others=["gold_score", "rewards"])
    assert "Did you mean" not in str(err.value)
    with raises_data_error("unknown gold= column 'modl'") as err:  # 'model' is the by=
        _unique_column(df, "modl", "gold= column", reward="reward", others=["modl", "model"])
    assert "Did you mean" not in str(err.value)
    with raises_data_error("unknown column 'modl'") as err:  # the reward role: the same
        _pick_column(df, "modl", others=["model"])
    assert "Did you mean" not in str(err.value)
    with raises_data_error("Did you mean 'gold_score'?"):  # a column no role holds
        _unique_column(df, "gold_scor", "gold= column", reward="reward",
                       others=["gold_scor", "model"])
    with raises_data_error("Did you mean 'model'?"):
        _unique_column(df, "modl", "by= column", reward="reward", others=["modl"])
    multi = _multi()  # a MultiIndex: the tuple suggested is not the reward column's
    with raises_data_error("unknown by= column 'x'") as err:
        _unique_column(multi, "x", "by= column", reward=("x", "r"), others=["x"])
    assert "by=('x', 'g')" in str(err.value) and "by=('x', 'r')" not in str(err.value)
    with raises_data_error("e.g. gold=('x', 'g')"):  # the example: a column no role holds
        _unique_column(multi, "nothing", "gold= column", reward=("x", "r"), others=["nothing"])


@pytest.mark.parametrize("kw", [dict(column="reward", gold="rewrd"),
                                dict(column="reward", by="rewards"),
                                dict(gold="gold_score", by="rewards"),
                                dict(column="reward", gold="modl", by="model"),
                                dict(column="modl", by="model")])
def test_check_groups_never_suggests_a_column_of_another_role(kw: dict) -> None:
    """A misspelt gold=/by=/column= name was told "Did you mean 'reward'?" (the column
    already read as the rewards, or as the groups): a column another role holds is never
    suggested."""
    with pytest.raises(ts.DataError) as err:
        check_groups(_roles(), **kw)
    assert "Did you mean" not in str(err.value)


def test_a_free_column_is_still_suggested() -> None:
    with pytest.raises(ts.DataError, match=r"Did you mean 'gold_score'\?"):
        ts.analyze(_roles(), "reward", by="model", gold="gold_scor")


def test_a_name_the_table_has_twice_is_suggested_once(tmp_path) -> None:
    """A review: a CSV with two columns named 'reward', asked for 'reward.1', said "Did you
    mean 'reward' or 'reward'?"."""
    path = tmp_path / "dup.csv"
    path.write_text("model,reward,reward\na,1.0,1.0\n")
    with pytest.raises(ts.DataError, match=r"Did you mean 'reward'\?$"):
        check_sample(str(path), "reward.1")


def test_a_name_in_another_unicode_form_is_said_to_be_one() -> None:
    """A review: a header written by macOS spells 'récompense' with a combining accent; the
    error's hint read "Did you mean 'récompense'?", the name given, as both print alike."""
    nfd = unicodedata.normalize("NFD", "récompense")
    df = pd.DataFrame({"g": ["a"] * 500, nfd: np.zeros(500)})
    with pytest.raises(ts.DataError) as info:
        ts.classify(df, column="récompense")
    text = str(info.value)
    assert "another Unicode form" in text and "df.columns[1]" in text
    assert ascii(nfd) in text and "Did you mean" not in text
    assert list(df.columns) == ["g", nfd]  # left as given
