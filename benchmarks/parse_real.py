"""Per-field accuracy of the reference parser on hand-labelled real-world reference strings.

The strings and their labels live in ``benchmarks/real_refs/`` (see its README). Fields are
compared after the same normalisation as ``parse_accuracy.py`` (case, punctuation and spacing
removed), except DOIs (case-insensitive, otherwise exact) and years (integers). A field is
scored only where the label gives it; a value the parser returns for a field the label does
not give is counted separately as "spurious". Usage::

    python benchmarks/parse_real.py [--split dev|heldout|dev2|dev3|both|all] [--repeat 5]
    python benchmarks/parse_real.py --failures [--split dev2] [--field title] [--style apa]
    python benchmarks/parse_real.py --check       # validate the labels against the texts

The ``heldout`` split is for measuring only: its failures are never printed, so nobody tunes
the parser to it. ``dev2`` and ``dev3`` were written later and each measured once, unseen,
before it was used for tuning like ``dev`` (see real_refs/README.md).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_accuracy import normalise

from refenrich.models import Reference
from refenrich.text.parse import parse_reference

DATA = Path(__file__).resolve().parent / "real_refs"
SPLITS = ("dev", "heldout", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7")
TUNABLE = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6")
FIELDS = (
    "first_author",
    "authors",
    "year",
    "title",
    "container",
    "volume",
    "issue",
    "first_page",
    "doi",
    "type",
)
# Fields whose presence without a label counts as spurious (the parser invented or misplaced it).
SPURIOUS_FIELDS = ("year", "title", "container", "volume", "issue", "first_page", "doi")
TYPES = frozenset(
    {
        "article",
        "book",
        "chapter",
        "report",
        "thesis",
        "webpage",
        "dataset",
        "preprint",
        "proceedings",
        "other",
    }
)
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


@dataclass(frozen=True)
class Item:
    """One labelled reference string."""

    id: str
    style: str
    text: str
    expected: dict[str, Any]


def load(split: str) -> list[Item]:
    """The labelled references of one split, in file order."""
    items = []
    path = DATA / f"{split}.jsonl"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(Item(row["id"], row["style"], row["text"], row["expected"]))
        except (ValueError, KeyError) as error:
            raise SystemExit(f"{path}:{number}: bad row: {error}") from error
    return items


def _name(author: dict[str, Any]) -> str | None:
    value = author.get("family") or author.get("literal")
    return str(value) if value else None


def _first_page(pages: object) -> str | None:
    if not pages:
        return None
    return _DASHES.split(str(pages), maxsplit=1)[0] or None


def gold(item: Item, name: str) -> Any:
    """The labelled value of one scored field (None: the reference does not give it)."""
    expected = item.expected
    authors = expected.get("authors") or []
    if name == "first_author":
        return _name(authors[0]) if authors else None
    if name == "authors":
        return [_name(author) for author in authors] if authors else None
    if name == "container":
        return expected.get("container_title")
    if name == "first_page":
        return _first_page(expected.get("pages"))
    return expected.get(name)


def got(reference: Reference, name: str) -> Any:
    """The parser's value of one scored field."""
    if name == "first_author":
        if not reference.authors:
            return None
        first = reference.authors[0]
        return first.family or first.literal
    if name == "authors":
        return [author.family or author.literal for author in reference.authors] or None
    if name == "container":
        return reference.container_title
    if name == "first_page":
        return _first_page(reference.pages)
    return getattr(reference, name)


def matches(name: str, want: Any, have: Any) -> bool:
    """Whether the parser's value equals the label for one field."""
    if have is None:
        return False
    if name == "year":
        return bool(have == want)
    if name == "doi":
        return bool(str(have).strip().casefold() == str(want).strip().casefold())
    if name == "type":
        allowed = want if isinstance(want, list) else [want]
        return have in allowed
    if name == "authors":
        return [normalise(value or "") for value in have] == [
            normalise(value or "") for value in want
        ]
    return bool(normalise(have) == normalise(want))


