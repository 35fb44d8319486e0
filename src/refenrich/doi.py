"""Finding, cleaning and validating DOIs in free text and URLs.

DOIs are case-insensitive (the DOI Handbook), so refenrich's canonical form is
lower case with no resolver prefix: ``10.1111/gove.12365``. They turn up bare, after
``doi:`` or ``DOI``, as ``https://doi.org/...`` and ``dx.doi.org`` links, and inside
publisher URLs (``.../doi/full/10.1177/...``). Trailing punctuation of the surrounding
sentence is not part of a DOI; balanced parentheses are (``10.1016/S0140-6736(20)30183-5``).

All functions are linear in the length of their input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

__all__ = ["DoiMatch", "doi_url", "find_doi_matches", "find_dois", "is_doi", "normalize_doi"]

# Crossref's advice is that /^10.\d{4,9}/[-._;()/:A-Z0-9]+$/i matches nearly all modern
# DOIs; older ones use more characters, so the body here is "anything but whitespace
# and a few characters that never survive in running text", trimmed afterwards.
_DOI_START = re.compile(r"10\.\d{4,9}(?:/|%2[Ff])")
_BODY_STOP = frozenset(' \t\r\n\f\v"<>{}|\\^`\u00a0\u200b')
_URL_STOP = frozenset("?#&")
_TRAILING = ".,;:!'\u2018\u2019\u201c\u201d\u00bb*"
_URL_SUFFIXES = ("/full", "/abstract", "/abs", "/pdf", "/epdf", "/html", "/fulltext", "/summary")
_PAIRS = {")": "(", "]": "["}
_RESOLVER = re.compile(
    r"^(?:https?://)?(?:dx\.)?(?:doi\.org|hdl\.handle\.net)/|^(?:doi|DOI)\s*[:\s]\s*",
)
_VALID = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True, slots=True)
class DoiMatch:
    """A DOI found in text.

    ``start``/``end`` span the whole token that carried it (the URL, or ``doi:`` prefix
    and DOI), so a caller can cut it out of the text; ``in_url`` tells whether it came
    from a link.
    """

    doi: str
    start: int
    end: int
    in_url: bool


def _token_start(text: str, position: int) -> int:
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start


def _trim(candidate: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING or (last in _PAIRS and candidate.count(last) > candidate.count(_PAIRS[last])):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def find_doi_matches(text: str) -> list[DoiMatch]:
    """Every DOI in ``text`` with the span of the token that carried it, in order."""
    matches: list[DoiMatch] = []
    position = 0
    length = len(text)
    while True:
        found = _DOI_START.search(text, position)
        if found is None:
            return matches
        token_start = _token_start(text, found.start())
        prefix = text[token_start : found.start()].lower()
        in_url = "://" in prefix or prefix.startswith("www.") or "doi.org/" in prefix
        end = found.end()
        while end < length and text[end] not in _BODY_STOP:
            if in_url and text[end] in _URL_STOP:
                break
            end += 1
        token_end = end
        while token_end < length and not text[token_end].isspace():
            token_end += 1
        raw = text[found.start() : end]
        if in_url:
            raw = unquote(raw)
            lowered = raw.lower()
            for suffix in _URL_SUFFIXES:
                if lowered.endswith(suffix):
                    raw = raw[: -len(suffix)]
                    break
        doi = _trim(raw).lower()
        if _VALID.match(doi):
            if in_url:
                span_end = token_start + len(_trim(text[token_start:token_end]))
            else:
                span_end = found.start() + len(_trim(text[found.start() : end]))
            matches.append(DoiMatch(doi, token_start, span_end, in_url))
        position = max(end, found.end())


def find_dois(text: str) -> list[str]:
    """The distinct DOIs in ``text``, canonical (lower case), in order of appearance."""
    seen: dict[str, None] = {}
    for match in find_doi_matches(text):
        seen.setdefault(match.doi, None)
    return list(seen)


def normalize_doi(value: str) -> str | None:
    """The canonical DOI in ``value`` (bare, ``doi:``, or a URL), or None if it holds none.

    Unlike :func:`find_dois` this reads ``value`` as one identifier: surrounding space
    and a resolver prefix are allowed, other text is not.
    """
    stripped = _RESOLVER.sub("", value.strip())
    if any(character.isspace() for character in stripped):
        return None
    found = find_dois(stripped if "://" not in stripped else value.strip())
    if len(found) != 1:
        return None
    return found[0]


def is_doi(value: str) -> bool:
    """Whether ``value`` is a syntactically valid DOI (no resolver prefix)."""
    return bool(_VALID.match(value.strip())) and normalize_doi(value) == value.strip().lower()


def doi_url(doi: str) -> str:
    """The https://doi.org link for ``doi``, percent-encoded as the DOI Handbook advises."""
    return "https://doi.org/" + quote(doi, safe="/:;()[]._-")
