"""The result base class (``tailstat.results``): frozen results whose arrays stay read-only."""

from __future__ import annotations

import copy
import dataclasses
import math
import pickle
import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tailstat as ts
from tailstat.data import check_sample

_COPIES: dict[str, Callable[[Any], Any]] = {
    "pickle-2": lambda r: pickle.loads(pickle.dumps(r, protocol=2)),
    "pickle-5": lambda r: pickle.loads(pickle.dumps(r, protocol=5)),
    "deepcopy": copy.deepcopy,
    "copy": copy.copy,
}


@pytest.mark.parametrize("how", sorted(_COPIES))
def test_copied_and_unpickled_results_keep_their_arrays_read_only(how: str) -> None:
    """pickle with protocol < 5 and deepcopy rebuild arrays writeable: a copy of a result
    whose arrays could be changed in place (``fit.excesses[:] = 0``) was no longer frozen."""
    x = np.random.default_rng(3).standard_t(3, 4000)
    fit = ts.fit_gpd(x, "95%")
    for r in (check_sample(x), ts.upper_tail(x), fit, fit.return_level([100, 1000]),
              ts.mean_excess(x), ts.hill(x, k=200, ci_method="bootstrap", n_boot=40, seed=0)):
        back = _COPIES[how](r)
        arrays = {name: value for name, value in vars(back).items()
                  if isinstance(value, np.ndarray)}
        assert arrays, type(r).__name__
        for name, value in arrays.items():
            assert not value.flags.writeable, (type(r).__name__, name)
            np.testing.assert_array_equal(value, getattr(r, name))
        with pytest.raises(ValueError, match="read-only"):
            next(iter(arrays.values()))[...] = 0
    # the original's arrays are untouched, and a caller's writeable array stays writeable
    mine = x.copy()
    s = check_sample(mine)
    _COPIES[how](s)
    assert mine.flags.writeable and not s.values.flags.writeable


def test_an_interval_with_a_nan_bound_equals_its_copies() -> None:
    """Equality of NaN bounds went by the NaN object's identity: an interval with a NaN bound
    equalled itself but not its unpickled copy, nor one built from another NaN."""
    iv = ts.Interval(math.nan, 0.5, 0.95, "profile likelihood")
    twins = [_COPIES["pickle-5"](iv), ts.Interval(float("nan"), 0.5, 0.95, "profile likelihood"),
             ts.Interval(np.float64("nan"), 0.5, 0.95, "profile likelihood")]
    for other in twins:
        assert other == iv and iv == other and not iv != other and hash(other) == hash(iv)
    assert len({iv, *twins}) == 1
    assert iv != ts.Interval(math.nan, 0.6, 0.95, "profile likelihood")
    assert iv != ts.Interval(0.1, 0.5, 0.95, "profile likelihood")
    assert iv != ts.Interval(math.nan, 0.5, 0.95, "asymptotic normal")
    # a tuple compares as floats do (NaN equals no number), so equal objects hash equally
    assert iv != (iv.low, iv.high) and iv == iv
    finite = ts.Interval(0.1, 0.5, 0.95, "asymptotic normal")
    assert finite == (0.1, 0.5) and hash(finite) == hash((0.1, 0.5))


def test_a_result_frame_keeps_its_intervals_level() -> None:
    """``to_frame()`` split an interval into ``_low``/``_high`` only: frames of estimates at
    90% and 95% concatenated into one table that no longer said which row was at which
    level (``to_dict()`` kept it)."""
    x = np.random.default_rng(3).pareto(2.0, 2000) + 1.0
    rows = pd.concat([ts.hill(x, k=100, ci=level).to_frame() for level in (0.9, 0.95)])
    assert list(rows["ci_level"]) == [0.9, 0.95]
    fit, bare = ts.fit_gpd(x, "95%", ci=0.9), ts.fit_gpd(x, "95%", ci=None)
    row = fit.to_frame().iloc[0]
    assert (row["ci_level"], row["sigma_ci_level"]) == (0.9, 0.9)
    assert row["ci_level"] == fit.to_dict()["ci"]["level"]
    # an interval not computed: the same columns, empty
    assert list(bare.to_frame().columns) == list(fit.to_frame().columns)
    assert math.isnan(bare.to_frame().iloc[0]["ci_level"])
    assert "ci_level" in fit._repr_html_()


