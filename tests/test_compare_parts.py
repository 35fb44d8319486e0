"""A chapter cited with its book's DOI, and a book cited with one of its chapters' DOI.

Written from public bibliographic facts: Durose and Richardson (eds), "Designing Public
Policy for Co-production: Theory, Practice and Change", Policy Press, 2016, whose first
chapter is their "Introduction". The DOIs are made up (10.5555 is a test prefix).
"""

from __future__ import annotations

from refenrich.compare import compare
from refenrich.models import Author, PartialDate, Severity, Work
from refenrich.text.parse import parse_reference

BOOK = Work(
    doi="10.5555/book.1",
    type="edited-book",
    title="Designing Public Policy for Co-production",
    subtitle="Theory, Practice and Change",
    editors=[Author(family="Durose", given="Catherine"), Author(family="Richardson", given="Liz")],
    publisher="Policy Press",
    issued=PartialDate(year=2016),
)

CHAPTER = Work(
    doi="10.5555/book.1.ch1",
    type="book-chapter",
    title="Introduction",
    authors=[Author(family="Durose", given="Catherine"), Author(family="Richardson", given="Liz")],
    container_title="Designing Public Policy for Co-production",
    pages="1-12",
    publisher="Policy Press",
    issued=PartialDate(year=2016),
)

CHAPTER_TEXT = (
    "Durose, C. and Richardson, L. (2016) 'Introduction', in C. Durose and L. Richardson "
    "(eds) Designing Public Policy for Co-production. Bristol: Policy Press, pp. 1-12."
)
BOOK_TEXT = (
    "Durose, C. and Richardson, L. (eds) (2016) Designing Public Policy for Co-production: "
    "Theory, Practice and Change. Bristol: Policy Press."
)


def codes(text: str, work: Work) -> list[tuple[str, Severity]]:
    return [(f.code, f.severity) for f in compare(parse_reference(text), work)]


def test_a_chapter_cited_with_its_books_doi_is_a_warning() -> None:
    findings = compare(parse_reference(CHAPTER_TEXT + " doi:10.5555/book.1"), BOOK)
    assert [(f.code, f.severity) for f in findings] == [("doi_is_book", Severity.WARNING)]
    assert findings[0].message == (
        "DOI 10.5555/book.1 identifies the book 'Designing Public Policy for Co-production: "
        "Theory, Practice and Change', not the chapter 'Introduction' cited in it; the "
        "chapter may have a DOI of its own."
    )


def test_a_book_cited_with_a_chapters_doi_says_so() -> None:
    findings = compare(parse_reference(BOOK_TEXT + " doi:10.5555/book.1.ch1"), CHAPTER)
    assert [(f.code, f.severity) for f in findings] == [("doi_is_chapter", Severity.WARNING)]
    assert "identifies the chapter 'Introduction' (pp. 1-12) of the cited book" in (
        findings[0].message
    )


def test_the_right_record_for_each_says_nothing_of_parts() -> None:
    assert "doi_is_book" not in {code for code, _ in codes(BOOK_TEXT, BOOK)}
    chapter = codes(CHAPTER_TEXT + " doi:10.5555/book.1.ch1", CHAPTER)
    assert not {code for code, _ in chapter} & {"doi_is_book", "doi_is_chapter"}


def test_another_books_chapter_is_not_called_a_part() -> None:
    text = (
        "Ostrom, E. (1990) 'Reflections on the commons', in Governing the Commons. "
        "Cambridge: Cambridge University Press, pp. 1-28. doi:10.5555/book.1"
    )
    assert "doi_is_book" not in {code for code, _ in codes(text, BOOK)}


def test_a_search_for_a_chapter_takes_the_chapter_not_its_book() -> None:
    # Both records come back from a search; the book's title is in the chapter's reference
    # only as the book it is in (R26: the book was taken, and its DOI added).
    from refenrich.match import MatchKind, decide

    decision = decide(parse_reference(CHAPTER_TEXT), [BOOK, CHAPTER])
    assert decision.kind is MatchKind.MATCHED
    assert decision.work == CHAPTER
    book_only = decide(parse_reference(CHAPTER_TEXT), [BOOK])
    assert book_only.kind is not MatchKind.MATCHED
    # The book cited as a book still finds the book.
    assert decide(parse_reference(BOOK_TEXT), [BOOK, CHAPTER]).work == BOOK
