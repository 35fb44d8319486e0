"""Asking several sources in turn: a local index first, then Crossref.

:class:`ChainSource` (sync) and :class:`AsyncChainSource` share the walks below: each
yields the source to ask next and is sent its answer (or the
:class:`~refenrich.errors.SourceError` it raised); only the asking differs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Iterable, Sequence
from typing import Any, TypeVar

from refenrich.errors import SourceError
from refenrich.models import Work
from refenrich.sources.base import AsyncWorkSource, WorkSource

__all__ = ["AsyncChainSource", "ChainSource", "chain_members"]

S = TypeVar("S")
Answer = TypeVar("Answer")

_FirstRecord = Generator[S, "Work | SourceError | None", "Work | None"]
_Batches = Generator[
    tuple[S, list[str]], "dict[str, Work | None] | SourceError", "dict[str, Work | None]"
]


def _first_record(sources: Sequence[S]) -> _FirstRecord[S]:
    # A source that fails is skipped if a later one answers; when none holds the DOI
    # and one failed, that failure is raised, since "not found" would be unproven.
    failure: SourceError | None = None
    for source in sources:
        answer = yield source
        if isinstance(answer, SourceError):
            failure = failure or answer
            continue
        if answer is not None:
            return answer
    if failure is not None:
        raise failure
    return None


def _batches(sources: Sequence[S], dois: Iterable[str]) -> _Batches[S]:
    # Local sources and sources with get_works are asked in order; the first other one
    # ends the walk, since a DOI it may hold must not be answered by a later one.
    remaining = list(dict.fromkeys(dois))
    found: dict[str, Work | None] = {}
    if not any(callable(getattr(source, "get_works", None)) for source in sources):
        return found
    for source in sources:
        if not remaining:
            break
        if not (callable(getattr(source, "get_works", None)) or getattr(source, "local", False)):
            break
        answers = yield source, remaining
        if isinstance(answers, SourceError):
            break  # what this source holds is unknown: the rest go through get_work
        found.update((doi, work) for doi, work in answers.items() if work is not None)
        remaining = [doi for doi in remaining if doi not in found]
    return found


def _drive(walk: Generator[S, Any, Answer], ask: Callable[[S], Any]) -> Answer:
    try:
        step = next(walk)
        while True:
            try:
                answer = ask(step)
            except SourceError as error:
                answer = error
            step = walk.send(answer)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def _adrive(walk: Generator[S, Any, Answer], ask: Callable[[S], Awaitable[Any]]) -> Answer:
    try:
        step = next(walk)
        while True:
            try:
                answer = await ask(step)
            except SourceError as error:
                answer = error
            step = walk.send(answer)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


def _ask_batch(step: tuple[Any, list[str]]) -> dict[str, Work | None]:
    source, dois = step
    batch = getattr(source, "get_works", None)
    if callable(batch):
        return dict(batch(dois))
    return {doi: source.get_work(doi) for doi in dois}


async def _aask_batch(step: tuple[Any, list[str]]) -> dict[str, Work | None]:
    source, dois = step
    batch = getattr(source, "get_works", None)
    if callable(batch):
        return dict(await batch(dois))
    return {doi: await source.get_work(doi) for doi in dois}


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
        return _drive(_first_record(self.sources), lambda source: source.get_work(doi))

    def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """The records the sources hold for ``dois``, asked in order, batched where possible.

        A local source (``local = True``) is asked DOI by DOI, a source with
        ``get_works`` in batches; the first other source ends the walk, since a DOI it
        may hold must not be answered by a later one. Only records are returned: a DOI
        no source answered is left to :meth:`get_work` (never claimed absent here).
        """
        return _drive(_batches(self.sources, dois), _ask_batch)


class AsyncChainSource:
    """:class:`ChainSource` for async sources (a local index's async face, then
    :class:`~refenrich.crossref.client.AsyncCrossrefClient`)."""

    def __init__(self, sources: Sequence[AsyncWorkSource]) -> None:
        self.sources = list(sources)
        self.name = "+".join(source.name for source in self.sources)

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi`` from the first source that has it, or None."""
        return await _adrive(_first_record(self.sources), lambda source: source.get_work(doi))

    async def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """As :meth:`ChainSource.get_works`."""
        return await _adrive(_batches(self.sources, dois), _aask_batch)


def chain_members(source: object) -> list[Any]:
    """The sources a chain asks in turn, or ``[source]`` for a source that is no chain."""
    return source.sources if isinstance(source, ChainSource | AsyncChainSource) else [source]
