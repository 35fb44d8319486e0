"""Crossref clients: :class:`CrossrefClient` (sync) and :class:`AsyncCrossrefClient`.

Both take an optional httpx client (never closed by refenrich when the caller passed
it) and share every decision with :mod:`refenrich.crossref.protocol` and
:mod:`refenrich.crossref.limits`; they differ only in how they send, sleep and wait.
Each request goes through the same steps:

1. the cache (if one was given): a live entry answers without any request, and
   without building one: the key comes straight from the DOI or query
   (:func:`~refenrich.crossref.protocol.work_cache_key`), and answers already read
   in this client's life are kept decoded in memory;
2. the circuit breaker: after too many failures, fail fast with ``CircuitOpenError``;
3. the limiter: wait for the pool's pacing and a concurrency slot;
4. send; the response's limit headers adapt the limiter; its answer is interpreted,
   counted by the breaker, and stored in the cache when it is a 200 or a 404;
5. retries (one tenacity configuration for both clients) repeat 2-4 on 408/429/5xx,
   timeouts and connection failures.

``get_works`` looks many DOIs up at once: what the cache holds is answered from it, the
rest go in ``filter=doi:...`` list requests of up to 20 DOIs (each through the same
steps, on the list budget), and every record found is stored under its own
``/works/{doi}`` key, exactly as a single look-up would store it.

After a connection failure has outlived its retries the client stops calling the
service for the rest of its life and fails fast, so a batch run on a machine without
network ends in seconds with a clear message instead of waiting out every reference;
answers in the cache are still served.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, cast

import httpx
import tenacity

from refenrich.crossref.cache import (
    DecodedBulkReader,
    DecodedReader,
    DecodedStore,
    ResponseCache,
)
from refenrich.crossref.limits import (
    AsyncLimiter,
    CircuitBreaker,
    Clock,
    Limiter,
    LimiterCore,
    Ticket,
)
from refenrich.crossref.protocol import (
    WORK_CODEC,
    WORK_LIST_CODEC,
    AnswerCodec,
    BatchedWork,
    CrossrefSettings,
    RecordMemo,
    build_search_request,
    build_work_request,
    build_works_by_doi_request,
    doi_batches,
    interpret_work,
    interpret_work_list,
    interpret_works_by_doi,
    is_service_failure,
    request_kind,
    search_cache_key,
    translate_transport_error,
    work_cache_key,
)
from refenrich.errors import NotCachedError, SourceConnectionError, SourceError, SourceTimeoutError
from refenrich.models import Work

__all__ = ["AsyncCrossrefClient", "CrossrefClient", "TrafficStats"]

T = TypeVar("T")

Reader = Callable[[int, Mapping[str, str], bytes], T]
"""Reads an answer from its status, headers and body (a response's, or a cached one's)."""

_RECENT_SIZE = 4096


@dataclass(frozen=True, slots=True)
class TrafficStats:
    """What a client has done so far (no secrets in here).

    ``requests`` were sent over the network (attempts, retries included); ``retries``
    of them repeated a failed attempt; ``cache_hits`` look-ups were answered by the
    cache; ``rate_limited`` answers were 429; ``failures`` attempts failed;
    ``circuit_open`` tells whether the breaker has stopped the client.
    """

    requests: int
    retries: int
    cache_hits: int
    rate_limited: int
    failures: int
    circuit_open: bool
    limit_changes: int

    def describe(self) -> str:
        """One line for people, e.g. for the end of a CLI run."""
        text = (
            f"Crossref: {self.requests} request(s), {self.retries} retried, "
            f"{self.cache_hits} from cache, {self.rate_limited} rate-limited (429)"
        )
        if self.circuit_open:
            text += "; stopped early: too many failed requests (circuit breaker open)"
        return text


@dataclass(frozen=True, slots=True)
class _Hit(Generic[T]):
    value: T


_MISSING = object()


class _Shared:
    """State and decisions common to both clients."""

    name = "crossref"

    def __init__(
        self,
        settings: CrossrefSettings | None,
        rng: random.Random | None,
        cache: ResponseCache | None,
        clock: Clock,
    ) -> None:
        self.settings = settings or CrossrefSettings()
        self.cache = cache
        self.cache_only = False
        self.cache_misses = 0
        self._decoded_store = cache if isinstance(cache, DecodedStore) else None
        self._decoded_reader = cache if isinstance(cache, DecodedReader) else None
        self._bulk_reader = cache if isinstance(cache, DecodedBulkReader) else None
        self._rng = rng or random.Random()
        self._unreachable: SourceConnectionError | None = None
        self._origin = httpx.URL(self.settings.base_url)
        self.requests_sent = 0
        self.retries = 0
        self.cache_hits = 0
        self.rate_limited = 0
        self.failures = 0
        self.limits = LimiterCore(
            self.settings.pool_limits,
            margin=self.settings.rate_margin,
            raise_from_headers=self.settings.raise_limits_from_headers,
            enabled=self.settings.rate_limit,
            clock=clock,
        )
        self.breaker = CircuitBreaker(self.settings.circuit, clock=clock)
        # Answers already read in this client's life (only with a cache): a DOI cited in
        # many documents is read from SQLite and decoded once per run.
        self._recent: dict[str, Any] = {}
        self._recent_lock = threading.Lock()
        # Records already read from the cache: searches for neighbouring references
        # return many of the same records, each validated once per run.
        self._records = RecordMemo()

    @property
    def traffic(self) -> TrafficStats:
        """Counters of requests, retries, cache hits and 429s so far."""
        return TrafficStats(
            requests=self.requests_sent,
            retries=self.retries,
            cache_hits=self.cache_hits,
            rate_limited=self.rate_limited,
            failures=self.failures,
            circuit_open=self.breaker.is_open,
            limit_changes=self.limits.adaptations,
        )

    def _retry_arguments(self) -> dict[str, Any]:
        policy = self.settings.retry

        def wait(state: tenacity.RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            return policy.wait_before(state.attempt_number, error, self._rng)

        def count_retry(state: tenacity.RetryCallState) -> None:
            self.retries += 1

        return {
            "stop": tenacity.stop_after_attempt(policy.max_attempts),
            "wait": wait,
            "retry": tenacity.retry_if_exception(policy.should_retry),
            "before_sleep": count_retry,
            "reraise": True,
        }

    def _check_reachable(self) -> None:
        if self.cache_only:
            self.cache_misses += 1
            raise NotCachedError("not in the cache (this client answers from the cache only)")
        if self._unreachable is not None:
            raise SourceConnectionError(
                f"{self._unreachable} (not retried: failed earlier in this run)"
            )

    def _remember_failure(self, error: SourceError) -> None:
        # A refused or unresolvable connection will not heal within a run; a timeout may
        # be one slow record, so it does not stop the rest.
        if isinstance(error, SourceConnectionError) and not isinstance(error, SourceTimeoutError):
            self._unreachable = error

    def _before_send(self, request: httpx.Request) -> None:
        self.breaker.check()
        url = request.url
        if (url.scheme, url.host, url.port) != (
            self._origin.scheme,
            self._origin.host,
            self._origin.port,
        ):
            raise SourceError("refused to send a request outside the configured Crossref URL")
        self.requests_sent += 1

    def _trace_send(self, request: httpx.Request, ticket: Ticket) -> None:
        # httpcore reports when the request headers are on the wire; the limiter paces
        # from that moment, not from when the slot was granted.
        core = self.limits

        def trace(event: str, info: Mapping[str, Any]) -> None:
            if event.endswith("send_request_headers.complete"):
                core.sent(ticket)

        request.extensions["trace"] = trace

    def _atrace_send(self, request: httpx.Request, ticket: Ticket) -> None:
        core = self.limits

        async def trace(event: str, info: Mapping[str, Any]) -> None:
            if event.endswith("send_request_headers.complete"):
                core.sent(ticket)

        request.extensions["trace"] = trace

    def _transport_failed(self, error: httpx.HTTPError) -> SourceError:
        self.failures += 1
        self.breaker.record(False)
        return translate_transport_error(error, self.settings.base_url)

    def _from_cache(
        self,
        key: str | None,
        read: Reader[T],
        codec: AnswerCodec[T],
        preread: Mapping[str, bytes] | None = None,
    ) -> _Hit[T] | None:
        """A cached answer, or None. No request object, limiter or retry set-up on a hit.

        ``preread`` holds decoded forms already read for many keys at once (see
        :meth:`_plan_works`): a key it holds needs no read of its own, one it lacks is
        read whole, as it would be after a decoded form that is not there.
        """
        if key is None or self.cache is None:
            return None
        recent = self._recent.get(key, _MISSING)
        if recent is not _MISSING:
            self.cache_hits += 1
            return _Hit(cast(T, list(recent) if isinstance(recent, list) else recent))
        value: Any = _MISSING
        if self._decoded_reader is not None:
            decoded = (
                preread.get(key)
                if preread is not None
                else self._decoded_reader.get_decoded(key, codec.format)
            )
            if decoded is not None:
                try:
                    value = codec.load(decoded, self._records)
                except ValueError:
                    pass  # damaged: the whole entry is read below
                else:
                    self.cache_hits += 1
                    self._remember(key, value)
                    return _Hit(cast(T, value))
        entry = self.cache.get(key)
        if entry is None:
            return None
        if entry.decoded is not None and entry.decoded_format == codec.format:
            with contextlib.suppress(ValueError):  # a damaged decoded form: read the body
                value = codec.load(entry.decoded, self._records)
        if value is _MISSING:
            try:
                value = read(entry.status, {"content-type": entry.content_type}, entry.body)
            except SourceError:
                return None  # an entry this version cannot read: ask again
            self._store_decoded(key, codec, value)
        self.cache_hits += 1
        self._remember(key, value)
        return _Hit(cast(T, value))

    def _store_decoded(self, key: str, codec: AnswerCodec[T], value: T) -> None:
        if self._decoded_store is not None:
            self._decoded_store.put_decoded(key, codec.format, codec.dump(value))

    def _remember(self, key: str, value: object) -> None:
        with self._recent_lock:
            if len(self._recent) >= _RECENT_SIZE:
                del self._recent[next(iter(self._recent))]
            self._recent[key] = list(value) if isinstance(value, list) else value

    def _settle(
        self,
        response: httpx.Response,
        read: Reader[T],
        codec: AnswerCodec[T] | None,
        key: str | None,
    ) -> T:
        """Interpret a response, count it for the breaker, and cache it if worth it."""
        if response.status_code == 429:
            self.rate_limited += 1
        try:
            value = read(response.status_code, response.headers, response.content)
        except SourceError as error:
            failed = is_service_failure(error)
            self.failures += failed
            self.breaker.record(not failed)
            raise
        self.breaker.record(True)
        if (
            key is not None
            and codec is not None
            and self.cache is not None
            and response.status_code in (200, 404)
        ):
            content_type = response.headers.get("content-type", "application/json")
            self.cache.put(key, response.status_code, content_type, response.content)
            self._store_decoded(key, codec, value)
            self._remember(key, value)
        return value

    def _work_key(self, doi: str) -> str | None:
        return work_cache_key(self.settings, doi) if self.cache is not None else None

    def _plan_works(
        self, dois: Iterable[str]
    ) -> tuple[dict[str, Work | None], dict[str, list[str]], list[tuple[str, ...]]]:
        """For :meth:`get_works`: the cached answers, each DOI's spellings, the batches."""
        answers: dict[str, Work | None] = {}
        spellings: dict[str, list[str]] = {}
        keys = {doi: self._work_key(doi) for doi in dict.fromkeys(dois)}
        # The decoded forms of all of them in a few statements, not one per DOI.
        preread = (
            self._bulk_reader.get_decoded_many(
                [key for key in keys.values() if key is not None], WORK_CODEC.format
            )
            if self._bulk_reader is not None and self._decoded_reader is not None
            else None
        )
        for doi, key in keys.items():
            hit = self._from_cache(key, interpret_work, WORK_CODEC, preread)
            if hit is not None:
                answers[doi] = hit.value
            else:
                spellings.setdefault(doi.lower(), []).append(doi)
        batches, _ = doi_batches(spellings)
        return answers, spellings, batches

    def _keep_batch(
        self,
        found: Mapping[str, BatchedWork],
        batch: Sequence[str],
        spellings: Mapping[str, list[str]],
        answers: dict[str, Work | None],
    ) -> None:
        """Store each record a batch returned as its single look-up would be stored."""
        for lowered in batch:
            record = found.get(lowered)
            if record is None:
                continue  # not in the list: not proof of absence, so left to get_work
            for doi in spellings[lowered]:
                answers[doi] = record.work
                key = self._work_key(doi)
                if key is not None and self.cache is not None:
                    self.cache.put(key, 200, "application/json", record.body)
                    self._store_decoded(key, WORK_CODEC, record.work)
                    self._remember(key, record.work)

    def _batch_request(self, batch: Sequence[str]) -> Callable[[], httpx.Request]:
        return lambda: build_works_by_doi_request(self.settings, batch)

    def _search_key(self, query: str, rows: int, select: Sequence[str] | None) -> str | None:
        if self.cache is None:
            return None
        return search_cache_key(self.settings, query, rows=rows, select=select)


