"""Asking several sources in turn: a local index first, then Crossref."""

from __future__ import annotations

from collections.abc import Sequence

from refenrich.errors import SourceError
from refenrich.models import Work
from refenrich.sources.base import WorkSource

__all__ = ["ChainSource"]


class ChainSource:
    """The first record any of ``sources`` holds, asked in order.

    A source that fails is skipped if a later one answers; when none holds the DOI and
    one failed, that failure is raised, since "not found" would then be unproven.
    """

    def __init__(self, sources: Sequence[WorkSource]) -> None:
        self.sources = list(sources)
        self.name = "+".join(source.name for source in self.sources)

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi`` from the first source that has it, or None."""
        failure: SourceError | None = None
        for source in self.sources:
            try:
                work = source.get_work(doi)
            except SourceError as error:
                failure = failure or error
                continue
            if work is not None:
                return work
        if failure is not None:
            raise failure
        return None
