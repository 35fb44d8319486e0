"""Reading the markup Crossref leaves in titles into styled runs of plain text.

Crossref titles carry JATS and HTML inline markup (``<i>``, ``<jats:sub>``, ``<scp>``),
MathML (``<mml:math>...</mml:math>``) and HTML entities (``&amp;``). The writers need
the text, plus where it was italic, subscript and so on, to render it in their own
syntax, so markup is parsed once here into a tuple of :class:`Span`.

Only tags that are known inline markup, or carry a namespace prefix (``mml:``,
``jats:``), are treated as markup; anything else that looks like a tag (``x<y>z``)
stays literal text, because titles about inequalities and generics exist.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["RichText", "Span", "Style", "clean_text", "parse_markup", "plain_rich", "plain_text"]


class Style(StrEnum):
    """An inline style a span of title text can carry."""

    ITALIC = "i"
    BOLD = "b"
    SUB = "sub"
    SUP = "sup"
    SMALL_CAPS = "sc"
    MONO = "tt"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with the styles that apply to all of it."""

    text: str
    styles: frozenset[Style] = frozenset()


RichText = tuple[Span, ...]

_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*(?::[\w.-]+)?)((?:\s[^<>]*?)?)(/?)>")

_STYLE_TAGS: dict[str, Style] = {
    "i": Style.ITALIC,
    "em": Style.ITALIC,
    "italic": Style.ITALIC,
    "b": Style.BOLD,
    "strong": Style.BOLD,
    "bold": Style.BOLD,
    "sub": Style.SUB,
    "sup": Style.SUP,
    "sc": Style.SMALL_CAPS,
    "scp": Style.SMALL_CAPS,
    "small-caps": Style.SMALL_CAPS,
    "tt": Style.MONO,
    "monospace": Style.MONO,
    "code": Style.MONO,
}
_PLAIN_TAGS = frozenset(
    {"u", "underline", "span", "font", "p", "title", "styled-content", "inline-formula",
     "alternatives", "tex-math", "math", "a", "small", "big", "strike", "abbr", "q"}
)  # fmt: skip
_BREAK_TAGS = frozenset({"br", "p", "mspace"})
_DROP_TAGS = frozenset({"annotation", "annotation-xml", "script", "style"})
# MathML elements whose children after the first are scripts, or are a fraction.
_SCRIPTED = {
    "msub": (None, Style.SUB),
    "msup": (None, Style.SUP),
    "msubsup": (None, Style.SUB, Style.SUP),
    "mmultiscripts": (None, Style.SUB, Style.SUP),
}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Control characters (C0 but tab and line breaks, DEL, C1) mean nothing in a bibliographic
# field and would reach files and terminals raw (an ESC starts a terminal escape). So do
# the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069):
# in a field they only reorder what follows (the "RLO" spoofing trick), and pdflatex stops
# on them ("Unicode character not set up for use with LaTeX"). LRM/RLM marks stay.
_CONTROLS = dict.fromkeys(
    [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
     *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)  # fmt: skip
_INVISIBLE = _ZERO_WIDTH | _CONTROLS
_SPACE_RUN = re.compile(r"[^\S\u00a0]+")


@dataclass(slots=True)
class _Frame:
    name: str
    styles: frozenset[Style]
    drop: bool
    math: bool
    children: int = 0


def _is_markup(name: str) -> bool:
    local = name.rsplit(":", 1)[-1].lower()
    return ":" in name or local in _STYLE_TAGS or local in _PLAIN_TAGS or local in _BREAK_TAGS


# TeX math as some publishers deposit it in titles ("$\alpha$-synuclein", "10$^{-3}$ M"):
# a pair of unescaped dollars around text holding a command, ^ or _. "$5 and $10" is not.
_TEX_MATH = re.compile(r"(?<![\\$])\$(?!\$)([^$]{1,200}?)(?<!\\)\$")
_TEX_MATH_SIGN = re.compile(r"\\[A-Za-z]+|[\^_]")
_TEX_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\\[A-Za-z]+|[^\s{}\\]))")


