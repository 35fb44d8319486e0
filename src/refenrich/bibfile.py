"""Reading existing BibTeX/biblatex files, and updating them from resolved records.

Parsing uses bibtexparser v2 (why not pybtex: bibtexparser keeps every block of the
file in order, including comments, ``@string`` macros and the user's unknown fields,
turns a block it cannot parse into a ``ParsingFailedBlock`` in the result instead of
raising, and gives each block's raw text, so an update can rewrite only the entries it
changes and leave the rest of the file byte for byte as it was).

Each entry becomes a :class:`~refenrich.models.Reference` with ``key`` set to its
citation key, so results, reports and updates stay tied to the user's keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import Entry
from pylatexenc.latex2text import LatexNodes2Text  # type: ignore[import-untyped]

from refenrich.doi import find_dois, normalize_doi
from refenrich.export.bibtex import work_to_entry
from refenrich.export.records import Kind, kind_for_crossref_type, kind_for_reference_type
from refenrich.models import Author, CheckResult, FindingField, Reference, Severity

__all__ = [
    "BibEntry",
    "BibFile",
    "BibUpdate",
    "EntryChange",
    "entry_to_reference",
    "looks_like_bibtex",
    "read_bib",
    "results_by_key",
    "update_bib",
]

_TYPES: dict[str, str] = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "proceedings",
    "conference": "proceedings",
    "proceedings": "proceedings",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "dataset": "dataset",
    "unpublished": "preprint",
}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d|21\d\d)\b")
_PAGE_DASH = re.compile(r"\s*[-\u2010-\u2015]+\s*")
_BIB_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
_DECODER = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry of a .bib file: its key, type, decoded fields, and the Reference read from it."""

    key: str
    entry_type: str
    fields: Mapping[str, str]
    reference: Reference


@dataclass(frozen=True, slots=True)
class BibFile:
    """The entries of a .bib file, and the blocks that could not be parsed (as messages)."""

    entries: list[BibEntry]
    failed: list[str] = field(default_factory=list)

    @property
    def references(self) -> list[Reference]:
        """The references of the entries, in file order."""
        return [entry.reference for entry in self.entries]


@dataclass(frozen=True, slots=True)
class EntryChange:
    """A field that an update added or corrected in one entry."""

    key: str
    field: str
    old: str | None
    new: str

    def describe(self) -> str:
        """A line for people: ``key: field 'old' -> 'new'``, or ``key: added field``."""
        if self.old is None:
            return f"{self.key}: added {self.field} = {self.new}"
        return f"{self.key}: {self.field} {self.old} -> {self.new}"


def looks_like_bibtex(text: str, name: str | None = None) -> bool:
    """Whether input should be read as BibTeX: a ``.bib`` name, or text made of ``@type{`` blocks."""
    if name is not None and name.lower().endswith(".bib"):
        return True
    stripped = bibtex_start(text)
    return stripped.startswith("@") and _BIB_START.search(stripped) is not None


def bibtex_start(text: str) -> str:
    """``text`` from its first non-blank line that is not a ``%`` comment (JabRef and
    others open a .bib file with "% Encoding: UTF-8")."""
    stripped = text.lstrip("\ufeff \t\r\n")
    while stripped.startswith("%"):
        end = stripped.find("\n")
        stripped = "" if end < 0 else stripped[end + 1 :].lstrip(" \t\r\n")
    return stripped


def _decode(value: str) -> str:
    text = _DECODER.latex_to_text(value)
    return re.sub(r"\s+", " ", text).strip()


def _author(name: str) -> Author:
    stripped = name.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        return Author(literal=_decode(stripped))
    parts = parse_single_name_into_parts(stripped, strict=False)
    family = " ".join([*parts.von, *parts.last])
    if parts.jr:
        family = f"{family}, {' '.join(parts.jr)}"
    given = " ".join(parts.first)
    if not given and not parts.von and len(parts.last) == 1 and parts.last[0].startswith("{"):
        return Author(literal=_decode(parts.last[0]))
    return Author(family=_decode(family) or None, given=_decode(given) or None)


def _names(value: str | None) -> tuple[list[Author], bool]:
    if not value:
        return [], False
    names = split_multiple_persons_names(value)
    et_al = bool(names) and names[-1].strip().lower() == "others"
    if et_al:
        names = names[:-1]
    return [_author(name) for name in names if name.strip()], et_al


def _year(fields: Mapping[str, str]) -> int | None:
    for name in ("year", "date"):
        match = _YEAR.search(fields.get(name, ""))
        if match:
            return int(match.group(1))
    return None


