"""Choosing among candidate records for a reference: validation, field by field.

A search engine (Crossref's ``query.bibliographic``, a local index) ranks records by
how many words they share with a reference; its score has no fixed scale and grows
with the length of the query, so it says little about whether the top hit *is* the
cited work. Here every candidate is checked against what the reference says:

===========  ==========================================================================
field        evidence (each in -1..1: agrees 1, unknown 0, disagrees -1)
===========  ==========================================================================
title        similarity of the parsed title to the record's title (with or without its
             subtitle); when the parser missed the title, whether the record's title
             appears in the reference's text as written
authors      share of the reference's family names found among the record's, and
             whether the first author is the record's first author
year         the print, online or issued year; one year off is weak evidence against,
             not a veto (online-first dates, "in press" citations)
container    the journal or book, full or abbreviated (``short_container_title``)
volume       the volume number
issue        the issue number
pages        the first page, or the article number
===========  ==========================================================================

Before that, a cheap word-overlap test (:func:`plausible`) sets aside candidates that
share neither a third of their title's words nor their first author's name with the
reference: such a candidate cannot reach the match threshold, so it is not scored.

The evidence is weighted into a log-odds score and squashed into a confidence in
0..1. The weights were set on a synthetic tuning set (``benchmarks/resolve_accuracy.py
--split tune``) and checked on a separate held-out split. All functions here are pure.

What the reference says is normalised once per decision (:class:`_Claims`), not once
per candidate; the record's strings go through memoised normalisers, as the same
records come back in many searches of a batch.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from refenrich.compare import (
    WHOLE_BOOK_TYPES,
    cites_preprint,
    is_preprint,
    venue_words,
    venue_words_match,
)
from refenrich.index.terms import term_set
from refenrich.models import Author, Reference, Work
from refenrich.text.normalize import (
    fold,
    name_key,
    name_keys,
    page_range,
    similarity,
    title_key,
    venue_key,
)

__all__ = [
    "AMBIGUITY_MARGIN",
    "MATCH_THRESHOLD",
    "FieldWeights",
    "MatchDecision",
    "MatchKind",
    "ScoredCandidate",
    "decide",
    "field_evidence",
    "has_full_fields",
    "plausible",
    "plausible_fields",
    "reference_words",
    "score_candidate",
    "word_overlap",
]

MATCH_THRESHOLD = 0.8
"""The confidence a candidate needs to be called a match."""

AMBIGUITY_MARGIN = 1.0
"""Two candidates whose log-odds differ by less than this are too close to call."""

_WORD = re.compile(r"\w+")

PREFILTER_SHARE = 0.34
"""The share of a record's title words the reference must contain (else its first
author's name) for the record to be scored at all."""


@dataclass(frozen=True, slots=True)
class FieldWeights:
    """How much agreement (``agree``) and disagreement (``disagree``) on a field weigh."""

    agree: float
    disagree: float


_WEIGHTS: dict[str, FieldWeights] = {
    "title": FieldWeights(4.0, 5.0),
    "authors": FieldWeights(2.5, 3.0),
    "year": FieldWeights(1.5, 3.0),
    "container": FieldWeights(1.0, 1.5),
    "volume": FieldWeights(1.0, 2.0),
    "issue": FieldWeights(0.5, 0.5),
    "pages": FieldWeights(1.0, 2.0),
}
_BIAS = -2.5


class MatchKind(StrEnum):
    """What validation concluded about a set of candidates."""

    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """One candidate record with its confidence and the evidence behind it."""

    work: Work
    confidence: float
    logit: float
    evidence: dict[str, float]


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """The verdict on a set of candidates: matched, ambiguous or not found.

    ``candidates`` are all candidates scored, best first; ``best`` is the match when
    ``kind`` is matched, the leading candidate when ambiguous, and None when nothing
    was credible.
    """

    kind: MatchKind
    best: ScoredCandidate | None
    candidates: list[ScoredCandidate] = field(default_factory=list)
    close: list[ScoredCandidate] = field(default_factory=list)
    """Ambiguous: the candidates too close to tell apart. Matched: empty, unless the
    close ones were versions of one work (a preprint and its published version); then
    all those versions, ``best`` among them."""

    @property
    def work(self) -> Work | None:
        """The matched record (None unless ``kind`` is matched)."""
        return self.best.work if self.kind is MatchKind.MATCHED and self.best else None


