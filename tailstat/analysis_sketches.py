"""The sketches an analysis keeps of its groups, and reads its groups from: the sketch of
each group's rows (:func:`group_sketch`, :func:`sketches_of`), a user's dict of sketches as
groups (:func:`as_sketch_groups`), and one group's classification from its sketch
(:func:`classify_sketch`)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from tailstat.classification import TailClassification, classify, k_for
from tailstat.data.groups import Groups, group_keys
from tailstat.data.intake import Sample
from tailstat.errors import DataError
from tailstat.sketch import TailSketch, capacity_for, is_sketches

__all__ = ["as_sketch_groups", "classify_sketch", "group_sketch", "sketches_of"]


def as_sketch_groups(data: Any) -> dict[Hashable, TailSketch] | None:
    """``data`` as group key -> sketch when it is a sketch or a mapping of sketches (else
    ``None``: rows to validate). Copies (the caller's sketches may grow later), each named
    after its key as a group of rows is."""
    if not is_sketches(data):
        return None
    if isinstance(data, TailSketch):
        return {data.name: data.copy()}
    # keys as a by= column's: one "<NA>" for missing keys (a NaN key did not equal the
    # table's NaN, and its group fell out of flags, explain() and the report), and keys that
    # print alike renamed (1 and "1" were one entry of to_dict())
    out = {}
    for (key, label), sketch in zip(group_keys(list(data)), data.values(), strict=True):
        out[key] = sketch.copy()
        out[key].name = label
    return out


def group_sketch(values: Sample | np.ndarray, name: str | None = None) -> TailSketch:
    """The sketch an analysis keeps of one group: the top ``capacity_for(n)`` values, which
    is what its classification and its report's figures read."""
    n = values.n if isinstance(values, Sample) else int(np.asarray(values).shape[0])
    # a sketch keeps at least 2 values (one or none of them is then the usual "too few
    # values" error of whatever reads it, not an error about the capacity)
    return TailSketch.from_sample(values, capacity=max(2, capacity_for(n)), name=name)


def sketches_of(groups: Groups) -> tuple[dict[Hashable, TailSketch], dict[Hashable, TailSketch]]:
    """The sketches of every valid group of ``groups`` and of its error ``proxy - gold``
    (groups with at least 50 gold pairs), as :func:`analyze` keeps them."""
    sketches = {key: group_sketch(item) for key, item in groups.samples.items()
                if isinstance(item, Sample)}
    errors = {key: group_sketch(u - v, name=f"{key} error")
              for key, (u, v) in (groups.gold or {}).items() if u.size >= 50}
    return sketches, errors


def classify_sketch(sketch: TailSketch, method: str, seed: int | None, warn: bool = True
                     ) -> TailClassification:
    """Classify one group from its sketch (its warnings name the group; ``classify`` refuses
    fewer than 50 values). From the sketch's upper tail: the table counts the group's missing
    values (n_missing), which classify of a sketch notes besides."""
    try:
        tail: Any = sketch.upper_tail(k_for(sketch.n), name=sketch.name)
    except DataError:  # too small for the classifier: classify's own refusal says why
        tail = sketch
    return classify(tail, method=method, seed=seed, warn=warn)  # type: ignore[arg-type]
