"""The result of sketching a sharded table by group (:func:`tailstat.dask.sketch_groups`):
each group's merged sketch, or why it is ruled out, and how the table was read."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tailstat.analysis_sketches import sealed
from tailstat.errors import DataError
from tailstat.results import _FrozenDict
from tailstat.sketch import TailSketch

__all__ = ["GroupSketches"]


@dataclass(frozen=True, eq=False)
class GroupSketches:
    """The merged sketch of every group of a sharded table (what :func:`analyze` analyses).

    Attributes
    ----------
    items : dict
        Group key -> its merged :class:`tailstat.sketch.TailSketch` (fixed capacity: the exact top
        order statistics of the whole group), or the :class:`DataError` that rules the group
        out (empty, fewer than 5 values, constant, infinite values), in the order of
        :func:`tailstat.analyze`'s table.
    missing, sizes : dict
        Group key -> missing rewards dropped, and the group's other values (infinite ones
        included when they stopped the group).
    column : str
        The reward column's name (``str`` of its label: ``"0"`` for the column ``0``).
    by : tuple or None
        The grouping columns' labels.
    column_given : str, int or None
        ``column`` as the caller gave it (the analysis records it as :func:`tailstat.analyze`
        does).
    source : str
        What was read, for people.
    partitions : int
        Number of partitions sketched.
    capacity : int or None
        The ``capacity=`` asked for (``None``: each group's ``capacity_for(rows)``).
    missing_keys : dict
        Group key -> rows, for the groups whose ``by=`` value is missing (as
        :class:`tailstat.data.Groups`).
    paths : tuple of str or None
        The paths given (files, folders, globs), for the call that reads them again.
    """

    items: dict[Hashable, TailSketch | DataError]
    missing: dict[Hashable, int | None] = field(default_factory=dict)
    sizes: dict[Hashable, int | None] = field(default_factory=dict)
    column: str = "x"
    by: tuple[Any, ...] | None = None
    column_given: Hashable | None = None
    source: str = "Dask DataFrame"
    partitions: int = 0
    capacity: int | None = None
    missing_keys: dict[Hashable, int] = field(default_factory=dict)
    paths: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # read-only, as a frozen result's are (a review: items['zz'] = 1 crashed analyze
        # with an AttributeError, a sketch updated in place left sizes behind)
        if not isinstance(self.items, Mapping):  # (a list met an AttributeError: a review)
            raise DataError(f"GroupSketches.items must map each group key to its TailSketch "
                            f"or DataError; got a {type(self.items).__name__}.")
        bad = [k for k, s in self.items.items() if not isinstance(s, (TailSketch, DataError))]
        if bad:
            raise DataError(f"GroupSketches.items maps each group to its TailSketch or the "
                            f"DataError that rules it out; {bad[0]!r} maps to neither.")
        for name in ("items", "missing", "sizes", "missing_keys"):
            value = getattr(self, name)
            object.__setattr__(self, name, _FrozenDict(sealed(value) if name == "items"
                                                       else value))

    @property
    def sketches(self) -> dict[Hashable, TailSketch]:
        """The groups with a sketch (those classified or reported as too small)."""
        return {k: s for k, s in self.items.items() if isinstance(s, TailSketch)}

    def __repr__(self) -> str:
        return (f"GroupSketches(groups={len(self.items)}, failed="
                f"{sum(isinstance(s, DataError) for s in self.items.values())}, column="
                f"{self.column!r}, by={self.by!r}, partitions={self.partitions})")
