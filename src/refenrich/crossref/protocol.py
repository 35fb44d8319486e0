"""I/O-free Crossref logic shared by the sync and async clients.

Building requests, reading responses and deciding on retries happen here; the clients
in :mod:`refenrich.crossref.client` only send. Etiquette, from Crossref's REST API
documentation ("Access and authentication", "Tips for using the Crossref REST API"):

- identify the client: a ``mailto`` parameter puts requests in the polite pool, and the
  User-Agent names the tool, its version and a contact;
- Metadata Plus subscribers send ``Crossref-Plus-API-Token: Bearer <token>``;
- back off on 429 (honouring ``Retry-After``), on 5xx and on timeouts;
- keep to the pool's rate and concurrency limits (see :mod:`refenrich.crossref.limits`).

Default limits per pool (``CrossrefSettings.public_limits`` / ``polite_limits`` /
``plus_limits``) follow the limits Crossref announced for 1 December 2025 ("Announcing
changes to REST API rate limits", Crossref blog, 5 November 2025): public pool 5
requests/s with 1 in flight; polite pool 10 requests/s for single records and 3/s for
list and search queries, 3 in flight. Crossref's documentation gives 150 requests/s for
Metadata Plus. They are ceilings: every response's ``x-rate-limit-limit``,
``x-rate-limit-interval`` and ``x-concurrency-limit`` headers can lower them at once.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import httpx

from refenrich._version import __version__
from refenrich.crossref.limits import CircuitPolicy, PoolLimits, RequestKind
from refenrich.crossref.schema import parse_work_list_message, parse_work_message, to_work
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
    "PLUS_POOL",
    "POLITE_POOL",
    "PUBLIC_POOL",
    "SEARCH_SELECT",
    "CrossrefSettings",
    "RetryPolicy",
    "build_search_request",
    "build_work_request",
    "cache_key",
    "interpret_work_list_response",
    "interpret_work_response",
    "is_service_failure",
    "request_kind",
    "translate_transport_error",
    "work_path",
]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})

PUBLIC_POOL = PoolLimits(single=5, list=5, concurrency=1)
"""Ceilings without a ``mailto`` or token: 5 requests/s, 1 in flight."""
POLITE_POOL = PoolLimits(single=10, list=3, concurrency=3)
"""Ceilings with a ``mailto``: 10 look-ups/s, 3 searches/s, 3 in flight."""
PLUS_POOL = PoolLimits(single=150, list=150, concurrency=10)
"""Ceilings with a Metadata Plus token: 150 requests/s; 10 in flight is refenrich's choice."""


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

    Limits: ``public_limits``, ``polite_limits`` and ``plus_limits`` are the ceilings of
    each pool (defaults :data:`PUBLIC_POOL`, :data:`POLITE_POOL`, :data:`PLUS_POOL`);
    the server's headers may lower them, and raise them again only up to the ceiling
    unless ``raise_limits_from_headers``. Requests are spaced ``rate_margin`` (5%) wider
    than the limit to absorb network jitter. ``rate_limit=False`` turns pacing off (for
    a mirror that does not limit). ``circuit`` says when to stop asking altogether.
    """

    base_url: str = DEFAULT_CROSSREF_URL
    mailto: str | None = field(default=None, repr=False)
    plus_token: str | None = field(default=None, repr=False)
    timeout: float = 20.0
    connect_timeout: float = 5.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    public_limits: PoolLimits = PUBLIC_POOL
    polite_limits: PoolLimits = POLITE_POOL
    plus_limits: PoolLimits = PLUS_POOL
    rate_limit: bool = True
    rate_margin: float = 0.05
    raise_limits_from_headers: bool = False
    circuit: CircuitPolicy = field(default_factory=CircuitPolicy)

    @property
    def pool(self) -> str:
        """The Crossref pool requests land in: ``plus``, ``polite`` or ``public``."""
        if self.plus_token:
            return "plus"
        return "polite" if self.mailto else "public"

    @property
    def pool_limits(self) -> PoolLimits:
        """The configured ceilings of :attr:`pool`."""
        return {
            "plus": self.plus_limits,
            "polite": self.polite_limits,
            "public": self.public_limits,
        }[self.pool]

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


SEARCH_SELECT: tuple[str, ...] = (
    "DOI",
    "type",
    "title",
    "subtitle",
    "author",
    "editor",
    "container-title",
    "short-container-title",
    "volume",
    "issue",
    "page",
    "article-number",
    "publisher",
    "issued",
    "published-print",
    "published-online",
    "ISBN",
    "ISSN",
    "URL",
    "updated-by",
    "score",
)
"""The fields a search asks for (``select``): what validation and comparison read."""

_MAX_QUERY_CHARS = 1000


def build_search_request(
    settings: CrossrefSettings,
    query: str,
    *,
    rows: int = 10,
    select: Sequence[str] | None = None,
) -> httpx.Request:
    """The request for ``/works?query.bibliographic=...``: a reference's text as written.

    ``rows`` is clamped to 1..100; ``select`` keeps responses small (Crossref always
    returns the DOI). Very long strings are cut: Crossref scores on the words anyway.
    """
    params: dict[str, str] = {
        "query.bibliographic": " ".join(query.split())[:_MAX_QUERY_CHARS],
        "rows": str(min(max(rows, 1), 100)),
    }
    if select:
        params["select"] = ",".join(select)
    if settings.mailto:
        params["mailto"] = settings.mailto
    url = httpx.URL(settings.base_url.rstrip("/") + "/works")
    return httpx.Request("GET", url, params=params, headers=settings.headers())


def interpret_work_list_response(response: httpx.Response) -> list[Work]:
    """The records in a ``/works?query...`` response, in Crossref's order."""
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
    if not isinstance(payload, dict) or payload.get("message-type") != "work-list":
        raise ResponseValidationError("Crossref's response was not a work list")
    return [to_work(item) for item in parse_work_list_message(payload.get("message"))]


def request_kind(request: httpx.Request) -> RequestKind:
    """Which rate budget ``request`` draws on: ``single`` (``/works/{doi}``) or ``list``."""
    return "list" if request.url.path.rstrip("/").endswith("/works") else "single"


def cache_key(request: httpx.Request) -> str:
    """A cache key for ``request``: method and URL without ``mailto``.

    Headers (the User-Agent with its contact, the Plus token) are never part of the key,
    so a cache holds no secret; the other parameters keep their order.
    """
    url = request.url
    params = tuple((name, value) for name, value in url.params.multi_items() if name != "mailto")
    bare = url.copy_with(query=None, fragment=None)
    return f"{request.method} {bare.copy_merge_params(params) if params else bare}"


def is_service_failure(error: BaseException) -> bool:
    """Whether an attempt's error counts against the service for the circuit breaker.

    Transport failures, 408/429/5xx answers and malformed responses count; a 4xx about
    the request itself (400, 401, ...) does not.
    """
    if isinstance(error, SourceConnectionError | ResponseValidationError):
        return True
    return isinstance(error, SourceStatusError) and error.status_code in _RETRYABLE_STATUS


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