def _tex_text(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text  # type: ignore[import-untyped]

    text: str = LatexNodes2Text(math_mode="text").latex_to_text(latex)
    return html.escape(text, quote=False)


def _tex_math(match: re.Match[str]) -> str:
    """A TeX math segment as text with <sub>/<sup> markup: "$\\alpha$" -> "α",
    "$\\mathrm{H}_2\\mathrm{O}$" -> "H<sub>2</sub>O". Only the text of commands is
    kept; nothing of the TeX reaches an export as TeX."""
    inner = match.group(1)
    if not _TEX_MATH_SIGN.search(inner):
        return match.group(0)
    out: list[str] = []
    position = 0
    for script in _TEX_SCRIPT.finditer(inner):
        out.append(_tex_text(inner[position : script.start()]))
        tag = "sup" if script.group(1) == "^" else "sub"
        body = script.group(2) if script.group(2) is not None else script.group(3)
        out.append(f"<{tag}>{_tex_text(body)}</{tag}>")
        position = script.end()
    out.append(_tex_text(inner[position:]))
    return "".join(out)


def parse_markup(text: str) -> RichText:
    """Parse a title that may hold JATS/HTML/MathML markup, TeX math and entities into
    spans.

    Whitespace is collapsed to single spaces (non-breaking spaces are kept), zero-width
    characters and soft hyphens are dropped, and the result is NFC-normalised.
    """
    if "$" in text:
        text = _TEX_MATH.sub(_tex_math, text)
    stack: list[_Frame] = []
    raw: list[Span] = []

    def emit(chunk: str) -> None:
        if not chunk:
            return
        if stack and (stack[-1].drop or (stack[-1].math and chunk.isspace())):
            return
        raw.append(Span(html.unescape(chunk), stack[-1].styles if stack else frozenset()))

    position = 0
    for match in _TAG.finditer(text):
        closing, name, _attributes, self_closing = match.groups()
        if not _is_markup(name):
            continue
        emit(text[position : match.start()])
        position = match.end()
        local = name.rsplit(":", 1)[-1].lower()
        if closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == local:
                    del stack[depth:]
                    break
            if local in _BREAK_TAGS:
                emit(" ")
            continue
        if self_closing or local == "br":
            if local in _BREAK_TAGS:
                emit(" ")
            continue
        _open(stack, raw, local)
    emit(text[position:])
    return _normalise(raw)


def _open(stack: list[_Frame], raw: list[Span], local: str) -> None:
    parent = stack[-1] if stack else None
    styles = parent.styles if parent else frozenset()
    drop = parent.drop if parent else False
    math = (parent.math if parent else False) or local == "math"
    if parent is not None:
        parent.children += 1
        if parent.name in _SCRIPTED:
            roles = _SCRIPTED[parent.name]
            role = roles[min(parent.children - 1, len(roles) - 1)]
            if role is not None and parent.children > 1:
                styles = styles | {role}
        elif parent.name == "mfrac" and parent.children == 2 and not drop:
            raw.append(Span("/", styles))
    if local in _STYLE_TAGS:
        styles = styles | {_STYLE_TAGS[local]}
    if local in _DROP_TAGS or (
        local == "tex-math" and any(f.name == "alternatives" for f in stack)
    ):
        drop = True
    stack.append(_Frame(local, frozenset(styles), drop, math))


def _normalise(spans: list[Span]) -> RichText:
    pieces: list[Span] = []
    for span in spans:
        text = _SPACE_RUN.sub(" ", unicodedata.normalize("NFC", span.text.translate(_INVISIBLE)))
        if not span.styles or not text.strip(" "):
            pieces.append(Span(text))  # styling whitespace alone is meaningless
            continue
        # Spaces at the edges of a styled run belong outside it: "a<i> b </i>c".
        core = text.strip(" ")
        if text.startswith(" "):
            pieces.append(Span(" "))
        pieces.append(Span(core, span.styles))
        if text.endswith(" "):
            pieces.append(Span(" "))
    merged: list[Span] = []
    previous_space = True  # drops leading space
    for piece in pieces:
        text = piece.text.lstrip(" ") if previous_space else piece.text
        if not text:
            continue
        previous_space = text.endswith(" ")
        if merged and merged[-1].styles == piece.styles:
            merged[-1] = Span(merged[-1].text + text, piece.styles)
        else:
            merged.append(Span(text, piece.styles))
    if merged and merged[-1].text.endswith(" "):
        stripped = merged[-1].text.rstrip(" ")
        if stripped:
            merged[-1] = Span(stripped, merged[-1].styles)
        else:
            merged.pop()
    return tuple(merged)


def plain_rich(text: str) -> RichText:
    """Text that is known to hold no markup (a parsed reference) as one unstyled span."""
    cleaned = _SPACE_RUN.sub(" ", unicodedata.normalize("NFC", text.translate(_INVISIBLE)))
    cleaned = cleaned.strip(" ")
    return (Span(cleaned),) if cleaned else ()


def without_controls(text: str) -> str:
    """``text`` without control characters (tab, CR and LF are kept) or bidirectional
    embeddings, overrides and isolates."""
    return text.translate(_CONTROLS)


def plain_text(rich: RichText) -> str:
    """The text of ``rich`` with all styling dropped."""
    return "".join(span.text for span in rich)


def clean_text(text: str | None) -> str | None:
    """``text`` with markup and entities resolved to plain text, or None if empty."""
    if text is None:
        return None
    return plain_text(parse_markup(text)) or None
