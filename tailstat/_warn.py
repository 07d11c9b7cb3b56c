"""Where a warning points: at the user's line, not at tailstat's.

A warning names the file and line it is attributed to, and Python's filters (``"default"``,
``"once"``) deduplicate by that place. tailstat's warnings are about the caller's data, so
they are attributed to the first frame outside the package, however deep inside it they are
issued: ``classify(x)`` called directly and the same classification made inside
``analyze(df, by=...)`` both point at the user's call (a fixed ``stacklevel`` pointed the
second at ``tailstat/analysis.py``). The same walk as pandas' ``find_stack_level``.
"""

from __future__ import annotations

import sys
from types import FrameType

__all__ = ["user_level"]


#: Modules whose frames sit between two of tailstat's: the wrapper of a function decorated
#: with ``@np.errstate(...)`` (the Goodhart functions). A review: every warning of
#: ``goodhart_summary(u)`` pointed at numpy's ``_ufunc_config.py``, not the caller's line.
_DECORATORS = ("numpy._core._ufunc_config", "numpy.core._ufunc_config")


def _inside(frame: FrameType) -> bool:
    module = str(frame.f_globals.get("__name__", ""))
    return module == "tailstat" or module.startswith("tailstat.") or module in _DECORATORS


def user_level() -> int:
    """``stacklevel`` for a ``warnings.warn`` made in the calling frame, so that the warning
    points at the first frame outside tailstat (by module name). When every frame is inside
    tailstat (a worker thread), the outermost one."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and _inside(frame):
        if frame.f_back is None:
            return level
        frame, level = frame.f_back, level + 1
    return level
