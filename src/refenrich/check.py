"""The checking pipeline: text -> references -> look-ups -> findings -> report.

Only the look-up does I/O, through an injected source. :func:`check` and
:func:`acheck` share every other step (the decisions live in :mod:`refenrich.resolve`):
they differ only in how they wait for the source. Each distinct look-up is made once
per run, and the DOIs of all the references are looked up together first when the
source can (Crossref: ``filter=doi:...`` list requests of up to 20 DOIs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from refenrich.compare import DEFAULT_RULES, Rule
from refenrich.models import (
    Reference,
    Report,
)
from refenrich.resolve import Resolved, SearchOptions, aresolve_all, resolve_all, result_for
from refenrich.sources.base import (
    AsyncSearchSource,
    AsyncWorkSource,
    SearchSource,
    WorkSource,
    require_source,
)
from refenrich.sources.chain import chain_members
from refenrich.sources.doiorg import AgencyFallbackSource
from refenrich.text.parse import parse_reference
from refenrich.text.section import Section, find_reference_section
from refenrich.text.split import split_lines, split_references

# The Crossref clients (and httpx) are imported when check() or acheck() makes one.
if TYPE_CHECKING:
    from refenrich.crossref.protocol import CrossrefSettings

__all__ = [
    "Extraction",
    "SearchOptions",
    "acheck",
    "acheck_references",
    "check",
    "check_references",
    "doi_to_look_up",
    "extract_references",
    "split_reference_texts",
]


@dataclass(frozen=True, slots=True)
class Extraction:
    """The references read from a text, and the section they came from (None with ``lines``)."""

    references: list[Reference]
    section: Section | None


def extract_references(text: str, *, lines: bool = False) -> Extraction:
    """Find, split and parse the references in ``text``.

    With ``lines=True`` each non-empty line is one reference (no section finding).
    """
    items, section = split_reference_texts(text, lines=lines)
    return Extraction([parse_reference(item) for item in items], section)


def split_reference_texts(text: str, *, lines: bool = False) -> tuple[list[str], Section | None]:
    """:func:`extract_references` without the parsing: each reference's text, and the
    section they came from (None with ``lines``)."""
    if lines:
        return split_lines(text), None
    section = find_reference_section(text)
    return split_references(section.text), section


ReferenceItem = str | Reference
"""One reference of a document as a batch carries it: its text, or already parsed (a
BibTeX entry, read with its file's @string macros)."""


def as_reference(item: ReferenceItem) -> Reference:
    """``item`` parsed, unless it already is a reference."""
    return item if isinstance(item, Reference) else parse_reference(item)


def doi_to_look_up(reference: Reference) -> str | None:
    """The DOI that identifies what the reference points at, if it gives one.

    A work cited only through a review of it is looked up by the review's DOI, so the
    report can say what that DOI really identifies.
    """
    if reference.doi:
        return reference.doi
    return next((mention.doi for mention in reference.reviewed_in if mention.doi), None)


def search_sources(source: object) -> list[Any]:
    """The sources in ``source`` (itself, or the members of a chain) that can search text."""
    return [
        member
        for member in chain_members(source)
        if isinstance(member, SearchSource | AsyncSearchSource)
        and callable(getattr(member, "search_works", None))
    ]


def _options(search: bool | SearchOptions) -> SearchOptions:
    if isinstance(search, SearchOptions):
        return search
    return SearchOptions(enabled=search)


def _report(
    items: Sequence[tuple[Reference, str | None]],
    resolved: Sequence[Resolved],
    rules: Sequence[Rule],
    name: str | None,
) -> Report:
    results = [
        result_for(index, reference, outcome, rules)
        for index, ((reference, _), outcome) in enumerate(zip(items, resolved, strict=True), 1)
    ]
    return Report(source=name, results=results)


def check_references(
    references: Sequence[Reference],
    source: WorkSource,
    *,
    rules: Sequence[Rule] = DEFAULT_RULES,
    name: str | None = None,
    search: bool | SearchOptions = True,
    agency: WorkSource | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Check already-parsed references against ``source``.

    ``progress(1)`` is called as each reference is resolved (e.g.
    :meth:`refenrich.progress.Progress.advance`).

    A reference without a DOI, or whose DOI leads to another work or nowhere, is searched
    by its text in the sources that can search (``search=False`` turns this off; pass
    :class:`SearchOptions` to tune it). ``agency`` (e.g.
    :class:`~refenrich.sources.doiorg.DoiOrgClient`) is asked for DOIs ``source`` does not
    hold. When ``source`` has ``get_works`` (:class:`~refenrich.sources.base.BatchSource`,
    e.g. :class:`~refenrich.crossref.client.CrossrefClient`), the references' DOIs are
    looked up in batches first; a DOI a batch did not answer is looked up on its own.
    """
    require_source(source, asynchronous=False)
    if agency is None and isinstance(source, AgencyFallbackSource):
        paired: AgencyFallbackSource = source
        source, agency = paired.source, paired.agency
    items = [(reference, doi_to_look_up(reference)) for reference in references]
    resolved = resolve_all(
        items,
        source,
        search_sources(source),
        agency=agency,
        options=_options(search),
        rules=rules,
        progress=progress,
    )
    return _report(items, resolved, rules, name)


async def acheck_references(
    references: Sequence[Reference],
    source: AsyncWorkSource,
    *,
    rules: Sequence[Rule] = DEFAULT_RULES,
    name: str | None = None,
    concurrency: int = 3,
    search: bool | SearchOptions = True,
    agency: AsyncWorkSource | None = None,
) -> Report:
    """The async twin of :func:`check_references`; at most ``concurrency`` look-ups at once."""
    require_source(source, asynchronous=True)
    items = [(reference, doi_to_look_up(reference)) for reference in references]
    resolved = await aresolve_all(
        items,
        source,
        search_sources(source),
        agency=agency,
        options=_options(search),
        rules=rules,
        concurrency=concurrency,
    )
    return _report(items, resolved, rules, name)


def check(
    text: str,
    *,
    source: WorkSource | None = None,
    settings: CrossrefSettings | None = None,
    lines: bool = False,
    rules: Sequence[Rule] = DEFAULT_RULES,
    name: str | None = None,
    search: bool | SearchOptions = True,
    agency: WorkSource | None = None,
) -> Report:
    """Check every reference in ``text`` (a document or a bare list).

    Records come from ``source``; by default from Crossref with ``settings``. See
    :func:`check_references` for ``search`` and ``agency``.
    """
    references = extract_references(text, lines=lines).references
    if source is not None:
        return check_references(
            references, source, rules=rules, name=name, search=search, agency=agency
        )
    from refenrich.crossref.client import CrossrefClient

    with CrossrefClient(settings) as client:
        return check_references(
            references, client, rules=rules, name=name, search=search, agency=agency
        )


async def acheck(
    text: str,
    *,
    source: AsyncWorkSource | None = None,
    settings: CrossrefSettings | None = None,
    lines: bool = False,
    rules: Sequence[Rule] = DEFAULT_RULES,
    name: str | None = None,
    concurrency: int = 3,
    search: bool | SearchOptions = True,
    agency: AsyncWorkSource | None = None,
) -> Report:
    """The async twin of :func:`check`."""
    references = extract_references(text, lines=lines).references
    if source is not None:
        return await acheck_references(
            references,
            source,
            rules=rules,
            name=name,
            concurrency=concurrency,
            search=search,
            agency=agency,
        )
    from refenrich.crossref.client import AsyncCrossrefClient

    async with AsyncCrossrefClient(settings) as client:
        return await acheck_references(
            references,
            client,
            rules=rules,
            name=name,
            concurrency=concurrency,
            search=search,
            agency=agency,
        )