def _citation(reference: Reference, entry_type: str) -> str:
    """A readable one-line citation, used as the reference's ``raw`` text."""
    authors = "; ".join(author.display for author in reference.authors)
    if reference.et_al:
        authors += " et al."
    parts = [authors or "(no author)"]
    parts.append(f"({reference.year})" if reference.year else "(no year)")
    if reference.title:
        parts.append(reference.title.rstrip(".") + ".")
    venue = reference.container_title or reference.publisher
    if venue:
        detail = venue
        if reference.volume:
            detail += f" {reference.volume}"
            if reference.issue:
                detail += f"({reference.issue})"
        if reference.pages:
            detail += f": {reference.pages}"
        parts.append(detail + ".")
    if reference.doi:
        parts.append(f"doi:{reference.doi}")
    elif reference.url:
        parts.append(reference.url)
    return " ".join(parts) or f"@{entry_type}"


def entry_to_reference(key: str, entry_type: str, fields: Mapping[str, str]) -> Reference:
    """The :class:`~refenrich.models.Reference` for one entry.

    ``fields`` are the entry's values as written (macros resolved, outer braces
    removed, LaTeX not yet decoded), keyed by lower-case field name.
    """

    def text(*names: str) -> str | None:
        for name in names:
            value = fields.get(name)
            if value and value.strip():
                return _decode(value) or None
        return None

    authors, et_al = _names(fields.get("author"))
    editors, _ = _names(fields.get("editor"))
    doi_field = text("doi")
    doi = normalize_doi(doi_field) if doi_field else None
    url = text("url")
    if doi is None and url:
        found = find_dois(url)
        doi = found[0] if found else None
    pages = text("pages")
    entry_type = entry_type.lower()
    kind = _TYPES.get(entry_type)
    arxiv = None
    if (text("archiveprefix", "eprinttype") or "").lower() == "arxiv":
        arxiv = text("eprint")
        kind = kind or "preprint"
    reference = Reference(
        raw="",
        key=key,
        authors=authors,
        editors=editors,
        et_al=et_al,
        year=_year(fields),
        title=text("title"),
        container_title=text("journal", "journaltitle", "booktitle"),
        volume=text("volume"),
        issue=text("number", "issue"),
        pages=_PAGE_DASH.sub("-", pages) if pages else None,
        publisher=text("publisher", "institution", "school", "organization"),
        place=text("address", "location"),
        edition=text("edition"),
        doi=doi,
        url=url,
        isbn=text("isbn"),
        issn=text("issn"),
        arxiv=arxiv,
        pmid=text("pmid"),
        type=kind or "other",
    )
    return reference.model_copy(update={"raw": _citation(reference, entry_type)})


def _failed_message(block: object) -> str:
    line = getattr(block, "start_line", None)
    error = getattr(block, "error", None)
    # bibtexparser's BlockAbortedException keeps its reason in an attribute, not in str().
    reason = str(getattr(error, "abort_reason", "") or error or "").strip()
    raw = getattr(block, "raw", None)
    opening = raw.strip().splitlines()[0][:60] if isinstance(raw, str) and raw.strip() else ""
    where = f"line {line + 1}" if isinstance(line, int) else "somewhere"
    message = f"a block at {where} could not be parsed"
    if opening:
        message += f" ({opening})"
    return f"{message}: {reason}" if reason else message


def _entries(library: Library) -> list[Entry]:
    return list(library.entries)


