"""Checking a document as a REF impact case study.

:func:`check_case_study` runs the ordinary reference check on section 3's outputs, then
adds what only a case study has: its structure, the exercise's rules as
:class:`~refenrich.models.DocumentFinding` objects (in ``Report.document_findings``),
the corroborating sources (those that are references are looked up like outputs), and
the grants the text names. REF rules apply to a recognised case study, or to any input
when an exercise is given explicitly; a paper's bibliography gets none of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pydantic import BaseModel, ConfigDict

from refenrich.check import check_references, extract_references
from refenrich.compare import DEFAULT_RULES, Rule
from refenrich.errors import SourceError
from refenrich.models import CheckResult, DocumentFinding, Report, Severity, Status
from refenrich.ref.grants import Grant, grant_findings, parse_grants
from refenrich.ref.gtr import GtrClient, compare_grant
from refenrich.ref.profile import ExerciseProfile, available_profiles, infer_profile
from refenrich.ref.rules import rule_findings
from refenrich.ref.structure import CaseStudy, CorroboratingSource, SourceKind, parse_case_study
from refenrich.sources.base import WorkSource
from refenrich.text.parse import parse_reference

__all__ = [
    "UNKNOWN_EXERCISE",
    "CaseStudyCheck",
    "CaseStudySummary",
    "GrantCheck",
    "SourceCheck",
    "check_case_study",
    "summarise",
    "verify_grants",
]


@dataclass(frozen=True, slots=True)
class SourceCheck:
    """A corroborating source, and its check when it is a reference (else None)."""

    source: CorroboratingSource
    result: CheckResult | None = None


@dataclass(frozen=True, slots=True)
class GrantCheck:
    """A grant as claimed, and what the funder's record says (None when not asked)."""

    grant: Grant
    found: bool | None = None
    findings: list[DocumentFinding] = field(default_factory=list)
    error: str | None = None
    record: dict[str, object] | None = None


@dataclass(frozen=True, slots=True)
class CaseStudyCheck:
    """Everything known about one document checked as a case study.

    ``profile`` is None when no REF rules were applied (not a case study, and no exercise
    was given). ``exercise_inferred`` says whether the document named its exercise.
    """

    report: Report
    case_study: CaseStudy | None
    profile: ExerciseProfile | None
    exercise_inferred: bool = False
    exercise_asked: bool = False
    sources: list[SourceCheck] = field(default_factory=list)
    grants: list[GrantCheck] = field(default_factory=list)
    grants_verified: bool = False

    @property
    def findings(self) -> list[DocumentFinding]:
        """The document's own findings (REF rules, structure, grants)."""
        return self.report.document_findings


class CaseStudySummary(BaseModel):
    """One row of the research office's table: a case study at a glance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str | None
    recognised: bool
    exercise: str | None
    title: str | None = None
    unit_of_assessment: str | None = None
    institution: str | None = None
    outputs: int = 0
    outputs_verified: int = 0
    outputs_with_warnings: int = 0
    outputs_with_errors: int = 0
    outputs_not_found: int = 0
    outputs_unresolved: int = 0
    outputs_failed: int = 0
    outputs_outside_window: int = 0
    sources: int = 0
    sources_references: int = 0
    sources_verified: int = 0
    grants: int = 0
    grants_verified: int | None = None
    rule_errors: int = 0
    rule_warnings: int = 0
    status: str = "ok"
    """ok, warnings, errors, or incomplete (some look-ups failed)."""
    problems: str = ""
    """The codes of the warning and error findings, ';'-separated: the document's (REF
    rules, grants) first, then its outputs' (so a status of errors always names a cause)."""


def _grants(case_study: CaseStudy) -> list[Grant]:
    text = case_study.grants_text
    if text is None:
        text = "\n".join(
            case_study.sections[number].text for number in (2, 3) if number in case_study.sections
        )
    grants: dict[str, Grant] = {}
    for grant in parse_grants(text):
        known = grants.get(grant.reference)
        if known is None or (known.text == known.reference and grant.text != grant.reference):
            grants[grant.reference] = grant
    return list(grants.values())


def _check_sources(
    case_study: CaseStudy, source: WorkSource, rules: Sequence[Rule]
) -> list[SourceCheck]:
    references = [item for item in case_study.sources if item.kind is SourceKind.REFERENCE]
    if not references:
        return [SourceCheck(item) for item in case_study.sources]
    parsed = [parse_reference(item.text) for item in references]
    # Only DOIs are looked up: grey literature (policy papers, minutes) is rarely in
    # Crossref, and a text search would find look-alikes rather than the source.
    report = check_references(parsed, source, rules=rules, search=False)
    by_id = {id(item): result for item, result in zip(references, report.results, strict=True)}
    return [SourceCheck(item, by_id.get(id(item))) for item in case_study.sources]


UNKNOWN_EXERCISE = "ref_exercise_unknown"
"""The code of the warning that a document names an exercise no shipped profile covers."""

_EXERCISE_NAME = re.compile(r"\bREF[ \t]?(?P<year>(?:19|20)\d\d)\b(?!/)")


