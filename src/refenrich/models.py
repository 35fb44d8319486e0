"""The public data model: what flows between refenrich's stages.

    text ──split──▶ raw strings ──parse──▶ Reference ──resolve──▶ Resolution(Work)
         ──compare──▶ list[Finding] ──▶ CheckResult ──▶ Report

Every model is a pydantic v2 model, so results serialise to JSON with
``model_dump(mode="json")`` and validate on the way back in. Field names here are a
public interface (the JSON Lines output is made from them): rename nothing lightly.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Author(_Model):
    """A person or organisation credited with a work.

    ``family`` and ``given`` hold a personal name; ``literal`` holds a corporate or
    otherwise unsplittable name (then ``family`` is None). ``given`` may be initials
    only, as references often give them ("R.J.").
    """

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    orcid: str | None = None

    @property
    def display(self) -> str:
        """The name as a person reads it: "Given Family", or the literal name."""
        if self.literal:
            return self.literal
        return " ".join(part for part in (self.given, self.family) if part)


class PartialDate(_Model):
    """A date that may lack its month or day, as bibliographic dates often do."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


class ReviewMention(_Model):
    """A place where the reference says the cited work was reviewed ("Reviewed in X: DOI")."""

    venue: str | None = None
    doi: str | None = None


class Reference(_Model):
    """A reference as written, with the fields a parser could read from it.

    Nothing is invented: a field the text does not give is None. Text that could not be
    placed in any field is kept in ``unparsed`` so no information is silently lost.
    ``type`` is the parser's guess: article, book, chapter, report, thesis, webpage,
    dataset, preprint, proceedings or other.
    """

    raw: str
    authors: list[Author] = Field(default_factory=list)
    editors: list[Author] = Field(default_factory=list)
    et_al: bool = False
    year: int | None = None
    year_suffix: str | None = None
    title: str | None = None
    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None
    doi: str | None = None
    url: str | None = None
    isbn: str | None = None
    issn: str | None = None
    arxiv: str | None = None
    pmid: str | None = None
    type: str | None = None
    reviewed_in: list[ReviewMention] = Field(default_factory=list)
    unparsed: list[str] = Field(default_factory=list)
    key: str | None = None
    """The citation key the reference had in a bibliography file (``.bib``), if any."""


class WorkUpdate(_Model):
    """A notice that changes the standing of a work (a retraction, correction, ...)."""

    type: str
    doi: str | None = None
    label: str | None = None
    date: PartialDate | None = None
    source: str | None = None
    """Who asserted the update: "publisher", "retraction-watch", ... (None when unknown)."""


class Work(_Model):
    """A bibliographic record from an authority (Crossref, a local index, ...)."""

    doi: str | None = None
    type: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[Author] = Field(default_factory=list)
    editors: list[Author] = Field(default_factory=list)
    container_title: str | None = None
    short_container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    publisher: str | None = None
    issued: PartialDate | None = None
    published_print: PartialDate | None = None
    published_online: PartialDate | None = None
    isbn: list[str] = Field(default_factory=list)
    issn: list[str] = Field(default_factory=list)
    url: str | None = None
    updated_by: list[WorkUpdate] = Field(default_factory=list)
    source: str = "crossref"
    updates: list[WorkUpdate] = Field(default_factory=list)
    """Works this record is a notice about (Crossref's ``update-to``): a retraction notice
    lists the retracted work here."""
    relations: dict[str, list[str]] = Field(default_factory=dict)
    """Related identifiers by relation type (Crossref's ``relation``), e.g.
    ``{"is-preprint-of": ["10.1000/published"]}``."""
    container_titles: list[str] = Field(default_factory=list)
    """Every title given for the container, e.g. a book's title and its series."""
    other_titles: list[str] = Field(default_factory=list)
    """The record's other titles: another language's (a bilingual journal deposits both)
    and a translation's original title."""
    edition: str | None = None
    """The edition of a book (Crossref's ``edition-number``: "2", "Second")."""
    title_markup: str | None = None
    """The full title as deposited when it carries markup (JATS/HTML tags or entities:
    italic species names, sub- and superscripts), which exports keep; ``title`` and
    ``subtitle`` are plain text."""

    @property
    def year(self) -> int | None:
        """The year citations usually give: the print issue's, else the earliest (``issued``).

        Crossref's ``issued`` is the earliest of the print and online dates, so for an
        online-first article it is often a year before the issue.
        """
        if self.published_print is not None:
            return self.published_print.year
        return self.issued.year if self.issued else None

    @property
    def full_title(self) -> str | None:
        """Title and subtitle joined as most citation styles print them."""
        if self.title and self.subtitle and subtitle_adds(self.title, self.subtitle):
            return f"{self.title}: {self.subtitle}"
        return self.title


def subtitle_adds(title: str, subtitle: str) -> bool:
    """Whether a record's subtitle belongs after its title in a full title: not when the
    title already holds it (some records repeat it there)."""
    return subtitle.lower() not in title.lower()


class Severity(StrEnum):
    """How much a finding matters. Ordered: error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: handy for max()."""
        return _SEVERITY_RANKS[self]


_SEVERITY_RANKS = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class FindingField(StrEnum):
    """The part of a reference a finding is about."""

    AUTHORS = "authors"
    YEAR = "year"
    TITLE = "title"
    VENUE = "venue"
    VOLUME = "volume"
    ISSUE = "issue"
    PAGES = "pages"
    DOI = "doi"


