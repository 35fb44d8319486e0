"""The protocol every record source follows: give a DOI, get a Work or None.

A source raises :class:`~refenrich.errors.SourceError` only when it cannot answer;
a DOI it does not hold is ``None``, not an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from refenrich.models import Work

__all__ = [
    "AsyncBatchSource",
    "AsyncSearchSource",
    "AsyncWorkSource",
    "BatchSource",
    "SearchSource",
    "WorkSource",
]


class WorkSource(Protocol):
    """A synchronous source of records (Crossref, a local file, ...)."""

    name: str

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        ...


class AsyncWorkSource(Protocol):
    """An asynchronous source of records."""

    name: str

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        ...


@runtime_checkable
class SearchSource(Protocol):
    """A source that can also find records from a reference's text (optional capability).

    ``search_works`` returns candidates best first by the source's own ranking; the
    caller validates them (:mod:`refenrich.match`). Crossref's clients, a
    :class:`~refenrich.sources.records.RecordsSource` and a local index all have it.
    """

    name: str

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        ...

    def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Candidate records for the reference string ``query``, best first."""
        ...


@runtime_checkable
class AsyncSearchSource(Protocol):
    """The async twin of :class:`SearchSource`."""

    name: str

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        ...

    async def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Candidate records for the reference string ``query``, best first."""
        ...


@runtime_checkable
class BatchSource(Protocol):
    """A source that can also look many DOIs up at once (optional capability).

    ``get_works`` returns the answers it has, by DOI as given: a record, or None where
    the source knows the DOI is absent. A DOI it leaves out is not known to be absent;
    the caller asks :meth:`get_work` for it. Crossref's clients batch DOIs in
    ``filter=doi:...`` list requests; :func:`refenrich.check.check_references` and the
    batch runner use it before resolving.
    """

    name: str

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        ...

    def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """The answers the source has for ``dois``, in as few requests as it can."""
        ...


@runtime_checkable
class AsyncBatchSource(Protocol):
    """The async twin of :class:`BatchSource`."""

    name: str

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        ...

    async def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """The answers the source has for ``dois``, in as few requests as it can."""
        ...
