"""Per-field and per-style exact accuracy of the reference parser on the held-out split.

Fields are compared after normalising case, punctuation and spacing. A field is scored
only where the gold record has it (a book has no volume) and the rendered text shows it. Usage::

    python benchmarks/parse_accuracy.py [--split heldout|tune] [--size 300] [--show FIELD]
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_corpus import STYLES, Sample, build

from refenrich.models import Reference
from refenrich.text.parse import parse_reference

FIELDS = ("first_author", "year", "volume", "first_page", "title", "container", "type")


def normalise(value: object) -> str:
    """Case-folded text with punctuation and spacing removed."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return "".join(character for character in text if character.isalnum())


def predicted(reference: Reference, name: str) -> object:
    """The parser's value for one scored field."""
    if name == "first_author":
        if not reference.authors:
            return None
        first = reference.authors[0]
        return first.family or first.literal
    if name == "first_page":
        return reference.pages.split("-")[0] if reference.pages else None
    if name == "container":
        return reference.container_title
    return getattr(reference, name)


def expected(sample: Sample, name: str) -> object:
    """The gold value for one scored field (None: not scored)."""
    gold = sample.gold
    return {
        "first_author": gold.first_family,
        "year": gold.year,
        "volume": gold.volume,
        "first_page": gold.first_page,
        "title": gold.title,
        "container": gold.container,
        "type": gold.type,
    }[name]


def main() -> None:
    """Print the accuracy table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="heldout")
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--show", default=None, help="print failures for this field")
    parser.add_argument("--style", default=None, help="only failures in this style")
    args = parser.parse_args()
    samples = build(args.split, args.size)
    hits: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for sample in samples:
        reference = parse_reference(sample.text)
        for name in FIELDS:
            gold = expected(sample, name)
            # Not scored when absent, or when the style did not print it (citeproc-py
            # drops chapter pages in Chicago, for one): the parser cannot invent it.
            if gold is None or (name != "type" and normalise(gold) not in normalise(sample.text)):
                continue
            got = predicted(reference, name)
            ok = got is not None and normalise(got) == normalise(gold)
            totals[(sample.style, name)] += 1
            hits[(sample.style, name)] += ok
            if not ok and args.show == name and args.style in (None, sample.style):
                print(f"[{sample.style}] want {gold!r} got {got!r}\n    {sample.text}")
    print(f"split={args.split} records={args.size} references={len(samples)}")
    header = f"{'style':30}" + "".join(f"{name:>13}" for name in FIELDS)
    print(header)
    for style in STYLES:
        row = f"{style:30}"
        for name in FIELDS:
            total = totals[(style, name)]
            row += f"{100 * hits[(style, name)] / total:12.1f}%" if total else f"{'-':>13}"
        print(row)
    row = f"{'ALL':30}"
    for name in FIELDS:
        total = sum(totals[(style, name)] for style in STYLES)
        hit = sum(hits[(style, name)] for style in STYLES)
        row += f"{100 * hit / total:12.1f}%" if total else f"{'-':>13}"
    print(row)


if __name__ == "__main__":
    main()
