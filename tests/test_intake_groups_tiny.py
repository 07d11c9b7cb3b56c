"""Groups too small to analyse, refused together, and the reward column left when by= and
gold= are taken (tailstat.data.groups)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts
from tailstat.data import check_groups
from tailstat.data.intake import MIN_SIZE
from tailstat.errors import DataError, MissingValuesError


def _table() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    values = [rng.normal(size=60), [1.0], [np.nan], [2.0, np.nan, 3.0], [np.inf, 1.0],
              rng.normal(size=80), [4.0, 5.0]]
    return pd.DataFrame({"r": np.concatenate(values),
                         "g": np.repeat(list("abcdefg"), [len(v) for v in values])})


def test_tiny_groups_are_refused_with_their_own_errors_and_no_traceback() -> None:
    """A million groups of one row each took a minute and 3.4 GB: each was checked on its own
    and its error kept with its traceback (whose frames held the check's locals). They are
    now refused together, with the error and counts each group's check gives; no stored
    error keeps a traceback."""
    groups = check_groups(_table(), "r", by="g")
    s, missing, sizes = groups.samples, groups.missing, groups.sizes
    assert not isinstance(s["a"], DataError) and not isinstance(s["f"], DataError)
    assert str(s["b"]) == (f"'b' has only 1 value(s); at least {MIN_SIZE} are needed (and far "
                           "more for a useful tail estimate).")
    assert str(s["c"]) == ("'c' is empty (all 1 values were NaN): there are no rewards to "
                           f"analyse; at least {MIN_SIZE} values are needed.")
    assert str(s["d"]).startswith("'d' has only 2 value(s) (1 missing value(s) dropped);")
    assert "infinite value" in str(s["e"]) and "row 65 of" in str(s["e"])  # where, as before
    assert str(s["g"]).startswith("'g' has only 2 value(s);")
    assert [missing[k] for k in "abcdefg"] == [0, 0, 1, 1, 0, 0, 0]
    assert [sizes[k] for k in "abcdefg"] == [60, 1, 0, 2, 2, 80, 2]
    for key in "bcdeg":
        assert isinstance(s[key], DataError) and s[key].__traceback__ is None
    # nan="raise": a tiny group with a missing reward says so, as its own check does
    raised = check_groups(_table(), "r", by="g", nan="raise").samples
    assert isinstance(raised["d"], MissingValuesError) and str(raised["b"]) == str(s["b"])


@pytest.mark.parametrize("min_size", [2, 3])
def test_min_size_decides_which_groups_are_tiny(min_size: int) -> None:
    s = check_groups(_table(), "r", by="g", min_size=min_size).samples
    assert str(s["b"]).startswith(f"'b' has only 1 value(s); at least {min_size} are needed")
    assert isinstance(s["g"], DataError) == (min_size > 2)


def test_by_or_gold_taking_the_only_numbers_is_named() -> None:
    """A review: analyze(df, by="reward") said "no numeric column to analyse; the data has
    columns ['model'] ... Convert the reward column to numbers", though the data has one: the
    by= column took it."""
    df = pd.DataFrame({"model": ["a", "b"] * 100,
                       "reward": np.random.default_rng(0).normal(size=200)})
    for kw in ({"by": "reward"}, {"gold": "reward"}):
        with raises_data_error("the only numeric column 'reward' of the data is the by= or "
                               "gold= column"):
            ts.analyze(df, **kw)


def test_a_by_column_held_as_the_index_is_named_so() -> None:
    """A review: by= naming an index level (df.set_index("model")) said only "unknown by=
    column 'model'", with no word of the index or of reset_index()."""
    df = pd.DataFrame({"model": ["a", "b"] * 300,
                       "r": np.random.default_rng(0).normal(size=600)}).set_index("model")
    with raises_data_error("'model' names the table's index, not a column: pass "
                           "df.reset_index()"):
        ts.analyze(df, "r", by="model")


def test_a_grouping_with_no_group_large_enough_is_refused_at_once() -> None:
    """A review: ``--by`` a column of scores made 2,000 groups of one row, each refused after
    the others (2,000 progress lines, then a 1,200-character error). A grouping that reads
    like a column of values (more groups than half the rows, none large enough) is refused
    at once, saying so."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"score": rng.normal(size=2000), "gold": rng.normal(size=2000),
                       "m": ["a", "b"] * 1000})
    with raises_data_error("by= 'gold' splits the 2,000 rows into 2,000 groups, none with the "
                           "50 values a group needs (the largest has 1)",
                           "Is it a column of scores rather than of group names?"):
        ts.analyze(df, "score", by="gold")
    # a few small groups are analysed, and fail, as such (their analysis is saved, reported)
    with pytest.warns(ts.TailstatWarning, match="2 of 2 groups could not be analysed"):
        assert not ts.analyze(df.iloc[:40], "score", by="m").classifications
    # one group large enough: analysed, the others failed
    with pytest.warns(ts.TailstatWarning, match="2 of 3 groups could not be analysed"):
        a = ts.analyze(pd.concat([df.iloc[:40], df.iloc[40:].assign(m="c")]), "score",
                       by="m")
    assert set(a.classifications) == {"c"} and set(a.failures) == {"a", "b"}
