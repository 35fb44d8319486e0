"""The DOI start pattern, written so the regex engine can skip ahead, matches its plain form."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from refenrich import doi

_PLAIN = re.compile(
    r"(?:(?<![\w.])|(?<=%2[Ff])|(?<=%3[Aa]))10\.[0-9]{4,9}(?:\.[0-9]{1,9}){0,3}(?:/|%2[Ff])"
)
_PIECES = st.lists(
    st.sampled_from(
        ["10.", "1234", "10.1000", "/", "%2F", "%2f", "%3A", "%3a", ".", "1", "0", "a", "_", " "]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_PIECES, st.text(alphabet="10.%23AaFf/x_ 9", max_size=40)))
def test_doi_start_matches_its_plain_form(text: str) -> None:
    fast = [(found.span(), found.group()) for found in doi._DOI_START.finditer(text)]
    plain = [(found.span(), found.group()) for found in _PLAIN.finditer(text)]
    assert fast == plain


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab/ \t\n\u00a0\u2009\u200b.", max_size=30),
    st.integers(0, 32),
    st.integers(0, 32),
)
def test_last_space_finds_what_its_pattern_finds(text: str, low: int, high: int) -> None:
    found = doi._LAST_SPACE.search(text, low, high)
    assert doi._last_space(text, low, high) == (-1 if found is None else found.start())
