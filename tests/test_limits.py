"""The limiter core and circuit breaker with a fake clock (no sleeping), and the clients'
use of them against the fake Crossref server (generous tolerances)."""

from __future__ import annotations

import asyncio
import itertools
import threading

import pytest

import refenrich
from refenrich.crossref.limits import (
    AsyncLimiter,
    CircuitBreaker,
    CircuitPolicy,
    Limiter,
    LimiterCore,
    PoolLimits,
    parse_interval,
)
from refenrich.crossref.protocol import POLITE_POOL, PUBLIC_POOL, CrossrefSettings
from refenrich.errors import CircuitOpenError
from refenrich.testing import FakeCrossref, FakeCrossrefConfig, Fault


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def core(limits: PoolLimits = POLITE_POOL, **kwargs: object) -> tuple[LimiterCore, FakeClock]:
    clock = FakeClock()
    return LimiterCore(limits, clock=clock, margin=0.0, **kwargs), clock  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1s", 1.0),
        ("60s", 60.0),
        ("500ms", 0.5),
        ("2", 2.0),
        (" 1S ", 1.0),
        ("0s", None),
        ("x", None),
    ],
)
def test_parse_interval(value: str, seconds: float | None) -> None:
    assert parse_interval(value) == seconds


def test_requests_are_spaced_evenly_per_kind() -> None:
    limiter, clock = core()
    starts = []
    for _ in range(30):
        while (ticket := limiter.try_start("single")) is None:
            clock.now += limiter.delay("single") or 0.001
        starts.append(ticket.at)
        limiter.finish()
    gaps = {round(b - a, 6) for a, b in itertools.pairwise(starts)}
    assert gaps == {0.1}  # 10 per second, no burst
    # any one-second window holds at most 10
    assert max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts) <= 10


def test_lookups_and_searches_have_separate_budgets() -> None:
    limiter, _ = core()
    assert limiter.try_start("single") is not None
    assert limiter.try_start("list") is not None  # not held back by the look-up
    assert limiter.try_start("single") is None
    assert limiter.delay("list") == pytest.approx(1 / 3)


def test_concurrency_cap_is_shared() -> None:
    limiter, clock = core(PoolLimits(single=1000, list=1000, concurrency=2))
    assert limiter.try_start("single")
    assert limiter.try_start("list")
    clock.now += 1
    assert limiter.try_start("single") is None
    assert limiter.delay("single") == 0.0  # not pacing: waiting for a slot
    limiter.finish()
    assert limiter.try_start("single") is not None


def test_margin_widens_spacing() -> None:
    limiter = LimiterCore(POLITE_POOL, margin=0.05, clock=FakeClock())
    assert limiter.try_start("list") is not None
    assert limiter.delay("list") == pytest.approx(1.05 / 3)


def test_headers_lower_limits_at_once_and_never_raise_above_ceiling() -> None:
    limiter, _ = core()
    headers = {"x-rate-limit-limit": "5", "x-rate-limit-interval": "1s", "x-concurrency-limit": "2"}
    assert limiter.observe("single", headers)
    assert limiter.limits.single == 5
    assert limiter.limits.concurrency == 2
    assert limiter.limits.list == 3  # the other budget is untouched
    limiter.observe("single", {"x-rate-limit-limit": "50", "x-concurrency-limit": "10"})
    assert limiter.limits.single == 10  # the ceiling
    assert limiter.limits.concurrency == 3


def test_headers_may_raise_when_told() -> None:
    limiter, _ = core(raise_from_headers=True)
    limiter.observe("single", {"x-rate-limit-limit": "3000", "x-rate-limit-interval": "60s"})
    assert limiter.limits.single == pytest.approx(50)


def test_lowered_limit_respaces_the_next_request() -> None:
    limiter, _ = core()
    assert limiter.try_start("single") is not None
    limiter.finish()
    limiter.observe("single", {"x-rate-limit-limit": "2", "x-rate-limit-interval": "1s"})
    assert limiter.delay("single") == pytest.approx(0.5)


def test_sliding_log_uses_the_real_send_time() -> None:
    limiter, clock = core(PoolLimits(single=2, list=2, concurrency=5))
    first = limiter.try_start("single")
    assert first is not None
    clock.now += 0.5
    second = limiter.try_start("single")
    assert second is not None
    limiter.sent(first, at=clock.now)  # the first one left late (a busy event loop)
    clock.now += 0.5
    # pacing alone would allow a third now, but the first went out only 0.5 s ago
    assert limiter.try_start("single") is None
    assert limiter.delay("single") == pytest.approx(0.5)


def test_garbage_headers_are_ignored() -> None:
    limiter, _ = core()
    bad = {
        "x-rate-limit-limit": "lots",
        "x-rate-limit-interval": "soon",
        "x-concurrency-limit": "-1",
    }
    assert not limiter.observe("single", bad)
    assert limiter.limits.single == 10


def test_disabled_limiter_admits_everything() -> None:
    limiter, _ = core(enabled=False)
    assert all(limiter.try_start("single") for _ in range(100))


