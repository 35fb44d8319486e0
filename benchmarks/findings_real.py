"""False alarms of the comparison, and resolution rates, on hand-labelled real-world strings.

``findings_accuracy.py`` measures the comparison on citeproc-rendered strings only. This
benchmark uses the hand-labelled strings of ``benchmarks/real_refs/`` (see its README):
for each string it builds the record Crossref would hold if the string were exactly right
(a Crossref-API-shaped work made from the labels, with a synthetic DOI ``10.5555/real.<id>``
where the label has none), converts it with refenrich's own Crossref schema
(:func:`~refenrich.crossref.schema.parse_work_message` + :func:`~refenrich.crossref.schema.to_work`),
and then:

1. **Findings on clean pairs.** :func:`refenrich.parse_reference` + :func:`refenrich.compare`
   against the string's own record. The string *is* the record, so every warning or error
   is a false alarm; info findings are counted separately.
1b. **Planted errors.** The same strings against their record with one error planted in
   it (year, volume, first page, title, first author, journal), so that silence on the
   clean pairs cannot come from a comparison that sees nothing.
2. **Resolution.** All the split's records are served by
   :class:`refenrich.testing.FakeCrossref`, and :func:`refenrich.check_references` runs
   through :class:`refenrich.CrossrefClient` on the strings with their DOI (and a DOI URL)
   removed, so every reference must be resolved by search and matching; then once more with
   the DOIs left in (direct look-up where the string gives one). Each result is counted as
   the right record, a wrong record, ambiguous, or unresolved (not found / no match).

Usage::

    python benchmarks/findings_real.py [--split dev|dev2|dev3|heldout|all] [--show] [--no-resolve]

``--show`` prints every false alarm and every resolution that did not reach the right
record or carries a warning or error, and every missed planted error (string, parse,
findings); it is refused for ``heldout`` (and ``all``, which holds it): held-out strings
are only ever measured (real_refs/README.md).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_real import SPLITS, TUNABLE, Item, load, present_splits

from refenrich import (
    CheckResult,
    CrossrefClient,
    CrossrefSettings,
    Finding,
    FindingField,
    PoolLimits,
    Reference,
    Severity,
    Status,
    Work,
    check_references,
    compare,
    find_dois,
    parse_reference,
)
from refenrich.crossref.schema import parse_work_message, to_work
from refenrich.testing import FakeCrossref

# The label vocabulary (the parser's) mapped to Crossref's work types.
CROSSREF_TYPES = {
    "article": "journal-article",
    "chapter": "book-chapter",
    "book": "book",
    "proceedings": "proceedings-article",
    "report": "report",
    "thesis": "dissertation",
    "dataset": "dataset",
    "preprint": "posted-content",
    "webpage": "other",
    "other": "other",
}
OUTCOMES = ("right", "wrong", "ambiguous", "unresolved")


@dataclass(frozen=True)
class Case:
    """One labelled string with its record (Crossref JSON and the converted Work)."""

    item: Item
    record: dict[str, Any]
    work: Work

    @property
    def doi(self) -> str:
        """The record's DOI, lower case (as the Work holds it)."""
        return self.work.doi or ""


def _author(label: dict[str, Any]) -> dict[str, str]:
    if label.get("literal"):
        return {"name": str(label["literal"])}
    person = {"family": str(label.get("family") or "")}
    if label.get("given"):
        person["given"] = str(label["given"])
    return person


def crossref_record(item: Item) -> dict[str, Any]:
    """The Crossref ``work`` message a faithful record of this string would be.

    Values are copied as labelled (pages ``436-44`` stay abbreviated); a field the label
    lacks is left out of the record.
    """
    expected = item.expected
    doi = expected.get("doi") or f"10.5555/real.{item.id}"
    kind = expected.get("type") or "other"
    if isinstance(kind, list):
        kind = kind[0]
    record: dict[str, Any] = {
        "DOI": doi,
        "type": CROSSREF_TYPES[kind],
        "URL": f"https://doi.org/{doi}",
    }
    if expected.get("title"):
        record["title"] = [expected["title"]]
    if expected.get("authors"):
        record["author"] = [_author(author) for author in expected["authors"]]
    if expected.get("container_title"):
        record["container-title"] = [expected["container_title"]]
    for label, key in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
        if expected.get(label):
            record[key] = str(expected[label])
    if expected.get("publisher"):
        record["publisher"] = expected["publisher"]
    if expected.get("isbn"):
        record["ISBN"] = [expected["isbn"]]
    if expected.get("year") is not None:
        record["issued"] = {"date-parts": [[int(expected["year"])]]}
    return record


