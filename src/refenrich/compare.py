"""Comparing a reference as written with the record it resolved to.

Each rule is a pure function ``(Reference, Work) -> list[Finding]``. :data:`DEFAULT_RULES`
is an ordinary list: pass your own to :func:`compare` to add a rule or switch one off.

Before the field rules run, :func:`compare` settles what the record *is* relative to the
reference: a review of the cited book (the reference says "Reviewed in ...: DOI"), a
different work altogether (the DOI points elsewhere), or the cited work. Comparing the
fields of a book with those of its review would only produce noise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from refenrich.models import Author, Finding, FindingField, Reference, Severity, Work
from refenrich.text.normalize import (
    fold,
    name_keys,
    page_range,
    similarity,
    title_key,
    venue_key,
)

__all__ = [
    "DEFAULT_RULES",
    "Rule",
    "compare",
    "compare_authors",
    "compare_pages",
    "compare_status",
    "compare_title",
    "compare_venue",
    "compare_volume_issue",
    "compare_year",
    "describe_work",
    "review_findings",
]

Rule = Callable[[Reference, Work], list[Finding]]

_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


def _ordinal(position: int) -> str:
    return _ORDINALS.get(position, f"{position}th")


def _names(authors: Sequence[Author]) -> str:
    return "; ".join(_author_label(author) for author in authors)


def _author_label(author: Author) -> str:
    if author.literal:
        return author.literal
    return ", ".join(part for part in (author.family, author.given) if part)


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


# --- authors -----------------------------------------------------------------------


def _family(author: Author) -> str:
    return author.family or author.literal or ""


def _initial(given: str | None) -> str | None:
    if not given:
        return None
    letters = [c for c in fold(given) if c.isalpha()]
    return letters[0] if letters else None


def _same_person(claimed: Author, actual: Author) -> bool:
    return bool(name_keys(_family(claimed)) & name_keys(_family(actual)))


def _close_spelling(claimed: Author, actual: Author) -> bool:
    left, right = fold(_family(claimed)), fold(_family(actual))
    # One wrong letter in a four-letter name ("Deen" for "Dean") scores 0.75.
    return min(len(left), len(right)) >= 4 and similarity(left, right) >= 0.75


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


def compare_authors(reference: Reference, work: Work) -> list[Finding]:
    """Missing, extra, misspelt and reordered authors, and disagreeing initials."""
    claimed, actual = reference.authors, work.authors
    if not claimed or not actual:
        return []
    findings: list[Finding] = []
    pairs = _match_authors(claimed, actual)
    matched_record = {j for j, _ in pairs.values()}

    for i, (j, exact) in sorted(pairs.items()):
        c, a = claimed[i], actual[j]
        if not exact:
            findings.append(
                Finding(
                    code="author_misspelt",
                    field=FindingField.AUTHORS,
                    severity=Severity.WARNING,
                    claimed=_author_label(c),
                    actual=_author_label(a),
                    message=f"Author '{_family(c)}' looks like a misspelling of '{_family(a)}'.",
                )
            )
        ci, ai = _initial(c.given), _initial(a.given)
        if ci and ai and ci != ai:
            findings.append(
                Finding(
                    code="author_initials",
                    field=FindingField.AUTHORS,
                    severity=Severity.WARNING,
                    claimed=_author_label(c),
                    actual=_author_label(a),
                    message=f"The initials of {_family(a)} differ: the record gives '{a.given}'.",
                )
            )

    extra = [claimed[i] for i in range(len(claimed)) if i not in pairs]
    if extra:
        findings.append(
            Finding(
                code="author_not_in_record",
                field=FindingField.AUTHORS,
                severity=Severity.ERROR,
                claimed=_names(extra),
                actual=_names(actual),
                message=(
                    f"{_names(extra)} {'is' if len(extra) == 1 else 'are'} not among the record's "
                    f"authors ({_names(actual)})."
                ),
            )
        )

    missing = [(j, actual[j]) for j in range(len(actual)) if j not in matched_record]
    if reference.et_al and pairs:
        # "et al." covers authors after the last one named, not gaps before it.
        last_named = max(j for j, _ in pairs.values())
        missing = [(j, author) for j, author in missing if j < last_named]
    if missing:
        listed = ", ".join(f"{_family(a)} ({_ordinal(j + 1)})" for j, a in missing)
        findings.append(
            Finding(
                code="author_missing",
                field=FindingField.AUTHORS,
                severity=Severity.WARNING,
                claimed=_names(claimed),
                actual=_names(actual),
                message=f"The record has {len(actual)} authors; the reference leaves out {listed}.",
            )
        )

    order = [j for _, (j, _) in sorted(pairs.items())]
    if order != sorted(order):
        findings.append(
            Finding(
                code="author_order",
                field=FindingField.AUTHORS,
                severity=Severity.WARNING,
                claimed=_names(claimed),
                actual=_names(actual),
                message="The authors are listed in a different order from the record.",
            )
        )
    return findings


# --- year ----------------------------------------------------------------------------


def compare_year(reference: Reference, work: Work) -> list[Finding]:
    """The year against the print (issue), online-first and issued dates.

    Crossref's ``issued`` is the earliest known date, often the online-first one, while
    most citation styles use the year of the issue: either is right, and the finding
    says which one the reference used.
    """
    year = reference.year
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
            Finding(
                code="year_online_first" if online_first else "year_earliest_date",
                field=FindingField.YEAR,
                severity=Severity.INFO,
                claimed=claimed,
                actual=f"{issue_year} (online {work.published_online or work.issued})",
                message=(
                    f"{year} is the online-first year; the issue is dated {issue_year}."
                    if online_first
                    else f"{year} is the record's earliest date; the issue is dated {issue_year}."
                ),
            )
        ]
    dates = [
        (label, value)
        for label, value in (("print", printed), ("online", online), ("issued", issued))
        if value
    ]
    known = ", ".join(f"{label} {value}" for label, value in dates)
    off_by_one = min(abs(year - value) for _, value in dates) == 1
    return [
        Finding(
            code="year_off_by_one" if off_by_one else "year_mismatch",
            field=FindingField.YEAR,
            severity=Severity.WARNING if off_by_one else Severity.ERROR,
            claimed=claimed,
            actual=str(issue_year),
            message=(
                f"The reference gives {year}; the record is dated {known}, and no online or "
                "print date explains the difference."
                if off_by_one
                else f"The reference gives {year}, but no date of the record matches ({known})."
            ),
        )
    ]


# --- venue ---------------------------------------------------------------------------


def _is_abbreviation(short: str, full: str) -> bool:
    short_words, full_words = short.split(), full.split()
    if not short_words or len(short_words) != len(full_words):
        return False
    return all(f.startswith(s) for s, f in zip(short_words, full_words, strict=True))


def venue_matches(claimed: str, work: Work) -> bool:
    """Whether a venue as written names the record's journal or book (full or abbreviated)."""
    key = venue_key(claimed)
    if not key:
        return True
    for candidate in (work.container_title, work.short_container_title):
        if not candidate:
            continue
        other = venue_key(candidate)
        if key == other or _is_abbreviation(key, other) or _is_abbreviation(other, key):
            return True
    return False


