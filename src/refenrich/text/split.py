"""Splitting a reference block into one string per reference.

Handles numbered lists (``1.``, ``1)``, ``[1]``, ``(1)``, and the ``[R1]``, ``R1.`` and
``3.1`` labels of REF impact case studies), bulleted lists, one reference per line,
blank-line separated entries, entries with a hanging indent, and entries that PDF
extraction has wrapped over several lines or broken with blank lines. In a numbered
list only the next number in sequence starts a new entry, so "53(2): 265" or a stray
"4." at the start of a wrapped line cannot split a reference. Page furniture inside the
block (form feeds, bare page numbers, "Page 3 of 12") is dropped, and words that PDF
text hyphenated at a line end are joined again.
"""

from __future__ import annotations

import itertools
import re

from refenrich.text.layout import PAGE_NUMBER_LINE, keeps_hyphen

__all__ = ["join_wrapped", "split_lines", "split_references"]

# Horizontal white space: spaces, tabs, no-break and other Unicode spaces, not newlines.
_H = r"[^\S\n\r]"

_NUMBER_MARKER = re.compile(
    r"^[^\S\n\r]*(?:\[R?(\d{1,4})\]|\(R?(\d{1,4})\)|R?(\d{1,4})[.)]|R(\d{1,3}):?"
    r"|(\d{1,2})\.(\d{1,2}))[^\S\n\r]+(?=\S)"
)
"""A list number: "[1]", "(1)", "1.", "1)"; the labels of REF impact case studies ("[R1]",
"(R1)", "R1.", "R1:", "R1"); or a section's item number, "3.1" (its second part counts)."""
_BARE_NUMBER = re.compile(r"^[^\S\n\r]*(\d{1,3})[^\S\n\r]+(?=\S)")
"""A list number with nothing but space after it: "1 Smith, J. ..." (see
:func:`_split_bare_numbered` for when a list counts as numbered this way)."""
_BULLET_MARKER = re.compile(
    r"^[^\S\n\r]*[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2013\u2014*-][^\S\n\r]+(?=\S)"
)
# A labelled paragraph that is not a reference: "Grants:", "Funding:", "Notes:", and the
# REF template's "Evidence of (the) quality (of the research):", "Key grants:", ...
_LABEL_LINE = re.compile(
    rf"^{_H}*(?=[A-Z])(?i:(?:key|main|research|supporting|associated){_H}+)?"
    rf"(?i:grants?|funding|awards?|research{_H}+quality|quality{_H}+indicators?|notes?|"
    rf"outputs?|key{_H}+outputs?|sources?|evidence{_H}+of{_H}+[^\W\d_][\w ]{{0,50}}?"
    rf"|indicators?{_H}+of{_H}+[^\W\d_][\w ]{{0,40}}?){_H}*:"
)
# Harvard "Durose, C.", Vancouver "Smith AB," or "Chesson P (2000)", IEEE "A. B. Smith".
# Corporate names are recognised only with a year after them (_AUTHOR_DATE_START).
_AUTHOR_START = re.compile(
    rf"^{_H}*(?:[^\W\d_][^\s,;:()]*(?:{_H}[^\W\d_][^\s,;:()]*){{0,3}},{_H}+[^\W\d_]"
    rf"|[^\W\d_][\w'\u2019-]+{_H}[A-Z]{{1,3}}(?:[,.]|{_H}+\()"
    rf"|[A-Z]\.{_H}?(?:[A-Z]\.{_H}?){{0,2}}[^\W\d_]{{2}})"
)
# Author-date shape: a name or an organisation (no digits, no full stop ending a
# sentence) and then the year in brackets, "Committee on Climate Change (2019)", or
# Chicago's "Smith, John. 2019.".
_AUTHOR_DATE_START = re.compile(
    r"^[^\S\n\r]*[^\W\d_](?:[^\d()\[\]]|\((?i:eds?|ed|hg|hrsg|coord)\.?\)){0,400}?"
    r"(?:[(\[](?:1[5-9]\d\d|20\d\d)[a-z]?[,;)\]/\u2013-]|[(\[](?i:n\.\s?d\.|in\s+press|forthcoming)[)\]]"
    r"|\.[^\S\n\r]+(?:1[5-9]\d\d|20\d\d)[a-z]?\.)"
)
# "———. 2017." or "--- (2018)": the same authors as the entry above (Chicago, MLA).
_SAME_AUTHORS = re.compile(r"^[^\S\n\r]*[\u2010-\u2015_-]{2,}[.,]?[^\S\n\r]")
# A line holding names only, which may go on with more names on the next line.
_NAMES_ONLY = re.compile(r"^[^\S\n\r]*[^\W\d_][^\d()\[\]/:]*(?:\([^\W\d_]*)?$")
_NAMES_GO_ON = re.compile(r"(?:[,&(-]|\band|\b[A-Z]\.|\([^\W\d_]*)$")
_YEAR_FIRST = re.compile(r"^[^\S\n\r]*[(\[](?:1[5-9]\d\d|20\d\d)")
_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b|\bn\.d\.|\bin press\b|\bforthcoming\b", re.I)
_ENDS_ENTRY = re.compile(r"(?:[.!?\"'\u2019\u201d)\]]|\d)[^\S\n\r]*$")
_LINK = re.compile(r"(?:https?://|www\.|doi[:.])", re.I)
# A line that cannot end an entry: it ends with a comma, "&", an opening bracket, or a
# lower-case word ("Stress, appraisal, and", "Journal of").
_OPEN_END = re.compile(r"(?:[,;:&(\[/\u2013\u2014-]|(?:^|(?<=\s))[^\W\d_A-Z]+)[^\S\n\r]*$")
_WRAPPED_LINK = re.compile(r"(?:https?://|doi:|10\.\d{4,9}/)\S*$", re.I)
_LINK_START = re.compile(r"^\s*(?:https?://|www\.|doi\b|\d)", re.I)
_WANTS_NUMBER = re.compile(r"\d[-\u2013\u2014][^\S\n\r]*$")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\x1c-\x1e\x85\u2028\u2029]")
_WORD = re.compile(r"[^\W\d_]+")
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:-[^\W\d_]+)+")


