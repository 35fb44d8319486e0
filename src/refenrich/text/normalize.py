"""Normalising text for comparison: case, diacritics, punctuation, spelling variants.

Two strings that a careful reader would call "the same title" or "the same name"
should normalise to the same key. Pure functions, linear time.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

__all__ = [
    "fold",
    "name_key",
    "name_keys",
    "page_range",
    "similarity",
    "strip_markup",
    "title_key",
    "venue_key",
]

# Letters that NFKD does not decompose into base letter + accent.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ħ": "h",
        "Ħ": "H",
    }
)
_NON_WORD = re.compile(r"[^\w]+")
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"</?[A-Za-z][\w:.-]{0,40}(?:\s[^<>]{0,200})?/?>")
# (text a match makes, one of which a key with a space after it contains, pattern,
# replacement): a key without them is left alone without running the pattern ("is",
# "our" alone are in most titles: "this", "journal").
_SPELLING = (
    (
        ("ise", "yse", "ising", "ysing", "isation", "ysation"),
        re.compile(r"(?<=\w)(is|ys)(e|es|ed|ing|ation|ations)\b"),
        r"iz\2",
    ),
    (("our ",), re.compile(r"(?<=\w\w)our\b"), "or"),
    (("ours ",), re.compile(r"(?<=\w\w)ours\b"), "ors"),
    (("tre ",), re.compile(r"(?<=\w)tre\b"), "ter"),
    (("tres ",), re.compile(r"(?<=\w)tres\b"), "ters"),
)
# Each ASCII character as a byte, those _NON_WORD matches made spaces: on ASCII text,
# bytes.translate and str.split find _NON_WORD.split's words several times faster.
_ASCII_WORDS = bytes(32 if _NON_WORD.match(chr(c)) else c for c in range(256))
_VENUE_STOPWORDS = frozenset(
    {"the", "and", "of", "for", "in", "on", "a", "an", "de", "la", "le", "und", "fur"}
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, without diacritics (Müller -> muller, Đặng -> dang)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=16384)
def strip_markup(text: str) -> str:
    """Text without JATS/HTML tags and entities, whitespace collapsed (Crossref titles)."""
    if "<" not in text and "&" not in text:
        # No tag, no entity: only the whitespace to collapse (str.split and the regex's
        # \s agree on what whitespace is).
        return " ".join(text.split())
    return _SPACE.sub(" ", html.unescape(_MARKUP.sub("", text))).strip()


def _plain(text: str) -> str:
    return strip_markup(text).replace("&", " and ")


def _words(text: str) -> list[str]:
    folded = fold(_plain(text))
    if folded.isascii():
        words = folded.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
        return [word for word in words if word != "_"] if "_" in folded else words
    return [word for word in _NON_WORD.split(folded) if word and word != "_"]


@lru_cache(maxsize=65536)
def title_key(text: str) -> str:
    """A title for comparison: no markup, case, punctuation or British/American spelling."""
    key = " ".join(_words(text))
    # Every needle below holds one of these: a key holding none skips the loop.
    if "is" in key or "ys" in key or "our" in key or "tre" in key:
        ended = f"{key} "  # each word followed by a space
        for needles, pattern, replacement in _SPELLING:
            if any(needle in ended for needle in needles):
                key = pattern.sub(replacement, key)
                ended = f"{key} "
    return key


@lru_cache(maxsize=16384)
def venue_key(text: str) -> str:
    """A journal or book title for comparison: also ignores "The", "&"/"and", "of"..."""
    words = _words(text)
    return " ".join(word for word in words if word not in _VENUE_STOPWORDS)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A family name for comparison: Müller, Mueller and Muller give the same key."""
    key = "".join(_words(name))
    return key.replace("ae", "a").replace("oe", "o").replace("ue", "u")


_NAME_PARTS = re.compile(r"[\s-]+")


def name_keys(name: str) -> set[str]:
    """Keys under which a family name may match: whole, and each part of a compound."""
    keys = {name_key(name)}
    parts = [part for part in _NAME_PARTS.split(name) if part]
    if len(parts) > 1:
        keys.update(name_key(part) for part in parts)
    keys.discard("")
    return keys


_indel_similarity: Callable[[str, str], float] | None = None


def _load_indel() -> Callable[[str, str], float]:
    # rapidfuzz is imported on first use: commands that never compare strings
    # (--help, parse, index build) start without it.
    global _indel_similarity
    from rapidfuzz.distance import Indel

    _indel_similarity = Indel.normalized_similarity
    return _indel_similarity


def similarity(left: str, right: str) -> float:
    """A ratio in 0..1 of how alike two normalised strings are."""
    if left == right:
        return 1.0
    if not left or not right:
        return 0.0
    # Normalised Indel similarity, 2 * LCS / (len + len): difflib's ratio with the
    # longest common subsequence in place of its greedy blocks (never lower), in C.
    indel = _indel_similarity or _load_indel()
    return float(indel(left, right))


_PAGE_SPLIT = re.compile(r"\s*(?:[\u2010-\u2015\u2212]|-{1,3})\s*")


def page_range(pages: str) -> tuple[str, str | None]:
    """First and last page, with abbreviated ranges expanded: "159-76" -> ("159", "176")."""
    parts = _PAGE_SPLIT.split(pages.strip(), maxsplit=1)
    first = parts[0].strip()
    if len(parts) == 1 or not parts[1].strip():
        return first, None
    last = parts[1].strip()
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last
