"""Reading the documents people actually have: plain text, PDF and Word.

:func:`read_document` returns a document's text, ready for section finding:

- ``.txt`` (and any other suffix): UTF-8, with or without a byte-order mark, or UTF-16
  with its mark; a lone CR ends a line;
- ``.pdf``: the text layer, read with pypdf (BSD licence, pure Python). Running headers
  and footers (a line that recurs at the top or bottom of most pages, its copies
  differing in the page number at most, such as "Impact case study (REF3)"), page
  numbers ("Page 3", "3 of 5", "- 3 -") and hyphenation at line ends are removed, so a
  reference broken over two pages reads as one; the first page's header stays once, at
  the top, since it may name the exercise;
- ``.docx``: the body's paragraphs and table cells in order, read with python-docx (MIT),
  content controls (Word's Bibliography block, Mendeley and Zotero lists) included, and
  each paragraph as it reads with tracked changes accepted. Word's automatic list
  numbers are not part of the paragraph text, so they are put back ("1. Summary of the
  impact"). Headers and footers are never read; footnotes (else endnotes) become a
  "Footnotes" list when the body holds no reference list (notes-style documents).
- ``.doc``, ``.odt``, ``.rtf``, ``.pages``: refused with the advice to save as .docx or PDF.

Anything that cannot be read (missing, encrypted, corrupt, a scan with no text layer)
raises :class:`~refenrich.errors.InputError` with a message that says what to do.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from refenrich.errors import InputError
from refenrich.text.layout import PAGE_NUMBER_LINE, keeps_hyphen

UNSUPPORTED_SUFFIXES = {
    ".doc": "a Word 97-2003 (.doc) file",
    ".odt": "an OpenDocument text (.odt) file",
    ".rtf": "a Rich Text Format (.rtf) file",
    ".pages": "an Apple Pages file",
    ".wpd": "a WordPerfect file",
}
"""Document formats refenrich recognises but cannot read: named, so a batch over a folder
says so rather than passing over them."""

__all__ = [
    "DOCUMENT_SUFFIXES",
    "UNSUPPORTED_SUFFIXES",
    "clean_pages",
    "dehyphenate",
    "read_document",
    "read_document_bytes",
]

DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx"})
"""Suffixes :func:`read_document` reads as something other than plain text."""

_MIN_TEXT_CHARS = 40
_EDGE_LINES = 3

# A word broken at the end of a line: letters (no slash or dot, so URLs and DOIs are left
# alone) then a hyphen; the next line starts with the rest of the word in lower case.
_BROKEN_WORD = re.compile(r"(?:^|(?<=\s))([^\W\d_]{2,})-$")
_CONTINUATION = re.compile(r"^([^\W\d_]*[a-z\u00df-\u00ff][^\W\d_]*)(.*)$", re.S)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NUMBER = re.compile(r"\d+")


def read_document(path: Path) -> str:
    """The text of the document at ``path`` (.txt, .pdf or .docx; see the module docstring).

    Raises :class:`~refenrich.errors.InputError` when the file cannot be read.
    """
    return _document_text(_read_bytes(path), str(path), path.suffix.lower())


def read_document_bytes(data: bytes, name: str = "standard input") -> str:
    """The text of a document given as bytes, such as standard input: PDF and Word
    (.docx) are recognised by their content, anything else must be text as for
    :func:`read_document`. ``name`` stands for the document in error messages."""
    return _document_text(data, name, "")


def _document_text(data: bytes, path: str, suffix: str) -> str:
    if suffix == ".pdf" or (suffix not in DOCUMENT_SUFFIXES and data.startswith(b"%PDF-")):
        return _read_pdf(data, path)
    if suffix == ".docx" or (
        not suffix and data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]
    ):
        return _read_docx(data, path)
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path} is a Word 97-2003 (.doc) file: save it as .docx or PDF and try again"
        )
    if suffix in UNSUPPORTED_SUFFIXES:
        raise InputError(
            f"{path} is {UNSUPPORTED_SUFFIXES[suffix]}, which refenrich does not read: "
            "save it as .docx, PDF or text and try again"
        )
    return _decode_text(data, path)


def _decode_text(data: bytes, path: str) -> str:
    """Plain text: UTF-8 (with or without a byte-order mark), or UTF-16 with its mark
    (what Windows editors write as "Unicode"). Nothing is guessed beyond that."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _one_line_end(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise InputError(f"{path} starts like UTF-16 text but is not") from None
    if data.count(b"\x00") * 4 > len(data) > 0:
        raise InputError(
            f"{path} is not UTF-8 text (a quarter or more of its bytes are zero: UTF-16 "
            "without a byte-order mark, or a binary file); save it as UTF-8 text"
        )
    try:
        return _one_line_end(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"{path} is not UTF-8 text, PDF or Word (.docx): byte 0x{data[error.start]:02X} "
            f"on line {line} (offset {error.start}) is not UTF-8; save it as UTF-8 text"
        ) from None