# --- per-field evidence ----------------------------------------------------------------


def _clip(value: float) -> float:
    return -1.0 if value < -1.0 else 1.0 if value > 1.0 else value


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=16384)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(_words(text))


@lru_cache(maxsize=65536)
def _name_keys(name: str) -> frozenset[str]:
    return frozenset(name_keys(name))


@lru_cache(maxsize=65536)
def _terms(text: str) -> frozenset[str]:
    return term_set(text)


def reference_words(text: str) -> frozenset[str]:
    """The search words of a reference (folded, no stop words): what
    :func:`word_overlap` compares a record with."""
    return _terms(text)


def word_overlap(words: frozenset[str], title: str | None, first_family: str | None) -> float:
    """A cheap resemblance of a record to a reference's ``words`` (see
    :func:`reference_words`): the share of the record's title words among them (0..1),
    plus 1 when its first author's family name is among them."""
    title_words = _terms(title) if title else frozenset()
    share = len(title_words & words) / len(title_words) if title_words else 0.0
    if first_family and _terms(first_family) & words:
        share += 1.0
    return share


def plausible(words: frozenset[str], work: Work) -> bool:
    """Whether ``work`` could match a reference with search words ``words``: it shares
    at least :data:`PREFILTER_SHARE` of its title's words or its first author's name.

    A record failing both gets strong evidence against on title and authors, more than
    agreement on every other field can make up for, so it need not be scored.
    """
    people = work.authors or work.editors
    first = (people[0].family or people[0].literal) if people else None
    return plausible_fields(words, work.title, first)


def plausible_fields(words: frozenset[str], title: str | None, first_family: str | None) -> bool:
    """:func:`plausible` on a record's title and first author's family name alone
    (a record without title words always is)."""
    if not title or not _terms(title):
        return True
    return word_overlap(words, title, first_family) >= PREFILTER_SHARE


@dataclass(slots=True)
class _Claims:
    """A reference's fields as the evidence functions compare them, worked out once."""

    reference: Reference
    raw_key: str
    """The reference text's title key, padded with a space at both ends."""
    title_key: str | None
    families: list[str]
    container_key: str
    venue_words: tuple[str, ...]
    """The container's words as :func:`refenrich.compare.venue_words` reads them."""
    page: str | None
    volume: str | None
    """The volume as compared (:func:`_bare`), None when the reference gives none."""
    issue: str | None
    _raw_names: set[str] | None = None
    venues: dict[tuple[str | None, str | None, tuple[str, ...]], float] = field(
        default_factory=dict
    )
    """The container evidence found so far, by the record's venue names."""

    @classmethod
    def of(cls, reference: Reference) -> _Claims:
        return cls(
            reference=reference,
            raw_key=f" {title_key(reference.raw)} ",
            title_key=title_key(reference.title) if reference.title else None,
            families=_families(reference.authors)[:8],
            container_key=venue_key(reference.container_title) if reference.container_title else "",
            venue_words=venue_words(reference.container_title or ""),
            page=_bare(page_range(reference.pages)[0]) if reference.pages else None,
            volume=_bare(reference.volume) if reference.volume else None,
            issue=_bare(reference.issue) if reference.issue else None,
        )

    @property
    def raw_names(self) -> set[str]:
        """The name keys of the reference text's words (for a reference without authors)."""
        if self._raw_names is None:
            self._raw_names = {name_key(word) for word in _words(self.reference.raw)}
        return self._raw_names


