"""A case study's REF checks as plain data, for the per-case-study section of the reports.

:func:`case_study_section` turns a :class:`~refenrich.ref.check.CaseStudyCheck` into a
:class:`CaseStudySection` (rules with pass/fail, window, counts, classified corroborating
sources, grants); the HTML, Markdown and JSON reports render that one shape, so the
three agree with each other and with the text block of ``refenrich check``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from refenrich.models import DocumentFinding
from refenrich.ref.check import CaseStudyCheck, CaseStudySummary, summarise
from refenrich.ref.render import (
    exercise_phrase,
    grant_claims,
    grant_state,
    rule_results,
    source_state,
)

__all__ = [
    "CaseStudySection",
    "GrantEntry",
    "RuleResult",
    "SourceEntry",
    "case_study_section",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleResult(_Frozen):
    """One counted rule of the exercise and whether the document passes it."""

    passed: bool = Field(description="Whether the document keeps to the rule.")
    text: str = Field(description="The rule and the count, in words.")


class SourceEntry(_Frozen):
    """A source to corroborate the impact, classified (and checked when a reference)."""

    label: str | None = Field(default=None, description="The document's label (A, B, ...).")
    text: str = Field(description="The source as written.")
    kind: str = Field(description="reference, testimonial, ... (the classification).")
    state: str = Field(description="The class and, for a reference, its check, in words.")
    doi: str | None = None
    url: str | None = None
    status: str | None = Field(default=None, description="The reference's check status, if any.")


class GrantEntry(_Frozen):
    """A grant the case study names, its claims and whether they were verified."""

    reference: str
    claims: str = Field(description="Funder, organisation, period and amount as claimed.")
    state: str = Field(description="Whether Gateway to Research confirmed it, in words.")
    found: bool | None = None
    findings: list[DocumentFinding] = Field(default_factory=list)


class CaseStudySection(_Frozen):
    """Everything the reports show about one document checked as a REF case study."""

    exercise: str = Field(description="The exercise profile's id, e.g. ref2021.")
    exercise_name: str = Field(description="The exercise's name, e.g. REF 2021.")
    exercise_basis: str = Field(description="How the exercise was chosen, in words.")
    recognised: bool = Field(description="Whether the document is recognised as a case study.")
    title: str | None = None
    unit_of_assessment: str | None = None
    institution: str | None = None
    window_start: str | None = Field(
        default=None, description="First day of the underpinning research window (ISO 8601)."
    )
    window_end: str | None = Field(
        default=None, description="Last day of the underpinning research window (ISO 8601)."
    )
    rules: list[RuleResult] = Field(default_factory=list)
    findings: list[DocumentFinding] = Field(
        default_factory=list, description="The document's own findings (REF rules, grants)."
    )
    summary: CaseStudySummary
    sources: list[SourceEntry] = Field(default_factory=list)
    grants: list[GrantEntry] = Field(default_factory=list)

    @property
    def kind(self) -> str:
        """Whether the document was recognised as a case study, in words."""
        return "impact case study" if self.recognised else "not recognised as a case study"

    def facts(self) -> list[tuple[str, str]]:
        """The document's known facts as (label, value): title, unit, institution, window."""
        window = (
            f"{self.window_start} to {self.window_end}"
            if self.window_start and self.window_end
            else None
        )
        facts = [
            ("Title", self.title),
            ("Unit of assessment", self.unit_of_assessment),
            ("Institution", self.institution),
            ("Underpinning research window", window),
        ]
        return [(label, value) for label, value in facts if value]


def case_study_section(check: CaseStudyCheck) -> CaseStudySection | None:
    """The report section for ``check``; None when no REF rules were applied."""
    profile = check.profile
    if profile is None:
        return None
    case_study = check.case_study
    window = profile.underpinning_research
    return CaseStudySection(
        exercise=profile.id,
        exercise_name=profile.name,
        exercise_basis=exercise_phrase(check),
        recognised=case_study is not None,
        title=case_study.title if case_study else None,
        unit_of_assessment=case_study.unit_of_assessment if case_study else None,
        institution=case_study.institution if case_study else None,
        window_start=window.start.isoformat() if window else None,
        window_end=window.end.isoformat() if window else None,
        rules=[RuleResult(passed=ok, text=text) for ok, text in rule_results(check)],
        findings=sorted(check.findings, key=lambda f: -f.severity.rank),
        summary=summarise(check),
        sources=[
            SourceEntry(
                label=item.source.label,
                text=item.source.text,
                kind=item.source.kind.value,
                state=source_state(item),
                doi=item.source.doi,
                url=item.source.url,
                status=item.result.status.value if item.result else None,
            )
            for item in check.sources
        ],
        grants=[
            GrantEntry(
                reference=g.grant.reference,
                claims=grant_claims(g),
                state=grant_state(check, g),
                found=g.found,
                findings=list(g.findings),
            )
            for g in check.grants
        ],
    )
