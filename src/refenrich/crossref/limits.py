"""Client-side rate and concurrency limits, and a circuit breaker, for Crossref.

Crossref publishes per-pool limits (public, polite, Plus) and repeats the ones in
force on every response: ``x-rate-limit-limit`` requests per ``x-rate-limit-interval``
(e.g. ``"1s"``) and ``x-concurrency-limit`` requests in flight. Going over either earns
a 429 at once, so refenrich paces itself instead of waiting to be told off.

The decisions live in two I/O-free, thread-safe cores with an injectable clock:

- :class:`LimiterCore`: one pacing budget per request kind (``"single"`` for
  ``/works/{doi}``, ``"list"`` for ``/works?query...`` searches and the batched
  ``/works?filter=doi:...`` look-ups, which Crossref counts as list queries) and one
  concurrency cap shared by both, since Crossref counts requests in flight per client.
  Requests are spaced evenly (a GCRA without burst) a little wider than the limit
  (``rate_margin``), so no sliding window of the server's interval ever sees more than
  the limit even with some network jitter. Each response's headers move the effective
  limits, never above the configured ceilings unless ``raise_limits_from_headers`` says
  so.
- :class:`CircuitBreaker`: the share of failed attempts among the last ``window``; past
  ``max_error_rate`` it opens and look-ups fail fast (Crossref asks clients to stop when
  errors pass about 10%), and after ``cooldown`` seconds one trial request may go.

:class:`Limiter` (threads) and :class:`AsyncLimiter` (asyncio) only wait: they ask the
core when a request may start and sleep or wait for a slot in between.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from refenrich.errors import CircuitOpenError

__all__ = [
    "AsyncLimiter",
    "CircuitBreaker",
    "CircuitPolicy",
    "Clock",
    "EffectiveLimits",
    "Limiter",
    "LimiterCore",
    "PoolLimits",
    "RequestKind",
    "Ticket",
    "parse_interval",
]

RequestKind = Literal["single", "list"]
"""Which budget a request draws on: a single-record look-up, or a list/search query."""

Clock = Callable[[], float]
"""A monotonic clock in seconds (``time.monotonic`` unless a test injects one)."""

_KINDS: tuple[RequestKind, ...] = ("single", "list")
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass(frozen=True, slots=True)
class PoolLimits:
    """The ceilings for one Crossref pool: requests per ``interval`` and in flight.

    ``single`` paces ``/works/{doi}`` look-ups, ``list`` paces ``/works?query...``
    searches and batched ``/works?filter=doi:...`` look-ups; ``concurrency`` caps
    requests in flight of both kinds together.
    """

    single: float
    list: float
    concurrency: int
    interval: float = 1.0

    def __post_init__(self) -> None:
        if self.single <= 0 or self.list <= 0 or self.interval <= 0:
            raise ValueError("rate limits and interval must be positive")
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")


@dataclass(frozen=True, slots=True)
class CircuitPolicy:
    """When to stop asking a service that keeps failing.

    Among the last ``window`` attempts (at least ``min_attempts`` seen), a share of
    failures above ``max_error_rate`` opens the circuit; after ``cooldown`` seconds a
    single trial attempt may go, and its success closes the circuit again.
    ``max_error_rate=1.0`` switches the breaker off.
    """

    max_error_rate: float = 0.1
    window: int = 50
    min_attempts: int = 20
    cooldown: float = 30.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.max_error_rate <= 1.0:
            raise ValueError("max_error_rate must be between 0 and 1")
        if self.window < 1 or not 1 <= self.min_attempts <= self.window:
            raise ValueError("need 1 <= min_attempts <= window")


@dataclass(frozen=True, slots=True)
class EffectiveLimits:
    """The limits a client works to now (after what the server said)."""

    single: float
    list: float
    interval: float
    concurrency: int


def parse_interval(value: str) -> float | None:
    """Seconds in an ``x-rate-limit-interval`` value (``"1s"``, ``"60s"``, ``"500ms"``).

    Crossref documents whole seconds with an ``s``; a bare number is read as seconds.
    None for anything unreadable or not positive.
    """
    match = _INTERVAL.match(value)
    if match is None:
        return None
    seconds = float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]
    return seconds if seconds > 0 and math.isfinite(seconds) else None


def _positive_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number > 0 else None


class Ticket:
    """One admitted request's start time; :meth:`LimiterCore.sent` moves it to the real send."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


