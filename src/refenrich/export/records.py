"""The one place where check results become exportable records.

Every writer (BibTeX, CSL-JSON, RIS) starts from an :class:`ExportRecord`: the decision
of *what* to export for a result (the resolved record, the reference as written, or the
book behind a review), the type mapping, page splitting, notes and keys live here, and
the writers only decide *how* to spell it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple

from refenrich.doi import normalize_doi
from refenrich.export.keys import DEFAULT_KEY_PATTERN, citation_key, is_usable_key, unique_keys
from refenrich.export.markup import RichText, clean_text, parse_markup, plain_rich, plain_text
from refenrich.models import Author, CheckResult, Reference, Status, Work

__all__ = [
    "FORMAT_TYPES",
    "ExportRecord",
    "FormatTypes",
    "Kind",
    "kind_for_crossref_type",
    "kind_for_reference_type",
    "record_for_reference",
    "record_for_result",
    "record_for_work",
    "records_for_results",
    "split_pages",
]


class Kind(StrEnum):
    """The kinds of work refenrich distinguishes when exporting."""

    ARTICLE = "article"
    BOOK = "book"
    CHAPTER = "chapter"
    CONFERENCE_PAPER = "conference-paper"
    REPORT = "report"
    THESIS = "thesis"
    PREPRINT = "preprint"
    DATASET = "dataset"
    WEBPAGE = "webpage"
    OTHER = "other"


class FormatTypes(NamedTuple):
    """How one :class:`Kind` is called in each output format."""

    bibtex: str
    biblatex: str
    csl: str
    ris: str


FORMAT_TYPES: dict[Kind, FormatTypes] = {
    Kind.ARTICLE: FormatTypes("article", "article", "article-journal", "JOUR"),
    Kind.BOOK: FormatTypes("book", "book", "book", "BOOK"),
    Kind.CHAPTER: FormatTypes("incollection", "incollection", "chapter", "CHAP"),
    Kind.CONFERENCE_PAPER: FormatTypes("inproceedings", "inproceedings", "paper-conference", "CPAPER"),
    Kind.REPORT: FormatTypes("techreport", "report", "report", "RPRT"),
    Kind.THESIS: FormatTypes("phdthesis", "thesis", "thesis", "THES"),
    Kind.PREPRINT: FormatTypes("misc", "online", "article", "UNPB"),
    Kind.DATASET: FormatTypes("misc", "dataset", "dataset", "DATA"),
    Kind.WEBPAGE: FormatTypes("misc", "online", "webpage", "ELEC"),
    Kind.OTHER: FormatTypes("misc", "misc", "document", "GEN"),
}  # fmt: skip
"""Entry/item types per format. CSL ``article`` is CSL's type for preprints."""

_CROSSREF_KINDS: dict[str, Kind] = {
    "journal-article": Kind.ARTICLE,
    "book": Kind.BOOK,
    "monograph": Kind.BOOK,
    "edited-book": Kind.BOOK,
    "reference-book": Kind.BOOK,
    "book-chapter": Kind.CHAPTER,
    "book-section": Kind.CHAPTER,
    "book-part": Kind.CHAPTER,
    "proceedings-article": Kind.CONFERENCE_PAPER,
    "report": Kind.REPORT,
    "dissertation": Kind.THESIS,
    "posted-content": Kind.PREPRINT,
    "dataset": Kind.DATASET,
}
_REFERENCE_KINDS: dict[str, Kind] = {
    "article": Kind.ARTICLE,
    "book": Kind.BOOK,
    "chapter": Kind.CHAPTER,
    "report": Kind.REPORT,
    "thesis": Kind.THESIS,
    "webpage": Kind.WEBPAGE,
    "dataset": Kind.DATASET,
    "preprint": Kind.PREPRINT,
    "proceedings": Kind.CONFERENCE_PAPER,
}
_RETRACTING_UPDATES = frozenset({"retraction", "withdrawal", "removal", "partial_retraction"})
_DASHES = re.compile(r"\s*(?:-+|[\u2010-\u2015\u2212])\s*")
_NOT_VERIFIED = {
    Status.NOT_FOUND: "no record was found for it",
    Status.UNRESOLVED: "it gave nothing to look it up with",
    Status.FAILED: "the look-up could not be completed",
}