def _one_line_end(text: str) -> str:
    """``text`` with classic Mac line ends (CR alone) made LF; Windows' CR LF stays, so a
    .bib rewritten in place keeps its line ends."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


_LONE_CR = re.compile(r"\r(?!\n)")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory; give a file") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None


# --- PDF --------------------------------------------------------------------------


def _read_pdf(data: bytes, path: str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise InputError("reading PDF needs pypdf: pip install pypdf") from None
    # pypdf logs its repairs of damaged files as warnings; they would reach the user's
    # terminal through logging's last-resort handler, so they are muted while reading.
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(
                f"{path} is encrypted (password-protected): save an unprotected copy first"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(f"{path} is not a readable PDF ({error})") from None
    except Exception as error:
        # pypdf raises a wide range of errors on damaged files (and needs the optional
        # cryptography package for AES); none of them should reach the user as a traceback.
        raise InputError(
            f"{path} could not be read as PDF ({type(error).__name__}: {error})"
        ) from None
    finally:
        quiet.setLevel(level)
    if sum(len(page.strip()) for page in pages) < _MIN_TEXT_CHARS:
        raise InputError(
            f"{path} has no text layer (a scanned image?): run OCR on it first, or give "
            "the text as a .txt file"
        )
    return clean_pages(pages)


def _page_lines(page: str) -> list[str]:
    return [line.rstrip() for line in page.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _edge_key(line: str) -> str:
    """A header or footer with its page number made generic: "Page 3" -> "page #"."""
    return _NUMBER.sub("#", " ".join(line.lower().split()))


def _one_number_varies(variants: set[tuple[str, ...]]) -> bool:
    """Whether the numbers of a line's copies differ in one place at most: a page number
    ("Page 3 of 12", "J. Soc. Policy 48(3), 2019, 5"), not the ranges and DOIs of
    references that look alike but for their digits ("13-32. https://doi.org/10.5555/t.12")."""
    columns = list(zip(*variants, strict=False))
    return sum(len(set(column)) > 1 for column in columns) <= 1


def _edge_positions(lines: list[str]) -> Iterator[int]:
    """Indexes of the first and last few non-blank lines of a page."""
    filled = _filled(lines)
    yield from dict.fromkeys(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])


def clean_pages(pages: Sequence[str]) -> str:
    """Join the text of PDF pages, without running headers, footers, page numbers and
    hyphenation at line ends.

    A line is a running header or footer when, with its digits made generic, it is among
    the first or last few lines of at least half the pages (and of at least two), and its
    copies differ in one number at most (the page number). The first page's copy of a
    running header is kept: it may name the document or the exercise.
    """
    split = [_page_lines(page) for page in pages]
    counts: Counter[str] = Counter()
    numbers: defaultdict[str, set[tuple[str, ...]]] = defaultdict(set)
    for lines in split:
        keys = set()
        for index in _edge_positions(lines):
            key = _edge_key(lines[index])
            keys.add(key)
            numbers[key].add(tuple(_NUMBER.findall(lines[index])))
        counts.update(keys)
    threshold = max(2, (len(split) + 1) // 2)
    running = {
        key
        for key, count in counts.items()
        if count >= threshold and key.strip() and _one_number_varies(numbers[key])
    }
    kept: list[str] = []
    for page, lines in enumerate(split):
        edges = set(_edge_positions(lines))
        # The first page's header stays, once, above everything: it may name the document
        # ("Impact case study (REF3b)" tells the exercise) and precedes any list.
        top = set(_top_positions(lines)) if page == 0 else set()
        for index, line in enumerate(lines):
            if PAGE_NUMBER_LINE.match(line) and index in edges:
                continue
            if index in edges and index not in top and _edge_key(line) in running:
                continue
            kept.append(line)
    return dehyphenate("\n".join(kept)).strip("\n") + "\n"


def _top_positions(lines: list[str]) -> list[int]:
    """Indexes of the first few non-blank lines of a page."""
    return _filled(lines)[:_EDGE_LINES]


def _filled(lines: list[str]) -> list[int]:
    """Indexes of a page's non-blank lines."""
    return [index for index, line in enumerate(lines) if line.strip()]


