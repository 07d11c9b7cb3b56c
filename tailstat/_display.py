"""User strings made safe to show: group names and labels on a page or a terminal."""

from __future__ import annotations

__all__ = ["visible"]

#: Characters that must not reach a page or a terminal raw: C0 controls, DEL, and the
#: bidirectional overrides and isolates (a right-to-left override can make a name read as
#: another).
_INVISIBLE = {c: f"\\u{c:04x}" for c in [*range(0x20), 0x7F, *range(0x202A, 0x202F),
                                         *range(0x2066, 0x206A), 0x200E, 0x200F]}


def visible(name: str) -> str:
    """``name`` with control and bidi-override characters shown as ``\\uXXXX`` escapes
    (HTML escaping of ``<``, ``>``, ``&`` is the template's job)."""
    return name.translate(_INVISIBLE)
