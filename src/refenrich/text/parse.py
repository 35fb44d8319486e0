"""Parsing one reference string into a :class:`~refenrich.models.Reference`.

The parser is rule based and works in stages, each cutting what it recognised out of
the text so that later stages see less:

1. identifiers and links (DOI, URL, ISBN, ISSN, arXiv, PMID, "Accessed" notes, and
   "Reviewed in Venue: DOI" mentions, whose DOIs belong to the review, not the work);
2. the author list, found by the first cue that applies: a year right after it
   (author-date styles), a quoted title right after it, a compact Vancouver list, an
   IEEE list of "I. Family" names, or else the first full stop that does not end an
   initial;
3. the title (quoted, or up to the next sentence end);
4. the rest: chapter editors ("In: X (ed.)"), volume, issue, pages, year, and the
   container, publisher and place in what is left.

Input longer than :data:`MAX_CHARS` is cut and the excess kept in ``unparsed``, so the
parser's time is bounded whatever it is given. No pattern here nests unbounded
quantifiers, so none can backtrack catastrophically.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import filterfalse

from refenrich.doi import DoiMatch, find_doi_matches
from refenrich.models import Author, Reference, ReviewMention
from refenrich.text._abbrev import is_journal_abbreviation
from refenrich.text.names import (
    PARTICLES,
    is_caseless_word,
    is_corporate,
    is_initials,
    looks_like_person,
    parse_name,
    parse_names,
)

__all__ = ["MAX_CHARS", "parse_reference"]

MAX_CHARS = 4000
"""References longer than this many characters are parsed from their start only."""

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH = f"[{_DASHES}]"


def _compiled_on_first_use(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """The compiled pattern, made on the first call: for the few long patterns only rare
    references reach (cheap string tests guard them), so start-up does not compile them."""
    return cache(lambda: re.compile(pattern, flags))


_OPEN_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"', "'": "'", "\u00ab": "\u00bb"}
_OPEN_QUOTES.update({"\u201e": "\u201c", "\u201a": "\u2018"})

_WORD = re.compile(r"[^\W\d_]+")
_LETTERS_AND_NON_ASCII = bytes(
    byte if chr(byte).isalpha() or byte >= 0x80 else 0x20 for byte in range(256)
)


def _words(text: str) -> frozenset[str]:
    """``frozenset(_WORD.findall(text.lower()))``, with most of the work done on bytes.

    In UTF-8 every byte of a non-ASCII character is >= 0x80, so blanking the ASCII
    characters that are not letters (none is in a word) splits the text into runs that
    are either ASCII letters only, which are words as they stand, or hold non-ASCII
    characters, which the pattern then reads. ASCII letters are lower-cased on the bytes,
    the rest in the runs that hold them: ``str.lower`` maps each character alone but for
    the final sigma, which depends on what surrounds it.
    """
    if "\u03a3" in text:
        data = text.lower().encode("utf-8", "surrogatepass")
    else:
        data = text.encode("utf-8", "surrogatepass").lower()
    kept = data.translate(_LETTERS_AND_NON_ASCII)
    runs = kept.decode("utf-8", "surrogatepass").split()
    if kept.isascii():
        return frozenset(runs)
    words = set(filter(str.isascii, runs))
    rest = " ".join(filterfalse(str.isascii, runs))
    words.update(_WORD.findall(rest.lower()))
    return frozenset(words)


_KEYWORD_BITS: dict[str, int] = {}
"""For every word of a keyword set given to :func:`_keyword_bit`, the bits of the sets that
hold it."""


def _keyword_bit(keys: frozenset[str]) -> int:
    """A new bit that stands for ``keys`` in :attr:`_Fields.keys`."""
    bit = 1 << len(_KEYWORD_BIT_SETS)
    _KEYWORD_BIT_SETS.append(keys)
    for key in keys:
        _KEYWORD_BITS[key] = _KEYWORD_BITS.get(key, 0) | bit
    return bit


_KEYWORD_BIT_SETS: list[frozenset[str]] = []


def _keyword_mask(words: frozenset[str]) -> int:
    """The bits of every keyword set that one of ``words`` is in: what ``not
    words.isdisjoint(keys)`` says for each set, in one look-up per word that is a keyword
    of any set, where a test per set looks most of the words up again."""
    mask = 0
    for word in words & _KEYWORDS:
        mask |= _KEYWORD_BITS[word]
    return mask


_K_REVIEW = frozenset({"reviewed", "review"})
_K_ARXIV = frozenset({"arxiv"})
_K_ACCESSED = frozenset({"accessed", "retrieved", "viewed", "cited", "consulted", "zugegriffen"})
_K_IDS = frozenset({"isbn", "issn", "pmid", "pmcid"})
_K_EDITION = frozenset({"edn", "ed", "edition", "aufl", "auflage", "éd"})
_K_THESIS = frozenset(
    [
        "phd",
        "ph",
        "doctoral",
        "master",
        "masters",
        "msc",
        "mphil",
        "dphil",
        "edd",
        "dissertation",
        "thesis",
        "theses",
        "doctorate",
        "habilitation",
        "habilitationsschrift",
    ]
)
_K_REPORT = frozenset(
    {"report", "paper", "note", "brief", "briefing", "memorandum", "bulletin", "guideline"}
    | {"guidelines"}
)
_K_DATASET = frozenset(
    {"data", "dataset", "database", "repository", "zenodo", "figshare", "dryad", "pangaea"}
    | {"dataverse"}
)
_K_WEB = frozenset({"online", "internet", "web", "website", "blog"})
_K_EDITED = frozenset({"edited", "ed", "eds"})
_K_VOLUME = frozenset({"vol", "volume", "bd", "tome", "t"})
_K_ISSUE = frozenset({"no", "nr", "num", "number", "issue", "iss", "heft", "n"})
_K_PAGES = frozenset({"p", "pp", "page", "pages", "s", "seite", "seiten"})
_K_ARTICLE = frozenset({"article", "art"})
_K_MONTH = frozenset(
    [
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    ]
)
_NAME_AHEAD = (
    r"(?:[A-Z\u00c0-\u00de]\.|[A-Z\u00c0-\u00de][^\W\d_]*(?:[-'\u2019][^\W\d_]+)*,\s"
    r"|[A-Z\u00c0-\u00de][^\W\d_]+\s[A-Z]{1,3}[,.\s])"
)
"""The start of a name: an initial ("S. Chu"), "Family," or a compact "Family AB"."""
_LIST_MARKER = re.compile(
    r"^\s*(?:\[\s*R?\d{1,4}\s*\]|\(\s*R?\d{1,4}\s*\)|\d{1,2}\.\d{1,2}(?=\s+[A-Z\u00c0-\u00de])"
    r"|R?\d{1,4}\s*[.)]|R\d{1,3}(?::|(?=\s))|\d{1,3}(?=\s+" + _NAME_AHEAD + r"))\s*"
)
"""A list number or label before a reference: "[1]", "(1)", "1.", "1)"; the labels of REF
impact case studies, "[R1]", "(R1)", "R1.", "R1:", "R1" and "3.1"; and a bare number
before a name, as RSC lists print them ("1 S. Chu, Y. Cui and N. Liu, ...")."""
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_LEAD = re.compile(
    r"(?:\[\s*online\s*\]|\bavailable(?:\s+(?:at|from|online))?|\bretrieved\s+from|\bURL|"
    r"\bonline|\bfrom)\s*:?\s*[<(\[]?\s*$",
    re.IGNORECASE,
)
_DOI_LEAD = re.compile(r"(?:\bdoi|\bDOI)\s*:?\s*$")
_ACCESSED = re.compile(
    r"[(\[]?\s*\b(?:last\s+)?(?:accessed|retrieved|viewed|cited|consulted|zugegriffen)\b"
    r"(?:\s+on)?\s*:?\s*[^()\[\]]{0,40}?\b\d{4}\b(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2}\b)?)?"
    r"(?:,?\s*from)?\s*[)\]]?\.?",
    re.IGNORECASE,
)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
"""Characters that case-insensitive patterns match as ASCII letters ("İ", "ı" as "i", "ſ"
as "s", the Kelvin sign as "k") although ``str.lower`` does not map them to those."""


def _search_from_key(
    pattern: re.Pattern[str], text: str, keys: tuple[str, ...] | frozenset[str], lead: str
) -> re.Match[str] | None:
    """``pattern.search(text)``, started just before the first of ``keys`` in ``text``.

    For case-insensitive patterns that try a match at every position (an optional opening,
    no literal first character), which is slow on a whole reference. Every match of
    ``pattern`` must hold one of the lower-case ``keys``, with only whitespace and
    characters of ``lead`` before it in the match. No match can then start before the run
    of such characters in front of the first key, so searching from there finds the same
    match. Where ``str.lower`` could move characters or case-insensitive matching could
    see a key that ``str.lower`` does not, the whole text is searched.
    """
    lower = text.lower()
    if len(lower) != len(text) or (
        not text.isascii() and any(map(text.__contains__, _FOLDS_TO_ASCII))
    ):
        return pattern.search(text)
    first = -1
    for key in keys:
        found = lower.find(key)
        if found != -1 and (first == -1 or found < first):
            first = found
    if first == -1:
        return None
    while first and (text[first - 1] in lead or text[first - 1].isspace()):
        first -= 1
    return pattern.search(text, first)


_ISBN = re.compile(r"\bISBN(?:-?1[03])?\s*:?\s*((?:[0-9][\s-]?){9,12}[0-9Xx])", re.IGNORECASE)
_ISSN = re.compile(r"\b(?:e-?|p-?)?ISSN\s*:?\s*(\d{4}\s?-?\s?\d{3}[\dXx])", re.IGNORECASE)
_ARXIV = re.compile(
    r"(?:\barXiv\s*(?:preprint\s*)?:?\s*(?:arXiv\s*:\s*)?|"
    r"(?:\bpreprint\s+at\s+)?(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf)/)"
    r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z.\-]{1,20}/\d{7}(?:v\d+)?)"
    r"(?:\s*\[[a-zA-Z.\-]{2,20}\])?",
    re.IGNORECASE,
)
_ARXIV_LEAD = "preintahs:/w.PREINTAHSW"
"""The characters of "preprint at https://www." that may open a match of :data:`_ARXIV`."""
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\bPMCID\s*:?\s*PMC\d{1,9}\b", re.IGNORECASE)
_REVIEWED = re.compile(r"[\s.;,(]*\b(?:reviewed|review(?:ed)?\s+in)\s+(?:in|by)?\s*:?\s*", re.I)

# "([1975] 1995)" and "(1995 [1975])": the bracketed year is the original's, the other
# the edition's cited (group 1).
_ORIGINAL_YEAR = r"\[\s*\d{4}\s*\]"
_PAREN_YEAR = re.compile(
    r"[(\[]\s*(?:(?:" + _ORIGINAL_YEAR + r"\s*)?(?:c\.\s*)?(\d{4})([a-z])?"
    r"(?:\s*" + _ORIGINAL_YEAR + r")?(?:\s*[,/" + _DASHES + r"][^()\[\]]{0,40})?|"
    r"(n\.\s?d\.?|no date|in press|forthcoming|in preparation|submitted|undated|s\.\s?f\.)"
    r"(?:\s*[-,]\s*[a-z])?)\s*[)\]]",
    re.IGNORECASE,
)


def _search_paren_year(text: str, window: int) -> re.Match[str] | None:
    """``_PAREN_YEAR.search(text, 0, window)``, started at the first bracket (every match
    opens with one): the engine then skips no character by character test."""
    paren = text.find("(", 0, window)
    square = text.find("[", 0, window)
    if square >= 0 and (paren < 0 or square < paren):
        paren = square
    return None if paren < 0 else _PAREN_YEAR.search(text, paren, window)


# "n.d." and "N.d.", not "N.D.": in "Rao, N.D., Riahi, K." capitals are a name's initials.
_BARE_YEAR_BODY = r"(?:(\d{4})([a-z])?|((?-i:[nN]\.\s?d\.?)|in press|forthcoming))\s*[.,:]\s+"
_BARE_YEAR = re.compile(r"(?:^|(?<=[.,]\s))" + _BARE_YEAR_BODY, re.IGNORECASE)
# Speed: a pattern that opens with a lookbehind makes the engine try a match at every
# position. Several patterns below instead consume their first character and then look
# behind it ("1(?<![\w.\-/]1)" is "(?<![\w.\-/])1"), which matches the same strings but
# lets the engine skip ahead to that character (tests/test_parse_fast_patterns.py checks that
# each fast form matches exactly as the plain form written beside it).
_BARE_YEAR_FIRST = "nNfFiI\u0130\u0131"
"""The letters :data:`_BARE_YEAR` may start with (with "İ" and "ı", which "(?i)i" matches)."""
# What precedes a match of _BARE_YEAR that does not start the text: "[.,]\s(?=...)" as two
# patterns, each opening with a literal character the engine can skip ahead to.
_BARE_YEAR_AFTER_STOP = re.compile(r"\.\s(?=" + _BARE_YEAR_BODY + ")", re.IGNORECASE)
_BARE_YEAR_AFTER_COMMA = re.compile(r",\s(?=" + _BARE_YEAR_BODY + ")", re.IGNORECASE)


def _find_bare_year(text: str, window: int) -> re.Match[str] | None:
    """``_BARE_YEAR.search(text, 0, window)``, trying only the positions it can match at."""
    if text[:1] in _BARE_YEAR_FIRST or text[:1].isdecimal():
        found = _BARE_YEAR.match(text, 0, window)
        if found is not None:
            return found
    stop = _BARE_YEAR_AFTER_STOP.search(text, 0, window) if "." in text else None
    comma = _BARE_YEAR_AFTER_COMMA.search(text, 0, window) if "," in text else None
    candidate = (
        stop if comma is None or (stop is not None and stop.start() < comma.start()) else comma
    )
    return None if candidate is None else _BARE_YEAR.match(text, candidate.end(), window)


_YEAR_ANY = re.compile(
    # (?<![\w.\-/])(1[5-9]\d\d|20\d\d)([a-z])?(?![\w\-/])
    r"(1(?<![\w.\-/]1)[5-9]\d\d|2(?<![\w.\-/]2)0\d\d)([a-z])?(?![\w\-/])"
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|"
    r"fall|winter)\.?"
)
_MONTH_FIRST = "jfmasondwJFMASONDW\u017f"
"""The letters a match of :data:`_MONTH` starts with ("ſ" is an "s" to "(?i)s")."""
_MONTH = re.compile(
    r"\b" + _MONTHS + r"(?:\s*[" + _DASHES + r"/]\s*" + _MONTHS + r")?(?:\s+\d{1,2}(?!\d))?",
    re.IGNORECASE,
)

_PAGES_PP = re.compile(
    # \b(?:pp?|pages?|S(?:eiten?)?(?=[.\s]))\.?\s*... (see _YEAR_ANY); German "S." is
    # followed by a full stop or a space, so "S71–S102" is a range of lettered pages.
    r"(?:p(?<!\wp)(?:p?|ages?)|S(?<!\wS)(?:|eiten?)(?=[.\s]))\.?\s*([A-Za-z]{0,2}\d+[A-Za-z]?)"
    r"(?:\s*" + _DASH + r"+\s*([A-Za-z]{0,2}\d+[A-Za-z]?))?(?![\w])"
)
_PAGE_RANGE = re.compile(
    # (?<![\w/.\-])([A-Za-z]{0,2}\d+[A-Za-z]?)\s*... (see _YEAR_ANY): a page opens with a
    # letter or a digit, and each alternative tests that character before looking behind it.
    r"([A-Za-z](?<![\w/.\-][A-Za-z])[A-Za-z]?\d+[A-Za-z]?|\d(?<![\w/.\-]\d)\d*[A-Za-z]?)\s*"
    + _DASH
    + r"+\s*([A-Za-z]{0,2}\d+[A-Za-z]?)(?![\w/])"
)


def _search_page_range(work: str) -> re.Match[str] | None:
    """``_PAGE_RANGE.search(work)``, started where a match may start before the first dash.

    A match is a page, spaces, dashes and a page: what lies between its start and its first
    dash is ASCII letters, digits and spaces, so no match starts before the letters, digits
    and spaces in front of the first dash (skipping too much is harmless, too little not).
    """
    if work.isascii():
        start = work.find("-")  # the only ASCII dash
    else:
        first = _HAS_DASH.search(work)
        start = -1 if first is None else first.start()
    if start < 0:
        return None
    start = _back_over_number(work, start)
    for _ in range(2):
        if start and work[start - 1].isalpha():
            start -= 1
    return _PAGE_RANGE.search(work, start)


_ARTICLE_NO = re.compile(
    r"\b(?:article|art\.)\s*(?:no\.?|number|nr\.?)?\s*:?\s*([A-Za-z]{0,4}\d+[A-Za-z0-9]*)",
    re.IGNORECASE,
)
_COLON_PAGE = re.compile(r":\s*([A-Za-z]{0,2}\d+[A-Za-z]?)(?![\w\-/])")
_ELOC = re.compile(
    # AGU's "e2019JD032361": "e", the year, the journal's letters and a number.
    r"(?<![\w\-])(e\d{3,}(?:[A-Z]{2}\d{4,})?|[a-z]{2,4}\d{4,}|[A-Z]\d{2,}[A-Za-z0-9]*)(?![\w\-])"
)
_VOL_ISSUE = re.compile(
    # (?<![\w.])(\d+[A-Za-z]?)\s*\(... (see _YEAR_ANY)
    r"(\d(?<![\w.]\d)\d*[A-Za-z]?)\s*\(\s*([^()\s][^()]{0,20}?)\s*\)"
)


def _number_start(work: str, bracket: int) -> int:
    """Where a match of :data:`_VOL_ISSUE` may start at the earliest, given the first "("
    (``bracket``; len(work) when there is none, so nothing matches).

    A match is a number, maybe a letter, spaces and the bracket, so none starts before
    the spaces, letter and digits in front of the first bracket (skipping too much is
    harmless, too little not).
    """
    if bracket < 0:
        return len(work)
    return _back_over_number(work, bracket)


def _back_over_number(work: str, index: int) -> int:
    """``index`` moved back over the spaces, one letter and the digits before it: where a
    number written before ``work[index]`` ("12 (", "12a-") may start."""
    while index and work[index - 1].isspace():
        index -= 1
    if index and work[index - 1].isalpha():
        index -= 1
    while index and work[index - 1].isdecimal():
        index -= 1
    return index


_VOL_WORD = re.compile(
    r"\b(?:vol(?:ume)?|bd|tome|t)\.?\s*((?:[A-Za-z]{1,5}\d?-)?[A-Za-z]?\d+[A-Za-z]?)\b", re.I
)
"""A volume after its word, lettered IEEE volumes ("vol. PAMI-8") and series ("s2-42")."""
_ISSUE_WORD = re.compile(
    r"\b(?:no|nr|num|number|issue|iss|heft|n[°º])\.?\s*((?:\d+|[A-Z]\d*)(?:\s*"
    + _DASH
    + r"\s*\d+|/\d+)?)\b",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(
    # (?<![\w.\-/'’])(\d{1,5}[A-Za-z]?)(?![\w\-/]) (see _YEAR_ANY); after an apostrophe
    # a number is a year cut short, as in ACM's "(CHI ’19)".
    r"(\d(?<![\w.\-/'\u2019]\d)\d{0,4}[A-Za-z]?)(?![\w\-/])"
)
_ACM_VOLUME_ISSUE = re.compile(
    # (?<![\w.\-/])(\d{1,5}),\s*(\d{1,4})... (see _YEAR_ANY)
    r"(\d(?<![\w.\-/]\d)\d{0,4}),\s*(\d{1,4})"
    r"(?=\s*\([A-Z][a-z]{2,8}\.?\s+(?:1[5-9]|20)\d\d\)|,\s*(?:Article|Paper)\b)"
)
_K_ACM_ISSUE = _K_MONTH | {"article", "paper"}
"""ACM's volume and issue: "Scientific American 265, 3 (Sept. 1991)", "42, 4, Article 139"
(a month in the brackets: Nature's "521, 436 (2015)" is a volume and a page)."""
_EDITION = re.compile(
    r"[(\[]?\b(\d+)\s*(?:st|nd|rd|th|\.)?\s*(?:rev(?:ised)?\.?\s*)?(?:edn|ed|edition|Aufl|Auflage|éd)\b\.?[)\]]?"
    r"|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|revised)\s+"
    r"(?:edn|ed|edition)\b\.?",
    re.IGNORECASE,
)
_ORDINALS = {
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "sixth": "6",
    "seventh": "7",
    "eighth": "8",
    "ninth": "9",
    "tenth": "10",
}
_IN = re.compile(r"^[\s.,;]*\b(?:In|in|IN)\b\s*:?\s+")
_IN_WORDS = frozenset({"In", "in", "IN"})
"""What :data:`_IN` matches after the spaces and punctuation it skips."""
_EDITED_BY = re.compile(r",?\s*\b(?:ed\.|eds\.|edited)\s+by\b\s*", re.IGNORECASE)
_EDITED_BY_KEYS = ("ed.", "eds.", "edited")
_EDS_PAREN = re.compile(
    r"\s*[(\[]\s*(?:eds?|editors?|hrsg|hg|coords?|dirs?|éds?)\.?\s*[)\]]\s*[.,:]?\s*|"
    r",\s*(?:eds?|editors?)\.?(?=[,.:;]?\s)\s*[.,:;]?\s*",
    re.IGNORECASE,
)
_THESIS = re.compile(
    r"\b(?:ph\.?\s?d|doctoral|master'?s|msc|m\.a|mphil|dphil|ed\.?d|dissertation|thesis|"
    r"theses|doctorate|habilitation(?:sschrift)?)\b",
    re.IGNORECASE,
)
_REPORT = re.compile(
    r"\b(?:report|working\s+paper|technical\s+note|white\s+paper|(?:policy|data)\s+brief|briefing|"
    r"discussion\s+paper|occasional\s+paper|research\s+paper|memorandum|green\s+paper|"
    r"statistical\s+bulletin|(?:clinical|nice|practice)\s+guidelines?)\b",
    re.IGNORECASE,
)
_DATASET = re.compile(
    r"\b(?:data\s*set|dataset|database|data\s+(?:file|store|repository|archive|portal)|"
    r"(?<!github\s)(?<!gitlab\s)repository|data\s+collection|zenodo|figshare|dryad|pangaea|"
    r"dataverse)\b",
    re.IGNORECASE,
)
_PREPRINT = re.compile(
    r"\b(?:preprint|arxiv|biorxiv|medrxiv|ssrn|psyarxiv|socarxiv|osf\s+preprints)\b", re.I
)
_PROCEEDINGS = re.compile(
    r"\b(?:proc\.|proceedings|conference|conf\.|symposium|symp\.|workshop|congress|colloquium)",
    re.IGNORECASE,
)
# Pieces of every alternative of the two patterns above, to skip them cheaply. No piece
# has an "i", which case-insensitive patterns also match as "ı" and "İ"; "ssrn" is looked
# for with both spellings of the "s" before "rn" ("s" and "ſ", which such patterns match).
_PREPRINT_PIECES = ("prepr", "rx", "srn", "\u017frn")
_PROCEEDINGS_PIECES = ("proc", "conf", "ymp", "work", "congr", "colloq")
# One search for any piece (the alternatives open with literal characters, so the engine
# skips ahead to them) is faster than one "in" test per piece.
_PREPRINT_PIECE = re.compile("|".join(_PREPRINT_PIECES))
_PROCEEDINGS_PIECE = re.compile("|".join(_PROCEEDINGS_PIECES))


def _is_preprint_venue(text: str) -> bool:
    if _PREPRINT_PIECE.search(text.lower()) is None:
        return False
    return _PREPRINT.search(text) is not None


def _is_proceedings(text: str) -> bool:
    if _PROCEEDINGS_PIECE.search(text.lower()) is None:
        return False
    return _PROCEEDINGS.search(text) is not None


_WEB = re.compile(r"\[\s*(?:online|internet|web\s*page|website|blog|online\s+video)\s*\]", re.I)
_PUBLISHER_WORDS_SET = frozenset(
    [
        "press",
        "publisher",
        "publishers",
        "publishing",
        "published",
        "publication",
        "publications",
        "books",
        "verlag",
        "wiley",
        "springer",
        "routledge",
        "elsevier",
        "sage",
        "taylor",
        "francis",
        "palgrave",
        "macmillan",
        "penguin",
        "university",
        "academic",
        "edition",
        "editions",
        "editore",
        "blackwell",
        "cambridge",
        "oxford",
        "harvard",
        "mit",
        "norton",
        "pearson",
        "mcgraw",
        "prentice",
        "addison",
        "bloomsbury",
        "polity",
        "verso",
        "earthscan",
        "ashgate",
        "elgar",
        "brill",
        "gruyter",
        "kluwer",
        "nijhoff",
        "cengage",
        "thieme",
        "karger",
        "hachette",
        "harpercollins",
        "knopf",
        "vintage",
        "zed",
        "pluto",
        "inc",
        "ltd",
        "co",
        "llc",
        "gmbh",
        "hmso",
        "tso",
        "institute",
        "foundation",
        "ieee",
        "acm",
        "crc",
        "ios",
        "ams",
        "siam",
        "pergamon",
        "apress",
        "packt",
        "manning",
        "nber",
        "rand",
        "oecd",
        "who",
        "unesco",
        "imprensa",
        "editora",
        "ediciones",
        "éditions",
        "presses",
        "stationery",
        "oup",  # Oxford and Cambridge University Press, as OSCOLA abbreviates them
        "cup",
    ]
)


def _has_publisher_word(text: str) -> bool:
    """Whether ``text`` contains a word typical of publishers' names."""
    return not _PUBLISHER_WORDS_SET.isdisjoint(_WORD.findall(text.lower()))


_SENTENCE_ABBREVIATIONS = frozenset(
    [
        "vs",
        "v",
        "e.g",
        "i.e",
        "al",
        "et",
        "etc",
        "cf",
        "viz",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "mt",
        "no",
        "vol",
        "vols",
        "pp",
        "p",
        "ed",
        "eds",
        "edn",
        "trans",
        "rev",
        "repr",
        "ser",
        "suppl",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "intl",
        "natl",
        "assoc",
        "fig",
        "approx",
        "op",  # opus: "Symphony No. 9 in D Minor, Op. 125"
    ]
)


@dataclass(slots=True)
class _Fields:
    authors: list[Author] = field(default_factory=list)
    editors: list[Author] = field(default_factory=list)
    et_al: bool = False
    year: int | None = None
    year_suffix: str | None = None
    title: str | None = None
    container_title: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None
    doi: str | None = None
    url: str | None = None
    isbn: str | None = None
    issn: str | None = None
    arxiv: str | None = None
    pmid: str | None = None
    type: str | None = None
    reviewed_in: list[ReviewMention] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title_quoted: bool = False
    online_first: bool = False
    """The work is marked as published online ahead of its issue, or "in press": an
    article whose journal is named without volume or pages."""
    report_in_title: bool = False
    declared_type: str | None = None
    year_bare: bool = False
    """The year follows the authors bare, not in brackets: "Mark Weiser. 1991." (ACM)."""
    day_dated: bool = False
    """A day and a month follow the title ("20 Nov. 2008"): a periodical's issue date."""
    """The type a note gives ("Output type: Exhibition" in a REF case study)."""
    """The type "report" was read from the title alone ("...: a preliminary report")."""
    words: frozenset[str] = frozenset()
    """The lower-case words of the reference."""
    keys: int = 0
    """Which keyword sets the words meet, one bit each (:func:`_keyword_bit`): ``keys &
    _B_X``, a cheap gate in front of case-insensitive keyword patterns (the slowest part of
    parsing when run on every reference), says whether a word of ``_K_X`` is in ``words``."""

    def __post_init__(self) -> None:
        # Made with its words (as tests make it), it gets their keys too; _parse sets both.
        if self.words:
            self.keys = _keyword_mask(self.words)


def parse_reference(raw: str) -> Reference:
    """Read the fields of one reference written in any common citation style.

    Never raises: whatever cannot be placed in a field is kept in ``unparsed``; if the
    parser itself fails, the whole (stripped) text is returned there.
    """
    if not isinstance(raw, str):  # defensive: callers outside the type checker
        raw = str(raw)
    try:
        ref = _parse(raw)
        if (
            ref.year is None
            or ref.title is None
            or not ref.authors
            or not (ref.container_title or ref.publisher)
        ) and _repair_spacing(raw) != raw:
            # A paste that lost its spaces ("models.Statistical Science.1986;1(3)") reads
            # badly: read it again with them put back. Clean references never come here.
            ref = _parse(raw, repair=True)
        return ref
    except Exception:  # the contract is "never raises"; a bug must not lose the input
        stripped = raw.strip()
        return Reference(raw=raw, unparsed=[stripped] if stripped else [])


def _clean(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = text.replace("\u200b", "").replace("\ufeff", "")
    return _squeeze(text)


def _squeeze(text: str) -> str:
    """``text`` with its whitespace runs made single spaces and none at either end: what
    :func:`_clean` does to text that is normalised already (parts of a cleaned reference,
    joined by spaces, stay NFC and free of zero-width characters)."""
    # Printable text holds no whitespace but " " (the rest is "Other" or "Separator"), so
    # without doubled spaces the split and join, which copy every word, would only drop
    # the outer spaces.
    if "  " not in text and text.isprintable():
        return text.strip(" ")
    return " ".join(text.split())


def _cut(text: str, start: int, end: int) -> str:
    return text[:start] + " " + text[end:]


def _take_out(text: str, pattern: re.Pattern[str], kept: list[str]) -> tuple[str, bool]:
    """``text`` without the first match of ``pattern``, which goes to ``kept`` (a field's
    notes or unparsed text); and whether there was one."""
    found = pattern.search(text)
    if found is None:
        return text, False
    kept.append(found.group(0))
    return _cut(text, found.start(), found.end()), True


def _strip_punct(text: str) -> str:
    return text.strip(" \t,;:.([{-" + _DASHES + "/")


_CONTAINER_EDGE = " ,;:([{" + _DASHES


def _strip_container(text: str) -> str:
    text = text.strip(_CONTAINER_EDGE)
    # A trailing full stop ends the sentence unless it closes an abbreviation: a single
    # letter, "U.S.", or the last word of an abbreviated name ("J. Am. Chem. Soc.").
    if text[-1:] == "." and not (
        _ends_with_abbreviation(text) or _ABBREVIATED_WORD.search(text[:-1])
    ):
        text = text[:-1]
    return text.strip(" ,;:")


_ABBREVIATED_WORD = re.compile(r"\b[A-Z][a-z]{0,5}\.\s")


def _ends_with_abbreviation(text: str) -> bool:
    last = text.rsplit(" ", 1)[-1].rstrip(".")
    if not last:
        return False
    return "." in last or (len(last) == 1 and last.isupper())


def _parse(raw: str, repair: bool = False) -> Reference:
    fields = _Fields()
    text = raw
    if len(text) > MAX_CHARS:
        fields.unparsed.append(text[MAX_CHARS:].strip())
        text = text[:MAX_CHARS]
    if "&" in text and ";" in text:
        text = html.unescape(text)  # pasted from a web page: "Sabatier, P. A., &amp; ..."
    if "*" in text or "_" in text or "{" in text or text[:2] in _BULLETS:
        text = _strip_markup(text)
    text = _clean(text)
    fields.words = _words(text)
    fields.keys = _keyword_mask(fields.words)
    # A list marker opens with a bracket, "R" or a digit (``text`` has no leading space now).
    if text[:1] in "[(R" or text[:1].isdigit():
        text = _LIST_MARKER.sub("", text, count=1)
    text = _extract_reviews(text, fields)
    if fields.keys & _B_ONLINE_FIRST or ("press" in fields.words and "n press" in text):
        fields.online_first = (
            _search_from_key(_ONLINE_FIRST, text, _ONLINE_FIRST_KEYS, "inIN") is not None
        )
    if fields.keys & _B_REF_NOTES:
        text = _extract_ref_notes(text, fields)
    text = _extract_identifiers(text, fields)
    text = _squeeze(text)
    if repair:
        text = _repair_spacing(text)
    if text:
        _parse_body(text, fields)
    return _finish(raw, fields)


_LATEX_EMPHASIS = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textrm|mbox)\{([^{}]*)\}|\{\\(?:em|it|bf|sc)\s+([^{}]*)\}"
)
_MARKDOWN_EMPHASIS = re.compile(
    # (?<![\w*])(\*\*?)...|(?<![\w_])_..., each lookbehind after the mark (see _YEAR_ANY)
    r"(\*(?<![\w*]\*)\*?)(?=\S)([^*]+?)(?<=\S)\1(?![\w*])"
    r"|_(?<![\w_]_)(?=\S)([^_]+?)(?<=\S)_(?![\w_])"
)
_BULLETS = ("- ", "* ", "\u2022 ")


