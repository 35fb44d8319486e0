"""The structure of a REF impact case study.

REF 2014 (REF3b) and REF 2021 (REF3) case studies share one template: a title and the
unit of assessment (Section A), then five numbered sections (Section B):

1. Summary of the impact
2. Underpinning research
3. References to the research  (outputs, a research-quality statement, often "Grants:")
4. Details of the impact
5. Sources to corroborate the impact

:func:`parse_case_study` recognises them in plain text (as read by
:func:`refenrich.documents.read_document`) and returns None for anything else, so a
paper's bibliography is never mistaken for a case study.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from refenrich.doi import find_dois
from refenrich.text.section import ref_section_headings
from refenrich.text.split import join_wrapped

__all__ = [
    "SECTION_TITLES",
    "CaseStudy",
    "CaseStudySection",
    "CorroboratingSource",
    "SourceKind",
    "parse_case_study",
    "split_sources",
]

SECTION_TITLES = {
    1: "Summary of the impact",
    2: "Underpinning research",
    3: "References to the research",
    4: "Details of the impact",
    5: "Sources to corroborate the impact",
}


def _field(label: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*{label}[ \t]*:[ \t]*(?P<value>[^\n]*)$", re.I | re.M)


_TITLE = _field(r"title[ \t]+of[ \t]+case[ \t]+study")
_UOA = _field(r"unit[ \t]+of[ \t]+assessment")
_INSTITUTION = _field(r"institution")
_RESEARCH_PERIOD = _field(
    r"period[ \t]+when[ \t]+the[ \t]+underpinning[ \t]+research[ \t]+was[ \t]+undertaken"
)
_IMPACT_PERIOD = _field(r"period[ \t]+when[ \t]+the[ \t]+claimed[ \t]+impact[ \t]+occurred")

_LABEL = re.compile(
    r"^[ \t]*(?P<label>research[ \t]+quality|evidence[ \t]+of[ \t]+(?:research[ \t]+)?quality"
    r"|quality[ \t]+indicators?|outputs?|key[ \t]+outputs?|references|grants?|funding"
    r"|research[ \t]+grants?|grant[ \t]+funding)[ \t]*:",
    re.I | re.M,
)


_GRANT_LABELS = ("grant", "funding", "research grant")


class SourceKind(StrEnum):
    """What a corroborating source is: a checkable reference, or something else."""

    REFERENCE = "reference"
    TESTIMONIAL = "testimonial"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class CaseStudySection:
    """One numbered section: its number, heading as written, and text below the heading."""

    number: int
    heading: str
    text: str


@dataclass(frozen=True, slots=True)
class CorroboratingSource:
    """One item of "5. Sources to corroborate the impact".

    ``kind`` is REFERENCE for reports, articles, books and anything with a DOI (these
    are checked like outputs), TESTIMONIAL for letters, statements and interviews, and
    OTHER for the rest (web pages, meeting records, data).
    """

    label: str | None
    text: str
    kind: SourceKind
    doi: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class CaseStudy:
    """A recognised impact case study, section by section."""

    sections: dict[int, CaseStudySection]
    title: str | None = None
    unit_of_assessment: str | None = None
    institution: str | None = None
    research_period: str | None = None
    impact_period: str | None = None
    research_quality: str | None = None
    grants_text: str | None = None
    sources: list[CorroboratingSource] = field(default_factory=list)

    @property
    def missing_sections(self) -> list[int]:
        """Numbers of the five sections that were not found."""
        return [number for number in SECTION_TITLES if number not in self.sections]


def _value(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    value = " ".join(match.group("value").split()).strip(" .")
    return value or None


def _find_sections(text: str) -> tuple[dict[int, CaseStudySection], int]:
    found = ref_section_headings(text)
    sections: dict[int, CaseStudySection] = {}
    for position, (number, match) in enumerate(found):
        end = found[position + 1][1].start() if position + 1 < len(found) else len(text)
        sections[number] = CaseStudySection(
            number, " ".join(match.group(0).split()), text[match.end() : end]
        )
    return sections, found[0][1].start() if found else len(text)


def _labelled_blocks(text: str) -> dict[str, str]:
    """Section 3's labelled paragraphs ("Research quality:", "Grants:") by lower-case label."""
    blocks: dict[str, str] = {}
    matches = list(_LABEL.finditer(text))
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(text)
        label = " ".join(match.group("label").lower().split())
        body = text[match.end() : end]
        blocks.setdefault(label, body)
    return blocks


def parse_case_study(text: str) -> CaseStudy | None:
    """The case study in ``text``, or None when ``text`` is not one.

    A document is a case study when it has "3. References to the research" and at least
    one other of the five numbered section headings, or three of the others (a draft
    whose section 3 is missing is still a case study, and the rules say so).
    """
    sections, first = _find_sections(text)
    if len(sections) < (2 if 3 in sections else 3):
        return None
    head = text[:first]
    blocks = _labelled_blocks(sections[3].text) if 3 in sections else {}
    quality = next(
        (body for label, body in blocks.items() if "quality" in label),
        None,
    )
    grants = next(
        (body for label, body in blocks.items() if label.startswith(_GRANT_LABELS)),
        None,
    )
    return CaseStudy(
        sections=sections,
        title=_value(_TITLE, head),
        unit_of_assessment=_value(_UOA, head),
        institution=_value(_INSTITUTION, head),
        research_period=_value(_RESEARCH_PERIOD, head),
        impact_period=_value(_IMPACT_PERIOD, head),
        research_quality=_paragraph(quality) if quality is not None else None,
        grants_text=_paragraph(grants) if grants is not None else None,
        sources=split_sources(sections[5].text) if 5 in sections else [],
    )


