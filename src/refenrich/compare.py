"""Comparing a reference as written with the record it resolved to.

Each rule is a pure function ``(Reference, Work) -> list[Finding]``. :data:`DEFAULT_RULES`
is an ordinary list: pass your own to :func:`compare` to add a rule or switch one off.
The catalogue of finding codes is ``docs/findings.md``.

Before the field rules run, :func:`compare` settles what the record *is* relative to the
reference: a review of the cited book (the reference says "Reviewed in ...: DOI"), a
different work altogether (the DOI points elsewhere), or the cited work. Comparing the
fields of a book with those of its review would only produce noise.

Parsing a reference is imperfect, so a rule that finds a parsed field disagreeing with
the record first looks for the record's value in the reference text itself
(``Reference.raw``): when the title, journal or an author the record gives is there,
the disagreement came from reading the text, not from the reference, and nothing is
reported. Planted errors do not survive that test, because the record's value is then
absent from the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from refenrich.doi import find_dois, is_doi
from refenrich.models import Author, Finding, FindingField, Reference, Severity, Work, WorkUpdate
from refenrich.romanisation import surname_groups
from refenrich.text.normalize import fold, page_range, similarity, strip_markup, title_key

__all__ = [
    "DEFAULT_RULES",
    "WHOLE_BOOK_TYPES",
    "Rule",
    "cites_preprint",
    "compare",
    "compare_authors",
    "compare_doi",
    "compare_enrichment",
    "compare_pages",
    "compare_preprint",
    "compare_status",
    "compare_title",
    "compare_venue",
    "compare_volume_issue",
    "compare_year",
    "describe_work",
    "is_preprint",
    "review_findings",
    "title_similarity",
    "venue_matches",
    "venue_words",
    "venue_words_match",
]

Rule = Callable[[Reference, Work], list[Finding]]

_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}
_WORD = re.compile(r"[^\W_]+")
_BOOKISH = frozenset(
    {
        "book",
        "monograph",
        "edited-book",
        "reference-book",
        "book-set",
        "book-series",
        "book-chapter",
        "book-section",
        "book-part",
        "book-track",
        "reference-entry",
        "proceedings",
        "proceedings-article",
        "report",
        "report-series",
        "dissertation",
    }
)


def _ordinal(position: int) -> str:
    return _ORDINALS.get(position, f"{position}th")


def _names(authors: Sequence[Author]) -> str:
    return "; ".join(_author_label(author) for author in authors)


_NAMES_SHOWN = 10
"""Names a message lists before "and N more" (a collaboration has thousands; the
finding's ``claimed``/``actual`` keep them all for tools)."""


def _some(items: Sequence[str], separator: str) -> str:
    shown = separator.join(items[:_NAMES_SHOWN])
    more = len(items) - _NAMES_SHOWN
    return f"{shown} and {more:,} more" if more > 0 else shown


def _some_names(authors: Sequence[Author]) -> str:
    return _some([_author_label(author) for author in authors], "; ")


def _author_label(author: Author) -> str:
    if author.literal:
        return author.literal
    return ", ".join(part for part in (author.family, author.given) if part)


# The rules of one comparison read the same strings (the reference text, the record's
# title and names) many times over, and a batch meets the same record and journal names
# again and again: the pure functions of a string below are memoised.


_EDITOR_MARK = re.compile(r"\(\s*eds?\b|\beditors?\b|\beds?\.", re.IGNORECASE)
_PREPRINT_WORDS = re.compile(
    r"\b(?:preprint|arxiv|biorxiv|medrxiv|ssrn|research square|osf preprints|working paper)\b",
    re.IGNORECASE,
)
_NOTICE_TITLE = re.compile(
    r"\s*(?:retraction|retracted|correction|corrigendum|erratum|expression of concern|notice of)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_ISSUE_PARTS = re.compile(r"[-\u2010-\u2015/,&]|and")
_LETTERS = re.compile(r"[a-z]+")
_PAGE_PARTS = re.compile(r"([a-z]*)(\d*)")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=16384)
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(strip_markup(text).replace("&", " and "))))


def _words(text: str) -> list[str]:
    return list(_word_tuple(text))


def _find(haystack: Sequence[str], needle: Sequence[str]) -> int:
    """Where ``needle`` first occurs as a contiguous run of words in ``haystack``, or -1."""
    size = len(needle)
    if not size:
        return -1
    run = tuple(needle)
    first = run[0]
    for i in range(len(haystack) - size + 1):
        if haystack[i] == first and tuple(haystack[i : i + size]) == run:
            return i
    return -1


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """Whether ``needle`` occurs as a contiguous run of words in ``haystack``."""
    return _find(haystack, needle) >= 0


def describe_work(work: Work) -> str:
    """A one-line description of a record for messages: 'Title' by A, B (2019), in V."""
    parts = [f"'{work.full_title}'" if work.full_title else "an untitled work"]
    if work.authors:
        families = [a.family or a.literal or "?" for a in work.authors[:3]]
        more = " et al." if len(work.authors) > 3 else ""
        parts.append("by " + ", ".join(families) + more)
    if work.year:
        parts.append(f"({work.year})")
    if work.container_title:
        parts.append(f"in {work.container_title}")
    return " ".join(parts)


def _finding(
    code: str,
    field: FindingField,
    severity: Severity,
    message: str,
    claimed: str | None = None,
    actual: str | None = None,
) -> Finding:
    return Finding(
        code=code, field=field, severity=severity, claimed=claimed, actual=actual, message=message
    )


# --- where the reference text itself agrees with the record ----------------------------


def _title_span(reference: Reference, work: Work) -> tuple[int, int] | None:
    """Where (in words of the raw text) the title stands, if it can be located."""
    return _title_span_in(reference.raw, work.full_title, work.title)


@lru_cache(maxsize=4096)
def _title_span_in(
    raw_text: str, full_title: str | None, title: str | None
) -> tuple[int, int] | None:
    raw = _word_tuple(raw_text)
    # Only the record's title: a parsed title may be a mis-split run of other fields.
    for candidate in (full_title, title):
        words = _word_tuple(candidate or "")
        if len(words) < 2:
            continue
        start = _find(raw, words)
        if start >= 0:
            return start, start + len(words)
    return None


def _words_without_title(text: str, work: Work) -> tuple[str, ...]:
    """The words of ``text`` without the record's title where it stands in them."""
    words = _word_tuple(text)
    span = _title_span_in(text, work.full_title, work.title)
    return words if span is None else words[: span[0]] + words[span[1] :]


def _author_zone(reference: Reference, work: Work) -> tuple[str, ...]:
    """The words of the raw text before the title, where the author list stands."""
    raw = _word_tuple(reference.raw)
    span = _title_span(reference, work)
    return raw if span is None else raw[: span[0]]


# --- authors -----------------------------------------------------------------------

_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "des",
        "la",
        "le",
        "ten",
        "ter",
        "zu",
        "al",
        "el",
        "st",
    }
)


def _name_key(word: str) -> str:
    # Transliterated umlauts: Müller, Mueller and Muller all give "muller".
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _family(author: Author) -> str:
    return author.family or author.literal or ""


@lru_cache(maxsize=65536)
def _family_keys(name: str) -> frozenset[str]:
    """Keys under which a family name may match: whole, without particles, each part."""
    words = _word_tuple(name)
    if not words:
        return frozenset()
    keys = {_name_key("".join(words))}
    # Another romanisation of the same Korean or Chinese surname (Lee, Yi; Zhang, Chang).
    keys.update("~" + group for group in surname_groups("".join(words)))
    core = [word for word in words if word not in _PARTICLES]
    if core and len(core) < len(words):
        keys.add(_name_key("".join(core)))
    if len(core) > 1:
        keys.update(_name_key(word) for word in core if len(word) > 2)
    return frozenset(keys)


