"""The comparison rules, each from a table of true and false cases.

The records are synthetic except where a comment names the public facts used.
"""

from __future__ import annotations

from typing import Any

import pytest

from refenrich.compare import DEFAULT_RULES, compare, compare_year
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
    raw="Richardson, L., Durose, C. and Dean, R.J. (2019) ...",
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
