"""Rebuilding the reference tables (tailstat.classification.calibrate): what ``--reuse`` keeps.

Each member is simulated from its own seed, so an entry kept from an earlier table with the
same features, grid, reps and seed is what a rebuild would give; only members new to the
library are simulated. (That the kept entries are bit for bit what the code simulates is
checked in ``tests/test_classify_small_n.py``.)
"""

from __future__ import annotations

from typing import Any

import pytest

from tailstat.classification import calibrate as C


@pytest.fixture
def simulated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names the tables simulate (the simulation itself replaced by a marker)."""
    names: list[str] = []

    def run(entry: Any, todo: list, jobs: int, verbose: bool) -> dict[str, dict[str, Any]]:
        names.extend(t[2] for t in todo)
        return {t[2]: {"name": t[2], "simulated": True} for t in todo}

    monkeypatch.setattr(C, "_run_members", run)
    return names


@pytest.mark.parametrize("build", [C.reference_table, C.local_table, C.span_table])
def test_reuse_keeps_earlier_entries_and_simulates_only_new_members(
        build: Any, simulated: list[str]) -> None:
    fresh = build(verbose=False)
    assert simulated == [m[2] for m in C.LIBRARY]  # nothing to reuse: every member
    earlier = {**fresh, "members": [{"name": m["name"], "kept": True}
                                    for m in fresh["members"][:-1]]}
    simulated.clear()
    out = build(verbose=False, reuse=earlier)
    assert simulated == [C.LIBRARY[-1][2]]  # the one member the earlier table lacks
    assert [m["name"] for m in out["members"]] == [m[2] for m in C.LIBRARY]
    assert all(m.get("kept") for m in out["members"][:-1])
    assert out["members"][-1].get("simulated")


@pytest.mark.parametrize("key, value", [("seed", 1), ("reps", 3), ("log10_n", [2.0])])
def test_reuse_ignores_a_table_built_otherwise(key: str, value: Any,
                                               simulated: list[str]) -> None:
    fresh = C.local_table(verbose=False)
    earlier = {**fresh, key: value,
               "members": [{"name": m[2], "kept": True} for m in C.LIBRARY]}
    simulated.clear()
    out = C.local_table(verbose=False, reuse=earlier)
    assert simulated == [m[2] for m in C.LIBRARY]
    assert not any(m.get("kept") for m in out["members"])
