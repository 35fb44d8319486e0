"""Crossref's REST API JSON as pydantic models, and their conversion to :class:`Work`.

The models follow the field names of Crossref's ``/works`` messages (hyphenated, via
aliases) and ignore fields they do not know, so new fields in the API never break
refenrich. Only :func:`to_work` leaves this module: the rest of refenrich sees
:class:`refenrich.models.Work`, never Crossref's shape.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from refenrich.errors import ResponseValidationError
from refenrich.models import Author, PartialDate, Work, WorkUpdate, subtitle_adds
from refenrich.text.normalize import strip_markup

__all__ = [
    "RECORD_FIELDS",
    "WORK_FIELDS",
    "CrossrefAuthor",
    "CrossrefDate",
    "CrossrefRelated",
    "CrossrefUpdate",
    "CrossrefWork",
    "parse_work_list_message",
    "parse_work_message",
    "to_work",
]


# The top-level fields of a Crossref work that refenrich reads: what a search asks for
# with ``select`` and what the local index keeps of each record.
WORK_FIELDS: tuple[str, ...] = (
    "DOI",
    "type",
    "title",
    "subtitle",
    "original-title",
    "author",
    "editor",
    "container-title",
    "short-container-title",
    "volume",
    "issue",
    "page",
    "article-number",
    "publisher",
    "issued",
    "published-print",
    "published-online",
    "ISBN",
    "ISSN",
    "URL",
    "update-to",
    "updated-by",
    "relation",
)

RECORD_FIELDS: tuple[str, ...] = (*WORK_FIELDS, "journal-issue", "institution", "edition-number")
""":data:`WORK_FIELDS` and the fields read when a record has them that Crossref's
``select`` does not offer (a full ``/works/{doi}`` answer, a records file, the local
index keeps them): the issue's print date, a thesis's or preprint's institution, and a
book's edition."""


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class CrossrefDate(_Tolerant):
    """A Crossref date: ``{"date-parts": [[2019, 1, 2]]}``; parts may be null."""

    date_parts: list[list[int | None]] = Field(default_factory=list, alias="date-parts")

    def to_partial(self) -> PartialDate | None:
        """The first date as a :class:`PartialDate`, or None when it has no year."""
        if not self.date_parts or not self.date_parts[0]:
            return None
        parts = [*self.date_parts[0], None, None]
        year, month, day = parts[0], parts[1], parts[2]
        if year is None:
            return None
        return PartialDate(year=year, month=month, day=day if month is not None else None)


class CrossrefAuthor(_Tolerant):
    """A contributor: a person (given/family) or an organisation (name)."""

    given: str | None = None
    family: str | None = None
    name: str | None = None
    orcid: str | None = Field(default=None, alias="ORCID")
    sequence: str | None = None


class CrossrefUpdate(_Tolerant):
    """An entry of ``update-to`` / ``updated-by``: a correction, retraction, ..."""

    doi: str | None = Field(default=None, alias="DOI")
    type: str = "unknown"
    label: str | None = None
    updated: CrossrefDate | None = None
    source: str | None = None


class CrossrefRelated(_Tolerant):
    """One item of a ``relation`` list: ``{"id-type": "doi", "id": "10...."}``."""

    id_type: str | None = Field(default=None, alias="id-type")
    id: str | None = None


class CrossrefIssue(_Tolerant):
    """A record's ``journal-issue``: the issue's own dates."""

    published_print: CrossrefDate | None = Field(default=None, alias="published-print")
    published_online: CrossrefDate | None = Field(default=None, alias="published-online")


class CrossrefInstitution(_Tolerant):
    """One item of ``institution``: a thesis's university, a preprint server."""

    name: str | None = None


