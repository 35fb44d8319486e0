"""Benchmark: a batch against the fake Crossref enforcing the polite pool's limits.

Scenarios (all against ``refenrich.testing.FakeCrossref`` on 127.0.0.1):

1. ``load``: 10 look-ups/s, 3 list requests/s, 3 in flight, 100 ms latency; a batch of
   N references (half with DOIs, the rest resolved by search). The DOIs are looked up
   together, 20 to a ``filter=doi:...`` list request, so list requests are searches plus
   batched look-ups and both count against the list budget. Prints the elapsed time,
   the time the limits allow for the requests made (each budget paced on its own, in
   parallel, and the concurrency cap), their ratio, and the 429 count.
2. ``adapt``: a batch whose DOIs are three in four references; after a few seconds the
   server lowers its limits through its headers (``FakeCrossref.set_limits``). Prints
   how long the client took to work to the new limits of each budget and how many 429s
   that cost. Twice: with the DOIs looked up one by one (both budgets busy, as before
   batching), then batched, with a fifth of the DOIs unknown to the server (looked up
   singly after their batch, as DOIs registered elsewhere are). A budget's new limit
   arrives with that budget's own responses, so for the look-up budget the time from
   its first response after the change is printed too.
3. ``cache``: the same batch again with the cache from (1): requests made and refs/s.

    python benchmarks/crossref_limits.py                 # N=1000 (about 3 minutes)
    python benchmarks/crossref_limits.py --size 200      # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from crossref_common import make_records, write_documents

from refenrich.batch import arun_batch
from refenrich.crossref import AsyncCrossrefClient, CrossrefSettings
from refenrich.crossref.cache import SQLiteCache
from refenrich.models import Status, Work
from refenrich.testing import FakeCrossref, FakeCrossrefConfig

SINGLE, LIST, CONCURRENCY, LATENCY = 10, 3, 3, 0.1


def config() -> FakeCrossrefConfig:
    return FakeCrossrefConfig(
        single_limit=SINGLE, list_limit=LIST, concurrency_limit=CONCURRENCY, latency=LATENCY
    )


def settings(url: str) -> CrossrefSettings:
    return CrossrefSettings(base_url=url, mailto="bench@example.org")


def allowed_seconds(single: int, listing: int, single_rate: float, list_rate: float) -> float:
    """The least time the limits allow for these requests (both budgets run in parallel)."""
    pace = max(
        (single - 1) / single_rate if single else 0, (listing - 1) / list_rate if listing else 0
    )
    # Concurrency and latency bound it too: at most CONCURRENCY requests per LATENCY.
    return max(pace, (single + listing) * LATENCY / CONCURRENCY) + LATENCY


async def load_then_cached(
    records: list[dict], documents: list[Path], doi_documents: list[Path], cache_path: Path
) -> None:
    with FakeCrossref(records, config()) as server:
        await load(server, documents, cache_path)
        server.reset_stats()
        await cached(server, documents, cache_path, "mixed")
        # DOI-only: the pipeline without search validation (match.py), to show the cost
        # of the cache path itself. Filled first, then re-run from the cache.
        fill = SQLiteCache(cache_path)
        async with AsyncCrossrefClient(settings(server.url), cache=fill) as client:
            await arun_batch(doi_documents, client, lines=True)
        fill.close()
        server.reset_stats()
        await cached(server, doi_documents, cache_path, "DOIs only")


async def load(server: FakeCrossref, documents: list[Path], cache_path: Path) -> None:
    cache = SQLiteCache(cache_path)
    async with AsyncCrossrefClient(settings(server.url), cache=cache) as client:
        started = time.perf_counter()
        outcome = await arun_batch(documents, client, lines=True)
        elapsed = time.perf_counter() - started
    cache.close()
    stats = server.stats
    single, listing = stats.by_kind.get("single", 0), stats.by_kind.get("list", 0)
    batched = sum(1 for r in server.requests if r.kind == "list" and dict(r.params).get("filter"))
    allowed = allowed_seconds(single, listing, SINGLE, LIST)
    statuses = [result.status for result in outcome.report.results]
    print(
        f"[load] references: {len(statuses)} (resolved: "
        f"{sum(s in (Status.VERIFIED, Status.WARNING, Status.ERROR) for s in statuses)}, "
        f"failed: {statuses.count(Status.FAILED)})"
    )
    print(
        f"[load] requests: {stats.requests} ({single} look-ups, {listing} list requests: "
        f"{listing - batched} searches and {batched} batched look-ups), "
        f"429s: {stats.rate_limited}, max in flight: {stats.max_concurrency}"
    )
    print(
        f"[load] elapsed {elapsed:.1f} s; the limits allow {allowed:.1f} s; "
        f"ratio {elapsed / allowed:.3f} (target <= 1.1)"
    )
    print(f"[load] {client.traffic.describe()}")


class OneByOne:
    """A client without ``get_works``: its DOIs are looked up one by one, as before batching."""

    def __init__(self, client: AsyncCrossrefClient) -> None:
        self._client = client
        self.name = client.name

    async def get_work(self, doi: str) -> Work | None:
        return await self._client.get_work(doi)

    async def search_works(self, query: str, **options: Any) -> list[Work]:
        return await self._client.search_works(query, **options)


async def adapt(
    records: list[dict], documents: list[Path], lower_after: float, *, batched: bool
) -> None:
    new_single, new_list, new_concurrency = 5, 1, 2
    label = "[adapt, batched]" if batched else "[adapt, one by one]"
    # Batched: a fifth of the cited DOIs are unknown to the server, so after their batch
    # they are looked up singly (404) and the look-up budget is in use too.
    served = [r for n, r in enumerate(records) if n % 5 != 1] if batched else records
    with FakeCrossref(served, config()) as server:
        async with AsyncCrossrefClient(settings(server.url)) as client:
            source = client if batched else OneByOne(client)
            task = asyncio.create_task(arun_batch(documents, source, lines=True))
            await asyncio.sleep(lower_after)
            before = server.stats.rate_limited
            singles_before = server.stats.by_kind.get("single", 0)
            server.set_limits(
                single_limit=new_single, list_limit=new_list, concurrency_limit=new_concurrency
            )
            changed = time.perf_counter()
            listed: float | None = None  # list budget and concurrency adapted
            single: float | None = None  # look-up budget adapted
            first_single: float | None = None  # first look-up after the change at the server
            while not task.done():
                now = time.perf_counter() - changed
                limits = client.limits.limits
                if (
                    listed is None
                    and limits.list <= new_list
                    and limits.concurrency <= new_concurrency
                ):
                    listed = now
                if single is None and limits.single <= new_single:
                    single = now
                if first_single is None and server.stats.by_kind.get("single", 0) > singles_before:
                    first_single = now
                await asyncio.sleep(0.005)
            outcome = await task
        stats = server.stats
    after = stats.rate_limited - before
    statuses = [result.status for result in outcome.report.results]

    def ms(value: float | None) -> str:
        return "never" if value is None else f"{value * 1000:.0f} ms"

    print(
        f"{label} limits lowered after {lower_after:.0f} s to {new_single}/s look-ups, "
        f"{new_list}/s list requests, {new_concurrency} in flight"
    )
    print(
        f"{label} client working to the new list limit and concurrency after {ms(listed)}, "
        f"to the new look-up limit after {ms(single)} (target < 1000 ms); the first look-up "
        f"after the change reached the server at {ms(first_single)}"
    )
    if single is not None and first_single is not None:
        print(
            f"{label} look-up budget adapted {ms(max(0.0, single - first_single))} after its "
            "first request under the new limits"
        )
    print(
        f"{label} 429s before: {before}, after the change: {after}; failed: "
        f"{statuses.count(Status.FAILED)} of {len(statuses)}; requests: "
        f"{stats.by_kind.get('single', 0)} look-ups, {stats.by_kind.get('list', 0)} list"
    )


async def cached(server: FakeCrossref, documents: list[Path], cache_path: Path, label: str) -> None:
    cache = SQLiteCache(cache_path)
    async with AsyncCrossrefClient(settings(server.url), cache=cache) as client:
        started = time.perf_counter()
        outcome = await arun_batch(documents, client, lines=True)
        elapsed = time.perf_counter() - started
    cache.close()
    requests = server.stats.requests
    count = len(outcome.report.results)
    print(
        f"[cache] re-run ({label}): {count} references in {elapsed:.2f} s = {count / elapsed:.0f} refs/s "
        f"(target >= 2000); requests to the server: {requests} (target 0); "
        f"{client.traffic.describe()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="references in the batch")
    parser.add_argument("--adapt-size", type=int, default=200, help="references, adapt run")
    parser.add_argument("--doi-size", type=int, default=300, help="references, DOI-only re-run")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    records = make_records(max(args.size, args.adapt_size))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        documents = write_documents(records[: args.size], root / "docs")
        cache_path = root / "cache.sqlite3"
        if not args.skip_load:
            doi_documents = write_documents(
                records[: args.doi_size], root / "dois", doi_every=10**9
            )
            asyncio.run(load_then_cached(records, documents, doi_documents, cache_path))
        # Mostly DOIs here, a fifth of them unknown to the server (see adapt()), so that
        # both budgets are busy when the limits drop.
        adapt_docs = write_documents(records[: args.adapt_size], root / "adapt", doi_every=4)
        asyncio.run(adapt(records, adapt_docs, lower_after=5.0, batched=False))
        asyncio.run(adapt(records, adapt_docs, lower_after=5.0, batched=True))


if __name__ == "__main__":
    main()
