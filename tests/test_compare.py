"""The comparison rules, each from a table of true and false cases.

The records are synthetic except where a comment names the public facts used.
"""

from __future__ import annotations

from typing import Any

import pytest

from refenrich.compare import DEFAULT_RULES, compare, compare_title, compare_year
from refenrich.models import (
    Author,
    Finding,
    PartialDate,
    Reference,
    ReviewMention,
    Severity,
    Work,
    WorkUpdate,
)

RICHARDSON = Author(family="Richardson", given="Liz")
DUROSE = Author(family="Durose", given="Catherine")
DEAN = Author(family="Dean", given="Rikki J.")

# Governance 32(1): 159-176, online 2 Oct 2018, issue January 2019 (public facts).
GOVERNANCE = Work(
    doi="10.1111/gove.12365",
    type="journal-article",
    title="Why decentralize decision making? English local actors' viewpoints",
    authors=[RICHARDSON, DUROSE, DEAN],
    container_title="Governance",
    volume="32",
    issue="1",
    pages="159-176",
    issued=PartialDate(year=2018, month=10, day=2),
    published_online=PartialDate(year=2018, month=10, day=2),
    published_print=PartialDate(year=2019, month=1),
)

CLEAN = Reference(
    raw="(fields set directly; the raw text is not used)",
    authors=[
        Author(family="Richardson", given="L."),
        Author(family="Durose", given="C."),
        Author(family="Dean", given="R.J."),
    ],
    year=2019,
    title="Why Decentralize Decision-making? English Local Actors’ Viewpoints",
    container_title="Governance",
    volume="32",
    issue="1",
    pages="159–176",
    doi="10.1111/gove.12365",
)


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def test_clean_reference_has_no_findings() -> None:
    assert compare(CLEAN, GOVERNANCE) == []


@pytest.mark.parametrize(
    ("changes", "expected_codes", "worst"),
    [
        ({"year": 2018}, ["year_online_first"], Severity.INFO),
        ({"year": 2020}, ["year_off_by_one"], Severity.WARNING),
        ({"year": 2015}, ["year_mismatch"], Severity.ERROR),
        ({"container_title": "Gov."}, [], None),
        ({"container_title": "The Governance"}, [], None),
        ({"container_title": "Public Administration"}, ["venue_mismatch"], Severity.ERROR),
        ({"volume": "33"}, ["volume_mismatch"], Severity.ERROR),
        ({"issue": "2"}, ["issue_mismatch"], Severity.WARNING),
        ({"pages": "159-76"}, [], None),
        ({"pages": "159"}, [], None),
        ({"pages": "160-176"}, ["pages_mismatch"], Severity.ERROR),
        ({"pages": "159-175"}, ["pages_mismatch"], Severity.WARNING),
        ({"title": "Why decentralise decision-making: English local actors' viewpoints"}, [], None),
        (
            {"title": "Why decentralize decision making? Local actors' viewpoints"},
            ["title_differs"],
            Severity.INFO,
        ),
        (
            {"title": "Why centralise? Local actors' views on decision making"},
            ["title_differs"],
            Severity.WARNING,
        ),
        (
            {
                "authors": [
                    Author(family="Richardson", given="L."),
                    Author(family="Durose", given="C."),
                ]
            },
            ["author_missing"],
            Severity.WARNING,
        ),
        (
            {
                "authors": [
                    Author(family="Richardson", given="L."),
                    Author(family="Durose", given="C."),
                ],
                "et_al": True,
            },
            [],
            None,
        ),
        (
            {
                "authors": [
                    Author(family="Durose", given="C."),
                    Author(family="Richardson", given="L."),
                    Author(family="Dean", given="R."),
                ]
            },
            ["author_order"],
            Severity.WARNING,
        ),
        (
            {
                "authors": [
                    Author(family="Richardson", given="L."),
                    Author(family="Durose", given="C."),
                    Author(family="Deen", given="R."),
                ]
            },
            ["author_misspelt"],
            Severity.WARNING,
        ),
        (
            {
                "authors": [
                    Author(family="Richardson", given="L."),
                    Author(family="Durose", given="C."),
                    Author(family="Dean", given="K."),
                ]
            },
            ["author_initials"],
            Severity.WARNING,
        ),
        (
            {
                "authors": [
                    Author(family="Richardson", given="L."),
                    Author(family="Durose", given="C."),
                    Author(family="Dean", given="R."),
                    Author(family="Perry", given="B."),
                ]
            },
            ["author_not_in_record"],
            Severity.ERROR,
        ),
    ],
)
def test_one_difference(
    changes: dict[str, Any], expected_codes: list[str], worst: Severity | None
) -> None:
    findings = compare(CLEAN.model_copy(update=changes), GOVERNANCE)
    assert codes(findings) == expected_codes
    assert max((f.severity for f in findings), key=lambda s: s.rank, default=None) == worst