def _paragraph(text: str) -> str | None:
    joined = join_wrapped(text.splitlines())
    return joined or None


# --- section 5 --------------------------------------------------------------------

# "A.", "A)", "[A]", "(A)", "1.", "[1]", "E1", "E.1", "S1.", "Source 1:" at a line start.
_SOURCE_MARKER = re.compile(
    r"^[ \t]*(?:\[(?P<b>[A-Za-z]?\.?\d{1,2}|[A-Z])\]|\((?P<p>[A-Za-z]?\.?\d{1,2}|[A-Z])\)"
    r"|(?:source[ \t]+)?(?P<n>[A-Za-z][ .]?\d{1,2}|\d{1,2}|[A-Z])[.):])[ \t]+(?=\S)",
    re.I,
)
_BULLET = re.compile(r"^[ \t]*[\u2022\u25aa\u25cf\u2023\u2043\u2013\u2014*-][ \t]+(?=\S)")
_TESTIMONIAL = re.compile(
    r"\b(?:testimon\w*|letter|statement|interview\w*|e-?mail|correspondence|"
    r"contact(?:able)?|quote|conversation|personal[ \t]+communication)\b",
    re.I,
)
_REFERENCE = re.compile(
    r"\b(?:report|article|journal|paper|book|chapter|white[ \t]+paper|guidance|"
    r"guidelines|policy|strategy|evaluation|review|inquiry|hansard|act[ \t]+\d{4}|"
    r"isbn|publication|published)\b",
    re.I,
)
_URL = re.compile(r"https?://\S+", re.I)


def _sequence_key(label: str) -> tuple[str, int] | None:
    """("A", 0) for "A"; ("E", 3) for "E3" or "E.3"; ("", 3) for "3"."""
    cleaned = label.replace(" ", "").replace(".", "")
    if cleaned.isdigit():
        return ("", int(cleaned))
    if len(cleaned) == 1 and cleaned.isalpha():
        return ("#", ord(cleaned.upper()) - ord("A") + 1)
    prefix, digits = cleaned[0], cleaned[1:]
    if prefix.isalpha() and digits.isdigit():
        return (prefix.upper(), int(digits))
    return None


def _classify(text: str, doi: str | None) -> SourceKind:
    if doi:
        return SourceKind.REFERENCE
    if _TESTIMONIAL.search(text):
        return SourceKind.TESTIMONIAL
    if _REFERENCE.search(text):
        return SourceKind.REFERENCE
    return SourceKind.OTHER


def _make_source(label: str | None, lines: list[str]) -> CorroboratingSource | None:
    text = join_wrapped(lines)
    if not text:
        return None
    dois = find_dois(text)
    doi = dois[0] if dois else None
    url = _URL.search(text)
    return CorroboratingSource(
        label=label,
        text=text,
        kind=_classify(text, doi),
        doi=doi,
        url=url.group(0).rstrip(".,;)") if url else None,
    )


def split_sources(block: str) -> list[CorroboratingSource]:
    """The items of a "Sources to corroborate the impact" section.

    Labelled items (A., [1], E1, ...) must follow in sequence, so "3. Reducing ..." in a
    wrapped line does not start a new item; without labels, bullets or blank-line
    separated paragraphs are the items.
    """
    lines = block.splitlines()
    starts: list[tuple[int, str]] = []
    expected: tuple[str, int] | None = None
    for position, line in enumerate(lines):
        match = _SOURCE_MARKER.match(line)
        if match is None:
            continue
        label = match.group("b") or match.group("p") or match.group("n") or ""
        key = _sequence_key(label)
        if key is None:
            continue
        if (expected is None and key[1] == 1) or (expected is not None and key == expected):
            starts.append((position, label))
            expected = (key[0], key[1] + 1)
    items: list[CorroboratingSource | None] = []
    if starts:
        for index, (start, label) in enumerate(starts):
            end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
            chunk = lines[start:end]
            chunk[0] = _SOURCE_MARKER.sub("", chunk[0], count=1)
            items.append(_make_source(label, _until_gap(chunk)))
        return [item for item in items if item is not None]
    bullets = [position for position, line in enumerate(lines) if _BULLET.match(line)]
    if len(bullets) >= 1:
        for index, start in enumerate(bullets):
            end = bullets[index + 1] if index + 1 < len(bullets) else len(lines)
            chunk = lines[start:end]
            chunk[0] = _BULLET.sub("", chunk[0], count=1)
            items.append(_make_source(None, _until_gap(chunk)))
        return [item for item in items if item is not None]
    paragraphs = re.split(r"\n[ \t]*\n", block)
    return [
        item
        for item in (_make_source(None, paragraph.splitlines()) for paragraph in paragraphs)
        if item is not None
    ]


def _until_gap(chunk: list[str]) -> list[str]:
    """An item's lines, stopping at a run of two blank lines (the end of the section)."""
    kept: list[str] = []
    blank = 0
    for line in chunk:
        if not line.strip():
            blank += 1
            if blank >= 2 and kept:
                break
            continue
        blank = 0
        kept.append(line)
    return kept
