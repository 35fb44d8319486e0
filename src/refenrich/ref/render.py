"""A case study's REF checks for people (a text block) and for machines (one JSON object).

The JSON object follows a document's per-reference objects in ``--format jsonl``:
``{"kind": "document", "source", "exercise", "findings", "summary", "sources",
"grants"}``. It has no ``raw`` key, so tools that read per-reference objects can skip it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from refenrich.models import DocumentFinding, Severity, Status
from refenrich.ref.check import (
    UNKNOWN_EXERCISE,
    CaseStudyCheck,
    CaseStudySummary,
    GrantCheck,
    SourceCheck,
    summarise,
)
from refenrich.render import terminal_safe

__all__ = [
    "document_json",
    "exercise_phrase",
    "grant_claims",
    "grant_state",
    "render_document_jsonl",
    "render_ref_text",
    "rule_results",
    "source_state",
    "summary_table",
]

_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "·"}


def _finding_json(finding: DocumentFinding) -> dict[str, object]:
    return finding.model_dump(mode="json")


def document_json(check: CaseStudyCheck) -> dict[str, object]:
    """The document-level JSON object (see the module docstring)."""
    return {
        "kind": "document",
        "source": check.report.source,
        "exercise": check.profile.id if check.profile else None,
        "exercise_inferred": check.exercise_inferred,
        "findings": [_finding_json(f) for f in check.findings],
        "summary": summarise(check).model_dump(mode="json"),
        "sources": [
            {
                "label": item.source.label,
                "text": item.source.text,
                "kind": item.source.kind.value,
                "doi": item.source.doi,
                "url": item.source.url,
                "status": item.result.status.value if item.result else None,
                "findings": [
                    f.model_dump(mode="json") for f in (item.result.findings if item.result else [])
                ],
            }
            for item in check.sources
        ],
        "grants": [
            {
                "reference": g.grant.reference,
                "funder": g.grant.funder,
                "organisation": g.grant.organisation,
                "start": str(g.grant.start) if g.grant.start else None,
                "end": str(g.grant.end) if g.grant.end else None,
                "amount": g.grant.amount,
                "found": g.found,
                "error": g.error,
                "findings": [_finding_json(f) for f in g.findings],
            }
            for g in check.grants
        ],
    }


def render_document_jsonl(check: CaseStudyCheck) -> str:
    """The document object as one line of JSON."""
    return json.dumps(document_json(check), ensure_ascii=False) + "\n"


def _finding_lines(finding: DocumentFinding) -> Iterator[str]:
    yield f"  {_MARK[finding.severity]} {finding.severity.value:<7} {terminal_safe(finding.message)}"


def _count_line(ok: bool, text: str) -> str:
    return f"  {'✓' if ok else '✗'} {text}"


def exercise_phrase(check: CaseStudyCheck) -> str:
    """How the exercise was chosen, e.g. "exercise named in the document"."""
    profile = check.profile
    name = profile.name if profile else "none"
    if check.exercise_asked:
        return "exercise as asked"
    unknown = next((f for f in check.findings if f.code == UNKNOWN_EXERCISE), None)
    if unknown is not None:
        return f"the document names {unknown.claimed}, which has no rules here, so {name}"
    if check.exercise_inferred:
        return "exercise named in the document"
    return f"exercise not named in the document, so {name}"


def rule_results(check: CaseStudyCheck) -> list[tuple[bool, str]]:
    """The exercise's counted rules as (passed, text), e.g. references and window counts."""
    profile = check.profile
    if profile is None:
        return []
    case_study = check.case_study
    codes = {f.code for f in check.findings}
    count = len(check.report.results)
    rules: list[tuple[bool, str]] = []
    if profile.references is not None:
        rules.append(
            (
                "ref_too_many_references" not in codes,
                f"references to the research: {count} (at most {profile.references.max})",
            )
        )
    window = profile.underpinning_research
    if window is not None:
        outside = sum(1 for f in check.findings if f.code == "ref_output_outside_window")
        rules.append(
            (
                outside == 0,
                f"outputs first published {window.start.isoformat()} to "
                f"{window.end.isoformat()}: {count - outside} of {count}",
            )
        )
    if case_study is not None and profile.corroborating_sources is not None:
        rules.append(
            (
                "ref_too_many_sources" not in codes,
                f"sources to corroborate the impact: {len(case_study.sources)} "
                f"(at most {profile.corroborating_sources.max})",
            )
        )
    return rules