def test_online_first_message_explains_itself() -> None:
    [finding] = compare_year(CLEAN.model_copy(update={"year": 2018}), GOVERNANCE)
    assert finding.message == "2018 is the online-first year; the issue is dated 2019."
    assert finding.claimed == "2018"


@pytest.mark.parametrize(
    ("claimed", "recorded"),
    [
        ("Müller", "Mueller"),
        ("Muller", "Müller"),
        ("Đặng", "Dang"),
        ("García-Márquez", "García Márquez"),
        ("Øster", "Oster"),
    ],
)
def test_transliterated_names_are_the_same(claimed: str, recorded: str) -> None:
    work = GOVERNANCE.model_copy(update={"authors": [Author(family=recorded, given="A.")]})
    reference = CLEAN.model_copy(update={"authors": [Author(family=claimed, given="A.")]})
    assert compare(reference, work) == []


def test_markup_in_record_title_is_ignored() -> None:
    work = GOVERNANCE.model_copy(
        update={
            "title": "Why <i>decentralize</i> decision making? English local actors&apos; viewpoints"
        }
    )
    assert compare(CLEAN, work) == []


def test_doi_pointing_at_another_work() -> None:
    other = Work(
        doi="10.1111/gove.12365",
        title="Soil microbiology of alpine meadows",
        authors=[Author(family="Keller", given="A.")],
        issued=PartialDate(year=2011),
        container_title="Soil Biology",
    )
    [finding] = compare(CLEAN, other)
    assert finding.code == "doi_other_work"
    assert finding.severity is Severity.ERROR
    assert "Soil microbiology of alpine meadows" in finding.message


@pytest.mark.parametrize(
    ("kind", "code", "severity"),
    [
        ("retraction", "work_retracted", Severity.ERROR),
        ("expression_of_concern", "work_expression_of_concern", Severity.WARNING),
        ("correction", "work_updated", Severity.INFO),
    ],
)
def test_work_status(kind: str, code: str, severity: Severity) -> None:
    work = GOVERNANCE.model_copy(
        update={"updated_by": [WorkUpdate(type=kind, doi="10.1111/notice.1")]}
    )
    [finding] = compare(CLEAN, work)
    assert (finding.code, finding.severity) == (code, severity)


def test_book_cited_through_its_review() -> None:
    # Public facts: 10.1177/1478929917716890 is in Political Studies Review (ISSN 1478-9299).
    review = Work(
        doi="10.1177/1478929917716890",
        type="journal-article",
        title="Designing Public Policy for Co-production: Theory, Practice and Change",
        container_title="Political Studies Review",
        issued=PartialDate(year=2017),
    )
    book = Reference(
        raw="Durose, C. and Richardson, L. (2016) Designing Public Policy for Co-production ...",
        authors=[Author(family="Durose", given="C."), Author(family="Richardson", given="L.")],
        year=2016,
        title="Designing Public Policy for Co-production",
        type="book",
        reviewed_in=[
            ReviewMention(venue="Political Studies", doi="10.1177/1478929917716890"),
            ReviewMention(venue="Political Studies Review", doi="10.1177/1478929917716890"),
        ],
    )
    findings = compare(book, review)
    assert codes(findings) == ["doi_is_review", "review_venue_mismatch"]
    mismatch = findings[1]
    assert (mismatch.claimed, mismatch.actual, mismatch.severity) == (
        "Political Studies",
        "Political Studies Review",
        Severity.ERROR,
    )


def test_rules_are_a_list_a_user_can_change() -> None:
    reference = CLEAN.model_copy(update={"year": 2015})
    assert codes(compare(reference, GOVERNANCE)) == ["year_mismatch"]
    without_year = [rule for rule in DEFAULT_RULES if rule is not compare_year]
    assert compare(reference, GOVERNANCE, without_year) == []


# --- one table per rule: each row a reference change (or record change), and the codes
# --- the rule must give (an empty list: the rule must stay silent) ---------------------


def run(rule: Any, reference: Reference, work: Work = GOVERNANCE) -> list[str]:
    return codes(rule(reference, work))


def authors(*names: str) -> list[Author]:
    result = []
    for name in names:
        family, _, given = name.partition(", ")
        result.append(Author(family=family, given=given or None))
    return result


