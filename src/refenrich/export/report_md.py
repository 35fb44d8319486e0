"""The Markdown report: the same content as the HTML report, for wikis, issues and e-mail.

Untrusted text is made inert: control characters and line breaks are removed (so a
reference cannot start a heading, list or code block), it never starts a line, and
the punctuation Markdown gives meaning to inside a line is backslash-escaped,
including ``<`` and ``&`` so raw HTML and entities cannot pass through. Links are only made for DOIs (through
doi.org) and ``http``/``https`` URLs, written as ``<...>`` link destinations with any
character that could end them percent-encoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime

from refenrich._version import __version__
from refenrich.doi import doi_url
from refenrich.export.markup import clean_text
from refenrich.export.report_html import safe_http_url, status_label
from refenrich.export.report_json import aligned_sections, total_summary
from refenrich.models import (
    CheckResult,
    DocumentFinding,
    Finding,
    Report,
    Severity,
    Status,
    Summary,
)
from refenrich.ref.section import CaseStudySection
from refenrich.render import terminal_safe

__all__ = ["escape_markdown", "render_markdown_report"]

# "(", "!", "-", "." and the like only mean something next to characters escaped here
# ("[", or the start of a line, which untrusted text never occupies).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")
_SPACES = re.compile(r"\s+")
_SEVERITY_MARK = {Severity.ERROR: "🔴", Severity.WARNING: "🟠", Severity.INFO: "🔵"}


def escape_markdown(text: str) -> str:
    """``text`` as inert Markdown on one line: emphasis, links, code, HTML, entities,
    tables and math markers are backslash-escaped."""
    flat = _SPACES.sub(" ", terminal_safe(text)).strip()
    return _SPECIAL.sub(r"\\\1", flat)


def _destination(url: str) -> str:
    # Inside <...> only "<", ">", line breaks and a trailing backslash matter; spaces were
    # already refused by safe_http_url, and doi_url encodes everything unusual.
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace("\\", "%5C") + ">"


def _link(text: str, url: str) -> str:
    return f"[{escape_markdown(text)}]({_destination(url)})"


def _summary_line(summary: Summary) -> str:
    parts = [
        f"**{summary.checked}** checked",
        f"**{summary.verified}** verified",
        f"**{summary.with_warnings}** with warnings",
        f"**{summary.with_errors}** with errors",
        f"**{summary.not_found}** not found",
    ]
    if summary.unresolved:
        parts.append(f"**{summary.unresolved}** unresolved (no DOI)")
    if summary.failed:
        parts.append(f"**{summary.failed}** look-ups failed")
    ambiguous = summary.model_dump().get("ambiguous", 0)
    if ambiguous:
        parts.append(f"**{ambiguous}** ambiguous")
    return ", ".join(parts)


def _record_line(result: CheckResult) -> str:
    resolution = result.resolution
    work = resolution.work
    if work is not None:
        parts = []
        if work.doi:
            parts.append(_link(work.doi, doi_url(work.doi)))
        title = clean_text(work.full_title)
        parts.append(f"“{escape_markdown(title)}”" if title else "untitled")
        if work.year:
            parts.append(f"({work.year})")
        container = clean_text(work.container_title)
        if container:
            parts.append(f"in *{escape_markdown(container)}*")
        return "Record: " + " ".join(parts)
    if resolution.error is not None:
        return "Look-up failed: " + escape_markdown(resolution.error)
    if resolution.doi is not None:
        tried = "; ".join(resolution.tried) or "the source"
        return (
            f"Not found: DOI {_link(resolution.doi, doi_url(resolution.doi))} is not known to "
            + escape_markdown(tried)
        )
    if result.status is Status.AMBIGUOUS:
        dois = ", ".join(
            _link(work.doi, doi_url(work.doi)) for work in resolution.candidates if work.doi
        )
        return "Ambiguous: several records fit equally well: " + dois
    if resolution.tried:
        return "No DOI: " + escape_markdown("; ".join(resolution.tried))
    return "No DOI: the reference gives none, and it was not searched for by its text."


def _finding_lines(finding: Finding) -> Iterator[str]:
    mark = _SEVERITY_MARK.get(finding.severity, "")
    yield (
        f"  - {mark} **{finding.severity.value}** · {escape_markdown(finding.field.value)} · "
        + escape_markdown(finding.message)
    )
    if finding.severity is not Severity.INFO:
        if finding.claimed is not None:
            yield f"    - reference: {escape_markdown(finding.claimed)}"
        if finding.actual is not None:
            yield f"    - record: {escape_markdown(finding.actual)}"


def _result_lines(result: CheckResult) -> Iterator[str]:
    mark, label = status_label(result.status)
    key = f" ({escape_markdown(result.reference.key)})" if result.reference.key else ""
    yield f"- **\\[{result.index}\\] {escape_markdown(mark)} {label}**{key} — {escape_markdown(result.raw)}"
    url = safe_http_url(result.reference.url)
    if url and not result.reference.doi:
        yield f"  - Link: {_link(url, url)}"
    yield f"  - {_record_line(result)}"
    for finding in sorted(result.findings, key=lambda finding: -finding.severity.rank):
        yield from _finding_lines(finding)


def _document_finding(finding: DocumentFinding, indent: str = "") -> str:
    mark = _SEVERITY_MARK.get(finding.severity, "")
    return f"{indent}- {mark} **{finding.severity.value}** · " + escape_markdown(finding.message)


def _case_study_lines(section: CaseStudySection) -> Iterator[str]:
    yield f"### {escape_markdown(section.exercise_name)} checks"
    yield ""
    yield f"{escape_markdown(section.kind)}; {escape_markdown(section.exercise_basis)}."
    yield ""
    for label, value in section.facts():
        yield f"- {label}: {escape_markdown(value)}"
    for rule in section.rules:
        yield f"- {'✓' if rule.passed else '✗'} {escape_markdown(rule.text)}"
    for finding in section.findings:
        yield _document_finding(finding)
    if section.sources:
        yield ""
        yield "Sources to corroborate the impact:"
        yield ""
        for source in section.sources:
            label = f"{escape_markdown(source.label)}. " if source.label else ""
            link = ""
            if source.doi:
                link = " " + _link(source.doi, doi_url(source.doi))
            else:
                url = safe_http_url(source.url)
                link = f" {_link(url, url)}" if url else ""
            yield (
                f"- {label}\\[{escape_markdown(source.state)}\\] "
                f"{escape_markdown(source.text)}{link}"
            )
    if section.grants:
        yield ""
        yield "Grants:"
        yield ""
        for grant in section.grants:
            claims = f" ({escape_markdown(grant.claims)})" if grant.claims else ""
            yield f"- **{escape_markdown(grant.reference)}**{claims}: {escape_markdown(grant.state)}"
            for finding in grant.findings:
                yield _document_finding(finding, "  ")
    yield ""


def _lines(
    reports: Sequence[Report],
    title: str,
    created: datetime | None,
    sections: list[CaseStudySection | None],
) -> Iterator[str]:
    yield f"# {escape_markdown(title)}"
    yield ""
    noun = "document" if len(reports) == 1 else "documents"
    when = f" on {created:%Y-%m-%d %H:%M}" if created else ""
    yield f"{len(reports)} {noun} checked by refenrich {__version__}{when}."
    yield ""
    yield "Summary: " + _summary_line(total_summary(reports))
    if len(reports) > 1:
        yield ""
        yield "| Document | Checked | Verified | Warnings | Errors | Not found |"
        yield "|---|---:|---:|---:|---:|---:|"
        for number, report in enumerate(reports, start=1):
            s = report.summary
            name = escape_markdown(report.source or f"Document {number}")
            name += " (not read)" if report.error is not None else ""
            yield (
                f"| {name} | {s.checked} | {s.verified} | {s.with_warnings} | "
                f"{s.with_errors} | {s.not_found} |"
            )
    for number, (report, section) in enumerate(zip(reports, sections, strict=True), start=1):
        yield ""
        yield f"## {escape_markdown(report.source or f'Document {number}')}"
        yield ""
        yield _summary_line(report.summary)
        yield ""
        if section is not None:
            yield from _case_study_lines(section)
        if report.error is not None:
            yield f"**Not read:** {escape_markdown(report.error)}"
        elif not report.results:
            yield "No references found."
        for result in report.results:
            yield from _result_lines(result)


def render_markdown_report(
    reports: Sequence[Report],
    *,
    title: str = "Reference check report",
    created: datetime | None = None,
    sections: Sequence[CaseStudySection | None] | None = None,
) -> str:
    """A Markdown report for ``reports`` (one per checked document).

    ``sections`` holds, per report, its case-study section or None.
    """
    return "\n".join(_lines(reports, title, created, aligned_sections(reports, sections))) + "\n"