def _title_claim(claims: _Claims, work: Work, view: _TitleView | None) -> float:
    if view is None:
        return 0.0
    reference = claims.reference
    record_key, short_key = view.record_key, view.short_key
    parsed = None
    if claims.title_key is not None:
        # title_similarity(reference.title, work), with the reference's key made once.
        parsed = similarity(claims.title_key, short_key)
        if record_key != short_key:
            parsed = max(parsed, similarity(claims.title_key, record_key))
    # The parser may cut a title short or run it into the journal's name; the record's
    # title appearing whole in the text is then the better evidence.
    contained = ""
    raw_key = claims.raw_key
    if len(record_key) >= 8 and view.record_padded in raw_key:
        contained = record_key
    if (
        short_key != record_key
        and len(short_key) >= 8
        and len(short_key) > len(contained)
        and f" {short_key} " in raw_key
    ):
        contained = short_key
    if contained and _book_named_as_container(claims, work, contained):
        contained = ""
    if contained:
        if claims.title_key is not None:
            ratio = min(1.0, len(contained) / max(len(claims.title_key), 1))
            from_raw = 0.97 * ratio if ratio >= 0.6 else 0.0
            if contained.count(" ") >= 3 and claims.title_key.startswith(contained + " "):
                # A longer parsed title that opens with the record's whole title (four
                # words or more): a report's session, number or series run into it.
                from_raw = max(from_raw, 0.9)
        else:
            from_raw = 0.97
    elif reference.title is None:
        title_words = _word_set(view.title)
        raw_words = _word_set(reference.raw)
        coverage = len(title_words & raw_words) / len(title_words) if title_words else 0.0
        from_raw = 0.9 * coverage
    else:
        from_raw = 0.0
    score = max(parsed or 0.0, from_raw)
    return _clip((score - 0.75) / 0.25)


def _book_named_as_container(claims: _Claims, work: Work, contained: str) -> bool:
    """Whether a book's title is in a chapter reference's text only as the book the
    chapter is in: then it is no evidence that the book is the work cited."""
    reference = claims.reference
    return (
        reference.type == "chapter"
        and (work.type or "") in WHOLE_BOOK_TYPES
        and bool(reference.container_title)
        and contained in title_key(reference.container_title or "")
    )


@dataclass(frozen=True, slots=True)
class _TitleView:
    """A record's title as the evidence reads it, worked out once per title."""

    title: str
    record_key: str
    """The title key of the title with its subtitle (:attr:`Work.full_title`)."""
    short_key: str
    """The title key of the title alone."""
    record_padded: str
    """:attr:`record_key` with a space at both ends (as :attr:`_Claims.raw_key` is)."""
    weight: float
    """What agreement on the title weighs (less for a one- or two-word title)."""
    terms: frozenset[str]
    """The title's search words (:func:`reference_words`), for :func:`plausible`."""


@lru_cache(maxsize=65536)
def _title_view(title: str, subtitle: str | None) -> _TitleView:
    # Work.full_title, written out: the view is keyed on the two fields it reads.
    full = f"{title}: {subtitle}" if subtitle and subtitle.lower() not in title.lower() else title
    short_key = title_key(title)
    # A one- or two-word title ("Editorial", "Introduction") proves little on its own.
    weight = _WEIGHTS["title"].agree * min(1.0, 0.4 + 0.15 * len(short_key.split()))
    record_key = title_key(full)
    return _TitleView(title, record_key, short_key, f" {record_key} ", weight, _terms(title))


def _view_of(work: Work) -> _TitleView | None:
    title = work.title
    return _title_view(title, work.subtitle) if title else None


