"""Finding the reference list inside a whole document.

Three kinds of input are recognised, in this order:

1. a REF impact case study: the block under "3. References to the research", up to
   "4. Details of the impact" (REF 2014 and REF 2021 use the same numbering);
2. a paper: the block under a heading such as "References", "Bibliography",
   "Works Cited" or "Literature Cited", up to a heading that ends a reference list
   (appendix, acknowledgements, supplementary material, ...);
3. anything else is taken to be a bare list, and returned whole.

In the first two cases, lines that run through the document as page headers or footers
(the same short line on several pages, inside the list and outside it) are dropped from
the block, so that they do not end up inside a reference.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Section",
    "SectionKind",
    "find_reference_section",
    "ref_section_headings",
    "ref_section_number",
]


class SectionKind(StrEnum):
    """Where the reference list was found."""

    REF_CASE_STUDY = "ref_case_study"
    HEADING = "heading"
    WHOLE = "whole"


@dataclass(frozen=True, slots=True)
class Section:
    """The reference block of a document, and how it was recognised."""

    text: str
    kind: SectionKind
    heading: str | None = None


def ref_section_number(number: str) -> str:
    """A pattern for a REF case-study section's number before its title, as templates and
    drafts write it: "3. ", "3 ", "3) ", "Section 3: ", "Section 3 - " (``number`` is a
    pattern: "3", or a group such as "(?P<number>[1-5])")."""
    return r"(?:section[ \t]+)?" + number + r"(?:[.):]|[ \t]*[-\u2013\u2014:])?[ \t]+"


_REF_HEADING = re.compile(
    r"^[ \t]*(?:section[ \t]+b[ \t:.-]*)?"
    + ref_section_number("(?P<number>[1-5])")
    + r"(?P<title>summary[ \t]+of[ \t]+the[ \t]+impact"
    r"|underpinning[ \t]+research"
    r"|references[ \t]+to[ \t]+the[ \t]+research"
    r"|details[ \t]+of[ \t]+the[ \t]+impact"
    r"|sources[ \t]+to[ \t]+corroborate(?:[ \t]+the[ \t]+impact)?)\b[^\n]*$",
    re.I | re.M,
)
_REF_TITLE_ORDER = {"summary": 1, "underpinning": 2, "references": 3, "details": 4, "sources": 5}


def ref_section_headings(text: str) -> list[tuple[int, re.Match[str]]]:
    """The numbered section headings of a REF impact case study in ``text``, in order:
    (number, heading line). "3. Details of the impact" inside a list is no heading: the
    number and the title must agree, and each section is taken once, in order."""
    found: list[tuple[int, re.Match[str]]] = []
    for match in _REF_HEADING.finditer(text):
        number = int(match.group("number"))
        word = match.group("title").split()[0].lower()
        if _REF_TITLE_ORDER[word] == number and all(number > seen for seen, _ in found):
            found.append((number, match))
    return found


_REF_START = re.compile(
    r"^[ \t]*" + ref_section_number("3") + r"References[ \t]+to[ \t]+the[ \t]+research\b.*$",
    re.I | re.M,
)
_REF_END = re.compile(
    r"^[ \t]*(?:" + ref_section_number("4") + r"Details[ \t]+of[ \t]+the[ \t]+impact"
    r"|" + ref_section_number("5") + r"Sources[ \t]+to[ \t]+corroborate)\b",
    re.I | re.M,
)
_PAPER_HEADINGS = (
    "references",
    "reference list",
    "references cited",
    "bibliography",
    "select bibliography",
    "works cited",
    "literature cited",
    "footnotes",
    "endnotes",
)
_HEADING = re.compile(
    r"^[ \t]*(?:(?:\d+|[IVXLC]+)\.?[ \t]+)?(?P<name>[A-Za-z][A-Za-z ]{2,30}?)[ \t]*:?[ \t\r]*$",
    re.M,
)
_END_HEADINGS = (
    "appendix",
    "appendices",
    "acknowledgements",
    "acknowledgments",
    "supplementary material",
    "supplementary information",
    "supporting information",
    "author contributions",
    "competing interests",
    "conflict of interest",
    "conflicts of interest",
    "funding",
    "figures",
    "tables",
    "figure legends",
    "notes",
    "endnotes",
    "about the authors",
    "index",
)


# "Appendix A. Supplementary data", "Appendix 2: Interview guide", "Supplementary data":
# an end heading with a label or a short title after a stop or colon, with no digits or
# brackets (which a reference, or a line of one, would have).
_TITLE = r"(?:[ \t]*[.:\u2013\u2014-][ \t]*[A-Za-z][A-Za-z ,&-]{0,60})?"
_END_WITH_TITLE = re.compile(
    r"^[ \t]*(?:(?:\d+|[IVXLC]+)\.?[ \t]+)?(?:(?i:appendix|appendices)"
    r"(?:[ \t]+(?:[A-Z]|\d{1,2}|[IVX]{1,4})\b)?" + _TITLE + r"|(?i:supplementary|supporting)"
    r"[ \t]+(?i:information|materials?|data|files?|tables?|figures?|methods|text|notes?)\b"
    + _TITLE
    + r")[ \t\r]*$",
    re.M,
)
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\x1c-\x1e\x85\u2028\u2029]")
_GAP_BETWEEN_PAGES = 10
"""Lines apart that two copies of a running header must be at least."""


_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+\d{1,4}(?:\s+(?:of|/)\s+\d{1,4})?|\d{1,3})\s*$", re.I)


def _key(line: str) -> str:
    return line.replace("\f", "").strip()


def _running_lines(text: str, start: int, end: int) -> set[str]:
    """Short lines repeated far apart in ``text``, and either found outside ``start:end``
    (the block) too, or always next to a page break or page number: running headers and
    footers. A line repeated only inside the list ("Oxford: Oxford University Press.")
    may be part of two references."""
    keys = {_key(line) for line in _LINE_BREAK.split(text[start:end])}
    # Most lines of a list occur once: only lines found again in the text need a look.
    candidates = {key for key in keys if 3 <= len(key) <= 100 and text.count(key) > 1}
    candidates = {key for key in candidates if any(char.isalpha() for char in key)}
    if not candidates:
        return set()
    lines: list[str] = []
    where: defaultdict[str, list[tuple[int, bool]]] = defaultdict(list)
    offset = 0
    for number, line_end in enumerate([*_LINE_BREAK.finditer(text), None]):
        line = text[offset : line_end.start() if line_end else len(text)]
        lines.append(line)
        key = _key(line)
        if key in candidates:
            where[key].append((number, start <= offset < end))
        offset = line_end.end() if line_end else len(text)
    at_break = [("\f" in line or bool(_PAGE_NUMBER.match(line))) for line in lines]
    running = set()
    for key, places in where.items():
        numbers = [number for number, _ in places]
        if len(places) < 2 or not any(inside for _, inside in places):
            continue
        if any(b - a < _GAP_BETWEEN_PAGES for a, b in itertools.pairwise(numbers)):
            continue
        by_breaks = all(
            at_break[number] or any(at_break[max(0, number - 1) : number + 2]) for number in numbers
        )
        if by_breaks or not all(inside for _, inside in places):
            running.add(key)
    return running


def _without(block: str, running: set[str]) -> str:
    if not running:
        return block
    kept = [line for line in _LINE_BREAK.split(block) if _key(line) not in running]
    return "\n".join(kept)


def find_reference_section(text: str) -> Section:
    """The part of ``text`` that holds its reference list (see the module docstring)."""
    start = _REF_START.search(text)
    if start is not None:
        end = _REF_END.search(text, start.end())
        stop = end.start() if end else len(text)
        block = _without(text[start.end() : stop], _running_lines(text, start.end(), stop))
        return Section(block, SectionKind.REF_CASE_STUDY, start.group(0).strip())
    if len(ref_section_headings(text)) >= 3:
        # A case study without its section 3: no references, rather than its prose read
        # as a list (the REF checks report the missing section).
        return Section("", SectionKind.REF_CASE_STUDY)

    # The last matching heading wins: "References" also appears in running text and in
    # tables of contents, but the list itself comes last.
    chosen: re.Match[str] | None = None
    for heading in _HEADING.finditer(text):
        if heading.group("name").strip().lower() in _PAPER_HEADINGS:
            chosen = heading
    if chosen is not None:
        block_end = len(text)
        for heading in _HEADING.finditer(text, chosen.end()):
            name = heading.group("name").strip().lower()
            if any(name == end or name.startswith(end + " ") for end in _END_HEADINGS):
                block_end = heading.start()
                break
        titled = _END_WITH_TITLE.search(text, chosen.end(), block_end)
        if titled is not None:
            block_end = titled.start()
        block = text[chosen.end() : block_end]
        if block.strip():
            block = _without(block, _running_lines(text, chosen.end(), block_end))
            return Section(block, SectionKind.HEADING, chosen.group(0).strip())
    return Section(text, SectionKind.WHOLE)