def compare_venue(reference: Reference, work: Work) -> list[Finding]:
    """The journal or book the reference names against the record's container."""
    claimed = reference.container_title
    if not claimed or not work.container_title or venue_matches(claimed, work):
        return []
    return [
        Finding(
            code="venue_mismatch",
            field=FindingField.VENUE,
            severity=Severity.ERROR,
            claimed=claimed,
            actual=work.container_title,
            message=f"The reference names '{claimed}'; the record was published in "
            f"'{work.container_title}'.",
        )
    ]


# --- title ---------------------------------------------------------------------------


def title_similarity(claimed: str, work: Work) -> float:
    """How alike a title as written is to the record's title (with or without subtitle)."""
    key = title_key(claimed)
    candidates = [title_key(t) for t in (work.title, work.full_title) if t]
    return max((similarity(key, candidate) for candidate in candidates), default=0.0)


def compare_title(reference: Reference, work: Work) -> list[Finding]:
    """The title, ignoring case, punctuation, markup and British/American spelling."""
    claimed = reference.title
    if not claimed or not work.title:
        return []
    score = title_similarity(claimed, work)
    if score >= 0.97:
        return []
    severity = (
        Severity.INFO if score >= 0.9 else Severity.WARNING if score >= 0.6 else Severity.ERROR
    )
    return [
        Finding(
            code="title_mismatch" if severity is Severity.ERROR else "title_differs",
            field=FindingField.TITLE,
            severity=severity,
            claimed=claimed,
            actual=work.full_title,
            message=(
                "The title differs slightly from the record's."
                if severity is Severity.INFO
                else "The title differs from the record's."
                if severity is Severity.WARNING
                else "The title is not the record's title."
            ),
        )
    ]


# --- volume, issue, pages ------------------------------------------------------------


def _bare(value: str) -> str:
    return fold(value).strip().lstrip("0") or "0"