@pytest.mark.parametrize(
    ("claimed", "recorded", "expected"),
    [
        # particles: "van der Berg" and "Berg" are one person; "van Dijk" is not "van Berg"
        (authors("van der Berg, A."), authors("Berg, Anna"), []),
        (authors("Berg, A."), authors("van der Berg, Anna"), []),
        (
            authors("van Dijk, A."),
            authors("van der Berg, Anna"),
            ["author_not_in_record", "author_missing"],
        ),
        # initials: the first disagreeing, the second disagreeing, or agreeing
        (authors("Dean, K."), authors("Dean, Rikki J."), ["author_initials"]),
        (authors("Dean, R.K."), authors("Dean, Rikki J."), ["author_initials"]),
        (authors("Dean, R.J."), authors("Dean, Rikki J."), []),
        (authors("Dean, R."), authors("Dean, Rikki J."), []),
        (authors("Martin, J.-P."), authors("Martin, Jean-Pierre"), []),
        # Chinese name written family-first: noted, never an error
        (authors("Xiaoming, Wang"), authors("Wang, Xiaoming"), ["author_name_swapped"]),
        (authors("Xiaoming, W."), authors("Wang, Xiaoming"), ["author_name_swapped"]),
        # a name in Chinese characters written whole (鲁迅) is the record's family + given
        ([Author(family="鲁迅")], [Author(family="鲁", given="迅")], []),
        (
            [Author(family="周树人")],
            [Author(family="鲁", given="迅")],
            [
                "author_not_in_record",
                "author_missing",
            ],
        ),
        # a "family name" holding a colon or a comma is a series or title the parser ran
        # into the names (Grothendieck's EGA in "Publications Mathématiques: IHÉS"), no person
        (
            [*authors("Grothendieck, A."), Author(family="Mathématiques:", given="Publications")],
            authors("Grothendieck, Alexander"),
            [],
        ),
        # corporate authors: the same body, its acronym, or another body
        ([Author(literal="World Health Organization")], [Author(literal="WHO")], []),
        (
            [Author(literal="The World Health Organization")],
            [Author(literal="World Health Organization")],
            [],
        ),
        (
            [Author(literal="OECD")],
            [Author(literal="World Health Organization")],
            ["author_not_in_record", "author_missing"],
        ),
    ],
)
def test_author_names(claimed: list[Author], recorded: list[Author], expected: list[str]) -> None:
    from refenrich.compare import compare_authors

    work = GOVERNANCE.model_copy(update={"authors": recorded})
    reference = CLEAN.model_copy(update={"authors": claimed})
    assert run(compare_authors, reference, work) == expected


@pytest.mark.parametrize(
    ("claimed", "et_al", "expected"),
    [
        # "et al." after the right first author covers the rest
        (["Richardson, L."], True, []),
        # "et al." hiding a wrong list: the first named author is not the record's first
        (["Durose, C."], True, ["author_first_et_al"]),
        # without "et al." the others are missing
        (["Richardson, L."], False, ["author_missing"]),
        # an author the record does not have, even with "et al."
        (["Perry, B."], True, ["author_not_in_record", "author_missing"]),
    ],
)
def test_et_al(claimed: list[str], et_al: bool, expected: list[str]) -> None:
    from refenrich.compare import compare_authors

    reference = CLEAN.model_copy(update={"authors": authors(*claimed), "et_al": et_al})
    assert run(compare_authors, reference) == expected


def test_et_al_in_the_text_counts_when_the_parser_missed_it() -> None:
    from refenrich.compare import compare_authors

    reference = CLEAN.model_copy(
        update={"authors": authors("Richardson, L."), "raw": "Richardson, L. et al. (2019) Why"}
    )
    assert run(compare_authors, reference) == []


def test_editors_cited_as_authors() -> None:
    from refenrich.compare import compare_authors

    book = GOVERNANCE.model_copy(
        update={"type": "edited-book", "authors": [], "editors": authors("Perry, Beth")}
    )
    plain = CLEAN.model_copy(update={"authors": authors("Perry, B."), "raw": "Perry, B. (2019)"})
    marked = plain.model_copy(update={"raw": "Perry, B. (ed.) (2019)"})
    [finding] = compare_authors(plain, book)
    assert (finding.code, finding.severity) == ("author_is_editor", Severity.INFO)
    chapter = GOVERNANCE.model_copy(update={"editors": authors("Perry, Beth")})
    [finding] = compare_authors(plain, chapter)
    assert (finding.code, finding.severity) == ("author_is_editor", Severity.WARNING)
    assert compare_authors(marked, chapter)[0].severity is Severity.INFO
    assert compare_authors(CLEAN, chapter) == []


