"""Throughput of the reference parser on one core (CPU time), and how it scales with input size.

Parses the held-out synthetic corpus (all styles, 3,600 references) five times and the
hand-written real-world strings (benchmarks/real_refs, 681) twenty times, emptying the
parser's memo caches before every pass so no pass profits from the one before, and prints
each pass and the median in references per CPU second. A 10x pass (the corpus ten times
over) shows whether the rate holds as the input grows, and single long references show
the time bound. Usage::

    python benchmarks/parse_speed.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memos import forget_memos
from parse_corpus import build

from refenrich.text.parse import parse_reference

_REAL = Path(__file__).resolve().parent / "real_refs"


def _rate(texts: list[str]) -> float:
    forget_memos()
    start = time.process_time()
    for text in texts:
        parse_reference(text)
    return len(texts) / (time.process_time() - start)


def _passes(label: str, texts: list[str], count: int) -> None:
    rates = [_rate(texts) for _ in range(count)]
    shown = " ".join(f"{rate:.0f}" for rate in rates)
    print(f"{label}: {len(texts)} references x {count} passes, refs/s per pass: {shown}")
    print(f"{label}: median {statistics.median(rates):.0f} refs/s (min {min(rates):.0f})")


def main() -> None:
    """Print the rates for the corpus, 10x the corpus, the real strings and long references."""
    corpus = [sample.text for sample in build("heldout", 300)]
    real = [
        json.loads(line)["text"]
        for split in ("dev", "dev2", "heldout")
        for line in (_REAL / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    _rate(corpus[:300])  # compile the patterns once
    _passes("synthetic held-out", corpus, 5)
    print(f"synthetic held-out 10x: {len(corpus) * 10} references, {_rate(corpus * 10):.0f} refs/s")
    _passes("real strings", real, 20)
    for size in (1_000, 10_000, 100_000, 1_000_000):
        text = ("Smith, J. A., " * (size // 14 + 1))[:size]
        start = time.process_time()
        parse_reference(text)
        print(f"one {size:>9}-char reference: {time.process_time() - start:.4f} s")


if __name__ == "__main__":
    main()
