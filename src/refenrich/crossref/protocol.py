"""I/O-free Crossref logic shared by the sync and async clients.

Building requests, reading responses and deciding on retries happen here; the clients
in :mod:`refenrich.crossref.client` only send. Etiquette, from Crossref's REST API
documentation ("Access and authentication", "Tips for using the Crossref REST API"):

- identify the client: a ``mailto`` parameter puts requests in the polite pool, and the
  User-Agent names the tool, its version and a contact;
- Metadata Plus subscribers send ``Crossref-Plus-API-Token: Bearer <token>``;
- back off on 429 (honouring ``Retry-After``), on 5xx and on timeouts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import httpx

from refenrich._version import __version__
from refenrich.crossref.schema import parse_work_message, to_work
from refenrich.errors import (
    RateLimitedError,
    ResponseValidationError,
    SourceConnectionError,
    SourceError,
    SourceStatusError,
    SourceTimeoutError,
)
from refenrich.models import Work

__all__ = [
    "DEFAULT_CROSSREF_URL",
    "CrossrefSettings",
    "RetryPolicy",
    "build_work_request",
    "interpret_work_response",
    "translate_transport_error",
    "work_path",
]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Retries 408/429/5xx answers, timeouts and connection failures. A ``Retry-After``
    from the server is honoured up to ``max_wait``; otherwise the wait grows
    exponentially from ``initial_wait`` with full jitter, capped at ``max_wait``.
    """

    max_attempts: int = 4
    initial_wait: float = 0.5
    max_wait: float = 60.0

    def should_retry(self, error: BaseException) -> bool:
        """Whether a failed attempt is worth repeating."""
        if isinstance(error, SourceConnectionError):
            return True
        return isinstance(error, SourceStatusError) and error.status_code in _RETRYABLE_STATUS

    def wait_before(self, attempt: int, error: BaseException | None, rng: random.Random) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` counts from 1)."""
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.max_wait)
        ceiling = min(self.max_wait, self.initial_wait * 2 ** (attempt - 1))
        return rng.uniform(ceiling / 2, ceiling)


@dataclass(frozen=True, slots=True)
class CrossrefSettings:
    """How to reach Crossref. Every field has a documented default.

    ``mailto`` selects Crossref's polite pool; ``plus_token`` is a Metadata Plus key.
    Neither is ever written to logs, reports or ``repr``.
    """

    base_url: str = DEFAULT_CROSSREF_URL
    mailto: str | None = field(default=None, repr=False)
    plus_token: str | None = field(default=None, repr=False)
    timeout: float = 20.0
    connect_timeout: float = 5.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @property
    def user_agent(self) -> str:
        """A User-Agent naming refenrich, its version and, when known, a contact."""
        contact = f" (mailto:{self.mailto})" if self.mailto else ""
        return f"refenrich/{__version__}{contact} httpx/{httpx.__version__}"

    def headers(self) -> dict[str, str]:
        """Headers sent with every request."""
        headers = {"User-Agent": self.user_agent, "Accept": "application/json"}
        if self.plus_token:
            headers["Crossref-Plus-API-Token"] = f"Bearer {self.plus_token}"
        return headers

    def httpx_timeout(self) -> httpx.Timeout:
        """The timeouts as httpx wants them."""
        return httpx.Timeout(self.timeout, connect=self.connect_timeout)


def work_path(doi: str) -> str:
    """The path of ``/works/{doi}``, with the DOI percent-encoded.

    The DOI's own slashes stay (Crossref routes on them), everything else outside the
    unreserved set is encoded, and dot segments are encoded so "10.1/../x" cannot move
    up the path. ``?``, ``#`` and spaces can therefore never reach the query or host.
    """
    segments = []
    for segment in doi.split("/"):
        encoded = quote(segment, safe="-._~:;()")
        if set(encoded) <= {"."}:
            encoded = encoded.replace(".", "%2E")
        segments.append(encoded)
    return "/works/" + "/".join(segments)


def build_work_request(settings: CrossrefSettings, doi: str) -> httpx.Request:
    """The request for one DOI's record."""
    params = {"mailto": settings.mailto} if settings.mailto else {}
    url = httpx.URL(settings.base_url.rstrip("/") + work_path(doi))
    return httpx.Request("GET", url, params=params, headers=settings.headers())


def _retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return None if math.isnan(seconds) else max(seconds, 0.0)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000" or no zone: HTTP dates are in GMT
        moment = moment.replace(tzinfo=UTC)
    return max((moment - (now or datetime.now(UTC))).total_seconds(), 0.0)


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status == 429:
        raise RateLimitedError(
            "Crossref rate limit reached (429 Too Many Requests)",
            retry_after=_retry_after(response.headers),
        )
    if status >= 400 or status < 200 or 300 <= status < 400:
        raise SourceStatusError(f"Crossref answered HTTP {status}", status_code=status)


def interpret_work_response(response: httpx.Response) -> Work | None:
    """The record in a ``/works/{doi}`` response; None when Crossref does not hold the DOI."""
    if response.status_code == 404:
        return None
    _raise_for_status(response)
    content_type = response.headers.get("content-type", "").lower()
    if "json" not in content_type:
        raise ResponseValidationError(
            f"Crossref answered with {content_type or 'no content type'}, not JSON"
        )
    try:
        payload = response.json()
    except ValueError as error:
        raise ResponseValidationError("Crossref's response was not valid JSON") from error
    if not isinstance(payload, dict) or payload.get("message-type") != "work":
        raise ResponseValidationError("Crossref's response was not a work message")
    return to_work(parse_work_message(payload.get("message")))


def translate_transport_error(error: httpx.HTTPError, base_url: str) -> SourceError:
    """refenrich's exception for an httpx transport failure (httpx never leaks)."""
    host = httpx.URL(base_url).host
    if isinstance(error, httpx.TimeoutException):
        return SourceTimeoutError(f"Crossref ({host}) did not answer in time")
    if isinstance(error, httpx.TransportError):
        reason = str(error) or type(error).__name__
        return SourceConnectionError(f"could not connect to Crossref ({host}): {reason}")
    return SourceError(f"request to Crossref ({host}) failed: {type(error).__name__}")
