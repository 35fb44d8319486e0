"""RIS export: table tests of tags, types and line structure. Fixtures: export_fixtures.py."""

from __future__ import annotations

import re

import pytest

from refenrich.export import to_ris
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

TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")


def tags(ris: str) -> list[tuple[str, str]]:
    return [(line[:2], line[6:]) for line in ris.split("\r\n") if line]


def test_richardson_record() -> None:
    ris = to_ris([resolved(richardson_work(), richardson_reference())])
    assert tags(ris) == [
        ("TY", "JOUR"),
        ("ID", "richardson2019why"),
        ("AU", "Richardson, Liz"),
        ("AU", "Durose, Catherine"),
        ("AU", "Dean, Rikki John"),
        ("PY", "2019"),
        ("DA", "2019/01//"),
        ("TI", "Why Decentralize Decision Making? English Local Actors' Viewpoints"),
        ("T2", "Governance"),
        ("JO", "Governance"),
        ("VL", "32"),
        ("IS", "1"),
        ("SP", "159"),
        ("EP", "176"),
        ("PB", "Wiley"),
        ("SN", "0952-1895"),
        ("DO", "10.1111/gove.12365"),
        ("ER", ""),
    ]


@pytest.mark.parametrize(
    ("crossref_type", "ris_type"),
    [
        ("journal-article", "JOUR"),
        ("book", "BOOK"),
        ("monograph", "BOOK"),
        ("book-chapter", "CHAP"),
        ("proceedings-article", "CPAPER"),
        ("report", "RPRT"),
        ("dissertation", "THES"),
        ("posted-content", "UNPB"),
        ("dataset", "DATA"),
        ("journal-issue", "GEN"),
        (None, "GEN"),
    ],
)
def test_types(crossref_type: str | None, ris_type: str) -> None:
    assert tags(to_ris([resolved(Work(type=crossref_type, title="T"))]))[0] == ("TY", ris_type)


@pytest.mark.parametrize(
    ("reference_type", "ris_type"),
    [("webpage", "ELEC"), ("preprint", "UNPB"), ("proceedings", "CPAPER"), ("thesis", "THES")],
)
def test_reference_types(reference_type: str, ris_type: str) -> None:
    ris = to_ris([unresolved(Reference(raw="x", title="T", type=reference_type))])
    assert tags(ris)[0] == ("TY", ris_type)


@pytest.mark.parametrize(
    ("issued", "py", "da"),
    [
        (PartialDate(year=2018, month=10, day=2), "2018", "2018/10/02/"),
        (PartialDate(year=2018, month=10), "2018", "2018/10//"),
        (PartialDate(year=2018), "2018", "2018///"),
    ],
)
def test_dates(issued: PartialDate, py: str, da: str) -> None:
    found = dict(tags(to_ris([resolved(Work(title="T", issued=issued))])))
    assert (found["PY"], found["DA"]) == (py, da)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("159-176", [("SP", "159"), ("EP", "176")]),
        ("159–76", [("SP", "159"), ("EP", "176")]),
        ("e1234", [("SP", "e1234")]),
    ],
)
def test_pages(pages: str, expected: list[tuple[str, str]]) -> None:
    found = [
        t for t in tags(to_ris([resolved(Work(title="T", pages=pages))])) if t[0] in ("SP", "EP")
    ]
    assert found == expected


def test_names_editors_and_identifiers() -> None:
    work = Work(
        type="book-chapter",
        title="<i>Styled</i>\nmulti-line title",
        authors=[Author(literal="World Health Organization"), Author(family="Star*", given="A")],
        editors=[Author(family="Ed", given="E.")],
        container_title="The Book",
        isbn=["978-0-00-000000-0"],
        url="https://example.org/x",
    )
    found = tags(to_ris([resolved(work)]))
    assert ("AU", "World Health Organization") in found
    assert ("AU", "Star, A") in found  # asterisks are not allowed in names
    assert ("ED", "Ed, E.") in found
    assert ("TI", "Styled multi-line title") in found
    assert ("T2", "The Book") in found
    assert ("SN", "978-0-00-000000-0") in found
    assert ("UR", "https://example.org/x") in found


def test_unresolved_and_review_notes() -> None:
    ris = to_ris(
        [
            unresolved(richardson_reference(), Status.NOT_FOUND),
            resolved(review_work(), reviewed_book_reference()),
        ]
    )
    first, second = ris.split("ER  - \r\n")[:2]
    assert "N1  - Not verified: no record was found for it\r\n" in first
    assert "PY  - 2018\r\n" in first
    assert "TY  - BOOK\r\n" in second
    assert "N1  - Reviewed in Urban Studies, doi:10.1177/0042098020000000\r\n" in second
    assert "SN  - 978-1-4473-0000-0\r\n" in second
    assert "DO  - " not in second


@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_structure_and_line_endings(newline: str) -> None:
    results = [resolved(w, index=i) for i, w in enumerate(hostile_works())]
    ris = to_ris(results, newline=newline)  # type: ignore[arg-type]
    assert ris.endswith("ER  - " + newline)
    lines = ris.split(newline)
    assert lines[-1] == ""
    lines = lines[:-1]
    assert all(TAG_LINE.match(line) for line in lines)
    if newline == "\n":
        assert "\r" not in ris
    else:
        assert ris.count("\n") == ris.count("\r\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("TY  - ")]
    ends = [i for i, line in enumerate(lines) if line == "ER  - "]
    assert len(starts) == len(ends) == len(results)
    assert all(end + 1 == start for end, start in zip(ends, starts[1:], strict=False))


def test_empty_input() -> None:
    assert to_ris([]) == ""


def test_control_characters_do_not_reach_the_file() -> None:
    reference = Reference(
        raw="x", title="Esc \x1b[31mRED\x1b[0m and \x07bell", container_title="J\x00ournal"
    )
    ris = to_ris([unresolved(reference)])
    assert not any(ord(c) < 32 and c not in "\r\n" for c in ris)
    assert ("TI", "Esc [31mRED[0m and bell") in tags(ris)
