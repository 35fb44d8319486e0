"""Splitting a reference block into one string per reference.

Handles numbered lists (``1.``, ``1)``, ``[1]``, ``(1)``), bulleted lists, one
reference per line, blank-line separated entries, and entries that PDF extraction has
wrapped over several lines or broken with blank lines. In a numbered list only the next
number in sequence starts a new entry, so "53(2): 265" or a stray "4." at the start of
a wrapped line cannot split a reference.
"""

from __future__ import annotations

import re

__all__ = ["join_wrapped", "split_lines", "split_references"]

_NUMBER_MARKER = re.compile(r"^[ \t]*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)])[ \t]+(?=\S)")
_BULLET_MARKER = re.compile(
    r"^[ \t]*[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2013\u2014*-][ \t]+(?=\S)"
)
# A labelled paragraph that is not a reference: "Grants:", "Funding:", "Notes:", ...
_LABEL_LINE = re.compile(
    r"^[ \t]*(?:grants?|funding|research[ \t]+grants?|research[ \t]+quality|notes?|"
    r"outputs?|key[ \t]+outputs?|sources?)[ \t]*:",
    re.I,
)
# Harvard "Durose, C.", Vancouver "Smith AB,", IEEE "A. B. Smith", corporate names are
# not recognised here: they are the reason blank lines are trusted when present.
_AUTHOR_START = re.compile(
    r"^[ \t]*(?:[^\W\d_][^\s,;:()]*(?:[ \t][^\W\d_][^\s,;:()]*){0,3},[ \t]+[^\W\d_]"
    r"|[^\W\d_][\w'\u2019-]+[ \t][A-Z]{1,3}[,.]"
    r"|[A-Z]\.[ \t]?(?:[A-Z]\.[ \t]?)?[^\W\d_])"
)
_ENDS_ENTRY = re.compile(r"(?:[.!?\"'\u2019\u201d)\]]|\d|[A-Za-z0-9]/?)[ \t]*$")


def join_wrapped(lines: list[str]) -> str:
    """Join the lines of one entry, undoing line wrapping.

    A line ending in a hyphen is joined without a space, keeping the hyphen: PDF text
    breaks "Co-production" and DOIs such as "d41586-018-06860-w" at their own hyphens.
    """
    text = ""
    for line in lines:
        piece = line.strip()
        if not piece:
            continue
        if not text:
            text = piece
        elif text.endswith("-") and not text.endswith(" -"):
            text += piece
        else:
            text += " " + piece
    return re.sub(r"[ \t]{2,}", " ", text)


def _marker_number(match: re.Match[str]) -> int:
    return int(next(group for group in match.groups() if group is not None))


def _cut_at_label(lines: list[str]) -> list[str]:
    for position, line in enumerate(lines):
        if position > 0 and _LABEL_LINE.match(line):
            return lines[:position]
    return lines


def _split_numbered(lines: list[str]) -> list[str] | None:
    starts: list[int] = []
    expected: int | None = None
    for position, line in enumerate(lines):
        match = _NUMBER_MARKER.match(line)
        if match is None:
            continue
        number = _marker_number(match)
        if expected is None and number in (0, 1):
            expected = number
        if number == expected:
            starts.append(position)
            expected += 1
    if not starts:
        return None
    # A list of one ("1. Smith, J. ...") is still a numbered list, unless text before it
    # looks like references of its own, which an unnumbered reading must keep.
    if len(starts) == 1 and any(_AUTHOR_START.match(line) for line in lines[: starts[0]]):
        return None
    entries: list[str] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        chunk = _cut_at_label(lines[start:end])
        chunk[0] = _NUMBER_MARKER.sub("", chunk[0], count=1)
        entries.append(join_wrapped(chunk))
    return [entry for entry in entries if entry]


def _split_bulleted(lines: list[str]) -> list[str] | None:
    starts = [position for position, line in enumerate(lines) if _BULLET_MARKER.match(line)]
    if len(starts) < 2:
        return None
    entries = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        chunk = _cut_at_label(lines[start:end])
        chunk[0] = _BULLET_MARKER.sub("", chunk[0], count=1)
        entries.append(join_wrapped(chunk))
    return [entry for entry in entries if entry]


def _split_unmarked(lines: list[str]) -> list[str]:
    """Entries without markers: a line starts a new entry when it looks like the start
    of a reference and the previous line looks like the end of one."""
    entries: list[list[str]] = []
    previous = ""
    for line in lines:
        if not line.strip():
            continue
        if _LABEL_LINE.match(line) and entries:
            break
        starts_new = not entries or (
            bool(_AUTHOR_START.match(line))
            and bool(_ENDS_ENTRY.search(previous))
            and not previous.rstrip().endswith("-")
        )
        if starts_new:
            entries.append([line])
        else:
            entries[-1].append(line)
        previous = line
    return [text for text in (join_wrapped(chunk) for chunk in entries) if text]


def split_references(block: str) -> list[str]:
    """Split a reference block into references, one string each, wrapping undone."""
    lines = block.splitlines()
    for splitter in (_split_numbered, _split_bulleted):
        entries = splitter(lines)
        if entries is not None:
            return entries
    return _split_unmarked(lines)


def split_lines(text: str) -> list[str]:
    """One reference per non-empty line, for lists piped from other tools."""
    return [line.strip() for line in text.splitlines() if line.strip()]