def _corporate_key(name: str) -> list[str]:
    return [word for word in _words(name) if word not in {"the", "of", "and", "for"}]


def _same_corporate(left: str, right: str) -> bool:
    a, b = _corporate_key(left), _corporate_key(right)
    if not a or not b:
        return False
    if a == b or _contains(a, b) or _contains(b, a):
        return True
    # An acronym for the full name: "WHO" for "World Health Organization".
    for short, full in ((a, b), (b, a)):
        if len(short) == 1 and len(full) > 1 and short[0] == "".join(w[0] for w in full):
            return True
    return False


def _same_person(claimed: Author, actual: Author) -> bool:
    if claimed.literal and actual.literal:
        return _same_corporate(claimed.literal, actual.literal)
    if _family_keys(_family(claimed)) & _family_keys(_family(actual)):
        return True
    # A name written whole, without a space between family and given name (屠呦呦), is
    # the record's family name followed by its given name (屠, 呦呦).
    return bool(
        claimed.family
        and not claimed.given
        and actual.family
        and actual.given
        and _whole_name_key(claimed.family) == _whole_name_key(actual.family + actual.given)
    )


def _whole_name_key(name: str) -> str:
    return _name_key("".join(_word_tuple(name)))


def _close_spelling(claimed: Author, actual: Author) -> bool:
    left = "".join(_word_tuple(_family(claimed)))
    right = "".join(_word_tuple(_family(actual)))
    # One wrong letter in a four-letter name ("Deen" for "Dean") scores 0.75.
    return min(len(left), len(right)) >= 4 and similarity(left, right) >= 0.75


@lru_cache(maxsize=65536)
def _initials(given: str | None) -> tuple[str, ...]:
    """The initials of a given name: "Rikki J." -> (r, j); "Jean-Pierre" -> (j, p)."""
    if not given:
        return ()
    return tuple(word[0] for word in _WORD.findall(fold(given)))


def _match_authors(
    claimed: Sequence[Author], actual: Sequence[Author]
) -> dict[int, tuple[int, bool]]:
    """claimed index -> (record index, exact family match)."""
    pairs: dict[int, tuple[int, bool]] = {}
    used: set[int] = set()
    for exact in (True, False):
        for i, author in enumerate(claimed):
            if i in pairs:
                continue
            test = _same_person if exact else _close_spelling
            for j, candidate in enumerate(actual):
                if j not in used and test(author, candidate):
                    pairs[i] = (j, exact)
                    used.add(j)
                    break
    return pairs


def shares_an_author(reference: Reference, work: Work) -> bool:
    """Whether one of the reference's authors is one of the record's (same family name,
    or one letter off)."""
    return bool(_match_authors(reference.authors, work.authors))


_SENTENCE_MARKS = frozenset(":;?!")
_RUN_ON_MARKS = frozenset(",:;?!")


def _looks_misread(author: Author, reference: Reference, work: Work) -> bool:
    """Whether a parsed author is more likely a parsing artefact than a person named."""
    name = _family(author)
    words = _word_tuple(name)
    if not words:
        return True
    if author.literal is None and not _RUN_ON_MARKS.isdisjoint(author.family or ""):
        return True  # "Das, Ankur Dave", "SUP:": several names, or a title, run together
    if all(len(word) == 1 for word in words):
        return True  # stray initials ("A.-M") split off a name
    if any(map(str.isdigit, name)) or len(words) > 4:
        return True
    given = author.given or ""
    given_words = given.split()
    if len(given_words) > 4 or not _SENTENCE_MARKS.isdisjoint(given):
        return True
    if any(_title_word_as_given(w, work) for w in given_words):
        return True  # "soil in": the end of a title, not a given name
    if given_words and all(_is_initial(word) for word in given_words):
        return False  # "Stern, N.": initials make a person, even one a title names
    title = _title_words(work.title or "", reference.title or "")
    # A title word taken for a name, when the parser ran the title into the authors.
    return all(word in title for word in words if word not in _PARTICLES)


def _title_word_as_given(word: str, work: Work) -> bool:
    """A lower-case word where a given name should be, which is no initial ("f." in a
    list written all in lower case), no particle and none of the record's given names
    ("bell" for bell hooks)."""
    if not word[:1].islower() or word.lower() in _PARTICLES or _is_initial(word):
        return False
    return all(word != (person.given or "").lower() for person in work.authors)


def _is_initial(word: str) -> bool:
    """ "N.", "J.-P.", "R.J." or "RJ": initials, not a word."""
    letters = word.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 3 and letters.isalpha() and (word.endswith(".") or letters.isupper())


@lru_cache(maxsize=4096)
def _title_words(record_title: str, reference_title: str) -> frozenset[str]:
    return frozenset(_word_tuple(record_title)) | frozenset(_word_tuple(reference_title))


def _swapped(claimed: Author, actual: Author) -> bool:
    """Family and given name written the other way round ("Xiaoming, W." for Wang X.)."""
    if not claimed.family or not actual.family or not actual.given:
        return False
    given_keys = _family_keys(actual.given)
    return bool(_family_keys(claimed.family) & given_keys) and (
        not claimed.given
        or bool(_family_keys(claimed.given) & _family_keys(actual.family))
        or _initials(claimed.given)[:1] == _initials(actual.family)[:1]
    )


_ET_AL = re.compile(r"\bet\.?\s*al\b|\bu\.\s*a\.")


def _et_al(reference: Reference) -> bool:
    return reference.et_al or bool(_ET_AL.search(reference.raw))


def _editor_findings(reference: Reference, work: Work) -> list[Finding] | None:
    """Editors cited as authors: the names match the record's editors, not its authors."""
    if not work.editors:
        return None
    as_editors = _match_authors(reference.authors, work.editors)
    if not as_editors or len(as_editors) <= len(_match_authors(reference.authors, work.authors)):
        return None
    marked = bool(_EDITOR_MARK.search(reference.raw))
    role = "authors" if work.authors else "no authors"
    return [
        _finding(
            "author_is_editor",
            FindingField.AUTHORS,
            Severity.INFO if marked or not work.authors else Severity.WARNING,
            f"{_some_names(reference.authors)} edited this work; the record lists them as "
            f"editors ({role} given)."
            if not work.authors
            else f"{_some_names(reference.authors)} are the editors of this work, not its "
            f"authors ({_some_names(work.authors)}).",
            claimed=_names(reference.authors),
            actual=_names(work.editors),
        )
    ]