@dataclass(slots=True)
class _Record:
    """What the evidence reads of a record, worked out once per record: the same
    records come back in many searches of a batch (and the cache's answers share one
    :class:`Work` object per record)."""

    work: Work
    view: _TitleView | None
    distinct_key: str
    """The DOI in lower case ("" without one): how :func:`_distinct` tells records apart."""
    people: list[Author]
    """The authors, else the editors."""
    families: list[str]
    """Their family names (:func:`_families` of the authors, else of the editors)."""
    first_terms: frozenset[str]
    """The search words of the first person's name (for :func:`plausible`)."""
    years: tuple[int, ...]
    """The issued, print and online years, in that order (those given)."""
    volume: str | None
    """The volume as compared (:func:`_bare`), None when the record gives none."""
    issue: str | None
    first_page: str | None
    """The first page of the record's pages as compared (:func:`_first_page`)."""
    article: str | None
    """The article number as compared (:func:`_bare`)."""
    venue: tuple[str | None, str | None, tuple[str, ...]]
    """The record's venue names (how :attr:`_Claims.venues` files their evidence)."""
    _whole: list[str] | None = None
    _whole_lead: list[str] | None = None

    @classmethod
    def of(cls, work: Work) -> _Record:
        people = work.authors or work.editors
        first = (people[0].family or people[0].literal) if people else None
        return cls(
            work=work,
            view=_view_of(work),
            distinct_key=(work.doi or "").lower(),
            people=people,
            families=_families(work.authors) or _families(work.editors),
            first_terms=_terms(first) if first else frozenset(),
            years=tuple(
                date.year
                for date in (work.issued, work.published_print, work.published_online)
                if date is not None
            ),
            volume=_bare(work.volume) if work.volume else None,
            issue=_bare(work.issue) if work.issue else None,
            first_page=_first_page(work.pages) if work.pages else None,
            article=_bare(work.article_number) if work.article_number else None,
            venue=(work.container_title, work.short_container_title, tuple(work.container_titles)),
        )

    @property
    def whole_names(self) -> list[str]:
        """:func:`_whole_names` of :attr:`people`."""
        if self._whole is None:
            self._whole = _whole_names(self.people)
        return self._whole

    @property
    def whole_lead(self) -> list[str]:
        """:func:`_whole_names` of the first two of :attr:`people`."""
        if self._whole_lead is None:
            self._whole_lead = _whole_names(self.people[:2])
        return self._whole_lead


class _Records:
    """The :class:`_Record` of each record seen lately (at most ``size``), by identity:
    a :class:`Work` (frozen, but holding lists) has no usable hash. Each entry keeps its
    work alive, so an id is never taken by another object while it is here."""

    def __init__(self, size: int = 16384) -> None:
        self._size = size
        self._records: dict[int, _Record] = {}
        self._lock = threading.Lock()  # for the eviction (reads need none)
        # Forgets every record, as an ``lru_cache``'s ``cache_clear`` (an attribute of
        # the instance, not of the class: the class is no memo to empty).
        self.cache_clear: Callable[[], None] = self._records.clear

    def get(self, work: Work) -> _Record:
        """The record view of ``work``, made on first sight."""
        record = self._records.get(id(work))
        if record is None or record.work is not work:
            record = _Record.of(work)
            with self._lock:
                records = self._records
                if len(records) >= self._size:
                    del records[next(iter(records))]
                records[id(work)] = record
        return record


_RECORDS = _Records()


def _families(authors: Sequence[Author]) -> list[str]:
    return [a.family or a.literal or "" for a in authors if a.family or a.literal]


def _whole_names(authors: Sequence[Author]) -> list[str]:
    """Family and given name run together, as a name in a script written without spaces
    between them is cited (屠呦呦 for the record's 屠, 呦呦)."""
    return [a.family + a.given for a in authors if a.family and a.given and not a.given.isascii()]


@lru_cache(maxsize=65536)
def _same_family(claimed: str, actual: str) -> float:
    if _name_keys(claimed) & _name_keys(actual):
        return 1.0
    left, right = name_key(claimed), name_key(actual)
    if min(len(left), len(right)) >= 4 and similarity(left, right) >= 0.8:
        return 0.5
    return 0.0


def _best_family_match(claimed: str, actual: Sequence[str]) -> float:
    """``max(_same_family(claimed, a) for a in actual)``, stopping at a full match."""
    best = 0.0
    for name in actual:
        value = _same_family(claimed, name)
        if value > best:
            best = value
            if best >= 1.0:
                break
    return best


