"""Throughput of the reference parser on one core (CPU time), and how it scales with input size.

Parses the tuning corpus (all styles) 1x and 10x over and prints references/second;
linear scaling shows as a flat rate. Usage::

    python benchmarks/parse_speed.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_corpus import build

from refenrich.text.parse import parse_reference


def _rate(texts: list[str]) -> tuple[float, float]:
    start = time.process_time()
    for text in texts:
        parse_reference(text)
    elapsed = time.process_time() - start
    return elapsed, len(texts) / elapsed


def main() -> None:
    """Print timings for 1x and 10x the corpus, and for long references."""
    texts = [sample.text for sample in build("tune", 300)]
    _rate(texts[:200])  # warm up caches of compiled patterns
    for factor in (1, 10):
        batch = texts * factor
        elapsed, rate = _rate(batch)
        print(f"{factor:>3}x: {len(batch):>6} references in {elapsed:7.3f} s = {rate:8.0f} refs/s")
    for size in (1_000, 10_000, 100_000, 1_000_000):
        text = ("Smith, J. A., " * (size // 14 + 1))[:size]
        start = time.process_time()
        parse_reference(text)
        print(f"one {size:>9}-char reference: {time.process_time() - start:.4f} s")


if __name__ == "__main__":
    main()
