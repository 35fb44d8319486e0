"""Writing a report file (HTML, Markdown or JSON) for one or more checked documents.

The format follows the file name: ``.html``/``.htm``, ``.md``/``.markdown`` or ``.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from refenrich.errors import InputError
from refenrich.export.report_html import render_html_report
from refenrich.export.report_json import render_json_report
from refenrich.export.report_md import render_markdown_report
from refenrich.files import write_text_file
from refenrich.models import Report
from refenrich.ref.section import CaseStudySection

__all__ = ["ReportFormat", "render_report", "report_format", "write_report"]

ReportFormat = Literal["html", "md", "json"]

_SUFFIXES: dict[str, ReportFormat] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
}


def report_format(path: str | Path) -> ReportFormat:
    """The report format for a file name, from its suffix.

    Raises :class:`~refenrich.errors.InputError` for any other suffix.
    """
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise InputError(
            f"cannot tell the report format of {path}: name it .html, .md or .json"
        ) from None


def render_report(
    reports: Sequence[Report],
    fmt: ReportFormat,
    *,
    created: datetime | None = None,
    sections: Sequence[CaseStudySection | None] | None = None,
) -> str:
    """The report for ``reports`` in format ``fmt``.

    ``sections`` holds, per report, its case-study section
    (:func:`refenrich.ref.section.case_study_section`) or None for a plain document.
    """
    if fmt == "html":
        return render_html_report(reports, created=created, sections=sections)
    if fmt == "md":
        return render_markdown_report(reports, created=created, sections=sections)
    return render_json_report(reports, created=created, sections=sections)


def write_report(
    path: str | Path,
    reports: Sequence[Report],
    *,
    created: datetime | None = None,
    sections: Sequence[CaseStudySection | None] | None = None,
) -> ReportFormat:
    """Write the report for ``reports`` to ``path`` (format from its suffix); return the format.

    ``created`` defaults to now (UTC); ``sections`` as for :func:`render_report`. Raises
    :class:`~refenrich.errors.InputError` when the file cannot be written.
    """
    fmt = report_format(path)
    when = created if created is not None else datetime.now(UTC).replace(microsecond=0)
    text = render_report(reports, fmt, created=when, sections=sections)
    write_text_file(path, text)
    return fmt
