"""The protocol every record source follows: give a DOI, get a Work or None.

A source raises :class:`~refenrich.errors.SourceError` only when it cannot answer;
a DOI it does not hold is ``None``, not an error.
"""

from __future__ import annotations

import inspect
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
    "require_source",
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


def require_source(source: object, *, asynchronous: bool) -> None:
    """Raise a plain TypeError when ``source`` is no record source of the kind a caller
    needs: a sync source (``check``) or an async one (``acheck``). Mixed up, they fail
    deep inside with "object Work can't be used in 'await' expression" or a coroutine
    that is never awaited."""
    get_work = getattr(source, "get_work", None)
    kind = type(source).__name__
    if not callable(get_work) or not isinstance(getattr(source, "name", None), str):
        raise TypeError(f"source must be a record source with a name and get_work(doi); got {kind}")
    if inspect.iscoroutinefunction(get_work) and not asynchronous:
        raise TypeError(
            f"{kind} is an async source: use acheck()/acheck_references(), or a sync "
            "source such as CrossrefClient or RecordsSource"
        )
    if asynchronous and not inspect.iscoroutinefunction(get_work):
        raise TypeError(
            f"{kind} is a sync source: use check()/check_references(), or an async source "
            "such as AsyncCrossrefClient or AsyncRecordsSource"
        )
