"""The words a record is indexed under and a reference is searched by.

Both sides go through :func:`refenrich.text.normalize.fold`, so "Müller", "Muller" and
"MÜLLER" meet; short words, stop words and bare numbers are left out (years, volumes
and pages are checked in validation, not searched).
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from refenrich.text.normalize import fold

__all__ = [
    "MAX_QUERY_TERMS",
    "choose_terms",
    "query_terms",
    "rank",
    "record_text",
    "term_set",
    "terms",
]

MAX_QUERY_TERMS = 8
"""How many of a reference's rarest words a local search uses."""

_WORD = re.compile(r"[^\W\d_][^\W_]*")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "de",
        "del",
        "der",
        "des",
        "di",
        "du",
        "e",
        "et",
        "for",
        "from",
        "in",
        "is",
        "la",
        "le",
        "les",
        "of",
        "on",
        "or",
        "the",
        "to",
        "und",
        "von",
        "with",
        "al",
        "eds",
        "ed",
        "pp",
        "vol",
        "no",
        "doi",
        "http",
        "https",
        "www",
        "org",
        "press",
        "university",
    ]
)


# Each ASCII character as a byte, all but letters and digits made spaces; and what
# terms() leaves out of ASCII words: stop words, single letters, "" (digits alone).
_ASCII_ALNUM = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
_LEFT_OUT = _STOP | frozenset("abcdefghijklmnopqrstuvwxyz") | {""}


def _ascii_words(text: str) -> list[str]:
    """``_WORD.findall(text.lower())`` for ASCII ``text``: each run of letters and digits,
    its leading digits dropped; a byte table and str.split do it several times faster."""
    words = text.lower().encode("ascii").translate(_ASCII_ALNUM).decode("ascii").split()
    if words and min(words)[0].isdigit():  # digits sort first: some word opens with one
        words = [word.lstrip("0123456789") for word in words]
    return words


def terms(text: str) -> list[str]:
    """The distinct search words of ``text``, in order of first appearance."""
    if text.isascii():  # most text
        return [word for word in dict.fromkeys(_ascii_words(text)) if word not in _LEFT_OUT]
    return list(
        dict.fromkeys(
            word for word in _WORD.findall(fold(text)) if len(word) >= 2 and word not in _STOP
        )
    )


def term_set(text: str) -> frozenset[str]:
    """``frozenset(terms(text))``, made faster."""
    if text.isascii():
        return frozenset(_ascii_words(text)).difference(_LEFT_OUT)
    return frozenset(terms(text))


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return [value] if isinstance(value, str) else []


def _first_string(value: Any) -> list[str]:
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                return [item]
        return []
    return [value] if isinstance(value, str) else []


def record_text(record: Mapping[str, Any]) -> str:
    """What a Crossref work message is indexed under: titles, family names, container."""
    get = record.get
    parts = _strings(get("title")) + _strings(get("subtitle")) + _strings(get("original-title"))
    for key in ("author", "editor"):
        people = get(key)
        if isinstance(people, list):
            for person in people:
                if isinstance(person, dict):
                    name = person.get("family") or person.get("name")
                    if isinstance(name, str):
                        parts.append(name)
    parts += _first_string(get("container-title"))
    parts += _first_string(get("short-container-title"))
    return " ".join(parts)


_LINK = re.compile(r"\S*(?:doi\.org|https?:|www\.|\b10\.\d{4,9}/)\S*", re.IGNORECASE)


def query_terms(reference_text: str) -> list[str]:
    """The search words of a reference as written, without its DOI and links."""
    return terms(_LINK.sub(" ", reference_text))


def choose_terms(
    frequencies: Mapping[str, int], total: int, limit: int = MAX_QUERY_TERMS
) -> list[tuple[str, float]]:
    """The ``limit`` rarest words that occur at all, each with its weight (idf).

    Rare words (a title's content words, family names) pick the cited work out of
    millions; common ones only add work.
    """
    known = sorted((df, term) for term, df in frequencies.items() if df > 0)
    return [(term, math.log(1 + total / df)) for df, term in known[:limit]]


def rank(postings: Sequence[tuple[float, Sequence[int]]], rows: int) -> list[int]:
    """Record ids by summed weight of the query words they contain, best first.

    ``postings`` holds each query word's weight and the ids of the records holding it,
    ascending without repeats. Ties go to the lower id.
    """
    if rows <= 0:
        return []
    # Only ids in two or more lists are summed one by one (set operations find them);
    # an id in one list scores that list's weight, so of those only the first ``rows``
    # of each list can place: the others tie with them and have higher ids.
    sets = [set(ids) for _, ids in postings]
    seen: set[int] = set()
    shared: set[int] = set()
    for members in sets:
        shared |= seen & members
        seen |= members
    scores: dict[int, float] = {}
    if shared:
        for (weight, _), members in zip(postings, sets, strict=True):
            for record_id in members & shared:
                scores[record_id] = scores.get(record_id, 0.0) + weight
    best = [(-score, record_id) for record_id, score in scores.items()]
    for weight, ids in postings:
        taken = 0
        for record_id in ids:
            if record_id not in shared:
                best.append((-weight, record_id))
                taken += 1
                if taken == rows:
                    break
    return [record_id for _, record_id in heapq.nsmallest(rows, best)]