def _counter() -> defaultdict[Any, int]:
    return defaultdict(int)


@dataclass
class Tally:
    """Hits and totals per (style, field), spurious values per field, and the failures."""

    hits: defaultdict[tuple[str, str], int] = field(default_factory=_counter)
    totals: defaultdict[tuple[str, str], int] = field(default_factory=_counter)
    spurious: defaultdict[str, int] = field(default_factory=_counter)
    unlabelled: defaultdict[str, int] = field(default_factory=_counter)
    perfect: defaultdict[str, int] = field(default_factory=_counter)
    count: defaultdict[str, int] = field(default_factory=_counter)
    failures: list[tuple[Item, str, Any, Any]] = field(default_factory=list)
    invented: list[tuple[Item, str, Any]] = field(default_factory=list)


def score(items: list[Item]) -> Tally:
    """Parse every item once and count per-field hits."""
    tally = Tally()
    for item in items:
        reference = parse_reference(item.text)
        tally.count[item.style] += 1
        all_right = True
        for name in FIELDS:
            want = gold(item, name)
            have = got(reference, name)
            if want is None:
                if name in SPURIOUS_FIELDS:
                    tally.unlabelled[name] += 1
                    tally.spurious[name] += have is not None
                    if have is not None:
                        tally.invented.append((item, name, have))
                continue
            ok = matches(name, want, have)
            tally.totals[(item.style, name)] += 1
            tally.hits[(item.style, name)] += ok
            if not ok:
                all_right = False
                tally.failures.append((item, name, want, have))
        tally.perfect[item.style] += all_right
    return tally


def _cell(hit: int, total: int) -> str:
    return f"{100 * hit / total:7.1f}%" if total else f"{'-':>8}"


def print_table(tally: Tally) -> None:
    """Per-style rows and an ALL row of per-field exact accuracy."""
    styles = sorted(tally.count)
    header = f"{'style':12}{'n':>5}" + "".join(f"{name[:8]:>9}" for name in FIELDS) + "  all-ok"
    print(header)

    def row(label: str, chosen: list[str]) -> str:
        line = f"{label:12}{sum(tally.count[s] for s in chosen):5d}"
        for name in FIELDS:
            hit = sum(tally.hits[(s, name)] for s in chosen)
            total = sum(tally.totals[(s, name)] for s in chosen)
            line += " " + _cell(hit, total)
        perfect = sum(tally.perfect[s] for s in chosen)
        total = sum(tally.count[s] for s in chosen)
        return line + " " + _cell(perfect, total)

    for style in styles:
        print(row(style, [style]))
    print(row("ALL", styles))
    scored = "  ".join(f"{name}={sum(tally.totals[(s, name)] for s in styles)}" for name in FIELDS)
    print(f"scored fields: {scored}")
    spurious = "  ".join(
        f"{name}={tally.spurious[name]}/{tally.unlabelled[name]}" for name in SPURIOUS_FIELDS
    )
    print(f"spurious (parser gave a value the reference does not give): {spurious}")


def print_failures(tally: Tally, only_field: str | None, only_style: str | None) -> None:
    """Each failure: id, style, field, expected, got and the text."""
    shown = 0
    for item, name, want, have in tally.failures:
        if only_field not in (None, name) or only_style not in (None, item.style):
            continue
        shown += 1
        print(f"[{item.id}] {name}: want {want!r} got {have!r}\n    {item.text}")
    for item, name, have in tally.invented:
        if only_field not in (None, name) or only_style not in (None, item.style):
            continue
        shown += 1
        print(f"[{item.id}] {name}: spurious {have!r} (not in the label)\n    {item.text}")
    print(f"{shown} failures shown")


