"""Synthetic REF impact case studies and the Crossref records of their outputs.

For tests and benchmarks: :func:`case_study_text` writes a case study in the REF 2021
template's shape from a few facts, :func:`output_record` writes the Crossref work message
its output would have, and :func:`generate_case_studies` makes many varied ones from a
seed. DOIs use Crossref's test prefix ``10.5555``, so they never collide with real works.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SampleOutput",
    "case_study_text",
    "generate_case_studies",
    "output_record",
    "reference_line",
]


@dataclass(frozen=True, slots=True)
class SampleOutput:
    """One output of a synthetic case study; ``online`` is an online-first (year, month)."""

    authors: Sequence[tuple[str, str]]
    year: int
    title: str
    journal: str
    volume: str
    issue: str
    pages: str
    doi: str
    online: tuple[int, int] | None = None
    written_year: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def reference_line(output: SampleOutput) -> str:
    """The output as a case study cites it (Harvard style, as REF case studies often do)."""
    names = [f"{family}, {given[0]}." for family, given in output.authors]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    year = output.written_year or output.year
    return (
        f"{joined} ({year}) \u2018{output.title}\u2019, {output.journal}, "
        f"{output.volume}({output.issue}): {output.pages}. https://doi.org/{output.doi}"
    )


def output_record(output: SampleOutput) -> dict[str, Any]:
    """The Crossref work message for ``output``."""
    record: dict[str, Any] = {
        "DOI": output.doi,
        "type": "journal-article",
        "title": [output.title],
        "author": [
            {"given": given, "family": family, "sequence": "first" if i == 0 else "additional"}
            for i, (family, given) in enumerate(output.authors)
        ],
        "container-title": [output.journal],
        "volume": output.volume,
        "issue": output.issue,
        "page": output.pages,
        "published-print": {"date-parts": [[output.year, 6]]},
        "issued": {"date-parts": [[output.year, 6]]},
    }
    if output.online is not None:
        record["published-online"] = {"date-parts": [list(output.online)]}
        record["issued"] = {"date-parts": [list(output.online)]}
    record.update(output.extra)
    return record


def case_study_text(
    *,
    title: str,
    unit: str,
    institution: str,
    outputs: Sequence[SampleOutput],
    sources: Sequence[str],
    grants: str | None = None,
    exercise_marker: str | None = "Impact case study (REF3)",
    summary: str = "Research at the institution changed local policy.",
) -> str:
    """A case study in the REF template's shape, as plain text."""
    lines: list[str] = []
    if exercise_marker:
        lines += [exercise_marker, ""]
    lines += [
        f"Institution: {institution}",
        f"Unit of Assessment: {unit}",
        f"Title of case study: {title}",
        "Period when the underpinning research was undertaken: 2012 - 2019",
        "",
        "Section B",
        "1. Summary of the impact",
        summary,
        "",
        "2. Underpinning research",
        "The research team studied co-production in local government [1,2].",
        "",
        "3. References to the research",
        "Research quality: all outputs were published in peer-reviewed journals.",
        "",
        "Outputs:",
    ]
    for number, output in enumerate(outputs, start=1):
        lines.append(f"{number}. {reference_line(output)}")
    if grants:
        lines += ["", "Grants:", grants]
    lines += [
        "",
        "4. Details of the impact",
        "The findings were adopted by the combined authority [A].",
        "",
        "5. Sources to corroborate the impact",
    ]
    for number, source in enumerate(sources):
        lines.append(f"{chr(ord('A') + number)}. {source}")
    return "\n".join(lines) + "\n"


_FAMILIES = ("Okafor", "Lindqvist", "Durose", "Perry", "Dean", "Nakamura", "Evans", "Byrne")
_GIVEN = ("Maria", "Jonas", "Catherine", "Beth", "Rachel", "Kenji", "Sian", "Aoife")
_WORDS = (
    "governance", "participation", "co-production", "energy", "policy", "cities",
    "health", "procurement", "evidence", "communities", "decentralisation", "value",
)  # fmt: skip
_JOURNALS = ("Journal of Urban Affairs", "Policy and Politics", "Governance", "Urban Studies")


def generate_case_studies(
    count: int, *, seed: int = 0, max_outputs: int = 7
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """``count`` case studies with their outputs' records, varied from ``seed``.

    Some have more than six outputs, outputs outside the REF 2021 window, or more than ten
    sources, so every rule fires somewhere.
    """
    rng = random.Random(seed)
    for number in range(count):
        outputs = []
        for index in range(rng.randint(1, max_outputs)):
            year = rng.randint(1996, 2021)
            authors = [
                (rng.choice(_FAMILIES), rng.choice(_GIVEN)) for _ in range(rng.randint(1, 3))
            ]
            title = " ".join(rng.sample(_WORDS, 4)).capitalize()
            outputs.append(
                SampleOutput(
                    authors=authors,
                    year=year,
                    title=title,
                    journal=rng.choice(_JOURNALS),
                    volume=str(rng.randint(1, 60)),
                    issue=str(rng.randint(1, 6)),
                    pages=f"{(start := rng.randint(1, 400))}-{start + rng.randint(5, 30)}",
                    doi=f"10.5555/ref.{number}.{index}",
                    online=(year - 1, 11) if rng.random() < 0.3 else None,
                )
            )
        sources = [
            rng.choice(
                (
                    "Testimonial from the Director of Policy. Received 3 March 2020.",
                    "Annual report of the combined authority (2019).",
                    "Minutes of the cabinet meeting, 12 May 2018.",
                    f"Evaluation report (2019). https://doi.org/10.5555/src.{number}",
                )
            )
            for _ in range(rng.randint(3, 12))
        ]
        text = case_study_text(
            title=f"Synthetic case study {number}",
            unit="20 - Social Work and Social Policy",
            institution="University of Example",
            outputs=outputs,
            sources=sources,
            grants="Funded by ESRC grant ES/N000000/1 (Example, Jan 2016-Dec 2018, GBP500,000).",
        )
        yield text, [output_record(output) for output in outputs]
