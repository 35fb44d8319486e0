"""An in-process fake of the Crossref REST API, for tests.

:class:`FakeCrossref` serves a fixed set of work records over HTTP on 127.0.0.1 (an
ephemeral port) from a background thread, speaking the subset of the API refenrich
uses: ``GET /works/{doi}`` and ``GET /works?query...``. It enforces rate and
concurrency limits the way Crossref does (429 plus ``Retry-After``), and can inject
faults (server errors, broken connections, bad bodies, slow bodies) either at random
from a seeded RNG or on demand, so clients can be tested against a misbehaving API.

Only the standard library is used, so the package gains no runtime dependency.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import dataclasses
import json
import math
import os
import random
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, Literal, Self
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "FakeCrossref",
    "FakeCrossrefConfig",
    "FakeCrossrefStats",
    "Fault",
    "PathKind",
    "RecordedRequest",
]

PathKind = Literal["single", "list", "other"]
"""Which route a request hit: ``/works/{doi}``, ``/works``, or anything else."""

REDACTED = "<redacted>"

_MAX_ROWS = 1000
_MAX_OFFSET = 10_000
_DEFAULT_ROWS = 20
# Closing must never hang a test run; handler threads get this long to finish.
_JOIN_TIMEOUT = 5.0
_LOGGED_HEADERS = ("accept", "accept-encoding", "authorization", "crossref-plus-api-token")
_SECRET_HEADERS = frozenset({"authorization", "crossref-plus-api-token"})
_UA_MAILTO = re.compile(r"mailto:[^\s;,()<>\"']+", re.IGNORECASE)
_UA_EMAIL = re.compile(r"[^\s;,()<>\"']+@[^\s;,()<>\"']+")
_TOKEN = re.compile(r"\w+")
_JSON_TYPE = "application/json;charset=utf-8"
_TEXT_TYPE = "text/plain;charset=utf-8"
_HTML_TYPE = "text/html;charset=utf-8"


class Fault(StrEnum):
    """A way the fake server can misbehave on one request.

    - ``http_500`` / ``http_502`` / ``http_503``: that status with a small HTML body.
    - ``connection_reset``: the connection is reset (TCP RST) without any response.
    - ``incomplete_body``: headers promise the whole body, half is sent, then the
      connection closes (an HTTP protocol error for the client).
    - ``truncated_json``: status and headers as normal, but the body is the first half
      of the JSON (``Content-Length`` matches, so only JSON parsing fails).
    - ``invalid_json``: the full body with a syntax error (a trailing comma) in it.
    - ``slow_body``: headers at once, then the body in pieces with pauses between
      (``FakeCrossrefConfig.slow_body_chunks`` / ``slow_body_delay``).
    - ``wrong_content_type``: status 200 with a ``text/html`` maintenance page.
    """

    HTTP_500 = "http_500"
    HTTP_502 = "http_502"
    HTTP_503 = "http_503"
    CONNECTION_RESET = "connection_reset"
    INCOMPLETE_BODY = "incomplete_body"
    TRUNCATED_JSON = "truncated_json"
    INVALID_JSON = "invalid_json"
    SLOW_BODY = "slow_body"
    WRONG_CONTENT_TYPE = "wrong_content_type"


_STATUS_FAULTS = {Fault.HTTP_500: 500, Fault.HTTP_502: 502, Fault.HTTP_503: 503}


def _format_interval(seconds: float) -> str:
    if float(seconds).is_integer():
        return f"{int(seconds)}s"
    return f"{seconds:g}s"


@dataclass(frozen=True, slots=True)
class FakeCrossrefConfig:
    """How the fake server behaves. Immutable; change a running server with its setters.

    Limits count requests per ``interval`` seconds in a sliding window, separately for
    single look-ups (``/works/{doi}``, ``single_limit``) and list queries (``/works``,
    ``list_limit``); ``concurrency_limit`` caps requests in flight at once. A request
    over any limit gets 429 at once. The defaults are generous so that ordinary tests
    never hit them.

    ``latency`` seconds are added before every response that is not a 429.
    ``fault_rates`` maps each :class:`Fault` to the probability that a request gets it
    (at most one fault per request, so the rates must sum to at most 1); the draws come
    from ``random.Random(seed)``, one per admitted request, so a sequential client sees
    the same faults on every run. ``log_size`` bounds the request log.
    """

    single_limit: int = 1000
    list_limit: int = 1000
    interval: float = 1.0
    concurrency_limit: int = 100
    latency: float = 0.0
    fault_rates: Mapping[Fault, float] = field(default_factory=dict)
    seed: int = 0
    slow_body_chunks: int = 5
    slow_body_delay: float = 0.2
    log_size: int = 10_000

    def __post_init__(self) -> None:
        for name in ("single_limit", "list_limit", "concurrency_limit", "slow_body_chunks"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.interval <= 0:
            raise ValueError("interval must be positive")
        if self.latency < 0 or self.slow_body_delay < 0:
            raise ValueError("latency and slow_body_delay must not be negative")
        if self.log_size < 0:
            raise ValueError("log_size must not be negative")
        rates = {Fault(kind): float(rate) for kind, rate in self.fault_rates.items()}
        if any(not 0.0 <= rate <= 1.0 for rate in rates.values()):
            raise ValueError("fault rates must be between 0 and 1")
        if sum(rates.values()) > 1.0 + 1e-9:
            raise ValueError("fault rates must sum to at most 1")
        # A read-only copy keeps the config immutable even if the caller's dict changes.
        object.__setattr__(self, "fault_rates", MappingProxyType(rates))


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the server saw it, with secrets redacted.

    ``params`` keeps the query parameters in order; a ``mailto`` value is replaced by
    ``"<redacted>"``. ``headers`` holds a few headers (lower-case names): ``user-agent``
    with e-mail addresses redacted, ``accept``, ``accept-encoding``, and
    ``authorization`` / ``crossref-plus-api-token`` (always redacted). ``status`` is
    None when no status line was sent (a connection reset).
    """

    method: str
    path: str
    kind: PathKind
    params: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    pool: str
    status: int | None
    fault: Fault | None