def _strip_markup(text: str) -> str:
    """``text`` without the markup of a list pasted from Markdown or LaTeX: a bullet,
    "**bold**", "*italic*", "_italic_", "\\emph{...}" and BibTeX's case-keeping braces
    ("{H}amiltonian")."""
    if text[:2] in _BULLETS:
        text = text[2:]
    if "*" in text or "_" in text:
        text = _MARKDOWN_EMPHASIS.sub(lambda found: found.group(2) or found.group(3), text)
    if "{" in text and text.count("{") == text.count("}"):
        if "\\" in text:
            text = _LATEX_EMPHASIS.sub(lambda found: found.group(1) or found.group(2) or "", text)
        text = text.replace("{", "").replace("}", "")
    return text


_K_ONLINE_FIRST = frozenset({"online", "epub", "ahead", "early"})
_ONLINE_FIRST_KEYS = ("published", "advance", "online", "epub", "ahead", "press", "early")
"""A piece of every match of :data:`_ONLINE_FIRST`; only "in" and spaces come before "press"."""
_ONLINE_FIRST = re.compile(
    r"\b(?:published\s+online|advance\s+online\s+publication|online\s+first|"
    r"(?:epub\s+)?ahead\s+of\s+print|online\s+ahead\s+of|in\s+press|early\s+view)\b",
    re.IGNORECASE,
)


def _extract_reviews(text: str, fields: _Fields) -> str:
    match = (
        _search_from_key(_REVIEWED, text, ("review",), ".;,(") if fields.keys & _B_REVIEW else None
    )
    if match is None or match.start() < 10:
        return text
    segment = text[match.end() :]
    doi_matches = _find_dois(segment)
    if not doi_matches:
        return text
    position = 0
    for doi_match in doi_matches:
        venue = segment[position : doi_match.start]
        venue = re.sub(r"^[\s,;.]*(?:and\b|&)?\s*", "", venue)
        venue = _URL_LEAD.sub("", venue).strip(" :,;.()")
        fields.reviewed_in.append(ReviewMention(venue=venue or None, doi=doi_match.doi))
        position = doi_match.end
    rest = _strip_punct(segment[position:])
    if rest:
        fields.unparsed.append(rest)
    return text[: match.start()]


_K_REF_NOTES = frozenset({"output", "submitted", "funded", "grant", "grants", "request"})
_REF_NOTE = re.compile(
    r"(?:[.,;]\s*|\s)(?:output\s+type\s*:\s*(?P<type>[^\W\d_][^.;:()\[\]]{1,40}?)"
    r"|submitted\s+to\s+(?:the\s+)?REF\s*2?(?:\s+by\s+[^.()]{1,60}?|\s*\([^()]{1,60}\))?"
    r"|funded\s+by\s+[^.()]{1,80}?(?:\s*\([^()]{0,80}\))?|available\s+on\s+request)\s*\.?\s*$"
    r"|\s*[\[(](?:(?P<kind>[^\W\d_][^\[\]();]{1,40});\s*)?"
    r"(?:grants?\s*:[^\[\]()]{1,160}|available\s+on\s+request)[\])]\.?\s*$",
    re.IGNORECASE,
)
"""Notes a REF impact case study adds after a reference: "Submitted to REF2 by UCL.",
"Funded by ESRC (ES/K001728/1).", "(Grant: ..., £8.2m)", "Output type: Exhibition.",
"Available on request", "[Authored book; available on request]"."""
_REF_OUTPUT_TYPES = {
    "authored book": "book",
    "edited book": "book",
    "scholarly edition": "book",
    "chapter": "chapter",
    "chapter in book": "chapter",
    "journal article": "article",
    "conference contribution": "proceedings",
    "research report": "report",
    "confidential report": "report",
    "research datasets": "dataset",
    "research dataset": "dataset",
    "website content": "webpage",
    "software": "other",
    "performance": "other",
    "composition": "other",
    "design": "other",
    "artefact": "other",
    "exhibition": "other",
    "digital or visual media": "other",
    "devices and products": "other",
    "patent": "other",
    "translation": "book",
    "other": "other",
}
"""The output types of the REF (Research Excellence Framework) and the parser's types."""


def _extract_ref_notes(text: str, fields: _Fields) -> str:
    """Cut REF notes off the end of ``text`` into ``unparsed`` (and the type they declare)."""
    for _ in range(3):
        # Notes end the text: searching only its end keeps this fast on long input.
        note = _REF_NOTE.search(text, max(0, len(text) - 240))
        if note is None:
            break
        declared = note.group("type") or note.group("kind")
        if declared is not None and fields.declared_type is None:
            fields.declared_type = _REF_OUTPUT_TYPES.get(" ".join(declared.lower().split()))
        fields.unparsed.insert(0, note.group(0).strip(" .,;"))
        text = text[: note.start()].rstrip()
    return text


def _extract_identifiers(text: str, fields: _Fields) -> str:
    arxiv = (
        _search_from_key(_ARXIV, text, ("arxiv",), _ARXIV_LEAD) if fields.keys & _B_ARXIV else None
    )
    if arxiv is not None:
        fields.arxiv = arxiv.group(1)
        # _ARXIV.sub(" ", text), with the scan started at the first match.
        kept = [text[: arxiv.start()]]
        for later in _ARXIV.finditer(text, arxiv.end()):
            kept.append(text[arxiv.end() : later.start()])
            arxiv = later
        kept.append(text[arxiv.end() :])
        text = " ".join(kept)
    dois = _find_dois(text)
    for doi_match in reversed(dois):
        start = doi_match.start
        window_start = max(0, start - 8)
        window = text[window_start:start]
        lead = (
            _DOI_LEAD.search(text, window_start, start)
            if "doi" in window or "DOI" in window
            else None
        )
        if lead is not None:
            start = lead.start()
        lead_url = _url_lead(text, start)
        if lead_url is not None:
            start = lead_url.start()
        text = _cut(text, start, doi_match.end)
    if dois:
        fields.doi = dois[0].doi
        if fields.arxiv is None and fields.doi.startswith(_ARXIV_DOI):
            fields.arxiv = fields.doi[len(_ARXIV_DOI) :]  # arXiv's DataCite DOIs
        fields.unparsed.extend(f"doi:{other.doi}" for other in dois[1:] if other.doi != fields.doi)
    urls = list(_URL.finditer(text)) if "http" in text or "www." in text else []
    for url_match in reversed(urls):
        url = url_match.group(0).rstrip(".,;:)]>")
        end = url_match.start() + len(url)
        if url_match.group(0)[len(url) :].startswith(")") and "(" in url:
            url += ")"
            end += 1
        if fields.url is None or url_match is urls[0]:
            if fields.url is not None:
                fields.unparsed.append(fields.url)
            fields.url = url if url.lower().startswith("http") else "http://" + url
        start = url_match.start()
        lead = _url_lead(text, start)
        if lead is not None:
            start = lead.start()
        text = _cut(text, start, end)
    if "updated" in fields.words or "modified" in fields.words:
        updated = _UPDATED.search(text)
        if updated is not None:
            # Vancouver "2019 [updated 2023 Nov 21; cited 2024 Jan 5]": not the year cited.
            fields.notes.append(updated.group(0).strip("[] "))
            text = _cut(text, updated.start(), updated.end())
    if "[online " in text or "[Online " in text or "[Epub " in text:
        online = _ONLINE_DATE.search(text)
        if online is not None:
            # Vancouver "Eur J Epidemiol. 2021 [online 2021 Jun 9];36(6)": when it went online.
            fields.notes.append(online.group(0).strip("[] "))
            text = _cut(text, online.start(), online.end())
    accessed = (
        _search_from_key(_ACCESSED, text, _K_ACCESSED, "([lastLAST")
        if fields.keys & _B_ACCESSED
        else None
    )
    if accessed is not None:
        fields.notes.append(_strip_punct(accessed.group(0)).rstrip(")]"))
        text = _cut(text, accessed.start(), accessed.end())
    if "NCT" in text:
        text, trial = _take_out(text, _TRIAL_REGISTRATION, fields.notes)
        if trial:
            # A registered clinical trial (its record, not a publication): "other".
            fields.type = fields.type or "other"
    if "MR" in text:
        # AMS lists end with the Math Reviews number.
        text, _ = _take_out(text, _MR_NUMBER, fields.notes)
    if not fields.keys & _B_IDS:
        return _drop_link_labels(text)
    for pattern, name in ((_ISBN, "isbn"), (_ISSN, "issn"), (_PMID, "pmid")):
        found = pattern.search(text)
        if found is not None:
            value = re.sub(r"[\s-]", "", found.group(1)).upper()
            if name == "issn":
                value = value[:4] + "-" + value[4:]
            setattr(fields, name, value)
            text = _cut(text, found.start(), found.end())
    pmcid = _PMCID.search(text)
    if pmcid is not None:
        fields.notes.append(pmcid.group(0))
        text = _cut(text, pmcid.start(), pmcid.end())
    return _drop_link_labels(text)


_ARXIV_DOI = "10.48550/arxiv."
_TRIAL_REGISTRATION = re.compile(
    r"(?:(?:ClinicalTrials\.gov\s+)?(?:[Ii]dentifier|ID|[Rr]egistration)\s*:?\s*)?"
    r"N(?<![\w/]N)CT\d{8}\b"
)
"""A ClinicalTrials.gov registration number, "NCT04280705", with its label if given."""
_MR_NUMBER = re.compile(r"M(?<![\w/]M)R\s?\d{5,8}\b")  # (?<![\w/])MR... (see _YEAR_ANY)
"""A Mathematical Reviews number ("MR658304"), which AMS bibliographies add to each item."""


_ONLINE_DATE = re.compile(r"\[(?:[Oo]nline|Epub)\s+(?:1[5-9]|20)\d\d[^\[\]]{0,40}\]")
_UPDATED = re.compile(r"\[\s*(?:updated|modified|last\s+modified)\b[^\[\]]{0,80}\]", re.IGNORECASE)


def _find_dois(text: str) -> list[DoiMatch]:
    """:func:`find_doi_matches`, skipped when ``text`` has no "10." (every DOI starts so)."""
    return find_doi_matches(text) if "10." in text else []


def _url_lead(text: str, start: int) -> re.Match[str] | None:
    """A link label ("Available at:", "URL", "[Online]") ending at ``start``, if any."""
    low = max(0, start - 30)
    # Every alternative of the pattern holds one of these (none has an "i" or "s", which
    # case-insensitive patterns also match as "ı", "İ" and "ſ").
    window = text[low:start].lower()
    if not ("onl" in window or "lable" in window or "url" in window or "from" in window):
        return None
    return _URL_LEAD.search(text, low, start)


def _drop_link_labels(text: str) -> str:
    """Leftover link labels ("Available at:", "[Online]") once their links are gone."""
    if not ("vailable" in text or "nline" in text or "etrieved" in text or "URL" in text):
        return text
    return re.sub(
        r"\[\s*online\s*\]|\bavailable\s+(?:at|from|online)\s*:?|\bavailable\s*:|"
        r"\bretrieved\s+from\b|"
        r"\bURL\s*:?(?=\s*$)|\bdoi\s*:?\s*(?=$|[.,]\s*$)",
        " ",
        text,
        flags=re.IGNORECASE,
    )


_NO_TITLE = re.compile(
    r"(?:[A-Z][A-Za-z]{0,14}\.?\s+){1,6}(?:\([A-Z][a-z]{2,20}\)\s+)?\d{1,5},\s*[A-Z]?\d{1,7}[A-Za-z]?\s*"
    r"\((?:1[5-9]|20)\d\d\)"
)
"""A journal, volume, page and year with nothing before them (physics house styles)."""
_MISSING_SPACE = re.compile(
    r"\.(?<=[a-z]{2}\.)(?=[A-Z][a-z]|(?:1[5-9]|20)\d\d\b)|,(?<=[^\W\d_)],)(?=\d)"
)
"""A full stop or comma pasted without its space: "Communication.The Bell", "Journal,27",
"Science.1986;1(3)"."""


_SPACE_BEFORE_MARK = re.compile(r"(?<=[\w)]) +([,.])(?![\d.])")
"""A space pasted before a comma or full stop after a word: "Hastie T ,Tibshirani". One
after a full stop is left: taking an identifier out leaves "(US). , A Study"."""
_GLUED_COMMA = re.compile(
    r",(?<=[^\W\d_.],)(?=[A-Z])|,(?<=[\s,]\d,|\d\d,)(?=\d{1,5}\s*" + _DASH + r"\s*\d)"
)
"""A comma pasted onto what follows: "Hutchinson,G.E.", "Naturalist, 93,145–159"."""
_GLUED_CLOSE = re.compile(r"\)(?=[A-Z][a-z])")
"""A bracket pasted onto a word: "(1959)Homage" (when a digit comes before it)."""
_GLUED_QUESTION = re.compile(r"\?(?=[A-Z][a-z])")
"""A question pasted onto what follows: "animals?The American Naturalist"."""