def speed(items: list[Item], repeat: int) -> tuple[float, float]:
    """Refs/s of the first pass and the best of ``repeat`` passes, in CPU time."""
    texts = [item.text for item in items]
    rates = []
    for _ in range(max(1, repeat)):
        start = time.process_time()
        for text in texts:
            parse_reference(text)
        elapsed = max(time.process_time() - start, 1e-9)
        rates.append(len(texts) / elapsed)
    return rates[0], max(rates)


def check(items: list[Item]) -> list[str]:
    """Problems with the labels: unknown keys or types, or a label the text does not contain."""
    problems = []
    keys = {
        "authors",
        "year",
        "title",
        "container_title",
        "volume",
        "issue",
        "pages",
        "publisher",
        "doi",
        "url",
        "isbn",
        "type",
    }
    seen: set[str] = set()
    for item in items:
        where = f"{item.id}:"
        if item.id in seen:
            problems.append(f"{where} duplicate id")
        seen.add(item.id)
        expected = item.expected
        unknown = set(expected) - keys
        if unknown:
            problems.append(f"{where} unknown keys {sorted(unknown)}")
        kind = expected.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not kinds or not set(kinds) <= TYPES:
            problems.append(f"{where} bad type {kind!r}")
        text = normalise(item.text)
        values: list[tuple[str, object]] = []
        for author in expected.get("authors") or []:
            if not (author.get("family") or author.get("literal")):
                problems.append(f"{where} author without family or literal name")
            values.extend((f"author.{k}", v) for k, v in author.items())
        values.extend(
            (key, expected.get(key))
            for key in (
                "title",
                "container_title",
                "volume",
                "issue",
                "publisher",
                "doi",
                "url",
                "isbn",
            )
        )
        values.extend(("pages", part) for part in _DASHES.split(str(expected.get("pages") or "")))
        year = expected.get("year")
        if year is not None and not isinstance(year, int):
            problems.append(f"{where} year is not an integer")
        values.append(("year", year))
        for key, value in values:
            if value not in (None, "") and normalise(value) not in text:
                problems.append(f"{where} {key} {value!r} is not in the text")
    return problems


def present_splits() -> list[str]:
    """The splits whose file exists, in ``SPLITS`` order."""
    return [split for split in SPLITS if (DATA / f"{split}.jsonl").exists()]


def main() -> None:
    """Print the accuracy tables (or failures, or label problems)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--split", choices=(*SPLITS, "both", "all"), default="dev")
    parser.add_argument(
        "--failures", action="store_true", help="print each failure (dev, dev2 and dev3 only)"
    )
    parser.add_argument("--field", choices=FIELDS, default=None, help="only failures of this field")
    parser.add_argument("--style", default=None, help="only failures of this style")
    parser.add_argument("--repeat", type=int, default=5, help="passes for the speed figure")
    parser.add_argument("--check", action="store_true", help="validate the labels and exit")
    args = parser.parse_args()
    present = present_splits()
    chosen = {"both": ["dev", "heldout"], "all": present}
    splits = chosen.get(args.split, [args.split])
    if args.failures and not set(splits) <= set(TUNABLE):
        parser.error(
            "--failures is for dev, dev2 and dev3 only: heldout is measured, never inspected"
        )
    if args.check:
        problems = [p for split in present for p in check(load(split))]
        ids = [item.id for split in present for item in load(split)]
        if len(ids) != len(set(ids)):
            problems.append("an id appears twice (within or across splits)")
        print("\n".join(problems) or "labels OK")
        raise SystemExit(1 if problems else 0)
    for split in splits:
        items = load(split)
        tally = score(items)
        if args.failures:
            print_failures(tally, args.field, args.style)
            continue
        first, best = speed(items, args.repeat)
        print(f"split={split} references={len(items)}")
        print_table(tally)
        print(
            f"speed: {first:,.0f} refs/s first pass, {best:,.0f} refs/s best of "
            f"{max(1, args.repeat)} (CPU time, one process)\n"
        )


if __name__ == "__main__":
    main()