def _unknown_exercise(text: str, applied: ExerciseProfile) -> DocumentFinding | None:
    """A warning when the document names an exercise no shipped profile covers (REF 2029)
    and not the one whose rules were applied (the default, or one inferred from a template
    marker such as "(REF3)"): that exercise's window and limits may differ."""
    named_years = [match.group("year") for match in _EXERCISE_NAME.finditer(text)]
    if applied.id.removeprefix("ref") in named_years:
        return None  # "REF 2021 case study, written with REF 2029 in mind"
    known = {exercise.removeprefix("ref") for exercise in available_profiles()}
    year = next((year for year in named_years if year not in known), None)
    if year is None:
        return None
    named = f"REF {year}"
    return DocumentFinding(
        code=UNKNOWN_EXERCISE,
        severity=Severity.WARNING,
        message=f"The document names {named}, for which refenrich has no rules; the "
        f"{applied.name} rules were applied instead. Give {named}'s rules with "
        "--exercise-file (see docs/ref.md) or choose one with --exercise.",
        claimed=named,
        actual=applied.name,
    )


def check_case_study(
    text: str,
    *,
    source: WorkSource,
    exercise: ExerciseProfile | None = None,
    report: Report | None = None,
    rules: Sequence[Rule] = DEFAULT_RULES,
    name: str | None = None,
) -> CaseStudyCheck:
    """Check ``text`` as a case study against records from ``source``.

    ``exercise`` forces that profile's rules (on any input); without it the profile is
    inferred from the document when it is a case study (REF 2021 when it does not say).
    ``report`` is the outputs' check when the caller has already made it.
    """
    case_study = parse_case_study(text)
    if report is None:
        references = extract_references(text).references
        report = check_references(references, source, rules=rules, name=name)
    inferred = False
    profile = exercise
    if profile is None and case_study is not None:
        profile, inferred = infer_profile(text)
    if profile is None:
        return CaseStudyCheck(report=report, case_study=None, profile=None)
    findings = rule_findings(report, case_study, profile)
    if exercise is None:
        unknown = _unknown_exercise(text, profile)
        if unknown is not None:
            findings.insert(0, unknown)
    sources: list[SourceCheck] = []
    grants: list[GrantCheck] = []
    if case_study is not None:
        sources = _check_sources(case_study, source, rules)
        parsed = _grants(case_study)
        findings.extend(grant_findings(parsed))
        grants = [GrantCheck(grant) for grant in parsed]
    return CaseStudyCheck(
        report=report.model_copy(update={"document_findings": findings}),
        case_study=case_study,
        profile=profile,
        exercise_inferred=inferred,
        exercise_asked=exercise is not None,
        sources=sources,
        grants=grants,
    )


def summarise(check: CaseStudyCheck) -> CaseStudySummary:
    """The research office's one-row view of a checked case study."""
    counts = check.report.summary
    case_study = check.case_study
    findings = check.findings + [f for g in check.grants for f in g.findings]
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    references = [item for item in check.sources if item.result is not None]
    failed = (
        counts.failed
        + sum(1 for item in references if item.result and item.result.status is Status.FAILED)
        + sum(1 for g in check.grants if g.error)
    )
    worst_output = (
        "errors"
        if counts.with_errors or counts.not_found
        else "warnings"
        if counts.with_warnings
        else "ok"
    )
    status = (
        "incomplete"
        if failed
        else "errors"
        if errors or worst_output == "errors"
        else "warnings"
        if warnings or worst_output == "warnings"
        else "ok"
    )
    return CaseStudySummary(
        source=check.report.source,
        recognised=case_study is not None,
        exercise=check.profile.id if check.profile else None,
        title=case_study.title if case_study else None,
        unit_of_assessment=case_study.unit_of_assessment if case_study else None,
        institution=case_study.institution if case_study else None,
        outputs=counts.checked,
        outputs_verified=counts.verified,
        outputs_with_warnings=counts.with_warnings,
        outputs_with_errors=counts.with_errors,
        outputs_not_found=counts.not_found,
        outputs_unresolved=counts.unresolved,
        outputs_failed=counts.failed,
        outputs_outside_window=sum(
            1 for f in check.findings if f.code == "ref_output_outside_window"
        ),
        sources=len(check.sources),
        sources_references=len(references),
        sources_verified=sum(
            1 for item in references if item.result and item.result.status is Status.VERIFIED
        ),
        grants=len(check.grants),
        grants_verified=(
            sum(
                1
                for g in check.grants
                if g.found and all(f.severity is Severity.INFO for f in g.findings)
            )
            if check.grants_verified
            else None
        ),
        rule_errors=len(errors),
        rule_warnings=len(warnings),
        status=status,
        problems=";".join(
            dict.fromkeys(
                [f.code for f in errors + warnings]
                + [
                    finding.code
                    for result in check.report.results
                    for finding in result.findings
                    if finding.severity is not Severity.INFO
                ]
            )
        ),
    )


def verify_grants(check: CaseStudyCheck, client: GtrClient) -> CaseStudyCheck:
    """``check`` with each grant looked up at Gateway to Research and compared (opt-in).

    A grant that cannot be looked up (network, service error) keeps ``found=None`` and
    says why in ``error``; the summary then counts the case study as incomplete.
    """
    dois = [result.doi for result in check.report.results if result.doi]
    checked: list[GrantCheck] = []
    for item in check.grants:
        try:
            project = client.get_project(item.grant.reference)
        except SourceError as error:
            checked.append(GrantCheck(item.grant, error=str(error)))
            continue
        record: dict[str, object] | None = None
        if project is not None:
            record = {
                "id": project.id,
                "title": project.title,
                "funder": project.funder,
                "organisation": project.organisation,
                "start": str(project.start) if project.start else None,
                "end": str(project.end) if project.end else None,
                "amount": project.amount,
            }
        checked.append(
            GrantCheck(
                item.grant,
                found=project is not None,
                findings=compare_grant(item.grant, project, dois),
                record=record,
            )
        )
    return replace(check, grants=checked, grants_verified=True)