def _after_year_bracket(found: re.Match[str]) -> str:
    before = found.string[found.start() - 1 : found.start()]
    return ") " if before.isdigit() else ")"


_GLUED_YEAR = re.compile(r"(?:1[5-9]|20)\d\d;")
"""A Vancouver journal's name pasted onto its year, "Biometrika1986;73:13–22" (looked for
at the first semicolon only)."""
_DAMAGE = re.compile(r" [,.]|,[^\s]|\.\(|\)[A-Z]|\?[A-Z]")
"""Any mark one of the repairs of :func:`_repair_spacing` (but the year's) looks for."""


def _repair_spacing(text: str) -> str:
    """``text`` with the spaces a paste lost or misplaced around punctuation put right.

    Each repair runs only where a cheap test finds its mark: clean references, most of
    them, pay a few ``in`` and ``count`` calls. A full stop pasted onto the next word
    ("models.Statistical") is put right in what follows the names (:func:`_parse_body`).
    """
    semicolon = text.find(";")
    glued_year = (
        semicolon >= 7
        and text[semicolon - 5].islower()
        and text[semicolon - 4 : semicolon].isdigit()
        and _GLUED_YEAR.match(text, semicolon - 4) is not None
    )
    if _DAMAGE.search(text) is not None:
        if " ," in text or " ." in text:
            text = _SPACE_BEFORE_MARK.sub(r"\1", text)
        if text.count(",") > text.count(", ") + text.endswith(","):
            text = _GLUED_COMMA.sub(r"\g<0> ", text)
        if ".(" in text:
            text = _INITIAL_THEN_BRACKET.sub(". (", text)
        if ")" in text:
            text = _GLUED_CLOSE.sub(_after_year_bracket, text)
        if "?" in text:
            text = _GLUED_QUESTION.sub(r"\g<0> ", text)
        semicolon = text.find(";")  # the repairs may have moved it
    if glued_year:
        text = text[: semicolon - 4] + " " + text[semicolon - 4 :]
    return text


_INITIAL_THEN_BRACKET = re.compile(r"(?<=[A-Z])\.\(")


def _may_miss_a_space(text: str) -> bool:
    """Whether some full stop or comma in ``text`` is followed by a character other than a
    space: a cheap pre-check for :data:`_MISSING_SPACE`, whose every match is one."""
    stops = text.count(".") - text.count(". ") - text.endswith(".")
    return stops > 0 or text.count(",") - text.count(", ") - text.endswith(",") > 0


_CASE_NAME = re.compile(
    r"(?:Case\s+[A-Z]?-?\d{1,4}/\d{2,4}\s+)?"
    r"((?:[^\[\]()]|\([^()\[\]]{1,40}\)){2,200}?\sv\s(?:[^\[\]()]|\([^()\[\]]{1,40}\)){2,200}?)"
    r"\s*[\[(]((?:1[5-9]|20)\d\d)[\])]"
)
"""A law case cited by its parties (OSCOLA): "Caparo Industries plc v Dickman [1990] 2 AC
605", "Case 6/64 Flaminio Costa v ENEL [1964] ECR 585"."""
_STATUTE = re.compile(
    r"([A-Z][^,()]{2,120}?\sAct\s(?:1[5-9]|20)\d\d),\s*(?:ss?|sch|art|reg|para)\.?\s+\d\S*"
)
"""An Act with a pinpoint (OSCOLA): "Human Rights Act 1998, s 3(1)"."""


_US_CASE = _compiled_on_first_use(
    r"(?P<title>[^,()]{2,160}?\sv\.\s[^,()]{2,160}?),\s+\d{1,4}\s+[A-Z][A-Za-z.\d\s]{0,30}?"
    r"(?:\s\([^()]{1,30}\))?\s+\d{1,5}(?:,\s*\d{1,5}(?:" + _DASH + r"\d{1,5})?)?"
    r"\s+\((?:[^()]{0,40}\s)?(?P<year>(?:1[5-9]|20)\d\d)\)\.?"
)
"""A United States case in Bluebook form: "Brown v. Board of Education, 347 U.S. 483 (1954)",
"Marbury v. Madison, 5 U.S. (1 Cranch) 137 (1803)": the parties, then volume, reporter,
page (and pinpoint) and the year, with the court before it when the reporter does not
tell it ("(2d Cir. 1999)")."""
_US_STATUTE = _compiled_on_first_use(
    r"(?P<title>[A-Z][^,()]{2,120}?\sAct(?:\sof\s(?:1[5-9]|20)\d\d)?),\s+\d{1,3}\s+"
    r"(?:U\.S\.C\.|C\.F\.R\.)(?:\s*\u00a7\u00a7?)?\s*\d[\w.]*(?:\s*" + _DASH + r"\s*\d[\w.]*)?"
    r"(?:\s+\((?P<year>(?:1[5-9]|20)\d\d)\))?\.?"
)
"""A United States statute in Bluebook form: "Americans with Disabilities Act of 1990, 42
U.S.C. §§ 12101–12213 (2018)"; the year in brackets is the code's edition."""


_EU_CASE = re.compile(
    r"(?:Case\s+[A-Z]?-?\d{1,4}/\d{2,4}(?:\s+P)?\s+)?(?P<title>[^\[\]]{2,200}?\sv\s[^\[\]]{2,200}?)"
    r"\s+(?:ECLI:)?EU:[A-Z]:(?P<year>(?:1[5-9]|20)\d\d):\d{1,5}\.?"
)
"""A case of the Court of Justice of the EU cited by its ECLI (OSCOLA): "Case C-131/12 Google
Spain SL v AEPD EU:C:2014:317"; the year is the ECLI's."""


def _parse_law(text: str, fields: _Fields) -> bool:
    """Read a law case or an Act of Parliament, which have no authors; whether it was one."""
    if " v. " in text and text.endswith((")", ").")):
        us_case = _US_CASE().fullmatch(text)
        if us_case is not None:
            fields.title = us_case.group("title").strip()
            fields.year = int(us_case.group("year"))
            fields.unparsed.append(_strip_punct(text[us_case.end("title") :]))
            fields.type = fields.type or "other"
            return True
    us_statute = _US_STATUTE().fullmatch(text) if " U.S.C. " in text or " C.F.R. " in text else None
    if us_statute is not None:
        fields.title = us_statute.group("title")
        if us_statute.group("year"):
            fields.year = int(us_statute.group("year"))
        fields.unparsed.append(_strip_punct(text[us_statute.end("title") :]))
        fields.type = fields.type or "other"
        return True
    eu_case = _EU_CASE.fullmatch(text) if " v " in text and "EU:" in text else None
    if eu_case is not None:
        fields.title = eu_case.group("title").strip()
        fields.year = int(eu_case.group("year"))
        fields.unparsed.append(text[eu_case.end("title") :].strip(" ."))
        if eu_case.start("title") > 0:
            fields.unparsed.insert(0, text[: eu_case.start("title")].strip())
        fields.type = fields.type or "other"
        return True
    case = _CASE_NAME.match(text) if " v " in text else None
    if case is not None and not _PAREN_YEAR.search(case.group(1)):
        fields.title = case.group(1).strip(" ,")
        fields.year = int(case.group(2))
        rest = _strip_punct(text[case.end() :])
        if case.start(1) > 0:
            fields.unparsed.append(text[: case.start(1)].strip())
        if rest:
            fields.unparsed.append(rest)
        fields.type = fields.type or "other"
        return True
    statute = _STATUTE.fullmatch(text.rstrip(". ")) if " Act " in text else None
    if statute is not None:
        fields.title = statute.group(1)  # its year is part of its name, not a date given
        fields.unparsed.append(text[statute.end(1) :].strip(" ,."))
        fields.type = fields.type or "other"
        return True
    return False


def _parse_body(text: str, fields: _Fields) -> None:
    if ("v" in fields.words or "act" in fields.words) and _parse_law(text, fields):
        return
    if text.endswith((")", ").")) and _parse_law_review(text, fields):
        return
    if "deb" in fields.words and _parse_debate(text, fields):
        return  # OSCOLA "HC Deb 2 March 2020, vol 672, col 620"
    if fields.keys & _B_STANDARD and _parse_standard(text, fields):
        return
    if (
        "; " in text
        and text.count(", ", max(0, len(text) - 25)) >= 2  # "1972, 37, 2320−2322."
        and _parse_acs_without_title(text, fields)
    ):
        return
    authors_text, rest = _split_authors(text, fields)
    if fields.year_bare and rest[:1].isdigit() and _VOLUME_AND_PAGES.fullmatch(rest.rstrip(" .")):
        # RSC without a title, "S. I. Seok, Nature, 2015, 517, 476–480": the journal
        # came before the year, after the last name (one without initials in a list of
        # names that open with them).
        head, comma, journal = authors_text.rstrip(" ,").rpartition(", ")
        if comma and _IEEE_START.match(head) and not _IEEE_START.match(journal):
            authors_text, rest = head, f"{journal}, {rest}"
    if authors_text:
        _set_authors(authors_text, fields)
    after_comma = rest[:2].lstrip().startswith(",")
    rest = rest.strip().lstrip(".,;: ")
    if "deb" in fields.words and _parse_debate(rest, fields):
        return  # Harvard "Hansard (2020) HC Deb, 23 March, vol. 674, col. 1191."
    if (
        fields.authors
        and fields.year is not None
        and rest.rstrip(" .,")[-1:].isdigit()
        and rest.count(",") >= 2
        and _is_title_less(rest.rstrip(" .,"))
    ):
        # Astronomy (AAS, MNRAS, A&A): "Springel V., 2005, MNRAS, 364, 1105" gives no title.
        _parse_tail(rest, fields)
        return
    if fields.year is not None and rest.startswith(_ARXIV_EPRINTS) and fields.authors:
        # ADS's name for arXiv: "Hogg, D. W. 1999, arXiv e-prints, astro-ph/9905116".
        fields.container_title = _ARXIV_EPRINTS
        leftover = _strip_punct(rest[len(_ARXIV_EPRINTS) :])
        if leftover:
            fields.unparsed.append(leftover)
        return
    if after_comma and fields.authors:
        aps = _NO_TITLE.match(rest)
        if aps is not None:
            # APS and AIP: "A. B. Name, Phys. Rev. Lett. 77, 3865 (1996)" gives no title;
            # what follows a semicolon ("; 78, 1396(E) (1997)", an erratum) is another item.
            extra = rest[aps.end() :].strip(" ;.")
            if extra:
                fields.unparsed.append(extra)
            _parse_tail(rest[: aps.end()], fields)
            return
    if (
        fields.authors
        and rest.rstrip(".")[-1:].isdigit()
        and rest.count(", ") >= 3
        and (", 19" in rest or ", 20" in rest)
    ):
        rsc = _RSC_END.search(rest, max(0, len(rest) - 120))
        if rsc is not None:
            # RSC: "S. Chu, Y. Cui and N. Liu, Nat. Mater., 2017, 16, 16–22", the title
            # (when given) before the journal's abbreviated name.
            title = rest[: rsc.start()].strip(" ,")
            fields.title = title or None
            _parse_tail(rest[rsc.start() :].lstrip(" ,"), fields)
            return
    if _may_miss_a_space(rest) and _MISSING_SPACE.search(rest) is not None:
        rest = _MISSING_SPACE.sub(r"\g<0> ", rest)
    if rest.endswith((")", ").")) and fields.year is None:
        late = _YEAR_LAST_AFTER_COMMA.search(rest, max(0, len(rest) - 12))
        if late is not None:
            # Physics lists: "Title, arXiv:1306.0533 [hep-th] (2013).", the identifiers
            # taken out: the year closes the reference.
            fields.year = int(late.group(1))
            rest = rest[: late.start()]
    if rest.endswith((")", ").")):
        rest = _take_publisher_and_year(rest, fields)
        if rest.startswith("in ") and fields.publisher:
            # Nature cites a chapter by its book alone: "Name, A. in Book (ed. X) 1–9 (...)".
            _parse_tail(rest, fields)
            return
    title, tail = _split_title(rest, fields)
    if title[-1:] == "]" and " [" in title:
        title = _cut_descriptor(title, fields)
    elif tail.lstrip(" .")[:1] == "[":
        # "The alibi [Audio podcast episode]. In Serial": the title ended at the bracket.
        bracket = tail.lstrip(" .")
        close = bracket.find("]")
        if close > 0 and _cut_descriptor("x " + bracket[: close + 1], fields) == "x":
            tail = bracket[close + 1 :]
    if fields.title_quoted and "review" in fields.words and tail.lstrip(" .,")[:7] == "Review ":
        reviewed = _REVIEW_OF_BOOK.match(tail)
        if reviewed is not None:
            # Chicago: "“The Sleep of Reason.” Review of Fashionable Nonsense, by Alan Sokal
            # and Jean Bricmont. New Republic, ...": the book reviewed is neither title nor
            # container.
            fields.unparsed.append(reviewed.group(1))
            tail = tail[reviewed.end() :]
    if title[-1:] == "]" and " [" in title:
        title = _cut_translation(title, fields)
    elif fields.title_quoted and tail.lstrip(" ,.")[:1] == "[":
        bracketed = tail.lstrip(" ,.")
        kept = _cut_translation(bracketed, fields)
        tail = tail if kept == bracketed else kept
    fields.title = title or None
    _parse_tail(tail, fields)


_REVIEW_OF_BOOK = re.compile(
    r"[\s.,]*(Review\s+of\s+[^\s].{0,300}?,\s+by\s+[A-Z].{0,200}?(?<![\s.][A-Z]))\.\s+(?=[A-Z])"
)
"""The book a review reviews, after the review's quoted title: "Review of Title, by Name."
(its full stop is none after an initial: "by J. D. Salinger.")."""


_K_STANDARD = frozenset({"iso", "iec", "std", "bs", "en", "astm", "ansi", "din"})
_STANDARD = re.compile(
    r",\s+(?P<designation>(?:(?:BS\s+)?(?:EN\s+)?ISO(?:/IEC)?(?:/IEEE)?|IEC|BS(?:\s+EN)?|"
    r"IEEE\s+Std|ANSI(?:/[A-Z]+)?|ASTM|DIN(?:\s+EN)?)\s+[A-Z]?\d[\w.\-]*(?::(?:1[5-9]|20)\d\d)?)"
    r"(?:\s+\([^()]{1,80}\))?(?=,|\.?$)"
)
"""A standard's number after its title, as IEEE cites standards: "Quality Management
Systems—Requirements, ISO 9001:2015, ...", "..., IEEE Std 802.1X-2020 (Revision of ...)"."""


def _parse_standard(text: str, fields: _Fields) -> bool:
    """Read "Title, ISO 9001:2015, Publisher, Place, Year." (a standard, no authors); whether
    it was one. The number goes to ``unparsed``, the last year is the year."""
    found = _STANDARD.search(text)
    if found is None or _first_sentence_end(text[: found.start()], names=False) is not None:
        return False
    fields.title = text[: found.start()].strip()
    fields.unparsed.append(text[found.start("designation") : found.end()])
    pieces = [piece.strip(" .") for piece in text[found.end() :].split(",")]
    years = _YEAR_ANY.findall(text[found.end() :])
    if years:
        fields.year = int(years[-1][0])
    first = pieces[1] if len(pieces) > 1 else ""
    if first and not any(map(str.isdigit, first)) and (not _is_place(first) or first.isupper()):
        fields.publisher = first
        pieces.remove(first)
    rest = ", ".join(piece for piece in pieces if piece)
    if rest:
        fields.unparsed.append(rest)
    fields.type = fields.type or "other"
    return True


_ACS_END = re.compile(
    r"\s(?P<year>(?:1[5-9]|20)\d\d),\s*(?P<volume>\d{1,5}),\s*"
    r"(?P<pages>[A-Z]?\d{1,6}(?:\s*" + _DASH + r"\s*[A-Z]?\d{1,6})?)\.?$"
)
"""The end of an ACS reference: year, volume and pages ("1972, 37, 2320−2322")."""
_NAME_SUFFIX_WORDS = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III"})
_LETTER_INITIALS = re.compile(r"(?:[A-Z]\.-?)+")
"""Initials of single letters, as ACS writes them: "R.", "D.W.", "J.-P."."""


def _parse_acs_without_title(text: str, fields: _Fields) -> bool:
    """Read an ACS reference that gives no title: "Heck, R. F.; Nolley, J. P., Jr. J. Org.
    Chem. 1972, 37, 2320−2322." (names split by semicolons, the journal right after the
    last initials); whether it was one.

    The journal starts at the first word after the last name that is no initial; a "J."
    right before a word that is no initial opens it ("J. Am. Chem. Soc.").
    """
    end = _ACS_END.search(text, max(0, len(text) - 40))
    if end is None:
        return False
    before = text[: end.start()]
    head, _, last = before.rpartition("; ")
    family, comma, given = last.partition(", ")
    if not comma or not looks_like_person(family, max_words=3):
        return False
    words = given.split()
    taken = 0
    while taken < len(words):
        word = words[taken].rstrip(",")
        following = words[taken + 1] if taken + 1 < len(words) else ""
        if word == "J." and following and not _LETTER_INITIALS.fullmatch(following.rstrip(",")):
            break  # the journal's "J."
        if not (_LETTER_INITIALS.fullmatch(word) or (taken and word in _NAME_SUFFIX_WORDS)):
            break
        taken += 1
    journal = words[taken:]
    if not taken or not 0 < len(journal) <= 6 or not _is_title_less(" ".join(journal) + ", 1, 1"):
        return False
    names, fields.et_al = parse_names(f"{head}; {family}, {' '.join(words[:taken])}")
    fields.authors = names
    fields.container_title = " ".join(journal)
    fields.year = int(end.group("year"))
    fields.volume = end.group("volume")
    fields.pages = _normalise_range(end.group("pages"))
    return True


_VOLUME_AND_PAGES = re.compile(
    r"\d{1,5},\s*[A-Z]?\d{1,7}[A-Za-z]?(?:\s*" + _DASH + r"\s*[A-Z]?\d{1,7}[A-Za-z]?)?"
)
_ARXIV_EPRINTS = "arXiv e-prints"
_DEBATE = re.compile(
    r"H[CL]\s+Deb,?\s+\d{1,2}\s+[A-Z][a-z]+\.?(?:\s+(?P<year>(?:1[5-9]|20)\d\d))?,?\s+"
    r"vol\.?\s+\d{1,4},?\s+cols?\.?\s+\d+[" + _DASHES + r"\w]*"
)
"""A debate in the UK Parliament as Hansard reports it: "HC Deb 2 March 2020, vol 672, col
620" (House of Commons or Lords, date, volume, column)."""


def _parse_debate(text: str, fields: _Fields) -> bool:
    """Read a Hansard debate that ``text`` opens with; whether it was one. It has no title:
    the whole reference goes to ``unparsed``, its year to the year."""
    debate = _DEBATE.match(text)
    if debate is None:
        return False
    if fields.year is None and debate.group("year"):
        fields.year = int(debate.group("year"))
    fields.unparsed.append(_strip_punct(text).rstrip("."))
    fields.type = fields.type or "other"
    return True


_TITLE_LESS = re.compile(
    r"[A-Z][^\d,;:()\[\]\"\u201c\u201d]{0,40}?,\s*\d{1,5},\s*[A-Z]?\d{1,7}[A-Za-z]?"
    r"(?:\s*" + _DASH + r"\s*[A-Z]?\d{1,7})?"
)
"""What follows the year when a list gives no titles: a journal's short name, volume and
page ("ApJ, 490, 493", "A&A, 616, A1")."""


def _is_title_less(rest: str) -> bool:
    """Whether ``rest`` is only a journal's short name, volume and page (no title): the
    name is a few capitalised words, not the end of a sentence ("Soil ecology. Nature")."""
    if _TITLE_LESS.fullmatch(rest) is None:
        return False
    words = rest.partition(",")[0].split()
    return (
        len(words) <= 6
        and all(
            (word[:1].isupper() or word in _CONTAINER_LINKS or not word[:1].isalpha())
            # a full stop after a word that is no abbreviation ends a sentence (a title)
            and not (
                word.endswith(".") and len(word) > 6 and not is_journal_abbreviation(word[:-1])
            )
            for word in words
        )
    )


_LAW_REVIEW = re.compile(
    r",\s+(?P<volume>\d{1,4})\s+(?P<journal>[A-Z][^,()\d]{1,60}?)\s+(?P<page>\d{1,5})"
    r"(?:,\s*\d{1,5}(?:" + _DASH + r"\d{1,5})?)?\s+\((?P<year>(?:1[5-9]|20)\d\d)\)\.?$"
)
"""The end of a law review article in Bluebook form: ", 4 Harv. L. Rev. 193 (1890)" (volume,
journal, first page, a pinpoint page and the year)."""
_LAW_AUTHOR_END = re.compile(r", (?!(?:Jr|Sr|II|III|IV)\.?,)")
"""The comma after the authors of a Bluebook citation (not the one before "Jr.")."""


def _parse_law_review(text: str, fields: _Fields) -> bool:
    """Read "Samuel D. Warren & Louis D. Brandeis, The Right to Privacy, 4 Harv. L. Rev. 193
    (1890)" (Bluebook): authors in direct order joined by "&", a comma, the title, and the
    journal's volume, name and page; whether it was one."""
    end = _LAW_REVIEW.search(text, max(0, len(text) - 120))
    if end is None:
        return False
    head = text[: end.start()]
    comma = _LAW_AUTHOR_END.search(head)
    if comma is None:
        return False
    names = [name for name in re.split(r"\s*&\s*|,\s*(?:and\s+)?", head[: comma.start()]) if name]
    people = [name for name in names if name not in ("Jr.", "Sr.", "Jr", "Sr")]
    if not people or not all(
        looks_like_person(name, max_words=4) and not is_initials(name.split()[-1])
        for name in people
    ):
        return False
    fields.authors = [author for name in people if (author := parse_name(name)) is not None]
    fields.title = head[comma.end() :].strip() or None
    fields.container_title = end.group("journal").strip()
    fields.volume = end.group("volume")
    fields.pages = end.group("page")
    fields.year = int(end.group("year"))
    return True


_DESCRIPTOR_WORDS = frozenset(
    {"editorial", "abstract", "letter", "comment", "commentary", "erratum", "obituary"}
)
_MEDIA_WORDS = frozenset(
    {"film", "video", "podcast", "episode", "series", "album", "song", "recording", "audiobook"}
    | {"photograph", "painting", "map", "game", "broadcast", "documentary", "tweet"}
)
"""The last words of APA's descriptions of what a work is, in square brackets after the
title ("[Film]", "[Audio podcast episode]", "[TV series]", "[Editorial]", "[Abstract]");
the media among them are works of type "other"."""


