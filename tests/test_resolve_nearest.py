"""A search that finds no credible record still names the closest one when it is plainly
the same title by the same people, with the fields that differ: a misremembered
citation (as chat assistants write them) rather than a made-up one.

Records written from public facts: LeCun, Bengio and Hinton, "Deep learning", Nature
521(7553): 436-444, 2015, doi:10.1038/nature14539; Ostrom, "Governing the Commons: The
Evolution of Institutions for Collective Action", Cambridge University Press, 1990,
doi:10.1017/CBO9780511807763.
"""

from __future__ import annotations

from typing import Any

import pytest

from refenrich import CrossrefClient, CrossrefSettings, check_references
from refenrich.models import CheckResult, Status
from refenrich.testing import FakeCrossref
from refenrich.text.parse import parse_reference


def _author(given: str, family: str) -> dict[str, str]:
    return {"given": given, "family": family, "sequence": "additional"}


RECORDS: list[dict[str, Any]] = [
    {
        "DOI": "10.1038/nature14539",
        "type": "journal-article",
        "title": ["Deep learning"],
        "author": [
            _author("Yann", "LeCun"),
            _author("Yoshua", "Bengio"),
            _author("Geoffrey", "Hinton"),
        ],
        "container-title": ["Nature"],
        "volume": "521",
        "issue": "7553",
        "page": "436-444",
        "issued": {"date-parts": [[2015, 5, 27]]},
        "published-print": {"date-parts": [[2015, 5, 28]]},
    },
    {
        "DOI": "10.1017/cbo9780511807763",
        "type": "book",
        "title": ["Governing the Commons"],
        "subtitle": ["The Evolution of Institutions for Collective Action"],
        "author": [_author("Elinor", "Ostrom")],
        "publisher": "Cambridge University Press",
        "issued": {"date-parts": [[1990, 11, 30]]},
    },
]


def _check(text: str) -> CheckResult:
    with (
        FakeCrossref(RECORDS) as server,
        CrossrefClient(CrossrefSettings(base_url=server.url)) as client,
    ):
        return check_references([parse_reference(text)], client).results[0]


def test_a_misremembered_article_names_its_closest_record() -> None:
    result = _check(
        "LeCun, Y., Bengio, Y., & Hinton, G. (2018). Deep learning. Science, 360(6392), 436–444."
    )
    assert result.work is None  # not taken as the match
    [note] = [f for f in result.findings if f.code == "nearest_record"]
    assert note.actual == "10.1038/nature14539"
    assert "differs in year, venue, volume, issue" in note.message
    assert [w.doi for w in result.resolution.candidates] == ["10.1038/nature14539"]


def test_a_book_with_the_wrong_year_is_not_called_fabricated() -> None:
    result = _check(
        "Ostrom, E. (1994). Governing the Commons: The Evolution of Institutions for Collective "
        "Action. Oxford: Blackwell."
    )
    assert result.status is Status.NOT_FOUND
    assert [f.code for f in result.findings] == ["nearest_record"]


@pytest.mark.parametrize(
    "text",
    [
        # another title by the same authors
        "LeCun, Y., Bengio, Y., & Hinton, G. (2018). Learning to see in the dark. Science, 360, 1-9.",
        # the same title by other people
        "Smith, A., & Jones, B. (2018). Deep learning of soil moisture. Geoderma, 310, 1-9.",
    ],
)
def test_no_closest_record_when_title_or_authors_differ(text: str) -> None:
    result = _check(text)
    assert all(f.code != "nearest_record" for f in result.findings)


def test_a_doi_nothing_holds_names_the_closest_record_too() -> None:
    result = _check(
        "LeCun, Y., Bengio, Y., & Hinton, G. (2018). Deep learning. Science, 360(6392), 436–444. "
        "https://doi.org/10.1126/science.aaa0000"
    )
    assert [f.code for f in result.findings] == ["doi_not_found", "nearest_record"]
