"""refenrich's exceptions. httpx errors never leave the library; they become these.

    RefenrichError
    ├── InputError                  unreadable or unusable input (CLI exit code 2)
    └── SourceError                 a record source could not answer
        ├── SourceConnectionError   could not connect, or the connection broke
        │   └── SourceTimeoutError  the service did not answer in time
        ├── SourceStatusError       an unexpected HTTP status (``status_code``)
        │   └── RateLimitedError    429 Too Many Requests (``retry_after`` seconds, if given)
        ├── ResponseValidationError the response was not the JSON the API documents
        │   └── CorruptResponseError not JSON at all (cut short, a proxy's page): retried
        ├── CircuitOpenError        not asked: too many recent requests failed (breaker open)
        └── NotCachedError          not asked: a cache-only client found no cached answer

A DOI that a source does not hold is not an exception: it is a result with status
``not_found``. Findings are data too, never exceptions.
"""

from __future__ import annotations


class RefenrichError(Exception):
    """Base class of every exception refenrich raises on purpose."""


class InputError(RefenrichError):
    """The input could not be read or used."""


class SourceError(RefenrichError):
    """A record source (Crossref, an index, ...) could not answer a request."""


class SourceConnectionError(SourceError):
    """The connection to the source failed or broke."""


class SourceTimeoutError(SourceConnectionError):
    """The source did not answer in time."""


class SourceStatusError(SourceError):
    """The source answered with an unexpected HTTP status."""

    def __init__(self, message: str, *, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


class RateLimitedError(SourceStatusError):
    """The source answered 429; ``retry_after`` is its Retry-After in seconds, if any."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message, status_code=429)
        self.retry_after = retry_after


class ResponseValidationError(SourceError):
    """The source's response did not have the documented shape."""


class CorruptResponseError(ResponseValidationError):
    """The response body was not JSON at all: cut short in transit, or a page from something
    in between (a proxy's error page, a maintenance notice) sent with status 200.

    Unlike a well-formed answer of the wrong shape, this says nothing about the request,
    so it is worth asking again.
    """


class CircuitOpenError(SourceError):
    """Not asked: so many recent requests failed that the client stopped calling the service.

    Crossref asks clients to stop when errors pass about 10%; the circuit breaker in
    :mod:`refenrich.crossref.limits` raises this at once instead of sending.
    """


class NotCachedError(SourceError):
    """Not asked: the client answers from its cache only (``cache_only=True``, as in a
    batch's worker processes) and the cache holds no answer to this request."""
