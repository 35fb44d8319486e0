"""Crossref clients: :class:`CrossrefClient` (sync) and :class:`AsyncCrossrefClient`.

Both take an optional httpx client (never closed by refenrich when the caller passed
it) and share every decision with :mod:`refenrich.crossref.protocol`; they differ only
in how they send and sleep. Retries use one tenacity configuration for both.

After a connection failure has outlived its retries the client stops calling the
service for the rest of its life and fails fast, so a batch run on a machine without
network ends in seconds with a clear message instead of waiting out every reference.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, Self

import httpx
import tenacity

from refenrich.crossref.protocol import (
    CrossrefSettings,
    build_work_request,
    interpret_work_response,
    translate_transport_error,
)
from refenrich.errors import SourceConnectionError, SourceError, SourceTimeoutError
from refenrich.models import Work

__all__ = ["AsyncCrossrefClient", "CrossrefClient"]


class _Shared:
    """State and decisions common to both clients."""

    name = "crossref"

    def __init__(self, settings: CrossrefSettings | None, rng: random.Random | None) -> None:
        self.settings = settings or CrossrefSettings()
        self._rng = rng or random.Random()
        self._unreachable: SourceConnectionError | None = None
        self.requests_sent = 0
        self.retries = 0

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


class CrossrefClient(_Shared):
    """Look works up at Crossref, synchronously.

    ``http_client`` lets a caller supply their own :class:`httpx.Client` (proxies,
    transports, mocks); otherwise one is made with ``transport`` and closed by
    :meth:`close`. ``sleep`` is injectable so tests need not wait.
    """

    def __init__(
        self,
        settings: CrossrefSettings | None = None,
        *,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(settings, rng)
        self._owns_client = http_client is None
        self._http = http_client or httpx.Client(
            transport=transport, timeout=self.settings.httpx_timeout(), follow_redirects=False
        )
        self._sleep = sleep

    def _send(self, request: httpx.Request) -> httpx.Response:
        self.requests_sent += 1
        try:
            return self._http.send(request, follow_redirects=False)
        except httpx.HTTPError as error:
            raise translate_transport_error(error, self.settings.base_url) from None

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None when Crossref does not hold it.

        Raises :class:`~refenrich.errors.SourceError` when Crossref cannot be asked.
        """
        self._check_reachable()
        request = build_work_request(self.settings, doi)
        retrying = tenacity.Retrying(sleep=self._sleep, **self._retry_arguments())
        try:
            return retrying(lambda: interpret_work_response(self._send(request)))
        except SourceError as error:
            self._remember_failure(error)
            raise

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
    """Look works up at Crossref, asynchronously. The twin of :class:`CrossrefClient`."""

    def __init__(
        self,
        settings: CrossrefSettings | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(settings, rng)
        self._owns_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport, timeout=self.settings.httpx_timeout(), follow_redirects=False
        )
        self._sleep = sleep

    async def _send(self, request: httpx.Request) -> httpx.Response:
        self.requests_sent += 1
        try:
            return await self._http.send(request, follow_redirects=False)
        except httpx.HTTPError as error:
            raise translate_transport_error(error, self.settings.base_url) from None

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None when Crossref does not hold it."""
        self._check_reachable()
        request = build_work_request(self.settings, doi)
        retrying = tenacity.AsyncRetrying(sleep=self._sleep, **self._retry_arguments())
        try:
            async for attempt in retrying:
                with attempt:
                    return interpret_work_response(await self._send(request))
        except SourceError as error:
            self._remember_failure(error)
            raise
        raise AssertionError("unreachable: tenacity reraises the last error")  # pragma: no cover

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
