"""Benchmark: a re-run that the Crossref cache answers entirely (issue 6's second target).

Primes a fresh cache against ``refenrich.testing.FakeCrossref`` on 127.0.0.1 (no rate
limit, no latency, so priming takes seconds), then times the same batch again through
:func:`refenrich.batch.arun_batch` with a new client and a new cache object on the same
file, as a second ``refenrich check DIR`` would. Two batches: ``mixed`` (half the
references give a DOI, the rest are resolved by search) and ``DOIs only``. Prints refs/s
(target >= 2000), also per CPU second of this process and its worker processes (steadier
on a shared machine), and the requests the server saw during the re-run (target 0). Before each re-run the
memo caches of refenrich's pure functions (``functools.lru_cache``) are emptied, so
every re-run starts as cold as a new ``refenrich`` process would (``--warm`` keeps them).
Each re-run runs under :func:`refenrich.gcpolicy.relaxed_gc`, the garbage-collector
setting the ``refenrich`` command uses; ``--gc default`` measures CPython's default.

    python benchmarks/crossref_cache.py                  # 1000 mixed, 1000 DOI-only
    python benchmarks/crossref_cache.py --size 2000 --repeat 3
    python benchmarks/crossref_cache.py --state          # also write a --resume state file
    python benchmarks/crossref_cache.py --profile out.html   # pyinstrument, re-runs only
    python benchmarks/crossref_cache.py --keep /tmp/bench    # prime once, reuse next time
    python benchmarks/crossref_cache.py --gc default         # CPython's default collector
    python benchmarks/crossref_cache.py --jobs 2             # with 2 worker processes
    python benchmarks/crossref_cache.py --cli                # also time the refenrich command

``--cli`` also times the whole ``refenrich check FOLDER --format jsonl`` command in a
new process on the same cache, interpreter start and imports included, after one untimed
run that writes the byte-code files an installed package has (``PYTHONDONTWRITEBYTECODE``
is dropped from its environment for that reason).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crossref_common import make_records, write_documents
from memos import forget_memos

from refenrich.batch import StateFile, arun_batch
from refenrich.check import doi_to_look_up, extract_references
from refenrich.crossref import AsyncCrossrefClient, CrossrefSettings
from refenrich.crossref.cache import SQLiteCache
from refenrich.crossref.limits import PoolLimits
from refenrich.crossref.protocol import SEARCH_SELECT
from refenrich.gcpolicy import relaxed_gc
from refenrich.models import Status
from refenrich.parallel import SourceRecipe, WorkerPool
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


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


async def rerun(
    url: str, documents: list[Path], cache_path: Path, state_path: Path | None, jobs: int = 1
) -> tuple[int, float, float, str, int]:
    cache = SQLiteCache(cache_path)
    state = StateFile(state_path) if state_path is not None else None
    try:
        # The workers' start is timed too (as `refenrich check` starts them), and their
        # CPU time counts (reaped when the pool closes, inside the timed block).
        started, cpu = time.perf_counter(), _cpu()
        with contextlib.ExitStack() as stack:
            recipe = SourceRecipe.for_cache(settings(url), cache)
            pool = stack.enter_context(WorkerPool(jobs, recipe)) if jobs > 1 and recipe else None
            async with AsyncCrossrefClient(settings(url), cache=cache) as client:
                outcome = await arun_batch(documents, client, lines=True, state=state, pool=pool)
        elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    finally:
        cache.close()
        if state is not None:
            state.close()
    results = outcome.report.results
    failed = sum(result.status is Status.FAILED for result in results)
    return len(results), elapsed, cpu, client.traffic.describe(), failed


async def lookups_only(url: str, documents: list[Path], cache_path: Path) -> tuple[int, float]:
    """The batch's look-ups alone, straight from the cache (no parsing, no comparison)."""
    calls: list[tuple[str, str]] = []
    for path in documents:
        for reference in extract_references(path.read_text(), lines=True).references:
            doi = doi_to_look_up(reference)
            calls.append(("doi", doi) if doi else ("search", reference.raw))
    cache = SQLiteCache(cache_path)
    select = list(SEARCH_SELECT)
    try:
        async with AsyncCrossrefClient(settings(url), cache=cache) as client:
            started = time.perf_counter()
            for kind, value in calls:
                if kind == "doi":
                    await client.get_work(value)
                else:
                    await client.search_works(value, rows=10, select=select)
            elapsed = time.perf_counter() - started
    finally:
        cache.close()
    assert client.traffic.requests == 0, client.traffic.describe()
    return len(calls), elapsed


def reuse_primed(cache_path: Path, url: str) -> bool:
    """Point a cache primed by an earlier run at this run's server; False if there is none.

    Keys hold the server's URL, whose port changes from run to run; the URL the cache was
    primed against is kept beside it in a ``.url`` file.
    """
    url_file = cache_path.with_suffix(".url")
    if not (cache_path.exists() and url_file.exists()):
        return False
    with contextlib.closing(sqlite3.connect(cache_path)) as db, db:
        db.execute("UPDATE responses SET key = replace(key, ?, ?)", (url_file.read_text(), url))
    url_file.write_text(url)
    return True