def _cut_descriptor(title: str, fields: _Fields) -> str:
    """``title`` without an APA description of the work in square brackets at its end, which
    goes to ``unparsed``: "Parasite [Film]", "Replication in psychological science
    [Editorial]"."""
    open_at = title.rfind(" [")
    inner = title[open_at + 2 : -1]
    words = inner.split()
    if not 0 < len(words) <= 4 or "[" in inner or "]" in inner:
        return title
    last = words[-1].lower()
    if last not in _DESCRIPTOR_WORDS and last not in _MEDIA_WORDS:
        return title
    fields.unparsed.append(inner)
    if last in _MEDIA_WORDS:
        fields.type = fields.type or "other"
    return title[:open_at].rstrip()


def _cut_translation(text: str, fields: _Fields) -> str:
    """``text`` without a translated title in square brackets, which goes to ``unparsed``.

    "Vergangene Zukunft [Futures past]" ends with one, "‘La Mort de l’auteur’ [The Death of
    the Author], Manteia" has one right after its quoted title. Notes in brackets that say
    what the work is ("[Internet]", "[data collection]", "[NG222]") stay.
    """
    open_at = text.rfind(" [") + 1 if text.endswith("]") else 0
    close_at = text.find("]", open_at)
    inner = text[open_at + 1 : close_at]
    if (
        close_at < 0
        or len(inner.split()) < 2
        or any(map(str.isdigit, inner))
        or not inner[:1].isalpha()
        or _BRACKET_NOTE.search(inner)
    ):
        return text
    fields.unparsed.append(inner)
    return (text[:open_at] + text[close_at + 1 :]).strip()


_RSC_END = re.compile(
    r"(?:^|,\s)(?:[A-Z][A-Za-z]{0,14}\.\s+){1,5}[A-Z][A-Za-z]{0,14}\.?,\s*(?:1[5-9]|20)\d\d,"
    r"\s*\d{1,5},\s*[A-Z]?\d{1,6}(?:\s*" + _DASH + r"\s*[A-Z]?\d{1,6})?\.?$"
)
"""The end of an RSC reference: an abbreviated journal, year, volume and pages."""
_YEAR_LAST_AFTER_COMMA = re.compile(r",\s*\(((?:1[5-9]|20)\d\d)\)\.?$")
_PUBLISHER_AND_YEAR = re.compile(r"\s\(([^()]{2,160}?),\s*((?:1[5-9]|20)\d\d)([a-z])?\)\.?$")
"""Nature and Science books: "Title (Publisher, Place, 2019)."."""
_EDITION_BEFORE = re.compile(
    r"[\s,]+(\d{1,2})(?:st|nd|rd|th)\s+(?:(?:rev(?:ised)?|revd)\.?\s+)?(?:edn|ed|edition)\.?$"
)


def _take_publisher_and_year(rest: str, fields: _Fields) -> str:
    """Cut a closing "(Publisher, Place, Year)" out of ``rest`` into the fields."""
    found = _PUBLISHER_AND_YEAR.match(rest, max(0, rest.rfind(" (")))
    if found is None:
        oscola = _OSCOLA_IMPRINT.search(rest, max(0, rest.rfind(" (")))
        if oscola is not None and oscola.group("publisher").split()[0].lower() not in _K_MONTH:
            fields.publisher = oscola.group("publisher")
            fields.year = fields.year or int(oscola.group("year"))
            fields.edition = fields.edition or oscola.group("edition")
            return rest[: oscola.start()]
    if found is None or not _has_two_letters(found.group(1)):
        return rest
    pieces = found.group(1).split(", ")
    place: list[str] = []
    while len(pieces) > 1 and (
        _PLACE_CODE.fullmatch(pieces[-1])
        or (_is_place(pieces[-1]) and all(map(_PLACE_CODE.fullmatch, place)))
    ):
        place.insert(0, pieces.pop())
    if place and not _has_publisher_word(", ".join(pieces)):
        pieces += place  # "(Farrar, Straus and Giroux, 2011)": all one publisher's name
        place = []
    fields.publisher = ", ".join(pieces).strip()
    place_first = _place_before_colon(fields.publisher) if not place else None
    if place_first is not None:
        # MHRA and OSCOLA: "(London: Fontana, 1976)", the place before a colon.
        place = [place_first]
        fields.publisher = fields.publisher[len(place_first) + 1 :].strip()
    fields.place = ", ".join(place) or None
    if fields.year is None:
        fields.year = int(found.group(2))
        fields.year_suffix = found.group(3) or None
    rest = rest[: found.start()]
    edition = _EDITION_BEFORE.search(rest) if " ed" in rest else None
    if edition is not None:
        fields.edition = edition.group(1)
        rest = rest[: edition.start()]
    return rest


_MLA_ROLE = re.compile(
    r",\s*(director|directors|performer|performers|creator|creators|host|narrator|producer|"
    r"composer|translator|translators)\.?$"
)
_ROLE_ENDINGS = ("or", "ors", "er", "ers", "host")
"""How every role :data:`_MLA_ROLE` knows ends (a cheap pre-check)."""
_MEDIA_ROLES = frozenset({"director", "directors", "performer", "performers", "host", "narrator"})
"""Roles MLA writes after a name ("Waititi, Taika, director."); the first ones credit a film,
a performance or a broadcast, works of type "other"."""
_EDITOR_SUFFIX = re.compile(r"[(\[]\s*(?:eds?|editors?|hrsg|hg)\.?\s*[)\]]|,\s*eds?\.?$", re.I)


def _set_authors(authors_text: str, fields: _Fields) -> None:
    role = (
        _MLA_ROLE.search(authors_text, max(0, len(authors_text) - 16))
        if authors_text.rstrip(". ").endswith(_ROLE_ENDINGS)
        else None
    )
    if role is not None:
        # MLA "Waititi, Taika, director.": the role of the person named, no name.
        authors_text = authors_text[: role.start()]
        if role.group(1) in _MEDIA_ROLES:
            fields.type = fields.type or "other"
    behalf = authors_text.find(" on behalf of ") if "behalf" in fields.words else -1
    if behalf > 0:
        fields.notes.append(authors_text[behalf + 1 :].strip(" ."))
        authors_text = authors_text[:behalf]
    is_editors = "ed" in authors_text.lower() and bool(_EDITOR_SUFFIX.search(authors_text))
    if is_editors:
        authors_text = _EDITOR_SUFFIX.sub("", authors_text)
    if (
        fields.year is not None
        and _uninverted_group(authors_text)
        and not (fields.year_bare and _direct_person(authors_text))
    ):
        names, et_al = [Author(literal=authors_text.strip(" .,"))], False
    else:
        names, et_al = parse_names(authors_text)
    # The editors of a whole book, in the author position, are the names it is cited by:
    # they are its authors for matching and comparing, and its editors for export.
    fields.authors = names
    if is_editors:
        fields.editors = list(names)
    fields.et_al = et_al


def _direct_person(text: str) -> bool:
    """Whether ``text``, a name before a bare year, is one person written out: "Mark Weiser."
    (ACM), not a group such as "World Bank." (Chicago author-date)."""
    stripped = text.strip(" .")
    return (
        len(stripped.split()) <= 3 and _is_direct_name_list(stripped) and not is_corporate(stripped)
    )


def _uninverted_group(text: str) -> bool:
    """Whether an author-date list is one name not inverted: a group ("BBC News").

    Author-date styles invert personal names ("Family, I."), so words without a comma,
    a conjunction or initials before the year name an organisation ("Amnesty
    International", "Research England"); "Smith AB" (compact initials last) is a person.
    """
    stripped = text.strip(" .,")
    if not stripped or "," in stripped or ";" in stripped or "&" in stripped or "." in stripped:
        return False
    words = stripped.split()
    if not 2 <= len(words) <= 8 or " and " in stripped or is_initials(words[-1]):
        return False
    return all(len(word) > 1 and word[:1].isupper() for word in words)


_NAME_PIECES = re.compile(r"[,;&]|\band\b")
_NOT_IN_NAMES = re.compile('[\\d\u201c\u201d\u2018"\u00ab\u00bb?!]')


_NOT_IN_NAMES_ASCII = '0123456789"?!'
"""The ASCII characters :data:`_NOT_IN_NAMES` matches."""


def _has_non_name_character(text: str) -> bool:
    """``_NOT_IN_NAMES.search(text) is not None``; ASCII text by one ``in`` test a character."""
    if text.isascii():
        return any(map(text.__contains__, _NOT_IN_NAMES_ASCII))
    return _NOT_IN_NAMES.search(text) is not None


_LOWER_NAME_WORDS = PARTICLES | {"et", "al", "al.", "and", "eds", "ed.", "eds.", "ed"}
_LOWER_WORD = re.compile(
    # (?<![^\s(])[a-z][^\s,;&]* (see _YEAR_ANY)
    r"[a-z](?<![^\s(][a-z])[^\s,;&]*"
)
"""Words that open with a lower-case letter (after a space or a bracket)."""
_LOWER_WORD_AFTER = re.compile(r"[\s(]([a-z][^\s,;&]*)")
"""A word of :data:`_LOWER_WORD` that does not start the text, with the character before it."""


def _lower_words(text: str) -> list[str]:
    """``_LOWER_WORD.findall(text)``, tried only after spaces and brackets.

    The pattern opens with a lower-case letter, so the engine would try a match at every
    letter of a name; a word that does not start the text follows a space or a "(", which
    no word holds.
    """
    first = _LOWER_WORD.match(text) if "a" <= text[:1] <= "z" else None
    if first is None:
        return _LOWER_WORD_AFTER.findall(text)
    words = [first.group()]
    words.extend(_LOWER_WORD_AFTER.findall(text, first.end()))
    return words


def _is_lower_initial(word: str) -> bool:
    """Whether ``word`` is an initial in lower case, "d." (a list typed all in lower case)."""
    return len(word) == 2 and word[1] == "." and word[0].isalpha() and word[0].islower()


def _looks_like_name_list(text: str) -> bool:
    """A cheap test that ``text`` is an author list, not a title or a whole sentence."""
    stripped = text.strip(" ,;.")
    if not stripped or len(stripped) > 2000:
        return False
    if _has_non_name_character(stripped):
        return False
    # Without "and" the pattern splits at [,;&] only, which plain str.split does faster.
    pieces = (
        _NAME_PIECES.split(stripped)
        if "and" in stripped
        else stripped.replace(";", ",").replace("&", ",").split(",")
    )
    if max(map(len, map(str.split, pieces))) > 6 and not (
        # "House of Lords Select Committee on Artificial Intelligence (2018)"
        "," not in stripped and len(stripped.split()) <= 16 and is_corporate(stripped)
    ):
        return False
    # "Abbeel, P. Denoising diffusion probabilistic models": lower-case words that are no
    # particles ("van", "de") belong to a title.
    lower_words = _lower_words(stripped)
    if len(lower_words) >= 2 and len(_LOWER_NAME_WORDS.intersection(lower_words)) + 2 <= len(
        set(lower_words)
    ):
        for piece in pieces:
            lower = [word for word in piece.split() if word[:1].islower()]
            if (
                len(lower) >= 2
                and sum(
                    word not in _LOWER_NAME_WORDS and not _is_lower_initial(word) for word in lower
                )
                >= 2
                and not is_corporate(piece)
            ):
                return False
    # Every full stop must close an initial or "et al." / "Jr."; a full word before a full
    # stop followed by more text means a sentence (a title) has started.
    position = stripped.find(". ")
    while position != -1:
        token = stripped[
            max(stripped.rfind(" ", 0, position), stripped.rfind(",", 0, position)) + 1 : position
        ]
        bare = token.strip("(")
        if not (
            not bare  # a spaced ellipsis ". . ." before the last name (APA 7)
            or is_initials(bare + ".")
            or bare.lower() in {"al", "jr", "sr", "eds", "ed"}
            or _is_lower_initial(bare + ".")
        ):
            return False
        position = stripped.find(". ", position + 1)
    return True


def _split_authors(text: str, fields: _Fields) -> tuple[str, str]:
    """The author list and the rest, found by the first cue that applies."""
    window = min(len(text), 2000)
    year = _search_paren_year(text, window)
    if year is not None and year.start() > 0 and _looks_like_name_list(text[: year.start()]):
        _take_year(year, fields)
        rest = text[year.end() :].lstrip(" .,:;")
        reprint = _REPRINT_YEAR.match(rest) if year.group(1) and rest[:1].isdigit() else None
        if reprint is not None and int(reprint.group(1)) > int(year.group(1)):
            # Chicago's reprint form "(1983) 2012. Title": the original's year in
            # parentheses, then the year of the edition cited, which is the year.
            fields.notes.append(f"first published {year.group(1)}")
            fields.year = int(reprint.group(1))
            fields.year_suffix = reprint.group(2) or None
            rest = rest[reprint.end() :]
        return text[: year.start()], rest
    bare = _find_bare_year(text, window)
    if bare is not None and bare.start() > 0 and _looks_like_name_list(text[: bare.start()]):
        # "Siegel RL, Jemal A. Cancer statistics, 2019. CA Cancer J Clin. 2019;69": a
        # Vancouver list that ends before the year is the list, the year is the title's.
        end = _vancouver_end(text)
        if (
            end is not None
            and end < bare.start()
            and _TWO_LETTERS.search(text, end, bare.start())
            and not _is_direct_name_list(text[: bare.start()])
        ):
            return text[:end], text[end:]
        _take_year(bare, fields)
        fields.year_bare = True
        return text[: bare.start()], text[bare.end() :]
    quote_at = _find_open_quote(text)
    if quote_at is not None and quote_at > 0:
        before = text[:quote_at]
        if (before.rstrip()[-1:] in ".,:;" or before.rstrip().endswith(" et al")) and (
            _looks_like_name_list(before) or _is_acronym_body(before)
        ):
            return before, text[quote_at:]
    if quote_at == 0:
        return "", text
    # Springer LNCS: "Smith, T.F., Waterman, M.S.: Identification of ...": a colon after
    # the last initials ends the list.
    colon = text.find(".: ", 0, window)
    if colon > 0 and _looks_like_name_list(text[: colon + 1]):
        return text[: colon + 1], text[colon + 2 :]
    end = _vancouver_end(text)
    if end is not None:
        return text[:end], text[end:]  # the shape is strict: "Family AB" names only
    end = _mhra_end(text) if text.endswith((")", ").")) or ("(" in text and ":" in text) else None
    if end is not None:
        return text[:end], text[end:]
    end = _ieee_end(text)
    if end is None:
        end = _first_sentence_end(text, names=True)
    if end is None:
        # OSCOLA "Law Commission, Making a Will (Law Com CP No 231, 2017)": no full stop.
        comma = text.find(", ", 0, 121)
        if comma > 0 and _corporate_before_title(text, comma):
            return text[:comma], text[comma + 1 :]
        return "", text
    authors_text = text[:end]
    comma = authors_text.find(", ")
    if 0 < comma <= 120 and _corporate_before_title(authors_text, comma):
        return text[:comma], text[comma + 1 :]
    if (
        not _looks_like_name_list(authors_text)
        and not is_corporate(authors_text)
        and len(authors_text.split()) > 8
    ):
        return "", text
    return authors_text, text[end:]


_LATER_YEAR = re.compile(r"/\s*((?:1[5-9]|20)\d\d)\b")
_REPRINT_YEAR = re.compile(r"((?:1[5-9]|20)\d\d)([a-z])?\.\s+")


_MHRA_IMPRINT = re.compile(r"\([^()]{2,80}?:\s*[^()]{2,120}?,\s*(?:c\.\s*)?(?:1[5-9]|20)\d\d\)")
"""MHRA's publication details in brackets: "(London: Fontana, 1976)"."""


_OSCOLA_IMPRINT = re.compile(
    r"\s\((?:(?P<edition>\d{1,2})(?:st|nd|rd|th)\s+edn,\s+)?"
    r"(?P<publisher>[A-Z][\w.&'\u2019-]*(?:\s(?:[A-Z][\w.&'\u2019-]*|&|and|of|the)){0,6})"
    r"\s(?P<year>(?:1[5-9]|20)\d\d)\)\.?$"
)
"""OSCOLA's publisher and year in brackets, no comma between: "(Allen Lane 2010)" (a name
in capitals, not APA's "(Original work published 1946)"), maybe after the edition: "(7th
edn, OUP 2013)"."""


def _mhra_end(text: str) -> int | None:
    """Where an MHRA bibliography's author ends: "Williams, Raymond, Keywords (London: ...".

    MHRA inverts the first name and separates it from the title by a comma only, so the
    shape is strict: a family name, a given name written out (or initials), a comma and a
    capitalised title, with the publication details in brackets later on.
    """
    pieces = text.split(", ", 2)
    if (
        len(pieces) >= 2
        and pieces[1][:1].isupper()
        and _is_direct_name_list(pieces[0])
        and not is_corporate(pieces[0])
        and (_OSCOLA_IMPRINT.search(text) or _MHRA_IMPRINT.search(text))
    ):
        # OSCOLA "Tom Bingham, The Rule of Law (Allen Lane 2010)", MHRA "Raymond Williams,
        # The Country and the City (London: Chatto & Windus, 1973)": the name written out.
        return len(pieces[0])
    if len(pieces) < 3 or not pieces[2][:1].isupper():
        return None
    family, given = pieces[0], pieces[1]
    if not (looks_like_person(family, max_words=3) and looks_like_person(given, max_words=4)):
        return None
    if any(word[:1].islower() and word.lower() not in PARTICLES for word in family.split()):
        return None
    return len(family) + len(given) + 2 if _MHRA_IMPRINT.search(text) else None


def _is_direct_name_list(text: str) -> bool:
    """Whether ``text`` lists names written out in direct order, as ACM does: "Emily M.
    Bender, Timnit Gebru, and Angelina McMillan-Major." (no compact "Smith JA" among them).

    Each name is two to four capitalised words with lower-case letters, or initials
    ("M.") between them; "et al." may end the list.
    """
    pieces = text.strip(" .,").replace(" and ", ", ").split(", ")
    if pieces[-1] in ("et al", "et al."):
        pieces.pop()
    for piece in pieces:
        words = piece.removeprefix("and ").split()
        if not 2 <= len(words) <= 4 or is_initials(words[-1]) or is_initials(words[0]):
            return False
        for word in words:
            if not word[:1].isupper():
                return False
            if not (is_initials(word) or any(map(str.islower, word[1:]))):
                return False
    return bool(pieces)


def _is_acronym_body(before: str) -> bool:
    """Whether ``before`` (the text ahead of a quoted title) is a standards body or other
    group named by an acronym with a digit, then a comma: "3GPP, ", "W3C, ", "5G PPP, ".

    The digit keeps such a name out of :func:`_looks_like_name_list`, which takes no digits.
    """
    stripped = before.rstrip()
    if not stripped.endswith(",") or len(stripped) > 30:
        return False
    words = stripped[:-1].split()
    if not 1 <= len(words) <= 3:
        return False
    return any(word.isupper() and any(map(str.isdigit, word)) for word in words) and all(
        word[:1].isupper() or word[:1].isdigit() for word in words
    )


def _corporate_before_title(text: str, comma: int) -> bool:
    """Whether ``text`` opens with a group author and a comma, then the title.

    Elsevier and Science write "CMS Collaboration, Observation of a new boson ...": the
    first piece names an organisation and the next does not read as a person's name.
    """
    if not is_corporate(text[:comma]):
        return False
    following = text[comma + 2 :].split(",", 1)[0].strip(" .")
    return len(following.split()) > 2 and not looks_like_person(following, max_words=6)


def _take_year(match: re.Match[str], fields: _Fields) -> None:
    if match.group(1):
        later = _LATER_YEAR.search(match.group(0)) if "/" in match.group(0) else None
        if later is not None:
            # "(1890/1950)": the first year is the original's, the second the edition cited.
            fields.year = int(later.group(1))
            fields.year_suffix = None
            return
        fields.year = int(match.group(1))
        fields.year_suffix = match.group(2) or None
    elif match.group(3):
        fields.notes.append(match.group(3))


_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "2nd", "3rd", "4th", "ii", "iii", "iv"})


@lru_cache(maxsize=8192)
def _is_vancouver_name(part: str) -> bool:
    """ "Smith AB", "van der Berg J-P", "Петрова А": family words, then bare initials."""
    words = part.split(" ")
    if len(words) == 1:
        return is_caseless_word(words[0])
    if not 2 <= len(words) <= 5:
        return False
    if len(words) > 2 and words[-1].lower() in _NAME_SUFFIXES:
        words = words[:-1]  # "Reynolds CF 3rd", "Jack CR Jr"
    initials = words[-1].replace("-", "")
    if not (initials.isalpha() and initials.isupper() and len(initials) <= 4):
        return False
    return all(word[:1].isalpha() and not word.isupper() for word in words[:-1] if word)


def _vancouver_end(text: str) -> int | None:
    stop = text.find(". ")
    if stop == -1:
        stop = len(text) - 1 if text.endswith(".") else -1
    if stop <= 0:
        return None
    parts = text[:stop].split(", ")
    if parts and parts[-1].strip().lower() in {"et al", "et al.", "eds", "editors", "ed"}:
        parts = parts[:-1]
    if not parts:
        return None
    if all(map(_is_vancouver_name, map(str.strip, parts))):
        return stop
    behalf = parts[-1].find(" on behalf of ")
    if behalf > 0:
        # "Knight M, Kurinczuk JJ (Eds.) on behalf of MBRRACE-UK. Title": the group the
        # named people wrote for closes the list.
        parts[-1] = _EDITOR_SUFFIX.sub("", parts[-1][:behalf])
        if all(map(_is_vancouver_name, map(str.strip, parts))):
            return stop
    return None


_IEEE_NAME = re.compile(
    r"(?:[^\W\d_][a-z]?\.\s?-?\s?)+"
    r"(?:(?:[vV]an|[vV]on|der|den|[dD]e|[dD]el|[dD]ella|[dD]i|[dD]a|[dD]os|[dD]u|[lL]a|[lL]e|ten|ter)\s)*"
    r"[^\W\d][\w'\-]*"
    r"(?:\sy\s[^\W\d][\w'\-]*)?"
)


_IEEE_START = re.compile(r"(?:[^\W\d_a-z][a-z]?\.\s?-?\s?)+[^\W\d]")
_IEEE_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|,\s*&\s*|\s+and\s+|\s*&\s*|,\s*)")
_IEEE_ET_AL = re.compile(r",?\s*et\s*al\.?")


def _ieee_end(text: str) -> int | None:
    """End of an author list of direct names with initials ("A. B. Smith, C. Jones, and ...")."""
    if not _IEEE_START.match(text):
        return None
    position = 0
    end: int | None = None
    while position < len(text):
        match = _IEEE_NAME.match(text, position)
        if match is None:
            break
        if text.startswith(".", match.end()) and is_journal_abbreviation(
            match.group(0).rsplit(" ", 1)[-1]
        ):
            break  # "..., and H. Krieg, J. Chem. Phys. 132": the journal, not a name
        end = match.end()
        sep = _IEEE_SEPARATOR.match(text, end)
        etal = _IEEE_ET_AL.match(text, end)
        if etal is not None:
            return etal.end()
        if sep is None:
            break
        position = sep.end()
    return end


