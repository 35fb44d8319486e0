"""Property tests: the reference parser never raises, never hangs, and keeps its input."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refenrich.models import Reference
from refenrich.text.parse import parse_reference

# Text made of the characters references are made of, so that the parser's branches
# (quotes, brackets, years, initials, dashes, URLs) are actually reached.
REFERENCE_ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list(" .,;:()[]&'\"/-\u2013\u2014\u2018\u2019\u201c\u201d\u00e9\u00fc\u0110\u738b")
    + [
        "(2019)",
        "et al.",
        "In: ",
        "(eds) ",
        "pp. ",
        "vol. ",
        "no. ",
        "doi:10.1000/x",
        "https://x.org/a",
    ]
)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_never_raises_on_arbitrary_text(raw: str) -> None:
    reference = parse_reference(raw)
    assert isinstance(reference, Reference)
    assert reference.raw == raw


@given(st.lists(REFERENCE_ALPHABET, max_size=80).map("".join))
@settings(max_examples=500, deadline=None)
def test_never_raises_on_reference_like_text(raw: str) -> None:
    reference = parse_reference(raw)
    assert reference.raw == raw
    if reference.year is not None:
        assert 1000 <= reference.year <= 2999
    if reference.pages is not None:
        assert "\u2013" not in reference.pages
        assert "\u2014" not in reference.pages


def _parse_within(raw: str, seconds: float) -> Reference:
    start = time.perf_counter()
    reference = parse_reference(raw)
    elapsed = time.perf_counter() - start
    # Generous: a linear parser takes milliseconds; this only catches runaway cases.
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    return reference


def test_one_megabyte_input_finishes() -> None:
    raw = ("Smith, J. A., Jones, B. (2019) ‘A title’, Journal, 12(3): 45–67. " * 20_000)[:1_000_000]
    reference = _parse_within(raw, 10.0)
    assert reference.raw == raw
    assert reference.unparsed  # the part beyond the parsed prefix is kept, not dropped


@pytest.mark.parametrize(
    "raw",
    [
        "(" * 50_000,
        ")" * 50_000,
        "A. " * 100_000,
        "a," * 100_000,
        "Smith, " * 50_000,
        "“" * 50_000,
        "‘a’ " * 50_000,
        "1" * 100_000,
        "12-" * 50_000,
        ". " * 100_000,
        "http://" * 20_000,
        "10.1000/" * 20_000,
        "In: " * 50_000,
        "(eds) " * 50_000,
        "Smith AB, " * 30_000,
        "A. B. Smith, " * 20_000,
        "et al. " * 50_000,
        "\u2013" * 100_000,
        " " * 100_000,
    ],
    ids=lambda raw: repr(raw[:12]),
)
def test_no_catastrophic_backtracking(raw: str) -> None:
    reference = _parse_within(raw, 10.0)
    assert reference.raw == raw
