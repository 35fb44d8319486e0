"""Worker processes for a batch: the CPU work of the references the cache can answer.

A batch re-run, or a run against a local index, spends its time parsing references,
validating candidates and comparing records: pure Python, on one core. A
:class:`WorkerPool` spreads that work over processes. The batch
(:func:`refenrich.batch.arun_batch`) sends each worker chunks of reference texts; the
worker parses them and checks every one it can answer from the cache alone, through its
own cache-only view of the batch's source (a :class:`SourceRecipe`). A reference that
needs the network comes back unchecked, parsed, and goes through the parent's one client,
so Crossref's rate limits, the concurrency cap and the circuit breaker stay in one place.

Workers are forked on Linux, so they start in milliseconds with everything already
imported; elsewhere they are spawned (each imports refenrich once). Results are
identical to a run without workers: the same :func:`refenrich.resolve.resolve_all`
flow, from the same cached answers.
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
from typing import Any, Self

from refenrich.check import doi_to_look_up, search_sources
from refenrich.compare import DEFAULT_RULES, Rule
from refenrich.crossref.cache import DEFAULT_NOT_FOUND_TTL, DEFAULT_TTL, SQLiteCache
from refenrich.crossref.client import CrossrefClient
from refenrich.crossref.protocol import CrossrefSettings
from refenrich.models import CheckResult, Reference
from refenrich.resolve import resolve_all, result_for
from refenrich.sources.base import WorkSource
from refenrich.sources.records import RecordsSource
from refenrich.text.parse import parse_reference

__all__ = ["ChunkResult", "SourceRecipe", "WorkerPool", "usable_cpus"]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system says)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class SourceRecipe:
    """How a worker opens its own read-only view of a batch's source.

    Either a local records file (``index_path``, loaded by each worker) or a Crossref
    response cache (``cache_path``, with the ``settings`` its keys were made with),
    read by a :class:`~refenrich.crossref.client.CrossrefClient` that never sends.
    """

    settings: CrossrefSettings | None = None
    cache_path: Path | None = None
    cache_ttl: float = DEFAULT_TTL
    not_found_ttl: float = DEFAULT_NOT_FOUND_TTL
    index_path: Path | None = None

    @classmethod
    def for_cache(cls, settings: CrossrefSettings, cache: SQLiteCache) -> SourceRecipe | None:
        """A view of ``cache`` as it is (None when it is set to ignore what it holds)."""
        if cache.refresh:
            return None
        return cls(settings, cache.path, cache.ttl, cache.not_found_ttl)

    def open(self) -> WorkSource:
        """The worker's source."""
        if self.index_path is not None:
            return RecordsSource.from_path(self.index_path)
        if self.cache_path is None:
            raise ValueError("a SourceRecipe needs a cache_path or an index_path")
        cache = SQLiteCache(self.cache_path, ttl=self.cache_ttl, not_found_ttl=self.not_found_ttl)
        return CrossrefClient(self.settings, cache=cache, cache_only=True)


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """A worker's answer for one chunk: the results it could make, and the references
    (parsed, by index) that need the network.

    Results travel as JSON (``CheckResult.model_dump_json``): pydantic writes and reads
    it faster than pickle handles the models. :meth:`checked` reads them back.
    """

    results: list[bytes]
    pending: list[tuple[int, Reference]]
    cache_hits: int = 0
    """Look-ups the worker answered from the cache for this chunk."""

    def checked(self) -> list[CheckResult]:
        """The results as :class:`~refenrich.models.CheckResult` objects."""
        return [CheckResult.model_validate_json(data) for data in self.results]


@dataclass(slots=True)
class _Worker:
    source: WorkSource
    searchers: list[Any]
    rules: Sequence[Rule]


_worker: _Worker | None = None

# Computed fields (``doi``, ``work``) are written for readers but not accepted back.
_COMPUTED = frozenset(CheckResult.model_computed_fields)


def _start_worker(recipe: SourceRecipe, rules: Sequence[Rule]) -> None:
    global _worker
    source = recipe.open()
    _worker = _Worker(source, search_sources(source), rules)


def _misses(source: WorkSource) -> int:
    return source.cache_misses if isinstance(source, CrossrefClient) else 0


def _hits(source: WorkSource) -> int:
    return source.cache_hits if isinstance(source, CrossrefClient) else 0


def check_chunk(items: Sequence[tuple[int, str]]) -> ChunkResult:
    """In a worker: parse and check each (index, text) the cache can answer."""
    if _worker is None:
        raise RuntimeError("check_chunk runs in a WorkerPool's processes")
    worker = _worker
    results: list[bytes] = []
    pending: list[tuple[int, Reference]] = []
    hits = _hits(worker.source)
    for index, text in items:
        reference = parse_reference(text)
        before = _misses(worker.source)
        [resolved] = resolve_all(
            [(reference, doi_to_look_up(reference))],
            worker.source,
            worker.searchers,
            rules=worker.rules,
            batch=False,
        )
        if _misses(worker.source) != before:
            pending.append((index, reference))
        else:
            result = result_for(index, reference, resolved, worker.rules)
            results.append(result.model_dump_json(exclude=set(_COMPUTED)).encode())
    return ChunkResult(results, pending, _hits(worker.source) - hits)


def _noop() -> None:
    """Submitted once so that the workers start at once (see WorkerPool)."""


class WorkerPool:
    """``jobs`` worker processes that check what the cache can answer (see the module).

    Make it before anything else starts threads (a progress display, say): on Linux the
    workers are forked, and they are started by the constructor, which raises
    :class:`concurrent.futures.process.BrokenProcessPool` (a ``RuntimeError``) when they
    cannot start (the recipe's cache or index cannot be opened, say). Close it (or use
    it as a context manager) to stop them.
    """

    def __init__(
        self, jobs: int, recipe: SourceRecipe, rules: Sequence[Rule] = DEFAULT_RULES
    ) -> None:
        self.jobs = max(1, jobs)
        method = "fork" if sys.platform == "linux" else "spawn"
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

    async def check(self, items: Sequence[tuple[int, str]]) -> ChunkResult:
        """Check ``items`` in a worker; raises whatever broke the worker, if one broke."""
        return await asyncio.wrap_future(self._executor.submit(check_chunk, list(items)))

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