def _first_sentence_end(text: str, names: bool) -> int | None:
    """Index just past the first full stop that ends a sentence rather than an abbreviation."""
    position = text.find(". ")
    while position != -1:
        token = text[text.rfind(" ", 0, position) + 1 : position]
        bare = token.lstrip("(\u201c\u2018\"'").rsplit(",", 1)[-1]
        lower = bare.lower()
        abbreviation = lower in _SENTENCE_ABBREVIATIONS or (len(bare) == 1 and bare.isupper())
        if names and lower == "al" and text.endswith("et al", 0, position):
            return position + 1
        if names and lower in ("ed", "eds") and text.endswith(", " + bare, 0, position):
            return position + 1  # Chicago "Morris, Frances, ed. Title": the editor's mark
        if names:
            abbreviation = abbreviation or (is_initials(bare + ".") and len(bare) <= 6)
            abbreviation = abbreviation and not (
                len(bare) >= 2 and bare.isupper() and "." not in bare
            )
            if abbreviation and _initials_close_inverted_name(text, position):
                return position + 1
        else:
            abbreviation = (
                abbreviation
                or (len(bare) <= 3 and "." in bare)
                # "2. Classification and diagnosis": a numbered part opening a title.
                or (position == len(bare) and bare.isdigit() and len(bare) <= 2)
                # "Planck 2018 results. VI. Cosmological parameters": a numbered part.
                or (
                    text[position + 2 : position + 3] in _ROMAN_FIRST
                    and _ROMAN_PART.match(text, position + 2) is not None
                )
                or _is_roman_part(bare, text, position)
            )
        if not abbreviation:
            # A one-letter slice is a cached string: a cheap test before startswith.
            if (
                names
                or text[position + 2 : position + 3] != "P"
                or not text.startswith("Part ", position + 2)
            ):
                return position + 1
            part = _PART_NUMBER.match(text, position + 2)
            if part is None:
                return position + 1
            if part.group(0)[-1] != ":":
                return part.end() - 1  # "...adaptations. Part I. Sports Med": the title's
            position = part.end() - 1  # "... Part I: short term ...": the part's own title
        position = text.find(". ", position + 1)
    if text[-1:] == "." and len(text) > 1:
        return len(text)
    return None


_PART_NUMBER = re.compile(r"Part (?:[IVX]{1,4}|\d{1,2})(?:\.(?: |$)|:)")
"""A part's number in a title, after its sentence, ending it ("Detraining: ... Part I.
Sports Med") or before the part's own title ("... Part I: short term ...")."""


_ROMAN_PART = re.compile(r"[IVX]{1,5}\.\s+[A-Z]")
_ROMAN_FIRST = frozenset("IVX")
"""The letters a match of :data:`_ROMAN_PART` can open with (a cheap pre-check)."""


def _is_roman_part(bare: str, text: str, position: int) -> bool:
    """Whether ``bare`` is a Roman part number inside a title ("results. VI. Cosmological")."""
    return (
        0 < len(bare) <= 5
        and not bare.strip("IVX")
        and text[position - len(bare) - 2 : position - len(bare)] == ". "
        and text[position + 2 : position + 3].isupper()
    )


def _initials_close_inverted_name(text: str, position: int) -> bool:
    """Whether the initials ending at ``position`` finish "Family, I. J." and the list.

    In an inverted list the next name follows a comma or a conjunction, so initials
    followed by ". " and then a word that is neither another initial nor a conjunction
    end the author list ("van der Berg, L. Algorithms and policy...").
    """
    following_raw = text[position + 2 : position + 40].split(" ", 1)[0]
    # "..., A. Singh, F. Chen": initials before a family name, unless they close an
    # inverted name ("Kahneman, D. Thinking, Fast and Slow").
    comma_follows = following_raw.endswith(",")
    if comma_follows and is_initials(following_raw[:-1]):
        return False  # "Park, A. B., and ...": more initials of the same name
    following = following_raw.rstrip(";")
    if not following or following.lower() in _LIST_WORDS:
        return False
    if is_initials(following) and not _opens_title(text, position + 2, following):
        return False
    if following.startswith(("(", "[")):
        return False
    start = position
    while True:
        space = text.rfind(" ", 0, start)
        token = text[space + 1 : start + 1] if space != -1 else text[: start + 1]
        if not is_initials(token.strip(",")) or token.endswith(","):
            break
        if space == -1:
            return False
        start = space
    if text[start - 1 : start] != ",":
        return _given_name_and_initials(text[:start])
    if "," not in text[: start - 1] and _given_name_after_initial(following, text, position):
        return False  # MLA "Hayles, N. Katherine. How We Think": the name goes on
    # "Zoë, W., A. Singh": a group after other initials opens a direct-order name.
    previous = text[: start - 1].rsplit(" ", 1)[-1]
    if is_initials(previous):
        return False
    return not comma_follows or _opens_inverted_name(text[: start - 1 - len(previous)])


def _given_name_after_initial(following: str, text: str, position: int) -> bool:
    """Whether ``following``, after the initial ending at ``position``, is a given name
    written out that ends the name: "N. Katherine. How We Think", "F. Scott. The Great
    Gatsby" (one capitalised word with its full stop, a capital after it)."""
    word = following[:-1]
    if following[-1:] != "." or len(word) < 3 or not (word.isalpha() and word.istitle()):
        return False
    after = position + 2 + len(following)
    return text[after : after + 1] == " " and text[after + 1 : after + 2].isupper()


def _opens_inverted_name(before: str) -> bool:
    """Whether a family name after ``before`` opens an inverted name: it starts the list,
    or follows a conjunction or the initials of the name before ("Smith, J., Jones")."""
    before = before.rstrip()
    if not before or before.endswith(("&", " and")):
        return True
    return before.endswith(",") and is_initials(before[:-1].rsplit(" ", 1)[-1])


_LIST_WORDS = frozenset({"&", "and", "et", "eds", "(eds)", "(ed.)", "(eds.)"})


def _opens_title(text: str, start: int, word: str) -> bool:
    """Whether the capital ``word`` at ``start``, after dotted initials, is the article "A".

    Initials in a list written with full stops keep them, so a bare "A" followed by a word
    that is not an initial opens the title: "Sheldrick, G. M. A Short History of SHELX".
    """
    if word != "A" or text[start + 1 : start + 2] != " ":
        return False
    following = text[start + 2 : start + 40].split(" ", 1)[0]
    return bool(following) and following[:1].isalpha() and not is_initials(following)


def _given_name_and_initials(head: str) -> bool:
    """Whether ``head`` is "Family, Given" (before an initial): "Said, Edward W. Title".

    Only for a single inverted name opening the list, so that a direct-order name later in
    a list ("..., and Christopher D. Manning") never ends it at its middle initial.
    """
    family, comma, given = head.rstrip().rpartition(", ")
    if not comma or not family or "," in family or " and " in family or "&" in family:
        return False
    if len(family.split()) > 3 or not given[:1].isupper() or not given.replace("-", "").isalpha():
        return False
    return not is_initials(given)


_QUOTE_CHARS = re.compile("[" + "".join(_OPEN_QUOTES) + "]")


def _first_quote(text: str) -> int:
    """Where the first quotation mark of ``text`` is (len(text) when there is none)."""
    if not text.isascii():
        found = _QUOTE_CHARS.search(text)
        return len(text) if found is None else found.start()
    double, single = text.find('"'), text.find("'")  # the only ASCII quotation marks
    if double < 0:
        return len(text) if single < 0 else single
    return double if single < 0 or double < single else single


def _find_open_quote(text: str) -> int | None:
    """Position of the first quotation mark that opens a quoted title."""
    for found in _QUOTE_CHARS.finditer(text, _first_quote(text)):
        index = found.start()
        character = text[index]
        if character in "'\u2018" and index > 0 and text[index - 1].isalnum():
            continue  # an apostrophe inside a word
        following = text[index + 1 : index + 2]
        if character in "'\"" and not following.isalnum() and following not in "\u00bf\u00a1([":
            continue  # a straight quote that opens nothing (a closing quote, a prime)
        if _find_close_quote(text, index) is not None:
            return index
    return None


def _closers(opener: str) -> re.Pattern[str]:
    closers = {_OPEN_QUOTES[opener]}
    if opener == "\u201c":
        closers.add('"')
    elif opener == '"':
        closers.add("\u201d")
    elif opener == "\u2018":
        closers.add("'")
    return re.compile("[" + re.escape("".join(sorted(closers))) + "]")


_CLOSERS = {opener: _closers(opener) for opener in _OPEN_QUOTES}
"""Per opening quotation mark, the marks that may close it."""


def _find_close_quote(text: str, start: int) -> int | None:
    opener = text[start]
    fallback: int | None = None
    limit = min(len(text), start + 1000)
    for found in _CLOSERS[opener].finditer(text, start + 1, limit):
        index = found.start()
        after = text[index + 1 : index + 3]
        if opener in "\u2018'" and index + 1 < len(text) and text[index + 1].isalnum():
            continue  # an apostrophe inside a word (Actor's)
        if after == "" or after[0] in ",.;:)]" or (after[0] == " " and opener not in "\u2018'"):
            return index
        if fallback is None and after[0] == " ":
            fallback = index
    if opener in "\u2018'":
        return fallback
    return None


_PLACE_PUBLISHER = re.compile(r"^(?P<title>.+?),\s+(?P<place>[^,:;]{2,60}):\s+(?P<pub>[^:;]+)$")


_COMMA_OR_STOP = re.compile(r"[,.]\s")


def _question_opens_title(rest: str, close: int, fields: _Fields) -> bool:
    """Whether the quoted question at the start of ``rest`` (its closing quote at
    ``close``) opens a longer unquoted title: APA '(2023). “So what if ChatGPT wrote it?”
    Multidisciplinary perspectives on ... policy. Journal, 71'.

    Only after a year (APA and Harvard lists quote no titles of their own), and only when
    a phrase with lower-case words follows: Chicago's '2000. “Why Read?” Journal of the
    History of Ideas 61' has a journal's name there.
    """
    if fields.year is None or rest[close - 1 : close] not in ("?", "!"):
        return False
    if rest[close + 1 : close + 2] != " ":
        return False
    after = rest[close + 2 : close + 200]
    words = _COMMA_OR_STOP.split(after, maxsplit=1)[0].split()
    if len(words) < 3:
        return False
    # A journal's name has capitalised words and links ("Journal of the History of
    # Ideas"); a title's phrase has other words in lower case.
    lower = [word for word in words if word.islower() and word not in _CONTAINER_LINKS]
    return len(lower) >= 2


def _split_title(rest: str, fields: _Fields) -> tuple[str, str]:
    """The title and the text after it."""
    if not rest:
        return "", ""
    if rest[0] in _OPEN_QUOTES:
        close = _find_close_quote(rest, 0)
        # '"Why should I trust you?": Explaining the predictions': a quotation opening
        # an unquoted title, not the quoted title itself.
        if (
            close is not None
            and not rest.startswith(": ", close + 1)
            and not (rest[close - 1 : close] in "?!" and _question_opens_title(rest, close, fields))
        ):
            fields.title_quoted = True
            title = rest[1:close].strip()
            if (
                title.endswith((",", ".")) and not _ends_with_abbreviation(title[:-1] + ".")
            ) or title.endswith(","):
                title = title[:-1]
            return title.strip(), rest[close + 1 :]
    end = _title_end(rest)
    title = rest[:end].strip()
    tail = rest[end:]
    if fields.year is None and title.rstrip(".")[-4:].isdigit():
        undotted = title.rstrip(".")
        dated = _DATE_AFTER_TITLE.search(undotted)
        if dated is not None and dated.group(1).lower().rstrip(".") in _K_MONTH:
            # Chicago "Darwin, Charles. Letter to J. D. Hooker, 11 January 1844.": the
            # item's date, not part of its title.
            fields.year = int(dated.group(2))
            fields.notes.append(undotted[dated.start() :].lstrip(" ,"))
            title = undotted[: dated.start()]
    if fields.year is None and not tail.strip(" .") and title[-5:-1].isdigit():
        title = _comma_separated_imprint(title, fields)
        if fields.publisher is not None:
            return title, ""
    if not tail.strip(" .") and title.count(". ") and title.count(", "):
        # "...ecology with R. Springer, New York": publisher and place after a full stop
        # that the title's last word, a single letter, hid from the sentence split.
        head, _, imprint = title.rpartition(". ")
        publisher, _, place = imprint.rstrip(".").partition(", ")
        if _has_publisher_word(publisher) and _is_place(place) and len(publisher.split()) <= 4:
            fields.publisher = publisher
            fields.place = place
            fields.type = fields.type or "book"
            return head.strip(), ""
    if not tail.strip(" .") and ": " in title:
        pieces = title.split(", ")
        for cut in range(max(1, len(pieces) - 2), len(pieces)):
            # "Title, New York: Harper & Row", "Title, Cambridge, MA: Harvard University
            # Press": a place and a publisher after a comma.
            imprint = ", ".join(pieces[cut:])
            imprint_place = _place_before_colon(imprint)
            if imprint_place is not None and (
                _has_publisher_word(imprint) or fields.year is not None
            ):
                fields.place = imprint_place
                fields.publisher = _strip_container(imprint[len(imprint_place) + 1 :])
                fields.type = fields.type or "book"
                return ", ".join(pieces[:cut]).strip(), ""
    # The pattern needs a comma and a colon: skip it cheaply when either is missing.
    match = (
        _PLACE_PUBLISHER.match(title.rstrip("."))
        if "," in title and ":" in title and not tail.strip(" .")
        else None
    )
    if match is not None:
        place, publisher = match.group("place"), match.group("pub")
        if _has_publisher_word(publisher) and not re.search(r"\d", place):
            fields.place = place.strip()
            fields.publisher = _strip_container(publisher)
            fields.type = fields.type or "book"
            return match.group("title").strip(), ""
    title = title[:-1] if title[-1:] == "." and title[-2:] != ".." else title
    if not tail.strip(" .") and title.count(", ") >= 2:
        # Harvard "Title, London, Sage": a place and a publisher after the title.
        head, place, publisher = title.rsplit(", ", 2)
        if _has_publisher_word(publisher) and _is_place(place):
            fields.place = place
            fields.publisher = publisher
            fields.type = fields.type or "book"
            return head.strip(), ""
    return title.strip(), tail


_DATE_AFTER_TITLE = re.compile(r",\s+\d{1,2}\s+([A-Z][a-z]{2,8}\.?)\s+((?:1[5-9]|20)\d\d)$")
_TRAILING_YEAR = re.compile(r"(?:,\s*)+\(?((?:1[5-9]|20)\d\d)\)?\.?$")
_SERIES_VOLUME = re.compile(r"(?:vol|no)\.\s*\d{1,5}")


def _comma_separated_imprint(title: str, fields: _Fields) -> str:
    """The title without what follows it when everything is split by commas (AMS, RSC
    books): "Title, Series, vol. 82, Publisher, Place, 1982", "Title, arXiv:..., 2002".

    The year ends it; before it a publisher and a place, and before those a series and
    its volume, go to their fields and to ``unparsed``.
    """
    year = _TRAILING_YEAR.search(title)
    if year is None:
        return title
    fields.year = int(year.group(1))
    pieces = title[: year.start()].split(", ")
    if (
        len(pieces) >= 3
        and _has_publisher_word(pieces[-2])
        and _is_place(pieces[-1].replace("-", " "))
    ):
        fields.place = pieces.pop()
        fields.publisher = pieces.pop()
        fields.type = fields.type or "book"
        if len(pieces) >= 3 and _SERIES_VOLUME.fullmatch(pieces[-1]):
            fields.unparsed.append(f"{pieces[-2]}, {pieces[-1]}")
            del pieces[-2:]
    return ", ".join(pieces).strip()


def _is_place(text: str) -> bool:
    """Whether ``text`` may be a place of publication: one to three capitalised words."""
    words = text.split()
    return 0 < len(words) <= 3 and all(word[:1].isupper() and word.isalpha() for word in words)


_LOCATOR_AHEAD = re.compile(r"(?:,|\s)\s*(?:vol\.?\s*)?\d+\s*(?:\(|,|:|;|$)")
_CHAPTER_OR_YEAR_AHEAD = re.compile(r"\s*(?:In\b|\d{4}\b)")
_TRAILING_BRACKET = re.compile(r"\s[(\[](?![^)\]]*\b(?:19|20)\d\d\b)[^()\[\]]{2,80}[)\]]\.?$")
_BRACKET_NOTE = re.compile(
    r"(?i)ed\.|eds\.?\)|edn|report|paper|thesis|dissertation|data|vol|no\.|trans\.|translat|version|"
    r"internet|online|software|computer|program|podcast|video|blog|manuscript|unpublished|preprint|"
    r"(?-i:\b(?:HC|HL|Cm|Cmnd|Cmd|Cd)\.?\s*\d)"
)


def _container_then_locator(after: str) -> bool:
    """Whether ``after`` starts with a journal name directly followed by its volume."""
    locator = _LOCATOR_AHEAD.search(after)
    if locator is None:
        return False
    prefix = after[: locator.start()]
    if not prefix or any(mark in prefix for mark in ";:?!"):
        return False
    position = prefix.find(". ")
    while position != -1:
        word = prefix[:position].rsplit(" ", 1)[-1]
        if not (word[:1].isupper() and len(word) <= 5):
            return False  # a sentence ends before the number: it is not the journal's
        position = prefix.find(". ", position + 1)
    # A journal's name is capitalised words and links: "The story of the ... Act 2012:" is
    # the rest of a title.
    return all(
        word[:1].isupper() or word in _CONTAINER_LINKS or not word[:1].isalpha()
        for word in prefix.split()
    )


_JOURNAL_LOCATOR = re.compile(
    r"(?:,\s*|\s)(?:vol\.\s*)?(?P<volume>\d{1,5})\s*(?:\(\s*(?:1[5-9]|20)\d\d\s*\)|"
    r"\([\w\s\-/]{1,12}\)|(?P<comma>,)\s*(?:pp?\.\s*)?[A-Za-z]{0,4}\d|:\s*[A-Za-z]?\d)"
)
"""A volume and what follows it: " 215 (1990)", ", 6(1)", " 349, aac4716", " 4:1"."""
_CONTAINER_LINKS = frozenset(
    {"of", "and", "the", "for", "in", "on", "&", "de", "la", "der", "und", "für", "-", "–"}
)


def _is_intercapped(word: str) -> bool:
    """A name written with a lower-case letter, then a capital: "eLife", "eTransportation",
    "iScience" (journals named so, which start with no capital)."""
    return word[:1].islower() and word[1:2].isupper() and word[2:3].islower()


def _comma_before_container(rest: str, end: int) -> int | None:
    """Where an unquoted title ends at a comma before its journal.

    Elsevier "Title, J. Mol. Biol. 215 (1990) 403–410", Harvard without quotes "Title,
    Journal of Democracy, 6(1), pp. 65–78" and "Title, Neural Computation 9(8), 1735-80":
    the first full stop (``end``) falls inside or after the journal's name, so the title
    ends at the last comma before a name followed by its volume.
    """
    limit = min(len(rest), end + 160)
    locator = _JOURNAL_LOCATOR.search(rest, 0, limit)
    if locator is None:
        return None
    comma = rest.rfind(", ", 0, locator.start())
    if comma <= 0:
        # "database version 3 (part I): overview, Int. J. ... 21 (2016)": a number in the
        # title before any comma is no volume; the journal's locator comes later.
        locator = _JOURNAL_LOCATOR.search(rest, locator.end(), limit)
        if locator is None:
            return None
        comma = rest.rfind(", ", 0, locator.start())
    if comma <= 0 or comma >= end or "in: " in rest[:comma] or "In: " in rest[:comma]:
        return None
    if locator.group("comma") and 1500 <= int(locator.group("volume")) < 2100:
        return None  # "Cambridge, MA, 1986, pp. 318": a book's place and year
    if locator.group("comma") and _YEAR_ENDS_SENTENCE.match(rest, locator.end() - 1):
        return None  # "Millennium Cohort Study: Age 17, Sweep 7, 2018.": a wave, no volume
    name = rest[comma + 2 : locator.start()].strip()
    words = name.split()
    if not 0 < len(words) <= 12 or not (words[0][:1].isupper() or _is_intercapped(words[0])):
        return None
    for word in words:
        if not (
            word[:1].isupper()
            or word[:1] == "("
            or word in _CONTAINER_LINKS
            or _is_intercapped(word)
        ):
            return None
    if any(mark in name for mark in '?!:;\u201c\u201d"'):
        return None
    position = name.find(". ")
    while position != -1:
        word = name[:position].rsplit(" ", 1)[-1]
        if not (
            len(word) <= 5
            or is_journal_abbreviation(word)
            # "Inf. Process. Manag.": a word before a shortened word is shortened too.
            or _opens_with_abbreviation(name[position + 2 :])
            # "Renew. Sustain. Energy Rev.": so is a short word before a later one.
            or (len(word) <= 8 and _ends_with_journal_abbreviation(name[position + 2 :]))
        ):
            return None  # a sentence ends inside: not one journal's name
        position = name.find(". ", position + 1)
    return comma


_YEAR_ENDS_SENTENCE = re.compile(r"(?:1[5-9]|20)\d\d(?:\.\s|\.?$)")
_EDITION_AFTER_TITLE = re.compile(
    r",\s+(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|rev(?:ised)?\.?)\s+(?:edn|ed|edition)\b",
    re.IGNORECASE,
)


_VANCOUVER_DATE_AHEAD = re.compile(r"\.?\s*(?:1[5-9]|20)\d\d(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?;")


