"""compare's plain-string test for "this value is already in the reference's text" finds
exactly what the regex it replaced found (the regex is the specification)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from refenrich.compare import _stands_alone

_ALPHABET = st.sampled_from(list("ab12 /._-–é\u00a0(),:x"))


def _by_regex(needle: str, text: str) -> bool:
    return re.search(rf"(?<![\w/.]){re.escape(needle)}(?![\w/])", text) is not None


@given(st.text(_ALPHABET, max_size=4), st.text(_ALPHABET, max_size=30))
def test_same_as_the_regex(needle: str, text: str) -> None:
    assert _stands_alone(needle, text) == _by_regex(needle, text)


def test_examples() -> None:
    assert _stands_alone("12", "vol. 12, pp. 3-4")
    assert not _stands_alone("12", "vol. 112")  # inside a number
    assert not _stands_alone("12", "doi:10.1000/12")  # inside a DOI
    assert not _stands_alone("12", "p. 3.12")
    assert _stands_alone("3-4", "pp. 3-4.")
