"""Finding the reference list inside a whole document.

Three kinds of input are recognised, in this order:

1. a REF impact case study: the block under "3. References to the research", up to
   "4. Details of the impact" (REF 2014 and REF 2021 use the same numbering);
2. a paper: the block under a heading such as "References", "Bibliography",
   "Works Cited" or "Literature Cited", up to a heading that ends a reference list
   (appendix, acknowledgements, supplementary material, ...);
3. anything else is taken to be a bare list, and returned whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Section", "SectionKind", "find_reference_section"]


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


_REF_START = re.compile(
    r"^[ \t]*3\.?[ \t]+References[ \t]+to[ \t]+the[ \t]+research\b.*$", re.I | re.M
)
_REF_END = re.compile(
    r"^[ \t]*(?:4\.?[ \t]+Details[ \t]+of[ \t]+the[ \t]+impact"
    r"|5\.?[ \t]+Sources[ \t]+to[ \t]+corroborate)\b",
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
)
_HEADING = re.compile(
    r"^[ \t]*(?:(?:\d+|[IVXLC]+)\.?[ \t]+)?(?P<name>[A-Za-z][A-Za-z ]{2,30}?)[ \t]*:?[ \t]*$",
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


def find_reference_section(text: str) -> Section:
    """The part of ``text`` that holds its reference list (see the module docstring)."""
    start = _REF_START.search(text)
    if start is not None:
        end = _REF_END.search(text, start.end())
        block = text[start.end() : end.start() if end else len(text)]
        return Section(block, SectionKind.REF_CASE_STUDY, start.group(0).strip())

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
        block = text[chosen.end() : block_end]
        if block.strip():
            return Section(block, SectionKind.HEADING, chosen.group(0).strip())
    return Section(text, SectionKind.WHOLE)