def source_state(item: SourceCheck) -> str:
    """A corroborating source's class and check, e.g. "testimonial" or "reference, verified"."""
    if item.result is None:
        return item.source.kind.value
    if item.result.status is Status.UNRESOLVED:
        return "reference, no DOI to check"
    return f"reference, {item.result.status.value}"


def grant_claims(grant: GrantCheck) -> str:
    """What the case study claims for a grant: funder, organisation, period, amount."""
    g = grant.grant
    return ", ".join(
        part
        for part in (
            g.funder,
            g.organisation,
            f"{g.start} to {g.end}" if g.start and g.end else None,
            f"GBP {g.amount:,.0f}" if g.amount is not None else None,
        )
        if part
    )


def grant_state(check: CaseStudyCheck, grant: GrantCheck) -> str:
    """Whether a grant was verified at Gateway to Research, in words."""
    if not check.grants_verified:
        return "not verified (--grants checks them at Gateway to Research)"
    if grant.error:
        return f"could not be checked: {grant.error}"
    if grant.found is False:
        return "not found at Gateway to Research"
    if grant.findings:
        return "found; details disagree"
    return "verified at Gateway to Research"


def render_ref_text(check: CaseStudyCheck) -> str:
    """The "REF 2021 checks" block printed before the summary line."""
    profile = check.profile
    if profile is None:
        return ""
    case_study = check.case_study
    kind = "impact case study" if case_study else "not recognised as a case study"
    head = f"{profile.name} checks ({kind}; {exercise_phrase(check)}):"
    lines = [head]
    if case_study is not None:
        for label, value in (
            ("title", case_study.title),
            ("unit of assessment", case_study.unit_of_assessment),
            ("institution", case_study.institution),
        ):
            if value:
                lines.append(f"  {label}: {terminal_safe(value)}")
    lines.extend(_count_line(ok, text) for ok, text in rule_results(check))
    for finding in sorted(check.findings, key=lambda f: -f.severity.rank):
        lines.extend(_finding_lines(finding))
    if check.sources:
        lines.append("  Sources to corroborate the impact:")
        for item in check.sources:
            label = f"{item.source.label}." if item.source.label else "-"
            text = item.source.text
            short = text if len(text) <= 70 else text[:69] + "…"
            lines.append(f"    {label:<4}[{source_state(item)}] {terminal_safe(short)}")
    if check.grants:
        lines.append("  Grants:")
        for g in check.grants:
            lines.append(
                f"    {terminal_safe(g.grant.reference)} ({terminal_safe(grant_claims(g))}): "
                f"{terminal_safe(grant_state(check, g))}"
            )
            for finding in g.findings:
                lines.append(f"      {_MARK[finding.severity]} {terminal_safe(finding.message)}")
    return "\n".join(lines) + "\n"


_TABLE_FIELDS = list(CaseStudySummary.model_fields)


def summary_table(rows: Iterable[CaseStudySummary], fmt: str = "csv") -> str:
    """One row per case study, as CSV (with a header) or JSON Lines."""
    if fmt == "jsonl":
        return "".join(
            json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n" for row in rows
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_TABLE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = row.model_dump(mode="json")
        writer.writerow({key: _cell(value) for key, value in data.items()})
    return buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text from a case study that starts like
    a formula ("=HYPERLINK(...)", "@SUM(...)") gets a leading apostrophe, as OWASP advises
    for CSV files opened in Excel or LibreOffice."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