def build(items: Iterable[Item]) -> list[Case]:
    """Each item with its record, converted exactly as the Crossref client converts one."""
    cases = []
    for item in items:
        record = crossref_record(item)
        cases.append(Case(item, record, to_work(parse_work_message(record))))
    return cases


_DOI_PREFIX = r"(?:(?:available\s+(?:at|from)|retrieved\s+from)\s*:?\s*)?"
_DOI_URL = r"<?https?\s*:\s*//\s*(?:dx\.)?doi\.org\s*/\s*"
_DOI_FORM = rf"(?:(?:doi\s*:?\s*)?{_DOI_URL}|doi\s*:?\s*)?"


def strip_doi(text: str, doi: str | None) -> str:
    """``text`` without its DOI (bare, ``doi:``/``DOI``, or a doi.org URL, with an
    ``Available at:`` or ``Retrieved from`` that only introduced it); the text around
    it is left as written, except that the sentence before it ends with a full stop."""
    if not doi:
        return text
    pattern = re.compile(_DOI_PREFIX + _DOI_FORM + re.escape(doi) + r">?", re.IGNORECASE)
    while match := pattern.search(text):
        left = text[: match.start()].rstrip().rstrip(",;:").rstrip()
        right = text[match.end() :].lstrip(" .,;").lstrip()
        if left and not left.endswith((".", "?", "!", ")", "]")):
            left += "."
        text = f"{left} {right}".strip()
    return text


# -- 1. findings on clean pairs ------------------------------------------------------


def _alarms(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is not Severity.INFO]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f}%" if whole else "      -"


def _parse_line(reference: Reference) -> str:
    names = "; ".join(
        a.literal or ", ".join(p for p in (a.family, a.given) if p) for a in reference.authors
    )
    return (
        f"    parsed: authors=[{names}]{' et al.' if reference.et_al else ''} "
        f"year={reference.year} title={reference.title!r}\n"
        f"            container={reference.container_title!r} vol={reference.volume!r} "
        f"issue={reference.issue!r} pages={reference.pages!r} doi={reference.doi!r} "
        f"type={reference.type!r}"
    )


def _finding_lines(findings: Sequence[Finding]) -> str:
    return "".join(
        f"    {f.severity} {f.code}: {f.message}\n"
        f"        claimed={f.claimed!r} actual={f.actual!r}\n"
        for f in findings
    )


def clean_findings(cases: Sequence[Case], show: bool) -> None:
    """Compare every string with its own record and print the false alarms."""
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    alarm_codes: Counter[str] = Counter()
    info_codes: Counter[str] = Counter()
    style_codes: dict[str, Counter[str]] = defaultdict(Counter)
    started = time.process_time()
    for case in cases:
        reference = parse_reference(case.item.text)
        findings = compare(reference, case.work)
        alarms = _alarms(findings)
        errors = [f for f in alarms if f.severity is Severity.ERROR]
        style = case.item.style
        rows[style].update({"n": 1, "alarm": int(bool(alarms)), "error": int(bool(errors))})
        alarm_codes.update(f.code for f in alarms)
        style_codes[style].update(f.code for f in alarms)
        info_codes.update(f.code for f in findings if f.severity is Severity.INFO)
        if show and alarms:
            print(f"--- false alarm {case.item.id} [{style}]\n    {case.item.text}")
            print(_parse_line(reference))
            print(_finding_lines(findings), end="")
    cpu = time.process_time() - started

    print("\n1. Clean pairs (the string is the record): warning/error findings are false alarms")
    print(
        f"  {'style':12} {'refs':>5} {'>=1 alarm':>10} {'%':>8} {'>=1 error':>10} {'%':>8}  codes"
    )
    total: Counter[str] = Counter()
    for style in sorted(rows):
        row = rows[style]
        total.update(row)
        codes = ", ".join(f"{code} {n}" for code, n in style_codes[style].most_common())
        print(
            f"  {style:12} {row['n']:5} {row['alarm']:10} {_pct(row['alarm'], row['n'])} "
            f"{row['error']:10} {_pct(row['error'], row['n'])}  {codes}"
        )
    print(
        f"  {'ALL':12} {total['n']:5} {total['alarm']:10} {_pct(total['alarm'], total['n'])} "
        f"{total['error']:10} {_pct(total['error'], total['n'])}"
    )
    print(
        f"  false alarms by code ({sum(alarm_codes.values())}): {dict(alarm_codes.most_common())}"
    )
    print(f"  info findings by code ({sum(info_codes.values())}): {dict(info_codes.most_common())}")
    print("  (doi_added: the record's DOI, synthetic where the label has none)")
    print(f"  parse + compare CPU: {cpu:.2f}s")