def _author_claim(claims: _Claims, record: _Record) -> float:
    actual = record.families
    if not actual:
        return 0.0
    claimed = claims.families
    if not claimed:
        # No author list parsed: is the record's first author named in the text at all?
        first = _name_keys(actual[0])
        return 0.6 if first & claims.raw_names else -0.6
    people = record.people
    whole: list[str] | None = None  # made only when a name finds no family name
    matched = 0.0
    first_best: float | None = None  # how well the first name matched
    for name in claimed:
        best = _best_family_match(name, actual)
        if best < 1.0:
            whole = record.whole_names if whole is None else whole
            if whole:
                best = max(best, _best_family_match(name, whole))
        if first_best is None:
            first_best = best
        matched += best
    share = matched / len(claimed)
    if share == 0.0:
        return -1.0
    if len(actual) <= 2 and len(people) <= 2:
        # The first two names are all the names: the loop's first match was the lead's.
        lead = first_best or 0.0
    else:
        lead = _best_family_match(claimed[0], actual[:2])
        if lead < 1.0:
            lead = max(lead, _best_family_match(claimed[0], record.whole_lead))
    return _clip((2 * share - 1) * 0.8 + (0.2 if lead >= 1.0 else -0.2))


def _container_claim(claims: _Claims, record: _Record) -> float:
    if not claims.container_key:
        return 0.0  # (nor is there anything to compare when the reference names no venue)
    # Candidates often share a journal: what one's venue gives holds for the others.
    venue = record.venue
    evidence = claims.venues.get(venue)
    if evidence is None:
        evidence = claims.venues[venue] = _venue_evidence(claims, record.work)
    return evidence


def _venue_evidence(claims: _Claims, work: Work) -> float:
    claimed = claims.reference.container_title
    if not claimed or not (work.container_title or work.short_container_title):
        return 0.0
    key = claims.container_key
    if not key:
        return 0.0
    if venue_words_match(claims.venue_words, work):
        return 1.0
    best = max(
        similarity(key, venue_key(name))
        for name in (work.container_title, work.short_container_title)
        if name
    )
    return 0.3 if best >= 0.8 else -1.0


@lru_cache(maxsize=65536)
def _bare(value: str) -> str:
    return fold(value).strip().lstrip("0") or "0"


@lru_cache(maxsize=65536)
def _first_page(pages: str) -> str:
    return _bare(page_range(pages)[0])


def field_evidence(reference: Reference, work: Work) -> dict[str, float]:
    """How far ``work`` agrees with ``reference``, field by field, each in -1..1."""
    return _score(_Claims.of(reference), _Record.of(work)).evidence


# --- scoring and deciding ---------------------------------------------------------------


def score_candidate(reference: Reference, work: Work) -> ScoredCandidate:
    """The confidence that ``work`` is the work ``reference`` cites, with the evidence."""
    return _score(_Claims.of(reference), _Record.of(work))


_TITLE_DISAGREE = _WEIGHTS["title"].disagree
_AUTHORS_AGREE, _AUTHORS_DISAGREE = _WEIGHTS["authors"].agree, _WEIGHTS["authors"].disagree
_YEAR_AGREE, _YEAR_DISAGREE = _WEIGHTS["year"].agree, _WEIGHTS["year"].disagree
_CONTAINER_AGREE = _WEIGHTS["container"].agree
_CONTAINER_DISAGREE = _WEIGHTS["container"].disagree
_VOLUME_AGREE, _VOLUME_DISAGREE = _WEIGHTS["volume"].agree, _WEIGHTS["volume"].disagree
_ISSUE_AGREE, _ISSUE_DISAGREE = _WEIGHTS["issue"].agree, _WEIGHTS["issue"].disagree
_PAGES_AGREE, _PAGES_DISAGREE = _WEIGHTS["pages"].agree, _WEIGHTS["pages"].disagree


