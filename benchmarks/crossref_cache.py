"""Benchmark: a re-run that the Crossref cache answers entirely (issue 6's second target).

Primes a fresh cache against ``refenrich.testing.FakeCrossref`` on 127.0.0.1 (no rate
limit, no latency, so priming takes seconds), then times the same batch again through
:func:`refenrich.batch.arun_batch` with a new client and a new cache object on the same
file, as a second ``refenrich check DIR`` would. Two batches: ``mixed`` (half the
references give a DOI, the rest are resolved by search) and ``DOIs only``. Prints refs/s
(target >= 2000) and the requests the server saw during the re-run (target 0).

    python benchmarks/crossref_cache.py                  # 1000 mixed, 1000 DOI-only
    python benchmarks/crossref_cache.py --size 2000 --repeat 3
    python benchmarks/crossref_cache.py --state          # also write a --resume state file
    python benchmarks/crossref_cache.py --profile out.html   # pyinstrument, re-runs only
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crossref_common import make_records, write_documents

from refenrich.batch import StateFile, arun_batch
from refenrich.crossref import AsyncCrossrefClient, CrossrefSettings
from refenrich.crossref.cache import SQLiteCache
from refenrich.crossref.limits import PoolLimits
from refenrich.models import Status
from refenrich.testing import FakeCrossref


def settings(url: str) -> CrossrefSettings:
    # Generous limits: priming should be quick; the re-run must not need them at all.
    return CrossrefSettings(
        base_url=url,
        mailto="bench@example.org",
        polite_limits=PoolLimits(single=2000, list=2000, concurrency=20),
    )


async def prime(url: str, documents: list[Path], cache_path: Path) -> None:
    cache = SQLiteCache(cache_path)
    try:
        async with AsyncCrossrefClient(settings(url), cache=cache) as client:
            await arun_batch(documents, client, lines=True)
    finally:
        cache.close()


async def rerun(
    url: str, documents: list[Path], cache_path: Path, state_path: Path | None
) -> tuple[int, float, str, int]:
    cache = SQLiteCache(cache_path)
    state = StateFile(state_path) if state_path is not None else None
    try:
        async with AsyncCrossrefClient(settings(url), cache=cache) as client:
            started = time.perf_counter()
            outcome = await arun_batch(documents, client, lines=True, state=state)
            elapsed = time.perf_counter() - started
    finally:
        cache.close()
        if state is not None:
            state.close()
    results = outcome.report.results
    failed = sum(result.status is Status.FAILED for result in results)
    return len(results), elapsed, client.traffic.describe(), failed


@contextlib.contextmanager
def profiled(path: str | None) -> Iterator[Any]:
    if path is None:
        yield None
        return
    from pyinstrument import Profiler  # a developer tool, not a project dependency

    profiler = Profiler(interval=0.0005, async_mode="enabled")
    profiler.start()
    try:
        yield profiler
    finally:
        profiler.stop()
        if path.endswith(".html"):
            Path(path).write_text(profiler.output_html(), encoding="utf-8")
        else:
            Path(path).write_text(profiler.output_text(unicode=True, show_all=False))
        print(f"profile written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="references in each batch")
    parser.add_argument("--repeat", type=int, default=3, help="timed re-runs of each batch")
    parser.add_argument(
        "--only", choices=("mixed", "dois"), help="run one batch only (default: both)"
    )
    parser.add_argument("--state", action="store_true", help="re-run with a --resume state file")
    parser.add_argument("--profile", metavar="OUT", help="pyinstrument the re-runs (.html/.txt)")
    args = parser.parse_args()
    records = make_records(args.size)
    batches = {"mixed": 2, "dois": 10**9}
    if args.only:
        batches = {args.only: batches[args.only]}
    with tempfile.TemporaryDirectory() as tmp, FakeCrossref(records) as server:
        root = Path(tmp)
        for label, doi_every in batches.items():
            documents = write_documents(records, root / label, doi_every=doi_every)
            cache_path = root / f"{label}.sqlite3"
            started = time.perf_counter()
            asyncio.run(prime(server.url, documents, cache_path))
            primed = server.stats.requests
            print(
                f"[{label}] primed {primed} request(s) in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            rates = []
            with profiled(f"{label}-{args.profile}" if args.profile else None):
                for run in range(args.repeat):
                    server.reset_stats()
                    state_path = root / f"{label}-{run}.state.jsonl" if args.state else None
                    count, elapsed, traffic, failed = asyncio.run(
                        rerun(server.url, documents, cache_path, state_path)
                    )
                    rates.append(count / elapsed)
                    print(
                        f"[{label}] re-run {run + 1}: {count} references in {elapsed:.3f} s = "
                        f"{count / elapsed:.0f} refs/s; requests to the server: "
                        f"{server.stats.requests}; failed: {failed}; {traffic}",
                        flush=True,
                    )
            print(
                f"[{label}] re-run median {statistics.median(rates):.0f} refs/s "
                f"(target >= 2000), best {max(rates):.0f}",
                flush=True,
            )
            server.reset_stats()


if __name__ == "__main__":
    main()
