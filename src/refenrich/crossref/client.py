"""Crossref clients: :class:`CrossrefClient` (sync) and :class:`AsyncCrossrefClient`.

Both take an optional httpx client (never closed by refenrich when the caller passed
it) and share every decision with :mod:`refenrich.crossref.protocol` and
:mod:`refenrich.crossref.limits`; they differ only in how they send, sleep and wait.
Each request goes through the same steps:

1. the cache (if one was given): a live entry answers without any request;
2. the circuit breaker: after too many failures, fail fast with ``CircuitOpenError``;
3. the limiter: wait for the pool's pacing and a concurrency slot;
4. send; the response's limit headers adapt the limiter; its answer is interpreted,
   counted by the breaker, and stored in the cache when it is a 200 or a 404;
5. retries (one tenacity configuration for both clients) repeat 2-4 on 408/429/5xx,
   timeouts and connection failures.

After a connection failure has outlived its retries the client stops calling the
service for the rest of its life and fails fast, so a batch run on a machine without
network ends in seconds with a clear message instead of waiting out every reference.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx
import tenacity

from refenrich.crossref.cache import ResponseCache
from refenrich.crossref.limits import (
    AsyncLimiter,
    CircuitBreaker,
    Clock,
    Limiter,
    LimiterCore,
    Ticket,
)
from refenrich.crossref.protocol import (
    CrossrefSettings,
    build_search_request,
    build_work_request,
    cache_key,
    interpret_work_list_response,
    interpret_work_response,
    is_service_failure,
    request_kind,
    translate_transport_error,
)
from refenrich.errors import SourceConnectionError, SourceError, SourceTimeoutError
from refenrich.models import Work

__all__ = ["AsyncCrossrefClient", "CrossrefClient", "TrafficStats"]

T = TypeVar("T")


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
        self, key: str | None, request: httpx.Request, interpret: Callable[[httpx.Response], T]
    ) -> _Hit[T] | None:
        if key is None or self.cache is None:
            return None
        entry = self.cache.get(key)
        if entry is None:
            return None
        response = httpx.Response(
            entry.status,
            headers={"content-type": entry.content_type},
            content=entry.body,
            request=request,
        )
        try:
            value = interpret(response)
        except SourceError:
            return None  # an entry this version cannot read: ask again
        self.cache_hits += 1
        return _Hit(value)

    def _settle(
        self,
        response: httpx.Response,
        interpret: Callable[[httpx.Response], T],
        key: str | None,
    ) -> T:
        """Interpret a response, count it for the breaker, and cache it if worth it."""
        if response.status_code == 429:
            self.rate_limited += 1
        try:
            value = interpret(response)
        except SourceError as error:
            failed = is_service_failure(error)
            self.failures += failed
            self.breaker.record(not failed)
            raise
        self.breaker.record(True)
        if key is not None and self.cache is not None and response.status_code in (200, 404):
            content_type = response.headers.get("content-type", "application/json")
            self.cache.put(key, response.status_code, content_type, response.content)
        return value

    def _key(self, request: httpx.Request) -> str | None:
        return cache_key(request) if self.cache is not None else None


class CrossrefClient(_Shared):
    """Look works up at Crossref, synchronously.

    ``http_client`` lets a caller supply their own :class:`httpx.Client` (proxies,
    transports, mocks); otherwise one is made with ``transport`` and closed by
    :meth:`close`. ``cache`` is a :class:`~refenrich.crossref.cache.ResponseCache`
    (None: no cache). ``sleep`` (retry waits), ``clock`` (limiter and breaker) and
    ``rng`` (jitter) are injectable so tests need not wait. Thread-safe for look-ups.
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
    ) -> None:
        super().__init__(settings, rng, cache, clock)
        self._owns_client = http_client is None
        self._http = http_client or httpx.Client(
            transport=transport, timeout=self.settings.httpx_timeout(), follow_redirects=False
        )
        self._sleep = sleep
        self._limiter = Limiter(self.limits)

    def _attempt(
        self, request: httpx.Request, interpret: Callable[[httpx.Response], T], key: str | None
    ) -> T:
        kind = request_kind(request)
        self._before_send(request)
        with self._limiter.slot(kind) as ticket:
            self._trace_send(request, ticket)
            try:
                response = self._http.send(request, follow_redirects=False)
            except httpx.HTTPError as error:
                raise self._transport_failed(error) from None
            self._limiter.observe(kind, response.headers)
        return self._settle(response, interpret, key)

    def _fetch(self, request: httpx.Request, interpret: Callable[[httpx.Response], T]) -> T:
        self._check_reachable()
        key = self._key(request)
        hit = self._from_cache(key, request, interpret)
        if hit is not None:
            return hit.value
        retrying = tenacity.Retrying(sleep=self._sleep, **self._retry_arguments())
        try:
            value: T = retrying(self._attempt, request, interpret, key)
            return value
        except SourceError as error:
            self._remember_failure(error)
            raise

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None when Crossref does not hold it.

        Raises :class:`~refenrich.errors.SourceError` when Crossref cannot be asked.
        """
        return self._fetch(build_work_request(self.settings, doi), interpret_work_response)

    def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Works matching a reference string (``query.bibliographic``), best first.

        Crossref's ranking only: validate the candidates (:mod:`refenrich.match`).
        Searches draw on the pool's list budget, separate from look-ups.
        """
        request = build_search_request(self.settings, query, rows=rows, select=select)
        return self._fetch(request, interpret_work_list_response)

    def close(self) -> None:
        """Close the httpx client if this object made it."""
        if self._owns_client:
            self._http.close()

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
    event loop (SQLite on a local disk answers in microseconds).
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
    ) -> None:
        super().__init__(settings, rng, cache, clock)
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport, timeout=self.settings.httpx_timeout(), follow_redirects=False
        )
        self._sleep = sleep
        self._limiter = AsyncLimiter(self.limits)

    async def _attempt(
        self, request: httpx.Request, interpret: Callable[[httpx.Response], T], key: str | None
    ) -> T:
        kind = request_kind(request)
        self._before_send(request)
        async with self._limiter.slot(kind) as ticket:
            self._atrace_send(request, ticket)
            try:
                response = await self._http.send(request, follow_redirects=False)
            except httpx.HTTPError as error:
                raise self._transport_failed(error) from None
            await self._limiter.observe(kind, response.headers)
        return self._settle(response, interpret, key)

    async def _fetch(self, request: httpx.Request, interpret: Callable[[httpx.Response], T]) -> T:
        self._check_reachable()
        key = self._key(request)
        hit = self._from_cache(key, request, interpret)
        if hit is not None:
            return hit.value
        retrying = tenacity.AsyncRetrying(sleep=self._sleep, **self._retry_arguments())
        try:
            value: T = await retrying(self._attempt, request, interpret, key)
            return value
        except SourceError as error:
            self._remember_failure(error)
            raise

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None when Crossref does not hold it."""
        return await self._fetch(build_work_request(self.settings, doi), interpret_work_response)

    async def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Works matching a reference string, best first (see :meth:`CrossrefClient.search_works`)."""
        request = build_search_request(self.settings, query, rows=rows, select=select)
        return await self._fetch(request, interpret_work_list_response)

    async def aclose(self) -> None:
        """Close the httpx client if this object made it."""
        if self._owns_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
