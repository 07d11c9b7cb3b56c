"""The name of a merged sketch (``tailstat/_sketch_names.py``)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import tailstat as ts
from tailstat.sketch import TailSketch


def _sketch(name: str | None, seed: int) -> TailSketch:
    x = np.random.default_rng(seed).standard_normal(2000)
    return TailSketch.from_sample(x) if name is None else TailSketch.from_sample(x, name=name)


def test_an_accumulator_takes_the_name_of_what_it_gathers() -> None:
    """A review: ``acc = TailSketch(); acc = acc.merge(s)`` renamed every result "x", and
    analyze then used "x" as the group's key."""
    a = _sketch("rm-a", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert TailSketch().merge(a).name == "rm-a"
        assert a.merge(TailSketch()).name == "rm-a"
        assert (TailSketch() | _sketch(None, 2)).name == "x"
        assert ts.merge_sketches([TailSketch(), a, _sketch(None, 3), a]).name == "rm-a"
    assert list(ts.analyze(TailSketch().merge(a)).table.group) == ["rm-a"]


def test_two_names_merged_are_said_once() -> None:
    """Merging sketches of two names kept the first without a word; a merge tree of many
    says it once."""
    a, b = _sketch("rm-a", 1), _sketch("rm-b", 2)
    with pytest.warns(ts.InputWarning, match="named 'rm-a', 'rm-b'.*named 'rm-a'"):
        assert a.merge(b).name == "rm-a"
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        assert ts.merge_sketches([a, b, a, b, b, _sketch("rm-c", 3)]).name == "rm-a"
    said = [str(w.message) for w in got]
    assert len(said) == 1 and "'rm-a', 'rm-b', 'rm-c'" in said[0], said


def test_a_batch_of_prompts_by_generations_is_told_to_keep_every_reward() -> None:
    """A review: a (2, 8) batch was told to pass "one column of it, e.g. arr[:, 0]", which
    keeps 1 of 8 rewards without a word."""
    batch = np.random.default_rng(0).standard_normal((2, 8))
    for update in (TailSketch().update, ts.TailMonitor().update):
        with pytest.raises(ts.DataError, match=r"arr\.ravel\(\) when every entry is a reward"):
            update(batch)


def test_a_merge_tree_changes_no_warning_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: merge_sketches silenced its merges' name warnings with catch_warnings, which
    is not thread-safe: Dask merges in scheduler threads, and interleaved runs left an
    "ignore InputWarning" filter for the whole process (the NaN-dropped warning was gone)."""
    touched: list[str] = []
    catch, simple = warnings.catch_warnings, warnings.simplefilter

    def spy_catch(*a: object, **k: object) -> object:
        touched.append("catch_warnings")
        return catch(*a, **k)  # type: ignore[arg-type]

    def spy_simple(*a: object, **k: object) -> None:
        touched.append("simplefilter")
        simple(*a, **k)  # type: ignore[arg-type]

    a, b, c = _sketch("rm-a", 1), _sketch("rm-a", 2), _sketch(None, 3)
    monkeypatch.setattr(warnings, "catch_warnings", spy_catch)
    monkeypatch.setattr(warnings, "simplefilter", spy_simple)
    merged = ts.merge_sketches([a, b, a, c])
    monkeypatch.undo()
    assert merged.name == "rm-a" and touched == []