def compare_authors(reference: Reference, work: Work) -> list[Finding]:
    """Missing, extra, misspelt, reordered and swapped authors, initials, editors, et al."""
    editors = _editor_findings(reference, work)
    if editors is not None:
        return editors
    actual = work.authors
    if not reference.authors or not actual:
        return []
    claimed = [a for a in reference.authors if not _looks_misread(a, reference, work)]
    if any(a.given for a in claimed):
        # Where the others have given names, a bare word is more likely a title word
        # run into the list than a person, unless it names one of the record's authors.
        claimed = [
            a
            for a in claimed
            if a.given or a.literal or any(_same_person(a, b) for b in work.authors)
        ]
    if not claimed:
        return []
    findings: list[Finding] = []
    pairs = _match_authors(claimed, actual)
    swapped: dict[int, int] = {}
    for i, author in enumerate(claimed):
        if i in pairs:
            continue
        for j, candidate in enumerate(actual):
            if j not in {k for k, _ in pairs.values()} | set(swapped.values()) and _swapped(
                author, candidate
            ):
                swapped[i] = j
                break
    for i, j in sorted(swapped.items()):
        findings.append(
            _finding(
                "author_name_swapped",
                FindingField.AUTHORS,
                Severity.INFO,
                f"'{_author_label(claimed[i])}' gives the names the other way round: the "
                f"record's family name is {actual[j].family}, given name {actual[j].given}.",
                claimed=_author_label(claimed[i]),
                actual=_author_label(actual[j]),
            )
        )
    matched_record = {j for j, _ in pairs.values()} | set(swapped.values())

    for i, (j, exact) in sorted(pairs.items()):
        c, a = claimed[i], actual[j]
        if not exact:
            findings.append(
                _finding(
                    "author_misspelt",
                    FindingField.AUTHORS,
                    Severity.WARNING,
                    f"Author '{_family(c)}' looks like a misspelling of '{_family(a)}'.",
                    claimed=_author_label(c),
                    actual=_author_label(a),
                )
            )
        ci, ai = _initials(c.given), _initials(a.given)
        if ci and ai and (ci[0] != ai[0] or (len(ci) > 1 and len(ai) > 1 and ci[1] != ai[1])):
            findings.append(
                _finding(
                    "author_initials",
                    FindingField.AUTHORS,
                    Severity.WARNING,
                    f"The initials of {_family(a)} differ: the reference gives '{c.given}', "
                    f"the record '{a.given}'.",
                    claimed=_author_label(c),
                    actual=_author_label(a),
                )
            )

    extra = [claimed[i] for i in range(len(claimed)) if i not in pairs and i not in swapped]
    if extra:
        findings.append(
            _finding(
                "author_not_in_record",
                FindingField.AUTHORS,
                Severity.ERROR,
                f"{_some_names(extra)} {'is' if len(extra) == 1 else 'are'} not among the "
                f"record's authors ({_some_names(actual)}).",
                claimed=_names(extra),
                actual=_names(actual),
            )
        )

    # A record author the parser did not pick out, but whose name is in the author list
    # as written, is not missing.
    missing = []
    if len(matched_record) < len(actual):
        zone = set(_author_zone(reference, work))
        zone_keys = {_name_key(word) for word in zone}
        missing = [
            (j, author)
            for j, author in enumerate(actual)
            if j not in matched_record
            and not (
                _family_keys(_family(author)) & zone_keys
                or (author.literal and set(_word_tuple(author.literal)) <= zone)
            )
        ]
    named = sorted(j for j, _ in pairs.values())
    # The reference's first name matched a later author of the record.
    first_moved = 0 in pairs and pairs[0][0] != 0
    # "et al." changes nothing when no author is missing and the first is in place, so
    # the text is searched for it only otherwise.
    et_al = bool(missing or first_moved) and _et_al(reference)
    if et_al and not named:
        missing = missing[:1] if missing and missing[0][0] == 0 else []
    elif et_al and named:
        # "et al." covers authors after the last one named, not gaps before it.
        missing = [(j, author) for j, author in missing if j < named[-1]]
        if first_moved:
            findings.append(
                _finding(
                    "author_first_et_al",
                    FindingField.AUTHORS,
                    Severity.WARNING,
                    f"The reference puts {_family(claimed[0])} first, before 'et al.', but the "
                    f"record's first author is {_family(actual[0])}.",
                    claimed=_names(claimed),
                    actual=_names(actual),
                )
            )
            missing = [(j, author) for j, author in missing if j != 0]
    if missing:
        listed = _some([f"{_family(a)} ({_ordinal(j + 1)})" for j, a in missing], ", ")
        findings.append(
            _finding(
                "author_missing",
                FindingField.AUTHORS,
                Severity.WARNING,
                f"The record has {len(actual)} author{'s' if len(actual) != 1 else ''}; "
                f"the reference leaves out {listed}.",
                claimed=_names(claimed),
                actual=_names(actual),
            )
        )

    order = [j for _, (j, _) in sorted(pairs.items())]
    if order != sorted(order):
        findings.append(
            _finding(
                "author_order",
                FindingField.AUTHORS,
                Severity.WARNING,
                "The authors are listed in a different order from the record.",
                claimed=_names(claimed),
                actual=_names(actual),
            )
        )
    return findings


# --- year ----------------------------------------------------------------------------


def is_preprint(work: Work) -> bool:
    """Whether a record is a preprint (Crossref's posted content, or linked to the
    published version it became)."""
    return work.type == "posted-content" or "is-preprint-of" in work.relations


def cites_preprint(reference: Reference) -> bool:
    """Whether a reference says it cites a preprint (its type, an arXiv id, or a
    preprint server or working-paper series named in its text)."""
    if reference.type == "preprint" or reference.arxiv:
        return True
    return bool(_PREPRINT_WORDS.search(reference.raw))


_YEAR = re.compile(r"(?<![\w./-])(1[6-9]\d\d|20\d\d)(?![\w/-])")
_LINKS = re.compile(r"(?:https?://|www\.|doi:\s*|\b10\.\d{4,9}/)\S+", re.IGNORECASE)