class _Vocabulary:
    """The words of some lines, and their hyphenated pairs ("co-production"); read only
    when a line-end hyphen has to be decided."""

    __slots__ = ("_hyphenated", "_lines", "_words")

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._words: frozenset[str] | None = None
        self._hyphenated: frozenset[str] = frozenset()

    def _read(self) -> frozenset[str]:
        if self._words is None:
            words: set[str] = set()
            pairs: set[str] = set()
            for line in self._lines:
                words.update(word.lower() for word in _WORD.findall(line))
                for compound in _COMPOUND.findall(line):
                    parts = compound.lower().split("-")
                    pairs.update(f"{a}-{b}" for a, b in itertools.pairwise(parts))
            self._words, self._hyphenated = frozenset(words), frozenset(pairs)
        return self._words

    @property
    def words(self) -> frozenset[str]:
        """The words, lower-cased."""
        return self._read()

    @property
    def hyphenated(self) -> frozenset[str]:
        """Adjacent parts of hyphenated compounds, lower-cased: "co-production"."""
        self._read()
        return self._hyphenated


def _keeps_hyphen(text: str, piece: str, vocabulary: _Vocabulary) -> bool:
    """Whether the hyphen ending ``text`` belongs to the word: true for DOIs, URLs, codes
    and capitals ("Smith-\\nJones"); for words, :func:`refenrich.text.layout.keeps_hyphen`
    decides."""
    left_token = text.rsplit(None, 1)[-1][:-1]
    right_token = piece.split(None, 1)[0]
    if not left_token or not left_token[-1].islower() or not right_token[0].islower():
        return True
    if any(c.isdigit() or c in "/:@" for c in left_token + right_token) or "www." in left_token:
        return True
    left = _WORD.findall(left_token)[-1].lower() if _WORD.search(left_token) else ""
    right = _WORD.match(right_token)
    if not left or right is None:
        return True
    tail = right.group(0).lower()
    return keeps_hyphen(
        left,
        tail,
        hyphenated_seen=f"{left}-{tail}" in vocabulary.hyphenated,
        joined_seen=left + tail in vocabulary.words,
    )


def join_wrapped(lines: list[str]) -> str:
    """Join the lines of one entry, undoing line wrapping.

    A line-end hyphen between two lower-case letters is taken for PDF hyphenation and
    removed ("charac-\\nteristics"), unless the lines show the compound with its hyphen
    elsewhere ("co-production"). Hyphens in DOIs, URLs and codes ("d41586-018-\\n06860-w"),
    next to capitals, and before a few second halves of compounds ("evidence-\\nbased")
    are kept.
    """
    return _join(lines, _Vocabulary(lines))


