"""The periodic public report (第二十一条): aggregates only, small cells suppressed.

:func:`build_report` turns a period's figures into a :class:`PublicReport`;
:func:`render_html` and :func:`render_pdf` write it in Chinese. No personal data ever
reaches these modules.
"""

from casebridge.reports.model import PublicReport, ReportError, build_report
from casebridge.reports.render import render_html, render_pdf

__all__ = ["PublicReport", "ReportError", "build_report", "render_html", "render_pdf"]