def dehyphenate(text: str) -> str:
    """Undo hyphenation at line ends: "recom-\\nmendations" -> "recommendations\\n".

    The rest of the broken word moves up to the first line, so line structure (which the
    reference splitter relies on) is kept. Whether the hyphen stays is
    :func:`refenrich.text.layout.keeps_hyphen`'s decision, on the document's words.
    Soft hyphens (U+00AD) are always removed.
    """
    text = re.sub("\u00ad\\s*\n\\s*", "", text).replace("\u00ad", "")
    lines = text.split("\n")
    if not any(line.endswith("-") for line in lines):
        return text
    vocabulary = Counter(word.lower() for word in _WORD.findall(text))
    for index in range(len(lines) - 1):
        broken = _BROKEN_WORD.search(lines[index])
        if broken is None:
            continue
        following = lines[index + 1].lstrip()
        rest = _CONTINUATION.match(following)
        if rest is None or not rest.group(1):
            continue
        head, tail = broken.group(1), rest.group(1)
        joiner = "-" if _keeps_hyphen(head, tail, vocabulary) else ""
        lines[index] = lines[index][: broken.start(1)] + head + joiner + tail
        lines[index + 1] = rest.group(2).lstrip()
    return "\n".join(lines)


def _keeps_hyphen(head: str, tail: str, vocabulary: Counter[str]) -> bool:
    head, tail = head.lower(), tail.lower()
    return keeps_hyphen(
        head,
        tail,
        hyphenated_seen=vocabulary[f"{head}-{tail}"] > 0,
        joined_seen=vocabulary[f"{head}{tail}"] > 0,
    )


# --- Word -------------------------------------------------------------------------


def _read_docx(data: bytes, path: str) -> str:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError("reading Word files needs python-docx: pip install python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise InputError(f"{path} is not a Word (.docx) file, or it is damaged") from None
    except Exception as error:
        raise InputError(
            f"{path} could not be read as a Word file ({type(error).__name__}: {error})"
        ) from None
    numbering = _ListNumbering(_numbering_formats(document))
    lines: list[str] = []
    for block in _blocks(document.element.body, document):
        if isinstance(block, Table):
            lines.extend(_table_lines(block, numbering))
        else:
            lines.append(numbering.label(block) + _paragraph_text(block._p))
    text = "\n".join(lines).strip()
    notes = _notes(document)
    if len(text) < _MIN_TEXT_CHARS and not notes:
        raise InputError(f"{path} has no text in its body")
    if notes:
        from refenrich.text.section import SectionKind, find_reference_section

        if find_reference_section(text).kind is SectionKind.WHOLE:
            # A notes-style document (Chicago, OSCOLA) cites in its footnotes: with no
            # reference list in the body, they are the list, one numbered note each.
            heading, items = notes
            numbered = (f"{number}. {note}" for number, note in enumerate(items, start=1))
            text = f"{text}\n\n{heading}\n\n" + "\n".join(numbered)
    return text + "\n"


def _notes(document: Any) -> tuple[str, list[str]] | None:
    """The footnotes (else the endnotes) of a Word document, with the heading that names
    them; None when it has neither."""
    parts = {str(part.partname): part for part in document.part.package.iter_parts()}
    for name, heading, tag in (
        ("/word/footnotes.xml", "Footnotes", "footnote"),
        ("/word/endnotes.xml", "Endnotes", "endnote"),
    ):
        part = parts.get(name)
        if part is None:
            continue
        from docx.oxml import parse_xml

        try:
            root = parse_xml(part.blob)
        except Exception:  # a damaged part: the body is still worth reading
            continue
        items = []
        for note in root.iter(f"{_W}{tag}"):
            if note.get(f"{_W}type") in (
                "separator",
                "continuationSeparator",
                "continuationNotice",
            ):
                continue
            text = " ".join(
                _paragraph_text(paragraph).strip() for paragraph in note.iter(f"{_W}p")
            ).strip()
            if text:
                items.append(text)
        if items:
            return heading, items
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _blocks(container: Any, parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of a body or cell in order, including those inside
    content controls (``w:sdt``: Word's own Bibliography block, Mendeley and Zotero
    lists) and custom XML, which python-docx's own iteration skips."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container:
        if child.tag == f"{_W}p":
            yield Paragraph(child, parent)
        elif child.tag == f"{_W}tbl":
            yield Table(child, parent)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content, parent)
        elif child.tag == f"{_W}customXml":
            yield from _blocks(child, parent)


_NOT_TEXT = frozenset(
    f"{_W}{name}"
    for name in (
        "del", "moveFrom", "delText", "instrText", "drawing", "pict", "object", "rPr", "pPr",
        "footnoteReference", "endnoteReference", "commentReference",
    )
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}  # fmt: skip
_BREAKS = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\t", f"{_W}noBreakHyphen": "-"}


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as it reads with tracked changes accepted: runs anywhere inside
    it (hyperlinks, fields, insertions, content controls, smart tags) in order, without
    deletions, field codes or the text of drawings."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag in _BREAKS:
                parts.append(_BREAKS[tag])
            elif tag not in _NOT_TEXT:
                walk(child)

    walk(paragraph)
    return "".join(parts)


def _table_lines(table: Any, numbering: _ListNumbering) -> Iterator[str]:
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            # A merged cell appears once per grid column it spans.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = "\n".join(
                numbering.label(p) + _paragraph_text(p._p)
                for p in _blocks(cell._tc, cell)
                if p._element.tag == f"{_W}p"
            ).strip()
            if text:
                cells.append(text)
        if cells:
            yield " ".join(cells) if all("\n" not in cell for cell in cells) else "\n".join(cells)


