"""MHRA bibliographies and OSCOLA (legal) citations."""

from __future__ import annotations

from refenrich.text.parse import parse_reference


def test_mhra_book() -> None:
    reference = parse_reference("Said, Edward W., Orientalism (New York: Pantheon Books, 1978)")
    assert (reference.authors[0].family, reference.authors[0].given) == ("Said", "Edward W.")
    assert reference.title == "Orientalism"
    assert (reference.place, reference.publisher, reference.year) == (
        "New York",
        "Pantheon Books",
        1978,
    )
    assert reference.type == "book"


def test_mhra_chapter_with_pages_after_the_imprint() -> None:
    reference = parse_reference(
        "Eagleton, Terry, ‘The Rise of English’, in Literary Theory: An Introduction "
        "(Oxford: Blackwell, 1983), pp. 17–53"
    )
    assert reference.authors[0].family == "Eagleton"
    assert reference.title == "The Rise of English"
    assert reference.container_title == "Literary Theory: An Introduction"
    assert (reference.place, reference.publisher) == ("Oxford", "Blackwell")
    assert (reference.year, reference.pages) == (1983, "17-53")


def test_oscola_journal_article() -> None:
    reference = parse_reference(
        "Jeremy Waldron, ‘The Core of the Case Against Judicial Review’ (2006) 115 Yale LJ 1346"
    )
    assert reference.authors[0].family == "Waldron"
    assert reference.title == "The Core of the Case Against Judicial Review"
    assert (reference.year, reference.volume) == (2006, "115")
    assert (reference.container_title, reference.pages) == ("Yale LJ", "1346")
    assert reference.type == "article"


def test_oscola_journal_article_with_the_year_as_volume() -> None:
    reference = parse_reference(
        "Adam Tomkins, ‘In Defence of the Political Constitution’ [2002] OJLS 157"
    )
    assert (reference.year, reference.volume) == (2002, None)
    assert (reference.container_title, reference.pages) == ("OJLS", "157")


def test_oscola_book() -> None:
    reference = parse_reference("Joseph Raz, The Authority of Law (Clarendon Press 1979)")
    assert (reference.authors[0].family, reference.authors[0].given) == ("Raz", "Joseph")
    assert reference.title == "The Authority of Law"
    assert (reference.publisher, reference.year) == ("Clarendon Press", 1979)
    assert reference.type == "book"


def test_oscola_case() -> None:
    reference = parse_reference("Donoghue v Stevenson [1932] AC 562 (HL)")
    assert reference.authors == []
    assert (reference.title, reference.year) == ("Donoghue v Stevenson", 1932)
    assert reference.unparsed == ["AC 562 (HL)"]


def test_oscola_case_with_a_bracketed_party_and_a_case_number() -> None:
    reference = parse_reference(
        "Case C-26/62 Van Gend en Loos v Nederlandse Administratie der Belastingen [1963] ECR 1"
    )
    assert reference.title == "Van Gend en Loos v Nederlandse Administratie der Belastingen"
    assert reference.year == 1963
    reference = parse_reference("R (Jackson) v Attorney General [2005] UKHL 56, [2006] 1 AC 262")
    assert (reference.title, reference.year) == ("R (Jackson) v Attorney General", 2005)


def test_oscola_statute_with_a_pinpoint() -> None:
    reference = parse_reference("Equality Act 2010, s 13(1)")
    assert reference.title == "Equality Act 2010"
    assert reference.unparsed == ["s 13(1)"]


def test_a_title_about_a_case_is_not_a_case() -> None:
    reference = parse_reference(
        "Patterson, J. T. (2001) Brown v Board of Education: a civil rights milestone. "
        "Oxford: Oxford University Press."
    )
    assert reference.authors[0].family == "Patterson"
    assert reference.year == 2001


def test_apa_original_publication_note_is_no_oscola_imprint() -> None:
    reference = parse_reference(
        "Durkheim, E. (1997). The division of labor in society (W. D. Halls, Trans.). Free "
        "Press. (Original work published 1893)"
    )
    assert reference.publisher == "Free Press"
