"""Worker processes for a batch: the CPU work of the references the cache can answer.

A batch re-run, or a run against a local index, spends its time parsing references,
validating candidates and comparing records: pure Python, on one core. A
:class:`WorkerPool` spreads that work over processes. The batch
(:func:`refenrich.batch.arun_batch`) hands the workers chunks of reference texts; each
worker parses them and checks every one its cache-only view of the batch's source (a
:class:`SourceRecipe`) can answer, through the same synchronous
:func:`refenrich.resolve.resolve_all` flow a one-off check uses. A reference that needs
the network comes back unchecked, parsed, and goes through the batch's one async client,
so Crossref's rate limits, the concurrency cap and the circuit breaker stay in one place.

Workers are forked on Linux, so they start in milliseconds with everything already
imported; elsewhere they are spawned (each imports refenrich once). Results are
identical to a run without workers.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast

from refenrich.check import ReferenceItem, as_reference, doi_to_look_up, search_sources
from refenrich.compare import DEFAULT_RULES, Rule
from refenrich.crossref.cache import DEFAULT_NOT_FOUND_TTL, DEFAULT_TTL, SQLiteCache
from refenrich.crossref.client import CrossrefClient
from refenrich.crossref.protocol import CrossrefSettings
from refenrich.index.sqlite import open_index
from refenrich.models import CheckResult, Reference
from refenrich.resolve import resolve_all, result_for
from refenrich.sources.base import WorkSource
from refenrich.sources.chain import ChainSource, chain_members

__all__ = ["ChunkResult", "SourceRecipe", "WorkerPool", "usable_cpus"]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system says)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class SourceRecipe:
    """How a worker opens its own read-only view of a batch's source.

    Either a local index (``index_path``: an SQLite index, opened by each worker, or a
    records file, loaded by each) or a Crossref response cache (``cache_path``, with the
    ``settings`` its keys were made with and its time-to-live), read by a
    :class:`~refenrich.crossref.client.CrossrefClient` that never sends.
    """

    settings: CrossrefSettings | None = None
    cache_path: Path | None = None
    cache_ttl: float = DEFAULT_TTL
    not_found_ttl: float = DEFAULT_NOT_FOUND_TTL
    index_path: Path | None = None

    @classmethod
    def for_cache(
        cls, settings: CrossrefSettings, cache: SQLiteCache, index_path: Path | None = None
    ) -> SourceRecipe | None:
        """A view of ``cache`` as it is, after the local index at ``index_path`` if
        given (None when the cache is set to ignore what it holds)."""
        if cache.refresh:
            return None
        return cls(settings, cache.path, cache.ttl, cache.not_found_ttl, index_path)

    def open(self) -> WorkSource:
        """The worker's source: the index, the cache, or the index then the cache."""
        index = cast(WorkSource, open_index(self.index_path)) if self.index_path else None
        if self.cache_path is None:
            if index is None:
                raise ValueError("a SourceRecipe needs a cache_path or an index_path")
            return index
        cache = SQLiteCache(self.cache_path, ttl=self.cache_ttl, not_found_ttl=self.not_found_ttl)
        client = CrossrefClient(self.settings, cache=cache, cache_only=True)
        return client if index is None else ChainSource([index, client])


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The answer for one chunk: the results the cache could give, the references
    (parsed, by index) that need the network, and the cache hits it took."""

    results: list[CheckResult]
    pending: list[tuple[int, Reference]]
    cache_hits: int = 0


@dataclass(frozen=True, slots=True)
class _Sent:
    """A :class:`ChunkResult` on its way from a worker: results as JSON, which pydantic
    writes and reads faster than pickle handles the models."""

    results: list[bytes]
    pending: list[tuple[int, Reference]]
    cache_hits: int

    def received(self) -> ChunkResult:
        results = [CheckResult.model_validate_json(data) for data in self.results]
        return ChunkResult(results, self.pending, self.cache_hits)


class _DeferredAgency:
    """Stands in for the batch's registration-agency fallback (doi.org), which only the
    batch's process may ask: counts the DOIs it is asked about, so their references go
    back to that process, and answers nothing."""

    name = "doi.org"

    def __init__(self) -> None:
        self.asked = 0

    def get_work(self, doi: str) -> None:
        self.asked += 1


@dataclass(slots=True)
class _Checker:
    """A cache-only source and the rules: what checks a chunk in a worker."""

    source: WorkSource
    searchers: list[Any]
    rules: Sequence[Rule]
    agency: _DeferredAgency

    @classmethod
    def open(cls, recipe: SourceRecipe, rules: Sequence[Rule]) -> _Checker:
        source = recipe.open()
        return cls(source, search_sources(source), rules, _DeferredAgency())

    def check(self, items: Sequence[tuple[int, ReferenceItem]]) -> ChunkResult:
        """Parse and check each (index, item) the cache can answer (a DOI it does not
        hold may be a registration agency's: the batch's process decides)."""
        results: list[CheckResult] = []
        pending: list[tuple[int, Reference]] = []
        hits = _hits(self.source)
        for index, item in items:
            reference = as_reference(item)
            before = (_misses(self.source), self.agency.asked)
            [resolved] = resolve_all(
                [(reference, doi_to_look_up(reference))],
                self.source,
                self.searchers,
                agency=self.agency,
                rules=self.rules,
                batch=False,
            )
            if (_misses(self.source), self.agency.asked) != before:
                pending.append((index, reference))
            else:
                results.append(result_for(index, reference, resolved, self.rules))
        return ChunkResult(results, pending, _hits(self.source) - hits)


def _clients(source: WorkSource) -> list[CrossrefClient]:
    return [member for member in chain_members(source) if isinstance(member, CrossrefClient)]


def _misses(source: WorkSource) -> int:
    return sum(client.cache_misses for client in _clients(source))


def _hits(source: WorkSource) -> int:
    return sum(client.cache_hits for client in _clients(source))


_checker: _Checker | None = None
"""The worker process's checker (made by the pool's initializer)."""


def _start_worker(recipe: SourceRecipe, rules: Sequence[Rule]) -> None:
    global _checker
    _checker = _Checker.open(recipe, rules)


def _check_in_worker(items: Sequence[tuple[int, ReferenceItem]]) -> _Sent:
    if _checker is None:
        raise RuntimeError("this runs in a WorkerPool's processes")
    answer = _checker.check(items)
    results = [result.stored_json().encode() for result in answer.results]
    return _Sent(results, answer.pending, answer.cache_hits)


def _noop() -> None:
    """Submitted once so that the workers start at once (see WorkerPool)."""


class WorkerPool:
    """Checks what the cache can answer, in ``jobs`` (two or more) worker processes (see
    the module).

    Make it before anything else starts threads (a progress display, say): on Linux the
    workers are forked, and they are started by the constructor, which raises
    :class:`concurrent.futures.process.BrokenProcessPool` (a ``RuntimeError``) when they
    cannot start (the recipe's cache or index cannot be opened, say). ``start_method``
    overrides how processes start (``multiprocessing``'s names). Close it (or use it as a
    context manager) when done.

    There is no one-process form: in this process the same pass measured slower than
    the batch's own async path (``benchmarks/crossref_cache.py --jobs``), so one process
    means no pool at all.
    """

    def __init__(
        self,
        jobs: int,
        recipe: SourceRecipe,
        rules: Sequence[Rule] = DEFAULT_RULES,
        *,
        start_method: str | None = None,
    ) -> None:
        if jobs < 2:
            raise ValueError("a WorkerPool needs two or more jobs (one process: no pool)")
        self.jobs = jobs
        method = start_method or ("fork" if sys.platform == "linux" else "spawn")
        self._executor = ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(recipe, tuple(rules)),
        )
        try:
            self._executor.submit(_noop).result()
        except BaseException:
            self._executor.shutdown(wait=True, cancel_futures=True)
            raise

    async def check(self, items: Sequence[tuple[int, ReferenceItem]]) -> ChunkResult:
        """Check ``items`` in a worker; raises whatever broke the worker, if one broke."""
        sent = await asyncio.wrap_future(self._executor.submit(_check_in_worker, list(items)))
        return sent.received()

    def close(self) -> None:
        """Stop the workers (chunks not started are dropped)."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
