"""Citation keys: stable, readable, unique, and safe in BibTeX, CSL-JSON and LaTeX.

The default key is the first author's family name, the year and the first significant
word of the title, folded to lower-case ASCII: ``richardson2019why``. Keys that clash
get suffixes ``a``, ``b``, ... in input order; the first keeps the bare key, so adding a
reference later never renames one already cited.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence

from anyascii import anyascii

from refenrich.models import Author

__all__ = ["DEFAULT_KEY_PATTERN", "KEY_FIELDS", "ascii_fold", "citation_key", "unique_keys"]

DEFAULT_KEY_PATTERN = "{author}{year}{title}"
"""The default key pattern. See :data:`KEY_FIELDS` for the placeholders."""

KEY_FIELDS: Mapping[str, str] = {
    "author": "first author's family name (corporate authors: initials of 3+ words)",
    "authors": "first two authors' family names, or the first + 'etal' for three or more",
    "year": "year of publication, 'nd' if unknown",
    "title": "first significant word of the title",
    "shorttitle": "first three significant words of the title",
}
"""Placeholders a key pattern may use, with what they expand to."""

# Words skipped when picking a "significant" title word or corporate initials: articles,
# conjunctions and prepositions in English and the commonest in a few other languages.
_SKIP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "nor",
        "but",
        "so",
        "yet",
        "of",
        "on",
        "in",
        "at",
        "by",
        "to",
        "for",
        "from",
        "with",
        "without",
        "within",
        "into",
        "onto",
        "over",
        "under",
        "upon",
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "among",
        "around",
        "as",
        "before",
        "behind",
        "below",
        "between",
        "beyond",
        "during",
        "except",
        "inside",
        "like",
        "near",
        "off",
        "out",
        "per",
        "since",
        "than",
        "through",
        "toward",
        "towards",
        "until",
        "up",
        "via",
        "versus",
        "vs",
        "is",
        "are",
        "was",
        "were",
        "be",
        "its",
        "it",
        "this",
        "that",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "und",
        "von",
        "zu",
        "zum",
        "zur",
        "im",
        "am",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "et",
        "du",
        "de",
        "del",
        "della",
        "di",
        "da",
        "el",
        "los",
        "las",
        "y",
        "en",
        "o",
        "au",
        "aux",
        "sur",
        "pour",
        "par",
    ]
)
_FOLD_EXTRA = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i"}
)  # fmt: skip
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]")
_LITERAL_SAFE = re.compile(r"[^A-Za-z0-9_:.\-]")


def ascii_fold(text: str) -> str:
    """``text`` with accents removed and a few letters spelled out: "Øster Straße" -> "Oster Strasse".

    Other scripts are transliterated (anyascii): "Иванова" -> "Ivanova", "王" -> "Wang".
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    marks_only = all(unicodedata.combining(c) for c in decomposed if not c.isascii())
    if marks_only:  # Latin letters with accents: the accents go
        return decomposed.encode("ascii", "ignore").decode("ascii")
    return anyascii("".join(c for c in decomposed if not unicodedata.combining(c)))


def _token(text: str) -> str:
    return _NOT_KEY_CHAR.sub("", ascii_fold(text).lower())


def _significant_words(text: str | None) -> list[str]:
    if not text:
        return []
    words = (_token(word) for word in re.split(r"[\s\-\u2010-\u2015/:;,.!?()\[\]\"']+", text))
    return [w for w in words if w and w not in _SKIP_WORDS and not w.isdigit()]


def _author_token(author: Author) -> str:
    if author.literal:
        words = _significant_words(author.literal)
        if len(words) >= 3:
            return "".join(word[0] for word in words)
        return "".join(words)
    return _token(author.family or author.given or "")


def citation_key(
    authors: Sequence[Author],
    year: int | None,
    title: str | None,
    *,
    pattern: str = DEFAULT_KEY_PATTERN,
) -> str:
    """The citation key for a work, before any suffix that makes it unique.

    ``pattern`` is a :meth:`str.format`-style template over :data:`KEY_FIELDS`; text
    outside placeholders is kept if it is ASCII letters, digits, ``_``, ``:``, ``.`` or
    ``-``. An empty result becomes ``ref``.

    >>> citation_key([Author(family="Richardson", given="L.")], 2019, "Why decentralize?")
    'richardson2019why'

    Raises:
        ValueError: the pattern names a placeholder not in :data:`KEY_FIELDS`, or uses
            conversions or format specs.
    """
    # The first author's name or none: a key never names a later author instead.
    first = (_author_token(authors[0]) if authors else "") or "anon"
    names = [first, *(token for token in map(_author_token, authors[1:2]) if token)]
    pair = first + "etal" if len(authors) >= 3 else "".join(names)
    words = _significant_words(title)
    values = {
        "author": first,
        "authors": pair,
        "year": str(year) if year is not None else "nd",
        "title": words[0] if words else "",
        "shorttitle": "".join(words[:3]),
    }
    parts: list[str] = []
    for literal, name, spec, conversion in string.Formatter().parse(pattern):
        parts.append(_LITERAL_SAFE.sub("", literal))
        if name is None:
            continue
        if name not in values or spec or conversion:
            raise ValueError(f"unknown or unsupported key placeholder {{{name}}} in {pattern!r}")
        parts.append(values[name])
    return "".join(parts) or "ref"


def _suffixes() -> Iterator[str]:
    """a, b, ..., z, aa, ab, ...: bijective base 26, so it never runs out."""
    number = 1
    while True:
        letters = []
        n = number
        while n:
            n, remainder = divmod(n - 1, 26)
            letters.append(chr(ord("a") + remainder))
        yield "".join(reversed(letters))
        number += 1


_KEY = re.compile(r"[^\s{}(),\"#%'=\\~]+")


def is_usable_key(key: str) -> bool:
    """Whether ``key`` can stand as a BibTeX/biblatex citation key as it is: no space
    and none of the characters the entry syntax or biber reserves (``{}(),"#%'=\\~``)."""
    return _KEY.fullmatch(key) is not None


def unique_keys(keys: Sequence[str], *, reserved: Iterable[str] = ()) -> list[str]:
    """``keys`` made unique: repeats get suffixes a, b, c, ... in order of appearance.

    A suffixed key never takes a key that occurs bare elsewhere in ``keys``; no key
    takes one of ``reserved`` (keys already in use, such as those of a .bib file).
    """
    natural = set(keys)
    taken: set[str] = set(reserved)
    result: list[str] = []
    for key in keys:
        chosen = key
        if key in taken:
            chosen = next(
                key + suffix
                for suffix in _suffixes()
                if key + suffix not in taken and key + suffix not in natural
            )
        taken.add(chosen)
        result.append(chosen)
    return result