def _title_end(rest: str) -> int:
    """End of an unquoted title: the first sentence end, or a "?"/"!" before the container."""
    end = _first_sentence_end(rest, names=False)
    if end is None:
        end = len(rest)
    if ", " in rest[:end]:
        comma = _comma_before_container(rest, end)
        if comma is not None:
            return comma
    candidate = rest[:end]
    # "Why X? Journal, 12(3)": a question mark ends the title when what follows it already
    # carries the volume and pages.
    for mark in ("? ", "! "):
        index = candidate.find(mark)
        while index != -1:
            after = candidate[index + 2 :]
            if (
                _container_then_locator(after)
                or _CHAPTER_OR_YEAR_AHEAD.match(after)
                # "complete? Phys. Rev. 47, 777": the journal's name has its own full stops.
                or (
                    _opens_with_abbreviation(after)
                    and _container_then_locator(rest[index + 2 : end + 200])
                )
                # Vancouver "in the ocean? PLoS Biol. 2011;9": a short journal name, then
                # the year and a semicolon.
                or (len(after.split()) <= 6 and _VANCOUVER_DATE_AHEAD.match(rest, end))
                # "What Can Be Done? Cambridge, MA: Harvard University Press"
                or (": " in after and _place_before_colon(after) is not None)
                # "...computerisation? Oxford Martin School Working Paper": a report series
                or (
                    not after.startswith(("A ", "An ", "The ", "(", "["))
                    and _REPORT.search(after) is not None
                )
                # APA "Is technology good for education? Polity Press." and "...false?
                # Journal of Experimental Social Psychology." (in press): a publisher or a
                # journal's name is all that follows the question.
                or (end == len(rest) and _is_venue_name(after))
            ):
                return index + 1
            index = candidate.find(mark, index + 1)
    # IEEE and Springer books: "Title, 3rd ed. Place: Publisher, 2010".
    if " ed" in candidate:
        edition = _EDITION_AFTER_TITLE.search(candidate)
        if edition is not None:
            return edition.start()
    # Elsevier chapters: "Title, in: Editors (Eds.), Book".
    chapter = candidate.find(", in: ")
    if chapter == -1:
        chapter = candidate.find(", In: ")
    if chapter != -1:
        return chapter
    # ACS books: "Title; Publisher: Place, 2019".
    semicolon = candidate.find("; ")
    if semicolon != -1:
        after = candidate[semicolon + 2 :]
        if _has_publisher_word(after) or re.match(r"[^;:]{2,40}:\s", after):
            return semicolon
    # APA: "Title (Report No. 12). Publisher" and "Title [Doctoral dissertation, X]".
    # "Title (M. Cook, Trans.)", "Title (version 1.4) [Data set]": notes after the title.
    cut = len(candidate)
    for _ in range(3):
        bracket = _TRAILING_BRACKET.search(candidate, max(0, cut - 90), cut)
        if bracket is None or not _BRACKET_NOTE.search(bracket.group(0)):
            break
        cut = bracket.start()
    return end if cut == len(candidate) else cut


def _is_venue_name(text: str) -> bool:
    """Whether ``text`` names a publisher ("Polity Press", "UNESCO Publishing") or a
    journal ("Journal of Experimental Social Psychology"): a few capitalised words and
    links, one of them a publisher's word or "Journal"."""
    words = text.rstrip(" .").split()
    if not 0 < len(words) <= 7:
        return False
    for word in words:
        if not (word[:1].isupper() or word in _CONTAINER_LINKS):
            return False
    return "Journal" in words or _has_publisher_word(text)


def _place_before_colon(text: str) -> str | None:
    """The place in "Place: Publisher" ("London: Fontana", "Cambridge, MA: Belknap")."""
    place, colon, publisher = text.partition(": ")
    if not colon or not publisher[:1].isupper():
        return None
    pieces = place.split(", ")
    if len(pieces) > 2 or not all(
        _is_place(piece) or _PLACE_CODE.fullmatch(piece) for piece in pieces
    ):
        return None
    return place


def _may_hold_year_close(text: str) -> bool:
    """Whether a year may close a bracket in ``text``: "1976)" (a cheap pre-check)."""
    return "(" in text and any(map(text.__contains__, _DIGIT_CLOSE))


_DIGIT_CLOSE = tuple(f"{digit})" for digit in "0123456789")


def _take_mhra_imprint(tail: str, fields: _Fields) -> str:
    """Cut "(Place: Publisher, Year)" out of ``tail`` into the fields (MHRA, OSCOLA)."""
    imprint = _MHRA_IMPRINT.search(tail)
    if imprint is None:
        return tail
    inner = imprint.group(0)[1:-1]
    body, _, year = inner.rpartition(",")
    place = _place_before_colon(body)
    if place is None:
        return tail
    fields.place = place
    fields.publisher = body[len(place) + 1 :].strip()
    digits = year.strip().removeprefix("c.").strip()
    if fields.year is None and digits.isdigit():
        fields.year = int(digits)
    return _cut(tail, imprint.start(), imprint.end())


_OSCOLA_ARTICLE = re.compile(
    r"[(\[]((?:1[5-9]|20)\d\d)[)\]]\s+(?:(\d{1,4})\s+)?([A-Z][A-Za-z&.' ]{0,60}?)\s+(\d{1,5})\.?"
)
"""OSCOLA's journal details after a quoted title: "(1958) 71 Harv L Rev 593", "[1997] PL 467"."""


_REPRINT_BRACKET = re.compile(r"\b((?:1[5-9]|20)\d\d)\s*\[((?:1[5-9]|20)\d\d)\]")
"""A reprint's year and the original's in brackets: "Boston: Beacon Press, 2001 [1944]"."""
_REPRINTED = re.compile(
    r"(?:;\s*|\.\s+)(reprint(?:ed)?\b[^;]*?),?\s*((?:1[5-9]|20)\d\d)\.?$", re.IGNORECASE
)
"""A later reprint after the imprint: "...; reprinted Routledge, London, 2010", "... 1975.
Reprint, with a new afterword, 2003."."""


def _take_reprint(tail: str, fields: _Fields) -> str:
    """The year of the reprint cited becomes the year, the original's goes to the notes."""
    bracket = _REPRINT_BRACKET.search(tail) if "[1" in tail or "[20" in tail else None
    if bracket is not None and bracket.group(2) < bracket.group(1):
        fields.notes.append(f"first published {bracket.group(2)}")
        return _cut(tail, bracket.end(1), bracket.end())
    reprint = _REPRINTED.search(tail) if fields.keys & _B_REPRINT else None
    if reprint is None:
        return tail
    later = int(reprint.group(2))
    original = fields.year or _last_year(tail[: reprint.start()])
    if original is not None and original < later:
        fields.notes.append(f"first published {original}")
    fields.year = later
    fields.year_suffix = None
    words = reprint.group(1).split(None, 1)
    by = words[1].strip(" ,") if len(words) > 1 else ""
    if by[:1].isupper() and by.split(", ")[0].split()[0].lower() not in ("with", "by"):
        # "reprinted Routledge, London": the edition cited, by its own publisher.
        fields.unparsed.append(tail[: reprint.start()].strip(" .,;"))
        return by
    fields.unparsed.append(reprint.group(0).strip(" .,;"))
    return tail[: reprint.start()]


_K_REPRINT = frozenset({"reprint", "reprinted"})


def _last_year(text: str) -> int | None:
    years = _YEAR_ANY.findall(text)
    return int(years[-1][0]) if years else None


_SERVER_PREPRINT = re.compile(
    r"^[\s.,]*(?P<server>(?!arXiv\b)[A-Za-z]*[Rr][Xx]iv|SSRN|Research\s+Square|Preprints\.org|"
    r"OSF\s+Preprints)(?:\s+(?P<number>\d[\d.]*\d))?\s*\[[Pp]reprint\]\s*(?=[.,;]|$)"
)
"""A preprint server named with the NLM mark after it, and the server's number for the
paper between them: "medRxiv [Preprint]. 2020", "bioRxiv 292037 [Preprint]. 2018". The
server stands where a journal would (arXiv ids are read as identifiers elsewhere)."""


_STUDY_NUMBER = re.compile(r"\bSN:\s*\d{1,6}\b")
_SERIES_IN_PARENTHESES = re.compile(
    r"\s\(([A-Z][^()]{2,80}?,\s+(?:Vol\.|Volume)\s+\d{1,5})\)(?=[.,])"
)
"""A book's series and its volume in brackets after the book's title, as ACM writes them:
"(Lecture Notes in Computer Science, Vol. 3876)", "(Proceedings of Machine Learning
Research, Vol. 81)"."""


_MAP_SCALE = re.compile(
    r"(?:\b[Ss]cale\s+)?(?<![\d:;])1\s?:\s?\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+(?![\d\-\u2013])"
    r"(?:\s+scale\b)?"
)
"""A map's scale, its thousands grouped: "1:25 000", "1:625 000 scale", "Scale 1:50,000"."""


def _parse_tail(tail: str, fields: _Fields) -> None:
    tail = _squeeze(tail)
    if "1:" in tail or "1 :" in tail:
        tail, scale = _take_out(tail, _MAP_SCALE, fields.unparsed)
        if scale:
            # A map (Cite Them Right: "Title. Scale. Place: Publisher"): no volume and page.
            fields.type = fields.type or "other"
    if "SN:" in tail:
        # The UK Data Service's study number, "SN: 8789": no volume or page.
        tail, _ = _take_out(tail, _STUDY_NUMBER, fields.unparsed)
    if "reprint]" in tail:
        server = _SERVER_PREPRINT.match(tail)
        if server is not None:
            fields.container_title = server.group("server")
            fields.type = fields.type or "preprint"
            if server.group("number"):
                fields.unparsed.append(server.group("number"))
            tail = tail[server.end() :]
    if fields.keys & _B_REPRINT or "[1" in tail or "[20" in tail:
        tail = _take_reprint(tail, fields)
    oscola = _OSCOLA_ARTICLE.fullmatch(tail.strip(" ,")) if fields.title_quoted else None
    if oscola is not None:
        fields.year = fields.year or int(oscola.group(1))
        fields.volume = oscola.group(2)
        fields.container_title = oscola.group(3).strip()
        fields.pages = oscola.group(4)
        return
    if fields.publisher is None and ": " in tail and _may_hold_year_close(tail):
        tail = _squeeze(_take_mhra_imprint(tail, fields))
    edition = _EDITION.search(tail) if fields.keys & _B_EDITION else None
    if edition is not None:
        word = edition.group(2)
        fields.edition = edition.group(1) or (_ORDINALS.get(word.lower(), word) if word else None)
        tail = _cut(tail, edition.start(), edition.end())
        tail = _squeeze(tail)
    if fields.keys & _B_THESIS and _THESIS.search(tail):
        fields.type = "thesis"
    elif fields.keys & _B_REPORT and (
        _REPORT.search(tail) or (not fields.title_quoted and _REPORT.search(fields.title or ""))
    ):
        fields.type = "report"
        fields.report_in_title = _REPORT.search(tail) is None
        series, stop, after_series = tail.lstrip(" .").partition(". ")
        if (
            fields.title
            and fields.title.endswith("?")
            and stop
            and series[:1] not in "(["
            and _REPORT.search(series)
        ):
            # "...computerisation? Oxford Martin School Working Paper. Oxford: ...": the
            # series after a question is no publisher.
            fields.unparsed.append(series)
            tail = after_series
    elif fields.keys & _B_DATASET and _DATASET.search(tail) and not _is_proceedings(tail):
        fields.type = "dataset"
    elif fields.keys & _B_WEB and _WEB.search(" ".join(filter(None, [fields.title or "", tail]))):
        # Vancouver marks any online item "[Internet]": "GenBank [Internet]" is a database.
        dataset = fields.keys & _B_DATASET and _DATASET.search(fields.title or "")
        fields.type = "dataset" if dataset else "webpage"
    if "/" in tail or fields.keys & _B_TAIL_CUES:
        rest = _rare_tail_shapes(tail, fields)
        if rest is None:
            return
        tail = rest
    chapter = _IN.match(tail) if tail.lstrip(" .,;")[:2] in _IN_WORDS else None
    if chapter is not None:
        if "vol" in fields.words or "volume" in fields.words:
            in_series = _SERIES_IN_PARENTHESES.search(tail)
            if in_series is not None:
                # ACM: "In Theory of Cryptography (TCC 2006) (Lecture Notes in Computer
                # Science, Vol. 3876). Springer": the series and its volume, not the book's.
                fields.unparsed.append(in_series.group(1))
                tail = _cut(tail, in_series.start(), in_series.end())
        tail = _parse_chapter(tail[chapter.end() :], fields)
    elif fields.keys & _B_EDITED:
        edited_by = _search_from_key(_EDITED_BY, tail, _EDITED_BY_KEYS, ",")
        if edited_by is not None and not tail[: edited_by.start()].strip(" .,;"):
            # MLA "Title. Edited by Name, Publisher, 1998": the editors of this book.
            after = tail[edited_by.end() :]
            names_end = _editors_end(after)
            fields.editors = parse_names(after[:names_end])[0]
            tail = after[names_end:]
        elif edited_by is not None:
            tail = _parse_chapter(tail, fields)
    _parse_locators(tail, fields)


def _rare_tail_shapes(tail: str, fields: _Fields) -> str | None:
    """Document numbers, patents, translators, "Epub" notes and papers given at meetings.

    Returns the tail left for the usual reading, or None when it was read whole.
    """
    symbol = "/" in tail or "final" in fields.words or "com" in fields.words
    session = fields.keys & _B_PAPER_CODES != 0
    number = fields.keys & _B_REPORT != 0 and fields.keys & _B_NUMBER != 0
    if symbol or session or number:
        tail = _cut_document_numbers(tail, fields, (session, number, symbol))
    if "patent" in fields.words or (
        fields.keys & _B_PATENT_CODES and _PATENT_CODE_PIECE.search(tail)
    ):
        patent = _PATENT().search(tail)
        if patent is not None:
            fields.unparsed.append(patent.group(0).strip())
            fields.type = fields.type or "other"  # refenrich has no type of its own for patents
            tail = _cut(tail, patent.start(), patent.end())
    if fields.keys & _B_TRANSLATED:
        tail = _cut_translators(tail, fields)
    if "epub" in fields.words:
        epub = _EPUB.search(tail)
        if epub is not None:
            fields.notes.append(epub.group(0).rstrip(". "))
            tail = _cut(tail, epub.start(), epub.end())
    if "tech" in fields.words:
        document = _TECH_DOCUMENT.search(tail)
        if document is not None:
            # The number is the document's in its issuer's series: no volume or page.
            fields.unparsed.append(document.group(0).lstrip(", "))
            fields.type = fields.type or "report"
            tail = tail[: document.start()] + tail[document.end() :]
    if "presented" in fields.words:
        presented = _PRESENTED.match(tail)
        if presented is not None:
            _parse_presented(tail[presented.end() :], fields)
            return None
    return tail


_K_PAPER_CODES = frozenset({"session", "hc", "hl", "cm", "cmnd", "cd", "cmd", "cp"})
_K_NUMBER = frozenset({"no", "number", "nr"})
_K_PATENT_CODES = frozenset({"us", "ep", "wo", "gb", "jp", "cn"})
_REPORT_NUMBER = re.compile(
    r"\b(?:report|paper|brief|briefing|note|series,?|bulletin)\s+(?:no\.?|number|nr\.?)\s*"
    r"[A-Z]{0,5}[\s\-]?\d[\w\-/.]*?(?=[)\].,;]*(?:\s|$))",
    re.IGNORECASE,
)
"""A report's number in its series: "NCHS Data Brief No. 288", "Working Paper No. w1234",
"WHO Technical Report Series, No. 1004" (a comma only after "Series": MLA's "ADE
Bulletin, no. 150" is a journal's issue)."""
_PAPER_CODE = r"(?:HC|HL(?:\s+Paper)?|Cm|Cmnd|Cmd|Cd|CP)\.?\s*\d{1,5}(?:" + _DASH + r"[IVX]+)?"
_PAPER_NUMBER = r"(?:\(" + _PAPER_CODE + r"\)|(?<![\w(])" + _PAPER_CODE + r"(?![\w)]))"
_SESSION = re.compile(
    r"\b(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?\s+)?(?:Report|Paper)\s+of\s+Session\s+\d{4}\s*"
    + _DASH
    + r"\s*\d{2,4}(?:,?\s*"
    + _PAPER_NUMBER
    + r")?|"
    + _PAPER_NUMBER
)
"""UK parliamentary papers: "Ninth Report of Session 2017–19", "(HC 1054)", "Cm 9423"."""
_DOCUMENT_SYMBOL = re.compile(
    r"(?<!\S)(?:[A-Z]{1,6}(?:/[A-Z0-9.\-]+){2,}(?:\s?\((?:[IVXL]+|\d{4})\))?|"
    r"(?:COM|SEC|SWD|JOIN)\s?\(\d{4}\)\s?\d{1,4}(?:\s+final)?)(?=[.,;]?(?:\s|$))"
)
"""A United Nations document symbol ("A/RES/70/1", "S/RES/1325 (2000)", "E/CN.4/1998/53")
or a European Commission document's ("COM(2019) 640 final")."""


def _cut_document_numbers(tail: str, fields: _Fields, which: tuple[bool, bool, bool]) -> str:
    """Cut a report's series number, a parliamentary paper's, or a document symbol.

    They number a document in its issuer's series: the series is no journal and the
    number no issue ("NCHS Data Brief No. 288" names no container, nor issue 288).
    ``which`` tells which of the three patterns may match (from the words present).
    """
    for pattern, wanted in zip((_SESSION, _REPORT_NUMBER, _DOCUMENT_SYMBOL), which, strict=True):
        found = pattern.search(tail) if wanted else None
        while found is not None:
            start = _series_start(tail, found.start()) if pattern is _REPORT_NUMBER else None
            start = found.start() if start is None else start
            end = found.end()
            if tail[start : start + 1] == "(" and tail[end : end + 1] == ")":
                end += 1
            piece = _strip_punct(tail[start:end])
            if piece.endswith(")") and piece.count(")") > piece.count("("):
                piece = piece[:-1]
            fields.unparsed.append(piece)
            fields.type = fields.type or "report"
            tail = _cut(tail, start, end)
            found = pattern.search(tail, start + 1)
    return tail


def _series_start(tail: str, position: int) -> int | None:
    """Where the name of a report series ending at ``position`` starts: its capitalised
    words back to a full stop, comma, bracket or the start ("NBER Working Paper No.")."""
    start = position
    while True:
        before = tail[:start].rstrip(" ")
        word_start = max(before.rfind(" "), before.rfind("("), before.rfind("[")) + 1
        word = before[word_start:]
        if not word or not word[:1].isupper() or word[-1:] in ".,;:" or start - word_start > 40:
            break
        start = word_start
        if position - start > 80:
            break
    if tail[start - 1 : start] in "([" and start > 0:
        start -= 1
    return start


_PATENT = _compiled_on_first_use(
    r"\b(?:(?:(?:U\.\s?S\.|US|EP|WO|GB|DE|JP|CN|European|United\s+States)\s*)?(?:Patent|Pat\.)"
    r"(?:\s+(?:No\.?|Number|Application))?\s*:?\s*(?:[A-Z]{2})?\s?\d(?:[\d,./]*\d)?"
    r"(?:\s\d{3}\b)*(?:\s?[A-Z]\d)?|(?:US|EP|WO|GB|DE|JP|CN)\s?\d{5,}\s?[A-Z]\d?)\b",
    re.IGNORECASE,
)
"""A patent's number: "US Patent 5,789,123", "U.S. Pat. No. 4,405,829", "US6285999B1"."""
_PATENT_CODE_PIECE = re.compile(r"\b(?:US|EP|WO|GB|DE|JP|CN)\s?\d{5,}")
_K_TRANSLATED = frozenset({"translated", "trans", "translation"})
_K_TAIL_CUES = (
    _K_PAPER_CODES
    | _K_REPORT
    | _K_PATENT_CODES
    | _K_TRANSLATED
    | {"final", "com", "patent", "epub", "presented", "tech"}
)
_TECH_DOCUMENT = re.compile(
    r"(?:,\s*)?\bTech\.\s+(?:Rep|Spec|Memo)\.(?:\s+(?:(?:no\.|TS|TR)\s*)?[A-Z]{0,5}[\s\-]?\d[\w\-/.]*?"
    r"(?=[.,;]*(?:\s|$)))?(?:,\s*V\d+(?:\.\d+)*\b)?"
)
"""IEEE's mark of a technical report or specification, with its number and version:
"Tech. Rep. UCB/EECS-2009-28", "Tech. Spec. TS 38.211, V16.2.0"."""
"""Words one of which every shape :func:`_rare_tail_shapes` reads holds (with "/")."""
_TRANSLATED_BY = re.compile(
    r"(?:^|(?<=[.,]\s))(?:Translated|Trans\.|Translation)(?:\s+and\s+edited)?(?:\s+by)?\s+"
)


_TRANSLATORS_NOTE = re.compile(r"\(\s*[^()]{2,120}?,?\s*(?:Trans\.?|Translators?)\s*\)\.?")


def _cut_translators(tail: str, fields: _Fields) -> str:
    """Keep "Translated by A. Sheridan." and APA's "(R. Nice, Trans.)" out of the publisher."""
    note = _TRANSLATORS_NOTE.search(tail)
    if note is not None:
        fields.unparsed.append(note.group(0).strip("(). "))
        tail = _cut(tail, note.start(), note.end())
    found = _TRANSLATED_BY.search(tail.lstrip(" .,"))
    if found is None:
        return tail
    tail = tail.lstrip(" .,")
    after = tail[found.end() :]
    word = after.split(" ", 1)[0].rstrip(",")
    before = tail[: found.start()].rstrip().rsplit(" ", 1)[-1]
    if found.group(0).startswith("Trans.") and (
        (word.endswith(".") and is_journal_abbreviation(word[:-1]))
        or after.startswith("R. Soc")
        or (before.endswith(".") and is_journal_abbreviation(before))
    ):
        # "Trans. Amer. Inst. Elect. Eng.", "Philos. Trans. R. Soc. Lond. B": a journal's
        # Transactions
        return tail
    names_end = _editors_end(after)
    comma = after.find(", ", 0, names_end)
    if comma != -1 and not after.startswith(("and ", "& "), comma + 2):
        names_end = comma  # MLA "Translated by Wade Baskin, Philosophical Library, 1959"
    if names_end == 0:
        return tail
    fields.unparsed.append(_strip_punct(tail[found.start() : found.end() + names_end]))
    return tail[: found.start()] + " " + after[names_end:].lstrip(" .,")


_EPUB = re.compile(
    r"\bEpub\s+(?:(?:1[5-9]|20)\d\d(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?|ahead\s+of\s+print)\.?",
    re.I,
)
"""PubMed's "Epub 2020 Feb 28": when the article went online, not the year of its issue."""
_PRESENTED = re.compile(
    r"[\s.,;]*(?:(?:paper|poster|talk|lecture|keynote|address)\s+)?presented\s+(?:at|to)\s*:?\s*",
    re.IGNORECASE,
)
_EVENT_END = re.compile(r"[,;]\s|\.?$")


def _parse_presented(text: str, fields: _Fields) -> None:
    """A paper given at a meeting: "Paper presented at the Annual Meeting of X, Place, Date".

    The meeting's name is the container; its place and dates are kept unplaced, the year
    taken if none was found yet.
    """
    fields.type = fields.type or "proceedings"
    end = _EVENT_END.search(text)
    event_end = len(text) if end is None else end.start()
    sentence = _first_sentence_end(text[:event_end], names=False)
    if (
        sentence is not None
        and sentence < event_end
        and not _opens_with_abbreviation(text[sentence:].lstrip())
    ):
        event_end = sentence  # "... Philadelphia. Unpublished.": the meeting's name ends
    event = _strip_container(text[:event_end])
    fields.container_title = (event[4:] if event.startswith("the ") else event) or None
    rest = text[event_end:]
    year = _find_year(rest)
    if year is not None and fields.year is None:
        fields.year = int(year.group(1))
        fields.year_suffix = year.group(2) or None
    rest = _strip_punct(rest).rstrip(". ")
    if rest:
        fields.unparsed.append(rest)


