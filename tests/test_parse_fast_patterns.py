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