@pytest.mark.parametrize("how", ["none", *sorted(_COPIES)])
def test_a_results_mappings_cannot_be_changed_in_place(how: str) -> None:
    """A frozen result's dictionaries could be changed in place: ``c.probabilities["heavy"]
    = 1`` left a classification whose probabilities no longer matched its label, and
    ``fit.settings["seed"] = 0`` one whose settings no longer said how it was made. Its
    copies and unpickled twins are as frozen; nested dictionaries too; the caller's own
    dictionary stays changeable."""
    x = np.random.default_rng(3).standard_t(3, 4000)
    c = ts.classify(x)
    fit = ts.fit_gpd(x, "95%")
    for r in (c, fit):
        back = r if how == "none" else _COPIES[how](r)
        maps = {n: v for n, v in vars(back).items() if isinstance(v, dict)}
        assert maps, type(r).__name__
        for name, m in maps.items():
            assert isinstance(m, ts.results._FrozenDict), (type(r).__name__, name)
            assert set(m) == set(getattr(r, name))
            for change in (lambda d: d.__setitem__("k", 1), lambda d: d.update(k=1),
                           lambda d: d.pop(next(iter(d), "k")), lambda d: d.clear(),
                           lambda d: d.setdefault("k", 1), lambda d: d.popitem(),
                           # dict's C-level |= bypasses update (a mutation review)
                           lambda d: d.__ior__({"k": 1}),
                           lambda d: d.__delitem__(next(iter(d)))):
                with pytest.raises(TypeError, match="frozen tailstat result"):
                    change(m)
            mine = dict(m)  # a plain copy to change
            mine["k"] = 1
            assert "k" not in m
    nested = [v for v in c.settings.values() if isinstance(v, dict)]
    assert nested and all(isinstance(v, ts.results._FrozenDict) for v in nested)
    with pytest.raises(TypeError, match="frozen"):
        c.probabilities["heavy"] = 1.0
    assert c.label == max(c.probabilities, key=c.probabilities.get)
    # the dictionary given to a result stays the caller's own, changeable, and later
    # changes to it do not reach the result
    mine = {"seed": 1, "nested": {"b": 1}}
    made = dataclasses.replace(fit, settings=mine)
    mine["seed"] = 2
    mine["nested"]["b"] = 2
    assert made.settings == {"seed": 1, "nested": {"b": 1}}
    assert type(mine) is dict and type(mine["nested"]) is dict


@pytest.mark.parametrize("how", ["none", *sorted(_COPIES)])
def test_the_numbers_of_a_results_tables_cannot_be_changed_in_place(how: str) -> None:
    """A review: ``f = kl_frontier(u); f.table.loc[0, "rate"] = 123`` changed the frozen
    result, and ``f.rate_at(...)`` then answered 123. The numpy-typed columns of a result's
    tables are read-only (in its copies too); the caller's frame stays writeable."""
    from tailstat.goodhart import kl_frontier

    u = np.random.default_rng(4).normal(size=5000)
    f = kl_frontier(u) if how == "none" else _COPIES[how](kl_frontier(u))
    before = f.rate_at(float(f.table["target"].iloc[0]))
    for column in ("rate", "extrapolated"):  # a write lands in the copy handed out, if at all
        try:
            with warnings.catch_warnings():  # pandas 3 warns: a write to a copy (below)
                warnings.simplefilter("ignore")
                f.table.loc[0, column] = f.table[column].iloc[1]
        except ValueError as err:  # pandas 2 without copy-on-write: a read-only array
            assert "read-only" in str(err)
    assert f.rate_at(float(f.table["target"].iloc[0])) == before
    mine = pd.DataFrame({"a": [1.0, 2.0], "s": ["x", "y"]}, index=[5, 6])
    mine.attrs["level"] = 0.9
    r = dataclasses.replace(ts.goodhart.kl_frontier(u), table=mine)
    assert r.table.equals(mine) and r.table.attrs == {"level": 0.9}
    mine.loc[5, "a"] = 7.0  # the caller's own frame
    assert r.table.loc[5, "a"] == 1.0
    # an object column stays one, None and all (a review: rebuilt from an array, pandas
    # read it as strings and None as NaN)
    objects = pd.DataFrame({"o": pd.Series(["a", None], dtype=object, index=[5, 6])},
                           index=[5, 6])
    r = dataclasses.replace(r, table=objects)
    assert r.table["o"].dtype == object and r.table["o"].tolist() == ["a", None]


def test_to_dict_writes_infinite_group_keys_as_their_classifications_are_keyed() -> None:
    """TailAnalysis.to_dict() wrote the table's groups inf and -inf both as null (and tuple
    parts as None), while classifications are keyed "inf" / "-inf": two groups became one
    and the rows no longer joined their classifications (a review)."""
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"g": np.repeat([-np.inf, 1.5, np.inf], 300),
                       "h": np.repeat(["a", "a", "b"], 300), "reward": rng.normal(size=900)})
    one = ts.analyze(df, "reward", by="g", warn=False).to_dict()
    two = ts.analyze(df, "reward", by=["h", "g"], warn=False).to_dict()
    assert [r["group"] for r in one["table"]] == ["-inf", 1.5, "inf"]
    assert {str(r["group"]) for r in one["table"]} <= set(one["classifications"]) | {"1.5"}
    assert [r["group"] for r in two["table"]] == [["a", "-inf"], ["a", 1.5], ["b", "inf"]]