# -- 1b. the same pairs with one error planted in the record -------------------------


def _planted_year(record: dict[str, Any]) -> bool:
    if "issued" not in record:
        return False
    record["issued"] = {"date-parts": [[record["issued"]["date-parts"][0][0] + 4]]}
    return True


def _planted_volume(record: dict[str, Any]) -> bool:
    if not str(record.get("volume", "")).isdigit():
        return False
    record["volume"] = str(int(record["volume"]) + 3)
    return True


def _planted_pages(record: dict[str, Any]) -> bool:
    first = re.match(r"\d+", str(record.get("page", "")))
    if first is None:
        return False
    start = int(first.group()) + 7
    record["page"] = f"{start}-{start + 20}"
    return True


def _planted_title(record: dict[str, Any]) -> bool:
    if "title" not in record:
        return False
    record["title"] = ["Soil microbiology of alpine meadows under grazing"]
    return True


def _planted_author(record: dict[str, Any]) -> bool:
    people = [a for a in record.get("author", []) if a.get("family")]
    if not people or people[0]["family"] == "Okonkwo":
        return False
    people[0]["family"] = "Okonkwo"
    return True


def _planted_venue(record: dict[str, Any]) -> bool:
    if record["type"] != "journal-article" or "container-title" not in record:
        return False
    record["container-title"] = ["Journal of Applied Ecology"]
    return True


PLANTS = {
    FindingField.YEAR: _planted_year,
    FindingField.VOLUME: _planted_volume,
    FindingField.PAGES: _planted_pages,
    FindingField.TITLE: _planted_title,
    FindingField.AUTHORS: _planted_author,
    FindingField.VENUE: _planted_venue,
}


def planted_errors(cases: Sequence[Case], show: bool) -> None:
    """Plant one error in each record (where the field exists) and count its detection.

    A check that the clean side's silence is not the comparison's deafness: the error
    counts as found when a warning or error finding names its field.
    """
    print("\n1b. The same strings against their record with one planted error")
    print("    (year +4, volume +3, first page +7, another title, first author's family")
    print("    name, another journal): found = a warning/error in that field")
    references = [parse_reference(case.item.text) for case in cases]
    for field, plant in PLANTS.items():
        found = total = 0
        for case, reference in zip(cases, references, strict=True):
            record = copy.deepcopy(case.record)
            if not plant(record):
                continue
            total += 1
            findings = compare(reference, to_work(parse_work_message(record)))
            hit = any(f.field is field for f in _alarms(findings))
            found += hit
            if show and not hit:
                print(f"--- planted {field.value} missed {case.item.id}\n    {case.item.text}")
                print(_parse_line(reference))
                print(_finding_lines(findings), end="")
        print(f"  {field.value:8} {found:4}/{total:<4} {_pct(found, total)}")


# -- 2. resolution through a fake Crossref -------------------------------------------


