"""Asking several sources in turn: a local index first, then Crossref."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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

    def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """The records the sources hold for ``dois``, asked in order, batched where possible.

        A local source (``local = True``) is asked DOI by DOI, a source with
        ``get_works`` in batches; the first other source ends the walk, since a DOI it
        may hold must not be answered by a later one. Only records are returned: a DOI
        no source answered is left to :meth:`get_work` (never claimed absent here).
        """
        remaining = list(dict.fromkeys(dois))
        found: dict[str, Work | None] = {}
        if not any(callable(getattr(source, "get_works", None)) for source in self.sources):
            return found
        for source in self.sources:
            if not remaining:
                break
            batch = getattr(source, "get_works", None)
            try:
                if callable(batch):
                    answers: dict[str, Work | None] = batch(remaining)
                elif getattr(source, "local", False):
                    answers = {doi: source.get_work(doi) for doi in remaining}
                else:
                    break
            except SourceError:
                break  # what this source holds is unknown: the rest go through get_work
            found.update((doi, work) for doi, work in answers.items() if work is not None)
            remaining = [doi for doi in remaining if doi not in found]
        return found