def test_an_author_the_parser_missed_but_the_text_names_is_not_missing() -> None:
    from refenrich.compare import compare_authors

    misread = CLEAN.model_copy(
        update={
            "raw": "Richardson, L., Durose, C. and Dean, R.J. (2019) Why decentralize ...",
            "authors": authors("Richardson, L.", "A"),
        }
    )
    assert run(compare_authors, misread) == []


@pytest.mark.parametrize(
    ("year", "work_changes", "reference_changes", "expected"),
    [
        (2019, {}, {}, []),  # the issue year
        (2018, {}, {}, ["year_online_first"]),  # online-first: info
        (2020, {}, {}, ["year_off_by_one"]),
        (2017, {}, {}, ["year_off_by_one"]),  # one before the online date
        (2010, {}, {}, ["year_mismatch"]),
        # no print date: the issued (earliest) year is the year
        (2018, {"published_print": None, "published_online": None}, {}, []),
        # a published article whose preprint the reference cites
        (
            2016,
            {"relations": {"has-preprint": ["10.31235/osf.io/abcde"]}},
            {"type": "preprint"},
            ["year_preprint"],
        ),
        # the same year, but the reference does not say preprint: an error
        (2016, {"relations": {"has-preprint": ["10.31235/osf.io/abcde"]}}, {}, ["year_mismatch"]),
        # a preprint record, cited with the year of its published version
        (
            2021,
            {
                "type": "posted-content",
                "published_print": None,
                "relations": {"is-preprint-of": ["10.1111/gove.99999"]},
            },
            {},
            ["year_published_version"],
        ),
    ],
)
def test_year(
    year: int, work_changes: dict[str, Any], reference_changes: dict[str, Any], expected: list[str]
) -> None:
    work = GOVERNANCE.model_copy(update=work_changes)
    reference = CLEAN.model_copy(update={"year": year, **reference_changes})
    assert run(compare_year, reference, work) == expected


def test_year_read_from_the_text_when_the_parser_found_none() -> None:
    reference = CLEAN.model_copy(
        update={"year": None, "raw": "Richardson L. Governance 32, 159 (2010)."}
    )
    assert run(compare_year, reference) == ["year_mismatch"]
    two_years = reference.model_copy(
        update={"raw": "Richardson L. (2010) Governance. Accessed 2021."}
    )
    assert run(compare_year, two_years) == []


PNAS = Work(
    doi="10.1073/pnas.0000000",
    type="journal-article",
    title="A title",
    container_title="Proceedings of the National Academy of Sciences of the United States of America",
    short_container_title="Proc. Natl. Acad. Sci. U.S.A.",
    issued=PartialDate(year=2019),
)


@pytest.mark.parametrize(
    ("claimed", "work", "expected"),
    [
        ("Proc. Natl. Acad. Sci. U.S.A.", PNAS, []),
        ("Proc Natl Acad Sci USA", PNAS.model_copy(update={"short_container_title": None}), []),
        (
            "J. Chin. Gov.",
            GOVERNANCE.model_copy(update={"container_title": "Journal of Chinese Governance"}),
            [],
        ),
        (
            "Soc. Policy Adm.",
            GOVERNANCE.model_copy(update={"container_title": "Social Policy & Administration"}),
            [],
        ),
        (
            "Social Policy and Administration",
            GOVERNANCE.model_copy(update={"container_title": "Social Policy & Administration"}),
            [],
        ),
        ("Lancet", GOVERNANCE.model_copy(update={"container_title": "The Lancet"}), []),
        (
            "Political Studies",
            GOVERNANCE.model_copy(update={"container_title": "Political Studies Review"}),
            ["venue_mismatch"],
        ),
        ("Public Administration", GOVERNANCE, ["venue_mismatch"]),
        (
            "J. Appl. Ecol.",
            GOVERNANCE.model_copy(update={"container_title": "Journal of Animal Ecology"}),
            ["venue_mismatch"],
        ),
        # a book's series, listed by Crossref beside the book's own title
        (
            "Lecture Notes in Computer Science",
            GOVERNANCE.model_copy(
                update={
                    "type": "book-chapter",
                    "container_title": "Advances in Databases",
                    "container_titles": [
                        "Advances in Databases",
                        "Lecture Notes in Computer Science",
                    ],
                }
            ),
            [],
        ),
    ],
)
def test_venue(claimed: str, work: Work, expected: list[str]) -> None:
    from refenrich.compare import compare_venue

    assert (
        run(compare_venue, CLEAN.model_copy(update={"container_title": claimed}), work) == expected
    )