def _parts(raw: str) -> list[str]:
    """A field value split at the ``#`` that join its pieces (outside braces and quotes)."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index])
            start = index + 1
    parts.append(raw[start:])
    return [part.strip() for part in parts]


def _evaluate(raw: str, macros: dict[str, str]) -> str:
    """A field's value as BibTeX reads it: braces or quotes removed, ``@string`` macros
    put in, and pieces joined by ``#`` concatenated (``soc # " and Administration"``). A
    name that is no macro stays as written (``month = jan``)."""
    pieces = []
    for part in _parts(raw):
        if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
            pieces.append(part[1:-1])
        else:
            pieces.append(macros.get(part.lower(), part))
    return "".join(pieces)


def read_bib(text: str) -> BibFile:
    """Every entry of a BibTeX/biblatex file as a :class:`BibEntry` (bad blocks as messages)."""
    library = parse_string(text, parse_stack=[])
    macros: dict[str, str] = {}
    for string in library.strings:  # in order: a macro may use those defined before it
        macros[string.key.lower()] = _evaluate(str(string.value), macros)
    entries = []
    for entry in _entries(library):
        fields = {f.key.lower(): _evaluate(str(f.value), macros) for f in entry.fields}
        reference = entry_to_reference(entry.key, entry.entry_type, fields)
        entries.append(BibEntry(entry.key, entry.entry_type.lower(), fields, reference))
    return BibFile(entries, [_failed_message(block) for block in library.failed_blocks])


_FINDING_FIELDS: dict[FindingField, tuple[str, ...]] = {
    FindingField.AUTHORS: ("author",),
    FindingField.YEAR: ("year",),
    FindingField.TITLE: ("title",),
    FindingField.VENUE: ("journal", "journaltitle", "booktitle"),
    FindingField.VOLUME: ("volume",),
    FindingField.ISSUE: ("number", "issue"),
    FindingField.PAGES: ("pages",),
    FindingField.DOI: ("doi",),
}
_FILLABLE = ("author", "title", "journal", "booktitle", "year", "volume", "number", "pages", "doi", "publisher", "isbn")  # fmt: skip
# Findings that mean the DOI leads to some other work: filling from it would be wrong.
_OTHER_WORK = frozenset({"doi_is_review", "doi_other_work"})


def _raw_fields(entry_text: str) -> dict[str, str]:
    library = parse_string(entry_text, parse_stack=[])
    entries = _entries(library)
    if not entries:
        return {}
    return {f.key.lower(): str(f.value) for f in entries[0].fields}


def _inner(raw_value: str) -> str:
    value = raw_value.strip()
    if len(value) >= 2 and value[0] + value[-1] in ("{}", '""'):
        return value[1:-1]
    return value


_VENUES = ("journal", "journaltitle", "booktitle")


# Kinds an entry and its record may differ by and still be the same work.
_COMPATIBLE = (
    {Kind.ARTICLE, Kind.PREPRINT},
    {Kind.CHAPTER, Kind.CONFERENCE_PAPER},
    {Kind.REPORT, Kind.BOOK},
    {Kind.WEBPAGE, Kind.DATASET},
)


def _other_work(result: CheckResult) -> str | None:
    """Why the record cannot be the entry's work (a review of a book, say), or None."""
    work = result.resolution.work
    if work is None:
        return None
    if any(f.code in _OTHER_WORK for f in result.findings):
        return "its DOI identifies another work"
    if any(f.code == "doi_not_found_text_matches" for f in result.findings):
        # A DOI no source here holds may still be right (a DataCite deposit sharing an
        # article's title): its text matching a record is a suggestion, not a correction.
        return (
            f"its DOI was not found where refenrich looked, and its text matches {work.doi}; "
            "check which is right"
        )
    mine = kind_for_reference_type(result.reference.type)
    theirs = kind_for_crossref_type(work.type)
    if Kind.OTHER in (mine, theirs) or mine is theirs:
        return None
    if any({mine, theirs} <= pair for pair in _COMPATIBLE):
        return None
    return f"it is a {mine.value} but its DOI identifies a {work.type or theirs.value}"


def _scripts(text: str) -> set[str]:
    """The scripts of the letters of ``text``: LATIN, CYRILLIC, CJK, HANGUL, GREEK, ..."""
    return {unicodedata.name(char, "?").split()[0] for char in text if char.isalpha()}


def _other_script(current: str, new: str) -> bool:
    """Whether ``new`` brings letters of a script ``current`` does not use ("Wang, X." and
    "王, 小明"): the same name or title in another writing, not a correction of it."""
    mine = _scripts(current)
    return bool(mine) and bool(_scripts(new) - mine)