def compare_volume_issue(reference: Reference, work: Work) -> list[Finding]:
    """Volume and issue numbers."""
    findings = []
    for field, claimed, actual, severity in (
        (FindingField.VOLUME, reference.volume, work.volume, Severity.ERROR),
        (FindingField.ISSUE, reference.issue, work.issue, Severity.WARNING),
    ):
        if claimed and actual and _bare(claimed) != _bare(actual):
            findings.append(
                Finding(
                    code=f"{field.value}_mismatch",
                    field=field,
                    severity=severity,
                    claimed=claimed,
                    actual=actual,
                    message=f"The reference gives {field.value} {claimed}; the record has {actual}.",
                )
            )
    return findings


def compare_pages(reference: Reference, work: Work) -> list[Finding]:
    """Page ranges in any dash or abbreviated form (159-76 = 159-176), article numbers."""
    claimed = reference.pages
    actual = work.pages or work.article_number
    if not claimed or not actual:
        return []
    c_first, c_last = page_range(claimed)
    a_first, a_last = page_range(actual)
    if work.article_number and _bare(c_first) == _bare(work.article_number):
        return []
    if _bare(c_first) == _bare(a_first) and (
        c_last is None or a_last is None or _bare(c_last) == _bare(a_last)
    ):
        return []
    severity = Severity.ERROR if _bare(c_first) != _bare(a_first) else Severity.WARNING
    return [
        Finding(
            code="pages_mismatch",
            field=FindingField.PAGES,
            severity=severity,
            claimed=claimed,
            actual=actual,
            message=f"The reference gives pages {claimed}; the record has {actual}.",
        )
    ]


# --- the work's standing --------------------------------------------------------------


def compare_status(reference: Reference, work: Work) -> list[Finding]:
    """Retractions, corrections and expressions of concern recorded against the work."""
    findings = []
    for update in work.updated_by:
        kind = update.type.lower().replace("-", "_")
        when = f" on {update.date}" if update.date else ""
        notice = f" (notice {update.doi})" if update.doi else ""
        if "retract" in kind or "withdraw" in kind or "removal" in kind:
            severity, code, what = Severity.ERROR, "work_retracted", "was retracted"
        elif "concern" in kind:
            severity, code, what = (
                Severity.WARNING,
                "work_expression_of_concern",
                "has an expression of concern",
            )
        else:
            severity, code, what = (
                Severity.INFO,
                "work_updated",
                f"has a {update.label or kind} notice",
            )
        findings.append(
            Finding(
                code=code,
                field=FindingField.DOI,
                severity=severity,
                claimed=work.doi,
                actual=update.doi,
                message=f"This work {what}{when}{notice}.",
            )
        )
    return findings


DEFAULT_RULES: list[Rule] = [
    compare_authors,
    compare_year,
    compare_title,
    compare_venue,
    compare_volume_issue,
    compare_pages,
    compare_status,
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
        Finding(
            code="doi_is_review",
            field=FindingField.DOI,
            severity=Severity.INFO,
            claimed=work.doi,
            actual=describe_work(work),
            message=f"DOI {work.doi} identifies a review of this work in {venue}, not the work "
            "itself.",
        )
    ]
    for mention in mentions:
        if mention.venue and work.container_title and not venue_matches(mention.venue, work):
            findings.append(
                Finding(
                    code="review_venue_mismatch",
                    field=FindingField.VENUE,
                    severity=Severity.ERROR,
                    claimed=mention.venue,
                    actual=work.container_title,
                    message=f"The review with DOI {work.doi} appeared in {work.container_title}, "
                    f"not in {mention.venue}.",
                )
            )
    if reference.title and work.title and title_similarity(reference.title, work) < 0.6:
        findings.append(
            Finding(
                code="review_title_mismatch",
                field=FindingField.TITLE,
                severity=Severity.WARNING,
                claimed=reference.title,
                actual=work.full_title,
                message="The review's title does not name the cited work.",
            )
        )
    return findings


def _points_elsewhere(reference: Reference, work: Work) -> bool:
    if not reference.title or not work.title or not reference.authors or not work.authors:
        return False
    return title_similarity(reference.title, work) < 0.5 and not _match_authors(
        reference.authors, work.authors
    )


def compare(
    reference: Reference, work: Work, rules: Sequence[Rule] = DEFAULT_RULES
) -> list[Finding]:
    """Everything worth saying about ``reference`` given its record ``work``."""
    reviewed = review_findings(reference, work)
    if reviewed is not None:
        return reviewed + compare_status(reference, work)
    if _points_elsewhere(reference, work):
        return [
            Finding(
                code="doi_other_work",
                field=FindingField.DOI,
                severity=Severity.ERROR,
                claimed=reference.doi,
                actual=describe_work(work),
                message=f"DOI {work.doi} belongs to a different work: {describe_work(work)}.",
            )
        ]
    return [finding for rule in rules for finding in rule(reference, work)]