def test_venue_of_a_book_is_a_warning_not_an_error() -> None:
    from refenrich.compare import compare_venue

    chapter = GOVERNANCE.model_copy(
        update={"type": "book-chapter", "container_title": "Advances in Databases"}
    )
    [finding] = compare_venue(
        CLEAN.model_copy(update={"container_title": "Studies in Governance"}), chapter
    )
    assert (finding.code, finding.severity) == ("venue_mismatch", Severity.WARNING)


def test_venue_the_parser_cut_short_is_found_in_the_text() -> None:
    from refenrich.compare import compare_venue

    work = GOVERNANCE.model_copy(update={"container_title": "Local Government Studies"})
    reference = CLEAN.model_copy(
        update={
            "container_title": "Local Gov",
            "raw": "Dean, R. (2019) Why. Local Gov. Stud. 32: 1-2.",
        }
    )
    assert compare_venue(reference, work) == []


@pytest.mark.parametrize(
    ("claimed", "expected"),
    [
        ("WHY DECENTRALIZE DECISION MAKING? ENGLISH LOCAL ACTORS' VIEWPOINTS", []),
        ("Why decentralise decision-making - English local actors’ viewpoints", []),
        ("Why decentralize decision making", ["title_subtitle_omitted"]),
        ("Soil microbiology of alpine meadows", ["title_mismatch"]),
    ],
)
def test_title(claimed: str, expected: list[str]) -> None:
    from refenrich.compare import compare_title

    assert run(compare_title, CLEAN.model_copy(update={"title": claimed})) == expected


def test_title_with_jats_markup_and_subtitle_field() -> None:
    from refenrich.compare import compare_title

    work = GOVERNANCE.model_copy(
        update={
            "title": "Why <i>decentralize</i> decision making?",
            "subtitle": "English local actors&apos; viewpoints",
        }
    )
    assert compare_title(CLEAN, work) == []


@pytest.mark.parametrize(
    ("changes", "work_changes", "expected"),
    [
        ({"volume": "vol. 32"}, {}, []),
        ({"volume": "XXXII"}, {}, []),
        ({"volume": "032"}, {}, []),
        ({"volume": "33"}, {}, ["volume_mismatch"]),
        ({"issue": "no. 1"}, {}, []),
        ({"issue": "1-2"}, {}, []),
        ({"issue": "Suppl 2"}, {"issue": "S2"}, []),
        ({"issue": "Suppl. 2"}, {"issue": "2"}, []),
        ({"issue": "3"}, {}, ["issue_mismatch"]),
    ],
)
def test_volume_and_issue(
    changes: dict[str, Any], work_changes: dict[str, Any], expected: list[str]
) -> None:
    from refenrich.compare import compare_volume_issue

    work = GOVERNANCE.model_copy(update=work_changes)
    assert run(compare_volume_issue, CLEAN.model_copy(update=changes), work) == expected


@pytest.mark.parametrize(
    ("claimed", "recorded", "article_number", "expected"),
    [
        ("159-176", "159-176", None, []),
        ("159–176", "159-176", None, []),
        ("159—176", "159-176", None, []),
        ("pp. 159-76", "159-176", None, []),
        ("159-76", "159-176", None, []),
        ("1021-5", "1021-1025", None, []),
        ("1021-1025", "1021-5", None, []),
        ("159", "159-176", None, []),
        ("e12090", "e12090", None, []),
        ("102345", None, "102345", []),
        ("102345", "1-12", "102345", []),
        ("S1-S10", "S1-S10", None, []),
        ("S1-10", "S1-S10", None, []),
        ("xii-xv", "xii-xv", None, []),
        ("160-176", "159-176", None, ["pages_mismatch"]),
        ("159-175", "159-176", None, ["pages_mismatch"]),
        ("e12091", "e12090", None, ["pages_mismatch"]),
        ("S2-S10", "S1-S10", None, ["pages_mismatch"]),
    ],
)
def test_pages(
    claimed: str, recorded: str | None, article_number: str | None, expected: list[str]
) -> None:
    from refenrich.compare import compare_pages

    work = GOVERNANCE.model_copy(update={"pages": recorded, "article_number": article_number})
    assert run(compare_pages, CLEAN.model_copy(update={"pages": claimed}), work) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dean (2019) Governance 32. doi:10.1111/gove.12365", []),
        ("Dean (2019) Governance 32. https://doi.org/10.1111/gove.12365.", []),
        ("Dean (2019) Governance 32. doi: 10.1111 /gove.12365", ["doi_malformed"]),
        ("Dean (2019) Governance 32. DOI: 1111/gove.12365", ["doi_malformed"]),
        ("Dean (2019) The doi of everything. Governance 32.", []),
    ],
)
def test_doi_malformed(raw: str, expected: list[str]) -> None:
    from refenrich.compare import compare_doi

    assert run(compare_doi, CLEAN.model_copy(update={"raw": raw})) == expected


