"""The words a sketch short of top values is refused with (tailstat/_sketch_short.py): built
once from the sketch's numbers, so classify's refusal names the sketch as it is named and
keeps the reason the sketch is short, whatever its name says."""

from __future__ import annotations

import re

import numpy as np
import pytest

import tailstat as ts
from tailstat._sketch_short import HEADROOM, held_short
from tailstat.sketch import capacity_for


def test_the_reason_a_sketch_is_short_follows_its_numbers() -> None:
    assert held_short("s", 100, 10_000, None, 200, 1000) == (
        "the sketch 's' holds the top 100 of 10000 values",
        " (with the automatic capacity, shards or batches that hold most of the top values "
        f"leave fewer than the {HEADROOM * 1000} of a one-pass sketch)")
    assert held_short("s", 100, 10_000, 300, 200, 1000)[1] == (
        " (its capacity is 300, but a sketch merged into it had a smaller one and kept fewer)")
    assert held_short("s", 100, 10_000, 100, 200, 1000)[1] == ""  # its own capacity: no reason
    assert held_short("s", 2000, 10_000, None, 2500, 1000)[1] == ""  # a one-pass sketch's


@pytest.mark.parametrize("name", ["run but 12 are needed (k = 11)", "a; build it twice"])
def test_classify_names_a_short_sketch_as_it_is_named(name: str) -> None:
    """Before, classify cut the sketch's message at its first '; build it' and rewrote
    ' but N are needed (k = K)' wherever it stood, the sketch's name included."""
    x = np.random.default_rng(3).normal(size=50_000)
    sketch = ts.TailSketch(capacity=100, name=name).update(x)
    cap = capacity_for(x.size)
    with pytest.raises(ts.DataError) as info:
        ts.classify(sketch)
    said = str(info.value)
    assert said.startswith(f"the sketch {name!r} holds the top 100 of 50000 values, fewer than "
                           "classify reads; build it (and its shards) with "
                           f"TailSketch(capacity={cap}) ")
    assert set(re.findall(r"capacity=(\d+)", said)) == {str(cap)}


def test_classify_keeps_the_reason_shards_leave_a_sketch_short() -> None:
    x = np.sort(np.random.default_rng(4).normal(size=1_000_000))  # the top in one shard
    merged = ts.merge_sketches([ts.TailSketch().update(part) for part in np.split(x, 200)])
    assert merged.k_max + 1 < capacity_for(merged.n)  # the shards kept fewer than it needs
    with pytest.raises(ts.DataError, match=r"fewer than classify reads \(with the automatic "
                       r"capacity, shards or batches that hold most of the top values leave "
                       r"fewer than the \d+ of a one-pass sketch\); build it"):
        ts.classify(merged)