@dataclass(slots=True)
class _Budget:
    limit: float
    interval: float
    next_start: float = -math.inf  # the earliest moment the next request may start
    # The last ``limit`` requests' send times: whatever delayed a request between its
    # admission and the wire (a busy event loop), the server's window never sees more.
    log: deque[Ticket] = field(default_factory=deque)

    def window_size(self) -> int:
        return max(1, math.floor(self.limit))


@dataclass(slots=True)
class _State:
    budgets: dict[str, _Budget] = field(default_factory=dict)
    concurrency: int = 1
    in_flight: int = 0
    adaptations: int = 0


class LimiterCore:
    """Pacing and concurrency decisions for one pool (I/O-free, thread-safe).

    ``try_start(kind)`` admits a request when both its kind's pacing and the shared
    concurrency cap allow, and must be paired with ``finish()``; ``delay(kind)`` says
    how long pacing alone would make it wait. ``observe(kind, headers)`` reads a
    response's limit headers. ``enabled=False`` admits everything (for mirrors and
    proxies that do not limit).
    """

    def __init__(
        self,
        ceilings: PoolLimits,
        *,
        margin: float = 0.05,
        raise_from_headers: bool = False,
        enabled: bool = True,
        clock: Clock = time.monotonic,
    ) -> None:
        if margin < 0:
            raise ValueError("margin must not be negative")
        self.ceilings = ceilings
        self.enabled = enabled
        self._margin = margin
        self._raise = raise_from_headers
        self._clock = clock
        self._lock = threading.Lock()
        self._state = _State(
            budgets={
                "single": _Budget(ceilings.single, ceilings.interval),
                "list": _Budget(ceilings.list, ceilings.interval),
            },
            concurrency=ceilings.concurrency,
        )

    def _spacing(self, budget: _Budget) -> float:
        return budget.interval * (1.0 + self._margin) / budget.limit

    def _earliest(self, budget: _Budget) -> float:
        earliest = budget.next_start
        size = budget.window_size()
        if len(budget.log) >= size:
            oldest = budget.log[len(budget.log) - size]
            earliest = max(earliest, oldest.at + budget.interval * (1.0 + self._margin))
        return earliest

    def delay(self, kind: RequestKind) -> float:
        """Seconds until pacing lets a ``kind`` request start (0.0: now)."""
        if not self.enabled:
            return 0.0
        with self._lock:
            return max(0.0, self._earliest(self._state.budgets[kind]) - self._clock())

    def can_enter(self) -> bool:
        """Whether a request slot is free under the concurrency cap."""
        with self._lock:
            return not self.enabled or self._state.in_flight < self._state.concurrency

    def try_start(self, kind: RequestKind) -> Ticket | None:
        """Admit one ``kind`` request now if pacing and concurrency allow.

        Returns a ticket (then call :meth:`finish`, and :meth:`sent` if the moment the
        request reached the wire is known), or None when it must wait.
        """
        with self._lock:
            state = self._state
            now = self._clock()
            if not self.enabled:
                state.in_flight += 1
                return Ticket(now)
            budget = state.budgets[kind]
            if state.in_flight >= state.concurrency or now < self._earliest(budget):
                return None
            state.in_flight += 1
            budget.next_start = now + self._spacing(budget)
            ticket = Ticket(now)
            budget.log.append(ticket)
            while len(budget.log) > budget.window_size():
                budget.log.popleft()
            return ticket

    def sent(self, ticket: Ticket, at: float | None = None) -> None:
        """The request of ``ticket`` was written to the network at ``at`` (default: now)."""
        moment = self._clock() if at is None else at
        with self._lock:
            ticket.at = max(ticket.at, moment)

    def finish(self) -> None:
        """A request admitted by :meth:`try_start` has completed (whatever its outcome)."""
        with self._lock:
            self._state.in_flight = max(0, self._state.in_flight - 1)

    def observe(self, kind: RequestKind, headers: Mapping[str, str]) -> bool:
        """Adapt to a response's ``x-rate-limit-*`` and ``x-concurrency-limit`` headers.

        The new limits apply to the next request at once: a lowered rate pushes the next
        start back to the new spacing after the last one. Returns whether anything changed.
        """
        limit = _positive_int(headers.get("x-rate-limit-limit"))
        raw_interval = headers.get("x-rate-limit-interval")
        interval = parse_interval(raw_interval) if raw_interval is not None else None
        concurrency = _positive_int(headers.get("x-concurrency-limit"))
        if limit is None and interval is None and concurrency is None:
            return False
        ceilings = self.ceilings
        with self._lock:
            state = self._state
            budget = state.budgets[kind]
            before = (budget.limit, budget.interval, state.concurrency)
            ceiling_rate = ceilings.single if kind == "single" else ceilings.list
            new_interval = interval or budget.interval
            if limit is not None:
                # Compare as rates: the server may state its limit over another interval.
                server_rate = limit / new_interval
                ceiling = ceiling_rate / ceilings.interval
                if server_rate > ceiling and not self._raise:
                    budget.limit, budget.interval = ceiling_rate, ceilings.interval
                else:
                    budget.limit, budget.interval = float(limit), new_interval
            if concurrency is not None:
                state.concurrency = (
                    concurrency if self._raise else min(concurrency, ceilings.concurrency)
                )
            after = (budget.limit, budget.interval, state.concurrency)
            if after == before:
                return False
            state.adaptations += 1
            while len(budget.log) > budget.window_size():
                budget.log.popleft()
            if budget.next_start > -math.inf:
                # Re-space from the last start under the new limit (sooner or later).
                last_start = budget.next_start - before[1] * (1 + self._margin) / before[0]
                budget.next_start = last_start + self._spacing(budget)
            return True

    @property
    def limits(self) -> EffectiveLimits:
        """The limits in force now."""
        with self._lock:
            single, listing = self._state.budgets["single"], self._state.budgets["list"]
            return EffectiveLimits(
                single=single.limit / single.interval,
                list=listing.limit / listing.interval,
                interval=1.0,
                concurrency=self._state.concurrency,
            )

    @property
    def in_flight(self) -> int:
        """Requests admitted and not yet finished."""
        with self._lock:
            return self._state.in_flight

    @property
    def adaptations(self) -> int:
        """How many responses changed the limits."""
        with self._lock:
            return self._state.adaptations