@dataclass(frozen=True, slots=True)
class FakeCrossrefStats:
    """A snapshot of the server's counters.

    ``max_concurrency`` counts every request in flight at once, including ones that
    were then refused with 429, so a test can assert a client never exceeded a limit.
    ``internal_errors`` counts exceptions in the server itself (it should stay 0).
    """

    requests: int
    by_kind: Mapping[str, int]
    by_status: Mapping[int, int]
    rate_limited: int
    faults: Mapping[Fault, int]
    max_concurrency: int
    in_flight: int
    internal_errors: int

    @property
    def faults_injected(self) -> int:
        """How many faults were injected in total."""
        return sum(self.faults.values())


@dataclass(slots=True)
class _Indexed:
    record: dict[str, Any]
    order: int
    all_tokens: frozenset[str]
    title: frozenset[str]
    authors: frozenset[str]
    container: frozenset[str]


def _tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.casefold()))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _year(record: Mapping[str, Any]) -> str | None:
    for key in ("issued", "published-print", "published-online", "published", "posted"):
        date = record.get(key)
        if isinstance(date, dict):
            parts = date.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
                year = parts[0][0]
                if isinstance(year, int):
                    return str(year)
    return None


def _index(record: dict[str, Any], order: int) -> _Indexed:
    title: set[str] = set()
    titles = ("title", "subtitle", "original-title")
    for text in (text for key in titles for text in _strings(record.get(key))):
        title |= _tokens(text)
    authors: set[str] = set()
    for person in record.get("author") or []:
        if isinstance(person, dict):
            for key in ("given", "family", "name"):
                if isinstance(person.get(key), str):
                    authors |= _tokens(person[key])
    container: set[str] = set()
    for key in ("container-title", "short-container-title"):
        for text in _strings(record.get(key)):
            container |= _tokens(text)
    everything = title | authors | container
    year = _year(record)
    if year is not None:
        everything.add(year)
    return _Indexed(
        record=record,
        order=order,
        all_tokens=frozenset(everything),
        title=frozenset(title),
        authors=frozenset(authors),
        container=frozenset(container),
    )


