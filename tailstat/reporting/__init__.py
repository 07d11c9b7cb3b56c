"""The HTML tail report: :func:`report` writes one self-contained file.

Figures are drawn by :mod:`tailstat.plot` on Agg canvases and inlined as PNG; the page is a
Jinja2 template (``templates/report.html.j2``) with autoescaping on and inline CSS, with no
script and no external resource. matplotlib and Jinja2 are imported only when a report is
written, so importing this package is cheap.

The package is a plain module; its entry point is exported as the function
:func:`tailstat.report`.
"""

from tailstat.reporting._build import ReportOutcome, build_report, report

__all__ = ["ReportOutcome", "build_report", "report"]
