"""The JSON report: every result of a run, in a documented and versioned shape.

The shape is generated from the pydantic models (:class:`ReportFile` wraps
:class:`~refenrich.models.Report`'s parts), and its JSON Schema is committed as
``docs/report.schema.json``; a test keeps the two equal. ``schema_version`` follows
semantic versioning: a new optional field raises the minor version, a renamed or
removed field the major one. Regenerate the committed schema with::

    python -m refenrich.export.report_json > docs/report.schema.json
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from refenrich._version import __version__
from refenrich.models import CheckResult, Report, Summary
from refenrich.ref.section import CaseStudySection

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "DocumentReport",
    "ReportFile",
    "aligned_sections",
    "build_report_file",
    "render_json_report",
    "report_schema",
    "total_summary",
]

SCHEMA_VERSION: Literal["1.3"] = "1.3"
"""The version of the JSON report's shape (``major.minor``)."""

SCHEMA_ID = "https://example.invalid/refenrich/report.schema.json"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentReport(_Frozen):
    """The results for one checked document (or list, or .bib file)."""

    source: str | None = Field(
        default=None, description="The file the references came from, as given."
    )
    summary: Summary = Field(description="How many references ended in each status.")
    results: list[CheckResult] = Field(
        default_factory=list, description="One result per reference, in document order."
    )
    case_study: CaseStudySection | None = Field(
        default=None,
        description="The REF checks, corroborating sources and grants, when the document "
        "was checked as a case study (schema 1.1).",
    )
    error: str | None = Field(
        default=None,
        description="Why the document could not be read, in which case it has no results; "
        "null when it was read (schema 1.2).",
    )

    @classmethod
    def from_report(
        cls, report: Report, case_study: CaseStudySection | None = None
    ) -> DocumentReport:
        """The document entry for ``report``, with its summary computed."""
        return cls(
            source=report.source,
            summary=report.summary,
            results=list(report.results),
            case_study=case_study,
            error=report.error,
        )


class ReportFile(_Frozen):
    """A whole JSON report: the version of its shape, who wrote it, and every document."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        title="refenrich report",
        json_schema_extra={"$id": SCHEMA_ID},
    )

    schema_version: Literal["1.3"] = Field(
        default=SCHEMA_VERSION, description="The version of this report's shape."
    )
    generator: str = Field(
        default=f"refenrich {__version__}", description="The program that wrote the report."
    )
    created: datetime | None = Field(
        default=None, description="When the report was written (ISO 8601), if recorded."
    )
    summary: Summary = Field(description="Counts over every document.")
    documents: list[DocumentReport] = Field(default_factory=list)


def total_summary(reports: Sequence[Report]) -> Summary:
    """The summaries of ``reports`` added up."""
    totals: dict[str, int] = dict.fromkeys(Summary.model_fields, 0)
    for report in reports:
        for name, value in report.summary.model_dump().items():
            totals[name] += value
    return Summary(**totals)


def aligned_sections(
    reports: Sequence[Report], sections: Sequence[CaseStudySection | None] | None
) -> list[CaseStudySection | None]:
    """``sections`` checked to match ``reports`` one for one (all None when not given)."""
    if sections is None:
        return [None] * len(reports)
    if len(sections) != len(reports):
        raise ValueError("give one case-study section (or None) per report")
    return list(sections)


def build_report_file(
    reports: Sequence[Report],
    *,
    created: datetime | None = None,
    sections: Sequence[CaseStudySection | None] | None = None,
) -> ReportFile:
    """The :class:`ReportFile` for one or more checked documents.

    ``sections`` holds, per report, its case-study section or None.
    """
    return ReportFile(
        created=created,
        summary=total_summary(reports),
        documents=[
            DocumentReport.from_report(report, section)
            for report, section in zip(reports, aligned_sections(reports, sections), strict=True)
        ],
    )


def render_json_report(
    reports: Sequence[Report],
    *,
    created: datetime | None = None,
    sections: Sequence[CaseStudySection | None] | None = None,
) -> str:
    """The JSON report for ``reports``, indented, ending in a newline.

    ``sections`` holds, per report, its case-study section or None.
    """
    data = build_report_file(reports, created=created, sections=sections).model_dump(mode="json")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON report, as committed in docs/."""
    schema = ReportFile.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _main() -> None:  # pragma: no cover - a maintainer's tool
    print(json.dumps(report_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    _main()
