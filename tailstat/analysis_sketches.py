"""The sketches an analysis keeps of its groups, and reads its groups from: the sketch of
each group's rows (:func:`group_sketch`, :func:`sketches_of`), a user's dict of sketches as
groups (:func:`as_sketch_groups`), one group's classification from its sketch
(:func:`classify_sketch`), whether an input is sketches (:func:`is_sketches`), and the
sketches an analysis holds made read-only (:func:`sealed`)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Literal

import numpy as np

from tailstat.classification import TailClassification, classify, k_for
from tailstat.data.groups import Groups, group_keys
from tailstat.data.intake import Sample
from tailstat.errors import DataError
from tailstat.sketch import TailSketch, capacity_for

__all__ = ["as_sketch_groups", "classify_sketch", "group_sketch", "is_sketches", "sealed",
           "sealed_from_bytes", "sketches_of"]


def is_sketches(x: Any) -> bool:
    """Whether ``x`` is a :class:`TailSketch` or a non-empty mapping of them (one group each):
    what :func:`tailstat.analyze` and :func:`tailstat.report` take in place of rows.

    Parameters
    ----------
    x : object
    """
    if isinstance(x, TailSketch):
        return True
    if isinstance(x, (list, tuple)) and any(isinstance(v, TailSketch) for v in x):
        raise DataError(f"a {type(x).__name__} of TailSketches: pass a dict of them, one group "
                        "per key ({'model-a': sketch_a, ...}), or merge_sketches(sketches) "
                        "to read them as one group.")
    if not (isinstance(x, Mapping) and x):  # any mapping, as a dict (review 425: a
        return False  # MappingProxyType of sketches was refused as "a mapping")
    kinds = [isinstance(v, TailSketch) for v in x.values()]
    if any(kinds) and not all(kinds):
        other = next(k for k, is_sketch in zip(x, kinds, strict=True) if not is_sketch)
        raise DataError(f"a dict of groups holds TailSketches, one per key, but {other!r} holds "
                        f"a {type(x[other]).__name__}: sketch it too "
                        "(TailSketch.from_sample(values)), or pass a table with by=.")
    return all(kinds)


class _AnalysedSketch(TailSketch):
    """A sketch an analysis holds: read-only, as its table is (the table, the saved form and
    the report read it, and a sketch grown in place made them describe different data: a
    review). ``copy()`` gives an ordinary sketch to carry on with."""

    __slots__ = ()
    saved_as = "TailSketch"  # the class a saved analysis reads it back with

    def update(self, batch: Any, *, nan: Literal["drop", "raise"] = "drop") -> TailSketch:
        raise DataError(f"the sketch {self.name!r} belongs to a result (an analysis, whose "
                        "table, saved form and report were read from it, or sketch_groups' "
                        "GroupSketches) and is read-only: update a copy, "
                        "s = result.sketches[key].copy(); s.update(batch).")

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:  # the table's key and the report's heading
        raise DataError(f"the sketch {self.name!r} belongs to a result (an analysis or a "
                        "GroupSketches) and is read-only: rename a copy, "
                        "s = result.sketches[key].copy(); s.name = ...")

    def __reduce__(self) -> tuple[Any, ...]:  # unpickled, still read-only
        return (sealed_from_bytes, (self.to_bytes(),))


def _seal(sketch: TailSketch) -> TailSketch:
    """``sketch`` itself, made read-only (one the analysis made, never a caller's)."""
    sketch.__class__ = _AnalysedSketch
    return sketch


def sealed_from_bytes(data: bytes) -> TailSketch:
    """A sketch an analysis holds, read from :meth:`TailSketch.to_bytes` (a saved or pickled
    analysis' own: read-only, and not copied again)."""
    return _seal(TailSketch.from_bytes(data))


def sealed(sketches: Any) -> Any:
    """The sketches an analysis holds, read-only: each TailSketch that is not yet is copied
    first (the caller's stays as it is). Anything else is left as it is, for the checks of
    a saved analysis to name."""
    if not isinstance(sketches, Mapping):
        return sketches
    return {k: _seal(s.copy()) if isinstance(s, TailSketch)
            and not isinstance(s, _AnalysedSketch) else s for k, s in sketches.items()}


def as_sketch_groups(data: Any) -> dict[Hashable, TailSketch] | None:
    """``data`` as group key -> sketch when it is a sketch or a mapping of sketches (else
    ``None``: rows to validate). Copies (the caller's sketches may grow later), each named
    after its key as a group of rows is."""
    if not is_sketches(data):
        return None
    if isinstance(data, TailSketch):
        return {data.name: _seal(data.copy())}
    # keys as a by= column's: one "<NA>" for missing keys (a NaN key did not equal the
    # table's NaN, and its group fell out of flags, explain() and the report), and keys that
    # print alike renamed (1 and "1" were one entry of to_dict())
    out = {}
    for (key, label), sketch in zip(group_keys(list(data)), data.values(), strict=True):
        out[key] = sketch.copy()
        out[key].name = label
        _seal(out[key])
    return out


def group_sketch(values: Sample | np.ndarray, name: str | None = None) -> TailSketch:
    """The sketch an analysis keeps of one group: the top ``capacity_for(n)`` values, which
    is what its classification and its report's figures read."""
    n = values.n if isinstance(values, Sample) else int(np.asarray(values).shape[0])
    # a sketch keeps at least 2 values (one or none of them is then the usual "too few
    # values" error of whatever reads it, not an error about the capacity)
    return _seal(TailSketch.from_sample(values, capacity=max(2, capacity_for(n)), name=name))


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
        # every value the sketch holds (not only the top k_for(n)): the run of tied scores
        # that the classifier's window cuts is counted where the sketch holds it, as
        # classify(sketch) counts it (a review: rounded scores read "leaning light (0.62)"
        # in the analysis, "leaning bounded (0.55)" by classify)
        tail: Any = sketch.upper_tail(name=sketch.name)
    except DataError:  # too small for the classifier: classify's own refusal says why
        tail = sketch
    if tail is not sketch and tail.k_max < min(k_for(sketch.n), sketch.n - 1):
        tail = sketch  # holds less than classify reads: its refusal names the capacity
    return classify(tail, method=method, seed=seed, warn=warn)  # type: ignore[arg-type]