def _parse_chapter(text: str, fields: _Fields) -> str:
    """Editors and book title after "In"; returns the text left for the locators."""
    fields.type = fields.type or "chapter"
    nature = _EDS_INSIDE.search(text)
    if nature is not None:
        editors, _ = parse_names(nature.group(1))
        fields.editors = editors
        fields.container_title = _strip_container(text[: nature.start()]) or None
        return text[nature.end() :]
    eds = _EDS_PAREN.search(text)
    edited_by = _search_from_key(_EDITED_BY, text, _EDITED_BY_KEYS, ",")
    if eds is not None and (edited_by is None or eds.start() < edited_by.start()):
        names_text = text[: eds.start()]
        if len(names_text) < 600:
            book, names_text = _split_book_and_editors(names_text)
            editors, _ = parse_names(names_text)
            fields.editors = editors
            if book:
                fields.container_title = _strip_container(_book_series(book, fields)) or None
            return text[eds.end() :]
    if edited_by is not None:
        book = text[: edited_by.start()]
        after = text[edited_by.end() :]
        names_end = _editors_end(after)
        editors, _ = parse_names(after[:names_end])
        fields.editors = editors
        fields.container_title = _strip_container(book) or None
        return after[names_end:]
    return text


def _split_book_and_editors(text: str) -> tuple[str, str]:
    """Book title and editors where both come before "eds": ACS and IEEE put the book first.

    "Book Title; Smith, R. J., Chen, A." (ACS) and "Book Title, L. Müller and F. van Dijk"
    (IEEE); "Jones A, Patel P" (Springer, Vancouver) is all editors.
    """
    if "; " in text:
        book, _, names = text.partition("; ")
        return book, names
    pieces = text.split(", ")
    cut = len(pieces)
    while cut > 0 and all(
        looks_like_person(name)
        for name in _AND_SPLIT.split(_LEADING_AND.sub("", pieces[cut - 1]))
        if name
    ):
        cut -= 1
    if cut == 0 or cut == len(pieces):
        return "", text
    return ", ".join(pieces[:cut]), ", ".join(pieces[cut:])


_AND_SPLIT = re.compile(r"\s+(?:and|&)\s+")
_LEADING_AND = re.compile(r"^(?:and|&)\s+")
_BOOK_VOLUME = re.compile(r",?\s*\b(?:vol|volume)\.?\s*(\d{1,5}[A-Za-z]?)\s*$", re.IGNORECASE)
_BOOK_SERIES = re.compile(
    r"\s*\(([^()]{0,80}\b(?:Lecture\s+Notes|Series|Studies\s+in|Methods\s+in|Advances\s+in|"
    r"Communications\s+in|Frontiers\s+in)\b[^()]{0,80}|LNCS|LNAI|LNBI|CCIS|LIPIcs)\)\s*$"
)


_K_MEDIUM = frozenset(
    {"online", "internet", "web", "webpage", "website", "data", "dataset", "computer"}
    | {"software", "program", "unpublished", "manuscript", "working", "version", "v"}
)
_MEDIUM_NOTE = re.compile(
    r"[\[(]?\s*(?:online|internet|web\s*page|website|data\s*set|dataset|computer\s+software|"
    r"(?:unpublished\s+)?(?:manuscript|working\s+paper)|unpublished|data\s+collection|"
    r"computer\s+program|software|(?:version|v\.)\s*\d[\w.\-]*(?:\s*\)\s*\[[^\[\]]{1,40})?)"
    r"\s*[\])]?",
    re.IGNORECASE,
)
"""A bracketed note of a work's medium or version, left over after the title."""
_SERIES_NAME = re.compile(
    r"LNCS|LNAI|LNBI|CCIS|LIPIcs|CEUR(?:-WS)?|Lecture\s+Notes\s+in\s+[A-Z][\w\s]{2,60}"
)
"""A book series named without a volume: the one left when "vol." was taken."""


def _book_series(book: str, fields: _Fields) -> str:
    """The book's title without a volume and series after it.

    IEEE and Springer: "in Book Title (Lecture Notes in Computer Science), vol. 9351, A.
    Editor, Ed.": the volume is the series volume, the series no part of the book's title.
    """
    volume = _BOOK_VOLUME.search(book) if "vol" in book.lower() else None
    if volume is not None:
        fields.volume = fields.volume or volume.group(1)
        book = book[: volume.start()]
    series = _BOOK_SERIES.search(book) if book.endswith(")") else None
    if series is not None:
        fields.unparsed.append(series.group(1).strip())
        book = book[: series.start()]
    return book


_CONTAINER_PLACE = re.compile(r"(.+?),\s+([^,:;]{2,40}(?:,\s*[A-Z]{2})?:\s+.+)")


_EDS_INSIDE = re.compile(r"\(\s*(?:eds?\.?|ed\. by|edited by)\s+([^()]{1,300})\)", re.IGNORECASE)


_EDITOR_SEPARATOR = re.compile(r",\s*(?:and\s+|&\s*)?|(?<!\b[A-Z])\.\s|\s+(?:and|&)\s+|$")
"""What ends one editor's name; a full stop after an initial ("William L. Andrews") does not."""


def _editors_end(text: str) -> int:
    """End of a direct-order editor list ("John Smith and Mary Jones, 45–67. Place")."""
    position = 0
    end = 0
    last = False
    for match in _EDITOR_SEPARATOR.finditer(text):
        piece = text[position : match.start()].strip()
        if not piece or not looks_like_person(piece) or _has_publisher_word(piece):
            break
        end = match.start()
        position = match.end()
        # The name after "and" is the last: "Yates and James E. Irby, New Directions".
        if last or match.group(0).startswith("."):
            break
        last = "and" in match.group(0) or "&" in match.group(0)
    return end


_WORDY = re.compile(r"[a-z]{3}")
_ISSUE_PART = re.compile(
    r"(?:\d{1,4}\s*,?\s*)?(?:suppl(?:ement)?|pt|part|spec(?:ial)?\s+issue)\.?\s*[A-Z\d][\w\-]{0,5}"
    r"|\d{1,4}\s+suppl(?:ement)?\.?",
    re.IGNORECASE,
)
"""A supplement or part as the issue: "Suppl 1", "18 Suppl 2", "5, pt. 2", "Part 2", and an
issue's supplement without a number, "12 Suppl"."""
_HAS_DASH = re.compile(_DASH)
_COMMA_PAGE = re.compile(r",\s*([A-Za-z]?\d+)\s*(?:[.,;]|$)")
_PAREN_YEAR_LATE = re.compile(r"\((?:[^()\d]{0,20})?((?:1[5-9]|20)\d\d)([a-z])?\)")
_DASH_RUN = re.compile(r"\s*" + _DASH + r"+\s*")
_LEFTOVER_SPLIT = re.compile(r"\.\s+|;\s+|\s{2,}")
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
_TWO_ASCII_LETTERS = re.compile(r"[A-Za-z]{2}")


def _has_two_letters(text: str) -> bool:
    """``_TWO_LETTERS.search(text) is not None``; in ASCII text letters are A-Z and a-z,
    which the engine tests faster than a category."""
    pattern = _TWO_ASCII_LETTERS if text.isascii() else _TWO_LETTERS
    return pattern.search(text) is not None


def _parse_locators(tail: str, fields: _Fields) -> None:
    """Volume, issue, pages and year in what follows the title; container and publisher."""
    work = tail
    # Taken locators are blanked out of ``work`` (its length never changes); ``first`` is
    # where the earliest of them starts, len(work) while none is taken.
    taken = False
    first = len(work)

    def take(match: re.Match[str]) -> None:
        nonlocal work, taken, first
        start, end = match.span()
        taken = True
        first = min(first, start)
        work = work[:start] + " " * (end - start) + work[end:]

    if fields.keys & _B_DAY_MONTHS and any(
        month.capitalize() in work for month in fields.words.intersection(_K_DAY_MONTHS)
    ):
        for date in _DAY_AND_MONTH.finditer(work):
            month = date.group(1) or date.group(2)
            if month.lower() in _K_DAY_MONTHS:
                # "The Guardian, 18 March", "May 2-4, 2013": a day is no volume, nor a
                # day range pages (blanked, not taken: a year before it stays readable).
                start, end = date.span()
                work = work[:start] + " " * (end - start) + work[end:]
                fields.day_dated = True
    if fields.keys & _B_FULL_MONTHS:
        for date in _MONTH_ALONE.finditer(work):
            # A magazine's month with no day: "The Atlantic, September." names no issue.
            start, end = date.span()
            work = work[:start] + " " * (end - start) + work[end:]
    series = _SERIES_BEFORE_VOLUME.search(work) if ") " in work else None
    if series is not None:
        # AMS "Ann. of Math. (2) 63 (1956)": the journal's series, not a volume.
        fields.unparsed.append(series.group(1))
        start, end = series.span()
        work = work[:start] + " " * (end - start) + work[end:]
    found = _VOL_WORD.search(work) if fields.keys & _B_VOLUME else None
    if found is not None:
        fields.volume = found.group(1)
        take(found)
    found = _ISSUE_WORD.search(work) if fields.keys & _B_ISSUE else None
    if found is not None:
        fields.issue = _normalise_range(found.group(1))
        take(found)
    found = _PAGES_PP.search(work) if fields.keys & _B_PAGES else None
    if found is not None:
        fields.pages = _pages(found.group(1), found.group(2))
        take(found)
    found = _ISSUE_ALONE.search(work) if fields.issue is None and ";(" in work else None
    if found is not None:
        # Vancouver "2013;(6):CD001877": an issue with no volume, then the page.
        fields.issue = _normalise_range(found.group(1))
        page = _COLON_PAGE.match(work, found.end() - 1) if fields.pages is None else None
        take(found)
        if page is not None:
            fields.pages = page.group(1)
            take(page)
    found = (
        _ACM_VOLUME_ISSUE.search(work)
        if fields.volume is None
        and fields.issue is None
        and ", " in work
        and fields.keys & _B_ACM_ISSUE
        else None
    )
    if found is not None:
        fields.volume, fields.issue = found.group(1), found.group(2)
        take(found)
    for paren in _VOL_ISSUE.finditer(work, _number_start(work, work.find("("))):
        inner = paren.group(2)
        if _YEAR_ANY.fullmatch(inner.strip()) or (
            fields.keys & _B_MONTH and inner[:1] in _MONTH_FIRST and _MONTH.match(inner)
        ):
            continue
        if fields.volume is None and (not _WORDY.search(inner) or _ISSUE_PART.fullmatch(inner)):
            fields.volume = paren.group(1)
            fields.issue = fields.issue or _normalise_range(inner)
            take(paren)
            break
    if fields.pages is None:
        found = _search_page_range(work)
        while (
            found is not None
            and _is_year_range(found.group(1), found.group(2))
            and not _year_elsewhere(work, found, fields)
        ):
            found = _PAGE_RANGE.search(work, found.end())
        if found is not None:
            fields.pages = _pages(found.group(1), found.group(2))
            take(found)
    if fields.pages is None:
        found = _ARTICLE_NO.search(work) if fields.keys & _B_ARTICLE else None
        if found is not None:
            fields.pages = found.group(1)
            take(found)
    year_match = _find_year(work)
    if year_match is not None:
        if fields.year is None:
            fields.year = int(year_match.group(1))
            fields.year_suffix = year_match.group(2) or None
            take(year_match)
        elif not _year_is_not_a_date(work, year_match, fields.year, first if taken else -1):
            take(year_match)
    if fields.volume is None:
        found = _BARE_NUMBER.search(work)
        while found is not None and _in_a_name(work, found):
            found = _BARE_NUMBER.search(work, found.end())
        if found is not None and (taken or _VOLUME_END.match(work, found.end())):
            fields.volume = found.group(1)
            take(found)
    if fields.pages is None and fields.volume is not None:
        found = _COLON_PAGE.search(work) or _ELOC.search(work)
        if found is None:
            found = _COMMA_PAGE.search(work)
            if found is not None and taken and found.start() < first:
                found = None
        if found is None and ") " in tail:
            # Elsevier and JHEP: "Phys. Lett. B 716 (2012) 1", "JHEP 02 (2013) 062".
            found = _PAGE_AFTER_YEAR.search(tail)
            if found is not None and work[found.start(1) : found.end(1)] != found.group(1):
                found = None
            if found is not None:
                fields.pages = found.group(1)
                start, end = found.span(1)
                work = work[:start] + " " * (end - start) + work[end:]
                found = None
        if found is not None:
            fields.pages = found.group(1)
            take(found)
    for month in _MONTH.finditer(work) if fields.keys & _B_MONTH else ():
        if taken and month.start() >= first - 12:
            take(month)
    head = work[:first]
    leftover = work[first:]
    _place_head_and_leftover(head, leftover, fields)


_PAGE_AFTER_YEAR = re.compile(
    r"\d\s\((?:1[5-9]|20)\d\d\)\s+([A-Za-z]?\d{1,6}[A-Za-z]?)(?=\s*(?:[.,;\[]|$))"
)
"""A first page or article number after the volume and the year in brackets, at the end:
"716 (2012) 1", "02 (2013) 062"."""
_ISSUE_ALONE = re.compile(r";\s*\((\d{1,4}(?:\s*" + _DASH + r"\s*\d{1,4})?)\)\s*:")
_SERIES_BEFORE_VOLUME = re.compile(
    # (?<=\s)\((...)\)(?=...), the lookbehind after the bracket (see _YEAR_ANY)
    r"\((?<=\s\()(\d{1,2}|N\.\s?S\.)\)(?=\s+\d{1,5}\s*\((?:1[5-9]|20)\d\d\))"
)
"""A journal's series in brackets between its name and the volume: "(2)", "(N.S.)"."""
_VOLUME_END = re.compile(r"\s*(?:[,:;(]|\.?\s*$)")
_DAY_RANGE = r"\d{1,2}(?:\s*" + _DASH + r"\s*\d{1,2})?"
_DAY_AND_MONTH = re.compile(
    r"\b(?:"
    + _DAY_RANGE
    + r"\s+([A-Z][a-z]{2,8})\b\.?|([A-Z][a-z]{2,8})\.?\s+"
    + _DAY_RANGE
    + r")(?!\w)"
)
"""A day and its month, either way round: "12 March", "13 Sept.", "May 2–4"."""
"""What every match of :data:`_DAY_AND_MONTH` holds (a cheap pre-check)."""
_K_DAY_MONTHS = _K_MONTH - {"spring", "summer", "autumn", "fall", "winter"}
_FULL_MONTHS = "January February March April June July August September October November December"
_K_FULL_MONTHS = frozenset(_FULL_MONTHS.lower().split())
_MONTH_ALONE = re.compile(r"(?<=,)\s+(?:" + _FULL_MONTHS.replace(" ", "|") + r")(?=\.?\s*$|[.;]\s)")
"""A month written out alone after a comma, at the end or before a full stop: a magazine's
monthly issue ("The Atlantic, September."). "May" is left out: it is also a name."""


_ACRONYM_BRACKET = re.compile(r"\([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?: [A-Za-z]+){0,3} $")
"""A bracket opening with an acronym, up to a number: "(USENIX Security " before "21)"."""


def _in_a_name(work: str, number: re.Match[str]) -> bool:
    """Whether a bare number is part of a name, not a volume.

    "Proceedings of the 2014 conference on ..." (a lower-case word follows) and "ECCV
    2014" (a year after a conference's acronym).
    """
    start, end = number.span()
    if work[end : end + 1] == " " and work[end + 1 : end + 2].islower():
        return True
    if work[end : end + 1] == ")" and _ACRONYM_BRACKET.search(work, max(0, start - 40), start):
        return True  # "(USENIX ATC 14)", "(NSDI 12)": a meeting's acronym and its year
    value = number.group(1)
    if len(value) != 4 or not value.isdigit() or not 1500 <= int(value) < 2100:
        return False
    if not work[:start].strip(" ,.") and work[end : end + 2].strip()[:1].isupper():
        return True  # "2014 USENIX Annual Technical Conference": a meeting's name
    if work[start - 1 : start] != " ":
        return False
    word = work[:start].rstrip().rsplit(" ", 1)[-1]
    return (len(word) >= 2 and word.isalpha() and word.isupper()) or word in _BEFORE_NAME_YEAR


def _year_elsewhere(work: str, found: re.Match[str], fields: _Fields) -> bool:
    """Whether the year is known or written elsewhere, so "2016–2017" must be pages."""
    if fields.year is not None:
        return True
    return any(
        year.end() <= found.start() or year.start() >= found.end()
        for year in _YEAR_ANY.finditer(work)
    )


def _is_year_range(first: str, last: str) -> bool:
    if not (first.isdigit() and last.isdigit() and len(first) == 4 and 1900 <= int(first) < 2100):
        return False
    end = int(first[:2] + last) if len(last) == 2 else int(last)
    return 0 < end - int(first) <= 5


def _year_is_not_a_date(work: str, match: re.Match[str], known: int, locators: int) -> bool:
    """Whether a year-like number after the title, once the year is known, is something else.

    "MICCAI 2015" (a conference's acronym and year) is part of a name; a different number
    before a colon is a volume ("J Stat Mech 2008:P10008") and one after the volume an
    article number ("4(43), 1686") or its first page ("8:2013").
    """
    start, end = match.span()
    if (
        work[start : start + 1] == "("
        and abs(int(match.group(1)) - known) <= 1
        and _ACRONYM_BRACKET.match(work, start, match.start(1))
    ):
        return True  # "Theory of Cryptography (TCC 2006)": the meeting's name
    if work[start - 1 : start] == "(" or work[start : start + 1] == "(":
        return False
    if work[end : end + 3].lstrip().startswith(":"):
        return True
    value = int(match.group(1))
    if work[start - 1 : start] == ":" and work[start - 2 : start - 1].isdigit():
        # Springer "Nat Commun 8:2013": after a volume and its colon, the first page.
        return abs(value - known) > 1
    if abs(value - known) <= 1:
        if not work[:start].strip(" ,.") and work[end : end + 2].strip()[:1].isupper():
            return True  # ACM "In 2014 USENIX Annual Technical Conference": a meeting's name
        before = work[max(0, start - 12) : start]
        if not before.endswith(" "):
            return False
        word = before.rstrip().rsplit(" ", 1)[-1]
        # "MICCAI 2015", "Proceedings of the 2019 Conference of ...", "Proceedings 1996 IEEE
        # Symposium": part of a name.
        return (len(word) >= 2 and word.isalpha() and word.isupper()) or word in _BEFORE_NAME_YEAR
    return 0 <= locators < start


_BEFORE_NAME_YEAR = frozenset({"the", "Proceedings", "Proc."})


def _find_year(work: str) -> re.Match[str] | None:
    paren = _PAREN_YEAR_LATE.search(work)
    if paren is not None:
        return paren
    last = None
    for candidate in _YEAR_ANY.finditer(work):
        # "2020;382" and "2020 Apr 30;382" (the date blanked out): Vancouver's year.
        if work.startswith(";", candidate.end()) or _SPACES_SEMICOLON.match(work, candidate.end()):
            return candidate
        last = candidate
    return last


_SPACES_SEMICOLON = re.compile(r" +;")


def _normalise_range(value: str) -> str:
    return _DASH_RUN.sub("-", value.strip())


def _pages(first: str, last: str | None) -> str:
    return f"{first}-{last}" if last else first


def _place_head_and_leftover(head: str, leftover: str, fields: _Fields) -> None:
    head_clean = _strip_container(head)
    has_locators = bool(fields.volume or fields.issue or fields.pages)
    leftover_parts = (
        [
            _strip_container(part)
            for part in _LEFTOVER_SPLIT.split(leftover)
            if _has_two_letters(part)
        ]
        if _has_two_letters(leftover)  # no part has two letters if the whole has not
        else []
    )
    leftover_parts = [part for part in leftover_parts if part and part.lower() != "in"]
    if head_clean:
        parts = _split_sentences(head_clean)
        if (has_locators or fields.title_quoted) and fields.type != "chapter":
            parts = _merge_abbreviated(parts)
        elif len(parts) > 1:
            parts = _merge_abbreviated(parts, known_only=True)
        segments = [_strip_container(part) for part in parts]
        segments = [segment for segment in segments if segment]
        if (
            segments
            and fields.container_title is None
            and _opens_with_container(segments[0], fields, has_locators)
        ):
            fields.container_title = segments.pop(0)
            place = (
                _CONTAINER_PLACE.fullmatch(fields.container_title)
                if fields.type == "chapter" and len(fields.container_title) < 500
                else None
            )
            if place is not None:
                # Vancouver: "In: Eds, editors. Book, Place: Publisher; 2019".
                fields.container_title = place.group(1)
                segments.insert(0, place.group(2))
            elif ", " in fields.container_title:
                journal, _, note = fields.container_title.rpartition(", ")
                if fields.online_first and _ONLINE_FIRST.fullmatch(note):
                    # "Statistics in Medicine, early view": the journal, then the note.
                    fields.container_title = journal
                    fields.unparsed.append(note)
                if ", " in fields.container_title and fields.publisher is None:
                    _split_book_publisher(fields)
        leftover_parts = segments + leftover_parts
    publisher_parts: list[str] = []
    medium = fields.keys & _B_MEDIUM != 0
    for part in leftover_parts:
        if fields.type == "thesis" and _THESIS.search(part):
            institution = _THESIS.sub("", part)
            institution = re.sub(r"(?i)\b(?:unpublished\b|diss\.)", "", institution)
            institution = _strip_container(institution.strip(" ,[]()"))
            if institution:
                fields.publisher = fields.publisher or institution
            continue
        if fields.type == "report" and _REPORT.fullmatch(part.strip()):
            continue
        online = _ONLINE_FIRST.search(part) if fields.online_first and len(part) < 60 else None
        if online is not None:
            journal = part[: online.start()]
            if journal.endswith(". ") and fields.container_title is None:
                # AMA "N Engl J Med. Published online December 10, 2020": the journal's
                # abbreviated name was joined to the note that follows it.
                fields.container_title = journal.rstrip(". ")
                part = part[online.start() :]
            fields.unparsed.append(part)  # "Advance online publication": no publisher
            continue
        if medium and _MEDIUM_NOTE.fullmatch(part):
            # "Title [Internet]", "[Data set]", "(Version 3.12) [Computer software]": what
            # the work is, not who published it.
            fields.unparsed.append(part.strip("[]() "))
            if fields.type is None and ("script" in part or "paper" in part.lower()):
                fields.type = "report"  # APA "[Unpublished manuscript]", "[Working paper]"
            continue
        if fields.publisher is None and part[:1] in "LC" and _SERIES_NAME.fullmatch(part):
            fields.unparsed.append(part)  # "LNCS, vol. 9351": the series, not its publisher
            continue
        publisher_parts.append(part)
    for part in publisher_parts:
        if fields.publisher is None and _assign_publisher(part, fields):
            continue
        fields.unparsed.append(part)


