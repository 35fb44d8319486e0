"""Local index benchmark: build rate, size on disk, resolution rate and peak memory.

Generates Crossref-shaped records (fixed seed; a Zipf-like vocabulary of made-up words,
so word frequencies look like real titles), builds an index with ``build_index``, then
resolves references rendered from some of them (without DOI) in three styles, through
the whole pipeline (parse, search, validate, compare) on one core.

The build runs in a child process, so its peak resident memory is measured on its own
(it should not grow with the number of records: records are streamed and written in
batches). Generated records are kept in ``--dir`` and reused by later runs.

    python benchmarks/resolve_index.py                 # 100,000 records
    python benchmarks/resolve_index.py --million       # 1,000,000 records (~1.5 GB of disk)
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from refenrich.check import check_references
from refenrich.index import IndexSource, build_index
from refenrich.models import Status
from refenrich.text.parse import parse_reference

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "be",
    "da",
    "fe",
    "gi",
    "ho",
    "ju",
    "ki",
    "la",
    "mo",
    "nu",
    "pe",
    "ra",
    "si",
    "to",
    "vu",
    "ze",
]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def records(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` generated work messages."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 60000)
    families = [w.capitalize() for w in _vocabulary(random.Random(seed + 1), 20000)]
    journals = [" ".join(rng.choice(vocab).capitalize() for _ in range(3)) for _ in range(3000)]
    cumulative = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(vocab))))
    for i in range(count):
        words = rng.choices(vocab, cum_weights=cumulative, k=rng.randint(5, 11))
        year = rng.randint(1960, 2025)
        first = rng.randint(1, 2000)
        yield {
            "DOI": f"10.5555/bench.{i}",
            "type": "journal-article",
            "title": [" ".join(words).capitalize()],
            "author": [
                {"given": rng.choice("ABCDEFGHJKLMNPRST") + ".", "family": rng.choice(families)}
                for _ in range(rng.randint(1, 4))
            ],
            "container-title": [rng.choice(journals)],
            "volume": str(rng.randint(1, 300)),
            "issue": str(rng.randint(1, 12)),
            "page": f"{first}-{first + rng.randint(3, 30)}",
            "issued": {"date-parts": [[year]]},
        }


def render(record: dict[str, Any], style: int) -> str:
    """A reference for ``record`` in one of three styles, without its DOI."""
    authors = record["author"]
    year = record["issued"]["date-parts"][0][0]
    title, journal = record["title"][0], record["container-title"][0]
    volume, issue, pages = record["volume"], record["issue"], record["page"]
    if style == 0:  # APA-like
        names = ", ".join(f"{a['family']}, {a['given']}" for a in authors)
        return f"{names} ({year}). {title}. {journal}, {volume}({issue}), {pages}."
    if style == 1:  # Vancouver-like
        names = ", ".join(f"{a['family']} {a['given'].rstrip('.')}" for a in authors)
        return f"{names}. {title}. {journal}. {year};{volume}({issue}):{pages}."
    names = " and ".join(f"{a['given']} {a['family']}" for a in authors)  # Chicago-like
    return f'{names}. "{title}." {journal} {volume}, no. {issue} ({year}): {pages}.'


def _build(source: Path, index_path: Path, out: Any) -> None:
    cpu = time.process_time()
    stats = build_index([source], index_path)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put((stats.indexed, time.process_time() - cpu, rss))


def _sample(source: Path, count: int, queries: int) -> list[dict[str, Any]]:
    wanted = set(random.Random(11).sample(range(count), queries))
    with source.open(encoding="utf-8") as lines:
        return [json.loads(line) for i, line in enumerate(lines) if i in wanted]


def main() -> None:
    """Generate records, build the index in a child process, resolve, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="--records 1000000")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None, help="keep files here")
    args = parser.parse_args()
    count = 1_000_000 if args.million else args.records
    work_dir = args.dir or Path(tempfile.mkdtemp(prefix="refenrich-bench-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    source = work_dir / f"records-{count}.jsonl"
    if not source.exists():
        started = time.perf_counter()
        partial = source.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as handle:
            for record in records(count):
                handle.write(json.dumps(record) + "\n")
        partial.rename(source)
        print(f"generated:          {count:,} records in {time.perf_counter() - started:.1f} s")
    index_path = work_dir / f"index-{count}.sqlite"
    index_path.unlink(missing_ok=True)

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    started = time.perf_counter()
    child = context.Process(target=_build, args=(source, index_path, queue))
    child.start()
    indexed, build_cpu, rss_build = queue.get()
    child.join()
    build_seconds = time.perf_counter() - started
    size = index_path.stat().st_size
    print(f"records:            {indexed:,} (source {source.stat().st_size / 1e6:,.0f} MB)")
    print(
        f"build:              {build_seconds:.1f} s = {indexed / build_seconds:,.0f} records/s "
        f"(CPU {build_cpu:.1f} s = {indexed / build_cpu:,.0f} records/s)"
    )
    print(
        f"index size:         {size / 1e6:,.1f} MB = "
        f"{size / indexed * 1e6 / 1e6:,.0f} MB per million records"
    )
    print(f"peak RSS (build):   {rss_build:.0f} MB (child process)")

    picked = _sample(source, count, args.queries)
    texts = [render(record, i % 3) for i, record in enumerate(picked)]
    index = IndexSource(index_path)
    started, cpu = time.perf_counter(), time.process_time()
    references = [parse_reference(text) for text in texts]
    report = check_references(references, index)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    right = sum(
        1
        for record, result in zip(picked, report.results, strict=True)
        if result.doi == record["DOI"] and result.status is not Status.AMBIGUOUS
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"resolve:            {len(texts):,} refs in {seconds:.1f} s = "
        f"{len(texts) / seconds:,.0f} refs/s (one thread; CPU {len(texts) / cpu:,.0f} refs/s; "
        "parse+search+validate+compare)"
    )
    print(f"resolved correctly: {right / len(texts):.1%}")
    print(f"peak RSS (resolve): {rss:.0f} MB")


if __name__ == "__main__":
    main()