class Finding(_Model):
    """One way in which a reference and its record agree noteworthily or disagree.

    ``code`` is a stable machine name (e.g. ``year_online_first``); ``message`` is a
    plain sentence for people.
    """

    code: str
    field: FindingField
    severity: Severity
    claimed: str | None = None
    actual: str | None = None
    message: str


class ResolutionVia(StrEnum):
    """How a reference was tied to a record."""

    DOI = "doi"
    SEARCH = "search"
    INDEX = "index"


class Resolution(_Model):
    """The outcome of looking a reference up.

    ``work`` is None when nothing was found; ``error`` says why a look-up could not be
    completed (network failure, service error) as opposed to finding nothing.
    """

    work: Work | None = None
    via: ResolutionVia | None = None
    doi: str | None = None
    score: float | None = None
    candidates: list[Work] = Field(default_factory=list)
    error: str | None = None
    tried: list[str] = Field(default_factory=list)
    confidence: float | None = None
    """How sure the validated match is, in 0..1 (search and index matches; None for a DOI)."""
    evidence: dict[str, float] = Field(default_factory=dict)
    """Per field, how far the record agrees with the reference: 1 agrees, 0 no evidence
    either way, -1 disagrees (``title``, ``authors``, ``year``, ``container``, ``volume``,
    ``issue``, ``pages``)."""
    text_doi: str | None = None
    """When the reference's DOI led elsewhere or nowhere: the DOI its text matches."""


class Status(StrEnum):
    """The verdict on one reference.

    - ``verified``: resolved, and no warning or error.
    - ``warning`` / ``error``: resolved, and the worst finding has that severity.
    - ``not_found``: the identifier or search led to no record.
    - ``unresolved``: no DOI, and no record named: searching was off or impossible, or
      the reference is too sparse (no authors, year, title and venue together) for an
      unmatched search to mean "not found".
    - ``failed``: the look-up could not be completed (network or service error).
    - ``ambiguous``: a search found two or more records that fit equally well.
    """

    VERIFIED = "verified"
    WARNING = "warning"
    ERROR = "error"
    NOT_FOUND = "not_found"
    UNRESOLVED = "unresolved"
    FAILED = "failed"
    AMBIGUOUS = "ambiguous"


class CheckResult(_Model):
    """Everything refenrich knows about one reference after checking it."""

    index: int
    raw: str
    status: Status
    reference: Reference
    resolution: Resolution
    findings: list[Finding] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        """Read a dump back: ``doi`` and ``work`` are written for readers and derived
        again from ``resolution`` and ``reference``, so they are set aside here."""
        if isinstance(data, dict) and ("doi" in data or "work" in data):
            return {key: value for key, value in data.items() if key not in ("doi", "work")}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def doi(self) -> str | None:
        """The DOI of the record, else the DOI the reference gave."""
        if self.resolution.work is not None and self.resolution.work.doi:
            return self.resolution.work.doi
        return self.reference.doi

    @computed_field  # type: ignore[prop-decorator]
    @property
    def work(self) -> Work | None:
        """The resolved record, or None."""
        return self.resolution.work

    def stored_json(self) -> str:
        """This result as JSON that :meth:`model_validate_json` reads back equal: without
        the computed fields (``doi``, ``work``), which are written for readers only."""
        return self.model_dump_json(exclude=set(_CHECK_RESULT_COMPUTED))


_CHECK_RESULT_COMPUTED = frozenset(CheckResult.model_computed_fields)


class Summary(_Model):
    """Counts over a report, for a summary line and for exit codes."""

    checked: int
    verified: int
    with_warnings: int
    with_errors: int
    not_found: int
    unresolved: int
    failed: int
    ambiguous: int = 0


class DocumentFinding(_Model):
    """A finding about a whole document rather than one reference (REF rules, structure).

    ``code`` is a stable machine name (e.g. ``ref_too_many_references``); ``reference_index``
    names the reference it concerns, if any; ``rule_source`` cites where the rule comes from
    (e.g. a paragraph of the REF guidance).
    """

    code: str
    severity: Severity
    message: str
    claimed: str | None = None
    actual: str | None = None
    reference_index: int | None = None
    rule_source: str | None = None


class Report(_Model):
    """The results of checking one document or list."""

    source: str | None = None
    results: list[CheckResult] = Field(default_factory=list)
    document_findings: list[DocumentFinding] = Field(default_factory=list)
    """Findings about the document as a whole (REF rules); empty for a plain list."""
    error: str | None = None
    """Why the document could not be read (a batch checks the others and exits 2); None
    when it was read."""

    @property
    def summary(self) -> Summary:
        """How many references ended in each status."""
        counts = dict.fromkeys(Status, 0)
        for result in self.results:
            counts[result.status] += 1
        return Summary(
            checked=len(self.results),
            verified=counts[Status.VERIFIED],
            with_warnings=counts[Status.WARNING],
            with_errors=counts[Status.ERROR],
            not_found=counts[Status.NOT_FOUND],
            unresolved=counts[Status.UNRESOLVED],
            failed=counts[Status.FAILED],
            ambiguous=counts[Status.AMBIGUOUS],
        )