def _split_book_publisher(fields: _Fields) -> None:
    """MLA "Title." Book, Publisher, Year, pp.": the book and its publisher, one part.

    A last piece with a publisher's word ("Beacon Press") after a first without one is the
    publisher, and a quoted piece of a book without a volume is a chapter.
    """
    container = fields.container_title or ""
    book, _, last = container.rpartition(", ")
    if (
        not _has_publisher_word(last)
        or _has_publisher_word(book)
        or _is_proceedings(book)
        or fields.volume
        or fields.issue
    ):
        return
    fields.container_title = book
    fields.publisher = last
    if fields.type is None and fields.title_quoted:
        fields.type = "chapter"


_ABBREVIATED_END = re.compile(r"(?:^|\s)[A-Z][a-z]{0,5}\.$")
_JOURNAL_WORDS = frozenset(
    [
        "journal",
        "review",
        "quarterly",
        "letters",
        "annals",
        "bulletin",
        "transactions",
        "studies",
        "research",
        "science",
        "sciences",
        "proceedings",
        "magazine",
        "gazette",
        "weekly",
        "monthly",
        "daily",
        "herald",
        "tribune",
        "chronicle",
        "newsletter",
        "times",
        "newspaper",
        "zeitschrift",
        "revue",
        "revista",
        "rivista",
        "acta",
        "archives",
        "reports",
    ]
)


def _opens_with_container(first: str, fields: _Fields, has_locators: bool) -> bool:
    """Whether the first text after the title names its container (journal, book)."""
    if fields.type == "chapter" or has_locators:
        return True
    if fields.type in ("report", "dataset", "thesis"):
        return False  # issued by a body or a repository without volume or pages: no journal
    if fields.online_first and not _has_publisher_word(first):
        return True  # "Nature Human Behaviour. Advance online publication."
    if fields.title_quoted:
        # "MIT Technology Review": a magazine though a publisher's word opens its name.
        # MLA "The New York Review of Books, 20 Nov. 2008": a day's date makes it a periodical.
        return not _is_publisher_like(first) or (
            _is_journal_like(first) and (fields.day_dated or not _PRESS.search(first))
        )
    # An unquoted title with no volume or pages is a book, unless a journal "in press".
    return _is_journal_like(first) and not _is_publisher_like(first)


_PRESS = re.compile(r"(?i)\b(?:press|publish\w*|books|verlag)\b")
_WEAK_JOURNAL_WORDS = frozenset({"research", "science", "sciences", "studies", "reports", "times"})


def _is_journal_like(text: str) -> bool:
    words = _WORD.findall(text.lower())
    if _JOURNAL_WORDS.isdisjoint(words):
        return False
    # "Pew Research Center": a body, though "research" names journals too.
    return not (
        _WEAK_JOURNAL_WORDS.issuperset(_JOURNAL_WORDS.intersection(words))
        and not _ISSUING_BODY_WORDS.isdisjoint(words)
    )


def _ends_with_journal_abbreviation(name: str, dot: bool = True) -> bool:
    """Whether the last word of ``name`` is a shortened word of a journal's ("Energy Rev."),
    its full stop written unless ``dot`` is false (a container's last one is cut off)."""
    last = name.rstrip().rsplit(" ", 1)[-1]
    return (last.endswith(".") or not dot) and is_journal_abbreviation(last)


_NEXT_ABBREVIATED = re.compile(r"([A-Z][a-z]{1,12})\.(?:\s|$)")


def _opens_with_abbreviation(part: str) -> bool:
    found = _NEXT_ABBREVIATED.match(part)
    return found is not None and is_journal_abbreviation(found.group(1))


def _merge_abbreviated(parts: list[str], known_only: bool = False) -> list[str]:
    """Rejoin an abbreviated journal name split at its full stops ("J. Am. Chem. Soc.").

    A part ending with a shortened word of a journal's name ("Proc.", "Geophys.") always
    continues; with ``known_only`` false, so does one ending with any short capitalised
    word, unless what follows looks like a publisher.
    """
    merged: list[str] = []
    for part in parts:
        if (
            merged
            and (
                part[:1].isupper()
                or part[:1] in "(0123456789"
                # "Proc. of the 2019 Conf. of the ...": a shortened word before a link word.
                or (part[:1].islower() and part.split(" ", 1)[0] in _CONTAINER_LINKS)
            )
        ):
            last = merged[-1].rsplit(" ", 1)[-1]
            # "Process. Syst.": a word before another shortened word is shortened too.
            known = (
                is_journal_abbreviation(last)
                or (last[:1].isupper() and last.endswith(".") and _opens_with_abbreviation(part))
                # "Renew. Sustain. Energy Rev.", "Discuss. Faraday Soc.": so is a short word
                # before a part that ends with one.
                or (
                    last[:1].isupper()
                    and last.endswith(".")
                    and len(last) <= 9
                    and _ends_with_journal_abbreviation(part, dot=False)
                )
                # "Proc. ... Design Implement. (OSDI), Savannah": the meeting's acronym.
                or (part[:1] == "(" and _ACRONYM_NOTE.match(part) is not None)
            )
            if known or (
                not known_only
                and part[:1].isupper()
                and _ABBREVIATED_END.search(merged[-1])
                and not _is_publisher_like(part)
            ):
                merged[-1] = f"{merged[-1]} {part}"
                continue
        merged.append(part)
    return merged


_ACRONYM_NOTE = re.compile(r"\([A-Z][A-Za-z0-9'\-]{1,15}\)")


def _split_sentences(text: str) -> list[str]:
    parts: list[str] = []
    while text:
        end = _first_sentence_end(text, names=False)
        if end is None or end >= len(text):
            parts.append(text)
            break
        parts.append(text[:end])
        text = text[end:].strip()
    return parts


_PLACE_COLON = re.compile(r"[^,:]{2,40}:\s")
_PUBLISHED_BY = re.compile(r"(?i)^(?:published\s+by|publisher)\s*:?\s*")
_PLACE_PUBLISHER_COLON = re.compile(r"([^:]{2,60}):\s*(.+)$")


def _is_publisher_like(text: str) -> bool:
    return _has_publisher_word(text) or bool(_PLACE_COLON.match(text))


def _assign_publisher(part: str, fields: _Fields) -> bool:
    part = part.strip(" ,.;[]()")
    if "(" in part and part.count("(") > part.count(")"):
        part += ")"  # "National Academies Press (US)": the bracket closes a note in the name
    part = _PUBLISHED_BY.sub("", part)
    if not part or (len(part) < 4 and any(map(str.isdigit, part))):
        return False
    colon = _PLACE_PUBLISHER_COLON.match(part)
    if colon is not None and not any(character.isdigit() for character in colon.group(1)):
        fields.place = colon.group(1).strip()
        fields.publisher = _strip_container(colon.group(2))
        return True
    if ", " in part:
        first, _, rest = part.partition(", ")
        if _has_publisher_word(first) and not _has_publisher_word(rest):
            fields.publisher = first.strip()
            fields.place = rest.strip()
            return True
        head, _, last = part.rpartition(", ")
        if _has_publisher_word(last) and not _has_publisher_word(head):
            fields.place = head.strip()
            fields.publisher = last.strip()
            return True
    fields.publisher = part
    return True


_ISSUING_BODY_WORDS = frozenset(
    [
        "organization",
        "organisation",
        "department",
        "ministry",
        "agency",
        "institute",
        "office",
        "council",
        "commission",
        "oecd",
        "who",
        "unesco",
        "unicef",
        "bank",
        "government",
        "trust",
        "centre",
        "center",
        "committee",
        "authority",
        "board",
        "bureau",
        "nhs",
        "treasury",
        "nations",
        "parliament",
        "foundation",
        "fund",  # "The King's Fund", "The Commonwealth Fund", "International Monetary Fund"
        "inquiry",
        "society",
        "commons",
        "lords",
        "hmso",
        "tso",
        "stationery",
        "taskforce",
        "observatory",
        "directorate",
        "secretariat",
    ]
)


_NAMED_REVIEW = re.compile(r"(?:[Tt]he\s+)?(?:Independent\s+)?[A-Z][\w'\-]+\s+(?:Review|Inquiry)")
"""A government review named after its chair: "The Marmot Review", "The Stern Review"."""


def _published_by_its_author(fields: _Fields) -> bool:
    """Whether an organisation that wrote the work also published it: "Wellcome Trust
    (2020) ... London: Wellcome." (grey literature, a report)."""
    first = _WORD.findall((fields.publisher or "").lower())[:1]
    if not first:
        return False
    for author in fields.authors:
        # A one-word body reads as a family name with no given one: "Crisis", "Shelter".
        name = author.literal or (author.family if author.given is None else None)
        if name and first[0] in _WORD.findall(name.lower()):
            return True
    return False


def _is_issuing_body(publisher: str) -> bool:
    """Whether ``publisher`` is an organisation that issues reports, not a publishing house.

    A publisher named by an acronym alone ("CERN", "NASA") that is no publishing house's
    ("SAGE", "SIAM") is an agency.
    """
    words = _WORD.findall(publisher.lower())
    if "press" in words:
        return False
    if not _ISSUING_BODY_WORDS.isdisjoint(words) or _NAMED_REVIEW.fullmatch(publisher):
        return True
    if "international" in words:
        return _PUBLISHER_WORDS_SET.isdisjoint(words)  # "Oxfam International"
    name = publisher.strip(" .")
    return (
        2 <= len(name) <= 6
        and name.isalpha()
        and name.isupper()
        and name.lower() not in _PUBLISHER_WORDS_SET
    )


_K_SOFTWARE = frozenset({"software", "revision", "version", "program", "package", "github", "team"})
_SOFTWARE = re.compile(
    r"\b(?:software|computer\s+program|revision\s+[A-Z]?\.?\d|\(version\s+\d|version\s+\d[\d.]*\)|"
    r"(?:R|Python)\s+package|package\s+version|(?:GitHub|GitLab)\s+repository|"
    r"(?:Development|Core)\s+Team)",
    re.IGNORECASE,
)
"""Software: "[Computer software]", "Gaussian 16, Revision C.01", "(Version 4.0.2)", and
its makers: "QGIS Development Team", "R Core Team"."""


def _names_software(raw: str, title: str | None) -> bool:
    """Whether ``raw`` marks software; the bare word "software" in the title does not
    ("Design patterns: elements of reusable object-oriented software" is a book)."""
    for found in _SOFTWARE.finditer(raw):
        if found.group(0).lower() != "software" or not title or found.group(0) not in title:
            return True
    return False


_JOURNAL_PROCEEDINGS = re.compile(
    r"(?i)\b(?:societ\w*|soc\.|academ\w*|acad\.|royal|endowment)|^proc(?:\.|eedings of the)\s+ieee$"
)
"""Journals named "Proceedings": of a society or academy (PNAS), and the Proc. IEEE."""
_CONFERENCE = re.compile(
    r"(?i)\b(?:conf(?:erence|\.)|symp(?:osium|\.)|workshop|congress|colloquium|meeting)"
)


_CONFERENCE_SERIES = re.compile(
    r"Advances\s+in\s+Neural\s+Information\s+Processing|Adv\.?\s+Neural\s+Inf\.?\s+Process"
)
"""Conference proceedings named like a journal: NeurIPS's "Advances in Neural ..."."""


def _is_conference(container: str) -> bool:
    """Whether ``container`` names conference proceedings rather than a journal."""
    if "Neural" in container and _CONFERENCE_SERIES.search(container):
        return True
    if not _is_proceedings(container):
        return False
    return _CONFERENCE.search(container) is not None or not _JOURNAL_PROCEEDINGS.search(container)


_CONTAINER_SERIES = re.compile(
    r",\s*(?:(?:translated|trans\.|edited|ed\.)\s+by\s|(?:\d+(?:st|nd|rd|th)|new|old)\s+ser(?:ies)?\b).*$",
    re.IGNORECASE,
)
_PLACE_CODE = re.compile(r"[A-Z]{2}|USA|U\.S\.A\.|UK|U\.K\.")


_ENDS_WITH_YEAR = re.compile(r"\b(?:19|20)\d\d$")


def _tidy_container(fields: _Fields) -> None:
    """Cut what follows a container's name: a translator, a series, a conference's place.

    "Image, Music, Text, translated by Stephen Heath", "Proceedings of the ... Society, 3rd
    ser.", "Proc. IEEE Conf. ... (CVPR), Las Vegas, NV, USA" and "Proc. ... Netw., Perth,
    WA, Australia" keep only the name.
    """
    container = fields.container_title or ""
    series = _CONTAINER_SERIES.search(container)
    if series is not None and series.start() > 0:
        fields.unparsed.append(container[series.start() :].strip(" ,"))
        container = container[: series.start()]
    pieces = container.split(", ")
    if len(pieces) > 1 and _is_proceedings(pieces[0]):
        for index in range(1, len(pieces)):
            places = pieces[index:]
            coded = any(_PLACE_CODE.fullmatch(piece) for piece in places)
            if (
                coded
                or pieces[index - 1].endswith(")")
                or _ENDS_WITH_YEAR.search(pieces[index - 1])
            ) and all(_is_place(piece) or _PLACE_CODE.fullmatch(piece) for piece in places):
                fields.unparsed.append(", ".join(places))
                container = ", ".join(pieces[:index])
                break
    fields.container_title = container.strip(" ,") or None


_SITE_NAME = re.compile(
    r"(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|gov|edu|io|info|int)\.?", re.I
)
"""A website named by its domain ("Crossref.org", "nature.com"): a site, not a journal."""


_BLOG = re.compile(r"\b[Bb]log\b")
_UPDATED_ON = re.compile(
    r"\b(?:[Uu]pdated|[Ll]ast\s+updated)\s*:?\s+(?:on\s+)?[A-Z]?[a-z]*\.?\s*\d"
)
_PREPRINT_LABEL = re.compile(r"(?i)(?:preprint|arxiv)(?:[\s,:]+(?:preprint|arxiv))*\.?")


_new_reference: Callable[[dict[str, object]], Reference] = (
    Reference.__pydantic_validator__.validate_python
)
"""``Reference.model_validate`` without the Python-level method in between."""


def _finish(raw: str, fields: _Fields) -> Reference:
    if fields.container_title and "," in fields.container_title:
        _tidy_container(fields)
    if (
        fields.container_title
        and "." in fields.container_title
        and not (fields.volume or fields.issue or fields.pages)
        and _SITE_NAME.fullmatch(fields.container_title)
    ):
        # IEEE and MLA web pages name the site where a journal would stand.
        fields.publisher = fields.publisher or fields.container_title.rstrip(".")
        fields.container_title = None
        fields.type = fields.type or "webpage"
    kind = fields.declared_type or fields.type
    if (
        kind == "dataset"
        and fields.container_title
        and fields.issue
        and (fields.volume or fields.pages)
    ):
        kind = "article"  # "Cochrane Database Syst Rev. 2020;11(11):CD006207": data sets have no issues
    if kind == "chapter" and fields.container_title and _is_conference(fields.container_title):
        kind = "proceedings"  # IEEE "in Proc. ...", "In Proceedings of the ... conference"
    elif (
        kind == "report"
        and fields.report_in_title
        and fields.container_title
        and fields.volume
        and fields.pages
    ):
        kind = "article"  # "Smoking and carcinoma of the lung; preliminary report. BMJ 2:739"
    elif (
        kind in (None, "book", "report")
        and not (fields.container_title and fields.volume)
        and fields.keys & _B_SOFTWARE
        and _names_software(raw, fields.title)
    ):
        # Software, but a data set's version is no program's: "HadCRUT5 global temperature
        # data set (version 5.0.2.0)".
        dataset = fields.keys & _B_DATASET and _DATASET.search(fields.title or "")
        kind = "dataset" if dataset else "other"
    if fields.arxiv and kind is None and not fields.volume:
        kind = "preprint"
    if (
        fields.arxiv
        and fields.container_title
        and _PREPRINT_LABEL.fullmatch(fields.container_title)
    ):
        fields.container_title = None  # Chicago "Preprint, arXiv, January 23": no journal
    if (
        kind is None
        and (fields.container_title or fields.publisher)
        and _is_preprint_venue(" ".join(filter(None, [fields.container_title, fields.publisher])))
    ):
        kind = "preprint"
    if kind == "preprint" and fields.volume is not None and fields.volume == str(fields.year):
        # Vancouver "bioRxiv. 2022:2022.02.24.481684": the posting year, no volume.
        fields.volume = None
    if kind is None:
        container = fields.container_title or ""
        if container and _is_conference(container):
            kind = "proceedings"
        elif (
            "blog" in fields.words
            and _BLOG.search(container)
            and not (fields.volume or fields.issue or fields.pages)
        ):
            kind = "webpage"  # a post on a blog: "LSE Impact Blog, 12 May"
        elif container and (fields.volume or fields.issue or fields.pages):
            kind = "article"
        elif not container and fields.keys & _B_DATASET and _DATASET.search(fields.title or ""):
            kind = "dataset"  # "UCI Machine Learning Repository [Internet]"
        elif (
            fields.url
            and "updated" in fields.words
            and not fields.isbn
            and _UPDATED_ON.search(raw) is not None
        ):
            kind = "webpage"  # AMA "Mayo Clinic. Updated May 26, 2022. Accessed ..."
        elif fields.publisher and (
            (
                _is_issuing_body(fields.publisher)
                and (not fields.isbn or any(author.literal for author in fields.authors))
            )
            or (not fields.isbn and _published_by_its_author(fields))
        ):
            kind = "report"
        elif fields.publisher or fields.edition or fields.isbn:
            kind = "book"
        elif fields.url and not container:
            kind = "webpage"
        elif container:
            kind = "article"
        else:
            kind = "other"
    if (
        kind == "webpage"
        and fields.container_title
        and not (fields.volume or fields.issue or fields.pages)
    ):
        # A site or blog is where a web page is, not a journal: "Incomplete Ideas [blog]".
        fields.publisher = fields.publisher or fields.container_title
        fields.container_title = None
    unparsed = list(filter(None, fields.notes + fields.unparsed))
    values: dict[str, object] = {
        "raw": raw,
        "authors": fields.authors,
        "editors": fields.editors,
        "et_al": fields.et_al,
        "year": fields.year,
        "year_suffix": fields.year_suffix,
        "title": fields.title,
        "container_title": fields.container_title,
        "volume": fields.volume,
        "issue": fields.issue,
        "pages": fields.pages,
        "publisher": fields.publisher,
        "place": fields.place,
        "edition": fields.edition,
        "doi": fields.doi,
        "url": fields.url,
        "isbn": fields.isbn,
        "issn": fields.issn,
        "arxiv": fields.arxiv,
        "pmid": fields.pmid,
        "type": kind,
        "reviewed_in": fields.reviewed_in,
        "unparsed": unparsed,
    }
    texts = (
        raw,
        fields.year_suffix,
        fields.title,
        fields.container_title,
        fields.volume,
        fields.issue,
        fields.pages,
        fields.publisher,
        fields.place,
        fields.edition,
        fields.doi,
        fields.url,
        fields.isbn,
        fields.issn,
        fields.arxiv,
        fields.pmid,
        kind,
        *unparsed,
    )
    if (
        _STR_OR_NONE.issuperset(map(type, texts))
        and (fields.year is None or type(fields.year) is int)
        and type(fields.et_al) is bool
    ):
        return _built_reference(values)
    # Anything else (a str subclass given as ``raw``, a bug putting a number in a text
    # field) goes through pydantic's validation, which converts or rejects it as before.
    # The validator takes the dict as is, where Reference(**...) unpacks and repacks it.
    return _new_reference(values)


_STR_OR_NONE = frozenset({str, type(None)})


def _built_reference(values: dict[str, object]) -> Reference:
    """The :class:`Reference` pydantic's validation of ``values`` gives, built directly.

    :func:`_finish` checks first that every text field (and every piece of ``unparsed``) is
    a ``str`` or None, the year an ``int`` or None and ``et_al`` a ``bool``: what validating
    them could only hand back. The author, editor and review lists hold the
    :class:`Author` and :class:`ReviewMention` models the parser made (their type says so),
    which validation passes on as they are. The model gets the same field values and the same fields given
    (``model_fields_set``) as the validated one; only the work is skipped, which on a
    short reference is a tenth of the parse.
    """
    fields_set = set(values)
    values["key"] = None
    reference = _new_object(Reference)
    _set_slot(reference, "__dict__", values)
    _set_slot(reference, "__pydantic_fields_set__", fields_set)
    _set_slot(reference, "__pydantic_extra__", None)
    _set_slot(reference, "__pydantic_private__", None)
    return reference


_new_object = object.__new__
_set_slot = object.__setattr__


# One bit per keyword set that gates a pattern (see _Fields.keys).
_B_ONLINE_FIRST = _keyword_bit(_K_ONLINE_FIRST)
_B_REF_NOTES = _keyword_bit(_K_REF_NOTES)
_B_REVIEW = _keyword_bit(_K_REVIEW)
_B_ARXIV = _keyword_bit(_K_ARXIV)
_B_ACCESSED = _keyword_bit(_K_ACCESSED)
_B_STANDARD = _keyword_bit(_K_STANDARD)
_B_REPRINT = _keyword_bit(_K_REPRINT)
_B_EDITION = _keyword_bit(_K_EDITION)
_B_THESIS = _keyword_bit(_K_THESIS)
_B_REPORT = _keyword_bit(_K_REPORT)
_B_DATASET = _keyword_bit(_K_DATASET)
_B_WEB = _keyword_bit(_K_WEB)
_B_TAIL_CUES = _keyword_bit(_K_TAIL_CUES)
_B_EDITED = _keyword_bit(_K_EDITED)
_B_PAPER_CODES = _keyword_bit(_K_PAPER_CODES)
_B_NUMBER = _keyword_bit(_K_NUMBER)
_B_PATENT_CODES = _keyword_bit(_K_PATENT_CODES)
_B_TRANSLATED = _keyword_bit(_K_TRANSLATED)
_B_DAY_MONTHS = _keyword_bit(_K_DAY_MONTHS)
_B_FULL_MONTHS = _keyword_bit(_K_FULL_MONTHS)
_B_VOLUME = _keyword_bit(_K_VOLUME)
_B_ISSUE = _keyword_bit(_K_ISSUE)
_B_PAGES = _keyword_bit(_K_PAGES)
_B_ACM_ISSUE = _keyword_bit(_K_ACM_ISSUE)
_B_MONTH = _keyword_bit(_K_MONTH)
_B_ARTICLE = _keyword_bit(_K_ARTICLE)
_B_MEDIUM = _keyword_bit(_K_MEDIUM)
_B_SOFTWARE = _keyword_bit(_K_SOFTWARE)
_B_IDS = _keyword_bit(_K_IDS)
_KEYWORDS = frozenset(_KEYWORD_BITS)
