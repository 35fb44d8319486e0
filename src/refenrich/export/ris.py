"""RIS export, the tagged format of Reference Manager, EndNote, Zotero and Mendeley.

Every line is a two-character tag, two spaces, a hyphen and a space, then the value;
``TY`` opens a record and ``ER`` closes it. The specification ends lines with CR LF,
which is the default here; pass ``newline="\\n"`` for LF. Either way one file uses one
line ending throughout, and values never contain a line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from refenrich.export.markup import without_controls
from refenrich.export.records import FORMAT_TYPES, ExportRecord, Kind, records_for_results
from refenrich.models import Author, CheckResult

__all__ = ["record_to_ris", "to_ris"]

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def _value(value: str) -> str:
    return _LINE_BREAKS.sub(" ", without_controls(value)).strip()


def _name(author: Author) -> str:
    if author.literal:
        return author.literal
    return ", ".join(part for part in (author.family, author.given) if part)


def _date(record: ExportRecord) -> str | None:
    if record.year is None:
        return None
    month = f"{record.month:02d}" if record.month else ""
    day = f"{record.day:02d}" if record.month and record.day else ""
    return f"{record.year:04d}/{month}/{day}/"


def record_to_ris(record: ExportRecord) -> list[tuple[str, str]]:
    """The (tag, value) pairs of one RIS record, from ``TY`` to ``ER``."""
    tags: list[tuple[str, str | None]] = [("TY", FORMAT_TYPES[record.kind].ris), ("ID", record.key)]
    # The specification forbids asterisks in author and periodical names.
    tags += [("AU", _name(author).replace("*", "")) for author in record.authors]
    tags += [("ED", _name(author).replace("*", "")) for author in record.editors]
    tags += [
        ("PY", f"{record.year:04d}" if record.year is not None else None),
        ("DA", _date(record)),
        ("TI", record.plain_title),
        ("T2", record.container_title),
        (
            "JO",
            record.short_container_title.replace("*", "")
            if record.short_container_title and record.kind is Kind.ARTICLE
            else None,
        ),
        ("ET", record.edition),
        ("VL", record.volume),
        ("IS", record.issue),
        ("SP", record.first_page or record.article_number),
        ("EP", record.last_page),
        ("PB", record.publisher),
        ("CY", record.place),
        ("SN", record.isbn or record.issn),
        ("DO", record.doi),
        ("UR", record.url),
        ("N1", ". ".join(record.notes) if record.notes else None),
    ]
    pairs = [(tag, _value(value)) for tag, value in tags if value and _value(value)]
    return [*pairs, ("ER", "")]


def to_ris(results: Iterable[CheckResult], *, newline: Literal["\r\n", "\n"] = "\r\n") -> str:
    """A RIS file for ``results``, one record per result, in order.

    What is exported for each result is decided as for BibTeX (resolved record,
    reference as written with a "Not verified" note, or the book behind a review).
    """
    lines = [
        f"{tag}  - {value}"
        for record in records_for_results(results)
        for tag, value in record_to_ris(record)
    ]
    return "".join(line + newline for line in lines)
