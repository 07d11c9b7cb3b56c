"""Group keys that are not valid text (``tailstat/data/groups.py``; the other group intake
tests are in tests/test_intake_groups.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _helpers import raises_data_error

import tailstat as ts


def test_a_key_with_a_lone_surrogate_is_refused_by_name() -> None:
    """Names decoded with os.fsdecode keep bytes that are not UTF-8 as lone surrogates; no
    table, report or saved analysis can hold them. A review: a traceback from pyarrow."""
    x = np.random.default_rng(0).normal(size=2000)
    bad = "run-\udcff"
    with raises_data_error(repr(bad), "lone surrogate", "errors='replace'"):
        ts.analyze({bad: ts.TailSketch.from_sample(x), "ok": ts.TailSketch.from_sample(x)})
    with raises_data_error(repr(bad), "lone surrogate"):
        ts.analyze(pd.Series(x, name=bad))
    with raises_data_error(repr(bad), "lone surrogate"):
        ts.TailSketch(name=bad)
    # text that is valid, ASCII or not, is a key as before
    sketch = ts.TailSketch.from_sample(x)
    res = ts.analyze({"é-run": sketch, ("a", "ü"): sketch.copy()})
    assert list(res.table["group"]) == ["é-run", ("a", "ü")]


def test_a_by_column_or_a_column_name_with_a_lone_surrogate_is_refused_by_name() -> None:
    """The keys of a by= column (file names read with os.fsdecode, say) failed inside the
    grouping with pyarrow's UnicodeEncodeError; a column name so made passed analyze and
    failed in to_json (a review)."""
    bad = "r\udcff"
    x = np.random.default_rng(1).normal(size=600)
    df = pd.DataFrame({"r": x, "g": pd.Series(np.repeat(["a", bad], 300), dtype=object)})
    with raises_data_error("group key", repr(bad), "lone surrogate"):
        ts.analyze(df, "r", by="g")
    named = pd.DataFrame({"r": x, "g": pd.Series(np.repeat(["a", "b"], 300), dtype=object)})
    named.columns = pd.Index([bad, "g"], dtype=object)
    with raises_data_error("column=", repr(bad), "rename the column"):
        ts.analyze(named, bad, by="g")


def test_a_named_index_is_named_where_a_value_is_located():
    """A named index says what its labels are ("id 'x7'", a reader's "file_row 9"); an
    integer label equal to the row's position adds nothing to the row (stop 60)."""
    import warnings

    import numpy as np
    import pandas as pd

    import tailstat as ts

    rng = np.random.default_rng(3)
    df = pd.DataFrame({"m": np.repeat(["a", "b"], 500), "r": rng.standard_t(3.0, 1000)},
                      index=pd.Index([f"x{i}" for i in range(1000)], name="id"))
    df.iloc[707, 1] = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ts.TailstatWarning)
        msg = ts.analyze(df, "r", by="m").failures["b"]
        plain = ts.analyze(df.set_axis(np.arange(1000)), "r", by="m").failures["b"]
    assert "row 707 of the table (0-based; id 'x707')" in msg, msg
    assert "row 707 of the table (0-based))" in plain, plain


def test_the_groups_mappings_cannot_be_changed_in_place() -> None:
    """A review: Groups is a frozen dataclass, yet g.samples["zzz"] = None grew len(g), and
    missing, sizes and missing_keys took edits alike."""
    df = pd.DataFrame({"g": ["a"] * 60 + ["b"] * 60,
                       "r": np.random.default_rng(0).normal(size=120)})
    g = ts.data.check_groups(df, "r", by="g")
    for name in ("samples", "missing", "sizes", "missing_keys"):
        mapping = getattr(g, name)
        with pytest.raises(TypeError, match="cannot be changed"):
            mapping["zzz"] = None
        assert "zzz" not in getattr(g, name)
    assert len(g) == 2 and dict(g.sizes) == {"a": 60, "b": 60}


def test_check_groups_copy_is_true_or_false() -> None:
    """A review: copy="x" was taken, where every other switch is strictly True or False."""
    df = pd.DataFrame({"g": ["a"] * 60, "r": np.random.default_rng(0).normal(size=60)})
    with raises_data_error("copy", "True or False"):
        ts.data.check_groups(df, "r", by="g", copy="x")  # type: ignore[arg-type]


def test_two_missing_keys_of_a_mapping_of_sketches_are_refused() -> None:
    """A review: group_keys' docstring says keys are made as check_groups makes a by=
    column's, where None and NaN rows are one group; two sketches keyed None and NaN became
    two groups both called missing ('<NA> (missing)', '<NA> (missing) #2'), without the
    missing-key warning. Two sketches cannot be one group without merging: refused, with
    what to do. One missing key, or missing in different places of a tuple, is kept."""
    from tailstat.data import group_keys

    for keys in ([None, np.nan], ["a", float("nan"), None], [("a", None), ("a", np.nan)]):
        with raises_data_error("missing in the same places", "merge_sketches"):
            group_keys(keys)
    assert [lab for _, lab in group_keys(["a", None, "b"])] == ["a", "<NA>", "b"]
    assert len(group_keys([("a", None), ("b", np.nan)])) == 2
    x = np.random.default_rng(0).standard_normal(3000)
    sketches = {None: ts.TailSketch.from_sample(x), np.nan: ts.TailSketch.from_sample(x + 1)}
    with raises_data_error("missing in the same places"):
        ts.analyze(sketches)


def test_a_missing_element_beside_the_text_na_keeps_tuple_keys() -> None:
    """Review 413: with two by= columns, the text '<NA>' in one group's key and a missing
    value in another's made both keys strings, and the JSON rows lost their list and key."""
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"a": pd.array(["<NA>"] * 400 + [None] * 400 + ["m"] * 400,
                                     dtype=object),
                       "b": "x", "r": rng.normal(size=1200)})
    before = df.copy()
    with pytest.warns(ts.InputWarning, match="missing"):
        res = ts.analyze(df, "r", by=["a", "b"])
    pd.testing.assert_frame_equal(df, before)
    keys = res.table["group"].tolist()
    assert keys == [("<NA>", "x"), ("m", "x"), ("<NA> (missing)", "x")]  # missing last
    assert len({str(k) for k in keys}) == 3 and list(res.classifications) == keys
    rows = res.to_dict()["table"]
    assert [r["group"] for r in rows] == [list(k) for k in keys]
    assert [r["key"] for r in rows] == [str(k) for k in keys]
    assert [r["n"] for r in rows] == [400, 400, 400] and res.table["n_missing"].sum() == 0
