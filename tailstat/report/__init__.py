"""The HTML tail report: :func:`report` writes one self-contained file.

Figures are drawn by :mod:`tailstat.plot` on Agg canvases and inlined as PNG; the page is a
Jinja2 template (``templates/report.html.j2``) with autoescaping on and inline CSS, with no
script and no external resource. matplotlib and Jinja2 are imported only when a report is
written, so importing this package is cheap.
"""

import sys
import types
from typing import Any

from tailstat.report._build import ReportOutcome, build_report, report

__all__ = ["ReportOutcome", "build_report", "report"]


class _CallableModule(types.ModuleType):
    """Importing ``tailstat.report`` binds the *package* to the name ``tailstat.report``,
    replacing a function of that name in ``tailstat``; calling the package therefore calls
    :func:`report`, so ``tailstat.report(data, "out.html")`` works in either case."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return report(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