def _score(item: _Indexed, queries: list[tuple[str, set[str]]]) -> float:
    """10 points per distinct query token found, plus up to 5 for title coverage.

    The coverage bonus (the share of the title's tokens that the query contains) puts
    an exact title ahead of a longer title that merely contains the same words.
    """
    score = 0.0
    for name, wanted in queries:
        if name == "query.title":
            haystack = item.title
        elif name == "query.author":
            haystack = item.authors
        elif name == "query.container-title":
            haystack = item.container
        else:
            haystack = item.all_tokens
        score += 10.0 * len(wanted & haystack)
        if item.title and name in ("query", "query.bibliographic", "query.title"):
            score += 5.0 * len(wanted & item.title) / len(item.title)
    return round(score, 3)


def _redact_user_agent(value: str) -> str:
    value = _UA_MAILTO.sub("mailto:" + REDACTED, value)
    return _UA_EMAIL.sub(REDACTED, value)


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error_body(message_type: str, message: Any) -> bytes:
    return _json_bytes({"status": "failed", "message-type": message_type, "message": message})


def _html_page(title: str) -> bytes:
    return (
        f"<!DOCTYPE html>\n<html><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>Please try again later.</p></body></html>\n"
    ).encode()


@dataclass(slots=True)
class _Response:
    status: int
    body: bytes
    content_type: str = _JSON_TYPE
    extra_headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Counters:
    requests: int = 0
    by_kind: collections.Counter[str] = field(default_factory=collections.Counter)
    by_status: collections.Counter[int] = field(default_factory=collections.Counter)
    rate_limited: int = 0
    faults: collections.Counter[Fault] = field(default_factory=collections.Counter)
    max_concurrency: int = 0
    in_flight: int = 0
    internal_errors: int = 0


@dataclass(slots=True)
class _Admission:
    limit: int
    interval: float
    concurrency_limit: int
    retry_after: int | None
    fault: Fault | None = None
    latency: float = 0.0
    slow_body_chunks: int = 1
    slow_body_delay: float = 0.0


class _ValidationError(Exception):
    def __init__(self, kind: str, value: str, message: str) -> None:
        super().__init__(message)
        self.detail = {"type": kind, "value": value, "message": message}