def _year_in_text(reference: Reference, work: Work) -> int | None:
    """The year the text gives when the parser found none: the only year outside the
    title, identifiers and links, or None when there is not exactly one."""
    text = _LINKS.sub(" ", reference.raw)
    for title in (work.full_title, work.title):
        if title:
            text = text.replace(title, " ")
    years = {int(year) for year in _YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def compare_year(reference: Reference, work: Work) -> list[Finding]:
    """The year against the print (issue), online-first and issued dates, and preprints.

    Crossref's ``issued`` is the earliest known date, often the online-first one, while
    most citation styles use the year of the issue: either is right, and the finding
    says which one the reference used. Off by one year with no date to explain it is a
    warning; further off is an error, unless a preprint explains it.
    """
    year = reference.year if reference.year is not None else _year_in_text(reference, work)
    if year is None or work.issued is None:
        return []
    issued = work.issued.year
    online = work.published_online.year if work.published_online else None
    printed = work.published_print.year if work.published_print else None
    issue_year = printed or issued
    claimed = str(year)
    if year == issue_year:
        return []
    if year in (online, issued):
        online_first = year == online
        return [
            _finding(
                "year_online_first" if online_first else "year_earliest_date",
                FindingField.YEAR,
                Severity.INFO,
                f"{year} is the online-first year; the issue is dated {issue_year}."
                if online_first
                else f"{year} is the record's earliest date; the issue is dated {issue_year}.",
                claimed=claimed,
                actual=f"{issue_year} (online {work.published_online or work.issued})",
            )
        ]
    dates = [
        (label, value)
        for label, value in (("print", printed), ("online", online), ("issued", issued))
        if value
    ]
    known = ", ".join(f"{label} {value}" for label, value in dates)
    if "has-preprint" in work.relations and year < issue_year and cites_preprint(reference):
        return [
            _finding(
                "year_preprint",
                FindingField.YEAR,
                Severity.INFO,
                f"{year} is likely the year of the preprint; this published version is dated "
                f"{issue_year}.",
                claimed=claimed,
                actual=str(issue_year),
            )
        ]
    if is_preprint(work) and "is-preprint-of" in work.relations and year > issue_year:
        published = work.relations["is-preprint-of"][0]
        return [
            _finding(
                "year_published_version",
                FindingField.YEAR,
                Severity.INFO,
                f"This DOI is a preprint posted in {issue_year}; {year} is probably the year of "
                f"its published version ({published}).",
                claimed=claimed,
                actual=str(issue_year),
            )
        ]
    off_by_one = min(abs(year - value) for _, value in dates) == 1
    return [
        _finding(
            "year_off_by_one" if off_by_one else "year_mismatch",
            FindingField.YEAR,
            Severity.WARNING if off_by_one else Severity.ERROR,
            f"Year {year} is one year off: the record is dated {known}, and no online or "
            "print date explains the difference."
            if off_by_one
            else f"Year {year} matches no date of the record ({known}).",
            claimed=claimed,
            actual=str(issue_year),
        )
    ]


# --- venue ---------------------------------------------------------------------------

_VENUE_STOPWORDS = frozenset(
    {"the", "and", "of", "for", "in", "on", "an", "de", "la", "le", "und", "fur", "des", "du"}
)


@lru_cache(maxsize=16384)
def _venue_words(text: str) -> tuple[str, ...]:
    return _venue_filter(_word_tuple(text))


def _venue_filter(words: Sequence[str]) -> tuple[str, ...]:
    kept = []
    for i, word in enumerate(words):
        if word in _VENUE_STOPWORDS:
            continue
        # "A" is an article ("A Journal of ...") unless it ends an initialism (U.S.A.).
        if word == "a" and not (i and len(words[i - 1]) == 1):
            continue
        kept.append(word)
    return tuple(kept)


def _is_subsequence(short: str, full: str) -> bool:
    letters = iter(full)
    return all(character in letters for character in short)


@lru_cache(maxsize=65536)
def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether ``short`` is ``full`` word for word, or an ISO 4 style abbreviation of it.

    Each abbreviated word keeps the full word's first letter and a subsequence of its
    letters: "Natl." for National, "Adm." for Administration, "Softw." for Software.
    """
    if not short or not full or len(short) > len(full):
        return False
    if short == full:
        return True
    # Word by word; a short word may also be an initialism of several ("USA"): a word
    # of 2 to 5 letters that spells the first letters of as many words of ``full``.
    initials = "".join(word[0] for word in full)
    reachable = {0}
    for word in short:
        following: set[int] = set()
        size = len(word)
        for j in reachable:
            if j < len(full) and _abbreviates_word(word, full[j]):
                following.add(j + 1)
            if 2 <= size <= 5 and j + size <= len(full) and initials[j : j + size] == word:
                following.add(j + size)
        if not following:
            return False
        reachable = following
    return len(full) in reachable


def _abbreviates_word(short: str, full: str) -> bool:
    return (
        short == full
        or full.startswith(short)
        or (short[0] == full[0] and _is_subsequence(short, full))
    )


def _venue_names(work: Work) -> tuple[tuple[str, ...], ...]:
    return _venue_names_of(
        work.container_title, work.short_container_title, tuple(work.container_titles)
    )


@lru_cache(maxsize=16384)
def _venue_names_of(
    container_title: str | None, short_title: str | None, titles: tuple[str, ...]
) -> tuple[tuple[str, ...], ...]:
    names = (container_title, short_title, *titles)
    return tuple(words for words in (_venue_words(n) for n in names if n) if words)


def venue_matches(claimed: str, work: Work) -> bool:
    """Whether a venue as written names the record's journal or book (full or abbreviated)."""
    return venue_words_match(_venue_words(claimed), work)


def venue_words(claimed: str) -> tuple[str, ...]:
    """The words of a venue as written that :func:`venue_words_match` compares."""
    return _venue_words(claimed)


def venue_words_match(words: tuple[str, ...], work: Work) -> bool:
    """:func:`venue_matches` for a venue already read by :func:`venue_words` (no words: True)."""
    if not words:
        return True
    for other in _venue_names(work):
        if _abbreviates(words, other) or _abbreviates(other, words):
            return True
    return False


_VENUE_QUALIFIERS = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
_FIRST_PART = re.compile(r"[,;]")
_VENUE_SUBTITLE = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)\s*")
_VENUE_FILLER = frozenset(
    {
        "online", "print", "published", "first", "early", "view", "epub", "ahead",
        "advance", "access", "available", "accepted", "forthcoming", "press", "version",
        "article", "articles", "paper", "preprint", "supplement", "suppl", "special",
        "issue", "part", "series", "edn", "edition", "vol", "volume", "january",
        "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "spring", "summer", "autumn", "fall", "winter",
    }
)  # fmt: skip


def _venue_main(claimed: str) -> str:
    """A venue as written without its bracketed qualifiers and subtitle: "Science (New
    York, N.Y.)" -> "Science", "Organization: The Critical Journal of ..." -> "Organization"."""
    plain = _VENUE_QUALIFIERS.sub(" ", claimed)
    return _VENUE_SUBTITLE.split(plain, maxsplit=1)[0].strip()


def _sibling_venue(claimed: str, work: Work) -> tuple[str, ...]:
    """The words of ``claimed`` when it is another journal built on the record's name:
    "Nature Reviews Neuroscience" or "Nature Medicine" for Nature, "Molecular Cell" for
    Cell, "BMJ Open" for BMJ. Empty when it is not: a name that only adds a trailing "of
    ..." phrase ("... Sciences of the United States of America"), or words a misread
    reference runs into the venue ("Published online", a month, "Suppl", a place after a
    comma)."""
    # A sibling's name runs on without a comma: "Proceedings of ..., PMLR" or "Proc. ICRA
    # Workshop, Kobe, Japan" only add a series or a place to the record's name.
    words = _word_tuple(_FIRST_PART.split(claimed, maxsplit=1)[0])
    names = (work.container_title, work.short_container_title, *work.container_titles)
    for name in filter(None, names):
        full = _word_tuple(name)
        start = _find(words, full)
        if start < 0 or len(full) >= len(words):
            continue
        after = words[start + len(full) :]
        if after and after[0] in _VENUE_STOPWORDS:
            continue
        extra = words[:start] + after
        if any(word.isalpha() and len(word) >= 3 and word not in _VENUE_FILLER for word in extra):
            return _word_tuple(claimed)
    return ()


