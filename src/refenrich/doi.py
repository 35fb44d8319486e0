"""Finding, cleaning and validating DOIs in free text and URLs.

DOIs are case-insensitive (the DOI Handbook), so refenrich's canonical form is
lower case with no resolver prefix: ``10.1111/gove.12365``. They turn up bare, after
``doi:`` or ``DOI``, as ``https://doi.org/...`` and ``dx.doi.org`` links, and inside
publisher URLs (``.../doi/full/10.1177/...``). Trailing punctuation of the surrounding
sentence is not part of a DOI; balanced parentheses are (``10.1016/S0140-6736(20)30183-5``).

Rules for the ambiguous cases:

* A DOI starts at a word boundary: ``110.1234/x``, ``v10.1234/x`` and ``1.10.1234/x`` hold
  no DOI. The one exception is a percent-encoded ``/`` or ``:`` just before it
  (``...doi.org%2F10.1234%2Fx``).
* The prefix is ``10.`` and a 4-9 digit registrant code (ASCII digits), optionally with up
  to three ``.``-separated subdivisions (``10.1000.10/abc``, as the DOI Handbook allows).
* The suffix runs to whitespace or one of ``" < > { } | \\ ^`` and the backtick, and stops
  at a closing ``)`` or ``]`` that was not opened inside it, so
  ``(10.1016/S0140-6736(20)30183-5)`` and markdown ``[10.1234/x](https://doi.org/10.1234/x)``
  work. A ``,`` or ``;`` directly followed by another DOI, a link or ``doi:`` separates
  the two. Old SICI-style DOIs keep their ``<...::...>`` segment
  (``10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O``), and their
  one-colon ``<...:...>`` segment when a ``2.0.CO;`` version follows it
  (``10.1175/1520-0493(1989)117<1779:TPOAAP>2.0.CO;2``); any other ``<``
  (``<br>``, ``<https://...>``) ends the DOI.
* Sentence punctuation (``.,;:!?'*…`` and closing quotes) is trimmed from the end.
* Inside a URL (``https://``, ``www.``, ``doi.org/``, ``hdl.handle.net/``), the DOI also
  stops at ``?``, ``#`` and ``&``; it is percent-decoded, a trailing ``/`` and a viewer
  suffix (``/full``, ``/abstract``, ``/pdf``, ...) are dropped. Outside a URL, percent
  escapes are only decoded when the prefix/suffix separator itself is encoded
  (``10.1000%2F182``).
* A DOI that contains whitespace after decoding is dropped.
* A match's span is the whole link (without enclosing brackets, quotes or punctuation), or
  the bare DOI together with a ``doi:``/``DOI`` label right before it.

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
# Every part of the start pattern is bounded, so a search is linear in the text. It is
# (?:(?<![\w.])|(?<=%2[Ff])|(?<=%3[Aa]))10\.... with the lookbehinds moved after the "1",
# so the engine can skip ahead to each "1" (tests/test_doi_fast_pattern.py).
_DOI_START = re.compile(
    r"1(?:(?<![\w.]1)|(?<=%2[Ff]1)|(?<=%3[Aa]1))0\.[0-9]{4,9}(?:\.[0-9]{1,9}){0,3}(?:/|%2[Ff])"
)
_VALID = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]{1,9}){0,3}/\S+")
_URL_STOP = frozenset("?#&")
_TRAILING = ".,;:!?'\u2018\u2019\u201c\u201d\u00bb\u2026*"
_URL_SUFFIXES = ("/full", "/abstract", "/abs", "/pdf", "/epdf", "/html", "/fulltext", "/summary")
_CLOSERS = {")": "(", "]": "["}
_LIST_SEPARATORS = frozenset(",;")
# After "," or ";", another DOI, link or doi: label means a list, not one DOI.
_NEXT_ITEM = re.compile(
    r"10\.[0-9]{4,9}(?:\.[0-9]{1,9}){0,3}(?:/|%2[Ff])|https?://|www\.|(?:dx\.)?doi\.org/|doi:",
    re.IGNORECASE,
)
# Runs of characters that need no decision in _scan; every other one is looked at singly.
_PLAIN = re.compile(r"[^\s\"<>{}|\\^`\u00a0\u200b\u2060\ufeff()\[\],;?#&]*")
# An old SICI-style segment: <693::AID-ASI4> (Wiley), or <0130:DNF>2.0.CO;2 (AMS and
# others, one colon, told from a bracketed link by the "2.0.CO;" version that follows it).
# Linear: the first run cannot hold ":".
_SICI = re.compile(r"<[^\s<>:]*(?:::[^\s<>]*>|:[^\s<>:/]*>(?=\d{1,2}\.\d{1,2}\.[A-Z]{2};))")
# The last whitespace character before endpos; each run of \S is tried once per search.
_LAST_SPACE = re.compile(r"\s\S*\Z")


def _last_space(text: str, low: int, high: int) -> int:
    """Where the last whitespace character of ``text[low:high]`` is, or -1 (as
    ``_LAST_SPACE.search(text, low, high)`` finds it, mostly without the pattern).

    Printable text holds no whitespace but " ", so when what follows the last space is
    printable, that space is the last whitespace character.
    """
    space = text.rfind(" ", low, high)
    if text[space + 1 if space >= 0 else low : high].isprintable():
        return space
    found = _LAST_SPACE.search(text, low, high)
    return -1 if found is None else found.start()


# Where a link starts inside a whitespace-free token; longest alternative is 15 characters.
_URL_START = re.compile(
    r"https?://|https?%3a%2f%2f|www\.|(?:dx\.)?doi\.org/|hdl\.handle\.net/", re.IGNORECASE
)
_URL_START_OVERLAP = 16
# A ``doi:`` / ``DOI `` label right before a bare DOI; at most 8 characters long.
_LABEL = re.compile(r"(?<![0-9A-Za-z])doi(?:\s{0,2}:\s{0,2}|\s{1,2})\Z", re.IGNORECASE)
_LABEL_WINDOW = 8


@dataclass(frozen=True, slots=True)
class DoiMatch:
    """A DOI found in text.

    ``start``/``end`` span the whole token that carried it (the URL, or ``doi:`` prefix
    and DOI) without surrounding brackets or sentence punctuation, so a caller can cut it
    out of the text; ``in_url`` tells whether it came from a link.
    """

    doi: str
    start: int
    end: int
    in_url: bool


def _scan(text: str, position: int, *, in_url: bool, query: bool = False) -> int:
    """Where the DOI suffix (or, with ``query``, the rest of a URL) starting at ``position`` ends."""
    length = len(text)
    parens = brackets = 0
    stop_at_query = in_url and not query
    while True:
        plain = _PLAIN.match(text, position)  # always matches: the pattern accepts ""
        if plain is not None:
            position = plain.end()
        if position >= length:
            return position
        character = text[position]
        if character == "(":
            parens += 1
        elif character == ")":
            if not parens:
                return position
            parens -= 1
        elif character == "[":
            brackets += 1
        elif character == "]":
            if not brackets:
                return position
            brackets -= 1
        elif character == "<":
            sici = _SICI.match(text, position)
            if sici is None:
                return position
            position = sici.end()
            continue
        elif character in _URL_STOP:
            if stop_at_query:
                return position
        elif character in _LIST_SEPARATORS:
            if not query and _NEXT_ITEM.match(text, position + 1) is not None:
                return position
        else:  # whitespace or another stop character
            return position
        position += 1


def _trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing sentence punctuation in ``text[start:end]``."""
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _trim(candidate: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end."""
    if not candidate or (candidate[-1] not in _TRAILING and candidate[-1] not in _CLOSERS):
        return candidate
    opened = {opener: candidate.count(opener) for opener in _CLOSERS.values()}
    closed = {closer: candidate.count(closer) for closer in _CLOSERS}
    end = len(candidate)
    while end:
        last = candidate[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _CLOSERS and closed[last] > opened[_CLOSERS[last]]:
            closed[last] -= 1
            end -= 1
        else:
            break
    return candidate[:end]


# Word's autocorrect and PDF text put typographic hyphens and soft hyphens into DOIs,
# which are "-" and nothing: 10.1038/d41586‐018‐06860‐w is 10.1038/d41586-018-06860-w.
_TYPOGRAPHIC = {
    **dict.fromkeys(range(0x2010, 0x2016), "-"),
    0x2212: "-",
    0xFE63: "-",
    0xFF0D: "-",
    0x00AD: None,
}


def _clean(raw: str, *, decode: bool, in_url: bool) -> str:
    """The canonical DOI from the raw suffix text, or ``""`` if it is not one."""
    if decode:
        raw = unquote(raw)
    if not raw.isascii():  # a dash after the DOI ends it ("10.1038/x– next")
        raw = raw.rstrip("\u2010\u2011\u2012\u2013\u2014\u2015\u2212").translate(_TYPOGRAPHIC)
    raw = _trim(raw)
    if in_url:
        raw = raw.rstrip("/")
        lowered = raw.lower()
        for suffix in _URL_SUFFIXES:
            if lowered.endswith(suffix):
                raw = _trim(raw[: -len(suffix)]).rstrip("/")
                break
    doi = raw.lower()
    return doi if _VALID.fullmatch(doi) else ""


def find_doi_matches(text: str) -> list[DoiMatch]:
    """Every DOI in ``text`` with the span of the token that carried it, in order."""
    matches: list[DoiMatch] = []
    position = 0
    # Everything is tracked incrementally so each character is looked at a bounded
    # number of times, however many DOIs share one whitespace-free token.
    scanned = 0  # text[:scanned] has been checked for whitespace
    url_floor = 0  # a link cannot start before this: token start, or after the last DOI
    url_scanned = 0  # text[url_floor:url_scanned] holds no link start
    url_start = -1  # the current link, if any
    url_end = -1  # ... and its end once known
    while True:
        found = _DOI_START.search(text, position)
        if found is None:
            return matches
        start = found.start()
        before = text[start - 1] if start else " "
        space = -1 if before.isspace() else _last_space(text, scanned, start)
        if before.isspace() or space >= 0:
            url_floor = url_scanned = start if space < 0 else space + 1
            url_start = url_end = -1
        scanned = start
        if url_start >= 0 and 0 <= url_end <= start:
            url_floor = url_scanned = url_end
            url_start = url_end = -1
        if url_start < 0:
            low = max(url_floor, url_scanned - _URL_START_OVERLAP)
            link = _URL_START.search(text, low, start) if low < start else None
            url_scanned = start
            if link is not None:
                url_start, url_end = link.start(), -1
        in_url = url_start >= 0
        body_end = _scan(text, found.end(), in_url=in_url)
        encoded = found.group().endswith(("%2F", "%2f"))
        doi = _clean(text[start:body_end], decode=in_url or encoded, in_url=in_url)
        if in_url:
            if url_end < 0:
                url_end = body_end
                if url_end < len(text) and text[url_end] in _URL_STOP:
                    url_end = _scan(text, url_end, in_url=True, query=True)
                url_end = max(_trim_end(text, start, url_end), found.end())
            span = (url_start, url_end)
        else:
            label = (
                _LABEL.search(text, max(0, start - _LABEL_WINDOW), start)
                if start and (before == ":" or before.isspace())
                else None
            )
            span_start = start if label is None else label.start()
            span = (span_start, _trim_end(text, start, body_end))
            url_floor = url_scanned = body_end
        if doi:
            matches.append(DoiMatch(doi, span[0], span[1], in_url))
        position = body_end


def find_dois(text: str) -> list[str]:
    """The distinct DOIs in ``text``, canonical (lower case), in order of appearance."""
    seen: dict[str, None] = {}
    for match in find_doi_matches(text):
        seen.setdefault(match.doi, None)
    return list(seen)


def normalize_doi(value: str) -> str | None:
    """The canonical DOI in ``value`` (bare, ``doi:``, or a URL), or None if it holds none.

    Unlike :func:`find_dois` this reads ``value`` as one identifier: surrounding space,
    a ``doi:`` label or a link around the DOI, and trailing sentence punctuation are
    allowed; other text, or a second, different DOI, is not.
    """
    stripped = value.strip()
    matches = find_doi_matches(stripped)
    if not matches:
        return None
    first = matches[0]
    if first.start != 0 or stripped[first.end :].strip(_TRAILING):
        return None
    if any(match.doi != first.doi or match.start != 0 for match in matches):
        return None
    return first.doi


# A DOI of the plainest shape: letters, digits and "._/-" after the prefix, ending in a
# letter or digit. find_doi_matches reads such a string as one DOI, itself lower-cased:
# the start pattern matches at 0 (nothing before it), none of these characters stops the
# scan, there is no link before it nor punctuation at its end to trim; so is_doi holds
# without running the scanner (tests/test_m6_rerun_speed.py holds the two together).
_PLAIN_DOI = re.compile(r"10\.[0-9]{4,9}(?:\.[0-9]{1,9}){0,3}/[A-Za-z0-9._/-]*[A-Za-z0-9]")


def is_doi(value: str) -> bool:
    """Whether ``value`` is a syntactically valid DOI (no resolver prefix)."""
    stripped = value.strip()
    if _PLAIN_DOI.fullmatch(stripped) is not None:
        return True  # what the test below finds, found cheaply (see _PLAIN_DOI)
    return _VALID.fullmatch(stripped) is not None and normalize_doi(stripped) == stripped.lower()


def _encode_segment(segment: str) -> str:
    # "." and ".." path segments would be removed by URL normalisation (RFC 3986 5.2.4),
    # letting a DOI such as ``10.1234/../x`` point somewhere else on the resolver.
    if segment in (".", ".."):
        return "%2E" * len(segment)
    return quote(segment, safe=":;()._-")


def doi_url(doi: str) -> str:
    """The https://doi.org link for ``doi``, percent-encoded as the DOI Handbook advises.

    Everything but unreserved characters, ``/:;()`` is escaped (so ``?``, ``#``, ``%``,
    space, ``[]``, ``<>`` and friends cannot end the path), and ``.``/``..`` segments are
    escaped so that URL normalisation cannot drop them.
    """
    return "https://doi.org/" + "/".join(_encode_segment(part) for part in doi.split("/"))