def outcome(result: CheckResult, truth: str) -> str:
    """``right``, ``wrong``, ``ambiguous`` or ``unresolved`` for one check result."""
    if result.status is Status.AMBIGUOUS:
        return "ambiguous"
    work = result.resolution.work
    if work is None:
        return "unresolved"
    return "right" if (work.doi or "").lower() == truth else "wrong"


def _work_key(case: Case) -> tuple[str, ...] | None:
    """Title, year and first author, normalised: the same work cited in two styles."""
    expected = case.item.expected
    authors = expected.get("authors") or [{}]
    first = authors[0].get("family") or authors[0].get("literal") or ""
    parts = (str(expected.get("title") or ""), str(expected.get("year")), str(first))
    key = tuple(re.sub(r"\W+", "", part.casefold()) for part in parts)
    return key if key[0] else None


def served_records(cases: Sequence[Case]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """One record per work, as Crossref holds one, and the served DOI of each case's work.

    A work cited by several strings (the same DOI, or the same title, year and first
    author) is served once: the record of the string that gives a real DOI and the most
    authors (the first of equals). Serving a synthetic twin as well would make every
    search for the work ambiguous, which would say nothing about refenrich.
    """
    group_of: dict[Any, int] = {}
    groups: list[list[Case]] = []
    for case in cases:
        keys = [key for key in (case.doi, _work_key(case)) if key is not None]
        number = next((group_of[key] for key in keys if key in group_of), len(groups))
        if number == len(groups):
            groups.append([])
        groups[number].append(case)
        group_of.update((key, number) for key in keys)
    records: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    for group in groups:
        # A string's label lists only the authors it names ("et al." adds none), so the
        # fullest list stands nearest to the one record Crossref would hold.
        chosen = max(
            group,
            key=lambda c: (bool(c.item.expected.get("doi")), len(c.record.get("author", []))),
        )
        records.append(chosen.record)
        truth.update((c.item.id, chosen.doi) for c in group)
    return records, truth


def resolve(server: FakeCrossref, texts: Sequence[str]) -> tuple[list[CheckResult], float]:
    """Check the parsed ``texts`` against the fake server; the results and the wall time."""
    settings = CrossrefSettings(
        base_url=server.url,
        mailto="bench@example.org",
        polite_limits=PoolLimits(single=5000, list=5000, concurrency=10),
    )
    references = [parse_reference(text) for text in texts]
    started = time.perf_counter()
    with CrossrefClient(settings) as client:
        report = check_references(references, client)
    return report.results, time.perf_counter() - started


def _same_titles(works: Sequence[Work]) -> bool:
    titles = {re.sub(r"\W+", "", (work.title or "").casefold()) for work in works}
    return len(works) == 2 and len(titles) == 1


def print_resolution(
    title: str,
    cases: Sequence[Case],
    results: Sequence[CheckResult],
    truth: dict[str, str],
    wall: float | None,
) -> None:
    """Per style: the share of references resolved right, wrong, ambiguous, unresolved;
    and the warnings and errors on the references resolved to the right record."""
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    via: Counter[str] = Counter()
    alarm_codes: Counter[str] = Counter()
    other_codes: Counter[str] = Counter()
    twins = 0
    for case, result in zip(cases, results, strict=True):
        kind = outcome(result, truth[case.item.id])
        alarms = _alarms(result.findings)
        rows[case.item.style].update(
            {"n": 1, kind: 1, "alarm": int(kind == "right" and bool(alarms))}
        )
        via[str(result.resolution.via) if result.resolution.via else "-"] += 1
        (alarm_codes if kind == "right" else other_codes).update(f.code for f in alarms)
        if kind == "ambiguous" and _same_titles(result.resolution.candidates[:2]):
            twins += 1
    print(f"\n{title}")
    header = " ".join(f"{name:>11}" for name in OUTCOMES)
    print(f"  {'style':12} {'refs':>5} {header} {'right+alarm':>11}")
    total: Counter[str] = Counter()
    for style in sorted(rows):
        row = rows[style]
        total.update(row)
        cells = " ".join(f"{row[name]:3} {_pct(row[name], row['n'])}" for name in OUTCOMES)
        print(f"  {style:12} {row['n']:5} {cells} {row['alarm']:3} {_pct(row['alarm'], row['n'])}")
    cells = " ".join(f"{total[name]:3} {_pct(total[name], total['n'])}" for name in OUTCOMES)
    print(
        f"  {'ALL':12} {total['n']:5} {cells} {total['alarm']:3} {_pct(total['alarm'], total['n'])}"
    )
    timing = f"; wall time {wall:.1f}s" if wall is not None else ""
    print(f"  resolved via: {dict(via.most_common())}{timing}")
    print(f"  warnings/errors when resolved right: {dict(alarm_codes.most_common())}")
    print(f"  warnings/errors otherwise: {dict(other_codes.most_common())}")
    if twins:
        print(f"  ambiguous between two records with the same title (one work twice?): {twins}")


def show_resolution(
    label: str,
    cases: Sequence[Case],
    texts: Sequence[str],
    results: Sequence[CheckResult],
    truth: dict[str, str],
) -> None:
    """Every result that is not the right record, or has a warning or error."""
    for case, text, result in zip(cases, texts, results, strict=True):
        kind = outcome(result, truth[case.item.id])
        if kind == "right" and not _alarms(result.findings):
            continue
        resolution = result.resolution
        got = resolution.work.doi if resolution.work else None
        print(f"--- {label}: {kind} {case.item.id} [{case.item.style}] truth={truth[case.item.id]}")
        print(f"    {text}")
        print(_parse_line(result.reference))
        print(
            f"    status={result.status} got={got} confidence={resolution.confidence} "
            f"evidence={resolution.evidence}"
        )
        for work in resolution.candidates[:3]:
            year = work.issued.year if work.issued else None
            print(f"      candidate {work.doi} {year} {work.title!r}")
        print(_finding_lines(result.findings), end="")


def resolution(cases: Sequence[Case], show: bool) -> None:
    """Resolve without DOIs (search) and with them (direct look-up) on a fake Crossref."""
    records, truth = served_records(cases)
    merged = sorted(case.item.id for case in cases if truth[case.item.id] != case.doi)
    stripped = [strip_doi(case.item.text, case.item.expected.get("doi")) for case in cases]
    leftover = [case.item.id for case, text in zip(cases, stripped, strict=True) if find_dois(text)]
    print(
        f"\n2. Resolution on a fake Crossref serving {len(records)} records, one per work "
        f"({len(merged)} strings cite a work another string's record stands for: {merged})"
    )
    if leftover:
        print(f"  DOI still in the text after stripping: {leftover}")
    with FakeCrossref(records) as server:
        results, wall = resolve(server, stripped)
        print_resolution(
            "  a) DOIs removed from the text: search and match", cases, results, truth, wall
        )
        if show:
            show_resolution("no DOI", cases, stripped, results, truth)
        originals = [case.item.text for case in cases]
        results, wall = resolve(server, originals)
        print_resolution("  b) DOIs left in: all strings", cases, results, truth, wall)
        with_doi = [i for i, case in enumerate(cases) if case.item.expected.get("doi")]
        print_resolution(
            "  b') DOIs left in: only the strings that give one (direct look-up)",
            [cases[i] for i in with_doi],
            [results[i] for i in with_doi],
            truth,
            None,
        )
        if show:
            show_resolution("with DOI", cases, originals, results, truth)


def main() -> None:
    """Run both parts of the benchmark on one split (or all of them)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=[*SPLITS, "all"])
    parser.add_argument(
        "--show", action="store_true", help="print failures (dev, dev2 and dev3 only)"
    )
    parser.add_argument("--no-resolve", action="store_true", help="skip part 2")
    args = parser.parse_args()
    if args.show and args.split not in TUNABLE:
        parser.error("--show is only for dev, dev2 and dev3: heldout is measured, never inspected")

    splits = present_splits() if args.split == "all" else [args.split]
    cases = build(item for split in splits for item in load(split))
    print(f"split={args.split} references={len(cases)}")
    clean_findings(cases, args.show)
    planted_errors(cases, args.show)
    if not args.no_resolve:
        resolution(cases, args.show)


if __name__ == "__main__":
    main()
