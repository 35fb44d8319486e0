"""Crossref work messages -> Work, and local record files (RecordsSource).

Fixtures: the "Craft metrics to value co-production" record is built from public
facts (Durose, Richardson & Perry, Nature 562(7725), 32-33, 2018,
doi:10.1038/d41586-018-06860-w); every other record is synthetic and uses Crossref's
test prefix 10.5555. No test touches the network.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from refenrich.crossref.schema import (
    CrossrefDate,
    clean_markup,
    parse_work_list_message,
    parse_work_message,
    to_work,
)
from refenrich.errors import InputError, ResponseValidationError
from refenrich.models import Author, PartialDate, WorkUpdate
from refenrich.sources import AsyncRecordsSource, RecordsSource, read_records


def public_nature_record() -> dict[str, Any]:
    """Public facts about a Nature comment, shaped like a Crossref work message."""
    return {
        "DOI": "10.1038/D41586-018-06860-W",
        "type": "journal-article",
        "title": ["Craft metrics to value co-production"],
        "author": [
            {"given": "Catherine", "family": "Durose", "sequence": "first"},
            {"given": "Liz", "family": "Richardson", "sequence": "additional"},
            {"given": "Beth", "family": "Perry", "sequence": "additional"},
        ],
        "container-title": ["Nature"],
        "short-container-title": ["Nature"],
        "volume": "562",
        "issue": "7725",
        "page": "32–33",  # en dash, as many deposits carry
        "publisher": "Springer Science and Business Media LLC",
        "ISSN": ["0028-0836", "1476-4687"],
        "issued": {"date-parts": [[2018, 10]]},
        "URL": "https://doi.org/10.1038/d41586-018-06860-w",
    }


def synthetic_record(doi: str = "10.5555/synthetic.1", **overrides: Any) -> dict[str, Any]:
    """A synthetic work message exercising every converted field."""
    record: dict[str, Any] = {
        "DOI": doi,
        "type": "journal-article",
        "title": [
            "<jats:title>Braided <jats:italic>river</jats:italic> sediments &amp; flow</jats:title>"
        ],
        "subtitle": ["<i>A</i>   synthetic\n study"],
        "author": [
            {
                "given": "Maria",
                "family": " Okafor ",
                "ORCID": "https://orcid.org/0000-0002-1825-0097",
                "sequence": "first",
            },
            {"name": "Example Consortium", "sequence": "additional"},
        ],
        "editor": [{"given": "Helen", "family": "Achterberg"}],
        "container-title": ["", "Journal of <b>Synthetic</b> Studies"],
        "short-container-title": ["J. Synth. Stud."],
        "volume": 44,
        "issue": "3",
        "page": "211 – 229",
        "article-number": 7,
        "publisher": "Example Press",
        "issued": {"date-parts": [[2019, 1, 15]]},
        "published-print": {"date-parts": [[2019, 3]]},
        "published-online": {"date-parts": [[2019, 1, 15]]},
        "ISSN": ["5555-0001"],
        "ISBN": ["9780000000002"],
        "URL": "https://doi.org/10.5555/synthetic.1",
        "updated-by": [
            {
                "DOI": "10.5555/RETRACTION.1",
                "type": "retraction",
                "label": "Retraction",
                "updated": {"date-parts": [[2020, 6, 1]]},
            }
        ],
        "an-unknown-future-field": {"ignored": True},
    }
    record.update(overrides)
    return record


# -- conversion -------------------------------------------------------------------------


def test_public_record_converts() -> None:
    work = to_work(parse_work_message(public_nature_record()))
    assert work.doi == "10.1038/d41586-018-06860-w"
    assert work.title == "Craft metrics to value co-production"
    assert [author.family for author in work.authors] == ["Durose", "Richardson", "Perry"]
    assert work.container_title == "Nature"
    assert (work.volume, work.issue, work.pages) == ("562", "7725", "32-33")
    assert work.issued == PartialDate(year=2018, month=10)
    assert work.year == 2018
    assert work.source == "crossref"


def test_synthetic_record_converts_every_field() -> None:
    work = to_work(parse_work_message(synthetic_record()))
    assert work.doi == "10.5555/synthetic.1"
    assert work.title == "Braided river sediments & flow"
    assert work.subtitle == "A synthetic study"
    assert work.authors == [
        Author(family="Okafor", given="Maria", orcid="0000-0002-1825-0097"),
        Author(literal="Example Consortium"),
    ]
    assert work.editors == [Author(family="Achterberg", given="Helen")]
    assert work.container_title == "Journal of Synthetic Studies"  # first non-empty
    assert work.short_container_title == "J. Synth. Stud."
    assert (work.volume, work.issue, work.pages, work.article_number) == ("44", "3", "211-229", "7")
    assert work.issued == PartialDate(year=2019, month=1, day=15)
    assert work.published_print == PartialDate(year=2019, month=3)
    assert work.published_online == PartialDate(year=2019, month=1, day=15)
    assert work.year == 2019
    assert work.issn == ["5555-0001"]
    assert work.isbn == ["9780000000002"]
    assert work.updated_by == [
        WorkUpdate(
            type="retraction",
            doi="10.5555/retraction.1",
            label="Retraction",
            date=PartialDate(year=2020, month=6, day=1),
        )
    ]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("211-229", "211-229"),
        ("211–229", "211-229"),  # en dash
        ("211—229", "211-229"),  # em dash
        ("211 − 229", "211-229"),  # minus sign with spaces
        ("e1234", "e1234"),
        ("  ", None),
    ],
)
def test_pages_normalised(page: str, expected: str | None) -> None:
    work = to_work(parse_work_message(synthetic_record(page=page)))
    assert work.pages == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([[2019]], PartialDate(year=2019)),
        ([[2019, 3]], PartialDate(year=2019, month=3)),
        ([[2019, 3, 15]], PartialDate(year=2019, month=3, day=15)),
        ([[2019, None, 15]], PartialDate(year=2019)),  # a day without a month is dropped
        ([[None]], None),
        ([[]], None),
        ([], None),
    ],
)
def test_partial_dates(parts: list[list[int | None]], expected: PartialDate | None) -> None:
    assert CrossrefDate.model_validate({"date-parts": parts}).to_partial() == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<jats:p>Plain</jats:p>", "Plain"),
        ("H<sub>2</sub>O &amp; CO<sub>2</sub>", "H2O & CO2"),
        ("  spaced \n\t out  ", "spaced out"),
        ("p &lt; 0.05 and q &gt; 1", "p < 0.05 and q > 1"),
    ],
)
def test_clean_markup(raw: str, expected: str) -> None:
    assert clean_markup(raw) == expected


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "journal-article", "title": ["No DOI here"]},
        None,
        [],
        "a string",
        {"DOI": "10.5555/x", "issued": {"date-parts": [["not a year"]]}},
    ],
    ids=["missing-doi", "null", "list", "string", "bad-date"],
)
def test_parse_work_message_rejects(payload: Any) -> None:
    with pytest.raises(ResponseValidationError):
        parse_work_message(payload)


def test_parse_work_list_message() -> None:
    items = parse_work_list_message({"items": [synthetic_record(), public_nature_record()]})
    assert [item.doi for item in items] == ["10.5555/synthetic.1", "10.1038/D41586-018-06860-W"]
    with pytest.raises(ResponseValidationError):
        parse_work_list_message({"total-results": 0})


# -- RecordsSource: local record files -------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def two_records() -> list[dict[str, Any]]:
    return [synthetic_record("10.5555/A.One"), public_nature_record()]


@pytest.mark.parametrize(
    "layout",
    [
        "jsonl",
        "jsonl-wrapped",
        "items-compact",
        "items-indented",
        "items-column0",
        "api-response",
        "api-work-list",
        "list",
    ],
)
def test_records_source_loads(tmp_path: Path, layout: str) -> None:
    first, second = two_records()
    if layout == "jsonl":
        text = json.dumps(first) + "\n\n" + json.dumps(second) + "\n"
    elif layout == "jsonl-wrapped":
        text = json.dumps({"message": first}) + "\n" + json.dumps(second) + "\n"
    elif layout == "items-compact":
        text = json.dumps({"items": [first, second]})
    elif layout == "items-indented":
        text = json.dumps({"items": [first, second]}, indent=2)
    elif layout == "items-column0":
        # Valid JSON whose item lines start at column 0, like JSON Lines do.
        text = '{"items": [\n' + json.dumps(first) + ",\n" + json.dumps(second) + "\n]}\n"
    elif layout == "api-response":
        api = {"status": "ok", "message-type": "work", "message-version": "1.0.0"}
        text = json.dumps({**api, "message": first}, indent=1)
        second = first
    elif layout == "api-work-list":
        api = {"status": "ok", "message-type": "work-list"}
        text = json.dumps({**api, "message": {"items": [first, second]}})
    else:
        text = json.dumps([first, second], indent=2)
    source = RecordsSource.from_path(write(tmp_path, "records.json", text))
    assert len(source) == len({first["DOI"].lower(), second["DOI"].lower()})
    assert source.name == "records in records.json"
    work = source.get_work(first["DOI"])
    assert work is not None
    assert work.title == "Braided river sediments & flow"
    assert source.get_work(second["DOI"]) is not None


def test_records_source_lookup_is_case_insensitive() -> None:
    source = RecordsSource([synthetic_record("10.5555/MiXeD.Case")])
    for doi in ("10.5555/MiXeD.Case", "10.5555/mixed.case", "10.5555/MIXED.CASE"):
        work = source.get_work(doi)
        assert work is not None
        assert work.doi == "10.5555/mixed.case"
    assert source.get_work("10.5555/absent") is None


def test_async_records_source() -> None:
    source = AsyncRecordsSource(RecordsSource([synthetic_record()]))
    assert source.name == "records"
    assert asyncio.run(source.get_work("10.5555/SYNTHETIC.1")) is not None
    assert asyncio.run(source.get_work("10.5555/absent")) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"DOI": "10.5555/truncated",',
        '[{"DOI": "10.5555/a"}, ',
        '{"DOI": "10.5555/a"}\n{"DOI": broken}\n',
        '{"items": [\n{"DOI": "10.5555/a"},\n{"DOI": \n]}',
        "not json at all",
    ],
    ids=["truncated-object", "truncated-list", "bad-jsonl-line", "bad-items", "prose"],
)
def test_malformed_file_is_input_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "bad.jsonl", text)
    with pytest.raises(InputError):
        RecordsSource.from_path(path)


def test_record_without_doi_is_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "nodoi.jsonl", json.dumps({"title": ["No DOI"]}) + "\n")
    with pytest.raises(InputError, match="not a Crossref work message"):
        RecordsSource.from_path(path)


def test_unreadable_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(read_records(tmp_path / "missing.jsonl"))
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError):
        list(read_records(binary))


def test_fields_select_does_not_offer_are_read_when_present() -> None:
    """An issue's print date given only on journal-issue, a thesis's university as
    institution, a book's edition-number (made-up records in Crossref's shapes)."""
    from refenrich.crossref.schema import RECORD_FIELDS, WORK_FIELDS

    article = to_work(
        parse_work_message(
            {
                "DOI": "10.5555/ji.1",
                "type": "journal-article",
                "issued": {"date-parts": [[2018, 5, 2]]},
                "published-online": {"date-parts": [[2018, 5, 2]]},
                "journal-issue": {"issue": "1", "published-print": {"date-parts": [[2019, 1]]}},
            }
        )
    )
    assert article.year == 2019
    thesis = to_work(
        parse_work_message(
            {
                "DOI": "10.5555/t.2",
                "type": "dissertation",
                "institution": [{"name": "University of Sheffield", "place": ["Sheffield"]}],
            }
        )
    )
    assert thesis.publisher == "University of Sheffield"
    book = to_work(parse_work_message({"DOI": "10.5555/b.2", "type": "book", "edition-number": 5}))
    assert book.edition == "5"
    # Odd shapes are ignored, not fatal.
    odd = parse_work_message({"DOI": "10.5555/x", "journal-issue": "1", "institution": "U"})
    assert (odd.journal_issue, odd.institution) == (None, [])
    # Searches ask only for fields Crossref's select accepts; the index keeps the rest.
    assert "journal-issue" not in WORK_FIELDS
    assert set(WORK_FIELDS) < set(RECORD_FIELDS)
