"""The parser's speed-written patterns match exactly what their plain forms match.

Several patterns in :mod:`refenrich.text.parse` and :mod:`refenrich.text.names` are
written so that the regex engine can skip ahead (a literal first character, then a
lookbehind), and some searches are narrowed by cheap pre-checks. Each is compared here
with the plain pattern it replaces, over text drawn from the characters they care about.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from refenrich.text import names, parse

_ALPHABET = "0123456789\u0663 .,-/–()[]:;aenptdSsiIfFuPpgrl&Ḟ\u0130\u0131x'\u2019"
_TEXTS = st.text(alphabet=_ALPHABET, max_size=60)
_WORDY = st.lists(
    st.sampled_from(
        [
            "and",
            "und",
            "et",
            "al",
            "et al",
            "&",
            ",",
            ", ",
            " ",
            "(",
            "A",
            "Band",
            "Smith",
            "x",
            ".",
        ]
    ),
    max_size=12,
).map("".join)

_PLAIN = {
    "_YEAR_ANY": r"(?<![\w.\-/])(1[5-9]\d\d|20\d\d)([a-z])?(?![\w\-/])",
    "_BARE_NUMBER": r"(?<![\w.\-/'\u2019])(\d{1,5}[A-Za-z]?)(?![\w\-/])",
    "_VOL_ISSUE": r"(?<![\w.])(\d+[A-Za-z]?)\s*\(\s*([^()\s][^()]{0,20}?)\s*\)",
    "_LOWER_WORD": r"(?<![^\s(])[a-z][^\s,;&]*",
    "_PAGE_RANGE": r"(?<![\w/.\-])([A-Za-z]{0,2}\d+[A-Za-z]?)\s*"
    + parse._DASH
    + r"+\s*([A-Za-z]{0,2}\d+[A-Za-z]?)(?![\w/])",
}
_PAGES_FAST_HEAD = r"(?:p(?<!\wp)(?:p?|ages?)|S(?<!\wS)(?:|eiten?)(?=[.\s]))"
_PAGES_PLAIN_HEAD = r"\b(?:pp?|pages?|S(?:eiten?)?(?=[.\s]))"


def _spans(
    pattern: re.Pattern[str], text: str
) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(found.span(), found.groups()) for found in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_lookbehind_forms_match_their_plain_forms(text: str) -> None:
    for name, plain in _PLAIN.items():
        fast = getattr(parse, name)
        assert _spans(fast, text) == _spans(re.compile(plain, fast.flags), text), name


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET + "Seiten", max_size=60))
def test_page_marker_form_matches_its_plain_form(text: str) -> None:
    fast = parse._PAGES_PP
    assert _PAGES_FAST_HEAD in fast.pattern
    plain = re.compile(fast.pattern.replace(_PAGES_FAST_HEAD, _PAGES_PLAIN_HEAD), fast.flags)
    assert _spans(fast, text) == _spans(plain, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET + "n.d.in press forthcoming", max_size=60), st.integers(0, 70))
def test_bare_year_search_finds_what_a_plain_search_finds(text: str, window: int) -> None:
    found = parse._find_bare_year(text, window)
    expected = parse._BARE_YEAR.search(text, 0, window)
    assert (found and (found.span(), found.groups())) == (
        expected and (expected.span(), expected.groups())
    )


@settings(max_examples=400, deadline=None)
@given(_WORDY)
def test_conjunction_split_matches_its_plain_form(raw: str) -> None:
    text = names._tidy(raw)
    plain = re.compile(r"\s*(?:,\s*)?" + names._CONJUNCTION + r"\s+")
    assert _spans(names._AND_SPLIT, text) == _spans(plain, text)
    if not names._may_hold_and(text):
        assert names._AND_SPLIT.search(text) is None


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.text(alphabet=_ALPHABET + "éßİıſ\u0301日本\ud800-'_", max_size=60),
    )
)
def test_word_set_matches_the_word_pattern(text: str) -> None:
    assert parse._words(text) == frozenset(parse._WORD.findall(text.lower()))


_EDITOR_WORDS = st.lists(
    st.sampled_from(
        [
            "eds",
            "ed",
            "editor",
            "editors",
            "Hrsg",
            "hg",
            "coord",
            "dir",
            "comp",
            "comps",
            "org",
            "orgs",
            "ORG",
            "EDS",
            "DİR",
            "dır",
            "Eſ",
            "edſ",
            "Smith",
            " ",
            ".",
            "(",
            ")",
            "[",
            "]",
            ",",
            "J.",
        ]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_EDITOR_WORDS)
def test_editor_mark_pre_check_never_hides_a_mark(text: str) -> None:
    if names._EDITOR_MARK.search(text) is not None:
        assert names._may_end_with_editor_mark(text)


_KEYED_WORDS = st.lists(
    st.sampled_from(
        [
            "accessed",
            "ACCESSED",
            "acceſſed",
            "retrİeved",
            "cited",
            "Last",
            "last",
            "review",
            "Reviewed",
            "reviewed in",
            "in",
            "by",
            "ed.",
            "Eds.",
            "edited",
            "published",
            "online",
            "ahead of print",
            "Epub",
            "press",
            "arXiv",
            "arxiv.org/abs/",
            "preprint at",
            "https://",
            "www.",
            "1706.03762",
            "hep-th/9901001",
            "2020",
            "May",
            " ",
            "  ",
            "\u00a0",
            ",",
            ".",
            ":",
            ";",
            "(",
            "[",
            ")",
            "x",
            "İ",
            "\u212a",
        ]
    ),
    max_size=14,
).map("".join)
_KEYED_SEARCHES = [
    (parse._ACCESSED, parse._K_ACCESSED, "([lastLAST"),
    (parse._REVIEWED, ("review",), ".;,("),
    (parse._ONLINE_FIRST, parse._ONLINE_FIRST_KEYS, "inIN"),
    (parse._EDITED_BY, parse._EDITED_BY_KEYS, ","),
    (parse._ARXIV, ("arxiv",), parse._ARXIV_LEAD),
]


@settings(max_examples=600, deadline=None)
@given(_KEYED_WORDS)
def test_search_from_key_finds_what_a_plain_search_finds(text: str) -> None:
    for pattern, keys, lead in _KEYED_SEARCHES:
        found = parse._search_from_key(pattern, text, keys, lead)
        expected = pattern.search(text)
        assert (found and (found.span(), found.groups())) == (
            expected and (expected.span(), expected.groups())
        ), pattern.pattern


@settings(max_examples=300, deadline=None)
@given(_KEYED_WORDS)
def test_arxiv_identifiers_are_cut_as_a_plain_substitution_cuts_them(text: str) -> None:
    fields = parse._Fields(words=parse._words(text))
    rest = parse._extract_identifiers(text, fields)
    # The word "arxiv" gates the search (a cheap pre-check kept from before).
    expected = parse._ARXIV.search(text) if "arxiv" in fields.words else None
    assert fields.arxiv == (expected.group(1) if expected else None)
    if expected is not None:
        # The DOI, URL and label steps that follow only see what the substitution left.
        plain = parse._Fields(words=fields.words)
        assert rest == parse._extract_identifiers(parse._ARXIV.sub(" ", text), plain)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZbT.,1 x)_", max_size=40))
def test_missing_space_pre_check_never_hides_a_match(text: str) -> None:
    if parse._MISSING_SPACE.search(text) is not None:
        assert parse._may_miss_a_space(text)


_LOCATOR_TEXT = st.text(alphabet=_ALPHABET + "\u2013\u2014\u00a0ab", max_size=60)


@settings(max_examples=600, deadline=None)
@given(_LOCATOR_TEXT, st.integers(0, 70))
def test_bracketed_year_search_starts_at_the_first_bracket(text: str, window: int) -> None:
    found = parse._search_paren_year(text, window)
    expected = parse._PAREN_YEAR.search(text, 0, window)
    assert (found and (found.span(), found.groups())) == (
        expected and (expected.span(), expected.groups())
    )


@settings(max_examples=600, deadline=None)
@given(_LOCATOR_TEXT)
def test_page_range_search_starts_before_the_first_dash(text: str) -> None:
    found = parse._search_page_range(text)
    expected = parse._PAGE_RANGE.search(text)
    assert (found and (found.span(), found.groups())) == (
        expected and (expected.span(), expected.groups())
    )


@settings(max_examples=600, deadline=None)
@given(_LOCATOR_TEXT)
def test_volume_issue_search_starts_before_the_first_bracket(text: str) -> None:
    start = parse._number_start(text, text.find("("))
    assert _spans(parse._VOL_ISSUE, text) == [
        (found.span(), found.groups()) for found in parse._VOL_ISSUE.finditer(text, start)
    ]


_NAME_TEXT = st.text(
    alphabet=_ALPHABET + "\u201c\u2018\u00ab\"'?!(\u00a0vanderBerg\u00e9", max_size=60
)


@settings(max_examples=600, deadline=None)
@given(_NAME_TEXT)
def test_name_list_helpers_match_their_patterns(text: str) -> None:
    assert parse._has_non_name_character(text) == (parse._NOT_IN_NAMES.search(text) is not None)
    assert parse._lower_words(text) == parse._LOWER_WORD.findall(text)
    assert parse._has_two_letters(text) == (parse._TWO_LETTERS.search(text) is not None)
    assert parse._first_quote(text) == next(
        (found.start() for found in parse._QUOTE_CHARS.finditer(text)), len(text)
    )


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet="aAzZ .,-\u03a3\u03c3\u039f\u212a\u0130\u2013\u201c\u00e9\u00c9\u00a0'",
        max_size=40,
    )
)
def test_word_set_lower_cases_as_str_lower_does(text: str) -> None:
    # The final sigma ("ΟΔΟΣ" -> "οδος") and letters that lower-case to ASCII (the Kelvin
    # sign, "İ") are where lower-casing bytes and runs could differ from str.lower.
    assert parse._words(text) == frozenset(parse._WORD.findall(text.lower()))


_PIECES = [
    *("Smith", "Van", "Jr", "Iii", "DE", "A", "Ab", "Müller", "Ǆa", "Σοφία"),
    *("Smith JA", "Smith DE", "Smith II", "Van JA", "J. Smith", "St. Smith", "J. Van"),
    *("Smith J", "Smith ABCDE", "Ǆ. Smith", "J. JA", "Smith ja", "A. Müller"),
]


def _plain_piece_info(piece: str) -> tuple[bool, ...]:
    """What ``names._piece_info`` computes for every piece, without its fast path."""
    words = piece.split()
    initials = [names.is_initials(word) for word in words]
    core = [
        (word, initial)
        for position, (word, initial) in enumerate(zip(words, initials, strict=True))
        if word.lower() not in names.PARTICLES
        # A capitalised particle last in the piece is a family name ("Tathagata Das").
        or (position == len(words) - 1 >= 1 and word.istitle())
    ]
    return (
        len(words) >= 2 and initials[-1] and "." not in words[-1] and not any(initials[:-1]),
        names._is_family_piece(
            words,
            initials,
            len(core),
            any(initial for _, initial in core),
            core[-1][0] if core else "",
        ),
        names._is_given_piece(words, initials),
        all(initials),
        len(core) == 1,
        piece.lower() in names._SUFFIXES,
        len(words) == 1 and len(piece) >= 2 and piece.isalpha() and piece.isupper(),
    )


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.sampled_from(_PIECES),
        st.text(alphabet="AaBbZz\u00dc\u00fc\u01c4\u01c5\u01c6\u03a3\u03c3.-' ", max_size=8),
    )
)
def test_piece_info_fast_path_reads_pieces_as_the_plain_reading_does(piece: str) -> None:
    names._piece_info.cache_clear()
    assert tuple(names._piece_info(piece)) == _plain_piece_info(piece)


_GIVEN_WORDS = st.lists(
    st.sampled_from(["J.", "A", "Jr.", "II", "iii", "sr", " ", "  ", "\t", ",", ";", "Smith"]),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_WORDY, _GIVEN_WORDS)
def test_inverted_names_keep_the_given_part_as_tidied(family: str, given_text: str) -> None:
    names._inverted.cache_clear()
    author = names._inverted(family, given_text)
    given_words, suffix = names._split_suffix(names._tidy(given_text).split())
    assert author.family == names._tidy(family)
    assert author.given == names._join_given(" ".join(given_words) or None, suffix)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["Smith", "Müller", "Institute", "Van", "WHO", "J.", "St.", "Ǆ."]),
    st.sampled_from(["JA", "J", "Smith", "II", "DE", "ABCDE", "Institute", "J."]),
)
def test_name_pieces_read_as_parse_name_reads_them(first: str, last: str) -> None:
    piece = f"{first} {last}"
    names._piece_info.cache_clear()
    names._parse_piece.cache_clear()
    assert names._parse_piece(piece) == names.parse_name(piece)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="MR 0123456789/_ax", max_size=30))
def test_math_reviews_number_form_matches_its_plain_form(text: str) -> None:
    plain = re.compile(r"(?<![\w/])MR\s?\d{5,8}\b")
    assert _spans(parse._MR_NUMBER, text) == _spans(plain, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="*_ aB.(", max_size=30))
def test_markdown_emphasis_form_matches_its_plain_form(text: str) -> None:
    plain = re.compile(
        r"(?<![\w*])(\*\*?)(?=\S)([^*]+?)(?<=\S)\1(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"
    )
    assert _spans(parse._MARKDOWN_EMPHASIS, text) == _spans(plain, text)
