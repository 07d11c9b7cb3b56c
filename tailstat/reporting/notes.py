"""What gold changes in a group's verdict, in words: one rule for the report's verdict
(:func:`tailstat.reporting._text.verdict`) and the lines ``tailstat report`` prints (a
review: the printed line said "catastrophic Goodhart is possible" of a heavy reward whose
error against gold is light, where the report's verdict says the heavy tail is gold's)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from tailstat.analysis import TailAnalysis
from tailstat.goodhart.gold import error_moves_with_gold, error_not_catastrophic

__all__ = ["gold_reading", "group_sentence", "other_scale"]


def other_scale(row: dict[str, Any]) -> bool:
    """Whether the group's gold scores are on another scale than its rewards (the analysis'
    ``gold_note`` says so): the error reward − gold then mixes two units."""
    note = row.get("gold_note")
    return isinstance(note, str) and "another scale" in note


def gold_reading(analysis: TailAnalysis, key: Hashable, row: dict[str, Any]
                 ) -> tuple[bool, bool, str | None]:
    """``(off, moving, why_not)`` of one group (its table row ``row``): gold on another
    scale, a heavy error read as moving with a heavy gold by the Goodhart summary, and the
    clause saying why a heavy error is not the catastrophic case for another reason."""
    off = other_scale(row)
    summary = analysis.goodhart.get(key)
    moving = summary is not None and error_moves_with_gold(summary.gold)
    why_not = error_not_catastrophic(summary.gold) if summary is not None and not off else None
    return off, bool(moving), why_not


def group_sentence(analysis: TailAnalysis, key: Hashable,
                   row: dict[str, Any] | None = None) -> str:
    """The group's verdict in words, as the report gives it: its classification's
    ``explain()`` and, with gold scores, what the error's tail changes in it (the report's
    note, pointing to its section on the error). ``row``: the group's table row, when the
    caller holds it (else read from the table)."""
    from tailstat.reporting import _text as T

    c = analysis.classifications[key]
    if row is None:
        row = next((r for r in analysis.table.to_dict("records") if r["group"] == key), {})
    off, moving, why_not = gold_reading(analysis, key, row)
    err = None if off else analysis.error_classifications.get(key)
    note = T.verdict(c, err, moves_with_gold=moving and not off, not_catastrophic=why_not
                     )["note"]
    for see in ("See", "see"):  # (review 405: one branch writes it in lower case)
        note = note.replace(f"{see} “Error of the reward against gold” below",
                            f"{see} “Error of the reward against gold” in the HTML report")
    return f"{c.explain()} {note}".rstrip()
