"""Shared pieces of the Crossref benchmarks: synthetic records, references and documents."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

_WORDS = [
    "river",
    "sediment",
    "budget",
    "coastal",
    "policy",
    "urban",
    "justice",
    "migration",
    "ledger",
    "archive",
    "protein",
    "lattice",
    "neural",
    "fossil",
    "climate",
    "harvest",
    "market",
    "ritual",
    "grammar",
    "orbit",
    "glacier",
    "tariff",
    "vaccine",
    "algebra",
    "cohort",
    "theatre",
    "memory",
    "border",
    "furnace",
    "textile",
]
_FAMILIES = [
    "Okafor",
    "Lee",
    "Novak",
    "Haddad",
    "Silva",
    "Tanaka",
    "Moreau",
    "Kowalski",
    "Byrne",
    "Osei",
]
_JOURNALS = ["Journal of Synthetic Studies", "Review of Invented Results", "Test Quarterly"]


def make_records(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` Crossref-shaped work records with unique titles (DOIs under 10.5555)."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        title = " ".join(rng.sample(_WORDS, 4)) + f" study{number:05d}"
        family = rng.choice(_FAMILIES)
        records.append(
            {
                "DOI": f"10.5555/bench.{number:05d}",
                "type": "journal-article",
                "title": [title.capitalize()],
                "author": [{"given": "Ana", "family": family, "sequence": "first"}],
                "container-title": [rng.choice(_JOURNALS)],
                "volume": str(rng.randint(1, 60)),
                "issue": str(rng.randint(1, 4)),
                "page": f"{(start := rng.randint(1, 400))}-{start + rng.randint(5, 30)}",
                "issued": {"date-parts": [[rng.randint(1990, 2024)]]},
            }
        )
    return records


def reference_line(record: dict[str, Any], with_doi: bool) -> str:
    """A Harvard-style reference for ``record``, with or without its DOI."""
    author = record["author"][0]
    year = record["issued"]["date-parts"][0][0]
    text = (
        f"{author['family']}, {author['given'][0]}. ({year}) '{record['title'][0]}', "
        f"{record['container-title'][0]}, {record['volume']}({record['issue']}), "
        f"pp. {record['page']}."
    )
    return f"{text} doi:{record['DOI']}" if with_doi else text


def write_documents(
    records: list[dict[str, Any]], directory: Path, per_document: int = 50, doi_every: int = 2
) -> list[Path]:
    """Documents of ``per_document`` references each, one reference a line.

    All references but every ``doi_every``-th give their DOI (2: half of them).
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, len(records), per_document):
        lines = [
            reference_line(record, with_doi=(start + offset) % doi_every != 0)
            for offset, record in enumerate(records[start : start + per_document])
        ]
        path = directory / f"doc{start // per_document:04d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