def _link_goes_on(last: str, piece: str) -> bool:
    """Whether a URL or DOI that ends ``last`` with "/", "." or "_" goes on at the start of
    ``piece``: a layout broke it there ("https://doi.org/10.1111/" + "spol.12481"). The
    next word must hold a digit, as a DOI's suffix does, so "(accessed ...)" or "Accessed
    3 May" after a whole URL stay apart."""
    words = last[-300:].split()
    if not words or not _WRAPPED_LINK.match(words[-1]):
        return False
    first = piece.split(None, 1)[0]
    return first[0].isalnum() and any(char.isdigit() for char in first)


def _join(lines: list[str], vocabulary: _Vocabulary) -> str:
    """:func:`join_wrapped`, deciding hyphens by the words of ``vocabulary`` (a whole
    block's, so that a compound written out in one reference counts in another)."""
    parts: list[str] = []
    for line in lines:
        piece = line.strip()
        if not piece:
            continue
        last = parts[-1] if parts else ""
        if not parts:
            parts.append(piece)
        elif last[-1:] in "/._" and _link_goes_on(last, piece):
            parts.append(piece)  # ".../10.1111/gove." + "12365": one DOI wrapped
        elif len(last) > 1 and last.endswith("-") and not last[-2].isspace():
            if piece.split(None, 1)[0] in ("and", "or", "to"):
                parts += [" ", piece]  # "pre- and post-war": a hyphen left hanging
            elif _keeps_hyphen(last[-200:], piece, vocabulary):
                parts.append(piece)
            else:
                parts[-1] = last[:-1]
                parts.append(piece)
        else:
            parts += [" ", piece]
    return re.sub(r"[ \t]{2,}", " ", "".join(parts))


def _marker_number(match: re.Match[str]) -> int:
    return int(next(group for group in match.groups()[:4] + match.groups()[5:] if group))


def _marker_shape(match: re.Match[str]) -> str:
    """The kind of label ("[", "(", "." or ")", "R", "3."), for resynchronising."""
    label = match.group(0).strip()
    if match.group(6) is not None:
        return match.group(5) + "."
    if match.group(4) is not None:
        return "R"
    return label[0] if label[0] in "[(" else label[-1]


def _cut_at_label(lines: list[str]) -> list[str]:
    for position, line in enumerate(lines):
        if position > 0 and _LABEL_LINE.match(line):
            return lines[:position]
    return lines


def _ends_with_link(line: str) -> bool:
    """Whether the last word of ``line`` is a URL or DOI (which may end with a letter)."""
    words = line[-300:].split()
    return bool(words) and _LINK.search(words[-1]) is not None


def _ends_entry(line: str) -> bool:
    return bool(_ENDS_ENTRY.search(line)) or _ends_with_link(line)


def _capital_like(char: str) -> bool:
    """A capital, an uncased letter (CJK) or an opening quote: how an entry begins."""
    return char.isupper() or (char.isalpha() and not char.islower()) or char in "\u2018\u201c'\""


def _previous_text(lines: list[str], position: int) -> str:
    for line in reversed(lines[max(0, position - 3) : position]):
        if line.strip():
            return line
    return ""


def _split_numbered(lines: list[str], vocabulary: _Vocabulary) -> list[str] | None:
    starts: list[int] = []
    expected: int | None = None
    shape = ""
    for position, line in enumerate(lines):
        match = _NUMBER_MARKER.match(line)
        if match is None:
            continue
        number = _marker_number(match)
        after = line[match.end()]
        if match.group(6) is not None:
            # "0.1 mg of ..." wrapped onto a line is no item number "3.1 Name": a list of
            # section items starts with a capital and keeps its first part.
            if shape and _marker_shape(match) != shape:
                continue
            if not shape and (match.group(5) == "0" or not _capital_like(after)):
                continue
        if expected is None and number in (0, 1):
            expected = number
            shape = _marker_shape(match)
        if expected is None:
            continue
        resync = (
            expected < number <= expected + 2
            and _marker_shape(match) == shape
            and _capital_like(after)
            and _ends_entry(_previous_text(lines, position))
        )
        if number == expected or resync:
            starts.append(position)
            expected = number + 1
    if not starts:
        return None
    # A list of one ("1. Smith, J. ...") is still a numbered list, unless text before it
    # looks like references of its own, which an unnumbered reading must keep.
    if len(starts) == 1 and any(_AUTHOR_START.match(line) for line in lines[: starts[0]]):
        return None
    return _entries(lines, starts, _NUMBER_MARKER, vocabulary)


