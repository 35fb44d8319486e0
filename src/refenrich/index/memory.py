"""Searching a small set of records in memory (a records file passed as ``--index``)."""

from __future__ import annotations

from collections.abc import Iterable

from refenrich.index.terms import choose_terms, query_terms, rank, terms
from refenrich.models import Work

__all__ = ["MemorySearch", "work_text"]


def work_text(work: Work) -> str:
    """What a :class:`Work` is searched under: titles, family names, container."""
    parts = [work.title or "", work.subtitle or ""]
    parts += [a.family or a.literal or "" for a in [*work.authors, *work.editors]]
    parts += [work.container_title or "", work.short_container_title or ""]
    return " ".join(parts)


class MemorySearch:
    """An inverted index over a list of works, ranked like the SQLite index."""

    def __init__(self, works: Iterable[Work]) -> None:
        self._works = list(works)
        self._postings: dict[str, list[int]] = {}
        for position, work in enumerate(self._works):
            for term in terms(work_text(work)):
                self._postings.setdefault(term, []).append(position)

    def search(self, query: str, rows: int = 10) -> list[Work]:
        """The works sharing the most (rare) words with ``query``, best first."""
        frequencies = {term: len(self._postings.get(term, ())) for term in query_terms(query)}
        chosen = choose_terms(frequencies, len(self._works))
        ranked = rank([(weight, self._postings[term]) for term, weight in chosen], rows)
        return [self._works[position] for position in ranked]