def _planned(
    entry: Entry, result: CheckResult
) -> tuple[dict[str, str], list[EntryChange], list[str]]:
    work = result.resolution.work
    if work is None or _other_work(result) is not None:
        return {}, [], []
    # BibTeX spelling (ASCII, escaped) reads correctly under both BibTeX and biber.
    record = _raw_fields(work_to_entry(work, key=entry.key, flavour="bibtex"))
    current = {f.key.lower(): str(f.value) for f in entry.fields}
    record_venue = next((record[name] for name in _VENUES if name in record), None)
    venue_field = next(
        (name for name in _VENUES if name in current),
        "booktitle" if "booktitle" in record else "journal",
    )
    updates: dict[str, str] = {}
    for finding in result.findings:
        if finding.severity is Severity.INFO or finding.code.startswith("work_"):
            continue
        if finding.field is FindingField.VENUE:
            if record_venue is not None:
                updates[venue_field] = record_venue
            continue
        names = _FINDING_FIELDS.get(finding.field, ())
        if names and names[0] in record:
            target = next((name for name in names if name in current), names[0])
            updates[target] = record[names[0]]
    # An article's publisher is not part of its citation: biblatex's data model has no
    # such field (biber warns "Invalid field 'publisher' for entrytype 'article'").
    article = entry.entry_type.lower() == "article"
    for name in _FILLABLE:
        if name in _VENUES:
            if record_venue is not None and not any(v in current for v in _VENUES):
                updates.setdefault(venue_field, record_venue)
        elif name in record and name not in current and not (article and name == "publisher"):
            updates.setdefault(name, record[name])
    # A record held in another script (Chinese, Cyrillic, ...) does not correct a field
    # the entry gives in transliteration or translation: replacing it would lose the
    # spelling the document is written with.
    foreign = [
        name
        for name in updates
        if name in current and _other_script(_inner(current[name]), _inner(updates[name]))
    ]
    kept = [
        f"{entry.key}: {name} not replaced: the record gives it in another script "
        f"({_inner(updates.pop(name))})"
        for name in foreign
    ]
    changes = [
        EntryChange(
            entry.key, name, _inner(current[name]) if name in current else None, _inner(value)
        )
        for name, value in updates.items()
        if name not in current or _inner(current[name]) != _inner(value)
    ]
    return {change.field: updates[change.field] for change in changes}, changes, kept


_ENTRY_TYPE = re.compile(r"\s*@([A-Za-z]+)")
_FIELD_INDENT = re.compile(r"\n([ \t]+)[A-Za-z]")


def _format_entry(entry: Entry, updates: Mapping[str, str]) -> str:
    """The entry written again with ``updates``, in the user's spelling of its type
    (``@ARTICLE``) and indentation (a tab, four spaces)."""
    raw = entry.raw or ""
    spelled = _ENTRY_TYPE.match(raw)
    indent = _FIELD_INDENT.search(raw)
    pad = indent.group(1) if indent else "  "
    lines = [f"@{spelled.group(1) if spelled else entry.entry_type}{{{entry.key},"]
    seen = set()
    for f in entry.fields:
        name = f.key.lower()
        seen.add(name)
        value = updates.get(name, str(f.value))
        lines.append(f"{pad}{f.key} = {value},")
    lines.extend(f"{pad}{name} = {value}," for name, value in updates.items() if name not in seen)
    lines.append("}")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class BibUpdate:
    """The updated text of a .bib file, what changed, and entries left alone (with why)."""

    text: str
    changes: list[EntryChange]
    skipped: list[str]


def update_bib(text: str, results_by_key: Mapping[str, CheckResult]) -> BibUpdate:
    """``text`` with its entries filled in and corrected from their resolved records.

    An entry changes only where the record disagrees with it (a warning or error
    finding on that field) or where it lacks a field the record has (author, title,
    journal or booktitle, year, volume, number, pages, doi, publisher, isbn). The
    user's keys, entry types, other fields, comments and macros are kept, and every
    entry that does not change is kept byte for byte. Entries whose DOI leads to
    another work (a review of a book, an article where the entry is a book) are left
    alone and listed in ``skipped``, as are fields the record gives in another script
    than the entry (a Chinese or Cyrillic record for a transliterated entry).
    """
    library = parse_string(text, parse_stack=[])
    pieces: list[str] = []
    changes: list[EntryChange] = []
    skipped: list[str] = []
    cursor = 0
    for entry in _entries(library):
        result = results_by_key.get(entry.key)
        if result is None:
            continue
        reason = _other_work(result)
        if reason is not None:
            skipped.append(f"{entry.key}: not updated: {reason}")
            continue
        updates, entry_changes, kept = _planned(entry, result)
        skipped.extend(kept)
        if not updates:
            continue
        raw = entry.raw or ""
        start = text.find(raw, cursor) if raw else -1
        if start < 0:  # pragma: no cover - bibtexparser's raw text always comes from ``text``
            continue
        pieces.append(text[cursor:start])
        rewritten = _format_entry(entry, updates)
        # The file's own line ends: a CRLF file stays CRLF throughout.
        pieces.append(rewritten.replace("\n", "\r\n") if "\r\n" in raw else rewritten)
        cursor = start + len(raw)
        changes.extend(entry_changes)
    pieces.append(text[cursor:])
    return BibUpdate("".join(pieces), changes, skipped)


def results_by_key(results: Sequence[CheckResult]) -> dict[str, CheckResult]:
    """Results indexed by their reference's citation key (results without one are left out)."""
    return {r.reference.key: r for r in results if r.reference.key}