def _numbering_formats(document: Any) -> dict[tuple[str, int], str]:
    """(list id, level) -> Word's number format ("decimal", "bullet", "upperLetter", ...)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for node in root.iter(f"{_W}abstractNum"):
        levels = abstract.setdefault(node.get(f"{_W}abstractNumId") or "", {})
        for level in node.iter(f"{_W}lvl"):
            fmt = level.find(f"{_W}numFmt")
            levels[int(level.get(f"{_W}ilvl") or 0)] = (
                fmt.get(f"{_W}val") or "decimal" if fmt is not None else "decimal"
            )
    formats: dict[tuple[str, int], str] = {}
    for num in root.iter(f"{_W}num"):
        link = num.find(f"{_W}abstractNumId")
        if link is None:
            continue
        for depth, fmt in abstract.get(link.get(f"{_W}val") or "", {}).items():
            formats[(num.get(f"{_W}numId") or "", depth)] = fmt
    return formats


def _format_number(value: int, fmt: str) -> str:
    if fmt == "bullet":
        return "\u2022 "
    if fmt in ("upperLetter", "lowerLetter") and 1 <= value <= 26:
        letter = chr(ord("A") + value - 1)
        return f"{letter if fmt == 'upperLetter' else letter.lower()}. "
    return f"{value}. "


class _ListNumbering:
    """Word's automatic list numbers, rebuilt as "1. ", "A. " or "\u2022 " per list and level."""

    _W = _W

    def __init__(self, formats: dict[tuple[str, int], str]) -> None:
        self._formats = formats
        self._counters: dict[tuple[str, int], int] = {}

    def _number_properties(self, paragraph: Any) -> Any:
        """The paragraph's numbering, else its style's (List Number and the like)."""
        properties = paragraph._p.pPr
        number = properties.find(f"{self._W}numPr") if properties is not None else None
        style = getattr(paragraph, "style", None)
        while number is None and style is not None:
            style_properties = style.element.pPr
            if style_properties is not None:
                number = style_properties.find(f"{self._W}numPr")
            style = style.base_style
        return number

    def label(self, paragraph: Any) -> str:
        number = self._number_properties(paragraph)
        if number is None:
            return ""
        num_id = number.find(f"{self._W}numId")
        level = number.find(f"{self._W}ilvl")
        list_id = num_id.get(f"{self._W}val") if num_id is not None else None
        if list_id in (None, "0"):
            return ""
        depth = int(level.get(f"{self._W}val") or 0) if level is not None else 0
        key = (str(list_id), depth)
        self._counters[key] = self._counters.get(key, 0) + 1
        for other in [k for k in self._counters if k[0] == key[0] and k[1] > depth]:
            del self._counters[other]
        return _format_number(self._counters[key], self._formats.get(key, "decimal"))