def _entries(
    lines: list[str], starts: list[int], marker: re.Pattern[str], vocabulary: _Vocabulary
) -> list[str]:
    """The entries that begin at ``starts``, each without its ``marker``."""
    entries: list[str] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        chunk = _cut_at_label(lines[start:end])
        chunk[0] = marker.sub("", chunk[0], count=1)
        entries.append(_join(chunk, vocabulary))
    return [entry for entry in entries if entry]


def _split_bare_numbered(lines: list[str], vocabulary: _Vocabulary) -> list[str] | None:
    """A list numbered "1 Name ...", "2 Name ..." (a number and a space or tab, as a
    pasted Word list or a table's number column leaves it): numbers from 1 in order, each
    before a capital and after a line that ends an entry, at least two of them."""
    starts: list[int] = []
    for position, line in enumerate(lines):
        match = _BARE_NUMBER.match(line)
        if (
            match is not None
            and int(match.group(1)) == len(starts) + 1
            and _capital_like(line[match.end()])
            and (not starts or _ends_entry(_previous_text(lines, position)))
        ):
            starts.append(position)
    if len(starts) < 2:
        return None
    return _entries(lines, starts, _BARE_NUMBER, vocabulary)


def _split_bulleted(lines: list[str], vocabulary: _Vocabulary) -> list[str] | None:
    starts = [position for position, line in enumerate(lines) if _BULLET_MARKER.match(line)]
    if len(starts) < 2:
        return None
    entries = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        chunk = _cut_at_label(lines[start:end])
        chunk[0] = _BULLET_MARKER.sub("", chunk[0], count=1)
        entries.append(_join(chunk, vocabulary))
    return [entry for entry in entries if entry]


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _hanging_starts(lines: list[str]) -> set[int] | None:
    """The flush lines, when the entries have a hanging indent (flush first line,
    indented continuation lines) that tells where they start."""
    filled = [(position, line) for position, line in enumerate(lines) if line.strip()]
    if len(filled) < 3:
        return None
    flush = min(_indent(line) for _, line in filled)
    if _indent(filled[0][1]) != flush:
        return None
    indented = sum(_indent(line) > flush for _, line in filled)
    if indented < 2 or indented * 5 < len(filled):
        return None
    return {position for position, line in filled if _indent(line) == flush}


def _author_date_start(filled: list[str], index: int) -> bool:
    """Whether line ``index`` starts like an author-date entry. The names may run over a
    few lines before the year ("Tuia D, Kellenberger B, ...,\n... (2022)"), or an
    organisation's name may be wrapped just before it ("... Intelligence\n(2018)")."""
    joined = filled[index].rstrip()
    shape = bool(_AUTHOR_DATE_START.match(joined))
    for following in filled[index + 1 : index + 9]:
        if shape or len(joined) > 400 or not _NAMES_ONLY.match(joined):
            break
        if not (_NAMES_GO_ON.search(joined) or _YEAR_FIRST.match(following)):
            break
        joined += ("" if joined.endswith("-") else " ") + following.strip()
        shape = bool(_AUTHOR_DATE_START.match(joined))
    return shape


def _open_ended(line: str) -> bool:
    """Whether ``line`` cannot be the last line of an entry ("Journal of", "Smith, J.,")."""
    return bool(_OPEN_END.search(line)) and not _ends_with_link(line)