def _round(value: float, places: int, scale: float) -> float:
    """``round(value, places)`` (``scale`` is ``10.0 ** places``), without its trip
    through decimal digits where plain arithmetic gives the same float.

    ``round`` finds the integer nearest to ``value * 10**places`` (ties to even) and
    returns the float nearest to that integer over ``10**places``. Away from a tie,
    ``value * scale`` (off by at most half a unit in its last place) lands on the same
    side of the half as the exact product, so its floor and remainder give that integer;
    dividing that integer by ``scale`` is one correctly rounded division, so the same
    float. Near a tie, beyond a million, and for NaN or infinity, ``round`` decides.
    It runs about twice per scored candidate; round() costs some 2,500 instructions.
    """
    scaled = value * scale
    if not -1e6 < scaled < 1e6:
        return round(value, places)
    whole = math.floor(scaled)
    rest = scaled - whole
    if -1e-6 < rest - 0.5 < 1e-6:
        return round(value, places)
    if rest > 0.5:
        whole += 1
    # round() keeps the sign of a value that rounds to zero (-0.0004 -> -0.0).
    return whole / scale if whole else math.copysign(0.0, value)


def _score(claims: _Claims, record: _Record) -> ScoredCandidate:
    # Each field's evidence (-1..1) weighted into the log-odds as it is found, in the
    # order of _WEIGHTS (the order of the float additions fixes the sum's last bits):
    # agreement times the field's ``agree`` weight (the title's depends on its length),
    # disagreement times its ``disagree`` weight; unknown (0) adds nothing. Written out
    # in one function: this runs for every candidate of every search.
    reference = claims.reference
    work, view = record.work, record.view
    logit = _BIAS
    # Evidence to three places; round() works through decimal digits, which clipped
    # evidence (-1, 0, 1: most of it) need not.
    title = _title_claim(claims, work, view)
    if title != 1.0 and title != -1.0 and title != 0.0:
        title = _round(title, 3, 1e3)
    if title > 0 and view is not None:
        logit += view.weight * title
    elif title:
        logit += _TITLE_DISAGREE * title
    authors = _author_claim(claims, record)
    if authors != 1.0 and authors != -1.0 and authors != 0.0:
        authors = _round(authors, 3, 1e3)
    if authors:
        logit += (_AUTHORS_AGREE if authors > 0 else _AUTHORS_DISAGREE) * authors

    # The print, online or issued year closest to the reference's: one year off is
    # weak evidence against, not a veto (online-first dates, "in press" citations).
    year = 0.0
    claimed_year = reference.year
    if claimed_year is not None:
        gap = None
        for year_given in record.years:
            if gap is None or abs(claimed_year - year_given) < gap:
                gap = abs(claimed_year - year_given)
        if gap is not None:
            year = 1.0 if gap == 0 else -0.2 if gap == 1 else -1.0
            logit += (_YEAR_AGREE if gap == 0 else _YEAR_DISAGREE) * year
    container = _container_claim(claims, record)
    if container:
        logit += (_CONTAINER_AGREE if container > 0 else _CONTAINER_DISAGREE) * container
    volume = 0.0
    if claims.volume is not None and record.volume is not None:
        volume = 1.0 if claims.volume == record.volume else -1.0
        logit += _VOLUME_AGREE if volume > 0 else -_VOLUME_DISAGREE
    issue = 0.0
    if claims.issue is not None and record.issue is not None:
        issue = 1.0 if claims.issue == record.issue else -1.0
        logit += _ISSUE_AGREE if issue > 0 else -_ISSUE_DISAGREE
    pages = 0.0
    first = claims.page
    if first is not None and (record.first_page is not None or record.article is not None):
        # The first page, or the article number.
        found = record.first_page == first or record.article == first
        pages = 1.0 if found else -1.0
        logit += _PAGES_AGREE if found else -_PAGES_DISAGREE
    evidence = {
        "title": title,
        "authors": authors,
        "year": year,
        "container": container,
        "volume": volume,
        "issue": issue,
        "pages": pages,
    }
    if logit < -_SURE_LOGIT:
        confidence = 0.0  # under 0.00003: 0 to four places
    elif logit > _SURE_LOGIT:
        confidence = 1.0  # over 0.99997: 1 to four places
    else:
        confidence = _round(1.0 / (1.0 + math.exp(-logit)), 4, 1e4)
    return ScoredCandidate(work, confidence, _round(logit, 3, 1e3), evidence)


