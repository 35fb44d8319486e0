"""The protocol every record source follows: give a DOI, get a Work or None.

A source raises :class:`~refenrich.errors.SourceError` only when it cannot answer;
a DOI it does not hold is ``None``, not an error.
"""

from __future__ import annotations

from typing import Protocol

from refenrich.models import Work

__all__ = ["AsyncWorkSource", "WorkSource"]


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