def _split_by_lines(lines: list[str]) -> list[list[str]]:
    """Entries without markers or blank lines between them: a hanging indent tells where
    they start, or else the shape of each line and of the line before it."""
    filled = [line for line in lines if line.strip()]
    hanging = _hanging_starts(lines)
    if hanging is not None:
        starts = [position in hanging for position, line in enumerate(lines) if line.strip()]
    else:
        can_start = [
            index == 0 or not _open_ended(filled[index - 1]) for index in range(len(filled))
        ]
        shapes = [can and _author_date_start(filled, index) for index, can in enumerate(can_start)]
        names = sum(
            can_start[index]
            and not shapes[index]
            and bool(_AUTHOR_START.match(filled[index]))
            and _ends_entry(filled[index - 1])
            for index in range(1, len(filled))
        )
        # In an author-date list a line that merely looks like a name ("MIT Press,
        # Cambridge, MA", "In E. T. Higgins & ...") is no new entry.
        author_date = sum(shapes) >= 2 and sum(shapes) >= 3 * names
        starts = []
        dated = False
        for index, line in enumerate(filled):
            new = index == 0 or (
                can_start[index]
                # An entry has its year before the next one starts ("S. J., & Munafo").
                and dated
                and (
                    shapes[index]
                    or (bool(_SAME_AUTHORS.match(line)) and _ends_entry(filled[index - 1]))
                    or (
                        not author_date
                        and bool(_AUTHOR_START.match(line))
                        and _ends_entry(filled[index - 1])
                    )
                )
            )
            dated = (dated and not new) or bool(_YEAR.search(line))
            starts.append(new)
    entries: list[list[str]] = []
    for line, new in zip(filled, starts, strict=True):
        if new or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    return entries


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """The runs of lines between blank lines; a blank line after a line that cannot end
    an entry ("Savage, M., Li, Y.,") separates nothing."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1] and not _open_ended(paragraphs[-1][-1]):
            paragraphs.append([])
    return [paragraph for paragraph in paragraphs if paragraph]


def _continues(previous: str, shape: bool, first: str, layout: tuple[bool, bool, int]) -> bool:
    """Whether the paragraph starting with ``first`` (``shape``: in author-date shape)
    continues the entry ending with ``previous``: PDF text sometimes breaks an entry
    with a blank line. ``layout``: whether the list is author-date, whether it has a
    hanging indent, and the indent of its first lines."""
    author_date, hanging, flush = layout
    if hanging:
        return _indent(first) > flush
    if shape:
        return False
    if author_date or not _ends_entry(previous):
        return True
    start = first.lstrip()[:1]
    if start in "\u2018\u201c\"'":
        return True  # a title after the authors' line
    return (start.islower() or start.isdigit() or bool(_LINK_START.match(first))) and not (
        _AUTHOR_START.match(first)
    )


def _split_unmarked(lines: list[str], vocabulary: _Vocabulary) -> list[str]:
    """Entries without markers. Blank lines separate them when they do so consistently
    (a blank line inside an entry, after a line that does not end one, is bridged);
    otherwise a hanging indent, or the shape of each line, tells where entries start."""
    for position, line in enumerate(lines):
        if position > 0 and _LABEL_LINE.match(line) and any(x.strip() for x in lines[:position]):
            lines = lines[:position]
            break
    by_lines = _split_by_lines(lines)
    paragraphs = _paragraphs(lines)
    if len(paragraphs) >= 2 and len(paragraphs) * 10 >= len(by_lines) * 7:
        shapes = [_author_date_start(paragraph, 0) for paragraph in paragraphs]
        layout = (
            sum(shapes) * 10 >= len(shapes) * 7,
            _hanging_starts(lines) is not None,
            min(_indent(line) for line in lines if line.strip()),
        )
        entries: list[list[str]] = []
        for paragraph, shape in zip(paragraphs, shapes, strict=True):
            if entries and _continues(entries[-1][-1], shape, paragraph[0], layout):
                entries[-1] += paragraph
            else:
                entries.append(list(paragraph))
    else:
        entries = by_lines
    return [text for text in (_join(chunk, vocabulary) for chunk in entries) if text]


def _clean_lines(block: str) -> list[str]:
    """The block's lines without page furniture: form feeds, lines holding only a page
    number or "Page 3 of 12". A bare number after a page range broken at its dash
    ("32-") is kept: it ends the range."""
    lines: list[str] = []
    previous = ""
    for line in _LINE_BREAK.split(block):
        if not line:
            lines.append(line)
            continue
        if "\f" in line:
            line = line.replace("\f", "")
            if not line.strip():
                continue  # a page break, not a blank line between entries
        if PAGE_NUMBER_LINE.match(line) and not (
            line.strip().isdigit() and _WANTS_NUMBER.search(previous)
        ):
            continue
        label = _LABEL_LINE.match(line)
        if label is not None:
            rest = line[label.end() :]
            first = _NUMBER_MARKER.match(rest)
            if (first is not None and _marker_number(first) in (0, 1)) or _BULLET_MARKER.match(
                rest
            ):
                # "Outputs: 1. Durose, C. ...": the label on a line of its own, then the
                # list, which the numbered splitter then finds as it would below a label.
                lines += [line[: label.end()], rest.lstrip()]
                previous = rest
                continue
        lines.append(line)
        if line.strip():
            previous = line
    return lines


def split_references(block: str) -> list[str]:
    """Split a reference block into references, one string each, wrapping undone."""
    lines = _clean_lines(block)
    vocabulary = _Vocabulary(lines)
    for splitter in (_split_numbered, _split_bulleted, _split_bare_numbered):
        entries = splitter(lines, vocabulary)
        if entries is not None:
            return entries
    return _split_unmarked(lines, vocabulary)


def split_lines(text: str) -> list[str]:
    """One reference per non-empty line, for lists piped from other tools."""
    return [line.strip() for line in text.splitlines() if line.strip()]