_RECHECK = 0.05
"""Seconds a waiter for a slot sleeps at most between checks when pacing says "now"."""


def _wait_for(delay: float) -> float:
    """How long to wait after :meth:`LimiterCore.try_start` said no.

    ``delay`` > 0: pacing's wait. Otherwise the cap on requests in flight was full (a
    finishing request wakes the waiter) or pacing's moment came between ``try_start``
    and ``delay`` reading the clock, when nothing would wake it: so never wait unbounded.
    """
    return delay if delay > 0 else _RECHECK


class Limiter:
    """Blocking waits on a :class:`LimiterCore`, for the sync client (thread-safe).

    One waiter per kind at a time asks the core (the others queue on a lock), so a
    thousand threads do not all wake on every slot.
    """

    def __init__(self, core: LimiterCore) -> None:
        self.core = core
        self._kind_locks = {kind: threading.Lock() for kind in _KINDS}
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def slot(self, kind: RequestKind) -> Iterator[Ticket]:
        """Wait until a ``kind`` request may go; the slot is held inside the block."""
        with self._kind_locks[kind], self._changed:
            while (ticket := self.core.try_start(kind)) is None:
                self._changed.wait(_wait_for(self.core.delay(kind)))
        try:
            yield ticket
        finally:
            self.core.finish()
            with self._changed:
                self._changed.notify_all()

    def observe(self, kind: RequestKind, headers: Mapping[str, str]) -> None:
        """Pass a response's headers to the core and wake waiters if limits changed."""
        if self.core.observe(kind, headers):
            with self._changed:
                self._changed.notify_all()


