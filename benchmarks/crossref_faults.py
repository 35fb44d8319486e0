"""Benchmark: 20% of responses fail in each of the fake Crossref's fault ways.

For each fault, a batch of N references (half with DOIs) runs twice: with the default
circuit breaker (Crossref asks clients to stop past ~10% errors, so it opens and the
rest fail fast, cleanly) and with the breaker off (retries recover). Every reference
must end with a result, resolved or failed; prints counts, retries and time.

    python benchmarks/crossref_faults.py            # N=100 per run
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from crossref_common import make_records, write_documents

from refenrich.batch import arun_batch
from refenrich.crossref import AsyncCrossrefClient, CrossrefSettings, RetryPolicy
from refenrich.crossref.limits import CircuitPolicy, PoolLimits
from refenrich.models import Status
from refenrich.testing import FakeCrossref, FakeCrossrefConfig, Fault


async def run(records: list[dict], documents: list[Path], fault: Fault, breaker: bool) -> str:
    config = FakeCrossrefConfig(
        fault_rates={fault: 0.2}, seed=1, latency=0.01, slow_body_chunks=3, slow_body_delay=0.6
    )
    with FakeCrossref(records, config) as server:
        settings = CrossrefSettings(
            base_url=server.url,
            mailto="bench@example.org",
            timeout=0.5,
            polite_limits=PoolLimits(single=200, list=200, concurrency=10),
            retry=RetryPolicy(max_attempts=4, initial_wait=0.02, max_wait=0.2),
            circuit=CircuitPolicy() if breaker else CircuitPolicy(max_error_rate=1.0),
        )
        async with AsyncCrossrefClient(settings) as client:
            started = time.perf_counter()
            outcome = await arun_batch(documents, client, lines=True)
            elapsed = time.perf_counter() - started
        stats = server.stats
    statuses = [r.status for r in outcome.report.results]
    failed = statuses.count(Status.FAILED)
    expected = sum(len(p.read_text().splitlines()) for p in documents)
    return (
        f"{fault.value:<19} breaker {'on ' if breaker else 'off'}: {len(statuses)}/{expected} "
        f"with a result ({len(statuses) - failed} resolved, {failed} failed) in {elapsed:.1f} s; "
        f"{client.traffic.requests} requests, {client.traffic.retries} retried, "
        f"{stats.faults_injected} faults; breaker open: {client.traffic.circuit_open}; "
        f"server errors: {stats.internal_errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100)
    args = parser.parse_args()
    records = make_records(args.size)
    with tempfile.TemporaryDirectory() as tmp:
        documents = write_documents(records, Path(tmp), per_document=25)
        for fault in Fault:
            for breaker in (True, False):
                print(asyncio.run(run(records, documents, fault, breaker)), flush=True)


if __name__ == "__main__":
    main()