class CrossrefClient(_Shared):
    """Look works up at Crossref, synchronously.

    ``http_client`` lets a caller supply their own :class:`httpx.Client` (proxies,
    transports, mocks); otherwise one is made with ``transport`` and closed by
    :meth:`close`. ``cache`` is a :class:`~refenrich.crossref.cache.ResponseCache`
    (None: no cache). ``sleep`` (retry waits), ``clock`` (limiter and breaker) and
    ``rng`` (jitter) are injectable so tests need not wait. Thread-safe for look-ups.
    With ``cache_only`` nothing is ever sent: a question the cache cannot answer raises
    :class:`~refenrich.errors.NotCachedError` and is counted in ``cache_misses``.
    """

    def __init__(
        self,
        settings: CrossrefSettings | None = None,
        *,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        cache: ResponseCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
        cache_only: bool = False,
    ) -> None:
        super().__init__(settings, rng, cache, clock)
        self.cache_only = cache_only
        self._owns_client = http_client is None
        # Made at the first request: a run answered from the cache never pays for it.
        self._http_client = http_client
        self._http_lock = threading.Lock()
        self._transport = transport
        self._sleep = sleep
        self._limiter = Limiter(self.limits)

    def _http(self) -> httpx.Client:
        with self._http_lock:  # look-ups may come from several threads
            if self._http_client is None:
                self._http_client = httpx.Client(
                    transport=self._transport,
                    timeout=self.settings.httpx_timeout(),
                    follow_redirects=False,
                )
            return self._http_client

    def _attempt(
        self,
        request: httpx.Request,
        read: Reader[T],
        codec: AnswerCodec[T] | None,
        key: str | None,
    ) -> T:
        kind = request_kind(request)
        self._before_send(request)
        with self._limiter.slot(kind) as ticket:
            self._trace_send(request, ticket)
            try:
                response = self._http().send(request, follow_redirects=False)
            except httpx.HTTPError as error:
                raise self._transport_failed(error) from None
            self._limiter.observe(kind, response.headers)
        return self._settle(response, read, codec, key)

    def _fetch(
        self,
        key: str | None,
        build: Callable[[], httpx.Request],
        read: Reader[T],
        codec: AnswerCodec[T] | None,
    ) -> T:
        hit = self._from_cache(key, read, codec) if codec is not None else None
        if hit is not None:
            return hit.value
        self._check_reachable()
        retrying = tenacity.Retrying(sleep=self._sleep, **self._retry_arguments())
        try:
            value: T = retrying(self._attempt, build(), read, codec, key)
            return value
        except SourceError as error:
            self._remember_failure(error)
            raise

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None when Crossref does not hold it.

        Raises :class:`~refenrich.errors.SourceError` when Crossref cannot be asked.
        """
        return self._fetch(
            self._work_key(doi),
            lambda: build_work_request(self.settings, doi),
            interpret_work,
            WORK_CODEC,
        )

    def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """Records for many DOIs, in as few requests as the cache and batching allow.

        Returns the answers it has, by DOI as given: a record, or None where the cache
        says Crossref does not hold the DOI. The rest go in ``filter=doi:...`` list
        requests of up to 20 DOIs. A DOI missing from the result is not known to be
        absent (not in the list, not batchable, alone, or its request failed): look it
        up with :meth:`get_work`, which keeps the exact "not found" answer. Never raises
        :class:`~refenrich.errors.SourceError`; a failed batch just answers nothing.
        """
        answers, spellings, batches = self._plan_works(dois)
        for batch in batches:
            try:
                found = self._fetch(None, self._batch_request(batch), interpret_works_by_doi, None)
            except SourceError:
                continue
            self._keep_batch(found, batch, spellings, answers)
        return answers

    def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Works matching a reference string (``query.bibliographic``), best first.

        Crossref's ranking only: validate the candidates (:mod:`refenrich.match`).
        Searches draw on the pool's list budget, separate from look-ups.
        """
        return self._fetch(
            self._search_key(query, rows, select),
            lambda: build_search_request(self.settings, query, rows=rows, select=select),
            interpret_work_list,
            WORK_LIST_CODEC,
        )

    def close(self) -> None:
        """Close the httpx client if this object made it."""
        if self._owns_client and self._http_client is not None:
            self._http_client.close()
            self._http_client = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncCrossrefClient(_Shared):
    """Look works up at Crossref, asynchronously. The twin of :class:`CrossrefClient`.

    Many look-ups may run at once (``asyncio.gather``): the limiter keeps them within
    the pool's pacing and concurrency limits. The cache is read and written in the
    event loop (SQLite on a local disk answers in microseconds). ``cache_only`` as for
    :class:`CrossrefClient`.
    """

    def __init__(
        self,
        settings: CrossrefSettings | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        cache: ResponseCache | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
        cache_only: bool = False,
    ) -> None:
        super().__init__(settings, rng, cache, clock)
        self.cache_only = cache_only
        self._owns_client = http_client is None
        self._http_client = http_client
        self._transport = transport
        self._sleep = sleep
        self._limiter = AsyncLimiter(self.limits)

    def _http(self) -> httpx.AsyncClient:
        if self._http_client is None:
            self._http_client = httpx.AsyncClient(
                transport=self._transport,
                timeout=self.settings.httpx_timeout(),
                follow_redirects=False,
            )
        return self._http_client

    async def _attempt(
        self,
        request: httpx.Request,
        read: Reader[T],
        codec: AnswerCodec[T] | None,
        key: str | None,
    ) -> T:
        kind = request_kind(request)
        self._before_send(request)
        async with self._limiter.slot(kind) as ticket:
            self._atrace_send(request, ticket)
            try:
                response = await self._http().send(request, follow_redirects=False)
            except httpx.HTTPError as error:
                raise self._transport_failed(error) from None
            await self._limiter.observe(kind, response.headers)
        return self._settle(response, read, codec, key)

    async def _fetch(
        self,
        key: str | None,
        build: Callable[[], httpx.Request],
        read: Reader[T],
        codec: AnswerCodec[T] | None,
    ) -> T:
        hit = self._from_cache(key, read, codec) if codec is not None else None
        if hit is not None:
            return hit.value
        self._check_reachable()
        retrying = tenacity.AsyncRetrying(sleep=self._sleep, **self._retry_arguments())
        try:
            value: T = await retrying(self._attempt, build(), read, codec, key)
            return value
        except SourceError as error:
            self._remember_failure(error)
            raise

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None when Crossref does not hold it."""
        return await self._fetch(
            self._work_key(doi),
            lambda: build_work_request(self.settings, doi),
            interpret_work,
            WORK_CODEC,
        )

    async def get_works(self, dois: Iterable[str]) -> dict[str, Work | None]:
        """Records for many DOIs in few requests (see :meth:`CrossrefClient.get_works`).

        The batches go out together; the limiter paces them on the list budget.
        """
        answers, spellings, batches = self._plan_works(dois)

        async def one(batch: tuple[str, ...]) -> None:
            try:
                found = await self._fetch(
                    None, self._batch_request(batch), interpret_works_by_doi, None
                )
            except SourceError:
                return
            self._keep_batch(found, batch, spellings, answers)

        await asyncio.gather(*(one(batch) for batch in batches))
        return answers

    async def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Works matching a reference string, best first (see :meth:`CrossrefClient.search_works`)."""
        return await self._fetch(
            self._search_key(query, rows, select),
            lambda: build_search_request(self.settings, query, rows=rows, select=select),
            interpret_work_list,
            WORK_LIST_CODEC,
        )

    async def aclose(self) -> None:
        """Close the httpx client if this object made it."""
        if self._owns_client and self._http_client is not None:
            await self._http_client.aclose()
            self._http_client = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
