"""Tests for refenrich.doi: finding, normalising, validating and linking DOIs."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refenrich.doi import doi_url, find_doi_matches, find_dois, is_doi, normalize_doi

SICI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"
LANCET = "10.1016/S0140-6736(20)30183-5"

# (text, expected DOIs from find_dois)
FIND_CASES: list[tuple[str, list[str]]] = [
    # bare, labelled and resolver forms
    ("10.1111/gove.12365", ["10.1111/gove.12365"]),
    ("See 10.1111/GOVE.12365 for details", ["10.1111/gove.12365"]),
    ("doi:10.1177/1478929917716890", ["10.1177/1478929917716890"]),
    ("DOI:10.1177/1478929917716890", ["10.1177/1478929917716890"]),
    ("DOI 10.1177/1478929917716890", ["10.1177/1478929917716890"]),
    ("Doi: 10.1177/1478929917716890.", ["10.1177/1478929917716890"]),
    ("https://doi.org/10.1080/23812346.2019.1595912", ["10.1080/23812346.2019.1595912"]),
    ("http://dx.doi.org/10.1080/23812346.2019.1595912", ["10.1080/23812346.2019.1595912"]),
    ("doi.org/10.1080/23812346.2019.1595912", ["10.1080/23812346.2019.1595912"]),
    ("HTTPS://DOI.ORG/10.1080/ABC", ["10.1080/abc"]),
    ("https://hdl.handle.net/10.1234/abc", ["10.1234/abc"]),
    # publisher URLs
    (
        "https://journals.sagepub.com/doi/full/10.1177/1478929917716890",
        ["10.1177/1478929917716890"],
    ),
    ("https://onlinelibrary.wiley.com/doi/abs/10.1111/gove.12365", ["10.1111/gove.12365"]),
    (
        "https://onlinelibrary.wiley.com/doi/10.1111/j.1468-0491.2009.01.x/full",
        ["10.1111/j.1468-0491.2009.01.x"],
    ),
    (
        "https://onlinelibrary.wiley.com/doi/10.1111/j.1468-0491.2009.01.x/full.",
        ["10.1111/j.1468-0491.2009.01.x"],
    ),
    (
        "https://www.tandfonline.com/doi/pdf/10.1080/23812346.2019.1595912?needAccess=true",
        ["10.1080/23812346.2019.1595912"],
    ),
    (
        "https://link.springer.com/article/10.1007/s11192-019-03217-6",
        ["10.1007/s11192-019-03217-6"],
    ),
    ("https://www.nature.com/articles/d41586-018-06860-w", []),
    ("https://doi.org/10.1234/abc/", ["10.1234/abc"]),
    ("https://doi.org/10.1234/abc#section-2", ["10.1234/abc"]),
    ("https://example.org/lookup?doi=10.1234%2Fabc&format=json", ["10.1234/abc"]),
    ("https%3A%2F%2Fdoi.org%2F10.1234%2Fabc", ["10.1234/abc"]),
    # percent-encoding
    ("10.1000%2F182", ["10.1000/182"]),
    ("https://doi.org/10.1000%2F182", ["10.1000/182"]),
    ("https://doi.org/10.1234/a%28b%29c", ["10.1234/a(b)c"]),
    ("https://doi.org/10.1234/a%20b", []),  # decodes to whitespace: not a DOI
    # parentheses and brackets
    (LANCET, [LANCET.lower()]),
    (f"(see {LANCET})", [LANCET.lower()]),
    (f"({LANCET}).", [LANCET.lower()]),
    (f"[{LANCET}]", [LANCET.lower()]),
    ("(https://doi.org/10.1234/abc)", ["10.1234/abc"]),
    ("10.1234/abc)", ["10.1234/abc"]),
    ("10.1234/abc]", ["10.1234/abc"]),
    ("10.1234/a[1]b", ["10.1234/a[1]b"]),
    # trailing punctuation and quotes
    ("10.1234/abc.", ["10.1234/abc"]),
    ("10.1234/abc,", ["10.1234/abc"]),
    ("10.1234/abc;", ["10.1234/abc"]),
    ("10.1234/abc:", ["10.1234/abc"]),
    ("10.1234/abc?", ["10.1234/abc"]),
    ("10.1234/abc!…", ["10.1234/abc"]),
    ("‘10.1234/abc’", ["10.1234/abc"]),
    ("“10.1234/abc”.", ["10.1234/abc"]),
    ('"10.1234/abc"', ["10.1234/abc"]),
    ("'10.1234/abc'", ["10.1234/abc"]),
    ("«10.1234/abc»", ["10.1234/abc"]),
    ("10.1234/abc.;,:", ["10.1234/abc"]),
    ("10.1234/a.b.c", ["10.1234/a.b.c"]),
    # HTML and angle brackets
    ("10.1234/abc<br>next", ["10.1234/abc"]),
    ("10.1234/abc<br/>10.5678/def", ["10.1234/abc", "10.5678/def"]),
    ("<https://doi.org/10.1234/abc>", ["10.1234/abc"]),
    ("<10.1234/abc>", ["10.1234/abc"]),
    ('<a href="https://doi.org/10.1234/abc">link</a>', ["10.1234/abc"]),
    # SICI: a <...::...> segment is kept, other angle brackets are not
    (SICI, [SICI.lower()]),
    (f"doi:{SICI}.", [SICI.lower()]),
    (f"<{SICI}>", [SICI.lower()]),
    ("10.1002/abc<b>bold</b>", ["10.1002/abc"]),
    # markdown
    ("[10.1234/abc](https://doi.org/10.1234/abc)", ["10.1234/abc"]),
    ("[link](https://doi.org/10.1234/abc).", ["10.1234/abc"]),
    ("[https://doi.org/10.1234/a](https://doi.org/10.1234/b)", ["10.1234/a", "10.1234/b"]),
    # several DOIs, deduplication
    ("10.1234/a; 10.5678/b", ["10.1234/a", "10.5678/b"]),
    ("10.1234/a;10.5678/b", ["10.1234/a", "10.5678/b"]),
    ("10.1234/a,10.5678/b", ["10.1234/a", "10.5678/b"]),
    ("10.1234/a,https://doi.org/10.5678/b", ["10.1234/a", "10.5678/b"]),
    ("10.1234/ABC and doi:10.1234/abc and https://doi.org/10.1234/Abc", ["10.1234/abc"]),
    ("10.5678/b 10.1234/a 10.5678/B", ["10.5678/b", "10.1234/a"]),
    ("https://doi.org/10.1234/a?ref=10.5678/b&x=1", ["10.1234/a", "10.5678/b"]),
    ("10.1234/a\n10.5678/b\t10.9999/c", ["10.1234/a", "10.5678/b", "10.9999/c"]),
    # registrant codes
    ("10.12345/abc", ["10.12345/abc"]),
    ("10.123456789/abc", ["10.123456789/abc"]),
    ("10.1234567890/abc", []),  # ten digits
    ("10.123/abc", []),  # three digits
    ("10.1/x", []),
    ("10.1000.10/abc", ["10.1000.10/abc"]),  # sub-prefix (DOI Handbook)
    ("10.1000.10.2/abc", ["10.1000.10.2/abc"]),
    ("10.١٢٣٤/abc", []),  # non-ASCII digits
    # look-alikes: a DOI must start at a word boundary
    ("110.1234/x", []),
    ("v10.12345/abc", []),
    ("v10.12345", []),
    ("version 10.12345 released", []),
    ("1.10.1234/5", []),
    ("a_10.1234/x", []),
    ("10.1234", []),
    ("10.1234/", []),
    ("10.1234/.", []),
    ("10.1234/ abc", []),
    ("/10.1234/x", ["10.1234/x"]),
    ("=10.1234/x", ["10.1234/x"]),
    ("doi10.1234/x", []),
    # whitespace
    ("10.1234/abc\u2003next", ["10.1234/abc"]),
    ("10.1234/abc\u00a0next", ["10.1234/abc"]),
    ("10.1234/abc\u200bnext", ["10.1234/abc"]),
    ("", []),
    ("   \t\n ", []),
    ("no identifiers here.", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_dois(text: str, expected: list[str]) -> None:
    assert find_dois(text) == expected


def test_table_is_large_enough() -> None:
    assert len(FIND_CASES) >= 40
    assert len({text for text, _ in FIND_CASES}) == len(FIND_CASES)


# (text, the spans text[start:end] of each match, in_url of each match)
SPAN_CASES: list[tuple[str, list[str], list[bool]]] = [
    ("See 10.1234/abc.", ["10.1234/abc"], [False]),
    ("(see 10.1234/abc)", ["10.1234/abc"], [False]),
    (f"({LANCET}).", [LANCET], [False]),
    ("“10.1234/abc”.", ["10.1234/abc"], [False]),
    ("Read doi:10.1234/abc, then", ["doi:10.1234/abc"], [False]),
    ("DOI: 10.1234/abc.", ["DOI: 10.1234/abc"], [False]),
    ("DOI 10.1234/abc", ["DOI 10.1234/abc"], [False]),
    ("pseudoi:10.1234/abc", ["10.1234/abc"], [False]),
    ("(https://doi.org/10.1234/abc).", ["https://doi.org/10.1234/abc"], [True]),
    ("<https://doi.org/10.1234/abc>", ["https://doi.org/10.1234/abc"], [True]),
    ("10.1234/abc<br>", ["10.1234/abc"], [False]),
    (
        "at https://www.tandfonline.com/doi/pdf/10.1080/2381.1595912?needAccess=true.",
        ["https://www.tandfonline.com/doi/pdf/10.1080/2381.1595912?needAccess=true"],
        [True],
    ),
    (
        "https://onlinelibrary.wiley.com/doi/10.1111/j.1468-0491.2009.01.x/full;",
        ["https://onlinelibrary.wiley.com/doi/10.1111/j.1468-0491.2009.01.x/full"],
        [True],
    ),
    ("doi.org/10.1234/abc", ["doi.org/10.1234/abc"], [True]),
    (
        "[10.1234/abc](https://doi.org/10.1234/abc)",
        ["10.1234/abc", "https://doi.org/10.1234/abc"],
        [False, True],
    ),
    (
        "https://doi.org/10.1234/a?ref=10.5678/b&x=1",
        ["https://doi.org/10.1234/a?ref=10.5678/b&x=1"] * 2,
        [True, True],
    ),
    ("10.1234/a;10.5678/b", ["10.1234/a", "10.5678/b"], [False, False]),
    ("10.1000%2F182.", ["10.1000%2F182"], [False]),
    (f"<{SICI}>", [SICI], [False]),
    (
        '{"DOI": "10.1111/spol.12481", "URL": "https://doi.org/10.1111/spol.12481"}',
        ["10.1111/spol.12481", "https://doi.org/10.1111/spol.12481"],
        [False, True],
    ),
    ("doi:\n10.1234/abc", ["doi:\n10.1234/abc"], [False]),
]


@pytest.mark.parametrize(("text", "spans", "in_url"), SPAN_CASES)
def test_match_spans(text: str, spans: list[str], in_url: list[bool]) -> None:
    matches = find_doi_matches(text)
    assert [text[m.start : m.end] for m in matches] == spans
    assert [m.in_url for m in matches] == in_url


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_spans_contain_their_doi(text: str, expected: list[str]) -> None:
    previous_end = 0
    for match in find_doi_matches(text):
        assert 0 <= match.start < match.end <= len(text)
        assert match.start >= previous_end or match.in_url
        token = text[match.start : match.end]
        assert token == token.strip()
        assert token[-1] not in ".,;:!?’”»"
        if not match.in_url and "%" not in token:
            assert token.lower().endswith(match.doi)
        previous_end = match.end


NORMALIZE_CASES: list[tuple[str, str | None]] = [
    ("10.1111/GOVE.12365", "10.1111/gove.12365"),
    ("  10.1111/gove.12365 \n", "10.1111/gove.12365"),
    ("doi:10.1111/gove.12365", "10.1111/gove.12365"),
    ("DOI: 10.1111/gove.12365", "10.1111/gove.12365"),
    ("Doi 10.1111/gove.12365", "10.1111/gove.12365"),
    ("https://doi.org/10.1111/gove.12365", "10.1111/gove.12365"),
    ("HTTP://DX.DOI.ORG/10.1111/GOVE.12365", "10.1111/gove.12365"),
    ("doi.org/10.1111/gove.12365", "10.1111/gove.12365"),
    ("https://onlinelibrary.wiley.com/doi/abs/10.1111/gove.12365", "10.1111/gove.12365"),
    ("https://doi.org/10.1000%2F182", "10.1000/182"),
    ("https://doi.org/10.1234/x%0A", None),
    ("10.1111/gove.12365.", "10.1111/gove.12365"),
    (LANCET, LANCET.lower()),
    (SICI, SICI.lower()),
    ("https://doi.org/10.1234/a?ref=10.1234/A", "10.1234/a"),
    ("https://doi.org/10.1234/a?ref=10.5678/b", None),
    ("10.1111/gove.12365 10.1111/gove.12365", None),
    ("10.1111/gove.12365 and more", None),
    ("see 10.1111/gove.12365", None),
    ("abc/10.1111/gove.12365", None),
    ("(10.1111/gove.12365)", None),
    ("10.1111/gove.12365)", None),
    ("10.1111/gove.12365<br>", None),
    ("https://www.nature.com/articles/d41586-018-06860-w", None),
    ("110.1234/x", None),
    ("10.123/x", None),
    ("doi:", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("value", "expected"), NORMALIZE_CASES)
def test_normalize_doi(value: str, expected: str | None) -> None:
    assert normalize_doi(value) == expected


IS_DOI_CASES: list[tuple[str, bool]] = [
    ("10.1111/gove.12365", True),
    ("10.1111/GOVE.12365", True),
    (" 10.1111/gove.12365 ", True),
    ("10.12345/abc", True),
    ("10.123456789/abc", True),
    ("10.1000.10/abc", True),
    (LANCET, True),
    (SICI, True),
    ("10.1234/a[1]b", True),
    ("10.1234/abc.", False),
    ("10.1234/abc)", False),
    ("10.1234/abc<br>", False),
    ("10.1234/a b", False),
    ("10.1234/", False),
    ("10.1234", False),
    ("10.123/abc", False),
    ("10.1234567890/abc", False),
    ("11.1234/abc", False),
    ("doi:10.1234/abc", False),
    ("https://doi.org/10.1234/abc", False),
    ("10.1000%2F182", False),
    ("10.١٢٣٤/abc", False),
    ("", False),
    ("  ", False),
]


@pytest.mark.parametrize(("value", "expected"), IS_DOI_CASES)
def test_is_doi(value: str, expected: bool) -> None:
    assert is_doi(value) is expected


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.1111/gove.12365", "https://doi.org/10.1111/gove.12365"),
        (LANCET.lower(), "https://doi.org/10.1016/s0140-6736(20)30183-5"),
        ("10.1000/182", "https://doi.org/10.1000/182"),
        ("10.1234/a:b;c", "https://doi.org/10.1234/a:b;c"),
        ("10.1234/a b", "https://doi.org/10.1234/a%20b"),
        ("10.1234/a?b#c", "https://doi.org/10.1234/a%3Fb%23c"),
        ("10.1234/100%", "https://doi.org/10.1234/100%25"),
        ("10.1234/a[1]", "https://doi.org/10.1234/a%5B1%5D"),
        (
            "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-o",
            "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-o",
        ),
        ("10.1234/../../evil", "https://doi.org/10.1234/%2E%2E/%2E%2E/evil"),
        ("10.1234/./x", "https://doi.org/10.1234/%2E/x"),
        ("10.1234/.../x", "https://doi.org/10.1234/.../x"),
    ],
)
def test_doi_url(doi: str, expected: str) -> None:
    assert doi_url(doi) == expected


@pytest.mark.parametrize(
    "doi",
    [
        "10.1234/a?b=c",
        "10.1234/a#frag",
        "10.1234/a b/c",
        "10.1234/../../evil",
        "10.1234/../..",
        "10.1234/./.",
        "10.1234/a/../../../x",
        "10.1234/@evil.example",
        "10.1234/a\\..\\..\\x",
        "10.1234//evil.example/x",
        "10.1234/%2e%2e/x",
        "10.1234/%2F..%2F",
        "10.1234/a\nHost: evil",
        SICI,
    ],
)
def test_doi_url_cannot_escape_the_path(doi: str) -> None:
    url = httpx.URL(doi_url(doi))
    assert url.scheme == "https"
    assert url.host == "doi.org"
    assert url.port is None
    assert url.query == b""
    assert url.fragment == ""
    # the path, decoded, is exactly "/" + the DOI: nothing was dropped or normalised away
    assert url.path == "/" + doi


# --- property tests -------------------------------------------------------------------

DOI_SHAPE = re.compile(r"^10\.\d{4,9}(?:\.\d{1,9})*/\S+$")

# Suffix characters Crossref recommends; the last one cannot be sentence punctuation.
_SUFFIX_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._;:/"
_SUFFIX_LAST = "abcdefghijklmnopqrstuvwxyz0123456789-_"


@st.composite
def valid_dois(draw: st.DrawFn) -> str:
    registrant = draw(st.from_regex(r"[0-9]{4,9}", fullmatch=True))
    body = draw(st.text(alphabet=_SUFFIX_CHARS, max_size=20))
    last = draw(st.sampled_from(_SUFFIX_LAST))
    suffix = body + last
    # a ";10.1234/" or ",10.1234/" inside would (deliberately) read as two DOIs
    if re.search(r"[,;]10\.[0-9]{4}", suffix):
        suffix = suffix.replace(";", "-")
    return f"10.{registrant}/{suffix}".lower()


@given(st.text())
@settings(max_examples=500)
def test_never_raises_and_output_is_canonical(text: str) -> None:
    for match in find_doi_matches(text):
        assert DOI_SHAPE.match(match.doi)
        assert "\n" not in match.doi
        assert match.doi == match.doi.lower()
        assert 0 <= match.start < match.end <= len(text)
    dois = find_dois(text)
    assert len(dois) == len(set(dois))
    normalised = normalize_doi(text)
    assert normalised is None or DOI_SHAPE.match(normalised)
    is_doi(text)


_DOIISH = st.text(
    alphabet=st.sampled_from(list("10./%2Fdoi:htps/<>()[]{},;.?#&'\"“” \n\t\u00a0xX-")),
    max_size=60,
)


@given(st.lists(st.one_of(_DOIISH, valid_dois()), max_size=6).map("".join))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_doi_heavy_text_never_raises(text: str) -> None:
    previous_start = -1
    for match in find_doi_matches(text):
        assert DOI_SHAPE.match(match.doi)
        assert match.doi == match.doi.lower()
        assert 0 <= match.start < match.end <= len(text)
        assert match.start >= previous_start
        previous_start = match.start
    normalize_doi(text)
    is_doi(text)


@given(valid_dois())
def test_round_trip_in_sentence(doi: str) -> None:
    assert find_dois(" x " + doi + ". ") == [doi]
    assert find_dois(f"({doi}).") == [doi]
    assert find_dois(f"See doi:{doi.upper()}, and") == [doi]
    assert find_dois(doi_url(doi)) == [doi]
    assert normalize_doi(doi_url(doi)) == doi
    assert normalize_doi(doi) == doi
    assert is_doi(doi)


@given(valid_dois())
def test_round_trip_spans(doi: str) -> None:
    text = f"See {doi}. Then {doi_url(doi)}."
    bare, link = find_doi_matches(text)
    assert text[bare.start : bare.end] == doi
    assert text[link.start : link.end] == doi_url(doi)
    assert (bare.in_url, link.in_url) == (False, True)


@given(valid_dois())
def test_doi_url_keeps_the_doi(doi: str) -> None:
    url = httpx.URL(doi_url(doi))
    assert url.host == "doi.org"
    assert url.path == "/" + doi


ADVERSARIAL = [
    "10.1234/" * 125_000,
    "10.12345" * 125_000,
    "(" * 1_000_000,
    ")" * 1_000_000,
    "10.1234/a<" * 100_000,
    "10.1234/a)" * 100_000,
    "10.1234/a " * 100_000,
    "10.1234.10" * 100_000,
    "10.1234/a," * 100_000,
    "10.1234/" + "(" * 1_000_000,
    "10.1234/x" + ")" * 1_000_000,
    "10.1234/x" + "." * 1_000_000,
    "https://doi.org/10.1234/a?" * 40_000,
    "https://" * 125_000 + "10.1234/x",
    "doi:" * 250_000 + "10.1234/x",
    "10.1002/a" + "<1::b" * 200_000,
    "<" + ":" * 1_000_000,
    "x" * 1_000_000 + "10.1234/x",
    "%2F10.1234%2F" * 80_000,
    " " * 1_000_000 + "10.1234/x",
    "a " * 500_000 + "10.1234/x",
    "doi.org/" * 125_000 + "10.1234/x",
    "10.1234/x<" + "a" * 1_000_000,
    "10.1234/a(" * 100_000,
    "https://doi.org/10.1234/x?" + "a&" * 500_000,
    "[x](https://doi.org/10.1234/a) " * 33_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[repr(t[:12]) for t in ADVERSARIAL])
@pytest.mark.parametrize("function", [find_doi_matches, normalize_doi, is_doi])
def test_linear_time_on_adversarial_input(function: Callable[[str], object], text: str) -> None:
    assert len(text) >= 1_000_000
    started = time.perf_counter()
    function(text)
    elapsed = time.perf_counter() - started
    # Generous, measured once: these take about a second here, a quadratic
    # implementation takes many minutes on 1 MB.
    assert elapsed < 15.0, f"{elapsed:.2f}s"


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2013", "\u2212"])
def test_typographic_hyphens_in_a_doi_are_hyphens(dash: str) -> None:
    text = f"Nature, 562, 32-33. https://doi.org/10.1038/d41586{dash}018{dash}06860{dash}w"
    assert find_dois(text) == ["10.1038/d41586-018-06860-w"]
    assert normalize_doi("doi:10.1038/d41586\u00ad-018-06860-w") == "10.1038/d41586-018-06860-w"
    assert find_dois(f"see 10.1038/nature14539{dash} next") == ["10.1038/nature14539"]
