"""I/O-free Crossref logic shared by the sync and async clients.

Building requests, reading responses and deciding on retries happen here; the clients
in :mod:`refenrich.crossref.client` only send. Etiquette, from Crossref's REST API
documentation ("Access and authentication", "Tips for using the Crossref REST API"):

- identify the client: "Include your email address in the mailto parameter or agent
  header" puts requests in the polite pool. refenrich sends the address only in the
  User-Agent (``refenrich/<version> (mailto:you@example.org) httpx/<version>``), never
  as a query parameter: URLs end up in logs (httpx logs each request's URL at INFO);
- look several DOIs up in one list request, ``/works?filter=doi:A,doi:B,...`` (filters of
  the same name are ORed), instead of one ``/works/{doi}`` each
  (:func:`build_works_by_doi_request`);
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

import functools
import hashlib
import json
import math
import random
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast
from urllib.parse import quote, quote_plus

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from refenrich._version import __version__
from refenrich.crossref.limits import CircuitPolicy, PoolLimits, RequestKind
from refenrich.crossref.schema import (
    WORK_FIELDS,
    CrossrefWork,
    parse_work_list_message,
    parse_work_message,
    to_work,
)
from refenrich.errors import (
    CorruptResponseError,
    InputError,
    RateLimitedError,
    ResponseValidationError,
    SourceConnectionError,
    SourceError,
    SourceStatusError,
    SourceTimeoutError,
)
from refenrich.models import Work

# httpx is imported where a request is built or read: a command that makes none (--offline,
# parse) does not load it (nor the rich, click and pygments its command line brings).
if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_CROSSREF_URL",
    "DOI_BATCH_SIZE",
    "PLUS_POOL",
    "POLITE_POOL",
    "PUBLIC_POOL",
    "SEARCH_SELECT",
    "WORK_CODEC",
    "WORK_LIST_CODEC",
    "AnswerCodec",
    "BatchedWork",
    "CrossrefSettings",
    "RecordMemo",
    "RetryPolicy",
    "batchable_doi",
    "build_search_request",
    "build_work_request",
    "build_works_by_doi_request",
    "cache_key",
    "doi_batches",
    "interpret_work",
    "interpret_work_list",
    "interpret_work_list_response",
    "interpret_work_response",
    "interpret_works_by_doi",
    "is_service_failure",
    "request_kind",
    "search_cache_key",
    "translate_transport_error",
    "work_cache_key",
    "work_path",
]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
# What may not go into the User-Agent's comment, or into the token's header, as it is.
# (httpx sends header values as ASCII.)
_UNSAFE_IN_TOKEN = re.compile(r"[^\x21-\x7e]")
_UNSAFE_IN_COMMENT = re.compile(r'[^\x21-\x7e]|[()<>;,"\\]')
_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})

PUBLIC_POOL = PoolLimits(single=5, list=5, concurrency=1)
"""Ceilings without a ``mailto`` or token: 5 requests/s, 1 in flight."""
POLITE_POOL = PoolLimits(single=10, list=3, concurrency=3)
"""Ceilings with a ``mailto``: 10 look-ups/s, 3 list requests/s (searches and batched
look-ups), 3 in flight."""
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
        """Whether a failed attempt is worth repeating: a transport failure, a 408, 429 or
        5xx, or a body that was not JSON (cut short, or an intermediary's page)."""
        if isinstance(error, SourceConnectionError | CorruptResponseError):
            return True
        return isinstance(error, SourceStatusError) and error.status_code in _RETRYABLE_STATUS

    def wait_before(self, attempt: int, error: BaseException | None, rng: random.Random) -> float:
        """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` counts from 1)."""
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.max_wait)
        ceiling = min(self.max_wait, self.initial_wait * 2 ** (attempt - 1))
        return rng.uniform(ceiling / 2, ceiling)