_SURE_LOGIT = 10.5
"""Beyond this log-odds either way, the confidence rounds to 0 or 1 (four places)."""


def _distinct(candidates: Iterable[Work]) -> list[_Record]:
    """The candidates' record views, the first of each DOI (records without one all kept)."""
    seen: set[str] = set()
    unique: list[_Record] = []
    get = _RECORDS.get
    for work in candidates:
        record = get(work)
        key = record.distinct_key or f"#{len(unique)}"
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return unique


def decide(
    reference: Reference,
    candidates: Iterable[Work],
    *,
    threshold: float = MATCH_THRESHOLD,
    margin: float = AMBIGUITY_MARGIN,
) -> MatchDecision:
    """Matched, ambiguous or not found: the verdict on ``candidates`` for ``reference``.

    The best candidate is a match when its confidence reaches ``threshold`` and no other
    candidate comes within ``margin`` (in log-odds) of it; when one does, both are
    reported as ambiguous. The search engine's own order and score play no part.
    Candidates that are not :func:`plausible` are not scored (nor listed).
    """
    words = reference_words(reference.raw)
    claims = _Claims.of(reference)
    scored = []
    for record in _distinct(candidates):
        view = record.view
        if view is None or _plausible_view(words, view, record):
            scored.append(_score(claims, record))
    scored.sort(key=_by_logit)
    if not scored or scored[0].confidence < threshold:
        return MatchDecision(MatchKind.NOT_FOUND, None, scored)
    best = scored[0]
    close = [c for c in scored[1:] if c.logit >= best.logit - margin]
    if close:
        tied = [best, *close]
        version = _version_to_take(reference, tied, threshold)
        if version is not None:
            return MatchDecision(MatchKind.MATCHED, version, scored, tied)
        return MatchDecision(MatchKind.AMBIGUOUS, best, scored, tied)
    return MatchDecision(MatchKind.MATCHED, best, scored)


def _by_logit(candidate: ScoredCandidate) -> float:
    return -candidate.logit


def _plausible_view(words: frozenset[str], view: _TitleView, record: _Record) -> bool:
    """:func:`plausible` for a record with a title, its words already read."""
    title_words = view.terms
    if not title_words or len(title_words & words) / len(title_words) >= PREFILTER_SHARE:
        return True
    # Below the share, only the first author's name can carry the record over it.
    return bool(record.first_terms & words)


def _version_to_take(
    reference: Reference, tied: Sequence[ScoredCandidate], threshold: float
) -> ScoredCandidate | None:
    """When candidates too close to call are a preprint and its published version (a
    reference without a venue fits both), the version the reference means: the
    published one, unless it says it cites a preprint. None when they are not versions
    of one work, or more than one candidate of the wanted kind remains."""
    preprints = [c for c in tied if is_preprint(c.work)]
    published = [c for c in tied if not is_preprint(c.work)]
    if not preprints or not published:
        return None
    wanted = preprints if cites_preprint(reference) else published
    if len(wanted) != 1 or wanted[0].confidence < threshold:
        return None
    chosen = wanted[0]
    if all(c is chosen or _versions_of_one_work(chosen.work, c.work) for c in tied):
        return chosen
    return None


def _versions_of_one_work(one: Work, other: Work) -> bool:
    """Linked by Crossref as preprint and published version, or with the same title."""
    for first, second in ((one, other), (other, one)):
        if second.doi and any(
            second.doi.lower() == doi.lower()
            for relation in ("is-preprint-of", "has-preprint")
            for doi in first.relations.get(relation, [])
        ):
            return True
    return bool(one.title and other.title and title_key(one.title) == title_key(other.title))


def has_full_fields(reference: Reference) -> bool:
    """Whether a reference gives enough (authors, year, title, and a venue or publisher)
    that finding no record for it is itself a signal worth reporting."""
    return bool(
        reference.authors
        and reference.year
        and reference.title
        and len(title_key(reference.title).split()) >= 3
        and (reference.container_title or reference.publisher)
    )
