"""Speed changes of a cached re-run (session 6, helper M) that must not change a result:
the exact rounding shortcut of match scores, the cache's many-keys read, the batch's
one-reference resolver and the search key's quoting."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from refenrich.crossref.cache import DecodedBulkReader, SQLiteCache
from refenrich.errors import SourceError
from refenrich.match import _round
from refenrich.models import Author, PartialDate, Reference, Work
from refenrich.resolve import OneByOne, aresolve_all
from refenrich.text.parse import parse_reference

# --- match._round is round() -------------------------------------------------------


def _same_float(left: float, right: float) -> bool:
    if math.isnan(left) or math.isnan(right):
        return math.isnan(left) and math.isnan(right)
    return left == right and math.copysign(1.0, left) == math.copysign(1.0, right)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_round_matches_builtin_on_any_float(value: float) -> None:
    assert _same_float(_round(value, 3, 1e3), round(value, 3))
    assert _same_float(_round(value, 4, 1e4), round(value, 4))


@given(st.integers(-60_000, 60_000), st.sampled_from([0.0, 5e-4, -5e-4, 5e-5, -5e-5, 1e-12]))
def test_round_matches_builtin_near_ties(thousandths: int, nudge: float) -> None:
    value = thousandths / 1000 + nudge
    assert _same_float(_round(value, 3, 1e3), round(value, 3))
    assert _same_float(_round(value, 4, 1e4), round(value, 4))


def test_round_keeps_the_sign_of_a_zero() -> None:
    assert str(_round(-0.0004, 3, 1e3)) == str(round(-0.0004, 3)) == "-0.0"
    assert str(_round(0.0004, 3, 1e3)) == "0.0"


# --- SQLiteCache.get_decoded_many is get_decoded for each key ------------------------


def test_get_decoded_many_agrees_with_get_decoded(tmp_path: Path) -> None:
    now = [1000.0]
    cache = SQLiteCache(tmp_path / "c.sqlite3", ttl=100.0, clock=lambda: now[0])
    try:
        assert isinstance(cache, DecodedBulkReader)
        for n in range(1203):  # more than two statements' worth of keys
            cache.put(f"k{n}", 200, "application/json", b"{}")
            if n % 3:
                cache.put_decoded(f"k{n}", "fmt-a" if n % 5 else "fmt-b", f"d{n}".encode())
        cache.put("gone", 200, "application/json", b"{}")
        cache.put_decoded("gone", "fmt-a", b"old")
        now[0] = 1050.0
        cache.put("fresh", 200, "application/json", b"{}")
        cache.put_decoded("fresh", "fmt-a", b"new")
        now[0] = 1120.0  # "gone" and the k-rows have expired; "fresh" has not
        keys = [f"k{n}" for n in range(1203)] + ["gone", "fresh", "missing", "fresh"]
        for moment in (1120.0, 1099.0):
            now[0] = moment
            for form in ("fmt-a", "fmt-b"):
                expected = {
                    key: value
                    for key in keys
                    if (value := cache.get_decoded(key, form)) is not None
                }
                assert cache.get_decoded_many(keys, form) == expected
        assert cache.get_decoded_many([], "fmt-a") == {}
        cache.refresh = True
        assert cache.get_decoded_many(keys, "fmt-a") == {}
    finally:
        cache.close()


# --- OneByOne.resolve is aresolve_all for one reference ------------------------------


def _work(doi: str, title: str, family: str, year: int) -> Work:
    return Work(
        doi=doi,
        title=title,
        authors=[Author(family=family, given="A.")],
        container_title="Journal of Tests",
        issued=PartialDate(year=year),
    )


_RECORDS = [
    _work("10.5555/m6.1", "Badan kefel logor muhin", "Okafor", 2020),
    _work("10.5555/m6.2", "Ristox bazul kewen lodan", "Mensah", 2019),
    _work("10.5555/m6.3", "Badan kefel logor muhin", "Okafor", 2021),
]


class _Source:
    name = "fake"

    def __init__(self, fail_search: bool = False) -> None:
        self.fail_search = fail_search
        self.calls: list[tuple[str, str]] = []

    async def get_work(self, doi: str) -> Work | None:
        self.calls.append(("doi", doi))
        return next((work for work in _RECORDS if work.doi == doi), None)

    async def search_works(self, query: str, **kwargs: Any) -> list[Work]:
        self.calls.append(("search", query))
        if self.fail_search:
            raise SourceError("search is down")
        return list(_RECORDS)


_TEXTS = [
    "Okafor, A. (2020) 'Badan kefel logor muhin', Journal of Tests.",
    "Okafor, A. (2020) 'Badan kefel logor muhin', Journal of Tests. doi:10.5555/m6.1",
    "Mensah, A. (2019) 'Badan kefel logor muhin', Journal of Tests. doi:10.5555/m6.2",
    "Okafor, A. (2020) 'Something else entirely', Journal of Tests. doi:10.5555/m6.9",
    "Zed, Q. (1999) 'Nothing like it at all', Other Journal.",
]


def test_one_by_one_resolves_as_aresolve_all_does() -> None:
    async def both(fail_search: bool, known: dict[str, Work | None] | None) -> None:
        for text in _TEXTS:
            reference: Reference = parse_reference(text)
            doi = reference.doi
            first, second = _Source(fail_search), _Source(fail_search)
            expected = await aresolve_all(
                [(reference, doi)], first, [first], batch=False, known=known
            )
            got = await OneByOne(second, [second]).resolve(reference, doi, known)
            assert got == expected[0]
            assert second.calls == first.calls

    for fail_search in (False, True):
        asyncio.run(both(fail_search, None))
    asyncio.run(both(False, {"10.5555/m6.1": _RECORDS[0], "10.5555/m6.9": None}))


# --- the search key's quoting is urllib's ------------------------------------------


@given(st.text(max_size=60))
def test_quote_plus_matches_urllib(text: str) -> None:
    from urllib.parse import quote_plus

    from refenrich.crossref.protocol import _quote_plus

    assert _quote_plus(text) == quote_plus(text)
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    assert _quote_plus(ascii_text) == quote_plus(ascii_text)


# --- is_doi's shortcut for the plainest DOIs ----------------------------------------


def _is_doi_by_scanner(value: str) -> bool:
    from refenrich.doi import _VALID, normalize_doi

    stripped = value.strip()
    return _VALID.fullmatch(stripped) is not None and normalize_doi(stripped) == stripped.lower()


_DOI_PLAIN = ["10.", "1234", "5555", ".1", "/", "a", "B", "x9", ".", "-", "_"]
_DOI_OTHER = [":", ";", ",", "(", ")", "[", "]", "%2F", " ", "doi:", "https://doi.org/"]
_DOI_PIECES = st.sampled_from([*_DOI_PLAIN, *_DOI_OTHER, "10.1234/", "/full", "é", "<", ">"])


@settings(max_examples=1000)
@given(st.lists(_DOI_PIECES, max_size=12).map("".join))
def test_is_doi_shortcut_agrees_with_the_scanner(text: str) -> None:
    from refenrich.doi import is_doi

    assert is_doi(text) == _is_doi_by_scanner(text)
    assert is_doi("10.1234/" + text) == _is_doi_by_scanner("10.1234/" + text)


def test_is_doi_examples() -> None:
    from refenrich.doi import is_doi

    for value in ("10.5555/bench.00001", " 10.1000/ABC-def_1/2 ", "10.1234.5/x"):
        assert is_doi(value)
        assert _is_doi_by_scanner(value)
    for value in ("10.5555/bench.", "10.5555/", "doi:10.5555/x", "10.555/x", "10.5555/a b"):
        assert is_doi(value) == _is_doi_by_scanner(value)
