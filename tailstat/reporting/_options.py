"""The report's own arguments: their constraints, the progress messages and the figures mode.

What :func:`tailstat.report` and :func:`tailstat.reporting.build_report` check before any
work (:data:`REPORT_CONSTRAINTS`), how ``progress=`` becomes a function of one message, and
how ``figures="auto"`` is resolved by the number of groups, and that the report's path is
not one of its inputs. No computation and no HTML here.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tailstat import _validation as v
from tailstat.errors import OutputError

if TYPE_CHECKING:
    from tailstat.analysis import TailAnalysis

__all__: list[str] = []

Progress = Callable[[str], None]  # also in _groups (which cannot import _build)

#: Argument constraints shared by :func:`report` and :func:`build_report`.
REPORT_CONSTRAINTS: dict[str, list[v.Constraint | None]] = {
    "title": [v.InstanceOf(str), None],
    "method": [v.StrOptions({"fast", "bayes"})],
    "bayes": [v.InstanceOf(bool, text="True or False")],
    "goodhart": [v.InstanceOf(bool, text="True or False"), None],
    "seed": v.SEED,
    "fdr": [v.Interval(Real, 0, 1, closed="neither", text="a false-discovery rate in (0, 1)")],
    "dpi": [v.Interval(Integral, 10, None)],
    "max_points": [v.Interval(Integral, 10, None)],
    "figures": [v.StrOptions({"auto", "all", "summary", "none"})],
    # progress="yes" (or 1) was silently taken as no progress at all
    "progress": [v.InstanceOf(bool, text="True or False"), v.IsCallable(), None],
}

#: With ``figures="auto"``, every group gets its diagnostic figure up to this many groups;
#: beyond, the report draws the summary figure only. A group's figures cost about 0.1 s and
#: 115 kB of page (its diagnostic figure about 100 kB of base64 SVG, its Goodhart section the
#: rest; measured on 20 groups of 3,000 rows): a thousand groups would take minutes and
#: about 115 MB.
AUTO_FIGURES_MAX_GROUPS = 50


def _progress_fn(progress: bool | Progress | None) -> Progress:
    if progress is True:
        return _stderr_progress
    if callable(progress):
        return progress
    return _no_progress


def _stderr_progress(msg: str) -> None:
    print(f"tailstat: {msg}", file=sys.stderr, flush=True)


def _no_progress(msg: str) -> None:
    return None


def _figures_mode(figures: str, analysis: TailAnalysis, report_warnings: list[str]) -> str:
    """The figures drawn: ``figures``, with ``"auto"`` resolved by the number of groups."""
    n_ok = len(analysis.classifications)
    if figures != "auto":
        return figures
    if n_ok <= AUTO_FIGURES_MAX_GROUPS:
        return "all"
    report_warnings.append(
        f"{n_ok} groups: the diagnostic figures per group are left out (figures='auto' draws "
        f"them up to {AUTO_FIGURES_MAX_GROUPS} groups); pass figures='all' (CLI: --figures "
        "all) to draw them, or report a subset of the groups.")
    return "summary"


def _not_an_input(out: Path, *inputs: Any) -> None:
    """Refuse a report path that is one of the report's inputs (a data file, a saved
    analysis, the file an analysis read): writing it would destroy them."""
    for given in inputs:
        if not isinstance(given, (str, os.PathLike)) or str(given) in ("", "-"):
            continue
        try:
            src = Path(given).expanduser()
            same = (os.path.samefile(src, out) if src.exists() and out.exists()
                    else src.resolve() == out.resolve())
        except (OSError, ValueError):  # a name that cannot be looked at: the reader says why
            continue
        if same:
            raise OutputError(errno.EINVAL, f"it is an input of the report ('{given}'): "
                              "writing the report there would destroy it. Give the report "
                              "another file name (ending in .html)", str(out))
