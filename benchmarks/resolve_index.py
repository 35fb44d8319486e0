"""Local index benchmark: build rate, size on disk, resolution rate and peak memory.

Generates Crossref-shaped records (fixed seed; a Zipf-like vocabulary of made-up words,
so word frequencies look like real titles), builds an index with ``build_index``, then
resolves references rendered from some of them (without DOI) in three styles, through
the whole pipeline (parse, search, validate, compare) on one core.

    python benchmarks/resolve_index.py                 # 100,000 records
    python benchmarks/resolve_index.py --records 1000000
"""

from __future__ import annotations

import argparse
import json
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
    weights = [1 / (rank + 10) for rank in range(len(vocab))]
    for i in range(count):
        words = rng.choices(vocab, weights, k=rng.randint(5, 11))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=None, help="keep files here")
    args = parser.parse_args()
    work_dir = args.dir or Path(tempfile.mkdtemp(prefix="refenrich-bench-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    source = work_dir / f"records-{args.records}.jsonl"
    if not source.exists():
        with source.open("w", encoding="utf-8") as handle:
            for record in records(args.records):
                handle.write(json.dumps(record) + "\n")
    index_path = work_dir / f"index-{args.records}.sqlite"
    index_path.unlink(missing_ok=True)
    started = time.perf_counter()
    stats = build_index([source], index_path)
    build_seconds = time.perf_counter() - started
    rss_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records:            {stats.indexed:,}")
    print(
        f"build:              {build_seconds:.1f} s = {stats.indexed / build_seconds:,.0f} records/s"
    )
    size = index_path.stat().st_size
    print(
        f"index size:         {size / 1e6:.1f} MB = {size / 1e6 * 1e6 / stats.indexed:,.0f} MB per million"
    )
    print(f"peak RSS (build):   {rss_build:.0f} MB")

    rng = random.Random(11)
    wanted = set(rng.sample(range(args.records), args.queries))
    picked = [r for i, r in enumerate(records(args.records)) if i in wanted]
    texts = [render(record, i % 3) for i, record in enumerate(picked)]
    index = IndexSource(index_path)
    started = time.perf_counter()
    references = [parse_reference(text) for text in texts]
    report = check_references(references, index)
    seconds = time.perf_counter() - started
    right = sum(
        1
        for record, result in zip(picked, report.results, strict=True)
        if result.doi == record["DOI"] and result.status is not Status.AMBIGUOUS
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"resolve:            {len(texts):,} refs in {seconds:.1f} s = {len(texts) / seconds:,.0f} refs/s (one core, parse+search+validate+compare)"
    )
    print(f"resolved correctly: {right / len(texts):.1%}")
    print(f"peak RSS (total):   {rss:.0f} MB")


if __name__ == "__main__":
    main()
