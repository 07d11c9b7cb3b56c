"""The name of a merged sketch (:meth:`tailstat.sketch.TailSketch.merge`)."""

from __future__ import annotations

import warnings

from tailstat._warn import user_level
from tailstat.errors import InputWarning

__all__ = ["DEFAULT_NAME", "union_name"]

#: The name a sketch has when none is given (``TailSketch()``, an array's sketch).
DEFAULT_NAME = "x"


def union_name(*names: str) -> str:
    """The merged sketch's name: the one name given (the default ``"x"`` yields to it: an
    accumulator ``TailSketch().merge(s)`` had renamed every result "x"), or, for several,
    the first, said in one warning (names were dropped without a word; a review)."""
    given = list(dict.fromkeys(n for n in names if n != DEFAULT_NAME))
    if len(given) > 1:
        shown = ", ".join(repr(n) for n in given[:5]) + (", ..." if len(given) > 5 else "")
        warnings.warn(f"merging sketches named {shown}: the merged sketch is named "
                      f"{given[0]!r}; set its .name to name the union.", InputWarning,
                      stacklevel=user_level())
    return given[0] if given else DEFAULT_NAME