class CrossrefWork(_Tolerant):
    """The ``message`` of ``GET /works/{doi}``, or one item of a ``work-list``."""

    doi: str = Field(alias="DOI")
    type: str | None = None
    title: list[str] = Field(default_factory=list)
    subtitle: list[str] = Field(default_factory=list)
    original_title: list[str] = Field(default_factory=list, alias="original-title")
    author: list[CrossrefAuthor] = Field(default_factory=list)
    editor: list[CrossrefAuthor] = Field(default_factory=list)
    container_title: list[str] = Field(default_factory=list, alias="container-title")
    short_container_title: list[str] = Field(default_factory=list, alias="short-container-title")
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    article_number: str | None = Field(default=None, alias="article-number")
    publisher: str | None = None
    issued: CrossrefDate | None = None
    published_print: CrossrefDate | None = Field(default=None, alias="published-print")
    published_online: CrossrefDate | None = Field(default=None, alias="published-online")
    isbn: list[str] = Field(default_factory=list, alias="ISBN")
    issn: list[str] = Field(default_factory=list, alias="ISSN")
    url: str | None = Field(default=None, alias="URL")
    update_to: list[CrossrefUpdate] = Field(default_factory=list, alias="update-to")
    updated_by: list[CrossrefUpdate] = Field(default_factory=list, alias="updated-by")
    relation: dict[str, list[CrossrefRelated]] = Field(default_factory=dict)
    journal_issue: CrossrefIssue | None = Field(default=None, alias="journal-issue")
    institution: list[CrossrefInstitution] = Field(default_factory=list)
    edition_number: str | None = Field(default=None, alias="edition-number")
    score: float | None = None

    @field_validator("relation", mode="before")
    @classmethod
    def _relation_lists(cls, value: Any) -> Any:
        # A relation type usually maps to a list, but single objects occur; keep only
        # the shapes we understand rather than reject the whole record.
        if not isinstance(value, dict):
            return {}
        cleaned: dict[str, list[Any]] = {}
        for key, items in value.items():
            entries = items if isinstance(items, list) else [items]
            cleaned[str(key)] = [entry for entry in entries if isinstance(entry, dict)]
        return cleaned

    @field_validator("journal_issue", mode="before")
    @classmethod
    def _issue_object(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else None

    @field_validator("institution", mode="before")
    @classmethod
    def _institution_list(cls, value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        return [item for item in items if isinstance(item, dict)]

    @field_validator("volume", "issue", "page", "article_number", "edition_number", mode="before")
    @classmethod
    def _stringify(cls, value: Any) -> Any:
        # Some members deposit numbers where the schema says strings.
        return str(value) if isinstance(value, int | float) else value


def clean_markup(value: str) -> str:
    """Text without the JATS/HTML tags and entities Crossref titles often carry."""
    return strip_markup(value)


def _first(values: list[str]) -> str | None:
    for value in values:
        cleaned = clean_markup(value)
        if cleaned:
            return cleaned
    return None


def _author(contributor: CrossrefAuthor) -> Author:
    orcid = contributor.orcid.rsplit("/", 1)[-1] if contributor.orcid else None
    if contributor.family:
        return Author(family=contributor.family.strip(), given=contributor.given, orcid=orcid)
    if contributor.name:
        return Author(literal=contributor.name.strip(), orcid=orcid)
    return Author(literal=(contributor.given or "").strip() or None, orcid=orcid)


def _date(value: CrossrefDate | None) -> PartialDate | None:
    return value.to_partial() if value is not None else None


def _update(update: CrossrefUpdate) -> WorkUpdate:
    return WorkUpdate(
        type=update.type,
        doi=update.doi.lower() if update.doi else None,
        label=update.label,
        date=_date(update.updated),
        source=update.source,
    )


def _relations(relation: dict[str, list[CrossrefRelated]]) -> dict[str, list[str]]:
    related: dict[str, list[str]] = {}
    for kind, items in relation.items():
        ids = [
            item.id.lower() if (item.id_type or "doi").lower() == "doi" else item.id
            for item in items
            if item.id
        ]
        if ids:
            related[kind] = ids
    return related


def _pages(page: str | None) -> str | None:
    if page is None:
        return None
    return re.sub(r"\s*[\u2010-\u2015\u2212-]+\s*", "-", page.strip()) or None


def to_work(record: CrossrefWork) -> Work:
    """Convert Crossref's record into refenrich's :class:`Work`."""
    return Work(
        doi=record.doi.lower(),
        type=record.type,
        title=_first(record.title),
        subtitle=_first(record.subtitle),
        authors=[_author(contributor) for contributor in record.author],
        editors=[_author(contributor) for contributor in record.editor],
        container_title=_first(record.container_title),
        short_container_title=_first(record.short_container_title),
        volume=record.volume,
        issue=record.issue,
        pages=_pages(record.page),
        article_number=record.article_number,
        # A thesis names its university as institution, often with no publisher.
        publisher=record.publisher
        or (_institution(record) if record.type == "dissertation" else None),
        edition=record.edition_number.strip() if record.edition_number else None,
        issued=_date(record.issued),
        # An online-first article's print date is sometimes given on its issue only.
        published_print=_date(record.published_print)
        or _date(record.journal_issue.published_print if record.journal_issue else None),
        published_online=_date(record.published_online),
        isbn=list(record.isbn),
        issn=list(record.issn),
        url=record.url,
        updated_by=[_update(update) for update in record.updated_by],
        source="crossref",
        updates=[_update(update) for update in record.update_to],
        relations=_relations(record.relation),
        container_titles=[t for t in map(clean_markup, record.container_title) if t],
        other_titles=_other_titles(record),
        title_markup=_title_markup(record),
    )


def _institution(record: CrossrefWork) -> str | None:
    return next((i.name.strip() for i in record.institution if i.name and i.name.strip()), None)


def _title_markup(record: CrossrefWork) -> str | None:
    """The title (and subtitle) as deposited, when it carries markup or entities (italic
    species names, sub- and superscripts) that exports keep; None when it is plain."""
    title = next((t.strip() for t in record.title if clean_markup(t)), None)
    if title is None:
        return None
    subtitle = next((t.strip() for t in record.subtitle if clean_markup(t)), None)
    if subtitle and subtitle_adds(clean_markup(title), clean_markup(subtitle)):
        title = f"{title}: {subtitle}"
    return title if "<" in title or "&" in title else None


def _other_titles(record: CrossrefWork) -> list[str]:
    """Titles after the first and the original-language title, without repeats: a
    bilingual journal deposits both, and a translation keeps its original's."""
    first = _first(record.title)
    seen = {first}
    titles = []
    for title in map(clean_markup, [*record.title, *record.original_title]):
        if title and title not in seen:
            seen.add(title)
            titles.append(title)
    return titles


def parse_work_message(payload: Any) -> CrossrefWork:
    """Validate a ``work`` message (the object under ``"message"``)."""
    try:
        return CrossrefWork.model_validate(payload)
    except ValidationError as error:
        raise ResponseValidationError(
            f"Crossref returned a work record of unexpected shape: {error}"
        ) from error


def parse_work_list_message(payload: Any) -> list[CrossrefWork]:
    """Validate a ``work-list`` message and return its items."""
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise ResponseValidationError("Crossref returned a work list without an items array")
    return [parse_work_message(item) for item in payload["items"]]