def test_enrichment_is_info_and_names_the_field() -> None:
    from refenrich.compare import compare_enrichment

    bare = CLEAN.model_copy(update={"doi": None, "volume": None, "issue": None, "pages": None})
    findings = compare_enrichment(bare, GOVERNANCE)
    assert [(f.code, f.field.value, f.actual) for f in findings] == [
        ("doi_added", "doi", "10.1111/gove.12365"),
        ("volume_added", "volume", "32"),
        ("issue_added", "issue", "1"),
        ("pages_added", "pages", "159-176"),
    ]
    assert {f.severity for f in findings} == {Severity.INFO}
    assert compare_enrichment(CLEAN, GOVERNANCE) == []
    # in the text already (the parser did not pick it out): nothing to add
    in_text = bare.model_copy(update={"raw": "Governance 32(1): 159-176. doi:10.1111/gove.12365"})
    assert compare_enrichment(in_text, GOVERNANCE) == []


@pytest.mark.parametrize(
    ("updates", "expected"),
    [
        (
            [
                WorkUpdate(type="retraction", doi="10.1/n", source="publisher"),
                WorkUpdate(type="retraction", doi="10.1/n", source="retraction-watch"),
            ],
            [("work_retracted", Severity.ERROR)],
        ),
        (
            [WorkUpdate(type="Retraction", source="retraction-watch")],
            [("work_retracted", Severity.ERROR)],
        ),
        ([WorkUpdate(type="withdrawal")], [("work_retracted", Severity.ERROR)]),
        (
            [WorkUpdate(type="expression-of-concern")],
            [("work_expression_of_concern", Severity.WARNING)],
        ),
        ([WorkUpdate(type="erratum")], [("work_updated", Severity.INFO)]),
        ([WorkUpdate(type="reinstatement")], [("work_updated", Severity.INFO)]),
        ([], []),
    ],
)
def test_status_updated_by(updates: list[WorkUpdate], expected: list[tuple[str, Severity]]) -> None:
    from refenrich.compare import compare_status

    work = GOVERNANCE.model_copy(update={"updated_by": updates})
    assert [(f.code, f.severity) for f in compare_status(CLEAN, work)] == expected


def test_retraction_watch_is_named() -> None:
    from refenrich.compare import compare_status

    work = GOVERNANCE.model_copy(
        update={"updated_by": [WorkUpdate(type="retraction", source="retraction-watch")]}
    )
    assert "Retraction Watch" in compare_status(CLEAN, work)[0].message


def test_doi_of_a_retraction_notice() -> None:
    from refenrich.compare import compare_status

    notice = GOVERNANCE.model_copy(
        update={
            "title": "Retraction",
            "updates": [WorkUpdate(type="retraction", doi="10.1111/gove.1")],
        }
    )
    [finding] = compare_status(CLEAN, notice)
    assert (finding.code, finding.severity) == ("doi_is_update_notice", Severity.ERROR)
    assert "10.1111/gove.1" in finding.message
    cited = CLEAN.model_copy(update={"title": "Retraction notice: Why decentralize"})
    assert compare_status(cited, notice)[0].severity is Severity.INFO


def test_preprint_with_a_published_version() -> None:
    from refenrich.compare import compare_preprint

    preprint = GOVERNANCE.model_copy(
        update={"type": "posted-content", "relations": {"is-preprint-of": ["10.1111/gove.12365"]}}
    )
    [finding] = compare_preprint(CLEAN, preprint)
    assert finding.code == "preprint_has_published_version"
    assert finding.actual == "10.1111/gove.12365"
    assert compare_preprint(CLEAN, GOVERNANCE) == []