def command_runs(
    url: str, folder: Path, cache_path: Path, repeat: int, references: int
) -> list[float]:
    """Wall seconds of ``refenrich check FOLDER`` in a new process, once per repeat.

    Each run must print one result per reference; the caller checks the server saw no
    request.
    """
    with tempfile.TemporaryDirectory() as cache_dir:
        shutil.copyfile(cache_path, Path(cache_dir) / "crossref.sqlite3")
        command = [
            *(sys.executable, "-m", "refenrich.cli", "check", str(folder)),
            *("--crossref-url", url, "--mailto", "bench@example.org"),
            *("--cache-dir", cache_dir, "--format", "jsonl"),
        ]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(command, env=env, capture_output=True, check=False)  # untimed
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - started)
            lines = [json.loads(line) for line in done.stdout.splitlines()]
            results = [line for line in lines if line.get("kind", "result") == "result"]
            if done.returncode not in (0, 1) or len(results) != references:
                raise SystemExit(f"refenrich check failed ({done.returncode}): {done.stderr!r}")
        return times


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
    parser.add_argument(
        "--gc",
        choices=("relaxed", "default"),
        default="relaxed",
        help="garbage collector during re-runs: as the refenrich command sets it, or CPython's",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="worker processes for the re-runs (refenrich.parallel.WorkerPool; 1: none)",
    )
    parser.add_argument("--profile", metavar="OUT", help="pyinstrument the re-runs (.html/.txt)")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="keep refenrich's memo caches between re-runs (default: empty them before each)",
    )
    parser.add_argument(
        "--cli",
        action="store_true",
        help="also time the refenrich command itself in a new process (start-up included)",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="keep documents and primed caches in DIR and reuse them next time (skip priming)",
    )
    args = parser.parse_args()
    records = make_records(args.size)
    batches = {"mixed": 2, "dois": 10**9}
    if args.only:
        batches = {args.only: batches[args.only]}
    with contextlib.ExitStack() as stack:
        if args.keep:
            root = Path(args.keep) / f"n{args.size}"
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        server = stack.enter_context(FakeCrossref(records))
        for label, doi_every in batches.items():
            documents = write_documents(records, root / label, doi_every=doi_every)
            cache_path = root / f"{label}.sqlite3"
            if reuse_primed(cache_path, server.url):
                print(f"[{label}] reusing the primed cache {cache_path}", flush=True)
            else:
                started = time.perf_counter()
                asyncio.run(prime(server.url, documents, cache_path))
                print(
                    f"[{label}] primed {server.stats.requests} request(s) in "
                    f"{time.perf_counter() - started:.1f} s",
                    flush=True,
                )
                if args.keep:
                    cache_path.with_suffix(".url").write_text(server.url)
            rates, cpu_rates = [], []
            with profiled(f"{label}-{args.profile}" if args.profile else None):
                for run in range(args.repeat):
                    server.reset_stats()
                    state_path = root / f"{label}-{run}.state.jsonl" if args.state else None
                    if state_path is not None:
                        state_path.unlink(missing_ok=True)
                    if not args.warm:
                        forget_memos()
                    policy = relaxed_gc() if args.gc == "relaxed" else contextlib.nullcontext()
                    with policy:
                        count, elapsed, cpu, traffic, failed = asyncio.run(
                            rerun(server.url, documents, cache_path, state_path, args.jobs)
                        )
                    rates.append(count / elapsed)
                    cpu_rates.append(count / cpu)
                    print(
                        f"[{label}] re-run {run + 1}: {count} references in {elapsed:.3f} s = "
                        f"{count / elapsed:.0f} refs/s ({count / cpu:.0f} per CPU second); "
                        f"requests to the server: "
                        f"{server.stats.requests}; failed: {failed}; {traffic}",
                        flush=True,
                    )
            count, elapsed = asyncio.run(lookups_only(server.url, documents, cache_path))
            print(
                f"[{label}] cache look-ups alone: {count} in {elapsed:.3f} s = "
                f"{count / elapsed:.0f}/s ({elapsed / count * 1e6:.0f} us each)",
                flush=True,
            )
            print(
                f"[{label}] re-run median {statistics.median(rates):.0f} refs/s "
                f"(target >= 2000), best {max(rates):.0f}; per CPU second: median "
                f"{statistics.median(cpu_rates):.0f} (the machine's other load left out)",
                flush=True,
            )
            server.reset_stats()
            if args.cli:
                times = command_runs(server.url, root / label, cache_path, args.repeat, count)
                print(
                    f"[{label}] the refenrich command, start-up included: "
                    + ", ".join(f"{count / t:.0f}" for t in times)
                    + f" refs/s ({', '.join(f'{t:.2f}' for t in times)} s for {count}); "
                    f"requests to the server: {server.stats.requests}",
                    flush=True,
                )
                server.reset_stats()


if __name__ == "__main__":
    main()
