"""REF rules as document-level findings, driven by an :class:`ExerciseProfile`.

Each rule is a pure function of the checked outputs (a :class:`~refenrich.models.Report`
of section 3's references), the case study's structure and the profile, returning
:class:`~refenrich.models.DocumentFinding` objects:

- ``ref_too_many_references``: more references to the research than the profile allows;
- ``ref_output_outside_window``: an output first published outside the window for
  underpinning research (the record's earliest of issued, print and online dates; else
  the year as written). An output cited through a review's DOI is dated by the year
  written, because the record is the review's;
- ``ref_output_date_unknown`` (info): an output with no date at all;
- ``ref_too_many_sources``: more corroborating sources than the profile allows;
- ``ref_missing_section``: one of the five numbered sections was not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from refenrich.models import CheckResult, DocumentFinding, PartialDate, Report, Severity, Work
from refenrich.ref.profile import ExerciseProfile, WindowRule
from refenrich.ref.structure import SECTION_TITLES, CaseStudy

__all__ = [
    "OutputDate",
    "earliest_date",
    "output_date",
    "rule_findings",
]


@dataclass(frozen=True, slots=True)
class OutputDate:
    """When an output was first published, and where that date came from."""

    date: PartialDate
    origin: str  # "record" or "reference"


def earliest_date(work: Work) -> PartialDate | None:
    """The earliest of a record's issued, print and online dates (missing parts sort first)."""
    dates = [d for d in (work.issued, work.published_print, work.published_online) if d]
    if not dates:
        return None
    return min(dates, key=lambda d: (d.year, d.month or 0, d.day or 0))


def output_date(result: CheckResult) -> OutputDate | None:
    """The date an output is judged by: its record's earliest date, else the year written."""
    work = result.resolution.work
    via_review = any(finding.code == "doi_is_review" for finding in result.findings)
    if work is not None and not via_review:
        found = earliest_date(work)
        if found is not None:
            return OutputDate(found, "record")
    if result.reference.year is not None:
        return OutputDate(PartialDate(year=result.reference.year), "reference")
    return None


def _bounds(value: PartialDate) -> tuple[date, date]:
    """The first and last day a partial date can mean."""
    first = date(value.year, value.month or 1, value.day or 1)
    if value.day is not None and value.month is not None:
        return first, first
    if value.month is not None:
        following = date(value.year + (value.month == 12), value.month % 12 + 1, 1)
        return first, date.fromordinal(following.toordinal() - 1)
    return first, date(value.year, 12, 31)


def _outside(value: PartialDate, window: WindowRule) -> str | None:
    """Whether ``value`` lies certainly outside the window: "before", "after" or None."""
    first, last = _bounds(value)
    if last < window.start:
        return "before"
    if first > window.end:
        return "after"
    return None


def _window_findings(report: Report, profile: ExerciseProfile) -> list[DocumentFinding]:
    window = profile.underpinning_research
    if window is None:
        return []
    span = f"{window.start.isoformat()} to {window.end.isoformat()}"
    findings = []
    for result in report.results:
        dated = output_date(result)
        if dated is None:
            findings.append(
                DocumentFinding(
                    code="ref_output_date_unknown",
                    severity=Severity.INFO,
                    message=f"Output [{result.index}] has no date in its record or its text, "
                    f"so whether it lies within the {profile.name} window ({span}) is unknown.",
                    actual=span,
                    reference_index=result.index,
                    rule_source=window.source,
                )
            )
            continue
        side = _outside(dated.date, window)
        if side is None:
            continue
        where = "its record's earliest date" if dated.origin == "record" else "the year given"
        findings.append(
            DocumentFinding(
                code="ref_output_outside_window",
                severity=window.severity,
                message=f"Output [{result.index}] was first published {dated.date} ({where}), "
                f"{side} the {profile.name} window for underpinning research ({span}).",
                claimed=str(dated.date),
                actual=span,
                reference_index=result.index,
                rule_source=window.source,
            )
        )
    return findings


def rule_findings(
    report: Report, case_study: CaseStudy | None, profile: ExerciseProfile
) -> list[DocumentFinding]:
    """Every REF rule's findings for one document (see the module docstring)."""
    findings: list[DocumentFinding] = []
    if case_study is not None:
        for number in case_study.missing_sections:
            findings.append(
                DocumentFinding(
                    code="ref_missing_section",
                    severity=Severity.WARNING,
                    message=f"Section '{number}. {SECTION_TITLES[number]}' was not found.",
                    actual=SECTION_TITLES[number],
                )
            )
    references = profile.references
    count = len(report.results)
    if references is not None and count > references.max:
        findings.append(
            DocumentFinding(
                code="ref_too_many_references",
                severity=references.severity,
                message=f"{count} references to the research; {profile.name} allows at most "
                f"{references.max}.",
                claimed=str(count),
                actual=str(references.max),
                rule_source=references.source,
            )
        )
    findings.extend(_window_findings(report, profile))
    sources = profile.corroborating_sources
    if case_study is not None and sources is not None:
        listed = len(case_study.sources)
        if listed > sources.max:
            findings.append(
                DocumentFinding(
                    code="ref_too_many_sources",
                    severity=sources.severity,
                    message=f"{listed} sources to corroborate the impact; {profile.name} "
                    f"allows at most {sources.max}.",
                    claimed=str(listed),
                    actual=str(sources.max),
                    rule_source=sources.source,
                )
            )
    return findings