class AsyncLimiter:
    """Awaitable waits on a :class:`LimiterCore`, for the async client.

    asyncio primitives belong to one event loop; they are made afresh when the client
    is used from another loop (``asyncio.run`` per call in scripts and tests).
    """

    def __init__(self, core: LimiterCore) -> None:
        self.core = core
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kind_locks: dict[str, asyncio.Lock] = {}
        self._changed: asyncio.Condition | None = None

    def _primitives(self) -> tuple[dict[str, asyncio.Lock], asyncio.Condition]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._changed is None:
            self._loop = loop
            self._kind_locks = {kind: asyncio.Lock() for kind in _KINDS}
            self._changed = asyncio.Condition()
        return self._kind_locks, self._changed

    @contextlib.asynccontextmanager
    async def slot(self, kind: RequestKind) -> AsyncIterator[Ticket]:
        """Wait until a ``kind`` request may go; the slot is held inside the block."""
        locks, changed = self._primitives()
        async with locks[kind], changed:
            while (ticket := self.core.try_start(kind)) is None:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(_wait_for(self.core.delay(kind))):
                        await changed.wait()
        try:
            yield ticket
        finally:
            self.core.finish()
            await self._notify()

    async def _notify(self) -> None:
        _, changed = self._primitives()
        async with changed:
            changed.notify_all()

    async def observe(self, kind: RequestKind, headers: Mapping[str, str]) -> None:
        """Pass a response's headers to the core and wake waiters if limits changed."""
        if self.core.observe(kind, headers):
            await self._notify()


class CircuitBreaker:
    """Counts attempt outcomes and opens when the error rate stays high (I/O-free).

    :meth:`check` raises :class:`~refenrich.errors.CircuitOpenError` while open;
    :meth:`record` notes each attempt's outcome. Thread-safe.
    """

    def __init__(self, policy: CircuitPolicy | None = None, *, clock: Clock = time.monotonic):
        self.policy = policy or CircuitPolicy()
        self._clock = clock
        self._lock = threading.Lock()
        self._outcomes: deque[bool] = deque(maxlen=self.policy.window)
        self._opened_at: float | None = None
        self._trial = False
        self.times_opened = 0

    @property
    def is_open(self) -> bool:
        """Whether look-ups fail fast now."""
        with self._lock:
            return self._opened_at is not None

    @property
    def error_rate(self) -> float:
        """The share of failures among the attempts in the window (0.0 when none)."""
        with self._lock:
            return self._rate()

    def _rate(self) -> float:
        if not self._outcomes:
            return 0.0
        return self._outcomes.count(False) / len(self._outcomes)

    def check(self) -> None:
        """Raise :class:`CircuitOpenError` unless an attempt may go now."""
        with self._lock:
            if self._opened_at is None:
                return
            if not self._trial and self._clock() - self._opened_at >= self.policy.cooldown:
                self._trial = True  # half-open: this one attempt may go
                return
            rate = self._rate()
        raise CircuitOpenError(
            f"stopped asking Crossref: {rate:.0%} of the last {len(self._outcomes)} "
            f"requests failed (more than {self.policy.max_error_rate:.0%})"
        )

    def record(self, success: bool) -> None:
        """Note an attempt's outcome; may open or close the circuit."""
        with self._lock:
            self._outcomes.append(success)
            if self._opened_at is not None:
                if self._trial:
                    self._trial = False
                    if success:
                        self._opened_at = None
                        self._outcomes.clear()
                    else:
                        self._opened_at = self._clock()
                return
            policy = self.policy
            if (
                policy.max_error_rate < 1.0
                and len(self._outcomes) >= policy.min_attempts
                and self._rate() > policy.max_error_rate
            ):
                self._opened_at = self._clock()
                self.times_opened += 1
