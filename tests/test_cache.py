"""The SQLite cache: hits, misses, TTL, refresh, no secrets, two processes, and the CLI flags."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import refenrich
from refenrich.cli import main
from refenrich.crossref.cache import SQLiteCache
from refenrich.crossref.protocol import (
    SEARCH_SELECT,
    build_search_request,
    build_work_request,
    cache_key,
    search_cache_key,
    work_cache_key,
)
from refenrich.testing import FakeCrossref

MAILTO = "secret.person@example.org"
TOKEN = "s3cr3t-plus-token"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_hit_miss_ttl_and_refresh(tmp_path: Path) -> None:
    clock = Clock()
    cache = SQLiteCache(tmp_path / "c.db", ttl=100, not_found_ttl=10, clock=clock)
    assert cache.get("k") is None
    cache.put("k", 200, "application/json", b"{}")
    cache.put("gone", 404, "text/plain", b"Resource not found.")
    for status in (429, 500, 503, 400):
        cache.put(f"bad{status}", status, "text/html", b"x")
    hit = cache.get("k")
    assert hit is not None
    assert (hit.status, hit.body) == (200, b"{}")
    assert cache.get("gone") is not None
    assert all(cache.get(f"bad{s}") is None for s in (429, 500, 503, 400))
    clock.now += 11
    assert cache.get("gone") is None  # 404s live shorter
    assert cache.get("k") is not None
    clock.now += 100
    assert cache.get("k") is None
    refreshing = SQLiteCache(tmp_path / "c.db", refresh=True, clock=clock)
    refreshing.put("k2", 200, "application/json", b"[]")
    assert refreshing.get("k2") is None
    assert cache.get("k2") is not None


def test_keys_hold_no_secrets() -> None:
    settings = refenrich.CrossrefSettings(mailto=MAILTO, plus_token=TOKEN)
    key = cache_key(build_work_request(settings, "10.5555/x"))
    assert key == "GET https://api.crossref.org/works/10.5555/x"


@pytest.mark.parametrize(
    "base_url",
    ["https://api.crossref.org", "HTTPS://API.Crossref.org:443/", "http://127.0.0.1:8/p/"],
)
@pytest.mark.parametrize("mailto", [None, MAILTO])
def test_fast_keys_equal_the_keys_of_the_requests(base_url: str, mailto: str | None) -> None:
    # A cache hit computes its key without building an httpx request; both must agree.
    settings = refenrich.CrossrefSettings(base_url=base_url, mailto=mailto, plus_token=TOKEN)
    dois = ["10.5555/x", "10.1/a?b#c d", "10.1/../../x", "10.1//x/.", "10.1/é%2F+&=;()"]
    for doi in dois:
        assert work_cache_key(settings, doi) == cache_key(build_work_request(settings, doi))
    queries = ["Smith, J. (2020) 'A & B = C?' #1, pp. 1–2", "  spaced\n out  ", "ü+%20/"]
    for query in queries:
        for rows, select in ((10, list(SEARCH_SELECT)), (500, None), (0, ["DOI"])):
            request = build_search_request(settings, query, rows=rows, select=select)
            fast = search_cache_key(settings, query, rows=rows, select=select)
            assert fast == cache_key(request)
            assert MAILTO not in fast
            assert TOKEN not in fast


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_fast_search_key_equals_the_request_key_for_any_query(query: str) -> None:
    crossref = refenrich.CrossrefSettings(base_url="https://api.crossref.org")
    request = build_search_request(crossref, query, rows=10, select=list(SEARCH_SELECT))
    assert search_cache_key(crossref, query, select=list(SEARCH_SELECT)) == cache_key(request)


def test_cache_hits_need_no_request_and_no_network(tmp_path: Path) -> None:
    # Hits are served before the limiter, the breaker and the reachability check, so a
    # re-run works with the server gone, and repeated keys are decoded once per client.
    records = [{"DOI": "10.5555/one", "title": ["One"], "type": "journal-article"}]
    with FakeCrossref(records) as server:
        settings = refenrich.CrossrefSettings(base_url=server.url)
        with refenrich.CrossrefClient(settings, cache=SQLiteCache(tmp_path / "c.db")) as client:
            assert client.get_work("10.5555/one") is not None
            assert client.get_work("10.5555/nothing") is None
            assert len(client.search_works("One")) == 1
    cache = SQLiteCache(tmp_path / "c.db")
    with refenrich.CrossrefClient(settings, cache=cache) as client:
        for _ in range(3):
            work = client.get_work("10.5555/one")
            assert work is not None
            assert work.title == "One"
            assert client.get_work("10.5555/nothing") is None
            found = client.search_works("One")
            assert [w.doi for w in found] == ["10.5555/one"]
            found.clear()  # a caller's list is its own
        assert client.traffic.requests == 0
        assert client.traffic.cache_hits == 9


def test_decoded_form_round_trips() -> None:
    from refenrich.crossref.protocol import WORK_CODEC, WORK_LIST_CODEC
    from refenrich.crossref.schema import parse_work_message, to_work
    from refenrich.testing.samples import sample_works

    works = [to_work(parse_work_message(record)) for record in sample_works()]
    assert WORK_LIST_CODEC.load(WORK_LIST_CODEC.dump(works)) == works
    for work in works:
        assert WORK_CODEC.load(WORK_CODEC.dump(work)) == work
    assert WORK_CODEC.load(WORK_CODEC.dump(None)) is None


def test_decoded_form_is_used_and_versioned(tmp_path: Path) -> None:
    import sqlite3

    from refenrich.crossref.protocol import WORK_CODEC

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:  # a file from before the decoded columns
        db.execute(
            "CREATE TABLE responses (key TEXT PRIMARY KEY, status INTEGER NOT NULL, "
            "content_type TEXT NOT NULL, body BLOB NOT NULL, stored_at REAL NOT NULL, "
            "expires_at REAL NOT NULL)"
        )
    db.close()
    records = [{"DOI": "10.5555/one", "title": ["One <i>title</i>"], "type": "book"}]
    with FakeCrossref(records) as server:
        settings = refenrich.CrossrefSettings(base_url=server.url)
        key = work_cache_key(settings, "10.5555/one")
        with refenrich.CrossrefClient(settings, cache=SQLiteCache(path)) as client:
            first = client.get_work("10.5555/one")
        entry = SQLiteCache(path).get(key)
        assert entry is not None
        assert entry.decoded_format == WORK_CODEC.format
        assert entry.decoded is not None
        assert WORK_CODEC.load(entry.decoded) == first
        # Another version's (or a damaged) decoded form is ignored: the body is read.
        with sqlite3.connect(path) as db:
            db.execute("UPDATE responses SET decoded = x'00', decoded_format = 'work/old'")
        db.close()
        with refenrich.CrossrefClient(settings, cache=SQLiteCache(path)) as client:
            assert client.get_work("10.5555/one") == first
            assert client.traffic.requests == 0
        entry = SQLiteCache(path).get(key)
        assert entry is not None
        assert entry.decoded_format == WORK_CODEC.format  # rewritten for this version
    assert first is not None
    assert first.title == "One title"


def _write_many(path: str, prefix: str) -> None:
    cache = SQLiteCache(path)
    for n in range(200):
        cache.put(f"{prefix}{n}", 200, "application/json", b"{}")
    cache.close()


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    SQLiteCache(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(path, p)) for p in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert len(SQLiteCache(path)) == 400


@pytest.fixture
def fake_crossref_records(example_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return example_records


def test_client_second_run_makes_no_request_and_db_has_no_secret(
    fake_crossref: FakeCrossref, example_records: list[dict[str, Any]], tmp_path: Path
) -> None:
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url, mailto=MAILTO, plus_token=TOKEN
    )
    dois = [record["DOI"] for record in example_records] + ["10.5555/not-there"]
    for _ in range(2):
        cache = SQLiteCache(tmp_path / "c.db")
        with refenrich.CrossrefClient(settings, cache=cache) as client:
            works = [client.get_work(doi) for doi in dois]
            client.search_works("co-production policy", rows=2)
        cache.close()
    assert works[-1] is None
    assert fake_crossref.stats.requests == len(dois) + 1  # the second run asked nothing
    assert client.traffic.cache_hits == len(dois) + 1
    for file in tmp_path.iterdir():
        data = file.read_bytes()
        assert MAILTO.encode() not in data
        assert TOKEN.encode() not in data
        assert b"secret.person" not in data


def test_errors_are_not_cached(fake_crossref: FakeCrossref, tmp_path: Path) -> None:
    from refenrich.testing import Fault

    fake_crossref.inject(Fault.INVALID_JSON, times=3)  # every attempt of the first look-up
    cache = SQLiteCache(tmp_path / "c.db")
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url,
        retry=refenrich.RetryPolicy(max_attempts=3, initial_wait=0.01, max_wait=0.02),
    )
    with refenrich.CrossrefClient(settings, cache=cache) as client:
        with pytest.raises(refenrich.ResponseValidationError):
            client.get_work("10.1111/gove.12365")
        assert client.get_work("10.1111/gove.12365") is not None
    assert fake_crossref.stats.requests == 4


def run_cli(args: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, environ=environ, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_cache_flags(fake_crossref: FakeCrossref, tmp_path: Path) -> None:
    text = tmp_path / "refs.txt"
    text.write_text(
        "Richardson, L. (2018) Why. Governance. https://doi.org/10.1111/gove.12365\n",
        encoding="utf-8",
    )
    environ = {"REFENRICH_CROSSREF_URL": fake_crossref.url, "REFENRICH_MAILTO": MAILTO}
    base = ["check", str(text), "--lines", "--cache-dir", str(tmp_path / "cache")]
    run_cli(base, environ)
    assert fake_crossref.stats.requests == 1
    _, _, err = run_cli(base, environ)
    assert fake_crossref.stats.requests == 1  # from the cache
    assert "1 from cache" in err
    run_cli([*base, "--refresh"], environ)
    assert fake_crossref.stats.requests == 2
    run_cli([*base, "--no-cache"], environ)
    assert fake_crossref.stats.requests == 3
    assert MAILTO not in err
    assert httpx.URL(fake_crossref.url).host == "127.0.0.1"


def test_a_file_with_another_responses_table_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "crossref.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE responses (key TEXT, note TEXT)")
    db.close()
    with pytest.raises(sqlite3.DatabaseError, match="not refenrich's cache"):
        SQLiteCache(path)
