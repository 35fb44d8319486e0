"""Whether a word broken with a hyphen at a line end keeps the hyphen when joined.

One decision for every place that undoes line wrapping: the PDF and Word reader
(:func:`refenrich.documents.dehyphenate`) and the reference splitter
(:func:`refenrich.text.split.join_wrapped`). The text itself decides first: the compound
written with its hyphen elsewhere keeps it ("co-production"), the word written whole
elsewhere loses it ("recommendations"). Without such evidence a hyphen stays only where
English usually keeps one: after a few prefixes that are hyphenated far more often than
not ("co-", "non-", "self-", "cross-", "well-"), and before a few second halves of
compounds ("evidence-based", "long-term"). Everywhere else the break is taken for
hyphenation, since PDF line breaks split long plain words far more often than compounds.
"""

from __future__ import annotations

__all__ = ["keeps_hyphen"]

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
