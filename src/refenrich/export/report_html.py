"""The HTML report: one self-contained page a research office can open and print.

The page carries its own CSS, loads nothing and runs no script; a Content Security
Policy says so to the browser as a second line of defence. Every piece of text that
came from a document or a record is HTML-escaped (after control characters and
bidirectional overrides are removed), and only two kinds of link are made: doi.org
links built by :func:`refenrich.doi.doi_url`, and ``http``/``https`` URLs.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from refenrich._version import __version__
from refenrich.doi import doi_url
from refenrich.export.markup import clean_text
from refenrich.export.report_json import aligned_sections, total_summary
from refenrich.models import (
    CheckResult,
    DocumentFinding,
    Finding,
    Report,
    Severity,
    Status,
    Summary,
    Work,
)
from refenrich.ref.section import CaseStudySection
from refenrich.render import terminal_safe

__all__ = ["STATUS_LABELS", "render_html_report", "safe_http_url", "status_label"]

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.VERIFIED: ("✓", "Verified"),
    Status.WARNING: ("!", "Warning"),
    Status.ERROR: ("✗", "Error"),
    Status.NOT_FOUND: ("?", "Not found"),
    Status.UNRESOLVED: ("·", "Unresolved"),
    Status.FAILED: ("✗", "Look-up failed"),
}
"""The mark and label shown for each status, in every report format."""


def status_label(status: Status) -> tuple[str, str]:
    """The mark and label for ``status`` (a generic one for statuses added later)."""
    return STATUS_LABELS.get(status, ("~", status.value.replace("_", " ").capitalize()))


_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

_CSS = """
:root {
  --ink: #1d2430; --muted: #5b6576; --line: #dde2ea; --paper: #ffffff; --bg: #f4f6f9;
  --ok: #1f7a3f; --ok-bg: #e6f4ea; --warn: #8a5a00; --warn-bg: #fff4d6;
  --err: #b42318; --err-bg: #fdeceb; --nf: #6b3fa0; --nf-bg: #f1eafb;
  --un: #56606e; --un-bg: #eef0f3; --info: #175c8a; --info-bg: #e8f2fa;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
header.page h1 { margin: 0 0 4px; font-size: 26px; letter-spacing: -0.01em; }
.meta { color: var(--muted); margin: 0 0 18px; font-size: 13px; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 8px; padding: 0; list-style: none; }
.tile { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 8px 14px; min-width: 104px; }
.tile b { display: block; font-size: 22px; line-height: 1.2; }
.tile span { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile.verified b { color: var(--ok); } .tile.warning b { color: var(--warn); }
.tile.error b { color: var(--err); } .tile.not_found b { color: var(--nf); }
.tile.unresolved b, .tile.failed b { color: var(--un); }
table.docs { width: 100%; border-collapse: collapse; background: var(--paper); margin: 18px 0 8px;
  border: 1px solid var(--line); border-radius: 8px; font-size: 14px; }
table.docs th, table.docs td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: right; }
table.docs th:first-child, table.docs td:first-child { text-align: left; }
table.docs th { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
section.doc { margin-top: 30px; }
section.doc > h2 { font-size: 19px; margin: 0 0 10px; word-break: break-all; }
.ref { background: var(--paper); border: 1px solid var(--line); border-left: 6px solid var(--un);
  border-radius: 8px; padding: 12px 16px; margin: 12px 0; break-inside: avoid; }
.ref.verified { border-left-color: var(--ok); } .ref.warning { border-left-color: #d99a00; }
.ref.error { border-left-color: var(--err); } .ref.not_found { border-left-color: var(--nf); }
.ref.failed { border-left-color: var(--err); }
.ref-head { display: flex; align-items: center; gap: 10px; margin-bottom: 4px; }
.idx { font-weight: 700; color: var(--muted); font-variant-numeric: tabular-nums; }
.key { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; color: var(--muted); }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12px;
  font-weight: 700; letter-spacing: .02em; }
.badge.verified { color: var(--ok); background: var(--ok-bg); }
.badge.warning { color: var(--warn); background: var(--warn-bg); }
.badge.error, .badge.failed { color: var(--err); background: var(--err-bg); }
.badge.not_found { color: var(--nf); background: var(--nf-bg); }
.badge.unresolved, .badge.ambiguous { color: var(--un); background: var(--un-bg); }
.raw { margin: 4px 0 8px; }
.record { margin: 0 0 6px; color: var(--muted); font-size: 14px; }
.record .label { font-weight: 600; color: var(--ink); }
a { color: #1457b8; text-decoration: none; } a:hover { text-decoration: underline; }
.doi { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
ul.findings { list-style: none; margin: 8px 0 0; padding: 0; }
.finding { border-radius: 6px; padding: 7px 10px; margin: 6px 0; font-size: 14px; }
.finding.error { background: var(--err-bg); } .finding.warning { background: var(--warn-bg); }
.finding.info { background: var(--info-bg); }
.sev { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: .05em;
  margin-right: 6px; }
.finding.error .sev { color: var(--err); } .finding.warning .sev { color: var(--warn); }
.finding.info .sev { color: var(--info); }
.field { font-size: 11px; color: var(--muted); border: 1px solid currentColor; border-radius: 4px;
  padding: 0 5px; margin-right: 6px; text-transform: uppercase; letter-spacing: .04em; }
dl.diff { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0 0; }
dl.diff dt { color: var(--muted); font-size: 12px; text-transform: uppercase; padding-top: 2px; }
dl.diff dd { margin: 0; }
.empty { color: var(--muted); font-style: italic; }
.ref-checks { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 12px 16px; margin: 12px 0; break-inside: avoid; }
.ref-checks h3 { font-size: 16px; margin: 0 0 6px; } .ref-checks h4 { font-size: 14px; margin: 10px 0 4px; }
ul.rules, ul.sources, ul.grants { list-style: none; margin: 4px 0; padding: 0; }
.rule.pass .mark { color: var(--ok); font-weight: 700; } .rule.fail .mark { color: var(--err); font-weight: 700; }
.kind { font-size: 11px; color: var(--muted); border: 1px solid currentColor; border-radius: 4px;
  padding: 0 5px; margin-right: 6px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line);
  padding-top: 12px; }
@media print { body { background: #fff; } .ref { border-color: #999; } a { color: inherit; } }
"""

_TILES: tuple[tuple[str, str, str], ...] = (
    ("checked", "checked", "checked"),
    ("verified", "verified", "verified"),
    ("with_warnings", "warning", "with warnings"),
    ("with_errors", "error", "with errors"),
    ("not_found", "not_found", "not found"),
    ("unresolved", "unresolved", "unresolved"),
    ("failed", "failed", "look-up failed"),
    ("ambiguous", "unresolved", "ambiguous"),
)


def _esc(text: object) -> str:
    """``text`` as safe HTML text or attribute content."""
    return html.escape(terminal_safe(str(text)), quote=True)


def safe_http_url(url: str | None) -> str | None:
    """``url`` if it is an absolute ``http``/``https`` URL with a host, else None.

    Anything else (``javascript:``, ``data:``, relative paths, ...) is never linked.
    """
    if not url:
        return None
    candidate = terminal_safe(url).strip()
    if any(character.isspace() for character in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


def _link(href: str, text: str, css: str | None = None) -> str:
    cls = f' class="{css}"' if css else ""
    return (
        f'<a{cls} href="{html.escape(href, quote=True)}" rel="noopener noreferrer">{_esc(text)}</a>'
    )


def _doi_link(doi: str) -> str:
    return _link(doi_url(doi), doi, "doi")


def _tiles(summary: Summary) -> str:
    counts = summary.model_dump()
    items = [
        f'<li class="tile {css}"><b>{counts[name]}</b><span>{label}</span></li>'
        for name, css, label in _TILES
        if counts.get(name) or name in ("checked", "verified", "with_warnings", "with_errors")
    ]
    return '<ul class="tiles">' + "".join(items) + "</ul>"


def _work_line(work: Work) -> str:
    parts = []
    title = clean_text(work.full_title)
    parts.append(f"‘{_esc(title)}’" if title else '<span class="empty">untitled</span>')
    if work.year:
        parts.append(f"({work.year})")
    container = clean_text(work.container_title)
    if container:
        where = f"<i>{_esc(container)}</i>"
        if work.volume:
            where += f" {_esc(work.volume)}"
            if work.issue:
                where += f"({_esc(work.issue)})"
        if work.pages:
            where += f", {_esc(work.pages)}"
        parts.append("in " + where)
    elif work.publisher:
        parts.append(_esc(work.publisher))
    return " ".join(parts)


def _record(result: CheckResult) -> str:
    resolution = result.resolution
    work = resolution.work
    if work is not None:
        doi = f" {_doi_link(work.doi)}" if work.doi else ""
        return f'<p class="record"><span class="label">Record</span>{doi} — {_work_line(work)}</p>'
    if resolution.error is not None:
        return f'<p class="record"><span class="label">Look-up failed:</span> {_esc(resolution.error)}</p>'
    if resolution.doi is not None:
        tried = "; ".join(resolution.tried) or "the source"
        return (
            f'<p class="record"><span class="label">Not found:</span> DOI '
            f"{_doi_link(resolution.doi)} is not known to {_esc(tried)}</p>"
        )
    if result.status is Status.AMBIGUOUS:
        dois = ", ".join(_doi_link(work.doi) for work in resolution.candidates if work.doi)
        return f'<p class="record"><span class="label">Ambiguous:</span> several records fit equally well: {dois}</p>'
    if resolution.tried:
        return (
            '<p class="record"><span class="label">No DOI:</span> '
            f"{_esc('; '.join(resolution.tried))}</p>"
        )
    return (
        '<p class="record"><span class="label">No DOI:</span> the reference gives none, '
        "and it was not searched for by its text.</p>"
    )


def _finding(finding: Finding) -> str:
    severity = finding.severity.value
    diff = ""
    if finding.severity is not Severity.INFO and (finding.claimed or finding.actual):
        rows = []
        if finding.claimed is not None:
            rows.append(f"<dt>reference</dt><dd>{_esc(finding.claimed)}</dd>")
        if finding.actual is not None:
            rows.append(f"<dt>record</dt><dd>{_esc(finding.actual)}</dd>")
        diff = '<dl class="diff">' + "".join(rows) + "</dl>"
    return (
        f'<li class="finding {severity}"><span class="sev">{severity}</span>'
        f'<span class="field">{_esc(finding.field.value)}</span>{_esc(finding.message)}'
        f"{diff}</li>"
    )


def _result(result: CheckResult, anchor: str) -> str:
    status = result.status.value
    mark, label = status_label(result.status)
    key = result.reference.key
    head = [
        f'<span class="idx">[{result.index}]</span>',
        f'<span class="badge {status}">{mark} {label}</span>',
    ]
    if key:
        head.append(f'<span class="key">{_esc(key)}</span>')
    url = safe_http_url(result.reference.url)
    links = ""
    if url and not result.reference.doi:
        links = f" {_link(url, url)}"
    findings = sorted(result.findings, key=lambda finding: -finding.severity.rank)
    items = "".join(_finding(finding) for finding in findings)
    return (
        f'<article class="ref {status}" id="{anchor}">'
        f'<div class="ref-head">{"".join(head)}</div>'
        f'<p class="raw">{_esc(result.raw)}{links}</p>'
        f"{_record(result)}"
        + (f'<ul class="findings">{items}</ul>' if items else "")
        + "</article>"
    )


def _document_finding(finding: DocumentFinding) -> str:
    severity = finding.severity.value
    return (
        f'<li class="finding {severity}"><span class="sev">{severity}</span>'
        f"{_esc(finding.message)}</li>"
    )


def _case_study(section: CaseStudySection, number: int) -> str:
    """The per-case-study block: REF rules, sources to corroborate, grants."""
    parts = [
        f'<div class="ref-checks" id="d{number}-ref">'
        f"<h3>{_esc(section.exercise_name)} checks</h3>"
        f'<p class="meta">{_esc(section.kind)}; {_esc(section.exercise_basis)}</p>'
    ]
    rows = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in section.facts())
    if rows:
        parts.append(f'<dl class="diff">{rows}</dl>')
    if section.rules:
        rules = "".join(
            f'<li class="rule {"pass" if rule.passed else "fail"}">'
            f'<span class="mark">{"✓" if rule.passed else "✗"}</span> {_esc(rule.text)}</li>'
            for rule in section.rules
        )
        parts.append(f'<ul class="rules">{rules}</ul>')
    if section.findings:
        found = "".join(_document_finding(f) for f in section.findings)
        parts.append(f'<ul class="findings">{found}</ul>')
    items: list[str] = []
    if section.sources:
        for source in section.sources:
            label = f"{_esc(source.label)}. " if source.label else ""
            link = ""
            if source.doi:
                link = " " + _doi_link(source.doi)
            else:
                url = safe_http_url(source.url)
                link = f" {_link(url, url)}" if url else ""
            items.append(
                f'<li>{label}<span class="kind">{_esc(source.state)}</span>'
                f"{_esc(source.text)}{link}</li>"
            )
        parts.append(
            f'<h4>Sources to corroborate the impact</h4><ul class="sources">{"".join(items)}</ul>'
        )
    if section.grants:
        items = []
        for grant in section.grants:
            claims = f" ({_esc(grant.claims)})" if grant.claims else ""
            findings = "".join(_document_finding(f) for f in grant.findings)
            items.append(
                f"<li><b>{_esc(grant.reference)}</b>{claims}: {_esc(grant.state)}"
                + (f'<ul class="findings">{findings}</ul>' if findings else "")
                + "</li>"
            )
        parts.append(f'<h4>Grants</h4><ul class="grants">{"".join(items)}</ul>')
    parts.append("</div>")
    return "".join(parts)


def _document(
    report: Report, number: int, *, tiles: bool, section: CaseStudySection | None = None
) -> str:
    name = report.source or f"Document {number}"
    body = (
        f'<p class="record"><span class="label">Not read:</span> {_esc(report.error)}</p>'
        if report.error is not None
        else "".join(_result(result, f"d{number}-r{result.index}") for result in report.results)
        or '<p class="empty">No references found.</p>'
    )
    checks = _case_study(section, number) if section is not None else ""
    return (
        f'<section class="doc" id="d{number}"><h2>{_esc(name)}</h2>'
        f"{_tiles(report.summary) if tiles else ''}{checks}{body}</section>"
    )


def _documents_table(reports: Sequence[Report]) -> str:
    head = "".join(
        f"<th>{label}</th>"
        for label in ("Document", "Checked", "Verified", "Warnings", "Errors", "Not found", "Other")
    )
    rows = []
    for number, report in enumerate(reports, start=1):
        s = report.summary
        name = (report.source or f"Document {number}") + (
            " (not read)" if report.error is not None else ""
        )
        rows.append(
            f'<tr><td><a href="#d{number}">{_esc(name)}</a></td><td>{s.checked}</td>'
            f"<td>{s.verified}</td><td>{s.with_warnings}</td><td>{s.with_errors}</td>"
            f"<td>{s.not_found}</td><td>{s.checked - s.verified - s.with_warnings - s.with_errors - s.not_found}</td></tr>"
        )
    return (
        f'<table class="docs"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _page(
    reports: Sequence[Report],
    title: str,
    created: datetime | None,
    sections: list[CaseStudySection | None],
) -> Iterator[str]:
    noun = "document" if len(reports) == 1 else "documents"
    when = f" on {created:%Y-%m-%d %H:%M}" if created else ""
    yield "<!DOCTYPE html>"
    yield '<html lang="en"><head><meta charset="utf-8">'
    yield f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield '<meta name="referrer" content="no-referrer">'
    yield f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body><main>"
    yield f'<header class="page"><h1>{_esc(title)}</h1>'
    yield (
        f'<p class="meta">{len(reports)} {noun} checked by refenrich {_esc(__version__)}{when}. '
        "Findings compare each reference with the record its DOI identifies.</p>"
    )
    yield _tiles(total_summary(reports)) + "</header>"
    if len(reports) > 1:
        yield _documents_table(reports)
    for number, (report, section) in enumerate(zip(reports, sections, strict=True), start=1):
        # With one document its counts are the page's: show them once, at the top.
        yield _document(report, number, tiles=len(reports) > 1, section=section)
    yield (
        "<footer><b>Statuses:</b> verified — the record agrees (notes may remain); "
        "warning — a detail differs; error — the reference and its record disagree on "
        "something that matters (journal, year, authors) or the work was retracted; "
        "not found — no record holds its DOI or matches its text; unresolved — no DOI, and "
        "no record could be named. "
        "DOI links go to doi.org.</footer>"
    )
    yield "</main></body></html>"


def render_html_report(
    reports: Sequence[Report],
    *,
    title: str = "Reference check report",
    created: datetime | None = None,
    sections: Sequence[CaseStudySection | None] | None = None,
) -> str:
    """A self-contained HTML page for ``reports`` (one per checked document).

    ``sections`` holds, per report, its case-study section or None; a document with one
    gets a block of REF checks, corroborating sources and grants before its references.
    """
    return "\n".join(_page(reports, title, created, aligned_sections(reports, sections))) + "\n"