def _check_base_url(base_url: str) -> None:
    """Refuse a Crossref address that is not an http(s) URL with a host, before any
    request: a typo must be a usage error, not a network outage retried until it gives up."""
    import httpx

    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as error:
        raise InputError(f"the Crossref URL is not a valid URL ({error})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InputError(
            "the Crossref URL must start with http:// or https:// and name a host "
            "(--crossref-url, REFENRICH_CROSSREF_URL or [crossref] url in the config)"
        )
    if url.query or url.fragment:
        raise InputError(
            "the Crossref URL must not hold a query or fragment ('?mailto=...' goes in "
            "--mailto or REFENRICH_MAILTO)"
        )


@dataclass(frozen=True, slots=True)
class CrossrefSettings:
    """How to reach Crossref. Every field has a documented default.

    ``mailto`` selects Crossref's polite pool; it is sent in the User-Agent only, never
    in a URL. ``plus_token`` is a Metadata Plus key. Neither is ever written to logs,
    reports or ``repr``; both go into request headers, so a value with spaces, control
    characters or other characters that would break the header is refused
    (:class:`~refenrich.errors.InputError`, which does not repeat the value).

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

    def __post_init__(self) -> None:
        _check_base_url(self.base_url)
        for value in (self.timeout, self.connect_timeout):
            if not 0 < value <= 3600:  # also refuses NaN; infinity overflows the sockets
                raise InputError(f"a timeout must be a number of seconds up to 3600, not {value}")
        # Both go into headers: a newline would split the request, a ")" end the comment.
        for name, unsafe, what in (
            ("mailto", _UNSAFE_IN_COMMENT, "the mailto contact"),
            ("plus_token", _UNSAFE_IN_TOKEN, "the Metadata Plus token"),
        ):
            value = getattr(self, name)
            if value is None:
                continue
            cleaned = value.strip()
            if unsafe.search(cleaned):
                raise InputError(
                    f"{what} cannot be sent in a request header as given (it holds "
                    "spaces, control characters, non-ASCII letters or brackets); give a "
                    "plain e-mail address or token"
                )
            object.__setattr__(self, name, cleaned or None)

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
        import httpx

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
        import httpx

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
    import httpx

    url = httpx.URL(settings.base_url.rstrip("/") + work_path(doi))
    return httpx.Request("GET", url, headers=settings.headers())


@functools.lru_cache(maxsize=16)
def _works_url(base_url: str) -> str:
    import httpx

    # The ``/works`` URL exactly as :func:`cache_key` writes it (httpx's normalisation of
    # host case, ports, ...), worked out once per base URL.
    request = httpx.Request("GET", httpx.URL(base_url.rstrip("/") + "/works"))
    return cache_key(request).removeprefix("GET ")


def work_cache_key(settings: CrossrefSettings, doi: str) -> str:
    """:func:`cache_key` of :func:`build_work_request` for ``doi``, without building it.

    A cache hit then costs no URL parsing at all; a test pins that both agree.
    """
    return f"GET {_works_url(settings.base_url)}{work_path(doi)[len('/works') :]}"


def search_cache_key(
    settings: CrossrefSettings, query: str, *, rows: int = 10, select: Sequence[str] | None = None
) -> str:
    """:func:`cache_key` of :func:`build_search_request`, without building the request."""
    # urlencode(_search_params(...)) written out: both names are safe as they stand,
    # and the long, fixed ``select`` is encoded once.
    params = _search_params(query, rows, None)
    encoded = (
        f"query.bibliographic={_quote_plus(params['query.bibliographic'])}&rows={params['rows']}"
    )
    if select:
        encoded += "&select=" + _quoted(",".join(select))
    return f"GET {_works_url(settings.base_url)}?{encoded}"


@functools.lru_cache(maxsize=32)
def _quoted(value: str) -> str:
    return quote_plus(value)


# What urllib.parse.quote_plus makes of each byte of UTF-8: the unreserved characters
# stay, a space becomes "+", anything else "%XX".
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_QUOTED_BYTES = tuple(
    chr(byte) if byte in _UNRESERVED else "+" if byte == 0x20 else f"%{byte:02X}"
    for byte in range(256)
)


_ASCII_QUOTED = _QUOTED_BYTES[:128]
"""The same for the ASCII characters (one byte each in UTF-8), as :meth:`str.translate`
reads a table: by code point."""


def _quote_plus(text: str) -> str:
    """``quote_plus(text)``, by table: urllib's goes through Python code for each
    character, which showed in a cached re-run's profile (a search key per reference).
    ASCII text, most references, is translated in one pass without being encoded."""
    if text.isascii():
        return text.translate(_ASCII_QUOTED)
    return "".join(map(_QUOTED_BYTES.__getitem__, text.encode()))


SEARCH_SELECT: tuple[str, ...] = (*WORK_FIELDS, "score")
"""The fields a search asks for (``select``): what validation and comparison read."""

_MAX_QUERY_CHARS = 1000


def _search_params(query: str, rows: int, select: Sequence[str] | None) -> dict[str, str]:
    params = {
        "query.bibliographic": " ".join(query.split())[:_MAX_QUERY_CHARS],
        "rows": str(min(max(rows, 1), 100)),
    }
    if select:
        params["select"] = ",".join(select)
    return params


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
    import httpx

    params = _search_params(query, rows, select)
    url = httpx.URL(settings.base_url.rstrip("/") + "/works")
    return httpx.Request("GET", url, params=params, headers=settings.headers())


DOI_BATCH_SIZE = 20
"""DOIs asked for in one ``filter=doi:...`` request at most (other clients use 20 to 50)."""

# The filter value's length once percent-encoded: with ``select`` and the host the URL
# stays near 1,600 characters, well under the ~2,000 that proxies and servers accept.
_MAX_FILTER_CHARS = 1200
_MAX_BATCHED_DOI_CHARS = 200
# A comma separates filters; a double quote or backslash could end or escape the term
# the server builds; whitespace and control characters are no part of a real DOI.
_UNSAFE_IN_FILTER = re.compile(r'[\s,"\\\x00-\x1f\x7f]')


def batchable_doi(doi: str) -> bool:
    """Whether ``doi`` can go into a ``filter=doi:...`` value unchanged.

    Not a DOI with a comma (the filter separator), whitespace, control characters, a
    double quote or a backslash, nor one longer than 200 characters: those are looked
    up singly (``/works/{doi}``), where the path encoding keeps any character safe.
    """
    return (
        doi.startswith("10.")
        and "/" in doi
        and len(doi) <= _MAX_BATCHED_DOI_CHARS
        and _UNSAFE_IN_FILTER.search(doi) is None
    )


def _filter_chars(doi: str) -> int:
    # "doi:" + the DOI, percent-encoded as a query value would be, and its comma (%2C).
    return len(quote("doi:" + doi, safe="")) + 3


def doi_batches(
    dois: Iterable[str], *, size: int = DOI_BATCH_SIZE
) -> tuple[list[tuple[str, ...]], list[str]]:
    """Split DOIs into batches of at most ``size`` and those to look up one by one.

    DOIs are compared case-insensitively and kept once (in lower case, as Crossref
    reports them); the batches are of even sizes and each filter value stays under
    1,200 encoded characters. A DOI that :func:`batchable_doi` refuses, or that would
    be alone in its batch (no request saved), is returned in the second list.
    """
    distinct = list(dict.fromkeys(doi.lower() for doi in dois))
    singles = [doi for doi in distinct if not batchable_doi(doi)]
    wanted = [doi for doi in distinct if batchable_doi(doi)]
    if len(wanted) < 2:
        return [], singles + wanted
    target = math.ceil(len(wanted) / math.ceil(len(wanted) / max(size, 2)))
    batches: list[tuple[str, ...]] = []
    current: list[str] = []
    chars = 0
    for doi in wanted:
        cost = _filter_chars(doi)
        if current and (len(current) >= target or chars + cost > _MAX_FILTER_CHARS):
            batches.append(tuple(current))
            current, chars = [], 0
        current.append(doi)
        chars += cost
    batches.append(tuple(current))
    singles.extend(batch[0] for batch in batches if len(batch) == 1)
    return [batch for batch in batches if len(batch) > 1], singles


def build_works_by_doi_request(
    settings: CrossrefSettings, dois: Sequence[str], *, select: Sequence[str] = WORK_FIELDS
) -> httpx.Request:
    """One list request for several DOIs' records: ``/works?filter=doi:A,doi:B,...``.

    Crossref ORs filters of the same name, so the answer is a work list holding the
    records it has among ``dois`` (in any order; a DOI it lacks is simply absent).
    ``rows`` is at least the number of DOIs; ``select`` keeps the answer to the fields
    refenrich reads. httpx percent-encodes the values, so ``?``, ``#``, ``&`` or ``/../``
    in a DOI cannot change the request. Give only DOIs :func:`batchable_doi` accepts.
    """
    import httpx

    params = {
        "filter": ",".join(f"doi:{doi}" for doi in dois),
        "rows": str(min(max(len(dois), DOI_BATCH_SIZE), 1000)),
        "select": ",".join(select),
    }
    url = httpx.URL(settings.base_url.rstrip("/") + "/works")
    return httpx.Request("GET", url, params=params, headers=settings.headers())


@dataclass(frozen=True, slots=True)
class BatchedWork:
    """One record from a batched look-up, ready to be stored as a single look-up's answer.

    ``body`` is the record wrapped as ``GET /works/{doi}`` answers it (``message-type``
    ``work``), so the cache entry reads back exactly like one from a single look-up.
    """

    work: Work
    body: bytes


def interpret_works_by_doi(
    status: int, headers: Mapping[str, str], content: bytes
) -> dict[str, BatchedWork]:
    """The records in a :func:`build_works_by_doi_request` answer, by lower-case DOI.

    An item of unexpected shape is left out (its DOI is then looked up singly, which
    reports the problem precisely); a body that is no work list raises
    :class:`~refenrich.errors.ResponseValidationError`.
    """
    _raise_for_status(status, headers)
    _require_json(headers)
    payload = _json(content)
    if not isinstance(payload, dict) or payload.get("message-type") != "work-list":
        raise ResponseValidationError("Crossref's response was not a work list")
    message = payload.get("message")
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise ResponseValidationError("Crossref returned a work list without an items array")
    version = payload.get("message-version") or "1.0.0"
    found: dict[str, BatchedWork] = {}
    for item in items:
        try:
            work = to_work(parse_work_message(item))
        except ResponseValidationError:
            continue
        assert work.doi is not None  # to_work always sets it from the record's DOI
        envelope = {
            "status": "ok",
            "message-type": "work",
            "message-version": version,
            "message": item,
        }
        body = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
        found.setdefault(work.doi, BatchedWork(work, body))
    return found


def interpret_work_list_response(response: httpx.Response) -> list[Work]:
    """The records in a ``/works?query...`` response, in Crossref's order."""
    return interpret_work_list(response.status_code, response.headers, response.content)


