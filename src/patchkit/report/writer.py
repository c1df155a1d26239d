"""Writing both reports of a run to disk, each replaced atomically."""

from __future__ import annotations

import logging
from pathlib import Path

from patchkit.model import RunRecord
from patchkit.report.jsonreport import render_json
from patchkit.report.markdown import render_markdown
from patchkit.state import atomic_write

MARKDOWN_NAME = "report.md"
JSON_NAME = "report.json"

logger = logging.getLogger("patchkit.report")


def write_reports(record: RunRecord, directory: Path) -> tuple[Path, Path]:
    """Write report.md and report.json into `directory` and return their paths.

    Both are rendered before either is written, so a record that fails schema
    validation leaves the old reports in place. Each file is written to a
    temporary file in the same folder and renamed over the old one, so a reader
    finds the old file or the new one, never a partial file. The pair is not
    atomic: if the second rename fails, report.md is new and report.json old.
    """
    markdown = render_markdown(record)
    document = render_json(record)
    directory.mkdir(parents=True, exist_ok=True)
    markdown_path = _replace_file(directory / MARKDOWN_NAME, markdown)
    json_path = _replace_file(directory / JSON_NAME, document)
    logger.info("Wrote %s and %s", markdown_path, json_path)
    return markdown_path, json_path


def _replace_file(path: Path, text: str) -> Path:
    atomic_write(path, text.encode("utf-8"))
    return path