def kind_for_crossref_type(crossref_type: str | None) -> Kind:
    """The :class:`Kind` for a Crossref work type (``journal-article`` -> article)."""
    return _CROSSREF_KINDS.get((crossref_type or "").lower(), Kind.OTHER)


def kind_for_reference_type(reference_type: str | None) -> Kind:
    """The :class:`Kind` for a parser's type guess (``chapter`` -> chapter)."""
    return _REFERENCE_KINDS.get((reference_type or "").lower(), Kind.OTHER)


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """First and last page of a page range written with any dash.

    An abbreviated last page is expanded ("159-76" -> 159, 176); a single page or an
    article number gives (first, None).

    >>> split_pages("159\u201376")
    ('159', '176')
    """
    if not pages or not pages.strip():
        return None, None
    parts = [part for part in _DASHES.split(pages.strip()) if part]
    if not parts:
        return None, None
    first, last = parts[0], parts[-1] if len(parts) > 1 else None
    if last is not None and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    if last == first:
        last = None
    return first, last


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """Everything a writer needs for one entry, already cleaned of markup (except ``title``).

    ``title`` keeps its styling as :data:`~refenrich.export.markup.RichText`; every other
    string is plain text. ``url`` is set only when there is no DOI. ``notes`` are
    sentences to put in the entry's note field.
    """

    kind: Kind
    key: str = ""
    authors: tuple[Author, ...] = ()
    editors: tuple[Author, ...] = ()
    et_al: bool = False
    title: RichText = ()
    container_title: str | None = None
    short_container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    article_number: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None
    doi: str | None = None
    url: str | None = None
    isbn: str | None = None
    issn: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def plain_title(self) -> str | None:
        """The title without styling, or None."""
        return plain_text(self.title) or None

    @property
    def pages(self) -> str | None:
        """ "first-last" with a hyphen, the first page alone, or None."""
        if self.first_page and self.last_page:
            return f"{self.first_page}-{self.last_page}"
        return self.first_page


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    return normalize_doi(value) or value.strip()


def _clean_author(author: Author) -> Author:
    return Author(
        family=clean_text(author.family),
        given=clean_text(author.given),
        literal=clean_text(author.literal),
        orcid=author.orcid,
    )


def _first(values: Sequence[str]) -> str | None:
    return next((value.strip() for value in values if value.strip()), None)


def record_for_work(work: Work, *, key: str = "") -> ExportRecord:
    """The record for a resolved :class:`~refenrich.models.Work`."""
    first_page, last_page = split_pages(clean_text(work.pages))
    doi = _doi(work.doi)
    notes = tuple(
        f"{update.type.replace('_', ' ').capitalize()} notice"
        + (f": doi:{update.doi}" if update.doi else "")
        for update in work.updated_by
        if update.type.lower() in _RETRACTING_UPDATES
    )
    dated = work.published_print or work.issued
    return ExportRecord(
        kind=kind_for_crossref_type(work.type),
        key=key,
        authors=tuple(_clean_author(a) for a in work.authors),
        editors=tuple(_clean_author(a) for a in work.editors),
        title=parse_markup(work.title_markup or work.full_title or ""),
        container_title=clean_text(work.container_title),
        short_container_title=clean_text(work.short_container_title),
        volume=clean_text(work.volume),
        issue=clean_text(work.issue),
        first_page=first_page,
        last_page=last_page,
        article_number=clean_text(work.article_number),
        # The issue's date when there is one: Crossref's ``issued`` is the earliest
        # (often online-first) date, while citations give the volume's year.
        year=dated.year if dated else None,
        month=dated.month if dated else None,
        day=dated.day if dated else None,
        publisher=clean_text(work.publisher),
        edition=clean_text(work.edition),
        doi=doi,
        url=None if doi else (work.url or None),
        isbn=_first(work.isbn),
        issn=_first(work.issn),
        notes=notes,
    )