def test_pool_defaults() -> None:
    assert CrossrefSettings().pool_limits == PUBLIC_POOL
    assert CrossrefSettings(mailto="a@example.org").pool == "polite"
    assert CrossrefSettings(mailto="a@example.org", plus_token="t").pool == "plus"
    assert (POLITE_POOL.single, POLITE_POOL.list, POLITE_POOL.concurrency) == (10, 3, 3)


# -- circuit breaker ---------------------------------------------------------------------


def test_breaker_opens_above_the_error_rate_and_half_opens_after_cooldown() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(CircuitPolicy(window=10, min_attempts=10, cooldown=5), clock=clock)
    for outcome in [True] * 8 + [False] * 2:
        breaker.record(outcome)
    assert breaker.is_open is True  # 20% > 10%: opened on the last record
    with pytest.raises(CircuitOpenError, match="failed"):
        breaker.check()
    clock.now += 5
    breaker.check()  # one trial may go
    with pytest.raises(CircuitOpenError):
        breaker.check()  # but only one
    breaker.record(True)
    assert breaker.is_open is False
    breaker.check()


def test_breaker_needs_enough_attempts_and_can_be_switched_off() -> None:
    breaker = CircuitBreaker(CircuitPolicy(window=50, min_attempts=20))
    for _ in range(19):
        breaker.record(False)
    assert not breaker.is_open
    off = CircuitBreaker(CircuitPolicy(max_error_rate=1.0, window=5, min_attempts=1))
    for _ in range(10):
        off.record(False)
    assert not off.is_open


def test_breaker_stops_a_run_cleanly(fake_crossref: FakeCrossref) -> None:
    fake_crossref.set_fault_rates({Fault.HTTP_500: 1.0})
    settings = CrossrefSettings(
        base_url=fake_crossref.url,
        retry=refenrich.RetryPolicy(max_attempts=2, initial_wait=0.001, max_wait=0.002),
        circuit=CircuitPolicy(window=4, min_attempts=4),
        rate_limit=False,
    )
    lines = "\n".join(f"Someone (2020) Thing. doi:10.5555/nothing.{n}" for n in range(10))
    with refenrich.CrossrefClient(settings) as client:
        report = refenrich.check(lines, source=client, lines=True, search=False)
        assert client.traffic.circuit_open
        assert client.requests_sent == 4  # then nothing more went out
    assert [r.status for r in report.results] == [refenrich.Status.FAILED] * 10
    assert any("stopped asking Crossref" in (r.resolution.error or "") for r in report.results)


# -- against the fake server -------------------------------------------------------------


@pytest.fixture
def fake_crossref_config() -> FakeCrossrefConfig:
    return FakeCrossrefConfig(single_limit=20, list_limit=5, concurrency_limit=2, latency=0.02)


def test_async_client_keeps_within_limits_without_429(fake_crossref: FakeCrossref) -> None:
    settings = CrossrefSettings(
        base_url=fake_crossref.url,
        mailto="someone@example.org",
        # Above the server's rate (it says 20/s in its first answer), not its concurrency:
        # a client cannot know a concurrency limit before its first answer.
        polite_limits=PoolLimits(single=40, list=10, concurrency=2),
    )

    async def run() -> refenrich.crossref.client.TrafficStats:
        async with refenrich.AsyncCrossrefClient(settings) as client:
            dois = [f"10.5555/none.{n}" for n in range(24)]
            await asyncio.gather(*(client.get_work(doi) for doi in dois))
            await asyncio.gather(*(client.search_works(f"q {n}", rows=1) for n in range(4)))
            assert client.limits.limits.single == 20  # adapted down from 40
            return client.traffic

    traffic = asyncio.run(run())
    stats = fake_crossref.stats
    assert stats.rate_limited == 0
    assert stats.max_concurrency <= 2
    assert traffic.requests == 28
    assert traffic.retries == 0


class _SteppingClock:
    """Returns ``times`` in turn, then the last one for ever."""

    def __init__(self, *times: float) -> None:
        self._times = list(times)

    def __call__(self) -> float:
        return self._times.pop(0) if len(self._times) > 1 else self._times[0]


def test_a_lone_waiter_is_not_stranded_when_pacing_expires_between_two_clock_reads() -> None:
    # try_start reads 0.1 (too early: the next start is at 0.105), then delay reads
    # 5.0 (no wait left). Before the fix the waiter then waited for a notify that no
    # one would send: a flaky hang of a single-threaded check.
    clock = _SteppingClock(0.0, 0.1, 5.0)
    core = LimiterCore(PoolLimits(single=10, list=10, concurrency=3), clock=clock)
    limiter = Limiter(core)
    with limiter.slot("single"):
        pass
    admitted = threading.Event()

    def second() -> None:
        with limiter.slot("single"):
            admitted.set()

    worker = threading.Thread(target=second, daemon=True)
    worker.start()
    assert admitted.wait(5), "the second request never got its slot"
    worker.join(5)


def test_the_async_limiter_is_not_stranded_either() -> None:
    clock = _SteppingClock(0.0, 0.1, 5.0)
    limiter = AsyncLimiter(LimiterCore(PoolLimits(single=10, list=10, concurrency=3), clock=clock))

    async def two() -> None:
        async with limiter.slot("single"):
            pass
        async with limiter.slot("single"):
            pass

    asyncio.run(asyncio.wait_for(two(), 5))