def test_a_journal_named_for_a_preprint_without_a_container_is_a_warning() -> None:
    # Crossref's posted content usually has no container-title (the server is its
    # institution): the journal, volume and pages cited are the published version's.
    from refenrich.compare import compare_venue

    preprint = GOVERNANCE.model_copy(
        update={
            "type": "posted-content",
            "container_title": None,
            "container_titles": [],
            "short_container_title": None,
            "relations": {"is-preprint-of": ["10.1111/gove.12365"]},
        }
    )
    [finding] = compare_venue(CLEAN, preprint)
    assert (finding.code, finding.severity) == ("venue_mismatch", Severity.WARNING)
    assert finding.message == (
        f"The reference names '{CLEAN.container_title}', but this DOI is a preprint; its "
        "published version is 10.1111/gove.12365."
    )
    cited_as_preprint = CLEAN.model_copy(update={"container_title": "SocArXiv", "type": "preprint"})
    assert compare_venue(cited_as_preprint, preprint) == []


def test_every_finding_uses_the_public_vocabulary() -> None:
    reference = CLEAN.model_copy(
        update={"year": 2010, "volume": "9", "pages": "1-2", "title": "Soil"}
    )
    for finding in compare(reference, GOVERNANCE):
        assert finding.code.islower()
        assert " " not in finding.code
        assert finding.message.endswith(".")


def test_crossref_update_and_relation_shapes_reach_the_rules() -> None:
    # Shapes as Crossref's REST API gives them: updated-by entries from the publisher and
    # from Retraction Watch (source, record-id), update-to on a notice, and relation.
    from refenrich.compare import compare_preprint, compare_status
    from refenrich.crossref.schema import parse_work_message, to_work

    retracted = to_work(
        parse_work_message(
            {
                "DOI": "10.1000/ART.7",
                "type": "journal-article",
                "title": ["An article"],
                "updated-by": [
                    {
                        "DOI": "10.1000/notice.1",
                        "type": "retraction",
                        "source": "publisher",
                        "label": "Retraction",
                        "updated": {"date-parts": [[2020, 3, 1]]},
                    },
                    {
                        "DOI": "10.1000/notice.1",
                        "type": "retraction",
                        "source": "retraction-watch",
                        "record-id": 12345,
                        "label": "Retraction",
                        "updated": {"date-parts": [[2020, 3, 1]]},
                    },
                ],
            }
        )
    )
    assert [u.source for u in retracted.updated_by] == ["publisher", "retraction-watch"]
    [finding] = compare_status(CLEAN, retracted)
    assert finding.code == "work_retracted"
    assert finding.message == "This work was retracted on 2020-03-01 (notice 10.1000/notice.1)."

    notice = to_work(
        parse_work_message(
            {
                "DOI": "10.1000/notice.1",
                "type": "journal-article",
                "title": ["Retraction"],
                "update-to": [
                    {"DOI": "10.1000/ART.7", "type": "retraction", "label": "Retraction"}
                ],
            }
        )
    )
    assert notice.updates[0].doi == "10.1000/art.7"
    assert codes(compare_status(CLEAN, notice)) == ["doi_is_update_notice"]

    preprint = to_work(
        parse_work_message(
            {
                "DOI": "10.31235/osf.io/abcde",
                "type": "posted-content",
                "title": ["A preprint"],
                "relation": {
                    "is-preprint-of": [
                        {"id-type": "doi", "id": "10.1111/GOVE.12365", "asserted-by": "subject"}
                    ],
                    "odd": {"id": "not-a-list"},
                },
            }
        )
    )
    assert preprint.relations["is-preprint-of"] == ["10.1111/gove.12365"]
    assert codes(compare_preprint(CLEAN, preprint)) == ["preprint_has_published_version"]


def test_one_missing_author_is_counted_in_the_singular() -> None:
    from refenrich.compare import compare_authors

    reference = Reference(raw="x", authors=[], title="t")
    work = Work(title="t", authors=[Author(family="Arendt", given="Hannah")])
    claimed = Reference(raw="x", authors=[Author(family="Jaspers", given="K.")], title="t")
    assert compare_authors(reference, work) == []
    messages = [finding.message for finding in compare_authors(claimed, work)]
    assert any("The record has 1 author;" in message for message in messages), messages


def test_a_whole_written_chinese_name_supports_the_match() -> None:
    from refenrich.match import field_evidence

    # Lu Xun, 呐喊 (Call to Arms), 1923: the record splits the pen name 鲁 / 迅.
    reference = Reference(raw="鲁迅. 呐喊. 北京: 新潮社; 1923.", authors=[Author(family="鲁迅")])
    record = Work(title="呐喊", authors=[Author(family="鲁", given="迅")])
    other = Work(title="呐喊", authors=[Author(family="周", given="作人")])
    assert field_evidence(reference, record)["authors"] > 0.5
    assert field_evidence(reference, other)["authors"] == -1.0