def record_for_reference(
    reference: Reference, *, key: str = "", notes: Sequence[str] = ()
) -> ExportRecord:
    """The record for a reference as written (nothing verified), with ``notes`` attached."""
    first_page, last_page = split_pages(reference.pages)
    doi = _doi(reference.doi)
    # "Durose, C. and Richardson, L. (eds) (2016) ..." parses the names as both: they
    # edited the book, and writing them as its authors too would print them twice.
    names = [(a.family, a.given, a.literal) for a in reference.authors]
    edited = bool(names) and names == [(e.family, e.given, e.literal) for e in reference.editors]
    return ExportRecord(
        kind=kind_for_reference_type(reference.type),
        key=key,
        authors=() if edited else tuple(reference.authors),
        editors=tuple(reference.editors),
        et_al=reference.et_al,
        title=plain_rich(reference.title or ""),
        container_title=reference.container_title,
        volume=reference.volume,
        issue=reference.issue,
        first_page=first_page,
        last_page=last_page,
        year=reference.year,
        publisher=reference.publisher,
        place=reference.place,
        edition=reference.edition,
        doi=doi,
        url=None if doi else reference.url,
        isbn=reference.isbn,
        issn=reference.issn,
        notes=tuple(notes),
    )


def _not_verified(result: CheckResult) -> str:
    reason = _NOT_VERIFIED.get(result.status, "no record was matched to it")
    return f"Not verified: {reason}"


def record_for_result(result: CheckResult, *, key: str = "") -> ExportRecord:
    """The record to export for one check result.

    - A reference cited through a review ("reviewed in ...") whose resolved record is
      that review, or that did not resolve, becomes the reviewed book as written, with
      a note naming the review's venue and DOI (the review's DOI is not the book's).
    - Otherwise a resolved result is exported from its record, and an unresolved one
      from the reference as written, with a note saying it was not verified.
    """
    reference = result.reference
    work = result.resolution.work
    review_dois = {_doi(mention.doi) for mention in reference.reviewed_in if mention.doi}
    through_review = bool(reference.reviewed_in) and (
        work is None or (work.doi is not None and _doi(work.doi) in review_dois)
    )
    if through_review:
        notes = [_not_verified(result)] if work is None else []
        # Name each review once, under the venue its record gives when it resolved:
        # the reference may name the review's journal wrongly.
        reviews: dict[str | None, str | None] = {}
        for mention in reference.reviewed_in:
            doi = _doi(mention.doi) if mention.doi else None
            known = work is not None and doi is not None and _doi(work.doi or "") == doi
            venue = work.container_title if known and work is not None else mention.venue
            reviews.setdefault(doi, venue)
        for doi, venue in reviews.items():
            text = f"Reviewed in {venue}" if venue else "Reviewed"
            notes.append(text + (f", doi:{doi}" if doi else ""))
        record = record_for_reference(reference, key=key, notes=notes)
        # Journal, volume, issue and pages read from such a reference are the review's.
        doi = None if record.doi in review_dois else record.doi
        return replace(
            record,
            kind=Kind.BOOK,
            container_title=None,
            short_container_title=None,
            volume=None,
            issue=None,
            first_page=None,
            last_page=None,
            doi=doi,
        )
    if work is None:
        return record_for_reference(reference, key=key, notes=[_not_verified(result)])
    return record_for_work(work, key=key)


def records_for_results(
    results: Iterable[CheckResult], *, key_pattern: str = DEFAULT_KEY_PATTERN
) -> list[ExportRecord]:
    """Records for ``results`` in order, each with a citation key: the reference's own
    (``Reference.key``, from a .bib file) when it has one, else a generated key unique in
    the file."""
    results = list(results)
    records = [record_for_result(result) for result in results]
    own = [
        key if key and is_usable_key(key) else None
        for key in (result.reference.key for result in results)
    ]
    base = [
        citation_key(r.authors or r.editors, r.year, r.plain_title, pattern=key_pattern)
        for r, key in zip(records, own, strict=True)
        if not key
    ]
    generated = iter(unique_keys(base, reserved=(key for key in own if key)))
    return [replace(r, key=key or next(generated)) for r, key in zip(records, own, strict=True)]