def interpret_work_list(status: int, headers: Mapping[str, str], content: bytes) -> list[Work]:
    """:func:`interpret_work_list_response` for a status, headers and body (e.g. cached)."""
    _raise_for_status(status, headers)
    _require_json(headers)
    envelope = _fast_envelope(_WorkListEnvelope, content)
    if envelope is not None:
        return [to_work(item) for item in envelope.message.items]
    payload = _json(content)
    if not isinstance(payload, dict) or payload.get("message-type") != "work-list":
        raise ResponseValidationError("Crossref's response was not a work list")
    return [to_work(item) for item in parse_work_list_message(payload.get("message"))]


def _require_json(headers: Mapping[str, str]) -> None:
    content_type = headers.get("content-type", "").lower()
    if "json" not in content_type:
        raise CorruptResponseError(
            f"Crossref answered with {content_type or 'no content type'}, not JSON"
        )


def _json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except ValueError as error:
        raise CorruptResponseError("Crossref's response was not valid JSON") from error


EnvelopeT = TypeVar("EnvelopeT", bound=BaseModel)
AnswerT = TypeVar("AnswerT")


def _fast_envelope(model: type[EnvelopeT], content: bytes) -> EnvelopeT | None:
    # One pass of pydantic-core's JSON parser straight into the models, skipping the
    # fields refenrich ignores (a full record's reference list, ...). Anything it does
    # not accept goes the slow way, which says precisely what is wrong.
    try:
        return model.model_validate_json(content)
    except ValidationError:
        return None


