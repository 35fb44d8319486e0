"""CSL-JSON export: the citation data format of citeproc-js, Zotero and pandoc.

Items follow the csl-data.json schema (v1.0): ``id`` and ``type`` always, names as
``{"family", "given"}`` or ``{"literal"}``, dates as ``{"date-parts": [[y, m, d]]}``.
Titles keep Crossref's italics, bold, sub- and superscripts as the HTML-like rich-text
tags CSL processors understand (``<i>``, ``<b>``, ``<sub>``, ``<sup>``, small caps as
``<span style="font-variant:small-caps;">``); pass ``rich_text=False`` for plain titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from refenrich.export.keys import DEFAULT_KEY_PATTERN
from refenrich.export.markup import RichText, Style
from refenrich.export.records import FORMAT_TYPES, ExportRecord, records_for_results
from refenrich.models import Author, CheckResult

__all__ = ["record_to_csl", "to_csl_json"]

_TAGS = (
    (Style.ITALIC, "<i>", "</i>"),
    (Style.BOLD, "<b>", "</b>"),
    (Style.SMALL_CAPS, '<span style="font-variant:small-caps;">', "</span>"),
    (Style.SUB, "<sub>", "</sub>"),
    (Style.SUP, "<sup>", "</sup>"),
)


def _rich(rich: RichText) -> str:
    out: list[str] = []
    for span in rich:
        text = span.text
        for style, opening, closing in _TAGS:
            if style in span.styles:
                text = opening + text + closing
        out.append(text)
    return "".join(out)


def _name(author: Author) -> dict[str, str]:
    if author.literal:
        return {"literal": author.literal}
    if not author.family:
        return {"literal": author.given or ""}  # a mononym: CSL needs a family or literal
    return {"family": author.family, **({"given": author.given} if author.given else {})}


def _names(authors: Sequence[Author]) -> list[dict[str, str]]:
    return [_name(author) for author in authors if author.display]


def record_to_csl(record: ExportRecord, *, rich_text: bool = True) -> dict[str, Any]:
    """The CSL-JSON item for one :class:`~refenrich.export.records.ExportRecord`."""
    item: dict[str, Any] = {"id": record.key or "ref", "type": FORMAT_TYPES[record.kind].csl}
    date_parts = [p for p in (record.year, record.month, record.day) if p is not None]
    if record.month is None:
        date_parts = date_parts[:1]
    title = _rich(record.title) if rich_text else record.plain_title
    values: dict[str, Any] = {
        "author": _names(record.authors),
        "editor": _names(record.editors),
        "issued": {"date-parts": [date_parts]} if record.year is not None else None,
        "title": title,
        "container-title": record.container_title,
        "container-title-short": record.short_container_title,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.pages,
        "number": record.article_number,
        "edition": record.edition,
        "publisher": record.publisher,
        "publisher-place": record.place,
        "DOI": record.doi,
        "ISBN": record.isbn,
        "ISSN": record.issn,
        "URL": record.url,
        "note": ". ".join(record.notes) if record.notes else None,
    }
    item.update({name: value for name, value in values.items() if value})
    return item


def to_csl_json(
    results: Iterable[CheckResult],
    *,
    key_pattern: str = DEFAULT_KEY_PATTERN,
    rich_text: bool = True,
) -> list[dict[str, Any]]:
    """CSL-JSON items for ``results``, in order; dump with ``json.dumps`` for a file.

    Item ids are the same citation keys :func:`~refenrich.export.bibtex.to_bibtex`
    gives, and what is exported for each result is decided the same way.
    """
    return [
        record_to_csl(record, rich_text=rich_text)
        for record in records_for_results(results, key_pattern=key_pattern)
    ]