_MEETING = re.compile(r"\b(?:conference|symposium|workshop|proceedings|meeting|congress)\b", re.I)
_MEETING_NOISE = re.compile(
    r"\([^()]*\)|\b\d+(?:st|nd|rd|th)?\b|\b(?:proceedings|proc|annual)\b\.?", re.I
)
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]*[A-Z])['’]?\s*(?:\d{2,4})?\)")


def _meeting_words(name: str) -> frozenset[str]:
    return frozenset(_venue_words(_MEETING_NOISE.sub(" ", name)))


def _same_meeting(claimed: str, work: Work) -> bool:
    """Whether a venue as written names the record's conference in another usual form:
    "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition" or
    "CVPR" for "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)".
    Years, edition ordinals, "Proceedings of" and bracketed acronyms aside, one name's
    words (three or more) must all be among the other's, those written maybe abbreviated
    ("Conf.")."""
    names = [n for n in (work.container_title, *work.container_titles) if n]
    if not any(_MEETING.search(name) for name in names):
        return False
    said = _meeting_words(claimed)
    bare = _venue_words(_MEETING_NOISE.sub(" ", claimed.replace("(", " ").replace(")", " ")))
    for name in names:
        if len(bare) == 1 and any(bare[0] == acronym.lower() for acronym in _ACRONYM.findall(name)):
            return True
        held = _meeting_words(name)
        if min(len(said), len(held)) >= 3 and (
            held <= said or all(any(_abbreviates_word(w, h) for h in held) for w in said)
        ):
            return True
    return False


def _venue_in_text(reference: Reference, work: Work, skip: tuple[str, ...] = ()) -> bool:
    """Whether the record's venue, full or abbreviated, stands in the text outside the title
    (and outside the run of words ``skip``, the venue the reference names). Links do
    not count: "nature.com" in a URL names no journal."""
    text = _LINKS.sub(" ", reference.raw) if "/" in reference.raw else reference.raw
    raw = _words_without_title(text, work)
    if skip:
        start = _find(raw, skip)
        if start >= 0:
            raw = raw[:start] + raw[start + len(skip) :]
    raw = _venue_filter(raw)
    for name in _venue_names(work):
        size = len(name)
        for i in range(len(raw) - size + 1):
            window = raw[i : i + size]
            if _abbreviates(window, name) and (size > 1 or window == name):
                return True
    return False


def compare_venue(reference: Reference, work: Work) -> list[Finding]:
    """The journal or book the reference names against the record's container.

    Abbreviations (ISO 4, Crossref's short title), "The", "&"/"and" are not errors. For a
    book or chapter the name may be a series, so a difference is a warning; a journal
    article in another journal is an error.
    """
    claimed = reference.container_title
    if claimed and not work.container_title and is_preprint(work):
        # Crossref's posted content usually names no container (the server is its
        # institution): a journal named for it is the published version's.
        return [] if cites_preprint(reference) else [_preprint_venue(claimed, work)]
    if not claimed or not work.container_title or venue_matches(claimed, work):
        return []
    if _LATIN.search(claimed) and not any(map(_LATIN.search, _containers(work))):
        return []  # "Zhongguo Kexue" for 中国科学: another script, nothing to compare
    main = _venue_main(claimed)
    if main != claimed and main and venue_matches(main, work):
        return []
    if _same_meeting(claimed, work):
        return []
    if _venue_in_text(reference, work, _sibling_venue(claimed, work)):
        return []
    actual = work.container_title
    if is_preprint(work):
        return [_preprint_venue(claimed, work)]
    bookish = (work.type or "") in _BOOKISH
    names = _venue_names(work)  # empty when the container's name is all stop words
    close = bool(names) and similarity(" ".join(_venue_words(claimed)), " ".join(names[0])) >= 0.9
    return [
        _finding(
            "venue_mismatch",
            FindingField.VENUE,
            Severity.WARNING if bookish or close else Severity.ERROR,
            f"The reference names '{claimed}'; {_bookish_container(work.type or '', actual)}."
            if bookish
            else f"The reference names '{claimed}'; the record was published in '{actual}'.",
            claimed=claimed,
            actual=actual,
        )
    ]


def _preprint_venue(claimed: str, work: Work) -> Finding:
    published = work.relations.get("is-preprint-of", [])
    later = f"; its published version is {published[0]}" if published else ""
    server = f" posted on {work.container_title}" if work.container_title else ""
    return _finding(
        "venue_mismatch",
        FindingField.VENUE,
        Severity.WARNING,
        f"The reference names '{claimed}', but this DOI is a preprint{server}{later}.",
        claimed=claimed,
        actual=work.container_title,
    )


def _bookish_container(kind: str, actual: str | None) -> str:
    """What a book-like record's container is, and why another name may still be right."""
    if kind.startswith("proceedings"):
        return (
            f"the record appeared in the proceedings '{actual}' (the name given may be the "
            "conference's or the series'; a journal version would have a DOI of its own)"
        )
    if kind.startswith("report") or kind == "dissertation":
        return f"the record's series is '{actual}'"
    return f"the record's book is '{actual}' (the name given may be its series)"


# --- title ---------------------------------------------------------------------------

_SUBTITLE = re.compile(r"\s*(?::|\?|!|\s[-\u2013\u2014]\s|\.\s)\s*")


def _main_title(title: str) -> str | None:
    parts = _SUBTITLE.split(strip_markup(title), maxsplit=1)
    return parts[0] if len(parts) == 2 and parts[0] else None


def title_similarity(claimed: str, work: Work) -> float:
    """How alike a title as written is to the record's title (with or without subtitle)."""
    return _title_similarity(claimed, work.title, work.full_title)


@lru_cache(maxsize=4096)
def _title_similarity(claimed: str, title: str | None, full_title: str | None) -> float:
    key = title_key(claimed)
    candidates = [title_key(t) for t in (title, full_title) if t]
    return max((similarity(key, candidate) for candidate in candidates), default=0.0)


def _title_in_text(reference: Reference, work: Work) -> bool:
    raw = title_key(reference.raw).split()
    for title in (work.full_title, work.title):
        words = title_key(title or "").split()
        if len(words) >= 2 and _contains(raw, words):
            return True
    return False


_TITLE_RUN_ON = frozenset(
    {
        "in", "ed", "eds", "edited", "editor", "editors", "by", "vol", "volume", "pp",
        "press", "university", "available", "online", "accessed", "retrieved", "doi",
        "http", "https", "www", "org", "com", "report", "thesis", "phd", "dissertation",
        "doctoral", "masters", "book", "chapter", "edition", "edn", "proceedings",
        "conference", "journal", "preprint", "arxiv", "working", "paper", "published",
        "publisher", "series", "translated", "trans", "the", "and", "for", "with", "from",
        "its", "their", "our", "into", "via", "per", "new", "all", "are", "was", "not",
        "but", "eprint", "print", "epub", "ahead", "issue", "special", "supplement",
    }
)  # fmt: skip
"""Words a reference's title may run on into, and short words, that alone do not make the
title another work's."""


_TITLE_RUN_ON_MARK = re.compile(r"[,;(\[{]")


def _record_words(work: Work) -> frozenset[str]:
    """The words of a record's fields other than its title."""
    people = [*work.authors, *work.editors]
    texts = [
        work.container_title,
        work.short_container_title,
        *work.container_titles,
        work.publisher,
        work.volume,
        work.issue,
        work.pages,
        str(work.year or ""),
        *(part for person in people for part in (person.family, person.given, person.literal)),
    ]
    return frozenset(word for text in texts if text for word in title_key(text).split())


def _added_title_words(claimed: str, work: Work) -> tuple[str, ...]:
    """The words a title as written adds to the record's whole title when it holds that
    title word for word with more words run on with no subtitle mark: "Deep learning for
    everyone" for "Deep learning". Empty when it adds nothing that makes it another title:
    a subtitle after a colon, a dash or a full stop ("Governing the commons: the
    evolution..." for a record without its subtitle), or words from the record's other
    fields and the words a misread reference runs into its title ("Deep learning Nature",
    "..., Hemisphere, Washington, DC")."""
    # Run on after a comma or a bracket, the words are a misread reference's other fields
    # ("Penn World Table version 10.0 [dataset], Groningen ..."), not a longer title.
    head = _TITLE_RUN_ON_MARK.split(claimed, maxsplit=1)[0]
    key = title_key(head).split()
    parts = {title_key(part) for part in _SUBTITLE.split(strip_markup(head)) if part}
    for title in (work.full_title, work.title):
        full = title_key(title or "").split()
        start = _find(key, full) if len(full) >= 2 else -1
        if start < 0 or len(full) == len(key) or " ".join(full) in parts:
            continue
        extra = (*key[:start], *key[start + len(full) :])
        known = _record_words(work)
        if any(
            word.isalpha() and len(word) >= 3 and word not in _TITLE_RUN_ON and word not in known
            for word in extra
        ):
            return extra
    return ()


_GENUS = re.compile(r"\b([A-Z])\.\s*([a-z]{3,})\b")


def _with_genera(claimed: str, record_title: str) -> str:
    """``claimed`` with each abbreviated genus the record spells out written in full:
    "E. coli" for the record's "Escherichia coli", as citations of biology often have it."""

    def full(match: re.Match[str]) -> str:
        initial, species = match.group(1), match.group(2)
        spelled = re.search(rf"\b({initial}[a-z]+)\s+{species}\b", record_title)
        return f"{spelled.group(1)} {species}" if spelled else match.group(0)

    return _GENUS.sub(full, claimed)


def _other_title(claimed: str, work: Work, least: float = 0.97) -> str | None:
    """The record's other title (another language's, the original's) the reference
    gives, if any."""
    for title in work.other_titles:
        if _title_similarity(claimed, title, None) >= least:
            return title
    return None


def compare_title(reference: Reference, work: Work) -> list[Finding]:
    """The title, ignoring case, punctuation, markup and British/American spelling.

    A title without its subtitle is noted (info); a different title is an error.
    """
    claimed = reference.title
    if not claimed or not work.title:
        return []
    score = title_similarity(claimed, work)
    if score >= 0.97:
        return []
    # What is compared; findings report the title as the reference gives it.
    compared = claimed
    if _GENUS.search(claimed):
        compared = _with_genera(claimed, strip_markup(work.full_title or work.title))
        score = title_similarity(compared, work)
        if score >= 0.97:
            return []
    other = _other_title(compared, work)
    if other is not None:
        return [
            _finding(
                "title_other_language",
                FindingField.TITLE,
                Severity.INFO,
                f"The reference gives the record's other title '{other}'; its main title is "
                f"'{work.full_title}'.",
                claimed=claimed,
                actual=work.full_title,
            )
        ]
    added = _added_title_words(compared, work)
    if added:
        # "Deep learning for everyone" for the record's "Deep learning": another work
        # (a DOI pasted onto a made-up title) or a misremembered one; at least a warning.
        return [
            _finding(
                "title_mismatch" if score < 0.6 else "title_differs",
                FindingField.TITLE,
                Severity.ERROR if score < 0.6 else Severity.WARNING,
                f"The title adds '{' '.join(added)}' to the record's title, which is "
                f"'{work.full_title}'.",
                claimed=claimed,
                actual=work.full_title,
            )
        ]
    if _title_in_text(reference, work):
        return []
    key = title_key(compared).split()
    for title in (work.title, work.full_title):
        full = title_key(title or "").split()
        if len(full) >= 2 and (_contains(key, full)):
            return []  # the parser ran more text into the title
    main = _main_title(work.full_title or work.title)
    if main and similarity(title_key(compared), title_key(main)) >= 0.95:
        return [
            _finding(
                "title_subtitle_omitted",
                FindingField.TITLE,
                Severity.INFO,
                f"The reference leaves out the subtitle; the full title is '{work.full_title}'.",
                claimed=claimed,
                actual=work.full_title,
            )
        ]
    severity = (
        Severity.INFO if score >= 0.9 else Severity.WARNING if score >= 0.6 else Severity.ERROR
    )
    return [
        _finding(
            "title_mismatch" if severity is Severity.ERROR else "title_differs",
            FindingField.TITLE,
            severity,
            "The title differs slightly from the record's."
            if severity is Severity.INFO
            else f"The title differs from the record's: '{work.full_title}'."
            if severity is Severity.WARNING
            else f"The title is not the record's title, which is '{work.full_title}'.",
            claimed=claimed,
            actual=work.full_title,
        )
    ]


# --- volume, issue, pages ------------------------------------------------------------

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_LOCATOR_LABEL = re.compile(
    r"^\s*(?:vols?|volume|nos?|numbers?|issues?|iss|pp|pages?|p|hefts?|bd|tome?)\b\.?\s*",
    re.IGNORECASE,
)
_SUPPLEMENT = re.compile(r"\b(?:suppl(?:ement)?|supp|sup)\b\.?\s*", re.IGNORECASE)


def _roman_value(text: str) -> int | None:
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for current, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN[current]
        total += -value if following and _ROMAN[following] > value else value
    return total


@lru_cache(maxsize=65536)
def _number_key(value: str) -> str:
    """A volume, issue or page for comparison: no label, case, leading zeros; roman = arabic."""
    if value.isascii() and value.isdigit():
        return value.lstrip("0") or "0"  # what the steps below make of plain digits
    text = fold(_LOCATOR_LABEL.sub("", strip_markup(value))).strip(" .,;:()")
    text = _SUPPLEMENT.sub("s", text)
    text = _SPACES.sub("", text)
    roman = _roman_value(text)
    if roman is not None and text not in {"c", "d", "m", "l"}:
        return str(roman)
    return text.lstrip("0") or "0"


@lru_cache(maxsize=16384)
def _issue_keys(value: str) -> frozenset[str]:
    """An issue and its parts: "3-4", "3/4" and "Suppl 2" each match their pieces."""
    key = _number_key(value)
    parts = [p for p in _ISSUE_PARTS.split(key) if p]
    keys = {key, *(_number_key(p) for p in parts)}
    keys.update(k[1:] for k in list(keys) if k.startswith("s") and k[1:].isdigit())
    return frozenset(keys)


_VOLUME_PAGES = re.compile(
    r"(?<![\w.-])(\d{1,4})\s*(?:\(\s*[\w/-]{1,10}\s*\))?\s*[,:]\s*(?:pp?\.\s*)?"
    r"[A-Za-z]?\d{1,6}\s*[-\u2010-\u2015]\s*[A-Za-z]?\d{1,6}(?![\w-])"
)


def _volume_in_text(reference: Reference) -> str | None:
    """The volume in a "58, 1196-1218" run when the parser found neither volume nor pages."""
    if reference.pages:
        return None
    matches = _VOLUME_PAGES.findall(_LINKS.sub(" ", reference.raw))
    return matches[0] if len(matches) == 1 else None


def compare_volume_issue(reference: Reference, work: Work) -> list[Finding]:
    """Volume and issue numbers (labels, leading zeros, roman numerals and supplements aside)."""
    findings = []
    volume = reference.volume or _volume_in_text(reference)
    if volume and work.volume and _number_key(volume) != _number_key(work.volume):
        findings.append(
            _finding(
                "volume_mismatch",
                FindingField.VOLUME,
                Severity.ERROR,
                f"The reference gives volume {volume}; the record has volume {work.volume}.",
                claimed=volume,
                actual=work.volume,
            )
        )
    if (
        reference.issue
        and work.issue
        and not (_issue_keys(reference.issue) & _issue_keys(work.issue))
    ):
        findings.append(
            _finding(
                "issue_mismatch",
                FindingField.ISSUE,
                Severity.WARNING,
                f"The reference gives issue {reference.issue}; the record has issue {work.issue}.",
                claimed=reference.issue,
                actual=work.issue,
            )
        )
    return findings


@lru_cache(maxsize=65536)
def _pages(value: str) -> tuple[str, str | None]:
    """First and last page keys: "pp. 159-76" -> ("159", "176"), "S101-9" -> ("s101", "s109")."""
    first, last = page_range(_LOCATOR_LABEL.sub("", strip_markup(value)))
    first_key = _number_key(first)
    if last is None:
        return first_key, None
    last_key = _number_key(last)
    prefix = _LETTERS.match(first_key)
    if prefix and last_key.isdigit():
        last_key = prefix.group(0) + last_key
    head, tail = _PAGE_PARTS.match(first_key), _PAGE_PARTS.match(last_key)
    if head and tail and head.group(1) == tail.group(1) and head.group(2) and tail.group(2):
        digits_first, digits_last = head.group(2), tail.group(2)
        if len(digits_last) < len(digits_first):  # 1021-5 -> 1021-1025
            digits_last = digits_first[: len(digits_first) - len(digits_last)] + digits_last
        if int(digits_last) <= int(digits_first):
            return first_key, None  # a garbled end page; the first page still counts
        last_key = head.group(1) + digits_last
    return first_key, last_key


def compare_pages(reference: Reference, work: Work) -> list[Finding]:
    """Page ranges in any dash or abbreviated form (159-76 = 159-176), article numbers,
    supplements (S1-S10), roman numerals and a "pp." label."""
    claimed = reference.pages
    actual = work.pages or work.article_number
    if not claimed or not actual:
        return []
    c_first, c_last = _pages(claimed)
    a_first, a_last = _pages(actual)
    if work.article_number and c_first == _number_key(work.article_number):
        return []
    if c_first == a_first and (c_last is None or a_last is None or c_last == a_last):
        return []
    first_differs = c_first != a_first
    return [
        _finding(
            "pages_mismatch",
            FindingField.PAGES,
            Severity.ERROR if first_differs else Severity.WARNING,
            f"The reference gives pages {claimed}; the record has {actual}."
            if first_differs
            else f"The last page differs: the reference gives {claimed}, the record {actual}.",
            claimed=claimed,
            actual=actual,
        )
    ]


# --- DOI -------------------------------------------------------------------------------

_DOI_LIKE = re.compile(
    r"(?:\bdoi\s*[:=]?\s*|doi\.org/\s*)(\S{3,})|\b(10\s*\.\s*\d{3,9}\s*/\s*\S+)",
    re.IGNORECASE,
)
# Where a _DOI_LIKE match can begin: "doi" in any case (the pattern ignores case: an i
# is also matched by "İ" and "ı") or "10". A class first lets the regex engine skip
# other characters in C, where _DOI_LIKE, whose branches open with \b, is tried whole
# at every position.
_DOI_START = re.compile(r"[dD1](?:(?<=1)0|(?<=[dD])[oO][iI\u0130\u0131])")


def _doi_like(text: str) -> Iterator[re.Match[str]]:
    """``_DOI_LIKE.finditer(text)``, with the pattern tried only where a match can
    begin: the same matches (\\b looks at the character before a match's start, as
    it does in a scan from the text's start)."""
    start = _DOI_START.search(text)
    while start is not None:
        at = start.start()
        match = _DOI_LIKE.match(text, at)
        if match is not None:
            yield match
            start = _DOI_START.search(text, match.end())
        else:
            start = _DOI_START.search(text, at + 1)


@lru_cache(maxsize=4096)
def _dois_in(text: str) -> frozenset[str]:
    return frozenset(find_dois(text))


def compare_doi(reference: Reference, work: Work) -> list[Finding]:
    """A DOI in the text that is malformed (spaces, a missing prefix, stray characters)."""
    parsed = reference.doi.lower() if reference.doi and is_doi(reference.doi) else ""
    for match in _doi_like(reference.raw):
        text = (match.group(1) or match.group(2) or "").rstrip(".,;)]")
        # The reference's own DOI, when valid, need not be looked for again.
        if not text or text.lower() == parsed or find_dois(text):
            continue
        valid = _dois_in(reference.raw)
        if any(doi in text.lower() for doi in valid):
            continue
        if not (match.group(2) or _DIGIT.search(text)):
            continue  # "doi" as an ordinary word
        if match.group(1) and not text.startswith("10") and valid:
            continue
        return [
            _finding(
                "doi_malformed",
                FindingField.DOI,
                Severity.WARNING,
                f"The text '{text}' looks like a DOI but is not a valid one"
                + (f"; the record's DOI is {work.doi}." if work.doi else "."),
                claimed=text,
                actual=work.doi,
            )
        ]
    return []


# --- what the record adds ---------------------------------------------------------------


def _joins(character: str, joiners: str) -> bool:
    return character.isalnum() or character == "_" or character in joiners


def _stands_alone(needle: str, text: str) -> bool:
    """Whether ``needle`` occurs in ``text`` other than inside a longer word or number, a
    DOI or a URL: what ``(?<![\\w/.])needle(?![\\w/])`` finds, without compiling a pattern
    for every value (each record brings new ones)."""
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if not (start and _joins(text[start - 1], "/.")) and not (
            end < len(text) and _joins(text[end], "/")
        ):
            return True
        start = text.find(needle, start + 1)
    return False


def compare_enrichment(reference: Reference, work: Work) -> list[Finding]:
    """Fields the record supplies that the reference lacks (DOI, volume, issue, pages): info."""
    raw = fold(reference.raw)
    findings = []
    for field, have, value in (
        (FindingField.DOI, reference.doi, work.doi),
        (FindingField.VOLUME, reference.volume, work.volume),
        (FindingField.ISSUE, reference.issue, work.issue),
        (FindingField.PAGES, reference.pages, work.pages or work.article_number),
    ):
        if have or not value:
            continue
        if field is FindingField.DOI and value.lower() in raw:
            continue
        if field is not FindingField.DOI and _stands_alone(fold(value), raw):
            continue  # in the text already; the parser did not pick it out
        label = {FindingField.DOI: "DOI"}.get(field, field.value)
        findings.append(
            _finding(
                f"{field.value}_added",
                field,
                Severity.INFO,
                f"The record adds the {label} the reference lacks: {value}.",
                actual=value,
            )
        )
    return findings


# --- the work's standing --------------------------------------------------------------

_RETRACTION = ("retract", "withdraw", "removal", "removed")


def _kind(update: WorkUpdate) -> str:
    return update.type.lower().replace("-", "_").replace(" ", "_")


def compare_status(reference: Reference, work: Work) -> list[Finding]:
    """Retractions, corrections and expressions of concern recorded against the work,
    including Retraction Watch's; and a DOI that is itself such a notice."""
    findings = []
    seen: set[tuple[str, str | None]] = set()
    for update in work.updated_by:
        kind = _kind(update)
        if (kind, update.doi) in seen:
            continue  # the publisher and Retraction Watch often report the same notice
        seen.add((kind, update.doi))
        when = f" on {update.date}" if update.date else ""
        notice = f" (notice {update.doi})" if update.doi else ""
        via = " according to Retraction Watch" if update.source == "retraction-watch" else ""
        if "reinstat" in kind:
            severity, code, what = Severity.INFO, "work_updated", "was reinstated"
        elif any(word in kind for word in _RETRACTION):
            severity, code, what = Severity.ERROR, "work_retracted", "was retracted"
        elif "concern" in kind:
            severity, code, what = (
                Severity.WARNING,
                "work_expression_of_concern",
                "has an expression of concern",
            )
        else:
            label = (update.label or kind.replace("_", " ")).lower()
            severity, code, what = Severity.INFO, "work_updated", f"has a {label} notice"
        findings.append(
            _finding(
                code,
                FindingField.DOI,
                severity,
                f"This work {what}{when}{notice}{via}.",
                claimed=work.doi,
                actual=update.doi,
            )
        )
    cites_notice = bool(reference.title and _NOTICE_TITLE.match(reference.title))
    for update in work.updates:
        kind = _kind(update)
        retraction = any(word in kind for word in _RETRACTION)
        label = (update.label or kind.replace("_", " ")).lower()
        target = update.doi or "another work"
        findings.append(
            _finding(
                "doi_is_update_notice",
                FindingField.DOI,
                Severity.INFO
                if cites_notice
                else Severity.ERROR
                if retraction
                else Severity.WARNING,
                f"DOI {work.doi} is the {label} notice for {target}"
                + (", which was retracted." if retraction else ", not the work itself."),
                claimed=work.doi,
                actual=update.doi,
            )
        )
    return findings


def compare_preprint(reference: Reference, work: Work) -> list[Finding]:
    """A preprint that has a published version: say which DOI."""
    published = work.relations.get("is-preprint-of", [])
    if not published or not is_preprint(work):
        return []
    return [
        _finding(
            "preprint_has_published_version",
            FindingField.DOI,
            Severity.INFO,
            f"DOI {work.doi} is a preprint; its published version is {published[0]}.",
            claimed=work.doi,
            actual=published[0],
        )
    ]


DEFAULT_RULES: list[Rule] = [
    compare_authors,
    compare_year,
    compare_title,
    compare_venue,
    compare_volume_issue,
    compare_pages,
    compare_doi,
    compare_status,
    compare_preprint,
    compare_enrichment,
]


# --- what the record is ----------------------------------------------------------------


def review_findings(reference: Reference, work: Work) -> list[Finding] | None:
    """Findings for a work cited through a review of it, or None when it is not.

    The reference names the venues where the review appeared; the DOI's record settles
    which venue is right.
    """
    mentions = [
        m for m in reference.reviewed_in if m.doi and work.doi and m.doi.lower() == work.doi
    ]
    if not mentions:
        return None
    venue = work.container_title or "an unnamed venue"
    findings = [
        _finding(
            "doi_is_review",
            FindingField.DOI,
            Severity.INFO,
            f"DOI {work.doi} identifies a review of this work in {venue}, not the work itself.",
            claimed=work.doi,
            actual=describe_work(work),
        )
    ]
    for mention in mentions:
        if mention.venue and work.container_title and not venue_matches(mention.venue, work):
            findings.append(
                _finding(
                    "review_venue_mismatch",
                    FindingField.VENUE,
                    Severity.ERROR,
                    f"The review with DOI {work.doi} appeared in {work.container_title}, "
                    f"not in {mention.venue}.",
                    claimed=mention.venue,
                    actual=work.container_title,
                )
            )
    if reference.title and work.title and title_similarity(reference.title, work) < 0.6:
        findings.append(
            _finding(
                "review_title_mismatch",
                FindingField.TITLE,
                Severity.WARNING,
                "The review's title does not name the cited work.",
                claimed=reference.title,
                actual=work.full_title,
            )
        )
    return findings


WHOLE_BOOK_TYPES = frozenset({"book", "monograph", "edited-book", "reference-book"})
"""Crossref types of a whole book (not a part of one)."""
_BOOK_PARTS = frozenset({"book-chapter", "book-section", "book-part", "reference-entry"})


def part_findings(reference: Reference, work: Work) -> list[Finding] | None:
    """Findings for a chapter cited with its book's record, or a book with the record of
    one of its chapters; None when the record is not the whole or a part of the work cited.

    Without this, the chapter passes (the book's title is in the reference) and the book
    gets a bare "not the record's title".
    """
    kind = work.type or ""
    if not reference.title or not work.title or kind not in WHOLE_BOOK_TYPES | _BOOK_PARTS:
        return None
    if title_similarity(reference.title, work) >= 0.6:
        return None
    given = f"DOI {work.doi}" if reference.doi else "The record found"
    if kind in WHOLE_BOOK_TYPES:
        book = reference.container_title
        if not book or title_similarity(book, work) < 0.9:
            return None
        message = (
            f"{given} identifies the book '{work.full_title}', not the chapter "
            f"'{reference.title}' cited in it; the chapter may have a DOI of its own."
        )
        return [
            _part_finding("doi_is_book", message, reference, work),
            *compare_year(reference, work),
            *compare_status(reference, work),
        ]
    if reference.container_title or not work.container_title:
        return None
    titles = (reference.title, _main_title(reference.title))  # the record may lack a subtitle
    if max(_title_similarity(t, work.container_title, None) for t in titles if t) < 0.9:
        return None
    pages = f" (pp. {work.pages})" if work.pages else ""
    message = (
        f"{given} identifies the chapter '{work.full_title}'{pages} of the cited book "
        f"'{work.container_title}', not the book itself."
    )
    return [
        _part_finding("doi_is_chapter", message, reference, work),
        *compare_status(reference, work),
    ]


def _part_finding(code: str, message: str, reference: Reference, work: Work) -> Finding:
    return _finding(
        code,
        FindingField.DOI,
        Severity.WARNING,
        message,
        claimed=reference.title,
        actual=describe_work(work),
    )


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_LOCATORS = (FindingField.YEAR, FindingField.VOLUME, FindingField.ISSUE, FindingField.PAGES)


def _containers(work: Work) -> list[str]:
    return [name for name in (work.container_title, *work.container_titles) if name]


def _script_apart(reference: Reference, work: Work) -> bool:
    """Whether the record's title is in a script the reference's is not (a Chinese or
    Russian record cited in transliteration and translation): titles and names cannot
    be compared then."""
    return bool(
        reference.title
        and work.title
        and _LATIN.search(reference.title)
        and not any(_LATIN.search(title) for title in (work.title, *work.other_titles))
    )


def other_script_findings(reference: Reference, work: Work, rules: Sequence[Rule]) -> list[Finding]:
    """The findings of the rules that can compare across scripts (year, volume, pages,
    status, ...) and one saying what could not be compared; a warning unless the year
    and a volume or pages were there to agree."""
    names_apart = not any(_LATIN.search(_author_label(a)) for a in work.authors)
    skipped: set[Rule] = {compare_title}
    if names_apart:
        skipped.add(compare_authors)
    findings = [f for rule in rules if rule not in skipped for f in rule(reference, work)]
    disagree = any(f.field in _LOCATORS and f.severity is not Severity.INFO for f in findings)
    located = bool(reference.year and work.year) and any(
        getattr(reference, name) and getattr(work, name) for name in ("volume", "pages")
    )
    what = "title and authors are" if names_apart else "title is"
    settled = located and not disagree
    note = (
        "; the year and the volume or pages agree"
        if settled
        else "; check by hand that the DOI is the work cited"
    )
    return [
        _finding(
            "record_other_script",
            FindingField.TITLE,
            Severity.INFO if settled else Severity.WARNING,
            f"The record's {what} in another script ({describe_work(work)}), so they could "
            f"not be compared with the reference{note}.",
            claimed=reference.title,
            actual=work.full_title,
        ),
        *findings,
    ]


def _points_elsewhere(reference: Reference, work: Work) -> bool:
    if not reference.title or not work.title or not reference.authors or not work.authors:
        return False
    # The cheaper test first (both are pure).
    if title_similarity(reference.title, work) >= 0.5 or _title_in_text(reference, work):
        return False
    if _other_title(reference.title, work, least=0.5) is not None:
        return False
    if _match_authors(reference.authors, work.authors):
        return False
    zone = {_name_key(word) for word in _author_zone(reference, work)}
    return not any(_family_keys(_family(author)) & zone for author in work.authors)


def compare(
    reference: Reference, work: Work, rules: Sequence[Rule] = DEFAULT_RULES
) -> list[Finding]:
    """Everything worth saying about ``reference`` given its record ``work``."""
    reviewed = review_findings(reference, work)
    if reviewed is not None:
        return reviewed + compare_status(reference, work)
    part = part_findings(reference, work)
    if part is not None:
        return part
    if _script_apart(reference, work):
        return other_script_findings(reference, work, rules)
    if _points_elsewhere(reference, work):
        return [
            _finding(
                "doi_other_work",
                FindingField.DOI,
                Severity.ERROR,
                f"DOI {work.doi} belongs to a different work: {describe_work(work)}.",
                claimed=reference.doi,
                actual=describe_work(work),
            )
        ]
    return [finding for rule in rules for finding in rule(reference, work)]