class _WorkEnvelope(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message_type: Literal["work"] = Field(alias="message-type")
    message: CrossrefWork


class _WorkList(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: list[CrossrefWork]


class _WorkListEnvelope(BaseModel):
    model_config = ConfigDict(extra="ignore")
    message_type: Literal["work-list"] = Field(alias="message-type")
    message: _WorkList


def request_kind(request: httpx.Request) -> RequestKind:
    """Which rate budget ``request`` draws on: ``single`` (``/works/{doi}``) or ``list``."""
    return "list" if request.url.path.rstrip("/").endswith("/works") else "single"


def cache_key(request: httpx.Request) -> str:
    """A cache key for ``request``: method and URL without any ``mailto`` parameter.

    Headers (the User-Agent with its contact, the Plus token) are never part of the key,
    so a cache holds no secret; the other parameters keep their order. (refenrich sends
    no ``mailto`` parameter; one in a request built elsewhere is left out all the same.)
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


def _raise_for_status(status: int, headers: Mapping[str, str]) -> None:
    if status == 429:
        raise RateLimitedError(
            "Crossref rate limit reached (429 Too Many Requests)",
            retry_after=_retry_after(headers),
        )
    if status == 404:  # /works never answers 404: the address must be wrong
        raise SourceStatusError(
            "Crossref answered HTTP 404: is the Crossref URL right?", status_code=status
        )
    if status >= 400 or status < 200 or 300 <= status < 400:
        raise SourceStatusError(f"Crossref answered HTTP {status}", status_code=status)


def _is_wrong_route(headers: Mapping[str, str], content: bytes) -> bool:
    """Whether a 404 says the path is wrong rather than the DOI unknown: Crossref answers
    an unknown DOI with "Resource not found." and a wrong path with a "route-not-found"
    message; a web server in front of a mistyped URL answers with an HTML page."""
    head = content[:512].lower()
    return (
        b"route-not-found" in head
        or b"route not found" in head
        or "html" in headers.get("content-type", "").lower()
        or head.lstrip().startswith((b"<!doctype", b"<html"))
    )


def interpret_work_response(response: httpx.Response) -> Work | None:
    """The record in a ``/works/{doi}`` response; None when Crossref does not hold the DOI."""
    return interpret_work(response.status_code, response.headers, response.content)


def interpret_work(status: int, headers: Mapping[str, str], content: bytes) -> Work | None:
    """:func:`interpret_work_response` for a status, headers and body (e.g. cached)."""
    if status == 404:
        if _is_wrong_route(headers, content):
            raise SourceStatusError(
                "Crossref answered HTTP 404 for the address itself, not for the DOI: is the "
                "Crossref URL right?",
                status_code=404,
            )
        return None
    _raise_for_status(status, headers)
    _require_json(headers)
    envelope = _fast_envelope(_WorkEnvelope, content)
    if envelope is not None:
        return to_work(envelope.message)
    payload = _json(content)
    if not isinstance(payload, dict) or payload.get("message-type") != "work":
        raise ResponseValidationError("Crossref's response was not a work message")
    return to_work(parse_work_message(payload.get("message")))


class RecordMemo:
    """Records already read from cached answers, by their decoded JSON (at most ``size``).

    The same record comes back in many answers of a run (the searches for neighbouring
    references, the look-up of its DOI); each distinct one is validated once, and the
    answers share the :class:`Work` object (frozen). Safe across threads.
    """

    def __init__(self, size: int = 16384) -> None:
        self._size = size
        self._works: dict[bytes, Work] = {}
        self._lock = threading.Lock()

    def work(self, data: bytes) -> Work:
        """The :class:`Work` in ``data`` (one record's decoded JSON); ValueError if damaged."""
        work = self._works.get(data)
        if work is None:
            work = _WORK_ONLY.validate_json(data)
            with self._lock:
                if len(self._works) >= self._size:
                    del self._works[next(iter(self._works))]
                self._works[data] = work
        return work


@dataclass(frozen=True, slots=True)
class AnswerCodec(Generic[AnswerT]):
    """How an answer as refenrich read it is kept beside Crossref's body in the cache.

    ``format`` names the shape and the version of refenrich and of :class:`Work`'s
    schema, so a cache written by another version is read from the body again. With
    ``lines``, the answer is a list of records kept one record's JSON per line, so that
    a :class:`RecordMemo` can read a record that many answers hold once.
    """

    format: str
    adapter: TypeAdapter[AnswerT]
    lines: bool = False

    def dump(self, value: AnswerT) -> bytes:
        """The answer as compact JSON (fields at their defaults left out: half the size,
        and under half the time to read back)."""
        if self.lines:
            # pydantic's JSON has no raw line break (one in a string is written "\n").
            works = cast(list[Work], value)
            return b"\n".join(_WORK_ONLY.dump_json(work, exclude_defaults=True) for work in works)
        return self.adapter.dump_json(value, exclude_defaults=True)

    def load(self, data: bytes, memo: RecordMemo | None = None) -> AnswerT:
        """The answer back from :meth:`dump`'s JSON (pydantic-core, one pass per record,
        a record ``memo`` holds not at all). ValueError when ``data`` is damaged."""
        if self.lines:
            read = memo.work if memo is not None else _WORK_ONLY.validate_json
            return cast(AnswerT, [read(line) for line in data.split(b"\n")] if data else [])
        if memo is not None and data != b"null":
            return cast(AnswerT, memo.work(data))
        return self.adapter.validate_json(data)


def _format(shape: str, adapter: TypeAdapter[Any]) -> str:
    schema = json.dumps(adapter.json_schema(), sort_keys=True).encode()
    return f"{shape}/refenrich-{__version__}/{hashlib.sha256(schema).hexdigest()[:16]}"


_WORK_ONLY: TypeAdapter[Work] = TypeAdapter(Work)
_WORK_ADAPTER: TypeAdapter[Work | None] = TypeAdapter(Work | None)
_WORK_LIST_ADAPTER: TypeAdapter[list[Work]] = TypeAdapter(list[Work])
WORK_CODEC = AnswerCodec(_format("work", _WORK_ADAPTER), _WORK_ADAPTER)
"""The codec of :func:`interpret_work`'s answers."""
WORK_LIST_CODEC = AnswerCodec(
    _format("work-lines", _WORK_LIST_ADAPTER), _WORK_LIST_ADAPTER, lines=True
)
"""The codec of :func:`interpret_work_list`'s answers (one record per line)."""


def translate_transport_error(error: httpx.HTTPError, base_url: str) -> SourceError:
    """refenrich's exception for an httpx transport failure (httpx never leaks)."""
    import httpx

    host = httpx.URL(base_url).host
    if isinstance(error, httpx.TimeoutException):
        return SourceTimeoutError(f"Crossref ({host}) did not answer in time")
    if isinstance(error, httpx.TransportError):
        reason = str(error) or type(error).__name__
        return SourceConnectionError(f"could not connect to Crossref ({host}): {reason}")
    return SourceError(f"request to Crossref ({host}) failed: {type(error).__name__}")
