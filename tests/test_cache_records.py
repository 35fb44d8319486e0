"""The cached work lists are kept one record per line, and a record many answers hold
is read once per client (RecordMemo)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pydantic import ValidationError

import refenrich
from refenrich.crossref.cache import SQLiteCache
from refenrich.crossref.protocol import (
    SEARCH_SELECT,
    WORK_CODEC,
    WORK_LIST_CODEC,
    RecordMemo,
    search_cache_key,
)
from refenrich.models import Author, PartialDate, Work
from refenrich.testing import FakeCrossref


def _works() -> list[Work]:
    return [
        Work(
            doi="10.5555/a", title="Line\nbreak and \u2028 separator", authors=[Author(family="A")]
        ),
        Work(doi="10.5555/b", title="Two", issued=PartialDate(year=2020), isbn=["1"]),
        Work(),
    ]


def test_a_list_is_one_record_per_line_and_round_trips() -> None:
    works = _works()
    dumped = WORK_LIST_CODEC.dump(works)
    assert dumped.count(b"\n") == len(works) - 1
    assert WORK_LIST_CODEC.load(dumped) == works
    assert WORK_LIST_CODEC.load(dumped, RecordMemo()) == works
    assert WORK_LIST_CODEC.load(WORK_LIST_CODEC.dump([])) == []
    for work in works:
        assert WORK_CODEC.load(WORK_CODEC.dump(work), RecordMemo()) == work
    assert WORK_CODEC.load(WORK_CODEC.dump(None), RecordMemo()) is None


def test_a_record_in_many_answers_is_read_once() -> None:
    memo = RecordMemo()
    first, second, third = _works()
    one = WORK_LIST_CODEC.load(WORK_LIST_CODEC.dump([first, second]), memo)
    other = WORK_LIST_CODEC.load(WORK_LIST_CODEC.dump([third, second, first]), memo)
    single = WORK_CODEC.load(WORK_CODEC.dump(second), memo)
    assert other == [third, second, first]
    assert other[1] is one[1] is single  # the same record, validated once
    assert other[2] is one[0]


def test_the_memo_stays_within_its_size() -> None:
    memo = RecordMemo(size=2)
    works = [Work(doi=f"10.5555/{n}") for n in range(5)]
    for work in works:
        assert memo.work(WORK_CODEC.dump(work)) == work
    assert len(memo._works) == 2


def test_a_damaged_line_is_refused() -> None:
    dumped = WORK_LIST_CODEC.dump(_works()).replace(b'"Two"', b"2")
    with pytest.raises(ValidationError):
        WORK_LIST_CODEC.load(dumped, RecordMemo())


def test_a_damaged_decoded_list_is_read_from_the_body(tmp_path: Path) -> None:
    records = [{"DOI": "10.5555/one", "title": ["One"], "type": "journal-article"}]
    path = tmp_path / "c.db"
    with FakeCrossref(records) as server:
        settings = refenrich.CrossrefSettings(base_url=server.url)
        with refenrich.CrossrefClient(settings, cache=SQLiteCache(path)) as client:
            first = client.search_works("One", select=list(SEARCH_SELECT))
        key = search_cache_key(settings, "One", select=list(SEARCH_SELECT))
        entry = SQLiteCache(path).get(key)
        assert entry is not None
        assert entry.decoded_format == WORK_LIST_CODEC.format
        with sqlite3.connect(path) as db:  # same version's tag, damaged record
            db.execute("UPDATE responses SET decoded = ? WHERE key = ?", (b'{"doi": 3}', key))
        db.close()
        with refenrich.CrossrefClient(settings, cache=SQLiteCache(path)) as client:
            assert client.search_works("One", select=list(SEARCH_SELECT)) == first
            assert client.traffic.requests == 0
    assert [work.doi for work in first] == ["10.5555/one"]


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_decoded_form_alone_is_read_while_the_entry_lives(tmp_path: Path) -> None:
    clock = _Clock()
    cache = SQLiteCache(tmp_path / "c.db", ttl=100, clock=clock)
    assert cache.get_decoded("k", "f") is None  # no entry
    cache.put("k", 200, "application/json", b"{}")
    assert cache.get_decoded("k", "f") is None  # no decoded form yet
    cache.put_decoded("k", "f", b"decoded")
    assert cache.get_decoded("k", "f") == b"decoded"
    assert cache.get_decoded("k", "other") is None  # another version's form
    refreshing = SQLiteCache(tmp_path / "c.db", refresh=True, clock=clock)
    assert refreshing.get_decoded("k", "f") is None
    clock.now += 101
    assert cache.get_decoded("k", "f") is None  # expired
    assert cache.get("k") is None


def test_a_re_run_reads_decoded_forms_only(tmp_path: Path) -> None:
    records = [{"DOI": "10.5555/one", "title": ["One"], "type": "journal-article"}]
    path = tmp_path / "c.db"
    with FakeCrossref(records) as server:
        settings = refenrich.CrossrefSettings(base_url=server.url)
        with refenrich.CrossrefClient(settings, cache=SQLiteCache(path)) as client:
            first = client.search_works("One")
            missing = client.get_work("10.5555/missing")
    cache = SQLiteCache(path)
    bodies: list[str] = []
    real_get = cache.get

    def get(key: str) -> object:
        bodies.append(key)
        return real_get(key)

    cache.get = get  # type: ignore[method-assign]
    with refenrich.CrossrefClient(settings, cache=cache) as client:
        assert client.search_works("One") == first
        assert client.get_work("10.5555/missing") is missing is None
        assert client.traffic.cache_hits == 2
        assert client.traffic.requests == 0
    assert bodies == []