def test_no_edit_of_a_handed_out_table_or_setting_reaches_the_result() -> None:
    """A review (stop 60): an analysis's ``heavy_flag`` (nullable boolean) and text columns
    took ``.loc`` writes, a result's table took new columns and in-place sorts, and a list in
    ``settings`` (also through ``dict(settings)``) took appends; ``repr``, ``explain()``,
    ``heavy_unflagged()``, ``to_dict()`` and the saved file followed each edit."""
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"reward": np.r_[rng.standard_t(2, 5000), rng.normal(size=3000)],
                       "model": ["a"] * 5000 + ["b"] * 3000})
    a = ts.analyze(df, "reward", by="model", warn=False)
    saved, shown, unflagged = a.to_json(), repr(a), a.heavy_unflagged()
    with warnings.catch_warnings():
        # pandas 3 says a write through a.table.loc "never works to update the original"
        # (ChainedAssignmentError), which is what this checks
        warnings.simplefilter("ignore")
        a.table.loc[0, "heavy_flag"] = not bool(a.table.loc[0, "heavy_flag"])
        a.table.loc[1, "label"] = "heavy"
        a.table["new"] = 1
        a.table.sort_values("p_heavy", inplace=True)
    t = a.table
    t.loc[0, "verdict"] = "edited"
    assert (a.to_json(), repr(a), a.heavy_unflagged()) == (saved, shown, unflagged)
    assert "new" not in a.table and a.table.loc[0, "verdict"] != "edited"
    model = ts.goodhart.fit_tail_model(rng.normal(size=4000))
    before = model.to_dict()
    lists = [v for v in model.settings.values() if isinstance(v, list)]
    assert lists
    for settings in (model.settings, dict(model.settings)):
        for value in settings.values():
            if isinstance(value, list):
                with pytest.raises(TypeError, match="frozen tailstat result"):
                    value.append("edited")
    assert model.to_dict() == before and lists[0] == list(lists[0])


@pytest.mark.parametrize(("args", "words"), [
    (("a", "b", None, None), "bounds must be numbers"),
    ((True, 1.0, 0.95, "x"), "bounds must be numbers"),
    ((0.2, 0.1, 0.95, "x"), "low must not exceed high"),
    ((0.1, 0.2, 2.0, "x"), "level must be a number in (0, 1)"),
    ((0.1, 0.2, 95, "x"), "level must be a number in (0, 1)"),
    ((0.1, 0.2, 0.95, 5), "method must be text"),
])
def test_an_interval_refuses_what_is_not_one(args: tuple, words: str) -> None:
    """A review: Interval is public and took "a" bounds, a level of 2 and a method of 5; its
    repr failed later. NaN bounds (not computed) and inf ones (open) stay intervals."""
    with pytest.raises(ts.DataError, match=re.escape(words)):
        ts.Interval(*args)
    assert math.isnan(ts.Interval(math.nan, math.inf, 0.95, "x").low)
    assert ts.Interval(np.float32(0.1), np.int64(2), 0.95, "x").contains(1.0)


def test_a_row_says_how_its_interval_was_made() -> None:
    """Rows of an asymptotic and a bootstrap interval stacked read alike (a review): each
    interval's method is a column beside its level; an interval not computed leaves it empty."""
    x = np.random.default_rng(8).pareto(2.0, 2000)
    rows = pd.concat([ts.hill(x, k=100).to_frame(),
                      ts.hill(x, k=100, ci_method="bootstrap", n_boot=99).to_frame(),
                      ts.fit_gpd(x, ci=None).to_frame()], ignore_index=True)
    assert rows["ci_method"].tolist()[:2] == ["asymptotic normal", "percentile bootstrap"]
    assert rows["ci_method"].iloc[2] is None and np.isnan(rows["ci_level"].iloc[2])


def test_interval_contains_its_ends_and_nothing_outside() -> None:
    """Review 409: the closed interval's ends were checked only through a Goodhart test."""
    from tailstat.results import Interval

    iv = Interval(-1.0, 2.0, 0.95, "test")
    assert iv.contains(-1.0) and iv.contains(2.0) and iv.contains(0.5)
    assert not iv.contains(np.nextafter(2.0, 3.0)) and not iv.contains(np.nextafter(-1.0, -2.0))
    assert not Interval(float("nan"), 1.0, 0.95, "test").contains(0.0)