def _int_param(params: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= maximum:
        raise _ValidationError(
            "integer-not-valid",
            raw,
            f"Integer specified as {raw} but must be a positive integer less than or "
            f"equal to {maximum}.",
        )
    return value


class FakeCrossref:
    """A fake Crossref REST API on ``http://127.0.0.1:<ephemeral port>``.

    Use it as a context manager (or call :meth:`start` and :meth:`close`)::

        with FakeCrossref(sample_works()) as crossref:
            httpx.get(f"{crossref.url}/works/10.5555/jgs.2019.0142")

    Routes (an optional ``/v1`` prefix is accepted):

    - ``GET /works/{doi}``: the record, matched case-insensitively, percent-encoded or
      not; 404 ``Resource not found.`` (text/plain) for an unknown DOI.
    - ``GET /works``: a work-list; ``query``, ``query.bibliographic``, ``query.title``,
      ``query.author`` and ``query.container-title`` rank records by token overlap
      (each item gets a ``score``; records matching no token are left out), ``rows``
      (default 20, at most 1000), ``offset`` (at most 10000) and ``select`` (DOI is
      always kept; ``score`` only if selected, as Crossref does) are honoured.
      ``filter=doi:A,doi:B,...`` keeps the records with those DOIs (filters of the same
      name are ORed, DOIs compared case-insensitively; a value may hold further colons);
      other filter names and other parameters are ignored. A bad ``rows``/``offset``
      gets 400 with a ``validation-failure`` message.
    - Anything else: 404 with a JSON ``route-not-found`` message; a method other than
      GET or HEAD: 405. These are not rate-limited and get no faults.

    Every response carries ``x-rate-limit-limit`` (the limit for that route kind),
    ``x-rate-limit-interval``, ``x-concurrency-limit`` and ``x-api-pool`` (``plus``
    with a ``Crossref-Plus-API-Token`` header, else ``polite`` with ``mailto:`` in the
    User-Agent or a ``mailto`` parameter, else ``public``).

    Faults (random or :meth:`inject`-ed) are chosen only for requests to the two works
    routes that pass the limits; the latency is waited first, then the fault happens. The request log and every
    repr leave out ``mailto`` values, e-mail addresses and tokens.
    """

    def __init__(
        self,
        records: Iterable[Mapping[str, Any]] = (),
        config: FakeCrossrefConfig | None = None,
    ) -> None:
        self._config = config if config is not None else FakeCrossrefConfig()
        self._records: dict[str, _Indexed] = {}
        for order, record in enumerate(records):
            doi = record.get("DOI")
            if not isinstance(doi, str) or not doi.strip():
                raise ValueError(f"record {order} has no DOI")
            key = doi.strip().lower()
            if key in self._records:
                raise ValueError(f"duplicate DOI {doi!r}")
            self._records[key] = _index(copy.deepcopy(dict(record)), order)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._rng = random.Random(self._config.seed)
        self._injected: collections.deque[Fault] = collections.deque()
        self._windows: dict[str, collections.deque[float]] = {
            "single": collections.deque(),
            "list": collections.deque(),
        }
        self._log: collections.deque[RecordedRequest] = collections.deque(
            maxlen=self._config.log_size
        )
        self._counts = _Counters()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    @classmethod
    def from_jsonl(
        cls, path: str | os.PathLike[str], config: FakeCrossrefConfig | None = None
    ) -> FakeCrossref:
        """A server for the records in a JSON Lines file (one work ``message`` a line).

        Blank lines are skipped; a line may also be a whole API response
        (``{"message-type": "work", "message": {...}}``), whose message is used.
        """
        records: list[Mapping[str, Any]] = []
        with Path(path).open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                value = json.loads(line)
                if isinstance(value, dict) and isinstance(value.get("message"), dict):
                    value = value["message"]
                if not isinstance(value, dict):
                    raise ValueError(f"{path}:{number}: expected a JSON object")
                records.append(value)
        return cls(records, config)

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Self:
        """Bind 127.0.0.1 on an ephemeral port and serve from a daemon thread."""
        if self._httpd is not None or self._closed:
            raise RuntimeError("a FakeCrossref can be started only once")
        httpd = _HTTPServer(self)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"FakeCrossref:{httpd.server_port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving, drop open connections, join all threads and close the socket.

        Pending latency and slow bodies are cut short. Safe to call more than once.
        """
        if self._closed:
            return
        self._closed = True
        self._stopping.set()
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        httpd.shutdown()
        thread.join(_JOIN_TIMEOUT)
        httpd.close_connections(_JOIN_TIMEOUT)
        httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "running" if self._httpd else "not started"
        where = f" url={self.url!r}" if self._httpd is not None else ""
        return f"<FakeCrossref{where} records={len(self._records)} {state}>"

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:<port>`` (no trailing slash)."""
        if self._httpd is None:
            raise RuntimeError("the server has not been started")
        return f"http://127.0.0.1:{self._httpd.server_port}"

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._httpd is None:
            raise RuntimeError("the server has not been started")
        return self._httpd.server_port

    # -- runtime control -------------------------------------------------------------

    @property
    def config(self) -> FakeCrossrefConfig:
        """The configuration now in force."""
        with self._lock:
            return self._config

    def _replace_config(self, **changes: Any) -> None:
        with self._lock:
            self._config = dataclasses.replace(self._config, **changes)
            if "seed" in changes:
                self._rng = random.Random(self._config.seed)

    def set_limits(
        self,
        *,
        single_limit: int | None = None,
        list_limit: int | None = None,
        concurrency_limit: int | None = None,
        interval: float | None = None,
    ) -> None:
        """Change the limits from the next request on (and in the headers it gets)."""
        changes: dict[str, Any] = {
            "single_limit": single_limit,
            "list_limit": list_limit,
            "concurrency_limit": concurrency_limit,
            "interval": interval,
        }
        self._replace_config(**{k: v for k, v in changes.items() if v is not None})

    def set_latency(self, seconds: float) -> None:
        """Add ``seconds`` before each (non-429) response from now on."""
        self._replace_config(latency=seconds)

    def set_fault_rates(self, rates: Mapping[Fault, float], *, seed: int | None = None) -> None:
        """Replace the random fault probabilities; with ``seed``, restart the RNG too."""
        if seed is None:
            self._replace_config(fault_rates=rates)
        else:
            self._replace_config(fault_rates=rates, seed=seed)

    def inject(self, fault: Fault, times: int = 1) -> None:
        """Give the next ``times`` admitted works requests ``fault``.

        Injections queue up in call order and take precedence over random faults;
        requests refused with 429 do not use them up.
        """
        if times < 0:
            raise ValueError("times must not be negative")
        with self._lock:
            self._injected.extend([Fault(fault)] * times)

    def clear_injected(self) -> None:
        """Forget injected faults not yet used."""
        with self._lock:
            self._injected.clear()

    # -- observation -----------------------------------------------------------------

    @property
    def stats(self) -> FakeCrossrefStats:
        """A snapshot of the counters."""
        with self._lock:
            counts = self._counts
            return FakeCrossrefStats(
                requests=counts.requests,
                by_kind=MappingProxyType(dict(counts.by_kind)),
                by_status=MappingProxyType(dict(counts.by_status)),
                rate_limited=counts.rate_limited,
                faults=MappingProxyType(dict(counts.faults)),
                max_concurrency=counts.max_concurrency,
                in_flight=counts.in_flight,
                internal_errors=counts.internal_errors,
            )

    @property
    def requests(self) -> list[RecordedRequest]:
        """The logged requests, oldest first (at most ``config.log_size``).

        A request is logged once its response is finished, so concurrent requests may
        appear out of arrival order.
        """
        with self._lock:
            return list(self._log)

    def reset_stats(self) -> None:
        """Zero the counters, clear the log and the rate-limit windows."""
        with self._lock:
            self._counts = _Counters(in_flight=self._counts.in_flight)
            self._log.clear()
            for window in self._windows.values():
                window.clear()

    # -- request handling (called from handler threads) ------------------------------

    def _admit(self, kind: PathKind) -> _Admission:
        """Count the request and decide: 429 (``retry_after`` set), fault, or serve.

        The caller must call :meth:`_release` afterwards, whatever happens.
        """
        now = time.monotonic()
        with self._lock:
            config = self._config
            self._counts.requests += 1
            self._counts.by_kind[kind] += 1
            self._counts.in_flight += 1
            self._counts.max_concurrency = max(self._counts.max_concurrency, self._counts.in_flight)
            limit = config.list_limit if kind == "list" else config.single_limit
            admission = _Admission(
                limit=limit,
                interval=config.interval,
                concurrency_limit=config.concurrency_limit,
                retry_after=None,
                latency=config.latency,
                slow_body_chunks=config.slow_body_chunks,
                slow_body_delay=config.slow_body_delay,
            )
            if kind == "other":
                return admission
            if self._counts.in_flight > config.concurrency_limit:
                self._counts.rate_limited += 1
                admission.retry_after = 1
                return admission
            window = self._windows[kind]
            while window and window[0] <= now - config.interval:
                window.popleft()
            if len(window) >= limit:
                self._counts.rate_limited += 1
                # Entries beyond the limit may linger after a limit was lowered; the
                # request may go once enough of them have aged out of the window.
                expires = window[len(window) - limit] + config.interval
                admission.retry_after = max(1, math.ceil(expires - now))
                return admission
            window.append(now)
            draw = self._rng.random()
            if self._injected:
                admission.fault = self._injected.popleft()
            else:
                threshold = 0.0
                for fault in Fault:
                    threshold += config.fault_rates.get(fault, 0.0)
                    if draw < threshold:
                        admission.fault = fault
                        break
            if admission.fault is not None:
                self._counts.faults[admission.fault] += 1
            return admission

    def _release(self, entry: RecordedRequest | None) -> None:
        with self._lock:
            self._counts.in_flight -= 1
            if entry is not None:
                if entry.status is not None:
                    self._counts.by_status[entry.status] += 1
                self._log.append(entry)

    def _note_internal_error(self) -> None:
        with self._lock:
            self._counts.internal_errors += 1

    def _wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; False if the server is closing meanwhile."""
        if seconds <= 0:
            return not self._stopping.is_set()
        return not self._stopping.wait(seconds)

    def _respond(
        self, method: str, kind: PathKind, path: str, params: list[tuple[str, str]]
    ) -> _Response:
        if method not in ("GET", "HEAD"):
            return _Response(
                405,
                _error_body("method-not-allowed", f"Method {method} is not allowed."),
                extra_headers={"Allow": "GET, HEAD"},
            )
        if kind == "other":
            return _Response(404, _error_body("route-not-found", "Route not found."))
        if kind == "single":
            return self._work(path)
        try:
            return self._work_list(params)
        except _ValidationError as error:
            return _Response(400, _error_body("validation-failure", [error.detail]))

    def _work(self, path: str) -> _Response:
        doi = unquote(_split_route(path)[1], errors="replace").strip().lower()
        item = self._records.get(doi)
        if item is None:
            return _Response(404, b"Resource not found.", _TEXT_TYPE)
        return _Response(
            200,
            _json_bytes(
                {
                    "status": "ok",
                    "message-type": "work",
                    "message-version": "1.0.0",
                    "message": item.record,
                }
            ),
        )

    def _work_list(self, pairs: list[tuple[str, str]]) -> _Response:
        params = dict(pairs)
        rows = _int_param(params, "rows", _DEFAULT_ROWS, _MAX_ROWS)
        offset = _int_param(params, "offset", 0, _MAX_OFFSET)
        queries = [
            (name, _tokens(value))
            for name, value in pairs
            if (name == "query" or name.startswith("query.")) and value.strip()
        ]
        queries = [(name, wanted) for name, wanted in queries if wanted]
        candidates: Iterable[_Indexed] = self._records.values()
        dois = _doi_filter(pairs)
        if dois is not None:
            found = (self._records.get(doi) for doi in dict.fromkeys(dois))
            candidates = sorted((item for item in found if item), key=lambda item: item.order)
        if queries:
            scored = [(_score(item, queries), item) for item in candidates]
            ranked = sorted(
                ((score, item) for score, item in scored if score > 0),
                key=lambda pair: (-pair[0], pair[1].order),
            )
        else:
            ranked = [(1.0, item) for item in candidates]
        selected: list[str] | None = None
        if params.get("select"):
            selected = [name.strip() for name in params["select"].split(",") if name.strip()]
        items = []
        for score, item in ranked[offset : offset + rows]:
            full = {**item.record, "score": score}
            if selected is None:
                items.append(full)
            else:
                items.append({k: v for k, v in full.items() if k == "DOI" or k in selected})
        terms = " ".join(value for name, value in pairs if name in ("query", "query.bibliographic"))
        return _Response(
            200,
            _json_bytes(
                {
                    "status": "ok",
                    "message-type": "work-list",
                    "message-version": "1.0.0",
                    "message": {
                        "facets": {},
                        "total-results": len(ranked),
                        "items": items,
                        "items-per-page": rows,
                        "query": {"start-index": offset, "search-terms": terms or None},
                    },
                }
            ),
        )


def _doi_filter(pairs: list[tuple[str, str]]) -> list[str] | None:
    """The DOIs of the ``doi`` filters in a query (lower case), or None when there are none.

    Filters are ``name:value`` separated by commas; a piece without a colon continues
    the previous value (a comma inside it), as Crossref reads them.
    """
    pieces: list[str] = []
    for name, value in pairs:
        if name != "filter":
            continue
        for piece in value.split(","):
            if ":" in piece or not pieces:
                pieces.append(piece)
            else:
                pieces[-1] += "," + piece
    dois = [
        value.strip().lower()
        for name, _, value in (piece.partition(":") for piece in pieces)
        if name.strip() == "doi"
    ]
    return dois or None


def _split_route(path: str) -> tuple[PathKind, str]:
    """Classify a raw (still percent-encoded) path; for ``single`` also return the DOI."""
    if path.startswith("/v1/"):
        path = path[3:]
    if path in ("/works", "/works/"):
        return "list", ""
    if path.startswith("/works/"):
        return "single", path[len("/works/") :]
    return "other", ""


def _split_target(target: str) -> tuple[str, str]:
    """Path and query string of a request target (origin- or absolute-form)."""
    # The request line arrives decoded as Latin-1; recover any raw UTF-8 in it.
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        target = target.encode("latin-1").decode("utf-8")
    if not target.startswith("/"):
        # Absolute form (http://host/works). Origin form is split by hand because
        # urlsplit would read "//works/..." as a host name.
        parts = urlsplit(target)
        return parts.path or "/", parts.query
    path, _, query = target.partition("?")
    return path, query.partition("#")[0]


def _pool(params: list[tuple[str, str]], headers: Mapping[str, str]) -> str:
    if headers.get("crossref-plus-api-token"):
        return "plus"
    if any(name == "mailto" and value for name, value in params):
        return "polite"
    if "mailto:" in headers.get("user-agent", "").lower():
        return "polite"
    return "public"


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "FakeCrossref/1.0"
    sys_version = ""
    # Idle keep-alive connections end after this; close() ends them sooner.
    timeout = 30.0
    # Headers and body go out in separate writes; without this, Nagle's algorithm and
    # delayed ACKs add ~40 ms to many responses.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the default would print query strings (with mailto) to stderr."""

    def _dispatch(self) -> None:
        app = self.server.app
        method = self.command
        has_body = self.headers.get("Content-Length", "0") != "0" or (
            "Transfer-Encoding" in self.headers
        )
        if method not in ("GET", "HEAD") or has_body:
            # A request body is never read, so the connection cannot be reused.
            self.close_connection = True
        path, query = _split_target(self.path)
        # The request line is capped at 64 KiB by http.server, which bounds this too.
        params = parse_qsl(query, keep_blank_values=True, errors="replace")
        kind = _split_route(path)[0]
        headers = {name.lower(): value for name, value in self.headers.items()}
        pool = _pool(params, headers)
        admission = app._admit(kind)
        released = False

        def finish(status: int | None) -> None:
            # Called just before the last bytes go out, so that a client which has its
            # whole response already finds the request logged and no longer in flight.
            nonlocal released
            if released:
                return
            released = True
            app._release(
                RecordedRequest(
                    method=method,
                    path=path,
                    kind=kind,
                    params=tuple(
                        (name, REDACTED if name.lower() == "mailto" else value)
                        for name, value in params
                    ),
                    headers=MappingProxyType(_logged_headers(headers)),
                    pool=pool,
                    status=status,
                    fault=admission.fault,
                )
            )

        try:
            self._serve(app, admission, method, kind, path, params, pool, finish)
        except OSError:
            # The client went away mid-response; nothing more to do on this connection.
            self.close_connection = True
        finally:
            finish(None)

    def _serve(
        self,
        app: FakeCrossref,
        admission: _Admission,
        method: str,
        kind: PathKind,
        path: str,
        params: list[tuple[str, str]],
        pool: str,
        finish: Callable[[int | None], None],
    ) -> None:
        base_headers = {
            "x-rate-limit-limit": str(admission.limit),
            "x-rate-limit-interval": _format_interval(admission.interval),
            "x-concurrency-limit": str(admission.concurrency_limit),
            "x-api-pool": pool,
        }
        if admission.retry_after is not None:
            response = _Response(
                429,
                _error_body("rate-limit", "Too many requests; slow down."),
                extra_headers={"Retry-After": str(admission.retry_after)},
            )
            self._send(response, base_headers, method, finish)
            return
        if not app._wait(admission.latency):
            self.close_connection = True
            return
        fault = admission.fault
        if fault is Fault.CONNECTION_RESET:
            finish(None)
            self._reset()
            return
        if fault in _STATUS_FAULTS:
            code = _STATUS_FAULTS[fault]
            page = _Response(code, _html_page(f"{code} {self.responses[code][0]}"), _HTML_TYPE)
            self._send(page, base_headers, method, finish)
            return
        if fault is Fault.WRONG_CONTENT_TYPE:
            page = _Response(200, _html_page("Down for maintenance"), _HTML_TYPE)
            self._send(page, base_headers, method, finish)
            return
        response = app._respond(method, kind, path, params)
        if fault is Fault.TRUNCATED_JSON:
            response.body = response.body[: len(response.body) // 2]
        elif fault is Fault.INVALID_JSON:
            response.body = response.body[:-1] + b",}"
        elif fault is Fault.INCOMPLETE_BODY:
            self.close_connection = True
            self._send_head(response, base_headers)
            finish(response.status)
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(response.body[: len(response.body) // 2])
            return
        elif fault is Fault.SLOW_BODY and method != "HEAD":
            self._send_head(response, base_headers)
            self.end_headers()
            body = response.body
            size = max(1, math.ceil(len(body) / admission.slow_body_chunks))
            for start in range(0, len(body), size):
                if start and not app._wait(admission.slow_body_delay):
                    self.close_connection = True
                    return
                if start + size >= len(body):
                    finish(response.status)
                self.wfile.write(body[start : start + size])
            return
        self._send(response, base_headers, method, finish)

    def _send_head(self, response: _Response, base_headers: Mapping[str, str]) -> None:
        """Queue the status line and headers (http.server sends them on end_headers)."""
        self.send_response(response.status)
        for name, value in base_headers.items():
            self.send_header(name, value)
        for name, value in response.extra_headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")

    def _send(
        self,
        response: _Response,
        base_headers: Mapping[str, str],
        method: str,
        finish: Callable[[int | None], None],
    ) -> None:
        self._send_head(response, base_headers)
        finish(response.status)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0) and no response."""
        self.close_connection = True
        connection = self.connection
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()


def _logged_headers(headers: Mapping[str, str]) -> dict[str, str]:
    logged: dict[str, str] = {}
    if "user-agent" in headers:
        logged["user-agent"] = _redact_user_agent(headers["user-agent"])
    for name in _LOGGED_HEADERS:
        if name in headers:
            logged[name] = REDACTED if name in _SECRET_HEADERS else headers[name]
    return logged


class _HTTPServer(HTTPServer):
    """HTTPServer with one tracked thread per connection, so close() can end them all."""

    def __init__(self, app: FakeCrossref) -> None:
        self.app = app
        self._connections_lock = threading.Lock()
        self._connections: dict[threading.Thread, socket.socket] = {}
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn(), a possible DNS look-up.
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()
        self.server_name = "127.0.0.1"
        self.server_port = int(self.server_address[1])

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"FakeCrossref:{self.server_port}:connection",
            daemon=True,
        )
        with self._connections_lock:
            self._connections[thread] = request
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except OSError:
            pass  # the client went away or close() shut the connection down
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self._connections_lock:
                self._connections.pop(threading.current_thread(), None)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; count the error for tests instead.
        self.app._note_internal_error()

    def close_connections(self, timeout: float) -> None:
        """Shut down every open connection and join its thread (bounded by ``timeout``)."""
        with self._connections_lock:
            open_connections = list(self._connections.items())
        for _thread, connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for thread, _connection in open_connections:
            thread.join(max(0.0, deadline - time.monotonic()))