def test_an_author_with_initials_named_in_the_title_is_still_checked() -> None:
    from refenrich.compare import compare_authors

    # A book about the Beveridge Report is not by Beveridge; a name with initials is a
    # person the reference names, not a title word the parser ran into the authors.
    work = Work(
        title="William Beveridge: a biography", authors=[Author(family="Harris", given="José")]
    )
    wrong = Reference(raw="x", authors=[Author(family="Beveridge", given="W.")], title="t")
    assert "author_not_in_record" in codes(compare_authors(wrong, work))
    # Without initials, a title word read as a name is still set aside.
    misread = Reference(raw="x", authors=[Author(family="Beveridge", given="William")], title="t")
    assert "author_not_in_record" not in codes(compare_authors(misread, work))


def test_a_malformed_doi_is_reported_even_when_the_doi_field_repeats_it() -> None:
    from refenrich.compare import compare_doi

    work = Work(doi="10.1111/gove.12365", title="t")
    # A Reference built by hand may carry the malformed text as its DOI.
    reference = Reference(raw="Title. doi: 10.1111 gove.12365", doi="10.1111")
    assert codes(compare_doi(reference, work)) == ["doi_malformed"]
    valid = Reference(raw="Title. doi: 10.1111/gove.12365", doi="10.1111/gove.12365")
    assert compare_doi(valid, work) == []


# danah boyd writes her name in lower case; "It's Complicated" (Yale UP, 2014) is public.
BOYD = Work(
    doi="10.5555/complicated",
    type="book",
    title="It's Complicated: The Social Lives of Networked Teens",
    authors=[Author(family="boyd", given="danah")],
    issued=PartialDate(year=2014),
)


@pytest.mark.parametrize(
    ("family", "given"),
    [("boyd", "danah"), ("boyd", "d."), ("boyd", "d. m.")],
)
def test_lower_case_names_are_names(family: str, given: str) -> None:
    cited = Reference(
        raw=f"{family}, {given} (2014) it's complicated: the social lives of networked teens.",
        authors=[Author(family=family, given=given)],
        year=2014,
        title="it's complicated: the social lives of networked teens",
    )
    assert "author_not_in_record" not in codes(compare(cited, BOYD))
    # and a wrong author written the same way is caught, not taken for a title word
    other = BOYD.model_copy(update={"authors": [Author(family="Marwick", given="danah")]})
    assert "author_not_in_record" in codes(compare(cited, other)) or "author_misspelt" in codes(
        compare(cited, other)
    )


def test_author_messages_name_ten_and_count_the_rest() -> None:
    # A collaboration paper holds thousands of authors; the message stays readable and
    # claimed/actual keep every name for tools.
    many = [
        Author(family=f"Fam{chr(97 + n // 26)}{chr(97 + n % 26)}", given="G.") for n in range(300)
    ]
    work = GOVERNANCE.model_copy(update={"authors": many})
    reference = CLEAN.model_copy(
        update={"authors": [Author(family="Famaa", given="G."), Author(family="Smith", given="Q.")]}
    )
    findings = {f.code: f for f in compare(reference, work)}
    extra, missing = findings["author_not_in_record"], findings["author_missing"]
    assert extra.message.endswith(
        "(Famaa, G.; Famab, G.; Famac, G.; Famad, G.; Famae, G.; "
        "Famaf, G.; Famag, G.; Famah, G.; Famai, G.; Famaj, G. and 290 more)."
    )
    assert "Famab (2nd), Famac (3rd)" in missing.message
    assert missing.message.endswith(" and 289 more.")
    assert extra.actual is not None
    assert extra.actual.count(";") == 299


def test_an_abbreviated_genus_is_the_records_title() -> None:
    # "E. coli" for "Escherichia coli" (record shaped like Crossref's, with markup).
    work = GOVERNANCE.model_copy(
        update={"title": "The role of H<sub>2</sub>O in <i>Escherichia coli</i> growth"}
    )
    same = CLEAN.model_copy(update={"title": "The role of H2O in E. coli growth"})
    assert compare_title(same, work) == []
    other = CLEAN.model_copy(update={"title": "The role of H2O in S. aureus growth"})
    assert compare_title(other, work) != []
    # a finding quotes the title as the reference gives it, not as compared
    decay = CLEAN.model_copy(update={"title": "The role of H2O in E. coli decay"})
    [finding] = compare_title(decay, work)
    assert finding.claimed == "The role of H2O in E. coli decay"
