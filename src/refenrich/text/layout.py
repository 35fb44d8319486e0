"""What page layout leaves in text: words broken at line ends, page-number lines.

One rule for each, shared by the PDF and Word reader (:mod:`refenrich.documents`) and
the reference splitter (:mod:`refenrich.text.split`).

:func:`keeps_hyphen`: whether a word broken with a hyphen at a line end keeps the hyphen
when joined. The text itself decides first: the compound
written with its hyphen elsewhere keeps it ("co-production"), the word written whole
elsewhere loses it ("recommendations"). Without such evidence a hyphen stays only where
English usually keeps one: after a few prefixes that are hyphenated far more often than
not ("co-", "non-", "self-", "cross-", "well-"), and before a few second halves of
compounds ("evidence-based", "long-term"). Everywhere else the break is taken for
hyphenation, since PDF line breaks split long plain words far more often than compounds.
"""

from __future__ import annotations

import re

__all__ = ["PAGE_NUMBER_LINE", "keeps_hyphen"]

PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:of|/)\s*\d{1,4}"
    r"|[-\u2013\u2014]?\s*\d{1,3}\s*[-\u2013\u2014]?)\s*$",
    re.IGNORECASE,
)
"""A line holding only a page number: "Page 3", "p. 3", "Page 3 of 12", "3 of 12", "3/12",
"- 3 -", "3" (a bare number of up to three digits)."""

_KEEPING_PREFIXES = frozenset({"co", "non", "self", "cross", "well"})
"""Prefixes hyphenated far more often than not (a broken "re-" or "pre-" is usually one
word: "research", "previous")."""

_COMPOUND_TAILS = frozenset(
    {
        "based",
        "related",
        "specific",
        "term",
        "scale",
        "making",
        "led",
        "oriented",
        "dependent",
        "driven",
        "centred",
        "centered",
        "focused",
        "friendly",
        "informed",
    }
)
"""Whole words that, after a line-end hyphen, are more often the second half of a
compound ("evidence-based", "long-term") than the tail of a broken word."""


def keeps_hyphen(head: str, tail: str, *, hyphenated_seen: bool, joined_seen: bool) -> bool:
    """Whether ``head`` + "-" + ``tail`` (lower case, broken at a line end) keeps its hyphen.

    ``hyphenated_seen``: the text writes ``head-tail`` elsewhere (this wins);
    ``joined_seen``: it writes ``headtail`` elsewhere.
    """
    if hyphenated_seen:
        return True
    if joined_seen:
        return False
    return head in _KEEPING_PREFIXES or (len(head) >= 4 and tail in _COMPOUND_TAILS)
