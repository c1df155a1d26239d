"""Reports of a run: Markdown for the pull request, JSON for tools, and the deployment impact."""

from __future__ import annotations

from patchkit.report.impact import compute_impact
from patchkit.report.jsonreport import render_json, report_schema, validate_report
from patchkit.report.markdown import render_markdown
from patchkit.report.writer import write_reports

__all__ = [
    "compute_impact",
    "render_json",
    "render_markdown",
    "report_schema",
    "validate_report",
    "write_reports",
]
