"""BibTeX and biblatex export.

Two flavours: ``bibtex`` writes for classic BibTeX styles (``plain``, ``apalike``, ...):
non-ASCII letters become LaTeX accent commands where a mapping exists, the date is
``year`` plus a ``month`` macro. ``biblatex`` keeps UTF-8 throughout, uses biblatex's
entry types (``online``, ``dataset``, ``thesis``, ``report``) and an ISO ``date``.

Whatever a field holds, the output cannot break the file: LaTeX specials are escaped,
input braces and backslashes become text commands so braces always balance, and every
command whose name has capitals is wrapped in braces, because BibTeX lower-cases
commands outside braces when it changes a title's case. In titles every word with a
capital after the title's first letter is protected with braces (``{DNA}``,
``{English}``, ``{mRNA}``), so styles that lower-case titles cannot damage proper nouns.
The price: a title Crossref gives in Title Case stays in Title Case, as a title's
capitals alone cannot tell proper nouns from capitalised ordinary words.

``doi`` and ``url`` are verbatim fields (``\\url``-style) and are not escaped beyond
percent-encoding the few characters that could break the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Literal

from refenrich.export.keys import DEFAULT_KEY_PATTERN, citation_key
from refenrich.export.markup import RichText, Span, Style, without_controls
from refenrich.export.records import (
    FORMAT_TYPES,
    ExportRecord,
    Kind,
    record_for_reference,
    record_for_work,
    records_for_results,
)
from refenrich.models import Author, CheckResult, Reference, Work

__all__ = [
    "Flavour",
    "citation_key",
    "escape_latex",
    "format_entry",
    "reference_to_entry",
    "to_bibtex",
    "work_to_entry",
]

Flavour = Literal["bibtex", "biblatex"]

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_ASCII_SPECIALS = {
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "\\": r"{\textbackslash}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "^": r"{\textasciicircum}",
    "~": r"{\textasciitilde}",
    "<": r"{\textless}",
    ">": r"{\textgreater}",
    "|": r"{\textbar}",
    "\u00a0": "~",
}
# Combining marks -> LaTeX accent commands.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
_BELOW = frozenset({"\u0323", "\u0327", "\u0328", "\u0331"})
_LETTERS = {
    "ø": r"{\o}", "Ø": r"{\O}", "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}",
    "œ": r"{\oe}", "Œ": r"{\OE}", "å": r"{\aa}", "Å": r"{\AA}", "ł": r"{\l}",
    "Ł": r"{\L}", "ı": r"{\i}", "ȷ": r"{\j}",
}  # fmt: skip
_GREEK = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "varsigma", "sigma", "tau", "upsilon",
    "phi", "chi", "psi", "omega",
]  # fmt: skip
_SYMBOLS = {
    "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
    "\u201d": "''", "\u2026": r"{\ldots}", "\u2212": r"{\ensuremath{-}}",
    "\u00b1": r"{\ensuremath{\pm}}", "\u00d7": r"{\ensuremath{\times}}",
    "\u00f7": r"{\ensuremath{\div}}", "\u2264": r"{\ensuremath{\leq}}",
    "\u2265": r"{\ensuremath{\geq}}", "\u2260": r"{\ensuremath{\neq}}",
    "\u2248": r"{\ensuremath{\approx}}", "\u221e": r"{\ensuremath{\infty}}",
    "\u2192": r"{\ensuremath{\rightarrow}}", "\u00b0": r"{\ensuremath{^\circ}}",
    "\u00b5": r"{\ensuremath{\mu}}", "\u00a3": r"{\pounds}", "\u00a7": r"{\S}",
    "\u00b6": r"{\P}", "\u00a9": r"{\copyright}", "\u2020": r"{\dag}", "\u2021": r"{\ddag}",
    "\u00bf": "?`", "\u00a1": "!`", "\u2010": "-", "\u2011": "-",
}  # fmt: skip
_SYMBOLS.update({chr(0x3B1 + i): rf"{{\ensuremath{{\{name}}}}}" for i, name in enumerate(_GREEK)})
del _SYMBOLS["\u03bf"]  # omicron is written as a Latin o in TeX
_CAPITAL_GREEK = {
    "\u0393": "Gamma", "\u0394": "Delta", "\u0398": "Theta", "\u039b": "Lambda", "\u039e": "Xi",
    "\u03a0": "Pi", "\u03a3": "Sigma", "\u03a5": "Upsilon", "\u03a6": "Phi", "\u03a8": "Psi",
    "\u03a9": "Omega",
}  # fmt: skip
_SYMBOLS.update({char: rf"{{\ensuremath{{\{name}}}}}" for char, name in _CAPITAL_GREEK.items()})
_STYLE_COMMANDS = (
    (Style.ITALIC, "emph"),
    (Style.BOLD, "textbf"),
    (Style.SMALL_CAPS, "textsc"),
    (Style.MONO, "texttt"),
    (Style.SUB, "textsubscript"),
    (Style.SUP, "textsuperscript"),
)
_INITIALS = re.compile(r"(?<=\b\w\.)(?=\w)")
# Given names written as run-together initials ("AJ", as Crossref has them for many
# medical journals and Vancouver references write them): BibTeX would take "AJ" for one
# name and abbreviate it "A.". Longer capitals ("JOHN") are a name in upper case.
_RUN_INITIALS = re.compile(r"[A-Z]{2,3}")
_AND = re.compile(r"\band\b", re.IGNORECASE)
_VERBATIM_UNSAFE = re.compile(r"[{}\\\s]")


def _clusters(text: str) -> Iterator[str]:
    """Characters of ``text`` with their combining marks attached."""
    cluster = ""
    for char in text:
        if cluster and unicodedata.combining(char):
            cluster += char
            continue
        if cluster:
            yield cluster
        cluster = char
    if cluster:
        yield cluster


def _accented(cluster: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha() and marks) or any(m not in _ACCENTS for m in marks):
        return None
    inner = base
    if base in "ij" and any(mark not in _BELOW for mark in marks):
        inner = "\\" + base  # accents above i and j go on the dotless letter
    for mark in marks:
        command = _ACCENTS[mark]
        if command.isalpha():
            inner = f"\\{command}{{{inner}}}"
        elif len(inner) == 1 or inner in (r"\i", r"\j"):
            inner = f"\\{command}{inner}"
        else:
            inner = f"\\{command}{{{inner}}}"
    return "{" + inner + "}"


def escape_latex(text: str, *, flavour: Flavour = "bibtex") -> str:
    """``text`` escaped for a BibTeX field value.

    LaTeX specials ``{ } % & # _ $ \\ ^ ~`` (and ``< > |``, which OT1 fonts misprint)
    are escaped. With the ``bibtex`` flavour, non-ASCII characters with a LaTeX
    spelling are converted (é -> ``{\\'e}``, ø -> ``{\\o}``, – -> ``--``, α ->
    ``{\\ensuremath{\\alpha}}``); others (CJK, ...) stay UTF-8. ``biblatex`` keeps all
    non-ASCII text as UTF-8. For example ``Gödel & {x}`` becomes
    ``G{\\"o}del \\& {\\textbraceleft}x{\\textbraceright}``.
    """
    out: list[str] = []
    for cluster in _clusters(without_controls(text)):
        if cluster in _ASCII_SPECIALS:
            out.append(_ASCII_SPECIALS[cluster])
        elif cluster.isascii() or flavour == "biblatex":
            out.append(cluster)
        else:
            out.append(
                _LETTERS.get(cluster) or _SYMBOLS.get(cluster) or _accented(cluster) or cluster
            )
    return "".join(out)


def _letters(word: str) -> str:
    return "".join(char for char in word if char.isalpha())


def _needs_protection(word: str, *, first: bool) -> bool:
    """Whether a title word has capitals a case-changing style must not touch.

    Any capital does, except the title's first letter, which styles capitalise anyway:
    acronyms (DNA, COVID-19), mixed case (mRNA) and capitalised words (English, or any
    word of a Title Case title, whose proper nouns cannot be told apart).
    """
    letters = _letters(word)
    return any(char.isupper() for char in (letters[1:] if first else letters))


def _styled(span: Span, flavour: Flavour) -> str:
    text = escape_latex(span.text, flavour=flavour)
    for style, command in _STYLE_COMMANDS:
        if style in span.styles:
            # An argument starting with a command would be a BibTeX "special character",
            # whose letters BibTeX lower-cases: an extra brace level keeps it protected.
            argument = "{" + text + "}" if text.startswith("\\") else text
            text = f"\\{command}{{{argument}}}"
    return text


def _title(rich: RichText, flavour: Flavour) -> str:
    out: list[str] = []
    seen_word = False
    for span in rich:
        if span.styles:
            out.append(_styled(span, flavour))
            seen_word = seen_word or any(char.isalnum() for char in span.text)
            continue
        for word in re.split(r"( )", span.text):
            if not word or word == " ":
                out.append(word)
                continue
            escaped = escape_latex(word, flavour=flavour)
            if _needs_protection(word, first=not seen_word):
                escaped = "{" + escaped + "}"
            out.append(escaped)
            seen_word = seen_word or any(char.isalnum() for char in word)
    return "".join(out)


def _name_part(text: str, flavour: Flavour) -> str:
    escaped = escape_latex(text, flavour=flavour)
    # A comma or a free-standing "and" would make BibTeX split the name wrongly.
    return "{" + escaped + "}" if "," in text or _AND.search(text) else escaped


def _name(author: Author, flavour: Flavour) -> str:
    if author.literal:
        return "{" + escape_latex(author.literal, flavour=flavour) + "}"
    given = author.given
    if given and _RUN_INITIALS.fullmatch(given):
        given = " ".join(f"{letter}." for letter in given)
    elif given:
        given = _INITIALS.sub(" ", given)
    if author.family and given:
        return f"{_name_part(author.family, flavour)}, {_name_part(given, flavour)}"
    if author.family:
        return _name_part(author.family, flavour)
    return "{" + escape_latex(given or "", flavour=flavour) + "}"


def _names(authors: Sequence[Author], flavour: Flavour, *, et_al: bool = False) -> str | None:
    names = [_name(author, flavour) for author in authors if author.display]
    if not names:
        return None
    if et_al:
        names.append("others")
    return " and ".join(names)


def _verbatim(value: str) -> str:
    return _VERBATIM_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", value.strip())


def _date(record: ExportRecord) -> str | None:
    if record.year is None:
        return None
    parts = [f"{record.year:04d}"]
    if record.month:
        parts.append(f"{record.month:02d}")
        if record.day:
            parts.append(f"{record.day:02d}")
    return "-".join(parts)


_Field = tuple[str, str | None, bool]  # name, value, is the value a bare macro


def _fields(record: ExportRecord, flavour: Flavour) -> list[_Field]:
    kind = record.kind
    biblatex = flavour == "biblatex"

    def text(value: str | None) -> str | None:
        return escape_latex(value, flavour=flavour) if value else None

    authors = _names(record.authors, flavour, et_al=record.et_al)
    # plain.bst and friends warn about a book with both author and editor.
    show_editors = biblatex or not (kind is Kind.BOOK and authors)
    fields: list[_Field] = [
        ("author", authors, False),
        ("editor", _names(record.editors, flavour) if show_editors else None, False),
        ("title", _title(record.title, flavour) or None, False),
    ]
    container = text(record.container_title)
    publisher = text(record.publisher)
    if kind is Kind.ARTICLE:
        fields.append(("journaltitle" if biblatex else "journal", container, False))
    elif kind in (Kind.CHAPTER, Kind.CONFERENCE_PAPER):
        fields.append(("booktitle", container, False))
    elif kind in (Kind.PREPRINT, Kind.WEBPAGE, Kind.OTHER, Kind.DATASET) and not (
        biblatex and kind is Kind.DATASET
    ):
        if biblatex:
            fields.append(("howpublished", container, False))
        else:
            joined = ", ".join(dict.fromkeys(p for p in (container, publisher) if p))
            fields.append(("howpublished", joined or None, False))
            publisher = None
    fields += [
        ("edition", text(record.edition), False),
        ("volume", text(record.volume), False),
        ("number", text(record.issue) if kind is Kind.ARTICLE else None, False),
    ]
    pages = "--".join(text(p) or "" for p in (record.first_page, record.last_page) if p)
    if not pages and record.article_number and not biblatex:
        pages = text(record.article_number) or ""
    fields.append(("pages", pages or None, False))
    if biblatex:
        fields.append(
            ("eid", text(record.article_number) if not record.first_page else None, False)
        )
    if kind is Kind.REPORT or (kind is Kind.THESIS and biblatex):
        publisher_field = "institution"
    elif kind is Kind.THESIS:
        publisher_field = "school"
    elif biblatex and kind in (Kind.PREPRINT, Kind.WEBPAGE, Kind.OTHER):
        publisher_field = "organization"
    elif biblatex and kind is Kind.DATASET:
        publisher, publisher_field = publisher or container, "publisher"
    else:
        publisher_field = "publisher"
    fields += [
        (publisher_field, publisher, False),
        ("location" if biblatex else "address", text(record.place), False),
    ]
    if biblatex:
        fields.append(("date", _date(record), False))
        subtype = {Kind.THESIS: "phdthesis", Kind.REPORT: "techreport"}.get(kind)
        fields.append(("type", subtype, False))
    else:
        fields.append(("year", str(record.year) if record.year is not None else None, False))
        month = _MONTHS[record.month - 1] if record.month and 1 <= record.month <= 12 else None
        fields.append(("month", month, True))
    fields += [
        ("isbn", text(record.isbn), False),
        ("issn", text(record.issn), False),
        ("doi", _verbatim(record.doi) if record.doi else None, False),
        ("url", _verbatim(record.url) if record.url else None, False),
        ("note", text(". ".join(record.notes)) if record.notes else None, False),
    ]
    return fields


# Of the fields written here, those biblatex's data model gives each entry type (as
# biber's default data model lists them); date, doi, url and note are valid for every type.
_BIBLATEX_ANY = frozenset({"date", "doi", "url", "note"})


def _words(names: str) -> frozenset[str]:
    return frozenset(names.split())


_BIBLATEX_FIELDS: dict[str, frozenset[str]] = {
    "article": _words("author editor title journaltitle volume number pages eid issn"),
    "book": _words("author editor title edition volume number pages eid isbn location publisher"),
    "collection": _words("editor title edition volume number pages eid isbn location publisher"),
    "incollection": _words(
        "author editor title booktitle edition volume number pages eid isbn location publisher"
    ),
    "inproceedings": _words(
        "author editor title booktitle volume number pages eid isbn location organization publisher"
    ),
    "report": _words("author title number pages eid institution location type"),
    "thesis": _words("author title pages eid institution location type"),
    "online": _words("author editor title organization"),
    "dataset": _words("author editor title edition number location organization publisher type"),
    "misc": _words("author editor title howpublished location organization type"),
}


def _biblatex_fields(entry_type: str, fields: list[_Field]) -> list[_Field]:
    """``fields`` within biblatex's data model for ``entry_type``.

    An @online's site or server (the container, "howpublished" elsewhere) is its
    organization, before its publisher. Fields the type does not define (an article's
    publisher, a report's ISBN) are left out: biber would only warn about them and
    styles ignore them; the DOI still leads to the full record.
    """
    allowed = _BIBLATEX_FIELDS.get(entry_type)
    if allowed is None:
        return fields
    if entry_type == "online":
        site = next((value for name, value, _ in fields if name == "howpublished" and value), None)
        if site is not None:
            fields = [
                ("organization", site, False) if name == "organization" else (name, value, macro)
                for name, value, macro in fields
                if name != "howpublished"
            ]
    return [field for field in fields if field[0] in allowed or field[0] in _BIBLATEX_ANY]


def format_entry(record: ExportRecord, *, flavour: Flavour = "bibtex") -> str:
    """One ``@type{key, ...}`` entry for ``record``, ending with a newline.

    The ``biblatex`` flavour writes only the fields biblatex's data model defines for the
    entry type, so ``biber --validate-datamodel`` finds nothing to warn about.
    """
    types = FORMAT_TYPES[record.kind]
    entry_type = types.biblatex if flavour == "biblatex" else types.bibtex
    if entry_type == "book" and flavour == "biblatex" and record.editors and not record.authors:
        # biblatex's @book requires an author; a book with editors only is a @collection.
        entry_type = "collection"
    fields = _fields(record, flavour)
    if flavour == "biblatex":
        fields = _biblatex_fields(entry_type, fields)
    lines = [f"@{entry_type}{{{record.key or 'ref'},"]
    for name, value, macro in fields:
        if value:
            lines.append(f"  {name} = {value if macro else '{' + value + '}'},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _keyed(record: ExportRecord, key: str | None) -> ExportRecord:
    if key is None:
        key = citation_key(
            record.authors or record.editors, record.year, record.plain_title,
            pattern=DEFAULT_KEY_PATTERN,
        )  # fmt: skip
    return replace(record, key=key)


def work_to_entry(work: Work, *, key: str | None = None, flavour: Flavour = "bibtex") -> str:
    """The BibTeX entry for a resolved record; ``key`` defaults to :func:`citation_key`."""
    return format_entry(_keyed(record_for_work(work), key), flavour=flavour)


def reference_to_entry(
    reference: Reference,
    *,
    key: str | None = None,
    note: str | None = None,
    flavour: Flavour = "bibtex",
) -> str:
    """The BibTeX entry for a reference as written, with an optional ``note``."""
    record = record_for_reference(reference, notes=[note] if note else [])
    return format_entry(_keyed(record, key), flavour=flavour)


def to_bibtex(
    results: Iterable[CheckResult],
    *,
    flavour: Flavour = "bibtex",
    key_pattern: str = DEFAULT_KEY_PATTERN,
) -> str:
    """A .bib file for ``results``, one entry per result, in order.

    Resolved results are exported from their record; unresolved ones from the reference
    as written with a ``note = {Not verified: ...}``; references cited through a review
    as the reviewed book (see :func:`refenrich.export.records.record_for_result`).
    Keys follow ``key_pattern`` (see :func:`citation_key`) and are unique in the file.
    """
    records = records_for_results(results, key_pattern=key_pattern)
    return "\n".join(format_entry(record, flavour=flavour) for record in records)
