"""The HTML tail report: :func:`report` writes one self-contained file.

The panels of :mod:`tailstat.plot` are written as SVG (:mod:`tailstat.reporting._svg`) and
inlined as data URIs; the page is a Jinja2 template (``templates/report.html.j2``) with
autoescaping on and inline CSS, with no script and no external resource. Jinja2 is imported
only when a report is written, and matplotlib not at all.

The package is a plain module; its entry point is exported as the function
:func:`tailstat.report`.
"""

from tailstat.reporting._build import ReportOutcome, build_report, report
from tailstat.reporting._options import AUTO_FIGURES_MAX_GROUPS

__all__ = ["AUTO_FIGURES_MAX_GROUPS", "ReportOutcome", "build_report", "report"]
