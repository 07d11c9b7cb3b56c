"""The caveats of many groups, issued once: the small-sample caveat as one warning that
names the groups, every other caveat once, all at the caller's line.

:func:`tailstat.analyze` classifies group after group; each classification warns on its
own (small sample, ties, saturation), so 30 small groups gave 30 warnings pointing inside
tailstat. :func:`gathered` records them while the groups are classified and :func:`reissue`
issues them again, shortened, at the first frame outside the package.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from collections.abc import Sequence
from types import FrameType

__all__ = ["gathered", "reissue"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__))
#: The classifier's small-sample caveat (see ``classification.classifier._centred``).
_SMALL = re.compile(r"^(?P<name>'.*'): small sample \(n = (?P<n>\d+)\); ")
#: Groups named in the small-sample warning before "and N more".
SHOWN = 8


def gathered() -> warnings.catch_warnings[list[warnings.WarningMessage]]:
    """A context that records every warning (use ``with gathered() as caught:``)."""
    return warnings.catch_warnings(record=True)


def _caller_level() -> int:
    """``stacklevel`` for a warning issued in :func:`reissue` that points at the first frame
    outside this package."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


def reissue(caught: Sequence[warnings.WarningMessage]) -> None:
    """Issue the recorded warnings again: the small-sample caveats as one, the others once
    each (in their first order), at the caller's line."""
    level = _caller_level()
    small: list[tuple[str, str]] = []
    category: type[Warning] = UserWarning
    seen: set[tuple[type[Warning], str]] = set()
    for w in caught:
        text = str(w.message)
        m = _SMALL.match(text)
        if m is not None:
            small.append((m["name"], m["n"]))
            category = w.category
            continue
        if (w.category, text) not in seen:
            seen.add((w.category, text))
            warnings.warn(text, w.category, stacklevel=level)
    if len(small) == 1:
        name, n = small[0]
        warnings.warn(f"{name}: small sample (n = {n}); classification probabilities are rough",
                      category, stacklevel=level)
    elif small:
        names = ", ".join(f"{name} (n = {n})" for name, n in small[:SHOWN])
        more = f" and {len(small) - SHOWN} more" if len(small) > SHOWN else ""
        warnings.warn(f"{len(small)} groups are small samples (fewer than 316 values), so "
                      f"their classification probabilities are rough: {names}{more}.",
                      category, stacklevel=level)
